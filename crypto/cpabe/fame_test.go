package cpabe

import (
	"bytes"
	crand "crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"github.com/consensys/gnark-crypto/ecc/bls12-381/fp"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	bls "github.com/consensys/gnark-crypto/ecc/bls12-381"
)

// drbg returns a deterministic reader for reproducible tests.
func drbg(seed string) *rand.ChaCha8 {
	var s [32]byte
	copy(s[:], seed)
	return rand.NewChaCha8(s)
}

var (
	authorityOnce sync.Once
	authorityPK   *PublicKey
	authorityMSK  *MasterKey
)

// authority returns one key pair shared by the tests, since Setup is not
// what most tests exercise.
func authority(t testing.TB) (*PublicKey, *MasterKey) {
	t.Helper()
	authorityOnce.Do(func() {
		var err error
		authorityPK, authorityMSK, err = Setup(drbg("shared test authority"))
		if err != nil {
			t.Fatalf("Setup: %v", err)
		}
	})
	if authorityPK == nil {
		t.Fatal("Setup failed earlier")
	}
	return authorityPK, authorityMSK
}

func keyGen(t testing.TB, msk *MasterKey, attrs ...string) *AttributeKey {
	t.Helper()
	ak, err := msk.KeyGen(nil, attrs)
	if err != nil {
		t.Fatalf("KeyGen(%v): %v", attrs, err)
	}
	return ak
}

func encapsulate(t testing.TB, pk *PublicKey, policy string) ([32]byte, *Ciphertext) {
	t.Helper()
	key, ct, err := pk.Encapsulate(nil, mustPolicy(t, policy))
	if err != nil {
		t.Fatalf("Encapsulate(%q): %v", policy, err)
	}
	return key, ct
}

func attrNames(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("%s:%d", prefix, i)
	}
	return out
}

func TestRoundTrip1To50Attributes(t *testing.T) {
	pk, msk := authority(t)
	for n := 1; n <= 50; n++ {
		attrs := attrNames("attr", n)
		ak := keyGen(t, msk, attrs...)
		gates := []string{" and "}
		if n%10 == 1 {
			gates = append(gates, " or ")
		}
		for _, gate := range gates {
			want, ct := encapsulate(t, pk, strings.Join(attrs, gate))
			got, err := ak.Decapsulate(ct)
			if err != nil {
				t.Fatalf("%d attributes, %q gates: %v", n, gate, err)
			}
			if got != want {
				t.Fatalf("%d attributes, %q gates: decapsulated a different key", n, gate)
			}
		}
	}
}

func TestUnsatisfiedPolicyFails(t *testing.T) {
	pk, msk := authority(t)
	_, ct := encapsulate(t, pk, "role:insurer and (org:acme or org:globex)")
	for _, attrs := range [][]string{
		{"role:insurer"},
		{"org:acme", "org:globex"},
		{"role:doctor", "org:acme"},
		{"role:insurer-x", "org:acme"},
	} {
		if _, err := keyGen(t, msk, attrs...).Decapsulate(ct); !errors.Is(err, ErrPolicyNotSatisfied) {
			t.Errorf("key %v: Decapsulate = %v, want ErrPolicyNotSatisfied", attrs, err)
		}
	}
	if _, err := keyGen(t, msk, "role:insurer", "org:globex").Decapsulate(ct); err != nil {
		t.Errorf("satisfying key: %v", err)
	}
}

// spliced returns a copy of dst whose attribute list also claims src's
// attributes, carrying src's per-attribute key parts over unchanged: the
// combination two colluding users would try.
func spliced(dst, src *AttributeKey) *AttributeKey {
	out := &AttributeKey{k0: dst.k0, kp: dst.kp, index: make(map[string]int)}
	parts := make(map[string][3]bls.G1Affine)
	for i, a := range src.attrs {
		parts[a] = src.parts[i]
	}
	for i, a := range dst.attrs {
		parts[a] = dst.parts[i]
	}
	for _, a := range slices.Sorted(func(yield func(string) bool) {
		for a := range parts {
			if !yield(a) {
				return
			}
		}
	}) {
		out.index[a] = len(out.attrs)
		out.attrs = append(out.attrs, a)
		out.parts = append(out.parts, parts[a])
	}
	return out
}

func TestCollusionResistance(t *testing.T) {
	pk, msk := authority(t)
	for _, tc := range []struct {
		policy string
		a, b   []string
	}{
		{"role:doctor and dept:cardiology", []string{"role:doctor", "org:hospital-a"}, []string{"dept:cardiology"}},
		{"role:insurer and (org:acme or org:globex)", []string{"role:insurer"}, []string{"org:globex", "role:clerk"}},
		{"2 of (dept:cardiology, dept:oncology, role:researcher)", []string{"dept:oncology"}, []string{"role:researcher"}},
		{"a:1 and b:2 and c:3 and d:4", []string{"a:1", "b:2"}, []string{"c:3", "d:4"}},
	} {
		want, ct := encapsulate(t, pk, tc.policy)
		userA, userB := keyGen(t, msk, tc.a...), keyGen(t, msk, tc.b...)
		for name, ak := range map[string]*AttributeKey{"A": userA, "B": userB} {
			if _, err := ak.Decapsulate(ct); !errors.Is(err, ErrPolicyNotSatisfied) {
				t.Fatalf("%s: user %s alone: %v, want ErrPolicyNotSatisfied", tc.policy, name, err)
			}
		}
		// Positive control: the splice helper itself is sound, so a splice
		// of two parts of one key still decrypts.
		union := keyGen(t, msk, append(slices.Clone(tc.a), tc.b...)...)
		if got, err := spliced(union, union).Decapsulate(ct); err != nil || got != want {
			t.Fatalf("%s: self-splice of a satisfying key: %v", tc.policy, err)
		}
		attempts := map[string]*AttributeKey{
			"A's key with B's attribute parts": spliced(userA, userB),
			"B's key with A's attribute parts": spliced(userB, userA),
		}
		// A holder of a satisfying key for the same attributes, issued
		// separately, cannot mix its parts with the first either.
		second := keyGen(t, msk, append(slices.Clone(tc.a), tc.b...)...)
		mixed := spliced(union, union)
		for _, a := range tc.b {
			mixed.parts[mixed.index[a]] = second.parts[second.index[a]]
		}
		attempts["two satisfying keys mixed"] = mixed
		withBk0 := spliced(userA, userB)
		withBk0.k0 = userB.k0
		attempts["A's parts with B's G2 part"] = withBk0
		withBkp := spliced(userA, userB)
		withBkp.kp = userB.kp
		attempts["A's parts with B's sk'"] = withBkp
		for name, ak := range attempts {
			if _, err := ak.Decapsulate(ct); !errors.Is(err, ErrDecryption) {
				t.Errorf("%s: %s: Decapsulate = %v, want ErrDecryption", tc.policy, name, err)
			}
		}
	}
}

// TestANDGateRegression is the attack that cloudflare/circl's tkn20 allowed
// before v1.6.4: a key holding one side of an AND, no matching attribute or
// only unrelated attributes opening an AND policy. Each key must be refused
// by the policy check, and, with the check bypassed by a key that claims the
// missing attributes using parts it does hold, by the key confirmation.
func TestANDGateRegression(t *testing.T) {
	pk, msk := authority(t)
	pool := []string{"a:1", "b:2", "c:3", "d:4", "e:5", "f:6"}
	keysets := [][]string{
		{"zz:unrelated"},
		{"a:10", "b:20", "role:admin"},
	}
	for _, a := range pool {
		keysets = append(keysets, []string{a})
	}
	for i := range pool {
		for j := i + 1; j < len(pool); j++ {
			keysets = append(keysets, []string{pool[i], pool[j]})
		}
	}
	keysCache := make(map[string]*AttributeKey)
	for _, s := range andPolicies {
		p := mustPolicy(t, s)
		want, ct, err := pk.Encapsulate(nil, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, attrs := range keysets {
			has := func(a string) bool { return slices.Contains(attrs, a) }
			if evalPolicy(p.root, has) {
				continue
			}
			id := strings.Join(attrs, ",")
			ak := keysCache[id]
			if ak == nil {
				ak = keyGen(t, msk, attrs...)
				keysCache[id] = ak
			}
			if _, err := ak.Decapsulate(ct); !errors.Is(err, ErrPolicyNotSatisfied) {
				t.Fatalf("%s with %v: %v, want ErrPolicyNotSatisfied", s, attrs, err)
			}
			if got, err := impersonate(ak, pool).Decapsulate(ct); !errors.Is(err, ErrDecryption) || got == want {
				t.Fatalf("%s with %v claiming every attribute: %v, want ErrDecryption", s, attrs, err)
			}
		}
	}
}

// impersonate returns a key claiming every attribute in pool, using the
// parts of an attribute ak really holds for the ones it lacks.
func impersonate(ak *AttributeKey, pool []string) *AttributeKey {
	out := spliced(ak, ak)
	for _, a := range pool {
		if _, ok := out.index[a]; ok {
			continue
		}
		out.index[a] = len(out.attrs)
		out.attrs = append(out.attrs, a)
		out.parts = append(out.parts, ak.parts[0])
	}
	return out
}

func TestThresholdBoundaries(t *testing.T) {
	pk, msk := authority(t)
	for _, tc := range []struct {
		k, n int
	}{{2, 3}, {3, 5}, {4, 6}, {5, 6}} {
		pool := attrNames("t", tc.n)
		policy := fmt.Sprintf("%d of (%s)", tc.k, strings.Join(pool, ", "))
		want, ct := encapsulate(t, pk, policy)
		forEachSubset(pool, func(set map[string]bool) {
			if len(keys(set)) != tc.k-1 && len(keys(set)) != tc.k {
				return
			}
			attrs := keys(set)
			if len(attrs) == 0 {
				return // k = 1 is OR and has no k−1 key to test
			}
			got, err := keyGen(t, msk, attrs...).Decapsulate(ct)
			if len(attrs) == tc.k-1 {
				if !errors.Is(err, ErrPolicyNotSatisfied) {
					t.Fatalf("%s with %d attributes %v: %v, want ErrPolicyNotSatisfied", policy, len(attrs), attrs, err)
				}
				return
			}
			if err != nil || got != want {
				t.Fatalf("%s with %d attributes %v: %v", policy, len(attrs), attrs, err)
			}
		})
	}
	// Nested threshold: 2 of (a, b, 2 of (c, d, e)).
	want, ct := encapsulate(t, pk, "2 of (a:1, b:2, 2 of (c:3, d:4, e:5))")
	for _, tc := range []struct {
		attrs []string
		ok    bool
	}{
		{[]string{"a:1", "b:2"}, true},
		{[]string{"a:1", "c:3", "d:4"}, true},
		{[]string{"c:3", "d:4", "e:5"}, false},
		{[]string{"a:1", "c:3"}, false},
		{[]string{"b:2", "d:4", "e:5"}, true},
	} {
		got, err := keyGen(t, msk, tc.attrs...).Decapsulate(ct)
		switch {
		case tc.ok && (err != nil || got != want):
			t.Errorf("nested threshold with %v: %v", tc.attrs, err)
		case !tc.ok && !errors.Is(err, ErrPolicyNotSatisfied):
			t.Errorf("nested threshold with %v: %v, want ErrPolicyNotSatisfied", tc.attrs, err)
		}
	}
}

func TestKeyOfAnotherAuthorityRejected(t *testing.T) {
	pk, _ := authority(t)
	_, other, err := Setup(drbg("another authority"))
	if err != nil {
		t.Fatal(err)
	}
	_, ct := encapsulate(t, pk, "role:insurer and org:acme")
	if _, err := keyGen(t, other, "role:insurer", "org:acme").Decapsulate(ct); !errors.Is(err, ErrDecryption) {
		t.Fatalf("key of another authority: %v, want ErrDecryption", err)
	}
}

func TestTamperedCiphertextRejected(t *testing.T) {
	pk, msk := authority(t)
	want, ct := encapsulate(t, pk, "a:1 and (b:2 or c:3) and 2 of (d:4, e:5, f:6)")
	ak := keyGen(t, msk, "a:1", "b:2", "d:4", "e:5")
	enc, err := ct.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ak.Decapsulate(ct); err != nil || got != want {
		t.Fatalf("untampered: %v", err)
	}
	decodable := 0
	for i := range enc {
		for _, mask := range []byte{0x01, 0x20, 0x80} {
			mod := slices.Clone(enc)
			mod[i] ^= mask
			var ct2 Ciphertext
			if err := ct2.UnmarshalBinary(mod); err != nil {
				if !errors.Is(err, ErrInvalidEncoding) {
					t.Fatalf("byte %d ^ %#x: UnmarshalBinary error %v does not match ErrInvalidEncoding", i, mask, err)
				}
				continue
			}
			decodable++
			_, err := ak.Decapsulate(&ct2)
			if !errors.Is(err, ErrDecryption) && !errors.Is(err, ErrPolicyNotSatisfied) {
				t.Fatalf("byte %d ^ %#x: Decapsulate = %v, want rejection", i, mask, err)
			}
		}
	}
	// Flipping a compressed point's sign bit (0x20 of its first byte) yields
	// a valid point, so those modifications decode and must be caught by the
	// key confirmation.
	if decodable < len(ct.rows)*3 {
		t.Fatalf("only %d modifications decoded; the key confirmation was barely exercised", decodable)
	}

	// Structural modifications in memory.
	_, other := encapsulate(t, pk, ct.policy.String())
	swapRows := *ct
	swapRows.rows = slices.Clone(ct.rows)
	swapRows.rows[0], swapRows.rows[1] = swapRows.rows[1], swapRows.rows[0]
	mixC0 := *ct
	mixC0.c0 = other.c0
	mixRow := *ct
	mixRow.rows = slices.Clone(ct.rows)
	mixRow.rows[2] = other.rows[2]
	otherTag := *ct
	otherTag.tag = other.tag
	for name, c := range map[string]*Ciphertext{
		"rows swapped": &swapRows, "c0 of another ciphertext": &mixC0,
		"row of another ciphertext": &mixRow, "tag of another ciphertext": &otherTag,
	} {
		if _, err := ak.Decapsulate(c); !errors.Is(err, ErrDecryption) {
			t.Errorf("%s: %v, want ErrDecryption", name, err)
		}
	}
}

func TestTamperedKeyRejected(t *testing.T) {
	pk, msk := authority(t)
	attrs := []string{"a:1", "b:2", "c:3"}
	want, ct := encapsulate(t, pk, "a:1 and b:2 and c:3")
	enc, err := keyGen(t, msk, attrs...).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	decodable := 0
	for i := range enc {
		for _, mask := range []byte{0x01, 0x20, 0x80} {
			mod := slices.Clone(enc)
			mod[i] ^= mask
			var ak AttributeKey
			if err := ak.UnmarshalBinary(mod); err != nil {
				if !errors.Is(err, ErrInvalidEncoding) {
					t.Fatalf("byte %d ^ %#x: error %v does not match ErrInvalidEncoding", i, mask, err)
				}
				continue
			}
			decodable++
			got, err := ak.Decapsulate(ct)
			if err == nil || got == want {
				t.Fatalf("byte %d ^ %#x: tampered key decapsulated", i, mask)
			}
			if !errors.Is(err, ErrDecryption) && !errors.Is(err, ErrPolicyNotSatisfied) {
				t.Fatalf("byte %d ^ %#x: Decapsulate = %v, want rejection", i, mask, err)
			}
		}
	}
	if decodable < 3*3 {
		t.Fatal("too few modifications decoded; the test exercised only parsing")
	}
}

func TestWrapUnwrap(t *testing.T) {
	pk, msk := authority(t)
	p := mustPolicy(t, "role:insurer and (org:acme or org:globex)")
	var dataKey [32]byte
	copy(dataKey[:], "0123456789abcdef0123456789abcdef")
	wrapped, err := Wrap(nil, pk, p, dataKey)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unwrap(keyGen(t, msk, "role:insurer", "org:acme"), wrapped)
	if err != nil || got != dataKey {
		t.Fatalf("Unwrap = %x, %v", got, err)
	}
	if _, err := Unwrap(keyGen(t, msk, "org:acme"), wrapped); !errors.Is(err, ErrPolicyNotSatisfied) {
		t.Errorf("unsatisfying key: %v, want ErrPolicyNotSatisfied", err)
	}
	ak := keyGen(t, msk, "role:insurer", "org:globex")
	for _, i := range []int{len(wrapped) - 1, len(wrapped) - 48, len(wrapped) - 49, 7} {
		mod := slices.Clone(wrapped)
		mod[i] ^= 1
		if _, err := Unwrap(ak, mod); !errors.Is(err, ErrDecryption) && !errors.Is(err, ErrInvalidEncoding) {
			t.Errorf("byte %d flipped: %v, want rejection", i, err)
		}
	}
	for _, bad := range [][]byte{nil, wrapped[:10], wrapped[:len(wrapped)-1], append(slices.Clone(wrapped), 0)} {
		if _, err := Unwrap(ak, bad); !errors.Is(err, ErrInvalidEncoding) {
			t.Errorf("malformed wrapped key of %d bytes: %v, want ErrInvalidEncoding", len(bad), err)
		}
	}
}

// TestWrappedKeyParsedOnce: a wrapped key parsed once opens as often as
// needed, re-encodes to its bytes, and names its policy.
func TestWrappedKeyParsedOnce(t *testing.T) {
	pk, msk := authority(t)
	p := mustPolicy(t, "hospital-a/role:doctor and epoch:3")
	var dataKey [32]byte
	dataKey[5] = 9
	wrapped, err := Wrap(nil, pk, p, dataKey)
	if err != nil {
		t.Fatal(err)
	}
	var w WrappedKey
	if err := w.UnmarshalBinary(wrapped); err != nil {
		t.Fatal(err)
	}
	if w.Policy().String() != p.String() {
		t.Fatalf("policy %q", w.Policy())
	}
	ak := keyGen(t, msk, "hospital-a/role:doctor", "epoch:3")
	for range 2 {
		if got, err := w.Unwrap(ak); err != nil || got != dataKey {
			t.Fatalf("Unwrap = %x, %v", got, err)
		}
	}
	if _, err := w.Unwrap(keyGen(t, msk, "hospital-a/role:doctor", "epoch:2")); !errors.Is(err, ErrPolicyNotSatisfied) {
		t.Fatalf("key of another epoch: %v", err)
	}
	out, _ := w.MarshalBinary()
	if !bytes.Equal(out, wrapped) {
		t.Fatal("re-encoding differs")
	}
	var empty WrappedKey
	if _, err := empty.Unwrap(ak); !errors.Is(err, ErrInvalidEncoding) {
		t.Fatalf("empty wrapped key: %v", err)
	}
}

// TestWrapKey: WrapKey's wrapped key is Wrap's, byte for byte for the same
// randomness, opens without being parsed, and its encoding parses to a key
// that opens the same way.
func TestWrapKey(t *testing.T) {
	pk, msk := authority(t)
	p := mustPolicy(t, "hospital-a/role:doctor and epoch:4")
	for range 2 { // the second use keeps the policy's bases
		if _, _, err := pk.Encapsulate(nil, p); err != nil {
			t.Fatal(err)
		}
	}
	if p.bases.Load() == nil {
		t.Fatal("the policy kept no bases")
	}
	dataKey := [32]byte{7}
	w, err := WrapKey(drbg("wrap key"), pk, p, dataKey)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := Wrap(drbg("wrap key"), pk, p, dataKey)
	if err != nil {
		t.Fatal(err)
	}
	enc, err := w.MarshalBinary()
	if err != nil || !bytes.Equal(enc, raw) {
		t.Fatalf("WrapKey's encoding differs from Wrap's: %v", err)
	}
	if w.Policy().String() != p.String() || w.Policy().bases.Load() != nil {
		t.Fatal("the wrapped key's policy differs or keeps the encryption bases")
	}
	ak := keyGen(t, msk, "hospital-a/role:doctor", "epoch:4")
	if got, err := w.Unwrap(ak); err != nil || got != dataKey {
		t.Fatalf("Unwrap = %x, %v", got, err)
	}
	var parsed WrappedKey
	if err := parsed.UnmarshalBinary(enc); err != nil {
		t.Fatal(err)
	}
	if got, err := parsed.Unwrap(ak); err != nil || got != dataKey {
		t.Fatalf("Unwrap of the parsed encoding = %x, %v", got, err)
	}
	if _, err := w.Unwrap(keyGen(t, msk, "hospital-a/role:doctor", "epoch:3")); !errors.Is(err, ErrPolicyNotSatisfied) {
		t.Fatalf("key of another epoch: %v", err)
	}
}

func TestKeyGenRejects(t *testing.T) {
	_, msk := authority(t)
	for _, attrs := range [][]string{
		nil,
		{"Role:insurer"},
		{"role"},
		{"role:insurer", "org acme"},
		{"a:" + strings.Repeat("x", MaxAttributeLen)},
	} {
		if _, err := msk.KeyGen(nil, attrs); !errors.Is(err, ErrInvalidAttribute) {
			t.Errorf("KeyGen(%q) = %v, want ErrInvalidAttribute", attrs, err)
		}
	}
	ak := keyGen(t, msk, "org:acme", "role:insurer", "org:acme")
	if got := ak.Attributes(); !slices.Equal(got, []string{"org:acme", "role:insurer"}) {
		t.Errorf("Attributes() = %v, want sorted and deduplicated", got)
	}
}

// TestConcurrentUse runs encapsulation and decapsulation from several
// goroutines over shared keys, a shared policy and a cold hash cache; run
// with -race it checks the cache and the per-policy precomputation.
func TestConcurrentUse(t *testing.T) {
	pk, msk := authority(t)
	p := mustPolicy(t, "conc:a and (conc:b or conc:c) and 2 of (conc:d, conc:e, conc:f)")
	ak := keyGen(t, msk, "conc:a", "conc:c", "conc:d", "conc:f")
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			want, ct, err := pk.Encapsulate(nil, p)
			if err != nil {
				errs <- err
				return
			}
			got, err := ak.Decapsulate(ct)
			if err == nil && got != want {
				err = errors.New("wrong key")
			}
			if err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestHashCacheEvicts(t *testing.T) {
	c := newHashCache(3)
	for i := range 5 {
		if _, err := c.getMany([]string{fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if c.order.Len() != 3 || len(c.items) != 3 {
		t.Fatalf("cache holds %d/%d entries, want 3", c.order.Len(), len(c.items))
	}
	if _, ok := c.items["0"]; ok {
		t.Error("least recently used entry was kept")
	}
	a, _ := c.getMany([]string{"4"})
	b, err := hashPrefixes([]string{"4"})
	if err != nil || a[0].pre != b[0].pre {
		t.Error("cached value differs from a fresh hash")
	}
	// A batch with repeats and hits returns each key's own value.
	got, err := c.getMany([]string{"x", "4", "x", "y"})
	if err != nil || got[0] != got[2] || got[1] != a[0] || got[3] == got[0] {
		t.Fatalf("batch lookup: %v", err)
	}
	for i, k := range []string{"x", "4", "x", "y"} {
		want, _ := hashPrefixes([]string{k})
		if got[i].pre != want[0].pre {
			t.Fatalf("batch entry %d differs from a fresh hash", i)
		}
	}
}

// TestHashesAreRFC9380: the cached hashes are bls.HashToG1 of the documented
// messages (prefix ‖ l ‖ t), so keys and ciphertexts made before the batched
// hashing stay valid, and the lazily built tables hold the points' odd
// multiples.
func TestHashesAreRFC9380(t *testing.T) {
	h, err := attributeHashes("hospital-a/role:doctor")
	if err != nil {
		t.Fatal(err)
	}
	for l := range 3 {
		for tt := range 2 {
			want, err := bls.HashToG1(append([]byte("\x01hospital-a/role:doctor"), byte(l+1), byte(tt+1)), hashDST)
			if err != nil {
				t.Fatal(err)
			}
			if !h.point(l, tt).Equal(&want) {
				t.Fatalf("H(attr, %d, %d) differs from HashToG1", l+1, tt+1)
			}
			if tab := h.tables(); !tab[l][tt][0].Equal(&want) {
				t.Fatal("table does not start with the point")
			}
		}
	}
}

func TestZeroKeysRefused(t *testing.T) {
	if _, err := new(MasterKey).KeyGen(nil, []string{"a:1"}); err == nil {
		t.Error("KeyGen on a zero MasterKey succeeded")
	}
	if _, _, err := new(PublicKey).Encapsulate(nil, mustPolicy(t, "a:1")); err == nil {
		t.Error("Encapsulate with a zero PublicKey succeeded")
	}
	_, msk := authority(t)
	if _, err := keyGen(t, msk, "a:1").Decapsulate(new(Ciphertext)); !errors.Is(err, ErrDecryption) {
		t.Errorf("Decapsulate of a zero Ciphertext = %v, want ErrDecryption", err)
	}
	if _, err := new(Ciphertext).MarshalBinary(); !errors.Is(err, ErrInvalidEncoding) {
		t.Errorf("MarshalBinary of a zero Ciphertext = %v, want ErrInvalidEncoding", err)
	}
}

// TestLargeThreshold exercises decryption with more general (non-unit)
// coefficients than msmMinPoints, the MultiExp path of linearCombination.
func TestLargeThreshold(t *testing.T) {
	pk, msk := authority(t)
	pool := attrNames("big", msmMinPoints+6)
	k := msmMinPoints
	policy := fmt.Sprintf("%d of (%s)", k, strings.Join(pool, ", "))
	want, ct := encapsulate(t, pk, policy)
	coefs, ok := ct.policy.reconstruct(func(a string) bool { return slices.Contains(pool[1:k+1], a) })
	if !ok || len(coefs) != k {
		t.Fatalf("reconstruct: %v with %d coefficients", ok, len(coefs))
	}
	nonUnit := 0
	for _, c := range coefs {
		if unitKind(&c.coef) == unitNone {
			nonUnit++
		}
	}
	if nonUnit < msmMinPoints {
		t.Fatalf("only %d general coefficients; the MultiExp path is not reached", nonUnit)
	}
	if got, err := keyGen(t, msk, pool[1:k+1]...).Decapsulate(ct); err != nil || got != want {
		t.Fatalf("%d of %d: %v", k, len(pool), err)
	}
	if _, err := keyGen(t, msk, pool[:k-1]...).Decapsulate(ct); !errors.Is(err, ErrPolicyNotSatisfied) {
		t.Fatalf("%d of %d with %d attributes: %v", k, len(pool), k-1, err)
	}
}

// TestTorsionInRows: row points carrying a component outside G1 (of order
// dividing the cofactor). Point-by-point parsing refuses them; decryption
// from bytes, which checks subgroup membership on the combinations that
// reach the pairing, refuses one that does not cancel before pairing
// anything, and one that cancels fails key confirmation.
func TestTorsionInRows(t *testing.T) {
	pk, msk := authority(t)
	ak := keyGen(t, msk, "a:1", "b:2", "c:3")
	_, ct := encapsulate(t, pk, "a:1 and b:2 and c:3")
	var f fp.Element
	f.SetUint64(7)
	tj := bls.GeneratePointNotInG1(f)
	var torsion, negTorsion bls.G1Affine
	torsion.FromJacobian(&tj)
	if torsion.IsInfinity() || torsion.IsInSubGroup() || !torsion.IsOnCurve() {
		t.Fatal("test point is not a nonzero point outside G1")
	}
	negTorsion.Neg(&torsion)
	add := func(p *bls.G1Affine, q *bls.G1Affine) {
		var j bls.G1Jac
		j.FromAffine(p)
		j.AddMixed(q)
		p.FromJacobian(&j)
	}
	wrap := func(c *Ciphertext) []byte {
		enc, err := c.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		w := []byte{typeWrappedKey, encodingV1}
		w = binary.BigEndian.AppendUint32(w, uint32(len(enc)))
		return append(append(w, enc...), make([]byte, wrappedOverhead)...)
	}
	copyCT := func() *Ciphertext {
		c := *ct
		c.rows = make([][3]bls.G1Affine, len(ct.rows))
		copy(c.rows, ct.rows)
		return &c
	}

	lone := copyCT()
	add(&lone.rows[0][1], &torsion)
	cancel := copyCT()
	add(&cancel.rows[0][1], &torsion)
	add(&cancel.rows[2][1], &negTorsion)
	for name, c := range map[string]*Ciphertext{"lone": lone, "cancelling": cancel} {
		enc, _ := c.MarshalBinary()
		var parsed Ciphertext
		if err := parsed.UnmarshalBinary(enc); !errors.Is(err, ErrInvalidEncoding) {
			t.Errorf("%s: Ciphertext.UnmarshalBinary = %v, want ErrInvalidEncoding", name, err)
		}
	}
	if _, err := Unwrap(ak, wrap(lone)); !errors.Is(err, ErrInvalidEncoding) || errors.Is(err, ErrDecryption) {
		t.Errorf("lone torsion: Unwrap = %v, want the subgroup refusal", err)
	}
	if _, err := Unwrap(ak, wrap(cancel)); !errors.Is(err, ErrDecryption) {
		t.Errorf("cancelling torsion: Unwrap = %v, want ErrDecryption", err)
	}
}

// TestFirstEncryptionUnderNewAttributes: the first encryption under
// attributes never hashed before folds their rows before cofactor clearing
// and clears the ciphertext points instead; its ciphertext is byte for byte
// the one the usual path (cleared hashes) makes from the same randomness,
// every point in it is in G1, and the second use clears the hashes and
// keeps the policy's bases. AND, OR and threshold rows (power runs) are all
// covered.
func TestFirstEncryptionUnderNewAttributes(t *testing.T) {
	pk, msk := authority(t)
	var tag [6]byte
	if _, err := crand.Read(tag[:]); err != nil {
		t.Fatal(err)
	}
	ns := fmt.Sprintf("first%x/", tag)
	a := func(i int) string { return fmt.Sprintf("%sa:%d", ns, i) }
	text := fmt.Sprintf("%s and (%s or %s) and 2 of (%s, %s, %s)", a(0), a(1), a(2), a(3), a(4), a(5))

	first := mustPolicy(t, text)
	key1, ct1, err := pk.Encapsulate(drbg("first use"), first)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		h, err := attributeHashes(a(i))
		if err != nil {
			t.Fatal(err)
		}
		if h.cleared.Load() {
			t.Fatalf("attribute %d's hashes were cleared by the first encryption", i)
		}
	}
	if first.bases.Load() != nil {
		t.Fatal("bases with uncleared rows were kept")
	}
	for i, row := range ct1.rows {
		for l := range 3 {
			if !row[l].IsInSubGroup() {
				t.Fatalf("row %d point %d is not in G1", i, l)
			}
		}
	}

	second := mustPolicy(t, text)
	key2, ct2, err := pk.Encapsulate(drbg("first use"), second)
	if err != nil {
		t.Fatal(err)
	}
	if second.bases.Load() == nil {
		t.Fatal("the second use did not keep the bases")
	}
	b1, err := ct1.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	b2, err := ct2.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if key1 != key2 || !bytes.Equal(b1, b2) {
		t.Fatal("the first encryption differs from the usual path's")
	}
	ak := keyGen(t, msk, a(0), a(2), a(3), a(5))
	if got, err := ak.Decapsulate(ct1); err != nil || got != key1 {
		t.Fatalf("Decapsulate: %v", err)
	}
}

// TestConcurrentFirstUse: keys and encryptions under attributes never seen
// before, all at once from several goroutines, each with its own policy
// object, so that first encryptions (uncleared hashes), second ones
// (clearing) and KeyGen (clearing, tables) race on the same cache entries;
// run with -race.
func TestConcurrentFirstUse(t *testing.T) {
	pk, msk := authority(t)
	var tag [6]byte
	if _, err := crand.Read(tag[:]); err != nil {
		t.Fatal(err)
	}
	text := fmt.Sprintf("c%x/a:1 and (c%x/b:1 or c%x/c:1) and 2 of (c%x/d:1, c%x/e:1, c%x/f:1)", tag, tag, tag, tag, tag, tag)
	attrs := []string{fmt.Sprintf("c%x/a:1", tag), fmt.Sprintf("c%x/c:1", tag), fmt.Sprintf("c%x/d:1", tag), fmt.Sprintf("c%x/f:1", tag)}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() {
			p, err := ParsePolicy(text)
			if err != nil {
				errs <- err
				return
			}
			want, ct, err := pk.Encapsulate(nil, p)
			if err != nil {
				errs <- err
				return
			}
			ak, err := msk.KeyGen(nil, attrs)
			if err != nil {
				errs <- err
				return
			}
			if got, err := ak.Decapsulate(ct); err != nil || got != want {
				errs <- fmt.Errorf("decapsulate: %v", err)
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
