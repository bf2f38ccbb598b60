package fhircheck

import (
	"strings"
	"testing"
)

// The validator is not a formality: it refuses what R4 does not allow, and bundle entries
// without a resolvable fullUrl.
func TestTheValidatorRefusesInvalidResources(t *testing.T) {
	event := func() map[string]any {
		return map[string]any{
			"resourceType": "AuditEvent", "id": "7-1",
			"type":   map[string]any{"system": "http://dicom.nema.org/resources/ontology/DCM", "code": "110110"},
			"action": "R", "recorded": "2026-12-06T10:00:00Z", "outcome": "0",
			"agent":  []any{map[string]any{"who": map[string]any{"display": "x"}, "requestor": true}},
			"source": map[string]any{"observer": map[string]any{"display": "x"}},
		}
	}
	bundle := func(fullURL string) map[string]any {
		return map[string]any{"resourceType": "Bundle", "type": "searchset", "entry": []any{
			map[string]any{"fullUrl": fullURL, "resource": event(), "search": map[string]any{"mode": "match"}},
		}}
	}
	if out, err := run(t, map[string]any{"good": bundle("https://indexer.test/fhir/AuditEvent/7-1")}); err != nil {
		t.Fatalf("a valid bundle refused: %v\n%s", err, out)
	}
	bad := event()
	bad["action"] = "X"
	delete(bad, "recorded")
	bad["period"] = map[string]any{"start": "yesterday"}
	bad["bogus"] = true
	out, err := run(t, map[string]any{"bad": bad})
	if err == nil {
		t.Fatalf("an invalid AuditEvent passed:\n%s", out)
	}
	for _, want := range []string{"AuditEvent.action", "AuditEvent.recorded", "AuditEvent.period.start", "AuditEvent.bogus"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the report misses %s:\n%s", want, out)
		}
	}
	for _, u := range []string{"", "AuditEvent/7-1", "https://indexer.test/fhir/AuditEvent/8-1"} {
		if out, err := run(t, map[string]any{"bundle": bundle(u)}); err == nil {
			t.Errorf("fullUrl %q passed:\n%s", u, out)
		}
	}
}
