package consentfhir

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/internal/fhircheck"
)

func sample() *Consent {
	return &Consent{
		ID:        7,
		Patient:   common.HexToAddress("0x9D7931abeD643809a67f6AF0eA50518785345B28"),
		Org:       [32]byte(crypto.Keccak256([]byte("org"))),
		OrgName:   "hospital-a",
		Role:      [32]byte(crypto.Keccak256([]byte("role"))),
		RoleName:  "hospital-a/role:gp",
		Category:  crypto.Keccak256Hash([]byte("laboratory")),
		NotBefore: time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC),
		NotAfter:  time.Date(2027, 12, 6, 10, 0, 0, 0, time.UTC),
		Given:     time.Date(2026, 12, 6, 10, 0, 5, 0, time.UTC),
	}
}

var names = Names{
	Org:       func(n string) [32]byte { return [32]byte(crypto.Keccak256([]byte("org:" + n))) },
	Attribute: func(n string) [32]byte { return [32]byte(crypto.Keccak256([]byte("attr:" + n))) },
	Category:  func(w string) [32]byte { return crypto.Keccak256Hash([]byte(w)) },
}

func TestExportIsValidFHIRAndParsesBack(t *testing.T) {
	c := sample()
	b, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	revoked := *c
	revoked.Revoked, revoked.Role = true, [32]byte{}
	rb, _ := Marshal(&revoked)
	var rv map[string]any
	_ = json.Unmarshal(rb, &rv)
	fhircheck.Validate(t, map[string]any{"consent": v, "revoked": rv})

	got, err := Parse(b, names)
	if err != nil {
		t.Fatal(err)
	}
	if got.Patient != c.Patient || got.Org != c.Org || got.Role != c.Role || got.Category != c.Category ||
		!got.NotBefore.Equal(c.NotBefore) || !got.NotAfter.Equal(c.NotAfter) || got.CategoryWord != "laboratory" {
		t.Fatalf("round trip: %+v, want %+v", got, c)
	}
	if !strings.Contains(string(rb), `"status": "inactive"`) {
		t.Fatalf("a revoked consent is exported as active:\n%s", rb)
	}
}

// A consent written elsewhere may name the organisation, role and category by name, and its
// period by dates; the category may sit in provision.code (as the indexer's contained Consents
// put it).
func TestParseNamesAndDates(t *testing.T) {
	doc := `{"resourceType":"Consent","status":"active",
	  "scope":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/consentscope","code":"patient-privacy"}]},
	  "category":[{"coding":[{"system":"http://loinc.org","code":"59284-0"}]}],
	  "provision":{"type":"permit","period":{"start":"2026-12-06","end":"2027-06-06"},
	    "actor":[{"role":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ParticipationType","code":"IRCP"},
	                                {"system":"urn:emrchain:attribute","code":"hospital-a/role:gp"}]},
	              "reference":{"type":"Organization","identifier":{"system":"urn:emrchain:org","value":"hospital-a"}}}],
	    "code":[{"coding":[{"system":"urn:emrchain:record-category","code":"vital-signs"}]}]}}`
	c, err := Parse([]byte(doc), names)
	if err != nil {
		t.Fatal(err)
	}
	if c.Org != names.Org("hospital-a") || c.Role != names.Attribute("hospital-a/role:gp") || c.Category != names.Category("vital-signs") ||
		!c.NotBefore.Equal(time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC)) || c.Patient != (common.Address{}) {
		t.Fatalf("parsed %+v", c)
	}
}

// What a standing consent cannot say is refused, never approximated.
func TestParseRefusesWhatTheChainCannotExpress(t *testing.T) {
	base, err := Marshal(sample())
	if err != nil {
		t.Fatal(err)
	}
	edit := func(f func(r *Resource)) []byte {
		var r Resource
		if err := json.Unmarshal(base, &r); err != nil {
			t.Fatal(err)
		}
		f(&r)
		b, _ := json.Marshal(r)
		return b
	}
	cases := map[string]struct {
		doc  []byte
		want string
	}{
		"deny":           {edit(func(r *Resource) { r.Provision.Type = "deny" }), "only permit"},
		"rejected":       {edit(func(r *Resource) { r.Status = "rejected" }), "status"},
		"two orgs":       {edit(func(r *Resource) { r.Provision.Actor = append(r.Provision.Actor, r.Provision.Actor[0]) }), "exactly one organisation"},
		"no org id":      {edit(func(r *Resource) { r.Provision.Actor[0].Reference.Identifier = nil }), "Organization identifier"},
		"open end":       {edit(func(r *Resource) { r.Provision.Period.End = "" }), "a start and an end"},
		"backwards":      {edit(func(r *Resource) { r.Provision.Period.End = "2020-01-01" }), "before it starts"},
		"no category":    {edit(func(r *Resource) { r.Provision.Class = nil }), "0 record categories"},
		"bad hex org":    {edit(func(r *Resource) { r.Provision.Actor[0].Reference.Identifier.Value = "0x1234" }), "32-byte hex"},
		"other action":   {edit(func(r *Resource) { r.Provision.Action[0].Coding[0].Code = "correct" }), "reading (access) only"},
		"bad patient":    {edit(func(r *Resource) { r.Patient.Identifier.Value = "nobody" }), "not an Ethereum address"},
		"not a consent":  {edit(func(r *Resource) { r.ResourceType = "Patient" }), "want \"Consent\""},
		"trailing":       {append(append([]byte{}, base...), []byte(" {}")...), "trailing data"},
		"bad start date": {edit(func(r *Resource) { r.Provision.Period.Start = "next week" }), "neither a date"},
	}
	for name, c := range cases {
		_, err := Parse(c.doc, names)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, c.want)
		}
	}
	if _, err := Parse(edit(func(r *Resource) { r.Provision.Type = "deny" }), names); !errors.Is(err, ErrUnsupported) {
		t.Errorf("a deny is not ErrUnsupported: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	base, _ := Marshal(sample())
	f.Add(base)
	f.Add([]byte(`{"resourceType":"Consent"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := Parse(b, names)
		if err != nil {
			return
		}
		// Whatever is accepted is a consent the chain can hold, and exports to one that parses
		// to the same terms.
		if !c.NotAfter.After(c.NotBefore) || c.Org == ([32]byte{}) && c.OrgName == "" {
			t.Fatalf("accepted terms the chain refuses: %+v", c)
		}
		again, err := Parse(mustMarshal(t, c), names)
		if err != nil || again.Org != c.Org || again.Role != c.Role || again.Category != c.Category ||
			!again.NotBefore.Equal(c.NotBefore) || !again.NotAfter.Equal(c.NotAfter) {
			t.Fatalf("re-export of %+v parses to %+v (%v)", c, again, err)
		}
	})
}

func mustMarshal(t *testing.T, c *Consent) []byte {
	b, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
