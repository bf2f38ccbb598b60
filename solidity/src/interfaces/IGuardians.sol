// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareRule} from "./ICareRule.sol";
import {IGuardianCheck} from "./IGuardianCheck.sol";

/// @title IGuardians
/// @notice Guardians and delegates: a patient names guardians (a parent for a child, a relative for
/// an incapacitated adult) with scoped rights and a validity end, and a threshold t of them acting
/// together (propose, approve; the t-th approval executes) may act where the patient cannot:
/// grant a requester a read of one record (released from the record's network capsule through
/// the committee: CareReads, rule Guardian, with the grant id), revoke such a grant, or approve the erasure of a record on a court order (the
/// admin then calls `RecordRegistry.eraseRecord`). A guardian with the co-sign scope may sign a
/// record version's PatientApproval in the patient's place (RecordRegistry asks `canAct`); the
/// read-timeline scope is what the indexer checks before it shows a guardian the patient's
/// timeline. Everything is on the patient's timeline. In FHIR exports a guardian is a
/// `RelatedPerson`.
/// @dev Scopes: bit 0 grant, bit 1 revoke, bit 2 read the timeline, bit 3 co-sign, bit 4 approve
/// erasure. A guardian acts only while enrolled and active in the Registry, before its
/// `validUntil`, and with the action's scope. Each patient has at most 16 guardians (indices 1 to
/// 16) and a threshold (1 when never set). Changing or removing a guardian, or the threshold,
/// voids every open proposal of that patient (the set's epoch moves on), so an approval never
/// counts for a guardian it was not given by. At execution only approvers still inside their
/// validity and active count.
interface IGuardians is ICareRule, IGuardianCheck {
    /// @notice What a proposal does when executed.
    enum Action {
        None,
        Grant,
        Revoke,
        Erase
    }

    /// @notice Where a proposal stands.
    enum ProposalStatus {
        None,
        Open,
        Executed,
        Cancelled
    }

    /// @notice One guardian of a patient. One storage slot.
    /// @param index 1 … 16 (0: not a guardian).
    /// @param scopes The scope bits.
    /// @param validUntil End of the guardian's validity (exclusive).
    struct Guardian {
        uint8 index;
        uint8 scopes;
        uint64 validUntil;
    }

    /// @notice A proposal. Three storage slots.
    /// @param patient For whom.
    /// @param action What it does.
    /// @param status Open, Executed or Cancelled.
    /// @param approvals Guardians that approved (bit index − 1).
    /// @param epoch The patient's guardian-set epoch it was made in.
    /// @param notAfter Grant: end of the grant's window.
    /// @param requester Grant: who may read.
    /// @param grantId Revoke: the grant.
    /// @param recordId Grant and Erase: the record.
    struct Proposal {
        address patient;
        Action action;
        ProposalStatus status;
        uint16 approvals;
        uint32 epoch;
        uint64 notAfter;
        address requester;
        uint64 grantId;
        bytes32 recordId;
    }

    /// @notice A guardian grant: `requester` may read `recordId` from its network capsule between
    /// `notBefore` and `notAfter`. Three storage slots.
    struct GuardianGrant {
        address patient;
        uint64 notBefore;
        address requester;
        uint64 notAfter;
        bool revoked;
        uint64 proposalId;
        bytes32 recordId;
    }

    /// @notice The caller is not an active enrolled patient (or, to narrow, a suspended one).
    error PatientNotActive(address patient);
    /// @notice The account cannot be a guardian (not enrolled and active, the patient herself, or
    /// the zero address), or is not one of the patient's guardians.
    error InvalidGuardian(address guardian);
    /// @notice Undefined or empty scopes, a validity already over, or a threshold outside 1 … 16.
    error InvalidTerms();
    /// @notice The patient already has 16 guardians.
    error TooManyGuardians();
    /// @notice The caller is not one of the patient's guardians holding `scope`, inside its
    /// validity and active.
    error GuardianCannotAct(address guardian, uint8 scope);
    /// @notice The action or its parameters are invalid (an inactive requester, another patient's
    /// record or grant, a window already over or too long…).
    error InvalidAction();
    /// @notice No proposal has this id.
    error UnknownProposal(uint64 proposalId);
    /// @notice The proposal is executed or cancelled, or the guardian set changed since it was made.
    error ProposalNotOpen(uint64 proposalId);
    /// @notice The guardian already approved.
    error AlreadyApproved(uint64 proposalId, address guardian);
    /// @notice No guardian grant has this id.
    error UnknownGrant(uint64 grantId);
    /// @notice The grant was revoked.
    error GrantRevoked(uint64 grantId);
    /// @notice The grant's window has not begun or is over.
    error OutsideWindow(uint64 grantId, uint64 notBefore, uint64 notAfter);
    /// @notice The caller may not do this to the grant or proposal.
    error NotParty(address caller);

    /// @notice A patient named or changed a guardian.
    event GuardianSet(
        address indexed patient, address indexed guardian, uint8 index, uint8 scopes, uint64 validUntil
    );
    /// @notice A guardian was removed (by the patient).
    event GuardianRemoved(address indexed patient, address indexed guardian);
    /// @notice A patient set how many guardians must approve an action.
    event GuardianThresholdSet(address indexed patient, uint8 threshold);
    /// @notice A guardian proposed an action for a patient (its own approval included).
    event GuardianActionProposed(
        uint64 indexed proposalId,
        address indexed patient,
        address indexed guardian,
        Action action,
        bytes32 recordId,
        address requester,
        uint64 notAfter,
        uint64 grantId
    );
    /// @notice A guardian approved a proposal.
    /// @param approvals The approvals so far (bit index − 1).
    event GuardianActionApproved(
        uint64 indexed proposalId, address indexed patient, address indexed guardian, uint16 approvals
    );
    /// @notice A proposal reached its threshold and was executed.
    /// @param approvals The approvers that counted.
    event GuardianActionExecuted(
        uint64 indexed proposalId, address indexed patient, Action action, uint16 approvals
    );
    /// @notice A proposal was cancelled by the patient or a guardian.
    event GuardianActionCancelled(uint64 indexed proposalId, address indexed patient, address by);
    /// @notice Guardians granted a requester a read of one record.
    event GuardianGrantMade(
        uint64 indexed grantId,
        address indexed patient,
        address indexed requester,
        bytes32 recordId,
        uint64 notAfter,
        uint64 proposalId
    );
    /// @notice A guardian grant was revoked (by guardians, the patient or the requester).
    event GuardianGrantRevoked(
        uint64 indexed grantId, address indexed patient, address indexed requester, address by
    );
    /// @notice The patient's guardians approved erasing a record; the admin may now erase it.
    event ErasureApproved(bytes32 indexed recordId, address indexed patient, uint64 proposalId);

    /// @notice The longest window of a guardian grant.
    function MAX_GRANT_WINDOW() external view returns (uint64);

    /// @notice Names or changes a guardian. Active patient only.
    /// @param guardian An enrolled, active participant other than the patient.
    /// @param scopes Scope bits (nonzero, bits 0 … 4 only).
    /// @param validUntil End of the guardian's validity, after now.
    function setGuardian(address guardian, uint8 scopes, uint64 validUntil) external;

    /// @notice Removes a guardian. The patient, active or suspended.
    function removeGuardian(address guardian) external;

    /// @notice Sets how many guardians must approve an action. Active patient only.
    /// @param threshold 1 … 16.
    function setThreshold(uint8 threshold) external;

    /// @notice Proposes an action for `patient`; the proposer's approval counts, and the proposal
    /// executes at once when that reaches the threshold.
    /// @param patient The patient.
    /// @param action Grant (needs scope grant), Revoke (scope revoke) or Erase (scope erase).
    /// @param recordId Grant, Erase: a record of the patient's (active with a network capsule for a
    /// grant; not erased for an erasure).
    /// @param requester Grant: an active provider or requester.
    /// @param notAfter Grant: end of the window, after now and at most `MAX_GRANT_WINDOW` ahead.
    /// @param grantId Revoke: a live grant of the patient's.
    /// @return proposalId The new proposal.
    function propose(
        address patient,
        Action action,
        bytes32 recordId,
        address requester,
        uint64 notAfter,
        uint64 grantId
    ) external returns (uint64 proposalId);

    /// @notice Approves a proposal; executes it when the approvers still counting reach the threshold.
    function approve(uint64 proposalId) external;

    /// @notice Cancels an open proposal. The patient (active or suspended) or one of her guardians
    /// holding the action's scope.
    function cancel(uint64 proposalId) external;

    /// @notice Revokes a guardian grant. Its patient or its requester (active or suspended).
    function revokeGrant(uint64 grantId) external;

    /// @notice A patient's guardian (index 0 when not one).
    function guardianOf(address patient, address guardian) external view returns (Guardian memory);

    /// @notice The guardian at `index` (1 … 16) of `patient`, zero when free.
    function guardianAt(address patient, uint8 index) external view returns (address);

    /// @notice A patient's threshold (1 when never set) and guardian-set epoch.
    function thresholdOf(address patient) external view returns (uint8 threshold, uint32 epoch);

    /// @notice A proposal.
    function proposal(uint64 proposalId) external view returns (Proposal memory);

    /// @notice A guardian grant.
    function grant(uint64 grantId) external view returns (GuardianGrant memory);

    /// @notice Number of proposals so far (ids start at 1).
    function proposalCount() external view returns (uint64);

    /// @notice Number of guardian grants so far (ids start at 1).
    function grantCount() external view returns (uint64);
}
