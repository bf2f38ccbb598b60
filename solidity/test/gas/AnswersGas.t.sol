// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IThresholdAnswers} from "../../src/interfaces/IThresholdAnswers.sol";
import {AnswersFixture} from "../lib/AnswersFixture.sol";

/// @title AnswersGasBenchmarks
/// @notice Gas of the answer round's calls as whole transactions, through MockGate (whose hooks
/// read two slots for the terms and one for liveness; a real gate's checks add to these), written
/// to the snapshots directory (group "emrchain"). Benchmarks, not assertions.
/// @dev Isolated, like GasBenchmarks: each top-level call is its own transaction, so the figures
/// include the 21,000 base, calldata, and cold accounts and slots.
/// forge-config: default.isolate = true
/// forge-config: ci.isolate = true
contract AnswersGasBenchmarks is AnswersFixture {
    string internal constant GROUP = "emrchain";

    /// @notice A 2-of-3 round: two commits (the second fulfils), two reveals, and a fault report
    /// against the second member's invalid proof.
    function test_gas_answerRound() public {
        uint64 id = openAccess(2, 0x07);
        Answer memory a1 = answerFor(id, 1, 0);
        Answer memory a2 = answerFor(id, 2, 5);

        commitAs(id, 1, a1);
        uint256 round = vm.snapshotGasLastCall(GROUP, "ThresholdAnswers.commit");
        commitAs(id, 2, a2);
        round += vm.snapshotGasLastCall(GROUP, "ThresholdAnswers.commit (fulfilling)");
        revealAs(id, 1, a1);
        round += vm.snapshotGasLastCall(GROUP, "ThresholdAnswers.reveal");
        revealAs(id, 2, a2);
        round += vm.snapshotGasLastCall(GROUP, "ThresholdAnswers.reveal (second)");
        vm.snapshotValue(GROUP, "ThresholdAnswers round (2-of-3: 2 commits, 2 reveals)", round);

        vm.prank(requester);
        gate.reportFault(id, 2, a2.fragment, a2.proof, a2.witness, a2.statement);
        vm.snapshotGasLastCall(GROUP, "ThresholdAnswers.reportFault");
        assertEq(gate.answerState(id).faultMask, 2, "faulted");
    }

    /// @notice One member's commits to three accesses in one batch.
    function test_gas_commitMany() public {
        IThresholdAnswers.Commit[] memory items = new IThresholdAnswers.Commit[](3);
        for (uint256 i; i < 3; ++i) {
            uint64 id = openAccess(2, 0x07);
            items[i] =
                IThresholdAnswers.Commit(id, REQUEST, requester, 1, keccak256(abi.encode("fragment", i)));
        }
        vm.prank(node(1));
        gate.commitMany(items);
        uint256 used = vm.snapshotGasLastCall(GROUP, "ThresholdAnswers.commitMany(3)");
        vm.snapshotValue(GROUP, "ThresholdAnswers.commitMany(3) per commit", used / 3);
        assertEq(gate.answerState(items[2].accessId).commits, 1, "committed");
    }
}
