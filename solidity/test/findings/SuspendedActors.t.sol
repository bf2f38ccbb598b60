// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {IAttributeRegistry} from "../../src/interfaces/IAttributeRegistry.sol";
import {IProxyNetwork} from "../../src/interfaces/IProxyNetwork.sol";
import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {GateFixture} from "../lib/GateFixture.sol";

/// @notice Suspension takes effect everywhere: the actors the per-contract tests leave out. A
/// suspended committee member can neither commit, decline nor reveal at any gate (and inside a
/// batch its item is refused for itself while the others stand); a suspended proxy cannot deal or
/// complain in a key generation; a suspended attribute authority cannot assign or revoke.
/// (AccessLedger.expire and reportFault take no actor by design: the first only records what block
/// time already says, the second is a check anyone may ask for.)
contract SuspendedActorsFindingTest is GateFixture {
    function fragment(uint8 m) internal pure returns (bytes memory) {
        return bytes.concat(bytes1(0x02), keccak256(abi.encode("fragment", m)));
    }

    function proofBytes() internal pure returns (bytes memory) {
        return bytes.concat(keccak256("c"), keccak256("s"));
    }

    function notMember(uint8 m) internal view returns (bytes memory) {
        return
            abi.encodeWithSelector(
                IThresholdAnswers.NotCommitteeMember.selector, COMMITTEE, m, proxies[m - 1]
            );
    }

    function commitAs(uint8 m, uint64 accessId, uint64 requestId) internal {
        vm.prank(proxies[m - 1]);
        ledger.commit(accessId, requestId, requester, m, keccak256(fragment(m)));
    }

    function test_accessLedger_suspendedMemberCannotCommitDeclineOrReveal() public {
        (, uint64 requestId, uint64 accessId) = pendingAccess();
        suspend(proxies[0]);
        vm.expectRevert(notMember(1));
        commitAs(1, accessId, requestId);
        vm.expectRevert(notMember(1));
        vm.prank(proxies[0]);
        ledger.decline(accessId, requestId, requester, 1, 1);

        // Members 2 and 3 answer; member 2, suspended after its commit, cannot reveal.
        commitAs(2, accessId, requestId);
        commitAs(3, accessId, requestId);
        assertEq(
            uint256(ledger.answerState(accessId).status),
            uint256(IThresholdAnswers.AnswerStatus.Fulfilled),
            "answered by the others"
        );
        suspend(proxies[1]);
        vm.expectRevert(notMember(2));
        vm.prank(proxies[1]);
        ledger.reveal(accessId, 2, fragment(2), proofBytes());
        reinstate(proxies[1]);
        vm.prank(proxies[1]);
        ledger.reveal(accessId, 2, fragment(2), proofBytes());
        assertEq(ledger.answerState(accessId).revealMask, 0x2, "revealed once reinstated");
    }

    function test_accessLedger_suspendedMembersBatchItemIsRefusedAlone() public {
        (, uint64 requestId, uint64 accessId) = pendingAccess();
        suspend(proxies[0]);
        IThresholdAnswers.Commit[] memory items = new IThresholdAnswers.Commit[](1);
        items[0] = IThresholdAnswers.Commit(accessId, requestId, requester, 1, keccak256(fragment(1)));
        vm.expectEmit(true, true, false, true, address(ledger));
        emit IThresholdAnswers.AnswerRefused(
            accessId, proxies[0], IThresholdAnswers.NotCommitteeMember.selector
        );
        vm.prank(proxies[0]);
        ledger.commitMany(items);
        assertEq(ledger.answerState(accessId).commitMask, 0, "nothing recorded");
    }

    function test_keywordIndex_suspendedMemberCannotAnswerATokenRequest() public {
        vm.startPrank(patient);
        uint32 epoch =
            index.registerIndexKey(COMMITTEE, 2, 0x7, keccak256("bundle"), "bafy", fakePoints(3, "k"));
        index.addRequester(requester);
        vm.stopPrank();
        vm.prank(requester);
        uint64 id = index.requestToken(patient, epoch, bytes.concat(bytes1(0x02), keccak256("b")));
        suspend(proxies[2]);
        vm.expectRevert(notMember(3));
        vm.prank(proxies[2]);
        index.commit(id, id, requester, 3, keccak256(fragment(3)));
        vm.expectRevert(notMember(3));
        vm.prank(proxies[2]);
        index.decline(id, id, requester, 3, 1);
    }

    function test_proxyNetwork_suspendedProxyCannotDealOrComplain() public {
        uint64 id = createCommittee(3, 2);
        registerAll(id);
        dealBy(id, 1);
        suspend(proxies[1]);
        IProxyNetwork.Committee memory c = network.committee(id);
        bytes memory commitments = points("commit2", c.threshold);
        bytes memory shares = encryptedShares(2, c.size);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.NotActiveProxy.selector, proxies[1]));
        vm.prank(proxies[1]);
        network.deal(id, commitments, shares);
        bytes memory shared = pointFor("shared", 1);
        vm.expectRevert(abi.encodeWithSelector(IProxyNetwork.NotActiveProxy.selector, proxies[1]));
        vm.prank(proxies[1]);
        network.complain(id, 1, shared, proofBytes());
    }

    function test_attributeRegistry_suspendedAuthorityCannotAssignOrRevoke() public {
        bytes32[] memory ids = new bytes32[](1);
        vm.prank(authority);
        ids[0] = attributes.defineAttribute("role:insurer");
        vm.prank(authority);
        attributes.assignAttributes(requester, ids);
        suspend(authority);
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NotAuthority.selector, authority));
        vm.prank(authority);
        attributes.revokeAttributes(requester, ids);
        vm.expectRevert(abi.encodeWithSelector(IAttributeRegistry.NotAuthority.selector, authority));
        vm.prank(authority);
        attributes.assignAttributes(requester2, ids);
        assertTrue(attributes.hasAttribute(requester, ids[0]), "nothing changed");
    }

    /// @dev Checked here so the note in this contract's NatSpec stays true: expire needs no actor.
    function test_accessLedger_expireNeedsNoActor() public {
        (, uint64 requestId) = grantedRequest();
        IAccessLedger.Grant memory t = grants[requestId];
        vm.warp(t.notAfter + 1);
        vm.prank(stranger);
        ledger.expire(requestId, t);
        assertEq(
            uint256(ledger.request(requestId).status), uint256(IAccessLedger.RequestStatus.Expired), "expired"
        );
    }
}
