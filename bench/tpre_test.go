package bench

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/crypto/tpre"
)

func TestTPRESuite(t *testing.T) {
	_, umbralErr := findUmbralRoot()
	rows, err := TPRE(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Measurement{}
	for _, r := range rows {
		if r.Section != tpreSection {
			t.Errorf("row %q in section %q", r.Name, r.Section)
		}
		if _, dup := byName[r.Name]; dup {
			t.Errorf("row %q twice", r.Name)
		}
		byName[r.Name] = r
	}
	timed := []string{tpreRowGrant, tpreRowFragment, tpreRowVerify, tpreRowCombine, tpreRowCombineAll, tpreRowDecrypt, tpreRowCombineDec, tpreRowRequester}
	for _, name := range timed {
		r, ok := byName[name]
		if !ok {
			t.Errorf("missing row %q", name)
			continue
		}
		if r.Unit != "ms" || r.Value <= 0 {
			t.Errorf("row %q: %v %s", name, r.Value, r.Unit)
		}
	}
	for _, name := range []string{tpreRowFragment, tpreRowCombine, tpreRowCombineAll, tpreRowCombineDec} {
		if byName[name].Goal == "" {
			t.Errorf("row %q has no goal", name)
		}
	}
	for _, name := range []string{tpreRowGrant, tpreRowFragment, tpreRowVerify, tpreRowCombineDec, tpreRowRequester} {
		r := byName[name]
		if umbralErr == nil {
			if !strings.HasPrefix(r.Reference, "umbral-pre 0.10.0") || !strings.Contains(r.Ratio, "same run") {
				t.Errorf("row %q: reference %q, note %q: umbral-pre should be measured beside it", name, r.Reference, r.Ratio)
			}
		} else if !strings.Contains(r.Reference, "not measured") {
			t.Errorf("row %q: reference %q without umbral-pre", name, r.Reference)
		}
	}
	if umbralErr == nil {
		for _, name := range []string{tpreRowFragment, tpreRowCombineDec} {
			if byName[name].GoalMet == nil {
				t.Errorf("row %q: no verdict on its goal though umbral-pre was measured", name)
			}
		}
	}
	sizes := map[string]int{tpreRowBundleSize: tpre.BundleSize(5), tpreRowFragSize: tpre.FragmentSize}
	for name, want := range sizes {
		if r := byName[name]; r.Unit != "bytes" || r.Value != float64(want) {
			t.Errorf("row %q: %v %s, want %d bytes", name, r.Value, r.Unit, want)
		}
	}
	if len(rows) != len(timed)+len(sizes) {
		t.Errorf("%d rows, want %d", len(rows), len(timed)+len(sizes))
	}
}

func TestTPRESuiteHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := TPRE(ctx, Config{Quick: true}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: got %v", err)
	}
}
