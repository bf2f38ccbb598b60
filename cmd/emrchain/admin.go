package main

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"
)

// registrarCommand appoints and dismisses the registrars who enrol participants.
func registrarCommand() *cli.Command {
	return &cli.Command{
		Name:  "registrar",
		Usage: "appoint, dismiss and list the Registry's registrars (who enrol, suspend, reinstate and remove participants)",
		Subcommands: []*cli.Command{
			{
				Name:      "add",
				Usage:     "as the Registry's admin, appoint a registrar",
				ArgsUsage: "ADDRESS",
				Flags:     []cli.Flag{asFlag("the Registry's admin")},
				Action:    action(registrarAdd),
			},
			{
				Name:      "remove",
				Usage:     "as the Registry's admin, dismiss a registrar; whom it enrolled stay enrolled",
				ArgsUsage: "ADDRESS",
				Flags:     []cli.Flag{asFlag("the Registry's admin")},
				Action:    action(registrarRemove),
			},
			{
				Name:   "list",
				Usage:  "list the registrars appointed now",
				Action: action(registrarList),
			},
		},
	}
}

// adminCommand shows and hands over the Registry's admin.
func adminCommand() *cli.Command {
	return &cli.Command{
		Name:  "admin",
		Usage: "show and hand over the Registry's admin (two steps: the admin names the next one, who accepts)",
		Subcommands: []*cli.Command{
			{
				Name:   "show",
				Usage:  "print the Registry's admin and the pending admin of a transfer not yet accepted",
				Action: action(adminShow),
			},
			{
				Name:  "transfer",
				Usage: "as the Registry's admin, name the next admin; nothing changes until it accepts",
				Description: "The next admin takes over only when it runs `emrchain admin accept`, so a mistyped address never holds the " +
					"Registry. Naming another account replaces a pending transfer; naming yourself cancels it.",
				ArgsUsage: "ADDRESS",
				Flags:     []cli.Flag{asFlag("the Registry's admin")},
				Action:    action(adminTransfer),
			},
			{
				Name:   "accept",
				Usage:  "as the account named by `admin transfer`, become the Registry's admin",
				Flags:  []cli.Flag{asFlag("the pending admin")},
				Action: action(adminAccept),
			},
		},
	}
}

func registrarAdd(s *session) error {
	account, err := addressArg(s)
	if err != nil {
		return err
	}
	admin, err := s.identityFrom("as", "", "the Registry admin's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.AddRegistrar(s.ctx, admin, account)
	if err != nil {
		return err
	}
	return s.out.emit(kv("registrar", account), kv("status", "appointed"), kv("tx", tx))
}

func registrarRemove(s *session) error {
	account, err := addressArg(s)
	if err != nil {
		return err
	}
	admin, err := s.identityFrom("as", "", "the Registry admin's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.RemoveRegistrar(s.ctx, admin, account)
	if err != nil {
		return err
	}
	return s.out.emit(kv("registrar", account), kv("status", "dismissed"), kv("tx", tx))
}

func registrarList(s *session) error {
	env, err := s.open()
	if err != nil {
		return err
	}
	list, err := env.Registrars(s.ctx)
	if err != nil {
		return err
	}
	if s.out.json {
		return writeJSON(s, map[string]any{"registrars": hexes(list)})
	}
	if len(list) == 0 {
		fmt.Fprintln(s.out.w, "no registrars: only the admin enrols participants")
		return nil
	}
	for _, a := range list {
		fmt.Fprintln(s.out.w, a.Hex())
	}
	return nil
}

func hexes(list []common.Address) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Hex()
	}
	return out
}

func adminShow(s *session) error {
	env, err := s.open()
	if err != nil {
		return err
	}
	admin, pending, err := env.Admins(s.ctx)
	if err != nil {
		return err
	}
	var p any
	if pending != (common.Address{}) {
		p = pending
	}
	return s.out.emit(kv("admin", admin), kv("pendingAdmin", p))
}

func adminTransfer(s *session) error {
	next, err := addressArg(s)
	if err != nil {
		return err
	}
	if next == (common.Address{}) {
		return usageErrorf("the zero address cannot be the Registry's admin")
	}
	admin, err := s.identityFrom("as", "", "the Registry admin's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	tx, err := env.TransferAdmin(s.ctx, admin, next)
	if err != nil {
		return err
	}
	return s.out.emit(kv("admin", admin.Address()), kv("pendingAdmin", next), kv("tx", tx),
		kv("next", fmt.Sprintf("%s becomes the admin when it runs `emrchain admin accept --as DIR`", next.Hex())))
}

func adminAccept(s *session) error {
	next, err := s.identityFrom("as", "", "the pending admin's identity")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	_, pending, err := env.Admins(s.ctx)
	if err != nil {
		return err
	}
	if pending != next.Address() {
		if pending == (common.Address{}) {
			return fmt.Errorf("no admin transfer is pending: the admin starts one with `emrchain admin transfer %s`", next.Address().Hex())
		}
		return fmt.Errorf("the pending admin is %s, not %s", pending.Hex(), next.Address().Hex())
	}
	tx, err := env.AcceptAdmin(s.ctx, next)
	if err != nil {
		return err
	}
	return s.out.emit(kv("admin", next.Address()), kv("tx", tx))
}
