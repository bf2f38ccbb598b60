package mdsplice

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const doc = `# Title

Hand-written text.

<!-- begin generated: gas (regenerate: emrchain gas report --readme README.md) -->
| old | table |
<!-- end generated: gas -->

<!-- begin generated: gas-summary -->
old summary
<!-- end generated: gas-summary -->

More hand-written text.
`

func TestReplaceKeepsEverythingOutsideTheBlock(t *testing.T) {
	out, err := Replace([]byte(doc), "gas", []byte("| new |\n|---|\n| 1 |\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Replace(doc, "| old | table |\n", "\n| new |\n|---|\n| 1 |\n\n", 1)
	if string(out) != want {
		t.Fatalf("got\n%s\nwant\n%s", out, want)
	}
	b, err := Block(out, "gas")
	if err != nil || string(b) != "| new |\n|---|\n| 1 |" {
		t.Fatalf("block %q, %v", b, err)
	}
	// The neighbouring block whose name starts the same is untouched.
	if b, err := Block(out, "gas-summary"); err != nil || string(b) != "old summary" {
		t.Fatalf("gas-summary %q, %v", b, err)
	}
	// Replacing again with the same body changes nothing.
	again, err := Replace(out, "gas", []byte("\n\n| new |\n|---|\n| 1 |"))
	if err != nil || string(again) != string(out) {
		t.Fatalf("not idempotent: %v\n%s", err, again)
	}
}

func TestMarkerErrors(t *testing.T) {
	if _, err := Block([]byte(doc), "bench"); !errors.Is(err, ErrNoBlock) {
		t.Fatalf("missing block: %v", err)
	}
	twice := doc + "<!-- begin generated: gas -->\n"
	if _, err := Block([]byte(twice), "gas"); err == nil || !strings.Contains(err.Error(), "2 begin and 1 end") {
		t.Fatalf("duplicate begin: %v", err)
	}
	reversed := "<!-- end generated: x -->\n<!-- begin generated: x -->\n"
	if _, err := Block([]byte(reversed), "x"); err == nil || !strings.Contains(err.Error(), "before") {
		t.Fatalf("reversed markers: %v", err)
	}
	if _, err := Block([]byte(doc), "two words"); err == nil {
		t.Fatal("a name with a space was accepted")
	}
}

func TestReplaceFileKeepsMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "README.md")
	if err := os.WriteFile(path, []byte(doc), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := ReplaceFile(path, "gas-summary", []byte("new summary")); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), "<!-- begin generated: gas-summary -->\n\nnew summary\n\n<!-- end generated: gas-summary -->") {
		t.Fatalf("file:\n%s", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v", fi.Mode().Perm())
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Fatalf("temporary file left behind: %v", entries)
	}
	if err := ReplaceFile(path, "missing", nil); !errors.Is(err, ErrNoBlock) {
		t.Fatalf("missing block in a file: %v", err)
	}
}
