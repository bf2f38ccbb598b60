// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IAccessLedger} from "../../src/interfaces/IAccessLedger.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @title PatientSuspensionFindingTest
/// @notice Finding (fixed) against AccessLedger and RecordRegistry; these tests guard the fix.
/// @dev Registry promises that "suspending or removing a participant takes effect everywhere in
/// the same block", and notes that suspension is often the answer to a key leak. Yet
/// `AccessLedger.grantAccess` and `RecordRegistry.changePolicy` only compare `msg.sender` with the
/// record's patient and never ask the registry whether that patient is still active, so whoever
/// holds a suspended (or removed) patient's key can still hand out access to the patient's records.
/// Revocation and deletion by a suspended patient only take access away and are left alone here.
contract PatientSuspensionFindingTest is Fixture {
    bytes32 internal recordId;
    uint64 internal requestId;

    function setUp() public override {
        super.setUp();
        recordId = createRecord(1);
        requestId = requestAs(requester, recordId, 0);
    }

    function tryGrant() internal returns (bool ok) {
        vm.prank(patient);
        (ok,) = address(ledger)
            .call(
                abi.encodeCall(
                    IAccessLedger.grantAccess,
                    (
                        requestId,
                        uint64(block.timestamp),
                        uint64(block.timestamp + 1 days),
                        1,
                        REKEY_HASH,
                        REKEY_REF
                    )
                )
            );
    }

    function test_grantAccess_refusedForSuspendedPatient() public {
        suspend(patient);
        assertFalse(tryGrant(), "a suspended patient granted access");
    }

    function test_grantAccess_refusedForRemovedPatient() public {
        remove(patient);
        assertFalse(tryGrant(), "a removed patient granted access");
    }

    function test_changePolicy_refusedForSuspendedPatient() public {
        suspend(patient);
        vm.prank(patient);
        (bool ok,) = address(records)
            .call(
                abi.encodeCall(
                    IRecordRegistry.changePolicy, (recordId, keccak256("policy:anyone"), bytes("abe"))
                )
            );
        assertFalse(ok, "a suspended patient widened the CP-ABE policy");
    }
}
