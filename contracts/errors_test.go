package contracts

import (
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/bindings"
)

// TestSharedErrorNamedByTheCalledContract: AccessLedger, KeywordIndex and KeyIssuer all declare
// RequesterNotActive(address), so its revert data alone cannot say who raised it. A revert of
// AccessLedger.getAccess must be named after AccessLedger, and one of KeyIssuer.requestKey
// after KeyIssuer.
func TestSharedErrorNamedByTheCalledContract(t *testing.T) {
	who := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	accessABI := bindings.NewAccessLedger().GetABI()
	e, ok := accessABI.Errors["RequesterNotActive"]
	if !ok {
		t.Skip("AccessLedger no longer declares RequesterNotActive")
	}
	args, err := e.Inputs.Pack(who)
	if err != nil {
		t.Fatal(err)
	}
	data := append(append([]byte{}, e.ID[:4]...), args...)

	cases := []struct {
		contract string
		calldata []byte
	}{
		{"AccessLedger", bindings.NewAccessLedger().PackGetAccess(1, bindings.IAccessLedgerGrant{})},
		{"KeyIssuer", bindings.NewKeyIssuer().PackRequestKey(1)},
	}
	for _, c := range cases {
		var declares bool
		for _, n := range allABIs {
			if n.name == c.contract {
				_, declares = n.abi.Errors["RequesterNotActive"]
			}
		}
		if !declares {
			t.Fatalf("%s does not declare RequesterNotActive: the test needs a shared error", c.contract)
		}
		re := DecodeRevertDataFor(data, c.calldata)
		if re == nil || re.Contract != c.contract || re.Name != "RequesterNotActive" || re.Args["requester"] != who {
			t.Errorf("revert of a %s call decoded as %v, want %s.RequesterNotActive(requester=%s)", c.contract, re, c.contract, who)
		}
		var wrapped error = rpcDataError{data: "0x" + common.Bytes2Hex(data)}
		var got *RevertError
		if !errors.As(DecodeCallError(wrapped, c.calldata), &got) || got.Contract != c.contract {
			t.Errorf("DecodeCallError for a %s call: %v", c.contract, got)
		}
	}
	// Without calldata (or with calldata of no known function) the first declaring contract
	// still decodes it, so the name and arguments are never lost.
	if re := DecodeRevertDataFor(data, nil); re == nil || re.Name != "RequesterNotActive" {
		t.Fatalf("no calldata: %v", re)
	}
}

type rpcDataError struct{ data string }

func (e rpcDataError) Error() string  { return "execution reverted" }
func (e rpcDataError) ErrorData() any { return e.data }
