// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IKeywordIndex} from "./interfaces/IKeywordIndex.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title KeywordIndex
/// @notice Every patient's encrypted keyword index and its authorized requesters.
contract KeywordIndex is IKeywordIndex {
    /// @dev The most entries one call returns: a page is allocated before its entries are
    /// counted, so an unbounded `limit` would spend the caller's gas on memory (or overflow).
    uint256 internal constant MAX_PAGE = 1024;

    IRegistry public immutable registry;

    mapping(address patient => mapping(address requester => bool)) public isRequester;
    mapping(address patient => mapping(bytes32 label => bytes32 value)) public entryAt;

    /// @param registry_ The participant registry, asked whether a searching requester is active.
    constructor(IRegistry registry_) {
        registry = registry_;
    }

    /// @inheritdoc IKeywordIndex
    function addRequester(address requester) external {
        _addRequester(requester);
    }

    /// @inheritdoc IKeywordIndex
    function addRequesters(address[] calldata requesters) external {
        if (requesters.length == 0) revert LengthMismatch();
        for (uint256 i; i < requesters.length; ++i) {
            _addRequester(requesters[i]);
        }
    }

    /// @inheritdoc IKeywordIndex
    function removeRequester(address requester) external {
        _removeRequester(requester);
    }

    /// @inheritdoc IKeywordIndex
    function removeRequesters(address[] calldata requesters) external {
        if (requesters.length == 0) revert LengthMismatch();
        for (uint256 i; i < requesters.length; ++i) {
            _removeRequester(requesters[i]);
        }
    }

    /// @inheritdoc IKeywordIndex
    function addEntries(bytes32[] calldata labels, bytes32[] calldata values) external {
        uint256 n = labels.length;
        if (n == 0 || n != values.length) revert LengthMismatch();
        mapping(bytes32 => bytes32) storage index = entryAt[msg.sender];
        for (uint256 i; i < n; ++i) {
            bytes32 value = values[i];
            if (value == bytes32(0)) revert ZeroValue(i);
            bytes32 label = labels[i];
            // The cold read is paid by the store below anyway, so refusing overwrites is nearly free.
            if (index[label] != bytes32(0)) revert LabelTaken(label);
            index[label] = value;
        }
        emit EntriesAdded(msg.sender, n);
    }

    /// @inheritdoc IKeywordIndex
    function publishSearchKey(bytes32 policyHash, bytes calldata keyRef) external {
        if (keyRef.length == 0) revert LengthMismatch();
        emit SearchKeyPublished(msg.sender, policyHash, keyRef);
    }

    /// @inheritdoc IKeywordIndex
    function search(address patient, bytes32 token, uint256 offset, uint256 limit)
        external
        returns (bytes32[] memory values, bool more)
    {
        if (!isRequester[patient][msg.sender]) revert NotRequester(patient, msg.sender);
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(msg.sender);
        if (
            status != IRegistry.Status.Active
                || (role != IRegistry.Role.Requester && role != IRegistry.Role.Provider)
        ) {
            revert RequesterNotActive(msg.sender);
        }
        (values, more) = _page(patient, token, offset, limit);
        emit SearchPerformed(patient, msg.sender, keccak256(abi.encode(token)), offset, values.length);
    }

    /// @inheritdoc IKeywordIndex
    function entries(address patient, bytes32 token, uint256 offset, uint256 limit)
        external
        view
        returns (bytes32[] memory values, bool more)
    {
        return _page(patient, token, offset, limit);
    }

    /// @inheritdoc IKeywordIndex
    function labelAt(bytes32 token, uint256 i) public pure returns (bytes32 label) {
        assembly ("memory-safe") {
            mstore(0x00, token)
            mstore(0x20, i)
            label := keccak256(0x00, 0x40)
        }
    }

    function _addRequester(address requester) private {
        if (requester == address(0)) revert ZeroAddress();
        mapping(address => bool) storage set = isRequester[msg.sender];
        if (set[requester]) revert AlreadyRequester(requester);
        set[requester] = true;
        emit RequesterAdded(msg.sender, requester);
    }

    function _removeRequester(address requester) private {
        mapping(address => bool) storage set = isRequester[msg.sender];
        if (!set[requester]) revert NotRequester(msg.sender, requester);
        set[requester] = false;
        emit RequesterRemoved(msg.sender, requester);
    }

    function _page(address patient, bytes32 token, uint256 offset, uint256 limit)
        private
        view
        returns (bytes32[] memory values, bool more)
    {
        if (limit == 0) revert ZeroLimit();
        if (limit > MAX_PAGE) limit = MAX_PAGE;
        mapping(bytes32 => bytes32) storage index = entryAt[patient];
        values = new bytes32[](limit);
        uint256 found;
        while (found < limit) {
            bytes32 value = index[labelAt(token, offset + found)];
            if (value == bytes32(0)) break;
            values[found] = value;
            ++found;
        }
        // One look past a full page tells the caller whether to ask again.
        more = found == limit && index[labelAt(token, offset + found)] != bytes32(0);
        assembly ("memory-safe") {
            mstore(values, found)
        }
    }
}
