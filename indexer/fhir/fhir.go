// Package fhir renders timeline entries as FHIR R4 AuditEvent resources in a searchset Bundle,
// following the IHE Basic Audit Log Patterns (BALP):
//
//   - every event names the patient as an entity of type Person (audit-entity-type 1) in the
//     role Patient (object-role 1), referenced as Patient/{address};
//   - record writes and reads use the RESTful patterns (type rest, subtype create, update,
//     delete, read or search-type, action C/U/D/R/E, meta.profile PatientCreate …), the
//     oracle's answer to a get-access being the read of the data key;
//   - grants and get-access calls use the consent-based authorization pattern (AuthZconsent:
//     type DCM 110113, subtype AuthZ-Consent, action E), with the access request as an entity
//     of type Consent and the request's purpose as purposeOfUse/purposeOfEvent; a grant's entity
//     references a contained Consent resource whose provision holds the grant window as a FHIR
//     period and the granted operations as consent actions (read is "access");
//   - everything else is a Patient Record event (DCM 110110) with emrchain's action code;
//   - each actor is an agent whose who.identifier is the Ethereum address (EIP-55), requestor
//     true for whoever acted; outcome is 0, or 4 (minor failure) for the oracle's rejections,
//     with the reason name from Reasons.sol; recorded is the block time;
//   - the chain transaction and log are an entity too, so a reader can check the event on chain.
package fhir

import (
	"fmt"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/indexer/timeline"
)

// Code systems and identifier systems used.
const (
	SystemDICOM           = "http://dicom.nema.org/resources/ontology/DCM"
	SystemAuditEventType  = "http://terminology.hl7.org/CodeSystem/audit-event-type"
	SystemRestful         = "http://hl7.org/fhir/restful-interaction"
	SystemAuthZSubType    = "https://profiles.ihe.net/ITI/BALP/CodeSystem/AuthZsubType"
	SystemEntityType      = "http://terminology.hl7.org/CodeSystem/audit-entity-type"
	SystemObjectRole      = "http://terminology.hl7.org/CodeSystem/object-role"
	SystemParticipation   = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
	SystemActReason       = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
	SystemResourceTypes   = "http://hl7.org/fhir/resource-types"
	SystemSourceType      = "http://terminology.hl7.org/CodeSystem/security-source-type"
	SystemEthereumAddress = "https://eips.ethereum.org/EIPS/eip-55"
	SystemAction          = "urn:emrchain:fhir:timeline-action"
	SystemRole            = "urn:emrchain:fhir:participant-role"
	SystemPurpose         = "urn:emrchain:fhir:purpose-hash"
	SystemRecord          = "urn:emrchain:record-id"
	SystemAccessRequest   = "urn:emrchain:access-request"
	SystemConsent         = "urn:emrchain:standing-consent"
	SystemTransaction     = "urn:emrchain:ethereum-transaction"
	SystemAccess          = "urn:emrchain:access"
	SystemRoleCode        = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
	SystemOrganisation    = "urn:emrchain:org"
	SystemCategory        = "urn:emrchain:record-category"
	SystemAttribute       = "urn:emrchain:attribute"
	balpProfile           = "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit."
)

// Coding is a FHIR Coding.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept is a FHIR CodeableConcept.
type CodeableConcept struct {
	Coding []Coding `json:"coding"`
}

// Identifier is a FHIR Identifier.
type Identifier struct {
	System string `json:"system"`
	Value  string `json:"value"`
}

// Reference is a FHIR Reference.
type Reference struct {
	Reference  string      `json:"reference,omitempty"`
	Type       string      `json:"type,omitempty"`
	Identifier *Identifier `json:"identifier,omitempty"`
	Display    string      `json:"display,omitempty"`
}

// Meta is a FHIR resource's meta.
type Meta struct {
	Profile  []string `json:"profile,omitempty"`
	Security []Coding `json:"security,omitempty"`
}

// Agent is an AuditEvent.agent.
type Agent struct {
	Type         *CodeableConcept  `json:"type,omitempty"`
	Role         []CodeableConcept `json:"role,omitempty"`
	Who          Reference         `json:"who"`
	Requestor    bool              `json:"requestor"`
	PurposeOfUse []CodeableConcept `json:"purposeOfUse,omitempty"`
}

// Source is an AuditEvent.source.
type Source struct {
	Site     string    `json:"site,omitempty"`
	Observer Reference `json:"observer"`
	Type     []Coding  `json:"type,omitempty"`
}

// Period is a FHIR Period; an open end is left out.
type Period struct {
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
}

// ConsentActor is a Consent.provision.actor.
type ConsentActor struct {
	Role      CodeableConcept `json:"role"`
	Reference Reference       `json:"reference"`
}

// ConsentData is a Consent.provision.data.
type ConsentData struct {
	Meaning   string    `json:"meaning"`
	Reference Reference `json:"reference"`
}

// Provision is a Consent.provision.
type Provision struct {
	Type    string            `json:"type"`
	Period  *Period           `json:"period,omitempty"`
	Actor   []ConsentActor    `json:"actor,omitempty"`
	Action  []CodeableConcept `json:"action,omitempty"`
	Purpose []Coding          `json:"purpose,omitempty"`
	Code    []CodeableConcept `json:"code,omitempty"`
	Data    []ConsentData     `json:"data,omitempty"`
}

// Consent is a FHIR R4 Consent, contained in the AuditEvent of a grant.
type Consent struct {
	ResourceType string            `json:"resourceType"`
	ID           string            `json:"id"`
	Status       string            `json:"status"`
	Scope        CodeableConcept   `json:"scope"`
	Category     []CodeableConcept `json:"category"`
	Patient      Reference         `json:"patient"`
	DateTime     string            `json:"dateTime,omitempty"`
	PolicyRule   CodeableConcept   `json:"policyRule"`
	Provision    Provision         `json:"provision"`
}

// Detail is an AuditEvent.entity.detail.
type Detail struct {
	Type        string `json:"type"`
	ValueString string `json:"valueString"`
}

// Entity is an AuditEvent.entity.
type Entity struct {
	What   Reference `json:"what"`
	Type   *Coding   `json:"type,omitempty"`
	Role   *Coding   `json:"role,omitempty"`
	Detail []Detail  `json:"detail,omitempty"`
}

// AuditEvent is a FHIR R4 AuditEvent.
type AuditEvent struct {
	ResourceType   string            `json:"resourceType"`
	ID             string            `json:"id"`
	Meta           *Meta             `json:"meta,omitempty"`
	Type           Coding            `json:"type"`
	Subtype        []Coding          `json:"subtype,omitempty"`
	Action         string            `json:"action"`
	Recorded       string            `json:"recorded"`
	Contained      []*Consent        `json:"contained,omitempty"`
	Outcome        string            `json:"outcome"`
	OutcomeDesc    string            `json:"outcomeDesc,omitempty"`
	PurposeOfEvent []CodeableConcept `json:"purposeOfEvent,omitempty"`
	Agent          []Agent           `json:"agent"`
	Source         Source            `json:"source"`
	Entity         []Entity          `json:"entity"`
}

// BundleLink is a Bundle.link.
type BundleLink struct {
	Relation string `json:"relation"`
	URL      string `json:"url"`
}

// BundleEntry is a Bundle.entry of a search.
type BundleEntry struct {
	FullURL  string      `json:"fullUrl,omitempty"`
	Resource *AuditEvent `json:"resource"`
	Search   struct {
		Mode string `json:"mode"`
	} `json:"search"`
}

// Bundle is a FHIR R4 Bundle of type searchset.
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	Type         string        `json:"type"`
	Link         []BundleLink  `json:"link,omitempty"`
	Entry        []BundleEntry `json:"entry"`
}

// Options say where the events come from and how the bundle links.
type Options struct {
	// ChainID names the chain in source.site ("eip155:{id}", CAIP-2).
	ChainID uint64
	// Contracts names contract addresses for source.observer (e.g. "AccessLedger").
	Contracts map[common.Address]string
	// Base is the FHIR base URL of the indexer serving these events: each entry's fullUrl is
	// "{Base}/AuditEvent/{id}", which that indexer answers. Empty leaves fullUrl out.
	Base string
	// Self and Next are the bundle's links; empty: left out.
	Self, Next string
}

// ID is the AuditEvent id of an entry: its block number and log index, unique on one chain.
func ID(e *timeline.Entry) string {
	return strconv.FormatUint(e.BlockNumber, 10) + "-" + strconv.FormatUint(uint64(e.LogIndex), 10)
}

// NewBundle renders entries of one timeline.
func NewBundle(entries []timeline.Entry, o Options) *Bundle {
	b := &Bundle{ResourceType: "Bundle", Type: "searchset", Entry: make([]BundleEntry, 0, len(entries))}
	if o.Self != "" {
		b.Link = append(b.Link, BundleLink{Relation: "self", URL: o.Self})
	}
	if o.Next != "" {
		b.Link = append(b.Link, BundleLink{Relation: "next", URL: o.Next})
	}
	for i := range entries {
		ev := NewAuditEvent(&entries[i], o)
		be := BundleEntry{Resource: ev}
		if o.Base != "" {
			be.FullURL = o.Base + "/AuditEvent/" + ev.ID
		}
		be.Search.Mode = "match"
		b.Entry = append(b.Entry, be)
	}
	return b
}

// pattern is how one action maps onto BALP.
type pattern struct {
	typ     Coding
	subtype *Coding // BALP's subtype, besides emrchain's action code
	action  string  // C, R, U, D or E
	profile string  // BALP profile name, empty when none fits
	agent   string  // v3-ParticipationType of the actor
}

var (
	typeRest          = Coding{System: SystemAuditEventType, Code: "rest", Display: "Restful Operation"}
	typePatientRecord = Coding{System: SystemDICOM, Code: "110110", Display: "Patient Record"}
	typeSecurityAlert = Coding{System: SystemDICOM, Code: "110113", Display: "Security Alert"}
	typeApplication   = Coding{System: SystemDICOM, Code: "110100", Display: "Application Activity"}
	authZConsent      = &Coding{System: SystemAuthZSubType, Code: "AuthZ-Consent", Display: "Authorization Decision using Roles and Consent"}
	emergencyStarted  = &Coding{System: SystemDICOM, Code: "110127", Display: "Emergency Override Started"}
	emergencyStopped  = &Coding{System: SystemDICOM, Code: "110138", Display: "Emergency Override Stopped"}
	// Break-glass: the purpose of use and the security label BALP and HL7 code it with.
	etreat = Coding{System: SystemActReason, Code: "ETREAT", Display: "Emergency Treatment"}
	btg    = Coding{System: SystemActCode, Code: "BTG", Display: "break the glass"}
	// guardianRole is how a guardian appears besides its Registry role.
	guardianRole = Coding{System: SystemRoleCode, Code: "GUARD", Display: "guardian"}
)

func restful(code string) *Coding { return &Coding{System: SystemRestful, Code: code} }

var patterns = map[timeline.Action]pattern{
	timeline.RecordCreated:       {typeRest, restful("create"), "C", "PatientCreate", "AUT"},
	timeline.RecordUpdated:       {typeRest, restful("update"), "U", "PatientUpdate", "AUT"},
	timeline.RecordDeleted:       {typeRest, restful("delete"), "D", "PatientDelete", "AUT"},
	timeline.SearchPerformed:     {typeRest, restful("search-type"), "E", "PatientQuery", "IRCP"},
	timeline.AccessFulfilled:     {typeRest, restful("read"), "R", "PatientRead", "PRF"},
	timeline.AccessRejected:      {typeRest, restful("read"), "R", "PatientRead", "PRF"},
	timeline.ReadAnswered:        {typeRest, restful("read"), "R", "PatientRead", "PRF"},
	timeline.ReadRejected:        {typeRest, restful("read"), "R", "PatientRead", "PRF"},
	timeline.TokenAnswered:       {typeRest, restful("search-type"), "E", "PatientQuery", "PRF"},
	timeline.TokenRejected:       {typeRest, restful("search-type"), "E", "PatientQuery", "PRF"},
	timeline.AccessGranted:       {typeSecurityAlert, authZConsent, "E", "AuthZconsent", "AUT"},
	timeline.AccessInvoked:       {typeSecurityAlert, authZConsent, "E", "AuthZconsent", "IRCP"},
	timeline.ReadRequested:       {typeSecurityAlert, authZConsent, "E", "AuthZconsent", "IRCP"},
	timeline.TokenRequested:      {typeSecurityAlert, authZConsent, "E", "AuthZconsent", "IRCP"},
	timeline.AccessFaulted:       {typeSecurityAlert, nil, "E", "", "PRF"},
	timeline.ReadFaulted:         {typeSecurityAlert, nil, "E", "", "PRF"},
	timeline.TokenFaulted:        {typeSecurityAlert, nil, "E", "", "PRF"},
	timeline.AnswerCommitted:     {typePatientRecord, nil, "E", "", "PRF"},
	timeline.AnswerRevealed:      {typePatientRecord, nil, "E", "", "PRF"},
	timeline.AnswerDeclined:      {typePatientRecord, nil, "E", "", "PRF"},
	timeline.KeyRewrapped:        {typePatientRecord, nil, "U", "", "AUT"},
	timeline.IndexKeyRegistered:  {typePatientRecord, nil, "U", "", "AUT"},
	timeline.CommitteeCreated:    {typeApplication, nil, "C", "", "AUT"},
	timeline.CommitteeRetired:    {typeApplication, nil, "D", "", "AUT"},
	timeline.DkgKeyRegistered:    {typeApplication, nil, "E", "", "PRF"},
	timeline.DealPublished:       {typeApplication, nil, "E", "", "PRF"},
	timeline.ComplaintFiled:      {typeApplication, nil, "E", "", "PRF"},
	timeline.TranscriptConfirmed: {typeApplication, nil, "E", "", "PRF"},

	timeline.RecordErased:            {typeRest, restful("delete"), "D", "PatientDelete", "AUT"},
	timeline.VersionCosigned:         {typePatientRecord, nil, "U", "", "AUT"},
	timeline.EmergencyStaffSet:       {typePatientRecord, nil, "U", "", "AUT"},
	timeline.EmergencySettingChanged: {typePatientRecord, nil, "U", "", "AUT"},
	timeline.EmergencyAccessOpened:   {typeSecurityAlert, emergencyStarted, "E", "", "IRCP"},
	timeline.EmergencyAccessClosed:   {typeSecurityAlert, emergencyStopped, "E", "", "AUT"},
	timeline.CapsuleReadRequested:    {typeSecurityAlert, authZConsent, "E", "AuthZconsent", "IRCP"},
	timeline.CapsuleReadAnswered:     {typeRest, restful("read"), "R", "PatientRead", "PRF"},
	timeline.CapsuleReadRejected:     {typeRest, restful("read"), "R", "PatientRead", "PRF"},
	timeline.CapsuleReadFaulted:      {typeSecurityAlert, nil, "E", "", "PRF"},
	timeline.GuardianSet:             {typePatientRecord, nil, "U", "", "AUT"},
	timeline.GuardianRemoved:         {typePatientRecord, nil, "U", "", "AUT"},
	timeline.GuardianThresholdSet:    {typePatientRecord, nil, "U", "", "AUT"},
	timeline.GuardianActionProposed:  {typePatientRecord, nil, "E", "", "AUT"},
	timeline.GuardianActionApproved:  {typePatientRecord, nil, "E", "", "AUT"},
	timeline.GuardianActionExecuted:  {typePatientRecord, nil, "E", "", "AUT"},
	timeline.GuardianActionCancelled: {typePatientRecord, nil, "E", "", "AUT"},
	timeline.GuardianGrantMade:       {typeSecurityAlert, authZConsent, "E", "AuthZconsent", "AUT"},
	timeline.GuardianGrantRevoked:    {typePatientRecord, nil, "U", "", "AUT"},
	timeline.ErasureApproved:         {typePatientRecord, nil, "E", "", "AUT"},
	timeline.ConsentGiven:            {typeSecurityAlert, authZConsent, "E", "AuthZconsent", "AUT"},
	timeline.ConsentRevoked:          {typePatientRecord, nil, "U", "", "AUT"},
	timeline.RecoveryConfigured:      {typePatientRecord, nil, "U", "", "AUT"},
	timeline.RecoveryRequested:       {typePatientRecord, nil, "E", "", "AUT"},
	timeline.RecoveryCancelled:       {typePatientRecord, nil, "E", "", "AUT"},
	timeline.RecoveryShareReleased:   {typePatientRecord, nil, "E", "", "PRF"},
	timeline.RecoveryCompleted:       {typePatientRecord, nil, "E", "", "PRF"},
	timeline.Enrolled:                {typePatientRecord, nil, "C", "", "PRF"},
	timeline.Suspended:               {typePatientRecord, nil, "U", "", "PRF"},
	timeline.Reinstated:              {typePatientRecord, nil, "U", "", "PRF"},
	timeline.Removed:                 {typePatientRecord, nil, "D", "", "PRF"},
	timeline.KeysRotated:             {typePatientRecord, nil, "U", "", "AUT"},
	timeline.PolicyChanged:           {typePatientRecord, nil, "U", "", "AUT"},
	timeline.RequesterAdded:          {typePatientRecord, nil, "U", "", "AUT"},
	timeline.RequesterRemoved:        {typePatientRecord, nil, "U", "", "AUT"},
	timeline.IndexEntriesAdded:       {typePatientRecord, nil, "U", "", "AUT"},
	timeline.IndexEntriesRemoved:     {typePatientRecord, nil, "U", "", "AUT"},
	timeline.AccessRequested:         {typePatientRecord, nil, "E", "", "IRCP"},
	timeline.AccessRevoked:           {typePatientRecord, nil, "U", "", "AUT"},
	timeline.AccessExpired:           {typePatientRecord, nil, "U", "", "PRF"},
	timeline.KeyRequested:            {typePatientRecord, nil, "E", "", "IRCP"},
	timeline.KeyIssued:               {typePatientRecord, nil, "E", "", "PRF"},
	timeline.KeyRejected:             {typePatientRecord, nil, "E", "", "PRF"},
}

var participation = map[string]string{
	"AUT":  "author (originator)",
	"IRCP": "information recipient",
	"PRF":  "performer",
}

// purposes maps the purposes clients hash (client.Purpose(word)) to v3-ActReason codes.
var purposes = map[common.Hash]Coding{}

func init() {
	for word, c := range map[string]Coding{
		"treatment":       {System: SystemActReason, Code: "TREAT", Display: "treatment"},
		"emergency":       {System: SystemActReason, Code: "ETREAT", Display: "Emergency Treatment"},
		"payment":         {System: SystemActReason, Code: "HPAYMT", Display: "healthcare payment"},
		"operations":      {System: SystemActReason, Code: "HOPERAT", Display: "healthcare operations"},
		"research":        {System: SystemActReason, Code: "HRESCH", Display: "healthcare research"},
		"public-health":   {System: SystemActReason, Code: "PUBHLTH", Display: "public health"},
		"patient-request": {System: SystemActReason, Code: "PATRQT", Display: "patient requested"},
	} {
		purposes[crypto.Keccak256Hash([]byte(word))] = c
	}
}

func purposeOf(h common.Hash) []CodeableConcept {
	if h == (common.Hash{}) {
		return nil
	}
	if c, ok := purposes[h]; ok {
		return []CodeableConcept{{Coding: []Coding{c}}}
	}
	return []CodeableConcept{{Coding: []Coding{{System: SystemPurpose, Code: h.Hex()}}}}
}

func addressRef(a common.Address) Reference {
	return Reference{Identifier: &Identifier{System: SystemEthereumAddress, Value: a.Hex()}}
}

// NewAuditEvent renders one entry.
func NewAuditEvent(e *timeline.Entry, o Options) *AuditEvent {
	p := patterns[e.Action] // every action has one (TestEveryActionHasAPattern)
	ev := &AuditEvent{
		ResourceType: "AuditEvent",
		ID:           ID(e),
		Type:         p.typ,
		Action:       p.action,
		Recorded:     e.Time.UTC().Format(time.RFC3339),
		Outcome:      "0",
	}
	if p.profile != "" {
		ev.Meta = &Meta{Profile: []string{balpProfile + p.profile}}
	}
	if p.subtype != nil {
		ev.Subtype = append(ev.Subtype, *p.subtype)
	}
	ev.Subtype = append(ev.Subtype, Coding{System: SystemAction, Code: string(e.Action)})
	if e.Outcome() == timeline.Rejected {
		ev.Outcome = "4"
		ev.OutcomeDesc = e.Reason.String()
		if e.Error != "" {
			ev.OutcomeDesc = e.Error
		}
	}
	purpose := purposeOf(e.Purpose)
	if e.Path == timeline.PathEmergency {
		// Break-glass, as BALP codes emergency access: emergency treatment as the purpose, and
		// the break-the-glass security label on the event.
		purpose = []CodeableConcept{{Coding: []Coding{etreat}}}
		if ev.Meta == nil {
			ev.Meta = &Meta{}
		}
		ev.Meta.Security = append(ev.Meta.Security, btg)
	}
	ev.PurposeOfEvent = purpose

	if e.Actor != (common.Address{}) {
		a := Agent{Type: &CodeableConcept{Coding: []Coding{{System: SystemParticipation, Code: p.agent, Display: participation[p.agent]}}},
			Role: roleOf(e.ActorRole), Who: addressRef(e.Actor), Requestor: true}
		if p.agent == "IRCP" {
			a.PurposeOfUse = purpose
		}
		if actorIsGuardian[e.Action] {
			guardian(&a)
		}
		ev.Agent = append(ev.Agent, a)
	}
	if e.Counterpart != (common.Address{}) {
		// With no actor (an outcome nobody in particular brought about), the requester who
		// started the exchange is the requestor.
		a := Agent{
			Type: &CodeableConcept{Coding: []Coding{{System: SystemParticipation, Code: "IRCP", Display: participation["IRCP"]}}},
			Role: roleOf(e.CounterpartRole), Who: addressRef(e.Counterpart), Requestor: e.Actor == (common.Address{}), PurposeOfUse: purpose,
		}
		if counterpartIsGuardian[e.Action] {
			guardian(&a)
		}
		ev.Agent = append(ev.Agent, a)
	}
	// The committee nodes that answered (or hold the shares of a grant) performed it too.
	for _, n := range e.Nodes {
		ev.Agent = append(ev.Agent, Agent{
			Type: &CodeableConcept{Coding: []Coding{{System: SystemParticipation, Code: "PRF", Display: participation["PRF"]}}},
			Role: roleOf(timeline.RoleProxy), Who: addressRef(n), Requestor: false,
		})
	}

	if len(ev.Agent) == 0 {
		// Nobody in particular acted (guardians' agreement reached, for example): the contract
		// that recorded it is the agent, as a device.
		who := addressRef(e.Contract)
		who.Type = "Device"
		ev.Agent = append(ev.Agent, Agent{
			Type: &CodeableConcept{Coding: []Coding{{System: SystemParticipation, Code: "PRF", Display: participation["PRF"]}}},
			Who:  who, Requestor: true,
		})
	}
	observer := addressRef(e.Contract)
	observer.Display = "emrchain contract"
	if name, ok := o.Contracts[e.Contract]; ok {
		observer.Display = "emrchain " + name
	}
	ev.Source = Source{
		Site:     fmt.Sprintf("eip155:%d", o.ChainID),
		Observer: observer,
		Type:     []Coding{{System: SystemSourceType, Code: "4", Display: "Application Server"}},
	}

	if p.typ == typeApplication {
		// A committee's formation and key generation are about the network, not a patient: the
		// timeline's account is the security user the event concerns.
		ev.Entity = append(ev.Entity, Entity{
			What: addressRef(e.Patient),
			Type: &Coding{System: SystemEntityType, Code: "2", Display: "System Object"},
			Role: &Coding{System: SystemObjectRole, Code: "11", Display: "Security User Entity"},
		})
	} else {
		ev.Entity = append(ev.Entity, Entity{
			What: Reference{Reference: "Patient/" + e.Patient.Hex(), Identifier: &Identifier{System: SystemEthereumAddress, Value: e.Patient.Hex()}},
			Type: &Coding{System: SystemEntityType, Code: "1", Display: "Person"},
			Role: &Coding{System: SystemObjectRole, Code: "1", Display: "Patient"},
		})
	}
	if e.Record != (common.Hash{}) {
		rec := Entity{
			What: Reference{Identifier: &Identifier{System: SystemRecord, Value: e.Record.Hex()}},
			Type: &Coding{System: SystemEntityType, Code: "2", Display: "System Object"},
			Role: &Coding{System: SystemObjectRole, Code: "4", Display: "Domain Resource"},
		}
		if e.Version != 0 {
			rec.Detail = []Detail{{Type: "version", ValueString: strconv.FormatUint(uint64(e.Version), 10)}}
		}
		rec.Detail = append(rec.Detail, recordDetails(e)...)
		ev.Entity = append(ev.Entity, rec)
	}
	if e.RequestID != 0 {
		consent := Entity{
			What: Reference{Identifier: &Identifier{System: SystemAccessRequest, Value: strconv.FormatUint(e.RequestID, 10)}},
			Type: &Coding{System: SystemResourceTypes, Code: "Consent", Display: "Consent"},
		}
		if e.Action == timeline.AccessGranted {
			c := grantConsent(e, purpose)
			ev.Contained = append(ev.Contained, c)
			consent.What.Reference = "#" + c.ID
		}
		ev.Entity = append(ev.Entity, consent)
	}
	if e.Action == timeline.ConsentGiven {
		c := standingConsent(e)
		ev.Contained = append(ev.Contained, c)
		ev.Entity = append(ev.Entity, Entity{
			What: Reference{Reference: "#" + c.ID, Identifier: &Identifier{System: SystemConsent, Value: strconv.FormatUint(e.RuleID, 10)}},
			Type: &Coding{System: SystemResourceTypes, Code: "Consent", Display: "Consent"},
		})
	}
	if d := details(e); len(d) > 0 {
		ev.Entity = append(ev.Entity, Entity{
			What:   Reference{Identifier: &Identifier{System: SystemAccess, Value: accessID(e)}},
			Type:   &Coding{System: SystemEntityType, Code: "2", Display: "System Object"},
			Role:   &Coding{System: SystemObjectRole, Code: "13", Display: "Security Resource"},
			Detail: d,
		})
	}
	ev.Entity = append(ev.Entity, Entity{
		What: Reference{Identifier: &Identifier{System: SystemTransaction, Value: e.TxHash.Hex()}},
		Type: &Coding{System: SystemEntityType, Code: "2", Display: "System Object"},
		Detail: []Detail{
			{Type: "blockNumber", ValueString: strconv.FormatUint(e.BlockNumber, 10)},
			{Type: "blockHash", ValueString: e.BlockHash.Hex()},
			{Type: "logIndex", ValueString: strconv.FormatUint(uint64(e.LogIndex), 10)},
		},
	})
	return ev
}

// accessID names what the details entity describes: the gate and its access number, or the
// committee.
func accessID(e *timeline.Entry) string {
	switch {
	case e.AccessID != 0 && e.Path != "":
		return string(e.Path) + "/" + strconv.FormatUint(e.AccessID, 10)
	case e.Committee != 0:
		return "committee/" + strconv.FormatUint(e.Committee, 10)
	case e.Path != "":
		return string(e.Path)
	default:
		return string(e.Action)
	}
}

// details are how an access was answered: the path, the committee, its threshold, the member an
// answer or fault is about, the uses a grant allows or has left, the attributes a read used and
// the gate's error for a rejection.
func details(e *timeline.Entry) []Detail {
	var d []Detail
	add := func(typ, v string) { d = append(d, Detail{Type: typ, ValueString: v}) }
	num := func(typ string, v uint64) {
		if v != 0 {
			add(typ, strconv.FormatUint(v, 10))
		}
	}
	if e.Path != "" {
		add("path", string(e.Path))
	}
	num("committee", e.Committee)
	num("threshold", uint64(e.Threshold))
	num("member", uint64(e.Member))
	num("maxUses", uint64(e.MaxUses))
	if e.Action == timeline.AccessInvoked {
		add("usesLeft", strconv.FormatUint(uint64(e.UsesLeft), 10))
	}
	num("epoch", e.Epoch)
	num("rule", e.RuleID)
	num("proposal", e.ProposalID)
	num("recovery", e.RecoveryID)
	num("approvals", uint64(e.Approvals))
	num("providerSessions", uint64(e.Count))
	if e.EmergencyReason != "" {
		add("emergencyReason", e.EmergencyReason)
	}
	if e.Mode != "" {
		add("mode", e.Mode)
	}
	if e.GuardianAction != "" {
		add("guardianAction", e.GuardianAction)
	}
	if e.Scopes != 0 {
		add("scopes", strconv.FormatUint(uint64(e.Scopes), 2))
	}
	if e.ByOrder {
		add("courtOrder", "true")
	}
	for _, h := range e.Holders {
		add("recoveryHolder", h.Hex())
	}
	for i, a := range e.Attributes {
		v := a.Hex()
		if i < len(e.AttributeNames) && e.AttributeNames[i] != "" {
			v = e.AttributeNames[i]
		}
		add("attribute", v)
	}
	if e.Error != "" {
		add("error", e.Error)
	}
	return d
}

// recordDetails is the record version's key material as the patient approved it.
func recordDetails(e *timeline.Entry) []Detail {
	var d []Detail
	add := func(typ, v string) {
		if v != "" {
			d = append(d, Detail{Type: typ, ValueString: v})
		}
	}
	if e.PatientAuthored {
		add("patientAuthored", "true")
	}
	if e.Generation != 0 {
		add("keyGeneration", strconv.FormatUint(uint64(e.Generation), 10))
	}
	add("policyHash", hashString(e.PolicyHash))
	add("capsuleHash", hashString(e.CapsuleHash))
	add("capsuleRef", e.CapsuleRef)
	add("gateHash", hashString(e.GateHash))
	add("gateRef", e.GateRef)
	if e.Category != (common.Hash{}) {
		add("category", categoryCoding(e.Category).Code)
	}
	return d
}

func hashString(h common.Hash) string {
	if h == (common.Hash{}) {
		return ""
	}
	return h.Hex()
}

// Code systems of the contained Consent.
const (
	SystemConsentScope  = "http://terminology.hl7.org/CodeSystem/consentscope"
	SystemLOINC         = "http://loinc.org"
	SystemActCode       = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
	SystemConsentAction = "http://terminology.hl7.org/CodeSystem/consentaction"
	SystemOperation     = "urn:emrchain:fhir:operation"
	maxFHIRTime         = 253402300799 // 9999-12-31T23:59:59Z, the last instant FHIR can write
)

// fhirTime writes a block timestamp as a FHIR instant; 0, and anything past year 9999 (a window
// without end is 2^64-1), is no bound at all.
func fhirTime(sec uint64) string {
	if sec == 0 || sec > maxFHIRTime {
		return ""
	}
	return time.Unix(int64(sec), 0).UTC().Format(time.RFC3339)
}

// Operations codes a grant's operation set: bit 0, reading, is the consent action "access";
// bits the protocol does not define yet keep their number.
func Operations(ops uint8) []CodeableConcept {
	var out []CodeableConcept
	for bit := range 8 {
		if ops&(1<<bit) == 0 {
			continue
		}
		c := Coding{System: SystemOperation, Code: "operation-" + strconv.Itoa(bit)}
		if bit == 0 {
			c = Coding{System: SystemConsentAction, Code: "access", Display: "Access"}
		}
		out = append(out, CodeableConcept{Coding: []Coding{c}})
	}
	return out
}

// grantConsent is the patient's grant as a FHIR Consent: the window as its period, the
// operations as actions, the requester as the recipient, the record as the data.
func grantConsent(e *timeline.Entry, purpose []CodeableConcept) *Consent {
	c := &Consent{
		ResourceType: "Consent",
		ID:           "grant-" + strconv.FormatUint(e.RequestID, 10),
		Status:       "active",
		Scope:        CodeableConcept{Coding: []Coding{{System: SystemConsentScope, Code: "patient-privacy", Display: "Privacy Consent"}}},
		Category:     []CodeableConcept{{Coding: []Coding{{System: SystemLOINC, Code: "59284-0", Display: "Patient Consent"}}}},
		Patient:      Reference{Reference: "Patient/" + e.Patient.Hex(), Identifier: &Identifier{System: SystemEthereumAddress, Value: e.Patient.Hex()}},
		DateTime:     e.Time.UTC().Format(time.RFC3339),
		PolicyRule:   CodeableConcept{Coding: []Coding{{System: SystemActCode, Code: "OPTIN", Display: "opt-in"}}},
		Provision:    Provision{Type: "permit", Action: Operations(e.Operations)},
	}
	if start, end := fhirTime(e.NotBefore), fhirTime(e.NotAfter); start != "" || end != "" {
		c.Provision.Period = &Period{Start: start, End: end}
	}
	if e.Counterpart != (common.Address{}) {
		c.Provision.Actor = []ConsentActor{{
			Role:      CodeableConcept{Coding: []Coding{{System: SystemParticipation, Code: "IRCP", Display: participation["IRCP"]}}},
			Reference: addressRef(e.Counterpart),
		}}
	}
	for _, p := range purpose {
		c.Provision.Purpose = append(c.Provision.Purpose, p.Coding...)
	}
	if e.Record != (common.Hash{}) {
		c.Provision.Data = []ConsentData{{Meaning: "instance", Reference: Reference{Identifier: &Identifier{System: SystemRecord, Value: e.Record.Hex()}}}}
	}
	return c
}

// actorIsGuardian and counterpartIsGuardian name the actions where that party acts as one of
// the patient's guardians, a RelatedPerson in FHIR.
var (
	actorIsGuardian = map[timeline.Action]bool{
		timeline.GuardianActionProposed: true, timeline.GuardianActionApproved: true, timeline.VersionCosigned: true,
	}
	counterpartIsGuardian = map[timeline.Action]bool{timeline.GuardianSet: true, timeline.GuardianRemoved: true}
)

// guardian makes an agent a RelatedPerson with the guardian role.
func guardian(a *Agent) {
	a.Who.Type = "RelatedPerson"
	a.Role = append(a.Role, CodeableConcept{Coding: []Coding{guardianRole}})
}

// standingConsent is a patient's standing consent as a FHIR Consent: the organisation (and the
// attribute it requires, if any) as the actor, the record category as the provision's code, the
// period as its period.
func standingConsent(e *timeline.Entry) *Consent {
	c := &Consent{
		ResourceType: "Consent",
		ID:           "consent-" + strconv.FormatUint(e.RuleID, 10),
		Status:       "active",
		Scope:        CodeableConcept{Coding: []Coding{{System: SystemConsentScope, Code: "patient-privacy", Display: "Privacy Consent"}}},
		Category:     []CodeableConcept{{Coding: []Coding{{System: SystemLOINC, Code: "59284-0", Display: "Patient Consent"}}}},
		Patient:      Reference{Reference: "Patient/" + e.Patient.Hex(), Identifier: &Identifier{System: SystemEthereumAddress, Value: e.Patient.Hex()}},
		DateTime:     e.Time.UTC().Format(time.RFC3339),
		PolicyRule:   CodeableConcept{Coding: []Coding{{System: SystemActCode, Code: "OPTIN", Display: "opt-in"}}},
		Provision:    Provision{Type: "permit", Action: Operations(1)},
	}
	if start, end := fhirTime(e.NotBefore), fhirTime(e.NotAfter); start != "" || end != "" {
		c.Provision.Period = &Period{Start: start, End: end}
	}
	org := ConsentActor{
		Role:      CodeableConcept{Coding: []Coding{{System: SystemParticipation, Code: "IRCP", Display: participation["IRCP"]}}},
		Reference: Reference{Type: "Organization", Identifier: &Identifier{System: SystemOrganisation, Value: e.Org.Hex()}},
	}
	if e.ConsentRole != (common.Hash{}) {
		org.Role.Coding = append(org.Role.Coding, Coding{System: SystemAttribute, Code: e.ConsentRole.Hex()})
	}
	c.Provision.Actor = []ConsentActor{org}
	if e.Category != (common.Hash{}) {
		c.Provision.Code = []CodeableConcept{{Coding: []Coding{categoryCoding(e.Category)}}}
	}
	return c
}

// categoryCoding names a record category code by its word when it is one of the usual ones.
func categoryCoding(h common.Hash) Coding {
	if w := timeline.CategoryWord(h); w != "" {
		return Coding{System: SystemCategory, Code: w}
	}
	return Coding{System: SystemCategory, Code: h.Hex()}
}

func roleOf(r timeline.Role) []CodeableConcept {
	if r == timeline.RoleUnknown {
		return nil
	}
	return []CodeableConcept{{Coding: []Coding{{System: SystemRole, Code: r.String()}}}}
}
