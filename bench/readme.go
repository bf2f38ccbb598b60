package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/emrchain/emrchain/mdsplice"
)

// The README's generated benchmark block: its marker name, the command that measures and writes
// it (scripts/bench.sh runs it with every service started), and where the run it shows is kept.
const (
	ReadmeBlock   = "bench"
	ReadmeCommand = "emrchain bench --readme README.md"
	// RecordPath is the recorded run, relative to the README's directory.
	RecordPath = "docs/benchmarks.json"
)

// ErrDrift means the README's benchmark block is not the rendering of the recorded run.
var ErrDrift = errors.New("the README's benchmark tables are not the recorded run")

// Stamp says when, where and how a run was measured.
type Stamp struct {
	Start     time.Time `json:"start"`
	End       time.Time `json:"end"`
	Command   string    `json:"command"`
	CPU       string    `json:"cpu"`
	Cores     int       `json:"cores"`
	LoadStart string    `json:"loadStart"` // /proc/loadavg's 1, 5 and 15 minute figures
	LoadEnd   string    `json:"loadEnd"`
	Go        string    `json:"go"`
	// Services lists the optional services and settings the run had, in words; suites whose
	// service was absent leave out the rows that need it.
	Services []string `json:"services"`
}

// Record is one run of the report: what the README shows.
type Record struct {
	Stamp  Stamp         `json:"stamp"`
	Suites []string      `json:"suites"`
	Quick  bool          `json:"quick,omitempty"`
	Rows   []Measurement `json:"rows"`
}

// NewStamp describes this machine and process at the start of a run of command.
func NewStamp(command string) Stamp {
	return Stamp{
		Start: time.Now().UTC(), Command: command, CPU: cpuModel(),
		Cores: runtime.NumCPU(), LoadStart: loadAverage(), Go: runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH,
		Services: services(),
	}
}

// RunRecord runs the named suites (all when names is empty) like Run and returns the run with
// its stamp. The error is Run's: with ErrSuiteFailed the record still holds every row.
func RunRecord(ctx context.Context, cfg Config, names []string, command string, progress func(name string)) (*Record, error) {
	rec := &Record{Stamp: NewStamp(command), Quick: cfg.Quick}
	for _, s := range All() {
		if len(names) == 0 || slices.Contains(names, s.Name) {
			rec.Suites = append(rec.Suites, s.Name)
		}
	}
	rows, err := Run(ctx, cfg, names, progress)
	rec.Rows = rows
	rec.Stamp.End, rec.Stamp.LoadEnd = time.Now().UTC(), loadAverage()
	return rec, err
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				return strings.Join(strings.Fields(v), " ")
			}
		}
	}
	return runtime.GOARCH + " (model unknown)"
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "unknown"
}

// services says which of the optional services the suites use were there.
func services() []string {
	var out []string
	have := func(env, what, absent string) {
		if os.Getenv(env) != "" {
			out = append(out, what)
		} else {
			out = append(out, absent)
		}
	}
	if api := os.Getenv("EMRCHAIN_KUBO_API"); api != "" {
		out = append(out, kuboVersion(api)+" (storage and large-record rows)")
	} else {
		out = append(out, "no Kubo node (no Kubo rows)")
	}
	have("EMRCHAIN_TEST_POSTGRES", "a local PostgreSQL (indexer row)", "no PostgreSQL (no PostgreSQL row)")
	if bin := os.Getenv("EMRCHAIN_ANVIL_BIN"); bin != "" {
		version := "anvil"
		if b, err := exec.Command(bin, "--version").Output(); err == nil {
			first, _, _ := strings.Cut(strings.TrimSpace(string(b)), "\n")
			version = strings.Replace(first, " Version: ", " ", 1) // "anvil Version: 1.7.1"
		}
		out = append(out, version+" (oracle rows on anvil)")
	} else {
		out = append(out, "no anvil (no anvil oracle rows)")
	}
	if v := os.Getenv(RecordSizeEnv); v != "" {
		out = append(out, fmt.Sprintf("large records of %s ($%s)", v, RecordSizeEnv))
	}
	return out
}

// kuboVersion names the Kubo node at api with its version, as far as it answers.
func kuboVersion(api string) string {
	c := http.Client{Timeout: 5 * time.Second}
	resp, err := c.Post(strings.TrimRight(api, "/")+"/api/v0/version", "", nil)
	if err != nil {
		return "a local Kubo node"
	}
	defer resp.Body.Close()
	var v struct{ Version string }
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&v) != nil || v.Version == "" {
		return "a local Kubo node"
	}
	return "a local Kubo " + v.Version + " node"
}

// Summary is the report's sentence on the goals, counted from its rows: how many are met, which
// are missed (with why, when the suite says), which could not be judged, and which suites
// failed.
func Summary(rows []Measurement) string {
	var met, judged int
	var missed, unjudged, failed []string
	for _, r := range rows {
		switch {
		case r.Failed != "":
			failed = append(failed, fmt.Sprintf("%s (%s)", r.Name, r.Failed))
		case r.Goal == "":
		case r.GoalMet == nil:
			unjudged = append(unjudged, fmt.Sprintf("%s, %s (%s)", r.Section, r.Name, r.Goal))
		case *r.GoalMet:
			met++
			judged++
		default:
			judged++
			m := fmt.Sprintf("%s, %s: %s against %s", r.Section, r.Name, formatValue(r.Value, r.Unit), r.Goal)
			if r.Why != "" {
				m += " (" + r.Why + ")"
			}
			missed = append(missed, m)
		}
	}
	var b strings.Builder
	switch {
	case judged == 0:
		b.WriteString("**Goals:** none judged in this run.")
	case met == judged:
		fmt.Fprintf(&b, "**Goals:** all %d met in this run.", judged)
	default:
		fmt.Fprintf(&b, "**Goals:** %d of %d met in this run. Missed: %s.", met, judged, strings.Join(missed, "; "))
	}
	if len(unjudged) > 0 {
		fmt.Fprintf(&b, " Not judged, for want of a figure this run could not measure: %s.", strings.Join(unjudged, "; "))
	}
	if len(failed) > 0 {
		fmt.Fprintf(&b, " **Suites that failed:** %s; their rows above the failure are kept.", strings.Join(failed, "; "))
	}
	return b.String()
}

// README renders the README's benchmark block: the stamp, the goals' summary and one table
// per section.
func (r *Record) README() []byte {
	var b bytes.Buffer
	s := r.Stamp
	fmt.Fprintf(&b, "Measured in one run by `%s`", s.Command)
	fmt.Fprintf(&b, ", %s to %s UTC, on %s with %d cores (load average %s at the start, %s at the end), %s",
		s.Start.Format("2006-01-02 15:04"), s.End.Format("15:04"), s.CPU, s.Cores, s.LoadStart, s.LoadEnd, s.Go)
	if len(s.Services) > 0 {
		fmt.Fprintf(&b, "; with %s", strings.Join(s.Services, ", "))
	}
	fmt.Fprintf(&b, ". Suites: %s.", strings.Join(r.Suites, ", "))
	if r.Quick {
		b.WriteString(" **Quick mode: a smoke test, not a measurement.**")
	}
	b.WriteString("\n\n" + Summary(r.Rows) + "\n")
	writeMarkdown(&b, r.Rows, "###")
	return b.Bytes()
}

// WriteRecord saves the run as indented JSON.
func (r *Record) WriteRecord(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// ReadRecord loads a run saved by WriteRecord.
func ReadRecord(path string) (*Record, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}

// CheckREADME compares the README doc's benchmark block with the recorded run: the run must be
// a full one (every suite the report has today, not quick) and the block exactly its rendering,
// so no figure in it was typed, and none comes from another run.
func CheckREADME(doc []byte, rec *Record) error {
	block, err := mdsplice.Block(doc, ReadmeBlock)
	if err != nil {
		return err
	}
	var all []string
	for _, s := range All() {
		all = append(all, s.Name)
	}
	if rec.Quick || !slices.Equal(rec.Suites, all) {
		return fmt.Errorf("%w: the recorded run has suites %v (quick %v); the README shows one full run of %v: run scripts/bench.sh",
			ErrDrift, rec.Suites, rec.Quick, all)
	}
	want := bytes.Trim(rec.README(), "\n")
	if bytes.Equal(block, want) {
		return nil
	}
	got, exp := strings.Split(string(block), "\n"), strings.Split(string(want), "\n")
	for i := range max(len(got), len(exp)) {
		var g, e string
		if i < len(got) {
			g = got[i]
		}
		if i < len(exp) {
			e = exp[i]
		}
		if g != e {
			return fmt.Errorf("%w: line %d of the block:\n  README:       %s\n  recorded run: %s\n"+
				"(re-render the recorded run with `emrchain bench --from %s --readme README.md`, or measure anew with scripts/bench.sh)",
				ErrDrift, i+1, g, e, RecordPath)
		}
	}
	return nil
}
