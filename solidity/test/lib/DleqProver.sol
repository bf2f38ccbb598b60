// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Dleq} from "../../src/libraries/Dleq.sol";
import {TestBase} from "./Test.sol";
import {Vm} from "./Vm.sol";

/// @title DleqProver
/// @notice A crypto/dleq prover for tests, built on forge's `createWallet` (k·G for any k): every
/// point is made as a known multiple of G, so P = x·G, H = h·G, Q = (x·h)·G, and the witnesses
/// U = s·H and V = c·Q are (s·h)·G and (c·x·h)·G. The transcript is rebuilt here independently of
/// the verifier, from crypto/dleq's package doc.
abstract contract DleqProver is TestBase {
    /// @notice One statement with its proof and witness, as a verifier receives them.
    struct Case {
        Dleq.Point p;
        Dleq.Point h;
        Dleq.Point q;
        bytes32 context;
        Dleq.Proof proof;
        Dleq.Witness witness;
    }

    /// @notice k·G for k mod n ≠ 0.
    function mulG(uint256 k) internal returns (Dleq.Point memory point) {
        k %= SECP256K1_N;
        require(k != 0, "mulG: zero scalar");
        Vm.Wallet memory w = vm.createWallet(k);
        point = Dleq.Point(w.publicKeyX, w.publicKeyY);
    }

    /// @notice Maps any value onto [1, n−1], keeping values already there.
    function toScalar(uint256 v) internal pure returns (uint256) {
        v %= SECP256K1_N;
        return v == 0 ? 1 : v;
    }

    /// @notice The challenge of crypto/dleq's transcript.
    function challenge(
        Dleq.Point memory p,
        Dleq.Point memory h,
        Dleq.Point memory q,
        bytes32 context,
        address a,
        Dleq.Point memory b
    ) internal pure returns (uint256) {
        return uint256(
            keccak256(
            abi.encodePacked("emrchain/dleq/v1", context, p.x, p.y, h.x, h.y, q.x, q.y, a, b.x, b.y)
        )
        ) % SECP256K1_N;
    }

    function pointAddress(Dleq.Point memory pt) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encodePacked(pt.x, pt.y)))));
    }

    /// @notice A valid proof of log_G P = log_H Q for secret x, base H = h·G and nonce k.
    function prove(uint256 x, uint256 h, uint256 k, bytes32 context) internal returns (Case memory c) {
        (x, h, k) = (toScalar(x), toScalar(h), toScalar(k));
        c.p = mulG(x);
        c.h = mulG(h);
        c.q = mulG(mulmod(x, h, SECP256K1_N));
        c.context = context;
        address a = pointAddress(mulG(k));
        Dleq.Point memory b = mulG(mulmod(k, h, SECP256K1_N));
        c.proof.c = challenge(c.p, c.h, c.q, context, a, b);
        c.proof.s = addmod(k, mulmod(c.proof.c, x, SECP256K1_N), SECP256K1_N);
        witnessFor(c, h, mulmod(x, h, SECP256K1_N));
    }

    /// @notice Sets c's witness for its current proof, given H = h·G and Q = qLog·G.
    function witnessFor(Case memory c, uint256 h, uint256 qLog) internal {
        c.witness.u = mulG(mulmod(c.proof.s, h, SECP256K1_N));
        c.witness.v = mulG(mulmod(c.proof.c, qLog, SECP256K1_N));
    }

    function encodeProof(Dleq.Proof memory proof) internal pure returns (bytes memory) {
        return abi.encodePacked(proof.c, proof.s);
    }

    function encodeWitness(Dleq.Witness memory w) internal pure returns (bytes memory) {
        return abi.encodePacked(w.u.x, w.u.y, w.v.x, w.v.y);
    }

    /// @notice SEC 1 compressed encoding, written out here rather than taken from the library.
    function compressed(Dleq.Point memory pt) internal pure returns (bytes memory) {
        return abi.encodePacked(pt.y % 2 == 0 ? bytes1(0x02) : bytes1(0x03), pt.x);
    }
}
