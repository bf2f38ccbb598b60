package cpabe

import (
	"container/list"
	"encoding/binary"
	"fmt"
	"math/big"
	"math/bits"
	"sync"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"

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
// column, each with its table of odd multiples for straus.Sum; the point
// itself is h[l][t][0].
type hashedTriple [3][2]straus.Table

// attrCacheSize bounds the hash cache: 1024 entries of six tables is about
// 4.7 MB. Attribute universes in this project (roles, departments,
// organisations) are far smaller, so in steady state every attribute hits.
const attrCacheSize = 1024

var hashes = newHashCache(attrCacheSize)

func attributeHashes(attr string) (*hashedTriple, error) {
	return hashes.get(string([]byte{hashNSAttribute}) + attr)
}

func columnHashes(col int) (*hashedTriple, error) {
	var key [5]byte
	key[0] = hashNSColumn
	binary.BigEndian.PutUint32(key[1:], uint32(col))
	return hashes.get(string(key[:]))
}

func hashPrefix(prefix string) (*hashedTriple, error) {
	pts := make([]bls.G1Affine, 0, 6)
	msg := make([]byte, len(prefix)+2)
	copy(msg, prefix)
	for l := range 3 {
		for t := range 2 {
			msg[len(prefix)] = byte(l + 1)
			msg[len(prefix)+1] = byte(t + 1)
			p, err := bls.HashToG1(msg, hashDST)
			if err != nil {
				return nil, fmt.Errorf("hash to G1: %w", err)
			}
			pts = append(pts, p)
		}
	}
	tabs := straus.NewTables(pts)
	var out hashedTriple
	for l := range 3 {
		for t := range 2 {
			out[l][t] = tabs[2*l+t]
		}
	}
	return &out, nil
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

func (c *hashCache) get(key string) (*hashedTriple, error) {
	c.mu.Lock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		v := e.Value.(*cacheEntry).val
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()

	v, err := hashPrefix(key)
	if err != nil {
		return nil, err
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*cacheEntry).val, nil
	}
	c.items[key] = c.order.PushFront(&cacheEntry{key: key, val: v})
	for c.order.Len() > c.max {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.items, last.Value.(*cacheEntry).key)
	}
	return v, nil
}

// computeRowBases folds each row of the span program into its two bases per
// l: H(π(i), l, t) · ∏_j H(col j, l, t)^{M_ij}, with their straus tables.
// Encapsulate then needs only ct_{i,l} = base_{i,l,1}^{s1} · base_{i,l,2}^{s2},
// which is the same value FAME's encryption computes with the column
// products expanded.
func computeRowBases(m *msp) ([]rowBases, error) {
	jac := make([]bls.G1Jac, len(m.rows)*6)
	err := parallelChunks(len(m.rows), func(lo, hi int) error {
		var scalar big.Int
		for i := lo; i < hi; i++ {
			row := m.rows[i]
			h, err := attributeHashes(row.attr)
			if err != nil {
				return fmt.Errorf("row %d: %w", i, err)
			}
			acc := jac[6*i : 6*i+6] // indexed [2l+t]
			for l := range 3 {
				for t := range 2 {
					acc[2*l+t].FromAffine(&h[l][t][0])
				}
			}
			entries := row.entries
			for len(entries) > 0 {
				if n := powerRun(entries); n > 0 {
					if err := addPowerRun(acc, entries[:n]); err != nil {
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
						addScaled(&acc[2*l+t], &ch[l][t][0], kind, &scalar)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	tabs := straus.NewTables(bls.BatchJacobianToAffineG1(jac))
	out := make([]rowBases, len(m.rows))
	for i := range out {
		for l := range 3 {
			for t := range 2 {
				out[i][l][t] = tabs[6*i+2*l+t]
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
func addPowerRun(acc []bls.G1Jac, run []mspEntry) error {
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
				sum.AddMixed(&hs[m][l][t][0])
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
