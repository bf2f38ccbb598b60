package logpoller

import (
	"fmt"
	"strconv"
	"strings"
)

// Finality is how final a block must be before a follower acts on it: a number of blocks built
// on it, or the node's finalized block. It is what `--confirmations` sets for the oracle, the
// indexer and the event stream: a number, "finalized", or "auto" (the default), which ForChain
// resolves by the chain.
type Finality struct {
	// Auto means not chosen: ForChain picks by the chain id.
	Auto bool `json:"auto,omitempty"`
	// Finalized follows the node's finalized block (the "finalized" block tag): on
	// proof-of-stake Ethereum a block that cannot be reorged without burning a third of the stake.
	Finalized bool `json:"finalized,omitempty"`
	// Confirmations is how many blocks must be built on a block before it is applied when not
	// Finalized: 0 applies the head at once.
	Confirmations uint64 `json:"confirmations,omitempty"`
}

// Development chain ids: anvil and hardhat (31337), geth --dev and go-ethereum's simulated
// backend (1337). Their blocks are made on demand by one node and never reorged by others.
const (
	ChainIDAnvil = 31337
	ChainIDDev   = 1337
)

// DevChain reports whether id is a development chain's.
func DevChain(id uint64) bool { return id == ChainIDAnvil || id == ChainIDDev }

// FallbackConfirmations is the depth used on a chain whose node has no finalized block to
// report (a node too old for the tag, or a chain without finality).
const FallbackConfirmations = 64

// Auto is the default: no confirmations on a development chain, the finalized block elsewhere.
func Auto() Finality { return Finality{Auto: true} }

// Depth is a fixed number of confirmations.
func Depth(n uint64) Finality { return Finality{Confirmations: n} }

// ParseFinality reads "auto" (or ""), "finalized", or a number of confirmations.
func ParseFinality(s string) (Finality, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return Auto(), nil
	case "finalized":
		return Finality{Finalized: true}, nil
	}
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return Finality{}, fmt.Errorf("confirmations %q: want a number of blocks, \"finalized\" or \"auto\"", s)
	}
	return Depth(n), nil
}

// ForChain resolves Auto for the chain with id chainID and says why the result was chosen, for
// the start-up line of the service that uses it.
func (f Finality) ForChain(chainID uint64) (Finality, string) {
	switch {
	case !f.Auto && f.Finalized:
		return f, "chosen with --confirmations finalized"
	case !f.Auto:
		return f, "chosen with --confirmations"
	case DevChain(chainID):
		return Depth(0), fmt.Sprintf("development chain %d: blocks are acted on at once (set --confirmations to change)", chainID)
	default:
		return Finality{Finalized: true}, fmt.Sprintf("chain %d is not a development chain: blocks are acted on once the node reports them finalized (set --confirmations to change)", chainID)
	}
}

// String is "auto", "finalized" or "N blocks".
func (f Finality) String() string {
	switch {
	case f.Auto:
		return "auto"
	case f.Finalized:
		return "finalized"
	case f.Confirmations == 1:
		return "1 block"
	default:
		return fmt.Sprintf("%d blocks", f.Confirmations)
	}
}
