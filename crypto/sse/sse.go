// Package sse is the encrypted keyword index that lets an authorised requester
// find a patient's records on chain without the chain learning the keyword.
//
// It replaces the Index-Gen / Trapdoor / Test / Decrypt algorithms of seed 001
// (Section 4.3, Algorithm 1), which derive one mask n_i = F(sk, 2‖w) per
// keyword and XOR it into every entry for that keyword (so the XOR of two
// entries equals the XOR of their plaintexts), and which hand the same search
// key to every requester. The construction here is the dictionary scheme
// Π_bas of Cash, Jaeger, Jarecki, Jutla, Krawczyk, Roşu and Steiner, "Dynamic
// Searchable Encryption in Very-Large Databases: Data Structures and
// Implementation" (NDSS 2014), Figure 2, adapted to an Ethereum mapping:
//
//	label_i  = Keccak-256(labelKey ‖ uint256_be(i))
//	value_i  = payload_i ⊕ HMAC-SHA256(maskKey, uint64_be(i))
//
// where i counts a keyword's entries from 0. The contract stores value_i at
// label_i in a mapping(bytes32 => bytes32); searching with labelKey it walks
// i = 0, 1, ... until the first empty slot. Keccak-256 is used for labels
// only because the EVM has it as an opcode; the PRFs are HMAC-SHA256. A value
// of zero would read as an empty slot, so entries are never made with one
// (probability 2^-256 per entry).
//
// A Token holds a keyword's two keys (labelKey, maskKey). Only Token.Label
// (labelKey) goes on chain; the mask key never leaves the client, so the
// contract can locate entries but not unmask them. Tokens come from one of
// two places:
//
//   - TokenFromSecret, from a 32-byte secret per keyword and index epoch: the
//     output of the committee's threshold OPRF (crypto/toprf), which the
//     patient computes herself when she writes entries and a requester
//     obtains through an audited, on-chain token request when it searches:
//     labelKey = HMAC-SHA256(secret, "emrchain/sse/v2/label"),
//     maskKey  = HMAC-SHA256(secret, "emrchain/sse/v2/mask").
//     This is the gated path: the chain records every token a requester
//     obtains, and the patient's index key is per epoch, so a requester
//     removed from the index (which bumps the epoch) holds tokens for old
//     epochs only.
//   - Key.Token, from an owner's master key K per keyword (no epochs):
//     labelKey = HMAC-SHA256(K, "emrchain/sse/v1/label" ‖ 0x00 ‖ w) and
//     maskKey likewise with "emrchain/sse/v1/mask", w the normalised keyword
//     (see Normalize). Whoever holds K derives every token, so handing out K
//     is handing out the whole index, revocably by nothing.
//
// # Leakage
//
// Before any search the chain holds only pseudorandom labels and values of a
// fixed 32 bytes: their content links no two entries to each other or to a
// keyword, and the total number of entries (the index size) is all that is
// visible. Writes leak their own metadata: each transaction shows how many
// entries were added together and when. Writing all of a record's entries,
// across its keywords, in one transaction in shuffled order keeps a batch
// from revealing whether it holds one keyword or many.
//
// Obtaining a token through the committee leaks that the requester asked the
// patient's index for one token, and when; the blinded request and the
// members' answers are uniformly distributed points that say nothing of the
// keyword (the OPRF's obliviousness), and nobody but the requester can
// unblind them.
//
// A search transaction publishes labelKey. From it anyone reading the chain
// learns, for that keyword and epoch, which entries match (the access
// pattern) and how many there are (the result count, i.e. the keyword's
// volume in that epoch), and can tell when the same keyword is searched
// again in the same epoch (the search pattern: the token is deterministic).
// It never learns the keyword itself or the payloads, which stay masked
// under maskKey. Because per-keyword volume is only revealed by a search,
// padding is not needed at rest.
//
// Forward privacy holds only across epochs. Within an epoch, an entry added
// after a search lands at label_{n} under the already published labelKey and
// is linkable to that search the moment it is written, and a requester that
// holds the token reads it. Entries written after the epoch changes use new
// labels and masks under a new index key: neither an earlier published
// labelKey nor a token the requester kept finds or opens them. There is no
// backward privacy: an entry the patient removes (KeywordIndex.removeEntries,
// when she erases a record) is overwritten in the contract's state, but the
// transaction that wrote it stays in the chain's history, so a token for the
// keyword and epoch still finds it there. With
// Key.Token (no epochs) nothing of the forward kind holds at all.
package sse

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/crypto/sha3"
	"golang.org/x/text/unicode/norm"
)

// KeySize is the length of a search master key and of each token half.
const KeySize = 32

// Domain-separation labels for the two per-keyword PRF outputs.
const (
	labelDomain = "emrchain/sse/v1/label"
	maskDomain  = "emrchain/sse/v1/mask"
)

var (
	// ErrInvalidKey is returned when a key or token encoding is malformed.
	ErrInvalidKey = errors.New("sse: invalid key")
	// ErrEmptyKeyword is returned when a keyword normalises to nothing.
	ErrEmptyKeyword = errors.New("sse: empty keyword")
	// ErrZeroValue is returned in the 2^-256 event that an entry masks to
	// all zeroes, which the contract would read as an empty slot.
	ErrZeroValue = errors.New("sse: entry masks to zero")
	// ErrCounterOverflow is returned when entry counters would wrap.
	ErrCounterOverflow = errors.New("sse: entry counter overflow")
)

// Key is a search master key K. It belongs to the index owner and must stay
// off chain.
type Key struct {
	k [KeySize]byte
}

// NewKey draws a fresh search master key from random (crypto/rand if nil).
func NewKey(random io.Reader) (*Key, error) {
	if random == nil {
		random = rand.Reader
	}
	var k Key
	if _, err := io.ReadFull(random, k.k[:]); err != nil {
		return nil, fmt.Errorf("sse: read key: %w", err)
	}
	if isZero(k.k[:]) {
		return nil, fmt.Errorf("sse: random source returned zeroes: %w", ErrInvalidKey)
	}
	return &k, nil
}

// MarshalBinary returns the 32-byte key.
func (k *Key) MarshalBinary() ([]byte, error) {
	out := make([]byte, KeySize)
	copy(out, k.k[:])
	return out, nil
}

// UnmarshalBinary sets k from a 32-byte encoding. The all-zero key is
// rejected because it only ever comes from an uninitialised buffer.
func (k *Key) UnmarshalBinary(data []byte) error {
	if len(data) != KeySize {
		return fmt.Errorf("%w: length %d, want %d", ErrInvalidKey, len(data), KeySize)
	}
	if isZero(data) {
		return fmt.Errorf("%w: all zero", ErrInvalidKey)
	}
	copy(k.k[:], data)
	return nil
}

// Token is the trapdoor for one keyword: the label key the contract searches
// with and the mask key that unmasks what it returns.
type Token struct {
	label [KeySize]byte
	mask  [KeySize]byte
}

// Token derives the trapdoor for keyword after normalising it.
func (k *Key) Token(keyword string) Token {
	w := Normalize(keyword)
	var t Token
	k.prf(t.label[:0], labelDomain, w)
	k.prf(t.mask[:0], maskDomain, w)
	return t
}

func (k *Key) prf(dst []byte, domain, keyword string) []byte {
	m := hmac.New(sha256.New, k.k[:])
	m.Write([]byte(domain))
	m.Write([]byte{0})
	m.Write([]byte(keyword))
	return m.Sum(dst)
}

// Label returns the label key, the only part of the token that may be sent
// to the contract.
func (t Token) Label() [32]byte { return t.label }

// MarshalBinary encodes the token as labelKey ‖ maskKey (64 bytes), for
// handing search rights on one keyword to a requester over a secure channel.
func (t Token) MarshalBinary() ([]byte, error) {
	out := make([]byte, 0, 2*KeySize)
	out = append(out, t.label[:]...)
	return append(out, t.mask[:]...), nil
}

// UnmarshalBinary decodes a 64-byte token.
func (t *Token) UnmarshalBinary(data []byte) error {
	if len(data) != 2*KeySize {
		return fmt.Errorf("%w: token length %d, want %d", ErrInvalidKey, len(data), 2*KeySize)
	}
	if isZero(data[:KeySize]) || isZero(data[KeySize:]) {
		return fmt.Errorf("%w: zero token half", ErrInvalidKey)
	}
	copy(t.label[:], data[:KeySize])
	copy(t.mask[:], data[KeySize:])
	return nil
}

// Equal reports whether two tokens are the same, in constant time.
func (t Token) Equal(u Token) bool {
	return subtle.ConstantTimeCompare(t.label[:], u.label[:])&
		subtle.ConstantTimeCompare(t.mask[:], u.mask[:]) == 1
}

// Open unmasks the value stored as the keyword's i-th entry.
func (t Token) Open(i uint64, value [32]byte) [32]byte {
	var p [32]byte
	m := t.entryMask(i)
	subtle.XORBytes(p[:], value[:], m[:])
	return p
}

// Search walks the keyword's entries the way the contract does, reading each
// slot through lookup, and returns the unmasked payloads in insertion order.
// lookup reports false (or a zero value) for an empty slot.
func (t Token) Search(lookup func(label [32]byte) ([32]byte, bool)) [][32]byte {
	var out [][32]byte
	for i := uint64(0); ; i++ {
		v, ok := lookup(Label(t.label, i))
		if !ok || v == ([32]byte{}) {
			return out
		}
		out = append(out, t.Open(i, v))
	}
}

func (t Token) entryMask(i uint64) [32]byte {
	var ctr [8]byte
	binary.BigEndian.PutUint64(ctr[:], i)
	m := hmac.New(sha256.New, t.mask[:])
	m.Write(ctr[:])
	var out [32]byte
	m.Sum(out[:0])
	return out
}

// Entry is one dictionary slot to write on chain.
type Entry struct {
	Label [32]byte
	Value [32]byte
}

// Entries builds the dictionary slots for appending payloads to keyword.
// start is the number of entries the keyword already has on chain (a search
// tells the owner). A smaller start recreates labels that are already taken
// and a larger one leaves a gap at which every search stops.
func (k *Key) Entries(keyword string, start uint64, payloads [][32]byte) ([]Entry, error) {
	if Normalize(keyword) == "" {
		return nil, ErrEmptyKeyword
	}
	return k.Token(keyword).Entries(start, payloads)
}

// Domain-separation labels of TokenFromSecret.
const (
	secretLabelDomain = "emrchain/sse/v2/label"
	secretMaskDomain  = "emrchain/sse/v2/mask"
)

// TokenFromSecret derives a keyword's token from a 32-byte secret for that
// keyword (and epoch), such as the committee OPRF's output (crypto/toprf).
func TokenFromSecret(secret [32]byte) Token {
	prf := func(domain string) (out [KeySize]byte) {
		m := hmac.New(sha256.New, secret[:])
		m.Write([]byte(domain))
		m.Sum(out[:0])
		return out
	}
	return Token{label: prf(secretLabelDomain), mask: prf(secretMaskDomain)}
}

// Entries builds the dictionary slots for appending payloads under this
// token's keyword, as Key.Entries does.
func (t Token) Entries(start uint64, payloads [][32]byte) ([]Entry, error) {
	if n := uint64(len(payloads)); n > 0 && n-1 > ^uint64(0)-start {
		return nil, fmt.Errorf("%w: start %d + %d entries", ErrCounterOverflow, start, len(payloads))
	}
	out := make([]Entry, len(payloads))
	for j, p := range payloads {
		i := start + uint64(j)
		m := t.entryMask(i)
		out[j].Label = Label(t.label, i)
		subtle.XORBytes(out[j].Value[:], p[:], m[:])
		if out[j].Value == ([32]byte{}) {
			return nil, fmt.Errorf("entry %d: %w", i, ErrZeroValue)
		}
	}
	return out, nil
}

// Label computes the contract's slot address for entry i under labelKey:
// keccak256(abi.encodePacked(labelKey, uint256(i))).
func Label(labelKey [32]byte, i uint64) [32]byte {
	var buf [64]byte
	copy(buf[:32], labelKey[:])
	binary.BigEndian.PutUint64(buf[56:], i)
	h := sha3.NewLegacyKeccak256()
	h.Write(buf[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Normalize maps a keyword to the form that is hashed: surrounding space
// trimmed, inner runs of white space collapsed to one ASCII space, Unicode
// lower case, then Unicode NFC so that precomposed and combining spellings of
// the same word match.
func Normalize(keyword string) string {
	w := strings.Join(strings.Fields(keyword), " ")
	return norm.NFC.String(strings.ToLower(w))
}

func isZero(b []byte) bool {
	var acc byte
	for _, x := range b {
		acc |= x
	}
	return acc == 0
}
