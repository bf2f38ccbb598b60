// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

// Deploys every emrchain contract in dependency order and writes their addresses to
// out/manifests/<chain id>.json (override with EMRCHAIN_FORGE_MANIFEST, a path under
// ./out/manifests), the layout of an emrchain data directory's manifests: copy it to
// ~/.emrchain/manifests/ and `emrchain deploy` verifies it. Nothing is written into the source
// tree: broadcast logs go to cache/broadcast (foundry.toml).
//
// Against a local anvil (from the repository root):
//   node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil --host 127.0.0.1 --port 0
//     (prints "Listening on 127.0.0.1:PORT")
//   node_modules/.bin/forge script solidity/script/Deploy.s.sol --rpc-url http://127.0.0.1:PORT \
//     --broadcast --slow --private-key 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
// (anvil's well-known dev key #0; never use it on a public network). The registry's admin is the
// broadcasting account unless EMRCHAIN_ADMIN names another.

import {AccessLedger} from "../src/AccessLedger.sol";
import {AttributeReads} from "../src/AttributeReads.sol";
import {AttributeRegistry} from "../src/AttributeRegistry.sol";
import {CareReads} from "../src/CareReads.sol";
import {Consents} from "../src/Consents.sol";
import {EmergencyAccess} from "../src/EmergencyAccess.sol";
import {Guardians} from "../src/Guardians.sol";
import {KeyIssuer} from "../src/KeyIssuer.sol";
import {KeywordIndex} from "../src/KeywordIndex.sol";
import {ProxyNetwork} from "../src/ProxyNetwork.sol";
import {RecordRegistry} from "../src/RecordRegistry.sol";
import {Recovery} from "../src/Recovery.sol";
import {Registry} from "../src/Registry.sol";
import {ICareRule} from "../src/interfaces/ICareRule.sol";
import {Vm} from "../test/lib/Vm.sol";

/// @dev The one cheatcode the script needs beyond the shared Vm interface, declared here so the
/// test contracts (and the fuzzer's view of them) stay as they are.
interface VmDirs {
    function createDir(string calldata path, bool recursive) external;
}

/// @title Deploy
/// @notice Forge script deploying Registry → ProxyNetwork → RecordRegistry → KeywordIndex →
/// AccessLedger → AttributeRegistry → KeyIssuer → AttributeReads → EmergencyAccess → Guardians →
/// Consents → CareReads → Recovery, each wired to the ones before it, then RecordRegistry wired to
/// Guardians (`setGuardians`, by the same broadcaster).
contract Deploy {
    /// @dev Forge's cheatcode address; scripts have no forge-std here either.
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    string internal constant MANIFEST_DIR = "out/manifests/";
    /// @dev The attribute-key epoch, as the Go deployer sets it (deploy.KeyEpochLength).
    uint64 internal constant KEY_EPOCH_LENGTH = 30 days;

    struct Deployment {
        address admin;
        Registry registry;
        ProxyNetwork network;
        RecordRegistry records;
        KeywordIndex index;
        AccessLedger ledger;
        AttributeRegistry attributes;
        KeyIssuer issuer;
        AttributeReads reads;
        EmergencyAccess emergency;
        Guardians guardians;
        Consents consents;
        CareReads care;
        Recovery recovery;
    }

    function run() external returns (Deployment memory d) {
        vm.startBroadcast();
        (, address broadcaster,) = vm.readCallers();
        d.admin = vm.envOr("EMRCHAIN_ADMIN", broadcaster);
        d.registry = new Registry(d.admin);
        d.network = new ProxyNetwork(d.registry);
        d.records = new RecordRegistry(d.registry);
        d.index = new KeywordIndex(d.registry, d.network);
        d.ledger = new AccessLedger(d.registry, d.records, d.network);
        d.attributes = new AttributeRegistry(d.registry);
        d.issuer = new KeyIssuer(d.registry, d.attributes, KEY_EPOCH_LENGTH);
        d.reads = new AttributeReads(d.registry, d.records, d.attributes, d.network);
        d.emergency = new EmergencyAccess(d.registry);
        d.guardians = new Guardians(d.registry, d.records);
        d.consents = new Consents(d.registry, d.records, d.attributes);
        d.care = new CareReads(
            d.registry,
            d.records,
            d.network,
            ICareRule(address(d.emergency)),
            ICareRule(address(d.guardians)),
            ICareRule(address(d.consents))
        );
        d.recovery = new Recovery(d.registry);
        d.records.setGuardians(address(d.guardians));
        vm.stopBroadcast();

        VmDirs(address(vm)).createDir(MANIFEST_DIR, true);
        string memory byChain = string.concat(MANIFEST_DIR, vm.toString(block.chainid), ".json");
        writeManifest(d, broadcaster, vm.envOr("EMRCHAIN_FORGE_MANIFEST", byChain));
    }

    /// @dev The same shape as the Go deployer's manifest (deploy.Manifest), so `deploy.ReadManifest`
    /// and `deploy.Verify` accept it; transaction hashes and gas are not known inside a script and
    /// are left out. `deploymentBlock` is the block the script ran against: no contract is older.
    function writeManifest(Deployment memory d, address deployer, string memory path) internal {
        string memory contracts = "contracts";
        entry(contracts, "Registry", address(d.registry));
        entry(contracts, "ProxyNetwork", address(d.network));
        entry(contracts, "RecordRegistry", address(d.records));
        entry(contracts, "KeywordIndex", address(d.index));
        entry(contracts, "AccessLedger", address(d.ledger));
        entry(contracts, "AttributeRegistry", address(d.attributes));
        entry(contracts, "KeyIssuer", address(d.issuer));
        entry(contracts, "AttributeReads", address(d.reads));
        entry(contracts, "EmergencyAccess", address(d.emergency));
        entry(contracts, "Guardians", address(d.guardians));
        entry(contracts, "Consents", address(d.consents));
        entry(contracts, "CareReads", address(d.care));
        string memory contractsJson = entry(contracts, "Recovery", address(d.recovery));

        string memory root = "manifest";
        vm.serializeUint(root, "chainId", block.chainid);
        vm.serializeAddress(root, "deployer", deployer);
        vm.serializeAddress(root, "admin", d.admin);
        vm.serializeUint(root, "deploymentBlock", block.number);
        vm.writeJson(vm.serializeString(root, "contracts", contractsJson), path);
    }

    function entry(string memory object, string memory name, address at) internal returns (string memory) {
        return vm.serializeString(object, name, vm.serializeAddress(name, "address", at));
    }
}
