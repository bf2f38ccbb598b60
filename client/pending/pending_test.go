package pending

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

func entry(version uint32, path string, created time.Time) *Entry {
	return &Entry{
		Created: created, ChainID: 1337, Registry: common.HexToAddress("0x1"), Patient: common.HexToAddress("0xa"),
		Provider: common.HexToAddress("0xb"), RecordID: common.HexToHash("0x1234"), Version: version,
		Source: Source{Path: path, Size: 10, ModTime: time.Unix(100, 5)},
		Draft:  []byte(`{"format":1}`), Objects: []string{"bafy"},
	}
}

func TestSaveFindRemove(t *testing.T) {
	d, err := Open(filepath.Join(t.TempDir(), "pending"))
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(d.Path()); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("directory: %v, %v", fi.Mode(), err)
	}
	older := entry(1, "/data/scan.dcm", time.Unix(1000, 0))
	newer := entry(1, "/data/scan.dcm", time.Unix(2000, 0))
	newer.RecordID = common.HexToHash("0x5678")
	other := entry(1, "/data/other.dcm", time.Unix(3000, 0))
	other.RecordID = common.HexToHash("0x9abc")
	for _, e := range []*Entry{older, newer, other} {
		if err := d.Save(e); err != nil {
			t.Fatal(err)
		}
	}
	files, _ := filepath.Glob(filepath.Join(d.Path(), "*"))
	for _, f := range files {
		if fi, _ := os.Stat(f); fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, want 0600", f, fi.Mode().Perm())
		}
	}
	q := Query{ChainID: 1337, Registry: older.Registry, Patient: older.Patient, Provider: older.Provider,
		Path: "/data/scan.dcm", Size: 10, ModTime: time.Unix(100, 5)}
	got, err := d.Find(q)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].RecordID != newer.RecordID || got[1].RecordID != older.RecordID {
		t.Fatalf("Find: %v, want the two entries of the file, newest first", got)
	}

	// Anything that differs finds nothing: another chain, patient, file state, or an update.
	for name, mod := range map[string]func(*Query){
		"chain":    func(q *Query) { q.ChainID = 1 },
		"patient":  func(q *Query) { q.Patient = common.HexToAddress("0xc") },
		"size":     func(q *Query) { q.Size = 11 },
		"mod time": func(q *Query) { q.ModTime = time.Unix(100, 6) },
		"update":   func(q *Query) { q.Update, q.RecordID = true, older.RecordID },
	} {
		q2 := q
		mod(&q2)
		if got, err := d.Find(q2); err != nil || len(got) != 0 {
			t.Errorf("%s differs: found %d entries (%v)", name, len(got), err)
		}
	}

	// Saving again replaces the entry; removing twice is fine.
	older.Tx = &common.Hash{9}
	if err := d.Save(older); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.Find(q); len(got) != 2 || got[1].Tx == nil || *got[1].Tx != (common.Hash{9}) {
		t.Fatalf("after saving the transaction: %v", got)
	}
	for range 2 {
		if err := d.Remove(older); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := d.Find(q); len(got) != 1 {
		t.Fatalf("after Remove: %d entries", len(got))
	}
}

// A damaged file is reported, not fatal, and never hides the other entries.
func TestListSkipsDamagedFiles(t *testing.T) {
	d, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Save(entry(2, "/f", time.Now())); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(d.Path(), "1-x-y-v1.json")
	if err := os.WriteFile(bad, []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	entries, damaged, err := d.List()
	if err != nil || len(entries) != 1 || len(damaged) != 1 || damaged[0] != bad {
		t.Fatalf("List: %d entries, damaged %v, %v", len(entries), damaged, err)
	}
}
