package committee

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/tdec"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/oracle/txmgr"
)

// Sender sends and waits for transactions; *txmgr.Manager is one.
type Sender interface {
	Send(ctx context.Context, c txmgr.Candidate, j txmgr.Journal) (*types.Receipt, error)
	Resume(ctx context.Context, txs []*types.Transaction, j txmgr.Journal, guard txmgr.Guard) (*types.Receipt, error)
}

// Chain reads the contract's current state and the head.
type Chain interface {
	bind.ContractCaller
	BlockNumber(ctx context.Context) (uint64, error)
}

// Config describes the node.
type Config struct {
	// Self is the node's account, a member of the committees it serves.
	Self common.Address
	// ChainID and Contract (ProxyNetwork's address) name the committees: dkg.CommitteeID.
	ChainID  uint64
	Contract common.Address
	// Keys keeps the node's DKG keys and shares.
	Keys *keyring.CommitteeKeys
	// Random feeds DKG keys, deals and proofs (crypto/rand if nil).
	Random io.Reader
	// Tick is how often committees in progress are looked at without a new event (default 1 s):
	// deadlines pass without events.
	Tick time.Duration
	// Deal, when set, draws this node's deal instead of Participant.Deal. Tests use it to play
	// a cheating dealer (Participant.DealCheating).
	Deal func(p *dkg.Participant) (*dkg.Deal, error)
	// Hook, when set, is called at the dangerous moments: "deal-drawn" (the deal is kept, not
	// yet signed) and "recorded:<action>" (a transaction is recorded, not yet broadcast). Tests
	// kill the node there.
	Hook func(event string)
}

// Membership is what an Active committee's member needs to answer for it.
type Membership struct {
	Committee keyring.Committee
	// Index is the node's member index, 1 to n.
	Index     uint8
	Threshold int
	Members   []common.Address
	// Result is the DKG's public outcome: Y, the public shares, the qualified dealers.
	Result *dkg.Result
	// Share is the node's share x_i, nil when it has none (ShareErr says why). It is secret.
	Share    *shamir.Share
	ShareErr error
	// Active says a quorum confirmed the transcript this node computed.
	Active bool
}

// Node is one proxy node's part in ProxyNetwork's committees. It is fed the contract's events by
// a log poller (it is the poller's Store), replays each committee that names it through
// crypto/dkg, and sends its registerKey, deal, complaints and confirm while their windows are
// open: each at most once at a time, each checked against the chain's current state before it
// is signed, each recorded before it is broadcast and waited for again after a restart.
type Node struct {
	cfg   Config
	store *Store
	net   contracts.Contract[*bindings.ProxyNetwork]
	chain Chain
	send  Sender
	log   zerolog.Logger

	wake chan struct{}

	mu       sync.Mutex
	inflight map[string]bool
	// refused holds, per action, the head at which the chain last refused it: the same
	// transaction is not tried again until a new block may have changed the answer (a phase that
	// ends with the block being mined, say), rather than at every step.
	refused map[string]uint64
	head    uint64
	done    map[uint64]bool
	members map[uint64]*Membership
	said    map[string]bool
	// Decrypted DKG keys and the shares already written, so that a step does not pay for a
	// key derivation each time it replays a committee.
	dkgKeys map[uint64]*dkg.PrivateKey
	saved   map[uint64]bool
	replays map[uint64]*replayed
	// version counts changes to the stored events: replays and parsed events are kept while it
	// stays the same.
	version atomic.Uint64
	parsed  struct {
		version uint64
		all     map[uint64]*run
		order   []uint64
	}
	sends sync.WaitGroup
}

// New returns a node over store, reading and calling the ProxyNetwork net through chain and
// send.
func New(cfg Config, store *Store, net contracts.Contract[*bindings.ProxyNetwork], chain Chain, send Sender, log zerolog.Logger) *Node {
	if cfg.Tick == 0 {
		cfg.Tick = time.Second
	}
	return &Node{
		cfg: cfg, store: store, net: net, chain: chain, send: send, log: log,
		wake: make(chan struct{}, 1), inflight: map[string]bool{}, refused: map[string]uint64{}, done: map[uint64]bool{},
		members: map[uint64]*Membership{}, said: map[string]bool{}, dkgKeys: map[uint64]*dkg.PrivateKey{}, saved: map[uint64]bool{}, replays: map[uint64]*replayed{},
	}
}

var (
	_ logpoller.Store      = (*Node)(nil)
	_ logpoller.ChainStore = (*Node)(nil)
)

// Filter is the log poller's address and topic filter.
func (n *Node) Filter() ([]common.Address, [][]common.Hash) {
	return []common.Address{n.cfg.Contract}, Topics()
}

// Cursor implements logpoller.Store.
func (n *Node) Cursor(ctx context.Context) (logpoller.Header, bool, error) {
	return n.store.Cursor(ctx)
}

// HashAt implements logpoller.Store.
func (n *Node) HashAt(ctx context.Context, number uint64) (common.Hash, bool, error) {
	return n.store.HashAt(ctx, number)
}

// Genesis implements logpoller.ChainStore.
func (n *Node) Genesis(ctx context.Context) (common.Hash, bool, error) { return n.store.Genesis(ctx) }

// SetGenesis implements logpoller.ChainStore.
func (n *Node) SetGenesis(ctx context.Context, h common.Hash) error {
	return n.store.SetGenesis(ctx, h)
}

// Apply implements logpoller.Store: it stores the range's ProxyNetwork logs and wakes the node.
func (n *Node) Apply(ctx context.Context, r logpoller.Range) error {
	var logs []types.Log
	for _, l := range r.Logs {
		if l.Address == n.cfg.Contract && len(l.Topics) > 1 {
			logs = append(logs, l)
		}
	}
	if err := n.store.apply(ctx, r.Headers, logs, committeeOf); err != nil {
		return err
	}
	if len(logs) > 0 {
		n.version.Add(1)
	}
	// Every applied block may pass a deadline.
	n.Poke()
	return nil
}

// Rollback implements logpoller.Store.
func (n *Node) Rollback(ctx context.Context, to logpoller.Header) error {
	if err := n.store.rollback(ctx, to); err != nil {
		return err
	}
	n.mu.Lock()
	// A committee's outcome may change with the events it loses: look at every one again.
	n.done = map[uint64]bool{}
	n.mu.Unlock()
	n.version.Add(1)
	n.Poke()
	return nil
}

// Poke makes the node look at its committees now.
func (n *Node) Poke() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// Membership returns the node's standing in committee c once its DKG has finished; false
// before that, or when the node is not a member.
func (n *Node) Membership(c uint64) (*Membership, bool) {
	n.mu.Lock()
	defer n.mu.Unlock()
	m, ok := n.members[c]
	return m, ok
}

// Run drives the node until ctx is done: it first waits again for transactions a previous run
// left in flight, then looks at every committee after each applied range and every Tick. It
// returns once the sends it started have stopped.
func (n *Node) Run(ctx context.Context) {
	defer n.sends.Wait()
	t := time.NewTicker(n.cfg.Tick)
	defer t.Stop()
	for {
		if err := n.Step(ctx); err != nil && ctx.Err() == nil {
			n.log.Warn().Err(err).Msg("committee step failed; trying again")
		}
		select {
		case <-ctx.Done():
			return
		case <-n.wake:
		case <-t.C:
		}
	}
}

// Step looks at every committee that names the node once, starting what is due.
func (n *Node) Step(ctx context.Context) error {
	cur, ok, err := n.store.Cursor(ctx)
	if err != nil || !ok {
		return err
	}
	head, err := n.chain.BlockNumber(ctx)
	if err != nil {
		return fmt.Errorf("head: %w", err)
	}
	n.mu.Lock()
	n.head = head
	n.mu.Unlock()
	if err := n.resumeUnsettled(ctx); err != nil {
		return err
	}
	all, order, err := n.runs(ctx)
	if err != nil {
		return err
	}
	for _, c := range order {
		r := all[c]
		self := r.self(n.cfg.Self)
		if self == 0 {
			continue
		}
		n.mu.Lock()
		done := n.done[c]
		n.mu.Unlock()
		if done {
			continue
		}
		if err := n.advance(ctx, c, self, r, cur.Number, head); err != nil {
			n.log.Warn().Err(err).Uint64("committee", c).Msg("committee step failed")
		}
	}
	return nil
}

// runs parses the stored events, or returns the last parse while they have not changed. Only
// Step calls it.
func (n *Node) runs(ctx context.Context) (map[uint64]*run, []uint64, error) {
	v := n.version.Load()
	if n.parsed.all != nil && n.parsed.version == v {
		return n.parsed.all, n.parsed.order, nil
	}
	logs, err := n.store.events(ctx, 0, true)
	if err != nil {
		return nil, nil, err
	}
	all, order, err := runs(logs)
	if err != nil {
		return nil, nil, err
	}
	n.parsed.version, n.parsed.all, n.parsed.order = v, all, order
	return all, order, nil
}

func (n *Node) committee(c uint64) keyring.Committee {
	return keyring.Committee{Number: c, ID: dkg.CommitteeID(n.cfg.ChainID, n.cfg.Contract, c)}
}

// once logs a message the first time key is seen.
func (n *Node) once(key string) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.said[key] {
		return false
	}
	n.said[key] = true
	return true
}

func (n *Node) finish(c uint64) {
	n.mu.Lock()
	n.done[c] = true
	n.mu.Unlock()
}

// advance replays committee c's run as member self and starts the action due. applied is the
// last block the log follower applied (everything up to it is known), head the chain's head
// (an action sent now lands after it).
func (n *Node) advance(ctx context.Context, c uint64, self uint8, r *run, applied, head uint64) error {
	cr := r.created
	log := n.log.With().Uint64("committee", c).Uint8("member", self).Logger()
	ref := n.committee(c)
	if r.retired {
		if n.once(fmt.Sprintf("%d/retired", c)) {
			log.Info().Msg("committee retired")
		}
		n.finish(c)
		return nil
	}

	// 1. Keys.
	mine, registered := r.keys[self]
	if !registered {
		// Only events applied past the deadline prove the key missing: one mined at the head
		// may not be applied yet.
		if applied > cr.KeyDeadline {
			if n.once(fmt.Sprintf("%d/nokey", c)) {
				log.Error().Uint64("deadline", cr.KeyDeadline).Msg("the key deadline passed before this node's DKG key was registered; the committee fails")
			}
			n.finish(c)
			return nil
		}
		if head >= cr.KeyDeadline {
			return nil // too late to send; the applied events will tell whether it landed
		}
		key, err := n.dkgKey(ref, true, log)
		if err != nil {
			return err
		}
		pub, err := key.Public().MarshalBinary()
		if err != nil {
			return err
		}
		n.act(ctx, c, "register", func(st bindings.IProxyNetworkCommittee, _ uint16) bool { return st.KeyMask&bit(self) != 0 },
			n.net.ABI.PackRegisterKey(c, pub), log)
		return nil
	}
	key, err := n.dkgKey(ref, false, log)
	if err != nil {
		return err
	}
	if key == nil {
		if n.once(fmt.Sprintf("%d/lostkey", c)) {
			log.Error().Str("file", n.cfg.Keys.KeyPath(ref)).Msg("this node's registered DKG key is not in its key directory; it cannot take part in the committee")
		}
		n.finish(c)
		return nil
	}
	if pub, _ := key.Public().MarshalBinary(); !bytes.Equal(pub, mine) {
		if n.once(fmt.Sprintf("%d/otherkey", c)) {
			log.Error().Msg("the DKG key registered for this node is not the one in its key directory; it cannot take part in the committee")
		}
		n.finish(c)
		return nil
	}
	if len(r.keys) < r.size() {
		if applied > cr.KeyDeadline {
			if n.once(fmt.Sprintf("%d/keys", c)) {
				log.Warn().Int("registered", len(r.keys)).Int("members", r.size()).Msg("not every member registered a DKG key in time; the committee fails")
			}
			n.finish(c)
		}
		return nil
	}

	// 2. Replay the run (or reuse the replay of the same events and windows).
	rp, err := n.replay(c, self, key, r, applied)
	if err != nil {
		return err
	}
	p := rp.p

	// 3. Deal, while the window is open. The deal drawn first is kept before it is sent and is
	// the only one this node ever sends for the committee.
	if !rp.dealt && head < cr.DealDeadline {
		commitments, shares, ok, err := n.store.OwnDeal(ctx, c)
		if err != nil {
			return err
		}
		if !ok {
			draw := n.cfg.Deal
			if draw == nil {
				draw = (*dkg.Participant).Deal
			}
			d, err := draw(p)
			if err != nil {
				return err
			}
			if err := n.store.SaveOwnDeal(ctx, c, d.Commitments, d.Shares); err != nil {
				return err
			}
			n.at("deal-drawn")
			if commitments, shares, _, err = n.store.OwnDeal(ctx, c); err != nil {
				return err
			}
		}
		n.act(ctx, c, "deal", func(st bindings.IProxyNetworkCommittee, _ uint16) bool { return st.DealMask&bit(self) != 0 },
			n.net.ABI.PackDeal(c, commitments, shares), log)
	}
	if !rp.dealt && applied > cr.DealDeadline && n.once(fmt.Sprintf("%d/nodeal", c)) {
		log.Warn().Msg("this node's deal did not land before the deal deadline; the committee goes on without it")
	}

	// 4. Complaints about wrong shares, while complaints are taken.
	for dealer, cm := range rp.complaints {
		if head >= cr.ComplaintDeadline {
			break
		}
		if n.once(fmt.Sprintf("%d/badshare/%d", c, dealer)) {
			log.Warn().Uint8("dealer", dealer).Msg("the dealer's share for this node is wrong; complaining")
		}
		n.actComplaint(ctx, c, self, cm, log)
	}

	// 5. Once every complaint is known: finish, keep the share, confirm.
	if applied < cr.ComplaintDeadline {
		return nil
	}
	res, confirmation, err := rp.res, rp.confirmation, rp.finishErr
	if err != nil {
		if n.once(fmt.Sprintf("%d/failed", c)) {
			log.Error().Err(err).Msg("the DKG failed; the admin has to create a new committee")
		}
		n.finish(c)
		return nil
	}
	mem := &Membership{Committee: ref, Index: self, Threshold: int(cr.Threshold), Members: cr.Members, Result: res, Share: res.Share, ShareErr: res.ShareErr}
	if res.Share != nil {
		n.mu.Lock()
		saved := n.saved[c]
		n.mu.Unlock()
		if !saved {
			if err := n.cfg.Keys.SaveShare(ref, res.Share); err != nil {
				return err
			}
			n.mu.Lock()
			n.saved[c] = true
			n.mu.Unlock()
		}
	} else if n.once(fmt.Sprintf("%d/noshare", c)) {
		log.Error().Err(res.ShareErr).Msg("this node has no usable share of the committee's key; it counts among the members the committee can lose")
	}
	if n.once(fmt.Sprintf("%d/finished", c)) {
		log.Info().Uints8("qualified", res.Qualified).Int("faults", len(res.Faults)).Str("share", n.cfg.Keys.SharePath(ref)).
			Msg("DKG finished; confirming the transcript")
	}
	confirmed := rp.confirmedSelf
	if !confirmed && head < cr.ConfirmDeadline {
		n.act(ctx, c, "confirm", func(st bindings.IProxyNetworkCommittee, _ uint16) bool { return st.ConfirmMask&bit(self) != 0 },
			n.net.ABI.PackConfirm(c, confirmation.PublicKey, confirmation.SharesHash), log)
	}
	if r.activated != nil {
		mem.Active = bytes.Equal(r.activated.PublicKey, confirmation.PublicKey) && r.activated.SharesHash == confirmation.SharesHash
		if n.once(fmt.Sprintf("%d/active", c)) {
			if mem.Active {
				log.Info().Hex("key", r.activated.PublicKey).Msg("committee active with the transcript this node computed")
			} else {
				log.Error().Msg("committee active with a transcript other than the one this node computed")
			}
		}
	}
	n.mu.Lock()
	n.members[c] = mem
	n.mu.Unlock()
	if r.activated != nil && confirmed || applied > cr.ConfirmDeadline {
		n.finish(c)
	}
	return nil
}

func bit(member uint8) uint16 { return 1 << (member - 1) }

func (n *Node) at(event string) {
	if n.cfg.Hook != nil {
		n.cfg.Hook(event)
	}
}

// replayed is a committee's run replayed through crypto/dkg up to the applied block.
type replayed struct {
	key string
	// p is the member's state machine after the replay: still taking deals while the deal
	// window is open, finished once the complaint window closed.
	p          *dkg.Participant
	dealt      bool
	complaints map[uint8]*dkg.Complaint // complaints this member owes, by dealer
	// Once finished:
	res           *dkg.Result
	confirmation  *dkg.Confirmation
	finishErr     error
	confirmedSelf bool
}

// replay feeds committee c's messages to a fresh participant, in chain order, closing the deal
// window and finishing the run as the applied block passes their deadlines. The replay is kept
// while neither the events nor the windows change, so a step that finds nothing new costs no
// cryptography.
func (n *Node) replay(c uint64, self uint8, key *dkg.PrivateKey, r *run, applied uint64) (*replayed, error) {
	cr := r.created
	closing, finishing := applied >= cr.DealDeadline, applied >= cr.ComplaintDeadline
	id := fmt.Sprintf("%d/%d/%t/%t", n.version.Load(), len(r.messages), closing, finishing)
	n.mu.Lock()
	rp := n.replays[c]
	n.mu.Unlock()
	if rp != nil && rp.key == id {
		return rp, nil
	}
	ref := n.committee(c)
	log := n.log.With().Uint64("committee", c).Uint8("member", self).Logger()
	params := dkg.Params{CommitteeID: ref.ID, Threshold: int(cr.Threshold)}
	for i := 1; i <= r.size(); i++ {
		pk := new(dkg.PublicKey)
		if err := pk.UnmarshalBinary(r.keys[uint8(i)]); err != nil {
			return nil, fmt.Errorf("member %d's registered key: %w", i, err)
		}
		params.Members = append(params.Members, pk)
	}
	p, err := dkg.New(params, self, key, n.cfg.Random)
	if err != nil {
		return nil, err
	}
	rp = &replayed{key: id, p: p, complaints: map[uint8]*dkg.Complaint{}}
	closed := false
	var confirms []message
	for _, m := range r.messages {
		if m.block > cr.DealDeadline && !closed {
			if err := p.CloseDealings(); err != nil {
				return nil, err
			}
			closed = true
		}
		switch {
		case m.deal != nil:
			complaint, err := p.ReceiveDeal(m.deal.Member, m.deal.Commitments, m.deal.Shares)
			if err != nil && n.once(fmt.Sprintf("%d/deal/%d", c, m.deal.Member)) {
				log.Warn().Err(err).Uint8("dealer", m.deal.Member).Msg("deal refused; its dealer is left out")
			}
			if complaint != nil {
				rp.complaints[complaint.Dealer] = complaint
			}
		case m.accuse != nil:
			err := p.ReceiveComplaint(m.accuse.Member, m.accuse.Dealer, m.accuse.SharedPoint, m.accuse.Proof)
			if m.accuse.Member == self {
				delete(rp.complaints, m.accuse.Dealer)
			}
			if n.once(fmt.Sprintf("%d/complaint/%d/%d", c, m.accuse.Member, m.accuse.Dealer)) {
				if err == nil {
					log.Warn().Uint8("dealer", m.accuse.Dealer).Uint8("accuser", m.accuse.Member).Msg("complaint upheld: the dealer is disqualified")
				} else {
					log.Warn().Err(err).Uint8("dealer", m.accuse.Dealer).Uint8("accuser", m.accuse.Member).Msg("complaint refused")
				}
			}
		case m.confirm != nil:
			confirms = append(confirms, m)
		}
	}
	if closing && !closed {
		if err := p.CloseDealings(); err != nil {
			return nil, err
		}
	}
	rp.dealt = p.HasDealt(self)
	if finishing {
		rp.res, rp.confirmation, rp.finishErr = p.Finish()
		if rp.finishErr == nil {
			for _, m := range confirms {
				_ = p.ReceiveConfirmation(m.confirm.Member, m.confirm.PublicKey, m.confirm.SharesHash)
				rp.confirmedSelf = rp.confirmedSelf || m.confirm.Member == self
			}
		}
	}
	n.mu.Lock()
	n.replays[c] = rp
	n.mu.Unlock()
	return rp, nil
}

// dkgKey returns the node's DKG key for a committee from memory or its file, creating the file
// when create is set and there is none; nil when there is none and create is not set.
func (n *Node) dkgKey(ref keyring.Committee, create bool, log zerolog.Logger) (*dkg.PrivateKey, error) {
	n.mu.Lock()
	k := n.dkgKeys[ref.Number]
	n.mu.Unlock()
	if k != nil {
		return k, nil
	}
	var err error
	if create {
		var created bool
		if k, created, err = n.cfg.Keys.DKGKey(ref, n.cfg.Random); err == nil && created {
			log.Info().Str("file", n.cfg.Keys.KeyPath(ref)).Msg("DKG key created for the committee")
		}
	} else {
		k, _, err = n.cfg.Keys.LoadDKGKey(ref)
	}
	if err != nil || k == nil {
		return nil, err
	}
	n.mu.Lock()
	n.dkgKeys[ref.Number] = k
	n.mu.Unlock()
	return k, nil
}

// act sends data for an action of committee c unless it is in flight, or the chain shows it
// done (done reads the committee's current state).
func (n *Node) act(ctx context.Context, c uint64, action string, done func(bindings.IProxyNetworkCommittee, uint16) bool, data []byte, log zerolog.Logger) {
	n.start(ctx, c, action, func(ctx context.Context) (bool, error) {
		st, err := bind.Call(n.net.BoundContract, &bind.CallOpts{Context: ctx}, n.net.ABI.PackCommittee(c), n.net.ABI.UnpackCommittee)
		if err != nil {
			return false, err
		}
		return done(st, 0), nil
	}, data, log)
}

func (n *Node) actComplaint(ctx context.Context, c uint64, self uint8, cm *dkg.Complaint, log zerolog.Logger) {
	n.start(ctx, c, fmt.Sprintf("complain/%d", cm.Dealer), func(ctx context.Context) (bool, error) {
		mask, err := bind.Call(n.net.BoundContract, &bind.CallOpts{Context: ctx}, n.net.ABI.PackComplaints(c, cm.Dealer), n.net.ABI.UnpackComplaints)
		return mask&bit(self) != 0, err
	}, n.net.ABI.PackComplain(c, cm.Dealer, cm.SharedPoint, cm.Proof), log)
}

// start runs one send of an action in the background, unless one is running.
func (n *Node) start(ctx context.Context, c uint64, action string, onChain func(context.Context) (bool, error), data []byte, log zerolog.Logger) {
	key := fmt.Sprintf("%d/%s", c, action)
	n.mu.Lock()
	if at, ok := n.refused[key]; n.inflight[key] || ok && at == n.head {
		n.mu.Unlock()
		return
	}
	n.inflight[key] = true
	head := n.head
	n.mu.Unlock()
	n.sends.Add(1)
	go func() {
		defer func() {
			n.mu.Lock()
			delete(n.inflight, key)
			n.mu.Unlock()
			n.sends.Done()
		}()
		done, err := onChain(ctx)
		if err != nil {
			if ctx.Err() == nil {
				log.Warn().Err(err).Str("action", action).Msg("reading the committee's state failed; trying again at the next step")
			}
			return
		}
		if done {
			return
		}
		log.Debug().Str("action", action).Msg("sending")
		journal := txmgr.JournalFunc(func(ctx context.Context, tx *types.Transaction) error {
			if err := n.store.RecordTx(ctx, c, action, tx); err != nil {
				return err
			}
			n.at("recorded:" + action)
			return nil
		})
		// The confirmation that reaches the quorum also stores the committee's key, and the
		// estimate, made before the others land, does not see it.
		rcpt, err := n.send.Send(ctx, txmgr.Candidate{To: n.cfg.Contract, Data: data, GasExtra: 80_000}, journal)
		if errors.Is(err, contracts.ErrReverted) {
			n.mu.Lock()
			n.refused[key] = head
			n.mu.Unlock()
		}
		n.settle(ctx, c, action, rcpt, err, log)
	}()
}

// settle records what became of an action's transaction.
func (n *Node) settle(ctx context.Context, c uint64, action string, rcpt *types.Receipt, err error, log zerolog.Logger) {
	l := log.With().Str("action", action).Logger()
	switch {
	case err == nil:
		l.Info().Stringer("tx", rcpt.TxHash).Uint64("block", rcpt.BlockNumber.Uint64()).Msg("sent")
	case ctx.Err() != nil:
		return // resumed at the next start
	case errors.Is(err, contracts.ErrReverted), errors.Is(err, txmgr.ErrNonceConsumed):
		// Refused (a window closed, or it is done already) or replaced: the next step reads
		// the chain again and decides.
		l.Info().Err(err).Msg("not taken; looking again at the next step")
	default:
		l.Warn().Err(err).Msg("sending failed; its transaction, if any was signed, is waited for at the next step")
		return
	}
	if err := n.store.Settle(context.WithoutCancel(ctx), c, action); err != nil {
		l.Error().Err(err).Msg("recording the outcome failed")
	}
	n.Poke()
}

// resumeUnsettled waits again for transactions signed for an action whose outcome is not yet
// recorded: after a restart, or after a send that failed once it had signed.
func (n *Node) resumeUnsettled(ctx context.Context) error {
	open, err := n.store.Unsettled(ctx)
	if err != nil {
		return err
	}
	for _, u := range open {
		key := fmt.Sprintf("%d/%s", u.Committee, u.Action)
		n.mu.Lock()
		busy := n.inflight[key]
		if !busy {
			n.inflight[key] = true
		}
		n.mu.Unlock()
		if busy {
			continue
		}
		n.sends.Add(1)
		go func() {
			defer func() {
				n.mu.Lock()
				delete(n.inflight, key)
				n.mu.Unlock()
				n.sends.Done()
			}()
			log := n.log.With().Uint64("committee", u.Committee).Logger()
			log.Info().Str("action", u.Action).Uint64("nonce", u.Txs[0].Nonce()).Msg("waiting for a transaction sent before")
			journal := txmgr.JournalFunc(func(ctx context.Context, tx *types.Transaction) error {
				return n.store.RecordTx(ctx, u.Committee, u.Action, tx)
			})
			rcpt, err := n.send.Resume(ctx, u.Txs, journal, nil)
			n.settle(ctx, u.Committee, u.Action, rcpt, err, log)
		}()
	}
	return nil
}

// Share returns the node's share of committee c's key and the committee's public shares, once
// its DKG finished with the transcript the chain activated; ok is false before that. share is
// nil when the node has none (it counts among the members the committee can lose).
func (n *Node) Share(c uint64) (*shamir.Share, *tdec.Committee, bool, error) {
	m, ok := n.Membership(c)
	if !ok || !m.Active {
		return nil, nil, false, nil
	}
	committee, err := tdec.CommitteeFromDKG(m.Result)
	if err != nil {
		return nil, nil, false, fmt.Errorf("committee %d: %w", c, err)
	}
	return m.Share, committee, true, nil
}
