package service_test

import (
	"path/filepath"
	"testing"

	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

// TestBurst sends 1,000 get-access calls at once. The oracle is stopped gracefully while
// answering them and restarted; every request is fulfilled exactly once, in far fewer
// transactions than requests (fulfilMany batches).
func TestBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("1,000 requests")
	}
	const n = 1000
	w := newWorld(t, oracletest.Options{Parties: []string{"patient", "provider", "requester"}})
	patient, provider := setup(t, w, "requester")
	requester := w.Parties["requester"]
	rec := must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, oracletest.GoodCapsule))
	reqs := must[[]uint64](t)(w.GrantMany(ctx, rec, requester, n))

	accs, _, err := w.InvokeMany(ctx, requester, reqs)
	check(t, err)
	statePath := filepath.Join(t.TempDir(), "oracle.db")
	// One answer transaction at a time, so the stop lands while most of the burst is unanswered
	// and the restart has real work to resume.
	cfg := func(c *service.Config) { c.MaxBatch = 100; c.MaxInFlight = 1 }
	o := startOracle(t, w, statePath, cfg)
	// Stop while the burst is being answered: Stop finishes the answers in flight.
	waitFor(t, "the first answers", func() bool {
		a, err := w.Answers(ctx)
		return err == nil && a.Total() > 0
	})
	o.stop(t)
	mid := must[*oracletest.Answers](t)(w.Answers(ctx))
	t.Logf("answered before the stop: %d of %d", mid.Total(), n)
	if mid.Total() == 0 || mid.Total() >= n {
		t.Fatalf("the stop did not land mid-burst (%d of %d answered): the restart would prove nothing", mid.Total(), n)
	}

	startOracle(t, w, statePath, cfg)
	waitAnswered(t, w, accs...)
	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	for _, acc := range accs {
		if answers.Fulfilled[acc] != 1 {
			t.Fatalf("access %d fulfilled %d times", acc, answers.Fulfilled[acc])
		}
	}
	if answers.Total() != n {
		t.Fatalf("%d answers for %d requests", answers.Total(), n)
	}
	largest := 0
	for _, c := range answers.Txs {
		largest = max(largest, c)
	}
	nonce := must[uint64](t)(w.OracleNonce(ctx))
	if int(nonce) != len(answers.Txs) || largest < 2 {
		t.Fatalf("%d transactions sent, %d carried answers, largest batch %d", nonce, len(answers.Txs), largest)
	}
	t.Logf("%d requests answered in %d transactions (largest batch %d)", n, len(answers.Txs), largest)
	// Spot-check that answers decrypt.
	for _, acc := range []uint64{accs[0], accs[n/2], accs[n-1]} {
		if k := must[[32]byte](t)(w.OpenResult(ctx, requester, answers, acc)); k != rec.DataKey {
			t.Fatalf("access %d opened to another key", acc)
		}
	}
}
