package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"time"

	"github.com/ipfs/go-cid"
	mh "github.com/multiformats/go-multihash"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/internal/pidlock"
	"github.com/emrchain/emrchain/storage"
	"github.com/emrchain/emrchain/storage/embedded"
	"github.com/emrchain/emrchain/storage/remote"
)

// storeWait bounds how long an operation waits for another command to release the embedded
// store. Commands hold it only for one transfer, so a long wait means a large record moving.
const storeWait = 10 * time.Minute

// sharedStore is the embedded store of a data directory as a command uses it: opened for each
// operation and closed as soon as it is done (for Get, when the object is closed). A command
// therefore never holds the store while it waits on the chain or the oracle, and a devnet or an
// oracle starting meanwhile can take it and serve it. When a process serves the store, the
// operation goes through it; when another command holds it for a transfer, the operation waits.
type sharedStore struct {
	dir string
	log zerolog.Logger
	// wait bounds the wait for a holder that does not serve the store.
	wait time.Duration

	once sync.Once // logs the first wait only
}

var (
	_ storage.Store     = (*sharedStore)(nil)
	_ storage.PinLister = (*sharedStore)(nil)
	_ storage.Sweeper   = (*sharedStore)(nil)
)

func newSharedStore(dir string, log zerolog.Logger) *sharedStore {
	return &sharedStore{dir: dir, log: log, wait: storeWait}
}

// acquire returns the store to use for one operation and the function that releases it.
func (s *sharedStore) acquire(ctx context.Context) (storage.Store, func(), error) {
	deadline := time.Now().Add(s.wait)
	for {
		st, err := embedded.Open(s.dir)
		if err == nil {
			return st, func() {
				if err := st.Close(); err != nil {
					s.log.Warn().Err(err).Str("dir", s.dir).Msg("close the embedded store")
				}
			}, nil
		}
		if !errors.Is(err, embedded.ErrLocked) {
			return nil, nil, fmt.Errorf("open the embedded IPFS store in %s: %w", s.dir, err)
		}
		if rs, err := remote.FromDir(s.dir); err == nil && serving(ctx, rs) {
			s.log.Debug().Str("dir", s.dir).Msg("embedded store held by a process that serves it; using that")
			return rs, func() {}, nil
		}
		holder := "another process"
		if pid := pidlock.FlockHolder(filepath.Join(s.dir, "LOCK")); pid > 0 {
			holder = fmt.Sprintf("process %d", pid)
		}
		if time.Now().After(deadline) {
			return nil, nil, fmt.Errorf("the embedded IPFS store in %s has been held by %s, which does not serve it, for %v: stop it or use --%s with a Kubo URL",
				s.dir, holder, s.wait, flagIPFS)
		}
		s.once.Do(func() {
			s.log.Info().Str("dir", s.dir).Str("holder", holder).Msg("the embedded IPFS store is in use by another command; waiting for it")
		})
		select {
		case <-ctx.Done():
			return nil, nil, fmt.Errorf("waiting for the embedded IPFS store in %s (held by %s): %w", s.dir, holder, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// holdStore takes the data directory's embedded store for a service that runs until stopped
// (oracle run) and keeps it until the session closes. A command holding it for a transfer is
// waited for, not refused; if a process already serves it, the service shares through that one.
func (s *session) holdStore() (storage.Store, error) {
	st, release, err := newSharedStore(filepath.Join(dataDir(s.c), "ipfs"), s.log).acquire(s.ctx)
	if err != nil {
		return nil, err
	}
	s.closers = append(s.closers, func() error { release(); return nil })
	return st, nil
}

// serving reports whether the process named in the store's endpoint file answers. The file is
// left behind by a serving process that was killed, while a command may hold the lock.
func serving(ctx context.Context, rs *remote.Client) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	// Any well-formed CID will do (the empty object's): the question is only whether the
	// server answers.
	sum, err := mh.Sum(nil, mh.SHA2_256, -1)
	if err != nil {
		return false
	}
	_, err = rs.Has(ctx, cid.NewCidV1(cid.Raw, sum))
	return err == nil
}

func (s *sharedStore) Put(ctx context.Context, r io.Reader, opts ...storage.PutOption) (cid.Cid, error) {
	st, release, err := s.acquire(ctx)
	if err != nil {
		return cid.Undef, err
	}
	defer release()
	return st.Put(ctx, r, opts...)
}

func (s *sharedStore) Get(ctx context.Context, c cid.Cid) (storage.Object, error) {
	st, release, err := s.acquire(ctx)
	if err != nil {
		return nil, err
	}
	obj, err := st.Get(ctx, c)
	if err != nil {
		release()
		return nil, err
	}
	return &releasingObject{Object: obj, release: release}, nil
}

func (s *sharedStore) Has(ctx context.Context, c cid.Cid) (bool, error) {
	st, release, err := s.acquire(ctx)
	if err != nil {
		return false, err
	}
	defer release()
	return st.Has(ctx, c)
}

func (s *sharedStore) Pin(ctx context.Context, c cid.Cid) error {
	return s.do(ctx, func(st storage.Store) error { return st.Pin(ctx, c) })
}

func (s *sharedStore) Unpin(ctx context.Context, c cid.Cid) error {
	return s.do(ctx, func(st storage.Store) error { return st.Unpin(ctx, c) })
}

func (s *sharedStore) Remove(ctx context.Context, c cid.Cid) error {
	return s.do(ctx, func(st storage.Store) error { return st.Remove(ctx, c) })
}

func (s *sharedStore) do(ctx context.Context, op func(storage.Store) error) error {
	st, release, err := s.acquire(ctx)
	if err != nil {
		return err
	}
	defer release()
	return op(st)
}

// Pins lists the store's pins, through whichever process holds it.
func (s *sharedStore) Pins(ctx context.Context) ([]storage.Pin, error) {
	var pins []storage.Pin
	err := s.do(ctx, func(st storage.Store) error {
		pl, ok := st.(storage.PinLister)
		if !ok {
			return errors.New("the store's serving process cannot list its pins")
		}
		var err error
		pins, err = pl.Pins(ctx)
		return err
	})
	return pins, err
}

// Sweep deletes the blocks no pin reaches, through whichever process holds the store.
func (s *sharedStore) Sweep(ctx context.Context, dryRun bool) (storage.Swept, error) {
	var out storage.Swept
	err := s.do(ctx, func(st storage.Store) error {
		sw, ok := st.(storage.Sweeper)
		if !ok {
			return errors.New("the store's serving process cannot sweep")
		}
		var err error
		out, err = sw.Sweep(ctx, dryRun)
		return err
	})
	return out, err
}

// releasingObject releases the store once the object being read is closed.
type releasingObject struct {
	storage.Object
	release func()
	once    sync.Once
}

func (o *releasingObject) Close() error {
	err := o.Object.Close()
	o.once.Do(o.release)
	return err
}
