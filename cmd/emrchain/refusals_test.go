package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/ethereum/go-ethereum/common"
)

// TestRefusesPointlessInput checks that inputs which would register nothing useful, or destroy a
// file, are refused with one line before anything is stored or sent.
func TestRefusesPointlessInput(t *testing.T) {
	w := newFlowWorld(t)
	e := w.cliEnv

	// A 0-byte record is refused before the store or the chain is touched.
	empty := w.writeFile("empty", "")
	nonce := func() uint64 {
		n, err := e.devnet.Client.NonceAt(t.Context(), common.HexToAddress(w.addrs["doctor"]), nil)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := nonce()
	e.fails(exitError, []string{"is empty (0 bytes)"}, "record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"],
		"--file", empty, "--patient-identity", w.dirs["patient"])
	if nonce() != before {
		t.Fatal("an empty record was sent to the chain")
	}

	// A draft is never written over an existing file, and that is found before sealing.
	taken := w.writeFile("taken.json", "someone's notes")
	e.fails(exitError, []string{"--draft-out " + taken + " exists"}, "record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"],
		"--file", w.writeFile("note", "a note"), "--draft-out", taken)
	w.checkFile(taken, "someone's notes")
	if entries, _ := os.ReadDir(filepath.Join(e.dataDir, "pending")); len(entries) != 0 {
		t.Fatalf("a refused put left %d pending entries", len(entries))
	}

	e.fails(exitError, []string{"there is no directory"}, "record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"],
		"--file", w.writeFile("note", "a note"), "--draft-out", filepath.Join(w.path("nowhere"), "draft.json"))

	// A resumed put whose draft cannot be written keeps its sealed record: the same put with
	// another --draft-out writes the same draft without sealing again.
	note := w.writeFile("resumable", "a note whose draft goes astray")
	put := func(draft string) []string {
		return []string{"record", "put", "--as", w.dirs["doctor"], "--patient", w.addrs["patient"], "--file", note, "--draft-out", draft}
	}
	first, second := w.path("first-draft.json"), w.path("second-draft.json")
	sealed := e.okJSON(put(first)...)
	e.fails(exitError, []string{taken, "the sealed record is kept"}, put(taken)...)
	w.checkFile(taken, "someone's notes")
	again := e.okJSON(put(second)...)
	if again["resumed"] != true || again["recordId"] != sealed["recordId"] || again["recordCid"] != sealed["recordCid"] {
		t.Fatalf("the put was not resumed with its sealed record: %v, first %v", again, sealed)
	}
	if d1, err := os.ReadFile(first); err != nil {
		t.Fatal(err)
	} else if d2, err := os.ReadFile(second); err != nil || string(d2) != string(d1) {
		t.Fatalf("the resumed put wrote another draft (%v):\n%s\nthe first:\n%s", err, d2, d1)
	}
	// Asked again to write the draft it already wrote, the put finds it there.
	if again := e.okJSON(put(first)...); again["draft"] != first || again["resumed"] != true {
		t.Fatalf("the same put again: %v", again)
	}

	// index add names a record that exists and is the patient's own.
	missing := "0x" + strings.Repeat("ab", 32)
	e.fails(exitError, []string{"does not exist"}, "index", "add", "--as", w.dirs["patient"], "--record", missing, "--keyword", "x")
	id := w.put("a record", "")
	// Someone else has no record seed to derive the patient's index key from.
	e.fails(exitError, []string{"has no record seed"},
		"index", "add", "--as", w.dirs["insurer"], "--record", id, "--keyword", "x")

	// record get --out never replaces an existing file unless told to.
	out := w.writeFile("precious", "do not overwrite")
	e.fails(exitError, []string{out + " exists", "--force"}, "record", "get", "--as", w.dirs["patient"], "--record", id, "--out", out)
	w.checkFile(out, "do not overwrite")
	e.ok("record", "get", "--as", w.dirs["patient"], "--record", id, "--out", out, "--force")
	w.checkFile(out, "a record")
	// The output is renamed into place, so a special file is never a target, even with --force:
	// run as root, `--out /dev/null --force` would replace the device. A named pipe and a
	// symbolic link stand in for it here.
	link, fifo := w.path("link"), w.path("fifo")
	if err := os.Symlink(out, link); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, special := range []string{fifo, link} {
		e.fails(exitError, []string{"is not a regular file"}, "record", "get", "--as", w.dirs["patient"], "--record", id, "--out", special, "--force")
		if fi, err := os.Lstat(special); err != nil || fi.Mode().IsRegular() {
			t.Fatalf("%s was replaced by a regular file (%v)", special, err)
		}
	}
}
