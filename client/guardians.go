package client

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
)

// Guardian scopes, the bits a patient gives each guardian (Guardians' scope bits).
const (
	ScopeGrant    uint8 = 1 << 0 // propose or approve a read grant of one record
	ScopeRevoke   uint8 = 1 << 1 // revoke a guardian grant
	ScopeTimeline uint8 = 1 << 2 // read the patient's timeline at the indexer
	ScopeCosign   uint8 = 1 << 3 // sign a record version's approval in the patient's place
	ScopeErase    uint8 = 1 << 4 // approve erasing a record on a court order
	scopeAll            = ScopeGrant | ScopeRevoke | ScopeTimeline | ScopeCosign | ScopeErase
)

var scopeNames = []struct {
	bit  uint8
	name string
}{{ScopeGrant, "grant"}, {ScopeRevoke, "revoke"}, {ScopeTimeline, "timeline"}, {ScopeCosign, "cosign"}, {ScopeErase, "erase"}}

// ScopeNames lists the names ParseScopes accepts, in bit order.
func ScopeNames() []string {
	out := make([]string, len(scopeNames))
	for i, s := range scopeNames {
		out[i] = s.name
	}
	return out
}

// ParseScopes reads scope names (grant, revoke, timeline, cosign, erase, or all).
func ParseScopes(names []string) (uint8, error) {
	var scopes uint8
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "all" {
			scopes |= scopeAll
			continue
		}
		found := false
		for _, s := range scopeNames {
			if s.name == n {
				scopes |= s.bit
				found = true
			}
		}
		if !found {
			return 0, fmt.Errorf("unknown scope %q (want %s or all)", n, strings.Join(ScopeNames(), ", "))
		}
	}
	if scopes == 0 {
		return 0, errors.New("no scope given")
	}
	return scopes, nil
}

// ScopeString names the scope bits, comma-separated.
func ScopeString(scopes uint8) string {
	var out []string
	for _, s := range scopeNames {
		if scopes&s.bit != 0 {
			out = append(out, s.name)
		}
	}
	return strings.Join(out, ",")
}

// Guardian actions as Guardians numbers them.
const (
	GuardianGrant  uint8 = 1
	GuardianRevoke uint8 = 2
	GuardianErase  uint8 = 3
)

var guardianActionNames = []string{"none", "grant", "revoke", "erase"}

// GuardianActionName names a guardian action.
func GuardianActionName(a uint8) string {
	if int(a) < len(guardianActionNames) {
		return guardianActionNames[a]
	}
	return fmt.Sprintf("action(%d)", a)
}

var proposalStatusNames = []string{"none", "open", "executed", "cancelled"}

// ProposalStatusName names a guardian proposal's status.
func ProposalStatusName(s uint8) string {
	if int(s) < len(proposalStatusNames) {
		return proposalStatusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

// SetGuardian names or changes one of the patient's guardians, with its scopes, until validUntil.
// Any change voids the guardians' open proposals (the set's epoch moves on).
func (e *Env) SetGuardian(ctx context.Context, patient *Identity, guardian common.Address, scopes uint8, validUntil time.Time) (*Tx, error) {
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("set guardian %s (%s)", guardian.Hex(), ScopeString(scopes)), e.Set.Guardians.BoundContract,
		e.Set.Guardians.ABI.PackSetGuardian(guardian, scopes, uint64(validUntil.Unix())))
	return tx, err
}

// RemoveGuardian removes one of the patient's guardians.
func (e *Env) RemoveGuardian(ctx context.Context, patient *Identity, guardian common.Address) (*Tx, error) {
	tx, _, err := e.send(ctx, patient, "remove guardian "+guardian.Hex(), e.Set.Guardians.BoundContract, e.Set.Guardians.ABI.PackRemoveGuardian(guardian))
	return tx, err
}

// SetGuardianThreshold sets how many guardians must approve an action (1 … 16).
func (e *Env) SetGuardianThreshold(ctx context.Context, patient *Identity, threshold uint8) (*Tx, error) {
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("set the guardian threshold to %d", threshold), e.Set.Guardians.BoundContract,
		e.Set.Guardians.ABI.PackSetThreshold(threshold))
	return tx, err
}

// GuardianInfo is one guardian of a patient as the chain holds it.
type GuardianInfo struct {
	Address    common.Address
	Index      uint8
	Scopes     uint8
	ValidUntil time.Time
	// Active is whether the guardian may act now (enrolled and active, inside its validity).
	Active bool
}

// GuardianSet is a patient's guardians and threshold.
type GuardianSet struct {
	Threshold uint8
	Epoch     uint32
	Guardians []GuardianInfo
}

// maxGuardians is Guardians' bound on a patient's guardians (indices 1 … 16).
const maxGuardians = 16

// GuardiansOf reads a patient's guardians and threshold.
func (e *Env) GuardiansOf(ctx context.Context, patient common.Address) (*GuardianSet, error) {
	call := &bind.CallOpts{Context: ctx}
	g := e.Set.Guardians
	th, err := bind.Call(g.BoundContract, call, g.ABI.PackThresholdOf(patient), g.ABI.UnpackThresholdOf)
	if err != nil {
		return nil, fmt.Errorf("read the guardian threshold of %s: %w", patient, decode(err))
	}
	set := &GuardianSet{Threshold: th.Threshold, Epoch: th.Epoch}
	for i := uint8(1); i <= maxGuardians; i++ {
		a, err := bind.Call(g.BoundContract, call, g.ABI.PackGuardianAt(patient, i), g.ABI.UnpackGuardianAt)
		if err != nil {
			return nil, fmt.Errorf("read guardian %d of %s: %w", i, patient, decode(err))
		}
		if a == (common.Address{}) {
			continue
		}
		info, err := bind.Call(g.BoundContract, call, g.ABI.PackGuardianOf(patient, a), g.ABI.UnpackGuardianOf)
		if err != nil {
			return nil, fmt.Errorf("read guardian %s of %s: %w", a, patient, decode(err))
		}
		active, err := bind.Call(g.BoundContract, call, g.ABI.PackCanAct(patient, a, info.Scopes), g.ABI.UnpackCanAct)
		if err != nil {
			return nil, fmt.Errorf("read guardian %s of %s: %w", a, patient, decode(err))
		}
		set.Guardians = append(set.Guardians, GuardianInfo{Address: a, Index: info.Index, Scopes: info.Scopes,
			ValidUntil: time.Unix(int64(info.ValidUntil), 0).UTC(), Active: active})
	}
	return set, nil
}

// CanAct reports whether guardian may act for patient with every bit of scopes now.
func (e *Env) CanAct(ctx context.Context, patient, guardian common.Address, scopes uint8) (bool, error) {
	g := e.Set.Guardians
	ok, err := bind.Call(g.BoundContract, &bind.CallOpts{Context: ctx}, g.ABI.PackCanAct(patient, guardian, scopes), g.ABI.UnpackCanAct)
	if err != nil {
		return false, fmt.Errorf("ask whether %s may act for %s: %w", guardian, patient, decode(err))
	}
	return ok, nil
}

// GuardianProposal is what a guardian proposes for a patient.
type GuardianProposal struct {
	Patient common.Address
	Action  uint8
	// RecordID is the record of a Grant or an Erase.
	RecordID [32]byte
	// Requester and NotAfter are a Grant's reader and the end of its window.
	Requester common.Address
	NotAfter  time.Time
	// GrantID is the guardian grant a Revoke revokes.
	GrantID uint64
}

// Proposed is a proposal put on chain, and whether the proposer's own approval executed it.
type Proposed struct {
	Tx         *Tx
	ProposalID uint64
	Executed   bool
	// GrantID is the grant an executed Grant made.
	GrantID uint64
}

// Propose has a guardian propose an action for a patient; its own approval counts, and a
// threshold of one executes it at once.
func (e *Env) Propose(ctx context.Context, guardian *Identity, p GuardianProposal) (*Proposed, error) {
	var notAfter uint64
	if !p.NotAfter.IsZero() {
		notAfter = uint64(p.NotAfter.Unix())
	}
	g := e.Set.Guardians
	tx, rcpt, err := e.send(ctx, guardian, fmt.Sprintf("propose a guardian %s for %s", GuardianActionName(p.Action), p.Patient.Hex()), g.BoundContract,
		g.ABI.PackPropose(p.Patient, p.Action, p.RecordID, p.Requester, notAfter, p.GrantID))
	if err != nil {
		return nil, err
	}
	out := &Proposed{Tx: tx}
	for _, l := range rcpt.Logs {
		if ev, err := g.ABI.UnpackGuardianActionProposedEvent(l); err == nil {
			out.ProposalID = ev.ProposalId
		}
		if _, err := g.ABI.UnpackGuardianActionExecutedEvent(l); err == nil {
			out.Executed = true
		}
		if ev, err := g.ABI.UnpackGuardianGrantMadeEvent(l); err == nil {
			out.GrantID = ev.GrantId
		}
	}
	if out.ProposalID == 0 {
		return out, fmt.Errorf("propose: no GuardianActionProposed event in %s", tx.Hash)
	}
	return out, nil
}

// ApproveProposal has a guardian approve a proposal; the approval that reaches the threshold
// executes it.
func (e *Env) ApproveProposal(ctx context.Context, guardian *Identity, proposalID uint64) (*Proposed, error) {
	g := e.Set.Guardians
	tx, rcpt, err := e.send(ctx, guardian, fmt.Sprintf("approve guardian proposal %d", proposalID), g.BoundContract, g.ABI.PackApprove(proposalID))
	if err != nil {
		return nil, err
	}
	out := &Proposed{Tx: tx, ProposalID: proposalID}
	for _, l := range rcpt.Logs {
		if _, err := g.ABI.UnpackGuardianActionExecutedEvent(l); err == nil {
			out.Executed = true
		}
		if ev, err := g.ABI.UnpackGuardianGrantMadeEvent(l); err == nil {
			out.GrantID = ev.GrantId
		}
	}
	return out, nil
}

// CancelProposal cancels an open proposal, as the patient or a guardian with the action's scope.
func (e *Env) CancelProposal(ctx context.Context, actor *Identity, proposalID uint64) (*Tx, error) {
	g := e.Set.Guardians
	tx, _, err := e.send(ctx, actor, fmt.Sprintf("cancel guardian proposal %d", proposalID), g.BoundContract, g.ABI.PackCancel(proposalID))
	return tx, err
}

// Proposal reads a guardian proposal.
func (e *Env) Proposal(ctx context.Context, proposalID uint64) (bindings.IGuardiansProposal, error) {
	g := e.Set.Guardians
	p, err := bind.Call(g.BoundContract, &bind.CallOpts{Context: ctx}, g.ABI.PackProposal(proposalID), g.ABI.UnpackProposal)
	if err != nil {
		return p, fmt.Errorf("read guardian proposal %d: %w", proposalID, decode(err))
	}
	if p.Status == 0 {
		return p, fmt.Errorf("guardian proposal %d does not exist", proposalID)
	}
	return p, nil
}

// GuardianGrantOf reads a guardian grant.
func (e *Env) GuardianGrantOf(ctx context.Context, grantID uint64) (bindings.IGuardiansGuardianGrant, error) {
	g := e.Set.Guardians
	gr, err := bind.Call(g.BoundContract, &bind.CallOpts{Context: ctx}, g.ABI.PackGrant(grantID), g.ABI.UnpackGrant)
	if err != nil {
		return gr, fmt.Errorf("read guardian grant %d: %w", grantID, decode(err))
	}
	if gr.Patient == (common.Address{}) {
		return gr, fmt.Errorf("guardian grant %d does not exist", grantID)
	}
	return gr, nil
}

// RevokeGuardianGrant revokes a guardian grant as its patient or its requester.
func (e *Env) RevokeGuardianGrant(ctx context.Context, actor *Identity, grantID uint64) (*Tx, error) {
	g := e.Set.Guardians
	tx, _, err := e.send(ctx, actor, fmt.Sprintf("revoke guardian grant %d", grantID), g.BoundContract, g.ABI.PackRevokeGrant(grantID))
	return tx, err
}

// ErasureApproved reports whether the record's patient's guardians approved erasing it.
func (e *Env) ErasureApproved(ctx context.Context, recordID [32]byte) (bool, error) {
	g := e.Set.Guardians
	ok, err := bind.Call(g.BoundContract, &bind.CallOpts{Context: ctx}, g.ABI.PackErasureApproved(recordID), g.ABI.UnpackErasureApproved)
	if err != nil {
		return false, fmt.Errorf("read whether erasing %x was approved: %w", recordID, decode(err))
	}
	return ok, nil
}

// ProposalsFor lists the guardian proposals made for a patient, oldest first.
func (e *Env) ProposalsFor(ctx context.Context, patient common.Address) ([]uint64, error) {
	g := e.Set.Guardians
	it, err := bind.FilterEvents(g.BoundContract, &bind.FilterOpts{Context: ctx}, g.ABI.UnpackGuardianActionProposedEvent, nil, []any{patient})
	if err != nil {
		return nil, fmt.Errorf("list the guardian proposals for %s: %w", patient, err)
	}
	defer it.Close()
	var ids []uint64
	for it.Next() {
		ids = append(ids, it.Value().ProposalId)
	}
	return ids, it.Error()
}
