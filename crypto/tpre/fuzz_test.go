package tpre

import (
	"bytes"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/internal/nearvalid"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

func FuzzBundle(f *testing.F) {
	members := []uint8{2, 3, 5, 8, 13}
	fx := newFixture(f, 95, 3, members...)
	good, _ := fx.bundle.MarshalBinary()
	n := len(members)
	delegAt := 1
	headerAt := delegAt + pre.PublicKeySize
	tAt := headerAt + pre.ReKeyHeaderSize
	idxAt := tAt + 2
	comAt := idxAt + n
	sealedAt := comAt + n*group.PointSize
	points := []int{delegAt + 1, delegAt + 1 + group.PointSize, headerAt}
	for i := range n {
		points = append(points, comAt+i*group.PointSize)
	}
	fuzzcorpus.Bytes(f, good, []byte{})
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(good, 0, delegAt, tAt, tAt+1, idxAt, idxAt+2, sealedAt, sealedAt+SealedShareSize-1)...)
	fuzzcorpus.Bytes(f, nearvalid.Points(good, points...)...)
	// Valid-looking but wrong: a dealing of the wrong degree, sealed
	// properly; another grant's commitments; the threshold lowered.
	secret := fx.rk.Scalar()
	poly, _ := shamir.NewPolynomial(testRand(96), &secret, 4)
	var values []fr.Element
	for _, x := range members {
		values = append(values, poly.Eval(x))
	}
	wrongDegree, _ := dealWith(f, fx, 3, values).MarshalBinary()
	other := newFixture(f, 97, 3, members...)
	otherEnc, _ := other.bundle.MarshalBinary()
	fuzzcorpus.Bytes(f, wrongDegree, splice(good, comAt, otherEnc[comAt:sealedAt]), set(good, tAt, 2), splice(good, headerAt, otherEnc[headerAt:tAt]))

	f.Fuzz(func(t *testing.T, b []byte) {
		var bundle Bundle
		if err := bundle.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("parse error of another class: %v", err)
			}
			return
		}
		again, err := bundle.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted bundle does not re-encode to itself: %v", err)
		}
		for _, x := range bundle.Members() {
			k := fx.keys[x]
			if k == nil {
				continue
			}
			s, err := bundle.OpenShare(x, k)
			if err != nil {
				if !errors.Is(err, ErrShare) {
					t.Fatalf("member %d: error of another class: %v", x, err)
				}
				continue
			}
			// Only the bundle the share was sealed in opens it.
			if bundle.digest != fx.bundle.digest {
				t.Fatalf("member %d's share opened in a bundle with another public part", x)
			}
			if want := fx.share(t, x); !s.value.Equal(&want.value) {
				t.Fatalf("member %d opened another share", x)
			}
		}
	})
}

func FuzzFragment(f *testing.F) {
	members := []uint8{2, 3, 5}
	fx := newFixture(f, 98, 2, members...)
	genuine := map[uint8]*Fragment{}
	for _, x := range members {
		genuine[x] = fx.fragment(f, x)
	}
	good, _ := genuine[3].MarshalBinary()
	fuzzcorpus.Bytes(f, good, []byte{})
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(good, 0, 1, 2, -1)...)
	fuzzcorpus.Bytes(f, nearvalid.Points(good, 2)...)
	fuzzcorpus.Bytes(f, nearvalid.Scalars(good, 2+group.PointSize, 2+group.PointSize+fr.Bytes)...)
	// Valid encodings of wrong answers: relabelled, another member's proof,
	// another grant's fragment.
	five, _ := genuine[5].MarshalBinary()
	other, _ := newFixture(f, 99, 2, members...).fragment(f, 3).MarshalBinary()
	fuzzcorpus.Bytes(f, set(good, 1, 5), splice(good, 2+group.PointSize, five[2+group.PointSize:]), other)

	f.Fuzz(func(t *testing.T, b []byte) {
		var fr Fragment
		if err := fr.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("parse error of another class: %v", err)
			}
			return
		}
		again, err := fr.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted fragment does not re-encode to itself: %v", err)
		}
		if err := fx.bundle.VerifyFragment(fx.capsule, fx.bind, &fr); err == nil {
			// Soundness: only the member's true F_i verifies.
			if fr.Point() != genuine[fr.index].Point() {
				t.Fatalf("a wrong F_%d verified", fr.index)
			}
		} else {
			var fault *FaultError
			if !errors.As(err, &fault) || fault.Member != fr.index {
				t.Fatalf("failure does not name the member: %v", err)
			}
		}
	})
}

func FuzzShareValue(f *testing.F) {
	q := fr.Modulus().Bytes()
	one := make([]byte, fr.Bytes)
	one[fr.Bytes-1] = 1
	v := newFixture(f, 100, 2, 1, 2).share(f, 1).value.Bytes()
	fuzzcorpus.Bytes(f, v[:], one, q, make([]byte, fr.Bytes), bytes.Repeat([]byte{0xff}, fr.Bytes), v[1:], append(v[:], 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := parseShareValue(b)
		if err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("error of another class: %v", err)
			}
			return
		}
		if s.IsZero() {
			t.Fatal("zero share accepted")
		}
		if back := s.Bytes(); !bytes.Equal(back[:], b) {
			t.Fatal("non-canonical share accepted")
		}
	})
}
