package toprf

import (
	"crypto/hkdf"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/sse"
)

// DST is the hash-to-curve domain separation tag of H1.
const DST = "EMRCHAIN-TOPRF-V01-secp256k1_XMD:SHA-256_SVDW_RO_"

const (
	outputDomain  = "emrchain/toprf/v1/output"
	keySalt       = "emrchain/toprf/index-key/v1"
	typeRequest   = 'Q'
	typeAnswer    = 'A'
	typeBlinding  = 'b'
	typeShares    = 'C'
	version1      = 0x01
	maxKeywordLen = 1 << 12
)

// Encoded sizes.
const (
	RequestSize = 2 + group.PointSize
	AnswerSize  = 2 + 1 + group.PointSize + dleq.ProofSize
	KeySize     = group.ScalarSize
)

var (
	// ErrEncoding is matched by every error of the parsers.
	ErrEncoding = errors.New("toprf: malformed encoding")
	// ErrKeyword reports a keyword that normalises to nothing or is too long.
	ErrKeyword = errors.New("toprf: invalid keyword")
	// ErrShare reports a member's share that does not match its commitment,
	// or commitments not on one polynomial of degree below t.
	ErrShare = errors.New("toprf: share does not match the commitments")
	// ErrAnswer reports an answer whose proof fails.
	ErrAnswer = errors.New("toprf: invalid answer")
	// ErrTooFewAnswers reports fewer valid answers than the threshold.
	ErrTooFewAnswers = errors.New("toprf: fewer valid answers than the threshold")
)

// Input returns P = H1(normalised keyword ‖ epoch).
func Input(keyword string, epoch uint64) (secp256k1.G1Affine, error) {
	w, err := normalize(keyword)
	if err != nil {
		return secp256k1.G1Affine{}, err
	}
	return hashInput(w, epoch)
}

func normalize(keyword string) (string, error) {
	w := sse.Normalize(keyword)
	if w == "" || len(w) > maxKeywordLen {
		return "", fmt.Errorf("%w: %d bytes after normalisation", ErrKeyword, len(w))
	}
	return w, nil
}

func hashInput(w string, epoch uint64) (secp256k1.G1Affine, error) {
	msg := binary.BigEndian.AppendUint64([]byte(w), epoch)
	p, err := secp256k1.HashToG1(msg, []byte(DST))
	if err != nil {
		return p, fmt.Errorf("toprf: hash to curve: %w", err)
	}
	if p.IsInfinity() {
		return p, fmt.Errorf("toprf: keyword hashes to the identity")
	}
	return p, nil
}

// Output is F_s(w, e): the keyword's secret for one epoch.
type Output [32]byte

func output(w string, epoch uint64, sp *secp256k1.G1Affine) Output {
	h := sha256.New()
	h.Write([]byte(outputDomain))
	h.Write(binary.BigEndian.AppendUint32(nil, uint32(len(w))))
	h.Write([]byte(w))
	h.Write(binary.BigEndian.AppendUint64(nil, epoch))
	e := group.Encode(sp)
	h.Write(e[:])
	var o Output
	h.Sum(o[:0])
	return o
}

// Token returns the keyword's crypto/sse token (label and mask keys).
func (o Output) Token() sse.Token { return sse.TokenFromSecret(o) }

// Key is a patient's index key s for one epoch. It is secret.
type Key struct {
	s fr.Element
}

// GenerateKey draws an index key from random (crypto/rand if nil).
func GenerateKey(random io.Reader) (*Key, error) {
	s, err := group.RandomScalar(random)
	if err != nil {
		return nil, fmt.Errorf("toprf: generate key: %w", err)
	}
	return &Key{s: s}, nil
}

// DeriveKey derives the index key of epoch from a patient's 32-byte seed:
// HKDF-SHA256(ikm = seed, salt = "emrchain/toprf/index-key/v1", info =
// epoch (8)) read as 48 bytes onto Z_q^*. Keys of different epochs are
// independent; the seed alone restores all of them.
func DeriveKey(seed [32]byte, epoch uint64) (*Key, error) {
	wide, err := hkdf.Key(sha256.New, seed[:], []byte(keySalt), string(binary.BigEndian.AppendUint64(nil, epoch)), group.WideBytes)
	if err != nil {
		return nil, fmt.Errorf("toprf: derive key: %w", err)
	}
	return &Key{s: group.ScalarFromWide(wide)}, nil
}

// MarshalBinary returns s (32 bytes). The result is secret.
func (k *Key) MarshalBinary() ([]byte, error) {
	if k.s.IsZero() {
		return nil, fmt.Errorf("%w: empty key", ErrEncoding)
	}
	b := k.s.Bytes()
	return b[:], nil
}

// UnmarshalBinary parses a key, requiring 1 ≤ s < q. k is unchanged on error.
func (k *Key) UnmarshalBinary(b []byte) error {
	s, err := group.DecodeScalar(b)
	if err != nil || s.IsZero() {
		return fmt.Errorf("%w: index key is not a scalar in 1..q-1", ErrEncoding)
	}
	k.s = s
	return nil
}

// Equal reports whether two keys are the same, in constant time.
func (k *Key) Equal(other *Key) bool {
	a, b := k.s.Bytes(), other.s.Bytes()
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// Evaluate computes F_s(keyword, epoch) with the whole key: how the patient
// makes the tokens she writes entries with.
func (k *Key) Evaluate(keyword string, epoch uint64) (Output, error) {
	w, err := normalize(keyword)
	if err != nil {
		return Output{}, err
	}
	p, err := hashInput(w, epoch)
	if err != nil {
		return Output{}, err
	}
	sp := group.MulAffine(&p, &k.s)
	return output(w, epoch, &sp), nil
}

// ShareCommitments are the public images S_i = s_i·G of the members'
// shares, member i at index i−1, as the patient publishes them on chain: a
// contract rebuilds an answer's proof statement from them without curve
// arithmetic.
type ShareCommitments []secp256k1.G1Affine

// Deal splits the key t-of-n for the committee: the share commitments to
// publish and the shares to seal to each member's transport key.
func (k *Key) Deal(random io.Reader, t, n int) (ShareCommitments, []shamir.Share, error) {
	poly, err := shamir.NewPolynomial(random, &k.s, t)
	if err != nil {
		return nil, nil, fmt.Errorf("toprf: deal: %w", err)
	}
	shares, err := poly.Shares(n)
	if err != nil {
		return nil, nil, fmt.Errorf("toprf: deal: %w", err)
	}
	jac := make([]secp256k1.G1Jac, n)
	for i := range shares {
		jac[i] = group.BaseMul(&shares[i].Value)
	}
	return secp256k1.BatchJacobianToAffineG1(jac), shares, nil
}

// Check is a member's check of its sealed share when it receives it: the
// share matches its commitment, and the commitments lie on one polynomial of
// degree below t (SCRAPE's test, with coefficients from random), so any t
// members' answers interpolate to the same key.
func (c ShareCommitments) Check(random io.Reader, t int, share *shamir.Share) error {
	if share == nil || share.Index == 0 || int(share.Index) > len(c) {
		return fmt.Errorf("%w: share index", ErrShare)
	}
	got := group.BaseMulAffine(&share.Value)
	if !got.Equal(&c[share.Index-1]) {
		return fmt.Errorf("%w: member %d", ErrShare, share.Index)
	}
	return c.CheckDegree(random, t)
}

// CheckDegree reports whether the commitments lie on one polynomial of
// degree below t, so that every t members' answers combine to the same
// output. A requester checks it once per epoch's commitments.
func (c ShareCommitments) CheckDegree(random io.Reader, t int) error {
	ok, err := shamir.CheckDegree(random, c, t)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrShare, err)
	}
	if !ok {
		return fmt.Errorf("%w: commitments are not of degree below %d", ErrShare, t)
	}
	return nil
}

// MarshalBinary encodes the commitments: 'C' ‖ 0x01 ‖ n (1) ‖ n × 33.
func (c ShareCommitments) MarshalBinary() ([]byte, error) {
	if len(c) == 0 || len(c) > shamir.MaxShares {
		return nil, fmt.Errorf("%w: %d commitments", ErrEncoding, len(c))
	}
	b := []byte{typeShares, version1, byte(len(c))}
	for i := range c {
		if c[i].IsInfinity() {
			return nil, fmt.Errorf("%w: commitment %d is the identity", ErrEncoding, i+1)
		}
		e := group.Encode(&c[i])
		b = append(b, e[:]...)
	}
	return b, nil
}

// UnmarshalBinary parses commitments, each a point other than the identity.
// c is unchanged on error.
func (c *ShareCommitments) UnmarshalBinary(b []byte) error {
	if len(b) < 3 || b[0] != typeShares || b[1] != version1 || b[2] == 0 || b[2] > shamir.MaxShares {
		return fmt.Errorf("%w: share commitments header", ErrEncoding)
	}
	n := int(b[2])
	if len(b) != 3+n*group.PointSize {
		return fmt.Errorf("%w: %d bytes for %d commitments", ErrEncoding, len(b), n)
	}
	out := make(ShareCommitments, n)
	for i := range out {
		p, err := group.Decode(b[3+i*group.PointSize : 3+(i+1)*group.PointSize])
		if err != nil {
			return fmt.Errorf("%w: commitment %d: %w", ErrEncoding, i+1, err)
		}
		out[i] = p
	}
	*c = out
	return nil
}

// Request is the blinded input B = r·P a requester publishes.
type Request struct {
	blinded secp256k1.G1Affine
}

// Blinded returns B.
func (r *Request) Blinded() secp256k1.G1Affine { return r.blinded }

// MarshalBinary encodes the request: 'Q' ‖ 0x01 ‖ B (33).
func (r *Request) MarshalBinary() ([]byte, error) {
	if r.blinded.IsInfinity() {
		return nil, fmt.Errorf("%w: empty request", ErrEncoding)
	}
	e := group.Encode(&r.blinded)
	return append([]byte{typeRequest, version1}, e[:]...), nil
}

// UnmarshalBinary parses a request. r is unchanged on error.
func (r *Request) UnmarshalBinary(b []byte) error {
	if len(b) != RequestSize || b[0] != typeRequest || b[1] != version1 {
		return fmt.Errorf("%w: request", ErrEncoding)
	}
	p, err := group.Decode(b[2:])
	if err != nil {
		return fmt.Errorf("%w: request point: %w", ErrEncoding, err)
	}
	r.blinded = p
	return nil
}

// Blinding is the requester's secret side of a request: r, the normalised
// keyword and the epoch. Keep it until the answers are revealed.
type Blinding struct {
	r       fr.Element
	keyword string
	epoch   uint64
}

// Blind draws r for (keyword, epoch) and returns the blinding and the
// request to publish. random is crypto/rand if nil.
func Blind(random io.Reader, keyword string, epoch uint64) (*Blinding, *Request, error) {
	w, err := normalize(keyword)
	if err != nil {
		return nil, nil, err
	}
	p, err := hashInput(w, epoch)
	if err != nil {
		return nil, nil, err
	}
	r, err := group.RandomScalar(random)
	if err != nil {
		return nil, nil, fmt.Errorf("toprf: blind: %w", err)
	}
	return &Blinding{r: r, keyword: w, epoch: epoch}, &Request{blinded: group.MulAffine(&p, &r)}, nil
}

// MarshalBinary encodes the blinding: 'b' ‖ 0x01 ‖ r (32) ‖ epoch (8) ‖
// normalised keyword. The result is secret.
func (bl *Blinding) MarshalBinary() ([]byte, error) {
	if bl.r.IsZero() {
		return nil, fmt.Errorf("%w: empty blinding", ErrEncoding)
	}
	r := bl.r.Bytes()
	b := append([]byte{typeBlinding, version1}, r[:]...)
	b = binary.BigEndian.AppendUint64(b, bl.epoch)
	return append(b, bl.keyword...), nil
}

// UnmarshalBinary parses a blinding, requiring r ≠ 0 and a keyword already
// in normal form. bl is unchanged on error.
func (bl *Blinding) UnmarshalBinary(b []byte) error {
	if len(b) < 2+32+8+1 || b[0] != typeBlinding || b[1] != version1 {
		return fmt.Errorf("%w: blinding", ErrEncoding)
	}
	r, err := group.DecodeScalar(b[2:34])
	if err != nil || r.IsZero() {
		return fmt.Errorf("%w: blinding scalar", ErrEncoding)
	}
	w := string(b[42:])
	if n, err := normalize(w); err != nil || n != w {
		return fmt.Errorf("%w: blinding keyword not in normal form", ErrEncoding)
	}
	*bl = Blinding{r: r, keyword: w, epoch: binary.BigEndian.Uint64(b[34:42])}
	return nil
}

// Answer is member Index's evaluation E_i = s_i·B with its proof.
type Answer struct {
	index uint8
	e     secp256k1.G1Affine
	proof dleq.Proof
}

// Index returns the answering member's committee index.
func (a *Answer) Index() uint8 { return a.index }

// Point returns E_i.
func (a *Answer) Point() secp256k1.G1Affine { return a.e }

// Proof returns the answer's proof, for an on-chain fault report.
func (a *Answer) Proof() *dleq.Proof { p := a.proof; return &p }

// Statement returns the answer's proof statement: log_G S_i = log_B E_i.
func (a *Answer) Statement(c ShareCommitments, req *Request) (*dleq.Statement, error) {
	if a.index == 0 || int(a.index) > len(c) {
		return nil, fmt.Errorf("%w: member %d of %d", ErrAnswer, a.index, len(c))
	}
	return &dleq.Statement{P: c[a.index-1], H: req.blinded, Q: a.e}, nil
}

// Evaluate is member share.Index's answer to req, its proof bound to context
// (the on-chain answer: chain, contract, request, member). random is
// crypto/rand if nil.
func Evaluate(random io.Reader, share *shamir.Share, req *Request, context [32]byte) (*Answer, error) {
	if share == nil || share.Index == 0 || share.Index > shamir.MaxShares || share.Value.IsZero() {
		return nil, fmt.Errorf("%w: unusable share", ErrShare)
	}
	if req == nil || req.blinded.IsInfinity() {
		return nil, fmt.Errorf("%w: empty request", ErrEncoding)
	}
	a := &Answer{index: share.Index, e: group.MulAffine(&req.blinded, &share.Value)}
	st := &dleq.Statement{P: group.BaseMulAffine(&share.Value), H: req.blinded, Q: a.e}
	proof, err := dleq.Prove(random, &share.Value, st, context)
	if err != nil {
		return nil, fmt.Errorf("toprf: evaluate: %w", err)
	}
	a.proof = *proof
	return a, nil
}

// VerifyAnswer checks an answer's proof against its member's commitment.
func VerifyAnswer(c ShareCommitments, req *Request, a *Answer, context [32]byte) error {
	if a == nil {
		return ErrAnswer
	}
	st, err := a.Statement(c, req)
	if err != nil {
		return err
	}
	if err := dleq.Verify(st, &a.proof, context); err != nil {
		return fmt.Errorf("%w: member %d: %w", ErrAnswer, a.index, err)
	}
	return nil
}

// MarshalBinary encodes the answer: 'A' ‖ 0x01 ‖ member (1) ‖ E (33) ‖ proof (64).
func (a *Answer) MarshalBinary() ([]byte, error) {
	if a.index == 0 || a.e.IsInfinity() {
		return nil, fmt.Errorf("%w: empty answer", ErrEncoding)
	}
	b := []byte{typeAnswer, version1, a.index}
	e := group.Encode(&a.e)
	b = append(b, e[:]...)
	p, err := a.proof.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return append(b, p...), nil
}

// UnmarshalBinary parses an answer, checking its length, a member index in
// 1..16, the point and the proof's scalars. a is unchanged on error.
func (a *Answer) UnmarshalBinary(b []byte) error {
	if len(b) != AnswerSize || b[0] != typeAnswer || b[1] != version1 {
		return fmt.Errorf("%w: answer", ErrEncoding)
	}
	var out Answer
	out.index = b[2]
	if out.index == 0 || out.index > shamir.MaxShares {
		return fmt.Errorf("%w: member index %d", ErrEncoding, out.index)
	}
	var err error
	if out.e, err = group.Decode(b[3:36]); err != nil {
		return fmt.Errorf("%w: answer point: %w", ErrEncoding, err)
	}
	if err := out.proof.UnmarshalBinary(b[36:]); err != nil {
		return fmt.Errorf("%w: answer proof: %w", ErrEncoding, err)
	}
	*a = out
	return nil
}

// AnswerContext gives the DLEQ context each member's answer was proved under.
type AnswerContext func(member uint8) [32]byte

// Combine checks every answer (returning the members whose answer failed),
// interpolates t valid ones from distinct members and unblinds:
// s·P = Σ λ_i·r⁻¹·E_i. It fails with ErrTooFewAnswers below t.
func (bl *Blinding) Combine(c ShareCommitments, t int, req *Request, answers []*Answer, ctx AnswerContext) (out Output, faulty []uint8, err error) {
	if t < 1 || t > len(c) {
		return out, nil, fmt.Errorf("toprf: threshold %d of %d members", t, len(c))
	}
	var indices []uint8
	var points []secp256k1.G1Affine
	for _, a := range answers {
		if a == nil || slices.Contains(indices, a.index) {
			continue
		}
		if err := VerifyAnswer(c, req, a, ctx(a.index)); err != nil {
			faulty = append(faulty, a.index)
			continue
		}
		if len(indices) < t {
			indices = append(indices, a.index)
			points = append(points, a.e)
		}
	}
	if len(indices) < t {
		return out, faulty, fmt.Errorf("%w: %d valid of %d needed", ErrTooFewAnswers, len(indices), t)
	}
	lambda, err := shamir.Lagrange(indices)
	if err != nil {
		return out, faulty, err
	}
	var rInv fr.Element
	rInv.Inverse(&bl.r)
	for i := range lambda {
		lambda[i].Mul(&lambda[i], &rInv)
	}
	sum := group.MultiMul(points, lambda)
	sp := group.Affine(&sum)
	return output(bl.keyword, bl.epoch, &sp), faulty, nil
}
