package bench

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestMain lets the Records suite re-execute this test binary as its child processes.
func TestMain(m *testing.M) {
	if ran, code := RunChild(); ran {
		os.Exit(code)
	}
	os.Exit(m.Run())
}

func TestRecordsQuick(t *testing.T) {
	t.Setenv(RecordSizeEnv, "")
	t.Setenv(RecordDirEnv, t.TempDir())
	rows, err := Records(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Measurement{}
	for _, r := range rows {
		if r.Section != recordsSection || r.Value <= 0 {
			t.Errorf("malformed row %+v", r)
		}
		byName[r.Name] = r
	}
	if _, ok := byName[recordsFloorName(recordsQuickSize)]; !ok {
		t.Errorf("no floor row among %v", rows)
	}
	backends := []string{"embedded"}
	if os.Getenv("EMRCHAIN_KUBO_API") != "" {
		backends = append(backends, "Kubo")
	}
	for _, b := range backends {
		for _, what := range []string{"seal+store peak RSS", "fetch+open peak RSS"} {
			r, ok := byName[recordsRowName(b, what, recordsQuickSize)]
			if !ok {
				t.Errorf("missing %s %s", b, what)
				continue
			}
			// A child's peak RSS includes the Go runtime and the binary; anything under a
			// megabyte means the figure is not the child's.
			if r.Unit != "MiB" || r.Value < 1 || r.GoalMet == nil || !strings.Contains(r.Goal, "128 MiB") {
				t.Errorf("%s %s: %+v", b, what, r)
			}
		}
		r, ok := byName[recordsRowName(b, "seal+store, then fetch+open", recordsQuickSize)]
		if !ok || r.GoalMet == nil || !strings.Contains(r.Ratio, "× the disk floor") {
			t.Errorf("%s time row: %+v", b, r)
		}
	}
	if r, ok := byName[recordsRowCrypto+", 64 MiB"]; !ok || r.Unit != "s CPU" || !strings.Contains(r.Ratio, "× the disk floor") {
		t.Errorf("crypto floor row: %+v", r)
	}
	if want := 2 + 3*len(backends); len(rows) != want {
		t.Errorf("%d rows, want %d", len(rows), want)
	}
}

func TestRecordsRefusesAFullDisk(t *testing.T) {
	t.Setenv(RecordSizeEnv, "1000TiB")
	t.Setenv(RecordDirEnv, t.TempDir())
	_, err := Records(context.Background(), Config{Quick: true})
	if err == nil || !strings.Contains(err.Error(), RecordSizeEnv) {
		t.Fatalf("a record larger than the disk: %v", err)
	}
}

func TestRecordsCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Records(ctx, Config{Quick: true}); err == nil {
		t.Error("cancelled context did not stop the suite")
	}
}

// TestChildPeakRSSIsItsOwn: a child started while this process holds a large buffer reports its
// own peak memory, not this process's (wait4's ru_maxrss carries the parent's high-water mark
// into a child started with vfork semantics, which made every large-record row in a full run
// show the benchmark process's peak).
func TestChildPeakRSSIsItsOwn(t *testing.T) {
	const held = 256 << 20
	big := make([]byte, held)
	for i := 0; i < len(big); i += 4096 {
		big[i] = 1
	}
	dir := t.TempDir()
	res, err := runChild(context.Background(), childSpec{Op: "floor", Size: 1 << 20, Path: dir + "/floor"})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRSS <= 0 || res.MaxRSS >= held/2 {
		t.Fatalf("child's peak RSS %d MiB while this process holds %d MiB", res.MaxRSS>>20, held>>20)
	}
	t.Logf("child's peak RSS %d MiB", res.MaxRSS>>20)
	big[len(big)-1] = 2 // keep the buffer alive until the child is done
}
