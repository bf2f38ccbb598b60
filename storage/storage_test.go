package storage

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"

	"github.com/ipfs/go-cid"
	"github.com/multiformats/go-multibase"
	mh "github.com/multiformats/go-multihash"

	"github.com/emrchain/emrchain/internal/fuzzcorpus"
)

func TestParseCID(t *testing.T) {
	sha, err := mh.Sum([]byte("record"), mh.SHA2_256, -1)
	if err != nil {
		t.Fatal(err)
	}
	raw := cid.NewCidV1(cid.Raw, sha)
	pb := cid.NewCidV1(cid.DagProtobuf, sha)
	for _, c := range []cid.Cid{raw, pb} {
		for _, s := range []string{c.String(), mustEncode(t, c, multibase.Base58BTC), mustEncode(t, c, multibase.Base16)} {
			got, err := ParseCID(s)
			if err != nil {
				t.Errorf("ParseCID(%q): %v", s, err)
			} else if !got.Equals(c) {
				t.Errorf("ParseCID(%q) = %s, want %s", s, got, c)
			}
		}
	}

	id, err := mh.Sum([]byte("record"), mh.IDENTITY, -1)
	if err != nil {
		t.Fatal(err)
	}
	short, err := mh.Sum([]byte("record"), mh.SHA2_256, 20)
	if err != nil {
		t.Fatal(err)
	}
	blake, err := mh.Sum([]byte("record"), mh.BLAKE2B_MIN+31, -1)
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string]string{
		"empty":     "",
		"garbage":   "not-a-cid",
		"truncated": raw.String()[:20],
		"bad char":  raw.String()[:10] + "!" + raw.String()[11:],
		"v0":        cid.NewCidV0(sha).String(),
		"identity":  cid.NewCidV1(cid.Raw, id).String(),
		"short":     cid.NewCidV1(cid.Raw, short).String(),
		"blake2b":   cid.NewCidV1(cid.Raw, blake).String(),
		"dag-cbor":  cid.NewCidV1(cid.DagCBOR, sha).String(),
		"huge":      strings.Repeat("b", 10000),
	}
	for name, s := range bad {
		_, err := ParseCID(s)
		if !errors.Is(err, ErrInvalidCID) {
			t.Errorf("%s: ParseCID = %v, want ErrInvalidCID", name, err)
			continue
		}
		if len(err.Error()) > 400 {
			t.Errorf("%s: error echoes %d characters", name, len(err.Error()))
		}
	}
}

func mustEncode(t *testing.T, c cid.Cid, base multibase.Encoding) string {
	t.Helper()
	s, err := c.StringOfBase(base)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func FuzzParseCID(f *testing.F) {
	sha, _ := mh.Sum([]byte("seed"), mh.SHA2_256, -1)
	idHash, _ := mh.Sum([]byte("seed"), mh.IDENTITY, -1)
	md5, _ := mh.Sum([]byte("seed"), mh.MD5, -1)
	for _, s := range []string{
		cid.NewCidV1(cid.Raw, sha).String(),
		cid.NewCidV1(cid.DagProtobuf, sha).String(),
		cid.NewCidV0(sha).String(),
		"", "bafy",
		"zb2rhe5P4gXftAwvA4eXQ5HJwsER2owDyS9sKaQRRVQPn93bA",
		// Near-valid: an identity multihash (no hash at all), a weak hash, an unusual codec.
		cid.NewCidV1(cid.Raw, idHash).String(),
		cid.NewCidV1(cid.Raw, md5).String(),
		cid.NewCidV1(cid.DagCBOR, sha).String(),
	} {
		fuzzcorpus.Add(f, s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCID(s)
		if err != nil {
			if !errors.Is(err, ErrInvalidCID) {
				t.Fatalf("error %v does not wrap ErrInvalidCID", err)
			}
			return
		}
		if err := CheckCID(c); err != nil {
			t.Fatalf("ParseCID accepted %q that CheckCID rejects: %v", s, err)
		}
		again, err := ParseCID(c.String())
		if err != nil || !again.Equals(c) {
			t.Fatalf("%q: canonical form %s does not round-trip: %v", s, c, err)
		}
	})
}

func TestSourceLimitAndProgress(t *testing.T) {
	const limit = 3<<20 + 5
	var last int64
	cfg := ApplyPutOptions([]PutOption{WithProgress(func(n int64) { last = n }), WithMaxSize(limit)})

	n, err := io.Copy(io.Discard, cfg.Source(io.LimitReader(zeros{}, limit)))
	if err != nil || n != limit || last != limit {
		t.Fatalf("exactly the limit: %d bytes, %v, progress %d", n, err, last)
	}

	src := cfg.Source(zeros{})
	n, err = io.Copy(io.Discard, src)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over the limit: %v, want ErrTooLarge", err)
	}
	if n != limit || last != limit {
		t.Fatalf("over the limit: passed %d bytes, progress %d; want %d", n, last, limit)
	}
	if _, err := src.Read(make([]byte, 10)); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("read after the limit: %v", err)
	}

	// Without a limit of its own, a Put takes up to MaxObjectSize: far more than any test
	// streams, so check the bound itself.
	if s := ApplyPutOptions(nil).Source(zeros{}).(*source); s.limit != MaxObjectSize {
		t.Fatalf("default limit %d, want MaxObjectSize", s.limit)
	}

	// Without options, bytes pass unchanged.
	got, err := io.ReadAll(ApplyPutOptions(nil).Source(strings.NewReader("abc")))
	if err != nil || !bytes.Equal(got, []byte("abc")) {
		t.Fatalf("plain source: %q, %v", got, err)
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
