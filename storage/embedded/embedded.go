// Package embedded is the default storage backend: an IPFS blockstore in a
// local directory, with no daemon.
//
// # Layout
//
// <dir>/blocks is a go-ds-flatfs datastore sharded next-to-last/2 and keyed
// the way boxo's blockstore keys blocks (by multihash), the on-disk format
// Kubo uses. <dir>/pins holds one empty file per pinned root, named by its
// CID.
//
// # Trust
//
// The disk is not trusted either: every block read is re-hashed and compared
// with its CID (see package storage/dag), so a block corrupted on disk fails
// the read with storage.ErrIntegrity naming the block.
//
// # Atomicity and durability
//
// Put stages an object's blocks in a flatfs batch, a private temporary
// directory, while it reads and chunks the input, and commits only once the
// whole input has been read: the commit renames the staged files into place,
// children first and the root last, then the object is pinned. A Put that
// fails (reader error, too large, cancelled) discards the batch, so neither
// the root nor any block of the failed object is left behind.
//
// Put is durable by default: once the batch is committed, the object's block
// files and the directories naming them are fsynced together (many fsyncs in
// flight let the filesystem fold them into a few journal commits, so the disk
// sees one burst rather than a flush per block, which is what flatfs's own
// sync option would do while the import runs), then the pin file is written
// and its directory fsynced, all before Put returns: a CID that Put returned
// survives a crash, and a pin never outlives its blocks. A crash
// during a Put can leave a root without some of its blocks, or a block file
// with missing content; such an object was never pinned nor returned to
// anyone, and reading it fails with storage.ErrNotFound or
// storage.ErrIntegrity. Temporary files of interrupted batches are deleted
// when the store is next opened. Remove syncs the directories it deleted
// from, so a deleted record does not come back after a crash.
//
// A Put checks the free space on the store's disk before it starts and every 64 MiB, and fails
// with storage.ErrNoSpace, discarding its batch, rather than leave less than DefaultMinFree
// (MinFree) free: a large record never fills the disk the chain's node and the rest of the
// machine share.
//
// The floor for a durable Put is the disk's: writing and fsyncing the same
// bytes to one file (package bench measures both). NoSync trades that for
// page-cache speed where the content is durable elsewhere.
//
// # Concurrency
//
// A Store is safe for concurrent use. Commits, pins and removals are
// serialised so that a Remove never deletes a block that a concurrent Put or
// Pin has just made reachable. A data directory is used by one process at a
// time: Open takes an exclusive lock on it (flatfs clears its temporary files
// when opened, which would destroy another process's Put in flight), and a
// second process gets ErrLocked. Processes that share content share it
// through one that holds the store (package storage/remote) or through Kubo.
package embedded

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"

	"github.com/dustin/go-humanize"

	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/dag"
	"github.com/ipfs/boxo/datastore/dshelp"
	"github.com/ipfs/go-cid"
	ds "github.com/ipfs/go-datastore"
	"github.com/ipfs/go-datastore/query"
	flatfs "github.com/ipfs/go-ds-flatfs"
	ipld "github.com/ipfs/go-ipld-format"
)

// ErrLocked means another process has the store open.
var ErrLocked = errors.New("store is in use by another process")

// Store is a storage.Store in a local directory.
type Store struct {
	lock      *os.File
	blocks    *flatfs.Datastore
	blocksDir string
	shard     flatfs.ShardFunc
	pins      string
	sync      bool
	minFree   uint64
	// free reports the bytes available to this process on the file system holding dir.
	free func(dir string) (uint64, error)

	// mu serialises the operations that change which blocks are reachable
	// from a pin: commits, Pin, Unpin and Remove.
	mu sync.Mutex
}

var (
	_ storage.Store     = (*Store)(nil)
	_ storage.PinLister = (*Store)(nil)
	_ storage.Sweeper   = (*Store)(nil)
)

// Option configures Open.
type Option func(*config)

type config struct {
	noSync  bool
	minFree uint64
}

// DefaultMinFree is how much free disk a Put leaves: it fails with storage.ErrNoSpace rather
// than take the last of it, which the chain's node and every other program on the machine need.
const DefaultMinFree = 512 << 20

// MinFree replaces DefaultMinFree.
func MinFree(bytes uint64) Option { return func(c *config) { c.minFree = bytes } }

// NoSync makes Put return once the object is in the operating system's page
// cache instead of on disk; the kernel writes it back within about 30 s, and
// a crash before that loses it. It suits stores whose content is durable
// elsewhere (a cache of records fetched from other institutions, tests).
func NoSync() Option { return func(c *config) { c.noSync = true } }

// Open opens the store in dir, creating it if needed.
func Open(dir string, opts ...Option) (*Store, error) {
	cfg := config{minFree: DefaultMinFree}
	for _, o := range opts {
		o(&cfg)
	}
	pins := filepath.Join(dir, "pins")
	if err := os.MkdirAll(pins, 0o700); err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	shard := flatfs.NextToLast(2)
	blocksDir := filepath.Join(dir, "blocks")
	// flatfs's own sync would fsync each block as it is staged, in the
	// middle of the import; Put instead syncs the committed blocks in one
	// burst (see syncBlocks).
	blocks, err := flatfs.CreateOrOpen(blocksDir, shard, false)
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	return &Store{lock: lock, blocks: blocks, blocksDir: blocksDir, shard: shard.Func(), pins: pins, sync: !cfg.noSync,
		minFree: cfg.minFree, free: freeBytes}, nil
}

// lockDir takes an advisory exclusive lock on dir/LOCK, held until Close. The kernel drops it
// when the process dies, so a crash never leaves the store locked.
func lockDir(dir string) (*os.File, error) {
	f, err := os.OpenFile(filepath.Join(dir, "LOCK"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("open store %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("lock store %s: %w", dir, err)
	}
	return f, nil
}

// Close closes the store and releases its lock. Objects being read must be closed first.
func (s *Store) Close() error {
	err := s.blocks.Close()
	if s.lock != nil {
		s.lock.Close()
	}
	if err != nil {
		return fmt.Errorf("close store: %w", err)
	}
	return nil
}

// Put stores the object read from r, pins it and returns its CID.
func (s *Store) Put(ctx context.Context, r io.Reader, opts ...storage.PutOption) (cid.Cid, error) {
	cfg := storage.ApplyPutOptions(opts)
	b, err := s.blocks.Batch(ctx)
	if err != nil {
		return cid.Undef, fmt.Errorf("put: %w", err)
	}
	batch, ok := b.(discardableBatch)
	if !ok {
		return cid.Undef, fmt.Errorf("put: flatfs batch %T cannot be discarded", b)
	}
	st := &stage{ctx: ctx, batch: batch}
	root, err := dag.Import(ctx, &spaceGuard{r: cfg.Source(r), s: s}, st)
	if err != nil {
		// Discard only removes the batch's own temporary directory.
		batch.Discard(context.WithoutCancel(ctx))
		return cid.Undef, fmt.Errorf("put: %w", err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	fresh, err := s.absent(ctx, st.keys)
	if err != nil {
		batch.Discard(context.WithoutCancel(ctx))
		return cid.Undef, fmt.Errorf("put %s: %w", root, err)
	}
	if err := batch.Commit(context.WithoutCancel(ctx)); err != nil {
		// A commit that failed halfway has renamed some blocks into place;
		// take back the ones this Put introduced so none is orphaned.
		s.deleteKeys(fresh)
		return cid.Undef, fmt.Errorf("put %s: commit: %w", root, err)
	}
	if err := s.syncBlocks(st.keys); err != nil {
		return cid.Undef, fmt.Errorf("put %s: %w", root, err)
	}
	if err := s.writePin(root); err != nil {
		return cid.Undef, fmt.Errorf("put %s: %w", root, err)
	}
	return root, nil
}

// Get opens the object c for reading; every block is verified as it is read.
func (s *Store) Get(ctx context.Context, c cid.Cid) (storage.Object, error) {
	r, err := dag.NewReader(ctx, c, source{s.blocks})
	if err != nil {
		return nil, fmt.Errorf("get: %w", err)
	}
	return r, nil
}

// Block returns the bytes stored under c, unverified: it is what package storage/remote serves
// to clients that hash every block themselves. A missing block wraps storage.ErrNotFound.
func (s *Store) Block(ctx context.Context, c cid.Cid) ([]byte, error) {
	if err := storage.CheckCID(c); err != nil {
		return nil, err
	}
	return source{s.blocks}.Block(ctx, c)
}

// Has reports whether the root block of c is stored.
func (s *Store) Has(ctx context.Context, c cid.Cid) (bool, error) {
	if err := storage.CheckCID(c); err != nil {
		return false, err
	}
	ok, err := s.blocks.Has(ctx, dshelp.MultihashToDsKey(c.Hash()))
	if err != nil {
		return false, fmt.Errorf("has %s: %w", c, err)
	}
	return ok, nil
}

// Pin pins c after checking that every block of it is stored.
func (s *Store) Pin(ctx context.Context, c cid.Cid) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	list, err := dag.Blocks(ctx, c, source{s.blocks})
	if err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	missing, err := s.absent(ctx, keysOf(list))
	if err != nil {
		return fmt.Errorf("pin %s: %w", c, err)
	}
	if len(missing) > 0 {
		return fmt.Errorf("pin %s: %w: %d of its %d blocks", c, storage.ErrNotFound, len(missing), len(list))
	}
	if err := s.writePin(c); err != nil {
		return fmt.Errorf("pin %s: %w", c, err)
	}
	return nil
}

// Unpin unpins c; its blocks stay until Remove. Unpinning an object that is
// not pinned is not an error.
func (s *Store) Unpin(ctx context.Context, c cid.Cid) error {
	if err := storage.CheckCID(c); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.removePin(c); err != nil {
		return fmt.Errorf("unpin %s: %w", c, err)
	}
	return nil
}

// Remove unpins c and deletes its blocks, except those another pinned
// object references. Blocks are deleted children first and the root last,
// so an interrupted Remove can be finished by calling it again. Removing an
// object whose root is not stored is storage.ErrNotFound.
func (s *Store) Remove(ctx context.Context, c cid.Cid) error {
	if err := storage.CheckCID(c); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.removePin(c); err != nil {
		return fmt.Errorf("remove %s: %w", c, err)
	}
	ok, err := s.blocks.Has(ctx, dshelp.MultihashToDsKey(c.Hash()))
	if err != nil {
		return fmt.Errorf("remove %s: %w", c, err)
	}
	if !ok {
		return fmt.Errorf("remove %s: %w", c, storage.ErrNotFound)
	}
	list, err := dag.Blocks(ctx, c, source{s.blocks})
	if err != nil {
		return fmt.Errorf("remove: %w", err)
	}
	kept, err := s.pinnedBlocks(ctx)
	if err != nil {
		return fmt.Errorf("remove %s: %w", c, err)
	}
	// flatfs does not sync directories on delete; a removal must not come
	// back after a crash, so the touched shard directories are synced here.
	dirs := map[string]bool{}
	for _, b := range list {
		if kept.Has(b) {
			continue
		}
		k := dshelp.MultihashToDsKey(b.Hash())
		if err := s.blocks.Delete(ctx, k); err != nil {
			return fmt.Errorf("remove %s: block %s: %w", c, b, err)
		}
		dirs[s.shardDir(k)] = true
	}
	for d := range dirs {
		if err := s.syncDir(d); err != nil {
			return fmt.Errorf("remove %s: %w", c, err)
		}
	}
	return nil
}

// Pins lists the pinned objects with the time each was pinned (its pin file's).
func (s *Store) Pins(ctx context.Context) ([]storage.Pin, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	entries, err := os.ReadDir(s.pins)
	if err != nil {
		return nil, fmt.Errorf("list pins: %w", err)
	}
	out := make([]storage.Pin, 0, len(entries))
	for _, e := range entries {
		c, err := storage.ParseCID(e.Name())
		if err != nil {
			continue
		}
		fi, err := e.Info()
		if err != nil {
			continue // unpinned meanwhile
		}
		out = append(out, storage.Pin{CID: c, Since: fi.ModTime()})
	}
	return out, nil
}

// Sweep deletes every block no pinned object reaches: blocks of objects removed only in part,
// of puts a crash interrupted between committing and pinning, of objects unpinned and never
// removed. It holds the store's lock throughout, so no Put commits or pins meanwhile, and blocks
// still staged by a Put in flight are in its batch, not among the blocks swept.
func (s *Store) Sweep(ctx context.Context, dryRun bool) (storage.Swept, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kept, err := s.pinnedBlocks(ctx)
	if err != nil {
		return storage.Swept{}, fmt.Errorf("sweep: %w", err)
	}
	keep := map[string]bool{}
	for _, c := range kept.Keys() {
		keep[dshelp.MultihashToDsKey(c.Hash()).String()] = true
	}
	res, err := s.blocks.Query(ctx, query.Query{KeysOnly: true, ReturnsSizes: true})
	if err != nil {
		return storage.Swept{}, fmt.Errorf("sweep: list blocks: %w", err)
	}
	var doomed []query.Entry
	for r := range res.Next() {
		if r.Error != nil {
			res.Close()
			return storage.Swept{}, fmt.Errorf("sweep: list blocks: %w", r.Error)
		}
		if !keep[r.Key] {
			doomed = append(doomed, r.Entry)
		}
	}
	res.Close()
	var out storage.Swept
	dirs := map[string]bool{}
	for _, e := range doomed {
		if !dryRun {
			k := ds.NewKey(e.Key)
			if err := s.blocks.Delete(ctx, k); err != nil {
				return out, fmt.Errorf("sweep: delete %s: %w", e.Key, err)
			}
			dirs[s.shardDir(k)] = true
		}
		out.Blocks++
		out.Bytes += int64(max(e.Size, 0))
	}
	for d := range dirs {
		if err := s.syncDir(d); err != nil {
			return out, fmt.Errorf("sweep: %w", err)
		}
	}
	return out, nil
}

// pinnedBlocks is every block reachable from a pin. It reads the interior
// nodes of every pinned object, a few small blocks each, so a Remove costs
// time proportional to the number of pins.
func (s *Store) pinnedBlocks(ctx context.Context) (*cid.Set, error) {
	roots, err := s.pinned()
	if err != nil {
		return nil, err
	}
	set := cid.NewSet()
	for _, p := range roots {
		list, err := dag.Blocks(ctx, p, source{s.blocks})
		if err != nil {
			return nil, fmt.Errorf("pinned %s: %w", p, err)
		}
		for _, b := range list {
			set.Add(b)
		}
	}
	return set, nil
}

// pinned lists the pinned roots.
func (s *Store) pinned() ([]cid.Cid, error) {
	entries, err := os.ReadDir(s.pins)
	if err != nil {
		return nil, fmt.Errorf("list pins: %w", err)
	}
	roots := make([]cid.Cid, 0, len(entries))
	for _, e := range entries {
		// Only names that parse can be pins this package wrote.
		if c, err := storage.ParseCID(e.Name()); err == nil {
			roots = append(roots, c)
		}
	}
	return roots, nil
}

func (s *Store) writePin(c cid.Cid) error {
	f, err := os.OpenFile(filepath.Join(s.pins, c.String()), os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("write pin: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write pin: %w", err)
	}
	return s.syncDir(s.pins)
}

func (s *Store) removePin(c cid.Cid) error {
	err := os.Remove(filepath.Join(s.pins, c.String()))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("remove pin: %w", err)
	}
	return s.syncDir(s.pins)
}

// syncParallelism bounds concurrent fsyncs. Issuing many at once lets the
// filesystem fold them into a few journal commits and the disk see one large
// write instead of a flush per block.
const syncParallelism = 32

// syncBlocks makes committed blocks durable: every block file, the shard
// directories holding their names and the blocks directory, in which the
// commit may have created shard directories. They are independent, so they
// are synced in one round; a small object then costs one round of fsyncs
// here and one for its pin.
func (s *Store) syncBlocks(keys []ds.Key) error {
	if !s.sync {
		return nil
	}
	paths := map[string]bool{s.blocksDir: true}
	for _, k := range keys {
		dir := s.shardDir(k)
		paths[dir] = true
		// flatfs stores a key as <shard>/<key>.data; the layout is the one
		// Kubo repositories have used for years.
		paths[filepath.Join(dir, k.String()[1:]+".data")] = true
	}
	return syncAll(paths)
}

func (s *Store) shardDir(k ds.Key) string {
	return filepath.Join(s.blocksDir, s.shard(k.String()[1:]))
}

// syncAll fsyncs files and directories concurrently.
func syncAll(paths map[string]bool) error {
	sem := make(chan struct{}, syncParallelism)
	errs := make(chan error, len(paths))
	var wg sync.WaitGroup
	for p := range paths {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer func() { <-sem; wg.Done() }()
			errs <- fsync(p)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// absent returns the keys not yet in the datastore.
func (s *Store) absent(ctx context.Context, keys []ds.Key) ([]ds.Key, error) {
	var out []ds.Key
	for _, k := range keys {
		ok, err := s.blocks.Has(ctx, k)
		if err != nil {
			return nil, err
		}
		if !ok {
			out = append(out, k)
		}
	}
	return out, nil
}

// deleteKeys is best-effort cleanup after a failed commit; the commit's
// error is what the caller needs to see.
func (s *Store) deleteKeys(keys []ds.Key) {
	for _, k := range keys {
		_ = s.blocks.Delete(context.Background(), k)
	}
}

func keysOf(cs []cid.Cid) []ds.Key {
	keys := make([]ds.Key, len(cs))
	for i, c := range cs {
		keys[i] = dshelp.MultihashToDsKey(c.Hash())
	}
	return keys
}

func (s *Store) syncDir(dir string) error {
	if !s.sync {
		return nil
	}
	return fsync(dir)
}

func fsync(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync %s: %w", path, err)
	}
	return nil
}

// spaceCheckEvery is how many bytes a Put takes between looks at the free disk space: a
// statfs per 64 MiB costs nothing beside writing them, and bounds how far past the reserve a
// Put can go.
const spaceCheckEvery = 64 << 20

// spaceGuard fails a Put with storage.ErrNoSpace once the disk is down to the store's reserve,
// so a runaway or oversized stream fills the store's batch, not the disk. It looks before the
// first byte too, so a Put onto a full disk fails at once.
type spaceGuard struct {
	r       io.Reader
	s       *Store
	done    int64
	checked bool
	next    int64
}

func (g *spaceGuard) Read(p []byte) (int, error) {
	if !g.checked || g.done >= g.next {
		if err := g.check(); err != nil {
			return 0, err
		}
		g.checked, g.next = true, g.done+spaceCheckEvery
	}
	n, err := g.r.Read(p)
	g.done += int64(n)
	return n, err
}

func (g *spaceGuard) check() error {
	free, err := g.s.free(g.s.blocksDir)
	if err != nil {
		return fmt.Errorf("check free disk space: %w", err)
	}
	if free < g.s.minFree {
		return fmt.Errorf("%w in %s: %s left after %s of this object, and a put stops %s short of a full disk",
			storage.ErrNoSpace, g.s.blocksDir, humanize.IBytes(free), humanize.IBytes(uint64(g.done)), humanize.IBytes(g.s.minFree))
	}
	return nil
}

// freeBytes is the space available to unprivileged writers on the file system holding dir.
func freeBytes(dir string) (uint64, error) {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return 0, err
	}
	return st.Bavail * uint64(st.Bsize), nil
}

// discardableBatch is what flatfs batches offer beyond ds.Batch: dropping
// the staged writes.
type discardableBatch interface {
	ds.Batch
	Discard(context.Context) error
}

// stage is the write side of a Put: an ipld.DAGService over a flatfs batch,
// so nothing is visible in the store until the batch commits.
type stage struct {
	ctx   context.Context
	batch ds.Batch
	keys  []ds.Key
}

func (st *stage) Add(_ context.Context, nd ipld.Node) error {
	k := dshelp.MultihashToDsKey(nd.Cid().Hash())
	st.keys = append(st.keys, k)
	// The importer never reuses a block's buffer once added, which the
	// batch's asynchronous writes rely on.
	return st.batch.Put(st.ctx, k, nd.RawData())
}

func (st *stage) AddMany(ctx context.Context, nds []ipld.Node) error {
	for _, nd := range nds {
		if err := st.Add(ctx, nd); err != nil {
			return err
		}
	}
	return nil
}

// The importer only adds; reads and removals of a staged DAG are never made.
func (st *stage) Get(_ context.Context, c cid.Cid) (ipld.Node, error) {
	return nil, ipld.ErrNotFound{Cid: c}
}

func (st *stage) GetMany(_ context.Context, cs []cid.Cid) <-chan *ipld.NodeOption {
	out := make(chan *ipld.NodeOption, len(cs))
	for _, c := range cs {
		out <- &ipld.NodeOption{Err: ipld.ErrNotFound{Cid: c}}
	}
	close(out)
	return out
}

func (st *stage) Remove(context.Context, cid.Cid) error {
	return errors.New("stage: remove unsupported")
}
func (st *stage) RemoveMany(context.Context, []cid.Cid) error {
	return errors.New("stage: remove unsupported")
}

// source reads raw blocks for the verifying reader.
type source struct{ blocks *flatfs.Datastore }

func (s source) Block(ctx context.Context, c cid.Cid) ([]byte, error) {
	b, err := s.blocks.Get(ctx, dshelp.MultihashToDsKey(c.Hash()))
	if errors.Is(err, ds.ErrNotFound) {
		return nil, fmt.Errorf("%w: block %s", storage.ErrNotFound, c)
	}
	if err != nil {
		return nil, fmt.Errorf("read block %s: %w", c, err)
	}
	return b, nil
}
