package dkg

import (
	"errors"
	"fmt"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"golang.org/x/crypto/sha3"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
)

// Kind is the first byte of every message encoding.
type Kind byte

// The message kinds a run publishes on chain.
const (
	KindDealing      Kind = 'D'
	KindComplaint    Kind = 'C'
	KindConfirmation Kind = 'F'
)

func (k Kind) String() string {
	switch k {
	case KindDealing:
		return "dealing"
	case KindComplaint:
		return "complaint"
	case KindConfirmation:
		return "confirmation"
	default:
		return fmt.Sprintf("kind %#x", byte(k))
	}
}

const version1 = 0x01

// MaxMembers bounds a committee (committee member sets are 16-bit masks on
// chain).
const MaxMembers = shamir.MaxShares

// ErrMalformed is matched by every error of the message parsers.
var ErrMalformed = errors.New("dkg: malformed message")

// Message is something a member must publish: its kind and full encoding.
type Message struct {
	Kind Kind
	Data []byte
}

// Dealing is one member's contribution: Feldman commitments to its
// polynomial, the ephemeral point its shares are encrypted under with a proof
// of knowledge of its discrete log, and one masked share per member.
type Dealing struct {
	committee   [32]byte
	dealer      uint8
	commitments shamir.Commitments // t points
	ephemeral   secp256k1.G1Affine // R = r·G
	proof       dleq.Proof         // knowledge of r
	masked      [][32]byte         // n masked shares, recipient j at j−1
}

// CommitteeID returns the run the dealing belongs to.
func (d *Dealing) CommitteeID() [32]byte { return d.committee }

// Dealer returns the dealer's committee index.
func (d *Dealing) Dealer() uint8 { return d.dealer }

// Commitments returns the dealer's Feldman commitments.
func (d *Dealing) Commitments() shamir.Commitments {
	return append(shamir.Commitments(nil), d.commitments...)
}

// headerSize is kind, version, committee id, then dealer (or member) index.
const headerSize = 2 + 32 + 1

func dealingSize(t, n int) int {
	return headerSize + 2 + t*group.PointSize + group.PointSize + dleq.ProofSize + n*32
}

// appendBody encodes everything but the proof: what the proof binds.
func (d *Dealing) appendBody(b []byte) []byte {
	b = append(b, byte(KindDealing), version1)
	b = append(b, d.committee[:]...)
	b = append(b, d.dealer, byte(len(d.commitments)), byte(len(d.masked)))
	for i := range d.commitments {
		e := group.Encode(&d.commitments[i])
		b = append(b, e[:]...)
	}
	e := group.Encode(&d.ephemeral)
	b = append(b, e[:]...)
	for i := range d.masked {
		b = append(b, d.masked[i][:]...)
	}
	return b
}

// MarshalBinary encodes the dealing:
//
//	'D' ‖ 0x01 ‖ committee id (32) ‖ dealer (1) ‖ t (1) ‖ n (1)
//	‖ commitments (t × 33) ‖ R (33) ‖ masked shares (n × 32) ‖ proof (64)
func (d *Dealing) MarshalBinary() ([]byte, error) {
	if len(d.commitments) == 0 || len(d.masked) == 0 {
		return nil, fmt.Errorf("%w: empty dealing", ErrMalformed)
	}
	b := d.appendBody(make([]byte, 0, dealingSize(len(d.commitments), len(d.masked))))
	p, err := d.proof.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append(b, p...), nil
}

// UnmarshalBinary parses a dealing, checking its lengths, that 1 ≤ t ≤ n ≤
// MaxMembers and 1 ≤ dealer ≤ n, and that every point is a valid compressed
// point other than the identity. It does not check the proof, which needs
// nothing but the dealing: Participant.Receive does. d is unchanged on error.
func (d *Dealing) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.header(KindDealing)
	var out Dealing
	copy(out.committee[:], r.bytes(32))
	out.dealer = r.byte()
	t, n := int(r.byte()), int(r.byte())
	if r.err == nil && (t < 1 || t > n || n > MaxMembers || out.dealer < 1 || int(out.dealer) > n) {
		r.fail(fmt.Sprintf("threshold %d, members %d, dealer %d", t, n, out.dealer))
	}
	if r.err == nil && len(b) != dealingSize(t, n) {
		r.fail(fmt.Sprintf("%d bytes, want %d for t=%d n=%d", len(b), dealingSize(t, n), t, n))
	}
	if r.err == nil {
		out.commitments = make(shamir.Commitments, t)
		for i := range out.commitments {
			out.commitments[i] = r.point()
		}
		out.ephemeral = r.point()
		out.masked = make([][32]byte, n)
		for i := range out.masked {
			copy(out.masked[i][:], r.bytes(32))
		}
		r.proof(&out.proof)
	}
	if err := r.finish("dealing"); err != nil {
		return err
	}
	*d = out
	return nil
}

// Complaint is member accuser's public claim that its share of dealer's
// dealing is wrong: the ElGamal shared point of that one share and a proof
// that it was computed with the accuser's DKG key.
type Complaint struct {
	committee [32]byte
	dealer    uint8
	accuser   uint8
	shared    secp256k1.G1Affine // K = d_accuser·R_dealer
	proof     dleq.Proof
}

// CommitteeID returns the run the complaint belongs to.
func (c *Complaint) CommitteeID() [32]byte { return c.committee }

// Dealer returns the index of the dealer complained about.
func (c *Complaint) Dealer() uint8 { return c.dealer }

// Accuser returns the index of the complaining member.
func (c *Complaint) Accuser() uint8 { return c.accuser }

const complaintSize = headerSize + 1 + group.PointSize + dleq.ProofSize

// MarshalBinary encodes the complaint:
//
//	'C' ‖ 0x01 ‖ committee id (32) ‖ accuser (1) ‖ dealer (1) ‖ K (33) ‖ proof (64)
func (c *Complaint) MarshalBinary() ([]byte, error) {
	if c.shared.IsInfinity() {
		return nil, fmt.Errorf("%w: empty complaint", ErrMalformed)
	}
	b := make([]byte, 0, complaintSize)
	b = append(b, byte(KindComplaint), version1)
	b = append(b, c.committee[:]...)
	b = append(b, c.accuser, c.dealer)
	e := group.Encode(&c.shared)
	b = append(b, e[:]...)
	p, err := c.proof.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append(b, p...), nil
}

// UnmarshalBinary parses a complaint, checking its length, indices in
// 1..MaxMembers and the point. c is unchanged on error.
func (c *Complaint) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.header(KindComplaint)
	if r.err == nil && len(b) != complaintSize {
		r.fail(fmt.Sprintf("%d bytes, want %d", len(b), complaintSize))
	}
	var out Complaint
	copy(out.committee[:], r.bytes(32))
	out.accuser, out.dealer = r.byte(), r.byte()
	if r.err == nil && (out.accuser < 1 || out.accuser > MaxMembers || out.dealer < 1 || out.dealer > MaxMembers) {
		r.fail(fmt.Sprintf("accuser %d, dealer %d", out.accuser, out.dealer))
	}
	out.shared = r.point()
	r.proof(&out.proof)
	if err := r.finish("complaint"); err != nil {
		return err
	}
	*c = out
	return nil
}

// Confirmation is a member's statement of the transcript hash it computed.
type Confirmation struct {
	committee  [32]byte
	member     uint8
	transcript [32]byte
}

// Member returns the confirming member's index.
func (c *Confirmation) Member() uint8 { return c.member }

// Transcript returns the confirmed transcript hash.
func (c *Confirmation) Transcript() [32]byte { return c.transcript }

const confirmationSize = headerSize + 32

// MarshalBinary encodes the confirmation:
//
//	'F' ‖ 0x01 ‖ committee id (32) ‖ member (1) ‖ transcript hash (32)
func (c *Confirmation) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, confirmationSize)
	b = append(b, byte(KindConfirmation), version1)
	b = append(b, c.committee[:]...)
	b = append(b, c.member)
	return append(b, c.transcript[:]...), nil
}

// UnmarshalBinary parses a confirmation. c is unchanged on error.
func (c *Confirmation) UnmarshalBinary(b []byte) error {
	r := reader{b: b}
	r.header(KindConfirmation)
	if r.err == nil && len(b) != confirmationSize {
		r.fail(fmt.Sprintf("%d bytes, want %d", len(b), confirmationSize))
	}
	var out Confirmation
	copy(out.committee[:], r.bytes(32))
	out.member = r.byte()
	if r.err == nil && (out.member < 1 || out.member > MaxMembers) {
		r.fail(fmt.Sprintf("member %d", out.member))
	}
	copy(out.transcript[:], r.bytes(32))
	if err := r.finish("confirmation"); err != nil {
		return err
	}
	*c = out
	return nil
}

// reader parses front to back and keeps the first error.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail(msg string) {
	if r.err == nil {
		r.err = errors.New(msg)
	}
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return make([]byte, n)
	}
	if len(r.b) < n {
		r.fail("truncated")
		return make([]byte, n)
	}
	out := r.b[:n]
	r.b = r.b[n:]
	return out
}

func (r *reader) byte() byte { return r.bytes(1)[0] }

func (r *reader) header(k Kind) {
	h := r.bytes(2)
	if r.err == nil && (h[0] != byte(k) || h[1] != version1) {
		r.fail(fmt.Sprintf("header %x is not a version 1 %s", h, k))
	}
}

func (r *reader) point() secp256k1.G1Affine {
	b := r.bytes(group.PointSize)
	if r.err != nil {
		return secp256k1.G1Affine{}
	}
	p, err := group.Decode(b)
	if err != nil {
		r.fail("invalid point")
	}
	return p
}

func (r *reader) proof(p *dleq.Proof) {
	b := r.bytes(dleq.ProofSize)
	if r.err != nil {
		return
	}
	if err := p.UnmarshalBinary(b); err != nil {
		r.fail("proof scalar out of range")
	}
}

func (r *reader) finish(what string) error {
	if r.err == nil && len(r.b) != 0 {
		r.fail(fmt.Sprintf("%d trailing bytes", len(r.b)))
	}
	if r.err != nil {
		return fmt.Errorf("%w: %s: %v", ErrMalformed, what, r.err)
	}
	return nil
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
