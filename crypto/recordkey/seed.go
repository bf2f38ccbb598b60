package recordkey

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"golang.org/x/crypto/hkdf"

	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/crypto/pre"
)

// SeedSize is the length of a record seed.
const SeedSize = 32

// KeyfileKind is the crypto/keyfile kind a record seed is stored under.
const KeyfileKind = "record-seed"

// salt is HKDF's salt for every per-record key; see the package
// documentation.
const salt = "emrchain/record-key/v1"

// InfoSize is the length of a KeyID's HKDF info.
const InfoSize = 8 + 20 + 32 + 4 + 4

var (
	// ErrEncoding reports bytes that are not a valid encoding of the type
	// they were parsed as.
	ErrEncoding = errors.New("recordkey: invalid encoding")
	// ErrSeed reports a seed that is missing or all zeroes, which no
	// generator produces and which means a caller forgot to load it.
	ErrSeed = errors.New("recordkey: seed is not set")
)

const redacted = "[redacted]"

// Seed is a patient's record seed, the secret every per-record key is
// derived from. It never prints: every fmt verb and text marshalling give
// "[redacted]", for a Seed and a *Seed alike.
type Seed struct {
	b [SeedSize]byte
}

// NewSeed draws a seed from random (crypto/rand if nil).
func NewSeed(random io.Reader) (*Seed, error) {
	if random == nil {
		random = rand.Reader
	}
	s := &Seed{}
	if _, err := io.ReadFull(random, s.b[:]); err != nil {
		return nil, fmt.Errorf("recordkey: new seed: %w", err)
	}
	if !s.usable() {
		return nil, fmt.Errorf("recordkey: new seed: %w: the random source returned zeroes", ErrSeed)
	}
	return s, nil
}

func (s *Seed) usable() bool {
	if s == nil {
		return false
	}
	var zero [SeedSize]byte
	return subtle.ConstantTimeCompare(s.b[:], zero[:]) == 0
}

// MarshalBinary returns the 32 seed bytes. They are the patient's master
// secret: write them only into a keyfile (CreateSeedFile).
func (s *Seed) MarshalBinary() ([]byte, error) {
	if !s.usable() {
		return nil, ErrSeed
	}
	return append([]byte(nil), s.b[:]...), nil
}

// UnmarshalBinary parses 32 seed bytes, rejecting other lengths and the
// all-zero seed; s is unchanged on error.
func (s *Seed) UnmarshalBinary(b []byte) error {
	if len(b) != SeedSize {
		return fmt.Errorf("%w: seed is %d bytes, want %d", ErrEncoding, len(b), SeedSize)
	}
	var parsed Seed
	copy(parsed.b[:], b)
	if !parsed.usable() {
		return fmt.Errorf("%w: %w: all zeroes", ErrEncoding, ErrSeed)
	}
	*s = parsed
	return nil
}

// Equal reports in constant time whether s and other are the same seed.
func (s *Seed) Equal(other *Seed) bool {
	if s == nil || other == nil {
		return false
	}
	return subtle.ConstantTimeCompare(s.b[:], other.b[:]) == 1
}

// Wipe overwrites the seed with zeroes; it is unusable afterwards.
func (s *Seed) Wipe() {
	if s != nil {
		clear(s.b[:])
	}
}

// String returns "[redacted]".
func (Seed) String() string { return redacted }

// GoString returns "[redacted]", for %#v.
func (Seed) GoString() string { return redacted }

// Format prints "[redacted]" for every verb, including %x and %q.
func (Seed) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// MarshalText returns "[redacted]", for encoders such as zerolog and
// encoding/json: the seed never leaves through a log line.
func (Seed) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// CreateSeedFile writes seed to a new keyfile at path (mode 0600, never
// replacing an existing file) sealed under pass. random supplies the
// keyfile's salt and nonce (crypto/rand if nil).
func CreateSeedFile(path string, random io.Reader, seed *Seed, pass keyfile.Passphrase, params keyfile.Params) error {
	b, err := seed.MarshalBinary()
	if err != nil {
		return err
	}
	defer clear(b)
	if err := keyfile.Create(path, random, KeyfileKind, b, pass, params); err != nil {
		return fmt.Errorf("recordkey: save seed: %w", err)
	}
	return nil
}

// OpenSeedFile reads the record seed from the keyfile at path, which must
// hold a "record-seed" and be readable by its owner only.
func OpenSeedFile(path string, pass keyfile.Passphrase) (*Seed, error) {
	b, err := keyfile.Open(path, KeyfileKind, pass)
	if err != nil {
		return nil, fmt.Errorf("recordkey: open seed: %w", err)
	}
	defer clear(b)
	var s Seed
	if err := s.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("recordkey: open seed %s: %w", path, err)
	}
	return &s, nil
}

// KeyID names one per-record key: a record version of one RecordRegistry
// on one chain, in one key generation.
type KeyID struct {
	ChainID    uint64
	Registry   [20]byte // the RecordRegistry contract's address
	RecordID   [32]byte
	Version    uint32
	Generation uint32
}

// Info returns the HKDF info chainId (8) ‖ registry (20) ‖ recordId (32) ‖
// version (4) ‖ generation (4), integers big-endian.
func (id KeyID) Info() [InfoSize]byte {
	var out [InfoSize]byte
	b := out[:0]
	b = binary.BigEndian.AppendUint64(b, id.ChainID)
	b = append(b, id.Registry[:]...)
	b = append(b, id.RecordID[:]...)
	b = binary.BigEndian.AppendUint32(b, id.Version)
	binary.BigEndian.AppendUint32(b, id.Generation)
	return out
}

// Derive returns the CWYD key pair of id: pre.GenerateKey reading the
// HKDF-SHA256 stream of the seed under id's info. The same seed and id
// always give the same key.
func (s *Seed) Derive(id KeyID) (*pre.PrivateKey, error) {
	if !s.usable() {
		return nil, ErrSeed
	}
	info := id.Info()
	stream := hkdf.New(sha256.New, s.b[:], []byte(salt), info[:])
	sk, err := pre.GenerateKey(stream)
	if err != nil {
		// The stream holds 8160 bytes and a key takes 96 per attempt; an
		// attempt fails only with probability 2^-256.
		return nil, fmt.Errorf("recordkey: derive: %w", err)
	}
	return sk, nil
}
