package e2e

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emrchain/emrchain/internal/anvil"
)

// walkBlock is one shell block of the README's walkthrough.
type walkBlock struct {
	line       int      // the README line of the block's first command line
	lines      []string // logical lines (continuations joined), blank and comment lines dropped
	background bool     // runs as if in a terminal of its own
	until      string   // for a background block: the walkthrough goes on once it printed this
}

var (
	walkMarkerRE = regexp.MustCompile(`^<!--\s*walkthrough(?::\s*background\s+until\s+"([^"]+)")?\s*-->\s*$`)
	// expectExitRE finds a line's expected exit status in its trailing comment: `# exit 3`.
	expectExitRE = regexp.MustCompile(`#\s*exit (\d+)\b`)
	// portRE finds the loopback ports the README's commands name.
	portRE = regexp.MustCompile(`(127\.0\.0\.1:|localhost:|--port )(\d{4,5})\b`)
)

// walkthroughBlocks extracts the blocks marked `<!-- walkthrough -->` (or `<!-- walkthrough:
// background until "TEXT" -->`) from a Markdown document: the fenced sh block right after each
// marker. A marker that no sh block follows is an error, so a block is never skipped silently.
func walkthroughBlocks(doc string) ([]walkBlock, error) {
	src := strings.Split(doc, "\n")
	var blocks []walkBlock
	for i := 0; i < len(src); i++ {
		m := walkMarkerRE.FindStringSubmatch(strings.TrimSpace(src[i]))
		if m == nil {
			if strings.HasPrefix(strings.TrimSpace(src[i]), "<!--") && strings.Contains(src[i], "walkthrough") {
				return nil, fmt.Errorf("README line %d: a walkthrough marker this test cannot read: %s", i+1, src[i])
			}
			continue
		}
		j := i + 1
		for j < len(src) && strings.TrimSpace(src[j]) == "" {
			j++
		}
		if j >= len(src) || !slices.Contains([]string{"```sh", "```bash", "```shell"}, strings.TrimSpace(src[j])) {
			return nil, fmt.Errorf("README line %d: walkthrough marker not followed by a sh block", i+1)
		}
		b := walkBlock{background: m[1] != "", until: m[1]}
		var cont strings.Builder
		k := j + 1
		for ; k < len(src) && strings.TrimSpace(src[k]) != "```"; k++ {
			l := src[k]
			if cont.Len() == 0 && (strings.TrimSpace(l) == "" || strings.HasPrefix(strings.TrimSpace(l), "#")) {
				continue
			}
			if b.line == 0 {
				b.line = k + 1
			}
			if strings.HasSuffix(l, `\`) {
				cont.WriteString(strings.TrimSuffix(l, `\`) + " ")
				continue
			}
			cont.WriteString(l)
			b.lines = append(b.lines, cont.String())
			cont.Reset()
		}
		if k >= len(src) {
			return nil, fmt.Errorf("README line %d: unterminated sh block", j+1)
		}
		if len(b.lines) == 0 {
			return nil, fmt.Errorf("README line %d: an empty walkthrough block", j+1)
		}
		blocks = append(blocks, b)
		i = k
	}
	return blocks, nil
}

// shellQuote quotes s for bash.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// walkthroughScript is the bash script that runs blocks as a user pasting them would, checking
// each command's exit status. Background blocks start in a session of their own (so the test
// can press Ctrl-C on them) and log to dir/bg-N.log; their PIDs go to dir/bg.pids.
func walkthroughScript(blocks []walkBlock, dir string, ready time.Duration) string {
	var s strings.Builder
	// The shell outlives its last command until the background blocks end (the test presses
	// Ctrl-C on them), so that it, not init, reaps them; dir/status says how the walkthrough went.
	fmt.Fprintf(&s, "trap '__s=$?; echo $__s >%s; wait' EXIT\n", shellQuote(filepath.Join(dir, "status")))
	s.WriteString("set -o pipefail\n")
	for n, b := range blocks {
		if b.background {
			body := filepath.Join(dir, fmt.Sprintf("bg-%d.sh", n))
			logf := filepath.Join(dir, fmt.Sprintf("bg-%d.log", n))
			_ = os.WriteFile(body, []byte(strings.Join(b.lines, "\n")+"\n"), 0o600)
			fmt.Fprintf(&s, "echo %s >&2\n", shellQuote(fmt.Sprintf("README.md:%d (background): %s", b.line, strings.Join(b.lines, "; "))))
			fmt.Fprintf(&s, "setsid -w bash %s >%s 2>&1 </dev/null &\n", shellQuote(body), shellQuote(logf))
			fmt.Fprintf(&s, "__pid=$!; echo \"$__pid %d\" >>%s\n", b.line, shellQuote(filepath.Join(dir, "bg.pids")))
			fmt.Fprintf(&s, "__t=0; until grep -qF -- %s %s; do\n", shellQuote(b.until), shellQuote(logf))
			fmt.Fprintf(&s, "  if ! kill -0 $__pid 2>/dev/null; then echo %s >&2; cat %s >&2; exit 1; fi\n",
				shellQuote(fmt.Sprintf("README.md:%d: the background block ended before it printed %q", b.line, b.until)), shellQuote(logf))
			fmt.Fprintf(&s, "  if [ $__t -ge %d ]; then echo %s >&2; cat %s >&2; exit 1; fi\n", int(ready/(200*time.Millisecond)),
				shellQuote(fmt.Sprintf("README.md:%d: the background block did not print %q within %v", b.line, b.until, ready)), shellQuote(logf))
			s.WriteString("  sleep 0.2; __t=$((__t+1))\ndone\n")
			continue
		}
		for i, l := range b.lines {
			want := 0
			if m := expectExitRE.FindStringSubmatch(l); m != nil {
				want, _ = strconv.Atoi(m[1])
			}
			where := fmt.Sprintf("README.md block at line %d, command %d", b.line, i+1)
			fmt.Fprintf(&s, "echo %s >&2\n", shellQuote("$ "+l))
			s.WriteString(l + "\n")
			fmt.Fprintf(&s, "__rc=$?; if [ $__rc -ne %d ]; then echo \"%s: exit $__rc, want %d\" >&2; exit 1; fi\n", want, where, want)
		}
	}
	return s.String()
}

func TestWalkthroughBlocks(t *testing.T) {
	doc := "text\n<!-- walkthrough -->\n```sh\n# a comment\necho a \\\n  b\n\nfalse   # exit 1\n```\n" +
		"```sh\nnot marked\n```\n" +
		"<!-- walkthrough: background until \"ready now\" -->\n\n```sh\nserve\n```\n"
	blocks, err := walkthroughBlocks(doc)
	if err != nil {
		t.Fatal(err)
	}
	want := []walkBlock{
		{line: 5, lines: []string{"echo a    b", "false   # exit 1"}},
		{line: 16, lines: []string{"serve"}, background: true, until: "ready now"},
	}
	if fmt.Sprint(blocks) != fmt.Sprint(want) {
		t.Fatalf("got  %+v\nwant %+v", blocks, want)
	}
	for _, bad := range []string{
		"<!-- walkthrough -->\ntext\n```sh\nx\n```\n",
		"<!-- walkthrough: in the background -->\n```sh\nx\n```\n",
		"<!-- walkthrough -->\n```sh\nx\n",
	} {
		if _, err := walkthroughBlocks(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	// The script fails on the first command whose status is not the one the README gives.
	dir := t.TempDir()
	for _, c := range []struct {
		lines []string
		ok    bool
	}{
		{[]string{"true", "false # exit 1", "X=$(echo 1)", "[ $X = 1 ]"}, true},
		{[]string{"false"}, false},
		{[]string{"true # exit 3"}, false},
		{[]string{"false | true"}, false},
	} {
		script := walkthroughScript([]walkBlock{{line: 1, lines: c.lines}}, dir, time.Second)
		err := exec.Command("bash", "-c", script).Run()
		if (err == nil) != c.ok {
			t.Errorf("%q: err %v, want ok=%v", c.lines, err, c.ok)
		}
	}
}

// buildOutputs are the clone's top-level build directories, which the copy leaves out: the
// walkthrough's builds write their own. Linking forge's out/ and cache/ in particular would let
// a forge run in the copy, whose root path differs, invalidate the clone's cache and rewrite
// its artifacts under the tests running beside it.
var buildOutputs = []string{"bin", "out", "cache", "broadcast"}

// shadowClone makes dir a copy of the clone at root made of symbolic links to its top-level
// entries (no build outputs, nothing hidden), so the walkthrough builds and writes its files
// there and leaves the clone as it was.
func shadowClone(t *testing.T, root, dir string) {
	t.Helper()
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if slices.Contains(buildOutputs, e.Name()) || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if err := os.Symlink(filepath.Join(root, e.Name()), filepath.Join(dir, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
}

// TestREADMEWalkthrough runs the README's walkthrough blocks as written, with the binary the
// README itself builds, against the devnet and anvil the README starts: every command as a user
// would paste it, in one shell with a fresh home directory.
func TestREADMEWalkthrough(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs a devnet and anvil")
	}
	r := root(t)
	if _, err := anvil.Find(r); err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatal(err)
		}
		t.Skipf("the walkthrough starts anvil: %v", err)
	}
	for _, tool := range []string{"bash", "setsid", "jq", "go"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
				t.Fatal(err)
			}
			t.Skipf("the walkthrough needs %s: %v", tool, err)
		}
	}
	doc, err := os.ReadFile(filepath.Join(r, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := walkthroughBlocks(string(doc))
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) < 2 {
		t.Fatalf("the README has %d walkthrough blocks", len(blocks))
	}

	// The devnet's default ports (and any port a command names) move to free ones: the
	// defaults through their environment variables, the named ones in the text.
	ports := map[string]int{"8545": freeTCPPort(t), "8780": freeTCPPort(t)}
	for i := range blocks {
		for j, l := range blocks[i].lines {
			blocks[i].lines[j] = portRE.ReplaceAllStringFunc(l, func(s string) string {
				m := portRE.FindStringSubmatch(s)
				if _, ok := ports[m[2]]; !ok {
					ports[m[2]] = freeTCPPort(t)
				}
				return m[1] + strconv.Itoa(ports[m[2]])
			})
		}
	}

	tmp := t.TempDir()
	work, home, state := filepath.Join(tmp, "work"), filepath.Join(tmp, "home"), filepath.Join(tmp, "walkthrough")
	for _, d := range []string{work, home, state} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	shadowClone(t, r, work)
	// A fresh home, but the Go caches of this one: the walkthrough's `go build` is then warm.
	goEnv := map[string]string{}
	for _, v := range []string{"GOCACHE", "GOMODCACHE", "GOPATH"} {
		out, err := exec.Command("go", "env", v).Output()
		if err != nil {
			t.Fatal(err)
		}
		goEnv[v] = strings.TrimSpace(string(out))
	}
	env := []string{"HOME=" + home}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		// The caller's EMRCHAIN_ settings would change what the README's commands do; the
		// switches that make a missing tool fatal stay.
		if name == "HOME" || (strings.HasPrefix(name, "EMRCHAIN_") && !strings.HasPrefix(name, "EMRCHAIN_REQUIRE_")) {
			continue
		}
		env = append(env, kv)
	}
	for k, v := range goEnv {
		env = append(env, k+"="+v)
	}
	env = append(env,
		fmt.Sprintf("EMRCHAIN_DEVNET_PORT=%d", ports["8545"]),
		fmt.Sprintf("EMRCHAIN_RPC_URL=http://127.0.0.1:%d", ports["8545"]),
		fmt.Sprintf("EMRCHAIN_DEVNET_INDEXER_PORT=%d", ports["8780"]),
		fmt.Sprintf("EMRCHAIN_INDEXER_URL=http://127.0.0.1:%d", ports["8780"]),
	)

	script := walkthroughScript(blocks, state, 5*time.Minute)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", "--norc", "--noprofile", "-c", script)
	cmd.Dir, cmd.Env = work, env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	var out lockedBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	status := ""
	for status == "" {
		b, err := os.ReadFile(filepath.Join(state, "status"))
		if err == nil && strings.HasSuffix(string(b), "\n") {
			status = strings.TrimSpace(string(b))
			break
		}
		select {
		case err := <-exited:
			exited <- err
			status = fmt.Sprintf("the shell ended without a status: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
	}
	stopBackground(t, state)
	select {
	case <-exited:
	case <-time.After(2 * time.Minute):
		cancel()
		<-exited
	}
	if status != "0" || t.Failed() {
		logs, _ := filepath.Glob(filepath.Join(state, "bg-*.log"))
		for _, l := range logs {
			b, _ := os.ReadFile(l)
			t.Logf("%s:\n%s", filepath.Base(l), tail(string(b), 60))
		}
		t.Fatalf("the walkthrough failed (status %s):\n%s", status, out.String())
	}
	t.Logf("ran %d walkthrough blocks:\n%s", len(blocks), out.String())
}

// stopBackground presses Ctrl-C on every background block still running (its whole session)
// and waits for each to end, killing it after a minute. A block that had already ended before
// the walkthrough finished fails the test: it should have been running, as in its own terminal.
func stopBackground(t *testing.T, state string) {
	t.Helper()
	f, err := os.Open(filepath.Join(state, "bg.pids"))
	if errors.Is(err, os.ErrNotExist) {
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var pid, line int
		if _, err := fmt.Sscan(sc.Text(), &pid, &line); err != nil {
			t.Errorf("bg.pids: %q: %v", sc.Text(), err)
			continue
		}
		if syscall.Kill(pid, 0) != nil {
			t.Errorf("README.md:%d: the background block had ended before the walkthrough did", line)
			continue
		}
		_ = syscall.Kill(-pid, syscall.SIGINT)
		deadline := time.Now().Add(time.Minute)
		for syscall.Kill(pid, 0) == nil && time.Now().Before(deadline) {
			time.Sleep(100 * time.Millisecond)
		}
		if syscall.Kill(pid, 0) == nil {
			t.Errorf("README.md:%d: the background block did not stop on Ctrl-C", line)
			_ = syscall.Kill(-pid, syscall.SIGKILL)
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// lockedBuffer collects a process's output, read while it is written.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
