package bench

import (
	"context"
	"errors"
	"fmt"
)

// Named is a suite with the name `emrchain bench --only` selects it by.
type Named struct {
	Name  string
	Suite Suite
}

// All lists every suite of the project's benchmark report, in report order.
func All() []Named {
	return []Named{
		{"cpabe", CPABE},
		{"pre", PRE},
		{"tpre", TPRE},
		{"envelope", Envelope},
		{"storage", Storage},
		{"records", Records},
		{"indexer", Indexer},
		{"oracle", Oracle},
		{"faults", ChainFaults},
		{"webhook", Webhook},
	}
}

// ErrSuiteFailed marks the error Run returns when one or more suites failed; their rows say why.
var ErrSuiteFailed = errors.New("benchmark suite failed")

// Run runs the named suites (all when names is empty) one after another, so no two compete for
// the machine, and returns their rows in order. A suite that fails does not stop the others: its
// rows measured before the failure are kept, a row marked Failed records the error, and Run
// returns every row together with an error wrapping ErrSuiteFailed, so the report still shows
// everything that was measured.
func Run(ctx context.Context, cfg Config, names []string, progress func(name string)) ([]Measurement, error) {
	return run(ctx, cfg, All(), names, progress)
}

func run(ctx context.Context, cfg Config, suites []Named, names []string, progress func(name string)) ([]Measurement, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	known := map[string]bool{}
	for _, s := range suites {
		known[s.Name] = true
	}
	for n := range want {
		if !known[n] {
			return nil, fmt.Errorf("unknown benchmark suite %q", n)
		}
	}
	var rows []Measurement
	var failed []error
	for _, s := range suites {
		if len(want) > 0 && !want[s.Name] {
			continue
		}
		if ctx.Err() != nil {
			failed = append(failed, fmt.Errorf("%s: not run: %w", s.Name, ctx.Err()))
			continue
		}
		if progress != nil {
			progress(s.Name)
		}
		r, err := s.Suite(ctx, cfg)
		rows = append(rows, r...)
		if err != nil {
			section := s.Name
			if len(r) > 0 {
				section = r[len(r)-1].Section
			}
			rows = append(rows, Measurement{Section: section, Name: s.Name + " suite", Failed: err.Error()})
			failed = append(failed, fmt.Errorf("%s: %w", s.Name, err))
		}
	}
	if len(failed) > 0 {
		return rows, fmt.Errorf("%w: %w", ErrSuiteFailed, errors.Join(failed...))
	}
	return rows, nil
}
