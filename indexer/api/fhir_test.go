package api_test

import (
	"encoding/json"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/internal/fhircheck"
)

// A FHIR client can use what the indexer serves: it finds the endpoint in the
// CapabilityStatement, searches with FHIR's own parameters, and every fullUrl of a bundle
// answers with that entry's resource. All of it passes an R4 validator.
func TestAFHIRClientCanFollowEveryFullURL(t *testing.T) {
	doctor, oracle, insurer := common.Address{0xd0}, common.Address{0x0c}, common.Address{0x1e}
	e := newEnvWith(t, nil, story(doctor, oracle, insurer))
	tok := e.signIn(e.patient)

	code, hdr, body := e.do("GET", "/fhir/metadata", "", nil)
	var cs map[string]any
	if err := json.Unmarshal(body, &cs); err != nil || code != 200 || hdr.Get("Content-Type") != "application/fhir+json" ||
		cs["resourceType"] != "CapabilityStatement" || cs["fhirVersion"] != fhir.Version {
		t.Fatalf("metadata: %d %s", code, body)
	}
	if u := cs["implementation"].(map[string]any)["url"]; u != e.srv.URL+"/fhir" {
		t.Fatalf("CapabilityStatement names base %v, want %s/fhir", u, e.srv.URL)
	}

	code, _, body = e.do("GET", "/fhir/AuditEvent?patient=Patient/"+e.patient.addr.Hex()+"&_count=4", tok, nil)
	if code != 200 {
		t.Fatalf("search: %d %s", code, body)
	}
	var page1 map[string]any
	_ = json.Unmarshal(body, &page1)
	var b fhir.Bundle
	if err := json.Unmarshal(body, &b); err != nil {
		t.Fatal(err)
	}
	if len(b.Entry) != 4 || len(b.Link) != 2 {
		t.Fatalf("_count=4: %d entries, links %+v", len(b.Entry), b.Link)
	}
	read := map[string]any{}
	for _, be := range b.Entry {
		u, err := url.Parse(be.FullURL)
		if err != nil || u.Scheme+"://"+u.Host != e.srv.URL {
			t.Fatalf("fullUrl %q is not on this server", be.FullURL)
		}
		code, hdr, body := e.do("GET", u.RequestURI(), tok, nil)
		if code != 200 || hdr.Get("Content-Type") != "application/fhir+json" {
			t.Fatalf("GET %s: %d %s", be.FullURL, code, body)
		}
		var got fhir.AuditEvent
		if err := json.Unmarshal(body, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(&got, be.Resource) {
			t.Fatalf("GET %s answers another resource than the bundle's entry:\n%+v\n%+v", be.FullURL, got, *be.Resource)
		}
		var raw map[string]any
		_ = json.Unmarshal(body, &raw)
		read["read-"+be.Resource.ID] = raw
	}

	// The patient's grant: a contained Consent with the window as a period, read as "access".
	code, _, body = e.do("GET", "/fhir/AuditEvent?patient="+e.patient.addr.Hex()+"&subtype="+url.QueryEscape(fhir.SystemAction+"|access-granted"), tok, nil)
	var grants fhir.Bundle
	_ = json.Unmarshal(body, &grants)
	if code != 200 || len(grants.Entry) != 1 || len(grants.Entry[0].Resource.Contained) != 1 {
		t.Fatalf("subtype search: %d %s", code, body)
	}
	c := grants.Entry[0].Resource.Contained[0]
	if c.Provision.Period == nil || c.Provision.Period.End != "2027-01-15T08:00:00Z" || c.Provision.Action[0].Coding[0].Code != "access" {
		t.Fatalf("grant consent %+v", c.Provision)
	}
	var grantsRaw map[string]any
	_ = json.Unmarshal(body, &grantsRaw)

	// date with FHIR's prefixes: the story's second block onwards, then before it.
	for q, want := range map[string]int{"date=ge2023-11-14T22:13:32Z": 9, "date=lt2023-11-14T22:13:32Z": 1, "date=ge2023-11-14&date=le2023-11-14": 10, "date=gt2023-11-14": 0} {
		code, _, body := e.do("GET", "/fhir/AuditEvent?patient="+e.patient.addr.Hex()+"&"+q, tok, nil)
		var got fhir.Bundle
		_ = json.Unmarshal(body, &got)
		if code != 200 || len(got.Entry) != want {
			t.Errorf("%s: %d, %d entries, want %d", q, code, len(got.Entry), want)
		}
	}
	for _, q := range []string{"date=2023-11-14", "date=geyesterday", "subtype=" + url.QueryEscape("http://other|x"), "subtype=teleported", "_count=0"} {
		if code, hdr, body := e.do("GET", "/fhir/AuditEvent?patient="+e.patient.addr.Hex()+"&"+q, tok, nil); code != 400 ||
			hdr.Get("Content-Type") != "application/fhir+json" || !strings.Contains(string(body), `"OperationOutcome"`) {
			t.Errorf("%s: %d %s", q, code, body)
		}
	}

	// Only the patient and the patient's auditors read an event; a missing one is a FHIR 404.
	id := b.Entry[0].Resource.ID
	if code, _, _ := e.do("GET", "/fhir/AuditEvent/"+id, e.signIn(newUser(t)), nil); code != 403 {
		t.Fatalf("stranger reads %s: %d", id, code)
	}
	if code, _, _ := e.do("GET", "/fhir/AuditEvent/"+id, "", nil); code != 401 {
		t.Fatalf("anonymous reads %s: %d", id, code)
	}
	for path, want := range map[string]int{"/fhir/AuditEvent/999-0": 404, "/fhir/AuditEvent/ten-one": 400, "/fhir/AuditEvent/1-99999999999": 400} {
		if code, _, body := e.do("GET", path, tok, nil); code != want || !strings.Contains(string(body), `"OperationOutcome"`) {
			t.Errorf("%s: %d %s, want %d", path, code, body, want)
		}
	}

	read["metadata"], read["search"], read["grants"] = cs, page1, grantsRaw
	fhircheck.Validate(t, read)
}
