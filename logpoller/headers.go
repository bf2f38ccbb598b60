package logpoller

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/rpc"
)

// errMissing means the node has no block at a height it should have. It is the signature of a
// lagging node, never a reason to roll back.
var errMissing = errors.New("node has no block at this height")

// batchSize bounds one JSON-RPC batch; geth refuses batches above 1000 elements by default.
const batchSize = 200

// headerSource fetches a contiguous range of headers.
type headerSource interface {
	byRange(ctx context.Context, from, to uint64) ([]Header, error)
}

// rpcProvider is implemented by ethclient.Client (and clients embedding it).
type rpcProvider interface {
	Client() *rpc.Client
}

func newHeaderSource(c Client) headerSource {
	if p, ok := c.(rpcProvider); ok && p.Client() != nil {
		return batchHeaders{p.Client()}
	}
	return singleHeaders{c}
}

// singleHeaders asks for one header per call, for clients without batch support.
type singleHeaders struct{ c Client }

func (s singleHeaders) byRange(ctx context.Context, from, to uint64) ([]Header, error) {
	out := make([]Header, 0, to-from+1)
	for n := from; n <= to; n++ {
		h, err := s.c.HeaderByNumber(ctx, new(big.Int).SetUint64(n))
		if errors.Is(err, ethereum.NotFound) || (err == nil && h == nil) {
			return nil, fmt.Errorf("block %d: %w", n, errMissing)
		}
		if err != nil {
			return nil, fmt.Errorf("block %d: %w", n, err)
		}
		if h.Number.Uint64() != n {
			return nil, fmt.Errorf("%w: asked for block %d, got %d", ErrInconsistent, n, h.Number.Uint64())
		}
		out = append(out, HeaderOf(h))
	}
	return out, nil
}

// batchHeaders asks for many headers per round trip with eth_getBlockByNumber batches.
type batchHeaders struct{ c *rpc.Client }

// rpcHeader is the subset of eth_getBlockByNumber's result the poller reads. The node's own
// hash is used rather than one recomputed from the fields, which differs on some chains.
type rpcHeader struct {
	Number     hexutil.Uint64 `json:"number"`
	Hash       common.Hash    `json:"hash"`
	ParentHash common.Hash    `json:"parentHash"`
	Time       hexutil.Uint64 `json:"timestamp"`
}

func (b batchHeaders) byRange(ctx context.Context, from, to uint64) ([]Header, error) {
	out := make([]Header, 0, to-from+1)
	for lo := from; lo <= to; lo += batchSize {
		hi := min(to, lo+batchSize-1)
		results := make([]json.RawMessage, hi-lo+1)
		elems := make([]rpc.BatchElem, len(results))
		for i := range elems {
			elems[i] = rpc.BatchElem{
				Method: "eth_getBlockByNumber",
				Args:   []any{hexutil.EncodeUint64(lo + uint64(i)), false},
				Result: &results[i],
			}
		}
		if err := b.c.BatchCallContext(ctx, elems); err != nil {
			return nil, fmt.Errorf("batch %d-%d: %w", lo, hi, err)
		}
		for i, e := range elems {
			n := lo + uint64(i)
			if e.Error != nil {
				return nil, fmt.Errorf("block %d: %w", n, e.Error)
			}
			if len(results[i]) == 0 || string(results[i]) == "null" {
				return nil, fmt.Errorf("block %d: %w", n, errMissing)
			}
			var h rpcHeader
			if err := json.Unmarshal(results[i], &h); err != nil {
				return nil, fmt.Errorf("block %d: decode: %w", n, err)
			}
			if uint64(h.Number) != n || h.Hash == (common.Hash{}) {
				return nil, fmt.Errorf("%w: asked for block %d, got number %d hash %s", ErrInconsistent, n, uint64(h.Number), h.Hash.Hex())
			}
			out = append(out, Header{Number: n, Hash: h.Hash, ParentHash: h.ParentHash, Time: uint64(h.Time)})
		}
	}
	return out, nil
}

// HeaderOf converts a go-ethereum header.
func HeaderOf(h *types.Header) Header {
	return Header{Number: h.Number.Uint64(), Hash: h.Hash(), ParentHash: h.ParentHash, Time: h.Time}
}
