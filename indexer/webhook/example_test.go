package webhook_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/emrchain/emrchain/indexer/webhook"
)

// A receiver checks the signature over the raw body, and the signed time, before it parses
// anything.
func ExampleVerify() {
	secret := []byte("whsec_example") // from the subscription's creation
	body := []byte(`{"kind":"timeline.entry","key":"0x9e68…a84a:3","action":"access-fulfilled"}`)
	sent := time.Unix(1_795_000_000, 0)
	header := webhook.Sign(secret, sent, body) // what the indexer puts in Emrchain-Signature

	fmt.Println(webhook.Verify(secret, header, body, sent.Add(2*time.Second)))
	tampered := []byte(`{"kind":"timeline.entry","key":"0x9e68…a84a:4","action":"access-fulfilled"}`)
	fmt.Println(errors.Is(webhook.Verify(secret, header, tampered, sent), webhook.ErrBadSignature))
	replayed := webhook.Verify(secret, header, body, sent.Add(time.Hour))
	fmt.Println(errors.Is(replayed, webhook.ErrStale))
	// Output:
	// <nil>
	// true
	// true
}
