package clienttest

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/tdec"
	"github.com/emrchain/emrchain/crypto/toprf"
	"github.com/emrchain/emrchain/crypto/tpre"
)

func bindOpts(k *ecdsa.PrivateKey, chainID *big.Int) (*bind.TransactOpts, error) {
	return bind.NewKeyedTransactor(k, chainID), nil
}

// Behaviour is how a test node answers.
type Behaviour int

const (
	// Honest nodes answer correctly.
	Honest Behaviour = iota
	// Down nodes answer nothing (a stopped process).
	Down
	// Wrong nodes commit to and reveal a fragment or share whose proof fails.
	Wrong
)

// Node is one in-process proxy.
type Node struct {
	ID        *client.Identity
	Index     uint8
	Behaviour Behaviour
	dkgKey    *dkg.PrivateKey
	share     *shamir.Share
}

// Committee is a committee of in-process proxies with its DKG done.
type Committee struct {
	w      *World
	ID     uint64
	T      int
	Nodes  []*Node
	Result *dkg.Result

	mu      sync.Mutex
	handled map[string]bool
	errs    []error
}

// NewCommittee has the admin create a t-of-n committee of the world's first n proxies and runs
// its key generation on chain, every member dealing honestly.
func (w *World) NewCommittee(t testing.TB, threshold, n int) *Committee {
	t.Helper()
	ctx := context.Background()
	var members []common.Address
	c := &Committee{w: w, T: threshold, handled: map[string]bool{}}
	for i := range n {
		members = append(members, w.Proxies[i].Address())
		k, err := dkg.GenerateKey(nil)
		if err != nil {
			t.Fatal(err)
		}
		c.Nodes = append(c.Nodes, &Node{ID: w.Proxies[i], Index: uint8(i + 1), dkgKey: k})
	}
	const phase = 4 * 16
	id, _, err := w.Env.CreateCommittee(ctx, w.ID("admin"), members, uint8(threshold), phase)
	if err != nil {
		t.Fatal(err)
	}
	c.ID = id
	created := w.head(t)
	params := dkg.Params{CommitteeID: dkg.CommitteeID(w.Env.ChainID.Uint64(), w.Env.Set.Addresses.Proxies, id), Threshold: threshold}
	for _, nd := range c.Nodes {
		pk, _ := nd.dkgKey.Public().MarshalBinary()
		c.send(t, nd, "register DKG key", w.Env.Set.Proxies.BoundContract, w.Env.Set.Proxies.ABI.PackRegisterKey(id, pk))
		params.Members = append(params.Members, nd.dkgKey.Public())
	}
	var parts []*dkg.Participant
	for _, nd := range c.Nodes {
		p, err := dkg.New(params, nd.Index, nd.dkgKey, nil)
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, p)
	}
	for i, p := range parts {
		d, err := p.Deal()
		if err != nil {
			t.Fatal(err)
		}
		c.send(t, c.Nodes[i], "deal", w.Env.Set.Proxies.BoundContract, w.Env.Set.Proxies.ABI.PackDeal(id, d.Commitments, d.Shares))
		for _, q := range parts {
			if complaint, err := q.ReceiveDeal(uint8(i+1), d.Commitments, d.Shares); err != nil || complaint != nil {
				t.Fatalf("an honest deal was refused: %v %v", err, complaint)
			}
		}
	}
	// Confirmations open after the complaint deadline.
	for w.head(t) <= created+3*phase {
		w.Mine(1)
	}
	for i, p := range parts {
		res, conf, err := p.Finish()
		if err != nil {
			t.Fatal(err)
		}
		c.Nodes[i].share = res.Share
		c.Result = res
		c.send(t, c.Nodes[i], "confirm", w.Env.Set.Proxies.BoundContract, w.Env.Set.Proxies.ABI.PackConfirm(id, conf.PublicKey, conf.SharesHash))
	}
	info, err := w.Env.Committee(ctx, id)
	if err != nil || info.Status != client.CommitteeActive {
		t.Fatalf("committee %d after its key generation: %+v, %v", id, info, err)
	}
	return c
}

func (w *World) head(t testing.TB) uint64 {
	n, err := w.client.BlockNumber(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func (c *Committee) send(t testing.TB, nd *Node, what string, bc *bind.BoundContract, data []byte) {
	t.Helper()
	if _, err := contracts.Send(context.Background(), c.w.client, bind.NewKeyedTransactor(nd.ID.Key, c.w.Env.ChainID), bc, data); err != nil {
		t.Fatalf("proxy %d: %s: %v", nd.Index, what, err)
	}
}

// Serve answers every open access, read and token request until ctx ends, polling the chain.
func (c *Committee) Serve(ctx context.Context) {
	for {
		c.answerAll(ctx)
		select {
		case <-ctx.Done():
			return
		case <-time.After(15 * time.Millisecond):
		}
	}
}

// Start serves in the background until the test ends.
func (c *Committee) Start(t testing.TB) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Serve(ctx); close(done) }()
	t.Cleanup(func() {
		cancel()
		<-done
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, err := range c.errs {
			t.Errorf("committee: %v", err)
		}
	})
}

func (c *Committee) fail(err error) {
	c.mu.Lock()
	c.errs = append(c.errs, err)
	c.mu.Unlock()
}

// answer is one member's answer to one access.
type answer struct {
	point []byte // compressed
	proof []byte // c ‖ s
}

type job struct {
	g         *bind.BoundContract
	gate      string
	id        uint64
	requestID uint64
	requester common.Address
	members   uint16
	compute   func(nd *Node) (answer, error)
}

var answers = bindings.NewAccessLedger()

func (c *Committee) answerAll(ctx context.Context) {
	env := c.w.Env
	var jobs []job
	// Grants: AccessInvoked.
	if it, err := bind.FilterEvents(env.Set.Access.BoundContract, &bind.FilterOpts{Context: ctx}, env.Set.Access.ABI.UnpackAccessInvokedEvent); err == nil {
		for it.Next() {
			ev := it.Value()
			jobs = append(jobs, c.accessJob(ctx, ev))
		}
		it.Close()
	}
	if it, err := bind.FilterEvents(env.Set.Reads.BoundContract, &bind.FilterOpts{Context: ctx}, env.Set.Reads.ABI.UnpackReadRequestedEvent); err == nil {
		for it.Next() {
			jobs = append(jobs, c.readJob(ctx, it.Value()))
		}
		it.Close()
	}
	if it, err := bind.FilterEvents(env.Set.Index.BoundContract, &bind.FilterOpts{Context: ctx}, env.Set.Index.ABI.UnpackTokenRequestedEvent); err == nil {
		for it.Next() {
			jobs = append(jobs, c.tokenJob(ctx, it.Value()))
		}
		it.Close()
	}
	for _, j := range jobs {
		if j.g != nil {
			c.run(ctx, j)
		}
	}
}

// run commits every live named member's answer, then reveals them once the access is fulfilled.
func (c *Committee) run(ctx context.Context, j job) {
	key := fmt.Sprintf("%s/%d", j.gate, j.id)
	c.mu.Lock()
	done := c.handled[key]
	c.mu.Unlock()
	if done {
		return
	}
	st, err := bind.Call(j.g, &bind.CallOpts{Context: ctx}, answers.PackAnswerState(j.id), answers.UnpackAnswerState)
	if err != nil {
		return
	}
	if st.Status == client.AnswerRejected {
		c.markDone(key)
		return
	}
	computed := map[uint8]answer{}
	for _, nd := range c.Nodes {
		if nd.Behaviour == Down || j.members&(1<<(nd.Index-1)) == 0 {
			continue
		}
		a, err := j.compute(nd)
		if err != nil {
			c.fail(fmt.Errorf("%s access %d, member %d: %w", j.gate, j.id, nd.Index, err))
			c.markDone(key)
			return
		}
		computed[nd.Index] = a
		if st.CommitMask&(1<<(nd.Index-1)) == 0 {
			h := crypto.Keccak256Hash(a.point)
			if _, err := contracts.Send(ctx, c.w.client, bind.NewKeyedTransactor(nd.ID.Key, c.w.Env.ChainID), j.g,
				answers.PackCommit(j.id, j.requestID, j.requester, nd.Index, h)); err != nil {
				// A dead grant rejects the access at the commit; that is not the committee's fault.
				continue
			}
		}
	}
	st, err = bind.Call(j.g, &bind.CallOpts{Context: ctx}, answers.PackAnswerState(j.id), answers.UnpackAnswerState)
	if err != nil || st.Status != client.AnswerFulfilled {
		if err == nil && st.Status == client.AnswerRejected {
			c.markDone(key)
		}
		return
	}
	for _, nd := range c.Nodes {
		a, ok := computed[nd.Index]
		if !ok || st.CommitMask&(1<<(nd.Index-1)) == 0 || st.RevealMask&(1<<(nd.Index-1)) != 0 {
			continue
		}
		if _, err := contracts.Send(ctx, c.w.client, bind.NewKeyedTransactor(nd.ID.Key, c.w.Env.ChainID), j.g,
			answers.PackReveal(j.id, nd.Index, a.point, a.proof)); err != nil && ctx.Err() == nil {
			c.fail(fmt.Errorf("%s access %d, member %d: reveal: %w", j.gate, j.id, nd.Index, err))
		}
	}
	c.markDone(key)
}

func (c *Committee) markDone(key string) {
	c.mu.Lock()
	c.handled[key] = true
	c.mu.Unlock()
}

// wrong replaces an answer by the same member's answer made for another context: a valid point
// whose proof fails here.
func wrong(nd *Node, a answer, other func() (answer, error)) (answer, error) {
	if nd.Behaviour != Wrong {
		return a, nil
	}
	return other()
}

func (c *Committee) accessJob(ctx context.Context, ev *bindings.AccessLedgerAccessInvoked) job {
	env := c.w.Env
	g, err := env.GrantOf(ctx, ev.RequestId)
	if err != nil || g.Terms.CommitteeId != c.ID {
		return job{}
	}
	bundleBytes, err := fetch(ctx, env, g.BundleRef)
	if err != nil {
		return job{}
	}
	var bundle tpre.Bundle
	if err := bundle.UnmarshalBinary(bundleBytes); err != nil {
		return job{}
	}
	rec, err := env.Record(ctx, ev.RecordId)
	if err != nil {
		return job{}
	}
	capBytes, err := fetch(ctx, env, rec.CapsuleRef)
	if err != nil {
		return job{}
	}
	var capsule recordkey.Capsule
	if err := capsule.UnmarshalBinary(capBytes); err != nil {
		return job{}
	}
	bindTo := tpre.Binding{ChainID: env.ChainID.Uint64(), Ledger: env.Set.Addresses.Access, RequestID: ev.RequestId}
	frag := func(nd *Node, b tpre.Binding) (answer, error) {
		share, err := bundle.OpenShare(nd.Index, nd.ID.Transport)
		if err != nil {
			return answer{}, err
		}
		f, err := share.Fragment(nil, &capsule, b)
		if err != nil {
			return answer{}, err
		}
		p := f.Point()
		proof, _ := f.Proof().MarshalBinary()
		return answer{point: p[:], proof: proof}, nil
	}
	return job{g: answers.Instance(c.w.client, env.Set.Addresses.Access), gate: "access", id: ev.AccessId, requestID: ev.RequestId,
		requester: ev.Requester, members: g.Terms.MemberMask,
		compute: func(nd *Node) (answer, error) {
			a, err := frag(nd, bindTo)
			if err != nil {
				return a, err
			}
			other := bindTo
			other.RequestID++
			return wrong(nd, a, func() (answer, error) { return frag(nd, other) })
		}}
}

func (c *Committee) readJob(ctx context.Context, ev *bindings.AttributeReadsReadRequested) job {
	env := c.w.Env
	if ev.CommitteeId != c.ID {
		return job{}
	}
	rec, err := env.Record(ctx, ev.RecordId)
	if err != nil {
		return job{}
	}
	gate, err := env.Gate(ctx, rec)
	if err != nil {
		return job{}
	}
	raw := append([]byte{'R', 0x01}, ev.BlindingKey...)
	raw = append(raw, ev.BlindedPoint...)
	raw = append(raw, ev.BlindingProof...)
	var req tdec.Request
	if err := req.UnmarshalBinary(raw); err != nil {
		return job{}
	}
	call := &bind.CallOpts{Context: ctx}
	bctx, err := bind.Call(env.Set.Reads.BoundContract, call, env.Set.Reads.ABI.PackBlindingContext(ev.Requester, ev.RecordId), env.Set.Reads.ABI.UnpackBlindingContext)
	if err != nil {
		return job{}
	}
	share := func(nd *Node, readID uint64) (answer, error) {
		sctx, err := bind.Call(env.Set.Reads.BoundContract, call, env.Set.Reads.ABI.PackShareContext(readID, nd.Index), env.Set.Reads.ABI.UnpackShareContext)
		if err != nil {
			return answer{}, err
		}
		s, err := tdec.DecryptShare(nil, nd.share, gate.Half(), &req, bctx, sctx)
		if err != nil {
			return answer{}, err
		}
		p := s.Point()
		proof, _ := s.Proof().MarshalBinary()
		return answer{point: compress(&p), proof: proof}, nil
	}
	return job{g: answers.Instance(c.w.client, env.Set.Addresses.Reads), gate: "read", id: ev.ReadId, requestID: ev.ReadId,
		requester: ev.Requester, members: uint16(1)<<len(c.Nodes) - 1,
		compute: func(nd *Node) (answer, error) {
			a, err := share(nd, ev.ReadId)
			if err != nil {
				return a, err
			}
			return wrong(nd, a, func() (answer, error) { return share(nd, ev.ReadId+1000) })
		}}
}

func (c *Committee) tokenJob(ctx context.Context, ev *bindings.KeywordIndexTokenRequested) job {
	env := c.w.Env
	it, err := bind.FilterEvents(env.Set.Index.BoundContract, &bind.FilterOpts{Context: ctx}, env.Set.Index.ABI.UnpackIndexKeyRegisteredEvent, []any{ev.Patient})
	if err != nil {
		return job{}
	}
	var reg *bindings.KeywordIndexIndexKeyRegistered
	for it.Next() {
		if it.Value().Epoch == ev.Epoch {
			reg = it.Value()
		}
	}
	it.Close()
	if reg == nil || reg.CommitteeId != c.ID {
		return job{}
	}
	b, err := fetch(ctx, env, reg.BundleRef)
	if err != nil {
		return job{}
	}
	var bundle toprf.Bundle
	if err := bundle.UnmarshalBinary(b); err != nil {
		return job{}
	}
	var req toprf.Request
	if err := req.UnmarshalBinary(append([]byte{'Q', 0x01}, ev.BlindedPoint...)); err != nil {
		return job{}
	}
	call := &bind.CallOpts{Context: ctx}
	eval := func(nd *Node, id uint64) (answer, error) {
		s, err := bundle.OpenShare(nd.Index, nd.ID.Transport)
		if err != nil {
			return answer{}, err
		}
		actx, err := bind.Call(env.Set.Index.BoundContract, call, env.Set.Index.ABI.PackAnswerContext(id, nd.Index), env.Set.Index.ABI.UnpackAnswerContext)
		if err != nil {
			return answer{}, err
		}
		a, err := toprf.Evaluate(nil, s, &req, actx)
		if err != nil {
			return answer{}, err
		}
		p := a.Point()
		proof, _ := a.Proof().MarshalBinary()
		return answer{point: compress(&p), proof: proof}, nil
	}
	return job{g: answers.Instance(c.w.client, env.Set.Addresses.Index), gate: "token", id: ev.RequestId, requestID: ev.RequestId,
		requester: ev.Requester, members: reg.MemberMask,
		compute: func(nd *Node) (answer, error) {
			a, err := eval(nd, ev.RequestId)
			if err != nil {
				return a, err
			}
			return wrong(nd, a, func() (answer, error) { return eval(nd, ev.RequestId+1000) })
		}}
}

func compress(p *secp256k1.G1Affine) []byte {
	x, y := p.X.Bytes(), p.Y.Bytes()
	return append([]byte{0x02 | y[31]&1}, x[:]...)
}

func fetch(ctx context.Context, env *client.Env, ref []byte) ([]byte, error) {
	return env.FetchObject(ctx, ref)
}
