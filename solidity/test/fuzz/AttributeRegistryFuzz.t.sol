// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeRegistry} from "../../src/interfaces/IAttributeRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Attribute names against an independent model of the `kind:value` grammar, and
/// assignment/revocation sequences against a set model with a revocation counter.
contract AttributeRegistryFuzzTest is Fixture {
    bytes internal constant ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_.-";

    function fullId(bytes memory name) internal pure returns (bytes32) {
        return keccak256(bytes.concat(bytes(NAMESPACE), "/", name));
    }

    /// @dev Reference grammar, written as a split on ':' rather than a single scan like the contract.
    function validName(bytes memory name) internal pure returns (bool) {
        if (name.length == 0 || name.length > 64) return false;
        uint256 colons;
        uint256 at;
        for (uint256 i; i < name.length; ++i) {
            if (name[i] == ":") {
                ++colons;
                at = i;
            } else if (!inAlphabet(name[i])) {
                return false;
            }
        }
        return colons == 1 && at > 0 && at < name.length - 1;
    }

    function inAlphabet(bytes1 c) internal pure returns (bool) {
        for (uint256 i; i < ALPHABET.length; ++i) {
            if (ALPHABET[i] == c) return true;
        }
        return false;
    }

    function nameFrom(bytes32 seed, uint256 kindLength, uint256 valueLength)
        internal
        pure
        returns (bytes memory)
    {
        bytes memory name = new bytes(kindLength + 1 + valueLength);
        for (uint256 i; i < name.length; ++i) {
            name[i] = ALPHABET[uint256(keccak256(abi.encode(seed, i))) % ALPHABET.length];
        }
        name[kindLength] = ":";
        return name;
    }

    function testFuzz_defineAttribute_matchesGrammar(bytes calldata name) public {
        vm.assume(name.length <= 80);
        bool valid = validName(name);
        if (!valid) vm.expectRevert(IAttributeRegistry.InvalidName.selector);
        vm.prank(authority);
        attributes.defineAttribute(string(name));
        if (valid) assertEq(attributes.authorityOf(fullId(name)), authority, "defined");
    }

    function testFuzz_defineAttribute_acceptsGrammarWords(
        bytes32 seed,
        uint256 kindLength,
        uint256 valueLength
    ) public {
        kindLength = bound(kindLength, 1, 62);
        valueLength = bound(valueLength, 1, 63 - kindLength);
        bytes memory name = nameFrom(seed, kindLength, valueLength);
        vm.prank(authority);
        bytes32 id = attributes.defineAttribute(string(name));
        assertEq(id, fullId(name), "id");
        assertEq(attributes.nameOf(id), string.concat(NAMESPACE, "/", string(name)), "full name round-trips");
    }

    function testFuzz_defineAttribute_rejectsAnyForeignByte(bytes32 seed, uint256 position, bytes1 c) public {
        vm.assume(!inAlphabet(c) && c != ":");
        bytes memory name = nameFrom(seed, 8, 16);
        position = bound(position, 0, name.length - 1);
        name[position] = c;
        vm.expectRevert(IAttributeRegistry.InvalidName.selector);
        vm.prank(authority);
        attributes.defineAttribute(string(name));
    }

    function checkAgainstModel(bytes32[10] memory pool, bool[10] memory held) internal view {
        bytes32 hash;
        uint256 size;
        for (uint256 k; k < pool.length; ++k) {
            assertEq(attributes.hasAttribute(requester, pool[k]), held[k], "membership");
            if (held[k]) {
                hash ^= keccak256(abi.encode(requester, pool[k]));
                ++size;
            }
        }
        bytes32[] memory list = attributes.attributesOf(requester);
        assertEq(list.length, size, "size");
        for (uint256 k; k < list.length; ++k) {
            assertTrue(attributes.hasAttribute(requester, list[k]), "listed id is held");
            for (uint256 m; m < k; ++m) {
                assertNotEq(list[m], list[k], "listed once");
            }
        }
        assertEq(attributes.attributesHash(requester), hash, "order-free hash");
    }

    /// @dev Ten attributes, sixteen assign/revoke operations of up to three ids each; after each
    /// operation the registry's set, membership and order-free hash must equal the model's.
    function testFuzz_assignRevoke_matchesSetModel(uint256[16] calldata ops) public {
        bytes32[10] memory pool;
        for (uint256 i; i < pool.length; ++i) {
            vm.prank(authority);
            pool[i] = attributes.defineAttribute(string(abi.encodePacked("attr:", bytes1(uint8(97 + i)))));
        }
        bool[10] memory held;
        uint256 revision;
        for (uint256 step; step < ops.length; ++step) {
            uint256 op = ops[step];
            bool assigning = op & 1 == 0;
            uint256 count = 1 + (op >> 1) % 3;
            bytes32[] memory batch = new bytes32[](count);
            bool expectFail;
            bool[10] memory next; // memory arrays assign by reference, so copy element-wise
            for (uint256 k; k < pool.length; ++k) {
                next[k] = held[k];
            }
            for (uint256 j; j < count; ++j) {
                uint256 k = (op >> (8 + 8 * j)) % pool.length;
                batch[j] = pool[k];
                if (next[k] == assigning) expectFail = true; // already held / not held, or repeated in batch
                next[k] = assigning;
            }
            vm.prank(authority);
            if (assigning) {
                try attributes.assignAttributes(requester, batch) {
                    assertFalse(expectFail, "assign accepted an invalid batch");
                    held = next;
                } catch {
                    assertTrue(expectFail, "assign refused a valid batch");
                }
            } else {
                try attributes.revokeAttributes(requester, batch) {
                    assertFalse(expectFail, "revoke accepted an invalid batch");
                    held = next;
                    ++revision;
                } catch {
                    assertTrue(expectFail, "revoke refused a valid batch");
                }
            }

            checkAgainstModel(pool, held);
            assertEq(attributes.revisionOf(requester), revision, "one revision per revocation");
        }
    }
}
