package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/indexer/api"
)

// auditorsCommand names the auditors who may read a patient's timeline. Auditors are an access
// rule of the indexer (its database), not of the chain: the chain is public, the timeline's
// reading is what the indexer guards.
func auditorsCommand() *cli.Command {
	flags := func() []cli.Flag {
		return []cli.Flag{
			asFlag("the patient"),
			&cli.StringFlag{Name: "indexer", Value: defaultIndexerURL, EnvVars: []string{envPrefix + "INDEXER_URL"}, Usage: "`URL` of the indexer's API"},
			&cli.StringFlag{Name: "domain", EnvVars: []string{envPrefix + "INDEXER_DOMAIN"}, Usage: "the `NAME` the indexer signs in as (its --domain)", DefaultText: "the URL's host:port"},
		}
	}
	return &cli.Command{
		Name:  "auditors",
		Usage: "as the patient, name the auditors who may read your timeline on the indexer (they sign in with `audit login --patient`)",
		Subcommands: []*cli.Command{
			{Name: "list", Usage: "list your auditors", Flags: flags(), Action: action(auditorsList)},
			{Name: "add", Usage: "let an account read your timeline", ArgsUsage: "ADDRESS", Flags: flags(), Action: action(auditorsAdd)},
			{Name: "remove", Usage: "stop an auditor reading your timeline", ArgsUsage: "ADDRESS", Flags: flags(), Action: action(auditorsRemove)},
		},
	}
}

// patientSession signs in to the indexer as the --as patient.
func patientSession(s *session) (*api.Session, common.Address, error) {
	id, err := s.identityFrom("as", "", "the patient's identity")
	if err != nil {
		return nil, common.Address{}, err
	}
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	sess, err := api.SignIn(ctx, nil, s.c.String("indexer"), s.c.String("domain"), id.Key)
	if err != nil {
		return nil, common.Address{}, fmt.Errorf("sign in: %w", err)
	}
	return sess, id.Address(), nil
}

func auditorsPath(patient common.Address) string {
	return "/v1/patients/" + patient.Hex() + "/auditors"
}

func auditorsList(s *session) error {
	sess, patient, err := patientSession(s)
	if err != nil {
		return err
	}
	var out struct {
		Patient  string   `json:"patient"`
		Auditors []string `json:"auditors"`
	}
	if err := sess.Do(s.ctx, nil, http.MethodGet, auditorsPath(patient), nil, &out); err != nil {
		return fmt.Errorf("list auditors: %w", err)
	}
	if out.Auditors == nil {
		out.Auditors = []string{}
	}
	if s.out.json {
		return writeJSON(s, out)
	}
	if len(out.Auditors) == 0 {
		fmt.Fprintln(s.out.w, "no auditors: only you (and guardians with the timeline scope) read your timeline")
		return nil
	}
	for _, a := range out.Auditors {
		fmt.Fprintln(s.out.w, a)
	}
	return nil
}

func auditorsAdd(s *session) error {
	auditor, err := addressArg(s)
	if err != nil {
		return err
	}
	sess, patient, err := patientSession(s)
	if err != nil {
		return err
	}
	if err := sess.Do(s.ctx, nil, http.MethodPost, auditorsPath(patient), map[string]string{"auditor": auditor.Hex()}, nil); err != nil {
		return fmt.Errorf("add auditor: %w", err)
	}
	return s.out.emit(kv("patient", patient), kv("auditor", auditor),
		kv("next", fmt.Sprintf("the auditor signs in with `emrchain audit login --as DIR --patient %s`", patient.Hex())))
}

func auditorsRemove(s *session) error {
	auditor, err := addressArg(s)
	if err != nil {
		return err
	}
	sess, patient, err := patientSession(s)
	if err != nil {
		return err
	}
	if err := sess.Do(s.ctx, nil, http.MethodDelete, auditorsPath(patient)+"/"+url.PathEscape(auditor.Hex()), nil, nil); err != nil {
		return fmt.Errorf("remove auditor: %w", err)
	}
	return s.out.emit(kv("patient", patient), kv("removed", auditor))
}
