package toprf

import (
	"fmt"
	"testing"
)

func BenchmarkBlind(b *testing.B) {
	for b.Loop() {
		if _, _, err := Blind(nil, "type 2 diabetes", 1); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMemberAnswer is one node's work per token request.
func BenchmarkMemberAnswer(b *testing.B) {
	ix := newIndex(b, seed, 1, 2, 3)
	_, req, _ := Blind(nil, "type 2 diabetes", 1)
	for b.Loop() {
		if _, err := Evaluate(nil, &ix.shares[0], req, ctx(1)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCombine is the requester's cost once answers are revealed:
// verifying t answers, interpolating and unblinding.
func BenchmarkCombine(b *testing.B) {
	for _, tn := range [][2]int{{2, 3}, {3, 5}} {
		ix := newIndex(b, seed, 1, tn[0], tn[1])
		bl, req, _ := Blind(nil, "type 2 diabetes", 1)
		members := make([]uint8, tn[0])
		for i := range members {
			members[i] = uint8(i + 1)
		}
		answers := ix.answer(b, req, members...)
		b.Run(fmt.Sprintf("%d-of-%d", tn[0], tn[1]), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := bl.Combine(ix.commits, tn[0], req, answers, ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEvaluate is the patient's cost per keyword when writing entries.
func BenchmarkEvaluate(b *testing.B) {
	k, _ := DeriveKey(seed, 1)
	for b.Loop() {
		if _, err := k.Evaluate("type 2 diabetes", 1); err != nil {
			b.Fatal(err)
		}
	}
}
