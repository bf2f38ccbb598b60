// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {Fixture} from "../lib/Fixture.sol";

/// @notice Signatures from arbitrary keys, corrupted and random signatures, record inputs and
/// version chains of arbitrary length.
contract RecordRegistryFuzzTest is Fixture {
    function keyFrom(uint256 seed) internal pure returns (uint256) {
        return bound(seed, 1, SECP256K1_N - 1);
    }

    function testFuzz_createRecord_anyKeyPair(uint256 patientSeed, uint256 providerSeed, uint256 salt)
        public
    {
        uint256 pk = keyFrom(patientSeed);
        uint256 dk = keyFrom(providerSeed);
        address p = vm.addr(pk);
        address d = vm.addr(dk);
        vm.assume(
            p != d && registry.participant(p).enrolledAt == 0 && registry.participant(d).enrolledAt == 0
        );
        enroll(p, IRegistry.Role.Patient);
        enroll(d, IRegistry.Role.Provider);

        IRecordRegistry.RecordInput memory input = inputFor(salt);
        bytes32 id = createRecordAs(pk, dk, input);
        assertEq(records.versionHead(id, 1), link(bytes32(0), id, 1, d, input), "head");
        assertEq(records.record(id).patient, p, "patient");
    }

    function testFuzz_createRecord_corruptedProviderSignature(uint256 position, uint8 mask) public {
        vm.assume(mask != 0);
        position = bound(position, 0, 64);
        IRecordRegistry.RecordInput memory input = inputFor(3);
        bytes32 id = records.recordIdFor(patient, provider, input.contentHash);
        bytes32 digest = records.versionDigest(id, patient, 1, input);
        bytes memory signature = sign(providerKey, digest);
        uint8 v = uint8(signature[64]);
        signature[position] = bytes1(uint8(signature[position]) ^ mask);

        // The one corruption that stays valid: v rewritten from {27, 28} to {0, 1}.
        bool stillValid = position == 64 && uint8(signature[64]) == v - 27;
        if (!stillValid) vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.createRecord(patient, provider, input, signature, sign(patientKey, digest));
    }

    function testFuzz_createRecord_randomSignatureBytes(bytes calldata providerSignature) public {
        IRecordRegistry.RecordInput memory input = inputFor(4);
        bytes32 id = records.recordIdFor(patient, provider, input.contentHash);
        bytes32 digest = records.versionDigest(id, patient, 1, input);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.createRecord(patient, provider, input, providerSignature, sign(patientKey, digest));
    }

    function testFuzz_createRecord_highSTwinAlwaysRejected(uint256 salt) public {
        IRecordRegistry.RecordInput memory input = inputFor(salt);
        bytes32 id = records.recordIdFor(patient, provider, input.contentHash);
        bytes32 digest = records.versionDigest(id, patient, 1, input);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(patientKey, digest);
        bytes memory twin =
            abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
        vm.expectRevert(IRecordRegistry.InvalidPatientSignature.selector);
        records.createRecord(patient, provider, input, sign(providerKey, digest), twin);
        records.createRecord(patient, provider, input, sign(providerKey, digest), abi.encodePacked(r, s, v));
    }

    function testFuzz_createRecord_signatureForAnotherChain(uint64 otherChain) public {
        vm.assume(otherChain != block.chainid);
        IRecordRegistry.RecordInput memory input = inputFor(5);
        bytes32 id = records.recordIdFor(patient, provider, input.contentHash);
        uint256 home = block.chainid;
        vm.chainId(otherChain);
        bytes32 foreign = records.versionDigest(id, patient, 1, input);
        vm.chainId(home);
        vm.expectRevert(IRecordRegistry.InvalidProviderSignature.selector);
        records.createRecord(patient, provider, input, sign(providerKey, foreign), sign(patientKey, foreign));
    }

    function testFuzz_createRecord_inputRules(
        bytes32 contentHash,
        bytes32 policyHash,
        bytes calldata location,
        bytes calldata capsule,
        bytes calldata abeKeyRef
    ) public {
        IRecordRegistry.RecordInput memory input = IRecordRegistry.RecordInput({
            contentHash: contentHash,
            policyHash: policyHash,
            encryptedLocation: location,
            wrappedKeyRef: capsule,
            abeKeyRef: abeKeyRef
        });
        bool valid = contentHash != bytes32(0) && location.length != 0 && capsule.length != 0
            && (policyHash == bytes32(0)) == (abeKeyRef.length == 0);
        bytes32 id = records.recordIdFor(patient, provider, contentHash);
        bytes32 digest = records.versionDigest(id, patient, 1, input);
        if (!valid) vm.expectRevert(IRecordRegistry.EmptyField.selector);
        records.createRecord(patient, provider, input, sign(providerKey, digest), sign(patientKey, digest));
        if (valid) {
            IRecordRegistry.Record memory r = records.record(id);
            assertEq(r.encryptedLocation, location, "location");
            assertEq(r.wrappedKeyRef, capsule, "capsule");
            assertEq(r.abeKeyRef, abeKeyRef, "abe ref");
            assertEq(r.head, link(bytes32(0), id, 1, provider, input), "head");
        }
    }

    /// @dev Up to twelve updates by alternating providers; every stored head must recompute from its
    /// predecessor and the version's own fields, and nothing may exist past the last version.
    function testFuzz_versionChain_isLinear(uint256 updates, uint256 salt) public {
        updates = bound(updates, 0, 12);
        IRecordRegistry.RecordInput[] memory inputs = new IRecordRegistry.RecordInput[](updates + 1);
        address[] memory authors = new address[](updates + 1);
        inputs[0] = inputFor(salt);
        authors[0] = provider;
        bytes32 id = createRecordAs(patientKey, providerKey, inputs[0]);
        for (uint256 i = 1; i <= updates; ++i) {
            inputs[i] = inputFor(uint256(keccak256(abi.encode(salt, i))));
            uint256 key = i % 2 == 0 ? providerKey : provider2Key;
            authors[i] = vm.addr(key);
            assertEq(updateRecordAs(key, id, inputs[i]), i + 1, "version number");
        }
        bytes32 head;
        for (uint256 v = 1; v <= updates + 1; ++v) {
            head = link(head, id, uint32(v), authors[v - 1], inputs[v - 1]);
            assertEq(records.versionHead(id, uint32(v)), head, "versionHead");
        }
        assertEq(records.versionHead(id, uint32(updates + 2)), bytes32(0), "nothing past the last version");
        assertEq(records.record(id).head, head, "current head");
        assertEq(records.record(id).version, updates + 1, "current version");
    }
}
