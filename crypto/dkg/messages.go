package dkg

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"golang.org/x/crypto/sha3"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
)

// MaxMembers bounds a committee (committee member sets are 16-bit masks on
// chain).
const MaxMembers = shamir.MaxShares

// Field sizes of the on-chain messages.
const (
	PointSize = group.PointSize // a compressed point: keys, commitments, Y, X_i
	ProofSize = dleq.ProofSize  // c ‖ s
	// maskedSize is one masked share.
	maskedSize = group.ScalarSize
)

// SharesSize is the length of a deal's shares field for n members: the
// ephemeral point, its proof of knowledge, and n masked shares.
func SharesSize(n int) int { return PointSize + ProofSize + n*maskedSize }

// ErrMalformed is matched by every error about a message's bytes.
var ErrMalformed = errors.New("dkg: malformed message")

// CommitteeID is the run's 32-byte id, to which every mask and proof is
// bound: keccak256("emrchain/dkg/committee/v1" ‖ chainId (32) ‖ contract
// (20) ‖ committeeId (8)), what Solidity computes as keccak256(abi.encodePacked(
// "emrchain/dkg/committee/v1", block.chainid, address(this), committeeId)).
func CommitteeID(chainID uint64, contract [20]byte, committee uint64) [32]byte {
	var chain [32]byte
	binary.BigEndian.PutUint64(chain[24:], chainID)
	return keccak([]byte("emrchain/dkg/committee/v1"), chain[:], contract[:], binary.BigEndian.AppendUint64(nil, committee))
}

// Deal is a member's dealing, as the two fields of the contract's deal call:
//
//	commitments = C_0 ‖ … ‖ C_{t−1}                      (t × 33 bytes)
//	shares      = R ‖ proof ‖ m_1 ‖ … ‖ m_n               (33 + 64 + 32n bytes)
//
// with C_k = a_k·G for the dealer's polynomial f, R = r·G its ephemeral
// point, proof a crypto/dleq proof of knowledge of r (statement log_G R =
// log_G R, context keccak256("emrchain/dkg/ephemeral/v1" ‖ committee id ‖
// dealer ‖ commitments ‖ R ‖ m_1 … m_n)), and m_j = f(j) ⊕ keccak256(
// "emrchain/dkg/share/v1" ‖ committee id ‖ dealer ‖ j ‖ R ‖ K_j ‖ r·K_j), points
// in the hash as 64-byte x‖y and K_j member j's DKG key.
type Deal struct {
	Commitments []byte
	Shares      []byte
}

// Complaint is a member's complaint about a dealer, as the contract's
// complain call carries it: the shared point S = k_j·R of the dealer's
// deal (33 bytes) and a DLEQ proof (64 bytes) that log_G K_j = log_R S,
// with context keccak256("emrchain/dkg/complaint/v1" ‖ committee id ‖ dealer
// ‖ complainer).
type Complaint struct {
	Dealer      uint8
	SharedPoint []byte
	Proof       []byte
}

// Confirmation is what a member confirms on chain: the committee key Y
// (33 bytes) and the public shares' hash keccak256(X_1 ‖ … ‖ X_n). The
// contract counts confirmations of keccak256(Y ‖ sharesHash), Transcript.
type Confirmation struct {
	PublicKey  []byte
	SharesHash [32]byte
}

// dealing is a parsed deal.
type dealing struct {
	commitments shamir.Commitments
	ephemeral   secp256k1.G1Affine
	proof       dleq.Proof
	masked      [][maskedSize]byte
	raw         Deal
}

func parsePoints(b []byte, n int, what string) ([]secp256k1.G1Affine, error) {
	if len(b) != n*PointSize {
		return nil, fmt.Errorf("%w: %s is %d bytes, want %d", ErrMalformed, what, len(b), n*PointSize)
	}
	out := make([]secp256k1.G1Affine, n)
	for i := range out {
		p, err := group.Decode(b[i*PointSize : (i+1)*PointSize])
		if err != nil {
			return nil, fmt.Errorf("%w: %s point %d: %w", ErrMalformed, what, i, err)
		}
		out[i] = p
	}
	return out, nil
}

// parseDeal checks a deal's lengths for threshold t and n members and that
// every point is a point of the group other than the identity. The proof is
// checked by the caller.
func parseDeal(commitments, shares []byte, t, n int) (*dealing, error) {
	c, err := parsePoints(commitments, t, "commitments")
	if err != nil {
		return nil, err
	}
	if len(shares) != SharesSize(n) {
		return nil, fmt.Errorf("%w: shares are %d bytes, want %d", ErrMalformed, len(shares), SharesSize(n))
	}
	r, err := group.Decode(shares[:PointSize])
	if err != nil {
		return nil, fmt.Errorf("%w: ephemeral point: %w", ErrMalformed, err)
	}
	d := &dealing{commitments: c, ephemeral: r, masked: make([][maskedSize]byte, n)}
	if err := d.proof.UnmarshalBinary(shares[PointSize : PointSize+ProofSize]); err != nil {
		return nil, fmt.Errorf("%w: ephemeral proof: %w", ErrMalformed, err)
	}
	for j := range d.masked {
		off := PointSize + ProofSize + j*maskedSize
		copy(d.masked[j][:], shares[off:off+maskedSize])
	}
	d.raw = Deal{Commitments: append([]byte(nil), commitments...), Shares: append([]byte(nil), shares...)}
	return d, nil
}

// encode returns the deal's fields; body is what the ephemeral proof binds
// after the committee id and dealer.
func (d *dealing) encode() Deal {
	var c []byte
	for i := range d.commitments {
		e := group.Encode(&d.commitments[i])
		c = append(c, e[:]...)
	}
	r := group.Encode(&d.ephemeral)
	s := append([]byte(nil), r[:]...)
	p, _ := d.proof.MarshalBinary()
	s = append(s, p...)
	for j := range d.masked {
		s = append(s, d.masked[j][:]...)
	}
	return Deal{Commitments: c, Shares: s}
}

// proofBody is commitments ‖ R ‖ masked shares: the deal without its proof.
func (d *dealing) proofBody() []byte {
	var b []byte
	for i := range d.commitments {
		e := group.Encode(&d.commitments[i])
		b = append(b, e[:]...)
	}
	r := group.Encode(&d.ephemeral)
	b = append(b, r[:]...)
	for j := range d.masked {
		b = append(b, d.masked[j][:]...)
	}
	return b
}

// parseComplaint checks a complaint's lengths and point.
func parseComplaint(sharedPoint, proof []byte) (secp256k1.G1Affine, *dleq.Proof, error) {
	if len(sharedPoint) != PointSize || len(proof) != ProofSize {
		return secp256k1.G1Affine{}, nil, fmt.Errorf("%w: complaint fields of %d and %d bytes", ErrMalformed, len(sharedPoint), len(proof))
	}
	s, err := group.Decode(sharedPoint)
	if err != nil {
		return s, nil, fmt.Errorf("%w: shared point: %w", ErrMalformed, err)
	}
	var p dleq.Proof
	if err := p.UnmarshalBinary(proof); err != nil {
		return s, nil, fmt.Errorf("%w: complaint proof: %w", ErrMalformed, err)
	}
	return s, &p, nil
}

func keccak(parts ...[]byte) [32]byte {
	h := sha3.NewLegacyKeccak256()
	for _, p := range parts {
		h.Write(p)
	}
	var out [32]byte
	h.Sum(out[:0])
	return out
}

func xy(p *secp256k1.G1Affine) []byte {
	u := group.EncodeUncompressed(p)
	return u[:]
}

func compressed(p *secp256k1.G1Affine) []byte {
	e := group.Encode(p)
	return e[:]
}
