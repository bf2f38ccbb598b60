package envelope

import (
	"bytes"
	"errors"
	"io"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

func FuzzParseHeader(f *testing.F) {
	good := (&header{chunkSize: ChunkSize}).marshal()
	fuzzcorpus.Bytes(f, good, (&header{chunkSize: minChunkSize - 1}).marshal(), (&header{chunkSize: maxChunkSize + 1}).marshal(), []byte(magic))
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(good, 0, len(magic), -1)...)
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := parseHeader(b)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		if !bytes.Equal(h.marshal(), b) {
			t.Fatalf("accepted header does not re-encode to itself")
		}
	})
}

func FuzzOpen(f *testing.F) {
	s := sealN(f, 200, minChunkSize)
	fuzzcorpus.Bytes(f, s.out, s.out[:headerSize], s.out[:headerSize+20], append(bytes.Clone(s.out), 1, 2, 3))
	// One bit flipped in the header, the first chunk's ciphertext, its tag, and the last byte.
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(s.out, 0, headerSize-1, headerSize, headerSize+minChunkSize+tagSize-1, -1)...)
	f.Fuzz(func(t *testing.T, in []byte) {
		res, err := Open(io.Discard, bytes.NewReader(in), s.key, s.ad)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrIntegrity) && !errors.Is(err, ErrSignature) {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		if res.SealedSize != int64(len(in)) {
			t.Fatalf("accepted %d bytes, reported %d", len(in), res.SealedSize)
		}
		// A forgery is out of a fuzzer's reach: only the genuine blob may open.
		if !bytes.Equal(in, s.out) {
			t.Fatalf("Open accepted a %d-byte input that is not the sealed blob", len(in))
		}
	})
}

// rawSeal frames arbitrary plaintext as a STREAM payload without the
// sealer's trailer logic: what a recipient who knows the data key could
// send to try to confuse the trailer parser.
func rawSeal(t *testing.T, key [32]byte, ad, plain []byte, cs int) []byte {
	h := header{chunkSize: cs}
	hdr := h.marshal()
	st, err := newStream(key, &h, hdr, ad)
	if err != nil {
		t.Fatal(err)
	}
	out := bytes.Clone(hdr)
	for {
		n := min(cs, len(plain))
		last := len(plain) <= cs
		buf := make([]byte, n, n+tagSize)
		copy(buf, plain[:n])
		m, err := st.seal(buf, n, last)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, buf[:m]...)
		plain = plain[n:]
		if last {
			return out
		}
	}
}

// acceptAll lets every trailer through so the fuzzer reaches the code that
// splits message from trailer, not just signature failures.
type acceptAll struct{}

func (acceptAll) Verify([32]byte, []byte) (common.Address, error) { return common.Address{}, nil }

func FuzzOpenDecryptedFraming(f *testing.F) {
	good := sealN(f, 50, minChunkSize)
	fuzzcorpus.Add(f, uint16(0), []byte{})
	fuzzcorpus.Add(f, uint16(minChunkSize-30), []byte{0, 65})
	fuzzcorpus.Add(f, uint16(minChunkSize), []byte{0xff, 0xff})
	fuzzcorpus.Add(f, uint16(3), []byte{0x20, 0x00})
	fuzzcorpus.Add(f, uint16(minChunkSize+5), []byte{1, 2, 3, 0, 3})
	f.Fuzz(func(t *testing.T, pad uint16, tail []byte) {
		plain := append(make([]byte, int(pad)), tail...)
		in := rawSeal(t, good.key, good.ad, plain, minChunkSize)
		var out bytes.Buffer
		res, err := Open(&out, bytes.NewReader(in), good.key, good.ad, WithVerifier(acceptAll{}))
		if err != nil {
			if len(plain) == 0 && !errors.Is(err, ErrTruncated) {
				t.Fatalf("empty payload: %v", err)
			}
			if len(plain) > 0 && !errors.Is(err, ErrFormat) {
				t.Fatalf("well-framed stream: unexpected error %v", err)
			}
			return
		}
		if want := len(plain) - len(res.Signature) - 2; out.Len() != want || !bytes.Equal(out.Bytes(), plain[:want]) {
			t.Fatalf("released %d bytes, want the %d before the trailer", out.Len(), want)
		}
	})
}

func FuzzOpenLocation(f *testing.F) {
	key := detKey(f, "k")
	s, err := SealLocation(detReader("n"), key, []byte("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"), nil)
	if err != nil {
		f.Fatal(err)
	}
	fuzzcorpus.Bytes(f, s, s[:20], []byte{1})
	fuzzcorpus.Bytes(f, fuzzcorpus.Mutations(s, 0, 1, len(s)/2, -1)...)
	f.Fuzz(func(t *testing.T, in []byte) {
		cid, err := OpenLocation(key, in, nil)
		if err != nil {
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrIntegrity) {
				t.Fatalf("unclassified error: %v", err)
			}
			return
		}
		if len(cid) == 0 || len(cid) > MaxLocationSize {
			t.Fatalf("opened a %d-byte location", len(cid))
		}
	})
}
