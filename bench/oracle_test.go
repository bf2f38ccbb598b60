package bench

import (
	"context"
	"strings"
	"testing"
)

func TestOracleSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the oracle against a simulated chain")
	}
	rows, err := Oracle(context.Background(), Config{Quick: true})
	if err != nil {
		t.Fatal(err)
	}
	byPrefix := func(prefix string) (Measurement, bool) {
		for _, r := range rows {
			if strings.HasPrefix(r.Name, prefix) {
				return r, true
			}
		}
		return Measurement{}, false
	}
	for _, r := range rows {
		if r.Section != oracleSection {
			t.Errorf("row %q in section %q", r.Name, r.Section)
		}
	}
	rate, ok := byPrefix(oracleRowSimRate)
	if !ok || rate.Unit != "ops/s" || rate.Value <= 0 || rate.GoalMet == nil || !strings.Contains(rate.Ratio, "transactions") {
		t.Fatalf("throughput row: %+v", rate)
	}
	for _, name := range []string{oracleRowSimP50, oracleRowSimP99} {
		r, ok := byPrefix(name)
		if !ok || r.Unit != "ms" || r.Value <= 0 {
			t.Errorf("latency row %q: %+v", name, r)
		}
	}
	p50, _ := byPrefix(oracleRowSimP50)
	p99, _ := byPrefix(oracleRowSimP99)
	if p99.Value < p50.Value {
		t.Errorf("p99 %v below p50 %v", p99.Value, p50.Value)
	}
	if b, ok := byPrefix(oracleRowSimBlocks); !ok || b.Unit != "blocks" || b.Value < 1 {
		t.Errorf("blocks row: %+v", b)
	}
	for _, name := range []string{oracleRowAnvilRate, oracleRowAnvilP50, oracleRowAnvilP99} {
		if _, ok := byPrefix(name); ok != anvilConfigured() {
			t.Errorf("anvil row %q present=%v with EMRCHAIN_ANVIL_BIN set=%v", name, ok, anvilConfigured())
		}
	}
}
