// Package synth builds synthetic chains of emrchain events, ABI-encoded exactly as the contracts
// emit them, for store tests and for filling benchmark databases faster than a chain can mine.
// Nothing here touches a node: block hashes are derived from the height, the parent and a fork
// label, so a test can make a competing fork by rewinding and relabelling.
package synth

import (
	"encoding/binary"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/logpoller"
)

// BlockTime is the spacing of synthetic blocks, in seconds.
const BlockTime = 12

// Chain is a synthetic chain under construction.
type Chain struct {
	contracts map[string]contract
	fork      string
	headers   []logpoller.Header // every block made, ascending
	logs      []types.Log        // every log made, ascending
	taken     int                // headers handed out by Take
	takenLogs int
	nextIndex uint // log index within the current block
	nextTx    uint
}

type contract struct {
	address common.Address
	abi     abi.ABI
}

// New starts a chain whose next block is first, stamped at firstTime.
func New(addrs contracts.Addresses, first, firstTime uint64) *Chain {
	c := &Chain{contracts: map[string]contract{
		deploy.Registry:          {addrs.Registry, bindings.NewRegistry().GetABI()},
		deploy.RecordRegistry:    {addrs.Records, bindings.NewRecordRegistry().GetABI()},
		deploy.KeywordIndex:      {addrs.Index, bindings.NewKeywordIndex().GetABI()},
		deploy.AccessLedger:      {addrs.Access, bindings.NewAccessLedger().GetABI()},
		deploy.AttributeRegistry: {addrs.Attributes, bindings.NewAttributeRegistry().GetABI()},
		deploy.KeyIssuer:         {addrs.Keys, bindings.NewKeyIssuer().GetABI()},
		deploy.ProxyNetwork:      {addrs.Proxies, bindings.NewProxyNetwork().GetABI()},
		deploy.AttributeReads:    {addrs.Reads, bindings.NewAttributeReads().GetABI()},
		deploy.EmergencyAccess:   {addrs.Emergency, bindings.NewEmergencyAccess().GetABI()},
		deploy.Guardians:         {addrs.Guardians, bindings.NewGuardians().GetABI()},
		deploy.Consents:          {addrs.Consents, bindings.NewConsents().GetABI()},
		deploy.CareReads:         {addrs.Care, bindings.NewCareReads().GetABI()},
		deploy.Recovery:          {addrs.Recovery, bindings.NewRecovery().GetABI()},
	}}
	// The block before the first anchors parent hashes.
	c.headers = append(c.headers, logpoller.Header{Number: first - 1, Hash: c.hash(first-1, common.Hash{}), Time: firstTime - BlockTime})
	c.taken = 1
	return c
}

func (c *Chain) hash(number uint64, parent common.Hash) common.Hash {
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], number)
	return crypto.Keccak256Hash([]byte("emrchain/synth/"+c.fork), n[:], parent[:])
}

// Anchor is the block before the first: the parent of the first block.
func (c *Chain) Anchor() logpoller.Header { return c.headers[0] }

// Head is the latest block.
func (c *Chain) Head() logpoller.Header { return c.headers[len(c.headers)-1] }

// Block seals a new block; later events go into it.
func (c *Chain) Block() logpoller.Header {
	parent := c.Head()
	h := logpoller.Header{Number: parent.Number + 1, ParentHash: parent.Hash, Time: parent.Time + BlockTime}
	h.Hash = c.hash(h.Number, h.ParentHash)
	c.headers = append(c.headers, h)
	c.nextIndex, c.nextTx = 0, 0
	return h
}

// Emit appends an event of a contract (a deploy contract name) in its own transaction in the
// current block, with the event's arguments in ABI order. When the current block has been taken
// already, a new block is sealed first.
func (c *Chain) Emit(contractName, event string, args ...any) (types.Log, error) {
	if c.taken == len(c.headers) {
		c.Block()
	}
	ct, ok := c.contracts[contractName]
	if !ok {
		return types.Log{}, fmt.Errorf("synth: no contract %q", contractName)
	}
	ev, ok := ct.abi.Events[event]
	if !ok {
		return types.Log{}, fmt.Errorf("synth: %s has no event %q", contractName, event)
	}
	if len(args) != len(ev.Inputs) {
		return types.Log{}, fmt.Errorf("synth: %s takes %d arguments, got %d", event, len(ev.Inputs), len(args))
	}
	var indexed [][]any
	var plain []any
	for i, in := range ev.Inputs {
		if in.Indexed {
			indexed = append(indexed, []any{args[i]})
		} else {
			plain = append(plain, args[i])
		}
	}
	topics, err := abi.MakeTopics(indexed...)
	if err != nil {
		return types.Log{}, fmt.Errorf("synth: %s topics: %w", event, err)
	}
	data, err := ev.Inputs.NonIndexed().Pack(plain...)
	if err != nil {
		return types.Log{}, fmt.Errorf("synth: %s data: %w", event, err)
	}
	head := c.Head()
	l := types.Log{
		Address:     ct.address,
		Topics:      []common.Hash{ev.ID},
		Data:        data,
		BlockNumber: head.Number,
		BlockHash:   head.Hash,
		Index:       c.nextIndex,
		TxIndex:     c.nextTx,
	}
	for _, t := range topics {
		l.Topics = append(l.Topics, t[0])
	}
	var idx [16]byte
	binary.BigEndian.PutUint64(idx[:8], head.Number)
	binary.BigEndian.PutUint64(idx[8:], uint64(c.nextIndex))
	l.TxHash = crypto.Keccak256Hash([]byte("emrchain/synth-tx/"+c.fork), head.Hash[:], idx[:])
	c.nextIndex++
	c.nextTx++
	c.logs = append(c.logs, l)
	return l, nil
}

// MustEmit is Emit for tests and fixtures whose arguments are known to be right.
func (c *Chain) MustEmit(contractName, event string, args ...any) types.Log {
	l, err := c.Emit(contractName, event, args...)
	if err != nil {
		panic(err)
	}
	return l
}

// Take returns the blocks and logs made since the last Take, as the log poller would hand them
// over, or false when there are none.
func (c *Chain) Take() (logpoller.Range, bool) {
	if c.taken == len(c.headers) {
		return logpoller.Range{}, false
	}
	r := logpoller.Range{
		Headers: append([]logpoller.Header(nil), c.headers[c.taken:]...),
		Logs:    append([]types.Log(nil), c.logs[c.takenLogs:]...),
	}
	c.taken, c.takenLogs = len(c.headers), len(c.logs)
	return r, true
}

// Logs returns every log on the chain.
func (c *Chain) Logs() []types.Log { return append([]types.Log(nil), c.logs...) }

// Rewind drops the blocks above number and labels the blocks made from now on, so that they
// form a competing fork with different hashes. The next Take starts above number.
func (c *Chain) Rewind(number uint64, fork string) {
	for len(c.headers) > 1 && c.Head().Number > number {
		c.headers = c.headers[:len(c.headers)-1]
	}
	n := 0
	for n < len(c.logs) && c.logs[n].BlockNumber <= number {
		n++
	}
	c.logs = c.logs[:n]
	c.taken, c.takenLogs = min(c.taken, len(c.headers)), min(c.takenLogs, len(c.logs))
	c.fork = fork
	c.nextIndex, c.nextTx = 0, 0
}

// Forget drops the blocks and logs already taken, keeping the last taken block as the anchor,
// so that a long synthetic chain can be generated in bounded memory. Logs and Rewind see only
// what is left.
func (c *Chain) Forget() {
	c.headers = append([]logpoller.Header(nil), c.headers[c.taken-1:]...)
	c.taken = 1
	c.logs = append([]types.Log(nil), c.logs[c.takenLogs:]...)
	c.takenLogs = 0
}
