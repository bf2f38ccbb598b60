// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ProxyNetwork} from "../../src/ProxyNetwork.sol";
import {Registry} from "../../src/Registry.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {Test} from "../lib/Test.sol";
import {MockGate} from "../mocks/MockGate.sol";
import {AnswersHandler} from "./AnswersHandler.sol";

/// @title AnswersCampaign
/// @notice Properties of the answer round after any sequence of handler actions: an access is
/// never both fulfilled and rejected, and once settled never changes; it is fulfilled exactly
/// when t members committed; reveals come only after fulfilment and only for the member's own
/// commit; faults are recorded only for invalid proofs; every call did what the model predicted.
/// `afterInvariant` also requires that the run reached fulfilment, rejection, reveal and fault;
/// what the random sequence missed, the handler's `advance` steps reach from the run's end state,
/// and every access is checked again there.
/// @dev One invariant function checks everything (forge replays the same sequences for every
/// invariant function, so more functions would only repeat the work).
abstract contract AnswersCampaign is Test {
    /// At most this many `advance` steps to reach what a run missed; from the starting state every
    /// state takes far fewer.
    uint256 internal constant TOUR_STEPS = 60;

    ProxyNetwork internal network;
    Registry internal registry;
    MockGate internal gate;
    AnswersHandler internal handler;
    uint256 internal salt;

    function setUp() public virtual {
        salt = campaignSalt();
        (address admin,) = makeKey("admin");
        (address registrar,) = makeKey("registrar");
        registry = new Registry(admin);
        vm.prank(admin);
        registry.addRegistrar(registrar);
        network = new ProxyNetwork(registry);

        address[] memory nodes = new address[](5);
        for (uint256 i; i < nodes.length; ++i) {
            (nodes[i],) = makeKey(string.concat("node", vm.toString(i + 1)));
            vm.prank(admin);
            registry.enroll(nodes[i], IRegistry.Role.Proxy, bytes32(0), bytes32(0), bytes32(0), "");
        }
        vm.prank(admin);
        uint64 committee = network.createCommittee(nodes, 3, 10);
        gate = new MockGate(network);
        (address r1,) = makeKey("requester1");
        (address r2,) = makeKey("requester2");
        handler = new AnswersHandler(gate, registry, registrar, committee, nodes, [r1, r2], salt);

        targetContract(address(handler));
        bytes4[] memory s = new bytes4[](14);
        s[0] = AnswersHandler.open.selector;
        s[1] = AnswersHandler.commit.selector;
        s[2] = AnswersHandler.commitMany.selector;
        s[3] = AnswersHandler.reveal.selector;
        s[4] = AnswersHandler.revealMany.selector;
        s[5] = AnswersHandler.decline.selector;
        s[6] = AnswersHandler.reportFault.selector;
        s[7] = AnswersHandler.toggleGrant.selector;
        s[8] = AnswersHandler.toggleMember.selector;
        // Progress is listed five times: it carries accesses through to reveals and faults.
        for (uint256 i = 9; i < 14; ++i) {
            s[i] = AnswersHandler.advance.selector;
        }
        targetSelector(FuzzSelector({addr: address(handler), selectors: s}));
    }

    /// @notice The salt every random choice of the handler is mixed with.
    function campaignSalt() internal virtual returns (uint256);

    /// @notice The model and the properties hold for the access the last call touched.
    function invariant_answers() public view {
        assertEq(handler.mismatches(), 0, _m(string.concat("model: ", handler.firstMismatch())));
        uint64 id = handler.touchedAccess();
        if (id != 0) _accessHolds(id);
    }

    /// @notice At the end of each run: every access; then, when the random sequence missed a state
    /// the coverage asks for, a tour of the handler's own `advance` steps from the run's end state,
    /// every access again, and the coverage.
    /// @dev Without the tour a run that happened to miss one state failed the campaign by chance;
    /// with it the coverage check asserts that the handler's steps still reach every state from
    /// wherever a run left the system, and the properties are checked in those states.
    function afterInvariant() public {
        _everyAccess();
        uint256 toured;
        for (; toured < TOUR_STEPS && !_covered(); ++toured) {
            handler.advance(uint256(keccak256(abi.encode("tour", toured))));
        }
        if (toured != 0) _everyAccess();
        // The run must have reached each state the properties are about, or it proved little.
        string memory counts = _m(
            string.concat(
                "coverage after ",
                vm.toString(toured),
                " tour steps: fulfilments ",
                vm.toString(handler.fulfilments()),
                ", rejections ",
                vm.toString(handler.rejections()),
                ", reveals ",
                vm.toString(handler.reveals()),
                ", faults ",
                vm.toString(handler.faults()),
                ", accesses ",
                vm.toString(handler.accessCount())
            )
        );
        assertTrue(handler.fulfilments() >= 1, counts);
        assertTrue(handler.rejections() >= 1, counts);
        assertTrue(handler.reveals() >= 1, counts);
        assertTrue(handler.faults() >= 1, counts);
    }

    function _everyAccess() internal view {
        assertEq(handler.mismatches(), 0, _m(string.concat("model: ", handler.firstMismatch())));
        for (uint64 id = 1; id <= handler.accessCount(); ++id) {
            _accessHolds(id);
        }
        assertEq(gate.accessCount(), handler.accessCount(), _m("access count"));
    }

    /// Whether the run reached every state the coverage asks for.
    function _covered() internal view returns (bool) {
        return handler.fulfilments() >= 1 && handler.rejections() >= 1 && handler.reveals() >= 1
            && handler.faults() >= 1;
    }

    function _accessHolds(uint64 id) internal view {
        AnswersHandler.GhostAccess memory g = handler.accessAt(id);
        IThresholdAnswers.AnswerState memory st = gate.answerState(id);
        string memory at = string.concat(" (access ", vm.toString(id), ")");

        // The gate did what the model says.
        assertEq(uint256(st.status), uint256(g.status), _m(string.concat("status", at)));
        assertEq(st.commitMask, g.commits, _m(string.concat("commitMask", at)));
        assertEq(st.revealMask, g.reveals, _m(string.concat("revealMask", at)));
        assertEq(st.declineMask, g.declines, _m(string.concat("declineMask", at)));
        assertEq(st.faultMask, g.faults, _m(string.concat("faultMask", at)));

        // The properties, stated on the gate's own state.
        assertEq(st.commits, _popcount(st.commitMask), _m(string.concat("commit count", at)));
        assertEq(st.declines, _popcount(st.declineMask), _m(string.concat("decline count", at)));
        assertEq(
            st.status == IThresholdAnswers.AnswerStatus.Fulfilled,
            st.commits >= g.t,
            _m(string.concat("fulfilled iff t commits", at))
        );
        assertEq(st.commitMask & st.declineMask, 0, _m(string.concat("committed and declined", at)));
        assertEq(
            (st.commitMask | st.declineMask) & ~g.mask,
            0,
            _m(string.concat("answer by an unnamed member", at))
        );
        assertEq(st.revealMask & ~st.commitMask, 0, _m(string.concat("reveal without commit", at)));
        assertTrue(
            st.revealMask == 0 || st.status == IThresholdAnswers.AnswerStatus.Fulfilled,
            _m(string.concat("reveal before fulfilment", at))
        );
        assertEq(st.faultMask & ~st.revealMask, 0, _m(string.concat("fault without reveal", at)));
        if (st.status == IThresholdAnswers.AnswerStatus.Rejected) {
            assertTrue(
                g.rejectedByLiveness || st.declines + g.t > _popcount(g.mask),
                _m(string.concat("rejected without cause", at))
            );
        }
        for (uint8 m = 1; m <= 5; ++m) {
            uint16 bit = uint16(1) << (m - 1);
            if (st.commitMask & bit == 0) continue;
            AnswersHandler.GhostAnswer memory a = handler.answerAt(id, m);
            bytes32 want = st.revealMask & bit != 0
                ? keccak256(bytes.concat(a.fragment, a.proof))
                : keccak256(a.fragment);
            assertEq(
                gate.answerHash(id, m), want, _m(string.concat("answer hash of member ", vm.toString(m), at))
            );
            if (st.faultMask & bit != 0) {
                assertFalse(a.valid, _m(string.concat("fault on a valid proof", at)));
            }
        }
    }

    function _m(string memory message) internal view returns (string memory) {
        return string.concat(message, " [salt ", vm.toString(salt), "]");
    }

    function _popcount(uint16 mask) internal pure returns (uint256 c) {
        for (; mask != 0; mask >>= 1) {
            c += mask & 1;
        }
    }
}

/// @title AnswersInvariants
/// @notice The campaign with a fixed salt: it replays the same sequences on every run.
/// forge-config: default.invariant.runs = 48
/// forge-config: default.invariant.depth = 96
/// forge-config: ci.invariant.runs = 128
/// forge-config: ci.invariant.depth = 128
contract AnswersInvariants is AnswersCampaign {
    function campaignSalt() internal pure override returns (uint256) {
        return 0;
    }

    /// @notice With no random call at all, the tour alone carries the starting state to every
    /// state the coverage asks for, and the properties hold there.
    function test_afterInvariant_toursFromTheStart() public {
        assertEq(handler.accessCount(), 0, _m("the campaign starts with no access"));
        afterInvariant();
    }

    /// @notice The handler's progress steps alone reach every outcome the properties are about,
    /// from the starting state.
    function test_handler_reachesEveryOutcome() public {
        for (uint256 i; i < 60; ++i) {
            handler.advance(i);
        }
        assertTrue(handler.fulfilments() >= 1, _m("fulfilled"));
        assertTrue(handler.rejections() >= 1, _m("rejected"));
        assertTrue(handler.reveals() >= 1, _m("revealed"));
        assertTrue(handler.faults() >= 1, _m("faulted"));
        afterInvariant();
    }
}

/// @title AnswersRandomInvariants
/// @notice The same campaign with a salt that changes on every run (the clock, unless
/// EMRCHAIN_INVARIANT_SALT is set): the fuzzer's seed is fixed for the whole suite, so without
/// it CI would replay the same sequences forever. A failure prints the salt; rerun it with
/// `EMRCHAIN_INVARIANT_SALT=<salt> forge test --match-contract AnswersRandomInvariants`.
/// forge-config: default.invariant.runs = 32
/// forge-config: default.invariant.depth = 96
/// forge-config: ci.invariant.runs = 64
/// forge-config: ci.invariant.depth = 128
contract AnswersRandomInvariants is AnswersCampaign {
    function campaignSalt() internal view override returns (uint256) {
        return vm.envOr("EMRCHAIN_INVARIANT_SALT", vm.unixTime());
    }
}
