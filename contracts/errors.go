package contracts

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/emrchain/emrchain/bindings"
)

// ErrReverted is wrapped by every error for a transaction or call the chain refused.
var ErrReverted = errors.New("reverted")

// RevertError is a custom error raised by one of the contracts, decoded from revert data.
type RevertError struct {
	Contract string         // "AccessLedger"
	Name     string         // "GrantRevoked"
	Args     map[string]any // decoded arguments by name
	order    []string
}

func (e *RevertError) Error() string {
	parts := make([]string, 0, len(e.order))
	for _, k := range e.order {
		parts = append(parts, fmt.Sprintf("%s=%v", k, JSONValue(e.Args[k])))
	}
	return fmt.Sprintf("%s.%s(%s)", e.Contract, e.Name, strings.Join(parts, ", "))
}

// Unwrap lets callers test for ErrReverted.
func (e *RevertError) Unwrap() error { return ErrReverted }

// Is matches another RevertError by contract-independent error name, so callers can write
// errors.Is(err, contracts.Revert("GrantRevoked")).
func (e *RevertError) Is(target error) bool {
	t, ok := target.(*RevertError)
	return ok && t.Name == e.Name && (t.Contract == "" || t.Contract == e.Contract)
}

// Revert returns a RevertError that matches any revert with that error name, for errors.Is.
func Revert(name string) error { return &RevertError{Name: name} }

type namedABI struct {
	name string
	abi  abi.ABI
}

var allABIs = []namedABI{
	{"Registry", bindings.NewRegistry().GetABI()},
	{"RecordRegistry", bindings.NewRecordRegistry().GetABI()},
	{"KeywordIndex", bindings.NewKeywordIndex().GetABI()},
	{"AccessLedger", bindings.NewAccessLedger().GetABI()},
	{"AttributeRegistry", bindings.NewAttributeRegistry().GetABI()},
	{"KeyIssuer", bindings.NewKeyIssuer().GetABI()},
	{"ProxyNetwork", bindings.NewProxyNetwork().GetABI()},
	{"AttributeReads", bindings.NewAttributeReads().GetABI()},
	{"EmergencyAccess", bindings.NewEmergencyAccess().GetABI()},
	{"Guardians", bindings.NewGuardians().GetABI()},
	{"Consents", bindings.NewConsents().GetABI()},
	{"CareReads", bindings.NewCareReads().GetABI()},
	{"Recovery", bindings.NewRecovery().GetABI()},
	// The answer round every committee gate inherits; its events and errors are the same in each.
	{"ThresholdAnswers", bindings.NewThresholdAnswers().GetABI()},
}

// DecodeRevertData decodes raw revert data into a RevertError, or returns nil if no contract
// declares the selector. Several contracts declare some errors alike (RequesterNotActive), and
// revert data does not say which raised it: DecodeRevertDataFor names the called contract.
func DecodeRevertData(data []byte) *RevertError { return DecodeRevertDataFor(data, nil) }

// DecodeRevertDataFor decodes revert data of a call or transaction with the given calldata: a
// contract with a function of the calldata's selector is preferred to name the error, then the
// others in deployment order.
func DecodeRevertDataFor(data, calldata []byte) *RevertError {
	if len(data) < 4 {
		return nil
	}
	for _, c := range byCallee(calldata) {
		for _, e := range c.abi.Errors {
			if string(e.ID[:4]) != string(data[:4]) {
				continue
			}
			values, err := e.Inputs.Unpack(data[4:])
			if err != nil {
				return nil
			}
			re := &RevertError{Contract: c.name, Name: e.Name, Args: make(map[string]any, len(values))}
			for i, in := range e.Inputs {
				re.Args[in.Name] = values[i]
				re.order = append(re.order, in.Name)
			}
			return re
		}
	}
	return nil
}

// byCallee orders the contracts so that those with a function of calldata's selector come first.
func byCallee(calldata []byte) []namedABI {
	if len(calldata) < 4 {
		return allABIs
	}
	first, rest := make([]namedABI, 0, 1), make([]namedABI, 0, len(allABIs))
	for _, c := range allABIs {
		if _, err := c.abi.MethodById(calldata[:4]); err == nil {
			first = append(first, c)
		} else {
			rest = append(rest, c)
		}
	}
	return append(first, rest...)
}

// dataError is implemented by go-ethereum's JSON-RPC errors that carry revert data.
type dataError interface {
	ErrorData() any
}

// DecodeError turns an error from a call, gas estimate or send into a *RevertError when it
// carries revert data of one of our contracts; other errors are returned unchanged. Where the
// calldata is at hand, DecodeCallError names the right contract for errors several declare.
func DecodeError(err error) error { return DecodeCallError(err, nil) }

// DecodeCallError is DecodeError for an error of a call or transaction with the given calldata.
func DecodeCallError(err error, calldata []byte) error {
	if err == nil {
		return nil
	}
	var de dataError
	if !errors.As(err, &de) {
		return err
	}
	var raw []byte
	switch d := de.ErrorData().(type) {
	case string:
		b, decErr := hexutil.Decode(d)
		if decErr != nil {
			return err
		}
		raw = b
	case []byte:
		raw = d
	default:
		return err
	}
	if re := DecodeRevertDataFor(raw, calldata); re != nil {
		return re
	}
	return err
}

// ErrorName names a custom error by its selector, as a gate's rejection reason carries it
// (AccessRejected, ReadRejected, TokenRejected): "GrantRevoked", preferring contract's own
// errors, or the selector in hex when no contract declares it.
func ErrorName(selector [4]byte, contract string) string {
	name := ""
	for _, c := range allABIs {
		for _, e := range c.abi.Errors {
			if [4]byte(e.ID[:4]) != selector {
				continue
			}
			if c.name == contract {
				return e.Name
			}
			if name == "" {
				name = e.Name
			}
		}
	}
	if name == "" {
		return hexutil.Encode(selector[:])
	}
	return name
}
