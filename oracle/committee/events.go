package committee

import (
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/bindings"
)

var (
	abi               = bindings.NewProxyNetwork()
	topicCreated      = abi.GetABI().Events[bindings.ProxyNetworkCommitteeCreatedEventName].ID
	topicKey          = abi.GetABI().Events[bindings.ProxyNetworkDkgKeyRegisteredEventName].ID
	topicDeal         = abi.GetABI().Events[bindings.ProxyNetworkDealPublishedEventName].ID
	topicComplaint    = abi.GetABI().Events[bindings.ProxyNetworkComplaintFiledEventName].ID
	topicConfirmation = abi.GetABI().Events[bindings.ProxyNetworkTranscriptConfirmedEventName].ID
	topicActivated    = abi.GetABI().Events[bindings.ProxyNetworkCommitteeActivatedEventName].ID
	topicRetired      = abi.GetABI().Events[bindings.ProxyNetworkCommitteeRetiredEventName].ID
)

// Topics are the ProxyNetwork events a node follows, for the log poller's filter.
func Topics() [][]common.Hash {
	return [][]common.Hash{{topicCreated, topicKey, topicDeal, topicComplaint, topicConfirmation, topicActivated, topicRetired}}
}

// committeeOf reads a ProxyNetwork log's committee id, its first indexed argument.
func committeeOf(l *types.Log) uint64 {
	if len(l.Topics) < 2 {
		return 0
	}
	return l.Topics[1].Big().Uint64()
}

// message is one DKG message of a committee's run, in chain order.
type message struct {
	block   uint64
	deal    *bindings.ProxyNetworkDealPublished
	accuse  *bindings.ProxyNetworkComplaintFiled
	confirm *bindings.ProxyNetworkTranscriptConfirmed
}

// run is what the chain says about one committee, from its stored events.
type run struct {
	created   *bindings.ProxyNetworkCommitteeCreated
	keys      map[uint8][]byte // member → registered DKG key
	messages  []message
	activated *bindings.ProxyNetworkCommitteeActivated
	retired   bool
}

// self is account's member index in the committee, 0 when it is not a member.
func (r *run) self(account common.Address) uint8 {
	if r.created == nil {
		return 0
	}
	i := slices.Index(r.created.Members, account)
	return uint8(i + 1)
}

func (r *run) size() int { return len(r.created.Members) }

// runs groups stored logs (in chain order) by committee.
func runs(logs []types.Log) (map[uint64]*run, []uint64, error) {
	out := map[uint64]*run{}
	var order []uint64
	for i := range logs {
		l := &logs[i]
		if len(l.Topics) == 0 {
			continue
		}
		c := committeeOf(l)
		r := out[c]
		if r == nil {
			r = &run{keys: map[uint8][]byte{}}
			out[c] = r
			order = append(order, c)
		}
		var err error
		switch l.Topics[0] {
		case topicCreated:
			r.created, err = abi.UnpackCommitteeCreatedEvent(l)
		case topicKey:
			var e *bindings.ProxyNetworkDkgKeyRegistered
			if e, err = abi.UnpackDkgKeyRegisteredEvent(l); err == nil {
				r.keys[e.Member] = e.Key
			}
		case topicDeal:
			var e *bindings.ProxyNetworkDealPublished
			if e, err = abi.UnpackDealPublishedEvent(l); err == nil {
				r.messages = append(r.messages, message{block: l.BlockNumber, deal: e})
			}
		case topicComplaint:
			var e *bindings.ProxyNetworkComplaintFiled
			if e, err = abi.UnpackComplaintFiledEvent(l); err == nil {
				r.messages = append(r.messages, message{block: l.BlockNumber, accuse: e})
			}
		case topicConfirmation:
			var e *bindings.ProxyNetworkTranscriptConfirmed
			if e, err = abi.UnpackTranscriptConfirmedEvent(l); err == nil {
				r.messages = append(r.messages, message{block: l.BlockNumber, confirm: e})
			}
		case topicActivated:
			r.activated, err = abi.UnpackCommitteeActivatedEvent(l)
		case topicRetired:
			r.retired = true
		}
		if err != nil {
			return nil, nil, fmt.Errorf("committee %d: log %d/%d: %w", c, l.BlockNumber, l.Index, err)
		}
	}
	return out, order, nil
}
