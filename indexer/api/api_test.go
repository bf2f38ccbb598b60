package api_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/api"
	"github.com/emrchain/emrchain/indexer/auth"
	"github.com/emrchain/emrchain/indexer/directory"
	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/indexer/store/storetest"
	"github.com/emrchain/emrchain/indexer/synth"
	"github.com/emrchain/emrchain/indexer/timeline"
)

type user struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

func newUser(t *testing.T) user {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return user{k, crypto.PubkeyToAddress(k.PublicKey)}
}

type env struct {
	t       *testing.T
	srv     *httptest.Server
	st      store.Store
	patient user
	logs    *bytes.Buffer
}

// newEnv serves a store holding 150 requester additions and one access request for a patient.
func newEnv(t *testing.T) *env {
	return newEnvWith(t, nil, func(c *synth.Chain, p user) {
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", p.addr, uint8(1), [32]byte{}, storetest.Registrar, [32]byte{}, [32]byte{}, []byte{})
		for i := range 150 {
			if i%10 == 0 {
				c.Block()
			}
			c.MustEmit(deploy.KeywordIndex, "RequesterAdded", p.addr, common.BigToAddress(big.NewInt(int64(i+1))))
		}
		c.MustEmit(deploy.AccessLedger, "AccessRequested", uint64(1), p.addr, storetest.Requester, storetest.RecordID, uint8(0), storetest.Purpose)
	})
}

// newEnvWith serves a store holding what story emits for a fresh patient, naming people from
// dir.
func newEnvWith(t *testing.T, dir *directory.Directory, story func(c *synth.Chain, p user)) *env {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "indexer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	p := newUser(t)
	c := synth.New(storetest.Addrs, 10, 1_700_000_000)
	story(c, p)
	r, _ := c.Take()
	if err := store.Follower(st).Apply(ctx, r); err != nil {
		t.Fatal(err)
	}
	a, err := auth.New(auth.Config{Domain: "indexer.test"})
	if err != nil {
		t.Fatal(err)
	}
	logs := &bytes.Buffer{}
	h := api.New(api.Config{Store: st, Auth: a, FHIR: fhir.Options{ChainID: 1337}, Directory: dir, Log: zerolog.New(logs)})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, st: st, patient: p, logs: logs}
}

func (e *env) do(method, path, token string, body any) (int, http.Header, []byte) {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

func (e *env) signIn(u user) string {
	e.t.Helper()
	code, _, body := e.do("POST", "/v1/auth/challenge", "", map[string]string{"address": u.addr.Hex()})
	if code != 200 {
		e.t.Fatalf("challenge: %d %s", code, body)
	}
	var ch struct{ Nonce, Message string }
	json.Unmarshal(body, &ch)
	sig, err := auth.Sign(u.key, ch.Message)
	if err != nil {
		e.t.Fatal(err)
	}
	code, _, body = e.do("POST", "/v1/auth/token", "", map[string]string{"address": u.addr.Hex(), "nonce": ch.Nonce, "signature": hexutil.Encode(sig)})
	if code != 200 {
		e.t.Fatalf("token: %d %s", code, body)
	}
	var tok struct{ Token string }
	json.Unmarshal(body, &tok)
	return tok.Token
}

type page struct {
	Patient string
	Entries []timeline.Entry
	Next    string
}

func (e *env) timeline(token, query string) (int, page) {
	e.t.Helper()
	code, _, body := e.do("GET", "/v1/patients/"+e.patient.addr.Hex()+"/timeline"+query, token, nil)
	var p page
	if code == 200 {
		if err := json.Unmarshal(body, &p); err != nil {
			e.t.Fatalf("decode page: %v\n%s", err, body)
		}
	}
	return code, p
}

func TestTimelineNeedsSignIn(t *testing.T) {
	e := newEnv(t)
	code, hdr, body := e.do("GET", "/v1/patients/"+e.patient.addr.Hex()+"/timeline", "", nil)
	if code != 401 || !strings.HasPrefix(hdr.Get("WWW-Authenticate"), "Bearer") {
		t.Fatalf("no token: %d %q %s", code, hdr.Get("WWW-Authenticate"), body)
	}
	if code, _ := e.timeline("garbage", ""); code != 401 {
		t.Fatalf("bad token: %d", code)
	}
	code, hdr, body = e.do("GET", "/fhir/AuditEvent?patient="+e.patient.addr.Hex(), "", nil)
	if code != 401 || hdr.Get("Content-Type") != "application/fhir+json" || !strings.Contains(string(body), `"OperationOutcome"`) {
		t.Fatalf("fhir without token: %d %s", code, body)
	}
}

func TestPatientReadsOwnTimelineInPages(t *testing.T) {
	e := newEnv(t)
	tok := e.signIn(e.patient)
	var all []timeline.Entry
	query := "?limit=60"
	for pages := 0; ; pages++ {
		code, p := e.timeline(tok, query)
		if code != 200 || p.Patient != e.patient.addr.Hex() {
			t.Fatalf("page %d: %d %+v", pages, code, p)
		}
		all = append(all, p.Entries...)
		if p.Next == "" {
			if pages != 2 {
				t.Fatalf("%d pages, want 3", pages+1)
			}
			break
		}
		query = "?limit=60&cursor=" + url.QueryEscape(p.Next)
	}
	want, _, err := e.st.Timeline(context.Background(), e.patient.addr, store.Filter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 152 || len(all) != len(want) {
		t.Fatalf("%d entries over HTTP, %d in the store", len(all), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(all[i], want[i]) {
			t.Fatalf("entry %d differs:\n%+v\n%+v", i, all[i], want[i])
		}
	}
	code, p := e.timeline(tok, "?action=access-requested,enrolled")
	if code != 200 || len(p.Entries) != 2 || p.Entries[0].Action != timeline.Enrolled || p.Entries[1].Purpose != storetest.Purpose {
		t.Fatalf("action filter: %d %+v", code, p)
	}
	code, p = e.timeline(tok, "?from="+url.QueryEscape("2023-11-14T22:15:20Z"))
	if code != 200 || len(p.Entries) != 61 { // blocks 20-25: ten additions each, and the request
		t.Fatalf("from filter: %d, %d entries", code, len(p.Entries))
	}
	for _, bad := range []string{"?from=yesterday", "?action=teleported", "?limit=0", "?limit=5000", "?cursor=%21%21"} {
		if code, _, body := e.do("GET", "/v1/patients/"+e.patient.addr.Hex()+"/timeline"+bad, tok, nil); code != 400 || !strings.Contains(string(body), `"error"`) {
			t.Fatalf("%s: %d %s", bad, code, body)
		}
	}
	if code, _, _ := e.do("GET", "/v1/patients/not-an-address/timeline", tok, nil); code != 400 {
		t.Fatalf("bad patient: %d", code)
	}
	if strings.Contains(e.logs.String(), strings.ToLower(e.patient.addr.Hex()[2:])) || strings.Contains(e.logs.String(), e.patient.addr.Hex()) {
		t.Fatal("access log names the patient")
	}
	if !strings.Contains(e.logs.String(), `"route":"GET /v1/patients/{address}/timeline"`) {
		t.Fatalf("access log lacks the route: %s", e.logs.String())
	}
}

func TestAuditorsAreAuthorizedByThePatient(t *testing.T) {
	e := newEnv(t)
	ptok := e.signIn(e.patient)
	auditor := newUser(t)
	atok := e.signIn(auditor)
	if code, _ := e.timeline(atok, ""); code != 403 {
		t.Fatalf("stranger read the timeline: %d", code)
	}
	path := "/v1/patients/" + e.patient.addr.Hex() + "/auditors"
	if code, _, _ := e.do("POST", path, atok, map[string]string{"auditor": auditor.addr.Hex()}); code != 403 {
		t.Fatalf("stranger authorized themselves: %d", code)
	}
	if code, _, body := e.do("POST", path, ptok, map[string]string{"auditor": auditor.addr.Hex()}); code != 201 {
		t.Fatalf("patient adds auditor: %d %s", code, body)
	}
	if code, p := e.timeline(atok, "?limit=5"); code != 200 || len(p.Entries) != 5 {
		t.Fatalf("auditor reads: %d %d", code, len(p.Entries))
	}
	code, _, body := e.do("GET", path, ptok, nil)
	if code != 200 || !strings.Contains(string(body), auditor.addr.Hex()) {
		t.Fatalf("list auditors: %d %s", code, body)
	}
	if code, _, _ := e.do("GET", path, atok, nil); code != 403 {
		t.Fatalf("auditor listed the patient's auditors: %d", code)
	}
	if code, _, _ := e.do("DELETE", path+"/"+auditor.addr.Hex(), atok, nil); code != 403 {
		t.Fatalf("auditor removed themselves from another's list: %d", code)
	}
	if code, _, _ := e.do("DELETE", path+"/"+auditor.addr.Hex(), ptok, nil); code != 204 {
		t.Fatalf("patient removes auditor: %d", code)
	}
	if code, _, _ := e.do("DELETE", path+"/"+auditor.addr.Hex(), ptok, nil); code != 404 {
		t.Fatalf("removing twice: %d", code)
	}
	if code, _ := e.timeline(atok, ""); code != 403 {
		t.Fatalf("removed auditor still reads: %d", code)
	}
	if code, _, _ := e.do("POST", path, ptok, map[string]any{"auditor": auditor.addr.Hex(), "extra": 1}); code != 400 {
		t.Fatalf("unknown field accepted: %d", code)
	}
}

func TestFHIRBundles(t *testing.T) {
	e := newEnv(t)
	tok := e.signIn(e.patient)
	for _, path := range []string{
		"/v1/patients/" + e.patient.addr.Hex() + "/timeline?format=fhir&limit=100",
		"/fhir/AuditEvent?patient=Patient/" + e.patient.addr.Hex() + "&limit=100",
	} {
		code, hdr, body := e.do("GET", path, tok, nil)
		if code != 200 || hdr.Get("Content-Type") != "application/fhir+json" {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		var b fhir.Bundle
		if err := json.Unmarshal(body, &b); err != nil {
			t.Fatal(err)
		}
		if b.Type != "searchset" || len(b.Entry) != 100 || len(b.Link) != 2 || b.Link[1].Relation != "next" {
			t.Fatalf("%s: bundle %d entries, links %+v", path, len(b.Entry), b.Link)
		}
		if !strings.HasPrefix(b.Entry[0].FullURL, e.srv.URL+"/fhir/AuditEvent/") || b.Entry[0].Resource.Source.Site != "eip155:1337" {
			t.Fatalf("%s: entry %+v", path, b.Entry[0])
		}
		next, err := url.Parse(b.Link[1].URL)
		if err != nil {
			t.Fatal(err)
		}
		code, _, body = e.do("GET", next.RequestURI(), tok, nil)
		if code != 200 {
			t.Fatalf("next link: %d %s", code, body)
		}
		var rest fhir.Bundle
		json.Unmarshal(body, &rest)
		if len(rest.Entry) != 52 || len(rest.Link) != 1 || rest.Entry[0].Resource.ID == b.Entry[0].Resource.ID {
			t.Fatalf("second page: %d entries, links %+v", len(rest.Entry), rest.Link)
		}
	}
	stranger := e.signIn(newUser(t))
	code, _, body := e.do("GET", "/fhir/AuditEvent?patient="+e.patient.addr.Hex(), stranger, nil)
	if code != 403 || !strings.Contains(string(body), `"forbidden"`) {
		t.Fatalf("stranger's FHIR search: %d %s", code, body)
	}
}

func TestSignInRefusals(t *testing.T) {
	e := newEnv(t)
	u := newUser(t)
	_, _, body := e.do("POST", "/v1/auth/challenge", "", map[string]string{"address": u.addr.Hex()})
	var ch struct{ Nonce, Message string }
	json.Unmarshal(body, &ch)
	sig, _ := auth.Sign(u.key, ch.Message)
	req := map[string]string{"address": u.addr.Hex(), "nonce": ch.Nonce, "signature": hexutil.Encode(sig)}
	if code, _, _ := e.do("POST", "/v1/auth/token", "", req); code != 200 {
		t.Fatalf("first redemption: %d", code)
	}
	if code, _, _ := e.do("POST", "/v1/auth/token", "", req); code != 401 {
		t.Fatalf("nonce redeemed twice: %d", code)
	}
	if code, _, _ := e.do("POST", "/v1/auth/challenge", "", map[string]string{"address": "0x12"}); code != 400 {
		t.Fatalf("bad address: %d", code)
	}
	if code, _, _ := e.do("POST", "/v1/auth/token", "", map[string]string{"address": u.addr.Hex(), "nonce": "x", "signature": "zz"}); code != 400 {
		t.Fatalf("bad signature encoding: %d", code)
	}
}

func TestStatus(t *testing.T) {
	e := newEnv(t)
	code, _, body := e.do("GET", "/v1/status", "", nil)
	if code != 200 || !strings.Contains(string(body), `"synced": true`) || !strings.Contains(string(body), `"block": 25`) {
		t.Fatalf("status: %d %s", code, body)
	}
}
