package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/bench"
	"github.com/emrchain/emrchain/mdsplice"
)

func benchCommand() *cli.Command {
	var names []string
	for _, s := range bench.All() {
		names = append(names, s.Name)
	}
	return &cli.Command{
		Name:  "bench",
		Usage: "print the project's benchmark report: every figure beside the peers measured in the same run and the goal it is compared to",
		Description: "All suites run one after another in this process on this machine, so the figures compare " +
			"side by side. Storage rows for Kubo appear when EMRCHAIN_KUBO_API points at a running node, PostgreSQL " +
			"rows with EMRCHAIN_TEST_POSTGRES, anvil rows with EMRCHAIN_ANVIL_BIN; scripts/bench.sh starts all three.\n\n" +
			"--readme FILE runs every suite and writes the run, dated and with the machine it ran on, between FILE's " +
			"`<!-- begin generated: bench -->` and `<!-- end generated: bench -->` lines, and the run itself to " +
			bench.RecordPath + " beside FILE (--record); a suite that fails is a FAILED row and a non-zero exit, the " +
			"others are still written. --from FILE renders a recorded run instead of measuring.",
		Flags: []cli.Flag{
			&cli.StringSliceFlag{Name: "only", Usage: "run only these suites: " + strings.Join(names, ", ")},
			&cli.BoolFlag{Name: "quick", Usage: "fewer iterations and smaller sizes (a smoke test, not a measurement)"},
			&cli.BoolFlag{Name: "markdown", Usage: "print the report as Markdown, as the README shows it"},
			&cli.StringFlag{Name: "readme", Usage: "run every suite and write the report into the generated bench block of `FILE` (README.md)"},
			&cli.StringFlag{Name: "record", Usage: "with --readme, save the run as JSON in `FILE`", DefaultText: "<the README's directory>/" + bench.RecordPath},
			&cli.StringFlag{Name: "from", Usage: "render the run recorded in `FILE` instead of measuring"},
			wideFlag(),
		},
		Action: action(func(s *session) error {
			readme, from := s.c.String("readme"), s.c.String("from")
			if readme != "" && from == "" && (len(s.c.StringSlice("only")) > 0 || s.c.Bool("quick")) {
				return usageErrorf("--readme shows one full run: leave out --only and --quick")
			}
			if from != "" && (len(s.c.StringSlice("only")) > 0 || s.c.Bool("quick") || s.c.IsSet("record")) {
				return usageErrorf("--from renders a recorded run: --only, --quick and --record do not apply")
			}
			record := s.c.String("record")
			if readme != "" {
				// Fail before a long run, not after it.
				doc, err := os.ReadFile(readme)
				if err != nil {
					return err
				}
				if _, err := mdsplice.Block(doc, bench.ReadmeBlock); err != nil {
					return fmt.Errorf("%s: %w", readme, err)
				}
				if record == "" {
					record = filepath.Join(filepath.Dir(readme), bench.RecordPath)
				}
				if _, err := os.Stat(filepath.Dir(record)); err != nil {
					return fmt.Errorf("--record: %w", err)
				}
			}

			var rec *bench.Record
			var runErr error
			if from != "" {
				var err error
				if rec, err = bench.ReadRecord(from); err != nil {
					return err
				}
			} else {
				progress := newBenchProgress(s.stderr, s.out.json, benchSuites(s.c.StringSlice("only")), benchHistoryPath(s))
				rec, runErr = bench.RunRecord(s.ctx, bench.Config{Quick: s.c.Bool("quick")}, s.c.StringSlice("only"), commandLine(), progress.start)
				progress.finish()
				if runErr != nil && !errors.Is(runErr, bench.ErrSuiteFailed) {
					return runErr
				}
			}
			// The suites that finished are written even when another failed; the failure is a row
			// of the report and the exit status.
			var err error
			switch {
			case readme != "":
				if from == "" {
					if err = rec.WriteRecord(record); err != nil {
						return errors.Join(runErr, err)
					}
					fmt.Fprintf(s.stderr, "saved the run in %s\n", record)
				}
				if err = mdsplice.ReplaceFile(readme, bench.ReadmeBlock, rec.README()); err == nil {
					fmt.Fprintf(s.stderr, "wrote the report into %s\n%s\n", readme, bench.Summary(rec.Rows))
				}
			case s.out.json:
				enc := json.NewEncoder(s.out.w)
				enc.SetIndent("", "  ")
				err = enc.Encode(rec)
			case s.c.Bool("markdown"):
				_, err = s.out.w.Write(rec.README())
			default:
				if err = bench.WriteText(s.out.w, rec.Rows, tableWidth(s)); err == nil {
					_, err = fmt.Fprint(s.out.w, "\n"+wrapText("", strings.ReplaceAll(bench.Summary(rec.Rows), "**", ""), 0, tableWidth(s)))
				}
			}
			return errors.Join(runErr, err)
		}),
	}
}

// benchSuites are the suites a run with --only names will run, in the order it runs them.
func benchSuites(only []string) []string {
	var names []string
	for _, s := range bench.All() {
		if len(only) == 0 || slices.Contains(only, s.Name) {
			names = append(names, s.Name)
		}
	}
	return names
}

// benchHistoryPath keeps each suite's last duration on this machine, for the next estimate; a
// --quick run's apart from a full one's.
func benchHistoryPath(s *session) string {
	name := "durations.json"
	if s.c.Bool("quick") {
		name = "durations-quick.json"
	}
	return filepath.Join(dataDir(s.c), "bench", name)
}

// commandLine is this process's command as a user would type it, for a report's stamp.
func commandLine() string {
	args := []string{"emrchain"}
	for _, a := range os.Args[1:] {
		if a == "" || strings.ContainsAny(a, " \t\"'`$\\") {
			a = strconv.Quote(a)
		}
		args = append(args, a)
	}
	return strings.Join(args, " ")
}
