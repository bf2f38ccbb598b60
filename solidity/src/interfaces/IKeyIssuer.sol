// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IKeyIssuer
/// @notice CP-ABE key issuance (seed 001's KeyGen) per epoch, through the key oracle (the Registry's
/// `Oracle` role; proxies are a different role and cannot answer here). A requester asks for a key
/// of an epoch; the oracle reads the requester's attributes, runs KeyGen with the epoch attribute
/// added, seals the key to the requester's transport key, stores it on IPFS and answers here with
/// its CID and hash, or rejects with a reason code.
/// @dev Epochs come from block time: `epoch() = block.timestamp / epochLength`. Records wrap their
/// CP-ABE half under `policy AND epoch:e` of their creation, so a key of an older epoch opens no
/// later record. A key alone opens nothing either: the other key half comes only through an
/// on-chain, audited read (AttributeReads). Key requests concern no patient, so they are on the
/// requester's own timeline and never on a stranger's.
interface IKeyIssuer {
    /// @notice Lifecycle of a key request.
    enum KeyStatus {
        None,
        Pending,
        Issued,
        Rejected
    }

    /// @notice A key request.
    /// @param requester Who asked.
    /// @param epoch The epoch the key is for.
    /// @param status Where it stands.
    /// @param reason The rejection reason (zero unless rejected).
    /// @param attributesHash The requester's attribute-set commitment when asked.
    struct KeyRequest {
        address requester;
        uint64 epoch;
        KeyStatus status;
        uint8 reason;
        bytes32 attributesHash;
    }

    /// @notice The caller is not an active requester or provider.
    error RequesterNotActive(address requester);
    /// @notice The caller has no attributes to issue a key for.
    error NoAttributes(address requester);
    /// @notice The epoch has not begun.
    error FutureEpoch(uint64 epoch, uint64 current);
    /// @notice The caller is not an active key oracle.
    error NotOracle(address caller);
    /// @notice No key request has this id.
    error UnknownKeyRequest(uint64 requestId);
    /// @notice The key request has been answered already.
    error AlreadyAnswered(uint64 requestId);
    /// @notice The reason code is not defined.
    error InvalidReason(uint8 reason);
    /// @notice A required field is empty.
    error EmptyField();
    /// @notice The epoch length is zero.
    error InvalidEpochLength();

    /// @notice A requester asked for a CP-ABE key of an epoch for its current attributes.
    event KeyRequested(
        uint64 indexed requestId, address indexed requester, uint64 epoch, bytes32 attributesHash
    );
    /// @notice The key oracle issued the key, sealed to the requester's transport key, at `keyRef`.
    event KeyIssued(
        uint64 indexed requestId,
        address indexed requester,
        address indexed oracle,
        uint64 epoch,
        bytes32 keyHash,
        bytes keyRef
    );
    /// @notice The key oracle refused to issue, with a reason code from `Reasons`.
    event KeyRejected(
        uint64 indexed requestId, address indexed requester, address indexed oracle, uint8 reason
    );

    /// @notice Asks the key oracle for a CP-ABE key of `epoch` over the caller's current attributes.
    /// @param epoch An epoch that has begun (at most `epoch()`): older epochs open older records.
    /// @return requestId The key request's id.
    function requestKey(uint64 epoch) external returns (uint64 requestId);

    /// @notice Answers a key request with the sealed key. Active key oracle only, once.
    /// @param requestId The key request.
    /// @param keyHash SHA-256 of the sealed key blob.
    /// @param keyRef CID of the sealed key blob.
    function issueKey(uint64 requestId, bytes32 keyHash, bytes calldata keyRef) external;

    /// @notice Refuses a key request with a reason code. Active key oracle only, once.
    /// @param requestId The key request.
    /// @param reason A code from `Reasons`.
    function rejectKey(uint64 requestId, uint8 reason) external;

    /// @notice The current epoch: block.timestamp / epochLength.
    function epoch() external view returns (uint64);

    /// @notice Seconds per epoch, fixed at deployment.
    function epochLength() external view returns (uint64);

    /// @notice A key request.
    function keyRequest(uint64 requestId) external view returns (KeyRequest memory);

    /// @notice Number of key requests made so far (ids start at 1).
    function keyRequestCount() external view returns (uint64);
}
