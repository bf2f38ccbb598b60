package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/identity"
)

// chmod sets a mode for the rest of a step and returns the function restoring the old one.
func chmod(t *testing.T, path string, mode os.FileMode) func() {
	t.Helper()
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, mode); err != nil {
		t.Fatal(err)
	}
	return func() {
		if err := os.Chmod(path, fi.Mode().Perm()|fi.Mode()&os.ModeSticky); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSecretsOthersCouldReadOrReplace refuses key and passphrase files that group or others
// could read, and directories they could write to, each time with the chmod that fixes it.
func TestSecretsOthersCouldReadOrReplace(t *testing.T) {
	e := newCLIEnv(t)
	dir := e.path("id")
	e.ok("keys", "new", "--dir", dir, "--name", "a", "--light")
	e.ok("keys", "show", "--dir", dir)

	account := filepath.Join(dir, identity.AccountFile)
	restore := chmod(t, account, 0o644)
	e.fails(exitError, []string{"chmod 600 " + account}, "keys", "show", "--dir", dir)
	restore()

	restore = chmod(t, filepath.Join(dir, identity.PREFile), 0o640)
	e.fails(exitError, []string{"chmod 600 " + filepath.Join(dir, identity.PREFile)}, "keys", "show", "--dir", dir)
	restore()

	restore = chmod(t, dir, 0o777)
	e.fails(exitError, []string{"chmod 700 " + dir}, "keys", "show", "--dir", dir)
	restore()

	// The case: a 0644 account.json in a 0777 directory.
	restoreFile, restoreDir := chmod(t, account, 0o644), chmod(t, dir, 0o777)
	e.fails(exitError, []string{"chmod"}, "keys", "show", "--dir", dir)
	restoreFile()
	restoreDir()

	parent := filepath.Dir(dir)
	restore = chmod(t, parent, 0o777)
	e.fails(exitError, []string{"chmod go-w " + parent}, "keys", "show", "--dir", dir)
	restore()

	restore = chmod(t, e.password, 0o644)
	e.fails(exitError, []string{"passphrase file", "chmod 600 " + e.password}, "keys", "show", "--dir", dir)
	restore()

	// A hex key file in a directory others may write to.
	shared := e.path("shared")
	if err := os.Mkdir(shared, 0o700); err != nil {
		t.Fatal(err)
	}
	keyFile := filepath.Join(shared, "admin.key")
	if err := os.WriteFile(keyFile, []byte(strings.Repeat("11", 32)), 0o600); err != nil {
		t.Fatal(err)
	}
	restore = chmod(t, shared, 0o777)
	e.fails(exitError, []string{"chmod go-w " + shared}, "keys", "new", "--dir", e.path("imported"), "--name", "b", "--light", "--import-key", keyFile)
	restore()
	// A sticky directory such as /tmp is fine for a file of one's own.
	restore = chmod(t, shared, 0o777|os.ModeSticky)
	e.ok("keys", "new", "--dir", e.path("imported"), "--name", "b", "--light", "--import-key", keyFile)
	restore()
	e.ok("keys", "show", "--dir", dir)
}

// TestNewKeysNeedALongPassphrase refuses to seal a new key under a short passphrase, and makes
// nothing; existing keys still open with theirs.
func TestNewKeysNeedALongPassphrase(t *testing.T) {
	e := newCLIEnv(t)
	short := e.path("short")
	if err := os.WriteFile(short, []byte("abc\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := e.path("id")
	e.fails(exitUsage, []string{"3 characters", "at least 12"}, "keys", "new", "--dir", dir, "--name", "a", "--light", "--password-file", short)
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("a refused keys new left %s behind (%v)", dir, err)
	}
	eleven := e.path("eleven")
	if err := os.WriteFile(eleven, []byte("elevenchars"), 0o600); err != nil {
		t.Fatal(err)
	}
	e.fails(exitUsage, []string{"11 characters"}, "oracle", "init", "--role", "all", "--dir", e.path("oracle"), "--light", "--passphrase-file", eleven)
	if _, err := os.Stat(e.path("oracle")); !os.IsNotExist(err) {
		t.Fatalf("a refused oracle init left its directory behind (%v)", err)
	}
}
