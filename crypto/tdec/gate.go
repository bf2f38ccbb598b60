package tdec

import (
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/emrchain/emrchain/crypto/cpabe"
)

// The gate object (on IPFS; its SHA-256 is the record version's gateHash)
// holds what the committee may release for a record version:
//
//   - the attribute part, when the record has a policy: K1 wrapped by CP-ABE
//     under "policy and epoch:e" and K2 encrypted to the committee, where
//     K1 = HKDF-SHA256(K, info "emrchain/abe-half/v1") and K2 = K ⊕ K1;
//   - the network capsule, when the patient enabled break-glass, guardians
//     or standing consent: K itself encrypted to the committee.
//
// Encoding:
//
//	'G' ‖ 0x01 ‖ flags (bit 0: attribute part, bit 1: network capsule)
//	[ ‖ epoch (8) ‖ length (4) ‖ CP-ABE wrapped K1 ‖ ciphertext of K2 (83) ]
//	[ ‖ ciphertext of K (83) ]
//
// The two committee ciphertexts carry different associated data (HalfAAD,
// CapsuleAAD), so a share request for one can never open the other.
const (
	typeGate        = 'G'
	FlagAttribute   = 0x01
	FlagCapsule     = 0x02
	abeHalfInfo     = "emrchain/abe-half/v1"
	halfAADLabel    = "emrchain/gate/abe-half/v1"
	capsuleAADLabel = "emrchain/gate/network-capsule/v1"
	maxWrappedSize  = 1 << 20
)

// Record names the record version a gate object belongs to.
type Record struct {
	Patient  [20]byte
	RecordID [32]byte
	Version  uint32
}

func (r Record) append(b []byte) []byte {
	b = append(b, r.Patient[:]...)
	b = append(b, r.RecordID[:]...)
	return binary.BigEndian.AppendUint32(b, r.Version)
}

// HalfAAD is the associated data of K2's ciphertext: label ‖ patient ‖
// record id ‖ version ‖ policyHash (keccak256 of the policy program).
func HalfAAD(r Record, policyHash [32]byte) []byte {
	return append(r.append([]byte(halfAADLabel)), policyHash[:]...)
}

// CapsuleAAD is the associated data of the network capsule: label ‖ patient
// ‖ record id ‖ version.
func CapsuleAAD(r Record) []byte {
	return r.append([]byte(capsuleAADLabel))
}

// SplitKey derives the two halves of a data key: K1 = HKDF-SHA256(K, info
// "emrchain/abe-half/v1") for CP-ABE and K2 = K ⊕ K1 for the committee.
// Either half alone hides K: K1 is a one-way function of K, and K2 is K
// masked by it (HKDF-SHA256 taken as a random oracle).
func SplitKey(k [KeySize]byte) (k1, k2 [KeySize]byte) {
	out, err := hkdf.Key(sha256.New, k[:], nil, abeHalfInfo, KeySize)
	if err != nil {
		panic(err) // a 32-byte output of SHA-256's HKDF cannot fail
	}
	copy(k1[:], out)
	subtle.XORBytes(k2[:], k[:], k1[:])
	return k1, k2
}

// GateOptions say what a gate object holds.
type GateOptions struct {
	// ABE, Policy and Epoch make the attribute part: K1 is wrapped under
	// Policy.WithEpoch(Epoch) with the CP-ABE authority key ABE. A nil
	// Policy means no attribute part.
	ABE    *cpabe.PublicKey
	Policy *cpabe.Policy
	Epoch  uint64
	// NetworkCapsule adds K encrypted to the committee.
	NetworkCapsule bool
}

// Gate is a parsed gate object.
type Gate struct {
	flags   byte
	epoch   uint64
	wrapped *cpabe.WrappedKey
	half    *Ciphertext
	capsule *Ciphertext
}

// NewGate builds the gate object of record version rec with data key k for
// the committee with key committee. random is crypto/rand if nil.
func NewGate(random io.Reader, committee *CommitteeKey, rec Record, k [KeySize]byte, opts GateOptions) (*Gate, error) {
	g := &Gate{}
	if opts.Policy != nil {
		if opts.ABE == nil {
			return nil, fmt.Errorf("tdec: gate: a policy needs the CP-ABE public key")
		}
		policyHash, err := opts.Policy.ProgramHash()
		if err != nil {
			return nil, fmt.Errorf("tdec: gate: %w", err)
		}
		withEpoch, err := opts.Policy.WithEpoch(opts.Epoch)
		if err != nil {
			return nil, fmt.Errorf("tdec: gate: %w", err)
		}
		k1, k2 := SplitKey(k)
		// WrapKey: the gate keeps the parsed form, whose points were just
		// made, so they are not decoded and checked again.
		if g.wrapped, err = cpabe.WrapKey(random, opts.ABE, withEpoch, k1); err != nil {
			return nil, fmt.Errorf("tdec: gate: %w", err)
		}
		if g.half, err = Encrypt(random, committee, k2, HalfAAD(rec, policyHash)); err != nil {
			return nil, fmt.Errorf("tdec: gate: %w", err)
		}
		g.flags |= FlagAttribute
		g.epoch = opts.Epoch
	}
	if opts.NetworkCapsule {
		var err error
		if g.capsule, err = Encrypt(random, committee, k, CapsuleAAD(rec)); err != nil {
			return nil, fmt.Errorf("tdec: gate: %w", err)
		}
		g.flags |= FlagCapsule
	}
	if g.flags == 0 {
		return nil, fmt.Errorf("tdec: gate: neither a policy nor a network capsule")
	}
	return g, nil
}

// Flags returns the flags byte (FlagAttribute, FlagCapsule), as the
// patient's approval carries it.
func (g *Gate) Flags() byte { return g.flags }

// Epoch returns the epoch of the attribute part, and whether there is one.
func (g *Gate) Epoch() (uint64, bool) { return g.epoch, g.flags&FlagAttribute != 0 }

// Policy returns the CP-ABE policy K1 is wrapped under (the record's policy
// and its epoch attribute), or nil without an attribute part.
func (g *Gate) Policy() *cpabe.Policy {
	if g.wrapped == nil {
		return nil
	}
	return g.wrapped.Policy()
}

// CheckPolicy reports whether K1 is wrapped under exactly p and the gate's
// epoch: what a patient's client checks before co-signing a policy hash.
func (g *Gate) CheckPolicy(p *cpabe.Policy) error {
	if g.wrapped == nil {
		return fmt.Errorf("tdec: gate has no attribute part")
	}
	want, err := p.WithEpoch(g.epoch)
	if err != nil {
		return err
	}
	if got := g.wrapped.Policy().String(); got != want.String() {
		return fmt.Errorf("tdec: gate wraps K1 under %q, not %q", got, want)
	}
	return nil
}

// Half returns the ciphertext of K2, or nil without an attribute part.
func (g *Gate) Half() *Ciphertext { return g.half }

// Capsule returns the network capsule, or nil.
func (g *Gate) Capsule() *Ciphertext { return g.capsule }

// OpenRead finishes an attribute read: it unwraps K1 with the requester's
// CP-ABE key and returns K = K1 ⊕ K2, where K2 came from Blinding.Combine
// with HalfAAD. Errors are cpabe's (ErrPolicyNotSatisfied, ErrDecryption).
func (g *Gate) OpenRead(ak *cpabe.AttributeKey, k2 [KeySize]byte) ([KeySize]byte, error) {
	var k [KeySize]byte
	if g.wrapped == nil {
		return k, fmt.Errorf("tdec: gate has no attribute part")
	}
	k1, err := g.wrapped.Unwrap(ak)
	if err != nil {
		return k, err
	}
	subtle.XORBytes(k[:], k1[:], k2[:])
	return k, nil
}

// MarshalBinary encodes the gate object (see the format above).
func (g *Gate) MarshalBinary() ([]byte, error) {
	if g.flags == 0 {
		return nil, fmt.Errorf("%w: empty gate", ErrEncoding)
	}
	b := []byte{typeGate, version1, g.flags}
	if g.flags&FlagAttribute != 0 {
		w, err := g.wrapped.MarshalBinary()
		if err != nil {
			return nil, err
		}
		b = binary.BigEndian.AppendUint64(b, g.epoch)
		b = binary.BigEndian.AppendUint32(b, uint32(len(w)))
		b = append(b, w...)
		h, err := g.half.MarshalBinary()
		if err != nil {
			return nil, err
		}
		b = append(b, h...)
	}
	if g.flags&FlagCapsule != 0 {
		c, err := g.capsule.MarshalBinary()
		if err != nil {
			return nil, err
		}
		b = append(b, c...)
	}
	return b, nil
}

// UnmarshalBinary parses a gate object, validating every part: flags with no
// unknown bit and at least one part, the CP-ABE wrapped key (every point;
// its policy must end in the gate's epoch attribute) and the ciphertexts. g
// is unchanged on error.
func (g *Gate) UnmarshalBinary(b []byte) error {
	if len(b) < 3 || b[0] != typeGate || b[1] != version1 {
		return fmt.Errorf("%w: gate header", ErrEncoding)
	}
	var out Gate
	out.flags = b[2]
	if out.flags == 0 || out.flags&^(FlagAttribute|FlagCapsule) != 0 {
		return fmt.Errorf("%w: gate flags %#x", ErrEncoding, out.flags)
	}
	rest := b[3:]
	if out.flags&FlagAttribute != 0 {
		if len(rest) < 12 {
			return fmt.Errorf("%w: gate truncated", ErrEncoding)
		}
		out.epoch = binary.BigEndian.Uint64(rest)
		n := binary.BigEndian.Uint32(rest[8:])
		rest = rest[12:]
		if n > maxWrappedSize || uint64(len(rest)) < uint64(n)+CiphertextSize {
			return fmt.Errorf("%w: gate wrapped key of %d bytes", ErrEncoding, n)
		}
		out.wrapped = new(cpabe.WrappedKey)
		if err := out.wrapped.UnmarshalBinary(rest[:n]); err != nil {
			return fmt.Errorf("%w: gate wrapped key: %w", ErrEncoding, err)
		}
		if _, e, ok := out.wrapped.Policy().SplitEpoch(); !ok || e != out.epoch {
			return fmt.Errorf("%w: gate wraps K1 under %q, which does not end in epoch %d", ErrEncoding, out.wrapped.Policy(), out.epoch)
		}
		out.half = new(Ciphertext)
		if err := out.half.UnmarshalBinary(rest[n : n+CiphertextSize]); err != nil {
			return err
		}
		rest = rest[n+CiphertextSize:]
	}
	if out.flags&FlagCapsule != 0 {
		if len(rest) < CiphertextSize {
			return fmt.Errorf("%w: gate truncated", ErrEncoding)
		}
		out.capsule = new(Ciphertext)
		if err := out.capsule.UnmarshalBinary(rest[:CiphertextSize]); err != nil {
			return err
		}
		rest = rest[CiphertextSize:]
	}
	if len(rest) != 0 {
		return fmt.Errorf("%w: %d trailing bytes after the gate", ErrEncoding, len(rest))
	}
	*g = out
	return nil
}
