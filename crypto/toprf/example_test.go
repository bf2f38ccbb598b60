package toprf_test

import (
	"fmt"

	"github.com/emrchain/emrchain/crypto/toprf"
)

// The patient indexes a record under a keyword with her own key; a
// requester obtains the keyword's token from two of three committee members
// without revealing the keyword, and finds the record.
func Example() {
	var seed [32]byte // the patient's seed, from her own keyfile
	const epoch = 3   // the patient's index epoch, from the chain

	// The patient: deal this epoch's key to the committee (commitments on
	// chain, shares sealed to the members), and write entries.
	key, _ := toprf.DeriveKey(seed, epoch)
	commitments, shares, _ := key.Deal(nil, 2, 3)
	out, _ := key.Evaluate("Asthma", epoch)
	entries, _ := out.Token().Entries(0, [][32]byte{{31: 7}})
	onChain := map[[32]byte][32]byte{}
	for _, e := range entries {
		onChain[e.Label] = e.Value
	}

	// The requester: a blinded request, then two members' answers.
	blinding, request, _ := toprf.Blind(nil, "asthma", epoch)
	context := func(member uint8) [32]byte { return [32]byte{'t', 'o', 'k', 'e', 'n', member} }
	var answers []*toprf.Answer
	for _, s := range shares[1:] {
		a, err := toprf.Evaluate(nil, &s, request, context(s.Index))
		if err != nil {
			panic(err)
		}
		answers = append(answers, a)
	}
	token, faulty, err := blinding.Combine(commitments, 2, request, answers, context)
	if err != nil {
		panic(err)
	}
	found := token.Token().Search(func(label [32]byte) ([32]byte, bool) {
		v, ok := onChain[label]
		return v, ok
	})
	fmt.Println(len(found), found[0][31], len(faulty))
	// Output: 1 7 0
}
