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

// oracleSecretPassFlags name a passphrase file per secret; each falls back to --passphrase-file.
func oracleSecretPassFlags() []cli.Flag {
	var out []cli.Flag
	for _, f := range []struct{ name, what string }{
		{"tx", "the transaction key"}, {"transport", "the transport key"}, {"master", "the CP-ABE master key (keys role)"},
		{"dkg", "the DKG keys (proxy role)"}, {"share", "the DKG shares (proxy role)"},
	} {
		out = append(out, &cli.StringFlag{Name: f.name + "-passphrase-file", EnvVars: []string{oracleEnv + strings.ToUpper(f.name) + "_PASSPHRASE_FILE"},
			Usage: "`FILE` holding the passphrase of " + f.what, DefaultText: "--passphrase-file"})
	}
	return out
}

func oracleCommand() *cli.Command {
	d := service.DefaultConfig()
	return &cli.Command{
		Name:  "oracle",
		Usage: "run the oracle: a proxy node of the committees (DKG, answers) or the CP-ABE key issuer",
		Subcommands: []*cli.Command{
			{
				Name:  "init",
				Usage: "create one role's keys: a proxy node's or the key issuer's",
				Description: "--role proxy writes the transaction key and the transport key (the DKG keys and shares of each committee " +
					"are made while it runs, in <dir>/dkg); --role keys writes those two and the CP-ABE master key with its public key " +
					"(cpabe-public.key, copied to --abe-public-key when nothing is there yet). Each secret is its own 0600 file with its own " +
					"passphrase (--tx-passphrase-file, …; each defaults to --passphrase-file). oracle.json is the public summary the admin " +
					"enrols: a proxy as a Proxy, the key issuer as an Oracle. --role all puts both roles' secrets on one host: a development " +
					"machine only.",
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "role", Usage: "`ROLE` of the host: proxy, keys, or all (development only; required)"},
					&cli.StringFlag{Name: "dir", Usage: "the key `DIR` to create (required)"},
					oraclePassFlag(),
					&cli.BoolFlag{Name: "light", Usage: "cheap key derivation, for development keys only"},
					&cli.StringFlag{Name: "import-key", Usage: "use the hex transaction key in `FILE` (mode 0600)"},
					&cli.StringFlag{Name: "dev-account", Usage: "use the funded development account `NAME` of the devnet (public seed: never for real use)"},
				}, oracleSecretPassFlags()...),
				Action: action(oracleInit),
			},
			{
				Name:  "run",
				Usage: "answer access and key requests until interrupted",
				Flags: append([]cli.Flag{
					&cli.StringFlag{Name: "role", EnvVars: []string{oracleEnv + "ROLE"}, Usage: "keys, proxy or all", DefaultText: "the role in <key-dir>/oracle.json"},
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
				}, oracleSecretPassFlags()...),
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

// oraclePassphrases reads the passphrase of each secret role holds (running: also of the DKG
// files a proxy writes): its own --X-passphrase-file if given, else the key directory's
// passphrase (oraclePassphrase), asked for once.
func oraclePassphrases(s *session, role keyring.Role, running, isNew bool) (keyring.Passphrases, error) {
	files := keyring.PassphraseFiles{
		Tx: s.c.String("tx-passphrase-file"), Transport: s.c.String("transport-passphrase-file"), Master: s.c.String("master-passphrase-file"),
		DKG: s.c.String("dkg-passphrase-file"), Share: s.c.String("share-passphrase-file"),
	}
	read := func(file string) (keyfile.Passphrase, error) {
		p, err := readPassphraseFile(file)
		if err == nil && isNew {
			err = checkNewPassphrase(p)
		}
		return p, err
	}
	return keyring.ReadPassphrases(role, running, files, read, func() (keyfile.Passphrase, error) { return oraclePassphrase(s, isNew) })
}

func oracleInit(s *session) error {
	roleName, err := requireString(s.c, "role", "the host's role: proxy (a committee node), keys (the CP-ABE key issuer) or all (development only)")
	if err != nil {
		return err
	}
	role, err := keyring.ParseRole(roleName)
	if err != nil {
		return usageErrorf("bad --role: %v", err)
	}
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
	pass, err := oraclePassphrases(s, role, false, true)
	if err != nil {
		return err
	}
	info, err := keyring.Init(dir, role, pass, keyring.InitOptions{TxKey: txKey, Light: s.c.Bool("light")})
	if err != nil {
		return fmt.Errorf("oracle keys: %w", err)
	}
	fields := []field{kv("dir", dir), kv("role", string(info.Role)), kv("address", info.Address), kv("transportKey", info.TransportKey)}
	if role.Keys() {
		fields = append(fields, kv("cpabePublicKey", filepath.Join(dir, keyring.PublicKeyFile)), kv("cpabePublicKeySha256", info.CPABEPublicKeyHash))
		published, err := publishABEPublicKey(s, filepath.Join(dir, keyring.PublicKeyFile))
		if err != nil {
			return err
		}
		if published != "" {
			fields = append(fields, kv("abePublicKey", published))
		}
	}
	if role.Proxy() {
		fields = append(fields, kv("dkgDir", filepath.Join(dir, keyring.DKGDir)+" (one DKG key and share per committee, made while it runs)"))
	}
	fields = append(fields, kv("enrolAs", role.EnrolAs()),
		kv("next", fmt.Sprintf("the admin enrols it: `emrchain participant enroll --as ADMIN --address %s --transport-key %s --role %s`", info.Address.Hex(), info.TransportKey, role.EnrolAs())))
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
	keyDir, err := requireString(s.c, "key-dir", "the oracle's key directory (made by `emrchain oracle init`)")
	if err != nil {
		return err
	}
	if err := checkKeyDir(keyDir, "oracle key directory", keyring.TxKeyFile, keyring.TransportFile, keyring.MasterFile); err != nil {
		return err
	}
	if err := checkKeyDir(filepath.Join(keyDir, keyring.DKGDir), "DKG key directory", dkgFiles(keyDir)...); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	info, err := keyring.ReadInfo(keyDir)
	if err != nil {
		return fmt.Errorf("oracle key directory %s: %w", keyDir, err)
	}
	role := info.Role
	if r := s.c.String("role"); r != "" {
		if role, err = service.ParseRole(r); err != nil {
			return usageErrorf("bad --role: %v", err)
		}
		if role != info.Role && info.Role != keyring.RoleAll {
			return usageErrorf("--role %s, but %s holds the keys of the %s role", role, keyDir, info.Role)
		}
	}
	pass, err := oraclePassphrases(s, role, true, false)
	if err != nil {
		return err
	}
	keys, err := keyring.Load(keyDir, role, pass)
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
	select {
	case <-s.ctx.Done():
	case <-svc.Done(): // the node is on another chain, or reorged below what the state keeps
	}
	return svc.Stop(context.WithoutCancel(s.ctx))
}

// dkgFiles lists the files of a key directory's DKG directory, for the permission check.
func dkgFiles(keyDir string) []string {
	entries, _ := os.ReadDir(filepath.Join(keyDir, keyring.DKGDir))
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}
