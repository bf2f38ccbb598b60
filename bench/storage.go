package bench

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/kubo"
	"github.com/ipfs/go-cid"
)

const (
	storageSection = "Storage"
	storageGoalMS  = 150.0
	storageGoalAt  = 64 << 20

	storageEmbedded       = "embedded"
	storageEmbeddedNoSync = "embedded, no fsync"
	storageKubo           = "Kubo"

	storageRowSHA  = "SHA-256 of 64 MiB (hashing floor)"
	storageRowDisk = "write + fsync 64 MiB to a file (disk floor)"
)

// storageSizes are the record sizes measured; 64 MiB is the largest record
// and where the goal is stated.
var storageSizes = []int{128 << 10, 1 << 20, 16 << 20, 64 << 20}

func storageSizeName(n int) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d KiB", n>>10)
}

func storageRowName(backend, op string, size int) string {
	return fmt.Sprintf("%s %s %s", backend, op, storageSizeName(size))
}

// Storage measures putting and getting records on the embedded store (by
// default durable: Put returns after fsync; and with NoSync) and, when
// EMRCHAIN_KUBO_API names a node, through a Kubo node. Each figure is set
// beside the floors measured in the same run: SHA-256 of the same bytes (a
// put hashes every byte once, a get verifies every byte once) and, for
// durable puts, writing and fsyncing the bytes to one file in the same
// directory. The floors are measured beside each row; the two floor rows at
// the top give them for 64 MiB at the start of the run.
func Storage(ctx context.Context, cfg Config) ([]Measurement, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "emrchain-bench-storage")
	if err != nil {
		return nil, fmt.Errorf("storage bench: %w", err)
	}
	defer os.RemoveAll(dir)

	big := make([]byte, storageGoalAt)
	if _, err := rand.Read(big); err != nil {
		return nil, fmt.Errorf("storage bench: %w", err)
	}
	shaMS, err := storageTime(cfg, nil, func(int) error { sha256.Sum256(big); return nil })
	if err != nil {
		return nil, fmt.Errorf("storage bench: sha-256: %w", err)
	}
	diskMS, err := storageTime(cfg, nil, func(int) error { return writeAndSync(filepath.Join(dir, "floor"), big) })
	if err != nil {
		return nil, fmt.Errorf("storage bench: disk floor: %w", err)
	}
	rows := []Measurement{
		{Section: storageSection, Name: storageRowSHA, Value: shaMS, Unit: "ms",
			Ratio: fmt.Sprintf("%.0f MB/s", storageGoalAt/shaMS/1e3)},
		{Section: storageSection, Name: storageRowDisk, Value: diskMS, Unit: "ms",
			Ratio: fmt.Sprintf("%.0f MB/s", storageGoalAt/diskMS/1e3)},
	}

	type backend struct {
		name string
		s    storage.Store
	}
	durable, err := embedded.Open(filepath.Join(dir, "durable"))
	if err != nil {
		return nil, fmt.Errorf("storage bench: %w", err)
	}
	defer durable.Close()
	fast, err := embedded.Open(filepath.Join(dir, "nosync"), embedded.NoSync())
	if err != nil {
		return nil, fmt.Errorf("storage bench: %w", err)
	}
	defer fast.Close()
	backends := []backend{{storageEmbedded, durable}, {storageEmbeddedNoSync, fast}}
	if api := os.Getenv("EMRCHAIN_KUBO_API"); api != "" {
		k, err := kubo.New(api)
		if err != nil {
			return nil, fmt.Errorf("storage bench: %w", err)
		}
		backends = append(backends, backend{storageKubo, k})
	}

	for _, b := range backends {
		for _, n := range storageSizes {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			// The floors are measured again beside every row: on a shared,
			// noisy machine only neighbouring figures compare.
			floor, err := storageTime(cfg, nil, func(int) error { sha256.Sum256(big[:n]); return nil })
			if err != nil {
				return nil, fmt.Errorf("storage bench: sha-256: %w", err)
			}
			disk := 0.0
			if b.name == storageEmbedded {
				if disk, err = storageTime(cfg, nil, func(int) error { return writeAndSync(filepath.Join(dir, "floor"), big[:n]) }); err != nil {
					return nil, fmt.Errorf("storage bench: disk floor: %w", err)
				}
			}
			put, get, err := storagePutGet(ctx, cfg, b.s, big[:n])
			if err != nil {
				return nil, fmt.Errorf("storage bench %s %s: %w", b.name, storageSizeName(n), err)
			}
			for _, m := range []struct {
				op string
				ms float64
			}{{"put", put}, {"get", get}} {
				row := Measurement{
					Section:   storageSection,
					Name:      storageRowName(b.name, m.op, n),
					Value:     m.ms,
					Unit:      "ms",
					Reference: fmt.Sprintf("SHA-256 floor %.1f ms", floor),
					Ratio:     fmt.Sprintf("%.0f MB/s, %.1f× the SHA-256 floor", float64(n)/m.ms/1e3, m.ms/floor),
				}
				if disk > 0 && m.op == "put" {
					row.Reference += fmt.Sprintf("; write+fsync floor %.1f ms", disk)
				}
				if b.name != storageKubo && n == storageGoalAt {
					row.Goal = fmt.Sprintf("≤ %.0f ms", storageGoalMS)
					row.GoalMet = AtMost(m.ms, storageGoalMS)
					row.Why = fmt.Sprintf("the store writes one flatfs file per %d KiB block", dag.ChunkSize>>10)
					if disk > 0 && m.op == "put" {
						row.Why = fmt.Sprintf("writing and fsyncing the same bytes to one plain file took %.0f ms in this run, and %s", disk, row.Why)
					}
				}
				rows = append(rows, row)
			}
		}
	}
	return rows, nil
}

// storagePutGet times Put of fresh bytes and Get of a stored object of
// len(data) bytes, removing what it stored.
func storagePutGet(ctx context.Context, cfg Config, s storage.Store, data []byte) (putMS, getMS float64, err error) {
	var nonce [8]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return 0, 0, err
	}
	base := binary.LittleEndian.Uint64(nonce[:])
	// Every chunk gets a fresh counter so no block is already stored: Kubo
	// skips writing blocks it holds, which would flatter repeated puts.
	fresh := func(i int) {
		for off := 0; off+8 <= len(data); off += dag.ChunkSize {
			binary.LittleEndian.PutUint64(data[off:], base+uint64(i))
		}
	}
	var last cid.Cid
	removeLast := func() error {
		if !last.Defined() {
			return nil
		}
		c := last
		last = cid.Undef
		return s.Remove(ctx, c)
	}
	defer removeLast()

	putMS, err = storageTime(cfg, func(i int) error {
		fresh(i)
		return removeLast()
	}, func(int) error {
		c, err := s.Put(ctx, bytes.NewReader(data))
		last = c
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("put: %w", err)
	}
	if err := removeLast(); err != nil {
		return 0, 0, fmt.Errorf("remove: %w", err)
	}

	fresh(-1)
	if last, err = s.Put(ctx, bytes.NewReader(data)); err != nil {
		return 0, 0, fmt.Errorf("put: %w", err)
	}
	c := last
	getMS, err = storageTime(cfg, nil, func(int) error {
		r, err := s.Get(ctx, c)
		if err != nil {
			return err
		}
		defer r.Close()
		_, err = io.Copy(io.Discard, r)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("get: %w", err)
	}
	return putMS, getMS, nil
}

// storageTime returns the mean milliseconds per call of op; prep, if set,
// runs before each call outside the timing. Quick times a single call.
func storageTime(cfg Config, prep, op func(i int) error) (float64, error) {
	if cfg.Quick {
		if prep != nil {
			if err := prep(0); err != nil {
				return 0, err
			}
		}
		start := time.Now()
		if err := op(0); err != nil {
			return 0, err
		}
		return float64(time.Since(start).Nanoseconds()) / 1e6, nil
	}
	var opErr error
	res := testing.Benchmark(func(b *testing.B) {
		for i := 0; i < b.N && opErr == nil; i++ {
			if prep != nil {
				b.StopTimer()
				opErr = prep(i)
				b.StartTimer()
			}
			if opErr == nil {
				opErr = op(i)
			}
		}
	})
	if opErr != nil {
		return 0, opErr
	}
	if res.N == 0 {
		return 0, fmt.Errorf("benchmark did not run")
	}
	return float64(res.T.Nanoseconds()) / float64(res.N) / 1e6, nil
}

// writeAndSync is the least a durable put of data can cost on this disk.
func writeAndSync(path string, data []byte) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Remove(path)
}
