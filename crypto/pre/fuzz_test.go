package pre

import (
	"bytes"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/internal/nearvalid"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

type codec interface {
	MarshalBinary() ([]byte, error)
	UnmarshalBinary([]byte) error
}

// fuzzCanonical checks that whatever parses re-encodes to the same bytes, so
// every accepted encoding is the unique one for its value.
func fuzzCanonical(t *testing.T, v codec, b []byte) bool {
	if err := v.UnmarshalBinary(b); err != nil {
		if !errors.Is(err, ErrEncoding) {
			t.Fatalf("parse error is not ErrEncoding: %v", err)
		}
		return false
	}
	again, err := v.MarshalBinary()
	if err != nil {
		t.Fatalf("parsed value does not marshal: %v", err)
	}
	if !bytes.Equal(again, b) {
		t.Fatalf("non-canonical encoding accepted:\n in  %x\n out %x", b, again)
	}
	return true
}

// seeds registers each value's encoding and near-valid variants of it: every point (at
// pointsAt) and scalar (at scalarsAt) replaced in turn by one a parser must reject, a byte too
// few or too many, and the type tag flipped.
func seeds(f *testing.F, pointsAt, scalarsAt []int, vs ...interface{ MarshalBinary() ([]byte, error) }) {
	for _, v := range vs {
		b, err := v.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		fuzzcorpus.Bytes(f, b)
		fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(b, 0)...)
		fuzzcorpus.Bytes(f, nearvalid.Points(b, pointsAt...)...)
		fuzzcorpus.Bytes(f, nearvalid.Scalars(b, scalarsAt...)...)
	}
	fuzzcorpus.Bytes(f, []byte{})
}

func FuzzPublicKey(f *testing.F) {
	fx := newFixture(f)
	seeds(f, []int{1, 1 + group.PointSize}, nil, fx.alice.Public(), fx.bob.Public())
	f.Fuzz(func(t *testing.T, b []byte) {
		var pk PublicKey
		if fuzzCanonical(t, &pk, b) {
			if _, err := Encrypt(nil, &pk, fx.dataKey); err != nil {
				t.Fatalf("parsed public key unusable: %v", err)
			}
		}
	})
}

func FuzzPrivateKey(f *testing.F) {
	fx := newFixture(f)
	seeds(f, nil, []int{1, 1 + fr.Bytes}, fx.alice, fx.bob)
	f.Fuzz(func(t *testing.T, b []byte) {
		var sk PrivateKey
		if fuzzCanonical(t, &sk, b) {
			ct, err := Encrypt(nil, sk.Public(), fx.dataKey)
			if err != nil {
				t.Fatal(err)
			}
			if m, err := sk.Decrypt(ct); err != nil || m != fx.dataKey {
				t.Fatalf("parsed private key does not decrypt: %v", err)
			}
		}
	})
}

func FuzzCiphertext(f *testing.F) {
	fx := newFixture(f)
	seeds(f, []int{1, 1 + group.PointSize}, []int{CiphertextSize - fr.Bytes}, fx.ct)
	f.Fuzz(func(t *testing.T, b []byte) {
		var ct Ciphertext
		if !fuzzCanonical(t, &ct, b) {
			return
		}
		// Whatever passes the proxy's check must not then be called invalid
		// by the delegator, and the proxy must agree with the check.
		checkErr := ct.Check(fx.alice.Public())
		_, decErr := fx.alice.Decrypt(&ct)
		_, reErr := ReEncrypt(fx.rk, &ct)
		if (checkErr == nil) != (reErr == nil) {
			t.Fatalf("check %v but re-encrypt %v", checkErr, reErr)
		}
		if checkErr == nil && errors.Is(decErr, ErrInvalidCiphertext) {
			t.Fatal("Decrypt and Check disagree")
		}
		if checkErr != nil && !errors.Is(decErr, ErrInvalidCiphertext) {
			t.Fatalf("Decrypt accepted what Check rejects: %v", decErr)
		}
	})
}

func FuzzReKey(f *testing.F) {
	fx := newFixture(f)
	seeds(f, []int{1, 1 + group.PointSize, 1 + 2*group.PointSize + fr.Bytes}, []int{1 + 2*group.PointSize}, fx.rk)
	f.Fuzz(func(t *testing.T, b []byte) {
		var rk ReKey
		if fuzzCanonical(t, &rk, b) {
			if rk.Delegator().Equal(fx.alice.Public()) {
				if _, err := ReEncrypt(&rk, fx.ct); err != nil {
					t.Fatalf("rekey with the right delegator refuses: %v", err)
				}
			}
		}
	})
}

func FuzzReCiphertext(f *testing.F) {
	fx := newFixture(f)
	seeds(f, []int{1, 1 + group.PointSize + maskSize}, nil, fx.rct)
	f.Fuzz(func(t *testing.T, b []byte) {
		var rct ReCiphertext
		if !fuzzCanonical(t, &rct, b) {
			return
		}
		m, err := fx.bob.DecryptReEncrypted(&rct)
		if err != nil && !errors.Is(err, ErrDecryption) {
			t.Fatalf("unexpected error class: %v", err)
		}
		if err == nil && m != fx.dataKey {
			t.Fatal("decrypted to a key nobody encrypted")
		}
	})
}
