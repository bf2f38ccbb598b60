package main

import (
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

// buildVersion is what this binary was built from, as the Go toolchain stamped it: the module's
// version (a tag, or a pseudo-version naming the commit, "+dirty" when the tree had changes)
// and the VCS commit and its time.
type buildVersion struct {
	Version  string `json:"version"`
	Commit   string `json:"commit,omitempty"`
	Time     string `json:"commitTime,omitempty"`
	Modified bool   `json:"modified,omitempty"`
	Go       string `json:"go"`
}

func readBuildVersion() buildVersion {
	v := buildVersion{Version: "unknown", Go: runtime.Version()}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version // "(devel)" when built without VCS information
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Commit = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		}
	}
	return v
}

// String is the one line `emrchain --version` prints.
func (v buildVersion) String() string {
	var extra []string
	if v.Commit != "" {
		c := "commit " + v.Commit
		if v.Time != "" {
			c += " of " + v.Time
		}
		if v.Modified {
			c += ", with uncommitted changes"
		}
		extra = append(extra, c)
	}
	if v.Commit == "" {
		// go build stamps the commit only in a git clone (not a worktree) and without
		// -buildvcs=false.
		extra = append(extra, "no commit recorded in this build")
	}
	extra = append(extra, v.Go)
	return v.Version + " (" + strings.Join(extra, "; ") + ")"
}

// printVersion answers --version, as JSON with --json.
func printVersion(c *cli.Context) {
	v := readBuildVersion()
	if c.Bool(flagJSON) {
		b, _ := json.MarshalIndent(v, "", "  ")
		fmt.Fprintln(c.App.Writer, string(b))
		return
	}
	fmt.Fprintf(c.App.Writer, "%s %s\n", c.App.Name, v)
}
