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
