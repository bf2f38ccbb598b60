package gasreport

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/emrchain/emrchain/mdsplice"
)

//go:generate go run ../cmd/emrchain gas report --readme ../README.md

// The README's generated gas block: its marker name and the command that rewrites it.
const (
	ReadmeBlock   = "gas"
	ReadmeCommand = "emrchain gas report --readme README.md"
	// ReadmeGwei is the README's gas price: seed 001's Table 5 prices at 1 gwei.
	ReadmeGwei = 1
)

// ErrDrift means the README's gas table is not what a fresh report renders.
var ErrDrift = errors.New("the README's gas table differs from a fresh report")

var stampPattern = regexp.MustCompile(`^Measured on \d{4}-\d{2}-\d{2} by ` + regexp.QuoteMeta("`"+ReadmeCommand+"`"))

// Stamp is the block's first line: when and by which command the figures were measured.
func Stamp(at time.Time) string {
	return fmt.Sprintf("Measured on %s by `%s`; every figure but the design row is a transaction's receipt gas.",
		at.UTC().Format(time.DateOnly), ReadmeCommand)
}

// README renders the README's gas block: the stamp, the table and the goals' summary.
func (r *Report) README(stamp string) []byte {
	var b bytes.Buffer
	b.WriteString(stamp + "\n\n")
	r.WriteMarkdown(&b)
	return b.Bytes()
}

// readmeRow is what a drift check reads back from one row of the README's table.
type readmeRow struct {
	gas            uint64
	calldata, zero int
}

// CheckREADME compares the gas block of the README doc with a fresh report. A row agrees when
// its calldata has the same length and its gas the same Fixed value: receipt gas moves by 12 for
// each zero byte the run's random values put in calldata, and nothing else may change. The
// README's rendering of its own figures must also be exactly what README produces (its ETH,
// per-item figures and summary follow from its gas, never typed), under a stamp of the form
// Stamp writes.
func CheckREADME(doc []byte, fresh *Report) error {
	block, err := mdsplice.Block(doc, ReadmeBlock)
	if err != nil {
		return err
	}
	stamp, _, _ := strings.Cut(string(block), "\n")
	if !stampPattern.MatchString(stamp) {
		return fmt.Errorf("%w: its first line %q does not say when and how it was measured (run `%s`)", ErrDrift, stamp, ReadmeCommand)
	}
	if fresh.GasPriceGwei != ReadmeGwei {
		return fmt.Errorf("a report at %g gwei cannot be compared with the README's %d gwei", fresh.GasPriceGwei, ReadmeGwei)
	}
	old := parseRows(block)
	want := &Report{GasPriceGwei: fresh.GasPriceGwei, Rows: append([]Row(nil), fresh.Rows...)}
	for i := range want.Rows {
		row := &want.Rows[i]
		o, ok := old[want.cells(*row, true)[0]]
		if ok && o.calldata == row.Calldata && o.zero <= o.calldata && o.gas+12*uint64(o.zero) == row.Fixed() {
			row.Gas, row.ZeroBytes = o.gas, o.zero
		}
	}
	want.finish()
	got, wantBlock := strings.Split(string(block), "\n"), strings.Split(strings.TrimRight(string(want.README(stamp)), "\n"), "\n")
	var diffs []string
	for i := 0; i < max(len(got), len(wantBlock)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(wantBlock) {
			w = wantBlock[i]
		}
		if g != w {
			diffs = append(diffs, fmt.Sprintf("line %d of the block:\n  README: %s\n  fresh:  %s", i+1, g, w))
		}
	}
	if len(diffs) == 0 {
		return nil
	}
	if len(diffs) > 8 {
		diffs = append(diffs[:8], fmt.Sprintf("… and %d more lines", len(diffs)-8))
	}
	return fmt.Errorf("%w (run `%s`, or `go generate ./gasreport`, and commit README.md):\n%s", ErrDrift, ReadmeCommand, strings.Join(diffs, "\n"))
}

// parseRows reads the operation, gas and calldata cells of the block's table rows, keyed by
// the operation cell. Rows it cannot read are left out; the comparison then shows them.
func parseRows(block []byte) map[string]readmeRow {
	rows := map[string]readmeRow{}
	for _, line := range strings.Split(string(block), "\n") {
		if !strings.HasPrefix(line, "| ") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "| "), " | ")
		if len(cells) < 3 {
			continue
		}
		gas, err := strconv.ParseUint(strings.ReplaceAll(cells[1], ",", ""), 10, 64)
		if err != nil {
			continue
		}
		var r readmeRow
		r.gas = gas
		if n, z, ok := strings.Cut(cells[2], " ("); ok {
			r.calldata, _ = strconv.Atoi(strings.ReplaceAll(n, ",", ""))
			r.zero, _ = strconv.Atoi(strings.ReplaceAll(strings.TrimSuffix(z, " zero)"), ",", ""))
		}
		rows[cells[0]] = r
	}
	return rows
}
