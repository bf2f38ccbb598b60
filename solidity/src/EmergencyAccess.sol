// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareRule} from "./interfaces/ICareRule.sol";
import {IEmergencyAccess} from "./interfaces/IEmergencyAccess.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title EmergencyAccess
/// @notice Break-glass reads of network capsules by emergency staff, bounded, with a stated reason,
/// counted per provider, and refusable by the patient.
contract EmergencyAccess is IEmergencyAccess {
    /// @notice The participant registry (its admin marks emergency staff).
    IRegistry public immutable registry;

    /// @inheritdoc IEmergencyAccess
    uint64 public constant MAX_WINDOW = 24 hours;

    /// @inheritdoc IEmergencyAccess
    uint64 public sessionCount;
    mapping(uint64 sessionId => Session) internal _sessions;
    /// @inheritdoc IEmergencyAccess
    mapping(address provider => uint32) public sessionsOf;
    /// @inheritdoc IEmergencyAccess
    mapping(address provider => bool) public isEmergencyStaff;
    mapping(address patient => Mode) internal _modes;
    /// @dev Bumped by every setting change, so an old restriction's organisations stop counting
    /// without clearing them one by one.
    mapping(address patient => uint32) internal _settingEpoch;
    mapping(bytes32 key => bool) internal _allowedOrg;

    /// @param registry_ The participant registry (its admin marks emergency staff).
    constructor(IRegistry registry_) {
        registry = registry_;
    }

    /// @inheritdoc IEmergencyAccess
    function setEmergencyStaff(address provider, bool staff) external {
        if (msg.sender != registry.admin()) revert NotAdmin(msg.sender);
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(provider);
        // Unmarking must work whatever became of the provider; marking needs an active one.
        if (staff && (role != IRegistry.Role.Provider || status != IRegistry.Status.Active)) {
            revert NotProvider(provider);
        }
        isEmergencyStaff[provider] = staff;
        emit EmergencyStaffSet(provider, staff, msg.sender);
    }

    /// @inheritdoc IEmergencyAccess
    function setEmergencySetting(Mode mode, bytes32[] calldata orgs) external {
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(msg.sender);
        // Opting out only narrows access, so a suspended patient (perhaps racing a thief) may.
        bool allowed = role == IRegistry.Role.Patient
            && (status == IRegistry.Status.Active
                || (status == IRegistry.Status.Suspended && mode == Mode.Off));
        if (!allowed) revert PatientNotActive(msg.sender);
        if ((mode == Mode.Restricted) != (orgs.length != 0)) revert InvalidSetting();
        uint32 epoch = ++_settingEpoch[msg.sender];
        for (uint256 i; i < orgs.length; ++i) {
            if (orgs[i] == bytes32(0)) revert InvalidSetting();
            _allowedOrg[_orgKey(msg.sender, epoch, orgs[i])] = true;
        }
        _modes[msg.sender] = mode;
        emit EmergencySettingChanged(msg.sender, mode, orgs);
    }

    /// @inheritdoc IEmergencyAccess
    function openSession(address patient, bytes32 reason, uint64 duration)
        external
        returns (uint64 sessionId)
    {
        bytes32 org = _staffOrg(msg.sender);
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(patient);
        // An unconscious patient whose account is suspended (a lost phone) still needs care.
        if (
            role != IRegistry.Role.Patient
                || (status != IRegistry.Status.Active && status != IRegistry.Status.Suspended)
        ) {
            revert PatientNotActive(patient);
        }
        if (!_allows(patient, org)) revert EmergencyAccessRefused(patient, msg.sender, org);
        if (reason == bytes32(0)) revert NoReason();
        if (duration == 0 || duration > MAX_WINDOW) revert InvalidWindow(duration);

        sessionId = ++sessionCount;
        uint64 expiresAt = uint64(block.timestamp) + duration;
        _sessions[sessionId] = Session({
            patient: patient,
            openedAt: uint64(block.timestamp),
            provider: msg.sender,
            expiresAt: expiresAt,
            closed: false,
            reason: reason
        });
        uint32 count = ++sessionsOf[msg.sender];
        emit EmergencyAccessOpened(sessionId, patient, msg.sender, org, reason, expiresAt, count);
    }

    /// @inheritdoc IEmergencyAccess
    function closeSession(uint64 sessionId) external {
        Session storage s = _session(sessionId);
        if (s.closed) revert SessionClosed(sessionId);
        address patient = s.patient;
        address provider = s.provider;
        bool party = msg.sender == registry.admin()
            || ((msg.sender == provider || msg.sender == patient) && _activeOrSuspended(msg.sender));
        if (!party) revert NotSessionParty(msg.sender);
        s.closed = true;
        emit EmergencyAccessClosed(sessionId, patient, provider, msg.sender);
    }

    /// @inheritdoc ICareRule
    /// @dev The requester is the session's provider, inside its window; the record must be the
    /// session's patient's (CareReads checks it against the returned patient).
    function checkRead(uint64 sessionId, address requester, bytes32) external view returns (address patient) {
        Session storage s = _session(sessionId);
        if (requester != s.provider) revert NotSessionParty(requester);
        if (block.timestamp >= s.expiresAt) revert SessionExpired(sessionId, s.expiresAt);
        bytes memory err = _sessionError(sessionId, s);
        if (err.length != 0) {
            assembly ("memory-safe") {
                revert(add(err, 0x20), mload(err))
            }
        }
        return s.patient;
    }

    /// @inheritdoc ICareRule
    /// @dev The window is judged when a read is requested: a read requested inside it is answered
    /// even if the window closes before the answer lands; closing the session still wins.
    function readLiveness(uint64 sessionId, address, bytes32) external view returns (bytes memory) {
        return _sessionError(sessionId, _sessions[sessionId]);
    }

    /// @inheritdoc IEmergencyAccess
    function session(uint64 sessionId) external view returns (Session memory) {
        return _sessions[sessionId];
    }

    /// @dev Enrolled and not removed: the actors that may still narrow what others can do.
    function _activeOrSuspended(address who) private view returns (bool) {
        (, IRegistry.Status s) = registry.roleOf(who);
        return s == IRegistry.Status.Active || s == IRegistry.Status.Suspended;
    }

    /// @inheritdoc IEmergencyAccess
    function allows(address patient, bytes32 org) external view returns (Mode mode, bool allowed) {
        return (_modes[patient], _allows(patient, org));
    }

    // --------------------------------------------------------------- internals

    /// @dev What must hold for a session's reads: open, its provider still active emergency staff,
    /// and the patient's setting still allowing the provider's organisation.
    function _sessionError(uint64 sessionId, Session storage s) private view returns (bytes memory) {
        address provider = s.provider;
        if (provider == address(0)) return abi.encodeWithSelector(UnknownSession.selector, sessionId);
        if (s.closed) return abi.encodeWithSelector(SessionClosed.selector, sessionId);
        if (!isEmergencyStaff[provider] || !registry.isActive(provider, IRegistry.Role.Provider)) {
            return abi.encodeWithSelector(NotEmergencyStaff.selector, provider);
        }
        bytes32 org = registry.participant(provider).org;
        if (!_allows(s.patient, org)) {
            return abi.encodeWithSelector(EmergencyAccessRefused.selector, s.patient, provider, org);
        }
        return "";
    }

    function _staffOrg(address provider) private view returns (bytes32) {
        if (!isEmergencyStaff[provider] || !registry.isActive(provider, IRegistry.Role.Provider)) {
            revert NotEmergencyStaff(provider);
        }
        return registry.participant(provider).org;
    }

    function _allows(address patient, bytes32 org) private view returns (bool) {
        Mode mode = _modes[patient];
        if (mode == Mode.On) return true;
        if (mode == Mode.Off) return false;
        return _allowedOrg[_orgKey(patient, _settingEpoch[patient], org)];
    }

    function _orgKey(address patient, uint32 epoch, bytes32 org) private pure returns (bytes32) {
        return keccak256(abi.encode(patient, epoch, org));
    }

    function _session(uint64 sessionId) private view returns (Session storage s) {
        s = _sessions[sessionId];
        if (s.provider == address(0)) revert UnknownSession(sessionId);
    }
}
