// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IRecovery} from "../../src/interfaces/IRecovery.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {CareFixture} from "../lib/CareFixture.sol";
import {CareHandler} from "./CareHandler.sol";

/// @title CareInvariants
/// @notice Properties of the care contracts after any sequence of handler actions: every call did
/// what the model predicted (sessions only for staff the setting allows, inside 24 hours; reads
/// only inside their session window or consent period and category, never of an erased record;
/// no read fulfilled once its rule or record died; guardian actions executed only at their
/// threshold; recovery shares only after the delay and within the window, cancels only during
/// the delay, completion exactly at t); the per-provider counts add up to the sessions; erased
/// records stay erased; every fulfilled read had t commits.
/// @dev One invariant function checks everything, as in the other campaigns.
contract CareInvariantsTest is CareFixture {
    CareHandler internal handler;
    bytes32[3] internal ids;

    function setUp() public override {
        super.setUp();
        CareHandler.World memory world;
        world.records = records;
        world.emergency = emergency;
        world.guardians = guardians;
        world.consents = consents;
        world.care = care;
        world.recovery = recovery;
        world.admin = admin;
        world.patient = patient;
        world.er = er;
        world.gp = gp;
        world.orgEr = ORG_ER;
        world.orgGp = ORG_GP;
        world.members = [proxies[0], proxies[1], proxies[2]];
        world.guardianSet = [parent, aunt, uncle];
        world.categories = [LAB, IMAGING, LAB];
        ids = [careRecord(1, LAB), careRecord(2, IMAGING), careRecord(3, LAB)];
        world.recordIds = ids;

        addGuardian(parent, SCOPE_ERASE, 365 days);
        addGuardian(aunt, SCOPE_ERASE, 365 days);
        addGuardian(uncle, SCOPE_ERASE, 365 days);
        vm.prank(patient);
        guardians.setThreshold(2);
        address[] memory holders = new address[](3);
        holders[0] = parent;
        holders[1] = aunt;
        holders[2] = uncle;
        vm.prank(patient);
        recovery.configure(
            2,
            holders,
            1 days,
            fakePoints(2, "f"),
            IRecovery.Backup(keccak256("b"), keccak256("s"), "bafyb", "bafys")
        );

        handler = new CareHandler(world, blindedPoint());
        // Every run starts with a session, a consent and a read under each, as the model knows them.
        handler.openSession(0, 24 hours);
        handler.giveConsent(0, 3 days);
        handler.emergencyRead(0, 0);
        handler.consentRead(0, 0);
        targetContract(address(handler));
        // Commits are listed six times: they carry reads to their answer or rejection.
        bytes4[] memory sel = new bytes4[](21);
        sel[0] = CareHandler.warp.selector;
        sel[1] = CareHandler.setStaff.selector;
        sel[2] = CareHandler.setMode.selector;
        sel[3] = CareHandler.openSession.selector;
        sel[4] = CareHandler.closeSession.selector;
        sel[5] = CareHandler.giveConsent.selector;
        sel[6] = CareHandler.revokeConsent.selector;
        sel[7] = CareHandler.erase.selector;
        sel[8] = CareHandler.emergencyRead.selector;
        sel[9] = CareHandler.consentRead.selector;
        sel[10] = CareHandler.commit.selector;
        sel[11] = CareHandler.commit.selector;
        sel[12] = CareHandler.commit.selector;
        sel[13] = CareHandler.commit.selector;
        sel[14] = CareHandler.approve.selector;
        sel[15] = CareHandler.requestRecovery.selector;
        sel[16] = CareHandler.cancelRecovery.selector;
        sel[17] = CareHandler.releaseShare.selector;
        sel[18] = CareHandler.commit.selector;
        sel[19] = CareHandler.commit.selector;
        sel[20] = CareHandler.proposeErase.selector;
        targetSelector(FuzzSelector(address(handler), sel));
    }

    function invariant_care() public view {
        assertEq(handler.violations(), 0, handler.lastViolation());
        assertEq(
            emergency.sessionsOf(er) + emergency.sessionsOf(gp),
            emergency.sessionCount(),
            "per-provider counts"
        );
        assertEq(emergency.sessionCount(), handler.sessionCount(), "sessions");
        for (uint64 s = 1; s <= emergency.sessionCount(); ++s) {
            assertTrue(
                emergency.session(s).expiresAt - emergency.session(s).openedAt <= 24 hours, "window bound"
            );
        }
        for (uint256 i; i < 3; ++i) {
            bytes32 id = recordAt(i);
            if (handler.erased(id)) {
                assertEq(
                    uint256(records.record(id).status),
                    uint256(IRecordRegistry.RecordStatus.Erased),
                    "stays erased"
                );
                assertEq(records.record(id).capsuleRef.length, 0, "no reference left");
            }
        }
        for (uint64 r = 1; r <= care.readCount(); ++r) {
            IThresholdAnswers.AnswerState memory st = care.answerState(r);
            if (st.status == IThresholdAnswers.AnswerStatus.Fulfilled) {
                assertTrue(st.commits >= care.read(r).threshold, "fulfilled with t commits");
            }
        }
        IRecovery.Request memory q = recovery.request(uint64(handler.recoveryRequest()));
        if (q.status == IRecovery.RequestStatus.Completed) {
            assertTrue(q.releases >= 2, "completed with t shares");
        }
    }

    /// @notice After each run the committee answers every read still open, each outcome judged by
    /// the model against the state the run left (fulfilled only while its rule and record live,
    /// rejected otherwise); at least one read is settled, so the properties are never vacuous.
    function afterInvariant() public {
        handler.settleAll();
        assertEq(handler.violations(), 0, handler.lastViolation());
        assertTrue(handler.fulfilled() + handler.rejected() > 0, "no read settled");
    }

    function recordAt(uint256 i) internal view returns (bytes32) {
        return ids[i];
    }
}
