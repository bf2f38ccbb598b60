package client

import (
	"context"
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
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/tdec"
)

// Approval is the patient's side of a record version: what her client built (the capsule, and
// the gate object when there is a policy), as the chain takes it, and her PatientApproval
// signature over it and the author's version.
type Approval struct {
	Fields    bindings.IRecordRegistryApproval
	Signature []byte
	// Signer is who signed: the patient, or a guardian co-signing in her place.
	Signer common.Address
	// Objects are the capsule and gate objects the patient's client stored for the version;
	// until the version is on chain nothing else references them.
	Objects []cid.Cid
}

// Review is what the patient is shown about a draft before her client signs it.
type Review struct {
	Author          common.Address
	PatientAuthored bool
	RecordID        [32]byte
	Version         uint32
	Opened          *envelope.Opened
	// Policy is the proposed policy (nil for none), checked against the signed policy hash,
	// and PolicyWords says who could read under it.
	Policy      *cpabe.Policy
	PolicyWords string
	// CommitteeID is the committee the gate would be sealed to (0 without a gate) and Epoch
	// the key epoch K1 is wrapped under.
	CommitteeID uint64
	Epoch       uint64
	// NetworkCapsule says the gate object carries K for the committee, so that break-glass,
	// guardian grants and standing consents can open this version (docs/care.md).
	NetworkCapsule bool
	// NoCapsuleWhy says why a version the patient's break-glass setting wants the capsule on
	// goes without it ("" otherwise).
	NoCapsuleWhy string
	// Category is the category she co-signs (zero: none).
	Category [32]byte
	// Guardian is the guardian who signs in the patient's place (zero: the patient signs). Its
	// version carries the network capsule and no capsule of the patient's seed, which she adds
	// later (Rewrap with the draft).
	Guardian common.Address
}

// ErrNetworkCapsule means a version needs the network capsule (a standing consent covers its
// category) but no committee is active to seal it to: approving it without would silently put
// it outside the consent.
var ErrNetworkCapsule = errors.New("the version needs the network capsule")

// ErrNotApproved means the patient declined to approve a draft after reviewing it.
var ErrNotApproved = errors.New("the patient did not approve the draft")

// ApproveOptions tune Approve.
type ApproveOptions struct {
	// Plaintext receives the verified record (nil: discarded).
	Plaintext io.Writer
	// CommitteeID is the committee a gate object is sealed to; 0 means the newest active one.
	CommitteeID uint64
	// Confirm, if set, is shown the review once the record and policy check out, and may
	// refuse (ErrNotApproved) before anything is stored or signed.
	Confirm func(*Review) error
	// NetworkCapsule says whether the version carries the network capsule (CapsuleAuto: unless
	// the patient turned break-glass off, and an active committee exists to seal it to).
	NetworkCapsule CapsuleChoice
	// Category is the record's category code (CategoryCode), which standing consents cover;
	// zero for none.
	Category [32]byte
}

// CapsuleChoice says whether a co-signed version carries the network capsule.
type CapsuleChoice uint8

// Network capsule choices.
const (
	// CapsuleAuto includes it unless the patient's emergency setting is Off (or she gave the
	// version a category, which a consent may cover), when an active committee exists.
	CapsuleAuto CapsuleChoice = iota
	CapsuleAlways
	CapsuleNever
)

// CategoryCode is the on-chain category of a record for a code such as "laboratory" (FHIR
// Consent.provision.class): keccak256 of the code; the empty code is no category.
func CategoryCode(code string) [32]byte {
	if code == "" {
		return [32]byte{}
	}
	return crypto.Keccak256Hash([]byte(code))
}

// wantsNetworkCapsule decides CapsuleAuto: the patient's setting, and whether a committee can
// take the capsule at all. Without a committee a version goes without the capsule (why says so),
// unless a standing consent covers its category: that is refused with ErrNetworkCapsule.
func (e *Env) wantsNetworkCapsule(ctx context.Context, patient common.Address, opts ApproveOptions) (want bool, why string, err error) {
	switch opts.NetworkCapsule {
	case CapsuleAlways:
		return true, "", nil
	case CapsuleNever:
		return false, "", nil
	}
	mode, err := e.EmergencyMode(ctx, patient)
	if err != nil {
		return false, "", err
	}
	if mode == EmergencyOff && opts.Category == ([32]byte{}) {
		return false, "", nil
	}
	if _, err := e.committeeFor(ctx, opts.CommitteeID); errors.Is(err, ErrNoCommittee) {
		head, herr := e.Backend.HeaderByNumber(ctx, nil)
		if herr != nil {
			return false, "", fmt.Errorf("read head: %w", herr)
		}
		c, cerr := e.ConsentCovering(ctx, patient, opts.Category, unixUTC(head.Time))
		if cerr != nil {
			return false, "", cerr
		}
		if c != nil {
			return false, "", fmt.Errorf("%w for standing consent %d (its category): %w", ErrNetworkCapsule, c.ID, err)
		}
		return false, "no proxy committee is active, so break-glass cannot open this version", nil
	} else if err != nil {
		return false, "", err
	}
	return true, "", nil
}

// Approve is the patient's client at co-signing (docs/trust.md, "Who makes what"): it opens the
// data key the draft carries, checks the version still fits the chain, checks the proposed policy
// against the hash the author signed and that every attribute it names is defined, opens the
// record (its author's signature, its content hash), lets the patient confirm, then builds the
// capsule under the version's own key from her seed and, with a policy, the gate object (the
// CP-ABE half under the policy and the current key epoch, the other half to the committee), stores
// both and signs PatientApproval. What is signed is what her own client built.
//
// signer may instead be a guardian holding the co-sign scope, to whom the draft's key is sealed
// too (docs/care.md): it checks and reviews the same way, but builds no capsule (the version key
// derives from the patient's seed, which it does not hold) and always the network capsule, as
// RecordRegistry requires of a guardian's approval.
func (e *Env) Approve(ctx context.Context, signer *Identity, d *Draft, opts ApproveOptions) (_ *Approval, _ *Review, err error) {
	guardian := signer.Address() != d.Patient
	switch {
	case guardian && d.PatientAuthored():
		return nil, nil, fmt.Errorf("draft is patient %s's own record, which only she signs (not %s)", d.Patient, signer.Address())
	case guardian:
		if err := e.checkCosigner(ctx, d.Patient, signer.Address()); err != nil {
			return nil, nil, fmt.Errorf("draft is for patient %s: %w", d.Patient, err)
		}
	case signer.Seed == nil:
		return nil, nil, ErrNoSeed
	}
	dataKey, err := d.OpenKey(signer)
	if err != nil {
		return nil, nil, err
	}
	defer clear(dataKey[:])
	if err := e.checkVersionSlot(ctx, d); err != nil {
		return nil, nil, err
	}
	rv := &Review{Author: d.Provider, PatientAuthored: d.PatientAuthored(), RecordID: d.RecordID, Version: d.Version}
	if guardian {
		rv.Guardian = signer.Address()
	}
	if d.Policy != "" {
		if rv.Policy, err = cpabe.ParsePolicy(d.Policy); err != nil {
			return nil, nil, fmt.Errorf("the draft's policy %q: %w", d.Policy, err)
		}
		h, err := PolicyHash(rv.Policy)
		if err != nil {
			return nil, nil, err
		}
		if h != d.Input.PolicyHash {
			return nil, nil, fmt.Errorf("%w: %q hashes to %x, the author signed %x", ErrPolicyMismatch, d.Policy, h, d.Input.PolicyHash)
		}
		if _, err := e.CheckPolicy(ctx, rv.Policy); err != nil {
			return nil, nil, err
		}
	} else if d.Input.PolicyHash != ([32]byte{}) {
		return nil, nil, fmt.Errorf("%w: the author signed policy hash %x but the draft names no policy", ErrPolicyMismatch, d.Input.PolicyHash)
	}
	rv.PolicyWords = DescribePolicy(rv.Policy)

	dst := opts.Plaintext
	if dst == nil {
		dst = io.Discard
	}
	if rv.Opened, err = e.openSealed(ctx, d.Patient, d.Provider, d.RecordID, d.Version, d.Input.ContentHash, d.Input.EncryptedLocation, dataKey, dst); err != nil {
		return nil, nil, err
	}

	rv.Category = opts.Category
	if guardian {
		// Without it nobody but the patient could ever open the version, and she has no capsule.
		rv.NetworkCapsule = true
		if _, err := e.committeeFor(ctx, opts.CommitteeID); err != nil {
			return nil, nil, fmt.Errorf("%w, which a guardian's co-signature always carries: %w", ErrNetworkCapsule, err)
		}
	} else if rv.NetworkCapsule, rv.NoCapsuleWhy, err = e.wantsNetworkCapsule(ctx, d.Patient, opts); err != nil {
		return nil, nil, err
	}
	var ckey *tdec.CommitteeKey
	if rv.Policy != nil || rv.NetworkCapsule {
		if rv.CommitteeID, err = e.committeeFor(ctx, opts.CommitteeID); err != nil {
			return nil, nil, err
		}
		if ckey, err = e.CommitteeKey(ctx, rv.CommitteeID); err != nil {
			return nil, nil, err
		}
	}
	if rv.Policy != nil {
		if e.ABIPublicKey == nil {
			return nil, nil, errors.New("a record with a policy needs the key authority's CP-ABE public key")
		}
		if rv.Epoch, err = e.KeyEpoch(ctx); err != nil {
			return nil, nil, err
		}
	}
	if opts.Confirm != nil {
		if err := opts.Confirm(rv); err != nil {
			return nil, rv, err
		}
	}

	a := &Approval{Signer: signer.Address()}
	defer func() {
		if err != nil {
			_ = e.Discard(ctx, a.Objects...)
		}
	}()
	if !guardian {
		capsule, err := signer.Seed.Seal(e.random(), e.KeyID(d.RecordID, d.Version, 0), dataKey)
		if err != nil {
			return nil, rv, fmt.Errorf("capsule: %w", err)
		}
		if a.Fields.CapsuleRef, a.Fields.CapsuleHash, err = e.putObject(ctx, capsule); err != nil {
			return nil, rv, fmt.Errorf("capsule: %w", err)
		}
		a.Objects = append(a.Objects, cidOf(a.Fields.CapsuleRef))
	}
	if rv.Policy != nil || rv.NetworkCapsule {
		gate, err := tdec.NewGate(e.random(), ckey, gateRecord(d.Patient, d.RecordID, d.Version), dataKey,
			tdec.GateOptions{ABE: e.ABIPublicKey, Policy: rv.Policy, Epoch: rv.Epoch, NetworkCapsule: rv.NetworkCapsule})
		if err != nil {
			return nil, rv, fmt.Errorf("gate object: %w", err)
		}
		if rv.Policy != nil {
			if err := gate.CheckPolicy(rv.Policy); err != nil {
				return nil, rv, fmt.Errorf("gate object: %w", err)
			}
		}
		if a.Fields.GateRef, a.Fields.GateHash, err = e.putObject(ctx, gate); err != nil {
			return nil, rv, fmt.Errorf("gate object: %w", err)
		}
		a.Objects = append(a.Objects, cidOf(a.Fields.GateRef))
		a.Fields.CommitteeId = rv.CommitteeID
	}
	if d.PatientAuthored() {
		a.Fields.Flags = contracts.FlagPatientAuthored
	}
	if rv.NetworkCapsule {
		a.Fields.Flags |= contracts.FlagNetworkCapsule
	}
	a.Fields.Category = opts.Category
	digest := contracts.ApprovalDigest(e.ChainID, e.Set.Addresses.Records, d.VersionHash(), a.Fields)
	if a.Signature, err = crypto.Sign(digest[:], signer.Key); err != nil {
		return nil, rv, fmt.Errorf("sign the approval as %s: %w", signer.Name, err)
	}
	return a, rv, nil
}

// CheckApproval reports whether a is a.Signer's signature over the draft's version and the
// objects a names, and has the shape the chain takes from that signer: the patient's carries her
// capsule; a guardian's may lack it but carries the network capsule, and never approves a
// patient-authored version. Whether the guardian may co-sign is the chain's to say at submission.
func (e *Env) CheckApproval(d *Draft, a *Approval) error {
	needsGate := d.Input.PolicyHash != [32]byte{} || a.Fields.Flags&contracts.FlagNetworkCapsule != 0
	if (a.Fields.GateHash == [32]byte{}) == needsGate {
		return errors.New("the approval's gate does not match the draft's policy and network capsule")
	}
	if (a.Fields.CapsuleHash == [32]byte{}) != (len(a.Fields.CapsuleRef) == 0) {
		return errors.New("the approval's capsule hash and reference do not go together")
	}
	signer := a.Signer
	if signer == (common.Address{}) {
		signer = d.Patient
	}
	switch {
	case signer == d.Patient && a.Fields.CapsuleHash == [32]byte{}:
		return errors.New("the patient's approval carries no capsule")
	case signer != d.Patient && d.PatientAuthored():
		return fmt.Errorf("a patient-authored version is signed by the patient alone, not by %s", signer)
	case signer != d.Patient && a.Fields.Flags&contracts.FlagNetworkCapsule == 0:
		return fmt.Errorf("guardian %s's approval carries no network capsule: %w", signer, contracts.Revert("GuardianNeedsNetworkCapsule"))
	}
	digest := contracts.ApprovalDigest(e.ChainID, e.Set.Addresses.Records, d.VersionHash(), a.Fields)
	if err := checkSignature(digest, signer, a.Signature); err != nil {
		if signer == d.Patient {
			return fmt.Errorf("patient signature: %w", err)
		}
		return fmt.Errorf("co-signing guardian's signature: %w", err)
	}
	return nil
}

// checkVersionSlot refuses a draft the chain can no longer take: a new record whose id exists,
// or an update that is not the next version of an active record of this patient.
func (e *Env) checkVersionSlot(ctx context.Context, d *Draft) error {
	out, err := bind.Call(e.Set.Records.BoundContract, &bind.CallOpts{Context: ctx},
		e.Set.Records.ABI.PackRecordState(d.RecordID), e.Set.Records.ABI.UnpackRecordState)
	if err != nil {
		return fmt.Errorf("read record %x: %w", d.RecordID, decode(err))
	}
	switch {
	case d.Version == 1 && out.Status != RecordNone:
		return fmt.Errorf("record %x exists already: this draft can no longer be registered", d.RecordID)
	case d.Version > 1 && out.Status != RecordActive:
		return fmt.Errorf("record %x is not active: this update can no longer be registered", d.RecordID)
	case d.Version > 1 && out.Patient != d.Patient:
		return fmt.Errorf("record %x is %s's, not %s's", d.RecordID, out.Patient, d.Patient)
	case d.Version > 1 && out.Version+1 != d.Version:
		return fmt.Errorf("record %x is at version %d: a draft of version %d can no longer be registered", d.RecordID, out.Version, d.Version)
	}
	return nil
}

// SubmitRecord puts an approved draft on chain as sender (anyone may relay it).
func (e *Env) SubmitRecord(ctx context.Context, sender *Identity, d *Draft, providerSig []byte, a *Approval) (*Tx, error) {
	if d.Version == 1 {
		tx, _, err := e.send(ctx, sender, "create record", e.Set.Records.BoundContract,
			e.Set.Records.ABI.PackCreateRecord(d.Patient, d.Provider, d.Salt, d.Input, a.Fields, providerSig, a.Signature))
		return tx, cosignRefused(err, d, a)
	}
	tx, _, err := e.send(ctx, sender, fmt.Sprintf("update record to v%d", d.Version), e.Set.Records.BoundContract,
		e.Set.Records.ABI.PackUpdateRecord(d.RecordID, d.Provider, d.Input, a.Fields, providerSig, a.Signature))
	return tx, cosignRefused(err, d, a)
}

// KeyID names the per-record key of a record version in one key generation, on this deployment.
func (e *Env) KeyID(recordID [32]byte, version, generation uint32) recordkey.KeyID {
	return recordkey.KeyID{ChainID: e.ChainID.Uint64(), Registry: e.Set.Addresses.Records, RecordID: recordID, Version: version, Generation: generation}
}

func gateRecord(patient common.Address, recordID [32]byte, version uint32) tdec.Record {
	return tdec.Record{Patient: patient, RecordID: recordID, Version: version}
}

// KeyEpoch is KeyIssuer's current key epoch: records wrap their CP-ABE half under it.
func (e *Env) KeyEpoch(ctx context.Context) (uint64, error) {
	ep, err := bind.Call(e.Set.Keys.BoundContract, &bind.CallOpts{Context: ctx}, e.Set.Keys.ABI.PackEpoch(), e.Set.Keys.ABI.UnpackEpoch)
	if err != nil {
		return 0, fmt.Errorf("read the key epoch: %w", decode(err))
	}
	return ep, nil
}

type marshaler interface{ MarshalBinary() ([]byte, error) }

// putObject stores a small object and returns its binary CID and SHA-256.
func (e *Env) putObject(ctx context.Context, v marshaler) ([]byte, [32]byte, error) {
	b, err := v.MarshalBinary()
	if err != nil {
		return nil, [32]byte{}, err
	}
	return e.putBytes(ctx, b)
}
