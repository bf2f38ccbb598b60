package contracts

import (
	"encoding/hex"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"sort"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// ErrUnknownEvent means a log's first topic is no event of ours.
var ErrUnknownEvent = errors.New("unknown event")

// Event is a log decoded against our contracts' ABIs, with every field as a JSON-friendly value.
type Event struct {
	Type     string         `json:"type"` // always "event", beside the stream's "reorg" records
	Contract string         `json:"contract"`
	Name     string         `json:"event"`
	Fields   map[string]any `json:"fields"`
	Block    uint64         `json:"blockNumber"`
	Block32  common.Hash    `json:"blockHash"`
	TxHash   common.Hash    `json:"txHash"`
	Index    uint           `json:"logIndex"`
	Address  common.Address `json:"address"`
	Removed  bool           `json:"removed,omitempty"`
}

// EventSpec describes one event of one contract.
type EventSpec struct {
	Contract string
	Event    abi.Event
}

// Events lists every event of every contract, in contract then ABI order.
func Events() []EventSpec {
	var out []EventSpec
	seen := map[common.Hash]bool{}
	for _, c := range allABIs {
		for _, name := range sortedEventNames(c.abi) {
			ev := c.abi.Events[name]
			if seen[ev.ID] {
				continue
			}
			seen[ev.ID] = true
			out = append(out, EventSpec{Contract: c.name, Event: ev})
		}
	}
	return out
}

func sortedEventNames(a abi.ABI) []string {
	names := make([]string, 0, len(a.Events))
	for n := range a.Events {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// EventByID finds an event by its topic-0 hash.
func EventByID(id common.Hash) (EventSpec, bool) {
	for _, s := range Events() {
		if s.Event.ID == id {
			return s, true
		}
	}
	return EventSpec{}, false
}

// DecodeLog decodes any log of our contracts.
func DecodeLog(l *types.Log) (*Event, error) {
	if len(l.Topics) == 0 {
		return nil, ErrUnknownEvent
	}
	spec, ok := EventByID(l.Topics[0])
	if !ok {
		return nil, fmt.Errorf("%w: topic %s", ErrUnknownEvent, l.Topics[0])
	}
	fields := map[string]any{}
	if err := spec.Event.Inputs.UnpackIntoMap(fields, l.Data); err != nil {
		return nil, fmt.Errorf("decode %s data: %w", spec.Event.Name, err)
	}
	var indexed abi.Arguments
	for _, in := range spec.Event.Inputs {
		if in.Indexed {
			indexed = append(indexed, in)
		}
	}
	if err := abi.ParseTopicsIntoMap(fields, indexed, l.Topics[1:]); err != nil {
		return nil, fmt.Errorf("decode %s topics: %w", spec.Event.Name, err)
	}
	for k, v := range fields {
		fields[k] = JSONValue(v)
	}
	return &Event{
		Type: "event", Contract: spec.Contract, Name: spec.Event.Name, Fields: fields,
		Block: l.BlockNumber, Block32: l.BlockHash, TxHash: l.TxHash, Index: l.Index, Address: l.Address, Removed: l.Removed,
	}, nil
}

// JSONValue turns ABI-decoded values into what reads well in JSON: byte arrays and slices as
// 0x-hex, big integers as decimal strings, structs as maps.
func JSONValue(v any) any {
	switch x := v.(type) {
	case common.Address:
		return x.Hex()
	case common.Hash:
		return x.Hex()
	case [32]byte:
		return "0x" + hex.EncodeToString(x[:])
	case []byte:
		return "0x" + hex.EncodeToString(x)
	case *big.Int:
		return x.String()
	case uint8, uint16, uint32, uint64, bool, string:
		return x
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Struct:
		m := map[string]any{}
		for i := 0; i < rv.NumField(); i++ {
			f := rv.Type().Field(i)
			tag := f.Tag.Get("json")
			name := f.Name
			if tag != "" && tag != "-" {
				name = tag
			}
			m[lowerFirst(name)] = JSONValue(rv.Field(i).Interface())
		}
		return m
	case reflect.Slice, reflect.Array:
		if rv.Kind() == reflect.Array && rv.Type().Elem().Kind() == reflect.Uint8 {
			// Fixed-size byte values (bytes4 selectors, bytes16…) read as hex, like bytes32.
			b := make([]byte, rv.Len())
			reflect.Copy(reflect.ValueOf(b), rv)
			return "0x" + hex.EncodeToString(b)
		}
		out := make([]any, rv.Len())
		for i := range out {
			out[i] = JSONValue(rv.Index(i).Interface())
		}
		return out
	}
	return v
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
