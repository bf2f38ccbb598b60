package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/urfave/cli/v2"
)

// commandPaths lists every command of the app as its words after "emrchain".
func commandPaths(cmds []*cli.Command, above []string) [][]string {
	var out [][]string
	for _, c := range cmds {
		p := append(append([]string{}, above...), c.Name)
		out = append(out, p)
		out = append(out, commandPaths(c.Subcommands, p)...)
	}
	return out
}

// commandsOf finds each command of the app by its path.
func commandsOf(app *cli.App) map[string]*cli.Command {
	found := map[string]*cli.Command{}
	var walk func([]*cli.Command, string)
	walk = func(cmds []*cli.Command, above string) {
		for _, c := range cmds {
			p := strings.TrimSpace(above + " " + c.Name)
			found[p] = c
			walk(c.Subcommands, p)
		}
	}
	walk(app.Commands, "")
	return found
}

// nonFlagVariables are the EMRCHAIN_ variables the project reads outside flags (passphrases,
// test and benchmark switches), found in its sources: a flag must never be bound to one.
func nonFlagVariables(t *testing.T) map[string]bool {
	t.Helper()
	vars := map[string]bool{passwordEnv: true}
	re := regexp.MustCompile(`(?:Getenv|LookupEnv)\("(EMRCHAIN_[A-Z0-9_]+)"\)|PassphraseEnv:\s*"(EMRCHAIN_[A-Z0-9_]+)"`)
	err := filepath.WalkDir("../..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || strings.HasPrefix(d.Name(), ".")) && path != "../.." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			vars[m[1]+m[2]] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return vars
}

// TestEveryFlagHasAnEnvironmentVariable walks every command's flags: each is bound to an
// EMRCHAIN_ variable (a new flag gets one without anyone remembering to add it), one variable
// always means one flag name, and none is a variable the project reads for something else.
func TestEveryFlagHasAnEnvironmentVariable(t *testing.T) {
	app := newApp(&bytes.Buffer{}, &bytes.Buffer{})
	others := nonFlagVariables(t)
	if !others["EMRCHAIN_ORACLE_PASSPHRASE"] {
		t.Fatalf("the scan of the sources found no passphrase variable: %v", others)
	}
	globals := map[string]bool{}
	for _, f := range app.Flags {
		globals[f.Names()[0]] = true
	}
	byVar := map[string]string{}
	check := func(where string, f cli.Flag) {
		name := f.Names()[0]
		if name == cli.HelpFlag.Names()[0] || name == cli.VersionFlag.Names()[0] || name == strings.TrimPrefix(completionFlag, "--") {
			return
		}
		df, ok := f.(cli.DocGenerationFlag)
		if !ok {
			t.Errorf("%s --%s: a flag of unknown kind %T", where, name, f)
			return
		}
		vars := df.GetEnvVars()
		if len(vars) == 0 && globals[name] && where != "emrchain" {
			// A global flag repeated on a command: the app's copy reads the variable.
			if !strings.Contains(df.GetUsage(), "[$"+envPrefix) {
				t.Errorf("%s --%s: global flag copy does not name its variable", where, name)
			}
			return
		}
		if len(vars) == 0 {
			t.Errorf("%s --%s has no environment variable", where, name)
		}
		for _, v := range vars {
			if !strings.HasPrefix(v, envPrefix) {
				t.Errorf("%s --%s: variable %s lacks the %s prefix", where, name, v, envPrefix)
			}
			if others[v] {
				t.Errorf("%s --%s: variable %s is already read for something else", where, name, v)
			}
			if prev, ok := byVar[v]; ok && prev != name {
				t.Errorf("%s --%s: variable %s also binds --%s", where, name, v, prev)
			}
			byVar[v] = name
		}
	}
	for _, f := range app.Flags {
		check("emrchain", f)
	}
	cmds := commandsOf(app)
	for path, c := range cmds {
		for _, f := range c.Flags {
			check("emrchain "+path, f)
		}
	}
	if len(cmds) < 50 || len(byVar) < 100 {
		t.Fatalf("walked %d commands and %d variables: the walk missed most of the CLI", len(cmds), len(byVar))
	}
	for _, want := range []struct{ cmd, flag, env string }{
		{"record put", "as", "EMRCHAIN_AS"},
		{"record put", "file", "EMRCHAIN_RECORD_PUT_FILE"},
		{"deploy", "keystore", "EMRCHAIN_DEPLOY_KEYSTORE"},
		{"devnet", "port", "EMRCHAIN_DEVNET_PORT"},
		{"audit verify", "patient", "EMRCHAIN_AUDIT_VERIFY_PATIENT"},
	} {
		c := cmds[want.cmd]
		if c == nil {
			t.Errorf("no command %q", want.cmd)
			continue
		}
		i := slices.IndexFunc(c.Flags, func(f cli.Flag) bool { return f.Names()[0] == want.flag })
		if i < 0 || !slices.Contains(c.Flags[i].(cli.DocGenerationFlag).GetEnvVars(), want.env) {
			t.Errorf("%s --%s is not bound to %s", want.cmd, want.flag, want.env)
		}
	}
}

// TestFlagEnvironmentVariablesApply sets a command's flags through the environment only.
func TestFlagEnvironmentVariablesApply(t *testing.T) {
	e := newCLIEnv(t)
	missing := e.path("no-such-identity")
	t.Setenv("EMRCHAIN_AS", missing)
	e.fails(exitError, []string{"identity directory " + missing + " does not exist"},
		"access", "grant", "--request", "1")
	t.Setenv("EMRCHAIN_RECORD_SHOW_RECORD", "0x12")
	e.fails(exitUsage, []string{`bad --record "0x12"`}, "record", "show")
	// The command line still wins over the environment.
	e.fails(exitUsage, []string{`bad --record "0x34"`}, "record", "show", "--record", "0x34")
	t.Setenv("EMRCHAIN_ACCESS_GRANT_VALID_FOR", "soon")
	e.fails(exitUsage, []string{"soon", "want a duration such as"}, "access", "grant", "--request", "1")
}

// TestHelpFitsAHundredColumns renders every command's help: no line is wider than 100 columns,
// no flag both must be given and has a default, and help ends with a newline.
func TestHelpFitsAHundredColumns(t *testing.T) {
	app := newApp(&bytes.Buffer{}, &bytes.Buffer{})
	paths := append([][]string{nil}, commandPaths(app.Commands, nil)...)
	for _, p := range paths {
		var stdout, stderr bytes.Buffer
		args := append(append([]string{"emrchain"}, p...), "--help")
		if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
			t.Errorf("%s: exit %d\n%s", strings.Join(args, " "), code, stderr.String())
			continue
		}
		help := stdout.String()
		if !strings.HasSuffix(help, "\n") || !strings.Contains(help, "USAGE:") {
			t.Errorf("%s: help does not end with a newline or has no usage:\n%q", strings.Join(args, " "), help)
		}
		for _, line := range strings.Split(help, "\n") {
			if n := utf8.RuneCountInString(line); n > helpWidth {
				t.Errorf("%s: %d columns: %q", strings.Join(args, " "), n, line)
			}
		}
		for _, flag := range strings.Split(help, "\n   -") {
			if strings.Contains(flag, "required") && strings.Contains(flag, "(default:") {
				t.Errorf("%s: a required flag with a default: %q", strings.Join(args, " "), flag)
			}
		}
	}
}

func TestWrapHelp(t *testing.T) {
	in := "   --as DIR   " + strings.Repeat("word ", 30) + "end\n" +
		"   " + strings.Repeat("prose ", 30) + "\n" +
		"   --url URL  see http://" + strings.Repeat("x", 120) + " here\n" +
		"short\n"
	want := "   --as DIR   word word word word word word word word word word word word word word word word word\n" +
		"              word word word word word word word word word word word word word end\n" +
		"   prose prose prose prose prose prose prose prose prose prose prose prose prose prose prose prose\n" +
		"   prose prose prose prose prose prose prose prose prose prose prose prose prose prose\n" +
		"   --url URL  see\n" +
		"              http://" + strings.Repeat("x", 120) + "\n" +
		"              here\n" +
		"short\n"
	if got := wrapHelp(in, 100); got != want {
		t.Fatalf("wrapHelp:\n%s\nwant:\n%s", got, want)
	}
}

// TestUsageErrorsReadAsTheUserTypes checks that flag errors name flags with two dashes, say what
// a value should look like with an example, and suggest the command or flag meant.
func TestUsageErrorsReadAsTheUserTypes(t *testing.T) {
	e := newCLIEnv(t)
	for _, c := range []struct {
		want []string
		args []string
	}{
		{[]string{`unknown command "recrod"; did you mean "record"?`}, []string{"recrod"}},
		{[]string{`unknown command "shwo"; did you mean "show"?`}, []string{"record", "shwo"}},
		{[]string{"unknown flag --recrod; did you mean --record?"}, []string{"record", "show", "--recrod", "x"}},
		{[]string{"unknown flag --verison; did you mean --version?"}, []string{"--verison"}},
		{[]string{"--as needs a value (DIR)"}, []string{"access", "grant", "--as"}},
		{[]string{`bad --request "x": want a whole number`}, []string{"access", "grant", "--request", "x"}},
		{[]string{`bad --valid-for "3": want a duration such as 90s`}, []string{"access", "grant", "--valid-for", "3"}},
		{[]string{`bad --from "yesterday": want a time such as 2026-03-01T09:30:00Z`}, []string{"audit", "timeline", "--from", "yesterday"}},
	} {
		r := e.fails(exitUsage, c.want, c.args...)
		if regexp.MustCompile(`(^|\s)-[a-z][a-z-]+`).MatchString(r.stderr) {
			t.Errorf("emrchain %s: a flag written with one dash: %s", strings.Join(c.args, " "), r.stderr)
		}
		if strings.Contains(r.stderr, "2006") {
			t.Errorf("emrchain %s: a Go date layout: %s", strings.Join(c.args, " "), r.stderr)
		}
	}
	// A name near nothing gets no suggestion.
	r := e.fails(exitUsage, []string{`unknown command "xyzzy"`}, "xyzzy")
	if strings.Contains(r.stderr, "did you mean") {
		t.Errorf("suggested something for xyzzy: %s", r.stderr)
	}
}

// builtDir holds the binary builtBinary built; TestMain removes it.
var builtDir string

// builtBinary builds the emrchain binary once for the tests that run it as a user would.
var builtBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "emrchain-cli-test-*")
	if err != nil {
		return "", err
	}
	builtDir = dir
	bin := filepath.Join(dir, "emrchain")
	// The commit is stamped where the toolchain can (a git clone, not a worktree); asking for
	// it explicitly overrides a GOFLAGS=-buildvcs=false in the environment.
	args := []string{"build", "-o", bin}
	if fi, err := os.Stat("../../.git"); err == nil && fi.IsDir() {
		args = append(args, "-buildvcs=true")
	}
	out, err := exec.Command("go", append(args, ".")...).CombinedOutput()
	if err != nil {
		return "", &buildError{err: err, out: string(out)}
	}
	return bin, nil
})

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + e.out }

func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin, err := builtBinary()
	if err != nil {
		t.Fatal(err)
	}
	return bin
}

func TestVersionFromTheBuiltBinary(t *testing.T) {
	bin := binary(t)
	out, err := exec.Command(bin, "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "emrchain ") || !strings.Contains(string(out), "go1.") {
		t.Fatalf("--version: %v %q", err, out)
	}
	out, err = exec.Command(bin, "--version", "--json").Output()
	var v buildVersion
	if err != nil || json.Unmarshal(out, &v) != nil || v.Version == "" {
		t.Fatalf("--version --json: %v %q", err, out)
	}
	fi, err := os.Stat("../../.git")
	if err != nil || !fi.IsDir() {
		t.Logf("not a git clone (a worktree or an export): no commit to compare; version %+v", v)
		return
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("git rev-parse: %v", err)
	}
	if v.Commit != strings.TrimSpace(string(head)) {
		t.Fatalf("--version names commit %q, HEAD is %s", v.Commit, head)
	}
}

func TestVersionLine(t *testing.T) {
	v := buildVersion{Version: "v0.0.0-20261206091746-98b0d24e1a2b+dirty", Commit: "98b0d24e1a2b", Time: "2026-12-06T09:17:46Z", Modified: true, Go: "go1.26.8"}
	if got, want := v.String(), "v0.0.0-20261206091746-98b0d24e1a2b+dirty (commit 98b0d24e1a2b of 2026-12-06T09:17:46Z, with uncommitted changes; go1.26.8)"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got := (buildVersion{Version: "(devel)", Go: "go1.26.8"}).String(); !strings.Contains(got, "no commit recorded") {
		t.Errorf("a build without VCS information: %s", got)
	}
}

// TestCompletionInBash loads `emrchain completion bash` into a real bash and completes as a
// user pressing Tab would, from the built binary.
func TestCompletionInBash(t *testing.T) {
	bin := binary(t)
	bash, err := exec.LookPath("bash")
	if err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatal("bash not found")
		}
		t.Skip("no bash")
	}
	complete := func(words ...string) []string {
		t.Helper()
		script := `source <(emrchain completion bash) || exit 1
COMP_WORDS=(` + shellWords(words) + `)
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_emrchain_complete
printf '%s\n' "${COMPREPLY[@]}"`
		cmd := exec.Command(bash, "--norc", "-c", script)
		cmd.Env = append(os.Environ(), "PATH="+filepath.Dir(bin)+":"+os.Getenv("PATH"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("completing %q: %v\n%s", words, err, out)
		}
		return strings.Fields(string(out))
	}
	if got := complete("emrchain", "recor"); !slices.Equal(got, []string{"record"}) {
		t.Errorf("emrchain recor<Tab>: %q", got)
	}
	if got := complete("emrchain", "rec"); !slices.Equal(got, []string{"record", "recovery"}) {
		t.Errorf("emrchain rec<Tab>: %q", got)
	}
	if got := complete("emrchain", "record", ""); !slices.Contains(got, "put") || !slices.Contains(got, "show") {
		t.Errorf("emrchain record <Tab>: %q", got)
	}
	if got := complete("emrchain", "record", "put", "--pat"); !slices.Contains(got, "--patient") || !slices.Contains(got, "--patient-identity") {
		t.Errorf("emrchain record put --pat<Tab>: %q", got)
	}
	// Completion runs nothing: a command given its completion flag only lists candidates.
	out, err := exec.Command(bin, "deploy", completionFlag).CombinedOutput()
	if err != nil || strings.Contains(string(out), "cannot reach") {
		t.Errorf("deploy %s ran the command: %v\n%s", completionFlag, err, out)
	}
	for _, shell := range []string{"zsh", "fish"} {
		script, err := exec.Command(bin, "completion", shell).Output()
		if err != nil || len(script) == 0 {
			t.Errorf("completion %s: %v", shell, err)
			continue
		}
		if sh, err := exec.LookPath(shell); err == nil {
			check := exec.Command(sh, "-n")
			check.Stdin = bytes.NewReader(script)
			if out, err := check.CombinedOutput(); err != nil {
				t.Errorf("%s -n on its completion script: %v\n%s", shell, err, out)
			}
		}
	}
	if out, err := exec.Command(bin, "completion", "tcsh").CombinedOutput(); err == nil || !strings.Contains(string(out), "bash, zsh or fish") {
		t.Errorf("completion tcsh: %v %s", err, out)
	}
}

func shellWords(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = "'" + strings.ReplaceAll(w, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func TestWrapText(t *testing.T) {
	got := wrapText("   ·   ", "sealed 227 bytes → 350 on IPFS as bafkreigjbihkzb6keir64g32mgfjqscxws3xwchpso2t4c74t6pziclijm (sign, then AES-256-GCM)", 7, 70)
	want := "   ·   sealed 227 bytes → 350 on IPFS as\n" +
		"       bafkreigjbihkzb6keir64g32mgfjqscxws3xwchpso2t4c74t6pziclijm\n" +
		"       (sign, then AES-256-GCM)\n"
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
}
