package service_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/internal/anvil"
	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

// anvilDevKey is the first of anvil's well-known development accounts: public, funded only on a
// local anvil.
const anvilDevKey = "ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"

// anvilBin finds the anvil binary, or skips (CI sets EMRCHAIN_REQUIRE_TOOLCHAIN, and fails).
func anvilBin(t *testing.T) string {
	t.Helper()
	root, _ := filepath.Abs("../..")
	bin, err := anvil.Find(root)
	if err != nil {
		if os.Getenv("EMRCHAIN_REQUIRE_TOOLCHAIN") != "" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
	return bin
}

// TestCommitteeOnAnvil is the committee end to end as operators run it: anvil with 1-second blocks, a Kubo
// node, and a 3-of-5 committee whose members are separate processes, each with its own keys,
// state and passphrase file. Member 4 answers every access with fragments whose proofs fail;
// member 2 is killed (SIGKILL) after the second access and restarted after the fifth. Every
// access is answered once and read correctly by the requester from three valid fragments, the
// honest members report member 4's fault on chain for every access (the requester reports
// nothing here), and the restarted member answers again. It logs, per access, the blocks from
// get-access to the block where the third valid fragment was revealed.
func TestCommitteeOnAnvil(t *testing.T) {
	if testing.Short() {
		t.Skip("runs anvil and five proxy processes")
	}
	bin := anvilBin(t)
	api := os.Getenv("EMRCHAIN_KUBO_API")
	if api == "" {
		if os.Getenv("EMRCHAIN_REQUIRE_KUBO") != "" {
			t.Fatal("EMRCHAIN_REQUIRE_KUBO is set but EMRCHAIN_KUBO_API is not")
		}
		t.Skip(`EMRCHAIN_KUBO_API is not set; run: eval "$(scripts/kubo.sh start /tmp/kubo-test)"`)
	}
	node, err := anvil.Start(ctx, bin, nil, "--block-time", "1")
	check(t, err)
	t.Cleanup(node.Stop)
	funder, err := crypto.HexToECDSA(anvilDevKey)
	check(t, err)
	dir := t.TempDir()
	w, err := oracletest.NewOnNode(ctx, dir, node.HTTP(), funder, oracletest.Options{IPFSAPI: api, Proxies: 5,
		Parties: []string{"patient", "doctor", "doctor-b"}})
	check(t, err)
	t.Cleanup(w.Close)
	cw := &committeeWorld{World: w, dir: dir, patient: w.Parties["patient"], doctor: w.Parties["doctor"], requester: w.Parties["doctor-b"]}
	check(t, w.EnrolAs(ctx, cw.patient, client.RolePatient, ""))
	check(t, w.EnrolAs(ctx, cw.doctor, client.RoleProvider, "hospital-a"))
	check(t, w.EnrolAs(ctx, cw.requester, client.RoleProvider, "hospital-b"))
	w.ForgetNonces()

	cfgs := make([]service.Config, 5)
	children := make([]*child, 5)
	start := func(i int) {
		var env []string
		if i == 3 {
			env = append(env, envWrong+"=1")
		}
		children[i] = startChild(t, cfgs[i], "", env...)
	}
	for i, p := range w.Proxies {
		passFile := filepath.Join(dir, p.Name+".pass")
		check(t, os.WriteFile(passFile, oracletest.ProxyPass.Reveal(), 0o600))
		cfg := w.ProxyConfig(p, oracletest.ProxyStatePath(dir, p))
		cfg.RPCURL, cfg.KeyDir, cfg.PassphraseFile, cfg.IPFSAPI = node.HTTP(), p.Dir, passFile, api
		cfg.PollInterval, cfg.ReceiptPollInterval, cfg.MetricsAddr = 200*time.Millisecond, 100*time.Millisecond, ""
		cfgs[i] = cfg
		start(i)
	}
	c, err := w.CreateCommittee(ctx, w.Proxies, 3, 12)
	check(t, err)
	st, err := w.WaitCommittee(ctx, c, 5*time.Minute)
	check(t, err)
	if st != oracletest.CommitteeActive {
		t.Fatalf("committee status %d", st)
	}
	cw.committee = c
	const accesses = 8
	req := cw.grant(t, 3, accesses)
	env := cw.Env()
	var spans []uint64
	for a := 1; a <= accesses; a++ {
		switch a {
		case 3:
			check(t, children[1].cmd.Process.Kill())
			children[1].wait(t)
		case 6:
			start(1)
		}
		inv, err := env.GetAccess(ctx, cw.Identity(cw.requester), req)
		check(t, err)
		rctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
		var got bytes.Buffer
		ans, _, err := env.ReadAccess(rctx, cw.Identity(cw.requester), inv.AccessID, &got, client.AwaitOptions{Poll: 100 * time.Millisecond, NoFaultReports: true})
		cancel()
		if err != nil {
			t.Fatalf("access %d: %v", a, err)
		}
		if got.String() != note {
			t.Fatalf("access %d: read %q", a, got.String())
		}
		for _, r := range ans.Used {
			if r.Member == 4 || (r.Member == 2 && a >= 3 && a < 6) {
				t.Fatalf("access %d: used member %d's fragment", a, r.Member)
			}
		}
		spans = append(spans, revealSpan(t, cw, inv.AccessID, inv.Tx.Block))
		waitFor(t, fmt.Sprintf("member 4's fault on access %d reported by the nodes", a), func() bool {
			st, err := env.AnswerState(ctx, client.GateAccess, inv.AccessID)
			return err == nil && st.FaultMask == 1<<3
		})
	}
	// The restarted member answered the accesses made after it came back.
	for a := uint64(6); a <= accesses; a++ {
		st, err := env.AnswerState(ctx, client.GateAccess, a)
		check(t, err)
		if st.CommitMask&0b10 == 0 {
			waitFor(t, fmt.Sprintf("member 2's commit to access %d", a), func() bool {
				st, err := env.AnswerState(ctx, client.GateAccess, a)
				return err == nil && st.CommitMask&0b10 != 0
			})
		}
	}
	slices.Sort(spans)
	t.Logf("get-access → third valid fragment revealed, in blocks (1 s blocks, %d accesses): %v; max %d", accesses, spans, spans[len(spans)-1])
}

// revealSpan is the number of blocks from an access's get-access block to the block holding
// the t-th valid reveal (member 4's are not valid).
func revealSpan(t *testing.T, cw *committeeWorld, access, invoked uint64) uint64 {
	t.Helper()
	a := cw.Set.Access
	it, err := bind.FilterEvents(a.BoundContract, &bind.FilterOpts{Context: ctx, Start: invoked}, a.ABI.UnpackAnswerRevealedEvent, []any{access})
	check(t, err)
	defer it.Close()
	var blocks []uint64
	for it.Next() {
		if it.Value().Member != 4 {
			blocks = append(blocks, it.Value().Raw.BlockNumber)
		}
	}
	check(t, it.Error())
	slices.Sort(blocks)
	if len(blocks) < 3 {
		t.Fatalf("access %d: %d valid reveals", access, len(blocks))
	}
	return blocks[2] - invoked
}
