package cpabe_test

import (
	"crypto/rand"
	"errors"
	"fmt"
	"log"

	"github.com/emrchain/emrchain/crypto/cpabe"
)

func Example() {
	// The authority (the project's oracle) sets up once and keeps msk.
	pk, msk, err := cpabe.Setup(nil)
	if err != nil {
		log.Fatal(err)
	}

	// A doctor seals a record with a fresh data key and wraps that key under
	// a policy; the wrapped key goes to IPFS beside the sealed record.
	var dataKey [32]byte
	if _, err := rand.Read(dataKey[:]); err != nil {
		log.Fatal(err)
	}
	policy, err := cpabe.ParsePolicy("role:insurer and (org:acme or org:globex)")
	if err != nil {
		log.Fatal(err)
	}
	wrapped, err := cpabe.Wrap(nil, pk, policy, dataKey)
	if err != nil {
		log.Fatal(err)
	}

	// An insurer at Globex holds a key for its attributes and recovers the
	// data key; a clerk at Acme does not satisfy the policy.
	insurer, err := msk.KeyGen(nil, []string{"role:insurer", "org:globex"})
	if err != nil {
		log.Fatal(err)
	}
	got, err := cpabe.Unwrap(insurer, wrapped)
	fmt.Println("insurer recovers the data key:", err == nil && got == dataKey)

	clerk, err := msk.KeyGen(nil, []string{"role:clerk", "org:acme"})
	if err != nil {
		log.Fatal(err)
	}
	_, err = cpabe.Unwrap(clerk, wrapped)
	fmt.Println("clerk refused:", errors.Is(err, cpabe.ErrPolicyNotSatisfied))

	// Policies report syntax errors with their position.
	_, err = cpabe.ParsePolicy("role:insurer and (org:acme or)")
	fmt.Println(err)

	// Output:
	// insurer recovers the data key: true
	// clerk refused: true
	// cpabe: policy: at offset 29: expected attribute (name:value), "(" or threshold (k of (...)), found ")"
}

func ExamplePublicKey_Encapsulate() {
	pk, msk, err := cpabe.Setup(nil)
	if err != nil {
		log.Fatal(err)
	}
	policy, err := cpabe.ParsePolicy("2 of (dept:cardiology, dept:oncology, role:researcher)")
	if err != nil {
		log.Fatal(err)
	}
	key, ct, err := pk.Encapsulate(nil, policy)
	if err != nil {
		log.Fatal(err)
	}
	researcher, err := msk.KeyGen(nil, []string{"role:researcher", "dept:oncology"})
	if err != nil {
		log.Fatal(err)
	}
	got, err := researcher.Decapsulate(ct)
	fmt.Println(ct.Policy(), "→ same key:", err == nil && got == key)
	// Output: 2 of (dept:cardiology, dept:oncology, role:researcher) → same key: true
}

// A record's policy as the contract evaluates it: the program's keccak256 is
// the record's policyHash, the contract decides it against the requester's
// attributes, and the program converts back to the same policy text.
func ExamplePolicy_Program() {
	policy, err := cpabe.ParsePolicy("hospital-a/role:doctor and (hospital-a/dept:cardiology or hospital-b/dept:cardiology)")
	if err != nil {
		log.Fatal(err)
	}
	program, err := policy.Program()
	if err != nil {
		log.Fatal(err)
	}
	held := map[[32]byte]bool{
		cpabe.AttributeID("hospital-a/role:doctor"):     true,
		cpabe.AttributeID("hospital-b/dept:cardiology"): true,
	}
	ok, err := cpabe.EvalProgram(program, func(id [32]byte) bool { return held[id] })
	fmt.Println(len(program), ok, err)

	// Back from the program, naming attributes by the registry's definitions.
	names := map[[32]byte]string{}
	for _, a := range []string{"hospital-a/role:doctor", "hospital-a/dept:cardiology", "hospital-b/dept:cardiology"} {
		names[cpabe.AttributeID(a)] = a
	}
	back, err := cpabe.ParseProgram(program, func(id [32]byte) (string, bool) { s, ok := names[id]; return s, ok })
	fmt.Println(back, err)

	// The record's CP-ABE policy adds the epoch of its creation.
	withEpoch, _ := policy.WithEpoch(12)
	fmt.Println(withEpoch)
	// Output:
	// 105 true <nil>
	// hospital-a/role:doctor and (hospital-a/dept:cardiology or hospital-b/dept:cardiology) <nil>
	// hospital-a/role:doctor and (hospital-a/dept:cardiology or hospital-b/dept:cardiology) and epoch:12
}
