package main

import (
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/sse"
)

func indexCommand() *cli.Command {
	return &cli.Command{
		Name:  "index",
		Usage: "the patient's encrypted keyword index; its key is dealt to a proxy committee, which answers audited token requests",
		Subcommands: []*cli.Command{
			{
				Name: "setup",
				Usage: "as the patient, deal a new epoch's index key (derived from the record seed) to a proxy committee; " +
					"entries written from now use it",
				Flags: []cli.Flag{
					asFlag("the patient"),
					&cli.Uint64Flag{Name: "committee", Usage: "proxy committee `ID` (default: the newest active one)"},
					seedPasswordFlag(""),
				},
				Action: action(indexSetup),
			},
			{
				Name:  "add",
				Usage: "as the patient, index a record under keywords (under the current epoch's key)",
				Flags: []cli.Flag{
					asFlag("the patient"),
					recordFlag(),
					&cli.StringSliceFlag{Name: "keyword", Usage: "a keyword to index the record under (repeatable; required)"},
					seedPasswordFlag(""),
				},
				Action: action(indexAdd),
			},
			{
				Name:   "keys",
				Usage:  "list a patient's index keys: each epoch, its committee and threshold",
				Flags:  []cli.Flag{&cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (required)"}},
				Action: action(indexKeys),
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
			{
				Name: "remove", Usage: "withdraw requesters' authorisation: their next token request is refused, and a new epoch's " +
					"index key is dealt so that tokens they hold find nothing written afterwards",
				ArgsUsage: "ADDRESS...",
				Flags: []cli.Flag{
					asFlag("the patient"),
					&cli.Uint64Flag{Name: "committee", Usage: "proxy committee `ID` for the new epoch's key (default: the newest active one)"},
					seedPasswordFlag(""),
				},
				Action: action(requesterRemove),
			},
		},
	}
}

func searchCommand() *cli.Command {
	return &cli.Command{
		Name: "search",
		Usage: "search a patient's index for a keyword: one audited token request per index epoch, answered by the " +
			"patient's proxy committee",
		Flags: []cli.Flag{
			asFlag("the requester"),
			&cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (required)"},
			&cli.StringFlag{Name: "keyword", Usage: "the keyword (required)"},
			timeoutFlag(),
		},
		Action: action(searchRun),
	}
}

func indexSetup(s *session) error {
	patient, err := s.patientFrom("the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	dealt, err := env.SetupIndex(s.ctx, patient, s.c.Uint64("committee"))
	if err != nil {
		return err
	}
	return s.out.emit(kv("patient", patient.Address()), kv("epoch", dealt.Epoch), kv("committee", dealt.Committee),
		kv("threshold", fmt.Sprintf("%d-of-%d", dealt.Threshold, dealt.Members)), kv("tx", dealt.Tx))
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
	for _, k := range keywords {
		if sse.Normalize(k) == "" {
			return usageErrorf("bad --keyword %q: empty once normalised", k)
		}
	}
	patient, err := s.patientFrom("the patient's identity")
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
	tx, err := env.IndexRecord(s.ctx, patient, recordID, keywords...)
	if errors.Is(err, client.ErrNoIndexKey) {
		return fmt.Errorf("%w: deal one first with `emrchain index setup --as %s`", client.ErrNoIndexKey, s.c.String("as"))
	}
	if err != nil {
		return err
	}
	return s.out.emit(kv("recordId", common.Hash(recordID)), kv("keywords", keywords), kv("tx", tx))
}

func indexKeys(s *session) error {
	v, err := requireString(s.c, "patient", "the patient's address")
	if err != nil {
		return err
	}
	patient, err := parseAddress("patient", v)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	keys, err := env.IndexKeys(s.ctx, patient)
	if err != nil {
		return err
	}
	current, _, err := env.IndexEpoch(s.ctx, patient)
	if err != nil {
		return err
	}
	var rows []string
	for _, k := range keys {
		rows = append(rows, fmt.Sprintf("epoch %d: committee %d, %d-of-%d (members %v)", k.Epoch, k.Committee, k.Threshold, len(k.Members), k.Members))
	}
	if len(rows) == 0 {
		return s.out.emit(kv("patient", patient), kv("currentEpoch", current), kv("keys", "none: the patient has not run `emrchain index setup`"))
	}
	return s.out.emit(kv("patient", patient), kv("currentEpoch", current), kv("keys", lines(rows)))
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
	patient, err := s.patientFrom("the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	var txs []*client.Tx
	for _, a := range addrs {
		t, err := env.RemoveRequester(s.ctx, patient, a, s.c.Uint64("committee"))
		txs = append(txs, t...)
		if err != nil {
			return err
		}
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
	if sse.Normalize(keyword) == "" {
		return usageErrorf("bad --keyword %q: empty once normalised", keyword)
	}
	requester, err := s.identityFrom("as", "", "the requester's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	ctx, cancel := contextWithTimeout(s, "timeout")
	defer cancel()
	results, err := env.Search(ctx, requester, patientAddr, keyword, s.awaitOptions())
	if err != nil {
		return s.waitError(err, "the token request is on chain; search again to ask anew (each request is audited)")
	}
	var (
		ids    []string
		tokens []string
		faults []client.Fault
	)
	for _, r := range results {
		for _, id := range r.Records {
			ids = append(ids, common.Hash(id).Hex())
		}
		tokens = append(tokens, fmt.Sprintf("epoch %d: token request %d answered by members %v", r.Epoch, r.Token.RequestID, client.MembersOf(r.Token.CommitMask)))
		faults = append(faults, r.Token.Faults...)
	}
	fields := []field{kv("patient", patientAddr), kv("keyword", sse.Normalize(keyword)), kv("records", lines(ids)), kv("tokens", lines(tokens))}
	if len(faults) > 0 {
		fields = append(fields, answeredFields(nil, faults)[1:]...)
	}
	return s.out.emit(fields...)
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
