package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/gasreport"
	"github.com/emrchain/emrchain/mdsplice"
)

func gasCommand() *cli.Command {
	return &cli.Command{
		Name:  "gas",
		Usage: "gas cost reports",
		Subcommands: []*cli.Command{{
			Name:  "report",
			Usage: "run the demo's scenario on the simulated chain and print gas per operation beside seed 001's Table 5",
			Description: "Gas is each transaction's receipt gas (the 21,000 intrinsic gas and calldata included, as in " +
				"the paper), on the simulated chain running mainnet's current fork rules.\n\n" +
				"--readme FILE rewrites the table between FILE's `<!-- begin generated: gas -->` and " +
				"`<!-- end generated: gas -->` lines, dated; --check FILE instead fails if that table differs " +
				"from a fresh report (a row's gas may differ only by 12 per zero byte its random calldata drew).",
			Flags: []cli.Flag{
				&cli.Float64Flag{Name: "gwei", Value: gasreport.ReadmeGwei, Usage: "gas price in `GWEI` for the ETH column (seed 001 used 1)", EnvVars: []string{envPrefix + "GAS_GWEI"}},
				&cli.BoolFlag{Name: "markdown", Usage: "print the table as Markdown"},
				wideFlag(),
				&cli.StringFlag{Name: "readme", Usage: "write the Markdown table, dated, into the generated gas block of `FILE` (README.md)"},
				&cli.StringFlag{Name: "check", Usage: "compare the generated gas block of `FILE` with a fresh report; exit non-zero if it drifted"},
			},
			Action: action(func(s *session) error {
				readme, check := s.c.String("readme"), s.c.String("check")
				if readme != "" && check != "" {
					return usageErrorf("--readme and --check are exclusive")
				}
				if (readme != "" || check != "") && s.c.Float64("gwei") != gasreport.ReadmeGwei {
					return usageErrorf("the README's table is priced at %d gwei, as seed 001's; leave out --gwei", gasreport.ReadmeGwei)
				}
				// Read the file before spending a minute on the report, so a wrong path fails at once.
				var doc []byte
				for _, path := range []string{readme, check} {
					if path == "" {
						continue
					}
					var err error
					if doc, err = os.ReadFile(path); err != nil {
						return err
					}
					if _, err := mdsplice.Block(doc, gasreport.ReadmeBlock); err != nil {
						return fmt.Errorf("%s: %w", path, err)
					}
				}
				rep, err := gasreport.Run(s.ctx, gasreport.Config{Gwei: s.c.Float64("gwei"), Log: serviceLog(s)})
				if err != nil {
					return err
				}
				switch {
				case check != "":
					if err := gasreport.CheckREADME(doc, rep); err != nil {
						return fmt.Errorf("%s: %w", check, err)
					}
					fmt.Fprintf(s.out.w, "%s: the gas table matches a fresh report\n", check)
					return nil
				case readme != "":
					// Figures that agree with the README's (up to the calldata's zero bytes) are
					// left as they are, so regenerating after an unrelated change rewrites nothing.
					if gasreport.CheckREADME(doc, rep) == nil {
						fmt.Fprintf(s.stderr, "%s: the gas table already matches a fresh report; left as it is\n", readme)
						return nil
					}
					if err := mdsplice.ReplaceFile(readme, gasreport.ReadmeBlock, rep.README(gasreport.Stamp(time.Now()))); err != nil {
						return err
					}
					fmt.Fprintf(s.stderr, "wrote the gas table into %s\n", readme)
					return nil
				case s.out.json:
					enc := json.NewEncoder(s.out.w)
					enc.SetIndent("", "  ")
					return enc.Encode(rep)
				}
				if s.c.Bool("markdown") {
					return rep.WriteMarkdown(s.out.w)
				}
				return rep.WriteText(s.out.w, tableWidth(s))
			}),
		}},
	}
}
