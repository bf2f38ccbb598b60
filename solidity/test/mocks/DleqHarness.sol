// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Dleq} from "../../src/libraries/Dleq.sol";
import {Secp256k1} from "../../src/libraries/Secp256k1.sol";

/// @title DleqHarness
/// @notice External entry points to the `Dleq` and `Secp256k1` libraries, so tests can expect
/// their reverts (forge only catches reverts of calls below the test's frame).
contract DleqHarness {
    function verify(
        Dleq.Point memory p,
        Dleq.Point memory h,
        Dleq.Point memory q,
        bytes32 context,
        Dleq.Proof memory proof,
        Dleq.Witness memory witness
    ) external view returns (bool) {
        return Dleq.verify(p, h, q, context, proof, witness);
    }

    /// @dev The gas of one verification alone, without this call's calldata and dispatch.
    function verifyGas(
        Dleq.Point memory p,
        Dleq.Point memory h,
        Dleq.Point memory q,
        bytes32 context,
        Dleq.Proof memory proof,
        Dleq.Witness memory witness
    ) external view returns (bool valid, uint256 gasUsed) {
        uint256 start = gasleft();
        valid = Dleq.verify(p, h, q, context, proof, witness);
        gasUsed = start - gasleft();
    }

    function decompress(bytes memory encoded) external view returns (bool ok, uint256 x, uint256 y) {
        return Secp256k1.decompress(encoded);
    }

    function decompressGas(bytes memory encoded) external view returns (uint256 gasUsed) {
        uint256 start = gasleft();
        Secp256k1.decompress(encoded);
        gasUsed = start - gasleft();
    }

    function compress(uint256 x, uint256 y) external pure returns (bytes memory) {
        return Secp256k1.compress(x, y);
    }

    function isOnCurve(uint256 x, uint256 y) external pure returns (bool) {
        return Secp256k1.isOnCurve(x, y);
    }

    function mulAddAddress(uint256 a, uint256 rx, uint256 ry, uint256 b) external view returns (address) {
        return Secp256k1.mulAddAddress(a, rx, ry, b);
    }

    function add(uint256 x1, uint256 y1, uint256 x2, uint256 y2) external view returns (uint256, uint256) {
        return Secp256k1.add(x1, y1, x2, y2);
    }

    function decodeProof(bytes memory encoded) external pure returns (Dleq.Proof memory) {
        return Dleq.decodeProof(encoded);
    }

    function decodeWitness(bytes memory encoded) external pure returns (Dleq.Witness memory) {
        return Dleq.decodeWitness(encoded);
    }
}
