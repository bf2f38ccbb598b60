package bench

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestWriteTextFitsTheWidth(t *testing.T) {
	rows := []Measurement{
		{Section: "Envelope", Name: "Seal 64 MiB (sign/verify + AES-256-GCM STREAM + 2×SHA-256)", Value: 443, Unit: "ms",
			Goal: "≤ 250 ms", GoalMet: AtMost(443, 250), Reference: "seed 004 Fig. 6: < 1 s up to 64 MB (AES-256 + PRE + DSA, i5-8400)",
			Ratio: "152 MB/s; 0.74× the one-core floor of 597 ms (GCM + 2×SHA-256, same run)"},
		{Section: "Webhooks", Name: "access fulfilment mined → signed webhook received, p99, 30 fulfilments, in-process system, 0 confirmations",
			Value: 37.6, Unit: "ms", Goal: "≤ 500 ms", GoalMet: AtMost(37.6, 500), Ratio: "max 137.7 ms"},
		{Section: "Webhooks", Name: "webhook suite", Failed: "context deadline exceeded"},
	}
	var b strings.Builder
	if err := WriteText(&b, rows, 100); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, l := range strings.Split(out, "\n") {
		if n := utf8.RuneCountInString(l); n > 100 {
			t.Errorf("%d columns: %q", n, l)
		}
	}
	for _, want := range []string{"== Envelope ==", "443 ms", "NO", "reference: seed 004 Fig. 6", "note: 152 MB/s", "max 137.7 ms", "FAILED", "context deadline exceeded", "0 confirmations"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	if err := WriteText(&b, rows, 0); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(b.String(), "\n"); got != 2*3+3 {
		t.Errorf("wide: %d lines, want one per row, header and heading:\n%s", got, b.String())
	}
	t.Logf("\n%s", out)
}
