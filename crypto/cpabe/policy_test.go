package cpabe

import (
	"errors"
	"strconv"
	"strings"
	"testing"
)

func TestParsePolicyCanonical(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"role:insurer", "role:insurer"},
		{"role:insurer and (org:acme or org:globex)", "role:insurer and (org:acme or org:globex)"},
		{"  role:insurer   AND\t(org:acme Or org:globex) ", "role:insurer and (org:acme or org:globex)"},
		{"2 of (dept:cardiology, dept:oncology, role:researcher)", "2 of (dept:cardiology, dept:oncology, role:researcher)"},
		{"2 OF (dept:cardiology,dept:oncology,role:researcher)", "2 of (dept:cardiology, dept:oncology, role:researcher)"},
		// AND binds tighter than OR.
		{"a:1 and b:2 or c:3", "a:1 and b:2 or c:3"},
		{"(a:1 and b:2) or c:3", "a:1 and b:2 or c:3"},
		{"a:1 and (b:2 or c:3)", "a:1 and (b:2 or c:3)"},
		// Same-kind gates are flattened, redundant parentheses dropped.
		{"a:1 and (b:2 and (c:3 and d:4))", "a:1 and b:2 and c:3 and d:4"},
		{"((a:1 or b:2) or c:3)", "a:1 or b:2 or c:3"},
		{"(((a:1)))", "a:1"},
		// Degenerate thresholds become AND, OR or the single input.
		{"1 of (a:1, b:2)", "a:1 or b:2"},
		{"2 of (a:1, b:2)", "a:1 and b:2"},
		{"1 of (a:1)", "a:1"},
		{"c:3 and 2 of (a:1, b:2)", "c:3 and a:1 and b:2"},
		{"02 of (a:1, b:2, c:3)", "2 of (a:1, b:2, c:3)"},
		// Threshold inputs may be formulas.
		{"2 of (a:1 and b:2, c:3 or d:4, 2 of (e:5, f:6, g:7))", "2 of (a:1 and b:2, c:3 or d:4, 2 of (e:5, f:6, g:7))"},
		{"x:1 or 2 of (a:1, b:2, c:3)", "x:1 or 2 of (a:1, b:2, c:3)"},
		// Attributes may repeat.
		{"a:1 and b:2 or a:1 and c:3", "a:1 and b:2 or a:1 and c:3"},
		{"org:hospital-a and dept:icu_2.west", "org:hospital-a and dept:icu_2.west"},
	} {
		p, err := ParsePolicy(tc.in)
		if err != nil {
			t.Errorf("ParsePolicy(%q): %v", tc.in, err)
			continue
		}
		if got := p.String(); got != tc.want {
			t.Errorf("ParsePolicy(%q).String() = %q, want %q", tc.in, got, tc.want)
		}
		q, err := ParsePolicy(p.String())
		if err != nil || q.String() != p.String() {
			t.Errorf("reparse of %q: %v, %q", p.String(), err, q)
		}
	}
}

func TestParsePolicyErrors(t *testing.T) {
	for _, tc := range []struct {
		in     string
		offset int
		msg    string // substring of the message
	}{
		{"", 0, "expected attribute (name:value)"},
		{"   ", 3, "found end of policy"},
		{"role:insurer and", 16, "expected attribute"},
		{"role:insurer or or org:acme", 16, `found keyword "or"`},
		{"role:insurer org:acme", 13, `expected "and", "or" or end of policy, found "org:acme"`},
		{"(role:insurer and org:acme", 26, `closing "(" at offset 0`},
		{"role:insurer)", 12, `found ")"`},
		{"role", 0, `found "role"`},
		{"ROLE:insurer", 0, "must be lower-case"},
		{"role:", 0, "not of the form name:value"},
		{":insurer", 0, "not of the form name:value"},
		{"a:b:c", 0, "not of the form name:value"},
		{"role:insurer & org:acme", 13, "unexpected character '&'"},
		{"role:insurér", 10, "unexpected character 'é'"},
		{"2 (a:1, b:2)", 2, `expected "of" after threshold 2`},
		{"2 of a:1, b:2", 5, `expected "(" opening the inputs`},
		{"3 of (a:1, b:2)", 0, "threshold 3 exceeds its 2 inputs"},
		{"0 of (a:1, b:2)", 0, "not between 1 and"},
		{"99999999999999999999 of (a:1)", 0, "not between 1 and"},
		{"2 of (a:1, b:2", 14, `expected ",", "and", "or" or ")" closing "(" at offset 5`},
		{"2 of (a:1,, b:2)", 10, "expected attribute"},
		{"2 of ()", 6, "expected attribute"},
		{"a:1, b:2", 3, `expected "and", "or" or end of policy, found ","`},
		{"of", 0, `found keyword "of"`},
		{"a:1 and ()", 9, `found ")"`},
	} {
		_, err := ParsePolicy(tc.in)
		var pe *PolicyError
		if !errors.As(err, &pe) {
			t.Errorf("ParsePolicy(%q) = %v, want *PolicyError", tc.in, err)
			continue
		}
		if !errors.Is(err, ErrInvalidPolicy) {
			t.Errorf("ParsePolicy(%q) error does not match ErrInvalidPolicy", tc.in)
		}
		if pe.Offset != tc.offset || !strings.Contains(pe.Msg, tc.msg) {
			t.Errorf("ParsePolicy(%q) = %q at %d, want %q at %d", tc.in, pe.Msg, pe.Offset, tc.msg, tc.offset)
		}
	}
}

func TestParsePolicyLimits(t *testing.T) {
	leaves := func(n int) string {
		parts := make([]string, n)
		for i := range parts {
			parts[i] = "a:" + strconv.Itoa(i)
		}
		return strings.Join(parts, " or ")
	}
	if _, err := ParsePolicy(leaves(MaxPolicyAttributes)); err != nil {
		t.Errorf("%d attributes: %v", MaxPolicyAttributes, err)
	}
	if _, err := ParsePolicy(leaves(MaxPolicyAttributes + 1)); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("%d attributes: %v, want ErrInvalidPolicy", MaxPolicyAttributes+1, err)
	}

	deep := func(n int) string { return strings.Repeat("(", n) + "a:1" + strings.Repeat(")", n) }
	if _, err := ParsePolicy(deep(maxPolicyDepth)); err != nil {
		t.Errorf("depth %d: %v", maxPolicyDepth, err)
	}
	if _, err := ParsePolicy(deep(maxPolicyDepth + 1)); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("depth %d: %v, want ErrInvalidPolicy", maxPolicyDepth+1, err)
	}

	long := "a:" + strings.Repeat("x", MaxAttributeLen-2)
	if _, err := ParsePolicy(long); err != nil {
		t.Errorf("attribute of %d bytes: %v", MaxAttributeLen, err)
	}
	if _, err := ParsePolicy(long + "x"); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("attribute of %d bytes: %v, want ErrInvalidPolicy", MaxAttributeLen+1, err)
	}
	if _, err := ParsePolicy(strings.Repeat(" ", maxPolicyText) + "a:1"); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("oversized text: %v, want ErrInvalidPolicy", err)
	}
}

func TestPolicyBinaryRoundTrip(t *testing.T) {
	for _, s := range []string{
		"a:1",
		"role:insurer and (org:acme or org:globex)",
		"2 of (a:1 and b:2, c:3 or d:4, 2 of (e:5, f:6, g:7))",
	} {
		p := mustPolicy(t, s)
		b, err := p.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var q Policy
		if err := q.UnmarshalBinary(b); err != nil {
			t.Fatalf("UnmarshalBinary(%q): %v", b, err)
		}
		if q.String() != p.String() || len(q.msp.rows) != len(p.msp.rows) || q.msp.cols != p.msp.cols {
			t.Errorf("round trip of %q gave %q", p, &q)
		}
	}
}

func TestPolicyUnmarshalRejects(t *testing.T) {
	for name, b := range map[string][]byte{
		"empty":               nil,
		"no version":          []byte("a:1"),
		"unknown version":     append([]byte{2}, "a:1"...),
		"not canonical space": append([]byte{1}, "a:1  and b:2"...),
		"not canonical case":  append([]byte{1}, "a:1 AND b:2"...),
		"not canonical paren": append([]byte{1}, "(a:1)"...),
		"not canonical gate":  append([]byte{1}, "2 of (a:1, b:2)"...),
		"syntax":              append([]byte{1}, "a:1 and"...),
		"empty text":          {1},
	} {
		var p Policy
		if err := p.UnmarshalBinary(b); !errors.Is(err, ErrInvalidPolicy) {
			t.Errorf("%s: UnmarshalBinary = %v, want ErrInvalidPolicy", name, err)
		}
	}
	var zero Policy
	if _, err := zero.MarshalBinary(); !errors.Is(err, ErrInvalidPolicy) {
		t.Errorf("zero Policy MarshalBinary = %v, want ErrInvalidPolicy", err)
	}
}

func mustPolicy(t testing.TB, s string) *Policy {
	t.Helper()
	p, err := ParsePolicy(s)
	if err != nil {
		t.Fatalf("ParsePolicy(%q): %v", s, err)
	}
	return p
}
