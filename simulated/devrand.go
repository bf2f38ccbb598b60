package simulated

import (
	"crypto/sha256"
	"io"

	"golang.org/x/crypto/chacha20"
)

// DevRandom is a deterministic randomness stream for development keys: the devnet's identities
// and CP-ABE master key come out the same on every start, so a restarted devnet's replayed
// enrolments still match the keys in memory. The seed is public; never use it for real keys.
func DevRandom(label string) io.Reader {
	key := sha256.Sum256([]byte("emrchain/dev-random/v1/" + label))
	c, err := chacha20.NewUnauthenticatedCipher(key[:], make([]byte, chacha20.NonceSize))
	if err != nil {
		panic(err) // fixed sizes: cannot happen
	}
	return &streamReader{c: c}
}

type streamReader struct{ c *chacha20.Cipher }

func (r *streamReader) Read(p []byte) (int, error) {
	clear(p)
	r.c.XORKeyStream(p, p)
	return len(p), nil
}
