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
// IPFS, the oracle in both roles and the indexer.
func TestStoryEndToEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
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
	if len(tr.Steps) != 8 {
		t.Fatalf("%d steps, want 8", len(tr.Steps))
	}
	for _, s := range tr.Steps {
		if !s.OK {
			t.Errorf("step %d failed: %s", s.Number, s.Error)
		}
	}
	// The refusals the story depends on happened, and were the right ones.
	if !strings.Contains(strings.Join(tr.Steps[3].Notes, " "), "do not satisfy") {
		t.Errorf("researcher step notes: %v", tr.Steps[3].Notes)
	}
	if !strings.Contains(strings.Join(tr.Steps[5].Notes, " "), "GrantRevoked") {
		t.Errorf("revocation step notes: %v", tr.Steps[5].Notes)
	}
	if !strings.Contains(strings.Join(tr.Steps[6].Notes, " "), "RecordVersionStale") {
		t.Errorf("update step notes: %v", tr.Steps[6].Notes)
	}
	if tr.Verified == 0 || len(tr.Timeline) < tr.Verified {
		t.Errorf("timeline %d lines, %d verified entries", len(tr.Timeline), tr.Verified)
	}
	for _, want := range []string{"record-created", "access-granted", "access-fulfilled", "access-revoked", "record-updated", "search-performed", "key-issued"} {
		if !strings.Contains(strings.Join(tr.Timeline, "\n"), want) {
			t.Errorf("timeline lacks %s:\n%s", want, strings.Join(tr.Timeline, "\n"))
		}
	}
}
