// Package demo tells emrchain's story end to end (issue 7): enrolment, a co-signed record with
// its keyword index, an insurer reading it through CP-ABE (seed 001's insurance claim), a
// researcher failing cleanly, a doctor at another hospital reading through proxy re-encryption
// (seeds 000 and 004), revocation, an update that voids the old grant, and the patient's audit
// trail. `emrchain demo`, `emrchain gas report` and the end-to-end tests all run this one story.
package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/sse"
)

// Cast is everyone in the story.
type Cast struct {
	Admin, Oracle, Authority, Patient, DoctorA, Insurer, DoctorB, Researcher *client.Identity
}

// Auditor reads and checks a patient's audit timeline; the indexer provides it.
type Auditor interface {
	// Timeline returns the patient's entries rendered one per line, oldest first.
	Timeline(ctx context.Context, patient common.Address) ([]string, error)
	// Verify re-reads the patient's events from the chain and checks the stored timeline.
	Verify(ctx context.Context, patient common.Address) (entries int, err error)
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

// Keywords index the record.
var Keywords = []string{"cardiology", "stent", "claim-acme-4471"}

// Policies used in the story.
const (
	RecordPolicy = "role:insurer or (role:doctor and dept:cardiology)"
	SearchPolicy = "role:insurer"
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

// Run plays the story on env, whose oracle must be running (both roles) as cast.Oracle, and
// whose registry admin is cast.Admin. auditor may be nil to skip the audit step.
func Run(ctx context.Context, env *client.Env, cast *Cast, auditor Auditor, rep Reporter) (*Transcript, error) {
	r := &runner{env: env, cast: cast, tr: &Transcript{}, rep: rep}
	c := cast
	var (
		draft     *client.Draft
		searchKey *sse.Key
		grant     uint64
	)

	if err := r.step("enrol the oracle, an attribute authority, a patient, two doctors, an insurer and a researcher", c.Admin, func(s *Step) error {
		for _, e := range []struct {
			id   *client.Identity
			role uint8
			org  string
		}{
			{c.Oracle, client.RoleOracle, "emrchain-oracle"},
			{c.Authority, client.RoleAttributeAuthority, "national-health-registry"},
			{c.Patient, client.RolePatient, ""},
			{c.DoctorA, client.RoleProvider, "hospital-a"},
			{c.Insurer, client.RoleRequester, "acme-insurance"},
			{c.DoctorB, client.RoleProvider, "hospital-b"},
			{c.Researcher, client.RoleRequester, "university-lab"},
		} {
			if err := s.add(env.Enroll(ctx, c.Admin, client.EnrollmentOf(e.id, e.role, e.org, e.id.Name))); err != nil {
				return err
			}
		}
		s.note("only keys and hashes go on chain: PRE key, transport key, org id, metadata hash")
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("doctor A seals a record, the patient co-signs it, its keywords go into the patient's index", c.DoctorA, func(s *Step) error {
		policy, err := cpabe.ParsePolicy(RecordPolicy)
		if err != nil {
			return err
		}
		draft, err = env.SealRecord(ctx, c.DoctorA, c.Patient.Address(), bytes.NewReader([]byte(Record)), nil, client.SealOptions{Policy: policy})
		if err != nil {
			return err
		}
		s.note("sealed %d bytes → %d on IPFS as %s (sign, then AES-256-GCM under a fresh data key)", draft.Sealed.PlaintextSize, draft.Sealed.SealedSize, draft.RecordCID)
		doctorSig, err := draft.Sign(c.DoctorA)
		if err != nil {
			return err
		}
		patientSig, opened, err := env.CoSign(ctx, c.Patient, draft, io.Discard)
		if err != nil {
			return err
		}
		s.note("patient opened the draft, checked doctor A's signature (%s) and co-signed the EIP-712 version", opened.Signer)
		if err := s.add(env.SubmitRecord(ctx, c.DoctorA, draft, doctorSig, patientSig)); err != nil {
			return err
		}
		s.note("record %x: content hash, encrypted location (CT*), PRE capsule and CP-ABE key references on chain", draft.RecordID[:8])
		searchKey, err = sse.NewKey(env.Rand)
		if err != nil {
			return err
		}
		if err := s.add(env.IndexRecord(ctx, c.Patient, searchKey, draft.RecordID, Keywords...)); err != nil {
			return err
		}
		if err := s.add(env.AddRequesters(ctx, c.Patient, c.Insurer.Address())); err != nil {
			return err
		}
		sp, err := cpabe.ParsePolicy(SearchPolicy)
		if err != nil {
			return err
		}
		if err := s.add(env.PublishSearchKey(ctx, c.Patient, searchKey, sp)); err != nil {
			return err
		}
		s.note("%d masked index entries; insurer authorized to search; search key published under %q", len(Keywords), SearchPolicy)
		return nil
	}); err != nil {
		return r.tr, err
	}

	var insurerKey *cpabe.AttributeKey
	if err := r.step("the insurer gets attributes and a CP-ABE key, searches, fetches, decrypts and verifies the record", c.Insurer, func(s *Step) error {
		var err error
		insurerKey, err = r.attributeKey(ctx, s, c.Insurer, "role:insurer", "org:acme-insurance")
		if err != nil {
			return err
		}
		sk, err := env.SearchKey(ctx, insurerKey, c.Patient.Address())
		if err != nil {
			return err
		}
		ids, txs, err := env.Search(ctx, c.Insurer, c.Patient.Address(), sk, "claim-acme-4471")
		s.Txs = append(s.Txs, txs...)
		if err != nil {
			return err
		}
		if len(ids) != 1 || ids[0] != draft.RecordID {
			return fmt.Errorf("search found %d records, want the claim's record", len(ids))
		}
		s.note("search for %q: the contract returned 1 masked entry, unmasked to record %x", "claim-acme-4471", ids[0][:8])
		k, err := env.DataKeyFromPolicy(ctx, insurerKey, ids[0])
		if err != nil {
			return err
		}
		var got bytes.Buffer
		opened, err := env.ReadRecord(ctx, ids[0], k, &got)
		if err != nil {
			return err
		}
		if got.String() != Record {
			return errors.New("decrypted record differs from the original")
		}
		s.note("decrypted %d bytes; SHA-256 matches the on-chain content hash; signed by doctor A %s", opened.PlaintextSize, opened.Signer)
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("the researcher's attributes do not satisfy the policy: it fails cleanly", c.Researcher, func(s *Step) error {
		s.Expected = "policy not satisfied; search refused on chain"
		rk, err := r.attributeKey(ctx, s, c.Researcher, "role:researcher", "org:university-lab")
		if err != nil {
			return err
		}
		if _, err := env.DataKeyFromPolicy(ctx, rk, draft.RecordID); !errors.Is(err, cpabe.ErrPolicyNotSatisfied) {
			return fmt.Errorf("researcher unwrap: got %v, want a policy refusal", err)
		}
		s.note("CP-ABE: attributes [role:researcher org:university-lab] do not satisfy %q", RecordPolicy)
		dummy := sse.Key{}
		if _, _, err := env.Search(ctx, c.Researcher, c.Patient.Address(), &dummy, "stent"); !errors.Is(err, contracts.Revert("NotRequester")) {
			return fmt.Errorf("researcher search: got %v, want NotRequester", err)
		}
		s.note("search refused on chain: KeywordIndex.NotRequester")
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("the patient grants doctor B access through proxy re-encryption, and doctor B reads the record", c.DoctorB, func(s *Step) error {
		var err error
		var tx *client.Tx
		grant, tx, err = env.RequestAccess(ctx, c.DoctorB, draft.RecordID, client.OpRead, "treatment")
		if err := s.add(tx, err); err != nil {
			return err
		}
		if err := s.add(env.Grant(ctx, c.Patient, grant, 24*time.Hour, 1<<client.OpRead)); err != nil {
			return err
		}
		s.note("patient made a re-encryption key for doctor B, sealed it to the proxy and committed its hash on chain")
		var got bytes.Buffer
		f, opened, txs, err := env.ReadGranted(ctx, c.DoctorB, grant, &got)
		s.Txs = append(s.Txs, txs...)
		if err != nil {
			return err
		}
		s.Txs = append(s.Txs, &client.Tx{Action: "fulfil (oracle receipt)", From: c.Oracle.Name, Hash: f.TxHash, GasUsed: f.GasUsed})
		if got.String() != Record {
			return errors.New("doctor B decrypted something else")
		}
		s.note("oracle checked the re-key against the commitment, re-encrypted the capsule, stored it and fulfilled access %d", f.AccessID)
		s.note("doctor B decrypted %d bytes, signed by %s", opened.PlaintextSize, opened.Signer)
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("the patient revokes; doctor B's next get-access is refused on chain", c.Patient, func(s *Step) error {
		s.Expected = "AccessLedger.GrantRevoked"
		if err := s.add(env.Revoke(ctx, c.Patient, grant)); err != nil {
			return err
		}
		_, _, err := env.GetAccess(ctx, c.DoctorB, grant)
		if !errors.Is(err, contracts.Revert("GrantRevoked")) {
			return fmt.Errorf("get-access after revoke: got %v, want GrantRevoked", err)
		}
		s.note("refused: %v", unwrapRevert(err))
		return nil
	}); err != nil {
		return r.tr, err
	}

	if err := r.step("doctor A updates the record; a grant made on the old version no longer works", c.DoctorA, func(s *Step) error {
		s.Expected = "AccessLedger.RecordVersionStale"
		old, tx, err := env.RequestAccess(ctx, c.DoctorB, draft.RecordID, client.OpRead, "follow-up")
		if err := s.add(tx, err); err != nil {
			return err
		}
		if err := s.add(env.Grant(ctx, c.Patient, old, 24*time.Hour, 1<<client.OpRead)); err != nil {
			return err
		}
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
		ps, _, err := env.CoSign(ctx, c.Patient, v2, io.Discard)
		if err != nil {
			return err
		}
		if err := s.add(env.SubmitRecord(ctx, c.DoctorA, v2, ds, ps)); err != nil {
			return err
		}
		s.note("version 2 linked to version 1 by the on-chain hash chain")
		_, _, err = env.GetAccess(ctx, c.DoctorB, old)
		if !errors.Is(err, contracts.Revert("RecordVersionStale")) {
			return fmt.Errorf("get-access on a grant for version 1: got %v, want RecordVersionStale", err)
		}
		s.note("refused: %v", unwrapRevert(err))
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

// attributeKey has the authority assign attributes and the oracle issue a CP-ABE key for them.
func (r *runner) attributeKey(ctx context.Context, s *Step, holder *client.Identity, attrs ...string) (*cpabe.AttributeKey, error) {
	env, c := r.env, r.cast
	txs, err := env.DefineAttributes(ctx, c.Authority, attrs...)
	s.Txs = append(s.Txs, txs...)
	if err != nil {
		return nil, err
	}
	if err := s.add(env.AssignAttributes(ctx, c.Authority, holder.Address(), attrs...)); err != nil {
		return nil, err
	}
	id, tx, err := env.RequestKey(ctx, holder, c.Patient.Address())
	if err := s.add(tx, err); err != nil {
		return nil, err
	}
	issued, err := env.WaitKey(ctx, id, 50*time.Millisecond)
	if err != nil {
		return nil, err
	}
	s.Txs = append(s.Txs, &client.Tx{Action: "issue key (oracle)", From: c.Oracle.Name, Hash: issued.TxHash, GasUsed: issued.GasUsed})
	ak, err := env.OpenIssuedKey(ctx, holder, issued)
	if err != nil {
		return nil, err
	}
	s.note("oracle ran KeyGen for %v and sealed the key to %s's transport key", ak.Attributes(), holder.Name)
	return ak, nil
}

func unwrapRevert(err error) error {
	var re *contracts.RevertError
	if errors.As(err, &re) {
		return re
	}
	return err
}
