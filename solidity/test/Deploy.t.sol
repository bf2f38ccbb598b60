// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {Deploy} from "../script/Deploy.s.sol";
import {Test} from "./lib/Test.sol";

/// @notice Runs the deployment script in-process and checks the wiring and the manifest it writes.
contract DeployScriptTest is Test {
    /// @dev Not the default manifest path, so running the tests never overwrites a real deployment's.
    string internal constant MANIFEST = "out/manifests/forge-manifest.test.json";

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
        assertEq(d.issuer.epochLength(), 30 days, "KeyIssuer.epochLength");
        assertEq(address(d.index.proxyNetwork()), address(d.network), "KeywordIndex.proxyNetwork");
        assertEq(address(d.ledger.proxyNetwork()), address(d.network), "AccessLedger.proxyNetwork");
        assertEq(address(d.reads.registry()), address(d.registry), "AttributeReads.registry");
        assertEq(address(d.reads.records()), address(d.records), "AttributeReads.records");
        assertEq(address(d.reads.attributes()), address(d.attributes), "AttributeReads.attributes");
        assertEq(address(d.reads.proxyNetwork()), address(d.network), "AttributeReads.proxyNetwork");
        assertEq(address(d.emergency.registry()), address(d.registry), "EmergencyAccess.registry");
        assertEq(address(d.guardians.registry()), address(d.registry), "Guardians.registry");
        assertEq(address(d.guardians.records()), address(d.records), "Guardians.records");
        assertEq(address(d.records.guardians()), address(d.guardians), "RecordRegistry.guardians");
        assertEq(address(d.consents.records()), address(d.records), "Consents.records");
        assertEq(address(d.consents.attributes()), address(d.attributes), "Consents.attributes");
        assertEq(address(d.care.records()), address(d.records), "CareReads.records");
        assertEq(address(d.care.proxyNetwork()), address(d.network), "CareReads.proxyNetwork");
        assertEq(address(d.care.emergency()), address(d.emergency), "CareReads.emergency");
        assertEq(address(d.care.guardians()), address(d.guardians), "CareReads.guardians");
        assertEq(address(d.care.consents()), address(d.consents), "CareReads.consents");
        assertEq(address(d.recovery.registry()), address(d.registry), "Recovery.registry");

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
        assertEq(
            vm.parseJsonAddress(json, ".contracts.AttributeReads.address"), address(d.reads), "AttributeReads"
        );
        assertEq(
            vm.parseJsonAddress(json, ".contracts.EmergencyAccess.address"),
            address(d.emergency),
            "EmergencyAccess"
        );
        assertEq(vm.parseJsonAddress(json, ".contracts.Guardians.address"), address(d.guardians), "Guardians");
        assertEq(vm.parseJsonAddress(json, ".contracts.Consents.address"), address(d.consents), "Consents");
        assertEq(vm.parseJsonAddress(json, ".contracts.CareReads.address"), address(d.care), "CareReads");
        assertEq(vm.parseJsonAddress(json, ".contracts.Recovery.address"), address(d.recovery), "Recovery");
    }

    /// @dev The thirteen contracts sit at the broadcaster's CREATE addresses for consecutive nonces, in
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
        assertEq(createAddress(deployer, nonce + 7), address(d.reads), "AttributeReads eighth");
        assertEq(createAddress(deployer, nonce + 8), address(d.emergency), "EmergencyAccess ninth");
        assertEq(createAddress(deployer, nonce + 9), address(d.guardians), "Guardians tenth");
        assertEq(createAddress(deployer, nonce + 10), address(d.consents), "Consents eleventh");
        assertEq(createAddress(deployer, nonce + 11), address(d.care), "CareReads twelfth");
        assertEq(createAddress(deployer, nonce + 12), address(d.recovery), "Recovery thirteenth");
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
