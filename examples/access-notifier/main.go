// Command access-notifier tells a patient, as it happens, whenever someone reads one of their
// records. It signs in to the indexer as the patient, registers a webhook for the patient's
// access-fulfilled entries pointing at its own loopback HTTP server, verifies each delivery's
// signature and timestamp, drops duplicates by idempotency key and prints one line per read:
//
//	2026-11-21T10:00:00Z: provider 0x5f2a… read record 0x9c41… v1 (access 3)
//
// Run it against `emrchain devnet` (see README.md):
//
//	EMRCHAIN_PASSWORD=devnet go run ./examples/access-notifier --indexer http://127.0.0.1:PORT \
//	    --identity ~/.emrchain/identities/patient
package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/identity"
	"github.com/emrchain/emrchain/simulated"
)

func main() {
	indexer := flag.String("indexer", "http://127.0.0.1:8780", "indexer `URL` (emrchain devnet prints it; emrchain indexer run listens on 127.0.0.1:8780)")
	idDir := flag.String("identity", defaultIdentity(), "identity `DIR` of the patient (emrchain devnet writes <data-dir>/identities/patient)")
	passFile := flag.String("password-file", "", "`FILE` holding the identity's passphrase (default: $EMRCHAIN_PASSWORD)")
	devAccount := flag.String("dev-account", "", "sign in with the devnet's deterministic key for `NAME` (e.g. patient) instead of an identity")
	listen := flag.String("listen", "127.0.0.1:0", "loopback `ADDRESS` of the webhook receiver")
	flag.Parse()

	key, err := loadKey(*idDir, *passFile, *devAccount)
	if err != nil {
		log.Fatal(err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	cfg := Config{Indexer: strings.TrimRight(*indexer, "/"), Key: key, Listen: *listen, Out: os.Stdout, Log: os.Stderr}
	if err := Run(ctx, cfg); err != nil {
		log.Fatal(err)
	}
}

func defaultIdentity() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return filepath.Join(".emrchain", "identities", "patient")
	}
	return filepath.Join(home, ".emrchain", "identities", "patient")
}

// loadKey returns the patient's account key: the devnet's published development key for a cast
// name, or the account key in an identity directory.
func loadKey(dir, passFile, devAccount string) (*ecdsa.PrivateKey, error) {
	if devAccount != "" {
		return simulated.DevAccount(devAccount).Key, nil
	}
	pass, err := keyfile.ReadPassphrase(passFile, "EMRCHAIN_PASSWORD")
	if err != nil {
		return nil, fmt.Errorf("passphrase for %s: %w", dir, err)
	}
	id, err := identity.Load(dir, filepath.Base(dir), pass)
	if errors.Is(err, identity.ErrNoIdentity) {
		return nil, fmt.Errorf("%w: start `emrchain devnet` first, or pass --identity or --dev-account", err)
	}
	if err != nil {
		return nil, err
	}
	return id.Key, nil
}
