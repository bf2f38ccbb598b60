package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/emrchain/emrchain/demo"
	"github.com/emrchain/emrchain/simulated"
)

// TestStoryEndToEnd runs every step of the demo on the whole in-process system: chain, embedded
// IPFS, the key oracle, three proxy nodes (each its own service) and the indexer.
func TestStoryEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	sys, err := simulated.StartSystem(ctx, simulated.SystemConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer sys.Close(context.Background())
	tr, err := demo.OnSystem(ctx, sys, func(s *demo.Step) { t.Logf("step %d %s: ok=%v %v", s.Number, s.Title, s.OK, s.Notes) })
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Steps) != 12 {
		t.Fatalf("%d steps, want 12", len(tr.Steps))
	}
	for _, s := range tr.Steps {
		if !s.OK {
			t.Errorf("step %d failed: %s", s.Number, s.Error)
		}
	}
	notes := func(i int) string { return strings.Join(tr.Steps[i].Notes, " ") }
	// The patient was shown the policy in words before approving.
	if !strings.Contains(notes(2), `role "insurer" from nhr`) {
		t.Errorf("approval step notes: %v", tr.Steps[2].Notes)
	}
	// The insurer's search and attribute read were answered by the committee.
	if !strings.Contains(notes(4), "found record") || !strings.Contains(notes(4), "released blinded shares") {
		t.Errorf("insurer step notes: %v", tr.Steps[4].Notes)
	}
	// The grant was answered by t = 2 members, named.
	if n := strings.Count(notes(6), "member "); n != demo.Threshold || !strings.Contains(notes(6), "proxy-") {
		t.Errorf("grant step names %d members, want %d: %v", n, demo.Threshold, tr.Steps[6].Notes)
	}
	// The refusals the story depends on happened, and were the right ones.
	for i, want := range map[int]string{5: "does not satisfy", 7: "GrantRevoked", 8: "PolicyNotSatisfied", 9: "RecordVersionStale"} {
		if !strings.Contains(notes(i), want) {
			t.Errorf("step %d notes lack %s: %v", i+1, want, tr.Steps[i].Notes)
		}
	}
	// Break-glass: answered by t named members, the session closed and counted.
	if n := strings.Count(notes(10), "member "); n != demo.Threshold || !strings.Contains(notes(10), "1 break-glass session(s)") {
		t.Errorf("break-glass step notes: %v", tr.Steps[10].Notes)
	}
	if tr.Verified == 0 || len(tr.Timeline) < tr.Verified {
		t.Errorf("timeline %d lines, %d verified entries", len(tr.Timeline), tr.Verified)
	}
	for _, want := range []string{"record-created", "access-granted", "access-fulfilled", "access-revoked", "record-updated",
		"read-requested", "read-answered", "token-answered", "emergency-access-opened", "capsule-read-requested", "capsule-read-answered",
		"emergency-access-closed"} {
		if !strings.Contains(strings.Join(tr.Timeline, "\n"), want) {
			t.Errorf("timeline lacks %s:\n%s", want, strings.Join(tr.Timeline, "\n"))
		}
	}
}
