// Package auth signs timeline readers in with their Ethereum key: the server hands out a nonce
// inside a sign-in message (in the manner of EIP-4361, Sign-In with Ethereum), the client signs
// it with personal_sign (EIP-191), and the server answers with a short-lived bearer token, an
// HMAC-SHA256 tag over the address and expiry under a server key.
//
// Challenges are stateless too: the nonce carries 16 random bytes, its expiry and an HMAC tag
// over them, the address and the domain, so the server stores nothing until a challenge comes
// back signed. Nobody can exhaust a table of pending sign-ins and lock everyone else out, and a
// restart with the same key (a key file) honours challenges and tokens issued before it.
//
// Security properties: a token or a nonce cannot be forged or moved to another address, domain
// or key without the server key; tokens expire after TokenTTL and challenges after
// ChallengeTTL. A redeemed nonce is remembered until it expires, so a signed challenge yields
// one token. Known weaknesses: that memory is bounded (MaxRemembered, oldest forgotten first)
// and lost on restart, so a signed challenge captured in transit could be redeemed again within
// its five minutes when the server restarted or redeemed more than MaxRemembered others in the
// meantime; that gives no more than capturing the token itself would. Tokens cannot be revoked
// before they expire, except by changing the server key.
package auth

import (
	"crypto/ecdsa"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

var (
	// ErrUnknownNonce means the nonce was not issued by this server for this address, was used
	// already, or has expired.
	ErrUnknownNonce = errors.New("unknown, used or expired nonce")
	// ErrBadSignature means the signature does not recover to the address signing in.
	ErrBadSignature = errors.New("signature does not match the address")
	// ErrBadToken means a token is malformed, forged, for another server key, or expired.
	ErrBadToken = errors.New("invalid or expired token")
)

// Defaults for zero Config fields.
const (
	DefaultChallengeTTL = 5 * time.Minute
	DefaultTokenTTL     = 15 * time.Minute
	// MaxRemembered bounds the redeemed nonces kept to refuse a second redemption. Only
	// correctly signed challenges are remembered, so filling it takes that many signatures.
	MaxRemembered = 1 << 17
)

// KeySize is the size of a key LoadKey creates.
const KeySize = 32

// Config configures an Authority.
type Config struct {
	// Domain names the service in the signed message, so a signature for another service is
	// useless here; and it is bound into every token.
	Domain string
	// Key is the HMAC key for challenges and tokens (at least 32 bytes); nil draws one at
	// random, which invalidates challenges and tokens when the process restarts (LoadKey keeps
	// one in a file).
	Key          []byte
	ChallengeTTL time.Duration
	TokenTTL     time.Duration
	// Rand supplies nonces and the random key; nil means crypto/rand.
	Rand io.Reader
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Challenge is what a client signs to sign in.
type Challenge struct {
	Address common.Address
	Nonce   string
	Message string // the exact text to sign with personal_sign
	Expires time.Time
}

// Authority issues challenges and tokens and checks tokens.
type Authority struct {
	cfg Config

	mu      sync.Mutex
	spent   map[string]time.Time // redeemed nonces and when they expire
	spentQ  []string             // spent's keys in redemption order, for pruning
	spentAt int                  // spentQ[:spentAt] are forgotten already
}

// New returns an Authority.
func New(cfg Config) (*Authority, error) {
	if cfg.Domain == "" {
		return nil, errors.New("auth: empty domain")
	}
	if cfg.Rand == nil {
		cfg.Rand = rand.Reader
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.ChallengeTTL <= 0 {
		cfg.ChallengeTTL = DefaultChallengeTTL
	}
	if cfg.TokenTTL <= 0 {
		cfg.TokenTTL = DefaultTokenTTL
	}
	if cfg.Key == nil {
		cfg.Key = make([]byte, 32)
		if _, err := io.ReadFull(cfg.Rand, cfg.Key); err != nil {
			return nil, fmt.Errorf("auth: token key: %w", err)
		}
	} else if len(cfg.Key) < 32 {
		return nil, fmt.Errorf("auth: token key of %d bytes, want at least 32", len(cfg.Key))
	}
	return &Authority{cfg: cfg, spent: map[string]time.Time{}}, nil
}

// LoadKey reads the server key from path, creating it with KeySize random bytes from rand
// (crypto/rand when nil) and mode 0600 when it does not exist. It refuses a file that group or
// others may read, and one shorter than 32 bytes.
func LoadKey(path string, rnd io.Reader) ([]byte, error) {
	fi, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) {
		if rnd == nil {
			rnd = rand.Reader
		}
		key := make([]byte, KeySize)
		if _, err := io.ReadFull(rnd, key); err != nil {
			return nil, fmt.Errorf("auth key: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("auth key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) {
			return LoadKey(path, rnd) // another process created it first: use theirs
		}
		if err != nil {
			return nil, fmt.Errorf("auth key: %w", err)
		}
		if _, err := f.Write(key); err != nil {
			f.Close()
			os.Remove(path)
			return nil, fmt.Errorf("auth key %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			os.Remove(path)
			return nil, fmt.Errorf("auth key %s: %w", path, err)
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("auth key: %w", err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("auth key file %s is readable by group or others: run `chmod 600 %s`", path, path)
	}
	key, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("auth key: %w", err)
	}
	if len(key) < 32 {
		return nil, fmt.Errorf("auth key file %s holds %d bytes, want at least 32", path, len(key))
	}
	return key, nil
}

// Message is the sign-in text for an address, nonce and expiry.
func Message(domain string, address common.Address, nonce string, expires time.Time) string {
	return domain + " wants you to sign in to the emrchain audit indexer with your Ethereum account:\n" +
		address.Hex() + "\n\n" +
		"Read the audit timelines this account may see.\n\n" +
		"Nonce: " + nonce + "\n" +
		"Expiration Time: " + expires.UTC().Format(time.RFC3339)
}

// A nonce is hex(random ‖ expiry ‖ tag): 16 random bytes, the expiry in Unix seconds (8 bytes,
// big-endian) and the first 16 bytes of an HMAC-SHA256 over the domain, the address, the random
// bytes and the expiry.
const (
	nonceRandom = 16
	nonceTag    = 16
	nonceSize   = nonceRandom + 8 + nonceTag
)

func (a *Authority) challengeTag(address common.Address, randomAndExpiry []byte) []byte {
	m := hmac.New(sha256.New, a.cfg.Key)
	m.Write([]byte("emrchain/indexer-challenge/v1\x00" + a.cfg.Domain + "\x00"))
	m.Write(address[:])
	m.Write(randomAndExpiry)
	return m.Sum(nil)[:nonceTag]
}

// Challenge issues a fresh nonce for address. It stores nothing.
func (a *Authority) Challenge(address common.Address) (Challenge, error) {
	b := make([]byte, nonceSize)
	if _, err := io.ReadFull(a.cfg.Rand, b[:nonceRandom]); err != nil {
		return Challenge{}, fmt.Errorf("auth: nonce: %w", err)
	}
	expires := a.cfg.Now().Add(a.cfg.ChallengeTTL).Truncate(time.Second)
	binary.BigEndian.PutUint64(b[nonceRandom:], uint64(expires.Unix()))
	copy(b[nonceRandom+8:], a.challengeTag(address, b[:nonceRandom+8]))
	c := Challenge{Address: address, Nonce: hex.EncodeToString(b), Expires: expires}
	c.Message = Message(a.cfg.Domain, address, c.Nonce, c.Expires)
	return c, nil
}

// challengeOf rebuilds the challenge a nonce was issued as, if this server issued it for address
// and it has not expired.
func (a *Authority) challengeOf(address common.Address, nonce string) (Challenge, error) {
	b, err := hex.DecodeString(nonce)
	// Only the spelling the server issued (lower-case hex) names a challenge: the decoder also
	// takes upper case, and one nonce must not sign in under several names.
	if err != nil || len(b) != nonceSize || hex.EncodeToString(b) != nonce {
		return Challenge{}, ErrUnknownNonce
	}
	if !hmac.Equal(b[nonceRandom+8:], a.challengeTag(address, b[:nonceRandom+8])) {
		return Challenge{}, ErrUnknownNonce
	}
	expires := time.Unix(int64(binary.BigEndian.Uint64(b[nonceRandom:])), 0)
	if !a.cfg.Now().Before(expires) {
		return Challenge{}, ErrUnknownNonce
	}
	return Challenge{Address: address, Nonce: nonce, Expires: expires, Message: Message(a.cfg.Domain, address, nonce, expires)}, nil
}

// spend remembers a redeemed nonce until it expires; false when it was redeemed already.
func (a *Authority) spend(c Challenge, now time.Time) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, ok := a.spent[c.Nonce]; ok {
		return false
	}
	// Forget what has expired (a nonce is refused once expired anyway) and, past the bound,
	// the oldest.
	for a.spentAt < len(a.spentQ) {
		n := a.spentQ[a.spentAt]
		if now.Before(a.spent[n]) && len(a.spent) < MaxRemembered {
			break
		}
		delete(a.spent, n)
		a.spentAt++
	}
	if a.spentAt > len(a.spentQ)/2 {
		a.spentQ = append([]string(nil), a.spentQ[a.spentAt:]...)
		a.spentAt = 0
	}
	a.spent[c.Nonce] = c.Expires
	a.spentQ = append(a.spentQ, c.Nonce)
	return true
}

// Token redeems a signed challenge for a bearer token. A nonce is spent only by a good
// signature: nobody but the address's key holder can use it up.
func (a *Authority) Token(address common.Address, nonce string, signature []byte) (string, time.Time, error) {
	c, err := a.challengeOf(address, nonce)
	if err != nil {
		return "", time.Time{}, err
	}
	signer, err := Recover(c.Message, signature)
	if err != nil || signer != address {
		return "", time.Time{}, ErrBadSignature
	}
	now := a.cfg.Now()
	if !a.spend(c, now) {
		return "", time.Time{}, ErrUnknownNonce
	}
	expires := now.Add(a.cfg.TokenTTL).Truncate(time.Second)
	payload := make([]byte, 1+20+8)
	payload[0] = 1 // token format version
	copy(payload[1:], address[:])
	binary.BigEndian.PutUint64(payload[21:], uint64(expires.Unix()))
	token := append(payload, a.mac(payload)...)
	return base64.RawURLEncoding.EncodeToString(token), expires, nil
}

// Verify returns the address a token was issued to, if it is genuine and unexpired.
func (a *Authority) Verify(token string) (common.Address, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimSpace(token))
	if err != nil || len(raw) != 1+20+8+sha256.Size || raw[0] != 1 {
		return common.Address{}, ErrBadToken
	}
	payload, tag := raw[:29], raw[29:]
	if !hmac.Equal(tag, a.mac(payload)) {
		return common.Address{}, ErrBadToken
	}
	expires := time.Unix(int64(binary.BigEndian.Uint64(payload[21:])), 0)
	if !a.cfg.Now().Before(expires) {
		return common.Address{}, ErrBadToken
	}
	return common.BytesToAddress(payload[1:21]), nil
}

func (a *Authority) mac(payload []byte) []byte {
	m := hmac.New(sha256.New, a.cfg.Key)
	m.Write([]byte("emrchain/indexer-token/v1\x00" + a.cfg.Domain + "\x00"))
	m.Write(payload)
	return m.Sum(nil)
}

// Sign signs a message with personal_sign (EIP-191 version 0x45), as wallets do: the client
// side of a sign-in. The signature's last byte is 27 or 28.
func Sign(key *ecdsa.PrivateKey, message string) ([]byte, error) {
	sig, err := crypto.Sign(accounts.TextHash([]byte(message)), key)
	if err != nil {
		return nil, err
	}
	sig[64] += 27
	return sig, nil
}

// Recover returns the address that personal_signed message. It accepts v as 0/1 or 27/28 and
// refuses the malleable high-s form.
func Recover(message string, sig []byte) (common.Address, error) {
	if len(sig) != crypto.SignatureLength {
		return common.Address{}, ErrBadSignature
	}
	s := append([]byte(nil), sig...)
	if s[64] >= 27 {
		s[64] -= 27
	}
	if !crypto.ValidateSignatureValues(s[64], new(big.Int).SetBytes(s[:32]), new(big.Int).SetBytes(s[32:64]), true) {
		return common.Address{}, ErrBadSignature
	}
	pub, err := crypto.SigToPub(accounts.TextHash([]byte(message)), s)
	if err != nil {
		return common.Address{}, ErrBadSignature
	}
	return crypto.PubkeyToAddress(*pub), nil
}
