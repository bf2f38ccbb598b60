// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {Dleq} from "../../src/libraries/Dleq.sol";
import {GateFixture} from "../lib/GateFixture.sol";
import {Handler} from "./Handler.sol";

/// @title InvariantsCampaign
/// @notice Properties of the access round (requests, threshold grants, get-access, the members'
/// commits and reveals, revocation races), the version chains and the keyword index (epochs, keys,
/// entries, token answers, searches) that must hold after any sequence of handler actions.
/// `afterInvariant` also requires that every run reached a fulfilment, reveals, a decline, a fault
/// recorded and a valid answer's report refused, a revocation race that the revocation won, a
/// search that returned entries (compared value by value) and an answered token, so no run passes
/// by doing nothing; what the random sequence missed, the handler's `advance` steps reach from the
/// run's end state, and every property is checked again there.
/// @dev Forge runs every `invariant_*` function as its own campaign from the same seed, so one
/// function checks every property after each call, and the runs saved go into depth.
abstract contract InvariantsCampaign is GateFixture {
    /// At most this many `advance` steps to reach what a run missed; from the bootstrap state
    /// every state takes far fewer.
    uint256 internal constant TOUR_STEPS = 64;

    Handler internal handler;
    uint256 internal salt;

    function setUp() public virtual override {
        super.setUp();
        salt = campaignSalt();
        uint256[] memory patientKeys = new uint256[](2);
        patientKeys[0] = patientKey;
        patientKeys[1] = patient2Key;
        uint256[] memory providerKeys = new uint256[](2);
        providerKeys[0] = providerKey;
        providerKeys[1] = provider2Key;
        address[] memory requesters = new address[](2);
        requesters[0] = requester;
        requesters[1] = requester2;
        address[] memory nodes = new address[](4);
        bytes memory commitments;
        for (uint256 i; i < 4; ++i) {
            nodes[i] = proxies[i];
            if (i < 3) {
                Dleq.Point memory p = mulG(uint256(keccak256(abi.encode("invariant share", i))));
                commitments = bytes.concat(commitments, abi.encodePacked(p.x, p.y));
            }
        }
        handler = new Handler(
            Handler.Contracts({registry: registry, records: records, ledger: ledger, index: index}),
            registrar,
            stranger,
            patientKeys,
            providerKeys,
            requesters,
            nodes,
            commitments,
            salt
        );
        // The proxies are the admin's to suspend; the handler acts through the registry's admin.
        vm.prank(admin);
        registry.addRegistrar(address(handler));
        handler.bootstrap();
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
        assertEq(handler.accessCount(), 1, "bootstrap opened an access");
        assertEq(handler.tokenCount(), 1, "bootstrap asked for a token");

        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: _handlerSelectors()}));
    }

    /// @notice The salt every random choice of the handler is mixed with.
    function campaignSalt() internal virtual returns (uint256);

    function _handlerSelectors() internal pure returns (bytes4[] memory s) {
        s = new bytes4[](42);
        s[0] = Handler.enrollRequester.selector;
        s[1] = Handler.suspend.selector;
        s[2] = Handler.reinstate.selector;
        s[3] = Handler.removeRequester.selector;
        s[4] = Handler.createRecord.selector;
        s[5] = Handler.updateRecord.selector;
        s[6] = Handler.deleteRecord.selector;
        s[7] = Handler.rewrapKey.selector;
        s[8] = Handler.requestAccess.selector;
        s[9] = Handler.grantAccess.selector;
        s[10] = Handler.revokeAccess.selector;
        s[11] = Handler.expire.selector;
        s[12] = Handler.getAccess.selector;
        s[13] = Handler.commit.selector;
        s[14] = Handler.reveal.selector;
        s[15] = Handler.decline.selector;
        s[16] = Handler.registerIndexKey.selector;
        s[17] = Handler.authorize.selector;
        s[18] = Handler.deauthorize.selector;
        s[19] = Handler.addEntries.selector;
        s[20] = Handler.search.selector;
        s[21] = Handler.requestToken.selector;
        s[22] = Handler.commitToken.selector;
        s[23] = Handler.warp.selector;
        s[24] = Handler.warpToEdge.selector;
        s[25] = Handler.reportFault.selector;
        // advance carries the pipelines forward; listed sixteen times so every run goes the distance.
        for (uint256 i = 26; i < 42; ++i) {
            s[i] = Handler.advance.selector;
        }
    }

    /// @notice After every call: the violation counters and the items the call touched.
    function invariant_properties() public view {
        _counters();
        uint256 r = handler.touchedRecord();
        if (r != 0) _versionChainIsLinear(r - 1);
        uint64 q = handler.touchedRequest();
        if (q != 0) _requestMatches(q);
        uint64 a = handler.touchedAccess();
        if (a != 0) _accessMatches(a);
        uint64 k = handler.touchedToken();
        if (k != 0) _tokenMatches(k);
    }

    /// @notice At the end of every run: every record, request, access and token; then, when the
    /// random sequence missed a state the coverage asks for, a tour of the handler's own `advance`
    /// steps from the run's end state, every property again, and the coverage.
    /// @dev Without the tour a run that happened to miss one state failed the campaign by chance;
    /// with it the coverage check asserts that the handler's steps still reach every state from
    /// wherever a run left the system, and the properties are checked in those states.
    function afterInvariant() public {
        _everything();
        uint256 toured;
        for (; toured < TOUR_STEPS && !_covered(); ++toured) {
            handler.advance(uint256(keccak256(abi.encode("tour", toured))));
        }
        if (toured != 0) _everything();
        string memory coverage =
            _m(string.concat("coverage after ", vm.toString(toured), " tour steps: ", _counts()));
        assertTrue(handler.fulfilments() >= 1, coverage);
        assertTrue(handler.reveals() >= 1, coverage);
        assertTrue(handler.declines() >= 1, coverage);
        assertTrue(handler.faults() >= 1 && handler.validReportsRefused() >= 1, coverage);
        assertTrue(handler.revocationRaces() >= 1, coverage);
        assertTrue(handler.searches() >= 1 && handler.entriesFound() >= 1, coverage);
        assertTrue(handler.tokensAnswered() >= 1, coverage);
    }

    function _counts() internal view returns (string memory) {
        return string.concat(
            "calls ",
            vm.toString(handler.calls()),
            ", advances ",
            vm.toString(handler.advances()),
            ", fulfilments ",
            vm.toString(handler.fulfilments()),
            ", reveals ",
            vm.toString(handler.reveals()),
            ", declines ",
            vm.toString(handler.declines()),
            ", faults ",
            vm.toString(handler.faults()),
            " (valid reports refused ",
            vm.toString(handler.validReportsRefused()),
            ")",
            ", revocation races ",
            vm.toString(handler.revocationRaces()),
            ", searches ",
            vm.toString(handler.searches()),
            " finding ",
            vm.toString(handler.entriesFound()),
            " entries, tokens answered ",
            vm.toString(handler.tokensAnswered()),
            ", access steps ",
            vm.toString(bytes32(handler.accessSteps()))
        );
    }

    function _everything() internal view {
        _counters();
        for (uint256 r; r < handler.recordCount(); ++r) {
            _versionChainIsLinear(r);
        }
        for (uint64 q = 1; q <= handler.requestCount(); ++q) {
            _requestMatches(q);
        }
        for (uint64 a = 1; a <= handler.accessCount(); ++a) {
            _accessMatches(a);
        }
        for (uint64 k = 1; k <= handler.tokenCount(); ++k) {
            _tokenMatches(k);
        }
        for (uint256 p; p < handler.patientCount(); ++p) {
            address patient = handler.patients(p);
            assertEq(index.epochOf(patient), handler.epochOf(patient), _m("index epoch"));
            for (uint256 i; i < handler.requesterCount(); ++i) {
                address who = handler.requesters(i);
                assertEq(index.isRequester(patient, who), handler.listed(patient, who), _m("requester list"));
            }
        }
    }

    /// Whether the run reached every state the coverage asks for.
    function _covered() internal view returns (bool) {
        return handler.fulfilments() >= 1 && handler.reveals() >= 1 && handler.declines() >= 1
            && handler.faults() >= 1 && handler.validReportsRefused() >= 1 && handler.revocationRaces() >= 1
            && handler.searches() >= 1 && handler.entriesFound() >= 1 && handler.tokensAnswered() >= 1;
    }

    function _counters() internal view {
        assertEq(handler.mismatches(), 0, _m(string.concat("model: ", handler.firstMismatch())));
        assertEq(handler.committedOnDeadGrant(), 0, _m("commit accepted on a dead grant"));
        assertEq(handler.badSettlement(), 0, _m("access settled without cause"));
        assertEq(handler.searchMismatches(), 0, _m("search returned other values than were written"));
        assertEq(handler.chainViolations(), 0, _m("version chain broken at a write"));
        assertEq(ledger.requestCount(), handler.requestCount(), _m("requestCount"));
        assertEq(ledger.accessCount(), handler.accessCount(), _m("accessCount"));
        assertEq(index.tokenRequestCount(), handler.tokenCount(), _m("tokenRequestCount"));
    }

    /// The ledger's answer state of an access matches the model, and the properties hold on the
    /// ledger's own state: fulfilled exactly when t members committed while it was open, never
    /// both committed and declined, reveals only of own commits after fulfilment, rejected only
    /// for a dead grant or too many declines, and no commit recorded after a revocation won.
    function _accessMatches(uint64 id) internal view {
        Handler.GhostAccess memory g = handler.accessAt(id);
        IThresholdAnswers.AnswerState memory st = ledger.answerState(id);
        string memory at = string.concat(" (access ", vm.toString(id), ")");
        assertEq(uint256(st.status), uint256(g.status), _m(string.concat("status", at)));
        assertEq(st.commitMask, g.commits, _m(string.concat("commitMask", at)));
        assertEq(st.revealMask, g.reveals, _m(string.concat("revealMask", at)));
        assertEq(st.declineMask, g.declines, _m(string.concat("declineMask", at)));
        assertEq(st.faultMask, g.faults, _m(string.concat("faultMask", at)));
        assertEq(st.faultMask & ~st.revealMask, 0, _m(string.concat("fault without reveal", at)));
        assertEq(ledger.access(id).requestId, g.requestId, _m(string.concat("request", at)));
        assertEq(st.commits, _popcount(st.commitMask), _m(string.concat("commit count", at)));
        if (st.status == IThresholdAnswers.AnswerStatus.Fulfilled) {
            assertTrue(st.commits >= g.t, _m(string.concat("fulfilled with fewer than t commits", at)));
        } else {
            assertTrue(st.commits < g.t, _m(string.concat("t commits but not fulfilled", at)));
        }
        if (st.status == IThresholdAnswers.AnswerStatus.Rejected) {
            assertTrue(
                g.rejectedByLiveness || _popcount(st.declineMask) + g.t > _popcount(g.mask),
                _m(string.concat("rejected without cause", at))
            );
        }
        assertEq(st.commitMask & st.declineMask, 0, _m(string.concat("committed and declined", at)));
        assertEq(
            (st.commitMask | st.declineMask) & ~g.mask, 0, _m(string.concat("unnamed member answered", at))
        );
        assertEq(st.revealMask & ~st.commitMask, 0, _m(string.concat("reveal without commit", at)));
        assertTrue(
            st.revealMask == 0 || st.status == IThresholdAnswers.AnswerStatus.Fulfilled,
            _m(string.concat("reveal before fulfilment", at))
        );
        for (uint8 m = 1; m <= 3; ++m) {
            uint16 bit = uint16(1) << (m - 1);
            bytes32 want;
            if (st.revealMask & bit != 0) {
                want = keccak256(bytes.concat(handler.fragmentOf(id, m), handler.proofOf(id, m)));
            } else if (st.commitMask & bit != 0) {
                want = keccak256(handler.fragmentOf(id, m));
            }
            assertEq(
                ledger.answerHash(id, m),
                want,
                _m(string.concat("answer hash of member ", vm.toString(m), at))
            );
        }
    }

    function _tokenMatches(uint64 id) internal view {
        Handler.GhostToken memory g = handler.tokenAt(id);
        IThresholdAnswers.AnswerState memory st = index.answerState(id);
        string memory at = string.concat(" (token request ", vm.toString(id), ")");
        assertEq(uint256(st.status), uint256(g.status), _m(string.concat("token status", at)));
        assertEq(st.commitMask, g.commits, _m(string.concat("token commitMask", at)));
        assertEq(index.tokenRequest(id).requester, g.requester, _m(string.concat("token requester", at)));
        assertEq(index.tokenRequest(id).epoch, g.epoch, _m(string.concat("token epoch", at)));
    }

    /// A record's version chain is linear: versions 1..n exist, each head recomputes from its
    /// predecessor and that version's PatientApproval, nothing exists past n, and the state agrees.
    function _versionChainIsLinear(uint256 r) internal view {
        Handler.GhostRecord memory g = handler.recordAt(r);
        for (uint32 v = 1; v <= g.version; ++v) {
            assertEq(records.versionHead(g.id, v), handler.headAt(r, v), _m("versionHead recomputes"));
        }
        assertEq(records.versionHead(g.id, g.version + 1), bytes32(0), _m("no version past the last"));
        (address patient, uint32 version, uint32 generation, IRecordRegistry.RecordStatus status) =
            records.keyState(g.id);
        assertEq(version, g.version, _m("current version"));
        assertEq(generation, g.generation, _m("key generation"));
        assertEq(patient, g.patient, _m("patient"));
        assertEq(
            uint256(status),
            uint256(g.deleted ? IRecordRegistry.RecordStatus.Deleted : IRecordRegistry.RecordStatus.Active),
            _m("record status")
        );
    }

    /// The ledger's request matches the model: status, version, generation and uses left.
    function _requestMatches(uint64 id) internal view {
        Handler.GhostRequest memory g = handler.requestAt(id);
        IAccessLedger.Request memory q = ledger.request(id);
        assertEq(uint256(q.status), uint256(g.status), _m("request status"));
        assertEq(q.requester, g.requester, _m("request requester"));
        if (g.status != IAccessLedger.RequestStatus.Requested) {
            assertEq(q.version, g.version, _m("granted version"));
            assertEq(q.generation, g.generation, _m("granted generation"));
            assertEq(q.usesLeft, g.usesLeft, _m("uses left"));
        }
    }

    function _m(string memory message) internal view returns (string memory) {
        return string.concat(message, " [salt ", vm.toString(salt), "]");
    }
}

/// @title InvariantsTest
/// @notice The campaign with a fixed salt: it replays the same sequences on every run.
/// forge-config: default.invariant.runs = 48
/// forge-config: default.invariant.depth = 128
/// forge-config: ci.invariant.runs = 384
/// forge-config: ci.invariant.depth = 128
contract InvariantsTest is InvariantsCampaign {
    function campaignSalt() internal pure override returns (uint256) {
        return 0;
    }

    /// @notice With no random call at all, the tour alone carries the bootstrap state to every
    /// state the coverage asks for, and the properties hold there.
    function test_afterInvariant_toursFromTheStart() public {
        assertEq(handler.calls() + handler.advances(), 0, _m("the test starts from the bootstrap state"));
        afterInvariant();
    }
}

/// @title RandomInvariantsTest
/// @notice The same campaign with a salt that changes on every run (the clock, unless
/// EMRCHAIN_INVARIANT_SALT is set): forge's fuzz seed is fixed for the whole suite, so without it
/// CI would replay the same sequences forever. A failure prints the salt; rerun it with
/// `EMRCHAIN_INVARIANT_SALT=<salt> forge test --match-contract RandomInvariantsTest`.
/// forge-config: default.invariant.runs = 32
/// forge-config: default.invariant.depth = 128
/// forge-config: ci.invariant.runs = 192
/// forge-config: ci.invariant.depth = 128
contract RandomInvariantsTest is InvariantsCampaign {
    function campaignSalt() internal view override returns (uint256) {
        return vm.envOr("EMRCHAIN_INVARIANT_SALT", vm.unixTime());
    }
}
