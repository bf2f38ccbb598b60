package contracts

import (
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/math"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/bindings"
)

var (
	domainTypeHash  = crypto.Keccak256Hash([]byte("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"))
	versionTypeHash = crypto.Keccak256Hash([]byte("RecordVersion(bytes32 recordId,address patient,uint32 version,bytes32 contentHash,bytes32 policyHash,bytes encryptedLocation,bytes wrappedKeyRef,bytes abeKeyRef)"))
	domainNameHash  = crypto.Keccak256Hash([]byte("emrchain RecordRegistry"))
	domainVerHash   = crypto.Keccak256Hash([]byte("1"))
)

// RecordID is the id RecordRegistry gives a new record: keccak256(abi.encode(patient, provider, contentHash)).
func RecordID(patient, provider common.Address, contentHash [32]byte) [32]byte {
	return crypto.Keccak256Hash(
		common.LeftPadBytes(patient.Bytes(), 32),
		common.LeftPadBytes(provider.Bytes(), 32),
		contentHash[:],
	)
}

// VersionDigest is the EIP-712 digest the provider and the patient both sign for a record version,
// covering every field the version stores; it matches RecordRegistry.versionDigest, so keys never
// need to talk to a node to sign.
func VersionDigest(chainID *big.Int, registry common.Address, recordID [32]byte, patient common.Address, version uint32, in bindings.IRecordRegistryRecordInput) [32]byte {
	domain := crypto.Keccak256Hash(
		domainTypeHash[:], domainNameHash[:], domainVerHash[:],
		math.U256Bytes(new(big.Int).Set(chainID)),
		common.LeftPadBytes(registry.Bytes(), 32),
	)
	structHash := crypto.Keccak256Hash(
		versionTypeHash[:], recordID[:],
		common.LeftPadBytes(patient.Bytes(), 32),
		common.LeftPadBytes(big.NewInt(int64(version)).Bytes(), 32),
		in.ContentHash[:],
		in.PolicyHash[:],
		crypto.Keccak256(in.EncryptedLocation),
		crypto.Keccak256(in.WrappedKeyRef),
		crypto.Keccak256(in.AbeKeyRef),
	)
	return crypto.Keccak256Hash([]byte("\x19\x01"), domain[:], structHash[:])
}

// RekeyCommitment is the value a grant stores for a re-encryption key: it binds the key's hash
// to the requester, the record and its version (seed 000). Matches AccessLedger.rekeyCommitment.
func RekeyCommitment(rekeyHash [32]byte, requester common.Address, recordID [32]byte, version uint32) [32]byte {
	return crypto.Keccak256Hash(
		rekeyHash[:],
		common.LeftPadBytes(requester.Bytes(), 32),
		recordID[:],
		common.LeftPadBytes(big.NewInt(int64(version)).Bytes(), 32),
	)
}
