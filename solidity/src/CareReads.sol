// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ThresholdAnswers} from "./ThresholdAnswers.sol";
import {ICareReads} from "./interfaces/ICareReads.sol";
import {ICareRule} from "./interfaces/ICareRule.sol";
import {IProxyNetwork} from "./interfaces/IProxyNetwork.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {Dleq} from "./libraries/Dleq.sol";
import {Secp256k1} from "./libraries/Secp256k1.sol";

/// @title CareReads
/// @notice The network-capsule read shared by break-glass, guardian grants and standing consents:
/// the read request bound to a rule entry, and the committee's answers through ThresholdAnswers.
contract CareReads is ICareReads, ThresholdAnswers {
    uint256 internal constant POINT_LENGTH = 33;
    uint256 internal constant PROOF_LENGTH = 64;
    /// @dev Flag bit 1 of a record version: its gate object carries the network capsule.
    uint8 internal constant NETWORK_CAPSULE = 2;
    string internal constant BLINDING_LABEL = "emrchain/capsule-request/v1";
    string internal constant SHARE_LABEL = "emrchain/capsule-share/v1";

    /// @notice The participant registry.
    IRegistry public immutable registry;
    /// @notice The record registry whose network capsules this gate releases.
    IRecordRegistry public immutable records;
    /// @notice Break-glass sessions.
    ICareRule public immutable emergency;
    /// @notice Guardian grants.
    ICareRule public immutable guardians;
    /// @notice Standing consents.
    ICareRule public immutable consents;

    /// @dev The requester's blinding material, as the event carries it.
    struct Blinding {
        bytes blindedPoint;
        bytes blindingKey;
        bytes blindingProof;
    }

    /// @inheritdoc ICareReads
    uint64 public readCount;
    mapping(uint64 readId => CareRead) internal _reads;

    /// @param registry_ The participant registry.
    /// @param records_ The record registry.
    /// @param network_ The proxy network whose committees answer.
    /// @param emergency_ EmergencyAccess.
    /// @param guardians_ Guardians.
    /// @param consents_ Consents.
    constructor(
        IRegistry registry_,
        IRecordRegistry records_,
        IProxyNetwork network_,
        ICareRule emergency_,
        ICareRule guardians_,
        ICareRule consents_
    ) ThresholdAnswers(network_) {
        registry = registry_;
        records = records_;
        emergency = emergency_;
        guardians = guardians_;
        consents = consents_;
    }

    /// @inheritdoc ICareReads
    function requestRead(
        Rule rule,
        uint64 ruleId,
        bytes32 recordId,
        bytes calldata blindedPoint,
        bytes calldata blindingProof,
        bytes calldata blindingKey
    ) external returns (uint64 readId) {
        _checkEncoding(blindedPoint.length, POINT_LENGTH);
        _checkEncoding(blindingKey.length, POINT_LENGTH);
        _checkEncoding(blindingProof.length, PROOF_LENGTH);
        // Copied to memory (130 bytes) only to keep the stack shallow.
        Blinding memory bl = Blinding(blindedPoint, blindingKey, blindingProof);
        (CareRead memory r, address patient) = _newRead(rule, ruleId, recordId);
        r.blindedHash = keccak256(bl.blindedPoint);
        readId = ++readCount;
        _reads[readId] = r;
        _emitRead(readId, patient, r, bl);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ICareReads
    function ruleContract(Rule rule) public view returns (ICareRule) {
        if (rule == Rule.Emergency) return emergency;
        if (rule == Rule.Guardian) return guardians;
        if (rule == Rule.Consent) return consents;
        revert UnknownRule();
    }

    /// @inheritdoc ICareReads
    function read(uint64 readId) external view returns (CareRead memory) {
        return _reads[readId];
    }

    /// @inheritdoc ICareReads
    function patientOf(uint64 readId) external view returns (address) {
        return _patientOfRead(readId);
    }

    /// @inheritdoc ICareReads
    function checkCareRead(uint64 readId) external view returns (bool live, bytes4 err) {
        CareRead storage r = _reads[readId];
        if (r.requester == address(0)) return (false, UnknownRead.selector);
        bytes memory e = _readError(r);
        if (e.length == 0) return (true, bytes4(0));
        return (false, bytes4(e));
    }

    /// @inheritdoc ICareReads
    function blindingContext(address requester, bytes32 recordId) public view returns (bytes32) {
        return keccak256(abi.encode(BLINDING_LABEL, block.chainid, address(this), requester, recordId));
    }

    /// @inheritdoc ICareReads
    function shareContext(uint64 readId, uint8 member) public view returns (bytes32) {
        return
            keccak256(abi.encode(SHARE_LABEL, block.chainid, address(this), uint256(readId), uint256(member)));
    }

    // --------------------------------------------------------------- internals

    function _newRead(Rule rule, uint64 ruleId, bytes32 recordId)
        private
        view
        returns (CareRead memory r, address patient)
    {
        (IRegistry.Role role, IRegistry.Status rs) = registry.roleOf(msg.sender);
        if (
            rs != IRegistry.Status.Active
                || (role != IRegistry.Role.Requester && role != IRegistry.Role.Provider)
        ) {
            revert RequesterNotActive(msg.sender);
        }
        // Reverts with the rule's own error when its terms do not allow the read.
        patient = ruleContract(rule).checkRead(ruleId, msg.sender, recordId);
        (
            address owner,
            uint32 version,
            IRecordRegistry.RecordStatus status,
            uint8 flags,
            uint64 committeeId,
            bytes32 gateHash,
        ) = records.careState(recordId);
        if (status != IRecordRegistry.RecordStatus.Active) revert RecordNotActive(recordId);
        if (owner != patient) revert WrongPatient(recordId, patient);
        if (flags & NETWORK_CAPSULE == 0) revert NoNetworkCapsule(recordId);
        IProxyNetwork.Committee memory c = proxyNetwork.committee(committeeId);
        if (!c.active || c.retired) revert CommitteeNotActive(committeeId);
        r.requester = msg.sender;
        r.version = version;
        r.requesterRole = uint8(role);
        r.threshold = c.threshold;
        r.memberMask = uint16((uint256(1) << c.size) - 1);
        r.rule = rule;
        r.ruleId = ruleId;
        r.committeeId = committeeId;
        r.recordId = recordId;
        r.gateHash = gateHash;
    }

    function _emitRead(uint64 readId, address patient, CareRead memory r, Blinding memory bl) private {
        emit CapsuleReadRequested(
            readId,
            patient,
            r.requester,
            r.rule,
            r.ruleId,
            r.recordId,
            r.version,
            r.committeeId,
            r.threshold,
            bl.blindedPoint,
            bl.blindingKey,
            bl.blindingProof
        );
    }

    /// @dev What must still hold for a read to be answered: the record at the same version and gate
    /// object with its network capsule, the requester active in the same role, and the rule.
    function _readError(CareRead storage r) internal view returns (bytes memory) {
        bytes32 recordId = r.recordId;
        (, uint32 version, IRecordRegistry.RecordStatus status, uint8 flags,, bytes32 gateHash,) =
            records.careState(recordId);
        if (
            status != IRecordRegistry.RecordStatus.Active || version != r.version || gateHash != r.gateHash
                || flags & NETWORK_CAPSULE == 0
        ) {
            return abi.encodeWithSelector(RecordChanged.selector, recordId);
        }
        address requester = r.requester;
        (IRegistry.Role role, IRegistry.Status rs) = registry.roleOf(requester);
        if (rs != IRegistry.Status.Active) {
            return abi.encodeWithSelector(RequesterNotActive.selector, requester);
        }
        if (uint8(role) != r.requesterRole) return abi.encodeWithSelector(RoleChanged.selector, requester);
        return ruleContract(r.rule).readLiveness(r.ruleId, requester, recordId);
    }

    function _patientOfRead(uint64 readId) internal view returns (address patient) {
        (patient,,) = records.recordState(_reads[readId].recordId);
    }

    function _checkEncoding(uint256 length, uint256 expected) private pure {
        if (length != expected) revert InvalidEncoding(length, expected);
    }

    // ------------------------------------------------------------ answer hooks

    function _answerTerms(uint64 readId) internal view override returns (AnswerTerms memory terms) {
        CareRead storage r = _reads[readId];
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
        returns (bytes memory)
    {
        return _readError(_reads[readId]);
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
        CareRead storage r = _reads[readId];
        emit CapsuleReadAnswered(
            readId, _patientOfRead(readId), terms.requester, r.rule, r.ruleId, commitMask
        );
    }

    function _afterRejected(uint64 readId, AnswerTerms memory terms, bytes4 reason) internal override {
        CareRead storage r = _reads[readId];
        emit CapsuleReadRejected(readId, _patientOfRead(readId), terms.requester, r.rule, r.ruleId, reason);
    }

    function _afterFaulted(uint64 readId, AnswerTerms memory, uint8 member, address node) internal override {
        emit CapsuleReadFaulted(readId, _patientOfRead(readId), member, node);
    }
}
