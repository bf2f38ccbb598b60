package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// With --json, put and get report progress as JSON lines on stderr, separate from the one JSON
// result on stdout.
func TestPutAndGetReportProgressAsJSON(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv
	content := strings.Repeat("an imaging study, compressed. ", 40000) // about 1.2 MB
	r := e.ok("record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"],
		"--file", w.writeFile("study", content), "--patient-identity", w.dirs["patient"], "--yes", "--json")
	var out map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("stdout is not one JSON object: %v\n%s", err, r.stdout)
	}
	checkProgress(t, r.stderr, "seal", "verify")
	got := w.path("study-read")
	r = e.ok("record", "get", "--as", w.dirs["patient"], "--record", str(t, out, "recordId"), "--out", got, "--json")
	checkProgress(t, r.stderr, "read")
	w.checkFile(got, content)
}

// checkProgress finds, for every step, progress events ending in a final one at 100%.
func checkProgress(t *testing.T, stderr string, steps ...string) {
	t.Helper()
	final := map[string]progressEvent{}
	for _, line := range strings.Split(stderr, "\n") {
		if !strings.Contains(line, `"event":"progress"`) {
			continue
		}
		var ev progressEvent
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("progress line is not JSON: %v\n%s", err, line)
		}
		if ev.Final {
			final[ev.Step] = ev
		}
	}
	for _, s := range steps {
		ev, ok := final[s]
		if !ok {
			t.Errorf("no final %q progress event in:\n%s", s, stderr)
			continue
		}
		if ev.Total == 0 || ev.Done != ev.Total || ev.Percent != 100 {
			t.Errorf("final %q event: %+v", s, ev)
		}
	}
}
