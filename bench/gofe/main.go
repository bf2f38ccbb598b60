// Command gofe times gofe's FAME (github.com/fentec-project/gofe/abe, on
// BN256) for emrchain's benchmark report, which runs it beside its own
// CP-ABE in the same run (bench.CPABE). It lives in a module of its own so
// that emrchain's module never depends on gofe.
//
// It takes one JSON argument, {"ms": CPU milliseconds per measurement,
// "wallMs": wall-time cap per measurement, "sizes": [attribute counts],
// "only": [operation names]}, and prints one JSON object: gofe's version,
// Go's, GOMAXPROCS and, per operation, the mean CPU milliseconds (user +
// system of the whole process) and wall milliseconds per call.
//
// Operations, at n attributes with an AND policy over all of them:
// "setup", "keygen-n" (a key for the n attributes), "encrypt-n" (a 32-byte
// message) and "decrypt-n" (of an in-memory ciphertext: gofe has no
// serialisation, so no parsing or point validation is included).
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fentec-project/gofe/abe"
)

type config struct {
	MS     float64  `json:"ms"`
	WallMS float64  `json:"wallMs"`
	Sizes  []int    `json:"sizes"`
	Only   []string `json:"only"`
}

type op struct {
	CPU   float64 `json:"cpu_ms"`
	Wall  float64 `json:"ms"`
	Calls int     `json:"calls"`
}

type report struct {
	Package    string        `json:"package"`
	Version    string        `json:"version"`
	Go         string        `json:"go"`
	GOMAXPROCS int           `json:"gomaxprocs"`
	Ops        map[string]op `json:"ops"`
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gofe bench:", err)
		os.Exit(1)
	}
}

func run() error {
	if len(os.Args) != 2 {
		return fmt.Errorf("usage: gofe '{\"ms\":250,\"wallMs\":3000,\"sizes\":[5,10,25]}'")
	}
	var cfg config
	if err := json.Unmarshal([]byte(os.Args[1]), &cfg); err != nil {
		return fmt.Errorf("config: %w", err)
	}
	if cfg.MS <= 0 || cfg.WallMS <= 0 || len(cfg.Sizes) == 0 {
		return fmt.Errorf("config needs ms, wallMs and sizes")
	}
	out := report{Package: "github.com/fentec-project/gofe", Version: version(), Go: runtime.Version(),
		GOMAXPROCS: runtime.GOMAXPROCS(0), Ops: map[string]op{}}
	want := func(name string) bool { return len(cfg.Only) == 0 || slices.Contains(cfg.Only, name) }

	f := abe.NewFAME()
	pk, sk, err := f.GenerateMasterKeys()
	if err != nil {
		return err
	}
	if want("setup") {
		out.Ops["setup"], err = measure(cfg, func() error { _, _, err := f.GenerateMasterKeys(); return err })
		if err != nil {
			return fmt.Errorf("setup: %w", err)
		}
	}
	msg := strings.Repeat("k", 32)
	for _, n := range cfg.Sizes {
		attrs := make([]string, n)
		for i := range attrs {
			attrs[i] = fmt.Sprintf("a%d", i)
		}
		msp, err := abe.BooleanToMSP(strings.Join(attrs, " AND "), false)
		if err != nil {
			return fmt.Errorf("policy of %d: %w", n, err)
		}
		if name := fmt.Sprintf("keygen-%d", n); want(name) {
			if out.Ops[name], err = measure(cfg, func() error { _, err := f.GenerateAttribKeys(attrs, sk); return err }); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		if name := fmt.Sprintf("encrypt-%d", n); want(name) {
			if out.Ops[name], err = measure(cfg, func() error { _, err := f.Encrypt(msg, msp, pk); return err }); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
		if name := fmt.Sprintf("decrypt-%d", n); want(name) {
			key, err := f.GenerateAttribKeys(attrs, sk)
			if err != nil {
				return err
			}
			ct, err := f.Encrypt(msg, msp, pk)
			if err != nil {
				return err
			}
			if out.Ops[name], err = measure(cfg, func() error {
				got, err := f.Decrypt(ct, key, pk)
				if err == nil && got != msg {
					err = fmt.Errorf("decrypted %q", got)
				}
				return err
			}); err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
		}
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

// measure runs op in doubling batches until it has used cfg.MS of process
// CPU time (or cfg.WallMS of wall time on a machine too busy to give it
// that), reading the clocks only between batches, after one untimed call.
func measure(cfg config, f func() error) (op, error) {
	if err := f(); err != nil {
		return op{}, err
	}
	n, batch := 0, 1
	cpu0, wall0 := processCPU(), time.Now()
	for {
		for range batch {
			if err := f(); err != nil {
				return op{}, err
			}
		}
		n += batch
		if n >= 3 && (float64((processCPU()-cpu0).Milliseconds()) >= cfg.MS || float64(time.Since(wall0).Milliseconds()) >= cfg.WallMS) {
			break
		}
		batch = min(2*batch, 1024)
	}
	cpu, wall := processCPU()-cpu0, time.Since(wall0)
	return op{CPU: float64(cpu.Nanoseconds()) / 1e6 / float64(n), Wall: float64(wall.Nanoseconds()) / 1e6 / float64(n), Calls: n}, nil
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// version is the gofe module version this binary was built with.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, d := range bi.Deps {
			if d.Path == "github.com/fentec-project/gofe" {
				return d.Version
			}
		}
	}
	return "unknown"
}
