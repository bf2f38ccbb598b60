package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

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
			defer sys.Close(s.ctx)
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
	fmt.Fprintf(w, "\n%d. %s [%s] (%s)\n", st.Number, st.Title, st.Actor, mark)
	for _, tx := range st.Txs {
		fmt.Fprintf(w, "   tx  %-34s %s  gas %7d  by %s\n", tx.Action, tx.Hash.Hex(), tx.GasUsed, tx.From)
	}
	for _, n := range st.Notes {
		fmt.Fprintf(w, "   ·   %s\n", n)
	}
	if st.Expected != "" && st.OK {
		fmt.Fprintf(w, "   ✓   refused as expected: %s\n", st.Expected)
	}
	if st.Error != "" {
		fmt.Fprintf(w, "   ✗   %s\n", strings.TrimSpace(st.Error))
	}
}
