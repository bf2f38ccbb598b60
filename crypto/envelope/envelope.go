// Package envelope seals medical records before they leave the provider:
// the provider signs the record, then the record and its signature are
// encrypted together under a per-record data key, in one streaming pass.
//
// This is the hybrid design of seed 004 (Section 4.3.3: sign M, then
// C = Enc_K(M ‖ S) with AES-256, K wrapped separately by proxy
// re-encryption), made streaming and misuse-resistant:
//
//   - The ciphertext is the STREAM online-AE construction of Hoang,
//     Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption and
//     its Nonce-Reuse Misuse-Resistance" (CRYPTO 2015), laid out the way
//     filippo.io/age's payload is: AES-256-GCM over 64 KiB chunks with the
//     12-byte nonce = 11-byte big-endian chunk counter ‖ last-chunk flag.
//     Reordering, duplicating, dropping, truncating or extending chunks is
//     detected.
//   - The payload key is HKDF-SHA256(secret = data key, salt = a random
//     16-byte nonce, info = "emrchain/envelope/v1/payload" ‖ 0x00 ‖ header ‖
//     SHA-256(ad)), where the 40-byte header is the magic
//     "emrchain-envelope/v1" ‖ uint32_be(chunk size) ‖ nonce. A fresh nonce
//     per record makes counter nonces safe even if a data key is reused, and
//     binding the header and the associated data into the key authenticates
//     them: any change makes the first chunk fail.
//   - The plaintext is M ‖ sig ‖ uint16_be(len(sig)). The signature trailer
//     therefore ends the final chunk (it may begin in the one before). The
//     signer signs SignatureDigest, which binds the plaintext's SHA-256 and
//     length to the caller's associated data, e.g. the patient address and
//     record id, so a signature cannot be transplanted onto another record.
//   - Seal reports the SHA-256 of every byte it wrote; the project puts that
//     on chain as the record's content hash, and Open can check it.
//
// Memory is O(chunk size) whatever the record size. Hashing and writing run
// in a second goroutine over a small ring of reused chunk buffers so that on
// two cores the AEAD pass and the two SHA-256 passes overlap.
//
// # Unverified plaintext
//
// Open streams: it writes each chunk's plaintext to dst as soon as the chunk
// authenticates, before it has seen the end of the stream or checked the
// signature. Until Open returns nil, what dst received is UNVERIFIED: a
// truncated or re-signed envelope is only detected at the end. Callers that
// cannot discard dst on error should use OpenFile, which renames its output
// into place only after every check has passed.
//
// Location sealing (SealLocation, OpenLocation) is seed 001's
// CT* = Enc_K(h_location): the record's IPFS CID encrypted under a subkey of
// the same data key, so one key unlocks both.
package envelope

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"

	"github.com/ethereum/go-ethereum/common"
)

const (
	// ChunkSize is the plaintext size of every chunk but the last.
	ChunkSize = 64 << 10

	magic      = "emrchain-envelope/v1"
	nonceSize  = 16
	headerSize = len(magic) + 4 + nonceSize
	tagSize    = 16

	// Open accepts any power-of-two chunk size in this range; the lower
	// bound keeps a maximal signature trailer within two chunks.
	minChunkSize = 16 << 10
	maxChunkSize = 1 << 20

	payloadLabel = "emrchain/envelope/v1/payload"
)

var (
	// ErrFormat means the input is not an envelope this package can read, or
	// its decrypted framing is malformed.
	ErrFormat = errors.New("envelope: malformed envelope")
	// ErrIntegrity means authentication failed: wrong data key or associated
	// data, modified, reordered or extended chunks, or a content hash that
	// differs from the expected one.
	ErrIntegrity = errors.New("envelope: integrity check failed")
	// ErrTruncated means the stream ended before its final chunk. It wraps
	// ErrIntegrity, since a cut stream is a modified one.
	ErrTruncated = fmt.Errorf("%w: stream truncated", ErrIntegrity)
	// ErrSignature means the record's signature is invalid or was made by
	// someone other than the expected signer.
	ErrSignature = errors.New("envelope: signature check failed")

	// errStopped tells a producer loop that the consumer has failed; the
	// consumer's own error is reported instead.
	errStopped = errors.New("envelope: output failed")
)

// Sealed describes a sealed record.
type Sealed struct {
	PlaintextSHA256 [32]byte
	// SealedSHA256 is the SHA-256 of every byte written to dst, the record's
	// on-chain content hash.
	SealedSHA256  [32]byte
	PlaintextSize int64
	SealedSize    int64
	Signature     []byte
}

// Opened describes a record that passed every check.
type Opened struct {
	// Signer is the account whose signature the record carries. It proves
	// authorship only once compared with the expected account.
	Signer          common.Address
	PlaintextSHA256 [32]byte
	SealedSHA256    [32]byte
	PlaintextSize   int64
	SealedSize      int64
	Signature       []byte
}

type header struct {
	chunkSize int
	nonce     [nonceSize]byte
}

func (h *header) marshal() []byte {
	b := make([]byte, 0, headerSize)
	b = append(b, magic...)
	b = binary.BigEndian.AppendUint32(b, uint32(h.chunkSize))
	return append(b, h.nonce[:]...)
}

func parseHeader(b []byte) (header, error) {
	var h header
	if len(b) != headerSize {
		return h, fmt.Errorf("%w: header of %d bytes, want %d", ErrFormat, len(b), headerSize)
	}
	if string(b[:len(magic)]) != magic {
		return h, fmt.Errorf("%w: bad magic", ErrFormat)
	}
	cs := binary.BigEndian.Uint32(b[len(magic):])
	if cs < minChunkSize || cs > maxChunkSize || cs&(cs-1) != 0 {
		return h, fmt.Errorf("%w: unsupported chunk size %d", ErrFormat, cs)
	}
	h.chunkSize = int(cs)
	copy(h.nonce[:], b[len(magic)+4:])
	return h, nil
}

// stream is the STREAM state: one AEAD key and a chunk counter.
type stream struct {
	aead    cipher.AEAD
	counter uint64
	nonce   [12]byte
}

func newStream(dataKey [32]byte, h *header, hdr, ad []byte) (*stream, error) {
	adHash := sha256.Sum256(ad)
	info := payloadLabel + "\x00" + string(hdr) + string(adHash[:])
	key, err := hkdf.Key(sha256.New, dataKey[:], h.nonce[:], info, 32)
	if err != nil {
		return nil, fmt.Errorf("envelope: derive payload key: %w", err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("envelope: payload cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("envelope: payload cipher: %w", err)
	}
	return &stream{aead: aead}, nil
}

func (s *stream) setNonce(last bool) error {
	// The counter fills 8 of the 11 counter bytes; 2^64 chunks of 16 KiB is
	// far beyond anything that can be streamed, but wrapping must not be
	// silent.
	if s.counter == math.MaxUint64 {
		return fmt.Errorf("%w: chunk counter exhausted", ErrFormat)
	}
	binary.BigEndian.PutUint64(s.nonce[3:11], s.counter)
	s.nonce[11] = 0
	if last {
		s.nonce[11] = 1
	}
	return nil
}

// seal encrypts buf[:n] in place and returns the ciphertext length.
func (s *stream) seal(buf []byte, n int, last bool) (int, error) {
	if err := s.setNonce(last); err != nil {
		return 0, err
	}
	out := s.aead.Seal(buf[:0], s.nonce[:], buf[:n], nil)
	s.counter++
	return len(out), nil
}

// open decrypts ct into dst[:0] and advances the counter on success only.
func (s *stream) open(dst, ct []byte, last bool) ([]byte, error) {
	if err := s.setNonce(last); err != nil {
		return nil, err
	}
	pt, err := s.aead.Open(dst[:0], s.nonce[:], ct, nil)
	if err != nil {
		return nil, err
	}
	s.counter++
	return pt, nil
}

// Seal signs the record read from src with signer and writes its envelope
// under dataKey to dst. ad is associated data that the signature and the
// encryption are bound to; Open must be given the same bytes. random supplies
// the header nonce (crypto/rand if nil). On error dst holds a partial
// envelope that must be discarded.
func Seal(random io.Reader, dst io.Writer, src io.Reader, dataKey [32]byte, signer Signer, ad []byte) (*Sealed, error) {
	return seal(random, dst, src, dataKey, signer, ad, ChunkSize)
}

func seal(random io.Reader, dst io.Writer, src io.Reader, dataKey [32]byte, signer Signer, ad []byte, chunkSize int) (*Sealed, error) {
	if signer == nil {
		return nil, errors.New("envelope: nil signer")
	}
	if random == nil {
		random = rand.Reader
	}
	h := header{chunkSize: chunkSize}
	if _, err := io.ReadFull(random, h.nonce[:]); err != nil {
		return nil, fmt.Errorf("envelope: read nonce: %w", err)
	}
	hdr := h.marshal()
	st, err := newStream(dataKey, &h, hdr, ad)
	if err != nil {
		return nil, err
	}

	sealedHash := sha256.New()
	var sealedSize int64
	p := newPipeline(chunkSize+tagSize, func(b []byte) error {
		sealedHash.Write(b)
		sealedSize += int64(len(b))
		_, err := dst.Write(b)
		return err
	})
	c := p.get()
	c.n = copy(c.buf, hdr)
	p.put(c)

	s := &sealer{st: st, p: p, chunkSize: chunkSize, plainHash: sha256.New()}
	sig, err := s.run(src, signer, ad)
	werr := p.wait()
	if werr != nil {
		return nil, fmt.Errorf("envelope: write: %w", werr)
	}
	if err != nil {
		return nil, err
	}
	out := &Sealed{PlaintextSize: s.plainSize, SealedSize: sealedSize, Signature: sig}
	s.plainHash.Sum(out.PlaintextSHA256[:0])
	sealedHash.Sum(out.SealedSHA256[:0])
	return out, nil
}

type sealer struct {
	st        *stream
	p         *pipeline
	chunkSize int
	plainHash hash.Hash
	plainSize int64
}

// run encrypts src chunk by chunk and finishes with the signature trailer.
// A full chunk of src is never the last chunk, because the trailer still
// follows it, so no read-ahead is needed.
func (s *sealer) run(src io.Reader, signer Signer, ad []byte) ([]byte, error) {
	for {
		if s.p.failed.Load() {
			return nil, errStopped
		}
		c := s.p.get()
		n, eof, err := fill(src, c.buf[:s.chunkSize])
		if err != nil {
			s.p.release(c)
			return nil, fmt.Errorf("envelope: read plaintext: %w", err)
		}
		s.plainHash.Write(c.buf[:n])
		s.plainSize += int64(n)
		if n < s.chunkSize {
			return s.finish(c, n, signer, ad)
		}
		if err := s.emit(c, n, false); err != nil {
			return nil, err
		}
		if eof {
			return s.finish(s.p.get(), 0, signer, ad)
		}
	}
}

// maxEmptyReads bounds how often a reader may return neither data nor an
// error before fill gives up, as bufio does.
const maxEmptyReads = 100

// fill reads into b until it is full or src returns io.EOF, reporting
// whether it saw EOF. Unlike io.ReadFull it never mistakes a source's own
// io.ErrUnexpectedEOF (what a cut-off HTTP body returns) for a clean end:
// Seal would otherwise sign and seal a truncated record.
func fill(src io.Reader, b []byte) (int, bool, error) {
	n, empty := 0, 0
	for n < len(b) {
		m, err := src.Read(b[n:])
		n += m
		switch {
		case err == io.EOF:
			return n, true, nil
		case err != nil:
			return n, false, err
		case m == 0:
			if empty++; empty >= maxEmptyReads {
				return n, false, io.ErrNoProgress
			}
		}
	}
	return n, false, nil
}

func (s *sealer) emit(c *chunk, n int, last bool) error {
	ct, err := s.st.seal(c.buf, n, last)
	if err != nil {
		s.p.release(c)
		return err
	}
	c.n = ct
	s.p.put(c)
	return nil
}

// finish signs the record and writes the trailer after the n plaintext bytes
// already in c, spilling into one more chunk if it does not fit.
func (s *sealer) finish(c *chunk, n int, signer Signer, ad []byte) ([]byte, error) {
	var sum [32]byte
	s.plainHash.Sum(sum[:0])
	sig, err := signer.Sign(SignatureDigest(sum, s.plainSize, ad))
	if err != nil {
		s.p.release(c)
		return nil, fmt.Errorf("envelope: sign record: %w", err)
	}
	if len(sig) == 0 || len(sig) > MaxSignatureSize {
		s.p.release(c)
		return nil, fmt.Errorf("envelope: signer returned %d bytes, want 1..%d", len(sig), MaxSignatureSize)
	}
	trailer := make([]byte, 0, len(sig)+2)
	trailer = append(trailer, sig...)
	trailer = binary.BigEndian.AppendUint16(trailer, uint16(len(sig)))

	k := copy(c.buf[n:s.chunkSize], trailer)
	if k == len(trailer) {
		return trailer[:len(sig)], s.emit(c, n+k, true)
	}
	if err := s.emit(c, s.chunkSize, false); err != nil {
		return nil, err
	}
	c = s.p.get()
	m := copy(c.buf, trailer[k:])
	return trailer[:len(sig)], s.emit(c, m, true)
}

// OpenOption adds a check to Open.
type OpenOption func(*openConfig)

type openConfig struct {
	verifier Verifier
	signer   *common.Address
	sealed   *[32]byte
}

// ExpectSealedSHA256 makes Open fail with ErrIntegrity unless the envelope's
// bytes hash to h, typically the content hash recorded on chain.
func ExpectSealedSHA256(h [32]byte) OpenOption {
	return func(c *openConfig) { c.sealed = &h }
}

// ExpectSigner makes Open fail with ErrSignature unless the record was
// signed by addr.
func ExpectSigner(addr common.Address) OpenOption {
	return func(c *openConfig) { c.signer = &addr }
}

// WithVerifier replaces the default EthereumVerifier; nil keeps it.
func WithVerifier(v Verifier) OpenOption {
	return func(c *openConfig) {
		if v != nil {
			c.verifier = v
		}
	}
}

// Open decrypts the envelope read from src into dst and checks it: every
// chunk's authenticity and order, that the stream is complete, the content
// hash if ExpectSealedSHA256 is given, and the signature, whose account it
// returns. Key recovery turns any well-formed signature into some account,
// so a caller that knows who must have signed (the provider recorded on
// chain) has to pass ExpectSigner or compare Opened.Signer itself.
//
// See the package documentation: bytes written to dst are unverified until
// Open returns nil and must be discarded on error.
func Open(dst io.Writer, src io.Reader, dataKey [32]byte, ad []byte, opts ...OpenOption) (*Opened, error) {
	cfg := openConfig{verifier: EthereumVerifier{}}
	for _, o := range opts {
		o(&cfg)
	}

	hdr := make([]byte, headerSize)
	if _, err := io.ReadFull(src, hdr); err != nil {
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("%w in header", ErrTruncated)
		}
		return nil, fmt.Errorf("envelope: read header: %w", err)
	}
	h, err := parseHeader(hdr)
	if err != nil {
		return nil, err
	}
	st, err := newStream(dataKey, &h, hdr, ad)
	if err != nil {
		return nil, err
	}

	plainHash := sha256.New()
	var plainSize int64
	p := newPipeline(h.chunkSize+tagSize+1, func(b []byte) error {
		plainHash.Write(b)
		plainSize += int64(len(b))
		_, err := dst.Write(b)
		return err
	})
	o := &opener{st: st, p: p, src: src, chunkSize: h.chunkSize, sealedHash: sha256.New(), sealedSize: int64(headerSize)}
	o.sealedHash.Write(hdr)
	sig, err := o.run()
	werr := p.wait()
	if werr != nil {
		return nil, fmt.Errorf("envelope: write plaintext: %w", werr)
	}
	if err != nil {
		return nil, err
	}

	res := &Opened{PlaintextSize: plainSize, SealedSize: o.sealedSize, Signature: sig}
	plainHash.Sum(res.PlaintextSHA256[:0])
	o.sealedHash.Sum(res.SealedSHA256[:0])
	if cfg.sealed != nil && *cfg.sealed != res.SealedSHA256 {
		return nil, fmt.Errorf("%w: content hash %x, want %x", ErrIntegrity, res.SealedSHA256, *cfg.sealed)
	}
	signer, err := cfg.verifier.Verify(SignatureDigest(res.PlaintextSHA256, res.PlaintextSize, ad), sig)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSignature, err)
	}
	if cfg.signer != nil && signer != *cfg.signer {
		return nil, fmt.Errorf("%w: signed by %s, want %s", ErrSignature, signer, *cfg.signer)
	}
	res.Signer = signer
	return res, nil
}

type opener struct {
	st         *stream
	p          *pipeline
	src        io.Reader
	chunkSize  int
	sealedHash hash.Hash
	sealedSize int64

	// One byte is read past each full chunk to learn whether it is the
	// last; it starts the next chunk.
	carry    byte
	hasCarry bool
	// prev is the last authenticated chunk, held back because the trailer
	// may reach into it.
	prev *chunk
}

// run decrypts every chunk and returns the signature from the trailer.
func (o *opener) run() ([]byte, error) {
	for {
		if o.p.failed.Load() {
			return nil, errStopped
		}
		c := o.p.get()
		n, last, err := o.read(c)
		if err != nil {
			o.p.release(c)
			return nil, err
		}
		if last {
			return o.finish(c, n)
		}
		chunkNo := o.st.counter
		if _, err := o.st.open(c.buf, c.buf[:n], false); err != nil {
			o.p.release(c)
			return nil, fmt.Errorf("%w: chunk %d", ErrIntegrity, chunkNo)
		}
		c.n = o.chunkSize
		if o.prev != nil {
			o.p.put(o.prev)
		}
		o.prev = c
	}
}

// read fills c with the next chunk's ciphertext and reports whether it is
// the last one.
func (o *opener) read(c *chunk) (int, bool, error) {
	off := 0
	if o.hasCarry {
		c.buf[0] = o.carry
		off, o.hasCarry = 1, false
	}
	full := o.chunkSize + tagSize
	n, _, err := fill(o.src, c.buf[off:full+1])
	o.sealedHash.Write(c.buf[off : off+n])
	o.sealedSize += int64(n)
	switch {
	case err != nil:
		return 0, false, fmt.Errorf("envelope: read chunk %d: %w", o.st.counter, err)
	case off+n == full+1:
		o.carry, o.hasCarry = c.buf[full], true
		return full, false, nil
	default: // fill stops short only at EOF
		return off + n, true, nil
	}
}

// finish authenticates the final chunk ct (n bytes in c), splits the
// trailer off and hands the remaining plaintext on.
func (o *opener) finish(c *chunk, n int) ([]byte, error) {
	defer o.p.release(c)
	chunkNo := o.st.counter
	if n < tagSize+1 {
		return nil, fmt.Errorf("%w after %d chunks", ErrTruncated, chunkNo)
	}
	// Decrypt out of place: a failed GCM Open may clobber its output, and the
	// ciphertext is needed again to tell truncation from tampering.
	f := o.p.get()
	pt, err := o.st.open(f.buf, c.buf[:n], true)
	if err != nil {
		o.p.release(f)
		if n == o.chunkSize+tagSize {
			if _, err := o.st.open(f.buf, c.buf[:n], false); err == nil {
				return nil, fmt.Errorf("%w after %d chunks", ErrTruncated, chunkNo)
			}
		}
		return nil, fmt.Errorf("%w: final chunk %d", ErrIntegrity, chunkNo)
	}
	return o.splitTrailer(f, len(pt))
}

// splitTrailer parses M ‖ sig ‖ uint16(len(sig)) off the end of prev ‖ f and
// queues the message bytes of both chunks for the consumer.
func (o *opener) splitTrailer(f *chunk, fLen int) ([]byte, error) {
	total := fLen
	if o.prev != nil {
		total += o.chunkSize
	}
	tail := func(k int) []byte {
		out := make([]byte, k)
		if k <= fLen {
			copy(out, f.buf[fLen-k:fLen])
			return out
		}
		spill := k - fLen
		copy(out, o.prev.buf[o.chunkSize-spill:o.chunkSize])
		copy(out[spill:], f.buf[:fLen])
		return out
	}
	if total < 2 {
		o.p.release(f)
		return nil, fmt.Errorf("%w: no signature trailer", ErrFormat)
	}
	sigLen := int(binary.BigEndian.Uint16(tail(2)))
	if sigLen == 0 || sigLen > MaxSignatureSize || sigLen+2 > total {
		o.p.release(f)
		return nil, fmt.Errorf("%w: signature length %d", ErrFormat, sigLen)
	}
	sig := tail(sigLen + 2)[:sigLen]
	msg := total - sigLen - 2
	if o.prev != nil {
		o.prev.n = min(o.chunkSize, msg)
		o.p.put(o.prev)
		o.prev = nil
		msg = max(0, msg-o.chunkSize)
	}
	f.n = msg
	o.p.put(f)
	return sig, nil
}
