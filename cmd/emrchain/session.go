package main

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/rs/zerolog"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/crypto/cpabe"
	"github.com/emrchain/emrchain/crypto/keyfile"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/identity"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/kubo"
)

// dialTimeout bounds the first round trip to the node, so a wrong --rpc-url fails fast.
const dialTimeout = 15 * time.Second

// session is what one command invocation works with: its flags, logger, output and, once
// opened, the deployment it acts on.
type session struct {
	c      *cli.Context
	ctx    context.Context
	log    zerolog.Logger
	out    *printer
	stderr io.Writer

	rpc     *ethclient.Client
	chainID *big.Int
	env     *client.Env
	closers []func() error
}

// consoleTimeFormat stamps console log lines with the date as well as the time (and the zone):
// a service's log read the next morning must say which day a line is from.
const consoleTimeFormat = "2006-01-02 15:04:05 MST"

func newSession(c *cli.Context) (*session, error) {
	level, err := zerolog.ParseLevel(globalString(c, flagLogLevel))
	if err != nil || level == zerolog.NoLevel {
		return nil, usageErrorf("bad --%s %q: use debug, info, warn or error", flagLogLevel, globalString(c, flagLogLevel))
	}
	stderr := c.App.ErrWriter
	asJSON := globalBool(c, flagJSON)
	var logOut io.Writer = stderr
	if !asJSON {
		logOut = zerolog.ConsoleWriter{Out: stderr, NoColor: !isTerminal(stderr), TimeFormat: consoleTimeFormat}
	}
	return &session{
		c:      c,
		ctx:    c.Context,
		log:    zerolog.New(logOut).Level(level).With().Timestamp().Logger(),
		out:    &printer{w: c.App.Writer, json: asJSON},
		stderr: stderr,
	}, nil
}

// action wraps a command body with session setup and teardown.
func action(body func(s *session) error) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.Args().Present() && c.Command.ArgsUsage == "" {
			return usageErrorf("unexpected argument %q (this command takes flags only)", c.Args().First())
		}
		s, err := newSession(c)
		if err != nil {
			return err
		}
		defer s.close()
		return body(s)
	}
}

func (s *session) close() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		if err := s.closers[i](); err != nil {
			s.log.Warn().Err(err).Msg("close")
		}
	}
	s.closers = nil
}

// dial connects to the node and checks it answers.
func (s *session) dial() (*ethclient.Client, *big.Int, error) {
	if s.rpc != nil {
		return s.rpc, s.chainID, nil
	}
	url := globalString(s.c, flagRPCURL)
	ctx, cancel := context.WithTimeout(s.ctx, dialTimeout)
	defer cancel()
	rpc, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, nil, unreachable(url, err)
	}
	chainID, err := rpc.ChainID(ctx)
	if err != nil {
		rpc.Close()
		return nil, nil, unreachable(url, err)
	}
	s.rpc, s.chainID = rpc, chainID
	s.closers = append(s.closers, func() error { rpc.Close(); return nil })
	return rpc, chainID, nil
}

func unreachable(url string, err error) error {
	return fmt.Errorf("cannot reach the chain at %s: %v (start a node there, or pass --%s / $%sRPC_URL)", url, err, flagRPCURL, envPrefix)
}

// open connects to the chain, binds the deployment named by the manifest and opens the IPFS
// store: the client.Env every protocol step runs against.
func (s *session) open() (*client.Env, error) {
	if s.env != nil {
		return s.env, nil
	}
	// Check the flag before touching the chain, so a typo is a usage error.
	ipfs := globalString(s.c, flagIPFS)
	if ipfs != "embedded" && !strings.HasPrefix(ipfs, "http://") && !strings.HasPrefix(ipfs, "https://") {
		return nil, usageErrorf("bad --%s %q: use `embedded` or a Kubo RPC API URL (http://host:5001)", flagIPFS, ipfs)
	}
	m, rpc, err := s.deployment()
	if err != nil {
		return nil, err
	}
	chainID := new(big.Int).SetUint64(m.ChainID)
	store, err := s.openStore(ipfs)
	if err != nil {
		return nil, err
	}
	env := &client.Env{Backend: rpc, Set: contracts.Bind(rpc, m.Addresses()), Store: store, ChainID: chainID}
	// Every transaction's hash is logged before it is broadcast; an interrupted wait names it too.
	env.Sending = func(action string, h common.Hash) {
		s.log.Info().Str("tx", h.Hex()).Msgf("sending %s; waiting for it to be mined", action)
	}
	pkPath, explicit := abePublicKeyPath(s.c)
	pk, err := readABEPublicKey(pkPath)
	switch {
	case err == nil:
		env.ABIPublicKey = pk
	case explicit || !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	s.env = env
	return env, nil
}

// manifestPathFor is the manifest of the deployment on a chain: --manifest if given, else the
// data directory's manifest for that chain id.
func (s *session) manifestPathFor(chainID uint64) (string, error) {
	if p := globalString(s.c, flagManifest); p != "" {
		return p, nil
	}
	return deploy.FindManifest(dataDir(s.c), chainID)
}

// manifest reads the manifest of the deployment on the chain at --rpc-url (or --manifest).
func (s *session) manifest() (*deploy.Manifest, error) {
	if p := globalString(s.c, flagManifest); p != "" {
		return readManifestAt(p, 0)
	}
	_, chainID, err := s.dial()
	if err != nil {
		return nil, err
	}
	path, err := s.manifestPathFor(chainID.Uint64())
	if err != nil {
		return nil, err
	}
	return readManifestAt(path, chainID.Uint64())
}

func readManifestAt(path string, chainID uint64) (*deploy.Manifest, error) {
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		on := ""
		if chainID != 0 {
			on = fmt.Sprintf(" for chain %d", chainID)
		}
		return nil, fmt.Errorf("no deployment manifest%s at %s: deploy with `emrchain deploy`, or pass --%s / $%sMANIFEST", on, path, flagManifest, envPrefix)
	}
	return deploy.ReadManifest(path)
}

// deployment connects to the chain and reads the manifest of its deployment.
func (s *session) deployment() (*deploy.Manifest, *ethclient.Client, error) {
	m, err := s.manifest()
	if err != nil {
		return nil, nil, err
	}
	rpc, chainID, err := s.dial()
	if err != nil {
		return nil, nil, err
	}
	if chainID.Uint64() != m.ChainID {
		return nil, nil, fmt.Errorf("manifest %s is for chain %d but %s is chain %d: pass the matching --%s or --%s",
			globalString(s.c, flagManifest), m.ChainID, globalString(s.c, flagRPCURL), chainID.Uint64(), flagManifest, flagRPCURL)
	}
	return m, rpc, nil
}

func (s *session) openStore(spec string) (storage.Store, error) {
	if spec == "embedded" {
		return newSharedStore(filepath.Join(dataDir(s.c), "ipfs"), s.log), nil
	}
	st, err := kubo.New(spec)
	if err != nil {
		return nil, fmt.Errorf("Kubo API %s: %w", spec, err)
	}
	return st, nil
}

func readABEPublicKey(path string) (*cpabe.PublicKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read the CP-ABE public key: %w (the oracle operator publishes it; pass --%s)", err, flagABEPublicKey)
	}
	var pk cpabe.PublicKey
	if err := pk.UnmarshalBinary(b); err != nil {
		return nil, fmt.Errorf("CP-ABE public key %s: %w", path, err)
	}
	return &pk, nil
}

// needABE returns an error naming the flag when a command needs the CP-ABE public key.
func (s *session) needABE(env *client.Env) error {
	if env.ABIPublicKey != nil {
		return nil
	}
	path, _ := abePublicKeyPath(s.c)
	return fmt.Errorf("no CP-ABE public key at %s: encrypting under a policy needs the oracle's public key; get it from the oracle operator and pass --%s", path, flagABEPublicKey)
}

// passphrase reads the passphrase of existing keys from the named file flag, falling back to
// --password-file, then $EMRCHAIN_PASSWORD, then asking on the terminal.
func (s *session) passphrase(fileFlag string) (keyfile.Passphrase, error) {
	return s.readPassphrase(fileFlag, "", passwordEnv, false)
}

// newPassphrase is passphrase for sealing a new key: a terminal is asked twice, and a passphrase
// shorter than minPassphraseLen is refused wherever it comes from.
func (s *session) newPassphrase(fileFlag string) (keyfile.Passphrase, error) {
	return s.readPassphrase(fileFlag, "", passwordEnv, true)
}

// readPassphrase reads a passphrase from fileFlag's file, else file, else --password-file, else
// the first set environment variable of envs, else the terminal.
func (s *session) readPassphrase(fileFlag, file, envs string, isNew bool) (keyfile.Passphrase, error) {
	if file == "" && fileFlag != "" {
		file = s.c.String(fileFlag)
	}
	if file == "" {
		file = globalString(s.c, flagPasswordFile)
	}
	var p keyfile.Passphrase
	var err error
	switch env := firstSetEnv(strings.Split(envs, ",")); {
	case file != "":
		p, err = readPassphraseFile(file)
	case env != "":
		p = keyfile.NewPassphrase([]byte(os.Getenv(env)))
	default:
		prompt := "Passphrase"
		if isNew {
			prompt = fmt.Sprintf("Passphrase for the new key (at least %d characters)", minPassphraseLen)
		}
		p, err = promptPassphrase(prompt, isNew)
		if errors.Is(err, errNoPassphrase) {
			return p, fmt.Errorf("%w: pass --%s FILE or set $%s (or run on a terminal to be asked)", err, flagPasswordFile, strings.Split(envs, ",")[0])
		}
	}
	if err != nil {
		return p, err
	}
	if isNew {
		if err := checkNewPassphrase(p); err != nil {
			return keyfile.Passphrase{}, err
		}
	}
	return p, nil
}

func firstSetEnv(names []string) string {
	for _, n := range names {
		if v, ok := os.LookupEnv(n); ok && v != "" {
			return n
		}
	}
	return ""
}

// identityFrom loads the identity directory named by a command flag, such as --as.
func (s *session) identityFrom(dirFlag, passFlag, what string) (*client.Identity, error) {
	dir, err := requireString(s.c, dirFlag, what+" (an identity directory made by `emrchain keys new`)")
	if err != nil {
		return nil, err
	}
	return s.loadIdentity(dir, passFlag)
}

func (s *session) loadIdentity(dir, passFlag string) (*client.Identity, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("identity directory %s does not exist: create it with `emrchain keys new --dir %s --name NAME`", dir, dir)
	}
	if err := checkKeyDir(dir, "identity", identity.AccountFile, identity.PREFile, identity.TransportFile); err != nil {
		return nil, err
	}
	pass, err := s.passphrase(passFlag)
	if err != nil {
		return nil, err
	}
	id, err := identity.Load(dir, filepath.Base(filepath.Clean(dir)), pass)
	if err != nil {
		return nil, err
	}
	s.log.Debug().Str("identity", dir).Str("address", id.Address().Hex()).Msg("loaded identity")
	return id, nil
}

// parseAddress parses a 0x address given for flag.
func parseAddress(flag, v string) (common.Address, error) {
	if !common.IsHexAddress(v) {
		return common.Address{}, usageErrorf("bad --%s %q: want a 0x-prefixed 20-byte hex address", flag, v)
	}
	return common.HexToAddress(v), nil
}

// parseHash32 parses a 0x-prefixed 32-byte hex value such as a record id.
func parseHash32(flag, v string) ([32]byte, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimPrefix(v, "0x"), "0X"))
	if err != nil || len(b) != 32 {
		return [32]byte{}, usageErrorf("bad --%s %q: want a 0x-prefixed 32-byte hex value", flag, v)
	}
	return [32]byte(b), nil
}
