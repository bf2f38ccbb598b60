package bench

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/kubo"
)

const (
	recordsSection = "Large records"

	// recordsGoalRSS is the bound on peak resident memory at every step.
	recordsGoalRSS = 128 << 20
	// recordsGoalRatio bounds put + get against the disk's own write-then-read of the same
	// number of bytes, measured in the same run.
	recordsGoalRatio = 1.5
	// recordsGoalAt is the size the goals are stated for.
	recordsGoalAt = 4 << 30
	// recordsQuickSize is what Quick mode moves: enough to cross every buffer and prefetch
	// window, small enough for a test.
	recordsQuickSize = 64 << 20

	// RecordSizeEnv overrides the record size of the suite, e.g. "1GiB"; the goals are stated
	// for 4 GiB.
	RecordSizeEnv = "EMRCHAIN_BENCH_RECORD_SIZE"
	// RecordDirEnv names where the suite writes its store and floor file (default: the
	// temporary directory). It needs the record's size plus 1 GiB free.
	RecordDirEnv = "EMRCHAIN_BENCH_DIR"
	// KuboPIDEnv, with EMRCHAIN_KUBO_API, lets the suite read the Kubo daemon's own peak
	// memory (scripts/kubo.sh prints both).
	KuboPIDEnv = "EMRCHAIN_KUBO_PID"

	// childEnv carries a step's spec to a child process; see RunChild.
	childEnv = "EMRCHAIN_BENCH_CHILD"

	recordsRowFloor  = "disk floor: write + fsync, then read back"
	recordsRowCrypto = "crypto floor: the 6 SHA-256 and 2 AES-256-GCM passes a put and a get need"
)

func recordsRowName(backend, what string, size int64) string {
	return fmt.Sprintf("%s %s %s", backend, what, humanize.IBytes(uint64(size)))
}

// Records measures the whole data path of a large record, as `record put` and `record get` run
// it (client.SealToStore and client.OpenFromStore), on the embedded store and, when
// EMRCHAIN_KUBO_API names a node, on Kubo. Each step runs in a child process (the running
// binary, re-executed; see RunChild), so its peak resident memory is the kernel's own figure
// (getrusage's ru_maxrss of the child) and not the benchmark harness's. The floor is this disk
// writing, fsyncing and reading back the same number of bytes from the same kind of child,
// measured in the same run just before.
func Records(ctx context.Context, cfg Config) ([]Measurement, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	size := int64(recordsGoalAt)
	if cfg.Quick {
		size = recordsQuickSize
	}
	if v := os.Getenv(RecordSizeEnv); v != "" {
		n, err := humanize.ParseBytes(v)
		if err != nil || n == 0 {
			return nil, fmt.Errorf("records bench: $%s %q: want a size such as 4GiB", RecordSizeEnv, v)
		}
		size = int64(n)
	}
	base := os.Getenv(RecordDirEnv)
	if base == "" {
		base = os.TempDir()
	}
	if err := checkFreeSpace(base, uint64(size)+1<<30); err != nil {
		return nil, fmt.Errorf("records bench: %w", err)
	}
	dir, err := os.MkdirTemp(base, "emrchain-bench-records")
	if err != nil {
		return nil, fmt.Errorf("records bench: %w", err)
	}
	defer os.RemoveAll(dir)

	key, err := crypto.GenerateKey()
	if err != nil {
		return nil, err
	}
	var dataKey [32]byte
	if _, err := rand.Read(dataKey[:]); err != nil {
		return nil, err
	}
	spec := childSpec{Size: size, Key: hex.EncodeToString(crypto.FromECDSA(key)), DataKey: hex.EncodeToString(dataKey[:])}

	floorSpec := spec
	floorSpec.Op, floorSpec.Path = "floor", filepath.Join(dir, "floor")
	floor, err := runChild(ctx, floorSpec)
	if err != nil {
		return nil, fmt.Errorf("records bench: disk floor: %w", err)
	}
	floorSec := floor.Write.Seconds() + floor.Read.Seconds()
	cryptoSpec := spec
	cryptoSpec.Op = "crypto"
	cr, err := runChild(ctx, cryptoSpec)
	if err != nil {
		return nil, fmt.Errorf("records bench: crypto floor: %w", err)
	}
	// Per direction: SHA-256 of the plaintext (the provider's signature), of the sealed stream
	// (the content hash on chain) and of every block (its CID), and AES-256-GCM once.
	cryptoCPU := 6*cr.Hash.Seconds() + 2*cr.GCM.Seconds()
	cores := float64(runtime.NumCPU())
	rows := []Measurement{{
		Section: recordsSection, Name: recordsFloorName(size), Value: floorSec, Unit: "s",
		Ratio: fmt.Sprintf("write %.0f MB/s, read %.0f MB/s, %.1f s CPU; load average %s when it started (the cores here are shared: wall times follow the load)",
			mbps(size, floor.Write), mbps(size, floor.Read), floor.CPU.Seconds(), floor.Load),
	}, {
		Section: recordsSection, Name: fmt.Sprintf("%s, %s", recordsRowCrypto, humanize.IBytes(uint64(size))), Value: cryptoCPU, Unit: "s CPU",
		Ratio: fmt.Sprintf("SHA-256 %.0f MB/s, AES-GCM %.0f MB/s on one core; on %d cores at least %.1f s, %.2f× the disk floor before any I/O",
			mbps(size, cr.Hash), mbps(size, cr.GCM), int(cores), cryptoCPU/cores, cryptoCPU/cores/floorSec),
	}}

	type backend struct{ name, store string }
	backends := []backend{{"embedded", "embedded:" + filepath.Join(dir, "ipfs")}}
	if api := os.Getenv("EMRCHAIN_KUBO_API"); api != "" {
		backends = append(backends, backend{"Kubo", "kubo:" + api})
	}
	for _, b := range backends {
		r, err := recordsBackend(ctx, spec, b.name, b.store, floorSec)
		if err != nil {
			return nil, fmt.Errorf("records bench %s: %w", b.name, err)
		}
		rows = append(rows, r...)
		if b.name == "embedded" {
			// Give the disk back before the next backend writes its copy.
			if err := os.RemoveAll(filepath.Join(dir, "ipfs")); err != nil {
				return nil, fmt.Errorf("records bench: %w", err)
			}
		}
	}
	return rows, nil
}

func recordsBackend(ctx context.Context, spec childSpec, name, store string, floorSec float64) ([]Measurement, error) {
	kuboPID := 0
	if strings.HasPrefix(store, "kubo:") {
		kuboPID, _ = strconv.Atoi(os.Getenv(KuboPIDEnv))
	}
	spec.Store = store
	put := spec
	put.Op = "put"
	resetPeak(kuboPID)
	pr, err := runChild(ctx, put)
	if err != nil {
		return nil, fmt.Errorf("seal+store: %w", err)
	}
	kuboPut := readPeak(kuboPID)
	defer func() { _ = removeObject(store, pr.CID) }()

	get := spec
	get.Op, get.CID, get.ContentHash, get.Signer = "get", pr.CID, pr.ContentHash, pr.Signer
	resetPeak(kuboPID)
	gr, err := runChild(ctx, get)
	if err != nil {
		return nil, fmt.Errorf("fetch+open: %w", err)
	}
	kuboGet := readPeak(kuboPID)
	if gr.Bytes != spec.Size {
		return nil, fmt.Errorf("fetch+open gave %d bytes of the %d sealed", gr.Bytes, spec.Size)
	}

	size := spec.Size
	goalNote := ""
	if size != recordsGoalAt {
		goalNote = fmt.Sprintf(" (goal stated at %s)", humanize.IBytes(recordsGoalAt))
	}
	rssRow := func(what string, r childResult, kuboPeak uint64) Measurement {
		m := Measurement{
			Section: recordsSection, Name: recordsRowName(name, what+" peak RSS", size), Value: float64(r.MaxRSS) / (1 << 20), Unit: "MiB",
			Goal: fmt.Sprintf("≤ %d MiB%s", recordsGoalRSS>>20, goalNote), GoalMet: AtMost(float64(r.MaxRSS), recordsGoalRSS),
			Ratio: fmt.Sprintf("%.1f s, %.0f MB/s, %.1f s CPU", r.Elapsed.Seconds(), mbps(size, r.Elapsed), r.CPU.Seconds()),
		}
		if kuboPeak > 0 {
			m.Reference = fmt.Sprintf("the Kubo daemon's own peak RSS %.0f MiB", float64(kuboPeak)/(1<<20))
		}
		return m
	}
	total := pr.Elapsed.Seconds() + gr.Elapsed.Seconds()
	ratio := total / floorSec
	return []Measurement{
		rssRow("seal+store", pr, kuboPut),
		rssRow("fetch+open", gr, kuboGet),
		{
			Section: recordsSection, Name: recordsRowName(name, "seal+store, then fetch+open", size), Value: total, Unit: "s",
			Reference: fmt.Sprintf("disk floor %.1f s (same run)", floorSec),
			Goal:      fmt.Sprintf("≤ %.1f× the disk floor%s", recordsGoalRatio, goalNote), GoalMet: AtMost(ratio, recordsGoalRatio),
			Ratio: fmt.Sprintf("%.2f× the disk floor", ratio),
		},
	}, nil
}

func recordsFloorName(size int64) string {
	return fmt.Sprintf("%s %s", recordsRowFloor, humanize.IBytes(uint64(size)))
}

func mbps(n int64, d time.Duration) float64 { return float64(n) / 1e6 / d.Seconds() }

// checkFreeSpace refuses to start writing GiBs onto a disk that cannot take them.
func checkFreeSpace(dir string, need uint64) error {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return fmt.Errorf("free space in %s: %w", dir, err)
	}
	if free := st.Bavail * uint64(st.Bsize); free < need {
		return fmt.Errorf("%s has %s free, the suite needs %s: set $%s to a smaller size or $%s to another disk",
			dir, humanize.IBytes(free), humanize.IBytes(need), RecordSizeEnv, RecordDirEnv)
	}
	return nil
}

// childSpec is one step for a child process.
type childSpec struct {
	Op          string `json:"op"` // floor, put, get
	Size        int64  `json:"size"`
	Path        string `json:"path,omitempty"`  // floor: the file to write
	Store       string `json:"store,omitempty"` // embedded:DIR or kubo:URL
	Key         string `json:"key"`             // the provider's signing key (a throwaway)
	DataKey     string `json:"dataKey"`
	CID         string `json:"cid,omitempty"`
	ContentHash string `json:"contentHash,omitempty"`
	Signer      string `json:"signer,omitempty"`
}

// childResult is what a child reports on stdout, its own peak RSS included.
type childResult struct {
	Elapsed     time.Duration `json:"elapsed"`
	Write       time.Duration `json:"write,omitempty"`
	Read        time.Duration `json:"read,omitempty"`
	Load        string        `json:"load,omitempty"`
	Hash        time.Duration `json:"hash,omitempty"` // CPU time of one SHA-256 pass
	GCM         time.Duration `json:"gcm,omitempty"`  // CPU time of one AES-256-GCM pass
	CID         string        `json:"cid,omitempty"`
	ContentHash string        `json:"contentHash,omitempty"`
	Signer      string        `json:"signer,omitempty"`
	Bytes       int64         `json:"bytes"`
	// MaxRSS is the child's peak resident memory in bytes, read by the child itself from
	// /proc/self/status (VmHWM) as it finishes. The parent's wait4 rusage cannot be used for it:
	// Go starts a child with vfork semantics, sharing the parent's address space until exec, and
	// Linux carries that space's high-water mark into the child's ru_maxrss, so every child of a
	// large benchmark process reported the parent's peak.
	MaxRSS int64 `json:"maxRSS"`
	// CPU is the child's user and system time: unlike wall time, load from other processes on a
	// shared machine does not inflate it.
	CPU time.Duration `json:"-"`
}

// runChild runs spec in a fresh copy of the running binary and returns its result and peak RSS.
func runChild(ctx context.Context, spec childSpec) (childResult, error) {
	self, err := os.Executable()
	if err != nil {
		return childResult{}, err
	}
	b, err := json.Marshal(spec)
	if err != nil {
		return childResult{}, err
	}
	cmd := exec.CommandContext(ctx, self)
	cmd.Env = append(os.Environ(), childEnv+"="+string(b))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return childResult{}, fmt.Errorf("%s step: %v: %s", spec.Op, err, strings.TrimSpace(stderr.String()))
	}
	var res childResult
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return childResult{}, fmt.Errorf("%s step answered %q: %w", spec.Op, stdout.String(), err)
	}
	if res.MaxRSS <= 0 {
		return childResult{}, fmt.Errorf("%s step reported no peak RSS", spec.Op)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return childResult{}, errors.New("no resource usage for the child process")
	}
	res.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return res, nil
}

// RunChild runs a step of the Records suite when this process was started as its child, and
// reports whether it was; the caller then exits with code. Every program that runs the suite
// calls it first thing: emrchain's main and the bench package's TestMain. Re-executing the
// running binary means the step runs exactly the code being measured, in a process whose memory
// is its own.
func RunChild() (ran bool, code int) {
	raw, ok := os.LookupEnv(childEnv)
	if !ok {
		return false, 0
	}
	var spec childSpec
	if err := json.Unmarshal([]byte(raw), &spec); err != nil {
		fmt.Fprintf(os.Stderr, "benchmark child: bad spec: %v\n", err)
		return true, 1
	}
	res, err := runStep(context.Background(), spec)
	if err != nil {
		fmt.Fprintf(os.Stderr, "benchmark child %s: %v\n", spec.Op, err)
		return true, 1
	}
	if res.MaxRSS = int64(readPeak(os.Getpid())); res.MaxRSS == 0 {
		fmt.Fprintf(os.Stderr, "benchmark child %s: no VmHWM in /proc/self/status\n", spec.Op)
		return true, 1
	}
	if err := json.NewEncoder(os.Stdout).Encode(res); err != nil {
		return true, 1
	}
	return true, 0
}

func runStep(ctx context.Context, spec childSpec) (childResult, error) {
	switch spec.Op {
	case "floor":
		return floorStep(spec)
	case "crypto":
		return cryptoStep(spec)
	}
	keyBytes, err := hex.DecodeString(spec.Key)
	if err != nil {
		return childResult{}, err
	}
	key, err := crypto.ToECDSA(keyBytes)
	if err != nil {
		return childResult{}, err
	}
	dk, err := hex.DecodeString(spec.DataKey)
	if err != nil || len(dk) != 32 {
		return childResult{}, fmt.Errorf("bad data key")
	}
	st, closeStore, err := openStep(spec.Store)
	if err != nil {
		return childResult{}, err
	}
	defer closeStore()
	ad := []byte("emrchain bench: a large record")
	switch spec.Op {
	case "put":
		return putStep(ctx, st, spec, key, [32]byte(dk), ad)
	case "get":
		return getStep(ctx, st, spec, [32]byte(dk), ad)
	}
	return childResult{}, fmt.Errorf("unknown step %q", spec.Op)
}

func openStep(spec string) (storage.Store, func(), error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch kind {
	case "embedded":
		st, err := embedded.Open(arg)
		if err != nil {
			return nil, nil, err
		}
		return st, func() { st.Close() }, nil
	case "kubo":
		st, err := kubo.New(arg)
		return st, func() {}, err
	}
	return nil, nil, fmt.Errorf("unknown store %q", spec)
}

func putStep(ctx context.Context, st storage.Store, spec childSpec, key *ecdsa.PrivateKey, dataKey [32]byte, ad []byte) (childResult, error) {
	signer, err := envelope.NewEthereumSigner(key)
	if err != nil {
		return childResult{}, err
	}
	start := time.Now()
	c, sealed, err := client.SealToStore(ctx, st, nil, newPattern(spec.Size), dataKey, signer, ad, nil)
	if err != nil {
		return childResult{}, err
	}
	return childResult{
		Elapsed: time.Since(start), CID: c.String(), Bytes: sealed.PlaintextSize,
		ContentHash: hex.EncodeToString(sealed.SealedSHA256[:]), Signer: crypto.PubkeyToAddress(key.PublicKey).Hex(),
	}, nil
}

func getStep(ctx context.Context, st storage.Store, spec childSpec, dataKey [32]byte, ad []byte) (childResult, error) {
	c, err := storage.ParseCID(spec.CID)
	if err != nil {
		return childResult{}, err
	}
	h, err := hex.DecodeString(spec.ContentHash)
	if err != nil || len(h) != 32 {
		return childResult{}, fmt.Errorf("bad content hash")
	}
	start := time.Now()
	opened, err := client.OpenFromStore(ctx, st, c, dataKey, ad, [32]byte(h), common.HexToAddress(spec.Signer), io.Discard, nil)
	if err != nil {
		return childResult{}, err
	}
	return childResult{Elapsed: time.Since(start), Bytes: opened.PlaintextSize}, nil
}

// floorStep writes the bytes a put would, fsyncs them, reads them back and deletes the file.
func floorStep(spec childSpec) (childResult, error) {
	load, _ := os.ReadFile("/proc/loadavg")
	res := childResult{Load: strings.Join(strings.Fields(string(load))[:min(3, len(strings.Fields(string(load))))], " ")}
	f, err := os.Create(spec.Path)
	if err != nil {
		return res, err
	}
	defer os.Remove(spec.Path)
	buf := make([]byte, 1<<20)
	start := time.Now()
	n, err := io.CopyBuffer(f, newPattern(spec.Size), buf)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return res, err
	}
	res.Write = time.Since(start)
	start = time.Now()
	f, err = os.Open(spec.Path)
	if err != nil {
		return res, err
	}
	defer f.Close()
	m, err := io.CopyBuffer(io.Discard, f, buf)
	if err != nil {
		return res, err
	}
	if m != n {
		return res, fmt.Errorf("read back %d of %d bytes", m, n)
	}
	res.Read, res.Bytes = time.Since(start), m
	res.Elapsed = res.Write + res.Read
	return res, nil
}

// cryptoStep measures the CPU time of one SHA-256 pass and one AES-256-GCM pass (64 KiB
// chunks, as the envelope seals) over the record's size: the work no design that hashes for
// the signature, the content hash and the CIDs can avoid.
func cryptoStep(spec childSpec) (childResult, error) {
	block, err := aes.NewCipher(make([]byte, 32))
	if err != nil {
		return childResult{}, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return childResult{}, err
	}
	buf := make([]byte, 64<<10)
	out := make([]byte, 0, len(buf)+aead.Overhead())
	nonce := make([]byte, aead.NonceSize())
	var res childResult
	res.Hash, err = cpuTime(func() error {
		h := sha256.New()
		_, err := io.CopyBuffer(h, newPattern(spec.Size), buf)
		return err
	})
	if err != nil {
		return res, err
	}
	res.GCM, err = cpuTime(func() error {
		src := newPattern(spec.Size)
		for {
			n, err := io.ReadFull(src, buf)
			if n > 0 {
				out = aead.Seal(out[:0], nonce, buf[:n], nil)
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return nil
			} else if err != nil {
				return err
			}
		}
	})
	res.Bytes = spec.Size
	return res, err
}

// cpuTime is the process's user and system time spent in fn, which load from other processes
// does not inflate as it does wall time.
func cpuTime(fn func() error) (time.Duration, error) {
	var before, after syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &before); err != nil {
		return 0, err
	}
	if err := fn(); err != nil {
		return 0, err
	}
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &after); err != nil {
		return 0, err
	}
	return time.Duration(after.Utime.Nano() - before.Utime.Nano() + after.Stime.Nano() - before.Stime.Nano()), nil
}

// pattern is a cheap stream of incompressible-looking bytes: a random 1 MiB block (plus a few
// bytes, so chunks never align with it) repeated. Generating it costs a memory copy, so the
// timings are the path's and not a generator's.
type pattern struct {
	block []byte
	off   int
	left  int64
}

func newPattern(n int64) *pattern {
	b := make([]byte, 1<<20+13)
	r := mrand.NewChaCha8([32]byte{'e', 'm', 'r'})
	_, _ = r.Read(b)
	return &pattern{block: b, left: n}
}

func (p *pattern) Read(b []byte) (int, error) {
	if p.left == 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.left {
		b = b[:p.left]
	}
	n := 0
	for n < len(b) {
		k := copy(b[n:], p.block[p.off:])
		p.off = (p.off + k) % len(p.block)
		n += k
	}
	p.left -= int64(n)
	return n, nil
}

// removeObject deletes what a step stored, so repeated runs do not fill the node or the disk.
func removeObject(store, c string) error {
	if c == "" {
		return nil
	}
	id, err := storage.ParseCID(c)
	if err != nil {
		return err
	}
	st, closeStore, err := openStep(store)
	if err != nil {
		return err
	}
	defer closeStore()
	return st.Remove(context.Background(), id)
}

// resetPeak resets a process's peak RSS (VmHWM) so the next reading covers one step only.
func resetPeak(pid int) {
	if pid > 0 {
		_ = os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
	}
}

// readPeak reads a process's peak RSS in bytes, 0 when unknown.
func readPeak(pid int) uint64 {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			if err != nil || kb > math.MaxUint64>>10 {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
