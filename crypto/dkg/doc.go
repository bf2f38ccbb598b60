// Package dkg is the distributed key generation of an emrchain committee:
// Joint-Feldman (Pedersen 1991) over the chain as broadcast channel, with
// publicly verifiable complaints, so that the committee's decryption key x is
// Shamir-shared among its n members with threshold t and never held by anyone.
// crypto/tdec decrypts under the resulting key Y = x·G.
//
// # Protocol
//
// Every member has a long-lived DKG key pair (d_j, D_j = d_j·G) on secp256k1,
// enrolled on chain. A run is named by a 32-byte committee id, which the caller
// derives so that it is unique per chain, contract, committee and attempt.
//
//  1. Deal. Member i draws a polynomial f_i of degree t−1 and publishes one
//     Dealing: Feldman commitments C_ik = a_ik·G, one ephemeral point R_i =
//     r_i·G with a proof of knowledge of r_i, and each share f_i(j) masked for
//     member j with hashed ElGamal:
//     f_i(j) ⊕ keccak256("emrchain/dkg/share/v1" ‖ id ‖ i ‖ j ‖ R_i ‖ D_j ‖ r_i·D_j).
//  2. Complain. Member j decrypts its share of each dealing with d_j·R_i and
//     checks it against the commitments. If it does not match, j publishes a
//     Complaint: the shared point K = d_j·R_i with a DLEQ proof (crypto/dleq)
//     that log_G D_j = log_{R_i} K. Anyone can then decrypt that one share and
//     check it: a complaint whose share is wrong disqualifies the dealer, one
//     whose share is right is a false complaint and changes nothing. There is no
//     response round.
//  3. Finish. The qualified set QUAL is every dealer with a valid dealing and no
//     upheld complaint. The committee key is Y = Σ_{i∈QUAL} C_i0, the joint
//     commitments are A_k = Σ_{i∈QUAL} C_ik, member j's public share is
//     X_j = Σ_k j^k·A_k and its secret share is x_j = Σ_{i∈QUAL} f_i(j).
//  4. Confirm. Each member publishes the transcript hash (below); the contract
//     makes the committee active when a quorum confirmed the same hash.
//
// A Participant is a pure state machine over the chain's messages: feed it
// every dealing, complaint and confirmation of the run in chain order with the
// sender the contract attests, tell it when the dealing and complaint windows
// close, and it returns what its member must publish. It holds no network or
// chain code. Everything it decides is a function of the message sequence, so
// all honest members (and any observer, NewObserver) reach the same qualified
// set, key, public shares and transcript. A member that restarts rebuilds its
// state, its own share included, from its DKG key and the chain: its dealing's
// share to itself is on chain like every other.
//
// # Transcript
//
//	keccak256("emrchain/dkg/transcript/v1" ‖ id ‖ t ‖ n ‖ D_1 … D_n ‖ QUAL mask (uint16)
//	          ‖ keccak256(dealing_i) for i ∈ QUAL ascending ‖ A_0 … A_{t−1} ‖ X_1 … X_n)
//
// with points as 64-byte x‖y, the form EVM code reads. PublicSharesHash is
// keccak256(Y ‖ X_1 ‖ … ‖ X_n), what a contract keeps to rebuild the statement
// of a decryption share's DLEQ proof in a fault report.
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
// A complaint publishes K = d_j·R_i and hence the one share f_i(j); it reveals
// nothing about d_j, because K = r_i·D_j is a value the dealer could compute
// itself, and the proof of knowledge of r_i bound to this run and dealer means
// no dealer can put someone else's ephemeral point (another dealing's, another
// run's) in its dealing to make j decrypt that for everyone. Without that
// proof, a corrupt dealer could copy an honest dealer's R, send garbage, and
// turn j's complaint into a decryption of the honest dealer's share to j.
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
//   - DKG keys are long-lived: whoever later learns d_j decrypts j's shares from
//     the chain. Use a fresh DKG key per committee where that matters.
//   - No proactive refresh or resharing: a committee that loses members is
//     replaced by a new run.
//   - The arithmetic (gnark-crypto's and crypto/internal/group's) is variable
//     time; members should run where their timing is not observable by others.
package dkg
