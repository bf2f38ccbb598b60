package cpabe

import (
	"cmp"
	"slices"

	"github.com/consensys/gnark-crypto/ecc/bls12-381/fr"
)

// msp is the monotone span program (LSSS matrix) of a policy: one row per
// attribute occurrence, labelled with its attribute. A set of rows can
// reconstruct the secret exactly when its rows span the target vector
// e₀ = (1, 0, …, 0).
//
// Rows are built from the formula tree, top-down, each node carrying a
// vector that its children split:
//
//   - OR: every child gets the parent's vector (Lewko–Waters).
//   - AND of n children: n−1 new columns c₁…c_{n−1}; the children get
//     v+e_{c₁}, −e_{c₁}+e_{c₂}, …, −e_{c_{n−1}}. They sum to v and no proper
//     subset spans it. This is Lewko–Waters' binary AND applied as a chain,
//     and keeps every entry in {0, ±1}, so decryption of AND/OR policies
//     combines rows with additions only.
//   - k-of-n threshold, 1 < k < n: k−1 new columns; child x ∈ {1…n} gets
//     v + Σ_{m=1}^{k−1} x^m e_{c_m}, i.e. Shamir shares of v at x over a
//     polynomial of degree k−1 (Vandermonde rows). Any k children recombine
//     with Lagrange coefficients at 0; k−1 leave the polynomial
//     underdetermined. The size is linear: n rows and k−1 columns, against
//     C(n,k) clauses for expanding the threshold into an OR of ANDs. Each
//     row adds k−1 entries, so fresh-policy encryption work grows as n·k
//     small multiplications (Horner's rule, see computeRowBases).
type msp struct {
	rows []mspRow
	cols int
}

type mspRow struct {
	attr    string
	entries []mspEntry // sparse, by increasing column
}

type mspEntry struct {
	col int
	val fr.Element
	// x and pow are set on threshold entries, val = x^pow. A child's
	// entries for one gate are consecutive with pow = 1, 2, …, k−1, which
	// lets computeRowBases evaluate them by Horner's rule with small
	// multipliers instead of one full scalar multiplication each.
	x, pow int
}

func buildMSP(root *node) *msp {
	m := &msp{cols: 1}
	var one fr.Element
	one.SetOne()
	m.build(root, []mspEntry{{col: 0, val: one}})
	return m
}

func (m *msp) build(n *node, v []mspEntry) {
	switch {
	case n.isLeaf():
		n.row = len(m.rows)
		m.rows = append(m.rows, mspRow{attr: n.attr, entries: v})
	case n.isOr():
		for _, c := range n.children {
			m.build(c, v)
		}
	case n.isAnd():
		var one, minusOne fr.Element
		one.SetOne()
		minusOne.Neg(&one)
		base := m.cols
		last := len(n.children) - 1
		m.cols += last
		for i, c := range n.children {
			var row []mspEntry
			if i == 0 {
				row = append(slices.Clip(v), mspEntry{col: base, val: one})
			} else {
				row = append(row, mspEntry{col: base + i - 1, val: minusOne})
				if i < last {
					row = append(row, mspEntry{col: base + i, val: one})
				}
			}
			m.build(c, row)
		}
	default:
		base := m.cols
		m.cols += n.k - 1
		for i, c := range n.children {
			var x, pow fr.Element
			x.SetUint64(uint64(i + 1))
			pow.Set(&x)
			row := slices.Clip(v)
			for j := 0; j < n.k-1; j++ {
				row = append(row, mspEntry{col: base + j, val: pow, x: i + 1, pow: j + 1})
				pow.Mul(&pow, &x)
			}
			m.build(c, row)
		}
	}
}

// rowCoef is one term of a reconstruction: Σ coef·M_row = e₀.
type rowCoef struct {
	row  int
	coef fr.Element
}

// reconstruct finds coefficients over the rows whose attributes the holder
// has that recombine to e₀, or reports that none exist. It walks the tree
// rather than solving the linear system: each satisfied gate picks its
// cheapest satisfied children (fewest rows), which keeps decryption work
// minimal and, for AND/OR, every coefficient equal to 1.
func (p *Policy) reconstruct(has func(attr string) bool) ([]rowCoef, bool) {
	costs := make(map[*node]int)
	if satisfyCost(p.root, has, costs) < 0 {
		return nil, false
	}
	var out []rowCoef
	var one fr.Element
	one.SetOne()
	assign(p.root, one, costs, &out)
	return out, true
}

// satisfyCost returns the number of rows the cheapest satisfying choice
// under n uses, or -1 if n is not satisfied, memoising per node.
func satisfyCost(n *node, has func(string) bool, costs map[*node]int) int {
	var c int
	switch {
	case n.isLeaf():
		c = -1
		if has(n.attr) {
			c = 1
		}
	default:
		var sat []int
		for _, ch := range n.children {
			if cc := satisfyCost(ch, has, costs); cc >= 0 {
				sat = append(sat, cc)
			}
		}
		if len(sat) < n.k {
			c = -1
			break
		}
		slices.Sort(sat)
		for _, cc := range sat[:n.k] {
			c += cc
		}
	}
	costs[n] = c
	return c
}

// chosenChildren returns the indices of the k cheapest satisfied children,
// ties broken by position so the choice is deterministic.
func chosenChildren(n *node, costs map[*node]int) []int {
	var idx []int
	for i, ch := range n.children {
		if costs[ch] >= 0 {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		return cmp.Compare(costs[n.children[a]], costs[n.children[b]])
	})
	return idx[:n.k]
}

func assign(n *node, mult fr.Element, costs map[*node]int, out *[]rowCoef) {
	if n.isLeaf() {
		*out = append(*out, rowCoef{row: n.row, coef: mult})
		return
	}
	chosen := chosenChildren(n, costs)
	if n.isAnd() || n.isOr() {
		for _, i := range chosen {
			assign(n.children[i], mult, costs, out)
		}
		return
	}
	lambda := lagrangeAtZero(chosen)
	for j, i := range chosen {
		var m fr.Element
		m.Mul(&mult, &lambda[j])
		assign(n.children[i], m, costs, out)
	}
}

// lagrangeAtZero returns, for the points x = idx+1, the coefficients λ with
// f(0) = Σ λ_j f(x_j) for every polynomial f of degree < len(idx).
func lagrangeAtZero(idx []int) []fr.Element {
	xs := make([]fr.Element, len(idx))
	for j, i := range idx {
		xs[j].SetUint64(uint64(i + 1))
	}
	out := make([]fr.Element, len(idx))
	for j := range xs {
		var num, den, d fr.Element
		num.SetOne()
		den.SetOne()
		for m := range xs {
			if m == j {
				continue
			}
			num.Mul(&num, &xs[m])
			d.Sub(&xs[m], &xs[j])
			den.Mul(&den, &d)
		}
		den.Inverse(&den)
		out[j].Mul(&num, &den)
	}
	return out
}
