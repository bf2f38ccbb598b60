package service_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/oracle/oracletest"
	"github.com/emrchain/emrchain/oracle/service"
)

var ctx = context.Background()

func newWorld(t *testing.T, opts oracletest.Options) *oracletest.World {
	t.Helper()
	w, err := oracletest.New(ctx, t.TempDir(), opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Close)
	return w
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// testLogger writes the oracle's logs to the test log, shown on failure or with -v.
func testLogger(t *testing.T) zerolog.Logger {
	return zerolog.New(zerolog.ConsoleWriter{Out: testWriter{t}, NoColor: true}).Level(zerolog.InfoLevel).With().Timestamp().Logger()
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

type oracle struct {
	*service.Service
	stopped bool
}

func startOracle(t *testing.T, w *oracletest.World, statePath string, mutate func(*service.Config), extra ...service.Option) *oracle {
	t.Helper()
	cfg := w.OracleConfig()
	if statePath == "" {
		statePath = filepath.Join(t.TempDir(), "oracle.db")
	}
	cfg.StatePath = statePath
	if mutate != nil {
		mutate(&cfg)
	}
	opts := append(w.OracleOptions(), service.WithLogger(testLogger(t)))
	svc, err := service.New(cfg, append(opts, extra...)...)
	check(t, err)
	check(t, svc.Start(ctx))
	o := &oracle{Service: svc}
	t.Cleanup(func() { o.stop(t) })
	return o
}

func (o *oracle) stop(t *testing.T) {
	if o.stopped {
		return
	}
	o.stopped = true
	sctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := o.Stop(sctx); err != nil {
		t.Errorf("stop: %v", err)
	}
}

// waitFor polls cond; the deadline guards against a hang, it is not a timing assertion.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
