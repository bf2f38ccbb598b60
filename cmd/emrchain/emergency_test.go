package main

import "testing"

// TestEmergencyUsageErrors: the break-glass commands refuse bad input in one line, before
// touching the chain (the test's RPC URL leads nowhere).
func TestEmergencyUsageErrors(t *testing.T) {
	e := newCLIEnv(t)
	addr := "0x00000000000000000000000000000000000000aa"
	for _, c := range []struct {
		want []string
		args []string
	}{
		{[]string{"--provider"}, []string{"emergency", "staff"}},
		{[]string{"name the setting"}, []string{"emergency", "setting"}},
		{[]string{`unknown emergency setting "sometimes"`}, []string{"emergency", "setting", "sometimes"}},
		{[]string{"restricted names the organisations"}, []string{"emergency", "setting", "restricted"}},
		{[]string{"--org goes with restricted, not on"}, []string{"emergency", "setting", "on", "--org", "hospital-a"}},
		{[]string{"--patient"}, []string{"emergency", "open", "--reason", "unconscious"}},
		{[]string{"--reason"}, []string{"emergency", "open", "--patient", addr}},
		{[]string{`bad --reason "chest pain"`, "short code"}, []string{"emergency", "open", "--patient", addr, "--reason", "chest pain"}},
		{[]string{"bad --valid-for 25h0m0s", "1s to 24h"}, []string{"emergency", "open", "--patient", addr, "--reason", "unconscious", "--valid-for", "25h"}},
		{[]string{"--session"}, []string{"emergency", "read", "--out", "x"}},
		{[]string{"--session"}, []string{"emergency", "close"}},
		{[]string{"--session"}, []string{"emergency", "show"}},
		{[]string{`bad --patient "nope"`}, []string{"emergency", "list", "--patient", "nope"}},
		{[]string{"are exclusive"}, []string{"record", "get", "--out", "x", "--consent", "1", "--guardian-grant", "2", "--record", "0x" + "11"}},
		{[]string{"are exclusive"}, []string{"record", "get", "--out", "x", "--access", "1", "--care-read", "2"}},
	} {
		e.fails(exitUsage, c.want, c.args...)
	}
}
