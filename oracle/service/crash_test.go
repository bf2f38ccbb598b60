package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
	"github.com/emrchain/emrchain/oracle/state"
)

// The crash tests run the oracle in a child process — this test binary, re-executed — against
// the world's chain over JSON-RPC, and kill it with os.Exit at a chosen Point: no deferred
// cleanup, no graceful shutdown, as a crash or a kill -9 would leave it.
const (
	envChild  = "EMRCHAIN_ORACLE_TEST_CHILD"
	envConfig = "EMRCHAIN_ORACLE_TEST_CONFIG"
	envCrash  = "EMRCHAIN_ORACLE_TEST_CRASH"
	crashCode = 137
)

func TestMain(m *testing.M) {
	if os.Getenv(envChild) == "1" {
		os.Exit(runChild())
	}
	os.Exit(m.Run())
}

// runChild runs an oracle from the configuration in the environment until SIGTERM, or until
// the crash point is reached.
func runChild() int {
	// Before anything else, so that a SIGTERM sent while starting is a graceful stop.
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	log := zerolog.New(os.Stderr).With().Timestamp().Logger()
	var cfg service.Config
	if err := json.Unmarshal([]byte(os.Getenv(envConfig)), &cfg); err != nil {
		log.Error().Err(err).Msg("child config")
		return 2
	}
	crash := service.Point(os.Getenv(envCrash))
	hook := func(p service.Point) {
		if p == crash {
			log.Warn().Str("point", string(p)).Msg("crashing")
			os.Exit(crashCode)
		}
	}
	svc, err := service.New(cfg, service.WithLogger(log), service.WithHook(hook))
	if err != nil {
		log.Error().Err(err).Msg("new")
		return 2
	}
	if err := svc.Start(context.Background()); err != nil {
		log.Error().Err(err).Msg("start")
		return 2
	}
	<-sig
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := svc.Stop(ctx); err != nil {
		log.Error().Err(err).Msg("stop")
		return 1
	}
	return 0
}

type child struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	done   chan struct{}
	code   int
}

func startChild(t *testing.T, cfg service.Config, crash service.Point) *child {
	t.Helper()
	b, err := json.Marshal(cfg)
	check(t, err)
	c := &child{cmd: exec.Command(os.Args[0]), done: make(chan struct{})}
	c.cmd.Env = append(os.Environ(), envChild+"=1", envConfig+"="+string(b), envCrash+"="+string(crash))
	c.cmd.Stderr = &c.stderr
	check(t, c.cmd.Start())
	go func() {
		err := c.cmd.Wait()
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			c.code = ee.ExitCode()
		}
		close(c.done)
	}()
	t.Cleanup(func() {
		select {
		case <-c.done:
		default:
			_ = c.cmd.Process.Kill()
			<-c.done
		}
		if t.Failed() || os.Getenv("ORACLE_CHILD_LOGS") != "" {
			t.Logf("child oracle log:\n%s", c.stderr.String())
		}
	})
	return c
}

func (c *child) wait(t *testing.T) int {
	t.Helper()
	select {
	case <-c.done:
		return c.code
	case <-time.After(2 * time.Minute):
		t.Fatalf("child oracle did not exit; log:\n%s", c.stderr.String())
	}
	return -1
}

// TestCrashRestart kills the oracle at each dangerous point and restarts it: every request is
// answered exactly once, and the oracle sends no transaction beyond the answers on chain.
func TestCrashRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the oracle in subprocesses")
	}
	for _, point := range []service.Point{service.PointApplied, service.PointRecorded, service.PointBroadcast, service.PointMined} {
		t.Run(string(point), func(t *testing.T) { crashAt(t, point) })
	}
}

func crashAt(t *testing.T, point service.Point) {
	w := newWorld(t, oracletest.Options{RPC: true, Parties: []string{"patient", "provider", "requester"}})
	patient, provider := setup(t, w, "requester")
	requester := w.Parties["requester"]
	const n = 4
	recs := make([]*oracletest.Record, n)
	reqs := make([]uint64, n)
	for i := range n {
		recs[i] = must[*oracletest.Record](t)(w.CreateRecord(ctx, patient, provider, oracletest.GoodCapsule))
		reqs[i] = must[uint64](t)(w.RequestAccess(ctx, requester, recs[i].ID))
		check(t, w.Grant(ctx, recs[i], requester, reqs[i], oracletest.GoodRekey))
	}
	// The oracle process owns the store directory while it runs.
	w.CloseStore()

	dir := t.TempDir()
	passFile := filepath.Join(dir, "pass")
	check(t, os.WriteFile(passFile, w.OraclePass.Reveal(), 0o600))
	cfg := w.OracleConfig()
	cfg.RPCURL = w.RPCURL
	cfg.KeyDir = w.OracleDir
	cfg.PassphraseFile = passFile
	cfg.IPFSDir = w.StoreDir()
	cfg.StatePath = filepath.Join(dir, "oracle.db")

	first := startChild(t, cfg, point)
	var hashes []common.Hash
	for _, req := range reqs {
		hashes = append(hashes, must[common.Hash](t)(w.Submit(ctx, requester, w.Set.Addresses.Access, w.Set.Access.ABI.PackGetAccess(req))))
	}
	rcpts := must[[]*types.Receipt](t)(w.Wait(ctx, hashes...))
	accs := make([]uint64, n)
	for i, r := range rcpts {
		accs[i] = must[uint64](t)(w.AccessIDOf(r))
	}
	if code := first.wait(t); code != crashCode {
		t.Fatalf("first run exited with %d, want the crash at %s (%d); log:\n%s", code, point, crashCode, first.stderr.String())
	}

	second := startChild(t, cfg, "")
	waitAnswered(t, w, accs...)
	// And the restarted oracle has settled every job: nothing left pending or in flight.
	waitFor(t, "the restarted oracle to settle its jobs", func() bool {
		st, err := state.Open(cfg.StatePath, state.Options{ReadOnly: true})
		if err != nil {
			return false
		}
		defer st.Close()
		counts, err := st.Counts(ctx, state.KindAccess)
		return err == nil && counts[state.Done] == n && counts[state.Pending]+counts[state.Sent] == 0
	})
	check(t, second.cmd.Process.Signal(syscall.SIGTERM))
	if code := second.wait(t); code != 0 {
		t.Fatalf("graceful stop exited with %d; log:\n%s", code, second.stderr.String())
	}

	check(t, w.ReopenStore())
	answers := must[*oracletest.Answers](t)(w.Answers(ctx))
	for i, acc := range accs {
		if answers.Fulfilled[acc] != 1 || len(answers.Rejected[acc]) != 0 {
			t.Fatalf("access %d: %d fulfilments, rejections %v", acc, answers.Fulfilled[acc], answers.Rejected[acc])
		}
		if k := must[[32]byte](t)(w.OpenResult(ctx, requester, answers, acc)); k != recs[i].DataKey {
			t.Fatalf("access %d opened to another key", acc)
		}
	}
	txs, err := answerTxs(w)
	check(t, err)
	if nonce := must[uint64](t)(w.OracleNonce(ctx)); nonce != uint64(txs) {
		t.Fatalf("the oracle sent %d transactions; %d carried answers", nonce, txs)
	}
	t.Logf("crash at %s: %d answers in %d transactions", point, answers.Total(), txs)
}

// answerTxs counts the distinct transactions that carried the oracle's answers.
func answerTxs(w *oracletest.World) (int, error) {
	a, err := w.Answers(ctx)
	if err != nil {
		return 0, err
	}
	if len(a.Txs) == 0 {
		return 0, fmt.Errorf("no answers on chain")
	}
	return len(a.Txs), nil
}
