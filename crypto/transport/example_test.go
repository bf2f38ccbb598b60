package transport_test

import (
	"fmt"

	"github.com/emrchain/emrchain/crypto/transport"
)

// A patient sends a re-encryption key to the proxy's enrolled transport key,
// binding it to the access token it belongs to.
func Example() {
	proxy, _ := transport.GenerateKey(nil)
	enrolled, _ := proxy.Public().MarshalBinary() // published at enrolment

	var proxyKey transport.PublicKey
	if err := proxyKey.UnmarshalBinary(enrolled); err != nil {
		fmt.Println(err)
		return
	}
	token := []byte("token 7")
	sealed, _ := transport.Seal(&proxyKey, []byte("pre-rekey"), []byte("rekey bytes"), token)

	rekey, err := transport.Open(proxy, []byte("pre-rekey"), sealed, token)
	fmt.Printf("%s %v\n", rekey, err)

	_, err = transport.Open(proxy, []byte("pre-rekey"), sealed, []byte("token 8"))
	fmt.Println(err)
	// Output:
	// rekey bytes <nil>
	// transport: decryption failed
}
