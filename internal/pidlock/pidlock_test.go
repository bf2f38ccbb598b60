package pidlock

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func TestSecondAcquireNamesTheHolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "LOCK")
	l, err := Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Acquire(path)
	var held *HeldError
	if !errors.As(err, &held) || !errors.Is(err, ErrHeld) {
		t.Fatalf("second Acquire: %v, want a HeldError", err)
	}
	if held.PID != os.Getpid() {
		t.Fatalf("holder %d, want %d", held.PID, os.Getpid())
	}
	if err := l.Release(); err != nil {
		t.Fatal(err)
	}
	l2, err := Acquire(path)
	if err != nil {
		t.Fatalf("Acquire after Release: %v", err)
	}
	l2.Release()
}

// childLock keeps the child's lock alive (see TestKilledHolderReleases).
var childLock *Lock

// TestKilledHolderReleases holds the lock in a child process, kills it with SIGKILL, and takes
// the lock: a crash must never leave the directory locked.
func TestKilledHolderReleases(t *testing.T) {
	if os.Getenv("PIDLOCK_CHILD") != "" {
		// Kept reachable: an unreachable Lock's file is closed by its finalizer at the next
		// garbage collection, which releases the flock while the child still "holds" it.
		l, err := Acquire(os.Getenv("PIDLOCK_CHILD"))
		if err != nil {
			os.Exit(2)
		}
		childLock = l
		os.Stdout.WriteString("locked\n")
		select {}
	}
	path := filepath.Join(t.TempDir(), "LOCK")
	cmd := exec.Command(os.Args[0], "-test.run=^TestKilledHolderReleases$")
	cmd.Env = append(os.Environ(), "PIDLOCK_CHILD="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	if line, _ := bufio.NewReader(out).ReadString('\n'); line != "locked\n" {
		cmd.Process.Kill()
		t.Fatalf("child said %q", line)
	}
	_, err = Acquire(path)
	var held *HeldError
	if !errors.As(err, &held) || held.PID != cmd.Process.Pid {
		cmd.Process.Kill()
		t.Fatalf("while the child holds it: %v, want held by %d", err, cmd.Process.Pid)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	l, err := Acquire(path)
	if err != nil {
		t.Fatalf("after kill -9: %v", err)
	}
	l.Release()
}

func TestFlockHolderReadsTheKernelsTable(t *testing.T) {
	if _, err := os.Stat("/proc/locks"); err != nil {
		t.Skip("no /proc/locks on this system")
	}
	path := filepath.Join(t.TempDir(), "LOCK")
	if got := FlockHolder(path); got != 0 {
		t.Fatalf("holder of a missing file: %d", got)
	}
	l, err := Acquire(path)
	if err != nil {
		t.Fatal(err)
	}
	// Emptied, so only the kernel's table can name the holder.
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if got := FlockHolder(path); got != os.Getpid() {
		t.Fatalf("FlockHolder = %d, want %d", got, os.Getpid())
	}
	l.Release()
	if got := FlockHolder(path); got != 0 {
		t.Fatalf("holder after Release: %d", got)
	}
}
