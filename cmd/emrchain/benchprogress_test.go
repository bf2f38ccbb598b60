package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBenchProgress checks what a CI log and a --json run see while suites run: a line (or an
// event) as each starts and ends, an estimate once a run has left durations behind, and no
// terminal redraws.
func TestBenchProgress(t *testing.T) {
	history := filepath.Join(t.TempDir(), "bench", "durations.json")
	run := func(asJSON bool) string {
		var buf bytes.Buffer
		p := newBenchProgress(&buf, asJSON, []string{"cpabe", "pre"}, history)
		p.start("cpabe")
		p.start("pre")
		p.finish()
		return buf.String()
	}
	first := run(false)
	if strings.Contains(first, "left") || !strings.Contains(first, "running cpabe benchmarks (1 of 2)") ||
		!strings.Contains(first, "pre benchmarks done in") || strings.ContainsAny(first, "\r\033") {
		t.Fatalf("first run:\n%q", first)
	}
	if b, err := os.ReadFile(history); err != nil || !strings.Contains(string(b), `"pre"`) {
		t.Fatalf("durations not kept: %v %s", err, b)
	}
	if second := run(false); !strings.Contains(second, "(1 of 2; about ") {
		t.Fatalf("second run has no estimate:\n%s", second)
	}
	events := strings.Split(strings.TrimSpace(run(true)), "\n")
	if len(events) != 4 {
		t.Fatalf("want 4 events, got %q", events)
	}
	for _, e := range events {
		var ev map[string]any
		if err := json.Unmarshal([]byte(e), &ev); err != nil || ev["event"] != "bench" || ev["estimatedSecondsLeft"] == nil {
			t.Fatalf("event %q: %v", e, err)
		}
	}
}
