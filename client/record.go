package client

import (
	"context"
	"crypto/rand"
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
	"github.com/emrchain/emrchain/crypto/pre"
)

// Draft is a sealed record version stored on IPFS and awaiting the two signatures that let it
// onto the chain.
type Draft struct {
	Patient   common.Address
	Provider  common.Address
	RecordID  [32]byte
	Version   uint32
	Input     bindings.IRecordRegistryRecordInput
	Digest    [32]byte // the EIP-712 digest both sign
	RecordCID cid.Cid
	Sealed    *envelope.Sealed
}

// ErrEmptyRecord means the plaintext to seal had no bytes: a record with nothing in it is never
// registered.
var ErrEmptyRecord = errors.New("the record is empty (0 bytes): there is nothing to seal")

// SealOptions tune SealRecord.
type SealOptions struct {
	// Policy, when set, also wraps the data key under this CP-ABE policy (seed 001).
	Policy *cpabe.Policy
	// Progress is called with the number of sealed bytes stored so far.
	Progress func(done int64)
}

// SealRecord seals plaintext from src as provider for patient (sign, then encrypt under a fresh
// data key), stores it and its key capsules on IPFS, and returns the draft to be co-signed.
// recordID is nil for a new record, or the record to add a version to.
func (e *Env) SealRecord(ctx context.Context, provider *Identity, patient common.Address, src io.Reader, recordID *[32]byte, opts SealOptions) (_ *Draft, err error) {
	random := e.Rand
	if random == nil {
		random = rand.Reader
	}
	patientPRE, err := e.PREKeyOf(ctx, patient)
	if err != nil {
		return nil, err
	}
	version := uint32(1)
	if recordID != nil {
		_, current, status, err := e.recordState(ctx, *recordID)
		if err != nil {
			return nil, err
		}
		if status != 1 {
			return nil, fmt.Errorf("record %x is not active", *recordID)
		}
		version = current + 1
	}

	var dataKey [32]byte
	if _, err := io.ReadFull(random, dataKey[:]); err != nil {
		return nil, fmt.Errorf("data key: %w", err)
	}
	signer, err := envelope.NewEthereumSigner(provider.Key)
	if err != nil {
		return nil, err
	}
	ad := patient.Bytes()

	// Seal straight into IPFS: the record is never held whole in memory.
	recordCID, sealed, err := SealToStore(ctx, e.Store, random, src, dataKey, signer, ad, opts.Progress)
	if err != nil {
		return nil, err
	}
	// Until the draft is returned nothing references what is stored here: a failure takes it back.
	stored := []cid.Cid{recordCID}
	defer func() {
		if err != nil {
			_ = e.Discard(ctx, stored...)
		}
	}()
	if sealed.PlaintextSize == 0 {
		return nil, ErrEmptyRecord
	}

	location, err := envelope.SealLocation(random, dataKey, recordCID.Bytes(), ad)
	if err != nil {
		return nil, fmt.Errorf("seal location: %w", err)
	}
	capsule, err := pre.Encrypt(random, patientPRE, dataKey)
	if err != nil {
		return nil, fmt.Errorf("wrap data key for the patient: %w", err)
	}
	capsuleBytes, err := capsule.MarshalBinary()
	if err != nil {
		return nil, err
	}
	capsuleRef, _, err := e.putBytes(ctx, capsuleBytes)
	if err != nil {
		return nil, fmt.Errorf("capsule: %w", err)
	}
	stored = append(stored, cidOf(capsuleRef))
	input := bindings.IRecordRegistryRecordInput{
		ContentHash:       sealed.SealedSHA256,
		EncryptedLocation: location,
		WrappedKeyRef:     capsuleRef,
	}
	if opts.Policy != nil {
		if e.ABIPublicKey == nil {
			return nil, errors.New("a CP-ABE policy needs the oracle's CP-ABE public key")
		}
		wrapped, err := cpabe.Wrap(random, e.ABIPublicKey, opts.Policy, dataKey)
		if err != nil {
			return nil, fmt.Errorf("wrap data key under %q: %w", opts.Policy, err)
		}
		ref, _, err := e.putBytes(ctx, wrapped)
		if err != nil {
			return nil, fmt.Errorf("CP-ABE key: %w", err)
		}
		stored = append(stored, cidOf(ref))
		input.AbeKeyRef = ref
		input.PolicyHash = PolicyHash(opts.Policy)
	}

	d := &Draft{Patient: patient, Provider: provider.Address(), Version: version, Input: input, RecordCID: recordCID, Sealed: sealed}
	if recordID != nil {
		d.RecordID = *recordID
	} else {
		d.RecordID = contracts.RecordID(patient, d.Provider, input.ContentHash)
	}
	d.Digest = contracts.VersionDigest(e.ChainID, e.Set.Addresses.Records, d.RecordID, patient, version, input)
	return d, nil
}

// PolicyHash is the on-chain hash of a CP-ABE policy: keccak256 of its canonical text.
func PolicyHash(p *cpabe.Policy) [32]byte { return crypto.Keccak256Hash([]byte(p.String())) }

// Sign signs the draft's EIP-712 digest as id.
func (d *Draft) Sign(id *Identity) ([]byte, error) {
	sig, err := crypto.Sign(d.Digest[:], id.Key)
	if err != nil {
		return nil, fmt.Errorf("sign record version as %s: %w", id.Name, err)
	}
	return sig, nil
}

// CoSign is the patient's side of seed 001's joint signature: the patient unwraps the data key,
// opens the sealed record from IPFS, checks it is the provider's and hashes to the draft's
// content hash, and only then signs. The plaintext is written to dst (io.Discard to skip it).
func (e *Env) CoSign(ctx context.Context, patient *Identity, d *Draft, dst io.Writer) ([]byte, *envelope.Opened, error) {
	if patient.Address() != d.Patient {
		return nil, nil, fmt.Errorf("draft is for patient %s, not %s", d.Patient, patient.Address())
	}
	capsuleBytes, err := e.getBytes(ctx, d.Input.WrappedKeyRef, [32]byte{}, maxArtifact)
	if err != nil {
		return nil, nil, fmt.Errorf("capsule: %w", err)
	}
	var capsule pre.Ciphertext
	if err := capsule.UnmarshalBinary(capsuleBytes); err != nil {
		return nil, nil, fmt.Errorf("capsule: %w", err)
	}
	dataKey, err := patient.PRE.Decrypt(&capsule)
	if err != nil {
		return nil, nil, fmt.Errorf("unwrap data key: %w", err)
	}
	opened, err := e.openSealed(ctx, d.Patient, d.Provider, d.Input.ContentHash, d.Input.EncryptedLocation, dataKey, dst)
	if err != nil {
		return nil, nil, err
	}
	sig, err := d.Sign(patient)
	return sig, opened, err
}

// SubmitRecord puts a co-signed draft on chain as sender (anyone may relay it).
func (e *Env) SubmitRecord(ctx context.Context, sender *Identity, d *Draft, providerSig, patientSig []byte) (*Tx, error) {
	if d.Version == 1 {
		tx, _, err := e.send(ctx, sender, "create record", e.Set.Records.BoundContract,
			e.Set.Records.ABI.PackCreateRecord(d.Patient, d.Provider, d.Input, providerSig, patientSig))
		return tx, err
	}
	tx, _, err := e.send(ctx, sender, fmt.Sprintf("update record to v%d", d.Version), e.Set.Records.BoundContract,
		e.Set.Records.ABI.PackUpdateRecord(d.RecordID, d.Provider, d.Input, providerSig, patientSig))
	return tx, err
}

// DeleteRecord tombstones a record and unpins what this node holds of it.
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
	if c, err := cid.Cast(rec.WrappedKeyRef); err == nil {
		_ = e.Store.Remove(ctx, c)
	}
	if dataKey != nil {
		if loc, err := envelope.OpenLocation(*dataKey, rec.EncryptedLocation, rec.Patient.Bytes()); err == nil {
			if c, err := cid.Cast(loc); err == nil {
				_ = e.Store.Remove(ctx, c)
			}
		}
	}
	return tx, nil
}

// Record reads a record's current version.
func (e *Env) Record(ctx context.Context, recordID [32]byte) (bindings.IRecordRegistryRecord, error) {
	r, err := bind.Call(e.Set.Records.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Records.ABI.PackRecord(recordID), e.Set.Records.ABI.UnpackRecord)
	if err != nil {
		return r, fmt.Errorf("read record %x: %w", recordID, contracts.DecodeError(err))
	}
	if r.Status == 0 {
		return r, fmt.Errorf("record %x: %w", recordID, contracts.Revert("UnknownRecord"))
	}
	return r, nil
}

func (e *Env) recordState(ctx context.Context, recordID [32]byte) (common.Address, uint32, uint8, error) {
	out, err := bind.Call(e.Set.Records.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Records.ABI.PackRecordState(recordID), e.Set.Records.ABI.UnpackRecordState)
	if err != nil {
		return common.Address{}, 0, 0, fmt.Errorf("read record %x: %w", recordID, err)
	}
	return out.Patient, out.Version, out.Status, nil
}

// ReadRecord opens the current version of a record with its data key, writing the verified
// plaintext to dst. The content hash, the AEAD over every chunk and the provider's signature are
// all checked; on error dst may hold unverified bytes and must be discarded.
func (e *Env) ReadRecord(ctx context.Context, recordID [32]byte, dataKey [32]byte, dst io.Writer) (*envelope.Opened, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return nil, err
	}
	if rec.Status != 1 {
		return nil, fmt.Errorf("record %x: %w", recordID, contracts.Revert("RecordTombstoned"))
	}
	return e.openSealed(ctx, rec.Patient, rec.Provider, rec.ContentHash, rec.EncryptedLocation, dataKey, dst)
}

func (e *Env) openSealed(ctx context.Context, patient, provider common.Address, contentHash [32]byte, location []byte, dataKey [32]byte, dst io.Writer) (*envelope.Opened, error) {
	ad := patient.Bytes()
	loc, err := envelope.OpenLocation(dataKey, location, ad)
	if err != nil {
		return nil, fmt.Errorf("decrypt record location: %w", err)
	}
	c, err := cid.Cast(loc)
	if err != nil {
		return nil, fmt.Errorf("record location: %w", err)
	}
	return OpenFromStore(ctx, e.Store, c, dataKey, ad, contentHash, provider, dst, e.ReadProgress)
}

// DataKeyFromCapsule unwraps a record's data key with the patient's own PRE key.
func (e *Env) DataKeyFromCapsule(ctx context.Context, patient *Identity, recordID [32]byte) ([32]byte, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return [32]byte{}, err
	}
	b, err := e.getBytes(ctx, rec.WrappedKeyRef, [32]byte{}, maxArtifact)
	if err != nil {
		return [32]byte{}, fmt.Errorf("capsule: %w", err)
	}
	var capsule pre.Ciphertext
	if err := capsule.UnmarshalBinary(b); err != nil {
		return [32]byte{}, fmt.Errorf("capsule: %w", err)
	}
	return patient.PRE.Decrypt(&capsule)
}

// DataKeyFromPolicy unwraps a record's data key with a CP-ABE attribute key (seed 001's path).
func (e *Env) DataKeyFromPolicy(ctx context.Context, ak *cpabe.AttributeKey, recordID [32]byte) ([32]byte, error) {
	rec, err := e.Record(ctx, recordID)
	if err != nil {
		return [32]byte{}, err
	}
	if len(rec.AbeKeyRef) == 0 {
		return [32]byte{}, fmt.Errorf("record %x has no CP-ABE policy", recordID)
	}
	wrapped, err := e.getBytes(ctx, rec.AbeKeyRef, [32]byte{}, maxArtifact)
	if err != nil {
		return [32]byte{}, fmt.Errorf("CP-ABE key of record %x: %w", recordID, err)
	}
	return cpabe.Unwrap(ak, wrapped)
}
