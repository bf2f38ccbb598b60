// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareRule} from "./ICareRule.sol";

/// @title IConsents
/// @notice Standing consent: a patient lets an organisation (optionally only holders of a role
/// attribute) read every record of one category for a period, including records written later,
/// without signing each read. A read is a network-capsule read through the record's committee
/// (CareReads, rule Consent, with the consent id).
/// Revoking the consent stops the next read at once, and reads in flight are no longer answered.
/// @dev The requester must be an active provider or requester whose Registry `org` is the
/// consent's organisation and, when the consent names a role, who holds that attribute in
/// AttributeRegistry; the record must be the patient's, with the consent's category (co-signed
/// with each version) and a network capsule. The period is judged when a read is requested; the
/// revocation, the requester's organisation, role attribute and status, and the record's category
/// are checked again at each commit. The client imports and exports a consent as a FHIR R4
/// `Consent` resource (provision.actor = the organisation and role, provision.class = the category,
/// provision.period = the period).
interface IConsents is ICareRule {
    /// @notice A standing consent. Three storage slots.
    /// @param patient Who consented.
    /// @param notBefore Start of the period.
    /// @param notAfter End of the period (exclusive).
    /// @param revoked True once revoked.
    /// @param org The organisation (Registry `org`) consented to.
    /// @param role An attribute id the requester must hold (zero: any member of the organisation).
    /// @param category The record category covered.
    struct Consent {
        address patient;
        uint64 notBefore;
        uint64 notAfter;
        bool revoked;
        bytes32 org;
        bytes32 role;
        bytes32 category;
    }

    /// @notice The record is not the consent's patient's.
    error WrongPatient(uint64 consentId, bytes32 recordId);
    /// @notice The caller is not an active enrolled patient (or, to revoke, a suspended one).
    error PatientNotActive(address patient);
    /// @notice The organisation or the category is zero, or the period is empty or already over.
    error InvalidConsent();
    /// @notice No consent has this id.
    error UnknownConsent(uint64 consentId);
    /// @notice The caller is not the consent's patient.
    error NotConsentPatient(address caller);
    /// @notice The consent was revoked.
    error ConsentIsRevoked(uint64 consentId);
    /// @notice The consent's period has not begun or is over.
    error OutsidePeriod(uint64 consentId, uint64 notBefore, uint64 notAfter);
    /// @notice The requester is not of the consent's organisation, or lacks its role attribute.
    error NotCovered(uint64 consentId, address requester);
    /// @notice The record's category is not the consent's.
    error CategoryMismatch(uint64 consentId, bytes32 recordId, bytes32 category);

    /// @notice A patient gave a standing consent. On her timeline.
    /// @param role The role attribute required (zero: any).
    /// @param category The record category covered.
    event ConsentGiven(
        uint64 indexed consentId,
        address indexed patient,
        bytes32 indexed org,
        bytes32 role,
        bytes32 category,
        uint64 notBefore,
        uint64 notAfter
    );
    /// @notice A consent was revoked; its next read is refused and reads in flight stop being answered.
    event ConsentRevoked(uint64 indexed consentId, address indexed patient, bytes32 indexed org);

    /// @notice Gives a standing consent. Active patient only.
    /// @param org The organisation (Registry `org`, nonzero).
    /// @param role An attribute id the requester must hold, or zero for any member of `org`.
    /// @param category The record category covered (nonzero).
    /// @param notBefore Start of the period.
    /// @param notAfter End of the period (exclusive), after `notBefore` and after now.
    /// @return consentId The new consent.
    function giveConsent(bytes32 org, bytes32 role, bytes32 category, uint64 notBefore, uint64 notAfter)
        external
        returns (uint64 consentId);

    /// @notice Revokes a consent. Its patient, active or suspended.
    function revokeConsent(uint64 consentId) external;

    /// @notice A consent.
    function consent(uint64 consentId) external view returns (Consent memory);

    /// @notice Number of consents given so far (ids start at 1).
    function consentCount() external view returns (uint64);
}
