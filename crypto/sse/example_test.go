package sse_test

import (
	"fmt"

	"github.com/emrchain/emrchain/crypto/sse"
)

func Example() {
	owner, err := sse.NewKey(nil)
	if err != nil {
		panic(err)
	}

	// The owner indexes two record ids under a keyword. The contract's
	// mapping(bytes32 => bytes32) is played by a Go map here.
	onChain := map[[32]byte][32]byte{}
	records := [][32]byte{{31: 1}, {31: 2}}
	entries, err := owner.Entries("Type 2 Diabetes", 0, records)
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		onChain[e.Label] = e.Value
	}

	// A requester holding the keyword's token sends only tok.Label() on chain
	// and unmasks the returned values locally.
	tok := owner.Token("type 2 diabetes")
	found := tok.Search(func(label [32]byte) ([32]byte, bool) {
		v, ok := onChain[label]
		return v, ok
	})
	for _, id := range found {
		fmt.Printf("record %d\n", id[31])
	}
	// Output:
	// record 1
	// record 2
}
