// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeRegistry} from "../../src/interfaces/IAttributeRegistry.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @title AttributeNamespacesFindingTest
/// @notice Security-review finding (fixed) against AttributeRegistry: any authority could define any attribute; these tests guard the fix.
/// @dev `defineAttribute` was first come, first served across all authorities, so any authority
/// could claim `org:hospital-a` before the hospital did, and then assign it to whomever it liked.
/// Attributes now live in the namespace the admin registered for their authority.
contract AttributeNamespacesFindingTest is Fixture {
    address internal rogue;

    function setUp() public override {
        super.setUp();
        rogue = makeAddr("rogue authority");
        enroll(rogue, IRegistry.Role.AttributeAuthority);
        vm.prank(admin);
        attributes.registerAuthority(rogue, "rogue");
    }

    function test_defineAttribute_anotherAuthorityCannotClaimTheName() public {
        // The rogue moves first; on the old code this took the id of "org:hospital-a" for good.
        vm.prank(rogue);
        bytes32 rogueId = attributes.defineAttribute("org:hospital-a");
        vm.prank(authority);
        bytes32 hospitalId = attributes.defineAttribute("org:hospital-a");
        assertEq(hospitalId, keccak256("hospital-a/org:hospital-a"), "the hospital's own attribute");
        assertNotEq(rogueId, hospitalId, "the rogue's is another attribute");
        assertEq(attributes.authorityOf(hospitalId), authority, "owned by the hospital");

        bytes32[] memory ids = new bytes32[](1);
        ids[0] = hospitalId;
        vm.expectRevert(
            abi.encodeWithSelector(IAttributeRegistry.NotAttributeAuthority.selector, hospitalId, authority)
        );
        vm.prank(rogue);
        attributes.assignAttributes(requester, ids);
    }
}
