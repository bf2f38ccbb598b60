package timeline

import (
	"errors"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/bindings"
)

// ErrUnknownEvent means a log's first topic is no event of emrchain's contracts.
var ErrUnknownEvent = errors.New("unknown event")

// Event is what one log contributes: at most one entry and the facts later entries need.
type Event struct {
	Name        string // the event's name in its contract's ABI
	Entry       *Entry // nil when the log is on no timeline
	Participant *Participant
	Request     *Request
	Grant       *Grant
	Access      *Access
	Committee   *Committee
	Attribute   *Attribute
	Gate        *GateAccess // an access this event opened
	Answer      *Answer     // a member's commit
	// AnswerTo is set for a member's answer (commit, reveal, decline), which names the access
	// but not the patient: its Entry has no Patient until the access's GateAccess is applied
	// with Entry.Answering.
	AnswerTo *GateKey
}

// decoder turns one kind of log into an Event.
type decoder struct {
	name    string
	subject int // topic holding the timeline's address (1..3); 0 when the event is on no timeline
	decode  func(l *types.Log) (Event, error)
}

var decoders = map[common.Hash]decoder{}

// Decode maps a log of one of emrchain's contracts, from a block with the given timestamp.
// Logs of unknown events return ErrUnknownEvent; known events that do not decode are an error.
func Decode(l *types.Log, blockTime uint64) (Event, error) {
	if len(l.Topics) == 0 {
		return Event{}, fmt.Errorf("%w: anonymous log", ErrUnknownEvent)
	}
	d, ok := decoders[l.Topics[0]]
	if !ok {
		return Event{}, fmt.Errorf("%w: topic %s", ErrUnknownEvent, l.Topics[0].Hex())
	}
	ev, err := d.decode(l)
	if err != nil {
		return Event{}, fmt.Errorf("decode %s at block %d log %d: %w", d.name, l.BlockNumber, l.Index, err)
	}
	ev.Name = d.name
	if ev.Entry == nil {
		return ev, nil
	}
	stamp := func(e *Entry) {
		e.Time = time.Unix(int64(blockTime), 0).UTC()
		e.BlockNumber, e.BlockHash, e.TxHash, e.LogIndex, e.Contract = l.BlockNumber, l.BlockHash, l.TxHash, l.Index, l.Address
	}
	if ev.AnswerTo != nil {
		ev.AnswerTo.Contract = l.Address
		if ev.Answer != nil {
			ev.Answer.Contract = l.Address
		}
		stamp(ev.Entry)
		return ev, nil
	}
	if ev.Gate != nil {
		ev.Gate.Contract = l.Address
	}
	if ev.Entry.Patient == (common.Address{}) {
		ev.Entry = nil // a key request made for no patient is on no timeline
		return ev, nil
	}
	// The subject topic is how verification finds a patient's logs on chain; an entry whose
	// patient is not at that topic would be invisible to it.
	if d.subject == 0 || len(l.Topics) <= d.subject || common.BytesToAddress(l.Topics[d.subject][:]) != ev.Entry.Patient {
		return Event{}, fmt.Errorf("decode %s: patient %s is not at topic %d", d.name, ev.Entry.Patient.Hex(), d.subject)
	}
	stamp(ev.Entry)
	return ev, nil
}

// Answering puts a member's answer on the timeline of the access it answers: the access's
// patient, with its requester as the counterpart and its record version.
func (e *Entry) Answering(g GateAccess) {
	e.Patient, e.Counterpart, e.Record, e.Version, e.Path = g.Patient, g.Requester, g.Record, g.Version, g.Path
}

// AnswerTopics are the ids of the events a member answers an access with (commit, reveal,
// decline, and the fulfilment that names the committed members), each with the access id at
// topic 1: with the gate's address, the filter that finds the answers to a patient's accesses.
func AnswerTopics() []common.Hash { return answerIDs }

var answerIDs []common.Hash

// CommitteeTopic and AttributeTopic are the ids of ProxyNetwork's CommitteeCreated and
// AttributeRegistry's AttributeDefined, each with its id at topic 1: the filters that find the
// committees and attribute names a timeline names.
func CommitteeTopic() common.Hash { return committeeID }

// AttributeTopic: see CommitteeTopic.
func AttributeTopic() common.Hash { return attributeID }

var committeeID, attributeID common.Hash

// SubjectTopics returns, for each topic position, the events whose timeline address sits
// there: the filters that find every log on one address's timeline.
func SubjectTopics() map[int][]common.Hash {
	out := map[int][]common.Hash{}
	for id, d := range decoders {
		if d.subject != 0 {
			out[d.subject] = append(out[d.subject], id)
		}
	}
	return out
}

// EnrolmentTopic is the id of the Registry's ParticipantEnrolled event, whose first indexed
// argument is the enrolled account: the filter that finds participants' roles.
func EnrolmentTopic() common.Hash { return enrolledID }

var enrolledID common.Hash

func register[T any](a abi.ABI, name, subjectArg string, unpack func(*types.Log) (*T, error), m func(*T) Event) {
	ev, ok := a.Events[name]
	if !ok {
		panic("timeline: no event " + name)
	}
	if _, dup := decoders[ev.ID]; dup {
		panic("timeline: two events with the id of " + name)
	}
	subject := 0
	if subjectArg != "" {
		pos := 0
		for _, in := range ev.Inputs {
			if !in.Indexed {
				continue
			}
			pos++
			if in.Name == subjectArg {
				subject = pos
			}
		}
		if subject == 0 {
			panic("timeline: " + name + " has no indexed " + subjectArg)
		}
	}
	decoders[ev.ID] = decoder{name: name, subject: subject, decode: func(l *types.Log) (Event, error) {
		v, err := unpack(l)
		if err != nil {
			return Event{}, err
		}
		return m(v), nil
	}}
}

func entry(patient common.Address, action Action, actor, counterpart common.Address) *Entry {
	return &Entry{Patient: patient, Action: action, Actor: actor, Counterpart: counterpart}
}

var none common.Address

func init() {
	reg := bindings.NewRegistry()
	ra := reg.GetABI()
	enrolledID = ra.Events["ParticipantEnrolled"].ID
	register(ra, "ParticipantEnrolled", "account", reg.UnpackParticipantEnrolledEvent, func(v *bindings.RegistryParticipantEnrolled) Event {
		return Event{
			Entry:       entry(v.Account, Enrolled, v.Registrar, none),
			Participant: &Participant{Address: v.Account, Role: Role(v.Role)},
		}
	})
	register(ra, "ParticipantSuspended", "account", reg.UnpackParticipantSuspendedEvent, func(v *bindings.RegistryParticipantSuspended) Event {
		return Event{Entry: entry(v.Account, Suspended, v.Registrar, none)}
	})
	register(ra, "ParticipantReinstated", "account", reg.UnpackParticipantReinstatedEvent, func(v *bindings.RegistryParticipantReinstated) Event {
		return Event{Entry: entry(v.Account, Reinstated, v.Registrar, none)}
	})
	register(ra, "ParticipantRemoved", "account", reg.UnpackParticipantRemovedEvent, func(v *bindings.RegistryParticipantRemoved) Event {
		return Event{Entry: entry(v.Account, Removed, v.Registrar, none)}
	})
	register(ra, "KeysRotated", "account", reg.UnpackKeysRotatedEvent, func(v *bindings.RegistryKeysRotated) Event {
		return Event{Entry: entry(v.Account, KeysRotated, v.Account, none)}
	})
	register(ra, "RegistrarAdded", "", reg.UnpackRegistrarAddedEvent, func(*bindings.RegistryRegistrarAdded) Event { return Event{} })
	register(ra, "RegistrarRemoved", "", reg.UnpackRegistrarRemovedEvent, func(*bindings.RegistryRegistrarRemoved) Event { return Event{} })
	register(ra, "AdminTransferStarted", "", reg.UnpackAdminTransferStartedEvent, func(*bindings.RegistryAdminTransferStarted) Event { return Event{} })
	register(ra, "AdminTransferred", "", reg.UnpackAdminTransferredEvent, func(*bindings.RegistryAdminTransferred) Event { return Event{} })

	rec := bindings.NewRecordRegistry()
	rca := rec.GetABI()
	version := func(e *Entry, in bindings.IRecordRegistryVersionInput, ap bindings.IRecordRegistryApproval) {
		e.PolicyHash, e.CapsuleHash, e.CapsuleRef = in.PolicyHash, ap.CapsuleHash, Ref(ap.CapsuleRef)
		e.GateHash, e.GateRef, e.Committee = ap.GateHash, Ref(ap.GateRef), ap.CommitteeId
		e.PatientAuthored, e.Category = ap.Flags&1 != 0, ap.Category
	}
	register(rca, "RecordCreated", "patient", rec.UnpackRecordCreatedEvent, func(v *bindings.RecordRegistryRecordCreated) Event {
		e := entry(v.Patient, RecordCreated, v.Provider, none)
		e.Record, e.Version = v.RecordId, 1
		version(e, v.Input, v.Approval)
		return Event{Entry: e}
	})
	register(rca, "RecordUpdated", "patient", rec.UnpackRecordUpdatedEvent, func(v *bindings.RecordRegistryRecordUpdated) Event {
		e := entry(v.Patient, RecordUpdated, v.Provider, none)
		e.Record, e.Version = v.RecordId, v.Version
		version(e, v.Input, v.Approval)
		return Event{Entry: e}
	})
	register(rca, "RecordDeleted", "patient", rec.UnpackRecordDeletedEvent, func(v *bindings.RecordRegistryRecordDeleted) Event {
		e := entry(v.Patient, RecordDeleted, v.Actor, none)
		e.Record, e.Version = v.RecordId, v.Version
		return Event{Entry: e}
	})
	register(rca, "KeyRewrapped", "patient", rec.UnpackKeyRewrappedEvent, func(v *bindings.RecordRegistryKeyRewrapped) Event {
		e := entry(v.Patient, KeyRewrapped, v.Patient, none)
		e.Record, e.Version, e.Generation = v.RecordId, v.Version, v.Generation
		e.CapsuleHash, e.CapsuleRef = v.CapsuleHash, Ref(v.CapsuleRef)
		return Event{Entry: e}
	})
	register(rca, "PolicyChanged", "patient", rec.UnpackPolicyChangedEvent, func(v *bindings.RecordRegistryPolicyChanged) Event {
		e := entry(v.Patient, PolicyChanged, v.Patient, none)
		e.Record, e.Version = v.RecordId, v.Version
		e.PolicyHash, e.GateHash, e.GateRef, e.Committee = v.PolicyHash, v.GateHash, Ref(v.GateRef), v.CommitteeId
		return Event{Entry: e}
	})

	idx := bindings.NewKeywordIndex()
	ia := idx.GetABI()
	register(ia, "RequesterAdded", "patient", idx.UnpackRequesterAddedEvent, func(v *bindings.KeywordIndexRequesterAdded) Event {
		return Event{Entry: entry(v.Patient, RequesterAdded, v.Patient, v.Requester)}
	})
	register(ia, "RequesterRemoved", "patient", idx.UnpackRequesterRemovedEvent, func(v *bindings.KeywordIndexRequesterRemoved) Event {
		e := entry(v.Patient, RequesterRemoved, v.Patient, v.Requester)
		e.Epoch = uint64(v.Epoch)
		return Event{Entry: e}
	})
	register(ia, "EntriesAdded", "patient", idx.UnpackEntriesAddedEvent, func(v *bindings.KeywordIndexEntriesAdded) Event {
		e := entry(v.Patient, IndexEntriesAdded, v.Patient, none)
		e.Epoch = uint64(v.Epoch)
		return Event{Entry: e}
	})
	register(ia, "EntriesRemoved", "patient", idx.UnpackEntriesRemovedEvent, func(v *bindings.KeywordIndexEntriesRemoved) Event {
		return Event{Entry: entry(v.Patient, IndexEntriesRemoved, v.Patient, none)}
	})
	register(ia, "IndexKeyRegistered", "patient", idx.UnpackIndexKeyRegisteredEvent, func(v *bindings.KeywordIndexIndexKeyRegistered) Event {
		e := entry(v.Patient, IndexKeyRegistered, v.Patient, none)
		e.Epoch, e.Committee, e.Threshold, e.Members = uint64(v.Epoch), v.CommitteeId, v.Threshold, v.MemberMask
		return Event{Entry: e}
	})
	register(ia, "SearchPerformed", "patient", idx.UnpackSearchPerformedEvent, func(v *bindings.KeywordIndexSearchPerformed) Event {
		e := entry(v.Patient, SearchPerformed, v.Requester, none)
		e.Path = PathToken
		return Event{Entry: e}
	})
	register(ia, "TokenRequested", "patient", idx.UnpackTokenRequestedEvent, func(v *bindings.KeywordIndexTokenRequested) Event {
		e := entry(v.Patient, TokenRequested, v.Requester, none)
		e.AccessID, e.Epoch, e.Path = v.RequestId, uint64(v.Epoch), PathToken
		return Event{Entry: e, Gate: &GateAccess{GateKey: GateKey{ID: v.RequestId}, Patient: v.Patient, Requester: v.Requester, Path: PathToken}}
	})
	register(ia, "TokenAnswered", "patient", idx.UnpackTokenAnsweredEvent, func(v *bindings.KeywordIndexTokenAnswered) Event {
		e := entry(v.Patient, TokenAnswered, none, v.Requester)
		e.AccessID, e.Members, e.Path = v.RequestId, v.CommitMask, PathToken
		return Event{Entry: e}
	})
	register(ia, "TokenRejected", "patient", idx.UnpackTokenRejectedEvent, func(v *bindings.KeywordIndexTokenRejected) Event {
		e := entry(v.Patient, TokenRejected, none, v.Requester)
		e.AccessID, e.Error, e.Path = v.RequestId, ErrorName(v.Reason), PathToken
		return Event{Entry: e}
	})
	register(ia, "TokenFaulted", "patient", idx.UnpackTokenFaultedEvent, func(v *bindings.KeywordIndexTokenFaulted) Event {
		e := entry(v.Patient, TokenFaulted, v.Node, none)
		e.AccessID, e.Member, e.Path = v.RequestId, v.Member, PathToken
		return Event{Entry: e}
	})

	acc := bindings.NewAccessLedger()
	aa := acc.GetABI()
	register(aa, "AccessRequested", "patient", acc.UnpackAccessRequestedEvent, func(v *bindings.AccessLedgerAccessRequested) Event {
		e := entry(v.Patient, AccessRequested, v.Requester, none)
		e.Record, e.RequestID, e.Purpose, e.Path = v.RecordId, v.RequestId, v.Purpose, PathGrant
		if v.Operation < 8 {
			e.Operations = 1 << v.Operation
		}
		return Event{Entry: e, Request: &Request{ID: v.RequestId, Record: v.RecordId, Purpose: v.Purpose}}
	})
	register(aa, "AccessGranted", "patient", acc.UnpackAccessGrantedEvent, func(v *bindings.AccessLedgerAccessGranted) Event {
		e := entry(v.Patient, AccessGranted, v.Patient, v.Requester)
		e.Record, e.Version, e.RequestID, e.Path = v.RecordId, v.Version, v.RequestId, PathGrant
		e.NotBefore, e.NotAfter, e.Operations = v.Grant.NotBefore, v.Grant.NotAfter, v.Grant.Operations
		e.Committee, e.Threshold, e.Members = v.Grant.CommitteeId, v.Grant.Threshold, v.Grant.MemberMask
		e.MaxUses, e.Generation = v.MaxUses, v.Generation
		return Event{Entry: e, Grant: &Grant{RequestID: v.RequestId, Version: v.Version}}
	})
	register(aa, "AccessRevoked", "patient", acc.UnpackAccessRevokedEvent, func(v *bindings.AccessLedgerAccessRevoked) Event {
		e := entry(v.Patient, AccessRevoked, v.Actor, v.Requester)
		e.RequestID, e.Path = v.RequestId, PathGrant
		return Event{Entry: e}
	})
	register(aa, "AccessExpired", "patient", acc.UnpackAccessExpiredEvent, func(v *bindings.AccessLedgerAccessExpired) Event {
		e := entry(v.Patient, AccessExpired, none, v.Requester)
		e.RequestID, e.Path = v.RequestId, PathGrant
		return Event{Entry: e}
	})
	register(aa, "AccessInvoked", "patient", acc.UnpackAccessInvokedEvent, func(v *bindings.AccessLedgerAccessInvoked) Event {
		e := entry(v.Patient, AccessInvoked, v.Requester, none)
		e.Record, e.Version, e.RequestID, e.AccessID, e.Path = v.RecordId, v.Version, v.RequestId, v.AccessId, PathGrant
		e.UsesLeft = v.UsesLeft
		return Event{Entry: e, Access: &Access{ID: v.AccessId, RequestID: v.RequestId, Version: v.Version},
			Gate: &GateAccess{GateKey: GateKey{ID: v.AccessId}, Patient: v.Patient, Requester: v.Requester, Path: PathGrant, Record: v.RecordId, Version: v.Version}}
	})
	register(aa, "AccessFulfilled", "patient", acc.UnpackAccessFulfilledEvent, func(v *bindings.AccessLedgerAccessFulfilled) Event {
		e := entry(v.Patient, AccessFulfilled, none, v.Requester)
		e.RequestID, e.AccessID, e.Members, e.Path = v.RequestId, v.AccessId, v.CommitMask, PathGrant
		return Event{Entry: e}
	})
	register(aa, "AccessRejected", "patient", acc.UnpackAccessRejectedEvent, func(v *bindings.AccessLedgerAccessRejected) Event {
		e := entry(v.Patient, AccessRejected, none, v.Requester)
		e.RequestID, e.AccessID, e.Error, e.Path = v.RequestId, v.AccessId, ErrorName(v.Reason), PathGrant
		return Event{Entry: e}
	})
	register(aa, "AccessFaulted", "patient", acc.UnpackAccessFaultedEvent, func(v *bindings.AccessLedgerAccessFaulted) Event {
		e := entry(v.Patient, AccessFaulted, v.Node, none)
		e.RequestID, e.AccessID, e.Member, e.Path = v.RequestId, v.AccessId, v.Member, PathGrant
		return Event{Entry: e}
	})

	// The answer round every gate inherits: the same events, with the same ids, from each gate;
	// the log's address says which gate's access they answer.
	ta := bindings.NewThresholdAnswers()
	taa := ta.GetABI()
	register(taa, "AnswerCommitted", "", ta.UnpackAnswerCommittedEvent, func(v *bindings.ThresholdAnswersAnswerCommitted) Event {
		e := entry(none, AnswerCommitted, v.Node, none)
		e.AccessID, e.Member = v.AccessId, v.Member
		return Event{Entry: e, AnswerTo: &GateKey{ID: v.AccessId}, Answer: &Answer{GateKey: GateKey{ID: v.AccessId}, Member: v.Member, Node: v.Node}}
	})
	register(taa, "AnswerRevealed", "", ta.UnpackAnswerRevealedEvent, func(v *bindings.ThresholdAnswersAnswerRevealed) Event {
		e := entry(none, AnswerRevealed, v.Node, none)
		e.AccessID, e.Member = v.AccessId, v.Member
		return Event{Entry: e, AnswerTo: &GateKey{ID: v.AccessId}}
	})
	register(taa, "AnswerDeclined", "", ta.UnpackAnswerDeclinedEvent, func(v *bindings.ThresholdAnswersAnswerDeclined) Event {
		e := entry(none, AnswerDeclined, v.Node, none)
		e.AccessID, e.Member, e.Reason = v.AccessId, v.Member, Reason(v.Reason)
		return Event{Entry: e, AnswerTo: &GateKey{ID: v.AccessId}}
	})
	// The gates' own events put fulfilments, rejections and faults on the patient's timeline;
	// these generic ones repeat them without the patient.
	register(taa, "AnswerFulfilled", "", ta.UnpackAnswerFulfilledEvent, func(*bindings.ThresholdAnswersAnswerFulfilled) Event { return Event{} })
	register(taa, "AnswerRejected", "", ta.UnpackAnswerRejectedEvent, func(*bindings.ThresholdAnswersAnswerRejected) Event { return Event{} })
	register(taa, "FragmentFaulted", "", ta.UnpackFragmentFaultedEvent, func(*bindings.ThresholdAnswersFragmentFaulted) Event { return Event{} })
	// A refused batch item is no answer: anyone can send one naming any access.
	register(taa, "AnswerRefused", "", ta.UnpackAnswerRefusedEvent, func(*bindings.ThresholdAnswersAnswerRefused) Event { return Event{} })
	answerIDs = nil
	for _, n := range []string{"AnswerCommitted", "AnswerRevealed", "AnswerDeclined"} {
		answerIDs = append(answerIDs, taa.Events[n].ID)
	}

	reads := bindings.NewAttributeReads()
	rda := reads.GetABI()
	register(rda, "ReadRequested", "patient", reads.UnpackReadRequestedEvent, func(v *bindings.AttributeReadsReadRequested) Event {
		e := entry(v.Patient, ReadRequested, v.Requester, none)
		e.Record, e.Version, e.AccessID, e.Path = v.RecordId, v.Version, v.ReadId, PathAttribute
		e.PolicyHash, e.Committee, e.Threshold = v.PolicyHash, v.CommitteeId, v.Threshold
		for _, a := range v.Attributes {
			e.Attributes = append(e.Attributes, a)
		}
		return Event{Entry: e, Gate: &GateAccess{GateKey: GateKey{ID: v.ReadId}, Patient: v.Patient, Requester: v.Requester, Path: PathAttribute, Record: v.RecordId, Version: v.Version}}
	})
	register(rda, "ReadAnswered", "patient", reads.UnpackReadAnsweredEvent, func(v *bindings.AttributeReadsReadAnswered) Event {
		e := entry(v.Patient, ReadAnswered, none, v.Requester)
		e.AccessID, e.Members, e.Path = v.ReadId, v.CommitMask, PathAttribute
		return Event{Entry: e}
	})
	register(rda, "ReadRejected", "patient", reads.UnpackReadRejectedEvent, func(v *bindings.AttributeReadsReadRejected) Event {
		e := entry(v.Patient, ReadRejected, none, v.Requester)
		e.AccessID, e.Error, e.Path = v.ReadId, ErrorName(v.Reason), PathAttribute
		return Event{Entry: e}
	})
	register(rda, "ReadFaulted", "patient", reads.UnpackReadFaultedEvent, func(v *bindings.AttributeReadsReadFaulted) Event {
		e := entry(v.Patient, ReadFaulted, v.Node, none)
		e.AccessID, e.Member, e.Path = v.ReadId, v.Member, PathAttribute
		return Event{Entry: e}
	})

	attr := bindings.NewAttributeRegistry()
	ata := attr.GetABI()
	attributeID = ata.Events["AttributeDefined"].ID
	register(ata, "AuthorityRegistered", "", attr.UnpackAuthorityRegisteredEvent, func(*bindings.AttributeRegistryAuthorityRegistered) Event { return Event{} })
	register(ata, "AttributeDefined", "", attr.UnpackAttributeDefinedEvent, func(v *bindings.AttributeRegistryAttributeDefined) Event {
		return Event{Attribute: &Attribute{ID: v.Id, Name: v.Name}}
	})
	register(ata, "AttributesAssigned", "", attr.UnpackAttributesAssignedEvent, func(*bindings.AttributeRegistryAttributesAssigned) Event { return Event{} })
	register(ata, "AttributesRevoked", "", attr.UnpackAttributesRevokedEvent, func(*bindings.AttributeRegistryAttributesRevoked) Event { return Event{} })

	// A committee's formation is on the timeline of the admin who formed it, and each step of its
	// key generation on the timeline of the member node that took it.
	pn := bindings.NewProxyNetwork()
	pna := pn.GetABI()
	committeeID = pna.Events["CommitteeCreated"].ID
	register(pna, "CommitteeCreated", "admin", pn.UnpackCommitteeCreatedEvent, func(v *bindings.ProxyNetworkCommitteeCreated) Event {
		e := entry(v.Admin, CommitteeCreated, v.Admin, none)
		e.Committee, e.Threshold = v.CommitteeId, v.Threshold
		if n := len(v.Members); n > 0 && n <= 16 {
			e.Members = uint16(1<<n - 1)
		}
		return Event{Entry: e, Committee: &Committee{ID: v.CommitteeId, Members: v.Members, Threshold: v.Threshold}}
	})
	register(pna, "CommitteeRetired", "admin", pn.UnpackCommitteeRetiredEvent, func(v *bindings.ProxyNetworkCommitteeRetired) Event {
		e := entry(v.Admin, CommitteeRetired, v.Admin, none)
		e.Committee = v.CommitteeId
		return Event{Entry: e}
	})
	register(pna, "DkgKeyRegistered", "node", pn.UnpackDkgKeyRegisteredEvent, func(v *bindings.ProxyNetworkDkgKeyRegistered) Event {
		e := entry(v.Node, DkgKeyRegistered, v.Node, none)
		e.Committee, e.Member = v.CommitteeId, v.Member
		return Event{Entry: e}
	})
	register(pna, "DealPublished", "node", pn.UnpackDealPublishedEvent, func(v *bindings.ProxyNetworkDealPublished) Event {
		e := entry(v.Node, DealPublished, v.Node, none)
		e.Committee, e.Member = v.CommitteeId, v.Member
		return Event{Entry: e}
	})
	register(pna, "ComplaintFiled", "node", pn.UnpackComplaintFiledEvent, func(v *bindings.ProxyNetworkComplaintFiled) Event {
		e := entry(v.Node, ComplaintFiled, v.Node, none)
		e.Committee, e.Member = v.CommitteeId, v.Member
		return Event{Entry: e}
	})
	register(pna, "TranscriptConfirmed", "node", pn.UnpackTranscriptConfirmedEvent, func(v *bindings.ProxyNetworkTranscriptConfirmed) Event {
		e := entry(v.Node, TranscriptConfirmed, v.Node, none)
		e.Committee, e.Member = v.CommitteeId, v.Member
		return Event{Entry: e}
	})
	register(pna, "CommitteeActivated", "", pn.UnpackCommitteeActivatedEvent, func(*bindings.ProxyNetworkCommitteeActivated) Event { return Event{} })

	// CP-ABE keys are requested for no patient: on the requester's own timeline.
	keys := bindings.NewKeyIssuer()
	ka := keys.GetABI()
	register(ka, "KeyRequested", "requester", keys.UnpackKeyRequestedEvent, func(v *bindings.KeyIssuerKeyRequested) Event {
		e := entry(v.Requester, KeyRequested, v.Requester, none)
		e.KeyRequestID, e.Epoch = v.RequestId, v.Epoch
		return Event{Entry: e}
	})
	register(ka, "KeyIssued", "requester", keys.UnpackKeyIssuedEvent, func(v *bindings.KeyIssuerKeyIssued) Event {
		e := entry(v.Requester, KeyIssued, v.Oracle, none)
		e.KeyRequestID, e.Epoch = v.RequestId, v.Epoch
		return Event{Entry: e}
	})
	register(ka, "KeyRejected", "requester", keys.UnpackKeyRejectedEvent, func(v *bindings.KeyIssuerKeyRejected) Event {
		e := entry(v.Requester, KeyRejected, v.Oracle, none)
		e.KeyRequestID, e.Reason = v.RequestId, Reason(v.Reason)
		return Event{Entry: e}
	})
	initErrors()
}
