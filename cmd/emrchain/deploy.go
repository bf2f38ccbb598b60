package main

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/deploy"
)

const deployEnv = envPrefix + "DEPLOY_"

// devChains are the chain ids of local development chains (the devnet, anvil), where nothing
// is reorganised and deployments need no confirmations.
var devChains = map[uint64]bool{1337: true, 31337: true}

// defaultDeployConfirmations is the depth deploy waits for on any other chain.
const defaultDeployConfirmations = 2

func deployCommand() *cli.Command {
	return &cli.Command{
		Name:  "deploy",
		Usage: "deploy every contract in order and write the manifest, or verify the deployment a manifest records",
		Description: "With no manifest for the chain, deploys " + strings.Join(deploy.Order, ", ") + " in that order, and records their addresses, blocks and gas in <data-dir>/manifests/<chain-id>.json " +
			"(or --manifest). The deployer's balance is checked first against the gas the node estimates at the gas price used.\n\n" +
			"With a manifest, checks it against the chain instead and never deploys a second time; that needs no key. " +
			"An interrupted deployment is recorded as it goes (<manifest>.partial) and resumes when deploy is run again.\n\n" +
			"Examples:\n" +
			"   emrchain deploy --rpc-url https://rpc.example --estimate --gas-price 2gwei\n" +
			"   emrchain deploy --rpc-url https://rpc.example --chain-id 11155111 --account deployer --gas-price 2gwei\n" +
			"   emrchain deploy --rpc-url https://rpc.example                 # verify the recorded deployment",
		Flags: append(accountKeyFlags(deployEnv),
			&cli.StringFlag{Name: "admin", Usage: "Registry admin `ADDRESS`", DefaultText: "the deployer", EnvVars: []string{deployEnv + "ADMIN"}},
			&cli.StringFlag{Name: "gas-price", Usage: "most to pay per gas, such as 2gwei or 1.5gwei (a number alone is wei)", DefaultText: "the node's suggestion",
				EnvVars: []string{deployEnv + "GAS_PRICE"}},
			&cli.Uint64Flag{Name: "confirmations", Usage: "blocks to wait on each contract's block before deploying the next",
				DefaultText: fmt.Sprintf("%d, or 0 on a development chain (1337, 31337)", defaultDeployConfirmations), EnvVars: []string{deployEnv + "CONFIRMATIONS"}},
			&cli.Uint64Flag{Name: "chain-id", Usage: "refuse to act unless the node is on chain `ID`", DefaultText: "any", EnvVars: []string{deployEnv + "CHAIN_ID"}},
			&cli.BoolFlag{Name: "estimate", Usage: "print the gas each contract needs and what it costs at the gas price, send nothing (needs no key)",
				EnvVars: []string{deployEnv + "ESTIMATE"}},
		),
		Action: action(deployRun),
	}
}

func deployRun(s *session) error {
	var admin *common.Address
	if v := s.c.String("admin"); v != "" {
		a, err := parseAddress("admin", v)
		if err != nil {
			return err
		}
		admin = &a
	}
	var price *big.Int
	if v := s.c.String("gas-price"); v != "" {
		p, err := parseGasPrice("gas-price", v)
		if err != nil {
			return err
		}
		if p.Sign() == 0 {
			return usageErrorf("bad --gas-price %q: must be more than 0", v)
		}
		price = p
	}
	// A key given is checked before the network is touched, so a wrong file or passphrase is
	// the first thing said.
	key, err := s.accountKey()
	if err != nil && !errors.Is(err, errNoAccountKey) {
		return err
	}
	noKey := errors.Is(err, errNoAccountKey)
	rpc, chainIDBig, err := s.dial()
	if err != nil {
		return err
	}
	chainID := chainIDBig.Uint64()
	if want := s.c.Uint64("chain-id"); s.c.IsSet("chain-id") && want != chainID {
		return fmt.Errorf("%s is chain %d, not chain %d as --chain-id says: check --%s", globalString(s.c, flagRPCURL), chainID, want, flagRPCURL)
	}
	path, err := s.manifestPathFor(chainID)
	if err != nil {
		return err
	}
	if !s.c.Bool("estimate") {
		// A recorded deployment is only checked: no key, nothing sent.
		m, err := deploy.Existing(s.ctx, rpc, path)
		if err != nil {
			return err
		}
		if m != nil {
			return printDeployment(s, m, path, false)
		}
	}

	if noKey && !s.c.Bool("estimate") {
		return usageErrorf("no deployment is recorded for chain %d (%s): to deploy, give the deployer's key with --keystore, --account or --private-key-file (see `emrchain deploy --help`)", chainID, path)
	}
	var from common.Address
	if key != nil {
		from = crypto.PubkeyToAddress(key.PublicKey)
	}
	if admin == nil {
		admin = &from
		if noKey {
			// Only estimating: any admin but the zero address, which the Registry refuses,
			// costs the same.
			placeholder := common.BigToAddress(big.NewInt(1))
			admin = &placeholder
		}
	}
	fees, err := suggestFees(s.ctx, rpc, price)
	if err != nil {
		return err
	}
	partial, err := deploy.ReadPartial(path)
	if err != nil {
		return err
	}
	if partial != nil && partial.Deployer != from {
		partial = nil
	}
	est, err := deploy.EstimateDeployment(s.ctx, rpc, from, *admin, partial)
	if err != nil {
		return fmt.Errorf("estimate the deployment's gas: %w", err)
	}
	cost := new(big.Int).Mul(new(big.Int).SetUint64(est.Total), fees.max)
	if s.c.Bool("estimate") {
		return printEstimate(s, chainID, est, fees, cost)
	}
	if partial != nil {
		s.log.Info().Str("partial", path+deploy.PartialSuffix).Msg("resuming the deployment under way")
	}
	if *admin == (common.Address{}) {
		return usageErrorf("bad --admin: the zero address can administer nothing")
	}

	balance, err := rpc.BalanceAt(s.ctx, from, nil)
	if err != nil {
		return fmt.Errorf("balance of %s: %w", from, err)
	}
	if balance.Cmp(cost) < 0 {
		return fmt.Errorf("the deployer %s has %s on chain %d; deploying needs about %s gas, up to %s at %s: fund the key (a testnet's faucet) with at least %s more, or pass a lower --gas-price",
			from.Hex(), formatETH(balance), chainID, groupDigits(est.Total), formatETH(cost), formatGwei(fees.max), formatETH(new(big.Int).Sub(cost, balance)))
	}

	confirmations := s.c.Uint64("confirmations")
	if !s.c.IsSet("confirmations") {
		confirmations = defaultDeployConfirmations
		if devChains[chainID] {
			confirmations = 0
		}
	}
	opts := bind.NewKeyedTransactor(key, chainIDBig)
	if price != nil {
		opts.GasFeeCap, opts.GasTipCap = fees.max, fees.tip
		if fees.legacy {
			opts.GasPrice, opts.GasFeeCap, opts.GasTipCap = fees.max, nil, nil
		}
	}
	s.log.Info().Str("manifest", path).Str("deployer", from.Hex()).Uint64("chainId", chainID).Str("balance", formatETH(balance)).
		Str("estimatedGas", groupDigits(est.Total)).Str("maxCost", formatETH(cost)).Uint64("confirmations", confirmations).Msg("deploying")
	m, _, err := deploy.EnsureWith(s.ctx, rpc, opts, *admin, path, deploy.Options{
		Confirmations: confirmations,
		Sent: func(name string, tx common.Hash) {
			s.log.Info().Str("contract", name).Str("tx", tx.Hex()).Msg("sent; waiting for it to be mined")
		},
	})
	if err != nil {
		if s.ctx.Err() != nil {
			return fmt.Errorf("the deployment's transactions sent so far are recorded in %s%s, and the same deploy command resumes it without sending them again (%w)",
				path, deploy.PartialSuffix, err)
		}
		return err
	}
	return printDeployment(s, m, path, true)
}

// fees is what a deployment's transactions will pay per gas.
type fees struct {
	max, tip *big.Int
	legacy   bool // the chain has no base fee
}

// suggestFees returns the fee cap and tip a transaction sent now would carry: the given price
// as the cap, or go-ethereum's default of twice the base fee plus the suggested tip.
func suggestFees(ctx context.Context, rpc *ethclient.Client, price *big.Int) (fees, error) {
	head, err := rpc.HeaderByNumber(ctx, nil)
	if err != nil {
		return fees{}, fmt.Errorf("chain head: %w", err)
	}
	if head.BaseFee == nil {
		if price != nil {
			return fees{max: price, tip: price, legacy: true}, nil
		}
		p, err := rpc.SuggestGasPrice(ctx)
		if err != nil {
			return fees{}, fmt.Errorf("gas price: %w", err)
		}
		return fees{max: p, tip: p, legacy: true}, nil
	}
	tip, err := rpc.SuggestGasTipCap(ctx)
	if err != nil {
		return fees{}, fmt.Errorf("gas tip: %w", err)
	}
	if price != nil {
		if tip.Cmp(price) > 0 {
			tip = new(big.Int).Set(price)
		}
		return fees{max: price, tip: tip}, nil
	}
	max := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	return fees{max: max, tip: tip}, nil
}

func printEstimate(s *session, chainID uint64, est *deploy.Estimate, f fees, cost *big.Int) error {
	if s.out.json {
		return s.out.emit(kv("chainId", chainID), kv("gas", est.Gas), kv("totalGas", est.Total),
			kv("gasPriceWei", f.max.String()), kv("costWei", cost.String()), kv("cost", formatETH(cost)))
	}
	var rows lines
	for _, name := range deploy.Order {
		rows = append(rows, fmt.Sprintf("%-18s %11s gas", name, groupDigits(est.Gas[name])))
	}
	return s.out.emit(kv("chainId", chainID), kv("contracts", rows), kv("totalGas", groupDigits(est.Total)),
		kv("gasPrice", formatGwei(f.max)), kv("cost", fmt.Sprintf("%s at most (%s gas × %s)", formatETH(cost), groupDigits(est.Total), formatGwei(f.max))))
}

func printDeployment(s *session, m *deploy.Manifest, path string, deployed bool) error {
	contracts := make(map[string]deploy.Deployed, len(m.Contracts))
	var rows lines
	for _, name := range deploy.Order {
		d := m.Contracts[name]
		contracts[name] = d
		rows = append(rows, fmt.Sprintf("%-18s %s  block %d  gas %s", name, d.Address.Hex(), d.Block, groupDigits(d.GasUsed)))
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
		kv("admin", m.Admin), kv("deploymentBlock", m.DeploymentBlock), kv("totalGas", groupDigits(m.TotalGas())), kv("contracts", rows))
}
