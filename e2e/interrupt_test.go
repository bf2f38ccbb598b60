package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
)

// putWorld is anvil with a deployment, a provider and a patient, all made with the built CLI.
type putWorld struct {
	t                   *testing.T
	bin, dir            string
	env                 []string
	ec                  *ethclient.Client
	rc                  *rpc.Client
	doctor, patient     string // identity directories
	doctorAddr, patAddr common.Address
}

func newPutWorld(t *testing.T) *putWorld {
	t.Helper()
	if testing.Short() {
		t.Skip("starts anvil and runs the built binary")
	}
	dir := t.TempDir()
	addr := startAnvil(t, dir)
	w := &putWorld{t: t, bin: buildCLI(t, dir), dir: dir}
	pw := filepath.Join(dir, "password")
	key := filepath.Join(dir, "admin.key")
	for p, content := range map[string]string{pw: passphrase, key: anvilKey0} {
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	w.env = []string{"EMRCHAIN_DATA_DIR=" + filepath.Join(dir, "data"), "EMRCHAIN_RPC_URL=http://" + addr,
		"EMRCHAIN_PASSWORD_FILE=" + pw, "EMRCHAIN_SEED_PASSWORD_FILE=" + pw, "EMRCHAIN_PATIENT_SEED_PASSWORD_FILE=" + pw, "EMRCHAIN_IPFS=embedded", "EMRCHAIN_LOG_LEVEL=warn", "EMRCHAIN_JSON="}
	ctx := context.Background()
	var err error
	if w.rc, err = rpc.DialContext(ctx, "http://"+addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.rc.Close)
	w.ec = ethclient.NewClient(w.rc)

	admin := filepath.Join(dir, "id-admin")
	cli(t, w.bin, w.env, "keys", "new", "--dir", admin, "--name", "admin", "--light", "--import-key", key)
	cli(t, w.bin, w.env, "deploy", "--private-key-file", key)
	adminKey, err := crypto.HexToECDSA(anvilKey0)
	if err != nil {
		t.Fatal(err)
	}
	newID := func(name, role string) (string, common.Address) {
		d := filepath.Join(dir, "id-"+name)
		var out struct{ Address common.Address }
		if err := json.Unmarshal([]byte(cli(t, w.bin, w.env, "keys", "new", "--dir", d, "--name", name, "--light", "--json")), &out); err != nil {
			t.Fatal(err)
		}
		fund(t, ctx, w.ec, adminKey, out.Address)
		cli(t, w.bin, w.env, "participant", "enroll", "--as", admin, "--identity", d, "--role", role)
		return d, out.Address
	}
	w.doctor, w.doctorAddr = newID("doctor", "provider")
	w.patient, w.patAddr = newID("patient", "patient")
	// The patient's client approves with keys derived from her record seed.
	cli(t, w.bin, w.env, "keys", "seed", "--dir", w.patient, "--light")
	return w
}

// automine turns anvil's mining on every transaction on or off, so a test can hold a
// transaction pending for as long as it likes.
func (w *putWorld) automine(on bool) {
	w.t.Helper()
	if err := w.rc.Call(nil, "evm_setAutomine", on); err != nil {
		w.t.Fatal(err)
	}
}

func (w *putWorld) mine() {
	w.t.Helper()
	if err := w.rc.Call(nil, "evm_mine"); err != nil {
		w.t.Fatal(err)
	}
}

func (w *putWorld) nonce(a common.Address) uint64 {
	w.t.Helper()
	n, err := w.ec.NonceAt(context.Background(), a, nil)
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

func (w *putWorld) file(name string, size int) string {
	w.t.Helper()
	b := make([]byte, size)
	if _, err := rand.Read(b); err != nil {
		w.t.Fatal(err)
	}
	p := filepath.Join(w.dir, name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		w.t.Fatal(err)
	}
	return p
}

// running is a CLI process whose stderr is read line by line as it is written.
type running struct {
	cmd    *exec.Cmd
	lines  chan string
	stdout bytes.Buffer
	stderr strings.Builder
	done   chan struct{}
}

func (w *putWorld) start(args ...string) *running {
	w.t.Helper()
	r := &running{cmd: exec.Command(w.bin, args...), lines: make(chan string, 1024), done: make(chan struct{})}
	r.cmd.Env = append(os.Environ(), w.env...)
	r.cmd.Stdout = &r.stdout
	pipe, err := r.cmd.StderrPipe()
	if err != nil {
		w.t.Fatal(err)
	}
	if err := r.cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	go func() {
		defer close(r.done)
		sc := bufio.NewScanner(pipe)
		for sc.Scan() {
			r.stderr.WriteString(sc.Text() + "\n")
			select {
			case r.lines <- sc.Text():
			default:
			}
		}
		close(r.lines)
	}()
	w.t.Cleanup(func() { _ = r.cmd.Process.Kill(); _ = r.cmd.Wait() })
	return r
}

// waitFor returns the first stderr line matching re, failing if the process ends first.
func (r *running) waitFor(t *testing.T, re *regexp.Regexp) []string {
	t.Helper()
	timeout := time.After(3 * time.Minute)
	for {
		select {
		case line, ok := <-r.lines:
			if !ok {
				t.Fatalf("the command ended before printing %s:\n%s", re, r.stderr.String())
			}
			if m := re.FindStringSubmatch(line); m != nil {
				return m
			}
		case <-timeout:
			t.Fatalf("no line matching %s within 3 minutes:\n%s", re, r.stderr.String())
		}
	}
}

// exit waits for the process and returns its exit status.
func (r *running) exit(t *testing.T) int {
	t.Helper()
	<-r.done
	err := r.cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return r.cmd.ProcessState.ExitCode()
}

var sendingLine = regexp.MustCompile(`record (0x[0-9a-f]{64}) \(version 1\), transaction (0x[0-9a-f]{64}); waiting`)

// Ctrl-C after `record put` sent its transaction: the record id and the transaction are printed
// before the wait, the interruption says the transaction may still be mined and how to check,
// the exit status is 130, and running the put again finds the transaction instead of sealing a
// duplicate — whether it is still pending, or was dropped and must be sent again.
func TestInterruptedPutOnAnvil(t *testing.T) {
	w := newPutWorld(t)
	putArgs := func(file string) []string {
		return []string{"record", "put", "--as", w.doctor, "--patient", w.patAddr.Hex(), "--file", file, "--patient-identity", w.patient, "--yes"}
	}
	file := w.file("scan.dcm", 3<<20)
	w.automine(false)
	before := w.nonce(w.doctorAddr)

	first := w.start(putArgs(file)...)
	m := first.waitFor(t, sendingLine)
	recordID, txHash := m[1], m[2]
	// The transaction is at the node, not mined: exactly when a user gives up waiting.
	waitPending(t, w.ec, common.HexToHash(txHash))
	if err := first.cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if code := first.exit(t); code != 130 {
		t.Fatalf("interrupted put: exit %d, want 130\n%s", code, first.stderr.String())
	}
	msg := first.stderr.String()
	for _, want := range []string{"interrupted", txHash, "may still be mined", "emrchain record show --record " + recordID, "emrchain tx show " + txHash} {
		if !strings.Contains(msg, want) {
			t.Errorf("the interruption message lacks %q:\n%s", want, msg)
		}
	}
	if strings.Contains(msg, "context canceled\n") && !strings.Contains(msg, "may still be mined") {
		t.Errorf("the interruption is reported as a bare cancellation:\n%s", msg)
	}

	// Run again while it is still pending: the retry finds the transaction and waits for it.
	retry := w.start(append(putArgs(file), "--json")...)
	retry.waitFor(t, regexp.MustCompile(`found an unfinished put`))
	retry.waitFor(t, regexp.MustCompile(`waiting for the transaction sent earlier`))
	w.mine()
	if code := retry.exit(t); code != 0 {
		t.Fatalf("retried put: exit %d\n%s", code, retry.stderr.String())
	}
	var out map[string]any
	if err := json.Unmarshal(retry.stdout.Bytes(), &out); err != nil {
		t.Fatalf("retried put output: %v\n%s", err, retry.stdout.String())
	}
	if out["recordId"] != recordID || out["resumed"] != true {
		t.Fatalf("retried put: %v, want record %s resumed", out, recordID)
	}
	if sent := w.nonce(w.doctorAddr) - before; sent != 1 {
		t.Fatalf("the provider sent %d transactions for one record, want 1", sent)
	}
	cli(t, w.bin, w.env, "record", "show", "--record", recordID)

	// Interrupted again, and this time the node drops the transaction (a restart, a fee rise):
	// the retry sends the same co-signed draft again, sealing nothing anew.
	file2 := w.file("scan2.dcm", 1<<20)
	second := w.start(putArgs(file2)...)
	m = second.waitFor(t, sendingLine)
	recordID2, tx2 := m[1], m[2]
	waitPending(t, w.ec, common.HexToHash(tx2))
	_ = second.cmd.Process.Signal(syscall.SIGINT)
	if code := second.exit(t); code != 130 {
		t.Fatalf("second interrupted put: exit %d\n%s", code, second.stderr.String())
	}
	if err := w.rc.Call(nil, "anvil_dropAllTransactions"); err != nil {
		t.Fatal(err)
	}
	w.automine(true)
	again := w.start(append(putArgs(file2), "--json")...)
	if code := again.exit(t); code != 0 {
		t.Fatalf("put after the transaction was dropped: exit %d\n%s", code, again.stderr.String())
	}
	out = nil
	if err := json.Unmarshal(again.stdout.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	if out["recordId"] != recordID2 || out["resumed"] != true || strings.Contains(again.stderr.String(), `"step":"seal"`) {
		t.Fatalf("put after the drop: %v, want record %s resumed without sealing again\n%s", out, recordID2, again.stderr.String())
	}
	cli(t, w.bin, w.env, "tx", "show", tx2) // dropped: the command still answers
}

// Ctrl-C before the transaction is sent: nothing is registered, the sealed record leaves the
// store again, and the message says so.
func TestInterruptedPutBeforeSendingCleansUp(t *testing.T) {
	w := newPutWorld(t)
	file := w.file("large.dcm", 96<<20)
	r := w.start("record", "put", "--as", w.doctor, "--patient", w.patAddr.Hex(), "--file", file, "--patient-identity", w.patient, "--yes", "--json")
	// The patient's verification starts once the record is sealed and stored.
	r.waitFor(t, regexp.MustCompile(`"event":"progress","step":"verify"`))
	_ = r.cmd.Process.Signal(syscall.SIGINT)
	if code := r.exit(t); code != 130 {
		t.Fatalf("exit %d, want 130\n%s", code, r.stderr.String())
	}
	if !strings.Contains(r.stderr.String(), "nothing was registered") {
		t.Fatalf("message:\n%s", r.stderr.String())
	}
	blocks, err := filepath.Glob(filepath.Join(w.dir, "data", "ipfs", "blocks", "*", "*.data"))
	if err != nil {
		t.Fatal(err)
	}
	pins, _ := os.ReadDir(filepath.Join(w.dir, "data", "ipfs", "pins"))
	if len(blocks) != 0 || len(pins) != 0 {
		t.Fatalf("an interrupted put left %d blocks and %d pins in the store", len(blocks), len(pins))
	}
	entries, _ := os.ReadDir(filepath.Join(w.dir, "data", "pending"))
	if len(entries) != 0 {
		t.Fatalf("an interrupted put left %d pending entries", len(entries))
	}
}

func waitPending(t *testing.T, ec *ethclient.Client, h common.Hash) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		if _, pending, err := ec.TransactionByHash(context.Background(), h); err == nil && pending {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("transaction %s never reached the node's pool", h)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
