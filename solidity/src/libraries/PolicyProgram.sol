// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title PolicyProgram
/// @notice Evaluates a record's policy in its on-chain form: a postfix program over attribute ids
/// whose keccak256 is the record's `policyHash` (docs/trust.md, "The on-chain policy program").
/// @dev Encoding:
///   `0x00 ‖ attributeId (32)`  push whether the holder has `attributeId`;
///   `0x01 ‖ k (1) ‖ n (1)`     pop n ≥ 2 values, push whether at least k (1 ≤ k ≤ n) are true
///                              (AND is n-of-n, OR is 1-of-n).
/// A program is valid when it ends with exactly one value, has at most 64 leaves and no other bytes.
/// Each stack entry carries, beside its truth value, the set of leaves (a 64-bit mask by leaf
/// position) that make it true: for a threshold gate the union of its first k true children's sets.
/// So a satisfied program yields a small set of attributes that suffices, which is what a read
/// records as "the attributes used", rather than everything the holder happens to hold.
library PolicyProgram {
    uint8 internal constant OP_LEAF = 0x00;
    uint8 internal constant OP_THRESHOLD = 0x01;
    uint256 internal constant MAX_LEAVES = 64;

    /// @dev Stack entry: bit 64 is the value, bits 0..63 the leaves that make it true.
    uint256 private constant TRUE_BIT = 1 << 64;
    uint256 private constant LEAF_MASK = TRUE_BIT - 1;

    /// @notice The program is malformed at byte `offset` (for a program that does not end with
    /// exactly one value, `offset` is its length).
    error InvalidProgram(uint256 offset);

    /// @notice Whether `holder` satisfies `program`, with `holds(holder, id)` answering each leaf.
    /// @param program The postfix program.
    /// @param holder Whose attributes are checked.
    /// @param holds The attribute lookup, called once per leaf.
    /// @return satisfied Whether the program evaluates to true.
    /// @return used The attribute ids of a satisfying set, in program order (empty when not satisfied).
    function evaluate(
        bytes calldata program,
        address holder,
        function(address, bytes32) view returns (bool) holds
    ) internal view returns (bool satisfied, bytes32[] memory used) {
        // stack[0..63]: evaluation stack; stack[64..127]: the leaves' ids by position.
        uint256[] memory stack = new uint256[](2 * MAX_LEAVES);
        // depth in the low 128 bits, leaf count above.
        uint256 counts;
        uint256 i;
        while (i < program.length) {
            bytes1 op = program[i];
            if (op == bytes1(OP_LEAF)) {
                if (i + 33 > program.length || counts >> 128 == MAX_LEAVES) revert InvalidProgram(i);
                bytes32 id = bytes32(program[i + 1:i + 33]);
                counts = _push(stack, counts, id, holds(holder, id));
                i += 33;
            } else if (op == bytes1(OP_THRESHOLD)) {
                if (i + 3 > program.length) revert InvalidProgram(i);
                counts = _gate(stack, counts, uint8(program[i + 1]), uint8(program[i + 2]), i);
                i += 3;
            } else {
                revert InvalidProgram(i);
            }
        }
        if (uint128(counts) != 1) revert InvalidProgram(program.length);
        return _result(stack, counts >> 128);
    }

    /// @notice The leaf encoding of `attributeId`, for building programs.
    function leaf(bytes32 attributeId) internal pure returns (bytes memory) {
        return abi.encodePacked(OP_LEAF, attributeId);
    }

    /// @notice The threshold-gate encoding: at least `k` of the `n` values before it.
    function threshold(uint8 k, uint8 n) internal pure returns (bytes memory) {
        return abi.encodePacked(OP_THRESHOLD, k, n);
    }

    /// @dev Pushes a leaf's value and records its id; returns the new counts.
    function _push(uint256[] memory stack, uint256 counts, bytes32 id, bool held)
        private
        pure
        returns (uint256)
    {
        uint256 depth = uint128(counts);
        uint256 leafCount = counts >> 128;
        stack[MAX_LEAVES + leafCount] = uint256(id);
        stack[depth] = held ? TRUE_BIT | (uint256(1) << leafCount) : 0;
        return ((leafCount + 1) << 128) | (depth + 1);
    }

    /// @dev Pops `n` entries, pushes whether at least `k` were true with the union of the first
    /// `k` true entries' leaf sets; returns the new counts.
    function _gate(uint256[] memory stack, uint256 counts, uint256 k, uint256 n, uint256 offset)
        private
        pure
        returns (uint256)
    {
        uint256 depth = uint128(counts);
        if (n < 2 || k == 0 || k > n || n > depth) revert InvalidProgram(offset);
        depth -= n;
        uint256 trueCount;
        uint256 mask;
        for (uint256 j; j < n && trueCount < k; ++j) {
            uint256 e = stack[depth + j];
            if (e & TRUE_BIT != 0) {
                ++trueCount;
                mask |= e & LEAF_MASK;
            }
        }
        stack[depth] = trueCount == k ? TRUE_BIT | mask : 0;
        return ((counts >> 128) << 128) | (depth + 1);
    }

    function _result(uint256[] memory stack, uint256 leafCount)
        private
        pure
        returns (bool, bytes32[] memory used)
    {
        uint256 top = stack[0];
        if (top & TRUE_BIT == 0) return (false, new bytes32[](0));
        uint256 usedMask = top & LEAF_MASK;
        used = new bytes32[](_popcount(usedMask));
        uint256 u;
        for (uint256 j; j < leafCount; ++j) {
            if (usedMask & (uint256(1) << j) != 0) used[u++] = bytes32(stack[MAX_LEAVES + j]);
        }
        return (true, used);
    }

    function _popcount(uint256 x) private pure returns (uint256 c) {
        while (x != 0) {
            x &= x - 1;
            ++c;
        }
    }
}
