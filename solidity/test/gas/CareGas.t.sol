// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ICareReads} from "../../src/interfaces/ICareReads.sol";
import {IGuardians} from "../../src/interfaces/IGuardians.sol";
import {IRecovery} from "../../src/interfaces/IRecovery.sol";
import {CareFixture} from "../lib/CareFixture.sol";

/// @title CareGasBenchmarks
/// @notice Gas of the care operations as whole transactions, written to the snapshots directory
/// (group "emrchain"). Benchmarks, not assertions.
/// @dev Isolated, like the other gas benchmarks: each top-level call is its own transaction, so the
/// figures include the 21,000 base, calldata, and cold accounts and slots.
/// forge-config: default.isolate = true
/// forge-config: ci.isolate = true
contract CareGasBenchmarks is CareFixture {
    string internal constant GROUP = "emrchain";

    /// @notice Break-glass: a session, a read through the committee and its 2-of-3 receipt.
    function test_gas_breakGlass() public {
        bytes32 recordId = careRecord(1, LAB);
        vm.snapshotGasLastCall(GROUP, "RecordRegistry.createRecord (network capsule, category)");
        vm.prank(er);
        uint64 s = emergency.openSession(patient, REASON, 4 hours);
        vm.snapshotGasLastCall(GROUP, "EmergencyAccess.openSession");
        uint64 id = readAs(er, ICareReads.Rule.Emergency, s, recordId);
        vm.snapshotGasLastCall(GROUP, "CareReads.requestRead (emergency)");
        commitShare(id, 1);
        vm.snapshotGasLastCall(GROUP, "CareReads.commit (emergency)");
        commitShare(id, 2);
        vm.snapshotGasLastCall(GROUP, "CareReads.commit (emergency, fulfilling)");
        (bytes memory f, bytes memory p,) = shareOf(id, 1, secretShare(1));
        vm.prank(proxies[0]);
        care.reveal(id, 1, f, p);
        vm.snapshotGasLastCall(GROUP, "CareReads.reveal");
        vm.prank(patient);
        emergency.closeSession(s);
        vm.snapshotGasLastCall(GROUP, "EmergencyAccess.closeSession");
    }

    /// @notice Standing consent: give, read a record of its category, revoke.
    function test_gas_consent() public {
        bytes32 recordId = careRecord(1, LAB);
        vm.prank(patient);
        uint64 c = consents.giveConsent(
            ORG_GP, bytes32(0), LAB, uint64(block.timestamp), uint64(block.timestamp + 365 days)
        );
        vm.snapshotGasLastCall(GROUP, "Consents.giveConsent");
        readAs(gp, ICareReads.Rule.Consent, c, recordId);
        vm.snapshotGasLastCall(GROUP, "CareReads.requestRead (consent)");
        vm.prank(patient);
        consents.revokeConsent(c);
        vm.snapshotGasLastCall(GROUP, "Consents.revokeConsent");
    }

    /// @notice Guardians: name two, threshold 2, a grant proposed and approved (executing), its read.
    function test_gas_guardians() public {
        bytes32 recordId = careRecord(1, LAB);
        addGuardian(parent, 31, 365 days);
        vm.snapshotGasLastCall(GROUP, "Guardians.setGuardian");
        addGuardian(aunt, 31, 365 days);
        vm.prank(patient);
        guardians.setThreshold(2);
        vm.prank(parent);
        uint64 p = guardians.propose(
            patient, IGuardians.Action.Grant, recordId, gp, uint64(block.timestamp + 7 days), 0
        );
        vm.snapshotGasLastCall(GROUP, "Guardians.propose (grant)");
        vm.prank(aunt);
        guardians.approve(p);
        vm.snapshotGasLastCall(GROUP, "Guardians.approve (executing a grant)");
        readAs(gp, ICareReads.Rule.Guardian, 1, recordId);
        vm.snapshotGasLastCall(GROUP, "CareReads.requestRead (guardian grant)");
    }

    /// @notice Recovery 2-of-3: configure, request, two releases (the second completes).
    function test_gas_recovery() public {
        address[] memory h = new address[](3);
        h[0] = parent;
        h[1] = aunt;
        h[2] = uncle;
        bytes memory commitments = fakePoints(2, "feldman");
        IRecovery.Backup memory b =
            IRecovery.Backup(keccak256("b"), keccak256("s"), "bafybackup", "bafyshares");
        vm.prank(patient);
        recovery.configure(2, h, 2 days, commitments, b);
        vm.snapshotGasLastCall(GROUP, "Recovery.configure (2-of-3)");
        vm.prank(parent);
        uint64 id = recovery.requestRecovery(patient, stranger, keccak256("new key"));
        vm.snapshotGasLastCall(GROUP, "Recovery.requestRecovery");
        vm.warp(block.timestamp + 2 days);
        bytes memory sealedShare = new bytes(81);
        vm.prank(parent);
        recovery.releaseShare(id, sealedShare);
        vm.snapshotGasLastCall(GROUP, "Recovery.releaseShare");
        vm.prank(aunt);
        recovery.releaseShare(id, sealedShare);
        vm.snapshotGasLastCall(GROUP, "Recovery.releaseShare (completing)");
    }

    /// @notice Erasure by the patient.
    function test_gas_erase() public {
        bytes32 recordId = careRecord(1, LAB);
        vm.prank(patient);
        records.eraseRecord(recordId);
        vm.snapshotGasLastCall(GROUP, "RecordRegistry.eraseRecord");
    }
}
