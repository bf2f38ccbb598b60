// Package toprf is the threshold oblivious PRF that issues keyword-index
// tokens: a requester learns F_s(w, e) for a keyword w of its choosing in the
// patient's index epoch e, from t of the n committee members that hold shares
// of the patient's index key s for that epoch, without any of them (or the
// chain) learning w, and without holding s. The output is the 32-byte secret
// crypto/sse turns into the keyword's label and mask keys (Output.Token).
//
// # Construction
//
// 2HashDH (Jarecki, Kiayias, Krawczyk, Xu: "TOPPSS", 2017; the threshold
// form of the OPRF of RFC 9497) on secp256k1:
//
//	P      = H1(w ‖ e)        RFC 9380 hash_to_curve, expand_message_xmd
//	                           with SHA-256 and the Shallue–van de Woestijne
//	                           map (gnark-crypto's secp256k1 HashToG1), DST
//	                           "EMRCHAIN-TOPRF-V01-secp256k1_XMD:SHA-256_SVDW_RO_",
//	                           w normalised as crypto/sse does, e as 8 bytes
//	F_s(w, e) = SHA-256("emrchain/toprf/v1/output" ‖ len(w) (4) ‖ w ‖ e (8) ‖ s·P)
//
// The requester draws r and publishes B = r·P (Request). Member i answers
// E_i = s_i·B with a DLEQ proof (crypto/dleq) that log_G S_i = log_B E_i,
// S_i = s_i·G being its share commitment fixed on chain. The requester
// checks each proof, interpolates t answers and unblinds with r⁻¹ in one
// multi-scalar product, s·P = Σ λ_i·r⁻¹·E_i, and hashes. The patient, who
// holds s, evaluates F directly (Key.Evaluate) to write her entries.
//
// The SVDW suite is RFC 9380's generic map, not the SSWU suite the RFC
// defines for secp256k1 (§8.7), so H1 differs from other libraries'
// secp256k1_XMD:SHA-256_SSWU_RO_; the DST names the suite actually used.
//
// # One key per epoch
//
// The patient's index key is derived per epoch from her seed (DeriveKey) and
// dealt to the committee anew whenever the epoch changes. A single key for
// all epochs would not do: blinding hides e from the members as well as w,
// so an authorised requester could ask for tokens of future epochs (B =
// r·H1(w ‖ e+1)) and keep searching after its removal. With a key per epoch
// the members answer only with the current epoch's share, and a token is
// useless outside its epoch.
//
// # Dealing an epoch's key (the index-key bundle)
//
// The patient deals each epoch's key t-of-n to the first n members of a
// committee in one Bundle (DealBundle), stored on IPFS; its SHA-256 and the
// share commitments S_i go on chain when she registers the key:
//
//	0x05 ‖ chainId (8) ‖ KeywordIndex (20) ‖ patient (20) ‖ epoch (8) ‖ t ‖ n
//	     ‖ S_1 … S_n (n × 33, compressed) ‖ sealed shares (n × 81)
//
// Share i is sealed to member i's transport key (crypto/transport), info
// "emrchain/index-share/v1", aad SHA-256(everything before the sealed
// shares) ‖ i. Binding the patient, chain, contract and epoch matters: a
// patient who copied another's bundle and registered it as her own index key
// would otherwise have the committee evaluate the other patient's key for her
// requesters; with the binding, no member can open a share of a copied
// bundle. Parsing checks every commitment and runs SCRAPE's degree check with
// a challenge drawn from the public part's digest, so every t members'
// answers interpolate to the same output; OpenShare checks s_i·G = S_i.
//
// # Security
//
// Under the one-more gap Diffie–Hellman assumption in the random-oracle
// model the outputs are pseudorandom to anyone who has not obtained them
// through a request (2HashDH is a UC-secure OPRF; its threshold form needs
// fewer than t corrupt members). Requests and answers are uniformly random
// points that hide w; each answer's proof binds it to the member's share
// commitment, so a wrong answer is identified and, on chain, recorded as a
// fault. t−1 members learn nothing of s (Shamir).
//
// # Known weaknesses
//
//   - Each request yields one token of the requester's choice: the members are
//     an oracle for F_s by design, and only the chain's authorisation and audit
//     trail limit how often a requester asks.
//   - The members cannot see which keyword or epoch a request is for; they rely
//     on the per-epoch key (above) to confine a token to its epoch.
//   - t colluding members can evaluate F_s on any input, and so build every
//     token of the epoch.
//   - The arithmetic is variable time (gnark-crypto's).
package toprf
