// Package fuzzcorpus writes seed corpora for Go fuzz targets in the format
// `go test` reads from testdata/fuzz/<FuzzName>/, so the near-valid inputs a
// package's tests construct (off-curve points, non-canonical scalars, proofs
// for the wrong statement) are committed and replayed by every plain
// `go test` run, not only under -fuzz.
//
// Tests call Sync with a -corpus flag of their own: without it, Sync checks
// that the committed corpus holds every constructed input (so the corpus
// cannot silently drift from the code that describes it); with it, Sync
// writes the missing files.
package fuzzcorpus

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// Entry is one input of a []byte fuzz target, with a name saying what is
// wrong with it (kept in the file name so a failure names its input).
type Entry struct {
	Name string
	Data []byte
}

// Encode renders data as a corpus file of a target taking one []byte.
func Encode(data []byte) []byte {
	return []byte("go test fuzz v1\n[]byte(" + strconv.Quote(string(data)) + ")\n")
}

// fileName is stable for a given input: a slug of the name and a short hash
// of the bytes, so renaming a case rewrites one file and equal inputs never
// collide.
func fileName(e Entry) string {
	sum := sha256.Sum256(e.Data)
	slug := make([]byte, 0, len(e.Name))
	for _, c := range []byte(e.Name) {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			slug = append(slug, c)
		case c >= 'A' && c <= 'Z':
			slug = append(slug, c+'a'-'A')
		default:
			if len(slug) > 0 && slug[len(slug)-1] != '-' {
				slug = append(slug, '-')
			}
		}
	}
	return fmt.Sprintf("%s-%s", slug, hex.EncodeToString(sum[:6]))
}

// Sync makes testdata/fuzz/<target> hold every entry. With write false it
// fails the test for each missing file; with write true it creates them.
// Files in the directory that no entry produces are left alone: they may be
// inputs the fuzzer found.
func Sync(t *testing.T, target string, entries []Entry, write bool) {
	t.Helper()
	dir := filepath.Join("testdata", "fuzz", target)
	if write {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, e := range entries {
		path := filepath.Join(dir, fileName(e))
		want := Encode(e.Data)
		got, err := os.ReadFile(path)
		if err == nil && string(got) == string(want) {
			continue
		}
		if !write {
			t.Errorf("%s: corpus file %s missing or different (run go test -run %s -corpus once)", target, path, t.Name())
			continue
		}
		if err := os.WriteFile(path, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
