package webhook_test

import (
	"errors"
	"testing"
	"time"

	"github.com/emrchain/emrchain/indexer/webhook"
)

func TestSignVerify(t *testing.T) {
	secret := []byte("whsec_test")
	body := []byte(`{"kind":"timeline.entry"}`)
	now := time.Unix(1_767_225_600, 0)
	h := webhook.Sign(secret, now, body)
	if err := webhook.Verify(secret, h, body, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name   string
		secret []byte
		header string
		body   []byte
		at     time.Time
		want   error
	}{
		{"wrong secret", []byte("other"), h, body, now, webhook.ErrBadSignature},
		{"tampered body", secret, h, []byte(`{"kind":"reorg"}`), now, webhook.ErrBadSignature},
		{"stale", secret, h, body, now.Add(6 * time.Minute), webhook.ErrStale},
		{"from the future", secret, h, body, now.Add(-6 * time.Minute), webhook.ErrStale},
		{"empty header", secret, "", body, now, webhook.ErrBadSignature},
		{"no v1", secret, "t=1767225600", body, now, webhook.ErrBadSignature},
		{"garbage", secret, "t=x,v1=zz", body, now, webhook.ErrBadSignature},
		// A replay with a fresh timestamp but the old MAC must fail: the time is signed.
		{"re-stamped", secret, "t=1767225900,v1=" + h[len("t=1767225600,v1="):], body, now.Add(5 * time.Minute), webhook.ErrBadSignature},
	}
	for _, c := range cases {
		if err := webhook.Verify(c.secret, c.header, c.body, c.at); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
}

func FuzzVerify(f *testing.F) {
	f.Add("t=1767225600,v1=00", []byte("{}"))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		_ = webhook.Verify([]byte("k"), header, body, time.Unix(1_767_225_600, 0))
	})
}
