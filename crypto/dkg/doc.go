// Package dkg is the distributed key generation of an emrchain committee:
// Joint-Feldman (Pedersen 1991) over the chain as broadcast channel, with
// publicly verifiable complaints, so that the committee's decryption key x is
// Shamir-shared among its n members with threshold t and never held by anyone.
// crypto/tdec decrypts under the resulting key Y = x·G.
//
// # Protocol
//
// The run follows docs/trust.md ("The DKG on chain"): the contract
// (ProxyNetwork) orders the messages and attests their senders; this package
// defines their bytes and decides everything from them. Every member has a
// DKG key pair (k_j, K_j = k_j·G) on secp256k1 registered for the committee.
// The run is named by a 32-byte id (CommitteeID: chain, contract, committee)
// to which every mask and proof is bound.
//
//  1. Deal. Member i draws a polynomial f_i of degree t−1 and sends its Deal:
//     Feldman commitments C_ik = a_ik·G, one ephemeral point R_i = r_i·G with a
//     proof of knowledge of r_i, and each share f_i(j) masked for member j with
//     hashed ElGamal, keccak256("emrchain/dkg/share/v1" ‖ id ‖ i ‖ j ‖ R_i ‖ K_j
//     ‖ r_i·K_j) (see Deal for the exact bytes).
//  2. Complain. Member j unmasks its share of each deal with k_j·R_i and
//     checks it against the commitments. If it does not match, j sends a
//     Complaint: the shared point S = k_j·R_i with a DLEQ proof (crypto/dleq)
//     that log_G K_j = log_{R_i} S. Anyone can then unmask that one share and
//     check it: a complaint whose share is wrong disqualifies the dealer, one
//     whose share is right is a false complaint and changes nothing. There is
//     no response round.
//  3. Finish. The qualified set QUAL is every dealer with a valid deal and no
//     upheld complaint. The committee key is Y = Σ_{i∈QUAL} C_i0, the joint
//     commitments are A_k = Σ_{i∈QUAL} C_ik, member j's public share is
//     X_j = Σ_k j^k·A_k and its secret share is x_j = Σ_{i∈QUAL} f_i(j).
//  4. Confirm. Each member sends (Y, sharesHash = keccak256(X_1 ‖ … ‖ X_n)),
//     points compressed; the contract makes the committee active when a quorum
//     confirmed the same keccak256(Y ‖ sharesHash), the transcript. The public
//     shares fix Y and follow from QUAL, so agreeing on them is agreeing on
//     the run.
//
// A Participant is a pure state machine over the chain's messages: feed it
// every deal, complaint and confirmation of the run in chain order with the
// sender the contract attests, tell it when the dealing and complaint windows
// close, and it returns what its member must send. It holds no network or
// chain code. Everything it decides is a function of the message sequence, so
// all honest members (and any observer, NewObserver) reach the same qualified
// set, key, public shares and transcript. A member that restarts rebuilds its
// state, its own share included, from its DKG key and the chain: its deal's
// share to itself is on chain like every other.
//
// # Security
//
// With at most t−1 corrupt members, the adversary learns nothing about x
// beyond Y and the public shares: every honest dealer is qualified (a complaint
// against a correct share is always refuted), and any t−1 shares of an honest
// dealer's polynomial are independent of its secret. t honest members can
// always decrypt. Everything is decided from public data, so honest members
// agree on the result exactly.
//
// A complaint publishes S = k_j·R_i and hence the one share f_i(j); it reveals
// nothing about k_j, because S = r_i·K_j is a value the dealer could compute
// itself, and the proof of knowledge of r_i, bound to this run, this dealer
// and this deal's bytes, means no dealer can put a point it does not know the
// logarithm of (another deal's R, or R + p·G for a known p) in its deal to
// make j decrypt that point for everyone. Without that proof, a corrupt
// dealer could copy an honest dealer's ephemeral point, send garbage, and
// turn each honest member's complaint into the publication of its share of
// the honest dealer's polynomial: enough corrupt dealers (half the committee)
// would then recover every honest polynomial and the key, below the
// threshold. The one ephemeral point per deal (multi-recipient ElGamal, each
// mask bound to its recipient) keeps the deal at 97 + 32n bytes.
//
// # Known weaknesses
//
//   - Joint-Feldman lets a rushing adversary bias the distribution of Y
//     (Gennaro, Jarecki, Krawczyk and Rabin, 1999): dealing last, it can decide
//     whether its own dealing is disqualified after seeing the others. Y is only
//     ever used to decrypt, and the bias does not help an adversary to do that;
//     protocols that need a uniform key must use GJKR's Pedersen-VSS variant.
//   - A member whose share from a qualified dealer is wrong but whose complaint
//     did not land before the complaint window closed has no usable share
//     (Result.Share is nil and Result.ShareErr says why); it counts as one of
//     the n−t members the committee can lose.
//   - Whoever later learns a DKG key k_j decrypts j's shares from the chain;
//     keys are registered per committee, so use a fresh one for each.
//   - No proactive refresh or resharing: a committee that loses members is
//     replaced by a new run.
//   - The arithmetic (gnark-crypto's and crypto/internal/group's) is variable
//     time; members should run where their timing is not observable by others.
package dkg
