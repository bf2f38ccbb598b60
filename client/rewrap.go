package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/recordkey"
)

// RewrapOptions tune Rewrap.
type RewrapOptions struct {
	// OldSeed, when the patient replaced her record seed, is the seed the current capsules were
	// made with. Rewrap opens a capsule with the patient's seed first and with OldSeed when that
	// fails; the new capsule is always made with the patient's (new) seed.
	OldSeed *recordkey.Seed
	// Draft is the draft of the current version, for a version a guardian co-signed: it has no
	// capsule, so the data key comes from the draft (sealed to the patient's transport key),
	// checked against the version on chain and the record it opens.
	Draft *Draft
}

// Rewrapped is a record whose capsule Rewrap replaced.
type Rewrapped struct {
	RecordID       [32]byte
	Version        uint32
	FromGeneration uint32
	Generation     uint32
	CapsuleRef     []byte
	CapsuleHash    [32]byte
	// OpenedWithOldSeed says the replaced capsule was of the old seed.
	OpenedWithOldSeed bool
	// FromDraft says the version had no capsule (a guardian co-signed it): the data key came
	// from its draft, and this is the version's first capsule of the patient's seed.
	FromDraft bool
	// Unpinned says the replaced capsule object was removed from the store; UnpinError says why
	// not, when it was not (the rewrap itself is on chain either way).
	Unpinned   bool
	UnpinError error
	Tx         *Tx
}

// ErrNoPatientCapsule means a record version has no capsule of the patient's seed: a guardian
// co-signed it in her place. The network capsule serves break-glass, guardian grants and
// standing consents meanwhile; her own reads and grants need the capsule, which she adds by
// re-wrapping with the version's draft.
var ErrNoPatientCapsule = errors.New("a guardian co-signed it and it has no capsule of the patient's seed yet: " +
	"the patient adds one with `emrchain record rewrap --record ID --draft FILE`, FILE being the version's draft")

// ErrSeedOpensNothing means neither the patient's seed nor the old seed she named derives the key
// a record's capsule is wrapped to.
var ErrSeedOpensNothing = errors.New("the record's capsule is not wrapped to a key of this seed")

// Rewrap is key rotation for one record (docs/trust.md, "Per-record-version keys"): the patient's
// client opens the current version's capsule, derives that version's key in the next generation
// from her seed, wraps the same data key to it in a new capsule, stores it and has
// RecordRegistry.rewrapKey point the record at it, then removes the old capsule object from the
// store. From that block every grant made under the old generation is refused (AccessLedger
// KeyRewrapped), and a leaked key of the old generation, or the old seed, does not open the
// capsule the chain names. What a grantee already read stays read: the data key itself is the
// same, since only a new version re-encrypts the content.
//
// A version a guardian co-signed has no capsule to open: with opts.Draft (that version's draft,
// whose data key is sealed to the patient's transport key) Rewrap gives it its first capsule of
// her seed, after which her own reads and grants work on it as on any other.
func (e *Env) Rewrap(ctx context.Context, patient *Identity, recordID [32]byte, opts RewrapOptions) (*Rewrapped, error) {
	if patient.Seed == nil {
		return nil, ErrNoSeed
	}
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if rec.Patient != patient.Address() {
		return nil, fmt.Errorf("record %x is %s's, not %s's: only its patient rewraps it", recordID, rec.Patient, patient.Address())
	}
	if rec.Status != RecordActive {
		return nil, fmt.Errorf("record %x: %w", recordID, contracts.Revert("RecordTombstoned"))
	}
	out := &Rewrapped{RecordID: recordID, Version: rec.Version, FromGeneration: rec.Generation, Generation: rec.Generation + 1}
	var dataKey [32]byte
	switch {
	case len(rec.CapsuleRef) == 0 && opts.Draft == nil:
		return nil, fmt.Errorf("record %x version %d: %w", recordID, rec.Version, ErrNoPatientCapsule)
	case len(rec.CapsuleRef) == 0:
		if dataKey, err = e.dataKeyFromDraft(ctx, patient, rec, recordID, opts.Draft); err != nil {
			return nil, err
		}
		out.FromDraft = true
	case opts.Draft != nil:
		return nil, fmt.Errorf("record %x version %d has its capsule already: re-wrap it without a draft", recordID, rec.Version)
	default:
		old, err := e.capsuleOf(ctx, rec)
		if err != nil {
			return nil, err
		}
		id := e.KeyID(recordID, rec.Version, rec.Generation)
		dataKey, err = patient.Seed.Open(id, old)
		if errors.Is(err, recordkey.ErrWrongKey) && opts.OldSeed != nil {
			dataKey, err = opts.OldSeed.Open(id, old)
			out.OpenedWithOldSeed = err == nil
		}
		if errors.Is(err, recordkey.ErrWrongKey) {
			return nil, fmt.Errorf("record %x version %d generation %d: %w", recordID, rec.Version, rec.Generation, ErrSeedOpensNothing)
		}
		if err != nil {
			return nil, fmt.Errorf("open the capsule of record %x: %w", recordID, err)
		}
	}
	defer clear(dataKey[:])
	next, err := patient.Seed.Seal(e.random(), e.KeyID(recordID, rec.Version, out.Generation), dataKey)
	if err != nil {
		return nil, fmt.Errorf("capsule: %w", err)
	}
	if out.CapsuleRef, out.CapsuleHash, err = e.putObject(ctx, next); err != nil {
		return nil, fmt.Errorf("capsule: %w", err)
	}
	out.Tx, _, err = e.send(ctx, patient, fmt.Sprintf("rewrap record key to generation %d", out.Generation), e.Set.Records.BoundContract,
		e.Set.Records.ABI.PackRewrapKey(recordID, out.CapsuleHash, out.CapsuleRef))
	if err != nil {
		// Only a refused transaction leaves nothing on chain pointing at the new object; one that
		// may still be mined must keep it.
		if errors.Is(err, contracts.ErrReverted) {
			_ = e.Discard(ctx, cidOf(out.CapsuleRef))
		}
		return nil, err
	}
	if len(rec.CapsuleRef) == 0 {
		return out, nil // there was no capsule to remove
	}
	if err := e.Discard(ctx, cidOf(rec.CapsuleRef)); err != nil {
		out.UnpinError = err
	} else {
		out.Unpinned = true
	}
	return out, nil
}

// dataKeyFromDraft opens the data key of a guardian-co-signed version from its draft: the draft
// must be of exactly the version on chain (record, version, author, content hash and encrypted
// location), and the key must open that version's record, author's signature and content hash
// included, before it is wrapped into a capsule the chain will point at.
func (e *Env) dataKeyFromDraft(ctx context.Context, patient *Identity, rec bindings.IRecordRegistryRecord, recordID [32]byte, d *Draft) ([32]byte, error) {
	if d.RecordID != recordID || d.Version != rec.Version || d.Provider != rec.Provider || d.Patient != rec.Patient ||
		d.Input.ContentHash != rec.ContentHash || !bytes.Equal(d.Input.EncryptedLocation, rec.EncryptedLocation) {
		return [32]byte{}, fmt.Errorf("the draft is of record %x version %d, not of the version on chain (record %x version %d)",
			d.RecordID, d.Version, recordID, rec.Version)
	}
	k, err := d.OpenKey(patient)
	if err != nil {
		return [32]byte{}, err
	}
	if _, err := e.openSealed(ctx, rec.Patient, rec.Provider, recordID, rec.Version, rec.ContentHash, rec.EncryptedLocation, k, io.Discard); err != nil {
		clear(k[:])
		return [32]byte{}, fmt.Errorf("the draft's data key does not open record %x version %d: %w", recordID, rec.Version, err)
	}
	return k, nil
}
