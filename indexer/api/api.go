// Package api serves audit timelines over HTTP. A patient's timeline is sensitive (who looked at
// which record, when, for what purpose), so only the patient and the auditors the patient has
// authorized may read it; callers sign in with their Ethereum key (package auth) and present the
// bearer token on every request.
//
//	POST   /v1/auth/challenge                      {address}                  → {address, nonce, message, expiresAt}
//	POST   /v1/auth/token                          {address, nonce, signature} → {token, expiresAt}
//	GET    /v1/patients/{address}/timeline         ?from&to&action&cursor&limit&order=newest[&format=fhir]
//	GET    /fhir/AuditEvent                        ?patient&date&subtype&_count (also from, to, action, cursor, limit)
//	GET    /fhir/AuditEvent/{id}                   one AuditEvent: each bundle entry's fullUrl
//	GET    /fhir/metadata                          the CapabilityStatement (public)
//	GET    /v1/patients/{address}/auditors
//	POST   /v1/patients/{address}/auditors         {auditor}
//	DELETE /v1/patients/{address}/auditors/{auditor}
//	GET    /v1/status                              ingestion progress and health (public)
//	GET    /v1/me                                  the signed-in address
//	GET    /ui/                                    a read-only timeline page for the signed-in patient
//
// from and to are RFC 3339 times ([from, to)); action is a comma-separated list of timeline
// actions; cursor is the opaque value of a previous page's next; order=newest pages from the
// latest entry back (order=oldest, chain order, is the default). Timeline JSON gives each entry
// in words too (title, summary, purposeWord, reasonText) and names the people on the page, as
// far as the directory knows them.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/rs/zerolog"

	"github.com/emrchain/emrchain/indexer/auth"
	"github.com/emrchain/emrchain/indexer/directory"
	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/logpoller"
)

// Config is what the handler serves from.
type Config struct {
	Store store.Store
	Auth  *auth.Authority
	// FHIR supplies the chain id and contract names for AuditEvent sources.
	FHIR fhir.Options
	// Directory names people and organisations from their enrolments; nil names nobody.
	Directory *directory.Directory
	Log       zerolog.Logger
	// Sync, when set, reports how ingestion follows the chain and whether that is healthy (nil)
	// or degraded (the reason, safe to show anyone). Without it /v1/status shows the cursor only.
	Sync func() (logpoller.Status, error)
}

type server struct {
	Config
}

// New returns the HTTP handler.
func New(cfg Config) http.Handler {
	s := &server{cfg}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/auth/challenge", s.challenge)
	mux.HandleFunc("POST /v1/auth/token", s.token)
	mux.HandleFunc("GET /v1/patients/{address}/timeline", s.timeline)
	mux.HandleFunc("GET /fhir/AuditEvent", s.fhirSearch)
	mux.HandleFunc("GET /fhir/AuditEvent/{id}", s.fhirRead)
	mux.HandleFunc("GET /fhir/metadata", s.fhirMetadata)
	mux.HandleFunc("GET /v1/patients/{address}/auditors", s.listAuditors)
	mux.HandleFunc("POST /v1/patients/{address}/auditors", s.addAuditor)
	mux.HandleFunc("DELETE /v1/patients/{address}/auditors/{auditor}", s.removeAuditor)
	mux.HandleFunc("GET /v1/status", s.status)
	mux.HandleFunc("GET /v1/me", s.me)
	mux.Handle("GET /ui/", uiHandler())
	mux.Handle("GET /{$}", http.RedirectHandler("/ui/", http.StatusFound))
	return s.logged(mux)
}

// statusWriter remembers the status code for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// logged logs each request by its route pattern, not its path: paths name patients, and the
// log should not become a second, unprotected audit trail.
func (s *server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(sw, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		s.Log.Info().Str("method", r.Method).Str("route", route).Int("status", sw.status).
			Dur("duration", time.Since(start)).Msg("http request")
	})
}

// apiError is an error with the status to answer it with and a message safe to show.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

func fail(status int, format string, args ...any) error {
	return &apiError{status: status, msg: fmt.Sprintf(format, args...)}
}

// writeError answers with err's status and message, or a generic 500 for unexpected errors,
// whose details go to the log only.
func (s *server) writeError(w http.ResponseWriter, r *http.Request, err error, asFHIR bool) {
	var ae *apiError
	if !errors.As(err, &ae) {
		s.Log.Error().Err(err).Str("route", r.Pattern).Msg("request failed")
		ae = &apiError{status: http.StatusInternalServerError, msg: "internal error"}
	}
	if ae.status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="emrchain-indexer"`)
	}
	if !asFHIR {
		writeJSON(w, ae.status, "application/json", map[string]string{"error": ae.msg})
		return
	}
	code := map[int]string{
		http.StatusBadRequest: "invalid", http.StatusUnauthorized: "login", http.StatusForbidden: "forbidden", http.StatusNotFound: "not-found",
	}[ae.status]
	if code == "" {
		code = "exception"
	}
	writeJSON(w, ae.status, "application/fhir+json", map[string]any{
		"resourceType": "OperationOutcome",
		"issue":        []map[string]string{{"severity": "error", "code": code, "diagnostics": ae.msg}},
	})
}

func writeJSON(w http.ResponseWriter, status int, contentType string, v any) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v) // the status is sent; a failed write can only be the client going away
}

const maxBody = 4 << 10

func readJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fail(http.StatusBadRequest, "malformed request body: %v", err)
	}
	return nil
}

func parseAddress(s, what string) (common.Address, error) {
	if !common.IsHexAddress(s) {
		return common.Address{}, fail(http.StatusBadRequest, "%s %q is not an address", what, s)
	}
	return common.HexToAddress(s), nil
}

// caller returns the signed-in address from the bearer token.
func (s *server) caller(r *http.Request) (common.Address, error) {
	h := r.Header.Get("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		return common.Address{}, fail(http.StatusUnauthorized, "sign in: POST /v1/auth/challenge, then /v1/auth/token, and send the token as a Bearer token")
	}
	addr, err := s.Auth.Verify(token)
	if err != nil {
		return common.Address{}, fail(http.StatusUnauthorized, "invalid or expired token")
	}
	return addr, nil
}

// mayRead checks that the caller is the patient, one of the patient's auditors, or a guardian of
// the patient holding the read-the-timeline scope inside its validity, and returns the caller.
func (s *server) mayRead(r *http.Request, patient common.Address) (common.Address, error) {
	who, err := s.caller(r)
	if err != nil {
		return common.Address{}, err
	}
	if who == patient {
		return who, nil
	}
	ok, err := s.Store.IsAuditor(r.Context(), patient, who)
	if err != nil {
		return common.Address{}, err
	}
	if ok {
		return who, nil
	}
	// A guardian the patient gave the read-the-timeline scope reads it while that lasts.
	scopes, until, err := s.Store.Guardian(r.Context(), patient, who)
	if err != nil {
		return common.Address{}, err
	}
	if scopes&timeline.ScopeTimeline != 0 && uint64(time.Now().Unix()) <= until {
		return who, nil
	}
	return common.Address{}, fail(http.StatusForbidden, "only the patient, the auditors the patient authorized and guardians with the timeline scope may read this timeline")
}

func (s *server) challenge(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Address string `json:"address"`
	}
	if err := readJSON(w, r, &req); err != nil {
		s.writeError(w, r, err, false)
		return
	}
	addr, err := parseAddress(req.Address, "address")
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	c, err := s.Auth.Challenge(addr)
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]string{
		"address": c.Address.Hex(), "nonce": c.Nonce, "message": c.Message, "expiresAt": c.Expires.UTC().Format(time.RFC3339),
	})
}

func (s *server) token(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Address   string `json:"address"`
		Nonce     string `json:"nonce"`
		Signature string `json:"signature"`
	}
	if err := readJSON(w, r, &req); err != nil {
		s.writeError(w, r, err, false)
		return
	}
	addr, err := parseAddress(req.Address, "address")
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	sig, err := hexutil.Decode(req.Signature)
	if err != nil {
		s.writeError(w, r, fail(http.StatusBadRequest, "signature is not 0x-prefixed hex"), false)
		return
	}
	tok, exp, err := s.Auth.Token(addr, req.Nonce, sig)
	if err != nil {
		s.writeError(w, r, fail(http.StatusUnauthorized, "sign-in refused: %v", err), false)
		return
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]string{"token": tok, "expiresAt": exp.UTC().Format(time.RFC3339)})
}

// filterOf reads the timeline query parameters.
func filterOf(q url.Values) (store.Filter, error) {
	var f store.Filter
	for _, p := range []struct {
		name string
		dst  *time.Time
	}{{"from", &f.From}, {"to", &f.To}} {
		if v := q.Get(p.name); v != "" {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return f, fail(http.StatusBadRequest, "%s: not an RFC 3339 time: %q", p.name, v)
			}
			*p.dst = t
		}
	}
	for _, list := range q["action"] {
		for _, a := range strings.Split(list, ",") {
			act, err := timeline.ParseAction(strings.TrimSpace(a))
			if err != nil {
				return f, fail(http.StatusBadRequest, "action: %v", err)
			}
			f.Actions = append(f.Actions, act)
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > store.MaxLimit {
			return f, fail(http.StatusBadRequest, "limit must be 1..%d", store.MaxLimit)
		}
		f.Limit = n
	}
	f.Cursor = q.Get("cursor")
	switch q.Get("order") {
	case "", "oldest":
	case "newest":
		f.Newest = true
	default:
		return f, fail(http.StatusBadRequest, "order must be newest or oldest")
	}
	return f, nil
}

// page reads one page of a timeline, mapping the store's refusals to client errors.
func (s *server) page(r *http.Request, patient common.Address) ([]timeline.Entry, string, error) {
	f, err := filterOf(r.URL.Query())
	if err != nil {
		return nil, "", err
	}
	entries, next, err := s.Store.Timeline(r.Context(), patient, f)
	if errors.Is(err, store.ErrBadCursor) {
		return nil, "", fail(http.StatusBadRequest, "invalid cursor")
	}
	return entries, next, err
}

func (s *server) timeline(w http.ResponseWriter, r *http.Request) {
	asFHIR := r.URL.Query().Get("format") == "fhir"
	var reader common.Address
	patient, err := parseAddress(r.PathValue("address"), "patient")
	if err == nil {
		reader, err = s.mayRead(r, patient)
	}
	if err != nil {
		s.writeError(w, r, err, asFHIR)
		return
	}
	entries, next, err := s.page(r, patient)
	if err != nil {
		s.writeError(w, r, err, asFHIR)
		return
	}
	if asFHIR {
		s.writeBundle(w, r, entries, next)
		return
	}
	people, err := s.people(r.Context(), patient, entries)
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	out := struct {
		Patient string             `json:"patient"`
		Entries []describedEntry   `json:"entries"`
		People  map[string]*person `json:"people"`
		Next    string             `json:"next,omitempty"`
	}{patient.Hex(), describe(entries, people, reader), people, next}
	writeJSON(w, http.StatusOK, "application/json", out)
}

// fhirQuery turns FHIR's search parameters (date with ge/gt/le/lt, subtype, _count) into the
// timeline's own, so a FHIR client needs no emrchain-specific ones.
func fhirQuery(r *http.Request) error {
	q := r.URL.Query()
	for _, d := range q["date"] {
		if len(d) < 2 {
			return fail(http.StatusBadRequest, "date %q: want ge, gt, le or lt and a date or time", d)
		}
		prefix, v := d[:2], d[2:]
		t, err := time.Parse(time.RFC3339, v)
		if err != nil {
			if t, err = time.Parse("2006-01-02", v); err == nil && (prefix == "gt" || prefix == "le") {
				t = t.AddDate(0, 0, 1).Add(-time.Second) // the whole day
			}
		}
		if err != nil {
			return fail(http.StatusBadRequest, "date %q: not a date (2006-01-02) or an RFC 3339 time", v)
		}
		switch prefix {
		case "ge":
			q.Set("from", t.UTC().Format(time.RFC3339))
		case "gt":
			q.Set("from", t.Add(time.Second).UTC().Format(time.RFC3339))
		case "lt":
			q.Set("to", t.UTC().Format(time.RFC3339))
		case "le":
			q.Set("to", t.Add(time.Second).UTC().Format(time.RFC3339))
		default:
			return fail(http.StatusBadRequest, "date %q: want the prefix ge, gt, le or lt", d)
		}
	}
	q.Del("date")
	for _, list := range q["subtype"] {
		for _, tok := range strings.Split(list, ",") {
			if sys, code, ok := strings.Cut(tok, "|"); ok {
				if sys != fhir.SystemAction {
					return fail(http.StatusBadRequest, "subtype %q: only the system %s is searchable", tok, fhir.SystemAction)
				}
				tok = code
			}
			q.Add("action", tok)
		}
	}
	q.Del("subtype")
	if c := q.Get("_count"); c != "" {
		q.Set("limit", c)
		q.Del("_count")
	}
	r.URL.RawQuery = q.Encode()
	return nil
}

func (s *server) fhirSearch(w http.ResponseWriter, r *http.Request) {
	patient, err := parseAddress(strings.TrimPrefix(r.URL.Query().Get("patient"), "Patient/"), "patient")
	if err == nil {
		_, err = s.mayRead(r, patient)
	}
	if err == nil {
		err = fhirQuery(r)
	}
	if err != nil {
		s.writeError(w, r, err, true)
		return
	}
	entries, next, err := s.page(r, patient)
	if err != nil {
		s.writeError(w, r, err, true)
		return
	}
	s.writeBundle(w, r, entries, next)
}

// fhirRead answers a bundle entry's fullUrl: one AuditEvent, by the block number and log index
// of its event, for the patient and the patient's auditors.
func (s *server) fhirRead(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		block, index, ok := strings.Cut(r.PathValue("id"), "-")
		b, berr := strconv.ParseUint(block, 10, 63)
		i, ierr := strconv.ParseUint(index, 10, 31)
		if !ok || berr != nil || ierr != nil {
			return fail(http.StatusBadRequest, "AuditEvent id %q: want BLOCK-LOGINDEX", r.PathValue("id"))
		}
		e, err := s.Store.Entry(r.Context(), b, uint(i))
		if errors.Is(err, store.ErrNotFound) {
			return fail(http.StatusNotFound, "no AuditEvent %s", r.PathValue("id"))
		}
		if err != nil {
			return err
		}
		if _, err := s.mayRead(r, e.Patient); err != nil {
			return err
		}
		writeJSON(w, http.StatusOK, "application/fhir+json", fhir.NewAuditEvent(&e, s.FHIR))
		return nil
	}()
	if err != nil {
		s.writeError(w, r, err, true)
	}
}

// started is when this process began answering, the CapabilityStatement's date.
var started = time.Now()

func (s *server) fhirMetadata(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, "application/fhir+json", fhir.Capability(origin(r)+"/fhir", started))
}

// origin is the scheme and host a request reached this server by.
func origin(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *server) writeBundle(w http.ResponseWriter, r *http.Request, entries []timeline.Entry, next string) {
	o := s.FHIR
	origin := origin(r)
	o.Base = origin + "/fhir"
	o.Self = origin + r.URL.RequestURI()
	if next != "" {
		q := r.URL.Query()
		q.Set("cursor", next)
		u := *r.URL
		u.RawQuery = q.Encode()
		o.Next = origin + u.RequestURI()
	}
	writeJSON(w, http.StatusOK, "application/fhir+json", fhir.NewBundle(entries, o))
}

// patientOnly checks that the caller is the patient named in the path.
func (s *server) patientOnly(r *http.Request) (common.Address, error) {
	patient, err := parseAddress(r.PathValue("address"), "patient")
	if err != nil {
		return common.Address{}, err
	}
	who, err := s.caller(r)
	if err != nil {
		return common.Address{}, err
	}
	if who != patient {
		return common.Address{}, fail(http.StatusForbidden, "only the patient manages the patient's auditors")
	}
	return patient, nil
}

func (s *server) listAuditors(w http.ResponseWriter, r *http.Request) {
	patient, err := s.patientOnly(r)
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	list, err := s.Store.Auditors(r.Context(), patient)
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Hex()
	}
	writeJSON(w, http.StatusOK, "application/json", map[string]any{"patient": patient.Hex(), "auditors": out})
}

func (s *server) addAuditor(w http.ResponseWriter, r *http.Request) {
	patient, err := s.patientOnly(r)
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	var req struct {
		Auditor string `json:"auditor"`
	}
	if err := readJSON(w, r, &req); err != nil {
		s.writeError(w, r, err, false)
		return
	}
	auditor, err := parseAddress(req.Auditor, "auditor")
	if err == nil && auditor == patient {
		err = fail(http.StatusBadRequest, "a patient always reads their own timeline")
	}
	if err == nil {
		err = s.Store.AddAuditor(r.Context(), patient, auditor)
	}
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	writeJSON(w, http.StatusCreated, "application/json", map[string]string{"patient": patient.Hex(), "auditor": auditor.Hex()})
}

func (s *server) removeAuditor(w http.ResponseWriter, r *http.Request) {
	patient, err := s.patientOnly(r)
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	auditor, err := parseAddress(r.PathValue("auditor"), "auditor")
	if err == nil {
		err = s.Store.RemoveAuditor(r.Context(), patient, auditor)
		if errors.Is(err, store.ErrNotFound) {
			err = fail(http.StatusNotFound, "%s is not an auditor of %s", auditor.Hex(), patient.Hex())
		}
	}
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// status reports ingestion: the stored cursor, and with Sync the node's head, how far behind
// the cursor is, and whether ingestion is healthy. "synced" is true only when it is: a cursor
// alone says nothing about a node that is down or behind.
func (s *server) status(w http.ResponseWriter, r *http.Request) {
	cur, ok, err := s.Store.Cursor(r.Context())
	if err != nil {
		s.writeError(w, r, err, false)
		return
	}
	out := map[string]any{"synced": ok, "status": "ok"}
	if ok {
		out["block"] = cur.Number
		out["hash"] = cur.Hash.Hex()
		out["time"] = time.Unix(int64(cur.Time), 0).UTC().Format(time.RFC3339)
	}
	if s.Sync != nil {
		st, health := s.Sync()
		out["confirmations"] = st.Confirmations
		out["finalized"] = st.Finalized
		if !st.NodeHeadAt.IsZero() {
			out["nodeHead"] = st.NodeHead
			out["nodeHeadSeenAt"] = st.NodeHeadAt.UTC().Format(time.RFC3339)
			out["behind"] = st.Lag()
			if st.Behind {
				out["nodeBehindCursor"] = cur.Number - min(cur.Number, st.NodeHead)
			}
		}
		if health != nil {
			out["synced"], out["status"], out["reason"] = false, "degraded", health.Error()
		}
	}
	writeJSON(w, http.StatusOK, "application/json", out)
}
