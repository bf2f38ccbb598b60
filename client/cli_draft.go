package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
)

// DraftFormat is the version of the draft file EncodeDraft writes. Format 1 carried a PRE
// capsule made by the provider; format 2 carries the data key sealed to the patient, whose own
// client makes the capsule and the gate object; format 3 may seal it to co-signing guardians as
// well, and binds each sealed key to its recipient. DecodeDraft reads formats 2 and 3.
const DraftFormat = 3

// ApprovalFormat is the version of the approval file EncodeApproval writes. Format 2 names the
// guardian who signed in the patient's place, if one did; DecodeApproval reads 1 and 2.
const ApprovalFormat = 2

var (
	// ErrBadDraft means a draft file is malformed or does not belong to this deployment.
	ErrBadDraft = errors.New("invalid record draft")
	// ErrBadApproval means an approval file is malformed, for another draft, or not the
	// patient's signature.
	ErrBadApproval = errors.New("invalid record approval")
)

// draftFile is a Draft as it travels from its author to the patient (`emrchain record draft`,
// then `record cosign`). Only what the chain checks and what the patient needs is carried; the
// digest is not, because whoever signs must recompute it rather than trust the file.
type draftFile struct {
	Format            int            `json:"format"`
	ChainID           uint64         `json:"chainId"`
	RecordRegistry    common.Address `json:"recordRegistry"`
	Patient           common.Address `json:"patient"`
	Provider          common.Address `json:"provider"`
	Salt              *common.Hash   `json:"salt,omitempty"`
	RecordID          common.Hash    `json:"recordId"`
	Version           uint32         `json:"version"`
	ContentHash       common.Hash    `json:"contentHash"`
	EncryptedLocation hexutil.Bytes  `json:"encryptedLocation"`
	Policy            string         `json:"policy,omitempty"`
	PolicyHash        common.Hash    `json:"policyHash"`
	SealedKey         hexutil.Bytes  `json:"sealedKey"`
	Cosigners         []cosignerFile `json:"cosigners,omitempty"`
	ProviderSignature hexutil.Bytes  `json:"providerSignature,omitempty"`
}

// cosignerFile is the data key sealed to one guardian who may co-sign the draft.
type cosignerFile struct {
	Guardian  common.Address `json:"guardian"`
	SealedKey hexutil.Bytes  `json:"sealedKey"`
}

// EncodeDraft serialises a draft and its author's signature, for a patient who approves it on
// another machine. The data key travels sealed to the patient's transport key, and to each
// co-signing guardian's.
func (e *Env) EncodeDraft(d *Draft, providerSig []byte) ([]byte, error) {
	f := draftFile{
		Format: DraftFormat, ChainID: e.ChainID.Uint64(), RecordRegistry: e.Set.Addresses.Records,
		Patient: d.Patient, Provider: d.Provider, RecordID: d.RecordID, Version: d.Version,
		ContentHash: d.Input.ContentHash, EncryptedLocation: d.Input.EncryptedLocation,
		Policy: d.Policy, PolicyHash: d.Input.PolicyHash, SealedKey: d.SealedKey, ProviderSignature: providerSig,
	}
	if d.Format == 2 {
		if len(d.Cosigners) != 0 {
			return nil, errors.New("encode draft: a format-2 draft carries no co-signers")
		}
		f.Format = 2 // a draft read from a format-2 file (a put resumed) keeps its sealing
	}
	for _, c := range d.Cosigners {
		f.Cosigners = append(f.Cosigners, cosignerFile{Guardian: c.Guardian, SealedKey: c.Key})
	}
	if d.Version == 1 {
		salt := common.Hash(d.Salt)
		f.Salt = &salt
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode draft: %w", err)
	}
	return append(b, '\n'), nil
}

// DecodeDraft parses a draft written by EncodeDraft for this deployment. It recomputes the
// EIP-712 digest and, for a new record, the record id from the fields, so a signer signs what the
// chain will check and never a digest taken from the file, and it checks that the author's
// signature is the author's (a patient-authored draft has none). The returned draft has no
// RecordCID or Sealed: those are the author's local knowledge, and the patient's client opens
// and checks the record itself before approving it.
func (e *Env) DecodeDraft(b []byte) (*Draft, []byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f draftFile
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBadDraft, err)
	}
	switch {
	case f.Format != 2 && f.Format != DraftFormat:
		return nil, nil, fmt.Errorf("%w: format %d, this version reads 2 and %d", ErrBadDraft, f.Format, DraftFormat)
	case f.Format == 2 && len(f.Cosigners) != 0:
		return nil, nil, fmt.Errorf("%w: a format-2 draft carries no co-signers", ErrBadDraft)
	case f.ChainID != e.ChainID.Uint64():
		return nil, nil, fmt.Errorf("%w: made for chain %d, connected to chain %d", ErrBadDraft, f.ChainID, e.ChainID.Uint64())
	case f.RecordRegistry != e.Set.Addresses.Records:
		return nil, nil, fmt.Errorf("%w: made for RecordRegistry %s, the manifest names %s", ErrBadDraft, f.RecordRegistry, e.Set.Addresses.Records)
	case f.Version == 0:
		return nil, nil, fmt.Errorf("%w: version 0", ErrBadDraft)
	case len(f.EncryptedLocation) == 0 || len(f.SealedKey) == 0:
		return nil, nil, fmt.Errorf("%w: missing encrypted location or sealed data key", ErrBadDraft)
	case (f.Policy == "") != (f.PolicyHash == common.Hash{}):
		return nil, nil, fmt.Errorf("%w: a policy hash needs its policy text, and the reverse", ErrBadDraft)
	case f.Version == 1 && f.Salt == nil:
		return nil, nil, fmt.Errorf("%w: a new record's draft needs its salt", ErrBadDraft)
	case f.Version > 1 && f.Salt != nil:
		return nil, nil, fmt.Errorf("%w: an update's draft has no salt", ErrBadDraft)
	}
	d := &Draft{
		Patient: f.Patient, Provider: f.Provider, RecordID: f.RecordID, Version: f.Version,
		Input:  bindings.IRecordRegistryVersionInput{ContentHash: f.ContentHash, PolicyHash: f.PolicyHash, EncryptedLocation: f.EncryptedLocation},
		Policy: f.Policy, SealedKey: f.SealedKey, Format: f.Format,
	}
	seen := map[common.Address]bool{f.Patient: true}
	for _, c := range f.Cosigners {
		switch {
		case seen[c.Guardian]:
			return nil, nil, fmt.Errorf("%w: co-signer %s is the patient or named twice", ErrBadDraft, c.Guardian)
		case len(c.SealedKey) == 0:
			return nil, nil, fmt.Errorf("%w: co-signer %s has no sealed data key", ErrBadDraft, c.Guardian)
		case f.Patient == f.Provider:
			return nil, nil, fmt.Errorf("%w: a patient-authored draft has no co-signers", ErrBadDraft)
		}
		seen[c.Guardian] = true
		d.Cosigners = append(d.Cosigners, SealedKey{Guardian: c.Guardian, Key: c.SealedKey})
	}
	if f.Salt != nil {
		d.Salt = *f.Salt
		if want := contracts.RecordID(d.Patient, d.Provider, d.Salt); want != d.RecordID {
			return nil, nil, fmt.Errorf("%w: record id %s does not derive from patient, provider and salt (%s)", ErrBadDraft, f.RecordID, common.Hash(want))
		}
	}
	d.Digest = contracts.VersionDigest(e.ChainID, e.Set.Addresses.Records, d.RecordID, d.Patient, d.Provider, d.Version, d.Input)
	if d.PatientAuthored() {
		if len(f.ProviderSignature) != 0 {
			return nil, nil, fmt.Errorf("%w: a patient-authored draft carries no author signature", ErrBadDraft)
		}
		return d, nil, nil
	}
	if err := checkSignature(d.Digest, d.Provider, f.ProviderSignature); err != nil {
		return nil, nil, fmt.Errorf("%w: provider signature: %v", ErrBadDraft, err)
	}
	return d, f.ProviderSignature, nil
}

// CheckSignature reports whether sig is signer's signature over the draft's RecordVersion.
func (d *Draft) CheckSignature(signer common.Address, sig []byte) error {
	return checkSignature(d.Digest, signer, sig)
}

func checkSignature(digest [32]byte, signer common.Address, sig []byte) error {
	if len(sig) != crypto.SignatureLength {
		return fmt.Errorf("signature is %d bytes, want %d", len(sig), crypto.SignatureLength)
	}
	pub, err := crypto.SigToPub(digest[:], sig)
	if err != nil {
		return fmt.Errorf("recover signer: %w", err)
	}
	if got := crypto.PubkeyToAddress(*pub); got != signer {
		return fmt.Errorf("signed by %s, not %s", got, signer)
	}
	return nil
}

// approvalFile is what the patient's client hands back for a draft: what it built (the capsule
// and gate objects, already on IPFS) and the patient's PatientApproval signature over it.
type approvalFile struct {
	Format      int           `json:"format"`
	RecordID    common.Hash   `json:"recordId"`
	Version     uint32        `json:"version"`
	VersionHash common.Hash   `json:"versionHash"`
	CapsuleHash common.Hash   `json:"capsuleHash"`
	CapsuleRef  hexutil.Bytes `json:"capsuleRef"`
	GateHash    common.Hash   `json:"gateHash"`
	GateRef     hexutil.Bytes `json:"gateRef,omitempty"`
	CommitteeID uint64        `json:"committeeId"`
	Flags       uint8         `json:"flags"`
	Category    *common.Hash  `json:"category,omitempty"`
	// Guardian is the guardian who signed the PatientApproval in the patient's place (format 2;
	// absent: the patient signed).
	Guardian  *common.Address `json:"cosigningGuardian,omitempty"`
	Signature hexutil.Bytes   `json:"patientSignature"`
}

// EncodeApproval serialises the patient's approval of a draft (`record cosign --out`).
func EncodeApproval(d *Draft, a *Approval) ([]byte, error) {
	f := approvalFile{
		Format: ApprovalFormat, RecordID: d.RecordID, Version: d.Version, VersionHash: d.VersionHash(),
		CapsuleHash: a.Fields.CapsuleHash, CapsuleRef: a.Fields.CapsuleRef, GateHash: a.Fields.GateHash,
		GateRef: a.Fields.GateRef, CommitteeID: a.Fields.CommitteeId, Flags: a.Fields.Flags, Signature: a.Signature,
	}
	if a.Fields.Category != ([32]byte{}) {
		c := common.Hash(a.Fields.Category)
		f.Category = &c
	}
	if a.Signer != (common.Address{}) && a.Signer != d.Patient {
		g := a.Signer
		f.Guardian = &g
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode approval: %w", err)
	}
	return append(b, '\n'), nil
}

// DecodeApproval parses an approval file for draft d and checks it is the patient's signature,
// or the co-signing guardian's it names, over exactly this draft's version and the capsule and
// gate it names.
func (e *Env) DecodeApproval(d *Draft, b []byte) (*Approval, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f approvalFile
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadApproval, err)
	}
	switch {
	case f.Format != 1 && f.Format != ApprovalFormat:
		return nil, fmt.Errorf("%w: format %d, this version reads 1 and %d", ErrBadApproval, f.Format, ApprovalFormat)
	case f.Format == 1 && f.Guardian != nil:
		return nil, fmt.Errorf("%w: a format-1 approval is the patient's alone", ErrBadApproval)
	case f.Guardian != nil && *f.Guardian == d.Patient:
		return nil, fmt.Errorf("%w: the co-signing guardian is the patient", ErrBadApproval)
	case f.RecordID != d.RecordID || f.Version != d.Version || f.VersionHash != d.VersionHash():
		return nil, fmt.Errorf("%w: it approves record %s version %d, not this draft", ErrBadApproval, f.RecordID, f.Version)
	}
	a := &Approval{
		Fields: bindings.IRecordRegistryApproval{
			CapsuleHash: f.CapsuleHash, GateHash: f.GateHash, CommitteeId: f.CommitteeID, Flags: f.Flags,
			CapsuleRef: f.CapsuleRef, GateRef: f.GateRef,
		},
		Signature: f.Signature,
		Signer:    d.Patient,
	}
	if f.Guardian != nil {
		a.Signer = *f.Guardian
	}
	if f.Category != nil {
		a.Fields.Category = *f.Category
	}
	if err := e.CheckApproval(d, a); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadApproval, err)
	}
	return a, nil
}
