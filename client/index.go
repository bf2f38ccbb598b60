package client

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/sse"
	"github.com/emrchain/emrchain/crypto/toprf"
	"github.com/emrchain/emrchain/crypto/transport"
)

// searchPage bounds one page of entries read at a time.
const searchPage = 256

// ErrNoIndexKey means the patient has no index key for the epoch asked about: she has not set
// up her index (`emrchain index setup`), or has not dealt the key of the epoch a requester's
// removal began.
var ErrNoIndexKey = errors.New("the patient has no index key for this epoch")

// IndexEpoch returns the patient's current index epoch and whether it has a key.
func (e *Env) IndexEpoch(ctx context.Context, patient common.Address) (uint32, bool, error) {
	call := &bind.CallOpts{Context: ctx}
	ep, err := bind.Call(e.Set.Index.BoundContract, call, e.Set.Index.ABI.PackEpochOf(patient), e.Set.Index.ABI.UnpackEpochOf)
	if err != nil {
		return 0, false, fmt.Errorf("read the index epoch of %s: %w", patient, decode(err))
	}
	k, err := e.indexKey(ctx, patient, ep)
	if err != nil {
		return 0, false, err
	}
	return ep, k.Threshold != 0, nil
}

func (e *Env) indexKey(ctx context.Context, patient common.Address, epoch uint32) (bindings.IKeywordIndexIndexKey, error) {
	k, err := bind.Call(e.Set.Index.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Index.ABI.PackIndexKey(patient, epoch), e.Set.Index.ABI.UnpackIndexKey)
	if err != nil {
		return k, fmt.Errorf("read the index key of %s, epoch %d: %w", patient, epoch, decode(err))
	}
	return k, nil
}

// indexSecret is the patient's index-key seed: her record seed's bytes, from which toprf derives
// each epoch's key under its own HKDF salt.
func indexSecret(seed *recordkey.Seed) ([32]byte, error) {
	b, err := seed.MarshalBinary()
	if err != nil {
		return [32]byte{}, err
	}
	defer clear(b)
	return [32]byte(b), nil
}

func (e *Env) indexKeyOf(patient *Identity, epoch uint32) (*toprf.Key, error) {
	if patient.Seed == nil {
		return nil, ErrNoSeed
	}
	s, err := indexSecret(patient.Seed)
	if err != nil {
		return nil, err
	}
	defer clear(s[:])
	return toprf.DeriveKey(s, uint64(epoch))
}

// IndexKeyDealt is a registered index key.
type IndexKeyDealt struct {
	Epoch     uint32
	Committee uint64
	Threshold int
	Members   int
	Tx        *Tx
}

// SetupIndex deals the patient's index key for the epoch that registration opens (the first, or
// the one a requester's removal began) to a committee (0: the default), t-of-n with t the
// committee's threshold, and registers it.
func (e *Env) SetupIndex(ctx context.Context, patient *Identity, committeeID uint64) (*IndexKeyDealt, error) {
	c, err := e.activeCommittee(ctx, committeeID)
	if err != nil {
		return nil, err
	}
	current, hasKey, err := e.IndexEpoch(ctx, patient.Address())
	if err != nil {
		return nil, err
	}
	// registerIndexKey opens epoch 1 first, and the next epoch when the current has a key.
	epoch := current
	if current == 0 || hasKey {
		epoch = current + 1
	}
	key, err := e.indexKeyOf(patient, epoch)
	if err != nil {
		return nil, err
	}
	members := make([]*transport.PublicKey, len(c.Members))
	for i, m := range c.Members {
		if members[i], err = e.TransportKeyOf(ctx, m); err != nil {
			return nil, fmt.Errorf("committee %d member %d: %w", c.ID, i+1, err)
		}
	}
	info := toprf.BundleInfo{ChainID: e.ChainID.Uint64(), Index: e.Set.Addresses.Index, Patient: patient.Address(), Epoch: uint64(epoch)}
	bundle, err := key.DealBundle(e.random(), info, c.Threshold, members)
	if err != nil {
		return nil, fmt.Errorf("index key: %w", err)
	}
	ref, hash, err := e.putObject(ctx, bundle)
	if err != nil {
		return nil, fmt.Errorf("index key bundle: %w", err)
	}
	tx, rcpt, err := e.send(ctx, patient, fmt.Sprintf("register the index key of epoch %d", epoch), e.Set.Index.BoundContract,
		e.Set.Index.ABI.PackRegisterIndexKey(c.ID, uint8(c.Threshold), c.FullMask(), hash, ref, bundle.ChainCommitments()))
	if err != nil {
		if rcpt == nil {
			_ = e.Discard(ctx, cidOf(ref))
		}
		return nil, err
	}
	out := &IndexKeyDealt{Epoch: epoch, Committee: c.ID, Threshold: c.Threshold, Members: len(c.Members), Tx: tx}
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Index.ABI.UnpackIndexKeyRegisteredEvent(l); err == nil && ev.Epoch != epoch {
			return out, fmt.Errorf("the index key was registered for epoch %d, but dealt for epoch %d: deal again with `emrchain index setup`", ev.Epoch, epoch)
		}
	}
	return out, nil
}

// AddRequesters authorizes requesters to ask for tokens of the patient's index.
func (e *Env) AddRequesters(ctx context.Context, patient *Identity, requesters ...common.Address) (*Tx, error) {
	if len(requesters) == 1 {
		tx, _, err := e.send(ctx, patient, "add requester", e.Set.Index.BoundContract, e.Set.Index.ABI.PackAddRequester(requesters[0]))
		return tx, err
	}
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("add %d requesters", len(requesters)), e.Set.Index.BoundContract, e.Set.Index.ABI.PackAddRequesters(requesters))
	return tx, err
}

// RemoveRequester withdraws a requester's authorization, which moves the index to a new epoch,
// and deals the new epoch's key to the committee, so entries written from now on are under a key
// the removed requester never obtained a token of.
func (e *Env) RemoveRequester(ctx context.Context, patient *Identity, requester common.Address, committeeID uint64) ([]*Tx, error) {
	tx, _, err := e.send(ctx, patient, "remove requester", e.Set.Index.BoundContract, e.Set.Index.ABI.PackRemoveRequester(requester))
	if err != nil {
		return nil, err
	}
	dealt, err := e.SetupIndex(ctx, patient, committeeID)
	if err != nil {
		return []*Tx{tx}, fmt.Errorf("the requester is removed, but the new epoch's index key was not dealt (run `emrchain index setup`): %w", err)
	}
	return []*Tx{tx, dealt.Tx}, nil
}

// IndexRecord adds index entries for recordID under each keyword in the patient's current
// epoch (seed 001's Index-Gen, with the epoch's OPRF key): each keyword's label key and mask come
// from F_s(w, e), and the entry goes after the ones the keyword already has in this epoch. One
// more entry in the batch is the record's tag (recordTag), by which erasing the record finds
// and removes the batch's entries.
func (e *Env) IndexRecord(ctx context.Context, patient *Identity, recordID [32]byte, keywords ...string) (*Tx, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if rec.Patient != patient.Address() || rec.Status != RecordActive {
		return nil, fmt.Errorf("record %x is not an active record of %s", recordID, patient.Address())
	}
	epoch, hasKey, err := e.IndexEpoch(ctx, patient.Address())
	if err != nil {
		return nil, err
	}
	if !hasKey {
		return nil, fmt.Errorf("%w (epoch %d): deal it with `emrchain index setup`", ErrNoIndexKey, epoch)
	}
	key, err := e.indexKeyOf(patient, epoch)
	if err != nil {
		return nil, err
	}
	var labels, values [][32]byte
	for _, w := range keywords {
		out, err := key.Evaluate(w, uint64(epoch))
		if err != nil {
			return nil, fmt.Errorf("keyword %q: %w", w, err)
		}
		token := out.Token()
		n, err := e.countEntries(ctx, patient.Address(), token.Label())
		if err != nil {
			return nil, err
		}
		entries, err := token.Entries(n, [][32]byte{recordID})
		if err != nil {
			return nil, fmt.Errorf("index %q: %w", w, err)
		}
		for _, en := range entries {
			labels = append(labels, en.Label)
			values = append(values, en.Value)
		}
	}
	// The record's tag goes into the same batch: erasing the record finds the batch by it.
	tag, err := e.recordTag(patient, recordID)
	if err != nil {
		return nil, err
	}
	n, err := e.countEntries(ctx, patient.Address(), tag.Label())
	if err != nil {
		return nil, err
	}
	tagged, err := tag.Entries(n, [][32]byte{recordID})
	if err != nil {
		return nil, fmt.Errorf("tag the index entries: %w", err)
	}
	labels, values = append(labels, tagged[0].Label), append(values, tagged[0].Value)
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("add %d index entries", len(labels)), e.Set.Index.BoundContract,
		e.Set.Index.ABI.PackAddEntries(epoch, labels, values))
	return tx, err
}

func (e *Env) countEntries(ctx context.Context, patient common.Address, label [32]byte) (uint64, error) {
	var n uint64
	for {
		out, err := bind.Call(e.Set.Index.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Index.ABI.PackEntries(patient, label, bigU(n), bigU(searchPage)), e.Set.Index.ABI.UnpackEntries)
		if err != nil {
			return 0, fmt.Errorf("read index: %w", decode(err))
		}
		n += uint64(len(out.Values))
		if !out.More {
			return n, nil
		}
	}
}

// indexKeyRecord is an index key's registration: what a requester checks answers against.
type indexKeyRecord struct {
	Epoch       uint32
	Committee   uint64
	Threshold   int
	MemberMask  uint16
	BundleHash  [32]byte
	Commitments []byte
}

// indexKeys lists the patient's registered index keys by epoch, each checked against the
// commitment the contract keeps.
func (e *Env) indexKeys(ctx context.Context, patient common.Address) (map[uint32]*indexKeyRecord, error) {
	it, err := bind.FilterEvents(e.Set.Index.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Index.ABI.UnpackIndexKeyRegisteredEvent, []any{patient})
	if err != nil {
		return nil, fmt.Errorf("find the index keys of %s: %w", patient, err)
	}
	defer it.Close()
	out := map[uint32]*indexKeyRecord{}
	for it.Next() {
		ev := it.Value()
		out[ev.Epoch] = &indexKeyRecord{Epoch: ev.Epoch, Committee: ev.CommitteeId, Threshold: int(ev.Threshold),
			MemberMask: ev.MemberMask, BundleHash: ev.BundleHash, Commitments: ev.Commitments}
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	for ep, r := range out {
		k, err := e.indexKey(ctx, patient, ep)
		if err != nil {
			return nil, err
		}
		want := contracts.IndexKeyCommitment(r.BundleHash, r.Commitments, patient, ep, r.Committee, uint8(r.Threshold), r.MemberMask)
		if k.Commitment != want {
			delete(out, ep)
		}
	}
	return out, nil
}

// Token is a keyword's search token for one index epoch, obtained through an audited request.
type Token struct {
	Epoch      uint32
	RequestID  uint64
	CommitMask uint16
	Faults     []Fault
	token      sse.Token
}

// RequestToken asks the patient's committee for the token of keyword in an epoch: the blinded
// request is on chain (and on the patient's timeline); t members answer with DLEQ proofs against
// the share commitments, which are checked (a wrong one is reported), combined and unblinded.
func (e *Env) RequestToken(ctx context.Context, requester *Identity, patient common.Address, keyword string, epoch uint32, opts AwaitOptions) (*Token, error) {
	keys, err := e.indexKeys(ctx, patient)
	if err != nil {
		return nil, err
	}
	k := keys[epoch]
	if k == nil {
		return nil, fmt.Errorf("%w (%s, epoch %d)", ErrNoIndexKey, patient, epoch)
	}
	var commits toprf.ShareCommitments
	enc := append([]byte{'C', 0x01, byte(len(k.Commitments) / 33)}, k.Commitments...)
	if err := commits.UnmarshalBinary(enc); err != nil {
		return nil, fmt.Errorf("index key of epoch %d: %w", epoch, err)
	}
	if len(commits) != len(MembersOf(k.MemberMask)) || k.MemberMask != uint16(1)<<len(commits)-1 {
		return nil, fmt.Errorf("index key of epoch %d: its members are not a committee's first %d", epoch, len(commits))
	}
	bl, req, err := toprf.Blind(e.random(), keyword, uint64(epoch))
	if err != nil {
		return nil, err
	}
	reqBytes, err := req.MarshalBinary()
	if err != nil {
		return nil, err
	}
	blinded := reqBytes[2:]
	tx, rcpt, err := e.send(ctx, requester, "request a search token", e.Set.Index.BoundContract,
		e.Set.Index.ABI.PackRequestToken(patient, epoch, blinded))
	if err != nil {
		return nil, err
	}
	var id uint64
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Index.ABI.UnpackTokenRequestedEvent(l); err == nil {
			id = ev.RequestId
		}
	}
	if id == 0 {
		return nil, fmt.Errorf("request token: no TokenRequested event in %s", tx.Hash)
	}
	gt := e.indexGate()
	st, err := e.waitFulfilled(ctx, gt, id, opts.poll(), opts.Progress)
	if err != nil {
		return nil, err
	}
	contexts := map[uint8][32]byte{}
	answerCtx := func(m uint8) [32]byte {
		if c, ok := contexts[m]; ok {
			return c
		}
		c, err := bind.Call(e.Set.Index.BoundContract, &bind.CallOpts{Context: ctx}, e.Set.Index.ABI.PackAnswerContext(id, m), e.Set.Index.ABI.UnpackAnswerContext)
		if err == nil {
			contexts[m] = c
		}
		return c
	}
	out := &Token{Epoch: epoch, RequestID: id, CommitMask: st.CommitMask}
	checked := map[uint8]bool{}
	var valid []*toprf.Answer
	for {
		reveals, err := gt.reveals(ctx, id)
		if err != nil {
			return nil, err
		}
		for _, r := range reveals {
			if checked[r.Member] {
				continue
			}
			checked[r.Member] = true
			a, verr := revealedAnswer(r)
			if verr == nil {
				verr = toprf.VerifyAnswer(commits, req, a, answerCtx(r.Member))
			}
			if verr != nil {
				fault := Fault{Member: r.Member, Node: r.Node, Err: verr}
				if !opts.NoFaultReports {
					fault.Report, fault.ReportErr = e.reportTokenFault(ctx, requester, gt, id, r, a, commits, req, k)
				}
				out.Faults = append(out.Faults, fault)
				continue
			}
			valid = append(valid, a)
		}
		if len(valid) >= k.Threshold {
			break
		}
		if err := sleep(ctx, opts.poll()); err != nil {
			return out, fmt.Errorf("waiting for the committee's answers to token request %d (%d of %d valid so far): %w", id, len(valid), k.Threshold, err)
		}
	}
	res, _, err := bl.Combine(commits, k.Threshold, req, valid[:k.Threshold], answerCtx)
	if err != nil {
		return out, fmt.Errorf("combine the committee's answers: %w", err)
	}
	out.token = res.Token()
	return out, nil
}

func revealedAnswer(r Reveal) (*toprf.Answer, error) {
	b := append([]byte{'A', 0x01, r.Member}, r.Point...)
	b = append(b, r.Proof...)
	var a toprf.Answer
	if err := a.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	return &a, nil
}

// tokenStatementArgs is KeywordIndex's fault statement: abi.encode(bytes commitments, bytes32
// bundleHash, bytes blindedPoint).
var tokenStatementArgs = func() abi.Arguments {
	b, _ := abi.NewType("bytes", "", nil)
	h, _ := abi.NewType("bytes32", "", nil)
	return abi.Arguments{{Type: b}, {Type: h}, {Type: b}}
}()

func (e *Env) reportTokenFault(ctx context.Context, reporter *Identity, g gate, id uint64, r Reveal, a *toprf.Answer, commits toprf.ShareCommitments, req *toprf.Request, k *indexKeyRecord) (*Tx, error) {
	if a == nil {
		return nil, errors.New("the revealed answer is not a point: there is no proof statement to report")
	}
	st, err := a.Statement(commits, req)
	if err != nil {
		return nil, err
	}
	u, v := a.Proof().Witness(st)
	blinded := req.Blinded()
	statement, err := tokenStatementArgs.Pack(k.Commitments, k.BundleHash, compressed(&blinded))
	if err != nil {
		return nil, err
	}
	return e.reportFault(ctx, reporter, g, id, r, witness(u, v), statement)
}

// SearchResult is what a search found in one epoch.
type SearchResult struct {
	Epoch   uint32
	Records [][32]byte
	Token   *Token
}

// Search finds the patient's records indexed under keyword, in every epoch that has a key: one
// audited token request per epoch, then the entries read with the token (seed 001's Test and
// Decrypt), skipping those the patient removed. Entries are public on chain; only the token
// opens them.
func (e *Env) Search(ctx context.Context, requester *Identity, patient common.Address, keyword string, opts AwaitOptions) ([]SearchResult, error) {
	keys, err := e.indexKeys(ctx, patient)
	if err != nil {
		return nil, err
	}
	if len(keys) == 0 {
		return nil, fmt.Errorf("%w: %s has not set up an index", ErrNoIndexKey, patient)
	}
	epochs := make([]uint32, 0, len(keys))
	for ep := range keys {
		epochs = append(epochs, ep)
	}
	slices.Sort(epochs)
	var out []SearchResult
	for _, ep := range epochs {
		tok, err := e.RequestToken(ctx, requester, patient, keyword, ep, opts)
		if err != nil {
			return out, err
		}
		ids, err := e.entriesFor(ctx, patient, tok.token)
		if err != nil {
			return out, err
		}
		out = append(out, SearchResult{Epoch: ep, Records: ids, Token: tok})
	}
	return out, nil
}

func (e *Env) entriesFor(ctx context.Context, patient common.Address, token sse.Token) ([][32]byte, error) {
	var (
		ids [][32]byte
		off uint64
	)
	label := token.Label()
	for {
		page, err := bind.Call(e.Set.Index.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Index.ABI.PackEntries(patient, label, bigU(off), bigU(searchPage)), e.Set.Index.ABI.UnpackEntries)
		if err != nil {
			return nil, fmt.Errorf("read index entries: %w", decode(err))
		}
		for i, v := range page.Values {
			// A removed entry keeps its position; it points at nothing.
			if v != removedEntry {
				ids = append(ids, token.Open(off+uint64(i), v))
			}
		}
		off += uint64(len(page.Values))
		if !page.More {
			return ids, nil
		}
	}
}

// IndexKeyInfo is one epoch's index key as the chain holds it.
type IndexKeyInfo struct {
	Epoch     uint32
	Committee uint64
	Threshold int
	Members   []uint8
}

// IndexKeys lists a patient's registered index keys, oldest epoch first: a search asks each
// one's committee for a token.
func (e *Env) IndexKeys(ctx context.Context, patient common.Address) ([]IndexKeyInfo, error) {
	keys, err := e.indexKeys(ctx, patient)
	if err != nil {
		return nil, err
	}
	out := make([]IndexKeyInfo, 0, len(keys))
	for _, k := range keys {
		out = append(out, IndexKeyInfo{Epoch: k.Epoch, Committee: k.Committee, Threshold: k.Threshold, Members: MembersOf(k.MemberMask)})
	}
	slices.SortFunc(out, func(a, b IndexKeyInfo) int { return int(a.Epoch) - int(b.Epoch) })
	return out, nil
}

// AddEntries writes already-computed index entries under the patient's current epoch (for
// measurements and tools that derive entries themselves; IndexRecord computes them).
func (e *Env) AddEntries(ctx context.Context, patient *Identity, labels, values [][32]byte) (*Tx, error) {
	epoch, hasKey, err := e.IndexEpoch(ctx, patient.Address())
	if err != nil {
		return nil, err
	}
	if !hasKey {
		return nil, fmt.Errorf("%w (epoch %d): deal it with `emrchain index setup`", ErrNoIndexKey, epoch)
	}
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("add %d index entries", len(labels)), e.Set.Index.BoundContract,
		e.Set.Index.ABI.PackAddEntries(epoch, labels, values))
	return tx, err
}
