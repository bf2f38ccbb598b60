package client_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/crypto/sse"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/simulated"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/ipfs/go-cid"
)

type world struct {
	env                                                 *client.Env
	msk                                                 *cpabe.MasterKey
	admin, patient, doctor, insurer, researcher, issuer *client.Identity
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	names := []string{"admin", "patient", "doctor", "insurer", "researcher", "issuer"}
	var accounts []simulated.Account
	ids := map[string]*client.Identity{}
	for _, n := range names {
		a := simulated.DevAccount("client-test/" + n)
		accounts = append(accounts, a)
		id, err := client.NewIdentity(n, a.Key, nil)
		if err != nil {
			t.Fatal(err)
		}
		ids[n] = id
	}
	chain := simulated.NewChain(accounts)
	t.Cleanup(func() { chain.Close() })
	m, err := deploy.Deploy(ctx, chain.Client, accounts[0].Opts(chain.ChainID), accounts[0].Address)
	if err != nil {
		t.Fatal(err)
	}
	store, err := embedded.Open(t.TempDir(), embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	pk, msk, err := cpabe.Setup(nil)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{
		env: &client.Env{Backend: chain.Client, Set: contracts.Bind(chain.Client, m.Addresses()), Store: store, ChainID: chain.ChainID, ABIPublicKey: pk},
		msk: msk, admin: ids["admin"], patient: ids["patient"], doctor: ids["doctor"], insurer: ids["insurer"],
		researcher: ids["researcher"], issuer: ids["issuer"],
	}
	for _, e := range []struct {
		id   *client.Identity
		role uint8
		org  string
	}{
		{w.patient, client.RolePatient, ""}, {w.doctor, client.RoleProvider, "hospital-a"},
		{w.insurer, client.RoleRequester, "acme-insurance"}, {w.researcher, client.RoleRequester, "uni"},
		{w.issuer, client.RoleAttributeAuthority, "issuer"},
	} {
		if _, err := w.env.Enroll(ctx, w.admin, client.EnrollmentOf(e.id, e.role, e.org, e.id.Name)); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func (w *world) record(t *testing.T, plaintext []byte, recordID *[32]byte, policy string) *client.Draft {
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
	d, err := w.env.SealRecord(ctx, w.doctor, w.patient.Address(), bytes.NewReader(plaintext), recordID, opts)
	if err != nil {
		t.Fatal(err)
	}
	var seen bytes.Buffer
	patientSig, opened, err := w.env.CoSign(ctx, w.patient, d, &seen)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(seen.Bytes(), plaintext) || opened.Signer != w.doctor.Address() {
		t.Fatalf("patient saw %q signed by %s", seen.Bytes(), opened.Signer)
	}
	doctorSig, err := d.Sign(w.doctor)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.env.SubmitRecord(ctx, w.doctor, d, doctorSig, patientSig); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRecordIndexSearchRead walks seed 001's insurance-claim story on the client side: a record
// under a CP-ABE policy, its keywords indexed, the insurer searching and reading it.
func TestRecordIndexSearchRead(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	plaintext := []byte("2026-11-02 cardiology: stent placed, claim #4471")
	d := w.record(t, plaintext, nil, "role:insurer or dept:cardiology")

	// The patient reads with their own capsule.
	k, err := w.env.DataKeyFromCapsule(ctx, w.patient, d.RecordID)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if _, err := w.env.ReadRecord(ctx, d.RecordID, k, &got); err != nil || !bytes.Equal(got.Bytes(), plaintext) {
		t.Fatalf("patient read: %q, %v", got.Bytes(), err)
	}

	// Index and authorize.
	sk, err := sse.NewKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.env.IndexRecord(ctx, w.patient, sk, d.RecordID, "cardiology", "stent", "claim"); err != nil {
		t.Fatal(err)
	}
	if _, err := w.env.AddRequesters(ctx, w.patient, w.insurer.Address()); err != nil {
		t.Fatal(err)
	}
	searchPolicy, _ := cpabe.ParsePolicy("role:insurer")
	if _, err := w.env.PublishSearchKey(ctx, w.patient, sk, searchPolicy); err != nil {
		t.Fatal(err)
	}

	// The insurer, with a key for role:insurer, finds and reads the record.
	ak, err := w.msk.KeyGen(nil, []string{"role:insurer", "org:acme"})
	if err != nil {
		t.Fatal(err)
	}
	insurerKey, err := w.env.SearchKey(ctx, ak, w.patient.Address())
	if err != nil {
		t.Fatal(err)
	}
	ids, txs, err := w.env.Search(ctx, w.insurer, w.patient.Address(), insurerKey, "Stent ")
	if err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != d.RecordID || len(txs) != 1 {
		t.Fatalf("search found %x in %d txs, want record %x", ids, len(txs), d.RecordID)
	}
	if ids, _, _ := w.env.Search(ctx, w.insurer, w.patient.Address(), insurerKey, "oncology"); len(ids) != 0 {
		t.Fatalf("unindexed keyword found %d records", len(ids))
	}
	k2, err := w.env.DataKeyFromPolicy(ctx, ak, d.RecordID)
	if err != nil {
		t.Fatal(err)
	}
	got.Reset()
	opened, err := w.env.ReadRecord(ctx, d.RecordID, k2, &got)
	if err != nil || !bytes.Equal(got.Bytes(), plaintext) || opened.Signer != w.doctor.Address() {
		t.Fatalf("insurer read: %q, %v", got.Bytes(), err)
	}

	// The researcher's attributes fail the policy, and it is not an authorized searcher.
	rk, err := w.msk.KeyGen(nil, []string{"role:researcher"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.env.DataKeyFromPolicy(ctx, rk, d.RecordID); !errors.Is(err, cpabe.ErrPolicyNotSatisfied) {
		t.Fatalf("researcher unwrap: got %v, want ErrPolicyNotSatisfied", err)
	}
	if _, _, err := w.env.Search(ctx, w.researcher, w.patient.Address(), insurerKey, "stent"); !errors.Is(err, contracts.Revert("NotRequester")) {
		t.Fatalf("researcher search: got %v, want NotRequester", err)
	}
}

func TestUpdateCreatesLinkedVersion(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	d1 := w.record(t, []byte("v1"), nil, "")
	id := d1.RecordID
	d2 := w.record(t, []byte("v2: corrected dosage"), &id, "")
	if d2.Version != 2 || d2.RecordID != d1.RecordID {
		t.Fatalf("update gave version %d of %x", d2.Version, d2.RecordID)
	}
	rec, err := w.env.Record(ctx, id)
	if err != nil || rec.Version != 2 || rec.ContentHash != d2.Input.ContentHash {
		t.Fatalf("record after update: %+v, %v", rec, err)
	}
	k, err := w.env.DataKeyFromCapsule(ctx, w.patient, id)
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if _, err := w.env.ReadRecord(ctx, id, k, &got); err != nil || got.String() != "v2: corrected dosage" {
		t.Fatalf("read v2: %q, %v", got.String(), err)
	}
	// The old version's key no longer opens the current record.
	if _, err := w.env.ReadRecord(ctx, id, [32]byte{1}, io.Discard); err == nil {
		t.Fatal("a wrong data key opened the record")
	}
}

func TestCoSignRefusesTamperedDraft(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	d, err := w.env.SealRecord(ctx, w.doctor, w.patient.Address(), bytes.NewReader([]byte("record")), nil, client.SealOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.Input.ContentHash[0] ^= 1
	if _, _, err := w.env.CoSign(ctx, w.patient, d, io.Discard); !errors.Is(err, envelope.ErrIntegrity) {
		t.Fatalf("co-sign of a tampered draft: got %v, want ErrIntegrity", err)
	}
	if _, _, err := w.env.CoSign(ctx, w.doctor, d, io.Discard); err == nil {
		t.Fatal("someone other than the patient co-signed")
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
	ctx := context.Background()
	w := newWorld(t)
	st := &countingStore{Store: w.env.Store, kept: map[cid.Cid]bool{}}
	w.env.Store = st
	// A reader whose size nobody knows up front, as a pipe's.
	_, err := w.env.SealRecord(ctx, w.doctor, w.patient.Address(), struct{ io.Reader }{bytes.NewReader(nil)}, nil, client.SealOptions{})
	if !errors.Is(err, client.ErrEmptyRecord) {
		t.Fatalf("sealing 0 bytes: %v, want ErrEmptyRecord", err)
	}
	if len(st.kept) != 0 {
		t.Fatalf("a refused empty record left %d objects in the store", len(st.kept))
	}
}

// A seal that fails after the sealed record and its capsule are stored takes them back: nothing
// will ever reference them.
func TestSealFailureLeavesNothing(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	st := &countingStore{Store: w.env.Store, kept: map[cid.Cid]bool{}}
	w.env.Store = st
	w.env.ABIPublicKey = nil // wrapping under the policy fails after the record and capsule are stored
	p, err := cpabe.ParsePolicy("role:insurer")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.env.SealRecord(ctx, w.doctor, w.patient.Address(), bytes.NewReader([]byte("record")), nil, client.SealOptions{Policy: p}); err == nil {
		t.Fatal("sealing under a policy without the CP-ABE public key succeeded")
	}
	if len(st.kept) != 0 {
		t.Fatalf("a failed seal left %d objects in the store", len(st.kept))
	}
}
