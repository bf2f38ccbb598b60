package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/envelope"
)

func requestFlag() cli.Flag {
	return &cli.Uint64Flag{Name: "request", Usage: "access request `ID` (as `access request` prints; required)"}
}

func timeoutFlag() cli.Flag {
	return &cli.DurationFlag{Name: "timeout", Value: 2 * time.Minute, Usage: "how long to wait for the oracle"}
}

func accessCommand() *cli.Command {
	return &cli.Command{
		Name:  "access",
		Usage: "request, grant, revoke and use access to a record through the proxy oracle",
		Subcommands: []*cli.Command{
			{
				Name:  "request",
				Usage: "as a requester, ask for access to a record",
				Flags: []cli.Flag{
					asFlag("the requester"),
					recordFlag(),
					&cli.StringFlag{Name: "operation", Value: "read", Usage: "read or write"},
					&cli.StringFlag{Name: "purpose", Usage: "purpose of use, e.g. treatment or claim (required)"},
				},
				Action: action(accessRequest),
			},
			{
				Name:  "grant",
				Usage: "as the patient, grant a request: makes a re-encryption key sealed to the proxy oracle",
				Flags: []cli.Flag{
					asFlag("the patient"),
					requestFlag(),
					&cli.DurationFlag{Name: "valid-for", Value: 24 * time.Hour, Usage: "how long the grant stays live"},
					&cli.StringFlag{Name: "operations", Value: "read", Usage: "operations granted: read, write or read,write"},
				},
				Action: action(accessGrant),
			},
			{
				Name:   "revoke",
				Usage:  "as the patient or the requester, revoke a request or grant",
				Flags:  []cli.Flag{asFlag("the patient or the requester"), requestFlag()},
				Action: action(accessRevoke),
			},
			{
				Name:  "get",
				Usage: "as the requester, use a grant: get-access, wait for the oracle, decrypt and write the record",
				Flags: []cli.Flag{
					asFlag("the requester"),
					requestFlag(),
					&cli.StringFlag{Name: "out", Usage: "write the verified plaintext to `FILE` (required)"},
					forceFlag(),
					timeoutFlag(),
				},
				Action: action(accessGet),
			},
			{
				Name:   "status",
				Usage:  "print a request and its grant",
				Flags:  []cli.Flag{requestFlag()},
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
	purpose, err := requireString(s.c, "purpose", "the purpose of use, e.g. treatment or claim")
	if err != nil {
		return err
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
	patient, err := s.identityFrom("as", "", "the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	if err := s.proxy(env); err != nil {
		return err
	}
	tx, err := env.Grant(s.ctx, patient, reqID, validFor, ops)
	if err != nil {
		return err
	}
	return s.out.emit(kv("requestId", reqID), kv("operations", operationSet(ops)), kv("validFor", validFor.String()),
		kv("proxy", env.Proxy), kv("tx", tx))
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
		return fmt.Errorf("identity %s has no PRE key, which the oracle re-encrypts to", requester.Name)
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	// get-access first, then the read of its answer, so a failed wait can name the access to
	// resume with `record get --access`.
	accessID, tx, err := env.GetAccess(s.ctx, requester, reqID)
	if err != nil {
		return err
	}
	s.log.Info().Uint64("accessId", accessID).Str("tx", tx.Hash.Hex()).Msg("get-access sent; waiting for the oracle")
	ctx, cancel := contextWithTimeout(s, "timeout")
	defer cancel()
	bar := s.progress("read", "reading", 0)
	env.ReadProgress = bar.update
	var (
		f      *client.Fulfilment
		opened *envelope.Opened
	)
	err = writeVerified(out, s.c.Bool("force"), func(w io.Writer) error {
		var err error
		f, opened, err = env.ReadFulfilled(ctx, requester, accessID, w)
		return err
	})
	bar.finish()
	if err != nil {
		if errors.Is(err, context.DeadlineExceeded) {
			return fmt.Errorf("%w (get-access %d is on chain; read it later with `emrchain record get --access %d`)", err, accessID, accessID)
		}
		return err
	}
	return s.out.emit(kv("requestId", reqID), kv("accessId", accessID), kv("oracle", f.Oracle), kv("out", out),
		kv("bytes", opened.PlaintextSize), kv("provider", opened.Signer), kv("plaintextSha256", common.Hash(opened.PlaintextSHA256)),
		kv("tx", tx), kv("fulfilTx", f.TxHash))
}

var requestStatus = []string{"none", "requested", "granted", "revoked", "expired"}

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
	if err != nil {
		return fmt.Errorf("read request %d: %w", reqID, err)
	}
	if q.Status == 0 {
		return fmt.Errorf("request %d does not exist", reqID)
	}
	fields := []field{
		kv("requestId", reqID),
		kv("status", enumName(requestStatus, q.Status)),
		kv("requester", q.Requester),
		kv("requesterRole", client.RoleName(q.RequesterRole)),
		kv("patient", q.Patient),
		kv("recordId", common.Hash(q.RecordId)),
		kv("operation", enumName(operationNames, q.Operation)),
		kv("purpose", common.Hash(q.Purpose)),
	}
	if q.NotAfter != 0 {
		fields = append(fields,
			kv("version", q.Version),
			kv("operations", operationSet(q.Operations)),
			kv("notBefore", time.Unix(int64(q.NotBefore), 0).UTC()),
			kv("notAfter", time.Unix(int64(q.NotAfter), 0).UTC()),
			kv("rekeyCommitment", common.Hash(q.RekeyCommitment)))
	}
	return s.out.emit(fields...)
}
