package envelope

import (
	"bytes"
	"fmt"
	"io"
	"testing"
)

var benchSizes = []int{128 << 10, 1 << 20, 16 << 20, 64 << 20}

func sizeName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%dMiB", n>>20)
	}
	return fmt.Sprintf("%dKiB", n>>10)
}

func BenchmarkSeal(b *testing.B) {
	key := detKey(b, "k")
	signer := detSigner(b, "p")
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			plain := detBytes(b, "plain", n)
			b.SetBytes(int64(n))
			r := bytes.NewReader(plain)
			for b.Loop() {
				r.Reset(plain)
				if _, err := Seal(nil, io.Discard, r, key, signer, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkOpen(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(sizeName(n), func(b *testing.B) {
			s := sealN(b, n, ChunkSize)
			b.SetBytes(int64(n))
			r := bytes.NewReader(s.out)
			for b.Loop() {
				r.Reset(s.out)
				if _, err := Open(io.Discard, r, s.key, s.ad); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSealLocation(b *testing.B) {
	key := detKey(b, "k")
	cid := []byte("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")
	for b.Loop() {
		if _, err := SealLocation(nil, key, cid, nil); err != nil {
			b.Fatal(err)
		}
	}
}
