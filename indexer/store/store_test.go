package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/store/storetest"
)

func TestCursorRoundTrip(t *testing.T) {
	for _, p := range []store.Position{{Time: 0}, {Time: 1_700_000_000, Block: 12, LogIndex: 3}, {Time: 1 << 40, Block: 1 << 62, LogIndex: 1<<32 - 1}} {
		got, err := store.ParseCursor(p.String())
		if err != nil || got != p {
			t.Fatalf("%+v: parsed %+v, %v", p, got, err)
		}
	}
	if p, err := store.ParseCursor(""); err != nil || p != store.Start {
		t.Fatalf("empty cursor: %+v %v", p, err)
	}
}

func FuzzParseCursor(f *testing.F) {
	f.Add(store.Position{Time: 5, Block: 6, LogIndex: 7}.String())
	f.Add("AQ")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := store.ParseCursor(s)
		if err != nil {
			if !errors.Is(err, store.ErrBadCursor) {
				t.Fatalf("error %v is not ErrBadCursor", err)
			}
			return
		}
		if s != "" && p.String() != s {
			t.Fatalf("%q parsed to %+v, which encodes as %q", s, p, p.String())
		}
	})
}

func TestBounds(t *testing.T) {
	at := time.Unix(100, 0)
	for _, tc := range []struct {
		f        store.Filter
		from, to int64
	}{
		{store.Filter{}, 0, 1 << 62},
		{store.Filter{From: at, To: at.Add(10 * time.Second)}, 100, 110},
		{store.Filter{From: at.Add(time.Millisecond), To: at.Add(time.Millisecond)}, 101, 101},
	} {
		if from, to := tc.f.Bounds(); from != tc.from || to != tc.to {
			t.Errorf("%+v: [%d, %d), want [%d, %d)", tc.f, from, to, tc.from, tc.to)
		}
	}
}

func TestNewBatchRefusesLogsOutsideTheRange(t *testing.T) {
	r, _ := storetest.Scenario().Take()
	r.Logs[0].BlockNumber = r.Last().Number + 1
	if _, err := store.NewBatch(r); err == nil {
		t.Fatal("log outside the range accepted")
	}
}
