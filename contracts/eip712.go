package contracts

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
)

// The EIP-712 type strings RecordRegistry signs under; PatientApproval nests RecordVersion, so
// its type string is followed by the referenced one, as EIP-712 encodeType requires.
const (
	RecordVersionType   = "RecordVersion(bytes32 recordId,address patient,address provider,uint32 version,bytes32 contentHash,bytes encryptedLocation,bytes32 policyHash)"
	PatientApprovalType = "PatientApproval(RecordVersion version,bytes32 capsuleHash,bytes capsuleRef,bytes32 gateHash,bytes gateRef,uint64 committeeId,uint8 flags,bytes32 category)" + RecordVersionType
)

// FlagPatientAuthored is bit 0 of a version's flags: the patient wrote it and is its only signer.
const FlagPatientAuthored uint8 = 1

// FlagNetworkCapsule is bit 1 of a version's flags: its gate object carries the network capsule
// (the data key encrypted to the committee key), which break-glass, guardian grants and standing
// consents release through CareReads.
const FlagNetworkCapsule uint8 = 2

var (
	domainTypeHash   = crypto.Keccak256Hash([]byte("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"))
	versionTypeHash  = crypto.Keccak256Hash([]byte(RecordVersionType))
	approvalTypeHash = crypto.Keccak256Hash([]byte(PatientApprovalType))
	domainNameHash   = crypto.Keccak256Hash([]byte("emrchain RecordRegistry"))
	// Version "3": version "2" did not sign the category, and "1" neither the provider nor the
	// capsule and gate.
	domainVerHash = crypto.Keccak256Hash([]byte("3"))
)

// RecordID is the id RecordRegistry gives a new record: keccak256(abi.encode(patient, provider,
// salt)), with a random salt the provider draws before sealing, so the id is known before the
// content exists. A patient-authored record has provider = patient.
func RecordID(patient, provider common.Address, salt [32]byte) [32]byte {
	return crypto.Keccak256Hash(word(patient), word(provider), salt[:])
}

// DomainSeparator is RecordRegistry's EIP-712 domain separator on chainID at registry.
func DomainSeparator(chainID *big.Int, registry common.Address) [32]byte {
	return crypto.Keccak256Hash(
		domainTypeHash[:], domainNameHash[:], domainVerHash[:],
		math.U256Bytes(new(big.Int).Set(chainID)),
		word(registry),
	)
}

// VersionHash is the EIP-712 struct hash of the provider's RecordVersion; it names the provider,
// so nobody else can submit the version as its author. Matches RecordRegistry.versionHash.
func VersionHash(recordID [32]byte, patient, provider common.Address, version uint32, in bindings.IRecordRegistryVersionInput) [32]byte {
	return crypto.Keccak256Hash(
		versionTypeHash[:], recordID[:], word(patient), word(provider), uintWord(uint64(version)),
		in.ContentHash[:], crypto.Keccak256(in.EncryptedLocation), in.PolicyHash[:],
	)
}

// ApprovalHash is the EIP-712 struct hash of the patient's PatientApproval over a version.
func ApprovalHash(versionHash [32]byte, a bindings.IRecordRegistryApproval) [32]byte {
	return crypto.Keccak256Hash(
		approvalTypeHash[:], versionHash[:], a.CapsuleHash[:], crypto.Keccak256(a.CapsuleRef),
		a.GateHash[:], crypto.Keccak256(a.GateRef), uintWord(a.CommitteeId), uintWord(uint64(a.Flags)),
		a.Category[:],
	)
}

// VersionDigest is the EIP-712 digest the provider signs for a version; it matches
// RecordRegistry.versionDigest, so keys never need to talk to a node to sign.
func VersionDigest(chainID *big.Int, registry common.Address, recordID [32]byte, patient, provider common.Address, version uint32, in bindings.IRecordRegistryVersionInput) [32]byte {
	return Digest(chainID, registry, VersionHash(recordID, patient, provider, version, in))
}

// ApprovalDigest is the EIP-712 digest the patient signs: PatientApproval over the provider's
// version. Matches RecordRegistry.approvalDigest.
func ApprovalDigest(chainID *big.Int, registry common.Address, versionHash [32]byte, a bindings.IRecordRegistryApproval) [32]byte {
	return Digest(chainID, registry, ApprovalHash(versionHash, a))
}

// Digest is keccak256("\x19\x01" ‖ domain separator ‖ structHash).
func Digest(chainID *big.Int, registry common.Address, structHash [32]byte) [32]byte {
	domain := DomainSeparator(chainID, registry)
	return crypto.Keccak256Hash([]byte("\x19\x01"), domain[:], structHash[:])
}

// VersionHead is the version-chain link RecordRegistry stores after a version:
// keccak256(abi.encode(previousHead, approvalHash)).
func VersionHead(previousHead, approvalHash [32]byte) [32]byte {
	return crypto.Keccak256Hash(previousHead[:], approvalHash[:])
}

// Grant is what a grant's commitment binds, beside the share commitments' bytes.
type Grant struct {
	BundleHash  [32]byte
	Requester   common.Address
	RecordID    [32]byte
	Version     uint32
	CapsuleHash [32]byte // SHA-256 of the capsule object current when granted
	CommitteeID uint64
	Threshold   uint8
	MemberMask  uint16 // bit i-1 for committee member i
}

// GrantCommitment is the value AccessLedger stores for a grant:
// keccak256(abi.encode(bundleHash, keccak256(commitments), requester, recordId, version,
// capsuleHash, committeeId, threshold, memberMask)). A fault report's capsule and share
// commitments are checked against it. Matches AccessLedger.grantCommitment.
func GrantCommitment(g Grant, commitments []byte) [32]byte {
	return crypto.Keccak256Hash(
		g.BundleHash[:], crypto.Keccak256(commitments), word(g.Requester), g.RecordID[:],
		uintWord(uint64(g.Version)), g.CapsuleHash[:], uintWord(g.CommitteeID),
		uintWord(uint64(g.Threshold)), uintWord(uint64(g.MemberMask)),
	)
}

// IndexKeyCommitment is the value KeywordIndex stores for a patient's index key of one epoch:
// keccak256(abi.encode(bundleHash, keccak256(commitments), patient, epoch, committeeId,
// threshold, memberMask)). Matches KeywordIndex.indexKeyCommitment.
func IndexKeyCommitment(bundleHash [32]byte, commitments []byte, patient common.Address, epoch uint32, committeeID uint64, threshold uint8, memberMask uint16) [32]byte {
	return crypto.Keccak256Hash(
		bundleHash[:], crypto.Keccak256(commitments), word(patient), uintWord(uint64(epoch)),
		uintWord(committeeID), uintWord(uint64(threshold)), uintWord(uint64(memberMask)),
	)
}

func word(a common.Address) []byte { return common.LeftPadBytes(a.Bytes(), 32) }

func uintWord(v uint64) []byte { return common.LeftPadBytes(new(big.Int).SetUint64(v).Bytes(), 32) }
