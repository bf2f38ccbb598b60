package dleq

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/internal/nearvalid"
	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors.json")

func testRand(seed byte) *rand.ChaCha8 { return rand.NewChaCha8([32]byte{seed}) }

type fixture struct {
	x   fr.Element
	st  Statement
	ctx [32]byte
}

func newFixture(t testing.TB, seed byte) fixture {
	t.Helper()
	r := testRand(seed)
	x, err := group.RandomScalar(r)
	if err != nil {
		t.Fatal(err)
	}
	h, err := group.RandomScalar(r)
	if err != nil {
		t.Fatal(err)
	}
	g := generator()
	var f fixture
	f.x = x
	f.st.P = mulAffine(&g, &x)
	f.st.H = mulAffine(&g, &h)
	f.st.Q = mulAffine(&f.st.H, &x)
	r.Read(f.ctx[:])
	return f
}

func mulAffine(p *secp256k1.G1Affine, k *fr.Element) secp256k1.G1Affine {
	j := group.Mul(p, k)
	return group.Affine(&j)
}

func TestProveVerify(t *testing.T) {
	for seed := byte(0); seed < 16; seed++ {
		f := newFixture(t, seed)
		p, err := Prove(testRand(seed+100), &f.x, &f.st, f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := Verify(&f.st, p, f.ctx); err != nil {
			t.Fatalf("seed %d: honest proof rejected: %v", seed, err)
		}
		b, _ := p.MarshalBinary()
		var q Proof
		if err := q.UnmarshalBinary(b); err != nil {
			t.Fatal(err)
		}
		if err := Verify(&f.st, &q, f.ctx); err != nil {
			t.Fatalf("seed %d: round-tripped proof rejected: %v", seed, err)
		}
	}
}

// TestForgedProofsFail: every way of presenting a proof for something other
// than what was proved must fail.
func TestForgedProofsFail(t *testing.T) {
	f := newFixture(t, 1)
	p, _ := Prove(testRand(2), &f.x, &f.st, f.ctx)
	other := newFixture(t, 3)
	var one fr.Element
	one.SetOne()

	cases := map[string]func() (*Statement, *Proof, [32]byte){
		"another context": func() (*Statement, *Proof, [32]byte) {
			ctx := f.ctx
			ctx[0] ^= 1
			return &f.st, p, ctx
		},
		"another fragment": func() (*Statement, *Proof, [32]byte) {
			st := f.st
			st.Q = other.st.Q
			return &st, p, f.ctx
		},
		"another commitment": func() (*Statement, *Proof, [32]byte) {
			st := f.st
			st.P = other.st.P
			return &st, p, f.ctx
		},
		"another base": func() (*Statement, *Proof, [32]byte) {
			st := f.st
			st.H = other.st.H
			return &st, p, f.ctx
		},
		"c + 1": func() (*Statement, *Proof, [32]byte) {
			q := *p
			q.c.Add(&q.c, &one)
			return &f.st, &q, f.ctx
		},
		"s + 1": func() (*Statement, *Proof, [32]byte) {
			q := *p
			q.s.Add(&q.s, &one)
			return &f.st, &q, f.ctx
		},
		"false statement proved with the real key": func() (*Statement, *Proof, [32]byte) {
			// Q' = (x+1)·H but proved with x.
			st := f.st
			var x1 fr.Element
			x1.Add(&f.x, &one)
			st.Q = mulAffine(&st.H, &x1)
			q, err := Prove(testRand(4), &f.x, &st, f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			return &st, q, f.ctx
		},
		"wrong key for a true statement": func() (*Statement, *Proof, [32]byte) {
			q, err := Prove(testRand(5), &other.x, &f.st, f.ctx)
			if err != nil {
				t.Fatal(err)
			}
			return &f.st, q, f.ctx
		},
		"nil proof": func() (*Statement, *Proof, [32]byte) { return &f.st, nil, f.ctx },
	}
	for name, mk := range cases {
		st, q, ctx := mk()
		if err := Verify(st, q, ctx); !errors.Is(err, ErrInvalidProof) {
			t.Errorf("%s: err = %v, want ErrInvalidProof", name, err)
		}
	}
	st := f.st
	st.Q = secp256k1.G1Affine{}
	if err := Verify(&st, p, f.ctx); !errors.Is(err, ErrStatement) {
		t.Errorf("identity fragment: err = %v, want ErrStatement", err)
	}
	if _, err := Prove(nil, &f.x, &st, f.ctx); !errors.Is(err, ErrStatement) {
		t.Errorf("prove with identity fragment: err = %v, want ErrStatement", err)
	}
}

// TestWitnessRebuildsB checks the EVM route: U − V equals the commitment B the
// challenge hashed, and s·G − c·P has the address the challenge hashed.
func TestWitnessRebuildsB(t *testing.T) {
	f := newFixture(t, 6)
	p, _ := Prove(testRand(7), &f.x, &f.st, f.ctx)
	u, v := p.Witness(&f.st)
	var negV, b secp256k1.G1Affine
	negV.Neg(&v)
	b.Add(&u, &negV)
	var negC fr.Element
	negC.Neg(&p.c)
	g := generator()
	aj := group.MulAdd(&g, &p.s, &f.st.P, &negC)
	a := group.Affine(&aj)
	if c := challenge(&f.st, f.ctx, group.Address(&a), &b); !c.Equal(&p.c) {
		t.Fatal("challenge from the witness route differs from the proof's")
	}
}

func TestHedgedNonce(t *testing.T) {
	f := newFixture(t, 8)
	a, _ := Prove(testRand(9), &f.x, &f.st, f.ctx)
	b, _ := Prove(testRand(9), &f.x, &f.st, f.ctx)
	c, _ := Prove(testRand(10), &f.x, &f.st, f.ctx)
	ab, _ := a.MarshalBinary()
	bb, _ := b.MarshalBinary()
	cb, _ := c.MarshalBinary()
	if !bytes.Equal(ab, bb) {
		t.Fatal("same randomness gave different proofs")
	}
	if bytes.Equal(ab, cb) {
		t.Fatal("different randomness gave the same proof")
	}
	if _, err := Prove(bytes.NewReader(make([]byte, 3)), &f.x, &f.st, f.ctx); err == nil {
		t.Fatal("short randomness accepted")
	}
}

func TestUnmarshalRejects(t *testing.T) {
	q := fr.Modulus().Bytes()
	var qPadded [32]byte
	copy(qPadded[32-len(q):], q)
	good := make([]byte, ProofSize)
	good[31], good[63] = 1, 2
	for name, in := range map[string][]byte{
		"empty": nil,
		"short": good[:63],
		"long":  append(append([]byte(nil), good...), 0),
		"c = q": append(qPadded[:], good[32:]...),
		"s = q": append(append([]byte(nil), good[:32]...), qPadded[:]...),
	} {
		p := Proof{}
		p.c.SetOne()
		before := p
		if err := p.UnmarshalBinary(in); !errors.Is(err, ErrEncoding) {
			t.Errorf("%s: err = %v, want ErrEncoding", name, err)
		}
		if p != before {
			t.Errorf("%s: proof changed on error", name)
		}
	}
}

// vector is one case for the Solidity verifier (solidity/test), in the
// uncompressed x‖y form it takes. Valid says whether it must accept.
type vector struct {
	Name    string `json:"name"`
	Valid   bool   `json:"valid"`
	Context string `json:"context"`
	P       string `json:"p"`
	H       string `json:"h"`
	Q       string `json:"q"`
	C       string `json:"c"`
	S       string `json:"s"`
	U       string `json:"u"`
	V       string `json:"v"`
}

func makeVectors(t *testing.T) []vector {
	var out []vector
	add := func(name string, valid bool, st *Statement, p *Proof, ctx [32]byte) {
		u, v := p.Witness(st)
		hx := func(pt *secp256k1.G1Affine) string {
			e := group.EncodeUncompressed(pt)
			return hex.EncodeToString(e[:])
		}
		c, s := p.Challenge(), p.Response()
		out = append(out, vector{
			Name: name, Valid: valid, Context: hex.EncodeToString(ctx[:]),
			P: hx(&st.P), H: hx(&st.H), Q: hx(&st.Q),
			C: hex.EncodeToString(c[:]), S: hex.EncodeToString(s[:]),
			U: hx(&u), V: hx(&v),
		})
	}
	for seed := byte(20); seed < 24; seed++ {
		f := newFixture(t, seed)
		p, _ := Prove(testRand(seed+50), &f.x, &f.st, f.ctx)
		add("valid", true, &f.st, p, f.ctx)
		if seed == 20 {
			wrong := f.st
			other := newFixture(t, 99)
			wrong.Q = other.st.Q
			add("fragment from another key", false, &wrong, p, f.ctx)
			ctx := f.ctx
			ctx[31] ^= 0x80
			add("another context", false, &f.st, p, ctx)
			var x1, one fr.Element
			one.SetOne()
			x1.Add(&f.x, &one)
			lie := f.st
			lie.Q = mulAffine(&lie.H, &x1)
			lp, _ := Prove(testRand(3), &f.x, &lie, f.ctx)
			add("false fragment proved with the real key", false, &lie, lp, f.ctx)
		}
	}
	return out
}

// TestVectors pins the transcript (hash input, reduction, encodings) with
// vectors the Solidity verifier's test reads; -update rewrites them.
func TestVectors(t *testing.T) {
	const path = "testdata/vectors.json"
	got := makeVectors(t)
	for _, v := range got {
		var st Statement
		var p Proof
		dec := func(s string) secp256k1.G1Affine {
			b, _ := hex.DecodeString(s)
			pt, err := group.DecodeUncompressed(b)
			if err != nil {
				t.Fatal(err)
			}
			return pt
		}
		st.P, st.H, st.Q = dec(v.P), dec(v.H), dec(v.Q)
		cb, _ := hex.DecodeString(v.C)
		sb, _ := hex.DecodeString(v.S)
		if err := p.UnmarshalBinary(append(cb, sb...)); err != nil {
			t.Fatal(err)
		}
		var ctx [32]byte
		cx, _ := hex.DecodeString(v.Context)
		copy(ctx[:], cx)
		if err := Verify(&st, &p, ctx); (err == nil) != v.Valid {
			t.Fatalf("vector %q: Verify err = %v, want valid=%v", v.Name, err, v.Valid)
		}
	}
	enc, _ := json.MarshalIndent(struct {
		Comment string   `json:"comment"`
		Vectors []vector `json:"vectors"`
	}{"crypto/dleq transcript vectors; points are uncompressed x‖y, scalars 32-byte big-endian; u = s·H, v = c·Q", got}, "", "  ")
	enc = append(enc, '\n')
	if *update {
		if err := os.WriteFile(path, enc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once)", err)
	}
	if !bytes.Equal(want, enc) {
		t.Fatal("vectors differ from testdata/vectors.json: the transcript changed (rerun with -update only if intended)")
	}
}

func FuzzUnmarshalBinary(f *testing.F) {
	fx := newFixture(f, 1)
	p, _ := Prove(testRand(2), &fx.x, &fx.st, fx.ctx)
	good, _ := p.MarshalBinary()
	fuzzcorpus.Bytes(f, good, good[:40], bytes.Repeat([]byte{0xff}, ProofSize))
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(good, 0, 31, 32, 63)...)
	fuzzcorpus.Bytes(f, nearvalid.Scalars(good, 0, 32)...)
	// A valid proof for another statement.
	other := newFixture(f, 9)
	q, _ := Prove(testRand(3), &other.x, &other.st, other.ctx)
	ob, _ := q.MarshalBinary()
	fuzzcorpus.Bytes(f, ob)
	f.Fuzz(func(t *testing.T, b []byte) {
		var q Proof
		if err := q.UnmarshalBinary(b); err != nil {
			return
		}
		out, _ := q.MarshalBinary()
		if !bytes.Equal(out, b) {
			t.Fatal("accepted a non-canonical encoding")
		}
		// Whatever parses must not verify unless it is the genuine proof.
		if err := Verify(&fx.st, &q, fx.ctx); err == nil && !bytes.Equal(b, good) {
			t.Fatal("a proof other than the genuine one verified")
		}
	})
}

func BenchmarkProve(b *testing.B) {
	f := newFixture(b, 1)
	r := testRand(2)
	for b.Loop() {
		if _, err := Prove(r, &f.x, &f.st, f.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	f := newFixture(b, 1)
	p, _ := Prove(testRand(2), &f.x, &f.st, f.ctx)
	for b.Loop() {
		if err := Verify(&f.st, p, f.ctx); err != nil {
			b.Fatal(err)
		}
	}
}

// TestProveExp: the combined step returns x·H and exactly the proof Prove
// gives for that statement with the same randomness.
func TestProveExp(t *testing.T) {
	for seed := byte(20); seed < 28; seed++ {
		f := newFixture(t, seed)
		q, p, err := ProveExp(testRand(seed+50), &f.x, &f.st.P, &f.st.H, f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !q.Equal(&f.st.Q) {
			t.Fatalf("seed %d: ProveExp's Q is not x·H", seed)
		}
		want, err := Prove(testRand(seed+50), &f.x, &f.st, f.ctx)
		if err != nil {
			t.Fatal(err)
		}
		pb, _ := p.MarshalBinary()
		wb, _ := want.MarshalBinary()
		if !bytes.Equal(pb, wb) {
			t.Fatalf("seed %d: ProveExp's proof differs from Prove's", seed)
		}
		if err := Verify(&f.st, p, f.ctx); err != nil {
			t.Fatal(err)
		}
	}
	f := newFixture(t, 30)
	var id secp256k1.G1Affine
	if _, _, err := ProveExp(nil, &f.x, &id, &f.st.H, f.ctx); !errors.Is(err, ErrStatement) {
		t.Errorf("identity P: %v", err)
	}
	if _, _, err := ProveExp(nil, &f.x, &f.st.P, &id, f.ctx); !errors.Is(err, ErrStatement) {
		t.Errorf("identity H: %v", err)
	}
	var zero fr.Element
	if _, _, err := ProveExp(nil, &zero, &f.st.P, &f.st.H, f.ctx); !errors.Is(err, ErrStatement) {
		t.Errorf("x = 0 (Q the identity): %v", err)
	}
}

func BenchmarkProveExp(b *testing.B) {
	f := newFixture(b, 1)
	r := testRand(2)
	for b.Loop() {
		if _, _, err := ProveExp(r, &f.x, &f.st.P, &f.st.H, f.ctx); err != nil {
			b.Fatal(err)
		}
	}
}
