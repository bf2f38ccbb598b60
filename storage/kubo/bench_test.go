package kubo

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"testing"

	"github.com/emrchain/emrchain/storage/dag"
)

var benchSizes = []int{128 << 10, 1 << 20, 16 << 20, 64 << 20}

func benchName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return fmt.Sprintf("%dKiB", n>>10)
}

func benchNode(b *testing.B) *Client {
	api := os.Getenv("EMRCHAIN_KUBO_API")
	if api == "" {
		b.Skip("EMRCHAIN_KUBO_API is not set; see scripts/kubo.sh")
	}
	c, err := New(api)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// freshen writes a new counter into every chunk so Kubo holds none of the
// blocks: it skips writing blocks it has, which would flatter repeated puts.
func freshen(data []byte, i uint64) {
	for off := 0; off+8 <= len(data); off += dag.ChunkSize {
		binary.LittleEndian.PutUint64(data[off:], i)
	}
}

func BenchmarkPut(b *testing.B) {
	c := benchNode(b)
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run(benchName(n), func(b *testing.B) {
			data := make([]byte, n)
			rand.Read(data)
			b.SetBytes(int64(n))
			for i := 0; i < b.N; i++ {
				freshen(data, uint64(i))
				root, err := c.Put(ctx, bytes.NewReader(data))
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if err := c.Remove(ctx, root); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}

func BenchmarkGet(b *testing.B) {
	c := benchNode(b)
	ctx := context.Background()
	for _, n := range benchSizes {
		b.Run(benchName(n), func(b *testing.B) {
			data := make([]byte, n)
			rand.Read(data)
			root, err := c.Put(ctx, bytes.NewReader(data))
			if err != nil {
				b.Fatal(err)
			}
			defer c.Remove(ctx, root)
			b.SetBytes(int64(n))
			b.ResetTimer()
			for b.Loop() {
				r, err := c.Get(ctx, root)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := io.Copy(io.Discard, r); err != nil {
					b.Fatal(err)
				}
				r.Close()
			}
		})
	}
}
