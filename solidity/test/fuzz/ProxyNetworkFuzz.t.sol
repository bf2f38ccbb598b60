// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IProxyNetwork} from "../../src/interfaces/IProxyNetwork.sol";
import {ProxyFixture} from "../lib/ProxyFixture.sol";

/// @notice Committee parameters, and random DKG schedules (who acts, what, when) against a model
/// of the phases: every call's outcome, including the exact revert, and the status after it.
contract ProxyNetworkFuzzTest is ProxyFixture {
    function testFuzz_createCommittee_parameters(uint256 n, uint8 t, uint64 phase) public {
        n = bound(n, 0, PROXIES);
        t = uint8(bound(t, 0, 8));
        phase = uint64(bound(phase, 0, network.MAX_PHASE_BLOCKS() + 1));
        address[] memory m = firstProxies(n);
        bytes memory expected;
        if (n == 0 || t == 0 || t > n) {
            expected = abi.encodeWithSelector(IProxyNetwork.InvalidCommittee.selector, n, t);
        } else if (phase == 0 || phase > network.MAX_PHASE_BLOCKS()) {
            expected = abi.encodeWithSelector(IProxyNetwork.InvalidPhase.selector, phase);
        }
        if (expected.length != 0) vm.expectRevert(expected);
        vm.prank(admin);
        uint64 id = network.createCommittee(m, t, phase);
        if (expected.length != 0) return;

        IProxyNetwork.Committee memory c = network.committee(id);
        uint256 majority = n / 2 + 1;
        assertEq(c.quorum, majority > t ? majority : t, "quorum");
        assertTrue(c.quorum >= t && 2 * uint256(c.quorum) > n, "quorum is a majority of at least t");
        assertEq(c.confirmDeadline, block.number + 4 * uint256(phase), "confirmDeadline");
        for (uint256 i; i < n; ++i) {
            assertEq(network.memberIndex(id, m[i]), i + 1, "memberIndex");
            assertEq(network.memberAt(id, uint8(i + 1)), m[i], "memberAt");
        }
    }

    struct Model {
        uint64 id;
        uint8 n;
        uint8 t;
        uint8 quorum;
        uint16 keys;
        uint16 deals;
        uint16 confirms;
        uint16 votesA; // confirmations of transcript A
        uint16 votesB; // of transcript B
        bool active;
        mapping(uint8 dealer => uint16) complaints;
        mapping(address => bool) suspended;
    }

    Model internal model;

    /// @notice Each op is one member acting (or blocks passing); the model predicts the result.
    function testFuzz_dkgSchedule_matchesModel(uint8 n, uint8 t, uint16[48] calldata ops) public {
        n = uint8(bound(n, 1, PROXIES));
        t = uint8(bound(t, 1, n));
        vm.prank(admin);
        model.id = network.createCommittee(firstProxies(n), t, 8);
        model.n = n;
        model.t = t;
        model.quorum = network.committee(model.id).quorum;
        for (uint256 i; i < ops.length; ++i) {
            _step(ops[i]);
            assertEq(uint256(network.status(model.id)), uint256(_status()), "status");
        }
    }

    function _step(uint16 op) internal {
        uint8 member = uint8(op % model.n) + 1;
        uint256 action = (op >> 4) % 12;
        // Actions 7 to 11 make progress: the step the phase calls for, by a member yet to take it,
        // so most schedules get through the DKG rather than failing in the first phase.
        if (action >= 7) (action, member) = _progress(member);
        address who = proxies[member - 1];
        if (action == 0) {
            vm.roll(block.number + 1 + (op >> 8) % 3);
            return;
        }
        if (action == 6) {
            if (model.suspended[who]) reinstate(who);
            else suspend(who);
            model.suspended[who] = !model.suspended[who];
            return;
        }
        bytes memory expected;
        IProxyNetwork.CommitteeStatus s = _status();
        uint16 bit = uint16(1) << (member - 1);
        if (model.suspended[who]) {
            expected = abi.encodeWithSelector(IProxyNetwork.NotActiveProxy.selector, who);
        }
        vm.startPrank(who);
        if (action == 1) {
            if (expected.length == 0 && s != IProxyNetwork.CommitteeStatus.Registering) {
                expected = abi.encodeWithSelector(IProxyNetwork.WrongPhase.selector, model.id, s);
            } else if (expected.length == 0 && model.keys & bit != 0) {
                expected = abi.encodeWithSelector(IProxyNetwork.AlreadyRegistered.selector, model.id, member);
            }
            bytes memory key = pointFor("dkg", member);
            if (expected.length != 0) vm.expectRevert(expected);
            network.registerKey(model.id, key);
            if (expected.length == 0) model.keys |= bit;
        } else if (action == 2) {
            if (expected.length == 0 && s != IProxyNetwork.CommitteeStatus.Dealing) {
                expected = abi.encodeWithSelector(IProxyNetwork.WrongPhase.selector, model.id, s);
            } else if (expected.length == 0 && model.deals & bit != 0) {
                expected = abi.encodeWithSelector(IProxyNetwork.AlreadyDealt.selector, model.id, member);
            }
            bytes memory commitments = points("c", model.t);
            bytes memory shares = encryptedShares(member, model.n);
            if (expected.length != 0) vm.expectRevert(expected);
            network.deal(model.id, commitments, shares);
            if (expected.length == 0) model.deals |= bit;
        } else if (action == 3) {
            uint8 dealer = uint8((op >> 8) % model.n) + 1;
            if (
                expected.length == 0 && s != IProxyNetwork.CommitteeStatus.Dealing
                    && s != IProxyNetwork.CommitteeStatus.Complaining
            ) {
                expected = abi.encodeWithSelector(IProxyNetwork.WrongPhase.selector, model.id, s);
            } else if (
                expected.length == 0 && (dealer == member || model.deals & (uint16(1) << (dealer - 1)) == 0)
            ) {
                expected = abi.encodeWithSelector(IProxyNetwork.InvalidDealer.selector, model.id, dealer);
            } else if (expected.length == 0 && model.complaints[dealer] & bit != 0) {
                expected = abi.encodeWithSelector(
                    IProxyNetwork.AlreadyComplained.selector, model.id, member, dealer
                );
            }
            bytes memory shared = pointFor("shared", member);
            if (expected.length != 0) vm.expectRevert(expected);
            network.complain(model.id, dealer, shared, new bytes(64));
            if (expected.length == 0) model.complaints[dealer] |= bit;
        } else {
            // Actions 4 and 5 confirm transcript A or B.
            bool a = action == 4;
            bool late = s == IProxyNetwork.CommitteeStatus.Active
                && block.number <= network.committee(model.id).confirmDeadline;
            if (expected.length == 0 && s != IProxyNetwork.CommitteeStatus.Confirming && !late) {
                expected = abi.encodeWithSelector(IProxyNetwork.WrongPhase.selector, model.id, s);
            } else if (expected.length == 0 && model.confirms & bit != 0) {
                expected = abi.encodeWithSelector(IProxyNetwork.AlreadyConfirmed.selector, model.id, member);
            }
            bytes memory key = pointFor("committee key", a ? 0 : 1);
            if (expected.length != 0) vm.expectRevert(expected);
            network.confirm(model.id, key, a ? keccak256("A") : keccak256("B"));
            if (expected.length == 0) {
                model.confirms |= bit;
                if (a) model.votesA |= bit;
                else model.votesB |= bit;
                if (_count(model.votesA) >= model.quorum || _count(model.votesB) >= model.quorum) {
                    model.active = true;
                }
            }
        }
        vm.stopPrank();
    }

    function _progress(uint8 member) internal view returns (uint256 action, uint8 who) {
        IProxyNetwork.CommitteeStatus s = _status();
        uint16 done;
        if (s == IProxyNetwork.CommitteeStatus.Registering) (action, done) = (1, model.keys);
        else if (s == IProxyNetwork.CommitteeStatus.Dealing) (action, done) = (2, model.deals);
        else if (s == IProxyNetwork.CommitteeStatus.Confirming) (action, done) = (4, model.confirms);
        else return (0, member);
        for (uint8 i; i < model.n; ++i) {
            who = uint8((member - 1 + i) % model.n) + 1;
            // A suspended member is reinstated first: otherwise its phase could never complete.
            if (done & (uint16(1) << (who - 1)) == 0) {
                return (model.suspended[proxies[who - 1]] ? 6 : action, who);
            }
        }
        return (0, member);
    }

    /// @dev The phases restated from the interface's documentation.
    function _status() internal view returns (IProxyNetwork.CommitteeStatus) {
        IProxyNetwork.Committee memory c = network.committee(model.id);
        if (model.active) return IProxyNetwork.CommitteeStatus.Active;
        if (_count(model.keys) < model.n) {
            return block.number <= c.keyDeadline
                ? IProxyNetwork.CommitteeStatus.Registering
                : IProxyNetwork.CommitteeStatus.Failed;
        }
        if (block.number <= c.dealDeadline) return IProxyNetwork.CommitteeStatus.Dealing;
        if (_count(model.deals) < model.t) return IProxyNetwork.CommitteeStatus.Failed;
        if (block.number <= c.complaintDeadline) return IProxyNetwork.CommitteeStatus.Complaining;
        if (block.number <= c.confirmDeadline) return IProxyNetwork.CommitteeStatus.Confirming;
        return IProxyNetwork.CommitteeStatus.Failed;
    }

    function _count(uint16 mask) internal pure returns (uint256 c) {
        for (; mask != 0; mask >>= 1) {
            c += mask & 1;
        }
    }
}
