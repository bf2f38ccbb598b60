// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {MockGate} from "../mocks/MockGate.sol";
import {ProxyFixture} from "./ProxyFixture.sol";

/// @title AnswersFixture
/// @notice A 5-member committee, a MockGate over it, and helpers that make each member's answer
/// (fragment, proof, witness, statement) with the test prover, valid or deliberately invalid.
abstract contract AnswersFixture is ProxyFixture {
    /// @notice One member's answer to one access, and what a fault report needs.
    struct Answer {
        bytes fragment;
        bytes proof;
        bytes witness;
        bytes statement;
        bool valid;
    }

    MockGate internal gate;
    uint64 internal committee;
    uint64 internal constant REQUEST = 41;

    function setUp() public virtual override {
        super.setUp();
        committee = createCommittee(5, 3);
        gate = new MockGate(network);
    }

    function node(uint8 member) internal view returns (address) {
        return proxies[member - 1];
    }

    /// @notice An access answered by the members in `mask` with threshold `t`, for `requester`.
    function openAccess(uint8 t, uint16 mask) internal returns (uint64) {
        return gate.open(committee, t, mask, REQUEST, requester);
    }

    /// @notice Member `member`'s answer for `accessId`: a valid proof, or one whose response is
    /// off by `tamper` (with the witness recomputed, so a report can show it invalid). The
    /// statement is registered with the gate, as a real gate holds its commitments.
    function answerFor(uint64 accessId, uint8 member, uint256 tamper) internal returns (Answer memory a) {
        uint256 x = toScalar(uint256(keccak256(abi.encode("share", accessId, member))));
        uint256 h = toScalar(uint256(keccak256(abi.encode("base", accessId))));
        uint256 k = uint256(keccak256(abi.encode("nonce", accessId, member)));
        Case memory c = prove(x, h, k, keccak256(abi.encode("context", accessId, member)));
        tamper %= SECP256K1_N;
        if (tamper != 0) {
            c.proof.s = addmod(c.proof.s, tamper, SECP256K1_N);
            if (c.proof.s != 0) witnessFor(c, h, mulmod(x, h, SECP256K1_N));
        }
        a.fragment = compressed(c.q);
        a.proof = encodeProof(c.proof);
        a.witness = encodeWitness(c.witness);
        a.statement = gate.encodeStatement(c.p, c.h, c.context);
        a.valid = tamper == 0;
        gate.setStatement(accessId, member, a.statement);
    }

    function commitAs(uint64 accessId, uint8 member, Answer memory a) internal {
        vm.prank(node(member));
        gate.commit(accessId, REQUEST, requester, member, keccak256(a.fragment));
    }

    function revealAs(uint64 accessId, uint8 member, Answer memory a) internal {
        vm.prank(node(member));
        gate.reveal(accessId, member, a.fragment, a.proof);
    }

    function declineAs(uint64 accessId, uint8 member) internal {
        vm.prank(node(member));
        gate.decline(accessId, REQUEST, requester, member, 4);
    }

    function state(uint64 accessId) internal view returns (IThresholdAnswers.AnswerState memory) {
        return gate.answerState(accessId);
    }
}
