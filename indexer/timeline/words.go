package timeline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// Words is how an action reads to a patient, on the timeline page and wherever a timeline is
// shown to people rather than programs.
type Words struct {
	// Title is a short heading, such as "Record read".
	Title string
	// Sentence says what happened. {actor}, {counterpart} and {patient} stand for the people
	// involved, and {actor's}, {counterpart's} and {patient's} for their possessives; each
	// becomes "you" or "your" for the reader.
	Sentence string
}

// words is the one table of how each action reads. An action added to Actions gets its row here
// (TestEveryActionHasWords fails until it does); wording is plain language for a patient, with
// no contract or protocol terms.
var words = map[Action]Words{
	Enrolled:           {"Enrolled", "{actor} enrolled {patient} in the records network"},
	Suspended:          {"Suspended", "{actor} suspended {patient's} enrolment"},
	Reinstated:         {"Reinstated", "{actor} reinstated {patient's} enrolment"},
	Removed:            {"Removed", "{actor} removed {patient} from the records network"},
	KeysRotated:        {"Keys replaced", "{actor} replaced {actor's} keys"},
	RecordCreated:      {"Record added", "{actor} added a record to {patient's} file"},
	RecordUpdated:      {"Record updated", "{actor} updated a record in {patient's} file"},
	RecordDeleted:      {"Record deleted", "{actor} deleted a record from {patient's} file"},
	PolicyChanged:      {"Access rule changed", "{actor} changed who may read a record in {patient's} file"},
	RequesterAdded:     {"Search allowed", "{actor} allowed {counterpart} to search {patient's} records"},
	RequesterRemoved:   {"Search stopped", "{actor} stopped {counterpart} from searching {patient's} records"},
	IndexEntriesAdded:  {"Search terms added", "{actor} added search terms for {patient's} records"},
	SearchKeyPublished: {"Search key shared", "{actor} shared a search key for {patient's} records"},
	SearchPerformed:    {"Records searched", "{actor} searched {patient's} records"},
	AccessRequested:    {"Access requested", "{actor} asked to read a record in {patient's} file"},
	AccessGranted:      {"Access granted", "{actor} allowed {counterpart} to read a record in {patient's} file"},
	AccessRevoked:      {"Access withdrawn", "{actor} withdrew {counterpart's} access to a record in {patient's} file"},
	AccessExpired:      {"Access ended", "{counterpart's} access to a record in {patient's} file ended"},
	AccessInvoked:      {"Record opened", "{actor} used a granted access to open a record in {patient's} file"},
	AccessFulfilled:    {"Record read", "{counterpart} received the key to read a record in {patient's} file, from {actor}"},
	AccessRejected:     {"Reading refused", "{actor} refused {counterpart} the key to a record in {patient's} file"},
	KeyRequested:       {"Key requested", "{actor} asked for a decryption key for {patient's} records"},
	KeyIssued:          {"Key issued", "{actor} issued {counterpart} a decryption key for {patient's} records"},
	KeyRejected:        {"Key refused", "{actor} refused {counterpart} a decryption key for {patient's} records"},
}

// Words returns how the action reads; an action without a row reads as its name.
func (a Action) Words() Words {
	if w, ok := words[a]; ok {
		return w
	}
	return Words{Title: string(a), Sentence: "{actor}: " + string(a)}
}

// reasonWords says why the oracle refused, for each code of Reasons.sol.
var reasonWords = map[Reason]string{
	1:  "the key it was given did not match the grant",
	2:  "the key it was given was malformed",
	3:  "the record's stored key was malformed",
	4:  "a stored part of the record was missing",
	5:  "the requester is not enrolled",
	6:  "the requester is suspended",
	7:  "the requester's attributes are unknown",
	8:  "the requester's attributes changed",
	9:  "the access was not in force (withdrawn, expired or not yet started)",
	10: "the requester has no key to receive it with",
}

// Words says why the oracle refused, in plain language; "" for no reason.
func (r Reason) Words() string {
	if r == 0 {
		return ""
	}
	if w, ok := reasonWords[r]; ok {
		return w
	}
	return "reason " + r.String()
}

// purposeWords are the purposes clients hash (keccak256 of the word) into access requests.
var purposeWords = map[common.Hash]string{}

// KnownPurposes lists the purpose words a timeline names; any other purpose shows as its hash.
var KnownPurposes = []string{"treatment", "emergency", "payment", "operations", "research", "public-health", "patient-request"}

func init() {
	for _, w := range KnownPurposes {
		purposeWords[crypto.Keccak256Hash([]byte(w))] = w
	}
}

// PurposeWord is the word whose hash h is, or "" when it is none of KnownPurposes.
func PurposeWord(h common.Hash) string { return purposeWords[h] }

// Describe renders the entry's sentence. name says how to call an address (a name and an
// organisation, or a shortened address); reader is who is reading, who becomes "you".
func (e *Entry) Describe(name func(common.Address) string, reader common.Address) string {
	people := map[string]common.Address{"actor": e.Actor, "counterpart": e.Counterpart, "patient": e.Patient}
	var b strings.Builder
	s := e.Action.Words().Sentence
	nameFirst := false // a name opens the sentence: left as written, never capitalised
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s, '}')
		if i < 0 || j < i {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		key := s[i+1 : j]
		s = s[j+1:]
		role, possessive := strings.CutSuffix(key, "'s")
		who, ok := people[role]
		switch {
		case !ok:
			b.WriteString("{" + key + "}")
		case who == (common.Address{}):
			if possessive {
				b.WriteString("someone's")
			} else {
				b.WriteString("someone")
			}
		case who == reader && possessive:
			b.WriteString("your")
		case who == reader:
			b.WriteString("you")
		case possessive:
			nameFirst = nameFirst || b.Len() == 0
			b.WriteString(name(who) + "'s")
		default:
			nameFirst = nameFirst || b.Len() == 0
			b.WriteString(name(who))
		}
	}
	out := b.String()
	if nameFirst {
		return out
	}
	r, size := utf8.DecodeRuneInString(out)
	return string(unicode.ToUpper(r)) + out[size:]
}
