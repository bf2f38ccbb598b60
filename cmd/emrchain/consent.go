package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/client/consentfhir"
)

func consentCommand() *cli.Command {
	termsFlags := []cli.Flag{
		asFlag("the patient"),
		&cli.StringFlag{Name: "org", Usage: "the organisation `NAME` as enrolled (participant enroll --org), or its 0x org id (required)"},
		&cli.StringFlag{Name: "role", Usage: "only readers holding this attribute `NAME` (namespace/kind:value, or its 0x id) (default: any member of the organisation)"},
		&cli.StringFlag{Name: "category", Usage: "the record `CATEGORY` covered: laboratory, imaging, medication, clinical-note, discharge-summary, vital-signs, patient-generated, or your own word (required)"},
		untilFlag("from", "when the consent starts (default: now)"),
		spanFlag("valid-for", "how long it lasts"),
		untilFlag("until", "when it ends"),
	}
	return &cli.Command{
		Name:  "consent",
		Usage: "standing consents: let an organisation (or a role in it) read every record of one category for a period",
		Description: "A standing consent covers records written later too: from the moment it is given, the patient's " +
			"client seals every new version of that category to the proxy committee as well (its network capsule), " +
			"so a reader of the organisation reads through the committee without asking her each time; every such " +
			"read is on her timeline. Revoking it stops the next read at once. Consents are imported and exported as " +
			"FHIR R4 Consent resources.",
		Subcommands: []*cli.Command{
			{Name: "give", Usage: "as the patient, give a standing consent", Flags: termsFlags, Action: action(consentGive)},
			{
				Name:   "revoke",
				Usage:  "as the patient, revoke a standing consent (the next read is refused on chain)",
				Flags:  []cli.Flag{asFlag("the patient"), idFlag("consent", "consent")},
				Action: action(consentRevoke),
			},
			{Name: "list", Usage: "list a patient's standing consents", Flags: patientOrSelfFlags(), Action: action(consentList)},
			{
				Name:  "export",
				Usage: "write a standing consent as a FHIR R4 Consent resource (JSON)",
				Flags: []cli.Flag{
					idFlag("consent", "consent"),
					&cli.BoolFlag{Name: "fhir", Value: true, Usage: "as FHIR R4 JSON (the only format)"},
					&cli.StringFlag{Name: "out", Usage: "write it to `FILE` (default: stdout)"},
					forceFlag(),
				},
				Action: action(consentExport),
			},
			{
				Name:      "import",
				Usage:     "as the patient, give the standing consent a FHIR R4 Consent resource describes",
				ArgsUsage: "FILE",
				Flags:     []cli.Flag{asFlag("the patient")},
				Action:    action(consentImport),
			},
			{
				Name: "check",
				Usage: "ask the chain, without a transaction, whether a reader may read a record under a consent now " +
					"(the refusal is the contract's own: CategoryMismatch, NotCovered, OutsidePeriod, ConsentIsRevoked)",
				Flags: []cli.Flag{
					idFlag("consent", "consent"),
					recordFlag(),
					&cli.StringFlag{Name: "reader", Usage: "the reader's `ADDRESS` (required)"},
				},
				Action: action(consentCheck),
			},
		},
	}
}

// fhirNames resolves the names a FHIR Consent may use for ids.
var fhirNames = consentfhir.Names{Org: client.OrgID, Attribute: client.AttributeID, Category: client.CategoryCode}

// idArg reads a name-or-id flag.
func idArg(s *session, flag string, resolve func(string) [32]byte) ([32]byte, error) {
	v := strings.TrimSpace(s.c.String(flag))
	if strings.HasPrefix(v, "0x") {
		return parseHash32(flag, v)
	}
	return resolve(v), nil
}

func consentGive(s *session) error {
	orgText, err := requireString(s.c, "org", "the organisation consented to")
	if err != nil {
		return err
	}
	category, err := requireString(s.c, "category", "the record category covered (laboratory, vital-signs, …)")
	if err != nil {
		return err
	}
	terms := client.ConsentTerms{Category: client.CategoryCode(category)}
	if strings.HasPrefix(category, "0x") {
		if terms.Category, err = parseHash32("category", category); err != nil {
			return err
		}
	}
	if terms.Org, err = idArg(s, "org", client.OrgID); err != nil {
		return err
	}
	if s.c.String("role") != "" {
		if terms.Role, err = idArg(s, "role", client.AttributeID); err != nil {
			return err
		}
	}
	patient, env, err := actorEnv(s, "the patient's identity")
	if err != nil {
		return err
	}
	if terms.NotBefore, err = chainNow(s, env); err != nil {
		return err
	}
	if from := s.c.String("from"); from != "" {
		if terms.NotBefore, err = parseInstant("from", from); err != nil {
			return err
		}
	}
	if terms.NotAfter, err = endFrom(s, terms.NotBefore, "until", "valid-for", "how long the consent lasts"); err != nil {
		return err
	}
	id, tx, err := env.GiveConsent(s.ctx, patient, terms)
	if err != nil {
		return err
	}
	return s.out.emit(append(consentFields(&client.StandingConsent{ID: id, Patient: patient.Address(), Org: terms.Org, Role: terms.Role,
		Category: terms.Category, NotBefore: terms.NotBefore, NotAfter: terms.NotAfter}, orgText),
		kv("tx", tx), kv("note", "from now on your client seals new versions of this category to the proxy committee too"))...)
}

func consentFields(c *client.StandingConsent, orgName string) []field {
	org := common.Hash(c.Org).Hex()
	if orgName != "" && !strings.HasPrefix(orgName, "0x") {
		org = orgName + " (" + org + ")"
	}
	role := "any member"
	if c.Role != ([32]byte{}) {
		role = common.Hash(c.Role).Hex()
	}
	status := "active"
	if c.Revoked {
		status = "revoked"
	}
	return []field{kv("consent", c.ID), kv("patient", c.Patient), kv("org", org), kv("role", role), kv("category", categoryText(c.Category)),
		kv("from", c.NotBefore), kv("until", c.NotAfter), kv("status", status)}
}

func consentRevoke(s *session) error {
	id, err := uintFlag(s, "consent", "the consent to revoke")
	if err != nil {
		return err
	}
	patient, env, err := actorEnv(s, "the patient's identity")
	if err != nil {
		return err
	}
	tx, err := env.RevokeConsent(s.ctx, patient, id)
	if err != nil {
		return err
	}
	return s.out.emit(kv("consent", id), kv("status", "revoked"), kv("tx", tx))
}

func consentList(s *session) error {
	patient, err := patientOrSelf(s)
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	all, err := env.ConsentsOf(s.ctx, patient)
	if err != nil {
		return err
	}
	if s.out.json {
		rows := []map[string]any{}
		for _, c := range all {
			row := map[string]any{}
			for _, f := range consentFields(c, "") {
				row[f.key] = jsonValue(f.val)
			}
			rows = append(rows, row)
		}
		return s.out.emit(kv("patient", patient), kv("consents", rows))
	}
	var rows []string
	for _, c := range all {
		state := "active"
		if c.Revoked {
			state = "revoked"
		}
		role := "any member"
		if c.Role != ([32]byte{}) {
			role = "holders of " + common.Hash(c.Role).Hex()
		}
		rows = append(rows, fmt.Sprintf("%d. %s records to %s of org %s, %s to %s: %s", c.ID, categoryText(c.Category), role,
			common.Hash(c.Org).Hex(), c.NotBefore.Format(time.RFC3339), c.NotAfter.Format(time.RFC3339), state))
	}
	return s.out.emit(kv("patient", patient), kv("consents", rowsOrNone(rows)))
}

func consentExport(s *session) error {
	id, err := uintFlag(s, "consent", "the consent to export")
	if err != nil {
		return err
	}
	if !s.c.Bool("fhir") {
		return usageErrorf("--fhir=false: FHIR R4 JSON is the only export format")
	}
	out := s.c.String("out")
	if out != "" {
		if err := checkOut("out", out, s.c.Bool("force")); err != nil {
			return err
		}
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	all, err := env.ConsentByID(s.ctx, id)
	if err != nil {
		return err
	}
	// The given time is the block of ConsentGiven.
	if list, err := env.ConsentsOf(s.ctx, all.Patient); err == nil {
		for _, c := range list {
			if c.ID == id {
				all = c
			}
		}
	}
	b, err := consentfhir.Marshal(&consentfhir.Consent{ID: all.ID, Patient: all.Patient, Org: all.Org, Role: all.Role,
		Category: all.Category, NotBefore: all.NotBefore, NotAfter: all.NotAfter, Revoked: all.Revoked, Given: all.Given})
	if err != nil {
		return err
	}
	b = append(b, '\n')
	if out == "" {
		_, err := s.c.App.Writer.Write(b)
		return err
	}
	write := writeNew
	if s.c.Bool("force") {
		write = os.WriteFile
	}
	if err := write(out, b, 0o644); err != nil {
		return err
	}
	s.log.Info().Str("out", out).Uint64("consent", id).Msg("wrote the FHIR R4 Consent")
	return nil
}

func consentImport(s *session) error {
	if s.c.NArg() != 1 {
		return usageErrorf("want one FILE argument (a FHIR R4 Consent resource in JSON), got %d", s.c.NArg())
	}
	path := s.c.Args().First()
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("consent: %w", err)
	}
	c, err := consentfhir.Parse(b, fhirNames)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	patient, err := s.identityFrom("as", "", "the patient's identity")
	if err != nil {
		return err
	}
	if c.Patient != (common.Address{}) && c.Patient != patient.Address() {
		return fmt.Errorf("%s is a consent of patient %s, not of %s", path, c.Patient, patient.Address())
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	id, tx, err := env.GiveConsent(s.ctx, patient, client.ConsentTerms{Org: c.Org, Role: c.Role, Category: c.Category, NotBefore: c.NotBefore, NotAfter: c.NotAfter})
	if err != nil {
		return err
	}
	return s.out.emit(append(consentFields(&client.StandingConsent{ID: id, Patient: patient.Address(), Org: c.Org, Role: c.Role,
		Category: c.Category, NotBefore: c.NotBefore, NotAfter: c.NotAfter}, c.OrgName), kv("importedFrom", path), kv("tx", tx))...)
}

func consentCheck(s *session) error {
	id, err := uintFlag(s, "consent", "the consent to check")
	if err != nil {
		return err
	}
	recordID, err := recordIDFlag(s)
	if err != nil {
		return err
	}
	reader, err := addressFlag(s, "reader", "who would read")
	if err != nil {
		return err
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	if err := env.CheckConsentRead(s.ctx, reader, id, recordID); err != nil {
		return err
	}
	return s.out.emit(kv("consent", id), kv("record", common.Hash(recordID)), kv("reader", reader), kv("covered", true))
}
