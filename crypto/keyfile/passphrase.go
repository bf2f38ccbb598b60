package keyfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
)

// ErrNoPassphrase means no passphrase was configured, or the one configured is empty.
var ErrNoPassphrase = errors.New("keyfile: no passphrase")

const redacted = "[redacted]"

// Passphrase holds a passphrase and refuses to show it: every fmt verb, JSON and text
// marshalling print "[redacted]", so a Passphrase inside a config struct cannot end up in a log.
type Passphrase struct {
	b []byte
}

// NewPassphrase wraps b, which the Passphrase keeps (callers should not reuse it).
func NewPassphrase(b []byte) Passphrase { return Passphrase{b: b} }

// Reveal returns the passphrase itself, for key derivations outside this package (go-ethereum's
// keystore). Named so that every place a passphrase leaves its wrapper is easy to find.
func (p Passphrase) Reveal() []byte { return p.b }

// IsZero reports whether no passphrase is set.
func (p Passphrase) IsZero() bool { return len(p.b) == 0 }

// String returns "[redacted]".
func (p Passphrase) String() string { return redacted }

// GoString returns "[redacted]", for %#v.
func (p Passphrase) GoString() string { return redacted }

// Format prints "[redacted]" for every verb, including %x and %q.
func (p Passphrase) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(redacted)) }

// MarshalText returns "[redacted]", for encoders such as zerolog and encoding/json.
func (p Passphrase) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// ReadPassphrase loads a passphrase from file if it is set, otherwise from the environment
// variable envVar. A single trailing newline (LF or CRLF) is dropped from the file, since editors
// add one; anything else is kept. The error never contains the passphrase.
func ReadPassphrase(file, envVar string) (Passphrase, error) {
	if file != "" {
		b, err := os.ReadFile(file)
		if err != nil {
			return Passphrase{}, fmt.Errorf("keyfile: passphrase file: %w", err)
		}
		b = bytes.TrimSuffix(b, []byte("\n"))
		b = bytes.TrimSuffix(b, []byte("\r"))
		if len(b) == 0 {
			return Passphrase{}, fmt.Errorf("%w: passphrase file %s is empty", ErrNoPassphrase, file)
		}
		return Passphrase{b: b}, nil
	}
	if envVar == "" {
		return Passphrase{}, fmt.Errorf("%w: neither a passphrase file nor an environment variable is configured", ErrNoPassphrase)
	}
	v, ok := os.LookupEnv(envVar)
	if !ok || v == "" {
		return Passphrase{}, fmt.Errorf("%w: environment variable %s is not set", ErrNoPassphrase, envVar)
	}
	return Passphrase{b: []byte(v)}, nil
}
