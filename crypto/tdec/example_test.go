package tdec_test

import (
	"fmt"

	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/dkg"
	"github.com/emrchain/emrchain/crypto/shamir"
	"github.com/emrchain/emrchain/crypto/tdec"
)

// An attribute read from the gate object to the data key. The committee's
// key comes from a DKG run (crypto/dkg; on chain, ProxyNetwork keeps Y and
// the hash of the public shares); the patient's client builds the gate; the
// requester blinds, two members answer, the requester combines.
func Example() {
	result, shares := runDKG(2, 3)
	committee, err := tdec.CommitteeFromDKG(result) // or tdec.NewCommittee(t, Y, X_1 ‖ … ‖ X_n) from the chain
	if err != nil {
		panic(err)
	}

	// The patient's client, when the record version is written.
	abePK, abeMSK, _ := cpabe.Setup(nil)
	policy, _ := cpabe.ParsePolicy("insurer-x/role:assessor and hospital-a/consent:claims")
	rec := tdec.Record{Patient: [20]byte{1}, RecordID: [32]byte{2}, Version: 1}
	var dataKey [32]byte
	dataKey[0] = 42
	gate, err := tdec.NewGate(nil, committee.Key(), rec, dataKey, tdec.GateOptions{ABE: abePK, Policy: policy, Epoch: 9})
	if err != nil {
		panic(err)
	}
	gateBytes, _ := gate.MarshalBinary()  // to IPFS; its SHA-256 is the gateHash on chain
	policyHash, _ := policy.ProgramHash() // the record's policyHash on chain

	// The requester: parse the gate and publish a blinded request.
	var g tdec.Gate
	if err := g.UnmarshalBinary(gateBytes); err != nil {
		panic(err)
	}
	requestContext := [32]byte{'r', 'e', 'a', 'd'} // in practice bound to chain, contract, requester, record
	blinding, request, _ := tdec.Blind(nil, g.Half(), requestContext)

	// Two members answer after the contract checked the policy.
	shareContext := func(member uint8) [32]byte { return [32]byte{'a', 'n', 's', 'w', 'e', 'r', member} }
	var answers []*tdec.DecryptionShare
	for _, s := range shares[:2] {
		d, err := tdec.DecryptShare(nil, s, g.Half(), request, requestContext, shareContext(s.Index))
		if err != nil {
			panic(err)
		}
		answers = append(answers, d)
	}

	// The requester combines and unwraps K1 with its CP-ABE key.
	k2, faulty, err := blinding.Combine(committee, request, answers, shareContext, tdec.HalfAAD(rec, policyHash))
	if err != nil {
		panic(err)
	}
	ak, _ := abeMSK.KeyGen(nil, []string{"insurer-x/role:assessor", "hospital-a/consent:claims", cpabe.EpochAttribute(9)})
	k, err := g.OpenRead(ak, k2)
	fmt.Println(k == dataKey, len(faulty), err)
	// Output: true 0 <nil>
}

// runDKG runs a committee's distributed key generation with every message
// delivered to every member, and returns its result and the members' shares.
func runDKG(t, n int) (*dkg.Result, []*shamir.Share) {
	params := dkg.Params{CommitteeID: dkg.CommitteeID(31337, [20]byte{1}, 1), Threshold: t}
	var keys []*dkg.PrivateKey
	for range n {
		k, _ := dkg.GenerateKey(nil)
		keys = append(keys, k)
		params.Members = append(params.Members, k.Public())
	}
	var members []*dkg.Participant
	for i, k := range keys {
		p, _ := dkg.New(params, uint8(i+1), k, nil)
		members = append(members, p)
	}
	for i, p := range members {
		m, _ := p.Deal()
		for _, q := range members {
			if _, err := q.ReceiveDeal(uint8(i+1), m.Commitments, m.Shares); err != nil {
				panic(err)
			}
		}
	}
	var shares []*shamir.Share
	var res *dkg.Result
	for _, p := range members {
		_ = p.CloseDealings()
		r, _, err := p.Finish()
		if err != nil {
			panic(err)
		}
		res = r
		shares = append(shares, r.Share)
	}
	return res, shares
}
