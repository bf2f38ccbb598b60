// Package consentfhir converts a patient's standing consent (Consents on chain) to and from a
// FHIR R4 Consent resource, so that a consent made in another system can be given here and one
// given here can be shown to another: provision.actor is the organisation (and the role
// attribute a reader must hold), provision.class the record category, provision.period the
// period, and the consent action "access" what it permits.
//
// Import is strict: anything the chain could not express faithfully (a deny, several
// organisations, an open end, a category or organisation without its emrchain identifier) is
// refused with the reason, rather than approximated into a broader or narrower consent than the
// document says.
package consentfhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/indexer/timeline"
)

// Consent is the emrchain side of a standing consent.
type Consent struct {
	// ID is the on-chain consent id (0: not given yet).
	ID      uint64
	Patient common.Address
	// Org is the Registry org id; OrgName its name when known (export only).
	Org     [32]byte
	OrgName string
	// Role is the attribute id a reader must hold (zero: any member); RoleName its full name
	// when known (export only).
	Role     [32]byte
	RoleName string
	// Category is the record category code; CategoryWord its word when known.
	Category     [32]byte
	CategoryWord string
	NotBefore    time.Time
	NotAfter     time.Time
	Revoked      bool
	// Given is when it was given (zero: unknown).
	Given time.Time
}

// Resource is the FHIR R4 Consent this package writes and reads.
type Resource struct {
	ResourceType string                 `json:"resourceType"`
	ID           string                 `json:"id,omitempty"`
	Identifier   []fhir.Identifier      `json:"identifier,omitempty"`
	Status       string                 `json:"status"`
	Scope        fhir.CodeableConcept   `json:"scope"`
	Category     []fhir.CodeableConcept `json:"category"`
	Patient      *fhir.Reference        `json:"patient,omitempty"`
	DateTime     string                 `json:"dateTime,omitempty"`
	PolicyRule   *fhir.CodeableConcept  `json:"policyRule,omitempty"`
	Provision    *Provision             `json:"provision,omitempty"`
}

// Provision is Consent.provision with the elements a standing consent uses.
type Provision struct {
	Type   string                 `json:"type,omitempty"`
	Period *fhir.Period           `json:"period,omitempty"`
	Actor  []Actor                `json:"actor,omitempty"`
	Action []fhir.CodeableConcept `json:"action,omitempty"`
	Class  []fhir.Coding          `json:"class,omitempty"`
	Code   []fhir.CodeableConcept `json:"code,omitempty"`
}

// Actor is Consent.provision.actor.
type Actor struct {
	Role      fhir.CodeableConcept `json:"role"`
	Reference fhir.Reference       `json:"reference"`
}

const (
	codeRecipient = "IRCP"
	// maxSize bounds an imported document: a consent is a few hundred bytes.
	maxSize = 64 << 10
)

// Export writes c as a FHIR R4 Consent.
func Export(c *Consent) *Resource {
	r := &Resource{
		ResourceType: "Consent",
		Status:       "active",
		Scope:        fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemConsentScope, Code: "patient-privacy", Display: "Privacy Consent"}}},
		Category:     []fhir.CodeableConcept{{Coding: []fhir.Coding{{System: fhir.SystemLOINC, Code: "59284-0", Display: "Patient Consent"}}}},
		Patient:      &fhir.Reference{Reference: "Patient/" + c.Patient.Hex(), Identifier: &fhir.Identifier{System: fhir.SystemEthereumAddress, Value: c.Patient.Hex()}},
		PolicyRule:   &fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemActCode, Code: "OPTIN", Display: "opt-in"}}},
		Provision: &Provision{
			Type:   "permit",
			Period: &fhir.Period{Start: instant(c.NotBefore), End: instant(c.NotAfter)},
			Action: fhir.Operations(1),
		},
	}
	if c.ID != 0 {
		r.ID = "consent-" + strconv.FormatUint(c.ID, 10)
		r.Identifier = []fhir.Identifier{{System: fhir.SystemConsent, Value: strconv.FormatUint(c.ID, 10)}}
	}
	if c.Revoked {
		r.Status = "inactive"
	}
	if !c.Given.IsZero() {
		r.DateTime = instant(c.Given)
	}
	actor := Actor{
		Role:      fhir.CodeableConcept{Coding: []fhir.Coding{{System: fhir.SystemParticipation, Code: codeRecipient, Display: "information recipient"}}},
		Reference: fhir.Reference{Type: "Organization", Identifier: &fhir.Identifier{System: fhir.SystemOrganisation, Value: common.Hash(c.Org).Hex()}, Display: c.OrgName},
	}
	if c.Role != ([32]byte{}) {
		actor.Role.Coding = append(actor.Role.Coding, fhir.Coding{System: fhir.SystemAttribute, Code: common.Hash(c.Role).Hex(), Display: c.RoleName})
	}
	r.Provision.Actor = []Actor{actor}
	word := c.CategoryWord
	if word == "" {
		word = timeline.CategoryWord(c.Category)
	}
	class := fhir.Coding{System: fhir.SystemCategory, Code: common.Hash(c.Category).Hex()}
	if word != "" {
		class.Code = word
	}
	r.Provision.Class = []fhir.Coding{class}
	return r
}

// Marshal writes c as FHIR R4 Consent JSON.
func Marshal(c *Consent) ([]byte, error) {
	return json.MarshalIndent(Export(c), "", "  ")
}

// ErrUnsupported means the document is a valid-looking Consent that a standing consent cannot
// express as written.
var ErrUnsupported = errors.New("cannot be given as a standing consent")

// Names resolve the human-readable names an imported document may use instead of ids.
type Names struct {
	// Org maps an organisation name to its Registry org id.
	Org func(name string) [32]byte
	// Attribute maps a full attribute name (namespace/kind:value) to its id.
	Attribute func(fullName string) [32]byte
	// Category maps a category word to its code.
	Category func(word string) [32]byte
}

// Parse reads a FHIR R4 Consent into the terms of a standing consent. The organisation is the
// one actor's Organization identifier (system urn:emrchain:org: a 0x-hex org id or the
// organisation's name), the role an optional urn:emrchain:attribute coding of that actor's role
// (a 0x-hex attribute id or its full name), the category provision.class (or provision.code)
// with system urn:emrchain:record-category (a word or a 0x-hex code), the period
// provision.period with both ends.
func Parse(b []byte, names Names) (*Consent, error) {
	if len(b) > maxSize {
		return nil, fmt.Errorf("consent: %d bytes, more than %d", len(b), maxSize)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	var r Resource
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("consent: not a FHIR JSON resource: %w", err)
	}
	if dec.More() {
		return nil, errors.New("consent: trailing data after the resource")
	}
	switch {
	case r.ResourceType != "Consent":
		return nil, fmt.Errorf("consent: resourceType is %q, want \"Consent\"", r.ResourceType)
	case r.Status != "active" && r.Status != "proposed" && r.Status != "draft":
		return nil, fmt.Errorf("consent: status %q %w (want active, proposed or draft)", r.Status, ErrUnsupported)
	case r.Provision == nil:
		return nil, fmt.Errorf("consent: no provision: %w", ErrUnsupported)
	case r.Provision.Type != "permit":
		return nil, fmt.Errorf("consent: provision.type %q %w (only permit)", r.Provision.Type, ErrUnsupported)
	}
	c := &Consent{}
	if r.Patient != nil && r.Patient.Identifier != nil {
		if r.Patient.Identifier.System != fhir.SystemEthereumAddress || !common.IsHexAddress(r.Patient.Identifier.Value) {
			return nil, fmt.Errorf("consent: patient identifier %q is not an Ethereum address (%s)", r.Patient.Identifier.Value, fhir.SystemEthereumAddress)
		}
		c.Patient = common.HexToAddress(r.Patient.Identifier.Value)
	}
	for _, a := range r.Provision.Action {
		if !hasCoding(a, fhir.SystemConsentAction, "access") {
			return nil, fmt.Errorf("consent: provision.action %v %w: a standing consent permits reading (access) only", codes(a), ErrUnsupported)
		}
	}
	if len(r.Provision.Actor) != 1 {
		return nil, fmt.Errorf("consent: %d provision.actor entries %w: name exactly one organisation", len(r.Provision.Actor), ErrUnsupported)
	}
	actor := r.Provision.Actor[0]
	ref := actor.Reference.Identifier
	if ref == nil || ref.System != fhir.SystemOrganisation || ref.Value == "" {
		return nil, fmt.Errorf("consent: the actor needs an Organization identifier with system %s", fhir.SystemOrganisation)
	}
	var err error
	if c.Org, err = idOrName(ref.Value, names.Org); err != nil {
		return nil, fmt.Errorf("consent: organisation: %w", err)
	}
	c.OrgName = actor.Reference.Display
	for _, cd := range actor.Role.Coding {
		if cd.System != fhir.SystemAttribute {
			continue
		}
		if c.Role != ([32]byte{}) {
			return nil, fmt.Errorf("consent: several role attributes %w: name one", ErrUnsupported)
		}
		if c.Role, err = idOrName(cd.Code, names.Attribute); err != nil {
			return nil, fmt.Errorf("consent: role attribute: %w", err)
		}
		c.RoleName = cd.Display
	}
	var cats []fhir.Coding
	for _, cd := range r.Provision.Class {
		if cd.System == fhir.SystemCategory {
			cats = append(cats, cd)
		}
	}
	for _, cc := range r.Provision.Code {
		for _, cd := range cc.Coding {
			if cd.System == fhir.SystemCategory {
				cats = append(cats, cd)
			}
		}
	}
	if len(cats) != 1 {
		return nil, fmt.Errorf("consent: %d record categories (provision.class with system %s) %w: name exactly one", len(cats), fhir.SystemCategory, ErrUnsupported)
	}
	if c.Category, err = idOrName(cats[0].Code, names.Category); err != nil {
		return nil, fmt.Errorf("consent: category: %w", err)
	}
	if !strings.HasPrefix(cats[0].Code, "0x") {
		c.CategoryWord = cats[0].Code
	}
	p := r.Provision.Period
	if p == nil || p.Start == "" || p.End == "" {
		return nil, fmt.Errorf("consent: provision.period needs a start and an end: a standing consent is for a period")
	}
	if c.NotBefore, err = parseDateTime(p.Start); err != nil {
		return nil, fmt.Errorf("consent: provision.period.start: %w", err)
	}
	if c.NotAfter, err = parseDateTime(p.End); err != nil {
		return nil, fmt.Errorf("consent: provision.period.end: %w", err)
	}
	if !c.NotAfter.After(c.NotBefore) {
		return nil, fmt.Errorf("consent: the period ends (%s) before it starts (%s)", p.End, p.Start)
	}
	return c, nil
}

// idOrName reads a 0x-hex 32-byte id, or resolves a name.
func idOrName(v string, resolve func(string) [32]byte) ([32]byte, error) {
	if strings.HasPrefix(v, "0x") {
		b := common.FromHex(v)
		if len(b) != 32 || !isHex(v[2:]) {
			return [32]byte{}, fmt.Errorf("%q is not a 0x-prefixed 32-byte hex id", v)
		}
		return [32]byte(b), nil
	}
	if resolve == nil || strings.TrimSpace(v) == "" {
		return [32]byte{}, fmt.Errorf("%q is not a 0x-prefixed 32-byte hex id", v)
	}
	return resolve(v), nil
}

func isHex(s string) bool {
	for _, r := range s {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

func hasCoding(cc fhir.CodeableConcept, system, code string) bool {
	for _, c := range cc.Coding {
		if c.System == system && c.Code == code {
			return true
		}
	}
	return false
}

func codes(cc fhir.CodeableConcept) []string {
	var out []string
	for _, c := range cc.Coding {
		out = append(out, c.System+"|"+c.Code)
	}
	return out
}

// maxInstant is the last instant FHIR can write (9999-12-31T23:59:59Z).
var maxInstant = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

func instant(t time.Time) string {
	if t.IsZero() || t.After(maxInstant) {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// parseDateTime reads a FHIR dateTime with a time zone, or a date (its first instant, UTC).
func parseDateTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("%q is neither a date (2026-12-06) nor a dateTime with a time zone (2026-12-06T10:00:00Z)", s)
}
