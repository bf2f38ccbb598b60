package tpre

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/consensys/gnark-crypto/ecc/secp256k1"
	"github.com/consensys/gnark-crypto/ecc/secp256k1/fr"
	"golang.org/x/crypto/hkdf"
	"golang.org/x/crypto/sha3"

	"github.com/emrchain/emrchain/crypto/dleq"
	"github.com/emrchain/emrchain/crypto/internal/group"
	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/transport"
)

// Share is one member's opened share rk_i of a grant's re-key, checked
// against its commitment. It is secret: it never prints (every fmt verb
// gives "[redacted]") and has no encoding; a member reopens it from the
// bundle when it answers.
type Share struct {
	index      uint8
	value      fr.Element
	commitment secp256k1.G1Affine
	delegator  pre.PublicKey
}

// OpenShare is a member's first step on a grant: it opens the member's
// sealed share with its transport key and checks rk_i·G = P_i. The bundle
// passed the degree check when it was parsed, so a share that matches its
// commitment is a point of the one polynomial every other member's share
// lies on.
func (b *Bundle) OpenShare(index uint8, key *transport.PrivateKey) (*Share, error) {
	pos, err := b.position(index)
	if err != nil {
		return nil, err
	}
	plain, err := transport.Open(key, shareInfo, b.sealed[pos], shareAAD(&b.digest, index))
	if err != nil {
		return nil, fmt.Errorf("%w: member %d: %w", ErrShare, index, err)
	}
	defer clear(plain)
	value, err := parseShareValue(plain)
	if err != nil {
		return nil, fmt.Errorf("%w: member %d: %w", ErrShare, index, err)
	}
	got := group.BaseMul(&value)
	var want secp256k1.G1Jac
	want.FromAffine(&b.commitments[pos])
	if !got.Equal(&want) {
		return nil, fmt.Errorf("%w: member %d: rk_i·G ≠ P_i", ErrShare, index)
	}
	return &Share{index: index, value: value, commitment: b.commitments[pos], delegator: b.delegator}, nil
}

// parseShareValue parses a share's plaintext: a canonical, non-zero 32-byte
// scalar.
func parseShareValue(b []byte) (fr.Element, error) {
	var v fr.Element
	if len(b) != fr.Bytes {
		return v, fmt.Errorf("%w: share of %d bytes", ErrEncoding, len(b))
	}
	if v.SetBytesCanonical(b) != nil || v.IsZero() {
		return fr.Element{}, fmt.Errorf("%w: share scalar out of range", ErrEncoding)
	}
	return v, nil
}

// Index returns the member's committee index.
func (s *Share) Index() uint8 { return s.index }

// String returns "[redacted]".
func (Share) String() string { return "[redacted]" }

// GoString returns "[redacted]", for %#v.
func (Share) GoString() string { return "[redacted]" }

// Format prints "[redacted]" for every verb.
func (Share) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte("[redacted]")) }

// Fragment is a member's answer to an access: F_i = rk_i·E for the
// capsule's E, with a DLEQ proof that log_G P_i = log_E F_i bound to the
// request. The capsule's key must be the grant's delegating key; the
// capsule passed CWYD's validity check for that key when it was parsed
// (recordkey.Capsule holds no other), so the member never exponentiates an
// unchecked ciphertext, which would make it a decryption oracle for the
// delegatee. random supplies the proof's 32 hedging bytes (crypto/rand if
// nil).
func (s *Share) Fragment(random io.Reader, c *recordkey.Capsule, bind Binding) (*Fragment, error) {
	if s == nil || s.value.IsZero() {
		return nil, fmt.Errorf("tpre: fragment: %w", errEmptyValue)
	}
	if err := c.CheckDelegator(&s.delegator); err != nil {
		return nil, fmt.Errorf("tpre: fragment: %w", err)
	}
	e := c.Ciphertext().ReEncryptionBase()
	// One precomputation of E serves F_i = rk_i·E and the proof's k·E.
	fi, proof, err := dleq.ProveExp(random, &s.value, &s.commitment, &e, bind.Context(s.index))
	if err != nil {
		return nil, fmt.Errorf("tpre: fragment: %w", err)
	}
	return &Fragment{index: s.index, f: fi, proof: *proof}, nil
}

// Binding names what a fragment answers, for its proof's context:
// keccak256(abi.encode("emrchain/pre-fragment/v1", chainId, ledger,
// requestId, member)), which the contract rebuilds when it checks a fault
// report. A proof made for one request, chain, contract or member does not
// verify for another.
type Binding struct {
	ChainID   uint64
	Ledger    [20]byte // the contract that records the answers
	RequestID uint64
}

const contextLabel = "emrchain/pre-fragment/v1"

// Context returns the DLEQ context of member's fragment.
func (bind Binding) Context(member uint8) [32]byte {
	// abi.encode(string, uint256, address, uint256, uint256): five head
	// words (the string's being the offset of its tail, 5·32), then the
	// string's length and its bytes padded to a word.
	word := func(v uint64) []byte {
		var w [32]byte
		binary.BigEndian.PutUint64(w[24:], v)
		return w[:]
	}
	h := sha3.NewLegacyKeccak256()
	h.Write(word(5 * 32))
	h.Write(word(bind.ChainID))
	var ledger [32]byte
	copy(ledger[12:], bind.Ledger[:])
	h.Write(ledger[:])
	h.Write(word(bind.RequestID))
	h.Write(word(uint64(member)))
	h.Write(word(uint64(len(contextLabel))))
	var label [32]byte // the label is shorter than one word
	copy(label[:], contextLabel)
	h.Write(label[:])
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// newDigestStream is a deterministic stream keyed by a digest, for
// Fiat–Shamir challenges drawn through APIs that take an io.Reader.
func newDigestStream(domain, digest []byte) io.Reader {
	return hkdf.New(sha256.New, digest, nil, domain)
}
