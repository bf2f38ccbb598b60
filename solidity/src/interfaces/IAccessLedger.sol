// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IAccessLedger
/// @notice Access to records (seed 000's request → token → get-access → receipt, with revocation by
/// either side; seed 002's check of role, object, operation and time). Each step is an event, so the
/// chain is the audit log of who asked, who allowed, who read and when.
/// @dev Flow: a requester `requestAccess`es a record; the patient `grantAccess`es it for the record's
/// current version with a validity window, the allowed operations and a commitment to the
/// re-encryption key; the requester calls `getAccess`, which checks everything on chain and emits
/// `AccessInvoked`; the oracle answers once, with `fulfil` (the receipt) or `reject`.
interface IAccessLedger {
    /// @notice Lifecycle of a request.
    enum RequestStatus {
        None,
        Requested,
        Granted,
        Revoked,
        Expired
    }

    /// @notice Lifecycle of one get-access call.
    enum AccessStatus {
        None,
        Pending,
        Fulfilled,
        Rejected
    }

    /// @notice A request and, once granted, its grant.
    /// @param requester Who asked.
    /// @param patient Whose record.
    /// @param recordId The record.
    /// @param operation The operation asked for (bit index into `operations`; 0 = read).
    /// @param status Where the request stands.
    /// @param version The record version the grant binds to (0 before the grant).
    /// @param notBefore Start of the grant's window (block timestamp).
    /// @param notAfter End of the grant's window (block timestamp), inclusive.
    /// @param operations Bit set of the operations the grant allows.
    /// @param requesterRole The requester's role when granted; a changed role voids the grant.
    /// @param purpose Purpose of use code (e.g. keccak256("treatment")).
    /// @param rekeyCommitment keccak256(abi.encode(rekeyHash, requester, recordId, version)).
    struct Request {
        address requester;
        address patient;
        bytes32 recordId;
        uint8 operation;
        RequestStatus status;
        uint32 version;
        uint64 notBefore;
        uint64 notAfter;
        uint8 operations;
        uint8 requesterRole;
        bytes32 purpose;
        bytes32 rekeyCommitment;
    }

    /// @notice One get-access call awaiting or holding the oracle's answer.
    struct Access {
        uint64 requestId;
        AccessStatus status;
        uint8 reason;
        uint32 version;
    }

    /// @notice One answer in a batch.
    struct Fulfilment {
        uint64 accessId;
        bytes32 resultHash;
        bytes resultRef;
    }

    /// @notice The caller is not an active requester or provider.
    error RequesterNotActive(address requester);
    /// @notice The patient is suspended or removed: it can take access away but not give it.
    error PatientNotActive(address patient);
    /// @notice The caller is not an active oracle.
    error NotOracle(address caller);
    /// @notice The caller is not the patient of the record.
    error NotPatient(address caller);
    /// @notice The caller is neither the patient nor the requester.
    error NotParty(address caller);
    /// @notice The caller is not the request's requester.
    error NotRequester(address caller);
    /// @notice No request has this id.
    error UnknownRequest(uint64 requestId);
    /// @notice No get-access call has this id.
    error UnknownAccess(uint64 accessId);
    /// @notice The request is not in the state this call needs.
    error InvalidRequestStatus(uint64 requestId, RequestStatus status);
    /// @notice The grant has been revoked.
    error GrantRevoked(uint64 requestId);
    /// @notice The grant's window has ended.
    error GrantExpired(uint64 requestId, uint64 notAfter);
    /// @notice The grant's window has not started.
    error GrantNotYetValid(uint64 requestId, uint64 notBefore);
    /// @notice The grant's window has not ended yet, so it cannot be marked expired.
    error GrantStillValid(uint64 requestId, uint64 notAfter);
    /// @notice The record is unknown or tombstoned.
    error RecordNotActive(bytes32 recordId);
    /// @notice The record has a newer version than the grant, or was deleted.
    error RecordVersionStale(bytes32 recordId, uint32 granted, uint32 current);
    /// @notice The requester's role changed since the grant.
    error RoleChanged(address requester);
    /// @notice The grant does not allow the requested operation.
    error OperationNotAllowed(uint8 operation, uint8 operations);
    /// @notice The window is empty or ends in the past.
    error InvalidWindow(uint64 notBefore, uint64 notAfter);
    /// @notice The operation index does not fit the 8-bit operation set.
    error InvalidOperation(uint8 operation);
    /// @notice The get-access call has been answered already.
    error AlreadyAnswered(uint64 accessId);
    /// @notice The reason code is not defined.
    error InvalidReason(uint8 reason);
    /// @notice A required field is empty.
    error EmptyField();

    /// @notice A requester asked for access to a record.
    event AccessRequested(
        uint64 indexed requestId,
        address indexed patient,
        address indexed requester,
        bytes32 recordId,
        uint8 operation,
        bytes32 purpose
    );
    /// @notice The patient granted a request for the record's current version (seed 000's token).
    /// @param rekeyRef CID of the re-encryption key, sealed to the proxy's transport key.
    event AccessGranted(
        uint64 indexed requestId,
        address indexed patient,
        address indexed requester,
        bytes32 recordId,
        uint32 version,
        uint64 notBefore,
        uint64 notAfter,
        uint8 operations,
        bytes32 rekeyCommitment,
        bytes rekeyRef
    );
    /// @notice The patient or the requester revoked a request or grant.
    event AccessRevoked(
        uint64 indexed requestId, address indexed patient, address indexed requester, address actor
    );
    /// @notice Someone marked a grant whose window has ended as expired.
    event AccessExpired(uint64 indexed requestId, address indexed patient, address indexed requester);
    /// @notice A requester's get-access passed every check; the oracle now answers (seed 000's get-access).
    event AccessInvoked(
        uint64 indexed accessId,
        uint64 indexed requestId,
        address indexed patient,
        address requester,
        bytes32 recordId,
        uint32 version
    );
    /// @notice The oracle delivered the re-encrypted key: the receipt for the patient (seed 000).
    event AccessFulfilled(
        uint64 indexed accessId,
        uint64 indexed requestId,
        address indexed patient,
        address requester,
        address oracle,
        bytes32 resultHash,
        bytes resultRef
    );
    /// @notice The oracle refused to answer a get-access, with a reason code from `Reasons`.
    event AccessRejected(
        uint64 indexed accessId,
        uint64 indexed requestId,
        address indexed patient,
        address requester,
        address oracle,
        uint8 reason
    );

    /// @notice Asks for access to a record.
    /// @param recordId The record.
    /// @param operation The operation (0 = read); must be below 8.
    /// @param purpose Purpose of use code.
    /// @return requestId The new request's id.
    function requestAccess(bytes32 recordId, uint8 operation, bytes32 purpose)
        external
        returns (uint64 requestId);

    /// @notice Grants a pending request for the record's current version. Active patient only.
    /// @param requestId The request.
    /// @param notBefore Start of the window.
    /// @param notAfter End of the window, inclusive; in the future.
    /// @param operations Bit set of allowed operations; must include the requested one.
    /// @param rekeyHash SHA-256 of the re-encryption key's encoding; bound to requester, record and version.
    /// @param rekeyRef CID of the re-encryption key sealed to the proxy's transport key.
    function grantAccess(
        uint64 requestId,
        uint64 notBefore,
        uint64 notAfter,
        uint8 operations,
        bytes32 rekeyHash,
        bytes calldata rekeyRef
    ) external;

    /// @notice Revokes a request or grant. Either the patient or the requester (seed 000's 1-of-2).
    /// @param requestId The request.
    function revokeAccess(uint64 requestId) external;

    /// @notice Marks a grant whose window has ended as expired. Anyone may call it.
    /// @param requestId The request.
    function expire(uint64 requestId) external;

    /// @notice Uses a grant: checks it on chain and, if it holds, asks the oracle to answer.
    /// @dev Reverts with the specific error for the first check that fails.
    /// @param requestId The granted request.
    /// @return accessId The id the oracle answers under.
    function getAccess(uint64 requestId) external returns (uint64 accessId);

    /// @notice Answers a get-access with the re-encrypted key. Active oracle only, once per access.
    /// @dev Re-checks that the grant is still live; a grant revoked or superseded meanwhile is
    /// answered with `reject(…, Reasons.GRANT_NOT_LIVE)` instead.
    /// @param accessId The get-access call.
    /// @param resultHash SHA-256 of the re-encrypted capsule.
    /// @param resultRef CID of the re-encrypted capsule.
    function fulfil(uint64 accessId, bytes32 resultHash, bytes calldata resultRef) external;

    /// @notice Answers several get-access calls in one transaction; reverts if any answer is invalid.
    /// @param fulfilments The answers.
    function fulfilMany(Fulfilment[] calldata fulfilments) external;

    /// @notice Refuses a get-access with a reason code. Active oracle only, once per access.
    /// @param accessId The get-access call.
    /// @param reason A code from `Reasons`.
    function reject(uint64 accessId, uint8 reason) external;

    /// @notice A request and its grant.
    function request(uint64 requestId) external view returns (Request memory);

    /// @notice A get-access call and its answer.
    function access(uint64 accessId) external view returns (Access memory);

    /// @notice Whether `requestId`'s grant would pass `getAccess` now, and if not, the error it would raise.
    /// @return live True when a get-access would succeed.
    /// @return err The selector of the custom error a get-access would revert with (zero when live).
    function checkGrant(uint64 requestId) external view returns (bool live, bytes4 err);

    /// @notice The commitment a grant stores for a re-encryption key.
    function rekeyCommitment(bytes32 rekeyHash, address requester, bytes32 recordId, uint32 version)
        external
        pure
        returns (bytes32);

    /// @notice Number of requests made so far (ids start at 1).
    function requestCount() external view returns (uint64);

    /// @notice Number of get-access calls made so far (ids start at 1).
    function accessCount() external view returns (uint64);
}
