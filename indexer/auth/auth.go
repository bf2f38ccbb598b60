// Package auth signs timeline readers in with their Ethereum key: the server hands out a
// single-use nonce inside a sign-in message (in the manner of EIP-4361, Sign-In with Ethereum),
// the client signs it with personal_sign (EIP-191), and the server answers with a short-lived
// bearer token, an HMAC-SHA256 tag over the address and expiry under a server key. Tokens are
// stateless, so nothing is stored per session; nonces are held in memory until used or expired,
// so a restart only forces clients to sign in again.
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
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

var (
	// ErrUnknownNonce means the nonce was never issued, was used already, or has expired.
	ErrUnknownNonce = errors.New("unknown, used or expired nonce")
	// ErrBadSignature means the signature does not recover to the address signing in.
	ErrBadSignature = errors.New("signature does not match the address")
	// ErrBadToken means a token is malformed, forged, for another server key, or expired.
	ErrBadToken = errors.New("invalid or expired token")
	// ErrBusy means too many sign-ins are pending; the client should retry later.
	ErrBusy = errors.New("too many pending sign-ins")
)

// Defaults for zero Config fields.
const (
	DefaultChallengeTTL = 5 * time.Minute
	DefaultTokenTTL     = 15 * time.Minute
	// MaxPending bounds outstanding nonces, so unauthenticated callers cannot grow memory.
	MaxPending = 10000
)

// Config configures an Authority.
type Config struct {
	// Domain names the service in the signed message, so a signature for another service is
	// useless here; and it is bound into every token.
	Domain string
	// Key is the HMAC key for tokens (at least 32 bytes); nil draws one at random, which
	// invalidates tokens when the process restarts.
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
	cfg     Config
	mu      sync.Mutex
	pending map[string]Challenge
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
	return &Authority{cfg: cfg, pending: map[string]Challenge{}}, nil
}

// Message is the sign-in text for an address, nonce and expiry.
func Message(domain string, address common.Address, nonce string, expires time.Time) string {
	return domain + " wants you to sign in to the emrchain audit indexer with your Ethereum account:\n" +
		address.Hex() + "\n\n" +
		"Read the audit timelines this account may see.\n\n" +
		"Nonce: " + nonce + "\n" +
		"Expiration Time: " + expires.UTC().Format(time.RFC3339)
}

// Challenge issues a fresh nonce for address.
func (a *Authority) Challenge(address common.Address) (Challenge, error) {
	var b [16]byte
	if _, err := io.ReadFull(a.cfg.Rand, b[:]); err != nil {
		return Challenge{}, fmt.Errorf("auth: nonce: %w", err)
	}
	now := a.cfg.Now()
	c := Challenge{Address: address, Nonce: hex.EncodeToString(b[:]), Expires: now.Add(a.cfg.ChallengeTTL).Truncate(time.Second)}
	c.Message = Message(a.cfg.Domain, address, c.Nonce, c.Expires)
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.pending) >= MaxPending {
		for n, p := range a.pending {
			if !now.Before(p.Expires) {
				delete(a.pending, n)
			}
		}
		if len(a.pending) >= MaxPending {
			return Challenge{}, ErrBusy
		}
	}
	a.pending[c.Nonce] = c
	return c, nil
}

// Token redeems a signed challenge for a bearer token. The nonce is spent whether or not the
// signature is good, so each nonce allows one attempt.
func (a *Authority) Token(address common.Address, nonce string, signature []byte) (string, time.Time, error) {
	a.mu.Lock()
	c, ok := a.pending[nonce]
	delete(a.pending, nonce)
	a.mu.Unlock()
	now := a.cfg.Now()
	if !ok || !now.Before(c.Expires) || c.Address != address {
		return "", time.Time{}, ErrUnknownNonce
	}
	signer, err := Recover(c.Message, signature)
	if err != nil || signer != address {
		return "", time.Time{}, ErrBadSignature
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
