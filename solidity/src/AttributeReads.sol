// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ThresholdAnswers} from "./ThresholdAnswers.sol";
import {IAttributeReads} from "./interfaces/IAttributeReads.sol";
import {IAttributeRegistry} from "./interfaces/IAttributeRegistry.sol";
import {IProxyNetwork} from "./interfaces/IProxyNetwork.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {Dleq} from "./libraries/Dleq.sol";
import {Secp256k1} from "./libraries/Secp256k1.sol";

/// @title AttributeReads
/// @notice The gate for attribute-based reads: the read request with its on-chain policy check,
/// and the committee's answers through ThresholdAnswers.
contract AttributeReads is IAttributeReads, ThresholdAnswers {
    /// @dev A SEC 1 compressed secp256k1 point and a crypto/dleq proof (c ‖ s).
    uint256 internal constant POINT_LENGTH = 33;
    uint256 internal constant PROOF_LENGTH = 64;
    bytes32 internal constant BLINDING_LABEL = keccak256("emrchain/read-request/v1");
    string internal constant SHARE_LABEL = "emrchain/read-share/v1";

    IRegistry public immutable registry;
    IRecordRegistry public immutable records;
    IAttributeRegistry public immutable attributes;

    /// @dev The requester's blinding material, as the event carries it.
    struct Blinding {
        bytes blindedPoint;
        bytes blindingKey;
        bytes blindingProof;
    }

    uint64 public readCount;
    mapping(uint64 readId => Read) internal _reads;

    /// @param registry_ The participant registry.
    /// @param records_ The record registry whose policies gate the reads.
    /// @param attributes_ The attribute registry the policies are evaluated against.
    /// @param network_ The proxy network whose committees answer.
    constructor(
        IRegistry registry_,
        IRecordRegistry records_,
        IAttributeRegistry attributes_,
        IProxyNetwork network_
    ) ThresholdAnswers(network_) {
        registry = registry_;
        records = records_;
        attributes = attributes_;
    }

    /// @inheritdoc IAttributeReads
    function requestRead(
        bytes32 recordId,
        bytes calldata program,
        bytes calldata blindedPoint,
        bytes calldata blindingProof,
        bytes calldata blindingKey
    ) external returns (uint64 readId) {
        _checkEncoding(blindedPoint.length, POINT_LENGTH);
        _checkEncoding(blindingKey.length, POINT_LENGTH);
        _checkEncoding(blindingProof.length, PROOF_LENGTH);
        // Copied to memory (130 bytes) only to keep the stack shallow.
        Blinding memory b = Blinding(blindedPoint, blindingKey, blindingProof);
        (Read memory r, address patient, bytes32[] memory used) = _newRead(recordId, program);
        r.blindedHash = keccak256(b.blindedPoint);
        readId = ++readCount;
        _reads[readId] = r;
        _emitRead(readId, patient, r, used, b);
    }

    /// @inheritdoc IAttributeReads
    function read(uint64 readId) external view returns (Read memory) {
        return _reads[readId];
    }

    /// @inheritdoc IAttributeReads
    function patientOf(uint64 readId) external view returns (address) {
        return _patientOfRead(readId);
    }

    /// @inheritdoc IAttributeReads
    function checkRead(uint64 readId) external view returns (bool live, bytes4 err) {
        Read storage r = _reads[readId];
        if (r.requester == address(0)) return (false, UnknownRead.selector);
        (bytes memory e,) = _answerError(r);
        if (e.length == 0) return (true, bytes4(0));
        return (false, bytes4(e));
    }

    /// @inheritdoc IAttributeReads
    function shareContext(uint64 readId, uint8 member) public view returns (bytes32) {
        return
            keccak256(abi.encode(SHARE_LABEL, block.chainid, address(this), uint256(readId), uint256(member)));
    }

    /// @inheritdoc IAttributeReads
    function blindingContext(address requester, bytes32 recordId) public view returns (bytes32) {
        return keccak256(abi.encode(BLINDING_LABEL, block.chainid, address(this), requester, recordId));
    }

    // ------------------------------------------------------------ answer hooks

    function _answerTerms(uint64 readId) internal view override returns (AnswerTerms memory terms) {
        Read storage r = _reads[readId];
        if (r.requester == address(0)) return terms;
        terms = AnswerTerms({
            committeeId: r.committeeId,
            requestId: readId,
            requester: r.requester,
            memberMask: r.memberMask,
            threshold: r.threshold
        });
    }

    function _answerLiveness(uint64 readId, AnswerTerms memory)
        internal
        view
        override
        returns (bytes memory err)
    {
        (err,) = _answerError(_reads[readId]);
    }

    /// @dev `statement` = abi.encode(shares, blindedPoint): P = the member's public share, checked
    /// by ProxyNetwork against the committee's shares hash; H = C1', checked against the read.
    function _faultStatement(uint64 readId, AnswerTerms memory terms, uint8 member, bytes calldata statement)
        internal
        view
        override
        returns (Dleq.Point memory p, Dleq.Point memory h, bytes32 context)
    {
        (bytes memory shares, bytes memory blindedPoint) = abi.decode(statement, (bytes, bytes));
        if (keccak256(blindedPoint) != _reads[readId].blindedHash) revert StatementMismatch(readId);
        (p.x, p.y) = proxyNetwork.publicShare(terms.committeeId, member, shares);
        bool ok;
        (ok, h.x, h.y) = Secp256k1.decompress(blindedPoint);
        if (!ok) revert InvalidStatement(readId);
        context = shareContext(readId, member);
    }

    function _afterFulfilled(uint64 readId, AnswerTerms memory terms, uint16 commitMask) internal override {
        emit ReadAnswered(readId, _patientOfRead(readId), terms.requester, commitMask);
    }

    function _afterRejected(uint64 readId, AnswerTerms memory terms, bytes4 reason) internal override {
        emit ReadRejected(readId, _patientOfRead(readId), terms.requester, reason);
    }

    function _afterFaulted(uint64 readId, AnswerTerms memory, uint8 member, address node) internal override {
        emit ReadFaulted(readId, _patientOfRead(readId), member, node);
    }

    function _patientOfRead(uint64 readId) private view returns (address patient) {
        (patient,,) = records.recordState(_reads[readId].recordId);
    }

    // -------------------------------------------------------------- internals

    function _activeRequester() private view returns (uint8) {
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(msg.sender);
        if (
            status != IRegistry.Status.Active
                || (role != IRegistry.Role.Requester && role != IRegistry.Role.Provider)
        ) {
            revert RequesterNotActive(msg.sender);
        }
        return uint8(role);
    }

    /// @dev The record is active, has a policy, `program` is that policy and its committee is
    /// active; returns the read as it will be stored (without the blinded point's hash).
    function _newRead(bytes32 recordId, bytes calldata program)
        private
        view
        returns (Read memory r, address patient, bytes32[] memory used)
    {
        r.requesterRole = _activeRequester();
        IRecordRegistry.RecordStatus recordStatus;
        (patient, r.version, recordStatus, r.policyHash, r.committeeId) = records.gateState(recordId);
        if (recordStatus != IRecordRegistry.RecordStatus.Active) revert RecordNotActive(recordId);
        if (r.policyHash == bytes32(0)) revert NoPolicy(recordId);
        bytes32 programHash = keccak256(program);
        if (programHash != r.policyHash) revert ProgramMismatch(recordId, r.policyHash, programHash);
        IProxyNetwork.Committee memory c = proxyNetwork.committee(r.committeeId);
        if (!c.active || c.retired) revert CommitteeNotActive(r.committeeId);
        r.threshold = c.threshold;
        r.memberMask = uint16((uint256(1) << c.size) - 1);
        bool satisfied;
        (satisfied, used) = attributes.satisfies(msg.sender, program);
        if (!satisfied) revert PolicyNotSatisfied(msg.sender, recordId);
        r.requester = msg.sender;
        r.recordId = recordId;
        r.revision = attributes.revisionOf(msg.sender);
    }

    function _emitRead(
        uint64 readId,
        address patient,
        Read memory r,
        bytes32[] memory used,
        Blinding memory b
    ) private {
        emit ReadRequested(
            readId,
            patient,
            r.requester,
            r.recordId,
            r.version,
            r.policyHash,
            r.committeeId,
            r.threshold,
            used,
            b.blindedPoint,
            b.blindingKey,
            b.blindingProof
        );
    }

    /// @dev What must still hold for a read to be answered: the requester active in the same role
    /// with no attribute revoked since, the record at the same version and policy.
    function _answerError(Read storage r) internal view returns (bytes memory err, address patient) {
        bytes32 recordId = r.recordId;
        (address p, uint32 version, IRecordRegistry.RecordStatus recordStatus, bytes32 policyHash,) =
            records.gateState(recordId);
        patient = p;
        if (recordStatus != IRecordRegistry.RecordStatus.Active || version != r.version) {
            uint32 shown = recordStatus == IRecordRegistry.RecordStatus.Active ? version : 0;
            return (abi.encodeWithSelector(RecordVersionStale.selector, recordId, r.version, shown), patient);
        }
        if (policyHash != r.policyHash) {
            return (abi.encodeWithSelector(PolicyChanged.selector, recordId), patient);
        }
        address requester = r.requester;
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(requester);
        if (status != IRegistry.Status.Active) {
            return (abi.encodeWithSelector(RequesterNotActive.selector, requester), patient);
        }
        if (uint8(role) != r.requesterRole) {
            return (abi.encodeWithSelector(RoleChanged.selector, requester), patient);
        }
        uint64 revision = attributes.revisionOf(requester);
        if (revision != r.revision) {
            return
                (abi.encodeWithSelector(AttributesChanged.selector, requester, r.revision, revision), patient);
        }
        return ("", patient);
    }

    function _checkEncoding(uint256 length, uint256 expected) private pure {
        if (length != expected) revert InvalidEncoding(length, expected);
    }
}
