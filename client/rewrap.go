package client

import (
	"context"
	"errors"
	"fmt"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/recordkey"
)

// RewrapOptions tune Rewrap.
type RewrapOptions struct {
	// OldSeed, when the patient replaced her record seed, is the seed the current capsules were
	// made with. Rewrap opens a capsule with the patient's seed first and with OldSeed when that
	// fails; the new capsule is always made with the patient's (new) seed.
	OldSeed *recordkey.Seed
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
	// Unpinned says the replaced capsule object was removed from the store; UnpinError says why
	// not, when it was not (the rewrap itself is on chain either way).
	Unpinned   bool
	UnpinError error
	Tx         *Tx
}

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
	if len(rec.CapsuleRef) == 0 {
		return nil, fmt.Errorf("record %x version %d has no patient capsule to rewrap", recordID, rec.Version)
	}
	old, err := e.capsuleOf(ctx, rec)
	if err != nil {
		return nil, err
	}
	out := &Rewrapped{RecordID: recordID, Version: rec.Version, FromGeneration: rec.Generation, Generation: rec.Generation + 1}
	id := e.KeyID(recordID, rec.Version, rec.Generation)
	dataKey, err := patient.Seed.Open(id, old)
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
	if err := e.Discard(ctx, cidOf(rec.CapsuleRef)); err != nil {
		out.UnpinError = err
	} else {
		out.Unpinned = true
	}
	return out, nil
}
