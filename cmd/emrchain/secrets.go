package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"golang.org/x/term"

	"github.com/emrchain/emrchain/crypto/keyfile"
)

// minPassphraseLen is the shortest passphrase a new key may be sealed under. The key files'
// KDF slows guessing, but cannot save a passphrase a dictionary holds; twelve characters
// leave room for a few words.
const minPassphraseLen = 12

// checkSecretFile refuses a file holding a secret (a key, a passphrase) that other users could
// read, or replace because its directory lets them, as ssh does for private keys. The error
// gives the chmod that fixes it.
func checkSecretFile(path, what string) error {
	fi, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if perm := fi.Mode().Perm(); perm&0o077 != 0 {
		return fmt.Errorf("%s %s is open to group or others (mode %04o): run `chmod 600 %s`", what, path, perm, path)
	}
	return checkSecretDir(filepath.Dir(path), what+" "+path, fi)
}

// checkSecretDir refuses a directory holding secrets that other users may write to: they could
// swap the files in it. A sticky directory (such as /tmp) stops them replacing files they do not
// own, so there the file need only be the user's own.
func checkSecretDir(dir, what string, file fs.FileInfo) error {
	di, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if di.Mode().Perm()&0o022 == 0 {
		return nil
	}
	if di.Mode()&fs.ModeSticky != 0 && file != nil && ownedByMe(file) {
		return nil
	}
	return fmt.Errorf("%s is in %s, which group or others may write to (mode %04o): run `chmod go-w %s`, or keep it in a private directory",
		what, dir, di.Mode().Perm(), dir)
}

func ownedByMe(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

// checkKeyDir checks a directory of key files (an identity, the oracle's keys) and the named
// files in it that exist.
func checkKeyDir(dir, what string, files ...string) error {
	di, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if perm := di.Mode().Perm(); perm&0o022 != 0 {
		return fmt.Errorf("%s %s may be written by group or others (mode %04o): run `chmod 700 %s`", what, dir, perm, dir)
	}
	for _, name := range files {
		p := filepath.Join(dir, name)
		fi, err := os.Stat(p)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			return fmt.Errorf("%s %s is open to group or others (mode %04o): run `chmod 600 %s`", what, p, perm, p)
		}
	}
	return checkSecretDir(filepath.Dir(filepath.Clean(dir)), what+" "+dir, di)
}

// errNoPassphrase is returned when no passphrase is configured and there is no terminal to ask.
var errNoPassphrase = errors.New("no passphrase")

// readPassphraseFile reads a passphrase file after checking that only its owner can read it.
func readPassphraseFile(file string) (keyfile.Passphrase, error) {
	if err := checkSecretFile(file, "passphrase file"); err != nil {
		return keyfile.Passphrase{}, err
	}
	return keyfile.ReadPassphrase(file, "")
}

// openTerminal opens the controlling terminal; in-process tests replace it so that nothing
// they run can wait for a person.
var openTerminal = func() (*os.File, error) { return os.OpenFile("/dev/tty", os.O_RDWR, 0) }

// promptPassphrase asks on the controlling terminal, without echo. For a new key (confirm) the
// passphrase is checked, then asked again. It fails with errNoPassphrase when the process has no
// terminal.
func promptPassphrase(prompt string, confirm bool) (keyfile.Passphrase, error) {
	tty, err := openTerminal()
	if err != nil {
		return keyfile.Passphrase{}, errNoPassphrase
	}
	defer tty.Close()
	if !term.IsTerminal(int(tty.Fd())) {
		return keyfile.Passphrase{}, errNoPassphrase
	}
	read := func(p string) ([]byte, error) {
		restore, err := echoOff(int(tty.Fd()))
		if err != nil {
			return nil, fmt.Errorf("turn the terminal's echo off: %w", err)
		}
		defer restore()
		fmt.Fprint(tty, p)
		b, err := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(tty)
		if err != nil {
			return nil, fmt.Errorf("read the passphrase from the terminal: %w", err)
		}
		return b, nil
	}
	first, err := read(prompt + ": ")
	if err != nil {
		return keyfile.Passphrase{}, err
	}
	if len(first) == 0 {
		return keyfile.Passphrase{}, fmt.Errorf("%w: an empty passphrase was entered", errNoPassphrase)
	}
	if confirm {
		if err := checkNewPassphrase(keyfile.NewPassphrase(first)); err != nil {
			return keyfile.Passphrase{}, err
		}
		again, err := read("Repeat it: ")
		if err != nil {
			return keyfile.Passphrase{}, err
		}
		if !bytes.Equal(first, again) {
			return keyfile.Passphrase{}, usageErrorf("the passphrases differ: nothing was created")
		}
	}
	return keyfile.NewPassphrase(first), nil
}

// checkNewPassphrase refuses a passphrase too short to seal a new key under.
func checkNewPassphrase(p keyfile.Passphrase) error {
	if n := len([]rune(string(p.Reveal()))); n < minPassphraseLen {
		return usageErrorf("the passphrase has %d characters; a new key needs at least %d (a few words make a good one)", n, minPassphraseLen)
	}
	return nil
}
