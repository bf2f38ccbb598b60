package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// terminal runs one command on a new pseudo-terminal, as a person at a shell would, and records
// everything the terminal shows.
type terminal struct {
	t      *testing.T
	master *os.File
	cmd    *exec.Cmd
	mu     sync.Mutex
	shown  bytes.Buffer
	done   chan struct{}
}

func openPTY(t *testing.T) (master, slave *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		m.Close()
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		m.Close()
		t.Fatal(err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Fatal(err)
	}
	return m, s
}

func onTerminal(t *testing.T, bin string, env []string, args ...string) *terminal {
	t.Helper()
	master, slave := openPTY(t)
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	// Its own session with the pseudo-terminal as controlling terminal: /dev/tty is this one.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	slave.Close()
	term := &terminal{t: t, master: master, cmd: cmd, done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			term.mu.Lock()
			term.shown.Write(buf[:n])
			term.mu.Unlock()
			if err != nil {
				close(term.done)
				return
			}
		}
	}()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
		master.Close()
	})
	return term
}

func (term *terminal) screen() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.shown.String()
}

// expect waits until the terminal shows want.
func (term *terminal) expect(want string) {
	term.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(term.screen(), want) {
		if time.Now().After(deadline) {
			term.t.Fatalf("the terminal never showed %q; it shows:\n%s", want, term.screen())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (term *terminal) typeLine(s string) {
	term.t.Helper()
	if _, err := term.master.Write([]byte(s + "\r")); err != nil {
		term.t.Fatal(err)
	}
}

// exit waits for the command and returns its exit status.
func (term *terminal) exit() int {
	term.t.Helper()
	done := make(chan error, 1)
	go func() { done <- term.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(time.Minute):
		term.t.Fatalf("the command did not finish; the terminal shows:\n%s", term.screen())
	}
	select {
	case <-term.done:
	case <-time.After(5 * time.Second):
	}
	return term.cmd.ProcessState.ExitCode()
}

// TestPassphrasePromptOnATerminal creates and opens an identity with no passphrase configured,
// typing it at the prompt: it is asked for without echo, twice for a new key, and a short one
// is refused before anything is made.
func TestPassphrasePromptOnATerminal(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI")
	}
	dir := t.TempDir()
	bin := buildCLI(t, dir)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "EMRCHAIN_") {
			env = append(env, kv)
		}
	}
	id := filepath.Join(dir, "alice")

	term := onTerminal(t, bin, env, "keys", "new", "--dir", id, "--name", "alice", "--light")
	term.expect("Passphrase for the new key")
	term.typeLine("hunter2")
	if code := term.exit(); code != 2 || !strings.Contains(term.screen(), "at least 12") {
		t.Fatalf("a short passphrase: exit %d, terminal:\n%s", code, term.screen())
	}
	if _, err := os.Stat(id); !os.IsNotExist(err) {
		t.Fatalf("a refused passphrase left %s behind", id)
	}
	if strings.Contains(term.screen(), "hunter2") {
		t.Fatalf("the passphrase was echoed:\n%s", term.screen())
	}

	const pass = "correct horse battery staple"
	term = onTerminal(t, bin, env, "keys", "new", "--dir", id, "--name", "alice", "--light")
	term.expect("Passphrase for the new key")
	term.typeLine(pass)
	term.expect("Repeat it")
	term.typeLine(pass + " typo")
	if code := term.exit(); code != 2 || !strings.Contains(term.screen(), "differ") {
		t.Fatalf("passphrases that differ: exit %d, terminal:\n%s", code, term.screen())
	}

	term = onTerminal(t, bin, env, "keys", "new", "--dir", id, "--name", "alice", "--light")
	term.expect("Passphrase for the new key")
	term.typeLine(pass)
	term.expect("Repeat it")
	term.typeLine(pass)
	if code := term.exit(); code != 0 || !strings.Contains(term.screen(), "address:") {
		t.Fatalf("keys new on a terminal: exit %d, terminal:\n%s", code, term.screen())
	}
	if strings.Contains(term.screen(), "horse") {
		t.Fatalf("the passphrase was echoed:\n%s", term.screen())
	}

	term = onTerminal(t, bin, env, "keys", "show", "--dir", id)
	term.expect("Passphrase: ")
	term.typeLine(pass)
	if code := term.exit(); code != 0 || !strings.Contains(term.screen(), "address:") || strings.Contains(term.screen(), "horse") {
		t.Fatalf("keys show on a terminal: exit %d, terminal:\n%s", code, term.screen())
	}

	// Without a terminal (a script, CI) nothing waits: the error says how to pass it.
	// Setsid: no controlling terminal, even when the test itself runs on one.
	cmd := exec.Command(bin, "keys", "show", "--dir", id)
	cmd.Env = env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	err := cmd.Run()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(stderr.String(), "--password-file") {
		t.Fatalf("no terminal, no passphrase: %v, %s", err, stderr.String())
	}
}
