package recordkey

import (
	"bytes"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/internal/nearvalid"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

// Offsets of the points and the scalar inside a capsule's encoding.
var (
	capsuleKeyAt    = 1 + 4
	capsuleCtAt     = capsuleKeyAt + pre.PublicKeySize
	capsulePointsAt = []int{
		capsuleKeyAt + 1, capsuleKeyAt + 1 + group.PointSize, // pk1, pk2
		capsuleCtAt + 1, capsuleCtAt + 1 + group.PointSize, // D, E
	}
	capsuleScalarAt = CapsuleSize - fr.Bytes
)

func FuzzCapsule(f *testing.F) {
	s := testSeed(f, 20)
	r := testRand(21)
	id := testID()
	dk := testDataKey(r)
	c, err := s.Seal(r, id, dk)
	if err != nil {
		f.Fatal(err)
	}
	good, _ := c.MarshalBinary()
	fuzzcorpus.Bytes(f, good, []byte{})
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(good, 0, 4, capsuleKeyAt, capsuleCtAt, capsuleCtAt+2*group.PointSize+1, -1)...)
	fuzzcorpus.Bytes(f, nearvalid.Points(good, capsulePointsAt...)...)
	fuzzcorpus.Bytes(f, nearvalid.Scalars(good, capsuleScalarAt)...)
	// Valid-looking but wrong: another version's key around this ciphertext
	// (fails CWYD's check), and this key with a ciphertext for another key.
	other, err := s.Seal(r, variants()["version"], dk)
	if err != nil {
		f.Fatal(err)
	}
	otherB, _ := other.MarshalBinary()
	swapKey := append(append(append([]byte(nil), good[:capsuleKeyAt]...), otherB[capsuleKeyAt:capsuleCtAt]...), good[capsuleCtAt:]...)
	swapCt := append(append([]byte(nil), good[:capsuleCtAt]...), otherB[capsuleCtAt:]...)
	fuzzcorpus.Bytes(f, swapKey, swapCt)

	sk := mustDerive(f, s, id)
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Capsule
		if err := c.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrEncoding) && !errors.Is(err, ErrInvalidCapsule) {
				t.Fatalf("parse error of another class: %v", err)
			}
			return
		}
		again, err := c.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted encoding does not re-encode to itself: %v", err)
		}
		if err := c.Check(); err != nil {
			t.Fatalf("parsed capsule fails its own check: %v", err)
		}
		// A capsule for the fixture's key that passed the check is never
		// called invalid by the key holder's Decrypt.
		if c.DelegatingKey().Equal(sk.Public()) {
			if _, err := sk.Decrypt(c.Ciphertext()); errors.Is(err, pre.ErrInvalidCiphertext) {
				t.Fatal("Decrypt calls invalid what Check accepted")
			}
		}
	})
}

func FuzzSeed(f *testing.F) {
	good, _ := testSeed(f, 22).MarshalBinary()
	fuzzcorpus.Bytes(f, good, []byte{}, make([]byte, SeedSize))
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(good, 0, -1)...)
	one := make([]byte, SeedSize)
	one[SeedSize-1] = 1
	fuzzcorpus.Bytes(f, one)
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Seed
		if err := s.UnmarshalBinary(b); err != nil {
			if !errors.Is(err, ErrEncoding) {
				t.Fatalf("parse error of another class: %v", err)
			}
			return
		}
		again, err := s.MarshalBinary()
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("accepted seed does not re-encode to itself: %v", err)
		}
		if _, err := s.Derive(testID()); err != nil {
			t.Fatalf("parsed seed does not derive: %v", err)
		}
	})
}
