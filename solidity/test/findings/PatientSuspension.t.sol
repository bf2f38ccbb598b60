// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {IKeywordIndex} from "../../src/interfaces/IKeywordIndex.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {GateFixture} from "../lib/GateFixture.sol";

/// @title PatientSuspensionFindingTest
/// @notice Findings (fixed) against AccessLedger, RecordRegistry and KeywordIndex; these tests guard
/// the fixes and expect the exact error, so a revert for any other reason fails them.
/// @dev Registry promises that "suspending or removing a participant takes effect everywhere in
/// the same block", and suspension is often the answer to a key leak. Whoever holds a suspended (or
/// removed) party's key must not be able to give access away, widen a policy, destroy a record, or
/// change a patient's keyword index. Revocation by a suspended party only takes access away and
/// stays allowed (AccessLedgerTest covers it).
contract PatientSuspensionFindingTest is GateFixture {
    bytes32 internal recordId;
    uint64 internal requestId;

    function setUp() public override {
        super.setUp();
        recordId = createRecord(1);
        requestId = requestAs(requester, recordId, 0);
    }

    function expectGrantRefused(bytes memory err) internal {
        IAccessLedger.GrantInput memory g = grantInput(0, 1 days);
        bytes memory c = shareCommitments(3);
        vm.expectRevert(err);
        vm.prank(patient);
        ledger.grantAccess(requestId, g, c);
    }

    function test_grantAccess_refusedForSuspendedPatient() public {
        suspend(patient);
        expectGrantRefused(abi.encodeWithSelector(IAccessLedger.PatientNotActive.selector, patient));
    }

    function test_grantAccess_refusedForRemovedPatient() public {
        remove(patient);
        expectGrantRefused(abi.encodeWithSelector(IAccessLedger.PatientNotActive.selector, patient));
    }

    function test_changePolicy_refusedForSuspendedPatient() public {
        suspend(patient);
        bytes32 policy = keccak256("policy:anyone");
        bytes32 gate = keccak256("gate");
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        vm.prank(patient);
        records.changePolicy(recordId, policy, gate, COMMITTEE, "gate");
    }

    /// @dev Review finding: a suspended or removed provider could still delete the record it wrote.
    function test_deleteRecord_refusedForSuspendedProvider() public {
        suspend(provider);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ActorNotActive.selector, provider));
        vm.prank(provider);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_refusedForRemovedProvider() public {
        remove(provider);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ActorNotActive.selector, provider));
        vm.prank(provider);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_refusedForSuspendedPatient() public {
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ActorNotActive.selector, patient));
        vm.prank(patient);
        records.deleteRecord(recordId);
    }

    /// @dev Review finding: a suspended patient could still add requesters and index entries.
    function test_keywordIndex_refusedForSuspendedPatient() public {
        bytes memory c = fakePoints(1, "index key");
        vm.prank(patient);
        uint32 epoch = index.registerIndexKey(COMMITTEE, 1, 1, keccak256("bundle"), "bafybundle", c);
        suspend(patient);
        bytes32[] memory one = new bytes32[](1);
        one[0] = keccak256("x");
        bytes memory err = abi.encodeWithSelector(IKeywordIndex.PatientNotActive.selector, patient);
        vm.expectRevert(err);
        vm.prank(patient);
        index.addRequester(requester);
        vm.expectRevert(err);
        vm.prank(patient);
        index.addEntries(epoch, one, one);
    }
}
