package main

import (
	"bytes"
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
	w := &countingWriter{w: &bytes.Buffer{}, bar: bar}
	if _, err := w.Write([]byte("abc")); err != nil || w.n != 3 {
		t.Fatalf("counting writer: %d, %v", w.n, err)
	}
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
