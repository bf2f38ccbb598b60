package keyfile

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrPermissions means a keyfile may be read by users other than its owner.
var ErrPermissions = errors.New("keyfile: file is readable by group or others")

// Create encrypts secret and writes it to path with mode 0600. It never replaces an existing
// file (the error then matches os.ErrExist), and the file and its directory are synced before
// it returns, so a key that Create reported as written survives a crash.
func Create(path string, random io.Reader, kind string, secret []byte, pass Passphrase, params Params) error {
	data, err := Encrypt(random, kind, secret, pass, params)
	if err != nil {
		return err
	}
	return writeExclusive(path, data)
}

// Open reads the keyfile at path and decrypts it; it must hold a secret of the given kind and
// must not be readable by group or others.
func Open(path, kind string, pass Passphrase) ([]byte, error) {
	fd, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	defer fd.Close()
	st, err := fd.Stat()
	if err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("%w: %s has mode %v; chmod 600 it", ErrPermissions, path, st.Mode().Perm())
	}
	data, err := io.ReadAll(io.LimitReader(fd, 4*MaxSecretSize+1))
	if err != nil {
		return nil, fmt.Errorf("keyfile: read %s: %w", path, err)
	}
	secret, err := Decrypt(data, kind, pass)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return secret, nil
}

func writeExclusive(path string, data []byte) (err error) {
	fd, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("keyfile: %w", err)
	}
	defer func() {
		if cerr := fd.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("keyfile: close %s: %w", path, cerr)
		}
		if err != nil {
			_ = os.Remove(path)
		}
	}()
	if _, err := fd.Write(data); err != nil {
		return fmt.Errorf("keyfile: write %s: %w", path, err)
	}
	if err := fd.Sync(); err != nil {
		return fmt.Errorf("keyfile: sync %s: %w", path, err)
	}
	return syncDir(filepath.Dir(path))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("keyfile: open directory %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("keyfile: sync directory %s: %w", dir, err)
	}
	return nil
}
