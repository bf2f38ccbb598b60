// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Fixture} from "../lib/Fixture.sol";

/// @title IndexPageLimitFindingTest
/// @notice Open finding against KeywordIndex; these tests fail until the contract is fixed.
/// @dev `search` and `entries` promise "up to `limit` entries", but `_page` allocates
/// `new bytes32[](limit)` before it knows how many exist. A limit of 2^20 spends all the gas on
/// 32 MiB of memory and `type(uint256).max` panics (0x41), however few entries there are, so a
/// caller cannot ask for "everything" and an audited `search` with a careless limit burns the
/// requester's gas.
contract IndexPageLimitFindingTest is Fixture {
    bytes32 internal constant TOKEN = keccak256("token:asthma");

    function setUp() public override {
        super.setUp();
        bytes32[] memory labels = new bytes32[](3);
        bytes32[] memory values = new bytes32[](3);
        for (uint256 i; i < 3; ++i) {
            labels[i] = index.labelAt(TOKEN, i);
            values[i] = keccak256(abi.encode("masked", i));
        }
        vm.startPrank(patient);
        index.addEntries(labels, values);
        index.addRequester(requester);
        vm.stopPrank();
    }

    function test_entries_largestLimitReturnsWhatExists() public view {
        (bytes32[] memory values, bool more) = index.entries(patient, TOKEN, 0, type(uint256).max);
        assertEq(values.length, 3, "every entry");
        assertFalse(more, "nothing after them");
    }

    function test_search_largeLimitCostsWhatExists() public {
        vm.prank(requester);
        (bytes32[] memory values,) = index.search{gas: 1_000_000}(patient, TOKEN, 0, 1 << 20);
        assertEq(values.length, 3, "every entry within a million gas");
    }
}
