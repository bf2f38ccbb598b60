package sse

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"math"
	"math/bits"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/crypto/sha3"
)

var update = flag.Bool("update", false, "rewrite testdata vectors")

// detReader is a reproducible byte stream for keys and payloads in tests.
func detReader(seed string) io.Reader {
	h := sha3.NewShake128()
	h.Write([]byte(seed))
	return h
}

func testKey(t testing.TB, seed string) *Key {
	t.Helper()
	k, err := NewKey(detReader(seed))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func payloads(t testing.TB, seed string, n int) [][32]byte {
	t.Helper()
	r := detReader(seed)
	out := make([][32]byte, n)
	for i := range out {
		if _, err := io.ReadFull(r, out[i][:]); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// chain mimics the contract: a bytes32 => bytes32 mapping that refuses zero
// values and refuses to overwrite a slot.
type chain map[[32]byte][32]byte

func (c chain) put(t *testing.T, es []Entry) {
	t.Helper()
	for _, e := range es {
		if e.Value == ([32]byte{}) {
			t.Fatalf("zero value at label %x", e.Label)
		}
		if _, taken := c[e.Label]; taken {
			t.Fatalf("label %x written twice", e.Label)
		}
		c[e.Label] = e.Value
	}
}

func (c chain) lookup(label [32]byte) ([32]byte, bool) {
	v, ok := c[label]
	return v, ok
}

func TestSearchReturnsBatchesInOrder(t *testing.T) {
	k := testKey(t, "owner")
	c := chain{}
	want := map[string][][32]byte{}
	batches := []struct {
		keyword string
		n       int
	}{
		{"diabetes", 3}, {"asthma", 1}, {"diabetes", 5}, {"oncology", 2}, {"asthma", 4}, {"diabetes", 1},
	}
	for bi, b := range batches {
		ps := payloads(t, b.keyword+string(rune('a'+bi)), b.n)
		// The owner learns the current count by searching, as a real client does.
		start := uint64(len(k.Token(b.keyword).Search(c.lookup)))
		es, err := k.Entries(b.keyword, start, ps)
		if err != nil {
			t.Fatal(err)
		}
		c.put(t, es)
		want[b.keyword] = append(want[b.keyword], ps...)
	}
	for w, ps := range want {
		got := k.Token(w).Search(c.lookup)
		if len(got) != len(ps) {
			t.Fatalf("%s: %d results, want %d", w, len(got), len(ps))
		}
		for i := range ps {
			if got[i] != ps[i] {
				t.Errorf("%s[%d] = %x, want %x", w, i, got[i], ps[i])
			}
		}
	}
	if got := k.Token("hypertension").Search(c.lookup); len(got) != 0 {
		t.Errorf("unindexed keyword found %d entries", len(got))
	}
}

func TestWrongTokenFindsNothing(t *testing.T) {
	k := testKey(t, "owner")
	c := chain{}
	es, err := k.Entries("diabetes", 0, payloads(t, "p", 4))
	if err != nil {
		t.Fatal(err)
	}
	c.put(t, es)
	other := testKey(t, "someone else")
	if got := other.Token("diabetes").Search(c.lookup); len(got) != 0 {
		t.Errorf("token under another key found %d entries", len(got))
	}
	if got := k.Token("diabetic").Search(c.lookup); len(got) != 0 {
		t.Errorf("token for another keyword found %d entries", len(got))
	}
}

func TestEntriesUnlinkable(t *testing.T) {
	k := testKey(t, "owner")
	const n = 256
	// Identical, highly structured payloads: without per-entry masks every
	// value would be equal and the bit balance would be far off.
	same := make([][32]byte, n)
	es, err := k.Entries("diabetes", 0, same)
	if err != nil {
		t.Fatal(err)
	}
	others, err := k.Entries("asthma", 0, same[:16])
	if err != nil {
		t.Fatal(err)
	}
	es = append(es, others...)

	seen := map[[32]byte]bool{}
	ones := 0
	for _, e := range es {
		for _, x := range [][32]byte{e.Label, e.Value} {
			if seen[x] {
				t.Fatalf("repeated 32-byte string %x", x)
			}
			seen[x] = true
			for _, b := range x {
				ones += bits.OnesCount8(b)
			}
		}
	}
	// Fair coin over 2·(n+16)·256 bits; 6σ keeps a correct PRF far inside.
	total := 2 * len(es) * 256
	dev := ones - total/2
	if sigma := 0.5 * math.Sqrt(float64(total)); float64(abs(dev)) > 6*sigma {
		t.Errorf("bit balance %d/%d off by %d (σ=%.0f)", ones, total, dev, sigma)
	}

	ps := payloads(t, "distinct", 2)
	pair, err := k.Entries("oncology", 0, ps)
	if err != nil {
		t.Fatal(err)
	}
	var xv, xp [32]byte
	for i := range xv {
		xv[i] = pair[0].Value[i] ^ pair[1].Value[i]
		xp[i] = ps[0][i] ^ ps[1][i]
	}
	if xv == xp {
		t.Error("XOR of two values equals XOR of their payloads: masks are shared")
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestNormalize(t *testing.T) {
	k := testKey(t, "owner")
	groups := [][]string{
		{"Diabetes", "diabetes", "  DIABETES\t", "\ndiabetes "},
		{"type 2 diabetes", "Type  2\tDiabetes", " TYPE 2 DIABETES"},
		{"café", "cafe\u0301", "CAFÉ", "CAFE\u0301"},
	}
	var firsts []Token
	for _, g := range groups {
		want := k.Token(g[0])
		for _, w := range g[1:] {
			if !k.Token(w).Equal(want) {
				t.Errorf("Token(%q) differs from Token(%q) (normalised %q vs %q)", w, g[0], Normalize(w), Normalize(g[0]))
			}
		}
		for _, f := range firsts {
			if f.Equal(want) {
				t.Errorf("group %q collides with an earlier group", g[0])
			}
		}
		firsts = append(firsts, want)
	}
	if _, err := k.Entries(" \t ", 0, payloads(t, "p", 1)); !errors.Is(err, ErrEmptyKeyword) {
		t.Errorf("blank keyword: err = %v, want ErrEmptyKeyword", err)
	}
}

func TestEntriesCounterOverflow(t *testing.T) {
	k := testKey(t, "owner")
	if _, err := k.Entries("w", ^uint64(0), payloads(t, "p", 1)); err != nil {
		t.Errorf("last counter value rejected: %v", err)
	}
	if _, err := k.Entries("w", ^uint64(0), payloads(t, "p", 2)); !errors.Is(err, ErrCounterOverflow) {
		t.Errorf("wrapping counter: err = %v, want ErrCounterOverflow", err)
	}
}

func TestOpenInvertsEntries(t *testing.T) {
	k := testKey(t, "owner")
	ps := payloads(t, "p", 3)
	es, err := k.Entries("asthma", 7, ps)
	if err != nil {
		t.Fatal(err)
	}
	tok := k.Token("asthma")
	for j, e := range es {
		i := uint64(7 + j)
		if e.Label != Label(tok.Label(), i) {
			t.Errorf("entry %d label does not follow Label(labelKey, %d)", j, i)
		}
		if got := tok.Open(i, e.Value); got != ps[j] {
			t.Errorf("Open(%d) = %x, want %x", i, got, ps[j])
		}
		if got := tok.Open(i+1, e.Value); got == ps[j] {
			t.Errorf("Open at the wrong index recovered the payload")
		}
	}
}

func TestKeyEncoding(t *testing.T) {
	k := testKey(t, "owner")
	b, err := k.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var k2 Key
	if err := k2.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !k.Token("x").Equal(k2.Token("x")) {
		t.Error("round-tripped key derives different tokens")
	}
	for _, bad := range [][]byte{nil, b[:31], append(b, 0), make([]byte, 32)} {
		if err := new(Key).UnmarshalBinary(bad); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("UnmarshalBinary(%x): err = %v, want ErrInvalidKey", bad, err)
		}
	}
	if _, err := NewKey(bytes.NewReader(make([]byte, 32))); !errors.Is(err, ErrInvalidKey) {
		t.Errorf("NewKey from zero source: err = %v", err)
	}
	if _, err := NewKey(bytes.NewReader(make([]byte, 5))); err == nil {
		t.Error("NewKey from short source succeeded")
	}
	if _, err := NewKey(nil); err != nil {
		t.Errorf("NewKey(nil): %v", err)
	}
}

func TestTokenEncoding(t *testing.T) {
	tok := testKey(t, "owner").Token("diabetes")
	b, err := tok.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var t2 Token
	if err := t2.UnmarshalBinary(b); err != nil {
		t.Fatal(err)
	}
	if !t2.Equal(tok) {
		t.Error("token did not round-trip")
	}
	zeroLabel := append(make([]byte, 32), b[32:]...)
	zeroMask := append(append([]byte{}, b[:32]...), make([]byte, 32)...)
	for _, bad := range [][]byte{nil, b[:63], append(b, 1), zeroLabel, zeroMask} {
		if err := new(Token).UnmarshalBinary(bad); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("UnmarshalBinary(len %d): err = %v, want ErrInvalidKey", len(bad), err)
		}
	}
}

// vectors is the known-answer file shared with the Solidity side: the label
// cases exercise keccak256(abi.encodePacked(bytes32, uint256)) on its own.
type vectors struct {
	Key      string          `json:"key"`
	Keywords []keywordVector `json:"keywords"`
	Labels   []labelVector   `json:"labels"`
}

type keywordVector struct {
	Keyword    string        `json:"keyword"`
	Normalized string        `json:"normalized"`
	LabelKey   string        `json:"labelKey"`
	MaskKey    string        `json:"maskKey"`
	Entries    []entryVector `json:"entries"`
}

type entryVector struct {
	Index   uint64 `json:"index"`
	Payload string `json:"payload"`
	Label   string `json:"label"`
	Value   string `json:"value"`
}

type labelVector struct {
	LabelKey string `json:"labelKey"`
	Index    uint64 `json:"index"`
	Label    string `json:"label"`
}

func computeVectors(t *testing.T) vectors {
	k := testKey(t, "emrchain sse kat key")
	kb, _ := k.MarshalBinary()
	v := vectors{Key: hex.EncodeToString(kb)}
	for wi, w := range []string{"Diabetes", "  Type 2  DIABETES ", "café"} {
		tok := k.Token(w)
		tb, _ := tok.MarshalBinary()
		kv := keywordVector{
			Keyword: w, Normalized: Normalize(w),
			LabelKey: hex.EncodeToString(tb[:32]), MaskKey: hex.EncodeToString(tb[32:]),
		}
		// Two batches so the vector covers a non-zero start.
		var start uint64
		for bi, n := range []int{2, 1} {
			ps := payloads(t, w+string(rune('0'+bi)), n)
			if wi == 0 && bi == 0 {
				ps[0] = [32]byte{}
			}
			es, err := k.Entries(w, start, ps)
			if err != nil {
				t.Fatal(err)
			}
			for j, e := range es {
				kv.Entries = append(kv.Entries, entryVector{
					Index: start + uint64(j), Payload: hex.EncodeToString(ps[j][:]),
					Label: hex.EncodeToString(e.Label[:]), Value: hex.EncodeToString(e.Value[:]),
				})
			}
			start += uint64(n)
		}
		v.Keywords = append(v.Keywords, kv)
	}
	var lk [32]byte
	for i := range lk {
		lk[i] = byte(i)
	}
	for _, i := range []uint64{0, 1, 255, 256, 1 << 32, ^uint64(0)} {
		l := Label(lk, i)
		v.Labels = append(v.Labels, labelVector{LabelKey: hex.EncodeToString(lk[:]), Index: i, Label: hex.EncodeToString(l[:])})
	}
	var zero [32]byte
	l := Label(zero, 0)
	v.Labels = append(v.Labels, labelVector{LabelKey: hex.EncodeToString(zero[:]), Index: 0, Label: hex.EncodeToString(l[:])})
	return v
}

func TestKnownAnswers(t *testing.T) {
	path := filepath.Join("testdata", "vectors.json")
	got := computeVectors(t)
	enc, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	enc = append(enc, '\n')
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, enc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create)", err)
	}
	var wv vectors
	if err := json.Unmarshal(want, &wv); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(enc, want) {
		t.Errorf("vectors differ from %s; rerun with -update only if the format change is intended", path)
	}
	// Check the label formula from the stored file alone, independent of the
	// code that wrote it: Keccak-256 over labelKey ‖ 32-byte big-endian index.
	for _, lv := range wv.Labels {
		lk := mustHex(t, lv.LabelKey)
		var idx [32]byte
		for b, i := 31, lv.Index; i > 0; b, i = b-1, i>>8 {
			idx[b] = byte(i)
		}
		h := sha3.NewLegacyKeccak256()
		h.Write(lk)
		h.Write(idx[:])
		if hex.EncodeToString(h.Sum(nil)) != lv.Label {
			t.Errorf("stored label for index %d does not match keccak256(labelKey ‖ uint256)", lv.Index)
		}
	}
}

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func FuzzKeyUnmarshalBinary(f *testing.F) {
	f.Add(make([]byte, 32))
	f.Add(bytes.Repeat([]byte{7}, 32))
	f.Add([]byte{1, 2, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		var k Key
		if err := k.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		out, err := k.MarshalBinary()
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("round trip: %x -> %x, %v", data, out, err)
		}
	})
}

func FuzzTokenUnmarshalBinary(f *testing.F) {
	f.Add(make([]byte, 64))
	f.Add(bytes.Repeat([]byte{9}, 64))
	f.Fuzz(func(t *testing.T, data []byte) {
		var tok Token
		if err := tok.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("unexpected error type: %v", err)
			}
			return
		}
		out, err := tok.MarshalBinary()
		if err != nil || !bytes.Equal(out, data) {
			t.Fatalf("round trip: %x -> %x, %v", data, out, err)
		}
	})
}

func BenchmarkToken(b *testing.B) {
	k := testKey(b, "bench")
	for b.Loop() {
		k.Token("type 2 diabetes")
	}
}

func BenchmarkEntries20(b *testing.B) {
	k := testKey(b, "bench")
	ps := payloads(b, "bench", 20)
	for b.Loop() {
		if _, err := k.Entries("type 2 diabetes", 0, ps); err != nil {
			b.Fatal(err)
		}
	}
}

// TestTokenFromSecret: tokens made from per-keyword secrets build and find
// entries like owner tokens, differ per secret, and follow the documented
// derivation.
func TestTokenFromSecret(t *testing.T) {
	var s1, s2 [32]byte
	s1[0], s2[0] = 1, 2
	t1, t2 := TokenFromSecret(s1), TokenFromSecret(s2)
	if t1.Equal(t2) || t1.label == t1.mask {
		t.Fatal("tokens of different secrets, or a token's two keys, coincide")
	}
	m := hmac.New(sha256.New, s1[:])
	m.Write([]byte("emrchain/sse/v2/label"))
	if lk := t1.Label(); !bytes.Equal(m.Sum(nil), lk[:]) {
		t.Fatal("label key is not HMAC-SHA256(secret, \"emrchain/sse/v2/label\")")
	}
	ps := payloads(t, "secret", 5)
	es, err := t1.Entries(0, ps)
	if err != nil {
		t.Fatal(err)
	}
	c := chain{}
	c.put(t, es)
	got := t1.Search(c.lookup)
	if len(got) != len(ps) {
		t.Fatalf("found %d of %d", len(got), len(ps))
	}
	for i := range ps {
		if got[i] != ps[i] {
			t.Fatalf("entry %d differs", i)
		}
	}
	if found := t2.Search(c.lookup); len(found) != 0 {
		t.Fatal("another secret's token found entries")
	}
	if _, err := t1.Entries(^uint64(0), ps); !errors.Is(err, ErrCounterOverflow) {
		t.Fatalf("overflow: %v", err)
	}
}
