// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @title RecordConsentFindingTest
/// @notice Finding (fixed) against RecordRegistry; these tests guard the fix and expect the exact
/// error, so a revert for any other reason fails them.
/// @dev createRecord/updateRecord may be submitted by anyone ("the signatures carry the consent"),
/// but the signed struct once covered only (recordId, patient, contentHash, version); the stored
/// references were unsigned, so whoever saw the signatures could submit them first with references
/// of their own. Every stored field is now signed: the provider's in RecordVersion, the capsule and
/// gate in the patient's PatientApproval.
contract RecordConsentFindingTest is Fixture {
    IRecordRegistry.VersionInput internal input;
    IRecordRegistry.Approval internal approval;
    bytes32 internal salt;
    bytes32 internal recordId;
    bytes internal providerSignature;
    bytes internal patientSignature;

    function setUp() public override {
        super.setUp();
        input = inputFor(7);
        approval = approvalFor(7, input);
        salt = saltFor(7);
        recordId = records.recordIdFor(patient, provider, salt);
        (providerSignature, patientSignature) = cosign(patientKey, providerKey, recordId, 1, input, approval);
    }

    function test_createRecord_signaturesMustCoverTheLocation() public {
        IRecordRegistry.VersionInput memory forged = input;
        forged.encryptedLocation = "attacker-location";
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        vm.prank(stranger);
        records.createRecord(patient, provider, salt, forged, approval, providerSignature, patientSignature);
    }

    function test_createRecord_signaturesMustCoverTheCapsule() public {
        IRecordRegistry.Approval memory forged = approval;
        forged.capsuleRef = "attacker-capsule";
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        vm.prank(stranger);
        records.createRecord(patient, provider, salt, input, forged, providerSignature, patientSignature);
    }

    function test_updateRecord_signaturesMustCoverReferences() public {
        records.createRecord(patient, provider, salt, input, approval, providerSignature, patientSignature);
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        (bytes memory ps, bytes memory qs) = cosign(patientKey, provider2Key, recordId, 2, next, nextApproval);
        nextApproval.gateRef = "attacker-gate";
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        vm.prank(stranger);
        records.updateRecord(recordId, provider2, next, nextApproval, ps, qs);
    }
}
