package bench

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
)

// TestRunKeepsOtherSuitesWhenOneFails: a suite that fails keeps the rows it measured before
// failing, gets a row marked failed, and the suites after it still run and report.
func TestRunKeepsOtherSuitesWhenOneFails(t *testing.T) {
	ok := func(section string) Suite {
		return func(context.Context, Config) ([]Measurement, error) {
			return []Measurement{{Section: section, Name: section + " figure", Value: 1, Unit: "ms"}}, nil
		}
	}
	failing := func(context.Context, Config) ([]Measurement, error) {
		return []Measurement{{Section: "B", Name: "measured before the failure", Value: 2, Unit: "ms"}}, errors.New("anvil latency: access 11 not fulfilled")
	}
	suites := []Named{{"a", ok("A")}, {"b", failing}, {"c", ok("C")}}
	var ran []string
	rows, err := run(context.Background(), Config{}, suites, nil, func(n string) { ran = append(ran, n) })
	if !errors.Is(err, ErrSuiteFailed) || !strings.Contains(err.Error(), "access 11") {
		t.Fatalf("error %v, want ErrSuiteFailed naming the cause", err)
	}
	if strings.Join(ran, ",") != "a,b,c" {
		t.Fatalf("ran %v, want every suite", ran)
	}
	var names []string
	for _, r := range rows {
		names = append(names, r.Name)
	}
	if got := strings.Join(names, "|"); got != "A figure|measured before the failure|b suite|C figure" {
		t.Fatalf("rows %s", got)
	}
	if rows[2].Failed == "" || rows[2].Section != "B" {
		t.Fatalf("failure row %+v", rows[2])
	}
	var out bytes.Buffer
	if err := Write(&out, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "FAILED") || !strings.Contains(out.String(), "C figure") {
		t.Fatalf("report:\n%s", out.String())
	}
	out.Reset()
	if err := WriteMarkdown(&out, rows); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "| b suite | FAILED |") {
		t.Fatalf("markdown:\n%s", out.String())
	}
	if _, err := run(context.Background(), Config{}, suites, []string{"a", "nope"}, nil); err == nil || errors.Is(err, ErrSuiteFailed) {
		t.Fatalf("unknown suite: %v", err)
	}
}
