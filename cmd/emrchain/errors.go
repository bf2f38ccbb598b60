package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/contracts"
)

// Exit statuses; exitCodesHelp documents them in `emrchain --help`.
const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2
	exitReverted = 3
	exitRejected = 4
	// exitInterrupted is what shells report for a command ended by SIGINT (128 + 2).
	exitInterrupted = 130
)

// interruptedError is a command stopped by Ctrl-C or SIGTERM. Its message says what state the
// command left behind, above all whether a transaction was sent and how to check on it.
type interruptedError struct {
	msg string
	err error
}

func (e *interruptedError) Error() string { return e.msg }
func (e *interruptedError) Unwrap() error { return e.err }

// interrupted explains an error that ended a command the user interrupted. Commands that know
// more (record put knows its record id) return an *interruptedError themselves.
func interrupted(err error) error {
	var ie *interruptedError
	if errors.As(err, &ie) {
		return err
	}
	var pe *contracts.PendingError
	if errors.As(err, &pe) {
		return &interruptedError{err: err, msg: fmt.Sprintf("interrupted while waiting for transaction %s: it was sent and may still be mined.\n"+
			"  check with `emrchain tx show %s`", pe.Hash.Hex(), pe.Hash.Hex())}
	}
	return &interruptedError{err: err, msg: "interrupted: " + err.Error()}
}

// usageError is a command line that cannot be run as written.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCode maps an error to the process's exit status.
func exitCode(err error) int {
	var ue *usageError
	var ie *interruptedError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &ie):
		return exitInterrupted
	case errors.As(err, &ue):
		return exitUsage
	case errors.Is(err, client.ErrRejected):
		return exitRejected
	case errors.Is(err, contracts.ErrReverted):
		return exitReverted
	default:
		return exitError
	}
}

// report prints err on stderr (as one JSON object when asJSON) and returns the exit status.
func report(stderr io.Writer, asJSON bool, err error) int {
	code := exitCode(err)
	if err == nil {
		return code
	}
	msg := readableReverts(err, err.Error())
	switch code {
	case exitReverted:
		msg += "\n  the chain refused the transaction: the error above is the contract's own"
	case exitRejected:
		msg += "\n  the oracle answered with a rejection; see the reason above"
	}
	if asJSON {
		b, _ := json.Marshal(struct {
			Error    string `json:"error"`
			ExitCode int    `json:"exitCode"`
		}{readableReverts(err, err.Error()), code})
		fmt.Fprintln(stderr, string(b))
		return code
	}
	fmt.Fprintf(stderr, "emrchain: %s\n", strings.TrimSpace(msg))
	return code
}

// isReverted reports whether the chain refused a transaction (so it is surely not on chain).
func isReverted(err error) bool { return errors.Is(err, contracts.ErrReverted) }
