package envelope

import (
	"bytes"
	"errors"
	"testing"
)

func TestLocationRoundTrip(t *testing.T) {
	key := detKey(t, "k")
	cid := []byte("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi")
	ad := []byte("record 7")
	sealedLoc, err := SealLocation(nil, key, cid, ad)
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenLocation(key, sealedLoc, ad)
	if err != nil || !bytes.Equal(got, cid) {
		t.Fatalf("OpenLocation = %q, %v", got, err)
	}
	again, err := SealLocation(nil, key, cid, ad)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(again, sealedLoc) {
		t.Error("two sealings of one location are identical")
	}

	if _, err := OpenLocation(detKey(t, "other"), sealedLoc, ad); !errors.Is(err, ErrIntegrity) {
		t.Errorf("wrong key: err = %v, want ErrIntegrity", err)
	}
	if _, err := OpenLocation(key, sealedLoc, []byte("record 8")); !errors.Is(err, ErrIntegrity) {
		t.Errorf("wrong ad: err = %v, want ErrIntegrity", err)
	}
	for i := range sealedLoc {
		bad := bytes.Clone(sealedLoc)
		bad[i] ^= 0x10
		_, err := OpenLocation(key, bad, ad)
		want := ErrIntegrity
		if i == 0 {
			want = ErrFormat
		}
		if !errors.Is(err, want) {
			t.Fatalf("flipped byte %d: err = %v, want %v", i, err, want)
		}
	}
	for _, n := range []int{0, 1, 1 + gcmNonceSize + tagSize} {
		if _, err := OpenLocation(key, sealedLoc[:n], ad); !errors.Is(err, ErrFormat) {
			t.Errorf("%d-byte input: err = %v, want ErrFormat", n, err)
		}
	}
}

// The location key must differ from the payload key even though both come
// from the data key; otherwise a sealed CID could be spliced into a stream.
func TestLocationKeySeparated(t *testing.T) {
	key := detKey(t, "k")
	loc, err := locationAEAD(key)
	if err != nil {
		t.Fatal(err)
	}
	h := header{chunkSize: ChunkSize}
	st, err := newStream(key, &h, h.marshal(), nil)
	if err != nil {
		t.Fatal(err)
	}
	nonce := make([]byte, gcmNonceSize)
	if bytes.Equal(loc.Seal(nil, nonce, []byte("x"), nil), st.aead.Seal(nil, nonce, []byte("x"), nil)) {
		t.Error("location and payload keys coincide")
	}
}

func TestSealLocationLimits(t *testing.T) {
	key := detKey(t, "k")
	for _, n := range []int{0, MaxLocationSize + 1} {
		if _, err := SealLocation(nil, key, make([]byte, n), nil); err == nil {
			t.Errorf("%d-byte location sealed", n)
		}
	}
	s, err := SealLocation(nil, key, make([]byte, MaxLocationSize), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenLocation(key, s, nil); err != nil {
		t.Errorf("maximal location: %v", err)
	}
}
