package tdec

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
)

// KeySize is the length of the keys this package encrypts.
const KeySize = 32

// Encoded sizes.
const (
	CiphertextSize = 2 + group.PointSize + KeySize + tagSize  // 83
	RequestSize    = 2 + 2*group.PointSize + dleq.ProofSize   // 132
	ShareSize      = 2 + 1 + group.PointSize + dleq.ProofSize // 100
	BlindingSize   = 2 + group.ScalarSize + CiphertextSize    // 117
	tagSize        = 16
)

const (
	typeCiphertext = 'T'
	typeRequest    = 'R'
	typeShare      = 'S'
	typeBlinding   = 'B'
	version1       = 0x01
	kdfSalt        = "emrchain/tdec/v1"
)

var (
	// ErrEncoding is matched by every error of the parsers.
	ErrEncoding = errors.New("tdec: malformed encoding")
	// ErrRequest reports a blinded request a member must refuse: its proof
	// does not tie it to the ciphertext, or it is not blinded.
	ErrRequest = errors.New("tdec: invalid decryption request")
	// ErrShare reports a decryption share whose proof fails.
	ErrShare = errors.New("tdec: invalid decryption share")
	// ErrTooFewShares reports fewer valid shares than the threshold.
	ErrTooFewShares = errors.New("tdec: fewer valid shares than the threshold")
	// ErrDecryption reports a ciphertext that does not open: wrong
	// associated data, a tampered ciphertext or a committee key that is not
	// the one it was made for.
	ErrDecryption = errors.New("tdec: decryption failed")
	// ErrCommittee reports unusable committee key material.
	ErrCommittee = errors.New("tdec: invalid committee key")
)

// Ciphertext is a 32-byte key encrypted to a committee key.
type Ciphertext struct {
	c1     secp256k1.G1Affine
	sealed [KeySize + tagSize]byte
}

// C1 returns the ephemeral point y·G that requests blind.
func (ct *Ciphertext) C1() secp256k1.G1Affine { return ct.c1 }

// Encrypt encrypts key to the committee key, binding aad. random supplies
// the ephemeral scalar (crypto/rand if nil).
func Encrypt(random io.Reader, committee *CommitteeKey, key [KeySize]byte, aad []byte) (*Ciphertext, error) {
	if committee == nil || committee.y.IsInfinity() {
		return nil, fmt.Errorf("%w: empty key", ErrCommittee)
	}
	y := committee.y
	e, err := group.RandomScalar(random)
	if err != nil {
		return nil, fmt.Errorf("tdec: encrypt: %w", err)
	}
	ct := &Ciphertext{c1: group.BaseMulAffine(&e)}
	shared := group.MulAffine(&y, &e)
	aead, err := newAEAD(&shared, &ct.c1, &y)
	if err != nil {
		return nil, err
	}
	aead.Seal(ct.sealed[:0], make([]byte, aead.NonceSize()), key[:], aad)
	return ct, nil
}

// open decrypts with the shared point y·Y = x·C1.
func (ct *Ciphertext) open(shared, y *secp256k1.G1Affine, aad []byte) ([KeySize]byte, error) {
	var key [KeySize]byte
	aead, err := newAEAD(shared, &ct.c1, y)
	if err != nil {
		return key, err
	}
	if _, err := aead.Open(key[:0], make([]byte, aead.NonceSize()), ct.sealed[:], aad); err != nil {
		return [KeySize]byte{}, ErrDecryption
	}
	return key, nil
}

// newAEAD derives the ciphertext's one-time AES-256-GCM key; the zero nonce
// is safe because the key is never used twice.
func newAEAD(shared, c1, y *secp256k1.G1Affine) (cipher.AEAD, error) {
	s, c, yy := group.Encode(shared), group.Encode(c1), group.Encode(y)
	k, err := hkdf.Key(sha256.New, s[:], []byte(kdfSalt), string(c[:])+string(yy[:]), 32)
	if err != nil {
		return nil, fmt.Errorf("tdec: kdf: %w", err)
	}
	block, err := aes.NewCipher(k)
	if err != nil {
		return nil, fmt.Errorf("tdec: %w", err)
	}
	return cipher.NewGCM(block)
}

// MarshalBinary encodes the ciphertext: 'T' ‖ 0x01 ‖ C1 (33) ‖ sealed key (48).
func (ct *Ciphertext) MarshalBinary() ([]byte, error) {
	if ct.c1.IsInfinity() {
		return nil, fmt.Errorf("%w: empty ciphertext", ErrEncoding)
	}
	b := make([]byte, 0, CiphertextSize)
	b = append(b, typeCiphertext, version1)
	c := group.Encode(&ct.c1)
	b = append(b, c[:]...)
	return append(b, ct.sealed[:]...), nil
}

// UnmarshalBinary parses a ciphertext, checking its length and that C1 is a
// point of the group other than the identity. ct is unchanged on error.
func (ct *Ciphertext) UnmarshalBinary(b []byte) error {
	if err := header(b, typeCiphertext, CiphertextSize, "ciphertext"); err != nil {
		return err
	}
	c1, err := group.Decode(b[2 : 2+group.PointSize])
	if err != nil {
		return fmt.Errorf("%w: ciphertext C1: %w", ErrEncoding, err)
	}
	ct.c1 = c1
	copy(ct.sealed[:], b[2+group.PointSize:])
	return nil
}

func header(b []byte, typ byte, size int, what string) error {
	if len(b) != size {
		return fmt.Errorf("%w: %s is %d bytes, want %d", ErrEncoding, what, len(b), size)
	}
	if b[0] != typ || b[1] != version1 {
		return fmt.Errorf("%w: %s header %x", ErrEncoding, what, b[:2])
	}
	return nil
}

// Request is what a requester publishes to ask for decryption shares:
// B = b·G, the blinded point C1' = b·C1 and a proof that both have the same
// discrete log b.
type Request struct {
	blindKey secp256k1.G1Affine
	blinded  secp256k1.G1Affine
	proof    dleq.Proof
}

// Blinded returns C1', the point members multiply by their shares.
func (r *Request) Blinded() secp256k1.G1Affine { return r.blinded }

// Statement returns the blinding proof's statement for ct: log_G B =
// log_{C1} C1'.
func (r *Request) Statement(ct *Ciphertext) *dleq.Statement {
	return &dleq.Statement{P: r.blindKey, H: ct.c1, Q: r.blinded}
}

// Verify is a member's check before it answers: the proof ties C1' to this
// ciphertext under context, and the request is blinded (b ≠ ±1).
func (r *Request) Verify(ct *Ciphertext, context [32]byte) error {
	g := group.Generator()
	var negG secp256k1.G1Affine
	negG.Neg(&g)
	if r.blindKey.Equal(&g) || r.blindKey.Equal(&negG) {
		return fmt.Errorf("%w: not blinded", ErrRequest)
	}
	if err := dleq.Verify(r.Statement(ct), &r.proof, context); err != nil {
		return fmt.Errorf("%w: blinding proof: %w", ErrRequest, err)
	}
	return nil
}

// MarshalBinary encodes the request: 'R' ‖ 0x01 ‖ B (33) ‖ C1' (33) ‖ proof (64).
func (r *Request) MarshalBinary() ([]byte, error) {
	if r.blinded.IsInfinity() {
		return nil, fmt.Errorf("%w: empty request", ErrEncoding)
	}
	b := make([]byte, 0, RequestSize)
	b = append(b, typeRequest, version1)
	k, c := group.Encode(&r.blindKey), group.Encode(&r.blinded)
	b = append(append(b, k[:]...), c[:]...)
	p, err := r.proof.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append(b, p...), nil
}

// UnmarshalBinary parses a request, checking lengths, both points and the
// proof's scalars; Verify checks the proof. r is unchanged on error.
func (r *Request) UnmarshalBinary(b []byte) error {
	if err := header(b, typeRequest, RequestSize, "request"); err != nil {
		return err
	}
	var out Request
	var err error
	if out.blindKey, err = group.Decode(b[2:35]); err != nil {
		return fmt.Errorf("%w: request B: %w", ErrEncoding, err)
	}
	if out.blinded, err = group.Decode(b[35:68]); err != nil {
		return fmt.Errorf("%w: request C1': %w", ErrEncoding, err)
	}
	if err := out.proof.UnmarshalBinary(b[68:]); err != nil {
		return fmt.Errorf("%w: request proof: %w", ErrEncoding, err)
	}
	*r = out
	return nil
}

// Blinding is the requester's secret side of a request: b and the
// ciphertext. Keep it (MarshalBinary, in a 0600 file) until the shares are
// revealed; it is useless to anyone without the shares and the shares are
// useless without it.
type Blinding struct {
	b  fr.Element
	ct Ciphertext
}

// Blind draws b and returns the blinding and the request to publish for ct,
// its proof bound to context (the on-chain request: chain, contract,
// requester, record). random is crypto/rand if nil.
func Blind(random io.Reader, ct *Ciphertext, context [32]byte) (*Blinding, *Request, error) {
	if ct == nil || ct.c1.IsInfinity() {
		return nil, nil, fmt.Errorf("%w: empty ciphertext", ErrEncoding)
	}
	b, err := group.RandomScalar(random)
	if err != nil {
		return nil, nil, fmt.Errorf("tdec: blind: %w", err)
	}
	req := &Request{blindKey: group.BaseMulAffine(&b), blinded: group.MulAffine(&ct.c1, &b)}
	proof, err := dleq.Prove(random, &b, req.Statement(ct), context)
	if err != nil {
		return nil, nil, fmt.Errorf("tdec: blind: %w", err)
	}
	req.proof = *proof
	return &Blinding{b: b, ct: *ct}, req, nil
}

// MarshalBinary encodes the blinding: 'B' ‖ 0x01 ‖ b (32) ‖ ciphertext (83).
// The result is secret.
func (bl *Blinding) MarshalBinary() ([]byte, error) {
	ct, err := bl.ct.MarshalBinary()
	if err != nil {
		return nil, err
	}
	b := bl.b.Bytes()
	out := append([]byte{typeBlinding, version1}, b[:]...)
	return append(out, ct...), nil
}

// UnmarshalBinary parses a blinding, requiring b in 1..q−1. bl is unchanged
// on error.
func (bl *Blinding) UnmarshalBinary(data []byte) error {
	if err := header(data, typeBlinding, BlindingSize, "blinding"); err != nil {
		return err
	}
	b, err := group.DecodeScalar(data[2 : 2+group.ScalarSize])
	if err != nil || b.IsZero() {
		return fmt.Errorf("%w: blinding scalar", ErrEncoding)
	}
	var ct Ciphertext
	if err := ct.UnmarshalBinary(data[2+group.ScalarSize:]); err != nil {
		return err
	}
	bl.b, bl.ct = b, ct
	return nil
}

// DecryptionShare is member Index's answer D = x_i·C1' with its proof.
type DecryptionShare struct {
	index uint8
	d     secp256k1.G1Affine
	proof dleq.Proof
}

// Index returns the answering member's committee index.
func (s *DecryptionShare) Index() uint8 { return s.index }

// Point returns D_i.
func (s *DecryptionShare) Point() secp256k1.G1Affine { return s.d }

// Proof returns the share's DLEQ proof, for an on-chain fault report.
func (s *DecryptionShare) Proof() *dleq.Proof { p := s.proof; return &p }

// Statement returns the share's proof statement: log_G X_i = log_{C1'} D_i.
func (s *DecryptionShare) Statement(committee *Committee, req *Request) (*dleq.Statement, error) {
	x, ok := committee.PublicShare(s.index)
	if !ok {
		return nil, fmt.Errorf("%w: no member %d in a committee of %d", ErrShare, s.index, committee.Size())
	}
	return &dleq.Statement{P: x, H: req.blinded, Q: s.d}, nil
}

// DecryptShare is a member's answer to a request for ct, with its share of
// the committee key (from crypto/dkg). It first verifies the request against
// ct and requestContext, and refuses (ErrRequest) an unblinded request or
// one for another ciphertext; the share's proof is bound to shareContext
// (the on-chain answer: chain, contract, access, member). random is
// crypto/rand if nil.
func DecryptShare(random io.Reader, share *shamir.Share, ct *Ciphertext, req *Request, requestContext, shareContext [32]byte) (*DecryptionShare, error) {
	if share == nil || share.Index == 0 || share.Index > shamir.MaxShares || share.Value.IsZero() {
		return nil, fmt.Errorf("%w: unusable key share", ErrCommittee)
	}
	if err := req.Verify(ct, requestContext); err != nil {
		return nil, err
	}
	out := &DecryptionShare{index: share.Index, d: group.MulAffine(&req.blinded, &share.Value)}
	st := &dleq.Statement{P: group.BaseMulAffine(&share.Value), H: req.blinded, Q: out.d}
	proof, err := dleq.Prove(random, &share.Value, st, shareContext)
	if err != nil {
		return nil, fmt.Errorf("tdec: decryption share: %w", err)
	}
	out.proof = *proof
	return out, nil
}

// VerifyShare checks a share's proof against the member's public share X_i.
func VerifyShare(committee *Committee, req *Request, s *DecryptionShare, shareContext [32]byte) error {
	if s == nil {
		return fmt.Errorf("%w: no share", ErrShare)
	}
	st, err := s.Statement(committee, req)
	if err != nil {
		return err
	}
	if err := dleq.Verify(st, &s.proof, shareContext); err != nil {
		return fmt.Errorf("%w: member %d: %w", ErrShare, s.index, err)
	}
	return nil
}

// MarshalBinary encodes the share: 'S' ‖ 0x01 ‖ member (1) ‖ D (33) ‖ proof (64).
func (s *DecryptionShare) MarshalBinary() ([]byte, error) {
	if s.d.IsInfinity() || s.index == 0 {
		return nil, fmt.Errorf("%w: empty share", ErrEncoding)
	}
	b := make([]byte, 0, ShareSize)
	b = append(b, typeShare, version1, s.index)
	d := group.Encode(&s.d)
	b = append(b, d[:]...)
	p, err := s.proof.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append(b, p...), nil
}

// UnmarshalBinary parses a share, checking its length, a member index in
// 1..16, the point and the proof's scalars. s is unchanged on error.
func (s *DecryptionShare) UnmarshalBinary(b []byte) error {
	if err := header(b, typeShare, ShareSize, "decryption share"); err != nil {
		return err
	}
	var out DecryptionShare
	out.index = b[2]
	if out.index == 0 || out.index > shamir.MaxShares {
		return fmt.Errorf("%w: member index %d", ErrEncoding, out.index)
	}
	var err error
	if out.d, err = group.Decode(b[3:36]); err != nil {
		return fmt.Errorf("%w: share point: %w", ErrEncoding, err)
	}
	if err := out.proof.UnmarshalBinary(b[36:]); err != nil {
		return fmt.Errorf("%w: share proof: %w", ErrEncoding, err)
	}
	*s = out
	return nil
}

// ShareContext gives the DLEQ context each member's share was proved under.
type ShareContext func(member uint8) [32]byte

// Combine recovers the key from the revealed shares: it checks every share
// (returning the members whose share failed, for a fault report), takes t
// valid ones from distinct members, interpolates, unblinds and opens the
// ciphertext with aad. It fails with ErrTooFewShares when fewer than t are
// valid, and ErrDecryption when the ciphertext does not open.
func (bl *Blinding) Combine(committee *Committee, req *Request, shares []*DecryptionShare, ctx ShareContext, aad []byte) (key [KeySize]byte, faulty []uint8, err error) {
	if committee == nil {
		return key, nil, fmt.Errorf("%w: no committee", ErrCommittee)
	}
	y := committee.key.y
	want := group.MulAffine(&bl.ct.c1, &bl.b)
	if !req.blinded.Equal(&want) {
		return key, nil, fmt.Errorf("%w: the request is not this blinding's", ErrRequest)
	}
	t := committee.threshold
	var indices []uint8
	var points []secp256k1.G1Affine
	for _, s := range shares {
		if s == nil || slices.Contains(indices, s.index) {
			continue
		}
		if err := VerifyShare(committee, req, s, ctx(s.index)); err != nil {
			faulty = append(faulty, s.index)
			continue
		}
		if len(indices) < t {
			indices = append(indices, s.index)
			points = append(points, s.d)
		}
	}
	if len(indices) < t {
		return key, faulty, fmt.Errorf("%w: %d valid of %d needed", ErrTooFewShares, len(indices), t)
	}
	lambda, err := shamir.Lagrange(indices)
	if err != nil {
		return key, faulty, err
	}
	// Σ λ_i·b⁻¹·D_i = x·C1: interpolation and unblinding in one product.
	var bInv fr.Element
	bInv.Inverse(&bl.b)
	for i := range lambda {
		lambda[i].Mul(&lambda[i], &bInv)
	}
	sum := group.MultiMul(points, lambda)
	shared := group.Affine(&sum)
	key, err = bl.ct.open(&shared, &y, aad)
	return key, faulty, err
}
