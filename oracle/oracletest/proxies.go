package oracletest

import (
	"context"
	"crypto/sha256"
	"fmt"
	"math/bits"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/oracle/service"
)

// RoleProxy is the Registry's Proxy role.
const RoleProxy = contracts.RoleProxy

// Proxy is one proxy node of the world: a funded party enrolled as a Proxy, with a key
// directory of the proxy role (keyring.Init, every secret under ProxyPass, cheap key
// derivation) and its keys loaded from it.
type Proxy struct {
	*Party
	Dir  string
	Info *keyring.Info
	Keys *keyring.Keys
}

// ProxyPass is the passphrase of every proxy's secrets in the world.
var ProxyPass = keyfile.NewPassphrase([]byte("oracletest proxy passphrase"))

func (w *World) initProxies(ctx context.Context) error {
	for _, p := range w.Proxies {
		info, err := keyring.Init(p.Dir, keyring.RoleProxy, keyring.Same(ProxyPass), keyring.InitOptions{TxKey: p.Key, Light: true})
		if err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		p.Info = info
		if p.Keys, err = keyring.Load(p.Dir, keyring.RoleProxy, keyring.Same(ProxyPass)); err != nil {
			return fmt.Errorf("%s: %w", p.Name, err)
		}
		p.Keys.Committees.Light()
		if err := w.Call(ctx, w.Admin, w.Set.Registry.BoundContract, w.Set.Registry.ABI.PackEnroll(
			p.Address, RoleProxy, [32]byte{}, sha256.Sum256([]byte(p.Name)), info.TransportKey32(), nil)); err != nil {
			return fmt.Errorf("enrol %s: %w", p.Name, err)
		}
	}
	return nil
}

// ProxyConfig is a service configuration for proxy p of this world (role proxy, fast polling),
// with its state in statePath. For a proxy in another process, set RPCURL, KeyDir (p.Dir) and
// IPFSDir as well.
func (w *World) ProxyConfig(p *Proxy, statePath string) service.Config {
	cfg := w.OracleConfig()
	cfg.Role = service.RoleProxy
	cfg.StatePath = statePath
	return cfg
}

// ProxyOptions are the in-process dependencies of proxy p.
func (w *World) ProxyOptions(p *Proxy) []service.Option {
	return []service.Option{service.WithClient(w.Client), service.WithStore(w.Store()), service.WithKeys(p.Keys)}
}

// CreateCommittee has the admin create a ProxyNetwork committee of members (member i is
// members[i-1]) with threshold t and phases of phase blocks, and returns its id.
func (w *World) CreateCommittee(ctx context.Context, members []*Proxy, t uint8, phase uint64) (uint64, error) {
	addrs := make([]common.Address, len(members))
	for i, m := range members {
		addrs[i] = m.Address
	}
	pn := w.Set.Proxies
	rcpt, err := w.call(ctx, w.Admin, pn.BoundContract, pn.ABI.PackCreateCommittee(addrs, t, phase))
	if err != nil {
		return 0, fmt.Errorf("create committee: %w", err)
	}
	for _, l := range rcpt.Logs {
		if ev, err := pn.ABI.UnpackCommitteeCreatedEvent(l); err == nil {
			return ev.CommitteeId, nil
		}
	}
	return 0, fmt.Errorf("create committee: no CommitteeCreated in %s", rcpt.TxHash)
}

// Committee reads a committee's parameters and progress.
func (w *World) Committee(ctx context.Context, id uint64) (bindings.IProxyNetworkCommittee, error) {
	pn := w.Set.Proxies
	return bind.Call(pn.BoundContract, &bind.CallOpts{Context: ctx}, pn.ABI.PackCommittee(id), pn.ABI.UnpackCommittee)
}

// Committee statuses (IProxyNetwork.CommitteeStatus).
const (
	CommitteeRegistering uint8 = 1
	CommitteeDealing     uint8 = 2
	CommitteeComplaining uint8 = 3
	CommitteeConfirming  uint8 = 4
	CommitteeActive      uint8 = 5
	CommitteeFailed      uint8 = 6
	CommitteeRetired     uint8 = 7
)

// CommitteeStatus reads where a committee stands now.
func (w *World) CommitteeStatus(ctx context.Context, id uint64) (uint8, error) {
	pn := w.Set.Proxies
	return bind.Call(pn.BoundContract, &bind.CallOpts{Context: ctx}, pn.ABI.PackStatus(id), pn.ABI.UnpackStatus)
}

// WaitCommittee waits until committee id is Active or has failed and returns its status. The
// deadline guards against a hang; it is not a timing assertion.
func (w *World) WaitCommittee(ctx context.Context, id uint64, limit time.Duration) (uint8, error) {
	deadline := time.Now().Add(limit)
	for {
		st, err := w.CommitteeStatus(ctx, id)
		if err == nil && (st == CommitteeActive || st == CommitteeFailed) {
			return st, nil
		}
		if time.Now().After(deadline) {
			return st, fmt.Errorf("committee %d still in status %d after %s (%v)", id, st, limit, err)
		}
		select {
		case <-ctx.Done():
			return st, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// ProxyStatePath is where proxy p keeps its state under dir.
func ProxyStatePath(dir string, p *Proxy) string { return filepath.Join(dir, p.Name+"-state.db") }

// Complaints reads which members complained about dealer (bit i − 1 for member i).
func (w *World) Complaints(ctx context.Context, id uint64, dealer uint8) (uint16, error) {
	pn := w.Set.Proxies
	return bind.Call(pn.BoundContract, &bind.CallOpts{Context: ctx}, pn.ABI.PackComplaints(id, dealer), pn.ABI.UnpackComplaints)
}

// DealHash reads keccak256(commitments ‖ shares) of member's deal in a committee.
func (w *World) DealHash(ctx context.Context, id uint64, member uint8) (common.Hash, error) {
	pn := w.Set.Proxies
	h, err := bind.Call(pn.BoundContract, &bind.CallOpts{Context: ctx}, pn.ABI.PackDealHash(id, member), pn.ABI.UnpackDealHash)
	return common.Hash(h), err
}

// Committee is proxy nodes of the world running in process, each a service with its own keys and
// state, and the committee they formed.
type Committee struct {
	ID        uint64
	Threshold int
	Nodes     []*service.Service
	cfgs      []service.Config
	opts      [][]service.Option
}

// StartCommittee starts the world's first n proxies as services (configure, if set, adjusts each
// node's configuration and adds options), has the admin create a t-of-n committee of them with
// phases of phase blocks, and waits until their DKG made it Active.
func (w *World) StartCommittee(ctx context.Context, dir string, n, t int, phase uint64, configure func(i int, cfg *service.Config) []service.Option) (*Committee, error) {
	c := &Committee{Threshold: t}
	for i, p := range w.Proxies[:n] {
		cfg := w.ProxyConfig(p, ProxyStatePath(dir, p))
		opts := w.ProxyOptions(p)
		if configure != nil {
			opts = append(opts, configure(i, &cfg)...)
		}
		c.cfgs, c.opts = append(c.cfgs, cfg), append(c.opts, opts)
	}
	if err := c.Start(ctx); err != nil {
		return nil, err
	}
	id, err := w.CreateCommittee(ctx, w.Proxies[:n], uint8(t), phase)
	if err != nil {
		c.Stop(ctx)
		return nil, err
	}
	st, err := w.WaitCommittee(ctx, id, 10*time.Minute)
	if err == nil && st != CommitteeActive {
		err = fmt.Errorf("committee %d: status %d after its key generation", id, st)
	}
	if err != nil {
		c.Stop(ctx)
		return nil, err
	}
	c.ID = id
	return c, nil
}

// Start starts the nodes (again, on the state they left).
func (c *Committee) Start(ctx context.Context) error {
	c.Nodes = nil
	for i, cfg := range c.cfgs {
		svc, err := service.New(cfg, c.opts[i]...)
		if err == nil {
			err = svc.Start(ctx)
		}
		if err != nil {
			c.Stop(ctx)
			return fmt.Errorf("proxy node %d: %w", i+1, err)
		}
		c.Nodes = append(c.Nodes, svc)
	}
	return nil
}

// Stop stops every node.
func (c *Committee) Stop(ctx context.Context) {
	for _, s := range c.Nodes {
		_ = s.Stop(ctx)
	}
	c.Nodes = nil
}

// InvokeMany has requester call get-access n times on one grant, submitting every call before
// waiting for any, and returns the access ids in order with the receipts.
func (w *World) InvokeMany(ctx context.Context, requester *Party, requestID uint64, n int) ([]uint64, []*types.Receipt, error) {
	g, err := w.Env().GrantOf(ctx, requestID)
	if err != nil {
		return nil, nil, err
	}
	a := w.Set.Access
	data := a.ABI.PackGetAccess(requestID, g.Terms)
	var hashes []common.Hash
	for range n {
		h, err := w.Submit(ctx, requester, a.Address, data)
		if err != nil {
			return nil, nil, err
		}
		hashes = append(hashes, h)
	}
	rcpts, err := w.Wait(ctx, hashes...)
	if err != nil {
		return nil, nil, err
	}
	ids := make([]uint64, 0, n)
	for _, r := range rcpts {
		for _, l := range r.Logs {
			if ev, err := a.ABI.UnpackAccessInvokedEvent(l); err == nil {
				ids = append(ids, ev.AccessId)
			}
		}
	}
	if len(ids) != n {
		return nil, nil, fmt.Errorf("%d get-access calls made %d accesses", n, len(ids))
	}
	return ids, rcpts, nil
}

// Readable reports whether an access has t revealed answers, as many as its requester needs.
func (w *World) Readable(ctx context.Context, accessID uint64, t int) (bool, error) {
	st, err := w.Env().AnswerState(ctx, client.GateAccess, accessID)
	if err != nil {
		return false, err
	}
	return bits.OnesCount16(st.RevealMask) >= t, nil
}
