// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IKeyIssuer} from "../../src/interfaces/IKeyIssuer.sol";
import {Fixture} from "../lib/Fixture.sol";
import {Vm} from "../lib/Vm.sol";

/// @title KeyRequestTimelineFindingTest
/// @notice Security-review finding (fixed) against KeyIssuer: anyone could write on a stranger's timeline; this test guards the fix.
/// @dev `requestKey(patient)` accepted any patient address, so an unrelated requester wrote
/// key-requested and key-issued entries onto a stranger's timeline. A key concerns no patient: the
/// request names an epoch, and its events carry the requester (and the oracle), never a patient.
contract KeyRequestTimelineFindingTest is Fixture {
    function test_keyEvents_nameNoPatient() public {
        bytes32[] memory ids = new bytes32[](1);
        vm.prank(authority);
        ids[0] = attributes.defineAttribute("role:insurer");
        vm.prank(authority);
        attributes.assignAttributes(requester, ids);

        uint64 epoch = uint64(block.timestamp / EPOCH);
        vm.recordLogs();
        vm.prank(requester);
        uint64 id = issuer.requestKey(epoch);
        vm.prank(oracle);
        issuer.issueKey(id, keccak256("key"), "bafykey");
        bytes32 patientTopic = bytes32(uint256(uint160(patient)));
        bytes32 requesterTopic = bytes32(uint256(uint160(requester)));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs.length, 2, "requested and issued");
        for (uint256 i; i < logs.length; ++i) {
            bytes32[] memory topics = logs[i].topics;
            assertEq(topics[2], requesterTopic, "the requester's own timeline");
            for (uint256 t = 1; t < topics.length; ++t) {
                assertNotEq(topics[t], patientTopic, "no patient topic");
            }
        }
        assertEq(uint256(issuer.keyRequest(id).status), uint256(IKeyIssuer.KeyStatus.Issued), "issued");
    }
}
