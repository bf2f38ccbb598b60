package bench

import (
	"context"
	"os"
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
		t.Logf("%s: %.4g %s %s", r.Name, r.Value, r.Unit, r.Ratio)
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
	// CI sets EMRCHAIN_ANVIL_BIN (scripts/test.sh), so the anvil rows run there too, at quick scale.
	if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" && !anvilConfigured() {
		t.Fatal("EMRCHAIN_REQUIRE_TOOLCHAIN is set but EMRCHAIN_ANVIL_BIN is not: the anvil rows would not run")
	}
	for _, name := range []string{oracleRowAnvilP50, oracleRowAnvilP99, oracleRowAnvilMS, oracleRowReadP50, oracleRowReadP99, oracleRowReadMS,
		oracleRowBGP50, oracleRowBGMax, oracleRowBGMS} {
		if _, ok := byPrefix(name); ok != anvilConfigured() {
			t.Errorf("anvil row %q present=%v with EMRCHAIN_ANVIL_BIN set=%v", name, ok, anvilConfigured())
		}
	}
	if anvilConfigured() {
		p50, _ := byPrefix(oracleRowBGP50)
		most, _ := byPrefix(oracleRowBGMax)
		if p50.Unit != "blocks" || p50.Value < 1 || most.Value < p50.Value {
			t.Errorf("break-glass rows: p50 %+v, max %+v", p50, most)
		}
	}
}
