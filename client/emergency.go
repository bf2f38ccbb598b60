package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/crypto/envelope"
)

// EmergencyMode is a patient's break-glass setting (EmergencyAccess.Mode).
type EmergencyMode uint8

// The emergency settings, numbered as EmergencyAccess numbers them.
const (
	EmergencyOn         EmergencyMode = 0 // any emergency staff may open a session (the default)
	EmergencyOff        EmergencyMode = 1 // nobody may
	EmergencyRestricted EmergencyMode = 2 // only emergency staff of the named organisations
)

func (m EmergencyMode) String() string {
	switch m {
	case EmergencyOn:
		return "on"
	case EmergencyOff:
		return "off"
	case EmergencyRestricted:
		return "restricted"
	}
	return fmt.Sprintf("mode %d", uint8(m))
}

// ParseEmergencyMode is the inverse of EmergencyMode.String.
func ParseEmergencyMode(s string) (EmergencyMode, error) {
	for _, m := range []EmergencyMode{EmergencyOn, EmergencyOff, EmergencyRestricted} {
		if strings.EqualFold(s, m.String()) {
			return m, nil
		}
	}
	return 0, fmt.Errorf("unknown emergency setting %q: on, off or restricted", s)
}

// MaxEmergencyWindow is the longest break-glass session EmergencyAccess allows (MAX_WINDOW).
const MaxEmergencyWindow = 24 * time.Hour

// ErrReasonCode means a break-glass reason is not a short code the chain can carry.
var ErrReasonCode = errors.New("a reason is a short code of at most 32 characters (letters, digits, '-', '_', '.'), such as unconscious")

// ReasonCode encodes a break-glass reason code as EmergencyAccess takes it: ASCII, right-padded
// to 32 bytes. Only a short code is accepted, never free text: the chain is public, and a code
// keeps clinical detail off it.
func ReasonCode(reason string) ([32]byte, error) {
	var out [32]byte
	if reason == "" || len(reason) > 32 {
		return out, ErrReasonCode
	}
	for _, r := range reason {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return out, ErrReasonCode
		}
	}
	copy(out[:], reason)
	return out, nil
}

// ReasonText decodes a reason code (the printable prefix up to the padding).
func ReasonText(code [32]byte) string {
	b := bytes.TrimRight(code[:], "\x00")
	for _, c := range b {
		if c < 0x20 || c > 0x7e {
			return fmt.Sprintf("0x%x", code)
		}
	}
	return string(b)
}

// SetEmergencyStaff marks (or unmarks) an enrolled provider as emergency staff, as the registry's
// admin.
func (e *Env) SetEmergencyStaff(ctx context.Context, admin *Identity, provider common.Address, staff bool) (*Tx, error) {
	what := "mark emergency staff"
	if !staff {
		what = "unmark emergency staff"
	}
	x := e.Set.Emergency
	tx, _, err := e.send(ctx, admin, what, x.BoundContract, x.ABI.PackSetEmergencyStaff(provider, staff))
	return tx, err
}

// IsEmergencyStaff reports whether the admin marked provider as emergency staff.
func (e *Env) IsEmergencyStaff(ctx context.Context, provider common.Address) (bool, error) {
	x := e.Set.Emergency
	ok, err := bind.Call(x.BoundContract, &bind.CallOpts{Context: ctx}, x.ABI.PackIsEmergencyStaff(provider), x.ABI.UnpackIsEmergencyStaff)
	if err != nil {
		return false, fmt.Errorf("read whether %s is emergency staff: %w", provider, decode(err))
	}
	return ok, nil
}

// SessionsOf is how many break-glass sessions provider has opened: the admin's per-provider count.
func (e *Env) SessionsOf(ctx context.Context, provider common.Address) (uint32, error) {
	x := e.Set.Emergency
	n, err := bind.Call(x.BoundContract, &bind.CallOpts{Context: ctx}, x.ABI.PackSessionsOf(provider), x.ABI.UnpackSessionsOf)
	if err != nil {
		return 0, fmt.Errorf("read %s's session count: %w", provider, decode(err))
	}
	return n, nil
}

// SetEmergencySetting sets the patient's break-glass setting; orgs are the organisation names
// allowed when mode is EmergencyRestricted (and must be empty otherwise).
func (e *Env) SetEmergencySetting(ctx context.Context, patient *Identity, mode EmergencyMode, orgs []string) (*Tx, error) {
	switch {
	case mode == EmergencyRestricted && len(orgs) == 0:
		return nil, errors.New("a restricted setting names at least one organisation")
	case mode != EmergencyRestricted && len(orgs) > 0:
		return nil, fmt.Errorf("only a restricted setting names organisations, not %s", mode)
	}
	ids := make([][32]byte, len(orgs))
	for i, o := range orgs {
		ids[i] = OrgID(o)
	}
	x := e.Set.Emergency
	tx, _, err := e.send(ctx, patient, "set break-glass "+mode.String(), x.BoundContract, x.ABI.PackSetEmergencySetting(uint8(mode), ids))
	return tx, err
}

// EmergencyMode reads a patient's break-glass setting.
func (e *Env) EmergencyMode(ctx context.Context, patient common.Address) (EmergencyMode, error) {
	x := e.Set.Emergency
	out, err := bind.Call(x.BoundContract, &bind.CallOpts{Context: ctx}, x.ABI.PackAllows(patient, [32]byte{}), x.ABI.UnpackAllows)
	if err != nil {
		return 0, fmt.Errorf("read %s's emergency setting: %w", patient, decode(err))
	}
	return EmergencyMode(out.Mode), nil
}

// EmergencyAllows reports whether the patient's setting allows emergency staff of organisation
// org (a name) now.
func (e *Env) EmergencyAllows(ctx context.Context, patient common.Address, org string) (EmergencyMode, bool, error) {
	x := e.Set.Emergency
	out, err := bind.Call(x.BoundContract, &bind.CallOpts{Context: ctx}, x.ABI.PackAllows(patient, OrgID(org)), x.ABI.UnpackAllows)
	if err != nil {
		return 0, false, fmt.Errorf("read %s's emergency setting: %w", patient, decode(err))
	}
	return EmergencyMode(out.Mode), out.Allowed, nil
}

// Session is a break-glass session.
type Session struct {
	ID        uint64
	Patient   common.Address
	Provider  common.Address
	Org       [32]byte
	Reason    string
	OpenedAt  time.Time
	ExpiresAt time.Time
	Closed    bool
	// ClosedBy is who closed it (zero while open or unknown).
	ClosedBy common.Address
	// ProviderSessions is the provider's session count including this one.
	ProviderSessions uint32
	Block            uint64
	TxHash           common.Hash
}

// Open reports whether the session may still be used at t: not closed, inside its window.
func (s *Session) Open(t time.Time) bool { return !s.Closed && t.Before(s.ExpiresAt) }

// OpenSession opens a break-glass session for patient as an emergency provider, with a reason
// code (ReasonCode) for at most MaxEmergencyWindow.
func (e *Env) OpenSession(ctx context.Context, provider *Identity, patient common.Address, reason string, validFor time.Duration) (*Session, *Tx, error) {
	code, err := ReasonCode(reason)
	if err != nil {
		return nil, nil, err
	}
	if validFor < time.Second || validFor > MaxEmergencyWindow {
		return nil, nil, fmt.Errorf("a session lasts 1s to %s, not %s", MaxEmergencyWindow, validFor)
	}
	x := e.Set.Emergency
	tx, rcpt, err := e.send(ctx, provider, "open a break-glass session", x.BoundContract,
		x.ABI.PackOpenSession(patient, code, uint64(validFor/time.Second)))
	if err != nil {
		return nil, tx, err
	}
	for _, l := range rcpt.Logs {
		if ev, err := x.ABI.UnpackEmergencyAccessOpenedEvent(l); err == nil {
			s, err := e.Session(ctx, ev.SessionId)
			if err != nil {
				return nil, tx, err
			}
			s.Org, s.ProviderSessions, s.Block, s.TxHash = ev.Org, ev.ProviderSessions, ev.Raw.BlockNumber, ev.Raw.TxHash
			return s, tx, nil
		}
	}
	return nil, tx, fmt.Errorf("open session: no EmergencyAccessOpened event in %s", tx.Hash)
}

// CloseSession closes a session as its provider, its patient or the admin.
func (e *Env) CloseSession(ctx context.Context, actor *Identity, sessionID uint64) (*Tx, error) {
	x := e.Set.Emergency
	tx, _, err := e.send(ctx, actor, "close a break-glass session", x.BoundContract, x.ABI.PackCloseSession(sessionID))
	return tx, err
}

// Session reads a session's state.
func (e *Env) Session(ctx context.Context, id uint64) (*Session, error) {
	x := e.Set.Emergency
	s, err := bind.Call(x.BoundContract, &bind.CallOpts{Context: ctx}, x.ABI.PackSession(id), x.ABI.UnpackSession)
	if err != nil {
		return nil, fmt.Errorf("read session %d: %w", id, decode(err))
	}
	if s.Patient == (common.Address{}) {
		return nil, fmt.Errorf("no break-glass session %d on chain", id)
	}
	return &Session{ID: id, Patient: s.Patient, Provider: s.Provider, Reason: ReasonText(s.Reason),
		OpenedAt: time.Unix(int64(s.OpenedAt), 0).UTC(), ExpiresAt: time.Unix(int64(s.ExpiresAt), 0).UTC(), Closed: s.Closed}, nil
}

// SessionFilter selects sessions; zero fields match any.
type SessionFilter struct {
	Patient  common.Address
	Provider common.Address
}

// Sessions lists the break-glass sessions opened so far, oldest first, with their state now and
// who closed the closed ones.
func (e *Env) Sessions(ctx context.Context, f SessionFilter) ([]*Session, error) {
	x := e.Set.Emergency
	var patients, providers []any
	if f.Patient != (common.Address{}) {
		patients = []any{f.Patient}
	}
	if f.Provider != (common.Address{}) {
		providers = []any{f.Provider}
	}
	it, err := bind.FilterEvents(x.BoundContract, &bind.FilterOpts{Context: ctx}, x.ABI.UnpackEmergencyAccessOpenedEvent, nil, patients, providers)
	if err != nil {
		return nil, fmt.Errorf("find break-glass sessions: %w", err)
	}
	var out []*Session
	for it.Next() {
		ev := it.Value()
		out = append(out, &Session{ID: ev.SessionId, Patient: ev.Patient, Provider: ev.Provider, Org: ev.Org, Reason: ReasonText(ev.Reason),
			ExpiresAt: time.Unix(int64(ev.ExpiresAt), 0).UTC(), ProviderSessions: ev.ProviderSessions, Block: ev.Raw.BlockNumber, TxHash: ev.Raw.TxHash})
	}
	err = it.Error()
	it.Close()
	if err != nil {
		return nil, fmt.Errorf("find break-glass sessions: %w", err)
	}
	closers := map[uint64]common.Address{}
	cit, err := bind.FilterEvents(x.BoundContract, &bind.FilterOpts{Context: ctx}, x.ABI.UnpackEmergencyAccessClosedEvent, nil, patients, providers)
	if err != nil {
		return nil, fmt.Errorf("find closed break-glass sessions: %w", err)
	}
	for cit.Next() {
		closers[cit.Value().SessionId] = cit.Value().By
	}
	err = cit.Error()
	cit.Close()
	if err != nil {
		return nil, fmt.Errorf("find closed break-glass sessions: %w", err)
	}
	for _, s := range out {
		now, err := e.Session(ctx, s.ID)
		if err != nil {
			return nil, err
		}
		s.OpenedAt, s.Closed, s.ClosedBy = now.OpenedAt, now.Closed, closers[s.ID]
	}
	return out, nil
}

// PatientRecords lists a patient's active records, oldest first, from the chain's RecordCreated
// events and each record's state now.
func (e *Env) PatientRecords(ctx context.Context, patient common.Address) ([][32]byte, error) {
	r := e.Set.Records
	it, err := bind.FilterEvents(r.BoundContract, &bind.FilterOpts{Context: ctx}, r.ABI.UnpackRecordCreatedEvent, nil, []any{patient})
	if err != nil {
		return nil, fmt.Errorf("find %s's records: %w", patient, err)
	}
	var ids [][32]byte
	for it.Next() {
		ids = append(ids, it.Value().RecordId)
	}
	err = it.Error()
	it.Close()
	if err != nil {
		return nil, fmt.Errorf("find %s's records: %w", patient, err)
	}
	out := ids[:0]
	for _, id := range ids {
		rec, err := e.Record(ctx, id)
		if err != nil {
			return nil, err
		}
		if rec.Patient == patient && rec.Status == RecordActive && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out, nil
}

// EmergencyRead reads one of the session's patient's records under break-glass session
// sessionID: a care read with rule Emergency, opened into dst.
func (e *Env) EmergencyRead(ctx context.Context, provider *Identity, sessionID uint64, recordID [32]byte, dst io.Writer, opts ReadOptions) (*PendingRead, *CareRead, *envelope.Opened, error) {
	return e.ReadWithCare(ctx, provider, RuleEmergency, sessionID, recordID, dst, opts)
}
