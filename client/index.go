package client

import (
	"context"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/sse"
)

// searchPage bounds one search call's results; more are fetched page by page.
const searchPage = 256

// AddRequesters authorizes requesters to search the patient's index.
func (e *Env) AddRequesters(ctx context.Context, patient *Identity, requesters ...common.Address) (*Tx, error) {
	if len(requesters) == 1 {
		tx, _, err := e.send(ctx, patient, "add requester", e.Set.Index.BoundContract, e.Set.Index.ABI.PackAddRequester(requesters[0]))
		return tx, err
	}
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("add %d requesters", len(requesters)), e.Set.Index.BoundContract, e.Set.Index.ABI.PackAddRequesters(requesters))
	return tx, err
}

// RemoveRequester withdraws a requester's search authorization.
func (e *Env) RemoveRequester(ctx context.Context, patient *Identity, requester common.Address) (*Tx, error) {
	tx, _, err := e.send(ctx, patient, "remove requester", e.Set.Index.BoundContract, e.Set.Index.ABI.PackRemoveRequester(requester))
	return tx, err
}

// IndexRecord adds index entries for recordID under each keyword (seed 001's Index-Gen). It
// finds how many entries each keyword has already by reading the index, so the patient keeps no
// counter state.
func (e *Env) IndexRecord(ctx context.Context, patient *Identity, key *sse.Key, recordID [32]byte, keywords ...string) (*Tx, error) {
	var labels, values [][32]byte
	for _, w := range keywords {
		n, err := e.countEntries(ctx, patient.Address(), key.Token(w).Label())
		if err != nil {
			return nil, err
		}
		entries, err := key.Entries(w, n, [][32]byte{recordID})
		if err != nil {
			return nil, fmt.Errorf("index %q: %w", w, err)
		}
		for _, en := range entries {
			labels = append(labels, en.Label)
			values = append(values, en.Value)
		}
	}
	return e.AddEntries(ctx, patient, labels, values)
}

func (e *Env) countEntries(ctx context.Context, patient common.Address, label [32]byte) (uint64, error) {
	var n uint64
	for {
		out, err := bind.Call(e.Set.Index.BoundContract, &bind.CallOpts{Context: ctx},
			e.Set.Index.ABI.PackEntries(patient, label, bigU(n), bigU(searchPage)), e.Set.Index.ABI.UnpackEntries)
		if err != nil {
			return 0, fmt.Errorf("read index: %w", err)
		}
		n += uint64(len(out.Values))
		if !out.More {
			return n, nil
		}
	}
}

// PublishSearchKey wraps the patient's search key under a CP-ABE policy, stores it and records
// it on chain, so requesters whose attributes satisfy the policy can search.
func (e *Env) PublishSearchKey(ctx context.Context, patient *Identity, key *sse.Key, policy *cpabe.Policy) (*Tx, error) {
	raw, err := key.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var k [32]byte
	copy(k[:], raw)
	wrapped, err := cpabe.Wrap(e.Rand, e.ABIPublicKey, policy, k)
	if err != nil {
		return nil, fmt.Errorf("wrap search key: %w", err)
	}
	ref, _, err := e.putBytes(ctx, wrapped)
	if err != nil {
		return nil, fmt.Errorf("search key: %w", err)
	}
	tx, _, err := e.send(ctx, patient, "publish search key", e.Set.Index.BoundContract, e.Set.Index.ABI.PackPublishSearchKey(PolicyHash(policy), ref))
	return tx, err
}

// SearchKey finds the patient's latest published search key and unwraps it with an attribute key.
func (e *Env) SearchKey(ctx context.Context, ak *cpabe.AttributeKey, patient common.Address) (*sse.Key, error) {
	it, err := bind.FilterEvents(e.Set.Index.BoundContract, &bind.FilterOpts{Context: ctx},
		e.Set.Index.ABI.UnpackSearchKeyPublishedEvent, []any{patient})
	if err != nil {
		return nil, fmt.Errorf("find search key of %s: %w", patient, err)
	}
	defer it.Close()
	var ref []byte
	for it.Next() {
		ref = it.Value().KeyRef
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	if ref == nil {
		return nil, fmt.Errorf("%s has not published a search key", patient)
	}
	wrapped, err := e.getBytes(ctx, ref, [32]byte{}, maxArtifact)
	if err != nil {
		return nil, fmt.Errorf("search key: %w", err)
	}
	k, err := cpabe.Unwrap(ak, wrapped)
	if err != nil {
		return nil, fmt.Errorf("unwrap search key: %w", err)
	}
	var key sse.Key
	if err := key.UnmarshalBinary(k[:]); err != nil {
		return nil, err
	}
	return &key, nil
}

// Search runs seed 001's Trapdoor → Test → Decrypt: the token goes to the contract in an audited
// transaction, the masked entries come back page by page, and they are unmasked here.
func (e *Env) Search(ctx context.Context, requester *Identity, patient common.Address, key *sse.Key, keyword string) ([][32]byte, []*Tx, error) {
	token := key.Token(keyword)
	label := token.Label()
	var (
		ids []([32]byte)
		txs []*Tx
		off uint64
	)
	for {
		// Read the page first (free), then record the search on chain: the transaction is the
		// audit record, and it reverts for anyone not authorized.
		out, err := bind.Call(e.Set.Index.BoundContract, &bind.CallOpts{Context: ctx, From: requester.Address()},
			e.Set.Index.ABI.PackSearch(patient, label, bigU(off), bigU(searchPage)), e.Set.Index.ABI.UnpackSearch)
		if err != nil {
			return nil, txs, fmt.Errorf("search: %w", decode(err))
		}
		tx, _, err := e.send(ctx, requester, "search", e.Set.Index.BoundContract, e.Set.Index.ABI.PackSearch(patient, label, bigU(off), bigU(searchPage)))
		if err != nil {
			return nil, txs, err
		}
		txs = append(txs, tx)
		for i, v := range out.Values {
			ids = append(ids, token.Open(off+uint64(i), v))
		}
		off += uint64(len(out.Values))
		if !out.More {
			return ids, txs, nil
		}
	}
}

// AddEntries appends pre-computed index entries; IndexRecord is the usual way in.
func (e *Env) AddEntries(ctx context.Context, patient *Identity, labels, values [][32]byte) (*Tx, error) {
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("add %d index entries", len(labels)), e.Set.Index.BoundContract, e.Set.Index.ABI.PackAddEntries(labels, values))
	return tx, err
}
