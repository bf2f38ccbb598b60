package contracts

import (
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Purposes are the purpose-of-use words an access request may state, the HL7 v3 ActReason
// purposes of use a health-information exchange recognises. A request carries keccak256 of the
// word; clients, timelines and FHIR exports name it back from this list, so a purpose outside it
// would be shown to the patient as a bare hash, and clients refuse it.
var Purposes = []string{"treatment", "emergency", "payment", "operations", "research", "public-health", "patient-request"}

var purposeWords = map[common.Hash]string{}

func init() {
	for _, w := range Purposes {
		purposeWords[PurposeCode(w)] = w
	}
}

// PurposeCode is the on-chain code of a purpose word: keccak256 of the word.
func PurposeCode(word string) common.Hash { return crypto.Keccak256Hash([]byte(word)) }

// PurposeWord names a purpose code, "" when it is none of Purposes.
func PurposeWord(code common.Hash) string { return purposeWords[code] }
