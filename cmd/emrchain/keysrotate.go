package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
	"github.com/emrchain/emrchain/identity"
)

func keysRotateCommand() *cli.Command {
	return &cli.Command{
		Name:  "rotate",
		Usage: "replace an identity's PRE and transport keys, on chain (Registry.rotateKeys) and in its directory",
		Description: "Draws new PRE and transport key pairs, writes them beside the old ones, enrols their public halves and, once " +
			"that is mined, puts them in place of the old ones, which are destroyed. From then on grants re-encrypt to the new " +
			"PRE key and record drafts are sealed to the new transport key. A grant made before the rotation re-encrypts to " +
			"the old key, which no longer exists here: ask the patient for a new grant. The account key stays (it is the " +
			"identity). A suspended participant may rotate. If the command is interrupted, run it again: it finishes the " +
			"rotation the chain already holds, or starts over if the chain never took it. A patient's record seed is " +
			"rotated with `emrchain record rewrap`.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Usage: "the identity `DIR` whose keys to rotate (required)"},
			&cli.BoolFlag{Name: "light", Usage: "cheap key derivation for the new key files, for development keys only"},
		},
		Action: action(keysRotate),
	}
}

func keysRotate(s *session) error {
	dir, err := requireString(s.c, "dir", "the identity directory whose keys to rotate")
	if err != nil {
		return err
	}
	if fi, err := os.Stat(filepath.Join(dir, identity.AccountFile)); err != nil || fi.IsDir() {
		return fmt.Errorf("%s holds no identity: create one with `emrchain keys new --dir %s --name NAME`", dir, dir)
	}
	if err := checkKeyDir(dir, "identity", identity.AccountFile, identity.PREFile, identity.TransportFile,
		identity.PREFile+identity.StagedSuffix, identity.TransportFile+identity.StagedSuffix); err != nil {
		return err
	}
	pass, err := s.passphrase("")
	if err != nil {
		return err
	}
	id, err := identity.Load(dir, filepath.Base(filepath.Clean(dir)), pass)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	p, err := env.Participant(s.ctx, id.Address())
	if err != nil {
		return fmt.Errorf("read enrolment of %s: %w", id.Address(), err)
	}
	if p.Role == 0 {
		return fmt.Errorf("%s is not enrolled: there are no enrolled keys to rotate (a registrar enrols it with `emrchain participant enroll`)", id.Address())
	}

	// A rotation interrupted earlier: the chain says which keys are enrolled.
	stagedPRE, stagedT, err := identity.LoadStaged(dir, pass)
	switch {
	case err == nil:
		if enrolledAre(p.PreKey, p.TransportKey, stagedPRE, stagedT) || stagedPRE == nil || stagedT == nil {
			if err := identity.CommitStaged(dir); err != nil {
				return err
			}
			return s.out.emit(kv("account", id.Address()), kv("dir", dir), kv("status", "rotated (finished the rotation interrupted earlier; it was already on chain)"))
		}
		s.log.Info().Str("dir", dir).Msg("keys staged by an earlier rotation never reached the chain; starting over")
	case !errors.Is(err, os.ErrNotExist):
		return err
	}

	next, err := client.NewIdentity(id.Name, id.Key, nil)
	if err != nil {
		return err
	}
	strength := identity.Standard
	if s.c.Bool("light") {
		strength = identity.Light
	}
	if err := identity.StageKeys(dir, next.PRE, next.Transport, pass, strength, nil); err != nil {
		return err
	}
	tx, err := env.RotateKeys(s.ctx, id, next.PRE.Public(), next.Transport.Public())
	if err != nil {
		// Only a refused transaction is surely not on chain; otherwise the staged keys stay for
		// the next run to settle.
		if isReverted(err) {
			_ = identity.DiscardStaged(dir)
		}
		return err
	}
	if err := identity.CommitStaged(dir); err != nil {
		return fmt.Errorf("the new keys are enrolled (%s) but not yet in place: %w; run `emrchain keys rotate --dir %s` again", tx.Hash.Hex(), err, dir)
	}
	return s.out.emit(kv("account", id.Address()), kv("dir", dir), kv("status", "rotated"),
		kv("preKey", mustMarshal(next.PRE.Public())), kv("transportKey", mustMarshal(next.Transport.Public())), kv("tx", tx))
}

// enrolledAre reports whether the chain's enrolment holds exactly these keys' public halves.
func enrolledAre(preKey []byte, tk [32]byte, sk *pre.PrivateKey, t *transport.PrivateKey) bool {
	if sk == nil || t == nil {
		return false
	}
	return string(mustMarshal(sk.Public())) == string(preKey) && string(mustMarshal(t.Public())) == string(tk[:])
}

type binaryMarshaler interface{ MarshalBinary() ([]byte, error) }

// mustMarshal encodes a public key whose encoding cannot fail once it parsed.
func mustMarshal(k binaryMarshaler) []byte {
	b, _ := k.MarshalBinary()
	return b
}
