// Package dleq proves that two secp256k1 points share a discrete logarithm:
// given P = x·G for the standard generator G and Q = x·H for another base H,
// a proof convinces anyone that log_G P = log_H Q without revealing x
// (Chaum–Pedersen, made non-interactive with Fiat–Shamir).
//
// emrchain's proxy and committee nodes attach one to every fragment they
// publish: a re-encryption fragment E^{rk_i} against the commitment g^{rk_i}
// the patient fixed on chain at grant time (crypto/tpre), and a decryption or
// OPRF share against the node's public key share (crypto/tdec, crypto/toprf).
// A node that publishes anything else is caught, named, and recorded on chain
// by a fault report the contracts check themselves.
//
// # Transcript, chosen for the EVM
//
// The contracts verify a proof with ecrecover instead of curve arithmetic in
// Solidity. ecrecover(e, v, r, s) returns the address of r⁻¹(s·R − e·G), so
// one call yields the *address* of any a·R + b·G; it cannot yield a point. So
// the challenge hashes the first commitment A = k·G by its Ethereum address,
// and the second, B = k·H, as a point (the verifier rebuilds it from two
// ecrecover-checked multiples, see Witness):
//
//	c = keccak256("emrchain/dleq/v1" ‖ context ‖ P ‖ H ‖ Q ‖ addr(A) ‖ B) mod q
//	s = k + c·x
//
// with points as 64-byte x‖y, context a 32-byte value binding the proof to
// what it answers, and addr the last 20 bytes of keccak256(x‖y). Verification
// recomputes A = s·G − c·P and B = s·H − c·Q and compares challenges.
//
// # Security
//
// Special soundness: two accepting transcripts with the same commitments give
// x, so a prover without x forges with probability about 1/q per hash query.
// Hashing A by its 160-bit address keeps that: a forger must find k-free A
// with a chosen address, a keccak preimage problem. Honest-verifier zero
// knowledge: (c, s) are simulatable. The nonce k is hedged: derived from x,
// the statement, the context and 32 fresh random bytes, so a broken random
// source degrades to RFC 6979-style determinism rather than leaking x.
//
// Proving is variable time in x (gnark-crypto arithmetic). Verification only
// touches public values.
package dleq

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"golang.org/x/crypto/sha3"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// ProofSize is the encoding's length: c ‖ s, each 32 bytes big-endian.
const ProofSize = 2 * fr.Bytes

// domain separates this transcript from every other keccak input.
const domain = "emrchain/dleq/v1"

var (
	// ErrInvalidProof means the proof does not verify for the statement.
	ErrInvalidProof = errors.New("dleq: invalid proof")
	// ErrEncoding means a proof's bytes are malformed.
	ErrEncoding = errors.New("dleq: malformed proof")
	// ErrStatement means a statement has the identity among its points.
	ErrStatement = errors.New("dleq: statement has the identity")
)

// Statement is the claim log_G P = log_H Q.
type Statement struct {
	P secp256k1.G1Affine // x·G, the published key or commitment
	H secp256k1.G1Affine // the other base
	Q secp256k1.G1Affine // x·H, the fragment or share
}

// Proof is a Chaum–Pedersen proof (c, s).
type Proof struct {
	c, s fr.Element
}

// Prove proves st for the secret x, binding the proof to context. random
// supplies 32 hedging bytes (crypto/rand if nil). It does not check that st
// holds for x: a false statement yields a proof that fails Verify.
func Prove(random io.Reader, x *fr.Element, st *Statement, context [32]byte) (*Proof, error) {
	if err := st.check(); err != nil {
		return nil, err
	}
	return prove(random, x, st, context, group.NewTable(&st.H))
}

// ProveExp computes Q = x·H and proves log_G P = log_H Q for it, with
// P = x·G given: the step of a node that answers with x·H (a re-encryption
// fragment, a decryption share). It builds H's precomputed multiples once
// for both x·H and the proof's k·H, and its proof is exactly Prove's for
// the statement (P, H, Q) and the same randomness.
func ProveExp(random io.Reader, x *fr.Element, p, h *secp256k1.G1Affine, context [32]byte) (secp256k1.G1Affine, *Proof, error) {
	st := Statement{P: *p, H: *h}
	if p.IsInfinity() || h.IsInfinity() {
		return secp256k1.G1Affine{}, nil, ErrStatement
	}
	tab := group.NewTable(h)
	qj := tab.Mul(x)
	st.Q = group.Affine(&qj)
	if err := st.check(); err != nil {
		return secp256k1.G1Affine{}, nil, err
	}
	proof, err := prove(random, x, &st, context, tab)
	if err != nil {
		return secp256k1.G1Affine{}, nil, err
	}
	return st.Q, proof, nil
}

// prove is Prove with H's table given.
func prove(random io.Reader, x *fr.Element, st *Statement, context [32]byte, h *group.Table) (*Proof, error) {
	k, err := nonce(random, x, st, context)
	if err != nil {
		return nil, err
	}
	aj := group.BaseMul(&k)
	bj := h.Mul(&k)
	pts := group.BatchAffine([]secp256k1.G1Jac{aj, bj})
	p := &Proof{c: challenge(st, context, group.Address(&pts[0]), &pts[1])}
	p.s.Mul(&p.c, x).Add(&p.s, &k)
	return p, nil
}

// Verify checks the proof for st and context.
func Verify(st *Statement, p *Proof, context [32]byte) error {
	if err := st.check(); err != nil {
		return err
	}
	if p == nil {
		return ErrInvalidProof
	}
	var negC fr.Element
	negC.Neg(&p.c)
	g := generator()
	aj := group.MulAdd(&g, &p.s, &st.P, &negC)
	bj := group.MulAdd(&st.H, &p.s, &st.Q, &negC)
	pts := group.BatchAffine([]secp256k1.G1Jac{aj, bj})
	if pts[0].IsInfinity() || pts[1].IsInfinity() {
		return ErrInvalidProof
	}
	c := challenge(st, context, group.Address(&pts[0]), &pts[1])
	if !c.Equal(&p.c) {
		return ErrInvalidProof
	}
	return nil
}

// Witness returns the two points an EVM verifier needs besides the proof:
// U = s·H and V = c·Q. It checks each with ecrecover (as addresses) and gets
// B = U − V with one affine addition, so Solidity never multiplies.
func (p *Proof) Witness(st *Statement) (u, v secp256k1.G1Affine) {
	uj := group.Mul(&st.H, &p.s)
	vj := group.Mul(&st.Q, &p.c)
	pts := group.BatchAffine([]secp256k1.G1Jac{uj, vj})
	return pts[0], pts[1]
}

// MarshalBinary returns c ‖ s.
func (p *Proof) MarshalBinary() ([]byte, error) {
	c, s := p.c.Bytes(), p.s.Bytes()
	out := make([]byte, 0, ProofSize)
	out = append(out, c[:]...)
	return append(out, s[:]...), nil
}

// UnmarshalBinary parses c ‖ s, rejecting values ≥ q; p is unchanged on error.
func (p *Proof) UnmarshalBinary(b []byte) error {
	if len(b) != ProofSize {
		return fmt.Errorf("%w: %d bytes, want %d", ErrEncoding, len(b), ProofSize)
	}
	var parsed Proof
	if parsed.c.SetBytesCanonical(b[:fr.Bytes]) != nil || parsed.s.SetBytesCanonical(b[fr.Bytes:]) != nil {
		return fmt.Errorf("%w: scalar out of range", ErrEncoding)
	}
	*p = parsed
	return nil
}

// Challenge returns c, for callers that must pass it to an EVM verifier.
func (p *Proof) Challenge() [32]byte { return p.c.Bytes() }

// Response returns s, likewise.
func (p *Proof) Response() [32]byte { return p.s.Bytes() }

func (st *Statement) check() error {
	if st == nil || st.P.IsInfinity() || st.H.IsInfinity() || st.Q.IsInfinity() {
		return ErrStatement
	}
	return nil
}

func challenge(st *Statement, context [32]byte, addrA [20]byte, b *secp256k1.G1Affine) fr.Element {
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(domain))
	h.Write(context[:])
	for _, pt := range []*secp256k1.G1Affine{&st.P, &st.H, &st.Q} {
		u := group.EncodeUncompressed(pt)
		h.Write(u[:])
	}
	h.Write(addrA[:])
	u := group.EncodeUncompressed(b)
	h.Write(u[:])
	var sum [32]byte
	h.Sum(sum[:0])
	var c fr.Element
	c.SetBytes(sum[:]) // reduces mod q, as the contract does with `% N`
	return c
}

// nonce derives k = HMAC-SHA256 expansion of x keyed material, hedged with
// fresh randomness, mapped to Z_q^* with 48 bytes.
func nonce(random io.Reader, x *fr.Element, st *Statement, context [32]byte) (fr.Element, error) {
	if random == nil {
		random = defaultRand
	}
	var hedge [32]byte
	if _, err := io.ReadFull(random, hedge[:]); err != nil {
		return fr.Element{}, fmt.Errorf("dleq: read randomness: %w", err)
	}
	xb := x.Bytes()
	mac := hmac.New(sha256.New, xb[:])
	mac.Write([]byte(domain + "/nonce"))
	mac.Write(hedge[:])
	mac.Write(context[:])
	for _, pt := range []*secp256k1.G1Affine{&st.P, &st.H, &st.Q} {
		e := group.Encode(pt)
		mac.Write(e[:])
	}
	seed := mac.Sum(nil)
	var wide [group.WideBytes]byte
	for i, off := byte(0), 0; off < len(wide); i++ {
		m := hmac.New(sha256.New, seed)
		m.Write([]byte{i})
		off += copy(wide[off:], m.Sum(nil))
	}
	return group.ScalarFromWide(wide[:]), nil
}

var defaultRand = rand.Reader

func generator() secp256k1.G1Affine {
	_, g := secp256k1.Generators()
	return g
}
