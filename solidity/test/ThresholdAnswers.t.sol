// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IThresholdAnswers} from "../src/interfaces/IThresholdAnswers.sol";
import {Dleq} from "../src/libraries/Dleq.sol";
import {Reasons} from "../src/libraries/Reasons.sol";
import {AnswersFixture} from "./lib/AnswersFixture.sol";
import {MockGate} from "./mocks/MockGate.sol";

/// @title ThresholdAnswersTest
/// @notice The answer round through a mock gate: each step's effects and events, every error of
/// the single-item calls, batches that refuse items without reverting, and fault reports.
contract ThresholdAnswersTest is AnswersFixture {
    uint16 internal constant ALL = 0x1f; // members 1 to 5

    // ------------------------------------------------------------------ commit

    function test_commit_recordsAndEmits() public {
        uint64 id = openAccess(3, ALL);
        Answer memory a = answerFor(id, 2, 0);
        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerCommitted(id, node(2), 2, keccak256(a.fragment));
        commitAs(id, 2, a);
        IThresholdAnswers.AnswerState memory st = state(id);
        assertEq(st.commitMask, 2, "commitMask");
        assertEq(st.commits, 1, "commits");
        assertEq(uint256(st.status), uint256(IThresholdAnswers.AnswerStatus.Open), "still open");
        assertEq(gate.answerHash(id, 2), keccak256(a.fragment), "answerHash");
    }

    /// @notice The t-th commit fulfils the access, once, with the committing members' mask.
    function test_commit_thresholdFulfilsOnce() public {
        uint64 id = openAccess(3, ALL);
        commitAs(id, 1, answerFor(id, 1, 0));
        commitAs(id, 4, answerFor(id, 4, 0));
        Answer memory third = answerFor(id, 5, 0);
        vm.expectEmit(true, true, true, true, address(gate));
        emit IThresholdAnswers.AnswerFulfilled(id, REQUEST, requester, committee, 0x19);
        vm.expectEmit(false, false, false, true, address(gate));
        emit MockGate.FulfilledHook(id, 0x19);
        commitAs(id, 5, third);
        assertEq(uint256(state(id).status), uint256(IThresholdAnswers.AnswerStatus.Fulfilled), "fulfilled");

        // A spare commit after fulfilment is recorded, without a second receipt or hook call.
        Answer memory spare = answerFor(id, 2, 0);
        vm.recordLogs();
        commitAs(id, 2, spare);
        assertEq(vm.getRecordedLogs().length, 1, "only AnswerCommitted");
        assertEq(state(id).commits, 4, "four commits");
    }

    function test_commit_revertsForUnknownAccess() public {
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.UnknownAccess.selector, 9));
        vm.prank(node(1));
        gate.commit(9, REQUEST, requester, 1, keccak256("f"));
    }

    /// @notice An answer names its request and requester: after a reorg renumbers accesses, an
    /// answer meant for another access reverts.
    function test_commit_revertsOnBindingMismatch() public {
        uint64 id = openAccess(3, ALL);
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.AccessMismatch.selector, id, REQUEST + 1, requester)
        );
        vm.prank(node(1));
        gate.commit(id, REQUEST + 1, requester, 1, keccak256("f"));
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.AccessMismatch.selector, id, REQUEST, requester2)
        );
        vm.prank(node(1));
        gate.commit(id, REQUEST, requester2, 1, keccak256("f"));
    }

    function test_commit_revertsForMemberNotNamed() public {
        uint64 id = openAccess(2, 0x05); // members 1 and 3
        uint8[3] memory bad = [uint8(2), 0, 17];
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, id, bad[i]));
            vm.prank(node(2));
            gate.commit(id, REQUEST, requester, bad[i], keccak256("f"));
        }
    }

    /// @notice Only the member itself answers for its index: not another member, not an enrolled
    /// oracle, not a suspended member.
    function test_commit_revertsForWrongSender() public {
        uint64 id = openAccess(3, ALL);
        address[3] memory senders = [node(2), oracle, proxies[5]];
        for (uint256 i; i < senders.length; ++i) {
            vm.expectRevert(
                abi.encodeWithSelector(
                    IThresholdAnswers.NotCommitteeMember.selector, committee, 1, senders[i]
                )
            );
            vm.prank(senders[i]);
            gate.commit(id, REQUEST, requester, 1, keccak256("f"));
        }
        suspend(node(1));
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.NotCommitteeMember.selector, committee, 1, node(1))
        );
        vm.prank(node(1));
        gate.commit(id, REQUEST, requester, 1, keccak256("f"));
    }

    function test_commit_revertsOnEmptyHashAndRepeats() public {
        uint64 id = openAccess(3, ALL);
        vm.expectRevert(IThresholdAnswers.EmptyFragmentHash.selector);
        vm.prank(node(1));
        gate.commit(id, REQUEST, requester, 1, bytes32(0));

        commitAs(id, 1, answerFor(id, 1, 0));
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.AlreadyCommitted.selector, id, 1));
        vm.prank(node(1));
        gate.commit(id, REQUEST, requester, 1, keccak256("other"));

        declineAs(id, 2);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.AlreadyDeclined.selector, id, 2));
        vm.prank(node(2));
        gate.commit(id, REQUEST, requester, 2, keccak256("f"));
    }

    function test_commit_revertsOnRejectedAccess() public {
        uint64 id = openAccess(3, ALL);
        gate.kill(id);
        declineAs(id, 1); // rejects at once
        gate.revive(id);
        vm.expectRevert(
            abi.encodeWithSelector(
                IThresholdAnswers.AccessNotOpen.selector, id, IThresholdAnswers.AnswerStatus.Rejected
            )
        );
        vm.prank(node(2));
        gate.commit(id, REQUEST, requester, 2, keccak256("f"));
    }

    /// @notice A dead grant found at a commit rejects the open access with the gate's reason, and
    /// records no commit: the timeline says rejected and no fragment hash is on chain.
    function test_commit_deadGrantRejectsOpenAccess() public {
        uint64 id = openAccess(3, ALL);
        commitAs(id, 1, answerFor(id, 1, 0));
        gate.kill(id);
        vm.expectEmit(true, true, true, true, address(gate));
        emit IThresholdAnswers.AnswerRejected(id, REQUEST, requester, MockGate.GrantDead.selector);
        vm.expectEmit(false, false, false, true, address(gate));
        emit MockGate.RejectedHook(id, MockGate.GrantDead.selector);
        vm.prank(node(2));
        gate.commit(id, REQUEST, requester, 2, keccak256("f"));
        IThresholdAnswers.AnswerState memory st = state(id);
        assertEq(uint256(st.status), uint256(IThresholdAnswers.AnswerStatus.Rejected), "rejected");
        assertEq(st.commitMask, 1, "member 2's commit not recorded");
        assertEq(gate.answerHash(id, 2), bytes32(0), "no hash");
    }

    /// @notice Once fulfilled, the receipt stands; a late commit on a dead grant reverts with the
    /// gate's error and the access stays fulfilled.
    function test_commit_deadGrantRefusesLateCommit() public {
        uint64 id = fulfilled(3);
        gate.kill(id);
        vm.expectRevert(abi.encodeWithSelector(MockGate.GrantDead.selector, id));
        vm.prank(node(4));
        gate.commit(id, REQUEST, requester, 4, keccak256("f"));
        assertEq(
            uint256(state(id).status), uint256(IThresholdAnswers.AnswerStatus.Fulfilled), "still fulfilled"
        );
    }

    // ------------------------------------------------------------------ reveal

    function test_reveal_emitsAndBindsTheProof() public {
        uint64 id = openAccess(2, ALL);
        Answer memory a1 = answerFor(id, 1, 0);
        commitAs(id, 1, a1);
        commitAs(id, 2, answerFor(id, 2, 0));
        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerRevealed(id, node(1), 1, a1.fragment, a1.proof);
        revealAs(id, 1, a1);
        assertEq(state(id).revealMask, 1, "revealMask");
        assertEq(gate.answerHash(id, 1), keccak256(bytes.concat(a1.fragment, a1.proof)), "fragment and proof");
    }

    /// @notice A revoke after the receipt does not stop the reveal: the chain recorded the read
    /// as answered before any key material could leave.
    function test_reveal_afterDeadGrantOnceFulfilled() public {
        uint64 id = openAccess(1, ALL);
        Answer memory a = answerFor(id, 3, 0);
        commitAs(id, 3, a);
        gate.kill(id);
        revealAs(id, 3, a);
        assertEq(state(id).revealMask, 4, "revealed");
    }

    function test_reveal_revertsBeforeFulfilment() public {
        uint64 id = openAccess(3, ALL);
        Answer memory a = answerFor(id, 1, 0);
        commitAs(id, 1, a);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotFulfilled.selector, id));
        revealAs(id, 1, a);
    }

    function test_reveal_revertsWithoutOwnCommit() public {
        uint64 id = fulfilled(2);
        Answer memory a = answerFor(id, 5, 0);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotCommitted.selector, id, 5));
        revealAs(id, 5, a);
    }

    function test_reveal_revertsForOtherFragmentOrRepeat() public {
        uint64 id = openAccess(1, ALL);
        Answer memory a = answerFor(id, 1, 0);
        commitAs(id, 1, a);
        Answer memory other = answerFor(id, 2, 0);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.FragmentMismatch.selector, id, 1));
        vm.prank(node(1));
        gate.reveal(id, 1, other.fragment, a.proof);
        revealAs(id, 1, a);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.AlreadyRevealed.selector, id, 1));
        revealAs(id, 1, a);
    }

    function test_reveal_revertsOnMalformedLengthsAndWrongSender() public {
        uint64 id = openAccess(1, ALL);
        Answer memory a = answerFor(id, 1, 0);
        commitAs(id, 1, a);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.MalformedAnswer.selector, 34, 64));
        vm.prank(node(1));
        gate.reveal(id, 1, bytes.concat(a.fragment, hex"00"), a.proof);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.MalformedAnswer.selector, 33, 63));
        vm.prank(node(1));
        gate.reveal(id, 1, a.fragment, new bytes(63));
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.NotCommitteeMember.selector, committee, 1, node(2))
        );
        vm.prank(node(2));
        gate.reveal(id, 1, a.fragment, a.proof);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.UnknownAccess.selector, 99));
        vm.prank(node(1));
        gate.reveal(99, 1, a.fragment, a.proof);
    }

    // ----------------------------------------------------------------- decline

    /// @notice n = 5, t = 3: the third decline leaves too few members and rejects the access.
    function test_decline_rejectsWhenMoreThanNMinusT() public {
        uint64 id = openAccess(3, ALL);
        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerDeclined(id, node(1), 1, 4);
        declineAs(id, 1);
        declineAs(id, 2);
        assertEq(
            uint256(state(id).status), uint256(IThresholdAnswers.AnswerStatus.Open), "two declines: open"
        );
        commitAs(id, 3, answerFor(id, 3, 0));
        vm.expectEmit(true, true, true, true, address(gate));
        emit IThresholdAnswers.AnswerRejected(
            id, REQUEST, requester, IThresholdAnswers.TooManyDeclines.selector
        );
        vm.expectEmit(false, false, false, true, address(gate));
        emit MockGate.RejectedHook(id, IThresholdAnswers.TooManyDeclines.selector);
        declineAs(id, 4);
        IThresholdAnswers.AnswerState memory st = state(id);
        assertEq(uint256(st.status), uint256(IThresholdAnswers.AnswerStatus.Rejected), "rejected");
        assertEq(st.declineMask, 0x0b, "declineMask");
        assertEq(st.declines, 3, "declines");
    }

    function test_decline_revertsOnBadReasonRepeatsAndClosedAccess() public {
        uint64 id = openAccess(2, ALL);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.InvalidReason.selector, 0));
        vm.prank(node(1));
        gate.decline(id, REQUEST, requester, 1, 0);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.InvalidReason.selector, Reasons.MAX + 1));
        vm.prank(node(1));
        gate.decline(id, REQUEST, requester, 1, Reasons.MAX + 1);

        declineAs(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.AlreadyDeclined.selector, id, 1));
        declineAs(id, 1);
        commitAs(id, 2, answerFor(id, 2, 0));
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.AlreadyCommitted.selector, id, 2));
        declineAs(id, 2);

        commitAs(id, 3, answerFor(id, 3, 0)); // fulfils
        vm.expectRevert(
            abi.encodeWithSelector(
                IThresholdAnswers.AccessNotOpen.selector, id, IThresholdAnswers.AnswerStatus.Fulfilled
            )
        );
        declineAs(id, 4);
    }

    function test_decline_revertsOnBindingAndMembership() public {
        uint64 id = openAccess(2, 0x03);
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.AccessMismatch.selector, id, REQUEST, stranger)
        );
        vm.prank(node(1));
        gate.decline(id, REQUEST, stranger, 1, 4);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, id, 3));
        declineAs(id, 3);
    }

    function test_decline_deadGrantRejectsAtOnce() public {
        uint64 id = openAccess(2, ALL);
        gate.kill(id);
        vm.expectEmit(true, true, true, true, address(gate));
        emit IThresholdAnswers.AnswerRejected(id, REQUEST, requester, MockGate.GrantDead.selector);
        declineAs(id, 1);
        IThresholdAnswers.AnswerState memory st = state(id);
        assertEq(uint256(st.status), uint256(IThresholdAnswers.AnswerStatus.Rejected), "rejected");
        assertEq(st.declines, 0, "decline not counted");
    }

    // ------------------------------------------------------------ reportFault

    /// @notice A wrong fragment is caught, named and recorded, by anyone.
    function test_reportFault_recordsInvalidProof() public {
        uint64 id = openAccess(2, ALL);
        Answer memory good = answerFor(id, 1, 0);
        Answer memory bad = answerFor(id, 2, 7);
        commitAs(id, 1, good);
        commitAs(id, 2, bad);
        revealAs(id, 2, bad);
        vm.expectEmit(true, true, true, true, address(gate));
        emit IThresholdAnswers.FragmentFaulted(id, 2, node(2), stranger);
        vm.expectEmit(false, false, false, true, address(gate));
        emit MockGate.FaultedHook(id, 2, node(2));
        vm.prank(stranger);
        gate.reportFault(id, 2, bad.fragment, bad.proof, bad.witness, bad.statement);
        assertEq(state(id).faultMask, 2, "faultMask");

        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.AlreadyFaulted.selector, id, 2));
        gate.reportFault(id, 2, bad.fragment, bad.proof, bad.witness, bad.statement);
    }

    function test_reportFault_revertsForValidProof() public {
        uint64 id = openAccess(1, ALL);
        Answer memory a = answerFor(id, 1, 0);
        commitAs(id, 1, a);
        revealAs(id, 1, a);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.FragmentValid.selector, id, 1));
        gate.reportFault(id, 1, a.fragment, a.proof, a.witness, a.statement);
        assertEq(state(id).faultMask, 0, "no fault");
    }

    /// @notice The reporter cannot frame a member: not with a proof other than the revealed one,
    /// not with a wrong witness, not with another statement.
    function test_reportFault_cannotFrameAnHonestMember() public {
        uint64 id = openAccess(1, ALL);
        Answer memory a = answerFor(id, 1, 0);
        commitAs(id, 1, a);
        revealAs(id, 1, a);

        bytes memory forged = bytes.concat(a.proof);
        forged[63] ^= 0x01;
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.FragmentMismatch.selector, id, 1));
        gate.reportFault(id, 1, a.fragment, forged, a.witness, a.statement);

        bytes memory witness = bytes.concat(a.witness);
        witness[10] ^= 0x01;
        vm.expectRevert(Dleq.InvalidWitness.selector);
        gate.reportFault(id, 1, a.fragment, a.proof, witness, a.statement);

        Answer memory other = answerFor(id, 2, 0);
        vm.expectRevert(abi.encodeWithSelector(MockGate.StatementMismatch.selector, id, 1));
        gate.reportFault(id, 1, a.fragment, a.proof, a.witness, other.statement);
    }

    function test_reportFault_revertsBeforeReveal() public {
        uint64 id = openAccess(2, ALL);
        Answer memory a = answerFor(id, 1, 3);
        commitAs(id, 1, a);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotRevealed.selector, id, 1));
        gate.reportFault(id, 1, a.fragment, a.proof, a.witness, a.statement);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotRevealed.selector, id, 0));
        gate.reportFault(id, 0, a.fragment, a.proof, a.witness, a.statement);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.UnknownAccess.selector, 77));
        gate.reportFault(77, 1, a.fragment, a.proof, a.witness, a.statement);
    }

    /// @notice A revealed fragment that is no point of the curve is a fault by itself.
    function test_reportFault_fragmentOffTheCurve() public {
        uint64 id = openAccess(1, ALL);
        Answer memory a = answerFor(id, 1, 0);
        a.fragment = abi.encodePacked(bytes1(0x02), uint256(5)); // no point has x = 5
        commitAs(id, 1, a);
        revealAs(id, 1, a);
        gate.reportFault(id, 1, a.fragment, a.proof, "", a.statement);
        assertEq(state(id).faultMask, 1, "faulted");
    }

    /// @notice A proof with a scalar out of range is invalid without a witness.
    function test_reportFault_scalarOutOfRange() public {
        uint64 id = openAccess(1, ALL);
        Answer memory a = answerFor(id, 1, 0);
        a.proof = abi.encodePacked(uint256(1), SECP256K1_N);
        commitAs(id, 1, a);
        revealAs(id, 1, a);
        gate.reportFault(id, 1, a.fragment, a.proof, "", a.statement);
        assertEq(state(id).faultMask, 1, "faulted");
    }

    // ---------------------------------------------------------------- batches

    /// @notice One bad item never reverts a batch: each is answered, refused or rejected for itself.
    function test_commitMany_eachItemStandsAlone() public {
        uint64 live = openAccess(2, ALL);
        uint64 deadId = openAccess(2, ALL);
        uint64 narrow = openAccess(1, 0x02); // only member 2
        gate.kill(deadId);
        Answer memory a = answerFor(live, 1, 0);

        IThresholdAnswers.Commit[] memory items = new IThresholdAnswers.Commit[](4);
        items[0] = IThresholdAnswers.Commit(live, REQUEST, requester, 1, keccak256(a.fragment));
        items[1] = IThresholdAnswers.Commit(deadId, REQUEST, requester, 1, keccak256("f"));
        items[2] = IThresholdAnswers.Commit(narrow, REQUEST, requester, 1, keccak256("f"));
        items[3] = IThresholdAnswers.Commit(live, REQUEST + 5, requester, 1, keccak256("f"));

        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerCommitted(live, node(1), 1, keccak256(a.fragment));
        vm.expectEmit(true, true, true, true, address(gate));
        emit IThresholdAnswers.AnswerRejected(deadId, REQUEST, requester, MockGate.GrantDead.selector);
        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerRefused(narrow, node(1), IThresholdAnswers.NotNamedMember.selector);
        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerRefused(live, node(1), IThresholdAnswers.AccessMismatch.selector);
        vm.prank(node(1));
        gate.commitMany(items);

        assertEq(state(live).commitMask, 1, "live committed");
        assertEq(
            uint256(state(deadId).status), uint256(IThresholdAnswers.AnswerStatus.Rejected), "dead rejected"
        );
        assertEq(state(narrow).commitMask, 0, "narrow untouched");
    }

    function test_revealMany_eachItemStandsAlone() public {
        uint64 id = openAccess(2, ALL);
        Answer memory a1 = answerFor(id, 1, 0);
        Answer memory a2 = answerFor(id, 2, 0);
        commitAs(id, 1, a1);
        commitAs(id, 2, a2);
        IThresholdAnswers.Reveal[] memory items = new IThresholdAnswers.Reveal[](3);
        items[0] = IThresholdAnswers.Reveal(id, 1, a2.fragment, a2.proof); // not member 1's fragment
        items[1] = IThresholdAnswers.Reveal(id, 1, a1.fragment, a1.proof);
        items[2] = IThresholdAnswers.Reveal(id, 1, a1.fragment, a1.proof); // repeat
        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerRefused(id, node(1), IThresholdAnswers.FragmentMismatch.selector);
        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerRevealed(id, node(1), 1, a1.fragment, a1.proof);
        vm.expectEmit(true, true, false, true, address(gate));
        emit IThresholdAnswers.AnswerRefused(id, node(1), IThresholdAnswers.AlreadyRevealed.selector);
        vm.prank(node(1));
        gate.revealMany(items);
        assertEq(state(id).revealMask, 1, "member 1 revealed once");
    }

    function test_declineMany_eachItemStandsAlone() public {
        uint64 a = openAccess(1, 0x01);
        uint64 b = openAccess(1, ALL);
        IThresholdAnswers.Decline[] memory items = new IThresholdAnswers.Decline[](3);
        items[0] = IThresholdAnswers.Decline(a, REQUEST, requester, 1, 4); // n − t = 0: rejects
        items[1] = IThresholdAnswers.Decline(b, REQUEST, requester, 1, 0); // bad reason
        items[2] = IThresholdAnswers.Decline(b, REQUEST, requester, 1, 2);
        vm.prank(node(1));
        gate.declineMany(items);
        assertEq(uint256(state(a).status), uint256(IThresholdAnswers.AnswerStatus.Rejected), "a rejected");
        assertEq(state(b).declineMask, 1, "b declined once");
    }

    function test_batches_revertWhenEmpty() public {
        vm.expectRevert(IThresholdAnswers.EmptyBatch.selector);
        gate.commitMany(new IThresholdAnswers.Commit[](0));
        vm.expectRevert(IThresholdAnswers.EmptyBatch.selector);
        gate.revealMany(new IThresholdAnswers.Reveal[](0));
        vm.expectRevert(IThresholdAnswers.EmptyBatch.selector);
        gate.declineMany(new IThresholdAnswers.Decline[](0));
    }

    // ------------------------------------------------------------------ fuzz

    /// @notice Any order of commits and declines by the named members: the access is fulfilled
    /// exactly when t commits land before more than n − t declines, rejected exactly when the
    /// declines get there first, and never both.
    function testFuzz_commitsAndDeclines_settleByCount(uint16 mask, uint8 t, uint8[16] calldata order)
        public
    {
        mask = uint16(bound(mask, 1, ALL));
        uint256 n = popcount(mask);
        t = uint8(bound(t, 1, n));
        uint64 id = openAccess(t, mask);
        uint256 commits;
        uint256 declines;
        IThresholdAnswers.AnswerStatus want;
        for (uint256 i; i < order.length; ++i) {
            uint8 member = uint8(order[i] % 5) + 1;
            bool commitIt = order[i] & 0x80 == 0;
            uint16 bit = uint16(1) << (member - 1);
            IThresholdAnswers.AnswerState memory before = state(id);
            bool acts = mask & bit != 0 && (before.commitMask | before.declineMask) & bit == 0
                && (commitIt
                        ? want != IThresholdAnswers.AnswerStatus.Rejected
                        : want == IThresholdAnswers.AnswerStatus.Open);
            vm.prank(node(member));
            if (commitIt) {
                try gate.commit(id, REQUEST, requester, member, keccak256(abi.encode(member))) {
                    assertTrue(acts, "commit accepted");
                } catch {
                    assertFalse(acts, "commit refused");
                }
            } else {
                try gate.decline(id, REQUEST, requester, member, 2) {
                    assertTrue(acts, "decline accepted");
                } catch {
                    assertFalse(acts, "decline refused");
                }
            }
            if (!acts) continue;
            if (commitIt) ++commits;
            else ++declines;
            if (want == IThresholdAnswers.AnswerStatus.Open) {
                if (commits >= t) want = IThresholdAnswers.AnswerStatus.Fulfilled;
                else if (declines + t > n) want = IThresholdAnswers.AnswerStatus.Rejected;
            }
            assertEq(uint256(state(id).status), uint256(want), "status");
        }
        IThresholdAnswers.AnswerState memory st = state(id);
        assertEq(st.commits, commits, "commits");
        assertEq(st.declines, declines, "declines");
        assertEq(popcount(st.commitMask), commits, "commitMask");
        assertEq(st.commitMask & st.declineMask, 0, "no member both commits and declines");
        assertEq(
            st.status == IThresholdAnswers.AnswerStatus.Fulfilled, commits >= t, "fulfilled iff t commits"
        );
    }

    /// @notice Any change to a member's response is caught and recorded, whatever the change.
    function testFuzz_reportFault_anyTamperedResponse(uint256 tamper, uint8 member) public {
        member = uint8(bound(member, 1, 5));
        tamper = bound(tamper, 1, SECP256K1_N - 1);
        uint64 id = openAccess(1, ALL);
        Answer memory a = answerFor(id, member, tamper);
        commitAs(id, member, a);
        revealAs(id, member, a);
        gate.reportFault(id, member, a.fragment, a.proof, a.witness, a.statement);
        assertEq(state(id).faultMask, uint16(1) << (member - 1), "faulted");
    }

    /// @notice Any binding other than the access's own is refused, in a batch as alone.
    function testFuzz_commit_bindingMustMatch(uint64 requestId, address who) public {
        vm.assume(requestId != REQUEST || who != requester);
        uint64 id = openAccess(1, ALL);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.AccessMismatch.selector, id, requestId, who));
        vm.prank(node(1));
        gate.commit(id, requestId, who, 1, keccak256("f"));
        IThresholdAnswers.Commit[] memory items = new IThresholdAnswers.Commit[](1);
        items[0] = IThresholdAnswers.Commit(id, requestId, who, 1, keccak256("f"));
        vm.prank(node(1));
        gate.commitMany(items);
        assertEq(state(id).commitMask, 0, "nothing committed");
    }

    // --------------------------------------------------------------- helpers

    /// @notice An access with threshold t fulfilled by members 1 to t.
    function fulfilled(uint8 t) internal returns (uint64 id) {
        id = openAccess(t, ALL);
        for (uint8 m = 1; m <= t; ++m) {
            commitAs(id, m, answerFor(id, m, 0));
        }
        require(state(id).status == IThresholdAnswers.AnswerStatus.Fulfilled, "not fulfilled");
    }

    function popcount(uint16 mask) internal pure returns (uint256 c) {
        for (; mask != 0; mask >>= 1) {
            c += mask & 1;
        }
    }
}
