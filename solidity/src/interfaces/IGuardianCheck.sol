// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IGuardianCheck
/// @notice What RecordRegistry asks the Guardians contract: whether a guardian may co-sign for a
/// patient now, and whether the patient's guardians approved erasing a record.
interface IGuardianCheck {
    /// @notice Whether `guardian` is one of `patient`'s guardians, active, inside its validity and
    /// holding every bit of `scopes` now.
    function canAct(address patient, address guardian, uint8 scopes) external view returns (bool);

    /// @notice Whether a threshold of the record's patient's guardians approved erasing it.
    function erasureApproved(bytes32 recordId) external view returns (bool);
}
