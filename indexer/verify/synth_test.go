package verify_test

import (
	"context"
	"errors"
	"math/big"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/sqlite"
	"github.com/emrchain/emrchain/indexer/store/storetest"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/verify"
	"github.com/emrchain/emrchain/logpoller"
)

// logChain is a node serving a synthetic chain whose blocks are real headers, so verification
// can check them, and whose logs it filters as eth_getLogs does.
type logChain struct {
	headers map[uint64]*types.Header
	logs    []types.Log
}

// realHeaders rebuilds a synthetic range on headers whose hashes are those of real headers.
func realHeaders(r logpoller.Range) (*logChain, logpoller.Range) {
	c := &logChain{headers: map[uint64]*types.Header{}}
	out := logpoller.Range{}
	hashes := map[common.Hash]common.Hash{}
	parent := common.Hash{0x99}
	for _, h := range r.Headers {
		hdr := &types.Header{Number: new(big.Int).SetUint64(h.Number), ParentHash: parent, Time: h.Time, Difficulty: big.NewInt(0)}
		c.headers[h.Number] = hdr
		hashes[h.Hash] = hdr.Hash()
		out.Headers = append(out.Headers, logpoller.Header{Number: h.Number, Hash: hdr.Hash(), ParentHash: parent, Time: h.Time})
		parent = hdr.Hash()
	}
	for _, l := range r.Logs {
		l.BlockHash = hashes[l.BlockHash]
		out.Logs = append(out.Logs, l)
	}
	c.logs = out.Logs
	return c, out
}

func (c *logChain) HeaderByNumber(_ context.Context, n *big.Int) (*types.Header, error) {
	h, ok := c.headers[n.Uint64()]
	if !ok {
		return nil, ethereum.NotFound
	}
	return h, nil
}

func (c *logChain) FilterLogs(_ context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	var out []types.Log
	for _, l := range c.logs {
		if l.BlockNumber < q.FromBlock.Uint64() || l.BlockNumber > q.ToBlock.Uint64() || !hasAddress(q.Addresses, l.Address) {
			continue
		}
		match := true
		for i, want := range q.Topics {
			if len(want) == 0 {
				continue
			}
			if i >= len(l.Topics) || !hasHash(want, l.Topics[i]) {
				match = false
			}
		}
		if match {
			out = append(out, l)
		}
	}
	return out, nil
}

func hasAddress(as []common.Address, a common.Address) bool {
	if len(as) == 0 {
		return true
	}
	for _, x := range as {
		if x == a {
			return true
		}
	}
	return false
}

func hasHash(hs []common.Hash, h common.Hash) bool {
	for _, x := range hs {
		if x == h {
			return true
		}
	}
	return false
}

// The trust model's timeline, with members' answers found through the patient's accesses in
// each gate, committees and attribute names, matches the store's entry for entry; and the
// store's answers moved to another requester's access are caught.
func TestSynthStoryMatchesChain(t *testing.T) {
	ctx := context.Background()
	synth, _ := storetest.Scenario().Take()
	node, r := realHeaders(synth)
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "indexer.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := store.Follower(st).Apply(ctx, r); err != nil {
		t.Fatal(err)
	}
	m := &deploy.Manifest{DeploymentBlock: r.First().Number, Contracts: map[string]deploy.Deployed{}}
	for name, a := range map[string]common.Address{
		deploy.Registry: storetest.Addrs.Registry, deploy.RecordRegistry: storetest.Addrs.Records, deploy.KeywordIndex: storetest.Addrs.Index,
		deploy.AccessLedger: storetest.Addrs.Access, deploy.AttributeRegistry: storetest.Addrs.Attributes, deploy.KeyIssuer: storetest.Addrs.Keys,
		deploy.ProxyNetwork: storetest.Addrs.Proxies, deploy.AttributeReads: storetest.Addrs.Reads,
	} {
		m.Contracts[name] = deploy.Deployed{Address: a}
	}
	for _, who := range []common.Address{storetest.Patient, storetest.Requester, storetest.Registrar, storetest.NodeA} {
		rep, err := verify.Patient(ctx, node, m, st, who)
		if err != nil {
			t.Fatal(err)
		}
		if err := rep.Err(); err != nil {
			t.Fatalf("%s: %v", who.Hex(), err)
		}
		if who == storetest.Patient && rep.Entries != 19 {
			t.Fatalf("patient's timeline has %d entries on chain, want 19", rep.Entries)
		}
	}

	// A node's commit credited to another node in the store: the fulfilment's nodes differ.
	if _, err := st.DB().ExecContext(ctx, "UPDATE answers SET node = ? WHERE member = 3 AND contract = ?", storetest.NodeB.Bytes(), storetest.Addrs.Access.Bytes()); err != nil {
		t.Fatal(err)
	}
	rep, err := verify.Patient(ctx, node, m, st, storetest.Patient)
	if err != nil {
		t.Fatal(err)
	}
	if err := rep.Err(); !errors.Is(err, verify.ErrMismatch) || rep.Mismatch.Field != "Nodes" || rep.Mismatch.Chain.Action != timeline.AccessFulfilled {
		t.Fatalf("tampered answers: %v", err)
	}
}
