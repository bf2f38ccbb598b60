// Package tpre is threshold CWYD proxy re-encryption: a patient's
// re-encryption key for one grant is Shamir-split among n proxies, any t of
// whose fragments combine into the requester's first-level ciphertext, while
// t−1 of them, even with the requester, cannot convert anything. Every
// fragment carries a DLEQ proof against a commitment fixed at grant time, so
// a wrong fragment is caught and its member named.
//
// # Scheme
//
// CWYD (crypto/pre) re-encrypts a second-level ciphertext (D, E, F, s) into
// (E^rk, F, V, W) with rk = h/z_A. E^rk is linear in rk, so:
//
//	Grant (patient):  rk, (V, W) = ReKeyGen(sk_A, pk_B); f random of degree t−1, f(0) = rk
//	                  rk_i = f(i) for each member's committee index i; P_i = rk_i·G
//	                  seal rk_i to member i's transport key
//	Member i:         open rk_i, check rk_i·G = P_i (commitments already passed
//	                  SCRAPE's degree check when the bundle was parsed);
//	                  check the capsule's key is the grant's (CWYD's check ran when it was parsed);
//	                  F_i = rk_i·E, proof π_i of log_G P_i = log_E F_i (crypto/dleq)
//	Requester:        verify each π_i; E' = Σ λ_i·F_i over t valid ones (Lagrange at 0);
//	                  decrypt (E', F, V, W) with sk_B (pre.DecryptReEncrypted)
//
// The proof's context is keccak256(abi.encode("emrchain/pre-fragment/v1",
// chainId, ledger, requestId, member)) (Binding.Context), which the contract
// rebuilds when it checks a fault report with ecrecover.
//
// The degree check (SCRAPE, shamir.CheckDegreeAt) draws its random dual-code
// polynomial from HKDF-SHA256 keyed by the SHA-256 of the bundle's public
// part (Fiat–Shamir), so parsing is deterministic and every parsed Bundle has
// commitments on one polynomial of degree below t: all t-subsets of honest
// fragments combine to the same E'.
//
// # Encodings
//
// Points are SEC 1 compressed (33 bytes), scalars 32 bytes big-endian and
// canonical, integers one byte.
//
//	Bundle    0x03 ‖ delegating public key (67) ‖ V (33) ‖ W (64) ‖ t ‖ n
//	          ‖ member indices (n, strictly increasing, 1 … 16)
//	          ‖ commitments P_i (n × 33) ‖ sealed shares (n × 81)
//	Fragment  0x04 ‖ member ‖ F_i (33) ‖ proof c ‖ s (64)            99 bytes
//
// A 3-of-5 bundle is 742 bytes. Its SHA-256 is the bundleHash a grant
// records on chain; the commitments also travel in the grant's calldata as
// 64-byte x‖y (EVMCommitments). A fragment's on-chain commitment is
// keccak256 of its compressed F_i (Fragment.Hash).
//
// Each share is sealed with crypto/transport (HPKE) to the member's enrolled
// transport key, with
//
//	info = "emrchain/rekey-share/v1"
//	aad  = SHA-256(bundle's public part, everything before the sealed shares) ‖ member index (1)
//
// so a sealed share opens only for its member, at its index, inside the
// bundle it was dealt in: moving it to another bundle, another member slot,
// or altering any commitment, the header, the delegating key, t or the
// member list makes it fail to open.
//
// # Security properties
//
//   - t−1 proxies learn nothing about rk from their shares: any t−1 Shamir
//     shares are consistent with every value of rk. Together with the
//     requester, who learns h from W, they are consistent with every z_A =
//     h/rk, so they cannot convert a capsule, and they cannot run CWYD's
//     weak-secret attack (which needs rk). The commitments make this
//     computational rather than information-theoretic: Σ λ_i·P_i = rk·G is
//     public, and rk stays hidden as a discrete logarithm.
//   - t proxies together learn rk and, with the requester, z_A of the
//     delegating key. Per-record-version keys (crypto/recordkey) confine this
//     to the one record version granted.
//   - Every fragment is checkable by anyone against on-chain commitments
//     (crypto/dleq: special soundness, so a wrong F_i passes with probability
//     about 1/q per proof attempt), and the proof is bound to the chain, the
//     ledger contract, the request and the member, so it cannot be replayed
//     for another request or by another member.
//   - A member exponentiates only capsules that pass CWYD's validity check for
//     the grant's delegating key, so it is no oracle for other ciphertexts.
//
// # Known weaknesses
//
//   - The patient (dealer) is trusted to deal a re-key for the requester the
//     chain names: members can check the commitments' degree but not that
//     (V, W) were made for that requester's key. A wrong dealing only hurts
//     the patient's own grant.
//   - All t proxies colluding with the requester learn z_A of that record
//     version for good; revocation cannot take it back.
//   - Arithmetic is variable time (gnark-crypto): a member's multiplication
//     by rk_i leaks timing on its host.
//   - crypto/transport draws its ephemeral keys from crypto/rand, not from
//     the injected reader: Deal is deterministic only under
//     testing/cryptotest.SetGlobalRandom.
//
// # Why threshold CWYD rather than Umbral
//
// CWYD is already the project's PRE (CCA-secure, capsules publicly
// checkable), and its re-encryption is one exponentiation linear in rk, so
// Shamir shares of rk apply directly: a fragment is one multiplication plus
// a Chaum–Pedersen proof (two more, one of them fixed-base, sharing E's
// precomputation), which Solidity checks with three ecrecover calls. An
// Umbral cfrag with its proof takes five variable-base multiplications, and
// its proof binds signed kfrag metadata (delegating, receiving and verifying
// keys) that the on-chain commitments already fix; checking it needs more
// group operations than an EVM affords without precompiles.
//
// Measured in one run of `emrchain bench --only tpre` (2026-12-06, CPU time
// per call on the project's shared two-core machine, umbral-pre 0.10.0 as
// WASM in node 20 timed in rounds interleaved with ours): a fragment with
// its proof 0.135 ms against umbral-pre's reencrypt 0.66 ms (4.9× less),
// verifying one from bytes 0.139 ms against 1.17 ms (8.4×), combining three
// and decrypting 0.163 ms against decryptReencrypted's 1.73 ms (10.6×), a
// 3-of-5 grant with its sealed shares 0.69 ms against generateKFrags' 4.1 ms
// (5.9×); a fragment is 99 bytes against a 381-byte cfrag. The README's
// benchmark section has the table.
package tpre
