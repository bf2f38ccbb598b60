// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Secp256k1} from "./Secp256k1.sol";

/// @title Dleq
/// @notice Verifies crypto/dleq's Chaum–Pedersen proofs that log_G P = log_H Q on secp256k1,
/// with three `ecrecover` calls and one affine addition instead of scalar multiplications.
/// @dev The transcript is crypto/dleq's, byte for byte:
///
///     c = keccak256("emrchain/dleq/v1" ‖ context ‖ P ‖ H ‖ Q ‖ addr(A) ‖ B) mod n,
///     A = s·G − c·P,  B = s·H − c·Q,
///
/// points as 64-byte x ‖ y. ecrecover yields only the address of a·R + b·G, so addr(A) comes
/// straight from it, while B, which the transcript hashes as a point, is rebuilt from two witness
/// points the caller supplies, U = s·H and V = c·Q: each is checked on the curve and against the
/// address ecrecover gives for its multiple, then B = U − V. A wrong witness is the caller's
/// mistake, not the prover's, so it reverts (`InvalidWitness`) rather than reading as an invalid
/// proof; likewise a malformed statement (`InvalidStatement`). Only a proof that is out of range or
/// whose challenge does not recompute is reported invalid.
///
/// Security: the address comparisons are 160-bit, so a witness is bound to its multiple up to
/// keccak collisions on 160 bits (about 2⁸⁰ work for a pair, 2¹⁶⁰ to hit a given point). A proof
/// with c = 0 or s = 0 is reported invalid without a witness; an honest prover produces one with
/// probability about 2⁻²⁵⁶. `Secp256k1.UnsupportedPoint` can revert for points whose x and that of
/// their sum with G both lie in [n, p), which takes about 2¹²⁸ work to construct.
library Dleq {
    /// @notice An affine point of secp256k1.
    struct Point {
        uint256 x;
        uint256 y;
    }

    /// @notice A proof: challenge c and response s, each below n.
    struct Proof {
        uint256 c;
        uint256 s;
    }

    /// @notice The two points a verifier needs besides the proof: U = s·H and V = c·Q
    /// (crypto/dleq's `Proof.Witness`).
    struct Witness {
        Point u;
        Point v;
    }

    /// @notice Length of an encoded proof: c ‖ s, each 32 bytes big-endian.
    uint256 internal constant PROOF_LENGTH = 64;
    /// @notice Length of an encoded witness: U ‖ V, each 64 bytes x ‖ y.
    uint256 internal constant WITNESS_LENGTH = 128;
    /// @notice Length of an uncompressed point x ‖ y.
    uint256 internal constant POINT_LENGTH = 64;

    /// @notice A statement point is off the curve, has a coordinate ≥ p, or is the identity.
    error InvalidStatement();
    /// @notice A witness point is off the curve, or is not the multiple it stands for.
    error InvalidWitness();
    /// @notice An encoding has the wrong length.
    error InvalidLength(uint256 length, uint256 expected);

    /// @notice Whether `proof` shows log_G P = log_H Q for `context`.
    /// @dev Reverts with `InvalidStatement` or `InvalidWitness` when the inputs, not the proof, are
    /// wrong. Gas: about 16,000 for a valid proof ("Dleq.verify" in the gas snapshot).
    /// @param p P = x·G, the published key or commitment.
    /// @param h H, the other base.
    /// @param q Q = x·H, the fragment or share.
    /// @param context The 32-byte value the proof is bound to.
    /// @param proof The proof (c, s).
    /// @param witness U = s·H and V = c·Q.
    /// @return valid True when the challenge recomputes.
    function verify(
        Point memory p,
        Point memory h,
        Point memory q,
        bytes32 context,
        Proof memory proof,
        Witness memory witness
    ) internal view returns (bool valid) {
        if (
            !Secp256k1.isOnCurve(p.x, p.y) || !Secp256k1.isOnCurve(h.x, h.y) || !Secp256k1.isOnCurve(q.x, q.y)
        ) revert InvalidStatement();
        if (proof.c == 0 || proof.c >= Secp256k1.N || proof.s == 0 || proof.s >= Secp256k1.N) return false;
        Point memory b = _commitmentB(h, q, proof, witness);
        // B = identity means k = 0, which crypto/dleq rejects too.
        if (b.x == 0 && b.y == 0) return false;
        address a = Secp256k1.mulAddAddress(Secp256k1.N - proof.c, p.x, p.y, proof.s);
        if (a == address(0)) return false;
        return _challenge(p, h, q, context, a, b) == proof.c;
    }

    /// @dev Checks U = s·H and V = c·Q by their addresses, then returns B = U − V.
    function _commitmentB(Point memory h, Point memory q, Proof memory proof, Witness memory witness)
        private
        view
        returns (Point memory b)
    {
        Point memory u = witness.u;
        Point memory v = witness.v;
        if (!Secp256k1.isOnCurve(u.x, u.y) || !Secp256k1.isOnCurve(v.x, v.y)) revert InvalidWitness();
        if (Secp256k1.mulAddAddress(proof.s, h.x, h.y, 0) != Secp256k1.toAddress(u.x, u.y)) {
            revert InvalidWitness();
        }
        if (Secp256k1.mulAddAddress(proof.c, q.x, q.y, 0) != Secp256k1.toAddress(v.x, v.y)) {
            revert InvalidWitness();
        }
        (b.x, b.y) = Secp256k1.add(u.x, u.y, v.x, Secp256k1.P - v.y);
    }

    /// @dev crypto/dleq's challenge: keccak256(domain ‖ context ‖ P ‖ H ‖ Q ‖ addr(A) ‖ B) mod n.
    function _challenge(
        Point memory p,
        Point memory h,
        Point memory q,
        bytes32 context,
        address a,
        Point memory b
    ) private pure returns (uint256) {
        bytes32 digest = keccak256(
            abi.encodePacked("emrchain/dleq/v1", context, p.x, p.y, h.x, h.y, q.x, q.y, a, b.x, b.y)
        );
        return uint256(digest) % Secp256k1.N;
    }

    /// @notice Parses c ‖ s without range checks (`verify` reports out-of-range values invalid).
    function decodeProof(bytes memory encoded) internal pure returns (Proof memory proof) {
        if (encoded.length != PROOF_LENGTH) revert InvalidLength(encoded.length, PROOF_LENGTH);
        (proof.c, proof.s) = abi.decode(encoded, (uint256, uint256));
    }

    /// @notice Parses U ‖ V, each x ‖ y, without curve checks (`verify` makes them).
    function decodeWitness(bytes memory encoded) internal pure returns (Witness memory witness) {
        if (encoded.length != WITNESS_LENGTH) revert InvalidLength(encoded.length, WITNESS_LENGTH);
        (witness.u.x, witness.u.y, witness.v.x, witness.v.y) =
            abi.decode(encoded, (uint256, uint256, uint256, uint256));
    }

    /// @notice Parses x ‖ y without curve checks.
    function decodePoint(bytes memory encoded) internal pure returns (Point memory point) {
        if (encoded.length != POINT_LENGTH) revert InvalidLength(encoded.length, POINT_LENGTH);
        (point.x, point.y) = abi.decode(encoded, (uint256, uint256));
    }
}
