package tdec

import (
	"fmt"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/crypto/cpabe"
)

// BenchmarkMemberShare is one node's work per read: checking the blinded
// request and computing its share with a proof.
func BenchmarkMemberShare(b *testing.B) {
	c := newCommittee(b, 2, 3, 1)
	ct, _ := Encrypt(testRand(2), c.key, randomKey(3), aad)
	_, req, _ := Blind(testRand(4), ct, reqCtx)
	for b.Loop() {
		if _, err := DecryptShare(nil, &c.shares[0], ct, req, reqCtx, shareCtx(1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCombine is the requester's committee side: verifying t shares,
// interpolating, unblinding and opening K2.
func BenchmarkCombine(b *testing.B) {
	for _, tn := range [][2]int{{2, 3}, {3, 5}} {
		c := newCommittee(b, tn[0], tn[1], 5)
		ct, _ := Encrypt(testRand(6), c.key, randomKey(7), aad)
		bl, req, _ := Blind(testRand(8), ct, reqCtx)
		members := make([]uint8, tn[0])
		for i := range members {
			members[i] = uint8(i + 1)
		}
		shares := c.answers(b, ct, req, members...)
		b.Run(fmt.Sprintf("%d-of-%d", tn[0], tn[1]), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := bl.Combine(c.pub, req, shares, shareCtx, aad); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkEncrypt(b *testing.B) {
	c := newCommittee(b, 2, 3, 9)
	for b.Loop() {
		if _, err := Encrypt(nil, c.key, [32]byte{}, aad); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBlind(b *testing.B) {
	c := newCommittee(b, 2, 3, 10)
	ct, _ := Encrypt(nil, c.key, [32]byte{}, aad)
	for b.Loop() {
		if _, _, err := Blind(nil, ct, reqCtx); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRead is the requester's complete off-chain cost of an attribute
// read once the shares are revealed, at 5, 10 and 25 attributes (AND
// policies, 2-of-3 committee): parsing the gate object from bytes (every
// CP-ABE point checked), combining and unblinding the shares, and
// unwrapping K1.
func BenchmarkRead(b *testing.B) {
	c := newCommittee(b, 2, 3, 11)
	pk, msk, err := cpabe.Setup(nil)
	if err != nil {
		b.Fatal(err)
	}
	rec := Record{Version: 1}
	for _, n := range []int{5, 10, 25} {
		attrs := make([]string, n-1) // the epoch makes the n-th
		for i := range attrs {
			attrs[i] = fmt.Sprintf("bench/a%d:v", i)
		}
		policy, err := cpabe.ParsePolicy(strings.Join(attrs, " and "))
		if err != nil {
			b.Fatal(err)
		}
		key := randomKey(12)
		gate, err := NewGate(nil, c.key, rec, key, GateOptions{ABE: pk, Policy: policy, Epoch: 1})
		if err != nil {
			b.Fatal(err)
		}
		enc, _ := gate.MarshalBinary()
		ak, err := msk.KeyGen(nil, append(attrs, cpabe.EpochAttribute(1)))
		if err != nil {
			b.Fatal(err)
		}
		bl, req, _ := Blind(nil, gate.Half(), reqCtx)
		shares := c.answers(b, gate.Half(), req, 1, 2)
		ph, _ := policy.ProgramHash()
		hAAD := HalfAAD(rec, ph)
		b.Run(fmt.Sprintf("attrs-%d", n), func(b *testing.B) {
			for b.Loop() {
				var g Gate
				if err := g.UnmarshalBinary(enc); err != nil {
					b.Fatal(err)
				}
				k2, _, err := bl.Combine(c.pub, req, shares, shareCtx, hAAD)
				if err != nil {
					b.Fatal(err)
				}
				if k, err := g.OpenRead(ak, k2); err != nil || k != key {
					b.Fatal(err)
				}
			}
		})
	}
}
