// Package timeline maps emrchain's contract events to per-patient audit timeline entries.
//
// Every event that touches a patient becomes one entry on that patient's timeline: who acted and
// in which role, what they did, to which record and version, with whom, and how it ended. Some
// events do not carry everything an entry shows (a fulfilment names the request, not the record),
// so an entry is decoded from its own log and then resolved against facts from earlier logs:
// enrolments give roles, access requests give records and purposes, grants and get-access calls
// give versions. The indexer resolves against what it has stored; verification resolves against
// logs read afresh from the chain, so both sides go through the same code.
package timeline

import (
	"fmt"
	"github.com/emrchain/emrchain/contracts"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Action is what happened, as shown on a timeline and accepted by the action filter.
type Action string

// Actions. Account lifecycle actions (enrolled … keys rotated) are on the account's own timeline.
const (
	Enrolled           Action = "enrolled"
	Suspended          Action = "suspended"
	Reinstated         Action = "reinstated"
	Removed            Action = "removed"
	KeysRotated        Action = "keys-rotated"
	RecordCreated      Action = "record-created"
	RecordUpdated      Action = "record-updated"
	RecordDeleted      Action = "record-deleted"
	PolicyChanged      Action = "policy-changed"
	RequesterAdded     Action = "requester-added"
	RequesterRemoved   Action = "requester-removed"
	IndexEntriesAdded  Action = "index-entries-added"
	SearchKeyPublished Action = "search-key-published"
	SearchPerformed    Action = "search-performed"
	AccessRequested    Action = "access-requested"
	AccessGranted      Action = "access-granted"
	AccessRevoked      Action = "access-revoked"
	AccessExpired      Action = "access-expired"
	AccessInvoked      Action = "access-invoked"
	AccessFulfilled    Action = "access-fulfilled"
	AccessRejected     Action = "access-rejected"
	KeyRequested       Action = "key-requested"
	KeyIssued          Action = "key-issued"
	KeyRejected        Action = "key-rejected"
)

// Actions lists every action in a stable order.
var Actions = []Action{
	Enrolled, Suspended, Reinstated, Removed, KeysRotated,
	RecordCreated, RecordUpdated, RecordDeleted, PolicyChanged,
	RequesterAdded, RequesterRemoved, IndexEntriesAdded, SearchKeyPublished, SearchPerformed,
	AccessRequested, AccessGranted, AccessRevoked, AccessExpired, AccessInvoked, AccessFulfilled, AccessRejected,
	KeyRequested, KeyIssued, KeyRejected,
}

// ParseAction accepts the name of an action.
func ParseAction(s string) (Action, error) {
	for _, a := range Actions {
		if string(a) == s {
			return a, nil
		}
	}
	return "", fmt.Errorf("unknown action %q", s)
}

// Role is a participant's role as the Registry numbers it.
type Role uint8

// Roles; the values are the Registry's enum ordinals.
const (
	RoleUnknown Role = iota
	RolePatient
	RoleProvider
	RoleRequester
	RoleOracle
	RoleAttributeAuthority
	RoleProxy
)

func (r Role) String() string {
	if r == RoleUnknown {
		return ""
	}
	return contracts.RoleName(uint8(r))
}

// Reason is an oracle's rejection code from solidity/src/libraries/Reasons.sol.
type Reason uint8

var reasonNames = [...]string{
	1:  "REKEY_MISMATCH",
	2:  "MALFORMED_REKEY",
	3:  "MALFORMED_CAPSULE",
	4:  "MISSING_OBJECT",
	5:  "REQUESTER_NOT_ENROLLED",
	6:  "REQUESTER_SUSPENDED",
	7:  "UNKNOWN_ATTRIBUTES",
	8:  "ATTRIBUTES_CHANGED",
	9:  "GRANT_NOT_LIVE",
	10: "NO_TRANSPORT_KEY",
}

// String is the code's name in Reasons.sol; "" for none.
func (r Reason) String() string {
	if r == 0 {
		return ""
	}
	if int(r) < len(reasonNames) {
		return reasonNames[r]
	}
	return fmt.Sprintf("REASON_%d", uint8(r))
}

// Outcome is how an action ended for the patient's data.
type Outcome string

// Outcomes. A rejection is a successful transaction whose request was refused: a minor failure
// in FHIR's terms.
const (
	Success  Outcome = "success"
	Rejected Outcome = "rejected"
)

// Entry is one event on a patient's timeline.
type Entry struct {
	// Patient is whose timeline the entry is on.
	Patient     common.Address
	Time        time.Time // block time, UTC
	BlockNumber uint64
	BlockHash   common.Hash
	TxHash      common.Hash
	LogIndex    uint
	Contract    common.Address // the contract that emitted the event
	Action      Action
	// Actor is who acted (zero when anyone may, as for marking a grant expired).
	Actor     common.Address
	ActorRole Role
	// Counterpart is the other party: the requester for grants and answers, the provider for a
	// record written by a relayer, zero when there is none.
	Counterpart     common.Address
	CounterpartRole Role
	Record          common.Hash // zero when the action is not about one record
	Version         uint32
	RequestID       uint64 // access request
	AccessID        uint64 // get-access call
	KeyRequestID    uint64 // CP-ABE key request
	Purpose         common.Hash
	NotBefore       uint64 // grant window, block timestamps
	NotAfter        uint64
	Operations      uint8 // operation bit set granted, or the bit of the operation requested
	Reason          Reason
}

// Outcome is Rejected for the oracle's refusals and Success otherwise.
func (e *Entry) Outcome() Outcome {
	if e.Action == AccessRejected || e.Action == KeyRejected {
		return Rejected
	}
	return Success
}

// Participant is an enrolment: an address and its role.
type Participant struct {
	Address common.Address
	Role    Role
}

// Request is what an access request fixes for every later event about it.
type Request struct {
	ID      uint64
	Record  common.Hash
	Purpose common.Hash
}

// Grant is the record version a request was granted for.
type Grant struct {
	RequestID uint64
	Version   uint32
}

// Access is a get-access call: the request it used and the version it was checked against.
type Access struct {
	ID        uint64
	RequestID uint64
	Version   uint32
}

// Context is what an entry is resolved against. Nil facts are unknown.
type Context struct {
	ActorRole       Role
	CounterpartRole Role
	Request         *Request // the entry's RequestID
	Grant           *Grant   // the entry's RequestID
	Access          *Access  // the entry's AccessID
}

// Resolve fills in the fields the entry's own log does not carry.
func (e *Entry) Resolve(c Context) {
	e.ActorRole, e.CounterpartRole = c.ActorRole, c.CounterpartRole
	if e.RequestID != 0 && c.Request != nil && c.Request.ID == e.RequestID {
		if e.Record == (common.Hash{}) {
			e.Record = c.Request.Record
		}
		e.Purpose = c.Request.Purpose
	}
	if e.Version != 0 {
		return
	}
	switch e.Action {
	case AccessFulfilled, AccessRejected:
		if c.Access != nil && c.Access.ID == e.AccessID {
			e.Version = c.Access.Version
		}
	case AccessRevoked, AccessExpired:
		if c.Grant != nil && c.Grant.RequestID == e.RequestID {
			e.Version = c.Grant.Version
		}
	}
}

// Facts collects facts from events in chain order and resolves entries against them, in
// memory: the same resolution the stores do with joins, for entries rebuilt from the chain.
type Facts struct {
	roles    map[common.Address]Role
	requests map[uint64]Request
	grants   map[uint64]Grant
	accesses map[uint64]Access
}

// NewFacts returns an empty collection.
func NewFacts() *Facts {
	return &Facts{
		roles:    map[common.Address]Role{},
		requests: map[uint64]Request{},
		grants:   map[uint64]Grant{},
		accesses: map[uint64]Access{},
	}
}

// Add records the facts an event carries. As in the stores, the first fact for an id wins.
func (f *Facts) Add(ev Event) {
	if p := ev.Participant; p != nil {
		if _, ok := f.roles[p.Address]; !ok {
			f.roles[p.Address] = p.Role
		}
	}
	if r := ev.Request; r != nil {
		if _, ok := f.requests[r.ID]; !ok {
			f.requests[r.ID] = *r
		}
	}
	if g := ev.Grant; g != nil {
		if _, ok := f.grants[g.RequestID]; !ok {
			f.grants[g.RequestID] = *g
		}
	}
	if a := ev.Access; a != nil {
		if _, ok := f.accesses[a.ID]; !ok {
			f.accesses[a.ID] = *a
		}
	}
}

// Resolve resolves e against every fact added so far, whichever event came first, as the
// stores' joins do at query time.
func (f *Facts) Resolve(e *Entry) {
	c := Context{ActorRole: f.roles[e.Actor], CounterpartRole: f.roles[e.Counterpart]}
	if r, ok := f.requests[e.RequestID]; ok {
		c.Request = &r
	}
	if g, ok := f.grants[e.RequestID]; ok {
		c.Grant = &g
	}
	if a, ok := f.accesses[e.AccessID]; ok {
		c.Access = &a
	}
	e.Resolve(c)
}
