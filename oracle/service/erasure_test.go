package service_test

import (
	"fmt"
	"testing"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/oracle/chain"
	"github.com/emrchain/emrchain/oracle/state"
)

// TestCommitteeWithholdsRevealsOfErasedRecord: the patient erases a record after a 2-of-3
// committee fulfilled an access to it, before the members' commits are final at their depth.
// No member reveals its fragment: each sees the erasure at the head and waits, then, once it
// applies the erasure, drops the fragment from its state and ends the reveal as Erased.
func TestCommitteeWithholdsRevealsOfErasedRecord(t *testing.T) {
	// 60 blocks of 50 ms: time for the erasure to be mined before any commit is final.
	cw := newCommitteeWorld(t, 3, 2, 60, nil)
	req := cw.grant(t, 2, 1)
	env := cw.Env()
	g, err := env.GrantOf(ctx, req)
	check(t, err)
	inv, err := env.GetAccess(ctx, cw.Identity(cw.requester), req)
	check(t, err)
	waitFor(t, "the access fulfilled", func() bool {
		st, err := env.AnswerState(ctx, client.GateAccess, inv.AccessID)
		return err == nil && st.Status == chain.AnswerFulfilled
	})
	_, err = env.EraseRecord(ctx, cw.Identity(cw.patient), g.RecordID, client.EraseOptions{})
	check(t, err)
	st, err := env.AnswerState(ctx, client.GateAccess, inv.AccessID)
	check(t, err)
	if st.RevealMask != 0 {
		t.Fatalf("revealed before the erasure landed (the test's window was too short): %+v", st)
	}

	for i, o := range cw.nodes {
		member := uint16(1) << i
		if st.CommitMask&member == 0 {
			continue // a spare that had not committed: nothing of it to reveal
		}
		reveal := state.Key{Kind: state.KindAccess + state.KindReveal, ID: inv.AccessID}
		waitFor(t, fmt.Sprintf("node %d drops its reveal", i+1), func() bool {
			if st, err := env.AnswerState(ctx, client.GateAccess, inv.AccessID); err == nil && st.RevealMask != 0 {
				t.Fatalf("a member revealed its fragment for an erased record: %+v", st)
			}
			j, ok, err := o.State().Job(ctx, reveal)
			return err == nil && ok && j.Status == state.Done && j.Outcome == state.Erased
		})
		commit, ok, err := o.State().Job(ctx, state.Key{Kind: state.KindAccess, ID: inv.AccessID})
		if err != nil || !ok {
			t.Fatalf("node %d's commit job: %v %v", i+1, ok, err)
		}
		if _, _, kept := commit.Answer.Fragment(); kept {
			t.Errorf("node %d still keeps its fragment for the erased record", i+1)
		}
	}
	st, err = env.AnswerState(ctx, client.GateAccess, inv.AccessID)
	check(t, err)
	if st.RevealMask != 0 {
		t.Fatalf("a member revealed its fragment for an erased record: %+v", st)
	}
}
