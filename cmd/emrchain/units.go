package main

import (
	"fmt"
	"math/big"
	"strings"
)

// priceUnits are the units a gas price may be written in, longest suffix first, with their
// power of ten of wei.
var priceUnits = []struct {
	suffix string
	exp    int
}{{"gwei", 9}, {"ether", 18}, {"eth", 18}, {"wei", 0}}

// parseGasPrice reads a price per gas such as "2gwei", "1.5 gwei", "0.1gwei" or a number of wei.
func parseGasPrice(flag, v string) (*big.Int, error) {
	s := strings.ToLower(strings.ReplaceAll(strings.TrimSpace(v), " ", ""))
	exp := 0
	for _, u := range priceUnits {
		if strings.HasSuffix(s, u.suffix) {
			s, exp = strings.TrimSuffix(s, u.suffix), u.exp
			break
		}
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || r.Sign() < 0 {
		return nil, usageErrorf("bad --%s %q: give a price per gas such as 2gwei, 1.5gwei or a number of wei", flag, v)
	}
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil)))
	if !r.IsInt() {
		return nil, usageErrorf("bad --%s %q: finer than one wei", flag, v)
	}
	return new(big.Int).Set(r.Num()), nil
}

// formatUnits prints an amount of wei in a unit, with at most digits decimals, trailing zeros
// dropped: formatUnits(1_500_000_000, 9, 6) is "1.5".
func formatUnits(wei *big.Int, exp, digits int) string {
	r := new(big.Rat).SetFrac(wei, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(exp)), nil))
	s := r.FloatString(digits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

func formatGwei(wei *big.Int) string { return formatUnits(wei, 9, 9) + " gwei" }

func formatETH(wei *big.Int) string { return formatUnits(wei, 18, 6) + " ETH" }

// groupDigits prints n with thousands separators, as gas figures are read.
func groupDigits(n uint64) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
