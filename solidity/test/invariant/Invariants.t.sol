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
/// forge-config: ci.invariant.runs = 384
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

    function invariant_properties() public view {
        _fulfilOnlyWithLiveGrantOnCurrentVersion();
        _revokedOrExpiredGrantNeverFulfils();
        _onlyOracleAnswersAndAtMostOnce();
        _versionChainsAreLinear();
        _removedRequesterCannotSearch();
        _countersMatchGhost();
        _modelAgrees();
    }

    /// (a) No access is fulfilled without a live grant on the record's current version.
    function _fulfilOnlyWithLiveGrantOnCurrentVersion() internal view {
        assertEq(handler.fulfilledWithoutLiveGrant(), 0, "(a) fulfilled without a live grant");
    }

    /// (b) A revoked or expired grant never fulfils.
    function _revokedOrExpiredGrantNeverFulfils() internal view {
        assertEq(handler.fulfilledRevokedOrExpired(), 0, "(b) revoked or expired grant fulfilled");
    }

    /// (c) Only an active oracle answers, and each access is answered at most once; the ledger's
    /// status of every access matches the model.
    function _onlyOracleAnswersAndAtMostOnce() internal view {
        assertEq(handler.answeredByNonOracle(), 0, "(c) answered by a non-oracle");
        assertEq(handler.answeredTwice(), 0, "(c) answered twice");
        uint256 n = handler.accessCount();
        for (uint64 id = 1; id <= n; ++id) {
            Handler.GhostAccess memory g = handler.accessAt(id);
            IAccessLedger.Access memory a = ledger.access(id);
            assertEq(uint256(a.status), uint256(g.status), "(c) access status");
            assertEq(a.requestId, g.requestId, "(c) access request");
            assertEq(a.version, g.version, "(c) access version");
            assertLe(g.answers, 1, "(c) answers");
        }
    }

    /// (d) Every record's version chain is linear: versions 1..n exist, each head recomputes from
    /// its predecessor and that version's own fields, and nothing exists past n.
    function _versionChainsAreLinear() internal view {
        uint256 n = handler.recordCount();
        for (uint256 r; r < n; ++r) {
            Handler.GhostRecord memory g = handler.recordAt(r);
            uint256 versions = handler.versionCount(r);
            bytes32 head;
            for (uint256 v = 1; v <= versions; ++v) {
                Handler.GhostVersion memory gv = handler.versionAt(r, v - 1);
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
                records.versionHead(g.id, uint32(versions + 1)), bytes32(0), "(d) no version past the last"
            );
            IRecordRegistry.Record memory rec = records.record(g.id);
            assertEq(rec.version, versions, "(d) current version");
            assertEq(rec.head, head, "(d) current head");
            assertEq(rec.patient, g.patient, "(d) patient");
            assertEq(
                uint256(rec.status),
                uint256(
                    g.deleted ? IRecordRegistry.RecordStatus.Deleted : IRecordRegistry.RecordStatus.Active
                ),
                "(d) status"
            );
        }
    }

    /// (e) A requester that was removed from a patient's list (or never added, or is not an active
    /// requester) cannot search.
    function _removedRequesterCannotSearch() internal view {
        assertEq(handler.searchedWithoutAuthorization(), 0, "(e) unauthorized search");
        uint256 n = handler.requesterCount();
        for (uint256 p; p < 3; ++p) {
            address patient = handler.patients(p);
            for (uint256 i; i < n; ++i) {
                address requester = handler.requesters(i);
                assertEq(
                    index.isRequester(patient, requester), handler.authorized(patient, requester), "(e) list"
                );
            }
        }
    }

    /// (f) The ledger's counters match the number of requests and get-access calls made.
    function _countersMatchGhost() internal view {
        assertEq(ledger.requestCount(), handler.requestCount(), "(f) requestCount");
        assertEq(ledger.accessCount(), handler.accessCount(), "(f) accessCount");
        uint256 n = handler.requestCount();
        for (uint64 id = 1; id <= n; ++id) {
            assertEq(
                uint256(ledger.request(id).status),
                uint256(handler.requestAt(id).status),
                "(f) request status"
            );
        }
    }

    /// Every call's outcome matched the model's prediction (success where allowed, revert where not).
    function _modelAgrees() internal view {
        assertEq(handler.mismatches(), 0, string.concat("model: ", handler.firstMismatch()));
    }
}
