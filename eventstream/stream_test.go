package eventstream_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/eventstream"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/simulated"
)

type fixture struct {
	chain *simulated.Chain
	env   *client.Env
	m     *deploy.Manifest
	admin *client.Identity
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	admin := simulated.DevAccount("stream/admin")
	chain := simulated.NewChain([]simulated.Account{admin})
	t.Cleanup(func() { chain.Close() })
	m, err := deploy.Deploy(context.Background(), chain.Client, admin.Opts(chain.ChainID), admin.Address)
	if err != nil {
		t.Fatal(err)
	}
	env := &client.Env{Backend: chain.Client, Set: contracts.Bind(chain.Client, m.Addresses()), ChainID: chain.ChainID}
	return &fixture{chain: chain, env: env, m: m, admin: &client.Identity{Name: "admin", Key: admin.Key}}
}

func (f *fixture) enroll(t *testing.T, name string, role uint8) common.Address {
	t.Helper()
	id, err := client.NewIdentity(name, simulated.DevAccount("stream/"+name).Key, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.env.Enroll(context.Background(), f.admin, client.EnrollmentOf(id, role, "", name)); err != nil {
		t.Fatal(err)
	}
	return id.Address()
}

// drain steps the poller until it has nothing left.
func drain(t *testing.T, f *fixture, s *eventstream.Stream) {
	t.Helper()
	p := logpoller.New(f.chain.Client, logpoller.Config{Addresses: f.m.Addresses().List(), Topics: s.Topics(), StartBlock: f.m.DeploymentBlock}, s, zerolog.Nop())
	for i := 0; i < 50; i++ {
		advanced, err := p.Step(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if !advanced {
			return
		}
	}
	t.Fatal("poller never caught up")
}

func records(t *testing.T, b *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(b)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("not NDJSON: %q: %v", sc.Text(), err)
		}
		out = append(out, m)
	}
	return out
}

func TestStreamFiltersAndResumes(t *testing.T) {
	f := newFixture(t)
	patient := f.enroll(t, "patient", client.RolePatient)
	f.enroll(t, "doctor", client.RoleProvider)

	cp := filepath.Join(t.TempDir(), "cp.json")
	var out bytes.Buffer
	s, err := eventstream.Open(&out, cp, eventstream.Filter{Events: []string{"ParticipantEnrolled"}, Patient: &patient})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, f, s)
	recs := records(t, &out)
	if len(recs) != 1 || recs[0]["type"] != "event" || recs[0]["event"] != "ParticipantEnrolled" {
		t.Fatalf("want the patient's enrolment only, got %v", recs)
	}
	if fields := recs[0]["fields"].(map[string]any); !strings.EqualFold(fields["account"].(string), patient.Hex()) {
		t.Fatalf("wrong account: %v", fields)
	}

	// A restart from the checkpoint reports only what is new.
	other := f.enroll(t, "patient-2", client.RolePatient)
	var out2 bytes.Buffer
	s2, err := eventstream.Open(&out2, cp, eventstream.Filter{Events: []string{"ParticipantEnrolled"}, Patient: &other})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, f, s2)
	if recs := records(t, &out2); len(recs) != 1 {
		t.Fatalf("after restart: %d records, want the one new enrolment", len(recs))
	}
}

func TestStreamReportsReorg(t *testing.T) {
	f := newFixture(t)
	var out bytes.Buffer
	s, err := eventstream.Open(&out, "", eventstream.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	base, err := f.chain.Client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.enroll(t, "doomed", client.RolePatient)
	drain(t, f, s)
	before := len(records(t, bytes.NewBuffer(out.Bytes())))
	if before == 0 {
		t.Fatal("no events before the reorg")
	}
	// Replace the enrolment's block with a longer empty branch.
	if err := f.chain.Backend.Fork(base.Hash()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		f.chain.Backend.Commit()
	}
	out.Reset()
	drain(t, f, s)
	recs := records(t, &out)
	var reorg map[string]any
	for _, r := range recs {
		if r["type"] == "reorg" {
			reorg = r
		}
	}
	if reorg == nil {
		t.Fatalf("no reorg record in %v", recs)
	}
	removed := reorg["removed"].([]any)
	if len(removed) != 1 || removed[0].(map[string]any)["event"] != "ParticipantEnrolled" {
		t.Fatalf("reorg removed %v, want the enrolment", removed)
	}
}

func TestUnknownEventIsAnError(t *testing.T) {
	if _, err := eventstream.Open(&bytes.Buffer{}, "", eventstream.Filter{Events: []string{"AccessGrantd"}}); err == nil || !strings.Contains(err.Error(), "unknown event AccessGrantd") {
		t.Fatalf("got %v", err)
	}
}

// A checkpoint remembers its chain: resuming it against another chain (another genesis, the
// same deployment addresses) stops with ErrWrongChain, writes no record and leaves the
// checkpoint file as it was.
func TestCheckpointRefusesAnotherChain(t *testing.T) {
	f := newFixture(t)
	f.enroll(t, "patient", client.RolePatient)
	cp := filepath.Join(t.TempDir(), "cp.json")
	var out bytes.Buffer
	s, err := eventstream.Open(&out, cp, eventstream.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	drain(t, f, s)
	before, err := os.ReadFile(cp)
	if err != nil {
		t.Fatal(err)
	}

	admin := simulated.DevAccount("stream/admin")
	other := simulated.NewChain([]simulated.Account{admin, simulated.DevAccount("stream/someone else")})
	defer other.Close()
	m, err := deploy.Deploy(context.Background(), other.Client, admin.Opts(other.ChainID), admin.Address)
	if err != nil || m.Addresses() != f.m.Addresses() {
		t.Fatalf("deploy on the other chain: %v", err)
	}
	var out2 bytes.Buffer
	s2, err := eventstream.Open(&out2, cp, eventstream.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	p := logpoller.New(other.Client, logpoller.Config{Addresses: m.Addresses().List(), StartBlock: m.DeploymentBlock}, s2, zerolog.Nop())
	if _, err := p.Step(context.Background()); !errors.Is(err, logpoller.ErrWrongChain) {
		t.Fatalf("step on another chain: %v", err)
	}
	after, _ := os.ReadFile(cp)
	if !bytes.Equal(before, after) || out2.Len() != 0 {
		t.Fatalf("checkpoint or stream changed: %d bytes written", out2.Len())
	}
}
