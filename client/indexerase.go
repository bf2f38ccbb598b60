package client

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/crypto/sse"
)

// removedEntry is what KeywordIndex keeps in a removed entry's slot (REMOVED_ENTRY): not zero,
// which would end a search's walk there and hide the entries after it.
var removedEntry = [32]byte{31: 1}

// removeBatch bounds the labels one removeEntries transaction carries.
const removeBatch = 256

// recordTagDomain separates the record tags' secrets from every other use of the index secret.
const recordTagDomain = "emrchain/index/record-tag/v1"

// recordTag is the token of a record's tag: every batch of entries that indexes the record
// carries one entry under it, by which the patient finds the batch again to remove its entries
// when she erases the record. It comes from her seed alone, not from the committee's index key,
// so no token request yields it and nobody else can tell a tag from a keyword's entry.
func (e *Env) recordTag(patient *Identity, recordID [32]byte) (sse.Token, error) {
	if patient.Seed == nil {
		return sse.Token{}, ErrNoSeed
	}
	s, err := indexSecret(patient.Seed)
	if err != nil {
		return sse.Token{}, err
	}
	defer clear(s[:])
	m := hmac.New(sha256.New, s[:])
	m.Write([]byte(recordTagDomain))
	m.Write(e.ChainID.FillBytes(make([]byte, 32)))
	m.Write(e.Set.Addresses.Index[:])
	m.Write(recordID[:])
	var secret [32]byte
	m.Sum(secret[:0])
	defer clear(secret[:])
	return sse.TokenFromSecret(secret), nil
}

// IndexEntry is one of a record's entries in its patient's keyword index.
type IndexEntry struct {
	Label [32]byte
	// Kind says how it was found: "tag", "entry of batch 0x…" (a batch the record's tag is in)
	// or "keyword \"…\" epoch N" (given at erasure).
	Kind string
	// Removed is true once its slot holds the removal marker (now or before).
	Removed bool
}

// IndexFindings is what the patient's client found of a record in her keyword index.
type IndexFindings struct {
	Entries []IndexEntry
	// Missing says what could not be found: a tagged batch whose transaction could not be read,
	// say. Entries written before records were tagged are found only by their keywords.
	Missing []string
}

// txReader reads a transaction by hash: ethclient and the simulated backend both can.
type txReader interface {
	TransactionByHash(ctx context.Context, hash common.Hash) (*types.Transaction, bool, error)
}

// RecordIndexEntries finds the patient's index entries that point at recordID: every batch that
// carries the record's tag (the patient's `addEntries` transactions, read back from the chain),
// and the entries under each of keywords in every epoch with a key (for entries written without a
// tag). Only the patient can: both need her seed.
func (e *Env) RecordIndexEntries(ctx context.Context, patient *Identity, recordID [32]byte, keywords ...string) (*IndexFindings, error) {
	out := &IndexFindings{}
	seen := map[[32]byte]bool{}
	add := func(label [32]byte, kind string) {
		if !seen[label] {
			seen[label] = true
			out.Entries = append(out.Entries, IndexEntry{Label: label, Kind: kind})
		}
	}
	owner := patient.Address()
	tag, err := e.recordTag(patient, recordID)
	if err != nil {
		return nil, err
	}
	tags, err := e.countEntries(ctx, owner, tag.Label())
	if err != nil {
		return nil, err
	}
	if tags > 0 {
		tagLabels := map[[32]byte]bool{}
		for i := range tags {
			tagLabels[sse.Label(tag.Label(), i)] = true
		}
		found, missing, err := e.taggedBatches(ctx, owner, tagLabels)
		if err != nil {
			return nil, err
		}
		out.Missing = append(out.Missing, missing...)
		for _, b := range found {
			for _, l := range b.labels {
				if tagLabels[l] {
					add(l, "tag")
				} else {
					add(l, "entry of batch "+b.tx.Hex())
				}
			}
		}
		if n := uint64(len(found)); n < tags && len(missing) == 0 {
			out.Missing = append(out.Missing, fmt.Sprintf("%d of the record's %d tagged batches were not found among the index's EntriesAdded events", tags-n, tags))
		}
	}
	if len(keywords) > 0 {
		keys, err := e.indexKeys(ctx, owner)
		if err != nil {
			return nil, err
		}
		for ep := range keys {
			key, err := e.indexKeyOf(patient, ep)
			if err != nil {
				return nil, err
			}
			for _, w := range keywords {
				res, err := key.Evaluate(w, uint64(ep))
				if err != nil {
					return nil, fmt.Errorf("keyword %q: %w", w, err)
				}
				tok := res.Token()
				values, err := e.entryValues(ctx, owner, tok.Label())
				if err != nil {
					return nil, err
				}
				for i, v := range values {
					if v != removedEntry && tok.Open(uint64(i), v) == recordID {
						add(sse.Label(tok.Label(), uint64(i)), fmt.Sprintf("keyword %q epoch %d", sse.Normalize(w), ep))
					}
				}
			}
		}
	}
	for i := range out.Entries {
		v, err := bind.Call(e.Set.Index.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Index.ABI.PackEntryAt(owner, out.Entries[i].Label), e.Set.Index.ABI.UnpackEntryAt)
		if err != nil {
			return nil, fmt.Errorf("read index entry: %w", decode(err))
		}
		out.Entries[i].Removed = v == removedEntry
	}
	return out, nil
}

// batch is one addEntries call: its transaction and labels.
type batch struct {
	tx     common.Hash
	labels [][32]byte
}

// taggedBatches reads the patient's addEntries calls back from the chain and returns those that
// carry one of the tag labels.
func (e *Env) taggedBatches(ctx context.Context, patient common.Address, tags map[[32]byte]bool) ([]batch, []string, error) {
	txr, ok := e.Backend.(txReader)
	if !ok {
		return nil, nil, errors.New("this chain connection cannot read transactions, which finding a record's index entries needs")
	}
	it, err := bind.FilterEvents(e.Set.Index.BoundContract, &bind.FilterOpts{Context: ctx}, e.Set.Index.ABI.UnpackEntriesAddedEvent, []any{patient})
	if err != nil {
		return nil, nil, fmt.Errorf("find the index entries of %s: %w", patient, err)
	}
	var hashes []common.Hash
	for it.Next() {
		if h := it.Value().Raw.TxHash; len(hashes) == 0 || hashes[len(hashes)-1] != h {
			hashes = append(hashes, h)
		}
	}
	it.Close()
	if err := it.Error(); err != nil {
		return nil, nil, fmt.Errorf("find the index entries of %s: %w", patient, err)
	}
	abiDef := e.Set.Index.ABI.GetABI()
	method := abiDef.Methods["addEntries"]
	var (
		out     []batch
		missing []string
	)
	for _, h := range hashes {
		tx, _, err := txr.TransactionByHash(ctx, h)
		if err != nil {
			missing = append(missing, fmt.Sprintf("index batch %s: %v", h.Hex(), err))
			continue
		}
		data := tx.Data()
		if len(data) < 4 || !bytes.Equal(data[:4], method.ID) {
			missing = append(missing, fmt.Sprintf("index batch %s: not a direct addEntries call", h.Hex()))
			continue
		}
		args, err := method.Inputs.Unpack(data[4:])
		if err != nil || len(args) != 3 {
			missing = append(missing, fmt.Sprintf("index batch %s: undecodable addEntries call", h.Hex()))
			continue
		}
		labels, ok := args[1].([][32]byte)
		if !ok {
			missing = append(missing, fmt.Sprintf("index batch %s: undecodable addEntries call", h.Hex()))
			continue
		}
		for _, l := range labels {
			if tags[l] {
				out = append(out, batch{tx: h, labels: labels})
				break
			}
		}
	}
	return out, missing, nil
}

// entryValues reads every value stored under a label key, removed ones included, in order.
func (e *Env) entryValues(ctx context.Context, patient common.Address, labelKey [32]byte) ([][32]byte, error) {
	var out [][32]byte
	for {
		page, err := bind.Call(e.Set.Index.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Index.ABI.PackEntries(patient, labelKey, bigU(uint64(len(out))), bigU(searchPage)), e.Set.Index.ABI.UnpackEntries)
		if err != nil {
			return nil, fmt.Errorf("read index entries: %w", decode(err))
		}
		out = append(out, page.Values...)
		if !page.More {
			return out, nil
		}
	}
}

// RemoveIndexEntries removes the patient's entries that are not removed yet, a few hundred per
// transaction, and marks each one removed as its transaction lands.
func (e *Env) RemoveIndexEntries(ctx context.Context, patient *Identity, entries []IndexEntry) ([]*Tx, error) {
	var pending []int
	for i := range entries {
		if !entries[i].Removed {
			pending = append(pending, i)
		}
	}
	var txs []*Tx
	for len(pending) > 0 {
		n := min(len(pending), removeBatch)
		labels := make([][32]byte, n)
		for j, i := range pending[:n] {
			labels[j] = entries[i].Label
		}
		tx, _, err := e.send(ctx, patient, fmt.Sprintf("remove %d index entries", n), e.Set.Index.BoundContract, e.Set.Index.ABI.PackRemoveEntries(labels))
		if err != nil {
			return txs, err
		}
		txs = append(txs, tx)
		for _, i := range pending[:n] {
			entries[i].Removed = true
		}
		pending = pending[n:]
	}
	return txs, nil
}
