// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {KeyIssuer} from "../src/KeyIssuer.sol";
import {IKeyIssuer} from "../src/interfaces/IKeyIssuer.sol";
import {Reasons} from "../src/libraries/Reasons.sol";
import {Fixture} from "./lib/Fixture.sol";

contract KeyIssuerTest is Fixture {
    bytes32 internal insurer;
    bytes32 internal constant KEY_HASH = keccak256("key");

    function setUp() public override {
        super.setUp();
        vm.prank(authority);
        insurer = attributes.defineAttribute("role:insurer");
        bytes32[] memory list = new bytes32[](1);
        list[0] = insurer;
        vm.startPrank(authority);
        attributes.assignAttributes(requester, list);
        attributes.assignAttributes(provider, list);
        vm.stopPrank();
    }

    function requestKeyAs(address caller) internal returns (uint64) {
        // Computed here rather than by calling epoch(), which would take the prank or expectRevert.
        uint64 current = uint64(block.timestamp / EPOCH);
        vm.prank(caller);
        return issuer.requestKey(current);
    }

    function test_constructor_storesDependencies() public view {
        assertEq(address(issuer.registry()), address(registry), "registry");
        assertEq(address(issuer.attributes()), address(attributes), "attributes");
        assertEq(issuer.keyRequestCount(), 0, "count");
        assertEq(issuer.epochLength(), EPOCH, "epoch length");
    }

    function test_constructor_revertsOnZeroEpochLength() public {
        vm.expectRevert(IKeyIssuer.InvalidEpochLength.selector);
        new KeyIssuer(registry, attributes, 0);
    }

    // ------------------------------------------------------------------ epoch

    function test_epoch_followsBlockTime() public {
        vm.warp(0);
        assertEq(issuer.epoch(), 0, "epoch 0 at time 0");
        vm.warp(EPOCH - 1);
        assertEq(issuer.epoch(), 0, "last second of epoch 0");
        vm.warp(EPOCH);
        assertEq(issuer.epoch(), 1, "epoch 1 starts");
        vm.warp(T0);
        assertEq(issuer.epoch(), T0 / EPOCH, "now");
    }

    // ------------------------------------------------------------- requestKey

    function test_requestKey_snapshotsAttributesAndEmits() public {
        bytes32 attrs = attributes.attributesHash(requester);
        vm.expectEmit(true, true, true, true, address(issuer));
        emit IKeyIssuer.KeyRequested(1, requester, uint64(T0 / EPOCH), attrs);
        uint64 id = requestKeyAs(requester);
        assertEq(id, 1, "first id");
        assertEq(issuer.keyRequestCount(), 1, "count");

        IKeyIssuer.KeyRequest memory k = issuer.keyRequest(id);
        assertEq(k.requester, requester, "requester");
        assertEq(k.epoch, T0 / EPOCH, "epoch");
        assertEq(uint256(k.status), uint256(IKeyIssuer.KeyStatus.Pending), "status");
        assertEq(k.reason, 0, "reason");
        assertEq(k.attributesHash, attrs, "attributesHash");

        assertEq(requestKeyAs(provider), 2, "ids increment; providers may ask");
    }

    function test_requestKey_forAnOlderEpoch() public {
        vm.prank(requester);
        uint64 id = issuer.requestKey(3);
        assertEq(issuer.keyRequest(id).epoch, 3, "older epochs open older records");
    }

    function test_requestKey_revertsForFutureEpoch() public {
        uint64 next = issuer.epoch() + 1;
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.FutureEpoch.selector, next, next - 1));
        vm.prank(requester);
        issuer.requestKey(next);
    }

    /// @dev The request names no patient: it is on the requester's own timeline only.
    function test_requestKey_eventNamesNoPatient() public {
        vm.recordLogs();
        requestKeyAs(requester);
        bytes32[] memory topics = vm.getRecordedLogs()[0].topics;
        assertEq(topics.length, 3, "requestId and requester only");
        assertEq(topics[2], bytes32(uint256(uint160(requester))), "requester topic");
    }

    function test_requestKey_revertsForPatient() public {
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.RequesterNotActive.selector, patient));
        requestKeyAs(patient);
    }

    function test_requestKey_revertsForSuspendedRequester() public {
        suspend(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.RequesterNotActive.selector, requester));
        requestKeyAs(requester);
    }

    function test_requestKey_revertsForUnenrolled() public {
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.RequesterNotActive.selector, stranger));
        requestKeyAs(stranger);
    }

    function test_requestKey_revertsWithoutAttributes() public {
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.NoAttributes.selector, requester2));
        requestKeyAs(requester2);
    }

    // --------------------------------------------------------------- issueKey

    function test_issueKey_answersAndEmits() public {
        uint64 id = requestKeyAs(requester);
        vm.expectEmit(true, true, true, true, address(issuer));
        emit IKeyIssuer.KeyIssued(id, requester, oracle, uint64(T0 / EPOCH), KEY_HASH, "bafykey");
        vm.prank(oracle);
        issuer.issueKey(id, KEY_HASH, "bafykey");
        assertEq(uint256(issuer.keyRequest(id).status), uint256(IKeyIssuer.KeyStatus.Issued), "status");
    }

    function test_issueKey_revertsForNonOracle() public {
        uint64 id = requestKeyAs(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.NotOracle.selector, authority));
        vm.prank(authority);
        issuer.issueKey(id, KEY_HASH, "bafykey");
    }

    function test_issueKey_revertsForRemovedOracle() public {
        uint64 id = requestKeyAs(requester);
        remove(oracle);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.NotOracle.selector, oracle));
        vm.prank(oracle);
        issuer.issueKey(id, KEY_HASH, "bafykey");
    }

    function test_issueKey_revertsOnZeroHash() public {
        uint64 id = requestKeyAs(requester);
        vm.expectRevert(IKeyIssuer.EmptyField.selector);
        vm.prank(oracle);
        issuer.issueKey(id, bytes32(0), "bafykey");
    }

    function test_issueKey_revertsOnEmptyRef() public {
        uint64 id = requestKeyAs(requester);
        vm.expectRevert(IKeyIssuer.EmptyField.selector);
        vm.prank(oracle);
        issuer.issueKey(id, KEY_HASH, "");
    }

    function test_issueKey_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.UnknownKeyRequest.selector, 4));
        vm.prank(oracle);
        issuer.issueKey(4, KEY_HASH, "bafykey");
    }

    function test_issueKey_revertsWhenAlreadyIssued() public {
        uint64 id = requestKeyAs(requester);
        vm.prank(oracle);
        issuer.issueKey(id, KEY_HASH, "bafykey");
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.AlreadyAnswered.selector, id));
        vm.prank(oracle);
        issuer.issueKey(id, bytes32("key2"), "bafykey2");
    }

    function test_issueKey_revertsWhenRejected() public {
        uint64 id = requestKeyAs(requester);
        vm.prank(oracle);
        issuer.rejectKey(id, Reasons.UNKNOWN_ATTRIBUTES);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.AlreadyAnswered.selector, id));
        vm.prank(oracle);
        issuer.issueKey(id, KEY_HASH, "bafykey");
    }

    // -------------------------------------------------------------- rejectKey

    function test_rejectKey_recordsReasonAndEmits() public {
        uint64 id = requestKeyAs(requester);
        vm.expectEmit(true, true, true, true, address(issuer));
        emit IKeyIssuer.KeyRejected(id, requester, oracle, Reasons.ATTRIBUTES_CHANGED);
        vm.prank(oracle);
        issuer.rejectKey(id, Reasons.ATTRIBUTES_CHANGED);
        IKeyIssuer.KeyRequest memory k = issuer.keyRequest(id);
        assertEq(uint256(k.status), uint256(IKeyIssuer.KeyStatus.Rejected), "status");
        assertEq(k.reason, Reasons.ATTRIBUTES_CHANGED, "reason");
    }

    function test_rejectKey_revertsOnReasonZero() public {
        uint64 id = requestKeyAs(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.InvalidReason.selector, 0));
        vm.prank(oracle);
        issuer.rejectKey(id, 0);
    }

    function test_rejectKey_revertsOnReasonAboveMax() public {
        uint64 id = requestKeyAs(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.InvalidReason.selector, Reasons.MAX + 1));
        vm.prank(oracle);
        issuer.rejectKey(id, Reasons.MAX + 1);
    }

    function test_rejectKey_revertsForNonOracle() public {
        uint64 id = requestKeyAs(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.NotOracle.selector, requester));
        vm.prank(requester);
        issuer.rejectKey(id, Reasons.MISSING_OBJECT);
    }

    function test_rejectKey_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.UnknownKeyRequest.selector, 1));
        vm.prank(oracle);
        issuer.rejectKey(1, Reasons.MISSING_OBJECT);
    }

    function test_rejectKey_revertsWhenIssued() public {
        uint64 id = requestKeyAs(requester);
        vm.prank(oracle);
        issuer.issueKey(id, KEY_HASH, "bafykey");
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.AlreadyAnswered.selector, id));
        vm.prank(oracle);
        issuer.rejectKey(id, Reasons.MISSING_OBJECT);
    }

    function test_keyRequest_unknownIsZero() public view {
        IKeyIssuer.KeyRequest memory k = issuer.keyRequest(99);
        assertEq(k.requester, address(0), "requester");
        assertEq(uint256(k.status), 0, "status");
    }
}
