package bindings_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestBindingsUpToDate regenerates the bindings from the contracts and fails when the committed
// file differs, so a contract change can't ship with stale bindings.
func TestBindingsUpToDate(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "node_modules/.bin/forge")); err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatalf("forge is not installed (run scripts/setup.sh): %v", err)
		}
		t.Skip("forge is not installed; run scripts/setup.sh to check the bindings")
	}
	fresh := filepath.Join(t.TempDir(), "emrchain.go")
	cmd := exec.Command("bash", filepath.Join(root, "scripts/bindings.sh"), fresh)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("regenerate bindings: %v\n%s", err, out)
	}
	want, err := os.ReadFile(fresh)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(root, "bindings/emrchain.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("bindings/emrchain.go is stale: run `go generate ./bindings` and commit the result")
	}
}
