// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {Reasons} from "../../src/libraries/Reasons.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Windows, timestamps, operation bit sets and reason codes against their specification.
contract AccessLedgerFuzzTest is Fixture {
    bytes32 internal recordId;

    /// @dev Far enough that every uint64 window computation below stays clear of overflow.
    uint256 internal constant HORIZON = 1 << 40;

    function setUp() public override {
        super.setUp();
        recordId = createRecord(1);
    }

    function grantRaw(uint64 requestId, uint64 notBefore, uint64 notAfter, uint8 operations) internal {
        vm.prank(patient);
        ledger.grantAccess(requestId, notBefore, notAfter, operations, REKEY_HASH, REKEY_REF);
    }

    function testFuzz_grantAccess_windowRule(uint64 notBefore, uint64 notAfter, uint256 now_) public {
        now_ = bound(now_, 0, HORIZON);
        uint64 id = requestAs(requester, recordId, 0);
        vm.warp(now_);
        bool valid = notBefore <= notAfter && notAfter >= now_;
        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidWindow.selector, notBefore, notAfter));
        }
        grantRaw(id, notBefore, notAfter, 1);
        if (valid) {
            IAccessLedger.Request memory q = ledger.request(id);
            assertEq(q.notBefore, notBefore, "notBefore");
            assertEq(q.notAfter, notAfter, "notAfter");
        }
    }

    function testFuzz_getAccessAndExpire_followTheWindow(uint256 notBefore, uint256 notAfter, uint256 at)
        public
    {
        notAfter = bound(notAfter, T0, HORIZON);
        notBefore = bound(notBefore, 0, notAfter);
        // Two thirds of the runs land within two seconds of an edge, where off-by-ones live.
        uint256 mode = at % 3;
        if (mode == 0) {
            at = bound(at, 0, HORIZON);
        } else {
            uint256 edge = (mode == 1 ? notBefore : notAfter) + (at >> 2) % 5;
            at = edge < 2 ? 0 : edge - 2;
        }
        uint64 id = requestAs(requester, recordId, 0);
        grantRaw(id, uint64(notBefore), uint64(notAfter), 1);
        vm.warp(at);

        (bool live, bytes4 err) = ledger.checkGrant(id);
        bytes memory expected;
        if (at > notAfter) {
            expected = abi.encodeWithSelector(IAccessLedger.GrantExpired.selector, id, notAfter);
        } else if (at < notBefore) {
            expected = abi.encodeWithSelector(IAccessLedger.GrantNotYetValid.selector, id, notBefore);
        }
        assertEq(live, expected.length == 0, "checkGrant live");
        if (expected.length != 0) {
            assertEq(bytes32(err), bytes32(bytes4(expected)), "checkGrant error");
            vm.expectRevert(expected);
        }
        vm.prank(requester);
        ledger.getAccess(id);

        if (at <= notAfter) {
            vm.expectRevert(abi.encodeWithSelector(IAccessLedger.GrantStillValid.selector, id, notAfter));
        }
        ledger.expire(id);
        if (at > notAfter) {
            assertEq(
                uint256(ledger.request(id).status), uint256(IAccessLedger.RequestStatus.Expired), "expired"
            );
        }
    }

    function testFuzz_requestAndGrant_operationBits(uint8 operation, uint8 operations) public {
        if (operation >= 8) {
            vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidOperation.selector, operation));
            requestAs(requester, recordId, operation);
            return;
        }
        uint64 id = requestAs(requester, recordId, operation);
        bool allowed = operations & (uint8(1) << operation) != 0;
        if (!allowed) {
            vm.expectRevert(
                abi.encodeWithSelector(IAccessLedger.OperationNotAllowed.selector, operation, operations)
            );
        }
        grantRaw(id, uint64(T0), uint64(T0 + 1 hours), operations);
        if (allowed) {
            assertEq(ledger.request(id).operations, operations, "operations stored");
            vm.prank(requester);
            ledger.getAccess(id);
        }
    }

    function testFuzz_grantAccess_commitmentBinding(bytes32 rekeyHash, bytes calldata rekeyRef, uint8 updates)
        public
    {
        vm.assume(rekeyHash != bytes32(0) && rekeyRef.length != 0);
        updates = uint8(bound(updates, 0, 3));
        for (uint256 i; i < updates; ++i) {
            updateRecordAs(providerKey, recordId, inputFor(100 + i));
        }
        uint64 id = requestAs(requester, recordId, 0);
        vm.prank(patient);
        ledger.grantAccess(id, uint64(T0), uint64(T0 + 1), 1, rekeyHash, rekeyRef);
        IAccessLedger.Request memory q = ledger.request(id);
        assertEq(q.version, 1 + updates, "grant binds the current version");
        assertEq(
            q.rekeyCommitment,
            keccak256(abi.encode(rekeyHash, requester, recordId, uint32(1 + updates))),
            "commitment"
        );
    }

    function testFuzz_reject_reasonRange(uint8 reason) public {
        uint64 id = requestAs(requester, recordId, 0);
        grant(id, 1 hours);
        vm.prank(requester);
        uint64 accessId = ledger.getAccess(id);
        bool valid = reason >= 1 && reason <= Reasons.MAX;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidReason.selector, reason));
        vm.prank(oracle);
        ledger.reject(accessId, reason);
        assertEq(ledger.access(accessId).reason, valid ? reason : 0, "reason stored");
    }

    function testFuzz_fulfil_nonEmptyResult(bytes32 resultHash, bytes calldata resultRef) public {
        uint64 id = requestAs(requester, recordId, 0);
        grant(id, 1 hours);
        vm.prank(requester);
        uint64 accessId = ledger.getAccess(id);
        bool valid = resultHash != bytes32(0) && resultRef.length != 0;
        if (!valid) vm.expectRevert(IAccessLedger.EmptyField.selector);
        vm.prank(oracle);
        ledger.fulfil(accessId, resultHash, resultRef);
        assertEq(
            uint256(ledger.access(accessId).status),
            uint256(valid ? IAccessLedger.AccessStatus.Fulfilled : IAccessLedger.AccessStatus.Pending),
            "status"
        );
    }
}
