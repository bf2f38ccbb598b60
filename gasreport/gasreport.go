// Package gasreport measures what emrchain's operations cost as real transactions on the
// simulated chain (receipt gas, so the 21,000 intrinsic gas and calldata are included, as in
// seed 001's Table 5), and prints them beside the paper's figures with their price in ETH.
//
// Receipt gas depends a little on the values the scenario draws at random (hashes, CIDs,
// ciphertexts in calldata): a zero calldata byte costs 4 gas and any other byte 16. Each row
// therefore records its calldata's length and zero bytes, and two reports are the same when
// every row's gas agrees once every calldata byte is priced alike (see Row.Fixed).
package gasreport

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/big"
	mrand "math/rand/v2"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/dustin/go-humanize"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/demo"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/internal/texttable"
	"github.com/emrchain/emrchain/simulated"
)

// Row is one operation's gas.
type Row struct {
	Operation string `json:"operation"`
	Gas       uint64 `json:"gas"`
	PerItem   uint64 `json:"perItem,omitempty"` // amortized over a batch
	Items     int    `json:"items,omitempty"`
	Paper     uint64 `json:"paper,omitempty"` // seed 001 Table 5, a published figure
	Goal      uint64 `json:"goal,omitempty"`  // the project's gas target, on Gas or PerItem
	// Calldata and ZeroBytes describe the transactions' input (summed over the transactions of
	// a row that adds several); both are 0 for a design row.
	Calldata  int `json:"calldataBytes,omitempty"`
	ZeroBytes int `json:"calldataZeroBytes,omitempty"`
	// Design, when set, says why the row's gas is a fact of the design rather than a
	// measurement: no transaction was sent for it.
	Design string  `json:"design,omitempty"`
	ETH    float64 `json:"eth"`
}

// Fixed is the row's gas with every calldata byte priced as a non-zero byte (16 gas instead
// of a zero byte's 4): what stays the same from run to run when the scenario's random values
// happen to contain more or fewer zero bytes.
func (r Row) Fixed() uint64 { return r.Gas + 12*uint64(r.ZeroBytes) }

// Met reports whether the row meets its goal; ok is false when it has none.
func (r Row) Met() (met, ok bool) {
	if r.Goal == 0 {
		return false, false
	}
	v := r.Gas
	if r.Items > 0 {
		v = r.PerItem
	}
	return v <= r.Goal, true
}

// Report is the measured table.
type Report struct {
	GasPriceGwei float64 `json:"gasPriceGwei"`
	Rows         []Row   `json:"rows"`
}

// Seed 001 Table 5 (1 gwei) and the project's gas targets.
const (
	PaperDeploy       = 154_455
	PaperAddRequester = 47_869
	GoalBatchPerReq   = 26_000
	GoalEntryPerItem  = 30_000
	// SingleProxyRound is the access round of the single-proxy design (request, grant,
	// get-access, the oracle's fulfil), and GoalCommitteeRound the trust model's goal for the
	// round answered by a 2-of-3 committee: at most 1.5 times as much.
	SingleProxyRound   = 390_824
	GoalCommitteeRound = SingleProxyRound * 3 / 2
)

// scenarioSeed seeds the scenario's randomness (see Run).
var scenarioSeed = [32]byte{'e', 'm', 'r', 'c', 'h', 'a', 'i', 'n', ' ', 'g', 'a', 's'}

// TxSource returns a mined transaction, for its calldata.
type TxSource interface {
	TransactionByHash(ctx context.Context, hash common.Hash) (*types.Transaction, bool, error)
}

// Config of a report run.
type Config struct {
	// Gwei is the gas price of the ETH column.
	Gwei float64
	// Log receives the in-process oracle's and indexer's logs; the zero value discards them.
	Log zerolog.Logger
}

// Run starts the in-process system (the simulated chain at mainnet's fork rules, IPFS, the
// oracle and the indexer), plays the demo's story on it, measures the seed-comparable
// operations beside it and returns the report: what `emrchain gas report` prints.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	sys, err := simulated.StartSystem(ctx, simulated.SystemConfig{Log: cfg.Log, Reproducible: true})
	if err != nil {
		return nil, fmt.Errorf("start the in-process system: %w", err)
	}
	defer sys.Close(context.Background())
	// The scenario's own random values (data keys, nonces, capsules) come from a fixed stream:
	// they end up in calldata and in the signed digests, and a signature's recovery id changes
	// what its check costs by a few gas, so fresh randomness would move rows from run to run.
	sys.Env.Rand = mrand.NewChaCha8(scenarioSeed)
	tr, err := demo.OnSystem(ctx, sys, nil)
	if err != nil {
		return nil, fmt.Errorf("run the scenario: %w", err)
	}
	var txs []*client.Tx
	for _, st := range tr.Steps {
		txs = append(txs, st.Txs...)
	}
	extra, err := FromTransactions(ctx, sys.Chain.Client, txs)
	if err != nil {
		return nil, err
	}
	var requesters []common.Address
	for i := 0; i < 21; i++ {
		requesters = append(requesters, simulated.DevAccount(fmt.Sprintf("gas-report/requester/%d", i)).Address)
	}
	return Measure(ctx, sys.Env, sys.Chain.Client, sys.Manifest, sys.Identity("patient"), requesters, extra, cfg.Gwei)
}

// calldata fills row's calldata figures from the transactions with the given hashes.
func calldata(ctx context.Context, src TxSource, row *Row, hashes ...common.Hash) error {
	for _, h := range hashes {
		tx, _, err := src.TransactionByHash(ctx, h)
		if err != nil {
			return fmt.Errorf("%s: transaction %s: %w", row.Operation, h.Hex(), err)
		}
		for _, b := range tx.Data() {
			if b == 0 {
				row.ZeroBytes++
			}
		}
		row.Calldata += len(tx.Data())
	}
	return nil
}

// Measure runs the seed-comparable operations as patient on env (deployed per m) and adds them to
// the rows already measured (for example the demo's transactions).
func Measure(ctx context.Context, env *client.Env, src TxSource, m *deploy.Manifest, patient *client.Identity, requesters []common.Address, extra []Row, gwei float64) (*Report, error) {
	r := &Report{GasPriceGwei: gwei}
	var deployTxs []common.Hash
	for _, name := range deploy.Order {
		d := m.Contracts[name]
		row := Row{Operation: "deploy " + name, Gas: d.GasUsed}
		if name == deploy.KeywordIndex {
			row.Paper = PaperDeploy
		}
		if err := calldata(ctx, src, &row, d.TxHash); err != nil {
			return nil, err
		}
		deployTxs = append(deployTxs, d.TxHash)
		r.Rows = append(r.Rows, row)
	}
	all := Row{Operation: fmt.Sprintf("deploy all %d contracts", len(deploy.Order)), Gas: m.TotalGas()}
	if err := calldata(ctx, src, &all, deployTxs...); err != nil {
		return nil, err
	}
	r.Rows = append(r.Rows, all)
	r.Rows = append(r.Rows, Row{Operation: "open a patient's keyword index", Gas: 0, Paper: PaperDeploy,
		Design: "one KeywordIndex keys every patient's index by owner, so nothing is deployed"})

	if len(requesters) < 21 {
		return nil, fmt.Errorf("need 21 requester addresses, got %d", len(requesters))
	}
	add := func(row Row, tx *client.Tx) error {
		if err := calldata(ctx, src, &row, tx.Hash); err != nil {
			return err
		}
		r.Rows = append(r.Rows, row)
		return nil
	}
	tx, err := env.AddRequesters(ctx, patient, requesters[0])
	if err != nil {
		return nil, err
	}
	if err := add(Row{Operation: "addRequester (one)", Gas: tx.GasUsed, Paper: PaperAddRequester, Goal: PaperAddRequester}, tx); err != nil {
		return nil, err
	}
	tx, err = env.AddRequesters(ctx, patient, requesters[1:21]...)
	if err != nil {
		return nil, err
	}
	if err := add(Row{Operation: "addRequesters (batch of 20)", Gas: tx.GasUsed, Items: 20, Goal: GoalBatchPerReq}, tx); err != nil {
		return nil, err
	}

	labels, values := syntheticEntries(20)
	tx, err = env.AddEntries(ctx, patient, labels, values)
	if err != nil {
		return nil, err
	}
	if err := add(Row{Operation: "addEntries (batch of 20 index entries)", Gas: tx.GasUsed, Items: 20, Goal: GoalEntryPerItem}, tx); err != nil {
		return nil, err
	}
	r.Rows = append(r.Rows, extra...)
	r.finish()
	return r, nil
}

// finish derives each row's per-item gas and price from its gas.
func (r *Report) finish() {
	for i := range r.Rows {
		row := &r.Rows[i]
		if row.Items > 0 {
			row.PerItem = row.Gas / uint64(row.Items)
		}
		row.ETH = float64(row.Gas) * r.GasPriceGwei / 1e9
	}
}

// FromTransactions sums a transcript's transactions by action, keeping the first of each action
// and adding the access round as its own row: request, grant, get-access, and the commit and
// reveal of each member whose fragment was combined (the demo's transcript names those); and the
// break-glass care read's round the same way: its request and its members' commits and reveals.
func FromTransactions(ctx context.Context, src TxSource, txs []*client.Tx) ([]Row, error) {
	seen := map[string]bool{}
	var rows []Row
	round := map[string]*client.Tx{}
	var members, care []*client.Tx
	for _, tx := range txs {
		if tx == nil {
			continue
		}
		switch {
		case tx.Action == "request access", strings.HasPrefix(tx.Action, "grant access"), tx.Action == "get access":
			key := tx.Action
			if strings.HasPrefix(key, "grant access") {
				key = "grant access"
			}
			if _, ok := round[key]; !ok {
				round[key] = tx
			}
		case tx.Action == demo.ActionCommit, tx.Action == demo.ActionReveal:
			members = append(members, tx)
		case tx.Action == client.ActionCareRead && len(care) == 0:
			care = append(care, tx)
		case (tx.Action == demo.ActionCareCommit || tx.Action == demo.ActionCareReveal) && len(care) > 0:
			care = append(care, tx)
		}
		if seen[tx.Action] || tx.GasUsed == 0 {
			continue
		}
		seen[tx.Action] = true
		row := Row{Operation: tx.Action, Gas: tx.GasUsed}
		if err := calldata(ctx, src, &row, tx.Hash); err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Operation < rows[j].Operation })
	if len(round) == 3 && len(members) > 0 {
		total := Row{Operation: fmt.Sprintf("access round total (request + grant + get-access + %d commits + %d reveals)", len(members)/2, (len(members)+1)/2),
			Goal: GoalCommitteeRound}
		var hashes []common.Hash
		for _, tx := range append([]*client.Tx{round["request access"], round["grant access"], round["get access"]}, members...) {
			total.Gas += tx.GasUsed
			hashes = append(hashes, tx.Hash)
		}
		if err := calldata(ctx, src, &total, hashes...); err != nil {
			return nil, err
		}
		rows = append(rows, total)
	}
	if len(care) > 1 {
		total := Row{Operation: fmt.Sprintf("care read round total (request + %d commits + %d reveals)", (len(care)-1)/2, len(care)/2)}
		var hashes []common.Hash
		for _, tx := range care {
			total.Gas += tx.GasUsed
			hashes = append(hashes, tx.Hash)
		}
		if err := calldata(ctx, src, &total, hashes...); err != nil {
			return nil, err
		}
		rows = append(rows, total)
	}
	return rows, nil
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

// cells renders a row; comma selects thousands separators (the Markdown table) or plain
// numbers (the terminal's, easier to copy).
func (r *Report) cells(row Row, comma bool) []string {
	num := func(v uint64) string {
		if comma {
			return humanize.Comma(int64(v))
		}
		return fmt.Sprint(v)
	}
	op, gas, data, per, paper, goal := row.Operation, num(row.Gas), "", "", "", ""
	if row.Design != "" {
		op += " (design fact, not a measurement: " + row.Design + ")"
	} else {
		data = fmt.Sprintf("%s (%s zero)", num(uint64(row.Calldata)), num(uint64(row.ZeroBytes)))
	}
	if row.Items > 0 {
		per = fmt.Sprintf("%s (of %d)", num(row.PerItem), row.Items)
	}
	if row.Paper > 0 {
		paper = num(row.Paper)
	}
	if met, ok := row.Met(); ok {
		verdict := "met"
		if !met {
			verdict = "MISSED"
		}
		goal = fmt.Sprintf("≤ %s (%s)", num(row.Goal), verdict)
	}
	eth := new(big.Float).SetFloat64(row.ETH).Text('f', 9)
	return []string{op, gas, data, per, paper, goal, eth}
}

func (r *Report) head() []string {
	return []string{"operation", "gas", "calldata bytes", "gas per item", "seed 001 Table 5 (published)", "goal", fmt.Sprintf("ETH at %g gwei", r.GasPriceGwei)}
}

// Summary is one sentence on the goals: how many the table meets, and which it misses.
func (r *Report) Summary() string {
	var goals, met int
	var missed []string
	for _, row := range r.Rows {
		ok, has := row.Met()
		if !has {
			continue
		}
		goals++
		if ok {
			met++
			continue
		}
		v, what := row.Gas, ""
		if row.Items > 0 {
			v, what = row.PerItem, " per item"
		}
		missed = append(missed, fmt.Sprintf("%s, %s gas%s against ≤ %s", row.Operation, humanize.Comma(int64(v)), what, humanize.Comma(int64(row.Goal))))
	}
	s := fmt.Sprintf("Gas goals: %d of %d met", met, goals)
	if len(missed) > 0 {
		s += "; missed: " + strings.Join(missed, "; ")
	}
	return s + "."
}

// WriteMarkdown prints the report as a Markdown table followed by the goals' summary.
func (r *Report) WriteMarkdown(w io.Writer) error {
	head := r.head()
	fmt.Fprintf(w, "| %s |\n|---|%s\n", strings.Join(head, " | "), strings.Repeat("---:|", len(head)-1))
	for _, row := range r.Rows {
		cells := r.cells(row, true)
		for i := range cells {
			cells[i] = strings.ReplaceAll(cells[i], "|", "\\|")
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
	_, err := fmt.Fprintf(w, "\n%s\n", r.Summary())
	return err
}

// Write prints the report as a table, every column on one line per row, or as Markdown.
func (r *Report) Write(w io.Writer, markdown bool) error {
	if markdown {
		return r.WriteMarkdown(w)
	}
	return r.WriteText(w, 0)
}

// WriteText prints the report as a table for a terminal width columns wide (0: any width), the
// operations left-aligned and the numbers right-aligned. Where the table is too wide, the
// columns only some rows fill (a design fact's note, the goal, the published figure, gas per
// item) move under their row, in that order.
func (r *Report) WriteText(w io.Writer, width int) error {
	head := r.head()
	t := texttable.Table{Columns: []texttable.Column{
		{Name: head[0]},
		{Name: head[1], Right: true},
		{Name: head[2], Right: true},
		{Name: head[3], Right: true, Fold: true},
		{Name: head[4], Right: true, Fold: true},
		{Name: head[5], Right: true, Fold: true},
		{Name: head[6], Short: fmt.Sprintf("ETH, %g gwei", r.GasPriceGwei), Right: true},
		{Name: "note", Fold: true},
	}}
	for _, row := range r.Rows {
		note := ""
		if row.Design != "" {
			// The note goes in its own column rather than after the operation's name, where
			// cells puts it for the README.
			note = "design fact, not a measurement: " + row.Design
			row.Design = ""
		}
		cells := r.cells(row, false)
		if note != "" {
			cells[2] = ""
		}
		t.Rows = append(t.Rows, append(cells, note))
	}
	if err := t.Write(w, width); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, wrapText(r.Summary(), width))
	return err
}

// wrapText breaks a paragraph at spaces into lines of at most width (0: one line).
func wrapText(s string, width int) string {
	if width <= 0 {
		return s
	}
	var b strings.Builder
	col := 0
	for i, word := range strings.Fields(s) {
		n := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteByte('\n')
			col = 0
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}
