// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

/// @title IRecordRegistry
/// @notice Medical records and their versions (seed 000's record transaction and update, seed 001's
/// Data = {H(m), Sig}, seed 003's add/modify/delete/policy change). Only hashes, signatures and
/// references go on chain; the sealed record, its key capsule and its gate object live on IPFS.
/// @dev Who makes what (docs/trust.md): the provider seals the record and signs `RecordVersion`
/// (content, encrypted location, proposed policy, and itself as the provider); the patient's client
/// builds the key capsule (to the record version's own PRE key) and, when there is a policy, the
/// gate object, then signs `PatientApproval` over the provider's struct. Anyone may submit both
/// signatures. A patient-authored record is signed by the patient alone (provider = patient, flag
/// bit 0). `contentHash` is the SHA-256 of the sealed envelope, never of the plaintext.
///
/// Care beyond the grant (docs/trust.md, "the network capsule"): flag bit 1 says the version's gate
/// object carries the network capsule (the data key encrypted to the committee's DKG key), which
/// break-glass, guardian grants and standing consents release; `category` is the record's category
/// code (for example keccak256("laboratory")), co-signed, which standing consents match. A guardian
/// holding the co-sign scope may sign the PatientApproval in the patient's place; such a version
/// must carry the network capsule and may have no patient capsule (nobody but the patient holds
/// the seed) until the patient adds one with `rewrapKey`. `eraseRecord` erases a record for good.
interface IRecordRegistry {
    /// @notice Lifecycle of a record. `Deleted` is a tombstone: the history stays. `Erased`: the
    /// patient (or the admin on a court order her guardians approved) erased it; only hashes and
    /// the fact stay, and every gate refuses it.
    enum RecordStatus {
        None,
        Active,
        Deleted,
        Erased
    }

    /// @notice The current version of a record.
    /// @param patient Whose record it is.
    /// @param version Version number, 1 for the first.
    /// @param generation Key generation of the current version's capsule: 0 when written, bumped by
    /// every `rewrapKey`. Grants bind to it, so a rotation ends them.
    /// @param status Active or tombstoned.
    /// @param flags Flag bits of the current version (bit 0: patient-authored; bit 1: the gate
    /// object carries the network capsule).
    /// @param provider Who wrote the current version (the patient for a patient-authored one).
    /// @param updatedAt Block timestamp of the last change.
    /// @param committeeId The proxy committee whose DKG key the gate's second key half is sealed to
    /// (zero without a policy).
    /// @param contentHash SHA-256 of the sealed envelope of the current version.
    /// @param policyHash keccak256 of the policy program (zero: no attribute-based access).
    /// @param capsuleHash SHA-256 of the capsule object: the data key wrapped to this version's own
    /// PRE key, with that key and its generation.
    /// @param gateHash SHA-256 of the gate object (zero without a policy).
    /// @param head Hash chain over all versions: keccak256(previous head, PatientApproval struct hash).
    /// @param encryptedLocation Seed 001's CT*: the IPFS CID sealed under a key derived from the data key.
    /// @param capsuleRef CID of the capsule object.
    /// @param gateRef CID of the gate object (empty without a policy).
    /// @param category The record's category code as co-signed with the current version (zero: none).
    struct Record {
        address patient;
        uint32 version;
        uint32 generation;
        RecordStatus status;
        uint8 flags;
        address provider;
        uint64 updatedAt;
        uint64 committeeId;
        bytes32 contentHash;
        bytes32 policyHash;
        bytes32 capsuleHash;
        bytes32 gateHash;
        bytes32 head;
        bytes encryptedLocation;
        bytes capsuleRef;
        bytes gateRef;
        bytes32 category;
    }

    /// @notice What the provider signs for a version, besides the record id, parties and number.
    /// @param contentHash SHA-256 of the sealed envelope.
    /// @param policyHash keccak256 of the proposed policy program (zero: none).
    /// @param encryptedLocation CT*: the envelope's CID sealed under the data key.
    struct VersionInput {
        bytes32 contentHash;
        bytes32 policyHash;
        bytes encryptedLocation;
    }

    /// @notice What the patient's client built and the patient signs over the provider's version.
    /// @param capsuleHash SHA-256 of the capsule object (zero, with an empty ref, only in a version
    /// a guardian co-signed).
    /// @param gateHash SHA-256 of the gate object; zero exactly when the version has neither a
    /// policy nor a network capsule.
    /// @param committeeId The committee the gate is sealed to; zero exactly when there is no gate.
    /// @param flags Bit 0: patient-authored (set exactly when provider = patient). Bit 1: the gate
    /// object carries the network capsule. No other bit is defined.
    /// @param capsuleRef CID of the capsule object.
    /// @param gateRef CID of the gate object; empty exactly when there is no gate.
    /// @param category The record's category code (zero: none), which standing consents match.
    struct Approval {
        bytes32 capsuleHash;
        bytes32 gateHash;
        uint64 committeeId;
        uint8 flags;
        bytes capsuleRef;
        bytes gateRef;
        bytes32 category;
    }

    /// @notice The patient is not an active enrolled patient.
    error PatientNotActive(address patient);
    /// @notice The signing provider is not an active enrolled provider.
    error ProviderNotActive(address provider);
    /// @notice The provider's EIP-712 signature does not recover to `provider`.
    error InvalidProviderSignature();
    /// @notice The patient's EIP-712 signature does not recover to the patient.
    error InvalidPatientSignature();
    /// @notice A patient-authored version carries a provider signature: the patient's is the only one.
    error UnexpectedProviderSignature();
    /// @notice The flags are undefined, or bit 0 (patient-authored) disagrees with provider = patient.
    error InvalidFlags(uint8 flags);
    /// @notice A record with this id exists already.
    error RecordExists(bytes32 recordId);
    /// @notice No record has this id.
    error UnknownRecord(bytes32 recordId);
    /// @notice The record is tombstoned.
    error RecordTombstoned(bytes32 recordId);
    /// @notice The caller may not change this record.
    error NotAuthorized(address caller);
    /// @notice The caller is a party to the record but suspended or removed.
    error ActorNotActive(address actor);
    /// @notice A required field is empty.
    error EmptyField();
    /// @notice The policy, network-capsule flag, gate and committee fields disagree: a gate (with
    /// its committee and ref) exactly when there is a policy or a network capsule.
    error InconsistentGate();
    /// @notice The record is erased: nothing may change it or read it any more.
    error RecordIsErased(bytes32 recordId);
    /// @notice A version signed by a guardian must carry the network capsule.
    error GuardianNeedsNetworkCapsule();
    /// @notice The Guardians contract is already set.
    error GuardiansAlreadySet();
    /// @notice The caller is not the account that deployed this registry.
    error NotDeployer(address caller);

    /// @notice A record was created: version 1, signed by its provider and approved by the patient.
    /// @param salt The provider's random salt the record id was derived from.
    /// @param head Hash-chain head after version 1.
    /// @param input What the provider signed.
    /// @param approval What the patient signed over it.
    event RecordCreated(
        bytes32 indexed recordId,
        address indexed patient,
        address indexed provider,
        bytes32 salt,
        bytes32 head,
        VersionInput input,
        Approval approval
    );
    /// @notice A new version was linked to the previous one; grants on older versions stop working.
    /// @param input What the provider signed.
    /// @param approval What the patient signed over it.
    event RecordUpdated(
        bytes32 indexed recordId,
        address indexed patient,
        address indexed provider,
        uint32 version,
        bytes32 previousHead,
        bytes32 head,
        VersionInput input,
        Approval approval
    );
    /// @notice A record was tombstoned by its patient or the provider of its current version.
    event RecordDeleted(
        bytes32 indexed recordId, address indexed patient, address indexed actor, uint32 version
    );
    /// @notice The patient re-wrapped the current version's data key (key rotation): a new capsule at
    /// the same version and a new key generation; grants made for the old capsule stop working.
    /// @param generation The new key generation.
    /// @param previousCapsuleHash The capsule hash before.
    /// @param capsuleHash SHA-256 of the new capsule object.
    /// @param capsuleRef CID of the new capsule object.
    event KeyRewrapped(
        bytes32 indexed recordId,
        address indexed patient,
        uint32 version,
        uint32 generation,
        bytes32 previousCapsuleHash,
        bytes32 capsuleHash,
        bytes capsuleRef
    );
    /// @notice The patient changed the record's policy by re-wrapping only its gate object; reads in
    /// flight under the old policy stop being answered.
    /// @param gateHash SHA-256 of the new gate object (zero: no attribute-based access).
    /// @param committeeId The committee the new gate is sealed to (zero without a gate).
    /// @param gateRef CID of the new gate object (empty without a gate).
    event PolicyChanged(
        bytes32 indexed recordId,
        address indexed patient,
        uint32 version,
        bytes32 previousPolicyHash,
        bytes32 policyHash,
        bytes32 gateHash,
        uint64 committeeId,
        bytes gateRef
    );

    /// @notice A record was erased for good: every version's content, capsules, gate objects, re-key
    /// bundles and index entries are to be unpinned, committee nodes delete their shares for its
    /// grants, and every gate refuses it from this block. Hashes and this fact stay on chain.
    /// @param actor The patient, or the admin executing a court order.
    /// @param version The version current at erasure (all versions 1 … version are erased).
    /// @param byOrder True when the admin erased it on an order the patient's guardians approved.
    event RecordErased(
        bytes32 indexed recordId, address indexed patient, address indexed actor, uint32 version, bool byOrder
    );
    /// @notice A guardian signed a version's PatientApproval in the patient's place.
    event VersionCosignedByGuardian(
        bytes32 indexed recordId, address indexed patient, address indexed guardian, uint32 version
    );
    /// @notice The Guardians contract whose co-sign scope and erasure approvals count was wired in.
    event GuardiansSet(address indexed guardians);

    /// @notice Creates a record for `patient`, written by `provider` and approved by the patient.
    /// @dev Anyone may submit; the signatures carry the consent. The record id is
    /// keccak256(abi.encode(patient, provider, salt)), so it is known before the content exists and
    /// one pair of signatures makes at most one record. For a patient-authored record pass
    /// provider = patient, flag bit 0 and an empty provider signature.
    /// @param patient The patient the record is about.
    /// @param provider The provider who wrote it, or the patient for a patient-authored record.
    /// @param salt The provider's random 32-byte salt.
    /// @param input What the provider signed.
    /// @param approval What the patient signed.
    /// @param providerSignature EIP-712 signature by `provider` over RecordVersion (see `versionDigest`).
    /// @param patientSignature EIP-712 signature by `patient` over PatientApproval (see `approvalDigest`).
    /// @return recordId The new record's id.
    function createRecord(
        address patient,
        address provider,
        bytes32 salt,
        VersionInput calldata input,
        Approval calldata approval,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) external returns (bytes32 recordId);

    /// @notice Adds version n+1 of a record, signed by its writer and approved by the patient.
    /// @param recordId The record to update.
    /// @param provider Who wrote the new version: any active provider, or the patient (patient-authored).
    /// @param input What the provider signed.
    /// @param approval What the patient signed.
    /// @param providerSignature EIP-712 signature by `provider` over RecordVersion for version n+1
    /// (empty for a patient-authored version).
    /// @param patientSignature EIP-712 signature by the patient over PatientApproval.
    /// @return version The new version number.
    function updateRecord(
        bytes32 recordId,
        address provider,
        VersionInput calldata input,
        Approval calldata approval,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) external returns (uint32 version);

    /// @notice Replaces the current version's capsule with one under a new key generation (rotation).
    /// Active patient only; the version is unchanged, the generation goes up by one.
    /// @param recordId The record.
    /// @param capsuleHash SHA-256 of the new capsule object.
    /// @param capsuleRef CID of the new capsule object.
    function rewrapKey(bytes32 recordId, bytes32 capsuleHash, bytes calldata capsuleRef) external;

    /// @notice Changes the record's policy by replacing only its gate object. Active patient only.
    /// @param recordId The record.
    /// @param policyHash keccak256 of the new policy program (zero removes attribute-based access).
    /// @param gateHash SHA-256 of the new gate object (zero exactly with a zero policy).
    /// @param committeeId The committee the new gate is sealed to (zero exactly with a zero policy).
    /// @param gateRef CID of the new gate object (empty exactly with a zero policy).
    function changePolicy(
        bytes32 recordId,
        bytes32 policyHash,
        bytes32 gateHash,
        uint64 committeeId,
        bytes calldata gateRef
    ) external;

    /// @notice Tombstones a record. Its patient or the provider of its current version, while active.
    /// @param recordId The record to delete.
    function deleteRecord(bytes32 recordId) external;

    /// @notice Erases a record for good (versions 1 … current): its references go, only hashes and
    /// the fact stay, and every gate refuses it afterwards. Its active patient, or the registry's
    /// admin when the patient's guardians approved the erasure (`IGuardians.erasureApproved`, a
    /// court order). Works on active and deleted records.
    /// @param recordId The record.
    function eraseRecord(bytes32 recordId) external;

    /// @notice Sets, once, the Guardians contract whose co-sign scope and erasure approvals this
    /// registry honours. Only the account that deployed this registry, as a step of the deployment
    /// (Guardians needs this registry's address first).
    /// @param guardians_ The Guardians contract.
    function setGuardians(address guardians_) external;

    /// @notice What the network-capsule gates bind to and re-check, in two storage reads.
    /// @param recordId The record (all zero if unknown).
    /// @return patient Whose record it is.
    /// @return version The current version.
    /// @return status The record's status.
    /// @return flags The current version's flags (bit 1: network capsule).
    /// @return committeeId The committee the gate object is sealed to.
    /// @return gateHash SHA-256 of the current gate object.
    /// @return category The record's category code.
    function careState(bytes32 recordId)
        external
        view
        returns (
            address patient,
            uint32 version,
            RecordStatus status,
            uint8 flags,
            uint64 committeeId,
            bytes32 gateHash,
            bytes32 category
        );

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

    /// @notice What a grant binds to and re-checks: patient, version, key generation and status, in
    /// one storage read.
    /// @param recordId The record (all zero if unknown).
    function keyState(bytes32 recordId)
        external
        view
        returns (address patient, uint32 version, uint32 generation, RecordStatus status);

    /// @notice What an attribute read binds to and re-checks.
    /// @param recordId The record (all zero if unknown).
    function gateState(bytes32 recordId)
        external
        view
        returns (address patient, uint32 version, RecordStatus status, bytes32 policyHash, uint64 committeeId);

    /// @notice SHA-256 of the current capsule object, against which fault reports check a capsule.
    /// @param recordId The record.
    function capsuleHashOf(bytes32 recordId) external view returns (bytes32);

    /// @notice The id a new record of (patient, provider, salt) gets: keccak256(abi.encode(patient, provider, salt)).
    function recordIdFor(address patient, address provider, bytes32 salt) external pure returns (bytes32);

    /// @notice The EIP-712 struct hash of RecordVersion(bytes32 recordId, address patient, address
    /// provider, uint32 version, bytes32 contentHash, bytes encryptedLocation, bytes32 policyHash).
    function versionHash(
        bytes32 recordId,
        address patient,
        address provider,
        uint32 version,
        VersionInput calldata input
    ) external pure returns (bytes32);

    /// @notice The EIP-712 digest the provider signs: RecordVersion under this contract's domain.
    /// The provider is in the struct, so nobody else can submit the version as its author.
    function versionDigest(
        bytes32 recordId,
        address patient,
        address provider,
        uint32 version,
        VersionInput calldata input
    ) external view returns (bytes32);

    /// @notice The EIP-712 digest the patient (or a co-signing guardian) signs: PatientApproval(
    /// RecordVersion version, bytes32 capsuleHash, bytes capsuleRef, bytes32 gateHash, bytes gateRef,
    /// uint64 committeeId, uint8 flags, bytes32 category), with the provider's struct nested by its hash.
    /// @param versionStructHash `versionHash(...)` of the version being approved.
    /// @param approval What the patient approves.
    function approvalDigest(bytes32 versionStructHash, Approval calldata approval)
        external
        view
        returns (bytes32);

    /// @notice The EIP-712 domain separator of this deployment.
    function domainSeparator() external view returns (bytes32);
}
