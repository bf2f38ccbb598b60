package dkg_test

import (
	"fmt"

	"github.com/emrchain/emrchain/crypto/dkg"
)

// A 2-of-3 run. Each member runs a Participant beside its chain client: it
// sends what Deal, ReceiveDeal and Finish return with the contract's deal,
// complain and confirm calls, and feeds every DealPublished,
// ComplaintFiled and TranscriptConfirmed event back in chain order.
func Example() {
	committee := dkg.CommitteeID(31337, [20]byte{0xc0, 0xff, 0xee}, 1) // chain, ProxyNetwork, committee
	params := dkg.Params{CommitteeID: committee, Threshold: 2}
	var keys []*dkg.PrivateKey
	for range 3 {
		k, err := dkg.GenerateKey(nil) // registerKey(c, k.Public())
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

	// deal(c, commitments, shares) by every member; every member reads every
	// DealPublished event, and sends a complaint if its share is wrong.
	for i, p := range members {
		d, err := p.Deal()
		if err != nil {
			panic(err)
		}
		for _, q := range members {
			complaint, err := q.ReceiveDeal(uint8(i+1), d.Commitments, d.Shares)
			if err != nil {
				fmt.Println("refused:", err)
			}
			if complaint != nil {
				fmt.Println("complain about", complaint.Dealer) // complain(c, dealer, S, proof)
			}
		}
	}

	// The deal and complaint deadlines pass.
	var confirmations []*dkg.Confirmation
	for _, p := range members {
		if err := p.CloseDealings(); err != nil {
			panic(err)
		}
		res, confirm, err := p.Finish()
		if err != nil {
			panic(err)
		}
		_ = res.Share                                  // kept in the member's own 0600 key file
		confirmations = append(confirmations, confirm) // confirm(c, Y, sharesHash)
	}
	same := true
	for _, c := range confirmations[1:] {
		same = same && c.SharesHash == confirmations[0].SharesHash
	}
	fmt.Println("members agree:", same)
	// Output: members agree: true
}
