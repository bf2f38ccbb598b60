package webhook

import (
	"encoding/json"
	"sync"

	"github.com/ethereum/go-ethereum/common"
	"github.com/gorilla/websocket"
)

// DefaultFeedBuffer is how many messages a live-feed connection may have queued before it is
// dropped as too slow.
const DefaultFeedBuffer = 256

// feedMemory bounds the keys a connection remembers having been sent, for its reorg notices; a
// reorg deeper than that many of one patient's entries is beyond any the poller can follow.
const feedMemory = 1024

// Close reasons sent to live-feed clients.
const (
	reasonSlow     = "feed buffer full: the client reads too slowly; reconnect and catch up from the timeline API"
	reasonShutdown = "server shutting down"
	reasonExpired  = "token expired: sign in again and reconnect"
)

// sentKey is a notification a connection was sent.
type sentKey struct {
	block uint64
	key   string
}

// feedConn is one live-feed subscriber. The hub only ever queues to out without blocking; a
// writer goroutine per connection drains it to the socket.
type feedConn struct {
	patient common.Address
	out     chan []byte
	quit    chan struct{} // closed when the hub drops the connection
	code    int           // close code and reason, set before quit is closed
	reason  string
	sent    []sentKey // guarded by the hub's mutex
}

// hub fans committed notifications out to live feeds by patient.
type hub struct {
	mu     sync.Mutex
	buffer int
	conns  map[common.Address]map[*feedConn]struct{}
	closed bool
}

func newHub(buffer int) *hub {
	if buffer <= 0 {
		buffer = DefaultFeedBuffer
	}
	return &hub{buffer: buffer, conns: map[common.Address]map[*feedConn]struct{}{}}
}

// join registers a connection for patient's notifications; nil after close.
func (h *hub) join(patient common.Address) *feedConn {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil
	}
	c := &feedConn{patient: patient, out: make(chan []byte, h.buffer), quit: make(chan struct{})}
	if h.conns[patient] == nil {
		h.conns[patient] = map[*feedConn]struct{}{}
	}
	h.conns[patient][c] = struct{}{}
	return c
}

// leave unregisters c (the client went away).
func (h *hub) leave(c *feedConn) { h.drop(c, websocket.CloseNormalClosure, "") }

// drop unregisters c and has its writer close with code and reason.
func (h *hub) drop(c *feedConn, code int, reason string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.dropLocked(c, code, reason)
}

// dropLocked removes c and tells its writer to close with code and reason. Safe to repeat.
func (h *hub) dropLocked(c *feedConn, code int, reason string) {
	set := h.conns[c.patient]
	if _, ok := set[c]; !ok {
		return
	}
	delete(set, c)
	if len(set) == 0 {
		delete(h.conns, c.patient)
	}
	c.code, c.reason = code, reason
	close(c.quit)
}

// sendLocked queues msg for c, or drops c when its queue is full: one slow reader must not hold
// up ingestion or any other reader.
func (h *hub) sendLocked(c *feedConn, msg []byte) bool {
	select {
	case c.out <- msg:
		return true
	default:
		h.dropLocked(c, websocket.CloseTryAgainLater, reasonSlow)
		return false
	}
}

// publish sends timeline entries to their patients' feeds.
func (h *hub) publish(notes []Notification) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, n := range notes {
		if n.Kind != KindEntry {
			continue
		}
		for c := range h.conns[n.Patient] {
			if !h.sendLocked(c, n.Body) {
				continue
			}
			c.sent = append(c.sent, sentKey{block: n.Block, key: n.Key})
			if len(c.sent) > feedMemory {
				c.sent = c.sent[len(c.sent)-feedMemory:]
			}
		}
	}
}

// reorg sends each connection that was sent entries above the common ancestor a notice listing
// them.
func (h *hub) reorg(r Reorg) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, set := range h.conns {
		for c := range set {
			var removed []string
			kept := c.sent[:0]
			for _, s := range c.sent {
				if s.block > r.CommonAncestor.Number {
					removed = append(removed, s.key)
				} else {
					kept = append(kept, s)
				}
			}
			c.sent = kept
			if len(removed) == 0 {
				continue
			}
			body, err := json.Marshal(Payload{Kind: KindReorg, Key: r.Key(), CommonAncestor: &r.CommonAncestor, Removed: removed})
			if err != nil {
				continue
			}
			h.sendLocked(c, body)
		}
	}
}

// close drops every connection and refuses new ones.
func (h *hub) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for _, set := range h.conns {
		for c := range set {
			h.dropLocked(c, websocket.CloseGoingAway, reasonShutdown)
		}
	}
}
