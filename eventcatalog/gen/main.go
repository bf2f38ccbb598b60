// Command gen writes docs/events.md; run it with `go generate ./eventcatalog`.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/emrchain/emrchain/eventcatalog"
)

func main() {
	out := flag.String("out", "docs/events.md", "file to write")
	dir := flag.String("interfaces", "solidity/src/interfaces", "directory of the Solidity interfaces")
	flag.Parse()
	b, err := eventcatalog.Generate(*dir)
	if err != nil {
		log.Fatalf("generate event catalogue: %v", err)
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		log.Fatalf("write %s: %v", *out, err)
	}
}
