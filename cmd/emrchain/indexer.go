package main

import (
	"github.com/ethereum/go-ethereum/common"

	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/indexer/directory"
	"github.com/emrchain/emrchain/indexer/service"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/logpoller"
)

// confirmationsFlag is --confirmations of the services that follow the chain: a number of
// blocks, "finalized", or "auto" (none on a development chain, the finalized block elsewhere).
func confirmationsFlag(env, what string) cli.Flag {
	return &cli.StringFlag{Name: "confirmations", Value: "auto", EnvVars: []string{env},
		Usage: "how final a block must be before it is " + what + ": a number of blocks built on it, \"finalized\" (the node's finalized block), " +
			"or \"auto\" (0 on a development chain, finalized elsewhere)"}
}

// stopTimeout bounds draining the indexer's API on shutdown.
const stopTimeout = 10 * time.Second

// The indexer's API port, the same for `indexer run` and the devnet, so `audit login` finds
// either without being told.
const (
	defaultIndexerPort = 8780
	defaultIndexerURL  = "http://127.0.0.1:8780"
)

// dsnFlag selects the indexer's database; the audit commands read the same one.
func dsnFlag() cli.Flag {
	return &cli.StringFlag{Name: "dsn", EnvVars: []string{envPrefix + "INDEXER_DSN"},
		Usage: "PostgreSQL `URL` (postgres://...) of the indexer's database", DefaultText: "SQLite in <data-dir>/indexer"}
}

func indexerCommand() *cli.Command {
	return &cli.Command{
		Name:  "indexer",
		Usage: "index every event of the deployment into per-patient audit timelines",
		Subcommands: []*cli.Command{
			{
				Name:  "run",
				Usage: "follow the chain and serve the timeline API until interrupted",
				Flags: []cli.Flag{
					dsnFlag(),
					&cli.StringFlag{Name: "listen", Value: service.DefaultListen, EnvVars: []string{envPrefix + "INDEXER_LISTEN"}, Usage: "API `ADDRESS`"},
					&cli.StringFlag{Name: "domain", EnvVars: []string{envPrefix + "INDEXER_DOMAIN"}, Usage: "the `NAME` API clients sign in to", DefaultText: "the listen address"},
					&cli.StringFlag{Name: "token-key-file", EnvVars: []string{envPrefix + "INDEXER_TOKEN_KEY_FILE"},
						Usage: "`FILE` (mode 0600) holding the 32+ byte key that signs sign-in challenges and API bearer tokens", DefaultText: "<data-dir>/indexer/auth.key, created on first run"},
					confirmationsFlag(envPrefix+"INDEXER_CONFIRMATIONS", "ingested"),
					&cli.Uint64Flag{Name: "max-range", EnvVars: []string{envPrefix + "INDEXER_MAX_RANGE"}, Usage: "most blocks fetched in one step", DefaultText: "the log poller's"},
					&cli.DurationFlag{Name: "poll-interval", EnvVars: []string{envPrefix + "INDEXER_POLL_INTERVAL"}, Usage: "how often to ask for a new head", DefaultText: "the log poller's"},
					&cli.StringSliceFlag{Name: "admin", EnvVars: []string{envPrefix + "INDEXER_ADMINS"}, Usage: "`ADDRESS` allowed to register webhooks for a whole organisation (repeatable)"},
					&cli.BoolFlag{Name: "no-push", EnvVars: []string{envPrefix + "INDEXER_NO_PUSH"}, Usage: "serve no webhooks and no live feed"},
					&cli.StringFlag{Name: "directory", EnvVars: []string{envPrefix + "INDEXER_DIRECTORY"},
						Usage: "JSON `FILE` naming people on timelines: {\"records\": [the exact --metadata each was enrolled with], \"organisations\": [names]}; a name shows only when it hashes to the enrolment's"},
					&cli.BoolFlag{Name: "webhook-allow-loopback", EnvVars: []string{envPrefix + "INDEXER_WEBHOOK_ALLOW_LOOPBACK"},
						Usage: "let webhooks reach 127.0.0.1 and ::1, plain http included (development only; private and metadata addresses stay refused)"},
				},
				Action: action(indexerRun),
			},
		},
	}
}

// indexerDir holds the indexer's SQLite database.
func indexerDir(s *session) string { return filepath.Join(dataDir(s.c), "indexer") }

func indexerRun(s *session) error {
	var tokenKey []byte
	if path := s.c.String("token-key-file"); path != "" {
		fi, err := os.Stat(path)
		if err != nil {
			return fmt.Errorf("token key: %w", err)
		}
		if fi.Mode().Perm()&0o077 != 0 {
			return fmt.Errorf("token key file %s is readable by group or others: run `chmod 600 %s`", path, path)
		}
		if tokenKey, err = os.ReadFile(path); err != nil {
			return fmt.Errorf("token key: %w", err)
		}
	}
	var admins []common.Address
	for _, a := range s.c.StringSlice("admin") {
		addr, err := parseAddress("admin", a)
		if err != nil {
			return err
		}
		admins = append(admins, addr)
	}
	var dir *directory.Directory
	if path := s.c.String("directory"); path != "" {
		d, err := directory.Load(path, client.OrgID)
		if err != nil {
			return err
		}
		dir = d
	}
	finality, err := logpoller.ParseFinality(s.c.String("confirmations"))
	if err != nil {
		return usageErrorf("--confirmations: %v", err)
	}
	m, rpc, err := s.deployment()
	if err != nil {
		return err
	}
	svc, err := service.New(service.Config{
		Directory:            dir,
		Admins:               admins,
		NoPush:               s.c.Bool("no-push"),
		WebhookAllowLoopback: s.c.Bool("webhook-allow-loopback"),
		Client:               rpc,
		Manifest:             m,
		DataDir:              indexerDir(s),
		DSN:                  s.c.String("dsn"),
		Listen:               s.c.String("listen"),
		Domain:               s.c.String("domain"),
		TokenKey:             tokenKey,
		Finality:             finality,
		MaxRange:             s.c.Uint64("max-range"),
		PollInterval:         s.c.Duration("poll-interval"),
		Log:                  s.log,
	})
	if err != nil {
		return err
	}
	if err := svc.Start(s.ctx); err != nil {
		return err
	}
	if err := s.out.emit(kv("status", "running"), kv("listen", svc.Addr())); err != nil {
		s.log.Warn().Err(err).Msg("print status")
	}
	select {
	case <-s.ctx.Done():
	case <-svc.Done():
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), stopTimeout)
	defer cancel()
	return svc.Stop(ctx)
}

// openIndexerStore opens the database `indexer run` writes, for the audit commands.
func openIndexerStore(s *session) (store.Store, error) {
	st, err := service.OpenStore(s.ctx, indexerDir(s), s.c.String("dsn"))
	if err != nil {
		return nil, fmt.Errorf("open the indexer's database: %w", err)
	}
	s.closers = append(s.closers, st.Close)
	return st, nil
}
