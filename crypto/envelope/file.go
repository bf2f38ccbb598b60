package envelope

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// OpenFile opens the envelope read from src into the file at path, which
// appears only once every check has passed: the plaintext is written to a
// temporary file in the same directory (mode 0600), synced, and renamed over
// path on success; on any error the temporary file is removed and path is
// left untouched.
func OpenFile(path string, src io.Reader, dataKey [32]byte, ad []byte, opts ...OpenOption) (res *Opened, err error) {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".open-*")
	if err != nil {
		return nil, fmt.Errorf("envelope: create temporary file: %w", err)
	}
	defer func() {
		if err == nil {
			return
		}
		if rerr := removeTemp(tmp); rerr != nil {
			err = errors.Join(err, rerr)
		}
	}()
	res, err = Open(tmp, src, dataKey, ad, opts...)
	if err != nil {
		return nil, err
	}
	if err := tmp.Sync(); err != nil {
		return nil, fmt.Errorf("envelope: sync %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return nil, fmt.Errorf("envelope: close %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return nil, fmt.Errorf("envelope: rename into place: %w", err)
	}
	return res, nil
}

func removeTemp(f *os.File) error {
	f.Close() // may already be closed; the remove below is what matters
	if err := os.Remove(f.Name()); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("envelope: remove temporary file: %w", err)
	}
	return nil
}
