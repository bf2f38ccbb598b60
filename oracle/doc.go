// Package oracle is emrchain's oracle (issue 5): it answers AccessInvoked with a proxy
// re-encryption of the record's key capsule and KeyRequested with a CP-ABE key sealed to the
// requester, exactly once each, or rejects them with a reason code. The code lives in
// subpackages, each with one job:
//
//	service   the running oracle: Config, New, Start, Stop, /metrics and /healthz
//	flags     urfave/cli flags bound to EMRCHAIN_ORACLE_* variables, and ReadConfig
//	keyring   Init (creates the keys) and Load
//	state     the SQLite checkpoint, jobs, grants and transaction journal
//	txmgr     nonces, fees, bumps, journaled sends, receipts
//	proxy     the PRE conversion job
//	keys      the CP-ABE key issuance job
//	chain     reads of contract state for the jobs' checks
//	answer    answers and reason codes
//	oracletest  a simulated world for tests and benchmarks
//
// # Running one
//
//	keyring.Init(dir, passphrase, keyring.InitOptions{})   // once; enrol info.Address with info.TransportKey as an oracle
//	svc, err := service.New(cfg)                         // cfg from flags.ReadConfig or by hand
//	err = svc.Start(ctx)
//	...
//	err = svc.Stop(ctx)                                  // finishes answers in flight until ctx is done
//
// The key directory holds tx-key.json (go-ethereum keystore), transport.key and
// cpabe-master.key (crypto/keyfile, 0600), cpabe-public.key and oracle.json (public). The state
// database is a single SQLite file; losing it makes the oracle re-read events from the start
// block, and the on-chain checks keep it from answering anything twice.
//
// # Known limit
//
// A reorg that removes a get-access whose answer is already in the mempool can leave that answer
// to be mined against whatever access takes the same id in the new branch: fulfil names the
// access by id alone. The oracle never records or sends an answer for an event it knows to be
// reorged (writes are tied to the event's generation), but it cannot recall a transaction
// already broadcast. Waiting for Confirmations before acting closes the window on a live chain;
// binding fulfil to the request id on chain would close it entirely.
package oracle
