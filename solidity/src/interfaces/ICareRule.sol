// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title ICareRule
/// @notice A rule CareReads asks before and while the committee releases a network capsule:
/// EmergencyAccess (sessions), Guardians (guardian grants) and Consents (standing consents).
interface ICareRule {
    /// @notice Whether `requester` may read `recordId` under rule entry `ruleId` now; reverts with
    /// the rule's own error when not. Judges time windows (they are judged at the request only).
    /// @return patient The patient the entry is for (CareReads checks the record is hers).
    function checkRead(uint64 ruleId, address requester, bytes32 recordId)
        external
        view
        returns (address patient);

    /// @notice Empty while a read made under `ruleId` may still be answered; otherwise the
    /// ABI-encoded custom error why not (a revocation, a closed session, a lost role…). Windows are
    /// not judged here: a read requested inside its window is answered even if the window closes
    /// before the answer lands.
    function readLiveness(uint64 ruleId, address requester, bytes32 recordId)
        external
        view
        returns (bytes memory err);
}
