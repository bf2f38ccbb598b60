package cpabe

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"fmt"
	"io"
	"slices"
)

// wrappedOverhead is the AES-GCM sealed data key: 32 bytes and a 16-byte tag.
const wrappedOverhead = 32 + 16

// Wrap encrypts a 32-byte data key (the key that seals a record) under
// policy p. The result is self-contained: a version header, the KEM
// ciphertext, and the data key sealed with AES-256-GCM under the KEM key.
// Each KEM key is fresh and seals exactly one message, so the fixed zero
// nonce is never reused under a key. A nil rand means crypto/rand.
func Wrap(rand io.Reader, pk *PublicKey, p *Policy, dataKey [32]byte) ([]byte, error) {
	out, _, err := wrap(rand, pk, p, dataKey)
	return out, err
}

// WrapKey is Wrap returning the parsed form, for callers that keep the
// wrapped key beside other data (a gate object) and would otherwise parse
// Wrap's output again: its points were made here, so nothing is decoded or
// checked again. Its MarshalBinary is Wrap's output.
func WrapKey(rand io.Reader, pk *PublicKey, p *Policy, dataKey [32]byte) (*WrappedKey, error) {
	raw, ct, err := wrap(rand, pk, p, dataKey)
	if err != nil {
		return nil, err
	}
	// The policy without its encryption bases (immutable parts shared):
	// a wrapped key is kept, often many of them, and needs none.
	ct.policy = &Policy{root: p.root, msp: p.msp}
	return &WrappedKey{raw: raw, ct: *ct, sealed: raw[len(raw)-wrappedOverhead:]}, nil
}

func wrap(rand io.Reader, pk *PublicKey, p *Policy, dataKey [32]byte) ([]byte, *Ciphertext, error) {
	kemKey, ct, err := pk.Encapsulate(rand, p)
	if err != nil {
		return nil, nil, fmt.Errorf("cpabe: wrap: %w", err)
	}
	ctBytes, err := ct.MarshalBinary()
	if err != nil {
		return nil, nil, fmt.Errorf("cpabe: wrap: %w", err)
	}
	out := make([]byte, 0, 6+len(ctBytes)+wrappedOverhead)
	out = append(out, typeWrappedKey, encodingV1)
	out = binary.BigEndian.AppendUint32(out, uint32(len(ctBytes)))
	out = append(out, ctBytes...)
	aead, err := newAEAD(&kemKey)
	if err != nil {
		return nil, nil, fmt.Errorf("cpabe: wrap: %w", err)
	}
	// The header and KEM ciphertext are the associated data, so the sealed
	// key is bound to them as well as to the KEM key.
	sealed := aead.Seal(nil, make([]byte, aead.NonceSize()), dataKey[:], out)
	return append(out, sealed...), ct, nil
}

// Unwrap recovers the data key from the output of Wrap. It returns
// ErrPolicyNotSatisfied if ak's attributes do not satisfy the policy,
// ErrDecryption if anything was altered, and an error matching
// ErrInvalidEncoding if wrapped is malformed.
func Unwrap(ak *AttributeKey, wrapped []byte) ([32]byte, error) {
	var w WrappedKey
	if err := w.UnmarshalBinary(wrapped); err != nil {
		return [32]byte{}, fmt.Errorf("cpabe: unwrap: %w", err)
	}
	return w.Unwrap(ak)
}

// WrappedKey is the parsed output of Wrap, for callers that keep it beside
// other data (a gate object) and so validate its points once, when they
// parse the whole.
type WrappedKey struct {
	raw    []byte // the encoding; all but the sealed key is the AEAD's associated data
	ct     Ciphertext
	sealed []byte
}

// Policy returns the policy the key is wrapped under.
func (w *WrappedKey) Policy() *Policy { return w.ct.policy }

// MarshalBinary returns the encoding Wrap produced.
func (w *WrappedKey) MarshalBinary() ([]byte, error) {
	if w.raw == nil {
		return nil, fmt.Errorf("%w: empty wrapped key", ErrInvalidEncoding)
	}
	return slices.Clone(w.raw), nil
}

// UnmarshalBinary parses a wrapped key, validating its KEM ciphertext as
// Ciphertext.UnmarshalBinary does except that, in a version 2 ciphertext,
// the row points' subgroup membership is checked by Unwrap on the
// combinations that reach the pairing rather than point by point here. w is
// unchanged on error.
func (w *WrappedKey) UnmarshalBinary(wrapped []byte) error {
	d := decoder{b: wrapped}
	d.header(typeWrappedKey)
	ctBytes := d.bytes(int(d.uint32()))
	d.bytes(wrappedOverhead) // the sealed key, kept below as a view of raw
	if err := d.finish("wrapped key"); err != nil {
		return err
	}
	var out WrappedKey
	// The rows' subgroup membership is checked where it matters, on their
	// combinations in Unwrap (see Ciphertext.rowsInG1).
	ct, err := parseCiphertext(ctBytes, false)
	if err != nil {
		return err
	}
	out.ct = *ct
	out.raw = slices.Clone(wrapped)
	out.sealed = out.raw[len(out.raw)-wrappedOverhead:]
	*w = out
	return nil
}

// Unwrap recovers the data key, with the errors of the function Unwrap.
func (w *WrappedKey) Unwrap(ak *AttributeKey) ([32]byte, error) {
	var dataKey [32]byte
	if w.raw == nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w: empty wrapped key", ErrInvalidEncoding)
	}
	kemKey, err := ak.Decapsulate(&w.ct)
	if err != nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w", err)
	}
	aead, err := newAEAD(&kemKey)
	if err != nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w", err)
	}
	ad := w.raw[:len(w.raw)-wrappedOverhead]
	plain, err := aead.Open(nil, make([]byte, aead.NonceSize()), w.sealed, ad)
	if err != nil {
		return dataKey, fmt.Errorf("cpabe: unwrap: %w", ErrDecryption)
	}
	copy(dataKey[:], plain)
	return dataKey, nil
}

func newAEAD(key *[32]byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key[:])
	if err != nil {
		return nil, fmt.Errorf("aes: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("gcm: %w", err)
	}
	return aead, nil
}
