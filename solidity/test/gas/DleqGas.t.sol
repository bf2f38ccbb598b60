// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Dleq} from "../../src/libraries/Dleq.sol";
import {Test} from "../lib/Test.sol";
import {DleqHarness} from "../mocks/DleqHarness.sol";

/// @title DleqGasBenchmarks
/// @notice The gas of one DLEQ verification and one point decompression, measured around the
/// library call alone (no transaction or calldata), written to the snapshots directory (group
/// "emrchain"). Benchmarks, not assertions: the checks only make sure the right path ran.
contract DleqGasBenchmarks is Test {
    string internal constant GROUP = "emrchain";

    function test_gas_dleqVerify() public {
        string memory json = vm.readFile("crypto/dleq/testdata/vectors.json");
        Dleq.Point memory p = point(json, ".vectors[0].p");
        Dleq.Point memory h = point(json, ".vectors[0].h");
        Dleq.Point memory q = point(json, ".vectors[0].q");
        Dleq.Witness memory w = Dleq.Witness(point(json, ".vectors[0].u"), point(json, ".vectors[0].v"));
        Dleq.Proof memory proof = Dleq.Proof(
            uint256(vm.parseJsonBytes32(json, ".vectors[0].c")),
            uint256(vm.parseJsonBytes32(json, ".vectors[0].s"))
        );
        bytes32 context = vm.parseJsonBytes32(json, ".vectors[0].context");
        DleqHarness harness = new DleqHarness();
        (bool valid, uint256 gasUsed) = harness.verifyGas(p, h, q, context, proof, w);
        assertTrue(valid, "vector 0 is valid");
        vm.snapshotValue(GROUP, "Dleq.verify", gasUsed);

        bytes memory compressed = abi.encodePacked(q.y % 2 == 0 ? bytes1(0x02) : bytes1(0x03), q.x);
        vm.snapshotValue(GROUP, "Secp256k1.decompress", harness.decompressGas(compressed));
    }

    function point(string memory json, string memory key) internal pure returns (Dleq.Point memory pt) {
        (pt.x, pt.y) = abi.decode(vm.parseJsonBytes(json, key), (uint256, uint256));
    }
}
