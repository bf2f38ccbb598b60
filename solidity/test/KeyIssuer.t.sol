// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IKeyIssuer} from "../src/interfaces/IKeyIssuer.sol";
import {Reasons} from "../src/libraries/Reasons.sol";
import {Fixture} from "./lib/Fixture.sol";

contract KeyIssuerTest is Fixture {
    bytes32 internal insurer;

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
        vm.prank(caller);
        return issuer.requestKey(patient);
    }

    function test_constructor_storesDependencies() public view {
        assertEq(address(issuer.registry()), address(registry), "registry");
        assertEq(address(issuer.attributes()), address(attributes), "attributes");
        assertEq(issuer.keyRequestCount(), 0, "count");
    }

    // ------------------------------------------------------------- requestKey

    function test_requestKey_snapshotsAttributesAndEmits() public {
        bytes32 attrs = attributes.attributesHash(requester);
        vm.expectEmit(true, true, true, true, address(issuer));
        emit IKeyIssuer.KeyRequested(1, requester, patient, attrs);
        uint64 id = requestKeyAs(requester);
        assertEq(id, 1, "first id");
        assertEq(issuer.keyRequestCount(), 1, "count");

        IKeyIssuer.KeyRequest memory k = issuer.keyRequest(id);
        assertEq(k.requester, requester, "requester");
        assertEq(k.patient, patient, "patient");
        assertEq(uint256(k.status), uint256(IKeyIssuer.KeyStatus.Pending), "status");
        assertEq(k.reason, 0, "reason");
        assertEq(k.attributesHash, attrs, "attributesHash");

        assertEq(requestKeyAs(provider), 2, "ids increment; providers may ask");
    }

    function test_requestKey_withoutPatient() public {
        vm.prank(requester);
        uint64 id = issuer.requestKey(address(0));
        assertEq(issuer.keyRequest(id).patient, address(0), "no patient");
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
        emit IKeyIssuer.KeyIssued(id, requester, patient, oracle, bytes32("key"), "bafykey");
        vm.prank(oracle);
        issuer.issueKey(id, bytes32("key"), "bafykey");
        assertEq(uint256(issuer.keyRequest(id).status), uint256(IKeyIssuer.KeyStatus.Issued), "status");
    }

    function test_issueKey_revertsForNonOracle() public {
        uint64 id = requestKeyAs(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.NotOracle.selector, authority));
        vm.prank(authority);
        issuer.issueKey(id, bytes32("key"), "bafykey");
    }

    function test_issueKey_revertsForRemovedOracle() public {
        uint64 id = requestKeyAs(requester);
        remove(oracle);
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.NotOracle.selector, oracle));
        vm.prank(oracle);
        issuer.issueKey(id, bytes32("key"), "bafykey");
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
        issuer.issueKey(id, bytes32("key"), "");
    }

    function test_issueKey_revertsForUnknownRequest() public {
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.UnknownKeyRequest.selector, 4));
        vm.prank(oracle);
        issuer.issueKey(4, bytes32("key"), "bafykey");
    }

    function test_issueKey_revertsWhenAlreadyIssued() public {
        uint64 id = requestKeyAs(requester);
        vm.prank(oracle);
        issuer.issueKey(id, bytes32("key"), "bafykey");
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
        issuer.issueKey(id, bytes32("key"), "bafykey");
    }

    // -------------------------------------------------------------- rejectKey

    function test_rejectKey_recordsReasonAndEmits() public {
        uint64 id = requestKeyAs(requester);
        vm.expectEmit(true, true, true, true, address(issuer));
        emit IKeyIssuer.KeyRejected(id, requester, patient, oracle, Reasons.ATTRIBUTES_CHANGED);
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
        issuer.issueKey(id, bytes32("key"), "bafykey");
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
