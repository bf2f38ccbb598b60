package eventcatalog_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/eventcatalog"
)

func TestCatalogUpToDate(t *testing.T) {
	want, err := eventcatalog.Generate("../solidity/src/interfaces")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../docs/events.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("docs/events.md is stale: run `go generate ./eventcatalog` and commit it")
	}
}

// Every event must round-trip through the generic decoder with every field present.
func TestSampleLogsDecode(t *testing.T) {
	for _, s := range contracts.Events() {
		l, err := eventcatalog.SampleLog(s)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := contracts.DecodeLog(l)
		if err != nil {
			t.Fatalf("%s: %v", s.Event.Name, err)
		}
		if ev.Name != s.Event.Name || len(ev.Fields) != len(s.Event.Inputs) {
			t.Fatalf("%s decoded as %s with %d of %d fields", s.Event.Name, ev.Name, len(ev.Fields), len(s.Event.Inputs))
		}
	}
}
