package main

import (
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
)

// asFlag names the identity a command acts as.
func asFlag(who string) cli.Flag {
	return &cli.StringFlag{Name: "as", Usage: "act as the identity in `DIR` (" + who + "; required)"}
}

func participantCommand() *cli.Command {
	return &cli.Command{
		Name:  "participant",
		Usage: "enrol, suspend, reinstate, remove and inspect participants in the Registry",
		Subcommands: []*cli.Command{
			{
				Name:  "enroll",
				Usage: "enrol a participant (as the Registry admin or a registrar)",
				Description: "Name the participant either by its identity directory (--identity, whose passphrase is needed) " +
					"or by --address with its public keys (--pre-key, --transport-key) as printed by `emrchain keys show`.",
				Flags: []cli.Flag{
					asFlag("the admin or a registrar"),
					&cli.StringFlag{Name: "identity", Usage: "the participant's identity `DIR`"},
					&cli.StringFlag{Name: "identity-password-file", Usage: "passphrase `FILE` of --identity", DefaultText: "--password-file"},
					&cli.StringFlag{Name: "address", Usage: "the participant's `ADDRESS`, when not using --identity"},
					&cli.StringFlag{Name: "pre-key", Usage: "the participant's PRE public key, 67 bytes `HEX`"},
					&cli.StringFlag{Name: "transport-key", Usage: "the participant's X25519 transport public key, 32 bytes `HEX`"},
					&cli.StringFlag{Name: "role", Usage: "patient, provider, requester, oracle, attribute-authority or proxy (required; the last three by the admin only)"},
					&cli.StringFlag{Name: "org", Usage: "organisation `NAME` (stored as an opaque id)"},
					&cli.StringFlag{Name: "metadata", Usage: "the registrar's off-chain record about the participant (only its hash goes on chain)"},
				},
				Action: action(participantEnroll),
			},
			{
				Name:      "suspend",
				Usage:     "suspend a participant (as the admin or a registrar)",
				ArgsUsage: "ADDRESS",
				Flags:     []cli.Flag{asFlag("the admin or a registrar")},
				Action:    action(participantSuspend),
			},
			{
				Name:      "reinstate",
				Usage:     "make a suspended participant active again (as the admin or a registrar)",
				ArgsUsage: "ADDRESS",
				Flags:     []cli.Flag{asFlag("the admin or a registrar")},
				Action:    action(participantReinstate),
			},
			{
				Name:  "remove",
				Usage: "remove a participant for good (as the admin or a registrar): the Registry never reinstates a removed account",
				Description: "A removed account can no longer act in any role, and every grant, attribute read and committee answer that " +
					"needs it active is refused from that block. It cannot be undone: enrol a new account instead. Pass --yes to confirm.",
				ArgsUsage: "ADDRESS",
				Flags: []cli.Flag{asFlag("the admin or a registrar"),
					&cli.BoolFlag{Name: "yes", Usage: "confirm the removal, which cannot be undone"}},
				Action: action(participantRemove),
			},
			{
				Name:      "show",
				Usage:     "print a participant's enrolment",
				ArgsUsage: "ADDRESS",
				Action:    action(participantShow),
			},
		},
	}
}

func participantEnroll(s *session) error {
	roleName, err := requireString(s.c, "role", "the participant's role: patient, provider, requester, oracle, attribute-authority or proxy")
	if err != nil {
		return err
	}
	role, err := client.ParseRole(roleName)
	if err != nil {
		return &usageError{msg: "bad --role: " + err.Error()}
	}
	org, metadata := s.c.String("org"), s.c.String("metadata")
	var en client.Enrollment
	switch dir, addr := s.c.String("identity"), s.c.String("address"); {
	case dir != "" && addr != "":
		return usageErrorf("--identity and --address are exclusive")
	case dir != "":
		id, err := s.loadIdentity(dir, "identity-password-file")
		if err != nil {
			return err
		}
		en = client.EnrollmentOf(id, role, org, metadata)
	case addr != "":
		account, err := parseAddress("address", addr)
		if err != nil {
			return err
		}
		preKey, tk, err := publicKeysFromFlags(s)
		if err != nil {
			return err
		}
		en = client.EnrollmentFor(account, preKey, tk, role, org, metadata)
	default:
		return usageErrorf("missing participant: pass --identity DIR, or --address ADDRESS with --pre-key and --transport-key")
	}
	registrar, err := s.identityFrom("as", "", "the admin's or a registrar's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.Enroll(s.ctx, registrar, en)
	if err != nil {
		return err
	}
	return s.out.emit(kv("account", en.Account), kv("role", client.RoleName(en.Role)), kv("tx", tx))
}

func publicKeysFromFlags(s *session) (*pre.PublicKey, *transport.PublicKey, error) {
	var (
		preKey *pre.PublicKey
		tk     *transport.PublicKey
	)
	if v := s.c.String("pre-key"); v != "" {
		b, err := decodeHex(v)
		if err != nil {
			return nil, nil, usageErrorf("bad --pre-key: %v", err)
		}
		preKey = new(pre.PublicKey)
		if err := preKey.UnmarshalBinary(b); err != nil {
			return nil, nil, usageErrorf("bad --pre-key: %v", err)
		}
	}
	if v := s.c.String("transport-key"); v != "" {
		b, err := decodeHex(v)
		if err != nil {
			return nil, nil, usageErrorf("bad --transport-key: %v", err)
		}
		tk = new(transport.PublicKey)
		if err := tk.UnmarshalBinary(b); err != nil {
			return nil, nil, usageErrorf("bad --transport-key: %v", err)
		}
	}
	return preKey, tk, nil
}

func decodeHex(v string) ([]byte, error) {
	return hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(v), "0x"), "0X"))
}

// addressArg parses the single ADDRESS argument of a command.
func addressArg(s *session) (common.Address, error) {
	if s.c.NArg() != 1 {
		return common.Address{}, usageErrorf("want one ADDRESS argument, got %d", s.c.NArg())
	}
	return parseAddress("address", s.c.Args().First())
}

func participantSuspend(s *session) error {
	account, err := addressArg(s)
	if err != nil {
		return err
	}
	registrar, err := s.identityFrom("as", "", "the admin's or a registrar's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.Suspend(s.ctx, registrar, account)
	if err != nil {
		return err
	}
	return s.out.emit(kv("account", account), kv("status", "suspended"), kv("tx", tx))
}

func participantReinstate(s *session) error {
	account, err := addressArg(s)
	if err != nil {
		return err
	}
	registrar, err := s.identityFrom("as", "", "the admin's or a registrar's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.Reinstate(s.ctx, registrar, account)
	if err != nil {
		return err
	}
	return s.out.emit(kv("account", account), kv("status", "active"), kv("tx", tx))
}

func participantRemove(s *session) error {
	account, err := addressArg(s)
	if err != nil {
		return err
	}
	if !s.c.Bool("yes") {
		return usageErrorf("removing %s cannot be undone (a removed account is never reinstated): pass --yes to remove it, or use `emrchain participant suspend`", account)
	}
	registrar, err := s.identityFrom("as", "", "the admin's or a registrar's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.Remove(s.ctx, registrar, account)
	if err != nil {
		return err
	}
	return s.out.emit(kv("account", account), kv("status", "removed"), kv("tx", tx))
}

var participantStatus = []string{"none", "active", "suspended", "removed"}

func enumName(names []string, v uint8) string {
	if int(v) < len(names) {
		return names[v]
	}
	return fmt.Sprintf("status(%d)", v)
}

func participantShow(s *session) error {
	account, err := addressArg(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	p, err := env.Participant(s.ctx, account)
	if err != nil {
		return fmt.Errorf("read enrolment of %s: %w", account, err)
	}
	if p.Role == 0 {
		return fmt.Errorf("%s is not enrolled", account)
	}
	return s.out.emit(
		kv("account", account),
		kv("role", client.RoleName(p.Role)),
		kv("status", enumName(participantStatus, p.Status)),
		kv("enrolledAt", time.Unix(int64(p.EnrolledAt), 0).UTC()),
		kv("org", common.Hash(p.Org)),
		kv("metadataHash", common.Hash(p.MetadataHash)),
		kv("transportKey", common.Hash(p.TransportKey)),
		kv("preKey", p.PreKey),
	)
}
