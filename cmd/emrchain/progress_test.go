package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestProgressQuietWhenPiped(t *testing.T) {
	var buf bytes.Buffer
	bar := newProgress(&buf, "sealing", 100)
	if bar != nil {
		t.Fatal("a progress bar on a non-terminal")
	}
	bar.set(50) // a nil bar accepts updates and draws nothing
	bar.finish()
	bar.update(10, 100)
	if buf.Len() != 0 {
		t.Fatalf("piped output got %q", buf.String())
	}
}

func TestProgressDraws(t *testing.T) {
	var buf bytes.Buffer
	bar := &progressBar{w: &buf, label: "sealing f", total: 4 << 20, start: time.Now()}
	bar.set(1 << 20)
	line := buf.String()
	if !strings.HasPrefix(line, "\rsealing f [") || !strings.Contains(line, " 25% ") || !strings.Contains(line, "1.0 MiB/4.0 MiB") ||
		strings.Count(line, "=") != barWidth/4 {
		t.Fatalf("bar at 25%%: %q", line)
	}
	buf.Reset()
	bar.set(2 << 20)
	bar.finish()
	out := buf.String()
	if last := out[strings.LastIndex(out, "\r"):]; !strings.Contains(last, " 50% 2.0 MiB/4.0 MiB") || !strings.HasSuffix(last, "\n") {
		t.Fatalf("finish: %q", out)
	}

	buf.Reset()
	unknown := &progressBar{w: &buf, label: "reading", start: time.Now()}
	unknown.set(3 << 10)
	if out := buf.String(); !strings.Contains(out, "reading 3.0 KiB") || strings.Contains(out, "%") {
		t.Fatalf("bar of unknown size: %q", out)
	}
}

// With --json, progress is one JSON object per line on stderr, spaced out, with a final event.
func TestProgressJSONEvents(t *testing.T) {
	var buf bytes.Buffer
	s := &session{out: &printer{json: true}, stderr: &buf}
	bar := s.progress("read", "reading", 0)
	bar.update(1<<20, 4<<20)
	bar.update(2<<20, 4<<20) // within a second of the first: not reported
	bar.set(4 << 20)
	bar.finish()
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d events, want the first and the final:\n%s", len(lines), buf.String())
	}
	var first, last progressEvent
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &last); err != nil {
		t.Fatal(err)
	}
	if first.Event != "progress" || first.Step != "read" || first.Done != 1<<20 || first.Total != 4<<20 || first.Percent != 25 || first.Final {
		t.Fatalf("first event: %+v", first)
	}
	if last.Done != 4<<20 || last.Percent != 100 || !last.Final {
		t.Fatalf("final event: %+v", last)
	}
}
