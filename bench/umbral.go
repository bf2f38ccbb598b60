package bench

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// umbralScript times umbral-pre's WASM build in node; see the script's header.
//
//go:embed umbral/umbral-pre.cjs
var umbralScript []byte

// umbralPackage is where scripts/setup.sh installs umbral-pre (pinned in package-lock.json),
// relative to the repository root.
const umbralPackage = "node_modules/@nucypher/umbral-pre/package.json"

// ErrUmbralMissing reports that node or the umbral-pre package is not installed, so the peer
// figures cannot be measured in this run.
var ErrUmbralMissing = errors.New("umbral-pre is not installed (run scripts/setup.sh in the repository)")

// umbralRun is the node script's output, or, with Missing set, why there is none.
type umbralRun struct {
	Missing   string              `json:"-"`
	Package   string              `json:"package"`
	Version   string              `json:"version"`
	Node      string              `json:"node"`
	Threshold int                 `json:"threshold"`
	Shares    int                 `json:"shares"`
	Sizes     map[string]int      `json:"sizes"`
	Ops       map[string]umbralOp `json:"ops"`
}

// umbralOp is one operation's fastest run: mean CPU and wall milliseconds per call.
type umbralOp struct {
	CPU   float64 `json:"cpu_ms"`
	Wall  float64 `json:"ms"`
	Calls int     `json:"calls"`
}

// label names the peer in a report's reference column.
func (u *umbralRun) label() string {
	return fmt.Sprintf("umbral-pre %s (WASM, node %s)", u.Version, strings.TrimPrefix(u.Node, "v"))
}

// op returns the named operation's CPU milliseconds per call, or an error if the script did
// not time it.
func (u *umbralRun) op(name string) (float64, error) {
	if u.Missing != "" {
		return 0, errors.New(u.Missing)
	}
	o, ok := u.Ops[name]
	if !ok || o.CPU <= 0 {
		return 0, fmt.Errorf("umbral-pre bench: no figure for %s", name)
	}
	return o.CPU, nil
}

// compare returns the reference and note for a row of ours (ms) beside umbral-pre's operation
// op, described as what, and umbral-pre's figure; ok is false when umbral-pre has no figure for
// it in this run, and the reference then says why.
func (u *umbralRun) compare(ms float64, op, what string) (reference, ratio string, theirMS float64, ok bool) {
	theirMS, err := u.op(op)
	if err != nil {
		return "umbral-pre not measured in this run: " + err.Error(), "", 0, false
	}
	return u.reference(what, theirMS), peerRatio(ms, theirMS), theirMS, true
}

// reference names umbral-pre's figure for a report's reference column.
func (u *umbralRun) reference(what string, theirMS float64) string {
	return fmt.Sprintf("%s %s: %s", u.label(), what, formatValue(theirMS, "ms"))
}

// peerRatio is the note beside a row compared with umbral-pre.
func peerRatio(ours, theirs float64) string {
	return fmt.Sprintf("%.1f× less CPU than umbral-pre (same run)", theirs/ours)
}

// merge keeps, for every operation, the faster of u's and other's figures: rounds interleaved
// with ours are combined the way our own runs are (the fastest is the best estimate of the
// operation's own cost on a shared machine).
func (u *umbralRun) merge(other *umbralRun) *umbralRun {
	if u == nil {
		return other
	}
	for name, o := range other.Ops {
		if cur, ok := u.Ops[name]; ok {
			o.CPU, o.Wall = min(o.CPU, cur.CPU), min(o.Wall, cur.Wall)
			o.Calls += cur.Calls
		}
		u.Ops[name] = o
	}
	return u
}

// findUmbralRoot returns the directory whose node_modules holds umbral-pre: the first of the
// working directory, the executable's directory and their parents that has it.
func findUmbralRoot() (string, error) {
	var starts []string
	if wd, err := os.Getwd(); err == nil {
		starts = append(starts, wd)
	}
	if exe, err := os.Executable(); err == nil {
		starts = append(starts, filepath.Dir(exe))
	}
	for _, dir := range starts {
		for {
			if _, err := os.Stat(filepath.Join(dir, umbralPackage)); err == nil {
				return dir, nil
			}
			parent := filepath.Dir(dir)
			if parent == dir {
				break
			}
			dir = parent
		}
	}
	return "", ErrUmbralMissing
}

// umbralMeasure runs the node script once: each named operation (all when only is empty) is
// warmed up for warmMs of CPU time, then timed for runs loops of ms milliseconds of CPU time
// (at most wallMs of wall time each), with kfrags split threshold-of-shares.
func umbralMeasure(ctx context.Context, warmMs, ms, wallMs float64, runs, threshold, shares int, only []string) (*umbralRun, error) {
	root, err := findUmbralRoot()
	if err != nil {
		return nil, err
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("%w: node: %w", ErrUmbralMissing, err)
	}
	args := map[string]any{"warmMs": warmMs, "ms": ms, "wallMs": wallMs, "runs": runs, "threshold": threshold, "shares": shares}
	if len(only) > 0 {
		args["only"] = only
	}
	cfgJSON, err := json.Marshal(args)
	if err != nil {
		return nil, err
	}
	// The script comes on stdin so that require() resolves from root's node_modules.
	cmd := exec.CommandContext(ctx, node, "-", string(cfgJSON))
	cmd.Dir = root
	cmd.Stdin = bytes.NewReader(umbralScript)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("umbral-pre bench: node: %w: %s", err, strings.TrimSpace(stderr.String()))
	}
	var out umbralRun
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("umbral-pre bench: reading node's output: %w", err)
	}
	if out.Version == "" || len(out.Ops) == 0 {
		return nil, fmt.Errorf("umbral-pre bench: node printed no figures: %q", stdout.String())
	}
	return &out, nil
}
