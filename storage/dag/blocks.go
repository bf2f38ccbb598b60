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
// Only interior (dag-pb) nodes are fetched, and verified; raw leaves are
// listed from their parents' links without being read. An interior node
// missing from src is listed without its subtree, because deleting children
// first means a missing interior node's subtree is already gone; callers that
// need the DAG complete check that every listed block is present. A missing
// root is storage.ErrNotFound; an interior node that fails verification is
// storage.ErrIntegrity, since its links cannot be believed.
func Blocks(ctx context.Context, root cid.Cid, src Source) ([]cid.Cid, error) {
	w := walker{g: getter{src: src}, seen: cid.NewSet()}
	if err := w.visit(ctx, root, true); err != nil {
		return nil, err
	}
	return w.order, nil
}

type walker struct {
	g     getter
	seen  *cid.Set
	order []cid.Cid
}

func (w *walker) visit(ctx context.Context, c cid.Cid, isRoot bool) error {
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
				if err := w.visit(ctx, l.Cid, false); err != nil {
					return err
				}
			}
		case errors.Is(err, storage.ErrNotFound) && !isRoot:
		default:
			return fmt.Errorf("walk %s: %w", c, err)
		}
	} else if isRoot {
		// A raw root is a whole object in one block. Only its presence
		// matters here, and not verifying it lets a corrupt small object
		// still be removed.
		if _, err := w.g.src.Block(ctx, c); err != nil {
			return fmt.Errorf("walk %s: %w", c, err)
		}
	}
	w.order = append(w.order, c)
	return nil
}
