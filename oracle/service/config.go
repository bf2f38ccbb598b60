package service

import (
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/logpoller"
	"github.com/emrchain/emrchain/oracle/keyring"
)

// Role selects which jobs a process runs and so which secrets its host holds (keyring.Role).
type Role = keyring.Role

// Roles: the keys role issues CP-ABE keys (enrolled as an Oracle), the proxy role serves as a
// committee member (enrolled as a Proxy); "all" is the single development oracle.
const (
	RoleKeys  = keyring.RoleKeys
	RoleProxy = keyring.RoleProxy
	RoleAll   = keyring.RoleAll
)

// ParseRole parses "keys", "proxy" or "all".
func ParseRole(s string) (Role, error) { return keyring.ParseRole(s) }

// Config is every setting of the oracle. Zero durations and counts take the defaults of
// DefaultConfig when passed through WithDefaults.
type Config struct {
	Role Role

	// RPCURL is the node: http(s):// polls, ws(s):// also wakes on new heads.
	RPCURL string
	// Manifest is the deployment manifest (deploy.WriteManifest): contract addresses and the
	// deployment block. Alternatively set Addresses and StartBlock.
	Manifest   string
	Addresses  contracts.Addresses
	StartBlock uint64
	// Finality is how final an event's block must be before the oracle acts on it: Auto (the
	// default) is no confirmations on a development chain and the node's finalized block
	// elsewhere; the zero value acts on the head at once.
	Finality     logpoller.Finality
	PollInterval time.Duration
	// MaxRange bounds the blocks read per eth_getLogs.
	MaxRange uint64

	// KeyDir holds the keys written by keyring.Init. Each secret's passphrase comes from its file
	// in PassphraseFiles if set, else from PassphraseFile, else from the environment variable
	// named by PassphraseEnv.
	KeyDir          string
	PassphraseFile  string
	PassphraseEnv   string
	PassphraseFiles keyring.PassphraseFiles

	// StatePath is the SQLite database of checkpoints, jobs and sent transactions.
	StatePath string
	// StateNoSync relaxes the database to survive process crashes but not power cuts.
	StateNoSync bool

	// IPFSAPI is a Kubo RPC URL; if empty, IPFSDir is an embedded blockstore directory.
	IPFSAPI string
	IPFSDir string

	// Workers is how many jobs are worked on at once.
	Workers int
	// MaxBatch is the most fulfilments one fulfilMany carries; BatchWait is how long the first
	// answer of a batch waits for company.
	MaxBatch  int
	BatchWait time.Duration
	// MaxInFlight bounds the answer transactions awaiting receipts at once.
	MaxInFlight int
	// MissingObjectAttempts is how many times an object missing from IPFS is looked for before
	// the request is rejected with MISSING_OBJECT.
	MissingObjectAttempts int
	// RetryMin and RetryMax bound the exponential backoff of transient failures.
	RetryMin time.Duration
	RetryMax time.Duration

	// TxConfirmations is how deep an answer's receipt must be before the job is done (≥ 1).
	TxConfirmations     uint64
	ReceiptPollInterval time.Duration
	ResubmissionTimeout time.Duration
	FeeLimitMultiplier  uint64
	MinTipCap           *big.Int // wei; nil: the node's suggestion

	// MetricsAddr serves /metrics and /healthz; empty disables the server.
	MetricsAddr string
	// ShutdownTimeout bounds Stop's wait for answers in flight when the caller gives no deadline.
	ShutdownTimeout time.Duration
}

// DefaultConfig returns the defaults, suited to a chain with second-scale blocks.
func DefaultConfig() Config {
	return Config{
		Role:                  RoleAll,
		Finality:              logpoller.Auto(),
		PollInterval:          time.Second,
		MaxRange:              1000,
		PassphraseEnv:         "EMRCHAIN_ORACLE_PASSPHRASE",
		Workers:               16,
		MaxBatch:              100,
		BatchWait:             50 * time.Millisecond,
		MaxInFlight:           16,
		MissingObjectAttempts: 5,
		RetryMin:              time.Second,
		RetryMax:              time.Minute,
		TxConfirmations:       1,
		ReceiptPollInterval:   250 * time.Millisecond,
		ResubmissionTimeout:   30 * time.Second,
		FeeLimitMultiplier:    5,
		MetricsAddr:           "127.0.0.1:7300",
		ShutdownTimeout:       30 * time.Second,
	}
}

// WithDefaults fills zero fields from DefaultConfig.
func (c Config) WithDefaults() Config {
	d := DefaultConfig()
	if c.Role == "" {
		c.Role = d.Role
	}
	if c.PollInterval == 0 {
		c.PollInterval = d.PollInterval
	}
	if c.MaxRange == 0 {
		c.MaxRange = d.MaxRange
	}
	if c.PassphraseEnv == "" {
		c.PassphraseEnv = d.PassphraseEnv
	}
	if c.Workers == 0 {
		c.Workers = d.Workers
	}
	if c.MaxBatch == 0 {
		c.MaxBatch = d.MaxBatch
	}
	if c.BatchWait == 0 {
		c.BatchWait = d.BatchWait
	}
	if c.MaxInFlight == 0 {
		c.MaxInFlight = d.MaxInFlight
	}
	if c.MissingObjectAttempts == 0 {
		c.MissingObjectAttempts = d.MissingObjectAttempts
	}
	if c.RetryMin == 0 {
		c.RetryMin = d.RetryMin
	}
	if c.RetryMax == 0 {
		c.RetryMax = d.RetryMax
	}
	if c.TxConfirmations == 0 {
		c.TxConfirmations = d.TxConfirmations
	}
	if c.ReceiptPollInterval == 0 {
		c.ReceiptPollInterval = d.ReceiptPollInterval
	}
	if c.ResubmissionTimeout == 0 {
		c.ResubmissionTimeout = d.ResubmissionTimeout
	}
	if c.FeeLimitMultiplier == 0 {
		c.FeeLimitMultiplier = d.FeeLimitMultiplier
	}
	if c.ShutdownTimeout == 0 {
		c.ShutdownTimeout = d.ShutdownTimeout
	}
	return c
}

// Check reports the first setting that cannot work. Settings supplied through options instead
// (a client, a store, keys) are not required here.
func (c Config) Check(haveClient, haveStore, haveKeys bool) error {
	var errs []error
	if _, err := ParseRole(string(c.Role)); err != nil {
		errs = append(errs, err)
	}
	if !haveClient && c.RPCURL == "" {
		errs = append(errs, errors.New("no RPC URL"))
	}
	if c.Manifest == "" && c.Addresses.Access == (contracts.Addresses{}).Access {
		errs = append(errs, errors.New("no deployment manifest and no contract addresses"))
	}
	if !haveKeys && c.KeyDir == "" {
		errs = append(errs, errors.New("no key directory"))
	}
	if c.StatePath == "" {
		errs = append(errs, errors.New("no state database path"))
	}
	if !haveStore && c.IPFSAPI == "" && c.IPFSDir == "" {
		errs = append(errs, errors.New("no IPFS API URL and no embedded store directory"))
	}
	if c.Workers < 1 || c.MaxBatch < 1 || c.MaxInFlight < 1 || c.MissingObjectAttempts < 1 || c.TxConfirmations < 1 {
		errs = append(errs, errors.New("workers, batch size, in-flight limit, missing-object attempts and transaction confirmations must be at least 1"))
	}
	if c.RetryMin <= 0 || c.RetryMax < c.RetryMin {
		errs = append(errs, errors.New("retry backoff must satisfy 0 < min ≤ max"))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("oracle config: %w", err)
	}
	return nil
}
