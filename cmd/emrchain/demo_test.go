package main

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestBuiltBinaryDemoTranscript builds the binary, runs `emrchain demo --json` and checks the
// transcript: every step succeeded, the researcher failed, and the revoked grant was refused.
func TestBuiltBinaryDemoTranscript(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "emrchain")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "demo", "--json", "--data-dir", t.TempDir())
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("emrchain demo --json: %v\n%s", err, stderr.String())
	}
	var tr struct {
		Steps []struct {
			Number   int    `json:"step"`
			Title    string `json:"title"`
			OK       bool   `json:"ok"`
			Expected string `json:"expectedRefusal"`
			Notes    []string
			Txs      []struct {
				Hash    string `json:"txHash"`
				GasUsed uint64 `json:"gasUsed"`
			} `json:"transactions"`
		} `json:"steps"`
		Verified int `json:"verifiedEntries"`
	}
	if err := json.Unmarshal(out, &tr); err != nil {
		t.Fatalf("transcript is not JSON: %v\n%s", err, out)
	}
	if len(tr.Steps) != 12 {
		t.Fatalf("%d steps, want 12", len(tr.Steps))
	}
	for _, s := range tr.Steps {
		if !s.OK {
			t.Errorf("step %d (%s) failed", s.Number, s.Title)
		}
		for _, tx := range s.Txs {
			if len(tx.Hash) != 66 || tx.GasUsed == 0 {
				t.Errorf("step %d: transaction %+v lacks a hash or gas", s.Number, tx)
			}
		}
	}
	researcher, granted, revoked := tr.Steps[5], tr.Steps[6], tr.Steps[7]
	if !strings.Contains(researcher.Title, "researcher") || researcher.Expected == "" ||
		!strings.Contains(strings.Join(researcher.Notes, " "), "does not satisfy") {
		t.Errorf("researcher step: %+v", researcher)
	}
	// The grant is answered by two of the three proxies, named, with their transactions.
	if !strings.Contains(granted.Title, "2-of-3") || !strings.Contains(strings.Join(granted.Notes, " "), "(proxy-") {
		t.Errorf("grant step: %+v", granted)
	}
	if revoked.Expected != "AccessLedger.GrantRevoked" || !strings.Contains(strings.Join(revoked.Notes, " "), "GrantRevoked") {
		t.Errorf("revocation step: %+v", revoked)
	}
	if tr.Verified == 0 {
		t.Error("no timeline entries verified")
	}
}
