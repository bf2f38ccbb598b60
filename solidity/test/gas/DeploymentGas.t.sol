// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessLedger} from "../../src/AccessLedger.sol";
import {AttributeReads} from "../../src/AttributeReads.sol";
import {AttributeRegistry} from "../../src/AttributeRegistry.sol";
import {KeyIssuer} from "../../src/KeyIssuer.sol";
import {KeywordIndex} from "../../src/KeywordIndex.sol";
import {ProxyNetwork} from "../../src/ProxyNetwork.sol";
import {RecordRegistry} from "../../src/RecordRegistry.sol";
import {Registry} from "../../src/Registry.sol";
import {Test} from "../lib/Test.sol";

/// @title DeploymentGasBenchmarks
/// @notice The gas of deploying each contract as its own transaction, written to the snapshots
/// directory (group "emrchain") by `forge test` and `forge snapshot`. Benchmarks, not assertions.
/// @dev Not isolated: forge's isolation charges a CREATE's 32,000 base twice (once for the opcode in
/// the test's frame, once in the new transaction's intrinsic gas). Instead the CREATE is measured
/// in the test's frame (32,000 base, initcode, code deposit) and the transaction's 21,000 and
/// calldata are added. Against anvil's receipts for Deploy.s.sol this reads 1,400 to 4,500 gas
/// (under 0.2%) high: the test frame's memory for the initcode, which a real deployment does not pay.
contract DeploymentGasBenchmarks is Test {
    string internal constant GROUP = "emrchain";

    function calldataGas(bytes memory data) internal pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) {
            gas += data[i] == 0 ? 4 : 16;
        }
    }

    function record(string memory name, bytes memory initcode, uint256 createGas) internal {
        vm.snapshotValue(GROUP, string.concat("deploy ", name), 21_000 + calldataGas(initcode) + createGas);
    }

    function test_gas_deployments() public {
        (address admin,) = makeKey("admin");
        uint256 start = gasleft();
        Registry registry = new Registry(admin);
        uint256 used = start - gasleft();
        record("Registry", abi.encodePacked(type(Registry).creationCode, abi.encode(admin)), used);

        start = gasleft();
        RecordRegistry records = new RecordRegistry(registry);
        used = start - gasleft();
        record(
            "RecordRegistry", abi.encodePacked(type(RecordRegistry).creationCode, abi.encode(registry)), used
        );

        start = gasleft();
        ProxyNetwork network = new ProxyNetwork(registry);
        used = start - gasleft();
        record("ProxyNetwork", abi.encodePacked(type(ProxyNetwork).creationCode, abi.encode(registry)), used);

        start = gasleft();
        KeywordIndex index = new KeywordIndex(registry, network);
        used = start - gasleft();
        record(
            "KeywordIndex",
            abi.encodePacked(type(KeywordIndex).creationCode, abi.encode(registry, network)),
            used
        );

        start = gasleft();
        AccessLedger ledger = new AccessLedger(registry, records, network);
        used = start - gasleft();
        record(
            "AccessLedger",
            abi.encodePacked(type(AccessLedger).creationCode, abi.encode(registry, records, network)),
            used
        );

        start = gasleft();
        AttributeRegistry attributes = new AttributeRegistry(registry);
        used = start - gasleft();
        record(
            "AttributeRegistry",
            abi.encodePacked(type(AttributeRegistry).creationCode, abi.encode(registry)),
            used
        );

        start = gasleft();
        KeyIssuer issuer = new KeyIssuer(registry, attributes, 30 days);
        used = start - gasleft();
        record(
            "KeyIssuer",
            abi.encodePacked(type(KeyIssuer).creationCode, abi.encode(registry, attributes, uint64(30 days))),
            used
        );

        start = gasleft();
        AttributeReads reads = new AttributeReads(registry, records, attributes, network);
        used = start - gasleft();
        record(
            "AttributeReads",
            abi.encodePacked(
                type(AttributeReads).creationCode, abi.encode(registry, records, attributes, network)
            ),
            used
        );

        assertEq(address(network.registry()), address(registry), "ProxyNetwork wired");
        assertEq(address(index.proxyNetwork()), address(network), "KeywordIndex wired");
        assertEq(address(ledger.records()), address(records), "AccessLedger wired");
        assertEq(address(issuer.attributes()), address(attributes), "KeyIssuer wired");
        assertEq(address(reads.attributes()), address(attributes), "AttributeReads wired");
    }
}
