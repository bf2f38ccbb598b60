package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"
)

// envPrefix prefixes every environment variable the CLI reads.
const envPrefix = "EMRCHAIN_"

// passwordEnv holds the passphrase of identities and key files when no --password-file is given.
const passwordEnv = envPrefix + "PASSWORD"

const (
	flagRPCURL       = "rpc-url"
	flagDataDir      = "data-dir"
	flagManifest     = "manifest"
	flagIPFS         = "ipfs"
	flagABEPublicKey = "abe-public-key"
	flagPasswordFile = "password-file"
	flagJSON         = "json"
	flagLogLevel     = "log-level"
)

// globalFlags returns fresh flag values (urfave/cli flags carry parse state, so each command
// needs its own). Environment variables are bound on the app's copy only: a copy on a command
// is then set exactly when it was written on the command line, which lets globalString give the
// command line precedence over the environment wherever the flag was written.
func globalFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagRPCURL, Value: "http://127.0.0.1:8545",
			Usage: "JSON-RPC endpoint `URL` of the chain (HTTP or WebSocket)", EnvVars: []string{envPrefix + "RPC_URL"}},
		&cli.StringFlag{Name: flagDataDir, Value: defaultDataDir(),
			Usage: "`DIR` for the manifest, the embedded IPFS store and the CP-ABE public key", EnvVars: []string{envPrefix + "DATA_DIR"}},
		&cli.StringFlag{Name: flagManifest, DefaultText: "<data-dir>/manifests/<chain id>.json",
			Usage: "deployment manifest `FILE` written by emrchain deploy", EnvVars: []string{envPrefix + "MANIFEST"}},
		&cli.StringFlag{Name: flagIPFS, Value: "embedded",
			Usage: "IPFS store: embedded (a store in <data-dir>/ipfs) or a Kubo RPC API `URL` such as http://127.0.0.1:5001", EnvVars: []string{envPrefix + "IPFS"}},
		&cli.StringFlag{Name: flagABEPublicKey, DefaultText: "<data-dir>/abe-public.key",
			Usage: "`FILE` holding the oracle's CP-ABE public key, needed to encrypt under a policy", EnvVars: []string{envPrefix + "ABE_PUBLIC_KEY"}},
		&cli.StringFlag{Name: flagPasswordFile,
			Usage: "`FILE` holding the passphrase of identities and key files (default: $" + passwordEnv + ")", EnvVars: []string{envPrefix + "PASSWORD_FILE"}},
		&cli.BoolFlag{Name: flagJSON, Usage: "print results (and errors) as JSON", EnvVars: []string{envPrefix + "JSON"}},
		&cli.StringFlag{Name: flagLogLevel, Value: "info",
			Usage: "log `LEVEL` on stderr: debug, info, warn, error", EnvVars: []string{envPrefix + "LOG_LEVEL"}},
	}
}

// commandGlobalFlags are the copies attached to each command, without environment bindings.
func commandGlobalFlags() []cli.Flag {
	flags := globalFlags()
	for _, f := range flags {
		switch f := f.(type) {
		case *cli.StringFlag:
			f.Usage += envNote(f.EnvVars)
			f.EnvVars = nil
		case *cli.BoolFlag:
			f.Usage += envNote(f.EnvVars)
			f.EnvVars = nil
		}
	}
	return flags
}

func envNote(vars []string) string {
	if len(vars) == 0 {
		return ""
	}
	return " [$" + strings.Join(vars, ", $") + "]"
}

func defaultDataDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ".emrchain"
	}
	return filepath.Join(home, ".emrchain")
}

// globalString resolves a global flag: the nearest command that has it on its command line wins,
// then the app's copy, which also carries the environment variable; an empty value (such as an
// environment variable set to "") means unset and gives the default.
func globalString(c *cli.Context, name string) string {
	for _, x := range c.Lineage() {
		if x.App == nil {
			break
		}
		if slices.Contains(x.LocalFlagNames(), name) {
			if v := x.String(name); v != "" {
				return v
			}
		}
	}
	for _, f := range globalFlags() {
		if sf, ok := f.(*cli.StringFlag); ok && sf.Name == name {
			return sf.Value
		}
	}
	return ""
}

// globalBool is globalString for boolean flags.
func globalBool(c *cli.Context, name string) bool {
	for _, x := range c.Lineage() {
		if x.App == nil {
			break
		}
		if slices.Contains(x.LocalFlagNames(), name) {
			return x.Bool(name)
		}
	}
	return false
}

func dataDir(c *cli.Context) string { return globalString(c, flagDataDir) }

func abePublicKeyPath(c *cli.Context) (path string, explicit bool) {
	if p := globalString(c, flagABEPublicKey); p != "" {
		return p, true
	}
	return filepath.Join(dataDir(c), "abe-public.key"), false
}

// errMissingFlag builds the usage error for a flag a command needs.
func errMissingFlag(name, what string) error {
	return usageErrorf("missing --%s: %s", name, what)
}

// requireString returns a command flag's value or a usage error explaining what it is for.
func requireString(c *cli.Context, name, what string) (string, error) {
	v := c.String(name)
	if v == "" {
		return "", errMissingFlag(name, what)
	}
	return v, nil
}
