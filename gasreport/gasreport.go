// Package gasreport measures what emrchain's operations cost as real transactions on the
// simulated chain (receipt gas, so the 21,000 intrinsic gas and calldata are included, as in
// seed 001's Table 5), and prints them beside the paper's figures with their price in ETH.
package gasreport

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/big"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/deploy"
)

// Row is one operation's gas.
type Row struct {
	Operation string  `json:"operation"`
	Gas       uint64  `json:"gas"`
	PerItem   uint64  `json:"perItem,omitempty"` // amortized over a batch
	Items     int     `json:"items,omitempty"`
	Paper     uint64  `json:"paper,omitempty"` // seed 001 Table 5
	Goal      uint64  `json:"goal,omitempty"`  // issue 2's target, on Gas or PerItem
	ETH       float64 `json:"eth"`
}

// Report is the measured table.
type Report struct {
	GasPriceGwei float64 `json:"gasPriceGwei"`
	Rows         []Row   `json:"rows"`
}

// Seed 001 Table 5 (1 gwei) and issue 2's targets.
const (
	PaperDeploy       = 154_455
	PaperAddRequester = 47_869
	GoalBatchPerReq   = 26_000
	GoalEntryPerItem  = 30_000
)

// Measure runs the seed-comparable operations as patient on env (deployed per m) and adds them to
// the rows already measured (for example the demo's transactions).
func Measure(ctx context.Context, env *client.Env, m *deploy.Manifest, patient *client.Identity, requesters []common.Address, extra []Row, gwei float64) (*Report, error) {
	r := &Report{GasPriceGwei: gwei}
	for _, name := range deploy.Order {
		d := m.Contracts[name]
		row := Row{Operation: "deploy " + name, Gas: d.GasUsed}
		if name == deploy.KeywordIndex {
			row.Paper = PaperDeploy
		}
		r.Rows = append(r.Rows, row)
	}
	r.Rows = append(r.Rows, Row{Operation: "deploy all six contracts", Gas: m.TotalGas()})
	r.Rows = append(r.Rows, Row{Operation: "open a patient's keyword index (no deployment: indexes are keyed by owner)", Gas: 0, Paper: PaperDeploy, Goal: PaperDeploy})

	if len(requesters) < 21 {
		return nil, fmt.Errorf("need 21 requester addresses, got %d", len(requesters))
	}
	tx, err := env.AddRequesters(ctx, patient, requesters[0])
	if err != nil {
		return nil, err
	}
	r.Rows = append(r.Rows, Row{Operation: "addRequester (one)", Gas: tx.GasUsed, Paper: PaperAddRequester, Goal: PaperAddRequester})
	tx, err = env.AddRequesters(ctx, patient, requesters[1:21]...)
	if err != nil {
		return nil, err
	}
	r.Rows = append(r.Rows, Row{Operation: "addRequesters (batch of 20)", Gas: tx.GasUsed, Items: 20, PerItem: tx.GasUsed / 20, Goal: GoalBatchPerReq})

	labels, values := syntheticEntries(20)
	tx, err = env.AddEntries(ctx, patient, labels, values)
	if err != nil {
		return nil, err
	}
	r.Rows = append(r.Rows, Row{Operation: "addEntries (batch of 20 index entries)", Gas: tx.GasUsed, Items: 20, PerItem: tx.GasUsed / 20, Goal: GoalEntryPerItem})
	r.Rows = append(r.Rows, extra...)
	for i := range r.Rows {
		r.Rows[i].ETH = float64(r.Rows[i].Gas) * gwei / 1e9
	}
	return r, nil
}

// FromTransactions sums a transcript's transactions by action, keeping the first of each action
// and adding the four-step access round as its own row.
func FromTransactions(txs []*client.Tx) []Row {
	seen := map[string]bool{}
	var rows []Row
	round := map[string]uint64{}
	for _, tx := range txs {
		if tx == nil {
			continue
		}
		switch {
		case tx.Action == "request access", tx.Action == "grant access", tx.Action == "get access", strings.HasPrefix(tx.Action, "fulfil"):
			if _, ok := round[tx.Action]; !ok {
				round[tx.Action] = tx.GasUsed
			}
		}
		if seen[tx.Action] || tx.GasUsed == 0 {
			continue
		}
		seen[tx.Action] = true
		rows = append(rows, Row{Operation: tx.Action, Gas: tx.GasUsed})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Operation < rows[j].Operation })
	if len(round) == 4 {
		var total uint64
		for _, g := range round {
			total += g
		}
		rows = append(rows, Row{Operation: "access round total (request + grant + get-access + fulfil)", Gas: total})
	}
	return rows
}

func syntheticEntries(n int) (labels, values [][32]byte) {
	for i := 0; i < n; i++ {
		var seed [8]byte
		binary.BigEndian.PutUint64(seed[:], uint64(i))
		labels = append(labels, sha256.Sum256(append([]byte("label"), seed[:]...)))
		values = append(values, sha256.Sum256(append([]byte("value"), seed[:]...)))
	}
	return labels, values
}

// Write prints the report as a table, or as Markdown.
func (r *Report) Write(w io.Writer, markdown bool) error {
	cells := func(row Row) []string {
		per, items, paper, goal := "", "", "", ""
		if row.Items > 0 {
			per, items = fmt.Sprint(row.PerItem), fmt.Sprint(row.Items)
		}
		if row.Paper > 0 {
			paper = fmt.Sprint(row.Paper)
		}
		if row.Goal > 0 {
			v := row.Gas
			if row.Items > 0 {
				v = row.PerItem
			}
			met := "met"
			if v > row.Goal {
				met = "MISSED"
			}
			goal = fmt.Sprintf("≤ %d (%s)", row.Goal, met)
		}
		eth := new(big.Float).SetFloat64(row.ETH).Text('f', 9)
		return []string{row.Operation, fmt.Sprint(row.Gas), items, per, paper, goal, eth}
	}
	head := []string{"operation", "gas", "batch", "gas/item", "seed 001 Table 5", "goal", fmt.Sprintf("ETH at %g gwei", r.GasPriceGwei)}
	if markdown {
		fmt.Fprintf(w, "| %s |\n|%s\n", strings.Join(head, " | "), strings.Repeat("---|", len(head)))
		for _, row := range r.Rows {
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells(row), " | "))
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, strings.Join(head, "\t")+"\t")
	for _, row := range r.Rows {
		fmt.Fprintln(tw, strings.Join(cells(row), "\t")+"\t")
	}
	return tw.Flush()
}
