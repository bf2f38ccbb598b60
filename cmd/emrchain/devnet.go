package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/identity"
	"github.com/emrchain/emrchain/internal/pidlock"
	"github.com/emrchain/emrchain/simulated"
)

// devnetPassphrase protects the devnet's development identities. It is printed on start: these
// keys hold nothing of value and exist so the CLI can act as each role against the devnet.
const devnetPassphrase = "devnet"

func devnetCommand() *cli.Command {
	return &cli.Command{
		Name:  "devnet",
		Usage: "run the whole system in one process: a chain on 127.0.0.1:8545 (HTTP and WS), IPFS, the oracle and the indexer (API and timeline page on 127.0.0.1:8780)",
		Description: "Deploys the contracts, enrols a cast of development identities and serves JSON-RPC until Ctrl-C. " +
			"Everything lives in --data-dir, the chain included: every block is on disk once it is mined, so a restart " +
			"(after Ctrl-C or a crash) continues from the last block. One devnet at a time may use a data directory. " +
			"Identity directories for the CLI are written to <data-dir>/identities/<name>, passphrase \"devnet\".",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "host", Value: "127.0.0.1", Usage: "`ADDRESS` to serve JSON-RPC on (loopback only)", EnvVars: []string{envPrefix + "DEVNET_HOST"}},
			&cli.IntFlag{Name: "port", Value: 8545, Usage: "`PORT` for HTTP and WebSocket JSON-RPC", EnvVars: []string{envPrefix + "DEVNET_PORT"}},
			&cli.IntFlag{Name: "indexer-port", Value: defaultIndexerPort, Usage: "`PORT` of the indexer's API and timeline page, on --host", EnvVars: []string{envPrefix + "DEVNET_INDEXER_PORT"}},
			&cli.DurationFlag{Name: "block-time", Value: time.Second, Usage: "longest `DURATION` between blocks (such as 1s or 500ms); transactions are mined at once", EnvVars: []string{envPrefix + "DEVNET_BLOCK_TIME"}},
		},
		Action: action(func(s *session) error {
			dir := dataDir(s.c)
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return fmt.Errorf("data directory %s: %w", dir, err)
			}
			lock, err := pidlock.Acquire(filepath.Join(dir, "devnet.pid"))
			var held *pidlock.HeldError
			if errors.As(err, &held) {
				who := "another devnet"
				if held.PID > 0 {
					who = fmt.Sprintf("the devnet with PID %d", held.PID)
				}
				return fmt.Errorf("data directory %s is in use by %s: stop it, or give this one another --%s", dir, who, flagDataDir)
			}
			if err != nil {
				return err
			}
			defer lock.Release()
			host, port, indexerPort := s.c.String("host"), s.c.Int("port"), s.c.Int("indexer-port")
			if indexerPort == port {
				return usageErrorf("--indexer-port and --port are both %d: give the indexer another port", port)
			}
			// Checked before anything starts, so a busy port is one line rather than a start-up
			// unwound; the same error from the indexer itself covers a port taken in between.
			indexerAddr := net.JoinHostPort(host, strconv.Itoa(indexerPort))
			probe, perr := net.Listen("tcp", indexerAddr)
			if perr != nil {
				return indexerPortError(perr, host, indexerPort)
			}
			probe.Close()
			sys, err := simulated.StartSystem(s.ctx, simulated.SystemConfig{
				DataDir: dir, Persist: true, Log: serviceLog(s),
				// Enrolled before the oracle and the proxy nodes start, which would otherwise
				// report their own accounts as not enrolled on every first start.
				EnrollCast:    true,
				IndexerListen: indexerAddr,
				RPC:           &simulated.RPCConfig{Host: host, Port: port, BlockTime: s.c.Duration("block-time")},
			})
			switch {
			case errors.Is(err, simulated.ErrPortInUse):
				return fmt.Errorf("port %d on %s is in use by another program: stop it, or pass --port (or $%sDEVNET_PORT) to serve the devnet on another port", port, host, envPrefix)
			case errors.Is(err, syscall.EADDRINUSE):
				return indexerPortError(err, host, indexerPort)
			case errors.Is(err, simulated.ErrIncompatibleChain):
				return fmt.Errorf("the chain in %s was made by another version of the devnet (%v): move that directory away, or pass another --%s", filepath.Join(dir, "chain"), err, flagDataDir)
			case err != nil:
				return fmt.Errorf("start devnet: %w", err)
			}
			// Ctrl-C has cancelled s.ctx by the time this runs: the services get their own shutdown
			// deadline to finish what they hold, rather than a context that is already over.
			defer sys.Close(context.WithoutCancel(s.ctx))
			fmt.Fprintln(s.stderr, "forming the default proxy committee (its members run the key generation on chain)…")
			committee, _, err := sys.DefaultCommittee(s.ctx)
			if err != nil {
				return fmt.Errorf("form the default proxy committee: %w", err)
			}
			ids, err := writeDevIdentities(dir, sys)
			if err != nil {
				return err
			}
			if err := writeDevDirectory(dir); err != nil {
				return err
			}
			accounts := make([]field, 0, len(simulated.Cast))
			for _, name := range simulated.Cast {
				accounts = append(accounts, kv(name, fmt.Sprintf("%s  %s", sys.Identity(name).Address().Hex(), ids[name])))
			}
			fields := []field{
				kv("http", sys.Devnet.HTTPURL), kv("ws", sys.Devnet.WSURL), kv("chainId", sys.Manifest.ChainID),
				kv("manifest", sys.ManifestPath), kv("dataDir", dir),
				kv("resumedAtBlock", resumedAt(sys)), kv("indexer", "http://"+sys.Indexer.Addr()),
				kv("webhooks", "http://"+sys.Indexer.Addr()+"/v1/webhooks"),
				kv("timelinePage", "emrchain audit login --as "+ids["patient"]+" --indexer http://"+sys.Indexer.Addr()),
				kv("identityPassphrase", devnetPassphrase),
				kv("seedPassphrase", devnetPassphrase+" (the patient's record seed: set $"+seedPasswordEnv+")"),
				kv("committee", fmt.Sprintf("%d: any %d of %v", committee, simulated.CommitteeThreshold, simulated.Proxies)),
			}
			for name, d := range sys.Manifest.Contracts {
				fields = append(fields, kv("contract."+name, d.Address))
			}
			if err := s.out.emit(append(fields, accounts...)...); err != nil {
				return err
			}
			fmt.Fprintln(s.stderr, "devnet running; Ctrl-C to stop (state is kept in", dir+")")
			<-s.ctx.Done()
			return nil
		}),
	}
}

func indexerPortError(err error, host string, port int) error {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Errorf("the indexer's port %d on %s is in use by another program: stop it, or pass --indexer-port (or $%sDEVNET_INDEXER_PORT) to serve the indexer on another port", port, host, envPrefix)
	}
	return fmt.Errorf("the indexer's address %s:%d: %w", host, port, err)
}

// writeDevIdentities writes an identity directory per cast member, once, so CLI commands can act
// as them with --as <data-dir>/identities/<name>.
func writeDevIdentities(dir string, sys *simulated.System) (map[string]string, error) {
	out := map[string]string{}
	pass := keyfile.NewPassphrase([]byte(devnetPassphrase))
	for _, name := range simulated.Cast {
		idDir := filepath.Join(dir, "identities", name)
		out[name] = idDir
		if _, err := os.Stat(filepath.Join(idDir, identity.AccountFile)); err == nil {
			continue
		}
		// The same deterministic stream StartSystem used, so the files hold the enrolled keys.
		id, err := identity.Create(idDir, name, sys.Identity(name).Key, pass, identity.Light, simulated.DevRandom("identity/"+name))
		if err != nil && !errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("identity %s: %w", name, err)
		}
		if id != nil && id.Transport != nil && sys.Identity(name).Transport != nil &&
			!id.Transport.Public().Equal(sys.Identity(name).Transport.Public()) {
			return nil, fmt.Errorf("identity %s: keys differ from the enrolled ones", name)
		}
	}
	// The patient's record seed, the one the system holds for her (a development seed).
	seedDir := out["patient"]
	if _, err := os.Stat(filepath.Join(seedDir, identity.SeedFile)); errors.Is(err, os.ErrNotExist) {
		seed, err := identity.CreateSeed(seedDir, pass, identity.Light, simulated.DevRandom("record-seed/patient"))
		if err != nil {
			return nil, fmt.Errorf("the patient's record seed: %w", err)
		}
		if want := sys.Identity("patient").Seed; want != nil && !seed.Equal(want) {
			return nil, errors.New("the patient's record seed differs from the system's")
		}
	}
	return out, nil
}

// writeDevDirectory writes the directory naming the cast, where `access list` and `access status`
// look by default, so requesters show by name and organisation.
func writeDevDirectory(dir string) error {
	b, err := json.MarshalIndent(simulated.CastDirectoryFile(), "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, directoryFile), append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write the cast's directory: %w", err)
	}
	return nil
}

// resumedAt is the block a kept chain continued from, or nil for a new chain.
func resumedAt(sys *simulated.System) any {
	if !sys.Devnet.Resumed {
		return nil
	}
	return sys.Devnet.ResumedAt
}
