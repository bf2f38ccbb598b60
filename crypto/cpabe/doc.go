// Package cpabe is ciphertext-policy attribute-based encryption for
// emrchain: a record's data key is encrypted under a policy such as
//
//	role:insurer and (org:acme or org:globex)
//
// and only holders of attribute keys whose attributes satisfy the policy can
// recover it. Seed paper 001 of the project ("A blockchain-based framework
// for electronic medical records sharing with fine-grained access control",
// PLOS ONE, 2020) uses CP-ABE this way for medical records stored on IPFS,
// with AND-gate policies; its Table 4 gives the PBC-library timings that the
// project's benchmark report sets beside ours.
//
// # Construction
//
// The scheme is the CP-ABE of FAME (S. Agrawal and M. Chase, "FAME: Fast
// Attribute-based Message Encryption", ACM CCS 2017), which is fully
// secure under the decisional linear assumption on Type-3 (asymmetric)
// pairings in the random-oracle model, and puts no restriction on policies:
// any monotone span program, with attributes repeated freely. Its
// decryption costs six pairings whatever the policy size, done here as one
// multi-Miller loop and one final exponentiation.
//
// Following FAME, attributes and span-program columns are hashed to G1
// (RFC 9380 hash-to-curve, SSWU, with this package's domain separation
// tag). Hashes are kept in a bounded LRU cache, and the per-row products of
// hashes that encryption needs are computed once per Policy, since neither
// depends on the message. Multiplications of the fixed generator g use a
// precomputed table; the two- and three-term sums that make up each
// ciphertext row and key part share their doublings (GLV-split Straus
// interleaving, internal/straus), and all rows of a ciphertext, which share
// the scalars s1 and s2, are computed as one batch in affine coordinates
// with one field inversion per step; T1^{s1}·T2^{s2} is one joint
// exponentiation (internal/gtexp); and independent rows, attributes and
// point validations are spread over the available cores.
//
// # Attributes never seen before
//
// Encrypting under a new attribute costs its six hashes: 12 square roots
// (two SWU maps per hash, as RFC 9380's random-oracle variant requires) and
// six cofactor clearings, besides the row's three two-term sums. The hash
// is unchanged, but its last step, clear_cofactor(R) = h_eff·R, is applied
// where it is cheapest. The cache keeps each hash's point R before that
// step, and the first encryption that uses the attribute forms its row's
// bases from these R and multiplies the row's three ciphertext points by
// h_eff instead: three clearings instead of six, and the same points, since
// multiplication by h_eff is a group homomorphism of E(Fp), so
// h_eff·(s1·B1 + s2·B2) = s1·(h_eff·B1) + s2·(h_eff·B2), which is what the
// usual path computes from the cleared hashes (a test checks the two
// ciphertexts are byte for byte equal). The sums over uncleared bases use
// the GLV split, which is exact only on G1; outside G1 (the part of order
// dividing the cofactor, on which discrete logarithms are easy) the
// result then depends on the secret s1 and s2, and that part is exactly
// what the clearing removes: no uncleared value leaves Encapsulate, and
// every ciphertext point is in G1. Random-oracle security is unaffected,
// since the hash function is RFC 9380's and is still evaluated in full. The
// attribute's next use (an encryption or a key) clears its hashes once,
// after which it costs what any known attribute costs.
//
// # Curve
//
// BLS12-381 (gnark-crypto v0.22.0) targets 128-bit security: its 255-bit
// prime-order groups resist Pollard rho at that level, and after the
// tower-NFS improvements its 4572-bit target field is estimated at 117–126
// bits, where BN254's fell to about 100. It is the pairing curve with the
// widest review and deployment (Ethereum consensus, Zcash, IETF drafts). Everything that grows
// with the number of attributes lives in G1 (48-byte points); G2 holds only
// the constant-size parts.
//
// # Policy language
//
// Attributes are [namespace/]name:value over [a-z0-9_.-], such as
// hospital-a/role:doctor or dept:cardiology; the namespace is that of the
// authority that defines the attribute on chain. Policies combine them with "and", "or" (AND binds
// tighter; keywords are case-insensitive), parentheses, and threshold gates
// "k of (p1, p2, …)". See ParsePolicy for the grammar. AND and OR are
// converted to a span program by Lewko–Waters; thresholds by Vandermonde
// (Shamir) rows, which cost n rows and k−1 columns instead of the C(n,k)
// terms of expanding them into ANDs and ORs.
//
// # Policy program
//
// A contract cannot parse policy text, so each policy also has a program
// (Policy.Program): the formula in postfix form over attribute ids
// (keccak256 of the attribute text), which the contract evaluates with a
// small stack against the requester's attributes, and whose keccak256 is the
// record's policyHash. The conversion is canonical both ways (ParseProgram
// refuses anything but the program a policy converts to), so the text shown
// to the patient, the CP-ABE policy and the program are the same formula.
// A record's CP-ABE policy adds the epoch attribute (Policy.WithEpoch); its
// program does not.
//
// # KEM
//
// FAME encrypts a GT element. This package uses it as a KEM instead: the
// shared element Z = T1^{s1}·T2^{s2} is expanded by HKDF-SHA256 into a
// 32-byte key and a 32-byte key-confirmation tag, with the policy and every
// group element of the ciphertext in the HKDF info. The tag travels in the
// ciphertext; Decapsulate recomputes it and compares in constant time, so a
// modified ciphertext, or a key of another authority or a spliced key, is
// rejected with ErrDecryption instead of yielding a wrong key. Wrap and
// Unwrap use the KEM key with AES-256-GCM to carry a record's 32-byte data
// key, which is what the project stores on IPFS.
//
// # Encodings and point checks
//
// All encodings validate lengths and check every point is on the curve, in
// the prime-order subgroup and not the identity. Ciphertexts are written in
// version 2, with uncompressed points (version 1, compressed, still
// decodes): checking a point against the curve equation costs a few field
// multiplications where decompressing it costs a square root, about as much
// as the subgroup check itself. The KEM binds the ciphertext's own encoding,
// so a ciphertext re-encoded in the other version fails its key
// confirmation.
//
// A wrapped key parsed for decryption (Unwrap, WrappedKey) checks the row
// points' subgroup membership once, on what reaches the pairing, instead of
// point by point: each row point is checked to be on the curve, and
// Decapsulate checks that the three combinations A_l = Σ γ_i·ct_{i,l} it
// pairs are in G1. On BLS12-381 G1 a point splits uniquely into a G1 part
// and a part of order dividing the cofactor; A_l is in G1 exactly when the
// rows' cofactor parts cancel in it, and then it equals the combination of
// the rows' G1 parts. Every accepted decryption is therefore the decryption
// of a valid ciphertext, which is what point-by-point checks protect, at
// three subgroup checks instead of 3n. (Batching the checks with random
// coefficients instead would be unsound here: the cofactor has the small
// factors 3 and 11.) Ciphertext.UnmarshalBinary checks every point.
//
// The group arithmetic
// (gnark-crypto's and this package's) is not constant-time; the master key
// should be used on a machine where timing is not observable by others.
package cpabe
