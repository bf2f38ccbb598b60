package envelope

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/iotest"

	"github.com/ethereum/go-ethereum/common"
)

const ethTrailer = 65 + 2

func TestRoundTrip(t *testing.T) {
	type tc struct{ n, cs int }
	var cases []tc
	for _, cs := range []int{ChunkSize, minChunkSize} {
		for _, n := range []int{
			0, 1, 2,
			cs - ethTrailer - 1, cs - ethTrailer, cs - ethTrailer + 1, // trailer ends / splits at the boundary
			cs - 2, cs - 1, cs, cs + 1,
			3*cs - ethTrailer, 3*cs + 123,
		} {
			cases = append(cases, tc{n, cs})
		}
	}
	cases = append(cases, tc{5<<20 + 17, ChunkSize}, tc{2<<20 + 5, maxChunkSize})
	for _, c := range cases {
		t.Run(fmt.Sprintf("cs=%d/n=%d", c.cs, c.n), func(t *testing.T) {
			s := sealN(t, c.n, c.cs)
			chunks := (c.n + ethTrailer + c.cs - 1) / c.cs
			if want := int64(headerSize + c.n + ethTrailer + chunks*tagSize); s.info.SealedSize != want || int64(len(s.out)) != want {
				t.Errorf("sealed size %d (reported %d), want %d", len(s.out), s.info.SealedSize, want)
			}
			if s.info.SealedSHA256 != sha256.Sum256(s.out) {
				t.Error("SealedSHA256 is not the hash of the bytes written")
			}
			if s.info.PlaintextSHA256 != sha256.Sum256(s.plain) || s.info.PlaintextSize != int64(c.n) {
				t.Error("Sealed reports the wrong plaintext hash or size")
			}
			got, res, err := s.open(t, s.out, ExpectSigner(s.signer.Address()), ExpectSealedSHA256(s.info.SealedSHA256))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, s.plain) {
				t.Fatalf("plaintext differs (%d bytes, want %d)", len(got), len(s.plain))
			}
			if res.Signer != s.signer.Address() || res.PlaintextSHA256 != s.info.PlaintextSHA256 ||
				res.SealedSHA256 != s.info.SealedSHA256 || res.PlaintextSize != s.info.PlaintextSize ||
				res.SealedSize != s.info.SealedSize || !bytes.Equal(res.Signature, s.info.Signature) {
				t.Errorf("Opened %+v does not match Sealed %+v", res, s.info)
			}
		})
	}
}

func TestSmallReadsAndWrites(t *testing.T) {
	plain := detBytes(t, "plain", 3*minChunkSize+77)
	key := detKey(t, "k")
	var buf bytes.Buffer
	info, err := seal(nil, &buf, iotest.OneByteReader(bytes.NewReader(plain)), key, detSigner(t, "p"), nil, minChunkSize)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	res, err := Open(&out, iotest.HalfReader(bytes.NewReader(buf.Bytes())), key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), plain) || res.SealedSHA256 != info.SealedSHA256 {
		t.Error("round trip through short reads differs")
	}
}

func TestSealIsRandomised(t *testing.T) {
	plain := []byte("same record")
	key := detKey(t, "k")
	var a, b bytes.Buffer
	if _, err := Seal(nil, &a, bytes.NewReader(plain), key, detSigner(t, "p"), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := Seal(nil, &b, bytes.NewReader(plain), key, detSigner(t, "p"), nil); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two seals of one record under one key are identical")
	}
}

func TestWrongKeyOrAD(t *testing.T) {
	s := sealN(t, 1000, minChunkSize)
	var out bytes.Buffer
	other := detKey(t, "other")
	if _, err := Open(&out, bytes.NewReader(s.out), other, s.ad); !errors.Is(err, ErrIntegrity) {
		t.Errorf("wrong key: err = %v, want ErrIntegrity", err)
	}
	if _, err := Open(&out, bytes.NewReader(s.out), s.key, []byte("patient 0xabc / record 8")); !errors.Is(err, ErrIntegrity) {
		t.Errorf("wrong ad: err = %v, want ErrIntegrity", err)
	}
	if out.Len() != 0 {
		t.Errorf("%d plaintext bytes released under the wrong key or ad", out.Len())
	}
}

func TestTamperEveryByte(t *testing.T) {
	s := sealN(t, 300, minChunkSize)
	for i := range s.out {
		bad := bytes.Clone(s.out)
		bad[i] ^= 0x40
		_, _, err := s.open(t, bad)
		switch {
		case err == nil:
			t.Fatalf("flipped byte %d accepted", i)
		case i < headerSize:
			if !errors.Is(err, ErrFormat) && !errors.Is(err, ErrIntegrity) {
				t.Fatalf("header byte %d: err = %v", i, err)
			}
		case !errors.Is(err, ErrIntegrity) || errors.Is(err, ErrTruncated):
			t.Fatalf("byte %d: err = %v, want ErrIntegrity", i, err)
		}
	}
}

func TestTamperMultiChunk(t *testing.T) {
	cs := minChunkSize
	s := sealN(t, 3*cs+500, cs)
	var positions []int
	for i := headerSize; i < len(s.out); i += 97 {
		positions = append(positions, i)
	}
	for c := range 4 {
		start, end := chunkAt(cs, c)
		end = min(end, len(s.out))
		positions = append(positions, start, start+1, end-tagSize-1, end-tagSize, end-1)
	}
	for _, i := range positions {
		bad := bytes.Clone(s.out)
		bad[i] ^= 1
		if _, _, err := s.open(t, bad); !errors.Is(err, ErrIntegrity) || errors.Is(err, ErrTruncated) {
			t.Fatalf("byte %d: err = %v, want ErrIntegrity", i, err)
		}
	}
}

func TestTruncation(t *testing.T) {
	cs := minChunkSize
	s := sealN(t, 3*cs+500, cs) // chunks 0..2 full, chunk 3 final
	for _, n := range []int{0, 1, headerSize - 1, headerSize, headerSize + 1} {
		if _, _, err := s.open(t, s.out[:n]); !errors.Is(err, ErrTruncated) {
			t.Errorf("cut at %d: err = %v, want ErrTruncated", n, err)
		}
	}
	for c := 1; c <= 3; c++ {
		end, _ := chunkAt(cs, c)
		if _, _, err := s.open(t, s.out[:end]); !errors.Is(err, ErrTruncated) {
			t.Errorf("cut after chunk %d: err = %v, want ErrTruncated", c-1, err)
		}
		for _, back := range []int{1, tagSize, tagSize + 1, cs / 2} {
			if _, _, err := s.open(t, s.out[:end-back]); !errors.Is(err, ErrIntegrity) {
				t.Errorf("cut %d bytes into chunk %d: err = %v, want ErrIntegrity", back, c-1, err)
			}
		}
	}
	for _, back := range []int{1, 20, 200} {
		if _, _, err := s.open(t, s.out[:len(s.out)-back]); !errors.Is(err, ErrIntegrity) {
			t.Errorf("cut %d bytes from the final chunk: err = %v", back, err)
		}
	}
}

func TestChunkReorderingAndExtension(t *testing.T) {
	cs := minChunkSize
	s := sealN(t, 3*cs+500, cs)
	hdr := s.out[:headerSize]
	ch := make([][]byte, 4)
	for i := range ch {
		a, b := chunkAt(cs, i)
		ch[i] = s.out[a:min(b, len(s.out))]
	}
	other := sealN(t, 100, cs)
	cases := map[string][]byte{
		"swap 0 and 1":          cat(hdr, ch[1], ch[0], ch[2], ch[3]),
		"duplicate 0":           cat(hdr, ch[0], ch[0], ch[1], ch[2], ch[3]),
		"drop middle":           cat(hdr, ch[0], ch[2], ch[3]),
		"final moved earlier":   cat(hdr, ch[0], ch[3]),
		"extra byte":            cat(s.out, []byte{0}),
		"final twice":           cat(s.out, ch[3]),
		"chunk appended":        cat(s.out, ch[1]),
		"two envelopes":         cat(s.out, other.out),
		"final from other seal": cat(hdr, ch[0], ch[1], ch[2], other.out[headerSize:]),
	}
	for name, in := range cases {
		if _, _, err := s.open(t, in); !errors.Is(err, ErrIntegrity) || errors.Is(err, ErrTruncated) {
			t.Errorf("%s: err = %v, want ErrIntegrity", name, err)
		}
	}
	if _, _, err := s.open(t, cat(hdr, ch[0], ch[1], ch[2])); !errors.Is(err, ErrTruncated) {
		t.Errorf("final chunk dropped: err = %v, want ErrTruncated", err)
	}
}

func TestExpectations(t *testing.T) {
	s := sealN(t, 5000, minChunkSize)
	if _, _, err := s.open(t, s.out, ExpectSigner(detSigner(t, "someone else").Address())); !errors.Is(err, ErrSignature) {
		t.Errorf("wrong expected signer: err = %v, want ErrSignature", err)
	}
	var wrong [32]byte
	wrong[0] = 1
	if _, _, err := s.open(t, s.out, ExpectSealedSHA256(wrong)); !errors.Is(err, ErrIntegrity) {
		t.Errorf("wrong content hash: err = %v, want ErrIntegrity", err)
	}
	if _, res, err := s.open(t, s.out, ExpectSigner(s.signer.Address()), ExpectSealedSHA256(s.info.SealedSHA256)); err != nil || res.Signer != s.signer.Address() {
		t.Errorf("matching expectations: %v", err)
	}
}

// signerFunc adapts a function to Signer for tests that misbehave.
type signerFunc func([32]byte) ([]byte, error)

func (f signerFunc) Sign(d [32]byte) ([]byte, error) { return f(d) }

func TestSignatureBinding(t *testing.T) {
	provider := detSigner(t, "provider")
	plain := detBytes(t, "plain", 2000)
	orig := sealWith(t, plain, minChunkSize, provider)

	// Replay the provider's genuine signature onto another record id, and
	// onto other content under the same record id: neither verifies.
	replay := signerFunc(func([32]byte) ([]byte, error) { return orig.info.Signature, nil })
	movedAD := []byte("patient 0xabc / record 8")
	var moved bytes.Buffer
	if _, err := seal(nil, &moved, bytes.NewReader(plain), orig.key, replay, movedAD, minChunkSize); err != nil {
		t.Fatal(err)
	}
	movedBytes := moved.Bytes()
	if _, err := Open(io.Discard, bytes.NewReader(movedBytes), orig.key, movedAD, ExpectSigner(provider.Address())); !errors.Is(err, ErrSignature) {
		t.Errorf("signature moved to another record id: err = %v, want ErrSignature", err)
	}
	// Recovery-based verification always names some account; without an
	// expectation the caller sees that it is not the provider.
	if res, err := Open(io.Discard, bytes.NewReader(movedBytes), orig.key, movedAD); err == nil && res.Signer == provider.Address() {
		t.Error("moved signature still recovers to the provider")
	}
	edited := sealWith(t, append(bytes.Clone(plain), '!'), minChunkSize, replay)
	if _, _, err := edited.open(t, edited.out, ExpectSigner(provider.Address())); !errors.Is(err, ErrSignature) {
		t.Errorf("signature reused on edited content: err = %v, want ErrSignature", err)
	}

	// A signature by another key verifies, but as that key's account.
	impostor := detSigner(t, "impostor")
	forged := sealWith(t, plain, minChunkSize, impostor)
	if _, _, err := forged.open(t, forged.out, ExpectSigner(provider.Address())); !errors.Is(err, ErrSignature) {
		t.Errorf("impostor's signature: err = %v, want ErrSignature", err)
	}

	garbage := sealWith(t, plain, minChunkSize, signerFunc(func([32]byte) ([]byte, error) {
		return bytes.Repeat([]byte{0x5a}, 65), nil
	}))
	if _, _, err := garbage.open(t, garbage.out); !errors.Is(err, ErrSignature) {
		t.Errorf("garbage signature: err = %v, want ErrSignature", err)
	}
}

func TestSignerFailures(t *testing.T) {
	boom := errors.New("hsm offline")
	cases := map[string]Signer{
		"error":     signerFunc(func([32]byte) ([]byte, error) { return nil, boom }),
		"empty":     signerFunc(func([32]byte) ([]byte, error) { return nil, nil }),
		"too large": signerFunc(func([32]byte) ([]byte, error) { return make([]byte, MaxSignatureSize+1), nil }),
		"nil":       nil,
	}
	for name, s := range cases {
		_, err := Seal(nil, io.Discard, bytes.NewReader([]byte("x")), detKey(t, "k"), s, nil)
		if err == nil {
			t.Errorf("%s: Seal succeeded", name)
		}
		if name == "error" && !errors.Is(err, boom) {
			t.Errorf("signer error not wrapped: %v", err)
		}
	}
}

// hashSigner is a stand-in scheme with signatures of any length, to drive
// trailers that reach far back into the previous chunk.
type hashSigner struct{ size int }

var hashSignerAccount = common.HexToAddress("0x00000000000000000000000000000000000000aa")

func (h hashSigner) Sign(d [32]byte) ([]byte, error) {
	out := make([]byte, h.size)
	for i := range out {
		out[i] = d[i%32] ^ byte(i)
	}
	return out, nil
}

func (h hashSigner) Verify(d [32]byte, sig []byte) (common.Address, error) {
	want, _ := h.Sign(d)
	if !bytes.Equal(sig, want) {
		return common.Address{}, errors.New("hash signature mismatch")
	}
	return hashSignerAccount, nil
}

func TestLargeSignatureTrailer(t *testing.T) {
	cs := minChunkSize
	for _, size := range []int{1, 2, 300, MaxSignatureSize} {
		tr := size + 2
		for _, n := range []int{0, 1, cs - tr - 1, cs - tr, cs - tr + 1, cs - 1, cs, 2*cs - tr/2} {
			if n < 0 {
				continue
			}
			s := sealWith(t, detBytes(t, "plain", n), cs, hashSigner{size})
			got, res, err := s.open(t, s.out, WithVerifier(hashSigner{size}), ExpectSigner(hashSignerAccount))
			if err != nil {
				t.Fatalf("sig %d, n %d: %v", size, n, err)
			}
			if !bytes.Equal(got, s.plain) || res.PlaintextSize != int64(n) || len(res.Signature) != size {
				t.Fatalf("sig %d, n %d: wrong plaintext or signature", size, n)
			}
		}
	}
}

type failingWriter struct{ left int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.left {
		n := w.left
		w.left = 0
		return n, errors.New("disk full")
	}
	w.left -= len(p)
	return len(p), nil
}

func TestIOErrors(t *testing.T) {
	plain := detBytes(t, "plain", 10*minChunkSize)
	key := detKey(t, "k")
	if _, err := seal(nil, &failingWriter{left: 3 * minChunkSize}, bytes.NewReader(plain), key, detSigner(t, "p"), nil, minChunkSize); err == nil {
		t.Error("Seal ignored a write error")
	}
	readErr := errors.New("network reset")
	src := io.MultiReader(bytes.NewReader(plain[:5000]), iotest.ErrReader(readErr))
	if _, err := Seal(nil, io.Discard, src, key, detSigner(t, "p"), nil); !errors.Is(err, readErr) {
		t.Errorf("Seal read error: %v", err)
	}

	// A source that is cut off mid-record must not be sealed as if complete.
	src = io.MultiReader(bytes.NewReader(plain[:5000]), iotest.ErrReader(io.ErrUnexpectedEOF))
	if _, err := Seal(nil, io.Discard, src, key, detSigner(t, "p"), nil); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("Seal of a cut-off source: %v", err)
	}
	if _, err := Seal(nil, io.Discard, stalled{}, key, detSigner(t, "p"), nil); !errors.Is(err, io.ErrNoProgress) {
		t.Errorf("Seal of a stalled source: %v", err)
	}

	s := sealN(t, 10*minChunkSize, minChunkSize)
	if _, err := Open(&failingWriter{left: 2 * minChunkSize}, bytes.NewReader(s.out), s.key, s.ad); err == nil {
		t.Error("Open ignored a write error")
	}
	src = io.MultiReader(bytes.NewReader(s.out[:3*minChunkSize]), iotest.ErrReader(readErr))
	if _, err := Open(io.Discard, src, s.key, s.ad); !errors.Is(err, readErr) {
		t.Errorf("Open read error: %v", err)
	}
}

type stalled struct{}

func (stalled) Read([]byte) (int, error) { return 0, nil }

// Readers may return the last data together with io.EOF; a record that ends
// exactly on a chunk boundary must still get its trailer chunk.
func TestDataWithEOF(t *testing.T) {
	key := detKey(t, "k")
	for _, n := range []int{0, 1, minChunkSize - 1, minChunkSize, 2 * minChunkSize} {
		plain := detBytes(t, "plain", n)
		var buf bytes.Buffer
		if _, err := seal(nil, &buf, iotest.DataErrReader(bytes.NewReader(plain)), key, detSigner(t, "p"), nil, minChunkSize); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := Open(&out, iotest.DataErrReader(bytes.NewReader(buf.Bytes())), key, nil); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if !bytes.Equal(out.Bytes(), plain) {
			t.Fatalf("n=%d: plaintext differs", n)
		}
	}
}

func TestOpenFile(t *testing.T) {
	dir := t.TempDir()
	s := sealN(t, 3*minChunkSize+9, minChunkSize)
	path := filepath.Join(dir, "record.bin")
	res, err := OpenFile(path, bytes.NewReader(s.out), s.key, s.ad, ExpectSigner(s.signer.Address()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, s.plain) || res.PlaintextSize != int64(len(s.plain)) {
		t.Error("OpenFile wrote the wrong plaintext")
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v, %v; want 0600", fi.Mode().Perm(), err)
	}

	bad := filepath.Join(dir, "tampered.bin")
	tampered := bytes.Clone(s.out)
	tampered[len(tampered)-1] ^= 1
	if _, err := OpenFile(bad, bytes.NewReader(tampered), s.key, s.ad); !errors.Is(err, ErrIntegrity) {
		t.Errorf("tampered: err = %v", err)
	}
	if _, err := os.Stat(bad); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("tampered envelope left %s behind: %v", bad, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries, want only record.bin", len(entries))
	}
}

func TestParseHeader(t *testing.T) {
	for cs := minChunkSize; cs <= maxChunkSize; cs *= 2 {
		h := header{chunkSize: cs}
		if _, err := parseHeader(h.marshal()); err != nil {
			t.Errorf("chunk size %d rejected: %v", cs, err)
		}
	}
	for _, cs := range []int{0, 1, minChunkSize / 2, minChunkSize + 1, 3 * minChunkSize, 2 * maxChunkSize} {
		h := header{chunkSize: cs}
		if _, err := parseHeader(h.marshal()); !errors.Is(err, ErrFormat) {
			t.Errorf("chunk size %d: err = %v, want ErrFormat", cs, err)
		}
	}
	good := (&header{chunkSize: ChunkSize}).marshal()
	badMagic := bytes.Clone(good)
	badMagic[len(magic)-1] = '2'
	for _, b := range [][]byte{nil, good[:headerSize-1], append(bytes.Clone(good), 0), badMagic} {
		if _, err := parseHeader(b); !errors.Is(err, ErrFormat) {
			t.Errorf("parseHeader(%q): err = %v, want ErrFormat", b, err)
		}
	}
	if _, err := Open(io.Discard, bytes.NewReader(badMagic), detKey(t, "k"), nil); !errors.Is(err, ErrFormat) {
		t.Errorf("Open with bad magic: err = %v, want ErrFormat", err)
	}
}

func TestEthereumVerifier(t *testing.T) {
	signer := detSigner(t, "p")
	var d [32]byte
	copy(d[:], "digest")
	sig, err := signer.Sign(d)
	if err != nil {
		t.Fatal(err)
	}
	if addr, err := (EthereumVerifier{}).Verify(d, sig); err != nil || addr != signer.Address() {
		t.Fatalf("valid signature: %s, %v", addr, err)
	}
	// secp256k1 order n; (r, n-s, v^1) is the same signature's malleated twin.
	n, _ := new(big.Int).SetString("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", 16)
	s := new(big.Int).SetBytes(sig[32:64])
	twin := bytes.Clone(sig)
	new(big.Int).Sub(n, s).FillBytes(twin[32:64])
	twin[64] ^= 1
	v27 := bytes.Clone(sig)
	v27[64] += 27
	for name, bad := range map[string][]byte{"high s": twin, "v=27": v27, "short": sig[:64], "zero": make([]byte, 65)} {
		if _, err := (EthereumVerifier{}).Verify(d, bad); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
	d[0] ^= 1
	if addr, err := (EthereumVerifier{}).Verify(d, sig); err == nil && addr == signer.Address() {
		t.Error("signature verified for another digest")
	}
	if _, err := NewEthereumSigner(nil); err == nil {
		t.Error("NewEthereumSigner(nil) succeeded")
	}
}

// Sealing and opening stream: a record piped from Seal straight into Open
// must cost a few chunk buffers, not copies of the record.
func TestMemoryIsPerChunk(t *testing.T) {
	const size = 32 << 20
	key := detKey(t, "k")
	signer := detSigner(t, "p")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)

	pr, pw := io.Pipe()
	sealErr := make(chan error, 1)
	go func() {
		_, err := Seal(nil, pw, io.LimitReader(detReader("big"), size), key, signer, nil)
		pw.CloseWithError(err)
		sealErr <- err
	}()
	res, err := Open(io.Discard, pr, key, nil, ExpectSigner(signer.Address()))
	if err != nil {
		t.Fatal(err)
	}
	if err := <-sealErr; err != nil {
		t.Fatal(err)
	}
	runtime.ReadMemStats(&after)
	if res.PlaintextSize != size {
		t.Fatalf("opened %d bytes, want %d", res.PlaintextSize, size)
	}
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("sealed and opened %d MiB with %d KiB allocated", size>>20, alloc>>10)
	if alloc > 4<<20 {
		t.Errorf("sealing and opening %d MiB allocated %d KiB", size>>20, alloc>>10)
	}
}
