// Package identity keeps a participant's keys on disk: the Ethereum account key in a
// go-ethereum keystore file, and the PRE and transport keys in crypto/keyfile files, all under one
// passphrase, in one directory, each file 0600.
//
//	<dir>/account.json   go-ethereum keystore (v3)
//	<dir>/pre.key        keyfile, kind "emrchain.pre"
//	<dir>/transport.key  keyfile, kind "emrchain.transport"
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
	"github.com/emrchain/emrchain/crypto/transport"
)

// File names inside an identity directory.
const (
	AccountFile   = "account.json"
	PREFile       = "pre.key"
	TransportFile = "transport.key"

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
	scryptN, scryptP, params := keystore.StandardScryptN, keystore.StandardScryptP, keyfile.Standard
	if strength == Light {
		scryptN, scryptP, params = keystore.LightScryptN, keystore.LightScryptP, keyfile.Light
	}
	uid, err := uuid.NewRandom()
	if err != nil {
		return nil, err
	}
	ksJSON, err := keystore.EncryptKey(&keystore.Key{Id: uid, Address: id.Address(), PrivateKey: account}, string(pass.Reveal()), scryptN, scryptP)
	if err != nil {
		return nil, fmt.Errorf("encrypt account key: %w", err)
	}
	preRaw, err := id.PRE.MarshalBinary()
	if err != nil {
		return nil, err
	}
	tRaw, err := id.Transport.MarshalBinary()
	if err != nil {
		return nil, err
	}
	if err := keyfile.Create(filepath.Join(dir, PREFile), random, preKind, preRaw, pass, params); err != nil {
		return nil, fmt.Errorf("write PRE key: %w", err)
	}
	if err := keyfile.Create(filepath.Join(dir, TransportFile), random, transportKind, tRaw, pass, params); err != nil {
		return nil, fmt.Errorf("write transport key: %w", err)
	}
	// The account file goes last: its presence is what marks the identity complete.
	if err := writeExclusive(filepath.Join(dir, AccountFile), ksJSON); err != nil {
		return nil, fmt.Errorf("write account key: %w", err)
	}
	return id, nil
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
