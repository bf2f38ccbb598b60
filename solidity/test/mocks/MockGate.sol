// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ThresholdAnswers} from "../../src/ThresholdAnswers.sol";
import {IProxyNetwork} from "../../src/interfaces/IProxyNetwork.sol";
import {Dleq} from "../../src/libraries/Dleq.sol";

/// @title MockGate
/// @notice The smallest gate over ThresholdAnswers: accesses opened by anyone with explicit
/// terms, a liveness switch per access, and a DLEQ statement per (access, member) stored as a
/// hash, so tests drive the answer round without a real grant behind it.
/// @dev It stores what a real gate stores (a hash of the statement) and checks the caller's
/// statement against it, as AccessLedger checks commitments against its grant commitment.
contract MockGate is ThresholdAnswers {
    /// @notice The mock's liveness error: the access's grant is dead.
    error GrantDead(uint64 accessId);
    /// @notice The statement given to a fault report is not the one stored.
    error StatementMismatch(uint64 accessId, uint8 member);

    uint64 public accessCount;
    mapping(uint64 accessId => AnswerTerms) internal _terms;
    mapping(uint64 accessId => bool) public dead;
    mapping(uint256 slot => bytes32) public statementHash;

    /// @notice Emitted by the hooks, so tests see each runs once and with what. Events rather
    /// than storage, so the gas benchmarks through this gate stay close to the base's own cost.
    event FulfilledHook(uint64 accessId, uint16 commitMask);
    event RejectedHook(uint64 accessId, bytes4 reason);
    event FaultedHook(uint64 accessId, uint8 member, address node);

    constructor(IProxyNetwork network) ThresholdAnswers(network) {}

    function open(uint64 committeeId, uint8 threshold, uint16 memberMask, uint64 requestId, address requester)
        external
        returns (uint64 accessId)
    {
        accessId = ++accessCount;
        _terms[accessId] = AnswerTerms(committeeId, requestId, requester, memberMask, threshold);
    }

    function kill(uint64 accessId) external {
        dead[accessId] = true;
    }

    function revive(uint64 accessId) external {
        dead[accessId] = false;
    }

    function setStatement(uint64 accessId, uint8 member, bytes calldata statement) external {
        statementHash[_slot(accessId, member)] = keccak256(statement);
    }

    /// @notice The statement encoding this gate expects: P, H and the context.
    function encodeStatement(Dleq.Point memory p, Dleq.Point memory h, bytes32 context)
        external
        pure
        returns (bytes memory)
    {
        return abi.encode(p.x, p.y, h.x, h.y, context);
    }

    function terms(uint64 accessId) external view returns (AnswerTerms memory) {
        return _terms[accessId];
    }

    function _answerTerms(uint64 accessId) internal view override returns (AnswerTerms memory) {
        return _terms[accessId];
    }

    function _answerLiveness(uint64 accessId, AnswerTerms memory)
        internal
        view
        override
        returns (bytes memory)
    {
        if (dead[accessId]) return abi.encodeWithSelector(GrantDead.selector, accessId);
        return "";
    }

    function _faultStatement(uint64 accessId, AnswerTerms memory, uint8 member, bytes calldata statement)
        internal
        view
        override
        returns (Dleq.Point memory p, Dleq.Point memory h, bytes32 context)
    {
        if (keccak256(statement) != statementHash[_slot(accessId, member)]) {
            revert StatementMismatch(accessId, member);
        }
        (p.x, p.y, h.x, h.y, context) = abi.decode(statement, (uint256, uint256, uint256, uint256, bytes32));
    }

    function _afterFulfilled(uint64 accessId, AnswerTerms memory, uint16 commitMask) internal override {
        emit FulfilledHook(accessId, commitMask);
    }

    function _afterRejected(uint64 accessId, AnswerTerms memory, bytes4 reason) internal override {
        emit RejectedHook(accessId, reason);
    }

    function _afterFaulted(uint64 accessId, AnswerTerms memory, uint8 member, address node)
        internal
        override
    {
        emit FaultedHook(accessId, member, node);
    }
}
