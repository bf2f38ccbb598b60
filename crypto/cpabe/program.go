package cpabe

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/sha3"
)

// The policy program is how a contract evaluates a policy on chain: the
// policy's formula in postfix form over attribute ids, so a small stack and
// one attribute lookup per leaf decide it. The record's policyHash is
// keccak256(program).
//
//	0x00 ‖ attributeId (32)   push whether the requester holds the attribute
//	0x01 ‖ k (1) ‖ n (1)      pop n values (2 ≤ n, 1 ≤ k ≤ n), push whether at
//	                          least k of them are true (AND is n-of-n, OR 1-of-n)
//
// attributeId is keccak256 of the attribute's full text (namespace/name:value).
// A program is valid when it ends with exactly one value on the stack, has at
// most MaxProgramLeaves leaves and no other bytes. Children appear in the
// policy's canonical order (that of Policy.String), and a policy has exactly
// one program: ParseProgram refuses any program that is not the one its own
// policy converts to (an AND directly under an AND, for instance), so the
// text a patient is shown, the CP-ABE policy and the program the contract
// evaluates are one formula.
const (
	opLeaf = 0x00
	opGate = 0x01

	// MaxProgramLeaves bounds the attribute lookups one on-chain evaluation
	// makes.
	MaxProgramLeaves = 64
)

// ErrInvalidProgram is matched (errors.Is) by every error of the program
// functions.
var ErrInvalidProgram = errors.New("cpabe: invalid policy program")

// AttributeID returns keccak256 of the attribute's text: how the on-chain
// attribute registry and the policy program name it.
func AttributeID(attr string) [32]byte {
	h := sha3.NewLegacyKeccak256()
	h.Write([]byte(attr))
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Program returns the policy's program. It fails for a policy with more than
// MaxProgramLeaves leaves.
func (p *Policy) Program() ([]byte, error) {
	if p == nil || p.root == nil {
		return nil, fmt.Errorf("%w: empty policy", ErrInvalidProgram)
	}
	if n := len(p.msp.rows); n > MaxProgramLeaves {
		return nil, fmt.Errorf("%w: %d leaves, at most %d", ErrInvalidProgram, n, MaxProgramLeaves)
	}
	return p.root.appendProgram(nil), nil
}

// ProgramHash returns keccak256(Program()), the record's policyHash.
func (p *Policy) ProgramHash() ([32]byte, error) {
	prog, err := p.Program()
	if err != nil {
		return [32]byte{}, err
	}
	h := sha3.NewLegacyKeccak256()
	h.Write(prog)
	var out [32]byte
	h.Sum(out[:0])
	return out, nil
}

func (n *node) appendProgram(b []byte) []byte {
	if n.isLeaf() {
		id := AttributeID(n.attr)
		return append(append(b, opLeaf), id[:]...)
	}
	for _, c := range n.children {
		b = c.appendProgram(b)
	}
	return append(b, opGate, byte(n.k), byte(len(n.children)))
}

// programOp is one decoded instruction.
type programOp struct {
	leaf bool
	id   [32]byte
	k, n int
}

// decodeProgram splits a program into instructions and checks it is valid:
// every gate has 2 ≤ n ≤ stack depth and 1 ≤ k ≤ n, at most
// MaxProgramLeaves leaves, and exactly one value at the end.
func decodeProgram(prog []byte) ([]programOp, error) {
	var ops []programOp
	depth, leaves := 0, 0
	for i := 0; i < len(prog); {
		switch prog[i] {
		case opLeaf:
			if i+33 > len(prog) {
				return nil, fmt.Errorf("%w: truncated leaf at byte %d", ErrInvalidProgram, i)
			}
			leaves++
			if leaves > MaxProgramLeaves {
				return nil, fmt.Errorf("%w: more than %d leaves", ErrInvalidProgram, MaxProgramLeaves)
			}
			op := programOp{leaf: true}
			copy(op.id[:], prog[i+1:i+33])
			ops = append(ops, op)
			depth++
			i += 33
		case opGate:
			if i+3 > len(prog) {
				return nil, fmt.Errorf("%w: truncated gate at byte %d", ErrInvalidProgram, i)
			}
			k, n := int(prog[i+1]), int(prog[i+2])
			if n < 2 || k < 1 || k > n {
				return nil, fmt.Errorf("%w: gate %d of %d at byte %d", ErrInvalidProgram, k, n, i)
			}
			if n > depth {
				return nil, fmt.Errorf("%w: gate at byte %d pops %d of %d values", ErrInvalidProgram, i, n, depth)
			}
			ops = append(ops, programOp{k: k, n: n})
			depth -= n - 1
			i += 3
		default:
			return nil, fmt.Errorf("%w: unknown opcode %#x at byte %d", ErrInvalidProgram, prog[i], i)
		}
	}
	if depth != 1 {
		return nil, fmt.Errorf("%w: ends with %d values, want 1", ErrInvalidProgram, depth)
	}
	return ops, nil
}

// CheckProgram reports whether prog is a valid program, as the contract
// judges it (it does not require canonical form: ParseProgram does).
func CheckProgram(prog []byte) error {
	_, err := decodeProgram(prog)
	return err
}

// EvalProgram evaluates prog for a requester holding the attributes for
// which holds returns true, the way the contract does.
func EvalProgram(prog []byte, holds func(id [32]byte) bool) (bool, error) {
	ops, err := decodeProgram(prog)
	if err != nil {
		return false, err
	}
	stack := make([]bool, 0, MaxProgramLeaves)
	for _, op := range ops {
		if op.leaf {
			stack = append(stack, holds(op.id))
			continue
		}
		count := 0
		for _, v := range stack[len(stack)-op.n:] {
			if v {
				count++
			}
		}
		stack = append(stack[:len(stack)-op.n], count >= op.k)
	}
	return stack[0], nil
}

// ParseProgram converts a program back to its policy, naming each leaf with
// name (which returns the attribute text of an id, typically from the
// attribute registry's definitions). It refuses an invalid program, a leaf
// whose name is unknown, does not hash to its id or breaks the attribute
// syntax, and a program that is not its policy's canonical program.
func ParseProgram(prog []byte, name func(id [32]byte) (string, bool)) (*Policy, error) {
	ops, err := decodeProgram(prog)
	if err != nil {
		return nil, err
	}
	stack := make([]*node, 0, MaxProgramLeaves)
	for i, op := range ops {
		if op.leaf {
			attr, ok := name(op.id)
			if !ok {
				return nil, fmt.Errorf("%w: leaf %d: unknown attribute id %x", ErrInvalidProgram, i, op.id)
			}
			if AttributeID(attr) != op.id {
				return nil, fmt.Errorf("%w: leaf %d: %q does not hash to its id", ErrInvalidProgram, i, attr)
			}
			if err := checkAttribute(attr); err != nil {
				return nil, fmt.Errorf("%w: leaf %d: %v", ErrInvalidProgram, i, err)
			}
			stack = append(stack, &node{attr: attr})
			continue
		}
		children := append([]*node(nil), stack[len(stack)-op.n:]...)
		stack = append(stack[:len(stack)-op.n], newGate(op.k, children))
	}
	p := newPolicy(stack[0])
	canon, err := p.Program()
	if err != nil {
		return nil, err
	}
	if string(canon) != string(prog) {
		return nil, fmt.Errorf("%w: not the canonical program of %q", ErrInvalidProgram, p.String())
	}
	return p, nil
}

// EpochAttribute is the attribute a key of epoch e carries and a gate
// object's CP-ABE policy requires beside the record's policy. It has no
// namespace, so no authority's attribute can be mistaken for it; only the
// keys authority issues it.
func EpochAttribute(e uint64) string {
	return fmt.Sprintf("epoch:%d", e)
}

// WithEpoch returns the policy "p and epoch:e": the CP-ABE policy of a record
// created in epoch e. The epoch is never part of the program.
func (p *Policy) WithEpoch(e uint64) (*Policy, error) {
	if p == nil || p.root == nil {
		return nil, fmt.Errorf("%w: empty policy", ErrInvalidPolicy)
	}
	if len(p.msp.rows)+1 > MaxPolicyAttributes {
		return nil, fmt.Errorf("%w: no room for the epoch attribute", ErrInvalidPolicy)
	}
	epoch := &node{attr: EpochAttribute(e)}
	return newPolicy(newGate(2, []*node{cloneTree(p.root), epoch})), nil
}

// cloneTree copies a formula so a new policy's span program can number its
// rows without touching the original's.
func cloneTree(n *node) *node {
	c := &node{attr: n.attr, k: n.k}
	if !n.isLeaf() {
		c.children = make([]*node, len(n.children))
		for i, ch := range n.children {
			c.children[i] = cloneTree(ch)
		}
	}
	return c
}

// SplitEpoch undoes WithEpoch: for a policy "q and epoch:e" it returns q and
// e. ok is false for any policy not of that form.
func (p *Policy) SplitEpoch() (base *Policy, epoch uint64, ok bool) {
	if p == nil || p.root == nil || !p.root.isAnd() {
		return nil, 0, false
	}
	last := p.root.children[len(p.root.children)-1]
	digits, found := strings.CutPrefix(last.attr, "epoch:")
	if !last.isLeaf() || !found {
		return nil, 0, false
	}
	e, err := strconv.ParseUint(digits, 10, 64)
	if err != nil || strconv.FormatUint(e, 10) != digits {
		return nil, 0, false
	}
	rest := make([]*node, 0, len(p.root.children)-1)
	for _, c := range p.root.children[:len(p.root.children)-1] {
		rest = append(rest, cloneTree(c))
	}
	base = newPolicy(newGate(len(rest), rest))
	return base, e, true
}
