package fhir

import "time"

// Version is the FHIR release the indexer speaks.
const Version = "4.0.1"

// CapabilityStatement is a FHIR R4 CapabilityStatement, what GET {base}/metadata answers.
type CapabilityStatement struct {
	ResourceType   string             `json:"resourceType"`
	Status         string             `json:"status"`
	Date           string             `json:"date"`
	Kind           string             `json:"kind"`
	Software       CapabilitySoftware `json:"software"`
	Implementation CapabilityImpl     `json:"implementation"`
	FhirVersion    string             `json:"fhirVersion"`
	Format         []string           `json:"format"`
	Rest           []CapabilityRest   `json:"rest"`
}

// CapabilitySoftware is CapabilityStatement.software.
type CapabilitySoftware struct {
	Name string `json:"name"`
}

// CapabilityImpl is CapabilityStatement.implementation.
type CapabilityImpl struct {
	Description string `json:"description"`
	URL         string `json:"url,omitempty"`
}

// CapabilityRest is CapabilityStatement.rest.
type CapabilityRest struct {
	Mode          string               `json:"mode"`
	Documentation string               `json:"documentation,omitempty"`
	Security      *CapabilitySecurity  `json:"security,omitempty"`
	Resource      []CapabilityResource `json:"resource"`
}

// CapabilitySecurity is CapabilityStatement.rest.security.
type CapabilitySecurity struct {
	Description string `json:"description"`
}

// CapabilityResource is CapabilityStatement.rest.resource.
type CapabilityResource struct {
	Type             string                  `json:"type"`
	SupportedProfile []string                `json:"supportedProfile,omitempty"`
	Interaction      []CapabilityInteraction `json:"interaction"`
	SearchParam      []CapabilitySearch      `json:"searchParam,omitempty"`
}

// CapabilityInteraction is CapabilityStatement.rest.resource.interaction.
type CapabilityInteraction struct {
	Code string `json:"code"`
}

// CapabilitySearch is CapabilityStatement.rest.resource.searchParam.
type CapabilitySearch struct {
	Name          string `json:"name"`
	Definition    string `json:"definition,omitempty"`
	Type          string `json:"type"`
	Documentation string `json:"documentation,omitempty"`
}

// Capability describes the indexer's FHIR endpoint at base: AuditEvent read and search, by
// patient, date and subtype (the timeline action), in pages of _count.
func Capability(base string, published time.Time) *CapabilityStatement {
	profiles := []string{}
	for _, p := range []string{"PatientCreate", "PatientRead", "PatientUpdate", "PatientDelete", "PatientQuery", "AuthZconsent"} {
		profiles = append(profiles, balpProfile+p)
	}
	return &CapabilityStatement{
		ResourceType: "CapabilityStatement",
		Status:       "active",
		Date:         published.UTC().Format(time.RFC3339),
		Kind:         "instance",
		Software:     CapabilitySoftware{Name: "emrchain indexer"},
		Implementation: CapabilityImpl{
			Description: "Per-patient audit timelines of an emrchain deployment, as IHE BALP AuditEvents; every event is on chain and can be verified there.",
			URL:         base,
		},
		FhirVersion: Version,
		Format:      []string{"json"},
		Rest: []CapabilityRest{{
			Mode:          "server",
			Documentation: "Read-only. Each AuditEvent id is the chain's block number and log index of the event.",
			Security: &CapabilitySecurity{Description: "Bearer tokens from an EIP-191 sign-in: POST /v1/auth/challenge {address}, sign the message with " +
				"personal_sign, POST /v1/auth/token {address, nonce, signature}. A timeline is readable by its patient and the auditors the patient names."},
			Resource: []CapabilityResource{{
				Type:             "AuditEvent",
				SupportedProfile: profiles,
				Interaction:      []CapabilityInteraction{{Code: "read"}, {Code: "search-type"}},
				SearchParam: []CapabilitySearch{
					{Name: "patient", Definition: "http://hl7.org/fhir/SearchParameter/AuditEvent-patient", Type: "reference", Documentation: "Required: Patient/{address}, or the address."},
					{Name: "date", Definition: "http://hl7.org/fhir/SearchParameter/AuditEvent-date", Type: "date", Documentation: "With ge, gt, le or lt; repeat for a range."},
					{Name: "subtype", Definition: "http://hl7.org/fhir/SearchParameter/AuditEvent-subtype", Type: "token", Documentation: "The emrchain timeline action (" + SystemAction + "), comma-separated for several."},
					{Name: "_count", Type: "number", Documentation: "Entries per page, 1 to 1000; the next link carries on."},
				},
			}},
		}},
	}
}
