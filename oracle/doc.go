// Package oracle is emrchain's oracle network: separate processes, each with the secrets of one
// role. A proxy node (role proxy, enrolled as a Proxy) takes part in ProxyNetwork's committees —
// their Joint-Feldman DKG on chain — and answers every committee gate through ThresholdAnswers'
// commit, reveal and decline round: PRE fragments for grants (AccessLedger), blinded decryption
// shares for attribute reads (AttributeReads) and OPRF evaluations for index tokens
// (KeywordIndex); it checks the other members' reveals and reports a wrong one on chain. The key
// issuer (role keys, enrolled as an Oracle) answers KeyRequested with a CP-ABE key of the
// requested epoch sealed to the requester. The code lives in subpackages, each with one job:
//
//	service    the running oracle: Config, New, Start, Stop, /metrics and /healthz
//	flags      urfave/cli flags bound to EMRCHAIN_ORACLE_* variables, and ReadConfig
//	keyring    Init (one role's keys, each secret its own 0600 file and passphrase) and Load
//	committee  a proxy node's part in the committees' DKG, its share in its own file
//	gates      a member's answers to the committee gates and its checks of other members'
//	state      the SQLite checkpoint, jobs and transaction journal
//	txmgr      nonces, fees, bumps, journaled sends, receipts
//	keys       the CP-ABE key issuance job
//	chain      reads of contract state for the jobs' checks
//	answer     answers and reason codes
//	oracletest a simulated world for tests and benchmarks
//
// # Running one
//
//	keyring.Init(dir, keyring.RoleProxy, passphrases, keyring.InitOptions{})  // once; the admin enrols info.Address as a Proxy
//	svc, err := service.New(cfg)                                             // cfg from flags.ReadConfig or by hand
//	err = svc.Start(ctx)
//	...
//	err = svc.Stop(ctx)                                                      // finishes answers in flight until ctx is done
//
// A proxy host holds a transaction key, a transport key (re-key and index-key shares are sealed
// to it) and, per committee, a DKG key and its share of the committee key, never the CP-ABE
// master key; the key issuer's host holds the master key and no DKG share. The state database is
// a single SQLite file; losing it makes the node re-read events from the start block, and the
// on-chain checks keep it from answering anything twice (a committed fragment is recomputed, and
// checked against the commit, for its reveal).
//
// # Commit, then reveal
//
// A member's commit carries only its fragment's hash; it reveals the fragment once the access is
// fulfilled and its own commit is final at the node's confirmation depth, so a reorg that drops
// a commit cannot leave key material public for an answer the chain no longer records. Every
// answer transaction is journaled with the jobs it answers and the event each was computed for.
// When a reorg removes those events the transaction is held (not rebroadcast, not bumped); if the
// events come back the same it goes on, and if an access id now belongs to another request, or
// the event vanished, it is withdrawn: replaced in the pool by a cancellation at its nonce, never
// rebroadcast, and the jobs are answered again from the new branch; the gates bind every commit
// to the request and requester as well, so a stale one reverts. An answer that a reorg removes
// after it was mined, even after it was final, reopens its jobs.
package oracle
