package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/envelope"
)

func requestFlag() cli.Flag {
	return &cli.Uint64Flag{Name: "request", Usage: "access request `ID` (as `access request` prints; required)"}
}

func timeoutFlag() cli.Flag {
	return &cli.DurationFlag{Name: "timeout", Value: 2 * time.Minute, Usage: "how long to wait for the answer"}
}

func accessCommand() *cli.Command {
	return &cli.Command{
		Name:  "access",
		Usage: "request, grant, list, revoke and use access to a record through a t-of-n proxy committee",
		Subcommands: []*cli.Command{
			{
				Name:  "request",
				Usage: "as a requester, ask for access to a record",
				Flags: []cli.Flag{
					asFlag("the requester"),
					recordFlag(),
					&cli.StringFlag{Name: "operation", Value: "read", Usage: "read or write"},
					&cli.StringFlag{Name: "purpose", Usage: "purpose of use: treatment, emergency, payment, operations, research, public-health or patient-request (required)"},
				},
				Action: action(accessRequest),
			},
			{
				Name: "grant",
				Usage: "as the patient, grant a request: a re-key for that one record version, split among a proxy committee's members " +
					"so that any t of them answer and fewer learn nothing",
				Flags: []cli.Flag{
					asFlag("the patient"),
					requestFlag(),
					&cli.DurationFlag{Name: "valid-for", Value: 24 * time.Hour, Usage: "how long the grant stays live"},
					&cli.StringFlag{Name: "operations", Value: "read", Usage: "operations granted: read, write or read,write"},
					&cli.UintFlag{Name: "uses", Value: 1, Usage: "how many get-access calls the grant allows (1 to 65535)"},
					&cli.Uint64Flag{Name: "committee", Usage: "proxy committee `ID` (default: the newest active one; see `emrchain committee list`)"},
					&cli.IntFlag{Name: "threshold", Usage: "t: how many proxies must answer (default: the committee's threshold)"},
					&cli.StringFlag{Name: "proxies", Usage: "the committee members that hold shares, by `INDEX`, e.g. 1,2,3 (default: every member)"},
					seedPasswordFlag(""),
				},
				Action: action(accessGrant),
			},
			{
				Name:   "expire",
				Usage:  "mark a grant whose window has ended as expired (anyone may)",
				Flags:  []cli.Flag{asFlag("the sender"), requestFlag()},
				Action: action(accessExpire),
			},
			{
				Name:   "revoke",
				Usage:  "as the patient or the requester, revoke a request or grant",
				Flags:  []cli.Flag{asFlag("the patient or the requester"), requestFlag()},
				Action: action(accessRevoke),
			},
			{
				Name:  "get",
				Usage: "as the requester, use a grant: get-access, wait for t proxies' fragments, check and combine them, decrypt and write the record",
				Flags: []cli.Flag{
					asFlag("the requester"),
					requestFlag(),
					&cli.StringFlag{Name: "out", Usage: "write the verified plaintext to `FILE` (required)"},
					forceFlag(),
					timeoutFlag(),
				},
				Action: action(accessGet),
			},
			accessListCommand(),
			{
				Name:   "status",
				Usage:  "print a request and its grant, with the requester's role and organisation and the purpose in words",
				Flags:  []cli.Flag{requestFlag(), directoryFlag()},
				Action: action(accessStatus),
			},
		},
	}
}

// parseOperation maps an operation word to its bit index.
func parseOperation(flag, v string) (uint8, error) {
	switch strings.TrimSpace(v) {
	case "read":
		return client.OpRead, nil
	case "write":
		return client.OpWrite, nil
	}
	return 0, usageErrorf("bad --%s %q: use read or write", flag, v)
}

var operationNames = []string{"read", "write"}

func operationSet(bits uint8) []string {
	var out []string
	for i, n := range operationNames {
		if bits&(1<<i) != 0 {
			out = append(out, n)
		}
	}
	return out
}

func requestID(s *session) (uint64, error) {
	if !s.c.IsSet("request") {
		return 0, errMissingFlag("request", "the access request id (as `emrchain access request` prints)")
	}
	return s.c.Uint64("request"), nil
}

func contextWithTimeout(s *session, flag string) (context.Context, context.CancelFunc) {
	return context.WithTimeout(s.ctx, s.c.Duration(flag))
}

func accessRequest(s *session) error {
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	op, err := parseOperation("operation", s.c.String("operation"))
	if err != nil {
		return err
	}
	purpose, err := requireString(s.c, "purpose", "the purpose of use, e.g. treatment or payment")
	if err != nil {
		return err
	}
	if _, err := client.Purpose(purpose); err != nil {
		return usageErrorf("bad --purpose: %v", err)
	}
	requester, err := s.identityFrom("as", "", "the requester's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	id, tx, err := env.RequestAccess(s.ctx, requester, recordID, op, purpose)
	if err != nil {
		return err
	}
	return s.out.emit(kv("requestId", id), kv("recordId", common.Hash(recordID)), kv("operation", operationNames[op]),
		kv("purpose", purpose), kv("tx", tx))
}

func accessGrant(s *session) error {
	reqID, err := requestID(s)
	if err != nil {
		return err
	}
	var ops uint8
	for _, w := range strings.Split(s.c.String("operations"), ",") {
		op, err := parseOperation("operations", w)
		if err != nil {
			return err
		}
		ops |= 1 << op
	}
	validFor := s.c.Duration("valid-for")
	if validFor < time.Second {
		return usageErrorf("bad --valid-for %s: at least 1s", validFor)
	}
	uses := s.c.Uint("uses")
	if uses < 1 || uses > 65535 {
		return usageErrorf("bad --uses %d: from 1 to 65535", uses)
	}
	members, err := parseMembers("proxies", s.c.String("proxies"))
	if err != nil {
		return err
	}
	threshold := s.c.Int("threshold")
	if threshold < 0 || (len(members) > 0 && threshold > len(members)) {
		return usageErrorf("bad --threshold %d: from 1 to the number of --proxies (%d)", threshold, len(members))
	}
	patient, err := s.patientFrom("the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	g, err := env.Grant(s.ctx, patient, reqID, client.GrantOptions{ValidFor: validFor, Operations: ops, MaxUses: uint16(uses),
		CommitteeID: s.c.Uint64("committee"), Threshold: threshold, Members: members})
	if err != nil {
		return err
	}
	return s.out.emit(kv("requestId", reqID), kv("operations", operationSet(ops)), kv("validFor", validFor.String()),
		kv("notAfter", g.NotAfterUTC), kv("uses", g.MaxUses), kv("committee", g.Committee),
		kv("proxies", fmt.Sprintf("%d-of-%d, members %v", g.Threshold, len(g.Members), g.Members)),
		kv("version", g.Version), kv("bundle", cidText(g.BundleRef)), kv("tx", g.Tx))
}

// parseMembers parses a list of committee member indices such as 1,2,3.
func parseMembers(flag, v string) ([]uint8, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	var out []uint8
	seen := map[uint64]bool{}
	for _, part := range strings.Split(v, ",") {
		n, err := strconv.ParseUint(strings.TrimSpace(part), 10, 8)
		if err != nil || n < 1 || n > 16 || seen[n] {
			return nil, usageErrorf("bad --%s %q: want distinct member indices from 1 to 16, such as 1,2,3", flag, v)
		}
		seen[n] = true
		out = append(out, uint8(n))
	}
	slices.Sort(out)
	return out, nil
}

func accessExpire(s *session) error {
	reqID, err := requestID(s)
	if err != nil {
		return err
	}
	sender, err := s.identityFrom("as", "", "the sender's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.Expire(s.ctx, sender, reqID)
	if err != nil {
		return err
	}
	return s.out.emit(kv("requestId", reqID), kv("status", "expired"), kv("tx", tx))
}

func accessRevoke(s *session) error {
	reqID, err := requestID(s)
	if err != nil {
		return err
	}
	actor, err := s.identityFrom("as", "", "the patient's or requester's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.Revoke(s.ctx, actor, reqID)
	if err != nil {
		return err
	}
	return s.out.emit(kv("requestId", reqID), kv("status", "revoked"), kv("tx", tx))
}

func accessGet(s *session) error {
	reqID, err := requestID(s)
	if err != nil {
		return err
	}
	out, err := requireString(s.c, "out", "the file to write the verified plaintext to")
	if err != nil {
		return err
	}
	if err := checkOut("out", out, s.c.Bool("force")); err != nil {
		return err
	}
	requester, err := s.identityFrom("as", "", "the requester's identity")
	if err != nil {
		return err
	}
	if requester.PRE == nil {
		return fmt.Errorf("identity %s has no PRE key, which grants re-encrypt to", requester.Name)
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	// get-access first, then the read of its answers, so a failed wait can name the access to
	// resume with `record get --access`.
	inv, err := env.GetAccess(s.ctx, requester, reqID)
	if err != nil {
		return err
	}
	s.log.Info().Uint64("accessId", inv.AccessID).Str("tx", inv.Tx.Hash.Hex()).Msg("get-access sent; waiting for the proxy committee")
	ctx, cancel := contextWithTimeout(s, "timeout")
	defer cancel()
	bar := s.progress("read", "reading", 0)
	env.ReadProgress = bar.update
	var (
		ans    *client.Answered
		opened *envelope.Opened
	)
	err = writeVerified(out, s.c.Bool("force"), func(w io.Writer) error {
		var err error
		ans, opened, err = env.ReadAccess(ctx, requester, inv.AccessID, w, s.awaitOptions())
		return err
	})
	bar.finish()
	if err != nil {
		return s.waitError(err, fmt.Sprintf("get-access %d is on chain (one use of the grant spent); read it later with `emrchain record get --access %d --out FILE`", inv.AccessID, inv.AccessID))
	}
	fields := []field{kv("requestId", reqID), kv("accessId", inv.AccessID), kv("usesLeft", inv.UsesLeft), kv("out", out),
		kv("bytes", opened.PlaintextSize), kv("provider", opened.Signer), kv("plaintextSha256", common.Hash(opened.PlaintextSHA256))}
	fields = append(fields, answeredFields(ans.Used, ans.Faults)...)
	return s.out.emit(append(fields, kv("tx", inv.Tx))...)
}

func accessStatus(s *session) error {
	reqID, err := requestID(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	q, err := env.Request(s.ctx, reqID)
	if errors.Is(err, contracts.Revert("UnknownRequest")) {
		return fmt.Errorf("request %d does not exist", reqID)
	}
	if err != nil {
		return err
	}
	dir, err := loadDirectory(s)
	if err != nil {
		return err
	}
	fields := []field{
		kv("requestId", reqID),
		kv("status", client.RequestStatusName(q.Status)),
		kv("requester", q.Requester),
	}
	// The ledger fixes the requester's role at the grant; before it, the role is the enrolment's.
	role := q.RequesterRole
	p, perr := env.Participant(s.ctx, q.Requester)
	if role == 0 && perr == nil {
		role = p.Role
	}
	fields = append(fields, kv("requesterRole", roleWords(role)))
	if err := perr; err == nil {
		if name, ok := dir.Name(p.MetadataHash); ok {
			fields = append(fields, kv("requesterName", name))
		}
		if org, ok := dir.Organisation(p.Org); ok {
			fields = append(fields, kv("requesterOrg", org))
		} else if p.Org != ([32]byte{}) {
			fields = append(fields, kv("requesterOrg", common.Hash(p.Org)))
		}
	}
	fields = append(fields,
		kv("recordId", common.Hash(q.RecordId)),
		kv("operation", enumName(operationNames, q.Operation)))
	if ev, err := env.RequestedEvent(s.ctx, reqID); err == nil {
		fields = append(fields, kv("patient", ev.Patient), kv("purpose", ev.Purpose))
	}
	if q.Status >= client.RequestGranted {
		if g, err := env.GrantOf(s.ctx, reqID); err == nil {
			fields = append(fields,
				kv("version", g.Version),
				kv("operations", operationSet(g.Terms.Operations)),
				kv("notBefore", time.Unix(int64(g.Terms.NotBefore), 0).UTC()),
				kv("notAfter", time.Unix(int64(g.Terms.NotAfter), 0).UTC()),
				kv("usesLeft", q.UsesLeft),
				kv("maxUses", g.MaxUses),
				kv("committee", g.Terms.CommitteeId),
				kv("proxies", fmt.Sprintf("%d-of-%d, members %v", g.Terms.Threshold, len(client.MembersOf(g.Terms.MemberMask)), client.MembersOf(g.Terms.MemberMask))),
				kv("bundle", cidText(g.BundleRef)))
		}
	}
	return s.out.emit(fields...)
}

func roleWords(r uint8) string { return client.RoleName(r) }
