package dag

import (
	"context"
	"errors"
	"fmt"

	"github.com/emrchain/emrchain/storage"
	"github.com/ipfs/go-cid"
)

// Blocks lists every block of the DAG under root, each once, children before
// their parents and root last: the order in which blocks can be deleted so
// that an interrupted deletion leaves a root from which it can be finished.
//
// Only dag-pb nodes are fetched, and verified; raw blocks, leaves or a raw
// root, are listed without being read, so walking costs a few small reads
// per object whatever its size. A dag-pb node missing from src, the root
// included, is listed without its subtree, because deleting children first
// means a missing node's subtree is already gone. Blocks therefore does not
// report absence: callers that need the object, or all of it, present check
// the listed blocks themselves. A dag-pb node that fails verification is
// storage.ErrIntegrity, since its links cannot be believed.
func Blocks(ctx context.Context, root cid.Cid, src Source) ([]cid.Cid, error) {
	w := walker{g: getter{src: src}, seen: cid.NewSet()}
	if err := w.visit(ctx, root); err != nil {
		return nil, err
	}
	return w.order, nil
}

type walker struct {
	g     getter
	seen  *cid.Set
	order []cid.Cid
}

func (w *walker) visit(ctx context.Context, c cid.Cid) error {
	if !w.seen.Visit(c) {
		return nil
	}
	if err := storage.CheckCID(c); err != nil {
		return err
	}
	if c.Type() == cid.DagProtobuf {
		nd, err := w.g.Get(ctx, c)
		switch {
		case err == nil:
			for _, l := range nd.Links() {
				if err := w.visit(ctx, l.Cid); err != nil {
					return err
				}
			}
		case errors.Is(err, storage.ErrNotFound):
		default:
			return fmt.Errorf("walk %s: %w", c, err)
		}
	}
	w.order = append(w.order, c)
	return nil
}
