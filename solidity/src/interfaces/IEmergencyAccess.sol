// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareRule} from "./ICareRule.sol";

/// @title IEmergencyAccess
/// @notice Break-glass: an active provider the admin marked as emergency staff opens a session
/// for a patient with a stated reason, for at most `MAX_WINDOW` (24 hours), and reads that
/// patient's records through the committee without a grant (CareReads, rule Emergency, with the
/// session id). Loudly audited: the session is its own
/// timeline entry (the indexer codes it as IHE BALP / FHIR emergency access, purpose of use
/// `ETREAT`, security label `BTG`, and notifies the patient and her guardians), every read is an
/// access with the nodes that answered, and each provider's session count is public.
/// @dev A patient's emergency setting is On by default; she may turn it Off, or restrict it to
/// named organisations (Registry `org` of the provider). The setting, the provider's staff mark
/// and activity, and the session (open, not closed) are checked when a session opens, when a read
/// is requested and again at each commit; the window is judged when a read is requested.
/// `reason` is a short code (ASCII, right-padded, such as "unconscious" or "cardiac-arrest"),
/// never clinical detail: the chain is public.
interface IEmergencyAccess is ICareRule {
    /// @notice A patient's emergency setting.
    enum Mode {
        On,
        Off,
        Restricted
    }

    /// @notice An emergency session. Two storage slots and the reason.
    /// @param patient The patient treated.
    /// @param openedAt Block time the session opened.
    /// @param provider The emergency provider.
    /// @param expiresAt End of the window (exclusive).
    /// @param closed True once the provider, the patient or the admin closed it.
    /// @param reason The stated reason code.
    struct Session {
        address patient;
        uint64 openedAt;
        address provider;
        uint64 expiresAt;
        bool closed;
        bytes32 reason;
    }

    /// @notice The caller is not the registry's admin.
    error NotAdmin(address caller);
    /// @notice The caller is not an active enrolled patient (or, to opt out, a suspended one).
    error PatientNotActive(address patient);
    /// @notice The account is not an enrolled provider (to be marked as emergency staff).
    error NotProvider(address account);
    /// @notice The caller is not an active provider marked as emergency staff.
    error NotEmergencyStaff(address provider);
    /// @notice The patient turned break-glass off, or restricted it to organisations that exclude
    /// this provider's.
    error EmergencyAccessRefused(address patient, address provider, bytes32 org);
    /// @notice No reason was stated.
    error NoReason();
    /// @notice The window is zero or longer than `MAX_WINDOW`.
    error InvalidWindow(uint64 duration);
    /// @notice A restriction names no organisation, or a mode other than Restricted names some.
    error InvalidSetting();
    /// @notice No session has this id.
    error UnknownSession(uint64 sessionId);
    /// @notice The session's window is over.
    error SessionExpired(uint64 sessionId, uint64 expiresAt);
    /// @notice The session was closed.
    error SessionClosed(uint64 sessionId);
    /// @notice The caller is not the session's provider (or, to close it, its patient or the admin).
    error NotSessionParty(address caller);

    /// @notice The admin marked or unmarked a provider as emergency staff.
    event EmergencyStaffSet(address indexed provider, bool staff, address indexed admin);
    /// @notice A patient changed her emergency setting.
    /// @param orgs The organisations allowed when `mode` is Restricted (empty otherwise).
    event EmergencySettingChanged(address indexed patient, Mode mode, bytes32[] orgs);
    /// @notice Break-glass: a provider opened an emergency session for a patient. The indexer
    /// codes it as BALP emergency access (ETREAT, BTG) and notifies the patient and her guardians.
    /// @param org The provider's organisation.
    /// @param reason The stated reason code.
    /// @param expiresAt End of the window.
    /// @param providerSessions The provider's session count including this one.
    event EmergencyAccessOpened(
        uint64 indexed sessionId,
        address indexed patient,
        address indexed provider,
        bytes32 org,
        bytes32 reason,
        uint64 expiresAt,
        uint32 providerSessions
    );
    /// @notice A session was closed before its window ended; reads in flight stop being answered.
    event EmergencyAccessClosed(
        uint64 indexed sessionId, address indexed patient, address indexed provider, address by
    );

    /// @notice The longest window a session may have.
    function MAX_WINDOW() external view returns (uint64);

    /// @notice Marks or unmarks an enrolled provider as emergency staff. Registry admin only.
    /// @param provider The provider.
    /// @param staff True to mark, false to unmark.
    function setEmergencyStaff(address provider, bool staff) external;

    /// @notice Sets the caller's emergency setting. Active patient; a suspended one may only turn
    /// it Off.
    /// @param mode On, Off, or Restricted to `orgs`.
    /// @param orgs The allowed organisations (Restricted only, at least one).
    function setEmergencySetting(Mode mode, bytes32[] calldata orgs) external;

    /// @notice Opens a break-glass session for `patient`. Active emergency staff only; the
    /// patient's setting must allow the caller's organisation.
    /// @param patient An enrolled patient (active or suspended).
    /// @param reason The stated reason code (nonzero).
    /// @param duration The window in seconds, 1 … `MAX_WINDOW`.
    /// @return sessionId The new session.
    function openSession(address patient, bytes32 reason, uint64 duration) external returns (uint64 sessionId);

    /// @notice Closes a session. Its provider, its patient (active or suspended) or the admin.
    function closeSession(uint64 sessionId) external;

    /// @notice A session.
    function session(uint64 sessionId) external view returns (Session memory);

    /// @notice Number of sessions opened so far (ids start at 1).
    function sessionCount() external view returns (uint64);

    /// @notice How many sessions `provider` has opened: the admin's per-provider count.
    function sessionsOf(address provider) external view returns (uint32);

    /// @notice Whether the admin marked `provider` as emergency staff.
    function isEmergencyStaff(address provider) external view returns (bool);

    /// @notice A patient's setting and whether it allows organisation `org` now.
    function allows(address patient, bytes32 org) external view returns (Mode mode, bool allowed);
}
