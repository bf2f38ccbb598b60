package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/client/pending"
	"github.com/emrchain/emrchain/contracts"
)

// pendingPuts opens the data directory's record puts that have not reached the chain yet.
func (s *session) pendingPuts() (*pending.Dir, error) {
	return pending.Open(filepath.Join(dataDir(s.c), "pending"))
}

// recordSource identifies the open record file for the pending-put journal.
func recordSource(path string, f *os.File) (pending.Source, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return pending.Source{}, fmt.Errorf("record file: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		return pending.Source{}, fmt.Errorf("record file: %w", err)
	}
	return pending.Source{Path: abs, Size: fi.Size(), ModTime: fi.ModTime().UTC()}, nil
}

// putRun is one record put from sealing to the chain. Its entry in the pending-put journal is
// saved before anything is sent and removed once the record is on chain, or once the put has
// failed without sending and its stored objects are removed.
type putRun struct {
	s           *session
	env         *client.Env
	puts        *pending.Dir
	e           *pending.Entry
	d           *client.Draft
	provider    *client.Identity
	providerSig []byte
	approval    *client.Approval
	policy      string
	resumed     bool
}

// newPutRun records a freshly sealed draft in the journal, so that from here on an interrupted
// put is found again. If the entry cannot be saved, the sealed objects are removed.
func newPutRun(s *session, env *client.Env, puts *pending.Dir, d *client.Draft, provider *client.Identity, providerSig []byte, src pending.Source, update bool) (*putRun, error) {
	draft, err := env.EncodeDraft(d, providerSig)
	if err != nil {
		_ = env.Discard(s.ctx, d.Objects()...)
		return nil, err
	}
	src.PlaintextSHA256 = d.Sealed.PlaintextSHA256
	e := &pending.Entry{
		ChainID: env.ChainID.Uint64(), Registry: env.Set.Addresses.Records, Patient: d.Patient, Provider: d.Provider,
		RecordID: d.RecordID, Version: d.Version, Update: update, Source: src, Draft: json.RawMessage(draft),
		RecordCID: d.RecordCID.String(), PlaintextBytes: d.Sealed.PlaintextSize, SealedBytes: d.Sealed.SealedSize,
	}
	for _, c := range d.Objects() {
		e.Objects = append(e.Objects, c.String())
	}
	p := &putRun{s: s, env: env, puts: puts, e: e, d: d, provider: provider, providerSig: providerSig}
	if err := puts.Save(e); err != nil {
		return nil, p.abandon(err)
	}
	return p, nil
}

func (p *putRun) objects() []cid.Cid {
	var out []cid.Cid
	for _, o := range p.e.Objects {
		if c, err := cid.Decode(o); err == nil {
			out = append(out, c)
		}
	}
	return out
}

// abandon ends a put that sent nothing: its objects leave the store and its entry the journal,
// so nothing unreferenced stays behind. It returns err, explained if the user interrupted.
func (p *putRun) abandon(err error) error {
	if derr := p.env.Discard(p.s.ctx, p.objects()...); derr != nil {
		p.s.log.Warn().Err(derr).Msg("could not remove the sealed record from the store; `emrchain store gc` will")
	}
	if rerr := p.puts.Remove(p.e); rerr != nil {
		p.s.log.Warn().Err(rerr).Msg("could not remove the pending put")
	}
	if p.s.ctx.Err() != nil {
		return &interruptedError{err: err, msg: "interrupted before the transaction was sent: nothing was registered, and the sealed record was removed from the store"}
	}
	return err
}

func (p *putRun) fields() []field {
	f := []field{kv("recordId", common.Hash(p.d.RecordID)), kv("version", p.d.Version), kv("patient", p.d.Patient),
		kv("provider", p.d.Provider), kv("contentHash", common.Hash(p.d.Input.ContentHash)), kv("recordCid", p.e.RecordCID),
		kv("plaintextBytes", p.e.PlaintextBytes), kv("sealedBytes", p.e.SealedBytes)}
	if p.policy != "" {
		f = append(f, kv("policy", p.policy))
	}
	if p.d.PatientAuthored() {
		f = append(f, kv("patientAuthored", true))
	}
	if len(p.d.Cosigners) != 0 {
		var gs []string
		for _, c := range p.d.Cosigners {
			gs = append(gs, c.Guardian.Hex())
		}
		f = append(f, kv("cosigners", gs))
	}
	if a := p.approval; a != nil {
		if a.Fields.Category != ([32]byte{}) {
			f = append(f, kv("category", categoryText(a.Fields.Category)))
		}
		if a.Fields.Flags&contracts.FlagNetworkCapsule != 0 {
			f = append(f, kv("networkCapsule", fmt.Sprintf("sealed to committee %d", a.Fields.CommitteeId)))
		}
	}
	if p.resumed {
		f = append(f, kv("resumed", true))
	}
	return f
}

// writeDraft hands the draft to a patient who co-signs elsewhere. The entry stays: the objects
// are wanted until `record submit` puts the draft on chain.
func (p *putRun) writeDraft(path string) error {
	// The journal keeps the draft inside its own JSON, which re-indents it: the file is written,
	// and compared with one written before, in the draft's own layout.
	var draft bytes.Buffer
	if err := json.Indent(&draft, bytes.TrimSpace(p.e.Draft), "", "  "); err != nil {
		return fmt.Errorf("draft: %w", err)
	}
	draft.WriteByte('\n')
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, draft.Bytes()) {
		// A resumed put wrote this draft before.
	} else if err := writeNew(path, draft.Bytes(), 0o644); err != nil {
		// The sealed record stays with its entry: the same put with another --draft-out
		// picks it up without sealing again.
		return fmt.Errorf("%w (the sealed record is kept: run the same put with another --draft-out)", err)
	}
	p.e.DraftOut = path
	if err := p.puts.Save(p.e); err != nil {
		p.s.log.Warn().Err(err).Msg("could not record where the draft was written")
	}
	return p.s.out.emit(append(p.fields(), kv("draft", path),
		kv("next", fmt.Sprintf("the patient (or a co-signing guardian named above) runs `emrchain record approve --as DIR %s --out approval.json`, then anyone runs `emrchain record submit %s --approval approval.json`", path, path)))...)
}

// approve has the patient review and approve here: her client verifies the record, shows the
// policy in words, builds the capsule (and gate object) and signs. The approval is kept in the
// journal, and its objects among the put's, so a resumed put does not verify a large record again
// and an abandoned one removes them.
func (p *putRun) approve(patient *client.Identity) error {
	bar := p.s.progress("verify", "patient verifying", p.e.SealedBytes)
	p.env.ReadProgress = bar.update
	a, rv, err := p.env.Approve(p.s.ctx, patient, p.d, p.s.approveOptions(func(rv *client.Review) error { bar.finish(); return p.s.confirmApproval(rv) }))
	bar.finish()
	p.env.ReadProgress = nil
	if err != nil {
		if isNotApproved(err) {
			return p.abandon(err)
		}
		return p.abandon(fmt.Errorf("patient approval: %w", err))
	}
	p.s.log.Debug().Str("signer", rv.Opened.Signer.Hex()).Msg("patient verified and approved the record")
	b, err := client.EncodeApproval(p.d, a)
	if err != nil {
		_ = p.env.Discard(p.s.ctx, a.Objects...)
		return p.abandon(err)
	}
	p.approval, p.e.Approval = a, b
	for _, c := range a.Objects {
		p.e.Objects = append(p.e.Objects, c.String())
	}
	if err := p.puts.Save(p.e); err != nil {
		return p.abandon(err)
	}
	return nil
}

// submit sends the co-signed draft. The transaction's hash is saved in the journal and printed,
// with the record id, before it is broadcast; an interruption after that says the transaction
// may still be mined and how to check, and leaves everything for a retry to find.
func (p *putRun) submit() error {
	var sent *common.Hash
	defaultSending := p.env.Sending
	p.env.Sending = func(action string, h common.Hash) {
		sent = &h
		p.e.Tx = &h
		if err := p.puts.Save(p.e); err != nil {
			p.s.log.Warn().Err(err).Msg("could not record the transaction in the pending put")
		}
		p.announce("sending "+action, h)
	}
	defer func() { p.env.Sending = defaultSending }()
	tx, err := p.env.SubmitRecord(p.s.ctx, p.provider, p.d, p.providerSig, p.approval)
	if err == nil {
		p.done()
		return p.s.out.emit(append(p.fields(), kv("tx", tx))...)
	}
	var pe *contracts.PendingError
	if sent != nil && errors.As(err, &pe) {
		return p.stillPending(err, pe.Hash)
	}
	// Refused before broadcast, or mined and reverted. The record may be on chain all the same,
	// through an earlier transaction of this put that was mined meanwhile.
	if on, _ := p.registered(); on {
		p.done()
		return p.s.out.emit(append(p.fields(), kv("status", "already registered by an earlier transaction of this put"))...)
	}
	return p.abandon(err)
}

// stillPending explains a transaction sent but not seen mined. The journal keeps the put, so
// running it again finds the record or the transaction instead of sealing a duplicate.
func (p *putRun) stillPending(err error, h common.Hash) error {
	cmd := "put"
	if p.e.Update {
		cmd = "update"
	}
	msg := fmt.Sprintf("transaction %s registering record %s (version %d) was sent and may still be mined.\n"+
		"  check with `emrchain record show --record %s` (or `emrchain tx show %s`);\n"+
		"  running the same `emrchain record %s` again finds the record or waits for the transaction instead of making a duplicate",
		h.Hex(), common.Hash(p.d.RecordID).Hex(), p.d.Version, common.Hash(p.d.RecordID).Hex(), h.Hex(), cmd)
	if p.s.ctx.Err() != nil {
		return &interruptedError{err: err, msg: "interrupted: " + msg}
	}
	return fmt.Errorf("%s: %w", msg, err)
}

// announce tells the user, before waiting, which transaction carries which record.
func (p *putRun) announce(what string, h common.Hash) {
	if p.s.out.json {
		b, _ := json.Marshal(map[string]any{"event": "sending", "action": what, "recordId": common.Hash(p.d.RecordID),
			"version": p.d.Version, "tx": h, "time": time.Now().UTC()})
		fmt.Fprintf(p.s.stderr, "%s\n", b)
		return
	}
	fmt.Fprintf(p.s.stderr, "%s: record %s (version %d), transaction %s; waiting for it to be mined\n",
		what, common.Hash(p.d.RecordID).Hex(), p.d.Version, h.Hex())
}

// done forgets a put whose record is on chain, remembering the sealed record's hash so that
// `store gc` knows it is the one the chain's content hash names without reading it.
func (p *putRun) done() {
	if c, err := cid.Decode(p.e.RecordCID); err == nil {
		rememberHash(p.s, c, p.d.Input.ContentHash)
	}
	if err := p.puts.Remove(p.e); err != nil {
		p.s.log.Warn().Err(err).Msg("could not remove the finished pending put")
	}
}

// registered reports whether the draft's version is on chain (on), or whether another version
// took its place (superseded).
func (p *putRun) registered() (on, superseded bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(p.s.ctx), dialTimeout)
	defer cancel()
	rec, err := p.env.Record(ctx, p.d.RecordID)
	if err != nil {
		return false, false
	}
	switch {
	case rec.Version == p.d.Version && rec.ContentHash == p.d.Input.ContentHash:
		return true, false
	case rec.Version >= p.d.Version:
		return false, true
	}
	return false, false
}

// resumePut looks for an unfinished put of the same file for the same patient and finishes it:
// it reports the record if it reached the chain, waits for a transaction still pending, or
// carries on from the last step done. It returns handled false when there is nothing to resume
// and a fresh put should go ahead.
func resumePut(s *session, env *client.Env, puts *pending.Dir, q pending.Query, f *os.File, provider, patientID *client.Identity, draftOut, policy string) (handled bool, err error) {
	entries, err := puts.Find(q)
	if err != nil || len(entries) == 0 {
		return false, err
	}
	var sum *common.Hash
	for _, e := range entries {
		if sum == nil {
			h, err := hashFile(s, f, e.Source.Size)
			if err != nil {
				return false, err
			}
			sum = &h
		}
		d, providerSig, err := env.DecodeDraft(e.Draft)
		if err != nil || e.Source.PlaintextSHA256 != *sum || d.Provider != provider.Address() {
			// Another content under the same name and time, or a draft this deployment does
			// not accept: not this put's.
			continue
		}
		if c, err := cid.Decode(e.RecordCID); err == nil {
			d.RecordCID = c
		}
		p := &putRun{s: s, env: env, puts: puts, e: e, d: d, provider: provider, providerSig: providerSig, policy: policy, resumed: true}
		fmt.Fprintf(s.stderr, "found an unfinished put of %s: record %s (version %d)\n", e.Source.Path, e.RecordID.Hex(), e.Version)
		return p.resume(patientID, draftOut)
	}
	return false, nil
}

func (p *putRun) resume(patientID *client.Identity, draftOut string) (bool, error) {
	if on, superseded := p.registered(); on {
		p.done()
		f := p.fields()
		if p.e.Tx != nil {
			f = append(f, kv("tx", *p.e.Tx))
		}
		return true, p.s.out.emit(append(f, kv("status", "already registered"))...)
	} else if superseded {
		// Another version of the record took this one's place; the draft can never be
		// registered. Its objects are left to `store gc`: this version may be in history.
		p.done()
		return false, nil
	}
	if p.e.Tx != nil {
		if handled, err := p.awaitEarlier(*p.e.Tx); handled || err != nil {
			return handled, err
		}
	}
	for _, c := range p.objects() {
		if ok, err := p.env.Store.Has(p.s.ctx, c); err != nil {
			return true, err
		} else if !ok {
			// The sealed record is gone from the store (removed, or another store): seal again.
			p.s.log.Warn().Str("object", c.String()).Msg("the unfinished put's objects are no longer in the store; sealing again")
			p.done()
			return false, nil
		}
	}
	if p.e.Approval != nil {
		a, err := p.env.DecodeApproval(p.d, p.e.Approval)
		if err != nil {
			return true, fmt.Errorf("the unfinished put's approval: %w", err)
		}
		p.approval = a
	} else {
		if draftOut != "" {
			return true, p.writeDraft(draftOut)
		}
		if err := p.approve(patientID); err != nil {
			return true, err
		}
	}
	return true, p.submit()
}

// awaitEarlier waits for a transaction an earlier run of this put sent, if the node still has
// it. A transaction the node no longer knows (never received, dropped) is sent again by submit.
func (p *putRun) awaitEarlier(h common.Hash) (bool, error) {
	_, isPending, err := p.s.rpc.TransactionByHash(p.s.ctx, h)
	if err != nil || !isPending {
		return false, nil
	}
	p.announce("waiting for the transaction sent earlier", h)
	rcpt, err := bind.WaitMined(p.s.ctx, p.s.rpc, h)
	if err != nil {
		return true, p.stillPending(err, h)
	}
	if rcpt.Status == types.ReceiptStatusSuccessful {
		if on, _ := p.registered(); on {
			p.done()
			return true, p.s.out.emit(append(p.fields(), kv("tx", h), kv("status", "registered by the transaction sent earlier"))...)
		}
	}
	return false, nil
}

// hashFile reads the record file once to compare it with an unfinished put's content.
func hashFile(s *session, f *os.File, size int64) (common.Hash, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return common.Hash{}, fmt.Errorf("record file: %w", err)
	}
	bar := s.progress("check", "checking against the unfinished put", size)
	h := sha256.New()
	_, err := io.Copy(h, &readProgress{r: f, bar: bar})
	bar.finish()
	if err != nil {
		return common.Hash{}, fmt.Errorf("record file: %w", err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return common.Hash{}, fmt.Errorf("record file: %w", err)
	}
	return common.Hash(h.Sum(nil)), nil
}
