package api_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/store/storetest"
	"github.com/emrchain/emrchain/indexer/synth"
)

// A guardian reads the patient's timeline while the chain gives it the timeline scope: not with
// other scopes only, not past its validity, not once removed.
func TestGuardianReadsTheTimelineWithTheScope(t *testing.T) {
	reader, granter, expired, removed := newUser(t), newUser(t), newUser(t), newUser(t)
	future, past := uint64(time.Now().Add(time.Hour).Unix()), uint64(time.Now().Add(-time.Hour).Unix())
	e := newEnvWith(t, nil, func(c *synth.Chain, p user) {
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", p.addr, uint8(1), [32]byte{}, storetest.Registrar, [32]byte{}, [32]byte{}, []byte{})
		c.MustEmit(deploy.Guardians, "GuardianSet", p.addr, reader.addr, uint8(1), uint8(0b00100), future)
		c.MustEmit(deploy.Guardians, "GuardianSet", p.addr, granter.addr, uint8(2), uint8(0b00011), future)
		c.MustEmit(deploy.Guardians, "GuardianSet", p.addr, expired.addr, uint8(3), uint8(0b00100), past)
		c.MustEmit(deploy.Guardians, "GuardianSet", p.addr, removed.addr, uint8(4), uint8(0b00100), future)
		c.MustEmit(deploy.Guardians, "GuardianRemoved", p.addr, removed.addr)
	})
	path := "/v1/patients/" + e.patient.addr.Hex() + "/timeline"
	if code, _, body := e.do("GET", path, e.signIn(reader), nil); code != 200 {
		t.Fatalf("guardian with the timeline scope: %d %s", code, body)
	}
	for name, u := range map[string]user{"other scopes": granter, "expired": expired, "removed": removed, "stranger": newUser(t)} {
		if code, _, body := e.do("GET", path, e.signIn(u), nil); code != 403 {
			t.Errorf("%s: %d %s", name, code, body)
		}
	}
}

// Break-glass reads loudly, in words the patient understands, with the reason and the nodes.
func TestBreakGlassInWords(t *testing.T) {
	doctor, guardian := newUser(t), newUser(t)
	e := newEnvWith(t, nil, func(c *synth.Chain, p user) {
		c.MustEmit(deploy.Registry, "ParticipantEnrolled", p.addr, uint8(1), [32]byte{}, storetest.Registrar, [32]byte{}, [32]byte{}, []byte{})
		c.MustEmit(deploy.Guardians, "GuardianSet", p.addr, guardian.addr, uint8(1), uint8(0b00101), uint64(time.Now().Add(time.Hour).Unix()))
		var reason [32]byte
		copy(reason[:], "cardiac-arrest")
		c.MustEmit(deploy.EmergencyAccess, "EmergencyAccessOpened", uint64(1), p.addr, doctor.addr, [32]byte{1}, reason, uint64(1_800_000_000), uint32(4))
	})
	code, _, body := e.do("GET", "/v1/patients/"+e.patient.addr.Hex()+"/timeline?order=newest", e.signIn(e.patient), nil)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	var p struct {
		Entries []struct {
			Action, Title, Summary, PathText, EmergencyReason, ScopesText string
		}
	}
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatal(err)
	}
	bg := p.Entries[0]
	if bg.Action != "emergency-access-opened" || bg.Title != "EMERGENCY ACCESS" || !strings.Contains(bg.Summary, "in an emergency, without your permission") ||
		bg.EmergencyReason != "cardiac-arrest" || bg.PathText != "emergency access (break the glass)" {
		t.Fatalf("break-glass in words: %+v", bg)
	}
	if g := p.Entries[1]; g.Action != "guardian-set" || g.ScopesText != "grant access, read this timeline" {
		t.Fatalf("guardian in words: %+v", g)
	}
}
