package main

import "testing"

// The care commands refuse a command line they cannot run before touching any key or the chain,
// with the flag and what it wants.
func TestCareUsageErrors(t *testing.T) {
	e := newCLIEnv(t)
	const a, b = "0x9D7931abeD643809a67f6AF0eA50518785345B28", "0x1f0195456402d8F9ca9511523f931E27B2fFc1C2"
	for _, c := range []struct {
		want string
		args []string
	}{
		{"missing --guardian", []string{"guardian", "add"}},
		{`bad --guardian "0x12"`, []string{"guardian", "add", "--guardian", "0x12"}},
		{"missing --scope", []string{"guardian", "add", "--guardian", a}},
		{`bad --scope "grant,read": unknown scope "read"`, []string{"guardian", "add", "--guardian", a, "--scope", "grant,read"}},
		{"bad --threshold 17: want 1 to 16", []string{"guardian", "threshold", "--threshold", "17"}},
		{"missing --proposal", []string{"guardian", "approve"}},
		{"missing --org", []string{"consent", "give"}},
		{"missing --category", []string{"consent", "give", "--org", "hospital-a"}},
		{"want one FILE argument", []string{"consent", "import"}},
		{"missing --consent", []string{"consent", "export"}},
		{"missing --holders", []string{"recovery", "setup"}},
		{`bad --holders "0xabc"`, []string{"recovery", "setup", "--holders", "0xabc"}},
		{"bad --threshold 3: want 1 to 2", []string{"recovery", "setup", "--holders", a + "," + b, "--threshold", "3"}},
		{`bad --delay "3"`, []string{"recovery", "setup", "--holders", a, "--threshold", "1", "--delay", "3"}},
		{"missing --new-account", []string{"recovery", "request", "--patient", a}},
		{"missing --out-dir", []string{"recovery", "recover", "--request", "1"}},
		{"missing --record", []string{"record", "erase"}},
	} {
		e.fails(exitUsage, []string{c.want}, c.args...)
	}
}
