// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IKeyIssuer
/// @notice CP-ABE key issuance (seed 001's KeyGen) through the oracle. A requester asks; the oracle
/// reads the requester's attributes, runs KeyGen, seals the key to the requester's transport key,
/// stores it on IPFS and answers here with its CID and hash, or rejects with a reason code.
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
    /// @param patient The patient whose records prompted the request (zero when none).
    /// @param status Where it stands.
    /// @param reason The rejection reason (zero unless rejected).
    /// @param attributesHash The requester's attribute-set commitment when asked.
    struct KeyRequest {
        address requester;
        address patient;
        KeyStatus status;
        uint8 reason;
        bytes32 attributesHash;
    }

    /// @notice The caller is not an active requester or provider.
    error RequesterNotActive(address requester);
    /// @notice The caller has no attributes to issue a key for.
    error NoAttributes(address requester);
    /// @notice The caller is not an active oracle.
    error NotOracle(address caller);
    /// @notice No key request has this id.
    error UnknownKeyRequest(uint64 requestId);
    /// @notice The key request has been answered already.
    error AlreadyAnswered(uint64 requestId);
    /// @notice The reason code is not defined.
    error InvalidReason(uint8 reason);
    /// @notice A required field is empty.
    error EmptyField();

    /// @notice A requester asked for a CP-ABE key for its current attributes.
    event KeyRequested(
        uint64 indexed requestId, address indexed requester, address indexed patient, bytes32 attributesHash
    );
    /// @notice The oracle issued the key, sealed to the requester's transport key, at `keyRef`.
    event KeyIssued(
        uint64 indexed requestId,
        address indexed requester,
        address indexed patient,
        address oracle,
        bytes32 keyHash,
        bytes keyRef
    );
    /// @notice The oracle refused to issue, with a reason code from `Reasons`.
    event KeyRejected(
        uint64 indexed requestId,
        address indexed requester,
        address indexed patient,
        address oracle,
        uint8 reason
    );

    /// @notice Asks the oracle for a CP-ABE key over the caller's current attributes.
    /// @param patient The patient whose records the key is for (zero when none); recorded for the audit trail.
    /// @return requestId The key request's id.
    function requestKey(address patient) external returns (uint64 requestId);

    /// @notice Answers a key request with the sealed key. Active oracle only, once.
    /// @param requestId The key request.
    /// @param keyHash SHA-256 of the sealed key blob.
    /// @param keyRef CID of the sealed key blob.
    function issueKey(uint64 requestId, bytes32 keyHash, bytes calldata keyRef) external;

    /// @notice Refuses a key request with a reason code. Active oracle only, once.
    /// @param requestId The key request.
    /// @param reason A code from `Reasons`.
    function rejectKey(uint64 requestId, uint8 reason) external;

    /// @notice A key request.
    function keyRequest(uint64 requestId) external view returns (KeyRequest memory);

    /// @notice Number of key requests made so far (ids start at 1).
    function keyRequestCount() external view returns (uint64);
}
