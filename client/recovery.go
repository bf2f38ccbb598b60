package client

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/crypto/backup"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/transport"
)

// HPKE infos of key recovery: a holder's share as dealt to it, and as released to the new
// device.
const (
	RecoveryShareInfo   = "emrchain/recovery-share/v1"
	RecoveryReleaseInfo = "emrchain/recovery-release/v1"
	recoveryBackupLabel = "emrchain/recovery-backup/v1"
)

// Recovery request statuses as Recovery numbers them.
const (
	RecoveryPending   uint8 = 1
	RecoveryCancelled uint8 = 2
	RecoveryCompleted uint8 = 3
)

var recoveryStatusNames = []string{"none", "pending", "cancelled", "completed"}

// RecoveryStatusName names a recovery request's status.
func RecoveryStatusName(s uint8) string {
	if int(s) < len(recoveryStatusNames) {
		return recoveryStatusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

var (
	// ErrNotEnoughShares means fewer than the threshold of valid shares were released: the
	// backup key cannot be rebuilt (t−1 shares say nothing about it).
	ErrNotEnoughShares = errors.New("not enough valid recovery shares")
	// ErrBadShare means a share does not match the configuration's Feldman commitments.
	ErrBadShare = errors.New("the recovery share does not match its commitment")
)

// recoveryAAD binds the backup to its patient, deployment and configuration generation.
func (e *Env) recoveryAAD(patient common.Address, generation uint32) []byte {
	b := append([]byte(recoveryBackupLabel), e.ChainID.Bytes()...)
	b = append(b, e.Set.Addresses.Recovery.Bytes()...)
	b = append(b, patient.Bytes()...)
	return binary.BigEndian.AppendUint32(b, generation)
}

// shareAAD binds a dealt share to its patient, generation, holder index and commitments.
func shareAAD(patient common.Address, generation uint32, index uint8, commitmentsHash [32]byte) []byte {
	b := binary.BigEndian.AppendUint32(append([]byte{}, patient.Bytes()...), generation)
	return append(append(b, index), commitmentsHash[:]...)
}

// releaseAAD binds a released share to its request, patient and holder index.
func releaseAAD(requestID uint64, patient common.Address, index uint8) []byte {
	b := binary.BigEndian.AppendUint64(nil, requestID)
	return append(append(b, patient.Bytes()...), index)
}

// RecoverySetup is what configuring recovery put on chain.
type RecoverySetup struct {
	Tx         *Tx
	Generation uint32
	Threshold  int
	Holders    []common.Address
	BackupRef  []byte
	SharesRef  []byte
}

// SetupRecovery makes the patient's secrets recoverable by any t of holders (docs/care.md,
// "Recovery and rotation"): it draws a backup key b, seals her account key, record seed, PRE and
// transport keys under it into a backup object, Shamir-shares b t-of-n with Feldman commitments,
// seals share i to holder i's enrolled transport key, stores both objects and configures
// Recovery with the cancellation delay. b and the shares exist only in memory here.
func (e *Env) SetupRecovery(ctx context.Context, patient *Identity, holders []common.Address, threshold int, delay time.Duration) (*RecoverySetup, error) {
	switch {
	case patient.Seed == nil:
		return nil, ErrNoSeed
	case patient.PRE == nil || patient.Transport == nil:
		return nil, fmt.Errorf("identity %s lacks its PRE or transport key: a backup without them would not restore it", patient.Name)
	case len(holders) == 0 || len(holders) > backup.MaxShares:
		return nil, fmt.Errorf("recovery needs 1 to %d holders, not %d", backup.MaxShares, len(holders))
	case threshold < 1 || threshold > len(holders):
		return nil, fmt.Errorf("threshold %d with %d holders: want 1 ≤ t ≤ %d", threshold, len(holders), len(holders))
	}
	cfg, err := e.RecoveryConfig(ctx, patient.Address())
	if err != nil {
		return nil, err
	}
	generation := cfg.Generation + 1
	keys := make([]*transport.PublicKey, len(holders))
	for i, h := range holders {
		if keys[i], err = e.TransportKeyOf(ctx, h); err != nil {
			return nil, fmt.Errorf("holder %d: %w", i+1, err)
		}
	}
	secrets, err := secretsOf(patient)
	if err != nil {
		return nil, err
	}
	defer secrets.Wipe()
	b, err := randomScalar(e)
	if err != nil {
		return nil, err
	}
	defer b.SetZero()
	sealedBackup, err := backup.Seal(e.random(), &b, secrets, e.recoveryAAD(patient.Address(), generation))
	if err != nil {
		return nil, err
	}
	poly, err := shamir.NewPolynomial(e.random(), &b, threshold)
	if err != nil {
		return nil, err
	}
	shares, err := poly.Shares(len(holders))
	if err != nil {
		return nil, err
	}
	comm, err := poly.Commitments().MarshalBinary()
	if err != nil {
		return nil, err
	}
	commitments := comm[1:] // Recovery takes the t points without shamir's count byte
	commitmentsHash := crypto.Keccak256Hash(commitments)
	sealed := make(backup.Shares, len(shares))
	for i := range shares {
		raw, err := shares[i].MarshalBinary()
		if err != nil {
			return nil, err
		}
		sealed[i], err = transport.Seal(keys[i], []byte(RecoveryShareInfo), raw, shareAAD(patient.Address(), generation, shares[i].Index, commitmentsHash))
		clear(raw)
		if err != nil {
			return nil, fmt.Errorf("seal share %d: %w", i+1, err)
		}
	}
	sharesObj, err := sealed.MarshalBinary()
	if err != nil {
		return nil, err
	}
	var bk bindings.IRecoveryBackup
	if bk.BackupRef, bk.BackupHash, err = e.putBytes(ctx, sealedBackup); err != nil {
		return nil, fmt.Errorf("backup object: %w", err)
	}
	if bk.SharesRef, bk.SharesHash, err = e.putBytes(ctx, sharesObj); err != nil {
		_ = e.Discard(ctx, cidOf(bk.BackupRef))
		return nil, fmt.Errorf("shares object: %w", err)
	}
	r := e.Set.Recovery
	tx, rcpt, err := e.send(ctx, patient, fmt.Sprintf("configure %d-of-%d recovery", threshold, len(holders)), r.BoundContract,
		r.ABI.PackConfigure(uint8(threshold), holders, uint64(delay/time.Second), commitments, bk))
	if err != nil {
		if rcpt == nil {
			_ = e.Discard(ctx, cidOf(bk.BackupRef), cidOf(bk.SharesRef))
		}
		return nil, err
	}
	out := &RecoverySetup{Tx: tx, Generation: generation, Threshold: threshold, Holders: holders, BackupRef: bk.BackupRef, SharesRef: bk.SharesRef}
	for _, l := range rcpt.Logs {
		if ev, err := r.ABI.UnpackRecoveryConfiguredEvent(l); err == nil {
			out.Generation = ev.Generation
		}
	}
	return out, nil
}

func randomScalar(e *Env) (b fr.Element, err error) {
	for b.IsZero() {
		var buf [48]byte
		if _, err := e.random().Read(buf[:]); err != nil {
			return b, fmt.Errorf("backup key: %w", err)
		}
		b.SetBytes(buf[:]) // reduced mod q from 384 bits: negligible bias
		clear(buf[:])
	}
	return b, nil
}

func secretsOf(id *Identity) (*backup.Secrets, error) {
	seed, err := id.Seed.MarshalBinary()
	if err != nil {
		return nil, err
	}
	preKey, err := id.PRE.MarshalBinary()
	if err != nil {
		return nil, err
	}
	tk, err := id.Transport.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return &backup.Secrets{Account: crypto.FromECDSA(id.Key), Seed: seed, PRE: preKey, Transport: tk}, nil
}

// RecoveryConfig reads a patient's recovery configuration (generation 0: none).
func (e *Env) RecoveryConfig(ctx context.Context, patient common.Address) (bindings.IRecoveryConfig, error) {
	r := e.Set.Recovery
	c, err := bind.Call(r.BoundContract, &bind.CallOpts{Context: ctx}, r.ABI.PackConfig(patient), r.ABI.UnpackConfig)
	if err != nil {
		return c, fmt.Errorf("read the recovery configuration of %s: %w", patient, decode(err))
	}
	return c, nil
}

// RecoveryConfiguration is a configuration as RecoveryConfigured announced it.
type RecoveryConfiguration struct {
	Generation  uint32
	Threshold   int
	Holders     []common.Address
	Delay       time.Duration
	Commitments shamir.Commitments
	Backup      bindings.IRecoveryBackup
}

// RecoveryConfigurationOf finds the announcement of a patient's configuration generation.
func (e *Env) RecoveryConfigurationOf(ctx context.Context, patient common.Address, generation uint32) (*RecoveryConfiguration, error) {
	r := e.Set.Recovery
	it, err := bind.FilterEvents(r.BoundContract, &bind.FilterOpts{Context: ctx}, r.ABI.UnpackRecoveryConfiguredEvent, []any{patient}, []any{generation})
	if err != nil {
		return nil, fmt.Errorf("find recovery configuration %d of %s: %w", generation, patient, err)
	}
	defer it.Close()
	for it.Next() {
		ev := it.Value()
		var comm shamir.Commitments
		if err := comm.UnmarshalBinary(append([]byte{ev.Threshold}, ev.Commitments...)); err != nil {
			return nil, fmt.Errorf("recovery configuration %d of %s: commitments: %w", generation, patient, err)
		}
		return &RecoveryConfiguration{Generation: ev.Generation, Threshold: int(ev.Threshold), Holders: ev.Holders,
			Delay: time.Duration(ev.Delay) * time.Second, Commitments: comm, Backup: ev.Backup}, nil
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	return nil, fmt.Errorf("%s has no recovery configuration %d", patient, generation)
}

// RequestRecovery has a holder file a recovery request for patient, naming her new device's
// account and fresh transport key; it returns the request id. The patient's old key can cancel
// it during her delay.
func (e *Env) RequestRecovery(ctx context.Context, holder *Identity, patient, newAccount common.Address, newTransportKey [32]byte) (uint64, *Tx, error) {
	r := e.Set.Recovery
	tx, rcpt, err := e.send(ctx, holder, "request recovery for "+patient.Hex(), r.BoundContract, r.ABI.PackRequestRecovery(patient, newAccount, newTransportKey))
	if err != nil {
		return 0, nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := r.ABI.UnpackRecoveryRequestedEvent(l); err == nil {
			return ev.RequestId, tx, nil
		}
	}
	return 0, tx, fmt.Errorf("request recovery: no RecoveryRequested event in %s", tx.Hash)
}

// CancelRecovery cancels a pending recovery request during its delay, as the patient.
func (e *Env) CancelRecovery(ctx context.Context, patient *Identity, requestID uint64) (*Tx, error) {
	r := e.Set.Recovery
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("cancel recovery request %d", requestID), r.BoundContract, r.ABI.PackCancelRecovery(requestID))
	return tx, err
}

// RecoveryRequest reads a recovery request.
func (e *Env) RecoveryRequest(ctx context.Context, requestID uint64) (bindings.IRecoveryRequest, error) {
	r := e.Set.Recovery
	q, err := bind.Call(r.BoundContract, &bind.CallOpts{Context: ctx}, r.ABI.PackRequest(requestID), r.ABI.UnpackRequest)
	if err != nil {
		return q, fmt.Errorf("read recovery request %d: %w", requestID, decode(err))
	}
	if q.Status == 0 {
		return q, fmt.Errorf("recovery request %d does not exist", requestID)
	}
	return q, nil
}

// ReleaseShare is a holder's release: it opens the share dealt to it, checks it against the
// configuration's commitments, re-seals it to the request's new transport key and publishes it.
// The chain refuses it before the patient's delay is over.
func (e *Env) ReleaseShare(ctx context.Context, holder *Identity, requestID uint64) (*Tx, uint8, error) {
	if holder.Transport == nil {
		return nil, 0, fmt.Errorf("identity %s has no transport key, which its share is sealed to", holder.Name)
	}
	q, err := e.RecoveryRequest(ctx, requestID)
	if err != nil {
		return nil, 0, err
	}
	cfg, err := e.RecoveryConfigurationOf(ctx, q.Patient, q.Generation)
	if err != nil {
		return nil, 0, err
	}
	index := uint8(0)
	for i, h := range cfg.Holders {
		if h == holder.Address() {
			index = uint8(i + 1)
		}
	}
	if index == 0 {
		return nil, 0, fmt.Errorf("%s holds no share of %s's recovery configuration %d", holder.Address(), q.Patient, q.Generation)
	}
	share, err := e.dealtShare(ctx, holder, q.Patient, cfg, index)
	if err != nil {
		return nil, 0, err
	}
	raw, err := share.MarshalBinary()
	if err != nil {
		return nil, 0, err
	}
	defer clear(raw)
	var newKey transport.PublicKey
	if err := newKey.UnmarshalBinary(q.NewTransportKey[:]); err != nil {
		return nil, 0, fmt.Errorf("recovery request %d: new transport key: %w", requestID, err)
	}
	sealed, err := transport.Seal(&newKey, []byte(RecoveryReleaseInfo), raw, releaseAAD(requestID, q.Patient, index))
	if err != nil {
		return nil, 0, fmt.Errorf("seal the share to the new device: %w", err)
	}
	r := e.Set.Recovery
	tx, _, err := e.send(ctx, holder, fmt.Sprintf("release recovery share %d for request %d", index, requestID), r.BoundContract,
		r.ABI.PackReleaseShare(requestID, sealed))
	return tx, index, err
}

// dealtShare opens holder index's share from the configuration's shares object and checks it.
func (e *Env) dealtShare(ctx context.Context, holder *Identity, patient common.Address, cfg *RecoveryConfiguration, index uint8) (*shamir.Share, error) {
	obj, err := e.getBytes(ctx, cfg.Backup.SharesRef, cfg.Backup.SharesHash, maxArtifact)
	if err != nil {
		return nil, fmt.Errorf("shares object: %w", err)
	}
	var sealed backup.Shares
	if err := sealed.UnmarshalBinary(obj); err != nil {
		return nil, fmt.Errorf("shares object: %w", err)
	}
	if int(index) > len(sealed) {
		return nil, fmt.Errorf("the shares object has %d shares, not share %d", len(sealed), index)
	}
	comm, _ := cfg.Commitments.MarshalBinary()
	raw, err := transport.Open(holder.Transport, []byte(RecoveryShareInfo), sealed[index-1], shareAAD(patient, cfg.Generation, index, crypto.Keccak256Hash(comm[1:])))
	if err != nil {
		return nil, fmt.Errorf("open share %d: %w", index, err)
	}
	defer clear(raw)
	var s shamir.Share
	if err := s.UnmarshalBinary(raw); err != nil {
		return nil, fmt.Errorf("share %d: %w", index, err)
	}
	if s.Index != index {
		return nil, fmt.Errorf("share %d carries index %d", index, s.Index)
	}
	if err := cfg.Commitments.Verify(&s); err != nil {
		return nil, fmt.Errorf("share %d: %w: the patient's client dealt it wrong", index, ErrBadShare)
	}
	return &s, nil
}

// Restored is what recovery gave back: the patient's identity with her seed, and which holders'
// shares rebuilt it.
type Restored struct {
	Identity *Identity
	Patient  common.Address
	Used     []uint8
	// Bad names shares that did not match their commitments (their holders misbehaved).
	Bad []uint8
}

// Recover is the new device's step: it reads the shares released for the request, opens each
// with the new device's transport key, checks each against the configuration's commitments,
// combines the first threshold of valid ones into the backup key, checks it against C_0, opens
// the backup and returns the patient's identity. With fewer than threshold valid shares it fails
// with ErrNotEnoughShares.
func (e *Env) Recover(ctx context.Context, device *Identity, requestID uint64) (*Restored, error) {
	if device.Transport == nil {
		return nil, fmt.Errorf("identity %s has no transport key, which the shares are released to", device.Name)
	}
	q, err := e.RecoveryRequest(ctx, requestID)
	if err != nil {
		return nil, err
	}
	if pk, _ := device.Transport.Public().MarshalBinary(); [32]byte(pk) != q.NewTransportKey {
		return nil, fmt.Errorf("recovery request %d names another device's transport key: run this with the identity whose key the request named", requestID)
	}
	cfg, err := e.RecoveryConfigurationOf(ctx, q.Patient, q.Generation)
	if err != nil {
		return nil, err
	}
	r := e.Set.Recovery
	it, err := bind.FilterEvents(r.BoundContract, &bind.FilterOpts{Context: ctx}, r.ABI.UnpackRecoveryShareReleasedEvent, []any{requestID})
	if err != nil {
		return nil, fmt.Errorf("find the shares released for request %d: %w", requestID, err)
	}
	defer it.Close()
	out := &Restored{Patient: q.Patient}
	var shares []shamir.Share
	defer func() {
		for i := range shares {
			shares[i].Value.SetZero()
		}
	}()
	for it.Next() && len(shares) < cfg.Threshold {
		ev := it.Value()
		raw, err := transport.Open(device.Transport, []byte(RecoveryReleaseInfo), ev.SealedShare, releaseAAD(requestID, q.Patient, ev.Index))
		if err != nil {
			out.Bad = append(out.Bad, ev.Index)
			continue
		}
		var s shamir.Share
		err = s.UnmarshalBinary(raw)
		clear(raw)
		if err != nil || s.Index != ev.Index || cfg.Commitments.Verify(&s) != nil {
			out.Bad = append(out.Bad, ev.Index)
			continue
		}
		shares = append(shares, s)
		out.Used = append(out.Used, s.Index)
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	if len(shares) < cfg.Threshold {
		return out, fmt.Errorf("%w: %d of the %d needed have been released for request %d", ErrNotEnoughShares, len(shares), cfg.Threshold, requestID)
	}
	b, err := shamir.Combine(shares)
	if err != nil {
		return out, err
	}
	defer b.SetZero()
	obj, err := e.getBytes(ctx, cfg.Backup.BackupRef, cfg.Backup.BackupHash, maxArtifact)
	if err != nil {
		return out, fmt.Errorf("backup object: %w", err)
	}
	secrets, err := backup.Open(&b, obj, e.recoveryAAD(q.Patient, q.Generation))
	if err != nil {
		return out, fmt.Errorf("open the backup: %w", err)
	}
	defer secrets.Wipe()
	id, err := identityOf(secrets)
	if err != nil {
		return out, err
	}
	if id.Address() != q.Patient {
		return out, fmt.Errorf("the backup holds the account %s, not the patient %s", id.Address(), q.Patient)
	}
	out.Identity = id
	return out, nil
}

func identityOf(s *backup.Secrets) (*Identity, error) {
	key, err := crypto.ToECDSA(s.Account)
	if err != nil {
		return nil, fmt.Errorf("backup: account key: %w", err)
	}
	var seed recordkey.Seed
	if err := seed.UnmarshalBinary(s.Seed); err != nil {
		return nil, fmt.Errorf("backup: record seed: %w", err)
	}
	var pk pre.PrivateKey
	if err := pk.UnmarshalBinary(s.PRE); err != nil {
		return nil, fmt.Errorf("backup: PRE key: %w", err)
	}
	var tk transport.PrivateKey
	if err := tk.UnmarshalBinary(s.Transport); err != nil {
		return nil, fmt.Errorf("backup: transport key: %w", err)
	}
	return &Identity{Name: "recovered", Key: key, PRE: &pk, Transport: &tk, Seed: &seed}, nil
}
