package dkg_test

import (
	"fmt"

	"github.com/emrchain/emrchain/crypto/dkg"
)

// A 2-of-3 run. Each member runs a Participant beside its chain client:
// whatever Deal, Receive and Finish return is published on chain, and every
// message the chain carries is fed back to every member in order.
func Example() {
	var keys []*dkg.PrivateKey
	params := dkg.Params{CommitteeID: [32]byte{'c', 'o', 'm', 'm', 'i', 't', 't', 'e', 'e', 1}, Threshold: 2}
	for range 3 {
		k, err := dkg.GenerateKey(nil)
		if err != nil {
			panic(err)
		}
		keys = append(keys, k)
		params.Members = append(params.Members, k.Public())
	}
	var members []*dkg.Participant
	for i, k := range keys {
		p, err := dkg.New(params, uint8(i+1), k, nil)
		if err != nil {
			panic(err)
		}
		members = append(members, p)
	}

	// The chain: a list of (sender, message), delivered to everyone in order.
	type onChain struct {
		from uint8
		data []byte
	}
	var pending []onChain
	for i, p := range members {
		m, err := p.Deal()
		if err != nil {
			panic(err)
		}
		pending = append(pending, onChain{uint8(i + 1), m.Data})
	}
	for len(pending) > 0 {
		m := pending[0]
		pending = pending[1:]
		for i, p := range members {
			answers, err := p.Receive(m.from, m.data)
			if err != nil {
				fmt.Println("refused:", err)
			}
			for _, a := range answers { // complaints, if a share was wrong
				pending = append(pending, onChain{uint8(i + 1), a.Data})
			}
		}
	}

	// The contract's deadlines pass.
	var transcripts [][32]byte
	for _, p := range members {
		if err := p.CloseDealings(); err != nil {
			panic(err)
		}
		res, confirm, err := p.Finish()
		if err != nil {
			panic(err)
		}
		transcripts = append(transcripts, res.Transcript)
		_ = confirm   // published on chain; the committee is active once a quorum agrees
		_ = res.Share // kept in the member's own 0600 key file
	}
	fmt.Println("members agree:", transcripts[0] == transcripts[1] && transcripts[1] == transcripts[2])
	// Output: members agree: true
}
