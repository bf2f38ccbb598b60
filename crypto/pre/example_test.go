package pre_test

import (
	"crypto/rand"
	"fmt"

	"github.com/emrchain/emrchain/crypto/pre"
)

// The patient wraps a record's data key to herself, later delegates it to a
// doctor through the proxy, and the doctor unwraps it.
func Example() {
	patient, _ := pre.GenerateKey(nil)
	doctor, _ := pre.GenerateKey(nil)

	var dataKey [pre.DataKeySize]byte
	rand.Read(dataKey[:])

	// Patient: encrypt the data key at the second level.
	capsule, _ := pre.Encrypt(nil, patient.Public(), dataKey)

	// Patient: authorise the doctor; the re-encryption key goes to the proxy.
	rk, _ := pre.ReKeyGen(nil, patient, doctor.Public())

	// Proxy: check the capsule and re-encrypt it for the doctor.
	if err := capsule.Check(rk.Delegator()); err != nil {
		fmt.Println("reject:", err)
		return
	}
	forDoctor, _ := pre.ReEncrypt(rk, capsule)

	// Doctor: recover the data key.
	got, err := doctor.DecryptReEncrypted(forDoctor)
	fmt.Println(err == nil && got == dataKey)

	// Nobody else can.
	stranger, _ := pre.GenerateKey(nil)
	_, err = stranger.DecryptReEncrypted(forDoctor)
	fmt.Println(err)
	// Output:
	// true
	// pre: decryption failed
}
