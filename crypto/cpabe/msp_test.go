package cpabe

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// The span program is what makes the scheme secure: a set of attributes must
// be able to reconstruct the secret exactly when it satisfies the formula.
// (cloudflare/circl's tkn20 before v1.6.4 built AND gates whose single input
// already spanned the target, so any key opened any policy with an AND.)
// These tests check both directions with linear algebra, independently of
// reconstruct's tree walk.

// evalPolicy evaluates the formula directly.
func evalPolicy(n *node, has func(string) bool) bool {
	if n.isLeaf() {
		return has(n.attr)
	}
	sat := 0
	for _, c := range n.children {
		if evalPolicy(c, has) {
			sat++
		}
	}
	return sat >= n.k
}

// denseRow expands a sparse row to cols entries.
func denseRow(r mspRow, cols int) []fr.Element {
	out := make([]fr.Element, cols)
	for _, e := range r.entries {
		out[e.col] = e.val
	}
	return out
}

// spansTarget reports whether e₀ is a linear combination of rows, by
// Gaussian elimination on the system Σ x_i·row_i = e₀.
func spansTarget(rows [][]fr.Element, cols int) bool {
	// Augmented matrix: one equation per column, one unknown per row.
	m := make([][]fr.Element, cols)
	for c := range cols {
		m[c] = make([]fr.Element, len(rows)+1)
		for i := range rows {
			m[c][i] = rows[i][c]
		}
		if c == 0 {
			m[c][len(rows)].SetOne()
		}
	}
	pivotRow := 0
	for col := 0; col < len(rows) && pivotRow < cols; col++ {
		p := -1
		for r := pivotRow; r < cols; r++ {
			if !m[r][col].IsZero() {
				p = r
				break
			}
		}
		if p < 0 {
			continue
		}
		m[pivotRow], m[p] = m[p], m[pivotRow]
		var inv fr.Element
		inv.Inverse(&m[pivotRow][col])
		for j := range m[pivotRow] {
			m[pivotRow][j].Mul(&m[pivotRow][j], &inv)
		}
		for r := range cols {
			if r == pivotRow || m[r][col].IsZero() {
				continue
			}
			f := m[r][col]
			for j := range m[r] {
				var t fr.Element
				t.Mul(&f, &m[pivotRow][j])
				m[r][j].Sub(&m[r][j], &t)
			}
		}
		pivotRow++
	}
	// Inconsistent iff a zero row has a non-zero right-hand side.
	for r := pivotRow; r < cols; r++ {
		if !m[r][len(rows)].IsZero() {
			return false
		}
	}
	return true
}

// checkSpanProgram checks, for one policy and attribute set, that the
// formula, reconstruct and linear algebra agree, and that reconstruct's
// coefficients use only owned rows and really sum to e₀.
func checkSpanProgram(t *testing.T, p *Policy, attrs map[string]bool) {
	t.Helper()
	has := func(a string) bool { return attrs[a] }
	want := evalPolicy(p.root, has)

	var owned [][]fr.Element
	for _, r := range p.msp.rows {
		if attrs[r.attr] {
			owned = append(owned, denseRow(r, p.msp.cols))
		}
	}
	if got := spansTarget(owned, p.msp.cols); got != want {
		t.Fatalf("%s with %v: owned rows span e₀ = %v, formula says %v", p, keys(attrs), got, want)
	}

	coefs, ok := p.reconstruct(has)
	if ok != want {
		t.Fatalf("%s with %v: reconstruct = %v, formula says %v", p, keys(attrs), ok, want)
	}
	if !ok {
		return
	}
	sum := make([]fr.Element, p.msp.cols)
	for _, rc := range coefs {
		r := p.msp.rows[rc.row]
		if !attrs[r.attr] {
			t.Fatalf("%s with %v: reconstruction uses row %d (%s) the holder lacks", p, keys(attrs), rc.row, r.attr)
		}
		for _, e := range r.entries {
			var v fr.Element
			v.Mul(&e.val, &rc.coef)
			sum[e.col].Add(&sum[e.col], &v)
		}
	}
	for c := range sum {
		if (c == 0 && !sum[c].IsOne()) || (c != 0 && !sum[c].IsZero()) {
			t.Fatalf("%s with %v: Σγ·M has %s in column %d", p, keys(attrs), sum[c].String(), c)
		}
	}
}

func keys(m map[string]bool) []string {
	var out []string
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	return out
}

// forEachSubset calls f with every subset of pool.
func forEachSubset(pool []string, f func(map[string]bool)) {
	for mask := 0; mask < 1<<len(pool); mask++ {
		s := make(map[string]bool)
		for i, a := range pool {
			if mask&(1<<i) != 0 {
				s[a] = true
			}
		}
		f(s)
	}
}

var andPolicies = []string{
	"a:1 and b:2",
	"a:1 and b:2 and c:3",
	"a:1 and b:2 and c:3 and d:4 and e:5 and f:6",
	"(a:1 or b:2) and c:3",
	"a:1 and (b:2 or c:3)",
	"(a:1 or b:2) and (c:3 or d:4)",
	"a:1 and b:2 or c:3 and d:4",
	"(a:1 and b:2) or (a:1 and c:3)",
	"a:1 and (b:2 or c:3 and d:4)",
	"a:1 and 2 of (b:2, c:3, d:4)",
	"2 of (a:1 and b:2, c:3, d:4)",
	"2 of (a:1, b:2, c:3) and 2 of (d:4, e:5, f:6)",
	"a:1 and a:1",
	"a:1 and b:2 and a:1",
	"(a:1 or b:2) and (a:1 or c:3) and (b:2 or c:3)",
	"a:1 and (b:2 and (c:3 or d:4) or e:5) and f:6",
}

func TestSpanProgramAgreesWithFormula(t *testing.T) {
	pool := []string{"a:1", "b:2", "c:3", "d:4", "e:5", "f:6"}
	policies := append([]string{
		"a:1",
		"a:1 or b:2 or c:3",
		"2 of (a:1, b:2, c:3)",
		"3 of (a:1, b:2, c:3, d:4, e:5)",
		"4 of (a:1, b:2, c:3, d:4, e:5, f:6)",
		"2 of (a:1, b:2, 2 of (c:3, d:4, e:5))",
		"2 of (a:1 or b:2, c:3, d:4 or e:5 or f:6)",
	}, andPolicies...)
	for _, s := range policies {
		p := mustPolicy(t, s)
		forEachSubset(pool, func(attrs map[string]bool) { checkSpanProgram(t, p, attrs) })
	}
}

// randomFormula builds a random formula over pool, depth at most depth.
func randomFormula(r *rand.Rand, pool []string, depth int) string {
	if depth == 0 || r.IntN(3) == 0 {
		return pool[r.IntN(len(pool))]
	}
	n := 2 + r.IntN(3)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = randomFormula(r, pool, depth-1)
	}
	switch r.IntN(3) {
	case 0:
		return "(" + strings.Join(parts, " and ") + ")"
	case 1:
		return "(" + strings.Join(parts, " or ") + ")"
	default:
		return fmt.Sprintf("%d of (%s)", 1+r.IntN(n), strings.Join(parts, ", "))
	}
}

func TestSpanProgramRandomFormulas(t *testing.T) {
	pool := []string{"a:1", "b:2", "c:3", "d:4", "e:5"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 300 {
		p := mustPolicy(t, randomFormula(r, pool, 3))
		forEachSubset(pool, func(attrs map[string]bool) { checkSpanProgram(t, p, attrs) })
	}
}

func TestLagrangeAtZero(t *testing.T) {
	// f(x) = 7 + 3x + 5x², sampled at x = 2, 4, 5 (indices 1, 3, 4).
	idx := []int{1, 3, 4}
	lambda := lagrangeAtZero(idx)
	var sum fr.Element
	for j, i := range idx {
		x := uint64(i + 1)
		var fx fr.Element
		fx.SetUint64(7 + 3*x + 5*x*x)
		fx.Mul(&fx, &lambda[j])
		sum.Add(&sum, &fx)
	}
	var want fr.Element
	want.SetUint64(7)
	if !sum.Equal(&want) {
		t.Fatalf("Σλf(x) = %s, want 7", sum.String())
	}
}
