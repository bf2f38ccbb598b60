// Package pidlock gives one process at a time a directory, and tells the next one which process
// has it. The lock is an advisory flock on a file in the directory, so the kernel releases it
// when the holder exits, however it exits: a kill -9 never leaves a directory locked.
package pidlock

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// ErrHeld means another process holds the lock.
var ErrHeld = errors.New("in use by another process")

// HeldError is the error Acquire returns when another process holds the lock.
type HeldError struct {
	Path string
	// PID is the holder's process id, 0 if it could not be read.
	PID int
}

func (e *HeldError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("%s is in use by process %d", filepath.Dir(e.Path), e.PID)
	}
	return fmt.Sprintf("%s is in use by another process", filepath.Dir(e.Path))
}

// Unwrap lets callers test for ErrHeld.
func (e *HeldError) Unwrap() error { return ErrHeld }

// Lock is a held lock.
type Lock struct{ f *os.File }

// Acquire locks the file at path (creating it) without waiting and writes this process's id
// into it. If another process holds it, the error is a *HeldError naming that process.
func Acquire(path string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, &HeldError{Path: path, PID: Holder(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		_, err = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &Lock{f: f}, nil
}

// Holder returns the process id written in the lock file at path, or 0 if there is none.
// The file is left in place when a lock is released, so the id is only meaningful while the
// lock is held.
func Holder(path string) int {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}

// Release unlocks. The file stays: removing it would race with a process that has just opened
// it to lock it.
func (l *Lock) Release() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// FlockHolder returns the id of a process holding a flock on the file at path, read from the
// kernel's table of locks (/proc/locks), for locks whose holder does not write its id into the
// file. It returns 0 when no holder is found or the table cannot be read (outside Linux).
func FlockHolder(path string) int {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	table, err := os.ReadFile("/proc/locks")
	if err != nil {
		return 0
	}
	dev := fmt.Sprintf("%02x:%02x:%d", unix.Major(st.Dev), unix.Minor(st.Dev), st.Ino)
	for _, line := range strings.Split(string(table), "\n") {
		f := strings.Fields(line)
		// "1: FLOCK  ADVISORY  WRITE 10939 fe:00:5309123 0 EOF"; a waiter's line has "->" after
		// the number and is skipped: it does not hold the lock.
		if len(f) < 6 || f[1] != "FLOCK" || f[5] != dev {
			continue
		}
		if pid, err := strconv.Atoi(f[4]); err == nil && pid > 0 {
			return pid
		}
	}
	return 0
}
