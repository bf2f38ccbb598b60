// Package answer is what the oracle says on chain about one request: a fulfilment, or a
// rejection (for a committee gate, a decline) with a reason code from
// solidity/src/libraries/Reasons.sol. A key issuance's fulfilment points at an IPFS object by
// SHA-256 and CID; a committee member's commit carries the fragment's hash and keeps the
// fragment and its proof for the reveal (Commit); a reveal carries them (Reveal); a fault
// report carries the faulty reveal with the witness and statement the contract checks (Fault). Handlers return an Answer for every outcome that is the
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
	// Member is the committee index a committee answer is sent as. It goes into the
	// transaction only; the state does not keep it.
	Member uint8
}

// Fulfil answers with the object whose SHA-256 is hash, stored at the binary CID ref.
func Fulfil(hash [32]byte, ref []byte) Answer { return Answer{Hash: hash, Ref: ref} }

// Reject answers with reason; why is logged, never sent.
func Reject(reason Reason, why string) Answer { return Answer{Reason: reason, Why: why} }

// Commit is a committee member's commit: hash is keccak256 of the compressed fragment (or share),
// and Ref keeps the fragment (33 bytes) and its proof (64) for the reveal. It is the member's
// own answer, kept in the oracle's state until it is revealed.
func Commit(hash [32]byte, fragment, proof []byte) Answer {
	return Answer{Hash: hash, Ref: append(append([]byte{}, fragment...), proof...)}
}

// Reveal reveals a committed fragment and its proof.
func Reveal(fragment, proof []byte) Answer {
	return Answer{Ref: append(append([]byte{}, fragment...), proof...)}
}

// Fault reports a member's revealed fragment and proof as wrong, with the DLEQ witness U ‖ V
// (128 bytes) and the gate's statement.
func Fault(fragment, proof, witness, statement []byte) Answer {
	ref := append(append([]byte{}, fragment...), proof...)
	ref = append(append(ref, witness...), statement...)
	return Answer{Ref: ref}
}

// Sizes of a committee answer's parts.
const (
	FragmentSize = 33
	ProofSize    = 64
	WitnessSize  = 128
)

// Fragment splits a commit's, reveal's or fault's Ref into the fragment and its proof; false if
// it holds none.
func (a Answer) Fragment() (fragment, proof []byte, ok bool) {
	if len(a.Ref) < FragmentSize+ProofSize {
		return nil, nil, false
	}
	return a.Ref[:FragmentSize], a.Ref[FragmentSize : FragmentSize+ProofSize], true
}

// FaultParts splits a fault report's Ref into its witness and statement.
func (a Answer) FaultParts() (witness, statement []byte, ok bool) {
	if len(a.Ref) < FragmentSize+ProofSize+WitnessSize {
		return nil, nil, false
	}
	rest := a.Ref[FragmentSize+ProofSize:]
	return rest[:WitnessSize], rest[WitnessSize:], true
}

// Rejected reports whether a is a rejection.
func (a Answer) Rejected() bool { return a.Reason != 0 }

var (
	// ErrAnswered means the request has been answered on chain already (by this oracle before
	// a restart, or by another): there is nothing to send.
	ErrAnswered = errors.New("already answered on chain")
	// ErrStale means the chain does not show the request the event announced: the event was
	// reorged out, or the node is behind. The job waits for the log follower to settle it.
	ErrStale = errors.New("request not on the canonical chain")
	// ErrNotNamed means this node is not named to answer the request (not a member of its
	// committee, or not in its member mask), or has nothing to check: nothing is sent.
	ErrNotNamed = errors.New("not named to answer")
	// ErrNotYet means the answer must wait for something on chain (its own commit to be final,
	// the access to be fulfilled): it is looked at again shortly.
	ErrNotYet = errors.New("not yet")
	// ErrMissingObject means an object the request refers to is not on IPFS. It is retried a
	// bounded number of times, then answered with MissingObject.
	ErrMissingObject = errors.New("object missing from IPFS")
)
