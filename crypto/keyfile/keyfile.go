// Package keyfile keeps emrchain's non-Ethereum secrets on disk encrypted under a passphrase:
// X25519 transport keys, PRE key pairs and the oracle's CP-ABE master key. Ethereum account keys
// use go-ethereum's keystore instead, which other tools already read.
//
// # Construction
//
// The passphrase is stretched with scrypt (C. Percival, "Stronger key derivation via sequential
// memory-hard functions", BSDCan 2009; RFC 7914) into a 256-bit key, which seals the secret with
// AES-256-GCM under a fresh 96-bit nonce. It is the construction of the Ethereum v3 keystore
// with its unauthenticated AES-CTR and Keccak MAC replaced by an AEAD, whose associated data is
// the file's whole header: version, kind, KDF parameters, salt and nonce. Changing any of them,
// or presenting one kind of secret as another, makes the file fail to open, exactly like a wrong
// passphrase: callers cannot tell the two apart, and neither can an attacker probing them.
//
// # Format (version 1)
//
// A file is one JSON object:
//
//	{
//	  "version": 1,
//	  "kind": "transport-x25519",
//	  "kdf": "scrypt",
//	  "kdfparams": {"n": 262144, "r": 8, "p": 1, "salt": "<32 bytes, hex>"},
//	  "cipher": "aes-256-gcm",
//	  "nonce": "<12 bytes, hex>",
//	  "ciphertext": "<secret ‖ 16-byte tag, hex>"
//	}
//
// The associated data is the JSON encoding of every field but ciphertext, in that order, as
// this package writes it. Parsing bounds every parameter (N a power of two in [2^10, 2^20], at
// most 256 MiB of scrypt memory, secrets of at most 64 KiB) so that a hostile file cannot make
// opening it cost more than the strongest file this package writes.
//
// # Files
//
// Create writes with O_EXCL and mode 0600 and syncs before returning; it never replaces an
// existing key. Open refuses files that group or others may read, as ssh does for private
// keys. Passphrases come from a file or an environment variable (ReadPassphrase) and are
// carried in a Passphrase, which formats as "[redacted]" wherever it is printed or logged.
package keyfile

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/bits"

	"golang.org/x/crypto/scrypt"
)

// Version is the format version this package writes and reads.
const Version = 1

// Limits on what a file may contain; see the package documentation.
const (
	MaxSecretSize = 64 << 10
	saltSize      = 32
	nonceSize     = 12
	tagSize       = 16
	keySize       = 32
	minLogN       = 10
	maxLogN       = 20
	maxMemory     = 256 << 20
)

const (
	kdfScrypt = "scrypt"
	cipherGCM = "aes-256-gcm"
)

var (
	// ErrDecryption means the file does not open: wrong passphrase, or a header or ciphertext
	// that was altered. It deliberately does not say which.
	ErrDecryption = errors.New("keyfile: wrong passphrase or corrupted file")
	// ErrFormat means the bytes are not a keyfile this package can read, or a parameter is
	// out of bounds.
	ErrFormat = errors.New("keyfile: invalid format")
	// ErrKind means the file holds another kind of secret than the caller asked for.
	ErrKind = errors.New("keyfile: wrong kind of secret")
)

// Params are scrypt's cost parameters.
type Params struct {
	N int `json:"n"` // CPU/memory cost, a power of two
	R int `json:"r"` // block size
	P int `json:"p"` // parallelism
}

var (
	// Standard is for keys at rest: 256 MiB and about a second on a server core, the cost
	// go-ethereum's keystore uses by default.
	Standard = Params{N: 1 << 18, R: 8, P: 1}
	// Light is for tests and throwaway development keys: 4 MiB, a few milliseconds.
	Light = Params{N: 1 << 12, R: 8, P: 1}
)

func (p Params) check() error {
	if p.N <= 0 || p.N&(p.N-1) != 0 {
		return fmt.Errorf("%w: scrypt N=%d is not a power of two", ErrFormat, p.N)
	}
	if logN := bits.TrailingZeros(uint(p.N)); logN < minLogN || logN > maxLogN {
		return fmt.Errorf("%w: scrypt N=2^%d outside [2^%d, 2^%d]", ErrFormat, logN, minLogN, maxLogN)
	}
	if p.R < 1 || p.R > 32 || p.P < 1 || p.P > 16 {
		return fmt.Errorf("%w: scrypt r=%d p=%d out of range", ErrFormat, p.R, p.P)
	}
	if mem := 128 * p.R * p.N; mem > maxMemory {
		return fmt.Errorf("%w: scrypt parameters need %d MiB, more than %d", ErrFormat, mem>>20, maxMemory>>20)
	}
	return nil
}

// header is everything but the ciphertext, in the field order that makes up the associated data.
type header struct {
	Version   int       `json:"version"`
	Kind      string    `json:"kind"`
	KDF       string    `json:"kdf"`
	KDFParams kdfParams `json:"kdfparams"`
	Cipher    string    `json:"cipher"`
	Nonce     hexBytes  `json:"nonce"`
}

type kdfParams struct {
	Params
	Salt hexBytes `json:"salt"`
}

// MarshalJSON flattens the embedded Params next to the salt, in a fixed order.
func (k kdfParams) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		N    int      `json:"n"`
		R    int      `json:"r"`
		P    int      `json:"p"`
		Salt hexBytes `json:"salt"`
	}{k.N, k.R, k.P, k.Salt})
}

type file struct {
	header
	Ciphertext hexBytes `json:"ciphertext"`
}

// MarshalJSON keeps the header's field order and appends the ciphertext.
func (f file) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Version    int       `json:"version"`
		Kind       string    `json:"kind"`
		KDF        string    `json:"kdf"`
		KDFParams  kdfParams `json:"kdfparams"`
		Cipher     string    `json:"cipher"`
		Nonce      hexBytes  `json:"nonce"`
		Ciphertext hexBytes  `json:"ciphertext"`
	}{f.Version, f.Kind, f.KDF, f.KDFParams, f.Cipher, f.Nonce, f.Ciphertext})
}

type hexBytes []byte

func (h hexBytes) MarshalText() ([]byte, error) {
	out := make([]byte, hex.EncodedLen(len(h)))
	hex.Encode(out, h)
	return out, nil
}

func (h *hexBytes) UnmarshalText(b []byte) error {
	out := make([]byte, hex.DecodedLen(len(b)))
	if _, err := hex.Decode(out, b); err != nil {
		return fmt.Errorf("%w: %v", ErrFormat, err)
	}
	*h = out
	return nil
}

func (h header) aad() []byte {
	b, err := json.Marshal(h)
	if err != nil {
		// Every field is a plain value or hexBytes, whose marshalling cannot fail.
		panic(fmt.Sprintf("keyfile: marshal header: %v", err))
	}
	return b
}

// checkKind accepts the short lower-case identifiers callers use for kinds.
func checkKind(kind string) error {
	if kind == "" || len(kind) > 64 {
		return fmt.Errorf("%w: kind must be 1 to 64 bytes", ErrFormat)
	}
	for _, c := range []byte(kind) {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			return fmt.Errorf("%w: kind %q has characters outside [a-z0-9._-]", ErrFormat, kind)
		}
	}
	return nil
}

// Encrypt seals secret under pass as a keyfile of the given kind (for example
// "transport-x25519"), drawing salt and nonce from random (crypto/rand if nil).
func Encrypt(random io.Reader, kind string, secret []byte, pass Passphrase, params Params) ([]byte, error) {
	if err := checkKind(kind); err != nil {
		return nil, err
	}
	if err := params.check(); err != nil {
		return nil, err
	}
	if len(secret) == 0 || len(secret) > MaxSecretSize {
		return nil, fmt.Errorf("%w: secret of %d bytes (want 1 to %d)", ErrFormat, len(secret), MaxSecretSize)
	}
	if pass.IsZero() {
		return nil, ErrNoPassphrase
	}
	if random == nil {
		random = rand.Reader
	}
	h := header{Version: Version, Kind: kind, KDF: kdfScrypt, Cipher: cipherGCM}
	h.KDFParams.Params = params
	h.KDFParams.Salt = make([]byte, saltSize)
	h.Nonce = make([]byte, nonceSize)
	if _, err := io.ReadFull(random, h.KDFParams.Salt); err != nil {
		return nil, fmt.Errorf("keyfile: salt: %w", err)
	}
	if _, err := io.ReadFull(random, h.Nonce); err != nil {
		return nil, fmt.Errorf("keyfile: nonce: %w", err)
	}
	aead, err := newAEAD(pass, h.KDFParams)
	if err != nil {
		return nil, err
	}
	f := file{header: h, Ciphertext: aead.Seal(nil, h.Nonce, secret, h.aad())}
	out, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("keyfile: encode: %w", err)
	}
	return append(out, '\n'), nil
}

// Decrypt opens a keyfile, which must hold a secret of the given kind. A wrong passphrase and a
// tampered file both give ErrDecryption.
func Decrypt(data []byte, kind string, pass Passphrase) ([]byte, error) {
	f, err := parse(data)
	if err != nil {
		return nil, err
	}
	if f.Kind != kind {
		return nil, fmt.Errorf("%w: file holds %q, want %q", ErrKind, f.Kind, kind)
	}
	if pass.IsZero() {
		return nil, ErrNoPassphrase
	}
	aead, err := newAEAD(pass, f.KDFParams)
	if err != nil {
		return nil, err
	}
	secret, err := aead.Open(nil, f.Nonce, f.Ciphertext, f.aad())
	if err != nil {
		return nil, ErrDecryption
	}
	return secret, nil
}

// Kind returns the kind of secret a keyfile holds, without decrypting it.
func Kind(data []byte) (string, error) {
	f, err := parse(data)
	if err != nil {
		return "", err
	}
	return f.Kind, nil
}

// parse decodes and bounds-checks a keyfile without touching the passphrase.
func parse(data []byte) (*file, error) {
	if len(data) > 4*MaxSecretSize {
		return nil, fmt.Errorf("%w: %d bytes is too large for a keyfile", ErrFormat, len(data))
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var raw struct {
		Version   *int    `json:"version"`
		Kind      *string `json:"kind"`
		KDF       *string `json:"kdf"`
		KDFParams *struct {
			N    *int      `json:"n"`
			R    *int      `json:"r"`
			P    *int      `json:"p"`
			Salt *hexBytes `json:"salt"`
		} `json:"kdfparams"`
		Cipher     *string   `json:"cipher"`
		Nonce      *hexBytes `json:"nonce"`
		Ciphertext *hexBytes `json:"ciphertext"`
	}
	if err := dec.Decode(&raw); err != nil {
		if errors.Is(err, ErrFormat) {
			return nil, err
		}
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: trailing data", ErrFormat)
	}
	if raw.Version == nil || raw.Kind == nil || raw.KDF == nil || raw.KDFParams == nil || raw.Cipher == nil ||
		raw.Nonce == nil || raw.Ciphertext == nil || raw.KDFParams.N == nil || raw.KDFParams.R == nil ||
		raw.KDFParams.P == nil || raw.KDFParams.Salt == nil {
		return nil, fmt.Errorf("%w: missing field", ErrFormat)
	}
	if *raw.Version != Version {
		return nil, fmt.Errorf("%w: version %d (this package reads %d)", ErrFormat, *raw.Version, Version)
	}
	if err := checkKind(*raw.Kind); err != nil {
		return nil, err
	}
	if *raw.KDF != kdfScrypt || *raw.Cipher != cipherGCM {
		return nil, fmt.Errorf("%w: kdf %q, cipher %q", ErrFormat, *raw.KDF, *raw.Cipher)
	}
	f := &file{header: header{
		Version: Version, Kind: *raw.Kind, KDF: kdfScrypt, Cipher: cipherGCM, Nonce: *raw.Nonce,
		KDFParams: kdfParams{Params: Params{N: *raw.KDFParams.N, R: *raw.KDFParams.R, P: *raw.KDFParams.P}, Salt: *raw.KDFParams.Salt},
	}, Ciphertext: *raw.Ciphertext}
	if err := f.KDFParams.check(); err != nil {
		return nil, err
	}
	if len(f.KDFParams.Salt) != saltSize || len(f.Nonce) != nonceSize {
		return nil, fmt.Errorf("%w: salt of %d bytes, nonce of %d", ErrFormat, len(f.KDFParams.Salt), len(f.Nonce))
	}
	if n := len(f.Ciphertext) - tagSize; n < 1 || n > MaxSecretSize {
		return nil, fmt.Errorf("%w: ciphertext of %d bytes", ErrFormat, len(f.Ciphertext))
	}
	return f, nil
}

func newAEAD(pass Passphrase, k kdfParams) (cipher.AEAD, error) {
	key, err := scrypt.Key(pass.b, k.Salt, k.N, k.R, k.P, keySize)
	if err != nil {
		return nil, fmt.Errorf("keyfile: scrypt: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("keyfile: %w", err)
	}
	return cipher.NewGCM(block)
}
