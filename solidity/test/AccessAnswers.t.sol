// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../src/interfaces/IAccessLedger.sol";
import {IRecordRegistry} from "../src/interfaces/IRecordRegistry.sol";
import {IThresholdAnswers} from "../src/interfaces/IThresholdAnswers.sol";
import {Dleq} from "../src/libraries/Dleq.sol";
import {GateFixture} from "./lib/GateFixture.sol";

/// @notice The named members' answers to get-access calls: terms, liveness at commit time, the
/// fault statement built from the capsule and the grant's commitments, and the gate's events.
/// @dev Fragments are real: the capsule's E is e·G and member i's share rk_i is known, so the
/// fragment rk_i·E and its DLEQ proof are made by the test prover and checked by the contract.
contract AccessAnswersTest is GateFixture {
    uint256 internal constant E_LOG = 0xe5e5;
    bytes32 internal recordId;
    uint64 internal requestId;
    bytes internal capsule;
    bytes internal commitments;

    struct Answer {
        bytes fragment;
        bytes proof;
        bytes witness;
    }

    function setUp() public override {
        super.setUp();
        capsule = capsuleWith(mulG(E_LOG));
        IRecordRegistry.VersionInput memory input = inputFor(1);
        IRecordRegistry.Approval memory approval = approvalFor(1, input);
        approval.capsuleHash = sha256(capsule);
        recordId = createRecordWith(patientKey, providerKey, saltFor(1), input, approval);
        requestId = requestAs(requester, recordId, 0);
        commitments = bytes.concat(xy(mulG(share(1))), xy(mulG(share(2))), xy(mulG(share(3))));
        IAccessLedger.GrantInput memory g = grantInput(0, 1 days);
        g.maxUses = 3;
        grantWith(requestId, g, commitments);
    }

    /// @dev A capsule object (crypto/recordkey) whose CWYD ciphertext has E = `e`.
    function capsuleWith(Dleq.Point memory e) internal pure returns (bytes memory) {
        return bytes.concat(
            bytes1(0x02),
            bytes4(0),
            new bytes(67),
            bytes1(0x03),
            bytes1(0x02),
            keccak256("D"),
            compressed(e),
            new bytes(64),
            bytes32(uint256(7))
        );
    }

    function xy(Dleq.Point memory p) internal pure returns (bytes memory) {
        return abi.encodePacked(p.x, p.y);
    }

    /// @dev Member i's re-key share rk_i.
    function share(uint8 member) internal pure returns (uint256) {
        return uint256(keccak256(abi.encode("rk share", member))) % SECP256K1_N;
    }

    function answer(uint8 member, uint256 secret) internal returns (Answer memory a) {
        Case memory c = prove(
            secret,
            E_LOG,
            uint256(keccak256(abi.encode("k", member))),
            ledger.fragmentContext(requestId, member)
        );
        a.fragment = compressed(c.q);
        a.proof = encodeProof(c.proof);
        a.witness = encodeWitness(c.witness);
    }

    function honest(uint8 member) internal returns (Answer memory) {
        return answer(member, share(member));
    }

    function invoke() internal returns (uint64 accessId) {
        accessId = invoke(requester, requestId);
    }

    function commitAs(uint64 accessId, uint8 member, Answer memory a) internal {
        vm.prank(proxies[member - 1]);
        ledger.commit(accessId, requestId, requester, member, keccak256(a.fragment));
    }

    function revealAs(uint64 accessId, uint8 member, Answer memory a) internal {
        vm.prank(proxies[member - 1]);
        ledger.reveal(accessId, member, a.fragment, a.proof);
    }

    function statement() internal view returns (bytes memory) {
        return abi.encode(capsule, commitments, REKEY_BUNDLE_HASH, grants[requestId]);
    }

    function status(uint64 accessId) internal view returns (IThresholdAnswers.AnswerStatus) {
        return ledger.answerState(accessId).status;
    }

    // ------------------------------------------------------------- fulfilment

    function test_commit_tthCommitFulfilsWithThePatientOnTheTimeline() public {
        uint64 accessId = invoke();
        Answer memory a1 = honest(1);
        Answer memory a3 = honest(3);
        commitAs(accessId, 1, a1);
        assertEq(uint256(status(accessId)), uint256(IThresholdAnswers.AnswerStatus.Open), "one of two");
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessFulfilled(accessId, requestId, patient, requester, 0x5);
        commitAs(accessId, 3, a3);
        assertEq(uint256(status(accessId)), uint256(IThresholdAnswers.AnswerStatus.Fulfilled), "fulfilled");
        revealAs(accessId, 1, a1);
        revealAs(accessId, 3, a3);
        assertEq(ledger.answerState(accessId).revealMask, 0x5, "both revealed");
    }

    /// @dev With n − t = 1 member stopped, the other two still answer.
    function test_commit_completesWithOneMemberStopped() public {
        suspend(proxies[1]); // member 2 is down for good
        uint64 accessId = invoke();
        commitAs(accessId, 1, honest(1));
        commitAs(accessId, 3, honest(3));
        assertEq(uint256(status(accessId)), uint256(IThresholdAnswers.AnswerStatus.Fulfilled), "fulfilled");
    }

    // ----------------------------------------------------------------- binding

    /// @dev An answer names the access, its request and its requester; a reorg that renumbers
    /// accesses (or a wrong id) makes it revert rather than land on another access.
    function test_commit_revertsForAnotherRequestOrRequester() public {
        uint64 accessId = invoke();
        uint64 other = requestAs(requester2, recordId, 0);
        bytes32 h = keccak256("fragment");
        vm.startPrank(proxies[0]);
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.AccessMismatch.selector, accessId, other, requester)
        );
        ledger.commit(accessId, other, requester, 1, h);
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.AccessMismatch.selector, accessId, requestId, requester2)
        );
        ledger.commit(accessId, requestId, requester2, 1, h);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.UnknownAccess.selector, accessId + 1));
        ledger.commit(accessId + 1, requestId, requester, 1, h);
        vm.stopPrank();
    }

    /// @dev Only the members the grant names answer: not the key oracle, not a proxy of another
    /// committee, not member 4 of a grant naming 1 to 3.
    function test_commit_revertsForAnyoneButANamedMember() public {
        uint64 accessId = invoke();
        bytes32 h = keccak256("fragment");
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.NotCommitteeMember.selector, COMMITTEE, 1, oracle)
        );
        vm.prank(oracle);
        ledger.commit(accessId, requestId, requester, 1, h);
        vm.expectRevert(
            abi.encodeWithSelector(IThresholdAnswers.NotCommitteeMember.selector, COMMITTEE, 2, proxies[4])
        );
        vm.prank(proxies[4]);
        ledger.commit(accessId, requestId, requester, 2, h);
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotNamedMember.selector, accessId, 4));
        vm.prank(proxies[3]);
        ledger.commit(accessId, requestId, requester, 4, h);
    }

    // ---------------------------------------------------------------- liveness

    /// @dev The grant window is judged at get-access: an access invoked in the window's last
    /// second is answered after the window closed, and after `expire` marked the grant.
    function test_commit_answersAnAccessInvokedAtTheLastSecond() public {
        vm.warp(block.timestamp + 1 days);
        uint64 accessId = invoke();
        vm.warp(block.timestamp + 13);
        ledger.expire(requestId, grants[requestId]);
        commitAs(accessId, 1, honest(1));
        commitAs(accessId, 2, honest(2));
        assertEq(
            uint256(status(accessId)), uint256(IThresholdAnswers.AnswerStatus.Fulfilled), "fulfilled late"
        );
    }

    /// @dev A revocation mined just before the t-th commit wins: the access is rejected with
    /// GrantRevoked, the commit records nothing, and nothing can be revealed, so the requester
    /// never sees a fragment and the timeline says rejected.
    function test_commit_revocationRaceRejectsAndNothingIsRevealed() public {
        uint64 accessId = invoke();
        Answer memory a1 = honest(1);
        Answer memory a2 = honest(2);
        commitAs(accessId, 1, a1);
        vm.prank(patient);
        ledger.revokeAccess(requestId);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessRejected(
            accessId, requestId, patient, requester, IAccessLedger.GrantRevoked.selector
        );
        commitAs(accessId, 2, a2);
        assertEq(uint256(status(accessId)), uint256(IThresholdAnswers.AnswerStatus.Rejected), "rejected");
        assertEq(ledger.answerHash(accessId, 2), bytes32(0), "no commit recorded");
        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.NotFulfilled.selector, accessId));
        revealAs(accessId, 1, a1);
    }

    function test_commit_rejectedWhenRecordUpdatedOrKeyRotated() public {
        uint64 first = invoke();
        uint64 second = invoke();
        vm.prank(patient);
        records.rewrapKey(recordId, keccak256("capsule g1"), "capsule g1");
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessRejected(
            first, requestId, patient, requester, IAccessLedger.KeyRewrapped.selector
        );
        commitAs(first, 1, honest(1));
        updateRecordAs(providerKey, recordId, 2);
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessRejected(
            second, requestId, patient, requester, IAccessLedger.RecordVersionStale.selector
        );
        commitAs(second, 1, honest(1));
    }

    function test_commit_rejectedWhenRequesterSuspended() public {
        uint64 accessId = invoke();
        suspend(requester);
        commitAs(accessId, 1, honest(1));
        assertEq(uint256(status(accessId)), uint256(IThresholdAnswers.AnswerStatus.Rejected), "rejected");
    }

    /// @dev Inside a batch a dead grant is answered for itself and the others go on.
    function test_commitMany_deadGrantDoesNotRevertTheOthers() public {
        uint64 live = invoke();
        uint64 otherRequest = requestAs(requester2, recordId, 0);
        IAccessLedger.GrantInput memory g = grantInput(0, 1 days);
        grantWith(otherRequest, g, commitments);
        uint64 dead = invoke(requester2, otherRequest);
        suspend(requester2);

        IThresholdAnswers.Commit[] memory batch = new IThresholdAnswers.Commit[](3);
        batch[0] = IThresholdAnswers.Commit(dead, otherRequest, requester2, 1, keccak256("f"));
        batch[1] = IThresholdAnswers.Commit(live, requestId, requester, 1, keccak256(honest(1).fragment));
        batch[2] = IThresholdAnswers.Commit(live + 9, requestId, requester, 1, keccak256("f"));
        vm.expectEmit(true, true, true, true, address(ledger));
        emit IThresholdAnswers.AnswerRefused(live + 9, proxies[0], IThresholdAnswers.UnknownAccess.selector);
        vm.prank(proxies[0]);
        ledger.commitMany(batch);
        assertEq(
            uint256(status(dead)), uint256(IThresholdAnswers.AnswerStatus.Rejected), "dead grant rejected"
        );
        assertEq(ledger.answerState(live).commitMask, 1, "live access committed");
    }

    // ------------------------------------------------------------------- faults

    function test_reportFault_namesTheMemberWithTheWrongFragment() public {
        uint64 accessId = invoke();
        Answer memory good = honest(1);
        Answer memory bad = answer(2, share(2) + 1); // not rk_2·E
        commitAs(accessId, 1, good);
        commitAs(accessId, 2, bad);
        revealAs(accessId, 1, good);
        revealAs(accessId, 2, bad);

        vm.expectEmit(true, true, true, true, address(ledger));
        emit IAccessLedger.AccessFaulted(accessId, requestId, patient, 2, proxies[1]);
        vm.prank(stranger);
        ledger.reportFault(accessId, 2, bad.fragment, bad.proof, bad.witness, statement());
        assertEq(ledger.answerState(accessId).faultMask, 0x2, "member 2 faulted");

        vm.expectRevert(abi.encodeWithSelector(IThresholdAnswers.FragmentValid.selector, accessId, 1));
        ledger.reportFault(accessId, 1, good.fragment, good.proof, good.witness, statement());
    }

    /// @dev The statement is checked against the grant commitment: another capsule (even the
    /// record's current one after a rotation) or other commitments are refused.
    function test_reportFault_checksTheStatementAgainstTheGrant() public {
        uint64 accessId = invoke();
        Answer memory bad = answer(2, share(2) + 1);
        commitAs(accessId, 2, bad);
        commitAs(accessId, 3, honest(3));
        revealAs(accessId, 2, bad);
        bytes memory otherCapsule = capsuleWith(mulG(E_LOG + 1));
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.StatementMismatch.selector, accessId));
        ledger.reportFault(
            accessId,
            2,
            bad.fragment,
            bad.proof,
            bad.witness,
            abi.encode(otherCapsule, commitments, REKEY_BUNDLE_HASH, grants[requestId])
        );
        bytes memory otherCommitments = bytes.concat(commitments);
        otherCommitments[40] ^= 0x01;
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.StatementMismatch.selector, accessId));
        ledger.reportFault(
            accessId,
            2,
            bad.fragment,
            bad.proof,
            bad.witness,
            abi.encode(capsule, otherCommitments, REKEY_BUNDLE_HASH, grants[requestId])
        );
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.InvalidStatement.selector, accessId));
        ledger.reportFault(
            accessId,
            2,
            bad.fragment,
            bad.proof,
            bad.witness,
            abi.encode(new bytes(234), commitments, REKEY_BUNDLE_HASH, grants[requestId])
        );
        IAccessLedger.Grant memory otherTerms = grants[requestId];
        otherTerms.notAfter += 1;
        vm.expectRevert(abi.encodeWithSelector(IAccessLedger.StatementMismatch.selector, accessId));
        ledger.reportFault(
            accessId,
            2,
            bad.fragment,
            bad.proof,
            bad.witness,
            abi.encode(capsule, commitments, REKEY_BUNDLE_HASH, otherTerms)
        );
        // A rotation afterwards does not stop the report: the capsule is bound in the grant.
        vm.prank(patient);
        records.rewrapKey(recordId, keccak256("capsule g1"), "capsule g1");
        ledger.reportFault(accessId, 2, bad.fragment, bad.proof, bad.witness, statement());
        assertEq(ledger.answerState(accessId).faultMask, 0x2, "faulted after the rotation");
    }

    function test_fragmentContext_isTpresBinding() public view {
        assertEq(
            ledger.fragmentContext(7, 2),
            keccak256(
                abi.encode("emrchain/pre-fragment/v1", block.chainid, address(ledger), uint256(7), uint256(2))
            ),
            "context"
        );
    }
}
