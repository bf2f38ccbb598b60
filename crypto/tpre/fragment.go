package tpre

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"golang.org/x/crypto/sha3"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/shamir"
)

// FragmentSize is the length of a fragment's encoding.
const FragmentSize = 1 + 1 + group.PointSize + dleq.ProofSize

const tagFragment = 0x04

var (
	// ErrInvalidFragment reports a fragment whose proof does not verify
	// against its member's commitment, the capsule and the request: the
	// member answered wrongly (or someone altered its answer).
	ErrInvalidFragment = errors.New("tpre: fragment fails its proof")
	// ErrTooFewFragments reports fewer valid fragments than the threshold.
	ErrTooFewFragments = errors.New("tpre: fewer valid fragments than the threshold")
)

// FaultError names the member whose fragment failed and why. It wraps
// ErrInvalidFragment, ErrNotMember or a capsule error.
type FaultError struct {
	Member uint8
	Err    error
}

func (e *FaultError) Error() string { return fmt.Sprintf("tpre: member %d: %v", e.Member, e.Err) }

func (e *FaultError) Unwrap() error { return e.Err }

// Fragment is member i's re-encryption fragment F_i = rk_i·E with its DLEQ
// proof.
type Fragment struct {
	index uint8
	f     secp256k1.G1Affine
	proof dleq.Proof
}

// Member returns the committee index of the member that made the fragment.
func (f *Fragment) Member() uint8 { return f.index }

// Point returns F_i, SEC 1 compressed: the fragment a member reveals.
func (f *Fragment) Point() [group.PointSize]byte { return group.Encode(&f.f) }

// Hash returns keccak256 of the compressed F_i: the fragmentHash a member
// commits to on chain before it reveals.
func (f *Fragment) Hash() [32]byte {
	p := f.Point()
	var out [32]byte
	h := sha3.NewLegacyKeccak256()
	h.Write(p[:])
	h.Sum(out[:0])
	return out
}

// Proof returns the fragment's DLEQ proof (its Challenge and Response are
// what a reveal or fault report carries).
func (f *Fragment) Proof() *dleq.Proof {
	p := f.proof
	return &p
}

// MarshalBinary returns the 99-byte encoding 0x04 ‖ member ‖ F_i ‖ proof.
func (f *Fragment) MarshalBinary() ([]byte, error) {
	if f == nil || f.index == 0 || f.f.IsInfinity() {
		return nil, errEmptyValue
	}
	out := make([]byte, 0, FragmentSize)
	out = append(out, tagFragment, f.index)
	p := f.Point()
	out = append(out, p[:]...)
	proof, err := f.proof.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append(out, proof...), nil
}

// UnmarshalBinary parses a fragment, validating its length, tag, member
// index, point and proof scalars; f is unchanged on error. Whether the
// proof holds needs the bundle, capsule and request: Bundle.VerifyFragment.
func (f *Fragment) UnmarshalBinary(b []byte) error {
	if len(b) != FragmentSize || b[0] != tagFragment {
		return fmt.Errorf("%w: fragment: want %d bytes with tag %#x", ErrEncoding, FragmentSize, tagFragment)
	}
	var parsed Fragment
	parsed.index = b[1]
	if parsed.index == 0 || parsed.index > MaxMembers {
		return fmt.Errorf("%w: fragment member index %d", ErrEncoding, parsed.index)
	}
	var err error
	if parsed.f, err = group.Decode(b[2 : 2+group.PointSize]); err != nil {
		return fmt.Errorf("%w: fragment point: %w", ErrEncoding, err)
	}
	if err := parsed.proof.UnmarshalBinary(b[2+group.PointSize:]); err != nil {
		return fmt.Errorf("%w: fragment proof: %w", ErrEncoding, err)
	}
	*f = parsed
	return nil
}

// Statement returns the DLEQ statement of member f.Member()'s fragment on
// the capsule: P = its commitment, H = the capsule's E, Q = F_i. A fault
// report carries it (and f.Proof().Witness of it) to the contract.
func (b *Bundle) Statement(c *recordkey.Capsule, f *Fragment) (*dleq.Statement, error) {
	if f == nil {
		return nil, errEmptyValue
	}
	pos, err := b.position(f.index)
	if err != nil {
		return nil, err
	}
	if err := b.forCapsule(c); err != nil {
		return nil, err
	}
	return &dleq.Statement{P: b.commitments[pos], H: c.Ciphertext().ReEncryptionBase(), Q: f.f}, nil
}

// VerifyFragment checks a fragment's proof against its member's commitment,
// the capsule's E and the request's context. Any failure is a *FaultError
// naming the member.
func (b *Bundle) VerifyFragment(c *recordkey.Capsule, bind Binding, f *Fragment) error {
	if f == nil {
		return &FaultError{Err: errEmptyValue}
	}
	st, err := b.Statement(c, f)
	if err != nil {
		return &FaultError{Member: f.index, Err: err}
	}
	if err := dleq.Verify(st, &f.proof, bind.Context(f.index)); err != nil {
		return &FaultError{Member: f.index, Err: fmt.Errorf("%w: %w", ErrInvalidFragment, err)}
	}
	return nil
}

// Combine is the requester's step: it verifies every fragment, combines the
// first t valid ones into the first-level ciphertext E' = Σ λ_i·F_i with
// the capsule's F and the bundle's (V, W), and returns the members whose
// fragments failed (to report on chain) beside it. With fewer than t valid
// fragments it returns ErrTooFewFragments and the faulty members. Each
// member answers once: of several fragments with one index, the first is
// taken as that member's answer and the rest are ignored.
func (b *Bundle) Combine(c *recordkey.Capsule, bind Binding, frags []*Fragment) (*pre.ReCiphertext, []uint8, error) {
	if err := b.forCapsule(c); err != nil {
		return nil, nil, fmt.Errorf("tpre: combine: %w", err)
	}
	var valid []*Fragment
	var faulty []uint8
	seen := map[uint8]bool{}
	for _, f := range frags {
		if f == nil || seen[f.index] {
			continue
		}
		seen[f.index] = true
		if err := b.VerifyFragment(c, bind, f); err != nil {
			faulty = append(faulty, f.index)
			continue
		}
		valid = append(valid, f)
	}
	if len(valid) < b.threshold {
		return nil, faulty, fmt.Errorf("%w: %d valid of %d needed (faulty members %v)", ErrTooFewFragments, len(valid), b.threshold, faulty)
	}
	rct, err := b.CombineVerified(c, valid)
	return rct, faulty, err
}

// CombineVerified combines the first t of fragments that the caller has
// already verified (VerifyFragment), without checking their proofs again.
// An unverified wrong fragment is not turned into a wrong data key: the
// delegatee's DecryptReEncrypted rejects the result.
func (b *Bundle) CombineVerified(c *recordkey.Capsule, frags []*Fragment) (*pre.ReCiphertext, error) {
	if len(frags) < b.threshold {
		return nil, fmt.Errorf("%w: %d of %d", ErrTooFewFragments, len(frags), b.threshold)
	}
	if err := b.forCapsule(c); err != nil {
		return nil, fmt.Errorf("tpre: combine: %w", err)
	}
	frags = frags[:b.threshold]
	indices := make([]uint8, len(frags))
	points := make([]secp256k1.G1Affine, len(frags))
	for i, f := range frags {
		if f == nil {
			return nil, fmt.Errorf("tpre: combine: %w", errEmptyValue)
		}
		if _, err := b.position(f.index); err != nil {
			return nil, err
		}
		indices[i], points[i] = f.index, f.f
	}
	ePrime, err := shamir.CombinePoints(indices, points)
	if err != nil {
		return nil, fmt.Errorf("tpre: combine: %w", err)
	}
	rct, err := pre.AssembleReCiphertext(&ePrime, c.Ciphertext(), &b.header)
	if err != nil {
		return nil, fmt.Errorf("tpre: combine: %w", err)
	}
	return rct, nil
}

// forCapsule checks that c is a capsule for the bundle's delegating key.
func (b *Bundle) forCapsule(c *recordkey.Capsule) error {
	if c == nil {
		return fmt.Errorf("capsule: %w", errEmptyValue)
	}
	if !c.DelegatingKey().Equal(&b.delegator) {
		return recordkey.ErrWrongKey
	}
	return nil
}
