// Package identity keeps a participant's keys on disk: the Ethereum account key in a
// go-ethereum keystore file, and the PRE and transport keys in crypto/keyfile files, all under one
// passphrase, in one directory, each file 0600.
//
//	<dir>/account.json   go-ethereum keystore (v3)
//	<dir>/pre.key        keyfile, kind "emrchain.pre"
//	<dir>/transport.key  keyfile, kind "emrchain.transport"
//	<dir>/record.seed    keyfile, kind "record-seed" (patients only), under its own passphrase
//
// A patient's record seed derives every per-record key and index key (crypto/recordkey): it has
// its own file and its own passphrase, and is loaded only by the steps that need it.
package identity

import (
	"crypto/ecdsa"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/transport"
)

// File names inside an identity directory.
const (
	AccountFile   = "account.json"
	PREFile       = "pre.key"
	TransportFile = "transport.key"
	SeedFile      = "record.seed"

	preKind       = "emrchain.pre"
	transportKind = "emrchain.transport"
)

// ErrNoIdentity means the directory holds no identity.
var ErrNoIdentity = errors.New("no identity in directory")

// Strength selects the key-derivation cost.
type Strength int

const (
	// Standard is go-ethereum's default cost: for keys that protect anything.
	Standard Strength = iota
	// Light is for tests and development keys only.
	Light
)

// Create makes a new identity in dir (which must not already hold one) around account, or a
// fresh account key when account is nil.
func Create(dir, name string, account *ecdsa.PrivateKey, pass keyfile.Passphrase, strength Strength, random io.Reader) (*client.Identity, error) {
	if _, err := os.Stat(filepath.Join(dir, AccountFile)); err == nil {
		return nil, fmt.Errorf("identity %s: %w", dir, os.ErrExist)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("identity %s: %w", dir, err)
	}
	if account == nil {
		k, err := ecdsa.GenerateKey(crypto.S256(), randOrDefault(random))
		if err != nil {
			return nil, fmt.Errorf("account key: %w", err)
		}
		account = k
	}
	id, err := client.NewIdentity(name, account, random)
	if err != nil {
		return nil, err
	}
	if err := write(dir, id, pass, strength, random); err != nil {
		return nil, err
	}
	return id, nil
}

// Restore writes a recovered identity (its account, PRE and transport keys under pass, and its
// record seed, when it has one, under seedPass) into dir, which must not already hold one.
func Restore(dir string, id *client.Identity, pass, seedPass keyfile.Passphrase, strength Strength, random io.Reader) error {
	if id.PRE == nil || id.Transport == nil {
		return errors.New("restore: the identity lacks its PRE or transport key")
	}
	if _, err := os.Stat(filepath.Join(dir, AccountFile)); err == nil {
		return fmt.Errorf("identity %s: %w", dir, os.ErrExist)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("identity %s: %w", dir, err)
	}
	if id.Seed != nil {
		params := keyfile.Standard
		if strength == Light {
			params = keyfile.Light
		}
		if err := recordkey.CreateSeedFile(filepath.Join(dir, SeedFile), random, id.Seed, seedPass, params); err != nil {
			return fmt.Errorf("write record seed: %w", err)
		}
	}
	return write(dir, id, pass, strength, random)
}

// write stores an identity's keys in dir; the account file goes last, as it marks the identity
// complete.
func write(dir string, id *client.Identity, pass keyfile.Passphrase, strength Strength, random io.Reader) error {
	scryptN, scryptP, params := keystore.StandardScryptN, keystore.StandardScryptP, keyfile.Standard
	if strength == Light {
		scryptN, scryptP, params = keystore.LightScryptN, keystore.LightScryptP, keyfile.Light
	}
	uid, err := uuid.NewRandom()
	if err != nil {
		return err
	}
	ksJSON, err := keystore.EncryptKey(&keystore.Key{Id: uid, Address: id.Address(), PrivateKey: id.Key}, string(pass.Reveal()), scryptN, scryptP)
	if err != nil {
		return fmt.Errorf("encrypt account key: %w", err)
	}
	preRaw, err := id.PRE.MarshalBinary()
	if err != nil {
		return err
	}
	tRaw, err := id.Transport.MarshalBinary()
	if err != nil {
		return err
	}
	if err := keyfile.Create(filepath.Join(dir, PREFile), random, preKind, preRaw, pass, params); err != nil {
		return fmt.Errorf("write PRE key: %w", err)
	}
	if err := keyfile.Create(filepath.Join(dir, TransportFile), random, transportKind, tRaw, pass, params); err != nil {
		return fmt.Errorf("write transport key: %w", err)
	}
	if err := writeExclusive(filepath.Join(dir, AccountFile), ksJSON); err != nil {
		return fmt.Errorf("write account key: %w", err)
	}
	return nil
}

// Load opens the identity in dir with pass.
func Load(dir, name string, pass keyfile.Passphrase) (*client.Identity, error) {
	ksJSON, err := os.ReadFile(filepath.Join(dir, AccountFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w (create one with `emrchain keys new`)", dir, ErrNoIdentity)
	}
	if err != nil {
		return nil, fmt.Errorf("identity %s: %w", dir, err)
	}
	key, err := keystore.DecryptKey(ksJSON, string(pass.Reveal()))
	if errors.Is(err, keystore.ErrDecrypt) {
		return nil, fmt.Errorf("open %s: wrong passphrase or corrupted file", filepath.Join(dir, AccountFile))
	}
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", filepath.Join(dir, AccountFile), err)
	}
	id := &client.Identity{Name: name, Key: key.PrivateKey}
	if raw, err := keyfile.Open(filepath.Join(dir, PREFile), preKind, pass); err == nil {
		var sk pre.PrivateKey
		if err := sk.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("PRE key in %s: %w", dir, err)
		}
		id.PRE = &sk
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open PRE key in %s: %w", dir, err)
	}
	if raw, err := keyfile.Open(filepath.Join(dir, TransportFile), transportKind, pass); err == nil {
		var sk transport.PrivateKey
		if err := sk.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("transport key in %s: %w", dir, err)
		}
		id.Transport = &sk
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("open transport key in %s: %w", dir, err)
	}
	return id, nil
}

// ErrNoSeed means the identity directory holds no record seed.
var ErrNoSeed = errors.New("no record seed in identity directory")

// CreateSeed draws a new record seed and writes it to dir's seed file (0600, never replacing
// one) under its own passphrase.
func CreateSeed(dir string, pass keyfile.Passphrase, strength Strength, random io.Reader) (*recordkey.Seed, error) {
	seed, err := recordkey.NewSeed(random)
	if err != nil {
		return nil, err
	}
	params := keyfile.Standard
	if strength == Light {
		params = keyfile.Light
	}
	if err := recordkey.CreateSeedFile(filepath.Join(dir, SeedFile), random, seed, pass, params); err != nil {
		return nil, err
	}
	return seed, nil
}

// LoadSeed opens dir's record seed with its passphrase.
func LoadSeed(dir string, pass keyfile.Passphrase) (*recordkey.Seed, error) {
	path := filepath.Join(dir, SeedFile)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w (a patient creates it with `emrchain keys seed --dir %s`)", dir, ErrNoSeed, dir)
	}
	s, err := recordkey.OpenSeedFile(path, pass)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

func writeExclusive(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func randOrDefault(r io.Reader) io.Reader {
	if r == nil {
		return cryptoRand{}
	}
	return r
}
