package keyring

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/shamir"
)

// Kinds of the DKG files, each followed by the committee it belongs to (kindFor).
const (
	kindDKGKey   = "dkg-key"
	kindDKGShare = "dkg-share"
)

// Committee names a ProxyNetwork committee: its number and dkg.CommitteeID (chain, contract,
// committee), which every DKG file is bound to.
type Committee struct {
	Number uint64
	ID     [32]byte
}

func (c Committee) base() string { return fmt.Sprintf("committee-%d-%s", c.Number, shortID(c.ID)) }

// CommitteeKeys keeps a proxy's DKG keys and shares, one pair of files per committee, each
// under its own passphrase. It is safe for concurrent use by one process.
type CommitteeKeys struct {
	dir       string
	dkgPass   keyfile.Passphrase
	sharePass keyfile.Passphrase
	params    keyfile.Params
}

// NewCommitteeKeys keeps DKG files in dir (a key directory's DKGDir) under the given
// passphrases. light selects cheap key derivation, for tests only.
func NewCommitteeKeys(dir string, dkgPass, sharePass keyfile.Passphrase, light bool) *CommitteeKeys {
	p := keyfile.Standard
	if light {
		p = keyfile.Light
	}
	return &CommitteeKeys{dir: dir, dkgPass: dkgPass, sharePass: sharePass, params: p}
}

// Light makes the files this keeps use cheap key derivation: for tests and development only.
func (k *CommitteeKeys) Light() { k.params = keyfile.Light }

// KeyPath and SharePath are where committee c's files live.
func (k *CommitteeKeys) KeyPath(c Committee) string   { return filepath.Join(k.dir, c.base()+".key") }
func (k *CommitteeKeys) SharePath(c Committee) string { return filepath.Join(k.dir, c.base()+".share") }

// DKGKey returns this node's DKG key for committee c, creating it from random (crypto/rand if
// nil) when there is none. It is written, synced, before it is returned, so the key a node
// registers on chain is always the one it can load again after a crash.
func (k *CommitteeKeys) DKGKey(c Committee, random io.Reader) (key *dkg.PrivateKey, created bool, err error) {
	key, ok, err := k.LoadDKGKey(c)
	if err != nil || ok {
		return key, false, err
	}
	if key, err = dkg.GenerateKey(random); err != nil {
		return nil, false, fmt.Errorf("keyring: %w", err)
	}
	b, err := key.MarshalBinary()
	if err != nil {
		return nil, false, fmt.Errorf("keyring: %w", err)
	}
	if err := os.MkdirAll(k.dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("keyring: %w", err)
	}
	if err := keyfile.Create(k.KeyPath(c), random, kindFor(kindDKGKey, c.ID), b, k.dkgPass, k.params); err != nil {
		return nil, false, fmt.Errorf("keyring: DKG key of committee %d: %w", c.Number, err)
	}
	return key, true, nil
}

// LoadDKGKey returns this node's DKG key for committee c; false when it has none.
func (k *CommitteeKeys) LoadDKGKey(c Committee) (*dkg.PrivateKey, bool, error) {
	b, err := keyfile.Open(k.KeyPath(c), kindFor(kindDKGKey, c.ID), k.dkgPass)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("keyring: DKG key of committee %d: %w", c.Number, err)
	}
	key := new(dkg.PrivateKey)
	if err := key.UnmarshalBinary(b); err != nil {
		return nil, false, fmt.Errorf("keyring: DKG key of committee %d: %w", c.Number, err)
	}
	return key, true, nil
}

// SaveShare writes this node's share of committee c's key. A share already there is left alone
// if it is the same and refused otherwise: the DKG's outcome is fixed by the chain, so two
// different shares mean something is badly wrong.
func (k *CommitteeKeys) SaveShare(c Committee, s *shamir.Share) error {
	have, ok, err := k.LoadShare(c)
	if err != nil {
		return err
	}
	if ok {
		if have.Index != s.Index || !have.Value.Equal(&s.Value) {
			return fmt.Errorf("keyring: committee %d: %s holds another share than the one the DKG gave", c.Number, k.SharePath(c))
		}
		return nil
	}
	b, err := s.MarshalBinary()
	if err != nil {
		return fmt.Errorf("keyring: share of committee %d: %w", c.Number, err)
	}
	if err := os.MkdirAll(k.dir, 0o700); err != nil {
		return fmt.Errorf("keyring: %w", err)
	}
	if err := keyfile.Create(k.SharePath(c), nil, kindFor(kindDKGShare, c.ID), b, k.sharePass, k.params); err != nil {
		return fmt.Errorf("keyring: share of committee %d: %w", c.Number, err)
	}
	return nil
}

// LoadShare returns this node's share of committee c's key; false when it has none.
func (k *CommitteeKeys) LoadShare(c Committee) (*shamir.Share, bool, error) {
	b, err := keyfile.Open(k.SharePath(c), kindFor(kindDKGShare, c.ID), k.sharePass)
	if errors.Is(err, os.ErrNotExist) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("keyring: share of committee %d: %w", c.Number, err)
	}
	s := new(shamir.Share)
	if err := s.UnmarshalBinary(b); err != nil {
		return nil, false, fmt.Errorf("keyring: share of committee %d: %w", c.Number, err)
	}
	return s, true, nil
}
