package keyring

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/shamir"
)

func pass(s string) keyfile.Passphrase { return keyfile.NewPassphrase([]byte(s)) }

// distinct gives every secret its own passphrase.
func distinct() Passphrases {
	return Passphrases{Tx: pass("tx secret"), Transport: pass("transport secret"), Master: pass("master secret"), DKG: pass("dkg secret"), Share: pass("share secret")}
}

func files(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func TestInitLoadKeysRole(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "keys")
	p := distinct()
	info, err := Init(dir, RoleKeys, p, InitOptions{Light: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := files(t, dir), []string{MasterFile, PublicKeyFile, InfoFile, TransportFile, TxKeyFile}; !slices.Equal(got, want) {
		t.Fatalf("keys role wrote %v, want %v", got, want)
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
	k, err := Load(dir, RoleKeys, p)
	if err != nil {
		t.Fatal(err)
	}
	if k.Address != info.Address || crypto.PubkeyToAddress(k.TxKey.PublicKey) != info.Address {
		t.Fatal("transaction key does not match the summary's address")
	}
	if k.Committees != nil {
		t.Fatal("the keys role got DKG storage")
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
	if err != nil || read.Address != info.Address || read.TransportKey32() != [32]byte(tpub) || read.Role != RoleKeys {
		t.Fatalf("ReadInfo: %+v %v", read, err)
	}

	// Each secret opens only with its own passphrase.
	for name, swap := range map[string]func(*Passphrases){
		"tx":        func(q *Passphrases) { q.Tx = q.Master },
		"transport": func(q *Passphrases) { q.Transport = q.Tx },
		"master":    func(q *Passphrases) { q.Master = q.Transport },
	} {
		q := p
		swap(&q)
		if _, err := Load(dir, RoleKeys, q); err == nil {
			t.Fatalf("loaded with the %s key under another secret's passphrase", name)
		}
	}
	if _, err := Init(dir, RoleKeys, p, InitOptions{Light: true}); !errors.Is(err, ErrExists) {
		t.Fatalf("second Init: %v", err)
	}
	if err := os.Chmod(filepath.Join(dir, TxKeyFile), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, RoleKeys, p); !errors.Is(err, keyfile.ErrPermissions) {
		t.Fatalf("world-readable key: %v", err)
	}
}

func TestProxyRoleHoldsNoMasterKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "proxy")
	p := distinct()
	p.Master = keyfile.Passphrase{} // a proxy host has no such secret
	info, err := Init(dir, RoleProxy, p, InitOptions{Light: true})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := files(t, dir), []string{InfoFile, TransportFile, TxKeyFile}; !slices.Equal(got, want) {
		t.Fatalf("proxy role wrote %v, want %v", got, want)
	}
	if info.Role != RoleProxy || info.CPABEPublicKeyHash != nil || RoleProxy.EnrolAs() != "proxy" || RoleKeys.EnrolAs() != "oracle" {
		t.Fatalf("proxy summary: %+v", info)
	}
	k, err := Load(dir, RoleProxy, p)
	if err != nil {
		t.Fatal(err)
	}
	if k.Master != nil || k.Committees == nil || k.Transport == nil {
		t.Fatalf("proxy keys: %+v", k)
	}
	// Without the passphrases of the DKG files the proxy cannot run.
	q := p
	q.Share = keyfile.Passphrase{}
	if _, err := Load(dir, RoleProxy, q); !errors.Is(err, keyfile.ErrNoPassphrase) {
		t.Fatalf("proxy without a share passphrase: %v", err)
	}

	// A master key copied onto the proxy host makes the proxy refuse to start.
	keysDir := filepath.Join(t.TempDir(), "keys")
	if _, err := Init(keysDir, RoleKeys, distinct(), InitOptions{Light: true}); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(filepath.Join(keysDir, MasterFile))
	if err := os.WriteFile(filepath.Join(dir, MasterFile), b, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(dir, RoleProxy, p); !errors.Is(err, ErrForeignSecret) {
		t.Fatalf("proxy with a master key: %v", err)
	}
	// And DKG material on the keys host makes the key issuer refuse.
	if err := os.MkdirAll(filepath.Join(keysDir, DKGDir), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(keysDir, DKGDir, "committee-1-00.share"), []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(keysDir, RoleKeys, distinct()); !errors.Is(err, ErrForeignSecret) {
		t.Fatalf("keys host with a share: %v", err)
	}
}

func TestCommitteeKeys(t *testing.T) {
	dir := t.TempDir()
	ck := NewCommitteeKeys(filepath.Join(dir, DKGDir), pass("dkg secret"), pass("share secret"), true)
	c1 := Committee{Number: 1, ID: dkg.CommitteeID(31337, [20]byte{1}, 1)}
	c2 := Committee{Number: 1, ID: dkg.CommitteeID(31337, [20]byte{2}, 1)} // same number, another contract

	k1, created, err := ck.DKGKey(c1, nil)
	if err != nil || !created {
		t.Fatalf("first DKG key: %v %v", created, err)
	}
	again, created, err := ck.DKGKey(c1, nil)
	if err != nil || created || !again.Public().Equal(k1.Public()) {
		t.Fatalf("the DKG key was not kept: created %v, err %v", created, err)
	}
	k2, _, err := ck.DKGKey(c2, nil)
	if err != nil || k2.Public().Equal(k1.Public()) {
		t.Fatalf("another committee got the same key (%v)", err)
	}
	st, err := os.Stat(ck.KeyPath(c1))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("DKG key file: %v %v", st, err)
	}
	// A DKG key file moved to another committee's name does not open there.
	if err := os.Rename(ck.KeyPath(c1), ck.KeyPath(Committee{Number: 7, ID: c1.ID})); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(ck.KeyPath(c2), ck.KeyPath(c1)); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ck.LoadDKGKey(c1); !errors.Is(err, keyfile.ErrKind) {
		t.Fatalf("moved DKG key: %v", err)
	}

	var s shamir.Share
	s.Index = 2
	s.Value.SetUint64(12345)
	if _, ok, err := ck.LoadShare(c1); ok || err != nil {
		t.Fatalf("share before saving: %v %v", ok, err)
	}
	if err := ck.SaveShare(c1, &s); err != nil {
		t.Fatal(err)
	}
	if err := ck.SaveShare(c1, &s); err != nil {
		t.Fatalf("saving the same share again: %v", err)
	}
	other := s
	other.Value.SetUint64(999)
	if err := ck.SaveShare(c1, &other); err == nil {
		t.Fatal("a different share replaced the saved one")
	}
	got, ok, err := ck.LoadShare(c1)
	if err != nil || !ok || got.Index != 2 || !got.Value.Equal(&s.Value) {
		t.Fatalf("loaded share: %+v %v %v", got, ok, err)
	}
	// The share opens with the share passphrase only, not the DKG key's.
	wrong := NewCommitteeKeys(filepath.Join(dir, DKGDir), pass("share secret"), pass("dkg secret"), true)
	if _, _, err := wrong.LoadShare(c1); !errors.Is(err, keyfile.ErrDecryption) {
		t.Fatalf("share under the DKG passphrase: %v", err)
	}
}

func TestInitImportsTxKey(t *testing.T) {
	key, _ := crypto.GenerateKey()
	info, err := Init(t.TempDir(), RoleAll, Same(pass("p")), InitOptions{Light: true, TxKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if info.Address != crypto.PubkeyToAddress(key.PublicKey) {
		t.Fatal("imported key not used")
	}
	if _, err := Init(t.TempDir(), RoleKeys, Passphrases{Tx: pass("p"), Transport: pass("p")}, InitOptions{Light: true}); !errors.Is(err, keyfile.ErrNoPassphrase) {
		t.Fatalf("keys role without a master passphrase: %v", err)
	}
	if _, err := Init(t.TempDir(), "oracle", Same(pass("p")), InitOptions{Light: true}); err == nil {
		t.Fatal("unknown role accepted")
	}
}

func TestReadPassphrases(t *testing.T) {
	calls := 0
	def := func() (keyfile.Passphrase, error) { calls++; return pass("default"), nil }
	read := func(f string) (keyfile.Passphrase, error) { return pass("file:" + f), nil }
	p, err := ReadPassphrases(RoleProxy, true, PassphraseFiles{DKG: "d", Share: "s"}, read, def)
	if err != nil {
		t.Fatal(err)
	}
	if string(p.DKG.Reveal()) != "file:d" || string(p.Share.Reveal()) != "file:s" || string(p.Tx.Reveal()) != "default" || !p.Master.IsZero() || calls != 1 {
		t.Fatalf("passphrases: dkg %s share %s tx %s master zero %v, default read %d times", p.DKG.Reveal(), p.Share.Reveal(), p.Tx.Reveal(), p.Master.IsZero(), calls)
	}
	calls = 0
	if _, err := ReadPassphrases(RoleKeys, false, PassphraseFiles{Tx: "t", Transport: "r", Master: "m"}, read, def); err != nil || calls != 0 {
		t.Fatalf("every secret with its own file still read the default (%d, %v)", calls, err)
	}
}
