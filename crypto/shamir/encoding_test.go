package shamir

import (
	"bytes"
	"errors"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

// nearValid is an input a parser must refuse, named for what is wrong.
type nearValid struct {
	Name string
	Data []byte
}

func datas(in []nearValid) [][]byte {
	out := make([][]byte, len(in))
	for i := range in {
		out[i] = in[i].Data
	}
	return out
}

func fixturePolynomial(t testing.TB) (*Polynomial, []Share) {
	t.Helper()
	s := secret(t, 3)
	p, err := NewPolynomial(testRand(4), &s, 3)
	if err != nil {
		t.Fatal(err)
	}
	shares, err := p.Shares(5)
	if err != nil {
		t.Fatal(err)
	}
	return p, shares
}

func TestShareRoundTrip(t *testing.T) {
	_, shares := fixturePolynomial(t)
	for _, s := range shares {
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Share
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if got != s {
			t.Fatalf("round trip changed share %d", s.Index)
		}
	}
	if _, err := (&Share{Index: 0}).MarshalBinary(); !errors.Is(err, ErrIndices) {
		t.Fatalf("index 0 marshalled: %v", err)
	}
}

func TestCommitmentsRoundTrip(t *testing.T) {
	p, _ := fixturePolynomial(t)
	c := p.Commitments()
	b, err := c.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var got Commitments
	if err := got.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(c) {
		t.Fatal("length changed")
	}
	for i := range c {
		if !got[i].Equal(&c[i]) {
			t.Fatalf("commitment %d changed", i)
		}
	}
}

// badShares and badCommitments are the near-valid encodings the parsers
// must refuse; they also seed the fuzz corpora.
func badShares(t testing.TB) []nearValid {
	_, shares := fixturePolynomial(t)
	good, _ := shares[1].MarshalBinary()
	q := fr.Modulus().Bytes()
	withValue := func(v []byte) []byte { return append([]byte{good[0]}, v...) }
	withIndex := func(i byte) []byte { b := bytes.Clone(good); b[0] = i; return b }
	return []nearValid{
		{Name: "index 0", Data: withIndex(0)},
		{Name: "index 17", Data: withIndex(MaxShares + 1)},
		{Name: "index 255", Data: withIndex(0xff)},
		{Name: "value q", Data: withValue(q)},
		{Name: "value all ones", Data: withValue(bytes.Repeat([]byte{0xff}, 32))},
		{Name: "truncated", Data: good[:ShareSize-1]},
		{Name: "trailing byte", Data: append(bytes.Clone(good), 0)},
		{Name: "empty", Data: nil},
	}
}

func badCommitments(t testing.TB) []nearValid {
	p, _ := fixturePolynomial(t)
	good, _ := p.Commitments().MarshalBinary()
	mut := func(f func(b []byte) []byte) []byte { return f(bytes.Clone(good)) }
	return []nearValid{
		{Name: "count 0", Data: mut(func(b []byte) []byte { b[0] = 0; return b })},
		{Name: "count one more than present", Data: mut(func(b []byte) []byte { b[0]++; return b })},
		{Name: "count 17", Data: mut(func(b []byte) []byte { b[0] = MaxShares + 1; return b })},
		{Name: "identity as zeros", Data: mut(func(b []byte) []byte { copy(b[1+33:], make([]byte, 33)); return b })},
		{Name: "x with no point", Data: mut(func(b []byte) []byte { copy(b[2:34], bytes.Repeat([]byte{0}, 31)); b[33] = 5; return b })},
		{Name: "x = p", Data: mut(func(b []byte) []byte {
			copy(b[2:34], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xfc, 0x2f})
			return b
		})},
		{Name: "uncompressed prefix", Data: mut(func(b []byte) []byte { b[1] = 0x04; return b })},
		{Name: "truncated", Data: good[:len(good)-1]},
		{Name: "trailing byte", Data: append(bytes.Clone(good), 0)},
	}
}

func TestUnmarshalRejectsNearValid(t *testing.T) {
	for _, e := range badShares(t) {
		var s Share
		s.Index = 9
		if err := s.UnmarshalBinary(e.Data); !errors.Is(err, ErrEncoding) {
			t.Errorf("share %s: err = %v, want ErrEncoding", e.Name, err)
		}
		if s.Index != 9 {
			t.Errorf("share %s: changed on error", e.Name)
		}
	}
	for _, e := range badCommitments(t) {
		var c Commitments
		if err := c.UnmarshalBinary(e.Data); !errors.Is(err, ErrEncoding) {
			t.Errorf("commitments %s: err = %v, want ErrEncoding", e.Name, err)
		}
		if c != nil {
			t.Errorf("commitments %s: changed on error", e.Name)
		}
	}
}

func FuzzShareUnmarshalBinary(f *testing.F) {
	_, shares := fixturePolynomial(f)
	good, _ := shares[0].MarshalBinary()
	fuzzcorpus.Bytes(f, good)
	fuzzcorpus.Bytes(f, datas(badShares(f))...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Share
		if err := s.UnmarshalBinary(b); err != nil {
			return
		}
		out, err := s.MarshalBinary()
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("accepted %x but re-encodes to %x (%v)", b, out, err)
		}
	})
}

func FuzzCommitmentsUnmarshalBinary(f *testing.F) {
	p, _ := fixturePolynomial(f)
	good, _ := p.Commitments().MarshalBinary()
	fuzzcorpus.Bytes(f, good)
	fuzzcorpus.Bytes(f, datas(badCommitments(f))...)
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Commitments
		if err := c.UnmarshalBinary(b); err != nil {
			return
		}
		out, err := c.MarshalBinary()
		if err != nil || !bytes.Equal(out, b) {
			t.Fatalf("accepted %x but re-encodes to %x (%v)", b, out, err)
		}
	})
}
