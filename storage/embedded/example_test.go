package embedded_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"strings"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
)

func Example() {
	dir, err := os.MkdirTemp("", "emrchain-store")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	s, err := embedded.Open(dir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()

	// The CID is what the chain records; it is the same on any IPFS node
	// that imports these bytes with `ipfs add --cid-version=1`.
	c, err := s.Put(ctx, strings.NewReader("sealed record"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(c)

	// A CID read back from the chain is parsed and checked before use.
	parsed, err := storage.ParseCID(c.String())
	if err != nil {
		log.Fatal(err)
	}
	r, err := s.Get(ctx, parsed)
	if err != nil {
		log.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s (%d bytes)\n", b, r.Size())

	// Deleting a record: unpin and remove locally.
	if err := s.Remove(ctx, c); err != nil {
		log.Fatal(err)
	}
	ok, err := s.Has(ctx, c)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("still stored:", ok)
	// Output:
	// bafkreib6ksguzq3rn34sw4vhl6ewmxxdc5mbbzto67b3p7hwbm62illqy4
	// sealed record (13 bytes)
	// still stored: false
}
