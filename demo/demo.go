// Package demo tells emrchain's story end to end: enrolment, a 2-of-3 proxy committee that
// generates its key on chain, a record the patient approves after reading its policy in words,
// her keyword index dealt to the committee, an insurer searching it and reading the record
// through an audited attribute read (seed 001's insurance claim), a researcher refused, a doctor at
// another hospital reading through a grant answered by t of the committee's members (seeds 000
// and 004), revocation of the grant and of the insurer's attribute, an update that voids the old
// grant, and the patient's audit trail. `emrchain demo`, `emrchain gas report` and the end-to-end
// tests all run this one story.
package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
)

// Cast is everyone in the story. Oracle is the key oracle (it issues CP-ABE keys); Proxies are
// the proxy nodes the committee is formed from.
type Cast struct {
	Admin, Oracle, Authority, Patient, DoctorA, Insurer, DoctorB, Researcher *client.Identity
	Proxies                                                                  []*client.Identity
}

// Auditor reads and checks a patient's audit timeline; the indexer provides it.
type Auditor interface {
	// Timeline returns the patient's entries rendered one per line.
	Timeline(ctx context.Context, patient common.Address) ([]string, error)
	// Verify re-reads the patient's events from the chain and checks the stored timeline.
	Verify(ctx context.Context, patient common.Address) (entries int, err error)
}

// Network is the running system the story acts in: the proxy nodes run the committee's key
// generation on chain, and FormCommittee returns once the committee is active (on a chain that
// mines only when sent a transaction, it mines the blocks the phases need).
type Network interface {
	FormCommittee(ctx context.Context, admin *client.Identity, threshold int, members []common.Address) (uint64, []*client.Tx, error)
}

// Step is one step of the transcript.
type Step struct {
	Number int          `json:"step"`
	Title  string       `json:"title"`
	Actor  string       `json:"actor"`
	OK     bool         `json:"ok"`
	Txs    []*client.Tx `json:"transactions,omitempty"`
	Notes  []string     `json:"notes,omitempty"`
	// Expected is set on steps whose success is a refusal (the researcher, the revoked grant).
	Expected string `json:"expectedRefusal,omitempty"`
	Error    string `json:"error,omitempty"`
}

// Transcript is the whole story as it ran.
type Transcript struct {
	Steps    []*Step  `json:"steps"`
	Timeline []string `json:"timeline,omitempty"`
	Verified int      `json:"verifiedEntries"`
}

// Reporter is told about each step as it finishes, so the CLI can print as the story runs.
type Reporter func(*Step)

// Record is the medical record the story revolves around.
const Record = `EMR 2026-11-02 hospital-a cardiology
Patient presented with exertional chest pain. Coronary angiography: 80% LAD stenosis.
Procedure: drug-eluting stent, LAD. Discharged on dual antiplatelet therapy.
Claim reference: ACME-4471.`

// EmergencyReason is the reason code doctor B states when breaking the glass.
const EmergencyReason = "unconscious"

// Keywords index the record.
var Keywords = []string{"cardiology", "stent", "claim-acme-4471"}

// Namespace is the attribute authority's namespace: every attribute in the story is its.
const Namespace = "nhr"

// RecordPolicy is the policy doctor A proposes for the record.
const RecordPolicy = "nhr/role:insurer or (nhr/role:doctor and nhr/dept:cardiology)"

// Committee is the story's committee shape: any 2 of 3 proxies answer.
const (
	Threshold = 2
	Members   = 3
)

type runner struct {
	env  *client.Env
	cast *Cast
	tr   *Transcript
	rep  Reporter
}

func (r *runner) step(title string, actor *client.Identity, fn func(s *Step) error) error {
	s := &Step{Number: len(r.tr.Steps) + 1, Title: title, Actor: actor.Name}
	err := fn(s)
	s.OK = err == nil
	if err != nil {
		s.Error = err.Error()
	}
	r.tr.Steps = append(r.tr.Steps, s)
	if r.rep != nil {
		r.rep(s)
	}
	if err != nil {
		return fmt.Errorf("step %d (%s): %w", s.Number, title, err)
	}
	return nil
}

func (s *Step) add(tx *client.Tx, err error) error {
	if tx != nil {
		s.Txs = append(s.Txs, tx)
	}
	return err
}

func (s *Step) note(format string, args ...any) {
	s.Notes = append(s.Notes, fmt.Sprintf(format, args...))
}

// Run plays the story on env, whose key oracle runs as cast.Oracle and whose proxy nodes run as
// cast.Proxies, and whose registry admin is cast.Admin. auditor may be nil to skip the audit step.
func Run(ctx context.Context, env *client.Env, cast *Cast, net Network, auditor Auditor, rep Reporter) (*Transcript, error) {
	r := &runner{env: env, cast: cast, tr: &Transcript{}, rep: rep}
	c := cast
	if c.Patient.Seed == nil {
		return r.tr, errors.New("the patient's record seed is not loaded")
	}
	var (
		draft     *client.Draft
		committee uint64
		grant     uint64
	)
	names := map[common.Address]string{}
	for _, p := range c.Proxies {
		names[p.Address()] = p.Name
	}
	answered := func(used []client.Reveal) string {
		var parts []string
		for _, u := range used {
			parts = append(parts, fmt.Sprintf("member %d (%s)", u.Member, names[u.Node]))
		}
		return strings.Join(parts, " and ")
	}

	if err := r.step("enrol the key oracle, three proxies, an attribute authority, a patient, two doctors, an insurer and a researcher", c.Admin, func(s *Step) error {
		type enrolment struct {
			id   *client.Identity
			role uint8
			org  string
		}
		list := []enrolment{{c.Oracle, client.RoleOracle, "emrchain-oracle"}}
		for _, p := range c.Proxies {
			list = append(list, enrolment{p, client.RoleProxy, "emrchain-proxies"})
		}
		list = append(list, []enrolment{
			{c.Authority, client.RoleAttributeAuthority, "national-health-registry"},
			{c.Patient, client.RolePatient, ""},
			{c.DoctorA, client.RoleProvider, "hospital-a"},
			{c.Insurer, client.RoleRequester, "acme-insurance"},
			{c.DoctorB, client.RoleProvider, "hospital-b"},
			{c.Researcher, client.RoleRequester, "university-lab"},
		}...)
		for _, e := range list {
			if err := s.add(env.Enroll(ctx, c.Admin, client.EnrollmentOf(e.id, e.role, e.org, e.id.Name))); err != nil {
				return err
			}
		}
		if err := s.add(env.RegisterAuthority(ctx, c.Admin, c.Authority.Address(), Namespace)); err != nil {
			return err
		}
		s.note("only keys and hashes go on chain: PRE key, transport key, org id, metadata hash")
		s.note("the attribute authority defines attributes only in its namespace %q", Namespace)
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step(fmt.Sprintf("the admin forms a %d-of-%d proxy committee; its members generate the committee key on chain", Threshold, Members), c.Admin, func(s *Step) error {
		if len(c.Proxies) < Members {
			return fmt.Errorf("the story needs %d proxies, the cast has %d", Members, len(c.Proxies))
		}
		var members []common.Address
		for _, p := range c.Proxies[:Members] {
			members = append(members, p.Address())
		}
		var txs []*client.Tx
		var err error
		committee, txs, err = net.FormCommittee(ctx, c.Admin, Threshold, members)
		s.Txs = append(s.Txs, txs...)
		if err != nil {
			return err
		}
		s.note("committee %d is active: each member dealt shares of its polynomial, none holds the committee's key", committee)
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("doctor A seals a record and proposes a policy; the patient reviews it in words and approves", c.DoctorA, func(s *Step) error {
		if _, err := r.defineAttributes(ctx, s, "role:insurer", "role:doctor", "dept:cardiology", "role:researcher"); err != nil {
			return err
		}
		policy, err := cpabe.ParsePolicy(RecordPolicy)
		if err != nil {
			return err
		}
		draft, err = env.SealRecord(ctx, c.DoctorA, c.Patient.Address(), bytes.NewReader([]byte(Record)), nil, client.SealOptions{Policy: policy})
		if err != nil {
			return err
		}
		s.note("sealed %d bytes → %d on IPFS as %s; the data key travels sealed to the patient", draft.Sealed.PlaintextSize, draft.Sealed.SealedSize, draft.RecordCID)
		doctorSig, err := draft.Sign(c.DoctorA)
		if err != nil {
			return err
		}
		a, rv, err := env.Approve(ctx, c.Patient, draft, client.ApproveOptions{CommitteeID: committee})
		if err != nil {
			return err
		}
		s.note("the patient checked doctor A's signature (%s) and was shown: %s", rv.Opened.Signer, rv.PolicyWords)
		s.note("her client built the record's capsule from her seed and the policy's gate object sealed to committee %d, then signed", rv.CommitteeID)
		return s.add(env.SubmitRecord(ctx, c.DoctorA, draft, doctorSig, a))
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("the patient deals her index key to the committee, indexes the record and authorizes the insurer to search", c.Patient, func(s *Step) error {
		dealt, err := env.SetupIndex(ctx, c.Patient, committee)
		if err != nil {
			return err
		}
		s.add(dealt.Tx, nil)
		if err := s.add(env.IndexRecord(ctx, c.Patient, draft.RecordID, Keywords...)); err != nil {
			return err
		}
		if err := s.add(env.AddRequesters(ctx, c.Patient, c.Insurer.Address())); err != nil {
			return err
		}
		s.note("index epoch %d: its key is Shamir-shared %d-of-%d among the committee; %d masked entries on chain", dealt.Epoch, dealt.Threshold, dealt.Members, len(Keywords))
		return nil
	}); err != nil {
		return r.tr, err
	}

	var insurerKey *cpabe.AttributeKey
	if err := r.step("the insurer searches the index and reads the record through an audited attribute read", c.Insurer, func(s *Step) error {
		var err error
		insurerKey, err = r.attributeKey(ctx, s, c.Insurer, "role:insurer")
		if err != nil {
			return err
		}
		results, err := env.Search(ctx, c.Insurer, c.Patient.Address(), "claim-acme-4471", client.AwaitOptions{})
		if err != nil {
			return err
		}
		var ids [][32]byte
		for _, res := range results {
			ids = append(ids, res.Records...)
			s.note("search token for epoch %d: request %d, answered by committee members %v", res.Epoch, res.Token.RequestID, client.MembersOf(res.Token.CommitMask))
		}
		if len(ids) != 1 || ids[0] != draft.RecordID {
			return fmt.Errorf("search found %d records, want the claim's record", len(ids))
		}
		s.note("search for %q found record %x", "claim-acme-4471", ids[0][:8])
		var got bytes.Buffer
		p, res, opened, err := env.ReadWithAttributes(ctx, c.Insurer, insurerKey, ids[0], &got, client.ReadOptions{})
		if p != nil {
			s.add(p.Tx, nil)
		}
		if err != nil {
			return err
		}
		if got.String() != Record {
			return errors.New("decrypted record differs from the original")
		}
		s.note("attribute read %d: the contract checked %v against the policy; %s released blinded shares", res.ReadID, res.Attributes, answered(res.Used))
		s.note("decrypted %d bytes; signed by doctor A %s; the read is on the patient's timeline", opened.PlaintextSize, opened.Signer)
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("the researcher's attributes do not satisfy the policy: the read and the search are refused on chain", c.Researcher, func(s *Step) error {
		s.Expected = "AttributeReads.PolicyNotSatisfied; KeywordIndex.NotRequester"
		rk, err := r.attributeKey(ctx, s, c.Researcher, "role:researcher")
		if err != nil {
			return err
		}
		if _, err := env.RequestRead(ctx, c.Researcher, rk, draft.RecordID, nil); !errors.Is(err, contracts.Revert("PolicyNotSatisfied")) {
			return fmt.Errorf("researcher read: got %v, want PolicyNotSatisfied", err)
		}
		s.note("read refused: %s does not satisfy %q", client.FullName(Namespace, "role:researcher"), RecordPolicy)
		if _, err := env.Search(ctx, c.Researcher, c.Patient.Address(), "stent", client.AwaitOptions{}); !errors.Is(err, contracts.Revert("NotRequester")) {
			return fmt.Errorf("researcher search: got %v, want NotRequester", err)
		}
		s.note("search refused: the patient never authorized the researcher")
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step(fmt.Sprintf("the patient grants doctor B access, split %d-of-%d among the committee; doctor B reads the record", Threshold, Members), c.DoctorB, func(s *Step) error {
		var err error
		var tx *client.Tx
		grant, tx, err = env.RequestAccess(ctx, c.DoctorB, draft.RecordID, client.OpRead, "treatment")
		if err := s.add(tx, err); err != nil {
			return err
		}
		g, err := env.Grant(ctx, c.Patient, grant, client.GrantOptions{ValidFor: 24 * time.Hour, Operations: 1 << client.OpRead, MaxUses: 2, CommitteeID: committee})
		if err != nil {
			return err
		}
		s.add(g.Tx, nil)
		s.note("the patient's client derived version %d's own key from her seed, made a re-key for doctor B and split it %d-of-%d, with share commitments on chain", g.Version, g.Threshold, len(g.Members))
		var got bytes.Buffer
		inv, ans, opened, err := env.ReadGranted(ctx, c.DoctorB, grant, &got, client.AwaitOptions{})
		if inv != nil {
			s.add(inv.Tx, nil)
		}
		if err != nil {
			return err
		}
		if got.String() != Record {
			return errors.New("doctor B decrypted something else")
		}
		s.note("access %d: %s committed, then revealed fragments with proofs; doctor B checked and combined them", inv.AccessID, answered(ans.Used))
		// The members' side of the round, for the transcript and the gas report.
		if err := r.memberTxs(ctx, s, client.GateAccess, inv.AccessID, ans.Used, names); err != nil {
			return err
		}
		s.note("doctor B decrypted %d bytes, signed by %s; %d use of the grant left", opened.PlaintextSize, opened.Signer, inv.UsesLeft)
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("the patient revokes; doctor B's next get-access is refused on chain", c.Patient, func(s *Step) error {
		s.Expected = "AccessLedger.GrantRevoked"
		if err := s.add(env.Revoke(ctx, c.Patient, grant)); err != nil {
			return err
		}
		_, err := env.GetAccess(ctx, c.DoctorB, grant)
		if !errors.Is(err, contracts.Revert("GrantRevoked")) {
			return fmt.Errorf("get-access after revoke: got %v, want GrantRevoked", err)
		}
		s.note("refused: %v", unwrapRevert(err))
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("the authority revokes the insurer's attribute; the insurer's next read is refused, with no re-encryption", c.Authority, func(s *Step) error {
		s.Expected = "AttributeReads.PolicyNotSatisfied"
		if err := s.add(env.RevokeAttributes(ctx, c.Authority, c.Insurer.Address(), client.FullName(Namespace, "role:insurer"))); err != nil {
			return err
		}
		_, err := env.RequestRead(ctx, c.Insurer, insurerKey, draft.RecordID, nil)
		if !errors.Is(err, contracts.Revert("PolicyNotSatisfied")) {
			return fmt.Errorf("read after the revocation: got %v, want PolicyNotSatisfied", err)
		}
		s.note("refused: %v; the insurer's CP-ABE key alone opens nothing", unwrapRevert(err))
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("doctor A updates the record; a grant made on the old version no longer works", c.DoctorA, func(s *Step) error {
		s.Expected = "AccessLedger.RecordVersionStale"
		old, tx, err := env.RequestAccess(ctx, c.DoctorB, draft.RecordID, client.OpRead, "treatment")
		if err := s.add(tx, err); err != nil {
			return err
		}
		g, err := env.Grant(ctx, c.Patient, old, client.GrantOptions{ValidFor: 24 * time.Hour, Operations: 1 << client.OpRead, CommitteeID: committee})
		if err != nil {
			return err
		}
		s.add(g.Tx, nil)
		id := draft.RecordID
		policy, _ := cpabe.ParsePolicy(RecordPolicy)
		v2, err := env.SealRecord(ctx, c.DoctorA, c.Patient.Address(), bytes.NewReader([]byte(Record+"\nAddendum: follow-up echo normal.")), &id, client.SealOptions{Policy: policy})
		if err != nil {
			return err
		}
		ds, err := v2.Sign(c.DoctorA)
		if err != nil {
			return err
		}
		a, _, err := env.Approve(ctx, c.Patient, v2, client.ApproveOptions{CommitteeID: committee})
		if err != nil {
			return err
		}
		if err := s.add(env.SubmitRecord(ctx, c.DoctorA, v2, ds, a)); err != nil {
			return err
		}
		s.note("version 2 has its own key: the old grant's re-key opens only version 1")
		_, err = env.GetAccess(ctx, c.DoctorB, old)
		if !errors.Is(err, contracts.Revert("RecordVersionStale")) {
			return fmt.Errorf("get-access on a grant for version 1: got %v, want RecordVersionStale", err)
		}
		s.note("refused: %v", unwrapRevert(err))
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("break-glass: doctor B, emergency staff, opens a session for the unconscious patient and reads her record through the committee", c.DoctorB, func(s *Step) error {
		if err := s.add(env.SetEmergencyStaff(ctx, c.Admin, c.DoctorB.Address(), true)); err != nil {
			return err
		}
		s.note("the admin marked doctor B as emergency staff")
		sess, tx, err := env.OpenSession(ctx, c.DoctorB, c.Patient.Address(), EmergencyReason, time.Hour)
		if err := s.add(tx, err); err != nil {
			return err
		}
		s.note("session %d opened, reason %q, until %s: on the patient's timeline as emergency access (BALP, ETREAT/BTG), pushed to her and her guardians' webhooks",
			sess.ID, sess.Reason, sess.ExpiresAt.Format(time.RFC3339))
		var got bytes.Buffer
		p, res, _, err := env.EmergencyRead(ctx, c.DoctorB, sess.ID, draft.RecordID, &got, client.ReadOptions{})
		if p != nil {
			s.add(p.Tx, nil)
		}
		if err != nil {
			return err
		}
		if !strings.HasPrefix(got.String(), Record) {
			return fmt.Errorf("break-glass read %q, want the record", got.String())
		}
		s.note("care read %d answered by %s, no grant needed; doctor B reads %d bytes", res.ReadID, answered(res.Used), got.Len())
		if err := r.memberTxs(ctx, s, client.GateCare, res.ReadID, res.Used, names); err != nil {
			return err
		}
		if err := s.add(env.CloseSession(ctx, c.DoctorB, sess.ID)); err != nil {
			return err
		}
		n, err := env.SessionsOf(ctx, c.DoctorB.Address())
		if err != nil {
			return err
		}
		s.note("doctor B closed the session; the admin sees %d break-glass session(s) opened by doctor B", n)
		return nil
	}); err != nil {
		return r.tr, err
	}

	if auditor != nil {
		if err := r.step("the patient's audit timeline, verified entry by entry against the chain", c.Patient, func(s *Step) error {
			lines, err := auditor.Timeline(ctx, c.Patient.Address())
			if err != nil {
				return err
			}
			r.tr.Timeline = lines
			n, err := auditor.Verify(ctx, c.Patient.Address())
			if err != nil {
				return err
			}
			r.tr.Verified = n
			s.note("%d timeline entries, each re-read from the chain and matched", n)
			return nil
		}); err != nil {
			return r.tr, err
		}
	}
	return r.tr, nil
}

// Actions of the members' answer transactions in a transcript.
const (
	ActionCommit = "commit an answer (proxy)"
	ActionReveal = "reveal an answer (proxy)"
	// The same for a care read (break-glass), kept apart so each round sums its own.
	ActionCareCommit = "commit a care-read share (proxy)"
	ActionCareReveal = "reveal a care-read share (proxy)"
)

// memberTxs adds the committee's side of an answered access on gate (client.GateAccess, …) to the step: the first t commits in
// chain order (the ones that made the receipt, whoever sent them) and the reveals of the members
// whose fragments were combined. Which members come first varies from run to run; the first
// commit writes the access's answer slot and the t-th fulfils it, so these are the costs of every
// round.
func (r *runner) memberTxs(ctx context.Context, s *Step, gate string, accessID uint64, used []client.Reveal, names map[common.Address]string) error {
	commits, err := r.env.Commits(ctx, gate, accessID)
	if err != nil {
		return err
	}
	if len(commits) < len(used) {
		return fmt.Errorf("access %d has %d commits, fewer than the %d fragments combined", accessID, len(commits), len(used))
	}
	add := func(action string, member uint8, node common.Address, h common.Hash) error {
		rcpt, err := r.env.Backend.TransactionReceipt(ctx, h)
		if err != nil {
			return fmt.Errorf("receipt of member %d's answer: %w", member, err)
		}
		s.Txs = append(s.Txs, &client.Tx{Action: action, From: names[node], Hash: h, Block: rcpt.BlockNumber.Uint64(), GasUsed: rcpt.GasUsed})
		return nil
	}
	commit, reveal := ActionCommit, ActionReveal
	if gate == client.GateCare {
		commit, reveal = ActionCareCommit, ActionCareReveal
	}
	for _, c := range commits[:len(used)] {
		if err := add(commit, c.Member, c.Node, c.TxHash); err != nil {
			return err
		}
	}
	for _, u := range used {
		if err := add(reveal, u.Member, u.Node, u.TxHash); err != nil {
			return err
		}
	}
	return nil
}

// defineAttributes has the authority define attributes in its namespace.
func (r *runner) defineAttributes(ctx context.Context, s *Step, names ...string) ([]string, error) {
	full, txs, err := r.env.DefineAttributes(ctx, r.cast.Authority, names...)
	s.Txs = append(s.Txs, txs...)
	return full, err
}

// attributeKey has the authority assign attributes and the key oracle issue a CP-ABE key of the
// current epoch for them.
func (r *runner) attributeKey(ctx context.Context, s *Step, holder *client.Identity, names ...string) (*cpabe.AttributeKey, error) {
	env, c := r.env, r.cast
	full, err := r.defineAttributes(ctx, s, names...)
	if err != nil {
		return nil, err
	}
	if err := s.add(env.AssignAttributes(ctx, c.Authority, holder.Address(), full...)); err != nil {
		return nil, err
	}
	epoch, err := env.KeyEpoch(ctx)
	if err != nil {
		return nil, err
	}
	id, tx, err := env.RequestKey(ctx, holder, epoch)
	if err := s.add(tx, err); err != nil {
		return nil, err
	}
	issued, err := env.WaitKey(ctx, id, 50*time.Millisecond)
	if err != nil {
		return nil, err
	}
	s.Txs = append(s.Txs, &client.Tx{Action: "issue key (key oracle)", From: c.Oracle.Name, Hash: issued.TxHash, GasUsed: issued.GasUsed})
	ak, err := env.OpenIssuedKey(ctx, holder, issued)
	if err != nil {
		return nil, err
	}
	s.note("the key oracle issued a CP-ABE key for %v (epoch %d), sealed to %s's transport key", ak.Attributes(), epoch, holder.Name)
	return ak, nil
}

func unwrapRevert(err error) error {
	var re *contracts.RevertError
	if errors.As(err, &re) {
		return re
	}
	return err
}
