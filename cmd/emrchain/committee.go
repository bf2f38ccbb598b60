package main

import (
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
)

func committeeCommand() *cli.Command {
	id := func() cli.Flag { return &cli.Uint64Flag{Name: "committee", Usage: "committee `ID` (required)"} }
	return &cli.Command{
		Name:  "committee",
		Usage: "the proxy committees that answer grants, attribute reads and search tokens (t of n members each)",
		Subcommands: []*cli.Command{
			{Name: "list", Usage: "list every committee, newest first, with its status, threshold and members", Action: action(committeeList)},
			{Name: "show", Usage: "print one committee", Flags: []cli.Flag{id()}, Action: action(committeeShow)},
			{
				Name: "create",
				Usage: "as the admin, create a committee of active enrolled proxies; its members then run the key generation " +
					"on chain (each `emrchain oracle run --role proxy`)",
				Flags: []cli.Flag{
					asFlag("the admin"),
					&cli.StringFlag{Name: "members", Usage: "the members' `ADDRESSES`, comma-separated, in the order that numbers them 1 to n (required)"},
					&cli.UintFlag{Name: "threshold", Usage: "t: how many members must answer (required)"},
					&cli.Uint64Flag{Name: "phase-blocks", Value: 20, Usage: "`BLOCKS` each key-generation phase may take"},
				},
				Action: action(committeeCreate),
			},
			{
				Name:   "retire",
				Usage:  "as the admin, retire a committee: no new grants name it; accesses already open are still answered",
				Flags:  []cli.Flag{asFlag("the admin"), id()},
				Action: action(committeeRetire),
			},
		},
	}
}

func faultsCommand() *cli.Command {
	return &cli.Command{
		Name:  "faults",
		Usage: "wrong answers recorded on chain against committee members",
		Subcommands: []*cli.Command{{
			Name:   "list",
			Usage:  "list every recorded fault: which member (and node) answered which access, read or token request wrongly, and who reported it",
			Flags:  []cli.Flag{&cli.StringFlag{Name: "node", Usage: "only faults of the node at `ADDRESS`"}},
			Action: action(faultsList),
		}},
	}
}

func committeeLine(c *client.CommitteeInfo) string {
	return fmt.Sprintf("committee %d: %s, %d-of-%d", c.ID, client.CommitteeStatusName(c.Status), c.Threshold, len(c.Members))
}

func committeeList(s *session) error {
	env, err := s.open()
	if err != nil {
		return err
	}
	all, err := env.Committees(s.ctx)
	if err != nil {
		return err
	}
	if s.out.json {
		var rows []map[string]any
		for _, c := range all {
			rows = append(rows, committeeJSON(c))
		}
		return s.out.emit(kv("committees", rows))
	}
	var rows []string
	for _, c := range all {
		rows = append(rows, committeeLine(c)+", members "+memberList(c.Members))
	}
	if len(rows) == 0 {
		return s.out.emit(kv("committees", "none: the admin creates one with `emrchain committee create`"))
	}
	return s.out.emit(kv("committees", lines(rows)))
}

func committeeJSON(c *client.CommitteeInfo) map[string]any {
	return map[string]any{"id": c.ID, "status": client.CommitteeStatusName(c.Status), "threshold": c.Threshold, "members": c.Members}
}

func memberList(members []common.Address) string {
	parts := make([]string, len(members))
	for i, m := range members {
		parts[i] = fmt.Sprintf("%d=%s", i+1, m.Hex())
	}
	return strings.Join(parts, " ")
}

func committeeID(s *session) (uint64, error) {
	if !s.c.IsSet("committee") {
		return 0, errMissingFlag("committee", "the committee id (see `emrchain committee list`)")
	}
	return s.c.Uint64("committee"), nil
}

func committeeShow(s *session) error {
	id, err := committeeID(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	c, err := env.Committee(s.ctx, id)
	if err != nil {
		return err
	}
	fields := []field{kv("committee", c.ID), kv("status", client.CommitteeStatusName(c.Status)), kv("threshold", c.Threshold)}
	var members []string
	for i, m := range c.Members {
		members = append(members, fmt.Sprintf("%d: %s", i+1, m.Hex()))
	}
	fields = append(fields, kv("members", lines(members)))
	if c.State.Active {
		fields = append(fields, kv("publicKey", fmt.Sprintf("0x%x", c.State.PublicKey)), kv("sharesHash", common.Hash(c.State.SharesHash)))
	} else {
		fields = append(fields, kv("deadlines", fmt.Sprintf("keys by block %d, deals %d, complaints %d, confirmations %d",
			c.State.KeyDeadline, c.State.DealDeadline, c.State.ComplaintDeadline, c.State.ConfirmDeadline)))
	}
	return s.out.emit(fields...)
}

func committeeCreate(s *session) error {
	v, err := requireString(s.c, "members", "the members' addresses, comma-separated")
	if err != nil {
		return err
	}
	var members []common.Address
	for _, part := range strings.Split(v, ",") {
		a, err := parseAddress("members", strings.TrimSpace(part))
		if err != nil {
			return err
		}
		members = append(members, a)
	}
	t := s.c.Uint("threshold")
	if !s.c.IsSet("threshold") || t < 1 || int(t) > len(members) || len(members) > 16 {
		return usageErrorf("bad --threshold %d with %d members: want 1 ≤ t ≤ n ≤ 16", t, len(members))
	}
	if s.c.Uint64("phase-blocks") < 1 {
		return usageErrorf("bad --phase-blocks: at least 1")
	}
	admin, err := s.identityFrom("as", "", "the admin's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	id, tx, err := env.CreateCommittee(s.ctx, admin, members, uint8(t), s.c.Uint64("phase-blocks"))
	if err != nil {
		return err
	}
	return s.out.emit(kv("committee", id), kv("threshold", fmt.Sprintf("%d-of-%d", t, len(members))), kv("members", memberList(members)),
		kv("next", "each member's `emrchain oracle run --role proxy` registers its key and deals; `emrchain committee show` follows it"), kv("tx", tx))
}

func committeeRetire(s *session) error {
	id, err := committeeID(s)
	if err != nil {
		return err
	}
	admin, err := s.identityFrom("as", "", "the admin's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.RetireCommittee(s.ctx, admin, id)
	if err != nil {
		return err
	}
	return s.out.emit(kv("committee", id), kv("status", "retired"), kv("tx", tx))
}

func faultsList(s *session) error {
	var node *common.Address
	if v := s.c.String("node"); v != "" {
		a, err := parseAddress("node", v)
		if err != nil {
			return err
		}
		node = &a
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	all, err := env.Faults(s.ctx)
	if err != nil {
		return err
	}
	what := map[string]string{client.GateAccess: "access", client.GateRead: "attribute read", client.GateToken: "token request", client.GateCare: "care read"}
	var rows []string
	for _, f := range all {
		if node != nil && f.Node != *node {
			continue
		}
		rows = append(rows, fmt.Sprintf("%s %d: member %d (%s) answered wrongly; reported by %s in block %d (tx %s)",
			what[f.Gate], f.AccessID, f.Member, f.Node.Hex(), f.Reporter.Hex(), f.Block, f.TxHash.Hex()))
	}
	if len(rows) == 0 {
		return s.out.emit(kv("faults", "none recorded"))
	}
	return s.out.emit(kv("faults", lines(rows)))
}
