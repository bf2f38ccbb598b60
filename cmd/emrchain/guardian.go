package main

import (
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
)

// maxGuardianGrant is Guardians.MAX_GRANT_WINDOW: a longer window is refused on chain.
const maxGuardianGrant = 30 * 24 * time.Hour

func guardianCommand() *cli.Command {
	scopeUsage := "what the guardian may do, comma-separated `SCOPES`: " + strings.Join(client.ScopeNames(), ", ") + ", or all (required)"
	return &cli.Command{
		Name:  "guardian",
		Usage: "name guardians with scoped, time-bounded rights, and act as a patient's guardians (t of them together)",
		Description: "A patient names guardians (a parent for a child, a relative for an incapacitated adult), each with " +
			"scopes (grant: let a requester read one record; revoke: end such a grant; timeline: read the patient's " +
			"timeline; cosign: approve new versions in her place; erase: approve erasing a record on a court order) " +
			"and an end date. A threshold of guardians acts together: one proposes (`guardian grant`, `guardian " +
			"revoke`, `guardian erase`), the others `guardian approve`; the approval that reaches the threshold " +
			"executes. Everything is on chain and on the patient's timeline.",
		Subcommands: []*cli.Command{
			{
				Name:  "add",
				Usage: "as the patient, name a guardian (or change one's scopes or end)",
				Flags: []cli.Flag{
					asFlag("the patient"),
					&cli.StringFlag{Name: "guardian", Usage: "the guardian's `ADDRESS`, an enrolled participant (required)"},
					&cli.StringFlag{Name: "scope", Usage: scopeUsage},
					spanFlag("valid-for", "how long the guardian may act"),
					untilFlag("until", "when the guardian stops being able to act"),
				},
				Action: action(guardianAdd),
			},
			{
				Name:   "remove",
				Usage:  "as the patient, remove a guardian (open proposals are voided)",
				Flags:  []cli.Flag{asFlag("the patient"), &cli.StringFlag{Name: "guardian", Usage: "the guardian's `ADDRESS` (required)"}},
				Action: action(guardianRemove),
			},
			{
				Name:   "threshold",
				Usage:  "as the patient, set how many guardians must approve an action (open proposals are voided)",
				Flags:  []cli.Flag{asFlag("the patient"), &cli.UintFlag{Name: "threshold", Usage: "`T`, 1 to 16 (required)"}},
				Action: action(guardianThreshold),
			},
			{
				Name:   "list",
				Usage:  "list a patient's guardians, their scopes and ends, and the threshold",
				Flags:  patientOrSelfFlags(),
				Action: action(guardianList),
			},
			{
				Name:  "grant",
				Usage: "as a guardian, propose that a requester may read one record of the patient's (through its network capsule)",
				Flags: []cli.Flag{
					asFlag("a guardian with the grant scope"),
					recordFlag(),
					&cli.StringFlag{Name: "requester", Usage: "the reader's `ADDRESS`, an active provider or requester (required)"},
					spanFlag("valid-for", "how long the reader may read, at most 30d"),
					untilFlag("until", "when the grant ends"),
				},
				Action: action(guardianGrant),
			},
			{
				Name: "revoke",
				Usage: "end a guardian grant: its patient or reader does it at once; a guardian with the revoke scope " +
					"proposes it to the other guardians",
				Flags:  []cli.Flag{asFlag("the patient, the reader or a guardian"), idFlag("grant", "guardian grant")},
				Action: action(guardianRevoke),
			},
			{
				Name:   "erase",
				Usage:  "as a guardian with the erase scope, propose approving a court-ordered erasure of a record (the admin then runs `record erase`)",
				Flags:  []cli.Flag{asFlag("a guardian with the erase scope"), recordFlag()},
				Action: action(guardianErase),
			},
			{
				Name:   "approve",
				Usage:  "as a guardian, approve a proposal; the approval that reaches the threshold executes it",
				Flags:  []cli.Flag{asFlag("a guardian"), idFlag("proposal", "proposal")},
				Action: action(guardianApprove),
			},
			{
				Name:   "cancel",
				Usage:  "cancel an open proposal, as the patient or a guardian with the action's scope",
				Flags:  []cli.Flag{asFlag("the patient or a guardian"), idFlag("proposal", "proposal")},
				Action: action(guardianCancel),
			},
			{
				Name:   "proposals",
				Usage:  "list the proposals made for a patient and where each stands",
				Flags:  patientOrSelfFlags(),
				Action: action(guardianProposals),
			},
		},
	}
}

func guardianAdd(s *session) error {
	guardian, err := addressFlag(s, "guardian", "the guardian's address")
	if err != nil {
		return err
	}
	scopeText, err := requireString(s.c, "scope", "what the guardian may do: "+strings.Join(client.ScopeNames(), ", ")+", or all")
	if err != nil {
		return err
	}
	scopes, err := client.ParseScopes(strings.Split(scopeText, ","))
	if err != nil {
		return usageErrorf("bad --scope %q: %v", scopeText, err)
	}
	patient, env, err := actorEnv(s, "the patient's identity")
	if err != nil {
		return err
	}
	now, err := chainNow(s, env)
	if err != nil {
		return err
	}
	until, err := endFrom(s, now, "until", "valid-for", "how long the guardian may act")
	if err != nil {
		return err
	}
	tx, err := env.SetGuardian(s.ctx, patient, guardian, scopes, until)
	if err != nil {
		return err
	}
	return s.out.emit(kv("patient", patient.Address()), kv("guardian", guardian), kv("scopes", client.ScopeString(scopes)),
		kv("validUntil", until), kv("tx", tx))
}

func guardianRemove(s *session) error {
	guardian, err := addressFlag(s, "guardian", "the guardian's address")
	if err != nil {
		return err
	}
	patient, env, err := actorEnv(s, "the patient's identity")
	if err != nil {
		return err
	}
	tx, err := env.RemoveGuardian(s.ctx, patient, guardian)
	if err != nil {
		return err
	}
	return s.out.emit(kv("patient", patient.Address()), kv("removed", guardian), kv("tx", tx))
}

func guardianThreshold(s *session) error {
	t := s.c.Uint("threshold")
	if !s.c.IsSet("threshold") {
		return errMissingFlag("threshold", "how many guardians must approve an action (1 to 16)")
	}
	if t < 1 || t > 16 {
		return usageErrorf("bad --threshold %d: want 1 to 16", t)
	}
	patient, env, err := actorEnv(s, "the patient's identity")
	if err != nil {
		return err
	}
	tx, err := env.SetGuardianThreshold(s.ctx, patient, uint8(t))
	if err != nil {
		return err
	}
	return s.out.emit(kv("patient", patient.Address()), kv("threshold", t), kv("tx", tx))
}

func guardianList(s *session) error {
	patient, err := patientOrSelf(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	set, err := env.GuardiansOf(s.ctx, patient)
	if err != nil {
		return err
	}
	if s.out.json {
		type row struct {
			Guardian   common.Address `json:"guardian"`
			Index      uint8          `json:"index"`
			Scopes     string         `json:"scopes"`
			ValidUntil time.Time      `json:"validUntil"`
			Active     bool           `json:"active"`
		}
		rows := []row{}
		for _, g := range set.Guardians {
			rows = append(rows, row{g.Address, g.Index, client.ScopeString(g.Scopes), g.ValidUntil, g.Active})
		}
		return s.out.emit(kv("patient", patient), kv("threshold", set.Threshold), kv("guardians", rows))
	}
	var rows []string
	for _, g := range set.Guardians {
		state := "may act"
		if !g.Active {
			state = "cannot act now (expired, suspended or removed from the registry)"
		}
		rows = append(rows, fmt.Sprintf("%d. %s: %s, until %s, %s", g.Index, g.Address.Hex(), client.ScopeString(g.Scopes), g.ValidUntil.Format(time.RFC3339), state))
	}
	return s.out.emit(kv("patient", patient), kv("threshold", fmt.Sprintf("%d of %d", set.Threshold, len(set.Guardians))), kv("guardians", rowsOrNone(rows)))
}

// proposedFields says what a proposal or approval did.
func proposedFields(s *session, env *client.Env, p *client.Proposed) []field {
	f := []field{kv("proposal", p.ProposalID)}
	if p.Executed {
		f = append(f, kv("status", "executed"))
		if p.GrantID != 0 {
			f = append(f, kv("grant", p.GrantID))
		}
	} else if pr, err := env.Proposal(s.ctx, p.ProposalID); err == nil {
		th, _ := env.GuardiansOf(s.ctx, pr.Patient)
		need := 1
		if th != nil {
			need = int(th.Threshold)
		}
		f = append(f, kv("status", fmt.Sprintf("open: %d of %d approvals; the other guardians run `emrchain guardian approve --proposal %d`",
			len(client.MembersOf(pr.Approvals)), need, p.ProposalID)))
	}
	return append(f, kv("tx", p.Tx))
}

func guardianGrant(s *session) error {
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	requester, err := addressFlag(s, "requester", "who may read the record")
	if err != nil {
		return err
	}
	guardian, env, err := actorEnv(s, "the guardian's identity")
	if err != nil {
		return err
	}
	rec, err := readRecord(s, env, recordID)
	if err != nil {
		return err
	}
	now, err := chainNow(s, env)
	if err != nil {
		return err
	}
	until, err := endFrom(s, now, "until", "valid-for", "how long the reader may read (at most 30d)")
	if err != nil {
		return err
	}
	if until.Sub(now) > maxGuardianGrant {
		return usageErrorf("a guardian grant lasts at most 30d (Guardians.MAX_GRANT_WINDOW); it would end %s", until.Format(time.RFC3339))
	}
	p, err := env.Propose(s.ctx, guardian, client.GuardianProposal{Patient: rec.Patient, Action: client.GuardianGrant,
		RecordID: recordID, Requester: requester, NotAfter: until})
	if err != nil {
		return err
	}
	return s.out.emit(append([]field{kv("patient", rec.Patient), kv("action", "grant"), kv("record", common.Hash(recordID)),
		kv("requester", requester), kv("until", until)}, proposedFields(s, env, p)...)...)
}

func guardianRevoke(s *session) error {
	grantID, err := uintFlag(s, "grant", "the guardian grant to end")
	if err != nil {
		return err
	}
	actor, env, err := actorEnv(s, "the patient's, reader's or guardian's identity")
	if err != nil {
		return err
	}
	g, err := env.GuardianGrantOf(s.ctx, grantID)
	if err != nil {
		return err
	}
	if actor.Address() == g.Patient || actor.Address() == g.Requester {
		tx, err := env.RevokeGuardianGrant(s.ctx, actor, grantID)
		if err != nil {
			return err
		}
		return s.out.emit(kv("grant", grantID), kv("status", "revoked"), kv("tx", tx))
	}
	p, err := env.Propose(s.ctx, actor, client.GuardianProposal{Patient: g.Patient, Action: client.GuardianRevoke, GrantID: grantID})
	if err != nil {
		return err
	}
	return s.out.emit(append([]field{kv("patient", g.Patient), kv("action", "revoke"), kv("grant", grantID)}, proposedFields(s, env, p)...)...)
}

func guardianErase(s *session) error {
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	guardian, env, err := actorEnv(s, "the guardian's identity")
	if err != nil {
		return err
	}
	rec, err := readRecord(s, env, recordID)
	if err != nil {
		return err
	}
	p, err := env.Propose(s.ctx, guardian, client.GuardianProposal{Patient: rec.Patient, Action: client.GuardianErase, RecordID: recordID})
	if err != nil {
		return err
	}
	f := append([]field{kv("patient", rec.Patient), kv("action", "erase"), kv("record", common.Hash(recordID))}, proposedFields(s, env, p)...)
	if p.Executed {
		f = append(f, kv("next", fmt.Sprintf("the registry's admin runs `emrchain record erase --record %s`", common.Hash(recordID).Hex())))
	}
	return s.out.emit(f...)
}

func guardianApprove(s *session) error {
	id, err := uintFlag(s, "proposal", "the proposal to approve")
	if err != nil {
		return err
	}
	guardian, env, err := actorEnv(s, "the guardian's identity")
	if err != nil {
		return err
	}
	pr, err := env.Proposal(s.ctx, id)
	if err != nil {
		return err
	}
	p, err := env.ApproveProposal(s.ctx, guardian, id)
	if err != nil {
		return err
	}
	f := append([]field{kv("patient", pr.Patient), kv("action", client.GuardianActionName(pr.Action))}, proposedFields(s, env, p)...)
	if p.Executed && pr.Action == client.GuardianErase {
		f = append(f, kv("next", fmt.Sprintf("the registry's admin runs `emrchain record erase --record %s`", common.Hash(pr.RecordId).Hex())))
	}
	return s.out.emit(f...)
}

func guardianCancel(s *session) error {
	id, err := uintFlag(s, "proposal", "the proposal to cancel")
	if err != nil {
		return err
	}
	actor, env, err := actorEnv(s, "the patient's or guardian's identity")
	if err != nil {
		return err
	}
	tx, err := env.CancelProposal(s.ctx, actor, id)
	if err != nil {
		return err
	}
	return s.out.emit(kv("proposal", id), kv("status", "cancelled"), kv("tx", tx))
}

func guardianProposals(s *session) error {
	patient, err := patientOrSelf(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	ids, err := env.ProposalsFor(s.ctx, patient)
	if err != nil {
		return err
	}
	var rows []string
	for _, id := range ids {
		p, err := env.Proposal(s.ctx, id)
		if err != nil {
			return err
		}
		what := client.GuardianActionName(p.Action)
		switch p.Action {
		case client.GuardianGrant:
			what += fmt.Sprintf(" %s a read of record %s until %s", p.Requester.Hex(), common.Hash(p.RecordId).Hex(), time.Unix(int64(p.NotAfter), 0).UTC().Format(time.RFC3339))
		case client.GuardianRevoke:
			what += fmt.Sprintf(" guardian grant %d", p.GrantId)
		case client.GuardianErase:
			what += fmt.Sprintf(" record %s", common.Hash(p.RecordId).Hex())
		}
		rows = append(rows, fmt.Sprintf("%d. %s: %s, approvals %v", id, what, client.ProposalStatusName(p.Status), client.MembersOf(p.Approvals)))
	}
	return s.out.emit(kv("patient", patient), kv("proposals", rowsOrNone(rows)))
}
