package api_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/indexer/api"
)

func TestSignIn(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	s, err := api.SignIn(ctx, nil, e.srv.URL+"/", "indexer.test", e.patient.key)
	if err != nil {
		t.Fatal(err)
	}
	if code, _, body := e.do("GET", "/v1/patients/"+e.patient.addr.Hex()+"/timeline?limit=1", s.Token, nil); code != 200 {
		t.Fatalf("the session's token: %d %s", code, body)
	}
	page, err := url.Parse(s.PageURL(e.patient.addr.Hex()))
	if err != nil || page.Path != "/ui/" || page.RawQuery != "" {
		t.Fatalf("page URL %q: the token must ride in the fragment only", s.PageURL(""))
	}
	frag, _ := url.ParseQuery(page.Fragment)
	if frag.Get("token") != s.Token || frag.Get("patient") != e.patient.addr.Hex() {
		t.Fatalf("fragment %q", page.Fragment)
	}

	// The indexer signs in as indexer.test, not as its host and port: refused unless named.
	if _, err := api.SignIn(ctx, nil, e.srv.URL, "", e.patient.key); !errors.Is(err, api.ErrUnexpectedMessage) {
		t.Fatalf("domain mismatch: %v", err)
	}
}

// A server that asks the key to sign something else gets no signature.
func TestSignInSignsOnlyASignInMessage(t *testing.T) {
	var redeemed bool
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/v1/auth/token" {
			redeemed = true
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"nonce":"n","message":"I transfer everything to 0xdead","expiresAt":"2030-01-01T00:00:00Z"}`))
	}))
	defer evil.Close()
	if _, err := api.SignIn(context.Background(), nil, evil.URL, "", newUser(t).key); !errors.Is(err, api.ErrUnexpectedMessage) {
		t.Fatalf("got %v", err)
	}
	if redeemed {
		t.Fatal("a signature was sent for the server's own text")
	}
	for _, c := range []struct{ url, says string }{
		{"ftp://x", "want http"},
		{"http://127.0.0.1:1", "no indexer answers"},
	} {
		if _, err := api.SignIn(context.Background(), nil, c.url, "", newUser(t).key); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v", c.url, err)
		}
	}
}
