package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestAuditLoginOnTheDevnet signs in as a patient would: the devnet's indexer on the port it was
// given, `emrchain audit login`, and the page URL it prints. A busy indexer port is one line
// naming it and the flag to change it; a wrong indexer URL says nothing answers there.
func TestAuditLoginOnTheDevnet(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the CLI and runs a devnet")
	}
	dir := t.TempDir()
	bin := buildCLI(t, dir)
	dataDir := filepath.Join(dir, "data")
	port, indexerPort := freeTCPPort(t), freeTCPPort(t)
	d := startDevnet(t, bin, dataDir, port, "--indexer-port", fmt.Sprint(indexerPort))
	defer d.stop(t, syscall.SIGINT)
	indexer := fmt.Sprintf("http://127.0.0.1:%d", indexerPort)
	if d.out["indexer"] != indexer {
		t.Fatalf("devnet's indexer at %v, want %s", d.out["indexer"], indexer)
	}
	env := []string{"EMRCHAIN_PASSWORD=devnet", "EMRCHAIN_DATA_DIR=" + dataDir, "EMRCHAIN_INDEXER_URL=" + indexer}
	patient := strings.Fields(d.out["patient"].(string))[0]

	login := cliJSON(t, bin, env, "audit", "login", "--as", filepath.Join(dataDir, "identities", "patient"))
	page, err := url.Parse(login["url"].(string))
	if err != nil || page.Scheme+"://"+page.Host != indexer || page.Path != "/ui/" || page.RawQuery != "" {
		t.Fatalf("page URL %v: want %s/ui/ with the token in the fragment only", login["url"], indexer)
	}
	frag, _ := url.ParseQuery(page.Fragment)
	if frag.Get("token") != login["token"] || login["address"] != patient {
		t.Fatalf("login printed %v", login)
	}
	req, _ := http.NewRequest(http.MethodGet, indexer+"/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+frag.Get("token"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var me struct{ Address string }
	_ = json.NewDecoder(resp.Body).Decode(&me)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || me.Address != patient {
		t.Fatalf("the page's token: %d %v", resp.StatusCode, me)
	}
	resp, err = http.Get(page.Scheme + "://" + page.Host + page.Path)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the page: %v %v", resp, err)
	}
	resp.Body.Close()

	// Nothing listening at the URL given.
	code, _, stderr := runCLI(bin, env, "audit", "login", "--as", filepath.Join(dataDir, "identities", "patient"), "--indexer", fmt.Sprintf("http://127.0.0.1:%d", freeTCPPort(t)))
	if code != 1 || !strings.Contains(stderr, "no indexer answers") || strings.Count(stderr, "\n") != 1 {
		t.Fatalf("login to nothing: exit %d, stderr %q", code, stderr)
	}
	// A second devnet whose indexer port is taken.
	code, _, stderr = runCLI(bin, nil, "devnet", "--data-dir", filepath.Join(dir, "other"), "--port", fmt.Sprint(freeTCPPort(t)), "--indexer-port", fmt.Sprint(indexerPort))
	if code != 1 || !strings.Contains(stderr, fmt.Sprintf("port %d", indexerPort)) || !strings.Contains(stderr, "--indexer-port") ||
		strings.Count(stderr, "\n") != 1 || strings.Contains(stderr, "goroutine") {
		t.Fatalf("devnet with a busy indexer port: exit %d, stderr %q", code, stderr)
	}
}
