// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AttributeRegistry} from "../../src/AttributeRegistry.sol";
import {KeyIssuer} from "../../src/KeyIssuer.sol";
import {RecordRegistry} from "../../src/RecordRegistry.sol";
import {Registry} from "../../src/Registry.sol";
import {IRecordRegistry} from "../../src/interfaces/IRecordRegistry.sol";
import {IRegistry} from "../../src/interfaces/IRegistry.sol";
import {Test} from "./Test.sol";

/// @title Fixture
/// @notice A full emrchain deployment with one enrolled participant per role (and a second patient,
/// provider and requester), plus helpers for the multi-party flows: co-signed records and grants.
/// @dev Actors that sign EIP-712 messages get private keys; the others only need addresses.
abstract contract Fixture is Test {
    Registry internal registry;
    RecordRegistry internal records;
    AttributeRegistry internal attributes;
    KeyIssuer internal issuer;

    address internal admin;
    address internal registrar;
    address internal stranger;
    address internal patient;
    uint256 internal patientKey;
    address internal patient2;
    uint256 internal patient2Key;
    address internal provider;
    uint256 internal providerKey;
    address internal provider2;
    uint256 internal provider2Key;
    address internal requester;
    address internal requester2;
    address internal oracle;
    address internal authority;

    bytes32 internal constant ORG = keccak256("org:hospital-a");
    bytes32 internal constant TREATMENT = keccak256("treatment");
    /// @dev Registry's PRE public key length: `crypto/pre`'s version byte and two compressed points.
    uint256 internal constant PRE_KEY_LENGTH = 67;
    /// @dev A time far from zero so windows can start and end before and after `block.timestamp`.
    uint256 internal constant T0 = 1_700_000_000;
    /// @dev KeyIssuer's epoch length in these tests.
    uint64 internal constant EPOCH = 30 days;
    string internal constant NAMESPACE = "hospital-a";

    function setUp() public virtual {
        vm.warp(T0);
        admin = makeAddr("admin");
        registrar = makeAddr("registrar");
        stranger = makeAddr("stranger");
        (patient, patientKey) = makeKey("patient");
        (patient2, patient2Key) = makeKey("patient2");
        (provider, providerKey) = makeKey("provider");
        (provider2, provider2Key) = makeKey("provider2");
        requester = makeAddr("requester");
        requester2 = makeAddr("requester2");
        oracle = makeAddr("oracle");
        authority = makeAddr("authority");

        registry = new Registry(admin);
        records = new RecordRegistry(registry);
        attributes = new AttributeRegistry(registry);
        issuer = new KeyIssuer(registry, attributes, EPOCH);

        vm.prank(admin);
        registry.addRegistrar(registrar);
        enroll(patient, IRegistry.Role.Patient);
        enroll(patient2, IRegistry.Role.Patient);
        enroll(provider, IRegistry.Role.Provider);
        enroll(provider2, IRegistry.Role.Provider);
        enroll(requester, IRegistry.Role.Requester);
        enroll(requester2, IRegistry.Role.Requester);
        enroll(oracle, IRegistry.Role.Oracle);
        enroll(authority, IRegistry.Role.AttributeAuthority);
        vm.prank(admin);
        attributes.registerAuthority(authority, NAMESPACE);
    }

    function makeAddr(string memory name) internal returns (address account) {
        (account,) = makeKey(name);
    }

    function preKeyOf(address account) internal pure returns (bytes memory key) {
        key = new bytes(PRE_KEY_LENGTH);
        bytes32 seed = keccak256(abi.encode("pre", account));
        for (uint256 i; i < PRE_KEY_LENGTH; ++i) {
            key[i] = seed[i % 32];
        }
    }

    /// @notice Enrols `account` as a registrar would, or as the admin for the roles only the
    /// admin may enrol (oracles, proxies, attribute authorities).
    function enroll(address account, IRegistry.Role role) internal {
        vm.prank(adminOnly(role) ? admin : registrar);
        registry.enroll(
            account,
            role,
            role == IRegistry.Role.Patient ? bytes32(0) : ORG,
            keccak256(abi.encode("meta", account)),
            keccak256(abi.encode("x25519", account)),
            preKeyOf(account)
        );
    }

    function adminOnly(IRegistry.Role role) internal pure returns (bool) {
        return role == IRegistry.Role.Oracle || role == IRegistry.Role.Proxy
            || role == IRegistry.Role.AttributeAuthority;
    }

    function suspend(address account) internal {
        vm.prank(registrar);
        registry.suspend(account);
    }

    function reinstate(address account) internal {
        vm.prank(registrar);
        registry.reinstate(account);
    }

    function remove(address account) internal {
        vm.prank(registrar);
        registry.remove(account);
    }

    // ---------------------------------------------------------------- records

    /// @dev The committee a gated record's second key half is sealed to in these tests.
    uint64 internal constant COMMITTEE = 1;

    /// @notice A well-formed provider version derived from `salt`, with a policy.
    function inputFor(uint256 salt) internal pure returns (IRecordRegistry.VersionInput memory input) {
        input.contentHash = keccak256(abi.encode("content", salt));
        input.policyHash = keccak256(abi.encode("policy", salt));
        input.encryptedLocation = abi.encodePacked("ct*", salt);
    }

    /// @notice The patient's approval matching `input` (a gate exactly when it has a policy).
    function approvalFor(uint256 salt, IRecordRegistry.VersionInput memory input)
        internal
        pure
        returns (IRecordRegistry.Approval memory approval)
    {
        approval.capsuleHash = sha256(abi.encode("capsule", salt));
        approval.capsuleRef = abi.encodePacked("capsule", salt);
        if (input.policyHash != bytes32(0)) {
            approval.gateHash = sha256(abi.encode("gate", salt));
            approval.gateRef = abi.encodePacked("gate", salt);
            approval.committeeId = COMMITTEE;
        }
    }

    function saltFor(uint256 salt) internal pure returns (bytes32) {
        return keccak256(abi.encode("salt", salt));
    }

    /// @notice A 65-byte (r, s, v) signature in the layout SignatureRecovery expects.
    function sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @notice The provider's and the patient's signatures for version `version` of `recordId`.
    /// A patient-authored version (provider = patient) gets an empty provider signature.
    function cosign(
        uint256 patientKey_,
        uint256 providerKey_,
        bytes32 recordId,
        uint32 version,
        IRecordRegistry.VersionInput memory input,
        IRecordRegistry.Approval memory approval
    ) internal view returns (bytes memory providerSignature, bytes memory patientSignature) {
        address patient_ = vm.addr(patientKey_);
        address provider_ = vm.addr(providerKey_);
        bytes32 vh = records.versionHash(recordId, patient_, provider_, version, input);
        if (provider_ != patient_) {
            providerSignature =
                sign(providerKey_, records.versionDigest(recordId, patient_, provider_, version, input));
        }
        patientSignature = sign(patientKey_, records.approvalDigest(vh, approval));
    }

    function createRecordWith(
        uint256 patientKey_,
        uint256 providerKey_,
        bytes32 salt,
        IRecordRegistry.VersionInput memory input,
        IRecordRegistry.Approval memory approval
    ) internal returns (bytes32 recordId) {
        address patient_ = vm.addr(patientKey_);
        address provider_ = vm.addr(providerKey_);
        recordId = records.recordIdFor(patient_, provider_, salt);
        (bytes memory ps, bytes memory qs) = cosign(patientKey_, providerKey_, recordId, 1, input, approval);
        records.createRecord(patient_, provider_, salt, input, approval, ps, qs);
    }

    function createRecordAs(uint256 patientKey_, uint256 providerKey_, uint256 salt)
        internal
        returns (bytes32)
    {
        IRecordRegistry.VersionInput memory input = inputFor(salt);
        return createRecordWith(patientKey_, providerKey_, saltFor(salt), input, approvalFor(salt, input));
    }

    function createRecord(uint256 salt) internal returns (bytes32) {
        return createRecordAs(patientKey, providerKey, salt);
    }

    function keyOfPatient(address patient_) internal view returns (uint256) {
        return patient_ == patient ? patientKey : patient2Key;
    }

    function updateRecordWith(
        uint256 providerKey_,
        bytes32 recordId,
        IRecordRegistry.VersionInput memory input,
        IRecordRegistry.Approval memory approval
    ) internal returns (uint32) {
        (address patient_, uint32 version,) = records.recordState(recordId);
        (bytes memory ps, bytes memory qs) =
            cosign(keyOfPatient(patient_), providerKey_, recordId, version + 1, input, approval);
        return records.updateRecord(recordId, vm.addr(providerKey_), input, approval, ps, qs);
    }

    function updateRecordAs(uint256 providerKey_, bytes32 recordId, uint256 salt) internal returns (uint32) {
        IRecordRegistry.VersionInput memory input = inputFor(salt);
        return updateRecordWith(providerKey_, recordId, input, approvalFor(salt, input));
    }

    /// @notice The version-chain link RecordRegistry must store, computed independently.
    function link(
        bytes32 previousHead,
        bytes32 recordId,
        address patient_,
        address provider_,
        uint32 version,
        IRecordRegistry.VersionInput memory input,
        IRecordRegistry.Approval memory approval
    ) internal pure returns (bytes32) {
        bytes32 vh = keccak256(
            abi.encode(
                keccak256(
                    "RecordVersion(bytes32 recordId,address patient,address provider,uint32 version,bytes32 contentHash,bytes encryptedLocation,bytes32 policyHash)"
                ),
                recordId,
                patient_,
                provider_,
                version,
                input.contentHash,
                keccak256(input.encryptedLocation),
                input.policyHash
            )
        );
        bytes32 ah = keccak256(
            abi.encode(
                keccak256(
                    "PatientApproval(RecordVersion version,bytes32 capsuleHash,bytes capsuleRef,bytes32 gateHash,bytes gateRef,uint64 committeeId,uint8 flags,bytes32 category)RecordVersion(bytes32 recordId,address patient,address provider,uint32 version,bytes32 contentHash,bytes encryptedLocation,bytes32 policyHash)"
                ),
                vh,
                approval.capsuleHash,
                keccak256(approval.capsuleRef),
                approval.gateHash,
                keccak256(approval.gateRef),
                approval.committeeId,
                approval.flags,
                approval.category
            )
        );
        return keccak256(abi.encode(previousHead, ah));
    }

    function _popcount(uint256 x) internal pure returns (uint256 c) {
        while (x != 0) {
            x &= x - 1;
            ++c;
        }
    }
}
