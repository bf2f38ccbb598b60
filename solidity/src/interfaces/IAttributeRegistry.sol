// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IAttributeRegistry
/// @notice Attributes for CP-ABE keys (seed 001's attribute distribution, seed 003's several
/// attribute issuers). An attribute authority defines the attributes it vouches for and assigns them
/// to requesters; only attribute ids (keccak256 of the name) are stored per holder.
/// @dev Attribute names such as "role:insurer" or "org:hospital-a" describe professionals and
/// organisations, never patients, and are published once in `AttributeDefined` so the oracle can
/// map ids back to names for KeyGen.
interface IAttributeRegistry {
    /// @notice The caller is not an active attribute authority.
    error NotAuthority(address caller);
    /// @notice The attribute name is empty, too long, or not of the form `kind:value`.
    error InvalidName();
    /// @notice The attribute exists already.
    error AttributeExists(bytes32 id);
    /// @notice No attribute has this id.
    error UnknownAttribute(bytes32 id);
    /// @notice The attribute belongs to another authority.
    error NotAttributeAuthority(bytes32 id, address authority);
    /// @notice The holder is not an active requester or provider.
    error HolderNotActive(address holder);
    /// @notice The holder has the attribute already.
    error AlreadyAssigned(address holder, bytes32 id);
    /// @notice The holder does not have the attribute.
    error NotAssigned(address holder, bytes32 id);
    /// @notice An empty list was given.
    error EmptyList();

    /// @notice An authority defined an attribute it vouches for.
    event AttributeDefined(bytes32 indexed id, address indexed authority, string name);
    /// @notice An authority assigned attributes to a holder.
    event AttributesAssigned(address indexed holder, address indexed authority, bytes32[] ids);
    /// @notice An authority withdrew attributes from a holder.
    event AttributesRevoked(address indexed holder, address indexed authority, bytes32[] ids);

    /// @notice Defines an attribute owned by the calling authority.
    /// @param name `kind:value`, lower case, at most 64 bytes (e.g. "role:insurer").
    /// @return id keccak256(bytes(name)).
    function defineAttribute(string calldata name) external returns (bytes32 id);

    /// @notice Assigns attributes the caller defined to `holder`.
    /// @param holder An active requester or provider.
    /// @param ids The attributes.
    function assignAttributes(address holder, bytes32[] calldata ids) external;

    /// @notice Withdraws attributes the caller defined from `holder`.
    /// @param holder The holder.
    /// @param ids The attributes.
    function revokeAttributes(address holder, bytes32[] calldata ids) external;

    /// @notice The attributes `holder` has now, in assignment order (with removals swapped in).
    function attributesOf(address holder) external view returns (bytes32[] memory);

    /// @notice A commitment to `holder`'s current attribute set, independent of order.
    function attributesHash(address holder) external view returns (bytes32);

    /// @notice The authority that defined `id` (zero if undefined).
    function authorityOf(bytes32 id) external view returns (address);

    /// @notice The name of attribute `id` (empty if undefined).
    function nameOf(bytes32 id) external view returns (string memory);

    /// @notice Whether `holder` has attribute `id`.
    function hasAttribute(address holder, bytes32 id) external view returns (bool);
}
