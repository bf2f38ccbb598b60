package bench

import (
	"context"
	"strings"
	"testing"
)

func TestEnvelopeQuick(t *testing.T) {
	rows, err := Envelope(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Measurement{}
	for _, r := range rows {
		if r.Value <= 0 {
			t.Errorf("%s: non-positive value %v", r.Name, r.Value)
		}
		byName[r.Name] = r
	}
	for _, n := range envelopeSizes(Config{Quick: true}) {
		for _, op := range []string{"Seal", "Open"} {
			r, ok := byName[envelopeRowName(op, n)]
			if !ok {
				t.Errorf("missing row %q", envelopeRowName(op, n))
				continue
			}
			if r.Section != envelopeSection || r.Unit != "ms" || !strings.Contains(r.Ratio, "floor") {
				t.Errorf("%s: malformed row %+v", r.Name, r)
			}
			if (n == envelopeGoalAt) != (r.GoalMet != nil) {
				t.Errorf("%s: goal set = %v, want it only at %d bytes", r.Name, r.GoalMet != nil, envelopeGoalAt)
			}
		}
	}
	for _, name := range []string{sseRowIndexGen, sseRowTrapdoor} {
		if r, ok := byName[name]; !ok || r.Section != sseSection {
			t.Errorf("missing SSE row %q", name)
		}
	}
}

func TestEnvelopeCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Envelope(ctx, Config{Quick: true}); err == nil {
		t.Error("cancelled context did not stop the suite")
	}
}
