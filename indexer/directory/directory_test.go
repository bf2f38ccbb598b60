package directory_test

import (
	"crypto/sha256"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/indexer/directory"
)

func TestNamesOnlyWhatHashesToTheEnrolment(t *testing.T) {
	d := directory.New(directory.File{
		Records:       []string{"doctor-b", `{"name":"Dr Ada Lovelace","licence":"GMC 1234"}`, "line one\nline two", strings.Repeat("x", 81), `{"licence":"no name"}`, "  "},
		Organisations: []string{"hospital-b", " "},
	}, client.OrgID)
	for _, c := range []struct {
		record, want string
	}{
		{"doctor-b", "doctor-b"},
		{`{"name":"Dr Ada Lovelace","licence":"GMC 1234"}`, "Dr Ada Lovelace"},
		{"line one\nline two", ""},
		{strings.Repeat("x", 81), ""},
		{`{"licence":"no name"}`, ""},
		{"doctor-c", ""}, // not in the directory
	} {
		got, ok := d.Name(sha256.Sum256([]byte(c.record)))
		if got != c.want || ok != (c.want != "") {
			t.Errorf("record %q: %q %v, want %q", c.record, got, ok, c.want)
		}
	}
	if o, ok := d.Organisation(client.OrgID("hospital-b")); !ok || o != "hospital-b" {
		t.Fatalf("organisation: %q %v", o, ok)
	}
	if _, ok := d.Organisation(client.OrgID("hospital-c")); ok {
		t.Fatal("an organisation not in the directory was named")
	}
	if _, ok := d.Organisation([32]byte{}); ok {
		t.Fatal("no organisation (a patient) was named")
	}
	var none *directory.Directory
	if _, ok := none.Name([32]byte{1}); ok {
		t.Fatal("a nil directory named someone")
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.json")
	os.WriteFile(good, []byte(`{"records":["doctor-b"],"organisations":["hospital-b"]}`), 0o600)
	d, err := directory.Load(good, client.OrgID)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := d.Name(sha256.Sum256([]byte("doctor-b"))); n != "doctor-b" {
		t.Fatalf("loaded name %q", n)
	}
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"people":["doctor-b"]}`), 0o600)
	if _, err := directory.Load(bad, client.OrgID); err == nil || !strings.Contains(err.Error(), `want {"records"`) {
		t.Fatalf("unknown field: %v", err)
	}
	if _, err := directory.Load(filepath.Join(dir, "missing.json"), client.OrgID); err == nil {
		t.Fatal("a missing file loaded")
	}
}
