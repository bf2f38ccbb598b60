package client

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/storage"
)

// RecordErasedStatus is RecordRegistry's RecordStatus.Erased.
const RecordErasedStatus uint8 = 3

// ErasureObject is one IPFS object that held something of an erased record.
type ErasureObject struct {
	CID cid.Cid
	// Kind says what it was: "content v2", "capsule v1 gen 0", "gate v1", "re-key bundle of
	// request 4"…
	Kind string
	// Removed is true once this store no longer holds it; Err says why not.
	Removed bool
	Err     error
	// Kept is true for a capsule object left in the store on purpose: some version's content
	// could not be located, and only the patient's seed, opening this capsule, can locate it
	// (`UnpinErased` as the patient removes both).
	Kept bool
	// capsule marks the version capsules recordObjects found.
	capsule bool
}

// Erasure is what erasing a record did.
type Erasure struct {
	Tx       *Tx
	RecordID [32]byte
	Patient  common.Address
	Version  uint32
	ByOrder  bool
	Objects  []ErasureObject
	// Unlocated says which versions' sealed content could not be located (the location is
	// sealed under the version's data key: only the patient's seed opens it, and only while
	// its capsule object can still be fetched).
	Unlocated []string
	// Index is what the patient's client found of the record in her keyword index, each entry
	// marked removed once its removal landed (nil when the admin erases: only the patient may
	// remove her entries). IndexTxs are the removals; IndexErr says why some entries stay.
	Index    *IndexFindings
	IndexTxs []*Tx
	IndexErr error
}

// EraseOptions tune EraseRecord.
type EraseOptions struct {
	// Patient is the patient's identity with her seed, to locate every version's sealed
	// content; nil when the admin erases on a court order (only the key objects the chain
	// names are then removed, and Unlocated says what is left for the patient's client).
	Patient *Identity
	// Keywords the record was indexed under, to find entries written without the record's tag
	// (entries of tagged batches are found without them).
	Keywords []string
}

// EraseRecord erases a record for good (docs/care.md, "Erasure"): the actor is its active
// patient, or the registry admin once the patient's guardians approved the erasure on a court
// order. Before the transaction it gathers, from the chain's events, every object of the record:
// each version's sealed content (located with the patient's seed), every capsule and gate object
// ever named, and the re-key bundle of every grant of the record; after it, it unpins and deletes
// them from the store, and as the patient removes the record's keyword-index entries. The chain
// keeps only hashes and the fact of the erasure (and, in its history, everything it ever held).
func (e *Env) EraseRecord(ctx context.Context, actor *Identity, recordID [32]byte, opts EraseOptions) (*Erasure, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	// An erased record is refused by the chain itself (RecordIsErased), named as the contract's.
	if opts.Patient != nil && opts.Patient.Address() != rec.Patient {
		return nil, fmt.Errorf("record %x is %s's, not %s's", recordID, rec.Patient, opts.Patient.Address())
	}
	er := &Erasure{RecordID: recordID, Patient: rec.Patient, Version: rec.Version}
	if er.Objects, er.Unlocated, err = e.recordObjects(ctx, recordID, rec.Patient, opts.Patient); err != nil {
		return nil, err
	}
	// Found before the erasure, as the objects are: a failure here changes nothing yet.
	if opts.Patient != nil {
		if er.Index, err = e.RecordIndexEntries(ctx, opts.Patient, recordID, opts.Keywords...); err != nil {
			return nil, err
		}
	}
	tx, rcpt, err := e.send(ctx, actor, "erase record", e.Set.Records.BoundContract, e.Set.Records.ABI.PackEraseRecord(recordID))
	if err != nil {
		return nil, err
	}
	er.Tx = tx
	for _, l := range rcpt.Logs {
		if ev, err := e.Set.Records.ABI.UnpackRecordErasedEvent(l); err == nil {
			er.ByOrder, er.Version = ev.ByOrder, ev.Version
		}
	}
	e.unpin(ctx, er.Objects, len(er.Unlocated) > 0)
	if er.Index != nil {
		er.IndexTxs, er.IndexErr = e.RemoveIndexEntries(context.WithoutCancel(ctx), opts.Patient, er.Index.Entries)
	}
	return er, nil
}

// UnpinErased removes, once more, what the store still holds of a record already erased, and
// with the patient's identity its keyword-index entries (a retry after an interrupted erasure,
// or the patient's client after an erasure by order).
func (e *Env) UnpinErased(ctx context.Context, recordID [32]byte, opts EraseOptions) (*Erasure, error) {
	patient := opts.Patient
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if rec.Status != RecordErasedStatus {
		return nil, fmt.Errorf("record %x is not erased", recordID)
	}
	er := &Erasure{RecordID: recordID, Patient: rec.Patient, Version: rec.Version}
	if er.Objects, er.Unlocated, err = e.recordObjects(ctx, recordID, rec.Patient, patient); err != nil {
		return nil, err
	}
	if patient != nil && patient.Address() == rec.Patient {
		if er.Index, err = e.RecordIndexEntries(ctx, patient, recordID, opts.Keywords...); err != nil {
			return nil, err
		}
	}
	e.unpin(ctx, er.Objects, len(er.Unlocated) > 0)
	if er.Index != nil {
		er.IndexTxs, er.IndexErr = e.RemoveIndexEntries(context.WithoutCancel(ctx), patient, er.Index.Entries)
	}
	return er, nil
}

// unpin removes the objects from the store; with keepCapsules the capsule objects stay, as the
// only way left to locate content that could not be located now.
func (e *Env) unpin(ctx context.Context, objects []ErasureObject, keepCapsules bool) {
	ctx = context.WithoutCancel(ctx)
	for i := range objects {
		if keepCapsules && objects[i].capsule {
			objects[i].Kept = true
			continue
		}
		err := e.Store.Remove(ctx, objects[i].CID)
		switch {
		case err == nil, errors.Is(err, storage.ErrNotFound):
			objects[i].Removed = true
		default:
			objects[i].Err = err
		}
	}
}

// capsuleRef is one capsule object a record version had.
type capsuleRef struct {
	version, generation uint32
	hash                [32]byte
	ref                 []byte
}

// recordObjects gathers every object the chain ever named for a record, and with the patient's
// seed the sealed content of each version.
func (e *Env) recordObjects(ctx context.Context, recordID [32]byte, patient common.Address, seedHolder *Identity) ([]ErasureObject, []string, error) {
	r := e.Set.Records
	var (
		objects   []ErasureObject
		seen      = map[string]bool{}
		capsules  []capsuleRef
		locations = map[uint32][]byte{}
		unlocated []string
	)
	add := func(ref []byte, kind string) {
		c, err := cid.Cast(ref)
		if err != nil || seen[c.KeyString()] {
			return
		}
		seen[c.KeyString()] = true
		objects = append(objects, ErasureObject{CID: c, Kind: kind, capsule: strings.HasPrefix(kind, "capsule ")})
	}
	opts := &bind.FilterOpts{Context: ctx}
	created, err := bind.FilterEvents(r.BoundContract, opts, r.ABI.UnpackRecordCreatedEvent, []any{recordID})
	if err != nil {
		return nil, nil, fmt.Errorf("find the versions of record %x: %w", recordID, err)
	}
	for created.Next() {
		v := created.Value()
		locations[1] = v.Input.EncryptedLocation
		capsules = append(capsules, capsuleRef{1, 0, v.Approval.CapsuleHash, v.Approval.CapsuleRef})
		add(v.Approval.CapsuleRef, "capsule v1")
		add(v.Approval.GateRef, "gate v1")
	}
	created.Close()
	if err := created.Error(); err != nil {
		return nil, nil, err
	}
	updated, err := bind.FilterEvents(r.BoundContract, opts, r.ABI.UnpackRecordUpdatedEvent, []any{recordID})
	if err != nil {
		return nil, nil, fmt.Errorf("find the versions of record %x: %w", recordID, err)
	}
	for updated.Next() {
		v := updated.Value()
		locations[v.Version] = v.Input.EncryptedLocation
		capsules = append(capsules, capsuleRef{v.Version, 0, v.Approval.CapsuleHash, v.Approval.CapsuleRef})
		add(v.Approval.CapsuleRef, fmt.Sprintf("capsule v%d", v.Version))
		add(v.Approval.GateRef, fmt.Sprintf("gate v%d", v.Version))
	}
	updated.Close()
	if err := updated.Error(); err != nil {
		return nil, nil, err
	}
	rewrapped, err := bind.FilterEvents(r.BoundContract, opts, r.ABI.UnpackKeyRewrappedEvent, []any{recordID})
	if err != nil {
		return nil, nil, fmt.Errorf("find the key rotations of record %x: %w", recordID, err)
	}
	for rewrapped.Next() {
		v := rewrapped.Value()
		capsules = append(capsules, capsuleRef{v.Version, v.Generation, v.CapsuleHash, v.CapsuleRef})
		add(v.CapsuleRef, fmt.Sprintf("capsule v%d gen %d", v.Version, v.Generation))
	}
	rewrapped.Close()
	if err := rewrapped.Error(); err != nil {
		return nil, nil, err
	}
	policies, err := bind.FilterEvents(r.BoundContract, opts, r.ABI.UnpackPolicyChangedEvent, []any{recordID})
	if err != nil {
		return nil, nil, fmt.Errorf("find the policy changes of record %x: %w", recordID, err)
	}
	for policies.Next() {
		v := policies.Value()
		add(v.GateRef, fmt.Sprintf("gate v%d (policy change)", v.Version))
	}
	policies.Close()
	if err := policies.Error(); err != nil {
		return nil, nil, err
	}
	a := e.Set.Access
	grants, err := bind.FilterEvents(a.BoundContract, opts, a.ABI.UnpackAccessGrantedEvent, nil, []any{patient})
	if err != nil {
		return nil, nil, fmt.Errorf("find the grants of record %x: %w", recordID, err)
	}
	for grants.Next() {
		if v := grants.Value(); v.RecordId == recordID {
			add(v.BundleRef, fmt.Sprintf("re-key bundle of request %d", v.RequestId))
		}
	}
	grants.Close()
	if err := grants.Error(); err != nil {
		return nil, nil, err
	}

	// Each version's content: its location is sealed under the version's data key, which the
	// patient's seed opens from any of the version's capsules the store still holds.
	for version := uint32(1); version <= uint32(len(locations)); version++ {
		loc, ok := locations[version]
		if !ok {
			continue
		}
		if seedHolder == nil || seedHolder.Seed == nil {
			unlocated = append(unlocated, fmt.Sprintf("v%d", version))
			continue
		}
		c, err := e.locateContent(ctx, seedHolder.Seed, recordID, patient, version, loc, capsules)
		if err != nil {
			unlocated = append(unlocated, fmt.Sprintf("v%d (%v)", version, err))
			continue
		}
		add(c.Bytes(), fmt.Sprintf("content v%d", version))
	}
	return objects, unlocated, nil
}

// locateContent opens a version's sealed location with the data key from one of its capsules.
func (e *Env) locateContent(ctx context.Context, seed *recordkey.Seed, recordID [32]byte, patient common.Address, version uint32, location []byte, capsules []capsuleRef) (cid.Cid, error) {
	var last error = errors.New("no capsule of the patient's")
	for _, cr := range capsules {
		if cr.version != version || len(cr.ref) == 0 {
			continue
		}
		b, err := e.getBytes(ctx, cr.ref, cr.hash, maxArtifact)
		if err != nil {
			last = err
			continue
		}
		var capsule recordkey.Capsule
		if err := capsule.UnmarshalBinary(b); err != nil {
			last = err
			continue
		}
		k, err := seed.Open(e.KeyID(recordID, version, cr.generation), &capsule)
		if err != nil {
			last = err
			continue
		}
		loc, err := envelope.OpenLocation(k, location, RecordAD(patient, recordID, version))
		clear(k[:])
		if err != nil {
			last = err
			continue
		}
		return cid.Cast(loc)
	}
	return cid.Undef, last
}
