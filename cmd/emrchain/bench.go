package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/bench"
)

func benchCommand() *cli.Command {
	var names []string
	for _, s := range bench.All() {
		names = append(names, s.Name)
	}
	return &cli.Command{
		Name:  "bench",
		Usage: "print the project's benchmark report: every figure beside the paper, peer and goal it is compared to",
		Description: "All suites run one after another in this process on this machine, so the figures compare " +
			"side by side. Storage rows for Kubo appear when EMRCHAIN_KUBO_API points at a running node.",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "only", Usage: "run only these suites: " + strings.Join(names, ", ")},
			&cli.BoolFlag{Name: "quick", Usage: "fewer iterations and smaller sizes (a smoke test, not a measurement)"},
			&cli.BoolFlag{Name: "markdown", Usage: "print the report as Markdown"},
		},
		Action: action(func(s *session) error {
			rows, runErr := bench.Run(s.ctx, bench.Config{Quick: s.c.Bool("quick")}, s.c.StringSlice("only"), func(name string) {
				fmt.Fprintf(s.stderr, "running %s benchmarks…\n", name)
			})
			if runErr != nil && !errors.Is(runErr, bench.ErrSuiteFailed) {
				return runErr
			}
			// The suites that finished are printed even when another failed; the failure is a
			// row of the report and the exit status.
			var err error
			switch {
			case s.out.json:
				enc := json.NewEncoder(s.out.w)
				enc.SetIndent("", "  ")
				err = enc.Encode(rows)
			case s.c.Bool("markdown"):
				err = bench.WriteMarkdown(s.out.w, rows)
			default:
				err = bench.Write(s.out.w, rows)
			}
			return errors.Join(runErr, err)
		}),
	}
}
