package envelope

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"io"
)

const (
	locationLabel   = "emrchain/envelope/v1/location"
	locationVersion = 1
	gcmNonceSize    = 12
	// MaxLocationSize bounds a sealed location's plaintext; a CID is well
	// under 100 bytes and the sealed form is stored on chain.
	MaxLocationSize = 1024
)

// SealLocation encrypts a record's storage location (its IPFS CID) under a
// subkey of the record's data key, bound to ad. The result is
// version ‖ 12-byte random nonce ‖ AES-256-GCM ciphertext and tag. random
// is crypto/rand if nil.
func SealLocation(random io.Reader, dataKey [32]byte, cid, ad []byte) ([]byte, error) {
	if len(cid) == 0 || len(cid) > MaxLocationSize {
		return nil, fmt.Errorf("envelope: location of %d bytes, want 1..%d", len(cid), MaxLocationSize)
	}
	if random == nil {
		random = rand.Reader
	}
	aead, err := locationAEAD(dataKey)
	if err != nil {
		return nil, err
	}
	out := make([]byte, 1+gcmNonceSize, 1+gcmNonceSize+len(cid)+tagSize)
	out[0] = locationVersion
	if _, err := io.ReadFull(random, out[1:]); err != nil {
		return nil, fmt.Errorf("envelope: read location nonce: %w", err)
	}
	return aead.Seal(out, out[1:], cid, ad), nil
}

// OpenLocation reverses SealLocation. It fails with ErrFormat on a malformed
// input and ErrIntegrity on a wrong key, wrong ad or modified ciphertext.
func OpenLocation(dataKey [32]byte, sealed, ad []byte) ([]byte, error) {
	if len(sealed) < 1+gcmNonceSize+tagSize+1 || len(sealed) > 1+gcmNonceSize+MaxLocationSize+tagSize {
		return nil, fmt.Errorf("%w: sealed location of %d bytes", ErrFormat, len(sealed))
	}
	if sealed[0] != locationVersion {
		return nil, fmt.Errorf("%w: sealed location version %d", ErrFormat, sealed[0])
	}
	aead, err := locationAEAD(dataKey)
	if err != nil {
		return nil, err
	}
	cid, err := aead.Open(nil, sealed[1:1+gcmNonceSize], sealed[1+gcmNonceSize:], ad)
	if err != nil {
		return nil, fmt.Errorf("%w: sealed location", ErrIntegrity)
	}
	return cid, nil
}

func locationAEAD(dataKey [32]byte) (cipher.AEAD, error) {
	key, err := hkdf.Key(sha256.New, dataKey[:], nil, locationLabel, 32)
	if err != nil {
		return nil, fmt.Errorf("envelope: derive location key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("envelope: location cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("envelope: location cipher: %w", err)
	}
	return aead, nil
}
