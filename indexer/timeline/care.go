package timeline

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
)

// Care beyond the grant (docs/trust.md, "Care beyond the grant"): break-glass sessions, the
// patient's guardians, standing consents, key recovery, erasure, and the reads of a record's
// network capsule each of the first three allows, answered by the committee like any read.

// rulePaths maps CareReads' rule numbers to the paths they read by.
var rulePaths = map[uint8]Path{1: PathEmergency, 2: PathGuardian, 3: PathConsent}

func rulePath(rule uint8) Path {
	if p, ok := rulePaths[rule]; ok {
		return p
	}
	return Path(fmt.Sprintf("rule-%d", rule))
}

// Guardian scopes, the bits of GuardianSet's scopes.
const (
	ScopeGrant    uint8 = 1 << 0
	ScopeRevoke   uint8 = 1 << 1
	ScopeTimeline uint8 = 1 << 2 // read the patient's timeline
	ScopeCosign   uint8 = 1 << 3
	ScopeErasure  uint8 = 1 << 4
)

// ScopeWords says what a guardian with these scopes may do, in words; "" for none.
func ScopeWords(scopes uint8) string {
	var out []string
	for _, s := range []struct {
		bit  uint8
		word string
	}{{ScopeGrant, "grant access"}, {ScopeRevoke, "withdraw access"}, {ScopeTimeline, "read this timeline"},
		{ScopeCosign, "approve new records"}, {ScopeErasure, "approve erasing a record on a court order"}} {
		if scopes&s.bit != 0 {
			out = append(out, s.word)
		}
	}
	return strings.Join(out, ", ")
}

var emergencyModes = map[uint8]string{0: "on", 1: "off", 2: "restricted"}

var guardianActions = map[uint8]string{1: "grant", 2: "revoke", 3: "erase"}

// code reads a short ASCII code right-padded with zeros, as emergency reasons are stated.
func code(b [32]byte) string {
	s := string(bytes.TrimRight(b[:], "\x00"))
	if Ref([]byte(s)) != s {
		return common.Hash(b).Hex()
	}
	return s
}

func init() {
	rec := bindings.NewRecordRegistry()
	rca := rec.GetABI()
	register(rca, "RecordErased", "patient", rec.UnpackRecordErasedEvent, func(v *bindings.RecordRegistryRecordErased) Event {
		e := entry(v.Patient, RecordErased, v.Actor, none)
		e.Record, e.Version, e.ByOrder = v.RecordId, v.Version, v.ByOrder
		return Event{Entry: e}
	})
	register(rca, "VersionCosignedByGuardian", "patient", rec.UnpackVersionCosignedByGuardianEvent, func(v *bindings.RecordRegistryVersionCosignedByGuardian) Event {
		e := entry(v.Patient, VersionCosigned, v.Guardian, none)
		e.Record, e.Version = v.RecordId, v.Version
		return Event{Entry: e}
	})
	register(rca, "GuardiansSet", "", rec.UnpackGuardiansSetEvent, func(*bindings.RecordRegistryGuardiansSet) Event { return Event{} })

	em := bindings.NewEmergencyAccess()
	ema := em.GetABI()
	// Marking emergency staff concerns the provider: on the provider's own timeline.
	register(ema, "EmergencyStaffSet", "provider", em.UnpackEmergencyStaffSetEvent, func(v *bindings.EmergencyAccessEmergencyStaffSet) Event {
		e := entry(v.Provider, EmergencyStaffSet, v.Admin, none)
		e.Mode = "off"
		if v.Staff {
			e.Mode = "on"
		}
		return Event{Entry: e}
	})
	register(ema, "EmergencySettingChanged", "patient", em.UnpackEmergencySettingChangedEvent, func(v *bindings.EmergencyAccessEmergencySettingChanged) Event {
		e := entry(v.Patient, EmergencySettingChanged, v.Patient, none)
		e.Mode = emergencyModes[v.Mode]
		for _, o := range v.Orgs {
			e.Orgs = append(e.Orgs, o)
		}
		return Event{Entry: e}
	})
	register(ema, "EmergencyAccessOpened", "patient", em.UnpackEmergencyAccessOpenedEvent, func(v *bindings.EmergencyAccessEmergencyAccessOpened) Event {
		e := entry(v.Patient, EmergencyAccessOpened, v.Provider, none)
		e.Path, e.RuleID, e.Org, e.EmergencyReason = PathEmergency, v.SessionId, v.Org, code(v.Reason)
		e.NotAfter, e.Count = v.ExpiresAt, v.ProviderSessions
		return Event{Entry: e}
	})
	register(ema, "EmergencyAccessClosed", "patient", em.UnpackEmergencyAccessClosedEvent, func(v *bindings.EmergencyAccessEmergencyAccessClosed) Event {
		e := entry(v.Patient, EmergencyAccessClosed, v.By, v.Provider)
		e.Path, e.RuleID = PathEmergency, v.SessionId
		return Event{Entry: e}
	})

	cr := bindings.NewCareReads()
	cra := cr.GetABI()
	register(cra, "CapsuleReadRequested", "patient", cr.UnpackCapsuleReadRequestedEvent, func(v *bindings.CareReadsCapsuleReadRequested) Event {
		e := entry(v.Patient, CapsuleReadRequested, v.Requester, none)
		e.Path, e.RuleID, e.AccessID = rulePath(v.Rule), v.RuleId, v.ReadId
		e.Record, e.Version, e.Committee, e.Threshold = v.RecordId, v.Version, v.CommitteeId, v.Threshold
		return Event{Entry: e, Gate: &GateAccess{GateKey: GateKey{ID: v.ReadId}, Patient: v.Patient, Requester: v.Requester,
			Path: e.Path, Record: v.RecordId, Version: v.Version}}
	})
	register(cra, "CapsuleReadAnswered", "patient", cr.UnpackCapsuleReadAnsweredEvent, func(v *bindings.CareReadsCapsuleReadAnswered) Event {
		e := entry(v.Patient, CapsuleReadAnswered, none, v.Requester)
		e.Path, e.RuleID, e.AccessID, e.Members = rulePath(v.Rule), v.RuleId, v.ReadId, v.CommitMask
		return Event{Entry: e}
	})
	register(cra, "CapsuleReadRejected", "patient", cr.UnpackCapsuleReadRejectedEvent, func(v *bindings.CareReadsCapsuleReadRejected) Event {
		e := entry(v.Patient, CapsuleReadRejected, none, v.Requester)
		e.Path, e.RuleID, e.AccessID, e.Error = rulePath(v.Rule), v.RuleId, v.ReadId, ErrorName(v.Reason)
		return Event{Entry: e}
	})
	register(cra, "CapsuleReadFaulted", "patient", cr.UnpackCapsuleReadFaultedEvent, func(v *bindings.CareReadsCapsuleReadFaulted) Event {
		e := entry(v.Patient, CapsuleReadFaulted, v.Node, none)
		e.AccessID, e.Member = v.ReadId, v.Member
		return Event{Entry: e}
	})

	g := bindings.NewGuardians()
	ga := g.GetABI()
	register(ga, "GuardianSet", "patient", g.UnpackGuardianSetEvent, func(v *bindings.GuardiansGuardianSet) Event {
		e := entry(v.Patient, GuardianSet, v.Patient, v.Guardian)
		e.Member, e.Scopes, e.NotAfter = v.Index, v.Scopes, v.ValidUntil
		return Event{Entry: e}
	})
	register(ga, "GuardianRemoved", "patient", g.UnpackGuardianRemovedEvent, func(v *bindings.GuardiansGuardianRemoved) Event {
		return Event{Entry: entry(v.Patient, GuardianRemoved, v.Patient, v.Guardian)}
	})
	register(ga, "GuardianThresholdSet", "patient", g.UnpackGuardianThresholdSetEvent, func(v *bindings.GuardiansGuardianThresholdSet) Event {
		e := entry(v.Patient, GuardianThresholdSet, v.Patient, none)
		e.Threshold = v.Threshold
		return Event{Entry: e}
	})
	register(ga, "GuardianActionProposed", "patient", g.UnpackGuardianActionProposedEvent, func(v *bindings.GuardiansGuardianActionProposed) Event {
		e := entry(v.Patient, GuardianActionProposed, v.Guardian, v.Requester)
		e.ProposalID, e.GuardianAction, e.Record, e.NotAfter, e.RuleID = v.ProposalId, guardianActions[v.Action], v.RecordId, v.NotAfter, v.GrantId
		return Event{Entry: e}
	})
	register(ga, "GuardianActionApproved", "patient", g.UnpackGuardianActionApprovedEvent, func(v *bindings.GuardiansGuardianActionApproved) Event {
		e := entry(v.Patient, GuardianActionApproved, v.Guardian, none)
		e.ProposalID, e.Approvals = v.ProposalId, v.Approvals
		return Event{Entry: e}
	})
	register(ga, "GuardianActionExecuted", "patient", g.UnpackGuardianActionExecutedEvent, func(v *bindings.GuardiansGuardianActionExecuted) Event {
		e := entry(v.Patient, GuardianActionExecuted, none, none)
		e.ProposalID, e.GuardianAction, e.Approvals = v.ProposalId, guardianActions[v.Action], v.Approvals
		return Event{Entry: e}
	})
	register(ga, "GuardianActionCancelled", "patient", g.UnpackGuardianActionCancelledEvent, func(v *bindings.GuardiansGuardianActionCancelled) Event {
		e := entry(v.Patient, GuardianActionCancelled, v.By, none)
		e.ProposalID = v.ProposalId
		return Event{Entry: e}
	})
	register(ga, "GuardianGrantMade", "patient", g.UnpackGuardianGrantMadeEvent, func(v *bindings.GuardiansGuardianGrantMade) Event {
		e := entry(v.Patient, GuardianGrantMade, none, v.Requester)
		e.Path, e.RuleID, e.Record, e.NotAfter, e.ProposalID = PathGuardian, v.GrantId, v.RecordId, v.NotAfter, v.ProposalId
		return Event{Entry: e}
	})
	register(ga, "GuardianGrantRevoked", "patient", g.UnpackGuardianGrantRevokedEvent, func(v *bindings.GuardiansGuardianGrantRevoked) Event {
		e := entry(v.Patient, GuardianGrantRevoked, v.By, v.Requester)
		e.Path, e.RuleID = PathGuardian, v.GrantId
		return Event{Entry: e}
	})
	register(ga, "ErasureApproved", "patient", g.UnpackErasureApprovedEvent, func(v *bindings.GuardiansErasureApproved) Event {
		e := entry(v.Patient, ErasureApproved, none, none)
		e.Record, e.ProposalID = v.RecordId, v.ProposalId
		return Event{Entry: e}
	})

	c := bindings.NewConsents()
	ca := c.GetABI()
	register(ca, "ConsentGiven", "patient", c.UnpackConsentGivenEvent, func(v *bindings.ConsentsConsentGiven) Event {
		e := entry(v.Patient, ConsentGiven, v.Patient, none)
		e.Path, e.RuleID, e.Org, e.ConsentRole, e.Category = PathConsent, v.ConsentId, v.Org, v.Role, v.Category
		e.NotBefore, e.NotAfter = v.NotBefore, v.NotAfter
		return Event{Entry: e}
	})
	register(ca, "ConsentRevoked", "patient", c.UnpackConsentRevokedEvent, func(v *bindings.ConsentsConsentRevoked) Event {
		e := entry(v.Patient, ConsentRevoked, v.Patient, none)
		e.Path, e.RuleID, e.Org = PathConsent, v.ConsentId, v.Org
		return Event{Entry: e}
	})

	r := bindings.NewRecovery()
	ra := r.GetABI()
	register(ra, "RecoveryConfigured", "patient", r.UnpackRecoveryConfiguredEvent, func(v *bindings.RecoveryRecoveryConfigured) Event {
		e := entry(v.Patient, RecoveryConfigured, v.Patient, none)
		e.Generation, e.Threshold, e.Holders, e.NotAfter = v.Generation, v.Threshold, v.Holders, v.Delay
		return Event{Entry: e}
	})
	register(ra, "RecoveryRequested", "patient", r.UnpackRecoveryRequestedEvent, func(v *bindings.RecoveryRecoveryRequested) Event {
		e := entry(v.Patient, RecoveryRequested, v.Requester, v.NewAccount)
		e.RecoveryID, e.NotBefore = v.RequestId, v.ReadyAt
		return Event{Entry: e}
	})
	register(ra, "RecoveryCancelled", "patient", r.UnpackRecoveryCancelledEvent, func(v *bindings.RecoveryRecoveryCancelled) Event {
		e := entry(v.Patient, RecoveryCancelled, v.Patient, none)
		e.RecoveryID = v.RequestId
		return Event{Entry: e}
	})
	register(ra, "RecoveryShareReleased", "patient", r.UnpackRecoveryShareReleasedEvent, func(v *bindings.RecoveryRecoveryShareReleased) Event {
		e := entry(v.Patient, RecoveryShareReleased, v.Holder, none)
		e.RecoveryID, e.Member = v.RequestId, v.Index
		return Event{Entry: e}
	})
	register(ra, "RecoveryCompleted", "patient", r.UnpackRecoveryCompletedEvent, func(v *bindings.RecoveryRecoveryCompleted) Event {
		e := entry(v.Patient, RecoveryCompleted, none, v.NewAccount)
		e.RecoveryID, e.Approvals = v.RequestId, v.Released
		return Event{Entry: e}
	})
}
