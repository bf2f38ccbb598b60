package main

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/indexer/api"
)

// webhookCommand registers and manages the indexer's webhooks, signed in as the identity's
// account, through the indexer's API (the same one integrations use).
func webhookCommand() *cli.Command {
	indexer := func() []cli.Flag {
		return []cli.Flag{
			asFlag("the patient, or the Registry's admin for an organisation"),
			&cli.StringFlag{Name: "indexer", Value: defaultIndexerURL, EnvVars: []string{envPrefix + "INDEXER_URL"}, Usage: "`URL` of the indexer's API"},
			&cli.StringFlag{Name: "domain", EnvVars: []string{envPrefix + "INDEXER_DOMAIN"}, Usage: "the `NAME` the indexer signs in as (its --domain)", DefaultText: "the URL's host:port"},
		}
	}
	return &cli.Command{
		Name:  "webhook",
		Usage: "register and manage signed webhooks for your timeline (or, as the Registry's admin, an organisation's events)",
		Subcommands: []*cli.Command{
			{
				Name:  "add",
				Usage: "register a webhook; prints its id and its signing secret, which is shown only this once",
				Description: "The indexer delivers only to https URLs on public addresses (a development indexer, such as the devnet's, " +
					"also to loopback). Deliveries are signed with the secret: see examples/access-notifier for a receiver.",
				Flags: append(indexer(),
					&cli.StringFlag{Name: "url", Usage: "the receiver's `URL` (required)"},
					&cli.StringFlag{Name: "org", Usage: "an organisation's `NAME`, for the Registry's admin; default: the signed-in patient's own timeline"},
					&cli.StringFlag{Name: "patient", Usage: "as her guardian with the read-the-timeline scope, the patient's `ADDRESS` whose timeline to hear of (break-glass included); default: your own"},
					&cli.StringSliceFlag{Name: "action", Usage: "only these timeline actions, e.g. access-fulfilled (repeatable)"},
				),
				Action: action(webhookAdd),
			},
			{Name: "list", Usage: "list your webhooks and how their deliveries stand", Flags: indexer(), Action: action(webhookList)},
			{Name: "remove", Usage: "remove a webhook and its pending deliveries", ArgsUsage: "ID", Flags: indexer(), Action: action(webhookRemove)},
			{Name: "dead-letters", Usage: "list a webhook's deliveries that were given up on", ArgsUsage: "ID", Flags: indexer(), Action: action(webhookDeadLetters)},
			{Name: "replay", Usage: "deliver a dead letter again", ArgsUsage: "ID DELIVERY", Flags: indexer(), Action: action(webhookReplay)},
		},
	}
}

// indexerSession signs in to the indexer as --as.
func indexerSession(s *session) (*api.Session, error) {
	id, err := s.identityFrom("as", "", "the identity to sign in as")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
	defer cancel()
	sess, err := api.SignIn(ctx, nil, s.c.String("indexer"), s.c.String("domain"), id.Key)
	if err != nil {
		return nil, fmt.Errorf("sign in: %w", err)
	}
	return sess, nil
}

// webhookID is the command's ID argument.
func webhookID(s *session) (string, error) {
	id := s.c.Args().First()
	if id == "" || strings.ContainsAny(id, "/?#") {
		return "", usageErrorf("give the webhook's ID, as `emrchain webhook list` shows it")
	}
	return url.PathEscape(id), nil
}

func webhookAdd(s *session) error {
	target, err := requireString(s.c, "url", "the receiver's URL")
	if err != nil {
		return err
	}
	var patient common.Address
	if s.c.IsSet("patient") {
		if s.c.IsSet("org") {
			return usageErrorf("--patient and --org are exclusive: a webhook hears of one patient's timeline or one organisation's events")
		}
		if patient, err = parseAddress("patient", s.c.String("patient")); err != nil {
			return err
		}
	}
	sess, err := indexerSession(s)
	if err != nil {
		return err
	}
	req := map[string]any{"url": target}
	if actions := s.c.StringSlice("action"); len(actions) > 0 {
		req["actions"] = actions
	}
	if org := s.c.String("org"); org != "" {
		req["org"] = common.Hash(client.OrgID(org)).Hex()
	} else if patient != (common.Address{}) {
		req["patient"] = patient
	} else {
		address, err := signedInAs(s, sess)
		if err != nil {
			return err
		}
		req["patient"] = address
	}
	var out struct {
		ID, URL, Secret string
		Patient, Org    string
		Actions         []string
	}
	if err := sess.Do(s.ctx, nil, http.MethodPost, "/v1/webhooks", req, &out); err != nil {
		return fmt.Errorf("register webhook: %w", err)
	}
	fields := []field{kv("id", out.ID), kv("url", out.URL), kv("secret", out.Secret)}
	if out.Patient != "" {
		fields = append(fields, kv("patient", common.HexToAddress(out.Patient)))
	}
	if out.Org != "" {
		fields = append(fields, kv("org", out.Org))
	}
	if len(out.Actions) > 0 {
		fields = append(fields, kv("actions", strings.Join(out.Actions, ",")))
	}
	fmt.Fprintln(s.stderr, "keep the secret: deliveries are signed with it, and it is not shown again")
	return s.out.emit(fields...)
}

// signedInAs asks the indexer whose token sess holds.
func signedInAs(s *session, sess *api.Session) (string, error) {
	var me struct{ Address string }
	if err := sess.Do(s.ctx, nil, http.MethodGet, "/v1/me", nil, &me); err != nil {
		return "", err
	}
	return me.Address, nil
}

func webhookList(s *session) error {
	sess, err := indexerSession(s)
	if err != nil {
		return err
	}
	var out struct {
		Webhooks []map[string]any `json:"webhooks"`
	}
	if err := sess.Do(s.ctx, nil, http.MethodGet, "/v1/webhooks", nil, &out); err != nil {
		return fmt.Errorf("list webhooks: %w", err)
	}
	if s.out.json {
		return writeJSON(s, out)
	}
	if len(out.Webhooks) == 0 {
		fmt.Fprintln(s.out.w, "no webhooks")
		return nil
	}
	for _, w := range out.Webhooks {
		stats, _ := w["stats"].(map[string]any)
		line := fmt.Sprintf("%v  %v  pending %v, delivered %v, dead letters %v", w["id"], w["url"], stats["pending"], stats["delivered"], stats["deadLetters"])
		if e, ok := stats["lastError"].(string); ok && e != "" {
			line += "; last error: " + e
		}
		fmt.Fprintln(s.out.w, line)
	}
	return nil
}

func webhookRemove(s *session) error {
	id, err := webhookID(s)
	if err != nil {
		return err
	}
	sess, err := indexerSession(s)
	if err != nil {
		return err
	}
	if err := sess.Do(s.ctx, nil, http.MethodDelete, "/v1/webhooks/"+id, nil, nil); err != nil {
		return fmt.Errorf("remove webhook: %w", err)
	}
	return s.out.emit(kv("removed", s.c.Args().First()))
}

func webhookDeadLetters(s *session) error {
	id, err := webhookID(s)
	if err != nil {
		return err
	}
	sess, err := indexerSession(s)
	if err != nil {
		return err
	}
	var out struct {
		DeadLetters []map[string]any `json:"deadLetters"`
	}
	if err := sess.Do(s.ctx, nil, http.MethodGet, "/v1/webhooks/"+id+"/dead-letters", nil, &out); err != nil {
		return fmt.Errorf("dead letters: %w", err)
	}
	if s.out.json {
		return writeJSON(s, out)
	}
	if len(out.DeadLetters) == 0 {
		fmt.Fprintln(s.out.w, "no dead letters")
	}
	for _, d := range out.DeadLetters {
		fmt.Fprintf(s.out.w, "%v  %v  %v attempts; last error: %v\n", d["id"], d["key"], d["attempts"], d["lastError"])
	}
	return nil
}

func webhookReplay(s *session) error {
	id, err := webhookID(s)
	if err != nil {
		return err
	}
	delivery, err := strconv.ParseInt(s.c.Args().Get(1), 10, 64)
	if err != nil {
		return usageErrorf("give the dead letter's number, as `emrchain webhook dead-letters %s` shows it", s.c.Args().First())
	}
	sess, err := indexerSession(s)
	if err != nil {
		return err
	}
	if err := sess.Do(s.ctx, nil, http.MethodPost, fmt.Sprintf("/v1/webhooks/%s/dead-letters/%d/replay", id, delivery), nil, nil); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	return s.out.emit(kv("replayed", delivery))
}
