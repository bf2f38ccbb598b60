package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/client/clienttest"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/storage"
)

const plaintext = "2026-11-02 cardiology: stent placed, claim ACME-4471"

// put has the doctor seal a record for the patient, the patient's client approve it, and the
// doctor submit it.
func put(t *testing.T, w *clienttest.World, author string, text string, recordID *[32]byte, policy string) *client.Draft {
	t.Helper()
	ctx := context.Background()
	var opts client.SealOptions
	if policy != "" {
		p, err := cpabe.ParsePolicy(policy)
		if err != nil {
			t.Fatal(err)
		}
		opts.Policy = p
	}
	d, err := w.Env.SealRecord(ctx, w.ID(author), w.ID("patient").Address(), bytes.NewReader([]byte(text)), recordID, opts)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := d.Sign(w.ID(author))
	if err != nil {
		t.Fatal(err)
	}
	var seen bytes.Buffer
	a, rv, err := w.Env.Approve(ctx, w.ID("patient"), d, client.ApproveOptions{Plaintext: &seen})
	if err != nil {
		t.Fatal(err)
	}
	if seen.String() != text || rv.Opened.Signer != w.ID(author).Address() {
		t.Fatalf("the patient saw %q signed by %s", seen.String(), rv.Opened.Signer)
	}
	if _, err := w.Env.SubmitRecord(ctx, w.ID(author), d, sig, a); err != nil {
		t.Fatal(err)
	}
	return d
}

func readAsPatient(t *testing.T, w *clienttest.World, id [32]byte) string {
	t.Helper()
	ctx := context.Background()
	k, err := w.Env.DataKeyFromCapsule(ctx, w.ID("patient"), id)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if _, err := w.Env.ReadRecord(ctx, id, k, &got); err != nil {
		t.Fatal(err)
	}
	return got.String()
}

// A record goes from the doctor's seal through the patient's approval to the chain, and the
// patient reads it back with the per-record key her seed derives; a restored seed (the same 32
// bytes, as `keys restore` writes them) still opens it.
func TestRecordRoundTrip(t *testing.T) {
	w := clienttest.New(t, 0)
	d := put(t, w, "doctor", plaintext, nil, "")
	if got := readAsPatient(t, w, d.RecordID); got != plaintext {
		t.Fatalf("patient read %q", got)
	}
	rec, err := w.Env.Record(context.Background(), d.RecordID)
	if err != nil || rec.Version != 1 || rec.Provider != w.ID("doctor").Address() || len(rec.GateRef) != 0 {
		t.Fatalf("record on chain: %+v, %v", rec, err)
	}
	// An update is a new version with its own key.
	id := d.RecordID
	d2 := put(t, w, "doctor", plaintext+"\naddendum", &id, "")
	if d2.Version != 2 || readAsPatient(t, w, id) != plaintext+"\naddendum" {
		t.Fatal("update not read back")
	}
}

// The envelope's associated data binds patient, record id and version: the sealed record and
// its encrypted location of one version do not open as another version's, or another record's.
func TestRecordADBindsVersion(t *testing.T) {
	w := clienttest.New(t, 0)
	ctx := context.Background()
	d := put(t, w, "doctor", plaintext, nil, "")
	k, err := w.Env.DataKeyFromCapsule(ctx, w.ID("patient"), d.RecordID)
	if err != nil {
		t.Fatal(err)
	}
	patient := w.ID("patient").Address()
	other := d.RecordID
	other[0] ^= 1
	for _, ad := range [][]byte{client.RecordAD(patient, d.RecordID, 2), client.RecordAD(patient, other, 1), patient.Bytes()} {
		if _, err := envelope.OpenLocation(k, d.Input.EncryptedLocation, ad); err == nil {
			t.Fatalf("the location opened under associated data %x", ad)
		}
		if _, err := client.OpenFromStore(ctx, w.Env.Store, d.RecordCID, k, ad, d.Input.ContentHash, d.Provider, io.Discard, nil); err == nil {
			t.Fatalf("the sealed record opened under associated data %x", ad)
		}
	}
}

// The patient's client checks the proposed policy against the policy hash the provider signed
// before it builds anything or signs: a draft whose text was swapped for a broader policy after
// signing is refused, and so is a hash with no policy text.
func TestApproveRefusesPolicyMismatch(t *testing.T) {
	w := clienttest.New(t, 3)
	w.NewCommittee(t, 2, 3)
	ctx := context.Background()
	w.Attributes(t, "insurer", "role:insurer")
	w.Attributes(t, "researcher", "role:researcher")
	p, _ := cpabe.ParsePolicy("acme-insurance/role:insurer")
	d, err := w.Env.SealRecord(ctx, w.ID("doctor"), w.ID("patient").Address(), bytes.NewReader([]byte(plaintext)), nil, client.SealOptions{Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	sig, err := d.Sign(w.ID("doctor"))
	if err != nil {
		t.Fatal(err)
	}
	enc, err := w.Env.EncodeDraft(d, sig)
	if err != nil {
		t.Fatal(err)
	}
	broader := bytes.Replace(enc, []byte(`"policy": "acme-insurance/role:insurer"`), []byte(`"policy": "acme-insurance/role:insurer or acme-insurance/role:researcher"`), 1)
	if bytes.Equal(broader, enc) {
		t.Fatal("test did not alter the policy")
	}
	swapped, _, err := w.Env.DecodeDraft(broader)
	if err != nil {
		t.Fatal(err) // the provider's signature covers the hash, not the text
	}
	if _, _, err := w.Env.Approve(ctx, w.ID("patient"), swapped, client.ApproveOptions{}); !errors.Is(err, client.ErrPolicyMismatch) {
		t.Fatalf("approving a draft whose policy text differs from the signed hash: %v", err)
	}
	noText := *d
	noText.Policy = ""
	if _, _, err := w.Env.Approve(ctx, w.ID("patient"), &noText, client.ApproveOptions{}); !errors.Is(err, client.ErrPolicyMismatch) {
		t.Fatalf("approving a signed policy hash without its text: %v", err)
	}
	// The genuine draft is approved, with the policy in words.
	a, rv, err := w.Env.Approve(ctx, w.ID("patient"), d, client.ApproveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rv.PolicyWords != `readable, each time through an audited request, by anyone who holds role "insurer" from acme-insurance` {
		t.Fatalf("policy in words: %q", rv.PolicyWords)
	}
	if a.Fields.GateHash == ([32]byte{}) || a.Fields.CommitteeId == 0 {
		t.Fatalf("approval without a gate: %+v", a.Fields)
	}
}

// A policy naming an attribute no authority defined is refused when the record is sealed, with
// the namespaced name it probably meant.
func TestPolicyNamingUndefinedAttribute(t *testing.T) {
	w := clienttest.New(t, 0)
	w.Attributes(t, "insurer", "role:insurer")
	for _, text := range []string{"role:insurer", "acme-insurance/role:nurse"} {
		p, _ := cpabe.ParsePolicy(text)
		_, err := w.Env.SealRecord(context.Background(), w.ID("doctor"), w.ID("patient").Address(), bytes.NewReader([]byte("x")), nil, client.SealOptions{Policy: p})
		if !errors.Is(err, client.ErrUndefinedAttribute) {
			t.Fatalf("%q: %v", text, err)
		}
		if text == "role:insurer" && !bytes.Contains([]byte(err.Error()), []byte("did you mean acme-insurance/role:insurer")) {
			t.Fatalf("no hint: %v", err)
		}
	}
}

func TestDescribePolicy(t *testing.T) {
	for text, want := range map[string]string{
		"a/role:insurer or (b/role:doctor and b/dept:cardiology)": `either role "insurer" from a or (both role "doctor" from b and dept "cardiology" from b)`,
		"2 of (a/x:1, a/y:2, a/z:3)":                              `at least 2 of x "1" from a, y "2" from a and z "3" from a`,
	} {
		p, err := cpabe.ParsePolicy(text)
		if err != nil {
			t.Fatal(err)
		}
		got := client.DescribePolicy(p)
		if got != "readable, each time through an audited request, by anyone who holds "+want {
			t.Errorf("%q: %q", text, got)
		}
	}
}

// A grant through a 2-of-3 committee: the requester reads with two members' fragments, a use is
// spent, and the next get-access is refused when the uses are gone.
func TestGrantThroughCommittee(t *testing.T) {
	w := clienttest.New(t, 3)
	c := w.NewCommittee(t, 2, 3)
	c.Start(t)
	ctx := context.Background()
	d := put(t, w, "doctor", plaintext, nil, "")
	req, _, err := w.Env.RequestAccess(ctx, w.ID("doctor-b"), d.RecordID, client.OpRead, "treatment")
	if err != nil {
		t.Fatal(err)
	}
	g, err := w.Env.Grant(ctx, w.ID("patient"), req, client.GrantOptions{ValidFor: time.Hour, Operations: 1 << client.OpRead, MaxUses: 2})
	if err != nil {
		t.Fatal(err)
	}
	if g.Threshold != 2 || len(g.Members) != 3 || g.Committee != c.ID {
		t.Fatalf("granted %d-of-%v on committee %d", g.Threshold, g.Members, g.Committee)
	}
	for use := 1; use <= 2; use++ {
		var got bytes.Buffer
		inv, ans, _, err := w.Env.ReadGranted(clienttest.Wait(t), w.ID("doctor-b"), req, &got, client.AwaitOptions{Poll: 10 * time.Millisecond})
		if err != nil {
			t.Fatalf("use %d: %v", use, err)
		}
		if got.String() != plaintext || int(inv.UsesLeft) != 2-use || len(ans.Used) != 2 || len(ans.Faults) != 0 {
			t.Fatalf("use %d: read %q, %d uses left, %d fragments, faults %v", use, got.String(), inv.UsesLeft, len(ans.Used), ans.Faults)
		}
	}
	if _, err := w.Env.GetAccess(ctx, w.ID("doctor-b"), req); !errors.Is(err, contracts.Revert("GrantUsedUp")) {
		t.Fatalf("a third get-access on a 2-use grant: %v", err)
	}
	// Unknown purposes are refused before anything is sent.
	if _, _, err := w.Env.RequestAccess(ctx, w.ID("doctor-b"), d.RecordID, client.OpRead, "claim"); !errors.Is(err, client.ErrUnknownPurpose) {
		t.Fatalf("unknown purpose: %v", err)
	}
}

// A 3-of-5 grant with one member stopped and one answering wrongly: the wrong member is named and
// reported on chain, and the read completes from the three honest ones.
func TestGrantSurvivesFaults(t *testing.T) {
	w := clienttest.New(t, 5)
	c := w.NewCommittee(t, 3, 5)
	c.Nodes[1].Behaviour = clienttest.Down
	c.Nodes[3].Behaviour = clienttest.Wrong
	c.Start(t)
	ctx := context.Background()
	d := put(t, w, "doctor", plaintext, nil, "")
	req, _, err := w.Env.RequestAccess(ctx, w.ID("doctor-b"), d.RecordID, client.OpRead, "treatment")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Env.Grant(ctx, w.ID("patient"), req, client.GrantOptions{ValidFor: time.Hour, Operations: 1}); err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	_, ans, _, err := w.Env.ReadGranted(clienttest.Wait(t), w.ID("doctor-b"), req, &got, client.AwaitOptions{Poll: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != plaintext {
		t.Fatalf("read %q", got.String())
	}
	if len(ans.Faults) != 1 || ans.Faults[0].Member != 4 || ans.Faults[0].Node != w.Proxies[3].Address() {
		t.Fatalf("faults %+v, want member 4 named", ans.Faults)
	}
	if ans.Faults[0].Report == nil {
		t.Fatalf("the fault was not reported on chain: %v", ans.Faults[0].ReportErr)
	}
	st, err := w.Env.AnswerState(ctx, client.GateAccess, ans.AccessID)
	if err != nil || st.FaultMask != 1<<3 {
		t.Fatalf("fault mask on chain: %b, %v", st.FaultMask, err)
	}
}

// An attribute read goes through the committee: the insurer's read is an on-chain request the
// contract checks against its attributes, the committee's shares combine with its CP-ABE key;
// once the authority revokes the attribute, the next read is refused.
func TestAttributeRead(t *testing.T) {
	w := clienttest.New(t, 3)
	c := w.NewCommittee(t, 2, 3)
	c.Start(t)
	ctx := context.Background()
	ak := w.Attributes(t, "insurer", "role:insurer")
	rk := w.Attributes(t, "researcher", "role:researcher")
	d := put(t, w, "doctor", plaintext, nil, "acme-insurance/role:insurer")
	var got bytes.Buffer
	_, res, _, err := w.Env.ReadWithAttributes(clienttest.Wait(t), w.ID("insurer"), ak, d.RecordID, &got, client.ReadOptions{AwaitOptions: client.AwaitOptions{Poll: 10 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != plaintext || len(res.Attributes) != 1 || res.Attributes[0] != "acme-insurance/role:insurer" {
		t.Fatalf("read %q with attributes %v", got.String(), res.Attributes)
	}
	// The researcher holds a key but not the attribute: refused on chain.
	if _, err := w.Env.RequestRead(ctx, w.ID("researcher"), rk, d.RecordID, nil); !errors.Is(err, contracts.Revert("PolicyNotSatisfied")) {
		t.Fatalf("researcher's read: %v", err)
	}
	if _, err := w.Env.RevokeAttributes(ctx, w.ID("authority"), w.ID("insurer").Address(), "acme-insurance/role:insurer"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Env.RequestRead(ctx, w.ID("insurer"), ak, d.RecordID, nil); !errors.Is(err, contracts.Revert("PolicyNotSatisfied")) {
		t.Fatalf("read after the attribute was revoked: %v", err)
	}
}

// The patient deals her index key to the committee; an authorized requester finds the record
// through an audited token request; after its removal (a new epoch, a new key) it finds nothing.
func TestIndexThroughCommittee(t *testing.T) {
	w := clienttest.New(t, 3)
	c := w.NewCommittee(t, 2, 3)
	c.Start(t)
	ctx := context.Background()
	d := put(t, w, "doctor", plaintext, nil, "")
	if _, err := w.Env.SetupIndex(ctx, w.ID("patient"), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Env.IndexRecord(ctx, w.ID("patient"), d.RecordID, "cardiology", "Stent"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Env.AddRequesters(ctx, w.ID("patient"), w.ID("insurer").Address()); err != nil {
		t.Fatal(err)
	}
	res, err := w.Env.Search(clienttest.Wait(t), w.ID("insurer"), w.ID("patient").Address(), " stent ", client.AwaitOptions{Poll: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || len(res[0].Records) != 1 || res[0].Records[0] != d.RecordID {
		t.Fatalf("search found %+v", res)
	}
	if _, err := w.Env.Search(ctx, w.ID("researcher"), w.ID("patient").Address(), "stent", client.AwaitOptions{}); !errors.Is(err, contracts.Revert("NotRequester")) {
		t.Fatalf("an unauthorized search: %v", err)
	}
	if _, err := w.Env.RemoveRequester(ctx, w.ID("patient"), w.ID("insurer").Address(), 0); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Env.Search(ctx, w.ID("insurer"), w.ID("patient").Address(), "stent", client.AwaitOptions{}); !errors.Is(err, contracts.Revert("NotRequester")) {
		t.Fatalf("a removed requester's search: %v", err)
	}
}

// A patient writes a record herself: no provider signature, her approval alone.
func TestPatientAuthored(t *testing.T) {
	w := clienttest.New(t, 0)
	d := put(t, w, "patient", "my blood pressure diary", nil, "")
	rec, err := w.Env.Record(context.Background(), d.RecordID)
	if err != nil || rec.Provider != w.ID("patient").Address() || rec.Flags != contracts.FlagPatientAuthored {
		t.Fatalf("patient-authored record: %+v, %v", rec, err)
	}
	if readAsPatient(t, w, d.RecordID) != "my blood pressure diary" {
		t.Fatal("not read back")
	}
}

// countingStore remembers which objects are pinned through it, so a test can see what a failed
// step left behind.
type countingStore struct {
	storage.Store
	kept map[cid.Cid]bool
}

func (s *countingStore) Put(ctx context.Context, r io.Reader, opts ...storage.PutOption) (cid.Cid, error) {
	c, err := s.Store.Put(ctx, r, opts...)
	if err == nil {
		s.kept[c] = true
	}
	return c, err
}

func (s *countingStore) Remove(ctx context.Context, c cid.Cid) error {
	delete(s.kept, c)
	return s.Store.Remove(ctx, c)
}

func TestSealRefusesEmptyRecord(t *testing.T) {
	w := clienttest.New(t, 0)
	st := &countingStore{Store: w.Env.Store, kept: map[cid.Cid]bool{}}
	w.Env.Store = st
	// A reader whose size nobody knows up front, as a pipe's.
	_, err := w.Env.SealRecord(context.Background(), w.ID("doctor"), w.ID("patient").Address(), struct{ io.Reader }{bytes.NewReader(nil)}, nil, client.SealOptions{})
	if !errors.Is(err, client.ErrEmptyRecord) {
		t.Fatalf("sealing 0 bytes: %v, want ErrEmptyRecord", err)
	}
	if len(st.kept) != 0 {
		t.Fatalf("a refused empty record left %d objects in the store", len(st.kept))
	}
}
