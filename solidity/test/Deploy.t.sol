// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Deploy} from "../script/Deploy.s.sol";
import {Test} from "./lib/Test.sol";

/// @notice Runs the deployment script in-process and checks the wiring and the manifest it writes.
contract DeployScriptTest is Test {
    /// @dev Not the default manifest path, so running the tests never overwrites a real deployment's.
    string internal constant MANIFEST = "deploy/forge-manifest.test.json";

    function checkDeployment(Deploy.Deployment memory d, address expectedAdmin) internal view {
        assertEq(d.admin, expectedAdmin, "admin");
        assertEq(d.registry.admin(), expectedAdmin, "Registry.admin");
        assertEq(address(d.network.registry()), address(d.registry), "ProxyNetwork.registry");
        assertEq(address(d.records.registry()), address(d.registry), "RecordRegistry.registry");
        assertEq(address(d.index.registry()), address(d.registry), "KeywordIndex.registry");
        assertEq(address(d.ledger.registry()), address(d.registry), "AccessLedger.registry");
        assertEq(address(d.ledger.records()), address(d.records), "AccessLedger.records");
        assertEq(address(d.attributes.registry()), address(d.registry), "AttributeRegistry.registry");
        assertEq(address(d.issuer.registry()), address(d.registry), "KeyIssuer.registry");
        assertEq(address(d.issuer.attributes()), address(d.attributes), "KeyIssuer.attributes");

        string memory json = vm.readFile(MANIFEST);
        assertEq(vm.parseJsonUint(json, ".chainId"), block.chainid, "manifest chainId");
        assertEq(vm.parseJsonUint(json, ".deploymentBlock"), block.number, "manifest deploymentBlock");
        assertEq(vm.parseJsonAddress(json, ".admin"), expectedAdmin, "manifest admin");
        assertEq(vm.parseJsonAddress(json, ".contracts.Registry.address"), address(d.registry), "Registry");
        assertEq(
            vm.parseJsonAddress(json, ".contracts.ProxyNetwork.address"), address(d.network), "ProxyNetwork"
        );
        assertEq(
            vm.parseJsonAddress(json, ".contracts.RecordRegistry.address"),
            address(d.records),
            "RecordRegistry"
        );
        assertEq(
            vm.parseJsonAddress(json, ".contracts.KeywordIndex.address"), address(d.index), "KeywordIndex"
        );
        assertEq(
            vm.parseJsonAddress(json, ".contracts.AccessLedger.address"), address(d.ledger), "AccessLedger"
        );
        assertEq(
            vm.parseJsonAddress(json, ".contracts.AttributeRegistry.address"),
            address(d.attributes),
            "AttributeRegistry"
        );
        assertEq(vm.parseJsonAddress(json, ".contracts.KeyIssuer.address"), address(d.issuer), "KeyIssuer");
    }

    /// @dev The seven contracts sit at the broadcaster's CREATE addresses for consecutive nonces, in
    /// dependency order.
    function checkOrder(Deploy.Deployment memory d, address deployer) internal pure {
        uint256 nonce;
        while (nonce < 0x7a && createAddress(deployer, nonce) != address(d.registry)) {
            ++nonce;
        }
        assertEq(createAddress(deployer, nonce), address(d.registry), "Registry from the deployer");
        assertEq(createAddress(deployer, nonce + 1), address(d.network), "ProxyNetwork second");
        assertEq(createAddress(deployer, nonce + 2), address(d.records), "RecordRegistry third");
        assertEq(createAddress(deployer, nonce + 3), address(d.index), "KeywordIndex fourth");
        assertEq(createAddress(deployer, nonce + 4), address(d.ledger), "AccessLedger fifth");
        assertEq(createAddress(deployer, nonce + 5), address(d.attributes), "AttributeRegistry sixth");
        assertEq(createAddress(deployer, nonce + 6), address(d.issuer), "KeyIssuer seventh");
    }

    /// @dev keccak256(rlp([deployer, nonce]))[12:] for nonces below 0x80 (single-byte RLP), which is all
    /// a fresh test account needs.
    function createAddress(address deployer, uint256 nonce) internal pure returns (address) {
        bytes memory rlpNonce = nonce == 0 ? bytes(hex"80") : abi.encodePacked(uint8(nonce));
        return address(uint160(uint256(keccak256(abi.encodePacked(hex"d694", deployer, rlpNonce)))));
    }

    /// @dev One test for both configurations: the script reads the process environment, which
    /// tests running in parallel would otherwise share.
    function test_run_deploysInOrderWiresAndWritesManifest() public {
        vm.setEnv("EMRCHAIN_FORGE_MANIFEST", MANIFEST);

        Deploy script = new Deploy();
        Deploy.Deployment memory d = script.run();
        string memory json = vm.readFile(MANIFEST);
        address deployer = vm.parseJsonAddress(json, ".deployer");
        assertTrue(deployer != address(0), "deployer recorded");
        checkDeployment(d, deployer); // without EMRCHAIN_ADMIN the broadcaster administers
        checkOrder(d, deployer);

        (address admin,) = makeKey("deploy-admin");
        vm.setEnv("EMRCHAIN_ADMIN", vm.toString(admin));
        d = script.run();
        checkDeployment(d, admin);
        assertEq(vm.parseJsonAddress(vm.readFile(MANIFEST), ".deployer"), deployer, "same broadcaster");

        vm.removeFile(MANIFEST);
    }
}
