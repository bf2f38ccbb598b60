// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IThresholdAnswers} from "./IThresholdAnswers.sol";

/// @title IAttributeReads
/// @notice Attribute-based reads through the committee (docs/trust.md, "Attribute reads through
/// the committee"). A record with a policy splits its data key: K1 is CP-ABE-wrapped in the gate
/// object, K2 is encrypted to the record's committee key. A requester with a CP-ABE key for K1
/// still needs K2, which the committee's members release only for a read recorded here, and only
/// while the requester's attributes, checked on chain at the request, satisfy the record's policy.
/// @dev `requestRead` takes the policy program (its keccak256 must be the record's policyHash),
/// evaluates it against the requester's attributes in AttributeRegistry now, and records the read
/// with the attributes a satisfying set uses. The requester blinds the gate's C1 (C1' = b·C1, B =
/// b·G, with a DLEQ proof that log_G B = log_{C1} C1' bound to `blindingContext(requester,
/// recordId)`); members check that proof off chain, then answer D_i = x_i·C1' with a DLEQ proof
/// against their public share X_i through the commit-then-reveal state machine. A commit is
/// accepted only while the requester is active in the same role, its attribute revision is
/// unchanged (no attribute revoked since), and the record is at the same version and policy. The
/// threshold is the committee's DKG threshold and every member may answer. A read's access id and
/// request id (in ThresholdAnswers' terms) are both its read id.
///
/// A fault report's `statement` is abi.encode(bytes shares, bytes blindedPoint): the committee's
/// public shares X_1 ‖ … ‖ X_n (33 bytes each, checked against ProxyNetwork's sharesHash) and the
/// read's C1' (checked against the stored hash). The member's statement is P = X_i, H = C1', with
/// `shareContext(readId, member)`.
interface IAttributeReads is IThresholdAnswers {
    /// @notice A read. Packed into five storage slots.
    /// @param requester Who reads.
    /// @param version The record version read.
    /// @param requesterRole The requester's role at the request.
    /// @param threshold The committee's DKG threshold t.
    /// @param memberMask The committee's members (all n of them).
    /// @param recordId The record.
    /// @param revision The requester's attribute revision at the request.
    /// @param committeeId The record's committee at the request.
    /// @param policyHash The record's policy at the request.
    /// @param blindedHash keccak256 of C1' (33 bytes), the point members multiply by their shares.
    struct Read {
        address requester;
        uint32 version;
        uint8 requesterRole;
        uint8 threshold;
        uint16 memberMask;
        bytes32 recordId;
        uint64 revision;
        uint64 committeeId;
        bytes32 policyHash;
        bytes32 blindedHash;
    }

    /// @notice The caller is not an active requester or provider.
    error RequesterNotActive(address requester);
    /// @notice The record is unknown or tombstoned.
    error RecordNotActive(bytes32 recordId);
    /// @notice The record has no policy, so it has no attribute-based access.
    error NoPolicy(bytes32 recordId);
    /// @notice keccak256 of the program is not the record's policyHash.
    error ProgramMismatch(bytes32 recordId, bytes32 policyHash, bytes32 programHash);
    /// @notice The requester's attributes do not satisfy the record's policy now.
    error PolicyNotSatisfied(address requester, bytes32 recordId);
    /// @notice The record's committee is not active (or is retired).
    error CommitteeNotActive(uint64 committeeId);
    /// @notice A point is not 33 bytes, or the proof not 64.
    error InvalidEncoding(uint256 length, uint256 expected);
    /// @notice No read has this id.
    error UnknownRead(uint64 readId);
    /// @notice The record has a newer version than the read, or was deleted.
    error RecordVersionStale(bytes32 recordId, uint32 read, uint32 current);
    /// @notice The record's policy changed since the read was requested.
    error PolicyChanged(bytes32 recordId);
    /// @notice One of the requester's attributes was revoked since the read was requested.
    error AttributesChanged(address requester, uint64 read, uint64 current);
    /// @notice The requester's role changed since the read was requested.
    error RoleChanged(address requester);
    /// @notice A fault report's blinded point is not the read's.
    error StatementMismatch(uint64 readId);
    /// @notice A fault report's blinded point does not decode.
    error InvalidStatement(uint64 readId);

    /// @notice A requester asked to read a record through its attributes; the record's committee
    /// now answers. On the patient's timeline with the attributes that satisfied the policy.
    /// @param version The record version read.
    /// @param policyHash The record's policy (keccak256 of the program).
    /// @param committeeId The committee that answers.
    /// @param threshold How many shares combine (the committee's DKG threshold).
    /// @param attributes The attributes of a satisfying set, as the policy program used them.
    /// @param blindedPoint C1' = b·C1, SEC 1 compressed: what the members multiply by their shares.
    /// @param blindingKey B = b·G, SEC 1 compressed.
    /// @param blindingProof The DLEQ proof (c ‖ s) that log_G B = log_{C1} C1'.
    event ReadRequested(
        uint64 indexed readId,
        address indexed patient,
        address indexed requester,
        bytes32 recordId,
        uint32 version,
        bytes32 policyHash,
        uint64 committeeId,
        uint8 threshold,
        bytes32[] attributes,
        bytes blindedPoint,
        bytes blindingKey,
        bytes blindingProof
    );

    /// @notice The committee released its shares: the t-th commit landed, so the requester can
    /// combine them once revealed. On the patient's timeline with the members that answered.
    /// @param commitMask The members that committed (bit i − 1 for member i).
    event ReadAnswered(
        uint64 indexed readId, address indexed patient, address indexed requester, uint16 commitMask
    );
    /// @notice The read was not answered: the requester was suspended, lost an attribute or its
    /// role, the record changed version or policy before t commits, or too many members declined.
    /// @param reason Selector of the liveness error, or of `TooManyDeclines`.
    event ReadRejected(
        uint64 indexed readId, address indexed patient, address indexed requester, bytes4 reason
    );
    /// @notice A member's revealed share for this read was shown wrong by a fault report.
    /// @param member The member's committee index.
    /// @param node The member's account.
    event ReadFaulted(uint64 indexed readId, address indexed patient, uint8 member, address node);

    /// @notice Asks the record's committee to release its half of the data key to the caller.
    /// @dev Checks that the caller is an active requester or provider, that keccak256(program) is
    /// the record's policyHash, that the caller's attributes satisfy the program now, and that the
    /// record's committee is active.
    /// @param recordId The record.
    /// @param program The record's policy program.
    /// @param blindedPoint C1' = b·C1 (33 bytes).
    /// @param blindingProof DLEQ proof (64 bytes) that log_G B = log_{C1} C1', bound to
    /// `blindingContext(msg.sender, recordId)`.
    /// @param blindingKey B = b·G (33 bytes).
    /// @return readId The id the committee answers under.
    function requestRead(
        bytes32 recordId,
        bytes calldata program,
        bytes calldata blindedPoint,
        bytes calldata blindingProof,
        bytes calldata blindingKey
    ) external returns (uint64 readId);

    /// @notice A read.
    function read(uint64 readId) external view returns (Read memory);

    /// @notice The patient of a read's record.
    function patientOf(uint64 readId) external view returns (address);

    /// @notice Whether a read may still be answered (committed to) now, and if not, why.
    /// @return live True when a member's commit would be accepted on these grounds.
    /// @return err The selector of the error a commit would be refused with (zero when live).
    function checkRead(uint64 readId) external view returns (bool live, bytes4 err);

    /// @notice The DLEQ context a blinding proof is bound to: keccak256(abi.encode(
    /// "emrchain/read-request/v1", chainId, this contract, requester, recordId)), so a request
    /// copied from the chain is no use to another requester or for another record.
    function blindingContext(address requester, bytes32 recordId) external view returns (bytes32);

    /// @notice The DLEQ context member `member`'s decryption-share proof for `readId` is bound to:
    /// keccak256(abi.encode("emrchain/read-share/v1", chainId, this contract, readId, member)).
    function shareContext(uint64 readId, uint8 member) external view returns (bytes32);

    /// @notice Number of reads requested so far (ids start at 1).
    function readCount() external view returns (uint64);
}
