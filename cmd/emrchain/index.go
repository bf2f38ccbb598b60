package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/sse"
)

func searchKeyFlag() cli.Flag {
	return &cli.StringFlag{Name: "search-key", Usage: "the patient's search key `FILE` (encrypted under the passphrase)", DefaultText: "<--as DIR>/search.key"}
}

func indexCommand() *cli.Command {
	return &cli.Command{
		Name:  "index",
		Usage: "the patient's encrypted keyword index",
		Subcommands: []*cli.Command{
			{
				Name:  "add",
				Usage: "index a record under keywords (creates the search key on first use)",
				Flags: []cli.Flag{
					asFlag("the patient"),
					recordFlag(),
					&cli.StringSliceFlag{Name: "keyword", Usage: "a keyword to index the record under (repeatable; required)"},
					searchKeyFlag(),
					&cli.BoolFlag{Name: "light", Usage: "cheap key derivation for a new search key file, for development only"},
				},
				Action: action(indexAdd),
			},
			{
				Name:  "publish-key",
				Usage: "publish the search key wrapped under a CP-ABE policy, for requesters whose attributes satisfy it",
				Flags: []cli.Flag{
					asFlag("the patient"),
					&cli.StringFlag{Name: "policy", Usage: "CP-ABE `POLICY` requesters must satisfy, e.g. \"role:insurer\" (required)"},
					searchKeyFlag(),
				},
				Action: action(indexPublishKey),
			},
		},
	}
}

func requesterCommand() *cli.Command {
	return &cli.Command{
		Name:  "requester",
		Usage: "authorise requesters to search the patient's index",
		Subcommands: []*cli.Command{
			{Name: "add", Usage: "authorise requesters", ArgsUsage: "ADDRESS...", Flags: []cli.Flag{asFlag("the patient")}, Action: action(requesterAdd)},
			{Name: "remove", Usage: "withdraw requesters' authorisation", ArgsUsage: "ADDRESS...", Flags: []cli.Flag{asFlag("the patient")}, Action: action(requesterRemove)},
		},
	}
}

func searchCommand() *cli.Command {
	return &cli.Command{
		Name:  "search",
		Usage: "search a patient's index for a keyword (an audited transaction)",
		Flags: []cli.Flag{
			asFlag("the requester"),
			&cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (required)"},
			&cli.StringFlag{Name: "keyword", Usage: "the keyword (required)"},
			&cli.StringFlag{Name: "abe-key", Usage: "CP-ABE key `FILE` that unwraps the patient's published search key"},
			&cli.StringFlag{Name: "search-key", Usage: "the patient's search key `FILE` itself"},
		},
		Action: action(searchRun),
	}
}

func searchKeyPath(s *session) string {
	if p := s.c.String("search-key"); p != "" {
		return p
	}
	return filepath.Join(s.c.String("as"), "search.key")
}

// loadSearchKey opens the search key file; with create it makes one when none exists.
func loadSearchKey(s *session, path string, pass keyfile.Passphrase, create bool) (*sse.Key, error) {
	_, statErr := os.Stat(path)
	if errors.Is(statErr, os.ErrNotExist) {
		if !create {
			return nil, fmt.Errorf("no search key at %s: `emrchain index add` creates it, or pass --search-key", path)
		}
		key, err := sse.NewKey(nil)
		if err != nil {
			return nil, err
		}
		raw, err := key.MarshalBinary()
		if err != nil {
			return nil, err
		}
		if err := keyfile.Create(path, nil, searchKeyKind, raw, pass, kdfParams(s.c.Bool("light"))); err != nil {
			return nil, fmt.Errorf("create search key %s: %w", path, err)
		}
		s.log.Info().Str("file", path).Msg("created a new search key")
		return key, nil
	}
	raw, err := openKeyFile(path, searchKeyKind, "search-key", pass)
	if err != nil {
		return nil, err
	}
	var key sse.Key
	if err := key.UnmarshalBinary(raw); err != nil {
		return nil, fmt.Errorf("search key %s: %w", path, err)
	}
	return &key, nil
}

func indexAdd(s *session) error {
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	keywords := s.c.StringSlice("keyword")
	if len(keywords) == 0 {
		return errMissingFlag("keyword", "at least one keyword to index the record under")
	}
	patient, err := s.identityFrom("as", "", "the patient's identity")
	if err != nil {
		return err
	}
	pass, err := s.passphrase("")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	// The index accepts any 32 bytes; an entry for a record that is not the patient's own, or
	// not there, would only ever lead a search nowhere.
	rec, err := activeRecord(s, env, recordID)
	if err != nil {
		return err
	}
	if rec.Patient != patient.Address() {
		return fmt.Errorf("record %s is patient %s's, not %s's: a patient indexes only their own records", common.Hash(recordID).Hex(), rec.Patient, patient.Address())
	}
	key, err := loadSearchKey(s, searchKeyPath(s), pass, true)
	if err != nil {
		return err
	}
	tx, err := env.IndexRecord(s.ctx, patient, key, recordID, keywords...)
	if err != nil {
		return err
	}
	return s.out.emit(kv("recordId", common.Hash(recordID)), kv("keywords", keywords), kv("tx", tx))
}

func indexPublishKey(s *session) error {
	policy, err := parsePolicyFlag(s, "policy")
	if err != nil {
		return err
	}
	if policy == nil {
		return errMissingFlag("policy", "the CP-ABE policy requesters must satisfy to search")
	}
	patient, err := s.identityFrom("as", "", "the patient's identity")
	if err != nil {
		return err
	}
	pass, err := s.passphrase("")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	if err := s.needABE(env); err != nil {
		return err
	}
	key, err := loadSearchKey(s, searchKeyPath(s), pass, false)
	if err != nil {
		return err
	}
	tx, err := env.PublishSearchKey(s.ctx, patient, key, policy)
	if err != nil {
		return err
	}
	return s.out.emit(kv("policy", policy.String()), kv("policyHash", common.Hash(client.PolicyHash(policy))), kv("tx", tx))
}

// addressArgs parses one or more ADDRESS arguments.
func addressArgs(s *session) ([]common.Address, error) {
	if s.c.NArg() == 0 {
		return nil, usageErrorf("want at least one ADDRESS argument")
	}
	out := make([]common.Address, 0, s.c.NArg())
	for _, a := range s.c.Args().Slice() {
		addr, err := parseAddress("address", a)
		if err != nil {
			return nil, err
		}
		out = append(out, addr)
	}
	return out, nil
}

func requesterAdd(s *session) error {
	addrs, err := addressArgs(s)
	if err != nil {
		return err
	}
	patient, err := s.identityFrom("as", "", "the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.AddRequesters(s.ctx, patient, addrs...)
	if err != nil {
		return err
	}
	return s.out.emit(kv("added", addressStrings(addrs)), kv("tx", tx))
}

func requesterRemove(s *session) error {
	addrs, err := addressArgs(s)
	if err != nil {
		return err
	}
	patient, err := s.identityFrom("as", "", "the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	var txs []*client.Tx
	for _, a := range addrs {
		tx, err := env.RemoveRequester(s.ctx, patient, a)
		if err != nil {
			return err
		}
		txs = append(txs, tx)
	}
	return s.out.emit(kv("removed", addressStrings(addrs)), kv("tx", txs))
}

func addressStrings(addrs []common.Address) []string {
	out := make([]string, len(addrs))
	for i, a := range addrs {
		out[i] = a.Hex()
	}
	return out
}

func searchRun(s *session) error {
	v, err := requireString(s.c, "patient", "the patient whose index to search")
	if err != nil {
		return err
	}
	patientAddr, err := parseAddress("patient", v)
	if err != nil {
		return err
	}
	keyword, err := requireString(s.c, "keyword", "the keyword to search for")
	if err != nil {
		return err
	}
	abeKey, searchKey := s.c.String("abe-key"), s.c.String("search-key")
	if (abeKey == "") == (searchKey == "") {
		return usageErrorf("pass exactly one of --abe-key FILE (unwraps the patient's published search key) and --search-key FILE")
	}
	requester, err := s.identityFrom("as", "", "the requester's identity")
	if err != nil {
		return err
	}
	pass, err := s.passphrase("")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	var key *sse.Key
	if abeKey != "" {
		ak, err := loadABEKey(s, abeKey)
		if err != nil {
			return err
		}
		if key, err = env.SearchKey(s.ctx, ak, patientAddr); err != nil {
			if errors.Is(err, cpabe.ErrPolicyNotSatisfied) {
				return fmt.Errorf("%w: the CP-ABE key's attributes %v do not satisfy the patient's search policy", err, ak.Attributes())
			}
			return err
		}
	} else if key, err = loadSearchKey(s, searchKey, pass, false); err != nil {
		return err
	}
	ids, txs, err := env.Search(s.ctx, requester, patientAddr, key, keyword)
	if err != nil {
		return err
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = common.Hash(id).Hex()
	}
	return s.out.emit(kv("patient", patientAddr), kv("keyword", sse.Normalize(keyword)), kv("records", lines(out)), kv("tx", txs))
}

// loadABEKey opens a CP-ABE attribute key file written by `emrchain key fetch`.
func loadABEKey(s *session, path string) (*cpabe.AttributeKey, error) {
	pass, err := s.passphrase("")
	if err != nil {
		return nil, err
	}
	raw, err := openKeyFile(path, abeKeyKind, "abe-key", pass)
	if err != nil {
		return nil, err
	}
	var ak cpabe.AttributeKey
	if err := ak.UnmarshalBinary(raw); err != nil {
		return nil, fmt.Errorf("CP-ABE key %s: %w", path, err)
	}
	return &ak, nil
}
