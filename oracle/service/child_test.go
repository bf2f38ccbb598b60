package service_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"os/signal"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/oracle/service"
)

// The crash tests run the oracle in a child process — this test binary, re-executed — against
// the world's chain over JSON-RPC, and kill it with os.Exit at a chosen Point: no deferred
// cleanup, no graceful shutdown, as a crash or a kill -9 would leave it.
const (
	envChild  = "EMRCHAIN_ORACLE_TEST_CHILD"
	envConfig = "EMRCHAIN_ORACLE_TEST_CONFIG"
	envCrash  = "EMRCHAIN_ORACLE_TEST_CRASH"
	envWrong  = "EMRCHAIN_ORACLE_TEST_WRONG" // "1": answer with fragments whose proofs fail
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
	// The answer points are also passed while the node takes part in a committee's key
	// generation (its transactions go through the same manager): they count only once the node
	// works on an answer.
	var answering atomic.Bool
	hook := func(p service.Point) {
		if p == service.PointWork {
			answering.Store(true)
		}
		armed := crash == service.PointDealDrawn || crash == service.PointDealRecorded || answering.Load()
		if p == crash && armed {
			log.Warn().Str("point", string(p)).Msg("crashing")
			os.Exit(crashCode)
		}
	}
	opts := []service.Option{service.WithLogger(log), service.WithHook(hook)}
	if os.Getenv(envWrong) == "1" {
		opts = append(opts, service.WithWrongAnswers())
	}
	svc, err := service.New(cfg, opts...)
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

func startChild(t *testing.T, cfg service.Config, crash service.Point, env ...string) *child {
	t.Helper()
	b, err := json.Marshal(cfg)
	check(t, err)
	c := &child{cmd: exec.Command(os.Args[0]), done: make(chan struct{})}
	c.cmd.Env = append(append(os.Environ(), envChild+"=1", envConfig+"="+string(b), envCrash+"="+string(crash)), env...)
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
