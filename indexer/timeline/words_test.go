package timeline

import (
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Every action reads in plain words: a new event kind is not done until its row is in the table.
func TestEveryActionHasWords(t *testing.T) {
	patient, doctor, oracle := common.Address{1}, common.Address{2}, common.Address{3}
	name := func(a common.Address) string {
		return map[common.Address]string{doctor: "Dr Ada", oracle: "the hospital's oracle"}[a]
	}
	for _, a := range Actions {
		w, ok := words[a]
		if !ok {
			t.Errorf("action %s has no words: add its row to the table in words.go", a)
			continue
		}
		if w.Title == "" || w.Sentence == "" {
			t.Errorf("%s: %+v", a, w)
		}
		e := Entry{Action: a, Patient: patient, Actor: doctor, Counterpart: oracle}
		got := e.Describe(name, patient)
		if strings.ContainsAny(got, "{}") || strings.Contains(got, "0x") || strings.Contains(string(a), "-") && strings.Contains(got, string(a)) {
			t.Errorf("%s reads %q", a, got)
		}
	}
	for a := range words {
		if _, err := ParseAction(string(a)); err != nil {
			t.Errorf("words for %s, which is not an action", a)
		}
	}
}

func TestDescribe(t *testing.T) {
	patient, doctor, oracle := common.Address{1}, common.Address{2}, common.Address{3}
	name := func(a common.Address) string {
		return map[common.Address]string{patient: "Pat", doctor: "Dr Ada", oracle: "the oracle"}[a]
	}
	nodeA, nodeB, nodeC := common.Address{0xa}, common.Address{0xb}, common.Address{0xc}
	name = func(a common.Address) string {
		return map[common.Address]string{patient: "Pat", doctor: "Dr Ada", oracle: "the oracle", nodeA: "A", nodeB: "B", nodeC: "C"}[a]
	}
	e := Entry{Action: AccessFulfilled, Patient: patient, Counterpart: doctor, Nodes: []common.Address{nodeA, nodeC}}
	for _, c := range []struct {
		reader common.Address
		want   string
	}{
		{patient, "Dr Ada received the key to read a record in your file, from nodes A and C"},
		{common.Address{9}, "Dr Ada received the key to read a record in Pat's file, from nodes A and C"},
		{doctor, "You received the key to read a record in Pat's file, from nodes A and C"},
	} {
		if got := e.Describe(name, c.reader); got != c.want {
			t.Errorf("read by %s: %q, want %q", c.reader, got, c.want)
		}
	}
	e.Nodes = []common.Address{nodeA, nodeB, nodeC}
	if got := e.Describe(name, patient); got != "Dr Ada received the key to read a record in your file, from nodes A, B and C" {
		t.Errorf("three nodes: %q", got)
	}
	e.Nodes = []common.Address{nodeB}
	if got := e.Describe(name, patient); got != "Dr Ada received the key to read a record in your file, from node B" {
		t.Errorf("one node: %q", got)
	}
	e.Nodes = nil
	if got := e.Describe(name, patient); got != "Dr Ada received the key to read a record in your file, from the network's nodes" {
		t.Errorf("no node known: %q", got)
	}
	expired := Entry{Action: AccessExpired, Patient: patient, Counterpart: doctor}
	if got := expired.Describe(name, patient); got != "Dr Ada's access to a record in your file ended" {
		t.Errorf("expired: %q", got)
	}
	anon := Entry{Action: AccessRevoked, Patient: patient, Counterpart: doctor}
	if got := anon.Describe(name, patient); got != "Someone withdrew Dr Ada's access to a record in your file" {
		t.Errorf("no actor: %q", got)
	}
	unknown := Entry{Action: Action("guardian-appointed"), Patient: patient, Actor: doctor}
	if got := unknown.Describe(name, patient); got != "Dr Ada: guardian-appointed" {
		t.Errorf("an action without words: %q", got)
	}
}

func TestReasonAndPurposeWords(t *testing.T) {
	for code := range reasonNames {
		if code == 0 {
			continue
		}
		if w := Reason(code).Words(); w == "" || strings.Contains(w, "_") {
			t.Errorf("reason %d (%s) reads %q", code, Reason(code), w)
		}
	}
	if Reason(0).Words() != "" || Reason(200).Words() != "reason REASON_200" {
		t.Fatalf("no reason / unknown reason: %q %q", Reason(0).Words(), Reason(200).Words())
	}
	for name := range errorWords {
		if _, ok := errorNamesByName()[name]; !ok {
			t.Errorf("words for error %s, which no contract declares", name)
		}
	}
	if ErrorWords("") != "" || ErrorWords("Made") != "the check Made failed" {
		t.Fatal("no error / unknown error words")
	}
	if PurposeWord(crypto.Keccak256Hash([]byte("treatment"))) != "treatment" || PurposeWord(common.Hash{1}) != "" {
		t.Fatal("purpose words")
	}
}

func errorNamesByName() map[string]bool {
	out := map[string]bool{}
	for _, n := range errorNames {
		out[n] = true
	}
	return out
}
