// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {ProxyFixture} from "../lib/ProxyFixture.sol";

/// @title ProxyNetworkGasBenchmarks
/// @notice Gas of each DKG step for a 2-of-3 committee, as whole transactions, written to the
/// snapshots directory (group "emrchain"). Benchmarks, not assertions.
/// @dev Isolated, like GasBenchmarks: each top-level call is its own transaction.
/// forge-config: default.isolate = true
/// forge-config: ci.isolate = true
contract ProxyNetworkGasBenchmarks is ProxyFixture {
    string internal constant GROUP = "emrchain";

    function test_gas_dkgRound() public {
        address[] memory m = firstProxies(3);
        vm.prank(admin);
        uint64 id = network.createCommittee(m, 2, PHASE);
        vm.snapshotGasLastCall(GROUP, "ProxyNetwork.createCommittee(2-of-3)");

        bytes memory key = pointFor("dkg", 0);
        vm.prank(m[0]);
        network.registerKey(id, key);
        vm.snapshotGasLastCall(GROUP, "ProxyNetwork.registerKey");
        for (uint256 i = 1; i < 3; ++i) {
            key = pointFor("dkg", i);
            vm.prank(m[i]);
            network.registerKey(id, key);
        }

        bytes memory commitments = points("c", 2);
        bytes memory shares = encryptedShares(1, 3);
        vm.prank(m[0]);
        network.deal(id, commitments, shares);
        vm.snapshotGasLastCall(GROUP, "ProxyNetwork.deal(2-of-3)");
        dealBy(id, 2);
        dealBy(id, 3);

        bytes memory shared = pointFor("shared", 0);
        bytes memory proof = abi.encodePacked(keccak256("c"), keccak256("s"));
        vm.prank(m[1]);
        network.complain(id, 1, shared, proof);
        vm.snapshotGasLastCall(GROUP, "ProxyNetwork.complain");

        vm.roll(network.committee(id).complaintDeadline + 1);
        bytes memory y = pointFor("committee key", 0);
        bytes32 h = keccak256(publicShares(3));
        vm.prank(m[0]);
        network.confirm(id, y, h);
        vm.snapshotGasLastCall(GROUP, "ProxyNetwork.confirm");
        vm.prank(m[1]);
        network.confirm(id, y, h);
        vm.snapshotGasLastCall(GROUP, "ProxyNetwork.confirm (activating)");
        assertTrue(network.committee(id).active, "active");
    }
}
