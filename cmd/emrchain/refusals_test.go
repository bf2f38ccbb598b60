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

	// index add names a record that exists and is the patient's own.
	missing := "0x" + strings.Repeat("ab", 32)
	e.fails(exitError, []string{"does not exist"}, "index", "add", "--as", w.dirs["patient"], "--record", missing, "--keyword", "x", "--light")
	id := w.put("a record", "")
	e.fails(exitError, []string{"a patient indexes only their own records"},
		"index", "add", "--as", w.dirs["insurer"], "--record", id, "--keyword", "x", "--light")
	if _, err := os.Stat(filepath.Join(w.dirs["insurer"], "search.key")); !os.IsNotExist(err) {
		t.Fatalf("a refused index add created a search key (%v)", err)
	}

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
