// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @title GasBenchmarks
/// @notice Gas of the operations the issue sets targets for, written to the snapshots directory
/// (group "emrchain") by `forge test` and `forge snapshot`. Benchmarks, not assertions.
/// @dev Isolated: every top-level call runs as its own transaction, so `snapshotGasLastCall` is
/// the whole transaction's gas (21,000 intrinsic, calldata, cold accounts and slots included), the
/// figure seed 001's Table 5 reports. Amortized values divide that by the batch size.
/// forge-config: default.isolate = true
/// forge-config: ci.isolate = true
contract GasBenchmarks is Fixture {
    string internal constant GROUP = "emrchain";
    uint256 internal constant BATCH = 20;
    bytes32 internal constant TOKEN = keccak256("token:hypertension");

    /// @dev Addresses with no zero bytes, like real ones, so calldata is priced realistically.
    function someRequesters(uint256 n) internal pure returns (address[] memory list) {
        list = new address[](n);
        for (uint256 i; i < n; ++i) {
            list[i] = address(
                uint160(uint256(keccak256(abi.encode("benchmark requester", i))))
                    | uint160(0x0101010101010101010101010101010101010101)
            );
        }
    }

    function someEntries(uint256 n) internal pure returns (bytes32[] memory labels, bytes32[] memory values) {
        labels = new bytes32[](n);
        values = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            labels[i] = keccak256(abi.encodePacked(TOKEN, i));
            values[i] = keccak256(abi.encode("masked entry", i));
        }
    }

    function test_gas_addRequester() public {
        address r = someRequesters(1)[0];
        vm.prank(patient);
        index.addRequester(r);
        vm.snapshotGasLastCall(GROUP, "KeywordIndex.addRequester");
    }

    function test_gas_addRequesters20() public {
        address[] memory list = someRequesters(BATCH);
        vm.prank(patient);
        index.addRequesters(list);
        uint256 gasUsed = vm.snapshotGasLastCall(GROUP, "KeywordIndex.addRequesters(20)");
        vm.snapshotValue(GROUP, "KeywordIndex.addRequesters(20) per requester", gasUsed / BATCH);
    }

    function test_gas_addEntries20() public {
        (bytes32[] memory labels, bytes32[] memory values) = someEntries(BATCH);
        vm.prank(patient);
        index.addEntries(labels, values);
        uint256 gasUsed = vm.snapshotGasLastCall(GROUP, "KeywordIndex.addEntries(20)");
        vm.snapshotValue(GROUP, "KeywordIndex.addEntries(20) per entry", gasUsed / BATCH);
    }

    function test_gas_search20() public {
        (bytes32[] memory labels, bytes32[] memory values) = someEntries(BATCH);
        vm.prank(patient);
        index.addEntries(labels, values);
        vm.prank(patient);
        index.addRequester(requester);
        vm.prank(requester);
        (bytes32[] memory found,) = index.search(patient, TOKEN, 0, BATCH);
        vm.snapshotGasLastCall(GROUP, "KeywordIndex.search(20 entries)");
        assertEq(found.length, BATCH, "search found every entry");
    }

    /// @dev One round of request → grant → get-access → fulfil; snapshots each step when `label`.
    function accessRound(bytes32 recordId, bool label) internal {
        vm.prank(requester);
        uint64 requestId = ledger.requestAccess(recordId, 0, TREATMENT);
        if (label) vm.snapshotGasLastCall(GROUP, "AccessLedger.requestAccess");

        vm.prank(patient);
        ledger.grantAccess(
            requestId, uint64(block.timestamp), uint64(block.timestamp + 1 days), 1, REKEY_HASH, REKEY_REF
        );
        if (label) vm.snapshotGasLastCall(GROUP, "AccessLedger.grantAccess");

        vm.prank(requester);
        uint64 accessId = ledger.getAccess(requestId);
        if (label) vm.snapshotGasLastCall(GROUP, "AccessLedger.getAccess");

        vm.prank(oracle);
        ledger.fulfil(
            accessId,
            keccak256("re-encrypted capsule"),
            "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy"
        );
        if (label) vm.snapshotGasLastCall(GROUP, "AccessLedger.fulfil");
    }

    /// @dev The second round is measured: the first pays once for the ledger's counters going from
    /// zero, which every later request and get-access does not.
    function test_gas_accessRound() public {
        bytes32 recordId = createRecord(1);
        accessRound(recordId, false);
        accessRound(recordId, true);
    }

    /// @dev A realistic input: CIDv1 strings for the references, an encrypted location of a CID's size.
    function realisticInput(uint256 salt) internal pure returns (IRecordRegistry.RecordInput memory input) {
        input.contentHash = sha256(abi.encode("sealed envelope", salt));
        input.policyHash = keccak256("role:physician and org:hospital-a");
        input.encryptedLocation =
            abi.encodePacked(keccak256(abi.encode("ct*", salt)), keccak256(abi.encode(salt)));
        input.wrappedKeyRef = "bafkreidgvpkjawlxz6sffxzwgooowe5yt7i6wsyg236mfoks77nywkptdq";
        input.abeKeyRef = "bafkreie5cvv4h45feaxqxfnzaonwopofwjonu5v5vfmtpl7ryquhqxsa4i";
    }

    function test_gas_createRecord() public {
        IRecordRegistry.RecordInput memory input = realisticInput(1);
        bytes32 id = records.recordIdFor(patient, provider, input.contentHash);
        bytes32 digest = records.versionDigest(id, patient, 1, input);
        bytes memory ps = sign(providerKey, digest);
        bytes memory qs = sign(patientKey, digest);
        records.createRecord(patient, provider, input, ps, qs);
        vm.snapshotGasLastCall(GROUP, "RecordRegistry.createRecord");
    }

    function test_gas_updateRecord() public {
        bytes32 id = createRecordAs(patientKey, providerKey, realisticInput(1));
        IRecordRegistry.RecordInput memory input = realisticInput(2);
        bytes32 digest = records.versionDigest(id, patient, 2, input);
        bytes memory ps = sign(providerKey, digest);
        bytes memory qs = sign(patientKey, digest);
        records.updateRecord(id, provider, input, ps, qs);
        vm.snapshotGasLastCall(GROUP, "RecordRegistry.updateRecord");
    }
}
