// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeRegistry} from "./interfaces/IAttributeRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title AttributeRegistry
/// @notice Attribute definitions per authority and their assignment to requesters.
contract AttributeRegistry is IAttributeRegistry {
    uint256 internal constant MAX_NAME_LENGTH = 64;

    IRegistry public immutable registry;

    mapping(bytes32 id => address) public authorityOf;
    mapping(bytes32 id => string) internal _names;
    mapping(address holder => bytes32[]) internal _held;
    /// @dev 1-based position in `_held`, so zero means "not held".
    mapping(address holder => mapping(bytes32 id => uint256)) internal _position;

    modifier onlyAuthority() {
        if (!registry.isActive(msg.sender, IRegistry.Role.AttributeAuthority)) {
            revert NotAuthority(msg.sender);
        }
        _;
    }

    /// @param registry_ The participant registry.
    constructor(IRegistry registry_) {
        registry = registry_;
    }

    /// @inheritdoc IAttributeRegistry
    function defineAttribute(string calldata name) external onlyAuthority returns (bytes32 id) {
        _checkName(bytes(name));
        id = keccak256(bytes(name));
        if (authorityOf[id] != address(0)) revert AttributeExists(id);
        authorityOf[id] = msg.sender;
        _names[id] = name;
        emit AttributeDefined(id, msg.sender, name);
    }

    /// @inheritdoc IAttributeRegistry
    function assignAttributes(address holder, bytes32[] calldata ids) external onlyAuthority {
        if (ids.length == 0) revert EmptyList();
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(holder);
        if (
            status != IRegistry.Status.Active
                || (role != IRegistry.Role.Requester && role != IRegistry.Role.Provider)
        ) {
            revert HolderNotActive(holder);
        }
        bytes32[] storage held = _held[holder];
        for (uint256 i; i < ids.length; ++i) {
            bytes32 id = ids[i];
            _checkOwner(id);
            if (_position[holder][id] != 0) revert AlreadyAssigned(holder, id);
            held.push(id);
            _position[holder][id] = held.length;
        }
        emit AttributesAssigned(holder, msg.sender, ids);
    }

    /// @inheritdoc IAttributeRegistry
    function revokeAttributes(address holder, bytes32[] calldata ids) external onlyAuthority {
        if (ids.length == 0) revert EmptyList();
        bytes32[] storage held = _held[holder];
        for (uint256 i; i < ids.length; ++i) {
            bytes32 id = ids[i];
            _checkOwner(id);
            uint256 pos = _position[holder][id];
            if (pos == 0) revert NotAssigned(holder, id);
            bytes32 last = held[held.length - 1];
            held[pos - 1] = last;
            _position[holder][last] = pos;
            held.pop();
            delete _position[holder][id];
        }
        emit AttributesRevoked(holder, msg.sender, ids);
    }

    /// @inheritdoc IAttributeRegistry
    function attributesOf(address holder) external view returns (bytes32[] memory) {
        return _held[holder];
    }

    /// @inheritdoc IAttributeRegistry
    function attributesHash(address holder) external view returns (bytes32 h) {
        // XOR of per-id hashes: independent of order, so swap-and-pop removals don't change it.
        bytes32[] storage held = _held[holder];
        for (uint256 i; i < held.length; ++i) {
            h ^= keccak256(abi.encode(holder, held[i]));
        }
    }

    /// @inheritdoc IAttributeRegistry
    function nameOf(bytes32 id) external view returns (string memory) {
        return _names[id];
    }

    /// @inheritdoc IAttributeRegistry
    function hasAttribute(address holder, bytes32 id) external view returns (bool) {
        return _position[holder][id] != 0;
    }

    function _checkOwner(bytes32 id) private view {
        address authority = authorityOf[id];
        if (authority == address(0)) revert UnknownAttribute(id);
        if (authority != msg.sender) revert NotAttributeAuthority(id, authority);
    }

    /// @dev `kind:value` over [a-z0-9_.-], exactly one colon, neither side empty: the same alphabet
    /// the CP-ABE policy parser accepts, so every defined attribute can appear in a policy.
    function _checkName(bytes calldata name) private pure {
        uint256 n = name.length;
        if (n == 0 || n > MAX_NAME_LENGTH) revert InvalidName();
        uint256 colon = type(uint256).max;
        for (uint256 i; i < n; ++i) {
            bytes1 c = name[i];
            if (c == ":") {
                if (colon != type(uint256).max) revert InvalidName();
                colon = i;
            } else if (!((c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_" || c == "."
                        || c == "-")) {
                revert InvalidName();
            }
        }
        if (colon == 0 || colon == type(uint256).max || colon == n - 1) revert InvalidName();
    }
}
