package keys

import (
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/oracle/answer"
	"github.com/emrchain/emrchain/oracle/chain"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
)

// fakeChain is a registry state the real contracts cannot always produce (an attribute id with
// no name), set field by field.
type fakeChain struct {
	req     bindings.IKeyIssuerKeyRequest
	part    bindings.IRegistryParticipant
	ids     [][32]byte
	hash    [32]byte
	names   map[[32]byte]string
	readErr error
}

func (f *fakeChain) KeyRequest(context.Context, uint64) (bindings.IKeyIssuerKeyRequest, error) {
	return f.req, f.readErr
}
func (f *fakeChain) Participant(context.Context, common.Address) (bindings.IRegistryParticipant, error) {
	return f.part, nil
}
func (f *fakeChain) AttributesOf(context.Context, common.Address) ([][32]byte, error) {
	return f.ids, nil
}
func (f *fakeChain) AttributesHash(context.Context, common.Address) ([32]byte, error) {
	return f.hash, nil
}
func (f *fakeChain) NameOf(_ context.Context, id [32]byte) (string, error) { return f.names[id], nil }

var requester = common.Address{0xaa}

func setup(t *testing.T) (*Handler, *fakeChain, *transport.PrivateKey, *cpabe.PublicKey, storage.Store) {
	t.Helper()
	pk, msk, err := cpabe.Setup(nil)
	if err != nil {
		t.Fatal(err)
	}
	store, err := embedded.Open(t.TempDir(), embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	tk, err := transport.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	tpub, _ := tk.Public().MarshalBinary()
	names := map[[32]byte]string{}
	var ids [][32]byte
	for _, n := range []string{"role:insurer", "org:acme"} {
		id := crypto.Keccak256Hash([]byte(n))
		names[id], ids = n, append(ids, id)
	}
	f := &fakeChain{
		req:  bindings.IKeyIssuerKeyRequest{Requester: requester, Status: chain.KeyPending, AttributesHash: [32]byte{7}},
		part: bindings.IRegistryParticipant{Role: chain.RoleRequester, Status: chain.StatusActive, TransportKey: [32]byte(tpub)},
		ids:  ids, hash: [32]byte{7}, names: names,
	}
	return New(store, msk, nil), f, tk, pk, store
}

var req = Request{RequestID: 9, Requester: requester, AttributesHash: [32]byte{7}}

func TestIssue(t *testing.T) {
	h, f, tk, pk, store := setup(t)
	a, err := h.Handle(context.Background(), f, req)
	if err != nil || a.Rejected() {
		t.Fatalf("%+v %v", a, err)
	}
	c, err := cid.Cast(a.Ref)
	if err != nil {
		t.Fatal(err)
	}
	obj, err := store.Get(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	blob, _ := io.ReadAll(obj)
	obj.Close()
	if sha256.Sum256(blob) != a.Hash {
		t.Fatal("hash does not match the stored blob")
	}
	// Sealed to the requester for this request: another request id does not open it.
	if _, err := transport.Open(tk, []byte(KeyInfo), blob, AAD(10, requester)); err == nil {
		t.Fatal("opened with another request's aad")
	}
	b, err := transport.Open(tk, []byte(KeyInfo), blob, AAD(9, requester))
	if err != nil {
		t.Fatal(err)
	}
	var ak cpabe.AttributeKey
	if err := ak.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	p, _ := cpabe.ParsePolicy("role:insurer and org:acme")
	key, ct, _ := pk.Encapsulate(nil, p)
	if got, err := ak.Decapsulate(ct); err != nil || got != key {
		t.Fatalf("issued key does not decapsulate: %v", err)
	}
}

func TestRejections(t *testing.T) {
	cases := map[string]struct {
		mutate func(f *fakeChain)
		want   answer.Reason
	}{
		"unknown attribute":          {func(f *fakeChain) { f.ids = append(f.ids, [32]byte{1}) }, answer.UnknownAttributes},
		"name not hashing to its id": {func(f *fakeChain) { f.names[f.ids[0]] = "role:other" }, answer.UnknownAttributes},
		"invalid CP-ABE attribute": {func(f *fakeChain) {
			id := crypto.Keccak256Hash([]byte("Role:Insurer"))
			f.ids, f.names[id] = append(f.ids, id), "Role:Insurer"
		}, answer.UnknownAttributes},
		"attributes changed":    {func(f *fakeChain) { f.hash = [32]byte{8} }, answer.AttributesChanged},
		"no attributes left":    {func(f *fakeChain) { f.ids = nil }, answer.AttributesChanged},
		"suspended":             {func(f *fakeChain) { f.part.Status = chain.StatusSuspended }, answer.RequesterSuspended},
		"removed":               {func(f *fakeChain) { f.part.Status = chain.StatusRemoved }, answer.RequesterNotEnrolled},
		"not enrolled":          {func(f *fakeChain) { f.part = bindings.IRegistryParticipant{} }, answer.RequesterNotEnrolled},
		"patient asking":        {func(f *fakeChain) { f.part.Role = 1 }, answer.RequesterNotEnrolled},
		"no transport key":      {func(f *fakeChain) { f.part.TransportKey = [32]byte{} }, answer.NoTransportKey},
		"invalid transport key": {func(f *fakeChain) { f.part.TransportKey = [32]byte{1} }, answer.NoTransportKey},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			h, f, _, _, _ := setup(t)
			c.mutate(f)
			a, err := h.Handle(context.Background(), f, req)
			if err != nil || a.Reason != c.want {
				t.Fatalf("got %+v %v, want %s", a, err, c.want)
			}
		})
	}
}

func TestNothingToAnswer(t *testing.T) {
	for name, c := range map[string]struct {
		mutate func(f *fakeChain)
		want   error
	}{
		"issued":          {func(f *fakeChain) { f.req.Status = chain.KeyIssued }, answer.ErrAnswered},
		"rejected":        {func(f *fakeChain) { f.req.Status = chain.KeyRejected }, answer.ErrAnswered},
		"not on chain":    {func(f *fakeChain) { f.req = bindings.IKeyIssuerKeyRequest{} }, answer.ErrStale},
		"other requester": {func(f *fakeChain) { f.req.Requester = common.Address{1} }, answer.ErrStale},
	} {
		t.Run(name, func(t *testing.T) {
			h, f, _, _, _ := setup(t)
			c.mutate(f)
			if _, err := h.Handle(context.Background(), f, req); !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	// A failed read is an error to retry, never an answer.
	h, f, _, _, _ := setup(t)
	f.readErr = errors.New("connection refused")
	if a, err := h.Handle(context.Background(), f, req); err == nil || a.Rejected() {
		t.Fatalf("read failure: %+v %v", a, err)
	}
}

func TestStoreFailureIsTransient(t *testing.T) {
	h, f, _, _, _ := setup(t)
	h.store = failingStore{}
	a, err := h.Handle(context.Background(), f, req)
	if !errors.Is(err, storage.ErrUnavailable) || a.Rejected() {
		t.Fatalf("got %+v %v", a, err)
	}
}

type failingStore struct{ storage.Store }

func (failingStore) Put(context.Context, io.Reader, ...storage.PutOption) (cid.Cid, error) {
	return cid.Undef, storage.ErrUnavailable
}
