// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @title UpdateHijackFindingTest
/// @notice Security-review finding (fixed) against RecordRegistry: the provider was not in the signed version; these tests guard the fix.
/// @dev The version digest did not include the provider. Any enrolled provider who saw the
/// patient's signature for version n+1 (in the mempool or at a relayer) could sign the same
/// digest itself, submit `updateRecord` as the version's provider, and then, as the provider of
/// the current version, delete the record for good. The provider is now in RecordVersion and the
/// patient signs PatientApproval over that struct, so the patient's signature names its provider.
/// On the old code the hijack went through (test kept in the commit message that fixed it).
contract UpdateHijackFindingTest is Fixture {
    bytes32 internal recordId;
    IRecordRegistry.VersionInput internal next;
    IRecordRegistry.Approval internal nextApproval;
    bytes internal honestProviderSignature;
    bytes internal patientSignature;

    function setUp() public override {
        super.setUp();
        recordId = createRecord(1);
        next = inputFor(2);
        nextApproval = approvalFor(2, next);
        (honestProviderSignature, patientSignature) =
            cosign(patientKey, providerKey, recordId, 2, next, nextApproval);
    }

    function test_updateRecord_anotherProviderCannotReuseThePatientsSignature() public {
        // provider2 is enrolled and signs version 2 as its own.
        bytes memory hijackerSignature =
            sign(provider2Key, records.versionDigest(recordId, patient, provider2, 2, next));
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        vm.prank(provider2);
        records.updateRecord(recordId, provider2, next, nextApproval, hijackerSignature, patientSignature);

        // So provider2 never becomes the current provider and cannot delete the record.
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, provider2));
        vm.prank(provider2);
        records.deleteRecord(recordId);

        // The honest submission still works.
        records.updateRecord(
            recordId, provider, next, nextApproval, honestProviderSignature, patientSignature
        );
        assertEq(records.record(recordId).provider, provider, "the signed provider wrote version 2");
    }

    function test_updateRecord_theHonestProviderSignatureIsNoUseToAnother() public {
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.updateRecord(
            recordId, provider2, next, nextApproval, honestProviderSignature, patientSignature
        );
    }
}
