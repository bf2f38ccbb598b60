package tpre_test

import (
	"crypto/rand"
	"fmt"

	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
	"github.com/emrchain/emrchain/crypto/tpre"
	"github.com/emrchain/emrchain/crypto/transport"
)

// A patient grants one record version to a doctor through a 2-of-3
// committee of proxies; one proxy is down, another answers wrongly, and
// the doctor still gets the data key from the two honest ones, naming the
// faulty member.
func Example() {
	// The record version's capsule (crypto/recordkey).
	seed, _ := recordkey.NewSeed(nil)
	id := recordkey.KeyID{ChainID: 31337, Version: 1}
	rand.Read(id.RecordID[:])
	var dataKey [pre.DataKeySize]byte
	rand.Read(dataKey[:])
	capsule, _ := seed.Seal(nil, id, dataKey)

	// Four enrolled proxies, each with its own transport key; the grant
	// names members 1, 2 and 4 of the committee.
	proxyKeys := map[uint8]*transport.PrivateKey{}
	var members []tpre.Member
	for _, index := range []uint8{1, 2, 4} {
		k, _ := transport.GenerateKey(nil)
		proxyKeys[index] = k
		members = append(members, tpre.Member{Index: index, Transport: k.Public()})
	}

	// Patient: grant 2-of-3 to the doctor. The bundle goes to IPFS, its
	// hash and EVMCommitments on chain.
	doctor, _ := pre.GenerateKey(nil)
	versionKey, _ := seed.Derive(id)
	bundle, _ := tpre.Grant(nil, versionKey, doctor.Public(), 2, members)
	blob, _ := bundle.MarshalBinary()

	// Each proxy: parse the bundle (degree check), open its share (checked
	// against its commitment), and answer the access.
	bind := tpre.Binding{ChainID: 31337, RequestID: 7}
	answer := func(index uint8) *tpre.Fragment {
		var b tpre.Bundle
		if err := b.UnmarshalBinary(blob); err != nil {
			panic(err)
		}
		share, err := b.OpenShare(index, proxyKeys[index])
		if err != nil {
			panic(err)
		}
		f, _ := share.Fragment(nil, capsule, bind)
		return f
	}
	honest := answer(1)
	// Member 2 answers for another request: its proof does not verify here.
	wrongBind := bind
	wrongBind.RequestID = 8
	var b2 tpre.Bundle
	b2.UnmarshalBinary(blob)
	share2, _ := b2.OpenShare(2, proxyKeys[2])
	wrong, _ := share2.Fragment(nil, capsule, wrongBind)
	late := answer(4)

	// Doctor: verify, combine any two valid fragments, decrypt.
	rct, faulty, err := bundle.Combine(capsule, bind, []*tpre.Fragment{honest, wrong, late})
	if err != nil {
		fmt.Println("no access:", err)
		return
	}
	got, err := doctor.DecryptReEncrypted(rct)
	fmt.Println(err == nil && got == dataKey)
	fmt.Println("faulty members:", faulty)

	// One fragment alone is not enough.
	_, _, err = bundle.Combine(capsule, bind, []*tpre.Fragment{honest})
	fmt.Println(err != nil)
	// Output:
	// true
	// faulty members: [2]
	// true
}
