package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dustin/go-humanize"
	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"

	"github.com/emrchain/emrchain/client"
)

// approvalFlags are what a patient decides when approving a version.
func approvalFlags(prefix string) []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "yes", Usage: "approve without being asked (the review is still printed); needed when there is no terminal to ask on"},
		&cli.Uint64Flag{Name: "committee", Usage: "proxy committee `ID` the gate object is sealed to (default: the newest active one)"},
		&cli.StringFlag{Name: "category", Usage: "the record's `CATEGORY` (laboratory, imaging, medication, clinical-note, discharge-summary, vital-signs, patient-generated, or your own word): standing consents of that category cover it"},
		&cli.BoolFlag{Name: "network-capsule", Usage: "seal the record's key to the proxy committee even when neither break-glass nor a standing consent needs it (guardian grants read through it)"},
		seedPasswordFlag(prefix),
	}
}

// reviewLines is what the patient is shown before her client signs: who wrote what, and who
// could read it under the proposed policy, in words.
func reviewLines(rv *client.Review) []string {
	author := "provider " + rv.Author.Hex()
	if rv.PatientAuthored {
		author = "you (patient-authored)"
	}
	lines := []string{
		fmt.Sprintf("record %s, version %d, written by %s", common.Hash(rv.RecordID).Hex(), rv.Version, author),
	}
	if rv.Guardian != (common.Address{}) {
		lines = append(lines, fmt.Sprintf("you sign as guardian %s in the patient's place (your co-sign scope); the version carries no "+
			"capsule of her seed until she adds it, so only break-glass, guardian grants and standing consents read it meanwhile", rv.Guardian.Hex()))
	}
	if rv.Opened != nil {
		lines = append(lines, fmt.Sprintf("content: %s, SHA-256 %x, signature checked", humanize.IBytes(uint64(rv.Opened.PlaintextSize)), rv.Opened.PlaintextSHA256))
	}
	if rv.Category != ([32]byte{}) {
		lines = append(lines, "category: "+categoryText(rv.Category)+" (standing consents of this category cover it)")
	}
	switch {
	case rv.NetworkCapsule:
		lines = append(lines, fmt.Sprintf("network capsule: its key is also sealed to proxy committee %d, for break-glass (unless you turn it off), "+
			"guardian grants and standing consents of its category; every such read shows on your timeline", rv.CommitteeID))
	case rv.NoCapsuleWhy != "":
		lines = append(lines, "network capsule: none: "+rv.NoCapsuleWhy)
	}
	switch {
	case rv.Policy == nil && rv.NetworkCapsule:
		lines = append(lines, "policy: none: no attribute-based reads; beyond you and those you grant access to, only the reads the network capsule serves")
	case rv.Policy == nil:
		lines = append(lines, "policy: none: only you, and those you grant access to one request at a time, can read it")
	default:
		lines = append(lines,
			"policy: "+rv.Policy.String(),
			"  in words: "+rv.PolicyWords,
			fmt.Sprintf("  each such read goes through proxy committee %d and shows on your timeline (attribute keys of epoch %d)", rv.CommitteeID, rv.Epoch))
	}
	return lines
}

// confirmApproval shows the review on stderr and asks the patient, unless --yes was given. Without
// a terminal and without --yes it refuses: nobody approved.
func (s *session) confirmApproval(rv *client.Review) error {
	return s.confirm("Review before approving:", "Approve and sign this version?", reviewLines(rv),
		map[string]any{"event": "review", "recordId": common.Hash(rv.RecordID), "version": rv.Version,
			"author": rv.Author, "policy": policyString(rv), "policyInWords": rv.PolicyWords, "committee": rv.CommitteeID,
			"category": categoryField(rv.Category), "networkCapsule": rv.NetworkCapsule, "guardian": guardianField(rv.Guardian)})
}

// confirm shows a review (lines under title, or event as one JSON line with --json) on stderr and
// asks the question on the terminal, unless --yes was given. Without a terminal and without --yes
// it refuses: nobody approved.
func (s *session) confirm(title, question string, lines []string, event map[string]any) error {
	if s.out.json {
		b, _ := json.Marshal(event)
		fmt.Fprintf(s.stderr, "%s\n", b)
	} else {
		fmt.Fprintln(s.stderr, title)
		for _, l := range lines {
			fmt.Fprintln(s.stderr, "  "+l)
		}
	}
	if s.c.Bool("yes") {
		return nil
	}
	tty, err := openTerminal()
	if err != nil || !term.IsTerminal(int(tty.Fd())) {
		if tty != nil {
			tty.Close()
		}
		return &declined{"the patient did not approve: there is no terminal to ask on; read the review above and pass --yes to approve"}
	}
	defer tty.Close()
	fmt.Fprint(tty, question+" [y/N] ")
	answer, _ := bufio.NewReader(tty).ReadString('\n')
	if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
		return &declined{"the patient did not approve: nothing was stored, signed or sent"}
	}
	return nil
}

// declined is the patient saying no (or nobody being there to say yes).
type declined struct{ msg string }

func (d *declined) Error() string { return d.msg }
func (d *declined) Unwrap() error { return client.ErrNotApproved }

func policyString(rv *client.Review) string {
	if rv.Policy == nil {
		return ""
	}
	return rv.Policy.String()
}

// approveOptions are the patient's choices from the command line.
func (s *session) approveOptions(confirm func(*client.Review) error) client.ApproveOptions {
	o := client.ApproveOptions{CommitteeID: s.c.Uint64("committee"), Confirm: confirm,
		Category: client.CategoryCode(strings.TrimSpace(s.c.String("category")))}
	if s.c.Bool("network-capsule") {
		o.NetworkCapsule = client.CapsuleAlways
	}
	return o
}

// categoryField is a category for JSON: its word or code, "" for none.
func categoryField(code [32]byte) string {
	if code == ([32]byte{}) {
		return ""
	}
	return categoryText(code)
}

// guardianField is the co-signing guardian for JSON, "" when the patient signs.
func guardianField(g common.Address) string {
	if g == (common.Address{}) {
		return ""
	}
	return g.Hex()
}

// isNotApproved reports whether err is the patient declining.
func isNotApproved(err error) bool { return errors.Is(err, client.ErrNotApproved) }
