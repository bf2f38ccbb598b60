package client

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
)

// StandingConsent is a patient's standing consent as the chain holds it.
type StandingConsent struct {
	ID        uint64
	Patient   common.Address
	Org       [32]byte
	Role      [32]byte
	Category  [32]byte
	NotBefore time.Time
	NotAfter  time.Time
	Revoked   bool
	// Given is when it was given (the block of ConsentGiven), zero when not looked up.
	Given time.Time
}

// Live reports whether the consent covers reads at t: not revoked and inside its period.
func (c *StandingConsent) Live(t time.Time) bool {
	return !c.Revoked && !t.Before(c.NotBefore) && t.Before(c.NotAfter)
}

// ConsentTerms are what a patient consents to.
type ConsentTerms struct {
	// Org is the organisation (Registry org id, OrgID of its name).
	Org [32]byte
	// Role is the attribute id a reader must hold (zero: any member of Org).
	Role [32]byte
	// Category is the record category covered (CategoryCode).
	Category  [32]byte
	NotBefore time.Time
	NotAfter  time.Time
}

// GiveConsent gives a standing consent and returns its id. From then on the patient's client
// co-signs every new version of the category with the network capsule (Approve does), so records
// written later are covered too.
func (e *Env) GiveConsent(ctx context.Context, patient *Identity, t ConsentTerms) (uint64, *Tx, error) {
	c := e.Set.Consents
	tx, rcpt, err := e.send(ctx, patient, "give a standing consent", c.BoundContract,
		c.ABI.PackGiveConsent(t.Org, t.Role, t.Category, uint64(t.NotBefore.Unix()), uint64(t.NotAfter.Unix())))
	if err != nil {
		return 0, nil, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := c.ABI.UnpackConsentGivenEvent(l); err == nil {
			return ev.ConsentId, tx, nil
		}
	}
	return 0, tx, fmt.Errorf("give consent: no ConsentGiven event in %s", tx.Hash)
}

// RevokeConsent revokes a standing consent: its next read is refused on chain, and reads in
// flight are no longer answered.
func (e *Env) RevokeConsent(ctx context.Context, patient *Identity, consentID uint64) (*Tx, error) {
	c := e.Set.Consents
	tx, _, err := e.send(ctx, patient, fmt.Sprintf("revoke standing consent %d", consentID), c.BoundContract, c.ABI.PackRevokeConsent(consentID))
	return tx, err
}

// ConsentByID reads a standing consent.
func (e *Env) ConsentByID(ctx context.Context, consentID uint64) (*StandingConsent, error) {
	c := e.Set.Consents
	v, err := bind.Call(c.BoundContract, &bind.CallOpts{Context: ctx}, c.ABI.PackConsent(consentID), c.ABI.UnpackConsent)
	if err != nil {
		return nil, fmt.Errorf("read standing consent %d: %w", consentID, decode(err))
	}
	if v.Patient == (common.Address{}) {
		return nil, fmt.Errorf("standing consent %d does not exist", consentID)
	}
	return &StandingConsent{ID: consentID, Patient: v.Patient, Org: v.Org, Role: v.Role, Category: v.Category,
		NotBefore: unixUTC(v.NotBefore), NotAfter: unixUTC(v.NotAfter), Revoked: v.Revoked}, nil
}

// ConsentsOf lists a patient's standing consents, oldest first, as the chain holds them now.
func (e *Env) ConsentsOf(ctx context.Context, patient common.Address) ([]*StandingConsent, error) {
	c := e.Set.Consents
	it, err := bind.FilterEvents(c.BoundContract, &bind.FilterOpts{Context: ctx}, c.ABI.UnpackConsentGivenEvent, nil, []any{patient})
	if err != nil {
		return nil, fmt.Errorf("list the standing consents of %s: %w", patient, err)
	}
	defer it.Close()
	type given struct {
		id    uint64
		block uint64
	}
	var ids []given
	for it.Next() {
		ids = append(ids, given{it.Value().ConsentId, it.Value().Raw.BlockNumber})
	}
	if err := it.Error(); err != nil {
		return nil, err
	}
	out := make([]*StandingConsent, 0, len(ids))
	for _, g := range ids {
		sc, err := e.ConsentByID(ctx, g.id)
		if err != nil {
			return nil, err
		}
		if h, err := e.Backend.HeaderByNumber(ctx, bigU(g.block)); err == nil {
			sc.Given = unixUTC(h.Time)
		}
		out = append(out, sc)
	}
	return out, nil
}

// CheckConsentRead asks Consents, without a transaction, whether reader may read recordID under
// consentID now; the refusal is the contract's own error (CategoryMismatch, NotCovered,
// OutsidePeriod, ConsentIsRevoked, WrongPatient). CareReads asks the same at a read request.
func (e *Env) CheckConsentRead(ctx context.Context, reader common.Address, consentID uint64, recordID [32]byte) error {
	c := e.Set.Consents
	_, err := bind.Call(c.BoundContract, &bind.CallOpts{Context: ctx, From: reader}, c.ABI.PackCheckRead(consentID, reader, recordID), c.ABI.UnpackCheckRead)
	if err != nil {
		return fmt.Errorf("standing consent %d for %s reading record %x: %w", consentID, reader.Hex(), recordID, decode(err))
	}
	return nil
}

// ConsentCovering reports the first live consent of the patient covering category at t, if any.
func (e *Env) ConsentCovering(ctx context.Context, patient common.Address, category [32]byte, t time.Time) (*StandingConsent, error) {
	if category == ([32]byte{}) {
		return nil, nil
	}
	all, err := e.ConsentsOf(ctx, patient)
	if err != nil {
		return nil, err
	}
	for _, c := range all {
		// A consent whose period has not begun yet will cover this version when it does.
		if c.Category == category && !c.Revoked && t.Before(c.NotAfter) {
			return c, nil
		}
	}
	return nil, nil
}

func unixUTC(sec uint64) time.Time { return time.Unix(int64(sec), 0).UTC() }
