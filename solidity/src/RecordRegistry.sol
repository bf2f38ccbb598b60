// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.30;

import {IGuardianCheck} from "./interfaces/IGuardianCheck.sol";
import {IRecordRegistry} from "./interfaces/IRecordRegistry.sol";
import {IRegistry} from "./interfaces/IRegistry.sol";
import {SignatureRecovery} from "./libraries/SignatureRecovery.sol";

/// @title RecordRegistry
/// @notice Records and their linear version chains. Each version is signed by its writer
/// (`RecordVersion`, which names the writer) and approved by the patient (`PatientApproval`, which
/// adds the capsule and gate the patient's client built), both with EIP-712.
contract RecordRegistry is IRecordRegistry {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant VERSION_TYPEHASH = keccak256(
        "RecordVersion(bytes32 recordId,address patient,address provider,uint32 version,bytes32 contentHash,bytes encryptedLocation,bytes32 policyHash)"
    );
    /// @dev EIP-712 nesting: the referenced struct's type string follows the primary one, and the
    /// member is encoded as the referenced struct's hash.
    bytes32 internal constant APPROVAL_TYPEHASH = keccak256(
        "PatientApproval(RecordVersion version,bytes32 capsuleHash,bytes capsuleRef,bytes32 gateHash,bytes gateRef,uint64 committeeId,uint8 flags,bytes32 category)RecordVersion(bytes32 recordId,address patient,address provider,uint32 version,bytes32 contentHash,bytes encryptedLocation,bytes32 policyHash)"
    );
    bytes32 internal constant NAME_HASH = keccak256("emrchain RecordRegistry");
    /// @dev "3": version "2" lacked the category; "1" the provider, the capsule and the gate.
    bytes32 internal constant VERSION_HASH = keccak256("3");

    /// @dev Flag bit 0: the patient wrote this version and is its only signer.
    uint8 internal constant PATIENT_AUTHORED = 1;
    /// @dev Flag bit 1: the gate object carries the network capsule.
    uint8 internal constant NETWORK_CAPSULE = 2;
    /// @dev The Guardians contract's co-sign scope bit.
    uint8 internal constant SCOPE_COSIGN = 8;

    IRegistry public immutable registry;
    /// @dev The account that deployed this registry: the only one that may wire Guardians to it,
    /// once, as the next step of the same deployment.
    address internal immutable _deployer;
    uint256 internal immutable _cachedChainId;
    bytes32 internal immutable _cachedDomainSeparator;

    mapping(bytes32 recordId => Record) internal _records;
    mapping(bytes32 recordId => mapping(uint32 version => bytes32 head)) public versionHead;
    /// @notice The Guardians contract whose co-sign scope and erasure approvals count (zero: none).
    IGuardianCheck public guardians;
    /// @dev The guardian who signed the approval being written, from the signature check to the
    /// event (kept out of the stack, which the record calls fill).
    address private transient _cosigningGuardian;

    /// @param registry_ The participant registry.
    constructor(IRegistry registry_) {
        registry = registry_;
        _deployer = msg.sender;
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
    }

    /// @inheritdoc IRecordRegistry
    function createRecord(
        address patient,
        address provider,
        bytes32 salt,
        VersionInput calldata input,
        Approval calldata approval,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) external returns (bytes32 recordId) {
        if (!registry.isActive(patient, IRegistry.Role.Patient)) {
            revert PatientNotActive(patient);
        }
        recordId = recordIdFor(patient, provider, salt);
        Record storage r = _records[recordId];
        if (r.status != RecordStatus.None) revert RecordExists(recordId);
        _checkFields(input, approval);
        bytes32 approvalHash = _checkSignatures(
            versionHash(recordId, patient, provider, 1, input),
            patient,
            provider,
            approval,
            providerSignature,
            patientSignature
        );

        bytes32 head = keccak256(abi.encode(bytes32(0), approvalHash));
        r.patient = patient;
        r.version = 1;
        r.status = RecordStatus.Active;
        _write(r, provider, input, approval, head);
        versionHead[recordId][1] = head;
        emit RecordCreated(recordId, patient, provider, salt, head, input, approval);
        _noteCosigner(recordId, patient, 1);
    }

    /// @inheritdoc IRecordRegistry
    function updateRecord(
        bytes32 recordId,
        address provider,
        VersionInput calldata input,
        Approval calldata approval,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) external returns (uint32 version) {
        Record storage r = _activeRecord(recordId);
        address patient = r.patient;
        if (!registry.isActive(patient, IRegistry.Role.Patient)) revert PatientNotActive(patient);
        _checkFields(input, approval);
        version = r.version + 1;
        bytes32 approvalHash = _checkSignatures(
            versionHash(recordId, patient, provider, version, input),
            patient,
            provider,
            approval,
            providerSignature,
            patientSignature
        );
        _appendVersion(r, recordId, provider, version, input, approval, approvalHash);
    }

    /// @inheritdoc IRecordRegistry
    function rewrapKey(bytes32 recordId, bytes32 capsuleHash, bytes calldata capsuleRef) external {
        Record storage r = _activeRecord(recordId);
        _onlyActivePatient(r);
        if (capsuleHash == bytes32(0) || capsuleRef.length == 0) revert EmptyField();
        bytes32 previous = r.capsuleHash;
        uint32 generation = r.generation + 1;
        r.generation = generation;
        r.updatedAt = uint64(block.timestamp);
        r.capsuleHash = capsuleHash;
        r.capsuleRef = capsuleRef;
        emit KeyRewrapped(recordId, msg.sender, r.version, generation, previous, capsuleHash, capsuleRef);
    }

    /// @inheritdoc IRecordRegistry
    function changePolicy(
        bytes32 recordId,
        bytes32 policyHash,
        bytes32 gateHash,
        uint64 committeeId,
        bytes calldata gateRef
    ) external {
        Record storage r = _activeRecord(recordId);
        // A suspended patient's key may be the leaked one; it must not widen who can read.
        _onlyActivePatient(r);
        // The gate object also carries the network capsule when flag bit 1 is set; it stays.
        _checkGate(policyHash, r.flags & NETWORK_CAPSULE != 0, gateHash, committeeId, gateRef.length);
        bytes32 previous = r.policyHash;
        r.updatedAt = uint64(block.timestamp);
        r.committeeId = committeeId;
        r.policyHash = policyHash;
        r.gateHash = gateHash;
        r.gateRef = gateRef;
        emit PolicyChanged(
            recordId, msg.sender, r.version, previous, policyHash, gateHash, committeeId, gateRef
        );
    }

    /// @inheritdoc IRecordRegistry
    function deleteRecord(bytes32 recordId) external {
        Record storage r = _activeRecord(recordId);
        address patient = r.patient;
        IRegistry.Role role;
        if (msg.sender == patient) {
            role = IRegistry.Role.Patient;
        } else if (msg.sender == r.provider) {
            role = IRegistry.Role.Provider;
        } else {
            revert NotAuthorized(msg.sender);
        }
        // Deletion is final: a suspended or removed party's key may be the leaked one.
        if (!registry.isActive(msg.sender, role)) revert ActorNotActive(msg.sender);
        r.status = RecordStatus.Deleted;
        r.updatedAt = uint64(block.timestamp);
        // The references go: the objects are unpinned off chain and nothing on chain should keep
        // pointing readers at them. Hashes stay as the tombstone's evidence.
        delete r.encryptedLocation;
        delete r.capsuleRef;
        delete r.gateRef;
        emit RecordDeleted(recordId, patient, msg.sender, r.version);
    }

    /// @inheritdoc IRecordRegistry
    function eraseRecord(bytes32 recordId) external {
        Record storage r = _records[recordId];
        RecordStatus status = r.status;
        if (status == RecordStatus.None) revert UnknownRecord(recordId);
        if (status == RecordStatus.Erased) revert RecordIsErased(recordId);
        address patient = r.patient;
        bool byOrder;
        if (msg.sender == patient) {
            // Erasure is final: a suspended or removed patient's key may be the leaked one.
            if (!registry.isActive(patient, IRegistry.Role.Patient)) revert PatientNotActive(patient);
        } else if (msg.sender == registry.admin()) {
            IGuardianCheck g = guardians;
            if (address(g) == address(0) || !g.erasureApproved(recordId)) revert NotAuthorized(msg.sender);
            byOrder = true;
        } else {
            revert NotAuthorized(msg.sender);
        }
        r.status = RecordStatus.Erased;
        r.updatedAt = uint64(block.timestamp);
        // Only hashes stay as the evidence of what existed; nothing on chain points at an object.
        delete r.encryptedLocation;
        delete r.capsuleRef;
        delete r.gateRef;
        emit RecordErased(recordId, patient, msg.sender, r.version, byOrder);
    }

    /// @inheritdoc IRecordRegistry
    function setGuardians(address guardians_) external {
        if (msg.sender != _deployer) revert NotDeployer(msg.sender);
        if (address(guardians) != address(0)) revert GuardiansAlreadySet();
        if (guardians_ == address(0)) revert EmptyField();
        guardians = IGuardianCheck(guardians_);
        emit GuardiansSet(guardians_);
    }

    /// @inheritdoc IRecordRegistry
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
        )
    {
        Record storage r = _records[recordId];
        return (r.patient, r.version, r.status, r.flags, r.committeeId, r.gateHash, r.category);
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
    function keyState(bytes32 recordId)
        external
        view
        returns (address patient, uint32 version, uint32 generation, RecordStatus status)
    {
        Record storage r = _records[recordId];
        return (r.patient, r.version, r.generation, r.status);
    }

    /// @inheritdoc IRecordRegistry
    function gateState(bytes32 recordId)
        external
        view
        returns (address patient, uint32 version, RecordStatus status, bytes32 policyHash, uint64 committeeId)
    {
        Record storage r = _records[recordId];
        return (r.patient, r.version, r.status, r.policyHash, r.committeeId);
    }

    /// @inheritdoc IRecordRegistry
    function capsuleHashOf(bytes32 recordId) external view returns (bytes32) {
        return _records[recordId].capsuleHash;
    }

    /// @inheritdoc IRecordRegistry
    function recordIdFor(address patient, address provider, bytes32 salt) public pure returns (bytes32) {
        return keccak256(abi.encode(patient, provider, salt));
    }

    /// @inheritdoc IRecordRegistry
    function versionHash(
        bytes32 recordId,
        address patient,
        address provider,
        uint32 version,
        VersionInput calldata input
    ) public pure returns (bytes32) {
        return keccak256(
            abi.encode(
                VERSION_TYPEHASH,
                recordId,
                patient,
                provider,
                version,
                input.contentHash,
                keccak256(input.encryptedLocation),
                input.policyHash
            )
        );
    }

    /// @inheritdoc IRecordRegistry
    function versionDigest(
        bytes32 recordId,
        address patient,
        address provider,
        uint32 version,
        VersionInput calldata input
    ) external view returns (bytes32) {
        return _digest(versionHash(recordId, patient, provider, version, input));
    }

    /// @inheritdoc IRecordRegistry
    function approvalDigest(bytes32 versionStructHash, Approval calldata approval)
        external
        view
        returns (bytes32)
    {
        return _digest(_approvalHash(versionStructHash, approval));
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
        if (r.status == RecordStatus.Erased) revert RecordIsErased(recordId);
    }

    function _onlyActivePatient(Record storage r) private view {
        if (msg.sender != r.patient) revert NotAuthorized(msg.sender);
        if (!registry.isActive(msg.sender, IRegistry.Role.Patient)) revert PatientNotActive(msg.sender);
    }

    /// @dev The capsule may be missing (hash and ref both empty) only in a version a guardian
    /// co-signed; `_checkSignatures` enforces that once it knows the signer.
    function _checkFields(VersionInput calldata input, Approval calldata approval) private pure {
        if (
            input.contentHash == bytes32(0) || input.encryptedLocation.length == 0
                || (approval.capsuleHash == bytes32(0)) != (approval.capsuleRef.length == 0)
        ) revert EmptyField();
        if (approval.flags & ~(PATIENT_AUTHORED | NETWORK_CAPSULE) != 0) revert InvalidFlags(approval.flags);
        _checkGate(
            input.policyHash,
            approval.flags & NETWORK_CAPSULE != 0,
            approval.gateHash,
            approval.committeeId,
            approval.gateRef.length
        );
    }

    /// @dev A policy or a network capsule needs the gate object, and the gate the committee it is
    /// sealed to; without either there is no gate, so nothing on chain suggests a committee read
    /// could succeed.
    function _checkGate(
        bytes32 policyHash,
        bool networkCapsule,
        bytes32 gateHash,
        uint64 committeeId,
        uint256 gateRefLength
    ) private pure {
        bool gate = policyHash != bytes32(0) || networkCapsule;
        if ((gateHash != bytes32(0)) != gate || (committeeId != 0) != gate || (gateRefLength != 0) != gate) {
            revert InconsistentGate();
        }
    }

    /// @dev Returns the PatientApproval struct hash, which the version chain links. The approval
    /// is the patient's, or a guardian's holding the co-sign scope now (then the version must carry
    /// the network capsule, since only it lets anyone but the patient open the version).
    function _checkSignatures(
        bytes32 versionStructHash,
        address patient,
        address provider,
        Approval calldata approval,
        bytes calldata providerSignature,
        bytes calldata patientSignature
    ) private returns (bytes32 approvalHash) {
        bool patientAuthored = approval.flags & PATIENT_AUTHORED != 0;
        if (patientAuthored != (provider == patient)) revert InvalidFlags(approval.flags);
        if (patientAuthored) {
            if (providerSignature.length != 0) revert UnexpectedProviderSignature();
        } else {
            if (!registry.isActive(provider, IRegistry.Role.Provider)) revert ProviderNotActive(provider);
            if (SignatureRecovery.recover(_digest(versionStructHash), providerSignature) != provider) {
                revert InvalidProviderSignature();
            }
        }
        approvalHash = _approvalHash(versionStructHash, approval);
        address signer = SignatureRecovery.recover(_digest(approvalHash), patientSignature);
        if (signer == patient) {
            if (approval.capsuleHash == bytes32(0)) revert EmptyField();
            return approvalHash;
        }
        IGuardianCheck g = guardians;
        // A patient-authored version is the patient's own act: nobody signs it in her place.
        if (patientAuthored || address(g) == address(0) || !g.canAct(patient, signer, SCOPE_COSIGN)) {
            revert InvalidPatientSignature();
        }
        if (approval.flags & NETWORK_CAPSULE == 0) revert GuardianNeedsNetworkCapsule();
        _cosigningGuardian = signer;
    }

    /// @dev Emits the co-signing guardian noted by `_checkSignatures`, if any, and clears it.
    function _noteCosigner(bytes32 recordId, address patient, uint32 version) private {
        address guardian = _cosigningGuardian;
        if (guardian == address(0)) return;
        _cosigningGuardian = address(0);
        emit VersionCosignedByGuardian(recordId, patient, guardian, version);
    }

    function _approvalHash(bytes32 versionStructHash, Approval calldata approval)
        private
        pure
        returns (bytes32)
    {
        return keccak256(
            abi.encode(
                APPROVAL_TYPEHASH,
                versionStructHash,
                approval.capsuleHash,
                keccak256(approval.capsuleRef),
                approval.gateHash,
                keccak256(approval.gateRef),
                approval.committeeId,
                approval.flags,
                approval.category
            )
        );
    }

    function _digest(bytes32 structHash) private view returns (bytes32) {
        return keccak256(abi.encodePacked("\x19\x01", domainSeparator(), structHash));
    }

    /// @dev Split from updateRecord so the signatures are off the stack before the emit.
    function _appendVersion(
        Record storage r,
        bytes32 recordId,
        address provider,
        uint32 version,
        VersionInput calldata input,
        Approval calldata approval,
        bytes32 approvalHash
    ) private {
        bytes32 previousHead = r.head;
        bytes32 head = keccak256(abi.encode(previousHead, approvalHash));
        r.version = version;
        // A new version has a new per-version PRE key, so its capsule starts at generation 0.
        r.generation = 0;
        _write(r, provider, input, approval, head);
        versionHead[recordId][version] = head;
        emit RecordUpdated(recordId, r.patient, provider, version, previousHead, head, input, approval);
        _noteCosigner(recordId, r.patient, version);
    }

    function _write(
        Record storage r,
        address provider,
        VersionInput calldata input,
        Approval calldata approval,
        bytes32 head
    ) private {
        r.flags = approval.flags;
        r.provider = provider;
        r.updatedAt = uint64(block.timestamp);
        r.committeeId = approval.committeeId;
        r.contentHash = input.contentHash;
        r.policyHash = input.policyHash;
        r.capsuleHash = approval.capsuleHash;
        r.gateHash = approval.gateHash;
        r.head = head;
        r.encryptedLocation = input.encryptedLocation;
        r.capsuleRef = approval.capsuleRef;
        r.gateRef = approval.gateRef;
        r.category = approval.category;
    }

    function _buildDomainSeparator() private view returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, NAME_HASH, VERSION_HASH, block.chainid, address(this)));
    }
}
