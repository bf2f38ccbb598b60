package main

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/xrash/smetrics"
)

// The standard flag package, which urfave/cli parses with, names flags with one dash in its
// errors; these find its three kinds of error so they can be said again with two.
var (
	undefinedFlagRE = regexp.MustCompile(`^flag provided but not defined: -+(.+)$`)
	missingValueRE  = regexp.MustCompile(`^flag needs an argument: -+(.+)$`)
	badValueRE      = regexp.MustCompile(`^invalid value "(.*)" for flag -+([^:]+): (.*)$`)
	// urfave/cli's own, for a value from a flag's environment variable.
	badEnvValueRE = regexp.MustCompile(`^could not parse "(.*)" (?:as .*? value )?from environment variable "(\w+)" (?:as value )?for flag ([\w-]+): (.*)$`)
)

// explainUsageError rewrites a flag-parsing error of command c as a user reads it: flags with
// two dashes, a suggestion for a mistyped flag, and what a malformed value should look like.
func explainUsageError(c *cli.Context, err error) string {
	msg := err.Error()
	flags := contextFlags(c)
	if m := undefinedFlagRE.FindStringSubmatch(msg); m != nil {
		s := fmt.Sprintf("unknown flag %s", dashed(m[1]))
		if hint := suggestFlag(flags, m[1]); hint != "" {
			s += "; did you mean " + hint + "?"
		}
		return s
	}
	if m := missingValueRE.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("%s needs a value%s", dashed(m[1]), valueHint(findFlag(flags, m[1])))
	}
	if m := badValueRE.FindStringSubmatch(msg); m != nil {
		f := findFlag(flags, m[2])
		hint := valueHint(f)
		if hint == "" {
			hint = ": " + m[3]
		}
		return fmt.Sprintf("bad %s %q%s", dashed(m[2]), m[1], hint)
	}
	if m := badEnvValueRE.FindStringSubmatch(msg); m != nil {
		hint := valueHint(findFlag(flags, m[3]))
		if hint == "" {
			hint = ": " + m[4]
		}
		return fmt.Sprintf("bad $%s %q (the value of %s)%s", m[2], m[1], dashed(m[3]), hint)
	}
	return msg
}

func dashed(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// contextFlags are the flags the command being parsed accepts.
func contextFlags(c *cli.Context) []cli.Flag {
	if c.Command != nil && c.Command.Name != "" {
		return append(c.Command.Flags, cli.HelpFlag)
	}
	if c.App != nil {
		return append(c.App.Flags, cli.HelpFlag)
	}
	return nil
}

func findFlag(flags []cli.Flag, name string) cli.Flag {
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				return f
			}
		}
	}
	return nil
}

// valueHint says what a flag's value looks like, by the flag's kind, with an example rather
// than a Go layout.
func valueHint(f cli.Flag) string {
	switch f.(type) {
	case *cli.DurationFlag:
		return ": want a duration such as 90s, 15m or 24h"
	case *cli.TimestampFlag:
		return ": want a time such as 2026-03-01T09:30:00Z or 2026-03-01T10:30:00+01:00 (RFC 3339)"
	case *cli.IntFlag, *cli.Int64Flag:
		return ": want a whole number"
	case *cli.UintFlag, *cli.Uint64Flag:
		return ": want a whole number, 0 or more"
	case *cli.Float64Flag:
		return ": want a number such as 1.5"
	case *cli.BoolFlag:
		return ": want true or false"
	case cli.DocGenerationFlag:
		if p := placeholderOf(f.(cli.DocGenerationFlag)); p != "" {
			return " (" + p + ")"
		}
	}
	return ""
}

func placeholderOf(f cli.DocGenerationFlag) string {
	u := f.GetUsage()
	if i := strings.IndexByte(u, '`'); i >= 0 {
		if j := strings.IndexByte(u[i+1:], '`'); j >= 0 {
			return u[i+1 : i+1+j]
		}
	}
	return ""
}

// closeEnough is the least Jaro-Winkler similarity at which a name is offered as what was
// meant; below it the nearest name is usually unrelated.
const closeEnough = 0.8

// similarity is the measure urfave/cli's own suggestions use.
func similarity(a, b string) float64 { return smetrics.JaroWinkler(a, b, 0.7, 4) }

// suggestFlag names the flag nearest to a mistyped one, or "" when none is near.
func suggestFlag(flags []cli.Flag, typed string) string {
	if cli.SuggestFlag == nil {
		return ""
	}
	best := cli.SuggestFlag(flags, typed, true)
	if best == "" || similarity(strings.TrimLeft(best, "-"), typed) < closeEnough {
		return ""
	}
	return best
}

// suggestCommand names the visible command nearest to a mistyped one, or "" when none is near.
// It measures as urfave/cli's SuggestCommand does, whose pick may be its help command, which
// emrchain hides.
func suggestCommand(cmds []*cli.Command, typed string) string {
	best, score := "", 0.0
	for _, c := range cmds {
		if c.Hidden {
			continue
		}
		for _, n := range c.Names() {
			if s := similarity(n, typed); s > score {
				best, score = n, s
			}
		}
	}
	if score < closeEnough {
		return ""
	}
	return best
}

// unknownCommand is the usage error for a command name that is not one of cmds.
func unknownCommand(cmds []*cli.Command, typed, helpName string) error {
	if hint := suggestCommand(cmds, typed); hint != "" {
		return usageErrorf("unknown command %q; did you mean %q? (see `%s --help`)", typed, hint, helpName)
	}
	return usageErrorf("unknown command %q (see `%s --help`)", typed, helpName)
}
