package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// gofeModule is the peer's own Go module, relative to the repository root:
// it times gofe's FAME so that emrchain's module never depends on gofe.
const gofeModule = "bench/gofe"

// ErrGofeMissing reports that the Go toolchain or the gofe module is not
// there, so gofe's figures cannot be measured in this run.
var ErrGofeMissing = errors.New("gofe peer not available (needs the repository's bench/gofe and the go command)")

// gofeRun is the gofe program's output, or, with Missing set, why there is
// none.
type gofeRun struct {
	Missing    string            `json:"-"`
	Package    string            `json:"package"`
	Version    string            `json:"version"`
	Go         string            `json:"go"`
	GOMAXPROCS int               `json:"gomaxprocs"`
	Ops        map[string]gofeOp `json:"ops"`
}

// gofeOp is one operation: mean CPU and wall milliseconds per call.
type gofeOp struct {
	CPU   float64 `json:"cpu_ms"`
	Wall  float64 `json:"ms"`
	Calls int     `json:"calls"`
}

func (g *gofeRun) label() string {
	return "gofe FAME " + gofeShortVersion(g.Version) + " (BN256)"
}

func gofeShortVersion(v string) string {
	if i := strings.LastIndexByte(v, '-'); i > 0 {
		return v[:i] // the pseudo-version without the commit hash
	}
	return v
}

// op returns the named operation's CPU milliseconds per call.
func (g *gofeRun) op(name string) (float64, bool) {
	if g == nil || g.Missing != "" {
		return 0, false
	}
	o, ok := g.Ops[name]
	return o.CPU, ok && o.CPU > 0
}

// merge keeps the faster figure of every operation, as rounds of ours are
// combined.
func (g *gofeRun) merge(other *gofeRun) *gofeRun {
	if g == nil || g.Missing != "" {
		return other
	}
	for name, o := range other.Ops {
		if cur, ok := g.Ops[name]; ok {
			o.CPU, o.Wall = min(o.CPU, cur.CPU), min(o.Wall, cur.Wall)
			o.Calls += cur.Calls
		}
		g.Ops[name] = o
	}
	return g
}

// findGofeModule returns the gofe module's directory: under the first of the
// working directory, the executable's directory and their parents that has
// it.
func findGofeModule() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	for _, dir := range starts {
		for {
			if _, err := os.Stat(filepath.Join(dir, gofeModule, "go.mod")); err == nil {
				return filepath.Join(dir, gofeModule), nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", ErrGofeMissing
}

// gofeBuild compiles the gofe program into dir and returns its path.
func gofeBuild(ctx context.Context, dir string) (string, error) {
	mod, err := findGofeModule()
	if err != nil {
		return "", err
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrGofeMissing, err)
	}
	bin := filepath.Join(dir, "gofe-bench")
	cmd := exec.CommandContext(ctx, goCmd, "build", "-o", bin, ".")
	cmd.Dir = mod
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("gofe bench: go build: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	return bin, nil
}

// gofeMeasure runs the gofe program once: each operation at each size
// timed for ms of CPU time (at most wallMS of wall time).
func gofeMeasure(ctx context.Context, bin string, ms, wallMS float64, sizes []int, oneCore bool) (*gofeRun, error) {
	args, err := json.Marshal(map[string]any{"ms": ms, "wallMs": wallMS, "sizes": sizes})
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, bin, string(args))
	cmd.Env = os.Environ()
	if oneCore {
		cmd.Env = append(cmd.Env, "GOMAXPROCS=1")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("gofe bench: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var out gofeRun
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("gofe bench: reading its output: %w", err)
	}
	if len(out.Ops) == 0 {
		return nil, fmt.Errorf("gofe bench: no figures in %q", stdout.String())
	}
	return &out, nil
}
