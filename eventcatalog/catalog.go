// Package eventcatalog generates docs/events.md, the catalogue of every contract event, from the
// contracts' ABIs (through the generated bindings) and the NatSpec in the Solidity interfaces.
// The timeline action and the example JSON of each event come from running the indexer's and the
// event stream's own decoders on a sample log, so the document cannot drift from the code: a
// test regenerates it and fails on any difference.
package eventcatalog

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/emrchain/emrchain/contracts"
	"github.com/emrchain/emrchain/indexer/timeline"
)

// Doc is one event's NatSpec.
type Doc struct {
	Notice string
	Params map[string]string
}

var eventLine = regexp.MustCompile(`^\s*event\s+(\w+)\s*\(`)

// ParseNatSpec reads the `///` comments right above each event in the .sol files of dir.
func ParseNatSpec(dir string) (map[string]Doc, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.sol"))
	if err != nil {
		return nil, err
	}
	docs := map[string]Doc{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var block []string
		sc := bufio.NewScanner(bytes.NewReader(b))
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if strings.HasPrefix(line, "///") {
				block = append(block, strings.TrimSpace(strings.TrimPrefix(line, "///")))
				continue
			}
			if m := eventLine.FindStringSubmatch(line); m != nil {
				docs[m[1]] = parseBlock(block)
			}
			block = nil
		}
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", f, err)
		}
	}
	return docs, nil
}

func parseBlock(lines []string) Doc {
	d := Doc{Params: map[string]string{}}
	var cur *string
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "@notice "):
			d.Notice = strings.TrimPrefix(l, "@notice ")
			cur = &d.Notice
		case strings.HasPrefix(l, "@param "):
			name, text, _ := strings.Cut(strings.TrimPrefix(l, "@param "), " ")
			d.Params[name] = text
			v := d.Params[name]
			cur = &v
			d.Params[name] = v
		case strings.HasPrefix(l, "@"):
			cur = nil
		case cur != nil:
			*cur += " " + l
		}
	}
	return d
}

// whyIndexed says why a field is a topic: what an integration filters by.
var whyIndexed = map[string]string{
	"patient":       "follow one patient's history (timelines, patient notifications)",
	"requester":     "follow one requester's requests and answers",
	"provider":      "follow what one provider wrote",
	"recordId":      "follow one record across versions and accesses",
	"requestId":     "follow one request from ask to answer",
	"accessId":      "match a get-access to its fulfilment or rejection",
	"account":       "follow one participant's enrolment",
	"role":          "list participants of one role",
	"org":           "list an organisation's participants (per-organisation integrations)",
	"actor":         "audit everything one participant did",
	"registrar":     "audit one registrar's actions",
	"admin":         "audit admin actions",
	"authority":     "audit one attribute authority",
	"holder":        "follow one holder's attributes",
	"id":            "look up one attribute",
	"previousAdmin": "audit admin changes",
	"pendingAdmin":  "audit admin changes",
	"committeeId":   "follow one proxy committee's key generation and answers",
	"node":          "audit everything one proxy node did",
	"reporter":      "audit who reported faults",
	"oracle":        "audit everything one key oracle answered",
	"readId":        "match an attribute or network-capsule read to its answers",
	"guardians":     "find the Guardians contract a record registry honours",
	"guardian":      "follow what one guardian did and may do",
	"sessionId":     "follow one break-glass session from opening to its reads",
	"consentId":     "follow one standing consent from giving to revocation",
	"proposalId":    "follow one guardian proposal from proposal to execution",
	"grantId":       "follow one guardian grant to its reads and revocation",
	"generation":    "follow one recovery configuration",
	"newAccount":    "follow the recovery of one new device's account",
}

// glossary explains fields that carry no @param of their own; names mean the same everywhere.
var glossary = map[string]string{
	"patient":            "The patient whose record or index this is.",
	"requester":          "The requester (a provider or another requester) asking or answered.",
	"provider":           "The provider who wrote the version.",
	"recordId":           "The record: keccak256(abi.encode(patient, provider, salt)).",
	"requestId":          "The access, key or search-token request.",
	"accessId":           "One get-access call.",
	"version":            "The record version concerned.",
	"operation":          "The operation asked for (0 read, 1 write).",
	"purpose":            "Purpose-of-use code, keccak256 of a word such as \"treatment\".",
	"oracle":             "The oracle account that answered.",
	"reason":             "Rejection reason code (contracts/reasons.go).",
	"actor":              "Who made the change.",
	"account":            "The participant.",
	"role":               "Registry role: 1 patient, 2 provider, 3 requester, 4 oracle, 5 attribute authority, 6 proxy.",
	"org":                "Opaque organisation id.",
	"registrar":          "The registrar or admin who acted.",
	"metadataHash":       "Hash of the registrar's off-chain record; no personal data on chain.",
	"transportKey":       "X25519 public key for sealed deliveries.",
	"preKey":             "PRE public key (67 bytes).",
	"head":               "Hash-chain head after this version.",
	"previousHead":       "Hash-chain head of the previous version.",
	"input":              "What the provider signed: content hash (SHA-256 of the sealed envelope), policy hash, encrypted location (CT*).",
	"previousPolicyHash": "The policy hash before the change.",
	"policyHash":         "keccak256 of the record's policy program (zero: no attribute-based access).",
	"keyRef":             "Binary CID of the sealed key or wrapped search key.",
	"keyHash":            "SHA-256 of the sealed key blob.",
	"attributesHash":     "Commitment to the requester's attribute set when asked.",
	"count":              "How many entries.",
	"offset":             "Position of the first entry returned.",
	"tokenHash":          "keccak256 of the search token: correlates repeated searches, never reveals the keyword.",
	"ids":                "Attribute ids (keccak256 of the names).",
	"id":                 "Attribute id: keccak256 of its name.",
	"name":               "Attribute name, kind:value.",
	"authority":          "The attribute authority.",
	"holder":             "Who holds the attributes.",
	"admin":              "The admin.",
	"pendingAdmin":       "The proposed admin.",
	"previousAdmin":      "The admin before.",
	"namespace":          "The namespace the authority defines attributes in (\"hospital-a\").",
	"revision":           "The holder's attribute revision after the change; reads requested before it are refused.",
	"epoch":              "The epoch (index epoch, or CP-ABE key epoch).",
	"committeeId":        "The proxy committee.",
	"member":             "The member's committee index (1 to n).",
	"node":               "The member's account.",
	"threshold":          "t: how many members' answers combine.",
	"memberMask":         "Committee members, bit i − 1 for member i.",
	"commitMask":         "The members that committed, bit i − 1 for member i.",
	"fragmentHash":       "keccak256 of the compressed fragment or share.",
	"fragment":           "The revealed fragment or share, a 33-byte compressed point.",
	"proof":              "Its DLEQ proof c ‖ s (64 bytes).",
	"error":              "Selector of the custom error the item failed with.",
	"salt":               "The provider's random salt the record id was derived from.",
	"approval":           "What the patient signed: capsule hash, gate hash, committee, flags (bit 0 patient-authored), capsule and gate CIDs.",
	"generation":         "The record version's key generation (rotation bumps it).",
	"blindedPoint":       "The blinded point the members multiply by their shares (33 bytes).",
	"usesLeft":           "How many more get-access calls the grant allows.",
	"maxUses":            "How many get-access calls the grant allows.",
	"readId":             "One attribute read.",
	"guardians":          "The Guardians contract.",
	"guardian":           "The guardian (an enrolled participant the patient named).",
	"sessionId":          "The break-glass session.",
	"by":                 "Who did it.",
	"mode":               "The patient's emergency setting: 0 on, 1 off, 2 restricted to named organisations.",
	"staff":              "True when marked as emergency staff, false when unmarked.",
	"proposalId":         "The guardian proposal.",
	"action":             "The guardian action: 1 grant, 2 revoke a guardian grant, 3 approve an erasure.",
	"notAfter":           "End of the window (unix seconds, exclusive).",
	"grantId":            "The guardian grant.",
	"index":              "The guardian's or holder's index (1 to 16).",
	"scopes":             "Guardian scope bits: 1 grant, 2 revoke, 4 read the timeline, 8 co-sign, 16 approve erasure.",
	"validUntil":         "End of the guardian's validity (unix seconds, exclusive).",
	"consentId":          "The standing consent.",
	"notBefore":          "Start of the window (unix seconds).",
	"rule":               "The rule a network-capsule read was made under: 1 emergency, 2 guardian grant, 3 standing consent.",
	"ruleId":             "The emergency session, guardian grant or consent the read was made under.",
	"newAccount":         "The account of the patient's new device.",
	"holders":            "The share holders in share-index order.",
	"delay":              "The cancellation delay in seconds.",
	"newTransportKey":    "The new device's X25519 transport key the shares are sealed to.",
	"readyAt":            "When the cancellation delay ends and shares may be released (unix seconds).",
}

// Generate renders the catalogue.
func Generate(interfacesDir string) ([]byte, error) {
	docs, err := ParseNatSpec(interfacesDir)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString("# Event catalogue\n\n")
	b.WriteString("Generated by `go generate ./eventcatalog` from the contracts' ABIs and the NatSpec in\n")
	b.WriteString("`solidity/src/interfaces`; `TestCatalogUpToDate` fails when it drifts. Do not edit by hand.\n\n")
	b.WriteString("Every state change emits one of these events, so an indexer can rebuild every patient's history\n")
	b.WriteString("from events alone. `emrchain events watch` streams them decoded as NDJSON in the shape of the\n")
	b.WriteString("examples below; the timeline action is what the indexer records for the event.\n\n")

	specs := contracts.Events()
	byContract := map[string][]contracts.EventSpec{}
	var order []string
	for _, s := range specs {
		if _, ok := byContract[s.Contract]; !ok {
			order = append(order, s.Contract)
		}
		byContract[s.Contract] = append(byContract[s.Contract], s)
	}
	b.WriteString("| contract | event | timeline action |\n|---|---|---|\n")
	for _, c := range order {
		for _, s := range byContract[c] {
			action, err := timelineAction(s)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(&b, "| %s | [%s](#%s) | %s |\n", c, s.Event.Name, strings.ToLower(s.Event.Name), action)
		}
	}
	for _, c := range order {
		fmt.Fprintf(&b, "\n## %s\n", c)
		for _, s := range byContract[c] {
			if err := writeEvent(&b, s, docs[s.Event.Name]); err != nil {
				return nil, err
			}
		}
	}
	return b.Bytes(), nil
}

func writeEvent(b *bytes.Buffer, s contracts.EventSpec, d Doc) error {
	ev := s.Event
	fmt.Fprintf(b, "\n### %s\n\n", ev.Name)
	notice := d.Notice
	if notice == "" {
		return fmt.Errorf("event %s.%s has no @notice in the interfaces", s.Contract, ev.Name)
	}
	fmt.Fprintf(b, "**When:** %s\n\n", notice)
	fmt.Fprintf(b, "Signature `%s`, topic 0 `%s`.\n\n", ev.Sig, ev.ID.Hex())
	b.WriteString("| field | type | indexed | meaning |\n|---|---|---|---|\n")
	for _, in := range ev.Inputs {
		idx := "no"
		if in.Indexed {
			why := whyIndexed[in.Name]
			if why == "" {
				return fmt.Errorf("event %s: indexed field %s has no reason in whyIndexed", ev.Name, in.Name)
			}
			idx = "yes: " + why
		}
		meaning := d.Params[in.Name]
		if meaning == "" {
			meaning = glossary[in.Name]
		}
		if meaning == "" {
			return fmt.Errorf("event %s: field %s has no @param and no glossary entry", ev.Name, in.Name)
		}
		fmt.Fprintf(b, "| `%s` | `%s` | %s | %s |\n", in.Name, in.Type.String(), idx, meaning)
	}
	action, err := timelineAction(s)
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "\n**Timeline action:** %s\n\n", action)
	l, err := SampleLog(s)
	if err != nil {
		return err
	}
	dec, err := contracts.DecodeLog(l)
	if err != nil {
		return fmt.Errorf("decode sample %s: %w", ev.Name, err)
	}
	js, err := json.MarshalIndent(dec, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(b, "Example, as `emrchain events watch` prints it:\n\n```json\n%s\n```\n", js)
	return nil
}

func timelineAction(s contracts.EventSpec) (string, error) {
	l, err := SampleLog(s)
	if err != nil {
		return "", err
	}
	ev, err := timeline.Decode(l, 1_767_225_600)
	if errors.Is(err, timeline.ErrUnknownEvent) {
		// A contract event the indexer does not decode yet: the catalogue says so rather than
		// hiding the event, so the gap is visible in the document.
		return "— (not yet decoded by the indexer)", nil
	}
	if err != nil {
		return "", fmt.Errorf("timeline decode of %s: %w", s.Event.Name, err)
	}
	if ev.Entry == nil {
		return "— (on no patient's timeline)", nil
	}
	if ev.AnswerTo != nil {
		return "`" + string(ev.Entry.Action) + "` (on the timeline of the access it answers)", nil
	}
	return "`" + string(ev.Entry.Action) + "`", nil
}

// SampleLog builds a log of the event with deterministic sample values for every field.
func SampleLog(s contracts.EventSpec) (*types.Log, error) {
	ev := s.Event
	topics := []common.Hash{ev.ID}
	var data []any
	for i, in := range ev.Inputs {
		v := sample(in.Name, in.Type, i)
		if in.Indexed {
			t, err := abi.MakeTopics([]any{v})
			if err != nil {
				return nil, fmt.Errorf("sample %s.%s: %w", ev.Name, in.Name, err)
			}
			topics = append(topics, t[0][0])
			continue
		}
		data = append(data, v)
	}
	packed, err := ev.Inputs.NonIndexed().Pack(data...)
	if err != nil {
		return nil, fmt.Errorf("sample %s: %w", ev.Name, err)
	}
	return &types.Log{
		Address: common.HexToAddress("0x5FbDB2315678afecb367f032d93F642f64180aa3"), Topics: topics, Data: packed,
		BlockNumber: 42, BlockHash: crypto.Keccak256Hash([]byte("block 42")), TxHash: crypto.Keccak256Hash([]byte("tx")), Index: 3,
	}, nil
}

// sample makes a readable, deterministic value of type t for field name.
func sample(name string, t abi.Type, pos int) any {
	switch t.T {
	case abi.AddressTy:
		return common.BytesToAddress(crypto.Keccak256([]byte("address:" + name))[12:])
	case abi.UintTy:
		n := uint64(pos + 1)
		switch name {
		case "role":
			n = 1
		case "reason":
			n = uint64(contracts.ReasonRekeyMismatch)
		case "operation":
			n = 0
		case "operations":
			n = 1
		case "notBefore":
			n = 1_767_225_600
		case "notAfter":
			n = 1_767_312_000
		}
		rv := reflect.New(t.GetType()).Elem()
		if rv.Kind() == reflect.Ptr {
			return new(big.Int).SetUint64(n)
		}
		rv.SetUint(n)
		return rv.Interface()
	case abi.FixedBytesTy:
		h := crypto.Keccak256Hash([]byte("bytes32:" + name))
		rv := reflect.New(t.GetType()).Elem()
		reflect.Copy(rv, reflect.ValueOf(h[:t.Size]))
		return rv.Interface()
	case abi.BytesTy:
		// A CIDv1 (raw, sha2-256) is what reference fields hold.
		return append([]byte{0x01, 0x55, 0x12, 0x20}, crypto.Keccak256([]byte("bytes:"+name))...)
	case abi.StringTy:
		return "role:insurer"
	case abi.BoolTy:
		return true
	case abi.SliceTy:
		rv := reflect.MakeSlice(t.GetType(), 2, 2)
		for i := 0; i < 2; i++ {
			rv.Index(i).Set(reflect.ValueOf(sample(fmt.Sprintf("%s[%d]", name, i), *t.Elem, pos)))
		}
		return rv.Interface()
	case abi.TupleTy:
		rv := reflect.New(t.GetType()).Elem()
		for i, el := range t.TupleElems {
			rv.Field(i).Set(reflect.ValueOf(sample(t.TupleRawNames[i], *el, i)))
		}
		return rv.Interface()
	}
	panic(fmt.Sprintf("eventcatalog: no sample for ABI type %s", t.String()))
}

// Names lists every event name, sorted; the event stream validates --event against it.
func Names() []string {
	var out []string
	for _, s := range contracts.Events() {
		out = append(out, s.Event.Name)
	}
	sort.Strings(out)
	return out
}
