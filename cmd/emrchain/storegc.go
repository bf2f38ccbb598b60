package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ipfs/go-cid"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client/pending"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/storage"
)

func storeCommand() *cli.Command {
	return &cli.Command{
		Name:  "store",
		Usage: "look after the IPFS store",
		Subcommands: []*cli.Command{{
			Name:  "gc",
			Usage: "remove stored objects nothing references: no record, capsule or key on chain, and no unfinished put",
			Description: "A dry run unless --yes: it lists what it would remove. An object is kept if any event of the " +
				"deployment's contracts names its CID (capsules, re-keys, answers, issued keys) or its SHA-256 (a sealed " +
				"record: the chain holds its content hash, not its location), if an unfinished `record put` on this " +
				"machine stored it, or if it was pinned less than --min-age ago (an oracle's answer or a put whose " +
				"transaction is being mined). On the embedded store, blocks no pinned object reaches (left by " +
				"interrupted puts and removals) are swept too; a Kubo node collects those itself (`ipfs repo gc`), and " +
				"since it keeps no pin times, an unreferenced pin there is only removed by a run --min-age after the " +
				"run that first saw it. Objects only another deployment's chain references are not known here: do not " +
				"collect a store that deployments on other chains share.",
			Flags: []cli.Flag{
				&cli.BoolFlag{Name: "yes", Usage: "remove what a dry run lists (without it, nothing is changed)", EnvVars: []string{envPrefix + "STORE_GC_YES"}},
				&cli.DurationFlag{Name: "min-age", Value: time.Hour, Usage: "keep objects pinned more recently than `AGE`", EnvVars: []string{envPrefix + "STORE_GC_MIN_AGE"}},
				&cli.Uint64Flag{Name: "log-range", Value: 10_000, Usage: "blocks per eth_getLogs request while reading references", EnvVars: []string{envPrefix + "STORE_GC_LOG_RANGE"}},
			},
			Action: action(storeGC),
		}},
	}
}

// chainRefs is what the deployment's events reference: CIDs, and 32-byte words among which are
// the content hashes (SHA-256) of sealed records.
type chainRefs struct {
	cids  map[cid.Cid]bool
	words map[[32]byte]bool
	logs  int
}

// scanRefs reads every event of the deployment's contracts. It does not decode them: any
// 32-byte word is a possible content hash and any CID-shaped run of bytes a reference, so events
// added or changed later are covered without this code knowing them.
func scanRefs(ctx context.Context, rpc *ethclient.Client, m *deploy.Manifest, step uint64) (*chainRefs, error) {
	refs := &chainRefs{cids: map[cid.Cid]bool{}, words: map[[32]byte]bool{}}
	var addrs []common.Address
	for _, d := range m.Contracts {
		addrs = append(addrs, d.Address)
	}
	head, err := rpc.BlockNumber(ctx)
	if err != nil {
		return nil, fmt.Errorf("read references: %w", err)
	}
	step = max(step, 1)
	for from := m.DeploymentBlock; from <= head; from += step {
		to := min(from+step-1, head)
		logs, err := rpc.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(from), ToBlock: new(big.Int).SetUint64(to), Addresses: addrs})
		if err != nil {
			return nil, fmt.Errorf("read references in blocks %d-%d: %w (a smaller --log-range may help)", from, to, err)
		}
		for _, l := range logs {
			refs.logs++
			for _, t := range l.Topics {
				refs.words[t] = true
			}
			refs.add(l.Data)
		}
	}
	return refs, nil
}

// add collects the words and CIDs of ABI-encoded data: every value and every bytes value starts
// on a 32-byte boundary.
func (r *chainRefs) add(data []byte) {
	for off := 0; off+32 <= len(data); off += 32 {
		r.words[[32]byte(data[off:off+32])] = true
		if off+36 <= len(data) && data[off] == 0x01 && (data[off+1] == 0x55 || data[off+1] == 0x70) && data[off+2] == 0x12 && data[off+3] == 0x20 {
			if c, err := cid.Cast(data[off : off+36]); err == nil {
				r.cids[c] = true
			}
		}
	}
}

// hashCache remembers the SHA-256 of stored objects, which a CID does not give for objects of
// more than one block: gc would otherwise read every sealed record on every run. CIDs name
// content, so an entry never goes stale.
type hashCache struct {
	path    string
	m       map[string]string
	changed bool
}

func openHashCache(dataDir string) *hashCache {
	c := &hashCache{path: filepath.Join(dataDir, "store-hashes.json"), m: map[string]string{}}
	if b, err := os.ReadFile(c.path); err == nil {
		_ = json.Unmarshal(b, &c.m)
	}
	return c
}

func (c *hashCache) get(id cid.Cid) ([32]byte, bool) {
	b, err := hex.DecodeString(c.m[id.String()])
	if err != nil || len(b) != 32 {
		return [32]byte{}, false
	}
	return [32]byte(b), true
}

func (c *hashCache) put(id cid.Cid, h [32]byte) {
	c.m[id.String()] = hex.EncodeToString(h[:])
	c.changed = true
}

func (c *hashCache) save() error {
	if !c.changed {
		return nil
	}
	b, err := json.Marshal(c.m)
	if err != nil {
		return err
	}
	tmp := c.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, c.path)
}

// gcMarks records when gc first saw each unreferenced pin whose store keeps no pin time.
type gcMarks struct {
	path string
	m    map[string]time.Time
}

func openMarks(dataDir string) *gcMarks {
	g := &gcMarks{path: filepath.Join(dataDir, "store-gc-marks.json"), m: map[string]time.Time{}}
	if b, err := os.ReadFile(g.path); err == nil {
		_ = json.Unmarshal(b, &g.m)
	}
	return g
}

func (g *gcMarks) save(seen map[string]bool) error {
	for k := range g.m {
		if !seen[k] {
			delete(g.m, k) // referenced again, or gone
		}
	}
	b, err := json.Marshal(g.m)
	if err != nil {
		return err
	}
	return os.WriteFile(g.path, b, 0o600)
}

type gcCandidate struct {
	id    cid.Cid
	size  int64
	since time.Time
}

func storeGC(s *session) error {
	env, err := s.open()
	if err != nil {
		return err
	}
	lister, ok := env.Store.(storage.PinLister)
	if !ok {
		return errors.New("this store cannot list what it holds, so nothing can be collected")
	}
	m, err := s.manifest()
	if err != nil {
		return err
	}
	apply, minAge := s.c.Bool("yes"), s.c.Duration("min-age")

	refs, err := scanRefs(s.ctx, s.rpc, m, s.c.Uint64("log-range"))
	if err != nil {
		return err
	}
	// An unfinished put's objects are not on chain yet; every entry counts, whatever its chain.
	wanted := map[cid.Cid]string{}
	puts, err := s.pendingPuts()
	if err != nil {
		return err
	}
	entries, _, err := puts.List()
	if err != nil {
		return err
	}
	unfinished := lines{}
	var finished []*pending.Entry
	for _, e := range entries {
		if e.ChainID == m.ChainID && e.Registry == m.Addresses().Records {
			// A put interrupted after its transaction was mined, never run again: its record
			// is on chain, so the chain references its objects and the entry can go.
			if rec, err := env.Record(s.ctx, e.RecordID); err == nil && rec.Version >= e.Version {
				finished = append(finished, e)
				continue
			}
		}
		for _, o := range e.Objects {
			if c, err := cid.Decode(o); err == nil {
				wanted[c] = e.RecordID.Hex()
			}
		}
		what := fmt.Sprintf("record %s v%d from %s, started %s", e.RecordID.Hex(), e.Version, e.Source.Path, humanize.Time(e.Created))
		if e.DraftOut != "" {
			what += ", draft " + e.DraftOut
		}
		unfinished = append(unfinished, what)
	}

	pins, err := lister.Pins(s.ctx)
	if err != nil {
		return err
	}
	hashes := openHashCache(dataDir(s.c))
	marks := openMarks(dataDir(s.c))
	now := time.Now()
	var (
		candidates                          []gcCandidate
		byCID, byHash, byPut, recent, fresh int
		unmarked                            = map[string]bool{}
	)
	for _, p := range pins {
		switch {
		case refs.cids[p.CID]:
			byCID++
			continue
		case wanted[p.CID] != "":
			byPut++
			continue
		}
		h, ok := hashes.get(p.CID)
		if !ok {
			if h, err = hashObject(s, env.Store, p.CID); errors.Is(err, storage.ErrNotFound) {
				continue // removed since it was listed
			} else if err != nil {
				return err
			}
			hashes.put(p.CID, h)
		}
		if refs.words[h] {
			byHash++
			continue
		}
		since := p.Since
		if since.IsZero() {
			// No pin time (Kubo): the first run to see it unreferenced starts its clock.
			unmarked[p.CID.String()] = true
			first, seen := marks.m[p.CID.String()]
			if !seen {
				marks.m[p.CID.String()] = now
				first = now
			}
			since = first
		}
		if now.Sub(since) < minAge {
			if p.Since.IsZero() && since.Equal(now) {
				fresh++
			} else {
				recent++
			}
			continue
		}
		size := int64(-1)
		if obj, err := env.Store.Get(s.ctx, p.CID); err == nil {
			size = obj.Size()
			obj.Close()
		}
		candidates = append(candidates, gcCandidate{id: p.CID, size: size, since: since})
	}
	if err := hashes.save(); err != nil {
		s.log.Warn().Err(err).Msg("could not save the store's hash cache")
	}
	if err := marks.save(unmarked); err != nil {
		s.log.Warn().Err(err).Msg("could not save the gc marks")
	}
	sort.Slice(candidates, func(i, j int) bool { return candidates[i].since.Before(candidates[j].since) })

	var total int64
	list := lines{}
	for _, c := range candidates {
		total += max(c.size, 0)
		list = append(list, fmt.Sprintf("%s  %s  pinned %s", c.id, humanize.IBytes(uint64(max(c.size, 0))), humanize.Time(c.since)))
	}
	sweeper, canSweep := env.Store.(storage.Sweeper)
	fields := []field{
		kv("deployment", fmt.Sprintf("chain %d, RecordRegistry %s (%d events read)", m.ChainID, m.Addresses().Records.Hex(), refs.logs)),
		kv("pinned", len(pins)), kv("keptReferencedByCid", byCID), kv("keptSealedRecords", byHash), kv("keptUnfinishedPuts", byPut),
		kv("keptRecent", recent), kv("unfinishedPuts", unfinished),
	}
	if len(unfinished) > 0 {
		fields = append(fields, kv("unfinishedHint", fmt.Sprintf("running the same `record put` again finishes one (or `record submit DRAFT` for a draft); "+
			"deleting its file in %s gives up on it, and the next gc collects its objects", puts.Path())))
	}
	if fresh > 0 {
		fields = append(fields, kv("keptFirstSeen", fmt.Sprintf("%d (this store keeps no pin times: a run %s from now removes them if still unreferenced)", fresh, minAge)))
	}

	if !apply {
		fields = append(fields, kv("unreferenced", list), kv("wouldFree", humanize.IBytes(uint64(total))))
		stray := 0
		if canSweep {
			dry, err := sweeper.Sweep(s.ctx, true)
			if err != nil {
				return err
			}
			stray = dry.Blocks
			fields = append(fields, kv("strayBlocks", fmt.Sprintf("%d (%s) that no pinned object reaches", dry.Blocks, humanize.IBytes(uint64(dry.Bytes)))))
		}
		next := "nothing was changed: run again with --yes to remove these"
		if len(candidates) == 0 && stray == 0 {
			next = "nothing to remove"
		}
		fields = append(fields, kv("next", next))
		return s.out.emit(fields...)
	}

	for _, e := range finished {
		if err := puts.Remove(e); err != nil {
			return err
		}
	}
	if len(finished) > 0 {
		fields = append(fields, kv("finishedPutsForgotten", len(finished)))
	}
	removed := 0
	for _, c := range candidates {
		if err := env.Store.Remove(s.ctx, c.id); err != nil && !errors.Is(err, storage.ErrNotFound) {
			return fmt.Errorf("remove %s: %w (%d of %d removed)", c.id, err, removed, len(candidates))
		}
		removed++
	}
	fields = append(fields, kv("removed", list), kv("freed", humanize.IBytes(uint64(total))))
	if canSweep {
		swept, err := sweeper.Sweep(s.ctx, false)
		if err != nil {
			return err
		}
		fields = append(fields, kv("strayBlocksRemoved", fmt.Sprintf("%d (%s)", swept.Blocks, humanize.IBytes(uint64(swept.Bytes)))))
	}
	return s.out.emit(fields...)
}

// hashObject reads a stored object once to learn its SHA-256.
func hashObject(s *session, st storage.Store, id cid.Cid) ([32]byte, error) {
	obj, err := st.Get(s.ctx, id)
	if err != nil {
		return [32]byte{}, fmt.Errorf("read %s: %w", id, err)
	}
	defer obj.Close()
	var bar *progressBar
	if obj.Size() > 64<<20 {
		bar = s.progress("hash", "hashing "+id.String(), obj.Size())
	}
	h := sha256.New()
	_, err = io.Copy(h, &readProgress{r: obj, bar: bar})
	bar.finish()
	if err != nil {
		return [32]byte{}, fmt.Errorf("read %s: %w", id, err)
	}
	return [32]byte(h.Sum(nil)), nil
}

// rememberHash records a stored object's SHA-256 for `store gc`, as a put learns it for free.
func rememberHash(s *session, id cid.Cid, h [32]byte) {
	c := openHashCache(dataDir(s.c))
	c.put(id, h)
	if err := c.save(); err != nil {
		s.log.Debug().Err(err).Msg("could not save the store's hash cache")
	}
}
