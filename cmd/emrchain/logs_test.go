package main

import (
	"path/filepath"
	"regexp"
	"testing"
)

// Console log lines carry the date as well as the time: a service's log read the next day must
// say which day each line is from.
func TestConsoleLogsShowTheDate(t *testing.T) {
	e := newCLIEnv(t)
	r := e.ok("oracle", "init", "--role", "all", "--dir", filepath.Join(t.TempDir(), "keys"), "--light", "--dev-account", "oracle")
	stamp := regexp.MustCompile(`(?m)^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} \S+ WRN development account`)
	if !stamp.MatchString(r.stderr) {
		t.Fatalf("no dated warning line in:\n%s", r.stderr)
	}
}
