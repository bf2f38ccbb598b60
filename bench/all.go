package bench

import (
	"context"
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
		{"webhook", Webhook},
	}
}

// Run runs the named suites (all when names is empty) one after another, so no two compete for
// the machine, and returns their rows in order.
func Run(ctx context.Context, cfg Config, names []string, progress func(name string)) ([]Measurement, error) {
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	known := map[string]bool{}
	var rows []Measurement
	for _, s := range All() {
		known[s.Name] = true
		if len(want) > 0 && !want[s.Name] {
			continue
		}
		if progress != nil {
			progress(s.Name)
		}
		r, err := s.Suite(ctx, cfg)
		if err != nil {
			return rows, fmt.Errorf("benchmark %s: %w", s.Name, err)
		}
		rows = append(rows, r...)
	}
	for n := range want {
		if !known[n] {
			return nil, fmt.Errorf("unknown benchmark suite %q", n)
		}
	}
	return rows, nil
}
