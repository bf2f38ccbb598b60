package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ipfs/go-cid"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/client/pending"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/storage/embedded"
)

func recordFlag() cli.Flag {
	return &cli.StringFlag{Name: "record", Usage: "record `ID` (0x-prefixed 32-byte hex; required)"}
}

// sealFlags are shared by put and update.
func sealFlags() []cli.Flag {
	return append([]cli.Flag{
		asFlag("the provider"),
		&cli.StringFlag{Name: "file", Usage: "the record's plaintext `FILE` (required)"},
		&cli.StringFlag{Name: "policy", Usage: "propose a CP-ABE `POLICY` for audited attribute reads, e.g. \"acme/role:insurer or hospital-a/dept:cardiology\""},
		&cli.StringFlag{Name: "patient-identity", Usage: "the patient's identity `DIR`, to approve here (both keys local, e.g. on a devnet)"},
		&cli.StringFlag{Name: "patient-password-file", Usage: "passphrase `FILE` of --patient-identity", DefaultText: "--password-file"},
		&cli.StringFlag{Name: "draft-out", Usage: "instead of approving here, write the draft to `FILE` for `emrchain record approve`"},
		&cli.StringSliceFlag{Name: "cosigner", Usage: "with --draft-out, seal the draft's key to this guardian `ADDRESS` of the patient (repeatable), " +
			"who may then approve in her place; default: every guardian who holds the co-sign scope now"},
		&cli.BoolFlag{Name: "no-cosigners", Usage: "with --draft-out, seal the draft's key to the patient alone: only she can approve it"},
		&cli.BoolFlag{Name: "patient-authored", Usage: "the patient writes the record herself (--as is the patient; a device reading, a diary): " +
			"marked patient-authored on chain and signed by her alone"},
	}, approvalFlags("patient-")...)
}

func recordCommand() *cli.Command {
	return &cli.Command{
		Name:  "record",
		Usage: "seal, approve, register, read and delete records, and change their policy and keys",
		Subcommands: []*cli.Command{
			{
				Name:  "put",
				Usage: "seal a file for a patient, store it on IPFS and register it once the patient approves",
				Description: "The patient approves either here (--patient-identity) or on their own machine: " +
					"`record put ... --draft-out draft.json`, then the patient runs `record approve --as PATIENT draft.json --out approval.json` " +
					"and anyone runs `record submit draft.json --approval approval.json`. The patient's client is shown the " +
					"record and the proposed policy in words, builds the record's capsule from her seed (and the policy's gate " +
					"object) and signs what it built.",
				Flags:  append(sealFlags(), &cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (required)"}),
				Action: action(func(s *session) error { return recordSeal(s, false) }),
			},
			{
				Name:   "update",
				Usage:  "seal a new version of a record; the patient approves it like a new record",
				Flags:  append(sealFlags(), recordFlag()),
				Action: action(func(s *session) error { return recordSeal(s, true) }),
			},
			{
				Name:    "approve",
				Aliases: []string{"cosign"},
				Usage:   "as the patient, open and verify a draft's record, review its policy in words, then build its capsule and sign",
				Description: "A guardian of the patient holding the co-sign scope may approve in her place, when the draft's key is " +
					"sealed to it too (`record put --draft-out` seals it to every such guardian, or to those named with --cosigner): " +
					"its client checks and shows the record the same way, then builds the network capsule (always: RecordRegistry " +
					"requires it of a guardian) and no capsule of the patient's seed, which she adds later with " +
					"`record rewrap --record ID --draft DRAFT`. The chain checks the guardian's scope and validity at submission.",
				ArgsUsage: "DRAFT",
				Flags: append([]cli.Flag{
					asFlag("the patient, or a guardian co-signing for her"),
					&cli.StringFlag{Name: "out", Usage: "write the approval (JSON) to `FILE` (required)"},
					&cli.StringFlag{Name: "plaintext-out", Usage: "also write the verified record to `FILE`, to read before approving"},
					&cli.BoolFlag{Name: "force", Usage: "replace --out and --plaintext-out if they exist"},
				}, approvalFlags("")...),
				Action: action(recordApprove),
			},
			{
				Name:      "submit",
				Usage:     "register an approved draft on chain (anyone may relay it)",
				ArgsUsage: "DRAFT",
				Flags: []cli.Flag{
					asFlag("the sender, usually the provider"),
					&cli.StringFlag{Name: "approval", Aliases: []string{"patient-signature"}, Usage: "`FILE` written by `record approve` (required)"},
				},
				Action: action(recordSubmit),
			},
			{
				Name: "get",
				Usage: "read a record: as its patient (default, with her record seed), through a granted access (--access), " +
					"by an audited attribute read with a CP-ABE key (--abe-key), or through the committee under a guardian grant " +
					"(--guardian-grant) or a standing consent (--consent)",
				Flags: []cli.Flag{
					asFlag("the reader"),
					recordFlag(),
					&cli.StringFlag{Name: "out", Usage: "write the verified plaintext to `FILE` (required)"},
					forceFlag(),
					&cli.StringFlag{Name: "abe-key", Usage: "CP-ABE key `FILE` written by `emrchain key fetch`: read through the proxy committee"},
					&cli.Uint64Flag{Name: "read", Usage: "with --abe-key, finish attribute read `ID` sent earlier (no --record needed)"},
					&cli.Uint64Flag{Name: "access", Usage: "read through the proxies' answers to get-access `ID` (no --record needed)"},
					&cli.Uint64Flag{Name: "guardian-grant", Usage: "read --record through the committee under guardian grant `ID` made for you"},
					&cli.Uint64Flag{Name: "consent", Usage: "read --record through the committee under the patient's standing consent `ID` covering you"},
					&cli.Uint64Flag{Name: "care-read", Usage: "finish care read `ID` (break-glass, guardian grant or consent) sent earlier (no --record needed)"},
					&cli.DurationFlag{Name: "timeout", Value: 2 * time.Minute, Usage: "how long to wait for the proxy committee"},
					seedPasswordFlag(""),
				},
				Action: action(recordGet),
			},
			{
				Name:   "delete",
				Usage:  "tombstone a record on chain and remove what the local store holds of it",
				Flags:  []cli.Flag{asFlag("the patient or the provider"), recordFlag(), seedPasswordFlag("")},
				Action: action(recordDelete),
			},
			recordPolicyCommand(),
			recordRewrapCommand(),
			recordEraseCommand(),
			{
				Name:   "show",
				Usage:  "print a record's current on-chain version, with its policy in words",
				Flags:  []cli.Flag{recordFlag()},
				Action: action(recordShow),
			},
		},
	}
}

// parsePolicyFlag parses --policy, reporting syntax errors as usage errors with their position.
func parsePolicyFlag(s *session, name string) (*cpabe.Policy, error) {
	text := s.c.String(name)
	if text == "" {
		return nil, nil
	}
	p, err := cpabe.ParsePolicy(text)
	if err != nil {
		var pe *cpabe.PolicyError
		if errors.As(err, &pe) {
			return nil, usageErrorf("bad --%s %q: at byte %d: %s\n  %s\n  %s^", name, text, pe.Offset, pe.Msg, text, strings.Repeat(" ", pe.Offset))
		}
		return nil, usageErrorf("bad --%s %q: %v", name, text, err)
	}
	return p, nil
}

func recordIDFlag(s *session) ([32]byte, error) {
	v, err := requireString(s.c, "record", "the record id (0x-prefixed 32-byte hex, as `record put` prints)")
	if err != nil {
		return [32]byte{}, err
	}
	return parseHash32("record", v)
}

// recordSeal is put (update false) and update: seal, store, then co-sign and submit, or write a draft.
func recordSeal(s *session, update bool) error {
	file, err := requireString(s.c, "file", "the record's plaintext file")
	if err != nil {
		return err
	}
	patientDir, draftOut := s.c.String("patient-identity"), s.c.String("draft-out")
	patientAuthored := s.c.Bool("patient-authored")
	if patientAuthored && patientDir == "" && draftOut == "" {
		patientDir = s.c.String("as") // the author is the patient: she approves here
	}
	switch {
	case patientDir != "" && draftOut != "":
		return usageErrorf("--patient-identity and --draft-out are exclusive")
	case patientDir == "" && draftOut == "":
		return usageErrorf("the patient must approve: pass --patient-identity DIR to approve here, or --draft-out FILE for `emrchain record approve`")
	case (s.c.IsSet("cosigner") || s.c.Bool("no-cosigners")) && draftOut == "":
		return usageErrorf("--cosigner and --no-cosigners say who may approve a draft: they go with --draft-out")
	case s.c.IsSet("cosigner") && s.c.Bool("no-cosigners"):
		return usageErrorf("--cosigner and --no-cosigners are exclusive")
	case s.c.IsSet("cosigner") && patientAuthored:
		return usageErrorf("--cosigner: a patient-authored record is signed by the patient alone")
	}
	var named []common.Address
	for _, v := range s.c.StringSlice("cosigner") {
		for _, part := range strings.Split(v, ",") {
			a, err := parseAddress("cosigner", strings.TrimSpace(part))
			if err != nil {
				return err
			}
			named = append(named, a)
		}
	}
	policy, err := parsePolicyFlag(s, "policy")
	if err != nil {
		return err
	}
	var (
		recordID *[32]byte
		patient  common.Address
	)
	if update {
		id, err := recordIDFlag(s)
		if err != nil {
			return err
		}
		recordID = &id
	} else if v := s.c.String("patient"); v != "" || !patientAuthored {
		if v == "" {
			return errMissingFlag("patient", "the patient's address (or --patient-authored when the patient writes it herself)")
		}
		if patient, err = parseAddress("patient", v); err != nil {
			return err
		}
	}
	f, size, err := openRecordFile(file)
	if err != nil {
		return err
	}
	defer f.Close()
	provider, err := s.identityFrom("as", "", "the provider's identity")
	if err != nil {
		return err
	}
	if patientAuthored && !update {
		if patient == (common.Address{}) {
			patient = provider.Address()
		}
		if patient != provider.Address() {
			return usageErrorf("--patient-authored: the patient writes it herself, so --as must be the patient %s (it is %s)", patient, provider.Address())
		}
	}
	var patientID *client.Identity
	switch {
	case patientDir != "" && filepath.Clean(patientDir) == filepath.Clean(s.c.String("as")):
		patientID = provider
	case patientDir != "":
		if patientID, err = s.loadIdentity(patientDir, "patient-password-file"); err != nil {
			return err
		}
	}
	if patientID != nil {
		if err := s.loadSeed(patientID, patientDir, "patient-seed-password-file"); err != nil {
			return err
		}
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	if policy != nil && patientID != nil {
		if err := s.needABE(env); err != nil {
			return err
		}
	}
	if update {
		rec, err := readRecord(s, env, *recordID)
		if err != nil {
			return err
		}
		patient = rec.Patient
		if patientAuthored && patient != provider.Address() {
			return usageErrorf("--patient-authored: the patient writes it herself, so --as must be the record's patient %s (it is %s)", patient, provider.Address())
		}
	}
	if patientID != nil && patientID.Address() != patient {
		return fmt.Errorf("--patient-identity %s is %s, but the record's patient is %s", patientDir, patientID.Address(), patient)
	}

	// A put that was interrupted, or lost its connection, is finished rather than sealed twice.
	src, err := recordSource(file, f)
	if err != nil {
		return err
	}
	puts, err := s.pendingPuts()
	if err != nil {
		return err
	}
	q := pending.Query{ChainID: env.ChainID.Uint64(), Registry: env.Set.Addresses.Records, Patient: patient, Provider: provider.Address(),
		Update: update, Path: src.Path, Size: src.Size, ModTime: src.ModTime}
	if update {
		q.RecordID = *recordID
	}
	if size > 0 { // a pipe has no identity to resume by
		if handled, err := resumePut(s, env, puts, q, f, provider, patientID, draftOut, policyText(policy)); handled || err != nil {
			return err
		}
	}

	// A fresh put must not seal for minutes only to find it cannot write its draft.
	if draftOut != "" {
		if _, err := os.Lstat(draftOut); err == nil {
			return fmt.Errorf("--draft-out %s exists: choose another file (a draft is never overwritten)", draftOut)
		}
		if fi, err := os.Stat(filepath.Dir(draftOut)); err != nil || !fi.IsDir() {
			return fmt.Errorf("--draft-out %s: there is no directory %s to write it in", draftOut, filepath.Dir(draftOut))
		}
	}
	if err := checkStoreSpace(s, size); err != nil {
		return err
	}
	// A draft goes to whoever may approve it: the patient, and her co-signing guardians.
	sealOpts := client.SealOptions{Policy: policy, Cosigners: named}
	if draftOut != "" && !patientAuthored && !s.c.IsSet("cosigner") && !s.c.Bool("no-cosigners") {
		if sealOpts.Cosigners, err = env.CosigningGuardians(s.ctx, patient); err != nil {
			return err
		}
	}
	bar := s.progress("seal", "sealing "+file, size)
	// Progress counts the file's bytes: sealing streams them into the store as they are read.
	d, err := env.SealRecord(s.ctx, provider, patient, &readProgress{r: f, bar: bar}, recordID, sealOpts)
	bar.finish()
	if err != nil {
		if s.ctx.Err() != nil {
			return &interruptedError{err: err, msg: "interrupted while sealing the record: nothing was kept in the store, and nothing was sent"}
		}
		return err
	}
	providerSig, err := d.Sign(provider)
	if err != nil {
		_ = env.Discard(s.ctx, d.Objects()...)
		return err
	}
	p, err := newPutRun(s, env, puts, d, provider, providerSig, src, update)
	if err != nil {
		return err
	}
	p.policy = policyText(policy)
	if draftOut != "" {
		return p.writeDraft(draftOut)
	}
	if err := p.approve(patientID); err != nil {
		return err
	}
	return p.submit()
}

func policyText(p *cpabe.Policy) string {
	if p == nil {
		return ""
	}
	return p.String()
}

// openRecordFile opens the plaintext to seal, refusing what cannot be a record before anything
// is stored or sent. size is 0 when unknown (a pipe).
func openRecordFile(path string) (*os.File, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, fmt.Errorf("record file: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, 0, fmt.Errorf("record file: %w", err)
	}
	switch {
	case fi.IsDir():
		f.Close()
		return nil, 0, fmt.Errorf("record file %s is a directory", path)
	case fi.Mode().IsRegular() && fi.Size() == 0:
		f.Close()
		return nil, 0, fmt.Errorf("record file %s is empty (0 bytes): there is nothing to seal", path)
	case fi.Mode().IsRegular():
		return f, fi.Size(), nil
	}
	return f, 0, nil
}

// checkStoreSpace refuses, before anything is sealed, a record the embedded store's disk cannot
// take: the store would stop part-way anyway (storage.ErrNoSpace), but only after minutes of
// work on a large record. A Kubo node's disk is its own business.
func checkStoreSpace(s *session, size int64) error {
	if size == 0 || globalString(s.c, flagIPFS) != "embedded" {
		return nil
	}
	dir := filepath.Join(dataDir(s.c), "ipfs")
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return nil // the store reports its own disk errors
	}
	free := st.Bavail * uint64(st.Bsize)
	// The envelope adds 16 bytes per 64 KiB chunk, UnixFS a little more.
	need := uint64(size) + uint64(size)/1024 + embedded.DefaultMinFree
	if free < need {
		return fmt.Errorf("the record is %s but the disk under the store (%s) has %s free, and a put keeps %s free: free some space first",
			humanize.IBytes(uint64(size)), dir, humanize.IBytes(free), humanize.IBytes(embedded.DefaultMinFree))
	}
	return nil
}

// writeNew creates path with b, refusing to replace an existing file.
func writeNew(path string, b []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// draftPath is the DRAFT argument.
func draftPath(s *session) (string, error) {
	if s.c.NArg() != 1 {
		return "", usageErrorf("want one DRAFT argument (the file `record put --draft-out` wrote), got %d", s.c.NArg())
	}
	return s.c.Args().First(), nil
}

// readDraft reads and decodes a draft file for env's deployment.
func readDraft(env *client.Env, path string) (*client.Draft, []byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, fmt.Errorf("draft: %w", err)
	}
	d, sig, err := env.DecodeDraft(b)
	if err != nil {
		return nil, nil, fmt.Errorf("draft %s: %w", path, err)
	}
	return d, sig, nil
}

func recordApprove(s *session) error {
	out, err := requireString(s.c, "out", "the file to write the patient's approval to")
	if err != nil {
		return err
	}
	path, err := draftPath(s)
	if err != nil {
		return err
	}
	force := s.c.Bool("force")
	if err := checkOut("out", out, force); err != nil {
		return err
	}
	if err := checkOut("plaintext-out", s.c.String("plaintext-out"), force); err != nil {
		return err
	}
	// The patient signs with her seed at hand; a co-signing guardian has none and needs none.
	signer, err := s.identityFrom("as", "", "the patient's identity, or a co-signing guardian's")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	d, _, err := readDraft(env, path)
	if err != nil {
		return err
	}
	if signer.Address() == d.Patient {
		if err := s.loadSeed(signer, s.c.String("as"), "seed-password-file"); err != nil {
			return err
		}
	}
	if d.Policy != "" {
		if err := s.needABE(env); err != nil {
			return err
		}
	}
	var (
		a  *client.Approval
		rv *client.Review
	)
	bar := s.progress("verify", "verifying the record", 0)
	env.ReadProgress = bar.update
	opts := s.approveOptions(func(rv *client.Review) error {
		bar.finish()
		return s.confirmApproval(rv)
	})
	if plain := s.c.String("plaintext-out"); plain != "" {
		err = writeVerified(plain, force, func(w io.Writer) error {
			opts.Plaintext = w
			a, rv, err = env.Approve(s.ctx, signer, d, opts)
			return err
		})
	} else {
		a, rv, err = env.Approve(s.ctx, signer, d, opts)
	}
	bar.finish()
	if err != nil {
		if isNotApproved(err) {
			return err
		}
		return fmt.Errorf("approve: %w", err)
	}
	b, err := client.EncodeApproval(d, a)
	if err != nil {
		return err
	}
	write := writeNew
	if force {
		write = os.WriteFile
	}
	if err := write(out, b, 0o644); err != nil {
		_ = env.Discard(s.ctx, a.Objects...)
		return err
	}
	fields := []field{kv("recordId", common.Hash(d.RecordID)), kv("version", d.Version), kv("provider", rv.Opened.Signer),
		kv("plaintextSha256", common.Hash(rv.Opened.PlaintextSHA256)), kv("plaintextBytes", rv.Opened.PlaintextSize)}
	if rv.Policy != nil {
		fields = append(fields, kv("policy", rv.Policy.String()), kv("policyInWords", rv.PolicyWords), kv("committee", rv.CommitteeID))
	}
	if rv.Guardian != (common.Address{}) {
		fields = append(fields, kv("cosignedBy", fmt.Sprintf("guardian %s, for patient %s", rv.Guardian.Hex(), d.Patient.Hex())),
			kv("networkCapsule", fmt.Sprintf("sealed to committee %d", rv.CommitteeID)),
			kv("patientCapsule", fmt.Sprintf("none until the patient runs `emrchain record rewrap --record %s --draft %s`", common.Hash(d.RecordID).Hex(), path)))
	}
	return s.out.emit(append(fields, kv("approval", out),
		kv("next", fmt.Sprintf("anyone runs `emrchain record submit %s --approval %s`", path, out)))...)
}

func recordSubmit(s *session) error {
	approvalFile, err := requireString(s.c, "approval", "the approval file `record approve` wrote")
	if err != nil {
		return err
	}
	path, err := draftPath(s)
	if err != nil {
		return err
	}
	sender, err := s.identityFrom("as", "", "the sender's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	d, providerSig, err := readDraft(env, path)
	if err != nil {
		return err
	}
	raw, err := os.ReadFile(approvalFile)
	if err != nil {
		return fmt.Errorf("approval: %w", err)
	}
	a, err := env.DecodeApproval(d, raw)
	if err != nil {
		return fmt.Errorf("approval %s: %w", approvalFile, err)
	}
	tx, err := env.SubmitRecord(s.ctx, sender, d, providerSig, a)
	if err != nil {
		return err
	}
	// A put on this machine that wrote the draft no longer needs to keep its objects aside.
	if puts, err := s.pendingPuts(); err == nil {
		_ = puts.Remove(&pending.Entry{ChainID: env.ChainID.Uint64(), Registry: env.Set.Addresses.Records, RecordID: d.RecordID, Version: d.Version})
	}
	return s.out.emit(kv("recordId", common.Hash(d.RecordID)), kv("version", d.Version), kv("tx", tx))
}

func recordGet(s *session) error {
	out, err := requireString(s.c, "out", "the file to write the verified plaintext to")
	if err != nil {
		return err
	}
	if err := checkOut("out", out, s.c.Bool("force")); err != nil {
		return err
	}
	viaAccess, abeKey, resumeRead := s.c.IsSet("access"), s.c.String("abe-key"), s.c.IsSet("read")
	careRule, careID, resumeCare := careFlags(s)
	paths := 0
	for _, set := range []bool{viaAccess, abeKey != "", s.c.IsSet("guardian-grant"), s.c.IsSet("consent"), resumeCare} {
		if set {
			paths++
		}
	}
	switch {
	case paths > 1:
		return usageErrorf("--access, --abe-key, --guardian-grant, --consent and --care-read are exclusive")
	case resumeRead && abeKey == "":
		return usageErrorf("--read finishes an attribute read: pass the --abe-key FILE it was requested with")
	}
	var recordID [32]byte
	if !viaAccess && !resumeRead && !resumeCare {
		if recordID, err = recordIDFlag(s); err != nil {
			return err
		}
	}
	reader, err := s.identityFrom("as", "", "the reader's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	// read writes the verified plaintext to w by whichever path the flags name, and says what
	// the chain recorded about it.
	var (
		read  func(w io.Writer) (*envelope.Opened, error)
		extra []field
	)
	switch {
	case careRule != 0 || resumeCare:
		read = func(w io.Writer) (*envelope.Opened, error) {
			p, err := s.requestCareRead(env, reader, careRule, careID, recordID)
			if err != nil {
				return nil, err
			}
			ctx, cancel := contextWithTimeout(s, "timeout")
			defer cancel()
			res, opened, err := env.FinishCareRead(ctx, reader, p, w, s.awaitOptions())
			if err != nil {
				if errors.Is(err, client.ErrRejected) {
					forgetRead(s, p.Request)
				}
				return nil, s.waitError(err, fmt.Sprintf("care read %d is on chain; finish it later with `emrchain record get --care-read %d --out FILE`", p.ReadID, p.ReadID))
			}
			forgetRead(s, p.Request)
			extra = append([]field{kv("careRead", p.ReadID), kv("rule", fmt.Sprintf("%s %d", res.Rule, res.RuleID))}, answeredFields(res.Used, res.Faults)...)
			return opened, nil
		}
	case viaAccess:
		accessID := s.c.Uint64("access")
		read = func(w io.Writer) (*envelope.Opened, error) {
			ctx, cancel := contextWithTimeout(s, "timeout")
			defer cancel()
			ans, opened, err := env.ReadAccess(ctx, reader, accessID, w, s.awaitOptions())
			if err != nil {
				return nil, s.waitError(err, fmt.Sprintf("get-access %d is on chain; read it later with `emrchain record get --access %d`", accessID, accessID))
			}
			extra = answeredFields(ans.Used, ans.Faults)
			return opened, nil
		}
	case abeKey != "":
		ak, err := loadABEKey(s, abeKey)
		if err != nil {
			return err
		}
		if !resumeRead {
			if _, err := activeRecord(s, env, recordID); err != nil {
				return err
			}
		}
		read = func(w io.Writer) (*envelope.Opened, error) {
			p, err := s.attributeRead(env, reader, ak, recordID)
			if err != nil {
				return nil, err
			}
			ctx, cancel := contextWithTimeout(s, "timeout")
			defer cancel()
			ar, opened, err := env.FinishRead(ctx, reader, ak, p, w, s.awaitOptions())
			if err != nil {
				if errors.Is(err, client.ErrRejected) {
					forgetRead(s, p.Request)
				}
				return nil, s.waitError(err, fmt.Sprintf("attribute read %d is on chain; finish it later with `emrchain record get --abe-key %s --read %d --out FILE`", p.ReadID, abeKey, p.ReadID))
			}
			forgetRead(s, p.Request)
			extra = append([]field{kv("readId", p.ReadID), kv("attributesUsed", ar.Attributes)}, answeredFields(ar.Used, ar.Faults)...)
			return opened, nil
		}
	default:
		rec, err := activeRecord(s, env, recordID)
		if err != nil {
			return err
		}
		if rec.Patient != reader.Address() {
			return fmt.Errorf("%s is not the patient of record %s (%s): read with --abe-key FILE or through a granted access with --access ID",
				reader.Address(), common.Hash(recordID).Hex(), rec.Patient)
		}
		if err := s.loadSeed(reader, s.c.String("as"), "seed-password-file"); err != nil {
			return err
		}
		read = func(w io.Writer) (*envelope.Opened, error) {
			k, err := env.DataKeyFromCapsule(s.ctx, reader, recordID)
			if err != nil {
				return nil, fmt.Errorf("unwrap the record's key: %w", err)
			}
			return env.ReadRecord(s.ctx, recordID, k, w)
		}
	}
	bar := s.progress("read", "reading", 0)
	env.ReadProgress = bar.update
	var opened *envelope.Opened
	err = writeVerified(out, s.c.Bool("force"), func(w io.Writer) error {
		var err error
		opened, err = read(w)
		return err
	})
	bar.finish()
	if err != nil {
		return err
	}
	return s.out.emit(append([]field{kv("out", out), kv("bytes", opened.PlaintextSize), kv("provider", opened.Signer),
		kv("plaintextSha256", common.Hash(opened.PlaintextSHA256))}, extra...)...)
}

// attributeRead sends an attribute read's request (its blinding kept first), or with --read finds
// the one sent earlier.
func (s *session) attributeRead(env *client.Env, reader *client.Identity, ak *cpabe.AttributeKey, recordID [32]byte) (*client.PendingRead, error) {
	if s.c.IsSet("read") {
		return findRead(s, env, s.c.Uint64("read"))
	}
	var kept []byte
	p, err := env.RequestRead(s.ctx, reader, ak, recordID, func(id [32]byte, blinding, request []byte) error {
		kept = request
		return keepRead(s, id, blinding, request)
	})
	if err != nil {
		var pe *contracts.PendingError
		if kept != nil && !errors.As(err, &pe) {
			// Refused or never sent: nothing on chain needs the blinding.
			forgetRead(s, kept)
		}
		return nil, err
	}
	s.log.Info().Uint64("readId", p.ReadID).Str("tx", p.Tx.Hash.Hex()).Msg("attribute read requested; waiting for the proxy committee")
	return p, nil
}

// awaitOptions are how the CLI waits for a committee: progress on the log.
func (s *session) awaitOptions() client.AwaitOptions {
	var last string
	return client.AwaitOptions{Progress: func(stage string, st bindings.IThresholdAnswersAnswerState) {
		msg := fmt.Sprintf("%s: %d committed, members %v revealed", stage, st.Commits, client.MembersOf(st.RevealMask))
		if msg != last {
			s.log.Debug().Msg(msg)
			last = msg
		}
	}}
}

// waitError explains a wait for the committee that ended early: the request is on chain, so an
// interruption or a timeout says how to finish it instead of asking again.
func (s *session) waitError(err error, onChain string) error {
	switch {
	case s.ctx.Err() != nil:
		return &interruptedError{err: err, msg: "interrupted while waiting for the proxy committee: " + onChain}
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Errorf("%w: %s (or pass a longer --timeout)", err, onChain)
	}
	return err
}

// answeredFields names the proxies whose answers were combined, and any that answered wrongly.
func answeredFields(used []client.Reveal, faults []client.Fault) []field {
	var proxies []string
	for _, r := range used {
		proxies = append(proxies, fmt.Sprintf("member %d (%s)", r.Member, r.Node.Hex()))
	}
	f := []field{kv("answeredBy", proxies)}
	if len(faults) > 0 {
		var named []string
		for _, ft := range faults {
			line := fmt.Sprintf("member %d (%s): %v", ft.Member, ft.Node.Hex(), ft.Err)
			switch {
			case ft.Report != nil:
				line += fmt.Sprintf("; reported on chain in %s", ft.Report.Hash.Hex())
			case ft.ReportErr != nil:
				line += fmt.Sprintf("; the fault report failed: %v", ft.ReportErr)
			}
			named = append(named, line)
		}
		f = append(f, kv("faults", named))
	}
	return f
}

// activeRecord reads a record that must still hold content.
func activeRecord(s *session, env *client.Env, id [32]byte) (bindings.IRecordRegistryRecord, error) {
	rec, err := readRecord(s, env, id)
	if err != nil {
		return rec, err
	}
	if rec.Status == client.RecordErasedStatus {
		return rec, fmt.Errorf("record %s was erased at version %d: its content and keys are gone, only its hashes stay on chain", common.Hash(id).Hex(), rec.Version)
	}
	if rec.Status != recordActive {
		return rec, fmt.Errorf("record %s was deleted at version %d: its content is no longer available", common.Hash(id).Hex(), rec.Version)
	}
	return rec, nil
}

func recordDelete(s *session) error {
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	actor, err := s.identityFrom("as", "", "the patient's or provider's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	// The patient can also locate the sealed record (her seed opens its capsule), so its blocks
	// go too; anyone else only removes the capsule and gate objects they can see.
	var dataKey *[32]byte
	if rec, err := readRecord(s, env, recordID); err == nil && rec.Patient == actor.Address() {
		if err := s.loadSeed(actor, s.c.String("as"), "seed-password-file"); err != nil {
			return err
		}
		if k, err := env.DataKeyFromCapsule(s.ctx, actor, recordID); err == nil {
			dataKey = &k
		} else {
			s.log.Warn().Err(err).Msg("cannot unwrap the data key; the sealed record stays in the local store")
		}
	}
	tx, err := env.DeleteRecord(s.ctx, actor, recordID, dataKey)
	if err != nil {
		return err
	}
	return s.out.emit(kv("recordId", common.Hash(recordID)), kv("status", "deleted"), kv("tx", tx))
}

var recordStatus = []string{"none", "active", "deleted", "erased"}

// recordActive is RecordRegistry's RecordStatus.Active.
const recordActive = 1

func recordShow(s *session) error {
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	r, err := readRecord(s, env, recordID)
	if err != nil {
		return err
	}
	fields := []field{
		kv("recordId", common.Hash(recordID)),
		kv("patient", r.Patient),
		kv("provider", r.Provider),
		kv("version", r.Version),
		kv("generation", r.Generation),
		kv("status", enumName(recordStatus, r.Status)),
		kv("updatedAt", time.Unix(int64(r.UpdatedAt), 0).UTC()),
		kv("contentHash", common.Hash(r.ContentHash)),
		kv("head", common.Hash(r.Head)),
		kv("encryptedLocation", hexutil.Bytes(r.EncryptedLocation)),
		kv("capsule", cidText(r.CapsuleRef)),
	}
	if r.Flags&contracts.FlagPatientAuthored != 0 {
		fields = append(fields, kv("authoredBy", "the patient"))
	}
	if len(r.CapsuleRef) == 0 && r.Status == recordActive {
		fields[len(fields)-1] = kv("capsule", fmt.Sprintf("none: a guardian co-signed version %d; the patient adds hers with "+
			"`emrchain record rewrap --record %s --draft FILE`", r.Version, common.Hash(recordID).Hex()))
	}
	if r.Category != ([32]byte{}) {
		fields = append(fields, kv("category", categoryText(r.Category)))
	}
	if len(r.GateRef) > 0 {
		fields = append(fields, kv("gate", cidText(r.GateRef)), kv("committee", r.CommitteeId))
		if r.Flags&contracts.FlagNetworkCapsule != 0 {
			fields = append(fields, kv("networkCapsule", true))
		}
		if r.PolicyHash == ([32]byte{}) {
			// A gate that carries only the network capsule: no attribute reads.
			fields = append(fields, kv("policy", "none"))
		} else if r.Status == recordActive {
			fields = append(fields, kv("policyHash", common.Hash(r.PolicyHash)))
			if p, _, epoch, _, err := env.RecordPolicy(s.ctx, recordID); err == nil {
				fields = append(fields, kv("policy", p.String()), kv("policyInWords", client.DescribePolicy(p)), kv("keyEpoch", epoch))
			} else {
				fields = append(fields, kv("policy", "unreadable: "+err.Error()))
			}
		}
	}
	return s.out.emit(fields...)
}

// readRecord reads a record's current version; an id the chain does not know is an ordinary
// error (a typo, another deployment), not a refusal.
func readRecord(s *session, env *client.Env, id [32]byte) (bindings.IRecordRegistryRecord, error) {
	r, err := env.Record(s.ctx, id)
	if errors.Is(err, contracts.Revert("UnknownRecord")) {
		return r, fmt.Errorf("record %s does not exist in RecordRegistry %s (is --%s the right deployment?)", common.Hash(id).Hex(), env.Set.Addresses.Records.Hex(), flagManifest)
	}
	return r, err
}

// cidText shows a binary CID from the chain in its usual text form.
func cidText(ref []byte) string {
	if len(ref) == 0 {
		return "none"
	}
	c, err := cid.Cast(ref)
	if err != nil {
		return "invalid CID 0x" + hex.EncodeToString(ref)
	}
	return c.String()
}
