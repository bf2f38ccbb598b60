package timeline_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/store/storetest"
	"github.com/emrchain/emrchain/indexer/synth"
	"github.com/emrchain/emrchain/indexer/timeline"
)

// Every event the contracts declare must be known, or the indexer would store it without
// deciding whether it belongs on a timeline.
func TestEveryContractEventIsKnown(t *testing.T) {
	n := 0
	for name, ev := range bindings.NewRegistry().GetABI().Events {
		n++
		check(t, ev.ID, name)
	}
	for name, ev := range bindings.NewRecordRegistry().GetABI().Events {
		check(t, ev.ID, name)
	}
	for name, ev := range bindings.NewKeywordIndex().GetABI().Events {
		check(t, ev.ID, name)
	}
	for name, ev := range bindings.NewAccessLedger().GetABI().Events {
		check(t, ev.ID, name)
	}
	for name, ev := range bindings.NewAttributeRegistry().GetABI().Events {
		check(t, ev.ID, name)
	}
	for name, ev := range bindings.NewKeyIssuer().GetABI().Events {
		check(t, ev.ID, name)
	}
	if n == 0 {
		t.Fatal("no Registry events")
	}
}

func check(t *testing.T, id common.Hash, name string) {
	t.Helper()
	_, err := timeline.Decode(&types.Log{Topics: []common.Hash{id}}, 0)
	if errors.Is(err, timeline.ErrUnknownEvent) {
		t.Errorf("event %s is unknown to the timeline", name)
	}
}

func TestUnknownAndMalformedLogs(t *testing.T) {
	if _, err := timeline.Decode(&types.Log{}, 0); !errors.Is(err, timeline.ErrUnknownEvent) {
		t.Fatalf("anonymous log: %v", err)
	}
	if _, err := timeline.Decode(&types.Log{Topics: []common.Hash{{1}}}, 0); !errors.Is(err, timeline.ErrUnknownEvent) {
		t.Fatalf("foreign event: %v", err)
	}
	// A known event with its indexed arguments missing is an error, not an unknown event.
	c := synth.New(storetest.Addrs, 10, 1000)
	l := c.MustEmit(deploy.AccessLedger, "AccessRevoked", uint64(1), storetest.Patient, storetest.Requester, storetest.Patient)
	l.Topics = l.Topics[:2]
	if _, err := timeline.Decode(&l, 0); err == nil || errors.Is(err, timeline.ErrUnknownEvent) {
		t.Fatalf("truncated topics: %v", err)
	}
}

func TestSubjectTopicsCoverEveryTimelineEvent(t *testing.T) {
	// Every log that lands on a timeline has its patient at the topic verification filters on;
	// Decode enforces it, so emitting every scenario event through Decode proves the table.
	subjects := timeline.SubjectTopics()
	c := storetest.Scenario()
	r, _ := c.Take()
	seen := 0
	for _, l := range r.Logs {
		ev, err := timeline.Decode(&l, 0)
		if err != nil {
			t.Fatal(err)
		}
		if ev.Entry == nil {
			continue
		}
		seen++
		found := false
		for pos, ids := range subjects {
			for _, id := range ids {
				if id == l.Topics[0] && common.BytesToAddress(l.Topics[pos][:]) == ev.Entry.Patient {
					found = true
				}
			}
		}
		if !found {
			t.Fatalf("%s: patient not at a subject topic", ev.Name)
		}
	}
	if seen < 10 {
		t.Fatalf("only %d timeline events in the scenario", seen)
	}
}

// The reason names must be those of Reasons.sol, the oracle's and the contract's source of truth.
func TestReasonNamesMatchSolidity(t *testing.T) {
	src, err := os.ReadFile("../../solidity/src/libraries/Reasons.sol")
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`uint8 internal constant ([A-Z_]+) = (\d+);`)
	n := 0
	for _, m := range re.FindAllStringSubmatch(string(src), -1) {
		if m[1] == "MAX" {
			continue
		}
		v, _ := strconv.Atoi(m[2])
		if got := timeline.Reason(v).String(); got != m[1] {
			t.Errorf("reason %d: %q, Reasons.sol says %q", v, got, m[1])
		}
		n++
	}
	if n < 10 {
		t.Fatalf("parsed only %d reasons", n)
	}
	if timeline.Reason(0).String() != "" || timeline.Reason(200).String() != "REASON_200" {
		t.Fatal("reason 0 or out-of-range reason misnamed")
	}
}

func TestResolve(t *testing.T) {
	e := timeline.Entry{Action: timeline.AccessFulfilled, RequestID: 3, AccessID: 5}
	e.Resolve(timeline.Context{
		ActorRole: timeline.RoleOracle,
		Request:   &timeline.Request{ID: 3, Record: common.Hash{1}, Purpose: common.Hash{2}},
		Access:    &timeline.Access{ID: 5, RequestID: 3, Version: 4},
		Grant:     &timeline.Grant{RequestID: 3, Version: 9},
	})
	if e.Record != (common.Hash{1}) || e.Purpose != (common.Hash{2}) || e.Version != 4 || e.ActorRole != timeline.RoleOracle {
		t.Fatalf("fulfilment resolved to %+v", e)
	}
	// Facts about other ids are ignored.
	e = timeline.Entry{Action: timeline.AccessRevoked, RequestID: 3}
	e.Resolve(timeline.Context{Request: &timeline.Request{ID: 4, Record: common.Hash{1}}, Grant: &timeline.Grant{RequestID: 4, Version: 2}})
	if e.Record != (common.Hash{}) || e.Version != 0 {
		t.Fatalf("resolved against another request: %+v", e)
	}
}

func sample() timeline.Entry {
	return timeline.Entry{
		Patient: storetest.Patient, Time: time.Unix(1_700_000_000, 0).UTC(), BlockNumber: 7, BlockHash: common.Hash{7},
		TxHash: common.Hash{8}, LogIndex: 2, Contract: storetest.Addrs.Access, Action: timeline.AccessRejected,
		Actor: storetest.Oracle, ActorRole: timeline.RoleOracle, Counterpart: storetest.Requester, CounterpartRole: timeline.RoleRequester,
		Record: storetest.RecordID, Version: 2, RequestID: 1, AccessID: 2, Purpose: storetest.Purpose, Reason: 9,
	}
}

func TestJSONRoundTrip(t *testing.T) {
	e := sample()
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"action":"access-rejected"`, `"outcome":"rejected"`, `"reason":"GRANT_NOT_LIVE"`, `"actorRole":"oracle"`, `"time":"2023-11-14T22:13:20Z"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
	if strings.Contains(string(b), "keyRequestId") || strings.Contains(string(b), "notAfter") {
		t.Errorf("zero fields not omitted: %s", b)
	}
	var back timeline.Entry
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back != e {
		t.Fatalf("round trip:\n%+v\n%+v", back, e)
	}
	if err := json.Unmarshal([]byte(`{"time":"2023-11-14T22:13:20Z","action":"made-up"}`), &back); err == nil {
		t.Fatal("unknown action decoded")
	}
}

func TestWriteTable(t *testing.T) {
	var buf bytes.Buffer
	if err := timeline.WriteTable(&buf, []timeline.Entry{sample()}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "TIME") {
		t.Fatalf("table:\n%s", buf.String())
	}
	for _, want := range []string{"2023-11-14T22:13:20Z", "access-rejected", "oracle", "rejected (GRANT_NOT_LIVE)", "(requester)", "0xa000…0004"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row lacks %q: %s", want, lines[1])
		}
	}
}

func TestParseAction(t *testing.T) {
	for _, a := range timeline.Actions {
		if got, err := timeline.ParseAction(string(a)); err != nil || got != a {
			t.Fatalf("%s: %v", a, err)
		}
	}
	if _, err := timeline.ParseAction("nope"); err == nil {
		t.Fatal("unknown action parsed")
	}
}
