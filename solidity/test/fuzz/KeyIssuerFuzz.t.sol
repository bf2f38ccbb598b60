// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {KeyIssuer} from "../../src/KeyIssuer.sol";
import {IKeyIssuer} from "../../src/interfaces/IKeyIssuer.sol";
import {Reasons} from "../../src/libraries/Reasons.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @title KeyIssuerFuzzTest
/// @notice Property tests of KeyIssuer's epochs and key-request state machine: the epoch is block
/// time over the epoch length at any time and length; a request names any epoch up to the current
/// one and never a later one (so a key of an older epoch is all a requester can get for records of
/// a later one); a request is answered once, issued or rejected, and every other answer reverts
/// with the exact error.
contract KeyIssuerFuzzTest is Fixture {
    function setUp() public override {
        super.setUp();
        bytes32[] memory list = new bytes32[](1);
        vm.prank(authority);
        list[0] = attributes.defineAttribute("role:insurer");
        vm.prank(authority);
        attributes.assignAttributes(requester, list);
    }

    /// @notice epoch() = block.timestamp / epochLength for any length and time, and it never goes
    /// back as time moves on.
    function testFuzz_epoch_isBlockTimeOverLength(uint64 length, uint64 t, uint32 later) public {
        length = uint64(bound(length, 1, type(uint64).max));
        // Block times stay within uint64, as the epoch is: half its range plus the uint32 step.
        t = uint64(bound(t, 0, type(uint64).max / 2));
        KeyIssuer k = new KeyIssuer(registry, attributes, length);
        vm.warp(t);
        uint64 e = k.epoch();
        assertEq(e, t / length, "epoch");
        vm.warp(uint256(t) + later);
        assertLe(e, k.epoch(), "monotone");
        assertEq(k.epochLength(), length, "length kept");
    }

    /// @notice Any epoch up to the current one is accepted and stored as asked; a later one
    /// reverts with FutureEpoch(asked, current) and stores nothing.
    function testFuzz_requestKey_epochUpToCurrent(uint64 t, uint64 asked) public {
        t = uint64(bound(t, 0, type(uint64).max / 2));
        vm.warp(t);
        uint64 current = uint64(t / EPOCH);
        // Around the current epoch, so both sides of the boundary come up.
        asked = uint64(bound(asked, current > 2 ? current - 2 : 0, uint256(current) + 2));
        uint64 before = issuer.keyRequestCount();
        if (asked > current) {
            vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.FutureEpoch.selector, asked, current));
            vm.prank(requester);
            issuer.requestKey(asked);
            assertEq(issuer.keyRequestCount(), before, "nothing stored");
            return;
        }
        vm.prank(requester);
        uint64 id = issuer.requestKey(asked);
        assertEq(id, before + 1, "next id");
        IKeyIssuer.KeyRequest memory k = issuer.keyRequest(id);
        assertEq(k.epoch, asked, "epoch as asked");
        assertEq(k.requester, requester, "requester");
        assertEq(uint256(k.status), uint256(IKeyIssuer.KeyStatus.Pending), "pending");
        assertEq(k.attributesHash, attributes.attributesHash(requester), "attributes snapshotted");
    }

    /// @notice A request is answered exactly once: issued or rejected, after which issuing,
    /// rejecting or answering an unknown id reverts with the exact error; an invalid reason is
    /// refused before anything changes.
    function testFuzz_answers_onceEach(bool issueFirst, uint8 reason, uint8 secondKind, uint64 unknown)
        public
    {
        vm.prank(requester);
        uint64 id = issuer.requestKey(uint64(block.timestamp / EPOCH));

        if (!issueFirst && (reason == 0 || reason > Reasons.MAX)) {
            vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.InvalidReason.selector, reason));
            vm.prank(oracle);
            issuer.rejectKey(id, reason);
            assertEq(
                uint256(issuer.keyRequest(id).status), uint256(IKeyIssuer.KeyStatus.Pending), "still pending"
            );
        }
        uint8 valid = uint8(bound(reason, 1, Reasons.MAX));
        vm.prank(oracle);
        if (issueFirst) issuer.issueKey(id, keccak256("key"), "bafykey");
        else issuer.rejectKey(id, valid);
        IKeyIssuer.KeyStatus settled =
            issueFirst ? IKeyIssuer.KeyStatus.Issued : IKeyIssuer.KeyStatus.Rejected;
        assertEq(uint256(issuer.keyRequest(id).status), uint256(settled), "settled");
        assertEq(issuer.keyRequest(id).reason, issueFirst ? 0 : valid, "reason");

        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.AlreadyAnswered.selector, id));
        vm.prank(oracle);
        if (secondKind % 2 == 0) issuer.issueKey(id, keccak256("key 2"), "bafykey2");
        else issuer.rejectKey(id, valid);
        assertEq(uint256(issuer.keyRequest(id).status), uint256(settled), "unchanged");

        vm.assume(unknown == 0 || unknown > issuer.keyRequestCount());
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.UnknownKeyRequest.selector, unknown));
        vm.prank(oracle);
        issuer.issueKey(unknown, keccak256("key"), "bafykey");
    }

    /// @notice Only an active oracle answers: anyone else, or the oracle while suspended, gets
    /// NotOracle(caller).
    function testFuzz_answers_onlyActiveOracle(address caller, bool suspendOracle) public {
        vm.prank(requester);
        uint64 id = issuer.requestKey(uint64(block.timestamp / EPOCH));
        if (suspendOracle) {
            suspend(oracle);
            caller = oracle;
        } else {
            vm.assume(caller != oracle);
        }
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.NotOracle.selector, caller));
        vm.prank(caller);
        issuer.issueKey(id, keccak256("key"), "bafykey");
        vm.expectRevert(abi.encodeWithSelector(IKeyIssuer.NotOracle.selector, caller));
        vm.prank(caller);
        issuer.rejectKey(id, 1);
    }
}
