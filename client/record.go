package client

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/crypto/transport"
)

// Info strings and labels of the record path, from docs/protocol.md.
const (
	// DraftKeyInfo is the HPKE info of a draft's data key sealed to a recipient's transport key
	// (the patient, or a guardian who may co-sign for her), with DraftKeyAAD.
	DraftKeyInfo = "emrchain/draft-key/v2"
	// draftKeyInfoV1 is the info of a format-2 draft, whose only key is the patient's and whose
	// associated data names no recipient.
	draftKeyInfoV1 = "emrchain/draft-key/v1"
	// recordADLabel starts a sealed record's associated data.
	recordADLabel = "emrchain/record/v2"
)

// Record statuses as RecordRegistry numbers them.
const (
	RecordNone    uint8 = 0
	RecordActive  uint8 = 1
	RecordDeleted uint8 = 2
)

// RecordAD is the associated data a record version's envelope and encrypted location are sealed
// with: "emrchain/record/v2" ‖ patient (20) ‖ recordId (32) ‖ version (4, big-endian). A sealed
// record moved to another patient, record or version does not open.
func RecordAD(patient common.Address, recordID [32]byte, version uint32) []byte {
	ad := make([]byte, 0, len(recordADLabel)+20+32+4)
	ad = append(ad, recordADLabel...)
	ad = append(ad, patient.Bytes()...)
	ad = append(ad, recordID[:]...)
	return binary.BigEndian.AppendUint32(ad, version)
}

// DraftKeyAAD binds a draft's sealed data key to its record version and to the account it is
// sealed for: recordId (32) ‖ version (4, big-endian) ‖ recipient (20). A key sealed to one
// recipient and relabelled as another's does not open, even when both share a transport key.
func DraftKeyAAD(recordID [32]byte, version uint32, recipient common.Address) []byte {
	return append(draftKeyAADv1(recordID, version), recipient.Bytes()...)
}

// draftKeyAADv1 is a format-2 draft's associated data: recordId ‖ version.
func draftKeyAADv1(recordID [32]byte, version uint32) []byte {
	return binary.BigEndian.AppendUint32(append([]byte{}, recordID[:]...), version)
}

// Draft is a sealed record version on IPFS with what its author proposes for the chain, waiting
// for the patient's approval. The provider signs it (RecordVersion); the patient's client opens
// the data key, checks the record and the policy, builds the capsule and gate object and signs
// PatientApproval over it.
type Draft struct {
	Patient  common.Address
	Provider common.Address // the patient, for a patient-authored version
	// Salt is the provider's random salt of a new record (version 1); zero for updates.
	Salt     [32]byte
	RecordID [32]byte
	Version  uint32
	Input    bindings.IRecordRegistryVersionInput
	// Policy is the proposed CP-ABE policy in canonical text ("" for none); its program's
	// keccak256 is Input.PolicyHash.
	Policy string
	// Digest is the EIP-712 digest of the RecordVersion the author signs, for this deployment.
	Digest [32]byte
	// SealedKey is the data key sealed to the patient's transport key (DraftKeyInfo,
	// DraftKeyAAD).
	SealedKey []byte
	// Cosigners are the guardians the data key is also sealed to, so that one of them may
	// co-sign the version in the patient's place (each may still lose the right before then).
	Cosigners []SealedKey
	// Format is the draft format it was read from (DraftFormat for a draft made here); a
	// format-2 draft's key is sealed under the earlier info and associated data.
	Format int
	// RecordCID and Sealed are the author's own knowledge of what it stored; a draft read
	// from a file has neither.
	RecordCID cid.Cid
	Sealed    *envelope.Sealed
}

// SealedKey is a draft's data key sealed to one guardian's transport key.
type SealedKey struct {
	Guardian common.Address
	Key      []byte
}

// ErrNotForYou means a draft's data key is sealed neither to the identity that tries to open it
// nor to any guardian by that address.
var ErrNotForYou = errors.New("the draft's data key is not sealed to you")

// OpenKey opens the data key the draft carries for id: the patient's, or a co-signing guardian's.
// The returned key must be cleared by the caller.
func (d *Draft) OpenKey(id *Identity) ([32]byte, error) {
	if id.Transport == nil {
		return [32]byte{}, fmt.Errorf("identity %s has no transport key, which a draft's data key is sealed to", id.Name)
	}
	var sealed []byte
	switch me := id.Address(); {
	case me == d.Patient:
		sealed = d.SealedKey
	default:
		for _, c := range d.Cosigners {
			if c.Guardian == me {
				sealed = c.Key
			}
		}
	}
	if sealed == nil {
		return [32]byte{}, fmt.Errorf("%w: it is for patient %s and %s, not %s", ErrNotForYou, d.Patient, d.cosignerList(), id.Address())
	}
	info, aad := []byte(DraftKeyInfo), DraftKeyAAD(d.RecordID, d.Version, id.Address())
	if d.Format == 2 {
		info, aad = []byte(draftKeyInfoV1), draftKeyAADv1(d.RecordID, d.Version)
	}
	k, err := transport.Open(id.Transport, info, sealed, aad)
	if err != nil {
		return [32]byte{}, fmt.Errorf("open the draft's data key as %s: %w", id.Address(), err)
	}
	defer clear(k)
	if len(k) != 32 {
		return [32]byte{}, fmt.Errorf("the draft's data key is %d bytes", len(k))
	}
	return [32]byte(k), nil
}

func (d *Draft) cosignerList() string {
	if len(d.Cosigners) == 0 {
		return "no guardian"
	}
	s := "guardian"
	if len(d.Cosigners) > 1 {
		s += "s"
	}
	for i, c := range d.Cosigners {
		if i > 0 {
			s += ","
		}
		s += " " + c.Guardian.Hex()
	}
	return s
}

// PatientAuthored reports whether the patient wrote the version herself.
func (d *Draft) PatientAuthored() bool { return d.Provider == d.Patient }

// VersionHash is the EIP-712 struct hash of the author's RecordVersion.
func (d *Draft) VersionHash() [32]byte {
	return contracts.VersionHash(d.RecordID, d.Patient, d.Provider, d.Version, d.Input)
}

// ErrEmptyRecord means the plaintext to seal had no bytes: a record with nothing in it is never
// registered.
var ErrEmptyRecord = errors.New("the record is empty (0 bytes): there is nothing to seal")

// SealOptions tune SealRecord.
type SealOptions struct {
	// Policy, when set, proposes a CP-ABE policy for attribute-based reads (seed 001). Every
	// attribute it names must be defined on chain.
	Policy *cpabe.Policy
	// Progress is called with the number of sealed bytes stored so far.
	Progress func(done int64)
	// Cosigners are guardians to seal the data key to as well (CosigningGuardians lists those
	// who may co-sign now); each must hold the co-sign scope now and have a transport key.
	Cosigners []common.Address
}

// SealRecord seals plaintext from src as author for patient: it draws the data key (and, for a
// new record, the salt the record id derives from), seals under the record version's associated
// data straight into IPFS, seals the location, and returns the draft with the data key sealed to
// the patient's transport key. recordID is nil for a new record, or the record to add a version
// to. author is a provider, or the patient herself for a patient-authored version.
func (e *Env) SealRecord(ctx context.Context, author *Identity, patient common.Address, src io.Reader, recordID *[32]byte, opts SealOptions) (_ *Draft, err error) {
	random := e.random()
	patientKey, err := e.TransportKeyOf(ctx, patient)
	if err != nil {
		return nil, fmt.Errorf("patient: %w", err)
	}
	cosignerKeys, err := e.cosignerKeys(ctx, author.Address(), patient, opts.Cosigners)
	if err != nil {
		return nil, err
	}
	d := &Draft{Patient: patient, Provider: author.Address(), Version: 1, Format: DraftFormat}
	if recordID != nil {
		rec, err := e.Record(ctx, *recordID)
		if err != nil {
			return nil, err
		}
		if rec.Status != RecordActive {
			return nil, fmt.Errorf("record %x is not active", *recordID)
		}
		if rec.Patient != patient {
			return nil, fmt.Errorf("record %x is %s's, not %s's", *recordID, rec.Patient, patient)
		}
		d.RecordID, d.Version = *recordID, rec.Version+1
	} else {
		if _, err := io.ReadFull(random, d.Salt[:]); err != nil {
			return nil, fmt.Errorf("salt: %w", err)
		}
		d.RecordID = contracts.RecordID(patient, d.Provider, d.Salt)
	}
	if opts.Policy != nil {
		if d.Input.PolicyHash, err = e.CheckPolicy(ctx, opts.Policy); err != nil {
			return nil, err
		}
		d.Policy = opts.Policy.String()
	}

	var dataKey [32]byte
	if _, err := io.ReadFull(random, dataKey[:]); err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	defer clear(dataKey[:])
	signer, err := envelope.NewEthereumSigner(author.Key)
	if err != nil {
		return nil, err
	}
	ad := RecordAD(patient, d.RecordID, d.Version)

	// Seal straight into IPFS: the record is never held whole in memory.
	d.RecordCID, d.Sealed, err = SealToStore(ctx, e.Store, random, src, dataKey, signer, ad, opts.Progress)
	if err != nil {
		return nil, err
	}
	// Until the draft is returned nothing references what is stored here: a failure takes it back.
	defer func() {
		if err != nil {
			_ = e.Discard(ctx, d.RecordCID)
		}
	}()
	if d.Sealed.PlaintextSize == 0 {
		return nil, ErrEmptyRecord
	}
	d.Input.ContentHash = d.Sealed.SealedSHA256
	if d.Input.EncryptedLocation, err = envelope.SealLocation(random, dataKey, d.RecordCID.Bytes(), ad); err != nil {
		return nil, fmt.Errorf("seal location: %w", err)
	}
	if d.SealedKey, err = transport.Seal(patientKey, []byte(DraftKeyInfo), dataKey[:], DraftKeyAAD(d.RecordID, d.Version, patient)); err != nil {
		return nil, fmt.Errorf("seal the data key to the patient: %w", err)
	}
	for i, g := range opts.Cosigners {
		k, err := transport.Seal(cosignerKeys[i], []byte(DraftKeyInfo), dataKey[:], DraftKeyAAD(d.RecordID, d.Version, g))
		if err != nil {
			return nil, fmt.Errorf("seal the data key to guardian %s: %w", g, err)
		}
		d.Cosigners = append(d.Cosigners, SealedKey{Guardian: g, Key: k})
	}
	d.Digest = contracts.VersionDigest(e.ChainID, e.Set.Addresses.Records, d.RecordID, d.Patient, d.Provider, d.Version, d.Input)
	return d, nil
}

// Sign signs the draft's RecordVersion as its author. A patient-authored version has no
// author signature: the patient's approval is the only one (it returns nil).
func (d *Draft) Sign(author *Identity) ([]byte, error) {
	if author.Address() != d.Provider {
		return nil, fmt.Errorf("the draft's author is %s, not %s", d.Provider, author.Address())
	}
	if d.PatientAuthored() {
		return nil, nil
	}
	return d.sign(author)
}

func (d *Draft) sign(author *Identity) ([]byte, error) {
	sig, err := crypto.Sign(d.Digest[:], author.Key)
	if err != nil {
		return nil, fmt.Errorf("sign record version as %s: %w", author.Name, err)
	}
	return sig, nil
}

// Record reads a record's current version.
func (e *Env) Record(ctx context.Context, recordID [32]byte) (bindings.IRecordRegistryRecord, error) {
	r, err := bind.Call(e.Set.Records.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Records.ABI.PackRecord(recordID), e.Set.Records.ABI.UnpackRecord)
	if err != nil {
		return r, fmt.Errorf("read record %x: %w", recordID, contracts.DecodeError(err))
	}
	if r.Status == RecordNone {
		return r, fmt.Errorf("record %x: %w", recordID, contracts.Revert("UnknownRecord"))
	}
	return r, nil
}

// ReadRecord opens the current version of a record with its data key, writing the verified
// plaintext to dst. The content hash, the AEAD over every chunk (bound to patient, record and
// version) and the author's signature are all checked; on error dst may hold unverified bytes
// and must be discarded.
func (e *Env) ReadRecord(ctx context.Context, recordID [32]byte, dataKey [32]byte, dst io.Writer) (*envelope.Opened, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if rec.Status != RecordActive {
		return nil, fmt.Errorf("record %x: %w", recordID, contracts.Revert("RecordTombstoned"))
	}
	return e.openSealed(ctx, rec.Patient, rec.Provider, recordID, rec.Version, rec.ContentHash, rec.EncryptedLocation, dataKey, dst)
}

func (e *Env) openSealed(ctx context.Context, patient, author common.Address, recordID [32]byte, version uint32, contentHash [32]byte, location []byte, dataKey [32]byte, dst io.Writer) (*envelope.Opened, error) {
	ad := RecordAD(patient, recordID, version)
	loc, err := envelope.OpenLocation(dataKey, location, ad)
	if err != nil {
		return nil, fmt.Errorf("decrypt record location: %w", err)
	}
	c, err := cid.Cast(loc)
	if err != nil {
		return nil, fmt.Errorf("record location: %w", err)
	}
	return OpenFromStore(ctx, e.Store, c, dataKey, ad, contentHash, author, dst, e.ReadProgress)
}

// DeleteRecord tombstones a record. What this node holds of it goes too: the capsule and gate
// objects, and, when the caller knows the data key (the patient), the sealed record.
func (e *Env) DeleteRecord(ctx context.Context, actor *Identity, recordID [32]byte, dataKey *[32]byte) (*Tx, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	tx, _, err := e.send(ctx, actor, "delete record", e.Set.Records.BoundContract, e.Set.Records.ABI.PackDeleteRecord(recordID))
	if err != nil {
		return nil, err
	}
	// Seed 003's delete: the chain keeps the tombstone, the store drops what it can locate.
	for _, ref := range [][]byte{rec.CapsuleRef, rec.GateRef} {
		if c, err := cid.Cast(ref); err == nil {
			_ = e.Store.Remove(ctx, c)
		}
	}
	if dataKey != nil {
		if loc, err := envelope.OpenLocation(*dataKey, rec.EncryptedLocation, RecordAD(rec.Patient, recordID, rec.Version)); err == nil {
			if c, err := cid.Cast(loc); err == nil {
				_ = e.Store.Remove(ctx, c)
			}
		}
	}
	return tx, nil
}

func (e *Env) random() io.Reader {
	if e.Rand != nil {
		return e.Rand
	}
	return rand.Reader
}
