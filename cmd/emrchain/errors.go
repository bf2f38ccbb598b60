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
)

// usageError is a command line that cannot be run as written.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usageErrorf(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitCode maps an error to the process's exit status.
func exitCode(err error) int {
	var ue *usageError
	switch {
	case err == nil:
		return exitOK
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
