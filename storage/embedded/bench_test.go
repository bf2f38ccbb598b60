package embedded

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"

	"github.com/emrchain/emrchain/storage/dag"
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

// BenchmarkPut stores fresh bytes each iteration (a new counter in every
// chunk) into the default, durable store and into a NoSync one; objects are
// removed outside the timer so the disk does not fill.
func BenchmarkPut(b *testing.B) {
	for _, mode := range []struct {
		name string
		opts []Option
	}{{"durable", nil}, {"nosync", []Option{NoSync()}}} {
		for _, n := range benchSizes {
			b.Run(mode.name+"/"+benchName(n), func(b *testing.B) {
				s, err := Open(b.TempDir(), mode.opts...)
				if err != nil {
					b.Fatal(err)
				}
				defer s.Close()
				ctx := context.Background()
				data := benchData(n)
				b.SetBytes(int64(n))
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					for off := 0; off+8 <= n; off += dag.ChunkSize {
						binary.LittleEndian.PutUint64(data[off:], uint64(i))
					}
					root, err := s.Put(ctx, bytes.NewReader(data))
					if err != nil {
						b.Fatal(err)
					}
					b.StopTimer()
					if err := s.Remove(ctx, root); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
			})
		}
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
