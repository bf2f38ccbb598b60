package identity_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/keystore"

	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/identity"
)

func TestCreateLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "alice")
	pass := keyfile.NewPassphrase([]byte("correct horse"))
	id, err := identity.Create(dir, "alice", nil, pass, identity.Light, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := identity.Load(dir, "alice", pass)
	if err != nil {
		t.Fatal(err)
	}
	if got.Address() != id.Address() || !got.PRE.Public().Equal(id.PRE.Public()) || !got.Transport.Public().Equal(id.Transport.Public()) {
		t.Fatal("loaded identity differs from the created one")
	}
	for _, f := range []string{identity.AccountFile, identity.PREFile, identity.TransportFile} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Fatalf("%s has mode %v, want 0600", f, st.Mode().Perm())
		}
	}
	if _, err := identity.Create(dir, "alice", nil, pass, identity.Light, nil); !errors.Is(err, os.ErrExist) {
		t.Fatalf("second create: %v, want ErrExist", err)
	}
	if _, err := identity.Load(dir, "alice", keyfile.NewPassphrase([]byte("wrong"))); err == nil {
		t.Fatal("wrong passphrase opened the identity")
	}
	// Each file must be bound to the passphrase itself, not to any stand-in for it.
	raw, err := os.ReadFile(filepath.Join(dir, identity.AccountFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := keystore.DecryptKey(raw, "correct horse"); err != nil {
		t.Fatalf("account file does not open with the passphrase: %v", err)
	}
	if _, err := keystore.DecryptKey(raw, "[redacted]"); err == nil {
		t.Fatal("account file opens with the redaction placeholder")
	}
	if _, err := identity.Load(t.TempDir(), "x", pass); !errors.Is(err, identity.ErrNoIdentity) {
		t.Fatalf("empty dir: %v, want ErrNoIdentity", err)
	}
}

func TestSeedOwnFileAndPassphrase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "patient")
	pass := keyfile.NewPassphrase([]byte("correct horse"))
	if _, err := identity.Create(dir, "patient", nil, pass, identity.Light, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := identity.LoadSeed(dir, pass); !errors.Is(err, identity.ErrNoSeed) {
		t.Fatalf("LoadSeed without a seed file: %v, want ErrNoSeed", err)
	}
	seedPass := keyfile.NewPassphrase([]byte("another passphrase"))
	seed, err := identity.CreateSeed(dir, seedPass, identity.Light, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := identity.CreateSeed(dir, seedPass, identity.Light, nil); err == nil {
		t.Fatal("a second CreateSeed replaced the seed")
	}
	if _, err := identity.LoadSeed(dir, pass); err == nil {
		t.Fatal("the identity's passphrase opened the seed")
	}
	got, err := identity.LoadSeed(dir, seedPass)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Equal(seed) {
		t.Fatal("loaded seed differs")
	}
	st, err := os.Stat(filepath.Join(dir, identity.SeedFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("seed file mode %v, want 0600", st.Mode().Perm())
	}
}
