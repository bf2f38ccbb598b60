package service_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/tdec"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/storage/embedded"
)

// breakGlass marks the requester (doctor-b, of hospital-b) as emergency staff and has it open a
// session for the patient.
func (cw *committeeWorld) breakGlass(t *testing.T) *client.Session {
	t.Helper()
	env := cw.Env()
	_, err := env.SetEmergencyStaff(ctx, cw.AdminID(), cw.requester.Address, true)
	check(t, err)
	cw.ForgetNonces()
	s, _, err := env.OpenSession(ctx, cw.Identity(cw.requester), cw.patient.Address, "unconscious", time.Hour)
	check(t, err)
	return s
}

// careRecord puts a record with the network capsule (the patient's setting is On by default)
// and, if policy is set, an attribute part.
func (cw *committeeWorld) careRecord(t *testing.T, policy string) [32]byte {
	t.Helper()
	id, err := cw.PutRecord(ctx, cw.doctor, cw.patient, note, policy)
	check(t, err)
	rec, err := cw.Env().Record(ctx, id)
	check(t, err)
	if rec.Flags&contracts.FlagNetworkCapsule == 0 {
		t.Fatalf("the patient co-signed record %x without the network capsule (flags %b)", id, rec.Flags)
	}
	return id
}

// TestCommitteeServesCareReads: a 2-of-3 committee answers a break-glass read (CareReads, rule
// Emergency) and the emergency provider combines two shares into K and opens the record; a
// read whose session the patient closed before the nodes saw it is rejected with nothing
// committed or revealed; and a request blinded from the gate object's attribute half (K2's
// ciphertext) instead of the network capsule is declined by every node: CareReads never
// releases what only AttributeReads may.
func TestCommitteeServesCareReads(t *testing.T) {
	cw := newCommitteeWorld(t, 3, 2, 1, nil)
	env := cw.Env()
	doctor := cw.Identity(cw.requester)
	rec := cw.careRecord(t, "")
	s := cw.breakGlass(t)
	if n, err := env.SessionsOf(ctx, cw.requester.Address); err != nil || n != 1 {
		t.Fatalf("sessionsOf = %d, %v", n, err)
	}

	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var got bytes.Buffer
	_, res, _, err := env.EmergencyRead(rctx, doctor, s.ID, rec, &got, client.ReadOptions{AwaitOptions: client.AwaitOptions{Poll: 20 * time.Millisecond}})
	check(t, err)
	if got.String() != note || res.Rule != client.RuleEmergency || res.RuleID != s.ID || len(res.Used) != 2 || len(res.Faults) != 0 {
		t.Fatalf("read %q, result %+v", got.String(), res)
	}

	// A request blinded from K2's ciphertext, sent as the care read of a record with both parts.
	_, err = env.RegisterAuthority(ctx, cw.AdminID(), cw.Authority.Address, "acme-insurance")
	check(t, err)
	_, _, err = env.DefineAttributes(ctx, cw.Identity(cw.Authority), "role:insurer")
	check(t, err)
	cw.ForgetNonces()
	both := cw.careRecord(t, "acme-insurance/role:insurer")
	half := cw.halfRequest(t, both, s.ID)
	waitFor(t, "the K2-blinded care read rejected", func() bool {
		st, err := env.AnswerState(ctx, client.GateCare, half)
		return err == nil && st.Status == client.AnswerRejected
	})
	st, err := env.AnswerState(ctx, client.GateCare, half)
	check(t, err)
	if st.CommitMask != 0 || st.RevealMask != 0 || st.Declines < 2 {
		t.Fatalf("a node answered a care read blinded from the attribute half: %+v", st)
	}

	// Every node down; a read is requested, then the session closed by the patient.
	for _, o := range cw.nodes {
		o.stop(t)
	}
	p, err := env.RequestCareRead(ctx, doctor, client.RuleEmergency, s.ID, rec, nil)
	check(t, err)
	_, err = env.CloseSession(ctx, cw.Identity(cw.patient), s.ID)
	check(t, err)
	for i := range cw.nodes {
		cw.nodes[i] = cw.start(t, i)
	}
	waitFor(t, "the dead read rejected", func() bool {
		st, err := env.AnswerState(ctx, client.GateCare, p.ReadID)
		return err == nil && st.Status == client.AnswerRejected
	})
	st, err = env.AnswerState(ctx, client.GateCare, p.ReadID)
	check(t, err)
	if st.CommitMask != 0 || st.RevealMask != 0 {
		t.Fatalf("a node answered a read whose session was closed: %+v", st)
	}
	if _, err := env.RequestCareRead(ctx, doctor, client.RuleEmergency, s.ID, rec, nil); !errors.Is(err, contracts.Revert("SessionClosed")) {
		t.Fatalf("a read under a closed session: %v", err)
	}
}

// halfRequest sends, as the requester, a care read of record under session whose blinding is
// made from the gate object's attribute half (K2's ciphertext) with CareReads' own blinding
// context: the contract cannot tell, only the nodes can.
func (cw *committeeWorld) halfRequest(t *testing.T, record [32]byte, session uint64) uint64 {
	t.Helper()
	env := cw.Env()
	r, err := env.Record(ctx, record)
	check(t, err)
	g, err := env.Gate(ctx, r)
	check(t, err)
	if g.Half() == nil || g.Capsule() == nil {
		t.Fatal("the record's gate lacks a part")
	}
	c := cw.Set.Care
	bctx, err := bind.Call(c.BoundContract, &bind.CallOpts{Context: ctx}, c.ABI.PackBlindingContext(cw.requester.Address, record), c.ABI.UnpackBlindingContext)
	check(t, err)
	_, req, err := tdec.Blind(rand.Reader, g.Half(), bctx)
	check(t, err)
	b, err := req.MarshalBinary()
	check(t, err)
	h, err := cw.Submit(ctx, cw.requester, cw.Set.Addresses.Care, c.ABI.PackRequestRead(uint8(client.RuleEmergency), session, record, b[35:68], b[68:132], b[2:35]))
	check(t, err)
	rcpts, err := cw.Wait(ctx, h)
	check(t, err)
	for _, l := range rcpts[0].Logs {
		if ev, err := c.ABI.UnpackCapsuleReadRequestedEvent(l); err == nil {
			return ev.ReadId
		}
	}
	t.Fatal("no CapsuleReadRequested event")
	return 0
}

// TestCareReadNodeResumesAfterKill runs member 1 of a 2-of-3 committee as a separate process and
// kills it right after it recorded its commit to a break-glass read; restarted on the same state
// it commits and reveals exactly once, and the emergency provider reads.
func TestCareReadNodeResumesAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a proxy node in subprocesses")
	}
	w := newWorld(t, oracletest.Options{RPC: true, Proxies: 3, BlockTime: 50 * time.Millisecond, Parties: []string{"patient", "doctor", "doctor-b"}})
	cw := &committeeWorld{World: w, dir: t.TempDir(), patient: w.Parties["patient"], doctor: w.Parties["doctor"], requester: w.Parties["doctor-b"], depth: 1}
	check(t, w.EnrolAs(ctx, cw.patient, client.RolePatient, ""))
	check(t, w.EnrolAs(ctx, cw.doctor, client.RoleProvider, "hospital-a"))
	check(t, w.EnrolAs(ctx, cw.requester, client.RoleProvider, "hospital-b"))
	w.ForgetNonces()
	for i := range 3 {
		cw.nodes = append(cw.nodes, cw.start(t, i))
	}
	c, err := w.CreateCommittee(ctx, w.Proxies, 2, 120)
	check(t, err)
	st, err := w.WaitCommittee(ctx, c, 3*time.Minute)
	check(t, err)
	if st != oracletest.CommitteeActive {
		t.Fatalf("committee status %d", st)
	}
	cw.committee = c
	membership(t, cw.nodes[0], c)
	rec := cw.careRecord(t, "")
	s := cw.breakGlass(t)
	cw.nodes[0].stop(t)
	victim := w.Proxies[0]
	passFile := filepath.Join(cw.dir, "pass")
	check(t, os.WriteFile(passFile, oracletest.ProxyPass.Reveal(), 0o600))
	cfg := cw.proxyConfig(victim)
	cfg.RPCURL, cfg.KeyDir, cfg.PassphraseFile, cfg.IPFSDir = w.RPCURL, victim.Dir, passFile, filepath.Join(cw.dir, "victim-ipfs")
	copyGate(t, cw, rec, cfg.IPFSDir)
	first := startChild(t, cfg, service.PointRecorded)

	env := cw.Env()
	doctor := cw.Identity(cw.requester)
	p, err := env.RequestCareRead(ctx, doctor, client.RuleEmergency, s.ID, rec, nil)
	check(t, err)
	if code := first.wait(t); code != crashCode {
		t.Fatalf("first run exited with %d, want the crash at %s", code, service.PointRecorded)
	}
	second := startChild(t, cfg, "")
	cw.waitReveals(t, client.GateCare, p.ReadID, 0b111)
	rctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	var got bytes.Buffer
	res, _, err := env.FinishCareRead(rctx, doctor, p, &got, client.AwaitOptions{Poll: 20 * time.Millisecond})
	check(t, err)
	if got.String() != note || len(res.Faults) != 0 {
		t.Fatalf("read %q, faults %+v", got.String(), res.Faults)
	}
	check(t, second.cmd.Process.Signal(syscall.SIGTERM))
	if code := second.wait(t); code != 0 {
		t.Fatalf("graceful stop exited with %d", code)
	}
	nonce, err := w.Client.NonceAt(ctx, victim.Address, nil)
	check(t, err)
	if nonce != 5 {
		t.Fatalf("the victim sent %d transactions, want 3 for the DKG, 1 commit and 1 reveal", nonce)
	}
}

// copyGate puts the record's gate object into the store at dir.
func copyGate(t *testing.T, cw *committeeWorld, record [32]byte, dir string) {
	t.Helper()
	rec, err := cw.Env().Record(ctx, record)
	check(t, err)
	dst, err := embedded.Open(dir, embedded.NoSync())
	check(t, err)
	defer dst.Close()
	c, err := cid.Cast(rec.GateRef)
	check(t, err)
	obj, err := cw.Store().Get(ctx, c)
	check(t, err)
	got, err := dst.Put(ctx, obj)
	obj.Close()
	check(t, err)
	if !got.Equals(c) {
		t.Fatalf("copied object has CID %s, want %s", got, c)
	}
}
