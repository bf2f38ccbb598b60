package keyring

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/crypto/keyfile"
)

func TestInitLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	pass := keyfile.NewPassphrase([]byte("oracle passphrase"))
	info, err := Init(dir, pass, InitOptions{Light: true})
	if err != nil {
		t.Fatal(err)
	}
	for f, want := range map[string]os.FileMode{TxKeyFile: 0o600, TransportFile: 0o600, MasterFile: 0o600, PublicKeyFile: 0o644, InfoFile: 0o644} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != want {
			t.Fatalf("%s has mode %v, want %v", f, st.Mode().Perm(), want)
		}
	}
	k, err := Load(dir, pass, Need{Transport: true, Master: true})
	if err != nil {
		t.Fatal(err)
	}
	if k.Address != info.Address || crypto.PubkeyToAddress(k.TxKey.PublicKey) != info.Address {
		t.Fatal("transaction key does not match the summary's address")
	}
	tpub, _ := k.Transport.Public().MarshalBinary()
	if !bytes.Equal(tpub, info.TransportKey) {
		t.Fatal("transport key does not match the summary")
	}
	pk, err := ReadPublicKey(dir)
	if err != nil {
		t.Fatal(err)
	}
	pkBytes, _ := pk.MarshalBinary()
	fromMaster, _ := k.Master.PublicKey().MarshalBinary()
	if !bytes.Equal(pkBytes, fromMaster) {
		t.Fatal("public key file is not the master key's public key")
	}
	if h := sha256.Sum256(pkBytes); !bytes.Equal(h[:], info.CPABEPublicKeyHash) {
		t.Fatal("summary's public key hash is wrong")
	}
	read, err := ReadInfo(dir)
	if err != nil || read.Address != info.Address || read.TransportKey32() != [32]byte(tpub) {
		t.Fatalf("ReadInfo: %+v %v", read, err)
	}

	// A proxy loads no master key.
	proxyKeys, err := Load(dir, pass, Need{Transport: true})
	if err != nil || proxyKeys.Master != nil || proxyKeys.Transport == nil {
		t.Fatalf("proxy load: %+v %v", proxyKeys, err)
	}
	if _, err := Load(dir, keyfile.NewPassphrase([]byte("wrong")), Need{}); err == nil {
		t.Fatal("loaded with a wrong passphrase")
	}
	if _, err := Init(dir, pass, InitOptions{Light: true}); !errors.Is(err, ErrExists) {
		t.Fatalf("second Init: %v", err)
	}
	if err := os.Chmod(filepath.Join(dir, TxKeyFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, pass, Need{}); !errors.Is(err, keyfile.ErrPermissions) {
		t.Fatalf("world-readable key: %v", err)
	}
}

func TestInitImportsTxKey(t *testing.T) {
	key, _ := crypto.GenerateKey()
	info, err := Init(t.TempDir(), keyfile.NewPassphrase([]byte("p")), InitOptions{Light: true, TxKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if info.Address != crypto.PubkeyToAddress(key.PublicKey) {
		t.Fatal("imported key not used")
	}
	if _, err := Init(t.TempDir(), keyfile.Passphrase{}, InitOptions{Light: true}); !errors.Is(err, keyfile.ErrNoPassphrase) {
		t.Fatalf("no passphrase: %v", err)
	}
}
