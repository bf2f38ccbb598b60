// Package keyring creates and loads the oracle's keys. Three secrets, each in an encrypted file
// under one passphrase, and two public files:
//
//	<dir>/tx-key.json         Ethereum transaction key: go-ethereum keystore v3 (scrypt, AES-128-CTR), 0600
//	<dir>/transport.key       X25519 transport private key: crypto/keyfile, kind "transport-x25519", 0600
//	<dir>/cpabe-master.key    CP-ABE (FAME) master key: crypto/keyfile, kind "cpabe-master", 0600
//	<dir>/cpabe-public.key    CP-ABE public key, cpabe.PublicKey.MarshalBinary (1,346 bytes), 0644
//	<dir>/oracle.json         public summary for the registrar: address, transport key, CP-ABE key hash, 0644
//
// The proxy role needs the transaction and transport keys, the keys role the transaction key
// and the master key; Load opens only what the role needs, so a proxy host need not hold the
// master key at all (seed 004 keeps the proxy apart). Each role's host can also get its own
// directory from its own Init, with its own account enrolled as an oracle.
package keyring

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"

	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/transport"
)

// File names inside the key directory.
const (
	TxKeyFile     = "tx-key.json"
	TransportFile = "transport.key"
	MasterFile    = "cpabe-master.key"
	PublicKeyFile = "cpabe-public.key"
	InfoFile      = "oracle.json"
	KindTransport = "transport-x25519"
	KindMasterKey = "cpabe-master"
)

// ErrExists means Init found key files already in place; it never overwrites a key.
var ErrExists = errors.New("keyring: key files already exist")

// Info is the public part of an oracle's keys, written to oracle.json: what a registrar enrols
// (address and transport key) and what clients check the CP-ABE public key file against.
type Info struct {
	Address            common.Address `json:"address"`
	TransportKey       hexutil.Bytes  `json:"transportKey"`
	CPABEPublicKeyHash hexutil.Bytes  `json:"cpabePublicKeySha256"`
}

// TransportKey32 returns the transport key as the registry's bytes32.
func (i *Info) TransportKey32() [32]byte { return [32]byte(i.TransportKey) }

// InitOptions tune Init.
type InitOptions struct {
	// Random is the randomness for every key (nil: crypto/rand).
	Random io.Reader
	// TxKey imports an existing Ethereum key instead of generating one.
	TxKey *ecdsa.PrivateKey
	// Light uses cheap scrypt parameters: for tests and throwaway development keys only.
	Light bool
}

// Init creates every key file in dir (created 0700 if missing) and returns the public summary.
// It fails with ErrExists if any of the files is already there.
func Init(dir string, pass keyfile.Passphrase, opts InitOptions) (*Info, error) {
	if pass.IsZero() {
		return nil, keyfile.ErrNoPassphrase
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	for _, f := range []string{TxKeyFile, TransportFile, MasterFile, PublicKeyFile, InfoFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return nil, fmt.Errorf("%w: %s", ErrExists, filepath.Join(dir, f))
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("keyring: %w", err)
		}
	}
	params, scryptN, scryptP := keyfile.Standard, keystore.StandardScryptN, keystore.StandardScryptP
	if opts.Light {
		params, scryptN, scryptP = keyfile.Light, keystore.LightScryptN, keystore.LightScryptP
	}

	txKey := opts.TxKey
	if txKey == nil {
		var err error
		if opts.Random != nil {
			txKey, err = ecdsa.GenerateKey(crypto.S256(), opts.Random)
		} else {
			txKey, err = crypto.GenerateKey()
		}
		if err != nil {
			return nil, fmt.Errorf("keyring: transaction key: %w", err)
		}
	}
	addr := crypto.PubkeyToAddress(txKey.PublicKey)
	ks, err := keystore.EncryptKey(&keystore.Key{Id: uuid.New(), Address: addr, PrivateKey: txKey}, string(pass.Reveal()), scryptN, scryptP)
	if err != nil {
		return nil, fmt.Errorf("keyring: encrypt transaction key: %w", err)
	}

	tk, err := transport.GenerateKey(opts.Random)
	if err != nil {
		return nil, fmt.Errorf("keyring: transport key: %w", err)
	}
	tkBytes, err := tk.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("keyring: transport key: %w", err)
	}
	tpub, err := tk.Public().MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("keyring: transport key: %w", err)
	}

	pk, msk, err := cpabe.Setup(opts.Random)
	if err != nil {
		return nil, fmt.Errorf("keyring: CP-ABE setup: %w", err)
	}
	mskBytes, err := msk.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("keyring: CP-ABE master key: %w", err)
	}
	pkBytes, err := pk.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("keyring: CP-ABE public key: %w", err)
	}
	pkHash := sha256.Sum256(pkBytes)
	info := &Info{Address: addr, TransportKey: tpub, CPABEPublicKeyHash: pkHash[:]}
	infoJSON, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}

	if err := writeNew(filepath.Join(dir, TxKeyFile), ks, 0o600); err != nil {
		return nil, err
	}
	if err := keyfile.Create(filepath.Join(dir, TransportFile), opts.Random, KindTransport, tkBytes, pass, params); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	if err := keyfile.Create(filepath.Join(dir, MasterFile), opts.Random, KindMasterKey, mskBytes, pass, params); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	if err := writeNew(filepath.Join(dir, PublicKeyFile), pkBytes, 0o644); err != nil {
		return nil, err
	}
	if err := writeNew(filepath.Join(dir, InfoFile), append(infoJSON, '\n'), 0o644); err != nil {
		return nil, err
	}
	return info, nil
}

func writeNew(path string, data []byte, mode os.FileMode) error {
	fd, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
	if err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	if _, err := fd.Write(data); err != nil {
		fd.Close()
		return fmt.Errorf("keyring: write %s: %w", path, err)
	}
	if err := fd.Sync(); err != nil {
		fd.Close()
		return fmt.Errorf("keyring: sync %s: %w", path, err)
	}
	return fd.Close()
}

// Need says which secrets Load opens.
type Need struct {
	Transport bool // proxy role
	Master    bool // keys role
}

// Keys are the loaded secrets; fields not needed are nil.
type Keys struct {
	TxKey     *ecdsa.PrivateKey
	Address   common.Address
	Transport *transport.PrivateKey
	Master    *cpabe.MasterKey
}

// Load decrypts the transaction key and what need asks for from dir.
func Load(dir string, pass keyfile.Passphrase, need Need) (*Keys, error) {
	if pass.IsZero() {
		return nil, keyfile.ErrNoPassphrase
	}
	path := filepath.Join(dir, TxKeyFile)
	if err := checkPrivate(path); err != nil {
		return nil, err
	}
	ks, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	key, err := keystore.DecryptKey(ks, string(pass.Reveal()))
	if err != nil {
		return nil, fmt.Errorf("keyring: %s: %w", path, err)
	}
	k := &Keys{TxKey: key.PrivateKey, Address: key.Address}
	if need.Transport {
		b, err := keyfile.Open(filepath.Join(dir, TransportFile), KindTransport, pass)
		if err != nil {
			return nil, fmt.Errorf("keyring: %w", err)
		}
		k.Transport = new(transport.PrivateKey)
		if err := k.Transport.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("keyring: transport key: %w", err)
		}
	}
	if need.Master {
		b, err := keyfile.Open(filepath.Join(dir, MasterFile), KindMasterKey, pass)
		if err != nil {
			return nil, fmt.Errorf("keyring: %w", err)
		}
		k.Master = new(cpabe.MasterKey)
		if err := k.Master.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("keyring: master key: %w", err)
		}
	}
	return k, nil
}

func checkPrivate(path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return fmt.Errorf("keyring: %w: %s has mode %v", keyfile.ErrPermissions, path, st.Mode().Perm())
	}
	return nil
}

// ReadInfo reads dir's oracle.json.
func ReadInfo(dir string) (*Info, error) {
	b, err := os.ReadFile(filepath.Join(dir, InfoFile))
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	var info Info
	if err := json.Unmarshal(b, &info); err != nil {
		return nil, fmt.Errorf("keyring: %s: %w", InfoFile, err)
	}
	if len(info.TransportKey) != transport.PublicKeySize {
		return nil, fmt.Errorf("keyring: %s: transport key of %d bytes", InfoFile, len(info.TransportKey))
	}
	return &info, nil
}

// ReadPublicKey reads dir's CP-ABE public key file.
func ReadPublicKey(dir string) (*cpabe.PublicKey, error) {
	b, err := os.ReadFile(filepath.Join(dir, PublicKeyFile))
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	pk := new(cpabe.PublicKey)
	if err := pk.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("keyring: %s: %w", PublicKeyFile, err)
	}
	return pk, nil
}
