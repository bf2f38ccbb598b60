// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IRecordRegistry
/// @notice Medical records and their versions (seed 000's record transaction and update, seed 001's
/// Data = {H(m), Sig}, seed 003's add/modify/delete/policy change). Only hashes, signatures and
/// encrypted locations go on chain; the sealed record lives on IPFS.
/// @dev `contentHash` is the SHA-256 of the sealed envelope, not of the plaintext: a hash of a
/// low-entropy plaintext could be confirmed by guessing. The provider's signature over the
/// plaintext travels inside the envelope.
interface IRecordRegistry {
    /// @notice Lifecycle of a record. `Deleted` is a tombstone: the history stays.
    enum RecordStatus {
        None,
        Active,
        Deleted
    }

    /// @notice The current version of a record.
    /// @param patient Whose record it is.
    /// @param provider Who wrote the current version.
    /// @param version Version number, 1 for the first.
    /// @param status Active or tombstoned.
    /// @param updatedAt Block timestamp of the current version (or the deletion).
    /// @param contentHash SHA-256 of the sealed envelope of the current version.
    /// @param policyHash Hash of the CP-ABE policy the data key is also wrapped under (zero: none).
    /// @param head Hash chain over all versions: keccak256(previous head, version fields).
    /// @param encryptedLocation Seed 001's CT*: the IPFS CID sealed under a key derived from the data key.
    /// @param wrappedKeyRef CID of the PRE capsule holding the data key for the patient.
    /// @param abeKeyRef CID of the CP-ABE ciphertext of the data key (empty: none).
    struct Record {
        address patient;
        address provider;
        uint32 version;
        RecordStatus status;
        uint64 updatedAt;
        bytes32 contentHash;
        bytes32 policyHash;
        bytes32 head;
        bytes encryptedLocation;
        bytes wrappedKeyRef;
        bytes abeKeyRef;
    }

    /// @notice What a provider submits for a new record or a new version.
    struct RecordInput {
        bytes32 contentHash;
        bytes32 policyHash;
        bytes encryptedLocation;
        bytes wrappedKeyRef;
        bytes abeKeyRef;
    }

    /// @notice The patient is not an active enrolled patient.
    error PatientNotActive(address patient);
    /// @notice The signing provider is not an active enrolled provider.
    error ProviderNotActive(address provider);
    /// @notice The provider's EIP-712 signature does not recover to `provider`.
    error InvalidProviderSignature();
    /// @notice The patient's EIP-712 signature does not recover to the patient.
    error InvalidPatientSignature();
    /// @notice A record with this id exists already.
    error RecordExists(bytes32 recordId);
    /// @notice No record has this id.
    error UnknownRecord(bytes32 recordId);
    /// @notice The record is tombstoned.
    error RecordTombstoned(bytes32 recordId);
    /// @notice The caller may not change this record.
    error NotAuthorized(address caller);
    /// @notice A required field is empty.
    error EmptyField();

    /// @notice A provider created a record that the patient co-signed.
    event RecordCreated(
        bytes32 indexed recordId,
        address indexed patient,
        address indexed provider,
        bytes32 head,
        RecordInput input
    );
    /// @notice A new version was linked to the previous one; grants on older versions stop working.
    event RecordUpdated(
        bytes32 indexed recordId,
        address indexed patient,
        address indexed provider,
        uint32 version,
        bytes32 previousHead,
        bytes32 head,
        RecordInput input
    );
    /// @notice A record was tombstoned by its patient or its author.
    event RecordDeleted(
        bytes32 indexed recordId, address indexed patient, address indexed actor, uint32 version
    );
    /// @notice The patient changed the CP-ABE policy the data key is wrapped under.
    event PolicyChanged(
        bytes32 indexed recordId,
        address indexed patient,
        uint32 version,
        bytes32 previousPolicyHash,
        bytes32 policyHash,
        bytes abeKeyRef
    );

    /// @notice Creates a record for `patient`, written by `provider` and co-signed by both.
    /// @dev Anyone may submit (a relayer, the provider or the patient); the signatures carry the
    /// consent. The record id is keccak256(abi.encode(patient, provider, input.contentHash)), so a
    /// pair of signatures cannot be replayed into a second record.
    /// @param patient The patient the record is about.
    /// @param provider The provider who wrote it.
    /// @param input Hashes and references of the sealed record.
    /// @param providerSignature EIP-712 signature by `provider` over RecordVersion for version 1 and
    /// every field of `input` (see `versionDigest`).
    /// @param patientSignature EIP-712 signature by `patient` over the same struct.
    /// @return recordId The new record's id.
    function createRecord(
        address patient,
        address provider,
        RecordInput calldata input,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) external returns (bytes32 recordId);

    /// @notice Adds version n+1 of a record, co-signed by the writing provider and the patient.
    /// @param recordId The record to update.
    /// @param provider The provider who wrote the new version (any active provider).
    /// @param input Hashes and references of the new sealed version.
    /// @param providerSignature EIP-712 signature by `provider` over RecordVersion for version n+1
    /// and every field of `input`.
    /// @param patientSignature EIP-712 signature by the patient over the same struct.
    /// @return version The new version number.
    function updateRecord(
        bytes32 recordId,
        address provider,
        RecordInput calldata input,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) external returns (uint32 version);

    /// @notice Tombstones a record. Callable by its patient or by the provider of its current version.
    /// @param recordId The record to delete.
    function deleteRecord(bytes32 recordId) external;

    /// @notice Re-wraps the data key under a new CP-ABE policy. Active patient only; the version is unchanged.
    /// @param recordId The record.
    /// @param policyHash keccak256 of the new policy text (zero removes attribute-based access).
    /// @param abeKeyRef CID of the data key wrapped under the new policy (empty with a zero hash).
    function changePolicy(bytes32 recordId, bytes32 policyHash, bytes calldata abeKeyRef) external;

    /// @notice The current version of a record.
    /// @param recordId The record.
    function record(bytes32 recordId) external view returns (Record memory);

    /// @notice The hash-chain head after `version` was written (zero if it does not exist).
    /// @param recordId The record.
    /// @param version The version number.
    function versionHead(bytes32 recordId, uint32 version) external view returns (bytes32);

    /// @notice The patient, current version and status of a record, for cheap checks by other contracts.
    /// @param recordId The record (all zero if unknown).
    function recordState(bytes32 recordId)
        external
        view
        returns (address patient, uint32 version, RecordStatus status);

    /// @notice The id a new record of (patient, provider, contentHash) will get.
    function recordIdFor(address patient, address provider, bytes32 contentHash)
        external
        pure
        returns (bytes32);

    /// @notice The EIP-712 digest both parties sign for a version: RecordVersion(bytes32 recordId,
    /// address patient, uint32 version, bytes32 contentHash, bytes32 policyHash, bytes
    /// encryptedLocation, bytes wrappedKeyRef, bytes abeKeyRef). Every stored field is covered, so
    /// whoever relays the signatures cannot substitute references of their own.
    /// @param recordId The record.
    /// @param patient The patient.
    /// @param version The version being created.
    /// @param input The hashes and references being stored.
    function versionDigest(bytes32 recordId, address patient, uint32 version, RecordInput calldata input)
        external
        view
        returns (bytes32);

    /// @notice The EIP-712 domain separator of this deployment.
    function domainSeparator() external view returns (bytes32);
}
