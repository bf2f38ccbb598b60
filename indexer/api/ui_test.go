package api_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/indexer/directory"
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
	if code, _, body := e.do("GET", "/ui/app.js", "", nil); code != 200 || !strings.Contains(string(body), "textContent") || strings.Contains(string(body), "innerHTML") {
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

// browse opens url in headless Chromium with a window of width×height CSS pixels, in the given
// time zone and language, waits until the page's status line has settled, and returns the
// browser context for inspecting the page.
func browse(t *testing.T, browser, url string, width, height int, tz, lang string) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(browser), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height), chromedp.Flag("lang", lang),
		chromedp.Env("TZ="+tz, "LANG="+lang+".UTF-8", "HOME="+t.TempDir()))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(width), int64(height)), chromedp.Navigate(url),
		chromedp.Poll[chromedp.Void](`document.getElementById("status").textContent !== ""`, chromedp.WithPollingTimeout(time.Minute))); err != nil {
		t.Fatalf("chromium at %dpx: %v", width, err)
	}
	return ctx
}

func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	out, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return out
}

// layout is what the page looks like, measured in the browser.
type layout struct {
	ScrollWidth, ClientWidth int
	Widest                   float64 // the right edge furthest right of any element
	Actions                  []string
	Times, DateTimes         []string
	Summaries, Texts         []string
	Status, Who              string
}

const measure = `(() => {
  const entries = [...document.querySelectorAll("li.entry")];
  let widest = 0;
  for (const el of document.querySelectorAll("body *")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && !el.closest("details:not([open]) > :not(summary)")) widest = Math.max(widest, r.right);
  }
  return {
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth, widest,
    actions: entries.map(e => e.dataset.action),
    times: entries.map(e => e.querySelector("time").textContent),
    dateTimes: entries.map(e => e.querySelector("time").dateTime),
    summaries: entries.map(e => e.querySelector(".summary").textContent),
    texts: entries.map(e => e.innerText),
    status: document.getElementById("status").textContent,
    who: document.getElementById("who").textContent,
  };
})()`

// The page is for patients: names instead of addresses, actions in words, the purpose, times in
// the reader's own zone, newest first, and one column that fits a phone.
func TestUIShowsATimelineAPatientCanReadOnDesktopAndPhone(t *testing.T) {
	browser := chromium(t)
	doctor, oracle, insurer := common.Address{0xd0}, common.Address{0x0c}, common.Address{0x1e}
	dir := directory.New(directory.File{
		Records:       []string{`{"name":"Pat Example","nhs":"123"}`, "Dr Ada", "oracle"},
		Organisations: []string{"hospital-b", "acme-insurance"},
	}, client.OrgID)
	e := newEnvWith(t, dir, story(doctor, oracle, insurer))
	url := e.srv.URL + "/ui/#token=" + e.signIn(e.patient)

	kolkata, err := time.LoadLocation("Asia/Kolkata")
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []struct {
		name          string
		width, height int
	}{{"desktop", 1280, 900}, {"phone", 420, 900}} {
		t.Run(w.name, func(t *testing.T) {
			ctx := browse(t, browser, url, w.width, w.height, "Asia/Kolkata", "en_GB")
			l := eval[layout](t, ctx, measure)
			if l.ScrollWidth > l.ClientWidth || l.Widest > float64(l.ClientWidth)+0.5 {
				t.Fatalf("at %dpx the page is %dpx wide (an element reaches %.1fpx): it scrolls sideways", w.width, l.ScrollWidth, l.Widest)
			}
			if got := strings.Join(l.Actions, " "); got != "access-rejected access-invoked access-fulfilled answer-committed answer-committed access-invoked access-granted access-requested access-requested enrolled" {
				t.Fatalf("entries in order %s, want newest first", got)
			}
			// Shown in the reader's zone: a block at 22:13 UTC is after 03:43 the next day in Kolkata.
			utc, err := time.Parse(time.RFC3339, l.DateTimes[0])
			if err != nil {
				t.Fatal(err)
			}
			local := utc.In(kolkata)
			if day := local.Format("2"); !strings.Contains(l.Times[0], day) || !strings.Contains(l.Times[0], local.Format("3:04")) || local.Day() == utc.Day() {
				t.Fatalf("newest entry at %q (%s), want the reader's local time %s", l.Times[0], l.DateTimes[0], local.Format(time.RFC1123))
			}
			for i, want := range map[int]string{
				0: "Dr Ada was refused the key to a record in your file",
				2: "Dr Ada received the key to read a record in your file, from nodes oracle and 0x0d00…0000",
				6: "You allowed Dr Ada to read a record in your file, through nodes oracle and 0x0d00…0000",
				8: "Dr Ada asked to read a record in your file",
			} {
				if l.Summaries[i] != want {
					t.Errorf("entry %d reads %q, want %q", i, l.Summaries[i], want)
				}
			}
			for i, want := range map[int][]string{
				0: {"Refused: the access was withdrawn", "Dr Ada (provider, hospital-b)", "Purpose", "treatment"},
				2: {"Answered by", "oracle (proxy), 0x0d00…0000", "Through", "access the patient granted"},
				6: {"Nodes", "oracle (proxy), 0x0d00…0000 (2 needed)", "Uses allowed"},
				7: {"(requester, acme-insurance)", "not one of the usual purposes"},
				8: {"Purpose", "treatment", "Dr Ada (provider, hospital-b)"},
			} {
				for _, s := range want {
					if !strings.Contains(l.Texts[i], s) {
						t.Errorf("entry %d lacks %q:\n%s", i, s, l.Texts[i])
					}
				}
			}
			for _, text := range l.Texts {
				for _, jargon := range []string{"access-", "record-", "GRANT_NOT_LIVE", "role-", "success", "Invoked", "Fulfilled"} {
					if strings.Contains(text, jargon) {
						t.Errorf("an entry shows %q:\n%s", jargon, text)
					}
				}
			}
			if l.Who != "Signed in as Pat Example ("+e.patient.addr.Hex()+")" || !strings.Contains(l.Status, "10 entries, newest first") {
				t.Fatalf("header %q, status %q", l.Who, l.Status)
			}
		})
	}
}

// Pages of older entries come on request, and someone else's token shows the refusal.
func TestUIPagesAndRefusesStrangers(t *testing.T) {
	browser := chromium(t)
	e := newEnv(t) // 152 entries: four pages of 50
	ctx := browse(t, browser, e.srv.URL+"/ui/#token="+e.signIn(e.patient), 420, 800, "UTC", "en_US")
	if n := eval[int](t, ctx, `document.querySelectorAll("li.entry").length`); n != 50 {
		t.Fatalf("%d entries on the first page, want 50", n)
	}
	if first := eval[string](t, ctx, `document.querySelector("li.entry").dataset.action`); first != "access-requested" {
		t.Fatalf("first entry %s, want the newest (the access request)", first)
	}
	// A double click asks for the next page once: whether the second click lands while the first
	// page is loading or after, no entry is shown twice.
	count := func() int { return eval[int](t, ctx, `document.querySelectorAll("li.entry").length`) }
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("more")), chromedp.Click(chromedp.ID("more"))); err != nil {
		t.Fatal(err)
	}
	for n := 50; n < 152; {
		if err := chromedp.Do(ctx, chromedp.Poll[chromedp.Void](fmt.Sprintf(`document.querySelectorAll("li.entry").length > %d`, n), chromedp.WithPollingTimeout(30*time.Second))); err != nil {
			t.Fatalf("waiting for more than %d entries: %v", n, err)
		}
		// Let a request in flight land before looking again.
		if err := chromedp.Do(ctx, chromedp.Sleep(200*time.Millisecond)); err != nil {
			t.Fatal(err)
		}
		if n = count(); n < 152 {
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("more"))); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n := count(); n != 152 {
		t.Fatalf("%d entries after the last page, want 152", n)
	}
	keys := eval[[]string](t, ctx, `[...document.querySelectorAll("li.entry")].map(e => e.id)`)
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Fatalf("an entry is shown twice: %s", k)
		}
		seen[k] = true
	}
	if last := eval[string](t, ctx, `[...document.querySelectorAll("li.entry")].pop().dataset.action`); last != "enrolled" {
		t.Fatalf("last entry %s, want the oldest (the enrolment)", last)
	}
	if eval[bool](t, ctx, `!document.getElementById("more").hidden`) {
		t.Fatal("the button for older entries is still there after the last page")
	}

	stranger := e.signIn(newUser(t))
	ctx = browse(t, browser, e.srv.URL+"/ui/#token="+stranger+"&patient="+e.patient.addr.Hex(), 1280, 800, "UTC", "en_US")
	status := eval[string](t, ctx, `document.getElementById("status").textContent`)
	if n := eval[int](t, ctx, `document.querySelectorAll("li.entry").length`); n != 0 || !strings.Contains(status, "Error: only the patient") {
		t.Fatalf("stranger's view: %d entries, status %q", n, status)
	}
	// The token never stays in the address bar.
	if href := eval[string](t, ctx, `location.href`); strings.Contains(href, "token") {
		t.Fatalf("address bar keeps the token: %s", href)
	}
}
