// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IRecovery
/// @notice Key recovery through guardians (docs/trust.md, "Recovery"). The patient's client
/// encrypts a backup of all her secrets under a random backup key, stores it on IPFS, Shamir-
/// shares the backup key (a scalar) t-of-n to holders (sealed to their transport keys in a shares
/// object on IPFS) and publishes the Feldman commitments here. To recover, a holder files a
/// request naming the new device's fresh transport key; during the patient's chosen delay her old
/// key may cancel it; after the delay each approving holder publishes its share sealed to the new
/// key; the new device checks each against its commitment, combines t and restores everything.
/// Nobody but the new device combines shares; t − 1 holders learn nothing.
/// @dev Cancelling is possible only during the delay and releasing only after it, within
/// `RELEASE_WINDOW`, so a cancellation can never race a share that is already public. A new
/// configuration (generation) retires the old holders and any request made under it. Holders act
/// only while enrolled and active; the patient configures only while active and cancels while
/// active or suspended (a suspension often answers a stolen device, and the thief may be the one
/// requesting).
interface IRecovery {
    /// @notice Where a request stands.
    enum RequestStatus {
        None,
        Pending,
        Cancelled,
        Completed
    }

    /// @notice A patient's recovery configuration. Two storage slots.
    /// @param generation Bumped by each configuration (0: never configured).
    /// @param threshold t.
    /// @param holders n.
    /// @param delay Seconds between a request and the first share release.
    /// @param openRequest The request in progress (0: none).
    /// @param commitmentsHash keccak256 of the Feldman commitments (t × 33 bytes).
    struct Config {
        uint32 generation;
        uint8 threshold;
        uint8 holders;
        uint64 delay;
        uint64 openRequest;
        bytes32 commitmentsHash;
    }

    /// @notice A recovery request. Three storage slots.
    /// @param patient Whose secrets.
    /// @param generation The configuration it was made under.
    /// @param status Pending, Cancelled or Completed.
    /// @param released Holders that released their share (bit index − 1).
    /// @param releases How many released.
    /// @param readyAt When shares may be released (the end of the cancellation delay).
    /// @param requester The holder who filed it.
    /// @param newAccount The account the patient's new device will use.
    /// @param newTransportKey The new device's fresh X25519 transport key the shares are sealed to.
    struct Request {
        address patient;
        uint32 generation;
        RequestStatus status;
        uint16 released;
        uint8 releases;
        uint64 readyAt;
        address requester;
        address newAccount;
        bytes32 newTransportKey;
    }

    /// @notice Where the patient's encrypted backup and the holders' sealed shares are.
    /// @param backupHash SHA-256 of the encrypted backup object.
    /// @param sharesHash SHA-256 of the sealed-shares object.
    /// @param backupRef CID of the encrypted backup object.
    /// @param sharesRef CID of the sealed-shares object.
    struct Backup {
        bytes32 backupHash;
        bytes32 sharesHash;
        bytes backupRef;
        bytes sharesRef;
    }

    /// @notice The caller is not an active enrolled patient (or, to cancel, a suspended one).
    error PatientNotActive(address patient);
    /// @notice Threshold, holder count, delay, commitments or references out of range.
    error InvalidConfig();
    /// @notice A holder is not enrolled and active, is the patient, or is named twice.
    error InvalidHolder(address holder);
    /// @notice The caller is not an active holder of the patient's current configuration.
    error NotHolder(address caller);
    /// @notice The patient has no recovery configuration.
    error NotConfigured(address patient);
    /// @notice A request for this patient is still in progress.
    error RequestInProgress(uint64 requestId);
    /// @notice The new account or transport key is zero.
    error InvalidRecipient();
    /// @notice No request has this id.
    error UnknownRequest(uint64 requestId);
    /// @notice The request is cancelled, completed, expired, or from an older configuration.
    error RequestNotPending(uint64 requestId);
    /// @notice The delay is not over yet (shares cannot be released).
    error DelayNotOver(uint64 requestId, uint64 readyAt);
    /// @notice The delay is over (the request can no longer be cancelled).
    error DelayOver(uint64 requestId, uint64 readyAt);
    /// @notice The holder already released its share for this request.
    error AlreadyReleased(uint64 requestId, address holder);
    /// @notice A sealed share is empty or longer than `MAX_SEALED_SHARE`.
    error InvalidShare(uint256 length);

    /// @notice A patient configured recovery: holders in share-index order (1 … n).
    /// @param commitments The Feldman commitments C_0 … C_{t−1} (33 bytes each).
    /// @param backup Where the encrypted backup and the sealed shares are.
    event RecoveryConfigured(
        address indexed patient,
        uint32 indexed generation,
        uint8 threshold,
        address[] holders,
        uint64 delay,
        bytes commitments,
        Backup backup
    );
    /// @notice A holder asked to recover a patient's secrets to a new device. The patient is
    /// notified and may cancel until `readyAt`.
    event RecoveryRequested(
        uint64 indexed requestId,
        address indexed patient,
        address indexed requester,
        address newAccount,
        bytes32 newTransportKey,
        uint64 readyAt
    );
    /// @notice The patient cancelled a recovery request during its delay.
    event RecoveryCancelled(uint64 indexed requestId, address indexed patient);
    /// @notice A holder released its share, sealed to the request's new transport key.
    /// @param index The holder's share index.
    /// @param sealedShare The share sealed to `newTransportKey`.
    event RecoveryShareReleased(
        uint64 indexed requestId,
        address indexed patient,
        address indexed holder,
        uint8 index,
        bytes sealedShare
    );
    /// @notice The t-th share was released: the new device can restore the patient's secrets.
    /// @param released The holders whose shares were released.
    event RecoveryCompleted(
        uint64 indexed requestId, address indexed patient, address indexed newAccount, uint16 released
    );

    /// @notice The shortest delay a patient may configure.
    function MIN_DELAY() external view returns (uint64);
    /// @notice The longest delay a patient may configure.
    function MAX_DELAY() external view returns (uint64);
    /// @notice How long after the delay shares may be released.
    function RELEASE_WINDOW() external view returns (uint64);
    /// @notice The longest sealed share accepted.
    function MAX_SEALED_SHARE() external view returns (uint256);

    /// @notice Configures (or replaces) the caller's recovery. Active patient; any request in
    /// progress is retired with the old configuration.
    /// @param threshold t, 1 … n.
    /// @param holders n (1 … 16) distinct active participants, none the patient, in share-index order.
    /// @param delay Cancellation delay, `MIN_DELAY` … `MAX_DELAY`.
    /// @param commitments Feldman commitments C_0 … C_{t−1} of the backup key's sharing (t × 33 bytes).
    /// @param backup The backup and shares objects (hashes nonzero, references nonempty).
    function configure(
        uint8 threshold,
        address[] calldata holders,
        uint64 delay,
        bytes calldata commitments,
        Backup calldata backup
    ) external;

    /// @notice Files a recovery request for `patient`. An active holder of her current configuration.
    /// @param patient The patient.
    /// @param newAccount The account of her new device.
    /// @param newTransportKey The new device's fresh transport key.
    /// @return requestId The request.
    function requestRecovery(address patient, address newAccount, bytes32 newTransportKey)
        external
        returns (uint64 requestId);

    /// @notice Cancels a pending request during its delay. Its patient, active or suspended.
    function cancelRecovery(uint64 requestId) external;

    /// @notice Releases the caller's share sealed to the request's new transport key. An active
    /// holder of the request's configuration, after the delay and within `RELEASE_WINDOW`. The
    /// t-th release completes the request; later ones still land, as spares should a share fail
    /// its commitment.
    /// @param requestId The request.
    /// @param sealedShare The holder's share sealed to `newTransportKey`.
    function releaseShare(uint64 requestId, bytes calldata sealedShare) external;

    /// @notice A patient's configuration.
    function config(address patient) external view returns (Config memory);

    /// @notice The share index (1 … n) of `holder` in `patient`'s current configuration (0: none).
    function holderIndex(address patient, address holder) external view returns (uint8);

    /// @notice A request.
    function request(uint64 requestId) external view returns (Request memory);

    /// @notice Number of requests so far (ids start at 1).
    function requestCount() external view returns (uint64);
}
