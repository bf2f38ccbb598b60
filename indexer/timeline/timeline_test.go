package timeline_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

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
	for name, ev := range bindings.NewProxyNetwork().GetABI().Events {
		check(t, ev.ID, name)
	}
	for name, ev := range bindings.NewAttributeReads().GetABI().Events {
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
		if ev.Entry == nil || ev.AnswerTo != nil {
			continue // answers are found through the accesses they answer
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
	nodeA, nodeB, nodeC := common.Address{0xa}, common.Address{0xb}, common.Address{0xc}
	ledger := storetest.Addrs.Access
	e := timeline.Entry{Action: timeline.AccessFulfilled, Contract: ledger, RequestID: 3, AccessID: 5, Members: 0b101}
	e.Resolve(timeline.Context{
		CounterpartRole: timeline.RoleRequester,
		Request:         &timeline.Request{ID: 3, Record: common.Hash{1}, Purpose: common.Hash{2}},
		Access:          &timeline.Access{ID: 5, RequestID: 3, Version: 4},
		Grant:           &timeline.Grant{RequestID: 3, Version: 9},
		// The members that committed, not the committee's list, say who answered.
		Committee: &timeline.Committee{ID: 1, Members: []common.Address{nodeC, nodeB, nodeA}},
		Answers:   map[uint8]common.Address{1: nodeA, 2: nodeB, 3: nodeC},
	})
	if e.Record != (common.Hash{1}) || e.Purpose != (common.Hash{2}) || e.Version != 4 || e.CounterpartRole != timeline.RoleRequester {
		t.Fatalf("fulfilment resolved to %+v", e)
	}
	if !reflect.DeepEqual(e.Nodes, []common.Address{nodeA, nodeC}) {
		t.Fatalf("fulfilment answered by %v", e.Nodes)
	}
	// Facts about other ids are ignored.
	e = timeline.Entry{Action: timeline.AccessRevoked, RequestID: 3}
	e.Resolve(timeline.Context{Request: &timeline.Request{ID: 4, Record: common.Hash{1}}, Grant: &timeline.Grant{RequestID: 4, Version: 2}})
	if e.Record != (common.Hash{}) || e.Version != 0 {
		t.Fatalf("resolved against another request: %+v", e)
	}
	// A grant names the members holding shares; a member beyond the committee is left out.
	e = timeline.Entry{Action: timeline.AccessGranted, Committee: 1, Members: 0b1011}
	e.Resolve(timeline.Context{Committee: &timeline.Committee{ID: 1, Members: []common.Address{nodeA, nodeB, nodeC}}})
	if !reflect.DeepEqual(e.Nodes, []common.Address{nodeA, nodeB}) {
		t.Fatalf("grant held by %v", e.Nodes)
	}
	e = timeline.Entry{Action: timeline.AccessGranted, Committee: 2, Members: 0b1}
	e.Resolve(timeline.Context{Committee: &timeline.Committee{ID: 1, Members: []common.Address{nodeA}}})
	if e.Nodes != nil {
		t.Fatalf("resolved against another committee: %v", e.Nodes)
	}
	// An answer takes its path from the access it answers, in the same gate only.
	e = timeline.Entry{Action: timeline.AnswerCommitted, Contract: storetest.Addrs.Reads, AccessID: 7}
	e.Resolve(timeline.Context{Gate: &timeline.GateAccess{GateKey: timeline.GateKey{Contract: ledger, ID: 7}, Path: timeline.PathGrant}})
	if e.Path != "" {
		t.Fatalf("path from another gate: %q", e.Path)
	}
	e.Resolve(timeline.Context{Gate: &timeline.GateAccess{GateKey: timeline.GateKey{Contract: storetest.Addrs.Reads, ID: 7}, Path: timeline.PathAttribute}})
	if e.Path != timeline.PathAttribute {
		t.Fatalf("path %q", e.Path)
	}
	// Attribute names where known, in the read's order.
	e = timeline.Entry{Action: timeline.ReadRequested, Attributes: []common.Hash{{1}, {2}}}
	e.Resolve(timeline.Context{Attributes: map[common.Hash]string{{2}: "hospital-a/role:doctor"}})
	if !reflect.DeepEqual(e.AttributeNames, []string{"", "hospital-a/role:doctor"}) {
		t.Fatalf("attribute names %q", e.AttributeNames)
	}
}

func TestErrorNames(t *testing.T) {
	sel := func(sig string) (s [4]byte) {
		copy(s[:], crypto.Keccak256([]byte(sig)))
		return s
	}
	if got := timeline.ErrorName(sel("GrantRevoked(uint64)")); got != "GrantRevoked" {
		t.Fatalf("GrantRevoked selector names %q", got)
	}
	if got := timeline.ErrorName(sel("TooManyDeclines(uint64,uint16)")); got != "TooManyDeclines" {
		t.Fatalf("TooManyDeclines selector names %q", got)
	}
	if got := timeline.ErrorName([4]byte{1, 2, 3, 4}); got != "0x01020304" {
		t.Fatalf("unknown selector names %q", got)
	}
	if timeline.ErrorName([4]byte{}) != "" {
		t.Fatal("no selector has a name")
	}
}

func sample() timeline.Entry {
	return timeline.Entry{
		Patient: storetest.Patient, Time: time.Unix(1_700_000_000, 0).UTC(), BlockNumber: 7, BlockHash: common.Hash{7},
		TxHash: common.Hash{8}, LogIndex: 2, Contract: storetest.Addrs.Access, Action: timeline.AccessRejected,
		Actor: storetest.Oracle, ActorRole: timeline.RoleOracle, Counterpart: storetest.Requester, CounterpartRole: timeline.RoleRequester,
		Record: storetest.RecordID, Version: 2, RequestID: 1, AccessID: 2, Purpose: storetest.Purpose, Reason: 9,
		Error: "GrantRevoked", Path: timeline.PathGrant, Committee: 3, Threshold: 2, Members: 5,
		Nodes: []common.Address{{0xa}, {0xc}}, Member: 1, MaxUses: 4, UsesLeft: 3, Generation: 1, Epoch: 6,
		Attributes: []common.Hash{{1}, {2}}, AttributeNames: []string{"hospital-a/role:doctor", ""},
		PatientAuthored: true, PolicyHash: common.Hash{3}, CapsuleHash: common.Hash{4}, CapsuleRef: "bafycapsule",
		GateHash: common.Hash{5}, GateRef: "bafygate",
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
	if !reflect.DeepEqual(back, e) {
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
	for _, want := range []string{"2023-11-14T22:13:20Z", "access-rejected", "oracle", "rejected", "GRANT_NOT_LIVE", "GrantRevoked", "(requester)", "0xa000…0004", "grant 0x0a00…0000,0x0c00…0000"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row lacks %q: %s", want, lines[1])
		}
	}

	// For a 100-column terminal: no wider, the same entry's counterpart, path and reason under it.
	buf.Reset()
	if err := timeline.WriteTableWidth(&buf, []timeline.Entry{sample(), sample()}, 100); err != nil {
		t.Fatal(err)
	}
	narrow := strings.Split(strings.TrimSpace(buf.String()), "\n")
	for _, l := range narrow {
		if n := utf8.RuneCountInString(l); n > 100 {
			t.Errorf("%d columns: %q", n, l)
		}
	}
	if len(narrow) != 9 || !strings.HasPrefix(narrow[1], "2023-11-14T22:13:20Z") ||
		!strings.Contains(narrow[2], "counterpart: 0xA000…0003 (requester)") || !strings.Contains(narrow[3], "via: grant 0x0a00…0000,0x0c00…0000") ||
		!strings.Contains(narrow[4], "reason: GRANT_NOT_LIVE GrantRevoked") {
		t.Fatalf("narrow table:\n%s", buf.String())
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
