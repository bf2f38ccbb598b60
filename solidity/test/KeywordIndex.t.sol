// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IKeywordIndex} from "../src/interfaces/IKeywordIndex.sol";
import {IThresholdAnswers} from "../src/interfaces/IThresholdAnswers.sol";
import {GateFixture} from "./lib/GateFixture.sol";

contract KeywordIndexTest is GateFixture {
    bytes32 internal constant TOKEN = keccak256("token:diabetes");
    bytes32 internal constant BUNDLE_HASH = keccak256("index bundle");
    bytes internal constant BUNDLE_REF = "bafyindexbundle";
    /// @dev The patient's first index epoch, set up with a 2-of-3 key.
    uint32 internal epoch1;

    function setUp() public override {
        super.setUp();
        epoch1 = registerKey(patient, 2, 0x7);
    }

    function commitmentsFor(uint256 n) internal pure returns (bytes memory) {
        return fakePoints(n, "index share commitment");
    }

    function registerKey(address patient_, uint8 threshold, uint16 mask) internal returns (uint32) {
        bytes memory c = commitmentsFor(_popcount(mask));
        vm.prank(patient_);
        return index.registerIndexKey(COMMITTEE, threshold, mask, BUNDLE_HASH, BUNDLE_REF, c);
    }

    function blinded(uint256 i) internal pure returns (bytes memory) {
        return bytes.concat(bytes1(0x03), keccak256(abi.encode("blinded", i)));
    }

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
        index.addEntries(epoch1, labelsFor(TOKEN, 0, n), valuesFor(n));
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
        emit IKeywordIndex.RequesterRemoved(patient, requester, epoch1 + 1);
        vm.prank(patient);
        index.removeRequester(requester);
        assertFalse(index.isRequester(patient, requester), "isRequester");
        assertEq(index.epochOf(patient), epoch1 + 1, "a removal opens a new epoch");
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
        emit IKeywordIndex.RequesterRemoved(patient, requester2, epoch1 + 1);
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.RequesterRemoved(patient, requester, epoch1 + 1);
        vm.prank(patient);
        index.removeRequesters(pair(requester2, requester));
        assertEq(index.epochOf(patient), epoch1 + 1, "one new epoch per batch");
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

    // -------------------------------------------------- suspended patients

    /// @dev A suspended patient's key may be the leaked one: it changes nothing in the index.
    function test_suspendedPatient_changesNothing() public {
        authorize(requester);
        suspend(patient);
        bytes memory err = abi.encodeWithSelector(IKeywordIndex.PatientNotActive.selector, patient);
        vm.startPrank(patient);
        vm.expectRevert(err);
        index.addRequester(requester2);
        vm.expectRevert(err);
        index.addRequesters(pair(requester2, stranger));
        vm.expectRevert(err);
        index.removeRequester(requester);
        vm.expectRevert(err);
        index.removeRequesters(pair(requester, requester2));
        vm.expectRevert(err);
        index.addEntries(epoch1, labelsFor(TOKEN, 0, 1), valuesFor(1));
        vm.expectRevert(err);
        index.registerIndexKey(COMMITTEE, 1, 1, BUNDLE_HASH, BUNDLE_REF, commitmentsFor(1));
        vm.expectRevert(err);
        index.removeEntries(labelsFor(TOKEN, 0, 1));
        vm.stopPrank();
    }

    /// @dev A suspended patient's entries stay: her possibly leaked key cannot remove them.
    function test_removeEntries_refusedForSuspendedPatient() public {
        addEntries(2);
        suspend(patient);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.PatientNotActive.selector, patient));
        vm.prank(patient);
        index.removeEntries(labelsFor(TOKEN, 0, 1));
        assertEq(index.entryAt(patient, index.labelAt(TOKEN, 0)), valuesFor(1)[0], "entry kept");
    }

    function test_removedPatient_changesNothing() public {
        remove(patient);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.PatientNotActive.selector, patient));
        vm.prank(patient);
        index.addRequester(requester2);
    }

    function test_nonPatient_cannotKeepAnIndex() public {
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.PatientNotActive.selector, requester));
        vm.prank(requester);
        index.addRequester(requester2);
    }

    // -------------------------------------------------------------- index keys

    function test_registerIndexKey_storesCommitmentAndEmits() public {
        bytes memory c = commitmentsFor(2);
        vm.expectEmit(true, false, false, true, address(index));
        emit IKeywordIndex.IndexKeyRegistered(patient2, 1, COMMITTEE, 2, 0x5, BUNDLE_HASH, BUNDLE_REF, c);
        vm.prank(patient2);
        uint32 e = index.registerIndexKey(COMMITTEE, 2, 0x5, BUNDLE_HASH, BUNDLE_REF, c);
        assertEq(e, 1, "first epoch");
        IKeywordIndex.IndexKey memory k = index.indexKey(patient2, 1);
        assertEq(k.committeeId, COMMITTEE, "committee");
        assertEq(k.threshold, 2, "threshold");
        assertEq(k.memberMask, 0x5, "mask");
        assertEq(
            k.commitment,
            keccak256(
                abi.encode(BUNDLE_HASH, keccak256(c), patient2, uint32(1), COMMITTEE, uint8(2), uint16(0x5))
            ),
            "commitment"
        );
        assertEq(
            index.indexKeyCommitment(BUNDLE_HASH, c, patient2, 1, COMMITTEE, 2, 0x5),
            k.commitment,
            "view agrees"
        );
    }

    function test_registerIndexKey_rotationOpensANewEpoch() public {
        assertEq(registerKey(patient, 1, 0x3), epoch1 + 1, "rotation never replaces a key");
        assertEq(index.indexKey(patient, epoch1).threshold, 2, "the old key stays for old entries");
        assertEq(index.indexKey(patient, epoch1 + 1).threshold, 1, "new key");
    }

    function test_registerIndexKey_fillsTheEpochARemovalOpened() public {
        authorize(requester);
        vm.prank(patient);
        index.removeRequester(requester);
        assertEq(index.indexKey(patient, epoch1 + 1).threshold, 0, "no key yet");
        assertEq(registerKey(patient, 2, 0x7), epoch1 + 1, "the new epoch gets the key");
        assertEq(index.epochOf(patient), epoch1 + 1, "no second bump");
    }

    function test_registerIndexKey_revertsOnBadThresholdOrCommitments() public {
        vm.startPrank(patient);
        vm.expectRevert(
            abi.encodeWithSelector(IKeywordIndex.InvalidThreshold.selector, uint8(0), uint16(0x7))
        );
        index.registerIndexKey(COMMITTEE, 0, 0x7, BUNDLE_HASH, BUNDLE_REF, commitmentsFor(3));
        vm.expectRevert(
            abi.encodeWithSelector(IKeywordIndex.InvalidThreshold.selector, uint8(4), uint16(0x7))
        );
        index.registerIndexKey(COMMITTEE, 4, 0x7, BUNDLE_HASH, BUNDLE_REF, commitmentsFor(3));
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.InvalidThreshold.selector, uint8(1), uint16(0)));
        index.registerIndexKey(COMMITTEE, 1, 0, BUNDLE_HASH, BUNDLE_REF, "");
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.InvalidCommitments.selector, 66, 3));
        index.registerIndexKey(COMMITTEE, 2, 0x7, BUNDLE_HASH, BUNDLE_REF, commitmentsFor(2));
        vm.expectRevert(IKeywordIndex.EmptyField.selector);
        index.registerIndexKey(0, 2, 0x7, BUNDLE_HASH, BUNDLE_REF, commitmentsFor(3));
        vm.expectRevert(IKeywordIndex.EmptyField.selector);
        index.registerIndexKey(COMMITTEE, 2, 0x7, bytes32(0), BUNDLE_REF, commitmentsFor(3));
        vm.expectRevert(IKeywordIndex.EmptyField.selector);
        index.registerIndexKey(COMMITTEE, 2, 0x7, BUNDLE_HASH, "", commitmentsFor(3));
        vm.stopPrank();
    }

    function test_registerIndexKey_revertsForCommitteeNotActiveOrUnknownMembers() public {
        bytes memory c = commitmentsFor(3);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.CommitteeNotActive.selector, 9));
        vm.prank(patient);
        index.registerIndexKey(9, 2, 0x7, BUNDLE_HASH, BUNDLE_REF, c);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.UnknownMembers.selector, COMMITTEE, 0x13));
        vm.prank(patient);
        index.registerIndexKey(COMMITTEE, 2, 0x13, BUNDLE_HASH, BUNDLE_REF, c);
    }

    // ----------------------------------------------------------- token requests

    function test_requestToken_recordsAndEmits() public {
        authorize(requester);
        vm.expectEmit(true, true, true, true, address(index));
        emit IKeywordIndex.TokenRequested(1, patient, requester, epoch1, blinded(1));
        vm.prank(requester);
        uint64 id = index.requestToken(patient, epoch1, blinded(1));
        assertEq(id, 1, "first id");
        assertEq(index.tokenRequestCount(), 1, "count");
        IKeywordIndex.TokenRequest memory q = index.tokenRequest(id);
        assertEq(q.requester, requester, "requester");
        assertEq(q.patient, patient, "patient");
        assertEq(q.epoch, epoch1, "epoch");
        assertEq(q.requesterRole, 3, "requester role");
        assertEq(q.blindedHash, keccak256(blinded(1)), "blinded point hash");
    }

    function test_requestToken_revertsForUnlistedRequester() public {
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient, requester));
        vm.prank(requester);
        index.requestToken(patient, epoch1, blinded(1));
    }

    /// @dev A removed requester's next token request fails.
    function test_requestToken_revertsAfterRemoval() public {
        authorize(requester);
        vm.prank(patient);
        index.removeRequester(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NotRequester.selector, patient, requester));
        vm.prank(requester);
        index.requestToken(patient, epoch1, blinded(1));
    }

    function test_requestToken_revertsForSuspendedRequester() public {
        authorize(requester);
        suspend(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.RequesterNotActive.selector, requester));
        vm.prank(requester);
        index.requestToken(patient, epoch1, blinded(1));
    }

    function test_requestToken_revertsForEpochWithoutKey() public {
        authorize(requester);
        authorize(requester2);
        vm.prank(patient);
        index.removeRequester(requester2);
        // The epoch the removal opened has no key yet, and later epochs do not exist.
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NoIndexKey.selector, patient, epoch1 + 1));
        vm.prank(requester);
        index.requestToken(patient, epoch1 + 1, blinded(1));
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NoIndexKey.selector, patient, epoch1 + 5));
        vm.prank(requester);
        index.requestToken(patient, epoch1 + 5, blinded(1));
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NoIndexKey.selector, patient, uint16(0)));
        vm.prank(requester);
        index.requestToken(patient, 0, blinded(1));
        // Older epochs with a key stay searchable.
        vm.prank(requester);
        index.requestToken(patient, epoch1, blinded(1));
    }

    function test_requestToken_revertsOnMalformedPoint() public {
        authorize(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.InvalidBlindedPoint.selector, 32));
        vm.prank(requester);
        index.requestToken(patient, epoch1, abi.encode(keccak256("x")));
    }

    // ---------------------------------------------------------------- entries

    function test_addEntries_revertsOutsideCurrentEpoch() public {
        registerKey(patient, 1, 0x1); // epoch 2
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.WrongEpoch.selector, epoch1, epoch1 + 1));
        vm.prank(patient);
        index.addEntries(epoch1, labelsFor(TOKEN, 0, 1), valuesFor(1));
    }

    function test_addEntries_revertsWithoutKey() public {
        authorize(requester);
        vm.prank(patient);
        index.removeRequester(requester);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NoIndexKey.selector, patient, epoch1 + 1));
        vm.prank(patient);
        index.addEntries(epoch1 + 1, labelsFor(TOKEN, 0, 1), valuesFor(1));
    }

    function test_addEntries_storesAndEmits() public {
        vm.expectEmit(true, false, false, true, address(index));
        emit IKeywordIndex.EntriesAdded(patient, epoch1, 3);
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
        index.addEntries(epoch1, new bytes32[](0), new bytes32[](0));
    }

    function test_addEntries_revertsOnLengthMismatch() public {
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.addEntries(epoch1, labelsFor(TOKEN, 0, 2), valuesFor(3));
    }

    function test_addEntries_revertsOnZeroValueWithPosition() public {
        bytes32[] memory values = valuesFor(3);
        values[2] = bytes32(0);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.ZeroValue.selector, 2));
        vm.prank(patient);
        index.addEntries(epoch1, labelsFor(TOKEN, 0, 3), values);
    }

    function test_addEntries_revertsOnTakenLabel() public {
        addEntries(2);
        bytes32 label = index.labelAt(TOKEN, 1);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.LabelTaken.selector, label));
        vm.prank(patient);
        index.addEntries(epoch1, labelsFor(TOKEN, 1, 2), valuesFor(2));
    }

    function test_addEntries_revertsOnDuplicateLabelInBatch() public {
        bytes32[] memory labels = labelsFor(TOKEN, 0, 2);
        labels[1] = labels[0];
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.LabelTaken.selector, labels[0]));
        vm.prank(patient);
        index.addEntries(epoch1, labels, valuesFor(2));
        assertEq(index.entryAt(patient, labels[0]), bytes32(0), "batch rolled back");
    }

    // ------------------------------------------------------------ removal

    function test_removeEntries_overwritesWithTheMarkerAndEmits() public {
        addEntries(4);
        bytes32[] memory gone = new bytes32[](2);
        gone[0] = index.labelAt(TOKEN, 2);
        gone[1] = index.labelAt(TOKEN, 0);
        vm.expectEmit(true, false, false, true, address(index));
        emit IKeywordIndex.EntriesRemoved(patient, 2);
        vm.prank(patient);
        index.removeEntries(gone);
        bytes32[] memory values = valuesFor(4);
        assertEq(index.entryAt(patient, gone[0]), index.REMOVED_ENTRY(), "entry 2 removed");
        assertEq(index.entryAt(patient, gone[1]), index.REMOVED_ENTRY(), "entry 0 removed");
        assertEq(index.entryAt(patient, index.labelAt(TOKEN, 1)), values[1], "entry 1 kept");
        assertEq(index.entryAt(patient, index.labelAt(TOKEN, 3)), values[3], "entry 3 kept");
        assertEq(index.REMOVED_ENTRY(), bytes32(uint256(1)), "marker");
    }

    /// @dev The marker keeps the removed entry's position: a search walks on to the entries after
    /// it, which an emptied slot would hide.
    function test_removeEntries_searchWalksPastARemovedEntry() public {
        addEntries(3);
        authorize(requester);
        vm.prank(patient);
        index.removeEntries(labelsFor(TOKEN, 1, 1));
        bytes32[] memory want = valuesFor(3);
        want[1] = index.REMOVED_ENTRY();
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.SearchPerformed(patient, requester, keccak256(abi.encode(TOKEN)), 0, 3);
        vm.prank(requester);
        (bytes32[] memory values, bool more) = index.search(patient, TOKEN, 0, 10);
        assertEq(values, want, "every position, the removed one marked");
        assertFalse(more, "more");
    }

    function test_removeEntries_revertsOnEmptyBatch() public {
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.removeEntries(new bytes32[](0));
    }

    function test_removeEntries_revertsForUnknownLabelAndIsAtomic() public {
        addEntries(2);
        bytes32[] memory labels = labelsFor(TOKEN, 0, 3);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NoEntry.selector, labels[2]));
        vm.prank(patient);
        index.removeEntries(labels);
        assertEq(index.entryAt(patient, labels[0]), valuesFor(1)[0], "batch rolled back");
    }

    function test_removeEntries_revertsWhenRemovedAlready() public {
        addEntries(2);
        bytes32[] memory labels = labelsFor(TOKEN, 1, 1);
        vm.prank(patient);
        index.removeEntries(labels);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NoEntry.selector, labels[0]));
        vm.prank(patient);
        index.removeEntries(labels);
        bytes32[] memory twice = new bytes32[](2);
        twice[0] = index.labelAt(TOKEN, 0);
        twice[1] = twice[0];
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NoEntry.selector, twice[0]));
        vm.prank(patient);
        index.removeEntries(twice);
    }

    /// @dev A removed label is not free again: positions stay fixed, so a search's walk is too.
    function test_removeEntries_labelIsNotReusable() public {
        addEntries(1);
        vm.prank(patient);
        index.removeEntries(labelsFor(TOKEN, 0, 1));
        bytes32 label = index.labelAt(TOKEN, 0);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.LabelTaken.selector, label));
        vm.prank(patient);
        index.addEntries(epoch1, labelsFor(TOKEN, 0, 1), valuesFor(1));
    }

    function test_removeEntries_onlyTouchesCallersIndex() public {
        addEntries(1);
        bytes32[] memory labels = labelsFor(TOKEN, 0, 1);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.NoEntry.selector, labels[0]));
        vm.prank(patient2);
        index.removeEntries(labels);
        assertEq(index.entryAt(patient, labels[0]), valuesFor(1)[0], "the patient's entry kept");
    }

    /// @dev An entry of an earlier epoch (a requester's removal moved the index on) is removable.
    function test_removeEntries_inAnEarlierEpoch() public {
        addEntries(1);
        authorize(requester);
        vm.prank(patient);
        index.removeRequester(requester);
        vm.prank(patient);
        index.removeEntries(labelsFor(TOKEN, 0, 1));
        assertEq(index.entryAt(patient, index.labelAt(TOKEN, 0)), index.REMOVED_ENTRY(), "removed");
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

    // ---------------------------------------------------------- token answers

    uint256 internal constant B_LOG = 0xb1b1;

    function indexShare(uint8 member) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("index share", member))) % SECP256K1_N;
    }

    /// @dev A 2-of-3 index key with real share commitments, in a fresh epoch; returns the epoch.
    function realKey() internal returns (uint32 epoch, bytes memory c) {
        c = bytes.concat(
            compressed(mulG(indexShare(1))), compressed(mulG(indexShare(2))), compressed(mulG(indexShare(3)))
        );
        vm.prank(patient);
        epoch = index.registerIndexKey(COMMITTEE, 2, 0x7, BUNDLE_HASH, BUNDLE_REF, c);
    }

    function tokenShare(uint64 id, uint8 member, uint256 secret)
        internal
        returns (bytes memory fragment, bytes memory proof, bytes memory witness)
    {
        Case memory c = prove(
            secret, B_LOG, uint256(keccak256(abi.encode("k", id, member))), index.answerContext(id, member)
        );
        return (compressed(c.q), encodeProof(c.proof), encodeWitness(c.witness));
    }

    function commitToken(uint64 id, uint8 member, bytes memory fragment) internal {
        vm.prank(proxies[member - 1]);
        index.commit(id, id, requester, member, keccak256(fragment));
    }

    function test_tokenAnswers_tCommitsAnswerOnThePatientsTimeline() public {
        authorize(requester);
        (uint32 epoch,) = realKey();
        bytes memory b = compressed(mulG(B_LOG));
        vm.prank(requester);
        uint64 id = index.requestToken(patient, epoch, b);
        (bytes memory f1,,) = tokenShare(id, 1, indexShare(1));
        (bytes memory f2,,) = tokenShare(id, 2, indexShare(2));
        commitToken(id, 1, f1);
        vm.expectEmit(true, true, true, true, address(index));
        emit IKeywordIndex.TokenAnswered(id, patient, requester, 0x3);
        commitToken(id, 2, f2);
        (bool live,) = index.checkTokenRequest(id);
        assertTrue(live, "still answerable: late members may commit spares");
    }

    /// @dev A requester removed while its token request is in flight gets no token: the next
    /// commit rejects the request.
    function test_tokenAnswers_removalInFlightRejects() public {
        authorize(requester);
        vm.prank(requester);
        uint64 id = index.requestToken(patient, epoch1, blinded(1));
        commitToken(id, 1, blinded(7));
        vm.prank(patient);
        index.removeRequester(requester);
        (bool live, bytes4 err) = index.checkTokenRequest(id);
        assertFalse(live, "dead");
        assertEq(bytes32(err), bytes32(IKeywordIndex.RequesterDelisted.selector), "delisted");
        vm.expectEmit(true, true, true, true, address(index));
        emit IKeywordIndex.TokenRejected(id, patient, requester, IKeywordIndex.RequesterDelisted.selector);
        commitToken(id, 2, blinded(8));
    }

    struct Share {
        bytes fragment;
        bytes proof;
        bytes witness;
    }

    function test_tokenAnswers_faultNamesTheMember() public {
        authorize(requester);
        (uint32 epoch, bytes memory c) = realKey();
        bytes memory b = compressed(mulG(B_LOG));
        vm.prank(requester);
        uint64 id = index.requestToken(patient, epoch, b);
        Share memory good;
        Share memory bad;
        (good.fragment, good.proof, good.witness) = tokenShare(id, 1, indexShare(1));
        (bad.fragment, bad.proof, bad.witness) = tokenShare(id, 3, indexShare(3) + 5);
        commitToken(id, 1, good.fragment);
        commitToken(id, 3, bad.fragment);
        vm.prank(proxies[0]);
        index.reveal(id, 1, good.fragment, good.proof);
        vm.prank(proxies[2]);
        index.reveal(id, 3, bad.fragment, bad.proof);

        bytes memory wrong = abi.encode(c, keccak256("other"), b);
        vm.expectRevert(abi.encodeWithSelector(IKeywordIndex.StatementMismatch.selector, id));
        index.reportFault(id, 3, bad.fragment, bad.proof, bad.witness, wrong);
        bytes memory statement = abi.encode(c, BUNDLE_HASH, b);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.FragmentValid.selector, id, 1));
        index.reportFault(id, 1, good.fragment, good.proof, good.witness, statement);
        vm.expectEmit(true, true, false, true, address(index));
        emit IKeywordIndex.TokenFaulted(id, patient, 3, proxies[2]);
        index.reportFault(id, 3, bad.fragment, bad.proof, bad.witness, statement);
    }
}
