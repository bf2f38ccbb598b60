// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {RecordRegistry} from "../src/RecordRegistry.sol";
import {IRecordRegistry} from "../src/interfaces/IRecordRegistry.sol";
import {Fixture} from "./lib/Fixture.sol";

contract RecordRegistryTest is Fixture {
    IRecordRegistry.VersionInput internal input;
    IRecordRegistry.Approval internal approval;
    bytes32 internal salt;
    bytes32 internal recordId;
    /// @dev The provider's digest (RecordVersion) and the patient's (PatientApproval).
    bytes32 internal versionDigest;
    bytes32 internal approvalDigest;

    bytes32 internal constant P2 = keccak256("policy 2");
    /// @dev Plain hashes of new objects; sha256 would be a precompile call and eat a prank.
    bytes32 internal constant CAPSULE_G1 = keccak256("capsule g1");
    bytes32 internal constant CAPSULE_G2 = keccak256("capsule g2");
    bytes32 internal constant CAPSULE_C = keccak256("capsule c");
    bytes32 internal constant GATE2 = keccak256("gate2");
    bytes32 internal constant VERSION_TYPEHASH = keccak256(
        "RecordVersion(bytes32 recordId,address patient,address provider,uint32 version,bytes32 contentHash,bytes encryptedLocation,bytes32 policyHash)"
    );

    function setUp() public override {
        super.setUp();
        input = inputFor(7);
        approval = approvalFor(7, input);
        salt = saltFor(7);
        recordId = records.recordIdFor(patient, provider, salt);
        versionDigest = records.versionDigest(recordId, patient, provider, 1, input);
        approvalDigest =
            records.approvalDigest(records.versionHash(recordId, patient, provider, 1, input), approval);
    }

    function create(bytes memory providerSignature, bytes memory patientSignature)
        internal
        returns (bytes32)
    {
        return records.createRecord(
            patient, provider, salt, input, approval, providerSignature, patientSignature
        );
    }

    function createSigned() internal returns (bytes32) {
        return create(sign(providerKey, versionDigest), sign(patientKey, approvalDigest));
    }

    /// @dev Signatures over version `version` of `recordId` written by `providerKey_` (patient: `patientKey`).
    function cosignNext(
        IRecordRegistry.VersionInput memory in_,
        IRecordRegistry.Approval memory ap,
        uint32 version,
        uint256 providerKey_
    ) internal view returns (bytes memory, bytes memory) {
        return cosign(patientKey, providerKey_, recordId, version, in_, ap);
    }

    // --------------------------------------------------------- EIP-712

    function test_domainSeparator_matchesEip712() public view {
        bytes32 expected = keccak256(
            abi.encode(
                keccak256(
                    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
                ),
                keccak256("emrchain RecordRegistry"),
                keccak256("3"),
                block.chainid,
                address(records)
            )
        );
        assertEq(records.domainSeparator(), expected, "domain separator");
    }

    function test_versionDigest_matchesEip712AndNamesTheProvider() public view {
        bytes32 structHash = keccak256(
            abi.encode(
                VERSION_TYPEHASH,
                recordId,
                patient,
                provider,
                uint32(1),
                input.contentHash,
                keccak256(input.encryptedLocation),
                input.policyHash
            )
        );
        assertEq(records.versionHash(recordId, patient, provider, 1, input), structHash, "struct hash");
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", records.domainSeparator(), structHash));
        assertEq(versionDigest, expected, "digest");
        assertNotEq(
            records.versionDigest(recordId, patient, provider2, 1, input), versionDigest, "provider is signed"
        );
    }

    function test_approvalDigest_nestsTheVersionStruct() public view {
        bytes32 vh = records.versionHash(recordId, patient, provider, 1, input);
        bytes32 structHash = keccak256(
            abi.encode(
                keccak256(
                    "PatientApproval(RecordVersion version,bytes32 capsuleHash,bytes capsuleRef,bytes32 gateHash,bytes gateRef,uint64 committeeId,uint8 flags,bytes32 category)RecordVersion(bytes32 recordId,address patient,address provider,uint32 version,bytes32 contentHash,bytes encryptedLocation,bytes32 policyHash)"
                ),
                vh,
                approval.capsuleHash,
                keccak256(approval.capsuleRef),
                approval.gateHash,
                keccak256(approval.gateRef),
                approval.committeeId,
                approval.flags,
                approval.category
            )
        );
        bytes32 expected = keccak256(abi.encodePacked("\x19\x01", records.domainSeparator(), structHash));
        assertEq(approvalDigest, expected, "digest");
    }

    function test_recordIdFor_hashesPatientProviderAndSalt() public view {
        assertEq(recordId, keccak256(abi.encode(patient, provider, salt)), "record id");
    }

    function test_constructor_storesRegistry() public view {
        assertEq(address(records.registry()), address(registry), "registry");
    }

    // ----------------------------------------------------------- createRecord

    function test_createRecord_storesVersionOneAndEmits() public {
        vm.warp(T0 + 55);
        bytes32 head = link(bytes32(0), recordId, patient, provider, 1, input, approval);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordCreated(recordId, patient, provider, salt, head, input, approval);
        vm.prank(stranger); // a relayer: the signatures carry the consent
        bytes32 id = createSigned();
        assertEq(id, recordId, "returned id");

        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.patient, patient, "patient");
        assertEq(r.provider, provider, "provider");
        assertEq(r.version, 1, "version");
        assertEq(r.generation, 0, "generation");
        assertEq(uint256(r.status), uint256(IRecordRegistry.RecordStatus.Active), "status");
        assertEq(r.flags, 0, "flags");
        assertEq(r.updatedAt, T0 + 55, "updatedAt");
        assertEq(r.committeeId, COMMITTEE, "committee");
        assertEq(r.contentHash, input.contentHash, "contentHash");
        assertEq(r.policyHash, input.policyHash, "policyHash");
        assertEq(r.capsuleHash, approval.capsuleHash, "capsuleHash");
        assertEq(r.gateHash, approval.gateHash, "gateHash");
        assertEq(r.head, head, "head");
        assertEq(r.encryptedLocation, input.encryptedLocation, "encryptedLocation");
        assertEq(r.capsuleRef, approval.capsuleRef, "capsuleRef");
        assertEq(r.gateRef, approval.gateRef, "gateRef");
        assertEq(records.versionHead(recordId, 1), head, "versionHead[1]");
        assertEq(records.versionHead(recordId, 2), bytes32(0), "versionHead[2]");
        assertEq(records.capsuleHashOf(recordId), approval.capsuleHash, "capsuleHashOf");
        (address p, uint32 v, uint32 g, IRecordRegistry.RecordStatus s) = records.keyState(recordId);
        assertEq(p, patient, "keyState patient");
        assertEq(v, 1, "keyState version");
        assertEq(g, 0, "keyState generation");
        assertEq(uint256(s), uint256(IRecordRegistry.RecordStatus.Active), "keyState status");
        (,,, bytes32 policy, uint64 committee) = records.gateState(recordId);
        assertEq(policy, input.policyHash, "gateState policy");
        assertEq(committee, COMMITTEE, "gateState committee");
    }

    function test_createRecord_withoutPolicy() public {
        input.policyHash = bytes32(0);
        approval = approvalFor(7, input);
        (bytes memory ps, bytes memory qs) = cosignNext(input, approval, 1, providerKey);
        create(ps, qs);
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.policyHash, bytes32(0), "no policy");
        assertEq(r.gateHash, bytes32(0), "no gate");
        assertEq(r.committeeId, 0, "no committee");
    }

    function test_createRecord_acceptsZeroOneRecoveryId() public {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(providerKey, versionDigest);
        create(abi.encodePacked(r, s, v - 27), sign(patientKey, approvalDigest));
        assertEq(records.record(recordId).version, 1, "created");
    }

    function test_createRecord_revertsForUnknownPatient() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, stranger));
        records.createRecord(stranger, provider, salt, input, approval, "", "");
    }

    function test_createRecord_revertsForSuspendedPatient() public {
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        createSigned();
    }

    function test_createRecord_revertsWhenPatientIsNotAPatient() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, provider2));
        records.createRecord(provider2, provider, salt, input, approval, "", "");
    }

    function test_createRecord_replayRevertsWithRecordExists() public {
        bytes memory ps = sign(providerKey, versionDigest);
        bytes memory qs = sign(patientKey, approvalDigest);
        create(ps, qs);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordExists.selector, recordId));
        create(ps, qs);
    }

    function test_createRecord_tombstoneKeepsIdTaken() public {
        bytes memory ps = sign(providerKey, versionDigest);
        bytes memory qs = sign(patientKey, approvalDigest);
        create(ps, qs);
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordExists.selector, recordId));
        create(ps, qs);
    }

    function test_createRecord_sameContentUnderAnotherSaltIsAnotherRecord() public {
        createSigned();
        salt = saltFor(8);
        recordId = records.recordIdFor(patient, provider, salt);
        (bytes memory ps, bytes memory qs) = cosignNext(input, approval, 1, providerKey);
        assertEq(create(ps, qs), recordId, "second record");
    }

    function test_createRecord_revertsOnZeroContentHash() public {
        input.contentHash = bytes32(0);
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create("", "");
    }

    function test_createRecord_revertsOnEmptyLocation() public {
        input.encryptedLocation = "";
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create("", "");
    }

    function test_createRecord_revertsOnZeroCapsuleHash() public {
        approval.capsuleHash = bytes32(0);
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create("", "");
    }

    function test_createRecord_revertsOnEmptyCapsuleRef() public {
        approval.capsuleRef = "";
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        create("", "");
    }

    function test_createRecord_revertsOnPolicyWithoutGate() public {
        approval.gateHash = bytes32(0);
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        create("", "");
    }

    function test_createRecord_revertsOnPolicyWithoutGateRef() public {
        approval.gateRef = "";
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        create("", "");
    }

    function test_createRecord_revertsOnPolicyWithoutCommittee() public {
        approval.committeeId = 0;
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        create("", "");
    }

    function test_createRecord_revertsOnGateWithoutPolicy() public {
        input.policyHash = bytes32(0);
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        create("", "");
    }

    function test_createRecord_revertsOnUndefinedFlag() public {
        approval.flags = 4;
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.InvalidFlags.selector, uint8(4)));
        create("", "");
    }

    function test_createRecord_revertsOnPatientAuthoredFlagWithAProvider() public {
        approval.flags = 1;
        (bytes memory ps, bytes memory qs) = cosignNext(input, approval, 1, providerKey);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.InvalidFlags.selector, uint8(1)));
        create(ps, qs);
    }

    function test_createRecord_revertsForUnknownProvider() public {
        recordId = records.recordIdFor(patient, stranger, salt);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ProviderNotActive.selector, stranger));
        records.createRecord(patient, stranger, salt, input, approval, "", "");
    }

    function test_createRecord_revertsForSuspendedProvider() public {
        suspend(provider);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ProviderNotActive.selector, provider));
        createSigned();
    }

    function test_createRecord_revertsWhenProviderIsNotAProvider() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ProviderNotActive.selector, patient2));
        records.createRecord(patient, patient2, salt, input, approval, "", "");
    }

    function test_createRecord_revertsOnWrongProviderSigner() public {
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(provider2Key, versionDigest), sign(patientKey, approvalDigest));
    }

    function test_createRecord_revertsOnWrongPatientSigner() public {
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        create(sign(providerKey, versionDigest), sign(patient2Key, approvalDigest));
    }

    function test_createRecord_revertsOnPatientSigningTheVersionOnly() public {
        // The patient's signature must be over PatientApproval, not over the provider's struct.
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        create(sign(providerKey, versionDigest), sign(patientKey, versionDigest));
    }

    function test_createRecord_revertsOnProviderSigningTheApproval() public {
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(providerKey, approvalDigest), sign(patientKey, approvalDigest));
    }

    function test_createRecord_revertsOnSwappedSignatures() public {
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(patientKey, approvalDigest), sign(providerKey, versionDigest));
    }

    function test_createRecord_rejectsMalleableHighS() public {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(providerKey, versionDigest);
        // (r, n - s, v ^ 1) recovers the same key: the malleable twin EIP-2 rules out.
        bytes memory twin =
            abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        assertEq(
            ecrecover(versionDigest, v == 27 ? 28 : 27, r, bytes32(SECP256K1_N - uint256(s))),
            provider,
            "twin"
        );
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(twin, sign(patientKey, approvalDigest));
    }

    function test_createRecord_rejectsMalleablePatientSignature() public {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(patientKey, approvalDigest);
        bytes memory twin =
            abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        create(sign(providerKey, versionDigest), twin);
    }

    function test_createRecord_rejectsShortSignature() public {
        (, bytes32 r, bytes32 s) = vm.sign(providerKey, versionDigest);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(abi.encodePacked(r, s), sign(patientKey, approvalDigest));
    }

    function test_createRecord_rejectsLongSignature() public {
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        create(sign(providerKey, versionDigest), bytes.concat(sign(patientKey, approvalDigest), bytes1(0)));
    }

    function test_createRecord_rejectsInvalidRecoveryId() public {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(providerKey, versionDigest);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(abi.encodePacked(r, s, v + 2), sign(patientKey, approvalDigest));
    }

    function test_createRecord_rejectsSignatureForOtherVersion() public {
        (bytes memory ps, bytes memory qs) = cosignNext(input, approval, 2, providerKey);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(ps, qs);
    }

    /// @dev A relayer holding both signatures substitutes one field of the provider's version.
    function expectVersionSubstitutionRefused(IRecordRegistry.VersionInput memory forged) internal {
        bytes memory ps = sign(providerKey, versionDigest);
        bytes memory qs = sign(patientKey, approvalDigest);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        vm.prank(stranger);
        records.createRecord(patient, provider, salt, forged, approval, ps, qs);
    }

    /// @dev Likewise for a field of the patient's approval.
    function expectApprovalSubstitutionRefused(IRecordRegistry.Approval memory forged) internal {
        bytes memory ps = sign(providerKey, versionDigest);
        bytes memory qs = sign(patientKey, approvalDigest);
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        vm.prank(stranger);
        records.createRecord(patient, provider, salt, input, forged, ps, qs);
    }

    function test_createRecord_signaturesCoverContent() public {
        IRecordRegistry.VersionInput memory forged = input;
        forged.contentHash = keccak256("other");
        expectVersionSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverLocation() public {
        IRecordRegistry.VersionInput memory forged = input;
        forged.encryptedLocation = "attacker-location";
        expectVersionSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverPolicy() public {
        IRecordRegistry.VersionInput memory forged = input;
        forged.policyHash = keccak256("policy:anyone");
        expectVersionSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverCapsule() public {
        IRecordRegistry.Approval memory forged = approval;
        forged.capsuleHash = sha256("attacker-capsule");
        expectApprovalSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverCapsuleRef() public {
        IRecordRegistry.Approval memory forged = approval;
        forged.capsuleRef = "attacker-capsule";
        expectApprovalSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverGate() public {
        IRecordRegistry.Approval memory forged = approval;
        forged.gateHash = sha256("attacker-gate");
        expectApprovalSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverGateRef() public {
        IRecordRegistry.Approval memory forged = approval;
        forged.gateRef = "attacker-gate";
        expectApprovalSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverCommittee() public {
        IRecordRegistry.Approval memory forged = approval;
        forged.committeeId = 9;
        expectApprovalSubstitutionRefused(forged);
    }

    function test_createRecord_signaturesCoverSalt() public {
        bytes memory ps = sign(providerKey, versionDigest);
        bytes memory qs = sign(patientKey, approvalDigest);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.createRecord(patient, provider, saltFor(99), input, approval, ps, qs);
    }

    function test_createRecord_rejectsSignatureForOtherDeployment() public {
        RecordRegistry other = new RecordRegistry(registry);
        bytes32 d = other.versionDigest(recordId, patient, provider, 1, input);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(sign(providerKey, d), sign(patientKey, approvalDigest));
    }

    function test_createRecord_chainIdChangeInvalidatesSignatures() public {
        bytes memory ps = sign(providerKey, versionDigest);
        bytes memory qs = sign(patientKey, approvalDigest);
        bytes32 separator = records.domainSeparator();

        vm.chainId(block.chainid + 1);
        assertNotEq(records.domainSeparator(), separator, "separator follows the chain id");
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        create(ps, qs);

        (ps, qs) = cosignNext(input, approval, 1, providerKey);
        create(ps, qs);
        assertEq(records.record(recordId).version, 1, "created on the new chain");
    }

    // ------------------------------------------------ patient-authored records

    function test_createRecord_patientAuthoredWithOneSignature() public {
        approval.flags = 1;
        salt = saltFor(70);
        recordId = records.recordIdFor(patient, patient, salt);
        (, bytes memory qs) = cosign(patientKey, patientKey, recordId, 1, input, approval);
        bytes32 head = link(bytes32(0), recordId, patient, patient, 1, input, approval);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordCreated(recordId, patient, patient, salt, head, input, approval);
        vm.prank(stranger);
        records.createRecord(patient, patient, salt, input, approval, "", qs);
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.provider, patient, "the patient wrote it");
        assertEq(r.flags, 1, "patient-authored");
    }

    function test_createRecord_patientAuthoredRequiresTheFlag() public {
        recordId = records.recordIdFor(patient, patient, salt);
        (, bytes memory qs) = cosign(patientKey, patientKey, recordId, 1, input, approval);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.InvalidFlags.selector, uint8(0)));
        records.createRecord(patient, patient, salt, input, approval, "", qs);
    }

    function test_createRecord_patientAuthoredRefusesAProviderSignature() public {
        approval.flags = 1;
        recordId = records.recordIdFor(patient, patient, salt);
        (, bytes memory qs) = cosign(patientKey, patientKey, recordId, 1, input, approval);
        vm.expectRevert(IRecordRegistry.UnexpectedProviderSignature.selector);
        records.createRecord(patient, patient, salt, input, approval, qs, qs);
    }

    function test_createRecord_patientAuthoredNeedsThePatientsSignature() public {
        approval.flags = 1;
        recordId = records.recordIdFor(patient, patient, salt);
        (, bytes memory qs) = cosign(patient2Key, patient2Key, recordId, 1, input, approval);
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        records.createRecord(patient, patient, salt, input, approval, "", qs);
    }

    function test_createRecord_patientAuthoredRefusedForSuspendedPatient() public {
        approval.flags = 1;
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        records.createRecord(patient, patient, salt, input, approval, "", "");
    }

    function test_updateRecord_providerVersionOfPatientAuthoredRecord() public {
        approval.flags = 1;
        recordId = records.recordIdFor(patient, patient, salt);
        (, bytes memory qs) = cosign(patientKey, patientKey, recordId, 1, input, approval);
        records.createRecord(patient, patient, salt, input, approval, "", qs);
        updateRecordAs(providerKey, recordId, 8);
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.provider, provider, "a provider wrote version 2");
        assertEq(r.flags, 0, "version 2 is not patient-authored");
        // And the patient can write version 3 alone.
        IRecordRegistry.VersionInput memory v3 = inputFor(9);
        IRecordRegistry.Approval memory a3 = approvalFor(9, v3);
        a3.flags = 1;
        (, bytes memory qs3) = cosign(patientKey, patientKey, recordId, 3, v3, a3);
        records.updateRecord(recordId, patient, v3, a3, "", qs3);
        assertEq(records.record(recordId).flags, 1, "version 3 is patient-authored");
    }

    // ----------------------------------------------------------- updateRecord

    function test_updateRecord_linksVersionTwoAndEmits() public {
        createSigned();
        bytes32 head1 = records.versionHead(recordId, 1);
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        (bytes memory ps, bytes memory qs) = cosignNext(next, nextApproval, 2, provider2Key);
        bytes32 head2 = link(head1, recordId, patient, provider2, 2, next, nextApproval);

        vm.warp(T0 + 99);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordUpdated(recordId, patient, provider2, 2, head1, head2, next, nextApproval);
        uint32 version = records.updateRecord(recordId, provider2, next, nextApproval, ps, qs);

        assertEq(version, 2, "returned version");
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.patient, patient, "patient");
        assertEq(r.provider, provider2, "provider of the new version");
        assertEq(r.version, 2, "version");
        assertEq(r.updatedAt, T0 + 99, "updatedAt");
        assertEq(r.contentHash, next.contentHash, "contentHash");
        assertEq(r.capsuleHash, nextApproval.capsuleHash, "capsuleHash");
        assertEq(r.head, head2, "head");
        assertEq(r.encryptedLocation, next.encryptedLocation, "encryptedLocation");
        assertEq(records.versionHead(recordId, 1), head1, "versionHead[1] kept");
        assertEq(records.versionHead(recordId, 2), head2, "versionHead[2]");
    }

    function test_updateRecord_resetsTheKeyGeneration() public {
        createSigned();
        vm.prank(patient);
        records.rewrapKey(recordId, CAPSULE_G1, "capsule g1");
        assertEq(records.record(recordId).generation, 1, "rewrapped");
        updateRecordAs(providerKey, recordId, 8);
        assertEq(records.record(recordId).generation, 0, "a new version has a new key");
    }

    function test_updateRecord_revertsForUnknownRecord() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.UnknownRecord.selector, recordId));
        records.updateRecord(recordId, provider, input, approval, "", "");
    }

    function test_updateRecord_revertsForTombstone() public {
        createSigned();
        vm.prank(provider);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordTombstoned.selector, recordId));
        records.updateRecord(recordId, provider, input, approval, "", "");
    }

    function test_updateRecord_revertsForSuspendedPatient() public {
        createSigned();
        suspend(patient);
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        (bytes memory ps, bytes memory qs) = cosignNext(next, nextApproval, 2, providerKey);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        records.updateRecord(recordId, provider, next, nextApproval, ps, qs);
    }

    function test_updateRecord_revertsOnEmptyField() public {
        createSigned();
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        nextApproval.capsuleRef = "";
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        records.updateRecord(recordId, provider, next, nextApproval, "", "");
    }

    function test_updateRecord_revertsForRemovedProvider() public {
        createSigned();
        remove(provider);
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        (bytes memory ps, bytes memory qs) = cosignNext(next, nextApproval, 2, providerKey);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ProviderNotActive.selector, provider));
        records.updateRecord(recordId, provider, next, nextApproval, ps, qs);
    }

    function test_updateRecord_rejectsStaleVersionSignature() public {
        createSigned();
        IRecordRegistry.VersionInput memory a = inputFor(8);
        IRecordRegistry.Approval memory aa = approvalFor(8, a);
        IRecordRegistry.VersionInput memory b = inputFor(9);
        IRecordRegistry.Approval memory ba = approvalFor(9, b);
        // Both updates are signed against version 1 -> 2; only the first to land can use its pair.
        (bytes memory aps, bytes memory aqs) = cosignNext(a, aa, 2, providerKey);
        (bytes memory bps, bytes memory bqs) = cosignNext(b, ba, 2, providerKey);
        records.updateRecord(recordId, provider, a, aa, aps, aqs);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.updateRecord(recordId, provider, b, ba, bps, bqs);
    }

    function test_updateRecord_replayOfUpdateReverts() public {
        createSigned();
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        (bytes memory ps, bytes memory qs) = cosignNext(next, nextApproval, 2, providerKey);
        records.updateRecord(recordId, provider, next, nextApproval, ps, qs);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.updateRecord(recordId, provider, next, nextApproval, ps, qs);
    }

    function test_updateRecord_rejectsProviderSignatureFromAnotherProvider() public {
        createSigned();
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        (bytes memory ps, bytes memory qs) = cosignNext(next, nextApproval, 2, provider2Key);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.updateRecord(recordId, provider, next, nextApproval, ps, qs);
    }

    function test_updateRecord_signaturesCoverReferences() public {
        createSigned();
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        (bytes memory ps, bytes memory qs) = cosignNext(next, nextApproval, 2, provider2Key);
        nextApproval.capsuleRef = "attacker-capsule";
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        vm.prank(stranger);
        records.updateRecord(recordId, provider2, next, nextApproval, ps, qs);
    }

    function test_updateRecord_rejectsWrongPatientSignature() public {
        createSigned();
        IRecordRegistry.VersionInput memory next = inputFor(8);
        IRecordRegistry.Approval memory nextApproval = approvalFor(8, next);
        (bytes memory ps,) = cosignNext(next, nextApproval, 2, providerKey);
        bytes memory qs = sign(
            patient2Key,
            records.approvalDigest(records.versionHash(recordId, patient, provider, 2, next), nextApproval)
        );
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        records.updateRecord(recordId, provider, next, nextApproval, ps, qs);
    }

    // -------------------------------------------------------------- rewrapKey

    function test_rewrapKey_replacesCapsuleAtSameVersionAndEmits() public {
        createSigned();
        bytes32 head = records.versionHead(recordId, 1);
        vm.warp(T0 + 300);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.KeyRewrapped(
            recordId, patient, 1, 1, approval.capsuleHash, CAPSULE_G1, "capsule g1"
        );
        vm.prank(patient);
        records.rewrapKey(recordId, CAPSULE_G1, "capsule g1");
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.version, 1, "version unchanged");
        assertEq(r.generation, 1, "generation");
        assertEq(r.capsuleHash, CAPSULE_G1, "capsuleHash");
        assertEq(r.capsuleRef, bytes("capsule g1"), "capsuleRef");
        assertEq(r.updatedAt, T0 + 300, "updatedAt");
        assertEq(r.head, head, "head unchanged");
        vm.prank(patient);
        records.rewrapKey(recordId, CAPSULE_G2, "capsule g2");
        assertEq(records.record(recordId).generation, 2, "generation counts rotations");
    }

    function test_rewrapKey_revertsForProvider() public {
        createSigned();
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, provider));
        vm.prank(provider);
        records.rewrapKey(recordId, CAPSULE_C, "c");
    }

    function test_rewrapKey_revertsForSuspendedPatient() public {
        createSigned();
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        vm.prank(patient);
        records.rewrapKey(recordId, CAPSULE_C, "c");
    }

    function test_rewrapKey_revertsOnEmptyFields() public {
        createSigned();
        vm.startPrank(patient);
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        records.rewrapKey(recordId, bytes32(0), "c");
        vm.expectRevert(IRecordRegistry.EmptyField.selector);
        records.rewrapKey(recordId, CAPSULE_C, "");
        vm.stopPrank();
    }

    function test_rewrapKey_revertsForTombstone() public {
        createSigned();
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordTombstoned.selector, recordId));
        vm.prank(patient);
        records.rewrapKey(recordId, CAPSULE_C, "c");
    }

    // ----------------------------------------------------------- deleteRecord

    function test_deleteRecord_byPatientTombstonesAndEmits() public {
        createSigned();
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
        assertEq(r.capsuleHash, approval.capsuleHash, "capsuleHash kept as evidence");
        assertEq(r.head, head, "head kept");
        assertEq(r.encryptedLocation.length, 0, "location cleared");
        assertEq(r.capsuleRef.length, 0, "capsule ref cleared");
        assertEq(r.gateRef.length, 0, "gate ref cleared");
        assertEq(records.versionHead(recordId, 1), head, "history kept");
    }

    function test_deleteRecord_byCurrentProvider() public {
        createSigned();
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordDeleted(recordId, patient, provider, 1);
        vm.prank(provider);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_revertsForEarlierProvider() public {
        createSigned();
        updateRecordAs(provider2Key, recordId, 8);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, provider));
        vm.prank(provider);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_revertsForStranger() public {
        createSigned();
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
        createSigned();
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordTombstoned.selector, recordId));
        vm.prank(patient);
        records.deleteRecord(recordId);
    }

    function test_deleteRecord_revertsForSuspendedPatient() public {
        createSigned();
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.ActorNotActive.selector, patient));
        vm.prank(patient);
        records.deleteRecord(recordId);
    }

    // ----------------------------------------------------------- changePolicy

    function test_changePolicy_rewrapsOnlyTheGateAndEmits() public {
        createSigned();
        bytes32 head = records.versionHead(recordId, 1);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.PolicyChanged(recordId, patient, 1, input.policyHash, P2, GATE2, 7, "gate2");
        vm.prank(patient);
        records.changePolicy(recordId, P2, GATE2, 7, "gate2");

        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.policyHash, P2, "policyHash");
        assertEq(r.gateHash, GATE2, "gateHash");
        assertEq(r.gateRef, bytes("gate2"), "gateRef");
        assertEq(r.committeeId, 7, "committee");
        assertEq(r.capsuleHash, approval.capsuleHash, "capsule untouched");
        assertEq(r.generation, 0, "generation untouched");
        assertEq(r.version, 1, "version unchanged");
        assertEq(r.head, head, "head unchanged");
    }

    function test_changePolicy_revertsForSuspendedPatient() public {
        createSigned();
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        vm.prank(patient);
        records.changePolicy(recordId, P2, GATE2, 7, "gate2");
    }

    function test_changePolicy_canRemovePolicy() public {
        createSigned();
        vm.prank(patient);
        records.changePolicy(recordId, bytes32(0), bytes32(0), 0, "");
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.policyHash, bytes32(0), "policy removed");
        assertEq(r.gateRef.length, 0, "gate removed");
    }

    function test_changePolicy_revertsForProvider() public {
        createSigned();
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, provider));
        vm.prank(provider);
        records.changePolicy(recordId, P2, GATE2, 7, "gate2");
    }

    function test_changePolicy_revertsForUnknownRecord() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.UnknownRecord.selector, recordId));
        vm.prank(patient);
        records.changePolicy(recordId, P2, GATE2, 7, "gate2");
    }

    function test_changePolicy_revertsForTombstone() public {
        createSigned();
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordTombstoned.selector, recordId));
        vm.prank(patient);
        records.changePolicy(recordId, P2, GATE2, 7, "gate2");
    }

    function test_changePolicy_revertsOnInconsistentGate() public {
        createSigned();
        vm.startPrank(patient);
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        records.changePolicy(recordId, P2, GATE2, 7, "");
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        records.changePolicy(recordId, P2, bytes32(0), 7, "gate2");
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        records.changePolicy(recordId, P2, GATE2, 0, "gate2");
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        records.changePolicy(recordId, bytes32(0), GATE2, 7, "gate2");
        vm.stopPrank();
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
        assertEq(records.capsuleHashOf(recordId), bytes32(0), "capsuleHashOf");
    }
}
