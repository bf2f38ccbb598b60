package bench

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// requireUmbral skips when umbral-pre is not installed here, except in CI
// (EMRCHAIN_REQUIRE_TOOLCHAIN), where a missing peer must fail the run.
func requireUmbral(t *testing.T) string {
	t.Helper()
	root, err := findUmbralRoot()
	if err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return root
}

// TestUmbralScriptMeasuresThePinnedPackage runs the node script for a
// moment and checks it reports the version package.json pins, with a
// figure for every operation asked for.
func TestUmbralScriptMeasuresThePinnedPackage(t *testing.T) {
	root := requireUmbral(t)
	raw, err := os.ReadFile(filepath.Join(root, "package.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pkg struct {
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := json.Unmarshal(raw, &pkg); err != nil {
		t.Fatal(err)
	}
	pinned := pkg.DevDependencies["@nucypher/umbral-pre"]
	if pinned == "" {
		t.Fatal("package.json does not pin @nucypher/umbral-pre")
	}
	ops := []string{"reencrypt_threshold", "verifyCFrag", "decryptReencrypted_threshold"}
	run, err := umbralMeasure(context.Background(), 1, 2, 1000, 1, 3, 5, ops)
	if err != nil {
		t.Fatal(err)
	}
	if run.Version != pinned {
		t.Fatalf("measured umbral-pre %s, package.json pins %s", run.Version, pinned)
	}
	if run.Threshold != 3 || run.Shares != 5 || len(run.Ops) != len(ops) {
		t.Fatalf("unexpected run: %+v", run)
	}
	for _, op := range ops {
		if ms, err := run.op(op); err != nil || ms <= 0 || run.Ops[op].Wall <= 0 || run.Ops[op].Calls < 2 {
			t.Fatalf("%s: %v ms, %+v, %v", op, ms, run.Ops[op], err)
		}
	}
	if run.Sizes["cfrag"] <= 0 || run.Sizes["kfrag"] <= 0 {
		t.Fatalf("sizes %v", run.Sizes)
	}
	if _, err := run.op("encrypt"); err == nil {
		t.Fatal("a figure for an operation that was not asked for")
	}
}

func TestUmbralMergeKeepsTheFastest(t *testing.T) {
	a := &umbralRun{Ops: map[string]umbralOp{"x": {CPU: 2, Wall: 3, Calls: 10}, "y": {CPU: 1, Wall: 5, Calls: 5}}}
	b := &umbralRun{Ops: map[string]umbralOp{"x": {CPU: 1.5, Wall: 4, Calls: 12}, "y": {CPU: 3, Wall: 4, Calls: 4}, "z": {CPU: 1, Wall: 1, Calls: 2}}}
	m := (*umbralRun)(nil).merge(a).merge(b)
	if m.Ops["x"] != (umbralOp{CPU: 1.5, Wall: 3, Calls: 22}) || m.Ops["y"] != (umbralOp{CPU: 1, Wall: 4, Calls: 9}) || m.Ops["z"] != (umbralOp{CPU: 1, Wall: 1, Calls: 2}) {
		t.Fatalf("merged %+v", m.Ops)
	}
}

// TestPeerRoundsWithoutUmbral: where umbral-pre is not installed, our
// figures are still measured and every reference says the peer was not.
func TestPeerRoundsWithoutUmbral(t *testing.T) {
	t.Chdir(t.TempDir())
	if _, err := findUmbralRoot(); err == nil {
		t.Skip("umbral-pre is reachable from the test binary's directory")
	}
	ops := []timedOp{{"op", func() error { return nil }}}
	if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
		if _, _, err := peerRounds(context.Background(), Config{Quick: true}, ops, 1, 1, []string{"reencrypt"}); !errors.Is(err, ErrUmbralMissing) {
			t.Fatalf("with the toolchain required: err = %v", err)
		}
		return
	}
	ours, peer, err := peerRounds(context.Background(), Config{Quick: true}, ops, 1, 1, []string{"reencrypt"})
	if err != nil {
		t.Fatal(err)
	}
	if ours["op"].Wall <= 0 || peer.Missing == "" {
		t.Fatalf("ours %v, peer %+v", ours, peer)
	}
	ref, ratio, _, ok := peer.compare(1, "reencrypt", "reencrypt")
	if ok || ratio != "" || ref == "" {
		t.Fatalf("reference %q, ratio %q, ok %v", ref, ratio, ok)
	}
}
