package cpabe

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"fmt"
	"io"
)

// wrappedOverhead is the AES-GCM sealed data key: 32 bytes and a 16-byte tag.
const wrappedOverhead = 32 + 16

// Wrap encrypts a 32-byte data key (the key that seals a record) under
// policy p. The result is self-contained: a version header, the KEM
// ciphertext, and the data key sealed with AES-256-GCM under the KEM key.
// Each KEM key is fresh and seals exactly one message, so the fixed zero
// nonce is never reused under a key. A nil rand means crypto/rand.
func Wrap(rand io.Reader, pk *PublicKey, p *Policy, dataKey [32]byte) ([]byte, error) {
	kemKey, ct, err := pk.Encapsulate(rand, p)
	if err != nil {
		return nil, fmt.Errorf("cpabe: wrap: %w", err)
	}
	ctBytes, err := ct.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("cpabe: wrap: %w", err)
	}
	out := make([]byte, 0, 6+len(ctBytes)+wrappedOverhead)
	out = append(out, typeWrappedKey, encodingV1)
	out = binary.BigEndian.AppendUint32(out, uint32(len(ctBytes)))
	out = append(out, ctBytes...)
	aead, err := newAEAD(&kemKey)
	if err != nil {
		return nil, fmt.Errorf("cpabe: wrap: %w", err)
	}
	// The header and KEM ciphertext are the associated data, so the sealed
	// key is bound to them as well as to the KEM key.
	sealed := aead.Seal(nil, make([]byte, aead.NonceSize()), dataKey[:], out)
	return append(out, sealed...), nil
}

// Unwrap recovers the data key from the output of Wrap. It returns
// ErrPolicyNotSatisfied if ak's attributes do not satisfy the policy,
// ErrDecryption if anything was altered, and an error matching
// ErrInvalidEncoding if wrapped is malformed.
func Unwrap(ak *AttributeKey, wrapped []byte) ([32]byte, error) {
	var dataKey [32]byte
	d := decoder{b: wrapped}
	d.header(typeWrappedKey)
	ctBytes := d.bytes(int(d.uint32()))
	sealed := d.bytes(wrappedOverhead)
	if err := d.finish("wrapped key"); err != nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w", err)
	}
	var ct Ciphertext
	if err := ct.UnmarshalBinary(ctBytes); err != nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w", err)
	}
	kemKey, err := ak.Decapsulate(&ct)
	if err != nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w", err)
	}
	aead, err := newAEAD(&kemKey)
	if err != nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w", err)
	}
	ad := wrapped[:len(wrapped)-wrappedOverhead]
	plain, err := aead.Open(nil, make([]byte, aead.NonceSize()), sealed, ad)
	if err != nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w", ErrDecryption)
	}
	copy(dataKey[:], plain)
	return dataKey, nil
}

func newAEAD(key *[32]byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, fmt.Errorf("aes: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("gcm: %w", err)
	}
	return aead, nil
}
