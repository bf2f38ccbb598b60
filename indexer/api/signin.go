package api

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/indexer/auth"
)

// ErrUnexpectedMessage means the indexer asked to sign something other than an emrchain sign-in
// for the expected domain and address; SignIn refuses to sign it.
var ErrUnexpectedMessage = errors.New("the indexer's sign-in message is not the one expected")

// Session is a signed-in API session.
type Session struct {
	Base    string // the API's base URL, without a trailing slash
	Token   string
	Expires time.Time
}

// PageURL is the timeline page's address with the token in its fragment, which browsers never
// send to a server. patient, when not empty, opens that patient's timeline (for an auditor).
func (s *Session) PageURL(patient string) string {
	f := url.Values{"token": {s.Token}}
	if patient != "" {
		f.Set("patient", patient)
	}
	return s.Base + "/ui/#" + f.Encode()
}

// SignIn signs in to the API at base with key, as the timeline page does with a wallet: it asks
// for a challenge, checks that the text is exactly an emrchain sign-in to domain for key's
// address (so the key never signs text of the server's choosing), signs it with personal_sign
// and redeems it for a bearer token. An empty domain means base's host and port, which is what
// an indexer signs in as unless it was given --domain.
func SignIn(ctx context.Context, hc *http.Client, base, domain string, key *ecdsa.PrivateKey) (*Session, error) {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("indexer URL %q: want http://HOST:PORT or https://HOST", base)
	}
	base = strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/")
	if domain == "" {
		domain = u.Host
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	address := crypto.PubkeyToAddress(key.PublicKey)
	var ch struct {
		Address, Nonce, Message, ExpiresAt string
	}
	if err := postJSON(ctx, hc, base+"/v1/auth/challenge", map[string]string{"address": address.Hex()}, &ch); err != nil {
		return nil, err
	}
	expires, err := time.Parse(time.RFC3339, ch.ExpiresAt)
	if err != nil || ch.Message != auth.Message(domain, address, ch.Nonce, expires) {
		got, _, _ := strings.Cut(ch.Message, "\n")
		return nil, fmt.Errorf("%w: want a sign-in to %s for %s, got %q (pass the indexer's --domain if it signs in under another name)", ErrUnexpectedMessage, domain, address.Hex(), got)
	}
	sig, err := auth.Sign(key, ch.Message)
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	var tok struct{ Token, ExpiresAt string }
	if err := postJSON(ctx, hc, base+"/v1/auth/token", map[string]string{"address": address.Hex(), "nonce": ch.Nonce, "signature": hexutil.Encode(sig)}, &tok); err != nil {
		return nil, err
	}
	exp, err := time.Parse(time.RFC3339, tok.ExpiresAt)
	if err != nil || tok.Token == "" {
		return nil, fmt.Errorf("sign in at %s: the answer carries no token", base)
	}
	return &Session{Base: base, Token: tok.Token, Expires: exp}, nil
}

func postJSON(ctx context.Context, hc *http.Client, u string, body, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("no indexer answers at %s (%v): start one with `emrchain indexer run` or the devnet, or pass the right --indexer URL", u, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return fmt.Errorf("read %s: %w", u, err)
	}
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			return fmt.Errorf("%s answered %s: is this an emrchain indexer?", u, resp.Status)
		}
		return fmt.Errorf("%s: %s", u, e.Error)
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s answered something other than JSON: is this an emrchain indexer?", u)
	}
	return nil
}

// Do calls the API as the signed-in account: body (when not nil) is sent as JSON, a 2xx answer
// is decoded into out (when not nil), and any other answer is an error carrying the API's
// message.
func (s *Session) Do(ctx context.Context, hc *http.Client, method, path string, body, out any) error {
	if hc == nil {
		hc = http.DefaultClient
	}
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.Base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("no indexer answers at %s (%v)", s.Base, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		var e struct{ Error string }
		if json.Unmarshal(data, &e) != nil || e.Error == "" {
			return fmt.Errorf("%s %s: %s", method, path, resp.Status)
		}
		return fmt.Errorf("%s", e.Error)
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	return json.Unmarshal(data, out)
}
