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
	// becomes "you" or "your" for the reader; {nodes} stands for the committee nodes the entry
	// names.
	Sentence string
}

// words is the one table of how each action reads. An action added to Actions gets its row here
// (TestEveryActionHasWords fails until it does); wording is plain language for a patient, with
// no contract or protocol terms.
var words = map[Action]Words{
	Enrolled:            {"Enrolled", "{actor} enrolled {patient} in the records network"},
	Suspended:           {"Suspended", "{actor} suspended {patient's} enrolment"},
	Reinstated:          {"Reinstated", "{actor} reinstated {patient's} enrolment"},
	Removed:             {"Removed", "{actor} removed {patient} from the records network"},
	KeysRotated:         {"Keys replaced", "{actor} replaced {actor's} keys"},
	RecordCreated:       {"Record added", "{actor} added a record to {patient's} file"},
	RecordUpdated:       {"Record updated", "{actor} updated a record in {patient's} file"},
	RecordDeleted:       {"Record deleted", "{actor} deleted a record from {patient's} file"},
	KeyRewrapped:        {"Record key replaced", "{actor} locked a record in {patient's} file with a new key; access given for the old key ends"},
	PolicyChanged:       {"Access rule changed", "{actor} changed who may read a record in {patient's} file"},
	RequesterAdded:      {"Search allowed", "{actor} allowed {counterpart} to search {patient's} records"},
	RequesterRemoved:    {"Search stopped", "{actor} stopped {counterpart} from searching {patient's} records"},
	IndexEntriesAdded:   {"Search terms added", "{actor} added search terms for {patient's} records"},
	IndexEntriesRemoved: {"Search terms removed", "{actor} removed search terms from {patient's} records"},
	IndexKeyRegistered:  {"Search key shared out", "{actor} gave parts of a new search key for {patient's} records to {nodes}"},
	SearchPerformed:     {"Records searched", "{actor} searched {patient's} records"},
	TokenRequested:      {"Search requested", "{actor} asked the network for a search in {patient's} records"},
	TokenAnswered:       {"Search answered", "{counterpart} received what it needs to search {patient's} records, from {nodes}"},
	TokenRejected:       {"Search refused", "{counterpart} was refused a search in {patient's} records"},
	TokenFaulted:        {"Wrong answer caught", "{actor} gave a wrong answer to a search in {patient's} records; it was caught and recorded"},
	AccessRequested:     {"Access requested", "{actor} asked to read a record in {patient's} file"},
	AccessGranted:       {"Access granted", "{actor} allowed {counterpart} to read a record in {patient's} file, through {nodes}"},
	AccessRevoked:       {"Access withdrawn", "{actor} withdrew {counterpart's} access to a record in {patient's} file"},
	AccessExpired:       {"Access ended", "{counterpart's} access to a record in {patient's} file ended"},
	AccessInvoked:       {"Record opened", "{actor} used a granted access to open a record in {patient's} file"},
	AccessFulfilled:     {"Record read", "{counterpart} received the key to read a record in {patient's} file, from {nodes}"},
	AccessRejected:      {"Reading refused", "{counterpart} was refused the key to a record in {patient's} file"},
	AccessFaulted:       {"Wrong answer caught", "{actor} gave a wrong part of the key to a record in {patient's} file; it was caught and recorded"},
	ReadRequested:       {"Read by role requested", "{actor} asked to read a record in {patient's} file through the attributes it holds"},
	ReadAnswered:        {"Record read by role", "{counterpart} received the key to read a record in {patient's} file through its attributes, from {nodes}"},
	ReadRejected:        {"Read by role refused", "{counterpart} was refused the key to a record in {patient's} file"},
	ReadFaulted:         {"Wrong answer caught", "{actor} gave a wrong part of the key to a record in {patient's} file; it was caught and recorded"},
	AnswerCommitted:     {"Node answered", "{actor} answered {counterpart's} request about {patient's} file"},
	AnswerRevealed:      {"Key part released", "{actor} released its part of the key to {counterpart}"},
	AnswerDeclined:      {"Node declined", "{actor} declined to answer {counterpart's} request about {patient's} file"},
	KeyRequested:        {"Key requested", "{actor} asked for a decryption key for the attributes {actor} holds"},
	KeyIssued:           {"Key issued", "{actor} issued {patient} a decryption key"},
	KeyRejected:         {"Key refused", "{actor} refused {patient} a decryption key"},
	CommitteeCreated:    {"Committee formed", "{actor} formed a committee of nodes: {nodes}"},
	CommitteeRetired:    {"Committee retired", "{actor} retired a committee of nodes"},
	DkgKeyRegistered:    {"Committee key step", "{actor} registered its key for making the committee's shared key"},
	DealPublished:       {"Committee key step", "{actor} dealt its shares of the committee's shared key"},
	ComplaintFiled:      {"Committee key complaint", "{actor} complained that another member dealt it a wrong share"},
	TranscriptConfirmed: {"Committee key step", "{actor} confirmed the committee's shared key"},

	RecordErased:            {"Record erased", "{actor} erased a record from {patient's} file: only the fact that it existed stays"},
	VersionCosigned:         {"Record approved by a guardian", "{actor} approved a new version of a record in {patient's} file as {patient's} guardian"},
	EmergencyStaffSet:       {"Emergency staff", "{actor} changed whether {patient} may open records in an emergency"},
	EmergencySettingChanged: {"Emergency access setting", "{actor} changed who may open {patient's} records in an emergency"},
	EmergencyAccessOpened:   {"EMERGENCY ACCESS", "{actor} opened {patient's} records in an emergency, without {patient's} permission"},
	EmergencyAccessClosed:   {"Emergency access ended", "{actor} ended {counterpart's} emergency access to {patient's} records"},
	CapsuleReadRequested:    {"Read requested", "{actor} asked to read a record in {patient's} file"},
	CapsuleReadAnswered:     {"Record read", "{counterpart} received the key to read a record in {patient's} file, from {nodes}"},
	CapsuleReadRejected:     {"Reading refused", "{counterpart} was refused the key to a record in {patient's} file"},
	CapsuleReadFaulted:      {"Wrong answer caught", "{actor} gave a wrong part of the key to a record in {patient's} file; it was caught and recorded"},
	GuardianSet:             {"Guardian named", "{actor} named {counterpart} a guardian of {patient's} records"},
	GuardianRemoved:         {"Guardian removed", "{actor} removed {counterpart} as a guardian of {patient's} records"},
	GuardianThresholdSet:    {"Guardians' rule changed", "{actor} changed how many guardians must agree to act for {patient}"},
	GuardianActionProposed:  {"Guardian proposal", "{actor} proposed that {patient's} guardians act for {patient}"},
	GuardianActionApproved:  {"Guardian approval", "{actor} approved a proposal to act for {patient}"},
	GuardianActionExecuted:  {"Guardians acted", "Enough of {patient's} guardians agreed, and they acted for {patient}"},
	GuardianActionCancelled: {"Guardian proposal withdrawn", "{actor} withdrew a proposal to act for {patient}"},
	GuardianGrantMade:       {"Access granted by guardians", "{patient's} guardians allowed {counterpart} to read a record in {patient's} file"},
	GuardianGrantRevoked:    {"Guardians' access withdrawn", "{actor} withdrew {counterpart's} access given by {patient's} guardians"},
	ErasureApproved:         {"Erasure approved", "{patient's} guardians approved erasing a record from {patient's} file on a court order"},
	ConsentGiven:            {"Standing consent given", "{actor} allowed an organisation to read a kind of record in {patient's} file, including later ones"},
	ConsentRevoked:          {"Standing consent withdrawn", "{actor} withdrew a standing consent to read {patient's} records"},
	RecoveryConfigured:      {"Key recovery set up", "{actor} chose who holds parts of {patient's} recovery key"},
	RecoveryRequested:       {"Key recovery started", "{actor} asked to recover {patient's} keys onto a new device"},
	RecoveryCancelled:       {"Key recovery stopped", "{actor} stopped a recovery of {patient's} keys"},
	RecoveryShareReleased:   {"Recovery part released", "{actor} released their part of {patient's} recovery key to the new device"},
	RecoveryCompleted:       {"Keys recovered", "{patient's} keys were recovered onto a new device"},
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

// pathWords say how a requester reached a record's key.
var pathWords = map[Path]string{
	PathGrant:     "access the patient granted",
	PathAttribute: "the attributes the requester holds, checked against the record's access rule",
	PathToken:     "a search the patient allowed",
	PathEmergency: "emergency access (break the glass)",
	PathGuardian:  "access the patient's guardians granted",
	PathConsent:   "the patient's standing consent",
}

// Words says how the path reaches a key, in plain language; "" for none.
func (p Path) Words() string {
	if p == "" {
		return ""
	}
	if w, ok := pathWords[p]; ok {
		return w
	}
	return string(p)
}

// errorWords says why a gate refused an access, for the errors its liveness checks give.
var errorWords = map[string]string{
	"GrantRevoked":           "the access was withdrawn",
	"GrantExpired":           "the access had ended",
	"GrantNotYetValid":       "the access had not started yet",
	"GrantUsedUp":            "the access was used up",
	"RecordNotActive":        "the record was deleted",
	"RecordVersionStale":     "the record was updated since",
	"KeyRewrapped":           "the record was locked with a new key since",
	"RoleChanged":            "the requester's role changed",
	"RequesterNotActive":     "the requester is suspended or removed",
	"PolicyChanged":          "the record's access rule changed",
	"AttributesChanged":      "an attribute of the requester was withdrawn",
	"RequesterDelisted":      "the requester may no longer search",
	"TooManyDeclines":        "too many nodes declined to answer",
	"RecordChanged":          "the record changed or was erased since",
	"SessionClosed":          "the emergency session had ended",
	"SessionExpired":         "the emergency session had ended",
	"ConsentIsRevoked":       "the standing consent was withdrawn",
	"OutsidePeriod":          "the standing consent was not in force",
	"CategoryMismatch":       "the record is not of the kind the consent covers",
	"NotCovered":             "the reader is not covered by the standing consent",
	"OutsideWindow":          "the guardians' grant was not in force",
	"EmergencyAccessRefused": "the patient does not allow emergency access by this organisation",
	"NotEmergencyStaff":      "the reader is not emergency staff",
}

// ErrorWords says why a gate refused, in plain language; "" for no error.
func ErrorWords(name string) string {
	if name == "" {
		return ""
	}
	if w, ok := errorWords[name]; ok {
		return w
	}
	return "the check " + name + " failed"
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

// KnownCategories are the record category words a timeline names (keccak256 of the word is the
// code a record carries); any other category shows as its hash.
var KnownCategories = []string{"laboratory", "imaging", "medication", "clinical-note", "discharge-summary", "vital-signs", "patient-generated"}

var categoryWords = map[common.Hash]string{}

func init() {
	for _, w := range KnownCategories {
		categoryWords[crypto.Keccak256Hash([]byte(w))] = w
	}
}

// CategoryWord is the category word whose hash h is, or "" when it is none of KnownCategories.
func CategoryWord(h common.Hash) string { return categoryWords[h] }

// PurposeWord is the word whose hash h is, or "" when it is none of KnownPurposes.
func PurposeWord(h common.Hash) string { return purposeWords[h] }

// nodeList names the entry's nodes: "nodes A, B and C", or "the network's nodes" when none is
// known.
func (e *Entry) nodeList(name func(common.Address) string) string {
	switch n := len(e.Nodes); n {
	case 0:
		return "the network's nodes"
	case 1:
		return "node " + name(e.Nodes[0])
	default:
		parts := make([]string, n)
		for i, a := range e.Nodes {
			parts[i] = name(a)
		}
		return "nodes " + strings.Join(parts[:n-1], ", ") + " and " + parts[n-1]
	}
}

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
		if key == "nodes" {
			b.WriteString(e.nodeList(name))
			continue
		}
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
