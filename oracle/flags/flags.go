// Package flags defines the oracle's command-line flags, each bound to an EMRCHAIN_ORACLE_*
// environment variable, in the style of op-service: a CLI mounts Flags() on its `oracle run`
// command and turns the parsed context into a service.Config with ReadConfig.
//
// The passphrase itself is never a flag value (it would show in process listings and in
// --help defaults): --passphrase-file names a file, and --passphrase-env names the variable
// that holds it (EMRCHAIN_ORACLE_PASSPHRASE by default). Each secret may have its own
// passphrase file (--tx-passphrase-file, --transport-passphrase-file, --master-passphrase-file,
// --dkg-passphrase-file, --share-passphrase-file); those left out use the common one.
package flags

import (
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/params"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/keyring"
	"github.com/emrchain/emrchain/oracle/service"
)

// EnvPrefix prefixes every environment variable.
const EnvPrefix = "EMRCHAIN_ORACLE"

// Flag names.
const (
	RoleFlag                  = "role"
	RPCFlag                   = "rpc"
	ManifestFlag              = "manifest"
	AccessLedgerFlag          = "access-ledger"
	KeyIssuerFlag             = "key-issuer"
	RegistryFlag              = "registry"
	ProxyNetworkFlag          = "proxy-network"
	RecordsFlag               = "records"
	AttributesFlag            = "attributes"
	StartBlockFlag            = "start-block"
	ConfirmationsFlag         = "confirmations"
	PollIntervalFlag          = "poll-interval"
	MaxRangeFlag              = "max-range"
	KeyDirFlag                = "key-dir"
	PassphraseFileFlag        = "passphrase-file"
	PassphraseEnvFlag         = "passphrase-env"
	TxPassphraseFileFlag      = "tx-passphrase-file"
	TransportPassphraseFlag   = "transport-passphrase-file"
	MasterPassphraseFlag      = "master-passphrase-file"
	DKGPassphraseFlag         = "dkg-passphrase-file"
	SharePassphraseFlag       = "share-passphrase-file"
	StateFlag                 = "state"
	StateNoSyncFlag           = "state-no-sync"
	IPFSAPIFlag               = "ipfs-api"
	IPFSDirFlag               = "ipfs-dir"
	WorkersFlag               = "workers"
	MaxBatchFlag              = "max-batch"
	BatchWaitFlag             = "batch-wait"
	MaxInFlightFlag           = "max-in-flight"
	MissingObjectAttemptsFlag = "missing-object-attempts"
	RetryMinFlag              = "retry-min"
	RetryMaxFlag              = "retry-max"
	TxConfirmationsFlag       = "tx-confirmations"
	ReceiptPollIntervalFlag   = "receipt-poll-interval"
	ResubmissionTimeoutFlag   = "resubmission-timeout"
	FeeLimitMultiplierFlag    = "fee-limit-multiplier"
	MinTipCapFlag             = "min-tip-cap-gwei"
	MetricsAddrFlag           = "metrics-addr"
	ShutdownTimeoutFlag       = "shutdown-timeout"
)

// EnvVar is the environment variable bound to a flag: EMRCHAIN_ORACLE_ and the flag's name in
// upper case with dashes as underscores (--max-batch: EMRCHAIN_ORACLE_MAX_BATCH).
func EnvVar(flag string) string {
	return EnvPrefix + "_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

func env(flag string) []string { return []string{EnvVar(flag)} }

// Flags returns the flags of `oracle run`, with service.DefaultConfig's defaults.
func Flags() []cli.Flag {
	d := service.DefaultConfig()
	return []cli.Flag{
		&cli.StringFlag{Name: RoleFlag, Value: string(d.Role), EnvVars: env(RoleFlag), Usage: "jobs to run: keys, proxy or all"},
		&cli.StringFlag{Name: RPCFlag, EnvVars: env(RPCFlag), Usage: "node `URL`: http(s):// polls, ws(s):// also wakes on new heads"},
		&cli.StringFlag{Name: ManifestFlag, EnvVars: env(ManifestFlag), Usage: "deployment manifest `FILE` (addresses and deployment block)"},
		&cli.StringFlag{Name: AccessLedgerFlag, EnvVars: env(AccessLedgerFlag), Usage: "AccessLedger `ADDRESS`, without a manifest"},
		&cli.StringFlag{Name: KeyIssuerFlag, EnvVars: env(KeyIssuerFlag), Usage: "KeyIssuer `ADDRESS`, without a manifest"},
		&cli.StringFlag{Name: RegistryFlag, EnvVars: env(RegistryFlag), Usage: "Registry `ADDRESS`, without a manifest"},
		&cli.StringFlag{Name: ProxyNetworkFlag, EnvVars: env(ProxyNetworkFlag), Usage: "ProxyNetwork `ADDRESS`, without a manifest"},
		&cli.StringFlag{Name: RecordsFlag, EnvVars: env(RecordsFlag), Usage: "RecordRegistry `ADDRESS`, without a manifest"},
		&cli.StringFlag{Name: AttributesFlag, EnvVars: env(AttributesFlag), Usage: "AttributeRegistry `ADDRESS`, without a manifest"},
		&cli.Uint64Flag{Name: StartBlockFlag, EnvVars: env(StartBlockFlag), Usage: "first block to follow on a fresh state (default: the manifest's deployment block)"},
		&cli.StringFlag{Name: ConfirmationsFlag, Value: d.Finality.String(), EnvVars: env(ConfirmationsFlag),
			Usage: "how final an event's block must be before acting on it: a number of blocks built on it, \"finalized\" (the node's finalized block), or \"auto\" (0 on a development chain, finalized elsewhere)"},
		&cli.DurationFlag{Name: PollIntervalFlag, Value: d.PollInterval, EnvVars: env(PollIntervalFlag), Usage: "how often to ask for a new head"},
		&cli.Uint64Flag{Name: MaxRangeFlag, Value: d.MaxRange, EnvVars: env(MaxRangeFlag), Usage: "most blocks per eth_getLogs"},
		&cli.StringFlag{Name: KeyDirFlag, EnvVars: env(KeyDirFlag), Usage: "key `DIR` written by oracle init"},
		&cli.StringFlag{Name: PassphraseFileFlag, EnvVars: env(PassphraseFileFlag), Usage: "`FILE` holding the keys' passphrase"},
		&cli.StringFlag{Name: PassphraseEnvFlag, Value: d.PassphraseEnv, EnvVars: env(PassphraseEnvFlag), Usage: "environment `VARIABLE` holding the passphrase when no file is given"},
		&cli.StringFlag{Name: TxPassphraseFileFlag, EnvVars: env(TxPassphraseFileFlag), Usage: "`FILE` holding the transaction key's own passphrase"},
		&cli.StringFlag{Name: TransportPassphraseFlag, EnvVars: env(TransportPassphraseFlag), Usage: "`FILE` holding the transport key's own passphrase"},
		&cli.StringFlag{Name: MasterPassphraseFlag, EnvVars: env(MasterPassphraseFlag), Usage: "`FILE` holding the CP-ABE master key's own passphrase (keys role)"},
		&cli.StringFlag{Name: DKGPassphraseFlag, EnvVars: env(DKGPassphraseFlag), Usage: "`FILE` holding the DKG keys' own passphrase (proxy role)"},
		&cli.StringFlag{Name: SharePassphraseFlag, EnvVars: env(SharePassphraseFlag), Usage: "`FILE` holding the DKG shares' own passphrase (proxy role)"},
		&cli.StringFlag{Name: StateFlag, EnvVars: env(StateFlag), Usage: "SQLite `FILE` of checkpoints, jobs and sent transactions"},
		&cli.BoolFlag{Name: StateNoSyncFlag, EnvVars: env(StateNoSyncFlag), Usage: "survive process crashes but not power cuts, for speed"},
		&cli.StringFlag{Name: IPFSAPIFlag, EnvVars: env(IPFSAPIFlag), Usage: "Kubo RPC API `URL`"},
		&cli.StringFlag{Name: IPFSDirFlag, EnvVars: env(IPFSDirFlag), Usage: "embedded IPFS store `DIR`, without a Kubo node"},
		&cli.IntFlag{Name: WorkersFlag, Value: d.Workers, EnvVars: env(WorkersFlag), Usage: "jobs worked on at once"},
		&cli.IntFlag{Name: MaxBatchFlag, Value: d.MaxBatch, EnvVars: env(MaxBatchFlag), Usage: "most fulfilments in one fulfilMany"},
		&cli.DurationFlag{Name: BatchWaitFlag, Value: d.BatchWait, EnvVars: env(BatchWaitFlag), Usage: "how long a batch's first answer waits for company"},
		&cli.IntFlag{Name: MaxInFlightFlag, Value: d.MaxInFlight, EnvVars: env(MaxInFlightFlag), Usage: "answer transactions awaiting receipts at once"},
		&cli.IntFlag{Name: MissingObjectAttemptsFlag, Value: d.MissingObjectAttempts, EnvVars: env(MissingObjectAttemptsFlag), Usage: "lookups of a missing IPFS object before rejecting with MISSING_OBJECT"},
		&cli.DurationFlag{Name: RetryMinFlag, Value: d.RetryMin, EnvVars: env(RetryMinFlag), Usage: "first backoff after a transient failure"},
		&cli.DurationFlag{Name: RetryMaxFlag, Value: d.RetryMax, EnvVars: env(RetryMaxFlag), Usage: "longest backoff after transient failures"},
		&cli.Uint64Flag{Name: TxConfirmationsFlag, Value: d.TxConfirmations, EnvVars: env(TxConfirmationsFlag), Usage: "depth of an answer's receipt before its job is done"},
		&cli.DurationFlag{Name: ReceiptPollIntervalFlag, Value: d.ReceiptPollInterval, EnvVars: env(ReceiptPollIntervalFlag), Usage: "how often receipts are polled"},
		&cli.DurationFlag{Name: ResubmissionTimeoutFlag, Value: d.ResubmissionTimeout, EnvVars: env(ResubmissionTimeoutFlag), Usage: "how long a transaction may stay unmined before its fees are bumped"},
		&cli.Uint64Flag{Name: FeeLimitMultiplierFlag, Value: d.FeeLimitMultiplier, EnvVars: env(FeeLimitMultiplierFlag), Usage: "bumps stop at this multiple of the first fee cap"},
		&cli.Float64Flag{Name: MinTipCapFlag, EnvVars: env(MinTipCapFlag), Usage: "floor for the priority fee, in gwei (0: the node's suggestion)"},
		&cli.StringFlag{Name: MetricsAddrFlag, Value: d.MetricsAddr, EnvVars: env(MetricsAddrFlag), Usage: "`ADDRESS` serving /metrics and /healthz (empty: none)"},
		&cli.DurationFlag{Name: ShutdownTimeoutFlag, Value: d.ShutdownTimeout, EnvVars: env(ShutdownTimeoutFlag), Usage: "how long a stop waits for answers in flight"},
	}
}

// ReadConfig builds a service.Config from a context parsed with Flags. It checks what flags
// alone can tell (role, addresses, fee floor); service.New checks the rest.
func ReadConfig(c *cli.Context) (service.Config, error) {
	cfg := service.DefaultConfig()
	var errs []error
	role, err := service.ParseRole(c.String(RoleFlag))
	if err != nil {
		errs = append(errs, fmt.Errorf("--%s: %w", RoleFlag, err))
	}
	cfg.Role = role
	cfg.RPCURL = c.String(RPCFlag)
	cfg.Manifest = c.String(ManifestFlag)
	addr := func(flag string) common.Address {
		s := c.String(flag)
		if s == "" {
			return common.Address{}
		}
		if !common.IsHexAddress(s) {
			errs = append(errs, fmt.Errorf("--%s: %q is not an address", flag, s))
			return common.Address{}
		}
		return common.HexToAddress(s)
	}
	cfg.Addresses = contracts.Addresses{
		Access: addr(AccessLedgerFlag), Keys: addr(KeyIssuerFlag), Registry: addr(RegistryFlag), Proxies: addr(ProxyNetworkFlag),
		Records: addr(RecordsFlag), Attributes: addr(AttributesFlag),
	}
	if cfg.Manifest != "" && cfg.Addresses != (contracts.Addresses{}) {
		errs = append(errs, fmt.Errorf("--%s and contract addresses are exclusive", ManifestFlag))
	}
	cfg.StartBlock = c.Uint64(StartBlockFlag)
	if cfg.Finality, err = logpoller.ParseFinality(c.String(ConfirmationsFlag)); err != nil {
		errs = append(errs, fmt.Errorf("--%s: %w", ConfirmationsFlag, err))
	}
	cfg.PollInterval = c.Duration(PollIntervalFlag)
	cfg.MaxRange = c.Uint64(MaxRangeFlag)
	cfg.KeyDir = c.String(KeyDirFlag)
	cfg.PassphraseFile = c.String(PassphraseFileFlag)
	cfg.PassphraseEnv = c.String(PassphraseEnvFlag)
	cfg.PassphraseFiles = keyring.PassphraseFiles{
		Tx: c.String(TxPassphraseFileFlag), Transport: c.String(TransportPassphraseFlag), Master: c.String(MasterPassphraseFlag),
		DKG: c.String(DKGPassphraseFlag), Share: c.String(SharePassphraseFlag),
	}
	cfg.StatePath = c.String(StateFlag)
	cfg.StateNoSync = c.Bool(StateNoSyncFlag)
	cfg.IPFSAPI = c.String(IPFSAPIFlag)
	cfg.IPFSDir = c.String(IPFSDirFlag)
	if cfg.IPFSAPI != "" && cfg.IPFSDir != "" {
		errs = append(errs, fmt.Errorf("--%s and --%s are exclusive", IPFSAPIFlag, IPFSDirFlag))
	}
	cfg.Workers = c.Int(WorkersFlag)
	cfg.MaxBatch = c.Int(MaxBatchFlag)
	cfg.BatchWait = c.Duration(BatchWaitFlag)
	cfg.MaxInFlight = c.Int(MaxInFlightFlag)
	cfg.MissingObjectAttempts = c.Int(MissingObjectAttemptsFlag)
	cfg.RetryMin = c.Duration(RetryMinFlag)
	cfg.RetryMax = c.Duration(RetryMaxFlag)
	cfg.TxConfirmations = c.Uint64(TxConfirmationsFlag)
	cfg.ReceiptPollInterval = c.Duration(ReceiptPollIntervalFlag)
	cfg.ResubmissionTimeout = c.Duration(ResubmissionTimeoutFlag)
	cfg.FeeLimitMultiplier = c.Uint64(FeeLimitMultiplierFlag)
	if g := c.Float64(MinTipCapFlag); g < 0 {
		errs = append(errs, fmt.Errorf("--%s: negative", MinTipCapFlag))
	} else if g > 0 {
		wei, _ := new(big.Float).Mul(big.NewFloat(g), big.NewFloat(params.GWei)).Int(nil)
		cfg.MinTipCap = wei
	}
	cfg.MetricsAddr = c.String(MetricsAddrFlag)
	cfg.ShutdownTimeout = c.Duration(ShutdownTimeoutFlag)
	return cfg, errors.Join(errs...)
}
