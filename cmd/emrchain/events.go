package main

import (
	"errors"

	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/eventstream"
	"github.com/emrchain/emrchain/logpoller"
)

func eventsCommand() *cli.Command {
	return &cli.Command{
		Name:  "events",
		Usage: "contract events for integrations (catalogue: docs/events.md)",
		Subcommands: []*cli.Command{{
			Name:  "watch",
			Usage: "stream decoded contract events as NDJSON on stdout",
			Description: "One JSON object per event ({\"type\":\"event\",...}); a reorg is an explicit " +
				"{\"type\":\"reorg\",\"commonAncestor\":...,\"removed\":[...]} record, never a silent correction. " +
				"Over ws:// it wakes on new heads; over http:// it polls. With --checkpoint it resumes where it " +
				"stopped; delivery is at least once, keyed by (blockHash, logIndex).",
			Flags: []cli.Flag{
				&cli.StringSliceFlag{Name: "contract", Usage: "only these contracts (Registry, RecordRegistry, KeywordIndex, AccessLedger, AttributeRegistry, KeyIssuer)"},
				&cli.StringSliceFlag{Name: "event", Usage: "only these events, by name (e.g. AccessFulfilled)"},
				&cli.StringFlag{Name: "patient", Usage: "only events about this patient `ADDRESS`"},
				&cli.Uint64Flag{Name: "from-block", Usage: "first `BLOCK` to read when there is no checkpoint (default: the deployment block)"},
				confirmationsFlag(envPrefix+"EVENTS_CONFIRMATIONS", "reported"),
				&cli.StringFlag{Name: "checkpoint", Usage: "`FILE` to resume from and record progress in"},
				&cli.DurationFlag{Name: "poll", Value: 2 * time.Second, Usage: "poll `INTERVAL` when the node offers no subscription"},
			},
			Action: action(func(s *session) error {
				var filter eventstream.Filter
				filter.Events = s.c.StringSlice("event")
				if p := s.c.String("patient"); p != "" {
					addr, err := parseAddress("patient", p)
					if err != nil {
						return err
					}
					filter.Patient = &addr
				}
				if err := eventstream.ValidateEvents(filter.Events); err != nil {
					return usageErrorf("--event: %v", err)
				}
				finality, err := logpoller.ParseFinality(s.c.String("confirmations"))
				if err != nil {
					return usageErrorf("--confirmations: %v", err)
				}
				m, rpc, err := s.deployment()
				if err != nil {
					return err
				}
				addrs, err := contractAddresses(m, s.c.StringSlice("contract"))
				if err != nil {
					return err
				}
				stream, err := eventstream.Open(s.out.w, s.c.String("checkpoint"), filter)
				if err != nil {
					return err
				}
				start := m.DeploymentBlock
				if s.c.IsSet("from-block") {
					start = s.c.Uint64("from-block")
				}
				fin, why := finality.ForChain(m.ChainID)
				s.log.Info().Str("finality", fin.String()).Str("finality_reason", why).Msg("watching events")
				p := logpoller.New(rpc, logpoller.Config{
					Addresses: addrs, Topics: stream.Topics(), StartBlock: start,
					Confirmations: fin.Confirmations, Finalized: fin.Finalized, PollInterval: s.c.Duration("poll"),
				}, stream, s.log)
				err = p.Run(s.ctx)
				if errors.Is(err, s.ctx.Err()) {
					return nil
				}
				return err
			}),
		}},
	}
}

func contractAddresses(m *deploy.Manifest, names []string) ([]common.Address, error) {
	if len(names) == 0 {
		return m.Addresses().List(), nil
	}
	var out []common.Address
	for _, n := range names {
		d, ok := m.Contracts[n]
		if !ok {
			return nil, usageErrorf("--contract %q: known contracts are %s", n, strings.Join(deploy.Order, ", "))
		}
		out = append(out, d.Address)
	}
	return out, nil
}
