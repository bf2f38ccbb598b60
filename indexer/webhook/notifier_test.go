package webhook_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/store/storetest"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/webhook"
)

// Members' answers are notified on the timeline of the access they answer, and a read's
// notification names the nodes that answered, resolved as the indexer's store resolves them.
func TestNotifierPlacesAnswersAndNamesNodes(t *testing.T) {
	o, err := webhook.OpenOutbox(filepath.Join(t.TempDir(), "outbox.db"), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	n := webhook.NewNotifier(o)
	var notes []webhook.Notification
	n.Committed = func(c webhook.Change) { notes = append(notes, c.Notes...) }
	r, _ := storetest.Scenario().Take()
	if err := n.Apply(context.Background(), r); err != nil {
		t.Fatal(err)
	}
	byAction := map[string][]timeline.Entry{}
	for _, note := range notes {
		var p webhook.Payload
		if err := json.Unmarshal(note.Body, &p); err != nil {
			t.Fatal(err)
		}
		if p.Entry.Patient != note.Patient {
			t.Fatalf("%s: notified to %s, entry of %s", note.Action, note.Patient.Hex(), p.Entry.Patient.Hex())
		}
		if note.Patient == storetest.Patient {
			byAction[note.Action] = append(byAction[note.Action], *p.Entry)
		}
	}
	if got := len(byAction["answer-committed"]); got != 4 {
		t.Fatalf("%d commits notified to the patient, want 4", got)
	}
	c := byAction["answer-committed"][2]
	if c.Actor != storetest.NodeB || c.Counterpart != storetest.Requester || c.Path != timeline.PathAttribute || c.Record != storetest.RecordID {
		t.Fatalf("commit to the attribute read: %+v", c)
	}
	if d := byAction["answer-declined"]; len(d) != 1 || d[0].Actor != storetest.NodeB || d[0].Path != timeline.PathGrant {
		t.Fatalf("decline: %+v", d)
	}
	want := map[string][]common.Address{
		"access-fulfilled": {storetest.NodeA, storetest.NodeC},
		"read-answered":    {storetest.NodeB, storetest.NodeC},
		"access-granted":   {storetest.NodeA, storetest.NodeB, storetest.NodeC},
	}
	for action, nodes := range want {
		es := byAction[action]
		if len(es) != 1 || len(es[0].Nodes) != len(nodes) {
			t.Fatalf("%s: %+v", action, es)
		}
		for i := range nodes {
			if es[0].Nodes[i] != nodes[i] {
				t.Fatalf("%s: nodes %v, want %v", action, es[0].Nodes, nodes)
			}
		}
	}
	if r := byAction["read-requested"]; len(r) != 1 || r[0].AttributeNames[0] != "acme/role:insurer" {
		t.Fatalf("read requested: %+v", r)
	}
}

// A guardian with the timeline scope may follow the patient's timeline while the chain says so,
// and a subscription of theirs hears of a break-glass session at once, as the patient's does.
func TestGuardianHearsOfBreakGlass(t *testing.T) {
	ctx := context.Background()
	o, err := webhook.OpenOutbox(filepath.Join(t.TempDir(), "outbox.db"), dev)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	r := newReceiver(t)
	patient := storetest.Patient
	var known []string
	for _, a := range timeline.Actions {
		known = append(known, string(a))
	}
	s, err := o.Subscribe(ctx, webhook.Subscription{URL: r.srv.URL, Owner: storetest.Guardian, Patient: &patient,
		Actions: []string{"emergency-access-opened"}}, known)
	if err != nil {
		t.Fatal(err)
	}
	r.secret = []byte(s.Secret)
	_, stop := start(t, o, 3)
	defer stop()
	n := webhook.NewNotifier(o)
	c := storetest.CareScenario()
	rng, _ := c.Take()
	if err := n.Apply(ctx, rng); err != nil {
		t.Fatal(err)
	}
	var opened string
	for _, l := range rng.Logs {
		if l.Address == storetest.Addrs.Emergency && l.Topics[0] == bindings.NewEmergencyAccess().GetABI().Events["EmergencyAccessOpened"].ID {
			opened = l.BlockHash.Hex() + ":" + strconv.FormatUint(uint64(l.Index), 10)
		}
	}
	waitFor(t, "the guardian's notification", func() bool { got := r.got(); return len(got) == 1 && got[0] == opened })

	now := time.Unix(1_700_000_000, 0)
	if ok, err := o.GuardianMayRead(ctx, patient, storetest.Guardian, now); err != nil || !ok {
		t.Fatalf("guardian with the timeline scope: %v %v", ok, err)
	}
	if ok, _ := o.GuardianMayRead(ctx, patient, storetest.Guardian, now.AddDate(2, 0, 0)); ok {
		t.Fatal("a guardian past its validity may read")
	}
	if ok, _ := o.GuardianMayRead(ctx, patient, storetest.Requester, now); ok {
		t.Fatal("a stranger may read")
	}
	c.Block()
	c.MustEmit(deploy.Guardians, "GuardianRemoved", patient, storetest.Guardian)
	rng2, _ := c.Take()
	if err := n.Apply(ctx, rng2); err != nil {
		t.Fatal(err)
	}
	if ok, _ := o.GuardianMayRead(ctx, patient, storetest.Guardian, now); ok {
		t.Fatal("a removed guardian may read")
	}
	// A reorg that drops the removal gives the guardian back its scope.
	if err := n.Rollback(ctx, rng.Last()); err != nil {
		t.Fatal(err)
	}
	if ok, _ := o.GuardianMayRead(ctx, patient, storetest.Guardian, now); !ok {
		t.Fatal("the removal outlived its rollback")
	}
}
