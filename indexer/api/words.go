package api

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/ethereum/go-ethereum/common"

	"github.com/emrchain/emrchain/indexer/timeline"
)

// person is what the timeline page shows of someone: a name and an organisation when the
// directory knows them from the enrolment, and the role.
type person struct {
	Name         string `json:"name,omitempty"`
	Organisation string `json:"organisation,omitempty"`
	Role         string `json:"role,omitempty"`
}

// people names everyone on a page of patient's timeline whose enrolment the directory can name.
func (s *server) people(ctx context.Context, patient common.Address, entries []timeline.Entry) (map[string]*person, error) {
	seen := map[common.Address]bool{patient: true}
	accounts := []common.Address{patient}
	for i := range entries {
		for _, a := range append([]common.Address{entries[i].Actor, entries[i].Counterpart}, entries[i].Nodes...) {
			if a != (common.Address{}) && !seen[a] {
				seen[a] = true
				accounts = append(accounts, a)
			}
		}
	}
	enrolments, err := s.Store.Enrolments(ctx, accounts)
	if err != nil {
		return nil, fmt.Errorf("names on the timeline: %w", err)
	}
	out := map[string]*person{}
	for a, en := range enrolments {
		p := &person{Role: en.Role.String()}
		p.Name, _ = s.Directory.Name(en.MetadataHash)
		p.Organisation, _ = s.Directory.Organisation(en.Org)
		out[a.Hex()] = p
	}
	return out, nil
}

// describedEntry is a timeline entry with the words the page shows for it.
type describedEntry struct {
	timeline.Entry
	words
}

type words struct {
	Title       string `json:"title"`
	Summary     string `json:"summary"`
	PurposeWord string `json:"purposeWord,omitempty"`
	ReasonText  string `json:"reasonText,omitempty"`
	PathText    string `json:"pathText,omitempty"`
	// CategoryWord names the record category when it is one of the usual ones.
	CategoryWord string `json:"categoryWord,omitempty"`
	// ScopesText says what a guardian may do, in words.
	ScopesText string `json:"scopesText,omitempty"`
}

// MarshalJSON writes the entry's own fields and the words in one object.
func (d describedEntry) MarshalJSON() ([]byte, error) {
	entry, err := json.Marshal(d.Entry)
	if err != nil {
		return nil, err
	}
	extra, err := json.Marshal(d.words)
	if err != nil {
		return nil, err
	}
	return append(append(entry[:len(entry)-1:len(entry)-1], ','), extra[1:]...), nil
}

// shortAddress is how someone the directory cannot name appears in a sentence.
func shortAddress(a common.Address) string {
	h := a.Hex()
	return h[:6] + "…" + h[len(h)-4:]
}

func describe(entries []timeline.Entry, people map[string]*person, reader common.Address) []describedEntry {
	name := func(a common.Address) string {
		if p, ok := people[a.Hex()]; ok && p.Name != "" {
			return p.Name
		}
		return shortAddress(a)
	}
	out := make([]describedEntry, len(entries))
	for i := range entries {
		e := &entries[i]
		w := e.Action.Words()
		reason := e.Reason.Words()
		if e.Error != "" {
			reason = timeline.ErrorWords(e.Error)
		}
		out[i] = describedEntry{Entry: *e, words: words{
			Title:        w.Title,
			Summary:      e.Describe(name, reader),
			PurposeWord:  timeline.PurposeWord(e.Purpose),
			ReasonText:   reason,
			PathText:     e.Path.Words(),
			CategoryWord: timeline.CategoryWord(e.Category),
			ScopesText:   timeline.ScopeWords(e.Scopes),
		}}
	}
	return out
}
