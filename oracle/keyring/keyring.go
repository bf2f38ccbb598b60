// Package keyring creates and loads the oracle's keys. The oracle runs in one of two roles, each
// on its own host with its own account, and a key directory holds only its role's secrets:
//
//	both roles
//	<dir>/tx-key.json         Ethereum transaction key: go-ethereum keystore v3 (scrypt, AES-128-CTR), 0600
//	<dir>/transport.key       X25519 transport private key: crypto/keyfile, kind "transport-x25519", 0600
//	<dir>/oracle.json         public summary for the registrar: role, address, transport key, 0644
//	keys role (enrolled as an Oracle; answers CP-ABE key requests)
//	<dir>/cpabe-master.key    CP-ABE (FAME) master key: crypto/keyfile, kind "cpabe-master", 0600
//	<dir>/cpabe-public.key    CP-ABE public key, cpabe.PublicKey.MarshalBinary (1,346 bytes), 0644
//	proxy role (enrolled as a Proxy; a member of ProxyNetwork committees), written while it runs
//	<dir>/dkg/committee-<c>-<id>.key    its DKG key for committee c (crypto/dkg), 0600
//	<dir>/dkg/committee-<c>-<id>.share  its share x_i of committee c's key, once the DKG finished, 0600
//
// <id> is the first 8 bytes of dkg.CommitteeID in hex (chain, ProxyNetwork address, committee),
// and the keyfile kind names 16 of its bytes, so a DKG file moved to another committee or
// deployment does not open. A DKG key is fresh for each committee, as crypto/dkg advises:
// whoever learns it can decrypt that member's shares from the chain, so one key for all
// committees would expose all of them at once.
//
// Every secret has its own passphrase (Passphrases); a development machine may give all of them
// the same one (Same). Load refuses a proxy directory that holds the CP-ABE master key and a
// keys directory that holds DKG material: a host holds only the secrets of its role. The "all"
// role keeps both roles' secrets in one directory, for a single-process development oracle only.
package keyring

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
	// DKGDir holds a proxy's per-committee DKG keys and shares.
	DKGDir = "dkg"

	KindTransport = "transport-x25519"
	KindMasterKey = "cpabe-master"
)

var (
	// ErrExists means Init found key files already in place; it never overwrites a key.
	ErrExists = errors.New("keyring: key files already exist")
	// ErrForeignSecret means a key directory holds a secret of the other role.
	ErrForeignSecret = errors.New("keyring: key directory holds another role's secret")
)

// Role is what an oracle process does, and so which secrets its host holds.
type Role string

// Roles. The proxy and the key issuer run as separate processes with separate accounts and
// keys (seed 004 keeps the proxy apart from the authority); "all" runs the single development
// oracle of earlier releases, both in one.
const (
	RoleKeys  Role = "keys"
	RoleProxy Role = "proxy"
	RoleAll   Role = "all"
)

// Proxy reports whether the role serves as a committee member (DKG, fragments, shares).
func (r Role) Proxy() bool { return r == RoleProxy || r == RoleAll }

// Keys reports whether the role issues CP-ABE keys.
func (r Role) Keys() bool { return r == RoleKeys || r == RoleAll }

// EnrolAs is the Registry role the admin enrols this role's account with.
func (r Role) EnrolAs() string {
	if r == RoleProxy {
		return "proxy"
	}
	return "oracle"
}

// ParseRole parses "keys", "proxy" or "all".
func ParseRole(s string) (Role, error) {
	switch r := Role(s); r {
	case RoleKeys, RoleProxy, RoleAll:
		return r, nil
	}
	return "", fmt.Errorf("role %q: want keys, proxy or all", s)
}

// Passphrases holds one passphrase per secret. A zero passphrase is allowed only for a secret
// the role does not hold.
type Passphrases struct {
	Tx        keyfile.Passphrase // tx-key.json
	Transport keyfile.Passphrase // transport.key
	Master    keyfile.Passphrase // cpabe-master.key (keys role)
	DKG       keyfile.Passphrase // dkg/*.key (proxy role)
	Share     keyfile.Passphrase // dkg/*.share (proxy role)
}

// Same gives every secret the passphrase p.
func Same(p keyfile.Passphrase) Passphrases {
	return Passphrases{Tx: p, Transport: p, Master: p, DKG: p, Share: p}
}

// need reports the passphrases role requires that are missing; running adds those of the
// secrets a proxy writes while it runs.
func (p Passphrases) need(role Role, running bool) error {
	var missing []string
	if p.Tx.IsZero() {
		missing = append(missing, "transaction key")
	}
	if p.Transport.IsZero() {
		missing = append(missing, "transport key")
	}
	if role.Keys() && p.Master.IsZero() {
		missing = append(missing, "CP-ABE master key")
	}
	if running && role.Proxy() && p.DKG.IsZero() {
		missing = append(missing, "DKG keys")
	}
	if running && role.Proxy() && p.Share.IsZero() {
		missing = append(missing, "DKG shares")
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w for the %s", keyfile.ErrNoPassphrase, strings.Join(missing, ", "))
	}
	return nil
}

// Info is the public part of an oracle's keys, written to oracle.json: what a registrar enrols
// (address, transport key and role) and, for the keys role, what clients check the CP-ABE public
// key file against.
type Info struct {
	Role               Role           `json:"role"`
	Address            common.Address `json:"address"`
	TransportKey       hexutil.Bytes  `json:"transportKey"`
	CPABEPublicKeyHash hexutil.Bytes  `json:"cpabePublicKeySha256,omitempty"`
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

func (o InitOptions) params() keyfile.Params {
	if o.Light {
		return keyfile.Light
	}
	return keyfile.Standard
}

// Init creates role's key files in dir (created 0700 if missing) and returns the public summary.
// It fails with ErrExists if dir holds any oracle key file already, of whichever role.
func Init(dir string, role Role, pass Passphrases, opts InitOptions) (*Info, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	// The DKG passphrases are needed only once the proxy runs and joins a committee.
	if err := pass.need(role, false); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	for _, f := range []string{TxKeyFile, TransportFile, MasterFile, PublicKeyFile, InfoFile, DKGDir} {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return nil, fmt.Errorf("%w: %s", ErrExists, filepath.Join(dir, f))
		} else if !errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("keyring: %w", err)
		}
	}
	params, scryptN, scryptP := opts.params(), keystore.StandardScryptN, keystore.StandardScryptP
	if opts.Light {
		scryptN, scryptP = keystore.LightScryptN, keystore.LightScryptP
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
	ks, err := keystore.EncryptKey(&keystore.Key{Id: uuid.New(), Address: addr, PrivateKey: txKey}, string(pass.Tx.Reveal()), scryptN, scryptP)
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
	info := &Info{Role: role, Address: addr, TransportKey: tpub}

	var mskBytes, pkBytes []byte
	if role.Keys() {
		pk, msk, err := cpabe.Setup(opts.Random)
		if err != nil {
			return nil, fmt.Errorf("keyring: CP-ABE setup: %w", err)
		}
		if mskBytes, err = msk.MarshalBinary(); err != nil {
			return nil, fmt.Errorf("keyring: CP-ABE master key: %w", err)
		}
		if pkBytes, err = pk.MarshalBinary(); err != nil {
			return nil, fmt.Errorf("keyring: CP-ABE public key: %w", err)
		}
		h := sha256.Sum256(pkBytes)
		info.CPABEPublicKeyHash = h[:]
	}
	infoJSON, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}

	if err := writeNew(filepath.Join(dir, TxKeyFile), ks, 0o600); err != nil {
		return nil, err
	}
	if err := keyfile.Create(filepath.Join(dir, TransportFile), opts.Random, KindTransport, tkBytes, pass.Transport, params); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	if role.Keys() {
		if err := keyfile.Create(filepath.Join(dir, MasterFile), opts.Random, KindMasterKey, mskBytes, pass.Master, params); err != nil {
			return nil, fmt.Errorf("keyring: %w", err)
		}
		if err := writeNew(filepath.Join(dir, PublicKeyFile), pkBytes, 0o644); err != nil {
			return nil, err
		}
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

// Keys are the loaded secrets of one role; fields the role does not hold are nil.
type Keys struct {
	Role      Role
	TxKey     *ecdsa.PrivateKey
	Address   common.Address
	Transport *transport.PrivateKey
	// Master is the CP-ABE master key (keys role).
	Master *cpabe.MasterKey
	// Committees keeps the DKG keys and shares (proxy role).
	Committees *CommitteeKeys
}

// Load decrypts role's secrets from dir, each with its own passphrase. It refuses a directory
// that holds a secret of the other role (ErrForeignSecret), unless role is RoleAll.
func Load(dir string, role Role, pass Passphrases) (*Keys, error) {
	if _, err := ParseRole(string(role)); err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	if err := pass.need(role, true); err != nil {
		return nil, err
	}
	if err := CheckRole(dir, role); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, TxKeyFile)
	if err := checkPrivate(path); err != nil {
		return nil, err
	}
	ks, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	key, err := keystore.DecryptKey(ks, string(pass.Tx.Reveal()))
	if err != nil {
		return nil, fmt.Errorf("keyring: %s: %w", path, err)
	}
	k := &Keys{Role: role, TxKey: key.PrivateKey, Address: key.Address}
	b, err := keyfile.Open(filepath.Join(dir, TransportFile), KindTransport, pass.Transport)
	if err != nil {
		return nil, fmt.Errorf("keyring: %w", err)
	}
	k.Transport = new(transport.PrivateKey)
	if err := k.Transport.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("keyring: transport key: %w", err)
	}
	if role.Keys() {
		b, err := keyfile.Open(filepath.Join(dir, MasterFile), KindMasterKey, pass.Master)
		if err != nil {
			return nil, fmt.Errorf("keyring: %w", err)
		}
		k.Master = new(cpabe.MasterKey)
		if err := k.Master.UnmarshalBinary(b); err != nil {
			return nil, fmt.Errorf("keyring: master key: %w", err)
		}
	}
	if role.Proxy() {
		k.Committees = &CommitteeKeys{dir: filepath.Join(dir, DKGDir), dkgPass: pass.DKG, sharePass: pass.Share, params: keyfile.Standard}
	}
	return k, nil
}

// CheckRole reports a key directory that holds a secret role must not hold: the CP-ABE master
// key in a proxy's directory, DKG keys or shares in the keys role's.
func CheckRole(dir string, role Role) error {
	if role == RoleProxy {
		if _, err := os.Stat(filepath.Join(dir, MasterFile)); err == nil {
			return fmt.Errorf("%w: %s holds the CP-ABE master key, which a proxy host must not hold; move it to the keys host", ErrForeignSecret, dir)
		}
	}
	if role == RoleKeys {
		entries, err := os.ReadDir(filepath.Join(dir, DKGDir))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("keyring: %w", err)
		}
		if len(entries) > 0 {
			return fmt.Errorf("%w: %s holds DKG keys or shares, which the keys host must not hold; run the proxy with its own key directory", ErrForeignSecret, filepath.Join(dir, DKGDir))
		}
	}
	return nil
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

// ReadInfo reads dir's oracle.json. A summary written before roles existed reads as RoleAll.
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
	if info.Role == "" {
		info.Role = RoleAll
	}
	if _, err := ParseRole(string(info.Role)); err != nil {
		return nil, fmt.Errorf("keyring: %s: %w", InfoFile, err)
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

// shortID is the file-name part of a committee id.
func shortID(id [32]byte) string { return hex.EncodeToString(id[:8]) }

// kindFor binds a DKG file's keyfile kind to its committee.
func kindFor(what string, id [32]byte) string { return what + "." + hex.EncodeToString(id[:16]) }

// PassphraseFiles names a passphrase file for each secret; an empty name means the default
// passphrase.
type PassphraseFiles struct {
	Tx, Transport, Master, DKG, Share string
}

// ReadPassphrases reads the passphrase of each secret role holds (with running, also those of
// the secrets a proxy writes while it runs) with read from its file in f, and gives the secrets
// without a file the passphrase def returns. def is called at most once, and only when some
// needed secret has no file of its own.
func ReadPassphrases(role Role, running bool, f PassphraseFiles, read func(file string) (keyfile.Passphrase, error), def func() (keyfile.Passphrase, error)) (Passphrases, error) {
	var out Passphrases
	var fallback *keyfile.Passphrase
	one := func(file string, dst *keyfile.Passphrase) error {
		if file != "" {
			p, err := read(file)
			if err != nil {
				return err
			}
			*dst = p
			return nil
		}
		if fallback == nil {
			p, err := def()
			if err != nil {
				return err
			}
			fallback = &p
		}
		*dst = *fallback
		return nil
	}
	for _, s := range []struct {
		need bool
		file string
		dst  *keyfile.Passphrase
	}{
		{true, f.Tx, &out.Tx}, {true, f.Transport, &out.Transport}, {role.Keys(), f.Master, &out.Master},
		{running && role.Proxy(), f.DKG, &out.DKG}, {running && role.Proxy(), f.Share, &out.Share},
	} {
		if !s.need {
			continue
		}
		if err := one(s.file, s.dst); err != nil {
			return Passphrases{}, err
		}
	}
	return out, nil
}
