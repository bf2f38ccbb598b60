package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// devnetProc is `emrchain devnet` running as its own process.
type devnetProc struct {
	cmd    *exec.Cmd
	out    map[string]any // the devnet's --json start-up report
	stderr *bytes.Buffer
	done   chan struct{}
}

// startDevnet runs the built binary's devnet and waits for its start-up report. Its indexer
// listens on a free port, so tests never contend for the default one.
func startDevnet(t *testing.T, bin, dataDir string, port int, extra ...string) *devnetProc {
	t.Helper()
	args := []string{"devnet", "--json", "--data-dir", dataDir, "--port", fmt.Sprint(port), "--log-level", "warn"}
	if !slices.Contains(extra, "--indexer-port") {
		args = append(args, "--indexer-port", fmt.Sprint(freeTCPPort(t)))
	}
	cmd := exec.Command(bin, append(args, extra...)...)
	cmd.Env = os.Environ()
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p := &devnetProc{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan struct{})}
	cmd.Stderr = p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	decoded := make(chan error, 1)
	go func() {
		decoded <- json.NewDecoder(stdout).Decode(&p.out)
		_, _ = io.Copy(io.Discard, stdout)
		_ = cmd.Wait()
		close(p.done)
	}()
	select {
	case err := <-decoded:
		if err != nil {
			t.Fatalf("devnet start-up report: %v\n%s", err, p.stderr)
		}
	case <-time.After(3 * time.Minute):
		t.Fatalf("devnet did not start\n%s", p.stderr)
	}
	return p
}

// stop sends sig and waits for the process to exit.
func (p *devnetProc) stop(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(time.Minute):
		t.Fatalf("devnet did not stop on %v", sig)
	}
	if sig == syscall.SIGINT && !p.cmd.ProcessState.Success() {
		t.Fatalf("devnet exited %v on Ctrl-C\n%s", p.cmd.ProcessState, p.stderr)
	}
}

func (p *devnetProc) kill() {
	if p.cmd.Process != nil && p.cmd.ProcessState == nil {
		_ = p.cmd.Process.Kill()
		<-p.done
	}
}

func freeTCPPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// runCLI runs the binary and returns its exit status, stdout and stderr.
func runCLI(bin string, env []string, args ...string) (int, string, string) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if err != nil {
		code = -1
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
	}
	return code, stdout.String(), stderr.String()
}

// cliJSON runs a command with --json and decodes its result.
func cliJSON(t *testing.T, bin string, env []string, args ...string) map[string]any {
	t.Helper()
	out := cli(t, bin, env, append(args, "--json")...)
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("emrchain %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return v
}

// TestDevnetSurvivesRestarts runs the devnet as a user does: records and grants before a Ctrl-C,
// more after the restart, a kill -9 right after a grant is mined, and the grant answered after
// the next restart. A busy port and a second devnet on the same data directory are refused
// with one line saying what to do.
func TestDevnetSurvivesRestarts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI and restarts a devnet")
	}
	dir := t.TempDir()
	bin := buildCLI(t, dir)
	dataDir := filepath.Join(dir, "data")
	port := freeTCPPort(t)
	env := []string{"EMRCHAIN_PASSWORD=devnet", "EMRCHAIN_SEED_PASSWORD=devnet", "EMRCHAIN_DATA_DIR=" + dataDir,
		fmt.Sprintf("EMRCHAIN_RPC_URL=http://127.0.0.1:%d", port), "EMRCHAIN_LOG_LEVEL=warn"}
	ids := filepath.Join(dataDir, "identities")
	note := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(note, []byte("Seen for a cough; chest clear.\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	d := startDevnet(t, bin, dataDir, port)
	if d.out["resumedAtBlock"] != nil {
		t.Fatalf("a new devnet says it resumed: %v", d.out["resumedAtBlock"])
	}
	patient := d.out["patient"].(string)
	patient = strings.Fields(patient)[0]
	put := cliJSON(t, bin, env, "record", "put", "--as", filepath.Join(ids, "doctor-a"), "--patient", patient,
		"--patient-identity", filepath.Join(ids, "patient"), "--file", note, "--yes")
	record := put["recordId"].(string)
	cli(t, bin, env, "access", "request", "--as", filepath.Join(ids, "doctor-b"), "--record", record, "--purpose", "treatment")
	cli(t, bin, env, "access", "grant", "--as", filepath.Join(ids, "patient"), "--request", "1")

	// A second devnet on the same data directory, and one on the same port.
	code, _, stderr := runCLI(bin, nil, "devnet", "--data-dir", dataDir, "--port", fmt.Sprint(freeTCPPort(t)), "--indexer-port", fmt.Sprint(freeTCPPort(t)))
	want := fmt.Sprintf("is in use by the devnet with PID %d", d.cmd.Process.Pid)
	if code != 1 || !strings.Contains(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("second devnet on the data directory: exit %d, stderr %q; want one line saying %q", code, stderr, want)
	}
	code, _, stderr = runCLI(bin, nil, "devnet", "--data-dir", filepath.Join(dir, "other"), "--port", fmt.Sprint(port), "--indexer-port", fmt.Sprint(freeTCPPort(t)))
	if code != 1 || !strings.Contains(stderr, fmt.Sprintf("port %d", port)) || !strings.Contains(stderr, "--port") ||
		strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "goroutine") {
		t.Fatalf("devnet on a busy port: exit %d, stderr %q; want one line naming the port and --port", code, stderr)
	}

	// Ctrl-C, restart: the record and the grant are there, and the oracle answers the grant.
	d.stop(t, syscall.SIGINT)
	d = startDevnet(t, bin, dataDir, port)
	if n, ok := d.out["resumedAtBlock"].(float64); !ok || n == 0 {
		t.Fatalf("restart after Ctrl-C did not resume: %v\n%s", d.out["resumedAtBlock"], d.stderr)
	}
	read := filepath.Join(dir, "read-1")
	cli(t, bin, env, "access", "get", "--as", filepath.Join(ids, "doctor-b"), "--request", "1", "--out", read)
	sameFile(t, note, read)

	// A grant mined just before a kill -9 survives, and is answered after the restart.
	cli(t, bin, env, "access", "request", "--as", filepath.Join(ids, "insurer"), "--record", record, "--purpose", "treatment")
	cli(t, bin, env, "access", "grant", "--as", filepath.Join(ids, "patient"), "--request", "2")
	d.stop(t, syscall.SIGKILL)
	d = startDevnet(t, bin, dataDir, port)
	if _, ok := d.out["resumedAtBlock"].(float64); !ok {
		t.Fatalf("restart after kill -9 did not resume\n%s", d.stderr)
	}
	read = filepath.Join(dir, "read-2")
	cli(t, bin, env, "access", "get", "--as", filepath.Join(ids, "insurer"), "--request", "2", "--out", read)
	sameFile(t, note, read)
	got := filepath.Join(dir, "read-patient")
	cli(t, bin, env, "record", "get", "--as", filepath.Join(ids, "patient"), "--record", record, "--out", got)
	sameFile(t, note, got)
	d.stop(t, syscall.SIGINT)
}

func sameFile(t *testing.T, want, got string) {
	t.Helper()
	a, err := os.ReadFile(want)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(got)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a, b) {
		t.Fatalf("%s differs from %s", got, want)
	}
}
