package client

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/crypto/cpabe"
)

// ErrUndefinedAttribute means a policy names an attribute no authority has defined on chain:
// nobody could ever hold it, so nobody could ever read under the policy.
var ErrUndefinedAttribute = errors.New("attribute is not defined by any authority")

// ErrPolicyMismatch means a draft's policy text is not the policy whose hash the author signed.
var ErrPolicyMismatch = errors.New("the policy text does not match the signed policy hash")

// PolicyHash is the record's policyHash for a policy: keccak256 of its program, the form the
// attribute-read contract evaluates.
func PolicyHash(p *cpabe.Policy) ([32]byte, error) {
	h, err := p.ProgramHash()
	if err != nil {
		return [32]byte{}, fmt.Errorf("policy %q: %w", p, err)
	}
	return h, nil
}

// CheckPolicy returns the policy's hash after checking that every attribute it names is defined
// on chain, so that a record is never written under a policy nobody can satisfy.
func (e *Env) CheckPolicy(ctx context.Context, p *cpabe.Policy) ([32]byte, error) {
	h, err := PolicyHash(p)
	if err != nil {
		return h, err
	}
	prog, _ := p.Program()
	ops, err := decodeProgram(prog)
	if err != nil {
		return h, err
	}
	names := leafNames(p)
	for i, op := range ops {
		if !op.leaf {
			continue
		}
		owner, err := e.AttributeAuthority(ctx, op.id)
		if err != nil {
			return h, err
		}
		if owner == (common.Address{}) {
			name := names[op.id]
			return h, fmt.Errorf("policy %q: %q (leaf %d): %w%s", p, name, i, ErrUndefinedAttribute, e.attributeHint(ctx, name))
		}
	}
	return h, nil
}

// leafNames maps each attribute id of a policy to its text.
func leafNames(p *cpabe.Policy) map[[32]byte]string {
	out := map[[32]byte]string{}
	for _, w := range attributeWords(p.String()) {
		out[cpabe.AttributeID(w)] = w
	}
	return out
}

// attributeWords splits a canonical policy text into its attribute names.
func attributeWords(text string) []string {
	f := func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == ',' }
	var out []string
	for _, w := range strings.FieldsFunc(text, f) {
		if strings.Contains(w, ":") {
			out = append(out, w)
		}
	}
	return out
}

// attributeHint suggests defined attributes a mistyped or namespace-less name may have meant.
func (e *Env) attributeHint(ctx context.Context, name string) string {
	defs, err := e.DefinedAttributes(ctx)
	if err != nil {
		return ""
	}
	bare := name
	if i := strings.IndexByte(name, '/'); i >= 0 {
		bare = name[i+1:]
	}
	var near []string
	for _, d := range defs {
		if strings.HasSuffix(d.Name, "/"+bare) {
			near = append(near, d.Name)
		}
	}
	switch {
	case len(near) > 0:
		return fmt.Sprintf(" (did you mean %s? attributes carry their authority's namespace)", strings.Join(near, " or "))
	case !strings.Contains(name, "/"):
		return " (attributes carry their authority's namespace, as in hospital-a/role:doctor; `emrchain attributes list` shows the defined ones)"
	}
	return " (`emrchain attributes list` shows the defined ones)"
}

// AttributeAuthority returns the authority that defined an attribute (zero if undefined).
func (e *Env) AttributeAuthority(ctx context.Context, id [32]byte) (common.Address, error) {
	a, err := bind.Call(e.Set.Attributes.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Attributes.ABI.PackAuthorityOf(id), e.Set.Attributes.ABI.UnpackAuthorityOf)
	if err != nil {
		return a, fmt.Errorf("read attribute %x: %w", id, decode(err))
	}
	return a, nil
}

// AttributeName returns an attribute's full name, "" if it is not defined.
func (e *Env) AttributeName(ctx context.Context, id [32]byte) (string, error) {
	n, err := bind.Call(e.Set.Attributes.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Attributes.ABI.PackNameOf(id), e.Set.Attributes.ABI.UnpackNameOf)
	if err != nil {
		return "", fmt.Errorf("read attribute %x: %w", id, decode(err))
	}
	return n, nil
}

// DefinedAttribute is one attribute an authority defined.
type DefinedAttribute struct {
	ID        [32]byte
	Name      string
	Authority common.Address
}

// DefinedAttributes lists every attribute defined on chain, in definition order.
func (e *Env) DefinedAttributes(ctx context.Context) ([]DefinedAttribute, error) {
	it, err := bind.FilterEvents(e.Set.Attributes.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Attributes.ABI.UnpackAttributeDefinedEvent)
	if err != nil {
		return nil, fmt.Errorf("find defined attributes: %w", err)
	}
	defer it.Close()
	var out []DefinedAttribute
	for it.Next() {
		ev := it.Value()
		out = append(out, DefinedAttribute{ID: ev.Id, Name: ev.Name, Authority: ev.Authority})
	}
	return out, it.Error()
}

// PolicyFromProgram turns an on-chain policy program back into its policy, naming each attribute
// from the chain's definitions.
func (e *Env) PolicyFromProgram(ctx context.Context, prog []byte) (*cpabe.Policy, error) {
	var lookupErr error
	p, err := cpabe.ParseProgram(prog, func(id [32]byte) (string, bool) {
		n, err := e.AttributeName(ctx, id)
		if err != nil && lookupErr == nil {
			lookupErr = err
		}
		return n, err == nil && n != ""
	})
	if lookupErr != nil {
		return nil, lookupErr
	}
	return p, err
}

// DescribePolicy says in words who may read a record under p: what the patient is shown before
// approving it. Each attribute is named with the authority (namespace) that vouches for it.
func DescribePolicy(p *cpabe.Policy) string {
	if p == nil {
		return "no attribute-based access: only the patient and the requesters she grants"
	}
	prog, err := p.Program()
	if err != nil {
		return p.String()
	}
	ops, err := decodeProgram(prog)
	if err != nil {
		return p.String()
	}
	names := leafNames(p)
	var stack []phrase
	for _, op := range ops {
		if op.leaf {
			stack = append(stack, phrase{text: attributeInWords(names[op.id])})
			continue
		}
		parts := stack[len(stack)-op.n:]
		stack = append(stack[:len(stack)-op.n], gateInWords(op.k, parts))
	}
	return "readable, each time through an audited request, by anyone who holds " + stack[0].text
}

type phrase struct {
	text     string
	compound bool
}

// attributeInWords renders "hospital-a/role:doctor" as `role "doctor" from hospital-a`.
func attributeInWords(name string) string {
	ns, rest := "", name
	if i := strings.IndexByte(name, '/'); i >= 0 {
		ns, rest = name[:i], name[i+1:]
	}
	kind, value, _ := strings.Cut(rest, ":")
	s := fmt.Sprintf("%s %q", kind, value)
	if ns != "" {
		s += " from " + ns
	}
	return s
}

func gateInWords(k int, parts []phrase) phrase {
	texts := make([]string, len(parts))
	for i, p := range parts {
		texts[i] = p.text
		if p.compound {
			texts[i] = "(" + p.text + ")"
		}
	}
	n := len(parts)
	list := func(conj string) string {
		if n == 2 {
			return texts[0] + " " + conj + " " + texts[1]
		}
		return strings.Join(texts[:n-1], ", ") + " " + conj + " " + texts[n-1]
	}
	switch {
	case k == n && n == 2:
		return phrase{text: "both " + list("and"), compound: true}
	case k == n:
		return phrase{text: "all of " + list("and"), compound: true}
	case k == 1 && n == 2:
		return phrase{text: "either " + list("or"), compound: true}
	case k == 1:
		return phrase{text: "any one of " + list("or"), compound: true}
	}
	return phrase{text: fmt.Sprintf("at least %d of %s", k, list("and")), compound: true}
}

// programOp is one decoded instruction of a policy program (crypto/cpabe's format:
// 0x00 ‖ id (32) pushes a leaf, 0x01 ‖ k ‖ n is a k-of-n gate).
type programOp struct {
	leaf bool
	id   [32]byte
	k, n int
}

func decodeProgram(prog []byte) ([]programOp, error) {
	if err := cpabe.CheckProgram(prog); err != nil {
		return nil, err
	}
	var ops []programOp
	for i := 0; i < len(prog); {
		if prog[i] == 0x00 {
			op := programOp{leaf: true}
			copy(op.id[:], prog[i+1:i+33])
			ops = append(ops, op)
			i += 33
			continue
		}
		ops = append(ops, programOp{k: int(prog[i+1]), n: int(prog[i+2])})
		i += 3
	}
	return ops, nil
}

// programHash is keccak256 of a program.
func programHash(prog []byte) [32]byte { return crypto.Keccak256Hash(prog) }
