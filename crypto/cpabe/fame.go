package cpabe

import (
	"crypto/hkdf"
	crand "crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"

	"github.com/emrchain/emrchain/crypto/cpabe/internal/fixedbase"
	"github.com/emrchain/emrchain/crypto/cpabe/internal/gtexp"
	"github.com/emrchain/emrchain/crypto/cpabe/internal/h2c"
	"github.com/emrchain/emrchain/crypto/cpabe/internal/straus"
)

var (
	// ErrPolicyNotSatisfied is returned by Decapsulate and Unwrap when the
	// key's attributes do not satisfy the ciphertext's policy.
	ErrPolicyNotSatisfied = errors.New("cpabe: attributes do not satisfy the policy")
	// ErrDecryption is returned by Decapsulate and Unwrap when the key
	// confirmation fails: the ciphertext was altered, or the key is not a
	// valid key of the authority that the ciphertext was made for.
	ErrDecryption = errors.New("cpabe: decryption failed")
	// ErrInvalidAttribute is returned by KeyGen for an attribute outside the
	// policy language's attribute syntax.
	ErrInvalidAttribute = errors.New("cpabe: invalid attribute")
)

// MaxKeyAttributes bounds the attributes of one key, and with it the work an
// untrusted key encoding can demand.
const MaxKeyAttributes = 1024

// The scheme uses G = G1 for everything whose count grows with attributes
// (hashes, per-attribute key parts, ciphertext rows) and H = G2 for the
// constant-size parts, because G1 elements are half the size and a third of
// the cost of G2 elements.
var (
	g1Gen, g2Gen = func() (bls.G1Affine, bls.G2Affine) {
		_, _, g1, g2 := bls.Generators()
		return g1, g2
	}()
	// gTable speeds up the many [x]g of KeyGen; built on first use (~30 ms).
	gTable = sync.OnceValue(func() *fixedbase.G1 { return fixedbase.New(&g1Gen) })
	// pairGen is e(g, h), the base of the public key's GT elements.
	pairGen = sync.OnceValues(func() (bls.GT, error) {
		return bls.Pair([]bls.G1Affine{g1Gen}, []bls.G2Affine{g2Gen})
	})
)

// PublicKey is the authority's public key: (h^{a1}, h^{a2},
// e(g,h)^{d1·a1+d3}, e(g,h)^{d2·a2+d3}). It is safe for concurrent use.
type PublicKey struct {
	h1, h2 bls.G2Affine
	t1, t2 bls.GT
}

// MasterKey is the authority's secret (a1, a2, b1, b2, d1, d2, d3).
type MasterKey struct {
	a1, a2, b1, b2 fr.Element // non-zero
	d1, d2, d3     fr.Element
	pk             *PublicKey
}

// AttributeKey is a user's decryption key for a set of attributes.
type AttributeKey struct {
	attrs []string       // sorted, distinct
	index map[string]int // attribute → position in attrs and parts
	parts [][3]bls.G1Affine
	k0    [3]bls.G2Affine // h^{b1·r1}, h^{b2·r2}, h^{r1+r2}
	kp    [3]bls.G1Affine // sk'
}

// Ciphertext is a KEM ciphertext under a policy, with a key-confirmation
// tag.
type Ciphertext struct {
	policy  *Policy
	c0      [3]bls.G2Affine   // h^{a1·s1}, h^{a2·s2}, h^{s1+s2}
	rows    [][3]bls.G1Affine // one per span-program row
	tag     [tagSize]byte
	version byte // the encoding it was parsed from, or encodingV2
	// rowsInG1 says every row point is known to be in the prime-order
	// subgroup (made here, or checked when parsed). When false (a wrapped
	// key parsed for decryption), Decapsulate checks instead the three
	// combinations A_l of rows that reach the pairing: A_l = Σ γ_i·ct_{i,l}
	// is in G1 exactly when the rows' components outside G1 cancel, and
	// then it equals the combination of the rows' G1 components, so the
	// decryption is that of a valid ciphertext and tells the sender nothing
	// about the key that a valid ciphertext would not.
	rowsInG1 bool
}

const tagSize = 32

// Policy returns the policy the ciphertext was made under.
func (ct *Ciphertext) Policy() *Policy { return ct.policy }

// Attributes returns a copy of the key's attributes, sorted.
func (ak *AttributeKey) Attributes() []string { return slices.Clone(ak.attrs) }

// PublicKey returns the public key that belongs to msk.
func (msk *MasterKey) PublicKey() *PublicKey { return msk.pk }

func orDefault(rand io.Reader) io.Reader {
	if rand == nil {
		return crand.Reader
	}
	return rand
}

// Setup generates an authority's key pair. A nil rand means crypto/rand.
func Setup(rand io.Reader) (*PublicKey, *MasterKey, error) {
	rand = orDefault(rand)
	msk := new(MasterKey)
	for _, s := range []*fr.Element{&msk.a1, &msk.a2, &msk.b1, &msk.b2} {
		v, err := randomNonZero(rand)
		if err != nil {
			return nil, nil, fmt.Errorf("cpabe: setup: %w", err)
		}
		*s = v
	}
	for _, s := range []*fr.Element{&msk.d1, &msk.d2, &msk.d3} {
		v, err := randomScalar(rand)
		if err != nil {
			return nil, nil, fmt.Errorf("cpabe: setup: %w", err)
		}
		*s = v
	}
	pk, err := msk.derivePublicKey()
	if err != nil {
		return nil, nil, fmt.Errorf("cpabe: setup: %w", err)
	}
	msk.pk = pk
	return pk, msk, nil
}

func (msk *MasterKey) derivePublicKey() (*PublicKey, error) {
	egh, err := pairGen()
	if err != nil {
		return nil, fmt.Errorf("pairing: %w", err)
	}
	pk := new(PublicKey)
	pk.h1.ScalarMultiplicationBase(toBig(&msk.a1))
	pk.h2.ScalarMultiplicationBase(toBig(&msk.a2))
	var e1, e2 fr.Element
	e1.Mul(&msk.d1, &msk.a1).Add(&e1, &msk.d3)
	e2.Mul(&msk.d2, &msk.a2).Add(&e2, &msk.d3)
	pk.t1.ExpGLV(egh, toBig(&e1))
	pk.t2.ExpGLV(egh, toBig(&e2))
	return pk, nil
}

// KeyGen issues a key for attrs, which must follow the policy language's
// attribute syntax (see ParsePolicy). Duplicates are dropped; the key
// records the sorted list. A nil rand means crypto/rand.
func (msk *MasterKey) KeyGen(rand io.Reader, attrs []string) (*AttributeKey, error) {
	rand = orDefault(rand)
	if msk.a1.IsZero() || msk.a2.IsZero() {
		return nil, errors.New("cpabe: keygen: master key not initialised")
	}
	sorted := slices.Compact(slices.Sorted(slices.Values(attrs)))
	if len(sorted) == 0 {
		return nil, fmt.Errorf("%w: a key needs at least one attribute", ErrInvalidAttribute)
	}
	if len(sorted) > MaxKeyAttributes {
		return nil, fmt.Errorf("%w: %d attributes exceed the limit of %d", ErrInvalidAttribute, len(sorted), MaxKeyAttributes)
	}
	for _, a := range sorted {
		if err := checkAttribute(a); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalidAttribute, err)
		}
	}

	r1, err := randomScalar(rand)
	if err != nil {
		return nil, fmt.Errorf("cpabe: keygen: %w", err)
	}
	r2, err := randomScalar(rand)
	if err != nil {
		return nil, fmt.Errorf("cpabe: keygen: %w", err)
	}
	// k = (b1·r1, b2·r2, r1+r2); the key hides it in the exponents of h and
	// of the attribute hashes.
	var k [3]fr.Element
	k[0].Mul(&msk.b1, &r1)
	k[1].Mul(&msk.b2, &r2)
	k[2].Add(&r1, &r2)

	ak := &AttributeKey{attrs: sorted, index: make(map[string]int, len(sorted)), parts: make([][3]bls.G1Affine, len(sorted))}
	for l := range 3 {
		ak.k0[l].ScalarMultiplicationBase(toBig(&k[l]))
	}

	var aInv [2]fr.Element
	aInv[0].Inverse(&msk.a1)
	aInv[1].Inverse(&msk.a2)
	// exps[l][t] = k_l / a_t, the exponent of H(·, l, t) in every key part.
	var exps [3][2]fr.Element
	for l := range 3 {
		for t := range 2 {
			exps[l][t].Mul(&k[l], &aInv[t])
		}
	}

	// Draw all randomness first, in a fixed order, so the parallel part below
	// is deterministic for a deterministic reader.
	sigmas := make([]fr.Element, len(sorted)+1) // per attribute, then σ' for sk'
	for i := range sigmas {
		if sigmas[i], err = randomScalar(rand); err != nil {
			return nil, fmt.Errorf("cpabe: keygen: %w", err)
		}
	}
	for i, a := range sorted {
		ak.index[a] = i
	}

	// Hash every attribute not seen before in one batch, over all cores,
	// and clear the cofactors of every hash not cleared yet in another.
	if err := prefetch(sorted, 1); err != nil {
		return nil, fmt.Errorf("cpabe: keygen: %w", err)
	}
	hs := make([]*hashedTriple, 0, len(sorted)+1)
	for _, a := range sorted {
		h, err := attributeHashes(a)
		if err != nil {
			return nil, fmt.Errorf("cpabe: keygen: attribute %q: %w", a, err)
		}
		hs = append(hs, h)
	}
	h0, err := columnHashes(0)
	if err != nil {
		return nil, fmt.Errorf("cpabe: keygen: %w", err)
	}
	clearAll(append(hs, h0))
	buildTables(append(hs, h0))
	gt := gTable()
	// jac[3i : 3i+3] is the part of attribute i; the last three are sk'.
	jac := make([]bls.G1Jac, 3*(len(sorted)+1))
	// part sets out[t] = [gExp_t]g + Σ_l [k_l/a_t]·H(·, l, t) for t ∈ {0,1}.
	part := func(out []bls.G1Jac, h *hashedTriple, gExp [2]fr.Element) {
		tabs := h.tables()
		for t := range 2 {
			var sum bls.G1Jac
			straus.Sum(&sum, []*straus.Table{&tabs[0][t], &tabs[1][t], &tabs[2][t]},
				[]fr.Element{exps[0][t], exps[1][t], exps[2][t]})
			gt.Mul(&out[t], &gExp[t])
			out[t].AddAssign(&sum)
		}
	}
	_ = parallelChunks(len(sorted), func(lo, hi int) error { // never fails
		for i := lo; i < hi; i++ {
			h := hs[i]
			var gExp [2]fr.Element
			gExp[0].Mul(&sigmas[i], &aInv[0])
			gExp[1].Mul(&sigmas[i], &aInv[1])
			part(jac[3*i:], h, gExp)
			var neg fr.Element
			neg.Neg(&sigmas[i])
			gt.Mul(&jac[3*i+2], &neg)
		}
		return nil
	})

	// sk' carries the master secret d: g^{d_t + σ'/a_t} · Π_l H(col 0, l, t)^{k_l/a_t}
	// and g^{d3 − σ'}.
	sigma := &sigmas[len(sorted)]
	var gExp [2]fr.Element
	gExp[0].Mul(sigma, &aInv[0]).Add(&gExp[0], &msk.d1)
	gExp[1].Mul(sigma, &aInv[1]).Add(&gExp[1], &msk.d2)
	last := jac[3*len(sorted):]
	part(last, h0, gExp)
	var e3 fr.Element
	e3.Sub(&msk.d3, sigma)
	gt.Mul(&last[2], &e3)

	aff := bls.BatchJacobianToAffineG1(jac)
	for i := range sorted {
		copy(ak.parts[i][:], aff[3*i:3*i+3])
	}
	copy(ak.kp[:], aff[3*len(sorted):])
	return ak, nil
}

// Encapsulate makes a fresh 32-byte key and a ciphertext that carries it to
// every key whose attributes satisfy p. A nil rand means crypto/rand.
func (pk *PublicKey) Encapsulate(rand io.Reader, p *Policy) (key [32]byte, ct *Ciphertext, err error) {
	rand = orDefault(rand)
	if p == nil || p.root == nil {
		return key, nil, fmt.Errorf("%w: nil policy", ErrInvalidPolicy)
	}
	if pk.t1.IsZero() || pk.t2.IsZero() {
		return key, nil, errors.New("cpabe: encapsulate: public key not initialised")
	}
	bases, err := p.encryptionBases()
	if err != nil {
		return key, nil, fmt.Errorf("cpabe: encapsulate: %w", err)
	}
	s1, err := randomScalar(rand)
	if err != nil {
		return key, nil, fmt.Errorf("cpabe: encapsulate: %w", err)
	}
	s2, err := randomScalar(rand)
	if err != nil {
		return key, nil, fmt.Errorf("cpabe: encapsulate: %w", err)
	}
	b1, b2 := toBig(&s1), toBig(&s2)

	ct = &Ciphertext{policy: p, rows: make([][3]bls.G1Affine, len(bases)), version: encodingV2, rowsInG1: true}
	// The constant-size part (three G2 and two GT exponentiations) runs
	// beside the rows.
	var z bls.GT
	var constPart sync.WaitGroup
	constPart.Go(func() {
		var sum fr.Element
		sum.Add(&s1, &s2)
		ct.c0[0].ScalarMultiplication(&pk.h1, b1)
		ct.c0[1].ScalarMultiplication(&pk.h2, b2)
		ct.c0[2].ScalarMultiplicationBase(toBig(&sum))
		z = gtexp.Exp2(&pk.t1, &pk.t2, &s1, &s2)
	})

	// Every row point is s1·base1 + s2·base2 with the same s1, s2: one
	// batch of sums per core.
	aff := make([]bls.G1Affine, 3*len(bases))
	_ = parallelChunks(len(bases), func(lo, hi int) error { // never fails
		tables := make([][]*straus.Table, 0, 3*(hi-lo))
		for i := lo; i < hi; i++ {
			for l := range 3 {
				tables = append(tables, []*straus.Table{&bases[i].tabs[l][0], &bases[i].tabs[l][1]})
			}
		}
		straus.SumBatch(aff[3*lo:3*hi], tables, []fr.Element{s1, s2})
		var clear []bls.G1Jac
		for i := lo; i < hi; i++ {
			if bases[i].clear {
				for l := range 3 {
					var j bls.G1Jac
					clear = append(clear, *h2c.ClearCofactor(&j, &aff[3*i+l]))
				}
			}
		}
		if len(clear) > 0 {
			cleared := bls.BatchJacobianToAffineG1(clear)
			for i := lo; i < hi; i++ {
				if bases[i].clear {
					copy(aff[3*i:3*i+3], cleared[:3])
					cleared = cleared[3:]
				}
			}
		}
		return nil
	})
	for i := range ct.rows {
		copy(ct.rows[i][:], aff[3*i:3*i+3])
	}

	constPart.Wait()

	key, ct.tag, err = deriveKEM(&z, ct.appendBody(nil))
	if err != nil {
		return key, nil, fmt.Errorf("cpabe: encapsulate: %w", err)
	}
	return key, ct, nil
}

// Decapsulate recovers the key from ct. It returns ErrPolicyNotSatisfied if
// the key's attributes do not satisfy the policy, and ErrDecryption if the
// key confirmation fails.
func (ak *AttributeKey) Decapsulate(ct *Ciphertext) ([32]byte, error) {
	var key [32]byte
	if ct == nil || ct.policy == nil || len(ct.rows) != len(ct.policy.msp.rows) {
		return key, fmt.Errorf("%w: malformed ciphertext", ErrDecryption)
	}
	coefs, ok := ct.policy.reconstruct(func(a string) bool { _, ok := ak.index[a]; return ok })
	if !ok {
		return key, ErrPolicyNotSatisfied
	}

	// A_l = Π ct_{i,l}^{γ_i} and B_t = sk'_t · Π sk_{π(i),t}^{γ_i}; the
	// exponents for one attribute used in several rows are summed first.
	perAttr := make(map[int]fr.Element)
	rowPts := make([][3]bls.G1Affine, len(coefs))
	gammas := make([]fr.Element, len(coefs))
	for j, rc := range coefs {
		rowPts[j] = ct.rows[rc.row]
		gammas[j] = rc.coef
		idx := ak.index[ct.policy.msp.rows[rc.row].attr]
		g := perAttr[idx]
		g.Add(&g, &rc.coef)
		perAttr[idx] = g
	}
	keyPts := make([][3]bls.G1Affine, 0, len(perAttr))
	keyCoefs := make([]fr.Element, 0, len(perAttr))
	for idx, g := range perAttr {
		keyPts = append(keyPts, ak.parts[idx])
		keyCoefs = append(keyCoefs, g)
	}

	var jac [6]bls.G1Jac
	for l := range 3 {
		a, err := linearCombination(column(rowPts, l), gammas)
		if err != nil {
			return key, fmt.Errorf("cpabe: decapsulate: %w", err)
		}
		jac[l].Neg(&a)
		b, err := linearCombination(column(keyPts, l), keyCoefs)
		if err != nil {
			return key, fmt.Errorf("cpabe: decapsulate: %w", err)
		}
		b.AddMixed(&ak.kp[l])
		jac[3+l] = b
	}
	P := bls.BatchJacobianToAffineG1(jac[:])
	if !ct.rowsInG1 {
		for l := range 3 {
			if !P[l].IsInSubGroup() {
				return key, fmt.Errorf("%w: ciphertext rows outside the prime-order subgroup", ErrInvalidEncoding)
			}
		}
	}
	Q := []bls.G2Affine{ak.k0[0], ak.k0[1], ak.k0[2], ct.c0[0], ct.c0[1], ct.c0[2]}
	// Z = Π e(B_t, ct0_t) / Π e(A_l, sk0_l) = T1^{s1}·T2^{s2}: one multi-Miller
	// loop and one final exponentiation instead of six pairings.
	ml, err := bls.MillerLoop(P, Q)
	if err != nil {
		return key, fmt.Errorf("cpabe: decapsulate: %w", err)
	}
	z := bls.FinalExponentiation(&ml)

	key, tag, err := deriveKEM(&z, ct.appendBody(nil))
	if err != nil {
		return key, fmt.Errorf("cpabe: decapsulate: %w", err)
	}
	if subtle.ConstantTimeCompare(tag[:], ct.tag[:]) != 1 {
		return [32]byte{}, ErrDecryption
	}
	return key, nil
}

func column(rows [][3]bls.G1Affine, l int) []bls.G1Affine {
	out := make([]bls.G1Affine, len(rows))
	for i := range rows {
		out[i] = rows[i][l]
	}
	return out
}

// kemInfo labels the HKDF derivation; the ciphertext body (policy and all
// group elements) follows it so that the key and tag commit to every byte.
const kemInfo = "emrchain/cpabe FAME KEM v1\x00"

// deriveKEM expands the shared GT element into the 32-byte key and the
// 32-byte key-confirmation tag. The tag is a separate HKDF output, so
// publishing it reveals nothing about the key, and a change to any bound
// byte changes it.
func deriveKEM(z *bls.GT, body []byte) (key, tag [32]byte, err error) {
	zb := z.Bytes()
	out, err := hkdf.Key(sha256.New, zb[:], nil, kemInfo+string(body), 64)
	if err != nil {
		return key, tag, fmt.Errorf("hkdf: %w", err)
	}
	copy(key[:], out[:32])
	copy(tag[:], out[32:])
	return key, tag, nil
}
