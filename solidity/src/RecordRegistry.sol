// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {SignatureRecovery} from "./libraries/SignatureRecovery.sol";

/// @title RecordRegistry
/// @notice Records and their linear version chains, each version co-signed by its provider and the
/// patient with EIP-712.
contract RecordRegistry is IRecordRegistry {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// @dev Every field a version stores is signed, so a relayer cannot swap the references.
    bytes32 internal constant VERSION_TYPEHASH = keccak256(
        "RecordVersion(bytes32 recordId,address patient,uint32 version,bytes32 contentHash,bytes32 policyHash,bytes encryptedLocation,bytes wrappedKeyRef,bytes abeKeyRef)"
    );
    bytes32 internal constant NAME_HASH = keccak256("emrchain RecordRegistry");
    bytes32 internal constant VERSION_HASH = keccak256("1");

    IRegistry public immutable registry;
    uint256 internal immutable _cachedChainId;
    bytes32 internal immutable _cachedDomainSeparator;

    mapping(bytes32 recordId => Record) internal _records;
    mapping(bytes32 recordId => mapping(uint32 version => bytes32 head)) public versionHead;

    /// @param registry_ The participant registry.
    constructor(IRegistry registry_) {
        registry = registry_;
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    /// @inheritdoc IRecordRegistry
    function createRecord(
        address patient,
        address provider,
        RecordInput calldata input,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) external returns (bytes32 recordId) {
        if (!registry.isActive(patient, IRegistry.Role.Patient)) {
            revert PatientNotActive(patient);
        }
        recordId = recordIdFor(patient, provider, input.contentHash);
        if (_records[recordId].status != RecordStatus.None) revert RecordExists(recordId);
        _checkInput(input);
        _checkSignatures(recordId, patient, provider, input, 1, providerSignature, patientSignature);

        bytes32 head = _link(bytes32(0), recordId, 1, provider, input);
        Record storage r = _records[recordId];
        r.patient = patient;
        r.version = 1;
        r.status = RecordStatus.Active;
        _write(r, provider, input, head);
        versionHead[recordId][1] = head;

        emit RecordCreated(recordId, patient, provider, head, input);
    }

    /// @inheritdoc IRecordRegistry
    function updateRecord(
        bytes32 recordId,
        address provider,
        RecordInput calldata input,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) external returns (uint32 version) {
        Record storage r = _activeRecord(recordId);
        address patient = r.patient;
        if (!registry.isActive(patient, IRegistry.Role.Patient)) revert PatientNotActive(patient);
        _checkInput(input);
        version = r.version + 1;
        _checkSignatures(recordId, patient, provider, input, version, providerSignature, patientSignature);

        _appendVersion(r, recordId, provider, input, version);
    }

    /// @inheritdoc IRecordRegistry
    function deleteRecord(bytes32 recordId) external {
        Record storage r = _activeRecord(recordId);
        if (msg.sender != r.patient && msg.sender != r.provider) revert NotAuthorized(msg.sender);
        r.status = RecordStatus.Deleted;
        r.updatedAt = uint64(block.timestamp);
        // The location and key references go: the content is unpinned off chain and nothing on
        // chain should keep pointing readers at it. Hashes stay as the tombstone's evidence.
        delete r.encryptedLocation;
        delete r.wrappedKeyRef;
        delete r.abeKeyRef;
        emit RecordDeleted(recordId, r.patient, msg.sender, r.version);
    }

    /// @inheritdoc IRecordRegistry
    function changePolicy(bytes32 recordId, bytes32 policyHash, bytes calldata abeKeyRef) external {
        Record storage r = _activeRecord(recordId);
        if (msg.sender != r.patient) revert NotAuthorized(msg.sender);
        // A suspended patient's key may be the leaked one; it must not widen who can read.
        if (!registry.isActive(msg.sender, IRegistry.Role.Patient)) revert PatientNotActive(msg.sender);
        if ((policyHash == bytes32(0)) != (abeKeyRef.length == 0)) revert EmptyField();
        bytes32 previous = r.policyHash;
        r.policyHash = policyHash;
        r.abeKeyRef = abeKeyRef;
        emit PolicyChanged(recordId, msg.sender, r.version, previous, policyHash, abeKeyRef);
    }

    /// @inheritdoc IRecordRegistry
    function record(bytes32 recordId) external view returns (Record memory) {
        return _records[recordId];
    }

    /// @inheritdoc IRecordRegistry
    function recordState(bytes32 recordId)
        external
        view
        returns (address patient, uint32 version, RecordStatus status)
    {
        Record storage r = _records[recordId];
        return (r.patient, r.version, r.status);
    }

    /// @inheritdoc IRecordRegistry
    function recordIdFor(address patient, address provider, bytes32 contentHash)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(patient, provider, contentHash));
    }

    /// @inheritdoc IRecordRegistry
    function versionDigest(bytes32 recordId, address patient, uint32 version, RecordInput calldata input)
        public
        view
        returns (bytes32)
    {
        bytes32 structHash = keccak256(
            abi.encode(
                VERSION_TYPEHASH,
                recordId,
                patient,
                version,
                input.contentHash,
                input.policyHash,
                keccak256(input.encryptedLocation),
                keccak256(input.wrappedKeyRef),
                keccak256(input.abeKeyRef)
            )
        );
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    /// @inheritdoc IRecordRegistry
    function domainSeparator() public view returns (bytes32) {
        // Recomputed after a chain split so signatures for one fork never verify on the other.
        return block.chainid == _cachedChainId ? _cachedDomainSeparator : _buildDomainSeparator();
    }

    function _activeRecord(bytes32 recordId) private view returns (Record storage r) {
        r = _records[recordId];
        if (r.status == RecordStatus.None) revert UnknownRecord(recordId);
        if (r.status == RecordStatus.Deleted) revert RecordTombstoned(recordId);
    }

    function _checkInput(RecordInput calldata input) private pure {
        if (
            input.contentHash == bytes32(0) || input.encryptedLocation.length == 0
                || input.wrappedKeyRef.length == 0
                || ((input.policyHash == bytes32(0)) != (input.abeKeyRef.length == 0))
        ) revert EmptyField();
    }

    function _checkSignatures(
        bytes32 recordId,
        address patient,
        address provider,
        RecordInput calldata input,
        uint32 version,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) private view {
        if (!registry.isActive(provider, IRegistry.Role.Provider)) {
            revert ProviderNotActive(provider);
        }
        bytes32 digest = versionDigest(recordId, patient, version, input);
        if (SignatureRecovery.recover(digest, providerSignature) != provider) {
            revert InvalidProviderSignature();
        }
        if (SignatureRecovery.recover(digest, patientSignature) != patient) revert InvalidPatientSignature();
    }

    function _link(
        bytes32 previousHead,
        bytes32 recordId,
        uint32 version,
        address provider,
        RecordInput calldata input
    ) private pure returns (bytes32) {
        return keccak256(
            abi.encode(
                previousHead,
                recordId,
                version,
                provider,
                input.contentHash,
                input.policyHash,
                keccak256(input.encryptedLocation),
                keccak256(input.wrappedKeyRef),
                keccak256(input.abeKeyRef)
            )
        );
    }

    /// @dev Split from updateRecord so the signatures are off the stack before the emit.
    function _appendVersion(
        Record storage r,
        bytes32 recordId,
        address provider,
        RecordInput calldata input,
        uint32 version
    ) private {
        bytes32 previousHead = r.head;
        bytes32 head = _link(previousHead, recordId, version, provider, input);
        r.version = version;
        _write(r, provider, input, head);
        versionHead[recordId][version] = head;
        emit RecordUpdated(recordId, r.patient, provider, version, previousHead, head, input);
    }

    function _write(Record storage r, address provider, RecordInput calldata input, bytes32 head) private {
        r.provider = provider;
        r.updatedAt = uint64(block.timestamp);
        r.contentHash = input.contentHash;
        r.policyHash = input.policyHash;
        r.head = head;
        r.encryptedLocation = input.encryptedLocation;
        r.wrappedKeyRef = input.wrappedKeyRef;
        r.abeKeyRef = input.abeKeyRef;
    }

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }
}
