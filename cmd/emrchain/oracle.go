package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/simulated"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/remote"
)

// oracleEnv prefixes the oracle's environment variables.
const oracleEnv = envPrefix + "ORACLE_"

func oracleKeyDirFlag() cli.Flag {
	return &cli.StringFlag{Name: "key-dir", EnvVars: []string{oracleEnv + "KEY_DIR"}, Usage: "the oracle's key `DIR` (made by oracle init; required)"}
}

func oraclePassFlag() cli.Flag {
	return &cli.StringFlag{Name: "passphrase-file", EnvVars: []string{oracleEnv + "PASSPHRASE_FILE"},
		Usage: "`FILE` holding the key directory's passphrase", DefaultText: "--password-file, else $" + oracleEnv + "PASSPHRASE, else $" + passwordEnv}
}

func oracleCommand() *cli.Command {
	d := service.DefaultConfig()
	return &cli.Command{
		Name:  "oracle",
		Usage: "run the oracle: proxy re-encryption for grants and CP-ABE key issuance",
		Subcommands: []*cli.Command{
			{
				Name:  "init",
				Usage: "create the oracle's keys: transaction account, transport key and CP-ABE master key",
				Description: "Writes the keys encrypted under one passphrase, the CP-ABE public key (cpabe-public.key) and a public summary " +
					"(oracle.json) for the registrar, and copies the public key to --abe-public-key when nothing is there yet.",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "dir", Usage: "the key `DIR` to create (required)"},
					oraclePassFlag(),
					&cli.BoolFlag{Name: "light", Usage: "cheap key derivation, for development keys only"},
					&cli.StringFlag{Name: "import-key", Usage: "use the hex transaction key in `FILE` (mode 0600)"},
					&cli.StringFlag{Name: "dev-account", Usage: "use the funded development account `NAME` of the devnet (public seed: never for real use)"},
				},
				Action: action(oracleInit),
			},
			{
				Name:  "run",
				Usage: "answer access and key requests until interrupted",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "role", Value: string(d.Role), EnvVars: []string{oracleEnv + "ROLE"}, Usage: "keys, proxy or all"},
					oracleKeyDirFlag(),
					oraclePassFlag(),
					&cli.StringFlag{Name: "state", EnvVars: []string{oracleEnv + "STATE"}, Usage: "SQLite `FILE` of checkpoints, jobs and sent transactions", DefaultText: "<data-dir>/oracle/state.db"},
					&cli.BoolFlag{Name: "state-no-sync", EnvVars: []string{oracleEnv + "STATE_NO_SYNC"}, Usage: "survive process crashes but not power cuts, for speed"},
					confirmationsFlag(oracleEnv+"CONFIRMATIONS", "acted on"),
					&cli.DurationFlag{Name: "poll-interval", Value: d.PollInterval, EnvVars: []string{oracleEnv + "POLL_INTERVAL"}, Usage: "how often to ask for a new head"},
					&cli.Uint64Flag{Name: "max-range", Value: d.MaxRange, EnvVars: []string{oracleEnv + "MAX_RANGE"}, Usage: "most blocks per eth_getLogs"},
					&cli.IntFlag{Name: "workers", Value: d.Workers, EnvVars: []string{oracleEnv + "WORKERS"}, Usage: "jobs worked on at once"},
					&cli.IntFlag{Name: "max-batch", Value: d.MaxBatch, EnvVars: []string{oracleEnv + "MAX_BATCH"}, Usage: "most fulfilments in one fulfilMany"},
					&cli.DurationFlag{Name: "batch-wait", Value: d.BatchWait, EnvVars: []string{oracleEnv + "BATCH_WAIT"}, Usage: "how long a batch's first answer waits for company"},
					&cli.IntFlag{Name: "missing-object-attempts", Value: d.MissingObjectAttempts, EnvVars: []string{oracleEnv + "MISSING_OBJECT_ATTEMPTS"}, Usage: "lookups of an IPFS object before rejecting with missing-object"},
					&cli.Uint64Flag{Name: "tx-confirmations", Value: d.TxConfirmations, EnvVars: []string{oracleEnv + "TX_CONFIRMATIONS"}, Usage: "depth of an answer's receipt before its job is done"},
					&cli.StringFlag{Name: "metrics-addr", Value: d.MetricsAddr, EnvVars: []string{oracleEnv + "METRICS_ADDR"}, Usage: "`ADDRESS` serving /metrics and /healthz (empty: none)"},
					&cli.DurationFlag{Name: "shutdown-timeout", Value: d.ShutdownTimeout, EnvVars: []string{oracleEnv + "SHUTDOWN_TIMEOUT"}, Usage: "how long an interrupt waits for answers in flight"},
				},
				Action: action(oracleRun),
			},
		},
	}
}

// oraclePassphrase reads the key directory's passphrase: --passphrase-file, --password-file,
// then $EMRCHAIN_ORACLE_PASSPHRASE, then $EMRCHAIN_PASSWORD, then the terminal. isNew (oracle
// init) asks twice and refuses a short one.
func oraclePassphrase(s *session, isNew bool) (keyfile.Passphrase, error) {
	return s.readPassphrase("passphrase-file", "", oracleEnv+"PASSPHRASE,"+passwordEnv, isNew)
}

func oracleInit(s *session) error {
	dir, err := requireString(s.c, "dir", "the key directory to create")
	if err != nil {
		return err
	}
	var txKey *ecdsa.PrivateKey
	switch imp, dev := s.c.String("import-key"), s.c.String("dev-account"); {
	case imp != "" && dev != "":
		return usageErrorf("--import-key and --dev-account are exclusive")
	case imp != "":
		if txKey, err = readPrivateKeyFile(imp); err != nil {
			return err
		}
	case dev != "":
		s.log.Warn().Str("account", dev).Msg("development account: its key derives from a public seed and protects nothing")
		txKey = simulated.DevAccount(dev).Key
	}
	pass, err := oraclePassphrase(s, true)
	if err != nil {
		return err
	}
	info, err := keyring.Init(dir, pass, keyring.InitOptions{TxKey: txKey, Light: s.c.Bool("light")})
	if err != nil {
		return fmt.Errorf("oracle keys: %w", err)
	}
	fields := []field{kv("dir", dir), kv("address", info.Address), kv("transportKey", info.TransportKey),
		kv("cpabePublicKey", filepath.Join(dir, keyring.PublicKeyFile)), kv("cpabePublicKeySha256", info.CPABEPublicKeyHash)}
	published, err := publishABEPublicKey(s, filepath.Join(dir, keyring.PublicKeyFile))
	if err != nil {
		return err
	}
	if published != "" {
		fields = append(fields, kv("abePublicKey", published))
	}
	fields = append(fields, kv("next", fmt.Sprintf("enrol it: `emrchain participant enroll --as REGISTRAR --address %s --transport-key %s --role oracle`", info.Address.Hex(), info.TransportKey)))
	return s.out.emit(fields...)
}

// publishABEPublicKey copies the oracle's CP-ABE public key to where clients look for it, unless
// a key is already there; it returns the path written, or "".
func publishABEPublicKey(s *session, from string) (string, error) {
	to, _ := abePublicKeyPath(s.c)
	b, err := os.ReadFile(from)
	if err != nil {
		return "", fmt.Errorf("CP-ABE public key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(to), 0o700); err != nil {
		return "", fmt.Errorf("publish the CP-ABE public key: %w", err)
	}
	if err := writeNew(to, b, 0o644); err != nil {
		if errors.Is(err, os.ErrExist) {
			s.log.Info().Str("path", to).Msg("a CP-ABE public key is already there; left as it is")
			return "", nil
		}
		return "", err
	}
	return to, nil
}

func oracleRun(s *session) error {
	role, err := service.ParseRole(s.c.String("role"))
	if err != nil {
		return &usageError{msg: "bad --role: " + err.Error()}
	}
	keyDir, err := requireString(s.c, "key-dir", "the oracle's key directory (made by `emrchain oracle init`)")
	if err != nil {
		return err
	}
	if err := checkKeyDir(keyDir, "oracle key directory", keyring.TxKeyFile, keyring.TransportFile, keyring.MasterFile); err != nil {
		return err
	}
	pass, err := oraclePassphrase(s, false)
	if err != nil {
		return err
	}
	keys, err := keyring.Load(keyDir, pass, keyring.Need{Transport: role.Proxy(), Master: role.Keys()})
	if err != nil {
		return fmt.Errorf("oracle keys in %s: %w", keyDir, err)
	}
	m, rpc, err := s.deployment()
	if err != nil {
		return err
	}
	cfg := service.DefaultConfig()
	opts := []service.Option{service.WithClient(rpc), service.WithKeys(keys), service.WithLogger(s.log)}
	cfg.Role = role
	cfg.Addresses, cfg.StartBlock = m.Addresses(), m.DeploymentBlock
	cfg.StatePath = s.c.String("state")
	if cfg.StatePath == "" {
		dir := filepath.Join(dataDir(s.c), "oracle")
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("oracle state: %w", err)
		}
		cfg.StatePath = filepath.Join(dir, "state.db")
	}
	cfg.StateNoSync = s.c.Bool("state-no-sync")
	if ipfs := globalString(s.c, flagIPFS); strings.HasPrefix(ipfs, "http://") || strings.HasPrefix(ipfs, "https://") {
		cfg.IPFSAPI = ipfs
	} else if ipfs == "embedded" {
		// Opened here rather than by the service so it can also be served to the CLI commands
		// that share this data directory while the oracle runs.
		st, err := s.holdStore()
		if err != nil {
			return err
		}
		opts = append(opts, service.WithStore(st))
		if es, ok := st.(*embedded.Store); ok {
			srv, err := remote.Serve(es, filepath.Join(dataDir(s.c), "ipfs"))
			if err != nil {
				return err
			}
			defer srv.Close()
		}
	} else {
		return usageErrorf("bad --%s %q: use `embedded` or a Kubo RPC API URL (http://host:5001)", flagIPFS, ipfs)
	}
	if cfg.Finality, err = logpoller.ParseFinality(s.c.String("confirmations")); err != nil {
		return usageErrorf("--confirmations: %v", err)
	}
	cfg.PollInterval = s.c.Duration("poll-interval")
	cfg.MaxRange = s.c.Uint64("max-range")
	cfg.Workers = s.c.Int("workers")
	cfg.MaxBatch = s.c.Int("max-batch")
	cfg.BatchWait = s.c.Duration("batch-wait")
	cfg.MissingObjectAttempts = s.c.Int("missing-object-attempts")
	cfg.TxConfirmations = s.c.Uint64("tx-confirmations")
	cfg.MetricsAddr = s.c.String("metrics-addr")
	cfg.ShutdownTimeout = s.c.Duration("shutdown-timeout")

	svc, err := service.New(cfg, opts...)
	if err != nil {
		return err
	}
	if err := svc.Start(s.ctx); err != nil {
		_ = svc.Stop(context.WithoutCancel(s.ctx))
		return err
	}
	if err := s.out.emit(kv("status", "running"), kv("role", string(role)), kv("account", svc.Address()), kv("metrics", svc.MetricsAddr())); err != nil {
		s.log.Warn().Err(err).Msg("print status")
	}
	<-s.ctx.Done()
	return svc.Stop(context.WithoutCancel(s.ctx))
}
