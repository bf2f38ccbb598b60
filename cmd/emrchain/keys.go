package main

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/identity"
	"github.com/emrchain/emrchain/simulated"
)

func keysCommand() *cli.Command {
	return &cli.Command{
		Name:  "keys",
		Usage: "create and inspect identities (encrypted key directories)",
		Subcommands: []*cli.Command{
			{
				Name:  "new",
				Usage: "create an identity: an Ethereum account, a PRE key pair and a transport key pair under one passphrase",
				Description: "The passphrase comes from --password-file or $" + passwordEnv + ". " +
					"The account key is fresh unless --import-key or --dev-account gives one.",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "dir", Usage: "directory to create the identity in (required)"},
					&cli.StringFlag{Name: "name", Usage: "a label for the identity, used in messages (required)"},
					&cli.BoolFlag{Name: "light", Usage: "cheap key derivation, for development keys only"},
					&cli.StringFlag{Name: "import-key", Usage: "use the hex account key in `FILE` (mode 0600) instead of a fresh one"},
					&cli.StringFlag{Name: "import-keystore", Usage: "use the account key of an Ethereum keystore `FILE` (as geth and `cast wallet import` write)"},
					&cli.StringFlag{Name: "import-account", Usage: "use the account key of the Foundry keystore `NAME` in ~/.foundry/keystores"},
					&cli.StringFlag{Name: "import-password-file", Usage: "`FILE` holding the imported keystore's passphrase (default: the new identity's)"},
					&cli.StringFlag{Name: "dev-account", Usage: "use the funded development account `NAME` of the devnet (public seed: never for real use)"},
				},
				Action: action(keysNew),
			},
			keysSeedCommand(),
			keysRotateCommand(),
			{
				Name:  "show",
				Usage: "print an identity's address and public keys",
				Flags: []cli.Flag{
					&cli.StringFlag{Name: "dir", Usage: "identity directory (required)"},
				},
				Action: action(keysShow),
			},
		},
	}
}

func keysNew(s *session) error {
	dir, err := requireString(s.c, "dir", "the directory to create the identity in")
	if err != nil {
		return err
	}
	name, err := requireString(s.c, "name", "a label for the identity")
	if err != nil {
		return err
	}
	var account *ecdsa.PrivateKey
	imp, dev, impKS, impAcct := s.c.String("import-key"), s.c.String("dev-account"), s.c.String("import-keystore"), s.c.String("import-account")
	if n := countSet(imp, dev, impKS, impAcct); n > 1 {
		return usageErrorf("--import-key, --import-keystore, --import-account and --dev-account are exclusive")
	}
	switch {
	case impKS != "" || impAcct != "":
		path := impKS
		if impAcct != "" {
			if path, err = foundryKeystore(impAcct); err != nil {
				return err
			}
		}
		if account, err = s.keystoreFileKey(path, "import-password-file"); err != nil {
			return err
		}
	case imp != "":
		if account, err = readPrivateKeyFile(imp); err != nil {
			return err
		}
	case dev != "":
		s.log.Warn().Str("account", dev).Msg("development account: its key derives from a public seed and protects nothing")
		account = simulated.DevAccount(dev).Key
	}
	pass, err := s.newPassphrase("")
	if err != nil {
		return err
	}
	strength := identity.Standard
	if s.c.Bool("light") {
		strength = identity.Light
	}
	id, err := identity.Create(dir, name, account, pass, strength, nil)
	if err != nil {
		return fmt.Errorf("create identity: %w", err)
	}
	s.log.Info().Str("dir", dir).Str("address", id.Address().Hex()).Msg("identity created")
	return printIdentity(s, dir, id)
}

func keysShow(s *session) error {
	dir, err := requireString(s.c, "dir", "the identity directory")
	if err != nil {
		return err
	}
	id, err := s.loadIdentity(dir, "")
	if err != nil {
		return err
	}
	return printIdentity(s, dir, id)
}

func printIdentity(s *session, dir string, id *client.Identity) error {
	fields := []field{kv("name", id.Name), kv("dir", dir), kv("address", id.Address())}
	if id.PRE != nil {
		b, err := id.PRE.Public().MarshalBinary()
		if err != nil {
			return err
		}
		fields = append(fields, kv("preKey", hexutil.Bytes(b)))
	}
	if id.Transport != nil {
		b, err := id.Transport.Public().MarshalBinary()
		if err != nil {
			return err
		}
		fields = append(fields, kv("transportKey", hexutil.Bytes(b)))
	}
	return s.out.emit(fields...)
}

// countSet counts the non-empty values.
func countSet(vals ...string) int {
	n := 0
	for _, v := range vals {
		if v != "" {
			n++
		}
	}
	return n
}
