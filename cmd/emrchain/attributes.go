package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/keyfile"
)

func attributesCommand() *cli.Command {
	holder := func() cli.Flag { return &cli.StringFlag{Name: "holder", Usage: "the holder's `ADDRESS` (required)"} }
	return &cli.Command{
		Name:  "attributes",
		Usage: "attribute authorities' namespaces, and defining, assigning, revoking and listing CP-ABE attributes",
		Subcommands: []*cli.Command{
			{
				Name:  "namespace",
				Usage: "as the admin, register an attribute authority with its namespace (it defines attributes only there)",
				Flags: []cli.Flag{
					asFlag("the admin"),
					&cli.StringFlag{Name: "authority", Usage: "the authority's `ADDRESS` (required)"},
					&cli.StringFlag{Name: "namespace", Usage: "its `NAMESPACE`, such as hospital-a (required)"},
				},
				Action: action(attributesNamespace),
			},
			{
				Name:      "define",
				Usage:     "define attributes such as role:insurer in the authority's namespace; ones it already defined are skipped",
				ArgsUsage: "NAME...",
				Flags:     []cli.Flag{asFlag("the attribute authority")},
				Action:    action(attributesDefine),
			},
			{
				Name:      "assign",
				Usage:     "assign attributes (full names, namespace/kind:value) to a holder",
				ArgsUsage: "NAME...",
				Flags:     []cli.Flag{asFlag("the attribute authority"), holder()},
				Action:    action(attributesAssign),
			},
			{
				Name:      "revoke",
				Usage:     "withdraw attributes from a holder: the holder's next attribute read is refused",
				ArgsUsage: "NAME...",
				Flags:     []cli.Flag{asFlag("the attribute authority"), holder()},
				Action:    action(attributesRevoke),
			},
			{
				Name:   "list",
				Usage:  "list every defined attribute with its authority, or (--holder) the attributes one holder has now",
				Flags:  []cli.Flag{&cli.StringFlag{Name: "holder", Usage: "list this `ADDRESS`'s attributes"}},
				Action: action(attributesList),
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
				Usage: "ask the key oracle for a CP-ABE key over the requester's attributes, for one key epoch",
				Flags: []cli.Flag{
					asFlag("the requester"),
					&cli.Uint64Flag{Name: "epoch", Usage: "key `EPOCH` (default: the current one; a record opens only with a key of the epoch it was written in)"},
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

func attributesNamespace(s *session) error {
	v, err := requireString(s.c, "authority", "the attribute authority's address")
	if err != nil {
		return err
	}
	authority, err := parseAddress("authority", v)
	if err != nil {
		return err
	}
	ns, err := requireString(s.c, "namespace", "the authority's namespace, such as hospital-a")
	if err != nil {
		return err
	}
	if strings.ContainsAny(ns, "/ \t") {
		return usageErrorf("bad --namespace %q: no slashes or spaces", ns)
	}
	admin, err := s.identityFrom("as", "", "the admin's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.RegisterAuthority(s.ctx, admin, authority, ns)
	if err != nil {
		return err
	}
	return s.out.emit(kv("authority", authority), kv("namespace", ns), kv("tx", tx))
}

func attributesDefine(s *session) error {
	names, err := attributeArgs(s)
	if err != nil {
		return err
	}
	for _, n := range names {
		if strings.Contains(n, "/") {
			return usageErrorf("bad attribute %q: define it without a namespace (kind:value); the authority's namespace is added", n)
		}
	}
	authority, err := s.identityFrom("as", "", "the attribute authority's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	full, txs, err := env.DefineAttributes(s.ctx, authority, names...)
	if err != nil {
		return err
	}
	return s.out.emit(kv("attributes", full), kv("tx", txs))
}

func attributesAssign(s *session) error { return attributesChange(s, true) }
func attributesRevoke(s *session) error { return attributesChange(s, false) }

func attributesChange(s *session, assign bool) error {
	names, err := attributeArgs(s)
	if err != nil {
		return err
	}
	v, err := requireString(s.c, "holder", "the holder's address")
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
	// Names without a namespace are the authority's own.
	ns, err := env.Namespace(s.ctx, authority.Address())
	if err != nil {
		return err
	}
	for i, n := range names {
		if !strings.Contains(n, "/") && ns != "" {
			names[i] = client.FullName(ns, n)
		}
	}
	var tx *client.Tx
	if assign {
		tx, err = env.AssignAttributes(s.ctx, authority, holder, names...)
	} else {
		tx, err = env.RevokeAttributes(s.ctx, authority, holder, names...)
	}
	if err != nil {
		return err
	}
	verb := "assigned"
	if !assign {
		verb = "revoked"
	}
	return s.out.emit(kv("holder", holder), kv(verb, names), kv("tx", tx))
}

func attributesList(s *session) error {
	env, err := s.open()
	if err != nil {
		return err
	}
	if v := s.c.String("holder"); v != "" {
		holder, err := parseAddress("holder", v)
		if err != nil {
			return err
		}
		names, err := env.AttributesOf(s.ctx, holder)
		if err != nil {
			return err
		}
		return s.out.emit(kv("holder", holder), kv("attributes", names))
	}
	defs, err := env.DefinedAttributes(s.ctx)
	if err != nil {
		return err
	}
	var rows []string
	for _, d := range defs {
		rows = append(rows, fmt.Sprintf("%s (authority %s)", d.Name, d.Authority.Hex()))
	}
	return s.out.emit(kv("attributes", lines(rows)))
}

func keyRequest(s *session) error {
	requester, err := s.identityFrom("as", "", "the requester's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	epoch := s.c.Uint64("epoch")
	if !s.c.IsSet("epoch") {
		if epoch, err = env.KeyEpoch(s.ctx); err != nil {
			return err
		}
	}
	id, tx, err := env.RequestKey(s.ctx, requester, epoch)
	if err != nil {
		return err
	}
	return s.out.emit(kv("requestId", id), kv("epoch", epoch), kv("tx", tx))
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
