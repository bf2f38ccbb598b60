// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {RecordRegistry} from "../src/RecordRegistry.sol";
import {IRecordRegistry} from "../src/interfaces/IRecordRegistry.sol";
import {Fixture} from "./lib/Fixture.sol";

contract RecordRegistryTest is Fixture {
    IRecordRegistry.RecordInput internal input;
    bytes32 internal recordId;
    bytes32 internal digest;

    function setUp() public override {
        super.setUp();
        input = inputFor(7);
        recordId = records.recordIdFor(patient, provider, input.contentHash);
        digest = records.versionDigest(recordId, patient, 1, input);
    }

    function create(bytes memory providerSignature, bytes memory patientSignature)
        internal
        returns (bytes32)
    {
        return records.createRecord(patient, provider, input, providerSignature, patientSignature);
    }

    /// @dev Signatures of both parties over version `version` of `recordId` storing `in_`.
    function cosign(bytes32 id, IRecordRegistry.RecordInput memory in_, uint32 version, uint256 providerKey_)
        internal
        view
        returns (bytes memory providerSignature, bytes memory patientSignature)
    {
        bytes32 d = records.versionDigest(id, patient, version, in_);
        return (sign(providerKey_, d), sign(patientKey, d));
    }

    // --------------------------------------------------------- EIP-712 domain

    function test_domainSeparator_matchesEip712() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("emrchain RecordRegistry"),
                keccak256("1"),
                block.chainid,
                address(records)
            )
        );
        assertEq(records.domainSeparator(), expected, "domain separator");
    }

    function test_versionDigest_matchesEip712() public view {
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "RecordVersion(bytes32 recordId,address patient,uint32 version,bytes32 contentHash,bytes32 policyHash,bytes encryptedLocation,bytes wrappedKeyRef,bytes abeKeyRef)"
                ),
                recordId,
                patient,
                uint32(1),
                input.contentHash,
                input.policyHash,
                keccak256(input.encryptedLocation),
                keccak256(input.wrappedKeyRef),
                keccak256(input.abeKeyRef)
            )
        );
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", records.domainSeparator(), structHash));
        assertEq(digest, expected, "digest");
    }

    function test_recordIdFor_hashesTheTriple() public view {
        assertEq(recordId, keccak256(abi.encode(patient, provider, input.contentHash)), "record id");
    }

    function test_constructor_storesRegistry() public view {
        assertEq(address(records.registry()), address(registry), "registry");
    }

    // ----------------------------------------------------------- createRecord

    function test_createRecord_storesVersionOneAndEmits() public {
        vm.warp(T0 + 55);
        bytes32 head = link(bytes32(0), recordId, 1, provider, input);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordCreated(recordId, patient, provider, head, input);
        vm.prank(stranger); // a relayer: the signatures carry the consent
        bytes32 id = create(sign(providerKey, digest), sign(patientKey, digest));
        assertEq(id, recordId, "returned id");

        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.patient, patient, "patient");
        assertEq(r.provider, provider, "provider");
        assertEq(r.version, 1, "version");
        assertEq(uint256(r.status), uint256(IRecordRegistry.RecordStatus.Active), "status");
        assertEq(r.updatedAt, T0 + 55, "updatedAt");
        assertEq(r.contentHash, input.contentHash, "contentHash");
        assertEq(r.policyHash, input.policyHash, "policyHash");
        assertEq(r.head, head, "head");
        assertEq(r.encryptedLocation, input.encryptedLocation, "encryptedLocation");
        assertEq(r.wrappedKeyRef, input.wrappedKeyRef, "wrappedKeyRef");
        assertEq(r.abeKeyRef, input.abeKeyRef, "abeKeyRef");
        assertEq(records.versionHead(recordId, 1), head, "versionHead[1]");
        assertEq(records.versionHead(recordId, 2), bytes32(0), "versionHead[2]");
        (address p, uint32 v, IRecordRegistry.RecordStatus s) = records.recordState(recordId);
        assertEq(p, patient, "state patient");
        assertEq(v, 1, "state version");
        assertEq(uint256(s), uint256(IRecordRegistry.RecordStatus.Active), "state status");
    }

    function test_createRecord_withoutPolicy() public {
        input.policyHash = bytes32(0);
        input.abeKeyRef = "";
        recordId = records.recordIdFor(patient, provider, input.contentHash);
        // The references are signed, so new references need new signatures.
        digest = records.versionDigest(recordId, patient, 1, input);
        create(sign(providerKey, digest), sign(patientKey, digest));
        assertEq(records.record(recordId).policyHash, bytes32(0), "no policy");
    }

    function test_createRecord_acceptsZeroOneRecoveryId() public {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(providerKey, digest);
        create(abi.encodePacked(r, s, v - 27), sign(patientKey, digest));
        assertEq(records.record(recordId).version, 1, "created");
    }

    function test_createRecord_revertsForUnknownPatient() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, stranger));
        records.createRecord(stranger, provider, input, sign(providerKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsForSuspendedPatient() public {
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        create(sign(providerKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsWhenPatientIsNotAPatient() public {
        // provider2 is active, but as a provider.
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, provider2));
        records.createRecord(
            provider2, provider, input, sign(providerKey, digest), sign(provider2Key, digest)
        );
    }

    function test_createRecord_replayRevertsWithRecordExists() public {
        bytes memory ps = sign(providerKey, digest);
        bytes memory qs = sign(patientKey, digest);
        create(ps, qs);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordExists.selector, recordId));
        create(ps, qs);
    }

    function test_createRecord_tombstoneKeepsIdTaken() public {
        bytes memory ps = sign(providerKey, digest);
        bytes memory qs = sign(patientKey, digest);
        create(ps, qs);
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordExists.selector, recordId));
        create(ps, qs);
    }

    function test_createRecord_revertsOnZeroContentHash() public {
        input.contentHash = bytes32(0);
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create(sign(providerKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsOnEmptyLocation() public {
        input.encryptedLocation = "";
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create(sign(providerKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsOnEmptyWrappedKeyRef() public {
        input.wrappedKeyRef = "";
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create(sign(providerKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsOnPolicyWithoutAbeKey() public {
        input.abeKeyRef = "";
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create(sign(providerKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsOnAbeKeyWithoutPolicy() public {
        input.policyHash = bytes32(0);
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create(sign(providerKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsForUnknownProvider() public {
        bytes32 id = records.recordIdFor(patient, stranger, input.contentHash);
        bytes32 d = records.versionDigest(id, patient, 1, input);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ProviderNotActive.selector, stranger));
        records.createRecord(patient, stranger, input, sign(providerKey, d), sign(patientKey, d));
    }

    function test_createRecord_revertsForSuspendedProvider() public {
        suspend(provider);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ProviderNotActive.selector, provider));
        create(sign(providerKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsWhenProviderIsNotAProvider() public {
        bytes32 id = records.recordIdFor(patient, patient2, input.contentHash);
        bytes32 d = records.versionDigest(id, patient, 1, input);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ProviderNotActive.selector, patient2));
        records.createRecord(patient, patient2, input, sign(patient2Key, d), sign(patientKey, d));
    }

    function test_createRecord_revertsOnWrongProviderSigner() public {
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(provider2Key, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsOnWrongPatientSigner() public {
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        create(sign(providerKey, digest), sign(patient2Key, digest));
    }

    function test_createRecord_revertsOnSwappedSignatures() public {
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(patientKey, digest), sign(providerKey, digest));
    }

    function test_createRecord_revertsOnPatientSigningTwice() public {
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(patientKey, digest), sign(patientKey, digest));
    }

    function test_createRecord_revertsOnProviderSigningForPatient() public {
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        create(sign(providerKey, digest), sign(providerKey, digest));
    }

    function test_createRecord_rejectsMalleableHighS() public {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(providerKey, digest);
        // (r, n - s, v ^ 1) recovers the same key: the malleable twin EIP-2 rules out.
        bytes memory twin =
            abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        assertEq(ecrecover(digest, v == 27 ? 28 : 27, r, bytes32(SECP256K1_N - uint256(s))), provider, "twin");
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(twin, sign(patientKey, digest));
    }

    function test_createRecord_rejectsMalleablePatientSignature() public {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(patientKey, digest);
        bytes memory twin =
            abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        create(sign(providerKey, digest), twin);
    }

    function test_createRecord_rejectsShortSignature() public {
        (, bytes32 r, bytes32 s) = vm.sign(providerKey, digest);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(abi.encodePacked(r, s), sign(patientKey, digest));
    }

    function test_createRecord_rejectsLongSignature() public {
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        create(sign(providerKey, digest), bytes.concat(sign(patientKey, digest), bytes1(0)));
    }

    function test_createRecord_rejectsInvalidRecoveryId() public {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(providerKey, digest);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(abi.encodePacked(r, s, v + 2), sign(patientKey, digest));
    }

    function test_createRecord_rejectsSignatureForOtherVersion() public {
        bytes32 d2 = records.versionDigest(recordId, patient, 2, input);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(providerKey, d2), sign(patientKey, d2));
    }

    function test_createRecord_rejectsSignatureForOtherContent() public {
        IRecordRegistry.RecordInput memory other = input;
        other.contentHash = keccak256("other");
        bytes32 d = records.versionDigest(recordId, patient, 1, other);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(providerKey, d), sign(patientKey, d));
    }

    /// @dev A relayer holding both signatures substitutes one stored field; each is signed.
    function expectSubstitutionRefused(IRecordRegistry.RecordInput memory forged) internal {
        bytes memory ps = sign(providerKey, digest);
        bytes memory qs = sign(patientKey, digest);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        vm.prank(stranger);
        records.createRecord(patient, provider, forged, ps, qs);
    }

    function test_createRecord_signaturesCoverLocation() public {
        IRecordRegistry.RecordInput memory forged = input;
        forged.encryptedLocation = "attacker-location";
        expectSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverCapsule() public {
        IRecordRegistry.RecordInput memory forged = input;
        forged.wrappedKeyRef = "attacker-capsule";
        expectSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverPolicy() public {
        IRecordRegistry.RecordInput memory forged = input;
        forged.policyHash = keccak256("policy:anyone");
        expectSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverAbeKeyRef() public {
        IRecordRegistry.RecordInput memory forged = input;
        forged.abeKeyRef = "attacker-abe";
        expectSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverPolicyRemoval() public {
        IRecordRegistry.RecordInput memory forged = input;
        forged.policyHash = bytes32(0);
        forged.abeKeyRef = "";
        expectSubstitutionRefused(forged);
    }

    function test_createRecord_rejectsSignatureForOtherDeployment() public {
        RecordRegistry other = new RecordRegistry(registry);
        bytes32 d = other.versionDigest(recordId, patient, 1, input);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(providerKey, d), sign(patientKey, d));
    }

    function test_createRecord_chainIdChangeInvalidatesSignatures() public {
        bytes memory ps = sign(providerKey, digest);
        bytes memory qs = sign(patientKey, digest);
        bytes32 separator = records.domainSeparator();

        vm.chainId(block.chainid + 1);
        assertNotEq(records.domainSeparator(), separator, "separator follows the chain id");
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(ps, qs);

        // Signatures made for the new chain work there.
        bytes32 d = records.versionDigest(recordId, patient, 1, input);
        create(sign(providerKey, d), sign(patientKey, d));
        assertEq(records.record(recordId).version, 1, "created on the new chain");
    }

    // ----------------------------------------------------------- updateRecord

    function test_updateRecord_linksVersionTwoAndEmits() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        bytes32 head1 = records.versionHead(recordId, 1);
        IRecordRegistry.RecordInput memory next = inputFor(8);
        (bytes memory ps, bytes memory qs) = cosign(recordId, next, 2, provider2Key);
        bytes32 head2 = link(head1, recordId, 2, provider2, next);

        vm.warp(T0 + 99);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordUpdated(recordId, patient, provider2, 2, head1, head2, next);
        uint32 version = records.updateRecord(recordId, provider2, next, ps, qs);

        assertEq(version, 2, "returned version");
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.patient, patient, "patient");
        assertEq(r.provider, provider2, "provider of the new version");
        assertEq(r.version, 2, "version");
        assertEq(r.updatedAt, T0 + 99, "updatedAt");
        assertEq(r.contentHash, next.contentHash, "contentHash");
        assertEq(r.head, head2, "head");
        assertEq(r.encryptedLocation, next.encryptedLocation, "encryptedLocation");
        assertEq(records.versionHead(recordId, 1), head1, "versionHead[1] kept");
        assertEq(records.versionHead(recordId, 2), head2, "versionHead[2]");
    }

    function test_updateRecord_revertsForUnknownRecord() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.UnknownRecord.selector, recordId));
        records.updateRecord(recordId, provider, input, "", "");
    }

    function test_updateRecord_revertsForTombstone() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.prank(provider);
        records.deleteRecord(recordId);
        IRecordRegistry.RecordInput memory next = inputFor(8);
        (bytes memory ps, bytes memory qs) = cosign(recordId, next, 2, providerKey);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordTombstoned.selector, recordId));
        records.updateRecord(recordId, provider, next, ps, qs);
    }

    function test_updateRecord_revertsForSuspendedPatient() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        suspend(patient);
        IRecordRegistry.RecordInput memory next = inputFor(8);
        (bytes memory ps, bytes memory qs) = cosign(recordId, next, 2, providerKey);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        records.updateRecord(recordId, provider, next, ps, qs);
    }

    function test_updateRecord_revertsOnEmptyField() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        IRecordRegistry.RecordInput memory next = inputFor(8);
        next.wrappedKeyRef = "";
        (bytes memory ps, bytes memory qs) = cosign(recordId, next, 2, providerKey);
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        records.updateRecord(recordId, provider, next, ps, qs);
    }

    function test_updateRecord_revertsForRemovedProvider() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        remove(provider);
        IRecordRegistry.RecordInput memory next = inputFor(8);
        (bytes memory ps, bytes memory qs) = cosign(recordId, next, 2, providerKey);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ProviderNotActive.selector, provider));
        records.updateRecord(recordId, provider, next, ps, qs);
    }

    function test_updateRecord_rejectsStaleVersionSignature() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        IRecordRegistry.RecordInput memory a = inputFor(8);
        IRecordRegistry.RecordInput memory b = inputFor(9);
        // Both updates are signed against version 1 -> 2; only the first to land can use its pair.
        (bytes memory aps, bytes memory aqs) = cosign(recordId, a, 2, providerKey);
        (bytes memory bps, bytes memory bqs) = cosign(recordId, b, 2, providerKey);
        records.updateRecord(recordId, provider, a, aps, aqs);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.updateRecord(recordId, provider, b, bps, bqs);
    }

    function test_updateRecord_replayOfUpdateReverts() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        IRecordRegistry.RecordInput memory next = inputFor(8);
        (bytes memory ps, bytes memory qs) = cosign(recordId, next, 2, providerKey);
        records.updateRecord(recordId, provider, next, ps, qs);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.updateRecord(recordId, provider, next, ps, qs);
    }

    function test_updateRecord_rejectsProviderSignatureFromAnotherProvider() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        IRecordRegistry.RecordInput memory next = inputFor(8);
        (bytes memory ps, bytes memory qs) = cosign(recordId, next, 2, provider2Key);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.updateRecord(recordId, provider, next, ps, qs);
    }

    function test_updateRecord_signaturesCoverReferences() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        IRecordRegistry.RecordInput memory next = inputFor(8);
        (bytes memory ps, bytes memory qs) = cosign(recordId, next, 2, provider2Key);
        next.wrappedKeyRef = "attacker-capsule";
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        vm.prank(stranger);
        records.updateRecord(recordId, provider2, next, ps, qs);
    }

    function test_updateRecord_rejectsWrongPatientSignature() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        IRecordRegistry.RecordInput memory next = inputFor(8);
        bytes32 d = records.versionDigest(recordId, patient, 2, next);
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        records.updateRecord(recordId, provider, next, sign(providerKey, d), sign(patient2Key, d));
    }

    // ----------------------------------------------------------- deleteRecord

    function test_deleteRecord_byPatientTombstonesAndEmits() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        bytes32 head = records.versionHead(recordId, 1);
        vm.warp(T0 + 1000);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordDeleted(recordId, patient, patient, 1);
        vm.prank(patient);
        records.deleteRecord(recordId);

        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(uint256(r.status), uint256(IRecordRegistry.RecordStatus.Deleted), "status");
        assertEq(r.updatedAt, T0 + 1000, "updatedAt");
        assertEq(r.version, 1, "version kept");
        assertEq(r.contentHash, input.contentHash, "contentHash kept as evidence");
        assertEq(r.head, head, "head kept");
        assertEq(r.encryptedLocation.length, 0, "location cleared");
        assertEq(r.wrappedKeyRef.length, 0, "capsule ref cleared");
        assertEq(r.abeKeyRef.length, 0, "abe ref cleared");
        assertEq(records.versionHead(recordId, 1), head, "history kept");
    }

    function test_deleteRecord_byCurrentProvider() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordDeleted(recordId, patient, provider, 1);
        vm.prank(provider);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_revertsForEarlierProvider() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        updateRecordAs(provider2Key, recordId, inputFor(8));
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, provider));
        vm.prank(provider);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_revertsForStranger() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, stranger));
        vm.prank(stranger);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_revertsForUnknownRecord() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.UnknownRecord.selector, recordId));
        vm.prank(patient);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_revertsWhenAlreadyDeleted() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordTombstoned.selector, recordId));
        vm.prank(patient);
        records.deleteRecord(recordId);
    }

    // ----------------------------------------------------------- changePolicy

    function test_changePolicy_rewrapsWithoutNewVersionAndEmits() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        bytes32 head = records.versionHead(recordId, 1);
        vm.expectEmit(true, true, false, true, address(records));
        emit IRecordRegistry.PolicyChanged(recordId, patient, 1, input.policyHash, bytes32("p2"), "abe2");
        vm.prank(patient);
        records.changePolicy(recordId, bytes32("p2"), "abe2");

        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.policyHash, bytes32("p2"), "policyHash");
        assertEq(r.abeKeyRef, bytes("abe2"), "abeKeyRef");
        assertEq(r.version, 1, "version unchanged");
        assertEq(r.head, head, "head unchanged");
    }

    function test_changePolicy_revertsForSuspendedPatient() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        vm.prank(patient);
        records.changePolicy(recordId, bytes32("p2"), "abe2");
    }

    function test_deleteRecord_allowedForSuspendedPatient() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        suspend(patient);
        vm.prank(patient);
        records.deleteRecord(recordId);
        assertEq(
            uint256(records.record(recordId).status), uint256(IRecordRegistry.RecordStatus.Deleted), "deleted"
        );
    }

    function test_changePolicy_canRemovePolicy() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.prank(patient);
        records.changePolicy(recordId, bytes32(0), "");
        assertEq(records.record(recordId).policyHash, bytes32(0), "policy removed");
    }

    function test_changePolicy_revertsForProvider() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, provider));
        vm.prank(provider);
        records.changePolicy(recordId, bytes32("p2"), "abe2");
    }

    function test_changePolicy_revertsForUnknownRecord() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.UnknownRecord.selector, recordId));
        vm.prank(patient);
        records.changePolicy(recordId, bytes32("p2"), "abe2");
    }

    function test_changePolicy_revertsForTombstone() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordTombstoned.selector, recordId));
        vm.prank(patient);
        records.changePolicy(recordId, bytes32("p2"), "abe2");
    }

    function test_changePolicy_revertsOnHashWithoutRef() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        vm.prank(patient);
        records.changePolicy(recordId, bytes32("p2"), "");
    }

    function test_changePolicy_revertsOnRefWithoutHash() public {
        create(sign(providerKey, digest), sign(patientKey, digest));
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        vm.prank(patient);
        records.changePolicy(recordId, bytes32(0), "abe2");
    }

    // ------------------------------------------------------------------ views

    function test_views_unknownRecordIsZero() public view {
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.patient, address(0), "patient");
        assertEq(r.version, 0, "version");
        assertEq(uint256(r.status), 0, "status");
        (address p, uint32 v, IRecordRegistry.RecordStatus s) = records.recordState(recordId);
        assertEq(p, address(0), "state patient");
        assertEq(v, 0, "state version");
        assertEq(uint256(s), 0, "state status");
        assertEq(records.versionHead(recordId, 0), bytes32(0), "versionHead[0]");
    }
}
