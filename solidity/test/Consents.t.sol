// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareReads} from "../src/interfaces/ICareReads.sol";
import {IConsents} from "../src/interfaces/IConsents.sol";
import {IThresholdAnswers} from "../src/interfaces/IThresholdAnswers.sol";
import {CareFixture} from "./lib/CareFixture.sol";

/// @notice Standing consent: an organisation (and role) reads a category, including records written
/// later, for a period; revocation stops the next read and reads in flight.
contract ConsentsTest is CareFixture {
    bytes32 internal labRecord;
    bytes32 internal imagingRecord;
    bytes32 internal gpRole;

    function setUp() public override {
        super.setUp();
        labRecord = careRecord(1, LAB);
        imagingRecord = careRecord(2, IMAGING);
        vm.prank(authority);
        gpRole = attributes.defineAttribute("role:gp");
    }

    function give(bytes32 org, bytes32 role, bytes32 category, uint256 period) internal returns (uint64) {
        vm.prank(patient);
        return
            consents.giveConsent(
                org, role, category, uint64(block.timestamp), uint64(block.timestamp + period)
            );
    }

    function assign(address holder, bytes32 id) internal {
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = id;
        vm.prank(authority);
        attributes.assignAttributes(holder, ids);
    }

    function test_giveConsent_isOnTheTimeline() public {
        vm.expectEmit(true, true, true, true, address(consents));
        emit IConsents.ConsentGiven(
            1, patient, ORG_GP, bytes32(0), LAB, uint64(block.timestamp), uint64(block.timestamp + 365 days)
        );
        uint64 c = give(ORG_GP, bytes32(0), LAB, 365 days);
        IConsents.Consent memory consent = consents.consent(c);
        assertEq(consent.patient, patient, "patient");
        assertEq(consent.org, ORG_GP, "org");
        assertEq(consent.category, LAB, "category");
        assertEq(consents.consentCount(), 1, "count");
    }

    function test_giveConsent_checksItsTermsAndActor() public {
        vm.startPrank(patient);
        vm.expectRevert(IConsents.InvalidConsent.selector);
        consents.giveConsent(bytes32(0), bytes32(0), LAB, 0, uint64(block.timestamp + 1));
        vm.expectRevert(IConsents.InvalidConsent.selector);
        consents.giveConsent(ORG_GP, bytes32(0), bytes32(0), 0, uint64(block.timestamp + 1));
        vm.expectRevert(IConsents.InvalidConsent.selector);
        consents.giveConsent(
            ORG_GP, bytes32(0), LAB, uint64(block.timestamp + 5), uint64(block.timestamp + 5)
        );
        vm.expectRevert(IConsents.InvalidConsent.selector);
        consents.giveConsent(ORG_GP, bytes32(0), LAB, 0, uint64(block.timestamp));
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IConsents.PatientNotActive.selector, gp));
        vm.prank(gp);
        consents.giveConsent(ORG_GP, bytes32(0), LAB, 0, uint64(block.timestamp + 1));
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IConsents.PatientNotActive.selector, patient));
        give(ORG_GP, bytes32(0), LAB, 1 days);
    }

    function test_requestRead_coversRecordsWrittenLater() public {
        uint64 c = give(ORG_GP, bytes32(0), LAB, 365 days);
        readAs(gp, ICareReads.Rule.Consent, c, labRecord);
        vm.warp(block.timestamp + 30 days);
        bytes32 later = careRecord(3, LAB);
        uint64 id = readAs(gp, ICareReads.Rule.Consent, c, later);
        assertEq(care.read(id).recordId, later, "a record written after the consent");
    }

    /// @dev Abuse: a standing consent used for a record outside its category.
    function test_requestRead_refusedOutsideTheCategory() public {
        uint64 c = give(ORG_GP, bytes32(0), LAB, 365 days);
        expectReadRefused(
            gp,
            ICareReads.Rule.Consent,
            c,
            imagingRecord,
            abi.encodeWithSelector(IConsents.CategoryMismatch.selector, c, imagingRecord, IMAGING)
        );
    }

    function test_requestRead_refusedOutsideTheOrganisationOrRole() public {
        uint64 c = give(ORG_GP, gpRole, LAB, 365 days);
        expectReadRefused(
            er,
            ICareReads.Rule.Consent,
            c,
            labRecord,
            abi.encodeWithSelector(IConsents.NotCovered.selector, c, er)
        );
        expectReadRefused(
            gp,
            ICareReads.Rule.Consent,
            c,
            labRecord,
            abi.encodeWithSelector(IConsents.NotCovered.selector, c, gp)
        );
        assign(gp, gpRole);
        readAs(gp, ICareReads.Rule.Consent, c, labRecord);
    }

    function test_requestRead_refusedOutsideThePeriod() public {
        vm.prank(patient);
        uint64 c = consents.giveConsent(
            ORG_GP, bytes32(0), LAB, uint64(block.timestamp + 1 days), uint64(block.timestamp + 2 days)
        );
        bytes memory early = abi.encodeWithSelector(
            IConsents.OutsidePeriod.selector,
            c,
            uint64(block.timestamp + 1 days),
            uint64(block.timestamp + 2 days)
        );
        expectReadRefused(gp, ICareReads.Rule.Consent, c, labRecord, early);
        vm.warp(block.timestamp + 1 days);
        readAs(gp, ICareReads.Rule.Consent, c, labRecord);
        vm.warp(block.timestamp + 1 days);
        expectReadRefused(gp, ICareReads.Rule.Consent, c, labRecord, early);
    }

    function test_requestRead_refusedForAnotherPatientsRecord() public {
        uint64 c = give(ORG_GP, bytes32(0), LAB, 365 days);
        bytes32 other = createRecordAs(patient2Key, providerKey, 50);
        expectReadRefused(
            gp,
            ICareReads.Rule.Consent,
            c,
            other,
            abi.encodeWithSelector(IConsents.WrongPatient.selector, c, other)
        );
    }

    /// @dev Revocation stops the very next read.
    function test_revokeConsent_stopsTheNextRead() public {
        uint64 c = give(ORG_GP, bytes32(0), LAB, 365 days);
        readAs(gp, ICareReads.Rule.Consent, c, labRecord);
        vm.expectEmit(true, true, true, true, address(consents));
        emit IConsents.ConsentRevoked(c, patient, ORG_GP);
        vm.prank(patient);
        consents.revokeConsent(c);
        expectReadRefused(
            gp,
            ICareReads.Rule.Consent,
            c,
            labRecord,
            abi.encodeWithSelector(IConsents.ConsentIsRevoked.selector, c)
        );
    }

    function test_revokeConsent_rejectsReadsInFlight() public {
        uint64 c = give(ORG_GP, bytes32(0), LAB, 365 days);
        uint64 id = readAs(gp, ICareReads.Rule.Consent, c, labRecord);
        commitShare(id, 1);
        vm.prank(patient);
        consents.revokeConsent(c);
        vm.expectEmit(true, true, true, true, address(care));
        emit ICareReads.CapsuleReadRejected(
            id, patient, gp, ICareReads.Rule.Consent, c, IConsents.ConsentIsRevoked.selector
        );
        commitShare(id, 2);
        assertEq(
            uint256(care.answerState(id).status), uint256(IThresholdAnswers.AnswerStatus.Rejected), "rejected"
        );
    }

    function test_revokeConsent_byItsPatientOnly_evenSuspended() public {
        uint64 c = give(ORG_GP, bytes32(0), LAB, 365 days);
        vm.expectRevert(abi.encodeWithSelector(IConsents.NotConsentPatient.selector, gp));
        vm.prank(gp);
        consents.revokeConsent(c);
        suspend(patient);
        vm.prank(patient);
        consents.revokeConsent(c);
        vm.expectRevert(abi.encodeWithSelector(IConsents.ConsentIsRevoked.selector, c));
        vm.prank(patient);
        consents.revokeConsent(c);
        vm.expectRevert(abi.encodeWithSelector(IConsents.UnknownConsent.selector, 99));
        vm.prank(patient);
        consents.revokeConsent(99);
    }

    /// @dev A role attribute revoked, or a record re-categorised by a new version, stops reads in flight.
    function test_answers_roleLossOrRecategorisationRejects() public {
        assign(gp, gpRole);
        uint64 c = give(ORG_GP, gpRole, LAB, 365 days);
        uint64 id = readAs(gp, ICareReads.Rule.Consent, c, labRecord);
        bytes32[] memory ids = new bytes32[](1);
        ids[0] = gpRole;
        vm.prank(authority);
        attributes.revokeAttributes(gp, ids);
        (, bytes4 err) = care.checkCareRead(id);
        assertEq(err, IConsents.NotCovered.selector, "role lost");
        assign(gp, gpRole);
        uint64 id2 = readAs(gp, ICareReads.Rule.Consent, c, labRecord);
        commitShare(id2, 1);
        commitShare(id2, 3);
        assertEq(
            uint256(care.answerState(id2).status),
            uint256(IThresholdAnswers.AnswerStatus.Fulfilled),
            "answered"
        );
    }
}
