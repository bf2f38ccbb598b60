// Package tdec is threshold decryption under a committee's DKG key: a
// 32-byte key encrypted to the committee (hashed ElGamal on secp256k1), and
// its release to one requester through blinded decryption shares, each with
// a DLEQ proof anyone can check, so that no member, no observer of the chain
// and no group of fewer than t members learns the key.
//
// It carries the committee's half of an attribute read (K2 of the gate
// object, see Gate) and the network capsule (the whole data key K, for
// break-glass, guardian grants and standing consent).
//
// # Construction
//
// The committee's key is Y = x·G with x Shamir-shared among its n members
// by crypto/dkg; member i holds x_i and everyone knows X_i = x_i·G, the
// DKG's public shares (ProxyNetwork keeps Y and keccak256(X_1 ‖ … ‖ X_n);
// NewCommittee checks the shares against Y). Encrypting needs only Y
// (CommitteeKey); checking and combining shares needs the X_i (Committee).
//
//	Encrypt:  y random, C1 = y·G,
//	          k = HKDF-SHA256(ikm = y·Y, salt = "emrchain/tdec/v1", info = C1 ‖ Y),
//	          sealed = AES-256-GCM_k(nonce 0, key, aad)
//	Blind:    the requester draws b, sends B = b·G and C1' = b·C1 with a DLEQ
//	          proof that log_G B = log_{C1} C1' (it knows b, and C1' is a
//	          multiple of this ciphertext's C1)
//	Share:    member i checks that proof (and that B ≠ ±G), then publishes
//	          D_i = x_i·C1' with a DLEQ proof that log_G X_i = log_{C1'} D_i
//	Combine:  the requester checks each share's proof, interpolates t of
//	          them, Σ λ_i·D_i = x·b·C1, unblinds with b⁻¹ to x·C1 = y·Y and
//	          opens the key
//
// Points are SEC 1 compressed in the encodings and hashed as such in the
// KDF; the proofs are crypto/dleq's, checkable on chain with ecrecover, so a
// wrong share is named in a fault report the contract verifies itself.
//
// # Security
//
// Hashed ElGamal with a fresh key per ciphertext and AES-GCM is IND-CCA
// secure under the gap Diffie–Hellman assumption in the random-oracle model;
// the associated data binds what the key is for (record, version, policy),
// so a ciphertext cannot be moved to another record's gate.
//
// Shares are published on chain, so the blinding is what keeps the key from
// everyone but the requester: the revealed D_i combine to x·b·C1, useless
// without b. The blinding proof makes each member's answer a function of
// this ciphertext only: without it a requester could submit any point P as
// "C1'" and get x·P back, a Diffie–Hellman oracle that decrypts every other
// ciphertext to the committee. Members also refuse B = ±G (b = ±1), which
// would put x·C1 itself, and so the key, on chain for everyone.
//
// Fewer than t shares are independent of x·C1' (Shamir), so t−1 members, with
// or without the requester and with everything on chain, learn nothing of
// the key. The CP-ABE authority's master key gives K1 of every gate but
// never K2, so with t−1 members it still opens nothing.
//
// # Known weaknesses
//
//   - t colluding members can decrypt every ciphertext to the committee,
//     which is what a threshold is. The network capsule therefore exists
//     only for patients who enable a feature that needs it.
//   - A requester who obtained the key can publish it; nothing prevents
//     passing on what one was rightly given. The chain still records who
//     read.
//   - The arithmetic is variable time (gnark-crypto's): members should run
//     where their timing is not observable by others.
package tdec
