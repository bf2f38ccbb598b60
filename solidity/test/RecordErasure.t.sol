// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../src/interfaces/IAccessLedger.sol";
import {IAttributeReads} from "../src/interfaces/IAttributeReads.sol";
import {ICareReads} from "../src/interfaces/ICareReads.sol";
import {IEmergencyAccess} from "../src/interfaces/IEmergencyAccess.sol";
import {IRecordRegistry} from "../src/interfaces/IRecordRegistry.sol";
import {IThresholdAnswers} from "../src/interfaces/IThresholdAnswers.sol";
import {CareFixture} from "./lib/CareFixture.sol";

/// @notice RecordRegistry's care fields: the co-signed category, the network-capsule flag and its
/// gate, and erasure, after which every gate refuses the record and nothing may change it.
contract RecordErasureTest is CareFixture {
    bytes32 internal recordId;

    function setUp() public override {
        super.setUp();
        recordId = careRecord(1, LAB);
    }

    // --------------------------------------------------------- category and flag

    function test_category_isCosignedAndStored() public {
        (,,,, uint64 committeeId, bytes32 gateHash, bytes32 category) = records.careState(recordId);
        assertEq(category, LAB, "category");
        assertEq(committeeId, COMMITTEE, "committee");
        assertEq(gateHash, records.record(recordId).gateHash, "gate");
        // A category other than the one signed breaks the patient's signature.
        IRecordRegistry.VersionInput memory input = inputFor(2);
        input.policyHash = bytes32(0);
        IRecordRegistry.Approval memory a = careApproval(2, input, LAB);
        (bytes memory ps, bytes memory qs) = cosign(patientKey, providerKey, recordId, 2, input, a);
        a.category = IMAGING;
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        records.updateRecord(recordId, provider, input, a, ps, qs);
    }

    function expectCreateRefused(
        IRecordRegistry.VersionInput memory input,
        IRecordRegistry.Approval memory a,
        bytes memory err
    ) internal {
        bytes32 id = records.recordIdFor(patient, provider, saltFor(3));
        (bytes memory ps, bytes memory qs) = cosign(patientKey, providerKey, id, 1, input, a);
        vm.expectRevert(err);
        records.createRecord(patient, provider, saltFor(3), input, a, ps, qs);
    }

    function test_networkCapsule_needsAGateAndKeepsIt() public {
        IRecordRegistry.VersionInput memory input = inputFor(3);
        input.policyHash = bytes32(0);
        IRecordRegistry.Approval memory a = careApproval(3, input, LAB);
        a.gateHash = bytes32(0);
        bytes memory inconsistent = abi.encodeWithSelector(IRecordRegistry.InconsistentGate.selector);
        expectCreateRefused(input, a, inconsistent);
        // Without the flag (and no policy) a gate is not allowed.
        a = careApproval(3, input, LAB);
        a.flags = 0;
        expectCreateRefused(input, a, inconsistent);
        // A patient's own approval must carry her capsule.
        a = careApproval(3, input, LAB);
        a.capsuleHash = bytes32(0);
        a.capsuleRef = "";
        expectCreateRefused(input, a, abi.encodeWithSelector(IRecordRegistry.EmptyField.selector));
        // Removing the policy of a record whose gate carries the network capsule keeps the gate.
        vm.expectRevert(IRecordRegistry.InconsistentGate.selector);
        vm.prank(patient);
        records.changePolicy(recordId, bytes32(0), bytes32(0), 0, "");
        vm.prank(patient);
        records.changePolicy(recordId, bytes32(0), keccak256("new gate"), COMMITTEE, "bafynewgate");
    }

    /// @dev A patient's own record (a glucose log) with the network capsule and a category is read
    /// under a standing consent like any other; a guardian can never sign one in her place.
    function test_patientAuthored_readUnderConsent_neverGuardianSigned() public {
        IRecordRegistry.VersionInput memory input = inputFor(8);
        input.policyHash = bytes32(0);
        IRecordRegistry.Approval memory a = careApproval(8, input, LAB);
        a.flags = NETWORK_CAPSULE | 1;
        bytes32 own = createRecordWith(patientKey, patientKey, saltFor(8), input, a);
        assertEq(records.record(own).provider, patient, "patient-authored");
        vm.prank(patient);
        uint64 c = consents.giveConsent(ORG_GP, bytes32(0), LAB, 0, uint64(block.timestamp + 30 days));
        readAs(gp, ICareReads.Rule.Consent, c, own);

        addGuardian(parent, SCOPE_COSIGN, 30 days);
        IRecordRegistry.VersionInput memory next = inputFor(9);
        next.policyHash = bytes32(0);
        IRecordRegistry.Approval memory b = careApproval(9, next, LAB);
        b.flags = NETWORK_CAPSULE | 1;
        bytes32 vh = records.versionHash(own, patient, patient, 2, next);
        bytes memory gs = sign(parentKey, records.approvalDigest(vh, b));
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        records.updateRecord(own, patient, next, b, "", gs);
    }

    function test_setGuardians_onceByTheDeployer() public {
        vm.expectRevert(IRecordRegistry.GuardiansAlreadySet.selector);
        records.setGuardians(address(this));
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotDeployer.selector, admin));
        vm.prank(admin);
        records.setGuardians(address(this));
        assertEq(address(records.guardians()), address(guardians), "guardians");
    }

    // ------------------------------------------------------------------ erasure

    function test_eraseRecord_byThePatientKeepsOnlyHashes() public {
        careUpdate(recordId, 2, LAB);
        IRecordRegistry.Record memory before = records.record(recordId);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordErased(recordId, patient, patient, 2, false);
        vm.prank(patient);
        records.eraseRecord(recordId);
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(uint256(r.status), uint256(IRecordRegistry.RecordStatus.Erased), "erased");
        assertEq(r.encryptedLocation.length, 0, "location gone");
        assertEq(r.capsuleRef.length, 0, "capsule ref gone");
        assertEq(r.gateRef.length, 0, "gate ref gone");
        assertEq(r.contentHash, before.contentHash, "content hash kept");
        assertEq(r.capsuleHash, before.capsuleHash, "capsule hash kept");
        assertEq(r.head, before.head, "head kept");
        assertEq(records.versionHead(recordId, 1), records.versionHead(recordId, 1), "history kept");
        assertTrue(records.versionHead(recordId, 1) != bytes32(0), "version 1 head");
    }

    function test_eraseRecord_refusedForOthersAndInactivePatients() public {
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, provider));
        vm.prank(provider);
        records.eraseRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, stranger));
        vm.prank(stranger);
        records.eraseRecord(recordId);
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.PatientNotActive.selector, patient));
        vm.prank(patient);
        records.eraseRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.UnknownRecord.selector, bytes32(uint256(1))));
        records.eraseRecord(bytes32(uint256(1)));
    }

    function test_eraseRecord_aDeletedRecordToo_butOnlyOnce() public {
        vm.prank(patient);
        records.deleteRecord(recordId);
        vm.prank(patient);
        records.eraseRecord(recordId);
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.RecordIsErased.selector, recordId));
        vm.prank(patient);
        records.eraseRecord(recordId);
    }

    /// @dev Abuse: actions on an erased record.
    function test_erased_nothingMayChangeIt() public {
        vm.prank(patient);
        records.eraseRecord(recordId);
        bytes memory erased = abi.encodeWithSelector(IRecordRegistry.RecordIsErased.selector, recordId);
        vm.expectRevert(erased);
        vm.prank(patient);
        records.rewrapKey(recordId, keccak256("c"), "bafyc");
        vm.expectRevert(erased);
        vm.prank(patient);
        records.changePolicy(recordId, bytes32(0), keccak256("g"), COMMITTEE, "bafyg");
        vm.expectRevert(erased);
        vm.prank(patient);
        records.deleteRecord(recordId);
        IRecordRegistry.VersionInput memory input = inputFor(2);
        input.policyHash = bytes32(0);
        IRecordRegistry.Approval memory a = careApproval(2, input, LAB);
        (bytes memory ps, bytes memory qs) = cosign(patientKey, providerKey, recordId, 2, input, a);
        vm.expectRevert(erased);
        records.updateRecord(recordId, provider, input, a, ps, qs);
    }

    /// @dev Abuse: reading an erased record, by every path, and answers to reads in flight.
    function test_erased_everyGateRefusesIt() public {
        vm.prank(er);
        uint64 s = emergency.openSession(patient, REASON, 1 hours);
        uint64 inFlight = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        uint64 request = requestAs(requester, recordId, 0);
        grant(request, 1 days);
        uint64 access = invoke(requester, request);

        vm.prank(patient);
        records.eraseRecord(recordId);

        expectReadRefused(
            er,
            ICareReads.Rule.Emergency,
            s,
            recordId,
            abi.encodeWithSelector(ICareReads.RecordNotActive.selector, recordId)
        );
        vm.expectEmit(true, true, true, true, address(care));
        emit ICareReads.CapsuleReadRejected(
            inFlight, patient, er, ICareReads.Rule.Emergency, s, ICareReads.RecordChanged.selector
        );
        commitShare(inFlight, 1);

        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.RecordNotActive.selector, recordId));
        requestAs(requester2, recordId, 0);
        vm.prank(proxies[0]);
        ledger.commit(access, request, requester, 1, keccak256("fragment"));
        assertEq(
            uint256(ledger.answerState(access).status),
            uint256(IThresholdAnswers.AnswerStatus.Rejected),
            "grant"
        );

        vm.expectRevert(abi.encodeWithSelector(IAttributeReads.RecordNotActive.selector, recordId));
        vm.prank(requester);
        reads.requestRead(recordId, "", blindedPoint(), blindingProof(), blindingKey());
    }

    function test_erased_sessionsStillCountButReadNothing() public {
        vm.prank(patient);
        records.eraseRecord(recordId);
        vm.prank(er);
        uint64 s = emergency.openSession(patient, REASON, 1 hours);
        assertEq(emergency.session(s).patient, patient, "a session is about the patient, not a record");
        expectReadRefused(
            er,
            ICareReads.Rule.Emergency,
            s,
            recordId,
            abi.encodeWithSelector(ICareReads.RecordNotActive.selector, recordId)
        );
        (IEmergencyAccess.Mode mode,) = emergency.allows(patient, ORG_ER);
        assertEq(uint256(mode), uint256(IEmergencyAccess.Mode.On), "default on");
    }
}
