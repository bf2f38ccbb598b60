package embedded_test

import (
	"errors"
	"testing"

	"github.com/emrchain/emrchain/storage/embedded"
)

// A second opener of the same directory must be refused, and the lock must go with Close.
func TestOpenLocksTheDirectory(t *testing.T) {
	dir := t.TempDir()
	s, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := embedded.Open(dir); !errors.Is(err, embedded.ErrLocked) {
		t.Fatalf("second open: %v, want ErrLocked", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s2, err := embedded.Open(dir, embedded.NoSync())
	if err != nil {
		t.Fatalf("open after close: %v", err)
	}
	s2.Close()
}
