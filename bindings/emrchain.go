// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// IAccessLedgerAccess is an auto generated low-level Go binding around an user-defined struct.
type IAccessLedgerAccess struct {
	RequestId uint64
	Status    uint8
	Reason    uint8
	Version   uint32
}

// IAccessLedgerFulfilment is an auto generated low-level Go binding around an user-defined struct.
type IAccessLedgerFulfilment struct {
	AccessId   uint64
	ResultHash [32]byte
	ResultRef  []byte
}

// IAccessLedgerRequest is an auto generated low-level Go binding around an user-defined struct.
type IAccessLedgerRequest struct {
	Requester       common.Address
	Patient         common.Address
	RecordId        [32]byte
	Operation       uint8
	Status          uint8
	Version         uint32
	NotBefore       uint64
	NotAfter        uint64
	Operations      uint8
	RequesterRole   uint8
	Purpose         [32]byte
	RekeyCommitment [32]byte
}

// IKeyIssuerKeyRequest is an auto generated low-level Go binding around an user-defined struct.
type IKeyIssuerKeyRequest struct {
	Requester      common.Address
	Patient        common.Address
	Status         uint8
	Reason         uint8
	AttributesHash [32]byte
}

// IProxyNetworkCommittee is an auto generated low-level Go binding around an user-defined struct.
type IProxyNetworkCommittee struct {
	Size              uint8
	Threshold         uint8
	Quorum            uint8
	Active            bool
	Retired           bool
	KeyMask           uint16
	DealMask          uint16
	ConfirmMask       uint16
	KeyDeadline       uint64
	DealDeadline      uint64
	ComplaintDeadline uint64
	ConfirmDeadline   uint64
	SharesHash        [32]byte
	PublicKey         []byte
}

// IRecordRegistryRecord is an auto generated low-level Go binding around an user-defined struct.
type IRecordRegistryRecord struct {
	Patient           common.Address
	Provider          common.Address
	Version           uint32
	Status            uint8
	UpdatedAt         uint64
	ContentHash       [32]byte
	PolicyHash        [32]byte
	Head              [32]byte
	EncryptedLocation []byte
	WrappedKeyRef     []byte
	AbeKeyRef         []byte
}

// IRecordRegistryRecordInput is an auto generated low-level Go binding around an user-defined struct.
type IRecordRegistryRecordInput struct {
	ContentHash       [32]byte
	PolicyHash        [32]byte
	EncryptedLocation []byte
	WrappedKeyRef     []byte
	AbeKeyRef         []byte
}

// IRegistryParticipant is an auto generated low-level Go binding around an user-defined struct.
type IRegistryParticipant struct {
	Role         uint8
	Status       uint8
	EnrolledAt   uint64
	Org          [32]byte
	MetadataHash [32]byte
	TransportKey [32]byte
	PreKey       []byte
}

// IThresholdAnswersAnswerState is an auto generated low-level Go binding around an user-defined struct.
type IThresholdAnswersAnswerState struct {
	CommitMask  uint16
	RevealMask  uint16
	DeclineMask uint16
	FaultMask   uint16
	Commits     uint8
	Declines    uint8
	Status      uint8
}

// IThresholdAnswersCommit is an auto generated low-level Go binding around an user-defined struct.
type IThresholdAnswersCommit struct {
	AccessId     uint64
	RequestId    uint64
	Requester    common.Address
	Member       uint8
	FragmentHash [32]byte
}

// IThresholdAnswersDecline is an auto generated low-level Go binding around an user-defined struct.
type IThresholdAnswersDecline struct {
	AccessId  uint64
	RequestId uint64
	Requester common.Address
	Member    uint8
	Reason    uint8
}

// IThresholdAnswersReveal is an auto generated low-level Go binding around an user-defined struct.
type IThresholdAnswersReveal struct {
	AccessId uint64
	Member   uint8
	Fragment []byte
	Proof    []byte
}

// AccessLedgerMetaData contains all meta data concerning the AccessLedger contract.
var AccessLedgerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"registry_\",\"type\":\"address\"},{\"internalType\":\"contractIRecordRegistry\",\"name\":\"records_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"}],\"name\":\"access\",\"outputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"enumIAccessLedger.AccessStatus\",\"name\":\"status\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"},{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"}],\"internalType\":\"structIAccessLedger.Access\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"accessCount\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"checkGrant\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"live\",\"type\":\"bool\"},{\"internalType\":\"bytes4\",\"name\":\"err\",\"type\":\"bytes4\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"expire\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"resultHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"resultRef\",\"type\":\"bytes\"}],\"name\":\"fulfil\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"resultHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"resultRef\",\"type\":\"bytes\"}],\"internalType\":\"structIAccessLedger.Fulfilment[]\",\"name\":\"fulfilments\",\"type\":\"tuple[]\"}],\"name\":\"fulfilMany\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"getAccess\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"notBefore\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"notAfter\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"operations\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"rekeyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"rekeyRef\",\"type\":\"bytes\"}],\"name\":\"grantAccess\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"records\",\"outputs\":[{\"internalType\":\"contractIRecordRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"registry\",\"outputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"reject\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"rekeyHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"}],\"name\":\"rekeyCommitment\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"request\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"internalType\":\"uint8\",\"name\":\"operation\",\"type\":\"uint8\"},{\"internalType\":\"enumIAccessLedger.RequestStatus\",\"name\":\"status\",\"type\":\"uint8\"},{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"internalType\":\"uint64\",\"name\":\"notBefore\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"notAfter\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"operations\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"requesterRole\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"purpose\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"rekeyCommitment\",\"type\":\"bytes32\"}],\"internalType\":\"structIAccessLedger.Request\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"internalType\":\"uint8\",\"name\":\"operation\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"purpose\",\"type\":\"bytes32\"}],\"name\":\"requestAccess\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"requestCount\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"revokeAccess\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"AccessExpired\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"oracle\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"resultHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"resultRef\",\"type\":\"bytes\"}],\"name\":\"AccessFulfilled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"notBefore\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"notAfter\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"operations\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"rekeyCommitment\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"rekeyRef\",\"type\":\"bytes\"}],\"name\":\"AccessGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"}],\"name\":\"AccessInvoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"oracle\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"AccessRejected\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"operation\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"purpose\",\"type\":\"bytes32\"}],\"name\":\"AccessRequested\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"actor\",\"type\":\"address\"}],\"name\":\"AccessRevoked\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"}],\"name\":\"AlreadyAnswered\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"notAfter\",\"type\":\"uint64\"}],\"name\":\"GrantExpired\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"notBefore\",\"type\":\"uint64\"}],\"name\":\"GrantNotYetValid\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"GrantRevoked\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"notAfter\",\"type\":\"uint64\"}],\"name\":\"GrantStillValid\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"operation\",\"type\":\"uint8\"}],\"name\":\"InvalidOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"InvalidReason\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"enumIAccessLedger.RequestStatus\",\"name\":\"status\",\"type\":\"uint8\"}],\"name\":\"InvalidRequestStatus\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"notBefore\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"notAfter\",\"type\":\"uint64\"}],\"name\":\"InvalidWindow\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotOracle\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotParty\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotPatient\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotRequester\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"operation\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"operations\",\"type\":\"uint8\"}],\"name\":\"OperationNotAllowed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"}],\"name\":\"PatientNotActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"}],\"name\":\"RecordNotActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"granted\",\"type\":\"uint32\"},{\"internalType\":\"uint32\",\"name\":\"current\",\"type\":\"uint32\"}],\"name\":\"RecordVersionStale\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"RequesterNotActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"RoleChanged\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"}],\"name\":\"UnknownAccess\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"UnknownRequest\",\"type\":\"error\"}]",
	ID:  "0f2366600a99f2f3779714e8609272432e",
	Bin: "0x60c060405234801561000f575f5ffd5b50604051612e76380380612e7683398101604081905261002e9161005c565b6001600160a01b039182166080521660a052610094565b6001600160a01b0381168114610059575f5ffd5b50565b5f5f6040838503121561006d575f5ffd5b825161007881610045565b602084015190925061008981610045565b809150509250929050565b60805160a051612d7b6100fb5f395f818161026601528181610c0201528181611113015261211501525f81816101f40152818161039901528181610aab01528181610ee1015281816112520152818161165401528181611a9c01526122f70152612d7b5ff3fe608060405234801561000f575f5ffd5b50600436106100fa575f3560e01c80636ba69ed81161009357806395a3be991161006357806395a3be9914610261578063ba20707614610288578063e59174f21461029b578063fefa59eb14610311575f5ffd5b80636ba69ed8146101cf5780637b103999146101ef5780638bd44f4b1461023b578063953642831461024e575f5ffd5b80634e5c5188116100ce5780634e5c5188146101765780635badbe4c1461019657806360f82270146101a957806364b75cc1146101bc575f5ffd5b806229bc41146100fe57806310b5effa146101135780632222856014610150578063382cca4314610163575b5f5ffd5b61011161010c3660046125af565b61035c565b005b5f546101329068010000000000000000900467ffffffffffffffff1681565b60405167ffffffffffffffff90911681526020015b60405180910390f35b61011161015e3660046125e0565b61057f565b6101116101713660046125e0565b610707565b6101896101843660046125e0565b6108bd565b6040516101479190612641565b5f546101329067ffffffffffffffff1681565b6101326101b7366004612756565b610a62565b6101116101ca3660046127ce565b610e42565b6101e26101dd3660046125e0565b61155d565b6040516101479190612858565b6102167f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff9091168152602001610147565b6101116102493660046128aa565b611617565b61013261025c3660046125e0565b6117a2565b6102167f000000000000000000000000000000000000000000000000000000000000000081565b61011161029636600461291b565b611a5f565b6103036102a93660046129a6565b6040805160208082019690965273ffffffffffffffffffffffffffffffffffffffff9490941684820152606084019290925263ffffffff166080808401919091528151808403909101815260a09092019052805191012090565b604051908152602001610147565b61032461031f3660046125e0565b611b5c565b6040805192151583527fffffffff00000000000000000000000000000000000000000000000000000000909116602083015201610147565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea70906103d090339060049081016129ed565b602060405180830381865afa1580156103eb573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061040f9190612a27565b61044c576040517fdf4f82400000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b60ff8116158061045f5750600a60ff8216115b1561049b576040517f8bb9733100000000000000000000000000000000000000000000000000000000815260ff82166004820152602401610443565b5f6104a583611bfc565b805460ff8416690100000000000000000081027fffffffffffffffffffffffffffffffffffffffffffff0000ffffffffffffffff831681176803000000000000000017845567ffffffffffffffff908116928116929092175f81815260016020818152604092839020918201548254845173ffffffffffffffffffffffffffffffffffffffff9182168152339381019390935293820195909552959650949216929091908716907f4eb9e44d68da5880960ec1f77033854c86dbe97dc982bdf04a2ab76070d971849060600160405180910390a450505050565b5f61058982611ce6565b905060026003820154610100900460ff1660048111156105ab576105ab612600565b146105f757818160030160019054906101000a900460ff166040517fa8d0bed4000000000000000000000000000000000000000000000000000000008152600401610443929190612a46565b60038101546e010000000000000000000000000000900467ffffffffffffffff16421161067d5760038101546040517f83bba32000000000000000000000000000000000000000000000000000000000815267ffffffffffffffff84811660048301526e0100000000000000000000000000009092049091166024820152604401610443565b6003810180547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ff166104001790558054600182015460405173ffffffffffffffffffffffffffffffffffffffff928316929091169067ffffffffffffffff8516907ff157ecfb5231562babeea19cdfdb7a53563ca93c018e525663f5fc6128452aac905f90a45050565b5f61071182611ce6565b600181015490915073ffffffffffffffffffffffffffffffffffffffff1633148015906107555750805473ffffffffffffffffffffffffffffffffffffffff163314155b1561078e576040517f20b9b340000000000000000000000000000000000000000000000000000000008152336004820152602401610443565b60016003820154610100900460ff1660048111156107ae576107ae612600565b141580156107da575060026003820154610100900460ff1660048111156107d7576107d7612600565b14155b1561082657818160030160019054906101000a900460ff166040517fa8d0bed4000000000000000000000000000000000000000000000000000000008152600401610443929190612a46565b6003810180546103007fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ff9091161790558054600182015460405133815273ffffffffffffffffffffffffffffffffffffffff928316929091169067ffffffffffffffff8516907fa62c4ff4ef9e6f36921f01688aea90ffe542de0c378fb3b69743367989d700b89060200160405180910390a45050565b60408051610180810182525f80825260208201819052918101829052606081018290526080810182905260a0810182905260c0810182905260e0810182905261010081018290526101208101829052610140810182905261016081019190915267ffffffffffffffff82165f90815260016020818152604092839020835161018081018552815473ffffffffffffffffffffffffffffffffffffffff90811682529382015490931691830191909152600281015492820192909252600382015460ff8082166060840152919291608084019161010090041660048111156109a6576109a6612600565b60048111156109b7576109b7612600565b8152600382015463ffffffff62010000820416602083015267ffffffffffffffff66010000000000008204811660408401526e010000000000000000000000000000820416606083015260ff760100000000000000000000000000000000000000000000820481166080840152770100000000000000000000000000000000000000000000009091041660a0820152600482015460c082015260059091015460e09091015292915050565b6040517fa5d7827e0000000000000000000000000000000000000000000000000000000081523360048201525f908190819073ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000169063a5d7827e906024016040805180830381865afa158015610aef573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610b139190612a64565b90925090506001816003811115610b2c57610b2c612600565b141580610b3f5750610b3d82611d60565b155b15610b78576040517fb7a4117e000000000000000000000000000000000000000000000000000000008152336004820152602401610443565b60088560ff1610610bba576040517f0ef1825c00000000000000000000000000000000000000000000000000000000815260ff86166004820152602401610443565b6040517f2156d40f000000000000000000000000000000000000000000000000000000008152600481018790525f90819073ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690632156d40f90602401606060405180830381865afa158015610c47573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610c6b9190612aa2565b91935090915060019050816002811115610c8757610c87612600565b14610cc1576040517f07bcb61d00000000000000000000000000000000000000000000000000000000815260048101899052602401610443565b5f80548190610cd99067ffffffffffffffff16612aef565b825467ffffffffffffffff80831661010094850a818102920219909216179093555f92835260016020819052604090932080547fffffffffffffffffffffffff000000000000000000000000000000000000000090811633178255818501805473ffffffffffffffffffffffffffffffffffffffff89169216919091179055600281018c905560038101805460ff8d167fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00821681178355939a5091949390927fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00009092169091179083021790555060048101879055604080518a815260ff8a166020820152908101889052339073ffffffffffffffffffffffffffffffffffffffff85169067ffffffffffffffff8916907ff2fe6e912f4394d1a3009518490c9c1b6525adfe2c4563d3810fc61f1aa62ee19060600160405180910390a450505050509392505050565b5f610e4c88611ce6565b600181015490915073ffffffffffffffffffffffffffffffffffffffff163314610ea4576040517f4d0566b0000000000000000000000000000000000000000000000000000000008152336004820152602401610443565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea7090610f199033906001906004016129ed565b602060405180830381865afa158015610f34573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610f589190612a27565b610f90576040517f69a7cf5f000000000000000000000000000000000000000000000000000000008152336004820152602401610443565b60016003820154610100900460ff166004811115610fb057610fb0612600565b14610ffc57878160030160019054906101000a900460ff166040517fa8d0bed4000000000000000000000000000000000000000000000000000000008152600401610443929190612a46565b8667ffffffffffffffff168667ffffffffffffffff1610806110275750428667ffffffffffffffff16105b15611072576040517f2802dd9e00000000000000000000000000000000000000000000000000000000815267ffffffffffffffff808916600483015287166024820152604401610443565b6003810154600160ff9182161b8616165f036110cd5760038101546040517f8b51675500000000000000000000000000000000000000000000000000000000815260ff91821660048201529086166024820152604401610443565b8315806110d8575081155b1561110f576040517f81daaa8000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff16632156d40f84600201546040518263ffffffff1660e01b815260040161117091815260200190565b606060405180830381865afa15801561118b573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906111af9190612aa2565b9093509150600190508160028111156111ca576111ca612600565b146112095782600201546040517f07bcb61d00000000000000000000000000000000000000000000000000000000815260040161044391815260200190565b82546040517fa5d7827e00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff91821660048201525f917f0000000000000000000000000000000000000000000000000000000000000000169063a5d7827e906024016040805180830381865afa158015611296573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906112ba9190612a64565b506003850180549192506002917fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ff166101008302179055506003840180547fffffffffffffffffffffffffffffffffffff000000000000000000000000ffff166201000063ffffffff8616027fffffffffffffffffffffffffffffffffffff0000000000000000ffffffffffff1617660100000000000067ffffffffffffffff8d811691909102919091177fffffffffffffffffff000000000000000000ffffffffffffffffffffffffffff166e010000000000000000000000000000918c16919091027fffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffffffff161776010000000000000000000000000000000000000000000060ff8b16021790558060068111156113f3576113f3612600565b60038501805460ff9290921677010000000000000000000000000000000000000000000000027fffffffffffffffff00ffffffffffffffffffffffffffffffffffffffffffffff909216919091179055835460028501546040805160208082018c905273ffffffffffffffffffffffffffffffffffffffff90941681830152606081019290925263ffffffff86166080808401919091528151808403909101815260a0909201905280519101208460050181905550835f015f9054906101000a900473ffffffffffffffffffffffffffffffffffffffff1673ffffffffffffffffffffffffffffffffffffffff163373ffffffffffffffffffffffffffffffffffffffff168c67ffffffffffffffff167f758b3734b111ea0cca968ba02119bab9d031be7eecd5cad164c1b990ac3724fe8760020154878f8f8f8c600501548f8f604051611548989796959493929190612b87565b60405180910390a45050505050505050505050565b60408051608080820183525f80835260208084018290528385018290526060840182905267ffffffffffffffff868116835260028252918590208551938401909552845491821683529293919283019068010000000000000000900460ff1660038111156115cd576115cd612600565b60038111156115de576115de612600565b815290546901000000000000000000810460ff1660208301526a0100000000000000000000900463ffffffff1660409091015292915050565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea709061168b90339060049081016129ed565b602060405180830381865afa1580156116a6573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906116ca9190612a27565b611702576040517fdf4f8240000000000000000000000000000000000000000000000000000000008152336004820152602401610443565b5f81900361173c576040517f81daaa8000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f5b8181101561179d573683838381811061175957611759612be9565b905060200281019061176b9190612c16565b905061179461177d60208301836125e0565b602083013561178f6040850185612c52565b611d98565b5060010161173e565b505050565b5f5f6117ad83611ce6565b805490915073ffffffffffffffffffffffffffffffffffffffff163314611802576040517fe7f1421f000000000000000000000000000000000000000000000000000000008152336004820152602401610443565b5f61180d8483611ecc565b905080515f146118205761182081612580565b5f80546008906118459068010000000000000000900467ffffffffffffffff16612aef565b91906101000a81548167ffffffffffffffff021916908367ffffffffffffffff1602179055925060405180608001604052808567ffffffffffffffff1681526020016001600381111561189a5761189a612600565b81525f602080830182905260038087015463ffffffff620100009091041660409485015267ffffffffffffffff808916845260028352939092208451815494167fffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000851681178255918501519093909284927fffffffffffffffffffffffffffffffffffffffffffffff000000000000000000909216909117906801000000000000000090849081111561194f5761194f612600565b021790555060408281015182546060948501517fffffffffffffffffffffffffffffffffffff0000000000ffffffffffffffffff909116690100000000000000000060ff909316929092027fffffffffffffffffffffffffffffffffffff00000000ffffffffffffffffffff16919091176a010000000000000000000063ffffffff9283160217909255600185015460028601546003870154835133815260208101929092526201000090049093169183019190915273ffffffffffffffffffffffffffffffffffffffff169167ffffffffffffffff87811692908716917f36f7076c660f7ad9606a4770d1d3f4470cab53b1701ff232703347884b5b5306910160405180910390a45050919050565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea7090611ad390339060049081016129ed565b602060405180830381865afa158015611aee573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190611b129190612a27565b611b4a576040517fdf4f8240000000000000000000000000000000000000000000000000000000008152336004820152602401610443565b611b5684848484611d98565b50505050565b67ffffffffffffffff81165f9081526001602052604081208190816003820154610100900460ff166004811115611b9557611b95612600565b03611bc557505f937fb2064e15000000000000000000000000000000000000000000000000000000009350915050565b5f611bd08583611ecc565b905080515f03611be757506001945f945092505050565b5f611bf182612cb3565b935093505050915091565b67ffffffffffffffff81165f90815260026020526040812090815468010000000000000000900460ff166003811115611c3757611c37612600565b03611c7a576040517ff360564900000000000000000000000000000000000000000000000000000000815267ffffffffffffffff83166004820152602401610443565b6001815468010000000000000000900460ff166003811115611c9e57611c9e612600565b14611ce1576040517f21f14a7400000000000000000000000000000000000000000000000000000000815267ffffffffffffffff83166004820152602401610443565b919050565b67ffffffffffffffff81165f908152600160205260408120906003820154610100900460ff166004811115611d1d57611d1d612600565b03611ce1576040517fb2064e1500000000000000000000000000000000000000000000000000000000815267ffffffffffffffff83166004820152602401610443565b5f6002826006811115611d7557611d75612600565b1480611d9257506003826006811115611d9057611d90612600565b145b92915050565b821580611da3575080155b15611dda576040517f81daaa8000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f611de485611bfc565b805467ffffffffffffffff165f818152600160205260408120929350909190611e0d8383611ecc565b905080515f14611e2057611e2081612580565b83547fffffffffffffffffffffffffffffffffffffffffffffff00ffffffffffffffff16680200000000000000001784556001820154825460405173ffffffffffffffffffffffffffffffffffffffff9283169267ffffffffffffffff87811693908d16927f386af6af316c8e7a039915cb234dd85231a788eb5a075424118cbbfd7e7275d892611eba92169033908e908e908e90612d1f565b60405180910390a45050505050505050565b6060600380830154610100900460ff166004811115611eed57611eed612600565b03611faf5760405167ffffffffffffffff841660248201527f914a08b700000000000000000000000000000000000000000000000000000000906044015b604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08184030181529190526020810180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167fffffffff00000000000000000000000000000000000000000000000000000000909316929092179091529050611d92565b60026003830154610100900460ff166004811115611fcf57611fcf612600565b146120155760038201546040517fa8d0bed40000000000000000000000000000000000000000000000000000000091611f2b918691610100900460ff1690602401612a46565b60038201546e010000000000000000000000000000900467ffffffffffffffff1642111561209b57600382015460405167ffffffffffffffff80861660248301526e01000000000000000000000000000090920490911660448201527f05bfbb200000000000000000000000000000000000000000000000000000000090606401611f2b565b60038201546601000000000000900467ffffffffffffffff1642101561211157600382015460405167ffffffffffffffff8086166024830152660100000000000090920490911660448201527fda7ff1a10000000000000000000000000000000000000000000000000000000090606401611f2b565b5f5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff16632156d40f85600201546040518263ffffffff1660e01b815260040161217291815260200190565b606060405180830381865afa15801561218d573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906121b19190612aa2565b9093509150600190508160028111156121cc576121cc612600565b1415806121ec5750600384015463ffffffff838116620100009092041614155b156122ac575f600182600281111561220657612206612600565b14612211575f612213565b825b6002860154600387015460408051602481019390935263ffffffff620100009092048216604484015292166064808301919091528251808303909101815260849091019091526020810180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167f047a10f1000000000000000000000000000000000000000000000000000000001790529350611d9292505050565b83546040517fa5d7827e00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff91821660048201525f9182917f00000000000000000000000000000000000000000000000000000000000000009091169063a5d7827e906024016040805180830381865afa15801561233d573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906123619190612a64565b9092509050600181600381111561237a5761237a612600565b1461245057855460405173ffffffffffffffffffffffffffffffffffffffff90911660248201527fb7a4117e00000000000000000000000000000000000000000000000000000000906044015b604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08184030181529190526020810180517bffffffffffffffffffffffffffffffffffffffffffffffffffffffff167fffffffff00000000000000000000000000000000000000000000000000000000909316929092179091529450611d929350505050565b600386015477010000000000000000000000000000000000000000000000900460ff1682600681111561248557612485612600565b60ff16146124d957855460405173ffffffffffffffffffffffffffffffffffffffff90911660248201527f3189616000000000000000000000000000000000000000000000000000000000906044016123c7565b60038601547601000000000000000000000000000000000000000000008104600160ff9283161b16165f0361256757600386015460405160ff808316602483015276010000000000000000000000000000000000000000000090920490911660448201527f8b51675500000000000000000000000000000000000000000000000000000000906064016123c7565b505060408051602081019091525f815295945050505050565b805160208201fd5b803567ffffffffffffffff81168114611ce1575f5ffd5b803560ff81168114611ce1575f5ffd5b5f5f604083850312156125c0575f5ffd5b6125c983612588565b91506125d76020840161259f565b90509250929050565b5f602082840312156125f0575f5ffd5b6125f982612588565b9392505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b6005811061263d5761263d612600565b9052565b815173ffffffffffffffffffffffffffffffffffffffff16815261018081016020830151612687602084018273ffffffffffffffffffffffffffffffffffffffff169052565b506040830151604083015260608301516126a6606084018260ff169052565b5060808301516126b9608084018261262d565b5060a08301516126d160a084018263ffffffff169052565b5060c08301516126ed60c084018267ffffffffffffffff169052565b5060e083015161270960e084018267ffffffffffffffff169052565b5061010083015161272061010084018260ff169052565b5061012083015161273761012084018260ff169052565b5061014083015161014083015261016083015161016083015292915050565b5f5f5f60608486031215612768575f5ffd5b833592506127786020850161259f565b929592945050506040919091013590565b5f5f83601f840112612799575f5ffd5b50813567ffffffffffffffff8111156127b0575f5ffd5b6020830191508360208285010111156127c7575f5ffd5b9250929050565b5f5f5f5f5f5f5f60c0888a0312156127e4575f5ffd5b6127ed88612588565b96506127fb60208901612588565b955061280960408901612588565b94506128176060890161259f565b93506080880135925060a088013567ffffffffffffffff811115612839575f5ffd5b6128458a828b01612789565b989b979a50959850939692959293505050565b815167ffffffffffffffff168152602082015160808201906004811061288057612880612600565b8060208401525060ff604084015116604083015263ffffffff606084015116606083015292915050565b5f5f602083850312156128bb575f5ffd5b823567ffffffffffffffff8111156128d1575f5ffd5b8301601f810185136128e1575f5ffd5b803567ffffffffffffffff8111156128f7575f5ffd5b8560208260051b840101111561290b575f5ffd5b6020919091019590945092505050565b5f5f5f5f6060858703121561292e575f5ffd5b61293785612588565b935060208501359250604085013567ffffffffffffffff811115612959575f5ffd5b61296587828801612789565b95989497509550505050565b73ffffffffffffffffffffffffffffffffffffffff81168114612992575f5ffd5b50565b63ffffffff81168114612992575f5ffd5b5f5f5f5f608085870312156129b9575f5ffd5b8435935060208501356129cb81612971565b92506040850135915060608501356129e281612995565b939692955090935050565b73ffffffffffffffffffffffffffffffffffffffff831681526040810160078310612a1a57612a1a612600565b8260208301529392505050565b5f60208284031215612a37575f5ffd5b815180151581146125f9575f5ffd5b67ffffffffffffffff83168152604081016125f9602083018461262d565b5f5f60408385031215612a75575f5ffd5b825160078110612a83575f5ffd5b602084015190925060048110612a97575f5ffd5b809150509250929050565b5f5f5f60608486031215612ab4575f5ffd5b8351612abf81612971565b6020850151909350612ad081612995565b604085015190925060038110612ae4575f5ffd5b809150509250925092565b5f67ffffffffffffffff821667ffffffffffffffff8103612b37577f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b60010192915050565b81835281816020850137505f602082840101525f60207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f840116840101905092915050565b88815263ffffffff8816602082015267ffffffffffffffff8716604082015267ffffffffffffffff8616606082015260ff851660808201528360a082015260e060c08201525f612bdb60e083018486612b40565b9a9950505050505050505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b5f82357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa1833603018112612c48575f5ffd5b9190910192915050565b5f5f83357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe1843603018112612c85575f5ffd5b83018035915067ffffffffffffffff821115612c9f575f5ffd5b6020019150368190038213156127c7575f5ffd5b805160208201517fffffffff00000000000000000000000000000000000000000000000000000000811691906004821015612d18577fffffffff00000000000000000000000000000000000000000000000000000000808360040360031b1b82161692505b5050919050565b73ffffffffffffffffffffffffffffffffffffffff8616815273ffffffffffffffffffffffffffffffffffffffff85166020820152836040820152608060608201525f612d70608083018486612b40565b97965050505050505056",
}

// AccessLedger is an auto generated Go binding around an Ethereum contract.
type AccessLedger struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *AccessLedger) GetABI() abi.ABI {
	return c.abi
}

// NewAccessLedger creates a new instance of AccessLedger.
func NewAccessLedger() *AccessLedger {
	parsed, err := AccessLedgerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &AccessLedger{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *AccessLedger) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address registry_, address records_) returns()
func (accessLedger *AccessLedger) PackConstructor(registry_ common.Address, records_ common.Address) []byte {
	enc, err := accessLedger.abi.Pack("", registry_, records_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6ba69ed8.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function access(uint64 accessId) view returns((uint64,uint8,uint8,uint32))
func (accessLedger *AccessLedger) PackAccess(accessId uint64) []byte {
	enc, err := accessLedger.abi.Pack("access", accessId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6ba69ed8.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function access(uint64 accessId) view returns((uint64,uint8,uint8,uint32))
func (accessLedger *AccessLedger) TryPackAccess(accessId uint64) ([]byte, error) {
	return accessLedger.abi.Pack("access", accessId)
}

// UnpackAccess is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6ba69ed8.
//
// Solidity: function access(uint64 accessId) view returns((uint64,uint8,uint8,uint32))
func (accessLedger *AccessLedger) UnpackAccess(data []byte) (IAccessLedgerAccess, error) {
	out, err := accessLedger.abi.Unpack("access", data)
	if err != nil {
		return *new(IAccessLedgerAccess), err
	}
	out0 := *abi.ConvertType(out[0], new(IAccessLedgerAccess)).(*IAccessLedgerAccess)
	return out0, nil
}

// PackAccessCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10b5effa.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function accessCount() view returns(uint64)
func (accessLedger *AccessLedger) PackAccessCount() []byte {
	enc, err := accessLedger.abi.Pack("accessCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAccessCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x10b5effa.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function accessCount() view returns(uint64)
func (accessLedger *AccessLedger) TryPackAccessCount() ([]byte, error) {
	return accessLedger.abi.Pack("accessCount")
}

// UnpackAccessCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x10b5effa.
//
// Solidity: function accessCount() view returns(uint64)
func (accessLedger *AccessLedger) UnpackAccessCount(data []byte) (uint64, error) {
	out, err := accessLedger.abi.Unpack("accessCount", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackCheckGrant is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfefa59eb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkGrant(uint64 requestId) view returns(bool live, bytes4 err)
func (accessLedger *AccessLedger) PackCheckGrant(requestId uint64) []byte {
	enc, err := accessLedger.abi.Pack("checkGrant", requestId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckGrant is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfefa59eb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkGrant(uint64 requestId) view returns(bool live, bytes4 err)
func (accessLedger *AccessLedger) TryPackCheckGrant(requestId uint64) ([]byte, error) {
	return accessLedger.abi.Pack("checkGrant", requestId)
}

// CheckGrantOutput serves as a container for the return parameters of contract
// method CheckGrant.
type CheckGrantOutput struct {
	Live bool
	Err  [4]byte
}

// UnpackCheckGrant is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xfefa59eb.
//
// Solidity: function checkGrant(uint64 requestId) view returns(bool live, bytes4 err)
func (accessLedger *AccessLedger) UnpackCheckGrant(data []byte) (CheckGrantOutput, error) {
	out, err := accessLedger.abi.Unpack("checkGrant", data)
	outstruct := new(CheckGrantOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Live = *abi.ConvertType(out[0], new(bool)).(*bool)
	outstruct.Err = *abi.ConvertType(out[1], new([4]byte)).(*[4]byte)
	return *outstruct, nil
}

// PackExpire is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x22228560.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function expire(uint64 requestId) returns()
func (accessLedger *AccessLedger) PackExpire(requestId uint64) []byte {
	enc, err := accessLedger.abi.Pack("expire", requestId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackExpire is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x22228560.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function expire(uint64 requestId) returns()
func (accessLedger *AccessLedger) TryPackExpire(requestId uint64) ([]byte, error) {
	return accessLedger.abi.Pack("expire", requestId)
}

// PackFulfil is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba207076.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function fulfil(uint64 accessId, bytes32 resultHash, bytes resultRef) returns()
func (accessLedger *AccessLedger) PackFulfil(accessId uint64, resultHash [32]byte, resultRef []byte) []byte {
	enc, err := accessLedger.abi.Pack("fulfil", accessId, resultHash, resultRef)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFulfil is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba207076.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function fulfil(uint64 accessId, bytes32 resultHash, bytes resultRef) returns()
func (accessLedger *AccessLedger) TryPackFulfil(accessId uint64, resultHash [32]byte, resultRef []byte) ([]byte, error) {
	return accessLedger.abi.Pack("fulfil", accessId, resultHash, resultRef)
}

// PackFulfilMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8bd44f4b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function fulfilMany((uint64,bytes32,bytes)[] fulfilments) returns()
func (accessLedger *AccessLedger) PackFulfilMany(fulfilments []IAccessLedgerFulfilment) []byte {
	enc, err := accessLedger.abi.Pack("fulfilMany", fulfilments)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFulfilMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8bd44f4b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function fulfilMany((uint64,bytes32,bytes)[] fulfilments) returns()
func (accessLedger *AccessLedger) TryPackFulfilMany(fulfilments []IAccessLedgerFulfilment) ([]byte, error) {
	return accessLedger.abi.Pack("fulfilMany", fulfilments)
}

// PackGetAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95364283.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function getAccess(uint64 requestId) returns(uint64 accessId)
func (accessLedger *AccessLedger) PackGetAccess(requestId uint64) []byte {
	enc, err := accessLedger.abi.Pack("getAccess", requestId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGetAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95364283.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function getAccess(uint64 requestId) returns(uint64 accessId)
func (accessLedger *AccessLedger) TryPackGetAccess(requestId uint64) ([]byte, error) {
	return accessLedger.abi.Pack("getAccess", requestId)
}

// UnpackGetAccess is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95364283.
//
// Solidity: function getAccess(uint64 requestId) returns(uint64 accessId)
func (accessLedger *AccessLedger) UnpackGetAccess(data []byte) (uint64, error) {
	out, err := accessLedger.abi.Unpack("getAccess", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackGrantAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64b75cc1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function grantAccess(uint64 requestId, uint64 notBefore, uint64 notAfter, uint8 operations, bytes32 rekeyHash, bytes rekeyRef) returns()
func (accessLedger *AccessLedger) PackGrantAccess(requestId uint64, notBefore uint64, notAfter uint64, operations uint8, rekeyHash [32]byte, rekeyRef []byte) []byte {
	enc, err := accessLedger.abi.Pack("grantAccess", requestId, notBefore, notAfter, operations, rekeyHash, rekeyRef)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackGrantAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x64b75cc1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function grantAccess(uint64 requestId, uint64 notBefore, uint64 notAfter, uint8 operations, bytes32 rekeyHash, bytes rekeyRef) returns()
func (accessLedger *AccessLedger) TryPackGrantAccess(requestId uint64, notBefore uint64, notAfter uint64, operations uint8, rekeyHash [32]byte, rekeyRef []byte) ([]byte, error) {
	return accessLedger.abi.Pack("grantAccess", requestId, notBefore, notAfter, operations, rekeyHash, rekeyRef)
}

// PackRecords is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95a3be99.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function records() view returns(address)
func (accessLedger *AccessLedger) PackRecords() []byte {
	enc, err := accessLedger.abi.Pack("records")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecords is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x95a3be99.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function records() view returns(address)
func (accessLedger *AccessLedger) TryPackRecords() ([]byte, error) {
	return accessLedger.abi.Pack("records")
}

// UnpackRecords is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x95a3be99.
//
// Solidity: function records() view returns(address)
func (accessLedger *AccessLedger) UnpackRecords(data []byte) (common.Address, error) {
	out, err := accessLedger.abi.Unpack("records", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registry() view returns(address)
func (accessLedger *AccessLedger) PackRegistry() []byte {
	enc, err := accessLedger.abi.Pack("registry")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registry() view returns(address)
func (accessLedger *AccessLedger) TryPackRegistry() ([]byte, error) {
	return accessLedger.abi.Pack("registry")
}

// UnpackRegistry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (accessLedger *AccessLedger) UnpackRegistry(data []byte) (common.Address, error) {
	out, err := accessLedger.abi.Unpack("registry", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackReject is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0029bc41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reject(uint64 accessId, uint8 reason) returns()
func (accessLedger *AccessLedger) PackReject(accessId uint64, reason uint8) []byte {
	enc, err := accessLedger.abi.Pack("reject", accessId, reason)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReject is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0029bc41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reject(uint64 accessId, uint8 reason) returns()
func (accessLedger *AccessLedger) TryPackReject(accessId uint64, reason uint8) ([]byte, error) {
	return accessLedger.abi.Pack("reject", accessId, reason)
}

// PackRekeyCommitment is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe59174f2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rekeyCommitment(bytes32 rekeyHash, address requester, bytes32 recordId, uint32 version) pure returns(bytes32)
func (accessLedger *AccessLedger) PackRekeyCommitment(rekeyHash [32]byte, requester common.Address, recordId [32]byte, version uint32) []byte {
	enc, err := accessLedger.abi.Pack("rekeyCommitment", rekeyHash, requester, recordId, version)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRekeyCommitment is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe59174f2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rekeyCommitment(bytes32 rekeyHash, address requester, bytes32 recordId, uint32 version) pure returns(bytes32)
func (accessLedger *AccessLedger) TryPackRekeyCommitment(rekeyHash [32]byte, requester common.Address, recordId [32]byte, version uint32) ([]byte, error) {
	return accessLedger.abi.Pack("rekeyCommitment", rekeyHash, requester, recordId, version)
}

// UnpackRekeyCommitment is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe59174f2.
//
// Solidity: function rekeyCommitment(bytes32 rekeyHash, address requester, bytes32 recordId, uint32 version) pure returns(bytes32)
func (accessLedger *AccessLedger) UnpackRekeyCommitment(data []byte) ([32]byte, error) {
	out, err := accessLedger.abi.Unpack("rekeyCommitment", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRequest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e5c5188.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function request(uint64 requestId) view returns((address,address,bytes32,uint8,uint8,uint32,uint64,uint64,uint8,uint8,bytes32,bytes32))
func (accessLedger *AccessLedger) PackRequest(requestId uint64) []byte {
	enc, err := accessLedger.abi.Pack("request", requestId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRequest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e5c5188.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function request(uint64 requestId) view returns((address,address,bytes32,uint8,uint8,uint32,uint64,uint64,uint8,uint8,bytes32,bytes32))
func (accessLedger *AccessLedger) TryPackRequest(requestId uint64) ([]byte, error) {
	return accessLedger.abi.Pack("request", requestId)
}

// UnpackRequest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4e5c5188.
//
// Solidity: function request(uint64 requestId) view returns((address,address,bytes32,uint8,uint8,uint32,uint64,uint64,uint8,uint8,bytes32,bytes32))
func (accessLedger *AccessLedger) UnpackRequest(data []byte) (IAccessLedgerRequest, error) {
	out, err := accessLedger.abi.Unpack("request", data)
	if err != nil {
		return *new(IAccessLedgerRequest), err
	}
	out0 := *abi.ConvertType(out[0], new(IAccessLedgerRequest)).(*IAccessLedgerRequest)
	return out0, nil
}

// PackRequestAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x60f82270.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function requestAccess(bytes32 recordId, uint8 operation, bytes32 purpose) returns(uint64 requestId)
func (accessLedger *AccessLedger) PackRequestAccess(recordId [32]byte, operation uint8, purpose [32]byte) []byte {
	enc, err := accessLedger.abi.Pack("requestAccess", recordId, operation, purpose)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRequestAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x60f82270.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function requestAccess(bytes32 recordId, uint8 operation, bytes32 purpose) returns(uint64 requestId)
func (accessLedger *AccessLedger) TryPackRequestAccess(recordId [32]byte, operation uint8, purpose [32]byte) ([]byte, error) {
	return accessLedger.abi.Pack("requestAccess", recordId, operation, purpose)
}

// UnpackRequestAccess is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x60f82270.
//
// Solidity: function requestAccess(bytes32 recordId, uint8 operation, bytes32 purpose) returns(uint64 requestId)
func (accessLedger *AccessLedger) UnpackRequestAccess(data []byte) (uint64, error) {
	out, err := accessLedger.abi.Unpack("requestAccess", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRequestCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5badbe4c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function requestCount() view returns(uint64)
func (accessLedger *AccessLedger) PackRequestCount() []byte {
	enc, err := accessLedger.abi.Pack("requestCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRequestCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5badbe4c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function requestCount() view returns(uint64)
func (accessLedger *AccessLedger) TryPackRequestCount() ([]byte, error) {
	return accessLedger.abi.Pack("requestCount")
}

// UnpackRequestCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5badbe4c.
//
// Solidity: function requestCount() view returns(uint64)
func (accessLedger *AccessLedger) UnpackRequestCount(data []byte) (uint64, error) {
	out, err := accessLedger.abi.Unpack("requestCount", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRevokeAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x382cca43.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeAccess(uint64 requestId) returns()
func (accessLedger *AccessLedger) PackRevokeAccess(requestId uint64) []byte {
	enc, err := accessLedger.abi.Pack("revokeAccess", requestId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeAccess is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x382cca43.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeAccess(uint64 requestId) returns()
func (accessLedger *AccessLedger) TryPackRevokeAccess(requestId uint64) ([]byte, error) {
	return accessLedger.abi.Pack("revokeAccess", requestId)
}

// AccessLedgerAccessExpired represents a AccessExpired event raised by the AccessLedger contract.
type AccessLedgerAccessExpired struct {
	RequestId uint64
	Patient   common.Address
	Requester common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const AccessLedgerAccessExpiredEventName = "AccessExpired"

// ContractEventName returns the user-defined event name.
func (AccessLedgerAccessExpired) ContractEventName() string {
	return AccessLedgerAccessExpiredEventName
}

// UnpackAccessExpiredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AccessExpired(uint64 indexed requestId, address indexed patient, address indexed requester)
func (accessLedger *AccessLedger) UnpackAccessExpiredEvent(log *types.Log) (*AccessLedgerAccessExpired, error) {
	event := "AccessExpired"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != accessLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AccessLedgerAccessExpired)
	if len(log.Data) > 0 {
		if err := accessLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range accessLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AccessLedgerAccessFulfilled represents a AccessFulfilled event raised by the AccessLedger contract.
type AccessLedgerAccessFulfilled struct {
	AccessId   uint64
	RequestId  uint64
	Patient    common.Address
	Requester  common.Address
	Oracle     common.Address
	ResultHash [32]byte
	ResultRef  []byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const AccessLedgerAccessFulfilledEventName = "AccessFulfilled"

// ContractEventName returns the user-defined event name.
func (AccessLedgerAccessFulfilled) ContractEventName() string {
	return AccessLedgerAccessFulfilledEventName
}

// UnpackAccessFulfilledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AccessFulfilled(uint64 indexed accessId, uint64 indexed requestId, address indexed patient, address requester, address oracle, bytes32 resultHash, bytes resultRef)
func (accessLedger *AccessLedger) UnpackAccessFulfilledEvent(log *types.Log) (*AccessLedgerAccessFulfilled, error) {
	event := "AccessFulfilled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != accessLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AccessLedgerAccessFulfilled)
	if len(log.Data) > 0 {
		if err := accessLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range accessLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AccessLedgerAccessGranted represents a AccessGranted event raised by the AccessLedger contract.
type AccessLedgerAccessGranted struct {
	RequestId       uint64
	Patient         common.Address
	Requester       common.Address
	RecordId        [32]byte
	Version         uint32
	NotBefore       uint64
	NotAfter        uint64
	Operations      uint8
	RekeyCommitment [32]byte
	RekeyRef        []byte
	Raw             *types.Log // Blockchain specific contextual infos
}

const AccessLedgerAccessGrantedEventName = "AccessGranted"

// ContractEventName returns the user-defined event name.
func (AccessLedgerAccessGranted) ContractEventName() string {
	return AccessLedgerAccessGrantedEventName
}

// UnpackAccessGrantedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AccessGranted(uint64 indexed requestId, address indexed patient, address indexed requester, bytes32 recordId, uint32 version, uint64 notBefore, uint64 notAfter, uint8 operations, bytes32 rekeyCommitment, bytes rekeyRef)
func (accessLedger *AccessLedger) UnpackAccessGrantedEvent(log *types.Log) (*AccessLedgerAccessGranted, error) {
	event := "AccessGranted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != accessLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AccessLedgerAccessGranted)
	if len(log.Data) > 0 {
		if err := accessLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range accessLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AccessLedgerAccessInvoked represents a AccessInvoked event raised by the AccessLedger contract.
type AccessLedgerAccessInvoked struct {
	AccessId  uint64
	RequestId uint64
	Patient   common.Address
	Requester common.Address
	RecordId  [32]byte
	Version   uint32
	Raw       *types.Log // Blockchain specific contextual infos
}

const AccessLedgerAccessInvokedEventName = "AccessInvoked"

// ContractEventName returns the user-defined event name.
func (AccessLedgerAccessInvoked) ContractEventName() string {
	return AccessLedgerAccessInvokedEventName
}

// UnpackAccessInvokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AccessInvoked(uint64 indexed accessId, uint64 indexed requestId, address indexed patient, address requester, bytes32 recordId, uint32 version)
func (accessLedger *AccessLedger) UnpackAccessInvokedEvent(log *types.Log) (*AccessLedgerAccessInvoked, error) {
	event := "AccessInvoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != accessLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AccessLedgerAccessInvoked)
	if len(log.Data) > 0 {
		if err := accessLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range accessLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AccessLedgerAccessRejected represents a AccessRejected event raised by the AccessLedger contract.
type AccessLedgerAccessRejected struct {
	AccessId  uint64
	RequestId uint64
	Patient   common.Address
	Requester common.Address
	Oracle    common.Address
	Reason    uint8
	Raw       *types.Log // Blockchain specific contextual infos
}

const AccessLedgerAccessRejectedEventName = "AccessRejected"

// ContractEventName returns the user-defined event name.
func (AccessLedgerAccessRejected) ContractEventName() string {
	return AccessLedgerAccessRejectedEventName
}

// UnpackAccessRejectedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AccessRejected(uint64 indexed accessId, uint64 indexed requestId, address indexed patient, address requester, address oracle, uint8 reason)
func (accessLedger *AccessLedger) UnpackAccessRejectedEvent(log *types.Log) (*AccessLedgerAccessRejected, error) {
	event := "AccessRejected"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != accessLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AccessLedgerAccessRejected)
	if len(log.Data) > 0 {
		if err := accessLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range accessLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AccessLedgerAccessRequested represents a AccessRequested event raised by the AccessLedger contract.
type AccessLedgerAccessRequested struct {
	RequestId uint64
	Patient   common.Address
	Requester common.Address
	RecordId  [32]byte
	Operation uint8
	Purpose   [32]byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const AccessLedgerAccessRequestedEventName = "AccessRequested"

// ContractEventName returns the user-defined event name.
func (AccessLedgerAccessRequested) ContractEventName() string {
	return AccessLedgerAccessRequestedEventName
}

// UnpackAccessRequestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AccessRequested(uint64 indexed requestId, address indexed patient, address indexed requester, bytes32 recordId, uint8 operation, bytes32 purpose)
func (accessLedger *AccessLedger) UnpackAccessRequestedEvent(log *types.Log) (*AccessLedgerAccessRequested, error) {
	event := "AccessRequested"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != accessLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AccessLedgerAccessRequested)
	if len(log.Data) > 0 {
		if err := accessLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range accessLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AccessLedgerAccessRevoked represents a AccessRevoked event raised by the AccessLedger contract.
type AccessLedgerAccessRevoked struct {
	RequestId uint64
	Patient   common.Address
	Requester common.Address
	Actor     common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const AccessLedgerAccessRevokedEventName = "AccessRevoked"

// ContractEventName returns the user-defined event name.
func (AccessLedgerAccessRevoked) ContractEventName() string {
	return AccessLedgerAccessRevokedEventName
}

// UnpackAccessRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AccessRevoked(uint64 indexed requestId, address indexed patient, address indexed requester, address actor)
func (accessLedger *AccessLedger) UnpackAccessRevokedEvent(log *types.Log) (*AccessLedgerAccessRevoked, error) {
	event := "AccessRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != accessLedger.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AccessLedgerAccessRevoked)
	if len(log.Data) > 0 {
		if err := accessLedger.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range accessLedger.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (accessLedger *AccessLedger) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["AlreadyAnswered"].ID.Bytes()[:4]) {
		return accessLedger.UnpackAlreadyAnsweredError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["EmptyField"].ID.Bytes()[:4]) {
		return accessLedger.UnpackEmptyFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["GrantExpired"].ID.Bytes()[:4]) {
		return accessLedger.UnpackGrantExpiredError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["GrantNotYetValid"].ID.Bytes()[:4]) {
		return accessLedger.UnpackGrantNotYetValidError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["GrantRevoked"].ID.Bytes()[:4]) {
		return accessLedger.UnpackGrantRevokedError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["GrantStillValid"].ID.Bytes()[:4]) {
		return accessLedger.UnpackGrantStillValidError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["InvalidOperation"].ID.Bytes()[:4]) {
		return accessLedger.UnpackInvalidOperationError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["InvalidReason"].ID.Bytes()[:4]) {
		return accessLedger.UnpackInvalidReasonError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["InvalidRequestStatus"].ID.Bytes()[:4]) {
		return accessLedger.UnpackInvalidRequestStatusError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["InvalidWindow"].ID.Bytes()[:4]) {
		return accessLedger.UnpackInvalidWindowError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["NotOracle"].ID.Bytes()[:4]) {
		return accessLedger.UnpackNotOracleError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["NotParty"].ID.Bytes()[:4]) {
		return accessLedger.UnpackNotPartyError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["NotPatient"].ID.Bytes()[:4]) {
		return accessLedger.UnpackNotPatientError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["NotRequester"].ID.Bytes()[:4]) {
		return accessLedger.UnpackNotRequesterError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["OperationNotAllowed"].ID.Bytes()[:4]) {
		return accessLedger.UnpackOperationNotAllowedError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["PatientNotActive"].ID.Bytes()[:4]) {
		return accessLedger.UnpackPatientNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["RecordNotActive"].ID.Bytes()[:4]) {
		return accessLedger.UnpackRecordNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["RecordVersionStale"].ID.Bytes()[:4]) {
		return accessLedger.UnpackRecordVersionStaleError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["RequesterNotActive"].ID.Bytes()[:4]) {
		return accessLedger.UnpackRequesterNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["RoleChanged"].ID.Bytes()[:4]) {
		return accessLedger.UnpackRoleChangedError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["UnknownAccess"].ID.Bytes()[:4]) {
		return accessLedger.UnpackUnknownAccessError(raw[4:])
	}
	if bytes.Equal(raw[:4], accessLedger.abi.Errors["UnknownRequest"].ID.Bytes()[:4]) {
		return accessLedger.UnpackUnknownRequestError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// AccessLedgerAlreadyAnswered represents a AlreadyAnswered error raised by the AccessLedger contract.
type AccessLedgerAlreadyAnswered struct {
	AccessId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyAnswered(uint64 accessId)
func AccessLedgerAlreadyAnsweredErrorID() common.Hash {
	return common.HexToHash("0x21f14a74728674dbda73f7ce232ed8d2fef74fe3d23fa955aa4f50291085a748")
}

// UnpackAlreadyAnsweredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyAnswered(uint64 accessId)
func (accessLedger *AccessLedger) UnpackAlreadyAnsweredError(raw []byte) (*AccessLedgerAlreadyAnswered, error) {
	out := new(AccessLedgerAlreadyAnswered)
	if err := accessLedger.abi.UnpackIntoInterface(out, "AlreadyAnswered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerEmptyField represents a EmptyField error raised by the AccessLedger contract.
type AccessLedgerEmptyField struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyField()
func AccessLedgerEmptyFieldErrorID() common.Hash {
	return common.HexToHash("0x81daaa801e13353e7fa84f93675fef6c2f0c06cd7a9028b1700243a9bd06cf79")
}

// UnpackEmptyFieldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyField()
func (accessLedger *AccessLedger) UnpackEmptyFieldError(raw []byte) (*AccessLedgerEmptyField, error) {
	out := new(AccessLedgerEmptyField)
	if err := accessLedger.abi.UnpackIntoInterface(out, "EmptyField", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerGrantExpired represents a GrantExpired error raised by the AccessLedger contract.
type AccessLedgerGrantExpired struct {
	RequestId uint64
	NotAfter  uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GrantExpired(uint64 requestId, uint64 notAfter)
func AccessLedgerGrantExpiredErrorID() common.Hash {
	return common.HexToHash("0x05bfbb20d62a6e424ee7de1fe2cdb99a8a078c27e95963d44c36cb3171dcdc25")
}

// UnpackGrantExpiredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GrantExpired(uint64 requestId, uint64 notAfter)
func (accessLedger *AccessLedger) UnpackGrantExpiredError(raw []byte) (*AccessLedgerGrantExpired, error) {
	out := new(AccessLedgerGrantExpired)
	if err := accessLedger.abi.UnpackIntoInterface(out, "GrantExpired", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerGrantNotYetValid represents a GrantNotYetValid error raised by the AccessLedger contract.
type AccessLedgerGrantNotYetValid struct {
	RequestId uint64
	NotBefore uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GrantNotYetValid(uint64 requestId, uint64 notBefore)
func AccessLedgerGrantNotYetValidErrorID() common.Hash {
	return common.HexToHash("0xda7ff1a1b5d8bc9cfdd5d151ab0012d28cefa391d39dcfaf72519d55eb626e88")
}

// UnpackGrantNotYetValidError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GrantNotYetValid(uint64 requestId, uint64 notBefore)
func (accessLedger *AccessLedger) UnpackGrantNotYetValidError(raw []byte) (*AccessLedgerGrantNotYetValid, error) {
	out := new(AccessLedgerGrantNotYetValid)
	if err := accessLedger.abi.UnpackIntoInterface(out, "GrantNotYetValid", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerGrantRevoked represents a GrantRevoked error raised by the AccessLedger contract.
type AccessLedgerGrantRevoked struct {
	RequestId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GrantRevoked(uint64 requestId)
func AccessLedgerGrantRevokedErrorID() common.Hash {
	return common.HexToHash("0x914a08b7f3d59169efd5c9326e22bb7c3927f4e7e2fa6d49cf3dcca5481f6c17")
}

// UnpackGrantRevokedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GrantRevoked(uint64 requestId)
func (accessLedger *AccessLedger) UnpackGrantRevokedError(raw []byte) (*AccessLedgerGrantRevoked, error) {
	out := new(AccessLedgerGrantRevoked)
	if err := accessLedger.abi.UnpackIntoInterface(out, "GrantRevoked", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerGrantStillValid represents a GrantStillValid error raised by the AccessLedger contract.
type AccessLedgerGrantStillValid struct {
	RequestId uint64
	NotAfter  uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error GrantStillValid(uint64 requestId, uint64 notAfter)
func AccessLedgerGrantStillValidErrorID() common.Hash {
	return common.HexToHash("0x83bba3207b99ad52d31addfa5af9a2fb668638bf50af11e4244f4eabc2a16908")
}

// UnpackGrantStillValidError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error GrantStillValid(uint64 requestId, uint64 notAfter)
func (accessLedger *AccessLedger) UnpackGrantStillValidError(raw []byte) (*AccessLedgerGrantStillValid, error) {
	out := new(AccessLedgerGrantStillValid)
	if err := accessLedger.abi.UnpackIntoInterface(out, "GrantStillValid", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerInvalidOperation represents a InvalidOperation error raised by the AccessLedger contract.
type AccessLedgerInvalidOperation struct {
	Operation uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidOperation(uint8 operation)
func AccessLedgerInvalidOperationErrorID() common.Hash {
	return common.HexToHash("0x0ef1825c2b052073c85605ef4c1d689e47251facb6f57502ede83165bba0f11d")
}

// UnpackInvalidOperationError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidOperation(uint8 operation)
func (accessLedger *AccessLedger) UnpackInvalidOperationError(raw []byte) (*AccessLedgerInvalidOperation, error) {
	out := new(AccessLedgerInvalidOperation)
	if err := accessLedger.abi.UnpackIntoInterface(out, "InvalidOperation", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerInvalidReason represents a InvalidReason error raised by the AccessLedger contract.
type AccessLedgerInvalidReason struct {
	Reason uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidReason(uint8 reason)
func AccessLedgerInvalidReasonErrorID() common.Hash {
	return common.HexToHash("0x8bb97331150d340e5b7adcde543bbf3091bd60b0b9334dadfb4a480e97d10161")
}

// UnpackInvalidReasonError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidReason(uint8 reason)
func (accessLedger *AccessLedger) UnpackInvalidReasonError(raw []byte) (*AccessLedgerInvalidReason, error) {
	out := new(AccessLedgerInvalidReason)
	if err := accessLedger.abi.UnpackIntoInterface(out, "InvalidReason", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerInvalidRequestStatus represents a InvalidRequestStatus error raised by the AccessLedger contract.
type AccessLedgerInvalidRequestStatus struct {
	RequestId uint64
	Status    uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidRequestStatus(uint64 requestId, uint8 status)
func AccessLedgerInvalidRequestStatusErrorID() common.Hash {
	return common.HexToHash("0xa8d0bed4006e4f299254e39a80036a80971aab0e30dab5862661509aba56b8d5")
}

// UnpackInvalidRequestStatusError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidRequestStatus(uint64 requestId, uint8 status)
func (accessLedger *AccessLedger) UnpackInvalidRequestStatusError(raw []byte) (*AccessLedgerInvalidRequestStatus, error) {
	out := new(AccessLedgerInvalidRequestStatus)
	if err := accessLedger.abi.UnpackIntoInterface(out, "InvalidRequestStatus", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerInvalidWindow represents a InvalidWindow error raised by the AccessLedger contract.
type AccessLedgerInvalidWindow struct {
	NotBefore uint64
	NotAfter  uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidWindow(uint64 notBefore, uint64 notAfter)
func AccessLedgerInvalidWindowErrorID() common.Hash {
	return common.HexToHash("0x2802dd9e79a34e372a11836a24c9e44afef603e2a285bc4a010e319ef16730df")
}

// UnpackInvalidWindowError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidWindow(uint64 notBefore, uint64 notAfter)
func (accessLedger *AccessLedger) UnpackInvalidWindowError(raw []byte) (*AccessLedgerInvalidWindow, error) {
	out := new(AccessLedgerInvalidWindow)
	if err := accessLedger.abi.UnpackIntoInterface(out, "InvalidWindow", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerNotOracle represents a NotOracle error raised by the AccessLedger contract.
type AccessLedgerNotOracle struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOracle(address caller)
func AccessLedgerNotOracleErrorID() common.Hash {
	return common.HexToHash("0xdf4f82405d961fcad9f2ba02ce8e436cf5eedd191691916020e727d24df31ee4")
}

// UnpackNotOracleError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOracle(address caller)
func (accessLedger *AccessLedger) UnpackNotOracleError(raw []byte) (*AccessLedgerNotOracle, error) {
	out := new(AccessLedgerNotOracle)
	if err := accessLedger.abi.UnpackIntoInterface(out, "NotOracle", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerNotParty represents a NotParty error raised by the AccessLedger contract.
type AccessLedgerNotParty struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotParty(address caller)
func AccessLedgerNotPartyErrorID() common.Hash {
	return common.HexToHash("0x20b9b3408989ca42d5fa2663f15008e4a0eb67196888f609b60bc67db38ad0ab")
}

// UnpackNotPartyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotParty(address caller)
func (accessLedger *AccessLedger) UnpackNotPartyError(raw []byte) (*AccessLedgerNotParty, error) {
	out := new(AccessLedgerNotParty)
	if err := accessLedger.abi.UnpackIntoInterface(out, "NotParty", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerNotPatient represents a NotPatient error raised by the AccessLedger contract.
type AccessLedgerNotPatient struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotPatient(address caller)
func AccessLedgerNotPatientErrorID() common.Hash {
	return common.HexToHash("0x4d0566b011f9aff4ac55be9bc1a8f2172415708aedbc13e4aeda94e08bfb5da2")
}

// UnpackNotPatientError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotPatient(address caller)
func (accessLedger *AccessLedger) UnpackNotPatientError(raw []byte) (*AccessLedgerNotPatient, error) {
	out := new(AccessLedgerNotPatient)
	if err := accessLedger.abi.UnpackIntoInterface(out, "NotPatient", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerNotRequester represents a NotRequester error raised by the AccessLedger contract.
type AccessLedgerNotRequester struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotRequester(address caller)
func AccessLedgerNotRequesterErrorID() common.Hash {
	return common.HexToHash("0xe7f1421f72442396b7cd8fc54e89f513ecab56880dea9d325bcffa8ae531bd9e")
}

// UnpackNotRequesterError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotRequester(address caller)
func (accessLedger *AccessLedger) UnpackNotRequesterError(raw []byte) (*AccessLedgerNotRequester, error) {
	out := new(AccessLedgerNotRequester)
	if err := accessLedger.abi.UnpackIntoInterface(out, "NotRequester", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerOperationNotAllowed represents a OperationNotAllowed error raised by the AccessLedger contract.
type AccessLedgerOperationNotAllowed struct {
	Operation  uint8
	Operations uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error OperationNotAllowed(uint8 operation, uint8 operations)
func AccessLedgerOperationNotAllowedErrorID() common.Hash {
	return common.HexToHash("0x8b5167558b90f5f1f738e10b909ed8a889545854a7123af1bf448da4e1948fac")
}

// UnpackOperationNotAllowedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error OperationNotAllowed(uint8 operation, uint8 operations)
func (accessLedger *AccessLedger) UnpackOperationNotAllowedError(raw []byte) (*AccessLedgerOperationNotAllowed, error) {
	out := new(AccessLedgerOperationNotAllowed)
	if err := accessLedger.abi.UnpackIntoInterface(out, "OperationNotAllowed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerPatientNotActive represents a PatientNotActive error raised by the AccessLedger contract.
type AccessLedgerPatientNotActive struct {
	Patient common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PatientNotActive(address patient)
func AccessLedgerPatientNotActiveErrorID() common.Hash {
	return common.HexToHash("0x69a7cf5ff289dfa6ead8825b80601e801daa8a90ee4bb819cee31d4308a022b1")
}

// UnpackPatientNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PatientNotActive(address patient)
func (accessLedger *AccessLedger) UnpackPatientNotActiveError(raw []byte) (*AccessLedgerPatientNotActive, error) {
	out := new(AccessLedgerPatientNotActive)
	if err := accessLedger.abi.UnpackIntoInterface(out, "PatientNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerRecordNotActive represents a RecordNotActive error raised by the AccessLedger contract.
type AccessLedgerRecordNotActive struct {
	RecordId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RecordNotActive(bytes32 recordId)
func AccessLedgerRecordNotActiveErrorID() common.Hash {
	return common.HexToHash("0x07bcb61d0aada5101b98751ca30d7d356295dc338df8bc41d42f7813c9bb724c")
}

// UnpackRecordNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RecordNotActive(bytes32 recordId)
func (accessLedger *AccessLedger) UnpackRecordNotActiveError(raw []byte) (*AccessLedgerRecordNotActive, error) {
	out := new(AccessLedgerRecordNotActive)
	if err := accessLedger.abi.UnpackIntoInterface(out, "RecordNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerRecordVersionStale represents a RecordVersionStale error raised by the AccessLedger contract.
type AccessLedgerRecordVersionStale struct {
	RecordId [32]byte
	Granted  uint32
	Current  uint32
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RecordVersionStale(bytes32 recordId, uint32 granted, uint32 current)
func AccessLedgerRecordVersionStaleErrorID() common.Hash {
	return common.HexToHash("0x047a10f1cfd5688df1f3d8dbc8c3525afffdee1dada7e33db2ffa6b33d9d9423")
}

// UnpackRecordVersionStaleError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RecordVersionStale(bytes32 recordId, uint32 granted, uint32 current)
func (accessLedger *AccessLedger) UnpackRecordVersionStaleError(raw []byte) (*AccessLedgerRecordVersionStale, error) {
	out := new(AccessLedgerRecordVersionStale)
	if err := accessLedger.abi.UnpackIntoInterface(out, "RecordVersionStale", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerRequesterNotActive represents a RequesterNotActive error raised by the AccessLedger contract.
type AccessLedgerRequesterNotActive struct {
	Requester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RequesterNotActive(address requester)
func AccessLedgerRequesterNotActiveErrorID() common.Hash {
	return common.HexToHash("0xb7a4117ef83902ea7dbe20b210cf59fab5dc2ef22b7ec9e8653ae2b20bc866f8")
}

// UnpackRequesterNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RequesterNotActive(address requester)
func (accessLedger *AccessLedger) UnpackRequesterNotActiveError(raw []byte) (*AccessLedgerRequesterNotActive, error) {
	out := new(AccessLedgerRequesterNotActive)
	if err := accessLedger.abi.UnpackIntoInterface(out, "RequesterNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerRoleChanged represents a RoleChanged error raised by the AccessLedger contract.
type AccessLedgerRoleChanged struct {
	Requester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RoleChanged(address requester)
func AccessLedgerRoleChangedErrorID() common.Hash {
	return common.HexToHash("0x318961607d8f7c26425d1ed82a875f7130f2e2f868a43451b91ee2e8f02922e3")
}

// UnpackRoleChangedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RoleChanged(address requester)
func (accessLedger *AccessLedger) UnpackRoleChangedError(raw []byte) (*AccessLedgerRoleChanged, error) {
	out := new(AccessLedgerRoleChanged)
	if err := accessLedger.abi.UnpackIntoInterface(out, "RoleChanged", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerUnknownAccess represents a UnknownAccess error raised by the AccessLedger contract.
type AccessLedgerUnknownAccess struct {
	AccessId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownAccess(uint64 accessId)
func AccessLedgerUnknownAccessErrorID() common.Hash {
	return common.HexToHash("0xf3605649d73781b2756b60cb20a0b78d7046dab72e3c54ba9b63cdcdb31cd2f9")
}

// UnpackUnknownAccessError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownAccess(uint64 accessId)
func (accessLedger *AccessLedger) UnpackUnknownAccessError(raw []byte) (*AccessLedgerUnknownAccess, error) {
	out := new(AccessLedgerUnknownAccess)
	if err := accessLedger.abi.UnpackIntoInterface(out, "UnknownAccess", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AccessLedgerUnknownRequest represents a UnknownRequest error raised by the AccessLedger contract.
type AccessLedgerUnknownRequest struct {
	RequestId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownRequest(uint64 requestId)
func AccessLedgerUnknownRequestErrorID() common.Hash {
	return common.HexToHash("0xb2064e1594cdc177e8879baa79a0d4972aca0c943c09d2ddac4e0fde5c35d5a8")
}

// UnpackUnknownRequestError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownRequest(uint64 requestId)
func (accessLedger *AccessLedger) UnpackUnknownRequestError(raw []byte) (*AccessLedgerUnknownRequest, error) {
	out := new(AccessLedgerUnknownRequest)
	if err := accessLedger.abi.UnpackIntoInterface(out, "UnknownRequest", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryMetaData contains all meta data concerning the AttributeRegistry contract.
var AttributeRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"registry_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32[]\",\"name\":\"ids\",\"type\":\"bytes32[]\"}],\"name\":\"assignAttributes\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"}],\"name\":\"attributesHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"h\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"}],\"name\":\"attributesOf\",\"outputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"\",\"type\":\"bytes32[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"authorityOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"}],\"name\":\"defineAttribute\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"hasAttribute\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"nameOf\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"registry\",\"outputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32[]\",\"name\":\"ids\",\"type\":\"bytes32[]\"}],\"name\":\"revokeAttributes\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"authority\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"}],\"name\":\"AttributeDefined\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"authority\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32[]\",\"name\":\"ids\",\"type\":\"bytes32[]\"}],\"name\":\"AttributesAssigned\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"authority\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32[]\",\"name\":\"ids\",\"type\":\"bytes32[]\"}],\"name\":\"AttributesRevoked\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"AlreadyAssigned\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"AttributeExists\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyList\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"}],\"name\":\"HolderNotActive\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidName\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"holder\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"NotAssigned\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"authority\",\"type\":\"address\"}],\"name\":\"NotAttributeAuthority\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotAuthority\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"id\",\"type\":\"bytes32\"}],\"name\":\"UnknownAttribute\",\"type\":\"error\"}]",
	ID:  "8fa45f70fca2958c8addf51ea1341a1638",
	Bin: "0x60a060405234801561000f575f5ffd5b5060405161184438038061184483398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b6080516117a561009f5f395f818160f1015281816103070152818161043e01528181610720015261093201526117a55ff3fe608060405234801561000f575f5ffd5b506004361061009f575f3560e01c8063bdc0a40811610072578063cf0c017d11610058578063cf0c017d14610173578063d5ef51d0146101a8578063e532a034146101c8575f5ffd5b8063bdc0a4081461014d578063ca87d1ae14610160575f5ffd5b806314c70eaf146100a35780637338c25c146100c95780637b103999146100ec578063b962e14814610138575b5f5ffd5b6100b66100b13660046111fa565b6101e8565b6040519081526020015b60405180910390f35b6100dc6100d736600461121a565b610291565b60405190151581526020016100c0565b6101137f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff90911681526020016100c0565b61014b610146366004611242565b6102ca565b005b6100b661015b3660046112c3565b6106e1565b61014b61016e366004611242565b6108f5565b610113610181366004611331565b5f6020819052908152604090205473ffffffffffffffffffffffffffffffffffffffff1681565b6101bb6101b63660046111fa565b610c50565b6040516100c09190611348565b6101db6101d6366004611331565b610cc6565b6040516100c0919061138a565b73ffffffffffffffffffffffffffffffffffffffff81165f908152600260205260408120815b815481101561028a578382828154811061022a5761022a6113dd565b905f5260205f20015460405160200161026592919073ffffffffffffffffffffffffffffffffffffffff929092168252602082015260400190565b604051602081830303815290604052805190602001208318925080600101905061020e565b5050919050565b73ffffffffffffffffffffffffffffffffffffffff82165f90815260036020908152604080832084845290915290205415155b92915050565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea709061033f903390600590600401611437565b602060405180830381865afa15801561035a573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061037e9190611496565b6103bb576040517f9e066db10000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b5f8190036103f5576040517f615fd3c000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6040517fa5d7827e00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff84811660048301525f9182917f0000000000000000000000000000000000000000000000000000000000000000169063a5d7827e906024016040805180830381865afa158015610482573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104a691906114b5565b909250905060018160038111156104bf576104bf61140a565b1415806104fb575060038260068111156104db576104db61140a565b141580156104fb575060028260068111156104f8576104f861140a565b14155b1561054a576040517fe05f8f3200000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff861660048201526024016103b2565b73ffffffffffffffffffffffffffffffffffffffff85165f908152600260205260408120905b84811015610671575f86868381811061058b5761058b6113dd565b90506020020135905061059d81610d5b565b73ffffffffffffffffffffffffffffffffffffffff88165f90815260036020908152604080832084845290915290205415610623576040517fb15cb5fa00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff89166004820152602481018290526044016103b2565b8254600181810185555f8581526020808220909301849055855473ffffffffffffffffffffffffffffffffffffffff8c16825260038452604080832095835294909352929092205501610570565b503373ffffffffffffffffffffffffffffffffffffffff168673ffffffffffffffffffffffffffffffffffffffff167f21e64ae95a2896c56593fa3e623a38522a68da0ab960df60ce1500ea70f9cb1387876040516106d19291906114f3565b60405180910390a3505050505050565b6040517f4390ea700000000000000000000000000000000000000000000000000000000081525f9073ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea7090610758903390600590600401611437565b602060405180830381865afa158015610773573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107979190611496565b6107cf576040517f9e066db10000000000000000000000000000000000000000000000000000000081523360048201526024016103b2565b6107d98383610e2b565b82826040516107e9929190611543565b60408051918290039091205f8181526020819052919091205490915073ffffffffffffffffffffffffffffffffffffffff1615610855576040517f7c614a5b000000000000000000000000000000000000000000000000000000008152600481018290526024016103b2565b5f8181526020818152604080832080547fffffffffffffffffffffffff000000000000000000000000000000000000000016331790556001909152902061089d83858361161c565b503373ffffffffffffffffffffffffffffffffffffffff16817f535c818a5bed611b86363f710f8b52eaba6e6bed42538831293cc58be9fb379985856040516108e79291906116f4565b60405180910390a392915050565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea709061096a903390600590600401611437565b602060405180830381865afa158015610985573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906109a99190611496565b6109e1576040517f9e066db10000000000000000000000000000000000000000000000000000000081523360048201526024016103b2565b5f819003610a1b576040517f615fd3c000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff83165f908152600260205260408120905b82811015610be2575f848483818110610a5c57610a5c6113dd565b905060200201359050610a6e81610d5b565b73ffffffffffffffffffffffffffffffffffffffff86165f90815260036020908152604080832084845290915281205490819003610af7576040517f996e46b500000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff88166004820152602481018390526044016103b2565b83545f908590610b0990600190611740565b81548110610b1957610b196113dd565b905f5260205f20015490508085600184610b339190611740565b81548110610b4357610b436113dd565b5f91825260208083209091019290925573ffffffffffffffffffffffffffffffffffffffff8a168152600382526040808220848352909252208290558454859080610b9057610b90611778565b5f828152602080822083015f1990810183905590920190925573ffffffffffffffffffffffffffffffffffffffff8a168252600381526040808320958352949052928320929092555050600101610a41565b503373ffffffffffffffffffffffffffffffffffffffff168473ffffffffffffffffffffffffffffffffffffffff167f25a37d40d76e0acfbdb5122937a4858031abccbddd314edbca2d45a2c376bf768585604051610c429291906114f3565b60405180910390a350505050565b73ffffffffffffffffffffffffffffffffffffffff81165f90815260026020908152604091829020805483518184028101840190945280845260609392830182828015610cba57602002820191905f5260205f20905b815481526020019060010190808311610ca6575b50505050509050919050565b5f818152600160205260409020805460609190610ce29061157f565b80601f0160208091040260200160405190810160405280929190818152602001828054610d0e9061157f565b8015610cba5780601f10610d3057610100808354040283529160200191610cba565b820191905f5260205f20905b815481529060010190602001808311610d3c5750939695505050505050565b5f8181526020819052604090205473ffffffffffffffffffffffffffffffffffffffff1680610db9576040517f9e9fe3d8000000000000000000000000000000000000000000000000000000008152600481018390526024016103b2565b73ffffffffffffffffffffffffffffffffffffffff81163314610e27576040517f9958c9a30000000000000000000000000000000000000000000000000000000081526004810183905273ffffffffffffffffffffffffffffffffffffffff821660248201526044016103b2565b5050565b80801580610e395750604081115b15610e70576040517f430f13b300000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f195f5b82811015611173575f858583818110610e8f57610e8f6113dd565b909101357fff00000000000000000000000000000000000000000000000000000000000000169150507f3a00000000000000000000000000000000000000000000000000000000000000819003610f22575f198314610f1a576040517f430f13b300000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b81925061116a565b7f61000000000000000000000000000000000000000000000000000000000000007fff00000000000000000000000000000000000000000000000000000000000000821610801590610fb657507f7a000000000000000000000000000000000000000000000000000000000000007fff00000000000000000000000000000000000000000000000000000000000000821611155b8061105057507f30000000000000000000000000000000000000000000000000000000000000007fff0000000000000000000000000000000000000000000000000000000000000082161080159061105057507f39000000000000000000000000000000000000000000000000000000000000007fff00000000000000000000000000000000000000000000000000000000000000821611155b8061109c57507f5f000000000000000000000000000000000000000000000000000000000000007fff000000000000000000000000000000000000000000000000000000000000008216145b806110e857507f2e000000000000000000000000000000000000000000000000000000000000007fff000000000000000000000000000000000000000000000000000000000000008216145b8061113457507f2d000000000000000000000000000000000000000000000000000000000000007fff000000000000000000000000000000000000000000000000000000000000008216145b61116a576040517f430f13b300000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b50600101610e74565b5080158061118157505f1981145b806111955750611192600183611740565b81145b156111cc576040517f430f13b300000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b50505050565b803573ffffffffffffffffffffffffffffffffffffffff811681146111f5575f5ffd5b919050565b5f6020828403121561120a575f5ffd5b611213826111d2565b9392505050565b5f5f6040838503121561122b575f5ffd5b611234836111d2565b946020939093013593505050565b5f5f5f60408486031215611254575f5ffd5b61125d846111d2565b9250602084013567ffffffffffffffff811115611278575f5ffd5b8401601f81018613611288575f5ffd5b803567ffffffffffffffff81111561129e575f5ffd5b8660208260051b84010111156112b2575f5ffd5b939660209190910195509293505050565b5f5f602083850312156112d4575f5ffd5b823567ffffffffffffffff8111156112ea575f5ffd5b8301601f810185136112fa575f5ffd5b803567ffffffffffffffff811115611310575f5ffd5b856020828401011115611321575f5ffd5b6020919091019590945092505050565b5f60208284031215611341575f5ffd5b5035919050565b602080825282518282018190525f918401906040840190835b8181101561137f578351835260209384019390920191600101611361565b509095945050505050565b602081525f82518060208401528060208501604085015e5f6040828501015260407fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011684010191505092915050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b73ffffffffffffffffffffffffffffffffffffffff831681526040810160078310611489577f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b8260208301529392505050565b5f602082840312156114a6575f5ffd5b81518015158114611213575f5ffd5b5f5f604083850312156114c6575f5ffd5b8251600781106114d4575f5ffd5b6020840151909250600481106114e8575f5ffd5b809150509250929050565b602081528160208201525f7f07ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff83111561152a575f5ffd5b8260051b80856040850137919091016040019392505050565b818382375f9101908152919050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b600181811c9082168061159357607f821691505b6020821081036115ca577f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b50919050565b601f82111561161757805f5260205f20601f840160051c810160208510156115f55750805b601f840160051c820191505b81811015611614575f8155600101611601565b50505b505050565b67ffffffffffffffff83111561163457611634611552565b61164883611642835461157f565b836115d0565b5f601f841160018114611679575f85156116625750838201355b5f19600387901b1c1916600186901b178355611614565b5f838152602081207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08716915b828110156116c657868501358255602094850194600190920191016116a6565b50868210156116e2575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b60208152816020820152818360408301375f818301604090810191909152601f9092017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0160101919050565b818103818111156102c4577f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603160045260245ffd",
}

// AttributeRegistry is an auto generated Go binding around an Ethereum contract.
type AttributeRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *AttributeRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewAttributeRegistry creates a new instance of AttributeRegistry.
func NewAttributeRegistry() *AttributeRegistry {
	parsed, err := AttributeRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &AttributeRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *AttributeRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address registry_) returns()
func (attributeRegistry *AttributeRegistry) PackConstructor(registry_ common.Address) []byte {
	enc, err := attributeRegistry.abi.Pack("", registry_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAssignAttributes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb962e148.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function assignAttributes(address holder, bytes32[] ids) returns()
func (attributeRegistry *AttributeRegistry) PackAssignAttributes(holder common.Address, ids [][32]byte) []byte {
	enc, err := attributeRegistry.abi.Pack("assignAttributes", holder, ids)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAssignAttributes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb962e148.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function assignAttributes(address holder, bytes32[] ids) returns()
func (attributeRegistry *AttributeRegistry) TryPackAssignAttributes(holder common.Address, ids [][32]byte) ([]byte, error) {
	return attributeRegistry.abi.Pack("assignAttributes", holder, ids)
}

// PackAttributesHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14c70eaf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attributesHash(address holder) view returns(bytes32 h)
func (attributeRegistry *AttributeRegistry) PackAttributesHash(holder common.Address) []byte {
	enc, err := attributeRegistry.abi.Pack("attributesHash", holder)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttributesHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14c70eaf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attributesHash(address holder) view returns(bytes32 h)
func (attributeRegistry *AttributeRegistry) TryPackAttributesHash(holder common.Address) ([]byte, error) {
	return attributeRegistry.abi.Pack("attributesHash", holder)
}

// UnpackAttributesHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x14c70eaf.
//
// Solidity: function attributesHash(address holder) view returns(bytes32 h)
func (attributeRegistry *AttributeRegistry) UnpackAttributesHash(data []byte) ([32]byte, error) {
	out, err := attributeRegistry.abi.Unpack("attributesHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAttributesOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5ef51d0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attributesOf(address holder) view returns(bytes32[])
func (attributeRegistry *AttributeRegistry) PackAttributesOf(holder common.Address) []byte {
	enc, err := attributeRegistry.abi.Pack("attributesOf", holder)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttributesOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5ef51d0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attributesOf(address holder) view returns(bytes32[])
func (attributeRegistry *AttributeRegistry) TryPackAttributesOf(holder common.Address) ([]byte, error) {
	return attributeRegistry.abi.Pack("attributesOf", holder)
}

// UnpackAttributesOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd5ef51d0.
//
// Solidity: function attributesOf(address holder) view returns(bytes32[])
func (attributeRegistry *AttributeRegistry) UnpackAttributesOf(data []byte) ([][32]byte, error) {
	out, err := attributeRegistry.abi.Unpack("attributesOf", data)
	if err != nil {
		return *new([][32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([][32]byte)).(*[][32]byte)
	return out0, nil
}

// PackAuthorityOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcf0c017d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function authorityOf(bytes32 id) view returns(address)
func (attributeRegistry *AttributeRegistry) PackAuthorityOf(id [32]byte) []byte {
	enc, err := attributeRegistry.abi.Pack("authorityOf", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAuthorityOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcf0c017d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function authorityOf(bytes32 id) view returns(address)
func (attributeRegistry *AttributeRegistry) TryPackAuthorityOf(id [32]byte) ([]byte, error) {
	return attributeRegistry.abi.Pack("authorityOf", id)
}

// UnpackAuthorityOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcf0c017d.
//
// Solidity: function authorityOf(bytes32 id) view returns(address)
func (attributeRegistry *AttributeRegistry) UnpackAuthorityOf(data []byte) (common.Address, error) {
	out, err := attributeRegistry.abi.Unpack("authorityOf", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackDefineAttribute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbdc0a408.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function defineAttribute(string name) returns(bytes32 id)
func (attributeRegistry *AttributeRegistry) PackDefineAttribute(name string) []byte {
	enc, err := attributeRegistry.abi.Pack("defineAttribute", name)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDefineAttribute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbdc0a408.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function defineAttribute(string name) returns(bytes32 id)
func (attributeRegistry *AttributeRegistry) TryPackDefineAttribute(name string) ([]byte, error) {
	return attributeRegistry.abi.Pack("defineAttribute", name)
}

// UnpackDefineAttribute is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbdc0a408.
//
// Solidity: function defineAttribute(string name) returns(bytes32 id)
func (attributeRegistry *AttributeRegistry) UnpackDefineAttribute(data []byte) ([32]byte, error) {
	out, err := attributeRegistry.abi.Unpack("defineAttribute", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackHasAttribute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7338c25c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hasAttribute(address holder, bytes32 id) view returns(bool)
func (attributeRegistry *AttributeRegistry) PackHasAttribute(holder common.Address, id [32]byte) []byte {
	enc, err := attributeRegistry.abi.Pack("hasAttribute", holder, id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHasAttribute is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7338c25c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hasAttribute(address holder, bytes32 id) view returns(bool)
func (attributeRegistry *AttributeRegistry) TryPackHasAttribute(holder common.Address, id [32]byte) ([]byte, error) {
	return attributeRegistry.abi.Pack("hasAttribute", holder, id)
}

// UnpackHasAttribute is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7338c25c.
//
// Solidity: function hasAttribute(address holder, bytes32 id) view returns(bool)
func (attributeRegistry *AttributeRegistry) UnpackHasAttribute(data []byte) (bool, error) {
	out, err := attributeRegistry.abi.Unpack("hasAttribute", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackNameOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe532a034.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nameOf(bytes32 id) view returns(string)
func (attributeRegistry *AttributeRegistry) PackNameOf(id [32]byte) []byte {
	enc, err := attributeRegistry.abi.Pack("nameOf", id)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNameOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe532a034.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nameOf(bytes32 id) view returns(string)
func (attributeRegistry *AttributeRegistry) TryPackNameOf(id [32]byte) ([]byte, error) {
	return attributeRegistry.abi.Pack("nameOf", id)
}

// UnpackNameOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe532a034.
//
// Solidity: function nameOf(bytes32 id) view returns(string)
func (attributeRegistry *AttributeRegistry) UnpackNameOf(data []byte) (string, error) {
	out, err := attributeRegistry.abi.Unpack("nameOf", data)
	if err != nil {
		return *new(string), err
	}
	out0 := *abi.ConvertType(out[0], new(string)).(*string)
	return out0, nil
}

// PackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registry() view returns(address)
func (attributeRegistry *AttributeRegistry) PackRegistry() []byte {
	enc, err := attributeRegistry.abi.Pack("registry")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registry() view returns(address)
func (attributeRegistry *AttributeRegistry) TryPackRegistry() ([]byte, error) {
	return attributeRegistry.abi.Pack("registry")
}

// UnpackRegistry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (attributeRegistry *AttributeRegistry) UnpackRegistry(data []byte) (common.Address, error) {
	out, err := attributeRegistry.abi.Unpack("registry", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRevokeAttributes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca87d1ae.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revokeAttributes(address holder, bytes32[] ids) returns()
func (attributeRegistry *AttributeRegistry) PackRevokeAttributes(holder common.Address, ids [][32]byte) []byte {
	enc, err := attributeRegistry.abi.Pack("revokeAttributes", holder, ids)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevokeAttributes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xca87d1ae.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revokeAttributes(address holder, bytes32[] ids) returns()
func (attributeRegistry *AttributeRegistry) TryPackRevokeAttributes(holder common.Address, ids [][32]byte) ([]byte, error) {
	return attributeRegistry.abi.Pack("revokeAttributes", holder, ids)
}

// AttributeRegistryAttributeDefined represents a AttributeDefined event raised by the AttributeRegistry contract.
type AttributeRegistryAttributeDefined struct {
	Id        [32]byte
	Authority common.Address
	Name      string
	Raw       *types.Log // Blockchain specific contextual infos
}

const AttributeRegistryAttributeDefinedEventName = "AttributeDefined"

// ContractEventName returns the user-defined event name.
func (AttributeRegistryAttributeDefined) ContractEventName() string {
	return AttributeRegistryAttributeDefinedEventName
}

// UnpackAttributeDefinedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AttributeDefined(bytes32 indexed id, address indexed authority, string name)
func (attributeRegistry *AttributeRegistry) UnpackAttributeDefinedEvent(log *types.Log) (*AttributeRegistryAttributeDefined, error) {
	event := "AttributeDefined"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != attributeRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AttributeRegistryAttributeDefined)
	if len(log.Data) > 0 {
		if err := attributeRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range attributeRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AttributeRegistryAttributesAssigned represents a AttributesAssigned event raised by the AttributeRegistry contract.
type AttributeRegistryAttributesAssigned struct {
	Holder    common.Address
	Authority common.Address
	Ids       [][32]byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const AttributeRegistryAttributesAssignedEventName = "AttributesAssigned"

// ContractEventName returns the user-defined event name.
func (AttributeRegistryAttributesAssigned) ContractEventName() string {
	return AttributeRegistryAttributesAssignedEventName
}

// UnpackAttributesAssignedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AttributesAssigned(address indexed holder, address indexed authority, bytes32[] ids)
func (attributeRegistry *AttributeRegistry) UnpackAttributesAssignedEvent(log *types.Log) (*AttributeRegistryAttributesAssigned, error) {
	event := "AttributesAssigned"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != attributeRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AttributeRegistryAttributesAssigned)
	if len(log.Data) > 0 {
		if err := attributeRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range attributeRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// AttributeRegistryAttributesRevoked represents a AttributesRevoked event raised by the AttributeRegistry contract.
type AttributeRegistryAttributesRevoked struct {
	Holder    common.Address
	Authority common.Address
	Ids       [][32]byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const AttributeRegistryAttributesRevokedEventName = "AttributesRevoked"

// ContractEventName returns the user-defined event name.
func (AttributeRegistryAttributesRevoked) ContractEventName() string {
	return AttributeRegistryAttributesRevokedEventName
}

// UnpackAttributesRevokedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AttributesRevoked(address indexed holder, address indexed authority, bytes32[] ids)
func (attributeRegistry *AttributeRegistry) UnpackAttributesRevokedEvent(log *types.Log) (*AttributeRegistryAttributesRevoked, error) {
	event := "AttributesRevoked"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != attributeRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(AttributeRegistryAttributesRevoked)
	if len(log.Data) > 0 {
		if err := attributeRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range attributeRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (attributeRegistry *AttributeRegistry) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["AlreadyAssigned"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackAlreadyAssignedError(raw[4:])
	}
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["AttributeExists"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackAttributeExistsError(raw[4:])
	}
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["EmptyList"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackEmptyListError(raw[4:])
	}
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["HolderNotActive"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackHolderNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["InvalidName"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackInvalidNameError(raw[4:])
	}
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["NotAssigned"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackNotAssignedError(raw[4:])
	}
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["NotAttributeAuthority"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackNotAttributeAuthorityError(raw[4:])
	}
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["NotAuthority"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackNotAuthorityError(raw[4:])
	}
	if bytes.Equal(raw[:4], attributeRegistry.abi.Errors["UnknownAttribute"].ID.Bytes()[:4]) {
		return attributeRegistry.UnpackUnknownAttributeError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// AttributeRegistryAlreadyAssigned represents a AlreadyAssigned error raised by the AttributeRegistry contract.
type AttributeRegistryAlreadyAssigned struct {
	Holder common.Address
	Id     [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyAssigned(address holder, bytes32 id)
func AttributeRegistryAlreadyAssignedErrorID() common.Hash {
	return common.HexToHash("0xb15cb5fa9d2109d43195b17a6d73397e5c3fee95b0dbdb374138517f36579291")
}

// UnpackAlreadyAssignedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyAssigned(address holder, bytes32 id)
func (attributeRegistry *AttributeRegistry) UnpackAlreadyAssignedError(raw []byte) (*AttributeRegistryAlreadyAssigned, error) {
	out := new(AttributeRegistryAlreadyAssigned)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "AlreadyAssigned", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryAttributeExists represents a AttributeExists error raised by the AttributeRegistry contract.
type AttributeRegistryAttributeExists struct {
	Id [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AttributeExists(bytes32 id)
func AttributeRegistryAttributeExistsErrorID() common.Hash {
	return common.HexToHash("0x7c614a5be951ccb69657684f062b50f506a3c47ebd3a409977fa6d800d537688")
}

// UnpackAttributeExistsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AttributeExists(bytes32 id)
func (attributeRegistry *AttributeRegistry) UnpackAttributeExistsError(raw []byte) (*AttributeRegistryAttributeExists, error) {
	out := new(AttributeRegistryAttributeExists)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "AttributeExists", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryEmptyList represents a EmptyList error raised by the AttributeRegistry contract.
type AttributeRegistryEmptyList struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyList()
func AttributeRegistryEmptyListErrorID() common.Hash {
	return common.HexToHash("0x615fd3c02005f5985caa07dc223351acb59278d6688b7dac93b675c8601c68f7")
}

// UnpackEmptyListError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyList()
func (attributeRegistry *AttributeRegistry) UnpackEmptyListError(raw []byte) (*AttributeRegistryEmptyList, error) {
	out := new(AttributeRegistryEmptyList)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "EmptyList", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryHolderNotActive represents a HolderNotActive error raised by the AttributeRegistry contract.
type AttributeRegistryHolderNotActive struct {
	Holder common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error HolderNotActive(address holder)
func AttributeRegistryHolderNotActiveErrorID() common.Hash {
	return common.HexToHash("0xe05f8f32f30b80e67d4ba3bacdcbff72b8c0a62fa18a01bbc21826e7ea13774d")
}

// UnpackHolderNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error HolderNotActive(address holder)
func (attributeRegistry *AttributeRegistry) UnpackHolderNotActiveError(raw []byte) (*AttributeRegistryHolderNotActive, error) {
	out := new(AttributeRegistryHolderNotActive)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "HolderNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryInvalidName represents a InvalidName error raised by the AttributeRegistry contract.
type AttributeRegistryInvalidName struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidName()
func AttributeRegistryInvalidNameErrorID() common.Hash {
	return common.HexToHash("0x430f13b3258f41708e03c9ac10900c92a05198a20080a57c2127a1b40ea76e92")
}

// UnpackInvalidNameError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidName()
func (attributeRegistry *AttributeRegistry) UnpackInvalidNameError(raw []byte) (*AttributeRegistryInvalidName, error) {
	out := new(AttributeRegistryInvalidName)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "InvalidName", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryNotAssigned represents a NotAssigned error raised by the AttributeRegistry contract.
type AttributeRegistryNotAssigned struct {
	Holder common.Address
	Id     [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAssigned(address holder, bytes32 id)
func AttributeRegistryNotAssignedErrorID() common.Hash {
	return common.HexToHash("0x996e46b58dfcd30a70330b3f7aa2077a62942008c50a052e3226a279fb7cb10d")
}

// UnpackNotAssignedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAssigned(address holder, bytes32 id)
func (attributeRegistry *AttributeRegistry) UnpackNotAssignedError(raw []byte) (*AttributeRegistryNotAssigned, error) {
	out := new(AttributeRegistryNotAssigned)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "NotAssigned", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryNotAttributeAuthority represents a NotAttributeAuthority error raised by the AttributeRegistry contract.
type AttributeRegistryNotAttributeAuthority struct {
	Id        [32]byte
	Authority common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAttributeAuthority(bytes32 id, address authority)
func AttributeRegistryNotAttributeAuthorityErrorID() common.Hash {
	return common.HexToHash("0x9958c9a32ca285bc49a45e150d7b7589cefb073fbc35eda71a0c37b3a915b1ab")
}

// UnpackNotAttributeAuthorityError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAttributeAuthority(bytes32 id, address authority)
func (attributeRegistry *AttributeRegistry) UnpackNotAttributeAuthorityError(raw []byte) (*AttributeRegistryNotAttributeAuthority, error) {
	out := new(AttributeRegistryNotAttributeAuthority)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "NotAttributeAuthority", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryNotAuthority represents a NotAuthority error raised by the AttributeRegistry contract.
type AttributeRegistryNotAuthority struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAuthority(address caller)
func AttributeRegistryNotAuthorityErrorID() common.Hash {
	return common.HexToHash("0x9e066db10485fe5061603cf3250900c413eb0779450f2dd0e086cc49366ce3ae")
}

// UnpackNotAuthorityError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAuthority(address caller)
func (attributeRegistry *AttributeRegistry) UnpackNotAuthorityError(raw []byte) (*AttributeRegistryNotAuthority, error) {
	out := new(AttributeRegistryNotAuthority)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "NotAuthority", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// AttributeRegistryUnknownAttribute represents a UnknownAttribute error raised by the AttributeRegistry contract.
type AttributeRegistryUnknownAttribute struct {
	Id [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownAttribute(bytes32 id)
func AttributeRegistryUnknownAttributeErrorID() common.Hash {
	return common.HexToHash("0x9e9fe3d8776f3af757c8b57ba7e70b428481754b87a53c3ac1212323bd33f0dd")
}

// UnpackUnknownAttributeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownAttribute(bytes32 id)
func (attributeRegistry *AttributeRegistry) UnpackUnknownAttributeError(raw []byte) (*AttributeRegistryUnknownAttribute, error) {
	out := new(AttributeRegistryUnknownAttribute)
	if err := attributeRegistry.abi.UnpackIntoInterface(out, "UnknownAttribute", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeyIssuerMetaData contains all meta data concerning the KeyIssuer contract.
var KeyIssuerMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"registry_\",\"type\":\"address\"},{\"internalType\":\"contractIAttributeRegistry\",\"name\":\"attributes_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"attributes\",\"outputs\":[{\"internalType\":\"contractIAttributeRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"keyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"keyRef\",\"type\":\"bytes\"}],\"name\":\"issueKey\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"keyRequest\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"enumIKeyIssuer.KeyStatus\",\"name\":\"status\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"attributesHash\",\"type\":\"bytes32\"}],\"internalType\":\"structIKeyIssuer.KeyRequest\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"keyRequestCount\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"registry\",\"outputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"rejectKey\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"}],\"name\":\"requestKey\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"oracle\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"keyHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"keyRef\",\"type\":\"bytes\"}],\"name\":\"KeyIssued\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"oracle\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"KeyRejected\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"attributesHash\",\"type\":\"bytes32\"}],\"name\":\"KeyRequested\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"AlreadyAnswered\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"InvalidReason\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"NoAttributes\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotOracle\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"RequesterNotActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"}],\"name\":\"UnknownKeyRequest\",\"type\":\"error\"}]",
	ID:  "2706b21793572b656675c25feecefcd541",
	Bin: "0x60c060405234801561000f575f5ffd5b50604051610fd9380380610fd983398101604081905261002e9161005c565b6001600160a01b039182166080521660a052610094565b6001600160a01b0381168114610059575f5ffd5b50565b5f5f6040838503121561006d575f5ffd5b825161007881610045565b602084015190925061008981610045565b809150509250929050565b60805160a051610f0a6100cf5f395f818160d401526106f801525f81816083015281816101ba015281816103da01526105d20152610f0a5ff3fe608060405234801561000f575f5ffd5b506004361061007a575f3560e01c8063aff3805111610058578063aff380511461010b578063b87184da1461011e578063d73cd0ac1461014a578063f8f97f551461016a575f5ffd5b80637b1039991461007e57806393e1ea41146100cf578063ae0e378a146100f6575b5f5ffd5b6100a57f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff90911681526020015b60405180910390f35b6100a57f000000000000000000000000000000000000000000000000000000000000000081565b610109610104366004610bef565b61017d565b005b610109610119366004610c29565b61039d565b61013161012c366004610cac565b610589565b60405167ffffffffffffffff90911681526020016100c6565b61015d610158366004610ce6565b6109e0565b6040516100c69190610d2c565b5f546101319067ffffffffffffffff1681565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea70906101f19033906004908101610da6565b602060405180830381865afa15801561020c573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906102309190610de0565b61026d576040517fdf4f82400000000000000000000000000000000000000000000000000000000081523360048201526024015b60405180910390fd5b60ff811615806102805750600a60ff8216115b156102bc576040517f8bb9733100000000000000000000000000000000000000000000000000000000815260ff82166004820152602401610264565b5f6102c683610ad1565b60018101805460ff8516750100000000000000000000000000000000000000000081027fffffffffffffffffffff0000ffffffffffffffffffffffffffffffffffffffff831681177403000000000000000000000000000000000000000017909355835460408051338152602081019390935294955073ffffffffffffffffffffffffffffffffffffffff9384169284169290921793929091169167ffffffffffffffff8716917f336ae3c5a791a023adb376c53766a6a8be115f20fbcb9267c9d1396eaefb820b910160405180910390a4505050565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea70906104119033906004908101610da6565b602060405180830381865afa15801561042c573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906104509190610de0565b610488576040517fdf4f8240000000000000000000000000000000000000000000000000000000008152336004820152602401610264565b821580610493575080155b156104ca576040517f81daaa8000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f6104d485610ad1565b600181018054740200000000000000000000000000000000000000007fffffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffff821617909155815460405192935073ffffffffffffffffffffffffffffffffffffffff9182169291169067ffffffffffffffff8816907f18f6c4e256686fdfd89756d974f82790bbfebee5ec62012a417d960212b79ef29061057a9033908a908a908a90610dff565b60405180910390a45050505050565b6040517fa5d7827e0000000000000000000000000000000000000000000000000000000081523360048201525f908190819073ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000169063a5d7827e906024016040805180830381865afa158015610616573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061063a9190610e6f565b9092509050600181600381111561065357610653610cff565b14158061068f5750600382600681111561066f5761066f610cff565b1415801561068f5750600282600681111561068c5761068c610cff565b14155b156106c8576040517fb7a4117e000000000000000000000000000000000000000000000000000000008152336004820152602401610264565b6040517f14c70eaf0000000000000000000000000000000000000000000000000000000081523360048201525f907f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff16906314c70eaf90602401602060405180830381865afa158015610752573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107769190610ea2565b9050806107b1576040517fa7d55fcf000000000000000000000000000000000000000000000000000000008152336004820152602401610264565b5f805481906107c99067ffffffffffffffff16610eb9565b91906101000a81548167ffffffffffffffff021916908367ffffffffffffffff160217905593506040518060a001604052803373ffffffffffffffffffffffffffffffffffffffff1681526020018673ffffffffffffffffffffffffffffffffffffffff1681526020016001600381111561084657610846610cff565b81525f6020808301829052604092830185905267ffffffffffffffff88168252600180825291839020845181547fffffffffffffffffffffffff000000000000000000000000000000000000000090811673ffffffffffffffffffffffffffffffffffffffff928316178355928601519382018054938416949091169384178155938501519093909290917fffffffffffffffffffffff00000000000000000000000000000000000000000016177401000000000000000000000000000000000000000083600381111561091c5761091c610cff565b0217905550606082015160018201805460ff9092167501000000000000000000000000000000000000000000027fffffffffffffffffffff00ffffffffffffffffffffffffffffffffffffffffff90921691909117905560809091015160029091015560405181815273ffffffffffffffffffffffffffffffffffffffff861690339067ffffffffffffffff8716907ff5e5403399ed222f2103aed671dded53c3c8d2a1f083c930a4e4206254c2685d9060200160405180910390a4505050919050565b6040805160a080820183525f8083526020808401829052838501829052606084018290526080840182905267ffffffffffffffff8616825260018082529185902085519384018652805473ffffffffffffffffffffffffffffffffffffffff90811685529281015492831691840191909152929391929183019074010000000000000000000000000000000000000000900460ff166003811115610a8657610a86610cff565b6003811115610a9757610a97610cff565b815260018201547501000000000000000000000000000000000000000000900460ff16602082015260029091015460409091015292915050565b67ffffffffffffffff81165f90815260016020526040812090600182015474010000000000000000000000000000000000000000900460ff166003811115610b1b57610b1b610cff565b03610b5e576040517f0c73a74700000000000000000000000000000000000000000000000000000000815267ffffffffffffffff83166004820152602401610264565b60018082015474010000000000000000000000000000000000000000900460ff166003811115610b9057610b90610cff565b14610bd3576040517f21f14a7400000000000000000000000000000000000000000000000000000000815267ffffffffffffffff83166004820152602401610264565b919050565b803567ffffffffffffffff81168114610bd3575f5ffd5b5f5f60408385031215610c00575f5ffd5b610c0983610bd8565b9150602083013560ff81168114610c1e575f5ffd5b809150509250929050565b5f5f5f5f60608587031215610c3c575f5ffd5b610c4585610bd8565b935060208501359250604085013567ffffffffffffffff811115610c67575f5ffd5b8501601f81018713610c77575f5ffd5b803567ffffffffffffffff811115610c8d575f5ffd5b876020828401011115610c9e575f5ffd5b949793965060200194505050565b5f60208284031215610cbc575f5ffd5b813573ffffffffffffffffffffffffffffffffffffffff81168114610cdf575f5ffd5b9392505050565b5f60208284031215610cf6575f5ffd5b610cdf82610bd8565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b5f60a08201905073ffffffffffffffffffffffffffffffffffffffff835116825273ffffffffffffffffffffffffffffffffffffffff6020840151166020830152604083015160048110610d8257610d82610cff565b8060408401525060ff60608401511660608301526080830151608083015292915050565b73ffffffffffffffffffffffffffffffffffffffff831681526040810160078310610dd357610dd3610cff565b8260208301529392505050565b5f60208284031215610df0575f5ffd5b81518015158114610cdf575f5ffd5b73ffffffffffffffffffffffffffffffffffffffff8516815283602082015260606040820152816060820152818360808301375f818301608090810191909152601f9092017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe01601019392505050565b5f5f60408385031215610e80575f5ffd5b825160078110610e8e575f5ffd5b602084015190925060048110610c1e575f5ffd5b5f60208284031215610eb2575f5ffd5b5051919050565b5f67ffffffffffffffff821667ffffffffffffffff8103610f01577f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b6001019291505056",
}

// KeyIssuer is an auto generated Go binding around an Ethereum contract.
type KeyIssuer struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *KeyIssuer) GetABI() abi.ABI {
	return c.abi
}

// NewKeyIssuer creates a new instance of KeyIssuer.
func NewKeyIssuer() *KeyIssuer {
	parsed, err := KeyIssuerMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &KeyIssuer{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *KeyIssuer) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address registry_, address attributes_) returns()
func (keyIssuer *KeyIssuer) PackConstructor(registry_ common.Address, attributes_ common.Address) []byte {
	enc, err := keyIssuer.abi.Pack("", registry_, attributes_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAttributes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x93e1ea41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function attributes() view returns(address)
func (keyIssuer *KeyIssuer) PackAttributes() []byte {
	enc, err := keyIssuer.abi.Pack("attributes")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAttributes is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x93e1ea41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function attributes() view returns(address)
func (keyIssuer *KeyIssuer) TryPackAttributes() ([]byte, error) {
	return keyIssuer.abi.Pack("attributes")
}

// UnpackAttributes is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x93e1ea41.
//
// Solidity: function attributes() view returns(address)
func (keyIssuer *KeyIssuer) UnpackAttributes(data []byte) (common.Address, error) {
	out, err := keyIssuer.abi.Unpack("attributes", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackIssueKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaff38051.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function issueKey(uint64 requestId, bytes32 keyHash, bytes keyRef) returns()
func (keyIssuer *KeyIssuer) PackIssueKey(requestId uint64, keyHash [32]byte, keyRef []byte) []byte {
	enc, err := keyIssuer.abi.Pack("issueKey", requestId, keyHash, keyRef)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIssueKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaff38051.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function issueKey(uint64 requestId, bytes32 keyHash, bytes keyRef) returns()
func (keyIssuer *KeyIssuer) TryPackIssueKey(requestId uint64, keyHash [32]byte, keyRef []byte) ([]byte, error) {
	return keyIssuer.abi.Pack("issueKey", requestId, keyHash, keyRef)
}

// PackKeyRequest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd73cd0ac.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function keyRequest(uint64 requestId) view returns((address,address,uint8,uint8,bytes32))
func (keyIssuer *KeyIssuer) PackKeyRequest(requestId uint64) []byte {
	enc, err := keyIssuer.abi.Pack("keyRequest", requestId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackKeyRequest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd73cd0ac.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function keyRequest(uint64 requestId) view returns((address,address,uint8,uint8,bytes32))
func (keyIssuer *KeyIssuer) TryPackKeyRequest(requestId uint64) ([]byte, error) {
	return keyIssuer.abi.Pack("keyRequest", requestId)
}

// UnpackKeyRequest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd73cd0ac.
//
// Solidity: function keyRequest(uint64 requestId) view returns((address,address,uint8,uint8,bytes32))
func (keyIssuer *KeyIssuer) UnpackKeyRequest(data []byte) (IKeyIssuerKeyRequest, error) {
	out, err := keyIssuer.abi.Unpack("keyRequest", data)
	if err != nil {
		return *new(IKeyIssuerKeyRequest), err
	}
	out0 := *abi.ConvertType(out[0], new(IKeyIssuerKeyRequest)).(*IKeyIssuerKeyRequest)
	return out0, nil
}

// PackKeyRequestCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf8f97f55.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function keyRequestCount() view returns(uint64)
func (keyIssuer *KeyIssuer) PackKeyRequestCount() []byte {
	enc, err := keyIssuer.abi.Pack("keyRequestCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackKeyRequestCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf8f97f55.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function keyRequestCount() view returns(uint64)
func (keyIssuer *KeyIssuer) TryPackKeyRequestCount() ([]byte, error) {
	return keyIssuer.abi.Pack("keyRequestCount")
}

// UnpackKeyRequestCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf8f97f55.
//
// Solidity: function keyRequestCount() view returns(uint64)
func (keyIssuer *KeyIssuer) UnpackKeyRequestCount(data []byte) (uint64, error) {
	out, err := keyIssuer.abi.Unpack("keyRequestCount", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registry() view returns(address)
func (keyIssuer *KeyIssuer) PackRegistry() []byte {
	enc, err := keyIssuer.abi.Pack("registry")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registry() view returns(address)
func (keyIssuer *KeyIssuer) TryPackRegistry() ([]byte, error) {
	return keyIssuer.abi.Pack("registry")
}

// UnpackRegistry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (keyIssuer *KeyIssuer) UnpackRegistry(data []byte) (common.Address, error) {
	out, err := keyIssuer.abi.Unpack("registry", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRejectKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xae0e378a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rejectKey(uint64 requestId, uint8 reason) returns()
func (keyIssuer *KeyIssuer) PackRejectKey(requestId uint64, reason uint8) []byte {
	enc, err := keyIssuer.abi.Pack("rejectKey", requestId, reason)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRejectKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xae0e378a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rejectKey(uint64 requestId, uint8 reason) returns()
func (keyIssuer *KeyIssuer) TryPackRejectKey(requestId uint64, reason uint8) ([]byte, error) {
	return keyIssuer.abi.Pack("rejectKey", requestId, reason)
}

// PackRequestKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb87184da.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function requestKey(address patient) returns(uint64 requestId)
func (keyIssuer *KeyIssuer) PackRequestKey(patient common.Address) []byte {
	enc, err := keyIssuer.abi.Pack("requestKey", patient)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRequestKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb87184da.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function requestKey(address patient) returns(uint64 requestId)
func (keyIssuer *KeyIssuer) TryPackRequestKey(patient common.Address) ([]byte, error) {
	return keyIssuer.abi.Pack("requestKey", patient)
}

// UnpackRequestKey is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb87184da.
//
// Solidity: function requestKey(address patient) returns(uint64 requestId)
func (keyIssuer *KeyIssuer) UnpackRequestKey(data []byte) (uint64, error) {
	out, err := keyIssuer.abi.Unpack("requestKey", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// KeyIssuerKeyIssued represents a KeyIssued event raised by the KeyIssuer contract.
type KeyIssuerKeyIssued struct {
	RequestId uint64
	Requester common.Address
	Patient   common.Address
	Oracle    common.Address
	KeyHash   [32]byte
	KeyRef    []byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const KeyIssuerKeyIssuedEventName = "KeyIssued"

// ContractEventName returns the user-defined event name.
func (KeyIssuerKeyIssued) ContractEventName() string {
	return KeyIssuerKeyIssuedEventName
}

// UnpackKeyIssuedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event KeyIssued(uint64 indexed requestId, address indexed requester, address indexed patient, address oracle, bytes32 keyHash, bytes keyRef)
func (keyIssuer *KeyIssuer) UnpackKeyIssuedEvent(log *types.Log) (*KeyIssuerKeyIssued, error) {
	event := "KeyIssued"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != keyIssuer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(KeyIssuerKeyIssued)
	if len(log.Data) > 0 {
		if err := keyIssuer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range keyIssuer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// KeyIssuerKeyRejected represents a KeyRejected event raised by the KeyIssuer contract.
type KeyIssuerKeyRejected struct {
	RequestId uint64
	Requester common.Address
	Patient   common.Address
	Oracle    common.Address
	Reason    uint8
	Raw       *types.Log // Blockchain specific contextual infos
}

const KeyIssuerKeyRejectedEventName = "KeyRejected"

// ContractEventName returns the user-defined event name.
func (KeyIssuerKeyRejected) ContractEventName() string {
	return KeyIssuerKeyRejectedEventName
}

// UnpackKeyRejectedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event KeyRejected(uint64 indexed requestId, address indexed requester, address indexed patient, address oracle, uint8 reason)
func (keyIssuer *KeyIssuer) UnpackKeyRejectedEvent(log *types.Log) (*KeyIssuerKeyRejected, error) {
	event := "KeyRejected"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != keyIssuer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(KeyIssuerKeyRejected)
	if len(log.Data) > 0 {
		if err := keyIssuer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range keyIssuer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// KeyIssuerKeyRequested represents a KeyRequested event raised by the KeyIssuer contract.
type KeyIssuerKeyRequested struct {
	RequestId      uint64
	Requester      common.Address
	Patient        common.Address
	AttributesHash [32]byte
	Raw            *types.Log // Blockchain specific contextual infos
}

const KeyIssuerKeyRequestedEventName = "KeyRequested"

// ContractEventName returns the user-defined event name.
func (KeyIssuerKeyRequested) ContractEventName() string {
	return KeyIssuerKeyRequestedEventName
}

// UnpackKeyRequestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event KeyRequested(uint64 indexed requestId, address indexed requester, address indexed patient, bytes32 attributesHash)
func (keyIssuer *KeyIssuer) UnpackKeyRequestedEvent(log *types.Log) (*KeyIssuerKeyRequested, error) {
	event := "KeyRequested"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != keyIssuer.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(KeyIssuerKeyRequested)
	if len(log.Data) > 0 {
		if err := keyIssuer.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range keyIssuer.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (keyIssuer *KeyIssuer) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], keyIssuer.abi.Errors["AlreadyAnswered"].ID.Bytes()[:4]) {
		return keyIssuer.UnpackAlreadyAnsweredError(raw[4:])
	}
	if bytes.Equal(raw[:4], keyIssuer.abi.Errors["EmptyField"].ID.Bytes()[:4]) {
		return keyIssuer.UnpackEmptyFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], keyIssuer.abi.Errors["InvalidReason"].ID.Bytes()[:4]) {
		return keyIssuer.UnpackInvalidReasonError(raw[4:])
	}
	if bytes.Equal(raw[:4], keyIssuer.abi.Errors["NoAttributes"].ID.Bytes()[:4]) {
		return keyIssuer.UnpackNoAttributesError(raw[4:])
	}
	if bytes.Equal(raw[:4], keyIssuer.abi.Errors["NotOracle"].ID.Bytes()[:4]) {
		return keyIssuer.UnpackNotOracleError(raw[4:])
	}
	if bytes.Equal(raw[:4], keyIssuer.abi.Errors["RequesterNotActive"].ID.Bytes()[:4]) {
		return keyIssuer.UnpackRequesterNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], keyIssuer.abi.Errors["UnknownKeyRequest"].ID.Bytes()[:4]) {
		return keyIssuer.UnpackUnknownKeyRequestError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// KeyIssuerAlreadyAnswered represents a AlreadyAnswered error raised by the KeyIssuer contract.
type KeyIssuerAlreadyAnswered struct {
	RequestId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyAnswered(uint64 requestId)
func KeyIssuerAlreadyAnsweredErrorID() common.Hash {
	return common.HexToHash("0x21f14a74728674dbda73f7ce232ed8d2fef74fe3d23fa955aa4f50291085a748")
}

// UnpackAlreadyAnsweredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyAnswered(uint64 requestId)
func (keyIssuer *KeyIssuer) UnpackAlreadyAnsweredError(raw []byte) (*KeyIssuerAlreadyAnswered, error) {
	out := new(KeyIssuerAlreadyAnswered)
	if err := keyIssuer.abi.UnpackIntoInterface(out, "AlreadyAnswered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeyIssuerEmptyField represents a EmptyField error raised by the KeyIssuer contract.
type KeyIssuerEmptyField struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyField()
func KeyIssuerEmptyFieldErrorID() common.Hash {
	return common.HexToHash("0x81daaa801e13353e7fa84f93675fef6c2f0c06cd7a9028b1700243a9bd06cf79")
}

// UnpackEmptyFieldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyField()
func (keyIssuer *KeyIssuer) UnpackEmptyFieldError(raw []byte) (*KeyIssuerEmptyField, error) {
	out := new(KeyIssuerEmptyField)
	if err := keyIssuer.abi.UnpackIntoInterface(out, "EmptyField", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeyIssuerInvalidReason represents a InvalidReason error raised by the KeyIssuer contract.
type KeyIssuerInvalidReason struct {
	Reason uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidReason(uint8 reason)
func KeyIssuerInvalidReasonErrorID() common.Hash {
	return common.HexToHash("0x8bb97331150d340e5b7adcde543bbf3091bd60b0b9334dadfb4a480e97d10161")
}

// UnpackInvalidReasonError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidReason(uint8 reason)
func (keyIssuer *KeyIssuer) UnpackInvalidReasonError(raw []byte) (*KeyIssuerInvalidReason, error) {
	out := new(KeyIssuerInvalidReason)
	if err := keyIssuer.abi.UnpackIntoInterface(out, "InvalidReason", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeyIssuerNoAttributes represents a NoAttributes error raised by the KeyIssuer contract.
type KeyIssuerNoAttributes struct {
	Requester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoAttributes(address requester)
func KeyIssuerNoAttributesErrorID() common.Hash {
	return common.HexToHash("0xa7d55fcfcd3a945b26490471f61f5f0e40c5e47727dd493d21711f323eb7783b")
}

// UnpackNoAttributesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoAttributes(address requester)
func (keyIssuer *KeyIssuer) UnpackNoAttributesError(raw []byte) (*KeyIssuerNoAttributes, error) {
	out := new(KeyIssuerNoAttributes)
	if err := keyIssuer.abi.UnpackIntoInterface(out, "NoAttributes", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeyIssuerNotOracle represents a NotOracle error raised by the KeyIssuer contract.
type KeyIssuerNotOracle struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotOracle(address caller)
func KeyIssuerNotOracleErrorID() common.Hash {
	return common.HexToHash("0xdf4f82405d961fcad9f2ba02ce8e436cf5eedd191691916020e727d24df31ee4")
}

// UnpackNotOracleError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotOracle(address caller)
func (keyIssuer *KeyIssuer) UnpackNotOracleError(raw []byte) (*KeyIssuerNotOracle, error) {
	out := new(KeyIssuerNotOracle)
	if err := keyIssuer.abi.UnpackIntoInterface(out, "NotOracle", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeyIssuerRequesterNotActive represents a RequesterNotActive error raised by the KeyIssuer contract.
type KeyIssuerRequesterNotActive struct {
	Requester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RequesterNotActive(address requester)
func KeyIssuerRequesterNotActiveErrorID() common.Hash {
	return common.HexToHash("0xb7a4117ef83902ea7dbe20b210cf59fab5dc2ef22b7ec9e8653ae2b20bc866f8")
}

// UnpackRequesterNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RequesterNotActive(address requester)
func (keyIssuer *KeyIssuer) UnpackRequesterNotActiveError(raw []byte) (*KeyIssuerRequesterNotActive, error) {
	out := new(KeyIssuerRequesterNotActive)
	if err := keyIssuer.abi.UnpackIntoInterface(out, "RequesterNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeyIssuerUnknownKeyRequest represents a UnknownKeyRequest error raised by the KeyIssuer contract.
type KeyIssuerUnknownKeyRequest struct {
	RequestId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownKeyRequest(uint64 requestId)
func KeyIssuerUnknownKeyRequestErrorID() common.Hash {
	return common.HexToHash("0x0c73a747578c8e2ef27e7381fcdc85d86d8033e08585eac9aaf8899afedd1d60")
}

// UnpackUnknownKeyRequestError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownKeyRequest(uint64 requestId)
func (keyIssuer *KeyIssuer) UnpackUnknownKeyRequestError(raw []byte) (*KeyIssuerUnknownKeyRequest, error) {
	out := new(KeyIssuerUnknownKeyRequest)
	if err := keyIssuer.abi.UnpackIntoInterface(out, "UnknownKeyRequest", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeywordIndexMetaData contains all meta data concerning the KeywordIndex contract.
var KeywordIndexMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"registry_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"labels\",\"type\":\"bytes32[]\"},{\"internalType\":\"bytes32[]\",\"name\":\"values\",\"type\":\"bytes32[]\"}],\"name\":\"addEntries\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"addRequester\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"requesters\",\"type\":\"address[]\"}],\"name\":\"addRequesters\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"token\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"offset\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"entries\",\"outputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"values\",\"type\":\"bytes32[]\"},{\"internalType\":\"bool\",\"name\":\"more\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"label\",\"type\":\"bytes32\"}],\"name\":\"entryAt\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"value\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"isRequester\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"token\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"i\",\"type\":\"uint256\"}],\"name\":\"labelAt\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"label\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"keyRef\",\"type\":\"bytes\"}],\"name\":\"publishSearchKey\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"registry\",\"outputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"removeRequester\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"requesters\",\"type\":\"address[]\"}],\"name\":\"removeRequesters\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"token\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"offset\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"limit\",\"type\":\"uint256\"}],\"name\":\"search\",\"outputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"values\",\"type\":\"bytes32[]\"},{\"internalType\":\"bool\",\"name\":\"more\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"}],\"name\":\"EntriesAdded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"RequesterAdded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"RequesterRemoved\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"keyRef\",\"type\":\"bytes\"}],\"name\":\"SearchKeyPublished\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"tokenHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"offset\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"count\",\"type\":\"uint256\"}],\"name\":\"SearchPerformed\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"AlreadyRequester\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"label\",\"type\":\"bytes32\"}],\"name\":\"LabelTaken\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"LengthMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"NotRequester\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"RequesterNotActive\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroLimit\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"position\",\"type\":\"uint256\"}],\"name\":\"ZeroValue\",\"type\":\"error\"}]",
	ID:  "1266ccfe6a7d22147dfc2c8b83137b3084",
	Bin: "0x60a0604052348015600e575f5ffd5b50604051611070380380611070833981016040819052602b91603b565b6001600160a01b03166080526066565b5f60208284031215604a575f5ffd5b81516001600160a01b0381168114605f575f5ffd5b9392505050565b608051610feb6100855f395f81816101a001526104c70152610feb5ff3fe608060405234801561000f575f5ffd5b50600436106100cf575f3560e01c80634d0d51721161007d578063bd3a09a911610058578063bd3a09a914610221578063befebc5514610234578063e4d609cc14610247575f5ffd5b80634d0d51721461017a5780637b1039991461019b5780639d87742f146101e7575f5ffd5b80632d88525e116100ad5780632d88525e146101385780634769edfd1461014b5780634cbaf5651461015e575f5ffd5b80630f0db04c146100d35780631107e77c14610110578063286486f014610125575b5f5ffd5b6100fd6100e1366004610bce565b600160209081525f928352604080842090915290825290205481565b6040519081526020015b60405180910390f35b61012361011e366004610bf6565b61025a565b005b610123610133366004610c16565b610266565b610123610146366004610cd5565b6102f7565b610123610159366004610cd5565b610377565b6100fd61016c366004610d14565b5f9182526020526040902090565b61018d610188366004610d34565b6103f2565b604051610107929190610d6a565b6101c27f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff9091168152602001610107565b6102116101f5366004610db9565b5f60208181529281526040808220909352908152205460ff1681565b6040519015158152602001610107565b61018d61022f366004610d34565b610672565b610123610242366004610dea565b61068e565b610123610255366004610bf6565b610802565b6102638161080b565b50565b5f8190036102a0576040517fff633a3800000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b3373ffffffffffffffffffffffffffffffffffffffff167f7fb8bc43345f6f2ba57a76c4313e9e4084cca44c981e28a29451c20bce2a21448484846040516102ea93929190610e56565b60405180910390a2505050565b5f819003610331576040517fff633a3800000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f5b818110156103725761036a83838381811061035057610350610ea9565b90506020020160208101906103659190610bf6565b61080b565b600101610333565b505050565b5f8190036103b1576040517fff633a3800000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f5b81811015610372576103ea8383838181106103d0576103d0610ea9565b90506020020160208101906103e59190610bf6565b610907565b6001016103b3565b73ffffffffffffffffffffffffffffffffffffffff84165f908152602081815260408083203384529091528120546060919060ff16610480576040517f0691b03200000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff871660048201523360248201526044015b60405180910390fd5b6040517fa5d7827e0000000000000000000000000000000000000000000000000000000081523360048201525f90819073ffffffffffffffffffffffffffffffffffffffff7f0000000000000000000000000000000000000000000000000000000000000000169063a5d7827e906024016040805180830381865afa15801561050b573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061052f9190610ed6565b9092509050600181600381111561054857610548610f14565b1415806105845750600382600681111561056457610564610f14565b141580156105845750600282600681111561058157610581610f14565b14155b156105bd576040517fb7a4117e000000000000000000000000000000000000000000000000000000008152336004820152602401610477565b6105c988888888610a4e565b60408051602081018b9052929650909450339173ffffffffffffffffffffffffffffffffffffffff8b16917f82e402c0617a598b9ad862d2ab58576e8126e82848087c8c83b825813a6903f29101604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe081840301815282825280516020918201208a519084529083018c90529082015260600160405180910390a3505094509492505050565b60605f61068186868686610a4e565b9150915094509492505050565b8280158061069c5750808214155b156106d3576040517fff633a3800000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b335f908152600160205260408120905b828110156107c4575f8585838181106106fe576106fe610ea9565b60200291909101359150819050610744576040517f0bb9a89400000000000000000000000000000000000000000000000000000000815260048101839052602401610477565b5f88888481811061075757610757610ea9565b9050602002013590505f5f1b845f8381526020019081526020015f2054146107ae576040517f0dab5aeb00000000000000000000000000000000000000000000000000000000815260048101829052602401610477565b5f908152602084905260409020556001016106e3565b5060405182815233907f069473709b56a81bdd83505a16e2c7ba98c7035fea59c0f3381ab5cbe7018f389060200160405180910390a2505050505050565b61026381610907565b335f9081526020818152604080832073ffffffffffffffffffffffffffffffffffffffff85168452918290529091205460ff16610892576040517f0691b03200000000000000000000000000000000000000000000000000000000815233600482015273ffffffffffffffffffffffffffffffffffffffff83166024820152604401610477565b73ffffffffffffffffffffffffffffffffffffffff82165f8181526020839052604080822080547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001690555133917f35c7d870a9875aff9c6dd6e09a1ff0ce013c05b2262a34ea6ab2b9a5fcbecab791a35050565b73ffffffffffffffffffffffffffffffffffffffff8116610954576040517fd92e233d00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b335f9081526020818152604080832073ffffffffffffffffffffffffffffffffffffffff85168452918290529091205460ff16156109d6576040517f55f0c3f200000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff83166004820152602401610477565b73ffffffffffffffffffffffffffffffffffffffff82165f8181526020839052604080822080547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001660011790555133917f6f87daac08ea2cf32f01f6cbba5ea7d2bf8c0209fb1a6f1c2399eab572de9c4291a35050565b60605f825f03610a8a576040517f96cb8a7f00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b610400831115610a9a5761040092505b73ffffffffffffffffffffffffffffffffffffffff86165f9081526001602052604090208367ffffffffffffffff811115610ad757610ad7610f41565b604051908082528060200260200182016040528015610b00578160200160208202803683370190505b5092505f5b84811015610b6a575f8281610b1e8a61016c868c610f9b565b815260208101919091526040015f2054905080610b3b5750610b6a565b80858381518110610b4e57610b4e610ea9565b6020908102919091010152610b6282610fb4565b915050610b05565b8481148015610b9657505f8281610b858a61016c868c610f9b565b81526020019081526020015f205414155b9250808452505094509492505050565b803573ffffffffffffffffffffffffffffffffffffffff81168114610bc9575f5ffd5b919050565b5f5f60408385031215610bdf575f5ffd5b610be883610ba6565b946020939093013593505050565b5f60208284031215610c06575f5ffd5b610c0f82610ba6565b9392505050565b5f5f5f60408486031215610c28575f5ffd5b83359250602084013567ffffffffffffffff811115610c45575f5ffd5b8401601f81018613610c55575f5ffd5b803567ffffffffffffffff811115610c6b575f5ffd5b866020828401011115610c7c575f5ffd5b939660209190910195509293505050565b5f5f83601f840112610c9d575f5ffd5b50813567ffffffffffffffff811115610cb4575f5ffd5b6020830191508360208260051b8501011115610cce575f5ffd5b9250929050565b5f5f60208385031215610ce6575f5ffd5b823567ffffffffffffffff811115610cfc575f5ffd5b610d0885828601610c8d565b90969095509350505050565b5f5f60408385031215610d25575f5ffd5b50508035926020909101359150565b5f5f5f5f60808587031215610d47575f5ffd5b610d5085610ba6565b966020860135965060408601359560600135945092505050565b604080825283519082018190525f9060208501906060840190835b81811015610da3578351835260209384019390920191600101610d85565b5050809250505082151560208301529392505050565b5f5f60408385031215610dca575f5ffd5b610dd383610ba6565b9150610de160208401610ba6565b90509250929050565b5f5f5f5f60408587031215610dfd575f5ffd5b843567ffffffffffffffff811115610e13575f5ffd5b610e1f87828801610c8d565b909550935050602085013567ffffffffffffffff811115610e3e575f5ffd5b610e4a87828801610c8d565b95989497509550505050565b83815260406020820152816040820152818360608301375f818301606090810191909152601f9092017fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe016010192915050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b5f5f60408385031215610ee7575f5ffd5b825160078110610ef5575f5ffd5b602084015190925060048110610f09575f5ffd5b809150509250929050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b80820180821115610fae57610fae610f6e565b92915050565b5f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff8203610fe457610fe4610f6e565b506001019056",
}

// KeywordIndex is an auto generated Go binding around an Ethereum contract.
type KeywordIndex struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *KeywordIndex) GetABI() abi.ABI {
	return c.abi
}

// NewKeywordIndex creates a new instance of KeywordIndex.
func NewKeywordIndex() *KeywordIndex {
	parsed, err := KeywordIndexMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &KeywordIndex{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *KeywordIndex) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address registry_) returns()
func (keywordIndex *KeywordIndex) PackConstructor(registry_ common.Address) []byte {
	enc, err := keywordIndex.abi.Pack("", registry_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAddEntries is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbefebc55.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function addEntries(bytes32[] labels, bytes32[] values) returns()
func (keywordIndex *KeywordIndex) PackAddEntries(labels [][32]byte, values [][32]byte) []byte {
	enc, err := keywordIndex.abi.Pack("addEntries", labels, values)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAddEntries is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbefebc55.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function addEntries(bytes32[] labels, bytes32[] values) returns()
func (keywordIndex *KeywordIndex) TryPackAddEntries(labels [][32]byte, values [][32]byte) ([]byte, error) {
	return keywordIndex.abi.Pack("addEntries", labels, values)
}

// PackAddRequester is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe4d609cc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function addRequester(address requester) returns()
func (keywordIndex *KeywordIndex) PackAddRequester(requester common.Address) []byte {
	enc, err := keywordIndex.abi.Pack("addRequester", requester)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAddRequester is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe4d609cc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function addRequester(address requester) returns()
func (keywordIndex *KeywordIndex) TryPackAddRequester(requester common.Address) ([]byte, error) {
	return keywordIndex.abi.Pack("addRequester", requester)
}

// PackAddRequesters is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4769edfd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function addRequesters(address[] requesters) returns()
func (keywordIndex *KeywordIndex) PackAddRequesters(requesters []common.Address) []byte {
	enc, err := keywordIndex.abi.Pack("addRequesters", requesters)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAddRequesters is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4769edfd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function addRequesters(address[] requesters) returns()
func (keywordIndex *KeywordIndex) TryPackAddRequesters(requesters []common.Address) ([]byte, error) {
	return keywordIndex.abi.Pack("addRequesters", requesters)
}

// PackEntries is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbd3a09a9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function entries(address patient, bytes32 token, uint256 offset, uint256 limit) view returns(bytes32[] values, bool more)
func (keywordIndex *KeywordIndex) PackEntries(patient common.Address, token [32]byte, offset *big.Int, limit *big.Int) []byte {
	enc, err := keywordIndex.abi.Pack("entries", patient, token, offset, limit)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEntries is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbd3a09a9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function entries(address patient, bytes32 token, uint256 offset, uint256 limit) view returns(bytes32[] values, bool more)
func (keywordIndex *KeywordIndex) TryPackEntries(patient common.Address, token [32]byte, offset *big.Int, limit *big.Int) ([]byte, error) {
	return keywordIndex.abi.Pack("entries", patient, token, offset, limit)
}

// EntriesOutput serves as a container for the return parameters of contract
// method Entries.
type EntriesOutput struct {
	Values [][32]byte
	More   bool
}

// UnpackEntries is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xbd3a09a9.
//
// Solidity: function entries(address patient, bytes32 token, uint256 offset, uint256 limit) view returns(bytes32[] values, bool more)
func (keywordIndex *KeywordIndex) UnpackEntries(data []byte) (EntriesOutput, error) {
	out, err := keywordIndex.abi.Unpack("entries", data)
	outstruct := new(EntriesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Values = *abi.ConvertType(out[0], new([][32]byte)).(*[][32]byte)
	outstruct.More = *abi.ConvertType(out[1], new(bool)).(*bool)
	return *outstruct, nil
}

// PackEntryAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0f0db04c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function entryAt(address patient, bytes32 label) view returns(bytes32 value)
func (keywordIndex *KeywordIndex) PackEntryAt(patient common.Address, label [32]byte) []byte {
	enc, err := keywordIndex.abi.Pack("entryAt", patient, label)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEntryAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0f0db04c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function entryAt(address patient, bytes32 label) view returns(bytes32 value)
func (keywordIndex *KeywordIndex) TryPackEntryAt(patient common.Address, label [32]byte) ([]byte, error) {
	return keywordIndex.abi.Pack("entryAt", patient, label)
}

// UnpackEntryAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0f0db04c.
//
// Solidity: function entryAt(address patient, bytes32 label) view returns(bytes32 value)
func (keywordIndex *KeywordIndex) UnpackEntryAt(data []byte) ([32]byte, error) {
	out, err := keywordIndex.abi.Unpack("entryAt", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackIsRequester is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d87742f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isRequester(address patient, address requester) view returns(bool)
func (keywordIndex *KeywordIndex) PackIsRequester(patient common.Address, requester common.Address) []byte {
	enc, err := keywordIndex.abi.Pack("isRequester", patient, requester)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsRequester is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d87742f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isRequester(address patient, address requester) view returns(bool)
func (keywordIndex *KeywordIndex) TryPackIsRequester(patient common.Address, requester common.Address) ([]byte, error) {
	return keywordIndex.abi.Pack("isRequester", patient, requester)
}

// UnpackIsRequester is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9d87742f.
//
// Solidity: function isRequester(address patient, address requester) view returns(bool)
func (keywordIndex *KeywordIndex) UnpackIsRequester(data []byte) (bool, error) {
	out, err := keywordIndex.abi.Unpack("isRequester", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackLabelAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4cbaf565.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function labelAt(bytes32 token, uint256 i) pure returns(bytes32 label)
func (keywordIndex *KeywordIndex) PackLabelAt(token [32]byte, i *big.Int) []byte {
	enc, err := keywordIndex.abi.Pack("labelAt", token, i)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLabelAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4cbaf565.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function labelAt(bytes32 token, uint256 i) pure returns(bytes32 label)
func (keywordIndex *KeywordIndex) TryPackLabelAt(token [32]byte, i *big.Int) ([]byte, error) {
	return keywordIndex.abi.Pack("labelAt", token, i)
}

// UnpackLabelAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4cbaf565.
//
// Solidity: function labelAt(bytes32 token, uint256 i) pure returns(bytes32 label)
func (keywordIndex *KeywordIndex) UnpackLabelAt(data []byte) ([32]byte, error) {
	out, err := keywordIndex.abi.Unpack("labelAt", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackPublishSearchKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x286486f0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function publishSearchKey(bytes32 policyHash, bytes keyRef) returns()
func (keywordIndex *KeywordIndex) PackPublishSearchKey(policyHash [32]byte, keyRef []byte) []byte {
	enc, err := keywordIndex.abi.Pack("publishSearchKey", policyHash, keyRef)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPublishSearchKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x286486f0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function publishSearchKey(bytes32 policyHash, bytes keyRef) returns()
func (keywordIndex *KeywordIndex) TryPackPublishSearchKey(policyHash [32]byte, keyRef []byte) ([]byte, error) {
	return keywordIndex.abi.Pack("publishSearchKey", policyHash, keyRef)
}

// PackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registry() view returns(address)
func (keywordIndex *KeywordIndex) PackRegistry() []byte {
	enc, err := keywordIndex.abi.Pack("registry")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registry() view returns(address)
func (keywordIndex *KeywordIndex) TryPackRegistry() ([]byte, error) {
	return keywordIndex.abi.Pack("registry")
}

// UnpackRegistry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (keywordIndex *KeywordIndex) UnpackRegistry(data []byte) (common.Address, error) {
	out, err := keywordIndex.abi.Unpack("registry", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRemoveRequester is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1107e77c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function removeRequester(address requester) returns()
func (keywordIndex *KeywordIndex) PackRemoveRequester(requester common.Address) []byte {
	enc, err := keywordIndex.abi.Pack("removeRequester", requester)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemoveRequester is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x1107e77c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function removeRequester(address requester) returns()
func (keywordIndex *KeywordIndex) TryPackRemoveRequester(requester common.Address) ([]byte, error) {
	return keywordIndex.abi.Pack("removeRequester", requester)
}

// PackRemoveRequesters is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d88525e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function removeRequesters(address[] requesters) returns()
func (keywordIndex *KeywordIndex) PackRemoveRequesters(requesters []common.Address) []byte {
	enc, err := keywordIndex.abi.Pack("removeRequesters", requesters)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemoveRequesters is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2d88525e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function removeRequesters(address[] requesters) returns()
func (keywordIndex *KeywordIndex) TryPackRemoveRequesters(requesters []common.Address) ([]byte, error) {
	return keywordIndex.abi.Pack("removeRequesters", requesters)
}

// PackSearch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4d0d5172.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function search(address patient, bytes32 token, uint256 offset, uint256 limit) returns(bytes32[] values, bool more)
func (keywordIndex *KeywordIndex) PackSearch(patient common.Address, token [32]byte, offset *big.Int, limit *big.Int) []byte {
	enc, err := keywordIndex.abi.Pack("search", patient, token, offset, limit)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSearch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4d0d5172.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function search(address patient, bytes32 token, uint256 offset, uint256 limit) returns(bytes32[] values, bool more)
func (keywordIndex *KeywordIndex) TryPackSearch(patient common.Address, token [32]byte, offset *big.Int, limit *big.Int) ([]byte, error) {
	return keywordIndex.abi.Pack("search", patient, token, offset, limit)
}

// SearchOutput serves as a container for the return parameters of contract
// method Search.
type SearchOutput struct {
	Values [][32]byte
	More   bool
}

// UnpackSearch is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4d0d5172.
//
// Solidity: function search(address patient, bytes32 token, uint256 offset, uint256 limit) returns(bytes32[] values, bool more)
func (keywordIndex *KeywordIndex) UnpackSearch(data []byte) (SearchOutput, error) {
	out, err := keywordIndex.abi.Unpack("search", data)
	outstruct := new(SearchOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Values = *abi.ConvertType(out[0], new([][32]byte)).(*[][32]byte)
	outstruct.More = *abi.ConvertType(out[1], new(bool)).(*bool)
	return *outstruct, nil
}

// KeywordIndexEntriesAdded represents a EntriesAdded event raised by the KeywordIndex contract.
type KeywordIndexEntriesAdded struct {
	Patient common.Address
	Count   *big.Int
	Raw     *types.Log // Blockchain specific contextual infos
}

const KeywordIndexEntriesAddedEventName = "EntriesAdded"

// ContractEventName returns the user-defined event name.
func (KeywordIndexEntriesAdded) ContractEventName() string {
	return KeywordIndexEntriesAddedEventName
}

// UnpackEntriesAddedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event EntriesAdded(address indexed patient, uint256 count)
func (keywordIndex *KeywordIndex) UnpackEntriesAddedEvent(log *types.Log) (*KeywordIndexEntriesAdded, error) {
	event := "EntriesAdded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != keywordIndex.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(KeywordIndexEntriesAdded)
	if len(log.Data) > 0 {
		if err := keywordIndex.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range keywordIndex.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// KeywordIndexRequesterAdded represents a RequesterAdded event raised by the KeywordIndex contract.
type KeywordIndexRequesterAdded struct {
	Patient   common.Address
	Requester common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const KeywordIndexRequesterAddedEventName = "RequesterAdded"

// ContractEventName returns the user-defined event name.
func (KeywordIndexRequesterAdded) ContractEventName() string {
	return KeywordIndexRequesterAddedEventName
}

// UnpackRequesterAddedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RequesterAdded(address indexed patient, address indexed requester)
func (keywordIndex *KeywordIndex) UnpackRequesterAddedEvent(log *types.Log) (*KeywordIndexRequesterAdded, error) {
	event := "RequesterAdded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != keywordIndex.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(KeywordIndexRequesterAdded)
	if len(log.Data) > 0 {
		if err := keywordIndex.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range keywordIndex.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// KeywordIndexRequesterRemoved represents a RequesterRemoved event raised by the KeywordIndex contract.
type KeywordIndexRequesterRemoved struct {
	Patient   common.Address
	Requester common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const KeywordIndexRequesterRemovedEventName = "RequesterRemoved"

// ContractEventName returns the user-defined event name.
func (KeywordIndexRequesterRemoved) ContractEventName() string {
	return KeywordIndexRequesterRemovedEventName
}

// UnpackRequesterRemovedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RequesterRemoved(address indexed patient, address indexed requester)
func (keywordIndex *KeywordIndex) UnpackRequesterRemovedEvent(log *types.Log) (*KeywordIndexRequesterRemoved, error) {
	event := "RequesterRemoved"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != keywordIndex.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(KeywordIndexRequesterRemoved)
	if len(log.Data) > 0 {
		if err := keywordIndex.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range keywordIndex.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// KeywordIndexSearchKeyPublished represents a SearchKeyPublished event raised by the KeywordIndex contract.
type KeywordIndexSearchKeyPublished struct {
	Patient    common.Address
	PolicyHash [32]byte
	KeyRef     []byte
	Raw        *types.Log // Blockchain specific contextual infos
}

const KeywordIndexSearchKeyPublishedEventName = "SearchKeyPublished"

// ContractEventName returns the user-defined event name.
func (KeywordIndexSearchKeyPublished) ContractEventName() string {
	return KeywordIndexSearchKeyPublishedEventName
}

// UnpackSearchKeyPublishedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SearchKeyPublished(address indexed patient, bytes32 policyHash, bytes keyRef)
func (keywordIndex *KeywordIndex) UnpackSearchKeyPublishedEvent(log *types.Log) (*KeywordIndexSearchKeyPublished, error) {
	event := "SearchKeyPublished"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != keywordIndex.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(KeywordIndexSearchKeyPublished)
	if len(log.Data) > 0 {
		if err := keywordIndex.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range keywordIndex.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// KeywordIndexSearchPerformed represents a SearchPerformed event raised by the KeywordIndex contract.
type KeywordIndexSearchPerformed struct {
	Patient   common.Address
	Requester common.Address
	TokenHash [32]byte
	Offset    *big.Int
	Count     *big.Int
	Raw       *types.Log // Blockchain specific contextual infos
}

const KeywordIndexSearchPerformedEventName = "SearchPerformed"

// ContractEventName returns the user-defined event name.
func (KeywordIndexSearchPerformed) ContractEventName() string {
	return KeywordIndexSearchPerformedEventName
}

// UnpackSearchPerformedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event SearchPerformed(address indexed patient, address indexed requester, bytes32 tokenHash, uint256 offset, uint256 count)
func (keywordIndex *KeywordIndex) UnpackSearchPerformedEvent(log *types.Log) (*KeywordIndexSearchPerformed, error) {
	event := "SearchPerformed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != keywordIndex.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(KeywordIndexSearchPerformed)
	if len(log.Data) > 0 {
		if err := keywordIndex.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range keywordIndex.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (keywordIndex *KeywordIndex) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], keywordIndex.abi.Errors["AlreadyRequester"].ID.Bytes()[:4]) {
		return keywordIndex.UnpackAlreadyRequesterError(raw[4:])
	}
	if bytes.Equal(raw[:4], keywordIndex.abi.Errors["LabelTaken"].ID.Bytes()[:4]) {
		return keywordIndex.UnpackLabelTakenError(raw[4:])
	}
	if bytes.Equal(raw[:4], keywordIndex.abi.Errors["LengthMismatch"].ID.Bytes()[:4]) {
		return keywordIndex.UnpackLengthMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], keywordIndex.abi.Errors["NotRequester"].ID.Bytes()[:4]) {
		return keywordIndex.UnpackNotRequesterError(raw[4:])
	}
	if bytes.Equal(raw[:4], keywordIndex.abi.Errors["RequesterNotActive"].ID.Bytes()[:4]) {
		return keywordIndex.UnpackRequesterNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], keywordIndex.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return keywordIndex.UnpackZeroAddressError(raw[4:])
	}
	if bytes.Equal(raw[:4], keywordIndex.abi.Errors["ZeroLimit"].ID.Bytes()[:4]) {
		return keywordIndex.UnpackZeroLimitError(raw[4:])
	}
	if bytes.Equal(raw[:4], keywordIndex.abi.Errors["ZeroValue"].ID.Bytes()[:4]) {
		return keywordIndex.UnpackZeroValueError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// KeywordIndexAlreadyRequester represents a AlreadyRequester error raised by the KeywordIndex contract.
type KeywordIndexAlreadyRequester struct {
	Requester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyRequester(address requester)
func KeywordIndexAlreadyRequesterErrorID() common.Hash {
	return common.HexToHash("0x55f0c3f2d922d0cd5d62d9c0da908b4305b3a080cbbc1e4725bc8d4ac32d5aa6")
}

// UnpackAlreadyRequesterError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyRequester(address requester)
func (keywordIndex *KeywordIndex) UnpackAlreadyRequesterError(raw []byte) (*KeywordIndexAlreadyRequester, error) {
	out := new(KeywordIndexAlreadyRequester)
	if err := keywordIndex.abi.UnpackIntoInterface(out, "AlreadyRequester", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeywordIndexLabelTaken represents a LabelTaken error raised by the KeywordIndex contract.
type KeywordIndexLabelTaken struct {
	Label [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error LabelTaken(bytes32 label)
func KeywordIndexLabelTakenErrorID() common.Hash {
	return common.HexToHash("0x0dab5aeba5dbcba938e501c512c96a713c27013d262f7fd80c18293292e71476")
}

// UnpackLabelTakenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error LabelTaken(bytes32 label)
func (keywordIndex *KeywordIndex) UnpackLabelTakenError(raw []byte) (*KeywordIndexLabelTaken, error) {
	out := new(KeywordIndexLabelTaken)
	if err := keywordIndex.abi.UnpackIntoInterface(out, "LabelTaken", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeywordIndexLengthMismatch represents a LengthMismatch error raised by the KeywordIndex contract.
type KeywordIndexLengthMismatch struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error LengthMismatch()
func KeywordIndexLengthMismatchErrorID() common.Hash {
	return common.HexToHash("0xff633a3803c58b9bc21e58efecee59f27e033cc0b1883fccb4969c76146fe60f")
}

// UnpackLengthMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error LengthMismatch()
func (keywordIndex *KeywordIndex) UnpackLengthMismatchError(raw []byte) (*KeywordIndexLengthMismatch, error) {
	out := new(KeywordIndexLengthMismatch)
	if err := keywordIndex.abi.UnpackIntoInterface(out, "LengthMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeywordIndexNotRequester represents a NotRequester error raised by the KeywordIndex contract.
type KeywordIndexNotRequester struct {
	Patient   common.Address
	Requester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotRequester(address patient, address requester)
func KeywordIndexNotRequesterErrorID() common.Hash {
	return common.HexToHash("0x0691b032b929d76e12873ceb559e6ea1a430f5e6ad588ffca056b6a5a9c89d14")
}

// UnpackNotRequesterError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotRequester(address patient, address requester)
func (keywordIndex *KeywordIndex) UnpackNotRequesterError(raw []byte) (*KeywordIndexNotRequester, error) {
	out := new(KeywordIndexNotRequester)
	if err := keywordIndex.abi.UnpackIntoInterface(out, "NotRequester", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeywordIndexRequesterNotActive represents a RequesterNotActive error raised by the KeywordIndex contract.
type KeywordIndexRequesterNotActive struct {
	Requester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RequesterNotActive(address requester)
func KeywordIndexRequesterNotActiveErrorID() common.Hash {
	return common.HexToHash("0xb7a4117ef83902ea7dbe20b210cf59fab5dc2ef22b7ec9e8653ae2b20bc866f8")
}

// UnpackRequesterNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RequesterNotActive(address requester)
func (keywordIndex *KeywordIndex) UnpackRequesterNotActiveError(raw []byte) (*KeywordIndexRequesterNotActive, error) {
	out := new(KeywordIndexRequesterNotActive)
	if err := keywordIndex.abi.UnpackIntoInterface(out, "RequesterNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeywordIndexZeroAddress represents a ZeroAddress error raised by the KeywordIndex contract.
type KeywordIndexZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func KeywordIndexZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (keywordIndex *KeywordIndex) UnpackZeroAddressError(raw []byte) (*KeywordIndexZeroAddress, error) {
	out := new(KeywordIndexZeroAddress)
	if err := keywordIndex.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeywordIndexZeroLimit represents a ZeroLimit error raised by the KeywordIndex contract.
type KeywordIndexZeroLimit struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroLimit()
func KeywordIndexZeroLimitErrorID() common.Hash {
	return common.HexToHash("0x96cb8a7f72ef0b3db2df619943e5891f2849f843aea78494f8636cb98dc2f3a5")
}

// UnpackZeroLimitError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroLimit()
func (keywordIndex *KeywordIndex) UnpackZeroLimitError(raw []byte) (*KeywordIndexZeroLimit, error) {
	out := new(KeywordIndexZeroLimit)
	if err := keywordIndex.abi.UnpackIntoInterface(out, "ZeroLimit", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// KeywordIndexZeroValue represents a ZeroValue error raised by the KeywordIndex contract.
type KeywordIndexZeroValue struct {
	Position *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroValue(uint256 position)
func KeywordIndexZeroValueErrorID() common.Hash {
	return common.HexToHash("0x0bb9a8946f0261ecc4988c08adddffcd24c3c43d5dfcb02894d7fc9859728f3d")
}

// UnpackZeroValueError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroValue(uint256 position)
func (keywordIndex *KeywordIndex) UnpackZeroValueError(raw []byte) (*KeywordIndexZeroValue, error) {
	out := new(KeywordIndexZeroValue)
	if err := keywordIndex.abi.UnpackIntoInterface(out, "ZeroValue", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkMetaData contains all meta data concerning the ProxyNetwork contract.
var ProxyNetworkMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"registry_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"MASKED_SHARE_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_MEMBERS\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_PHASE_BLOCKS\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"POINT_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"PROOF_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"committee\",\"outputs\":[{\"components\":[{\"internalType\":\"uint8\",\"name\":\"size\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"threshold\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"quorum\",\"type\":\"uint8\"},{\"internalType\":\"bool\",\"name\":\"active\",\"type\":\"bool\"},{\"internalType\":\"bool\",\"name\":\"retired\",\"type\":\"bool\"},{\"internalType\":\"uint16\",\"name\":\"keyMask\",\"type\":\"uint16\"},{\"internalType\":\"uint16\",\"name\":\"dealMask\",\"type\":\"uint16\"},{\"internalType\":\"uint16\",\"name\":\"confirmMask\",\"type\":\"uint16\"},{\"internalType\":\"uint64\",\"name\":\"keyDeadline\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"dealDeadline\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"complaintDeadline\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"confirmDeadline\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"sharesHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"publicKey\",\"type\":\"bytes\"}],\"internalType\":\"structIProxyNetwork.Committee\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"committeeCount\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"dealer\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"sharedPoint\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"complain\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"index\",\"type\":\"uint8\"}],\"name\":\"complaints\",\"outputs\":[{\"internalType\":\"uint16\",\"name\":\"\",\"type\":\"uint16\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"publicKey_\",\"type\":\"bytes\"},{\"internalType\":\"bytes32\",\"name\":\"sharesHash_\",\"type\":\"bytes32\"}],\"name\":\"confirm\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address[]\",\"name\":\"members_\",\"type\":\"address[]\"},{\"internalType\":\"uint8\",\"name\":\"threshold_\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"phaseBlocks\",\"type\":\"uint64\"}],\"name\":\"createCommittee\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"commitments\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"shares\",\"type\":\"bytes\"}],\"name\":\"deal\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"index\",\"type\":\"uint8\"}],\"name\":\"dealHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"index\",\"type\":\"uint8\"}],\"name\":\"dkgKey\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"index\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"isActiveMember\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"index\",\"type\":\"uint8\"}],\"name\":\"memberAt\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"memberIndex\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"members\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"list\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"publicKey\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"index\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"shares\",\"type\":\"bytes\"}],\"name\":\"publicShare\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"x\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"y\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"bytes\",\"name\":\"key\",\"type\":\"bytes\"}],\"name\":\"registerKey\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"registry\",\"outputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"retire\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"sharesHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"status\",\"outputs\":[{\"internalType\":\"enumIProxyNetwork.CommitteeStatus\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"threshold\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"publicKey\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"sharesHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint16\",\"name\":\"confirmMask\",\"type\":\"uint16\"}],\"name\":\"CommitteeActivated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address[]\",\"name\":\"members\",\"type\":\"address[]\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"threshold\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"quorum\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"keyDeadline\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"dealDeadline\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"complaintDeadline\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"confirmDeadline\",\"type\":\"uint64\"}],\"name\":\"CommitteeCreated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"name\":\"CommitteeRetired\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"dealer\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"sharedPoint\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"ComplaintFiled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"commitments\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"shares\",\"type\":\"bytes\"}],\"name\":\"DealPublished\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"key\",\"type\":\"bytes\"}],\"name\":\"DkgKeyRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"publicKey\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"sharesHash\",\"type\":\"bytes32\"}],\"name\":\"TranscriptConfirmed\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"dealer\",\"type\":\"uint8\"}],\"name\":\"AlreadyComplained\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"AlreadyConfirmed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"AlreadyDealt\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"AlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"DuplicateMember\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptySharesHash\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"size\",\"type\":\"uint256\"},{\"internalType\":\"uint8\",\"name\":\"threshold\",\"type\":\"uint8\"}],\"name\":\"InvalidCommittee\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"dealer\",\"type\":\"uint8\"}],\"name\":\"InvalidDealer\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"}],\"name\":\"InvalidLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"InvalidMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"phaseBlocks\",\"type\":\"uint64\"}],\"name\":\"InvalidPhase\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidPoint\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ModexpFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotActiveProxy\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotAdmin\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"SharesMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"}],\"name\":\"UnknownCommittee\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"enumIProxyNetwork.CommitteeStatus\",\"name\":\"status\",\"type\":\"uint8\"}],\"name\":\"WrongPhase\",\"type\":\"error\"}]",
	ID:  "4b8436bf649b9f400b36cedfd4026fc886",
	Bin: "0x60a060405234801561000f575f5ffd5b506040516133fa3803806133fa83398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b6080516133536100a75f395f8181610349015281816108e401528181610b54015281816118ec01528181611ead015261227501526133535ff3fe608060405234801561000f575f5ffd5b50600436106101a5575f3560e01c806382ab8c35116100e8578063b6a8a6c611610093578063e911439c1161006e578063e911439c146104cc578063ea0e35b1146104d4578063ee4f886b146104dc578063f49d063814610526575f5ffd5b8063b6a8a6c614610440578063caf4e60d14610491578063d21af768146104b9575f5ffd5b80639d9b092f116100c35780639d9b092f146103ee578063aa10bb411461041a578063aaea7ee31461042d575f5ffd5b806382ab8c35146103a357806388662219146103c35780638b9a0275146103e6575f5ffd5b80635b4dd5d91161015357806361f3c7f61161012e57806361f3c7f6146102f057806363659efc146103245780637b103999146103445780637e859b9c14610390575f5ffd5b80635b4dd5d9146102b45780635b700828146102c75780635f791ded146102dd575f5ffd5b80634729c6b0116101835780634729c6b0146102345780634f1af8881461024957806355ec742f14610294575f5ffd5b806311f8dec6146101a957806320bff893146101f1578063404c679a14610211575b5f5ffd5b6101da6101b73660046126d4565b67ffffffffffffffff165f90815260016020526040902054610100900460ff1690565b60405160ff90911681526020015b60405180910390f35b6102046101ff3660046126d4565b610539565b6040516101e8919061272e565b61021b620f424081565b60405167ffffffffffffffff90911681526020016101e8565b610247610242366004612781565b610560565b005b6102816102573660046127e0565b60ff1660089190911b68ffffffffffffffff0016175f9081526006602052604090205461ffff1690565b60405161ffff90911681526020016101e8565b6102a76102a23660046126d4565b6106c6565b6040516101e8919061285d565b61021b6102c236600461296a565b6108e1565b6102cf602181565b6040519081526020016101e8565b6102476102eb3660046129fa565b611071565b6102cf6102fe3660046127e0565b60ff1660089190911b68ffffffffffffffff0016175f9081526005602052604090205490565b6103376103323660046127e0565b6113c5565b6040516101e89190612a50565b61036b7f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff90911681526020016101e8565b61024761039e366004612a62565b61147a565b6103b66103b13660046126d4565b611750565b6040516101e89190612af2565b6103d66103d1366004612b6e565b611848565b60405190151581526020016101e8565b6102cf602081565b6102cf6103fc3660046126d4565b67ffffffffffffffff165f9081526001602052604090206002015490565b6103376104283660046126d4565b61196d565b61024761043b366004612bb2565b611a1a565b6101da61044e366004612c32565b67ffffffffffffffff82165f90815260036020908152604080832073ffffffffffffffffffffffffffffffffffffffff8516845290915290205460ff1692915050565b6104a461049f366004612c67565b611c73565b604080519283526020830191909152016101e8565b5f5461021b9067ffffffffffffffff1681565b6102cf604081565b6102cf601081565b61036b6104ea3660046127e0565b60ff1660089190911b68ffffffffffffffff0016175f9081526002602052604090205473ffffffffffffffffffffffffffffffffffffffff1690565b6102476105343660046126d4565b611eab565b67ffffffffffffffff81165f90815260016020526040812061055a90612059565b92915050565b5f5f61056b856121b4565b9150915061057b85836001612329565b5f6105858261239a565b8354909150650100000000009004811661ffff16156105ea576040517f3a48d92600000000000000000000000000000000000000000000000000000000815267ffffffffffffffff8716600482015260ff831660248201526044015b60405180910390fd5b6105f485856123b5565b825461ffff828116650100000000008084049290921617027fffffffffffffffffffffffffffffffffffffffffffffffffff0000ffffffffff90911617835560ff8216600887901b68ffffffffffffffff0016175f908152600460205260409020610660858783612d87565b503373ffffffffffffffffffffffffffffffffffffffff168667ffffffffffffffff167fbf08841da5dcfd91b0c48a1513346f0c92ae0f0d43e406c2f9a45d9ad0a46c358488886040516106b693929190612ee4565b60405180910390a3505050505050565b604080516101c0810182525f8082526020820181905291810182905260608082018390526080820183905260a0820183905260c0820183905260e0820183905261010082018390526101208201839052610140820183905261016082018390526101808201929092526101a081019190915267ffffffffffffffff8083165f9081526001602081815260409283902083516101c081018552815460ff80821683526101008083048216958401959095526201000082048116968301969096526301000000810486161515606083015264010000000081049095161515608082015261ffff650100000000008604811660a08301526701000000000000008604811660c0830152690100000000000000000086041660e08201526b010000000000000000000000850486169281019290925273010000000000000000000000000000000000000090930484166101208201529082015480841661014083015268010000000000000000900490921661016083015260028101546101808301526003810180546101a08401919061085a90612cf1565b80601f016020809104026020016040519081016040528092919081815260200182805461088690612cf1565b80156108d15780601f106108a8576101008083540402835291602001916108d1565b820191905f5260205f20905b8154815290600101906020018083116108b457829003601f168201915b5050505050815250509050919050565b5f7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff1663f851a4406040518163ffffffff1660e01b8152600401602060405180830381865afa15801561094b573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061096f9190612f09565b73ffffffffffffffffffffffffffffffffffffffff163373ffffffffffffffffffffffffffffffffffffffff16146109d3576040517f7bfa4b9f00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b838015806109e15750601081115b806109ed575060ff8416155b806109fa5750808460ff16115b15610a3d576040517fe08f5e600000000000000000000000000000000000000000000000000000000081526004810182905260ff851660248201526044016105e1565b67ffffffffffffffff83161580610a605750620f424067ffffffffffffffff8416115b15610aa3576040517fde772c9700000000000000000000000000000000000000000000000000000000815267ffffffffffffffff841660048201526024016105e1565b5f80548190610abb9067ffffffffffffffff16612f51565b91906101000a81548167ffffffffffffffff021916908367ffffffffffffffff160217905591505f5b81811015610da1575f878783818110610aff57610aff612f7d565b9050602002016020810190610b149190612faa565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815290915073ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea7090610b8c908490600690600401612fc5565b602060405180830381865afa158015610ba7573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610bcb9190612fff565b610c19576040517f0be16e2300000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff821660048201526024016105e1565b67ffffffffffffffff84165f90815260036020908152604080832073ffffffffffffffffffffffffffffffffffffffff8516845290915290205460ff1615610ca5576040517f4b99be1000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff821660048201526024016105e1565b610cb082600161301e565b67ffffffffffffffff85165f90815260036020908152604080832073ffffffffffffffffffffffffffffffffffffffff86168452909152812080547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001660ff93909316929092179091558190600290610d4687610d2e87600161301e565b60ff1660089190911b68ffffffffffffffff00161790565b815260208101919091526040015f2080547fffffffffffffffffffffffff00000000000000000000000000000000000000001673ffffffffffffffffffffffffffffffffffffffff9290921691909117905550600101610ae4565b5067ffffffffffffffff82165f908152600160205260408120805460ff878116610100027fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00009092169085161717815590610dfc600284613031565b610e0790600161301e565b90508560ff168111610e1c578560ff16610e1e565b805b825460ff9190911662010000027fffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ffff90911617825543610e5d8682613069565b835467ffffffffffffffff919091166b010000000000000000000000027fffffffffffffffffffffffffff0000000000000000ffffffffffffffffffffff909116178355610eac866002613089565b610eb69082613069565b835467ffffffffffffffff91909116730100000000000000000000000000000000000000027fffffffffff0000000000000000ffffffffffffffffffffffffffffffffffffff909116178355610f0d866003613089565b610f179082613069565b6001840180547fffffffffffffffffffffffffffffffffffffffffffffffff00000000000000001667ffffffffffffffff92909216919091179055610f5d866004613089565b610f679082613069565b8360010160086101000a81548167ffffffffffffffff021916908367ffffffffffffffff1602179055503373ffffffffffffffffffffffffffffffffffffffff168567ffffffffffffffff167f90eb37328e09604e8cb90af46471737ba5e436c09b52bb730606edabd42e88598b8b8b885f0160029054906101000a900460ff16895f01600b9054906101000a900467ffffffffffffffff168a5f0160139054906101000a900467ffffffffffffffff168b6001015f9054906101000a900467ffffffffffffffff168c60010160089054906101000a900467ffffffffffffffff1660405161105d9897969594939291906130b3565b60405180910390a350505050949350505050565b5f5f61107c866121b4565b915091505f61108a83612059565b90505f60058260078111156110a1576110a16126ed565b1480156110c85750600184015468010000000000000000900467ffffffffffffffff164311155b905060048260078111156110de576110de6126ed565b141580156110ea575080155b156111255787826040517fea3b7efa0000000000000000000000000000000000000000000000000000000081526004016105e192919061316d565b5f61112f8461239a565b855490915069010000000000000000009004811661ffff1615611193576040517fcc1c2e1600000000000000000000000000000000000000000000000000000000815267ffffffffffffffff8a16600482015260ff851660248201526044016105e1565b856111ca576040517f6b4a48db00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6111d488886123b5565b5f8888886040516020016111ea9392919061318b565b604080518083037fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0018152828252805160209182012067ffffffffffffffff8e165f818152600784528481208382529093529290912080547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0000811661ffff918216888316818117929092179093558b547fffffffffffffffffffffffffffffffffffffffffff0000ffffffffffffffffff811669010000000000000000009182900490931690911702178a559093508417913391907f0348f29bbc49d0432cd6b56c33c8080de081d1f5acf31622eed54847b871c271906112f2908a908f908f908f9061319d565b60405180910390a386546301000000900460ff161580156113255750865462010000900460ff1661132282612478565b10155b156113b85786547fffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ffffff166301000000178755600387016113658a8c83612d87565b508787600201819055508a67ffffffffffffffff167f5ac864899b9c21c0b8d023f5444d4e31fba9dceba41094ff94fd2b74f0e96bd18b8b8b856040516113af94939291906131ca565b60405180910390a25b5050505050505050505050565b60ff8116600883901b68ffffffffffffffff0016175f9081526004602052604090208054606091906113f690612cf1565b80601f016020809104026020016040519081016040528092919081815260200182805461142290612cf1565b801561146d5780601f106114445761010080835404028352916020019161146d565b820191905f5260205f20905b81548152906001019060200180831161145057829003601f168201915b5050505050905092915050565b5f5f611485886121b4565b915091505f61149383612059565b905060028160078111156114a9576114a96126ed565b141580156114c9575060038160078111156114c6576114c66126ed565b14155b156115045788816040517fea3b7efa0000000000000000000000000000000000000000000000000000000081526004016105e192919061316d565b60ff8816158061151b5750825460ff908116908916115b8061152b57508160ff168860ff16145b8061154e575061153a8861239a565b835467010000000000000090041661ffff16155b1561159a576040517ffc56cba900000000000000000000000000000000000000000000000000000000815267ffffffffffffffff8a16600482015260ff891660248201526044016105e1565b60ff881660088a901b68ffffffffffffffff0016175f8181526006602052604081205461ffff16906115cb8561239a565b905061ffff8282161615611628576040517f0d8da07e00000000000000000000000000000000000000000000000000000000815267ffffffffffffffff8d16600482015260ff80871660248301528c1660448201526064016105e1565b6021891461166c576040517f5b7232fa000000000000000000000000000000000000000000000000000000008152600481018a9052602160248201526044016105e1565b604087146116b257604080517f5b7232fa0000000000000000000000000000000000000000000000000000000081526105e1918991600401918252602082015260400190565b80821760065f8581526020019081526020015f205f6101000a81548161ffff021916908361ffff1602179055503373ffffffffffffffffffffffffffffffffffffffff168c67ffffffffffffffff167fc93df6c1a8e40e0f52b9ae999459c0d199a078ab36a38c4a720516fca5d72815878e8e8e8e8e60405161173a969594939291906131f8565b60405180910390a3505050505050505050505050565b67ffffffffffffffff8082165f9081526001602052604090205460609160ff90911690819081111561178457611784612cc4565b6040519080825280602002602001820160405280156117ad578160200160208202803683370190505b5091505f5b8160ff168160ff1610156118415760025f6117d286610d2e856001613230565b81526020019081526020015f205f9054906101000a900473ffffffffffffffffffffffffffffffffffffffff16838260ff168151811061181457611814612f7d565b73ffffffffffffffffffffffffffffffffffffffff909216602092830291909101909101526001016117b2565b5050919050565b5f73ffffffffffffffffffffffffffffffffffffffff8216158015906118a8575068ffffffffffffffff00600885901b1660ff8416175f9081526002602052604090205473ffffffffffffffffffffffffffffffffffffffff8381169116145b801561196357506040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea7090611924908590600690600401612fc5565b602060405180830381865afa15801561193f573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906119639190612fff565b90505b9392505050565b67ffffffffffffffff81165f90815260016020526040902060030180546060919061199790612cf1565b80601f01602080910402602001604051908101604052809291908181526020018280546119c390612cf1565b8015611a0e5780601f106119e557610100808354040283529160200191611a0e565b820191905f5260205f20905b8154815290600101906020018083116119f157829003601f168201915b50505050509050919050565b5f5f611a25876121b4565b91509150611a3587836002612329565b5f611a3f8261239a565b83549091506701000000000000009004811661ffff1615611aa1576040517f52ef2f5300000000000000000000000000000000000000000000000000000000815267ffffffffffffffff8916600482015260ff831660248201526044016105e1565b82545f90611ab990602190610100900460ff16613249565b9050868114611afe576040517f5b7232fa00000000000000000000000000000000000000000000000000000000815260048101889052602481018290526044016105e1565b83545f90611b119060209060ff16613249565b611b1d6040602161301e565b611b27919061301e565b9050858114611b6c576040517f5b7232fa00000000000000000000000000000000000000000000000000000000815260048101879052602481018290526044016105e1565b845461ffff8085166701000000000000008084049290921617027fffffffffffffffffffffffffffffffffffffffffffffff0000ffffffffffffff909116178555604051611bc4908a908a908a908a90602001613260565b604080518083037fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0018152828252805160209182012060ff881660088f901b68ffffffffffffffff0016175f908152600590925291902055339067ffffffffffffffff8c16907f94fccc653a7fef01006cc3b04e9f8250f5fd976760aac892e1806e5fa93f78cd90611c5f9088908e908e908e908e9061327f565b60405180910390a350505050505050505050565b5f5f5f611c7f876124a7565b80549091506301000000900460ff16611cd05786611c9c82612059565b6040517fea3b7efa0000000000000000000000000000000000000000000000000000000081526004016105e192919061316d565b60ff86161580611ce75750805460ff908116908716115b15611d33576040517ff0ed711300000000000000000000000000000000000000000000000000000000815267ffffffffffffffff8816600482015260ff871660248201526044016105e1565b80545f90611d469060219060ff16613249565b9050848114611d8b576040517f5b7232fa00000000000000000000000000000000000000000000000000000000815260048101869052602481018290526044016105e1565b81600201548686604051611da09291906132ba565b604051809103902014611deb576040517fc6bad97300000000000000000000000000000000000000000000000000000000815267ffffffffffffffff891660048201526024016105e1565b5f6021611dfc600160ff8b166132c9565b611e069190613249565b90505f611e60888389611e1a60218361301e565b92611e27939291906132dc565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061251192505050565b9097509550905080611e9e576040517fb8fedf8700000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5050505094509492505050565b7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff1663f851a4406040518163ffffffff1660e01b8152600401602060405180830381865afa158015611f14573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190611f389190612f09565b73ffffffffffffffffffffffffffffffffffffffff163373ffffffffffffffffffffffffffffffffffffffff1614611f9c576040517f7bfa4b9f00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f611fa6826124a7565b8054909150640100000000900460ff1615611ff2578160076040517fea3b7efa0000000000000000000000000000000000000000000000000000000081526004016105e192919061316d565b80547fffffffffffffffffffffffffffffffffffffffffffffffffffffff00ffffffff16640100000000178155604051339067ffffffffffffffff8416907f28063a1a269371a96fcce77c74eb1e28f39e7429634f0ae0b4b6def6a7190a9b905f90a35050565b80545f9060ff1680820361206f57505f92915050565b8254640100000000900460ff161561208a5750600792915050565b82546301000000900460ff16156120a45750600592915050565b436120ae82612634565b845465010000000000900461ffff9081169116146120fa5783546b010000000000000000000000900467ffffffffffffffff168111156120ef5760066120f2565b60015b949350505050565b8354730100000000000000000000000000000000000000900467ffffffffffffffff16811161212d575060029392505050565b8354610100810460ff169061215090670100000000000000900461ffff16612478565b1015612160575060069392505050565b600184015467ffffffffffffffff16811161217f575060039392505050565b600184015468010000000000000000900467ffffffffffffffff1681116121aa575060049392505050565b5060069392505050565b5f5f6121bf836124a7565b67ffffffffffffffff84165f90815260036020908152604080832033845290915281205491935060ff9091169150819003612238576040517f5a98446e00000000000000000000000000000000000000000000000000000000815267ffffffffffffffff841660048201523360248201526044016105e1565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea70906122ad903390600690600401612fc5565b602060405180830381865afa1580156122c8573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906122ec9190612fff565b612324576040517f0be16e230000000000000000000000000000000000000000000000000000000081523360048201526024016105e1565b915091565b5f61233383612059565b9050816007811115612347576123476126ed565b816007811115612359576123596126ed565b146123945783816040517fea3b7efa0000000000000000000000000000000000000000000000000000000081526004016105e192919061316d565b50505050565b5f6123a6600183613303565b600160ff919091161b92915050565b602181146123f9576040517f5b7232fa00000000000000000000000000000000000000000000000000000000815260048101829052602160248201526044016105e1565b5f61243883838080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061251192505050565b5050905080612473576040517fb8fedf8700000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b505050565b5f61ffff82165b80156124a15761248e8261331c565b915061249b6001826132c9565b1661247f565b50919050565b67ffffffffffffffff81165f9081526001602052604081208054909160ff909116900361250c576040517fae4620e400000000000000000000000000000000000000000000000000000000815267ffffffffffffffff831660048201526024016105e1565b919050565b5f5f5f602184511461252a57505f91508190508061262d565b5f845f8151811061253d5761253d612f7d565b016020015160f81c90506002811480159061255c57508060ff16600314155b15612570575f5f5f9350935093505061262d565b602185015192506401000003d0198310612593575f5f5f9350935093505061262d565b5f6401000003d01960076401000003d019866401000003d019888909090890506125e4817f3fffffffffffffffffffffffffffffffffffffffffffffffffffffffbfffff0c6401000003d019612646565b9250806401000003d01984850914612606575f5f5f945094509450505061262d565b60018381169083161461262657612623836401000003d0196132c9565b92505b6001945050505b9193909250565b5f61055a600160ff841681901b6132c9565b5f5f60405160208152602080820152602060408201528560608201528460808201528360a082015260208160c08360055afa905192509050806126b5576040517f4a6a368b00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b509392505050565b803567ffffffffffffffff8116811461250c575f5ffd5b5f602082840312156126e4575f5ffd5b611966826126bd565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b6008811061272a5761272a6126ed565b9052565b6020810161055a828461271a565b5f5f83601f84011261274c575f5ffd5b50813567ffffffffffffffff811115612763575f5ffd5b60208301915083602082850101111561277a575f5ffd5b9250929050565b5f5f5f60408486031215612793575f5ffd5b61279c846126bd565b9250602084013567ffffffffffffffff8111156127b7575f5ffd5b6127c38682870161273c565b9497909650939450505050565b803560ff8116811461250c575f5ffd5b5f5f604083850312156127f1575f5ffd5b6127fa836126bd565b9150612808602084016127d0565b90509250929050565b5f81518084528060208401602086015e5f6020828601015260207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011685010191505092915050565b6020815261287160208201835160ff169052565b5f6020830151612886604084018260ff169052565b50604083015160ff81166060840152506060830151801515608084015250608083015180151560a08401525060a083015161ffff811660c08401525060c083015161ffff811660e08401525060e083015161ffff81166101008401525061010083015167ffffffffffffffff81166101208401525061012083015167ffffffffffffffff81166101408401525061014083015167ffffffffffffffff81166101608401525061016083015167ffffffffffffffff8116610180840152506101808301516101a08301526101a08301516101c0808401526120f26101e0840182612811565b5f5f5f5f6060858703121561297d575f5ffd5b843567ffffffffffffffff811115612993575f5ffd5b8501601f810187136129a3575f5ffd5b803567ffffffffffffffff8111156129b9575f5ffd5b8760208260051b84010111156129cd575f5ffd5b6020918201955093506129e19086016127d0565b91506129ef604086016126bd565b905092959194509250565b5f5f5f5f60608587031215612a0d575f5ffd5b612a16856126bd565b9350602085013567ffffffffffffffff811115612a31575f5ffd5b612a3d8782880161273c565b9598909750949560400135949350505050565b602081525f6119666020830184612811565b5f5f5f5f5f5f60808789031215612a77575f5ffd5b612a80876126bd565b9550612a8e602088016127d0565b9450604087013567ffffffffffffffff811115612aa9575f5ffd5b612ab589828a0161273c565b909550935050606087013567ffffffffffffffff811115612ad4575f5ffd5b612ae089828a0161273c565b979a9699509497509295939492505050565b602080825282518282018190525f918401906040840190835b81811015612b3f57835173ffffffffffffffffffffffffffffffffffffffff16835260209384019390920191600101612b0b565b509095945050505050565b73ffffffffffffffffffffffffffffffffffffffff81168114612b6b575f5ffd5b50565b5f5f5f60608486031215612b80575f5ffd5b612b89846126bd565b9250612b97602085016127d0565b91506040840135612ba781612b4a565b809150509250925092565b5f5f5f5f5f60608688031215612bc6575f5ffd5b612bcf866126bd565b9450602086013567ffffffffffffffff811115612bea575f5ffd5b612bf68882890161273c565b909550935050604086013567ffffffffffffffff811115612c15575f5ffd5b612c218882890161273c565b969995985093965092949392505050565b5f5f60408385031215612c43575f5ffd5b612c4c836126bd565b91506020830135612c5c81612b4a565b809150509250929050565b5f5f5f5f60608587031215612c7a575f5ffd5b612c83856126bd565b9350612c91602086016127d0565b9250604085013567ffffffffffffffff811115612cac575f5ffd5b612cb88782880161273c565b95989497509550505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b600181811c90821680612d0557607f821691505b6020821081036124a1577f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b601f82111561247357805f5260205f20601f840160051c81016020851015612d615750805b601f840160051c820191505b81811015612d80575f8155600101612d6d565b5050505050565b67ffffffffffffffff831115612d9f57612d9f612cc4565b612db383612dad8354612cf1565b83612d3c565b5f601f841160018114612e03575f8515612dcd5750838201355b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff600387901b1c1916600186901b178355612d80565b5f838152602081207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08716915b82811015612e505786850135825560209485019460019092019101612e30565b5086821015612e8b577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff60f88860031b161c19848701351681555b505060018560011b0183555050505050565b81835281816020850137505f602082840101525f60207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f840116840101905092915050565b60ff84168152604060208201525f612f00604083018486612e9d565b95945050505050565b5f60208284031215612f19575f5ffd5b815161196681612b4a565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b5f67ffffffffffffffff821667ffffffffffffffff8103612f7457612f74612f24565b60010192915050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b5f60208284031215612fba575f5ffd5b813561196681612b4a565b73ffffffffffffffffffffffffffffffffffffffff831681526040810160078310612ff257612ff26126ed565b8260208301529392505050565b5f6020828403121561300f575f5ffd5b81518015158114611966575f5ffd5b8082018082111561055a5761055a612f24565b5f82613064577f4e487b71000000000000000000000000000000000000000000000000000000005f52601260045260245ffd5b500490565b67ffffffffffffffff818116838216019081111561055a5761055a612f24565b67ffffffffffffffff81811683821602908116908181146130ac576130ac612f24565b5092915050565b60e080825281018890525f896101008301825b8b8110156131035782356130d981612b4a565b73ffffffffffffffffffffffffffffffffffffffff168252602092830192909101906001016130c6565b5060ff8a16602085015291506131169050565b60ff8716604083015267ffffffffffffffff8616606083015267ffffffffffffffff8516608083015267ffffffffffffffff841660a083015267ffffffffffffffff831660c08301525b9998505050505050505050565b67ffffffffffffffff8316815260408101611966602083018461271a565b82848237909101908152602001919050565b60ff85168152606060208201525f6131b9606083018587612e9d565b905082604083015295945050505050565b606081525f6131dd606083018688612e9d565b905083602083015261ffff8316604083015295945050505050565b60ff8716815260ff86166020820152608060408201525f61321d608083018688612e9d565b8281036060840152613160818587612e9d565b60ff818116838216019081111561055a5761055a612f24565b808202811582820484141761055a5761055a612f24565b838582375f8482015f8152838582375f93019283525090949350505050565b60ff86168152606060208201525f61329b606083018688612e9d565b82810360408401526132ae818587612e9d565b98975050505050505050565b818382375f9101908152919050565b8181038181111561055a5761055a612f24565b5f5f858511156132ea575f5ffd5b838611156132f6575f5ffd5b5050820193919092039150565b60ff828116828216039081111561055a5761055a612f24565b5f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff820361334c5761334c612f24565b506001019056",
}

// ProxyNetwork is an auto generated Go binding around an Ethereum contract.
type ProxyNetwork struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ProxyNetwork) GetABI() abi.ABI {
	return c.abi
}

// NewProxyNetwork creates a new instance of ProxyNetwork.
func NewProxyNetwork() *ProxyNetwork {
	parsed, err := ProxyNetworkMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ProxyNetwork{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ProxyNetwork) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address registry_) returns()
func (proxyNetwork *ProxyNetwork) PackConstructor(registry_ common.Address) []byte {
	enc, err := proxyNetwork.abi.Pack("", registry_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackMASKEDSHARELENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b9a0275.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MASKED_SHARE_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) PackMASKEDSHARELENGTH() []byte {
	enc, err := proxyNetwork.abi.Pack("MASKED_SHARE_LENGTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMASKEDSHARELENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b9a0275.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MASKED_SHARE_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) TryPackMASKEDSHARELENGTH() ([]byte, error) {
	return proxyNetwork.abi.Pack("MASKED_SHARE_LENGTH")
}

// UnpackMASKEDSHARELENGTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8b9a0275.
//
// Solidity: function MASKED_SHARE_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) UnpackMASKEDSHARELENGTH(data []byte) (*big.Int, error) {
	out, err := proxyNetwork.abi.Unpack("MASKED_SHARE_LENGTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXMEMBERS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xea0e35b1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_MEMBERS() view returns(uint256)
func (proxyNetwork *ProxyNetwork) PackMAXMEMBERS() []byte {
	enc, err := proxyNetwork.abi.Pack("MAX_MEMBERS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXMEMBERS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xea0e35b1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_MEMBERS() view returns(uint256)
func (proxyNetwork *ProxyNetwork) TryPackMAXMEMBERS() ([]byte, error) {
	return proxyNetwork.abi.Pack("MAX_MEMBERS")
}

// UnpackMAXMEMBERS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xea0e35b1.
//
// Solidity: function MAX_MEMBERS() view returns(uint256)
func (proxyNetwork *ProxyNetwork) UnpackMAXMEMBERS(data []byte) (*big.Int, error) {
	out, err := proxyNetwork.abi.Unpack("MAX_MEMBERS", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackMAXPHASEBLOCKS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x404c679a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function MAX_PHASE_BLOCKS() view returns(uint64)
func (proxyNetwork *ProxyNetwork) PackMAXPHASEBLOCKS() []byte {
	enc, err := proxyNetwork.abi.Pack("MAX_PHASE_BLOCKS")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMAXPHASEBLOCKS is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x404c679a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function MAX_PHASE_BLOCKS() view returns(uint64)
func (proxyNetwork *ProxyNetwork) TryPackMAXPHASEBLOCKS() ([]byte, error) {
	return proxyNetwork.abi.Pack("MAX_PHASE_BLOCKS")
}

// UnpackMAXPHASEBLOCKS is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x404c679a.
//
// Solidity: function MAX_PHASE_BLOCKS() view returns(uint64)
func (proxyNetwork *ProxyNetwork) UnpackMAXPHASEBLOCKS(data []byte) (uint64, error) {
	out, err := proxyNetwork.abi.Unpack("MAX_PHASE_BLOCKS", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackPOINTLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5b700828.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function POINT_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) PackPOINTLENGTH() []byte {
	enc, err := proxyNetwork.abi.Pack("POINT_LENGTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPOINTLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5b700828.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function POINT_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) TryPackPOINTLENGTH() ([]byte, error) {
	return proxyNetwork.abi.Pack("POINT_LENGTH")
}

// UnpackPOINTLENGTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5b700828.
//
// Solidity: function POINT_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) UnpackPOINTLENGTH(data []byte) (*big.Int, error) {
	out, err := proxyNetwork.abi.Unpack("POINT_LENGTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackPROOFLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe911439c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function PROOF_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) PackPROOFLENGTH() []byte {
	enc, err := proxyNetwork.abi.Pack("PROOF_LENGTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPROOFLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe911439c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function PROOF_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) TryPackPROOFLENGTH() ([]byte, error) {
	return proxyNetwork.abi.Pack("PROOF_LENGTH")
}

// UnpackPROOFLENGTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe911439c.
//
// Solidity: function PROOF_LENGTH() view returns(uint256)
func (proxyNetwork *ProxyNetwork) UnpackPROOFLENGTH(data []byte) (*big.Int, error) {
	out, err := proxyNetwork.abi.Unpack("PROOF_LENGTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCommittee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x55ec742f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function committee(uint64 committeeId) view returns((uint8,uint8,uint8,bool,bool,uint16,uint16,uint16,uint64,uint64,uint64,uint64,bytes32,bytes))
func (proxyNetwork *ProxyNetwork) PackCommittee(committeeId uint64) []byte {
	enc, err := proxyNetwork.abi.Pack("committee", committeeId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommittee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x55ec742f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function committee(uint64 committeeId) view returns((uint8,uint8,uint8,bool,bool,uint16,uint16,uint16,uint64,uint64,uint64,uint64,bytes32,bytes))
func (proxyNetwork *ProxyNetwork) TryPackCommittee(committeeId uint64) ([]byte, error) {
	return proxyNetwork.abi.Pack("committee", committeeId)
}

// UnpackCommittee is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x55ec742f.
//
// Solidity: function committee(uint64 committeeId) view returns((uint8,uint8,uint8,bool,bool,uint16,uint16,uint16,uint64,uint64,uint64,uint64,bytes32,bytes))
func (proxyNetwork *ProxyNetwork) UnpackCommittee(data []byte) (IProxyNetworkCommittee, error) {
	out, err := proxyNetwork.abi.Unpack("committee", data)
	if err != nil {
		return *new(IProxyNetworkCommittee), err
	}
	out0 := *abi.ConvertType(out[0], new(IProxyNetworkCommittee)).(*IProxyNetworkCommittee)
	return out0, nil
}

// PackCommitteeCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd21af768.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function committeeCount() view returns(uint64)
func (proxyNetwork *ProxyNetwork) PackCommitteeCount() []byte {
	enc, err := proxyNetwork.abi.Pack("committeeCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommitteeCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd21af768.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function committeeCount() view returns(uint64)
func (proxyNetwork *ProxyNetwork) TryPackCommitteeCount() ([]byte, error) {
	return proxyNetwork.abi.Pack("committeeCount")
}

// UnpackCommitteeCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd21af768.
//
// Solidity: function committeeCount() view returns(uint64)
func (proxyNetwork *ProxyNetwork) UnpackCommitteeCount(data []byte) (uint64, error) {
	out, err := proxyNetwork.abi.Unpack("committeeCount", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackComplain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7e859b9c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function complain(uint64 committeeId, uint8 dealer, bytes sharedPoint, bytes proof) returns()
func (proxyNetwork *ProxyNetwork) PackComplain(committeeId uint64, dealer uint8, sharedPoint []byte, proof []byte) []byte {
	enc, err := proxyNetwork.abi.Pack("complain", committeeId, dealer, sharedPoint, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackComplain is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7e859b9c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function complain(uint64 committeeId, uint8 dealer, bytes sharedPoint, bytes proof) returns()
func (proxyNetwork *ProxyNetwork) TryPackComplain(committeeId uint64, dealer uint8, sharedPoint []byte, proof []byte) ([]byte, error) {
	return proxyNetwork.abi.Pack("complain", committeeId, dealer, sharedPoint, proof)
}

// PackComplaints is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4f1af888.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function complaints(uint64 committeeId, uint8 index) view returns(uint16)
func (proxyNetwork *ProxyNetwork) PackComplaints(committeeId uint64, index uint8) []byte {
	enc, err := proxyNetwork.abi.Pack("complaints", committeeId, index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackComplaints is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4f1af888.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function complaints(uint64 committeeId, uint8 index) view returns(uint16)
func (proxyNetwork *ProxyNetwork) TryPackComplaints(committeeId uint64, index uint8) ([]byte, error) {
	return proxyNetwork.abi.Pack("complaints", committeeId, index)
}

// UnpackComplaints is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4f1af888.
//
// Solidity: function complaints(uint64 committeeId, uint8 index) view returns(uint16)
func (proxyNetwork *ProxyNetwork) UnpackComplaints(data []byte) (uint16, error) {
	out, err := proxyNetwork.abi.Unpack("complaints", data)
	if err != nil {
		return *new(uint16), err
	}
	out0 := *abi.ConvertType(out[0], new(uint16)).(*uint16)
	return out0, nil
}

// PackConfirm is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f791ded.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function confirm(uint64 committeeId, bytes publicKey_, bytes32 sharesHash_) returns()
func (proxyNetwork *ProxyNetwork) PackConfirm(committeeId uint64, publicKey []byte, sharesHash [32]byte) []byte {
	enc, err := proxyNetwork.abi.Pack("confirm", committeeId, publicKey, sharesHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackConfirm is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5f791ded.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function confirm(uint64 committeeId, bytes publicKey_, bytes32 sharesHash_) returns()
func (proxyNetwork *ProxyNetwork) TryPackConfirm(committeeId uint64, publicKey []byte, sharesHash [32]byte) ([]byte, error) {
	return proxyNetwork.abi.Pack("confirm", committeeId, publicKey, sharesHash)
}

// PackCreateCommittee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5b4dd5d9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function createCommittee(address[] members_, uint8 threshold_, uint64 phaseBlocks) returns(uint64 committeeId)
func (proxyNetwork *ProxyNetwork) PackCreateCommittee(members []common.Address, threshold uint8, phaseBlocks uint64) []byte {
	enc, err := proxyNetwork.abi.Pack("createCommittee", members, threshold, phaseBlocks)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCreateCommittee is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5b4dd5d9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function createCommittee(address[] members_, uint8 threshold_, uint64 phaseBlocks) returns(uint64 committeeId)
func (proxyNetwork *ProxyNetwork) TryPackCreateCommittee(members []common.Address, threshold uint8, phaseBlocks uint64) ([]byte, error) {
	return proxyNetwork.abi.Pack("createCommittee", members, threshold, phaseBlocks)
}

// UnpackCreateCommittee is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5b4dd5d9.
//
// Solidity: function createCommittee(address[] members_, uint8 threshold_, uint64 phaseBlocks) returns(uint64 committeeId)
func (proxyNetwork *ProxyNetwork) UnpackCreateCommittee(data []byte) (uint64, error) {
	out, err := proxyNetwork.abi.Unpack("createCommittee", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackDeal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaaea7ee3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deal(uint64 committeeId, bytes commitments, bytes shares) returns()
func (proxyNetwork *ProxyNetwork) PackDeal(committeeId uint64, commitments []byte, shares []byte) []byte {
	enc, err := proxyNetwork.abi.Pack("deal", committeeId, commitments, shares)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaaea7ee3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deal(uint64 committeeId, bytes commitments, bytes shares) returns()
func (proxyNetwork *ProxyNetwork) TryPackDeal(committeeId uint64, commitments []byte, shares []byte) ([]byte, error) {
	return proxyNetwork.abi.Pack("deal", committeeId, commitments, shares)
}

// PackDealHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61f3c7f6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function dealHash(uint64 committeeId, uint8 index) view returns(bytes32)
func (proxyNetwork *ProxyNetwork) PackDealHash(committeeId uint64, index uint8) []byte {
	enc, err := proxyNetwork.abi.Pack("dealHash", committeeId, index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDealHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x61f3c7f6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function dealHash(uint64 committeeId, uint8 index) view returns(bytes32)
func (proxyNetwork *ProxyNetwork) TryPackDealHash(committeeId uint64, index uint8) ([]byte, error) {
	return proxyNetwork.abi.Pack("dealHash", committeeId, index)
}

// UnpackDealHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x61f3c7f6.
//
// Solidity: function dealHash(uint64 committeeId, uint8 index) view returns(bytes32)
func (proxyNetwork *ProxyNetwork) UnpackDealHash(data []byte) ([32]byte, error) {
	out, err := proxyNetwork.abi.Unpack("dealHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDkgKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x63659efc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function dkgKey(uint64 committeeId, uint8 index) view returns(bytes)
func (proxyNetwork *ProxyNetwork) PackDkgKey(committeeId uint64, index uint8) []byte {
	enc, err := proxyNetwork.abi.Pack("dkgKey", committeeId, index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDkgKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x63659efc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function dkgKey(uint64 committeeId, uint8 index) view returns(bytes)
func (proxyNetwork *ProxyNetwork) TryPackDkgKey(committeeId uint64, index uint8) ([]byte, error) {
	return proxyNetwork.abi.Pack("dkgKey", committeeId, index)
}

// UnpackDkgKey is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x63659efc.
//
// Solidity: function dkgKey(uint64 committeeId, uint8 index) view returns(bytes)
func (proxyNetwork *ProxyNetwork) UnpackDkgKey(data []byte) ([]byte, error) {
	out, err := proxyNetwork.abi.Unpack("dkgKey", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackIsActiveMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88662219.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isActiveMember(uint64 committeeId, uint8 index, address account) view returns(bool)
func (proxyNetwork *ProxyNetwork) PackIsActiveMember(committeeId uint64, index uint8, account common.Address) []byte {
	enc, err := proxyNetwork.abi.Pack("isActiveMember", committeeId, index, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsActiveMember is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88662219.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isActiveMember(uint64 committeeId, uint8 index, address account) view returns(bool)
func (proxyNetwork *ProxyNetwork) TryPackIsActiveMember(committeeId uint64, index uint8, account common.Address) ([]byte, error) {
	return proxyNetwork.abi.Pack("isActiveMember", committeeId, index, account)
}

// UnpackIsActiveMember is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x88662219.
//
// Solidity: function isActiveMember(uint64 committeeId, uint8 index, address account) view returns(bool)
func (proxyNetwork *ProxyNetwork) UnpackIsActiveMember(data []byte) (bool, error) {
	out, err := proxyNetwork.abi.Unpack("isActiveMember", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackMemberAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xee4f886b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function memberAt(uint64 committeeId, uint8 index) view returns(address)
func (proxyNetwork *ProxyNetwork) PackMemberAt(committeeId uint64, index uint8) []byte {
	enc, err := proxyNetwork.abi.Pack("memberAt", committeeId, index)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMemberAt is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xee4f886b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function memberAt(uint64 committeeId, uint8 index) view returns(address)
func (proxyNetwork *ProxyNetwork) TryPackMemberAt(committeeId uint64, index uint8) ([]byte, error) {
	return proxyNetwork.abi.Pack("memberAt", committeeId, index)
}

// UnpackMemberAt is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xee4f886b.
//
// Solidity: function memberAt(uint64 committeeId, uint8 index) view returns(address)
func (proxyNetwork *ProxyNetwork) UnpackMemberAt(data []byte) (common.Address, error) {
	out, err := proxyNetwork.abi.Unpack("memberAt", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackMemberIndex is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6a8a6c6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function memberIndex(uint64 committeeId, address account) view returns(uint8)
func (proxyNetwork *ProxyNetwork) PackMemberIndex(committeeId uint64, account common.Address) []byte {
	enc, err := proxyNetwork.abi.Pack("memberIndex", committeeId, account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMemberIndex is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb6a8a6c6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function memberIndex(uint64 committeeId, address account) view returns(uint8)
func (proxyNetwork *ProxyNetwork) TryPackMemberIndex(committeeId uint64, account common.Address) ([]byte, error) {
	return proxyNetwork.abi.Pack("memberIndex", committeeId, account)
}

// UnpackMemberIndex is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb6a8a6c6.
//
// Solidity: function memberIndex(uint64 committeeId, address account) view returns(uint8)
func (proxyNetwork *ProxyNetwork) UnpackMemberIndex(data []byte) (uint8, error) {
	out, err := proxyNetwork.abi.Unpack("memberIndex", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x82ab8c35.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function members(uint64 committeeId) view returns(address[] list)
func (proxyNetwork *ProxyNetwork) PackMembers(committeeId uint64) []byte {
	enc, err := proxyNetwork.abi.Pack("members", committeeId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackMembers is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x82ab8c35.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function members(uint64 committeeId) view returns(address[] list)
func (proxyNetwork *ProxyNetwork) TryPackMembers(committeeId uint64) ([]byte, error) {
	return proxyNetwork.abi.Pack("members", committeeId)
}

// UnpackMembers is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x82ab8c35.
//
// Solidity: function members(uint64 committeeId) view returns(address[] list)
func (proxyNetwork *ProxyNetwork) UnpackMembers(data []byte) ([]common.Address, error) {
	out, err := proxyNetwork.abi.Unpack("members", data)
	if err != nil {
		return *new([]common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	return out0, nil
}

// PackPublicKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa10bb41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function publicKey(uint64 committeeId) view returns(bytes)
func (proxyNetwork *ProxyNetwork) PackPublicKey(committeeId uint64) []byte {
	enc, err := proxyNetwork.abi.Pack("publicKey", committeeId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPublicKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaa10bb41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function publicKey(uint64 committeeId) view returns(bytes)
func (proxyNetwork *ProxyNetwork) TryPackPublicKey(committeeId uint64) ([]byte, error) {
	return proxyNetwork.abi.Pack("publicKey", committeeId)
}

// UnpackPublicKey is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xaa10bb41.
//
// Solidity: function publicKey(uint64 committeeId) view returns(bytes)
func (proxyNetwork *ProxyNetwork) UnpackPublicKey(data []byte) ([]byte, error) {
	out, err := proxyNetwork.abi.Unpack("publicKey", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackPublicShare is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcaf4e60d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function publicShare(uint64 committeeId, uint8 index, bytes shares) view returns(uint256 x, uint256 y)
func (proxyNetwork *ProxyNetwork) PackPublicShare(committeeId uint64, index uint8, shares []byte) []byte {
	enc, err := proxyNetwork.abi.Pack("publicShare", committeeId, index, shares)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPublicShare is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcaf4e60d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function publicShare(uint64 committeeId, uint8 index, bytes shares) view returns(uint256 x, uint256 y)
func (proxyNetwork *ProxyNetwork) TryPackPublicShare(committeeId uint64, index uint8, shares []byte) ([]byte, error) {
	return proxyNetwork.abi.Pack("publicShare", committeeId, index, shares)
}

// PublicShareOutput serves as a container for the return parameters of contract
// method PublicShare.
type PublicShareOutput struct {
	X *big.Int
	Y *big.Int
}

// UnpackPublicShare is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcaf4e60d.
//
// Solidity: function publicShare(uint64 committeeId, uint8 index, bytes shares) view returns(uint256 x, uint256 y)
func (proxyNetwork *ProxyNetwork) UnpackPublicShare(data []byte) (PublicShareOutput, error) {
	out, err := proxyNetwork.abi.Unpack("publicShare", data)
	outstruct := new(PublicShareOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.X = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.Y = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackRegisterKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4729c6b0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registerKey(uint64 committeeId, bytes key) returns()
func (proxyNetwork *ProxyNetwork) PackRegisterKey(committeeId uint64, key []byte) []byte {
	enc, err := proxyNetwork.abi.Pack("registerKey", committeeId, key)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegisterKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4729c6b0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registerKey(uint64 committeeId, bytes key) returns()
func (proxyNetwork *ProxyNetwork) TryPackRegisterKey(committeeId uint64, key []byte) ([]byte, error) {
	return proxyNetwork.abi.Pack("registerKey", committeeId, key)
}

// PackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registry() view returns(address)
func (proxyNetwork *ProxyNetwork) PackRegistry() []byte {
	enc, err := proxyNetwork.abi.Pack("registry")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registry() view returns(address)
func (proxyNetwork *ProxyNetwork) TryPackRegistry() ([]byte, error) {
	return proxyNetwork.abi.Pack("registry")
}

// UnpackRegistry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (proxyNetwork *ProxyNetwork) UnpackRegistry(data []byte) (common.Address, error) {
	out, err := proxyNetwork.abi.Unpack("registry", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackRetire is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf49d0638.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function retire(uint64 committeeId) returns()
func (proxyNetwork *ProxyNetwork) PackRetire(committeeId uint64) []byte {
	enc, err := proxyNetwork.abi.Pack("retire", committeeId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRetire is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf49d0638.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function retire(uint64 committeeId) returns()
func (proxyNetwork *ProxyNetwork) TryPackRetire(committeeId uint64) ([]byte, error) {
	return proxyNetwork.abi.Pack("retire", committeeId)
}

// PackSharesHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d9b092f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sharesHash(uint64 committeeId) view returns(bytes32)
func (proxyNetwork *ProxyNetwork) PackSharesHash(committeeId uint64) []byte {
	enc, err := proxyNetwork.abi.Pack("sharesHash", committeeId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSharesHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d9b092f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sharesHash(uint64 committeeId) view returns(bytes32)
func (proxyNetwork *ProxyNetwork) TryPackSharesHash(committeeId uint64) ([]byte, error) {
	return proxyNetwork.abi.Pack("sharesHash", committeeId)
}

// UnpackSharesHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9d9b092f.
//
// Solidity: function sharesHash(uint64 committeeId) view returns(bytes32)
func (proxyNetwork *ProxyNetwork) UnpackSharesHash(data []byte) ([32]byte, error) {
	out, err := proxyNetwork.abi.Unpack("sharesHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackStatus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x20bff893.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function status(uint64 committeeId) view returns(uint8)
func (proxyNetwork *ProxyNetwork) PackStatus(committeeId uint64) []byte {
	enc, err := proxyNetwork.abi.Pack("status", committeeId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackStatus is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x20bff893.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function status(uint64 committeeId) view returns(uint8)
func (proxyNetwork *ProxyNetwork) TryPackStatus(committeeId uint64) ([]byte, error) {
	return proxyNetwork.abi.Pack("status", committeeId)
}

// UnpackStatus is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x20bff893.
//
// Solidity: function status(uint64 committeeId) view returns(uint8)
func (proxyNetwork *ProxyNetwork) UnpackStatus(data []byte) (uint8, error) {
	out, err := proxyNetwork.abi.Unpack("status", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// PackThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x11f8dec6.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function threshold(uint64 committeeId) view returns(uint8)
func (proxyNetwork *ProxyNetwork) PackThreshold(committeeId uint64) []byte {
	enc, err := proxyNetwork.abi.Pack("threshold", committeeId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackThreshold is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x11f8dec6.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function threshold(uint64 committeeId) view returns(uint8)
func (proxyNetwork *ProxyNetwork) TryPackThreshold(committeeId uint64) ([]byte, error) {
	return proxyNetwork.abi.Pack("threshold", committeeId)
}

// UnpackThreshold is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x11f8dec6.
//
// Solidity: function threshold(uint64 committeeId) view returns(uint8)
func (proxyNetwork *ProxyNetwork) UnpackThreshold(data []byte) (uint8, error) {
	out, err := proxyNetwork.abi.Unpack("threshold", data)
	if err != nil {
		return *new(uint8), err
	}
	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)
	return out0, nil
}

// ProxyNetworkCommitteeActivated represents a CommitteeActivated event raised by the ProxyNetwork contract.
type ProxyNetworkCommitteeActivated struct {
	CommitteeId uint64
	PublicKey   []byte
	SharesHash  [32]byte
	ConfirmMask uint16
	Raw         *types.Log // Blockchain specific contextual infos
}

const ProxyNetworkCommitteeActivatedEventName = "CommitteeActivated"

// ContractEventName returns the user-defined event name.
func (ProxyNetworkCommitteeActivated) ContractEventName() string {
	return ProxyNetworkCommitteeActivatedEventName
}

// UnpackCommitteeActivatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CommitteeActivated(uint64 indexed committeeId, bytes publicKey, bytes32 sharesHash, uint16 confirmMask)
func (proxyNetwork *ProxyNetwork) UnpackCommitteeActivatedEvent(log *types.Log) (*ProxyNetworkCommitteeActivated, error) {
	event := "CommitteeActivated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != proxyNetwork.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ProxyNetworkCommitteeActivated)
	if len(log.Data) > 0 {
		if err := proxyNetwork.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range proxyNetwork.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ProxyNetworkCommitteeCreated represents a CommitteeCreated event raised by the ProxyNetwork contract.
type ProxyNetworkCommitteeCreated struct {
	CommitteeId       uint64
	Admin             common.Address
	Members           []common.Address
	Threshold         uint8
	Quorum            uint8
	KeyDeadline       uint64
	DealDeadline      uint64
	ComplaintDeadline uint64
	ConfirmDeadline   uint64
	Raw               *types.Log // Blockchain specific contextual infos
}

const ProxyNetworkCommitteeCreatedEventName = "CommitteeCreated"

// ContractEventName returns the user-defined event name.
func (ProxyNetworkCommitteeCreated) ContractEventName() string {
	return ProxyNetworkCommitteeCreatedEventName
}

// UnpackCommitteeCreatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CommitteeCreated(uint64 indexed committeeId, address indexed admin, address[] members, uint8 threshold, uint8 quorum, uint64 keyDeadline, uint64 dealDeadline, uint64 complaintDeadline, uint64 confirmDeadline)
func (proxyNetwork *ProxyNetwork) UnpackCommitteeCreatedEvent(log *types.Log) (*ProxyNetworkCommitteeCreated, error) {
	event := "CommitteeCreated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != proxyNetwork.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ProxyNetworkCommitteeCreated)
	if len(log.Data) > 0 {
		if err := proxyNetwork.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range proxyNetwork.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ProxyNetworkCommitteeRetired represents a CommitteeRetired event raised by the ProxyNetwork contract.
type ProxyNetworkCommitteeRetired struct {
	CommitteeId uint64
	Admin       common.Address
	Raw         *types.Log // Blockchain specific contextual infos
}

const ProxyNetworkCommitteeRetiredEventName = "CommitteeRetired"

// ContractEventName returns the user-defined event name.
func (ProxyNetworkCommitteeRetired) ContractEventName() string {
	return ProxyNetworkCommitteeRetiredEventName
}

// UnpackCommitteeRetiredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event CommitteeRetired(uint64 indexed committeeId, address indexed admin)
func (proxyNetwork *ProxyNetwork) UnpackCommitteeRetiredEvent(log *types.Log) (*ProxyNetworkCommitteeRetired, error) {
	event := "CommitteeRetired"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != proxyNetwork.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ProxyNetworkCommitteeRetired)
	if len(log.Data) > 0 {
		if err := proxyNetwork.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range proxyNetwork.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ProxyNetworkComplaintFiled represents a ComplaintFiled event raised by the ProxyNetwork contract.
type ProxyNetworkComplaintFiled struct {
	CommitteeId uint64
	Node        common.Address
	Member      uint8
	Dealer      uint8
	SharedPoint []byte
	Proof       []byte
	Raw         *types.Log // Blockchain specific contextual infos
}

const ProxyNetworkComplaintFiledEventName = "ComplaintFiled"

// ContractEventName returns the user-defined event name.
func (ProxyNetworkComplaintFiled) ContractEventName() string {
	return ProxyNetworkComplaintFiledEventName
}

// UnpackComplaintFiledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ComplaintFiled(uint64 indexed committeeId, address indexed node, uint8 member, uint8 dealer, bytes sharedPoint, bytes proof)
func (proxyNetwork *ProxyNetwork) UnpackComplaintFiledEvent(log *types.Log) (*ProxyNetworkComplaintFiled, error) {
	event := "ComplaintFiled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != proxyNetwork.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ProxyNetworkComplaintFiled)
	if len(log.Data) > 0 {
		if err := proxyNetwork.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range proxyNetwork.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ProxyNetworkDealPublished represents a DealPublished event raised by the ProxyNetwork contract.
type ProxyNetworkDealPublished struct {
	CommitteeId uint64
	Node        common.Address
	Member      uint8
	Commitments []byte
	Shares      []byte
	Raw         *types.Log // Blockchain specific contextual infos
}

const ProxyNetworkDealPublishedEventName = "DealPublished"

// ContractEventName returns the user-defined event name.
func (ProxyNetworkDealPublished) ContractEventName() string {
	return ProxyNetworkDealPublishedEventName
}

// UnpackDealPublishedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DealPublished(uint64 indexed committeeId, address indexed node, uint8 member, bytes commitments, bytes shares)
func (proxyNetwork *ProxyNetwork) UnpackDealPublishedEvent(log *types.Log) (*ProxyNetworkDealPublished, error) {
	event := "DealPublished"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != proxyNetwork.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ProxyNetworkDealPublished)
	if len(log.Data) > 0 {
		if err := proxyNetwork.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range proxyNetwork.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ProxyNetworkDkgKeyRegistered represents a DkgKeyRegistered event raised by the ProxyNetwork contract.
type ProxyNetworkDkgKeyRegistered struct {
	CommitteeId uint64
	Node        common.Address
	Member      uint8
	Key         []byte
	Raw         *types.Log // Blockchain specific contextual infos
}

const ProxyNetworkDkgKeyRegisteredEventName = "DkgKeyRegistered"

// ContractEventName returns the user-defined event name.
func (ProxyNetworkDkgKeyRegistered) ContractEventName() string {
	return ProxyNetworkDkgKeyRegisteredEventName
}

// UnpackDkgKeyRegisteredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event DkgKeyRegistered(uint64 indexed committeeId, address indexed node, uint8 member, bytes key)
func (proxyNetwork *ProxyNetwork) UnpackDkgKeyRegisteredEvent(log *types.Log) (*ProxyNetworkDkgKeyRegistered, error) {
	event := "DkgKeyRegistered"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != proxyNetwork.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ProxyNetworkDkgKeyRegistered)
	if len(log.Data) > 0 {
		if err := proxyNetwork.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range proxyNetwork.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ProxyNetworkTranscriptConfirmed represents a TranscriptConfirmed event raised by the ProxyNetwork contract.
type ProxyNetworkTranscriptConfirmed struct {
	CommitteeId uint64
	Node        common.Address
	Member      uint8
	PublicKey   []byte
	SharesHash  [32]byte
	Raw         *types.Log // Blockchain specific contextual infos
}

const ProxyNetworkTranscriptConfirmedEventName = "TranscriptConfirmed"

// ContractEventName returns the user-defined event name.
func (ProxyNetworkTranscriptConfirmed) ContractEventName() string {
	return ProxyNetworkTranscriptConfirmedEventName
}

// UnpackTranscriptConfirmedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event TranscriptConfirmed(uint64 indexed committeeId, address indexed node, uint8 member, bytes publicKey, bytes32 sharesHash)
func (proxyNetwork *ProxyNetwork) UnpackTranscriptConfirmedEvent(log *types.Log) (*ProxyNetworkTranscriptConfirmed, error) {
	event := "TranscriptConfirmed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != proxyNetwork.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ProxyNetworkTranscriptConfirmed)
	if len(log.Data) > 0 {
		if err := proxyNetwork.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range proxyNetwork.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (proxyNetwork *ProxyNetwork) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["AlreadyComplained"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackAlreadyComplainedError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["AlreadyConfirmed"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackAlreadyConfirmedError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["AlreadyDealt"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackAlreadyDealtError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["AlreadyRegistered"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackAlreadyRegisteredError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["DuplicateMember"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackDuplicateMemberError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["EmptySharesHash"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackEmptySharesHashError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["InvalidCommittee"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackInvalidCommitteeError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["InvalidDealer"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackInvalidDealerError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["InvalidLength"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackInvalidLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["InvalidMember"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackInvalidMemberError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["InvalidPhase"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackInvalidPhaseError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["InvalidPoint"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackInvalidPointError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["ModexpFailed"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackModexpFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["NotActiveProxy"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackNotActiveProxyError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["NotAdmin"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackNotAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["NotMember"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackNotMemberError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["SharesMismatch"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackSharesMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["UnknownCommittee"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackUnknownCommitteeError(raw[4:])
	}
	if bytes.Equal(raw[:4], proxyNetwork.abi.Errors["WrongPhase"].ID.Bytes()[:4]) {
		return proxyNetwork.UnpackWrongPhaseError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ProxyNetworkAlreadyComplained represents a AlreadyComplained error raised by the ProxyNetwork contract.
type ProxyNetworkAlreadyComplained struct {
	CommitteeId uint64
	Member      uint8
	Dealer      uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyComplained(uint64 committeeId, uint8 member, uint8 dealer)
func ProxyNetworkAlreadyComplainedErrorID() common.Hash {
	return common.HexToHash("0x0d8da07e387a8e0d7eedd9644c66f3cdba99c6884a57815453b0dfb462654973")
}

// UnpackAlreadyComplainedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyComplained(uint64 committeeId, uint8 member, uint8 dealer)
func (proxyNetwork *ProxyNetwork) UnpackAlreadyComplainedError(raw []byte) (*ProxyNetworkAlreadyComplained, error) {
	out := new(ProxyNetworkAlreadyComplained)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "AlreadyComplained", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkAlreadyConfirmed represents a AlreadyConfirmed error raised by the ProxyNetwork contract.
type ProxyNetworkAlreadyConfirmed struct {
	CommitteeId uint64
	Member      uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyConfirmed(uint64 committeeId, uint8 member)
func ProxyNetworkAlreadyConfirmedErrorID() common.Hash {
	return common.HexToHash("0xcc1c2e166a068dcbc35391c43c1253bfe4276798d56855370b346b5e88d8496b")
}

// UnpackAlreadyConfirmedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyConfirmed(uint64 committeeId, uint8 member)
func (proxyNetwork *ProxyNetwork) UnpackAlreadyConfirmedError(raw []byte) (*ProxyNetworkAlreadyConfirmed, error) {
	out := new(ProxyNetworkAlreadyConfirmed)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "AlreadyConfirmed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkAlreadyDealt represents a AlreadyDealt error raised by the ProxyNetwork contract.
type ProxyNetworkAlreadyDealt struct {
	CommitteeId uint64
	Member      uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyDealt(uint64 committeeId, uint8 member)
func ProxyNetworkAlreadyDealtErrorID() common.Hash {
	return common.HexToHash("0x52ef2f536d1194926208d4bec6aa42114907886ec1e4a61f3c191aaec31147e6")
}

// UnpackAlreadyDealtError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyDealt(uint64 committeeId, uint8 member)
func (proxyNetwork *ProxyNetwork) UnpackAlreadyDealtError(raw []byte) (*ProxyNetworkAlreadyDealt, error) {
	out := new(ProxyNetworkAlreadyDealt)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "AlreadyDealt", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkAlreadyRegistered represents a AlreadyRegistered error raised by the ProxyNetwork contract.
type ProxyNetworkAlreadyRegistered struct {
	CommitteeId uint64
	Member      uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyRegistered(uint64 committeeId, uint8 member)
func ProxyNetworkAlreadyRegisteredErrorID() common.Hash {
	return common.HexToHash("0x3a48d9260787884781833d01d3369c7dcc1383440c341e05a83314267e8617f0")
}

// UnpackAlreadyRegisteredError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyRegistered(uint64 committeeId, uint8 member)
func (proxyNetwork *ProxyNetwork) UnpackAlreadyRegisteredError(raw []byte) (*ProxyNetworkAlreadyRegistered, error) {
	out := new(ProxyNetworkAlreadyRegistered)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "AlreadyRegistered", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkDuplicateMember represents a DuplicateMember error raised by the ProxyNetwork contract.
type ProxyNetworkDuplicateMember struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error DuplicateMember(address account)
func ProxyNetworkDuplicateMemberErrorID() common.Hash {
	return common.HexToHash("0x4b99be106ca88ce66b1359b681c216ce5d48a463451988067d965493ce6d27f5")
}

// UnpackDuplicateMemberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error DuplicateMember(address account)
func (proxyNetwork *ProxyNetwork) UnpackDuplicateMemberError(raw []byte) (*ProxyNetworkDuplicateMember, error) {
	out := new(ProxyNetworkDuplicateMember)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "DuplicateMember", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkEmptySharesHash represents a EmptySharesHash error raised by the ProxyNetwork contract.
type ProxyNetworkEmptySharesHash struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptySharesHash()
func ProxyNetworkEmptySharesHashErrorID() common.Hash {
	return common.HexToHash("0x6b4a48db04233c0917a9fc599cab33f3f330878b0c0dc8ccb8b1e8492c565b96")
}

// UnpackEmptySharesHashError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptySharesHash()
func (proxyNetwork *ProxyNetwork) UnpackEmptySharesHashError(raw []byte) (*ProxyNetworkEmptySharesHash, error) {
	out := new(ProxyNetworkEmptySharesHash)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "EmptySharesHash", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkInvalidCommittee represents a InvalidCommittee error raised by the ProxyNetwork contract.
type ProxyNetworkInvalidCommittee struct {
	Size      *big.Int
	Threshold uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidCommittee(uint256 size, uint8 threshold)
func ProxyNetworkInvalidCommitteeErrorID() common.Hash {
	return common.HexToHash("0xe08f5e6038732e74bf107a43285de93dc4214361dd2e4bd6621cf3bf8441076e")
}

// UnpackInvalidCommitteeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidCommittee(uint256 size, uint8 threshold)
func (proxyNetwork *ProxyNetwork) UnpackInvalidCommitteeError(raw []byte) (*ProxyNetworkInvalidCommittee, error) {
	out := new(ProxyNetworkInvalidCommittee)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "InvalidCommittee", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkInvalidDealer represents a InvalidDealer error raised by the ProxyNetwork contract.
type ProxyNetworkInvalidDealer struct {
	CommitteeId uint64
	Dealer      uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidDealer(uint64 committeeId, uint8 dealer)
func ProxyNetworkInvalidDealerErrorID() common.Hash {
	return common.HexToHash("0xfc56cba93ff3cd56fbdbe60a0194998b82f09dfebf35e5405ffb121111ba6446")
}

// UnpackInvalidDealerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidDealer(uint64 committeeId, uint8 dealer)
func (proxyNetwork *ProxyNetwork) UnpackInvalidDealerError(raw []byte) (*ProxyNetworkInvalidDealer, error) {
	out := new(ProxyNetworkInvalidDealer)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "InvalidDealer", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkInvalidLength represents a InvalidLength error raised by the ProxyNetwork contract.
type ProxyNetworkInvalidLength struct {
	Length   *big.Int
	Expected *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidLength(uint256 length, uint256 expected)
func ProxyNetworkInvalidLengthErrorID() common.Hash {
	return common.HexToHash("0x5b7232fad83d46f425c7c4ca6b1e00f19d9a1fe230b94c1ffe72afd100b6a263")
}

// UnpackInvalidLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidLength(uint256 length, uint256 expected)
func (proxyNetwork *ProxyNetwork) UnpackInvalidLengthError(raw []byte) (*ProxyNetworkInvalidLength, error) {
	out := new(ProxyNetworkInvalidLength)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "InvalidLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkInvalidMember represents a InvalidMember error raised by the ProxyNetwork contract.
type ProxyNetworkInvalidMember struct {
	CommitteeId uint64
	Member      uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidMember(uint64 committeeId, uint8 member)
func ProxyNetworkInvalidMemberErrorID() common.Hash {
	return common.HexToHash("0xf0ed711391318fc51b302e4677b678c8a24117587b07f1335c51a5f327cae5bc")
}

// UnpackInvalidMemberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidMember(uint64 committeeId, uint8 member)
func (proxyNetwork *ProxyNetwork) UnpackInvalidMemberError(raw []byte) (*ProxyNetworkInvalidMember, error) {
	out := new(ProxyNetworkInvalidMember)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "InvalidMember", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkInvalidPhase represents a InvalidPhase error raised by the ProxyNetwork contract.
type ProxyNetworkInvalidPhase struct {
	PhaseBlocks uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidPhase(uint64 phaseBlocks)
func ProxyNetworkInvalidPhaseErrorID() common.Hash {
	return common.HexToHash("0xde772c97e6006e4151f583d4ad53bd521ee06b3fef31344f1f22737c877e2c1f")
}

// UnpackInvalidPhaseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidPhase(uint64 phaseBlocks)
func (proxyNetwork *ProxyNetwork) UnpackInvalidPhaseError(raw []byte) (*ProxyNetworkInvalidPhase, error) {
	out := new(ProxyNetworkInvalidPhase)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "InvalidPhase", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkInvalidPoint represents a InvalidPoint error raised by the ProxyNetwork contract.
type ProxyNetworkInvalidPoint struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidPoint()
func ProxyNetworkInvalidPointErrorID() common.Hash {
	return common.HexToHash("0xb8fedf87e792a9d748e133fbebf786ae0bd441dc3d31476dd4f8b972707ef4b4")
}

// UnpackInvalidPointError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidPoint()
func (proxyNetwork *ProxyNetwork) UnpackInvalidPointError(raw []byte) (*ProxyNetworkInvalidPoint, error) {
	out := new(ProxyNetworkInvalidPoint)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "InvalidPoint", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkModexpFailed represents a ModexpFailed error raised by the ProxyNetwork contract.
type ProxyNetworkModexpFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ModexpFailed()
func ProxyNetworkModexpFailedErrorID() common.Hash {
	return common.HexToHash("0x4a6a368b096b034eed134b3b96af853bab5c320786fe92b9da33f3ac545dfb29")
}

// UnpackModexpFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ModexpFailed()
func (proxyNetwork *ProxyNetwork) UnpackModexpFailedError(raw []byte) (*ProxyNetworkModexpFailed, error) {
	out := new(ProxyNetworkModexpFailed)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "ModexpFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkNotActiveProxy represents a NotActiveProxy error raised by the ProxyNetwork contract.
type ProxyNetworkNotActiveProxy struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotActiveProxy(address account)
func ProxyNetworkNotActiveProxyErrorID() common.Hash {
	return common.HexToHash("0x0be16e23f5c25ed917ed335f9525c664fd78faf967c4f6d46dabe504fee7f995")
}

// UnpackNotActiveProxyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotActiveProxy(address account)
func (proxyNetwork *ProxyNetwork) UnpackNotActiveProxyError(raw []byte) (*ProxyNetworkNotActiveProxy, error) {
	out := new(ProxyNetworkNotActiveProxy)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "NotActiveProxy", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkNotAdmin represents a NotAdmin error raised by the ProxyNetwork contract.
type ProxyNetworkNotAdmin struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAdmin()
func ProxyNetworkNotAdminErrorID() common.Hash {
	return common.HexToHash("0x7bfa4b9fb0cd3687c1f539f384b3f3f258f2c9aa9186353d0815413b508ed97d")
}

// UnpackNotAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAdmin()
func (proxyNetwork *ProxyNetwork) UnpackNotAdminError(raw []byte) (*ProxyNetworkNotAdmin, error) {
	out := new(ProxyNetworkNotAdmin)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "NotAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkNotMember represents a NotMember error raised by the ProxyNetwork contract.
type ProxyNetworkNotMember struct {
	CommitteeId uint64
	Account     common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotMember(uint64 committeeId, address account)
func ProxyNetworkNotMemberErrorID() common.Hash {
	return common.HexToHash("0x5a98446e5535e5573e00c4a50002aa7cc7aa17b4528ef017a6a7f3d4c9220018")
}

// UnpackNotMemberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotMember(uint64 committeeId, address account)
func (proxyNetwork *ProxyNetwork) UnpackNotMemberError(raw []byte) (*ProxyNetworkNotMember, error) {
	out := new(ProxyNetworkNotMember)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "NotMember", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkSharesMismatch represents a SharesMismatch error raised by the ProxyNetwork contract.
type ProxyNetworkSharesMismatch struct {
	CommitteeId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error SharesMismatch(uint64 committeeId)
func ProxyNetworkSharesMismatchErrorID() common.Hash {
	return common.HexToHash("0xc6bad973dfdf2a47ecd2ca4f4dda8bb2b8429eb456786024bd4c05c89e67d1e6")
}

// UnpackSharesMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error SharesMismatch(uint64 committeeId)
func (proxyNetwork *ProxyNetwork) UnpackSharesMismatchError(raw []byte) (*ProxyNetworkSharesMismatch, error) {
	out := new(ProxyNetworkSharesMismatch)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "SharesMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkUnknownCommittee represents a UnknownCommittee error raised by the ProxyNetwork contract.
type ProxyNetworkUnknownCommittee struct {
	CommitteeId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownCommittee(uint64 committeeId)
func ProxyNetworkUnknownCommitteeErrorID() common.Hash {
	return common.HexToHash("0xae4620e4194a3e1db6c6cad117d6a51b167da9c8158fc5fead6852fcc172791f")
}

// UnpackUnknownCommitteeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownCommittee(uint64 committeeId)
func (proxyNetwork *ProxyNetwork) UnpackUnknownCommitteeError(raw []byte) (*ProxyNetworkUnknownCommittee, error) {
	out := new(ProxyNetworkUnknownCommittee)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "UnknownCommittee", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ProxyNetworkWrongPhase represents a WrongPhase error raised by the ProxyNetwork contract.
type ProxyNetworkWrongPhase struct {
	CommitteeId uint64
	Status      uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongPhase(uint64 committeeId, uint8 status)
func ProxyNetworkWrongPhaseErrorID() common.Hash {
	return common.HexToHash("0xea3b7efa1d08752751c9bfad63ac9ce07d94f27df4b474b96b95a84d031aaaae")
}

// UnpackWrongPhaseError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongPhase(uint64 committeeId, uint8 status)
func (proxyNetwork *ProxyNetwork) UnpackWrongPhaseError(raw []byte) (*ProxyNetworkWrongPhase, error) {
	out := new(ProxyNetworkWrongPhase)
	if err := proxyNetwork.abi.UnpackIntoInterface(out, "WrongPhase", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryMetaData contains all meta data concerning the RecordRegistry contract.
var RecordRegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"registry_\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"abeKeyRef\",\"type\":\"bytes\"}],\"name\":\"changePolicy\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"encryptedLocation\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"wrappedKeyRef\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"abeKeyRef\",\"type\":\"bytes\"}],\"internalType\":\"structIRecordRegistry.RecordInput\",\"name\":\"input\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"providerSignature\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"patientSignature\",\"type\":\"bytes\"}],\"name\":\"createRecord\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"}],\"name\":\"deleteRecord\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"}],\"name\":\"record\",\"outputs\":[{\"components\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"internalType\":\"enumIRecordRegistry.RecordStatus\",\"name\":\"status\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"updatedAt\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"head\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"encryptedLocation\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"wrappedKeyRef\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"abeKeyRef\",\"type\":\"bytes\"}],\"internalType\":\"structIRecordRegistry.Record\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"}],\"name\":\"recordIdFor\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"}],\"name\":\"recordState\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"internalType\":\"enumIRecordRegistry.RecordStatus\",\"name\":\"status\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"registry\",\"outputs\":[{\"internalType\":\"contractIRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"encryptedLocation\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"wrappedKeyRef\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"abeKeyRef\",\"type\":\"bytes\"}],\"internalType\":\"structIRecordRegistry.RecordInput\",\"name\":\"input\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"providerSignature\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"patientSignature\",\"type\":\"bytes\"}],\"name\":\"updateRecord\",\"outputs\":[{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"encryptedLocation\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"wrappedKeyRef\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"abeKeyRef\",\"type\":\"bytes\"}],\"internalType\":\"structIRecordRegistry.RecordInput\",\"name\":\"input\",\"type\":\"tuple\"}],\"name\":\"versionDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"}],\"name\":\"versionHead\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"head\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"previousPolicyHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"abeKeyRef\",\"type\":\"bytes\"}],\"name\":\"PolicyChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"head\",\"type\":\"bytes32\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"encryptedLocation\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"wrappedKeyRef\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"abeKeyRef\",\"type\":\"bytes\"}],\"indexed\":false,\"internalType\":\"structIRecordRegistry.RecordInput\",\"name\":\"input\",\"type\":\"tuple\"}],\"name\":\"RecordCreated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"actor\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"}],\"name\":\"RecordDeleted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"version\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"previousHead\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"head\",\"type\":\"bytes32\"},{\"components\":[{\"internalType\":\"bytes32\",\"name\":\"contentHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"policyHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"encryptedLocation\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"wrappedKeyRef\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"abeKeyRef\",\"type\":\"bytes\"}],\"indexed\":false,\"internalType\":\"structIRecordRegistry.RecordInput\",\"name\":\"input\",\"type\":\"tuple\"}],\"name\":\"RecordUpdated\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"EmptyField\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidPatientSignature\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidProviderSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"NotAuthorized\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"patient\",\"type\":\"address\"}],\"name\":\"PatientNotActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"provider\",\"type\":\"address\"}],\"name\":\"ProviderNotActive\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"}],\"name\":\"RecordExists\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"}],\"name\":\"RecordTombstoned\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"recordId\",\"type\":\"bytes32\"}],\"name\":\"UnknownRecord\",\"type\":\"error\"}]",
	ID:  "4950c5427bf3d46f43f0648508b7106cd8",
	Bin: "0x60e060405234801561000f575f5ffd5b506040516122d83803806122d883398101604081905261002e916100ef565b6001600160a01b0381166080524660a0526100e6604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f499b81a7feedb5cb931787187aba1fc51b13d108900355a9e3f5ad19625c6a6c918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60c0525061011c565b5f602082840312156100ff575f5ffd5b81516001600160a01b0381168114610115575f5ffd5b9392505050565b60805160a05160c0516121766101625f395f61102f01525f610f5b01525f81816101f7015281816103230152818161078601528181610de1015261111801526121765ff3fe608060405234801561000f575f5ffd5b50600436106100c4575f3560e01c80635aa031f01161007d578063b5c645bd11610058578063b5c645bd14610253578063e8ca17ca14610273578063f698da2514610286575f5ffd5b80635aa031f0146101ca5780637b103999146101f25780638c0dacf21461023e575f5ffd5b80632156d40f116100ad5780632156d40f14610118578063327210dc146101a457806352cb0923146101b7575f5ffd5b8063054b9fe7146100c85780630d122fbf14610105575b5f5ffd5b6100f26100d6366004611839565b600160209081525f928352604080842090915290825290205481565b6040519081526020015b60405180910390f35b6100f2610113366004611886565b61028e565b6101956101263660046118c0565b5f908152602081905260409020805460019091015473ffffffffffffffffffffffffffffffffffffffff9091169174010000000000000000000000000000000000000000820463ffffffff16917801000000000000000000000000000000000000000000000000900460ff1690565b6040516100fc93929190611918565b6100f26101b23660046119a9565b6102e4565b6100f26101c5366004611a63565b6105c1565b6101dd6101d8366004611ac7565b610735565b60405163ffffffff90911681526020016100fc565b6102197f000000000000000000000000000000000000000000000000000000000000000081565b60405173ffffffffffffffffffffffffffffffffffffffff90911681526020016100fc565b61025161024c3660046118c0565b6108a4565b005b6102666102613660046118c0565b610a44565b6040516100fc9190611b1b565b610251610281366004611c2a565b610d45565b6100f2610f58565b6040805173ffffffffffffffffffffffffffffffffffffffff8086166020830152841691810191909152606081018290525f906080016040516020818303038152906040528051906020012090505b9392505050565b6040517f4390ea700000000000000000000000000000000000000000000000000000000081525f9073ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea709061035b908b90600190600401611c79565b602060405180830381865afa158015610376573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061039a9190611cb3565b6103ed576040517f69a7cf5f00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff891660048201526024015b60405180910390fd5b6103f98888883561028e565b90505f5f828152602081905260409020600101547801000000000000000000000000000000000000000000000000900460ff16600281111561043d5761043d6118d7565b14610477576040517fcd4866db000000000000000000000000000000000000000000000000000000008152600481018290526024016103e4565b61048086611051565b6104928189898960018a8a8a8a6110db565b5f6104a1818360018b8b6112d6565b5f83815260208190526040902080547fffffffffffffffffffffffff00000000000000000000000000000000000000001673ffffffffffffffffffffffffffffffffffffffff8c161781556001810180547fffffffffffffff0000000000ffffffffffffffffffffffffffffffffffffffff167801000000010000000000000000000000000000000000000000179055909150610540818a8a856113cd565b5f838152600160208181526040808420928452919052908190208390555173ffffffffffffffffffffffffffffffffffffffff808b1691908c169085907f6fdc4db7c5d56679a083129892399a118f2f602f78ee25803926c9d468863a24906105ac9087908e90611ddd565b60405180910390a45050979650505050505050565b5f807f887b3044065ce36b552403056b8c0d1c5b0894c3a1956ccecc9df2db1cfd87a0868686863560208801356105fb60408a018a611df5565b604051610609929190611e56565b60405190819003902061061f60608b018b611df5565b60405161062d929190611e56565b60405190819003902061064360808c018c611df5565b604051610651929190611e56565b60408051918290038220602083019a909a5281019790975273ffffffffffffffffffffffffffffffffffffffff909516606087015263ffffffff909316608086015260a085019190915260c084015260e0830152610100820152610120810191909152610140016040516020818303038152906040528051906020012090506106d8610f58565b6040517f19010000000000000000000000000000000000000000000000000000000000006020820152602281019190915260428101829052606201604051602081830303815290604052805190602001209150505b949350505050565b5f5f610740896114bd565b80546040517f4390ea7000000000000000000000000000000000000000000000000000000000815291925073ffffffffffffffffffffffffffffffffffffffff908116917f000000000000000000000000000000000000000000000000000000000000000090911690634390ea70906107c0908490600190600401611c79565b602060405180830381865afa1580156107db573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906107ff9190611cb3565b61084d576040517f69a7cf5f00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff821660048201526024016103e4565b61085688611051565b8160010160149054906101000a900463ffffffff1660016108779190611e92565b925061088a8a828b8b878c8c8c8c6110db565b610897828b8b8b876115b0565b5050979650505050505050565b5f6108ae826114bd565b805490915073ffffffffffffffffffffffffffffffffffffffff1633148015906108f25750600181015473ffffffffffffffffffffffffffffffffffffffff163314155b1561092b576040517f4a0bfec10000000000000000000000000000000000000000000000000000000081523360048201526024016103e4565b6001810180547fffffffffffffff00ffffffffffffffffffffffffffffffffffffffffffffffff1678020000000000000000000000000000000000000000000000001790556002810180547fffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000164267ffffffffffffffff161790556109b3600682015f6117dc565b6109c0600782015f6117dc565b6109cd600882015f6117dc565b805460018201546040517401000000000000000000000000000000000000000090910463ffffffff168152339173ffffffffffffffffffffffffffffffffffffffff169084907fcd92e8eb8b9e5d1d9574631ee734caaac13c7ab66c72d0167b7d94339356d0889060200160405180910390a45050565b610aa660408051610160810182525f8082526020820181905291810182905290606082019081526020015f67ffffffffffffffff1681526020015f81526020015f81526020015f81526020016060815260200160608152602001606081525090565b5f8281526020818152604091829020825161016081018452815473ffffffffffffffffffffffffffffffffffffffff908116825260018301549081169382019390935274010000000000000000000000000000000000000000830463ffffffff16938101939093529060608301907801000000000000000000000000000000000000000000000000900460ff166002811115610b4457610b446118d7565b6002811115610b5557610b556118d7565b8152600282015467ffffffffffffffff16602082015260038201546040820152600482015460608201526005820154608082015260068201805460a090920191610b9e90611eb4565b80601f0160208091040260200160405190810160405280929190818152602001828054610bca90611eb4565b8015610c155780601f10610bec57610100808354040283529160200191610c15565b820191905f5260205f20905b815481529060010190602001808311610bf857829003601f168201915b50505050508152602001600782018054610c2e90611eb4565b80601f0160208091040260200160405190810160405280929190818152602001828054610c5a90611eb4565b8015610ca55780601f10610c7c57610100808354040283529160200191610ca5565b820191905f5260205f20905b815481529060010190602001808311610c8857829003601f168201915b50505050508152602001600882018054610cbe90611eb4565b80601f0160208091040260200160405190810160405280929190818152602001828054610cea90611eb4565b8015610d355780601f10610d0c57610100808354040283529160200191610d35565b820191905f5260205f20905b815481529060010190602001808311610d1857829003601f168201915b5050505050815250509050919050565b5f610d4f856114bd565b805490915073ffffffffffffffffffffffffffffffffffffffff163314610da4576040517f4a0bfec10000000000000000000000000000000000000000000000000000000081523360048201526024016103e4565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea7090610e19903390600190600401611c79565b602060405180830381865afa158015610e34573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610e589190611cb3565b610e90576040517f69a7cf5f0000000000000000000000000000000000000000000000000000000081523360048201526024016103e4565b8315821514610ecb576040517f81daaa8000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6004810180549085905560088201610ee4848683611f75565b503373ffffffffffffffffffffffffffffffffffffffff16867f8fdd1fbcbce929edd518981e6209dd06f4e01a359143ed54f69872aa82b3c87f8460010160149054906101000a900463ffffffff1684898989604051610f4895949392919061206d565b60405180910390a3505050505050565b5f7f0000000000000000000000000000000000000000000000000000000000000000461461102c57611027604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f499b81a7feedb5cb931787187aba1fc51b13d108900355a9e3f5ad19625c6a6c918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b905090565b507f000000000000000000000000000000000000000000000000000000000000000090565b8035158061106b57506110676040820182611df5565b1590505b80611082575061107e6060820182611df5565b1590505b806110a157506110956080820182611df5565b15602083013515141590505b156110d8576040517f81daaa8000000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b50565b6040517f4390ea7000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001690634390ea7090611150908a90600290600401611c79565b602060405180830381865afa15801561116b573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061118f9190611cb3565b6111dd576040517f3996ebd400000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff881660048201526024016103e4565b5f6111ea8a8a888a6105c1565b90508773ffffffffffffffffffffffffffffffffffffffff1661120e8287876116a2565b73ffffffffffffffffffffffffffffffffffffffff161461125b576040517f73185bcd00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b8873ffffffffffffffffffffffffffffffffffffffff1661127d8285856116a2565b73ffffffffffffffffffffffffffffffffffffffff16146112ca576040517f36dc0abb00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b50505050505050505050565b5f85858585853560208701356112ef6040890189611df5565b6040516112fd929190611e56565b60405190819003902061131360608a018a611df5565b604051611321929190611e56565b60405190819003902061133760808b018b611df5565b604051611345929190611e56565b60408051918290038220602083019a909a5281019790975263ffffffff909516606087015273ffffffffffffffffffffffffffffffffffffffff909316608086015260a085019190915260c084015260e08301526101008201526101208101919091526101400160405160208183030381529060405280519060200120905095945050505050565b6001840180547fffffffffffffffffffffffff00000000000000000000000000000000000000001673ffffffffffffffffffffffffffffffffffffffff85161790556002840180547fffffffffffffffffffffffffffffffffffffffffffffffff0000000000000000164267ffffffffffffffff1617905581356003850155602082013560048501556005840181905561146a6040830183611df5565b600686019161147a919083611f75565b506114886060830183611df5565b6007860191611498919083611f75565b506114a66080830183611df5565b60088601916114b6919083611f75565b5050505050565b5f8181526020819052604081209060018201547801000000000000000000000000000000000000000000000000900460ff166002811115611500576115006118d7565b0361153a576040517fb21a3f05000000000000000000000000000000000000000000000000000000008152600481018390526024016103e4565b600260018201547801000000000000000000000000000000000000000000000000900460ff166002811115611571576115716118d7565b036115ab576040517fb21ab4cd000000000000000000000000000000000000000000000000000000008152600481018390526024016103e4565b919050565b60058501545f6115c382878588886112d6565b6001880180547fffffffffffffffff00000000ffffffffffffffffffffffffffffffffffffffff167401000000000000000000000000000000000000000063ffffffff871602179055905061161a878686846113cd565b5f86815260016020908152604080832063ffffffff87168452909152908190208290558754905173ffffffffffffffffffffffffffffffffffffffff80881692169088907f78a90d566e494561bc6735ab464095dd5209e16a1cd299cea164263f71a4dc1690611691908890889088908c906120a3565b60405180910390a450505050505050565b5f604182146116b257505f6102dd565b5f6116c060208285876120cd565b6116c9916120f4565b90505f6116da6040602086886120cd565b6116e3916120f4565b90505f858560408181106116f9576116f9612130565b919091013560f81c915050601b81101561171b57611718601b8261215d565b90505b8060ff16601b1415801561173357508060ff16601c14155b15611743575f93505050506102dd565b7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0821115611776575f93505050506102dd565b604080515f81526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa1580156117c6573d5f5f3e3d5ffd5b5050604051601f19015198975050505050505050565b5080546117e890611eb4565b5f825580601f106117f7575050565b601f0160209004905f5260205f20908101906110d891905b80821115611822575f815560010161180f565b5090565b803563ffffffff811681146115ab575f5ffd5b5f5f6040838503121561184a575f5ffd5b8235915061185a60208401611826565b90509250929050565b803573ffffffffffffffffffffffffffffffffffffffff811681146115ab575f5ffd5b5f5f5f60608486031215611898575f5ffd5b6118a184611863565b92506118af60208501611863565b929592945050506040919091013590565b5f602082840312156118d0575f5ffd5b5035919050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b60038110611914576119146118d7565b9052565b73ffffffffffffffffffffffffffffffffffffffff8416815263ffffffff831660208201526060810161072d6040830184611904565b5f60a0828403121561195e575f5ffd5b50919050565b5f5f83601f840112611974575f5ffd5b50813567ffffffffffffffff81111561198b575f5ffd5b6020830191508360208285010111156119a2575f5ffd5b9250929050565b5f5f5f5f5f5f5f60a0888a0312156119bf575f5ffd5b6119c888611863565b96506119d660208901611863565b9550604088013567ffffffffffffffff8111156119f1575f5ffd5b6119fd8a828b0161194e565b955050606088013567ffffffffffffffff811115611a19575f5ffd5b611a258a828b01611964565b909550935050608088013567ffffffffffffffff811115611a44575f5ffd5b611a508a828b01611964565b989b979a50959850939692959293505050565b5f5f5f5f60808587031215611a76575f5ffd5b84359350611a8660208601611863565b9250611a9460408601611826565b9150606085013567ffffffffffffffff811115611aaf575f5ffd5b611abb8782880161194e565b91505092959194509250565b5f5f5f5f5f5f5f60a0888a031215611add575f5ffd5b873596506119d660208901611863565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b60208152611b4260208201835173ffffffffffffffffffffffffffffffffffffffff169052565b5f6020830151611b6a604084018273ffffffffffffffffffffffffffffffffffffffff169052565b50604083015163ffffffff81166060840152506060830151611b8f6080840182611904565b50608083015167ffffffffffffffff811660a08401525060a083015160c083015260c083015160e083015260e0830151610100830152610100830151610160610120840152611be2610180840182611aed565b9050610120840151601f1984830301610140850152611c018282611aed565b915050610140840151601f1984830301610160850152611c218282611aed565b95945050505050565b5f5f5f5f60608587031215611c3d575f5ffd5b8435935060208501359250604085013567ffffffffffffffff811115611c61575f5ffd5b611c6d87828801611964565b95989497509550505050565b73ffffffffffffffffffffffffffffffffffffffff831681526040810160078310611ca657611ca66118d7565b8260208301529392505050565b5f60208284031215611cc3575f5ffd5b815180151581146102dd575f5ffd5b5f5f83357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe1843603018112611d05575f5ffd5b830160208101925035905067ffffffffffffffff811115611d24575f5ffd5b8036038213156119a2575f5ffd5b81835281816020850137505f602082840101525f6020601f19601f840116840101905092915050565b80358252602080820135908301525f611d776040830183611cd2565b60a06040860152611d8c60a086018284611d32565b915050611d9c6060840184611cd2565b8583036060870152611daf838284611d32565b92505050611dc06080840184611cd2565b8583036080870152611dd3838284611d32565b9695505050505050565b828152604060208201525f61072d6040830184611d5b565b5f5f83357fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe1843603018112611e28575f5ffd5b83018035915067ffffffffffffffff821115611e42575f5ffd5b6020019150368190038213156119a2575f5ffd5b818382375f9101908152919050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b63ffffffff8181168382160190811115611eae57611eae611e65565b92915050565b600181811c90821680611ec857607f821691505b60208210810361195e577f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b601f821115611f7057805f5260205f20601f840160051c81016020851015611f515750805b601f840160051c820191505b818110156114b6575f8155600101611f5d565b505050565b67ffffffffffffffff831115611f8d57611f8d611eff565b611fa183611f9b8354611eb4565b83611f2c565b5f601f841160018114611ff1575f8515611fbb5750838201355b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff600387901b1c1916600186901b1783556114b6565b5f83815260208120601f198716915b828110156120205786850135825560209485019460019092019101612000565b508682101561205b577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff60f88860031b161c19848701351681555b505060018560011b0183555050505050565b63ffffffff86168152846020820152836040820152608060608201525f612098608083018486611d32565b979650505050505050565b63ffffffff85168152836020820152826040820152608060608201525f611dd36080830184611d5b565b5f5f858511156120db575f5ffd5b838611156120e7575f5ffd5b5050820193919092039150565b80356020831015611eae577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff602084900360031b1b1692915050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b60ff8181168382160190811115611eae57611eae611e6556",
}

// RecordRegistry is an auto generated Go binding around an Ethereum contract.
type RecordRegistry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *RecordRegistry) GetABI() abi.ABI {
	return c.abi
}

// NewRecordRegistry creates a new instance of RecordRegistry.
func NewRecordRegistry() *RecordRegistry {
	parsed, err := RecordRegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &RecordRegistry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *RecordRegistry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address registry_) returns()
func (recordRegistry *RecordRegistry) PackConstructor(registry_ common.Address) []byte {
	enc, err := recordRegistry.abi.Pack("", registry_)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackChangePolicy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe8ca17ca.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function changePolicy(bytes32 recordId, bytes32 policyHash, bytes abeKeyRef) returns()
func (recordRegistry *RecordRegistry) PackChangePolicy(recordId [32]byte, policyHash [32]byte, abeKeyRef []byte) []byte {
	enc, err := recordRegistry.abi.Pack("changePolicy", recordId, policyHash, abeKeyRef)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChangePolicy is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe8ca17ca.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function changePolicy(bytes32 recordId, bytes32 policyHash, bytes abeKeyRef) returns()
func (recordRegistry *RecordRegistry) TryPackChangePolicy(recordId [32]byte, policyHash [32]byte, abeKeyRef []byte) ([]byte, error) {
	return recordRegistry.abi.Pack("changePolicy", recordId, policyHash, abeKeyRef)
}

// PackCreateRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x327210dc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function createRecord(address patient, address provider, (bytes32,bytes32,bytes,bytes,bytes) input, bytes providerSignature, bytes patientSignature) returns(bytes32 recordId)
func (recordRegistry *RecordRegistry) PackCreateRecord(patient common.Address, provider common.Address, input IRecordRegistryRecordInput, providerSignature []byte, patientSignature []byte) []byte {
	enc, err := recordRegistry.abi.Pack("createRecord", patient, provider, input, providerSignature, patientSignature)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCreateRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x327210dc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function createRecord(address patient, address provider, (bytes32,bytes32,bytes,bytes,bytes) input, bytes providerSignature, bytes patientSignature) returns(bytes32 recordId)
func (recordRegistry *RecordRegistry) TryPackCreateRecord(patient common.Address, provider common.Address, input IRecordRegistryRecordInput, providerSignature []byte, patientSignature []byte) ([]byte, error) {
	return recordRegistry.abi.Pack("createRecord", patient, provider, input, providerSignature, patientSignature)
}

// UnpackCreateRecord is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x327210dc.
//
// Solidity: function createRecord(address patient, address provider, (bytes32,bytes32,bytes,bytes,bytes) input, bytes providerSignature, bytes patientSignature) returns(bytes32 recordId)
func (recordRegistry *RecordRegistry) UnpackCreateRecord(data []byte) ([32]byte, error) {
	out, err := recordRegistry.abi.Unpack("createRecord", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackDeleteRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8c0dacf2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deleteRecord(bytes32 recordId) returns()
func (recordRegistry *RecordRegistry) PackDeleteRecord(recordId [32]byte) []byte {
	enc, err := recordRegistry.abi.Pack("deleteRecord", recordId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeleteRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8c0dacf2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deleteRecord(bytes32 recordId) returns()
func (recordRegistry *RecordRegistry) TryPackDeleteRecord(recordId [32]byte) ([]byte, error) {
	return recordRegistry.abi.Pack("deleteRecord", recordId)
}

// PackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (recordRegistry *RecordRegistry) PackDomainSeparator() []byte {
	enc, err := recordRegistry.abi.Pack("domainSeparator")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDomainSeparator is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf698da25.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (recordRegistry *RecordRegistry) TryPackDomainSeparator() ([]byte, error) {
	return recordRegistry.abi.Pack("domainSeparator")
}

// UnpackDomainSeparator is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (recordRegistry *RecordRegistry) UnpackDomainSeparator(data []byte) ([32]byte, error) {
	out, err := recordRegistry.abi.Unpack("domainSeparator", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb5c645bd.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function record(bytes32 recordId) view returns((address,address,uint32,uint8,uint64,bytes32,bytes32,bytes32,bytes,bytes,bytes))
func (recordRegistry *RecordRegistry) PackRecord(recordId [32]byte) []byte {
	enc, err := recordRegistry.abi.Pack("record", recordId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb5c645bd.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function record(bytes32 recordId) view returns((address,address,uint32,uint8,uint64,bytes32,bytes32,bytes32,bytes,bytes,bytes))
func (recordRegistry *RecordRegistry) TryPackRecord(recordId [32]byte) ([]byte, error) {
	return recordRegistry.abi.Pack("record", recordId)
}

// UnpackRecord is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb5c645bd.
//
// Solidity: function record(bytes32 recordId) view returns((address,address,uint32,uint8,uint64,bytes32,bytes32,bytes32,bytes,bytes,bytes))
func (recordRegistry *RecordRegistry) UnpackRecord(data []byte) (IRecordRegistryRecord, error) {
	out, err := recordRegistry.abi.Unpack("record", data)
	if err != nil {
		return *new(IRecordRegistryRecord), err
	}
	out0 := *abi.ConvertType(out[0], new(IRecordRegistryRecord)).(*IRecordRegistryRecord)
	return out0, nil
}

// PackRecordIdFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0d122fbf.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recordIdFor(address patient, address provider, bytes32 contentHash) pure returns(bytes32)
func (recordRegistry *RecordRegistry) PackRecordIdFor(patient common.Address, provider common.Address, contentHash [32]byte) []byte {
	enc, err := recordRegistry.abi.Pack("recordIdFor", patient, provider, contentHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecordIdFor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0d122fbf.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function recordIdFor(address patient, address provider, bytes32 contentHash) pure returns(bytes32)
func (recordRegistry *RecordRegistry) TryPackRecordIdFor(patient common.Address, provider common.Address, contentHash [32]byte) ([]byte, error) {
	return recordRegistry.abi.Pack("recordIdFor", patient, provider, contentHash)
}

// UnpackRecordIdFor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0d122fbf.
//
// Solidity: function recordIdFor(address patient, address provider, bytes32 contentHash) pure returns(bytes32)
func (recordRegistry *RecordRegistry) UnpackRecordIdFor(data []byte) ([32]byte, error) {
	out, err := recordRegistry.abi.Unpack("recordIdFor", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackRecordState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2156d40f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function recordState(bytes32 recordId) view returns(address patient, uint32 version, uint8 status)
func (recordRegistry *RecordRegistry) PackRecordState(recordId [32]byte) []byte {
	enc, err := recordRegistry.abi.Pack("recordState", recordId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRecordState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2156d40f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function recordState(bytes32 recordId) view returns(address patient, uint32 version, uint8 status)
func (recordRegistry *RecordRegistry) TryPackRecordState(recordId [32]byte) ([]byte, error) {
	return recordRegistry.abi.Pack("recordState", recordId)
}

// RecordStateOutput serves as a container for the return parameters of contract
// method RecordState.
type RecordStateOutput struct {
	Patient common.Address
	Version uint32
	Status  uint8
}

// UnpackRecordState is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2156d40f.
//
// Solidity: function recordState(bytes32 recordId) view returns(address patient, uint32 version, uint8 status)
func (recordRegistry *RecordRegistry) UnpackRecordState(data []byte) (RecordStateOutput, error) {
	out, err := recordRegistry.abi.Unpack("recordState", data)
	outstruct := new(RecordStateOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Patient = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Version = *abi.ConvertType(out[1], new(uint32)).(*uint32)
	outstruct.Status = *abi.ConvertType(out[2], new(uint8)).(*uint8)
	return *outstruct, nil
}

// PackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function registry() view returns(address)
func (recordRegistry *RecordRegistry) PackRegistry() []byte {
	enc, err := recordRegistry.abi.Pack("registry")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRegistry is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7b103999.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function registry() view returns(address)
func (recordRegistry *RecordRegistry) TryPackRegistry() ([]byte, error) {
	return recordRegistry.abi.Pack("registry")
}

// UnpackRegistry is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (recordRegistry *RecordRegistry) UnpackRegistry(data []byte) (common.Address, error) {
	out, err := recordRegistry.abi.Unpack("registry", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackUpdateRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5aa031f0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function updateRecord(bytes32 recordId, address provider, (bytes32,bytes32,bytes,bytes,bytes) input, bytes providerSignature, bytes patientSignature) returns(uint32 version)
func (recordRegistry *RecordRegistry) PackUpdateRecord(recordId [32]byte, provider common.Address, input IRecordRegistryRecordInput, providerSignature []byte, patientSignature []byte) []byte {
	enc, err := recordRegistry.abi.Pack("updateRecord", recordId, provider, input, providerSignature, patientSignature)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUpdateRecord is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5aa031f0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function updateRecord(bytes32 recordId, address provider, (bytes32,bytes32,bytes,bytes,bytes) input, bytes providerSignature, bytes patientSignature) returns(uint32 version)
func (recordRegistry *RecordRegistry) TryPackUpdateRecord(recordId [32]byte, provider common.Address, input IRecordRegistryRecordInput, providerSignature []byte, patientSignature []byte) ([]byte, error) {
	return recordRegistry.abi.Pack("updateRecord", recordId, provider, input, providerSignature, patientSignature)
}

// UnpackUpdateRecord is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5aa031f0.
//
// Solidity: function updateRecord(bytes32 recordId, address provider, (bytes32,bytes32,bytes,bytes,bytes) input, bytes providerSignature, bytes patientSignature) returns(uint32 version)
func (recordRegistry *RecordRegistry) UnpackUpdateRecord(data []byte) (uint32, error) {
	out, err := recordRegistry.abi.Unpack("updateRecord", data)
	if err != nil {
		return *new(uint32), err
	}
	out0 := *abi.ConvertType(out[0], new(uint32)).(*uint32)
	return out0, nil
}

// PackVersionDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52cb0923.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function versionDigest(bytes32 recordId, address patient, uint32 version, (bytes32,bytes32,bytes,bytes,bytes) input) view returns(bytes32)
func (recordRegistry *RecordRegistry) PackVersionDigest(recordId [32]byte, patient common.Address, version uint32, input IRecordRegistryRecordInput) []byte {
	enc, err := recordRegistry.abi.Pack("versionDigest", recordId, patient, version, input)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVersionDigest is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x52cb0923.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function versionDigest(bytes32 recordId, address patient, uint32 version, (bytes32,bytes32,bytes,bytes,bytes) input) view returns(bytes32)
func (recordRegistry *RecordRegistry) TryPackVersionDigest(recordId [32]byte, patient common.Address, version uint32, input IRecordRegistryRecordInput) ([]byte, error) {
	return recordRegistry.abi.Pack("versionDigest", recordId, patient, version, input)
}

// UnpackVersionDigest is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x52cb0923.
//
// Solidity: function versionDigest(bytes32 recordId, address patient, uint32 version, (bytes32,bytes32,bytes,bytes,bytes) input) view returns(bytes32)
func (recordRegistry *RecordRegistry) UnpackVersionDigest(data []byte) ([32]byte, error) {
	out, err := recordRegistry.abi.Unpack("versionDigest", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackVersionHead is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x054b9fe7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function versionHead(bytes32 recordId, uint32 version) view returns(bytes32 head)
func (recordRegistry *RecordRegistry) PackVersionHead(recordId [32]byte, version uint32) []byte {
	enc, err := recordRegistry.abi.Pack("versionHead", recordId, version)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVersionHead is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x054b9fe7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function versionHead(bytes32 recordId, uint32 version) view returns(bytes32 head)
func (recordRegistry *RecordRegistry) TryPackVersionHead(recordId [32]byte, version uint32) ([]byte, error) {
	return recordRegistry.abi.Pack("versionHead", recordId, version)
}

// UnpackVersionHead is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x054b9fe7.
//
// Solidity: function versionHead(bytes32 recordId, uint32 version) view returns(bytes32 head)
func (recordRegistry *RecordRegistry) UnpackVersionHead(data []byte) ([32]byte, error) {
	out, err := recordRegistry.abi.Unpack("versionHead", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// RecordRegistryPolicyChanged represents a PolicyChanged event raised by the RecordRegistry contract.
type RecordRegistryPolicyChanged struct {
	RecordId           [32]byte
	Patient            common.Address
	Version            uint32
	PreviousPolicyHash [32]byte
	PolicyHash         [32]byte
	AbeKeyRef          []byte
	Raw                *types.Log // Blockchain specific contextual infos
}

const RecordRegistryPolicyChangedEventName = "PolicyChanged"

// ContractEventName returns the user-defined event name.
func (RecordRegistryPolicyChanged) ContractEventName() string {
	return RecordRegistryPolicyChangedEventName
}

// UnpackPolicyChangedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event PolicyChanged(bytes32 indexed recordId, address indexed patient, uint32 version, bytes32 previousPolicyHash, bytes32 policyHash, bytes abeKeyRef)
func (recordRegistry *RecordRegistry) UnpackPolicyChangedEvent(log *types.Log) (*RecordRegistryPolicyChanged, error) {
	event := "PolicyChanged"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != recordRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RecordRegistryPolicyChanged)
	if len(log.Data) > 0 {
		if err := recordRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range recordRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RecordRegistryRecordCreated represents a RecordCreated event raised by the RecordRegistry contract.
type RecordRegistryRecordCreated struct {
	RecordId [32]byte
	Patient  common.Address
	Provider common.Address
	Head     [32]byte
	Input    IRecordRegistryRecordInput
	Raw      *types.Log // Blockchain specific contextual infos
}

const RecordRegistryRecordCreatedEventName = "RecordCreated"

// ContractEventName returns the user-defined event name.
func (RecordRegistryRecordCreated) ContractEventName() string {
	return RecordRegistryRecordCreatedEventName
}

// UnpackRecordCreatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RecordCreated(bytes32 indexed recordId, address indexed patient, address indexed provider, bytes32 head, (bytes32,bytes32,bytes,bytes,bytes) input)
func (recordRegistry *RecordRegistry) UnpackRecordCreatedEvent(log *types.Log) (*RecordRegistryRecordCreated, error) {
	event := "RecordCreated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != recordRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RecordRegistryRecordCreated)
	if len(log.Data) > 0 {
		if err := recordRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range recordRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RecordRegistryRecordDeleted represents a RecordDeleted event raised by the RecordRegistry contract.
type RecordRegistryRecordDeleted struct {
	RecordId [32]byte
	Patient  common.Address
	Actor    common.Address
	Version  uint32
	Raw      *types.Log // Blockchain specific contextual infos
}

const RecordRegistryRecordDeletedEventName = "RecordDeleted"

// ContractEventName returns the user-defined event name.
func (RecordRegistryRecordDeleted) ContractEventName() string {
	return RecordRegistryRecordDeletedEventName
}

// UnpackRecordDeletedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RecordDeleted(bytes32 indexed recordId, address indexed patient, address indexed actor, uint32 version)
func (recordRegistry *RecordRegistry) UnpackRecordDeletedEvent(log *types.Log) (*RecordRegistryRecordDeleted, error) {
	event := "RecordDeleted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != recordRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RecordRegistryRecordDeleted)
	if len(log.Data) > 0 {
		if err := recordRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range recordRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RecordRegistryRecordUpdated represents a RecordUpdated event raised by the RecordRegistry contract.
type RecordRegistryRecordUpdated struct {
	RecordId     [32]byte
	Patient      common.Address
	Provider     common.Address
	Version      uint32
	PreviousHead [32]byte
	Head         [32]byte
	Input        IRecordRegistryRecordInput
	Raw          *types.Log // Blockchain specific contextual infos
}

const RecordRegistryRecordUpdatedEventName = "RecordUpdated"

// ContractEventName returns the user-defined event name.
func (RecordRegistryRecordUpdated) ContractEventName() string {
	return RecordRegistryRecordUpdatedEventName
}

// UnpackRecordUpdatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RecordUpdated(bytes32 indexed recordId, address indexed patient, address indexed provider, uint32 version, bytes32 previousHead, bytes32 head, (bytes32,bytes32,bytes,bytes,bytes) input)
func (recordRegistry *RecordRegistry) UnpackRecordUpdatedEvent(log *types.Log) (*RecordRegistryRecordUpdated, error) {
	event := "RecordUpdated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != recordRegistry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RecordRegistryRecordUpdated)
	if len(log.Data) > 0 {
		if err := recordRegistry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range recordRegistry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (recordRegistry *RecordRegistry) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["EmptyField"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackEmptyFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["InvalidPatientSignature"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackInvalidPatientSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["InvalidProviderSignature"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackInvalidProviderSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["NotAuthorized"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackNotAuthorizedError(raw[4:])
	}
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["PatientNotActive"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackPatientNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["ProviderNotActive"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackProviderNotActiveError(raw[4:])
	}
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["RecordExists"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackRecordExistsError(raw[4:])
	}
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["RecordTombstoned"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackRecordTombstonedError(raw[4:])
	}
	if bytes.Equal(raw[:4], recordRegistry.abi.Errors["UnknownRecord"].ID.Bytes()[:4]) {
		return recordRegistry.UnpackUnknownRecordError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RecordRegistryEmptyField represents a EmptyField error raised by the RecordRegistry contract.
type RecordRegistryEmptyField struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyField()
func RecordRegistryEmptyFieldErrorID() common.Hash {
	return common.HexToHash("0x81daaa801e13353e7fa84f93675fef6c2f0c06cd7a9028b1700243a9bd06cf79")
}

// UnpackEmptyFieldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyField()
func (recordRegistry *RecordRegistry) UnpackEmptyFieldError(raw []byte) (*RecordRegistryEmptyField, error) {
	out := new(RecordRegistryEmptyField)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "EmptyField", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryInvalidPatientSignature represents a InvalidPatientSignature error raised by the RecordRegistry contract.
type RecordRegistryInvalidPatientSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidPatientSignature()
func RecordRegistryInvalidPatientSignatureErrorID() common.Hash {
	return common.HexToHash("0x36dc0abbca187330e2016583be542ed23d8c4cbd7620c3e7605efc0c98c08461")
}

// UnpackInvalidPatientSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidPatientSignature()
func (recordRegistry *RecordRegistry) UnpackInvalidPatientSignatureError(raw []byte) (*RecordRegistryInvalidPatientSignature, error) {
	out := new(RecordRegistryInvalidPatientSignature)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "InvalidPatientSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryInvalidProviderSignature represents a InvalidProviderSignature error raised by the RecordRegistry contract.
type RecordRegistryInvalidProviderSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidProviderSignature()
func RecordRegistryInvalidProviderSignatureErrorID() common.Hash {
	return common.HexToHash("0x73185bcde07221ef1bc6f8db794f3f5772fe9d5109f62e0474ce288a82cea8e7")
}

// UnpackInvalidProviderSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidProviderSignature()
func (recordRegistry *RecordRegistry) UnpackInvalidProviderSignatureError(raw []byte) (*RecordRegistryInvalidProviderSignature, error) {
	out := new(RecordRegistryInvalidProviderSignature)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "InvalidProviderSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryNotAuthorized represents a NotAuthorized error raised by the RecordRegistry contract.
type RecordRegistryNotAuthorized struct {
	Caller common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAuthorized(address caller)
func RecordRegistryNotAuthorizedErrorID() common.Hash {
	return common.HexToHash("0x4a0bfec1fa3ea832f47a765e92fe13fe78ddadee056368ea6e89037b3cf70498")
}

// UnpackNotAuthorizedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAuthorized(address caller)
func (recordRegistry *RecordRegistry) UnpackNotAuthorizedError(raw []byte) (*RecordRegistryNotAuthorized, error) {
	out := new(RecordRegistryNotAuthorized)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "NotAuthorized", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryPatientNotActive represents a PatientNotActive error raised by the RecordRegistry contract.
type RecordRegistryPatientNotActive struct {
	Patient common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PatientNotActive(address patient)
func RecordRegistryPatientNotActiveErrorID() common.Hash {
	return common.HexToHash("0x69a7cf5ff289dfa6ead8825b80601e801daa8a90ee4bb819cee31d4308a022b1")
}

// UnpackPatientNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PatientNotActive(address patient)
func (recordRegistry *RecordRegistry) UnpackPatientNotActiveError(raw []byte) (*RecordRegistryPatientNotActive, error) {
	out := new(RecordRegistryPatientNotActive)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "PatientNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryProviderNotActive represents a ProviderNotActive error raised by the RecordRegistry contract.
type RecordRegistryProviderNotActive struct {
	Provider common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProviderNotActive(address provider)
func RecordRegistryProviderNotActiveErrorID() common.Hash {
	return common.HexToHash("0x3996ebd4901a7b61694b736c2f3e6e46aaf8bb7e5922e8e4ecd4c6d62d1571dd")
}

// UnpackProviderNotActiveError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProviderNotActive(address provider)
func (recordRegistry *RecordRegistry) UnpackProviderNotActiveError(raw []byte) (*RecordRegistryProviderNotActive, error) {
	out := new(RecordRegistryProviderNotActive)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "ProviderNotActive", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryRecordExists represents a RecordExists error raised by the RecordRegistry contract.
type RecordRegistryRecordExists struct {
	RecordId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RecordExists(bytes32 recordId)
func RecordRegistryRecordExistsErrorID() common.Hash {
	return common.HexToHash("0xcd4866db1daea7d29581588d61df5791f3564c38e324423a338f723f06daeb72")
}

// UnpackRecordExistsError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RecordExists(bytes32 recordId)
func (recordRegistry *RecordRegistry) UnpackRecordExistsError(raw []byte) (*RecordRegistryRecordExists, error) {
	out := new(RecordRegistryRecordExists)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "RecordExists", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryRecordTombstoned represents a RecordTombstoned error raised by the RecordRegistry contract.
type RecordRegistryRecordTombstoned struct {
	RecordId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RecordTombstoned(bytes32 recordId)
func RecordRegistryRecordTombstonedErrorID() common.Hash {
	return common.HexToHash("0xb21ab4cd00f7490c2cc6e2997a85f3d00cb2ff621fcce9d220707584795e02e3")
}

// UnpackRecordTombstonedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RecordTombstoned(bytes32 recordId)
func (recordRegistry *RecordRegistry) UnpackRecordTombstonedError(raw []byte) (*RecordRegistryRecordTombstoned, error) {
	out := new(RecordRegistryRecordTombstoned)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "RecordTombstoned", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RecordRegistryUnknownRecord represents a UnknownRecord error raised by the RecordRegistry contract.
type RecordRegistryUnknownRecord struct {
	RecordId [32]byte
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownRecord(bytes32 recordId)
func RecordRegistryUnknownRecordErrorID() common.Hash {
	return common.HexToHash("0xb21a3f050041ecb21b74101873e657673030864450d6d6151d51cf8350e3acbe")
}

// UnpackUnknownRecordError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownRecord(bytes32 recordId)
func (recordRegistry *RecordRegistry) UnpackUnknownRecordError(raw []byte) (*RecordRegistryUnknownRecord, error) {
	out := new(RecordRegistryUnknownRecord)
	if err := recordRegistry.abi.UnpackIntoInterface(out, "UnknownRecord", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryMetaData contains all meta data concerning the Registry contract.
var RegistryMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"initialAdmin\",\"type\":\"address\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"acceptAdmin\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"}],\"name\":\"addRegistrar\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"admin\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"enumIRegistry.Role\",\"name\":\"role\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"org\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"metadataHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"transportKey\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"preKey\",\"type\":\"bytes\"}],\"name\":\"enroll\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"enumIRegistry.Role\",\"name\":\"role\",\"type\":\"uint8\"}],\"name\":\"isActive\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"}],\"name\":\"isRegistrar\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"participant\",\"outputs\":[{\"components\":[{\"internalType\":\"enumIRegistry.Role\",\"name\":\"role\",\"type\":\"uint8\"},{\"internalType\":\"enumIRegistry.Status\",\"name\":\"status\",\"type\":\"uint8\"},{\"internalType\":\"uint64\",\"name\":\"enrolledAt\",\"type\":\"uint64\"},{\"internalType\":\"bytes32\",\"name\":\"org\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"metadataHash\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"transportKey\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"preKey\",\"type\":\"bytes\"}],\"internalType\":\"structIRegistry.Participant\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pendingAdmin\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"reinstate\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"remove\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"}],\"name\":\"removeRegistrar\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"roleOf\",\"outputs\":[{\"internalType\":\"enumIRegistry.Role\",\"name\":\"role\",\"type\":\"uint8\"},{\"internalType\":\"enumIRegistry.Status\",\"name\":\"status\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"transportKey\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"preKey\",\"type\":\"bytes\"}],\"name\":\"rotateKeys\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"suspend\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"newAdmin\",\"type\":\"address\"}],\"name\":\"transferAdmin\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"pendingAdmin\",\"type\":\"address\"}],\"name\":\"AdminTransferStarted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"previousAdmin\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"name\":\"AdminTransferred\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"transportKey\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"preKey\",\"type\":\"bytes\"}],\"name\":\"KeysRotated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"enumIRegistry.Role\",\"name\":\"role\",\"type\":\"uint8\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"org\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"metadataHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"transportKey\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"preKey\",\"type\":\"bytes\"}],\"name\":\"ParticipantEnrolled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"}],\"name\":\"ParticipantReinstated\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"}],\"name\":\"ParticipantRemoved\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"}],\"name\":\"ParticipantSuspended\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"name\":\"RegistrarAdded\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"}],\"name\":\"RegistrarRemoved\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"AlreadyEnrolled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"}],\"name\":\"AlreadyRegistrar\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"AlreadySuspended\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"InvalidPreKey\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidRole\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotAdmin\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotEnrolled\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotPendingAdmin\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotRegistrar\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotSuspended\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"enumIRegistry.Role\",\"name\":\"role\",\"type\":\"uint8\"}],\"name\":\"RoleNeedsAdmin\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"registrar\",\"type\":\"address\"}],\"name\":\"UnknownRegistrar\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ZeroAddress\",\"type\":\"error\"}]",
	ID:  "c2388b5c41b4b59dae249cb9577cbe0c0f",
	Bin: "0x6080604052348015600e575f5ffd5b50604051611ae4380380611ae4833981016040819052602b91609d565b6001600160a01b03811660515760405163d92e233d60e01b815260040160405180910390fd5b5f80546001600160a01b0319166001600160a01b03831690811782556040519091907ff8ccb027dfcd135e000e9d45e6cc2d662578a8825d4c45b5e32e0adf67e79ec6908290a35060c8565b5f6020828403121560ac575f5ffd5b81516001600160a01b038116811460c1575f5ffd5b9392505050565b611a0f806100d55f395ff3fe608060405234801561000f575f5ffd5b50600436106100f0575f3560e01c806363bb3aab11610093578063af92a69311610063578063af92a69314610251578063ba904eed14610264578063d5db72eb14610277578063f851a44014610299575f5ffd5b806363bb3aab146101c857806375829def146101db578063830aebd9146101ee578063a5d7827e14610201575f5ffd5b8063286781c7116100ce578063286781c71461016c57806329092d0e1461017f5780634390ea701461019257806351931393146101b5575f5ffd5b80630e18b681146100f45780632605b3c7146100fe5780632678224714610127575b5f5ffd5b6100fc6102b8565b005b61011161010c36600461144d565b610384565b60405161011e91906114be565b60405180910390f35b6001546101479073ffffffffffffffffffffffffffffffffffffffff1681565b60405173ffffffffffffffffffffffffffffffffffffffff909116815260200161011e565b6100fc61017a36600461144d565b610528565b6100fc61018d36600461144d565b61072b565b6101a56101a0366004611582565b6108bd565b604051901515815260200161011e565b6100fc6101c33660046115f8565b61093a565b6100fc6101d6366004611640565b610a3c565b6100fc6101e936600461144d565b610e96565b6100fc6101fc36600461144d565b610fa3565b61024361020f36600461144d565b73ffffffffffffffffffffffffffffffffffffffff165f9081526003602052604090205460ff808216926101009092041690565b60405161011e9291906116bc565b6100fc61025f36600461144d565b611110565b6100fc61027236600461144d565b61129c565b6101a561028536600461144d565b60026020525f908152604090205460ff1681565b5f546101479073ffffffffffffffffffffffffffffffffffffffff1681565b60015473ffffffffffffffffffffffffffffffffffffffff163314610309576040517f058d9a1b00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f8054337fffffffffffffffffffffffff00000000000000000000000000000000000000008083168217845560018054909116905560405173ffffffffffffffffffffffffffffffffffffffff90921692909183917ff8ccb027dfcd135e000e9d45e6cc2d662578a8825d4c45b5e32e0adf67e79ec691a350565b6103c96040805160e08101909152805f81526020015f81526020015f67ffffffffffffffff1681526020015f81526020015f81526020015f8152602001606081525090565b73ffffffffffffffffffffffffffffffffffffffff82165f9081526003602052604090819020815160e081019092528054829060ff1660068111156104105761041061146d565b60068111156104215761042161146d565b81528154602090910190610100900460ff1660038111156104445761044461146d565b60038111156104555761045561146d565b8152815462010000900467ffffffffffffffff16602082015260018201546040820152600282015460608201526003820154608082015260048201805460a0909201916104a1906116d7565b80601f01602080910402602001604051908101604052809291908181526020018280546104cd906116d7565b80156105185780601f106104ef57610100808354040283529160200191610518565b820191905f5260205f20905b8154815290600101906020018083116104fb57829003601f168201915b5050505050815250509050919050565b335f9081526002602052604090205460ff1615801561055e57505f5473ffffffffffffffffffffffffffffffffffffffff163314155b15610595576040517f2ad9535100000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff81165f908152600360205260408120908154610100900460ff1660038111156105d5576105d561146d565b14806105fb575060038154610100900460ff1660038111156105f9576105f961146d565b145b1561064f576040517fd0e216c200000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff831660048201526024015b60405180910390fd5b60028154610100900460ff16600381111561066c5761066c61146d565b036106bb576040517f1b46b25400000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff83166004820152602401610646565b80547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ff16610200178155604051339073ffffffffffffffffffffffffffffffffffffffff8416907f1c64ca3c55d257d5d88ad3a92c10b783035ebd2344424167794cb5e4f863f94e905f90a35050565b335f9081526002602052604090205460ff1615801561076157505f5473ffffffffffffffffffffffffffffffffffffffff163314155b15610798576040517f2ad9535100000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff81165f908152600360205260408120908154610100900460ff1660038111156107d8576107d861146d565b14806107fe575060038154610100900460ff1660038111156107fc576107fc61146d565b145b1561084d576040517fd0e216c200000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff83166004820152602401610646565b80547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ff16610300178155604051339073ffffffffffffffffffffffffffffffffffffffff8416907f9721b4c70a74dd00691b5fd0589b9720d9be5657dfd6e1f8072cb7f26d7ce8a8905f90a35050565b73ffffffffffffffffffffffffffffffffffffffff82165f90815260036020526040812060018154610100900460ff1660038111156108fe576108fe61146d565b14801561093057508260068111156109185761091861146d565b815460ff16600681111561092e5761092e61146d565b145b9150505b92915050565b335f908152600360205260408120908154610100900460ff1660038111156109645761096461146d565b148061098a575060038154610100900460ff1660038111156109885761098861146d565b145b156109c3576040517fd0e216c2000000000000000000000000000000000000000000000000000000008152336004820152602401610646565b6109cd83836113d7565b60038101849055600481016109e38385836117a1565b503373ffffffffffffffffffffffffffffffffffffffff167fcd80eb1b2f80f939796bf2b46725a8bf0a4b74a416398db3887f380118e822eb858585604051610a2e939291906118c0565b60405180910390a250505050565b335f9081526002602052604090205460ff16158015610a7257505f5473ffffffffffffffffffffffffffffffffffffffff163314155b15610aa9576040517f2ad9535100000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff8716610af6576040517fd92e233d00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f866006811115610b0957610b0961146d565b03610b40576040517fd954416a00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b6004866006811115610b5457610b5461146d565b1480610b7157506006866006811115610b6f57610b6f61146d565b145b80610b8d57506005866006811115610b8b57610b8b61146d565b145b8015610bb057505f5473ffffffffffffffffffffffffffffffffffffffff163314155b15610be957856040517f0174496200000000000000000000000000000000000000000000000000000000815260040161064691906118e2565b73ffffffffffffffffffffffffffffffffffffffff87165f908152600360208190526040822054610100900460ff1690811115610c2857610c2861146d565b14610c77576040517f6680176900000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff88166004820152602401610646565b610c8182826113d7565b6040518060e00160405280876006811115610c9e57610c9e61146d565b8152602001600181526020014267ffffffffffffffff16815260200186815260200185815260200184815260200183838080601f0160208091040260200160405190810160405280939291908181526020018383808284375f92018290525093909452505073ffffffffffffffffffffffffffffffffffffffff8a168152600360205260409020825181549192509082907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00166001836006811115610d6557610d6561146d565b02179055506020820151815482907fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ff16610100836003811115610daa57610daa61146d565b02179055506040820151815467ffffffffffffffff90911662010000027fffffffffffffffffffffffffffffffffffffffffffff0000000000000000ffff909116178155606082015160018201556080820151600282015560a0820151600382015560c08201516004820190610e2090826118f0565b5090505084866006811115610e3757610e3761146d565b8873ffffffffffffffffffffffffffffffffffffffff167f5b2a0c27b6f8ae3c00164251bfe2a62f596278bffa172edffed7ab910e16c5993388888888604051610e859594939291906119c9565b60405180910390a450505050505050565b5f5473ffffffffffffffffffffffffffffffffffffffff163314610ee6576040517f7bfa4b9f00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff8116610f33576040517fd92e233d00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b600180547fffffffffffffffffffffffff00000000000000000000000000000000000000001673ffffffffffffffffffffffffffffffffffffffff831690811790915560405133907fe5cd1c804f1c9cc6d7009e4c0fb532f0e2d8863524c3323a6b3790c3f80bf25c905f90a350565b335f9081526002602052604090205460ff16158015610fd957505f5473ffffffffffffffffffffffffffffffffffffffff163314155b15611010576040517f2ad9535100000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff81165f90815260036020526040902060028154610100900460ff1660038111156110515761105161146d565b146110a0576040517fac8c1e2000000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff83166004820152602401610646565b80547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00ff16610100178155604051339073ffffffffffffffffffffffffffffffffffffffff8416907fc034705d6ac5285b0bba58ac4bd276fef187bc8f82fc9a175d397da559daee96905f90a35050565b5f5473ffffffffffffffffffffffffffffffffffffffff163314611160576040517f7bfa4b9f00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff81166111ad576040517fd92e233d00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff81165f9081526002602052604090205460ff1615611224576040517f9746dd8500000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff82166004820152602401610646565b73ffffffffffffffffffffffffffffffffffffffff81165f8181526002602052604080822080547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00166001179055513392917f6e41a5a57c959f66c8a14fada0d1f2a4a5995812e38e44f25e33b1c3a03b4d9091a350565b5f5473ffffffffffffffffffffffffffffffffffffffff1633146112ec576040517f7bfa4b9f00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b73ffffffffffffffffffffffffffffffffffffffff81165f9081526002602052604090205460ff16611362576040517f3c33e95100000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff82166004820152602401610646565b73ffffffffffffffffffffffffffffffffffffffff81165f8181526002602052604080822080547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff00169055513392917f51f386f5b759b15784371710b08702c499d00565174be6845e2d419bcde4186a91a350565b80158015906113e7575060438114155b15611421576040517f0a10965900000000000000000000000000000000000000000000000000000000815260048101829052602401610646565b5050565b803573ffffffffffffffffffffffffffffffffffffffff81168114611448575f5ffd5b919050565b5f6020828403121561145d575f5ffd5b61146682611425565b9392505050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b600781106114aa576114aa61146d565b9052565b600481106114aa576114aa61146d565b602081526114d060208201835161149a565b5f60208301516114e360408401826114ae565b5067ffffffffffffffff604084015116606083015260608301516080830152608083015160a083015260a083015160c083015260c083015160e080840152805180610100850152806020830161012086015e5f61012082860101526101207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f8301168501019250505092915050565b803560078110611448575f5ffd5b5f5f60408385031215611593575f5ffd5b61159c83611425565b91506115aa60208401611574565b90509250929050565b5f5f83601f8401126115c3575f5ffd5b50813567ffffffffffffffff8111156115da575f5ffd5b6020830191508360208285010111156115f1575f5ffd5b9250929050565b5f5f5f6040848603121561160a575f5ffd5b83359250602084013567ffffffffffffffff811115611627575f5ffd5b611633868287016115b3565b9497909650939450505050565b5f5f5f5f5f5f5f60c0888a031215611656575f5ffd5b61165f88611425565b965061166d60208901611574565b955060408801359450606088013593506080880135925060a088013567ffffffffffffffff81111561169d575f5ffd5b6116a98a828b016115b3565b989b979a50959850939692959293505050565b604081016116ca828561149a565b61146660208301846114ae565b600181811c908216806116eb57607f821691505b602082108103611722577f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b50919050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b601f82111561179c57805f5260205f20601f840160051c8101602085101561177a5750805b601f840160051c820191505b81811015611799575f8155600101611786565b50505b505050565b67ffffffffffffffff8311156117b9576117b9611728565b6117cd836117c783546116d7565b83611755565b5f601f8411600181146117fe575f85156117e75750838201355b5f19600387901b1c1916600186901b178355611799565b5f838152602081207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08716915b8281101561184b578685013582556020948501946001909201910161182b565b5086821015611867575f1960f88860031b161c19848701351681555b505060018560011b0183555050505050565b81835281816020850137505f602082840101525f60207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f840116840101905092915050565b838152604060208201525f6118d9604083018486611879565b95945050505050565b60208101610934828461149a565b815167ffffffffffffffff81111561190a5761190a611728565b61191e8161191884546116d7565b84611755565b6020601f821160018114611950575f83156119395750848201515b5f19600385901b1c1916600184901b178455611799565b5f848152602081207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08516915b8281101561199d578785015182556020948501946001909201910161197d565b50848210156119ba57868401515f19600387901b60f8161c191681555b50505050600190811b01905550565b73ffffffffffffffffffffffffffffffffffffffff86168152846020820152836040820152608060608201525f611a04608083018486611879565b97965050505050505056",
}

// Registry is an auto generated Go binding around an Ethereum contract.
type Registry struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *Registry) GetABI() abi.ABI {
	return c.abi
}

// NewRegistry creates a new instance of Registry.
func NewRegistry() *Registry {
	parsed, err := RegistryMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Registry{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Registry) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address initialAdmin) returns()
func (registry *Registry) PackConstructor(initialAdmin common.Address) []byte {
	enc, err := registry.abi.Pack("", initialAdmin)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAcceptAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e18b681.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function acceptAdmin() returns()
func (registry *Registry) PackAcceptAdmin() []byte {
	enc, err := registry.abi.Pack("acceptAdmin")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAcceptAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0e18b681.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function acceptAdmin() returns()
func (registry *Registry) TryPackAcceptAdmin() ([]byte, error) {
	return registry.abi.Pack("acceptAdmin")
}

// PackAddRegistrar is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaf92a693.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function addRegistrar(address registrar) returns()
func (registry *Registry) PackAddRegistrar(registrar common.Address) []byte {
	enc, err := registry.abi.Pack("addRegistrar", registrar)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAddRegistrar is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xaf92a693.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function addRegistrar(address registrar) returns()
func (registry *Registry) TryPackAddRegistrar(registrar common.Address) ([]byte, error) {
	return registry.abi.Pack("addRegistrar", registrar)
}

// PackAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf851a440.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function admin() view returns(address)
func (registry *Registry) PackAdmin() []byte {
	enc, err := registry.abi.Pack("admin")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf851a440.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function admin() view returns(address)
func (registry *Registry) TryPackAdmin() ([]byte, error) {
	return registry.abi.Pack("admin")
}

// UnpackAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf851a440.
//
// Solidity: function admin() view returns(address)
func (registry *Registry) UnpackAdmin(data []byte) (common.Address, error) {
	out, err := registry.abi.Unpack("admin", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackEnroll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x63bb3aab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function enroll(address account, uint8 role, bytes32 org, bytes32 metadataHash, bytes32 transportKey, bytes preKey) returns()
func (registry *Registry) PackEnroll(account common.Address, role uint8, org [32]byte, metadataHash [32]byte, transportKey [32]byte, preKey []byte) []byte {
	enc, err := registry.abi.Pack("enroll", account, role, org, metadataHash, transportKey, preKey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackEnroll is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x63bb3aab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function enroll(address account, uint8 role, bytes32 org, bytes32 metadataHash, bytes32 transportKey, bytes preKey) returns()
func (registry *Registry) TryPackEnroll(account common.Address, role uint8, org [32]byte, metadataHash [32]byte, transportKey [32]byte, preKey []byte) ([]byte, error) {
	return registry.abi.Pack("enroll", account, role, org, metadataHash, transportKey, preKey)
}

// PackIsActive is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4390ea70.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isActive(address account, uint8 role) view returns(bool)
func (registry *Registry) PackIsActive(account common.Address, role uint8) []byte {
	enc, err := registry.abi.Pack("isActive", account, role)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsActive is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4390ea70.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isActive(address account, uint8 role) view returns(bool)
func (registry *Registry) TryPackIsActive(account common.Address, role uint8) ([]byte, error) {
	return registry.abi.Pack("isActive", account, role)
}

// UnpackIsActive is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4390ea70.
//
// Solidity: function isActive(address account, uint8 role) view returns(bool)
func (registry *Registry) UnpackIsActive(data []byte) (bool, error) {
	out, err := registry.abi.Unpack("isActive", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackIsRegistrar is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5db72eb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isRegistrar(address registrar) view returns(bool)
func (registry *Registry) PackIsRegistrar(registrar common.Address) []byte {
	enc, err := registry.abi.Pack("isRegistrar", registrar)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsRegistrar is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd5db72eb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isRegistrar(address registrar) view returns(bool)
func (registry *Registry) TryPackIsRegistrar(registrar common.Address) ([]byte, error) {
	return registry.abi.Pack("isRegistrar", registrar)
}

// UnpackIsRegistrar is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd5db72eb.
//
// Solidity: function isRegistrar(address registrar) view returns(bool)
func (registry *Registry) UnpackIsRegistrar(data []byte) (bool, error) {
	out, err := registry.abi.Unpack("isRegistrar", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackParticipant is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2605b3c7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function participant(address account) view returns((uint8,uint8,uint64,bytes32,bytes32,bytes32,bytes))
func (registry *Registry) PackParticipant(account common.Address) []byte {
	enc, err := registry.abi.Pack("participant", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackParticipant is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2605b3c7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function participant(address account) view returns((uint8,uint8,uint64,bytes32,bytes32,bytes32,bytes))
func (registry *Registry) TryPackParticipant(account common.Address) ([]byte, error) {
	return registry.abi.Pack("participant", account)
}

// UnpackParticipant is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2605b3c7.
//
// Solidity: function participant(address account) view returns((uint8,uint8,uint64,bytes32,bytes32,bytes32,bytes))
func (registry *Registry) UnpackParticipant(data []byte) (IRegistryParticipant, error) {
	out, err := registry.abi.Unpack("participant", data)
	if err != nil {
		return *new(IRegistryParticipant), err
	}
	out0 := *abi.ConvertType(out[0], new(IRegistryParticipant)).(*IRegistryParticipant)
	return out0, nil
}

// PackPendingAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x26782247.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pendingAdmin() view returns(address)
func (registry *Registry) PackPendingAdmin() []byte {
	enc, err := registry.abi.Pack("pendingAdmin")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPendingAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x26782247.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pendingAdmin() view returns(address)
func (registry *Registry) TryPackPendingAdmin() ([]byte, error) {
	return registry.abi.Pack("pendingAdmin")
}

// UnpackPendingAdmin is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x26782247.
//
// Solidity: function pendingAdmin() view returns(address)
func (registry *Registry) UnpackPendingAdmin(data []byte) (common.Address, error) {
	out, err := registry.abi.Unpack("pendingAdmin", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackReinstate is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x830aebd9.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reinstate(address account) returns()
func (registry *Registry) PackReinstate(account common.Address) []byte {
	enc, err := registry.abi.Pack("reinstate", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReinstate is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x830aebd9.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reinstate(address account) returns()
func (registry *Registry) TryPackReinstate(account common.Address) ([]byte, error) {
	return registry.abi.Pack("reinstate", account)
}

// PackRemove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x29092d0e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function remove(address account) returns()
func (registry *Registry) PackRemove(account common.Address) []byte {
	enc, err := registry.abi.Pack("remove", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemove is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x29092d0e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function remove(address account) returns()
func (registry *Registry) TryPackRemove(account common.Address) ([]byte, error) {
	return registry.abi.Pack("remove", account)
}

// PackRemoveRegistrar is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba904eed.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function removeRegistrar(address registrar) returns()
func (registry *Registry) PackRemoveRegistrar(registrar common.Address) []byte {
	enc, err := registry.abi.Pack("removeRegistrar", registrar)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRemoveRegistrar is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xba904eed.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function removeRegistrar(address registrar) returns()
func (registry *Registry) TryPackRemoveRegistrar(registrar common.Address) ([]byte, error) {
	return registry.abi.Pack("removeRegistrar", registrar)
}

// PackRoleOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa5d7827e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function roleOf(address account) view returns(uint8 role, uint8 status)
func (registry *Registry) PackRoleOf(account common.Address) []byte {
	enc, err := registry.abi.Pack("roleOf", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRoleOf is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xa5d7827e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function roleOf(address account) view returns(uint8 role, uint8 status)
func (registry *Registry) TryPackRoleOf(account common.Address) ([]byte, error) {
	return registry.abi.Pack("roleOf", account)
}

// RoleOfOutput serves as a container for the return parameters of contract
// method RoleOf.
type RoleOfOutput struct {
	Role   uint8
	Status uint8
}

// UnpackRoleOf is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xa5d7827e.
//
// Solidity: function roleOf(address account) view returns(uint8 role, uint8 status)
func (registry *Registry) UnpackRoleOf(data []byte) (RoleOfOutput, error) {
	out, err := registry.abi.Unpack("roleOf", data)
	outstruct := new(RoleOfOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Role = *abi.ConvertType(out[0], new(uint8)).(*uint8)
	outstruct.Status = *abi.ConvertType(out[1], new(uint8)).(*uint8)
	return *outstruct, nil
}

// PackRotateKeys is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x51931393.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function rotateKeys(bytes32 transportKey, bytes preKey) returns()
func (registry *Registry) PackRotateKeys(transportKey [32]byte, preKey []byte) []byte {
	enc, err := registry.abi.Pack("rotateKeys", transportKey, preKey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRotateKeys is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x51931393.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function rotateKeys(bytes32 transportKey, bytes preKey) returns()
func (registry *Registry) TryPackRotateKeys(transportKey [32]byte, preKey []byte) ([]byte, error) {
	return registry.abi.Pack("rotateKeys", transportKey, preKey)
}

// PackSuspend is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x286781c7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function suspend(address account) returns()
func (registry *Registry) PackSuspend(account common.Address) []byte {
	enc, err := registry.abi.Pack("suspend", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSuspend is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x286781c7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function suspend(address account) returns()
func (registry *Registry) TryPackSuspend(account common.Address) ([]byte, error) {
	return registry.abi.Pack("suspend", account)
}

// PackTransferAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75829def.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function transferAdmin(address newAdmin) returns()
func (registry *Registry) PackTransferAdmin(newAdmin common.Address) []byte {
	enc, err := registry.abi.Pack("transferAdmin", newAdmin)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTransferAdmin is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x75829def.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function transferAdmin(address newAdmin) returns()
func (registry *Registry) TryPackTransferAdmin(newAdmin common.Address) ([]byte, error) {
	return registry.abi.Pack("transferAdmin", newAdmin)
}

// RegistryAdminTransferStarted represents a AdminTransferStarted event raised by the Registry contract.
type RegistryAdminTransferStarted struct {
	Admin        common.Address
	PendingAdmin common.Address
	Raw          *types.Log // Blockchain specific contextual infos
}

const RegistryAdminTransferStartedEventName = "AdminTransferStarted"

// ContractEventName returns the user-defined event name.
func (RegistryAdminTransferStarted) ContractEventName() string {
	return RegistryAdminTransferStartedEventName
}

// UnpackAdminTransferStartedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AdminTransferStarted(address indexed admin, address indexed pendingAdmin)
func (registry *Registry) UnpackAdminTransferStartedEvent(log *types.Log) (*RegistryAdminTransferStarted, error) {
	event := "AdminTransferStarted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryAdminTransferStarted)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RegistryAdminTransferred represents a AdminTransferred event raised by the Registry contract.
type RegistryAdminTransferred struct {
	PreviousAdmin common.Address
	Admin         common.Address
	Raw           *types.Log // Blockchain specific contextual infos
}

const RegistryAdminTransferredEventName = "AdminTransferred"

// ContractEventName returns the user-defined event name.
func (RegistryAdminTransferred) ContractEventName() string {
	return RegistryAdminTransferredEventName
}

// UnpackAdminTransferredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AdminTransferred(address indexed previousAdmin, address indexed admin)
func (registry *Registry) UnpackAdminTransferredEvent(log *types.Log) (*RegistryAdminTransferred, error) {
	event := "AdminTransferred"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryAdminTransferred)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RegistryKeysRotated represents a KeysRotated event raised by the Registry contract.
type RegistryKeysRotated struct {
	Account      common.Address
	TransportKey [32]byte
	PreKey       []byte
	Raw          *types.Log // Blockchain specific contextual infos
}

const RegistryKeysRotatedEventName = "KeysRotated"

// ContractEventName returns the user-defined event name.
func (RegistryKeysRotated) ContractEventName() string {
	return RegistryKeysRotatedEventName
}

// UnpackKeysRotatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event KeysRotated(address indexed account, bytes32 transportKey, bytes preKey)
func (registry *Registry) UnpackKeysRotatedEvent(log *types.Log) (*RegistryKeysRotated, error) {
	event := "KeysRotated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryKeysRotated)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RegistryParticipantEnrolled represents a ParticipantEnrolled event raised by the Registry contract.
type RegistryParticipantEnrolled struct {
	Account      common.Address
	Role         uint8
	Org          [32]byte
	Registrar    common.Address
	MetadataHash [32]byte
	TransportKey [32]byte
	PreKey       []byte
	Raw          *types.Log // Blockchain specific contextual infos
}

const RegistryParticipantEnrolledEventName = "ParticipantEnrolled"

// ContractEventName returns the user-defined event name.
func (RegistryParticipantEnrolled) ContractEventName() string {
	return RegistryParticipantEnrolledEventName
}

// UnpackParticipantEnrolledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ParticipantEnrolled(address indexed account, uint8 indexed role, bytes32 indexed org, address registrar, bytes32 metadataHash, bytes32 transportKey, bytes preKey)
func (registry *Registry) UnpackParticipantEnrolledEvent(log *types.Log) (*RegistryParticipantEnrolled, error) {
	event := "ParticipantEnrolled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryParticipantEnrolled)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RegistryParticipantReinstated represents a ParticipantReinstated event raised by the Registry contract.
type RegistryParticipantReinstated struct {
	Account   common.Address
	Registrar common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const RegistryParticipantReinstatedEventName = "ParticipantReinstated"

// ContractEventName returns the user-defined event name.
func (RegistryParticipantReinstated) ContractEventName() string {
	return RegistryParticipantReinstatedEventName
}

// UnpackParticipantReinstatedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ParticipantReinstated(address indexed account, address indexed registrar)
func (registry *Registry) UnpackParticipantReinstatedEvent(log *types.Log) (*RegistryParticipantReinstated, error) {
	event := "ParticipantReinstated"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryParticipantReinstated)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RegistryParticipantRemoved represents a ParticipantRemoved event raised by the Registry contract.
type RegistryParticipantRemoved struct {
	Account   common.Address
	Registrar common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const RegistryParticipantRemovedEventName = "ParticipantRemoved"

// ContractEventName returns the user-defined event name.
func (RegistryParticipantRemoved) ContractEventName() string {
	return RegistryParticipantRemovedEventName
}

// UnpackParticipantRemovedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ParticipantRemoved(address indexed account, address indexed registrar)
func (registry *Registry) UnpackParticipantRemovedEvent(log *types.Log) (*RegistryParticipantRemoved, error) {
	event := "ParticipantRemoved"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryParticipantRemoved)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RegistryParticipantSuspended represents a ParticipantSuspended event raised by the Registry contract.
type RegistryParticipantSuspended struct {
	Account   common.Address
	Registrar common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const RegistryParticipantSuspendedEventName = "ParticipantSuspended"

// ContractEventName returns the user-defined event name.
func (RegistryParticipantSuspended) ContractEventName() string {
	return RegistryParticipantSuspendedEventName
}

// UnpackParticipantSuspendedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ParticipantSuspended(address indexed account, address indexed registrar)
func (registry *Registry) UnpackParticipantSuspendedEvent(log *types.Log) (*RegistryParticipantSuspended, error) {
	event := "ParticipantSuspended"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryParticipantSuspended)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RegistryRegistrarAdded represents a RegistrarAdded event raised by the Registry contract.
type RegistryRegistrarAdded struct {
	Registrar common.Address
	Admin     common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const RegistryRegistrarAddedEventName = "RegistrarAdded"

// ContractEventName returns the user-defined event name.
func (RegistryRegistrarAdded) ContractEventName() string {
	return RegistryRegistrarAddedEventName
}

// UnpackRegistrarAddedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RegistrarAdded(address indexed registrar, address indexed admin)
func (registry *Registry) UnpackRegistrarAddedEvent(log *types.Log) (*RegistryRegistrarAdded, error) {
	event := "RegistrarAdded"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryRegistrarAdded)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RegistryRegistrarRemoved represents a RegistrarRemoved event raised by the Registry contract.
type RegistryRegistrarRemoved struct {
	Registrar common.Address
	Admin     common.Address
	Raw       *types.Log // Blockchain specific contextual infos
}

const RegistryRegistrarRemovedEventName = "RegistrarRemoved"

// ContractEventName returns the user-defined event name.
func (RegistryRegistrarRemoved) ContractEventName() string {
	return RegistryRegistrarRemovedEventName
}

// UnpackRegistrarRemovedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event RegistrarRemoved(address indexed registrar, address indexed admin)
func (registry *Registry) UnpackRegistrarRemovedEvent(log *types.Log) (*RegistryRegistrarRemoved, error) {
	event := "RegistrarRemoved"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != registry.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RegistryRegistrarRemoved)
	if len(log.Data) > 0 {
		if err := registry.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range registry.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (registry *Registry) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], registry.abi.Errors["AlreadyEnrolled"].ID.Bytes()[:4]) {
		return registry.UnpackAlreadyEnrolledError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["AlreadyRegistrar"].ID.Bytes()[:4]) {
		return registry.UnpackAlreadyRegistrarError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["AlreadySuspended"].ID.Bytes()[:4]) {
		return registry.UnpackAlreadySuspendedError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["InvalidPreKey"].ID.Bytes()[:4]) {
		return registry.UnpackInvalidPreKeyError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["InvalidRole"].ID.Bytes()[:4]) {
		return registry.UnpackInvalidRoleError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["NotAdmin"].ID.Bytes()[:4]) {
		return registry.UnpackNotAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["NotEnrolled"].ID.Bytes()[:4]) {
		return registry.UnpackNotEnrolledError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["NotPendingAdmin"].ID.Bytes()[:4]) {
		return registry.UnpackNotPendingAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["NotRegistrar"].ID.Bytes()[:4]) {
		return registry.UnpackNotRegistrarError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["NotSuspended"].ID.Bytes()[:4]) {
		return registry.UnpackNotSuspendedError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["RoleNeedsAdmin"].ID.Bytes()[:4]) {
		return registry.UnpackRoleNeedsAdminError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["UnknownRegistrar"].ID.Bytes()[:4]) {
		return registry.UnpackUnknownRegistrarError(raw[4:])
	}
	if bytes.Equal(raw[:4], registry.abi.Errors["ZeroAddress"].ID.Bytes()[:4]) {
		return registry.UnpackZeroAddressError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RegistryAlreadyEnrolled represents a AlreadyEnrolled error raised by the Registry contract.
type RegistryAlreadyEnrolled struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyEnrolled(address account)
func RegistryAlreadyEnrolledErrorID() common.Hash {
	return common.HexToHash("0x668017696e12be8c992bc5e166e20f7085a128d90ce9fc0c042967285d1892a3")
}

// UnpackAlreadyEnrolledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyEnrolled(address account)
func (registry *Registry) UnpackAlreadyEnrolledError(raw []byte) (*RegistryAlreadyEnrolled, error) {
	out := new(RegistryAlreadyEnrolled)
	if err := registry.abi.UnpackIntoInterface(out, "AlreadyEnrolled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryAlreadyRegistrar represents a AlreadyRegistrar error raised by the Registry contract.
type RegistryAlreadyRegistrar struct {
	Registrar common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyRegistrar(address registrar)
func RegistryAlreadyRegistrarErrorID() common.Hash {
	return common.HexToHash("0x9746dd85b8fdfc0bee157ab5655aba9be3a7e511dfa1f3a73fa53caaf34340ae")
}

// UnpackAlreadyRegistrarError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyRegistrar(address registrar)
func (registry *Registry) UnpackAlreadyRegistrarError(raw []byte) (*RegistryAlreadyRegistrar, error) {
	out := new(RegistryAlreadyRegistrar)
	if err := registry.abi.UnpackIntoInterface(out, "AlreadyRegistrar", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryAlreadySuspended represents a AlreadySuspended error raised by the Registry contract.
type RegistryAlreadySuspended struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadySuspended(address account)
func RegistryAlreadySuspendedErrorID() common.Hash {
	return common.HexToHash("0x1b46b254e0195a78fd8fb552146256cc33b40f352a3fc9520153c21d361adc72")
}

// UnpackAlreadySuspendedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadySuspended(address account)
func (registry *Registry) UnpackAlreadySuspendedError(raw []byte) (*RegistryAlreadySuspended, error) {
	out := new(RegistryAlreadySuspended)
	if err := registry.abi.UnpackIntoInterface(out, "AlreadySuspended", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryInvalidPreKey represents a InvalidPreKey error raised by the Registry contract.
type RegistryInvalidPreKey struct {
	Length *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidPreKey(uint256 length)
func RegistryInvalidPreKeyErrorID() common.Hash {
	return common.HexToHash("0x0a10965951a4e91a4becd7c6602b268740aed44891309b06cb9db6fcaf18336a")
}

// UnpackInvalidPreKeyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidPreKey(uint256 length)
func (registry *Registry) UnpackInvalidPreKeyError(raw []byte) (*RegistryInvalidPreKey, error) {
	out := new(RegistryInvalidPreKey)
	if err := registry.abi.UnpackIntoInterface(out, "InvalidPreKey", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryInvalidRole represents a InvalidRole error raised by the Registry contract.
type RegistryInvalidRole struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidRole()
func RegistryInvalidRoleErrorID() common.Hash {
	return common.HexToHash("0xd954416aa116d7fb9b08b6ec00ba47bcc835381394a374857b2cac44c08caf5a")
}

// UnpackInvalidRoleError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidRole()
func (registry *Registry) UnpackInvalidRoleError(raw []byte) (*RegistryInvalidRole, error) {
	out := new(RegistryInvalidRole)
	if err := registry.abi.UnpackIntoInterface(out, "InvalidRole", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryNotAdmin represents a NotAdmin error raised by the Registry contract.
type RegistryNotAdmin struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAdmin()
func RegistryNotAdminErrorID() common.Hash {
	return common.HexToHash("0x7bfa4b9fb0cd3687c1f539f384b3f3f258f2c9aa9186353d0815413b508ed97d")
}

// UnpackNotAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAdmin()
func (registry *Registry) UnpackNotAdminError(raw []byte) (*RegistryNotAdmin, error) {
	out := new(RegistryNotAdmin)
	if err := registry.abi.UnpackIntoInterface(out, "NotAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryNotEnrolled represents a NotEnrolled error raised by the Registry contract.
type RegistryNotEnrolled struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotEnrolled(address account)
func RegistryNotEnrolledErrorID() common.Hash {
	return common.HexToHash("0xd0e216c2fcd9cbc74bd30ae846d5780634bb5b69fd81a0f717b64ad4b35b9215")
}

// UnpackNotEnrolledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotEnrolled(address account)
func (registry *Registry) UnpackNotEnrolledError(raw []byte) (*RegistryNotEnrolled, error) {
	out := new(RegistryNotEnrolled)
	if err := registry.abi.UnpackIntoInterface(out, "NotEnrolled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryNotPendingAdmin represents a NotPendingAdmin error raised by the Registry contract.
type RegistryNotPendingAdmin struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotPendingAdmin()
func RegistryNotPendingAdminErrorID() common.Hash {
	return common.HexToHash("0x058d9a1b6fc4d376f228bc701286454c04d30f4cdd8f2974688d2248e95a30b1")
}

// UnpackNotPendingAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotPendingAdmin()
func (registry *Registry) UnpackNotPendingAdminError(raw []byte) (*RegistryNotPendingAdmin, error) {
	out := new(RegistryNotPendingAdmin)
	if err := registry.abi.UnpackIntoInterface(out, "NotPendingAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryNotRegistrar represents a NotRegistrar error raised by the Registry contract.
type RegistryNotRegistrar struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotRegistrar()
func RegistryNotRegistrarErrorID() common.Hash {
	return common.HexToHash("0x2ad95351721a0d34d9c6f45f5eb0bb1890d7ee6159f8fe408672d6882bc491aa")
}

// UnpackNotRegistrarError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotRegistrar()
func (registry *Registry) UnpackNotRegistrarError(raw []byte) (*RegistryNotRegistrar, error) {
	out := new(RegistryNotRegistrar)
	if err := registry.abi.UnpackIntoInterface(out, "NotRegistrar", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryNotSuspended represents a NotSuspended error raised by the Registry contract.
type RegistryNotSuspended struct {
	Account common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotSuspended(address account)
func RegistryNotSuspendedErrorID() common.Hash {
	return common.HexToHash("0xac8c1e2059ddd12f764d1bd15abd17e67c06e896c7d993ed764381ad3d0c43f6")
}

// UnpackNotSuspendedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotSuspended(address account)
func (registry *Registry) UnpackNotSuspendedError(raw []byte) (*RegistryNotSuspended, error) {
	out := new(RegistryNotSuspended)
	if err := registry.abi.UnpackIntoInterface(out, "NotSuspended", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryRoleNeedsAdmin represents a RoleNeedsAdmin error raised by the Registry contract.
type RegistryRoleNeedsAdmin struct {
	Role uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RoleNeedsAdmin(uint8 role)
func RegistryRoleNeedsAdminErrorID() common.Hash {
	return common.HexToHash("0x017449623a406672e811f14de91dd1c5dd24f1bf9a39a9afe4e9c4435d4cab78")
}

// UnpackRoleNeedsAdminError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RoleNeedsAdmin(uint8 role)
func (registry *Registry) UnpackRoleNeedsAdminError(raw []byte) (*RegistryRoleNeedsAdmin, error) {
	out := new(RegistryRoleNeedsAdmin)
	if err := registry.abi.UnpackIntoInterface(out, "RoleNeedsAdmin", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryUnknownRegistrar represents a UnknownRegistrar error raised by the Registry contract.
type RegistryUnknownRegistrar struct {
	Registrar common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownRegistrar(address registrar)
func RegistryUnknownRegistrarErrorID() common.Hash {
	return common.HexToHash("0x3c33e95116ed49d07136b8725659d406e7bb8b9d18e9334f48ce67e60d626d84")
}

// UnpackUnknownRegistrarError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownRegistrar(address registrar)
func (registry *Registry) UnpackUnknownRegistrarError(raw []byte) (*RegistryUnknownRegistrar, error) {
	out := new(RegistryUnknownRegistrar)
	if err := registry.abi.UnpackIntoInterface(out, "UnknownRegistrar", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RegistryZeroAddress represents a ZeroAddress error raised by the Registry contract.
type RegistryZeroAddress struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroAddress()
func RegistryZeroAddressErrorID() common.Hash {
	return common.HexToHash("0xd92e233df2717d4a40030e20904abd27b68fcbeede117eaaccbbdac9618c8c73")
}

// UnpackZeroAddressError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroAddress()
func (registry *Registry) UnpackZeroAddressError(raw []byte) (*RegistryZeroAddress, error) {
	out := new(RegistryZeroAddress)
	if err := registry.abi.UnpackIntoInterface(out, "ZeroAddress", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersMetaData contains all meta data concerning the ThresholdAnswers contract.
var ThresholdAnswersMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[],\"name\":\"FRAGMENT_LENGTH\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"answerHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"}],\"name\":\"answerState\",\"outputs\":[{\"components\":[{\"internalType\":\"uint16\",\"name\":\"commitMask\",\"type\":\"uint16\"},{\"internalType\":\"uint16\",\"name\":\"revealMask\",\"type\":\"uint16\"},{\"internalType\":\"uint16\",\"name\":\"declineMask\",\"type\":\"uint16\"},{\"internalType\":\"uint16\",\"name\":\"faultMask\",\"type\":\"uint16\"},{\"internalType\":\"uint8\",\"name\":\"commits\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"declines\",\"type\":\"uint8\"},{\"internalType\":\"enumIThresholdAnswers.AnswerStatus\",\"name\":\"status\",\"type\":\"uint8\"}],\"internalType\":\"structIThresholdAnswers.AnswerState\",\"name\":\"\",\"type\":\"tuple\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"fragmentHash\",\"type\":\"bytes32\"}],\"name\":\"commit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"bytes32\",\"name\":\"fragmentHash\",\"type\":\"bytes32\"}],\"internalType\":\"structIThresholdAnswers.Commit[]\",\"name\":\"items\",\"type\":\"tuple[]\"}],\"name\":\"commitMany\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"decline\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"internalType\":\"structIThresholdAnswers.Decline[]\",\"name\":\"items\",\"type\":\"tuple[]\"}],\"name\":\"declineMany\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proxyNetwork\",\"outputs\":[{\"internalType\":\"contractIProxyNetwork\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"fragment\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"witness\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"statement\",\"type\":\"bytes\"}],\"name\":\"reportFault\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"fragment\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"reveal\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"bytes\",\"name\":\"fragment\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"internalType\":\"structIThresholdAnswers.Reveal[]\",\"name\":\"items\",\"type\":\"tuple[]\"}],\"name\":\"revealMany\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"fragmentHash\",\"type\":\"bytes32\"}],\"name\":\"AnswerCommitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"AnswerDeclined\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint16\",\"name\":\"commitMask\",\"type\":\"uint16\"}],\"name\":\"AnswerFulfilled\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes4\",\"name\":\"error\",\"type\":\"bytes4\"}],\"name\":\"AnswerRefused\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes4\",\"name\":\"reason\",\"type\":\"bytes4\"}],\"name\":\"AnswerRejected\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"fragment\",\"type\":\"bytes\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"AnswerRevealed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"node\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"reporter\",\"type\":\"address\"}],\"name\":\"FragmentFaulted\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"requestId\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"requester\",\"type\":\"address\"}],\"name\":\"AccessMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"enumIThresholdAnswers.AnswerStatus\",\"name\":\"status\",\"type\":\"uint8\"}],\"name\":\"AccessNotOpen\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"AlreadyCommitted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"AlreadyDeclined\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"AlreadyFaulted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"AlreadyRevealed\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyBatch\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyFragmentHash\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"FragmentMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"FragmentValid\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"}],\"name\":\"InvalidLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"reason\",\"type\":\"uint8\"}],\"name\":\"InvalidReason\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidStatement\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidWitness\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"fragmentLength\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"proofLength\",\"type\":\"uint256\"}],\"name\":\"MalformedAnswer\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ModexpFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"NotCommitted\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"committeeId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"NotCommitteeMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"}],\"name\":\"NotFulfilled\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"NotNamedMember\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint8\",\"name\":\"member\",\"type\":\"uint8\"}],\"name\":\"NotRevealed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"},{\"internalType\":\"uint16\",\"name\":\"declineMask\",\"type\":\"uint16\"}],\"name\":\"TooManyDeclines\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"accessId\",\"type\":\"uint64\"}],\"name\":\"UnknownAccess\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"UnsupportedPoint\",\"type\":\"error\"}]",
	ID:  "e090ba030990455fd8154ea34004883459",
}

// ThresholdAnswers is an auto generated Go binding around an Ethereum contract.
type ThresholdAnswers struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *ThresholdAnswers) GetABI() abi.ABI {
	return c.abi
}

// NewThresholdAnswers creates a new instance of ThresholdAnswers.
func NewThresholdAnswers() *ThresholdAnswers {
	parsed, err := ThresholdAnswersMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &ThresholdAnswers{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *ThresholdAnswers) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackFRAGMENTLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0a9e3eab.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function FRAGMENT_LENGTH() view returns(uint256)
func (thresholdAnswers *ThresholdAnswers) PackFRAGMENTLENGTH() []byte {
	enc, err := thresholdAnswers.abi.Pack("FRAGMENT_LENGTH")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFRAGMENTLENGTH is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0a9e3eab.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function FRAGMENT_LENGTH() view returns(uint256)
func (thresholdAnswers *ThresholdAnswers) TryPackFRAGMENTLENGTH() ([]byte, error) {
	return thresholdAnswers.abi.Pack("FRAGMENT_LENGTH")
}

// UnpackFRAGMENTLENGTH is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0a9e3eab.
//
// Solidity: function FRAGMENT_LENGTH() view returns(uint256)
func (thresholdAnswers *ThresholdAnswers) UnpackFRAGMENTLENGTH(data []byte) (*big.Int, error) {
	out, err := thresholdAnswers.abi.Unpack("FRAGMENT_LENGTH", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackAnswerHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41fdf14a.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function answerHash(uint64 accessId, uint8 member) view returns(bytes32)
func (thresholdAnswers *ThresholdAnswers) PackAnswerHash(accessId uint64, member uint8) []byte {
	enc, err := thresholdAnswers.abi.Pack("answerHash", accessId, member)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAnswerHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x41fdf14a.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function answerHash(uint64 accessId, uint8 member) view returns(bytes32)
func (thresholdAnswers *ThresholdAnswers) TryPackAnswerHash(accessId uint64, member uint8) ([]byte, error) {
	return thresholdAnswers.abi.Pack("answerHash", accessId, member)
}

// UnpackAnswerHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x41fdf14a.
//
// Solidity: function answerHash(uint64 accessId, uint8 member) view returns(bytes32)
func (thresholdAnswers *ThresholdAnswers) UnpackAnswerHash(data []byte) ([32]byte, error) {
	out, err := thresholdAnswers.abi.Unpack("answerHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackAnswerState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0fc8f53c.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function answerState(uint64 accessId) view returns((uint16,uint16,uint16,uint16,uint8,uint8,uint8))
func (thresholdAnswers *ThresholdAnswers) PackAnswerState(accessId uint64) []byte {
	enc, err := thresholdAnswers.abi.Pack("answerState", accessId)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAnswerState is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0fc8f53c.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function answerState(uint64 accessId) view returns((uint16,uint16,uint16,uint16,uint8,uint8,uint8))
func (thresholdAnswers *ThresholdAnswers) TryPackAnswerState(accessId uint64) ([]byte, error) {
	return thresholdAnswers.abi.Pack("answerState", accessId)
}

// UnpackAnswerState is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0fc8f53c.
//
// Solidity: function answerState(uint64 accessId) view returns((uint16,uint16,uint16,uint16,uint8,uint8,uint8))
func (thresholdAnswers *ThresholdAnswers) UnpackAnswerState(data []byte) (IThresholdAnswersAnswerState, error) {
	out, err := thresholdAnswers.abi.Unpack("answerState", data)
	if err != nil {
		return *new(IThresholdAnswersAnswerState), err
	}
	out0 := *abi.ConvertType(out[0], new(IThresholdAnswersAnswerState)).(*IThresholdAnswersAnswerState)
	return out0, nil
}

// PackCommit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd38b5f4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function commit(uint64 accessId, uint64 requestId, address requester, uint8 member, bytes32 fragmentHash) returns()
func (thresholdAnswers *ThresholdAnswers) PackCommit(accessId uint64, requestId uint64, requester common.Address, member uint8, fragmentHash [32]byte) []byte {
	enc, err := thresholdAnswers.abi.Pack("commit", accessId, requestId, requester, member, fragmentHash)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xdd38b5f4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function commit(uint64 accessId, uint64 requestId, address requester, uint8 member, bytes32 fragmentHash) returns()
func (thresholdAnswers *ThresholdAnswers) TryPackCommit(accessId uint64, requestId uint64, requester common.Address, member uint8, fragmentHash [32]byte) ([]byte, error) {
	return thresholdAnswers.abi.Pack("commit", accessId, requestId, requester, member, fragmentHash)
}

// PackCommitMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9eeff92e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function commitMany((uint64,uint64,address,uint8,bytes32)[] items) returns()
func (thresholdAnswers *ThresholdAnswers) PackCommitMany(items []IThresholdAnswersCommit) []byte {
	enc, err := thresholdAnswers.abi.Pack("commitMany", items)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommitMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9eeff92e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function commitMany((uint64,uint64,address,uint8,bytes32)[] items) returns()
func (thresholdAnswers *ThresholdAnswers) TryPackCommitMany(items []IThresholdAnswersCommit) ([]byte, error) {
	return thresholdAnswers.abi.Pack("commitMany", items)
}

// PackDecline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4779464e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function decline(uint64 accessId, uint64 requestId, address requester, uint8 member, uint8 reason) returns()
func (thresholdAnswers *ThresholdAnswers) PackDecline(accessId uint64, requestId uint64, requester common.Address, member uint8, reason uint8) []byte {
	enc, err := thresholdAnswers.abi.Pack("decline", accessId, requestId, requester, member, reason)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDecline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4779464e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function decline(uint64 accessId, uint64 requestId, address requester, uint8 member, uint8 reason) returns()
func (thresholdAnswers *ThresholdAnswers) TryPackDecline(accessId uint64, requestId uint64, requester common.Address, member uint8, reason uint8) ([]byte, error) {
	return thresholdAnswers.abi.Pack("decline", accessId, requestId, requester, member, reason)
}

// PackDeclineMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe2c1a39.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function declineMany((uint64,uint64,address,uint8,uint8)[] items) returns()
func (thresholdAnswers *ThresholdAnswers) PackDeclineMany(items []IThresholdAnswersDecline) []byte {
	enc, err := thresholdAnswers.abi.Pack("declineMany", items)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeclineMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xfe2c1a39.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function declineMany((uint64,uint64,address,uint8,uint8)[] items) returns()
func (thresholdAnswers *ThresholdAnswers) TryPackDeclineMany(items []IThresholdAnswersDecline) ([]byte, error) {
	return thresholdAnswers.abi.Pack("declineMany", items)
}

// PackProxyNetwork is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4caaab16.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proxyNetwork() view returns(address)
func (thresholdAnswers *ThresholdAnswers) PackProxyNetwork() []byte {
	enc, err := thresholdAnswers.abi.Pack("proxyNetwork")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProxyNetwork is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4caaab16.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proxyNetwork() view returns(address)
func (thresholdAnswers *ThresholdAnswers) TryPackProxyNetwork() ([]byte, error) {
	return thresholdAnswers.abi.Pack("proxyNetwork")
}

// UnpackProxyNetwork is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4caaab16.
//
// Solidity: function proxyNetwork() view returns(address)
func (thresholdAnswers *ThresholdAnswers) UnpackProxyNetwork(data []byte) (common.Address, error) {
	out, err := thresholdAnswers.abi.Unpack("proxyNetwork", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackReportFault is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7c39bff.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reportFault(uint64 accessId, uint8 member, bytes fragment, bytes proof, bytes witness, bytes statement) returns()
func (thresholdAnswers *ThresholdAnswers) PackReportFault(accessId uint64, member uint8, fragment []byte, proof []byte, witness []byte, statement []byte) []byte {
	enc, err := thresholdAnswers.abi.Pack("reportFault", accessId, member, fragment, proof, witness, statement)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReportFault is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf7c39bff.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reportFault(uint64 accessId, uint8 member, bytes fragment, bytes proof, bytes witness, bytes statement) returns()
func (thresholdAnswers *ThresholdAnswers) TryPackReportFault(accessId uint64, member uint8, fragment []byte, proof []byte, witness []byte, statement []byte) ([]byte, error) {
	return thresholdAnswers.abi.Pack("reportFault", accessId, member, fragment, proof, witness, statement)
}

// PackReveal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x005cd284.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function reveal(uint64 accessId, uint8 member, bytes fragment, bytes proof) returns()
func (thresholdAnswers *ThresholdAnswers) PackReveal(accessId uint64, member uint8, fragment []byte, proof []byte) []byte {
	enc, err := thresholdAnswers.abi.Pack("reveal", accessId, member, fragment, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackReveal is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x005cd284.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function reveal(uint64 accessId, uint8 member, bytes fragment, bytes proof) returns()
func (thresholdAnswers *ThresholdAnswers) TryPackReveal(accessId uint64, member uint8, fragment []byte, proof []byte) ([]byte, error) {
	return thresholdAnswers.abi.Pack("reveal", accessId, member, fragment, proof)
}

// PackRevealMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ad6fcdc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function revealMany((uint64,uint8,bytes,bytes)[] items) returns()
func (thresholdAnswers *ThresholdAnswers) PackRevealMany(items []IThresholdAnswersReveal) []byte {
	enc, err := thresholdAnswers.abi.Pack("revealMany", items)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRevealMany is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9ad6fcdc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function revealMany((uint64,uint8,bytes,bytes)[] items) returns()
func (thresholdAnswers *ThresholdAnswers) TryPackRevealMany(items []IThresholdAnswersReveal) ([]byte, error) {
	return thresholdAnswers.abi.Pack("revealMany", items)
}

// ThresholdAnswersAnswerCommitted represents a AnswerCommitted event raised by the ThresholdAnswers contract.
type ThresholdAnswersAnswerCommitted struct {
	AccessId     uint64
	Node         common.Address
	Member       uint8
	FragmentHash [32]byte
	Raw          *types.Log // Blockchain specific contextual infos
}

const ThresholdAnswersAnswerCommittedEventName = "AnswerCommitted"

// ContractEventName returns the user-defined event name.
func (ThresholdAnswersAnswerCommitted) ContractEventName() string {
	return ThresholdAnswersAnswerCommittedEventName
}

// UnpackAnswerCommittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AnswerCommitted(uint64 indexed accessId, address indexed node, uint8 member, bytes32 fragmentHash)
func (thresholdAnswers *ThresholdAnswers) UnpackAnswerCommittedEvent(log *types.Log) (*ThresholdAnswersAnswerCommitted, error) {
	event := "AnswerCommitted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != thresholdAnswers.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ThresholdAnswersAnswerCommitted)
	if len(log.Data) > 0 {
		if err := thresholdAnswers.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range thresholdAnswers.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ThresholdAnswersAnswerDeclined represents a AnswerDeclined event raised by the ThresholdAnswers contract.
type ThresholdAnswersAnswerDeclined struct {
	AccessId uint64
	Node     common.Address
	Member   uint8
	Reason   uint8
	Raw      *types.Log // Blockchain specific contextual infos
}

const ThresholdAnswersAnswerDeclinedEventName = "AnswerDeclined"

// ContractEventName returns the user-defined event name.
func (ThresholdAnswersAnswerDeclined) ContractEventName() string {
	return ThresholdAnswersAnswerDeclinedEventName
}

// UnpackAnswerDeclinedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AnswerDeclined(uint64 indexed accessId, address indexed node, uint8 member, uint8 reason)
func (thresholdAnswers *ThresholdAnswers) UnpackAnswerDeclinedEvent(log *types.Log) (*ThresholdAnswersAnswerDeclined, error) {
	event := "AnswerDeclined"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != thresholdAnswers.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ThresholdAnswersAnswerDeclined)
	if len(log.Data) > 0 {
		if err := thresholdAnswers.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range thresholdAnswers.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ThresholdAnswersAnswerFulfilled represents a AnswerFulfilled event raised by the ThresholdAnswers contract.
type ThresholdAnswersAnswerFulfilled struct {
	AccessId    uint64
	RequestId   uint64
	Requester   common.Address
	CommitteeId uint64
	CommitMask  uint16
	Raw         *types.Log // Blockchain specific contextual infos
}

const ThresholdAnswersAnswerFulfilledEventName = "AnswerFulfilled"

// ContractEventName returns the user-defined event name.
func (ThresholdAnswersAnswerFulfilled) ContractEventName() string {
	return ThresholdAnswersAnswerFulfilledEventName
}

// UnpackAnswerFulfilledEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AnswerFulfilled(uint64 indexed accessId, uint64 indexed requestId, address indexed requester, uint64 committeeId, uint16 commitMask)
func (thresholdAnswers *ThresholdAnswers) UnpackAnswerFulfilledEvent(log *types.Log) (*ThresholdAnswersAnswerFulfilled, error) {
	event := "AnswerFulfilled"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != thresholdAnswers.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ThresholdAnswersAnswerFulfilled)
	if len(log.Data) > 0 {
		if err := thresholdAnswers.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range thresholdAnswers.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ThresholdAnswersAnswerRefused represents a AnswerRefused event raised by the ThresholdAnswers contract.
type ThresholdAnswersAnswerRefused struct {
	AccessId uint64
	Node     common.Address
	Error    [4]byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const ThresholdAnswersAnswerRefusedEventName = "AnswerRefused"

// ContractEventName returns the user-defined event name.
func (ThresholdAnswersAnswerRefused) ContractEventName() string {
	return ThresholdAnswersAnswerRefusedEventName
}

// UnpackAnswerRefusedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AnswerRefused(uint64 indexed accessId, address indexed node, bytes4 error)
func (thresholdAnswers *ThresholdAnswers) UnpackAnswerRefusedEvent(log *types.Log) (*ThresholdAnswersAnswerRefused, error) {
	event := "AnswerRefused"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != thresholdAnswers.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ThresholdAnswersAnswerRefused)
	if len(log.Data) > 0 {
		if err := thresholdAnswers.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range thresholdAnswers.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ThresholdAnswersAnswerRejected represents a AnswerRejected event raised by the ThresholdAnswers contract.
type ThresholdAnswersAnswerRejected struct {
	AccessId  uint64
	RequestId uint64
	Requester common.Address
	Reason    [4]byte
	Raw       *types.Log // Blockchain specific contextual infos
}

const ThresholdAnswersAnswerRejectedEventName = "AnswerRejected"

// ContractEventName returns the user-defined event name.
func (ThresholdAnswersAnswerRejected) ContractEventName() string {
	return ThresholdAnswersAnswerRejectedEventName
}

// UnpackAnswerRejectedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AnswerRejected(uint64 indexed accessId, uint64 indexed requestId, address indexed requester, bytes4 reason)
func (thresholdAnswers *ThresholdAnswers) UnpackAnswerRejectedEvent(log *types.Log) (*ThresholdAnswersAnswerRejected, error) {
	event := "AnswerRejected"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != thresholdAnswers.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ThresholdAnswersAnswerRejected)
	if len(log.Data) > 0 {
		if err := thresholdAnswers.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range thresholdAnswers.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ThresholdAnswersAnswerRevealed represents a AnswerRevealed event raised by the ThresholdAnswers contract.
type ThresholdAnswersAnswerRevealed struct {
	AccessId uint64
	Node     common.Address
	Member   uint8
	Fragment []byte
	Proof    []byte
	Raw      *types.Log // Blockchain specific contextual infos
}

const ThresholdAnswersAnswerRevealedEventName = "AnswerRevealed"

// ContractEventName returns the user-defined event name.
func (ThresholdAnswersAnswerRevealed) ContractEventName() string {
	return ThresholdAnswersAnswerRevealedEventName
}

// UnpackAnswerRevealedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event AnswerRevealed(uint64 indexed accessId, address indexed node, uint8 member, bytes fragment, bytes proof)
func (thresholdAnswers *ThresholdAnswers) UnpackAnswerRevealedEvent(log *types.Log) (*ThresholdAnswersAnswerRevealed, error) {
	event := "AnswerRevealed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != thresholdAnswers.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ThresholdAnswersAnswerRevealed)
	if len(log.Data) > 0 {
		if err := thresholdAnswers.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range thresholdAnswers.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// ThresholdAnswersFragmentFaulted represents a FragmentFaulted event raised by the ThresholdAnswers contract.
type ThresholdAnswersFragmentFaulted struct {
	AccessId uint64
	Member   uint8
	Node     common.Address
	Reporter common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const ThresholdAnswersFragmentFaultedEventName = "FragmentFaulted"

// ContractEventName returns the user-defined event name.
func (ThresholdAnswersFragmentFaulted) ContractEventName() string {
	return ThresholdAnswersFragmentFaultedEventName
}

// UnpackFragmentFaultedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event FragmentFaulted(uint64 indexed accessId, uint8 member, address indexed node, address indexed reporter)
func (thresholdAnswers *ThresholdAnswers) UnpackFragmentFaultedEvent(log *types.Log) (*ThresholdAnswersFragmentFaulted, error) {
	event := "FragmentFaulted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != thresholdAnswers.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(ThresholdAnswersFragmentFaulted)
	if len(log.Data) > 0 {
		if err := thresholdAnswers.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range thresholdAnswers.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (thresholdAnswers *ThresholdAnswers) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["AccessMismatch"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackAccessMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["AccessNotOpen"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackAccessNotOpenError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["AlreadyCommitted"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackAlreadyCommittedError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["AlreadyDeclined"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackAlreadyDeclinedError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["AlreadyFaulted"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackAlreadyFaultedError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["AlreadyRevealed"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackAlreadyRevealedError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["EmptyBatch"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackEmptyBatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["EmptyFragmentHash"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackEmptyFragmentHashError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["FragmentMismatch"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackFragmentMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["FragmentValid"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackFragmentValidError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["InvalidLength"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackInvalidLengthError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["InvalidReason"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackInvalidReasonError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["InvalidStatement"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackInvalidStatementError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["InvalidWitness"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackInvalidWitnessError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["MalformedAnswer"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackMalformedAnswerError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["ModexpFailed"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackModexpFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["NotCommitted"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackNotCommittedError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["NotCommitteeMember"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackNotCommitteeMemberError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["NotFulfilled"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackNotFulfilledError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["NotNamedMember"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackNotNamedMemberError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["NotRevealed"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackNotRevealedError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["TooManyDeclines"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackTooManyDeclinesError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["UnknownAccess"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackUnknownAccessError(raw[4:])
	}
	if bytes.Equal(raw[:4], thresholdAnswers.abi.Errors["UnsupportedPoint"].ID.Bytes()[:4]) {
		return thresholdAnswers.UnpackUnsupportedPointError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// ThresholdAnswersAccessMismatch represents a AccessMismatch error raised by the ThresholdAnswers contract.
type ThresholdAnswersAccessMismatch struct {
	AccessId  uint64
	RequestId uint64
	Requester common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessMismatch(uint64 accessId, uint64 requestId, address requester)
func ThresholdAnswersAccessMismatchErrorID() common.Hash {
	return common.HexToHash("0xe395e1b28c57b6b8dee7eebdd806ec7f2dc140312206e9b282018e7dc3cba227")
}

// UnpackAccessMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessMismatch(uint64 accessId, uint64 requestId, address requester)
func (thresholdAnswers *ThresholdAnswers) UnpackAccessMismatchError(raw []byte) (*ThresholdAnswersAccessMismatch, error) {
	out := new(ThresholdAnswersAccessMismatch)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "AccessMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersAccessNotOpen represents a AccessNotOpen error raised by the ThresholdAnswers contract.
type ThresholdAnswersAccessNotOpen struct {
	AccessId uint64
	Status   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AccessNotOpen(uint64 accessId, uint8 status)
func ThresholdAnswersAccessNotOpenErrorID() common.Hash {
	return common.HexToHash("0x1e920c0c87ab49307f2a530aadb1391bb9466eb9f83a2c3f3235109228d8f551")
}

// UnpackAccessNotOpenError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AccessNotOpen(uint64 accessId, uint8 status)
func (thresholdAnswers *ThresholdAnswers) UnpackAccessNotOpenError(raw []byte) (*ThresholdAnswersAccessNotOpen, error) {
	out := new(ThresholdAnswersAccessNotOpen)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "AccessNotOpen", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersAlreadyCommitted represents a AlreadyCommitted error raised by the ThresholdAnswers contract.
type ThresholdAnswersAlreadyCommitted struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyCommitted(uint64 accessId, uint8 member)
func ThresholdAnswersAlreadyCommittedErrorID() common.Hash {
	return common.HexToHash("0xe3e0baa6879b9a46ce175c2bfa6c2d41f24de772aa04349b6ef28639470aad16")
}

// UnpackAlreadyCommittedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyCommitted(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackAlreadyCommittedError(raw []byte) (*ThresholdAnswersAlreadyCommitted, error) {
	out := new(ThresholdAnswersAlreadyCommitted)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "AlreadyCommitted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersAlreadyDeclined represents a AlreadyDeclined error raised by the ThresholdAnswers contract.
type ThresholdAnswersAlreadyDeclined struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyDeclined(uint64 accessId, uint8 member)
func ThresholdAnswersAlreadyDeclinedErrorID() common.Hash {
	return common.HexToHash("0xa40aac3c6cec6e51c9283002e6b342cf9f5c1ecdf8000efe7b6e0a5a87c57047")
}

// UnpackAlreadyDeclinedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyDeclined(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackAlreadyDeclinedError(raw []byte) (*ThresholdAnswersAlreadyDeclined, error) {
	out := new(ThresholdAnswersAlreadyDeclined)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "AlreadyDeclined", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersAlreadyFaulted represents a AlreadyFaulted error raised by the ThresholdAnswers contract.
type ThresholdAnswersAlreadyFaulted struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyFaulted(uint64 accessId, uint8 member)
func ThresholdAnswersAlreadyFaultedErrorID() common.Hash {
	return common.HexToHash("0xb88d0176f1bf0fdd4b9b349a45e67f0c2c7ae70a1c082820afb81d6b25dfb5ed")
}

// UnpackAlreadyFaultedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyFaulted(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackAlreadyFaultedError(raw []byte) (*ThresholdAnswersAlreadyFaulted, error) {
	out := new(ThresholdAnswersAlreadyFaulted)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "AlreadyFaulted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersAlreadyRevealed represents a AlreadyRevealed error raised by the ThresholdAnswers contract.
type ThresholdAnswersAlreadyRevealed struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error AlreadyRevealed(uint64 accessId, uint8 member)
func ThresholdAnswersAlreadyRevealedErrorID() common.Hash {
	return common.HexToHash("0x8a05f7065862f79197a77812ebf9d757c49e2d2f6eed7471fe449393c6821fac")
}

// UnpackAlreadyRevealedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error AlreadyRevealed(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackAlreadyRevealedError(raw []byte) (*ThresholdAnswersAlreadyRevealed, error) {
	out := new(ThresholdAnswersAlreadyRevealed)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "AlreadyRevealed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersEmptyBatch represents a EmptyBatch error raised by the ThresholdAnswers contract.
type ThresholdAnswersEmptyBatch struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyBatch()
func ThresholdAnswersEmptyBatchErrorID() common.Hash {
	return common.HexToHash("0xc2e5347df6cf8d1bf68f8a9651642312bd381b900d857d97cd665976180d6ae0")
}

// UnpackEmptyBatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyBatch()
func (thresholdAnswers *ThresholdAnswers) UnpackEmptyBatchError(raw []byte) (*ThresholdAnswersEmptyBatch, error) {
	out := new(ThresholdAnswersEmptyBatch)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "EmptyBatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersEmptyFragmentHash represents a EmptyFragmentHash error raised by the ThresholdAnswers contract.
type ThresholdAnswersEmptyFragmentHash struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyFragmentHash()
func ThresholdAnswersEmptyFragmentHashErrorID() common.Hash {
	return common.HexToHash("0xd63c48dd57b34965dae19803c00929f1678dceebb5f9d0d5d6e9efec602be217")
}

// UnpackEmptyFragmentHashError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyFragmentHash()
func (thresholdAnswers *ThresholdAnswers) UnpackEmptyFragmentHashError(raw []byte) (*ThresholdAnswersEmptyFragmentHash, error) {
	out := new(ThresholdAnswersEmptyFragmentHash)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "EmptyFragmentHash", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersFragmentMismatch represents a FragmentMismatch error raised by the ThresholdAnswers contract.
type ThresholdAnswersFragmentMismatch struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error FragmentMismatch(uint64 accessId, uint8 member)
func ThresholdAnswersFragmentMismatchErrorID() common.Hash {
	return common.HexToHash("0x2aa3255d0a7b5a627f132fb63bf2f495c6554ad552b60fcb65037f0cc54db995")
}

// UnpackFragmentMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error FragmentMismatch(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackFragmentMismatchError(raw []byte) (*ThresholdAnswersFragmentMismatch, error) {
	out := new(ThresholdAnswersFragmentMismatch)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "FragmentMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersFragmentValid represents a FragmentValid error raised by the ThresholdAnswers contract.
type ThresholdAnswersFragmentValid struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error FragmentValid(uint64 accessId, uint8 member)
func ThresholdAnswersFragmentValidErrorID() common.Hash {
	return common.HexToHash("0x8ba876120f90eca79d311f8cdb14709f5a761a3929ade1ba21c8d16328920968")
}

// UnpackFragmentValidError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error FragmentValid(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackFragmentValidError(raw []byte) (*ThresholdAnswersFragmentValid, error) {
	out := new(ThresholdAnswersFragmentValid)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "FragmentValid", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersInvalidLength represents a InvalidLength error raised by the ThresholdAnswers contract.
type ThresholdAnswersInvalidLength struct {
	Length   *big.Int
	Expected *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidLength(uint256 length, uint256 expected)
func ThresholdAnswersInvalidLengthErrorID() common.Hash {
	return common.HexToHash("0x5b7232fad83d46f425c7c4ca6b1e00f19d9a1fe230b94c1ffe72afd100b6a263")
}

// UnpackInvalidLengthError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidLength(uint256 length, uint256 expected)
func (thresholdAnswers *ThresholdAnswers) UnpackInvalidLengthError(raw []byte) (*ThresholdAnswersInvalidLength, error) {
	out := new(ThresholdAnswersInvalidLength)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "InvalidLength", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersInvalidReason represents a InvalidReason error raised by the ThresholdAnswers contract.
type ThresholdAnswersInvalidReason struct {
	Reason uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidReason(uint8 reason)
func ThresholdAnswersInvalidReasonErrorID() common.Hash {
	return common.HexToHash("0x8bb97331150d340e5b7adcde543bbf3091bd60b0b9334dadfb4a480e97d10161")
}

// UnpackInvalidReasonError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidReason(uint8 reason)
func (thresholdAnswers *ThresholdAnswers) UnpackInvalidReasonError(raw []byte) (*ThresholdAnswersInvalidReason, error) {
	out := new(ThresholdAnswersInvalidReason)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "InvalidReason", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersInvalidStatement represents a InvalidStatement error raised by the ThresholdAnswers contract.
type ThresholdAnswersInvalidStatement struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidStatement()
func ThresholdAnswersInvalidStatementErrorID() common.Hash {
	return common.HexToHash("0x485ea268d497830d7afde48fdc9ad5eba2d430ce6155d700618d86deb603082c")
}

// UnpackInvalidStatementError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidStatement()
func (thresholdAnswers *ThresholdAnswers) UnpackInvalidStatementError(raw []byte) (*ThresholdAnswersInvalidStatement, error) {
	out := new(ThresholdAnswersInvalidStatement)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "InvalidStatement", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersInvalidWitness represents a InvalidWitness error raised by the ThresholdAnswers contract.
type ThresholdAnswersInvalidWitness struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error InvalidWitness()
func ThresholdAnswersInvalidWitnessErrorID() common.Hash {
	return common.HexToHash("0x88f0150670dc8e5e485e07a9ddfa67e14089db76c4fbf9ce15e19ae2eddf056f")
}

// UnpackInvalidWitnessError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error InvalidWitness()
func (thresholdAnswers *ThresholdAnswers) UnpackInvalidWitnessError(raw []byte) (*ThresholdAnswersInvalidWitness, error) {
	out := new(ThresholdAnswersInvalidWitness)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "InvalidWitness", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersMalformedAnswer represents a MalformedAnswer error raised by the ThresholdAnswers contract.
type ThresholdAnswersMalformedAnswer struct {
	FragmentLength *big.Int
	ProofLength    *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error MalformedAnswer(uint256 fragmentLength, uint256 proofLength)
func ThresholdAnswersMalformedAnswerErrorID() common.Hash {
	return common.HexToHash("0x0cb72b6ad86362430938cb3e8c1e97d62453a679d300d719d6efa9c5162673df")
}

// UnpackMalformedAnswerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error MalformedAnswer(uint256 fragmentLength, uint256 proofLength)
func (thresholdAnswers *ThresholdAnswers) UnpackMalformedAnswerError(raw []byte) (*ThresholdAnswersMalformedAnswer, error) {
	out := new(ThresholdAnswersMalformedAnswer)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "MalformedAnswer", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersModexpFailed represents a ModexpFailed error raised by the ThresholdAnswers contract.
type ThresholdAnswersModexpFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ModexpFailed()
func ThresholdAnswersModexpFailedErrorID() common.Hash {
	return common.HexToHash("0x4a6a368b096b034eed134b3b96af853bab5c320786fe92b9da33f3ac545dfb29")
}

// UnpackModexpFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ModexpFailed()
func (thresholdAnswers *ThresholdAnswers) UnpackModexpFailedError(raw []byte) (*ThresholdAnswersModexpFailed, error) {
	out := new(ThresholdAnswersModexpFailed)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "ModexpFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersNotCommitted represents a NotCommitted error raised by the ThresholdAnswers contract.
type ThresholdAnswersNotCommitted struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotCommitted(uint64 accessId, uint8 member)
func ThresholdAnswersNotCommittedErrorID() common.Hash {
	return common.HexToHash("0x76f742f228218ffc1249c1c95ba97c1cb28de1041ba670655685b915ef17130f")
}

// UnpackNotCommittedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotCommitted(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackNotCommittedError(raw []byte) (*ThresholdAnswersNotCommitted, error) {
	out := new(ThresholdAnswersNotCommitted)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "NotCommitted", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersNotCommitteeMember represents a NotCommitteeMember error raised by the ThresholdAnswers contract.
type ThresholdAnswersNotCommitteeMember struct {
	CommitteeId uint64
	Member      uint8
	Account     common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotCommitteeMember(uint64 committeeId, uint8 member, address account)
func ThresholdAnswersNotCommitteeMemberErrorID() common.Hash {
	return common.HexToHash("0xd67026f0db4e66f22d66aa896bc512051d87c38a87c454e9bae88f9f9e51b6e3")
}

// UnpackNotCommitteeMemberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotCommitteeMember(uint64 committeeId, uint8 member, address account)
func (thresholdAnswers *ThresholdAnswers) UnpackNotCommitteeMemberError(raw []byte) (*ThresholdAnswersNotCommitteeMember, error) {
	out := new(ThresholdAnswersNotCommitteeMember)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "NotCommitteeMember", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersNotFulfilled represents a NotFulfilled error raised by the ThresholdAnswers contract.
type ThresholdAnswersNotFulfilled struct {
	AccessId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotFulfilled(uint64 accessId)
func ThresholdAnswersNotFulfilledErrorID() common.Hash {
	return common.HexToHash("0x13bc58eea75cab650f5d19c85abe387e3653061bbaf8eb57264fc97f093d219f")
}

// UnpackNotFulfilledError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotFulfilled(uint64 accessId)
func (thresholdAnswers *ThresholdAnswers) UnpackNotFulfilledError(raw []byte) (*ThresholdAnswersNotFulfilled, error) {
	out := new(ThresholdAnswersNotFulfilled)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "NotFulfilled", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersNotNamedMember represents a NotNamedMember error raised by the ThresholdAnswers contract.
type ThresholdAnswersNotNamedMember struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotNamedMember(uint64 accessId, uint8 member)
func ThresholdAnswersNotNamedMemberErrorID() common.Hash {
	return common.HexToHash("0xa074ac561ad3da7282d21a482aaf2ba9a004422b68bb27fe6745b7b4b4c9539f")
}

// UnpackNotNamedMemberError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotNamedMember(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackNotNamedMemberError(raw []byte) (*ThresholdAnswersNotNamedMember, error) {
	out := new(ThresholdAnswersNotNamedMember)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "NotNamedMember", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersNotRevealed represents a NotRevealed error raised by the ThresholdAnswers contract.
type ThresholdAnswersNotRevealed struct {
	AccessId uint64
	Member   uint8
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotRevealed(uint64 accessId, uint8 member)
func ThresholdAnswersNotRevealedErrorID() common.Hash {
	return common.HexToHash("0x5e4e08582ed407085c7436be0f2cedc722c885ee5352bf49705aa801d54cafa1")
}

// UnpackNotRevealedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotRevealed(uint64 accessId, uint8 member)
func (thresholdAnswers *ThresholdAnswers) UnpackNotRevealedError(raw []byte) (*ThresholdAnswersNotRevealed, error) {
	out := new(ThresholdAnswersNotRevealed)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "NotRevealed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersTooManyDeclines represents a TooManyDeclines error raised by the ThresholdAnswers contract.
type ThresholdAnswersTooManyDeclines struct {
	AccessId    uint64
	DeclineMask uint16
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error TooManyDeclines(uint64 accessId, uint16 declineMask)
func ThresholdAnswersTooManyDeclinesErrorID() common.Hash {
	return common.HexToHash("0x92d00ac2895ac68fd9fba78252d456c73504547697a0508b8de3faffbfddb922")
}

// UnpackTooManyDeclinesError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error TooManyDeclines(uint64 accessId, uint16 declineMask)
func (thresholdAnswers *ThresholdAnswers) UnpackTooManyDeclinesError(raw []byte) (*ThresholdAnswersTooManyDeclines, error) {
	out := new(ThresholdAnswersTooManyDeclines)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "TooManyDeclines", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersUnknownAccess represents a UnknownAccess error raised by the ThresholdAnswers contract.
type ThresholdAnswersUnknownAccess struct {
	AccessId uint64
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnknownAccess(uint64 accessId)
func ThresholdAnswersUnknownAccessErrorID() common.Hash {
	return common.HexToHash("0xf3605649d73781b2756b60cb20a0b78d7046dab72e3c54ba9b63cdcdb31cd2f9")
}

// UnpackUnknownAccessError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnknownAccess(uint64 accessId)
func (thresholdAnswers *ThresholdAnswers) UnpackUnknownAccessError(raw []byte) (*ThresholdAnswersUnknownAccess, error) {
	out := new(ThresholdAnswersUnknownAccess)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "UnknownAccess", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// ThresholdAnswersUnsupportedPoint represents a UnsupportedPoint error raised by the ThresholdAnswers contract.
type ThresholdAnswersUnsupportedPoint struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error UnsupportedPoint()
func ThresholdAnswersUnsupportedPointErrorID() common.Hash {
	return common.HexToHash("0x648bc18a0b2b61f418f629906420041b5b7112ad68e83a41757d91a497375f16")
}

// UnpackUnsupportedPointError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error UnsupportedPoint()
func (thresholdAnswers *ThresholdAnswers) UnpackUnsupportedPointError(raw []byte) (*ThresholdAnswersUnsupportedPoint, error) {
	out := new(ThresholdAnswersUnsupportedPoint)
	if err := thresholdAnswers.abi.UnpackIntoInterface(out, "UnsupportedPoint", raw); err != nil {
		return nil, err
	}
	return out, nil
}
