package recordkey_test

import (
	"crypto/rand"
	"fmt"

	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/recordkey"
)

// A patient wraps a record version's data key to that version's own key,
// grants it to a doctor through a proxy, and later restores the key from
// the seed alone.
func Example() {
	seed, _ := recordkey.NewSeed(nil) // kept in its own keyfile: recordkey.CreateSeedFile
	id := recordkey.KeyID{ChainID: 31337, Version: 1}
	copy(id.Registry[:], []byte("RecordRegistry addr."))
	rand.Read(id.RecordID[:])

	var dataKey [pre.DataKeySize]byte
	rand.Read(dataKey[:])

	// Patient's client: the capsule; its SHA-256 is the co-signed capsuleHash.
	capsule, _ := seed.Seal(nil, id, dataKey)
	blob, _ := capsule.MarshalBinary()

	// Grant: a re-key from this version's key only.
	doctor, _ := pre.GenerateKey(nil)
	versionKey, _ := seed.Derive(id)
	rk, _ := pre.ReKeyGen(nil, versionKey, doctor.Public())

	// Proxy: parse (which runs CWYD's check) and check the delegator.
	var fetched recordkey.Capsule
	if err := fetched.UnmarshalBinary(blob); err != nil {
		fmt.Println("reject:", err)
		return
	}
	if err := fetched.CheckDelegator(rk.Delegator()); err != nil {
		fmt.Println("reject:", err)
		return
	}
	forDoctor, _ := pre.ReEncrypt(rk, fetched.Ciphertext())
	got, err := doctor.DecryptReEncrypted(forDoctor)
	fmt.Println(err == nil && got == dataKey)

	// The next version has its own key: this grant's re-key does not apply.
	next := id
	next.Version++
	nextCapsule, _ := seed.Seal(nil, next, dataKey)
	fmt.Println(nextCapsule.CheckDelegator(rk.Delegator()))

	// Restore from the seed alone.
	restored, err := seed.Open(id, &fetched)
	fmt.Println(err == nil && restored == dataKey)
	// Output:
	// true
	// recordkey: capsule is for another key
	// true
}
