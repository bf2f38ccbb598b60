// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {CareReads} from "../../src/CareReads.sol";
import {Consents} from "../../src/Consents.sol";
import {EmergencyAccess} from "../../src/EmergencyAccess.sol";
import {Guardians} from "../../src/Guardians.sol";
import {RecordRegistry} from "../../src/RecordRegistry.sol";
import {Recovery} from "../../src/Recovery.sol";
import {ICareReads} from "../../src/interfaces/ICareReads.sol";
import {IEmergencyAccess} from "../../src/interfaces/IEmergencyAccess.sol";
import {IGuardians} from "../../src/interfaces/IGuardians.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IRecovery} from "../../src/interfaces/IRecovery.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {TestBase} from "../lib/Test.sol";

/// @title CareHandler
/// @notice Drives the care state machines (break-glass sessions and the patient's setting,
/// standing consents, guardian proposals, recovery requests, erasure, and the committee's commits
/// to the reads they allow) and keeps a model of what each call must do. A call that succeeds when
/// the model says it must fail, or fails when the model says it must succeed, is a violation.
contract CareHandler is TestBase {
    struct World {
        RecordRegistry records;
        EmergencyAccess emergency;
        Guardians guardians;
        Consents consents;
        CareReads care;
        Recovery recovery;
        address admin;
        address patient;
        address er;
        address gp;
        bytes32 orgEr;
        bytes32 orgGp;
        address[3] members;
        address[3] guardianSet;
        bytes32[3] recordIds;
        bytes32[3] categories;
    }

    World internal w;

    // ---------------------------------------------------------------- model
    struct Session {
        address provider;
        uint64 expiresAt;
        bool closed;
    }

    struct ConsentModel {
        bytes32 category;
        uint64 notAfter;
        bool revoked;
    }

    mapping(address => bool) public staff;
    uint8 public mode; // 0 On, 1 Off, 2 Restricted to ER, 3 Restricted to GP
    Session[] public sessions;
    ConsentModel[] public consentModels;
    mapping(bytes32 => bool) public erased;
    uint64[] public reads;
    uint256 public recoveryRequest;
    uint64 public recoveryReadyAt;
    bool public recoveryClosed;
    uint8 public recoveryReleases;

    uint256 public violations;
    string public lastViolation;
    uint256 public fulfilled;
    uint256 public rejected;
    uint256 public executed;
    uint256 public completed;

    bytes internal blinded;
    uint8 internal constant RECOVERY_T = 2;

    constructor(World memory world, bytes memory blinded_) {
        w = world;
        blinded = blinded_;
        staff[w.er] = true;
    }

    function _violation(string memory what) internal {
        ++violations;
        lastViolation = what;
    }

    function _expect(bool succeeded, bool expected, string memory what) internal {
        if (succeeded != expected) _violation(what);
    }

    function _allows(address provider) internal view returns (bool) {
        if (mode == 0) return true;
        if (mode == 1) return false;
        return provider == (mode == 2 ? w.er : w.gp);
    }

    // ------------------------------------------------------------ actions

    function warp(uint256 seconds_) external {
        vm.warp(block.timestamp + bound(seconds_, 1, 12 hours));
    }

    function setStaff(uint256 which, bool on) external {
        address p = which % 2 == 0 ? w.er : w.gp;
        vm.prank(w.admin);
        w.emergency.setEmergencyStaff(p, on);
        staff[p] = on;
    }

    function setMode(uint256 m) external {
        m = m % 4;
        bytes32[] memory orgs;
        IEmergencyAccess.Mode em = IEmergencyAccess.Mode(m > 2 ? 2 : m);
        if (m >= 2) {
            orgs = new bytes32[](1);
            orgs[0] = m == 2 ? w.orgEr : w.orgGp;
        }
        vm.prank(w.patient);
        w.emergency.setEmergencySetting(em, orgs);
        // forge-lint: disable-next-line(unsafe-typecast)
        mode = uint8(m);
    }

    function openSession(uint256 which, uint256 duration) external {
        address p = which % 2 == 0 ? w.er : w.gp;
        uint64 d = uint64(bound(duration, 0, 30 hours));
        vm.prank(p);
        try w.emergency.openSession(w.patient, bytes32("reason"), d) returns (uint64 id) {
            _expect(true, staff[p] && _allows(p) && d > 0 && d <= 24 hours, "session opened");
            if (id != sessions.length + 1) _violation("session ids");
            sessions.push(Session(p, uint64(block.timestamp) + d, false));
        } catch {
            _expect(false, staff[p] && _allows(p) && d > 0 && d <= 24 hours, "session refused");
        }
    }

    function closeSession(uint256 seed) external {
        if (sessions.length == 0) return;
        uint256 i = seed % sessions.length;
        vm.prank(w.patient);
        try w.emergency.closeSession(uint64(i + 1)) {
            _expect(true, !sessions[i].closed, "closed");
            sessions[i].closed = true;
        } catch {
            _expect(false, !sessions[i].closed, "close refused");
        }
    }

    function giveConsent(uint256 cat, uint256 period) external {
        bytes32 category = w.categories[cat % 3];
        uint64 notAfter = uint64(block.timestamp + bound(period, 1, 3 days));
        vm.prank(w.patient);
        w.consents.giveConsent(w.orgGp, bytes32(0), category, uint64(block.timestamp), notAfter);
        consentModels.push(ConsentModel(category, notAfter, false));
    }

    function revokeConsent(uint256 seed) external {
        if (consentModels.length == 0) return;
        uint256 i = seed % consentModels.length;
        vm.prank(w.patient);
        try w.consents.revokeConsent(uint64(i + 1)) {
            _expect(true, !consentModels[i].revoked, "revoked");
            consentModels[i].revoked = true;
        } catch {
            _expect(false, !consentModels[i].revoked, "revoke refused");
        }
    }

    function erase(uint256 seed) external {
        bytes32 id = w.recordIds[seed % 3];
        vm.prank(w.patient);
        try w.records.eraseRecord(id) {
            _expect(true, !erased[id], "erased");
            erased[id] = true;
        } catch {
            _expect(false, !erased[id], "erase refused");
        }
    }

    function _read(ICareReads.Rule rule, uint64 ruleId, address who, bytes32 recordId, bool expected)
        internal
    {
        bytes memory proof = abi.encodePacked(keccak256("c"), keccak256("s"));
        bytes memory key = abi.encodePacked(bytes1(0x03), keccak256("B"));
        vm.prank(who);
        try w.care.requestRead(rule, ruleId, recordId, blinded, proof, key) returns (uint64 id) {
            _expect(true, expected, "read accepted");
            reads.push(id);
        } catch {
            _expect(false, expected, "read refused");
        }
    }

    function emergencyRead(uint256 seed, uint256 rec) external {
        if (sessions.length == 0) return;
        uint256 i = seed % sessions.length;
        Session memory s = sessions[i];
        bytes32 id = w.recordIds[rec % 3];
        bool ok = !s.closed && block.timestamp < s.expiresAt && staff[s.provider] && _allows(s.provider)
            && !erased[id];
        _read(ICareReads.Rule.Emergency, uint64(i + 1), s.provider, id, ok);
    }

    function consentRead(uint256 seed, uint256 rec) external {
        if (consentModels.length == 0) return;
        uint256 i = seed % consentModels.length;
        ConsentModel memory c = consentModels[i];
        uint256 r = rec % 3;
        bool ok = !c.revoked && block.timestamp < c.notAfter && c.category == w.categories[r]
            && !erased[w.recordIds[r]];
        _read(ICareReads.Rule.Consent, uint64(i + 1), w.gp, w.recordIds[r], ok);
    }

    /// @dev Whether the rule and record of a read still hold in the model.
    function _live(ICareReads.CareRead memory r) internal view returns (bool) {
        if (erased[r.recordId]) return false;
        if (r.rule == ICareReads.Rule.Emergency) {
            Session memory s = sessions[r.ruleId - 1];
            return !s.closed && staff[s.provider] && _allows(s.provider);
        }
        ConsentModel memory c = consentModels[r.ruleId - 1];
        return !c.revoked && c.category == w.categories[_indexOf(r.recordId)];
    }

    function _indexOf(bytes32 id) internal view returns (uint256) {
        for (uint256 i; i < 3; ++i) {
            if (w.recordIds[i] == id) return i;
        }
        return 0;
    }

    /// @dev Two members commit in turn (a 2-of-3 committee), so most calls settle a read.
    function commit(uint256 seed, uint256 member) external {
        if (reads.length == 0) return;
        uint64 id = reads[seed % reads.length];
        uint8 m = uint8(member % 3) + 1;
        _commit(id, m);
        _commit(id, m % 3 + 1);
    }

    /// @notice Two members commit to every read still open, each outcome judged by the model
    /// (called after each run, so the state a sequence leaves is always put to the answer test).
    function settleAll() external {
        for (uint256 i; i < reads.length; ++i) {
            uint64 id = reads[i];
            if (w.care.answerState(id).status != IThresholdAnswers.AnswerStatus.Open) continue;
            _commit(id, 1);
            _commit(id, 2);
            _commit(id, 3);
        }
    }

    function _commit(uint64 id, uint8 m) internal {
        ICareReads.CareRead memory r = w.care.read(id);
        IThresholdAnswers.AnswerState memory before = w.care.answerState(id);
        bool live = _live(r);
        vm.prank(w.members[m - 1]);
        try w.care.commit(id, id, r.requester, m, keccak256(abi.encode(id, m))) {
            IThresholdAnswers.AnswerState memory afterState = w.care.answerState(id);
            if (before.status == IThresholdAnswers.AnswerStatus.Open) {
                if (afterState.status == IThresholdAnswers.AnswerStatus.Fulfilled) {
                    ++fulfilled;
                    if (!live) _violation("fulfilled a dead read");
                }
                if (afterState.status == IThresholdAnswers.AnswerStatus.Rejected) {
                    ++rejected;
                    if (live) _violation("rejected a live read");
                }
            }
        } catch {}
    }

    // ----------------------------------------------------------- guardians

    function proposeErase(uint256 g, uint256 rec) external {
        address guardian = w.guardianSet[g % 3];
        bytes32 id = w.recordIds[rec % 3];
        vm.prank(guardian);
        try w.guardians.propose(w.patient, IGuardians.Action.Erase, id, address(0), 0, 0) {
            if (erased[id]) _violation("erasure proposed for an erased record");
        } catch {}
    }

    function approve(uint256 g, uint256 p) external {
        uint64 count = w.guardians.proposalCount();
        if (count == 0) return;
        uint64 id = uint64(p % count) + 1;
        vm.prank(w.guardianSet[g % 3]);
        try w.guardians.approve(id) {
            IGuardians.Proposal memory prop = w.guardians.proposal(id);
            if (prop.status == IGuardians.ProposalStatus.Executed) {
                ++executed;
                (uint8 t,) = w.guardians.thresholdOf(w.patient);
                if (_popcount(prop.approvals) < t) _violation("executed below the threshold");
            }
        } catch {}
    }

    // ------------------------------------------------------------ recovery

    function requestRecovery(uint256 g) external {
        vm.prank(w.guardianSet[g % 3]);
        try w.recovery.requestRecovery(w.patient, address(0xBEEF), keccak256("new key")) returns (uint64 id) {
            bool free = recoveryRequest == 0 || recoveryClosed
                || block.timestamp >= uint256(recoveryReadyAt) + 7 days;
            _expect(true, free, "recovery requested");
            recoveryRequest = id;
            recoveryReadyAt = w.recovery.request(id).readyAt;
            recoveryClosed = false;
            recoveryReleases = 0;
        } catch {}
    }

    function cancelRecovery() external {
        if (recoveryRequest == 0) return;
        IRecovery.Request memory r = w.recovery.request(uint64(recoveryRequest));
        vm.prank(w.patient);
        try w.recovery.cancelRecovery(uint64(recoveryRequest)) {
            _expect(
                true,
                r.status == IRecovery.RequestStatus.Pending && block.timestamp < recoveryReadyAt,
                "cancelled"
            );
            recoveryClosed = true;
        } catch {
            _expect(
                false,
                r.status == IRecovery.RequestStatus.Pending && block.timestamp < recoveryReadyAt,
                "cancel refused"
            );
        }
    }

    function releaseShare(uint256 g) external {
        if (recoveryRequest == 0) return;
        address holder = w.guardianSet[g % 3];
        IRecovery.Request memory r = w.recovery.request(uint64(recoveryRequest));
        vm.prank(holder);
        try w.recovery.releaseShare(uint64(recoveryRequest), "sealed") {
            if (block.timestamp < r.readyAt || r.status == IRecovery.RequestStatus.Cancelled) {
                _violation("share released before the delay or after a cancel");
            }
            if (block.timestamp >= uint256(r.readyAt) + 7 days) {
                _violation("share released after the window");
            }
            ++recoveryReleases;
            bool complete =
                w.recovery.request(uint64(recoveryRequest)).status == IRecovery.RequestStatus.Completed;
            if (complete != (recoveryReleases >= RECOVERY_T)) _violation("completion at the threshold");
            if (complete && recoveryReleases == RECOVERY_T) ++completed;
        } catch {}
    }

    function sessionCount() external view returns (uint256) {
        return sessions.length;
    }

    function readCount() external view returns (uint256) {
        return reads.length;
    }

    function _popcount(uint16 x) internal pure returns (uint256 c) {
        for (; x != 0; x &= x - 1) {
            ++c;
        }
    }
}
