// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeRegistry} from "../src/interfaces/IAttributeRegistry.sol";
import {IRegistry} from "../src/interfaces/IRegistry.sol";
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
        insurer = defineAs(authority, "role:insurer");
        hospital = defineAs(authority, "org:hospital-a");
        cardio = defineAs(authority, "dept:cardiology");
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
        bytes32 id = keccak256("role:auditor");
        vm.expectEmit(true, true, false, true, address(attributes));
        emit IAttributeRegistry.AttributeDefined(id, authority2, "role:auditor");
        assertEq(defineAs(authority2, "role:auditor"), id, "returned id");
        assertEq(attributes.authorityOf(id), authority2, "authorityOf");
        assertEq(attributes.nameOf(id), "role:auditor", "nameOf");
    }

    function test_defineAttribute_acceptsFullAlphabetAndMaxLength() public {
        defineAs(authority, "a_b.c-9:z");
        // 64 bytes exactly.
        defineAs(authority, "kind:0123456789012345678901234567890123456789012345678901234567x");
        assertEq(
            attributes.authorityOf(
                keccak256("kind:0123456789012345678901234567890123456789012345678901234567x")
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

    function test_defineAttribute_revertsWhenDefinedByAnyone() public {
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.AttributeExists.selector, insurer));
        defineAs(authority, "role:insurer");
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.AttributeExists.selector, insurer));
        defineAs(authority2, "role:insurer");
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
        bytes32 unknown = keccak256("role:ghost");
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
        emit IAttributeRegistry.AttributesRevoked(requester, authority, ids(insurer));
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids(insurer));

        // The last id moved into the freed slot.
        assertEq(attributes.attributesOf(requester), ids(cardio, hospital), "attributesOf");
        assertFalse(attributes.hasAttribute(requester, insurer), "insurer gone");
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
        bytes32 unknown = keccak256("role:ghost");
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
        bytes32 unknown = keccak256("role:ghost");
        assertEq(attributes.authorityOf(unknown), address(0), "authorityOf");
        assertEq(attributes.nameOf(unknown), "", "nameOf");
        assertEq(attributes.attributesOf(requester).length, 0, "attributesOf");
        assertEq(attributes.attributesHash(requester), bytes32(0), "attributesHash");
    }
}
