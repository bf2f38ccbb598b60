package timeline

import (
	"encoding/hex"
	"unicode"

	"github.com/ethereum/go-ethereum/accounts/abi"

	"github.com/emrchain/emrchain/bindings"
)

// errorNames maps the 4-byte selector of every custom error the contracts declare to its name:
// a gate rejects an access with the selector of the error its liveness check gave.
var errorNames = map[[4]byte]string{}

func initErrors() {
	for _, a := range []abi.ABI{
		bindings.NewAccessLedger().GetABI(), bindings.NewAttributeReads().GetABI(), bindings.NewKeywordIndex().GetABI(),
		bindings.NewRecordRegistry().GetABI(), bindings.NewRegistry().GetABI(), bindings.NewProxyNetwork().GetABI(),
		bindings.NewAttributeRegistry().GetABI(), bindings.NewKeyIssuer().GetABI(),
		bindings.NewCareReads().GetABI(), bindings.NewEmergencyAccess().GetABI(), bindings.NewGuardians().GetABI(),
		bindings.NewConsents().GetABI(), bindings.NewRecovery().GetABI(),
	} {
		for name, e := range a.Errors {
			var sel [4]byte
			copy(sel[:], e.ID[:4])
			errorNames[sel] = name
		}
	}
}

// ErrorName is the name of the contracts' custom error with this selector, or the selector in
// hex when no contract declares it; "" for none.
func ErrorName(sel [4]byte) string {
	if sel == ([4]byte{}) {
		return ""
	}
	if n, ok := errorNames[sel]; ok {
		return n
	}
	return "0x" + hex.EncodeToString(sel[:])
}

// Ref shows an IPFS reference as the text it is (a CID), or in hex when it is not printable.
func Ref(b []byte) string {
	for _, r := range string(b) {
		if r > unicode.MaxASCII || !unicode.IsPrint(r) {
			return "0x" + hex.EncodeToString(b)
		}
	}
	return string(b)
}
