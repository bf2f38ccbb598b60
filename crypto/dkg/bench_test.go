package dkg

import (
	"fmt"
	"testing"
)

var benchSizes = []struct{ n, t int }{{3, 2}, {5, 3}, {16, 11}}

func BenchmarkDeal(b *testing.B) {
	for _, s := range benchSizes {
		c := newChain(b, s.n, s.t, 1)
		b.Run(fmt.Sprintf("%d-of-%d", s.t, s.n), func(b *testing.B) {
			for b.Loop() {
				if _, err := c.members[0].Deal(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkReceiveDealing is a member's cost per dealing: the proof of
// knowledge, decrypting its share and checking it against the commitments.
func BenchmarkReceiveDealing(b *testing.B) {
	for _, s := range benchSizes {
		c := newChain(b, s.n, s.t, 2)
		m, err := c.members[0].Deal()
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("%d-of-%d", s.t, s.n), func(b *testing.B) {
			for b.Loop() {
				p, _ := New(c.params, 2, c.keys[1], testRand(3))
				if _, err := p.ReceiveDeal(1, m.Commitments, m.Shares); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRun is a whole run as one member sees it: its dealing, all n
// dealings received, and Finish.
func BenchmarkRun(b *testing.B) {
	for _, s := range benchSizes {
		c := newChain(b, s.n, s.t, 3)
		var msgs []*Deal
		for _, p := range c.members {
			m, err := p.Deal()
			if err != nil {
				b.Fatal(err)
			}
			msgs = append(msgs, m)
		}
		b.Run(fmt.Sprintf("%d-of-%d", s.t, s.n), func(b *testing.B) {
			for b.Loop() {
				p, _ := New(c.params, 1, c.keys[0], testRand(4))
				if _, err := p.Deal(); err != nil {
					b.Fatal(err)
				}
				for i, m := range msgs {
					if _, err := p.ReceiveDeal(uint8(i+1), m.Commitments, m.Shares); err != nil {
						b.Fatal(err)
					}
				}
				if _, _, err := p.Finish(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
