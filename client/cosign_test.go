package client_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/client/clienttest"
	"github.com/emrchain/emrchain/contracts"
)

// cosignDraft seals a record for the patient with its key sealed to the named guardians too, and
// sends it through the draft file format, as `record put --draft-out` does.
func cosignDraft(t *testing.T, w *clienttest.World, text string, recordID *[32]byte, guardians ...string) (*client.Draft, []byte, []byte) {
	t.Helper()
	var cosigners []common.Address
	for _, g := range guardians {
		cosigners = append(cosigners, w.ID(g).Address())
	}
	d, err := w.Env.SealRecord(context.Background(), w.ID("doctor"), w.ID("patient").Address(), bytes.NewReader([]byte(text)), recordID,
		client.SealOptions{Cosigners: cosigners})
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
	back, backSig, err := w.Env.DecodeDraft(enc)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Cosigners) != len(guardians) {
		t.Fatalf("the draft file carries %d co-signers, want %d", len(back.Cosigners), len(guardians))
	}
	return back, backSig, enc
}

// A guardian with the co-sign scope approves a draft whose key the author sealed to it: its
// client builds the network capsule and no capsule of the patient's seed, the chain takes the
// guardian's signature and notes it, and the patient later gives the version its capsule from the
// draft, after which her own reads work. Who is not a co-signing guardian, or is one the draft was
// not sealed to, cannot approve; one who loses the scope before submission is refused on chain.
func TestGuardianCosign(t *testing.T) {
	w := clienttest.New(t, 3)
	w.NewCommittee(t, 2, 3)
	ctx := context.Background()
	patient, guardian, granter, late := w.ID("patient"), w.ID("researcher"), w.ID("insurer"), w.ID("doctor-b")
	year := time.Now().Add(365 * 24 * time.Hour)
	if _, err := w.Env.SetGuardian(ctx, patient, guardian.Address(), client.ScopeCosign|client.ScopeGrant, year); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Env.SetGuardian(ctx, patient, granter.Address(), client.ScopeGrant, year); err != nil {
		t.Fatal(err)
	}
	if got, err := w.Env.CosigningGuardians(ctx, patient.Address()); err != nil || len(got) != 1 || got[0] != guardian.Address() {
		t.Fatalf("co-signing guardians: %v, %v", got, err)
	}
	// The author cannot seal to a guardian without the co-sign scope.
	if _, err := w.Env.SealRecord(ctx, w.ID("doctor"), patient.Address(), strings.NewReader(plaintext), nil,
		client.SealOptions{Cosigners: []common.Address{granter.Address()}}); !errors.Is(err, client.ErrCannotCosign) {
		t.Fatalf("sealing to a guardian without the co-sign scope: %v", err)
	}

	d, sig, _ := cosignDraft(t, w, plaintext, nil, "researcher")
	// A co-signing guardian named after the draft was sealed has no key in it.
	if _, err := w.Env.SetGuardian(ctx, patient, late.Address(), client.ScopeCosign, year); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.Env.Approve(ctx, late, d, client.ApproveOptions{}); !errors.Is(err, client.ErrNotForYou) {
		t.Fatalf("a guardian the draft was not sealed to approved it: %v", err)
	}
	if _, _, err := w.Env.Approve(ctx, granter, d, client.ApproveOptions{}); !errors.Is(err, client.ErrCannotCosign) {
		t.Fatalf("a guardian without the co-sign scope approved: %v", err)
	}

	var seen bytes.Buffer
	a, rv, err := w.Env.Approve(ctx, guardian, d, client.ApproveOptions{Plaintext: &seen})
	if err != nil {
		t.Fatal(err)
	}
	if seen.String() != plaintext || rv.Guardian != guardian.Address() || !rv.NetworkCapsule {
		t.Fatalf("the guardian's review: %q, %+v", seen.String(), rv)
	}
	if a.Fields.CapsuleHash != ([32]byte{}) || len(a.Fields.CapsuleRef) != 0 || a.Fields.Flags&contracts.FlagNetworkCapsule == 0 || a.Fields.GateHash == ([32]byte{}) {
		t.Fatalf("the guardian's approval: %+v", a.Fields)
	}
	// The approval file names the guardian; read back, it checks against the guardian's key, and
	// relabelled as the patient's it does not.
	enc, err := client.EncodeApproval(d, a)
	if err != nil {
		t.Fatal(err)
	}
	back, err := w.Env.DecodeApproval(d, enc)
	if err != nil || back.Signer != guardian.Address() {
		t.Fatalf("approval file: %v, %+v", err, back)
	}
	asPatient := bytes.Replace(enc, []byte(`"cosigningGuardian": "`+strings.ToLower(guardian.Address().Hex())+`",`), nil, 1)
	if bytes.Equal(asPatient, enc) {
		t.Fatal("test did not remove the guardian from the approval")
	}
	if _, err := w.Env.DecodeApproval(d, asPatient); !errors.Is(err, client.ErrBadApproval) {
		t.Fatalf("a guardian's approval passed as the patient's: %v", err)
	}
	if _, err := w.Env.SubmitRecord(ctx, w.ID("doctor"), d, sig, back); err != nil {
		t.Fatal(err)
	}
	rec, err := w.Env.Record(ctx, d.RecordID)
	if err != nil || len(rec.CapsuleRef) != 0 || rec.Flags&contracts.FlagNetworkCapsule == 0 {
		t.Fatalf("record on chain: %+v, %v", rec, err)
	}
	it, err := bind.FilterEvents(w.Env.Set.Records.BoundContract, &bind.FilterOpts{Context: ctx},
		w.Env.Set.Records.ABI.UnpackVersionCosignedByGuardianEvent, []any{d.RecordID})
	if err != nil {
		t.Fatal(err)
	}
	if !it.Next() {
		t.Fatalf("no VersionCosignedByGuardian event (%v)", it.Error())
	}
	if ev := it.Value(); ev.Guardian != guardian.Address() || ev.Version != 1 || ev.Patient != patient.Address() {
		t.Fatalf("VersionCosignedByGuardian: %+v", ev)
	}

	// The patient has no capsule to read it with, until she adds one from the draft.
	if _, err := w.Env.DataKeyFromCapsule(ctx, patient, d.RecordID); !errors.Is(err, client.ErrNoPatientCapsule) {
		t.Fatalf("the patient's read of a version without her capsule: %v", err)
	}
	if _, err := w.Env.Rewrap(ctx, patient, d.RecordID, client.RewrapOptions{}); !errors.Is(err, client.ErrNoPatientCapsule) {
		t.Fatalf("rewrap without the draft: %v", err)
	}
	r, err := w.Env.Rewrap(ctx, patient, d.RecordID, client.RewrapOptions{Draft: d})
	if err != nil {
		t.Fatal(err)
	}
	if !r.FromDraft || r.Generation != 1 {
		t.Fatalf("rewrap from the draft: %+v", r)
	}
	if got := readAsPatient(t, w, d.RecordID); got != plaintext {
		t.Fatalf("the patient read %q after adding her capsule", got)
	}
	// Once it has a capsule, the draft is not needed and not taken.
	if _, err := w.Env.Rewrap(ctx, patient, d.RecordID, client.RewrapOptions{Draft: d}); err == nil || !strings.Contains(err.Error(), "has its capsule already") {
		t.Fatalf("rewrap with a draft of a version that has its capsule: %v", err)
	}

	// Approved, then the guardian loses the scope before submission: the chain refuses, and the
	// error says why.
	id := d.RecordID
	d2, sig2, _ := cosignDraft(t, w, plaintext+"\naddendum", &id, "researcher")
	a2, _, err := w.Env.Approve(ctx, guardian, d2, client.ApproveOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Env.SetGuardian(ctx, patient, guardian.Address(), client.ScopeGrant, year); err != nil {
		t.Fatal(err)
	}
	_, err = w.Env.SubmitRecord(ctx, w.ID("doctor"), d2, sig2, a2)
	if !errors.Is(err, contracts.ErrReverted) || !strings.Contains(err.Error(), "may no longer co-sign for patient") || !strings.Contains(err.Error(), "InvalidPatientSignature") {
		t.Fatalf("submitting the approval of a guardian who lost the co-sign scope: %v", err)
	}
	// A draft of a guardian-co-signed version is no good for a version the patient approved.
	if _, err := w.Env.Rewrap(ctx, patient, id, client.RewrapOptions{Draft: d2}); err == nil {
		t.Fatal("rewrap took a draft of a version not on chain")
	}
}

// A draft's sealed key is bound to its recipient: relabelled as another co-signer's it does not
// open, even for an identity with the same transport key; a tampered key does not open; an
// identity the draft names nowhere is told so; a format-1 draft is refused in one line.
func TestDraftKeyBoundToRecipient(t *testing.T) {
	w := clienttest.New(t, 0)
	ctx := context.Background()
	patient, guardian, other := w.ID("patient"), w.ID("researcher"), w.ID("doctor-b")
	year := time.Now().Add(365 * 24 * time.Hour)
	for _, g := range []*client.Identity{guardian, other} {
		if _, err := w.Env.SetGuardian(ctx, patient, g.Address(), client.ScopeCosign, year); err != nil {
			t.Fatal(err)
		}
	}
	d, _, enc := cosignDraft(t, w, plaintext, nil, "researcher", "doctor-b")
	for _, id := range []*client.Identity{patient, guardian, other} {
		k, err := d.OpenKey(id)
		if err != nil {
			t.Fatalf("%s opens the draft's key: %v", id.Name, err)
		}
		if k == ([32]byte{}) {
			t.Fatal("zero key")
		}
	}
	// other's account with the guardian's transport key: the guardian's sealed key, relabelled
	// as other's, does not open.
	twin := *other
	twin.Transport = guardian.Transport
	relabelled := *d
	relabelled.Cosigners = []client.SealedKey{{Guardian: other.Address(), Key: d.Cosigners[0].Key}}
	if _, err := relabelled.OpenKey(&twin); err == nil {
		t.Fatal("a key sealed to one guardian opened as another's")
	}
	tampered := *d
	tampered.Cosigners = []client.SealedKey{{Guardian: guardian.Address(), Key: append([]byte{}, d.Cosigners[0].Key...)}}
	tampered.Cosigners[0].Key[len(tampered.Cosigners[0].Key)-1] ^= 1
	if _, err := tampered.OpenKey(guardian); err == nil {
		t.Fatal("a tampered sealed key opened")
	}
	if _, err := d.OpenKey(w.ID("insurer")); !errors.Is(err, client.ErrNotForYou) {
		t.Fatalf("an identity the draft does not name: %v", err)
	}
	for _, bad := range []struct{ from, to, want string }{
		{`"format": 3`, `"format": 1`, "format 1, this version reads 2 and 3"},
		{`"format": 3`, `"format": 2`, "a format-2 draft carries no co-signers"},
		{`"guardian": "` + strings.ToLower(other.Address().Hex()), `"guardian": "` + strings.ToLower(patient.Address().Hex()), "is the patient or named twice"},
	} {
		b := bytes.Replace(enc, []byte(bad.from), []byte(bad.to), 1)
		if bytes.Equal(b, enc) {
			t.Fatalf("test did not replace %s", bad.from)
		}
		if _, _, err := w.Env.DecodeDraft(b); !errors.Is(err, client.ErrBadDraft) || !strings.Contains(err.Error(), bad.want) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("draft with %s: %v", bad.to, err)
		}
	}
}
