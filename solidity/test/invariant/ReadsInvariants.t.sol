// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeReads} from "../../src/interfaces/IAttributeReads.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {PolicyProgram} from "../../src/libraries/PolicyProgram.sol";
import {GateFixture} from "../lib/GateFixture.sol";
import {ReadsHandler} from "./ReadsHandler.sol";

/// @title ReadsCampaign
/// @notice Properties of AttributeReads under any sequence of read requests, attribute
/// assignments and revocations, suspensions, record updates, policy changes, deletions and the
/// committee's answers: every read agrees with the model (requester, record version, policy,
/// attribute revision, answer state); a read is answered exactly when t members committed while it
/// was live, and rejected only for a dead gate (with the revocation, suspension, update or policy
/// change that killed it) or too many declines; shares are revealed only after the answer and
/// only by members who committed; faults only of revealed shares. `afterInvariant` requires that
/// every run answered reads, revealed shares, recorded a fault and refused a valid share's report,
/// saw a decline, refused a request, and had a revocation in flight reject a read; what the random
/// sequence missed, the handler's `advance` steps reach from the run's end state, and every read is
/// checked again there.
abstract contract ReadsCampaign is GateFixture {
    /// At most this many `advance` steps to reach what a run missed; from the bootstrap state
    /// every state takes far fewer.
    uint256 internal constant TOUR_STEPS = 32;

    ReadsHandler internal handler;
    uint256 internal salt;

    function setUp() public virtual override {
        super.setUp();
        salt = campaignSalt();
        vm.startPrank(authority);
        bytes32 doctor = attributes.defineAttribute("role:doctor");
        bytes32 cardiology = attributes.defineAttribute("dept:cardiology");
        vm.stopPrank();
        bytes[2] memory programs = [
            bytes.concat(
                PolicyProgram.leaf(doctor), PolicyProgram.leaf(cardiology), PolicyProgram.threshold(2, 2)
            ),
            bytes.concat(
                PolicyProgram.leaf(doctor), PolicyProgram.leaf(cardiology), PolicyProgram.threshold(1, 2)
            )
        ];
        address[] memory readers = new address[](4);
        (readers[0], readers[1], readers[2], readers[3]) = (requester, requester2, provider, stranger);
        address[] memory members = new address[](4);
        for (uint256 i; i < 4; ++i) {
            members[i] = proxies[i];
        }
        handler = new ReadsHandler(
            ReadsHandler.Contracts({
                reads: reads, records: records, attributes: attributes, registry: registry
            }),
            registrar,
            authority,
            ReadsHandler.Keys({patient: patientKey, provider: providerKey}),
            readers,
            members,
            COMMITTEE,
            [doctor, cardiology],
            programs,
            publicShares(3),
            salt
        );
        vm.prank(admin);
        registry.addRegistrar(address(handler));
        // The handler assigns and revokes as the authority (by prank); the registry's registrar
        // role lets it suspend and reinstate.
        handler.bootstrap();
        assertEq(handler.mismatches(), 0, handler.firstMismatch());

        targetContract(address(handler));
        bytes4[] memory s = new bytes4[](20);
        s[0] = ReadsHandler.requestRead.selector;
        s[1] = ReadsHandler.assign.selector;
        s[2] = ReadsHandler.revoke.selector;
        s[3] = ReadsHandler.toggleSuspension.selector;
        s[4] = ReadsHandler.updateRecord.selector;
        s[5] = ReadsHandler.changePolicy.selector;
        s[6] = ReadsHandler.deleteRecord.selector;
        s[7] = ReadsHandler.commit.selector;
        s[8] = ReadsHandler.reveal.selector;
        s[9] = ReadsHandler.decline.selector;
        s[10] = ReadsHandler.reportFault.selector;
        // advance carries whole reads; listed nine times so every run answers several.
        for (uint256 i = 11; i < 20; ++i) {
            s[i] = ReadsHandler.advance.selector;
        }
        targetSelector(FuzzSelector({addr: address(handler), selectors: s}));
    }

    /// @notice The salt every random choice of the handler is mixed with.
    function campaignSalt() internal virtual returns (uint256);

    /// @notice After every call: the model agrees and the read the call touched matches it.
    function invariant_reads() public view {
        assertEq(handler.mismatches(), 0, _m(string.concat("model: ", handler.firstMismatch())));
        assertEq(reads.readCount(), handler.readCount(), _m("readCount"));
        uint64 id = handler.touchedRead();
        if (id != 0) _readMatches(id);
    }

    /// @notice At the end of every run: every read; then, when the random sequence missed a state
    /// the coverage asks for, a tour of the handler's own `advance` steps from the run's end state,
    /// every read again, and the coverage.
    /// @dev Without the tour a run that happened to miss one state failed the campaign by chance;
    /// with it the coverage check asserts that the handler's steps still reach every state from
    /// wherever a run left the system, and the properties are checked in those states.
    function afterInvariant() public {
        _everyRead();
        uint256 toured;
        for (; toured < TOUR_STEPS && !_covered(); ++toured) {
            handler.advance(uint256(keccak256(abi.encode("tour", toured))));
        }
        if (toured != 0) _everyRead();
        string memory coverage = _m(
            string.concat(
                "coverage after ",
                vm.toString(toured),
                " tour steps: calls ",
                vm.toString(handler.calls()),
                ", reads ",
                vm.toString(handler.requested()),
                " (refused ",
                vm.toString(handler.refusedRequests()),
                "), answered ",
                vm.toString(handler.answered()),
                ", revealed ",
                vm.toString(handler.revealed()),
                ", declines ",
                vm.toString(handler.declines()),
                ", faults ",
                vm.toString(handler.faults()),
                " (valid refused ",
                vm.toString(handler.validReportsRefused()),
                "), rejected by the gate ",
                vm.toString(handler.rejectedByLiveness()),
                " (by revocation ",
                vm.toString(handler.revocationsStoppingReads()),
                ")"
            )
        );
        assertTrue(handler.answered() >= 1 && handler.revealed() >= 1, coverage);
        assertTrue(handler.declines() >= 1, coverage);
        assertTrue(handler.faults() >= 1 && handler.validReportsRefused() >= 1, coverage);
        assertTrue(handler.refusedRequests() >= 1, coverage);
        assertTrue(handler.revocationsStoppingReads() >= 1, coverage);
    }

    function _everyRead() internal view {
        assertEq(handler.mismatches(), 0, _m(string.concat("model: ", handler.firstMismatch())));
        assertEq(reads.readCount(), handler.readCount(), _m("readCount"));
        for (uint64 id = 1; id <= handler.readCount(); ++id) {
            _readMatches(id);
        }
    }

    /// Whether the run reached every state the coverage asks for.
    function _covered() internal view returns (bool) {
        return handler.answered() >= 1 && handler.revealed() >= 1 && handler.declines() >= 1
            && handler.faults() >= 1 && handler.validReportsRefused() >= 1 && handler.refusedRequests() >= 1
            && handler.revocationsStoppingReads() >= 1;
    }

    function _readMatches(uint64 id) internal view {
        ReadsHandler.GhostRead memory g = handler.readAt(id);
        ReadsHandler.GhostRecord memory rec = handler.recordAt(g.record);
        IAttributeReads.Read memory r = reads.read(id);
        IThresholdAnswers.AnswerState memory st = reads.answerState(id);
        string memory at = string.concat(" (read ", vm.toString(id), ")");
        assertEq(r.requester, g.requester, _m(string.concat("requester", at)));
        assertEq(r.recordId, rec.id, _m(string.concat("record", at)));
        assertEq(r.version, g.version, _m(string.concat("version", at)));
        assertEq(r.revision, g.revision, _m(string.concat("attribute revision", at)));
        assertEq(r.threshold, 2, _m(string.concat("the committee's threshold", at)));
        assertEq(r.memberMask, 0x7, _m(string.concat("every member named", at)));
        assertEq(uint256(st.status), uint256(g.status), _m(string.concat("status", at)));
        assertEq(st.commitMask, g.commits, _m(string.concat("commitMask", at)));
        assertEq(st.revealMask, g.reveals, _m(string.concat("revealMask", at)));
        assertEq(st.declineMask, g.declines, _m(string.concat("declineMask", at)));
        assertEq(st.faultMask, g.faults, _m(string.concat("faultMask", at)));
        assertEq(st.commits, _popcount(st.commitMask), _m(string.concat("commit count", at)));
        if (st.status == IThresholdAnswers.AnswerStatus.Fulfilled) {
            assertTrue(st.commits >= 2, _m(string.concat("answered with fewer than t commits", at)));
        } else {
            assertTrue(st.commits < 2, _m(string.concat("t commits but not answered", at)));
        }
        if (st.status == IThresholdAnswers.AnswerStatus.Rejected) {
            assertTrue(
                g.rejectedByLiveness || _popcount(st.declineMask) + 2 > 3,
                _m(string.concat("rejected without cause", at))
            );
        }
        assertEq(st.commitMask & st.declineMask, 0, _m(string.concat("committed and declined", at)));
        assertEq(st.revealMask & ~st.commitMask, 0, _m(string.concat("reveal without commit", at)));
        assertEq(st.faultMask & ~st.revealMask, 0, _m(string.concat("fault without reveal", at)));
        assertTrue(
            st.revealMask == 0 || st.status == IThresholdAnswers.AnswerStatus.Fulfilled,
            _m(string.concat("reveal before the answer", at))
        );
        for (uint8 m = 1; m <= 3; ++m) {
            uint16 bit = uint16(1) << (m - 1);
            ReadsHandler.GhostAnswer memory a = handler.answerOf(id, m);
            bytes32 want;
            if (st.revealMask & bit != 0) want = keccak256(bytes.concat(a.fragment, a.proof));
            else if (st.commitMask & bit != 0) want = keccak256(a.fragment);
            assertEq(reads.answerHash(id, m), want, _m(string.concat("answer hash", at)));
        }
    }

    function _m(string memory message) internal view returns (string memory) {
        return string.concat(message, " [salt ", vm.toString(salt), "]");
    }
}

/// @title ReadsInvariants
/// @notice The campaign with a fixed salt: it replays the same sequences on every run.
/// forge-config: default.invariant.runs = 32
/// forge-config: default.invariant.depth = 96
/// forge-config: ci.invariant.runs = 128
/// forge-config: ci.invariant.depth = 96
contract ReadsInvariants is ReadsCampaign {
    function campaignSalt() internal pure override returns (uint256) {
        return 0;
    }

    /// @notice With no random call at all, the tour alone carries the bootstrap state to every
    /// state the coverage asks for, and the properties hold there.
    function test_afterInvariant_toursFromTheStart() public {
        assertEq(handler.readCount(), 0, _m("the test starts from the bootstrap state"));
        afterInvariant();
    }
}

/// @title ReadsRandomInvariants
/// @notice The same campaign with a salt that changes every run (the clock, unless
/// EMRCHAIN_INVARIANT_SALT is set), since forge's fuzz seed is fixed for the suite; a failure
/// prints the salt to rerun it with.
/// forge-config: default.invariant.runs = 16
/// forge-config: default.invariant.depth = 96
/// forge-config: ci.invariant.runs = 64
/// forge-config: ci.invariant.depth = 96
contract ReadsRandomInvariants is ReadsCampaign {
    function campaignSalt() internal view override returns (uint256) {
        return vm.envOr("EMRCHAIN_INVARIANT_SALT", vm.unixTime());
    }
}
