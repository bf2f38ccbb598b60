package cpabe

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/emrchain/emrchain/crypto/cpabe/internal/straus"
)

// Limits that bound the work an untrusted policy or ciphertext can demand.
// Encryption and ciphertext validation are linear in the number of attribute
// occurrences, so this caps both.
const (
	// MaxPolicyAttributes is the most attribute occurrences (leaves) a
	// policy may contain.
	MaxPolicyAttributes = 256
	// MaxAttributeLen is the longest attribute, in bytes.
	MaxAttributeLen = 255
	// maxPolicyText bounds the text form so the parser's input is bounded
	// before it is tokenised.
	maxPolicyText = 1 << 16
	// maxPolicyDepth bounds parser recursion.
	maxPolicyDepth = 64
)

// ErrInvalidPolicy is matched (errors.Is) by every error ParsePolicy and
// Policy.UnmarshalBinary return.
var ErrInvalidPolicy = errors.New("cpabe: invalid policy")

// PolicyError reports where a policy's text is wrong and what was expected
// there.
type PolicyError struct {
	Offset int    // byte offset into the policy text
	Msg    string // what was expected and what was found
}

func (e *PolicyError) Error() string {
	return fmt.Sprintf("cpabe: policy: at offset %d: %s", e.Offset, e.Msg)
}

// Is makes errors.Is(err, ErrInvalidPolicy) true for every PolicyError.
func (e *PolicyError) Is(target error) bool { return target == ErrInvalidPolicy }

// Policy is a monotone boolean formula over attributes, with AND, OR and
// k-of-n threshold gates. It is immutable and safe for concurrent use; the
// per-policy precomputation that Encapsulate needs is done once, on first use.
//
// The zero Policy is not valid; obtain one from ParsePolicy or
// UnmarshalBinary.
type Policy struct {
	root *node
	msp  *msp

	// bases caches the row bases once every row's are made of cleared
	// hashes (see computeRowBases).
	bases atomic.Pointer[[]rowBases]
}

// node is a leaf (children == nil) or a gate that is satisfied when at least k
// of its children are. Gates are kept normalised by newGate, so k == len
// means AND, k == 1 means OR and anything between is a genuine threshold.
type node struct {
	attr     string
	k        int
	children []*node
	row      int // the leaf's row in the span program
}

func (n *node) isLeaf() bool { return n.children == nil }
func (n *node) isAnd() bool  { return !n.isLeaf() && n.k == len(n.children) }
func (n *node) isOr() bool   { return !n.isLeaf() && n.k == 1 }

// newGate builds a normalised gate: a single child stands for itself, 1-of-n
// and n-of-n become OR and AND, and nested gates of the same kind are
// flattened. Normalising here gives every formula one canonical text form
// and lets AND/OR use the cheaper Lewko–Waters rows instead of threshold
// rows.
func newGate(k int, children []*node) *node {
	if len(children) == 1 {
		return children[0]
	}
	n := len(children)
	switch {
	case k == n:
		flat := make([]*node, 0, n)
		for _, c := range children {
			if c.isAnd() {
				flat = append(flat, c.children...)
			} else {
				flat = append(flat, c)
			}
		}
		return &node{k: len(flat), children: flat}
	case k == 1:
		flat := make([]*node, 0, n)
		for _, c := range children {
			if c.isOr() {
				flat = append(flat, c.children...)
			} else {
				flat = append(flat, c)
			}
		}
		return &node{k: 1, children: flat}
	default:
		return &node{k: k, children: children}
	}
}

// newPolicy wraps a parsed tree and builds its span program.
func newPolicy(root *node) *Policy {
	return &Policy{root: root, msp: buildMSP(root)}
}

// String returns the canonical text form: lower-case keywords, single
// spaces, the fewest parentheses, and same-kind gates flattened. Parsing it
// yields an identical policy.
func (p *Policy) String() string {
	var sb strings.Builder
	p.root.write(&sb)
	return sb.String()
}

func (n *node) write(sb *strings.Builder) {
	switch {
	case n.isLeaf():
		sb.WriteString(n.attr)
	case n.isAnd():
		for i, c := range n.children {
			if i > 0 {
				sb.WriteString(" and ")
			}
			// OR binds looser than AND, so it alone needs parentheses here.
			if c.isOr() {
				sb.WriteByte('(')
				c.write(sb)
				sb.WriteByte(')')
			} else {
				c.write(sb)
			}
		}
	case n.isOr():
		for i, c := range n.children {
			if i > 0 {
				sb.WriteString(" or ")
			}
			c.write(sb)
		}
	default:
		sb.WriteString(strconv.Itoa(n.k))
		sb.WriteString(" of (")
		for i, c := range n.children {
			if i > 0 {
				sb.WriteString(", ")
			}
			c.write(sb)
		}
		sb.WriteByte(')')
	}
}

// policyEncodingV1 prefixes the binary form, which is the canonical text.
// Text keeps the format self-describing and lets one parser (the fuzzed one)
// serve both forms.
const policyEncodingV1 = 0x01

// MarshalBinary encodes the policy as a version byte followed by its
// canonical text.
func (p *Policy) MarshalBinary() ([]byte, error) {
	if p == nil || p.root == nil {
		return nil, fmt.Errorf("%w: empty policy", ErrInvalidPolicy)
	}
	return p.appendBinary(nil), nil
}

func (p *Policy) appendBinary(b []byte) []byte {
	b = append(b, policyEncodingV1)
	return append(b, p.String()...)
}

// UnmarshalBinary decodes a policy and rejects any encoding that is not the
// canonical one, so that a policy has exactly one byte form and ciphertexts
// that bind it cannot be re-encoded.
func (p *Policy) UnmarshalBinary(data []byte) error {
	if len(data) == 0 || data[0] != policyEncodingV1 {
		return fmt.Errorf("%w: unknown policy encoding", ErrInvalidPolicy)
	}
	text := string(data[1:])
	q, err := ParsePolicy(text)
	if err != nil {
		return err
	}
	if q.String() != text {
		return fmt.Errorf("%w: policy encoding is not canonical", ErrInvalidPolicy)
	}
	p.root, p.msp = q.root, q.msp
	return nil
}

// rowBases are the per-row group elements Encapsulate raises to s1 and s2,
// as straus tables: for row i, l ∈ {0,1,2} and t ∈ {0,1},
// H(π(i), l, t) · ∏_j H(col j, l, t)^{M_ij}. They depend only on the policy,
// never on the message or randomness, so they are kept with the Policy.
// When clear is set they are that product before cofactor clearing, and
// Encapsulate clears the cofactor of the row's ciphertext points.
type rowBases struct {
	tabs  [3][2]straus.Table
	clear bool
}

// encryptionBases returns the policy's row bases, computing them on first
// use. Bases with uncleared rows are not kept: the next call finds those
// attributes' hashes cleared (computeRowBases) and keeps the result.
func (p *Policy) encryptionBases() ([]rowBases, error) {
	if b := p.bases.Load(); b != nil {
		return *b, nil
	}
	bases, err := computeRowBases(p.msp)
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(bases, func(b rowBases) bool { return b.clear }) {
		p.bases.Store(&bases)
	}
	return bases, nil
}
