package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
)

const someAddress = "0x9965d2A5de58fb628dbBE4Dbd45cf78C3Faa4572"

func writeKeyFile(t *testing.T, dir string, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, "deployer.key")
	if err := os.WriteFile(p, []byte("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318\n"), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMissingIdentityDirectory(t *testing.T) {
	e := newCLIEnv(t)
	missing := e.path("no-such-identity")
	e.fails(exitError, []string{"identity directory " + missing + " does not exist", "emrchain keys new --dir " + missing},
		"record", "put", "--as", missing, "--patient", someAddress, "--file", e.password, "--patient-identity", missing)
	e.fails(exitUsage, []string{"missing --as", "emrchain keys new"},
		"access", "request", "--record", "0x"+strings.Repeat("ab", 32), "--purpose", "treatment")
}

func TestUnreachableRPC(t *testing.T) {
	e := newCLIEnv(t)
	key := writeKeyFile(t, t.TempDir(), 0o600)
	e.fails(exitError, []string{"cannot reach the chain at http://127.0.0.1:1", "--rpc-url"}, "deploy", "--private-key-file", key)
	// The flag after the command wins over the one before it and over the environment.
	t.Setenv(envPrefix+"RPC_URL", "http://127.0.0.1:2")
	e.fails(exitError, []string{"cannot reach the chain at http://127.0.0.1:3"}, "deploy", "--private-key-file", key, "--rpc-url", "http://127.0.0.1:3")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"emrchain", "deploy", "--private-key-file", key}, &stdout, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), "http://127.0.0.1:2") {
		t.Fatalf("with $%sRPC_URL: exit %d, %s", envPrefix, code, stderr.String())
	}
}

func TestPrivateKeyFileMustBePrivate(t *testing.T) {
	e := newCLIEnv(t)
	key := writeKeyFile(t, t.TempDir(), 0o644)
	e.fails(exitError, []string{"open to group or others", "chmod 600 " + key}, "deploy", "--private-key-file", key)
}

func TestBadPolicySyntax(t *testing.T) {
	e := newCLIEnv(t)
	e.fails(exitUsage, []string{`bad --policy "role:insurer and"`, "at byte"},
		"record", "put", "--as", e.path("x"), "--patient", someAddress, "--file", e.password,
		"--patient-identity", e.path("y"), "--policy", "role:insurer and")
	e.fails(exitUsage, []string{`bad --policy "nhr/role:insurer or"`, "at byte"},
		"record", "update", "--as", e.path("x"), "--record", "0x"+strings.Repeat("00", 32), "--file", e.password,
		"--draft-out", e.path("d"), "--policy", "nhr/role:insurer or")
}

func TestUsageErrors(t *testing.T) {
	e := newCLIEnv(t)
	for _, c := range []struct {
		want []string
		args []string
	}{
		{[]string{`unknown command "frob"`}, []string{"frob"}},
		{[]string{`unknown command "frob"`}, []string{"record", "frob"}},
		{[]string{"unknown flag --frob"}, []string{"record", "show", "--frob"}},
		{[]string{"missing --record"}, []string{"record", "show"}},
		{[]string{`bad --record "0x12"`}, []string{"record", "show", "--record", "0x12"}},
		{[]string{`bad --address "0x12"`}, []string{"participant", "show", "0x12"}},
		{[]string{"want one ADDRESS argument"}, []string{"participant", "show"}},
		{[]string{"bad --role", "unknown role"}, []string{"participant", "enroll", "--role", "doctor"}},
		{[]string{"missing --keyword"}, []string{"search", "--patient", someAddress}},
		{[]string{"bad --uses 0"}, []string{"access", "grant", "--request", "1", "--uses", "0"}},
		{[]string{`bad --proxies "1,1"`}, []string{"access", "grant", "--request", "1", "--proxies", "1,1"}},
		{[]string{"missing --committee"}, []string{"committee", "show"}},
		{[]string{"bad --threshold 4 with 3 members"}, []string{"committee", "create", "--members", someAddress + "," + someAddress + "," + someAddress, "--threshold", "4"}},
		{[]string{"--read finishes an attribute read"}, []string{"record", "get", "--read", "2", "--out", "x"}},
		{[]string{"define it without a namespace"}, []string{"attributes", "define", "nhr/role:insurer"}},
		{[]string{"--patient-identity DIR", "--draft-out FILE"}, []string{"record", "put", "--file", "f"}},
		{[]string{"bad --operation"}, []string{"access", "request", "--record", "0x" + strings.Repeat("00", 32), "--operation", "delete"}},
		{[]string{"unexpected argument"}, []string{"record", "show", "extra"}},
		{[]string{"bad --ipfs"}, []string{"record", "show", "--record", "0x" + strings.Repeat("00", 32), "--ipfs", "ftp://x"}},
	} {
		e.fails(exitUsage, c.want, c.args...)
	}
}

func TestMissingManifest(t *testing.T) {
	e := newCLIEnv(t)
	e.fails(exitError, []string{"no deployment manifest at " + e.path("missing.json"), "emrchain deploy"},
		"record", "show", "--record", "0x"+strings.Repeat("00", 32), "--manifest", e.path("missing.json"))
	e.startDevnet("admin")
	e.fails(exitError, []string{"no deployment manifest for chain 1337 at " + deploy.ManifestPath(e.dataDir, 1337), "emrchain deploy"},
		"record", "show", "--record", "0x"+strings.Repeat("00", 32))
}

func TestPassphraseHandling(t *testing.T) {
	e := newCLIEnv(t)
	dir := e.path("id")
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"emrchain", "keys", "new", "--dir", dir, "--name", "a", "--light"}, &stdout, &stderr)
	if code != exitError || !strings.Contains(stderr.String(), "$EMRCHAIN_PASSWORD") || !strings.Contains(stderr.String(), "--password-file") {
		t.Fatalf("no passphrase: exit %d, %s", code, stderr.String())
	}

	const secret = "a-passphrase-never-printed"
	t.Setenv(passwordEnv, secret)
	stdout.Reset()
	stderr.Reset()
	if code := run(context.Background(), []string{"emrchain", "keys", "new", "--dir", dir, "--name", "a", "--light", "--log-level", "debug"}, &stdout, &stderr); code != 0 {
		t.Fatalf("keys new: exit %d, %s", code, stderr.String())
	}
	if strings.Contains(stdout.String()+stderr.String(), secret) {
		t.Fatal("the passphrase was printed")
	}
	if code := run(context.Background(), []string{"emrchain", "keys", "new", "--dir", dir, "--name", "a", "--light"}, &stdout, &stderr); code != exitError {
		t.Fatalf("keys new over an existing identity: exit %d", code)
	}
	const wrong = "not-the-passphrase-42"
	t.Setenv(passwordEnv, wrong)
	stderr.Reset()
	code = run(context.Background(), []string{"emrchain", "keys", "show", "--dir", dir}, &stdout, &stderr)
	if code != exitError || strings.Contains(stderr.String(), wrong) || !strings.Contains(stderr.String(), "passphrase") {
		t.Fatalf("wrong passphrase: exit %d, %s", code, stderr.String())
	}
	noTrace(t, stderr.String())
}

func TestJSONFlagPlacement(t *testing.T) {
	e := newCLIEnv(t)
	dir := e.path("id")
	e.ok("keys", "new", "--dir", dir, "--name", "a", "--light")
	before := e.run("--json", "keys", "show", "--dir", dir)
	after := e.run("keys", "show", "--dir", dir, "--json")
	if before.code != 0 || after.code != 0 || before.stdout != after.stdout || !strings.HasPrefix(before.stdout, "{") {
		t.Fatalf("--json before and after the command differ:\n%s\n%s", before.stdout, after.stdout)
	}
	t.Setenv(envPrefix+"JSON", "true")
	if env := e.run("keys", "show", "--dir", dir); env.stdout != before.stdout {
		t.Fatalf("$%sJSON: %s", envPrefix, env.stdout)
	}
}

func TestExitCodes(t *testing.T) {
	for _, c := range []struct {
		err  error
		want int
	}{
		{nil, exitOK},
		{errors.New("disk full"), exitError},
		{usageErrorf("missing --as"), exitUsage},
		{fmt.Errorf("get access as x: %w", contracts.Revert("GrantRevoked")), exitReverted},
		{fmt.Errorf("access 3: %w: rekey-mismatch", client.ErrRejected), exitRejected},
	} {
		if got := exitCode(c.err); got != c.want {
			t.Errorf("exitCode(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestPermuteArgs(t *testing.T) {
	app := newApp(&bytes.Buffer{}, &bytes.Buffer{})
	for _, c := range []struct{ in, want []string }{
		{
			[]string{"emrchain", "record", "cosign", "--as", "p", "draft.json", "--out", "sig.hex"},
			[]string{"emrchain", "record", "cosign", "--as", "p", "--out", "sig.hex", "draft.json"},
		},
		{
			[]string{"emrchain", "--json", "requester", "add", "0xa", "--as", "p", "0xb", "--json"},
			[]string{"emrchain", "--json", "requester", "add", "--as", "p", "--json", "0xa", "0xb"},
		},
		{
			[]string{"emrchain", "--rpc-url", "u", "record", "submit", "d.json", "--patient-signature=s", "--", "--literal"},
			[]string{"emrchain", "--rpc-url", "u", "record", "submit", "--patient-signature=s", "d.json", "--", "--literal"},
		},
		{
			[]string{"emrchain", "record", "frob", "--as", "x"},
			[]string{"emrchain", "record", "frob", "--as", "x"},
		},
	} {
		if got := permuteArgs(app, c.in); !slices.Equal(got, c.want) {
			t.Errorf("permuteArgs(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestBinary builds the command and runs it as a user would: help, a usage error and a failing
// command, checking exit statuses and that no stack trace reaches the terminal.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "emrchain")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	home := t.TempDir()
	runBin := func(args ...string) (int, string, string) {
		cmd := exec.Command(bin, args...)
		cmd.Env = []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var ee *exec.ExitError
		if err != nil && !errors.As(err, &ee) {
			t.Fatal(err)
		}
		return cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()
	}

	code, stdout, _ := runBin("--help")
	if code != 0 || !strings.Contains(stdout, "EXIT STATUS") || !strings.Contains(stdout, "3  the chain refused") {
		t.Fatalf("--help: exit %d\n%s", code, stdout)
	}
	code, _, stderr := runBin("record", "show", "--record", "not-hex")
	if code != exitUsage || !strings.Contains(stderr, "bad --record") {
		t.Fatalf("usage error: exit %d\n%s", code, stderr)
	}
	noTrace(t, stderr)
	key := writeKeyFile(t, t.TempDir(), 0o600)
	code, stdout, stderr = runBin("deploy", "--rpc-url", "http://127.0.0.1:1", "--private-key-file", key)
	if code != exitError || stdout != "" || !strings.Contains(stderr, "cannot reach the chain at http://127.0.0.1:1") {
		t.Fatalf("unreachable chain: exit %d\nstdout %q\nstderr %s", code, stdout, stderr)
	}
	noTrace(t, stderr)
}
