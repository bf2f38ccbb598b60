package service

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/answer"
	"github.com/emrchain/emrchain/oracle/chain"
	"github.com/emrchain/emrchain/oracle/gates"
	"github.com/emrchain/emrchain/oracle/keys"
	"github.com/emrchain/emrchain/oracle/state"
	"github.com/emrchain/emrchain/oracle/txmgr"
)

// pending is a worker's answer on its way to a transaction.
type pending struct {
	job    state.Job
	answer answer.Answer
}

// poke wakes the dispatcher.
func (s *Service) poke() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// pokeFull asks the dispatcher for a full pass: jobs in flight and withdrawn answers too.
func (s *Service) pokeFull() {
	select {
	case s.rescan <- struct{}{}:
	default:
	}
}

// claim marks a job as being handled by this process, so the dispatcher hands it out once.
func (s *Service) claim(k state.Key) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight[k] {
		return false
	}
	s.inflight[k] = true
	return true
}

func (s *Service) release(ks ...state.Key) {
	s.mu.Lock()
	for _, k := range ks {
		delete(s.inflight, k)
	}
	s.mu.Unlock()
}

func (s *Service) backoff(attempts int) time.Duration {
	d := s.cfg.RetryMin << min(attempts, 30)
	if d <= 0 || d > s.cfg.RetryMax {
		d = s.cfg.RetryMax
	}
	return d
}

func (s *Service) jobLog(j state.Job) zerolog.Logger {
	c := s.log.With().Stringer("kind", j.Key.Kind)
	switch {
	case j.Key.Kind == state.KindKey:
		c = c.Uint64("key_request", j.Key.ID)
	case j.Key.Kind.IsFault():
		id, member := state.FaultOf(j.Key.ID)
		c = c.Uint64("access", id).Uint8("member", member)
	default:
		c = c.Uint64("access", j.Key.ID).Uint64("request", j.RequestID)
	}
	return c.Stringer("requester", j.Requester).Uint64("block", j.Block).Logger()
}

// dispatch hands due jobs to the workers and starts waiting for jobs left in flight, whenever
// the follower applies or rolls back something, or the retry tick passes.
//
// A wake-up continues after the last job handed out, so a large backlog costs each pass only a
// page; the tick starts over from the oldest event, which picks up jobs whose backoff has passed
// and jobs revived by a reorg, and looks for jobs left in flight.
func (s *Service) dispatch(ctx context.Context, work chan<- state.Job) {
	defer close(work)
	tick := time.NewTicker(min(s.cfg.RetryMin, s.cfg.PollInterval))
	defer tick.Stop()
	var after state.Position
	full := true
	kinds := s.kinds()
	for {
		if full {
			s.withdrawVoid(ctx)
			after = state.Position{}
			s.resumeInFlight(ctx, kinds)
		}
		after = s.dispatchDue(ctx, kinds, after, work)
		select {
		case <-ctx.Done():
			return
		case <-s.wake:
			full = false
		case <-s.rescan:
			full = true
		case <-tick.C:
			full = true
		}
	}
}

// withdrawVoid replaces with a cancellation every recorded transaction that carries an answer
// a reorg has made wrong (its event changed or vanished), unless a send is already driving that
// nonce (its guard then withdraws it): such a transaction must not be mined, and until its nonce
// is used every later answer waits behind it.
func (s *Service) withdrawVoid(ctx context.Context) {
	groups, err := s.state.Withdrawable(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error().Err(err).Msg("reading withdrawn answers")
		}
		return
	}
	for _, txs := range groups {
		nonce := txs[0].Nonce()
		s.mu.Lock()
		busy := s.withdrawing[nonce] || s.txm.Active(nonce)
		if !busy {
			s.withdrawing[nonce] = true
		}
		s.mu.Unlock()
		if busy {
			continue
		}
		s.sends.Add(1)
		go s.withdraw(s.sendCtx, txs)
	}
}

// withdraw drives one nonce's withdrawn versions to a cancellation.
func (s *Service) withdraw(ctx context.Context, txs []*types.Transaction) {
	defer s.sends.Done()
	nonce := txs[0].Nonce()
	defer func() {
		s.mu.Lock()
		delete(s.withdrawing, nonce)
		s.mu.Unlock()
	}()
	log := s.log.With().Uint64("nonce", nonce).Stringer("tx", txs[0].Hash()).Logger()
	invalid := func(context.Context, bool) (txmgr.Validity, error) { return txmgr.Invalid, nil }
	rcpt, err := s.txm.Resume(ctx, txs, s.journal(txs[0].Hash(), nil), invalid)
	hashes := make([]common.Hash, len(txs))
	for i, tx := range txs {
		hashes[i] = tx.Hash()
	}
	switch {
	case ctx.Err() != nil:
		return
	case errors.Is(err, txmgr.ErrCancelled) || errors.Is(err, txmgr.ErrNonceConsumed):
		log.Info().Err(err).Msg("withdrawn answer will not be mined")
		if err := s.state.Dead(context.Background(), hashes); err != nil {
			log.Error().Err(err).Msg("recording a withdrawn answer as dead")
		}
	case rcpt != nil:
		// Mined before the cancellation could replace it: record where, so nothing waits for it.
		s.landedStale(ctx, rcpt)
	default:
		log.Warn().Err(err).Msg("withdrawing an answer failed; trying again")
	}
}

// landedStale records a transaction mined although a reorg had made an answer it carries wrong.
func (s *Service) landedStale(ctx context.Context, rcpt *types.Receipt) {
	at := state.Block{Number: rcpt.BlockNumber.Uint64(), Hash: rcpt.BlockHash}
	jobs, _ := s.state.JobsOf(ctx, rcpt.TxHash)
	done, err := s.state.Mined(context.Background(), rcpt.TxHash, at, func(j state.Job) state.Outcome {
		o, err := s.onChainOutcome(ctx, j)
		if err != nil {
			return 0
		}
		return o
	})
	if err != nil {
		s.log.Error().Err(err).Msg("recording a mined answer failed")
	}
	for _, j := range jobs {
		if j.Void {
			s.metrics.staleLanded.Inc()
			jl := s.jobLog(j.Job)
			jl.Error().Stringer("tx", rcpt.TxHash).Uint64("answer_block", at.Number).
				Msg("an answer computed before a reorg was mined for an access whose request has changed; " +
					"its requester cannot open it, and the contract accepted it because answers are not bound to the request")
		}
	}
	if len(done) > 0 {
		s.log.Info().Int("jobs", len(done)).Stringer("tx", rcpt.TxHash).Msg("the still-valid answers of a withdrawn transaction were mined")
	}
}

// journal records a send's transactions: the first version with the jobs' answers (failing with
// state.ErrStale if a job changed since it was read), later versions linked like the first, and
// cancellations apart.
func (s *Service) journal(first common.Hash, entries []state.Entry) *answerJournal {
	return &answerJournal{s: s, first: first, entries: entries}
}

type answerJournal struct {
	s        *Service
	entries  []state.Entry
	mu       sync.Mutex
	first    common.Hash
	recorded bool
}

func (j *answerJournal) Record(ctx context.Context, tx *types.Transaction) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.first == (common.Hash{}) {
		if err := j.s.state.RecordTx(ctx, j.entries, tx); err != nil {
			return err
		}
		j.first, j.recorded = tx.Hash(), true
		j.s.hook.at(PointRecorded)
		return nil
	}
	return j.s.state.RecordVersion(ctx, j.first, tx)
}

func (j *answerJournal) RecordCancel(ctx context.Context, tx *types.Transaction) error {
	return j.s.state.RecordCancel(ctx, tx)
}

// guard tells the transaction manager whether the transaction j recorded may still be mined.
// Before anything is published again it also makes sure the follower's view is the node's: a
// receipt that vanished or a transaction the node lost may be a reorg the follower has not
// applied yet, and an answer must not be rebroadcast for events that reorg may have replaced.
func (j *answerJournal) guard(ctx context.Context, publishing bool) (txmgr.Validity, error) {
	j.mu.Lock()
	first := j.first
	j.mu.Unlock()
	if first == (common.Hash{}) {
		return txmgr.Valid, nil // nothing recorded yet: the record itself checks the jobs
	}
	st, err := j.s.state.TxStanding(ctx, first)
	switch {
	case err != nil:
		return txmgr.Hold, err
	case st == state.Void:
		return txmgr.Invalid, nil
	case st == state.Held:
		return txmgr.Hold, nil
	}
	if publishing {
		if ok, err := j.s.eventsCanonical(ctx, first); err != nil || !ok {
			return txmgr.Hold, err
		}
	}
	return txmgr.Valid, nil
}

// eventsCanonical reports whether the events the transaction hash answers are still in the
// node's chain, in the blocks the follower applied them from. When they are not, the follower
// has a reorg to apply before anything may be published for them.
func (s *Service) eventsCanonical(ctx context.Context, hash common.Hash) (bool, error) {
	if s.poller == nil {
		return true, nil
	}
	jobs, err := s.state.JobsOf(ctx, hash)
	if err != nil {
		return false, err
	}
	blocks := map[uint64]common.Hash{}
	for _, j := range jobs {
		blocks[j.Block] = j.BlockHash
	}
	for n, h := range blocks {
		ok, err := s.poller.Canonical(ctx, logpoller.Header{Number: n, Hash: h})
		if err != nil {
			return false, err
		}
		if !ok {
			s.pokeFull()
			return false, nil
		}
	}
	return true, nil
}

func (j *answerJournal) wasRecorded() bool {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.recorded
}

// resumeInFlight starts waiting for the recorded transactions of Sent jobs nobody waits for:
// after a restart, or for a job whose event came back after a reorg.
func (s *Service) resumeInFlight(ctx context.Context, kinds []state.Kind) {
	flight, err := s.state.InFlight(ctx, kinds...)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error().Err(err).Msg("reading jobs in flight")
		}
		return
	}
	groups := map[common.Hash][]state.Job{}
	var order []common.Hash
	for _, j := range flight {
		if !s.claim(j.Key) {
			continue
		}
		txs, err := s.state.Transactions(ctx, j.Key)
		if err != nil || len(txs) == 0 {
			s.log.Error().Err(err).Stringer("job", j.Key).Msg("job in flight without a recorded transaction; re-checking it")
			s.deferJobs([]state.Job{j}, func(state.Job) time.Duration { return 0 }, err)
			s.release(j.Key)
			continue
		}
		h := txs[len(txs)-1].Hash()
		if groups[h] == nil {
			order = append(order, h)
		}
		groups[h] = append(groups[h], j)
	}
	for _, h := range order {
		s.sends.Add(1)
		go s.resume(s.sendCtx, groups[h])
	}
}

// dispatchDue hands out due jobs after position after, page by page, until a page yields
// nothing new, and returns the position reached. Jobs this process holds stay Pending until
// their answer is recorded; they are skipped.
func (s *Service) dispatchDue(ctx context.Context, kinds []state.Kind, after state.Position, work chan<- state.Job) state.Position {
	for {
		due, err := s.state.Due(ctx, kinds, time.Now(), after, 4*s.cfg.Workers)
		if err != nil {
			if ctx.Err() == nil {
				s.log.Error().Err(err).Msg("reading due jobs")
			}
			return after
		}
		if len(due) == 0 {
			return after
		}
		for _, j := range due {
			after = state.PositionOf(j)
			if !s.claim(j.Key) {
				continue
			}
			select {
			case work <- j:
			case <-ctx.Done():
				s.release(j.Key)
				return after
			}
		}
	}
}

// handle works on one job and passes its answer on, or puts it back for later.
func (s *Service) handle(ctx context.Context, j state.Job) {
	log := s.jobLog(j)
	s.hook.at(PointWork)
	start := time.Now()
	ans, err := s.work(ctx, j)
	switch {
	case err == nil:
		log.Debug().Dur("took", time.Since(start)).Bool("rejected", ans.Rejected()).Msg("answer ready")
		s.answers <- pending{job: j, answer: ans}
		return // the sender releases the job
	case ctx.Err() != nil:
	case errors.Is(err, answer.ErrAnswered):
		log.Info().Err(err).Msg("already answered on chain; nothing sent")
		s.finish([]state.Job{j}, state.Elsewhere)
	case errors.Is(err, answer.ErrNotNamed):
		log.Debug().Err(err).Msg("nothing for this node to answer")
		s.finish([]state.Job{j}, state.Elsewhere)
	case errors.Is(err, errErased):
		log.Info().Err(err).Msg("record erased: this node's answer is forgotten, never revealed")
		s.finish([]state.Job{j}, state.Erased)
	case errors.Is(err, gates.ErrValid):
		log.Debug().Err(err).Msg("checked")
		s.finish([]state.Job{j}, state.Elsewhere)
	case errors.Is(err, gates.ErrUnreportable):
		log.Warn().Err(err).Msg("a member revealed something that is not a point; requesters skip it, and no statement can report it")
		s.finish([]state.Job{j}, state.Elsewhere)
	case errors.Is(err, answer.ErrNotYet):
		log.Debug().Err(err).Msg("waiting")
		s.deferJobs([]state.Job{j}, func(state.Job) time.Duration { return s.cfg.RetryMin }, err)
	case errors.Is(err, answer.ErrStale):
		log.Info().Err(err).Msg("request not on chain as its event said; waiting for the follower to settle it")
		s.deferJobs([]state.Job{j}, func(state.Job) time.Duration { return s.cfg.RetryMin }, err)
	case errors.Is(err, answer.ErrMissingObject) && j.Attempts+1 >= s.cfg.MissingObjectAttempts:
		log.Warn().Err(err).Int("attempts", j.Attempts+1).Msg("object still missing from IPFS; rejecting")
		s.answers <- pending{job: j, answer: answer.Reject(answer.MissingObject, err.Error())}
		return
	default:
		s.metrics.transient.WithLabelValues(j.Key.Kind.String()).Inc()
		d := s.backoff(j.Attempts)
		log.Warn().Err(err).Int("attempt", j.Attempts+1).Dur("retry_in", d).Msg("transient failure; will retry")
		s.deferJobs([]state.Job{j}, func(state.Job) time.Duration { return d }, err)
	}
	s.release(j.Key)
}

// work runs a job's handler. Key issuance reads one pinned block, so the attribute list it
// checks is the one it issues for; the committee gates read the latest state, since every fact
// they rely on is re-checked by the contract when the answer is estimated and mined.
func (s *Service) work(ctx context.Context, j state.Job) (answer.Answer, error) {
	k := j.Key.Kind
	switch {
	case k == state.KindKey:
		r, err := s.reader.Pinned(ctx)
		if err != nil {
			return answer.Answer{}, err
		}
		return s.issuer.Handle(ctx, r, keys.Request{RequestID: j.Key.ID, Requester: j.Requester, AttributesHash: j.AttributesHash})
	case k.IsCommit():
		return s.gates.Commit(ctx, gates.Request{Gate: gates.Gate(k), AccessID: j.Key.ID, RequestID: j.RequestID, Requester: j.Requester,
			First: j.Attempts == 0 && j.Gen == 1})
	case k.IsReveal():
		return s.reveal(ctx, j)
	case k.IsFault():
		id, member := state.FaultOf(j.Key.ID)
		rv := s.takeReveal(j.Key)
		if rv == nil {
			var err error
			if rv, err = s.gates.FindReveal(ctx, gates.Gate(k.Gate()), id, member); err != nil {
				return answer.Answer{}, err
			}
		}
		if crypto.Keccak256Hash(rv.Fragment, rv.Proof) != j.AttributesHash {
			return answer.Answer{}, fmt.Errorf("%w: member %d's reveal on chain is not the one the event carried", answer.ErrStale, member)
		}
		a, err := s.gates.Check(ctx, rv)
		if err != nil || a.Member == 0 {
			return a, err
		}
		// Every member sees a wrong reveal; one report is enough, and the others would pay for
		// a refused one. Members take turns by index: the k-th other member reports only if
		// the fault is still unrecorded k turns after the reveal was applied (Check reads the
		// fault mask first).
		rank := time.Duration(a.Member - 1)
		if member < a.Member {
			rank--
		}
		if wait := rank*s.faultTurn() - time.Since(j.SeenAt); wait > 0 {
			return answer.Answer{}, fmt.Errorf("%w: another member's turn to report member %d for %s", answer.ErrNotYet, member, wait.Round(time.Millisecond))
		}
		return a, nil
	}
	return answer.Answer{}, fmt.Errorf("no handler for %s", k)
}

// maxKeptReveals bounds the reveals kept for their checks; past it the memory starts afresh and
// the older ones are looked up on chain.
const maxKeptReveals = 1 << 16

// keepReveal keeps another member's reveal as the follower decoded it.
func (s *Service) keepReveal(k state.Key, node common.Address, fragment, proof []byte) {
	id, member := state.FaultOf(k.ID)
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.reveals) >= maxKeptReveals {
		s.reveals = map[state.Key]*gates.Reveal{}
	}
	s.reveals[k] = &gates.Reveal{Gate: gates.Gate(k.Kind.Gate()), AccessID: id, Member: member, Node: node,
		Fragment: slices.Clone(fragment), Proof: slices.Clone(proof)}
}

// takeReveal returns a kept reveal; nil if none. The caller checks it against the job's event (a
// reorg may have replaced it).
func (s *Service) takeReveal(k state.Key) *gates.Reveal {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reveals[k]
}

// faultTurn is how long each member leaves the one before it to report a wrong reveal: a few
// polls, time for a report to land and be seen.
func (s *Service) faultTurn() time.Duration {
	return 4 * max(s.cfg.PollInterval, s.cfg.ReceiptPollInterval)
}

// errErased means the access's record is erased: the node reveals nothing of it.
var errErased = errors.New("record erased")

// checkNotErased refuses a reveal for an erased record: errErased once the follower applied the
// erasure (the state forgot the answer then), answer.ErrNotYet while the erasure is at the head
// but not yet final, so that a reorg that undoes it lets the reveal go ahead.
func (s *Service) checkNotErased(ctx context.Context, recordID [32]byte) error {
	if recordID == ([32]byte{}) {
		return nil // the index's tokens name no record
	}
	erased, err := s.state.Erased(ctx, recordID)
	if err != nil {
		return err
	}
	if erased {
		return fmt.Errorf("%w: record %x", errErased, recordID)
	}
	rec, err := s.reader.Record(ctx, recordID)
	if err != nil {
		return err
	}
	if rec.Status == chain.RecordErased {
		return fmt.Errorf("%w: record %x is erased at the head, not yet at the confirmation depth", answer.ErrNotYet, recordID)
	}
	return nil
}

// forgetRecords drops what the node keeps of erased records outside its state database: the
// grants its handler keeps in memory and their re-key bundles in its store.
func (s *Service) forgetRecords(ctx context.Context, recordIDs [][32]byte) {
	if s.gates == nil {
		return
	}
	for _, id := range recordIDs {
		n, err := s.gates.Forget(context.WithoutCancel(ctx), id)
		if err != nil {
			s.log.Warn().Err(err).Hex("record", id[:]).Msg("forgetting an erased record's grants")
		}
		if n > 0 {
			s.log.Info().Int("grants", n).Hex("record", id[:]).Msg("erased record's grants dropped from memory and store")
		}
	}
}

// reveal reveals the fragment this node committed to for a fulfilled access, once that commit
// is final: before, a reorg could drop the commit while the fragment, key material, stays
// public in the reveal's calldata.
func (s *Service) reveal(ctx context.Context, j state.Job) (answer.Answer, error) {
	g := gates.Gate(j.Key.Kind.Gate())
	t, err := s.gates.Terms(ctx, g, j.Key.ID)
	if err != nil {
		return answer.Answer{}, err
	}
	if t.Member == 0 {
		return answer.Answer{}, fmt.Errorf("%w: not a member of committee %d", answer.ErrNotNamed, t.Committee)
	}
	st, err := s.gates.State(ctx, g, j.Key.ID)
	if err != nil {
		return answer.Answer{}, err
	}
	b := uint16(1) << (t.Member - 1)
	switch {
	case st.RevealMask&b != 0:
		return answer.Answer{}, fmt.Errorf("%w: revealed", answer.ErrAnswered)
	case st.Status != chain.AnswerFulfilled:
		return answer.Answer{}, fmt.Errorf("%w: %s access %d is not fulfilled on chain (status %d)", answer.ErrStale, g, j.Key.ID, st.Status)
	}
	commit, ok, err := s.state.Job(ctx, state.Key{Kind: j.Key.Kind.Gate(), ID: j.Key.ID})
	if err != nil {
		return answer.Answer{}, err
	}
	if st.CommitMask&b == 0 {
		if ok && commit.Status == state.Done && commit.Final {
			return answer.Answer{}, fmt.Errorf("%w: this node did not commit", answer.ErrNotNamed)
		}
		return answer.Answer{}, fmt.Errorf("%w: this node's commit is not on chain yet", answer.ErrNotYet)
	}
	if !ok || commit.Status != state.Done || !commit.Final {
		return answer.Answer{}, fmt.Errorf("%w: this node's commit is not final yet", answer.ErrNotYet)
	}
	if err := s.checkNotErased(ctx, commit.RecordID); err != nil {
		return answer.Answer{}, err
	}
	frag, proof, ok := commit.Answer.Fragment()
	if !ok {
		// Committed before this state knew of it (its database was lost): the fragment is a
		// function of the request, so compute it again and check it against the commit.
		a, err := s.gates.Commit(ctx, gates.Request{Gate: g, AccessID: j.Key.ID, RequestID: t.RequestID, Requester: t.Requester})
		if !errors.Is(err, answer.ErrAnswered) && err != nil {
			return answer.Answer{}, err
		}
		if frag, proof, ok = a.Fragment(); !ok {
			return answer.Answer{}, fmt.Errorf("%w: this node's committed fragment is no longer known", answer.ErrNotNamed)
		}
	}
	a := answer.Reveal(frag, proof)
	a.Member = t.Member
	return a, nil
}

// batch groups commits and reveals of one gate into commitMany and revealMany transactions of up
// to MaxBatch, waiting at most BatchWait for company; declines, fault reports and keys go alone.
func (s *Service) batch() {
	acc := map[state.Kind][]pending{}
	var timer *time.Timer
	var fire <-chan time.Time
	flush := func() {
		if timer != nil {
			timer.Stop()
		}
		fire = nil
		for k, b := range acc {
			s.send(b)
			delete(acc, k)
		}
	}
	for {
		select {
		case p, ok := <-s.answers:
			if !ok {
				flush()
				return
			}
			k := p.job.Key.Kind
			if !(k.IsCommit() || k.IsReveal()) || p.answer.Rejected() || s.cfg.MaxBatch == 1 {
				s.send([]pending{p})
				continue
			}
			acc[k] = append(acc[k], p)
			if len(acc[k]) >= s.cfg.MaxBatch {
				s.send(acc[k])
				delete(acc, k)
			} else if fire == nil {
				timer = time.NewTimer(s.cfg.BatchWait)
				fire = timer.C
			}
		case <-fire:
			flush()
		}
	}
}

// send starts a transaction for a batch, waiting while MaxInFlight are outstanding.
func (s *Service) send(batch []pending) {
	s.sem <- struct{}{}
	s.sends.Add(1)
	go func() {
		defer func() { <-s.sem; s.sends.Done() }()
		s.sendBatch(s.sendCtx, batch)
	}()
}

func (s *Service) sendBatch(ctx context.Context, batch []pending) {
	jobs := make([]state.Job, len(batch))
	answers := make([]answer.Answer, len(batch))
	entries := make([]state.Entry, len(batch))
	for i, p := range batch {
		jobs[i], answers[i] = p.job, p.answer
		entries[i] = state.Entry{Key: p.job.Key, Gen: p.job.Gen, Answer: p.answer}
	}
	j := s.journal(common.Hash{}, entries)
	s.metrics.batchSize.Observe(float64(len(batch)))
	start := time.Now()
	c := s.candidate(batch)
	if batch[0].job.Key.Kind.IsCommit() {
		// Any commit may turn out to be the fulfilling one, or a decline the rejecting one,
		// and the gate then records the outcome: the estimate, made on the state before the
		// other members' answers land, does not see that.
		c.GasExtra = 60_000 * uint64(len(batch))
	}
	c.Guard = j.guard
	rcpt, err := s.txm.Send(ctx, c, j)
	s.log.Debug().Int("batch", len(batch)).Dur("took", time.Since(start)).AnErr("err", err).Msg("answer transaction settled")
	s.settle(ctx, jobs, answers, rcpt, err, j.wasRecorded())
}

// candidate packs the call that answers batch.
func (s *Service) candidate(batch []pending) txmgr.Candidate {
	first := batch[0]
	k := first.job.Key.Kind
	if k == state.KindKey {
		ki := s.set.Keys
		if first.answer.Rejected() {
			return txmgr.Candidate{To: ki.Address, Data: ki.ABI.PackRejectKey(first.job.Key.ID, uint8(first.answer.Reason))}
		}
		return txmgr.Candidate{To: ki.Address, Data: ki.ABI.PackIssueKey(first.job.Key.ID, first.answer.Hash, first.answer.Ref)}
	}
	to := s.gates.Address(gates.Gate(k.Gate()))
	a := s.set.Access.ABI // every gate shares ThresholdAnswers' functions
	member := func(p pending) uint8 { return p.answer.Member }
	switch {
	case k.IsFault():
		id, m := state.FaultOf(first.job.Key.ID)
		frag, proof, _ := first.answer.Fragment()
		wit, statement, _ := first.answer.FaultParts()
		return txmgr.Candidate{To: to, Data: a.PackReportFault(id, m, frag, proof, wit, statement)}
	case k.IsReveal() && len(batch) == 1:
		frag, proof, _ := first.answer.Fragment()
		return txmgr.Candidate{To: to, Data: a.PackReveal(first.job.Key.ID, member(first), frag, proof)}
	case k.IsReveal():
		rs := make([]bindings.IThresholdAnswersReveal, len(batch))
		for i, p := range batch {
			frag, proof, _ := p.answer.Fragment()
			rs[i] = bindings.IThresholdAnswersReveal{AccessId: p.job.Key.ID, Member: member(p), Fragment: frag, Proof: proof}
		}
		return txmgr.Candidate{To: to, Data: a.PackRevealMany(rs)}
	case first.answer.Rejected():
		return txmgr.Candidate{To: to, Data: a.PackDecline(first.job.Key.ID, first.job.RequestID, first.job.Requester, member(first), uint8(first.answer.Reason))}
	case len(batch) == 1:
		return txmgr.Candidate{To: to, Data: a.PackCommit(first.job.Key.ID, first.job.RequestID, first.job.Requester, member(first), first.answer.Hash)}
	}
	cs := make([]bindings.IThresholdAnswersCommit, len(batch))
	for i, p := range batch {
		cs[i] = bindings.IThresholdAnswersCommit{AccessId: p.job.Key.ID, RequestId: p.job.RequestID, Requester: p.job.Requester, Member: member(p), FragmentHash: p.answer.Hash}
	}
	return txmgr.Candidate{To: to, Data: a.PackCommitMany(cs)}
}

// settle records what became of a transaction for jobs. answers is nil when the transaction was
// resumed after a restart, and the outcome is then read from the chain.
func (s *Service) settle(ctx context.Context, jobs []state.Job, answers []answer.Answer, rcpt *types.Receipt, err error, recorded bool) {
	ks := make([]state.Key, len(jobs))
	for i, j := range jobs {
		ks[i] = j.Key
	}
	log := s.log.With().Int("jobs", len(jobs)).Stringer("first", ks[0]).Logger()
	retry := func(j state.Job) time.Duration { return s.backoff(j.Attempts) }
	switch {
	case err == nil:
		s.hook.at(PointMined)
		s.health.set(&s.health.funds, nil)
		s.health.set(&s.health.oracle, nil)
		s.finishMined(jobs, answers, rcpt)
	case errors.Is(err, contracts.ErrReverted) && rcpt != nil:
		log.Warn().Err(err).Stringer("tx", rcpt.TxHash).Msg("answer mined but reverted; re-checking the requests")
		s.minedReverted(jobs, rcpt)
	case ctx.Err() != nil:
		log.Info().Bool("recorded", recorded).Msg("shutting down with an answer in flight; it is resumed at the next start")
	case errors.Is(err, state.ErrStale):
		log.Info().Err(err).Msg("a request was reorged away before its answer was sent; re-checking the others")
		s.deferJobs(jobs, func(state.Job) time.Duration { return 0 }, err)
	case errors.Is(err, txmgr.ErrInsufficientFunds):
		s.health.set(&s.health.funds, err)
		log.Error().Err(err).Msg("the oracle cannot pay for gas; fund its account, requests wait until then")
		s.deferJobs(jobs, retry, err)
	case errors.Is(err, contracts.Revert("NotOracle")):
		s.health.set(&s.health.oracle, err)
		log.Error().Err(err).Stringer("account", s.keys.Address).Msg("the account is not an active oracle; enrol it")
		s.deferJobs(jobs, retry, err)
	case errors.Is(err, contracts.ErrReverted):
		if rcpt != nil {
			log.Warn().Err(err).Stringer("tx", rcpt.TxHash).Msg("answer mined but reverted; re-checking the requests")
		} else {
			log.Info().Err(err).Msg("the contract refused the answer at estimation (nothing spent); re-checking the requests")
		}
		s.deferJobs(jobs, retry, err)
	case errors.Is(err, txmgr.ErrCancelled):
		log.Warn().Err(err).Msg("answer withdrawn before it was mined: a request it answered changed in a reorg; answering again from the new branch")
		s.abandon(jobs, err)
	case errors.Is(err, txmgr.ErrNonceConsumed):
		log.Warn().Err(err).Msg("the answer's nonce went to another transaction; re-checking the requests")
		s.abandon(jobs, err)
	case recorded:
		s.metrics.transient.WithLabelValues(ks[0].Kind.String()).Inc()
		log.Warn().Err(err).Msg("sending failed after the answer was recorded; waiting for it")
		s.sends.Add(1)
		go s.resume(ctx, jobs)
		return // resume releases the jobs
	default:
		s.metrics.transient.WithLabelValues(ks[0].Kind.String()).Inc()
		log.Warn().Err(err).Msg("sending failed; will retry")
		s.deferJobs(jobs, retry, err)
	}
	s.release(ks...)
}

// resume waits for the recorded transactions of jobs (one batch) and settles them.
func (s *Service) resume(ctx context.Context, jobs []state.Job) {
	defer s.sends.Done()
	log := s.log.With().Int("jobs", len(jobs)).Stringer("first", jobs[0].Key).Logger()
	for attempt := 0; ; attempt++ {
		txs, err := s.state.Transactions(ctx, jobs[0].Key)
		if err == nil && len(txs) == 0 {
			s.settle(ctx, jobs, nil, nil, txmgr.ErrNoTransactions, false)
			return
		}
		if err == nil {
			// Versions of earlier nonces were consumed before the job was sent again.
			last := txs[len(txs)-1].Nonce()
			var same []*types.Transaction
			for _, tx := range txs {
				if tx.Nonce() == last {
					same = append(same, tx)
				}
			}
			log.Info().Uint64("nonce", last).Int("versions", len(same)).Msg("waiting for an answer sent before")
			j := s.journal(same[0].Hash(), nil)
			var rcpt *types.Receipt
			rcpt, err = s.txm.Resume(ctx, same, j, j.guard)
			if err == nil || ctx.Err() != nil || errors.Is(err, txmgr.ErrNonceConsumed) || errors.Is(err, contracts.ErrReverted) ||
				errors.Is(err, txmgr.ErrCancelled) || errors.Is(err, state.ErrStale) || errors.Is(err, txmgr.ErrInsufficientFunds) {
				if errors.Is(err, txmgr.ErrNonceConsumed) || errors.Is(err, txmgr.ErrCancelled) {
					hashes := make([]common.Hash, len(same))
					for i, tx := range same {
						hashes[i] = tx.Hash()
					}
					if derr := s.state.Dead(context.Background(), hashes); derr != nil {
						log.Error().Err(derr).Msg("recording transactions that can no longer be mined")
					}
				}
				s.settle(ctx, jobs, nil, rcpt, err, false)
				return
			}
		}
		s.metrics.transient.WithLabelValues(jobs[0].Key.Kind.String()).Inc()
		d := s.backoff(attempt)
		log.Warn().Err(err).Dur("retry_in", d).Msg("waiting for a recorded answer failed; retrying")
		select {
		case <-ctx.Done():
			s.settle(ctx, jobs, nil, nil, ctx.Err(), false)
			return
		case <-time.After(d):
		}
	}
}

// finishMined marks the jobs a mined and confirmed transaction answered Done. answers is nil
// when the transaction was resumed, and each outcome is then read from the chain. Jobs whose
// event changed or vanished in a reorg since the answer was computed are not marked.
func (s *Service) finishMined(jobs []state.Job, answers []answer.Answer, rcpt *types.Receipt) {
	ctx := context.Background()
	var blockTime uint64
	if h, err := s.client.HeaderByNumber(ctx, rcpt.BlockNumber); err == nil {
		blockTime = h.Time
	}
	given := map[state.Key]answer.Answer{}
	for i, j := range jobs {
		if answers != nil {
			given[j.Key] = answers[i]
		}
	}
	at := state.Block{Number: rcpt.BlockNumber.Uint64(), Hash: rcpt.BlockHash}
	done, err := s.state.Mined(ctx, rcpt.TxHash, at, func(j state.Job) state.Outcome {
		if a, ok := given[j.Key]; ok {
			if a.Rejected() {
				return state.Rejected
			}
			return state.Fulfilled
		}
		o, err := s.onChainOutcome(ctx, j)
		if err != nil {
			return 0
		}
		return o
	})
	if err != nil {
		s.log.Error().Err(err).Msg("recording answered jobs failed; they are re-checked on chain")
	}
	marked := map[state.Key]bool{}
	for _, k := range done {
		marked[k] = true
	}
	var unanswered []state.Job
	for i, j := range jobs {
		log := s.jobLog(j)
		kind := j.Key.Kind.String()
		if !marked[j.Key] {
			cur, ok, _ := s.state.Job(ctx, j.Key)
			switch {
			case ok && cur.Status == state.Removed:
				log.Warn().Stringer("tx", rcpt.TxHash).Msg("answer mined while its request is reorged out; settled when the follower sees it again")
			case ok && cur.Status == state.Done:
			case ok && cur.Gen != j.Gen && (cur.RequestID != j.RequestID || cur.Requester != j.Requester):
				s.metrics.staleLanded.Inc()
				log.Error().Stringer("tx", rcpt.TxHash).Uint64("now_request", cur.RequestID).Stringer("now_requester", cur.Requester).
					Msg("an answer computed before a reorg was mined for an access whose request has changed; " +
						"its requester cannot open it, and the contract accepted it because answers are not bound to the request")
			default:
				unanswered = append(unanswered, j)
			}
			continue
		}
		if answers == nil {
			if cur, ok, _ := s.state.Job(ctx, j.Key); ok {
				s.metrics.answered.WithLabelValues(kind, outcomeLabel(cur.Outcome)).Inc()
			}
			log.Info().Stringer("tx", rcpt.TxHash).Msg("answer sent before is mined")
			continue
		}
		s.metrics.latency.WithLabelValues(kind).Observe(float64(rcpt.BlockNumber.Uint64() - j.Block))
		if blockTime >= j.BlockTime && blockTime > 0 {
			s.metrics.latencySecs.WithLabelValues(kind).Observe(float64(blockTime - j.BlockTime))
		}
		a := answers[i]
		if a.Rejected() {
			s.metrics.answered.WithLabelValues(kind, outcomeLabel(state.Rejected)).Inc()
			s.metrics.rejected.WithLabelValues(kind, a.Reason.String()).Inc()
			log.Info().Stringer("reason", a.Reason).Str("why", a.Why).Stringer("tx", rcpt.TxHash).Msg("rejected")
			continue
		}
		s.metrics.answered.WithLabelValues(kind, outcomeLabel(state.Fulfilled)).Inc()
		msg := "committed"
		switch {
		case j.Key.Kind == state.KindKey:
			msg = "key issued"
		case j.Key.Kind.IsReveal():
			msg = "revealed"
		case j.Key.Kind.IsFault():
			msg = "fault reported"
		}
		log.Info().Stringer("tx", rcpt.TxHash).Uint64("answer_block", rcpt.BlockNumber.Uint64()).Msg(msg)
	}
	if len(unanswered) > 0 {
		s.deferJobs(unanswered, func(state.Job) time.Duration { return 0 }, errors.New("transaction mined but the request is not answered"))
	}
}

// minedReverted records a reverted answer's block, so the nonce is not waited for again, and
// puts its jobs back to be re-checked.
func (s *Service) minedReverted(jobs []state.Job, rcpt *types.Receipt) {
	at := state.Block{Number: rcpt.BlockNumber.Uint64(), Hash: rcpt.BlockHash}
	if _, err := s.state.Mined(context.Background(), rcpt.TxHash, at, func(state.Job) state.Outcome { return 0 }); err != nil {
		s.log.Error().Err(err).Msg("recording a reverted answer failed")
	}
	s.abandon(jobs, contracts.ErrReverted)
}

// abandon puts jobs back to Pending with their transactions given up: the nonce went to another
// transaction, or the answer was withdrawn.
func (s *Service) abandon(jobs []state.Job, cause error) {
	ks := make([]state.Key, len(jobs))
	for i, j := range jobs {
		ks[i] = j.Key
	}
	if err := s.state.Abandon(context.Background(), ks); err != nil {
		s.log.Error().Err(err).Msg("giving up transactions failed")
	}
	s.deferJobs(jobs, func(state.Job) time.Duration { return 0 }, cause)
	s.poke()
}

// onChainOutcome reads whether a job's request is answered; 0 means it is not. A commit job is
// answered once this member committed (Fulfilled), declined (Rejected) or the access was
// rejected (Elsewhere); a reveal once it revealed; a fault check once the member's fault is
// recorded.
func (s *Service) onChainOutcome(ctx context.Context, j state.Job) (state.Outcome, error) {
	k := j.Key.Kind
	if k == state.KindKey {
		kr, err := s.reader.KeyRequest(ctx, j.Key.ID)
		if err != nil {
			return 0, err
		}
		switch kr.Status {
		case chain.KeyIssued:
			return state.Fulfilled, nil
		case chain.KeyRejected:
			return state.Rejected, nil
		}
		return 0, nil
	}
	g := gates.Gate(k.Gate())
	id := j.Key.ID
	var member uint8
	if k.IsFault() {
		id, member = state.FaultOf(j.Key.ID)
	}
	st, err := s.gates.State(ctx, g, id)
	if err != nil {
		return 0, err
	}
	if k.IsFault() {
		if st.FaultMask&(1<<(member-1)) != 0 {
			return state.Fulfilled, nil
		}
		return 0, nil
	}
	t, err := s.gates.Terms(ctx, g, id)
	if err != nil || t.Member == 0 {
		return 0, err
	}
	b := uint16(1) << (t.Member - 1)
	switch {
	case k.IsReveal() && st.RevealMask&b != 0:
		return state.Fulfilled, nil
	case k.IsReveal():
		return 0, nil
	case st.CommitMask&b != 0:
		return state.Fulfilled, nil
	case st.DeclineMask&b != 0:
		return state.Rejected, nil
	case st.Status == chain.AnswerRejected:
		return state.Elsewhere, nil
	}
	return 0, nil
}

// finish marks jobs answered as of the chain's head now (the answer is at or below it), so a
// reorg below that reopens them for a check.
func (s *Service) finish(jobs []state.Job, o state.Outcome) {
	ctx := context.Background()
	head, err := s.client.HeaderByNumber(ctx, nil)
	if err != nil {
		s.log.Warn().Err(err).Msg("reading the head to record an answer seen on chain; re-checking later")
		s.deferJobs(jobs, func(j state.Job) time.Duration { return s.backoff(j.Attempts) }, err)
		return
	}
	refs := make([]state.Ref, len(jobs))
	for i, j := range jobs {
		refs[i] = state.Ref{Key: j.Key, Gen: j.Gen}
		s.metrics.answered.WithLabelValues(j.Key.Kind.String(), outcomeLabel(o)).Inc()
	}
	if _, err := s.state.Finish(ctx, refs, o, state.Block{Number: head.Number.Uint64(), Hash: head.Hash()}); err != nil {
		s.log.Error().Err(err).Msg("recording finished jobs failed; they are re-checked on chain")
	}
}

// deferJobs puts jobs back to Pending after a delay. State writes use their own context so that
// a shutdown does not lose them.
func (s *Service) deferJobs(jobs []state.Job, delay func(state.Job) time.Duration, cause error) {
	now := time.Now()
	for _, j := range jobs {
		if err := s.state.Defer(context.Background(), state.Ref{Key: j.Key, Gen: j.Gen}, now.Add(delay(j)), cause); err != nil {
			s.log.Error().Err(err).Stringer("job", j.Key).Msg("deferring a job failed")
		}
	}
}
