// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IKeywordIndex} from "../src/interfaces/IKeywordIndex.sol";
import {Fixture} from "./lib/Fixture.sol";

contract KeywordIndexTest is Fixture {
    bytes32 internal constant TOKEN = keccak256("token:diabetes");

    /// @dev The masked values the patient stores for TOKEN, in insertion order.
    function valuesFor(uint256 n) internal pure returns (bytes32[] memory values) {
        values = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            values[i] = keccak256(abi.encode("masked", i));
        }
    }

    function labelsFor(bytes32 token, uint256 from, uint256 n)
        internal
        pure
        returns (bytes32[] memory labels)
    {
        labels = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            labels[i] = keccak256(abi.encodePacked(token, from + i));
        }
    }

    function addEntries(uint256 n) internal {
        vm.prank(patient);
        index.addEntries(labelsFor(TOKEN, 0, n), valuesFor(n));
    }

    function authorize(address requester_) internal {
        vm.prank(patient);
        index.addRequester(requester_);
    }

    function pair(address a, address b) internal pure returns (address[] memory list) {
        list = new address[](2);
        list[0] = a;
        list[1] = b;
    }

    function test_constructor_storesRegistry() public view {
        assertEq(address(index.registry()), address(registry), "registry");
    }

    function test_labelAt_isPackedKeccak() public view {
        assertEq(index.labelAt(TOKEN, 0), keccak256(abi.encodePacked(TOKEN, uint256(0))), "label 0");
        assertEq(index.labelAt(TOKEN, 41), keccak256(abi.encodePacked(TOKEN, uint256(41))), "label 41");
        assertEq(
            index.labelAt(TOKEN, type(uint256).max),
            keccak256(abi.encodePacked(TOKEN, type(uint256).max)),
            "label max"
        );
    }

    // ------------------------------------------------------------- requesters

    function test_addRequester_authorizesAndEmits() public {
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.RequesterAdded(patient, requester);
        authorize(requester);
        assertTrue(index.isRequester(patient, requester), "isRequester");
        assertFalse(index.isRequester(patient2, requester), "other patients' indexes untouched");
    }

    function test_addRequester_revertsOnZeroAddress() public {
        vm.expectRevert(IKeywordIndex.ZeroAddress.selector);
        vm.prank(patient);
        index.addRequester(address(0));
    }

    function test_addRequester_revertsWhenAlreadyRequester() public {
        authorize(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.AlreadyRequester.selector, requester));
        vm.prank(patient);
        index.addRequester(requester);
    }

    function test_addRequesters_authorizesAllAndEmitsEach() public {
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.RequesterAdded(patient, requester);
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.RequesterAdded(patient, requester2);
        vm.prank(patient);
        index.addRequesters(pair(requester, requester2));
        assertTrue(index.isRequester(patient, requester), "requester");
        assertTrue(index.isRequester(patient, requester2), "requester2");
    }

    function test_addRequesters_revertsOnEmptyList() public {
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.addRequesters(new address[](0));
    }

    function test_addRequesters_revertsOnDuplicateAndIsAtomic() public {
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.AlreadyRequester.selector, requester));
        vm.prank(patient);
        index.addRequesters(pair(requester, requester));
        assertFalse(index.isRequester(patient, requester), "first entry rolled back");
    }

    function test_addRequesters_revertsOnZeroAddress() public {
        vm.expectRevert(IKeywordIndex.ZeroAddress.selector);
        vm.prank(patient);
        index.addRequesters(pair(requester, address(0)));
    }

    function test_removeRequester_withdrawsAndEmits() public {
        authorize(requester);
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.RequesterRemoved(patient, requester);
        vm.prank(patient);
        index.removeRequester(requester);
        assertFalse(index.isRequester(patient, requester), "isRequester");
    }

    function test_removeRequester_revertsForUnknownRequester() public {
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient, requester));
        vm.prank(patient);
        index.removeRequester(requester);
    }

    function test_removeRequester_onlyTouchesCallersIndex() public {
        authorize(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient2, requester));
        vm.prank(patient2);
        index.removeRequester(requester);
        assertTrue(index.isRequester(patient, requester), "patient's list untouched");
    }

    function test_removeRequesters_withdrawsAll() public {
        vm.prank(patient);
        index.addRequesters(pair(requester, requester2));
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.RequesterRemoved(patient, requester2);
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.RequesterRemoved(patient, requester);
        vm.prank(patient);
        index.removeRequesters(pair(requester2, requester));
        assertFalse(index.isRequester(patient, requester), "requester");
        assertFalse(index.isRequester(patient, requester2), "requester2");
    }

    function test_removeRequesters_revertsOnEmptyList() public {
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.removeRequesters(new address[](0));
    }

    function test_removeRequesters_revertsOnUnknownAndIsAtomic() public {
        authorize(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient, requester2));
        vm.prank(patient);
        index.removeRequesters(pair(requester, requester2));
        assertTrue(index.isRequester(patient, requester), "first removal rolled back");
    }

    // ---------------------------------------------------------------- entries

    function test_addEntries_storesAndEmits() public {
        vm.expectEmit(true, false, false, true, address(index));
        emit IKeywordIndex.EntriesAdded(patient, 3);
        addEntries(3);
        bytes32[] memory values = valuesFor(3);
        for (uint256 i; i < 3; ++i) {
            assertEq(index.entryAt(patient, index.labelAt(TOKEN, i)), values[i], "entry");
        }
        assertEq(index.entryAt(patient2, index.labelAt(TOKEN, 0)), bytes32(0), "per-patient namespaces");
    }

    function test_addEntries_revertsOnEmptyBatch() public {
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.addEntries(new bytes32[](0), new bytes32[](0));
    }

    function test_addEntries_revertsOnLengthMismatch() public {
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.addEntries(labelsFor(TOKEN, 0, 2), valuesFor(3));
    }

    function test_addEntries_revertsOnZeroValueWithPosition() public {
        bytes32[] memory values = valuesFor(3);
        values[2] = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.ZeroValue.selector, 2));
        vm.prank(patient);
        index.addEntries(labelsFor(TOKEN, 0, 3), values);
    }

    function test_addEntries_revertsOnTakenLabel() public {
        addEntries(2);
        bytes32 label = index.labelAt(TOKEN, 1);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.LabelTaken.selector, label));
        vm.prank(patient);
        index.addEntries(labelsFor(TOKEN, 1, 2), valuesFor(2));
    }

    function test_addEntries_revertsOnDuplicateLabelInBatch() public {
        bytes32[] memory labels = labelsFor(TOKEN, 0, 2);
        labels[1] = labels[0];
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.LabelTaken.selector, labels[0]));
        vm.prank(patient);
        index.addEntries(labels, valuesFor(2));
        assertEq(index.entryAt(patient, labels[0]), bytes32(0), "batch rolled back");
    }

    function test_publishSearchKey_emits() public {
        vm.expectEmit(true, false, false, true, address(index));
        emit IKeywordIndex.SearchKeyPublished(patient, bytes32("policy"), "bafykey");
        vm.prank(patient);
        index.publishSearchKey(bytes32("policy"), "bafykey");
    }

    function test_publishSearchKey_revertsOnEmptyRef() public {
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.publishSearchKey(bytes32("policy"), "");
    }

    // ----------------------------------------------------------------- search

    function test_search_returnsEntriesInOrderAndEmits() public {
        addEntries(5);
        authorize(requester);
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.SearchPerformed(patient, requester, keccak256(abi.encode(TOKEN)), 0, 5);
        vm.prank(requester);
        (bytes32[] memory values, bool more) = index.search(patient, TOKEN, 0, 10);
        assertEq(values, valuesFor(5), "values");
        assertFalse(more, "more");
    }

    function test_search_pagesWithMoreFlag() public {
        addEntries(5);
        authorize(requester);
        bytes32[] memory all = valuesFor(5);

        vm.prank(requester);
        (bytes32[] memory page, bool more) = index.search(patient, TOKEN, 0, 2);
        assertEq(page.length, 2, "page 1 length");
        assertEq(page[1], all[1], "page 1 last");
        assertTrue(more, "page 1 more");

        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.SearchPerformed(patient, requester, keccak256(abi.encode(TOKEN)), 2, 3);
        vm.prank(requester);
        (page, more) = index.search(patient, TOKEN, 2, 3);
        assertEq(page.length, 3, "exact last page length");
        assertEq(page[2], all[4], "exact last page last");
        assertFalse(more, "exact last page has no more");

        vm.prank(requester);
        (page, more) = index.search(patient, TOKEN, 5, 3);
        assertEq(page.length, 0, "past the end");
        assertFalse(more, "past the end more");
    }

    function test_search_unknownTokenIsEmpty() public {
        addEntries(2);
        authorize(requester);
        vm.prank(requester);
        (bytes32[] memory values, bool more) = index.search(patient, keccak256("other"), 0, 4);
        assertEq(values.length, 0, "no values");
        assertFalse(more, "more");
    }

    function test_search_allowedForProvider() public {
        addEntries(1);
        authorize(provider);
        vm.prank(provider);
        (bytes32[] memory values,) = index.search(patient, TOKEN, 0, 1);
        assertEq(values.length, 1, "provider searched");
    }

    function test_search_revertsForUnauthorizedRequester() public {
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient, requester));
        vm.prank(requester);
        index.search(patient, TOKEN, 0, 1);
    }

    function test_search_revertsAfterRemoval() public {
        authorize(requester);
        vm.prank(patient);
        index.removeRequester(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient, requester));
        vm.prank(requester);
        index.search(patient, TOKEN, 0, 1);
    }

    function test_search_revertsForOtherPatientsRequester() public {
        vm.prank(patient2);
        index.addRequester(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient, requester));
        vm.prank(requester);
        index.search(patient, TOKEN, 0, 1);
    }

    function test_search_revertsForSuspendedRequester() public {
        authorize(requester);
        suspend(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.RequesterNotActive.selector, requester));
        vm.prank(requester);
        index.search(patient, TOKEN, 0, 1);
    }

    function test_search_revertsForRemovedRequester() public {
        authorize(requester);
        remove(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.RequesterNotActive.selector, requester));
        vm.prank(requester);
        index.search(patient, TOKEN, 0, 1);
    }

    function test_search_revertsForUnenrolledRequester() public {
        authorize(stranger);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.RequesterNotActive.selector, stranger));
        vm.prank(stranger);
        index.search(patient, TOKEN, 0, 1);
    }

    function test_search_revertsForWrongRole() public {
        authorize(oracle);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.RequesterNotActive.selector, oracle));
        vm.prank(oracle);
        index.search(patient, TOKEN, 0, 1);
    }

    function test_search_revertsOnZeroLimit() public {
        authorize(requester);
        vm.expectRevert(IKeywordIndex.ZeroLimit.selector);
        vm.prank(requester);
        index.search(patient, TOKEN, 0, 0);
    }

    function test_search_worksAgainAfterReinstatement() public {
        addEntries(1);
        authorize(requester);
        suspend(requester);
        reinstate(requester);
        vm.prank(requester);
        (bytes32[] memory values,) = index.search(patient, TOKEN, 0, 1);
        assertEq(values.length, 1, "reinstated requester searched");
    }

    function test_entries_readsWithoutAuthorization() public {
        addEntries(3);
        vm.recordLogs();
        vm.prank(stranger);
        (bytes32[] memory values, bool more) = index.entries(patient, TOKEN, 1, 1);
        assertEq(values.length, 1, "length");
        assertEq(values[0], valuesFor(3)[1], "value");
        assertTrue(more, "more");
        assertEq(vm.getRecordedLogs().length, 0, "a read leaves no audit record");
    }

    function test_entries_revertsOnZeroLimit() public {
        vm.expectRevert(IKeywordIndex.ZeroLimit.selector);
        index.entries(patient, TOKEN, 0, 0);
    }
}
