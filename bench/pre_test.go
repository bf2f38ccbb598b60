package bench

import (
	"context"
	"errors"
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

// TestPRETimeFull exercises the testing.Benchmark path the full report
// takes (Quick skips it) on a trivial operation, which keeps it to the three
// one-second runs.
func TestPRETimeFull(t *testing.T) {
	if testing.Short() {
		t.Skip("three one-second benchmark runs")
	}
	calls := 0
	ms, err := preTime(Config{}, func() error { calls++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	if ms <= 0 || calls < preRuns {
		t.Fatalf("%v ms over %d calls", ms, calls)
	}
}

func TestPRETimeReportsOperationErrors(t *testing.T) {
	boom := errors.New("boom")
	for _, quick := range []bool{true, false} {
		if _, err := preTime(Config{Quick: quick}, func() error { return boom }); !errors.Is(err, boom) {
			t.Errorf("quick=%v: got %v", quick, err)
		}
	}
}
