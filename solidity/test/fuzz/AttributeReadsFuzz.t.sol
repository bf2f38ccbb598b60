// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeReads} from "../../src/interfaces/IAttributeReads.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {PolicyProgram} from "../../src/libraries/PolicyProgram.sol";
import {GateFixture} from "../lib/GateFixture.sol";
import {Vm} from "../lib/Vm.sol";

/// @title AttributeReadsFuzzTest
/// @notice Property tests of the read request: the policy is evaluated on chain against exactly
/// the attributes the requester holds at that block (k-of-n over four attributes, any subset held,
/// any revocations since), the attributes used are the first k held leaves, and malformed blindings are
/// refused with the exact lengths.
contract AttributeReadsFuzzTest is GateFixture {
    bytes32[4] internal ids;

    function setUp() public override {
        super.setUp();
        string[4] memory names = ["role:doctor", "dept:cardiology", "org:clinic", "role:nurse"];
        for (uint256 i; i < 4; ++i) {
            vm.prank(authority);
            ids[i] = attributes.defineAttribute(names[i]);
        }
    }

    function gated(bytes memory program, uint256 salt) internal returns (bytes32) {
        IRecordRegistry.VersionInput memory input = inputFor(salt);
        input.policyHash = keccak256(program);
        return createRecordWith(patientKey, providerKey, saltFor(salt), input, approvalFor(salt, input));
    }

    function blinded() internal pure returns (bytes memory) {
        return bytes.concat(bytes1(0x02), keccak256("C1'"));
    }

    function key() internal pure returns (bytes memory) {
        return bytes.concat(bytes1(0x03), keccak256("B"));
    }

    function proof() internal pure returns (bytes memory) {
        return bytes.concat(keccak256("c"), keccak256("s"));
    }

    /// @notice A k-of-n program over the first n attributes is satisfied exactly when the
    /// requester holds at least k of them now (after assignments and revocations); the read then
    /// records the held leaves as the attributes used, and otherwise reverts PolicyNotSatisfied.
    function testFuzz_requestRead_policyFollowsHeldAttributes(uint8 n, uint8 k, uint8 assigned, uint8 revoked)
        public
    {
        n = uint8(bound(n, 2, 4));
        k = uint8(bound(k, 1, n));
        bytes memory program;
        for (uint256 i; i < n; ++i) {
            program = bytes.concat(program, PolicyProgram.leaf(ids[i]));
        }
        program = bytes.concat(program, PolicyProgram.threshold(k, n));
        bytes32 recordId = gated(program, 1);

        uint8 held;
        for (uint8 i; i < 4; ++i) {
            if (assigned & (uint8(1) << i) == 0) continue;
            bytes32[] memory one = new bytes32[](1);
            one[0] = ids[i];
            vm.prank(authority);
            attributes.assignAttributes(requester, one);
            held |= uint8(1) << i;
        }
        for (uint8 i; i < 4; ++i) {
            if (revoked & held & (uint8(1) << i) == 0) continue;
            bytes32[] memory one = new bytes32[](1);
            one[0] = ids[i];
            vm.prank(authority);
            attributes.revokeAttributes(requester, one);
            held &= ~(uint8(1) << i);
        }
        uint256 count;
        for (uint8 i; i < n; ++i) {
            if (held & (uint8(1) << i) != 0) ++count;
        }
        if (count < k) {
            vm.expectRevert(
                abi.encodeWithSelector(IAttributeReads.PolicyNotSatisfied.selector, requester, recordId)
            );
        } else {
            vm.recordLogs();
        }
        vm.prank(requester);
        reads.requestRead(recordId, program, blinded(), proof(), key());
        if (count < k) return;
        // The attributes used: the first k held leaves, in program order.
        bytes32[] memory want = new bytes32[](k);
        uint256 u;
        for (uint8 i; i < n && u < k; ++i) {
            if (held & (uint8(1) << i) != 0) want[u++] = ids[i];
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        bool seen;
        for (uint256 i; i < logs.length; ++i) {
            if (
                logs[i].emitter != address(reads)
                    || logs[i].topics[0] != IAttributeReads.ReadRequested.selector
            ) {
                continue;
            }
            (,,,,, bytes32[] memory used,,,) = abi.decode(
                logs[i].data, (bytes32, uint32, bytes32, uint64, uint8, bytes32[], bytes, bytes, bytes)
            );
            assertEq(used, want, "attributes used");
            seen = true;
        }
        assertTrue(seen, "ReadRequested emitted");
        IAttributeReads.Read memory r = reads.read(reads.readCount());
        assertEq(r.requester, requester, "requester");
        assertEq(r.revision, attributes.revisionOf(requester), "revision now");
        (bool live, bytes4 err) = reads.checkRead(reads.readCount());
        assertTrue(live && err == bytes4(0), "answerable");
    }

    /// @notice Any blinded point, blinding key or proof of the wrong length is refused with
    /// InvalidEncoding(length, expected), checked in that order, before anything else.
    function testFuzz_requestRead_encodingLengths(uint8 pointLen, uint8 keyLen, uint8 proofLen) public {
        bytes32 recordId = gated(
            bytes.concat(
                PolicyProgram.leaf(ids[0]), PolicyProgram.leaf(ids[1]), PolicyProgram.threshold(1, 2)
            ),
            2
        );
        // Half the time each field has its right length, so every check comes up.
        bytes memory p = new bytes(pointLen % 2 == 0 ? 33 : bound(pointLen, 0, 80));
        bytes memory k = new bytes(keyLen % 2 == 0 ? 33 : bound(keyLen, 0, 80));
        bytes memory pr = new bytes(proofLen % 2 == 0 ? 64 : bound(proofLen, 0, 80));
        bytes memory want;
        if (p.length != 33) {
            want = abi.encodeWithSelector(IAttributeReads.InvalidEncoding.selector, p.length, 33);
        } else if (k.length != 33) {
            want = abi.encodeWithSelector(IAttributeReads.InvalidEncoding.selector, k.length, 33);
        } else if (pr.length != 64) {
            want = abi.encodeWithSelector(IAttributeReads.InvalidEncoding.selector, pr.length, 64);
        }
        // A stranger: when the encodings are right, the requester check is what refuses it.
        if (want.length == 0) {
            want = abi.encodeWithSelector(IAttributeReads.RequesterNotActive.selector, stranger);
        }
        vm.expectRevert(want);
        vm.prank(stranger);
        reads.requestRead(
            recordId,
            bytes.concat(
                PolicyProgram.leaf(ids[0]), PolicyProgram.leaf(ids[1]), PolicyProgram.threshold(1, 2)
            ),
            p,
            pr,
            k
        );
    }
}
