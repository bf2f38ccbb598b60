package main

import (
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
	return []cli.Flag{
		asFlag("the provider"),
		&cli.StringFlag{Name: "file", Usage: "the record's plaintext `FILE` (required)"},
		&cli.StringFlag{Name: "policy", Usage: "also encrypt the data key under a CP-ABE `POLICY`, e.g. \"role:insurer or dept:cardiology\""},
		&cli.StringFlag{Name: "patient-identity", Usage: "the patient's identity `DIR`, to co-sign here (both keys local, e.g. on a devnet)"},
		&cli.StringFlag{Name: "patient-password-file", Usage: "passphrase `FILE` of --patient-identity", DefaultText: "--password-file"},
		&cli.StringFlag{Name: "draft-out", Usage: "instead of co-signing here, write the draft to `FILE` for `emrchain record cosign`"},
	}
}

func recordCommand() *cli.Command {
	return &cli.Command{
		Name:  "record",
		Usage: "seal, co-sign, register, read and delete records",
		Subcommands: []*cli.Command{
			{
				Name:  "put",
				Usage: "seal a file for a patient, store it on IPFS and register it once the patient co-signs",
				Description: "The patient co-signs either here (--patient-identity) or on their own machine: " +
					"`record put ... --draft-out draft.json`, then the patient runs `record cosign --as PATIENT draft.json --out sig.hex` " +
					"and anyone runs `record submit draft.json --patient-signature sig.hex`.",
				Flags:  append(sealFlags(), &cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (required)"}),
				Action: action(func(s *session) error { return recordSeal(s, false) }),
			},
			{
				Name:   "update",
				Usage:  "seal a new version of a record; the patient co-signs it like a new record",
				Flags:  append(sealFlags(), recordFlag()),
				Action: action(func(s *session) error { return recordSeal(s, true) }),
			},
			{
				Name:      "cosign",
				Usage:     "as the patient, open and verify a draft's record, then sign it",
				ArgsUsage: "DRAFT",
				Flags: []cli.Flag{
					asFlag("the patient"),
					&cli.StringFlag{Name: "out", Usage: "write the signature (hex) to `FILE` (required)"},
					&cli.StringFlag{Name: "plaintext-out", Usage: "also write the verified record to `FILE`, to read before signing"},
					&cli.BoolFlag{Name: "force", Usage: "replace --out and --plaintext-out if they exist"},
				},
				Action: action(recordCosign),
			},
			{
				Name:      "submit",
				Usage:     "register a co-signed draft on chain (anyone may relay it)",
				ArgsUsage: "DRAFT",
				Flags: []cli.Flag{
					asFlag("the sender, usually the provider"),
					&cli.StringFlag{Name: "patient-signature", Usage: "`FILE` written by `record cosign` (required)"},
				},
				Action: action(recordSubmit),
			},
			{
				Name:  "get",
				Usage: "read a record: as its patient (default), with a CP-ABE key (--abe-key) or through a fulfilled access (--access)",
				Flags: []cli.Flag{
					asFlag("the reader"),
					recordFlag(),
					&cli.StringFlag{Name: "out", Usage: "write the verified plaintext to `FILE` (required)"},
					forceFlag(),
					&cli.StringFlag{Name: "abe-key", Usage: "CP-ABE key `FILE` written by `emrchain key fetch`"},
					&cli.Uint64Flag{Name: "access", Usage: "read through the oracle's answer to get-access `ID` (no --record needed)"},
					&cli.DurationFlag{Name: "timeout", Value: 2 * time.Minute, Usage: "how long to wait for the oracle with --access"},
				},
				Action: action(recordGet),
			},
			{
				Name:   "delete",
				Usage:  "tombstone a record on chain and remove what the local store holds of it",
				Flags:  []cli.Flag{asFlag("the patient or the provider"), recordFlag()},
				Action: action(recordDelete),
			},
			{
				Name:   "show",
				Usage:  "print a record's current on-chain version",
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
	switch {
	case patientDir != "" && draftOut != "":
		return usageErrorf("--patient-identity and --draft-out are exclusive")
	case patientDir == "" && draftOut == "":
		return usageErrorf("the patient must co-sign: pass --patient-identity DIR to sign here, or --draft-out FILE for `emrchain record cosign`")
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
	} else {
		v, err := requireString(s.c, "patient", "the patient's address")
		if err != nil {
			return err
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
	var patientID *client.Identity
	if patientDir != "" {
		if patientID, err = s.loadIdentity(patientDir, "patient-password-file"); err != nil {
			return err
		}
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	if policy != nil {
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

	if err := checkStoreSpace(s, size); err != nil {
		return err
	}
	bar := s.progress("seal", "sealing "+file, size)
	// Progress counts the file's bytes: sealing streams them into the store as they are read.
	d, err := env.SealRecord(s.ctx, provider, patient, &readProgress{r: f, bar: bar}, recordID, client.SealOptions{Policy: policy})
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
	if err := p.cosign(patientID); err != nil {
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

func recordCosign(s *session) error {
	out, err := requireString(s.c, "out", "the file to write the patient's signature to")
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
	patient, err := s.identityFrom("as", "", "the patient's identity")
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
	var (
		sig    []byte
		opened *envelope.Opened
	)
	bar := s.progress("verify", "verifying the record", 0)
	env.ReadProgress = bar.update
	defer bar.finish()
	if plain := s.c.String("plaintext-out"); plain != "" {
		err = writeVerified(plain, force, func(w io.Writer) error {
			sig, opened, err = env.CoSign(s.ctx, patient, d, w)
			return err
		})
	} else {
		sig, opened, err = env.CoSign(s.ctx, patient, d, io.Discard)
	}
	if err != nil {
		return fmt.Errorf("co-sign: %w", err)
	}
	write := writeNew
	if force {
		write = os.WriteFile
	}
	if err := write(out, []byte(hexutil.Encode(sig)+"\n"), 0o644); err != nil {
		return err
	}
	return s.out.emit(kv("recordId", common.Hash(d.RecordID)), kv("version", d.Version), kv("provider", opened.Signer),
		kv("plaintextSha256", common.Hash(opened.PlaintextSHA256)), kv("plaintextBytes", opened.PlaintextSize), kv("signature", out))
}

func recordSubmit(s *session) error {
	sigFile, err := requireString(s.c, "patient-signature", "the signature file `record cosign` wrote")
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
	raw, err := os.ReadFile(sigFile)
	if err != nil {
		return fmt.Errorf("patient signature: %w", err)
	}
	patientSig, err := decodeHex(string(raw))
	if err != nil {
		return fmt.Errorf("patient signature %s is not hex: %w", sigFile, err)
	}
	if err := d.CheckSignature(d.Patient, patientSig); err != nil {
		return fmt.Errorf("patient signature %s: %w", sigFile, err)
	}
	tx, err := env.SubmitRecord(s.ctx, sender, d, providerSig, patientSig)
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
	viaAccess, abeKey := s.c.IsSet("access"), s.c.String("abe-key")
	if viaAccess && abeKey != "" {
		return usageErrorf("--access and --abe-key are exclusive")
	}
	var recordID [32]byte
	if !viaAccess {
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
	// read writes the verified plaintext to w by whichever key the flags name.
	var read func(w io.Writer) (*envelope.Opened, error)
	switch {
	case viaAccess:
		read = func(w io.Writer) (*envelope.Opened, error) {
			ctx, cancel := contextWithTimeout(s, "timeout")
			defer cancel()
			_, opened, err := env.ReadFulfilled(ctx, reader, s.c.Uint64("access"), w)
			return opened, err
		}
	case abeKey != "":
		ak, err := loadABEKey(s, abeKey)
		if err != nil {
			return err
		}
		if _, err := activeRecord(s, env, recordID); err != nil {
			return err
		}
		read = func(w io.Writer) (*envelope.Opened, error) {
			k, err := env.DataKeyFromPolicy(s.ctx, ak, recordID)
			if err != nil {
				return nil, err
			}
			return env.ReadRecord(s.ctx, recordID, k, w)
		}
	default:
		rec, err := activeRecord(s, env, recordID)
		if err != nil {
			return err
		}
		if rec.Patient != reader.Address() || reader.PRE == nil {
			return fmt.Errorf("%s is not the patient of record %s (%s): read with --abe-key FILE or through a granted access with --access ID",
				reader.Address(), common.Hash(recordID).Hex(), rec.Patient)
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
	return s.out.emit(kv("out", out), kv("bytes", opened.PlaintextSize), kv("provider", opened.Signer),
		kv("plaintextSha256", common.Hash(opened.PlaintextSHA256)))
}

// activeRecord reads a record that must still hold content.
func activeRecord(s *session, env *client.Env, id [32]byte) (bindings.IRecordRegistryRecord, error) {
	rec, err := readRecord(s, env, id)
	if err != nil {
		return rec, err
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
	// The patient can also locate the sealed record, so its blocks go too; anyone else only
	// removes the capsule they can see.
	var dataKey *[32]byte
	if rec, err := readRecord(s, env, recordID); err == nil && rec.Patient == actor.Address() && actor.PRE != nil {
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

var recordStatus = []string{"none", "active", "deleted"}

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
		kv("status", enumName(recordStatus, r.Status)),
		kv("updatedAt", time.Unix(int64(r.UpdatedAt), 0).UTC()),
		kv("contentHash", common.Hash(r.ContentHash)),
		kv("head", common.Hash(r.Head)),
		kv("encryptedLocation", hexutil.Bytes(r.EncryptedLocation)),
		kv("wrappedKeyRef", cidText(r.WrappedKeyRef)),
	}
	if len(r.AbeKeyRef) > 0 {
		fields = append(fields, kv("abeKeyRef", cidText(r.AbeKeyRef)), kv("policyHash", common.Hash(r.PolicyHash)))
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
	c, err := cid.Cast(ref)
	if err != nil {
		return "invalid CID 0x" + hex.EncodeToString(ref)
	}
	return c.String()
}
