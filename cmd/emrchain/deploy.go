package main

import (
	"crypto/ecdsa"
	"fmt"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/deploy"
)

func deployCommand() *cli.Command {
	return &cli.Command{
		Name:  "deploy",
		Usage: "deploy every contract in order and write the manifest, or verify an existing manifest",
		Description: "With no manifest at --manifest, deploys Registry, RecordRegistry, KeywordIndex, AccessLedger, " +
			"AttributeRegistry and KeyIssuer and records their addresses, blocks and gas in the manifest. " +
			"With a manifest, checks it against the chain instead and never deploys a second time; " +
			"move the manifest away to deploy afresh.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "keystore", Usage: "deployer key: an identity `DIR` made by `emrchain keys new`"},
			&cli.StringFlag{Name: "private-key-file", Usage: "deployer key as hex in `FILE`, which must be mode 0600"},
			&cli.StringFlag{Name: "admin", Usage: "Registry admin `ADDRESS`", DefaultText: "the deployer"},
		},
		Action: action(deployRun),
	}
}

func deployRun(s *session) error {
	key, err := deployerKey(s)
	if err != nil {
		return err
	}
	from := crypto.PubkeyToAddress(key.PublicKey)
	admin := from
	if v := s.c.String("admin"); v != "" {
		if admin, err = parseAddress("admin", v); err != nil {
			return err
		}
	}
	rpc, chainID, err := s.dial()
	if err != nil {
		return err
	}
	path := manifestPath(s.c)
	s.log.Info().Str("manifest", path).Str("deployer", from.Hex()).Uint64("chainId", chainID.Uint64()).Msg("deploy")
	m, deployed, err := deploy.Ensure(s.ctx, rpc, bind.NewKeyedTransactor(key, chainID), admin, path)
	if err != nil {
		return err
	}
	contracts := make(map[string]deploy.Deployed, len(m.Contracts))
	var rows lines
	for _, name := range deploy.Order {
		d := m.Contracts[name]
		contracts[name] = d
		rows = append(rows, fmt.Sprintf("%-18s %s  block %d  gas %d", name, d.Address.Hex(), d.Block, d.GasUsed))
	}
	status := "verified (already deployed; nothing sent)"
	if deployed {
		status = "deployed"
	}
	if s.out.json {
		return s.out.emit(kv("status", status), kv("deployed", deployed), kv("manifest", path), kv("chainId", m.ChainID),
			kv("deployer", m.Deployer), kv("admin", m.Admin), kv("deploymentBlock", m.DeploymentBlock),
			kv("totalGas", m.TotalGas()), kv("contracts", contracts))
	}
	return s.out.emit(kv("status", status), kv("manifest", path), kv("chainId", m.ChainID), kv("deployer", m.Deployer),
		kv("admin", m.Admin), kv("deploymentBlock", m.DeploymentBlock), kv("totalGas", m.TotalGas()), kv("contracts", rows))
}

// deployerKey loads the deploying account from exactly one of --keystore and --private-key-file.
func deployerKey(s *session) (*ecdsa.PrivateKey, error) {
	ks, pkf := s.c.String("keystore"), s.c.String("private-key-file")
	switch {
	case ks != "" && pkf != "":
		return nil, usageErrorf("--keystore and --private-key-file are exclusive")
	case pkf != "":
		return readPrivateKeyFile(pkf)
	case ks == "":
		return nil, usageErrorf("missing deployer key: pass --keystore DIR (an identity from `emrchain keys new`) or --private-key-file FILE")
	}
	id, err := s.loadIdentity(ks, "")
	if err != nil {
		return nil, err
	}
	return id.Key, nil
}
