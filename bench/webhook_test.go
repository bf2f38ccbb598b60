package bench

import (
	"context"
	"strings"
	"testing"
)

func TestWebhookQuick(t *testing.T) {
	rows, err := Webhook(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want p50 and p99", len(rows))
	}
	for i, prefix := range []string{webhookRowP50, webhookRowP99} {
		r := rows[i]
		if r.Section != webhookSection || !strings.HasPrefix(r.Name, prefix+", 30 fulfilments") || r.Unit != "ms" || r.Value <= 0 {
			t.Errorf("malformed row %+v", r)
		}
	}
	if p99 := rows[1]; p99.Goal == "" || p99.GoalMet == nil {
		t.Errorf("p99 row has no goal: %+v", p99)
	}
	if rows[1].Value < rows[0].Value {
		t.Errorf("p99 %.3f ms below p50 %.3f ms", rows[1].Value, rows[0].Value)
	}
}

func TestWebhookCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Webhook(ctx, Config{Quick: true}); err == nil {
		t.Fatal("a cancelled run reported figures")
	}
}
