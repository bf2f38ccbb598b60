package webhook

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/gorilla/websocket"
)

func entryNote(patient common.Address, block uint64, i int) Notification {
	key := fmt.Sprintf("0x%064x:%d", block, i)
	body, _ := json.Marshal(Payload{Kind: KindEntry, Key: key, Patient: &patient})
	return Notification{Key: key, Kind: KindEntry, Patient: patient, Block: block, Body: body}
}

func TestHubDropsSlowReaderOnly(t *testing.T) {
	h := newHub(4)
	alice, bob := common.Address{1}, common.Address{2}
	slow, fast, other := h.join(alice), h.join(alice), h.join(bob)
	var got []string
	for i := 0; i < 10; i++ {
		h.publish([]Notification{entryNote(alice, uint64(i+1), 0)})
		// The fast reader keeps up; the slow one never reads.
		for len(fast.out) > 0 {
			var p Payload
			if err := json.Unmarshal(<-fast.out, &p); err != nil {
				t.Fatal(err)
			}
			got = append(got, p.Key)
		}
	}
	select {
	case <-slow.quit:
	default:
		t.Fatal("the slow reader is still connected")
	}
	if slow.code != websocket.CloseTryAgainLater || slow.reason != reasonSlow {
		t.Fatalf("slow reader closed with %d %q", slow.code, slow.reason)
	}
	if len(got) != 10 {
		t.Fatalf("the fast reader got %d of 10", len(got))
	}
	select {
	case <-fast.quit:
		t.Fatal("the fast reader was dropped")
	default:
	}
	if len(other.out) != 0 {
		t.Fatalf("bob's feed got %d of alice's entries", len(other.out))
	}
	// A dropped reader gets nothing more, and leaving twice is harmless.
	h.publish([]Notification{entryNote(alice, 11, 0)})
	h.leave(slow)
	h.close()
	for _, c := range []*feedConn{fast, other} {
		select {
		case <-c.quit:
		default:
			t.Fatal("close left a reader connected")
		}
		if c.code != websocket.CloseGoingAway {
			t.Fatalf("closed with %d", c.code)
		}
	}
	if h.join(alice) != nil {
		t.Fatal("a closed hub accepted a reader")
	}
}

func TestHubReorgNoticeListsWhatEachReaderWasSent(t *testing.T) {
	h := newHub(16)
	alice, bob := common.Address{1}, common.Address{2}
	a, b := h.join(alice), h.join(bob)
	h.publish([]Notification{entryNote(alice, 5, 0), entryNote(alice, 6, 0), entryNote(alice, 7, 1), entryNote(bob, 4, 0)})
	for len(a.out) > 0 {
		<-a.out
	}
	for len(b.out) > 0 {
		<-b.out
	}
	r := Reorg{CommonAncestor: Block{Number: 5, Hash: common.Hash{5}}, FirstRemoved: common.Hash{6}}
	h.reorg(r)
	if len(b.out) != 0 {
		t.Fatal("bob was sent a notice though nothing of his was removed")
	}
	var p Payload
	if err := json.Unmarshal(<-a.out, &p); err != nil {
		t.Fatal(err)
	}
	want := []string{entryNote(alice, 6, 0).Key, entryNote(alice, 7, 1).Key}
	if p.Kind != KindReorg || p.Key != r.Key() || p.CommonAncestor.Number != 5 || fmt.Sprint(p.Removed) != fmt.Sprint(want) {
		t.Fatalf("notice %+v, want removed %v", p, want)
	}
	// The same reorg again removes nothing more.
	h.reorg(r)
	if len(a.out) != 0 {
		t.Fatal("a second notice for keys already withdrawn")
	}
}

func TestBackoffGrowsWithinBounds(t *testing.T) {
	d := &Dispatcher{BaseBackoff: 100 * time.Millisecond, MaxBackoff: 2 * time.Second}
	d.defaults()
	// Doubling from the base, capped at the maximum.
	for attempts, ms := range []time.Duration{100, 200, 400, 800, 1600, 2000, 2000} {
		ceiling := ms * time.Millisecond
		for i := 0; i < 50; i++ {
			if b := d.backoff(attempts); b < ceiling/2 || b > ceiling {
				t.Fatalf("backoff after %d attempts: %s, want within [%s, %s]", attempts, b, ceiling/2, ceiling)
			}
		}
	}
	if b := d.backoff(1000); b > d.MaxBackoff {
		t.Fatalf("backoff after many attempts: %s above the cap", b)
	}
}
