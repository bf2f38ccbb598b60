package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"

	"github.com/emrchain/emrchain/crypto/keyfile"
)

// TestPromptShownOnlyOnceEchoIsOff holds the prompt's write on a pseudo-terminal whose output
// queue is full, and looks at the terminal meanwhile: echo must already be off, or a passphrase
// typed the moment the prompt appears is shown on the screen (as it once was, under load).
func TestPromptShownOnlyOnceEchoIsOff(t *testing.T) {
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	defer m.Close()
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Fatal(err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/dev/pts/%d", n)
	// The test's own end of the slave, raw and non-blocking, to fill the output queue.
	fd, err := unix.Open(path, unix.O_RDWR|unix.O_NOCTTY|unix.O_NONBLOCK, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fd)
	echoing := func() bool {
		tio, err := unix.IoctlGetTermios(fd, unix.TCGETS)
		if err != nil {
			t.Fatal(err)
		}
		return tio.Lflag&unix.ECHO != 0
	}
	if !echoing() {
		t.Fatal("a new pseudo-terminal does not echo: the test shows nothing")
	}
	filler := bytes.Repeat([]byte("x"), 512)
	for {
		if _, err := unix.Write(fd, filler); errors.Is(err, unix.EAGAIN) {
			break
		} else if err != nil {
			t.Fatal(err)
		}
	}

	old := openTerminal
	openTerminal = func() (*os.File, error) { return os.OpenFile(path, os.O_RDWR|syscall.O_NOCTTY, 0) }
	defer func() { openTerminal = old }()
	type result struct {
		p   keyfile.Passphrase
		err error
	}
	done := make(chan result, 1)
	go func() {
		p, err := promptPassphrase("Passphrase", false)
		done <- result{p, err}
	}()

	// The prompt cannot be written while the queue is full; echo must go off before it is.
	deadline := time.Now().Add(10 * time.Second)
	for echoing() {
		if time.Now().After(deadline) {
			t.Fatal("the prompt is being written while the terminal still echoes")
		}
		time.Sleep(5 * time.Millisecond)
	}

	var mu sync.Mutex
	var screen bytes.Buffer
	go func() {
		buf := make([]byte, 4096)
		for {
			k, err := m.Read(buf)
			mu.Lock()
			screen.Write(buf[:k])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	shown := func() string { mu.Lock(); defer mu.Unlock(); return screen.String() }
	for !bytes.Contains([]byte(shown()), []byte("Passphrase: ")) {
		if time.Now().After(deadline) {
			t.Fatalf("no prompt; the terminal shows %q", shown())
		}
		time.Sleep(5 * time.Millisecond)
	}
	const pass = "correct horse battery staple"
	if _, err := m.Write([]byte(pass + "\n")); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.err != nil {
		t.Fatal(r.err)
	}
	if string(r.p.Reveal()) != pass {
		t.Fatalf("read %q", r.p.Reveal())
	}
	if bytes.Contains([]byte(shown()), []byte("horse")) {
		t.Fatalf("the passphrase was echoed: %q", shown())
	}
	if !echoing() {
		t.Fatal("echo was left off")
	}
}
