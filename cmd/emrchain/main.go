// Command emrchain is the command-line client of emrchain: it deploys the contracts, creates
// participants' keys, and performs every role's protocol step (through package client) against
// a chain given by --rpc-url and an IPFS store given by --ipfs.
//
// Results go to stdout (as JSON with --json), logs and progress bars to stderr. The exit status
// tells callers what happened without parsing text; see exitCodesHelp.
package main

import (
	"context"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/bench"
)

func main() {
	// `emrchain bench` measures large records in copies of this binary; such a copy runs its
	// step and nothing else.
	if ran, code := bench.RunChild(); ran {
		os.Exit(code)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes one command line and returns its exit status. It never exits the process itself,
// so tests drive the whole CLI in-process.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	// The completion scripts append completionFlag to the words typed so far; it must stay last.
	if n := len(args); n > 1 && args[n-1] == completionFlag {
		args = append(permuteArgs(app, args[:n-1]), completionFlag)
	} else {
		args = permuteArgs(app, args)
	}
	err := app.RunContext(ctx, args)
	if err != nil && ctx.Err() != nil {
		err = interrupted(err)
	}
	return report(stderr, wantsJSON(args), err)
}

const exitCodesHelp = `EXIT STATUS:
   0  success
   1  error (I/O, network, bad key material, ...)
   2  usage error (unknown command or flag, missing or malformed argument)
   3  the chain refused a transaction or call (reverted); the decoded contract error is printed
   4  the oracle rejected the request; the rejection reason is printed
 130  interrupted (Ctrl-C); if a transaction was already sent, the message names it and how to check`

func newApp(stdout, stderr io.Writer) *cli.App {
	useOwnHelpStyle()
	cli.VersionPrinter = printVersion
	app := &cli.App{
		Name:      "emrchain",
		Version:   readBuildVersion().Version,
		Usage:     "encrypted medical records shared across institutions",
		UsageText: "emrchain [global options] command [command options] [arguments...]",
		Description: "Every command acts against one deployment (--manifest) on one chain (--rpc-url) and one " +
			"IPFS store (--ipfs). Identities are encrypted key directories made by `emrchain keys new`; " +
			"their passphrase comes from --password-file or $EMRCHAIN_PASSWORD, or is asked for on the terminal without echo. " +
			"Key and passphrase files must be private to their owner (chmod 600, in a directory only the owner may write to).",
		Writer:               stdout,
		ErrWriter:            stderr,
		Flags:                globalFlags(),
		HideHelpCommand:      true,
		EnableBashCompletion: true,
		// Errors are reported once, by run, with their exit status; urfave must not exit.
		ExitErrHandler: func(*cli.Context, error) {},
		Commands: []*cli.Command{
			demoCommand(),
			devnetCommand(),
			gasCommand(),
			benchCommand(),
			eventsCommand(),
			keysCommand(),
			deployCommand(),
			participantCommand(),
			registrarCommand(),
			adminCommand(),
			recordCommand(),
			indexCommand(),
			requesterCommand(),
			searchCommand(),
			accessCommand(),
			guardianCommand(),
			consentCommand(),
			recoveryCommand(),
			attributesCommand(),
			keyCommand(),
			committeeCommand(),
			emergencyCommand(),
			faultsCommand(),
			indexerCommand(),
			auditCommand(),
			webhookCommand(),
			oracleCommand(),
			txCommand(),
			storeCommand(),
			completionCommand(),
		},
	}
	app.CustomAppHelpTemplate = cli.AppHelpTemplate + "\n" + exitCodesHelp + "\n"
	// Before prepare, which adds the global flags: those are bound on the app's copy only.
	bindEnv(app.Commands, nil, map[cli.Flag]bool{})
	prepare(app.Commands)
	app.Action = rootAction
	app.OnUsageError = onUsageError
	return app
}

// prepare gives every command the global flags (so they may follow the command name, as in
// `emrchain deploy --rpc-url URL`), usage-error handling that maps to exit status 2, and an
// action for command groups that refuses unknown subcommands.
func prepare(cmds []*cli.Command) {
	for _, c := range cmds {
		c.OnUsageError = onUsageError
		c.Flags = append(c.Flags, commandGlobalFlags()...)
		if len(c.Subcommands) > 0 {
			if c.Action == nil {
				c.Action = groupAction
			}
			c.HideHelpCommand = true
			prepare(c.Subcommands)
		}
	}
}

// rootAction runs when no command is given, or an unknown one.
func rootAction(c *cli.Context) error {
	if c.Args().Present() {
		return unknownCommand(c.App.Commands, c.Args().First(), "emrchain")
	}
	return cli.ShowAppHelp(c)
}

// groupAction runs for a command group given no known subcommand.
func groupAction(c *cli.Context) error {
	if c.Args().Present() {
		return unknownCommand(c.Command.Subcommands, c.Args().First(), c.Command.HelpName)
	}
	return cli.ShowSubcommandHelp(c)
}

func onUsageError(c *cli.Context, err error, _ bool) error {
	help := "emrchain"
	if c.Command != nil && c.Command.HelpName != "" {
		help = c.Command.HelpName
	}
	return usageErrorf("%s (see `%s --help`)", explainUsageError(c, err), help)
}
