package contracts

import "fmt"

// Rejection reason codes, as solidity/src/libraries/Reasons.sol defines them.
const (
	ReasonRekeyMismatch        uint8 = 1
	ReasonMalformedRekey       uint8 = 2
	ReasonMalformedCapsule     uint8 = 3
	ReasonMissingObject        uint8 = 4
	ReasonRequesterNotEnrolled uint8 = 5
	ReasonRequesterSuspended   uint8 = 6
	ReasonUnknownAttributes    uint8 = 7
	ReasonAttributesChanged    uint8 = 8
	ReasonGrantNotLive         uint8 = 9
	ReasonNoTransportKey       uint8 = 10
)

var reasonNames = map[uint8]string{
	ReasonRekeyMismatch:        "rekey-mismatch",
	ReasonMalformedRekey:       "malformed-rekey",
	ReasonMalformedCapsule:     "malformed-capsule",
	ReasonMissingObject:        "missing-object",
	ReasonRequesterNotEnrolled: "requester-not-enrolled",
	ReasonRequesterSuspended:   "requester-suspended",
	ReasonUnknownAttributes:    "unknown-attributes",
	ReasonAttributesChanged:    "attributes-changed",
	ReasonGrantNotLive:         "grant-not-live",
	ReasonNoTransportKey:       "no-transport-key",
}

// ReasonName is the stable kebab-case name of a reason code, used in logs, timelines and JSON.
func ReasonName(code uint8) string {
	if n, ok := reasonNames[code]; ok {
		return n
	}
	return fmt.Sprintf("reason-%d", code)
}
