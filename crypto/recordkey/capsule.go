package recordkey

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/emrchain/emrchain/crypto/pre"
)

// CapsuleSize is the length of a capsule's encoding.
const CapsuleSize = 1 + 4 + pre.PublicKeySize + pre.CiphertextSize

// tagCapsule is the first byte of a capsule's encoding.
const tagCapsule = 0x02

var (
	// ErrInvalidCapsule reports a capsule whose ciphertext fails CWYD's
	// public validity check for the capsule's own key: it was tampered
	// with, or assembled from another key's ciphertext.
	ErrInvalidCapsule = errors.New("recordkey: capsule fails the validity check")
	// ErrWrongKey reports a capsule opened or re-encrypted under a key that
	// is not the capsule's: another record version, generation or seed, or a
	// re-encryption key from another delegator.
	ErrWrongKey = errors.New("recordkey: capsule is for another key")
)

// Capsule wraps one record version's 32-byte data key to that version's
// delegating key, in one key generation. Every Capsule a constructor or
// UnmarshalBinary returns passes Check.
type Capsule struct {
	generation uint32
	key        pre.PublicKey
	ct         pre.Ciphertext
	enc        [CapsuleSize]byte
}

// NewCapsule wraps dataKey to key (the delegating key of one record version,
// generation generation), drawing the encryption's randomness from random
// (crypto/rand if nil).
func NewCapsule(random io.Reader, key *pre.PublicKey, generation uint32, dataKey [pre.DataKeySize]byte) (*Capsule, error) {
	ct, err := pre.Encrypt(random, key, dataKey)
	if err != nil {
		return nil, fmt.Errorf("recordkey: capsule: %w", err)
	}
	return assemble(generation, key, ct)
}

func assemble(generation uint32, key *pre.PublicKey, ct *pre.Ciphertext) (*Capsule, error) {
	kb, err := key.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("recordkey: capsule key: %w", err)
	}
	cb, err := ct.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("recordkey: capsule ciphertext: %w", err)
	}
	c := &Capsule{generation: generation, key: *key, ct: *ct}
	b := c.enc[:0]
	b = append(b, tagCapsule)
	b = binary.BigEndian.AppendUint32(b, generation)
	b = append(b, kb...)
	_ = append(b, cb...)
	return c, nil
}

// Seal derives the key of id from the seed and wraps dataKey to it, in id's
// generation.
func (s *Seed) Seal(random io.Reader, id KeyID, dataKey [pre.DataKeySize]byte) (*Capsule, error) {
	sk, err := s.Derive(id)
	if err != nil {
		return nil, err
	}
	return NewCapsule(random, sk.Public(), id.Generation, dataKey)
}

// Open derives the key of id and recovers the capsule's data key. A capsule
// for another record version, generation or seed gives ErrWrongKey.
func (s *Seed) Open(id KeyID, c *Capsule) ([pre.DataKeySize]byte, error) {
	var zero [pre.DataKeySize]byte
	if err := c.usable(); err != nil {
		return zero, err
	}
	if c.generation != id.Generation {
		return zero, fmt.Errorf("%w: capsule is of generation %d, key of %d", ErrWrongKey, c.generation, id.Generation)
	}
	sk, err := s.Derive(id)
	if err != nil {
		return zero, err
	}
	if !sk.Public().Equal(&c.key) {
		return zero, ErrWrongKey
	}
	m, err := sk.Decrypt(&c.ct)
	if err != nil {
		return zero, fmt.Errorf("recordkey: open capsule: %w", err)
	}
	return m, nil
}

func (c *Capsule) usable() error {
	if c == nil || c.enc[0] != tagCapsule {
		return fmt.Errorf("%w: empty capsule", ErrEncoding)
	}
	return nil
}

// Generation returns the key generation the capsule was wrapped in.
func (c *Capsule) Generation() uint32 { return c.generation }

// DelegatingKey returns the record version's public key the capsule is
// wrapped to.
func (c *Capsule) DelegatingKey() *pre.PublicKey {
	k := c.key
	return &k
}

// Ciphertext returns the CWYD second-level ciphertext inside the capsule.
func (c *Capsule) Ciphertext() *pre.Ciphertext {
	ct := c.ct
	return &ct
}

// Check runs CWYD's public validity check of the ciphertext against the
// capsule's own key (ErrInvalidCapsule if it fails).
func (c *Capsule) Check() error {
	if err := c.usable(); err != nil {
		return err
	}
	if err := c.ct.Check(&c.key); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidCapsule, err)
	}
	return nil
}

// CheckDelegator is the proxies' check before re-encrypting: the
// re-encryption key's delegator must be the capsule's key (ErrWrongKey).
// CWYD's validity check of the ciphertext against that key ran when the
// capsule was made or parsed (every Capsule passes it), so it is not
// repeated for every re-encryption.
func (c *Capsule) CheckDelegator(delegator *pre.PublicKey) error {
	if err := c.usable(); err != nil {
		return err
	}
	if !c.key.Equal(delegator) {
		return ErrWrongKey
	}
	return nil
}

// Hash returns SHA-256 of the encoding: the capsuleHash the patient co-signs
// and the chain stores.
func (c *Capsule) Hash() [32]byte { return sha256.Sum256(c.enc[:]) }

// MarshalBinary returns the 235-byte encoding 0x02 ‖ generation ‖ key ‖
// ciphertext.
func (c *Capsule) MarshalBinary() ([]byte, error) {
	if err := c.usable(); err != nil {
		return nil, err
	}
	return append([]byte(nil), c.enc[:]...), nil
}

// UnmarshalBinary parses a capsule, validating its length, tag, key and
// ciphertext encodings, and runs Check; c is unchanged on error.
func (c *Capsule) UnmarshalBinary(b []byte) error {
	if len(b) != CapsuleSize || b[0] != tagCapsule {
		return fmt.Errorf("%w: capsule: want %d bytes with tag %#x", ErrEncoding, CapsuleSize, tagCapsule)
	}
	generation := binary.BigEndian.Uint32(b[1:5])
	var key pre.PublicKey
	if err := key.UnmarshalBinary(b[5 : 5+pre.PublicKeySize]); err != nil {
		return fmt.Errorf("%w: capsule key: %w", ErrEncoding, err)
	}
	var ct pre.Ciphertext
	if err := ct.UnmarshalBinary(b[5+pre.PublicKeySize:]); err != nil {
		return fmt.Errorf("%w: capsule ciphertext: %w", ErrEncoding, err)
	}
	parsed, err := assemble(generation, &key, &ct)
	if err != nil {
		return err
	}
	if err := parsed.Check(); err != nil {
		return err
	}
	*c = *parsed
	return nil
}
