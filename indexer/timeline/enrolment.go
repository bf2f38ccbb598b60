package timeline

import (
	"fmt"

	"github.com/ethereum/go-ethereum/core/types"

	"github.com/emrchain/emrchain/bindings"
)

// Enrolment is what a participant's enrolment says about them beyond their role: the opaque
// organisation id and the hash of the registrar's record, which a directory can turn into names.
type Enrolment struct {
	Role         Role
	Org          [32]byte
	MetadataHash [32]byte
}

var registry = bindings.NewRegistry()

// DecodeEnrolment reads a ParticipantEnrolled log.
func DecodeEnrolment(l *types.Log) (Enrolment, error) {
	if len(l.Topics) == 0 || l.Topics[0] != enrolledID {
		return Enrolment{}, fmt.Errorf("not an enrolment log")
	}
	v, err := registry.UnpackParticipantEnrolledEvent(l)
	if err != nil {
		return Enrolment{}, fmt.Errorf("enrolment log: %w", err)
	}
	return Enrolment{Role: Role(v.Role), Org: v.Org, MetadataHash: v.MetadataHash}, nil
}
