package client

import (
	"crypto/sha256"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/crypto/pre"
	"github.com/emrchain/emrchain/crypto/transport"
)

// EnrollmentFor is EnrollmentOf for a participant the registrar knows only by its address and
// public keys, as a participant who keeps its identity on its own machine hands them over.
// preKey and transportKey may be nil for roles that never receive re-encryptions or deliveries.
func EnrollmentFor(account common.Address, preKey *pre.PublicKey, transportKey *transport.PublicKey, role uint8, org, metadata string) Enrollment {
	en := Enrollment{Account: account, Role: role, Metadata: sha256.Sum256([]byte(metadata)), PRE: preKey, Transport: transportKey}
	if org != "" {
		en.Org = OrgID(org)
	}
	return en
}
