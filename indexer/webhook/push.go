package webhook

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/gorilla/websocket"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/deploy"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

// Routes are the patterns Handler serves, for mounting it beside the indexer's API:
//
//	POST   /v1/webhooks                                       {url, patient | org, actions[]} → 201, with the secret
//	GET    /v1/webhooks                                       the caller's subscriptions and their delivery stats
//	DELETE /v1/webhooks/{id}
//	GET    /v1/webhooks/{id}/dead-letters
//	POST   /v1/webhooks/{id}/dead-letters/{delivery}/replay
//	GET    /v1/patients/{address}/feed                        WebSocket; token in Authorization or a subprotocol (FeedProtocol)
var Routes = []string{
	"POST /v1/webhooks",
	"GET /v1/webhooks",
	"DELETE /v1/webhooks/{id}",
	"GET /v1/webhooks/{id}/dead-letters",
	"POST /v1/webhooks/{id}/dead-letters/{delivery}/replay",
	"GET /v1/patients/{address}/feed",
}

// MaxSubscriptions bounds the webhooks one account may register.
const MaxSubscriptions = 20

// DefaultPollInterval is how often the notifier asks a client that cannot push new heads (plain
// HTTP) for one: one header request per interval buys sub-second notifications. Clients that
// push new heads wake it at once anyway.
const DefaultPollInterval = 250 * time.Millisecond

// Live-feed timing.
const (
	feedWriteWait = 10 * time.Second // a write that takes longer ends the connection
	feedPongWait  = 60 * time.Second // a client that answers no ping for this long is gone
	feedPing      = 25 * time.Second
)

// Verifier checks the indexer's bearer tokens (an *auth.Authority).
type Verifier interface {
	Verify(token string) (common.Address, error)
}

// PushConfig configures a Push.
type PushConfig struct {
	// Client reads the chain; one that can subscribe to new heads (WebSocket, in-process)
	// notifies within milliseconds of a block, others every PollInterval.
	Client logpoller.Client
	// Manifest is the deployment whose events are pushed, from its deployment block.
	Manifest *deploy.Manifest
	// Path is the outbox's SQLite file (created if needed).
	Path string
	// Auth verifies the bearer tokens the indexer issues at sign-in.
	Auth Verifier
	// Admins may subscribe to an organisation's events, besides the Registry's admin.
	Admins []common.Address
	// Enrolment checks subscribers on chain; nil reads the manifest's Registry through Client,
	// which must then be able to call contracts (an *ethclient.Client can).
	Enrolment Enrolment
	// Finality (already resolved for the chain: Auto is not resolved here) and PollInterval
	// tune the log poller (see logpoller.Config); zero PollInterval means DefaultPollInterval.
	Finality     logpoller.Finality
	PollInterval time.Duration
	Log          zerolog.Logger
	// Policy says where deliveries may connect; the zero value allows only public addresses.
	Policy Policy
	// HTTPClient posts deliveries; nil means NewHTTPClient(Policy), which checks every
	// connection's address. A client given here must do its own checking.
	HTTPClient *http.Client
	// MaxAttempts, BaseBackoff and MaxBackoff tune retries (see Dispatcher); zero means the
	// Dispatcher's defaults.
	MaxAttempts int
	BaseBackoff time.Duration
	MaxBackoff  time.Duration
	// FeedBuffer bounds each live-feed connection's queue; zero means DefaultFeedBuffer.
	FeedBuffer int
}

// Push is the indexer's push component: a notifier following the chain into the outbox, a
// dispatcher delivering webhooks from it, live WebSocket feeds, and the HTTP API to manage
// subscriptions. Ingestion never waits on a subscriber: it commits to the outbox, and delivery
// and feeds read from there.
type Push struct {
	cfg     PushConfig
	admins  map[common.Address]bool
	actions []string
	hub     *hub
	handler http.Handler

	mu         sync.RWMutex
	outbox     *Outbox
	notifier   *Notifier
	dispatcher *Dispatcher
	poller     *logpoller.Poller
	cancel     context.CancelFunc
	stopped    bool
	pollErr    error
	wg         sync.WaitGroup // poller and dispatcher
	feeds      sync.WaitGroup
	sockets    map[*websocket.Conn]struct{}
}

// New checks a configuration. Handler may be mounted at once; it answers 503 until Start.
func New(cfg PushConfig) (*Push, error) {
	switch {
	case cfg.Client == nil:
		return nil, errors.New("push: no chain client")
	case cfg.Manifest == nil:
		return nil, errors.New("push: no deployment manifest")
	case cfg.Path == "":
		return nil, errors.New("push: no outbox path")
	case cfg.Auth == nil:
		return nil, errors.New("push: no token verifier")
	}
	if cfg.Enrolment == nil {
		caller, ok := cfg.Client.(bind.ContractCaller)
		if !ok {
			return nil, errors.New("push: the chain client cannot call contracts, which checking subscribers' enrolment needs")
		}
		e, err := RegistryEnrolment(caller, cfg.Manifest.Addresses().Registry)
		if err != nil {
			return nil, fmt.Errorf("push: %w", err)
		}
		cfg.Enrolment = e
	}
	p := &Push{cfg: cfg, admins: map[common.Address]bool{}, hub: newHub(cfg.FeedBuffer), sockets: map[*websocket.Conn]struct{}{}}
	for _, a := range cfg.Admins {
		p.admins[a] = true
	}
	for _, a := range timeline.Actions {
		p.actions = append(p.actions, string(a))
	}
	mux := http.NewServeMux()
	mux.HandleFunc(Routes[0], p.create)
	mux.HandleFunc(Routes[1], p.list)
	mux.HandleFunc(Routes[2], p.remove)
	mux.HandleFunc(Routes[3], p.deadLetters)
	mux.HandleFunc(Routes[4], p.replay)
	mux.HandleFunc(Routes[5], p.feed)
	p.handler = p.logged(mux)
	return p, nil
}

// Start opens the outbox and starts following the chain and delivering. The context bounds
// startup only; Stop ends the component.
func (p *Push) Start(ctx context.Context) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.outbox != nil || p.stopped {
		return errors.New("push: already started")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(p.cfg.Path), 0o700); err != nil {
		return fmt.Errorf("push: outbox directory: %w", err)
	}
	o, err := OpenOutbox(p.cfg.Path, p.cfg.Policy)
	if err != nil {
		return fmt.Errorf("push: %w", err)
	}
	log := p.cfg.Log
	d := &Dispatcher{
		Outbox: o, Client: p.cfg.HTTPClient, Policy: p.cfg.Policy, MaxAttempts: p.cfg.MaxAttempts,
		BaseBackoff: p.cfg.BaseBackoff, MaxBackoff: p.cfg.MaxBackoff,
		Log: log.With().Str("component", "webhook-dispatch").Logger(),
	}
	n := NewNotifier(o)
	n.Committed = func(c Change) {
		d.Wake()
		if c.Reorg != nil {
			p.hub.reorg(*c.Reorg)
		}
		p.hub.publish(c.Notes)
	}
	m := p.cfg.Manifest
	poll := p.cfg.PollInterval
	if poll == 0 {
		poll = DefaultPollInterval
	}
	poller := logpoller.New(p.cfg.Client, logpoller.Config{
		Addresses:     m.Addresses().List(),
		StartBlock:    m.DeploymentBlock,
		Confirmations: p.cfg.Finality.Confirmations,
		Finalized:     p.cfg.Finality.Finalized,
		PollInterval:  poll,
	}, n, log.With().Str("component", "webhook-poller").Logger())
	// A node on another chain stops push here, with the outbox as it was; a node that does not
	// answer yet is the poller's to wait for.
	if err := poller.CheckChain(ctx); errors.Is(err, logpoller.ErrWrongChain) {
		o.Close()
		return fmt.Errorf("push: %w", err)
	} else if err != nil {
		log.Warn().Err(err).Msg("push: could not check the node's chain yet; following it once it answers")
	}

	runCtx, cancel := context.WithCancel(context.Background())
	p.outbox, p.notifier, p.dispatcher, p.poller, p.cancel = o, n, d, poller, cancel
	p.wg.Add(2)
	go func() {
		defer p.wg.Done()
		if err := poller.Run(runCtx); !errors.Is(err, context.Canceled) {
			p.mu.Lock()
			p.pollErr = err
			p.mu.Unlock()
			log.Error().Err(err).Msg("push: following the chain stopped; queued deliveries continue")
		}
	}()
	go func() {
		defer p.wg.Done()
		_ = d.Run(runCtx)
	}()
	log.Info().Str("outbox", p.cfg.Path).Str("finality", p.cfg.Finality.String()).Msg("push started")
	return nil
}

// Stop stops following the chain and delivering, closes live feeds with a going-away notice
// (waiting for them within ctx, then cutting them) and closes the outbox. A delivery on the
// wire is abandoned and sent again, with the same idempotency key, after the next Start. Stop
// the HTTP server first, so no request is using the outbox as it closes. It returns why
// following the chain stopped, if it stopped on its own.
func (p *Push) Stop(ctx context.Context) error {
	p.mu.Lock()
	if p.stopped || p.outbox == nil {
		p.stopped = true
		p.mu.Unlock()
		return nil
	}
	p.stopped = true
	cancel := p.cancel
	p.mu.Unlock()

	cancel()
	p.hub.close()
	p.wg.Wait()
	feedsDone := make(chan struct{})
	go func() { p.feeds.Wait(); close(feedsDone) }()
	var waitErr error
	select {
	case <-feedsDone:
	case <-ctx.Done():
		waitErr = fmt.Errorf("push: live feeds did not close in time: %w", ctx.Err())
		p.mu.Lock()
		for ws := range p.sockets {
			ws.NetConn().Close()
		}
		p.mu.Unlock()
		<-feedsDone
	}

	p.mu.Lock()
	o, pollErr := p.outbox, p.pollErr
	p.outbox = nil
	p.mu.Unlock()
	closeErr := o.Close()
	p.cfg.Log.Info().Msg("push stopped")
	return errors.Join(pollErr, waitErr, closeErr)
}

// Status is how push follows the chain (the zero Status before Start).
func (p *Push) Status() logpoller.Status {
	p.mu.RLock()
	poller := p.poller
	p.mu.RUnlock()
	if poller == nil {
		return logpoller.Status{}
	}
	return poller.Status()
}

// Cursor is the last block the notifier has taken in.
func (p *Push) Cursor(ctx context.Context) (logpoller.Header, bool, error) {
	p.mu.RLock()
	n, running := p.notifier, p.outbox != nil
	p.mu.RUnlock()
	if !running {
		return logpoller.Header{}, false, errNotRunning
	}
	return n.Cursor(ctx)
}

// Handler serves Routes.
func (p *Push) Handler() http.Handler { return p.handler }

var errNotRunning = errors.New("push: not running")

// current returns the open outbox, nil before Start and after Stop.
func (p *Push) current() *Outbox {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return p.outbox
}

// httpError is an error with the status to answer and a message safe to show.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func fail(status int, format string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// statusWriter remembers the status for the access log. It passes hijacking through, which the
// WebSocket upgrade needs.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	w.status = http.StatusSwitchingProtocols
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

// logged logs each request by route pattern, never by path: paths name patients.
func (p *Push) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		p.cfg.Log.Info().Str("method", r.Method).Str("route", route).Int("status", sw.status).
			Dur("duration", time.Since(start)).Msg("http request")
	})
}

func (p *Push) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	switch {
	case errors.As(err, &he):
	case errors.Is(err, ErrInvalid):
		he = &httpError{status: http.StatusBadRequest, msg: err.Error()}
	case errors.Is(err, ErrNotFound):
		he = &httpError{status: http.StatusNotFound, msg: err.Error()}
	case errors.Is(err, errNotRunning):
		he = &httpError{status: http.StatusServiceUnavailable, msg: "webhooks are not running"}
	default:
		p.cfg.Log.Error().Err(err).Str("route", r.Pattern).Msg("webhook request failed")
		he = &httpError{status: http.StatusInternalServerError, msg: "internal error"}
	}
	if he.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="emrchain-indexer"`)
	}
	writeJSON(w, he.status, map[string]string{"error": he.msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the status is sent; a failed write can only be the client going away
}

// caller returns the signed-in address.
func (p *Push) caller(r *http.Request) (common.Address, error) {
	who, _, err := p.callerToken(r, false)
	return who, err
}

// The live feed's WebSocket subprotocols. Browsers cannot set headers on a WebSocket handshake,
// so a browser offers two subprotocols, FeedProtocol and FeedTokenPrefix+token; the server
// selects FeedProtocol, so the token is never echoed. A token in the URL (?token=) is refused:
// URLs end up in proxies' and servers' access logs.
const (
	FeedProtocol    = "emrchain.feed.v1"
	FeedTokenPrefix = "emrchain.bearer."
)

// callerToken returns the signed-in address and the token: from the Authorization header, or
// for the feed also from its subprotocols.
func (p *Push) callerToken(r *http.Request, feed bool) (common.Address, string, error) {
	if _, ok := r.URL.Query()["token"]; ok {
		return common.Address{}, "", fail(http.StatusBadRequest, "tokens are not taken in the URL, where logs keep them: send \"Authorization: Bearer TOKEN\", or offer the WebSocket subprotocols %q and %q", FeedProtocol, FeedTokenPrefix+"TOKEN")
	}
	token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if (!ok || token == "") && feed {
		offered := websocket.Subprotocols(r)
		for _, proto := range offered {
			if t, ok := strings.CutPrefix(proto, FeedTokenPrefix); ok {
				token = t
			}
		}
		if token != "" && !slices.Contains(offered, FeedProtocol) {
			return common.Address{}, "", fail(http.StatusBadRequest, "offer the subprotocol %q beside the token's, so the server can select it", FeedProtocol)
		}
	}
	if token == "" {
		return common.Address{}, "", fail(http.StatusUnauthorized, "sign in: POST /v1/auth/challenge, then /v1/auth/token, and send the token as a Bearer token")
	}
	who, err := p.cfg.Auth.Verify(token)
	if err != nil {
		return common.Address{}, "", fail(http.StatusUnauthorized, "invalid or expired token")
	}
	return who, token, nil
}

// request is the body of POST /v1/webhooks.
type request struct {
	URL     string   `json:"url"`
	Patient string   `json:"patient,omitempty"`
	Org     string   `json:"org,omitempty"`
	Actions []string `json:"actions,omitempty"`
}

const maxBody = 8 << 10

func (p *Push) create(w http.ResponseWriter, r *http.Request) {
	if err := p.createErr(w, r); err != nil {
		p.writeError(w, r, err)
	}
}

func (p *Push) createErr(w http.ResponseWriter, r *http.Request) error {
	who, err := p.caller(r)
	if err != nil {
		return err
	}
	var req request
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		return fail(http.StatusBadRequest, "malformed request body: %v", err)
	}
	if (req.Patient == "") == (req.Org == "") {
		return fail(http.StatusBadRequest, "give exactly one of patient (an address) or org (a 32-byte org id, 0x-hex)")
	}
	sub := Subscription{URL: req.URL, Owner: who, Actions: req.Actions}
	if req.Patient != "" {
		if !common.IsHexAddress(req.Patient) {
			return fail(http.StatusBadRequest, "patient %q is not an address", req.Patient)
		}
		patient := common.HexToAddress(req.Patient)
		if patient != who {
			// A guardian with the read-the-timeline scope hears of the patient's timeline too, so
			// that a break-glass read reaches the patient's guardians at once.
			ok, err := p.guardianMayRead(r, patient, who)
			if err != nil {
				return err
			}
			if !ok {
				return fail(http.StatusForbidden, "only the patient, or a guardian with the timeline scope, may subscribe to a patient's timeline")
			}
		}
		active, err := p.cfg.Enrolment.IsActive(r.Context(), patient, contracts.RolePatient)
		if err != nil {
			return p.chainUnavailable(r, err)
		}
		if !active {
			return fail(http.StatusForbidden, "only an enrolled, active patient's timeline may be subscribed to, and the Registry does not list %s as one", patient.Hex())
		}
		sub.Patient = &patient
	} else {
		if !isOrgID(req.Org) {
			return fail(http.StatusBadRequest, "org %q is not an org id: want 0x and 64 hex digits (client.OrgID of the organisation's name)", req.Org)
		}
		if !p.admins[who] {
			admin, err := p.cfg.Enrolment.Admin(r.Context())
			if err != nil {
				return p.chainUnavailable(r, err)
			}
			if admin != who {
				return fail(http.StatusForbidden, "only the Registry's admin (or an admin the indexer names) may subscribe to an organisation's events")
			}
		}
		sub.Org = strings.ToLower(req.Org)
	}
	o := p.current()
	if o == nil {
		return errNotRunning
	}
	// Each subscription costs a worker and a row per matching event; a signed-in account must
	// not be able to make that unbounded.
	mine, err := o.Subscriptions(r.Context(), &who)
	if err != nil {
		return err
	}
	if len(mine) >= MaxSubscriptions {
		return fail(http.StatusConflict, "at most %d webhooks per account: delete one first", MaxSubscriptions)
	}
	created, err := o.Subscribe(r.Context(), sub, p.actions)
	if err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/webhooks/"+created.ID)
	writeJSON(w, http.StatusCreated, created)
	return nil
}

// chainUnavailable answers a subscription the chain could not be asked about.
func (p *Push) chainUnavailable(r *http.Request, err error) error {
	p.cfg.Log.Warn().Err(err).Str("route", r.Pattern).Msg("read enrolment from the Registry")
	return fail(http.StatusServiceUnavailable, "cannot check enrolment on chain right now; try again")
}

func isOrgID(s string) bool {
	h, ok := strings.CutPrefix(s, "0x")
	if !ok || len(h) != 64 {
		return false
	}
	for _, c := range h {
		if !strings.ContainsRune("0123456789abcdefABCDEF", c) {
			return false
		}
	}
	return true
}

// subscriptionView is a listed subscription with how its deliveries stand.
type subscriptionView struct {
	Subscription
	Stats Stats `json:"stats"`
}

func (p *Push) list(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		who, err := p.caller(r)
		if err != nil {
			return err
		}
		o := p.current()
		if o == nil {
			return errNotRunning
		}
		subs, err := o.Subscriptions(r.Context(), &who)
		if err != nil {
			return err
		}
		views := make([]subscriptionView, 0, len(subs))
		for _, s := range subs {
			st, err := o.Stats(r.Context(), s.ID)
			if err != nil {
				return err
			}
			views = append(views, subscriptionView{Subscription: s, Stats: st})
		}
		writeJSON(w, http.StatusOK, map[string]any{"webhooks": views})
		return nil
	}()
	if err != nil {
		p.writeError(w, r, err)
	}
}

// owned resolves the {id} of the path to one of the caller's subscriptions.
func (p *Push) owned(r *http.Request) (*Outbox, *Subscription, error) {
	who, err := p.caller(r)
	if err != nil {
		return nil, nil, err
	}
	o := p.current()
	if o == nil {
		return nil, nil, errNotRunning
	}
	s, err := o.Owned(r.Context(), who, r.PathValue("id"))
	if err != nil {
		return nil, nil, err
	}
	return o, s, nil
}

func (p *Push) remove(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		o, s, err := p.owned(r)
		if err != nil {
			return err
		}
		if err := o.Unsubscribe(r.Context(), s.Owner, s.ID); err != nil {
			return err
		}
		w.WriteHeader(http.StatusNoContent)
		return nil
	}()
	if err != nil {
		p.writeError(w, r, err)
	}
}

// deadLetter is a dead-lettered delivery as the API shows it.
type deadLetter struct {
	ID        int64           `json:"id"`
	Key       string          `json:"key"`
	Kind      string          `json:"kind"`
	Attempts  int             `json:"attempts"`
	LastError string          `json:"lastError"`
	Body      json.RawMessage `json:"body"`
}

func (p *Push) deadLetters(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		o, s, err := p.owned(r)
		if err != nil {
			return err
		}
		dls, err := o.DeadLetters(r.Context(), s.ID)
		if err != nil {
			return err
		}
		out := make([]deadLetter, 0, len(dls))
		for _, d := range dls {
			out = append(out, deadLetter{ID: d.ID, Key: d.Key, Kind: d.Kind, Attempts: d.Attempts, LastError: d.LastError, Body: d.Body})
		}
		writeJSON(w, http.StatusOK, map[string]any{"deadLetters": out})
		return nil
	}()
	if err != nil {
		p.writeError(w, r, err)
	}
}

func (p *Push) replay(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		id, err := strconv.ParseInt(r.PathValue("delivery"), 10, 64)
		if err != nil {
			return fail(http.StatusBadRequest, "delivery %q is not a dead letter's id", r.PathValue("delivery"))
		}
		o, s, err := p.owned(r)
		if err != nil {
			return err
		}
		if err := o.Replay(r.Context(), s.ID, id, time.Now()); err != nil {
			return err
		}
		p.mu.RLock()
		d := p.dispatcher
		p.mu.RUnlock()
		d.Wake()
		writeJSON(w, http.StatusAccepted, map[string]any{"replayed": id})
		return nil
	}()
	if err != nil {
		p.writeError(w, r, err)
	}
}

// upgrader accepts any origin: the feed authenticates with a bearer token, never a cookie, so a
// page on another origin cannot ride on a signed-in user's session.
var upgrader = websocket.Upgrader{
	HandshakeTimeout: 10 * time.Second,
	CheckOrigin:      func(*http.Request) bool { return true },
	Subprotocols:     []string{FeedProtocol},
}

func (p *Push) feed(w http.ResponseWriter, r *http.Request) {
	c, token, err := p.joinFeed(r)
	if err != nil {
		p.writeError(w, r, err)
		return
	}
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		p.hub.leave(c) // the upgrader has answered the client
		return
	}
	p.mu.Lock()
	if p.stopped {
		p.mu.Unlock()
		p.hub.leave(c)
		ws.Close()
		return
	}
	p.sockets[ws] = struct{}{}
	p.feeds.Add(1)
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.sockets, ws)
		p.mu.Unlock()
		p.feeds.Done()
	}()

	written := make(chan struct{})
	go func() {
		defer close(written)
		p.writeFeed(ws, c, token)
	}()
	// The client sends nothing; reading handles its pongs and its close.
	ws.SetReadLimit(512)
	_ = ws.SetReadDeadline(time.Now().Add(feedPongWait))
	ws.SetPongHandler(func(string) error { return ws.SetReadDeadline(time.Now().Add(feedPongWait)) })
	for {
		if _, _, err := ws.NextReader(); err != nil {
			break
		}
	}
	p.hub.leave(c)
	<-written
}

// guardianMayRead reports whether who is a guardian of patient holding the read-the-timeline
// scope now, as the outbox's facts say.
func (p *Push) guardianMayRead(r *http.Request, patient, who common.Address) (bool, error) {
	o := p.current()
	if o == nil {
		return false, errNotRunning
	}
	return o.GuardianMayRead(r.Context(), patient, who, time.Now())
}

// joinFeed authorizes a feed request and registers it with the hub; it returns the token, which
// the connection keeps re-checking.
func (p *Push) joinFeed(r *http.Request) (*feedConn, string, error) {
	who, token, err := p.callerToken(r, true)
	if err != nil {
		return nil, "", err
	}
	a := r.PathValue("address")
	if !common.IsHexAddress(a) {
		return nil, "", fail(http.StatusBadRequest, "patient %q is not an address", a)
	}
	patient := common.HexToAddress(a)
	if patient != who {
		ok, err := p.guardianMayRead(r, patient, who)
		if err != nil {
			return nil, "", err
		}
		if !ok {
			return nil, "", fail(http.StatusForbidden, "only the patient, or a guardian with the timeline scope, may follow a patient's timeline")
		}
	}
	if p.current() == nil {
		return nil, "", errNotRunning
	}
	c := p.hub.join(patient)
	if c == nil {
		return nil, "", errNotRunning
	}
	return c, token, nil
}

// writeFeed drains c's queue to the socket until the hub drops c, then closes with its reason.
// The sign-in is short-lived and a feed may run for days, so the token is checked again before
// every message and ping: when it expires the feed ends, as any request with it would.
func (p *Push) writeFeed(ws *websocket.Conn, c *feedConn, token string) {
	defer ws.Close()
	ping := time.NewTicker(feedPing)
	defer ping.Stop()
	// closing waits for the hub to have dropped c (which sets the close code and reason) and
	// tells the client why.
	closing := func() {
		<-c.quit
		_ = ws.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(c.code, c.reason), time.Now().Add(time.Second))
	}
	expired := func() bool {
		if _, err := p.cfg.Auth.Verify(token); err == nil {
			return false
		}
		p.hub.drop(c, websocket.ClosePolicyViolation, reasonExpired)
		closing()
		return true
	}
	for {
		select {
		case msg := <-c.out:
			if expired() {
				return
			}
			_ = ws.SetWriteDeadline(time.Now().Add(feedWriteWait))
			if err := ws.WriteMessage(websocket.TextMessage, msg); err != nil {
				p.hub.leave(c)
				return
			}
		case <-ping.C:
			if expired() {
				return
			}
			if err := ws.WriteControl(websocket.PingMessage, nil, time.Now().Add(feedWriteWait)); err != nil {
				p.hub.leave(c)
				return
			}
		case <-c.quit:
			closing()
			return
		}
	}
}
