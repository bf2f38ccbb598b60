// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title Registry
/// @notice Enrolment of participants with their role and public keys. Every other emrchain contract
/// asks this one whether a caller may act, so suspending or removing a participant takes effect
/// everywhere in the same block.
contract Registry is IRegistry {
    /// @dev `crypto/pre` encoding: a version byte and two compressed secp256k1 points (g^x1, g^x2).
    uint256 internal constant PRE_KEY_LENGTH = 67;

    address public admin;
    address public pendingAdmin;
    mapping(address registrar => bool) public isRegistrar;
    mapping(address account => Participant) internal _participants;

    modifier onlyAdmin() {
        if (msg.sender != admin) revert NotAdmin();
        _;
    }

    modifier onlyRegistrar() {
        if (!isRegistrar[msg.sender] && msg.sender != admin) revert NotRegistrar();
        _;
    }

    /// @param initialAdmin The first admin; it may enrol participants and appoint registrars.
    constructor(address initialAdmin) {
        if (initialAdmin == address(0)) revert ZeroAddress();
        admin = initialAdmin;
        emit AdminTransferred(address(0), initialAdmin);
    }

    /// @inheritdoc IRegistry
    function enroll(
        address account,
        Role role,
        bytes32 org,
        bytes32 metadataHash,
        bytes32 transportKey,
        bytes calldata preKey
    ) external onlyRegistrar {
        if (account == address(0)) revert ZeroAddress();
        if (role == Role.None) revert InvalidRole();
        // These roles hold keys that every patient relies on; a registrar vouches for people, not
        // for infrastructure.
        if (
            (role == Role.Oracle || role == Role.Proxy || role == Role.AttributeAuthority)
                && msg.sender != admin
        ) revert RoleNeedsAdmin(role);
        if (_participants[account].status != Status.None) revert AlreadyEnrolled(account);
        _checkPreKey(preKey);

        _participants[account] = Participant({
            role: role,
            status: Status.Active,
            enrolledAt: uint64(block.timestamp),
            org: org,
            metadataHash: metadataHash,
            transportKey: transportKey,
            preKey: preKey
        });
        emit ParticipantEnrolled(account, role, org, msg.sender, metadataHash, transportKey, preKey);
    }

    /// @inheritdoc IRegistry
    function suspend(address account) external onlyRegistrar {
        Participant storage p = _participants[account];
        if (p.status == Status.None || p.status == Status.Removed) revert NotEnrolled(account);
        if (p.status == Status.Suspended) revert AlreadySuspended(account);
        p.status = Status.Suspended;
        emit ParticipantSuspended(account, msg.sender);
    }

    /// @inheritdoc IRegistry
    function reinstate(address account) external onlyRegistrar {
        Participant storage p = _participants[account];
        if (p.status != Status.Suspended) revert NotSuspended(account);
        p.status = Status.Active;
        emit ParticipantReinstated(account, msg.sender);
    }

    /// @inheritdoc IRegistry
    function remove(address account) external onlyRegistrar {
        Participant storage p = _participants[account];
        if (p.status == Status.None || p.status == Status.Removed) revert NotEnrolled(account);
        p.status = Status.Removed;
        emit ParticipantRemoved(account, msg.sender);
    }

    /// @inheritdoc IRegistry
    function rotateKeys(bytes32 transportKey, bytes calldata preKey) external {
        Participant storage p = _participants[msg.sender];
        // A suspended participant may still rotate: suspension is often a response to a key leak.
        if (p.status == Status.None || p.status == Status.Removed) revert NotEnrolled(msg.sender);
        _checkPreKey(preKey);
        p.transportKey = transportKey;
        p.preKey = preKey;
        emit KeysRotated(msg.sender, transportKey, preKey);
    }

    /// @inheritdoc IRegistry
    function addRegistrar(address registrar) external onlyAdmin {
        if (registrar == address(0)) revert ZeroAddress();
        if (isRegistrar[registrar]) revert AlreadyRegistrar(registrar);
        isRegistrar[registrar] = true;
        emit RegistrarAdded(registrar, msg.sender);
    }

    /// @inheritdoc IRegistry
    function removeRegistrar(address registrar) external onlyAdmin {
        if (!isRegistrar[registrar]) revert UnknownRegistrar(registrar);
        isRegistrar[registrar] = false;
        emit RegistrarRemoved(registrar, msg.sender);
    }

    /// @inheritdoc IRegistry
    function transferAdmin(address newAdmin) external onlyAdmin {
        if (newAdmin == address(0)) revert ZeroAddress();
        pendingAdmin = newAdmin;
        emit AdminTransferStarted(msg.sender, newAdmin);
    }

    /// @inheritdoc IRegistry
    function acceptAdmin() external {
        if (msg.sender != pendingAdmin) revert NotPendingAdmin();
        address previous = admin;
        admin = msg.sender;
        delete pendingAdmin;
        emit AdminTransferred(previous, msg.sender);
    }

    /// @inheritdoc IRegistry
    function participant(address account) external view returns (Participant memory) {
        return _participants[account];
    }

    /// @inheritdoc IRegistry
    function isActive(address account, Role role) external view returns (bool) {
        Participant storage p = _participants[account];
        return p.status == Status.Active && p.role == role;
    }

    /// @inheritdoc IRegistry
    function roleOf(address account) external view returns (Role role, Status status) {
        Participant storage p = _participants[account];
        return (p.role, p.status);
    }

    function _checkPreKey(bytes calldata preKey) private pure {
        if (preKey.length != 0 && preKey.length != PRE_KEY_LENGTH) revert InvalidPreKey(preKey.length);
    }
}
