// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IRegistry
/// @notice Enrolment of emrchain participants (seed 000's CA, seed 003's registrar, seed 002's
/// registration). Only keys and hashes go on chain: a participant's personal data stays with the
/// registrar, referenced by `metadataHash`.
interface IRegistry {
    /// @notice What a participant may do. Ordinal values are part of the ABI; append only.
    /// @dev `Proxy` is a member node of the proxy network's committees (ProxyNetwork). Oracles,
    /// proxies and attribute authorities hold keys every patient relies on, so only the admin
    /// enrols them; registrars enrol patients, providers and requesters.
    enum Role {
        None,
        Patient,
        Provider,
        Requester,
        Oracle,
        AttributeAuthority,
        Proxy
    }

    /// @notice Lifecycle of an enrolment. `Removed` is final: a removed address is never re-enrolled.
    enum Status {
        None,
        Active,
        Suspended,
        Removed
    }

    /// @notice An enrolled participant.
    /// @param role What the participant may do.
    /// @param status Whether the participant may act now.
    /// @param enrolledAt Block timestamp of enrolment.
    /// @param org Opaque organisation id (e.g. keccak256 of a registry code), zero for patients.
    /// @param metadataHash Hash of the registrar's off-chain record about the participant.
    /// @param transportKey X25519 public key that issued keys and re-encryption keys are sealed to.
    /// @param preKey Proxy re-encryption public key (a version byte and two compressed secp256k1 points, 67 bytes).
    struct Participant {
        Role role;
        Status status;
        uint64 enrolledAt;
        bytes32 org;
        bytes32 metadataHash;
        bytes32 transportKey;
        bytes preKey;
    }

    /// @notice The caller is not the admin.
    error NotAdmin();
    /// @notice The caller is neither a registrar nor the admin.
    error NotRegistrar();
    /// @notice Only the admin may enrol this role (oracles, proxies and attribute authorities).
    error RoleNeedsAdmin(Role role);
    /// @notice The caller is not the pending admin.
    error NotPendingAdmin();
    /// @notice The zero address was given where an account is required.
    error ZeroAddress();
    /// @notice `Role.None` was given where a role is required.
    error InvalidRole();
    /// @notice The account has been enrolled before (removal is final).
    error AlreadyEnrolled(address account);
    /// @notice The account is not enrolled, or has been removed.
    error NotEnrolled(address account);
    /// @notice The account is already suspended.
    error AlreadySuspended(address account);
    /// @notice The account is not suspended.
    error NotSuspended(address account);
    /// @notice The PRE public key does not have the expected length.
    error InvalidPreKey(uint256 length);
    /// @notice The registrar is already registered.
    error AlreadyRegistrar(address registrar);
    /// @notice The account is not a registrar.
    error UnknownRegistrar(address registrar);

    /// @notice A participant was enrolled by a registrar.
    event ParticipantEnrolled(
        address indexed account,
        Role indexed role,
        bytes32 indexed org,
        address registrar,
        bytes32 metadataHash,
        bytes32 transportKey,
        bytes preKey
    );
    /// @notice A participant was suspended; it can no longer act until reinstated.
    event ParticipantSuspended(address indexed account, address indexed registrar);
    /// @notice A suspended participant was reinstated.
    event ParticipantReinstated(address indexed account, address indexed registrar);
    /// @notice A participant was removed for good.
    event ParticipantRemoved(address indexed account, address indexed registrar);
    /// @notice A participant rotated its transport and PRE public keys.
    event KeysRotated(address indexed account, bytes32 transportKey, bytes preKey);
    /// @notice The admin added a registrar.
    event RegistrarAdded(address indexed registrar, address indexed admin);
    /// @notice The admin removed a registrar.
    event RegistrarRemoved(address indexed registrar, address indexed admin);
    /// @notice The admin proposed a successor, who must accept.
    event AdminTransferStarted(address indexed admin, address indexed pendingAdmin);
    /// @notice The pending admin accepted and is now the admin.
    event AdminTransferred(address indexed previousAdmin, address indexed admin);

    /// @notice Enrols `account` with a role and its public keys.
    /// @dev Callable by a registrar or the admin; oracles, proxies and attribute authorities by
    /// the admin only. An address is enrolled at most once.
    /// @param account The participant's address.
    /// @param role The participant's role; not `Role.None`.
    /// @param org Opaque organisation id; zero when none.
    /// @param metadataHash Hash of the registrar's off-chain record.
    /// @param transportKey X25519 public key for sealed deliveries.
    /// @param preKey PRE public key: 67 bytes, or empty for roles that never receive re-encryptions.
    function enroll(
        address account,
        Role role,
        bytes32 org,
        bytes32 metadataHash,
        bytes32 transportKey,
        bytes calldata preKey
    ) external;

    /// @notice Suspends an active participant.
    /// @param account The participant to suspend.
    function suspend(address account) external;

    /// @notice Reinstates a suspended participant.
    /// @param account The participant to reinstate.
    function reinstate(address account) external;

    /// @notice Removes a participant for good. Its history stays on chain.
    /// @param account The participant to remove.
    function remove(address account) external;

    /// @notice Rotates the caller's transport and PRE public keys.
    /// @param transportKey The new X25519 public key.
    /// @param preKey The new PRE public key (67 bytes, or empty).
    function rotateKeys(bytes32 transportKey, bytes calldata preKey) external;

    /// @notice Adds a registrar. Admin only.
    /// @param registrar The new registrar.
    function addRegistrar(address registrar) external;

    /// @notice Removes a registrar. Admin only.
    /// @param registrar The registrar to remove.
    function removeRegistrar(address registrar) external;

    /// @notice Starts handing the admin role to `pendingAdmin`, who must call `acceptAdmin`.
    /// @param pendingAdmin The proposed admin.
    function transferAdmin(address pendingAdmin) external;

    /// @notice Completes an admin transfer. Callable only by the pending admin.
    function acceptAdmin() external;

    /// @notice The current admin.
    function admin() external view returns (address);

    /// @notice Whether `account` is a registrar.
    /// @param account The account to check.
    function isRegistrar(address account) external view returns (bool);

    /// @notice The enrolment of `account` (all zero if never enrolled).
    /// @param account The account to read.
    function participant(address account) external view returns (Participant memory);

    /// @notice Whether `account` is enrolled with `role` and active.
    /// @param account The account to check.
    /// @param role The role it must hold.
    function isActive(address account, Role role) external view returns (bool);

    /// @notice The role and status of `account`, without copying its keys.
    /// @param account The account to read.
    function roleOf(address account) external view returns (Role role, Status status);
}
