// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeRegistry} from "../src/interfaces/IAttributeRegistry.sol";
import {IRegistry} from "../src/interfaces/IRegistry.sol";
import {PolicyProgram} from "../src/libraries/PolicyProgram.sol";
import {Fixture} from "./lib/Fixture.sol";

contract AttributeRegistryTest is Fixture {
    address internal authority2;
    bytes32 internal insurer;
    bytes32 internal hospital;
    bytes32 internal cardio;

    function setUp() public override {
        super.setUp();
        authority2 = makeAddr("authority2");
        enroll(authority2, IRegistry.Role.AttributeAuthority);
        vm.prank(admin);
        attributes.registerAuthority(authority2, "insurer-co");
        insurer = defineAs(authority, "role:insurer");
        hospital = defineAs(authority, "org:hospital-a");
        cardio = defineAs(authority, "dept:cardiology");
    }

    /// @dev The id of `name` in `namespace`: keccak256 of the full name.
    function idOf(string memory namespace, string memory name) internal pure returns (bytes32) {
        return keccak256(bytes(string.concat(namespace, "/", name)));
    }

    function defineAs(address by, string memory name) internal returns (bytes32) {
        vm.prank(by);
        return attributes.defineAttribute(name);
    }

    function ids(bytes32 a) internal pure returns (bytes32[] memory list) {
        list = new bytes32[](1);
        list[0] = a;
    }

    function ids(bytes32 a, bytes32 b) internal pure returns (bytes32[] memory list) {
        list = new bytes32[](2);
        list[0] = a;
        list[1] = b;
    }

    function ids(bytes32 a, bytes32 b, bytes32 c) internal pure returns (bytes32[] memory list) {
        list = new bytes32[](3);
        list[0] = a;
        list[1] = b;
        list[2] = c;
    }

    function assign(address holder, bytes32[] memory list) internal {
        vm.prank(authority);
        attributes.assignAttributes(holder, list);
    }

    function expectedHash(address holder, bytes32[] memory list) internal pure returns (bytes32 h) {
        for (uint256 i; i < list.length; ++i) {
            h ^= keccak256(abi.encode(holder, list[i]));
        }
    }

    function expectInvalidName(string memory name) internal {
        vm.expectRevert(IAttributeRegistry.InvalidName.selector);
        vm.prank(authority);
        attributes.defineAttribute(name);
    }

    function test_constructor_storesRegistry() public view {
        assertEq(address(attributes.registry()), address(registry), "registry");
    }

    // -------------------------------------------------------- defineAttribute

    function test_defineAttribute_storesAndEmits() public {
        bytes32 id = idOf("insurer-co", "role:auditor");
        vm.expectEmit(true, true, false, true, address(attributes));
        emit IAttributeRegistry.AttributeDefined(id, authority2, "insurer-co/role:auditor");
        assertEq(defineAs(authority2, "role:auditor"), id, "returned id");
        assertEq(attributes.authorityOf(id), authority2, "authorityOf");
        assertEq(attributes.nameOf(id), "insurer-co/role:auditor", "nameOf");
    }

    function test_defineAttribute_acceptsFullAlphabetAndMaxLength() public {
        defineAs(authority, "a_b.c-9:z");
        // 64 bytes exactly.
        defineAs(authority, "kind:0123456789012345678901234567890123456789012345678901234567x");
        assertEq(
            attributes.authorityOf(
                idOf(NAMESPACE, "kind:0123456789012345678901234567890123456789012345678901234567x")
            ),
            authority,
            "64-byte name"
        );
    }

    function test_defineAttribute_revertsForNonAuthority() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NotAuthority.selector, requester));
        vm.prank(requester);
        attributes.defineAttribute("role:x");
    }

    function test_defineAttribute_revertsForSuspendedAuthority() public {
        suspend(authority);
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NotAuthority.selector, authority));
        vm.prank(authority);
        attributes.defineAttribute("role:x");
    }

    function test_defineAttribute_revertsOnEmptyName() public {
        expectInvalidName("");
    }

    function test_defineAttribute_revertsOnNameOver64Bytes() public {
        expectInvalidName("kind:0123456789012345678901234567890123456789012345678901234567xy");
    }

    function test_defineAttribute_revertsWithoutColon() public {
        expectInvalidName("insurer");
    }

    function test_defineAttribute_revertsOnTwoColons() public {
        expectInvalidName("role:in:surer");
    }

    function test_defineAttribute_revertsOnEmptyKind() public {
        expectInvalidName(":insurer");
    }

    function test_defineAttribute_revertsOnEmptyValue() public {
        expectInvalidName("role:");
    }

    function test_defineAttribute_revertsOnUpperCase() public {
        expectInvalidName("role:Insurer");
    }

    function test_defineAttribute_revertsOnSpaceAndPolicySyntax() public {
        expectInvalidName("role:a b");
        expectInvalidName("role:a(b)");
        expectInvalidName("role:a,b");
    }

    function test_defineAttribute_revertsWhenDefinedTwice() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.AttributeExists.selector, insurer));
        defineAs(authority, "role:insurer");
    }

    /// @dev The same name in another namespace is another attribute: the second authority cannot
    /// claim, assign or revoke the first one's.
    function test_defineAttribute_sameNameInAnotherNamespaceIsAnotherAttribute() public {
        bytes32 theirs = defineAs(authority2, "role:insurer");
        assertEq(theirs, idOf("insurer-co", "role:insurer"), "namespaced id");
        assertNotEq(theirs, insurer, "not hospital-a's attribute");
        assertEq(attributes.authorityOf(insurer), authority, "hospital-a keeps its attribute");
        vm.expectRevert(
            abi.encodeWithSelector(IAttributeRegistry.NotAttributeAuthority.selector, insurer, authority)
        );
        vm.prank(authority2);
        attributes.assignAttributes(requester, ids(insurer));
    }

    function test_defineAttribute_revertsWithoutNamespace() public {
        address authority3 = makeAddr("authority3");
        enroll(authority3, IRegistry.Role.AttributeAuthority);
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NoNamespace.selector, authority3));
        defineAs(authority3, "role:x");
    }

    function test_defineAttribute_refusesANamespaceInTheName() public {
        // "/" is outside the name alphabet, so no name can reach into another namespace.
        expectInvalidName("insurer-co/role:x");
    }

    // ------------------------------------------------------ registerAuthority

    function test_registerAuthority_byAdminEmits() public {
        address authority3 = makeAddr("authority3");
        enroll(authority3, IRegistry.Role.AttributeAuthority);
        vm.expectEmit(true, true, false, true, address(attributes));
        emit IAttributeRegistry.AuthorityRegistered(authority3, admin, "lab.z_9");
        vm.prank(admin);
        attributes.registerAuthority(authority3, "lab.z_9");
        assertEq(attributes.namespaceOf(authority3), "lab.z_9", "namespaceOf");
        assertEq(defineAs(authority3, "kit:a"), idOf("lab.z_9", "kit:a"), "defines in it");
    }

    function test_registerAuthority_revertsForRegistrar() public {
        address authority3 = makeAddr("authority3");
        enroll(authority3, IRegistry.Role.AttributeAuthority);
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NotAdmin.selector, registrar));
        vm.prank(registrar);
        attributes.registerAuthority(authority3, "lab");
    }

    function test_registerAuthority_revertsForNonAuthority() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.AuthorityNotActive.selector, requester));
        vm.prank(admin);
        attributes.registerAuthority(requester, "lab");
    }

    function test_registerAuthority_revertsForSuspendedAuthority() public {
        address authority3 = makeAddr("authority3");
        enroll(authority3, IRegistry.Role.AttributeAuthority);
        suspend(authority3);
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.AuthorityNotActive.selector, authority3));
        vm.prank(admin);
        attributes.registerAuthority(authority3, "lab");
    }

    function test_registerAuthority_revertsWhenNamespaceTaken() public {
        address authority3 = makeAddr("authority3");
        enroll(authority3, IRegistry.Role.AttributeAuthority);
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NamespaceTaken.selector, NAMESPACE));
        vm.prank(admin);
        attributes.registerAuthority(authority3, NAMESPACE);
    }

    function test_registerAuthority_revertsForSecondNamespace() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.AlreadyNamespaced.selector, authority));
        vm.prank(admin);
        attributes.registerAuthority(authority, "another");
    }

    function test_registerAuthority_revertsOnInvalidNamespace() public {
        address authority3 = makeAddr("authority3");
        enroll(authority3, IRegistry.Role.AttributeAuthority);
        string[5] memory bad = ["", "a/b", "a:b", "Upper", "012345678901234567890123456789012"];
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(IAttributeRegistry.InvalidNamespace.selector);
            vm.prank(admin);
            attributes.registerAuthority(authority3, bad[i]);
        }
    }

    // ------------------------------------------------------- assignAttributes

    function test_assignAttributes_storesAndEmits() public {
        bytes32[] memory list = ids(insurer, hospital);
        vm.expectEmit(true, true, false, true, address(attributes));
        emit IAttributeRegistry.AttributesAssigned(requester, authority, list);
        assign(requester, list);
        assertEq(attributes.attributesOf(requester), list, "attributesOf");
        assertTrue(attributes.hasAttribute(requester, insurer), "insurer");
        assertTrue(attributes.hasAttribute(requester, hospital), "hospital");
        assertFalse(attributes.hasAttribute(requester, cardio), "cardio");
        assertEq(attributes.attributesHash(requester), expectedHash(requester, list), "hash");
    }

    function test_assignAttributes_toProvider() public {
        assign(provider, ids(cardio));
        assertTrue(attributes.hasAttribute(provider, cardio), "provider holds");
    }

    function test_assignAttributes_revertsOnEmptyList() public {
        vm.expectRevert(IAttributeRegistry.EmptyList.selector);
        assign(requester, new bytes32[](0));
    }

    function test_assignAttributes_revertsForNonAuthority() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NotAuthority.selector, patient));
        vm.prank(patient);
        attributes.assignAttributes(requester, ids(insurer));
    }

    function test_assignAttributes_revertsForPatientHolder() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.HolderNotActive.selector, patient));
        assign(patient, ids(insurer));
    }

    function test_assignAttributes_revertsForSuspendedHolder() public {
        suspend(requester);
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.HolderNotActive.selector, requester));
        assign(requester, ids(insurer));
    }

    function test_assignAttributes_revertsForUnenrolledHolder() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.HolderNotActive.selector, stranger));
        assign(stranger, ids(insurer));
    }

    function test_assignAttributes_revertsForUnknownAttribute() public {
        bytes32 unknown = idOf(NAMESPACE, "role:ghost");
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.UnknownAttribute.selector, unknown));
        assign(requester, ids(unknown));
    }

    function test_assignAttributes_revertsForForeignAttribute() public {
        bytes32 auditor = defineAs(authority2, "role:auditor");
        vm.expectRevert(
            abi.encodeWithSelector(IAttributeRegistry.NotAttributeAuthority.selector, auditor, authority2)
        );
        assign(requester, ids(insurer, auditor));
    }

    function test_assignAttributes_revertsWhenAlreadyAssigned() public {
        assign(requester, ids(insurer));
        vm.expectRevert(
            abi.encodeWithSelector(IAttributeRegistry.AlreadyAssigned.selector, requester, insurer)
        );
        assign(requester, ids(hospital, insurer));
        assertFalse(attributes.hasAttribute(requester, hospital), "batch rolled back");
    }

    function test_assignAttributes_revertsOnDuplicateInBatch() public {
        vm.expectRevert(
            abi.encodeWithSelector(IAttributeRegistry.AlreadyAssigned.selector, requester, insurer)
        );
        assign(requester, ids(insurer, insurer));
    }

    // ------------------------------------------------------- revokeAttributes

    function test_revokeAttributes_swapsAndPopsAndEmits() public {
        assign(requester, ids(insurer, hospital, cardio));
        vm.expectEmit(true, true, false, true, address(attributes));
        emit IAttributeRegistry.AttributesRevoked(requester, authority, ids(insurer), 1);
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(insurer));

        // The last id moved into the freed slot.
        assertEq(attributes.attributesOf(requester), ids(cardio, hospital), "attributesOf");
        assertFalse(attributes.hasAttribute(requester, insurer), "insurer gone");
        assertEq(attributes.revisionOf(requester), 1, "revision bumped");
        assertEq(attributes.attributesHash(requester), expectedHash(requester, ids(hospital, cardio)), "hash");

        // Positions stay consistent: revoking the moved id and re-assigning works.
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(cardio, hospital));
        assertEq(attributes.attributesOf(requester).length, 0, "empty");
        assertEq(attributes.attributesHash(requester), bytes32(0), "empty hash");
        assign(requester, ids(cardio));
        assertEq(attributes.attributesOf(requester), ids(cardio), "re-assigned");
    }

    function test_revokeAttributes_lastElement() public {
        assign(requester, ids(insurer, hospital));
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(hospital));
        assertEq(attributes.attributesOf(requester), ids(insurer), "attributesOf");
        assertTrue(attributes.hasAttribute(requester, insurer), "insurer kept");
    }

    function test_revokeAttributes_fromRemovedHolder() public {
        assign(requester, ids(insurer));
        remove(requester);
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(insurer));
        assertFalse(attributes.hasAttribute(requester, insurer), "revoked");
    }

    function test_revokeAttributes_revertsOnEmptyList() public {
        vm.expectRevert(IAttributeRegistry.EmptyList.selector);
        vm.prank(authority);
        attributes.revokeAttributes(requester, new bytes32[](0));
    }

    function test_revokeAttributes_revertsForNonAuthority() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NotAuthority.selector, requester));
        vm.prank(requester);
        attributes.revokeAttributes(requester, ids(insurer));
    }

    function test_revokeAttributes_revertsWhenNotAssigned() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NotAssigned.selector, requester, insurer));
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(insurer));
    }

    function test_revokeAttributes_revertsForUnknownAttribute() public {
        bytes32 unknown = idOf(NAMESPACE, "role:ghost");
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.UnknownAttribute.selector, unknown));
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(unknown));
    }

    function test_revokeAttributes_revertsForForeignAttribute() public {
        assign(requester, ids(insurer));
        vm.expectRevert(
            abi.encodeWithSelector(IAttributeRegistry.NotAttributeAuthority.selector, insurer, authority)
        );
        vm.prank(authority2);
        attributes.revokeAttributes(requester, ids(insurer));
    }

    // --------------------------------------------------------------- revision

    function test_revisionOf_countsRevocationsNotAssignments() public {
        assertEq(attributes.revisionOf(requester), 0, "fresh");
        assign(requester, ids(insurer, hospital));
        assertEq(attributes.revisionOf(requester), 0, "assigning never invalidates a read");
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(insurer, hospital));
        assertEq(attributes.revisionOf(requester), 1, "one batch, one revision");
        assign(requester, ids(insurer));
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(insurer));
        assertEq(attributes.revisionOf(requester), 2, "second revocation");
        assertEq(attributes.revisionOf(requester2), 0, "per holder");
    }

    // -------------------------------------------------------------- satisfies

    function test_satisfies_evaluatesAgainstCurrentAttributes() public {
        bytes32 auditor = defineAs(authority2, "role:auditor");
        // (insurer AND hospital) OR auditor, across two authorities' namespaces.
        bytes memory program = bytes.concat(
            PolicyProgram.leaf(insurer),
            PolicyProgram.leaf(hospital),
            PolicyProgram.threshold(2, 2),
            PolicyProgram.leaf(auditor),
            PolicyProgram.threshold(1, 2)
        );
        (bool ok, bytes32[] memory used) = attributes.satisfies(requester, program);
        assertFalse(ok, "nothing held");
        assertEq(used.length, 0, "nothing used");

        assign(requester, ids(insurer, hospital, cardio));
        (ok, used) = attributes.satisfies(requester, program);
        assertTrue(ok, "insurer and hospital");
        assertEq(used, ids(insurer, hospital), "the AND branch, not cardio");

        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(hospital));
        (ok,) = attributes.satisfies(requester, program);
        assertFalse(ok, "revocation applies at once");

        vm.prank(authority2);
        attributes.assignAttributes(requester, ids(auditor));
        (ok, used) = attributes.satisfies(requester, program);
        assertTrue(ok, "auditor branch");
        assertEq(used, ids(auditor), "only the auditor attribute");
    }

    function test_satisfies_revertsOnMalformedProgram() public {
        vm.expectRevert(abi.encodeWithSelector(PolicyProgram.InvalidProgram.selector, 0));
        attributes.satisfies(requester, hex"02");
    }

    // ------------------------------------------------------------------ views

    function test_attributesHash_ignoresOrderButNotHolder() public {
        assign(requester, ids(insurer, hospital));
        assign(requester2, ids(hospital, insurer));
        assertEq(
            attributes.attributesHash(requester),
            expectedHash(requester, ids(hospital, insurer)),
            "order-independent"
        );
        assertNotEq(
            attributes.attributesHash(requester), attributes.attributesHash(requester2), "bound to the holder"
        );
    }

    function test_views_unknownAreEmpty() public view {
        bytes32 unknown = idOf(NAMESPACE, "role:ghost");
        assertEq(attributes.authorityOf(unknown), address(0), "authorityOf");
        assertEq(attributes.nameOf(unknown), "", "nameOf");
        assertEq(attributes.attributesOf(requester).length, 0, "attributesOf");
        assertEq(attributes.attributesHash(requester), bytes32(0), "attributesHash");
        assertEq(attributes.namespaceOf(stranger), "", "namespaceOf");
        assertEq(attributes.revisionOf(requester), 0, "revisionOf");
    }
}
