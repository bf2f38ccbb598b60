package main

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/crypto/keyfile"
)

// readPrivateKeyFile reads a hex secp256k1 key from a file that only its owner may read, as ssh
// insists for private keys.
func readPrivateKeyFile(path string) (*ecdsa.PrivateKey, error) {
	if err := checkSecretFile(path, "private key file"); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("private key file: %w", err)
	}
	text := strings.TrimPrefix(strings.TrimSpace(string(b)), "0x")
	key, err := crypto.HexToECDSA(text)
	if err != nil {
		// The parser's message can quote the input; keep the key out of the error.
		return nil, fmt.Errorf("private key file %s does not hold a 32-byte hex secp256k1 key", path)
	}
	return key, nil
}

// forceFlag lets a command replace an existing output file.
func forceFlag() cli.Flag {
	return &cli.BoolFlag{Name: "force", Usage: "replace --out if it exists"}
}

// checkOut refuses an existing output file unless replace is set, before any slow work starts.
func checkOut(flag, path string, replace bool) error {
	fi, err := os.Lstat(path)
	switch {
	case err != nil:
		return nil
	case !fi.Mode().IsRegular():
		// The output is renamed into place: over a device such as /dev/null, a pipe or a
		// symbolic link that would replace the special file itself.
		return fmt.Errorf("--%s %s is not a regular file (%s): name a new or regular file", flag, path, fileKind(fi.Mode()))
	case !replace:
		return fmt.Errorf("--%s %s exists: pass --force to replace it, or choose another file", flag, path)
	}
	return nil
}

func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// writeVerified writes a file only once fill has succeeded: the bytes go to a temporary file in
// the same directory (0600, as records and keys are private) that is moved to path at the end,
// so a failed read or verification never leaves unverified plaintext under the requested name.
// Unless replace is set, an existing path is never overwritten, even one created meanwhile.
func writeVerified(path string, replace bool, fill func(w io.Writer) error) (err error) {
	if fi, err := os.Lstat(path); err == nil && (!replace || !fi.Mode().IsRegular()) {
		if !fi.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file (%s): name a new or regular file", path, fileKind(fi.Mode()))
		}
		return fmt.Errorf("%s exists: pass --force to replace it, or choose another file", path)
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
		}
		// After a link the temporary name is a second name of the output; either way it goes.
		os.Remove(tmp.Name())
	}()
	if err := tmp.Chmod(0o600); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := fill(tmp); err != nil {
		return err
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if replace {
		if err := os.Rename(tmp.Name(), path); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	}
	// link fails if path exists, where rename would replace it.
	if err := os.Link(tmp.Name(), path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("%s appeared while reading: pass --force to replace it, or choose another file", path)
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// Kinds of the key files the CLI keeps beside identities, encrypted under the same passphrase.
const (
	abeKeyKind = "emrchain.abe-key"
)

// kdfParams picks the key-file cost: Standard unless --light asks for development keys.
func kdfParams(light bool) keyfile.Params {
	if light {
		return keyfile.Light
	}
	return keyfile.Standard
}

// openKeyFile opens an encrypted key file, telling the user which flag names it when missing.
func openKeyFile(path, kind, flag string, pass keyfile.Passphrase) ([]byte, error) {
	b, err := keyfile.Open(path, kind, pass)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no key file at %s: pass the right --%s", path, flag)
	}
	if err != nil {
		return nil, fmt.Errorf("key file %s: %w", path, err)
	}
	return b, nil
}
