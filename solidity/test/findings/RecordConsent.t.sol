// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @title RecordConsentFindingTest
/// @notice Finding (fixed) against RecordRegistry; these tests guard the fix.
/// @dev createRecord/updateRecord may be submitted by anyone ("the signatures carry the consent"),
/// but the EIP-712 RecordVersion struct covers only (recordId, patient, contentHash, version).
/// `policyHash`, `encryptedLocation`, `wrappedKeyRef` and `abeKeyRef` are stored and hashed into
/// the version chain without either party having signed them, so whoever sees the signatures (a
/// relayer, or anyone watching the mempool) can submit them first with references of their own.
/// For a create this also burns the record id: the honest transaction then fails with
/// RecordExists, and deleting the forged record leaves a tombstone under the same id.
contract RecordConsentFindingTest is Fixture {
    IRecordRegistry.RecordInput internal input;
    bytes32 internal recordId;
    bytes internal providerSignature;
    bytes internal patientSignature;

    function setUp() public override {
        super.setUp();
        input = inputFor(7);
        recordId = records.recordIdFor(patient, provider, input.contentHash);
        bytes32 digest = records.versionDigest(recordId, patient, 1, input);
        providerSignature = sign(providerKey, digest);
        patientSignature = sign(patientKey, digest);
    }

    function forged(IRecordRegistry.RecordInput memory honest)
        internal
        pure
        returns (IRecordRegistry.RecordInput memory f)
    {
        f = honest;
        f.encryptedLocation = "attacker-location";
        f.wrappedKeyRef = "attacker-capsule";
        f.policyHash = bytes32(0);
        f.abeKeyRef = "";
    }

    function test_createRecord_signaturesMustCoverReferences() public {
        vm.prank(stranger);
        (bool ok,) = address(records)
            .call(
                abi.encodeCall(
                    IRecordRegistry.createRecord,
                    (patient, provider, forged(input), providerSignature, patientSignature)
                )
            );
        assertFalse(ok, "co-signatures accepted with references neither party signed");
    }

    function test_updateRecord_signaturesMustCoverReferences() public {
        records.createRecord(patient, provider, input, providerSignature, patientSignature);
        IRecordRegistry.RecordInput memory next = inputFor(8);
        bytes32 digest = records.versionDigest(recordId, patient, 2, next);
        bytes memory ps = sign(provider2Key, digest);
        bytes memory qs = sign(patientKey, digest);
        vm.prank(stranger);
        (bool ok,) = address(records)
            .call(abi.encodeCall(IRecordRegistry.updateRecord, (recordId, provider2, forged(next), ps, qs)));
        assertFalse(ok, "co-signatures accepted with references neither party signed");
    }
}
