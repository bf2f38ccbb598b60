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
// # Reorgs
//
// Every answer transaction is journaled with the jobs it answers and the event each answer was
// computed for. When a reorg removes those events the transaction is held (not rebroadcast, not
// bumped); if the events come back the same it goes on, and if an access id now belongs to
// another request, or the event vanished, it is withdrawn: replaced in the pool by a
// cancellation at its nonce, never rebroadcast, and the jobs are answered again from the new
// branch. An answer that a reorg removes after it was mined, even after it was final, reopens its
// jobs; a node that loses the oracle's transactions (a restart, a pool flush, a restart from
// older state) has them published again, and a nonce nobody owns any more is filled, so later
// answers never wait for ever behind it.
//
// # Known limit
//
// A node that puts reorged-out transactions back into its pool (geth does; anvil does not) can
// mine an old answer in the new branch before any process could react, and the contract, which
// names the access by id alone, accepts it for whichever request holds that id there: its
// requester cannot open it. The oracle logs that as an error and counts it in
// emrchain_oracle_stale_answers_mined_total. Only binding answers on chain to the request id and
// the requester, so that an answer for another request reverts, closes it.
package oracle
