package bench

import (
	"context"
	"crypto/rand"
	"fmt"
	"slices"

	"github.com/emrchain/emrchain/crypto/pre"
)

// Row names of the PRE suite, shared with its test.
const (
	preSection         = "PRE (CPU time per call)"
	preRowEncrypt      = "Encrypt (second level, 32-byte data key)"
	preRowReKeyGen     = "ReKeyGen"
	preRowReEncrypt    = "ReEncrypt (proxy: validity check + E^rk)"
	preRowReEncryptRaw = "ReEncrypt from bytes (parse + check + re-encrypt + encode)"
	preRowDecrypt2     = "Decrypt, second level (delegator)"
	preRowDecrypt1     = "Decrypt, first level (delegatee)"
	preRowPublicKey    = "public key size"
	preRowCiphertext   = "ciphertext size (second level)"
	preRowReKey        = "re-encryption key size"
	preRowReCiphertext = "re-encrypted ciphertext size (first level)"
)

// preGoalReEncryptMS is the goal for the proxy's step.
const preGoalReEncryptMS = 0.3

// PRE measures the CWYD proxy re-encryption of crypto/pre: every operation
// of the scheme and the encoded sizes of what travels, each beside
// umbral-pre's equivalent (its npm package, WASM in node) measured in the
// same run, in rounds interleaved with ours. Times are CPU time per call,
// the fastest of three rounds (see peerRounds), with wall time in the note.
// A full run takes about half a minute on an idle machine.
func PRE(ctx context.Context, cfg Config) ([]Measurement, error) {
	alice, err := pre.GenerateKey(nil)
	if err != nil {
		return nil, fmt.Errorf("pre bench: %w", err)
	}
	bob, err := pre.GenerateKey(nil)
	if err != nil {
		return nil, fmt.Errorf("pre bench: %w", err)
	}
	var dataKey [pre.DataKeySize]byte
	if _, err := rand.Read(dataKey[:]); err != nil {
		return nil, fmt.Errorf("pre bench: %w", err)
	}
	ct, err := pre.Encrypt(nil, alice.Public(), dataKey)
	if err != nil {
		return nil, fmt.Errorf("pre bench: %w", err)
	}
	rk, err := pre.ReKeyGen(nil, alice, bob.Public())
	if err != nil {
		return nil, fmt.Errorf("pre bench: %w", err)
	}
	rct, err := pre.ReEncrypt(rk, ct)
	if err != nil {
		return nil, fmt.Errorf("pre bench: %w", err)
	}
	ctBytes, err := ct.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("pre bench: %w", err)
	}

	ops := []timedOp{
		{preRowEncrypt, func() error { _, err := pre.Encrypt(nil, alice.Public(), dataKey); return err }},
		{preRowReKeyGen, func() error { _, err := pre.ReKeyGen(nil, alice, bob.Public()); return err }},
		{preRowReEncrypt, func() error { _, err := pre.ReEncrypt(rk, ct); return err }},
		{preRowReEncryptRaw, func() error {
			var in pre.Ciphertext
			if err := in.UnmarshalBinary(ctBytes); err != nil {
				return err
			}
			out, err := pre.ReEncrypt(rk, &in)
			if err != nil {
				return err
			}
			_, err = out.MarshalBinary()
			return err
		}},
		{preRowDecrypt2, func() error { _, err := alice.Decrypt(ct); return err }},
		{preRowDecrypt1, func() error { _, err := bob.DecryptReEncrypted(rct); return err }},
	}
	// umbral-pre's equivalent of each row: its capsule encryption of a 32-byte key, a 1-of-1
	// kfrag, reencrypt (a cfrag with its proof; it does not re-check the capsule, which its
	// parser checked), and the two decryptions.
	peerOf := map[string]struct{ op, what string }{
		preRowEncrypt:   {"encrypt", "encrypt"},
		preRowReKeyGen:  {"generateKFrags_1of1", "generateKFrags (1-of-1, signed)"},
		preRowReEncrypt: {"reencrypt", "reencrypt"},
		preRowDecrypt2:  {"decryptOriginal", "decryptOriginal"},
		preRowDecrypt1:  {"decryptReencrypted_1", "decryptReencrypted (1 cfrag)"},
	}
	var theirs []string
	for _, p := range peerOf {
		theirs = append(theirs, p.op)
	}
	slices.Sort(theirs)
	ours, peer, err := peerRounds(ctx, cfg, ops, 1, 1, theirs)
	if err != nil {
		return nil, fmt.Errorf("pre bench: %w", err)
	}

	var rows []Measurement
	for _, o := range ops {
		ms := ours[o.name]
		row := Measurement{Section: preSection, Name: o.name, Value: ms.CPU, Unit: "ms", Ratio: wallNote(ms), Stat: roundsStat(peerRoundCount(cfg))}
		if p, ok := peerOf[o.name]; ok {
			var ratio string
			row.Reference, ratio, _, _ = peer.compare(ms.CPU, p.op, p.what)
			row.Ratio = joinNotes(ratio, row.Ratio)
		}
		if o.name == preRowReEncrypt {
			row.Goal = fmt.Sprintf("≤ %.1f ms", preGoalReEncryptMS)
			row.GoalMet = AtMost(ms.CPU, preGoalReEncryptMS)
		}
		rows = append(rows, row)
	}

	for _, s := range []struct {
		name string
		v    interface{ MarshalBinary() ([]byte, error) }
	}{
		{preRowPublicKey, alice.Public()},
		{preRowCiphertext, ct},
		{preRowReKey, rk},
		{preRowReCiphertext, rct},
	} {
		b, err := s.v.MarshalBinary()
		if err != nil {
			return nil, fmt.Errorf("pre bench: %s: %w", s.name, err)
		}
		rows = append(rows, Measurement{Section: preSection, Name: s.name, Value: float64(len(b)), Unit: "bytes"})
	}
	return rows, nil
}
