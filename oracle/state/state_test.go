package state

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/oracle/answer"
)

var ctx = context.Background()

func open(t *testing.T, path string) *Store {
	t.Helper()
	s, err := Open(path, Options{KeepHeaders: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// chain builds linked blocks; fork varies the hashes so two chains can share a prefix.
func chain(from, to uint64, parent common.Hash, fork byte) []Block {
	var out []Block
	for n := from; n <= to; n++ {
		h := crypto.Keccak256Hash(parent[:], []byte{fork}, big.NewInt(int64(n)).Bytes())
		out = append(out, Block{Number: n, Hash: h, Parent: parent, Time: 1000 + n})
		parent = h
	}
	return out
}

func access(id, request uint64, b Block, index uint) Event {
	return Event{Key: Key{KindAccess, id}, Block: b.Number, BlockHash: b.Hash, BlockTime: b.Time, LogIndex: index,
		RequestID: request, Requester: common.Address{0xaa}, Patient: common.Address{0xbb}, RecordID: [32]byte{7}, Version: 1}
}

func TestApplyRollbackReappear(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	if _, ok, err := s.Cursor(ctx); ok || err != nil {
		t.Fatalf("fresh cursor: %v %v", ok, err)
	}
	a := chain(1, 5, common.Hash{}, 0)
	ev1, ev2 := access(1, 10, a[2], 0), access(2, 11, a[4], 3)
	grant := Grant{RequestID: 10, Block: 2, BlockHash: a[1].Hash, RekeyRef: []byte("ref"), Commitment: [32]byte{9}}
	if _, err := s.Apply(ctx, a, []Event{ev1, ev2}, []Grant{grant}); err != nil {
		t.Fatal(err)
	}
	// Idempotent: the same range again changes nothing, not even generations.
	if _, err := s.Apply(ctx, a, []Event{ev1, ev2}, []Grant{grant}); err != nil {
		t.Fatal(err)
	}
	j2, _, _ := s.Job(ctx, ev2.Key)
	if j2.Gen != 1 || j2.Status != Pending || j2.RequestID != 11 || j2.LogIndex != 3 {
		t.Fatalf("job 2 after re-apply: %+v", j2)
	}
	if c, ok, _ := s.Cursor(ctx); !ok || c != a[4] {
		t.Fatalf("cursor %+v", c)
	}
	if h, ok, _ := s.HashAt(ctx, 3); !ok || h != a[2].Hash {
		t.Fatal("HashAt(3)")
	}

	// A worker holds job 2 at gen 1 while a reorg drops blocks 4 and 5.
	if err := s.Rollback(ctx, a[2]); err != nil {
		t.Fatal(err)
	}
	if c, _, _ := s.Cursor(ctx); c != a[2] {
		t.Fatalf("cursor after rollback %+v", c)
	}
	if _, ok, _ := s.HashAt(ctx, 4); ok {
		t.Fatal("header 4 survived the rollback")
	}
	j2r, _, _ := s.Job(ctx, ev2.Key)
	if j2r.Status != Removed {
		t.Fatalf("job 2 after rollback: %v", j2r.Status)
	}
	if j1, _, _ := s.Job(ctx, ev1.Key); j1.Status != Pending || j1.Gen != 1 {
		t.Fatalf("job 1 below the ancestor changed: %+v", j1)
	}
	tx := signed(t, 0)
	if err := s.RecordTx(ctx, []Entry{{Key: ev2.Key, Gen: 1, Answer: answer.Fulfil([32]byte{1}, []byte("r"))}}, tx); !errors.Is(err, ErrStale) {
		t.Fatalf("recording a transaction for a reorged job: %v", err)
	}
	if txs, _ := s.Transactions(ctx, ev2.Key); len(txs) != 0 {
		t.Fatal("a refused RecordTx left a transaction behind")
	}
	due, _ := s.Due(ctx, []Kind{KindAccess}, time.Now(), Position{}, 10)
	if len(due) != 1 || due[0].Key != ev1.Key {
		t.Fatalf("due after rollback: %+v", due)
	}

	// The new branch carries access 2 again, now for another request.
	b := chain(4, 6, a[2].Hash, 1)
	ev2b := access(2, 12, b[1], 0)
	if _, err := s.Apply(ctx, b, []Event{ev2b}, nil); err != nil {
		t.Fatal(err)
	}
	j2b, _, _ := s.Job(ctx, ev2.Key)
	if j2b.Status != Pending || j2b.RequestID != 12 || j2b.Gen <= j2r.Gen || j2b.BlockHash != b[1].Hash {
		t.Fatalf("revived job: %+v", j2b)
	}
	if _, ok, _ := s.Grant(ctx, 10); !ok {
		t.Fatal("grant below the ancestor lost")
	}
}

func signed(t *testing.T, nonce uint64) *types.Transaction {
	t.Helper()
	key, _ := crypto.ToECDSA(crypto.Keccak256([]byte("state-test")))
	to := common.Address{1}
	tx, err := types.SignTx(types.NewTx(&types.DynamicFeeTx{ChainID: big.NewInt(1337), Nonce: nonce, Gas: 21000, To: &to,
		GasTipCap: big.NewInt(1), GasFeeCap: big.NewInt(2), Value: big.NewInt(0)}), types.LatestSignerForChainID(big.NewInt(1337)), key)
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func TestLifecycleSurvivesReopen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	s := open(t, path)
	a := chain(1, 3, common.Hash{}, 0)
	e1, e2 := access(1, 1, a[1], 0), access(2, 2, a[2], 0)
	key := Event{Key: Key{KindKey, 1}, Block: 3, BlockHash: a[2].Hash, LogIndex: 1, RequestID: 1, AttributesHash: [32]byte{4}}
	if _, err := s.Apply(ctx, a, []Event{e1, e2, key}, nil); err != nil {
		t.Fatal(err)
	}
	ans := answer.Fulfil([32]byte{5}, []byte("cid"))
	tx1, tx2 := signed(t, 0), signed(t, 1)
	if err := s.RecordTx(ctx, []Entry{{e1.Key, 1, ans}, {e2.Key, 1, ans}}, tx1); err != nil {
		t.Fatal(err)
	}
	// A fee bump of the same batch is a second transaction for the same jobs.
	if err := s.RecordTx(ctx, []Entry{{e1.Key, 1, ans}, {e2.Key, 1, ans}}, tx2); err != nil {
		t.Fatal(err)
	}
	if err := s.Defer(ctx, Ref{key.Key, 1}, time.Now().Add(time.Hour), errors.New("ipfs down")); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = open(t, path)
	flight, err := s.InFlight(ctx, KindAccess)
	if err != nil || len(flight) != 2 {
		t.Fatalf("in flight after reopen: %d %v", len(flight), err)
	}
	if flight[0].Answer.Hash != ans.Hash || string(flight[0].Answer.Ref) != "cid" {
		t.Fatalf("answer lost: %+v", flight[0].Answer)
	}
	txs, err := s.Transactions(ctx, e1.Key)
	if err != nil || len(txs) != 2 || txs[0].Hash() != tx1.Hash() || txs[1].Hash() != tx2.Hash() {
		t.Fatalf("transactions: %d %v", len(txs), err)
	}
	if due, _ := s.Due(ctx, []Kind{KindKey}, time.Now(), Position{}, 10); len(due) != 0 {
		t.Fatal("a deferred job is due before its time")
	}
	due, _ := s.Due(ctx, []Kind{KindKey}, time.Now().Add(2*time.Hour), Position{}, 10)
	if len(due) != 1 || due[0].Attempts != 1 || due[0].LastError != "ipfs down" {
		t.Fatalf("deferred job: %+v", due)
	}
	stale, err := s.Finish(ctx, []Ref{{e1.Key, 1}, {e2.Key, 7}}, Fulfilled, a[2])
	if err != nil || len(stale) != 1 || stale[0] != e2.Key {
		t.Fatalf("finish: stale %v, %v", stale, err)
	}
	counts, _ := s.Counts(ctx, KindAccess)
	if counts[Done] != 1 || counts[Sent] != 1 {
		t.Fatalf("counts %v", counts)
	}
}

// TestRevivedJobWithTransactionsWaits: a job whose event is reorged out after its answer was
// sent comes back as Sent, so the oracle waits for that transaction before answering again.
func TestRevivedJobWithTransactionsWaits(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 3, common.Hash{}, 0)
	e := access(1, 1, a[2], 0)
	if _, err := s.Apply(ctx, a, []Event{e}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordTx(ctx, []Entry{{e.Key, 1, answer.Reject(answer.GrantNotLive, "")}}, signed(t, 0)); err != nil {
		t.Fatal(err)
	}
	if err := s.Rollback(ctx, a[1]); err != nil {
		t.Fatal(err)
	}
	b := chain(3, 3, a[1].Hash, 2)
	if _, err := s.Apply(ctx, b, []Event{access(1, 1, b[0], 0)}, nil); err != nil {
		t.Fatal(err)
	}
	// The same event came back: the answer it was sent with still fits and is kept.
	j, _, _ := s.Job(ctx, e.Key)
	if j.Status != Sent || !j.Answer.Rejected() {
		t.Fatalf("revived job: %+v", j)
	}
}

func TestDuePaging(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 3, common.Hash{}, 0)
	var evs []Event
	for i := range 5 {
		evs = append(evs, access(uint64(i+1), uint64(i+1), a[i%3], uint(i)))
	}
	if _, err := s.Apply(ctx, a, evs, nil); err != nil {
		t.Fatal(err)
	}
	var got []uint64
	after := Position{}
	for {
		page, err := s.Due(ctx, []Kind{KindAccess}, time.Now(), after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, j := range page {
			got = append(got, j.Key.ID)
		}
		after = PositionOf(page[len(page)-1])
	}
	// Event order: block 1 (ids 1, 4), block 2 (2, 5), block 3 (3).
	want := []uint64{1, 4, 2, 5, 3}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("paged order %v, want %v", got, want)
	}
}

func TestBind(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	if err := s.Bind(ctx, "chain 1337 ledger 0x01"); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, "chain 1337 ledger 0x01"); err != nil {
		t.Fatal(err)
	}
	if err := s.Bind(ctx, "chain 1 ledger 0x01"); err == nil {
		t.Fatal("a state database was rebound to another chain")
	}
}

func TestHeadersPruned(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 20, common.Hash{}, 0)
	if _, err := s.Apply(ctx, a, nil, nil); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.HashAt(ctx, 12); ok {
		t.Fatal("header 12 kept beyond KeepHeaders=8")
	}
	if _, ok, _ := s.HashAt(ctx, 13); !ok {
		t.Fatal("header 13 pruned")
	}
}
