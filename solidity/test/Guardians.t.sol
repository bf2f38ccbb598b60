// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareReads} from "../src/interfaces/ICareReads.sol";
import {IGuardians} from "../src/interfaces/IGuardians.sol";
import {IRecordRegistry} from "../src/interfaces/IRecordRegistry.sol";
import {CareFixture} from "./lib/CareFixture.sol";

/// @notice Guardians: scoped, time-bounded, revocable, acting t-of-n for the patient; their grants
/// read through CareReads; their co-signature and erasure approval count in RecordRegistry.
contract GuardiansTest is CareFixture {
    bytes32 internal recordId;

    function setUp() public override {
        super.setUp();
        recordId = careRecord(1, LAB);
    }

    function proposeGrant(address guardian, address reader) internal returns (uint64) {
        vm.prank(guardian);
        return guardians.propose(
            patient, IGuardians.Action.Grant, recordId, reader, uint64(block.timestamp + 7 days), 0
        );
    }

    // ---------------------------------------------------------------- the set

    function test_setGuardian_namesAndChanges() public {
        vm.expectEmit(true, true, false, true, address(guardians));
        emit IGuardians.GuardianSet(
            patient, parent, 1, SCOPE_GRANT | SCOPE_TIMELINE, uint64(block.timestamp + 30 days)
        );
        addGuardian(parent, SCOPE_GRANT | SCOPE_TIMELINE, 30 days);
        IGuardians.Guardian memory g = guardians.guardianOf(patient, parent);
        assertEq(g.index, 1, "index");
        assertEq(guardians.guardianAt(patient, 1), parent, "slot");
        assertTrue(guardians.canAct(patient, parent, SCOPE_TIMELINE), "timeline");
        assertFalse(guardians.canAct(patient, parent, SCOPE_COSIGN), "no co-sign");
        addGuardian(parent, SCOPE_COSIGN, 30 days);
        assertEq(guardians.guardianOf(patient, parent).index, 1, "same index");
        assertTrue(guardians.canAct(patient, parent, SCOPE_COSIGN), "co-sign now");
        (uint8 t, uint32 epoch) = guardians.thresholdOf(patient);
        assertEq(t, 1, "default threshold");
        assertEq(epoch, 1, "a change moves the epoch");
    }

    function test_setGuardian_checksTermsAndActor() public {
        vm.startPrank(patient);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.InvalidGuardian.selector, patient));
        guardians.setGuardian(patient, 1, uint64(block.timestamp + 1));
        vm.expectRevert(abi.encodeWithSelector(IGuardians.InvalidGuardian.selector, stranger));
        guardians.setGuardian(stranger, 1, uint64(block.timestamp + 1));
        vm.expectRevert(IGuardians.InvalidTerms.selector);
        guardians.setGuardian(parent, 0, uint64(block.timestamp + 1));
        vm.expectRevert(IGuardians.InvalidTerms.selector);
        guardians.setGuardian(parent, 32, uint64(block.timestamp + 1));
        vm.expectRevert(IGuardians.InvalidTerms.selector);
        guardians.setGuardian(parent, 1, uint64(block.timestamp));
        vm.expectRevert(IGuardians.InvalidTerms.selector);
        guardians.setThreshold(0);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IGuardians.PatientNotActive.selector, gp));
        vm.prank(gp);
        guardians.setGuardian(parent, 1, uint64(block.timestamp + 1));
    }

    function test_removeGuardian_evenWhenSuspended() public {
        addGuardian(parent, 31, 30 days);
        suspend(patient);
        vm.expectEmit(true, true, false, true, address(guardians));
        emit IGuardians.GuardianRemoved(patient, parent);
        vm.prank(patient);
        guardians.removeGuardian(parent);
        assertFalse(guardians.canAct(patient, parent, SCOPE_GRANT), "gone");
        assertEq(guardians.guardianAt(patient, 1), address(0), "slot freed");
        vm.expectRevert(abi.encodeWithSelector(IGuardians.InvalidGuardian.selector, parent));
        vm.prank(patient);
        guardians.removeGuardian(parent);
    }

    // ------------------------------------------------------------- proposals

    function test_grant_tOfNGuardiansGrantAReadOnTheTimeline() public {
        twoGuardians();
        uint64 p = proposeGrant(parent, gp);
        assertEq(
            uint256(guardians.proposal(p).status), uint256(IGuardians.ProposalStatus.Open), "waits for t"
        );
        vm.expectEmit(true, true, true, true, address(guardians));
        emit IGuardians.GuardianGrantMade(1, patient, gp, recordId, uint64(block.timestamp + 7 days), p);
        vm.prank(aunt);
        guardians.approve(p);
        assertEq(
            uint256(guardians.proposal(p).status), uint256(IGuardians.ProposalStatus.Executed), "executed"
        );
        IGuardians.GuardianGrant memory g = guardians.grant(1);
        assertEq(g.requester, gp, "requester");
        assertEq(g.recordId, recordId, "record");
        uint64 id = readAs(gp, ICareReads.Rule.Guardian, 1, recordId);
        commitShare(id, 2);
        commitShare(id, 3);
        assertEq(care.answerState(id).commits, 2, "answered");
    }

    /// @dev Abuse: a guardian acting outside its scope.
    function test_propose_refusedOutsideScope() public {
        addGuardian(parent, SCOPE_TIMELINE | SCOPE_REVOKE, 30 days);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.GuardianCannotAct.selector, parent, SCOPE_GRANT));
        proposeGrant(parent, gp);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.GuardianCannotAct.selector, parent, SCOPE_ERASE));
        vm.prank(parent);
        guardians.propose(patient, IGuardians.Action.Erase, recordId, address(0), 0, 0);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.GuardianCannotAct.selector, stranger, SCOPE_GRANT));
        proposeGrant(stranger, gp);
    }

    /// @dev Abuse: a guardian acting after its validity ended.
    function test_propose_refusedAfterExpiry() public {
        addGuardian(parent, 31, 1 days);
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.GuardianCannotAct.selector, parent, SCOPE_GRANT));
        proposeGrant(parent, gp);
        assertFalse(guardians.canAct(patient, parent, SCOPE_TIMELINE), "no timeline either");
    }

    /// @dev An approval given before a guardian's validity ended does not count after it.
    function test_approve_expiredApprovalsDoNotCount() public {
        addGuardian(parent, 31, 1 days);
        addGuardian(aunt, 31, 30 days);
        addGuardian(uncle, 31, 30 days);
        vm.prank(patient);
        guardians.setThreshold(2);
        uint64 p = proposeGrant(parent, gp);
        vm.warp(block.timestamp + 1 days);
        vm.prank(aunt);
        guardians.approve(p);
        assertEq(
            uint256(guardians.proposal(p).status), uint256(IGuardians.ProposalStatus.Open), "one still counts"
        );
        vm.expectEmit(true, true, false, true, address(guardians));
        emit IGuardians.GuardianActionExecuted(p, patient, IGuardians.Action.Grant, 0x6);
        vm.prank(uncle);
        guardians.approve(p);
    }

    function test_approve_twiceOrAfterTheSetChanged() public {
        twoGuardians();
        addGuardian(uncle, 31, 30 days);
        uint64 p = proposeGrant(parent, gp);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.AlreadyApproved.selector, p, parent));
        vm.prank(parent);
        guardians.approve(p);
        // Changing a guardian's rights voids the open proposals.
        addGuardian(uncle, SCOPE_TIMELINE, 30 days);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.ProposalNotOpen.selector, p));
        vm.prank(aunt);
        guardians.approve(p);
    }

    function test_cancel_byThePatientOrAGuardian() public {
        twoGuardians();
        uint64 p = proposeGrant(parent, gp);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.GuardianCannotAct.selector, gp, SCOPE_GRANT));
        vm.prank(gp);
        guardians.cancel(p);
        vm.expectEmit(true, true, false, true, address(guardians));
        emit IGuardians.GuardianActionCancelled(p, patient, patient);
        vm.prank(patient);
        guardians.cancel(p);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.ProposalNotOpen.selector, p));
        vm.prank(aunt);
        guardians.approve(p);
    }

    function test_propose_checksTheAction() public {
        addGuardian(parent, 31, 30 days);
        vm.startPrank(parent);
        vm.expectRevert(IGuardians.InvalidAction.selector);
        guardians.propose(
            patient, IGuardians.Action.Grant, recordId, stranger, uint64(block.timestamp + 1), 0
        );
        vm.expectRevert(IGuardians.InvalidAction.selector);
        guardians.propose(
            patient, IGuardians.Action.Grant, recordId, gp, uint64(block.timestamp + 31 days), 0
        );
        bytes32 plain = createRecord(9);
        vm.expectRevert(IGuardians.InvalidAction.selector);
        guardians.propose(patient, IGuardians.Action.Grant, plain, gp, uint64(block.timestamp + 1), 0);
        vm.expectRevert(IGuardians.InvalidAction.selector);
        guardians.propose(patient, IGuardians.Action.Revoke, bytes32(0), address(0), 0, 5);
        vm.expectRevert(IGuardians.InvalidAction.selector);
        guardians.propose(patient, IGuardians.Action.None, recordId, address(0), 0, 0);
        vm.stopPrank();
    }

    // ----------------------------------------------------------------- grants

    function test_revoke_byGuardiansStopsTheGrantAndReadsInFlight() public {
        twoGuardians();
        uint64 g = guardianGrant(gp, recordId, 7 days);
        uint64 id = readAs(gp, ICareReads.Rule.Guardian, g, recordId);
        vm.prank(parent);
        uint64 p = guardians.propose(patient, IGuardians.Action.Revoke, bytes32(0), address(0), 0, g);
        vm.expectEmit(true, true, true, true, address(guardians));
        emit IGuardians.GuardianGrantRevoked(g, patient, gp, aunt);
        vm.prank(aunt);
        guardians.approve(p);
        (, bytes4 err) = care.checkCareRead(id);
        assertEq(err, IGuardians.GrantRevoked.selector, "in flight");
        expectReadRefused(
            gp,
            ICareReads.Rule.Guardian,
            g,
            recordId,
            abi.encodeWithSelector(IGuardians.GrantRevoked.selector, g)
        );
    }

    function test_revokeGrant_byThePatientOrRequester() public {
        twoGuardians();
        uint64 g = guardianGrant(gp, recordId, 7 days);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.NotParty.selector, parent));
        vm.prank(parent);
        guardians.revokeGrant(g);
        vm.prank(patient);
        guardians.revokeGrant(g);
        vm.expectRevert(abi.encodeWithSelector(IGuardians.GrantRevoked.selector, g));
        vm.prank(gp);
        guardians.revokeGrant(g);
    }

    function test_requestRead_onlyTheGranteeInTheWindowForTheRecord() public {
        twoGuardians();
        uint64 g = guardianGrant(gp, recordId, 7 days);
        expectReadRefused(
            er,
            ICareReads.Rule.Guardian,
            g,
            recordId,
            abi.encodeWithSelector(IGuardians.NotParty.selector, er)
        );
        bytes32 other = careRecord(2, LAB);
        expectReadRefused(
            gp, ICareReads.Rule.Guardian, g, other, abi.encodeWithSelector(IGuardians.NotParty.selector, gp)
        );
        vm.warp(block.timestamp + 7 days);
        expectReadRefused(
            gp,
            ICareReads.Rule.Guardian,
            g,
            recordId,
            abi.encodeWithSelector(IGuardians.OutsideWindow.selector, g, uint64(T0), uint64(T0 + 7 days))
        );
    }

    // ------------------------------------------------- co-sign and erasure

    function guardianSignedVersion(uint256 signerKey, uint8 flags)
        internal
        returns (
            IRecordRegistry.VersionInput memory input,
            IRecordRegistry.Approval memory a,
            bytes memory ps,
            bytes memory gs
        )
    {
        input = inputFor(20);
        input.policyHash = bytes32(0);
        a = careApproval(20, input, LAB);
        a.flags = flags;
        if (flags & NETWORK_CAPSULE == 0) {
            a.gateHash = bytes32(0);
            a.gateRef = "";
            a.committeeId = 0;
        }
        // Nobody but the patient holds the seed, so a guardian's version has no patient capsule.
        a.capsuleHash = bytes32(0);
        a.capsuleRef = "";
        (, uint32 version,) = records.recordState(recordId);
        bytes32 vh = records.versionHash(recordId, patient, provider, version + 1, input);
        ps = sign(providerKey, records.versionDigest(recordId, patient, provider, version + 1, input));
        gs = sign(signerKey, records.approvalDigest(vh, a));
    }

    function test_cosign_aGuardianWithTheScopeSignsForThePatient() public {
        addGuardian(parent, SCOPE_COSIGN, 30 days);
        (
            IRecordRegistry.VersionInput memory input,
            IRecordRegistry.Approval memory a,
            bytes memory ps,
            bytes memory gs
        ) = guardianSignedVersion(parentKey, NETWORK_CAPSULE);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.VersionCosignedByGuardian(recordId, patient, parent, 2);
        records.updateRecord(recordId, provider, input, a, ps, gs);
        IRecordRegistry.Record memory r = records.record(recordId);
        assertEq(r.version, 2, "version 2");
        assertEq(r.capsuleHash, bytes32(0), "no patient capsule until she rewraps");
        assertEq(r.category, LAB, "category");
        bytes32 capsule = sha256("patient capsule");
        vm.prank(patient);
        records.rewrapKey(recordId, capsule, "bafycapsule");
        assertEq(records.record(recordId).capsuleHash, capsule, "capsule added");
    }

    /// @dev Abuse: a guardian without the co-sign scope, or after its validity, cannot co-sign;
    /// and a guardian's version must carry the network capsule.
    function test_cosign_refusedOutsideScopeOrAfterExpiryOrWithoutNetworkCapsule() public {
        addGuardian(parent, SCOPE_GRANT, 30 days);
        (
            IRecordRegistry.VersionInput memory input,
            IRecordRegistry.Approval memory a,
            bytes memory ps,
            bytes memory gs
        ) = guardianSignedVersion(parentKey, NETWORK_CAPSULE);
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        records.updateRecord(recordId, provider, input, a, ps, gs);
        addGuardian(parent, SCOPE_COSIGN, 1 days);
        vm.warp(block.timestamp + 1 days);
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        records.updateRecord(recordId, provider, input, a, ps, gs);
        addGuardian(parent, SCOPE_COSIGN, 30 days);
        (input, a, ps, gs) = guardianSignedVersion(parentKey, 0);
        vm.expectRevert(IRecordRegistry.GuardianNeedsNetworkCapsule.selector);
        records.updateRecord(recordId, provider, input, a, ps, gs);
    }

    function test_erase_adminNeedsTheGuardiansApproval() public {
        twoGuardians();
        vm.expectRevert(abi.encodeWithSelector(IRecordRegistry.NotAuthorized.selector, admin));
        vm.prank(admin);
        records.eraseRecord(recordId);
        vm.prank(parent);
        uint64 p = guardians.propose(patient, IGuardians.Action.Erase, recordId, address(0), 0, 0);
        assertFalse(guardians.erasureApproved(recordId), "one of two");
        vm.expectEmit(true, true, false, true, address(guardians));
        emit IGuardians.ErasureApproved(recordId, patient, p);
        vm.prank(aunt);
        guardians.approve(p);
        vm.expectEmit(true, true, true, true, address(records));
        emit IRecordRegistry.RecordErased(recordId, patient, admin, 1, true);
        vm.prank(admin);
        records.eraseRecord(recordId);
        vm.prank(parent);
        vm.expectRevert(IGuardians.InvalidAction.selector);
        guardians.propose(patient, IGuardians.Action.Erase, recordId, address(0), 0, 0);
    }
}
