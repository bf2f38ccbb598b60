// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IThresholdAnswers} from "./IThresholdAnswers.sol";

/// @title IAccessLedger
/// @notice Access to records through t-of-n proxies (seed 000's request → token → get-access →
/// receipt, with revocation by either side; seed 002's check of role, object, operation and time).
/// Each step is an event, so the chain is the audit log of who asked, who allowed, who read, when,
/// and which proxies answered.
/// @dev Flow: a requester `requestAccess`es a record; the patient `grantAccess`es it for the
/// record's current version and key generation, with a window, the allowed operations, a number of
/// uses and the threshold re-key: a committee, a threshold t, the members holding shares, the
/// re-key bundle (IPFS) and the share commitments `P_i = rk_i·G` (emitted; their hash is bound in
/// the grant commitment). The requester calls `getAccess`, which spends a use and opens an access
/// the named members answer through the commit-then-reveal state machine (ThresholdAnswers): each
/// computes `F_i = rk_i·E` for the capsule's `E` with a DLEQ proof. The window is judged at
/// get-access time; a revocation, a new version or key generation, or the requester's suspension
/// or role change stops commits at once.
///
/// A grant's immutable terms (`Grant`) are stored only as `grantHash = keccak256(abi.encode(grant))`
/// and passed back in calldata where they are needed (get-access, expiry, fault reports), as
/// Uniswap v4 passes a PoolKey: one storage slot per grant fewer. They are in `AccessGranted`.
///
/// A fault report's `statement` is abi.encode(bytes capsule, bytes commitments, bytes32 bundleHash,
/// Grant grant): the capsule object (235 bytes; its SHA-256 is bound in the grant commitment and
/// `E` is read from it), the grant's commitments and bundle hash, and its terms; together they must
/// reproduce the stored grant hash. The member's statement is then P = its commitment, H = E, with
/// `fragmentContext(requestId, member)`.
interface IAccessLedger is IThresholdAnswers {
    /// @notice Lifecycle of a request.
    enum RequestStatus {
        None,
        Requested,
        Granted,
        Revoked,
        Expired
    }

    /// @notice A request and, once granted, what changes over its grant's life. Three storage slots.
    /// @param requester Who asked.
    /// @param operation The operation asked for (a bit index into the grant's `operations`; 0 = read).
    /// @param status Where the request stands.
    /// @param version The record version the grant binds to (0 before the grant).
    /// @param generation The record's key generation the grant binds to.
    /// @param requesterRole The requester's role when granted; a changed role voids the grant.
    /// @param usesLeft How many more get-access calls the grant allows.
    /// @param recordId The record.
    /// @param grantHash keccak256(abi.encode(grant)) of the grant's terms (zero before the grant).
    struct Request {
        address requester;
        uint8 operation;
        RequestStatus status;
        uint32 version;
        uint24 generation;
        uint8 requesterRole;
        uint16 usesLeft;
        bytes32 recordId;
        bytes32 grantHash;
    }

    /// @notice A grant's immutable terms, as `AccessGranted` emits them and `getAccess` takes them.
    /// @param notBefore Start of the window (block timestamp).
    /// @param notAfter End of the window (block timestamp), inclusive.
    /// @param operations Bit set of the operations the grant allows.
    /// @param committeeId The committee whose members hold the re-key shares.
    /// @param threshold t: how many fragments combine.
    /// @param memberMask The members holding shares: bit i − 1 for member i.
    /// @param commitment See `grantCommitment`: binds the bundle, the share commitments, the
    /// requester, the record version, its capsule and the committee terms.
    struct Grant {
        uint64 notBefore;
        uint64 notAfter;
        uint8 operations;
        uint64 committeeId;
        uint8 threshold;
        uint16 memberMask;
        bytes32 commitment;
    }

    /// @notice What the patient grants besides the share commitments.
    /// @param notBefore Start of the window.
    /// @param notAfter End of the window, inclusive; not in the past.
    /// @param operations Bit set of allowed operations; must include the requested one.
    /// @param maxUses How many get-access calls the grant allows (the client's default is 1).
    /// @param committeeId The committee whose members hold the shares; active.
    /// @param threshold t: how many fragments combine (1 ≤ t ≤ members in the mask).
    /// @param memberMask The members holding shares: bit i − 1 for member i.
    /// @param bundleHash SHA-256 of the re-key bundle (V, W, the delegating key, the commitments
    /// and the sealed shares).
    /// @param bundleRef CID of the re-key bundle.
    struct GrantInput {
        uint64 notBefore;
        uint64 notAfter;
        uint8 operations;
        uint16 maxUses;
        uint64 committeeId;
        uint8 threshold;
        uint16 memberMask;
        bytes32 bundleHash;
        bytes bundleRef;
    }

    /// @notice One get-access call: what its answers are bound to.
    /// @param requestId The granted request it spent a use of (zero: no such access).
    /// @param committeeId The grant's committee.
    /// @param memberMask The grant's members.
    /// @param threshold The grant's t.
    struct Access {
        uint64 requestId;
        uint64 committeeId;
        uint16 memberMask;
        uint8 threshold;
    }

    /// @notice The caller is not an active requester or provider.
    error RequesterNotActive(address requester);
    /// @notice The patient is suspended or removed: it can take access away but not give it.
    error PatientNotActive(address patient);
    /// @notice The caller is not the patient of the record.
    error NotPatient(address caller);
    /// @notice The caller is neither the patient nor the requester, or is removed.
    error NotParty(address caller);
    /// @notice The caller is not the request's requester.
    error NotRequester(address caller);
    /// @notice No request has this id.
    error UnknownRequest(uint64 requestId);
    /// @notice The request is not in the state this call needs.
    error InvalidRequestStatus(uint64 requestId, RequestStatus status);
    /// @notice The grant terms given are not the ones the request was granted with.
    error GrantMismatch(uint64 requestId);
    /// @notice The grant has been revoked.
    error GrantRevoked(uint64 requestId);
    /// @notice The grant's window has ended.
    error GrantExpired(uint64 requestId, uint64 notAfter);
    /// @notice The grant's window has not started.
    error GrantNotYetValid(uint64 requestId, uint64 notBefore);
    /// @notice The grant's window has not ended yet, so it cannot be marked expired.
    error GrantStillValid(uint64 requestId, uint64 notAfter);
    /// @notice Every use of the grant has been spent.
    error GrantUsedUp(uint64 requestId);
    /// @notice The record is unknown or tombstoned.
    error RecordNotActive(bytes32 recordId);
    /// @notice The record has a newer version than the grant, or was deleted.
    error RecordVersionStale(bytes32 recordId, uint32 granted, uint32 current);
    /// @notice The record's key was re-wrapped (rotated) since the grant.
    error KeyRewrapped(bytes32 recordId, uint32 granted, uint32 current);
    /// @notice The requester's role changed since the grant.
    error RoleChanged(address requester);
    /// @notice The grant does not allow the requested operation.
    error OperationNotAllowed(uint8 operation, uint8 operations);
    /// @notice The window is empty or ends in the past.
    error InvalidWindow(uint64 notBefore, uint64 notAfter);
    /// @notice The operation index does not fit the 8-bit operation set.
    error InvalidOperation(uint8 operation);
    /// @notice A grant must allow at least one use.
    error InvalidMaxUses();
    /// @notice The threshold is zero or above the number of members, or the member mask is empty.
    error InvalidThreshold(uint8 threshold, uint16 memberMask);
    /// @notice The commitments are not one 64-byte point (x ‖ y, on the curve) per member in the mask.
    error InvalidCommitments(uint256 length, uint256 members);
    /// @notice The committee is not active (still in its DKG, failed, retired or unknown).
    error CommitteeNotActive(uint64 committeeId);
    /// @notice The mask names members the committee does not have.
    error UnknownMembers(uint64 committeeId, uint16 memberMask);
    /// @notice A required field is empty.
    error EmptyField();
    /// @notice A fault report's capsule, commitments, bundle hash or terms do not match the grant.
    error StatementMismatch(uint64 accessId);
    /// @notice A fault report's capsule is not a capsule object, or a point in it does not decode.
    error InvalidStatement(uint64 accessId);

    /// @notice A requester asked for access to a record.
    event AccessRequested(
        uint64 indexed requestId,
        address indexed patient,
        address indexed requester,
        bytes32 recordId,
        uint8 operation,
        bytes32 purpose
    );
    /// @notice The patient granted a request for the record's current version (seed 000's token),
    /// with the threshold re-key the named committee members answer from.
    /// @param generation The record's key generation the grant binds to.
    /// @param maxUses How many get-access calls the grant allows.
    /// @param grant The grant's terms; `getAccess` takes them back.
    /// @param bundleHash SHA-256 of the re-key bundle.
    /// @param bundleRef CID of the re-key bundle.
    /// @param commitments The share commitments P_i = rk_i·G, 64-byte x ‖ y each, in member order.
    event AccessGranted(
        uint64 indexed requestId,
        address indexed patient,
        address indexed requester,
        bytes32 recordId,
        uint32 version,
        uint32 generation,
        uint16 maxUses,
        Grant grant,
        bytes32 bundleHash,
        bytes bundleRef,
        bytes commitments
    );
    /// @notice The patient or the requester revoked a request or grant; no answer is committed after it.
    event AccessRevoked(
        uint64 indexed requestId, address indexed patient, address indexed requester, address actor
    );
    /// @notice Someone marked a grant whose window has ended as expired. Accesses invoked inside
    /// the window are still answered.
    event AccessExpired(uint64 indexed requestId, address indexed patient, address indexed requester);
    /// @notice A requester's get-access passed every check and spent a use; the named committee
    /// members now answer (seed 000's get-access).
    /// @param usesLeft How many more get-access calls the grant allows.
    event AccessInvoked(
        uint64 indexed accessId,
        uint64 indexed requestId,
        address indexed patient,
        address requester,
        bytes32 recordId,
        uint32 version,
        uint16 usesLeft
    );
    /// @notice The named members answered: the t-th fragment commit landed, so the requester can
    /// combine the fragments once they are revealed. The receipt on the patient's timeline.
    /// @param commitMask The members that committed (bit i − 1 for member i).
    event AccessFulfilled(
        uint64 indexed accessId,
        uint64 indexed requestId,
        address indexed patient,
        address requester,
        uint16 commitMask
    );
    /// @notice The access was not answered: its grant died before enough commits (revoked, record
    /// superseded or key rotated, requester suspended or its role changed), or too many named
    /// members declined.
    /// @param reason Selector of the liveness error, or of `TooManyDeclines`.
    event AccessRejected(
        uint64 indexed accessId,
        uint64 indexed requestId,
        address indexed patient,
        address requester,
        bytes4 reason
    );
    /// @notice A member's revealed fragment for this access was shown wrong by a fault report.
    /// @param member The member's committee index.
    /// @param node The member's account.
    event AccessFaulted(
        uint64 indexed accessId, uint64 indexed requestId, address indexed patient, uint8 member, address node
    );

    /// @notice Asks for access to a record.
    /// @param recordId The record.
    /// @param operation The operation (0 = read); must be below 8.
    /// @param purpose Purpose of use code.
    /// @return requestId The new request's id.
    function requestAccess(bytes32 recordId, uint8 operation, bytes32 purpose)
        external
        returns (uint64 requestId);

    /// @notice Grants a pending request for the record's current version and key generation. Active
    /// patient only.
    /// @param requestId The request.
    /// @param grant Window, operations, uses, committee, threshold, members and re-key bundle.
    /// @param commitments One share commitment per member in the mask, in member order, each
    /// 64-byte x ‖ y (crypto/tpre's Bundle.EVMCommitments).
    function grantAccess(uint64 requestId, GrantInput calldata grant, bytes calldata commitments) external;

    /// @notice Revokes a request or grant, also one whose window has ended while accesses are in
    /// flight. The patient or the requester (seed 000's 1-of-2), even while suspended, never when removed.
    /// @param requestId The request.
    function revokeAccess(uint64 requestId) external;

    /// @notice Marks a grant whose window has ended as expired. Anyone may call it.
    /// @param requestId The request.
    /// @param grant The grant's terms, as `AccessGranted` emitted them.
    function expire(uint64 requestId, Grant calldata grant) external;

    /// @notice Uses a grant: checks it on chain, spends a use and, if it holds, opens an access
    /// the named members answer. Only the requester.
    /// @dev Reverts with the specific error for the first check that fails.
    /// @param requestId The granted request.
    /// @param grant The grant's terms, as `AccessGranted` emitted them.
    /// @return accessId The id the members answer under.
    function getAccess(uint64 requestId, Grant calldata grant) external returns (uint64 accessId);

    /// @notice A request and its grant's changing state.
    function request(uint64 requestId) external view returns (Request memory);

    /// @notice The patient of a request's record.
    function patientOf(uint64 requestId) external view returns (address);

    /// @notice A get-access call's request and answer terms (all zero if none).
    function access(uint64 accessId) external view returns (Access memory);

    /// @notice Whether `requestId`'s grant would pass `getAccess` now with these terms, and if
    /// not, the error it would raise.
    /// @return live True when a get-access would succeed.
    /// @return err The selector of the custom error a get-access would revert with (zero when live).
    function checkGrant(uint64 requestId, Grant calldata grant) external view returns (bool live, bytes4 err);

    /// @notice Whether an access may still be answered (committed to) now, and if not, why: the
    /// grant not revoked, the record at the granted version and key generation, the requester
    /// active in the granted role. The window does not matter here: it was judged at get-access.
    /// @return live True when a member's commit would be accepted on these grounds.
    /// @return err The selector of the error a commit would be refused with (zero when live).
    function checkAccess(uint64 accessId) external view returns (bool live, bytes4 err);

    /// @notice keccak256(abi.encode(grant)): what a request stores for its grant.
    function grantHash(Grant calldata grant) external pure returns (bytes32);

    /// @notice The commitment a grant's terms carry: keccak256(abi.encode(bundleHash,
    /// keccak256(commitments), requester, recordId, version, capsuleHash, committeeId, threshold,
    /// memberMask)). It fixes which capsule (by hash) and which share commitments a fault report
    /// checks a fragment against.
    function grantCommitment(
        bytes32 bundleHash,
        bytes calldata commitments,
        address requester,
        bytes32 recordId,
        uint32 version,
        bytes32 capsuleHash,
        uint64 committeeId,
        uint8 threshold,
        uint16 memberMask
    ) external pure returns (bytes32);

    /// @notice The DLEQ context member `member`'s fragment proofs for `requestId` are bound to:
    /// keccak256(abi.encode("emrchain/pre-fragment/v1", chainId, this contract, requestId, member))
    /// (crypto/tpre's Binding.Context).
    function fragmentContext(uint64 requestId, uint8 member) external view returns (bytes32);

    /// @notice Number of requests made so far (ids start at 1).
    function requestCount() external view returns (uint64);

    /// @notice Number of get-access calls made so far (ids start at 1).
    function accessCount() external view returns (uint64);
}
