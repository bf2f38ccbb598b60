// Package backup is the encrypted backup of a patient's secrets that key recovery restores
// (docs/care.md, "Recovery and rotation"): her account key, record seed, PRE key and transport
// key, sealed under a key derived from a random backup key b, a secp256k1 scalar that is then
// Shamir-shared t-of-n among holders (crypto/shamir) with Feldman commitments on chain.
//
// Wire formats (version 1):
//
//	backup object  "EMRB" ‖ 0x01 ‖ nonce (12) ‖ AES-256-GCM(secrets) ‖ tag (16)
//	secrets        for account, seed, PRE, transport: length (2, big-endian) ‖ bytes
//	shares object  "EMRS" ‖ 0x01 ‖ n (1) ‖ n × (length (2) ‖ share sealed to holder i)
//
// The AES key is HKDF-SHA256(b, info "emrchain/backup/v1"); the associated data binds the
// backup to its patient and configuration generation, so a backup moved to another patient or
// generation does not open.
//
// # Security
//
// The backup object is public (IPFS); it opens only with b. Any t−1 shares of b are
// independent of b (crypto/shamir), so t−1 holders together learn nothing of b, and nothing of
// the secrets beyond their lengths; the Feldman commitments reveal b·G, which protects b only
// computationally. Whoever combines t shares learns b and every secret: the protocol has only
// the new device combine, with shares re-sealed to its fresh transport key. A holder that hands
// out a wrong share is caught by the commitments, and a patient's client that dealt shares
// inconsistent with its commitments is caught by each holder checking its own share.
// Known weaknesses: the secrets are restored, not replaced, so a thief who had the old device
// still has them; the patient rotates her keys after recovering (and records' capsules with
// `record rewrap`). Lengths of the secrets are visible in the ciphertext size.
package backup

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
)

var (
	// ErrFormat reports a malformed backup, secrets or shares encoding.
	ErrFormat = errors.New("backup: malformed encoding")
	// ErrDecryption reports a backup that does not open: wrong backup key, patient or
	// generation, or tampered. It deliberately does not say which.
	ErrDecryption = errors.New("backup: decryption failed")
)

const (
	version1   = 0x01
	nonceSize  = 12
	tagSize    = 16
	headerSize = 4 + 1 + nonceSize
	// maxField bounds each secret's encoding: the largest (a PRE private key) is 65 bytes.
	maxField = 256
	// MaxShares bounds the holders (Recovery's 16).
	MaxShares = 16
	// MaxSealedShare bounds one sealed share (Recovery's MAX_SEALED_SHARE is larger).
	MaxSealedShare = 512
	keyInfo        = "emrchain/backup/v1"
)

var (
	backupMagic = []byte("EMRB")
	sharesMagic = []byte("EMRS")
)

// Secrets are a patient's secrets, each in its own type's binary encoding.
type Secrets struct {
	Account   []byte // the secp256k1 account key, 32 bytes big-endian
	Seed      []byte // the record seed
	PRE       []byte // the PRE private key
	Transport []byte // the X25519 transport private key
}

// Wipe zeroes the secrets.
func (s *Secrets) Wipe() {
	for _, b := range [][]byte{s.Account, s.Seed, s.PRE, s.Transport} {
		clear(b)
	}
}

// MarshalBinary encodes the secrets. The result is secret.
func (s *Secrets) MarshalBinary() ([]byte, error) {
	var out []byte
	for i, f := range [][]byte{s.Account, s.Seed, s.PRE, s.Transport} {
		if len(f) == 0 || len(f) > maxField {
			return nil, fmt.Errorf("%w: secret %d is %d bytes", ErrFormat, i, len(f))
		}
		out = binary.BigEndian.AppendUint16(out, uint16(len(f)))
		out = append(out, f...)
	}
	return out, nil
}

// UnmarshalBinary parses secrets, refusing empty or oversized fields and trailing bytes.
func (s *Secrets) UnmarshalBinary(b []byte) error {
	var fields [4][]byte
	for i := range fields {
		if len(b) < 2 {
			return fmt.Errorf("%w: secrets truncated", ErrFormat)
		}
		n := int(binary.BigEndian.Uint16(b))
		b = b[2:]
		if n == 0 || n > maxField || len(b) < n {
			return fmt.Errorf("%w: secret %d of %d bytes", ErrFormat, i, n)
		}
		fields[i] = bytes.Clone(b[:n])
		b = b[n:]
	}
	if len(b) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrFormat, len(b))
	}
	*s = Secrets{Account: fields[0], Seed: fields[1], PRE: fields[2], Transport: fields[3]}
	return nil
}

func aeadFor(key *fr.Element) (cipher.AEAD, error) {
	if key.IsZero() {
		return nil, errors.New("backup: zero backup key")
	}
	kb := key.Bytes()
	k, err := hkdf.Key(sha256.New, kb[:], nil, keyInfo, 32)
	clear(kb[:])
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(k)
	clear(k)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// Seal encrypts secrets under backup key b, bound to aad. random is crypto/rand if nil.
func Seal(random io.Reader, b *fr.Element, s *Secrets, aad []byte) ([]byte, error) {
	if random == nil {
		random = randReader{}
	}
	plain, err := s.MarshalBinary()
	if err != nil {
		return nil, err
	}
	defer clear(plain)
	g, err := aeadFor(b)
	if err != nil {
		return nil, err
	}
	out := make([]byte, headerSize, headerSize+len(plain)+tagSize)
	copy(out, backupMagic)
	out[4] = version1
	if _, err := io.ReadFull(random, out[5:headerSize]); err != nil {
		return nil, fmt.Errorf("backup: nonce: %w", err)
	}
	return g.Seal(out, out[5:headerSize], plain, append(append([]byte{}, out[:5]...), aad...)), nil
}

// Open decrypts a backup object with backup key b and the aad it was sealed with.
func Open(b *fr.Element, obj, aad []byte) (*Secrets, error) {
	if len(obj) < headerSize+tagSize || !bytes.Equal(obj[:4], backupMagic) || obj[4] != version1 {
		return nil, fmt.Errorf("%w: not a version 1 backup object", ErrFormat)
	}
	g, err := aeadFor(b)
	if err != nil {
		return nil, err
	}
	plain, err := g.Open(nil, obj[5:headerSize], obj[headerSize:], append(append([]byte{}, obj[:5]...), aad...))
	if err != nil {
		return nil, ErrDecryption
	}
	defer clear(plain)
	var s Secrets
	if err := s.UnmarshalBinary(plain); err != nil {
		return nil, err
	}
	return &s, nil
}

// Shares is the shares object: share i (1 … n) sealed to holder i's transport key.
type Shares [][]byte

// MarshalBinary encodes the sealed shares.
func (s Shares) MarshalBinary() ([]byte, error) {
	if len(s) == 0 || len(s) > MaxShares {
		return nil, fmt.Errorf("%w: %d shares", ErrFormat, len(s))
	}
	out := append(append([]byte{}, sharesMagic...), version1, byte(len(s)))
	for i, sh := range s {
		if len(sh) == 0 || len(sh) > MaxSealedShare {
			return nil, fmt.Errorf("%w: sealed share %d is %d bytes", ErrFormat, i+1, len(sh))
		}
		out = binary.BigEndian.AppendUint16(out, uint16(len(sh)))
		out = append(out, sh...)
	}
	return out, nil
}

// UnmarshalBinary parses a shares object.
func (s *Shares) UnmarshalBinary(b []byte) error {
	if len(b) < 6 || !bytes.Equal(b[:4], sharesMagic) || b[4] != version1 {
		return fmt.Errorf("%w: not a version 1 shares object", ErrFormat)
	}
	n := int(b[5])
	if n == 0 || n > MaxShares {
		return fmt.Errorf("%w: %d shares", ErrFormat, n)
	}
	b = b[6:]
	out := make(Shares, n)
	for i := range out {
		if len(b) < 2 {
			return fmt.Errorf("%w: shares truncated", ErrFormat)
		}
		m := int(binary.BigEndian.Uint16(b))
		b = b[2:]
		if m == 0 || m > MaxSealedShare || len(b) < m {
			return fmt.Errorf("%w: sealed share %d of %d bytes", ErrFormat, i+1, m)
		}
		out[i] = bytes.Clone(b[:m])
		b = b[m:]
	}
	if len(b) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrFormat, len(b))
	}
	*s = out
	return nil
}

type randReader struct{}

func (randReader) Read(p []byte) (int, error) { return rand.Read(p) }
