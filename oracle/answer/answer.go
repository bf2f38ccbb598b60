// Package answer is what the oracle says on chain about one request: a fulfilment, which
// points at an IPFS object by SHA-256 and CID, or a rejection with a reason code from
// solidity/src/libraries/Reasons.sol. Handlers return an Answer for every outcome that is the
// request's fault and an error only for faults of the oracle's surroundings (RPC, IPFS, gas),
// which are retried until they clear: nothing is dropped and nothing is answered with silence.
package answer

import (
	"errors"
	"fmt"
)

// Reason is a rejection code. The values are part of the contracts' ABI.
type Reason uint8

// Reasons, as in solidity/src/libraries/Reasons.sol.
const (
	RekeyMismatch        Reason = 1
	MalformedRekey       Reason = 2
	MalformedCapsule     Reason = 3
	MissingObject        Reason = 4
	RequesterNotEnrolled Reason = 5
	RequesterSuspended   Reason = 6
	UnknownAttributes    Reason = 7
	AttributesChanged    Reason = 8
	GrantNotLive         Reason = 9
	NoTransportKey       Reason = 10
	// MaxReason is the highest code the contracts accept.
	MaxReason = NoTransportKey
)

var reasonNames = [...]string{
	RekeyMismatch:        "REKEY_MISMATCH",
	MalformedRekey:       "MALFORMED_REKEY",
	MalformedCapsule:     "MALFORMED_CAPSULE",
	MissingObject:        "MISSING_OBJECT",
	RequesterNotEnrolled: "REQUESTER_NOT_ENROLLED",
	RequesterSuspended:   "REQUESTER_SUSPENDED",
	UnknownAttributes:    "UNKNOWN_ATTRIBUTES",
	AttributesChanged:    "ATTRIBUTES_CHANGED",
	GrantNotLive:         "GRANT_NOT_LIVE",
	NoTransportKey:       "NO_TRANSPORT_KEY",
}

// String returns the Solidity constant's name.
func (r Reason) String() string {
	if r >= 1 && r <= MaxReason {
		return reasonNames[r]
	}
	return fmt.Sprintf("Reason(%d)", uint8(r))
}

// Answer is one request's answer. A zero Reason means a fulfilment.
type Answer struct {
	Reason Reason
	Hash   [32]byte // SHA-256 of the object at Ref
	Ref    []byte   // binary CIDv1 of the object
	// Why explains a rejection for the logs; it never goes on chain.
	Why string
}

// Fulfil answers with the object whose SHA-256 is hash, stored at the binary CID ref.
func Fulfil(hash [32]byte, ref []byte) Answer { return Answer{Hash: hash, Ref: ref} }

// Reject answers with reason; why is logged, never sent.
func Reject(reason Reason, why string) Answer { return Answer{Reason: reason, Why: why} }

// Rejected reports whether a is a rejection.
func (a Answer) Rejected() bool { return a.Reason != 0 }

var (
	// ErrAnswered means the request has been answered on chain already (by this oracle before
	// a restart, or by another): there is nothing to send.
	ErrAnswered = errors.New("already answered on chain")
	// ErrStale means the chain does not show the request the event announced: the event was
	// reorged out, or the node is behind. The job waits for the log follower to settle it.
	ErrStale = errors.New("request not on the canonical chain")
	// ErrMissingObject means an object the request refers to is not on IPFS. It is retried a
	// bounded number of times, then answered with MissingObject.
	ErrMissingObject = errors.New("object missing from IPFS")
)
