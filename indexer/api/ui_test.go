package api_test

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestUIIsServedUnderAStrictPolicy(t *testing.T) {
	e := newEnv(t)
	code, hdr, body := e.do("GET", "/ui/", "", nil)
	if code != 200 || !strings.Contains(string(body), `<script src="app.js" defer></script>`) {
		t.Fatalf("page: %d %s", code, body)
	}
	if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "default-src 'none'") {
		t.Fatalf("policy %q", csp)
	}
	if code, _, body := e.do("GET", "/ui/app.js", "", nil); code != 200 || !strings.Contains(string(body), "textContent") {
		t.Fatalf("script: %d", code)
	}
	tok := e.signIn(e.patient)
	if code, _, body := e.do("GET", "/v1/me", tok, nil); code != 200 || !strings.Contains(string(body), e.patient.addr.Hex()) {
		t.Fatalf("me: %d %s", code, body)
	}
	if code, _, _ := e.do("GET", "/v1/me", "", nil); code != 401 {
		t.Fatalf("me without a token: %d", code)
	}
}

func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("EMRCHAIN_REQUIRE_CHROMIUM") != "" {
		t.Fatal("EMRCHAIN_REQUIRE_CHROMIUM is set but no Chromium is installed (apt-get install chromium)")
	}
	t.Skip("no Chromium: apt-get install chromium to test the timeline page in a browser")
	return ""
}

// dumpDOM loads a page in headless Chromium, lets its scripts run, and returns the DOM.
func dumpDOM(t *testing.T, browser, url string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--user-data-dir="+t.TempDir(), "--virtual-time-budget=20000", "--dump-dom", url)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir())
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	return string(out)
}

func TestUIRendersTheTimelineInChromium(t *testing.T) {
	browser := chromium(t)
	e := newEnv(t)
	dom := dumpDOM(t, browser, e.srv.URL+"/ui/#token="+e.signIn(e.patient))
	if n := strings.Count(dom, `<tr class="entry`); n != 100 {
		t.Fatalf("%d rows rendered, want the first page of 100:\n%s", n, dom)
	}
	for _, want := range []string{"Signed in as " + e.patient.addr.Hex(), `data-action="enrolled"`, `data-action="requester-added"`, "100 entries"} {
		if !strings.Contains(dom, want) {
			t.Fatalf("page lacks %q:\n%s", want, dom)
		}
	}
	if strings.Contains(dom, `id="more" type="button" hidden`) {
		t.Fatal("no button for the older entries")
	}

	// Someone else's token shows the refusal, and no entries.
	stranger := e.signIn(newUser(t))
	dom = dumpDOM(t, browser, e.srv.URL+"/ui/#token="+stranger+"&patient="+e.patient.addr.Hex())
	if strings.Contains(dom, `<tr class="entry`) || !strings.Contains(dom, "Error: only the patient") {
		t.Fatalf("stranger's view:\n%s", dom)
	}
}
