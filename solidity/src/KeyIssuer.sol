// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeRegistry} from "./interfaces/IAttributeRegistry.sol";
import {IKeyIssuer} from "./interfaces/IKeyIssuer.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {Reasons} from "./libraries/Reasons.sol";

/// @title KeyIssuer
/// @notice Per-epoch key requests and the key oracle's answers.
contract KeyIssuer is IKeyIssuer {
    IRegistry public immutable registry;
    IAttributeRegistry public immutable attributes;
    uint64 public immutable epochLength;

    uint64 public keyRequestCount;
    mapping(uint64 requestId => KeyRequest) internal _requests;

    modifier onlyOracle() {
        if (!registry.isActive(msg.sender, IRegistry.Role.Oracle)) revert NotOracle(msg.sender);
        _;
    }

    /// @param registry_ The participant registry.
    /// @param attributes_ The attribute registry keys are issued from.
    /// @param epochLength_ Seconds per epoch; not zero.
    constructor(IRegistry registry_, IAttributeRegistry attributes_, uint64 epochLength_) {
        if (epochLength_ == 0) revert InvalidEpochLength();
        registry = registry_;
        attributes = attributes_;
        epochLength = epochLength_;
    }

    /// @inheritdoc IKeyIssuer
    function requestKey(uint64 epoch_) external returns (uint64 requestId) {
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(msg.sender);
        if (
            status != IRegistry.Status.Active
                || (role != IRegistry.Role.Requester && role != IRegistry.Role.Provider)
        ) {
            revert RequesterNotActive(msg.sender);
        }
        uint64 current = epoch();
        if (epoch_ > current) revert FutureEpoch(epoch_, current);
        bytes32 attrs = attributes.attributesHash(msg.sender);
        if (attrs == bytes32(0)) revert NoAttributes(msg.sender);

        requestId = ++keyRequestCount;
        _requests[requestId] = KeyRequest({
            requester: msg.sender, epoch: epoch_, status: KeyStatus.Pending, reason: 0, attributesHash: attrs
        });
        emit KeyRequested(requestId, msg.sender, epoch_, attrs);
    }

    /// @inheritdoc IKeyIssuer
    function issueKey(uint64 requestId, bytes32 keyHash, bytes calldata keyRef) external onlyOracle {
        if (keyHash == bytes32(0) || keyRef.length == 0) revert EmptyField();
        KeyRequest storage k = _pending(requestId);
        k.status = KeyStatus.Issued;
        emit KeyIssued(requestId, k.requester, msg.sender, k.epoch, keyHash, keyRef);
    }

    /// @inheritdoc IKeyIssuer
    function rejectKey(uint64 requestId, uint8 reason) external onlyOracle {
        if (reason == 0 || reason > Reasons.MAX) revert InvalidReason(reason);
        KeyRequest storage k = _pending(requestId);
        k.status = KeyStatus.Rejected;
        k.reason = reason;
        emit KeyRejected(requestId, k.requester, msg.sender, reason);
    }

    /// @inheritdoc IKeyIssuer
    function epoch() public view returns (uint64) {
        return uint64(block.timestamp / epochLength);
    }

    /// @inheritdoc IKeyIssuer
    function keyRequest(uint64 requestId) external view returns (KeyRequest memory) {
        return _requests[requestId];
    }

    function _pending(uint64 requestId) private view returns (KeyRequest storage k) {
        k = _requests[requestId];
        if (k.status == KeyStatus.None) revert UnknownKeyRequest(requestId);
        if (k.status != KeyStatus.Pending) revert AlreadyAnswered(requestId);
    }
}
