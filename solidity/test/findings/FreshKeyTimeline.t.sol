// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IKeywordIndex} from "../../src/interfaces/IKeywordIndex.sol";
import {GateFixture} from "../lib/GateFixture.sol";

/// @notice A fresh, unenrolled key cannot put events on a timeline of its own through the keyword
/// index (the indexer turned such events into webhook deliveries): every index write needs an
/// active enrolled patient, and every read of another's index an authorized requester.
contract FreshKeyTimelineFindingTest is GateFixture {
    function test_keywordIndex_freshKeyWritesNothing() public {
        address fresh = makeAddr("fresh key");
        bytes memory err = abi.encodeWithSelector(IKeywordIndex.PatientNotActive.selector, fresh);
        bytes memory commitments = fakePoints(1, "index key");
        vm.expectRevert(err);
        vm.prank(fresh);
        index.registerIndexKey(COMMITTEE, 1, 1, keccak256("bundle"), "bafybundle", commitments);
        vm.expectRevert(err);
        vm.prank(fresh);
        index.addRequester(requester);
        bytes32[] memory one = new bytes32[](1);
        one[0] = keccak256("x");
        vm.expectRevert(err);
        vm.prank(fresh);
        index.addEntries(0, one, one);
        assertEq(index.epochOf(fresh), 0, "no index opened");
    }

    function test_keywordIndex_freshKeyCannotAskForTokensOrSearch() public {
        address fresh = makeAddr("fresh key");
        bytes memory err = abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient, fresh);
        bytes memory blinded = bytes.concat(bytes1(0x02), keccak256("b"));
        vm.expectRevert(err);
        vm.prank(fresh);
        index.requestToken(patient, 0, blinded);
        vm.expectRevert(err);
        vm.prank(fresh);
        index.search(patient, keccak256("token"), 0, 1);
    }
}
