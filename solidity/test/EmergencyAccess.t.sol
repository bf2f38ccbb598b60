// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareReads} from "../src/interfaces/ICareReads.sol";
import {IEmergencyAccess} from "../src/interfaces/IEmergencyAccess.sol";
import {IThresholdAnswers} from "../src/interfaces/IThresholdAnswers.sol";
import {CareFixture} from "./lib/CareFixture.sol";

/// @notice Break-glass: who may open a session, for how long and why; what the patient's setting
/// refuses; and what a member's commit is held to afterwards.
contract EmergencyAccessTest is CareFixture {
    bytes32 internal recordId;

    function setUp() public override {
        super.setUp();
        recordId = careRecord(1, LAB);
    }

    function open(uint64 duration) internal returns (uint64) {
        vm.prank(er);
        return emergency.openSession(patient, REASON, duration);
    }

    function restrictTo(bytes32 org) internal {
        bytes32[] memory orgs = new bytes32[](1);
        orgs[0] = org;
        vm.prank(patient);
        emergency.setEmergencySetting(IEmergencyAccess.Mode.Restricted, orgs);
    }

    function setMode(address who, IEmergencyAccess.Mode mode) internal {
        vm.prank(who);
        emergency.setEmergencySetting(mode, new bytes32[](0));
    }

    // ------------------------------------------------------------ sessions

    function test_openSession_isLoudAndCounted() public {
        vm.expectEmit(true, true, true, true, address(emergency));
        emit IEmergencyAccess.EmergencyAccessOpened(
            1, patient, er, ORG_ER, REASON, uint64(block.timestamp + 4 hours), 1
        );
        uint64 s = open(4 hours);
        assertEq(s, 1, "first session");
        IEmergencyAccess.Session memory session = emergency.session(s);
        assertEq(session.patient, patient, "patient");
        assertEq(session.provider, er, "provider");
        assertEq(session.reason, REASON, "reason");
        assertEq(session.expiresAt, block.timestamp + 4 hours, "window");
        open(1 hours);
        assertEq(emergency.sessionsOf(er), 2, "the admin's per-provider count");
        assertEq(emergency.sessionCount(), 2, "sessions");
    }

    function test_openSession_windowIsBoundedByTheContract() public {
        assertEq(emergency.MAX_WINDOW(), 24 hours, "24 hours");
        open(24 hours);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.InvalidWindow.selector, 24 hours + 1));
        open(24 hours + 1);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.InvalidWindow.selector, 0));
        open(0);
    }

    function test_openSession_needsAReason() public {
        vm.expectRevert(IEmergencyAccess.NoReason.selector);
        vm.prank(er);
        emergency.openSession(patient, bytes32(0), 1 hours);
    }

    /// @dev Abuse: break-glass by a provider the admin never marked, by a requester, by a
    /// suspended emergency provider, and by one the admin unmarked.
    function test_openSession_refusesNonEmergencyRoles() public {
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.NotEmergencyStaff.selector, gp));
        vm.prank(gp);
        emergency.openSession(patient, REASON, 1 hours);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.NotEmergencyStaff.selector, requester));
        vm.prank(requester);
        emergency.openSession(patient, REASON, 1 hours);
        suspend(er);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.NotEmergencyStaff.selector, er));
        open(1 hours);
        reinstate(er);
        vm.prank(admin);
        emergency.setEmergencyStaff(er, false);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.NotEmergencyStaff.selector, er));
        open(1 hours);
    }

    function test_setEmergencyStaff_adminOnlyAndProvidersOnly() public {
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.NotAdmin.selector, registrar));
        vm.prank(registrar);
        emergency.setEmergencyStaff(gp, true);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.NotProvider.selector, requester));
        vm.prank(admin);
        emergency.setEmergencyStaff(requester, true);
        vm.expectEmit(true, true, false, true, address(emergency));
        emit IEmergencyAccess.EmergencyStaffSet(gp, true, admin);
        vm.prank(admin);
        emergency.setEmergencyStaff(gp, true);
        assertTrue(emergency.isEmergencyStaff(gp), "marked");
    }

    function test_openSession_refusesNonPatients() public {
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.PatientNotActive.selector, requester));
        vm.prank(er);
        emergency.openSession(requester, REASON, 1 hours);
    }

    /// @dev An unconscious patient whose account is suspended (a lost phone) still gets care.
    function test_openSession_forASuspendedPatient() public {
        suspend(patient);
        open(1 hours);
    }

    /// @dev Abuse: the patient opted out.
    function test_openSession_refusedWhenThePatientOptedOut() public {
        setMode(patient, IEmergencyAccess.Mode.Off);
        vm.expectRevert(
            abi.encodeWithSelector(IEmergencyAccess.EmergencyAccessRefused.selector, patient, er, ORG_ER)
        );
        open(1 hours);
    }

    /// @dev Abuse: the patient restricted break-glass to organisations that exclude this one.
    function test_openSession_refusedForAnExcludedOrganisation() public {
        restrictTo(ORG_GP);
        vm.expectRevert(
            abi.encodeWithSelector(IEmergencyAccess.EmergencyAccessRefused.selector, patient, er, ORG_ER)
        );
        open(1 hours);
        restrictTo(ORG_ER);
        open(1 hours);
        (IEmergencyAccess.Mode mode, bool allowed) = emergency.allows(patient, ORG_GP);
        assertEq(uint256(mode), uint256(IEmergencyAccess.Mode.Restricted), "restricted");
        assertFalse(allowed, "a new restriction replaces the old one");
    }

    function test_setEmergencySetting_checksItsShapeAndActor() public {
        vm.expectRevert(IEmergencyAccess.InvalidSetting.selector);
        setMode(patient, IEmergencyAccess.Mode.Restricted);
        bytes32[] memory orgs = new bytes32[](1);
        orgs[0] = ORG_ER;
        vm.expectRevert(IEmergencyAccess.InvalidSetting.selector);
        vm.prank(patient);
        emergency.setEmergencySetting(IEmergencyAccess.Mode.On, orgs);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.PatientNotActive.selector, requester));
        setMode(requester, IEmergencyAccess.Mode.Off);
        // A suspended patient may opt out (it only narrows) but not opt back in.
        suspend(patient);
        setMode(patient, IEmergencyAccess.Mode.Off);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.PatientNotActive.selector, patient));
        setMode(patient, IEmergencyAccess.Mode.On);
    }

    function test_closeSession_byItsParties() public {
        uint64 s = open(1 hours);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.NotSessionParty.selector, gp));
        vm.prank(gp);
        emergency.closeSession(s);
        vm.expectEmit(true, true, true, true, address(emergency));
        emit IEmergencyAccess.EmergencyAccessClosed(s, patient, er, patient);
        vm.prank(patient);
        emergency.closeSession(s);
        vm.expectRevert(abi.encodeWithSelector(IEmergencyAccess.SessionClosed.selector, s));
        vm.prank(admin);
        emergency.closeSession(s);
        uint64 s2 = open(1 hours);
        vm.prank(admin);
        emergency.closeSession(s2);
        assertTrue(emergency.session(s2).closed, "closed by the admin");
    }

    // --------------------------------------------------------------- reads

    function test_requestRead_inTheWindow() public {
        uint64 s = open(2 hours);
        vm.expectEmit(true, true, true, true, address(care));
        emit ICareReads.CapsuleReadRequested(
            1,
            patient,
            er,
            ICareReads.Rule.Emergency,
            s,
            recordId,
            1,
            COMMITTEE,
            2,
            blindedPoint(),
            blindingKey(),
            blindingProof()
        );
        uint64 id = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        ICareReads.CareRead memory r = care.read(id);
        assertEq(r.requester, er, "requester");
        assertEq(uint256(r.rule), uint256(ICareReads.Rule.Emergency), "rule");
        assertEq(r.ruleId, s, "session");
        assertEq(r.gateHash, records.record(recordId).gateHash, "gate");
        (bool live,) = care.checkCareRead(id);
        assertTrue(live, "answerable");
    }

    /// @dev Abuse: break-glass after its window.
    function test_requestRead_refusedAfterTheWindow() public {
        uint64 s = open(2 hours);
        vm.warp(block.timestamp + 2 hours);
        expectReadRefused(
            er,
            ICareReads.Rule.Emergency,
            s,
            recordId,
            abi.encodeWithSelector(IEmergencyAccess.SessionExpired.selector, s, uint64(block.timestamp))
        );
    }

    function test_requestRead_onlyBySessionProviderForItsPatient() public {
        uint64 s = open(2 hours);
        vm.prank(admin);
        emergency.setEmergencyStaff(gp, true);
        expectReadRefused(
            gp,
            ICareReads.Rule.Emergency,
            s,
            recordId,
            abi.encodeWithSelector(IEmergencyAccess.NotSessionParty.selector, gp)
        );
        bytes32 other = createRecordAs(patient2Key, providerKey, 77);
        expectReadRefused(
            er,
            ICareReads.Rule.Emergency,
            s,
            other,
            abi.encodeWithSelector(ICareReads.WrongPatient.selector, other, patient)
        );
    }

    function test_requestRead_needsTheNetworkCapsule() public {
        uint64 s = open(2 hours);
        bytes32 plain = createRecord(5);
        expectReadRefused(
            er,
            ICareReads.Rule.Emergency,
            s,
            plain,
            abi.encodeWithSelector(ICareReads.NoNetworkCapsule.selector, plain)
        );
    }

    /// @dev Abuse: the patient opts out, or restricts to other organisations, mid-session.
    function test_requestRead_refusedOnceThePatientOptsOut() public {
        uint64 s = open(2 hours);
        setMode(patient, IEmergencyAccess.Mode.Off);
        expectReadRefused(
            er,
            ICareReads.Rule.Emergency,
            s,
            recordId,
            abi.encodeWithSelector(IEmergencyAccess.EmergencyAccessRefused.selector, patient, er, ORG_ER)
        );
    }

    function test_requestRead_unknownRuleAndSession() public {
        expectReadRefused(
            er, ICareReads.Rule.None, 1, recordId, abi.encodeWithSelector(ICareReads.UnknownRule.selector)
        );
        expectReadRefused(
            er,
            ICareReads.Rule.Emergency,
            9,
            recordId,
            abi.encodeWithSelector(IEmergencyAccess.UnknownSession.selector, 9)
        );
    }

    // ------------------------------------------------------------- answers

    function test_answers_tCommitsAnswerTheBreakGlassRead() public {
        uint64 s = open(2 hours);
        uint64 id = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        commitShare(id, 1);
        vm.expectEmit(true, true, true, true, address(care));
        emit ICareReads.CapsuleReadAnswered(id, patient, er, ICareReads.Rule.Emergency, s, 0x3);
        commitShare(id, 2);
        assertEq(
            uint256(care.answerState(id).status),
            uint256(IThresholdAnswers.AnswerStatus.Fulfilled),
            "answered"
        );
    }

    /// @dev The window is judged at the request: a read requested inside it is answered after it.
    function test_answers_readRequestedInTheWindowIsAnsweredAfterIt() public {
        uint64 s = open(1 hours);
        uint64 id = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        vm.warp(block.timestamp + 3 hours);
        commitShare(id, 1);
        commitShare(id, 2);
        assertEq(
            uint256(care.answerState(id).status),
            uint256(IThresholdAnswers.AnswerStatus.Fulfilled),
            "answered"
        );
    }

    function test_answers_closingTheSessionRejectsReadsInFlight() public {
        uint64 s = open(1 hours);
        uint64 id = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        commitShare(id, 1);
        vm.prank(patient);
        emergency.closeSession(s);
        (bool live, bytes4 err) = care.checkCareRead(id);
        assertFalse(live, "dead");
        assertEq(err, IEmergencyAccess.SessionClosed.selector, "closed");
        vm.expectEmit(true, true, true, true, address(care));
        emit ICareReads.CapsuleReadRejected(
            id, patient, er, ICareReads.Rule.Emergency, s, IEmergencyAccess.SessionClosed.selector
        );
        commitShare(id, 2);
        assertEq(
            uint256(care.answerState(id).status), uint256(IThresholdAnswers.AnswerStatus.Rejected), "rejected"
        );
    }

    function test_answers_optOutOrUnmarkingRejectsReadsInFlight() public {
        uint64 s = open(1 hours);
        uint64 id = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        restrictTo(ORG_GP);
        (, bytes4 err) = care.checkCareRead(id);
        assertEq(err, IEmergencyAccess.EmergencyAccessRefused.selector, "excluded");
        restrictTo(ORG_ER);
        (bool live,) = care.checkCareRead(id);
        assertTrue(live, "allowed again");
        vm.prank(admin);
        emergency.setEmergencyStaff(er, false);
        (, err) = care.checkCareRead(id);
        assertEq(err, IEmergencyAccess.NotEmergencyStaff.selector, "unmarked");
    }

    function test_answers_anUpdatedRecordRejectsReadsOfTheOldVersion() public {
        uint64 s = open(1 hours);
        uint64 id = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        careUpdate(recordId, 2, LAB);
        (, bytes4 err) = care.checkCareRead(id);
        assertEq(err, ICareReads.RecordChanged.selector, "stale version");
    }

    function test_reportFault_namesAWrongShare() public {
        uint64 s = open(1 hours);
        uint64 id = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        (bytes memory good, bytes memory goodProof, bytes memory goodWitness) = shareOf(id, 1, secretShare(1));
        (bytes memory bad, bytes memory badProof, bytes memory badWitness) =
            shareOf(id, 2, secretShare(2) + 1);
        vm.prank(proxies[0]);
        care.commit(id, id, er, 1, keccak256(good));
        vm.prank(proxies[1]);
        care.commit(id, id, er, 2, keccak256(bad));
        vm.prank(proxies[0]);
        care.reveal(id, 1, good, goodProof);
        vm.prank(proxies[1]);
        care.reveal(id, 2, bad, badProof);
        bytes memory statement = abi.encode(publicShares(3), blindedPoint());
        vm.expectRevert(abi.encodeWithSelector(ICareReads.StatementMismatch.selector, id));
        care.reportFault(id, 2, bad, badProof, badWitness, abi.encode(publicShares(3), blindingKey()));
        vm.expectEmit(true, true, false, true, address(care));
        emit ICareReads.CapsuleReadFaulted(id, patient, 2, proxies[1]);
        care.reportFault(id, 2, bad, badProof, badWitness, statement);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.FragmentValid.selector, id, 1));
        care.reportFault(id, 1, good, goodProof, goodWitness, statement);
    }

    function test_contexts_bindChainContractAndParties() public view {
        assertEq(
            care.shareContext(7, 2),
            keccak256(
                abi.encode("emrchain/capsule-share/v1", block.chainid, address(care), uint256(7), uint256(2))
            ),
            "share context"
        );
        assertEq(
            care.blindingContext(er, recordId),
            keccak256(abi.encode("emrchain/capsule-request/v1", block.chainid, address(care), er, recordId)),
            "blinding context"
        );
        assertEq(address(care.ruleContract(ICareReads.Rule.Emergency)), address(emergency), "rule");
    }
}
