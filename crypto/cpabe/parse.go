package cpabe

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ParsePolicy parses a policy from text.
//
// Grammar (keywords are case-insensitive; AND binds tighter than OR):
//
//	policy    = or
//	or        = and { "or" and }
//	and       = factor { "and" factor }
//	factor    = attribute | "(" or ")" | threshold
//	threshold = k "of" "(" or { "," or } ")"      with 1 ≤ k ≤ number of inputs
//	attribute = [ namespace "/" ] name ":" value  namespace, name, value ∈ [a-z0-9_.-]+
//
// Attributes are lower-case and at most MaxAttributeLen bytes; a policy has
// at most MaxPolicyAttributes attribute occurrences. The same attribute may
// occur more than once. Errors are *PolicyError values giving the byte
// offset and what was expected there.
func ParsePolicy(s string) (*Policy, error) {
	if len(s) > maxPolicyText {
		return nil, &PolicyError{Offset: maxPolicyText, Msg: fmt.Sprintf("policy longer than %d bytes", maxPolicyText)}
	}
	ps := &parser{lex: lexer{src: s}}
	if err := ps.advance(); err != nil {
		return nil, err
	}
	root, err := ps.parseOr()
	if err != nil {
		return nil, err
	}
	if ps.tok.kind != tokEOF {
		return nil, ps.errorf(`expected "and", "or" or end of policy, found %s`, ps.tok.describe())
	}
	return newPolicy(root), nil
}

type tokenKind int

const (
	tokEOF tokenKind = iota
	tokLParen
	tokRParen
	tokComma
	tokWord
)

type token struct {
	kind tokenKind
	text string
	off  int
}

func (t token) describe() string {
	if t.kind == tokEOF {
		return "end of policy"
	}
	return strconv.Quote(t.text)
}

// keyword reports whether the token is the given keyword, ignoring case.
func (t token) keyword(kw string) bool {
	return t.kind == tokWord && strings.EqualFold(t.text, kw)
}

type lexer struct {
	src string
	pos int
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '.' || c == '-' || c == ':' || c == '/'
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) {
		switch l.src[l.pos] {
		case ' ', '\t', '\n', '\r':
			l.pos++
			continue
		}
		break
	}
	if l.pos == len(l.src) {
		return token{kind: tokEOF, off: l.pos}, nil
	}
	start := l.pos
	switch c := l.src[l.pos]; {
	case c == '(':
		l.pos++
		return token{kind: tokLParen, text: "(", off: start}, nil
	case c == ')':
		l.pos++
		return token{kind: tokRParen, text: ")", off: start}, nil
	case c == ',':
		l.pos++
		return token{kind: tokComma, text: ",", off: start}, nil
	case isWordByte(c):
		for l.pos < len(l.src) && isWordByte(l.src[l.pos]) {
			l.pos++
		}
		return token{kind: tokWord, text: l.src[start:l.pos], off: start}, nil
	default:
		r, _ := utf8.DecodeRuneInString(l.src[start:])
		return token{}, &PolicyError{Offset: start, Msg: fmt.Sprintf("unexpected character %q", r)}
	}
}

type parser struct {
	lex    lexer
	tok    token
	depth  int
	leaves int
}

func (p *parser) advance() error {
	t, err := p.lex.next()
	if err != nil {
		return err
	}
	p.tok = t
	return nil
}

func (p *parser) errorf(format string, args ...any) error {
	return &PolicyError{Offset: p.tok.off, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) parseOr() (*node, error) {
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	items := []*node{first}
	for p.tok.keyword("or") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		items = append(items, n)
	}
	return newGate(1, items), nil
}

func (p *parser) parseAnd() (*node, error) {
	first, err := p.parseFactor()
	if err != nil {
		return nil, err
	}
	items := []*node{first}
	for p.tok.keyword("and") {
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.parseFactor()
		if err != nil {
			return nil, err
		}
		items = append(items, n)
	}
	return newGate(len(items), items), nil
}

func (p *parser) parseFactor() (*node, error) {
	const expected = `expected attribute (name:value), "(" or threshold (k of (...))`
	switch {
	case p.tok.kind == tokLParen:
		open := p.tok.off
		if err := p.enter(); err != nil {
			return nil, err
		}
		if err := p.advance(); err != nil {
			return nil, err
		}
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRParen {
			return nil, p.errorf(`expected "and", "or" or ")" closing "(" at offset %d, found %s`, open, p.tok.describe())
		}
		p.depth--
		return n, p.advance()
	case p.tok.kind != tokWord:
		return nil, p.errorf("%s, found %s", expected, p.tok.describe())
	case p.tok.keyword("and") || p.tok.keyword("or") || p.tok.keyword("of"):
		return nil, p.errorf("%s, found keyword %s", expected, p.tok.describe())
	case isDigits(p.tok.text):
		return p.parseThreshold()
	case strings.Contains(p.tok.text, ":"):
		if err := checkAttribute(p.tok.text); err != nil {
			return nil, p.errorf("%v", err)
		}
		p.leaves++
		if p.leaves > MaxPolicyAttributes {
			return nil, p.errorf("policy has more than %d attributes", MaxPolicyAttributes)
		}
		n := &node{attr: p.tok.text}
		return n, p.advance()
	default:
		return nil, p.errorf("%s, found %s", expected, p.tok.describe())
	}
}

func (p *parser) parseThreshold() (*node, error) {
	kTok := p.tok
	k, err := strconv.Atoi(kTok.text)
	if err != nil || k < 1 || k > MaxPolicyAttributes {
		return nil, p.errorf("threshold %s is not between 1 and %d", kTok.describe(), MaxPolicyAttributes)
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if !p.tok.keyword("of") {
		return nil, p.errorf(`expected "of" after threshold %d, found %s`, k, p.tok.describe())
	}
	if err := p.advance(); err != nil {
		return nil, err
	}
	if p.tok.kind != tokLParen {
		return nil, p.errorf(`expected "(" opening the inputs of "%d of", found %s`, k, p.tok.describe())
	}
	open := p.tok.off
	if err := p.enter(); err != nil {
		return nil, err
	}
	var children []*node
	for {
		if err := p.advance(); err != nil {
			return nil, err
		}
		c, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		children = append(children, c)
		if p.tok.kind == tokComma {
			continue
		}
		if p.tok.kind != tokRParen {
			return nil, p.errorf(`expected ",", "and", "or" or ")" closing "(" at offset %d, found %s`, open, p.tok.describe())
		}
		break
	}
	p.depth--
	if k > len(children) {
		return nil, &PolicyError{Offset: kTok.off, Msg: fmt.Sprintf("threshold %d exceeds its %d inputs", k, len(children))}
	}
	return newGate(k, children), p.advance()
}

func (p *parser) enter() error {
	p.depth++
	if p.depth > maxPolicyDepth {
		return p.errorf("policy nested deeper than %d levels", maxPolicyDepth)
	}
	return nil
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// checkAttribute enforces the attribute syntax shared by policies and keys:
// [namespace/]name:value, every part non-empty over [a-z0-9_.-]. The
// namespace is the defining authority's (hospital-a/role:doctor); the
// on-chain registry hashes the whole string, so the namespace is part of the
// attribute's identity. Upper case is rejected rather than folded so that a
// key attribute and a policy attribute match exactly when their bytes do.
func checkAttribute(a string) error {
	if len(a) > MaxAttributeLen {
		return fmt.Errorf("attribute longer than %d bytes", MaxAttributeLen)
	}
	colon := strings.IndexByte(a, ':')
	if colon <= 0 || colon == len(a)-1 || strings.IndexByte(a[colon+1:], ':') >= 0 {
		return fmt.Errorf("attribute %q is not of the form name:value", a)
	}
	if slash := strings.IndexByte(a, '/'); slash >= 0 {
		if slash == 0 || slash >= colon-1 || strings.IndexByte(a[slash+1:], '/') >= 0 {
			return fmt.Errorf("attribute %q is not of the form namespace/name:value", a)
		}
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		if i == colon || c == '/' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			return fmt.Errorf("attribute %q must be lower-case", a)
		}
		return fmt.Errorf("attribute %q has invalid character %q", a, rune(c))
	}
	return nil
}
