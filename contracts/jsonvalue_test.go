package contracts

import "testing"

// Fixed-size byte values (a bytes4 selector in AnswerRefused and AnswerRejected) print as hex,
// not as a list of numbers.
func TestJSONValueFixedBytes(t *testing.T) {
	for _, c := range []struct {
		in   any
		want string
	}{
		{[4]byte{0xab, 0x29, 0x82, 0xba}, "0xab2982ba"},
		{[16]byte{1}, "0x01000000000000000000000000000000"},
		{[32]byte{2}, "0x0200000000000000000000000000000000000000000000000000000000000000"},
	} {
		if got := JSONValue(c.in); got != c.want {
			t.Errorf("JSONValue(%v) = %v, want %s", c.in, got, c.want)
		}
	}
	if got, ok := JSONValue([]uint16{1, 2}).([]any); !ok || len(got) != 2 {
		t.Errorf("a slice of numbers stays a list: %v", got)
	}
}
