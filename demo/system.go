package demo

import (
	"bytes"
	"context"
	"strings"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/simulated"
)

// CastOf maps a simulated system's identities onto the story's roles.
func CastOf(sys *simulated.System) *Cast {
	id := sys.Identity
	return &Cast{
		Admin: id("admin"), Oracle: id("oracle"), Authority: id("authority"), Patient: id("patient"),
		DoctorA: id("doctor-a"), Insurer: id("insurer"), DoctorB: id("doctor-b"), Researcher: id("researcher"),
		Proxies: sys.ProxyIDs,
	}
}

// systemAuditor reads timelines from the system's indexer.
type systemAuditor struct{ sys *simulated.System }

func (a systemAuditor) Timeline(ctx context.Context, patient common.Address) ([]string, error) {
	entries, err := a.sys.Timeline(ctx, patient)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	// The transcript is read on a terminal, the timeline indented by two: it fits 100 columns.
	if err := timeline.WriteTableWidth(&b, entries, 98); err != nil {
		return nil, err
	}
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n"), nil
}

func (a systemAuditor) Verify(ctx context.Context, patient common.Address) (int, error) {
	rep, err := a.sys.Verify(ctx, patient)
	if err != nil {
		return 0, err
	}
	return rep.Entries, rep.Err()
}

// OnSystem plays the story on a running simulated system, its indexer as the auditor.
func OnSystem(ctx context.Context, sys *simulated.System, rep Reporter) (*Transcript, error) {
	return Run(ctx, sys.Env, CastOf(sys), sys, systemAuditor{sys}, rep)
}
