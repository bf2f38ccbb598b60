package main

import (
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/demo"
	"github.com/emrchain/emrchain/gasreport"
	"github.com/emrchain/emrchain/simulated"
)

func gasCommand() *cli.Command {
	return &cli.Command{
		Name:  "gas",
		Usage: "gas cost reports",
		Subcommands: []*cli.Command{{
			Name:  "report",
			Usage: "run the demo's scenario on the simulated chain and print gas per operation beside seed 001's Table 5",
			Description: "Gas is each transaction's receipt gas (the 21,000 intrinsic gas and calldata included, as in " +
				"the paper), on the simulated chain running mainnet's current fork rules.",
			Flags: []cli.Flag{
				&cli.Float64Flag{Name: "gwei", Value: 1, Usage: "gas price in `GWEI` for the ETH column (seed 001 used 1)"},
				&cli.BoolFlag{Name: "markdown", Usage: "print the table as Markdown"},
			},
			Action: action(func(s *session) error {
				sys, err := simulated.StartSystem(s.ctx, simulated.SystemConfig{Log: serviceLog(s)})
				if err != nil {
					return fmt.Errorf("start the in-process system: %w", err)
				}
				defer sys.Close(s.ctx)
				tr, err := demo.OnSystem(s.ctx, sys, nil)
				if err != nil {
					return fmt.Errorf("run the scenario: %w", err)
				}
				var txs []*client.Tx
				for _, st := range tr.Steps {
					txs = append(txs, st.Txs...)
				}
				var requesters []common.Address
				for i := 0; i < 21; i++ {
					requesters = append(requesters, simulated.DevAccount(fmt.Sprintf("gas-report/requester/%d", i)).Address)
				}
				rep, err := gasreport.Measure(s.ctx, sys.Env, sys.Manifest, sys.Identity("patient"), requesters,
					gasreport.FromTransactions(txs), s.c.Float64("gwei"))
				if err != nil {
					return err
				}
				if s.out.json {
					enc := json.NewEncoder(s.out.w)
					enc.SetIndent("", "  ")
					return enc.Encode(rep)
				}
				return rep.Write(s.out.w, s.c.Bool("markdown"))
			}),
		}},
	}
}
