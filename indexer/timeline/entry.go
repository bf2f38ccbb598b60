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

// Actions. Account lifecycle actions (enrolled … keys rotated), CP-ABE key requests (made for
// no patient), and a committee's formation and key generation are on the timeline of the account
// that acted: the account, the requester, the admin who formed the committee, the member node.
const (
	Enrolled            Action = "enrolled"
	Suspended           Action = "suspended"
	Reinstated          Action = "reinstated"
	Removed             Action = "removed"
	KeysRotated         Action = "keys-rotated"
	RecordCreated       Action = "record-created"
	RecordUpdated       Action = "record-updated"
	RecordDeleted       Action = "record-deleted"
	PolicyChanged       Action = "policy-changed"
	RequesterAdded      Action = "requester-added"
	RequesterRemoved    Action = "requester-removed"
	IndexEntriesAdded   Action = "index-entries-added"
	IndexEntriesRemoved Action = "index-entries-removed"
	SearchPerformed     Action = "search-performed"
	AccessRequested     Action = "access-requested"
	AccessGranted       Action = "access-granted"
	AccessRevoked       Action = "access-revoked"
	AccessExpired       Action = "access-expired"
	AccessInvoked       Action = "access-invoked"
	AccessFulfilled     Action = "access-fulfilled"
	AccessRejected      Action = "access-rejected"
	AccessFaulted       Action = "access-faulted"
	KeyRewrapped        Action = "key-rewrapped"
	IndexKeyRegistered  Action = "index-key-registered"
	TokenRequested      Action = "token-requested"
	TokenAnswered       Action = "token-answered"
	TokenRejected       Action = "token-rejected"
	TokenFaulted        Action = "token-faulted"
	ReadRequested       Action = "read-requested"
	ReadAnswered        Action = "read-answered"
	ReadRejected        Action = "read-rejected"
	ReadFaulted         Action = "read-faulted"
	AnswerCommitted     Action = "answer-committed"
	AnswerRevealed      Action = "answer-revealed"
	AnswerDeclined      Action = "answer-declined"
	RecordErased        Action = "record-erased"
	VersionCosigned     Action = "version-cosigned"
	// Care beyond the grant: break-glass, guardians, standing consent, recovery.
	EmergencyStaffSet       Action = "emergency-staff-set"
	EmergencySettingChanged Action = "emergency-setting-changed"
	EmergencyAccessOpened   Action = "emergency-access-opened"
	EmergencyAccessClosed   Action = "emergency-access-closed"
	CapsuleReadRequested    Action = "capsule-read-requested"
	CapsuleReadAnswered     Action = "capsule-read-answered"
	CapsuleReadRejected     Action = "capsule-read-rejected"
	CapsuleReadFaulted      Action = "capsule-read-faulted"
	GuardianSet             Action = "guardian-set"
	GuardianRemoved         Action = "guardian-removed"
	GuardianThresholdSet    Action = "guardian-threshold-set"
	GuardianActionProposed  Action = "guardian-action-proposed"
	GuardianActionApproved  Action = "guardian-action-approved"
	GuardianActionExecuted  Action = "guardian-action-executed"
	GuardianActionCancelled Action = "guardian-action-cancelled"
	GuardianGrantMade       Action = "guardian-grant-made"
	GuardianGrantRevoked    Action = "guardian-grant-revoked"
	ErasureApproved         Action = "erasure-approved"
	ConsentGiven            Action = "consent-given"
	ConsentRevoked          Action = "consent-revoked"
	RecoveryConfigured      Action = "recovery-configured"
	RecoveryRequested       Action = "recovery-requested"
	RecoveryCancelled       Action = "recovery-cancelled"
	RecoveryShareReleased   Action = "recovery-share-released"
	RecoveryCompleted       Action = "recovery-completed"
	KeyRequested            Action = "key-requested"
	KeyIssued               Action = "key-issued"
	KeyRejected             Action = "key-rejected"
	CommitteeCreated        Action = "committee-created"
	CommitteeRetired        Action = "committee-retired"
	DkgKeyRegistered        Action = "dkg-key-registered"
	DealPublished           Action = "deal-published"
	ComplaintFiled          Action = "complaint-filed"
	TranscriptConfirmed     Action = "transcript-confirmed"
)

// Actions lists every action in a stable order.
var Actions = []Action{
	Enrolled, Suspended, Reinstated, Removed, KeysRotated,
	RecordCreated, RecordUpdated, RecordDeleted, PolicyChanged,
	KeyRewrapped,
	RequesterAdded, RequesterRemoved, IndexEntriesAdded, IndexEntriesRemoved, IndexKeyRegistered, SearchPerformed,
	TokenRequested, TokenAnswered, TokenRejected, TokenFaulted,
	AccessRequested, AccessGranted, AccessRevoked, AccessExpired, AccessInvoked, AccessFulfilled, AccessRejected, AccessFaulted,
	ReadRequested, ReadAnswered, ReadRejected, ReadFaulted,
	AnswerCommitted, AnswerRevealed, AnswerDeclined,
	KeyRequested, KeyIssued, KeyRejected,
	CommitteeCreated, CommitteeRetired, DkgKeyRegistered, DealPublished, ComplaintFiled, TranscriptConfirmed,
	RecordErased, VersionCosigned,
	EmergencyStaffSet, EmergencySettingChanged, EmergencyAccessOpened, EmergencyAccessClosed,
	CapsuleReadRequested, CapsuleReadAnswered, CapsuleReadRejected, CapsuleReadFaulted,
	GuardianSet, GuardianRemoved, GuardianThresholdSet, GuardianActionProposed, GuardianActionApproved,
	GuardianActionExecuted, GuardianActionCancelled, GuardianGrantMade, GuardianGrantRevoked, ErasureApproved,
	ConsentGiven, ConsentRevoked,
	RecoveryConfigured, RecoveryRequested, RecoveryCancelled, RecoveryShareReleased, RecoveryCompleted,
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

// Path is the way a requester reaches a record's key: the gate contract that checked the
// request, and whose committee answered it.
type Path string

// Paths.
const (
	PathGrant     Path = "grant"      // the patient's grant, answered with re-encryption fragments
	PathAttribute Path = "attributes" // the requester's attributes against the record's policy
	PathToken     Path = "search"     // a search token for the patient's keyword index
	// The network capsule, released by the committee under one of three rules.
	PathEmergency Path = "emergency" // break-glass by emergency staff
	PathGuardian  Path = "guardian"  // a grant t of the patient's guardians approved
	PathConsent   Path = "consent"   // the patient's standing consent to an organisation
)

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
	// Error names why a gate rejected an access (the custom error its liveness check or the
	// too-many-declines rule gave), empty otherwise.
	Error string

	// Path is how a read or search reached the record's key; empty for other actions.
	Path Path
	// Committee is the proxy committee that holds shares or answers, zero when none.
	Committee uint64
	// Threshold is how many members' answers combine.
	Threshold uint8
	// Members is a committee member set (bit i−1 for member i): the members a grant or index key
	// names, or the members that answered an access.
	Members uint16
	// Nodes are the accounts of Members, in member order, as far as the committee is known.
	Nodes []common.Address
	// Member is the committee index of the member an answer or fault is about (its account is
	// the actor), zero when none.
	Member     uint8
	MaxUses    uint16 // get-access calls a grant allows
	UsesLeft   uint16 // get-access calls left after this one
	Generation uint32 // the record version's key generation (rotation bumps it)
	Epoch      uint64 // index epoch, or the CP-ABE key epoch
	// Attributes are the attribute ids a read's policy was satisfied with, and AttributeNames
	// their full names where the indexer saw them defined ("" where not).
	Attributes     []common.Hash
	AttributeNames []string
	// The record version's key material, as the patient approved it.
	PatientAuthored bool        // the patient wrote and signed the version herself
	PolicyHash      common.Hash // keccak256 of the policy program; zero: no attribute access
	CapsuleHash     common.Hash // SHA-256 of the capsule object
	CapsuleRef      string      // its IPFS reference
	GateHash        common.Hash // SHA-256 of the gate object; zero without a policy
	GateRef         string
	Category        common.Hash // the record's category code, co-signed; zero: none

	// Care beyond the grant.
	RuleID          uint64           // the emergency session, guardian grant or consent a read was made under
	ProposalID      uint64           // a guardians' proposal
	RecoveryID      uint64           // a key recovery request
	EmergencyReason string           // the reason an emergency provider stated
	Org             common.Hash      // the organisation a consent or an emergency session names
	Orgs            []common.Hash    // the organisations a restricted emergency setting allows
	Mode            string           // the patient's emergency setting: on, off or restricted
	ConsentRole     common.Hash      // the attribute a consent requires of the reader (zero: any)
	Scopes          uint8            // a guardian's scope bits: grant, revoke, read the timeline, co-sign, erasure
	GuardianAction  string           // what a guardians' proposal does: grant, revoke or erase
	Approvals       uint16           // approvals a guardians' proposal has
	Count           uint32           // emergency sessions the provider has opened, all patients together
	Holders         []common.Address // who holds shares of the patient's recovery key
	ByOrder         bool             // an erasure executed on a court order
}

// Outcome is Rejected for refusals (a gate's, a key oracle's, a member's decline) and Success
// otherwise.
func (e *Entry) Outcome() Outcome {
	switch e.Action {
	case AccessRejected, KeyRejected, ReadRejected, TokenRejected, AnswerDeclined, CapsuleReadRejected:
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

// Committee is a proxy committee as its creation fixed it: member i is Members[i-1].
type Committee struct {
	ID        uint64
	Members   []common.Address
	Threshold uint8
}

// Attribute is an attribute id with its full name ("namespace/name").
type Attribute struct {
	ID   common.Hash
	Name string
}

// GateKey names one access of one gate contract: gates number their accesses independently.
type GateKey struct {
	Contract common.Address
	ID       uint64
}

// GateAccess is what the event opening an access (a get-access call, an attribute read, a
// token request) fixes for the answers to it, which name only the access.
type GateAccess struct {
	GateKey
	Patient   common.Address
	Requester common.Address
	Path      Path
	Record    common.Hash
	Version   uint32
}

// Answer is a member's commit to an access: which account answered as which member.
type Answer struct {
	GateKey
	Member uint8
	Node   common.Address
}

// Context is what an entry is resolved against. Nil facts are unknown.
type Context struct {
	ActorRole       Role
	CounterpartRole Role
	Request         *Request // the entry's RequestID
	Grant           *Grant   // the entry's RequestID
	Access          *Access  // the entry's AccessID
	Gate            *GateAccess
	Committee       *Committee               // the entry's Committee
	Answers         map[uint8]common.Address // who committed to the entry's access, by member
	Attributes      map[common.Hash]string   // names of the entry's Attributes
}

// Needs lists the facts beyond roles, requests, grants and get-access calls that resolving e
// reads, so a store can fetch just those.
type Needs struct {
	Committee  uint64   // zero: none
	Gate       *GateKey // the access an answer is about
	Answers    *GateKey // the access whose committed members an outcome names
	Attributes []common.Hash
}

// Needs says which facts e's resolution reads.
func (e *Entry) Needs() Needs {
	var n Needs
	if e.Committee != 0 && e.Members != 0 {
		n.Committee = e.Committee
	}
	switch e.Action {
	case AnswerCommitted, AnswerRevealed, AnswerDeclined,
		ReadRejected, ReadFaulted, TokenRejected, TokenFaulted, CapsuleReadRejected, CapsuleReadFaulted:
		n.Gate = &GateKey{e.Contract, e.AccessID}
	case ReadAnswered, TokenAnswered, CapsuleReadAnswered:
		n.Gate = &GateKey{e.Contract, e.AccessID}
		n.Answers = n.Gate
	case AccessFulfilled:
		n.Answers = &GateKey{e.Contract, e.AccessID}
	}
	n.Attributes = e.Attributes
	return n
}

// Resolve fills in the fields the entry's own log does not carry.
func (e *Entry) Resolve(c Context) {
	e.ActorRole, e.CounterpartRole = c.ActorRole, c.CounterpartRole
	if e.Path == PathGrant || e.Path == "" {
		e.resolveGrant(c)
	}
	if g := c.Gate; g != nil && g.Contract == e.Contract && g.ID == e.AccessID {
		// The outcome of an attribute read or token request names the access only: its record
		// and version are the access's.
		e.Path = g.Path
		if e.Record == (common.Hash{}) {
			e.Record, e.Version = g.Record, g.Version
		}
	}
	switch e.Action {
	case AccessFulfilled, ReadAnswered, TokenAnswered, CapsuleReadAnswered:
		e.Nodes = nodes(e.Members, func(m uint8) (common.Address, bool) {
			a, ok := c.Answers[m]
			return a, ok
		})
	default:
		if c.Committee != nil && c.Committee.ID == e.Committee {
			e.Nodes = nodes(e.Members, func(m uint8) (common.Address, bool) {
				if int(m) > len(c.Committee.Members) {
					return common.Address{}, false
				}
				return c.Committee.Members[m-1], true
			})
		}
	}
	if len(e.Attributes) > 0 {
		e.AttributeNames = make([]string, len(e.Attributes))
		for i, id := range e.Attributes {
			e.AttributeNames[i] = c.Attributes[id]
		}
	}
}

// nodes lists the accounts of the members in mask that of knows, in member order; nil when
// none is known.
func nodes(mask uint16, of func(uint8) (common.Address, bool)) []common.Address {
	var out []common.Address
	for m := uint8(1); m <= 16; m++ {
		if mask&(1<<(m-1)) == 0 {
			continue
		}
		if a, ok := of(m); ok {
			out = append(out, a)
		}
	}
	return out
}

func (e *Entry) resolveGrant(c Context) {
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
	case AccessFulfilled, AccessRejected, AccessFaulted:
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
// memory: the same resolution the stores do, for entries rebuilt from the chain.
type Facts struct {
	roles      map[common.Address]Role
	requests   map[uint64]Request
	grants     map[uint64]Grant
	accesses   map[uint64]Access
	committees map[uint64]Committee
	attributes map[common.Hash]string
	gates      map[GateKey]GateAccess
	answers    map[GateKey]map[uint8]common.Address
}

// NewFacts returns an empty collection.
func NewFacts() *Facts {
	return &Facts{
		roles:      map[common.Address]Role{},
		requests:   map[uint64]Request{},
		grants:     map[uint64]Grant{},
		accesses:   map[uint64]Access{},
		committees: map[uint64]Committee{},
		attributes: map[common.Hash]string{},
		gates:      map[GateKey]GateAccess{},
		answers:    map[GateKey]map[uint8]common.Address{},
	}
}

// Add records the facts an event carries. As in the stores, the first fact for an id wins.
func (f *Facts) Add(ev Event) {
	if p := ev.Participant; p != nil {
		f.AddRole(p.Address, p.Role)
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
	if c := ev.Committee; c != nil {
		f.AddCommittee(*c)
	}
	if a := ev.Attribute; a != nil {
		f.AddAttribute(*a)
	}
	if g := ev.Gate; g != nil {
		f.AddGate(*g)
	}
	if a := ev.Answer; a != nil {
		f.AddAnswer(*a)
	}
}

// AddRole records an account's role.
func (f *Facts) AddRole(a common.Address, r Role) {
	if _, ok := f.roles[a]; !ok {
		f.roles[a] = r
	}
}

// AddCommittee records a committee.
func (f *Facts) AddCommittee(c Committee) {
	if _, ok := f.committees[c.ID]; !ok {
		f.committees[c.ID] = c
	}
}

// AddAttribute records an attribute's name.
func (f *Facts) AddAttribute(a Attribute) {
	if _, ok := f.attributes[a.ID]; !ok {
		f.attributes[a.ID] = a.Name
	}
}

// AddGate records what an access's opening event fixed.
func (f *Facts) AddGate(g GateAccess) {
	if _, ok := f.gates[g.GateKey]; !ok {
		f.gates[g.GateKey] = g
	}
}

// AddAnswer records a member's commit.
func (f *Facts) AddAnswer(a Answer) {
	m := f.answers[a.GateKey]
	if m == nil {
		m = map[uint8]common.Address{}
		f.answers[a.GateKey] = m
	}
	if _, ok := m[a.Member]; !ok {
		m[a.Member] = a.Node
	}
}

// Gate returns the facts of an access, if its opening event was added.
func (f *Facts) Gate(k GateKey) (GateAccess, bool) {
	g, ok := f.gates[k]
	return g, ok
}

// Place puts a member's answer on the timeline of the access it answers, from the facts added
// so far (the access is opened before it is answered); false when ev is no answer or its access
// is unknown.
func (f *Facts) Place(ev *Event) bool {
	if ev.AnswerTo == nil || ev.Entry == nil {
		return false
	}
	g, ok := f.gates[*ev.AnswerTo]
	if ok {
		ev.Entry.Answering(g)
	}
	return ok
}

// Gates lists the accesses of patient's timeline, in no particular order.
func (f *Facts) Gates(patient common.Address) []GateKey {
	var out []GateKey
	for k, g := range f.gates {
		if g.Patient == patient {
			out = append(out, k)
		}
	}
	return out
}

// Resolve resolves e against every fact added so far, whichever event came first, as the
// stores do at query time.
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
	n := e.Needs()
	if cm, ok := f.committees[n.Committee]; ok {
		c.Committee = &cm
	}
	if n.Gate != nil {
		if g, ok := f.gates[*n.Gate]; ok {
			c.Gate = &g
		}
	}
	if n.Answers != nil {
		c.Answers = f.answers[*n.Answers]
	}
	if len(n.Attributes) > 0 {
		c.Attributes = f.attributes
	}
	e.Resolve(c)
}
