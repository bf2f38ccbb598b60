// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Registry} from "../src/Registry.sol";
import {IRegistry} from "../src/interfaces/IRegistry.sol";
import {Fixture} from "./lib/Fixture.sol";

contract RegistryTest is Fixture {
    address internal newcomer;

    function setUp() public override {
        super.setUp();
        newcomer = makeAddr("newcomer");
    }

    // ------------------------------------------------------------ constructor

    function test_constructor_setsAdminAndEmits() public {
        vm.expectEmit(true, true, false, true);
        emit IRegistry.AdminTransferred(address(0), admin);
        Registry r = new Registry(admin);
        assertEq(r.admin(), admin, "admin");
        assertEq(r.pendingAdmin(), address(0), "pendingAdmin");
        assertFalse(r.isRegistrar(admin), "admin is not listed as registrar");
    }

    function test_constructor_revertsOnZeroAdmin() public {
        vm.expectRevert(IRegistry.ZeroAddress.selector);
        new Registry(address(0));
    }

    // ----------------------------------------------------------------- enroll

    function test_enroll_byRegistrar_storesParticipantAndEmits() public {
        vm.warp(T0 + 123);
        bytes memory preKey = preKeyOf(newcomer);
        vm.expectEmit(true, true, true, true, address(registry));
        emit IRegistry.ParticipantEnrolled(
            newcomer, IRegistry.Role.Requester, ORG, registrar, bytes32("meta"), bytes32("x25519"), preKey
        );
        vm.prank(registrar);
        registry.enroll(newcomer, IRegistry.Role.Requester, ORG, bytes32("meta"), bytes32("x25519"), preKey);

        IRegistry.Participant memory p = registry.participant(newcomer);
        assertEq(uint256(p.role), uint256(IRegistry.Role.Requester), "role");
        assertEq(uint256(p.status), uint256(IRegistry.Status.Active), "status");
        assertEq(p.enrolledAt, T0 + 123, "enrolledAt");
        assertEq(p.org, ORG, "org");
        assertEq(p.metadataHash, bytes32("meta"), "metadataHash");
        assertEq(p.transportKey, bytes32("x25519"), "transportKey");
        assertEq(p.preKey, preKey, "preKey");
        assertTrue(registry.isActive(newcomer, IRegistry.Role.Requester), "isActive");
    }

    function test_enroll_byAdmin_withEmptyPreKey() public {
        vm.prank(admin);
        registry.enroll(newcomer, IRegistry.Role.Oracle, ORG, bytes32(0), bytes32(0), "");
        assertEq(registry.participant(newcomer).preKey.length, 0, "empty preKey kept");
        assertTrue(registry.isActive(newcomer, IRegistry.Role.Oracle), "isActive");
    }

    /// @notice Oracles, proxies and attribute authorities hold keys every patient relies on:
    /// a registrar may not enrol them, the admin may.
    function test_enroll_oracleNeedsAdmin() public {
        _checkAdminOnly(IRegistry.Role.Oracle);
    }

    function test_enroll_attributeAuthorityNeedsAdmin() public {
        _checkAdminOnly(IRegistry.Role.AttributeAuthority);
    }

    function test_enroll_proxyNeedsAdmin() public {
        _checkAdminOnly(IRegistry.Role.Proxy);
    }

    function _checkAdminOnly(IRegistry.Role role) internal {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.RoleNeedsAdmin.selector, role));
        vm.prank(registrar);
        registry.enroll(newcomer, role, ORG, bytes32("meta"), bytes32("x25519"), "");
        assertEq(uint256(registry.participant(newcomer).status), 0, "not enrolled by the registrar");

        vm.expectEmit(true, true, true, true, address(registry));
        emit IRegistry.ParticipantEnrolled(newcomer, role, ORG, admin, bytes32("meta"), bytes32("x25519"), "");
        vm.prank(admin);
        registry.enroll(newcomer, role, ORG, bytes32("meta"), bytes32("x25519"), "");
        assertTrue(registry.isActive(newcomer, role), "enrolled by the admin");
    }

    /// @notice The new role is appended: every earlier role keeps its ABI number.
    function test_roles_keepTheirNumbers() public pure {
        assertEq(uint256(IRegistry.Role.Patient), 1, "Patient");
        assertEq(uint256(IRegistry.Role.Provider), 2, "Provider");
        assertEq(uint256(IRegistry.Role.Requester), 3, "Requester");
        assertEq(uint256(IRegistry.Role.Oracle), 4, "Oracle");
        assertEq(uint256(IRegistry.Role.AttributeAuthority), 5, "AttributeAuthority");
        assertEq(uint256(IRegistry.Role.Proxy), 6, "Proxy");
    }

    function test_enroll_revertsForNonRegistrar() public {
        vm.expectRevert(IRegistry.NotRegistrar.selector);
        vm.prank(stranger);
        registry.enroll(newcomer, IRegistry.Role.Patient, 0, 0, 0, "");
    }

    function test_enroll_revertsForParticipantThatIsNotRegistrar() public {
        vm.expectRevert(IRegistry.NotRegistrar.selector);
        vm.prank(patient);
        registry.enroll(newcomer, IRegistry.Role.Patient, 0, 0, 0, "");
    }

    function test_enroll_revertsOnZeroAccount() public {
        vm.expectRevert(IRegistry.ZeroAddress.selector);
        vm.prank(registrar);
        registry.enroll(address(0), IRegistry.Role.Patient, 0, 0, 0, "");
    }

    function test_enroll_revertsOnRoleNone() public {
        vm.expectRevert(IRegistry.InvalidRole.selector);
        vm.prank(registrar);
        registry.enroll(newcomer, IRegistry.Role.None, 0, 0, 0, "");
    }

    function test_enroll_revertsOnOutOfRangeRole() public {
        // The ABI decoder refuses a value past the enum's last member before the function body
        // runs, for the admin too (who passes every check in the body).
        uint256 outOfRange = uint256(type(IRegistry.Role).max) + 1;
        assertEq(outOfRange, 7, "Role has seven members");
        bytes memory data = abi.encodeWithSelector(
            IRegistry.enroll.selector, newcomer, outOfRange, bytes32(0), bytes32(0), bytes32(0), ""
        );
        vm.prank(admin);
        (bool ok, bytes memory ret) = address(registry).call(data);
        assertFalse(ok, "role 7 accepted");
        assertEq(ret.length, 0, "decoder revert carries no data");
        assertEq(uint256(registry.participant(newcomer).status), uint256(IRegistry.Status.None), "status");
    }

    function test_enroll_revertsWhenAlreadyEnrolled() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.AlreadyEnrolled.selector, patient));
        vm.prank(registrar);
        registry.enroll(patient, IRegistry.Role.Provider, ORG, 0, 0, "");
    }

    function test_enroll_revertsForSuspendedAccount() public {
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.AlreadyEnrolled.selector, patient));
        vm.prank(registrar);
        registry.enroll(patient, IRegistry.Role.Patient, 0, 0, 0, "");
    }

    function test_enroll_removalIsFinal() public {
        remove(patient);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.AlreadyEnrolled.selector, patient));
        vm.prank(admin);
        registry.enroll(patient, IRegistry.Role.Patient, 0, 0, 0, "");
    }

    function test_enroll_revertsOnBadPreKeyLength() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.InvalidPreKey.selector, PRE_KEY_LENGTH - 1));
        vm.prank(registrar);
        registry.enroll(newcomer, IRegistry.Role.Patient, 0, 0, 0, new bytes(PRE_KEY_LENGTH - 1));
    }

    // ---------------------------------------------------------------- suspend

    function test_suspend_deactivatesAndEmits() public {
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.ParticipantSuspended(requester, registrar);
        suspend(requester);
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(requester);
        assertEq(uint256(role), uint256(IRegistry.Role.Requester), "role kept");
        assertEq(uint256(status), uint256(IRegistry.Status.Suspended), "status");
        assertFalse(registry.isActive(requester, IRegistry.Role.Requester), "still active");
    }

    function test_suspend_revertsForNonRegistrar() public {
        vm.expectRevert(IRegistry.NotRegistrar.selector);
        vm.prank(stranger);
        registry.suspend(requester);
    }

    function test_suspend_revertsForUnknownAccount() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotEnrolled.selector, newcomer));
        vm.prank(registrar);
        registry.suspend(newcomer);
    }

    function test_suspend_revertsForRemovedAccount() public {
        remove(requester);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotEnrolled.selector, requester));
        vm.prank(registrar);
        registry.suspend(requester);
    }

    function test_suspend_revertsWhenAlreadySuspended() public {
        suspend(requester);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.AlreadySuspended.selector, requester));
        vm.prank(registrar);
        registry.suspend(requester);
    }

    // -------------------------------------------------------------- reinstate

    function test_reinstate_reactivatesAndEmits() public {
        suspend(requester);
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.ParticipantReinstated(requester, admin);
        vm.prank(admin);
        registry.reinstate(requester);
        assertTrue(registry.isActive(requester, IRegistry.Role.Requester), "not active");
    }

    function test_reinstate_revertsForNonRegistrar() public {
        suspend(requester);
        vm.expectRevert(IRegistry.NotRegistrar.selector);
        vm.prank(requester);
        registry.reinstate(requester);
    }

    function test_reinstate_revertsWhenActive() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotSuspended.selector, requester));
        vm.prank(registrar);
        registry.reinstate(requester);
    }

    function test_reinstate_revertsForUnknownAccount() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotSuspended.selector, newcomer));
        vm.prank(registrar);
        registry.reinstate(newcomer);
    }

    function test_reinstate_revertsForRemovedAccount() public {
        suspend(requester);
        remove(requester);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotSuspended.selector, requester));
        vm.prank(registrar);
        registry.reinstate(requester);
    }

    // ----------------------------------------------------------------- remove

    function test_remove_fromActiveEmits() public {
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.ParticipantRemoved(requester, registrar);
        remove(requester);
        (, IRegistry.Status status) = registry.roleOf(requester);
        assertEq(uint256(status), uint256(IRegistry.Status.Removed), "status");
    }

    function test_remove_fromSuspended() public {
        suspend(requester);
        remove(requester);
        (, IRegistry.Status status) = registry.roleOf(requester);
        assertEq(uint256(status), uint256(IRegistry.Status.Removed), "status");
    }

    function test_remove_revertsForNonRegistrar() public {
        vm.expectRevert(IRegistry.NotRegistrar.selector);
        vm.prank(stranger);
        registry.remove(requester);
    }

    function test_remove_revertsForUnknownAccount() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotEnrolled.selector, newcomer));
        vm.prank(registrar);
        registry.remove(newcomer);
    }

    function test_remove_revertsWhenAlreadyRemoved() public {
        remove(requester);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotEnrolled.selector, requester));
        vm.prank(registrar);
        registry.remove(requester);
    }

    // ------------------------------------------------------------- rotateKeys

    function test_rotateKeys_replacesKeysAndEmits() public {
        bytes memory preKey = preKeyOf(stranger);
        vm.expectEmit(true, false, false, true, address(registry));
        emit IRegistry.KeysRotated(patient, bytes32("new"), preKey);
        vm.prank(patient);
        registry.rotateKeys(bytes32("new"), preKey);
        IRegistry.Participant memory p = registry.participant(patient);
        assertEq(p.transportKey, bytes32("new"), "transportKey");
        assertEq(p.preKey, preKey, "preKey");
        assertEq(p.metadataHash, keccak256(abi.encode("meta", patient)), "metadata untouched");
    }

    function test_rotateKeys_allowedWhileSuspended() public {
        suspend(patient);
        vm.prank(patient);
        registry.rotateKeys(bytes32("new"), "");
        assertEq(registry.participant(patient).preKey.length, 0, "preKey cleared");
    }

    function test_rotateKeys_revertsForUnknownCaller() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotEnrolled.selector, stranger));
        vm.prank(stranger);
        registry.rotateKeys(bytes32("new"), "");
    }

    function test_rotateKeys_revertsForRemovedCaller() public {
        remove(patient);
        vm.expectRevert(abi.encodeWithSelector(IRegistry.NotEnrolled.selector, patient));
        vm.prank(patient);
        registry.rotateKeys(bytes32("new"), "");
    }

    function test_rotateKeys_revertsOnBadPreKeyLength() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.InvalidPreKey.selector, PRE_KEY_LENGTH + 1));
        vm.prank(patient);
        registry.rotateKeys(bytes32("new"), new bytes(PRE_KEY_LENGTH + 1));
    }

    // ------------------------------------------------------------- registrars

    function test_addRegistrar_grantsEnrolmentAndEmits() public {
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.RegistrarAdded(newcomer, admin);
        vm.prank(admin);
        registry.addRegistrar(newcomer);
        assertTrue(registry.isRegistrar(newcomer), "isRegistrar");
        vm.prank(newcomer);
        registry.enroll(stranger, IRegistry.Role.Patient, 0, 0, 0, "");
        assertTrue(registry.isActive(stranger, IRegistry.Role.Patient), "enrolled by new registrar");
    }

    function test_addRegistrar_revertsForRegistrar() public {
        vm.expectRevert(IRegistry.NotAdmin.selector);
        vm.prank(registrar);
        registry.addRegistrar(newcomer);
    }

    function test_addRegistrar_revertsOnZeroAddress() public {
        vm.expectRevert(IRegistry.ZeroAddress.selector);
        vm.prank(admin);
        registry.addRegistrar(address(0));
    }

    function test_addRegistrar_revertsWhenAlreadyRegistrar() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.AlreadyRegistrar.selector, registrar));
        vm.prank(admin);
        registry.addRegistrar(registrar);
    }

    function test_removeRegistrar_revokesEnrolmentAndEmits() public {
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.RegistrarRemoved(registrar, admin);
        vm.prank(admin);
        registry.removeRegistrar(registrar);
        assertFalse(registry.isRegistrar(registrar), "isRegistrar");
        vm.expectRevert(IRegistry.NotRegistrar.selector);
        vm.prank(registrar);
        registry.suspend(patient);
    }

    function test_removeRegistrar_revertsForNonAdmin() public {
        vm.expectRevert(IRegistry.NotAdmin.selector);
        vm.prank(registrar);
        registry.removeRegistrar(registrar);
    }

    function test_removeRegistrar_revertsForUnknownRegistrar() public {
        vm.expectRevert(abi.encodeWithSelector(IRegistry.UnknownRegistrar.selector, newcomer));
        vm.prank(admin);
        registry.removeRegistrar(newcomer);
    }

    // ------------------------------------------------------------------ admin

    function test_transferAdmin_setsPendingAndEmits() public {
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.AdminTransferStarted(admin, newcomer);
        vm.prank(admin);
        registry.transferAdmin(newcomer);
        assertEq(registry.pendingAdmin(), newcomer, "pendingAdmin");
        assertEq(registry.admin(), admin, "admin unchanged until accepted");
    }

    function test_transferAdmin_revertsForNonAdmin() public {
        vm.expectRevert(IRegistry.NotAdmin.selector);
        vm.prank(registrar);
        registry.transferAdmin(registrar);
    }

    function test_transferAdmin_revertsOnZeroAddress() public {
        vm.expectRevert(IRegistry.ZeroAddress.selector);
        vm.prank(admin);
        registry.transferAdmin(address(0));
    }

    function test_transferAdmin_laterProposalReplacesEarlier() public {
        vm.startPrank(admin);
        registry.transferAdmin(newcomer);
        registry.transferAdmin(stranger);
        vm.stopPrank();
        vm.expectRevert(IRegistry.NotPendingAdmin.selector);
        vm.prank(newcomer);
        registry.acceptAdmin();
    }

    function test_acceptAdmin_movesAdminAndEmits() public {
        vm.prank(admin);
        registry.transferAdmin(newcomer);
        vm.expectEmit(true, true, false, true, address(registry));
        emit IRegistry.AdminTransferred(admin, newcomer);
        vm.prank(newcomer);
        registry.acceptAdmin();
        assertEq(registry.admin(), newcomer, "admin");
        assertEq(registry.pendingAdmin(), address(0), "pending cleared");

        vm.expectRevert(IRegistry.NotAdmin.selector);
        vm.prank(admin);
        registry.addRegistrar(stranger);
        vm.prank(newcomer);
        registry.addRegistrar(stranger);
        assertTrue(registry.isRegistrar(stranger), "new admin acts");
    }

    function test_acceptAdmin_revertsForOthers() public {
        vm.prank(admin);
        registry.transferAdmin(newcomer);
        vm.expectRevert(IRegistry.NotPendingAdmin.selector);
        vm.prank(admin);
        registry.acceptAdmin();
    }

    function test_acceptAdmin_revertsWithoutProposal() public {
        vm.expectRevert(IRegistry.NotPendingAdmin.selector);
        vm.prank(stranger);
        registry.acceptAdmin();
    }

    function test_acceptAdmin_cannotBeRepeated() public {
        vm.prank(admin);
        registry.transferAdmin(newcomer);
        vm.prank(newcomer);
        registry.acceptAdmin();
        vm.expectRevert(IRegistry.NotPendingAdmin.selector);
        vm.prank(newcomer);
        registry.acceptAdmin();
    }

    // ------------------------------------------------------------------ views

    function test_views_unknownAccountIsZero() public view {
        IRegistry.Participant memory p = registry.participant(stranger);
        assertEq(uint256(p.role), 0, "role");
        assertEq(uint256(p.status), 0, "status");
        assertEq(p.enrolledAt, 0, "enrolledAt");
        assertEq(p.preKey.length, 0, "preKey");
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(stranger);
        assertEq(uint256(role), 0, "roleOf role");
        assertEq(uint256(status), 0, "roleOf status");
    }

    function test_isActive_requiresMatchingRole() public view {
        assertTrue(registry.isActive(provider, IRegistry.Role.Provider), "provider");
        assertFalse(registry.isActive(provider, IRegistry.Role.Requester), "provider as requester");
        assertFalse(registry.isActive(provider, IRegistry.Role.None), "provider as none");
        assertFalse(registry.isActive(stranger, IRegistry.Role.None), "unknown as none");
    }
}
