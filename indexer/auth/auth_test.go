package auth_test

import (
	"bytes"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/indexer/auth"
)

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.now = c.now.Add(d) }

func setup(t *testing.T) (*auth.Authority, *clock, *ecdsa.PrivateKey, common.Address) {
	t.Helper()
	clk := &clock{now: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}
	a, err := auth.New(auth.Config{Domain: "indexer.test", Now: clk.Now, Key: bytes.Repeat([]byte{7}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	key, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return a, clk, key, crypto.PubkeyToAddress(key.PublicKey)
}

func signIn(t *testing.T, a *auth.Authority, key *ecdsa.PrivateKey, addr common.Address) string {
	t.Helper()
	c, err := a.Challenge(addr)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := auth.Sign(key, c.Message)
	if err != nil {
		t.Fatal(err)
	}
	tok, _, err := a.Token(addr, c.Nonce, sig)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func TestSignInAndVerify(t *testing.T) {
	a, clk, key, addr := setup(t)
	c, err := a.Challenge(addr)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"indexer.test", addr.Hex(), "Nonce: " + c.Nonce, "Expiration Time: 2026-11-21T12:05:00Z"} {
		if !strings.Contains(c.Message, want) {
			t.Fatalf("message lacks %q:\n%s", want, c.Message)
		}
	}
	sig, _ := auth.Sign(key, c.Message)
	tok, exp, err := a.Token(addr, c.Nonce, sig)
	if err != nil {
		t.Fatal(err)
	}
	if want := clk.Now().Add(auth.DefaultTokenTTL); !exp.Equal(want) {
		t.Fatalf("token expires %v, want %v", exp, want)
	}
	if got, err := a.Verify(tok); err != nil || got != addr {
		t.Fatalf("verify: %s %v", got.Hex(), err)
	}
	clk.Add(auth.DefaultTokenTTL)
	if _, err := a.Verify(tok); !errors.Is(err, auth.ErrBadToken) {
		t.Fatalf("expired token: %v", err)
	}
}

func TestNonceIsSingleUse(t *testing.T) {
	a, _, key, addr := setup(t)
	c, _ := a.Challenge(addr)
	sig, _ := auth.Sign(key, c.Message)
	if _, _, err := a.Token(addr, c.Nonce, sig); err != nil {
		t.Fatal(err)
	}
	if _, _, err := a.Token(addr, c.Nonce, sig); !errors.Is(err, auth.ErrUnknownNonce) {
		t.Fatalf("replayed nonce: %v", err)
	}
	// A failed attempt does not spend the nonce: only the key holder can use it up, so nobody
	// else can burn a sign-in in progress.
	c, _ = a.Challenge(addr)
	other, _ := crypto.GenerateKey()
	bad, _ := auth.Sign(other, c.Message)
	if _, _, err := a.Token(addr, c.Nonce, bad); !errors.Is(err, auth.ErrBadSignature) {
		t.Fatalf("wrong signer: %v", err)
	}
	good, _ := auth.Sign(key, c.Message)
	if _, _, err := a.Token(addr, c.Nonce, good); err != nil {
		t.Fatalf("the key holder after someone else's failed attempt: %v", err)
	}
	if _, _, err := a.Token(addr, c.Nonce, good); !errors.Is(err, auth.ErrUnknownNonce) {
		t.Fatalf("replayed nonce: %v", err)
	}
}

// Anyone may ask for challenges, as many as they like: nothing is stored for them, so a flood
// of unauthenticated requests cannot lock anyone out of signing in.
func TestChallengeFloodDoesNotLockOutSignIn(t *testing.T) {
	a, _, key, addr := setup(t)
	for i := range 20_000 {
		var stranger common.Address
		stranger[0], stranger[1], stranger[2] = byte(i), byte(i>>8), 0xee
		if _, err := a.Challenge(stranger); err != nil {
			t.Fatalf("challenge %d: %v", i, err)
		}
	}
	if tok := signIn(t, a, key, addr); tok == "" {
		t.Fatal("no token")
	}
}

// Challenges carry their own proof of origin, so another process with the same key (a restart,
// a second replica) redeems them, and nothing else does.
func TestChallengeIsStatelessButBound(t *testing.T) {
	a, clk, key, addr := setup(t)
	c, _ := a.Challenge(addr)
	sig, _ := auth.Sign(key, c.Message)
	restarted, err := auth.New(auth.Config{Domain: "indexer.test", Now: clk.Now, Key: bytes.Repeat([]byte{7}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := restarted.Token(addr, c.Nonce, sig); err != nil {
		t.Fatalf("after a restart with the same key: %v", err)
	}
	for _, other := range []auth.Config{
		{Domain: "indexer.test", Now: clk.Now, Key: bytes.Repeat([]byte{8}, 32)},
		{Domain: "other.test", Now: clk.Now, Key: bytes.Repeat([]byte{7}, 32)},
	} {
		o, err := auth.New(other)
		if err != nil {
			t.Fatal(err)
		}
		c, _ := o.Challenge(addr)
		sig, _ := auth.Sign(key, c.Message)
		if _, _, err := a.Token(addr, c.Nonce, sig); !errors.Is(err, auth.ErrUnknownNonce) {
			t.Fatalf("a challenge of domain %s accepted: %v", other.Domain, err)
		}
	}
	// Changing any character of a nonce (its random part, its expiry or its tag) voids it, even
	// when the holder signs the changed message: the expiry cannot be stretched.
	c, _ = a.Challenge(addr)
	for i := range len(c.Nonce) {
		mut := []byte(c.Nonce)
		if mut[i] == 'f' {
			mut[i] = '0'
		} else {
			mut[i] = "123456789abcdef0"[strings.IndexByte("0123456789abcdef", mut[i])]
		}
		sig, _ := auth.Sign(key, auth.Message("indexer.test", addr, string(mut), c.Expires.Add(time.Hour)))
		if _, _, err := a.Token(addr, string(mut), sig); !errors.Is(err, auth.ErrUnknownNonce) {
			t.Fatalf("nonce with character %d changed: %v", i, err)
		}
	}
}

func TestLoadKey(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "auth.key")
	k1, err := auth.LoadKey(path, nil)
	if err != nil || len(k1) != auth.KeySize {
		t.Fatalf("create: %d bytes, %v", len(k1), err)
	}
	fi, err := os.Stat(path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %v %v, want 0600", fi.Mode().Perm(), err)
	}
	k2, err := auth.LoadKey(path, nil)
	if err != nil || !bytes.Equal(k1, k2) {
		t.Fatalf("reload gave another key: %v", err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.LoadKey(path, nil); err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("group-readable key: %v", err)
	}
	short := filepath.Join(dir, "short.key")
	if err := os.WriteFile(short, []byte("short"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := auth.LoadKey(short, nil); err == nil || !strings.Contains(err.Error(), "at least 32") {
		t.Fatalf("short key: %v", err)
	}
}

func FuzzToken(f *testing.F) {
	a, err := auth.New(auth.Config{Domain: "indexer.test", Key: bytes.Repeat([]byte{7}, 32)})
	if err != nil {
		f.Fatal(err)
	}
	key, _ := crypto.GenerateKey()
	addr := crypto.PubkeyToAddress(key.PublicKey)
	c, _ := a.Challenge(addr)
	f.Add(c.Nonce)
	f.Add(c.Nonce[:len(c.Nonce)-2])
	f.Add(strings.Repeat("0", len(c.Nonce)))
	f.Add("")
	f.Fuzz(func(t *testing.T, nonce string) {
		sig, _ := auth.Sign(key, auth.Message("indexer.test", addr, nonce, time.Now().Add(time.Minute).Truncate(time.Second)))
		if nonce == c.Nonce {
			return
		}
		if _, _, err := a.Token(addr, nonce, sig); err == nil {
			t.Fatalf("a nonce the server never issued (%q) signed in", nonce)
		}
	})
}

func TestChallengeRefusals(t *testing.T) {
	a, clk, key, addr := setup(t)
	// Expired challenge.
	c, _ := a.Challenge(addr)
	sig, _ := auth.Sign(key, c.Message)
	clk.Add(auth.DefaultChallengeTTL)
	if _, _, err := a.Token(addr, c.Nonce, sig); !errors.Is(err, auth.ErrUnknownNonce) {
		t.Fatalf("expired challenge: %v", err)
	}
	// A challenge issued to one address cannot sign in another, even with that one's key.
	otherKey, _ := crypto.GenerateKey()
	otherAddr := crypto.PubkeyToAddress(otherKey.PublicKey)
	c, _ = a.Challenge(addr)
	sig, _ = auth.Sign(otherKey, c.Message)
	if _, _, err := a.Token(otherAddr, c.Nonce, sig); !errors.Is(err, auth.ErrUnknownNonce) {
		t.Fatalf("challenge for another address: %v", err)
	}
	// The issued nonce in another spelling (upper-case hex decodes to the same bytes) is not a
	// nonce this server issued, even signed correctly.
	c, _ = a.Challenge(addr)
	upper := strings.ToUpper(c.Nonce)
	if upper == c.Nonce {
		t.Fatal("nonce has no letters to change the case of")
	}
	sig, _ = auth.Sign(key, auth.Message("indexer.test", addr, upper, c.Expires))
	if _, _, err := a.Token(addr, upper, sig); !errors.Is(err, auth.ErrUnknownNonce) {
		t.Fatalf("upper-case spelling of an issued nonce: %v", err)
	}
	// Signature over a different message (another domain).
	c, _ = a.Challenge(addr)
	sig, _ = auth.Sign(key, auth.Message("evil.test", addr, c.Nonce, c.Expires))
	if _, _, err := a.Token(addr, c.Nonce, sig); !errors.Is(err, auth.ErrBadSignature) {
		t.Fatalf("signature for another domain: %v", err)
	}
	// Malleable high-s twin of a good signature, and a truncated one.
	c, _ = a.Challenge(addr)
	sig, _ = auth.Sign(key, c.Message)
	n := crypto.S256().Params().N
	s := new(big.Int).Sub(n, new(big.Int).SetBytes(sig[32:64]))
	twin := append([]byte(nil), sig...)
	s.FillBytes(twin[32:64])
	twin[64] ^= 1
	if _, err := auth.Recover(c.Message, twin); !errors.Is(err, auth.ErrBadSignature) {
		t.Fatalf("high-s signature accepted: %v", err)
	}
	if _, err := auth.Recover(c.Message, sig[:64]); !errors.Is(err, auth.ErrBadSignature) {
		t.Fatalf("64-byte signature accepted: %v", err)
	}
	raw := append([]byte(nil), sig...)
	raw[64] -= 27
	if got, err := auth.Recover(c.Message, raw); err != nil || got != addr {
		t.Fatalf("v in {0,1}: %s %v", got.Hex(), err)
	}
}

func TestForgedTokens(t *testing.T) {
	a, _, key, addr := setup(t)
	tok := signIn(t, a, key, addr)
	raw := []byte(tok)
	// The last character also carries padding bits base64 ignores, so it is left alone.
	for i := range len(raw) - 1 {
		mut := append([]byte(nil), raw...)
		mut[i] ^= 0x01
		if _, err := a.Verify(string(mut)); !errors.Is(err, auth.ErrBadToken) {
			t.Fatalf("token with character %d changed: %v", i, err)
		}
	}
	other, err := auth.New(auth.Config{Domain: "indexer.test"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.Verify(tok); !errors.Is(err, auth.ErrBadToken) {
		t.Fatalf("token accepted under another key: %v", err)
	}
	sameKeyOtherDomain, _ := auth.New(auth.Config{Domain: "other.test", Key: bytes.Repeat([]byte{7}, 32)})
	if _, err := sameKeyOtherDomain.Verify(tok); !errors.Is(err, auth.ErrBadToken) {
		t.Fatalf("token accepted by another domain: %v", err)
	}
	for _, junk := range []string{"", "!!", "AAAA"} {
		if _, err := a.Verify(junk); !errors.Is(err, auth.ErrBadToken) {
			t.Fatalf("junk %q: %v", junk, err)
		}
	}
	if _, err := auth.New(auth.Config{Domain: "x", Key: []byte("short")}); err == nil {
		t.Fatal("short key accepted")
	}
}

func FuzzVerify(f *testing.F) {
	a, err := auth.New(auth.Config{Domain: "indexer.test", Key: bytes.Repeat([]byte{7}, 32)})
	if err != nil {
		f.Fatal(err)
	}
	f.Add("AQ")
	f.Add(strings.Repeat("A", 82))
	f.Fuzz(func(t *testing.T, tok string) {
		if _, err := a.Verify(tok); err == nil {
			t.Fatalf("random token %q verified", tok)
		}
	})
}
