package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
	"github.com/emrchain/emrchain/contracts"
)

// contractABIs finds a contract's custom errors, for printing their arguments in order.
var contractABIs = map[string]abi.ABI{
	"Registry":          bindings.NewRegistry().GetABI(),
	"RecordRegistry":    bindings.NewRecordRegistry().GetABI(),
	"KeywordIndex":      bindings.NewKeywordIndex().GetABI(),
	"AccessLedger":      bindings.NewAccessLedger().GetABI(),
	"AttributeRegistry": bindings.NewAttributeRegistry().GetABI(),
	"KeyIssuer":         bindings.NewKeyIssuer().GetABI(),
}

// readableReverts rewrites the decoded contract error inside msg so that ids and hashes print as
// hex (contracts.RevertError prints a bytes32 as a list of numbers).
func readableReverts(err error, msg string) string {
	var re *contracts.RevertError
	if !errors.As(err, &re) {
		return msg
	}
	return strings.Replace(msg, re.Error(), revertText(re), 1)
}

func revertText(re *contracts.RevertError) string {
	a, ok := contractABIs[re.Contract]
	if !ok {
		return re.Error()
	}
	e, ok := a.Errors[re.Name]
	if !ok {
		return re.Error()
	}
	parts := make([]string, 0, len(e.Inputs))
	for _, in := range e.Inputs {
		parts = append(parts, in.Name+"="+argText(re.Args[in.Name]))
	}
	return fmt.Sprintf("%s.%s(%s)", re.Contract, re.Name, strings.Join(parts, ", "))
}

func argText(v any) string {
	switch v := v.(type) {
	case [32]byte:
		return common.Hash(v).Hex()
	case [4]byte:
		return fmt.Sprintf("0x%x", v[:])
	case []byte:
		return fmt.Sprintf("0x%x", v)
	case common.Address:
		return v.Hex()
	default:
		return fmt.Sprint(v)
	}
}
