package state

import (
	"database/sql"
	"errors"
	"path/filepath"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/oracle/answer"
)

// sent applies blocks with events and records tx carrying an answer for each of them.
func sent(t *testing.T, s *Store, blocks []Block, events []Event, tx *types.Transaction) {
	t.Helper()
	if _, err := s.Apply(ctx, blocks, events, nil); err != nil {
		t.Fatal(err)
	}
	var entries []Entry
	for _, e := range events {
		j, _, _ := s.Job(ctx, e.Key)
		entries = append(entries, Entry{Key: e.Key, Gen: j.Gen, Answer: answer.Fulfil([32]byte{byte(e.Key.ID)}, []byte("ref"))})
	}
	if err := s.RecordTx(ctx, entries, tx); err != nil {
		t.Fatal(err)
	}
}

func standing(t *testing.T, s *Store, h common.Hash) Standing {
	t.Helper()
	st, err := s.TxStanding(ctx, h)
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func job(t *testing.T, s *Store, k Key) Job {
	t.Helper()
	j, ok, err := s.Job(ctx, k)
	if err != nil || !ok {
		t.Fatalf("job %s: %v %v", k, ok, err)
	}
	return j
}

// A transaction sent for events a reorg removes is held until the follower sees the new branch:
// the same events back (same requests) make it live again with its answers; an access id that
// now belongs to another request voids it, and the job starts afresh.
func TestReorgHoldsThenRevivesOrVoids(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 4, common.Hash{}, 0)
	e1, e2 := access(1, 10, a[3], 0), access(2, 11, a[3], 1)
	tx := signed(t, 0)
	sent(t, s, a, []Event{e1, e2}, tx)
	if st := standing(t, s, tx.Hash()); st != Live {
		t.Fatalf("after sending: %v", st)
	}
	if err := s.Rollback(ctx, a[2]); err != nil {
		t.Fatal(err)
	}
	if st := standing(t, s, tx.Hash()); st != Held {
		t.Fatalf("after the rollback: %v", st)
	}
	// The new branch has access 1 for the same request, and access 2 for another one.
	b := chain(4, 5, a[2].Hash, 1)
	e1b, e2b := access(1, 10, b[0], 0), access(2, 12, b[0], 1)
	if _, err := s.Apply(ctx, b, []Event{e1b, e2b}, nil); err != nil {
		t.Fatal(err)
	}
	j1, j2 := job(t, s, e1.Key), job(t, s, e2.Key)
	if j1.Status != Sent || j1.Answer.Hash != ([32]byte{1}) {
		t.Fatalf("access 1, back the same: %+v", j1)
	}
	if j2.Status != Pending || j2.RequestID != 12 || j2.Answer.Hash != ([32]byte{}) {
		t.Fatalf("access 2, now another request's: %+v", j2)
	}
	if st := standing(t, s, tx.Hash()); st != Void {
		t.Fatalf("a transaction carrying access 2's old answer: %v", st)
	}
	if txs, _ := s.Transactions(ctx, e2.Key); len(txs) != 0 {
		t.Fatal("access 2 still waits for its void transaction")
	}
	if err := s.RecordVersion(ctx, tx.Hash(), signed(t, 0)); !errors.Is(err, ErrStale) {
		t.Fatalf("a new version of a void transaction: %v", err)
	}
	w, err := s.Withdrawable(ctx)
	if err != nil || len(w) != 1 || w[0][0].Hash() != tx.Hash() {
		t.Fatalf("withdrawable: %v %v", w, err)
	}
	// Once its nonce is taken by a cancellation nothing waits for it.
	if err := s.Dead(ctx, []common.Hash{tx.Hash()}); err != nil {
		t.Fatal(err)
	}
	if w, _ := s.Withdrawable(ctx); len(w) != 0 {
		t.Fatalf("withdrawable after the cancellation: %d", len(w))
	}
	if txs, _ := s.Transactions(ctx, e1.Key); len(txs) != 0 {
		t.Fatal("access 1 waits for a dead transaction")
	}
}

// A Removed job whose old block the follower applies again without its event has vanished: its
// transactions may never be mined.
func TestVanishedEventVoidsItsTransactions(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 4, common.Hash{}, 0)
	e := access(1, 10, a[3], 0)
	tx := signed(t, 0)
	sent(t, s, a, []Event{e}, tx)
	if err := s.Rollback(ctx, a[2]); err != nil {
		t.Fatal(err)
	}
	b := chain(4, 5, a[2].Hash, 1)
	if _, err := s.Apply(ctx, b, nil, nil); err != nil {
		t.Fatal(err)
	}
	if j := job(t, s, e.Key); j.Status != Removed {
		t.Fatalf("vanished job: %v", j.Status)
	}
	if st := standing(t, s, tx.Hash()); st != Void {
		t.Fatalf("its transaction: %v", st)
	}
}

// An answer is final once the follower applies its block with the same hash; a reorg that
// removes it reopens the job (even after it was Done), and so does an applied block with another
// hash at its height.
func TestFinalityAndReopening(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 3, common.Hash{}, 0)
	e := access(1, 10, a[1], 0)
	tx := signed(t, 0)
	sent(t, s, a, []Event{e}, tx)
	// Mined in block 5, which the follower has not applied yet.
	c := chain(4, 6, a[2].Hash, 0)
	done, err := s.Mined(ctx, tx.Hash(), c[1], func(Job) Outcome { return Fulfilled })
	if err != nil || len(done) != 1 {
		t.Fatalf("mined: %v %v", done, err)
	}
	if j := job(t, s, e.Key); j.Status != Done || j.Final || j.DoneBlock != 5 {
		t.Fatalf("mined, not yet final: %+v", j)
	}
	if f, _ := s.TxFinal(ctx, tx.Hash()); f {
		t.Fatal("final before the follower applied its block")
	}
	n, err := s.Apply(ctx, c, nil, nil)
	if err != nil || n != 1 {
		t.Fatalf("apply: settled %d, %v", n, err)
	}
	if j := job(t, s, e.Key); !j.Final {
		t.Fatal("not final after the follower applied its block")
	}
	if f, _ := s.TxFinal(ctx, tx.Hash()); !f {
		t.Fatal("transaction not final")
	}
	// A reorg deeper than the follower's depth removes the answer: the job waits for its
	// transaction again, which is no longer known to be mined.
	if err := s.Rollback(ctx, c[0]); err != nil {
		t.Fatal(err)
	}
	if j := job(t, s, e.Key); j.Status != Sent || j.Final || j.DoneBlock != 0 {
		t.Fatalf("after the rollback: %+v", j)
	}
	if f, _ := s.TxFinal(ctx, tx.Hash()); f {
		t.Fatal("still final after the rollback")
	}
	if txs, _ := s.Transactions(ctx, e.Key); len(txs) != 1 {
		t.Fatal("the transaction to wait for is gone")
	}
	// Mined again in the new branch's block 5; the follower then applies another block 5.
	d := chain(5, 6, c[0].Hash, 3)
	if _, err := s.Mined(ctx, tx.Hash(), d[0], func(Job) Outcome { return Fulfilled }); err != nil {
		t.Fatal(err)
	}
	other := chain(5, 6, c[0].Hash, 4)
	if n, err := s.Apply(ctx, other, nil, nil); err != nil || n != 1 {
		t.Fatalf("apply another block 5: settled %d, %v", n, err)
	}
	if j := job(t, s, e.Key); j.Status != Sent || j.Final {
		t.Fatalf("answer seen in a block the follower did not apply: %+v", j)
	}
}

// Mined marks only the jobs whose answer still fits: a job whose event changed since is left
// alone (the answer landed for another request).
func TestMinedSkipsVoidAndRemovedJobs(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 4, common.Hash{}, 0)
	e1, e2 := access(1, 10, a[3], 0), access(2, 11, a[3], 1)
	tx := signed(t, 0)
	sent(t, s, a, []Event{e1, e2}, tx)
	if err := s.Rollback(ctx, a[2]); err != nil {
		t.Fatal(err)
	}
	b := chain(4, 5, a[2].Hash, 1)
	if _, err := s.Apply(ctx, b, []Event{access(1, 10, b[0], 0), access(2, 12, b[0], 1)}, nil); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.JobsOf(ctx, tx.Hash())
	if err != nil || len(jobs) != 2 || jobs[0].Void || !jobs[1].Void {
		t.Fatalf("jobs of the transaction: %+v %v", jobs, err)
	}
	done, err := s.Mined(ctx, tx.Hash(), b[1], func(Job) Outcome { return Fulfilled })
	if err != nil || len(done) != 1 || done[0] != e1.Key {
		t.Fatalf("mined: %v %v", done, err)
	}
	if j := job(t, s, e2.Key); j.Status != Pending {
		t.Fatalf("access 2: %v", j.Status)
	}
}

// A database written by the previous schema is upgraded in place and keeps its jobs.
func TestUpgradeFromSchema1(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range schema1 {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Exec(`INSERT INTO meta (key, value) VALUES ('schema', '1')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO jobs (kind, id, gen, block, block_hash, block_time, log_index, tx_hash, request_id, requester, patient,
		record_id, version, attributes_hash, status, seen_at) VALUES (1, 7, 1, 3, x'01', 0, 0, x'02', 9, x'03', x'04', x'05', 1, x'06', 0, 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	s := open(t, path)
	j, ok, err := s.Job(ctx, Key{KindAccess, 7})
	if err != nil || !ok || j.RequestID != 9 || j.Final {
		t.Fatalf("job after the upgrade: %+v %v %v", j, ok, err)
	}
	if err := s.RecordCancel(ctx, signed(t, 0)); err != nil {
		t.Fatal(err)
	}
}

// An answer the node lost after it was seen mined (a node restarted from older state) is found
// by its nonce and reopened, so it is sent again.
func TestUnminedReopensAnswers(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 3, common.Hash{}, 0)
	e := access(1, 10, a[1], 0)
	tx := signed(t, 4)
	sent(t, s, a, []Event{e}, tx)
	if _, err := s.Mined(ctx, tx.Hash(), a[2], func(Job) Outcome { return Fulfilled }); err != nil {
		t.Fatal(err)
	}
	if j := job(t, s, e.Key); j.Status != Done || !j.Final {
		t.Fatalf("mined in an applied block: %+v", j)
	}
	if m, _ := s.MinedFrom(ctx, 5); len(m) != 0 {
		t.Fatalf("mined from 5: %v", m)
	}
	m, err := s.MinedFrom(ctx, 4)
	if err != nil || len(m) != 1 || m[0] != tx.Hash() {
		t.Fatalf("mined from 4: %v %v", m, err)
	}
	n, err := s.Unmined(ctx, tx.Hash())
	if err != nil || n != 1 {
		t.Fatalf("unmined: %d %v", n, err)
	}
	if j := job(t, s, e.Key); j.Status != Sent || j.Final {
		t.Fatalf("after the loss: %+v", j)
	}
	if txs, _ := s.Transactions(ctx, e.Key); len(txs) != 1 || txs[0].Hash() != tx.Hash() {
		t.Fatal("nothing to send again")
	}
}

// An erased record's accesses are forgotten when the follower applies the erasure: the fragments
// their commits kept for the reveals go, a reveal not yet mined is Done (Erased) and its
// transaction withdrawn, and a commit recorded later for the record keeps no fragment. Another
// record's answers stay.
func TestErasureForgetsTheRecordsAnswers(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "state.db"))
	a := chain(1, 6, common.Hash{}, 0)
	erased, kept := access(1, 10, a[0], 0), access(2, 11, a[0], 1)
	kept.RecordID = [32]byte{8}
	if _, err := s.Apply(ctx, a[:2], []Event{erased, kept}, nil); err != nil {
		t.Fatal(err)
	}
	fragment, proof := make([]byte, answer.FragmentSize), make([]byte, answer.ProofSize)
	fragment[0], proof[0] = 0x02, 0x55
	commit := answer.Commit([32]byte{1}, fragment, proof)
	if err := s.RecordTx(ctx, []Entry{{erased.Key, 1, commit}, {kept.Key, 1, commit}}, signed(t, 0)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Finish(ctx, []Ref{{erased.Key, 1}, {kept.Key, 1}}, Fulfilled, a[1]); err != nil {
		t.Fatal(err)
	}
	reveal := func(id uint64) Event {
		return Event{Key: Key{KindAccess + KindReveal, id}, Block: a[2].Number, BlockHash: a[2].Hash, BlockTime: a[2].Time, LogIndex: uint(id),
			RequestID: id + 9, Requester: common.Address{0xaa}}
	}
	r1, r2 := reveal(1), reveal(2)
	if _, err := s.Apply(ctx, a[2:3], []Event{r1, r2}, nil); err != nil {
		t.Fatal(err)
	}
	inFlight := signed(t, 1)
	if err := s.RecordTx(ctx, []Entry{{r1.Key, 1, answer.Reveal(fragment, proof)}}, inFlight); err != nil {
		t.Fatal(err)
	}
	if _, _, ok := job(t, s, erased.Key).Answer.Fragment(); !ok {
		t.Fatal("the commit kept no fragment before the erasure")
	}

	settled, err := s.Apply(ctx, a[3:4], nil, nil, Erasure{RecordID: erased.RecordID, Block: a[3].Number, BlockHash: a[3].Hash})
	if err != nil {
		t.Fatal(err)
	}
	if settled == 0 {
		t.Error("dropping a reveal settled nothing: the dispatcher would not look for the withdrawal")
	}
	if _, _, ok := job(t, s, erased.Key).Answer.Fragment(); ok {
		t.Error("the erased record's commit still keeps its fragment")
	}
	if j := job(t, s, r1.Key); j.Status != Done || j.Outcome != Erased || len(j.Answer.Ref) != 0 {
		t.Errorf("reveal of the erased record: %+v", j)
	}
	if st := standing(t, s, inFlight.Hash()); st != Void {
		t.Errorf("the reveal in flight is %s, want void", st)
	}
	if w, err := s.Withdrawable(ctx); err != nil || len(w) != 1 || w[0][0].Hash() != inFlight.Hash() {
		t.Errorf("withdrawable: %v %v", w, err)
	}
	if _, _, ok := job(t, s, kept.Key).Answer.Fragment(); !ok {
		t.Error("another record's commit lost its fragment")
	}
	if j := job(t, s, r2.Key); j.Status != Pending {
		t.Errorf("another record's reveal: %+v", j)
	}
	if ok, err := s.Erased(ctx, erased.RecordID); !ok || err != nil {
		t.Errorf("erased: %v %v", ok, err)
	}
	if ok, _ := s.Erased(ctx, kept.RecordID); ok {
		t.Error("the other record is listed as erased")
	}

	// A commit for the record recorded after the erasure (computed before it was seen) keeps
	// nothing either.
	late := access(3, 12, a[4], 0)
	if _, err := s.Apply(ctx, a[4:5], []Event{late}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordTx(ctx, []Entry{{late.Key, 1, commit}}, signed(t, 2)); err != nil {
		t.Fatal(err)
	}
	if j := job(t, s, late.Key); j.Status != Sent || j.Answer.Hash != commit.Hash || len(j.Answer.Ref) != 0 {
		t.Errorf("late commit: %+v", j)
	}

	// A reorg below the erasure unlists it.
	if err := s.Rollback(ctx, a[2]); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.Erased(ctx, erased.RecordID); ok {
		t.Error("a rolled-back erasure is still listed")
	}
}
