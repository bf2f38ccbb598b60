// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IAttributeRegistry
/// @notice Attributes of professionals and organisations (seed 001's attribute distribution, seed
/// 003's several attribute issuers), namespaced by the authority that vouches for them, and the
/// evaluation of a record's policy program against a holder's attributes.
/// @dev The Registry's admin registers each attribute authority with its own namespace. An
/// authority defines attributes only inside it: `defineAttribute("role:doctor")` by the authority of
/// namespace `hospital-a` defines `hospital-a/role:doctor`, whose id is keccak256 of that full name.
/// So no authority can define, assign or revoke another's attributes, and a policy may mix several
/// authorities' attributes. Names describe professionals and organisations, never patients.
interface IAttributeRegistry {
    /// @notice The caller is not the Registry's admin.
    error NotAdmin(address caller);
    /// @notice The caller is not an active attribute authority.
    error NotAuthority(address caller);
    /// @notice The authority has no namespace registered.
    error NoNamespace(address authority);
    /// @notice The account is not an active attribute authority in the Registry.
    error AuthorityNotActive(address authority);
    /// @notice The authority has a namespace already.
    error AlreadyNamespaced(address authority);
    /// @notice Another authority holds this namespace.
    error NamespaceTaken(string namespace);
    /// @notice The namespace is empty, too long, or outside [a-z0-9_.-].
    error InvalidNamespace();
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

    /// @notice The admin registered an attribute authority with its namespace.
    event AuthorityRegistered(address indexed authority, address indexed admin, string namespace);
    /// @notice An authority defined an attribute in its namespace.
    /// @param name The full name, `namespace/kind:value`.
    event AttributeDefined(bytes32 indexed id, address indexed authority, string name);
    /// @notice An authority assigned attributes to a holder.
    event AttributesAssigned(address indexed holder, address indexed authority, bytes32[] ids);
    /// @notice An authority withdrew attributes from a holder; the holder's revision went up, so reads
    /// in flight on the old attributes stop being answered.
    /// @param revision The holder's attribute revision after this revocation.
    event AttributesRevoked(
        address indexed holder, address indexed authority, bytes32[] ids, uint64 revision
    );

    /// @notice Registers `authority` with `namespace`. Registry admin only; once per authority and namespace.
    /// @param authority An active attribute authority.
    /// @param namespace 1 to 32 characters of [a-z0-9_.-], e.g. "hospital-a".
    function registerAuthority(address authority, string calldata namespace) external;

    /// @notice Defines an attribute in the calling authority's namespace.
    /// @param name `kind:value`, lower case, at most 64 bytes (e.g. "role:insurer").
    /// @return id keccak256 of the full name `namespace/name`.
    function defineAttribute(string calldata name) external returns (bytes32 id);

    /// @notice Assigns attributes the caller defined to `holder`.
    /// @param holder An active requester or provider.
    /// @param ids The attributes.
    function assignAttributes(address holder, bytes32[] calldata ids) external;

    /// @notice Withdraws attributes the caller defined from `holder` and bumps the holder's revision.
    /// @param holder The holder.
    /// @param ids The attributes.
    function revokeAttributes(address holder, bytes32[] calldata ids) external;

    /// @notice Whether `holder` satisfies a policy program now, and which attributes a satisfying
    /// set uses (see `PolicyProgram`). Reverts with `PolicyProgram.InvalidProgram` on a malformed program.
    /// @param holder The holder.
    /// @param program The postfix policy program.
    function satisfies(address holder, bytes calldata program)
        external
        view
        returns (bool satisfied, bytes32[] memory used);

    /// @notice How many revocations `holder` has had: a read re-checks that it has not changed.
    function revisionOf(address holder) external view returns (uint64);

    /// @notice The namespace of `authority` (empty when none).
    function namespaceOf(address authority) external view returns (string memory);

    /// @notice The attributes `holder` has now, in assignment order (with removals swapped in).
    function attributesOf(address holder) external view returns (bytes32[] memory);

    /// @notice A commitment to `holder`'s current attribute set, independent of order.
    function attributesHash(address holder) external view returns (bytes32);

    /// @notice The authority that defined `id` (zero if undefined).
    function authorityOf(bytes32 id) external view returns (address);

    /// @notice The full name of attribute `id`, `namespace/kind:value` (empty if undefined).
    function nameOf(bytes32 id) external view returns (string memory);

    /// @notice Whether `holder` has attribute `id`.
    function hasAttribute(address holder, bytes32 id) external view returns (bool);
}
