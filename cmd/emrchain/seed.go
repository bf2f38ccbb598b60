package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/identity"
)

// seedPasswordEnv holds the record seed's passphrase when no --seed-password-file is given. The
// seed has its own passphrase: the account's does not open it.
const seedPasswordEnv = envPrefix + "SEED_PASSWORD"

// seedPasswordFlag names the passphrase file of a record seed; prefix distinguishes the patient's
// seed when another identity acts (record put --patient-identity).
func seedPasswordFlag(prefix string) cli.Flag {
	name := prefix + "seed-password-file"
	return &cli.StringFlag{Name: name,
		Usage:   "`FILE` holding the passphrase of the patient's record seed (default: $" + seedPasswordEnv + ", else asked on the terminal)",
		EnvVars: []string{envPrefix + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))}}
}

// seedPassphrase reads the record seed's passphrase: its own file flag, then $EMRCHAIN_SEED_PASSWORD,
// then the terminal. It never falls back to the identity's passphrase.
func (s *session) seedPassphrase(fileFlag string, isNew bool) (keyfile.Passphrase, error) {
	var (
		p   keyfile.Passphrase
		err error
	)
	switch file := s.c.String(fileFlag); {
	case file != "":
		p, err = readPassphraseFile(file)
	case os.Getenv(seedPasswordEnv) != "":
		p = keyfile.NewPassphrase([]byte(os.Getenv(seedPasswordEnv)))
	default:
		prompt := "Passphrase of the record seed"
		if isNew {
			prompt = fmt.Sprintf("Passphrase for the new record seed (at least %d characters, not the account's)", minPassphraseLen)
		}
		p, err = promptPassphrase(prompt, isNew)
		if errors.Is(err, errNoPassphrase) {
			return p, fmt.Errorf("%w for the record seed: pass --%s FILE or set $%s (or run on a terminal to be asked)", err, fileFlag, seedPasswordEnv)
		}
	}
	if err != nil {
		return p, err
	}
	if isNew {
		if err := checkNewPassphrase(p); err != nil {
			return keyfile.Passphrase{}, err
		}
	}
	return p, nil
}

// loadSeed opens the record seed of the identity in dir into id: the patient's steps that derive
// per-record or index keys need it.
func (s *session) loadSeed(id *client.Identity, dir, fileFlag string) error {
	if err := checkKeyDir(dir, "identity", identity.SeedFile); err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, identity.SeedFile)); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("identity %s has no record seed, which a patient's approvals, grants and index need: create it with `emrchain keys seed --dir %s`", dir, dir)
	}
	pass, err := s.seedPassphrase(fileFlag, false)
	if err != nil {
		return err
	}
	seed, err := identity.LoadSeed(dir, pass)
	if err != nil {
		return err
	}
	id.Seed = seed
	return nil
}

// patientFrom loads the --as identity with its record seed.
func (s *session) patientFrom(what string) (*client.Identity, error) {
	id, err := s.identityFrom("as", "", what)
	if err != nil {
		return nil, err
	}
	if err := s.loadSeed(id, s.c.String("as"), "seed-password-file"); err != nil {
		return nil, err
	}
	return id, nil
}

func keysSeedCommand() *cli.Command {
	return &cli.Command{
		Name:  "seed",
		Usage: "create a patient's record seed in an identity directory (its own file and passphrase)",
		Description: "Every per-record key and index key of the patient derives from the seed: back it up. " +
			"Its passphrase comes from --seed-password-file or $" + seedPasswordEnv + ", or is asked for on the terminal; " +
			"it should not be the account's.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "the patient's identity directory (required)"},
			&cli.BoolFlag{Name: "light", Usage: "cheap key derivation, for development keys only"},
			seedPasswordFlag(""),
		},
		Action: action(keysSeed),
	}
}

func keysSeed(s *session) error {
	dir, err := requireString(s.c, "dir", "the patient's identity directory")
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, identity.AccountFile)); err != nil {
		return fmt.Errorf("%s holds no identity: create it with `emrchain keys new --dir %s --name NAME` first", dir, dir)
	}
	if _, err := os.Stat(filepath.Join(dir, identity.SeedFile)); err == nil {
		return fmt.Errorf("%s already has a record seed; a new one would orphan every record key it derives", filepath.Join(dir, identity.SeedFile))
	}
	if err := checkKeyDir(dir, "identity"); err != nil {
		return err
	}
	pass, err := s.seedPassphrase("seed-password-file", true)
	if err != nil {
		return err
	}
	strength := identity.Standard
	if s.c.Bool("light") {
		strength = identity.Light
	}
	if _, err := identity.CreateSeed(dir, pass, strength, nil); err != nil {
		return fmt.Errorf("create record seed: %w", err)
	}
	return s.out.emit(kv("dir", dir), kv("seed", filepath.Join(dir, identity.SeedFile)),
		kv("note", "back up the seed file and its passphrase: they restore every record key"))
}
