package timeline

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/internal/texttable"
)

// entryJSON is the wire form of an Entry: zero fields are left out, addresses are EIP-55.
type entryJSON struct {
	Patient         string `json:"patient"`
	Time            string `json:"time"`
	BlockNumber     uint64 `json:"blockNumber"`
	BlockHash       string `json:"blockHash"`
	TxHash          string `json:"txHash"`
	LogIndex        uint   `json:"logIndex"`
	Contract        string `json:"contract"`
	Action          Action `json:"action"`
	Actor           string `json:"actor,omitempty"`
	ActorRole       string `json:"actorRole,omitempty"`
	Counterpart     string `json:"counterpart,omitempty"`
	CounterpartRole string `json:"counterpartRole,omitempty"`
	Record          string `json:"record,omitempty"`
	Version         uint32 `json:"version,omitempty"`
	RequestID       uint64 `json:"requestId,omitempty"`
	AccessID        uint64 `json:"accessId,omitempty"`
	KeyRequestID    uint64 `json:"keyRequestId,omitempty"`
	Purpose         string `json:"purpose,omitempty"`
	NotBefore       uint64 `json:"notBefore,omitempty"`
	NotAfter        uint64 `json:"notAfter,omitempty"`
	Operations      uint8  `json:"operations,omitempty"`
	Outcome         string `json:"outcome"`
	Reason          string `json:"reason,omitempty"`
	ReasonCode      uint8  `json:"reasonCode,omitempty"`
	Error           string `json:"error,omitempty"`

	Path            Path            `json:"path,omitempty"`
	Committee       uint64          `json:"committee,omitempty"`
	Threshold       uint8           `json:"threshold,omitempty"`
	Members         uint16          `json:"members,omitempty"`
	Nodes           []string        `json:"nodes,omitempty"`
	Member          uint8           `json:"member,omitempty"`
	MaxUses         uint16          `json:"maxUses,omitempty"`
	UsesLeft        uint16          `json:"usesLeft,omitempty"`
	Generation      uint32          `json:"generation,omitempty"`
	Epoch           uint64          `json:"epoch,omitempty"`
	Attributes      []attributeJSON `json:"attributes,omitempty"`
	PatientAuthored bool            `json:"patientAuthored,omitempty"`
	PolicyHash      string          `json:"policyHash,omitempty"`
	CapsuleHash     string          `json:"capsuleHash,omitempty"`
	CapsuleRef      string          `json:"capsuleRef,omitempty"`
	GateHash        string          `json:"gateHash,omitempty"`
	GateRef         string          `json:"gateRef,omitempty"`
	Category        string          `json:"category,omitempty"`
	RuleID          uint64          `json:"ruleId,omitempty"`
	ProposalID      uint64          `json:"proposalId,omitempty"`
	RecoveryID      uint64          `json:"recoveryId,omitempty"`
	EmergencyReason string          `json:"emergencyReason,omitempty"`
	Org             string          `json:"org,omitempty"`
	Orgs            []string        `json:"orgs,omitempty"`
	Mode            string          `json:"mode,omitempty"`
	ConsentRole     string          `json:"consentRole,omitempty"`
	Scopes          uint8           `json:"scopes,omitempty"`
	GuardianAction  string          `json:"guardianAction,omitempty"`
	Approvals       uint16          `json:"approvals,omitempty"`
	Count           uint32          `json:"count,omitempty"`
	Holders         []string        `json:"holders,omitempty"`
	ByOrder         bool            `json:"byOrder,omitempty"`
}

// attributeJSON is an attribute a read used: its id, and its name when known.
type attributeJSON struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
}

func addr(a common.Address) string {
	if a == (common.Address{}) {
		return ""
	}
	return a.Hex()
}

func hash(h common.Hash) string {
	if h == (common.Hash{}) {
		return ""
	}
	return h.Hex()
}

// MarshalJSON encodes the entry for the HTTP API and `audit timeline --format json`.
func (e Entry) MarshalJSON() ([]byte, error) {
	return json.Marshal(entryJSON{
		Patient: e.Patient.Hex(), Time: e.Time.UTC().Format(time.RFC3339),
		BlockNumber: e.BlockNumber, BlockHash: e.BlockHash.Hex(), TxHash: e.TxHash.Hex(), LogIndex: e.LogIndex,
		Contract: e.Contract.Hex(), Action: e.Action,
		Actor: addr(e.Actor), ActorRole: e.ActorRole.String(),
		Counterpart: addr(e.Counterpart), CounterpartRole: e.CounterpartRole.String(),
		Record: hash(e.Record), Version: e.Version,
		RequestID: e.RequestID, AccessID: e.AccessID, KeyRequestID: e.KeyRequestID,
		Purpose: hash(e.Purpose), NotBefore: e.NotBefore, NotAfter: e.NotAfter, Operations: e.Operations,
		Outcome: string(e.Outcome()), Reason: e.Reason.String(), ReasonCode: uint8(e.Reason), Error: e.Error,
		Path: e.Path, Committee: e.Committee, Threshold: e.Threshold, Members: e.Members, Nodes: addrs(e.Nodes),
		Member: e.Member, MaxUses: e.MaxUses, UsesLeft: e.UsesLeft, Generation: e.Generation, Epoch: e.Epoch,
		Attributes: attributes(e.Attributes, e.AttributeNames), PatientAuthored: e.PatientAuthored,
		PolicyHash: hash(e.PolicyHash), CapsuleHash: hash(e.CapsuleHash), CapsuleRef: e.CapsuleRef,
		GateHash: hash(e.GateHash), GateRef: e.GateRef,
		Category: hash(e.Category), RuleID: e.RuleID, ProposalID: e.ProposalID, RecoveryID: e.RecoveryID,
		EmergencyReason: e.EmergencyReason, Org: hash(e.Org), Orgs: hashes(e.Orgs), Mode: e.Mode,
		ConsentRole: hash(e.ConsentRole), Scopes: e.Scopes, GuardianAction: e.GuardianAction, Approvals: e.Approvals,
		Count: e.Count, Holders: addrs(e.Holders), ByOrder: e.ByOrder,
	})
}

func hashes(hs []common.Hash) []string {
	if len(hs) == 0 {
		return nil
	}
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Hex()
	}
	return out
}

func addrs(as []common.Address) []string {
	if len(as) == 0 {
		return nil
	}
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = a.Hex()
	}
	return out
}

func attributes(ids []common.Hash, names []string) []attributeJSON {
	if len(ids) == 0 {
		return nil
	}
	out := make([]attributeJSON, len(ids))
	for i, id := range ids {
		out[i].ID = id.Hex()
		if i < len(names) {
			out[i].Name = names[i]
		}
	}
	return out
}

// UnmarshalJSON decodes what MarshalJSON wrote.
func (e *Entry) UnmarshalJSON(b []byte) error {
	var j entryJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	t, err := time.Parse(time.RFC3339, j.Time)
	if err != nil {
		return fmt.Errorf("entry time: %w", err)
	}
	roles := map[string]Role{}
	for r := RoleUnknown; r <= RoleProxy; r++ {
		roles[r.String()] = r
	}
	actorRole, ok := roles[j.ActorRole]
	if !ok {
		return fmt.Errorf("entry actor role %q", j.ActorRole)
	}
	counterpartRole, ok := roles[j.CounterpartRole]
	if !ok {
		return fmt.Errorf("entry counterpart role %q", j.CounterpartRole)
	}
	if _, err := ParseAction(string(j.Action)); err != nil {
		return err
	}
	*e = Entry{
		Patient: common.HexToAddress(j.Patient), Time: t.UTC(),
		BlockNumber: j.BlockNumber, BlockHash: common.HexToHash(j.BlockHash), TxHash: common.HexToHash(j.TxHash), LogIndex: j.LogIndex,
		Contract: common.HexToAddress(j.Contract), Action: j.Action,
		Actor: common.HexToAddress(j.Actor), ActorRole: actorRole,
		Counterpart: common.HexToAddress(j.Counterpart), CounterpartRole: counterpartRole,
		Record: common.HexToHash(j.Record), Version: j.Version,
		RequestID: j.RequestID, AccessID: j.AccessID, KeyRequestID: j.KeyRequestID,
		Purpose: common.HexToHash(j.Purpose), NotBefore: j.NotBefore, NotAfter: j.NotAfter, Operations: j.Operations,
		Reason: Reason(j.ReasonCode), Error: j.Error,
		Path: j.Path, Committee: j.Committee, Threshold: j.Threshold, Members: j.Members,
		Member: j.Member, MaxUses: j.MaxUses, UsesLeft: j.UsesLeft, Generation: j.Generation, Epoch: j.Epoch,
		PatientAuthored: j.PatientAuthored, PolicyHash: common.HexToHash(j.PolicyHash),
		CapsuleHash: common.HexToHash(j.CapsuleHash), CapsuleRef: j.CapsuleRef,
		GateHash: common.HexToHash(j.GateHash), GateRef: j.GateRef,
		Category: common.HexToHash(j.Category), RuleID: j.RuleID, ProposalID: j.ProposalID, RecoveryID: j.RecoveryID,
		EmergencyReason: j.EmergencyReason, Org: common.HexToHash(j.Org), Mode: j.Mode,
		ConsentRole: common.HexToHash(j.ConsentRole), Scopes: j.Scopes, GuardianAction: j.GuardianAction, Approvals: j.Approvals,
		Count: j.Count, ByOrder: j.ByOrder,
	}
	for _, o := range j.Orgs {
		e.Orgs = append(e.Orgs, common.HexToHash(o))
	}
	for _, h := range j.Holders {
		if !common.IsHexAddress(h) {
			return fmt.Errorf("entry holder %q", h)
		}
		e.Holders = append(e.Holders, common.HexToAddress(h))
	}
	for _, n := range j.Nodes {
		if !common.IsHexAddress(n) {
			return fmt.Errorf("entry node %q", n)
		}
		e.Nodes = append(e.Nodes, common.HexToAddress(n))
	}
	if len(j.Attributes) > 0 {
		e.AttributeNames = make([]string, len(j.Attributes))
		for i, a := range j.Attributes {
			e.Attributes = append(e.Attributes, common.HexToHash(a.ID))
			e.AttributeNames[i] = a.Name
		}
	}
	return nil
}

// Detail copies from d, the entry decoded afresh from the same log, the fields a store keeps
// only in the log itself.
func (e *Entry) Detail(d *Entry) {
	e.Error, e.Committee, e.Threshold, e.Members, e.Member = d.Error, d.Committee, d.Threshold, d.Members, d.Member
	e.MaxUses, e.UsesLeft, e.Generation, e.Epoch, e.Attributes = d.MaxUses, d.UsesLeft, d.Generation, d.Epoch, d.Attributes
	e.PatientAuthored, e.PolicyHash, e.CapsuleHash, e.CapsuleRef, e.GateHash, e.GateRef =
		d.PatientAuthored, d.PolicyHash, d.CapsuleHash, d.CapsuleRef, d.GateHash, d.GateRef
	e.Category, e.RuleID, e.ProposalID, e.RecoveryID, e.EmergencyReason, e.Org, e.Orgs, e.Mode =
		d.Category, d.RuleID, d.ProposalID, d.RecoveryID, d.EmergencyReason, d.Org, d.Orgs, d.Mode
	e.ConsentRole, e.Scopes, e.GuardianAction, e.Approvals, e.Count, e.Holders, e.ByOrder =
		d.ConsentRole, d.Scopes, d.GuardianAction, d.Approvals, d.Count, d.Holders, d.ByOrder
	if d.Path != "" {
		e.Path = d.Path
	}
}

// WriteTable renders entries as an aligned table for a terminal, with addresses and hashes
// shortened, one line per entry however wide; the JSON and FHIR forms carry them in full.
func WriteTable(w io.Writer, entries []Entry) error {
	return WriteTableWidth(w, entries, 0)
}

// WriteTableWidth is WriteTable for a terminal width columns wide (0: any width). Where the
// table is too wide it leaves out the block and transaction (which --wide, JSON and FHIR
// carry), and prints the counterpart and a rejection's reason under their entry.
func WriteTableWidth(w io.Writer, entries []Entry, width int) error {
	t := texttable.Table{Columns: []texttable.Column{
		{Name: "TIME"}, {Name: "BLOCK", Drop: true}, {Name: "TX:LOG", Drop: true}, {Name: "ACTION"},
		{Name: "ACTOR"}, {Name: "ROLE"}, {Name: "RECORD"}, {Name: "VER"},
		{Name: "COUNTERPART", Short: "counterpart", Fold: true}, {Name: "VIA", Short: "via", Fold: true}, {Name: "OUTCOME"}, {Name: "REASON", Short: "reason", Fold: true},
	}}
	for _, e := range entries {
		reason := ""
		if e.Reason != 0 {
			reason = e.Reason.String()
		}
		if e.Error != "" {
			reason = strings.TrimSpace(reason + " " + e.Error)
		}
		via := string(e.Path)
		if len(e.Nodes) > 0 {
			ns := make([]string, len(e.Nodes))
			for i, n := range e.Nodes {
				ns[i] = short(n.Hex())
			}
			via += " " + strings.Join(ns, ",")
		}
		version := ""
		if e.Version != 0 {
			version = strconv.FormatUint(uint64(e.Version), 10)
		}
		counterpart := short(addr(e.Counterpart))
		if e.CounterpartRole != RoleUnknown {
			counterpart += " (" + e.CounterpartRole.String() + ")"
		}
		t.Rows = append(t.Rows, []string{
			e.Time.UTC().Format(time.RFC3339), strconv.FormatUint(e.BlockNumber, 10),
			fmt.Sprintf("%s:%d", short(e.TxHash.Hex()), e.LogIndex), string(e.Action),
			short(addr(e.Actor)), e.ActorRole.String(), short(hash(e.Record)), version, counterpart,
			strings.TrimSpace(via), string(e.Outcome()), reason,
		})
	}
	return t.Write(w, width)
}

func short(s string) string {
	if len(s) <= 12 {
		return s
	}
	return s[:6] + "…" + s[len(s)-4:]
}
