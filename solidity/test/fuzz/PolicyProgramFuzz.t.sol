// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {PolicyProgram} from "../../src/libraries/PolicyProgram.sol";
import {Test} from "../lib/Test.sol";

/// @notice Exposes the library with an attribute set the test controls.
contract PolicyProgramHarness {
    mapping(address holder => mapping(bytes32 id => bool)) public held;

    function set(address holder, bytes32 id, bool value) external {
        held[holder][id] = value;
    }

    function evaluate(bytes calldata program, address holder) external view returns (bool, bytes32[] memory) {
        return PolicyProgram.evaluate(program, holder, _holds);
    }

    function _holds(address holder, bytes32 id) private view returns (bool) {
        return held[holder][id];
    }
}

/// @notice The evaluator against an independent tree model: random formulas over a small attribute
/// pool are built as trees, encoded to postfix, and evaluated both ways; the attributes reported as
/// used must be held and must satisfy the program on their own. Random byte strings are accepted
/// exactly when a separate validity model accepts them.
contract PolicyProgramFuzzTest is Test {
    PolicyProgramHarness internal h;
    address internal constant HOLDER = address(0xA11CE);
    uint256 internal constant POOL = 8;

    /// @dev A formula tree in arrays: node i is a leaf of attribute `attr[i]` or a k-of-n gate over
    /// the nodes listed in `children[i]`.
    struct Tree {
        bool[] isLeaf;
        uint256[] attr;
        uint256[] k;
        uint256[][] children;
        uint256 size;
    }

    function setUp() public {
        h = new PolicyProgramHarness();
    }

    function attrId(uint256 i) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked("hospital-a/attr:", bytes1(uint8(97 + i))));
    }

    function newTree(uint256 capacity) internal pure returns (Tree memory t) {
        t.isLeaf = new bool[](capacity);
        t.attr = new uint256[](capacity);
        t.k = new uint256[](capacity);
        t.children = new uint256[][](capacity);
    }

    /// @dev Builds a random subtree of depth at most `depth`, returns its node index. Gates have 2 to
    /// 4 children, so depth 3 stays within 64 leaves and 85 nodes.
    function build(Tree memory t, bytes32 seed, uint256 depth) internal pure returns (uint256 node) {
        node = t.size++;
        uint256 r = uint256(seed);
        if (depth == 0 || r % 3 == 0) {
            t.isLeaf[node] = true;
            t.attr[node] = (r >> 8) % POOL;
            return node;
        }
        uint256 n = 2 + (r >> 16) % 3;
        t.k[node] = 1 + (r >> 24) % n;
        t.children[node] = new uint256[](n);
        for (uint256 i; i < n; ++i) {
            t.children[node][i] = build(t, keccak256(abi.encode(seed, i)), depth - 1);
        }
    }

    function encode(Tree memory t, uint256 node) internal pure returns (bytes memory out) {
        if (t.isLeaf[node]) return PolicyProgram.leaf(attrId(t.attr[node]));
        uint256[] memory c = t.children[node];
        for (uint256 i; i < c.length; ++i) {
            out = bytes.concat(out, encode(t, c[i]));
        }
        out = bytes.concat(out, PolicyProgram.threshold(uint8(t.k[node]), uint8(c.length)));
    }

    function truth(Tree memory t, uint256 node, uint256 heldMask) internal pure returns (bool) {
        if (t.isLeaf[node]) return heldMask & (1 << t.attr[node]) != 0;
        uint256 count;
        uint256[] memory c = t.children[node];
        for (uint256 i; i < c.length; ++i) {
            if (truth(t, c[i], heldMask)) ++count;
        }
        return count >= t.k[node];
    }

    function leafCount(Tree memory t) internal pure returns (uint256 n) {
        for (uint256 i; i < t.size; ++i) {
            if (t.isLeaf[i]) ++n;
        }
    }

    function hold(uint256 mask) internal {
        for (uint256 i; i < POOL; ++i) {
            h.set(HOLDER, attrId(i), mask & (1 << i) != 0);
        }
    }

    function testFuzz_evaluate_matchesTreeModel(bytes32 seed, uint8 heldMask) public {
        Tree memory t = newTree(85);
        build(t, seed, 3);
        bytes memory program = encode(t, 0);
        hold(heldMask);
        (bool ok, bytes32[] memory used) = h.evaluate(program, HOLDER);
        assertEq(ok, truth(t, 0, heldMask), "satisfied as the tree model says");
        if (!ok) {
            assertEq(used.length, 0, "nothing used when unsatisfied");
            return;
        }
        // The used attributes are held, each once, and satisfy the program on their own.
        uint256 usedMask;
        for (uint256 i; i < used.length; ++i) {
            bool found;
            for (uint256 j; j < POOL; ++j) {
                if (used[i] == attrId(j)) {
                    found = true;
                    assertTrue(heldMask & (1 << j) != 0, "used attribute is held");
                    usedMask |= 1 << j;
                }
            }
            assertTrue(found, "used attribute is in the program");
        }
        assertTrue(truth(t, 0, usedMask), "the used set alone satisfies the policy");
        assertLe(used.length, leafCount(t), "at most one entry per leaf");
    }

    /// @dev Validity model: a stack-depth simulation over the raw bytes.
    function valid(bytes memory p) internal pure returns (bool) {
        uint256 depth;
        uint256 leaves;
        uint256 i;
        while (i < p.length) {
            if (p[i] == 0x00) {
                if (i + 33 > p.length || ++leaves > 64) return false;
                ++depth;
                i += 33;
            } else if (p[i] == 0x01) {
                if (i + 3 > p.length) return false;
                uint256 k = uint8(p[i + 1]);
                uint256 n = uint8(p[i + 2]);
                if (n < 2 || k < 1 || k > n || n > depth) return false;
                depth = depth - n + 1;
                i += 3;
            } else {
                return false;
            }
        }
        return depth == 1;
    }

    /// @dev Near-valid programs: a valid one with one byte changed, truncated or extended.
    function testFuzz_evaluate_acceptsExactlyValidPrograms(
        bytes32 seed,
        uint256 position,
        uint8 value,
        uint8 mode
    ) public view {
        Tree memory t = newTree(21);
        build(t, seed, 2);
        bytes memory program = encode(t, 0);
        position = bound(position, 0, program.length - 1);
        if (mode % 3 == 0) {
            program[position] = bytes1(value);
        } else if (mode % 3 == 1) {
            assembly ("memory-safe") {
                mstore(program, position)
            }
        } else {
            program = bytes.concat(program, bytes1(value));
        }
        try h.evaluate(program, HOLDER) {
            assertTrue(valid(program), "accepted an invalid program");
        } catch (bytes memory err) {
            assertFalse(valid(program), "refused a valid program");
            assertEq(bytes4(err), PolicyProgram.InvalidProgram.selector, "InvalidProgram");
        }
    }

    function test_evaluate_limitsLeavesTo64() public {
        bytes memory program = PolicyProgram.leaf(attrId(0));
        for (uint256 i = 1; i < 64; ++i) {
            program =
                bytes.concat(program, PolicyProgram.leaf(attrId(i % POOL)), PolicyProgram.threshold(1, 2));
        }
        hold(1);
        (bool ok, bytes32[] memory used) = h.evaluate(program, HOLDER);
        assertTrue(ok, "64 leaves");
        assertEq(used.length, 1, "the first leaf suffices");
        bytes memory tooMany =
            bytes.concat(program, PolicyProgram.leaf(attrId(1)), PolicyProgram.threshold(1, 2));
        vm.expectRevert(abi.encodeWithSelector(PolicyProgram.InvalidProgram.selector, program.length));
        h.evaluate(tooMany, HOLDER);
    }

    function test_evaluate_refusesEmptyAndLeftoverValues() public {
        vm.expectRevert(abi.encodeWithSelector(PolicyProgram.InvalidProgram.selector, 0));
        h.evaluate("", HOLDER);
        bytes memory two = bytes.concat(PolicyProgram.leaf(attrId(0)), PolicyProgram.leaf(attrId(1)));
        vm.expectRevert(abi.encodeWithSelector(PolicyProgram.InvalidProgram.selector, 66));
        h.evaluate(two, HOLDER);
    }

    function test_evaluate_thresholdCountsAtLeastK() public {
        bytes memory twoOfThree = bytes.concat(
            PolicyProgram.leaf(attrId(0)),
            PolicyProgram.leaf(attrId(1)),
            PolicyProgram.leaf(attrId(2)),
            PolicyProgram.threshold(2, 3)
        );
        hold(0x7); // all three: two of them are reported
        (bool ok, bytes32[] memory used) = h.evaluate(twoOfThree, HOLDER);
        assertTrue(ok, "three of three");
        assertEq(used.length, 2, "a minimal two");
        hold(0x5);
        (ok, used) = h.evaluate(twoOfThree, HOLDER);
        assertTrue(ok, "two of three");
        assertEq(used[0], attrId(0), "first");
        assertEq(used[1], attrId(2), "third");
        hold(0x4);
        (ok,) = h.evaluate(twoOfThree, HOLDER);
        assertFalse(ok, "one of three");
    }
}

/// @notice crypto/cpabe's program vectors (the Go side's canonical policy → program conversion):
/// each program hashes to its policy hash, is valid here, is satisfied by a holder of every leaf
/// and by no holder of none, and a holder of all leaves but one is decided as the formula says.
contract PolicyProgramVectorsTest is Test {
    PolicyProgramHarness internal h;
    address internal constant HOLDER = address(0xB0B);

    function setUp() public {
        h = new PolicyProgramHarness();
    }

    function leaves(bytes memory program) internal pure returns (bytes32[] memory ids) {
        uint256 n;
        for (uint256 i; i < program.length;) {
            if (program[i] == 0x00) {
                ++n;
                i += 33;
            } else {
                i += 3;
            }
        }
        ids = new bytes32[](n);
        n = 0;
        for (uint256 i; i < program.length;) {
            if (program[i] == 0x00) {
                bytes32 id;
                assembly ("memory-safe") {
                    id := mload(add(add(program, 0x21), i))
                }
                ids[n++] = id;
                i += 33;
            } else {
                i += 3;
            }
        }
    }

    function test_vectors_fromGo() public {
        string memory json = vm.readFile("crypto/cpabe/testdata/program_vectors.json");
        uint256 count;
        for (uint256 v;; ++v) {
            string memory at = string.concat("[", vm.toString(v), "]");
            if (!vm.keyExistsJson(json, string.concat("$", at))) break;
            bytes memory program = vm.parseBytes(vm.parseJsonString(json, string.concat(at, ".program")));
            bytes32 hash = bytes32(vm.parseBytes(vm.parseJsonString(json, string.concat(at, ".policy_hash"))));
            assertEq(keccak256(program), hash, "policy hash");
            bytes32[] memory ids = leaves(program);
            for (uint256 i; i < ids.length; ++i) {
                h.set(HOLDER, ids[i], true);
            }
            (bool ok, bytes32[] memory used) = h.evaluate(program, HOLDER);
            assertTrue(ok, "every leaf held");
            assertTrue(used.length > 0 && used.length <= ids.length, "used set");
            for (uint256 i; i < ids.length; ++i) {
                h.set(HOLDER, ids[i], false);
            }
            (ok, used) = h.evaluate(program, HOLDER);
            assertFalse(ok, "no leaf held");
            ++count;
        }
        assertTrue(count >= 8, "read the vectors");
    }
}
