// Package fuzzcorpus keeps each fuzz target's near-valid seed inputs as committed corpus files
// (testdata/fuzz/<Target>/), the form `go test` replays as ordinary tests and `go test -fuzz`
// starts mutating from. Seeds live in code, where they can be built from real encodings and then
// broken in one precise way (a point off the curve, a scalar at the modulus, a signature by the
// wrong key); `go test -run '^Fuzz' ./... -fuzzcorpus` rewrites the files from them.
package fuzzcorpus

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var write = flag.Bool("fuzzcorpus", false, "rewrite testdata/fuzz/<Target>/ from the targets' seed inputs")

// Add registers one seed input (the fuzz function's arguments, in order) with f, and writes it
// to the target's corpus directory when -fuzzcorpus is set. Supported argument types are the
// ones the project's targets take: []byte, string, bool and the sized integers.
func Add(f *testing.F, args ...any) {
	f.Helper()
	f.Add(args...)
	if !*write {
		return
	}
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%+q)\n", v)
		case string:
			fmt.Fprintf(&b, "string(%+q)\n", v)
		case bool:
			fmt.Fprintf(&b, "bool(%t)\n", v)
		case uint8, uint16, uint32, uint64, int8, int16, int32, int64, int, uint:
			fmt.Fprintf(&b, "%T(%d)\n", v, v)
		default:
			f.Fatalf("fuzzcorpus: unsupported seed type %T", a)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	dir := filepath.Join("testdata", "fuzz", f.Name())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, hex.EncodeToString(sum[:8])), []byte(b.String()), 0o644); err != nil {
		f.Fatal(err)
	}
}

// Bytes registers each input as a single-[]byte seed.
func Bytes(f *testing.F, inputs ...[]byte) {
	f.Helper()
	for _, in := range inputs {
		Add(f, in)
	}
}

// Mutations returns near-valid variants of a valid encoding: truncated by one byte, extended
// by one, and with a single bit flipped at each of the given offsets (negative offsets count
// from the end). They are the inputs a careful parser must reject one by one.
func Mutations(valid []byte, flipAt ...int) [][]byte {
	out := [][]byte{}
	if len(valid) > 0 {
		out = append(out, append([]byte(nil), valid[:len(valid)-1]...))
	}
	out = append(out, append(append([]byte(nil), valid...), 0))
	for _, at := range flipAt {
		if at < 0 {
			at += len(valid)
		}
		if at < 0 || at >= len(valid) {
			continue
		}
		m := append([]byte(nil), valid...)
		m[at] ^= 0x01
		out = append(out, m)
	}
	return out
}
