package main

import (
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/crypto/keyfile"
)

func attributesCommand() *cli.Command {
	return &cli.Command{
		Name:  "attributes",
		Usage: "define and assign CP-ABE attributes (as an attribute authority)",
		Subcommands: []*cli.Command{
			{
				Name:      "define",
				Usage:     "define attributes such as role:insurer; ones this authority already owns are skipped",
				ArgsUsage: "NAME...",
				Flags:     []cli.Flag{asFlag("the attribute authority")},
				Action:    action(attributesDefine),
			},
			{
				Name:      "assign",
				Usage:     "assign attributes to a holder",
				ArgsUsage: "NAME...",
				Flags: []cli.Flag{
					asFlag("the attribute authority"),
					&cli.StringFlag{Name: "holder", Usage: "the holder's `ADDRESS` (required)"},
				},
				Action: action(attributesAssign),
			},
		},
	}
}

func keyCommand() *cli.Command {
	return &cli.Command{
		Name:  "key",
		Usage: "obtain a CP-ABE key over one's attributes from the oracle",
		Subcommands: []*cli.Command{
			{
				Name:  "request",
				Usage: "ask the oracle for a CP-ABE key over the requester's attributes",
				Flags: []cli.Flag{
					asFlag("the requester"),
					&cli.StringFlag{Name: "patient", Usage: "the patient `ADDRESS` whose records the key is for, so the request shows on that patient's audit trail"},
				},
				Action: action(keyRequest),
			},
			{
				Name:  "fetch",
				Usage: "wait for the oracle to issue a requested key, open it and save it encrypted (0600)",
				Flags: []cli.Flag{
					asFlag("the requester"),
					&cli.Uint64Flag{Name: "request", Usage: "key request `ID` (as `key request` prints; required)"},
					&cli.StringFlag{Name: "out", Usage: "write the key to `FILE`, encrypted under the passphrase (required)"},
					&cli.BoolFlag{Name: "light", Usage: "cheap key derivation for the key file, for development only"},
					timeoutFlag(),
				},
				Action: action(keyFetch),
			},
		},
	}
}

func attributeArgs(s *session) ([]string, error) {
	if s.c.NArg() == 0 {
		return nil, usageErrorf("want at least one attribute NAME argument, such as role:insurer")
	}
	return s.c.Args().Slice(), nil
}

func attributesDefine(s *session) error {
	names, err := attributeArgs(s)
	if err != nil {
		return err
	}
	authority, err := s.identityFrom("as", "", "the attribute authority's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	txs, err := env.DefineAttributes(s.ctx, authority, names...)
	if err != nil {
		return err
	}
	return s.out.emit(kv("attributes", names), kv("tx", txs))
}

func attributesAssign(s *session) error {
	names, err := attributeArgs(s)
	if err != nil {
		return err
	}
	v, err := requireString(s.c, "holder", "the address to assign the attributes to")
	if err != nil {
		return err
	}
	holder, err := parseAddress("holder", v)
	if err != nil {
		return err
	}
	authority, err := s.identityFrom("as", "", "the attribute authority's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.AssignAttributes(s.ctx, authority, holder, names...)
	if err != nil {
		return err
	}
	return s.out.emit(kv("holder", holder), kv("attributes", names), kv("tx", tx))
}

func keyRequest(s *session) error {
	var patient common.Address
	if v := s.c.String("patient"); v != "" {
		var err error
		if patient, err = parseAddress("patient", v); err != nil {
			return err
		}
	}
	requester, err := s.identityFrom("as", "", "the requester's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	id, tx, err := env.RequestKey(s.ctx, requester, patient)
	if err != nil {
		return err
	}
	return s.out.emit(kv("requestId", id), kv("tx", tx))
}

func keyFetch(s *session) error {
	if !s.c.IsSet("request") {
		return errMissingFlag("request", "the key request id (as `emrchain key request` prints)")
	}
	reqID := s.c.Uint64("request")
	out, err := requireString(s.c, "out", "the file to save the CP-ABE key to")
	if err != nil {
		return err
	}
	requester, err := s.identityFrom("as", "", "the requester's identity")
	if err != nil {
		return err
	}
	if requester.Transport == nil {
		return fmt.Errorf("identity %s has no transport key, which the oracle seals keys to", requester.Name)
	}
	pass, err := s.passphrase("")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	ctx, cancel := contextWithTimeout(s, "timeout")
	defer cancel()
	issued, err := env.WaitKey(ctx, reqID, keyPoll)
	if err != nil {
		return err
	}
	ak, err := env.OpenIssuedKey(s.ctx, requester, issued)
	if err != nil {
		return err
	}
	raw, err := ak.MarshalBinary()
	if err != nil {
		return err
	}
	if err := keyfile.Create(out, nil, abeKeyKind, raw, pass, kdfParams(s.c.Bool("light"))); err != nil {
		return fmt.Errorf("save CP-ABE key: %w", err)
	}
	return s.out.emit(kv("requestId", reqID), kv("attributes", ak.Attributes()), kv("out", out),
		kv("issueTx", issued.TxHash), kv("keyHash", common.Hash(issued.KeyHash)))
}

// keyPoll is how often key fetch re-reads the chain while waiting for the oracle.
const keyPoll = 200 * time.Millisecond
