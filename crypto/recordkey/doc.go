// Package recordkey gives every record version its own CWYD (crypto/pre)
// key pair, derived from one 32-byte secret of the patient, the record
// seed, and defines the capsule object that wraps a record version's data
// key to that key.
//
// # Why per-record keys
//
// A CWYD re-encryption key is rk = h/z_A, and its delegatee learns h from W.
// A proxy holding rk and one delegatee together therefore compute z_A, and
// z_A opens every second-level ciphertext for A's key: CWYD is secure only
// while proxy and delegatee do not collude (its known weak-secret property).
// With one key per patient, one grant plus one colluding proxy would open
// every record the patient ever stored or will store, with no trace.
// Deriving a fresh key for each (record, version, generation) contains the
// damage to the one record version that was granted: the collusion yields
// z of that key, which opens that version's capsule and nothing else.
//
// # Derivation
//
// The delegating key of record r, version v, generation g on chain c, whose
// RecordRegistry is at address a, is
//
//	pre.GenerateKey(HKDF-SHA256(ikm = seed, salt = "emrchain/record-key/v1",
//	                info = c (8) ‖ a (20) ‖ r (32) ‖ v (4) ‖ g (4)))
//
// with integers big-endian: the HKDF output stream (RFC 5869) is the
// randomness pre.GenerateKey consumes (48 bytes for x1, then 48 for x2). The
// derivation is hardened: every key is a pseudorandom function of the seed
// and its coordinates, and no key is computable from another key, public or
// private. Non-hardened schemes (child = parent + H(parent public key, i),
// as in BIP-32's public derivation) let anyone who learns one child's secret
// and the public data solve for the parent and every sibling; that is
// exactly the secret a proxy-delegatee collusion learns here, so it must
// reveal nothing beyond its own key.
//
// # Capsule
//
// The capsule object, stored on IPFS with its SHA-256 (capsuleHash) co-signed
// on chain, is
//
//	0x02 ‖ generation (4, big-endian) ‖ delegating public key (67) ‖ CWYD ciphertext (163)
//
// 235 bytes. UnmarshalBinary validates every point and length and runs CWYD's
// public validity check of the ciphertext against the embedded key, so a
// parsed Capsule is always one its key's holder can open and a proxy may
// re-encrypt, and the check need not be repeated per re-encryption;
// CheckDelegator is the proxies' check that a re-encryption key's delegator
// is the capsule's key.
//
// # The seed
//
// The seed restores every per-record key (the client re-derives them from the
// chain's list of the patient's records), so it is the patient's most
// valuable secret. It lives in its own keyfile (crypto/keyfile, kind
// "record-seed", mode 0600, its own passphrase: CreateSeedFile and
// OpenSeedFile). A Seed prints as "[redacted]" under every fmt verb and
// compares in constant time. Rotation is a new generation (or a new seed):
// the client re-derives and re-wraps each capsule.
//
// # Security properties and known weaknesses
//
//   - One collusion, one record version: a re-encryption key plus its
//     delegatee's secret (or every proxy share of it plus the delegatee)
//     yields z of one record version's key; other records, other versions and
//     other generations stay closed, because their keys are independent
//     pseudorandom values (HKDF-SHA256 as a PRF keyed by the seed).
//   - The granted version itself is open to that collusion forever, and
//     revocation cannot take back what it learned; a new version gets a new
//     key, so revocation protects future versions.
//   - Everything rests on the seed: whoever holds it derives every key. The
//     keyfile protects it at rest only as well as its passphrase.
//   - Key derivation and CWYD arithmetic are variable time (gnark-crypto):
//     derive and decrypt on the patient's own machine, not as a service an
//     attacker can time.
package recordkey
