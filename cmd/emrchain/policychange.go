package main

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
)

func recordPolicyCommand() *cli.Command {
	return &cli.Command{
		Name:    "policy",
		Aliases: []string{"change-policy"},
		Usage:   "as the patient, change who may read a record by attributes, reviewing the old and new policy in words",
		Description: "The patient's client recovers the record's data key with her seed, checks every attribute of the new policy " +
			"is defined, shows the policy now and the new one in words, then (with --yes, or her answer on the terminal) builds " +
			"a new gate object under the new policy and the current key epoch and points the record at it " +
			"(RecordRegistry.changePolicy); the old gate object is removed from the store. --no-policy ends attribute reads. " +
			"The same policy again re-wraps the gate under the current key epoch, so attribute keys of older epochs no longer " +
			"open it. Grants are not affected; reads already answered stay answered.",
		Flags: append([]cli.Flag{
			asFlag("the patient"),
			recordFlag(),
			&cli.StringFlag{Name: "policy", Usage: "the new CP-ABE `POLICY`, e.g. \"acme/role:insurer and acme/dept:claims\""},
			&cli.BoolFlag{Name: "no-policy", Usage: "remove the policy: no attribute reads any more"},
		}, approvalFlags("")...),
		Action: action(recordPolicy),
	}
}

// policyChangeLines is what the patient is shown before her client changes a policy.
func policyChangeLines(rv *client.PolicyReview) []string {
	lines := []string{fmt.Sprintf("record %s, version %d", common.Hash(rv.RecordID).Hex(), rv.Version)}
	if rv.Previous != nil {
		lines = append(lines, "policy now: "+rv.Previous.String())
	}
	lines = append(lines, "  in words: "+rv.PreviousWords)
	if rv.Policy != nil {
		lines = append(lines, "new policy: "+rv.Policy.String(), "  in words: "+rv.PolicyWords,
			fmt.Sprintf("  each such read goes through proxy committee %d and shows on your timeline (attribute keys of epoch %d)", rv.CommitteeID, rv.Epoch))
	} else {
		lines = append(lines, "new policy: none", "  in words: "+rv.PolicyWords)
	}
	if rv.NetworkCapsule {
		lines = append(lines, "the record's network capsule (care access) stays, sealed again to committee "+fmt.Sprint(rv.CommitteeID))
	}
	return lines
}

func recordPolicy(s *session) error {
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	policy, err := parsePolicyFlag(s, "policy")
	if err != nil {
		return err
	}
	switch none := s.c.Bool("no-policy"); {
	case policy != nil && none:
		return usageErrorf("--policy and --no-policy are exclusive")
	case policy == nil && !none:
		return usageErrorf("give the new --policy, or --no-policy to end attribute reads")
	}
	patient, err := s.patientFrom("the patient's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	if policy != nil {
		if err := s.needABE(env); err != nil {
			return err
		}
	}
	ch, err := env.ChangePolicy(s.ctx, patient, recordID, policy, client.ChangePolicyOptions{
		CommitteeID: s.c.Uint64("committee"),
		Confirm: func(rv *client.PolicyReview) error {
			event := map[string]any{"event": "review", "recordId": common.Hash(rv.RecordID), "version": rv.Version,
				"previousPolicyInWords": rv.PreviousWords, "policyInWords": rv.PolicyWords, "committee": rv.CommitteeID}
			if rv.Policy != nil {
				event["policy"] = rv.Policy.String()
			}
			return s.confirm("Review before changing the policy:", "Change the record's policy?", policyChangeLines(rv), event)
		},
	})
	if err != nil {
		if isNotApproved(err) {
			return err
		}
		return fmt.Errorf("change policy: %w", err)
	}
	if ch.UnpinError != nil {
		s.log.Warn().Err(ch.UnpinError).Msg("the old gate object is still in the store; `emrchain store gc` removes it")
	}
	rv := ch.Review
	fields := []field{kv("recordId", common.Hash(recordID)), kv("version", rv.Version)}
	if rv.Policy != nil {
		fields = append(fields, kv("policy", rv.Policy.String()), kv("keyEpoch", rv.Epoch))
	} else {
		fields = append(fields, kv("policy", "none"))
	}
	fields = append(fields, kv("policyInWords", rv.PolicyWords), kv("previousPolicyInWords", rv.PreviousWords))
	if len(ch.GateRef) > 0 {
		fields = append(fields, kv("gate", cidText(ch.GateRef)), kv("committee", rv.CommitteeID))
	}
	return s.out.emit(append(fields, kv("tx", ch.Tx))...)
}
