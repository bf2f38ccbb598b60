// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Enrolment inputs and participant lifecycles against a model.
contract RegistryFuzzTest is Fixture {
    function testFuzz_enroll_preKeyLength(uint256 length, address account) public {
        vm.assume(account != address(0) && registry.participant(account).enrolledAt == 0);
        length = bound(length, 0, 200);
        bool valid = length == 0 || length == PRE_KEY_LENGTH;
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IRegistry.InvalidPreKey.selector, length));
        vm.prank(registrar);
        registry.enroll(account, IRegistry.Role.Requester, ORG, 0, 0, new bytes(length));
        assertEq(
            registry.isActive(account, IRegistry.Role.Requester),
            valid,
            "enrolled iff length is 0 or PRE_KEY_LENGTH"
        );
    }

    function testFuzz_enroll_roleRange(uint8 role, address account) public {
        vm.assume(account != address(0) && registry.participant(account).enrolledAt == 0);
        bytes memory data = abi.encodeWithSelector(
            IRegistry.enroll.selector, account, uint256(role), ORG, 0, 0, new bytes(0)
        );
        vm.prank(registrar);
        (bool ok, bytes memory ret) = address(registry).call(data);
        if (role == 0) {
            assertFalse(ok, "Role.None accepted");
            assertEq(ret, abi.encodeWithSelector(IRegistry.InvalidRole.selector), "InvalidRole");
        } else if (role > uint8(type(IRegistry.Role).max)) {
            assertFalse(ok, "out-of-range role accepted");
            assertEq(ret.length, 0, "ABI decoder rejects without data");
        } else if (adminOnly(IRegistry.Role(role))) {
            assertFalse(ok, "registrar enrolled an admin-only role");
            assertEq(
                ret,
                abi.encodeWithSelector(IRegistry.RoleNeedsAdmin.selector, IRegistry.Role(role)),
                "RoleNeedsAdmin"
            );
            vm.prank(admin);
            (ok,) = address(registry).call(data);
            assertTrue(ok, "admin refused an admin-only role");
            (IRegistry.Role stored,) = registry.roleOf(account);
            assertEq(uint256(stored), role, "role stored");
        } else {
            assertTrue(ok, "valid role refused");
            (IRegistry.Role stored,) = registry.roleOf(account);
            assertEq(uint256(stored), role, "role stored");
        }
    }

    /// @dev Drives suspend/reinstate/remove/rotate in any order and checks each outcome against a
    /// three-state model (Active, Suspended, Removed), including the exact revert.
    function testFuzz_lifecycle_matchesModel(uint8[16] calldata ops) public {
        address account = requester;
        IRegistry.Status model = IRegistry.Status.Active;
        for (uint256 i; i < ops.length; ++i) {
            uint8 op = ops[i] % 4;
            bytes memory expected;
            if (op == 0) {
                if (model == IRegistry.Status.Removed) {
                    expected = abi.encodeWithSelector(IRegistry.NotEnrolled.selector, account);
                } else if (model == IRegistry.Status.Suspended) {
                    expected = abi.encodeWithSelector(IRegistry.AlreadySuspended.selector, account);
                } else {
                    model = IRegistry.Status.Suspended;
                }
                if (expected.length != 0) vm.expectRevert(expected);
                vm.prank(registrar);
                registry.suspend(account);
            } else if (op == 1) {
                if (model != IRegistry.Status.Suspended) {
                    expected = abi.encodeWithSelector(IRegistry.NotSuspended.selector, account);
                } else {
                    model = IRegistry.Status.Active;
                }
                if (expected.length != 0) vm.expectRevert(expected);
                vm.prank(registrar);
                registry.reinstate(account);
            } else if (op == 2) {
                if (model == IRegistry.Status.Removed) {
                    expected = abi.encodeWithSelector(IRegistry.NotEnrolled.selector, account);
                } else {
                    model = IRegistry.Status.Removed;
                }
                if (expected.length != 0) vm.expectRevert(expected);
                vm.prank(registrar);
                registry.remove(account);
            } else {
                if (model == IRegistry.Status.Removed) {
                    vm.expectRevert(abi.encodeWithSelector(IRegistry.NotEnrolled.selector, account));
                }
                vm.prank(account);
                registry.rotateKeys(bytes32(i), "");
            }
            (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(account);
            assertEq(uint256(status), uint256(model), "status follows the model");
            assertEq(uint256(role), uint256(IRegistry.Role.Requester), "role never changes");
            assertEq(
                registry.isActive(account, IRegistry.Role.Requester),
                model == IRegistry.Status.Active,
                "isActive iff Active"
            );
        }
    }

    function testFuzz_onlyRegistrarsEnrol(address caller, address account) public {
        vm.assume(caller != admin && caller != registrar && account != address(0));
        vm.expectRevert(IRegistry.NotRegistrar.selector);
        vm.prank(caller);
        registry.enroll(account, IRegistry.Role.Patient, 0, 0, 0, "");
    }

    function testFuzz_onlyAdminManagesRegistrars(address caller, address candidate) public {
        vm.assume(caller != admin && candidate != address(0));
        vm.expectRevert(IRegistry.NotAdmin.selector);
        vm.prank(caller);
        registry.addRegistrar(candidate);
        vm.expectRevert(IRegistry.NotAdmin.selector);
        vm.prank(caller);
        registry.transferAdmin(candidate);
    }
}
