// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareReads} from "../../src/interfaces/ICareReads.sol";
import {IEmergencyAccess} from "../../src/interfaces/IEmergencyAccess.sol";
import {IGuardians} from "../../src/interfaces/IGuardians.sol";
import {IRecovery} from "../../src/interfaces/IRecovery.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {CareFixture} from "../lib/CareFixture.sol";

/// @notice Fuzzed boundaries of the care state machines: break-glass windows, consent categories
/// and periods, guardian scopes and validity, recovery delays, windows and thresholds.
contract CareFuzzTest is CareFixture {
    bytes32 internal recordId;

    function setUp() public override {
        super.setUp();
        recordId = careRecord(1, LAB);
    }

    function tryRead(address who, ICareReads.Rule rule, uint64 ruleId, bytes32 id)
        internal
        returns (bool ok)
    {
        bytes memory b = blindedPoint();
        bytes memory p = blindingProof();
        bytes memory k = blindingKey();
        vm.prank(who);
        try care.requestRead(rule, ruleId, id, b, p, k) returns (uint64) {
            ok = true;
        } catch {}
    }

    /// @dev A session opens exactly for windows of 1 second to 24 hours.
    function testFuzz_openSession_windowBound(uint64 duration) public {
        vm.prank(er);
        try emergency.openSession(patient, REASON, duration) returns (uint64 s) {
            assertTrue(duration > 0 && duration <= 24 hours, "accepted only inside the bound");
            assertEq(emergency.session(s).expiresAt, block.timestamp + duration, "window");
        } catch {
            assertTrue(duration == 0 || duration > 24 hours, "refused only outside the bound");
        }
    }

    /// @dev A read is accepted exactly while the session's window is open.
    function testFuzz_requestRead_onlyInsideTheWindow(uint64 duration, uint64 elapsed) public {
        duration = uint64(bound(duration, 1, 24 hours));
        elapsed = uint64(bound(elapsed, 0, 48 hours));
        vm.prank(er);
        uint64 s = emergency.openSession(patient, REASON, duration);
        vm.warp(block.timestamp + elapsed);
        assertEq(tryRead(er, ICareReads.Rule.Emergency, s, recordId), elapsed < duration, "window");
    }

    /// @dev Only organisations in the patient's restriction may break the glass.
    function testFuzz_restriction_onlyNamedOrganisations(bytes32 allowed) public {
        vm.assume(allowed != bytes32(0));
        bytes32[] memory orgs = new bytes32[](1);
        orgs[0] = allowed;
        vm.prank(patient);
        emergency.setEmergencySetting(IEmergencyAccess.Mode.Restricted, orgs);
        vm.prank(er);
        try emergency.openSession(patient, REASON, 1 hours) {
            assertEq(allowed, ORG_ER, "only ER's own organisation");
        } catch {
            assertTrue(allowed != ORG_ER, "refused only when excluded");
        }
    }

    /// @dev A consent covers exactly its category, whatever the record's.
    function testFuzz_consent_onlyItsCategory(bytes32 consented, bytes32 recorded) public {
        vm.assume(consented != bytes32(0));
        bytes32 rec = careRecord(2, recorded);
        vm.prank(patient);
        uint64 c = consents.giveConsent(ORG_GP, bytes32(0), consented, 0, uint64(block.timestamp + 1 days));
        assertEq(tryRead(gp, ICareReads.Rule.Consent, c, rec), consented == recorded, "category");
    }

    /// @dev A consent covers exactly its period.
    function testFuzz_consent_onlyItsPeriod(uint64 start, uint64 length, uint64 at) public {
        start = uint64(bound(start, block.timestamp, block.timestamp + 365 days));
        length = uint64(bound(length, 1, 365 days));
        at = uint64(bound(at, block.timestamp, block.timestamp + 800 days));
        vm.prank(patient);
        uint64 c = consents.giveConsent(ORG_GP, bytes32(0), LAB, start, start + length);
        vm.warp(at);
        assertEq(
            tryRead(gp, ICareReads.Rule.Consent, c, recordId), at >= start && at < start + length, "period"
        );
    }

    /// @dev A guardian proposes exactly with the action's scope and inside its validity.
    function testFuzz_guardian_scopeAndValidity(uint8 scopes, uint64 validFor, uint64 elapsed) public {
        scopes = uint8(bound(scopes, 1, 31));
        validFor = uint64(bound(validFor, 1, 365 days));
        elapsed = uint64(bound(elapsed, 0, 400 days));
        addGuardian(parent, scopes, validFor);
        vm.warp(block.timestamp + elapsed);
        vm.prank(parent);
        try guardians.propose(patient, IGuardians.Action.Erase, recordId, address(0), 0, 0) {
            assertTrue(scopes & SCOPE_ERASE != 0 && elapsed < validFor, "accepted only in scope and time");
            assertTrue(guardians.erasureApproved(recordId), "threshold 1 executes at once");
        } catch {
            assertTrue(scopes & SCOPE_ERASE == 0 || elapsed >= validFor, "refused only outside scope or time");
        }
    }

    function pendingRecovery(uint64 delay) internal returns (uint64 id, uint256 readyAt) {
        address[] memory h = new address[](2);
        h[0] = parent;
        h[1] = aunt;
        IRecovery.Backup memory b = IRecovery.Backup(keccak256("b"), keccak256("s"), "bafyb", "bafys");
        vm.prank(patient);
        recovery.configure(1, h, delay, fakePoints(1, "f"), b);
        vm.prank(parent);
        id = recovery.requestRecovery(patient, stranger, keccak256("k"));
        readyAt = block.timestamp + delay;
    }

    /// @dev Cancelling works exactly during the delay.
    function testFuzz_recovery_cancelOnlyDuringTheDelay(uint64 delay, uint64 at) public {
        delay = uint64(bound(delay, 1 days, 30 days));
        at = uint64(bound(at, 0, 40 days));
        (uint64 id, uint256 readyAt) = pendingRecovery(delay);
        vm.warp(block.timestamp + at);
        vm.prank(patient);
        try recovery.cancelRecovery(id) {
            assertTrue(block.timestamp < readyAt, "cancelled only during the delay");
        } catch {
            assertTrue(block.timestamp >= readyAt, "refused only after the delay");
        }
    }

    /// @dev Releasing works exactly in the window after the delay.
    function testFuzz_recovery_releaseOnlyInTheWindow(uint64 delay, uint64 at) public {
        delay = uint64(bound(delay, 1 days, 30 days));
        at = uint64(bound(at, 0, 40 days));
        (uint64 id, uint256 readyAt) = pendingRecovery(delay);
        vm.warp(block.timestamp + at);
        vm.prank(aunt);
        try recovery.releaseShare(id, "sealed") {
            assertTrue(
                block.timestamp >= readyAt && block.timestamp < readyAt + 7 days,
                "released only in the window"
            );
            assertEq(
                uint256(recovery.request(id).status), uint256(IRecovery.RequestStatus.Completed), "t = 1"
            );
        } catch {
            assertTrue(
                block.timestamp < readyAt || block.timestamp >= readyAt + 7 days, "refused only outside it"
            );
        }
    }

    /// @dev A request completes exactly at its t-th distinct release.
    function testFuzz_recovery_completesAtTheThreshold(uint8 t, uint8 n, uint8 releases) public {
        n = uint8(bound(n, 1, 8));
        t = uint8(bound(t, 1, n));
        releases = uint8(bound(releases, 0, n));
        address[] memory h = new address[](n);
        for (uint256 i; i < n; ++i) {
            h[i] = makeAddr(string.concat("holder", vm.toString(i)));
            enrollIn(h[i], IRegistry.Role.Requester, bytes32(0));
        }
        IRecovery.Backup memory b = IRecovery.Backup(keccak256("b"), keccak256("s"), "bafyb", "bafys");
        vm.prank(patient);
        recovery.configure(t, h, 1 days, fakePoints(t, "f"), b);
        vm.prank(h[0]);
        uint64 id = recovery.requestRecovery(patient, stranger, keccak256("k"));
        vm.warp(block.timestamp + 1 days);
        for (uint256 i; i < releases; ++i) {
            vm.prank(h[i]);
            recovery.releaseShare(id, "sealed");
            bool complete = recovery.request(id).status == IRecovery.RequestStatus.Completed;
            assertEq(complete, i + 1 >= t, "complete exactly from the t-th share");
        }
    }
}
