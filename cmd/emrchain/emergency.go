package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/envelope"
)

func emergencyCommand() *cli.Command {
	session := func() cli.Flag { return idFlag("session", "break-glass session") }
	return &cli.Command{
		Name: "emergency",
		Usage: "break-glass: emergency staff read a patient's records without a grant, through the proxy committee, " +
			"for at most 24 hours with a stated reason; loudly audited and notified to the patient and her guardians",
		Subcommands: []*cli.Command{
			{
				Name:  "staff",
				Usage: "as the admin, mark an enrolled provider as emergency staff (or unmark it with --remove)",
				Flags: []cli.Flag{
					asFlag("the admin"),
					&cli.StringFlag{Name: "provider", Usage: "the provider's `ADDRESS` (required)"},
					&cli.BoolFlag{Name: "remove", Usage: "unmark instead of mark"},
				},
				Action: action(emergencyStaff),
			},
			{
				Name:      "setting",
				Usage:     "as the patient, allow break-glass (on, the default), refuse it (off), or allow it only to emergency staff of named organisations (restricted --org NAME ...)",
				ArgsUsage: "on|off|restricted",
				Flags: []cli.Flag{
					asFlag("the patient"),
					&cli.StringSliceFlag{Name: "org", Usage: "with restricted: an organisation `NAME` whose emergency staff may break the glass (repeat, or comma-separate)"},
				},
				Action: action(emergencySetting),
			},
			{
				Name:  "open",
				Usage: "as emergency staff, open a break-glass session for a patient, with a reason code and a window of at most 24h",
				Flags: []cli.Flag{
					asFlag("the emergency provider"),
					&cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (required)"},
					&cli.StringFlag{Name: "reason", Usage: "a reason `CODE` such as unconscious or cardiac-arrest, never clinical detail: the chain is public (required)"},
					&cli.DurationFlag{Name: "valid-for", Value: time.Hour, Usage: "the session's window, at most 24h"},
				},
				Action: action(emergencyOpen),
			},
			{
				Name:  "read",
				Usage: "under an open session, read the patient's records through the proxy committee: all of them into --out DIR, or one (--record) into --out FILE",
				Flags: []cli.Flag{
					asFlag("the emergency provider"),
					session(),
					&cli.StringFlag{Name: "record", Usage: "read only record `ID` (0x-prefixed 32-byte hex); --out is then a file"},
					&cli.StringFlag{Name: "out", Usage: "the `PATH` to write to: a directory (one file per record, named by its id), or a file with --record (required)"},
					forceFlag(),
					&cli.DurationFlag{Name: "timeout", Value: 2 * time.Minute, Usage: "how long to wait for the proxy committee, per record"},
				},
				Action: action(emergencyRead),
			},
			{
				Name:   "close",
				Usage:  "close a session before its window ends: its provider, its patient or the admin; reads in flight stop being answered",
				Flags:  []cli.Flag{asFlag("the provider, the patient or the admin"), session()},
				Action: action(emergencyClose),
			},
			{
				Name:  "list",
				Usage: "list break-glass sessions, oldest first, with their state; with --provider also its session count and staff mark",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "patient", Usage: "only sessions for the patient at `ADDRESS`"},
					&cli.StringFlag{Name: "provider", Usage: "only sessions the provider at `ADDRESS` opened"},
				},
				Action: action(emergencyList),
			},
			{Name: "show", Usage: "print one session", Flags: []cli.Flag{session()}, Action: action(emergencyShow)},
		},
	}
}

func sessionID(s *session) (uint64, error) {
	if !s.c.IsSet("session") {
		return 0, errMissingFlag("session", "the break-glass session id (see `emrchain emergency list`)")
	}
	return s.c.Uint64("session"), nil
}

func addressFlag(s *session, name, what string) (common.Address, error) {
	v, err := requireString(s.c, name, what)
	if err != nil {
		return common.Address{}, err
	}
	return parseAddress(name, v)
}

func emergencyStaff(s *session) error {
	provider, err := addressFlag(s, "provider", "the provider's address")
	if err != nil {
		return err
	}
	admin, env, err := actorEnv(s, "the admin's identity")
	if err != nil {
		return err
	}
	staff := !s.c.Bool("remove")
	tx, err := env.SetEmergencyStaff(s.ctx, admin, provider, staff)
	if err != nil {
		return err
	}
	n, err := env.SessionsOf(s.ctx, provider)
	if err != nil {
		return err
	}
	return s.out.emit(kv("provider", provider), kv("emergencyStaff", staff), kv("sessionsOpened", n), kv("tx", tx))
}

func emergencySetting(s *session) error {
	if s.c.NArg() != 1 {
		return usageErrorf("name the setting: on, off or restricted (with --org NAME)")
	}
	mode, err := client.ParseEmergencyMode(s.c.Args().First())
	if err != nil {
		return usageErrorf("%v", err)
	}
	var orgs []string
	for _, o := range s.c.StringSlice("org") {
		for _, part := range strings.Split(o, ",") {
			if part = strings.TrimSpace(part); part != "" {
				orgs = append(orgs, part)
			}
		}
	}
	switch {
	case mode == client.EmergencyRestricted && len(orgs) == 0:
		return usageErrorf("restricted names the organisations allowed: --org NAME")
	case mode != client.EmergencyRestricted && len(orgs) > 0:
		return usageErrorf("--org goes with restricted, not %s", mode)
	}
	patient, env, err := actorEnv(s, "the patient's identity")
	if err != nil {
		return err
	}
	tx, err := env.SetEmergencySetting(s.ctx, patient, mode, orgs)
	if err != nil {
		return err
	}
	fields := []field{kv("patient", patient.Address()), kv("breakGlass", mode.String())}
	if len(orgs) > 0 {
		fields = append(fields, kv("organisations", orgs))
	}
	if mode == client.EmergencyOff {
		fields = append(fields, kv("note", "records you co-sign from now on leave out the network capsule; those co-signed before keep it until updated"))
	}
	return s.out.emit(append(fields, kv("tx", tx))...)
}

func emergencyOpen(s *session) error {
	patient, err := addressFlag(s, "patient", "the patient's address")
	if err != nil {
		return err
	}
	reason, err := requireString(s.c, "reason", "a reason code such as unconscious")
	if err != nil {
		return err
	}
	if _, err := client.ReasonCode(reason); err != nil {
		return usageErrorf("bad --reason %q: %v", reason, err)
	}
	validFor := s.c.Duration("valid-for")
	if validFor < time.Second || validFor > client.MaxEmergencyWindow {
		return usageErrorf("bad --valid-for %s: a session lasts 1s to 24h", validFor)
	}
	provider, env, err := actorEnv(s, "the emergency provider's identity")
	if err != nil {
		return err
	}
	sess, tx, err := env.OpenSession(s.ctx, provider, patient, reason, validFor)
	if err != nil {
		return err
	}
	return s.out.emit(append(sessionFields(sess),
		kv("next", fmt.Sprintf("`emrchain emergency read --session %d --out DIR` reads the patient's records; `emrchain emergency close --session %d` ends it", sess.ID, sess.ID)),
		kv("tx", tx))...)
}

func sessionFields(sess *client.Session) []field {
	state := "open until " + sess.ExpiresAt.Format(time.RFC3339)
	switch {
	case sess.Closed && sess.ClosedBy != (common.Address{}):
		state = "closed by " + sess.ClosedBy.Hex()
	case sess.Closed:
		state = "closed"
	case !sess.Open(time.Now()):
		state = "expired at " + sess.ExpiresAt.Format(time.RFC3339)
	}
	f := []field{kv("session", sess.ID), kv("patient", sess.Patient), kv("provider", sess.Provider), kv("reason", sess.Reason),
		kv("opened", sess.OpenedAt.Format(time.RFC3339)), kv("state", state)}
	if sess.ProviderSessions > 0 {
		f = append(f, kv("providerSessions", sess.ProviderSessions))
	}
	return f
}

func emergencyRead(s *session) error {
	id, err := sessionID(s)
	if err != nil {
		return err
	}
	out, err := requireString(s.c, "out", "where to write the records")
	if err != nil {
		return err
	}
	force := s.c.Bool("force")
	var one *[32]byte
	if s.c.IsSet("record") {
		r, err := recordIDFlag(s)
		if err != nil {
			return err
		}
		one = &r
		if err := checkOut("out", out, force); err != nil {
			return err
		}
	} else if fi, err := os.Stat(out); err == nil && !fi.IsDir() {
		return usageErrorf("--out %s is a file: without --record, --out names a directory", out)
	}
	provider, env, err := actorEnv(s, "the emergency provider's identity")
	if err != nil {
		return err
	}
	sess, err := env.Session(s.ctx, id)
	if err != nil {
		return err
	}
	if sess.Provider != provider.Address() {
		return fmt.Errorf("session %d is %s's, not %s's: %w", id, sess.Provider.Hex(), provider.Address().Hex(), contracts.Revert("NotSessionParty"))
	}
	records := [][32]byte{}
	if one != nil {
		records = append(records, *one)
	} else {
		if records, err = env.PatientRecords(s.ctx, sess.Patient); err != nil {
			return err
		}
		if len(records) == 0 {
			return fmt.Errorf("patient %s has no active records", sess.Patient.Hex())
		}
		if err := os.MkdirAll(out, 0o700); err != nil {
			return fmt.Errorf("--out %s: %w", out, err)
		}
	}
	var rows []string
	var rowsJSON []map[string]any
	for _, rec := range records {
		path := out
		if one == nil {
			path = filepath.Join(out, common.Hash(rec).Hex())
			if err := checkOut("out", path, force); err != nil {
				return err
			}
		}
		res, opened, err := s.careRead(env, provider, client.RuleEmergency, id, rec, path, force)
		if err != nil {
			if errors.Is(err, client.ErrNoNetworkCapsule) && one == nil {
				rows = append(rows, fmt.Sprintf("%s: skipped, %v", common.Hash(rec).Hex(), err))
				rowsJSON = append(rowsJSON, map[string]any{"record": common.Hash(rec), "skipped": err.Error()})
				continue
			}
			return err
		}
		rows = append(rows, fmt.Sprintf("%s: %d bytes by %s into %s (care read %d, answered by %s)", common.Hash(rec).Hex(), opened.PlaintextSize,
			opened.Signer.Hex(), path, res.ReadID, strings.Join(answeredBy(res.Used), " and ")))
		rowsJSON = append(rowsJSON, map[string]any{"record": common.Hash(rec), "out": path, "bytes": opened.PlaintextSize, "provider": opened.Signer,
			"plaintextSha256": common.Hash(opened.PlaintextSHA256), "careRead": res.ReadID, "answeredBy": answeredBy(res.Used)})
	}
	if s.out.json {
		return s.out.emit(kv("session", id), kv("patient", sess.Patient), kv("records", rowsJSON))
	}
	return s.out.emit(kv("session", id), kv("patient", sess.Patient), kv("records", lines(rows)))
}

func answeredBy(used []client.Reveal) []string {
	var out []string
	for _, r := range used {
		out = append(out, fmt.Sprintf("member %d (%s)", r.Member, r.Node.Hex()))
	}
	return out
}

// careRead reads one record through CareReads under rule's entry ruleID into path: the blinding
// is kept before the request is sent, so a read interrupted while the committee answers is
// finished with `record get --care-read ID` rather than requested (and audited) twice.
func (s *session) careRead(env *client.Env, reader *client.Identity, rule client.CareRule, ruleID uint64, recordID [32]byte, path string, force bool) (*client.CareRead, *envelope.Opened, error) {
	p, err := s.requestCareRead(env, reader, rule, ruleID, recordID)
	if err != nil {
		return nil, nil, err
	}
	return s.finishCareRead(env, reader, p, path, force)
}

// finishCareRead waits for the committee's shares of a care read and writes the record to path.
func (s *session) finishCareRead(env *client.Env, reader *client.Identity, p *client.PendingRead, path string, force bool) (*client.CareRead, *envelope.Opened, error) {
	var res *client.CareRead
	var opened *envelope.Opened
	err := writeVerified(path, force, func(w io.Writer) error {
		ctx, cancel := contextWithTimeout(s, "timeout")
		defer cancel()
		var err error
		res, opened, err = env.FinishCareRead(ctx, reader, p, w, s.awaitOptions())
		return err
	})
	if err != nil {
		if errors.Is(err, client.ErrRejected) {
			forgetRead(s, p.Request)
		}
		return res, nil, s.waitError(err, fmt.Sprintf("care read %d is on chain; finish it later with `emrchain record get --care-read %d --out FILE`", p.ReadID, p.ReadID))
	}
	forgetRead(s, p.Request)
	return res, opened, nil
}

// findCareRead finds the kept blinding of care read id.
func findCareRead(s *session, env *client.Env, id uint64) (*client.PendingRead, error) {
	c := env.Set.Care
	r, err := bind.Call(c.BoundContract, &bind.CallOpts{Context: s.ctx}, c.ABI.PackRead(id), c.ABI.UnpackRead)
	if err != nil {
		return nil, fmt.Errorf("care read %d: %w", id, err)
	}
	if r.Requester == (common.Address{}) {
		return nil, fmt.Errorf("care read %d does not exist", id)
	}
	if p := findKept(s, id, r.BlindedHash); p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("this machine kept no blinding for care read %d (it was requested elsewhere, or finished already): read again", id)
}

func emergencyClose(s *session) error {
	id, err := sessionID(s)
	if err != nil {
		return err
	}
	actor, env, err := actorEnv(s, "the provider's, patient's or admin's identity")
	if err != nil {
		return err
	}
	tx, err := env.CloseSession(s.ctx, actor, id)
	if err != nil {
		return err
	}
	return s.out.emit(kv("session", id), kv("state", "closed by "+actor.Address().Hex()), kv("tx", tx))
}

func emergencyList(s *session) error {
	var f client.SessionFilter
	var err error
	if s.c.IsSet("patient") {
		if f.Patient, err = parseAddress("patient", s.c.String("patient")); err != nil {
			return err
		}
	}
	if s.c.IsSet("provider") {
		if f.Provider, err = parseAddress("provider", s.c.String("provider")); err != nil {
			return err
		}
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	all, err := env.Sessions(s.ctx, f)
	if err != nil {
		return err
	}
	var fields []field
	if f.Provider != (common.Address{}) {
		n, err := env.SessionsOf(s.ctx, f.Provider)
		if err != nil {
			return err
		}
		staff, err := env.IsEmergencyStaff(s.ctx, f.Provider)
		if err != nil {
			return err
		}
		fields = append(fields, kv("provider", f.Provider), kv("emergencyStaff", staff), kv("sessionsOpened", n))
	}
	if s.out.json {
		var rows []map[string]any
		for _, x := range all {
			m := map[string]any{}
			for _, fl := range sessionFields(x) {
				m[fl.key] = fl.val
			}
			rows = append(rows, m)
		}
		return s.out.emit(append(fields, kv("sessions", rows))...)
	}
	var rows []string
	for _, x := range all {
		var parts []string
		for _, fl := range sessionFields(x)[1:] {
			parts = append(parts, fmt.Sprintf("%s %v", fl.key, fl.val))
		}
		rows = append(rows, fmt.Sprintf("session %d: %s", x.ID, strings.Join(parts, ", ")))
	}
	if len(rows) == 0 {
		return s.out.emit(append(fields, kv("sessions", "none"))...)
	}
	return s.out.emit(append(fields, kv("sessions", lines(rows)))...)
}

func emergencyShow(s *session) error {
	id, err := sessionID(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	sess, err := env.Session(s.ctx, id)
	if err != nil {
		return err
	}
	all, err := env.Sessions(s.ctx, client.SessionFilter{Patient: sess.Patient, Provider: sess.Provider})
	if err != nil {
		return err
	}
	for _, x := range all {
		if x.ID == id {
			sess = x
		}
	}
	return s.out.emit(sessionFields(sess)...)
}

// careFlags reads record get's care-read flags: the rule and entry to read under, and whether
// --care-read finishes one sent earlier.
func careFlags(s *session) (client.CareRule, uint64, bool) {
	switch {
	case s.c.IsSet("guardian-grant"):
		return client.RuleGuardian, s.c.Uint64("guardian-grant"), false
	case s.c.IsSet("consent"):
		return client.RuleConsent, s.c.Uint64("consent"), false
	}
	return 0, 0, s.c.IsSet("care-read")
}

// requestCareRead sends a care read's request (its blinding kept first), or with --care-read
// finds the one sent earlier.
func (s *session) requestCareRead(env *client.Env, reader *client.Identity, rule client.CareRule, ruleID uint64, recordID [32]byte) (*client.PendingRead, error) {
	if rule == 0 {
		return findCareRead(s, env, s.c.Uint64("care-read"))
	}
	var kept []byte
	p, err := env.RequestCareRead(s.ctx, reader, rule, ruleID, recordID, func(id [32]byte, blinding, request []byte) error {
		kept = request
		return keepRead(s, id, blinding, request)
	})
	if err != nil {
		var pe *contracts.PendingError
		if kept != nil && !errors.As(err, &pe) {
			forgetRead(s, kept)
		}
		return nil, err
	}
	s.log.Info().Uint64("careRead", p.ReadID).Str("rule", rule.String()).Uint64("ruleId", ruleID).Str("tx", p.Tx.Hash.Hex()).Msg("care read requested; waiting for the proxy committee")
	return p, nil
}
