// Package shamir is Shamir secret sharing over the scalar field of secp256k1,
// with Feldman commitments, Lagrange interpolation of scalars and of points
// ("in the exponent"), and the dual-code degree check of SCRAPE.
//
// emrchain shares three kinds of secrets this way, always among the enrolled
// nodes of a committee: a patient's re-encryption key for one grant
// (crypto/tpre), the committee's own decryption key, dealt jointly in a
// distributed key generation (crypto/dkg), and a patient's keyword-index key
// (crypto/toprf). A share's index is the member's position in the committee,
// 1 to MaxShares; index 0 is where the secret sits.
//
// # Security
//
// Any t−1 shares of a degree t−1 polynomial are uniformly distributed and
// independent of the secret: information-theoretic secrecy, as long as the
// coefficients come from a good random source. Feldman commitments C_j = a_j·G
// reveal the secret's public image C_0 = secret·G and let each holder check
// its share against them; they hide the secret only computationally (discrete
// logarithm). A dealer who publishes commitments of a higher degree than it
// claims is caught by CheckDegree.
//
// Arithmetic is variable time (gnark-crypto's), which leaks timing of the
// operations on the host that holds the secret. Shares are secrets: keep them
// out of logs and encode them only into sealed containers.
package shamir

import (
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/internal/group"
)

// MaxShares bounds a committee: indices are single bytes on the wire and
// committee member sets are 16-bit masks on chain.
const MaxShares = 16

var (
	// ErrParameters reports a threshold or share count out of range.
	ErrParameters = errors.New("shamir: invalid threshold or share count")
	// ErrIndices reports a set of share indices with a zero, an index above
	// MaxShares or a repeat.
	ErrIndices = errors.New("shamir: invalid share indices")
	// ErrShare reports a share that does not match its commitments.
	ErrShare = errors.New("shamir: share does not match the commitments")
)

// Share is one holder's evaluation f(Index) of the secret polynomial.
type Share struct {
	Index uint8
	Value fr.Element
}

// Polynomial is a secret polynomial f of degree Threshold()−1 with f(0) the
// shared secret. It holds the secret: drop it once the shares are out.
type Polynomial struct {
	coeffs []fr.Element
}

// NewPolynomial draws a polynomial of degree threshold−1 with constant term
// secret, the other coefficients uniform from random (crypto/rand if nil).
func NewPolynomial(random io.Reader, secret *fr.Element, threshold int) (*Polynomial, error) {
	if threshold < 1 || threshold > MaxShares {
		return nil, fmt.Errorf("%w: threshold %d", ErrParameters, threshold)
	}
	p := &Polynomial{coeffs: make([]fr.Element, threshold)}
	p.coeffs[0] = *secret
	for i := 1; i < threshold; i++ {
		c, err := group.RandomScalar(random)
		if err != nil {
			return nil, fmt.Errorf("shamir: coefficient: %w", err)
		}
		p.coeffs[i] = c
	}
	return p, nil
}

// Threshold is the number of shares that recover the secret.
func (p *Polynomial) Threshold() int { return len(p.coeffs) }

// Eval returns f(x).
func (p *Polynomial) Eval(x uint8) fr.Element {
	var xe, acc fr.Element
	xe.SetUint64(uint64(x))
	for i := len(p.coeffs) - 1; i >= 0; i-- {
		acc.Mul(&acc, &xe).Add(&acc, &p.coeffs[i])
	}
	return acc
}

// Shares returns f(1), …, f(n).
func (p *Polynomial) Shares(n int) ([]Share, error) {
	if n < p.Threshold() || n > MaxShares {
		return nil, fmt.Errorf("%w: %d shares for threshold %d", ErrParameters, n, p.Threshold())
	}
	out := make([]Share, n)
	for i := range out {
		idx := uint8(i + 1)
		out[i] = Share{Index: idx, Value: p.Eval(idx)}
	}
	return out, nil
}

// Commitments returns the Feldman commitments a_j·G of the coefficients.
func (p *Polynomial) Commitments() Commitments {
	jac := make([]secp256k1.G1Jac, len(p.coeffs))
	for i := range p.coeffs {
		jac[i] = group.BaseMul(&p.coeffs[i])
	}
	return group.BatchAffine(jac)
}

// Commitments are Feldman commitments C_0 … C_{t−1} to a polynomial's
// coefficients; C_0 is the secret's public image.
type Commitments []secp256k1.G1Affine

// Secret returns C_0 = secret·G.
func (c Commitments) Secret() secp256k1.G1Affine { return c[0] }

// At returns f(x)·G = Σ_j x^j·C_j, the public image of the share at x.
func (c Commitments) At(x uint8) secp256k1.G1Affine {
	scalars := make([]fr.Element, len(c))
	var xe fr.Element
	xe.SetUint64(uint64(x))
	scalars[0].SetOne()
	for j := 1; j < len(c); j++ {
		scalars[j].Mul(&scalars[j-1], &xe)
	}
	sum := group.MultiMul(c, scalars)
	return group.Affine(&sum)
}

// Verify checks share.Value·G = At(share.Index).
func (c Commitments) Verify(share *Share) error {
	if share.Index == 0 || share.Index > MaxShares {
		return fmt.Errorf("%w: index %d", ErrIndices, share.Index)
	}
	want := c.At(share.Index)
	got := group.BaseMul(&share.Value)
	var w secp256k1.G1Jac
	w.FromAffine(&want)
	if !got.Equal(&w) {
		return ErrShare
	}
	return nil
}

// Lagrange returns the coefficients λ_i with f(0) = Σ λ_i·f(x_i) for any
// polynomial of degree below len(indices).
func Lagrange(indices []uint8) ([]fr.Element, error) {
	if err := checkIndices(indices); err != nil {
		return nil, err
	}
	xs := make([]fr.Element, len(indices))
	for i, x := range indices {
		xs[i].SetUint64(uint64(x))
	}
	nums := make([]fr.Element, len(indices))
	dens := make([]fr.Element, len(indices))
	for i := range xs {
		nums[i].SetOne()
		dens[i].SetOne()
		for j := range xs {
			if i == j {
				continue
			}
			// λ_i = Π x_j / (x_j − x_i)
			var d fr.Element
			d.Sub(&xs[j], &xs[i])
			nums[i].Mul(&nums[i], &xs[j])
			dens[i].Mul(&dens[i], &d)
		}
	}
	inv := fr.BatchInvert(dens)
	for i := range nums {
		nums[i].Mul(&nums[i], &inv[i])
	}
	return nums, nil
}

// Combine recovers f(0) from at least threshold shares (all given shares are
// used, so pass exactly the ones you trust).
func Combine(shares []Share) (fr.Element, error) {
	indices := make([]uint8, len(shares))
	for i := range shares {
		indices[i] = shares[i].Index
	}
	lambda, err := Lagrange(indices)
	if err != nil {
		return fr.Element{}, err
	}
	var sum, term fr.Element
	for i := range shares {
		term.Mul(&lambda[i], &shares[i].Value)
		sum.Add(&sum, &term)
	}
	return sum, nil
}

// CombinePoints returns Σ λ_i·P_i: the same interpolation in the exponent,
// for points P_i = f(x_i)·B on any common base B.
func CombinePoints(indices []uint8, points []secp256k1.G1Affine) (secp256k1.G1Affine, error) {
	if len(indices) != len(points) {
		return secp256k1.G1Affine{}, fmt.Errorf("%w: %d indices for %d points", ErrIndices, len(indices), len(points))
	}
	lambda, err := Lagrange(indices)
	if err != nil {
		return secp256k1.G1Affine{}, err
	}
	sum := group.MultiMul(points, lambda)
	return group.Affine(&sum), nil
}

// CheckDegree reports whether points P_1 … P_n (P_i the image of f(i) on a
// common base) lie on a polynomial of degree below threshold. It is
// CheckDegreeAt with the indices 1 … n.
func CheckDegree(random io.Reader, points []secp256k1.G1Affine, threshold int) (bool, error) {
	n := len(points)
	if n > MaxShares {
		return false, fmt.Errorf("%w: %d points", ErrParameters, n)
	}
	indices := make([]uint8, n)
	for i := range indices {
		indices[i] = uint8(i + 1)
	}
	return CheckDegreeAt(random, indices, points, threshold)
}

// CheckDegreeAt reports whether points P_i, the images of f(x_i) on a common
// base at the distinct indices x_i, lie on a polynomial of degree below
// threshold: SCRAPE's test Σ v_i·c(x_i)·P_i = 0 for a random polynomial c of
// degree n−threshold−1 and v_i = Π_{j≠i} 1/(x_i−x_j), the dual code of the
// Reed–Solomon code at those indices. A wrong vector passes with probability
// at most (n−threshold)/q over the choice of c. With n = threshold every
// vector lies on such a polynomial and the check is vacuous.
//
// The indices are the holders' positions in a committee, which a grant picks
// from among up to MaxShares members, so they need not be 1 … n.
func CheckDegreeAt(random io.Reader, indices []uint8, points []secp256k1.G1Affine, threshold int) (bool, error) {
	n := len(points)
	if threshold < 1 || n < threshold || n > MaxShares {
		return false, fmt.Errorf("%w: %d points for threshold %d", ErrParameters, n, threshold)
	}
	if len(indices) != n {
		return false, fmt.Errorf("%w: %d indices for %d points", ErrIndices, len(indices), n)
	}
	if err := checkIndices(indices); err != nil {
		return false, err
	}
	if n == threshold {
		return true, nil
	}
	coeffs := make([]fr.Element, n-threshold)
	for i := range coeffs {
		c, err := group.RandomScalar(random)
		if err != nil {
			return false, fmt.Errorf("shamir: degree check: %w", err)
		}
		coeffs[i] = c
	}
	dual := &Polynomial{coeffs: coeffs}
	xs := make([]fr.Element, n)
	for i, x := range indices {
		xs[i].SetUint64(uint64(x))
	}
	dens := make([]fr.Element, n)
	for i := range n {
		dens[i].SetOne()
		var d fr.Element
		for j := range n {
			if i == j {
				continue
			}
			d.Sub(&xs[i], &xs[j])
			dens[i].Mul(&dens[i], &d)
		}
	}
	inv := fr.BatchInvert(dens)
	scalars := make([]fr.Element, n)
	for i := range n {
		c := dual.Eval(indices[i])
		scalars[i].Mul(&inv[i], &c)
	}
	sum := group.MultiMul(points, scalars)
	return sum.Z.IsZero(), nil
}

func checkIndices(indices []uint8) error {
	if len(indices) == 0 {
		return fmt.Errorf("%w: none", ErrIndices)
	}
	var seen uint32
	for _, x := range indices {
		if x == 0 || x > MaxShares {
			return fmt.Errorf("%w: index %d", ErrIndices, x)
		}
		if seen&(1<<x) != 0 {
			return fmt.Errorf("%w: index %d repeated", ErrIndices, x)
		}
		seen |= 1 << x
	}
	return nil
}

// ErrEncoding reports a malformed share or commitment encoding.
var ErrEncoding = errors.New("shamir: malformed encoding")

// ShareSize is the length of an encoded share: index ‖ value.
const ShareSize = 1 + group.ScalarSize

// MarshalBinary encodes the share as its index byte and 32-byte big-endian
// value. The result is secret.
func (s *Share) MarshalBinary() ([]byte, error) {
	if s.Index == 0 || s.Index > MaxShares {
		return nil, fmt.Errorf("%w: index %d", ErrIndices, s.Index)
	}
	v := s.Value.Bytes()
	return append([]byte{s.Index}, v[:]...), nil
}

// UnmarshalBinary parses a share, rejecting an index outside 1..MaxShares
// and a value not below q. s is unchanged on error.
func (s *Share) UnmarshalBinary(b []byte) error {
	if len(b) != ShareSize {
		return fmt.Errorf("%w: share is %d bytes, want %d", ErrEncoding, len(b), ShareSize)
	}
	if b[0] == 0 || b[0] > MaxShares {
		return fmt.Errorf("%w: share index %d", ErrEncoding, b[0])
	}
	v, err := group.DecodeScalar(b[1:])
	if err != nil {
		return fmt.Errorf("%w: share value: %w", ErrEncoding, err)
	}
	*s = Share{Index: b[0], Value: v}
	return nil
}

// MarshalBinary encodes the commitments as a count byte followed by each
// point SEC 1 compressed (1 + 33·t bytes).
func (c Commitments) MarshalBinary() ([]byte, error) {
	if len(c) == 0 || len(c) > MaxShares {
		return nil, fmt.Errorf("%w: %d commitments", ErrEncoding, len(c))
	}
	out := make([]byte, 0, 1+len(c)*group.PointSize)
	out = append(out, byte(len(c)))
	for i := range c {
		if c[i].IsInfinity() {
			return nil, fmt.Errorf("%w: commitment %d is the identity", ErrEncoding, i)
		}
		e := group.Encode(&c[i])
		out = append(out, e[:]...)
	}
	return out, nil
}

// UnmarshalBinary parses commitments, requiring 1..MaxShares of them, each a
// valid compressed point other than the identity. c is unchanged on error.
func (c *Commitments) UnmarshalBinary(b []byte) error {
	if len(b) == 0 || b[0] == 0 || b[0] > MaxShares {
		return fmt.Errorf("%w: commitment count", ErrEncoding)
	}
	n := int(b[0])
	if len(b) != 1+n*group.PointSize {
		return fmt.Errorf("%w: %d bytes for %d commitments", ErrEncoding, len(b), n)
	}
	out := make(Commitments, n)
	for i := range out {
		p, err := group.Decode(b[1+i*group.PointSize : 1+(i+1)*group.PointSize])
		if err != nil {
			return fmt.Errorf("%w: commitment %d: %w", ErrEncoding, i, err)
		}
		out[i] = p
	}
	*c = out
	return nil
}
