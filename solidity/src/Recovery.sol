// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecovery} from "./interfaces/IRecovery.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title Recovery
/// @notice Guardian-held shares of a patient's backup key: request, delay (the patient may
/// cancel), release of t shares sealed to the new device.
contract Recovery is IRecovery {
    /// @inheritdoc IRecovery
    uint64 public constant MIN_DELAY = 1 days;
    /// @inheritdoc IRecovery
    uint64 public constant MAX_DELAY = 30 days;
    /// @inheritdoc IRecovery
    uint64 public constant RELEASE_WINDOW = 7 days;
    /// @inheritdoc IRecovery
    uint256 public constant MAX_SEALED_SHARE = 256;
    uint256 internal constant POINT_LENGTH = 33;
    uint256 internal constant MAX_HOLDERS = 16;

    /// @notice The participant registry.
    IRegistry public immutable registry;

    mapping(address patient => Config) internal _configs;
    /// @dev Keyed by keccak256(patient, generation, holder): retired with its configuration.
    mapping(bytes32 key => uint8 index) internal _holderIndex;
    /// @inheritdoc IRecovery
    uint64 public requestCount;
    mapping(uint64 requestId => Request) internal _requests;

    /// @param registry_ The participant registry.
    constructor(IRegistry registry_) {
        registry = registry_;
    }

    /// @inheritdoc IRecovery
    function configure(
        uint8 threshold,
        address[] calldata holders,
        uint64 delay,
        bytes calldata commitments,
        Backup calldata backup
    ) external {
        if (!registry.isActive(msg.sender, IRegistry.Role.Patient)) {
            revert PatientNotActive(msg.sender);
        }
        uint256 n = holders.length;
        if (
            threshold == 0 || threshold > n || n > MAX_HOLDERS || delay < MIN_DELAY || delay > MAX_DELAY
                || commitments.length != uint256(threshold) * POINT_LENGTH || backup.backupHash == bytes32(0)
                || backup.backupRef.length == 0 || backup.sharesHash == bytes32(0)
                || backup.sharesRef.length == 0
        ) revert InvalidConfig();
        Config storage c = _configs[msg.sender];
        uint32 generation = c.generation + 1;
        for (uint256 i; i < n; ++i) {
            address h = holders[i];
            bytes32 key = _key(msg.sender, generation, h);
            if (h == msg.sender || _holderIndex[key] != 0 || !_isActive(h)) revert InvalidHolder(h);
            // forge-lint: disable-next-line(unsafe-typecast)
            _holderIndex[key] = uint8(i + 1); // n ≤ 16
        }
        c.generation = generation;
        c.threshold = threshold;
        // forge-lint: disable-next-line(unsafe-typecast)
        c.holders = uint8(n); // n ≤ 16
        c.delay = delay;
        c.openRequest = 0;
        c.commitmentsHash = keccak256(commitments);
        emit RecoveryConfigured(msg.sender, generation, threshold, holders, delay, commitments, backup);
    }

    /// @inheritdoc IRecovery
    function requestRecovery(address patient, address newAccount, bytes32 newTransportKey)
        external
        returns (uint64 requestId)
    {
        Config storage c = _configs[patient];
        uint32 generation = c.generation;
        if (generation == 0) revert NotConfigured(patient);
        _holder(patient, generation, msg.sender);
        if (newAccount == address(0) || newTransportKey == bytes32(0)) revert InvalidRecipient();
        uint64 open = c.openRequest;
        if (open != 0 && _inProgress(_requests[open])) revert RequestInProgress(open);

        requestId = ++requestCount;
        uint64 readyAt = uint64(block.timestamp) + c.delay;
        _requests[requestId] = Request({
            patient: patient,
            generation: generation,
            status: RequestStatus.Pending,
            released: 0,
            releases: 0,
            readyAt: readyAt,
            requester: msg.sender,
            newAccount: newAccount,
            newTransportKey: newTransportKey
        });
        c.openRequest = requestId;
        emit RecoveryRequested(requestId, patient, msg.sender, newAccount, newTransportKey, readyAt);
    }

    /// @inheritdoc IRecovery
    function cancelRecovery(uint64 requestId) external {
        Request storage r = _request(requestId);
        address patient = r.patient;
        if (msg.sender != patient) revert PatientNotActive(msg.sender);
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(msg.sender);
        if (
            role != IRegistry.Role.Patient
                || (status != IRegistry.Status.Active && status != IRegistry.Status.Suspended)
        ) revert PatientNotActive(msg.sender);
        if (r.status != RequestStatus.Pending || r.generation != _configs[patient].generation) {
            revert RequestNotPending(requestId);
        }
        if (block.timestamp >= r.readyAt) revert DelayOver(requestId, r.readyAt);
        r.status = RequestStatus.Cancelled;
        emit RecoveryCancelled(requestId, patient);
    }

    /// @inheritdoc IRecovery
    function releaseShare(uint64 requestId, bytes calldata sealedShare) external {
        Request storage r = _request(requestId);
        address patient = r.patient;
        Config storage c = _configs[patient];
        RequestStatus status = r.status;
        if (
            (status != RequestStatus.Pending && status != RequestStatus.Completed)
                || r.generation != c.generation || block.timestamp >= uint256(r.readyAt) + RELEASE_WINDOW
        ) revert RequestNotPending(requestId);
        if (block.timestamp < r.readyAt) revert DelayNotOver(requestId, r.readyAt);
        uint8 index = _holder(patient, r.generation, msg.sender);
        if (sealedShare.length == 0 || sealedShare.length > MAX_SEALED_SHARE) {
            revert InvalidShare(sealedShare.length);
        }
        uint16 bit = uint16(1) << (index - 1);
        if (r.released & bit != 0) revert AlreadyReleased(requestId, msg.sender);

        uint16 released = r.released | bit;
        uint8 releases = r.releases + 1;
        r.released = released;
        r.releases = releases;
        bool completed = status == RequestStatus.Pending && releases >= c.threshold;
        if (completed) r.status = RequestStatus.Completed;
        emit RecoveryShareReleased(requestId, patient, msg.sender, index, sealedShare);
        if (completed) emit RecoveryCompleted(requestId, patient, r.newAccount, released);
    }

    /// @inheritdoc IRecovery
    function config(address patient) external view returns (Config memory) {
        return _configs[patient];
    }

    /// @inheritdoc IRecovery
    function holderIndex(address patient, address holder) external view returns (uint8) {
        return _holderIndex[_key(patient, _configs[patient].generation, holder)];
    }

    /// @inheritdoc IRecovery
    function request(uint64 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    // ------------------------------------------------------------ internals

    /// @dev Pending and not yet past its release window. A completed request does not block a new
    /// one (the new device may itself be lost), nor does one that expired short of t shares.
    function _inProgress(Request storage r) private view returns (bool) {
        return r.status == RequestStatus.Pending && block.timestamp < uint256(r.readyAt) + RELEASE_WINDOW;
    }

    function _holder(address patient, uint32 generation, address holder) private view returns (uint8 index) {
        index = _holderIndex[_key(patient, generation, holder)];
        if (index == 0 || !_isActive(holder)) revert NotHolder(holder);
    }

    function _isActive(address who) private view returns (bool) {
        (, IRegistry.Status status) = registry.roleOf(who);
        return status == IRegistry.Status.Active;
    }

    function _request(uint64 requestId) private view returns (Request storage r) {
        r = _requests[requestId];
        if (r.status == RequestStatus.None) revert UnknownRequest(requestId);
    }

    function _key(address patient, uint32 generation, address holder) private pure returns (bytes32) {
        return keccak256(abi.encode(patient, generation, holder));
    }
}
