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
	if ev.Entry.Patient == (common.Address{}) {
		ev.Entry = nil // a key request made for no patient is on no timeline
		return ev, nil
	}
	// The subject topic is how verification finds a patient's logs on chain; an entry whose
	// patient is not at that topic would be invisible to it.
	if d.subject == 0 || len(l.Topics) <= d.subject || common.BytesToAddress(l.Topics[d.subject][:]) != ev.Entry.Patient {
		return Event{}, fmt.Errorf("decode %s: patient %s is not at topic %d", d.name, ev.Entry.Patient.Hex(), d.subject)
	}
	e := ev.Entry
	e.Time = time.Unix(int64(blockTime), 0).UTC()
	e.BlockNumber, e.BlockHash, e.TxHash, e.LogIndex, e.Contract = l.BlockNumber, l.BlockHash, l.TxHash, l.Index, l.Address
	return ev, nil
}

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
	register(rca, "RecordCreated", "patient", rec.UnpackRecordCreatedEvent, func(v *bindings.RecordRegistryRecordCreated) Event {
		e := entry(v.Patient, RecordCreated, v.Provider, none)
		e.Record, e.Version = v.RecordId, 1
		return Event{Entry: e}
	})
	register(rca, "RecordUpdated", "patient", rec.UnpackRecordUpdatedEvent, func(v *bindings.RecordRegistryRecordUpdated) Event {
		e := entry(v.Patient, RecordUpdated, v.Provider, none)
		e.Record, e.Version = v.RecordId, v.Version
		return Event{Entry: e}
	})
	register(rca, "RecordDeleted", "patient", rec.UnpackRecordDeletedEvent, func(v *bindings.RecordRegistryRecordDeleted) Event {
		e := entry(v.Patient, RecordDeleted, v.Actor, none)
		e.Record, e.Version = v.RecordId, v.Version
		return Event{Entry: e}
	})
	register(rca, "PolicyChanged", "patient", rec.UnpackPolicyChangedEvent, func(v *bindings.RecordRegistryPolicyChanged) Event {
		e := entry(v.Patient, PolicyChanged, v.Patient, none)
		e.Record, e.Version = v.RecordId, v.Version
		return Event{Entry: e}
	})

	idx := bindings.NewKeywordIndex()
	ia := idx.GetABI()
	register(ia, "RequesterAdded", "patient", idx.UnpackRequesterAddedEvent, func(v *bindings.KeywordIndexRequesterAdded) Event {
		return Event{Entry: entry(v.Patient, RequesterAdded, v.Patient, v.Requester)}
	})
	register(ia, "RequesterRemoved", "patient", idx.UnpackRequesterRemovedEvent, func(v *bindings.KeywordIndexRequesterRemoved) Event {
		return Event{Entry: entry(v.Patient, RequesterRemoved, v.Patient, v.Requester)}
	})
	register(ia, "EntriesAdded", "patient", idx.UnpackEntriesAddedEvent, func(v *bindings.KeywordIndexEntriesAdded) Event {
		return Event{Entry: entry(v.Patient, IndexEntriesAdded, v.Patient, none)}
	})
	register(ia, "SearchKeyPublished", "patient", idx.UnpackSearchKeyPublishedEvent, func(v *bindings.KeywordIndexSearchKeyPublished) Event {
		return Event{Entry: entry(v.Patient, SearchKeyPublished, v.Patient, none)}
	})
	register(ia, "SearchPerformed", "patient", idx.UnpackSearchPerformedEvent, func(v *bindings.KeywordIndexSearchPerformed) Event {
		return Event{Entry: entry(v.Patient, SearchPerformed, v.Requester, none)}
	})

	acc := bindings.NewAccessLedger()
	aa := acc.GetABI()
	register(aa, "AccessRequested", "patient", acc.UnpackAccessRequestedEvent, func(v *bindings.AccessLedgerAccessRequested) Event {
		e := entry(v.Patient, AccessRequested, v.Requester, none)
		e.Record, e.RequestID, e.Purpose = v.RecordId, v.RequestId, v.Purpose
		if v.Operation < 8 {
			e.Operations = 1 << v.Operation
		}
		return Event{Entry: e, Request: &Request{ID: v.RequestId, Record: v.RecordId, Purpose: v.Purpose}}
	})
	register(aa, "AccessGranted", "patient", acc.UnpackAccessGrantedEvent, func(v *bindings.AccessLedgerAccessGranted) Event {
		e := entry(v.Patient, AccessGranted, v.Patient, v.Requester)
		e.Record, e.Version, e.RequestID = v.RecordId, v.Version, v.RequestId
		e.NotBefore, e.NotAfter, e.Operations = v.NotBefore, v.NotAfter, v.Operations
		return Event{Entry: e, Grant: &Grant{RequestID: v.RequestId, Version: v.Version}}
	})
	register(aa, "AccessRevoked", "patient", acc.UnpackAccessRevokedEvent, func(v *bindings.AccessLedgerAccessRevoked) Event {
		e := entry(v.Patient, AccessRevoked, v.Actor, v.Requester)
		e.RequestID = v.RequestId
		return Event{Entry: e}
	})
	register(aa, "AccessExpired", "patient", acc.UnpackAccessExpiredEvent, func(v *bindings.AccessLedgerAccessExpired) Event {
		e := entry(v.Patient, AccessExpired, none, v.Requester)
		e.RequestID = v.RequestId
		return Event{Entry: e}
	})
	register(aa, "AccessInvoked", "patient", acc.UnpackAccessInvokedEvent, func(v *bindings.AccessLedgerAccessInvoked) Event {
		e := entry(v.Patient, AccessInvoked, v.Requester, none)
		e.Record, e.Version, e.RequestID, e.AccessID = v.RecordId, v.Version, v.RequestId, v.AccessId
		return Event{Entry: e, Access: &Access{ID: v.AccessId, RequestID: v.RequestId, Version: v.Version}}
	})
	register(aa, "AccessFulfilled", "patient", acc.UnpackAccessFulfilledEvent, func(v *bindings.AccessLedgerAccessFulfilled) Event {
		e := entry(v.Patient, AccessFulfilled, v.Oracle, v.Requester)
		e.RequestID, e.AccessID = v.RequestId, v.AccessId
		return Event{Entry: e}
	})
	register(aa, "AccessRejected", "patient", acc.UnpackAccessRejectedEvent, func(v *bindings.AccessLedgerAccessRejected) Event {
		e := entry(v.Patient, AccessRejected, v.Oracle, v.Requester)
		e.RequestID, e.AccessID, e.Reason = v.RequestId, v.AccessId, Reason(v.Reason)
		return Event{Entry: e}
	})

	attr := bindings.NewAttributeRegistry()
	ata := attr.GetABI()
	register(ata, "AttributeDefined", "", attr.UnpackAttributeDefinedEvent, func(*bindings.AttributeRegistryAttributeDefined) Event { return Event{} })
	register(ata, "AttributesAssigned", "", attr.UnpackAttributesAssignedEvent, func(*bindings.AttributeRegistryAttributesAssigned) Event { return Event{} })
	register(ata, "AttributesRevoked", "", attr.UnpackAttributesRevokedEvent, func(*bindings.AttributeRegistryAttributesRevoked) Event { return Event{} })

	// Committees and their key generation concern the proxy nodes, not any patient.
	pn := bindings.NewProxyNetwork()
	pna := pn.GetABI()
	register(pna, "CommitteeCreated", "", pn.UnpackCommitteeCreatedEvent, func(*bindings.ProxyNetworkCommitteeCreated) Event { return Event{} })
	register(pna, "DkgKeyRegistered", "", pn.UnpackDkgKeyRegisteredEvent, func(*bindings.ProxyNetworkDkgKeyRegistered) Event { return Event{} })
	register(pna, "DealPublished", "", pn.UnpackDealPublishedEvent, func(*bindings.ProxyNetworkDealPublished) Event { return Event{} })
	register(pna, "ComplaintFiled", "", pn.UnpackComplaintFiledEvent, func(*bindings.ProxyNetworkComplaintFiled) Event { return Event{} })
	register(pna, "TranscriptConfirmed", "", pn.UnpackTranscriptConfirmedEvent, func(*bindings.ProxyNetworkTranscriptConfirmed) Event { return Event{} })
	register(pna, "CommitteeActivated", "", pn.UnpackCommitteeActivatedEvent, func(*bindings.ProxyNetworkCommitteeActivated) Event { return Event{} })
	register(pna, "CommitteeRetired", "", pn.UnpackCommitteeRetiredEvent, func(*bindings.ProxyNetworkCommitteeRetired) Event { return Event{} })

	// The answer round's own events name no patient; a gate that inherits it emits its own
	// patient-indexed events for timelines. Their topic ids are the same in every gate, so
	// these decoders serve all of them.
	ta := bindings.NewThresholdAnswers()
	taa := ta.GetABI()
	register(taa, "AnswerCommitted", "", ta.UnpackAnswerCommittedEvent, func(*bindings.ThresholdAnswersAnswerCommitted) Event { return Event{} })
	register(taa, "AnswerFulfilled", "", ta.UnpackAnswerFulfilledEvent, func(*bindings.ThresholdAnswersAnswerFulfilled) Event { return Event{} })
	register(taa, "AnswerRevealed", "", ta.UnpackAnswerRevealedEvent, func(*bindings.ThresholdAnswersAnswerRevealed) Event { return Event{} })
	register(taa, "AnswerDeclined", "", ta.UnpackAnswerDeclinedEvent, func(*bindings.ThresholdAnswersAnswerDeclined) Event { return Event{} })
	register(taa, "AnswerRejected", "", ta.UnpackAnswerRejectedEvent, func(*bindings.ThresholdAnswersAnswerRejected) Event { return Event{} })
	register(taa, "AnswerRefused", "", ta.UnpackAnswerRefusedEvent, func(*bindings.ThresholdAnswersAnswerRefused) Event { return Event{} })
	register(taa, "FragmentFaulted", "", ta.UnpackFragmentFaultedEvent, func(*bindings.ThresholdAnswersFragmentFaulted) Event { return Event{} })

	keys := bindings.NewKeyIssuer()
	ka := keys.GetABI()
	register(ka, "KeyRequested", "patient", keys.UnpackKeyRequestedEvent, func(v *bindings.KeyIssuerKeyRequested) Event {
		e := entry(v.Patient, KeyRequested, v.Requester, none)
		e.KeyRequestID = v.RequestId
		return Event{Entry: e}
	})
	register(ka, "KeyIssued", "patient", keys.UnpackKeyIssuedEvent, func(v *bindings.KeyIssuerKeyIssued) Event {
		e := entry(v.Patient, KeyIssued, v.Oracle, v.Requester)
		e.KeyRequestID = v.RequestId
		return Event{Entry: e}
	})
	register(ka, "KeyRejected", "patient", keys.UnpackKeyRejectedEvent, func(v *bindings.KeyIssuerKeyRejected) Event {
		e := entry(v.Patient, KeyRejected, v.Oracle, v.Requester)
		e.KeyRequestID, e.Reason = v.RequestId, Reason(v.Reason)
		return Event{Entry: e}
	})
}
