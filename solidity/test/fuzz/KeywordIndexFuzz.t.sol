// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IKeywordIndex} from "../../src/interfaces/IKeywordIndex.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Labels, values, batch sizes and paging against the per-keyword list they encode.
contract KeywordIndexFuzzTest is Fixture {
    function valueAt(bytes32 seed, uint256 i) internal pure returns (bytes32 v) {
        v = keccak256(abi.encode(seed, i));
        if (v == bytes32(0)) v = bytes32(uint256(1));
    }

    /// @dev Appends entries 0..n-1 of `token` in batches whose sizes come from `cuts`.
    function appendEntries(bytes32 token, bytes32 seed, uint256 n, uint256 cuts) internal {
        uint256 done;
        while (done < n) {
            uint256 size = 1 + (cuts % 7);
            cuts = cuts / 7 + 1;
            if (size > n - done) size = n - done;
            bytes32[] memory labels = new bytes32[](size);
            bytes32[] memory values = new bytes32[](size);
            for (uint256 i; i < size; ++i) {
                labels[i] = index.labelAt(token, done + i);
                values[i] = valueAt(seed, done + i);
            }
            vm.prank(patient);
            index.addEntries(labels, values);
            done += size;
        }
    }

    function testFuzz_labelAt_isPackedKeccak(bytes32 token, uint256 i) public view {
        assertEq(index.labelAt(token, i), keccak256(abi.encodePacked(token, i)), "label");
    }

    function testFuzz_pages_matchModel(
        bytes32 token,
        bytes32 seed,
        uint256 n,
        uint256 cuts,
        uint256 offset,
        uint256 limit
    ) public {
        n = bound(n, 0, 40);
        offset = bound(offset, 0, 45);
        limit = bound(limit, 1, 50);
        appendEntries(token, seed, n, cuts);

        uint256 expectedCount = offset >= n ? 0 : (n - offset < limit ? n - offset : limit);
        bool expectedMore = offset + limit < n;

        (bytes32[] memory page, bool more) = index.entries(patient, token, offset, limit);
        assertEq(page.length, expectedCount, "page length");
        assertEq(more, expectedMore, "more");
        for (uint256 i; i < page.length; ++i) {
            assertEq(page[i], valueAt(seed, offset + i), "value order");
        }

        vm.prank(patient);
        index.addRequester(requester);
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.SearchPerformed(
            patient, requester, keccak256(abi.encode(token)), offset, expectedCount
        );
        vm.prank(requester);
        (bytes32[] memory searched, bool searchedMore) = index.search(patient, token, offset, limit);
        assertEq(searched, page, "search returns the same page as entries");
        assertEq(searchedMore, more, "search more");
    }

    function testFuzz_paging_reassemblesTheList(bytes32 token, uint256 n, uint256 limit) public {
        n = bound(n, 1, 40);
        limit = bound(limit, 1, 9);
        appendEntries(token, token, n, n);
        uint256 offset;
        bool more = true;
        while (more) {
            bytes32[] memory page;
            (page, more) = index.entries(patient, token, offset, limit);
            for (uint256 i; i < page.length; ++i) {
                assertEq(page[i], valueAt(token, offset + i), "value");
            }
            offset += page.length;
            if (page.length < limit) assertFalse(more, "short page ends the list");
        }
        assertEq(offset, n, "every entry returned exactly once");
    }

    function testFuzz_addEntries_zeroValueReportsPosition(uint256 n, uint256 position) public {
        n = bound(n, 1, 30);
        position = bound(position, 0, n - 1);
        bytes32[] memory labels = new bytes32[](n);
        bytes32[] memory values = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            labels[i] = bytes32(i + 1);
            values[i] = i == position ? bytes32(0) : bytes32(i + 1);
        }
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.ZeroValue.selector, position));
        vm.prank(patient);
        index.addEntries(labels, values);
    }

    function testFuzz_addEntries_lengthsMustMatch(uint256 labelCount, uint256 valueCount) public {
        labelCount = bound(labelCount, 0, 20);
        valueCount = bound(valueCount, 0, 20);
        vm.assume(labelCount != valueCount || labelCount == 0);
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.addEntries(new bytes32[](labelCount), new bytes32[](valueCount));
    }

    function testFuzz_addEntries_arbitraryLabelsAndValues(
        bytes32[] calldata labels,
        bytes32[] calldata values
    ) public {
        uint256 n = labels.length < values.length ? labels.length : values.length;
        vm.assume(n > 0 && n <= 32);
        bytes32[] memory l = labels[:n];
        bytes32[] memory v = values[:n];
        // The first failing position decides the error, exactly as the contract scans.
        bytes memory expected;
        for (uint256 i; i < n && expected.length == 0; ++i) {
            if (v[i] == bytes32(0)) {
                expected = abi.encodeWithSelector(IKeywordIndex.ZeroValue.selector, i);
            } else {
                for (uint256 j; j < i; ++j) {
                    if (l[j] == l[i]) {
                        expected = abi.encodeWithSelector(IKeywordIndex.LabelTaken.selector, l[i]);
                    }
                }
            }
        }
        if (expected.length != 0) vm.expectRevert(expected);
        vm.prank(patient);
        index.addEntries(l, v);
        if (expected.length == 0) {
            for (uint256 i; i < n; ++i) {
                assertEq(index.entryAt(patient, l[i]), v[i], "stored");
                assertEq(index.entryAt(patient2, l[i]), bytes32(0), "other index untouched");
            }
        }
    }

    function testFuzz_requesterBatches(uint256 n, bytes32 seed) public {
        n = bound(n, 1, 40);
        address[] memory batch = new address[](n);
        for (uint256 i; i < n; ++i) {
            batch[i] = address(uint160(uint256(keccak256(abi.encode(seed, i)))) | 1);
        }
        vm.recordLogs();
        vm.prank(patient);
        index.addRequesters(batch);
        assertEq(vm.getRecordedLogs().length, n, "one event per requester");
        for (uint256 i; i < n; ++i) {
            assertTrue(index.isRequester(patient, batch[i]), "authorized");
        }
        vm.prank(patient);
        index.removeRequesters(batch);
        for (uint256 i; i < n; ++i) {
            assertFalse(index.isRequester(patient, batch[i]), "withdrawn");
        }
    }
}
