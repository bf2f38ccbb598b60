// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {AccessLedger} from "../../src/AccessLedger.sol";
import {AttributeRegistry} from "../../src/AttributeRegistry.sol";
import {KeyIssuer} from "../../src/KeyIssuer.sol";
import {KeywordIndex} from "../../src/KeywordIndex.sol";
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
    KeywordIndex internal index;
    AccessLedger internal ledger;
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
    bytes32 internal constant REKEY_HASH = keccak256("rekey");
    bytes internal constant REKEY_REF = "bafyrekey";
    /// @dev Registry's PRE public key length: `crypto/pre`'s version byte and two compressed points.
    uint256 internal constant PRE_KEY_LENGTH = 67;
    /// @dev A time far from zero so windows can start and end before and after `block.timestamp`.
    uint256 internal constant T0 = 1_700_000_000;

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
        index = new KeywordIndex(registry);
        ledger = new AccessLedger(registry, records);
        attributes = new AttributeRegistry(registry);
        issuer = new KeyIssuer(registry, attributes);

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

    /// @notice A well-formed record input derived from `salt`, with a CP-ABE policy attached.
    function inputFor(uint256 salt) internal pure returns (IRecordRegistry.RecordInput memory input) {
        input.contentHash = keccak256(abi.encode("content", salt));
        input.policyHash = keccak256(abi.encode("policy", salt));
        input.encryptedLocation = abi.encodePacked("ct*", salt);
        input.wrappedKeyRef = abi.encodePacked("capsule", salt);
        input.abeKeyRef = abi.encodePacked("abe", salt);
    }

    /// @notice A 65-byte (r, s, v) signature in the layout SignatureRecovery expects.
    function sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function createRecordAs(
        uint256 patientKey_,
        uint256 providerKey_,
        IRecordRegistry.RecordInput memory input
    ) internal returns (bytes32 recordId) {
        address patient_ = vm.addr(patientKey_);
        address provider_ = vm.addr(providerKey_);
        recordId = records.recordIdFor(patient_, provider_, input.contentHash);
        bytes32 digest = records.versionDigest(recordId, patient_, 1, input);
        records.createRecord(
            patient_, provider_, input, sign(providerKey_, digest), sign(patientKey_, digest)
        );
    }

    function createRecord(uint256 salt) internal returns (bytes32) {
        return createRecordAs(patientKey, providerKey, inputFor(salt));
    }

    function updateRecordAs(uint256 providerKey_, bytes32 recordId, IRecordRegistry.RecordInput memory input)
        internal
        returns (uint32)
    {
        (address patient_, uint32 version,) = records.recordState(recordId);
        uint256 patientKey_ = patient_ == patient ? patientKey : patient2Key;
        bytes32 digest = records.versionDigest(recordId, patient_, version + 1, input);
        return records.updateRecord(
            recordId, vm.addr(providerKey_), input, sign(providerKey_, digest), sign(patientKey_, digest)
        );
    }

    /// @notice The version-chain link RecordRegistry must store, computed independently.
    function link(
        bytes32 previousHead,
        bytes32 recordId,
        uint32 version,
        address provider_,
        IRecordRegistry.RecordInput memory input
    ) internal pure returns (bytes32) {
        return keccak256(
            abi.encode(
                previousHead,
                recordId,
                version,
                provider_,
                input.contentHash,
                input.policyHash,
                keccak256(input.encryptedLocation),
                keccak256(input.wrappedKeyRef),
                keccak256(input.abeKeyRef)
            )
        );
    }

    // ----------------------------------------------------------------- access

    function requestAs(address requester_, bytes32 recordId, uint8 operation) internal returns (uint64) {
        vm.prank(requester_);
        return ledger.requestAccess(recordId, operation, TREATMENT);
    }

    /// @notice Grants `requestId` from now for `duration` seconds, allowing exactly the requested operation.
    function grant(uint64 requestId, uint256 duration) internal {
        address patient_ = ledger.request(requestId).patient;
        uint8 operation = ledger.request(requestId).operation;
        vm.prank(patient_);
        ledger.grantAccess(
            requestId,
            uint64(block.timestamp),
            uint64(block.timestamp + duration),
            uint8(1) << operation,
            REKEY_HASH,
            REKEY_REF
        );
    }

    /// @notice A record, a read request by `requester` and a one-day grant for it.
    function grantedRequest() internal returns (bytes32 recordId, uint64 requestId) {
        recordId = createRecord(1);
        requestId = requestAs(requester, recordId, 0);
        grant(requestId, 1 days);
    }

    /// @notice `grantedRequest` plus one pending get-access call.
    function pendingAccess() internal returns (bytes32 recordId, uint64 requestId, uint64 accessId) {
        (recordId, requestId) = grantedRequest();
        vm.prank(requester);
        accessId = ledger.getAccess(requestId);
    }
}
