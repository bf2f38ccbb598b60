// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeRegistry} from "./interfaces/IAttributeRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {PolicyProgram} from "./libraries/PolicyProgram.sol";

/// @title AttributeRegistry
/// @notice Namespaced attribute definitions per authority, their assignment to requesters, a
/// revision counter per holder, and policy-program evaluation.
contract AttributeRegistry is IAttributeRegistry {
    uint256 internal constant MAX_NAME_LENGTH = 64;
    uint256 internal constant MAX_NAMESPACE_LENGTH = 32;

    IRegistry public immutable registry;

    mapping(bytes32 id => address) public authorityOf;
    mapping(bytes32 id => string) internal _names;
    mapping(address authority => string) internal _namespaces;
    mapping(bytes32 namespaceHash => address) public namespaceOwner;
    mapping(address holder => uint64) public revisionOf;
    mapping(address holder => bytes32[]) internal _held;
    /// @dev 1-based position in `_held`, so zero means "not held".
    mapping(address holder => mapping(bytes32 id => uint256)) internal _position;

    modifier onlyAuthority() {
        if (!registry.isActive(msg.sender, IRegistry.Role.AttributeAuthority)) {
            revert NotAuthority(msg.sender);
        }
        _;
    }

    /// @param registry_ The participant registry; its admin registers authorities.
    constructor(IRegistry registry_) {
        registry = registry_;
    }

    /// @inheritdoc IAttributeRegistry
    function registerAuthority(address authority, string calldata namespace) external {
        if (msg.sender != registry.admin()) revert NotAdmin(msg.sender);
        if (!registry.isActive(authority, IRegistry.Role.AttributeAuthority)) {
            revert AuthorityNotActive(authority);
        }
        _checkNamespace(bytes(namespace));
        if (bytes(_namespaces[authority]).length != 0) revert AlreadyNamespaced(authority);
        bytes32 h = keccak256(bytes(namespace));
        if (namespaceOwner[h] != address(0)) revert NamespaceTaken(namespace);
        namespaceOwner[h] = authority;
        _namespaces[authority] = namespace;
        emit AuthorityRegistered(authority, msg.sender, namespace);
    }

    /// @inheritdoc IAttributeRegistry
    function defineAttribute(string calldata name) external onlyAuthority returns (bytes32 id) {
        string memory namespace = _namespaces[msg.sender];
        if (bytes(namespace).length == 0) revert NoNamespace(msg.sender);
        _checkName(bytes(name));
        string memory fullName = string.concat(namespace, "/", name);
        id = keccak256(bytes(fullName));
        if (authorityOf[id] != address(0)) revert AttributeExists(id);
        authorityOf[id] = msg.sender;
        _names[id] = fullName;
        emit AttributeDefined(id, msg.sender, fullName);
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
        mapping(bytes32 => uint256) storage position = _position[holder];
        for (uint256 i; i < ids.length; ++i) {
            bytes32 id = ids[i];
            _checkOwner(id);
            if (position[id] != 0) revert AlreadyAssigned(holder, id);
            held.push(id);
            position[id] = held.length;
        }
        emit AttributesAssigned(holder, msg.sender, ids);
    }

    /// @inheritdoc IAttributeRegistry
    function revokeAttributes(address holder, bytes32[] calldata ids) external onlyAuthority {
        if (ids.length == 0) revert EmptyList();
        bytes32[] storage held = _held[holder];
        mapping(bytes32 => uint256) storage position = _position[holder];
        for (uint256 i; i < ids.length; ++i) {
            bytes32 id = ids[i];
            _checkOwner(id);
            uint256 pos = position[id];
            if (pos == 0) revert NotAssigned(holder, id);
            bytes32 last = held[held.length - 1];
            held[pos - 1] = last;
            position[last] = pos;
            held.pop();
            delete position[id];
        }
        uint64 revision = revisionOf[holder] + 1;
        revisionOf[holder] = revision;
        emit AttributesRevoked(holder, msg.sender, ids, revision);
    }

    /// @inheritdoc IAttributeRegistry
    function satisfies(address holder, bytes calldata program)
        external
        view
        returns (bool satisfied, bytes32[] memory used)
    {
        return PolicyProgram.evaluate(program, holder, _holds);
    }

    /// @inheritdoc IAttributeRegistry
    function namespaceOf(address authority) external view returns (string memory) {
        return _namespaces[authority];
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

    function _holds(address holder, bytes32 id) private view returns (bool) {
        return _position[holder][id] != 0;
    }

    function _checkOwner(bytes32 id) private view {
        address authority = authorityOf[id];
        if (authority == address(0)) revert UnknownAttribute(id);
        if (authority != msg.sender) revert NotAttributeAuthority(id, authority);
    }

    /// @dev [a-z0-9_.-]: no "/" or ":", so the full name `namespace/kind:value` splits one way only.
    function _checkNamespace(bytes calldata namespace) private pure {
        uint256 n = namespace.length;
        if (n == 0 || n > MAX_NAMESPACE_LENGTH) revert InvalidNamespace();
        for (uint256 i; i < n; ++i) {
            if (!_plain(namespace[i])) revert InvalidNamespace();
        }
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
            } else if (!_plain(c)) {
                revert InvalidName();
            }
        }
        if (colon == 0 || colon == type(uint256).max || colon == n - 1) revert InvalidName();
    }

    function _plain(bytes1 c) private pure returns (bool) {
        return (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_" || c == "." || c == "-";
    }
}
