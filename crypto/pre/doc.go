// Package pre implements the unidirectional, single-hop, CCA-secure proxy
// re-encryption scheme of Chow, Weng, Yang and Deng ("Efficient
// Unidirectional Proxy Re-Encryption", AFRICACRYPT 2010, LNCS 6055, pp.
// 316–332; CWYD below), as used step by step in Park, Kim, Lee and Ko,
// "Secure Outsourced Blockchain-Based Medical Data Sharing System Using Proxy
// Re-Encryption", Appl. Sci. 11(20) 9422, 2021, §4.3.
//
// The package is a key wrapper: the message is always a 32-byte data key that
// encrypts a record elsewhere (AES-256-GCM). A patient (delegator) encrypts
// the data key to her own public key at the second level; to share it she
// hands the proxy a re-encryption key for the requester (delegatee); the
// proxy checks the ciphertext and transforms it into a first-level ciphertext
// only the delegatee can open, learning nothing about the data key. A
// first-level ciphertext cannot be re-encrypted again.
//
// # Scheme
//
// G is secp256k1 with generator g and prime order q. A key pair is
// sk = (x1, x2), pk = (g^x1, g^x2). Write z = x1·H4(pk2) + x2, so that the
// per-key base B = pk1^H4(pk2)·pk2 = g^z.
//
//	Encrypt(pk, m):  u ← Z_q*, ω ← {0,1}^256, r = H1(m, ω)
//	                 D = B^u, E = B^r, F = H2(g^r) ⊕ (m‖ω), s = u + r·H3(D, E, F)
//	Check(pk, C):    B^s = D·E^H3(D, E, F)                      (paper §4.3.3 step 6)
//	Decrypt(sk, C):  Check; (m‖ω) = F ⊕ H2(E^(1/z)); accept iff E = B^H1(m, ω)
//	ReKeyGen(skA, pkB): h ← Z_q*, π ← {0,1}^256, v = H1(h, π)
//	                 V = pkB2^v, W = H2(g^v) ⊕ (h‖π), rk = h/zA
//	ReEncrypt(rk, C): Check against pkA; E' = E^rk; output (E', F, V, W)
//	DecryptReEncrypted(skB, (E', F, V, W)):
//	                 (h‖π) = W ⊕ H2(V^(1/xB2)), (m‖ω) = F ⊕ H2(E'^(1/h))
//	                 accept iff V = pkB2^H1(h, π) and E' = g^(H1(m, ω)·h)
//
// # Hash functions
//
// All four are expand_message_xmd with SHA-256 (RFC 9380 §5.3.1) under the
// domain separation tags "emrchain/pre/v1/CWYD-secp256k1/H1" … "/H4". Inputs
// are fixed-length, so plain concatenation is unambiguous; points enter as
// their 33-byte compressed encodings. H1, H3 and H4 map into Z_q* by
// expanding to 48 bytes and taking 1 + (n mod (q−1)), so they never return
// zero and the bias is below 2^-128; H2 expands to 64 bytes, the length of
// m‖ω.
//
//	H1(m, ω) and H1(h, π): input m‖ω (resp. h‖π, h as 32 bytes big-endian)
//	H2(P):                 input compressed P
//	H3(D, E, F):           input D‖E‖F
//	H4(pk2):               input compressed pk2
//
// # Encodings
//
// Every encoding is fixed-size and starts with one byte naming the type and
// format version, so one kind of object never parses as another. Points are
// SEC 1 compressed (33 bytes), scalars 32 bytes big-endian and canonical.
//
//	PublicKey     67 bytes  0x01 ‖ pk1 ‖ pk2
//	PrivateKey    65 bytes  0x02 ‖ x1 ‖ x2
//	Ciphertext   163 bytes  0x03 ‖ D ‖ E ‖ F(64) ‖ s
//	ReKey        196 bytes  0x04 ‖ pkA1 ‖ pkA2 ‖ rk ‖ V ‖ W(64)
//	ReCiphertext 195 bytes  0x05 ‖ E' ‖ F(64) ‖ V ‖ W(64)
//
// Parsing rejects wrong lengths and tags, points that are not on the curve or
// are the identity (secp256k1 has cofactor 1, so on the curve means in the
// group), scalars ≥ q, and zero where the scheme needs Z_q*.
//
// # Where this follows CWYD rather than the application paper
//
// The application paper's transcription is garbled in places; the original
// CWYD scheme is followed and the differences are:
//
//   - §4.3.1 describes G as "a subgroup of Z_q^*" and computes keys "mod q".
//     CWYD only needs a group of prime order q; secp256k1 is used (see below).
//   - §4.3.4 writes H4(pk_{i,2}) for the manager's own decryption and omits
//     the validity check; CWYD's second-level decryption uses the decryptor's
//     own pk2 and checks Eq. (1) (B^s = D·E^H3) first. Decrypt does both.
//   - §4.3.5 has the proxy exponentiate E without checking the ciphertext;
//     CWYD's ReEncrypt outputs ⊥ unless Eq. (1) holds, which is what makes
//     the scheme CCA-secure. ReEncrypt checks.
//   - §4.3.6 writes H(K, ω) where it means H1(K, ω).
//   - The application paper never spells out ReKeyGen; CWYD's is used as is.
//   - CWYD draws h from {0,1}^ℓ0 and uses it as an exponent. Here h is drawn
//     from Z_q* and carried as its canonical 32-byte encoding, which the
//     delegatee rejects if it is ≥ q or zero; for a 256-bit q the two
//     distributions differ by less than 2^-128.
//   - ℓ0 = ℓ1 = 256: the message is the 32-byte data key, ω and π are 32
//     bytes.
//   - A public key whose base B is the identity (x1·H4(pk2) + x2 = 0, which a
//     malicious party can construct) is rejected when parsed; CWYD does not
//     discuss it, but every ciphertext under it would be the identity.
//   - The re-encryption key carries the delegator's public key, which CWYD's
//     ReEncrypt uses implicitly for the check, so the proxy needs nothing
//     else; a ciphertext for anyone else fails the check.
//
// # Threshold re-encryption
//
// ReEncrypt's E' = E^rk is linear in rk, so crypto/tpre Shamir-shares rk
// among t-of-n proxies and combines their fragments E^{rk_i} by Lagrange
// interpolation in the exponent. The hooks it needs are ReKey.Scalar and
// ReKey.Header (rk and the delegatee's (V, W)), Ciphertext.ReEncryptionBase
// (E) and AssembleReCiphertext (E', F, V, W from parts). They expose nothing
// the encodings do not, and the delegatee's check of E' still rejects a
// wrong combination.
//
// # Group choice
//
// CWYD needs no pairing, so any prime-order group with hard CDH works.
// secp256k1 from gnark-crypto is used rather than BLS12-381 G1. On the
// project's shared two-core machine (best of several noisy runs) gnark's
// variable-base multiplication took ≈ 60–80 µs on secp256k1 against ≈ 95 µs
// on BLS12-381 G1 (whose 381-bit field has assembly where secp256k1's
// 256-bit field is pure Go; both use GLV), and decoding a compressed
// BLS12-381 G1 point, which needs a subgroup check, took ≈ 80 µs against
// ≈ 6.5 µs for secp256k1, whose cofactor is 1. Its points are also 33 rather
// than 48 bytes. The proxy parses every capsule it re-encrypts, so
// secp256k1 is the cheaper group end to end. ReEncrypt is one two-base
// multiplication (the check, with shared doublings) plus one single-base
// multiplication; the generator's multiples come from a precomputed table.
//
// # Side channels
//
// gnark-crypto's secp256k1 arithmetic is not constant time, and neither are
// the multiplications built on it here: multiplication by secret scalars (x1,
// x2, 1/z, r, h) leaks timing that depends on them. Decryption should run on
// the key holder's own machine, not as a service an attacker can time.
package pre
