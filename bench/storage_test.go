package bench

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestStorageQuick(t *testing.T) {
	rows, err := Storage(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]Measurement{}
	for _, r := range rows {
		if r.Section != storageSection || r.Unit != "ms" || r.Value <= 0 {
			t.Errorf("malformed row %+v", r)
		}
		if _, dup := byName[r.Name]; dup {
			t.Errorf("duplicate row %q", r.Name)
		}
		byName[r.Name] = r
	}
	for _, name := range []string{storageRowSHA, storageRowDisk} {
		if _, ok := byName[name]; !ok {
			t.Errorf("missing floor row %q", name)
		}
	}
	backends := []string{storageEmbedded, storageEmbeddedNoSync}
	kuboRows := os.Getenv("EMRCHAIN_KUBO_API") != ""
	if kuboRows {
		backends = append(backends, storageKubo)
	}
	for _, b := range backends {
		for _, n := range storageSizes {
			for _, op := range []string{"put", "get"} {
				name := storageRowName(b, op, n)
				r, ok := byName[name]
				if !ok {
					t.Errorf("missing row %q", name)
					continue
				}
				if !strings.Contains(r.Ratio, "SHA-256 floor") {
					t.Errorf("%s: no ratio to the SHA-256 floor: %q", name, r.Ratio)
				}
				wantGoal := b != storageKubo && n == storageGoalAt
				if (r.GoalMet != nil) != wantGoal || (r.Goal != "") != wantGoal {
					t.Errorf("%s: goal %q set = %v, want %v", name, r.Goal, r.GoalMet != nil, wantGoal)
				}
			}
		}
	}
	if want := 2 + len(backends)*len(storageSizes)*2; len(rows) != want {
		t.Errorf("%d rows, want %d (Kubo rows: %v)", len(rows), want, kuboRows)
	}
}

func TestStorageCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Storage(ctx, Config{Quick: true}); err == nil {
		t.Error("cancelled context did not stop the suite")
	}
}
