// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAttributeRegistry} from "./interfaces/IAttributeRegistry.sol";
import {ICareRule} from "./interfaces/ICareRule.sol";
import {IConsents} from "./interfaces/IConsents.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";

/// @title Consents
/// @notice Standing consents by organisation (and role) for a record category over a period, and
/// the network-capsule reads they allow.
contract Consents is IConsents {
    /// @notice The participant registry.
    IRegistry public immutable registry;
    /// @notice The record registry whose categories consents match.
    IRecordRegistry public immutable records;
    /// @notice The attribute registry role attributes are checked in.
    IAttributeRegistry public immutable attributes;

    /// @inheritdoc IConsents
    uint64 public consentCount;
    mapping(uint64 consentId => Consent) internal _consents;

    /// @param registry_ The participant registry.
    /// @param records_ The record registry.
    /// @param attributes_ The attribute registry.
    constructor(IRegistry registry_, IRecordRegistry records_, IAttributeRegistry attributes_) {
        registry = registry_;
        records = records_;
        attributes = attributes_;
    }

    /// @inheritdoc IConsents
    function giveConsent(bytes32 org, bytes32 role, bytes32 category, uint64 notBefore, uint64 notAfter)
        external
        returns (uint64 consentId)
    {
        if (!registry.isActive(msg.sender, IRegistry.Role.Patient)) revert PatientNotActive(msg.sender);
        if (
            org == bytes32(0) || category == bytes32(0) || notAfter <= notBefore
                || notAfter <= block.timestamp
        ) {
            revert InvalidConsent();
        }
        consentId = ++consentCount;
        _consents[consentId] = Consent({
            patient: msg.sender,
            notBefore: notBefore,
            notAfter: notAfter,
            revoked: false,
            org: org,
            role: role,
            category: category
        });
        emit ConsentGiven(consentId, msg.sender, org, role, category, notBefore, notAfter);
    }

    /// @inheritdoc IConsents
    function revokeConsent(uint64 consentId) external {
        Consent storage c = _consent(consentId);
        if (msg.sender != c.patient) revert NotConsentPatient(msg.sender);
        // Revoking only narrows access, so a suspended patient may; a removed one may not act.
        (, IRegistry.Status status) = registry.roleOf(msg.sender);
        if (status != IRegistry.Status.Active && status != IRegistry.Status.Suspended) {
            revert PatientNotActive(msg.sender);
        }
        if (c.revoked) revert ConsentIsRevoked(consentId);
        c.revoked = true;
        emit ConsentRevoked(consentId, msg.sender, c.org);
    }

    /// @inheritdoc ICareRule
    function checkRead(uint64 consentId, address requester, bytes32 recordId)
        external
        view
        returns (address patient)
    {
        Consent storage c = _consent(consentId);
        if (block.timestamp < c.notBefore || block.timestamp >= c.notAfter) {
            revert OutsidePeriod(consentId, c.notBefore, c.notAfter);
        }
        bytes memory err = _consentError(consentId, c, requester, recordId);
        if (err.length != 0) {
            assembly ("memory-safe") {
                revert(add(err, 0x20), mload(err))
            }
        }
        return c.patient;
    }

    /// @inheritdoc ICareRule
    /// @dev The period is judged at the request; everything else again at each commit.
    function readLiveness(uint64 consentId, address requester, bytes32 recordId)
        external
        view
        returns (bytes memory)
    {
        Consent storage c = _consents[consentId];
        if (c.patient == address(0)) return abi.encodeWithSelector(UnknownConsent.selector, consentId);
        return _consentError(consentId, c, requester, recordId);
    }

    /// @inheritdoc IConsents
    function consent(uint64 consentId) external view returns (Consent memory) {
        return _consents[consentId];
    }

    // --------------------------------------------------------------- internals

    /// @dev Not revoked; the requester of the organisation with the role; the record the patient's,
    /// of the consent's category.
    function _consentError(uint64 consentId, Consent storage c, address requester, bytes32 recordId)
        private
        view
        returns (bytes memory)
    {
        if (c.revoked) return abi.encodeWithSelector(ConsentIsRevoked.selector, consentId);
        bytes32 role = c.role;
        if (
            registry.participant(requester).org != c.org
                || (role != bytes32(0) && !attributes.hasAttribute(requester, role))
        ) {
            return abi.encodeWithSelector(NotCovered.selector, consentId, requester);
        }
        (address owner,,,,,, bytes32 category) = records.careState(recordId);
        if (owner != c.patient) return abi.encodeWithSelector(WrongPatient.selector, consentId, recordId);
        if (category != c.category) {
            return abi.encodeWithSelector(CategoryMismatch.selector, consentId, recordId, category);
        }
        return "";
    }

    function _consent(uint64 consentId) private view returns (Consent storage c) {
        c = _consents[consentId];
        if (c.patient == address(0)) revert UnknownConsent(consentId);
    }
}
