package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/indexer/directory"
)

// directoryFile is where a data directory keeps the directory that names people and
// organisations (the devnet writes its cast's).
const directoryFile = "directory.json"

func directoryFlag() cli.Flag {
	return &cli.StringFlag{Name: "directory", Usage: "JSON `FILE` naming people and organisations, as `indexer run --directory` takes " +
		"({\"records\": [the exact --metadata each was enrolled with], \"organisations\": [names]})", DefaultText: "<data-dir>/" + directoryFile + " if it exists"}
}

// loadDirectory reads --directory, or the data directory's directory file when there is one.
// The chain holds only hashes of names; a directory names only those whose hash it matches.
func loadDirectory(s *session) (*directory.Directory, error) {
	path := s.c.String("directory")
	if path == "" {
		path = filepath.Join(dataDir(s.c), directoryFile)
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	}
	return directory.Load(path, client.OrgID)
}

func accessListCommand() *cli.Command {
	return &cli.Command{
		Name:  "list",
		Usage: "list access requests and grants by record: those made to a patient, or by a requester, with purposes in words",
		Description: "The patient's view (--as a patient, or --patient) lists who asked for which record, for what purpose, and " +
			"where each request stands; the requester's view (--as a requester or provider, or --requester) lists what it asked " +
			"for. Requesters are shown with their role and organisation, named when a directory knows them (--directory). By " +
			"default only open requests are listed: pending ones and live grants.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "as", Usage: "list as the identity in `DIR`: a patient's requests, or a requester's"},
			&cli.StringFlag{Name: "patient", Usage: "the requests made to this patient's records (`ADDRESS`)"},
			&cli.StringFlag{Name: "requester", Usage: "the requests this requester made (`ADDRESS`)"},
			recordFlag(),
			&cli.StringFlag{Name: "status", Value: "open", Usage: "which requests: open (pending and granted), pending, granted, revoked, expired or all"},
			directoryFlag(),
			wideFlag(),
		},
		Action: action(accessList),
	}
}

var listStatuses = map[string][]uint8{
	"open":    {client.RequestRequested, client.RequestGranted},
	"pending": {client.RequestRequested},
	"granted": {client.RequestGranted},
	"revoked": {client.RequestRevoked},
	"expired": {client.RequestExpired},
	"all":     {client.RequestRequested, client.RequestGranted, client.RequestRevoked, client.RequestExpired},
}

// person describes a participant in words: name (when a directory knows it), role and
// organisation.
type person struct {
	Address      common.Address `json:"-"`
	Account      string         `json:"address"`
	Name         string         `json:"name,omitempty"`
	Role         string         `json:"role"`
	Status       string         `json:"status"`
	Organisation string         `json:"organisation,omitempty"`
}

func (p person) String() string {
	who := p.Name
	if who == "" {
		who = p.Address.Hex()
	}
	var about []string
	about = append(about, p.Role)
	if p.Organisation != "" {
		about = append(about, p.Organisation)
	}
	if p.Status != "active" {
		about = append(about, p.Status)
	}
	return fmt.Sprintf("%s (%s)", who, strings.Join(about, ", "))
}

// describe names a participant from its enrolment and the directory.
func describe(s *session, env *client.Env, dir *directory.Directory, account common.Address, cache map[common.Address]person) person {
	if p, ok := cache[account]; ok {
		return p
	}
	out := person{Address: account, Account: account.Hex(), Role: "not enrolled", Status: "none"}
	if en, err := env.Participant(s.ctx, account); err == nil && en.Role != 0 {
		out.Role, out.Status = client.RoleName(en.Role), enumName(participantStatus, en.Status)
		out.Name, _ = dir.Name(en.MetadataHash)
		if org, ok := dir.Organisation(en.Org); ok {
			out.Organisation = org
		} else if en.Org != ([32]byte{}) {
			out.Organisation = "organisation " + shortHex(common.Hash(en.Org).Hex())
		}
	}
	cache[account] = out
	return out
}

func shortHex(h string) string {
	if len(h) <= 14 {
		return h
	}
	return h[:10] + "…" + h[len(h)-4:]
}

// purposeWords names a request's purpose of use; a code no client can name is shown as such.
func purposeWords(r client.RequestSummary) string {
	if r.Purpose != "" {
		return r.Purpose
	}
	return "unknown purpose " + common.Hash(r.PurposeCode).Hex()
}

func accessList(s *session) error {
	statuses, ok := listStatuses[s.c.String("status")]
	if !ok {
		return usageErrorf("bad --status %q: use open, pending, granted, revoked, expired or all", s.c.String("status"))
	}
	var record *[32]byte
	if s.c.IsSet("record") {
		id, err := recordIDFlag(s)
		if err != nil {
			return err
		}
		record = &id
	}
	var f client.RequestFilter
	as, patient, requester := s.c.String("as"), s.c.String("patient"), s.c.String("requester")
	if countSet(as, patient, requester) != 1 {
		return usageErrorf("name whose requests to list: --as DIR, --patient ADDRESS or --requester ADDRESS (one of them)")
	}
	var err error
	switch {
	case patient != "":
		if f.Patient, err = parseAddress("patient", patient); err != nil {
			return err
		}
	case requester != "":
		if f.Requester, err = parseAddress("requester", requester); err != nil {
			return err
		}
	}
	dir, err := loadDirectory(s)
	if err != nil {
		return err
	}
	var me common.Address
	if as != "" {
		id, err := s.identityFrom("as", "", "the patient's or requester's identity")
		if err != nil {
			return err
		}
		me = id.Address()
	}
	env, err := s.open()
	if err != nil {
		return err
	}
	if as != "" {
		en, err := env.Participant(s.ctx, me)
		if err != nil {
			return fmt.Errorf("read enrolment of %s: %w", me, err)
		}
		switch en.Role {
		case 0:
			return fmt.Errorf("%s is not enrolled: it has made and received no requests", me)
		case client.RolePatient:
			f.Patient = me
		default:
			f.Requester = me
		}
	}
	all, err := env.Requests(s.ctx, f)
	if err != nil {
		return err
	}
	var list []client.RequestSummary
	for _, r := range all {
		if (record == nil || r.RecordID == *record) && slices.Contains(statuses, r.State.Status) {
			list = append(list, r)
		}
	}
	patientView := f.Patient != (common.Address{})
	cache := map[common.Address]person{}
	now := time.Now()

	type grantJSON struct {
		Version    uint32    `json:"version"`
		Generation uint32    `json:"generation"`
		Operations []string  `json:"operations"`
		NotBefore  time.Time `json:"notBefore"`
		NotAfter   time.Time `json:"notAfter"`
		UsesLeft   uint16    `json:"usesLeft"`
		MaxUses    uint16    `json:"maxUses"`
		Committee  uint64    `json:"committee"`
		Threshold  uint8     `json:"threshold"`
		Members    []int     `json:"members"`
	}
	type requestJSON struct {
		RequestID uint64      `json:"requestId"`
		RecordID  common.Hash `json:"recordId"`
		Status    string      `json:"status"`
		Operation string      `json:"operation"`
		Purpose   string      `json:"purpose"`
		Requester person      `json:"requester"`
		// GrantedRole is the role a grant was made to (a change of role ends the grant); empty
		// before a grant.
		GrantedRole string     `json:"grantedRole,omitempty"`
		Patient     person     `json:"patient"`
		Block       uint64     `json:"requestedAtBlock"`
		Grant       *grantJSON `json:"grant,omitempty"`
	}
	var rows []requestJSON
	for _, r := range list {
		status := client.RequestStatusName(r.State.Status)
		if r.State.Status == client.RequestRequested {
			status = "pending"
		}
		row := requestJSON{RequestID: r.RequestID, RecordID: r.RecordID, Status: status,
			Operation: enumName(operationNames, r.Operation), Purpose: purposeWords(r),
			Requester: describe(s, env, dir, r.Requester, cache),
			Patient:   describe(s, env, dir, r.Patient, cache), Block: r.Block}
		if r.State.RequesterRole != 0 {
			row.GrantedRole = roleWords(r.State.RequesterRole)
		}
		if g := r.Grant; g != nil {
			row.Grant = &grantJSON{Version: g.Version, Generation: g.Generation, Operations: operationSet(g.Terms.Operations),
				NotBefore: time.Unix(int64(g.Terms.NotBefore), 0).UTC(), NotAfter: time.Unix(int64(g.Terms.NotAfter), 0).UTC(),
				UsesLeft: r.State.UsesLeft, MaxUses: g.MaxUses, Committee: g.Terms.CommitteeId, Threshold: g.Terms.Threshold,
				Members: memberInts(client.MembersOf(g.Terms.MemberMask))}
		}
		rows = append(rows, row)
	}
	if s.out.json {
		view := "requester"
		if patientView {
			view = "patient"
		}
		return writeJSON(s, map[string]any{"view": view, "status": s.c.String("status"), "requests": rows})
	}
	if len(rows) == 0 {
		fmt.Fprintf(s.out.w, "no %s requests\n", strings.ReplaceAll(s.c.String("status"), "all", "access"))
		return nil
	}
	// By record, each record's requests oldest first.
	var order []common.Hash
	byRecord := map[common.Hash][]requestJSON{}
	for _, r := range rows {
		if _, ok := byRecord[r.RecordID]; !ok {
			order = append(order, r.RecordID)
		}
		byRecord[r.RecordID] = append(byRecord[r.RecordID], r)
	}
	width := tableWidth(s)
	for i, id := range order {
		if i > 0 {
			fmt.Fprintln(s.out.w)
		}
		fmt.Fprintf(s.out.w, "record %s\n", id.Hex())
		for _, r := range byRecord[id] {
			who := "asked by " + r.Requester.String()
			if !patientView {
				who = "asked of " + r.Patient.String()
			}
			line := fmt.Sprintf("request %d, %s: %s for %s, %s", r.RequestID, r.Status, r.Operation, r.Purpose, who)
			if r.GrantedRole != "" && r.Requester.Role != r.GrantedRole && patientView {
				line += fmt.Sprintf(" (granted as %s)", r.GrantedRole)
			}
			if g := r.Grant; g != nil && r.Status == "granted" {
				until := "until " + g.NotAfter.Local().Format("2006-01-02 15:04 MST")
				if now.After(g.NotAfter) {
					until = "window ended " + g.NotAfter.Local().Format("2006-01-02 15:04 MST") + " (`emrchain access expire` marks it)"
				}
				line += fmt.Sprintf("; %s, %d of %d uses left, version %d, committee %d (%d-of-%d)",
					until, g.UsesLeft, g.MaxUses, g.Version, g.Committee, g.Threshold, len(g.Members))
			}
			fmt.Fprint(s.out.w, wrapText("  ", line, 4, width))
		}
	}
	return nil
}

func memberInts(m []uint8) []int {
	out := make([]int, len(m))
	for i, v := range m {
		out[i] = int(v)
	}
	return out
}
