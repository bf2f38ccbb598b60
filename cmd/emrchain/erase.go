package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
)

func recordEraseCommand() *cli.Command {
	return &cli.Command{
		Name: "erase",
		Usage: "erase a record for good: on chain only its hashes and the fact stay; every version, capsule, gate object " +
			"and re-key bundle is removed from the store",
		Description: "The patient erases her own record (her record seed locates every version's sealed content). " +
			"On a court order the registry's admin erases it once a threshold of the patient's guardians approved " +
			"(`guardian erase`, `guardian approve`); the admin's client removes the key objects the chain names, and " +
			"the patient's client removes the content with `record erase --unpin-only`. What cannot be forgotten: " +
			"IPFS nodes that fetched copies keep them (unreadable without the key, but anyone who read the record " +
			"before may have kept the key or the plaintext), and the chain keeps the hashes and the access history.",
		Flags: []cli.Flag{
			asFlag("the patient, or the registry's admin on a court order"),
			recordFlag(),
			&cli.BoolFlag{Name: "unpin-only", Usage: "the record is already erased: remove again what the store still holds of it"},
			seedPasswordFlag(""),
		},
		Action: action(recordErase),
	}
}

func recordErase(s *session) error {
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	actor, err := s.identityFrom("as", "", "the patient's or the admin's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	rec, err := readRecord(s, env, recordID)
	if err != nil {
		return err
	}
	var patient *client.Identity
	if rec.Patient == actor.Address() {
		if err := s.loadSeed(actor, s.c.String("as"), "seed-password-file"); err != nil {
			return err
		}
		patient = actor
	}
	var er *client.Erasure
	if s.c.Bool("unpin-only") {
		er, err = env.UnpinErased(s.ctx, recordID, patient)
	} else {
		er, err = env.EraseRecord(s.ctx, actor, recordID, client.EraseOptions{Patient: patient})
	}
	if err != nil {
		return err
	}
	forgotten := forgetLocal(s, env, recordID)
	var removed, failed, kept []string
	for _, o := range er.Objects {
		if o.Kept {
			kept = append(kept, fmt.Sprintf("%s %s", o.Kind, o.CID))
			continue
		}
		if o.Removed {
			removed = append(removed, fmt.Sprintf("%s %s", o.Kind, o.CID))
		} else {
			failed = append(failed, fmt.Sprintf("%s %s: %v", o.Kind, o.CID, o.Err))
		}
	}
	fields := []field{kv("recordId", common.Hash(recordID)), kv("patient", er.Patient), kv("status", "erased"),
		kv("versions", er.Version), kv("unpinned", lines(removed))}
	if er.Tx != nil {
		fields = append(fields, kv("byOrder", er.ByOrder), kv("tx", er.Tx))
	}
	if len(forgotten) > 0 {
		fields = append(fields, kv("localKeyMaterial", lines(forgotten)))
	}
	if len(failed) > 0 {
		fields = append(fields, kv("notUnpinned", lines(failed)), kv("retry", fmt.Sprintf("`emrchain record erase --record %s --unpin-only`", common.Hash(recordID).Hex())))
	}
	if len(er.Unlocated) > 0 {
		fields = append(fields, kv("contentNotLocated", lines(er.Unlocated)), kv("kept", lines(kept)),
			kv("next", fmt.Sprintf("the patient runs `emrchain record erase --record %s --unpin-only` (her seed opens the kept capsules, which locate the content; both are then removed)", common.Hash(recordID).Hex())))
	}
	return s.out.emit(fields...)
}

// forgetLocal destroys what this machine keeps for the record: unfinished puts (their drafts
// carry the data key sealed to the patient) and the blindings kept for attribute reads of it.
// It returns what it removed.
func forgetLocal(s *session, env *client.Env, recordID [32]byte) []string {
	var out []string
	if puts, err := s.pendingPuts(); err == nil {
		entries, _, _ := puts.List()
		for _, e := range entries {
			if e.ChainID == env.ChainID.Uint64() && e.Registry == env.Set.Addresses.Records && e.RecordID == recordID && puts.Remove(e) == nil {
				out = append(out, fmt.Sprintf("unfinished put of version %d (its draft carried the data key)", e.Version))
			}
		}
	}
	files, _ := filepath.Glob(filepath.Join(readsDir(s), "request-*.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var k keptRead
		if json.Unmarshal(b, &k) == nil && k.RecordID == recordID && os.Remove(f) == nil {
			out = append(out, "kept blinding of an attribute read "+filepath.Base(f))
		}
	}
	return out
}
