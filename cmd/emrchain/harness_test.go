package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/simulated"
)

func TestMain(m *testing.M) {
	// Commands run in-process must never stop to ask a person for a passphrase: the terminal is
	// exercised with the built binary on a pseudo-terminal (e2e).
	openTerminal = func() (*os.File, error) { return nil, os.ErrNotExist }
	code := m.Run()
	if builtDir != "" {
		os.RemoveAll(builtDir)
	}
	os.Exit(code)
}

// cliEnv runs the CLI in-process against one data directory, one passphrase file and, when
// started, a devnet.
type cliEnv struct {
	t        *testing.T
	rpcURL   string
	dataDir  string
	password string
	devnet   *simulated.Devnet
}

// result is one CLI run.
type result struct {
	code           int
	stdout, stderr string
}

func newCLIEnv(t *testing.T) *cliEnv {
	t.Helper()
	dir := t.TempDir()
	pw := filepath.Join(dir, "password")
	if err := os.WriteFile(pw, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// Nothing from the caller's environment may change what the CLI does here.
	for _, v := range []string{"RPC_URL", "DATA_DIR", "MANIFEST", "IPFS", "ABE_PUBLIC_KEY", "PROXY", "PASSWORD", "PASSWORD_FILE", "JSON", "LOG_LEVEL", "SEED_PASSWORD"} {
		t.Setenv(envPrefix+v, "")
	}
	// A patient's record seed has its own passphrase; here it is the same file as the identity's.
	for _, v := range []string{"SEED_PASSWORD_FILE", "PATIENT_SEED_PASSWORD_FILE"} {
		t.Setenv(envPrefix+v, pw)
	}
	return &cliEnv{t: t, rpcURL: "http://127.0.0.1:1", dataDir: filepath.Join(dir, "data"), password: pw}
}

// startDevnet serves a simulated chain funding the development accounts of names.
func (e *cliEnv) startDevnet(names ...string) {
	e.t.Helper()
	var accounts []simulated.Account
	for _, n := range names {
		accounts = append(accounts, simulated.DevAccount(n))
	}
	d, err := simulated.StartDevnet(accounts, simulated.RPCConfig{})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { d.Close() })
	e.devnet = d
	e.rpcURL = d.HTTPURL
}

// run runs one command line with the environment's global flags in front.
func (e *cliEnv) run(args ...string) result {
	e.t.Helper()
	full := append([]string{"emrchain", "--rpc-url", e.rpcURL, "--data-dir", e.dataDir, "--password-file", e.password, "--log-level", "warn"}, args...)
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), full, &stdout, &stderr)
	r := result{code: code, stdout: stdout.String(), stderr: stderr.String()}
	e.t.Logf("emrchain %s\n→ exit %d\n%s%s", strings.Join(args, " "), code, r.stdout, r.stderr)
	return r
}

// ok runs a command that must succeed.
func (e *cliEnv) ok(args ...string) result {
	e.t.Helper()
	r := e.run(args...)
	if r.code != 0 {
		e.t.Fatalf("emrchain %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r
}

// okJSON runs a command with --json that must succeed and decodes its result.
func (e *cliEnv) okJSON(args ...string) map[string]any {
	e.t.Helper()
	r := e.ok(append(args, "--json")...)
	var out map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		e.t.Fatalf("emrchain %s: stdout is not one JSON object: %v\n%s", strings.Join(args, " "), err, r.stdout)
	}
	// A key given twice is lost to every parser but for its last value.
	if dup := duplicateKey(r.stdout); dup != "" {
		e.t.Fatalf("emrchain %s: the JSON output has the key %s twice:\n%s", strings.Join(args, " "), dup, r.stdout)
	}
	return out
}

// duplicateKey returns the path of the first key that appears twice in one object of a JSON
// document, or "" if there is none (or the document does not parse).
func duplicateKey(doc string) string {
	dec := json.NewDecoder(strings.NewReader(doc))
	var walk func(path string) (string, error)
	walk = func(path string) (string, error) {
		tok, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				k, err := dec.Token()
				if err != nil {
					return "", err
				}
				key := path + "." + k.(string)
				if seen[key] {
					return key, nil
				}
				seen[key] = true
				if dup, err := walk(key); dup != "" || err != nil {
					return dup, err
				}
			}
			_, err = dec.Token()
			return "", err
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				if dup, err := walk(fmt.Sprintf("%s[%d]", path, i)); dup != "" || err != nil {
					return dup, err
				}
			}
			_, err = dec.Token()
			return "", err
		}
		return "", nil
	}
	dup, _ := walk("")
	return dup
}

// fails runs a command that must fail with code and mention every one of want on stderr.
func (e *cliEnv) fails(code int, want []string, args ...string) result {
	e.t.Helper()
	r := e.run(args...)
	if r.code != code {
		e.t.Fatalf("emrchain %s: exit %d, want %d\n%s", strings.Join(args, " "), r.code, code, r.stderr)
	}
	for _, w := range want {
		if !strings.Contains(r.stderr, w) {
			e.t.Errorf("emrchain %s: stderr lacks %q:\n%s", strings.Join(args, " "), w, r.stderr)
		}
	}
	noTrace(e.t, r.stderr)
	return r
}

// noTrace fails when output carries a panic or a Go stack trace.
func noTrace(t *testing.T, out string) {
	t.Helper()
	for _, marker := range []string{"panic:", "goroutine ", ".go:"} {
		if strings.Contains(out, marker) {
			t.Errorf("output carries a stack trace (%q):\n%s", marker, out)
		}
	}
}

func (e *cliEnv) path(name string) string { return filepath.Join(e.dataDir, "..", name) }

func str(t *testing.T, m map[string]any, key string) string {
	t.Helper()
	v, ok := m[key].(string)
	if !ok {
		t.Fatalf("result has no string %q: %v", key, m)
	}
	return v
}

func num(t *testing.T, m map[string]any, key string) uint64 {
	t.Helper()
	v, ok := m[key].(float64)
	if !ok {
		t.Fatalf("result has no number %q: %v", key, m)
	}
	return uint64(v)
}

func TestDuplicateKey(t *testing.T) {
	for doc, want := range map[string]string{
		`{"a": 1, "b": {"c": [1, {"d": 2}]}}`:         "",
		`{"from": "x", "tx": {"from": "y"}, "b": 1}`:  "",
		`{"from": "x", "tx": 1, "from": "y"}`:         ".from",
		`{"a": [{"b": 1}, {"b": 2, "c": 1, "b": 3}]}`: ".a[1].b",
		`not json`: "",
	} {
		if got := duplicateKey(doc); got != want {
			t.Errorf("duplicateKey(%s) = %q, want %q", doc, got, want)
		}
	}
}
