// Package transport encrypts small secrets to a participant's enrolled
// transport key: the oracle sends issued CP-ABE keys to requesters this way,
// and patients send proxy re-encryption keys to the proxy.
//
// It is HPKE (RFC 9180) in base mode with the single suite
// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM, from Go's crypto/hpke.
// Base mode authenticates the ciphertext but not the sender; callers that need
// to know who sent a message sign it or bind it through aad.
//
// # Wire format (version 1)
//
//	0x01 ‖ enc (32 bytes, the sender's ephemeral X25519 key) ‖ AES-256-GCM ciphertext ‖ tag (16 bytes)
//
// The version byte fixes the suite. The HPKE info is the label
// "emrchain/transport/v1" followed by the caller's info, so messages for one
// purpose cannot be opened as another even under the same key.
//
// # Randomness
//
// GenerateKey takes an io.Reader for the private key. Seal does not: crypto/hpke
// draws the ephemeral key from crypto/rand itself and offers no way to inject
// it, so a reader parameter would be silently ignored. Tests make Seal
// deterministic with testing/cryptotest.SetGlobalRandom.
package transport

import (
	"crypto/ecdh"
	"crypto/hpke"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
)

const (
	// PublicKeySize and PrivateKeySize are the lengths of the X25519 key
	// encodings.
	PublicKeySize  = 32
	PrivateKeySize = 32
	// Overhead is how much longer a sealed message is than its plaintext.
	Overhead = 1 + encSize + tagSize

	version1 = 0x01
	encSize  = 32
	tagSize  = 16
)

var (
	// ErrDecryption reports a message that does not open: wrong key, info or
	// aad, tampered, truncated, or of an unknown version. It deliberately
	// does not say which.
	ErrDecryption = errors.New("transport: decryption failed")
	// ErrKey reports an invalid key encoding.
	ErrKey = errors.New("transport: invalid key")
)

var infoLabel = []byte("emrchain/transport/v1")

func suite() (hpke.KEM, hpke.KDF, hpke.AEAD) {
	return hpke.DHKEM(ecdh.X25519()), hpke.HKDFSHA256(), hpke.AES256GCM()
}

func fullInfo(info []byte) []byte {
	return append(append([]byte(nil), infoLabel...), info...)
}

// PrivateKey is an X25519 transport decryption key.
type PrivateKey struct {
	k hpke.PrivateKey
}

// PublicKey is an X25519 transport encryption key.
type PublicKey struct {
	k hpke.PublicKey
}

// GenerateKey draws a private key from random (crypto/rand if nil).
func GenerateKey(random io.Reader) (*PrivateKey, error) {
	if random == nil {
		random = rand.Reader
	}
	var seed [PrivateKeySize]byte
	if _, err := io.ReadFull(random, seed[:]); err != nil {
		return nil, fmt.Errorf("transport: generate key: %w", err)
	}
	kem, _, _ := suite()
	k, err := kem.NewPrivateKey(seed[:])
	if err != nil {
		return nil, fmt.Errorf("transport: generate key: %w", err)
	}
	return &PrivateKey{k: k}, nil
}

// Public returns the matching public key.
func (sk *PrivateKey) Public() *PublicKey {
	return &PublicKey{k: sk.k.PublicKey()}
}

// MarshalBinary returns the 32-byte private key. As RFC 9180 §7.1.2
// requires, the encoding is clamped, so it may differ from the bytes the key
// was parsed from while denoting the same key.
func (sk *PrivateKey) MarshalBinary() ([]byte, error) {
	if sk == nil || sk.k == nil {
		return nil, fmt.Errorf("%w: empty private key", ErrKey)
	}
	return sk.k.Bytes()
}

// UnmarshalBinary parses a 32-byte X25519 private key; every 32-byte string
// is one. sk is unchanged on error.
func (sk *PrivateKey) UnmarshalBinary(b []byte) error {
	if len(b) != PrivateKeySize {
		return fmt.Errorf("%w: private key is %d bytes, want %d", ErrKey, len(b), PrivateKeySize)
	}
	kem, _, _ := suite()
	k, err := kem.NewPrivateKey(b)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrKey, err)
	}
	sk.k = k
	return nil
}

// MarshalBinary returns the 32-byte X25519 public key.
func (pk *PublicKey) MarshalBinary() ([]byte, error) {
	if pk == nil || pk.k == nil {
		return nil, fmt.Errorf("%w: empty public key", ErrKey)
	}
	return pk.k.Bytes(), nil
}

// UnmarshalBinary parses a 32-byte X25519 public key. It rejects
// non-canonical encodings (u ≥ 2^255-19), so a key has exactly one encoding
// to enrol, and points of small order, to which nothing can be sent because
// the shared secret would be zero. pk is unchanged on error.
func (pk *PublicKey) UnmarshalBinary(b []byte) error {
	if len(b) != PublicKeySize {
		return fmt.Errorf("%w: public key is %d bytes, want %d", ErrKey, len(b), PublicKeySize)
	}
	if !canonicalU(b) {
		return fmt.Errorf("%w: public key is not a canonical X25519 encoding", ErrKey)
	}
	pub, err := ecdh.X25519().NewPublicKey(b)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrKey, err)
	}
	if _, err := smallOrderProbe.ECDH(pub); err != nil {
		return fmt.Errorf("%w: public key has small order", ErrKey)
	}
	k, err := hpke.NewDHKEMPublicKey(pub)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrKey, err)
	}
	pk.k = k
	return nil
}

// Equal reports whether pk and other are the same key.
func (pk *PublicKey) Equal(other *PublicKey) bool {
	if pk == nil || other == nil || pk.k == nil || other.k == nil {
		return false
	}
	a, b := pk.k.Bytes(), other.k.Bytes()
	return string(a) == string(b)
}

// smallOrderProbe is any fixed private key: X25519 clamps scalars to
// multiples of the cofactor 8, so its output is all zeroes, which crypto/ecdh
// reports as an error, exactly for the points of order dividing 8.
var smallOrderProbe = func() *ecdh.PrivateKey {
	k, err := ecdh.X25519().NewPrivateKey([]byte("emrchain transport probe key 32b"))
	if err != nil {
		panic(err)
	}
	return k
}()

// canonicalU reports whether the little-endian u-coordinate is below
// 2^255-19.
func canonicalU(b []byte) bool {
	if b[31]&0x80 != 0 {
		return false
	}
	if b[31] != 0x7f || b[0] < 0xed {
		return true
	}
	for _, x := range b[1:31] {
		if x != 0xff {
			return true
		}
	}
	return false
}

// Seal encrypts plaintext to pk. info names the purpose (for example
// "cpabe-key" or "pre-rekey") and must match at Open; aad is authenticated
// but not encrypted, and must also match.
func Seal(pk *PublicKey, info, plaintext, aad []byte) ([]byte, error) {
	if pk == nil || pk.k == nil {
		return nil, fmt.Errorf("transport: seal: %w: empty public key", ErrKey)
	}
	_, kdf, aead := suite()
	enc, sender, err := hpke.NewSender(pk.k, kdf, aead, fullInfo(info))
	if err != nil {
		return nil, fmt.Errorf("transport: seal: %w", err)
	}
	sealed, err := sender.Seal(aad, plaintext)
	if err != nil {
		return nil, fmt.Errorf("transport: seal: %w", err)
	}
	out := make([]byte, 0, 1+len(enc)+len(sealed))
	out = append(out, version1)
	out = append(out, enc...)
	return append(out, sealed...), nil
}

// Open decrypts a message produced by Seal for sk with the same info and
// aad. Every failure is ErrDecryption.
func Open(sk *PrivateKey, info, ciphertext, aad []byte) ([]byte, error) {
	if sk == nil || sk.k == nil {
		return nil, fmt.Errorf("transport: open: %w: empty private key", ErrKey)
	}
	if len(ciphertext) < Overhead {
		return nil, fmt.Errorf("%w: %d bytes is shorter than the %d-byte overhead", ErrDecryption, len(ciphertext), Overhead)
	}
	if ciphertext[0] != version1 {
		return nil, fmt.Errorf("%w: unknown version %#x", ErrDecryption, ciphertext[0])
	}
	enc, body := ciphertext[1:1+encSize], ciphertext[1+encSize:]
	_, kdf, aead := suite()
	recipient, err := hpke.NewRecipient(enc, sk.k, kdf, aead, fullInfo(info))
	if err != nil {
		return nil, ErrDecryption
	}
	plaintext, err := recipient.Open(aad, body)
	if err != nil {
		return nil, ErrDecryption
	}
	return plaintext, nil
}
