package envelope

import (
	"crypto/ecdsa"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// MaxSignatureSize bounds the signature a Signer may return. It leaves room
// for post-quantum schemes (ML-DSA-87 signatures are 4627 bytes) while
// keeping the trailer shorter than the smallest chunk, which is what lets
// Open find it within the last two chunks.
const MaxSignatureSize = 8192

// signatureDomain separates envelope signatures from anything else a
// provider's key signs.
const signatureDomain = "emrchain/envelope/v1"

// Signer signs the digest of a record. Providers are Ethereum accounts, so
// EthereumSigner is the implementation the project uses; the interface keeps
// other schemes pluggable.
type Signer interface {
	Sign(digest [32]byte) ([]byte, error)
}

// Verifier checks a signature over digest and names the Ethereum account
// that made it. Every identity in the project is an account address, so a
// scheme without key recovery implements this by checking against a known
// key and returning the account that key is registered to.
type Verifier interface {
	Verify(digest [32]byte, sig []byte) (common.Address, error)
}

// SignatureDigest is what a record's signer signs: SHA-256 over the domain
// "emrchain/envelope/v1", a zero byte, the plaintext's SHA-256, its length
// and the caller's associated data (both lengths as 8-byte big-endian). The
// associated data names the record (patient address, record id), so a
// signature cannot be moved onto another record with the same content.
func SignatureDigest(plaintextSHA256 [32]byte, plaintextSize int64, ad []byte) [32]byte {
	h := sha256.New()
	h.Write([]byte(signatureDomain))
	h.Write([]byte{0})
	h.Write(plaintextSHA256[:])
	var n [8]byte
	binary.BigEndian.PutUint64(n[:], uint64(plaintextSize))
	h.Write(n[:])
	binary.BigEndian.PutUint64(n[:], uint64(len(ad)))
	h.Write(n[:])
	h.Write(ad)
	var d [32]byte
	h.Sum(d[:0])
	return d
}

// EthereumSigner signs with a secp256k1 account key. It signs the EIP-191
// "personal message" hash of the digest rather than the digest itself, so a
// wallet's personal_sign can produce the same signature, Solidity's ecrecover
// can check it with the usual prefix, and the signature can never double as
// a transaction signature.
type EthereumSigner struct {
	key *ecdsa.PrivateKey
}

// NewEthereumSigner wraps an account key.
func NewEthereumSigner(key *ecdsa.PrivateKey) (*EthereumSigner, error) {
	if key == nil || key.D == nil || key.Curve != crypto.S256() {
		return nil, errors.New("envelope: signer needs a secp256k1 private key")
	}
	return &EthereumSigner{key: key}, nil
}

// Address is the account the signer signs for.
func (s *EthereumSigner) Address() common.Address { return crypto.PubkeyToAddress(s.key.PublicKey) }

// Sign returns a 65-byte [R ‖ S ‖ V] signature with V in {0, 1} and low S.
func (s *EthereumSigner) Sign(digest [32]byte) ([]byte, error) {
	sig, err := crypto.Sign(personalHash(digest), s.key)
	if err != nil {
		return nil, fmt.Errorf("envelope: ethereum sign: %w", err)
	}
	return sig, nil
}

// EthereumVerifier recovers the signing account from an EthereumSigner
// signature. It accepts only the canonical form crypto.Sign produces (65
// bytes, V in {0, 1}, S in the lower half of the order) so that each record
// has exactly one valid signature per key.
type EthereumVerifier struct{}

// Verify recovers the account that signed digest.
func (EthereumVerifier) Verify(digest [32]byte, sig []byte) (common.Address, error) {
	if len(sig) != crypto.SignatureLength {
		return common.Address{}, fmt.Errorf("ethereum signature of %d bytes, want %d", len(sig), crypto.SignatureLength)
	}
	r := new(big.Int).SetBytes(sig[:32])
	s := new(big.Int).SetBytes(sig[32:64])
	if !crypto.ValidateSignatureValues(sig[64], r, s, true) {
		return common.Address{}, errors.New("non-canonical ethereum signature")
	}
	pub, err := crypto.SigToPub(personalHash(digest), sig)
	if err != nil {
		return common.Address{}, fmt.Errorf("recover signer: %w", err)
	}
	return crypto.PubkeyToAddress(*pub), nil
}

func personalHash(digest [32]byte) []byte {
	return crypto.Keccak256([]byte("\x19Ethereum Signed Message:\n32"), digest[:])
}
