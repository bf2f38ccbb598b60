// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareRule} from "./ICareRule.sol";
import {IThresholdAnswers} from "./IThresholdAnswers.sol";

/// @title ICareReads
/// @notice The gate for network-capsule reads (docs/trust.md, "Care beyond the grant"): break-glass
/// (EmergencyAccess sessions), guardian grants (Guardians) and standing consents (Consents) each
/// check their own rule on chain, and this gate then lets the record's committee release blinded
/// decryption shares of the record version's network capsule (the data key K encrypted to the
/// committee's DKG key with crypto/tdec) through ThresholdAnswers' commit/reveal round. One gate
/// for the three rules, so the committee serves them like any other gate.
/// @dev A read binds the rule it was made under (`rule` and `ruleId`: an emergency session, a
/// guardian grant or a consent), the record's version and gate object, and the requester's role. The requester
/// blinds the network capsule's C1 (C1' = b·C1, B = b·G, with a crypto/dleq proof that
/// log_G B = log_{C1} C1' bound to `blindingContext(requester, recordId)`); members check that
/// proof against the network capsule's C1 in the record's current gate object (never the K2
/// ciphertext's, which only AttributeReads releases), then commit and reveal D_i = x_i·C1' with a
/// DLEQ proof against their public share X_i, bound to `shareContext(readId, member)`. A commit is
/// accepted only while the record is active at the same version and gate object with its network
/// capsule, the requester is active in the same role, and the gate's own rule still holds. The
/// threshold is the committee's DKG threshold; every member may answer. A read's access id and
/// request id are both its read id.
///
/// A fault report's `statement` is abi.encode(bytes shares, bytes blindedPoint), as for attribute
/// reads: the committee's public shares (checked against ProxyNetwork's sharesHash) and the read's
/// C1' (checked against the stored hash).
interface ICareReads is IThresholdAnswers {
    /// @notice Which rule a read is made under.
    enum Rule {
        None,
        Emergency,
        Guardian,
        Consent
    }

    /// @notice A network-capsule read. Packed into five storage slots.
    /// @param requester Who reads.
    /// @param version The record version read.
    /// @param requesterRole The requester's Registry role at the request.
    /// @param threshold The committee's DKG threshold t.
    /// @param memberMask The committee's members (all n).
    /// @param rule The rule the read was made under.
    /// @param ruleId The emergency session, guardian grant or consent the read was made under.
    /// @param committeeId The record's committee at the request.
    /// @param recordId The record.
    /// @param gateHash The record's gate object (which carries the network capsule) at the request.
    /// @param blindedHash keccak256 of C1' (33 bytes).
    struct CareRead {
        address requester;
        uint32 version;
        uint8 requesterRole;
        uint8 threshold;
        uint16 memberMask;
        Rule rule;
        uint64 ruleId;
        uint64 committeeId;
        bytes32 recordId;
        bytes32 gateHash;
        bytes32 blindedHash;
    }

    /// @notice The rule is not one of the three.
    error UnknownRule();
    /// @notice The caller (or the read's requester) is not an active provider or requester.
    error RequesterNotActive(address requester);
    /// @notice The record is unknown, deleted or erased.
    error RecordNotActive(bytes32 recordId);
    /// @notice The record's current version carries no network capsule.
    error NoNetworkCapsule(bytes32 recordId);
    /// @notice The record is not the rule entry's patient's.
    error WrongPatient(bytes32 recordId, address patient);
    /// @notice The record's committee is not active (or is retired).
    error CommitteeNotActive(uint64 committeeId);
    /// @notice A point is not 33 bytes, or the proof not 64.
    error InvalidEncoding(uint256 length, uint256 expected);
    /// @notice No read has this id.
    error UnknownRead(uint64 readId);
    /// @notice The record has a newer version, a new gate object, no network capsule any more, or
    /// was deleted or erased since the read was requested.
    error RecordChanged(bytes32 recordId);
    /// @notice The requester's role changed since the read was requested.
    error RoleChanged(address requester);
    /// @notice A fault report's blinded point is not the read's.
    error StatementMismatch(uint64 readId);
    /// @notice A fault report's blinded point does not decode.
    error InvalidStatement(uint64 readId);

    /// @notice A requester asked the record's committee to release the network capsule under
    /// `rule`'s entry `ruleId`; the committee now answers. On the patient's timeline (a read under
    /// Emergency is coded as BALP emergency access, ETREAT / BTG).
    /// @param rule Emergency, Guardian or Consent.
    /// @param ruleId The emergency session, guardian grant or consent.
    /// @param version The record version read.
    /// @param committeeId The committee that answers.
    /// @param threshold How many shares combine.
    /// @param blindedPoint C1' = b·C1, SEC 1 compressed.
    /// @param blindingKey B = b·G, SEC 1 compressed.
    /// @param blindingProof The DLEQ proof (c ‖ s) that log_G B = log_{C1} C1'.
    event CapsuleReadRequested(
        uint64 indexed readId,
        address indexed patient,
        address indexed requester,
        Rule rule,
        uint64 ruleId,
        bytes32 recordId,
        uint32 version,
        uint64 committeeId,
        uint8 threshold,
        bytes blindedPoint,
        bytes blindingKey,
        bytes blindingProof
    );
    /// @notice The t-th commit landed: the requester can combine the shares once revealed. On the
    /// patient's timeline with the members that answered.
    /// @param commitMask The members that committed (bit i − 1 for member i).
    event CapsuleReadAnswered(
        uint64 indexed readId,
        address indexed patient,
        address indexed requester,
        Rule rule,
        uint64 ruleId,
        uint16 commitMask
    );
    /// @notice The read was not answered: its rule stopped holding, the requester or record
    /// changed, or too many members declined.
    /// @param reason Selector of the liveness error, or of `TooManyDeclines`.
    event CapsuleReadRejected(
        uint64 indexed readId,
        address indexed patient,
        address indexed requester,
        Rule rule,
        uint64 ruleId,
        bytes4 reason
    );
    /// @notice A member's revealed share for this read was shown wrong by a fault report.
    event CapsuleReadFaulted(uint64 indexed readId, address indexed patient, uint8 member, address node);

    /// @notice Asks the record's committee to release the record's network capsule to the caller
    /// under `rule`'s entry `ruleId` (an emergency session it opened, a guardian grant or a consent
    /// covering it). The caller must be an active provider or requester; the rule's contract checks
    /// its own terms (and reverts with its own error); the record must be the entry's patient's,
    /// active, with a network capsule and an active committee.
    /// @param rule Emergency, Guardian or Consent.
    /// @param ruleId The session, guardian grant or consent.
    /// @param recordId The record.
    /// @param blindedPoint C1' = b·C1 of the network capsule (33 bytes).
    /// @param blindingProof DLEQ proof (64 bytes) bound to `blindingContext(msg.sender, recordId)`.
    /// @param blindingKey B = b·G (33 bytes).
    /// @return readId The id the committee answers under.
    function requestRead(
        Rule rule,
        uint64 ruleId,
        bytes32 recordId,
        bytes calldata blindedPoint,
        bytes calldata blindingProof,
        bytes calldata blindingKey
    ) external returns (uint64 readId);

    /// @notice The contract that decides reads under `rule`.
    function ruleContract(Rule rule) external view returns (ICareRule);

    /// @notice A read.
    function read(uint64 readId) external view returns (CareRead memory);

    /// @notice The patient of a read's record.
    function patientOf(uint64 readId) external view returns (address);

    /// @notice Whether a read may still be answered (committed to) now, and if not, why.
    /// @return live True when a member's commit would be accepted on these grounds.
    /// @return err The selector of the error a commit would be refused with (zero when live).
    function checkCareRead(uint64 readId) external view returns (bool live, bytes4 err);

    /// @notice The DLEQ context a blinding proof is bound to: keccak256(abi.encode(
    /// "emrchain/capsule-request/v1", chainId, this contract, requester, recordId)).
    function blindingContext(address requester, bytes32 recordId) external view returns (bytes32);

    /// @notice The DLEQ context member `member`'s share proof for `readId` is bound to:
    /// keccak256(abi.encode("emrchain/capsule-share/v1", chainId, this contract, readId, member)).
    function shareContext(uint64 readId, uint8 member) external view returns (bytes32);

    /// @notice Number of reads requested so far (ids start at 1).
    function readCount() external view returns (uint64);
}
