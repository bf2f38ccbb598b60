package main

import (
	"math/big"
	"testing"
)

func TestParseGasPrice(t *testing.T) {
	for in, want := range map[string]int64{
		"2gwei": 2_000_000_000, "1.5 gwei": 1_500_000_000, "0.1gwei": 100_000_000, "30000000000": 30_000_000_000,
		"7wei": 7, "0.000000001 ether": 1_000_000_000, "2 GWEI": 2_000_000_000,
	} {
		got, err := parseGasPrice("gas-price", in)
		if err != nil || got.Cmp(big.NewInt(want)) != 0 {
			t.Errorf("parseGasPrice(%q) = %v, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "gwei", "two gwei", "-1gwei", "0.5wei", "1e9x"} {
		if _, err := parseGasPrice("gas-price", bad); err == nil {
			t.Errorf("parseGasPrice(%q) accepted", bad)
		}
	}
	if got := formatETH(big.NewInt(18_151_540_000_000_000)); got != "0.018152 ETH" {
		t.Errorf("formatETH = %q", got)
	}
	if got := formatGwei(big.NewInt(1_500_000_000)); got != "1.5 gwei" {
		t.Errorf("formatGwei = %q", got)
	}
	if got := groupDigits(9075770); got != "9,075,770" {
		t.Errorf("groupDigits = %q", got)
	}
}
