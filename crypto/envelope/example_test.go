package envelope_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/crypto/envelope"
)

func Example() {
	providerKey, err := crypto.GenerateKey()
	if err != nil {
		panic(err)
	}
	provider, err := envelope.NewEthereumSigner(providerKey)
	if err != nil {
		panic(err)
	}
	var dataKey [32]byte
	if _, err := rand.Read(dataKey[:]); err != nil {
		panic(err)
	}
	// The associated data names the record, so its signature cannot be
	// reused for another patient or record id.
	ad := []byte("patient 0x00000000000000000000000000000000000000a1 / record 42")

	var stored bytes.Buffer
	sealed, err := envelope.Seal(nil, &stored, strings.NewReader("BP 120/80, HbA1c 6.1%"), dataKey, provider, ad)
	if err != nil {
		panic(err)
	}

	// The reader checks the content hash recorded on chain and the provider
	// the record must come from, and uses the plaintext only on success.
	var record bytes.Buffer
	opened, err := envelope.Open(&record, &stored, dataKey, ad,
		envelope.ExpectSealedSHA256(sealed.SealedSHA256),
		envelope.ExpectSigner(provider.Address()))
	if err != nil {
		panic(err)
	}
	fmt.Println(record.String())
	fmt.Println(opened.Signer == provider.Address())
	// Output:
	// BP 120/80, HbA1c 6.1%
	// true
}

func ExampleSealLocation() {
	var dataKey [32]byte
	if _, err := rand.Read(dataKey[:]); err != nil {
		panic(err)
	}
	ad := []byte("record 42")
	ct, err := envelope.SealLocation(nil, dataKey, []byte("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi"), ad)
	if err != nil {
		panic(err)
	}
	cid, err := envelope.OpenLocation(dataKey, ct, ad)
	if err != nil {
		panic(err)
	}
	fmt.Println(string(cid))
	// Output: bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi
}
