package cpabe

import (
	"container/list"
	"encoding/binary"
	"fmt"
	"math/big"
	"math/bits"
	"sync"
	"sync/atomic"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"

	"github.com/emrchain/emrchain/crypto/cpabe/internal/h2c"
	"github.com/emrchain/emrchain/crypto/cpabe/internal/straus"
)

// hashDST separates this scheme's random oracle from every other use of
// hash-to-G1 (RFC 9380 §3.1).
var hashDST = []byte("EMRCHAIN-CPABE-FAME-V01-BLS12381G1_XMD:SHA-256_SSWU_RO_")

// FAME hashes strings "y l t" (attribute y) and "0 j l t" (column j) for
// l ∈ {1,2,3}, t ∈ {1,2}. The inputs here are a one-byte namespace (attribute
// or column), the attribute bytes or a 4-byte column index, then the two
// bytes l and t. The namespace byte and the fixed-length suffix make the
// encoding injective without escaping.
const (
	hashNSColumn    = 0x00
	hashNSAttribute = 0x01
)

// hashedTriple holds the six points H(prefix, l, t) of one attribute or
// column. It keeps RFC 9380's hash_to_curve outputs before their last step,
// the cofactor clearing (pre), and clears them on first need (points):
// KeyGen and the row bases of a known attribute need them cleared, but the
// first encryption under a new attribute clears its three ciphertext
// points instead of its six hashes (see computeRowBases). KeyGen multiplies
// the cleared points by scalars, for which it needs their tables of odd
// multiples (straus.Sum); encryption only adds them up, so the tables are
// built on first use.
type hashedTriple struct {
	pre [3][2]bls.G1Affine

	clearOnce sync.Once
	cleared   atomic.Bool
	pts       [3][2]bls.G1Affine

	// encrypted is set by the first encryption that used pre instead.
	encrypted atomic.Bool

	once      sync.Once
	hasTables atomic.Bool
	tabs      [3][2]straus.Table
}

// points returns the cleared points H(prefix, l+1, t+1), clearing them once.
func (h *hashedTriple) points() *[3][2]bls.G1Affine {
	h.clearOnce.Do(func() { h.setPoints(h2c.ClearCofactors(h.preList())) })
	return &h.pts
}

func (h *hashedTriple) preList() []bls.G1Affine {
	return []bls.G1Affine{h.pre[0][0], h.pre[0][1], h.pre[1][0], h.pre[1][1], h.pre[2][0], h.pre[2][1]}
}

// setPoints stores the cleared points, in preList's order; only under
// clearOnce.
func (h *hashedTriple) setPoints(pts []bls.G1Affine) {
	for l := range 3 {
		for t := range 2 {
			h.pts[l][t] = pts[2*l+t]
		}
	}
	h.cleared.Store(true)
}

// clearAll clears the hashes of every triple not cleared yet as one batch
// spread over the cores, instead of one inversion per triple.
func clearAll(hs []*hashedTriple) {
	var uncleared []*hashedTriple
	for _, h := range hs {
		if !h.cleared.Load() {
			uncleared = append(uncleared, h)
		}
	}
	if len(uncleared) == 0 {
		return
	}
	pre := make([]bls.G1Affine, 0, 6*len(uncleared))
	for _, h := range uncleared {
		pre = append(pre, h.preList()...)
	}
	out := make([]bls.G1Affine, len(pre))
	_ = parallelChunks(len(uncleared), func(lo, hi int) error { // never fails
		copy(out[6*lo:], h2c.ClearCofactors(pre[6*lo:6*hi]))
		return nil
	})
	for i, h := range uncleared {
		h.clearOnce.Do(func() { h.setPoints(out[6*i : 6*i+6]) })
	}
}

// point returns H(prefix, l+1, t+1).
func (h *hashedTriple) point(l, t int) *bls.G1Affine { return &h.points()[l][t] }

// tables returns the points' tables, building them once.
func (h *hashedTriple) tables() *[3][2]straus.Table {
	h.once.Do(func() { h.setTables(straus.NewTables(h.pointList())) })
	return &h.tabs
}

func (h *hashedTriple) pointList() []bls.G1Affine {
	pts := h.points()
	return []bls.G1Affine{pts[0][0], pts[0][1], pts[1][0], pts[1][1], pts[2][0], pts[2][1]}
}

// setTables stores the tables, in pointList's order; only under once.
func (h *hashedTriple) setTables(tabs []straus.Table) {
	for l := range 3 {
		for t := range 2 {
			h.tabs[l][t] = tabs[2*l+t]
		}
	}
	h.hasTables.Store(true)
}

// buildTables builds the tables of every triple that has none yet as one
// batch spread over the cores (straus.NewTables is cheapest on many points
// at once).
func buildTables(hs []*hashedTriple) {
	var uncleared []*hashedTriple
	var pts []bls.G1Affine
	for _, h := range hs {
		if !h.hasTables.Load() {
			uncleared = append(uncleared, h)
			pts = append(pts, h.pointList()...)
		}
	}
	tabs := make([]straus.Table, len(pts))
	_ = parallelChunks(len(uncleared), func(lo, hi int) error { // never fails
		copy(tabs[6*lo:], straus.NewTables(pts[6*lo:6*hi]))
		return nil
	})
	for i, h := range uncleared {
		h.once.Do(func() { h.setTables(tabs[6*i : 6*i+6]) })
	}
}

// attrCacheSize bounds the hash cache: 1024 entries of six points before
// and six after cofactor clearing (and, once KeyGen used them, their
// tables) are at most about 5.9 MB. Attribute
// universes in this project (roles, departments, organisations) are far
// smaller, so in steady state every attribute hits.
const attrCacheSize = 1024

var hashes = newHashCache(attrCacheSize)

func attributeKey(attr string) string { return string([]byte{hashNSAttribute}) + attr }

func columnKey(col int) string {
	var key [5]byte
	key[0] = hashNSColumn
	binary.BigEndian.PutUint32(key[1:], uint32(col))
	return string(key[:])
}

func attributeHashes(attr string) (*hashedTriple, error) {
	hs, err := hashes.getMany([]string{attributeKey(attr)})
	if err != nil {
		return nil, err
	}
	return hs[0], nil
}

func columnHashes(col int) (*hashedTriple, error) {
	hs, err := hashes.getMany([]string{columnKey(col)})
	if err != nil {
		return nil, err
	}
	return hs[0], nil
}

// prefetch makes sure the hashes of every attribute and column a policy or
// key needs are cached, hashing all the missing ones as one batch.
func prefetch(attrs []string, cols int) error {
	keys := make([]string, 0, len(attrs)+cols)
	for _, a := range attrs {
		keys = append(keys, attributeKey(a))
	}
	for c := range cols {
		keys = append(keys, columnKey(c))
	}
	_, err := hashes.getMany(keys)
	return err
}

// hashPrefixes hashes the six messages prefix ‖ l ‖ t of each prefix, in
// batches spread over the available cores (internal/h2c: the points
// bls.HashToG1 computes, before their cofactor is cleared, with fewer
// inversions).
func hashPrefixes(prefixes []string) ([]*hashedTriple, error) {
	msgs := make([][]byte, 0, 6*len(prefixes))
	for _, prefix := range prefixes {
		for l := range 3 {
			for t := range 2 {
				msgs = append(msgs, append([]byte(prefix), byte(l+1), byte(t+1)))
			}
		}
	}
	pts := make([]bls.G1Affine, len(msgs))
	err := parallelChunks(len(prefixes), func(lo, hi int) error {
		got, err := h2c.HashToCurve(msgs[6*lo:6*hi], hashDST)
		if err != nil {
			return fmt.Errorf("hash to G1: %w", err)
		}
		copy(pts[6*lo:], got)
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*hashedTriple, len(prefixes))
	for i := range out {
		out[i] = new(hashedTriple)
		for l := range 3 {
			for t := range 2 {
				out[i].pre[l][t] = pts[6*i+2*l+t]
			}
		}
	}
	return out, nil
}

// hashCache is a bounded, concurrency-safe LRU of hashed prefixes. Hashing
// happens outside the lock so a miss does not stall other goroutines; two
// goroutines missing the same key both hash it and store equal values.
type hashCache struct {
	mu    sync.Mutex
	max   int
	order *list.List // front = most recently used
	items map[string]*list.Element
}

type cacheEntry struct {
	key string
	val *hashedTriple
}

func newHashCache(max int) *hashCache {
	return &hashCache{max: max, order: list.New(), items: make(map[string]*list.Element)}
}

// getMany returns the hashes of every key, hashing the missing ones
// together.
func (c *hashCache) getMany(keys []string) ([]*hashedTriple, error) {
	out := make([]*hashedTriple, len(keys))
	var missing []string
	seen := map[string]bool{}
	c.mu.Lock()
	for i, k := range keys {
		if e, ok := c.items[k]; ok {
			c.order.MoveToFront(e)
			out[i] = e.Value.(*cacheEntry).val
		} else if !seen[k] {
			seen[k] = true
			missing = append(missing, k)
		}
	}
	c.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}

	vals, err := hashPrefixes(missing)
	if err != nil {
		return nil, err
	}
	fresh := make(map[string]*hashedTriple, len(missing))
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, k := range missing {
		if e, ok := c.items[k]; ok {
			c.order.MoveToFront(e)
			fresh[k] = e.Value.(*cacheEntry).val
			continue
		}
		c.items[k] = c.order.PushFront(&cacheEntry{key: k, val: vals[i]})
		fresh[k] = vals[i]
	}
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
	for i, k := range keys {
		if out[i] == nil {
			out[i] = fresh[k]
		}
	}
	return out, nil
}

// computeRowBases folds each row of the span program into its two bases per
// l: H(π(i), l, t) · ∏_j H(col j, l, t)^{M_ij}, with their straus tables.
// Encapsulate then needs only ct_{i,l} = base_{i,l,1}^{s1} · base_{i,l,2}^{s2},
// which is the same value FAME's encryption computes with the column
// products expanded.
//
// A row whose attribute no encryption or key has used before (its hashes
// not yet cleared) is instead folded from the hashes before cofactor
// clearing, and flagged: Encapsulate clears the cofactor of its three
// ciphertext points, which is the same point (clearing is multiplication by
// h_eff, and h_eff·(s1·B1 + s2·B2) = s1·h_eff·B1 + s2·h_eff·B2), at half the
// clearings. The GLV split in straus.Sum is exact only on G1, so the
// uncleared sum is wrong outside G1, but that part is exactly what the
// clearing removes; nothing uncleared leaves Encapsulate. The next use of
// the attribute clears its hashes, so it costs nothing more from then on.
func computeRowBases(m *msp) ([]rowBases, error) {
	// Hash every attribute and column not seen before in one batch.
	attrs := make([]string, len(m.rows))
	for i := range m.rows {
		attrs[i] = m.rows[i].attr
	}
	if err := prefetch(attrs, m.cols); err != nil {
		return nil, err
	}
	// Decide once per attribute whether its rows are folded before
	// clearing, and clear the hashes the other rows need as one batch.
	preAttr := make(map[string]bool, len(attrs))
	var toClear []*hashedTriple
	for _, a := range attrs {
		if _, done := preAttr[a]; done {
			continue
		}
		h, err := attributeHashes(a)
		if err != nil {
			return nil, err
		}
		preAttr[a] = !h.cleared.Load() && h.encrypted.CompareAndSwap(false, true)
		if !preAttr[a] {
			toClear = append(toClear, h)
		}
	}
	if len(toClear) > 0 {
		for c := range m.cols {
			h, err := columnHashes(c)
			if err != nil {
				return nil, err
			}
			toClear = append(toClear, h)
		}
		clearAll(toClear)
	}
	out := make([]rowBases, len(m.rows))
	jac := make([]bls.G1Jac, len(m.rows)*6)
	err := parallelChunks(len(m.rows), func(lo, hi int) error {
		var scalar big.Int
		for i := lo; i < hi; i++ {
			row := m.rows[i]
			pre := preAttr[row.attr]
			out[i].clear = pre
			point := func(h *hashedTriple, l, t int) *bls.G1Affine {
				if pre {
					return &h.pre[l][t]
				}
				return h.point(l, t)
			}
			h, err := attributeHashes(row.attr)
			if err != nil {
				return fmt.Errorf("row %d: %w", i, err)
			}
			acc := jac[6*i : 6*i+6] // indexed [2l+t]
			for l := range 3 {
				for t := range 2 {
					acc[2*l+t].FromAffine(point(h, l, t))
				}
			}
			entries := row.entries
			for len(entries) > 0 {
				if n := powerRun(entries); n > 0 {
					if err := addPowerRun(acc, entries[:n], point); err != nil {
						return fmt.Errorf("row %d: %w", i, err)
					}
					entries = entries[n:]
					continue
				}
				e := entries[0]
				entries = entries[1:]
				ch, err := columnHashes(e.col)
				if err != nil {
					return fmt.Errorf("row %d column %d: %w", i, e.col, err)
				}
				kind := unitKind(&e.val)
				if kind == unitNone {
					e.val.BigInt(&scalar)
				}
				for l := range 3 {
					for t := range 2 {
						addScaled(&acc[2*l+t], point(ch, l, t), kind, &scalar)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	bases := bls.BatchJacobianToAffineG1(jac)
	tabs := make([]straus.Table, len(bases))
	_ = parallelChunks(len(m.rows), func(lo, hi int) error { // never fails
		copy(tabs[6*lo:], straus.NewTables(bases[6*lo:6*hi]))
		return nil
	})
	for i := range out {
		for l := range 3 {
			for t := range 2 {
				out[i].tabs[l][t] = tabs[6*i+2*l+t]
			}
		}
	}
	return out, nil
}

// powerRun returns the length of the threshold run x^1, x^2, … that starts
// entries, or 0 if entries does not start with one.
func powerRun(entries []mspEntry) int {
	if entries[0].pow != 1 {
		return 0
	}
	n := 1
	for n < len(entries) && entries[n].x == entries[0].x && entries[n].pow == n+1 && entries[n].col == entries[0].col+n {
		n++
	}
	return n
}

// addPowerRun adds Σ_m x^m·H(col_m, l, t) over a run to acc[2l+t], by
// Horner's rule: x·(H₁ + x·(H₂ + … + x·H_K)). Each step multiplies by the
// small x (at most MaxPolicyAttributes) instead of by a full-size x^m.
func addPowerRun(acc []bls.G1Jac, run []mspEntry, point func(h *hashedTriple, l, t int) *bls.G1Affine) error {
	hs := make([]*hashedTriple, len(run))
	for m, e := range run {
		h, err := columnHashes(e.col)
		if err != nil {
			return fmt.Errorf("column %d: %w", e.col, err)
		}
		hs[m] = h
	}
	x := run[0].x
	for l := range 3 {
		for t := range 2 {
			var sum bls.G1Jac
			for m := len(run) - 1; m >= 0; m-- {
				sum.AddMixed(point(hs[m], l, t))
				mulSmall(&sum, x)
			}
			acc[2*l+t].AddAssign(&sum)
		}
	}
	return nil
}

// mulSmall sets p = x·p for a small positive x by double-and-add.
func mulSmall(p *bls.G1Jac, x int) {
	var r bls.G1Jac
	for bit := bits.Len(uint(x)) - 1; bit >= 0; bit-- {
		r.DoubleAssign()
		if x>>bit&1 == 1 {
			r.AddAssign(p)
		}
	}
	p.Set(&r)
}
