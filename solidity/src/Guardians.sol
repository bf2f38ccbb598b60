// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareRule} from "./interfaces/ICareRule.sol";
import {IGuardianCheck} from "./interfaces/IGuardianCheck.sol";
import {IGuardians} from "./interfaces/IGuardians.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title Guardians
/// @notice Scoped, time-bounded, revocable guardians acting t-of-n for a patient, and the
/// network-capsule reads their grants allow.
contract Guardians is IGuardians {
    /// @dev Flag bit 1 of a record version: its gate object carries the network capsule.
    uint8 internal constant NETWORK_CAPSULE = 2;
    /// @notice Scope bit: propose and approve grants.
    uint8 public constant SCOPE_GRANT = 1;
    /// @notice Scope bit: propose and approve revocations of guardian grants.
    uint8 public constant SCOPE_REVOKE = 2;
    /// @notice Scope bit: read the patient's timeline (checked by the indexer).
    uint8 public constant SCOPE_TIMELINE = 4;
    /// @notice Scope bit: co-sign record versions in the patient's place (checked by RecordRegistry).
    uint8 public constant SCOPE_COSIGN = 8;
    /// @notice Scope bit: approve the erasure of a record on a court order.
    uint8 public constant SCOPE_ERASE = 16;
    uint8 internal constant ALL_SCOPES = 31;
    uint8 internal constant MAX_GUARDIANS = 16;

    /// @notice The participant registry.
    IRegistry public immutable registry;
    /// @notice The record registry.
    IRecordRegistry public immutable records;

    /// @inheritdoc IGuardians
    uint64 public constant MAX_GRANT_WINDOW = 30 days;

    /// @dev A patient's set: its threshold (0 means 1) and epoch.
    struct SetState {
        uint8 threshold;
        uint32 epoch;
    }

    mapping(address patient => mapping(address guardian => Guardian)) internal _guardians;
    mapping(address patient => address[17]) internal _slots;
    mapping(address patient => SetState) internal _sets;

    /// @inheritdoc IGuardians
    uint64 public proposalCount;
    mapping(uint64 proposalId => Proposal) internal _proposals;
    /// @inheritdoc IGuardians
    uint64 public grantCount;
    mapping(uint64 grantId => GuardianGrant) internal _grants;
    /// @inheritdoc IGuardianCheck
    mapping(bytes32 recordId => bool) public erasureApproved;

    /// @param registry_ The participant registry.
    /// @param records_ The record registry.
    constructor(IRegistry registry_, IRecordRegistry records_) {
        registry = registry_;
        records = records_;
    }

    // ------------------------------------------------------------ the set

    /// @inheritdoc IGuardians
    function setGuardian(address guardian, uint8 scopes, uint64 validUntil) external {
        _onlyActivePatient();
        (, IRegistry.Status status) = registry.roleOf(guardian);
        if (guardian == msg.sender || status != IRegistry.Status.Active) revert InvalidGuardian(guardian);
        if (scopes == 0 || scopes & ~ALL_SCOPES != 0 || validUntil <= block.timestamp) revert InvalidTerms();
        Guardian storage g = _guardians[msg.sender][guardian];
        uint8 index = g.index;
        if (index == 0) {
            index = _freeSlot(msg.sender);
            _slots[msg.sender][index] = guardian;
            g.index = index;
        } else {
            // Changed rights must not carry approvals given under the old ones.
            ++_sets[msg.sender].epoch;
        }
        g.scopes = scopes;
        g.validUntil = validUntil;
        emit GuardianSet(msg.sender, guardian, index, scopes, validUntil);
    }

    /// @inheritdoc IGuardians
    function removeGuardian(address guardian) external {
        // Removing only narrows who may act, so a suspended patient may.
        if (!_isPatient(msg.sender) || !_activeOrSuspended(msg.sender)) revert PatientNotActive(msg.sender);
        Guardian storage g = _guardians[msg.sender][guardian];
        uint8 index = g.index;
        if (index == 0) revert InvalidGuardian(guardian);
        delete _slots[msg.sender][index];
        delete _guardians[msg.sender][guardian];
        ++_sets[msg.sender].epoch;
        emit GuardianRemoved(msg.sender, guardian);
    }

    /// @inheritdoc IGuardians
    function setThreshold(uint8 threshold) external {
        _onlyActivePatient();
        if (threshold == 0 || threshold > MAX_GUARDIANS) revert InvalidTerms();
        SetState storage s = _sets[msg.sender];
        s.threshold = threshold;
        ++s.epoch;
        emit GuardianThresholdSet(msg.sender, threshold);
    }

    // ------------------------------------------------------------ proposals

    /// @inheritdoc IGuardians
    function propose(
        address patient,
        Action action,
        bytes32 recordId,
        address requester,
        uint64 notAfter,
        uint64 grantId
    ) external returns (uint64 proposalId) {
        uint8 index = _actingGuardian(patient, msg.sender, _scopeOf(action));
        _checkAction(patient, action, recordId, requester, notAfter, grantId);
        proposalId = ++proposalCount;
        uint16 approvals = _bit(index);
        _proposals[proposalId] = Proposal({
            patient: patient,
            action: action,
            status: ProposalStatus.Open,
            approvals: approvals,
            epoch: _sets[patient].epoch,
            notAfter: notAfter,
            requester: requester,
            grantId: grantId,
            recordId: recordId
        });
        emit GuardianActionProposed(
            proposalId, patient, msg.sender, action, recordId, requester, notAfter, grantId
        );
        _executeIfReady(proposalId, _proposals[proposalId]);
    }

    /// @inheritdoc IGuardians
    function approve(uint64 proposalId) external {
        Proposal storage p = _openProposal(proposalId);
        address patient = p.patient;
        uint8 index = _actingGuardian(patient, msg.sender, _scopeOf(p.action));
        uint16 bit = _bit(index);
        if (p.approvals & bit != 0) revert AlreadyApproved(proposalId, msg.sender);
        uint16 approvals = p.approvals | bit;
        p.approvals = approvals;
        emit GuardianActionApproved(proposalId, patient, msg.sender, approvals);
        _executeIfReady(proposalId, p);
    }

    /// @inheritdoc IGuardians
    function cancel(uint64 proposalId) external {
        Proposal storage p = _openProposal(proposalId);
        address patient = p.patient;
        if (msg.sender == patient) {
            if (!_activeOrSuspended(msg.sender)) revert PatientNotActive(msg.sender);
        } else {
            _actingGuardian(patient, msg.sender, _scopeOf(p.action));
        }
        p.status = ProposalStatus.Cancelled;
        emit GuardianActionCancelled(proposalId, patient, msg.sender);
    }

    // --------------------------------------------------------------- grants

    /// @inheritdoc IGuardians
    function revokeGrant(uint64 grantId) external {
        GuardianGrant storage g = _grant(grantId);
        if (msg.sender != g.patient && msg.sender != g.requester) revert NotParty(msg.sender);
        if (!_activeOrSuspended(msg.sender)) revert NotParty(msg.sender);
        _revoke(grantId, g);
    }

    /// @inheritdoc ICareRule
    /// @dev The requester is the grant's, inside its window, for the grant's record.
    function checkRead(uint64 grantId, address requester, bytes32 recordId)
        external
        view
        returns (address patient)
    {
        GuardianGrant storage g = _grant(grantId);
        if (requester != g.requester || recordId != g.recordId) revert NotParty(requester);
        if (g.revoked) revert GrantRevoked(grantId);
        if (block.timestamp < g.notBefore || block.timestamp >= g.notAfter) {
            revert OutsideWindow(grantId, g.notBefore, g.notAfter);
        }
        return g.patient;
    }

    /// @inheritdoc ICareRule
    function readLiveness(uint64 grantId, address, bytes32) external view returns (bytes memory) {
        GuardianGrant storage g = _grants[grantId];
        if (g.patient == address(0)) return abi.encodeWithSelector(UnknownGrant.selector, grantId);
        if (g.revoked) return abi.encodeWithSelector(GrantRevoked.selector, grantId);
        return "";
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IGuardianCheck
    function canAct(address patient, address guardian, uint8 scopes) public view returns (bool) {
        Guardian memory g = _guardians[patient][guardian];
        if (g.index == 0 || g.scopes & scopes != scopes || block.timestamp >= g.validUntil) return false;
        (, IRegistry.Status status) = registry.roleOf(guardian);
        return status == IRegistry.Status.Active;
    }

    /// @inheritdoc IGuardians
    function guardianOf(address patient, address guardian) external view returns (Guardian memory) {
        return _guardians[patient][guardian];
    }

    /// @inheritdoc IGuardians
    function guardianAt(address patient, uint8 index) external view returns (address) {
        if (index == 0 || index > MAX_GUARDIANS) return address(0);
        return _slots[patient][index];
    }

    /// @inheritdoc IGuardians
    function thresholdOf(address patient) external view returns (uint8 threshold, uint32 epoch) {
        SetState memory s = _sets[patient];
        return (_threshold(s), s.epoch);
    }

    /// @inheritdoc IGuardians
    function proposal(uint64 proposalId) external view returns (Proposal memory) {
        return _proposals[proposalId];
    }

    /// @inheritdoc IGuardians
    function grant(uint64 grantId) external view returns (GuardianGrant memory) {
        return _grants[grantId];
    }

    // ------------------------------------------------------------ internals

    function _activeOrSuspended(address who) private view returns (bool) {
        (, IRegistry.Status s) = registry.roleOf(who);
        return s == IRegistry.Status.Active || s == IRegistry.Status.Suspended;
    }

    function _bit(uint8 index) private pure returns (uint16) {
        return uint16(1) << (index - 1);
    }

    function _onlyActivePatient() private view {
        if (!registry.isActive(msg.sender, IRegistry.Role.Patient)) revert PatientNotActive(msg.sender);
    }

    function _isPatient(address who) private view returns (bool) {
        (IRegistry.Role role,) = registry.roleOf(who);
        return role == IRegistry.Role.Patient;
    }

    /// @dev The caller's index when it may act for `patient` with `scope` now.
    function _actingGuardian(address patient, address guardian, uint8 scope) private view returns (uint8) {
        if (!canAct(patient, guardian, scope)) revert GuardianCannotAct(guardian, scope);
        return _guardians[patient][guardian].index;
    }

    function _scopeOf(Action action) private pure returns (uint8) {
        if (action == Action.Grant) return SCOPE_GRANT;
        if (action == Action.Revoke) return SCOPE_REVOKE;
        if (action == Action.Erase) return SCOPE_ERASE;
        revert InvalidAction();
    }

    function _checkAction(
        address patient,
        Action action,
        bytes32 recordId,
        address requester,
        uint64 notAfter,
        uint64 grantId
    ) private view {
        if (action == Action.Grant) {
            if (
                grantId != 0 || notAfter <= block.timestamp || notAfter > block.timestamp + MAX_GRANT_WINDOW
                    || !_isActiveReader(requester)
            ) revert InvalidAction();
            (address owner,, IRecordRegistry.RecordStatus status, uint8 flags,,,) =
                records.careState(recordId);
            if (
                owner != patient || status != IRecordRegistry.RecordStatus.Active
                    || flags & NETWORK_CAPSULE == 0
            ) revert InvalidAction();
        } else if (action == Action.Revoke) {
            GuardianGrant storage g = _grants[grantId];
            if (
                g.patient != patient || g.revoked || recordId != bytes32(0) || requester != address(0)
                    || notAfter != 0
            ) revert InvalidAction();
        } else {
            (address owner,, IRecordRegistry.RecordStatus status,,,,) = records.careState(recordId);
            if (
                owner != patient || status == IRecordRegistry.RecordStatus.Erased || requester != address(0)
                    || notAfter != 0 || grantId != 0
            ) revert InvalidAction();
        }
    }

    function _isActiveReader(address who) private view returns (bool) {
        (IRegistry.Role role, IRegistry.Status status) = registry.roleOf(who);
        return status == IRegistry.Status.Active
            && (role == IRegistry.Role.Provider || role == IRegistry.Role.Requester);
    }

    function _openProposal(uint64 proposalId) private view returns (Proposal storage p) {
        p = _proposals[proposalId];
        if (p.status == ProposalStatus.None) revert UnknownProposal(proposalId);
        if (p.status != ProposalStatus.Open || p.epoch != _sets[p.patient].epoch) {
            revert ProposalNotOpen(proposalId);
        }
    }

    /// @dev Counts the approvers still inside their validity and active; at the threshold, runs
    /// the action. The action's own preconditions are checked again, since time passed.
    function _executeIfReady(uint64 proposalId, Proposal storage p) private {
        address patient = p.patient;
        uint16 counted;
        uint256 count;
        for (uint8 i = 1; i <= MAX_GUARDIANS; ++i) {
            if (p.approvals & _bit(i) == 0) continue;
            if (canAct(patient, _slots[patient][i], _scopeOf(p.action))) {
                counted |= _bit(i);
                ++count;
            }
        }
        if (count < _threshold(_sets[patient])) return;
        Action action = p.action;
        _checkAction(patient, action, p.recordId, p.requester, p.notAfter, p.grantId);
        p.status = ProposalStatus.Executed;
        emit GuardianActionExecuted(proposalId, patient, action, counted);
        if (action == Action.Grant) {
            uint64 grantId = ++grantCount;
            _grants[grantId] = GuardianGrant({
                patient: patient,
                notBefore: uint64(block.timestamp),
                requester: p.requester,
                notAfter: p.notAfter,
                revoked: false,
                proposalId: proposalId,
                recordId: p.recordId
            });
            emit GuardianGrantMade(grantId, patient, p.requester, p.recordId, p.notAfter, proposalId);
        } else if (action == Action.Revoke) {
            _revoke(p.grantId, _grants[p.grantId]);
        } else {
            erasureApproved[p.recordId] = true;
            emit ErasureApproved(p.recordId, patient, proposalId);
        }
    }

    function _revoke(uint64 grantId, GuardianGrant storage g) private {
        if (g.revoked) revert GrantRevoked(grantId);
        g.revoked = true;
        emit GuardianGrantRevoked(grantId, g.patient, g.requester, msg.sender);
    }

    function _grant(uint64 grantId) private view returns (GuardianGrant storage g) {
        g = _grants[grantId];
        if (g.patient == address(0)) revert UnknownGrant(grantId);
    }

    function _freeSlot(address patient) private view returns (uint8) {
        address[17] storage slots = _slots[patient];
        for (uint8 i = 1; i <= MAX_GUARDIANS; ++i) {
            if (slots[i] == address(0)) return i;
        }
        revert TooManyGuardians();
    }

    function _threshold(SetState memory s) private pure returns (uint8) {
        return s.threshold == 0 ? 1 : s.threshold;
    }
}
