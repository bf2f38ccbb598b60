// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IKeywordIndex} from "../../src/interfaces/IKeywordIndex.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {GateFixture} from "../lib/GateFixture.sol";

/// @notice Labels, values, batch sizes and paging against the per-keyword list they encode.
contract KeywordIndexFuzzTest is GateFixture {
    function setUp() public override {
        super.setUp();
        // A 1-of-1 index key opens epoch 1, where every entry below is written.
        vm.prank(patient);
        index.registerIndexKey(
            COMMITTEE, 1, 1, keccak256("bundle"), "bafybundle", abi.encodePacked(bytes1(0x02), keccak256("c"))
        );
    }

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
            index.addEntries(1, labels, values);
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

    /// @dev Removing any subset of a keyword's entries marks exactly those positions; every page
    /// still spans the whole list, so no live entry is hidden behind a removed one.
    function testFuzz_removeEntries_marksOnlyTheRemoved(
        bytes32 token,
        uint256 n,
        uint256 removedMask,
        uint256 limit
    ) public {
        n = bound(n, 1, 40);
        limit = bound(limit, 1, 9);
        appendEntries(token, token, n, removedMask);
        uint256 count;
        for (uint256 i; i < n; ++i) {
            if (removedMask >> i & 1 == 1) ++count;
        }
        if (count > 0) {
            bytes32[] memory labels = new bytes32[](count);
            uint256 k;
            // Highest position first: removal order does not matter.
            for (uint256 i = n; i > 0; --i) {
                if (removedMask >> (i - 1) & 1 == 1) labels[k++] = index.labelAt(token, i - 1);
            }
            vm.expectEmit(true, false, false, true, address(index));
            emit IKeywordIndex.EntriesRemoved(patient, count);
            vm.prank(patient);
            index.removeEntries(labels);
        }
        uint256 offset;
        bool more = true;
        while (more) {
            bytes32[] memory page;
            (page, more) = index.entries(patient, token, offset, limit);
            for (uint256 i; i < page.length; ++i) {
                uint256 at = offset + i;
                bytes32 want = removedMask >> at & 1 == 1 ? index.REMOVED_ENTRY() : valueAt(token, at);
                assertEq(page[i], want, "value");
            }
            offset += page.length;
        }
        assertEq(offset, n, "every position returned exactly once");
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
        index.addEntries(1, labels, values);
    }

    function testFuzz_addEntries_lengthsMustMatch(uint256 labelCount, uint256 valueCount) public {
        labelCount = bound(labelCount, 0, 20);
        valueCount = bound(valueCount, 0, 20);
        vm.assume(labelCount != valueCount || labelCount == 0);
        vm.expectRevert(IKeywordIndex.LengthMismatch.selector);
        vm.prank(patient);
        index.addEntries(1, new bytes32[](labelCount), new bytes32[](valueCount));
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
        index.addEntries(1, l, v);
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

    /// @dev Epochs and keys against a model: each op registers a key, removes a requester (after
    /// adding it), writes an entry in some epoch, or asks for a token of some epoch. The model says
    /// which succeed: writes only in the current epoch with a key, tokens for any keyed epoch up to
    /// the current one, and a key registration fills the current epoch or opens the next.
    function testFuzz_epochs_matchModel(uint8[24] calldata ops) public {
        bool[64] memory keyed;
        keyed[1] = true; // from setUp
        uint32 current = 1;
        vm.prank(patient);
        index.addRequester(requester);
        for (uint256 step; step < ops.length; ++step) {
            uint8 op = ops[step];
            uint32 target = uint32(op >> 2) % (current + 2); // sometimes past the current epoch
            if (op % 4 == 0) {
                if (keyed[current]) ++current;
                keyed[current] = true;
                vm.prank(patient);
                uint32 e = index.registerIndexKey(
                    COMMITTEE,
                    1,
                    1,
                    keccak256("bundle"),
                    "bafybundle",
                    abi.encodePacked(bytes1(0x02), keccak256("c"))
                );
                assertEq(e, current, "key epoch");
            } else if (op % 4 == 1) {
                vm.startPrank(patient);
                index.addRequester(requester2);
                index.removeRequester(requester2);
                vm.stopPrank();
                ++current;
            } else if (op % 4 == 2) {
                bytes32[] memory l = new bytes32[](1);
                bytes32[] memory v = new bytes32[](1);
                l[0] = keccak256(abi.encode("label", step));
                v[0] = keccak256(abi.encode("value", step));
                bool ok = target == current && keyed[current];
                if (!ok) {
                    vm.expectRevert(
                        target != current
                            ? abi.encodeWithSelector(IKeywordIndex.WrongEpoch.selector, target, current)
                            : abi.encodeWithSelector(IKeywordIndex.NoIndexKey.selector, patient, current)
                    );
                }
                vm.prank(patient);
                index.addEntries(target, l, v);
            } else {
                bool ok = target <= current && keyed[target];
                if (!ok) {
                    vm.expectRevert(
                        abi.encodeWithSelector(IKeywordIndex.NoIndexKey.selector, patient, target)
                    );
                }
                vm.prank(requester);
                index.requestToken(
                    patient, target, abi.encodePacked(bytes1(0x02), keccak256(abi.encode(step)))
                );
            }
            assertEq(index.epochOf(patient), current, "epoch");
        }
    }
}

/// @notice The token-request answer round against a model: a 2-of-3 index key, one token request,
/// then a fuzzed sequence of commits, declines and reveals by members 1 to 3 (and the proxy
/// outside the committee), the requester's removal from the list, its suspension and
/// reinstatement. Every call's outcome is predicted to the exact error; the request is answered
/// exactly when two members committed while the requester was still listed and active, and
/// rejected for a delisted or suspended requester at the next commit or decline, or when two of
/// the three declined.
contract KeywordIndexTokenFuzzTest is GateFixture {
    uint16 internal constant MASK = 0x7;
    uint8 internal constant T = 2;

    function setUp() public override {
        super.setUp();
        vm.startPrank(patient);
        index.registerIndexKey(COMMITTEE, T, MASK, keccak256("bundle"), "bafybundle", fakePoints(3, "index"));
        index.addRequester(requester);
        vm.stopPrank();
    }

    struct Model {
        IThresholdAnswers.AnswerStatus status;
        uint16 commits;
        uint16 declines;
        uint16 reveals;
        bool listed;
        bool active;
    }

    function testFuzz_tokenAnswers_matchModel(uint8[20] calldata ops) public {
        vm.prank(requester);
        uint64 id = index.requestToken(patient, 1, abi.encodePacked(bytes1(0x02), keccak256("b")));
        Model memory s = Model(IThresholdAnswers.AnswerStatus.Open, 0, 0, 0, true, true);
        for (uint256 step; step < ops.length; ++step) {
            uint8 op = ops[step];
            uint8 m = uint8(1 + (op >> 3) % 4); // 4 is the proxy outside the committee
            uint256 kind = op % 8;
            if (kind <= 2) {
                _commit(id, m, s);
            } else if (kind == 3) {
                _decline(id, m, s);
            } else if (kind == 4) {
                _reveal(id, m, s);
            } else if (kind == 5 && s.listed) {
                vm.prank(patient);
                index.removeRequester(requester);
                s.listed = false;
            } else if (kind == 6) {
                if (s.active) suspend(requester);
                else reinstate(requester);
                s.active = !s.active;
            }
            IThresholdAnswers.AnswerState memory st = index.answerState(id);
            assertEq(uint256(st.status), uint256(s.status), "status");
            assertEq(st.commitMask, s.commits, "commits");
            assertEq(st.declineMask, s.declines, "declines");
            assertEq(st.revealMask, s.reveals, "reveals");
        }
    }

    function _dead(Model memory s) internal view returns (bytes memory) {
        if (!s.listed) {
            return abi.encodeWithSelector(IKeywordIndex.RequesterDelisted.selector, patient, requester);
        }
        if (!s.active) return abi.encodeWithSelector(IKeywordIndex.RequesterNotActive.selector, requester);
        return "";
    }

    function _commit(uint64 id, uint8 m, Model memory s) internal {
        uint16 bit = uint16(1) << (m - 1);
        bytes memory want;
        bool rejects;
        if (MASK & bit == 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, id, m);
        } else if (s.status == IThresholdAnswers.AnswerStatus.Rejected) {
            want = abi.encodeWithSelector(IThresholdAnswers.AccessNotOpen.selector, id, s.status);
        } else if (s.commits & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyCommitted.selector, id, m);
        } else if (s.declines & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyDeclined.selector, id, m);
        } else if (_dead(s).length != 0) {
            if (s.status == IThresholdAnswers.AnswerStatus.Open) rejects = true;
            else want = _dead(s);
        }
        if (want.length != 0) vm.expectRevert(want);
        vm.prank(proxies[m - 1]);
        index.commit(id, id, requester, m, keccak256(fragment(m)));
        if (want.length != 0) return;
        if (rejects) {
            s.status = IThresholdAnswers.AnswerStatus.Rejected;
            return;
        }
        s.commits |= bit;
        if (s.status == IThresholdAnswers.AnswerStatus.Open && _popcount(s.commits) >= T) {
            s.status = IThresholdAnswers.AnswerStatus.Fulfilled;
        }
    }

    function _decline(uint64 id, uint8 m, Model memory s) internal {
        uint16 bit = uint16(1) << (m - 1);
        bytes memory want;
        bool rejects;
        if (MASK & bit == 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, id, m);
        } else if (s.status != IThresholdAnswers.AnswerStatus.Open) {
            want = abi.encodeWithSelector(IThresholdAnswers.AccessNotOpen.selector, id, s.status);
        } else if (s.commits & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyCommitted.selector, id, m);
        } else if (s.declines & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyDeclined.selector, id, m);
        } else if (_dead(s).length != 0) {
            rejects = true;
        }
        if (want.length != 0) vm.expectRevert(want);
        vm.prank(proxies[m - 1]);
        index.decline(id, id, requester, m, 1);
        if (want.length != 0) return;
        if (rejects) {
            s.status = IThresholdAnswers.AnswerStatus.Rejected;
            return;
        }
        s.declines |= bit;
        if (_popcount(s.declines) + T > 3) s.status = IThresholdAnswers.AnswerStatus.Rejected;
    }

    function _reveal(uint64 id, uint8 m, Model memory s) internal {
        uint16 bit = uint16(1) << (m - 1);
        bytes memory want;
        if (MASK & bit == 0) {
            want = abi.encodeWithSelector(
                IThresholdAnswers.NotCommitteeMember.selector, COMMITTEE, m, proxies[m - 1]
            );
        } else if (s.status != IThresholdAnswers.AnswerStatus.Fulfilled) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotFulfilled.selector, id);
        } else if (s.commits & bit == 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.NotCommitted.selector, id, m);
        } else if (s.reveals & bit != 0) {
            want = abi.encodeWithSelector(IThresholdAnswers.AlreadyRevealed.selector, id, m);
        }
        if (want.length != 0) vm.expectRevert(want);
        vm.prank(proxies[m - 1]);
        index.reveal(
            id, m, fragment(m), bytes.concat(keccak256(abi.encode("c", m)), keccak256(abi.encode("s", m)))
        );
        if (want.length == 0) s.reveals |= bit;
    }

    function fragment(uint8 m) internal pure returns (bytes memory) {
        return bytes.concat(bytes1(0x02), keccak256(abi.encode("share", m)));
    }
}
