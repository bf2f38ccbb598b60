package timeline

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
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
		Outcome: string(e.Outcome()), Reason: e.Reason.String(), ReasonCode: uint8(e.Reason),
	})
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
		Reason: Reason(j.ReasonCode),
	}
	return nil
}

// WriteTable renders entries as an aligned table for a terminal, with addresses and hashes
// shortened; the JSON and FHIR forms carry them in full.
func WriteTable(w io.Writer, entries []Entry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME\tBLOCK\tTX:LOG\tACTION\tACTOR\tROLE\tRECORD\tVER\tCOUNTERPART\tOUTCOME")
	for _, e := range entries {
		outcome := string(e.Outcome())
		if e.Reason != 0 {
			outcome += " (" + e.Reason.String() + ")"
		}
		version := ""
		if e.Version != 0 {
			version = strconv.FormatUint(uint64(e.Version), 10)
		}
		counterpart := short(addr(e.Counterpart))
		if e.CounterpartRole != RoleUnknown {
			counterpart += " (" + e.CounterpartRole.String() + ")"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s:%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			e.Time.UTC().Format(time.RFC3339), e.BlockNumber, short(e.TxHash.Hex()), e.LogIndex, e.Action,
			short(addr(e.Actor)), e.ActorRole, short(hash(e.Record)), version, counterpart, outcome)
	}
	return tw.Flush()
}

func short(s string) string {
	if len(s) <= 12 {
		return s
	}
	return s[:6] + "…" + s[len(s)-4:]
}
