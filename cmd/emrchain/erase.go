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
			"and re-key bundle is removed from the store, and the record's keyword-index entries are removed",
		Description: "The patient erases her own record (her record seed locates every version's sealed content). " +
			"On a court order the registry's admin erases it once a threshold of the patient's guardians approved " +
			"(`guardian erase`, `guardian approve`); the admin's client removes the key objects the chain names, and " +
			"the patient's client removes the content and the index entries with `record erase --unpin-only`. " +
			"The patient's client finds the record's index entries by the tag every `index add` batch carries; " +
			"entries written without one are found with --keyword. What cannot be forgotten: " +
			"IPFS nodes that fetched copies keep them (unreadable without the key, but anyone who read the record " +
			"before may have kept the key or the plaintext), and the chain keeps the hashes and the access history; " +
			"a removed index entry's slot is overwritten, but the transaction that wrote it stays in the chain's history.",
		Flags: []cli.Flag{
			asFlag("the patient, or the registry's admin on a court order"),
			recordFlag(),
			&cli.BoolFlag{Name: "unpin-only", Usage: "the record is already erased: remove again what the store still holds of it, and its index entries"},
			&cli.StringSliceFlag{Name: "keyword", Usage: "a keyword the record was indexed under, to find entries written without the record's tag (repeatable)"},
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
	keywords := s.c.StringSlice("keyword")
	if len(keywords) > 0 && patient == nil {
		return usageErrorf("--keyword: only the patient's client can find and remove her index entries")
	}
	opts := client.EraseOptions{Patient: patient, Keywords: keywords}
	var er *client.Erasure
	if s.c.Bool("unpin-only") {
		er, err = env.UnpinErased(s.ctx, recordID, opts)
	} else {
		er, err = env.EraseRecord(s.ctx, actor, recordID, opts)
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
	fields = append(fields, indexFields(er, recordID)...)
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

// indexFields reports the record's keyword-index entries: removed, left, and what was not found.
func indexFields(er *client.Erasure, recordID [32]byte) []field {
	if er.Index == nil {
		return []field{kv("indexEntries", "only the patient may remove the record's keyword-index entries: `emrchain record erase --unpin-only` as the patient")}
	}
	var removed, left []string
	for _, en := range er.Index.Entries {
		row := fmt.Sprintf("%s %s", en.Kind, common.Hash(en.Label).Hex())
		if en.Removed {
			removed = append(removed, row)
		} else {
			left = append(left, row)
		}
	}
	fields := []field{kv("indexEntriesRemoved", lines(removed))}
	if len(er.IndexTxs) > 0 {
		fields = append(fields, kv("indexTx", er.IndexTxs))
	}
	if len(left) > 0 {
		why := "not removed"
		if er.IndexErr != nil {
			why = er.IndexErr.Error()
		}
		fields = append(fields, kv("indexEntriesLeft", lines(left)), kv("indexError", why),
			kv("indexRetry", fmt.Sprintf("`emrchain record erase --record %s --unpin-only` as the patient", common.Hash(recordID).Hex())))
	}
	if len(er.Index.Missing) > 0 {
		fields = append(fields, kv("indexNotFound", lines(er.Index.Missing)))
	}
	return fields
}
