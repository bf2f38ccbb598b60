package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/indexer/api"
	"github.com/emrchain/emrchain/indexer/fhir"
	"github.com/emrchain/emrchain/indexer/store"
	"github.com/emrchain/emrchain/indexer/timeline"
	"github.com/emrchain/emrchain/indexer/verify"
)

func auditCommand() *cli.Command {
	patient := &cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (required)"}
	return &cli.Command{
		Name:  "audit",
		Usage: "read and verify patients' audit timelines, and name the auditors who may read yours",
		Subcommands: []*cli.Command{
			{
				Name:  "timeline",
				Usage: "print a patient's audit timeline",
				Flags: []cli.Flag{
					patient,
					dsnFlag(),
					&cli.StringFlag{Name: "format", Usage: "table, json or fhir (a FHIR R4 AuditEvent searchset Bundle)", DefaultText: "table, or json with --json"},
					&cli.TimestampFlag{Name: "from", Layout: time.RFC3339, Usage: "only entries at or after this `TIME`, in RFC 3339 such as 2026-03-01T09:30:00Z"},
					&cli.TimestampFlag{Name: "to", Layout: time.RFC3339, Usage: "only entries before this `TIME`, in RFC 3339 such as 2026-03-01T10:30:00+01:00"},
					&cli.StringSliceFlag{Name: "action", Usage: "only these actions, e.g. access-granted (repeatable)"},
					wideFlag(),
					&cli.StringFlag{Name: "indexer", Value: defaultIndexerURL, EnvVars: []string{envPrefix + "INDEXER_URL"},
						Usage: "`URL` of the indexer serving this database: FHIR entries' fullUrl is <URL>/fhir/AuditEvent/<id>, which it answers"},
				},
				Action: action(auditTimeline),
			},
			{
				Name:  "login",
				Usage: "sign in to the indexer and print the URL of your timeline page",
				Description: "Signs the indexer's sign-in message with the identity's key (as a wallet's personal_sign would), " +
					"after checking it is exactly an emrchain sign-in for that account, and prints the timeline page's URL " +
					"with the 15-minute token in its fragment (which browsers never send to a server). Auditors pass --patient " +
					"to open a patient's timeline they were authorized for.",
				Flags: []cli.Flag{
					asFlag("the patient, or an auditor"),
					&cli.StringFlag{Name: "indexer", Value: defaultIndexerURL, EnvVars: []string{envPrefix + "INDEXER_URL"}, Usage: "`URL` of the indexer's API (the devnet's, or `indexer run --listen`)"},
					&cli.StringFlag{Name: "domain", EnvVars: []string{envPrefix + "INDEXER_DOMAIN"}, Usage: "the `NAME` the indexer signs in as (its --domain)", DefaultText: "the URL's host:port"},
					&cli.StringFlag{Name: "patient", Usage: "open this patient's timeline (`ADDRESS`) rather than your own"},
				},
				Action: action(auditLogin),
			},
			auditorsCommand(),
			{
				Name:   "verify",
				Usage:  "check a patient's stored timeline against the chain, entry for entry",
				Flags:  []cli.Flag{patient, dsnFlag()},
				Action: action(auditVerify),
			},
		},
	}
}

func patientFlag(s *session) (common.Address, error) {
	v, err := requireString(s.c, "patient", "the patient whose timeline to read")
	if err != nil {
		return common.Address{}, err
	}
	return parseAddress("patient", v)
}

func auditTimeline(s *session) error {
	patient, err := patientFlag(s)
	if err != nil {
		return err
	}
	format := s.c.String("format")
	if format == "" {
		format = "table"
		if s.out.json {
			format = "json"
		}
	}
	if format != "table" && format != "json" && format != "fhir" {
		return usageErrorf("bad --format %q: use table, json or fhir", format)
	}
	f := store.Filter{}
	if t := s.c.Timestamp("from"); t != nil {
		f.From = *t
	}
	if t := s.c.Timestamp("to"); t != nil {
		f.To = *t
	}
	for _, a := range s.c.StringSlice("action") {
		act, err := timeline.ParseAction(a)
		if err != nil {
			return usageErrorf("bad --action: %v", err)
		}
		f.Actions = append(f.Actions, act)
	}
	var opts fhir.Options
	if format == "fhir" {
		m, err := s.manifest()
		if err != nil {
			return err
		}
		base, err := url.Parse(s.c.String("indexer"))
		if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
			return usageErrorf("bad --indexer %q: want http://HOST:PORT or https://HOST", s.c.String("indexer"))
		}
		opts = fhir.Options{ChainID: m.ChainID, Contracts: map[common.Address]string{}, Base: strings.TrimRight(base.String(), "/") + "/fhir"}
		for name, d := range m.Contracts {
			opts.Contracts[d.Address] = name
		}
	}
	st, err := openIndexerStore(s)
	if err != nil {
		return err
	}
	var entries []timeline.Entry
	for {
		page, next, err := st.Timeline(s.ctx, patient, f)
		if err != nil {
			return fmt.Errorf("timeline of %s: %w", patient, err)
		}
		entries = append(entries, page...)
		if next == "" {
			break
		}
		f.Cursor = next
	}
	switch format {
	case "table":
		return timeline.WriteTableWidth(s.out.w, entries, tableWidth(s))
	case "json":
		if entries == nil {
			entries = []timeline.Entry{}
		}
		return writeJSON(s, entries)
	default:
		return writeJSON(s, fhir.NewBundle(entries, opts))
	}
}

func auditLogin(s *session) error {
	var patient string
	if v := s.c.String("patient"); v != "" {
		a, err := parseAddress("patient", v)
		if err != nil {
			return err
		}
		patient = a.Hex()
	}
	id, err := s.identityFrom("as", "", "the identity to sign in as")
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	sess, err := api.SignIn(ctx, nil, s.c.String("indexer"), s.c.String("domain"), id.Key)
	if err != nil {
		return fmt.Errorf("sign in: %w", err)
	}
	return s.out.emit(kv("address", id.Address()), kv("url", sess.PageURL(patient)),
		kv("expiresAt", sess.Expires.UTC().Format(time.RFC3339)), kv("token", sess.Token))
}

func writeJSON(s *session, v any) error {
	enc := json.NewEncoder(s.out.w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func auditVerify(s *session) error {
	patient, err := patientFlag(s)
	if err != nil {
		return err
	}
	m, rpc, err := s.deployment()
	if err != nil {
		return err
	}
	st, err := openIndexerStore(s)
	if err != nil {
		return err
	}
	r, err := verify.Patient(s.ctx, rpc, m, st, patient)
	if errors.Is(err, verify.ErrNotSynced) {
		return fmt.Errorf("%w: run `emrchain indexer run` first", err)
	}
	if err != nil {
		return err
	}
	if err := r.Err(); err != nil {
		return fmt.Errorf("audit trail of %s up to block %d: %w", patient, r.Block, err)
	}
	return s.out.emit(kv("patient", patient), kv("status", "verified: the stored timeline matches the chain"),
		kv("block", r.Block), kv("blockHash", r.BlockHash), kv("entries", r.Entries))
}
