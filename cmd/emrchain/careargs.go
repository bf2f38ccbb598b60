package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/emrchain/emrchain/client"
	"github.com/emrchain/emrchain/indexer/timeline"
)

// Flags and parsing shared by the commands of care beyond the grant: guardians, standing
// consents, recovery and erasure.

// spanFlag is a length of time that may be days, weeks or years long (30d, 52w, 1y) as well as
// a Go duration (36h, 90m).
func spanFlag(name, usage string) cli.Flag {
	return &cli.StringFlag{Name: name, Usage: usage + " (`SPAN` such as 90d, 52w, 1y or 36h)"}
}

// untilFlag is an end as a date or an instant.
func untilFlag(name, usage string) cli.Flag {
	return &cli.StringFlag{Name: name, Usage: usage + " (`TIME`: 2027-12-31 or 2027-12-31T18:00:00Z)"}
}

// idFlag is a required numeric id flag, read with uintFlag; what names the thing it counts
// ("consent", "recovery request").
func idFlag(name, what string) cli.Flag {
	return &cli.Uint64Flag{Name: name, Usage: what + " `ID` (required)"}
}

// patientOrSelfFlags are the flags patientOrSelf reads.
func patientOrSelfFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "patient", Usage: "the patient's `ADDRESS` (default: --as)"},
		&cli.StringFlag{Name: "as", Usage: "the patient's identity `DIR`, instead of --patient"},
	}
}

// parseSpan reads a SPAN.
func parseSpan(flag, v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	units := map[byte]time.Duration{'d': 24 * time.Hour, 'w': 7 * 24 * time.Hour, 'y': 365 * 24 * time.Hour}
	if n := len(v); n > 1 {
		if unit, ok := units[v[n-1]]; ok {
			k, err := strconv.ParseUint(v[:n-1], 10, 16)
			if err != nil || k == 0 {
				return 0, usageErrorf("bad --%s %q: want a span such as 90d, 52w, 1y or 36h", flag, v)
			}
			return time.Duration(k) * unit, nil
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, usageErrorf("bad --%s %q: want a span such as 90d, 52w, 1y or 36h", flag, v)
	}
	return d, nil
}

// parseInstant reads a TIME.
func parseInstant(flag, v string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	return time.Time{}, usageErrorf("bad --%s %q: want a date (2027-12-31) or an instant with its zone (2027-12-31T18:00:00Z)", flag, v)
}

// endFrom reads the end of a window from --until or a span flag, counted from start; exactly one
// of them is required.
func endFrom(s *session, start time.Time, untilName, spanName, what string) (time.Time, error) {
	until, span := s.c.String(untilName), s.c.String(spanName)
	switch {
	case until != "" && span != "":
		return time.Time{}, usageErrorf("--%s and --%s are exclusive", untilName, spanName)
	case until != "":
		return parseInstant(untilName, until)
	case span != "":
		d, err := parseSpan(spanName, span)
		if err != nil {
			return time.Time{}, err
		}
		return start.Add(d), nil
	}
	return time.Time{}, usageErrorf("missing --%s or --%s: %s", spanName, untilName, what)
}

// chainNow is the chain's clock (the head block's time), which windows on chain are judged by.
func chainNow(s *session, env *client.Env) (time.Time, error) {
	h, err := env.Backend.HeaderByNumber(s.ctx, nil)
	if err != nil {
		return time.Time{}, fmt.Errorf("read the chain's head: %w", err)
	}
	return time.Unix(int64(h.Time), 0).UTC(), nil
}

// uintFlag reads a required numeric id flag (ids start at 1).
func uintFlag(s *session, name, what string) (uint64, error) {
	if !s.c.IsSet(name) || s.c.Uint64(name) == 0 {
		return 0, errMissingFlag(name, what)
	}
	return s.c.Uint64(name), nil
}

// categoryText names a record category by its word when it is one of the usual ones.
func categoryText(code [32]byte) string {
	if w := timeline.CategoryWord(code); w != "" {
		return w
	}
	return common.Hash(code).Hex()
}

// patientOrSelf is --patient, or the --as identity's own address.
func patientOrSelf(s *session) (common.Address, error) {
	if v := s.c.String("patient"); v != "" {
		return parseAddress("patient", v)
	}
	if s.c.String("as") == "" {
		return common.Address{}, errMissingFlag("patient", "the patient's address (or --as the patient)")
	}
	id, err := s.identityFrom("as", "", "the patient's identity")
	if err != nil {
		return common.Address{}, err
	}
	return id.Address(), nil
}

// actorEnv loads the --as identity (what says whose it must be) and then opens the chain, the
// two steps every care command that sends a transaction begins with once its flags are read.
func actorEnv(s *session, what string) (*client.Identity, *client.Env, error) {
	actor, err := s.identityFrom("as", "", what)
	if err != nil {
		return nil, nil, err
	}
	env, err := s.open()
	if err != nil {
		return nil, nil, err
	}
	return actor, env, nil
}

// rowsOrNone is a listing's rows, or "none" when it has none.
func rowsOrNone(rows []string) lines {
	if len(rows) == 0 {
		return lines{"none"}
	}
	return lines(rows)
}
