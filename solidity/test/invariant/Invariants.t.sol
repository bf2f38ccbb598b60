// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessLedger} from "../../src/AccessLedger.sol";
import {KeywordIndex} from "../../src/KeywordIndex.sol";
import {RecordRegistry} from "../../src/RecordRegistry.sol";
import {Registry} from "../../src/Registry.sol";
import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {Test} from "../lib/Test.sol";
import {Handler} from "./Handler.sol";

/// @title InvariantsTest
/// @notice Properties of the access round, the version chains and the keyword index that must hold
/// after any sequence of handler actions.
/// @dev Forge runs every `invariant_*` function as its own campaign from the same seed, so
/// separate functions would replay identical call sequences; one function checks every property
/// after each call instead, and the runs saved go into depth.
/// forge-config: default.invariant.runs = 64
/// forge-config: default.invariant.depth = 128
/// forge-config: ci.invariant.runs = 512
/// forge-config: ci.invariant.depth = 128
contract InvariantsTest is Test {
    Registry internal registry;
    RecordRegistry internal records;
    AccessLedger internal ledger;
    KeywordIndex internal index;
    Handler internal handler;

    function setUp() public {
        vm.warp(1_700_000_000);
        (address admin,) = makeKey("admin");
        registry = new Registry(admin);
        records = new RecordRegistry(registry);
        ledger = new AccessLedger(registry, records);
        index = new KeywordIndex(registry);

        uint256[] memory patientKeys = new uint256[](3);
        uint256[] memory providerKeys = new uint256[](3);
        for (uint256 i; i < 3; ++i) {
            (, patientKeys[i]) = makeKey(string.concat("patient", vm.toString(i)));
            (, providerKeys[i]) = makeKey(string.concat("provider", vm.toString(i)));
        }
        address[] memory requesters = new address[](3);
        for (uint256 i; i < 3; ++i) {
            (requesters[i],) = makeKey(string.concat("requester", vm.toString(i)));
        }
        address[] memory oracles = new address[](2);
        (oracles[0],) = makeKey("oracle0");
        (oracles[1],) = makeKey("oracle1");
        (address stranger,) = makeKey("stranger");

        (address registrar,) = makeKey("registrar");
        vm.prank(admin);
        registry.addRegistrar(registrar);
        handler = new Handler(
            Handler.Contracts({registry: registry, records: records, ledger: ledger, index: index}),
            registrar,
            patientKeys,
            providerKeys,
            requesters,
            oracles,
            stranger
        );
        // A starting state with something at every step of the access round, so short runs
        // exercise get-access and the oracle's answers rather than only the first steps.
        for (uint256 i; i < 3; ++i) {
            handler.createRecord(i, i);
            handler.requestAccess(i << 8, i, 0);
        }
        handler.grantAccess(1, 1 days, 2 days, 1); // from now, for two days
        handler.grantAccess(2, 1 days + 1 hours, 1 days, 1); // from an hour ahead
        handler.getAccess(1);
        handler.authorize(0, 0);
        handler.addEntries(0, 0, 3);
        assertEq(handler.mismatches(), 0, handler.firstMismatch());

        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: _handlerSelectors()}));
    }

    function _handlerSelectors() internal pure returns (bytes4[] memory s) {
        s = new bytes4[](23);
        s[0] = Handler.enrollRequester.selector;
        s[1] = Handler.suspend.selector;
        s[2] = Handler.reinstate.selector;
        s[3] = Handler.removeRequester.selector;
        s[4] = Handler.createRecord.selector;
        s[5] = Handler.updateRecord.selector;
        s[6] = Handler.deleteRecord.selector;
        s[7] = Handler.changePolicy.selector;
        s[8] = Handler.requestAccess.selector;
        s[9] = Handler.grantAccess.selector;
        s[10] = Handler.revokeAccess.selector;
        s[11] = Handler.expire.selector;
        s[12] = Handler.getAccess.selector;
        s[13] = Handler.fulfil.selector;
        s[14] = Handler.fulfilMany.selector;
        s[15] = Handler.reject.selector;
        s[16] = Handler.answerAsNonOracle.selector;
        s[17] = Handler.authorize.selector;
        s[18] = Handler.deauthorize.selector;
        s[19] = Handler.addEntries.selector;
        s[20] = Handler.search.selector;
        s[21] = Handler.warp.selector;
        s[22] = Handler.warpToEdge.selector;
    }

    /// @notice The handler reaches every step of the round from the starting state, so the
    /// campaign is not checking properties of runs where nothing happens.
    function test_handler_reachesEveryStep() public {
        assertEq(handler.grants(), 2, "two grants in the starting state");
        handler.fulfil(1, 0); // the pending access from setUp, by oracle 0
        assertEq(handler.fulfilments(), 1, "fulfilled");
        handler.getAccess(1); // the live grant again
        handler.reject(1, 1, 1); // the new pending access, by oracle 1, reason 1
        assertEq(handler.rejections(), 1, "rejected");
        handler.search(0, 0, 0, 0, 3); // requester 0 is on patient 0's list; keyword 0 has 3 entries
        assertEq(handler.searches(), 1, "searched");
        handler.getAccess(1); // a third access, left pending
        handler.updateRecord(0, 1); // record 0, the one request 1's grant is for
        assertEq(handler.updates(), 1, "updated");
        handler.fulfil(1, 0); // refused: the grant is for version 1, the record is at 2
        assertEq(handler.refusedFulfilments(), 1, "stale grant not fulfilled");
        handler.getAccess(1); // refused for the same reason
        handler.deauthorize(0, 0);
        handler.search(0, 0, 0, 0, 3);
        assertEq(handler.refusedSearches(), 1, "search refused after removal from the list");
        assertEq(handler.mismatches(), 0, handler.firstMismatch());
        assertEq(ledger.accessCount(), 3, "three get-access calls went through");
        afterInvariant();
    }

    /// @notice Checked after every call: the violation counters, the counts, and the items the
    /// call touched (its record's whole version chain, its request, its access, its list entry).
    function invariant_properties() public view {
        _counters();
        uint256 r = handler.touchedRecord();
        if (r != 0) _versionChainIsLinear(r - 1);
        uint64 q = handler.touchedRequest();
        if (q != 0) _requestMatches(q);
        uint64 a = handler.touchedAccess();
        if (a != 0) _accessMatches(a);
        if (handler.touchedPatient() != address(0)) {
            _listMatches(handler.touchedPatient(), handler.touchedSearcher());
        }
    }

    /// @notice Checked at the end of every run: every record, request, access and list entry, in
    /// case a call changed something other than what it touched.
    function afterInvariant() public view {
        _counters();
        for (uint256 r; r < handler.recordCount(); ++r) {
            _versionChainIsLinear(r);
            bytes32 id = handler.recordAt(r).id;
            assertEq(
                records.record(id).head,
                records.versionHead(id, uint32(handler.versionsOf(r).length)),
                "(d) current head is the last version's"
            );
        }
        for (uint64 q = 1; q <= handler.requestCount(); ++q) {
            _requestMatches(q);
        }
        for (uint64 a = 1; a <= handler.accessCount(); ++a) {
            _accessMatches(a);
        }
        for (uint256 p; p < 3; ++p) {
            for (uint256 i; i < handler.requesterCount(); ++i) {
                _listMatches(handler.patients(p), handler.requesters(i));
            }
        }
    }

    function _counters() internal view {
        // (a) No access is fulfilled without a live grant on the record's current version.
        assertEq(handler.fulfilledWithoutLiveGrant(), 0, "(a) fulfilled without a live grant");
        // (b) A revoked or expired grant never fulfils.
        assertEq(handler.fulfilledRevokedOrExpired(), 0, "(b) revoked or expired grant fulfilled");
        // (c) Only an active oracle answers, and each access at most once.
        assertEq(handler.answeredByNonOracle(), 0, "(c) answered by a non-oracle");
        assertEq(handler.answeredTwice(), 0, "(c) answered twice");
        // (e) No search by a requester off the patient's list, or not an active requester.
        assertEq(handler.searchedWithoutAuthorization(), 0, "(e) unauthorized search");
        // (f) The ledger's counters match the requests and get-access calls made.
        assertEq(ledger.requestCount(), handler.requestCount(), "(f) requestCount");
        assertEq(ledger.accessCount(), handler.accessCount(), "(f) accessCount");
        // Every call's outcome matched the model's prediction.
        assertEq(handler.mismatches(), 0, string.concat("model: ", handler.firstMismatch()));
        // (d) Version chains are re-checked at every create and update, too.
        assertEq(handler.chainViolations(), 0, "(d) version chain broken at a write");
    }

    /// (c) The ledger's record of an access matches the model: status, request, version.
    function _accessMatches(uint64 id) internal view {
        Handler.GhostAccess memory g = handler.accessAt(id);
        IAccessLedger.Access memory a = ledger.access(id);
        assertEq(uint256(a.status), uint256(g.status), "(c) access status");
        assertEq(a.requestId, g.requestId, "(c) access request");
        assertEq(a.version, g.version, "(c) access version");
        assertLe(g.answers, 1, "(c) answers");
    }

    /// (d) A record's version chain is linear: versions 1..n exist, each head recomputes from its
    /// predecessor and that version's own fields, and nothing exists past n.
    function _versionChainIsLinear(uint256 r) internal view {
        Handler.GhostRecord memory g = handler.recordAt(r);
        Handler.GhostVersion[] memory versions = handler.versionsOf(r);
        bytes32 head;
        for (uint256 v = 1; v <= versions.length; ++v) {
            Handler.GhostVersion memory gv = versions[v - 1];
            head = keccak256(
                abi.encode(
                    head,
                    g.id,
                    uint32(v),
                    gv.provider,
                    gv.contentHash,
                    gv.policyHash,
                    gv.locationHash,
                    gv.capsuleHash,
                    gv.abeHash
                )
            );
            assertEq(records.versionHead(g.id, uint32(v)), head, "(d) versionHead recomputes");
        }
        assertEq(
            records.versionHead(g.id, uint32(versions.length + 1)), bytes32(0), "(d) no version past the last"
        );
        (address patient, uint32 version, IRecordRegistry.RecordStatus status) = records.recordState(g.id);
        assertEq(version, versions.length, "(d) current version");
        assertEq(patient, g.patient, "(d) patient");
        assertEq(
            uint256(status),
            uint256(g.deleted ? IRecordRegistry.RecordStatus.Deleted : IRecordRegistry.RecordStatus.Active),
            "(d) status"
        );
    }

    /// (e) The index's requester list matches the model's.
    function _listMatches(address patient, address requester) internal view {
        assertEq(index.isRequester(patient, requester), handler.authorized(patient, requester), "(e) list");
    }

    /// (f) The ledger's status of a request matches the model's.
    function _requestMatches(uint64 id) internal view {
        assertEq(
            uint256(ledger.request(id).status), uint256(handler.requestAt(id).status), "(f) request status"
        );
    }
}
