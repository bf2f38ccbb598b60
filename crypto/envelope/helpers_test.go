package envelope

import (
	"bytes"
	"crypto/ecdsa"
	"io"
	"testing"

	"github.com/ethereum/go-ethereum/crypto"
	"golang.org/x/crypto/sha3"
)

// detReader is a reproducible byte stream for keys, nonces and records.
func detReader(seed string) io.Reader {
	h := sha3.NewShake128()
	h.Write([]byte(seed))
	return h
}

func detBytes(t testing.TB, seed string, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := io.ReadFull(detReader(seed), b); err != nil {
		t.Fatal(err)
	}
	return b
}

func detKey(t testing.TB, seed string) [32]byte {
	var k [32]byte
	copy(k[:], detBytes(t, "data key "+seed, 32))
	return k
}

func detECDSA(t testing.TB, seed string) *ecdsa.PrivateKey {
	t.Helper()
	r := detReader("account " + seed)
	for {
		d := make([]byte, 32)
		if _, err := io.ReadFull(r, d); err != nil {
			t.Fatal(err)
		}
		if k, err := crypto.ToECDSA(d); err == nil {
			return k
		}
	}
}

func detSigner(t testing.TB, seed string) *EthereumSigner {
	t.Helper()
	s, err := NewEthereumSigner(detECDSA(t, seed))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sealed is one envelope produced for a test, with what went into it.
type sealed struct {
	plain  []byte
	key    [32]byte
	ad     []byte
	signer *EthereumSigner
	out    []byte
	info   *Sealed
}

func sealWith(t testing.TB, plain []byte, chunkSize int, signer Signer) sealed {
	t.Helper()
	s := sealed{plain: plain, key: detKey(t, "k"), ad: []byte("patient 0xabc / record 7")}
	if es, ok := signer.(*EthereumSigner); ok {
		s.signer = es
	}
	var buf bytes.Buffer
	info, err := seal(detReader("nonce"), &buf, bytes.NewReader(plain), s.key, signer, s.ad, chunkSize)
	if err != nil {
		t.Fatal(err)
	}
	s.out, s.info = buf.Bytes(), info
	return s
}

func sealN(t testing.TB, n, chunkSize int) sealed {
	t.Helper()
	return sealWith(t, detBytes(t, "plain", n), chunkSize, detSigner(t, "provider"))
}

func (s sealed) open(t testing.TB, in []byte, opts ...OpenOption) ([]byte, *Opened, error) {
	t.Helper()
	var out bytes.Buffer
	res, err := Open(&out, bytes.NewReader(in), s.key, s.ad, opts...)
	return out.Bytes(), res, err
}

// chunkAt returns the bounds of sealed chunk i for chunk size cs.
func chunkAt(cs, i int) (int, int) {
	start := headerSize + i*(cs+tagSize)
	return start, start + cs + tagSize
}

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
