package embedded

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/ipfs/go-cid"
)

var benchSizes = []int{128 << 10, 1 << 20, 16 << 20, 64 << 20}

func benchName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return fmt.Sprintf("%dKiB", n>>10)
}

func benchData(n int) []byte {
	b := make([]byte, n)
	rand.NewChaCha8([32]byte{42}).Read(b)
	return b
}

// BenchmarkPut stores fresh bytes each iteration: the first byte is varied so
// no block is already present, which would make flatfs skip nothing but would
// make the comparison across sizes unfair for small objects.
func BenchmarkPut(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(benchName(n), func(b *testing.B) {
			s, err := Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			data := benchData(n)
			b.SetBytes(int64(n))
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				data[0], data[len(data)-1] = byte(i), byte(i>>8)
				if _, err := s.Put(context.Background(), bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkGet(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(benchName(n), func(b *testing.B) {
			s, err := Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			c, err := s.Put(context.Background(), bytes.NewReader(benchData(n)))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(n))
			b.ResetTimer()
			for b.Loop() {
				readAll(b, s, c)
			}
		})
	}
}

func readAll(b *testing.B, s *Store, c cid.Cid) {
	r, err := s.Get(context.Background(), c)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		b.Fatal(err)
	}
	r.Close()
}

// BenchmarkSHA256 is the floor both directions are compared with: every
// byte is hashed once on Put and once on Get.
func BenchmarkSHA256(b *testing.B) {
	data := benchData(64 << 20)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		sha256.Sum256(data)
	}
}
