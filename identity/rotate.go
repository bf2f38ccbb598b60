package identity

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/transport"
)

// StagedSuffix marks the PRE and transport key files of a rotation that is not yet on chain.
// A rotation writes them first, sends the transaction, and only once it is mined renames them
// over the keys in use; an interruption in between leaves both sets, so nothing is lost and the
// next attempt can tell from the chain which set is enrolled.
const StagedSuffix = ".next"

// StageKeys writes new PRE and transport keys beside an identity's keys, under the identity's
// passphrase, replacing keys staged earlier.
func StageKeys(dir string, preKey *pre.PrivateKey, tk *transport.PrivateKey, pass keyfile.Passphrase, strength Strength, random io.Reader) error {
	if err := DiscardStaged(dir); err != nil {
		return err
	}
	params := keyfile.Standard
	if strength == Light {
		params = keyfile.Light
	}
	preRaw, err := preKey.MarshalBinary()
	if err != nil {
		return err
	}
	tRaw, err := tk.MarshalBinary()
	if err != nil {
		return err
	}
	if err := keyfile.Create(filepath.Join(dir, PREFile+StagedSuffix), random, preKind, preRaw, pass, params); err != nil {
		return fmt.Errorf("write the new PRE key: %w", err)
	}
	if err := keyfile.Create(filepath.Join(dir, TransportFile+StagedSuffix), random, transportKind, tRaw, pass, params); err != nil {
		return fmt.Errorf("write the new transport key: %w", err)
	}
	return nil
}

// LoadStaged opens the keys StageKeys wrote. It returns os.ErrNotExist when none are staged;
// a half-committed rotation (one of the two files already renamed) has only the other one.
func LoadStaged(dir string, pass keyfile.Passphrase) (*pre.PrivateKey, *transport.PrivateKey, error) {
	var (
		sk    *pre.PrivateKey
		tk    *transport.PrivateKey
		found bool
	)
	if raw, err := keyfile.Open(filepath.Join(dir, PREFile+StagedSuffix), preKind, pass); err == nil {
		sk = new(pre.PrivateKey)
		if err := sk.UnmarshalBinary(raw); err != nil {
			return nil, nil, fmt.Errorf("staged PRE key in %s: %w", dir, err)
		}
		found = true
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("open the staged PRE key in %s: %w", dir, err)
	}
	if raw, err := keyfile.Open(filepath.Join(dir, TransportFile+StagedSuffix), transportKind, pass); err == nil {
		tk = new(transport.PrivateKey)
		if err := tk.UnmarshalBinary(raw); err != nil {
			return nil, nil, fmt.Errorf("staged transport key in %s: %w", dir, err)
		}
		found = true
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("open the staged transport key in %s: %w", dir, err)
	}
	if !found {
		return nil, nil, os.ErrNotExist
	}
	return sk, tk, nil
}

// CommitStaged makes the staged keys the identity's own, replacing (and so destroying) the keys
// they rotate out. Each rename is atomic; a crash between the two leaves one staged file, which
// the next CommitStaged finishes.
func CommitStaged(dir string) error {
	for _, name := range []string{PREFile, TransportFile} {
		staged := filepath.Join(dir, name+StagedSuffix)
		if _, err := os.Stat(staged); errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err := os.Rename(staged, filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("put the new %s in place: %w", name, err)
		}
	}
	return syncDir(dir)
}

// DiscardStaged removes staged keys, if any.
func DiscardStaged(dir string) error {
	for _, name := range []string{PREFile, TransportFile} {
		if err := os.Remove(filepath.Join(dir, name+StagedSuffix)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove the staged %s: %w", name, err)
		}
	}
	return nil
}

// syncDir makes renames in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// StageSeed draws a new record seed into a staged file beside the patient's seed (under the
// seed's passphrase), for a rotation that re-wraps every record before it replaces the seed in
// use. It refuses to replace a seed staged earlier: that one may already wrap some records.
func StageSeed(dir string, pass keyfile.Passphrase, strength Strength, random io.Reader) (*recordkey.Seed, error) {
	seed, err := recordkey.NewSeed(random)
	if err != nil {
		return nil, err
	}
	params := keyfile.Standard
	if strength == Light {
		params = keyfile.Light
	}
	if err := recordkey.CreateSeedFile(filepath.Join(dir, SeedFile+StagedSuffix), random, seed, pass, params); err != nil {
		return nil, err
	}
	return seed, nil
}

// LoadStagedSeed opens the seed StageSeed wrote; os.ErrNotExist when there is none.
func LoadStagedSeed(dir string, pass keyfile.Passphrase) (*recordkey.Seed, error) {
	path := filepath.Join(dir, SeedFile+StagedSuffix)
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	s, err := recordkey.OpenSeedFile(path, pass)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// CommitSeed makes the staged seed the patient's seed, destroying the one it replaces.
func CommitSeed(dir string) error {
	if err := os.Rename(filepath.Join(dir, SeedFile+StagedSuffix), filepath.Join(dir, SeedFile)); err != nil {
		return fmt.Errorf("put the new record seed in place: %w", err)
	}
	return syncDir(dir)
}
