package client

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync/atomic"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ipfs/go-cid"

	"github.com/emrchain/emrchain/crypto/envelope"
	"github.com/emrchain/emrchain/internal/bufpipe"
	"github.com/emrchain/emrchain/storage"
)

// SealToStore is the data path of sealing a record: it seals the plaintext read from src
// (signed by signer, encrypted under dataKey, bound to ad) straight into st, so the record is
// never held whole in memory whatever its size, and returns the sealed object's CID. progress,
// if set, is called with the number of sealed bytes stored so far. If sealing or storing fails,
// nothing of the object stays in st.
func SealToStore(ctx context.Context, st storage.Store, random io.Reader, src io.Reader, dataKey [32]byte, signer envelope.Signer, ad []byte, progress func(done int64)) (cid.Cid, *envelope.Sealed, error) {
	// Sealing and importing each want a core; a buffer between them lets either run ahead
	// while the other waits to be scheduled.
	pr, pw := bufpipe.New(sealBuffer)
	type sealResult struct {
		s   *envelope.Sealed
		err error
	}
	done := make(chan sealResult, 1)
	go func() {
		s, err := envelope.Seal(random, pw, src, dataKey, signer, ad)
		pw.CloseWithError(err)
		done <- sealResult{s, err}
	}()
	var opts []storage.PutOption
	if progress != nil {
		opts = append(opts, storage.WithProgress(progress))
	}
	c, putErr := st.Put(ctx, pr, opts...)
	pr.CloseWithError(putErr)
	res := <-done
	switch {
	case putErr != nil && (res.err == nil || errors.Is(res.err, putErr)):
		// The store failed first (full disk, node gone); the sealer only saw its pipe close.
		return cid.Undef, nil, fmt.Errorf("store sealed record: %w", putErr)
	case res.err != nil:
		if putErr == nil {
			// Cannot happen with a store that reads to EOF, but a sealed object whose
			// envelope is incomplete must not stay.
			_ = st.Remove(context.WithoutCancel(ctx), c)
		}
		return cid.Undef, nil, fmt.Errorf("seal record: %w", res.err)
	}
	return c, res.s, nil
}

// sealBuffer is how far sealing may run ahead of the store's import.
const sealBuffer = 4 << 20

// OpenFromStore is the data path of reading a record: it streams the sealed object c from st
// through envelope.Open into dst, checking every block against its CID, every chunk's
// authenticity, the content hash the chain records and the provider's signature. Memory stays a
// few chunks whatever the record's size. progress, if set, is called with the sealed bytes read
// so far and the object's size. On error dst may hold unverified bytes and must be discarded.
func OpenFromStore(ctx context.Context, st storage.Store, c cid.Cid, dataKey [32]byte, ad []byte, contentHash [32]byte, provider common.Address, dst io.Writer, progress func(done, total int64)) (*envelope.Opened, error) {
	obj, err := st.Get(ctx, c)
	if err != nil {
		return nil, fmt.Errorf("fetch record %s: %w", c, err)
	}
	defer obj.Close()
	var src io.Reader = obj
	if progress != nil {
		src = &progressReader{r: obj, total: obj.Size(), fn: progress}
	}
	opened, err := envelope.Open(dst, src, dataKey, ad, envelope.ExpectSealedSHA256(contentHash), envelope.ExpectSigner(provider))
	if err != nil {
		return nil, fmt.Errorf("open record %s: %w", c, err)
	}
	return opened, nil
}

// Objects lists what SealRecord stored for the draft: the sealed record. Until the draft is on
// chain nothing else references it.
func (d *Draft) Objects() []cid.Cid {
	if !d.RecordCID.Defined() {
		return nil
	}
	return []cid.Cid{d.RecordCID}
}

// Discard removes objects stored for a record that will not be registered. It is best effort
// and runs even when ctx has ended (an interrupted put cleans up after itself); the first error
// is returned.
func (e *Env) Discard(ctx context.Context, objects ...cid.Cid) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), discardTimeout)
	defer cancel()
	var first error
	for _, c := range objects {
		if !c.Defined() {
			continue
		}
		if err := e.Store.Remove(ctx, c); err != nil && !errors.Is(err, storage.ErrNotFound) && first == nil {
			first = fmt.Errorf("remove %s: %w", c, err)
		}
	}
	return first
}

// cidOf parses a binary CID this package stored itself; an unparsable one is cid.Undef, which
// Discard skips.
func cidOf(ref []byte) cid.Cid {
	c, err := cid.Cast(ref)
	if err != nil {
		return cid.Undef
	}
	return c
}

// discardTimeout bounds cleaning up after a failed or interrupted put.
const discardTimeout = 30 * time.Second

type progressReader struct {
	r     io.Reader
	done  atomic.Int64
	total int64
	fn    func(done, total int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.fn(p.done.Add(int64(n)), p.total)
	}
	return n, err
}
