package bench

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/crypto/pre"
)

func TestPRESuite(t *testing.T) {
	rows, err := PRE(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Measurement{}
	for _, r := range rows {
		if r.Section != preSection {
			t.Errorf("row %q in section %q", r.Name, r.Section)
		}
		if _, dup := byName[r.Name]; dup {
			t.Errorf("row %q twice", r.Name)
		}
		byName[r.Name] = r
	}
	for _, name := range []string{preRowEncrypt, preRowReKeyGen, preRowReEncrypt, preRowReEncryptRaw, preRowDecrypt2, preRowDecrypt1} {
		r, ok := byName[name]
		if !ok {
			t.Errorf("missing row %q", name)
			continue
		}
		if r.Unit != "ms" || r.Value <= 0 {
			t.Errorf("row %q: %v %s", name, r.Value, r.Unit)
		}
	}
	re := byName[preRowReEncrypt]
	if re.Goal == "" || re.GoalMet == nil || re.Reference == "" {
		t.Errorf("ReEncrypt row lacks goal or reference: %+v", re)
	}
	// Every peer figure beside ours was measured in this run: none is quoted.
	_, umbralErr := findUmbralRoot()
	for _, name := range []string{preRowEncrypt, preRowReKeyGen, preRowReEncrypt, preRowDecrypt2, preRowDecrypt1} {
		r := byName[name]
		if umbralErr == nil {
			if !strings.HasPrefix(r.Reference, "umbral-pre 0.10.0") || !strings.Contains(r.Ratio, "same run") {
				t.Errorf("row %q: reference %q, note %q: umbral-pre should be measured beside it", name, r.Reference, r.Ratio)
			}
		} else if !strings.Contains(r.Reference, "not measured") {
			t.Errorf("row %q: reference %q without umbral-pre", name, r.Reference)
		}
		if strings.Contains(r.Reference, "issue") {
			t.Errorf("row %q quotes a figure: %q", name, r.Reference)
		}
	}
	sizes := map[string]int{
		preRowPublicKey:    pre.PublicKeySize,
		preRowCiphertext:   pre.CiphertextSize,
		preRowReKey:        pre.ReKeySize,
		preRowReCiphertext: pre.ReCiphertextSize,
	}
	for name, want := range sizes {
		r, ok := byName[name]
		if !ok {
			t.Errorf("missing row %q", name)
			continue
		}
		if r.Unit != "bytes" || r.Value != float64(want) {
			t.Errorf("row %q: %v %s, want %d bytes", name, r.Value, r.Unit, want)
		}
	}
	if len(rows) != 6+len(sizes) {
		t.Errorf("%d rows, want %d", len(rows), 6+len(sizes))
	}
}

func TestPRESuiteHonoursCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := PRE(ctx, Config{Quick: true}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled context: got %v", err)
	}
}

// TestMeasureFull exercises the full measurement (Quick skips it) on a
// trivial operation, which loops until it has used its CPU budget.
func TestMeasureFull(t *testing.T) {
	if testing.Short() {
		t.Skip("a quarter of a second of CPU")
	}
	calls := 0
	s, err := measure(Config{}, func() error { calls++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if s.CPU < 0 || s.Wall <= 0 || calls < measureMinCalls+1 {
		t.Fatalf("%+v over %d calls", s, calls)
	}
}

func TestMeasureReportsOperationErrors(t *testing.T) {
	boom := errors.New("boom")
	for _, quick := range []bool{true, false} {
		if _, err := measure(Config{Quick: quick}, func() error { return boom }); !errors.Is(err, boom) {
			t.Errorf("quick=%v: got %v", quick, err)
		}
		calls := 0
		later := func() error {
			if calls++; calls > 2 {
				return boom
			}
			return nil
		}
		if _, err := measure(Config{Quick: quick}, later); !errors.Is(err, boom) {
			t.Errorf("quick=%v, failing on the third call: got %v", quick, err)
		}
	}
}
