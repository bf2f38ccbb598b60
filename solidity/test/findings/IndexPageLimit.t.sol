// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {GateFixture} from "../lib/GateFixture.sol";

/// @title IndexPageLimitFindingTest
/// @notice Finding (fixed) against KeywordIndex; these tests guard the fix.
/// @dev `search` and `entries` promise "up to `limit` entries", but `_page` used to allocate
/// `new bytes32[](limit)` before it knew how many existed. A limit of 2^20 spent all the gas on
/// 32 MiB of memory and `type(uint256).max` panicked (0x41), however few entries there were. Pages
/// are now capped at 1,024 entries before the allocation.
contract IndexPageLimitFindingTest is GateFixture {
    bytes32 internal constant TOKEN = keccak256("token:asthma");

    function setUp() public override {
        super.setUp();
        bytes32[] memory labels = new bytes32[](3);
        bytes32[] memory values = new bytes32[](3);
        for (uint256 i; i < 3; ++i) {
            labels[i] = index.labelAt(TOKEN, i);
            values[i] = keccak256(abi.encode("masked", i));
        }
        bytes memory commitments = fakePoints(1, "index key");
        vm.startPrank(patient);
        uint32 epoch = index.registerIndexKey(COMMITTEE, 1, 1, keccak256("bundle"), "bafybundle", commitments);
        index.addEntries(epoch, labels, values);
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
