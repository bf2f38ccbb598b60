package client

import (
	"context"
	"fmt"
	"time"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
)

// Answer statuses of ThresholdAnswers.
const (
	AnswerOpen      uint8 = 0
	AnswerFulfilled uint8 = 1
	AnswerRejected  uint8 = 2
)

// answersABI reads the commit/reveal round every committee gate shares (ThresholdAnswers): its
// functions and events have one ABI, so AccessLedger's binding packs and unpacks them for any
// gate's address.
var answersABI = bindings.NewAccessLedger()

// gate is one committee gate contract as the answer round sees it.
type gate struct {
	name    string // the contract's name, for errors
	address common.Address
	c       *bind.BoundContract
}

func (e *Env) gate(name string, address common.Address) gate {
	return gate{name: name, address: address, c: answersABI.Instance(e.Backend, address)}
}

func (e *Env) accessGate() gate { return e.gate("AccessLedger", e.Set.Addresses.Access) }
func (e *Env) readsGate() gate  { return e.gate("AttributeReads", e.Set.Addresses.Reads) }
func (e *Env) indexGate() gate  { return e.gate("KeywordIndex", e.Set.Addresses.Index) }

// Reveal is one member's revealed answer: its fragment or share (a compressed point) and the
// DLEQ proof c ‖ s.
type Reveal struct {
	Member   uint8
	Node     common.Address
	Point    []byte
	Proof    []byte
	Block    uint64
	TxHash   common.Hash
	LogIndex uint
}

// AnswerState reads where an access's answer stands on a gate.
func (g gate) state(ctx context.Context, id uint64) (bindings.IThresholdAnswersAnswerState, error) {
	st, err := bind.Call(g.c, &bind.CallOpts{Context: ctx}, answersABI.PackAnswerState(id), answersABI.UnpackAnswerState)
	if err != nil {
		return st, fmt.Errorf("read the answers to %s access %d: %w", g.name, id, decode(err))
	}
	return st, nil
}

// reveals lists the members' revealed answers to an access, in chain order.
func (g gate) reveals(ctx context.Context, id uint64) ([]Reveal, error) {
	it, err := bind.FilterEvents(g.c, &bind.FilterOpts{Context: ctx}, answersABI.UnpackAnswerRevealedEvent, []any{id})
	if err != nil {
		return nil, fmt.Errorf("find the answers to %s access %d: %w", g.name, id, err)
	}
	defer it.Close()
	var out []Reveal
	for it.Next() {
		ev := it.Value()
		out = append(out, Reveal{Member: ev.Member, Node: ev.Node, Point: ev.Fragment, Proof: ev.Proof,
			Block: ev.Raw.BlockNumber, TxHash: ev.Raw.TxHash, LogIndex: ev.Raw.Index})
	}
	return out, it.Error()
}

// rejection returns why a rejected access was rejected: the name of the gate's liveness error
// or TooManyDeclines.
func (g gate) rejection(ctx context.Context, id uint64) string {
	it, err := bind.FilterEvents(g.c, &bind.FilterOpts{Context: ctx}, answersABI.UnpackAnswerRejectedEvent, []any{id})
	if err != nil {
		return "unknown reason"
	}
	defer it.Close()
	for it.Next() {
		return contracts.ErrorName(it.Value().Reason, g.name)
	}
	return "unknown reason"
}

// Committed lists the members whose commits an access holds, from its answer state.
func committed(st bindings.IThresholdAnswersAnswerState) []uint8 { return MembersOf(st.CommitMask) }

// AnswerProgress is told how an answer round advances while a client waits for it.
type AnswerProgress func(stage string, st bindings.IThresholdAnswersAnswerState)

// waitFulfilled waits until an access is fulfilled (or rejected, which is an error wrapping
// ErrRejected with the reason's name).
func (e *Env) waitFulfilled(ctx context.Context, g gate, id uint64, poll time.Duration, progress AnswerProgress) (bindings.IThresholdAnswersAnswerState, error) {
	last := -1
	for {
		st, err := g.state(ctx, id)
		if err != nil {
			return st, err
		}
		if progress != nil && int(st.Commits) != last {
			progress("committed", st)
			last = int(st.Commits)
		}
		switch st.Status {
		case AnswerFulfilled:
			return st, nil
		case AnswerRejected:
			return st, fmt.Errorf("%s access %d: %w: %s", g.name, id, ErrRejected, g.rejection(ctx, id))
		}
		if err := sleep(ctx, poll); err != nil {
			return st, fmt.Errorf("waiting for the committee to answer %s access %d (%d committed): %w", g.name, id, st.Commits, err)
		}
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(d):
		return nil
	}
}

// Fault is a member's answer that failed its proof, and what was done about it.
type Fault struct {
	Member uint8
	Node   common.Address
	Err    error
	// Report is the fault report's transaction, nil if reporting failed (ReportErr says why).
	Report    *Tx
	ReportErr error
}

// witness encodes a DLEQ verifier's witness U ‖ V, each x ‖ y (64 bytes).
func witness(u, v secp256k1.G1Affine) []byte {
	out := make([]byte, 0, 128)
	for _, p := range []*secp256k1.G1Affine{&u, &v} {
		x, y := p.X.Bytes(), p.Y.Bytes()
		out = append(append(out, x[:]...), y[:]...)
	}
	return out
}

// reportFault sends a fault report to a gate as reporter.
func (e *Env) reportFault(ctx context.Context, reporter *Identity, g gate, id uint64, r Reveal, wit, statement []byte) (*Tx, error) {
	tx, _, err := e.send(ctx, reporter, fmt.Sprintf("report member %d's wrong answer to %s access %d", r.Member, g.name, id), g.c,
		answersABI.PackReportFault(id, r.Member, r.Point, r.Proof, wit, statement))
	return tx, err
}

// compressed is a point's SEC 1 compressed encoding (33 bytes), as the contracts take points.
func compressed(p *secp256k1.G1Affine) []byte {
	x, y := p.X.Bytes(), p.Y.Bytes()
	return append([]byte{0x02 | y[31]&1}, x[:]...)
}

// Gates names the committee gates by the kind of access they answer.
const (
	GateAccess = "access" // AccessLedger: grants
	GateRead   = "read"   // AttributeReads: attribute reads
	GateToken  = "token"  // KeywordIndex: search tokens
	GateCare   = "care"   // CareReads: break-glass, guardian-grant and consent reads
)

func (e *Env) gateNamed(kind string) (gate, error) {
	switch kind {
	case GateAccess:
		return e.accessGate(), nil
	case GateRead:
		return e.readsGate(), nil
	case GateToken:
		return e.indexGate(), nil
	case GateCare:
		return e.careGate(), nil
	}
	return gate{}, fmt.Errorf("no committee gate %q", kind)
}

// AnswerState reads where the committee's answer to an access, read or token request stands.
func (e *Env) AnswerState(ctx context.Context, kind string, id uint64) (bindings.IThresholdAnswersAnswerState, error) {
	g, err := e.gateNamed(kind)
	if err != nil {
		return bindings.IThresholdAnswersAnswerState{}, err
	}
	return g.state(ctx, id)
}

// Reveals lists the members' revealed answers to an access, read or token request.
func (e *Env) Reveals(ctx context.Context, kind string, id uint64) ([]Reveal, error) {
	g, err := e.gateNamed(kind)
	if err != nil {
		return nil, err
	}
	return g.reveals(ctx, id)
}

// FaultRecord is a wrong answer the chain recorded against a committee member (FragmentFaulted):
// a fault report whose proof the gate itself checked.
type FaultRecord struct {
	Gate     string // GateAccess, GateRead, GateToken or GateCare
	AccessID uint64 // the access, read or token request answered
	Member   uint8
	Node     common.Address
	Reporter common.Address
	Block    uint64
	TxHash   common.Hash
}

// Faults lists the faults recorded on every committee gate, oldest first within each gate.
func (e *Env) Faults(ctx context.Context) ([]FaultRecord, error) {
	var out []FaultRecord
	for _, kind := range []string{GateAccess, GateRead, GateToken, GateCare} {
		g, _ := e.gateNamed(kind)
		it, err := bind.FilterEvents(g.c, &bind.FilterOpts{Context: ctx}, answersABI.UnpackFragmentFaultedEvent)
		if err != nil {
			return nil, fmt.Errorf("find the faults recorded on %s: %w", g.name, err)
		}
		for it.Next() {
			ev := it.Value()
			out = append(out, FaultRecord{Gate: kind, AccessID: ev.AccessId, Member: ev.Member, Node: ev.Node, Reporter: ev.Reporter,
				Block: ev.Raw.BlockNumber, TxHash: ev.Raw.TxHash})
		}
		err = it.Error()
		it.Close()
		if err != nil {
			return nil, fmt.Errorf("find the faults recorded on %s: %w", g.name, err)
		}
	}
	return out, nil
}

// AnswerTx is one member's transaction in an answer round (its commit or its reveal).
type AnswerTx struct {
	Member uint8
	Node   common.Address
	TxHash common.Hash
	Block  uint64
}

// Commits lists the members' commits to an access, read or token request, in chain order: with
// Reveals, the committee's side of the round (for audits and gas measurements).
func (e *Env) Commits(ctx context.Context, kind string, id uint64) ([]AnswerTx, error) {
	g, err := e.gateNamed(kind)
	if err != nil {
		return nil, err
	}
	it, err := bind.FilterEvents(g.c, &bind.FilterOpts{Context: ctx}, answersABI.UnpackAnswerCommittedEvent, []any{id})
	if err != nil {
		return nil, fmt.Errorf("find the commits to %s access %d: %w", g.name, id, err)
	}
	defer it.Close()
	var out []AnswerTx
	for it.Next() {
		ev := it.Value()
		out = append(out, AnswerTx{Member: ev.Member, Node: ev.Node, TxHash: ev.Raw.TxHash, Block: ev.Raw.BlockNumber})
	}
	return out, it.Error()
}
