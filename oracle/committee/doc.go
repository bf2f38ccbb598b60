// Package committee is a proxy node's part in ProxyNetwork's committees: the Joint-Feldman DKG
// of docs/trust.md ("The DKG on chain"), run over the chain with crypto/dkg, and afterwards the
// node's standing in each committee (its share, the public shares) for the answers it gives.
//
// # How a run is driven
//
// A log poller follows ProxyNetwork's events into the Store (Node is the poller's Store); after
// every applied range and every Tick the node replays each committee that names it, from its
// CommitteeCreated on, through a fresh dkg.Participant, in chain order, and does what is due:
//
//	keys        registerKey(c, K) with a DKG key made for this committee alone (keyring)
//	deals       deal(c, commitments, shares) once all n keys are registered, before the deal deadline
//	complaints  complain(c, dealer, S, proof) for a dealer whose share to this node is wrong
//	confirm     after the complaint deadline (every deal and complaint known): the share goes to
//	            its own 0600 file (keyring), then confirm(c, Y, sharesHash)
//
// A window is judged by the chain's head (a transaction sent now lands after it); what is known
// is judged by the last applied block, so a node that follows at a confirmation depth confirms
// only once the complaints up to the deadline are final. Phases must therefore be longer than
// the node's confirmation depth plus the time to land a transaction, plus the key derivation
// that writes the node's DKG key file (its own passphrase, standard parameters: seconds on a busy
// host). Measured with `emrchain oracle run` as three processes on anvil with 1-second blocks:
// a 6-block phase failed the committee at the key deadline, a 30-block one completed.
//
// # Exactly once
//
// Each action is sent by one goroutine at a time, after reading the contract's current state
// (keyMask, dealMask, complaints, confirmMask) so a mined action is never sent again; each
// signed transaction is recorded before it is broadcast and, after a crash, waited for again
// (txmgr.Resume) before anything new is sent for that action. The deal is drawn once, stored
// before it is sent, and that stored deal is the only one the node ever sends for the committee:
// a redrawn polynomial after a crash would give the other members shares of two polynomials.
// Everything else is a function of the chain's events, so a restart, or a rollback after a
// reorg, replays to the same state from the events that remain.
package committee
