package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/demo"
	"github.com/emrchain/emrchain/simulated"
)

// errStoryFailed makes `emrchain demo` exit non-zero when a step did not go as the story says.
var errStoryFailed = errors.New("the demo did not complete")

func demoCommand() *cli.Command {
	return &cli.Command{
		Name:  "demo",
		Usage: "run the end-to-end story on the embedded default (in-process chain, IPFS, oracle, indexer)",
		Description: "Enrols a cast, seals and co-signs a record, has an insurer read it through CP-ABE, a researcher " +
			"fail, a doctor at another hospital read it through proxy re-encryption, the patient revoke, the " +
			"doctor update the record, and prints the patient's audit timeline verified against the chain. " +
			"With --json it prints a machine-readable transcript.",
		Action: action(func(s *session) error {
			sys, err := simulated.StartSystem(s.ctx, simulated.SystemConfig{Log: serviceLog(s)})
			if err != nil {
				return fmt.Errorf("start the in-process system: %w", err)
			}
			defer sys.Close(context.WithoutCancel(s.ctx))
			var rep demo.Reporter
			if !s.out.json {
				fmt.Fprintf(s.out.w, "emrchain demo: chain %d, contracts from block %d, data in %s\n",
					sys.Manifest.ChainID, sys.Manifest.DeploymentBlock, sys.DataDir)
				rep = func(st *demo.Step) { printStep(s.out.w, st) }
			}
			tr, runErr := demo.OnSystem(s.ctx, sys, rep)
			if s.out.json {
				enc := json.NewEncoder(s.out.w)
				enc.SetIndent("", "  ")
				if err := enc.Encode(tr); err != nil {
					return err
				}
			} else if len(tr.Timeline) > 0 {
				fmt.Fprintf(s.out.w, "\nthe patient's audit timeline (%d entries verified against the chain):\n", tr.Verified)
				for _, l := range tr.Timeline {
					fmt.Fprintf(s.out.w, "  %s\n", l)
				}
			}
			if runErr != nil {
				return fmt.Errorf("%w: %v", errStoryFailed, runErr)
			}
			return nil
		}),
	}
}

// serviceLog keeps the in-process services to warnings, so their logs don't bury the story;
// --log-level debug shows everything.
func serviceLog(s *session) zerolog.Logger {
	if s.log.GetLevel() <= zerolog.DebugLevel {
		return s.log
	}
	return s.log.Level(zerolog.WarnLevel)
}

func printStep(w io.Writer, st *demo.Step) {
	mark := "ok"
	if !st.OK {
		mark = "FAILED"
	}
	// Every line fits outputWidth columns: a transaction's hash goes on a line of its own, and
	// titles and notes wrap under themselves.
	fmt.Fprint(w, "\n"+wrapText("", fmt.Sprintf("%d. %s [%s] (%s)", st.Number, st.Title, st.Actor, mark), 3, outputWidth))
	for _, tx := range st.Txs {
		fmt.Fprintf(w, "   tx  %-36s gas %7d  by %s\n       %s\n", tx.Action, tx.GasUsed, tx.From, tx.Hash.Hex())
	}
	for _, n := range st.Notes {
		fmt.Fprint(w, wrapText("   ·   ", n, 7, outputWidth))
	}
	if st.Expected != "" && st.OK {
		fmt.Fprint(w, wrapText("   ✓   ", "refused as expected: "+st.Expected, 7, outputWidth))
	}
	if st.Error != "" {
		fmt.Fprint(w, wrapText("   ✗   ", st.Error, 7, outputWidth))
	}
}
