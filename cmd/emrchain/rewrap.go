package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/identity"
)

func recordRewrapCommand() *cli.Command {
	return &cli.Command{
		Name:  "rewrap",
		Usage: "as the patient, rotate a record's key: a new capsule under the next key generation; grants of the old one stop working",
		Description: "The patient's client opens the record's capsule with her seed, derives the record version's key in the next " +
			"generation, wraps the same data key to it, and points the record at the new capsule (RecordRegistry.rewrapKey); the " +
			"old capsule object is removed from the store. From that block every grant made before is refused (KeyRewrapped): " +
			"grant again what should go on. With --new-seed the patient also replaces her record seed (a leaked seed or a " +
			"device lost): a new seed is staged beside the old one, every record is re-wrapped under it, and only then does it " +
			"replace the old seed, which is destroyed; run `emrchain index setup` afterwards so new index entries use it. " +
			"Interrupted, run the same command again: records already re-wrapped are skipped. What a grantee already read " +
			"stays read: only a new version re-encrypts the content. A version a guardian co-signed has no capsule yet: " +
			"pass its draft with --draft (its key is sealed to the patient too) to give it one.",
		Flags: []cli.Flag{
			asFlag("the patient"),
			recordFlag(),
			&cli.BoolFlag{Name: "all", Usage: "every active record of the patient (instead of --record)"},
			&cli.StringFlag{Name: "draft", Usage: "with --record, the `FILE` of the current version's draft, for a version a guardian co-signed: its first capsule is made from it"},
			&cli.BoolFlag{Name: "new-seed", Usage: "replace the record seed as well: needs --all"},
			&cli.BoolFlag{Name: "light", Usage: "with --new-seed, cheap key derivation for the new seed file, for development keys only"},
			seedPasswordFlag(""),
		},
		Action: action(recordRewrap),
	}
}

func recordRewrap(s *session) error {
	all, newSeed := s.c.Bool("all"), s.c.Bool("new-seed")
	var ids [][32]byte
	switch {
	case all && s.c.IsSet("record"):
		return usageErrorf("--record and --all are exclusive")
	case newSeed && !all:
		return usageErrorf("--new-seed re-wraps every record under the new seed: pass --all")
	case s.c.IsSet("draft") && all:
		return usageErrorf("--draft is one version's draft: it goes with --record, not --all")
	case !all:
		id, err := recordIDFlag(s)
		if err != nil {
			return err
		}
		ids = [][32]byte{id}
	}
	patient, err := s.patientFrom("the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	if all {
		if ids, err = env.PatientRecords(s.ctx, patient.Address()); err != nil {
			return err
		}
	}
	var draft *client.Draft
	if path := s.c.String("draft"); path != "" {
		if draft, _, err = readDraft(env, path); err != nil {
			return err
		}
	}
	dir := s.c.String("as")
	signer, opts := patient, client.RewrapOptions{Draft: draft}
	if newSeed {
		seed, err := s.stagedSeed(dir)
		if err != nil {
			return err
		}
		cp := *patient
		cp.Seed = seed
		signer, opts.OldSeed = &cp, patient.Seed
	}

	var done lines
	var results []map[string]any
	for i, id := range ids {
		if newSeed {
			// Re-wrapped under the new seed by an interrupted run already.
			if _, err := env.DataKeyFromCapsule(s.ctx, signer, id); err == nil {
				done = append(done, fmt.Sprintf("%s: already under the new seed", common.Hash(id).Hex()))
				results = append(results, map[string]any{"recordId": common.Hash(id), "status": "already under the new seed"})
				continue
			}
		}
		r, err := env.Rewrap(s.ctx, signer, id, opts)
		if err != nil {
			if len(ids) == 1 {
				return err
			}
			if errors.Is(err, client.ErrNoPatientCapsule) {
				// Nothing of any seed to re-wrap: a guardian co-signed the version.
				const why = "skipped: no capsule of your seed (a guardian co-signed this version); add one with --record and --draft"
				done = append(done, fmt.Sprintf("%s: %s", common.Hash(id).Hex(), why))
				results = append(results, map[string]any{"recordId": common.Hash(id), "status": why})
				continue
			}
			return fmt.Errorf("re-wrapped %d of %d records; record %s: %w\n  run the same command again to continue (records done are skipped)", i, len(ids), common.Hash(id).Hex(), err)
		}
		if r.UnpinError != nil {
			s.log.Warn().Err(r.UnpinError).Str("record", common.Hash(id).Hex()).Msg("the old capsule object is still in the store; `emrchain store gc` removes it")
		}
		if len(ids) == 1 && !newSeed {
			if r.FromDraft {
				return s.out.emit(kv("recordId", common.Hash(id)), kv("version", r.Version),
					kv("generation", fmt.Sprintf("%d → %d", r.FromGeneration, r.Generation)), kv("capsule", cidText(r.CapsuleRef)),
					kv("capsuleAdded", "from the draft: the version a guardian co-signed now has a capsule of your seed"), kv("tx", r.Tx),
					kv("note", "your reads and grants work on this version now"))
			}
			return s.out.emit(kv("recordId", common.Hash(id)), kv("version", r.Version),
				kv("generation", fmt.Sprintf("%d → %d", r.FromGeneration, r.Generation)), kv("capsule", cidText(r.CapsuleRef)),
				kv("oldCapsuleRemoved", r.Unpinned), kv("tx", r.Tx),
				kv("note", "grants made before this are refused from now on; grant again what should go on"))
		}
		done = append(done, fmt.Sprintf("%s: version %d, generation %d → %d, tx %s", common.Hash(id).Hex(), r.Version, r.FromGeneration, r.Generation, r.Tx.Hash.Hex()))
		results = append(results, map[string]any{"recordId": common.Hash(id), "version": r.Version, "generation": r.Generation, "tx": r.Tx})
	}
	fields := []field{kv("patient", patient.Address())}
	if newSeed {
		if err := identity.CommitSeed(dir); err != nil {
			return fmt.Errorf("every record is re-wrapped under the new seed, but it is not in place yet: %w; run the same command again", err)
		}
		fields = append(fields, kv("seed", "replaced: "+filepath.Join(dir, identity.SeedFile)+" is the new seed, the old one is destroyed"),
			kv("next", "run `emrchain index setup` so new index entries use a key of the new seed; back the new seed up"))
	}
	if s.out.json {
		out := map[string]any{"patient": patient.Address().Hex(), "records": results}
		if newSeed {
			out["seedReplaced"] = true
		}
		return writeJSON(s, out)
	}
	return s.out.emit(append(fields, kv("rewrapped", done), kv("note", "grants made before this are refused from now on; grant again what should go on"))...)
}

// stagedSeed returns the seed a rotation staged in dir, staging a new one if there is none.
func (s *session) stagedSeed(dir string) (*recordkey.Seed, error) {
	pass, err := s.seedPassphrase("seed-password-file", false)
	if err != nil {
		return nil, err
	}
	seed, err := identity.LoadStagedSeed(dir, pass)
	if err == nil {
		s.log.Info().Str("dir", dir).Msg("continuing the seed rotation staged earlier")
		return seed, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, err
	}
	strength := identity.Standard
	if s.c.Bool("light") {
		strength = identity.Light
	}
	return identity.StageSeed(dir, pass, strength, nil)
}
