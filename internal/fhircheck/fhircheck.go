// Package fhircheck runs the FHIR R4 validator the repository pins (the npm package "fhir",
// FHIR.js, through scripts/fhir-validate.cjs) on resources a test produced. It needs node and
// the npm packages that scripts/setup.sh installs; without them a test is skipped, unless
// EMRCHAIN_REQUIRE_FHIR_VALIDATOR is set (as scripts/test.sh does), when it fails.
package fhircheck

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

// Validate writes each resource (name → value) as JSON and validates them all, failing t with
// the validator's report on any error.
func Validate(t testing.TB, resources map[string]any) {
	t.Helper()
	out, err := run(t, resources)
	if err != nil {
		t.Fatalf("FHIR R4 validation failed: %v\n%s", err, out)
	}
	t.Logf("FHIR R4 validation:\n%s", out)
}

// run validates resources and returns the validator's report, and an error when it found any.
func run(t testing.TB, resources map[string]any) ([]byte, error) {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	node, err := exec.LookPath("node")
	script := filepath.Join(root, "scripts", "fhir-validate.cjs")
	if err == nil {
		_, err = os.Stat(filepath.Join(root, "node_modules", "fhir", "package.json"))
	}
	if err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_FHIR_VALIDATOR") != "" {
			t.Fatalf("EMRCHAIN_REQUIRE_FHIR_VALIDATOR is set but the validator cannot run (%v): run ./scripts/setup.sh", err)
		}
		t.Skipf("no FHIR validator (%v): run ./scripts/setup.sh", err)
	}
	dir := t.TempDir()
	var files []string
	for name, v := range resources {
		raw, err := json.MarshalIndent(v, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		f := filepath.Join(dir, name+".json")
		if err := os.WriteFile(f, raw, 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	sort.Strings(files)
	cmd := exec.Command(node, append([]string{script}, files...)...)
	cmd.Dir = root
	return cmd.CombinedOutput()
}

func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
}
