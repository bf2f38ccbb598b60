package tpre

import (
	"math/rand/v2"
	"testing"

	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/transport"
)

func testRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

// fixture is one record version's capsule, a grant of it to a requester,
// and the committee the grant names.
type fixture struct {
	seed      *recordkey.Seed
	id        recordkey.KeyID
	patient   *pre.PrivateKey // the record version's delegating key
	requester *pre.PrivateKey
	dataKey   [pre.DataKeySize]byte
	capsule   *recordkey.Capsule
	rk        *pre.ReKey
	members   []Member
	keys      map[uint8]*transport.PrivateKey
	bundle    *Bundle
	bind      Binding
}

// newFixture deals a t-of-len(indices) grant to the given committee
// indices. Everything but the transport sealing is deterministic in seed.
func newFixture(t testing.TB, seed byte, threshold int, indices ...uint8) *fixture {
	t.Helper()
	r := testRand(seed)
	f := &fixture{id: recordkey.KeyID{ChainID: 31337, Version: 1}, keys: map[uint8]*transport.PrivateKey{}}
	var err error
	if f.seed, err = recordkey.NewSeed(r); err != nil {
		t.Fatal(err)
	}
	r.Read(f.id.Registry[:])
	r.Read(f.id.RecordID[:])
	if f.patient, err = f.seed.Derive(f.id); err != nil {
		t.Fatal(err)
	}
	if f.requester, err = pre.GenerateKey(r); err != nil {
		t.Fatal(err)
	}
	r.Read(f.dataKey[:])
	if f.capsule, err = f.seed.Seal(r, f.id, f.dataKey); err != nil {
		t.Fatal(err)
	}
	for _, x := range indices {
		k, err := transport.GenerateKey(r)
		if err != nil {
			t.Fatal(err)
		}
		f.keys[x] = k
		f.members = append(f.members, Member{Index: x, Transport: k.Public()})
	}
	if f.rk, err = pre.ReKeyGen(r, f.patient, f.requester.Public()); err != nil {
		t.Fatal(err)
	}
	if f.bundle, err = Deal(r, f.rk, threshold, f.members); err != nil {
		t.Fatal(err)
	}
	f.bind = Binding{ChainID: 31337, RequestID: 7}
	r.Read(f.bind.Ledger[:])
	return f
}

func (f *fixture) share(t testing.TB, index uint8) *Share {
	t.Helper()
	s, err := f.bundle.OpenShare(index, f.keys[index])
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func (f *fixture) fragment(t testing.TB, index uint8) *Fragment {
	t.Helper()
	fr, err := f.share(t, index).Fragment(testRand(100+index), f.capsule, f.bind)
	if err != nil {
		t.Fatal(err)
	}
	return fr
}

func (f *fixture) fragments(t testing.TB, indices ...uint8) []*Fragment {
	t.Helper()
	out := make([]*Fragment, len(indices))
	for i, x := range indices {
		out[i] = f.fragment(t, x)
	}
	return out
}

// subsets calls fn with every k-element subset of xs.
func subsets(xs []uint8, k int, fn func([]uint8)) {
	var rec func(start int, cur []uint8)
	rec = func(start int, cur []uint8) {
		if len(cur) == k {
			fn(append([]uint8(nil), cur...))
			return
		}
		for i := start; i < len(xs); i++ {
			rec(i+1, append(cur, xs[i]))
		}
	}
	rec(0, nil)
}
