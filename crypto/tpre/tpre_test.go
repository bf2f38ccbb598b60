package tpre

import (
	"bytes"
	"crypto/subtle"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"github.com/consensys/gnark-crypto/field/hash"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/transport"
)

// TestAnyThresholdSubsetCombines: for several shapes, every t-subset of the
// members' fragments combines into a first-level ciphertext the requester
// opens, and it is byte for byte what a single proxy holding rk produces.
func TestAnyThresholdSubsetCombines(t *testing.T) {
	for _, c := range []struct {
		t       int
		members []uint8
	}{
		{1, []uint8{4}},
		{2, []uint8{1, 2, 3}},
		{3, []uint8{2, 3, 5, 8, 13}},
		{5, []uint8{1, 2, 3, 4, 5}},
		{4, []uint8{1, 3, 5, 7, 9, 11, 13, 16}},
	} {
		name := fmt.Sprintf("%d-of-%v", c.t, c.members)
		f := newFixture(t, byte(c.t*20+len(c.members)), c.t, c.members...)
		single, err := pre.ReEncrypt(f.rk, f.capsule.Ciphertext())
		if err != nil {
			t.Fatal(err)
		}
		want, _ := single.MarshalBinary()
		all := map[uint8]*Fragment{}
		for _, x := range c.members {
			all[x] = f.fragment(t, x)
		}
		count := 0
		subsets(c.members, c.t, func(sub []uint8) {
			if count >= 60 {
				return
			}
			count++
			var frags []*Fragment
			for _, x := range sub {
				frags = append(frags, all[x])
			}
			rct, faulty, err := f.bundle.Combine(f.capsule, f.bind, frags)
			if err != nil || len(faulty) != 0 {
				t.Fatalf("%s: subset %v: %v (faulty %v)", name, sub, err, faulty)
			}
			got, _ := rct.MarshalBinary()
			if !bytes.Equal(got, want) {
				t.Fatalf("%s: subset %v combines to something other than E^rk", name, sub)
			}
			if m, err := f.requester.DecryptReEncrypted(rct); err != nil || m != f.dataKey {
				t.Fatalf("%s: subset %v: requester cannot decrypt: %v", name, sub, err)
			}
		})
	}
}

// openH is the requester's first step of first-level decryption, written
// from crypto/pre's specification: h = first half of W ⊕ H2(V^(1/x2)).
func openH(t testing.TB, hdr *pre.ReKeyHeader, requester *pre.PrivateKey) fr.Element {
	t.Helper()
	skb, _ := requester.MarshalBinary()
	var x2 fr.Element
	x2.SetBytes(skb[33:65])
	hb, _ := hdr.MarshalBinary()
	v, err := group.Decode(hb[:group.PointSize])
	if err != nil {
		t.Fatal(err)
	}
	x2.Inverse(&x2)
	gvj := group.Mul(&v, &x2)
	gv := group.Affine(&gvj)
	e := group.Encode(&gv)
	mask, err := hash.ExpandMsgXmd(e[:], []byte("emrchain/pre/v1/CWYD-secp256k1/H2"), 64)
	if err != nil {
		t.Fatal(err)
	}
	var h32 [32]byte
	subtle.XORBytes(h32[:], hb[group.PointSize:group.PointSize+32], mask[:32])
	var h fr.Element
	h.SetBytes(h32[:])
	return h
}

// TestBelowThresholdCannotConvert: t−1 proxies together with the requester
// hold t−1 shares and h. Those are consistent with every rk (for any
// candidate rk* a polynomial of degree t−1 through the t−1 shares has f(0)
// = rk*, and z* = h/rk* is a matching delegator secret), so they learn
// nothing about rk or z_A, and what they can compute does not convert.
func TestBelowThresholdCannotConvert(t *testing.T) {
	members := []uint8{2, 3, 5, 8, 13}
	f := newFixture(t, 60, 3, members...)
	h := openH(t, f.rk.Header(), f.requester)
	rk := f.rk.Scalar()
	var wantH fr.Element
	z := f.zOfPatient(t)
	if wantH.Mul(&rk, &z); !wantH.Equal(&h) {
		t.Fatal("test helper: h ≠ rk·z_A")
	}

	subsets(members, 2, func(coalition []uint8) {
		var shares []shamir.Share
		for _, x := range coalition {
			shares = append(shares, shamir.Share{Index: x, Value: f.share(t, x).value})
		}
		// Every candidate rk* (the true one among them) fits the shares.
		r := testRand(61)
		seenZ := map[fr.Element]bool{}
		for i := range 8 {
			cand, _ := group.RandomScalar(r)
			if i == 0 {
				cand = rk
			}
			// The polynomial through (0, rk*) and the coalition's shares.
			pts := append([]shamir.Share{}, shares...)
			xs := []uint8{0}
			for _, s := range shares {
				xs = append(xs, s.Index)
			}
			for _, s := range shares {
				if got := lagrangeAt(t, append([]shamir.Share{{Index: 0, Value: cand}}, pts...), s.Index); !got.Equal(&s.Value) {
					t.Fatalf("coalition %v: no degree-2 polynomial through the shares with f(0) = rk*", coalition)
				}
			}
			var z fr.Element
			z.Div(&h, &cand)
			if seenZ[z] {
				t.Fatal("two candidates gave the same z")
			}
			seenZ[z] = true
		}

		// What the coalition can compute: interpolate at 0 from its own
		// fragments as if t−1 were enough. It does not convert.
		frags := f.fragments(t, coalition...)
		if _, _, err := f.bundle.Combine(f.capsule, f.bind, frags); !errors.Is(err, ErrTooFewFragments) {
			t.Fatalf("coalition %v: Combine with t−1 fragments: %v", coalition, err)
		}
		if _, err := f.bundle.CombineVerified(f.capsule, frags); !errors.Is(err, ErrTooFewFragments) {
			t.Fatalf("coalition %v: CombineVerified with t−1 fragments: %v", coalition, err)
		}
		var pts []secp256k1.G1Affine
		for _, fr := range frags {
			pts = append(pts, fr.f)
		}
		ePrime, err := shamir.CombinePoints(coalition, pts)
		if err != nil {
			t.Fatal(err)
		}
		rct, err := pre.AssembleReCiphertext(&ePrime, f.capsule.Ciphertext(), f.bundle.Header())
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.requester.DecryptReEncrypted(rct); !errors.Is(err, pre.ErrDecryption) {
			t.Fatalf("coalition %v converted the capsule: %v", coalition, err)
		}
		// Nor does the interpolated share scalar open the capsule as z.
		guess, err := shamir.Combine(shares)
		if err != nil {
			t.Fatal(err)
		}
		if guess.Equal(&rk) {
			t.Fatalf("coalition %v interpolated rk", coalition)
		}
	})
}

// zOfPatient returns the delegating key's z = x1·H4(pk2) + x2, from the
// specification, so the test can relate h and rk.
func (f *fixture) zOfPatient(t testing.TB) fr.Element {
	t.Helper()
	skb, _ := f.patient.MarshalBinary()
	pkb, _ := f.patient.Public().MarshalBinary()
	var x1, x2 fr.Element
	x1.SetBytes(skb[1:33])
	x2.SetBytes(skb[33:65])
	wide, err := hash.ExpandMsgXmd(pkb[1+group.PointSize:], []byte("emrchain/pre/v1/CWYD-secp256k1/H4"), group.WideBytes)
	if err != nil {
		t.Fatal(err)
	}
	h4 := group.ScalarFromWide(wide)
	var z fr.Element
	z.Mul(&x1, &h4).Add(&z, &x2)
	return z
}

// lagrangeAt evaluates at x the polynomial through the given points.
func lagrangeAt(t testing.TB, pts []shamir.Share, x uint8) fr.Element {
	t.Helper()
	var sum, xe fr.Element
	xe.SetUint64(uint64(x))
	for i := range pts {
		var num, den, xi fr.Element
		num.SetOne()
		den.SetOne()
		xi.SetUint64(uint64(pts[i].Index))
		for j := range pts {
			if i == j {
				continue
			}
			var xj, d fr.Element
			xj.SetUint64(uint64(pts[j].Index))
			d.Sub(&xe, &xj)
			num.Mul(&num, &d)
			d.Sub(&xi, &xj)
			den.Mul(&den, &d)
		}
		num.Div(&num, &den).Mul(&num, &pts[i].Value)
		sum.Add(&sum, &num)
	}
	return sum
}

// TestAllProxiesLearnOnlyThisVersion: the whole committee pooling its
// shares recovers rk (that is what t means) and so, with the requester, z of
// this record version's key, but the next version has another key.
func TestAllProxiesLearnOnlyThisVersion(t *testing.T) {
	members := []uint8{1, 2, 3}
	f := newFixture(t, 62, 2, members...)
	var shares []shamir.Share
	for _, x := range members {
		shares = append(shares, shamir.Share{Index: x, Value: f.share(t, x).value})
	}
	got, err := shamir.Combine(shares)
	if err != nil {
		t.Fatal(err)
	}
	rk := f.rk.Scalar()
	if !got.Equal(&rk) {
		t.Fatal("all shares do not recombine to rk")
	}
	h := openH(t, f.rk.Header(), f.requester)
	var z fr.Element
	z.Div(&h, &got)
	want := f.zOfPatient(t)
	if !z.Equal(&want) {
		t.Fatal("the full coalition should learn this version's z")
	}
	next := f.id
	next.Version++
	nextKey, err := f.seed.Derive(next)
	if err != nil {
		t.Fatal(err)
	}
	zNext := (&fixture{patient: nextKey}).zOfPatient(t)
	if zNext.Equal(&z) {
		t.Fatal("the next version's key has the same z")
	}
}

// TestWrongFragmentCaughtAndNamed: a member that answers with anything but
// rk_i·E is caught by its proof, named, and the access still completes from
// the honest members while at least t remain.
func TestWrongFragmentCaughtAndNamed(t *testing.T) {
	members := []uint8{2, 3, 5, 8, 13}
	f := newFixture(t, 63, 3, members...)
	honest := map[uint8]*Fragment{}
	for _, x := range members {
		honest[x] = f.fragment(t, x)
	}
	var one fr.Element
	one.SetOne()
	// wrong returns member x's fragment computed with rk_x + 1, proved with
	// the wrong scalar (the best a cheating member can do without breaking
	// DLEQ soundness).
	wrong := func(x uint8) *Fragment {
		s := f.share(t, x)
		bad := *s
		bad.value.Add(&bad.value, &one)
		fr, err := bad.Fragment(testRand(64), f.capsule, f.bind)
		if err != nil {
			t.Fatal(err)
		}
		return fr
	}
	bad5 := wrong(5)
	err := f.bundle.VerifyFragment(f.capsule, f.bind, bad5)
	var fault *FaultError
	if !errors.As(err, &fault) || fault.Member != 5 || !errors.Is(err, ErrInvalidFragment) {
		t.Fatalf("wrong fragment: err = %v, want a FaultError naming member 5", err)
	}
	if !strings.Contains(err.Error(), "member 5") {
		t.Fatalf("error does not name the member: %v", err)
	}

	// One and two wrong members out of five: still t honest ones.
	for _, liars := range [][]uint8{{5}, {2, 13}} {
		var frags []*Fragment
		for _, x := range members {
			if slices.Contains(liars, x) {
				frags = append(frags, wrong(x))
			} else {
				frags = append(frags, honest[x])
			}
		}
		// Put the liars first so the combiner must skip them.
		slices.SortStableFunc(frags, func(a, b *Fragment) int {
			la, lb := slices.Contains(liars, a.index), slices.Contains(liars, b.index)
			switch {
			case la && !lb:
				return -1
			case lb && !la:
				return 1
			}
			return 0
		})
		rct, faulty, err := f.bundle.Combine(f.capsule, f.bind, frags)
		if err != nil {
			t.Fatalf("liars %v: %v", liars, err)
		}
		if !slices.Equal(faulty, liars) {
			t.Fatalf("liars %v: named %v", liars, faulty)
		}
		if m, err := f.requester.DecryptReEncrypted(rct); err != nil || m != f.dataKey {
			t.Fatalf("liars %v: decrypt: %v", liars, err)
		}
	}
	// Three liars leave two honest members: too few, and all three named.
	frags := []*Fragment{wrong(2), wrong(3), wrong(5), honest[8], honest[13]}
	_, faulty, err := f.bundle.Combine(f.capsule, f.bind, frags)
	if !errors.Is(err, ErrTooFewFragments) || !slices.Equal(faulty, []uint8{2, 3, 5}) {
		t.Fatalf("three liars: err = %v, faulty = %v", err, faulty)
	}
	// An unverified wrong fragment slipped into CombineVerified is caught by
	// the requester's decryption, never turned into a wrong key.
	rct, err := f.bundle.CombineVerified(f.capsule, []*Fragment{bad5, honest[8], honest[13]})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.requester.DecryptReEncrypted(rct); !errors.Is(err, pre.ErrDecryption) {
		t.Fatalf("wrong fragment combined unverified: %v", err)
	}
}

// TestForgedProofsFail: every way of presenting a fragment or proof as
// something it is not fails verification and names the claimed member.
func TestForgedProofsFail(t *testing.T) {
	members := []uint8{2, 3, 5}
	f := newFixture(t, 65, 2, members...)
	good := f.fragment(t, 3)
	other := newFixture(t, 66, 2, members...) // another grant, capsule and request
	otherFrag := other.fragment(t, 3)
	var one fr.Element
	one.SetOne()

	cases := map[string]func() (*recordkey.Capsule, Binding, *Fragment){
		"another request": func() (*recordkey.Capsule, Binding, *Fragment) {
			b := f.bind
			b.RequestID++
			return f.capsule, b, good
		},
		"another chain": func() (*recordkey.Capsule, Binding, *Fragment) {
			b := f.bind
			b.ChainID++
			return f.capsule, b, good
		},
		"another ledger": func() (*recordkey.Capsule, Binding, *Fragment) {
			b := f.bind
			b.Ledger[0] ^= 1
			return f.capsule, b, good
		},
		"relabelled as another member": func() (*recordkey.Capsule, Binding, *Fragment) {
			g := *good
			g.index = 5
			return f.capsule, f.bind, &g
		},
		"another member's proof": func() (*recordkey.Capsule, Binding, *Fragment) {
			g := *good
			g.proof = f.fragment(t, 5).proof
			return f.capsule, f.bind, &g
		},
		"c + 1": func() (*recordkey.Capsule, Binding, *Fragment) {
			g := *good
			g.proof = bumpProof(t, good.proof, true)
			return f.capsule, f.bind, &g
		},
		"s + 1": func() (*recordkey.Capsule, Binding, *Fragment) {
			g := *good
			g.proof = bumpProof(t, good.proof, false)
			return f.capsule, f.bind, &g
		},
		"F_i from another grant with its valid proof": func() (*recordkey.Capsule, Binding, *Fragment) {
			return f.capsule, f.bind, otherFrag
		},
		"F_i + G": func() (*recordkey.Capsule, Binding, *Fragment) {
			g := *good
			_, gen := secp256k1.Generators()
			g.f.Add(&g.f, &gen)
			return f.capsule, f.bind, &g
		},
		"proof made for another capsule's E": func() (*recordkey.Capsule, Binding, *Fragment) {
			c2, err := f.seed.Seal(testRand(67), f.id, f.dataKey) // same key, new E
			if err != nil {
				t.Fatal(err)
			}
			fr, err := f.share(t, 3).Fragment(testRand(68), c2, f.bind)
			if err != nil {
				t.Fatal(err)
			}
			return f.capsule, f.bind, fr
		},
	}
	for name, mk := range cases {
		c, b, fr := mk()
		err := f.bundle.VerifyFragment(c, b, fr)
		var fault *FaultError
		if !errors.As(err, &fault) || fault.Member != fr.index {
			t.Errorf("%s: err = %v, want a FaultError naming member %d", name, err, fr.index)
		}
		if !errors.Is(err, ErrInvalidFragment) {
			t.Errorf("%s: err = %v, want ErrInvalidFragment", name, err)
		}
	}
	// A fragment from a member the grant does not name, and one for a
	// capsule of another key.
	g := *good
	g.index = 9
	if err := f.bundle.VerifyFragment(f.capsule, f.bind, &g); !errors.Is(err, ErrNotMember) {
		t.Errorf("unnamed member: %v", err)
	}
	if err := f.bundle.VerifyFragment(other.capsule, f.bind, good); !errors.Is(err, recordkey.ErrWrongKey) {
		t.Errorf("capsule of another key: %v", err)
	}
	if err := f.bundle.VerifyFragment(f.capsule, f.bind, good); err != nil {
		t.Fatalf("the genuine fragment: %v", err)
	}
}

func bumpProof(t testing.TB, p dleq.Proof, challenge bool) dleq.Proof {
	t.Helper()
	b, _ := p.MarshalBinary()
	off := 32
	if challenge {
		off = 0
	}
	var v, one fr.Element
	v.SetBytes(b[off : off+32])
	one.SetOne()
	v.Add(&v, &one)
	vb := v.Bytes()
	copy(b[off:off+32], vb[:])
	var q dleq.Proof
	if err := q.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	return q
}

// dealWith builds a bundle from explicit share values at the given indices,
// sealed properly: how a careless or malicious dealer could produce
// commitments of the wrong degree.
func dealWith(t testing.TB, f *fixture, threshold int, values []fr.Element) *Bundle {
	t.Helper()
	b := &Bundle{delegator: *f.rk.Delegator(), header: *f.rk.Header(), threshold: threshold}
	for i, m := range f.members {
		b.indices = append(b.indices, m.Index)
		j := group.BaseMul(&values[i])
		b.commitments = append(b.commitments, group.Affine(&j))
	}
	b.encodePublic()
	for i, m := range f.members {
		v := values[i].Bytes()
		sealed, err := transport.Seal(m.Transport, shareInfo, v[:], shareAAD(&b.digest, m.Index))
		if err != nil {
			t.Fatal(err)
		}
		b.sealed = append(b.sealed, sealed)
		b.enc = append(b.enc, sealed...)
	}
	return b
}

// TestDealerOfWrongDegreeRejected: commitments of degree t (not t−1) mean
// different t-subsets combine to different results; the bundle is refused
// when parsed, before any member answers.
func TestDealerOfWrongDegreeRejected(t *testing.T) {
	members := []uint8{2, 3, 5, 8, 13}
	f := newFixture(t, 69, 3, members...)
	secret := f.rk.Scalar()
	poly, err := shamir.NewPolynomial(testRand(70), &secret, 4) // degree 3
	if err != nil {
		t.Fatal(err)
	}
	var values []fr.Element
	for _, x := range members {
		values = append(values, poly.Eval(x))
	}
	bad := dealWith(t, f, 3, values)
	enc, _ := bad.MarshalBinary()
	var parsed Bundle
	if err := parsed.UnmarshalBinary(enc); !errors.Is(err, ErrDegree) {
		t.Fatalf("degree-3 dealing claimed as 3-of-5: err = %v, want ErrDegree", err)
	}
	// The honest degree passes through the same helper.
	poly, _ = shamir.NewPolynomial(testRand(71), &secret, 3)
	values = values[:0]
	for _, x := range members {
		values = append(values, poly.Eval(x))
	}
	good := dealWith(t, f, 3, values)
	enc, _ = good.MarshalBinary()
	if err := parsed.UnmarshalBinary(enc); err != nil {
		t.Fatalf("honest dealing refused: %v", err)
	}
}

// TestTamperedBundle: a change in any part of the bundle is refused when
// parsed, or makes every member's share fail to open.
func TestTamperedBundle(t *testing.T) {
	members := []uint8{2, 3, 5, 8, 13}
	f := newFixture(t, 72, 3, members...)
	enc, _ := f.bundle.MarshalBinary()
	if len(enc) != BundleSize(5) || len(enc) != 742 {
		t.Fatalf("3-of-5 bundle is %d bytes", len(enc))
	}
	n := 5
	delegAt := 1
	headerAt := delegAt + pre.PublicKeySize
	tAt := headerAt + pre.ReKeyHeaderSize
	idxAt := tAt + 2
	comAt := idxAt + n
	sealedAt := comAt + n*group.PointSize
	other := newFixture(t, 73, 3, members...)
	otherEnc, _ := other.bundle.MarshalBinary()
	commitmentOf := func(i int) []byte { return otherEnc[comAt+i*group.PointSize : comAt+(i+1)*group.PointSize] }

	cases := map[string][]byte{
		"delegator point":       flip(enc, delegAt+10),
		"delegator swapped":     splice(enc, delegAt, otherEnc[delegAt:headerAt]),
		"V":                     flip(enc, headerAt+10),
		"W":                     flip(enc, headerAt+group.PointSize+3),
		"header swapped":        splice(enc, headerAt, otherEnc[headerAt:tAt]),
		"threshold down":        set(enc, tAt, 2),
		"threshold up":          set(enc, tAt, 4),
		"member index":          set(enc, idxAt+2, 6),
		"commitment flipped":    flip(enc, comAt+group.PointSize+7),
		"commitment swapped in": splice(enc, comAt+group.PointSize, commitmentOf(1)),
		"commitments swapped":   splice(enc, comAt, otherEnc[comAt:sealedAt]),
		"commitment order":      splice(splice(enc, comAt, enc[comAt+group.PointSize:comAt+2*group.PointSize]), comAt+group.PointSize, enc[comAt:comAt+group.PointSize]),
	}
	for name, in := range cases {
		var b Bundle
		if err := b.UnmarshalBinary(in); err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Errorf("%s: parse error of another class: %v", name, err)
			}
			continue
		}
		// Parsed (the change kept the bundle well formed and of the right
		// degree): then no member's share opens.
		for _, x := range b.Members() {
			if k := f.keys[x]; k != nil {
				if _, err := b.OpenShare(x, k); !errors.Is(err, ErrShare) {
					t.Errorf("%s: member %d's share still opens: %v", name, x, err)
				}
			}
		}
	}

	// Sealed shares: altered, or moved to another member's slot.
	altered := flip(enc, sealedAt+SealedShareSize+40)
	var b Bundle
	if err := b.UnmarshalBinary(altered); err != nil {
		t.Fatal(err)
	}
	if _, err := b.OpenShare(3, f.keys[3]); !errors.Is(err, ErrShare) {
		t.Errorf("altered sealed share opens: %v", err)
	}
	if _, err := b.OpenShare(2, f.keys[2]); err != nil {
		t.Errorf("untouched share no longer opens: %v", err)
	}
	swapped := splice(splice(enc, sealedAt, enc[sealedAt+SealedShareSize:sealedAt+2*SealedShareSize]), sealedAt+SealedShareSize, enc[sealedAt:sealedAt+SealedShareSize])
	if err := b.UnmarshalBinary(swapped); err != nil {
		t.Fatal(err)
	}
	for _, x := range []uint8{2, 3} {
		if _, err := b.OpenShare(x, f.keys[x]); !errors.Is(err, ErrShare) {
			t.Errorf("member %d opened a share sealed for another slot: %v", x, err)
		}
	}
	// A share sealed into another bundle does not open here.
	moved := splice(enc, sealedAt, otherEnc[sealedAt:sealedAt+SealedShareSize])
	if err := b.UnmarshalBinary(moved); err != nil {
		t.Fatal(err)
	}
	if _, err := b.OpenShare(2, other.keys[2]); !errors.Is(err, ErrShare) {
		t.Errorf("a share from another bundle opened: %v", err)
	}
}

// TestShareNotMatchingCommitment: a dealer that seals a value other than
// the one it committed to is caught by the member before it answers.
func TestShareNotMatchingCommitment(t *testing.T) {
	members := []uint8{1, 2, 3}
	f := newFixture(t, 74, 3, members...) // t = n: the degree check is vacuous
	secret := f.rk.Scalar()
	poly, _ := shamir.NewPolynomial(testRand(75), &secret, 3)
	var values []fr.Element
	for _, x := range members {
		values = append(values, poly.Eval(x))
	}
	b := dealWith(t, f, 3, values)
	// Re-seal member 2's slot with another value under the right aad.
	var one fr.Element
	one.SetOne()
	wrongValue := values[1]
	wrongValue.Add(&wrongValue, &one)
	v := wrongValue.Bytes()
	sealed, err := transport.Seal(f.members[1].Transport, shareInfo, v[:], shareAAD(&b.digest, 2))
	if err != nil {
		t.Fatal(err)
	}
	enc, _ := b.MarshalBinary()
	at := BundleSize(3) - 2*SealedShareSize
	enc = splice(enc, at, sealed)
	var parsed Bundle
	if err := parsed.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	if _, err := parsed.OpenShare(2, f.keys[2]); !errors.Is(err, ErrShare) || !strings.Contains(err.Error(), "P_i") {
		t.Fatalf("share not matching its commitment: %v", err)
	}
	if _, err := parsed.OpenShare(1, f.keys[1]); err != nil {
		t.Fatalf("honest share: %v", err)
	}
}

// TestWrongKeys: members, capsules and requesters other than the grant's.
func TestWrongKeys(t *testing.T) {
	members := []uint8{2, 3, 5}
	f := newFixture(t, 76, 2, members...)
	if _, err := f.bundle.OpenShare(3, f.keys[2]); !errors.Is(err, ErrShare) {
		t.Errorf("member 3's share opened with member 2's key: %v", err)
	}
	if _, err := f.bundle.OpenShare(4, f.keys[2]); !errors.Is(err, ErrNotMember) {
		t.Errorf("a non-member's index: %v", err)
	}
	// The next version's capsule is under another key: no member
	// exponentiates it.
	next := f.id
	next.Version++
	nextCapsule, err := f.seed.Seal(testRand(77), next, f.dataKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.share(t, 2).Fragment(nil, nextCapsule, f.bind); !errors.Is(err, recordkey.ErrWrongKey) {
		t.Errorf("fragment of another version's capsule: %v", err)
	}
	if _, err := f.bundle.CombineVerified(nextCapsule, f.fragments(t, 2, 3)); !errors.Is(err, recordkey.ErrWrongKey) {
		t.Errorf("combine for another version's capsule: %v", err)
	}
	if _, _, err := f.bundle.Combine(nextCapsule, f.bind, f.fragments(t, 2, 3)); !errors.Is(err, recordkey.ErrWrongKey) {
		t.Errorf("combine for another version's capsule: %v", err)
	}
	// Someone other than the requester cannot open the combined result.
	rct, _, err := f.bundle.Combine(f.capsule, f.bind, f.fragments(t, 2, 5))
	if err != nil {
		t.Fatal(err)
	}
	stranger, _ := pre.GenerateKey(testRand(78))
	if _, err := stranger.DecryptReEncrypted(rct); !errors.Is(err, pre.ErrDecryption) {
		t.Errorf("a stranger decrypted: %v", err)
	}
	if _, err := f.patient.DecryptReEncrypted(rct); !errors.Is(err, pre.ErrDecryption) {
		t.Errorf("the delegator decrypted a first-level ciphertext for the requester: %v", err)
	}
}

func TestDealParameters(t *testing.T) {
	f := newFixture(t, 79, 2, 1, 2, 3)
	k := f.members[0].Transport
	many := make([]Member, MaxMembers+1)
	for i := range many {
		many[i] = Member{Index: uint8(i + 1), Transport: k}
	}
	for name, c := range map[string]struct {
		t       int
		members []Member
	}{
		"no members":     {1, nil},
		"t = 0":          {0, f.members},
		"t > n":          {4, f.members},
		"index 0":        {1, []Member{{0, k}}},
		"index 17":       {1, []Member{{17, k}}},
		"repeated index": {1, []Member{{3, k}, {3, k}}},
		"no transport":   {1, []Member{{3, nil}}},
		"17 members":     {2, many},
	} {
		if _, err := Deal(nil, f.rk, c.t, c.members); !errors.Is(err, ErrParameters) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if _, err := Deal(nil, nil, 1, f.members); err == nil {
		t.Error("nil re-key dealt")
	}
	// Members in any order are dealt in index order.
	rev := slices.Clone(f.members)
	slices.Reverse(rev)
	b, err := Deal(nil, f.rk, 2, rev)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(b.Members(), []uint8{1, 2, 3}) {
		t.Fatalf("members %v", b.Members())
	}
	if _, err := b.OpenShare(3, f.keys[3]); err != nil {
		t.Fatal(err)
	}
	// Grant = ReKeyGen + Deal.
	g, err := Grant(nil, f.patient, f.requester.Public(), 2, f.members)
	if err != nil {
		t.Fatal(err)
	}
	rct, _, err := g.Combine(f.capsule, f.bind, []*Fragment{mustFragment(t, g, f, 1), mustFragment(t, g, f, 3)})
	if err != nil {
		t.Fatal(err)
	}
	if m, err := f.requester.DecryptReEncrypted(rct); err != nil || m != f.dataKey {
		t.Fatalf("Grant: %v", err)
	}
}

func mustFragment(t testing.TB, b *Bundle, f *fixture, x uint8) *Fragment {
	t.Helper()
	s, err := b.OpenShare(x, f.keys[x])
	if err != nil {
		t.Fatal(err)
	}
	fr, err := s.Fragment(nil, f.capsule, f.bind)
	if err != nil {
		t.Fatal(err)
	}
	return fr
}

func TestMarshalRoundTrip(t *testing.T) {
	f := newFixture(t, 80, 3, 2, 3, 5, 8, 13)
	enc, err := f.bundle.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var b Bundle
	if err := b.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	again, _ := b.MarshalBinary()
	if !bytes.Equal(enc, again) || b.Hash() != f.bundle.Hash() {
		t.Fatal("bundle round trip")
	}
	if b.Threshold() != 3 || !slices.Equal(b.Members(), []uint8{2, 3, 5, 8, 13}) ||
		!b.Delegator().Equal(f.patient.Public()) || !b.Header().Equal(f.rk.Header()) {
		t.Fatal("bundle fields after round trip")
	}
	evm := b.EVMCommitments()
	for i, x := range b.Members() {
		s := f.share(t, x)
		j := group.BaseMul(&s.value)
		p := group.Affine(&j)
		if evm[i] != group.EncodeUncompressed(&p) {
			t.Fatalf("EVM commitment %d", x)
		}
	}

	fr := f.fragment(t, 8)
	fenc, err := fr.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if len(fenc) != FragmentSize {
		t.Fatalf("fragment is %d bytes", len(fenc))
	}
	var back Fragment
	if err := back.UnmarshalBinary(fenc); err != nil {
		t.Fatal(err)
	}
	if back.Member() != 8 || back.Point() != fr.Point() || back.Hash() != fr.Hash() {
		t.Fatal("fragment round trip")
	}
	if err := b.VerifyFragment(f.capsule, f.bind, &back); err != nil {
		t.Fatalf("round-tripped fragment: %v", err)
	}
	// The proof carried by the fragment verifies with crypto/dleq directly
	// on the statement the bundle gives, as a contract would.
	st, err := b.Statement(f.capsule, &back)
	if err != nil {
		t.Fatal(err)
	}
	if err := dleq.Verify(st, back.Proof(), f.bind.Context(8)); err != nil {
		t.Fatal(err)
	}
}

func TestUnmarshalRejects(t *testing.T) {
	f := newFixture(t, 81, 2, 2, 3, 5)
	enc, _ := f.bundle.MarshalBinary()
	n := 3
	tAt := 1 + pre.PublicKeySize + pre.ReKeyHeaderSize
	idxAt := tAt + 2
	comAt := idxAt + n
	for name, in := range map[string][]byte{
		"empty":                nil,
		"tag":                  set(enc, 0, 0x04),
		"short":                enc[:len(enc)-1],
		"long":                 append(slices.Clone(enc), 0),
		"n = 0":                set(enc, tAt+1, 0),
		"n = 4":                set(enc, tAt+1, 4),
		"n = 17":               set(enc, tAt+1, 17),
		"t = 0":                set(enc, tAt, 0),
		"t > n":                set(enc, tAt, 4),
		"index 0":              set(enc, idxAt, 0),
		"index 17":             set(enc, idxAt+2, 17),
		"indices unsorted":     set(set(enc, idxAt, 3), idxAt+1, 2),
		"index repeated":       set(enc, idxAt+1, 2),
		"commitment zero":      splice(enc, comAt, make([]byte, group.PointSize)),
		"commitment off curve": splice(enc, comAt+1, bytes.Repeat([]byte{0xff}, group.PointSize-1)),
		"delegator tag":        set(enc, 1, 0x02),
	} {
		var b Bundle
		keep := *f.bundle
		b = keep
		if err := b.UnmarshalBinary(in); !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: err = %v, want ErrEncoding", name, err)
		}
		if b.Hash() != keep.Hash() {
			t.Errorf("%s: bundle changed on error", name)
		}
	}

	fenc, _ := f.fragment(t, 2).MarshalBinary()
	q := fr.Modulus().Bytes()
	for name, in := range map[string][]byte{
		"empty":        nil,
		"tag":          set(fenc, 0, 0x03),
		"short":        fenc[:len(fenc)-1],
		"long":         append(slices.Clone(fenc), 0),
		"member 0":     set(fenc, 1, 0),
		"member 17":    set(fenc, 1, 17),
		"point zero":   splice(fenc, 2, make([]byte, group.PointSize)),
		"c = q":        splice(fenc, 2+group.PointSize, q),
		"s = q":        splice(fenc, 2+group.PointSize+32, q),
		"point prefix": set(fenc, 2, 0x04),
	} {
		var fr Fragment
		if err := fr.UnmarshalBinary(in); !errors.Is(err, ErrEncoding) {
			t.Errorf("fragment %s: err = %v, want ErrEncoding", name, err)
		}
	}
}

func TestBindingContextIsABIEncoded(t *testing.T) {
	bind := Binding{ChainID: 31337, RequestID: 42}
	for i := range bind.Ledger {
		bind.Ledger[i] = byte(0xa0 + i)
	}
	got := bind.Context(5)
	want := abiContext(t, bind, 5)
	if got != want {
		t.Fatalf("context\n got %x\nwant %x", got, want)
	}
	seen := map[[32]byte]string{}
	for name, c := range map[string][32]byte{
		"base": got, "member": bind.Context(6),
		"chain":   Binding{ChainID: 1, Ledger: bind.Ledger, RequestID: 42}.Context(5),
		"request": Binding{ChainID: 31337, Ledger: bind.Ledger, RequestID: 43}.Context(5),
		"ledger":  Binding{ChainID: 31337, RequestID: 42}.Context(5),
	} {
		if prev, dup := seen[c]; dup {
			t.Fatalf("%s and %s share a context", name, prev)
		}
		seen[c] = name
	}
}

func TestShareNeverPrints(t *testing.T) {
	f := newFixture(t, 82, 2, 1, 2, 3)
	s := f.share(t, 1)
	v := s.value.Bytes()
	limbs := fmt.Sprint(s.value[0])
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d"} {
		for _, out := range []string{fmt.Sprintf(verb, s), fmt.Sprintf(verb, *s), fmt.Sprintf(verb, struct{ S *Share }{s})} {
			if strings.Contains(out, fmt.Sprintf("%x", v)) || strings.Contains(out, limbs) {
				t.Fatalf("share printed with %s: %q", verb, out)
			}
		}
	}
}

func TestZeroValues(t *testing.T) {
	f := newFixture(t, 83, 2, 1, 2, 3)
	if _, err := (&Bundle{}).MarshalBinary(); err == nil {
		t.Error("empty bundle marshalled")
	}
	if _, err := (&Fragment{}).MarshalBinary(); err == nil {
		t.Error("empty fragment marshalled")
	}
	if _, err := (&Share{}).Fragment(nil, f.capsule, f.bind); err == nil {
		t.Error("empty share made a fragment")
	}
	if _, err := f.share(t, 1).Fragment(nil, &recordkey.Capsule{}, f.bind); err == nil {
		t.Error("fragment of an empty capsule")
	}
	if _, err := f.share(t, 1).Fragment(nil, nil, f.bind); err == nil {
		t.Error("fragment of a nil capsule")
	}
	if err := f.bundle.VerifyFragment(f.capsule, f.bind, nil); err == nil {
		t.Error("nil fragment verified")
	}
	if err := f.bundle.VerifyFragment(nil, f.bind, f.fragment(t, 1)); err == nil {
		t.Error("fragment verified against a nil capsule")
	}
	if _, _, err := f.bundle.Combine(nil, f.bind, f.fragments(t, 1, 2)); err == nil {
		t.Error("combined for a nil capsule")
	}
	if _, err := f.bundle.CombineVerified(f.capsule, []*Fragment{f.fragment(t, 1), nil}); err == nil {
		t.Error("combined a nil fragment")
	}
	if _, err := f.bundle.OpenShare(1, nil); !errors.Is(err, ErrShare) {
		t.Errorf("nil transport key: %v", err)
	}
}

func flip(b []byte, at int) []byte {
	out := slices.Clone(b)
	out[at] ^= 1
	return out
}

func set(b []byte, at int, v byte) []byte {
	out := slices.Clone(b)
	out[at] = v
	return out
}

func splice(b []byte, at int, with []byte) []byte {
	out := slices.Clone(b)
	copy(out[at:], with)
	return out
}
