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

// DraftFormat is the version of the draft file EncodeDraft writes.
const DraftFormat = 1

// ErrBadDraft means a draft file is malformed or does not belong to this deployment.
var ErrBadDraft = errors.New("invalid record draft")

// draftFile is a Draft as it travels between provider and patient in the two-step co-signing
// flow. Only the fields the chain checks are carried; the digest is not, because whoever signs
// must recompute it rather than trust the file.
type draftFile struct {
	Format            int            `json:"format"`
	ChainID           uint64         `json:"chainId"`
	RecordRegistry    common.Address `json:"recordRegistry"`
	Patient           common.Address `json:"patient"`
	Provider          common.Address `json:"provider"`
	RecordID          common.Hash    `json:"recordId"`
	Version           uint32         `json:"version"`
	ContentHash       common.Hash    `json:"contentHash"`
	EncryptedLocation hexutil.Bytes  `json:"encryptedLocation"`
	WrappedKeyRef     hexutil.Bytes  `json:"wrappedKeyRef"`
	AbeKeyRef         hexutil.Bytes  `json:"abeKeyRef,omitempty"`
	PolicyHash        common.Hash    `json:"policyHash"`
	ProviderSignature hexutil.Bytes  `json:"providerSignature"`
}

// EncodeDraft serialises a draft and the provider's signature over it, for a patient who co-signs
// on another machine (`emrchain record cosign`).
func (e *Env) EncodeDraft(d *Draft, providerSig []byte) ([]byte, error) {
	f := draftFile{
		Format:            DraftFormat,
		ChainID:           e.ChainID.Uint64(),
		RecordRegistry:    e.Set.Addresses.Records,
		Patient:           d.Patient,
		Provider:          d.Provider,
		RecordID:          d.RecordID,
		Version:           d.Version,
		ContentHash:       d.Input.ContentHash,
		EncryptedLocation: d.Input.EncryptedLocation,
		WrappedKeyRef:     d.Input.WrappedKeyRef,
		AbeKeyRef:         d.Input.AbeKeyRef,
		PolicyHash:        d.Input.PolicyHash,
		ProviderSignature: providerSig,
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode draft: %w", err)
	}
	return append(b, '\n'), nil
}

// DecodeDraft parses a draft written by EncodeDraft for this deployment. It recomputes the
// EIP-712 digest (and, for a new record, the record id) from the fields, so a co-signer signs
// what the chain will check and never a digest taken from the file, and it checks that the
// provider's signature is the provider's. The returned draft has no RecordCID or Sealed: those
// are the provider's local knowledge, and CoSign verifies the record itself.
func (e *Env) DecodeDraft(b []byte) (*Draft, []byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var f draftFile
	if err := dec.Decode(&f); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrBadDraft, err)
	}
	switch {
	case f.Format != DraftFormat:
		return nil, nil, fmt.Errorf("%w: format %d, this version reads %d", ErrBadDraft, f.Format, DraftFormat)
	case f.ChainID != e.ChainID.Uint64():
		return nil, nil, fmt.Errorf("%w: made for chain %d, connected to chain %d", ErrBadDraft, f.ChainID, e.ChainID.Uint64())
	case f.RecordRegistry != e.Set.Addresses.Records:
		return nil, nil, fmt.Errorf("%w: made for RecordRegistry %s, the manifest names %s", ErrBadDraft, f.RecordRegistry, e.Set.Addresses.Records)
	case f.Version == 0:
		return nil, nil, fmt.Errorf("%w: version 0", ErrBadDraft)
	case len(f.EncryptedLocation) == 0 || len(f.WrappedKeyRef) == 0:
		return nil, nil, fmt.Errorf("%w: missing encrypted location or key capsule", ErrBadDraft)
	case f.Version == 1 && f.RecordID != common.Hash(contracts.RecordID(f.Patient, f.Provider, f.ContentHash)):
		return nil, nil, fmt.Errorf("%w: record id %s does not derive from patient, provider and content hash", ErrBadDraft, f.RecordID)
	}
	d := &Draft{
		Patient:  f.Patient,
		Provider: f.Provider,
		RecordID: f.RecordID,
		Version:  f.Version,
		Input: bindings.IRecordRegistryRecordInput{
			ContentHash:       f.ContentHash,
			EncryptedLocation: f.EncryptedLocation,
			WrappedKeyRef:     f.WrappedKeyRef,
			AbeKeyRef:         f.AbeKeyRef,
			PolicyHash:        f.PolicyHash,
		},
	}
	d.Digest = contracts.VersionDigest(e.ChainID, e.Set.Addresses.Records, d.RecordID, d.Patient, d.Version, d.Input)
	if err := d.CheckSignature(d.Provider, f.ProviderSignature); err != nil {
		return nil, nil, fmt.Errorf("%w: provider signature: %v", ErrBadDraft, err)
	}
	return d, f.ProviderSignature, nil
}

// CheckSignature reports whether sig is signer's signature over the draft's digest.
func (d *Draft) CheckSignature(signer common.Address, sig []byte) error {
	if len(sig) != crypto.SignatureLength {
		return fmt.Errorf("signature is %d bytes, want %d", len(sig), crypto.SignatureLength)
	}
	pub, err := crypto.SigToPub(d.Digest[:], sig)
	if err != nil {
		return fmt.Errorf("recover signer: %w", err)
	}
	if got := crypto.PubkeyToAddress(*pub); got != signer {
		return fmt.Errorf("signed by %s, not %s", got, signer)
	}
	return nil
}
