package identity_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/identity"
)

// A rotation's keys stay staged until committed; a crash between the two renames leaves one
// staged file, which the next commit finishes; the keys in use are never lost on the way.
func TestStagedKeysCommitAndResume(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "alice")
	pass := keyfile.NewPassphrase([]byte("correct horse"))
	id, err := identity.Create(dir, "alice", nil, pass, identity.Light, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := identity.LoadStaged(dir, pass); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("nothing staged: %v, want ErrNotExist", err)
	}
	next, err := client.NewIdentity("alice", id.Key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := identity.StageKeys(dir, next.PRE, next.Transport, pass, identity.Light, nil); err != nil {
		t.Fatal(err)
	}
	loaded, err := identity.Load(dir, "alice", pass)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.PRE.Public().Equal(id.PRE.Public()) {
		t.Fatal("staging replaced the PRE key in use")
	}
	sk, tk, err := identity.LoadStaged(dir, pass)
	if err != nil || !sk.Public().Equal(next.PRE.Public()) || !tk.Public().Equal(next.Transport.Public()) {
		t.Fatalf("staged keys: %v", err)
	}
	// The crash: the PRE key renamed, the transport key not yet.
	if err := os.Rename(filepath.Join(dir, identity.PREFile+identity.StagedSuffix), filepath.Join(dir, identity.PREFile)); err != nil {
		t.Fatal(err)
	}
	if sk, tk, err := identity.LoadStaged(dir, pass); err != nil || sk != nil || tk == nil {
		t.Fatalf("half-committed: pre %v, transport %v, %v", sk, tk, err)
	}
	if err := identity.CommitStaged(dir); err != nil {
		t.Fatal(err)
	}
	loaded, err = identity.Load(dir, "alice", pass)
	if err != nil {
		t.Fatal(err)
	}
	if !loaded.PRE.Public().Equal(next.PRE.Public()) || !loaded.Transport.Public().Equal(next.Transport.Public()) || loaded.Address() != id.Address() {
		t.Fatal("the committed identity does not hold the new keys under the same account")
	}
	if _, _, err := identity.LoadStaged(dir, pass); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("staged keys left after commit: %v", err)
	}
}

// A staged seed is never replaced (it may already wrap records) and becomes the seed only on
// commit.
func TestStagedSeed(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "alice")
	pass := keyfile.NewPassphrase([]byte("correct horse"))
	if _, err := identity.Create(dir, "alice", nil, pass, identity.Light, nil); err != nil {
		t.Fatal(err)
	}
	old, err := identity.CreateSeed(dir, pass, identity.Light, nil)
	if err != nil {
		t.Fatal(err)
	}
	staged, err := identity.StageSeed(dir, pass, identity.Light, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := identity.StageSeed(dir, pass, identity.Light, nil); err == nil {
		t.Fatal("a second staged seed replaced the first")
	}
	if got, err := identity.LoadStagedSeed(dir, pass); err != nil || !got.Equal(staged) {
		t.Fatalf("staged seed: %v", err)
	}
	if got, err := identity.LoadSeed(dir, pass); err != nil || !got.Equal(old) {
		t.Fatalf("the seed in use changed before the commit: %v", err)
	}
	if err := identity.CommitSeed(dir); err != nil {
		t.Fatal(err)
	}
	if got, err := identity.LoadSeed(dir, pass); err != nil || !got.Equal(staged) {
		t.Fatalf("after commit: %v", err)
	}
	if _, err := identity.LoadStagedSeed(dir, pass); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("staged seed left after commit: %v", err)
	}
}
