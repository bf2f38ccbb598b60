package synth_test

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/synth"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

var addrs = contracts.Addresses{Registry: common.Address{1}, Records: common.Address{2}, Index: common.Address{3},
	Access: common.Address{4}, Attributes: common.Address{5}, Keys: common.Address{6}}

func linked(t *testing.T, parent logpoller.Header, r logpoller.Range) {
	t.Helper()
	for _, h := range r.Headers {
		if h.ParentHash != parent.Hash || h.Number != parent.Number+1 || h.Time != parent.Time+synth.BlockTime {
			t.Fatalf("block %d does not follow %d", h.Number, parent.Number)
		}
		parent = h
	}
	for _, l := range r.Logs {
		if l.BlockHash != r.Headers[l.BlockNumber-r.First().Number].Hash {
			t.Fatalf("log of block %d has another block's hash", l.BlockNumber)
		}
	}
}

func TestChainIsLinkedAndDecodable(t *testing.T) {
	c := synth.New(addrs, 10, 1000)
	anchor := c.Anchor()
	patient := common.Address{0xa}
	l := c.MustEmit(deploy.KeywordIndex, "RequesterAdded", patient, common.Address{0xb})
	c.MustEmit(deploy.KeywordIndex, "RequesterAdded", patient, common.Address{0xc})
	c.Block()
	c.MustEmit(deploy.AccessLedger, "AccessRequested", uint64(1), patient, common.Address{0xb}, [32]byte{1}, uint8(0), [32]byte{2})
	r, ok := c.Take()
	if !ok || len(r.Headers) != 2 || len(r.Logs) != 3 || r.Logs[1].Index != 1 || r.Logs[2].Index != 0 {
		t.Fatalf("range %+v", r)
	}
	linked(t, anchor, r)
	ev, err := timeline.Decode(&l, 1000)
	if err != nil || ev.Entry == nil || ev.Entry.Patient != patient || ev.Entry.Counterpart != (common.Address{0xb}) {
		t.Fatalf("decoded %+v, %v", ev.Entry, err)
	}
	if _, ok := c.Take(); ok {
		t.Fatal("second Take returned the same blocks")
	}
	if _, err := c.Emit(deploy.KeywordIndex, "NoSuchEvent"); err == nil {
		t.Fatal("unknown event emitted")
	}
	if _, err := c.Emit(deploy.KeywordIndex, "RequesterAdded", patient); err == nil {
		t.Fatal("wrong argument count accepted")
	}
}

func TestRewindMakesAFork(t *testing.T) {
	c := synth.New(addrs, 10, 1000)
	c.Block()
	c.Block()
	c.Block()
	old, _ := c.Take()
	c.Rewind(10, "b")
	c.Block()
	c.Block()
	fork, _ := c.Take()
	if fork.First().Number != 11 || fork.First().ParentHash != old.First().Hash || fork.First().Hash == old.Headers[1].Hash {
		t.Fatalf("fork %+v over %+v", fork.Headers, old.Headers)
	}
}

func TestForgetKeepsTheChainLinked(t *testing.T) {
	c := synth.New(addrs, 10, 1000)
	c.MustEmit(deploy.KeywordIndex, "RequesterAdded", common.Address{0xa}, common.Address{0xb})
	first, _ := c.Take()
	c.Forget()
	if len(c.Logs()) != 0 || c.Anchor() != first.Last() {
		t.Fatalf("after Forget: %d logs, anchor %+v", len(c.Logs()), c.Anchor())
	}
	c.MustEmit(deploy.KeywordIndex, "RequesterAdded", common.Address{0xa}, common.Address{0xc})
	next, _ := c.Take()
	linked(t, first.Last(), next)
}
