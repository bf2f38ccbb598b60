package proxy

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/oracle/answer"
	"github.com/emrchain/emrchain/oracle/chain"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
)

type fakeChain struct {
	access  bindings.IAccessLedgerAccess
	live    bool
	sel     [4]byte
	record  bindings.IRecordRegistryRecord
	status  uint8
	readErr error
}

func (f *fakeChain) Access(context.Context, uint64) (bindings.IAccessLedgerAccess, error) {
	return f.access, f.readErr
}
func (f *fakeChain) CheckGrant(context.Context, uint64) (bool, [4]byte, error) {
	return f.live, f.sel, nil
}
func (f *fakeChain) Record(context.Context, [32]byte) (bindings.IRecordRegistryRecord, error) {
	return f.record, nil
}
func (f *fakeChain) RoleOf(context.Context, common.Address) (uint8, uint8, error) {
	return chain.RoleRequester, f.status, nil
}

type fakeGrants struct {
	ref        []byte
	commitment [32]byte
}

func (g *fakeGrants) Grant(context.Context, uint64) ([]byte, [32]byte, error) {
	return g.ref, g.commitment, nil
}

type fixture struct {
	h         *Handler
	chain     *fakeChain
	grants    *fakeGrants
	store     storage.Store
	requester *pre.PrivateKey
	dataKey   [32]byte
	req       Request
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	store, err := embedded.Open(t.TempDir(), embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	patient, _ := pre.GenerateKey(nil)
	requesterKey, _ := pre.GenerateKey(nil)
	proxyKey, _ := transport.GenerateKey(nil)
	f := &fixture{store: store, requester: requesterKey, dataKey: [32]byte{1, 2, 3}}
	f.req = Request{AccessID: 4, RequestID: 3, Requester: common.Address{0xaa}, RecordID: [32]byte{5}, Version: 2}
	ct, _ := pre.Encrypt(nil, patient.Public(), f.dataKey)
	ctBytes, _ := ct.MarshalBinary()
	rk, _ := pre.ReKeyGen(nil, patient, requesterKey.Public())
	rkBytes, _ := rk.MarshalBinary()
	aad := append(append([]byte{}, f.req.RecordID[:]...), f.req.Requester[:]...)
	blob, err := transport.Seal(proxyKey.Public(), []byte(RekeyInfo), rkBytes, aad)
	if err != nil {
		t.Fatal(err)
	}
	f.grants = &fakeGrants{ref: f.put(t, blob), commitment: contracts.RekeyCommitment(sha256.Sum256(rkBytes), f.req.Requester, f.req.RecordID, f.req.Version)}
	f.chain = &fakeChain{
		access: bindings.IAccessLedgerAccess{RequestId: 3, Status: chain.AccessPending, Version: 2},
		live:   true,
		record: bindings.IRecordRegistryRecord{Version: 2, Status: 1, WrappedKeyRef: f.put(t, ctBytes)},
		status: chain.StatusActive,
	}
	f.h = New(f.grants, store, proxyKey)
	return f
}

func (f *fixture) put(t *testing.T, b []byte) []byte {
	t.Helper()
	c, err := f.store.Put(context.Background(), bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return c.Bytes()
}

func TestConvert(t *testing.T) {
	f := newFixture(t)
	a, err := f.h.Handle(context.Background(), f.chain, f.req)
	if err != nil || a.Rejected() {
		t.Fatalf("%+v %v", a, err)
	}
	c, _ := cid.Cast(a.Ref)
	obj, err := f.store.Get(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(obj)
	obj.Close()
	if sha256.Sum256(b) != a.Hash {
		t.Fatal("hash does not match the stored result")
	}
	var rct pre.ReCiphertext
	if err := rct.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if k, err := f.requester.DecryptReEncrypted(&rct); err != nil || k != f.dataKey {
		t.Fatalf("requester cannot recover the data key: %v", err)
	}
}

func TestAnswersAndRejections(t *testing.T) {
	grantRevoked := [4]byte(bindings.AccessLedgerGrantRevokedErrorID().Bytes()[:4])
	cases := map[string]struct {
		mutate func(t *testing.T, f *fixture)
		want   answer.Reason
	}{
		"grant revoked": {func(t *testing.T, f *fixture) { f.chain.live, f.chain.sel = false, grantRevoked }, answer.GrantNotLive},
		"requester suspended": {func(t *testing.T, f *fixture) {
			f.chain.live, f.chain.sel, f.chain.status = false, requesterNotActive, chain.StatusSuspended
		}, answer.RequesterSuspended},
		"requester removed": {func(t *testing.T, f *fixture) {
			f.chain.live, f.chain.sel, f.chain.status = false, requesterNotActive, chain.StatusRemoved
		}, answer.RequesterNotEnrolled},
		"record superseded":     {func(t *testing.T, f *fixture) { f.chain.record.Version = 3 }, answer.GrantNotLive},
		"record deleted":        {func(t *testing.T, f *fixture) { f.chain.record.Status = 2 }, answer.GrantNotLive},
		"commitment differs":    {func(t *testing.T, f *fixture) { f.grants.commitment[0] ^= 1 }, answer.RekeyMismatch},
		"rekey ref not a CID":   {func(t *testing.T, f *fixture) { f.grants.ref = []byte("x") }, answer.MalformedRekey},
		"rekey blob too large":  {func(t *testing.T, f *fixture) { f.grants.ref = f.put(t, make([]byte, maxRekeyBlob+1)) }, answer.MalformedRekey},
		"capsule too large":     {func(t *testing.T, f *fixture) { f.chain.record.WrappedKeyRef = f.put(t, make([]byte, maxCapsule+1)) }, answer.MalformedCapsule},
		"capsule ref not a CID": {func(t *testing.T, f *fixture) { f.chain.record.WrappedKeyRef = []byte{1} }, answer.MalformedCapsule},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			c.mutate(t, f)
			a, err := f.h.Handle(context.Background(), f.chain, f.req)
			if err != nil || a.Reason != c.want {
				t.Fatalf("got %+v %v, want %s", a, err, c.want)
			}
		})
	}
}

func TestNothingToAnswer(t *testing.T) {
	for name, c := range map[string]struct {
		mutate func(f *fixture)
		want   error
	}{
		"fulfilled":     {func(f *fixture) { f.chain.access.Status = chain.AccessFulfilled }, answer.ErrAnswered},
		"rejected":      {func(f *fixture) { f.chain.access.Status = chain.AccessRejected }, answer.ErrAnswered},
		"not on chain":  {func(f *fixture) { f.chain.access = bindings.IAccessLedgerAccess{} }, answer.ErrStale},
		"other request": {func(f *fixture) { f.chain.access.RequestId = 99 }, answer.ErrStale},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			c.mutate(f)
			if _, err := f.h.Handle(context.Background(), f.chain, f.req); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
}

// TestStoreFailures: IPFS faults are retried, never answered, except a missing object, which
// the caller turns into MISSING_OBJECT after its retries.
func TestStoreFailures(t *testing.T) {
	for name, c := range map[string]struct {
		err  error
		want error
	}{
		"missing":     {storage.ErrNotFound, answer.ErrMissingObject},
		"unavailable": {storage.ErrUnavailable, storage.ErrUnavailable},
		"integrity":   {storage.ErrIntegrity, storage.ErrIntegrity},
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			f.h.store = brokenStore{Store: f.store, err: c.err}
			a, err := f.h.Handle(context.Background(), f.chain, f.req)
			if !errors.Is(err, c.want) || a.Rejected() {
				t.Fatalf("got %+v %v, want %v", a, err, c.want)
			}
		})
	}
}

type brokenStore struct {
	storage.Store
	err error
}

func (b brokenStore) Get(context.Context, cid.Cid) (storage.Object, error) { return nil, b.err }
