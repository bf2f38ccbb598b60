// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "./interfaces/IAccessLedger.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {Reasons} from "./libraries/Reasons.sol";

/// @title AccessLedger
/// @notice Requests, grants, get-access calls and the oracle's answers, all on the audit log.
contract AccessLedger is IAccessLedger {
    IRegistry public immutable registry;
    IRecordRegistry public immutable records;

    uint64 public requestCount;
    uint64 public accessCount;
    mapping(uint64 requestId => Request) internal _requests;
    mapping(uint64 accessId => Access) internal _accesses;

    modifier onlyOracle() {
        if (!registry.isActive(msg.sender, IRegistry.Role.Oracle)) revert NotOracle(msg.sender);
        _;
    }

    /// @param registry_ The participant registry.
    /// @param records_ The record registry grants refer to.
    constructor(IRegistry registry_, IRecordRegistry records_) {
        registry = registry_;
        records = records_;
    }

    /// @inheritdoc IAccessLedger
    function requestAccess(bytes32 recordId, uint8 operation, bytes32 purpose)
        external
        returns (uint64 requestId)
    {
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(msg.sender);
        if (status != IRegistry.Status.Active || !_mayRequest(role)) revert RequesterNotActive(msg.sender);
        if (operation >= 8) revert InvalidOperation(operation);
        (address patient,, IRecordRegistry.RecordStatus recordStatus) = records.recordState(recordId);
        if (recordStatus != IRecordRegistry.RecordStatus.Active) revert RecordNotActive(recordId);

        requestId = ++requestCount;
        Request storage q = _requests[requestId];
        q.requester = msg.sender;
        q.patient = patient;
        q.recordId = recordId;
        q.operation = operation;
        q.status = RequestStatus.Requested;
        q.purpose = purpose;
        emit AccessRequested(requestId, patient, msg.sender, recordId, operation, purpose);
    }

    /// @inheritdoc IAccessLedger
    function grantAccess(
        uint64 requestId,
        uint64 notBefore,
        uint64 notAfter,
        uint8 operations,
        bytes32 rekeyHash,
        bytes calldata rekeyRef
    ) external {
        Request storage q = _request(requestId);
        if (msg.sender != q.patient) revert NotPatient(msg.sender);
        // Suspension often answers a leaked key: the patient's key may take access away, not give it.
        if (!registry.isActive(msg.sender, IRegistry.Role.Patient)) revert PatientNotActive(msg.sender);
        if (q.status != RequestStatus.Requested) revert InvalidRequestStatus(requestId, q.status);
        if (notAfter < notBefore || notAfter < block.timestamp) revert InvalidWindow(notBefore, notAfter);
        if (operations & (uint8(1) << q.operation) == 0) revert OperationNotAllowed(q.operation, operations);
        if (rekeyHash == bytes32(0) || rekeyRef.length == 0) revert EmptyField();
        (, uint32 version, IRecordRegistry.RecordStatus recordStatus) = records.recordState(q.recordId);
        if (recordStatus != IRecordRegistry.RecordStatus.Active) revert RecordNotActive(q.recordId);
        (IRegistry.Role role,) = registry.roleOf(q.requester);

        q.status = RequestStatus.Granted;
        q.version = version;
        q.notBefore = notBefore;
        q.notAfter = notAfter;
        q.operations = operations;
        q.requesterRole = uint8(role);
        q.rekeyCommitment = rekeyCommitment(rekeyHash, q.requester, q.recordId, version);
        emit AccessGranted(
            requestId,
            msg.sender,
            q.requester,
            q.recordId,
            version,
            notBefore,
            notAfter,
            operations,
            q.rekeyCommitment,
            rekeyRef
        );
    }

    /// @inheritdoc IAccessLedger
    function revokeAccess(uint64 requestId) external {
        Request storage q = _request(requestId);
        if (msg.sender != q.patient && msg.sender != q.requester) revert NotParty(msg.sender);
        if (q.status != RequestStatus.Requested && q.status != RequestStatus.Granted) {
            revert InvalidRequestStatus(requestId, q.status);
        }
        q.status = RequestStatus.Revoked;
        emit AccessRevoked(requestId, q.patient, q.requester, msg.sender);
    }

    /// @inheritdoc IAccessLedger
    function expire(uint64 requestId) external {
        Request storage q = _request(requestId);
        if (q.status != RequestStatus.Granted) revert InvalidRequestStatus(requestId, q.status);
        if (block.timestamp <= q.notAfter) revert GrantStillValid(requestId, q.notAfter);
        q.status = RequestStatus.Expired;
        emit AccessExpired(requestId, q.patient, q.requester);
    }

    /// @inheritdoc IAccessLedger
    function getAccess(uint64 requestId) external returns (uint64 accessId) {
        Request storage q = _request(requestId);
        if (msg.sender != q.requester) revert NotRequester(msg.sender);
        bytes memory err = _grantError(requestId, q);
        if (err.length != 0) _revertWith(err);

        accessId = ++accessCount;
        _accesses[accessId] =
            Access({requestId: requestId, status: AccessStatus.Pending, reason: 0, version: q.version});
        emit AccessInvoked(accessId, requestId, q.patient, msg.sender, q.recordId, q.version);
    }

    /// @inheritdoc IAccessLedger
    function fulfil(uint64 accessId, bytes32 resultHash, bytes calldata resultRef) external onlyOracle {
        _fulfil(accessId, resultHash, resultRef);
    }

    /// @inheritdoc IAccessLedger
    function fulfilMany(Fulfilment[] calldata fulfilments) external onlyOracle {
        if (fulfilments.length == 0) revert EmptyField();
        for (uint256 i; i < fulfilments.length; ++i) {
            Fulfilment calldata f = fulfilments[i];
            _fulfil(f.accessId, f.resultHash, f.resultRef);
        }
    }

    /// @inheritdoc IAccessLedger
    function reject(uint64 accessId, uint8 reason) external onlyOracle {
        if (reason == 0 || reason > Reasons.MAX) revert InvalidReason(reason);
        Access storage a = _pendingAccess(accessId);
        a.status = AccessStatus.Rejected;
        a.reason = reason;
        Request storage q = _requests[a.requestId];
        emit AccessRejected(accessId, a.requestId, q.patient, q.requester, msg.sender, reason);
    }

    /// @inheritdoc IAccessLedger
    function request(uint64 requestId) external view returns (Request memory) {
        return _requests[requestId];
    }

    /// @inheritdoc IAccessLedger
    function access(uint64 accessId) external view returns (Access memory) {
        return _accesses[accessId];
    }

    /// @inheritdoc IAccessLedger
    function checkGrant(uint64 requestId) external view returns (bool live, bytes4 err) {
        Request storage q = _requests[requestId];
        if (q.status == RequestStatus.None) return (false, UnknownRequest.selector);
        bytes memory e = _grantError(requestId, q);
        if (e.length == 0) return (true, bytes4(0));
        return (false, bytes4(e));
    }

    /// @inheritdoc IAccessLedger
    function rekeyCommitment(bytes32 rekeyHash, address requester, bytes32 recordId, uint32 version)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(rekeyHash, requester, recordId, version));
    }

    function _fulfil(uint64 accessId, bytes32 resultHash, bytes calldata resultRef) private {
        if (resultHash == bytes32(0) || resultRef.length == 0) revert EmptyField();
        Access storage a = _pendingAccess(accessId);
        uint64 requestId = a.requestId;
        Request storage q = _requests[requestId];
        // The grant may have been revoked or superseded since get-access; a receipt must never
        // stand for access the patient no longer allows.
        bytes memory err = _grantError(requestId, q);
        if (err.length != 0) _revertWith(err);
        a.status = AccessStatus.Fulfilled;
        emit AccessFulfilled(accessId, requestId, q.patient, q.requester, msg.sender, resultHash, resultRef);
    }

    function _request(uint64 requestId) private view returns (Request storage q) {
        q = _requests[requestId];
        if (q.status == RequestStatus.None) revert UnknownRequest(requestId);
    }

    function _pendingAccess(uint64 accessId) private view returns (Access storage a) {
        a = _accesses[accessId];
        if (a.status == AccessStatus.None) revert UnknownAccess(accessId);
        if (a.status != AccessStatus.Pending) revert AlreadyAnswered(accessId);
    }

    /// @dev Every check of seed 000's get-access and seed 002's (role, object, operation, time)
    /// policy, in order; returns the encoded custom error of the first that fails, or empty.
    function _grantError(uint64 requestId, Request storage q) private view returns (bytes memory) {
        if (q.status == RequestStatus.Revoked) {
            return abi.encodeWithSelector(GrantRevoked.selector, requestId);
        }
        if (q.status != RequestStatus.Granted) {
            return abi.encodeWithSelector(InvalidRequestStatus.selector, requestId, q.status);
        }
        if (block.timestamp > q.notAfter) {
            return abi.encodeWithSelector(GrantExpired.selector, requestId, q.notAfter);
        }
        if (block.timestamp < q.notBefore) {
            return abi.encodeWithSelector(GrantNotYetValid.selector, requestId, q.notBefore);
        }
        (, uint32 current, IRecordRegistry.RecordStatus recordStatus) = records.recordState(q.recordId);
        if (recordStatus != IRecordRegistry.RecordStatus.Active || current != q.version) {
            uint32 shown = recordStatus == IRecordRegistry.RecordStatus.Active ? current : 0;
            return abi.encodeWithSelector(RecordVersionStale.selector, q.recordId, q.version, shown);
        }
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(q.requester);
        if (status != IRegistry.Status.Active) {
            return abi.encodeWithSelector(RequesterNotActive.selector, q.requester);
        }
        if (uint8(role) != q.requesterRole) return abi.encodeWithSelector(RoleChanged.selector, q.requester);
        if (q.operations & (uint8(1) << q.operation) == 0) {
            return abi.encodeWithSelector(OperationNotAllowed.selector, q.operation, q.operations);
        }
        return "";
    }

    function _mayRequest(IRegistry.Role role) private pure returns (bool) {
        return role == IRegistry.Role.Provider || role == IRegistry.Role.Requester;
    }

    function _revertWith(bytes memory err) private pure {
        assembly ("memory-safe") {
            revert(add(err, 0x20), mload(err))
        }
    }
}
