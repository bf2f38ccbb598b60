// Package directory names the people and organisations on a timeline. The chain holds only
// hashes: a participant's enrolment carries the hash of the registrar's record about them
// (metadataHash, SHA-256) and an opaque organisation id (client.OrgID of its name). A directory
// is what a registrar can hand the indexer in return: its records and the organisations' names.
// A name is shown only when its record hashes to the enrolment's metadataHash, and an
// organisation only when its name maps to the enrolment's org id, so a directory can leave
// people out but cannot put a wrong name on anyone.
//
// The directory file is JSON:
//
//	{"records": ["<the exact metadata string enrolled>", …], "organisations": ["hospital-a", …]}
//
// A record that is a JSON object names the participant by its "name" field; any other record
// of one short line is the name itself (as the devnet enrols its cast).
package directory

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxName bounds a name drawn from a record, in characters.
const MaxName = 80

// Directory maps enrolment hashes to names.
type Directory struct {
	names map[[32]byte]string
	orgs  map[[32]byte]string
}

// File is the directory file's form.
type File struct {
	Records       []string `json:"records"`
	Organisations []string `json:"organisations"`
}

// New builds a directory from registrar records and organisation names. orgID is how the
// Registry's org ids are made from names (client.OrgID).
func New(f File, orgID func(string) [32]byte) *Directory {
	d := &Directory{names: map[[32]byte]string{}, orgs: map[[32]byte]string{}}
	for _, r := range f.Records {
		if n := nameOf(r); n != "" {
			d.names[sha256.Sum256([]byte(r))] = n
		}
	}
	for _, o := range f.Organisations {
		if o = strings.TrimSpace(o); o != "" {
			d.orgs[orgID(o)] = o
		}
	}
	return d
}

// Load reads a directory file.
func Load(path string, orgID func(string) [32]byte) (*Directory, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("directory: %w", err)
	}
	var f File
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("directory %s: want {\"records\": [...], \"organisations\": [...]}: %w", path, err)
	}
	return New(f, orgID), nil
}

// nameOf draws a display name from a registrar's record.
func nameOf(record string) string {
	var obj struct {
		Name string `json:"name"`
	}
	if strings.HasPrefix(strings.TrimSpace(record), "{") {
		if json.Unmarshal([]byte(record), &obj) != nil {
			return ""
		}
		record = obj.Name
	}
	record = strings.TrimSpace(record)
	if record == "" || utf8.RuneCountInString(record) > MaxName || !utf8.ValidString(record) {
		return ""
	}
	for _, r := range record {
		if !unicode.IsPrint(r) {
			return ""
		}
	}
	return record
}

// Name is the participant's name, if a record hashing to metadataHash is in the directory.
func (d *Directory) Name(metadataHash [32]byte) (string, bool) {
	if d == nil {
		return "", false
	}
	n, ok := d.names[metadataHash]
	return n, ok
}

// Organisation is the organisation's name, if the directory lists one with that id.
func (d *Directory) Organisation(org [32]byte) (string, bool) {
	if d == nil || org == ([32]byte{}) {
		return "", false
	}
	n, ok := d.orgs[org]
	return n, ok
}
