package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"
)

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestDevnetStartAndIdleStopAreQuiet: a devnet's first start logs no error about its own oracle
// and proxies not being enrolled (it enrols them before they start), and Ctrl-C on an idle devnet
// warns about no answers in flight. At the debug level, so that the services' own lines show.
func TestDevnetStartAndIdleStopAreQuiet(t *testing.T) {
	e := newCLIEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"emrchain", "--data-dir", e.dataDir, "--log-level", "debug", "devnet",
			"--port", fmt.Sprint(freePort(t)), "--indexer-port", fmt.Sprint(freePort(t))}, &stdout, &stderr)
	}()
	deadline := time.After(3 * time.Minute)
	for !strings.Contains(stderr.String(), "devnet running") {
		select {
		case code := <-done:
			t.Fatalf("devnet stopped on its own: exit %d\n%s", code, stderr.String())
		case <-deadline:
			t.Fatalf("devnet did not start:\n%s", stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	// Idle: a few blocks pass with nothing to answer.
	time.Sleep(2 * time.Second)
	started := stderr.String()
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("devnet exited %d on Ctrl-C\n%s", code, stderr.String())
		}
	case <-time.After(time.Minute):
		t.Fatal("devnet did not stop on Ctrl-C")
	}
	stopped := strings.TrimPrefix(stderr.String(), started)
	for _, line := range strings.Split(started, "\n") {
		if strings.Contains(line, " ERR ") || strings.Contains(line, "until the account is enrolled") {
			t.Errorf("devnet start logged an error: %s", line)
		}
	}
	for _, line := range strings.Split(stopped, "\n") {
		if strings.Contains(line, " ERR ") || strings.Contains(line, " WRN ") || strings.Contains(line, "in flight") {
			t.Errorf("idle Ctrl-C logged: %s", line)
		}
	}
	if !strings.Contains(stopped, "oracle stopped") {
		t.Errorf("no sign the oracle stopped:\n%s", stopped)
	}
}
