package main

import (
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/identity"
)

// accountKeyFlags are the ways a command takes an Ethereum account key: an emrchain identity or
// a standard keystore file (--keystore), a Foundry keystore by name (--account), or a hex key
// file (--private-key-file). env prefixes their environment variables.
func accountKeyFlags(env string) []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "keystore", EnvVars: []string{env + "KEYSTORE"},
			Usage: "account key: an emrchain identity `PATH` (a directory made by `emrchain keys new`) or an Ethereum keystore file (as geth and `cast wallet import` write)"},
		&cli.StringFlag{Name: "account", EnvVars: []string{env + "ACCOUNT"},
			Usage: "account key: the Foundry keystore `NAME` in ~/.foundry/keystores (made by `cast wallet import NAME --interactive`)"},
		&cli.StringFlag{Name: "private-key-file", EnvVars: []string{env + "PRIVATE_KEY_FILE"},
			Usage: "account key as hex in `FILE`, private to its owner (chmod 600)"},
	}
}

// errNoAccountKey means none of accountKeyFlags was given.
var errNoAccountKey = errors.New("no account key given")

// foundryKeystores is where Foundry keeps the keystores `--account NAME` names.
func foundryKeystores() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".foundry", "keystores")
	}
	return filepath.Join(home, ".foundry", "keystores")
}

// foundryKeystore is the file of Foundry's keystore name.
func foundryKeystore(name string) (string, error) {
	path := filepath.Join(foundryKeystores(), name)
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return "", fmt.Errorf("no Foundry keystore %q in %s: create it with `cast wallet import %s --interactive`, or give a keystore file", name, foundryKeystores(), name)
	}
	return path, nil
}

// accountKey loads the key named by exactly one of accountKeyFlags, or errNoAccountKey.
func (s *session) accountKey() (*ecdsa.PrivateKey, error) {
	ks, acct, pkf := s.c.String("keystore"), s.c.String("account"), s.c.String("private-key-file")
	switch {
	case countSet(ks, acct, pkf) > 1:
		return nil, usageErrorf("--keystore, --account and --private-key-file are exclusive: give one")
	case pkf != "":
		return readPrivateKeyFile(pkf)
	case acct != "":
		path, err := foundryKeystore(acct)
		if err != nil {
			return nil, err
		}
		return s.keystoreFileKey(path, "")
	case ks != "":
		fi, err := os.Stat(ks)
		if err != nil {
			return nil, fmt.Errorf("--keystore %s: %w", ks, err)
		}
		if fi.IsDir() {
			id, err := s.loadIdentity(ks, "")
			if err != nil {
				return nil, err
			}
			return id.Key, nil
		}
		return s.keystoreFileKey(ks, "")
	}
	return nil, errNoAccountKey
}

// keystoreFileKey decrypts a Web3 Secret Storage (version 3) keystore file, with the passphrase
// from passFlag's file (if set), --password-file, $EMRCHAIN_PASSWORD or the terminal.
func (s *session) keystoreFileKey(path, passFlag string) (*ecdsa.PrivateKey, error) {
	if err := checkSecretFile(path, "keystore file"); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keystore file: %w", err)
	}
	var probe struct {
		Version int             `json:"version"`
		Crypto  json.RawMessage `json:"crypto"`
	}
	if err := json.Unmarshal(b, &probe); err != nil || probe.Crypto == nil {
		if _, statErr := os.Stat(filepath.Join(filepath.Dir(path), identity.AccountFile)); statErr == nil {
			return nil, fmt.Errorf("%s is a file of an emrchain identity: pass its directory, --keystore %s", path, filepath.Dir(path))
		}
		return nil, fmt.Errorf("%s is not an Ethereum keystore file (Web3 Secret Storage JSON, as geth and `cast wallet import` write)", path)
	}
	pass, err := s.passphrase(passFlag)
	if err != nil {
		return nil, err
	}
	key, err := keystore.DecryptKey(b, string(pass.Reveal()))
	if err != nil {
		if errors.Is(err, keystore.ErrDecrypt) {
			return nil, fmt.Errorf("keystore file %s: wrong passphrase", path)
		}
		return nil, fmt.Errorf("keystore file %s: %w", path, err)
	}
	return key.PrivateKey, nil
}
