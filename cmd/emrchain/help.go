package main

import (
	"strings"

	"github.com/urfave/cli/v2"
)

// useOwnHelpStyle undoes go-ethereum's package-level changes to urfave/cli's help (its init
// replaces the flag formatter and files --help under a MISC category), so help reads as
// urfave/cli's own: `--as DIR  usage (default: ...) [$ENV]`, one flag per line.
func useOwnHelpStyle() {
	cli.FlagStringer = flagString
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "show help"}
}

// flagString formats one flag; a `NAME` in backquotes in the usage names the flag's value.
func flagString(f cli.Flag) string {
	df, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return ""
	}
	usage, placeholder := df.GetUsage(), ""
	if df.TakesValue() {
		placeholder = "value"
		if i := strings.IndexByte(usage, '`'); i >= 0 {
			if j := strings.IndexByte(usage[i+1:], '`'); j >= 0 {
				placeholder = usage[i+1 : i+1+j]
				usage = usage[:i] + placeholder + usage[i+2+j:]
			}
		}
		if d := df.GetDefaultText(); d != "" && d != `""` {
			usage += " (default: " + d + ")"
		}
	}
	if env := df.GetEnvVars(); len(env) > 0 {
		usage += " [$" + strings.Join(env, ", $") + "]"
	}
	return cli.FlagNamePrefixer(df.Names(), placeholder) + "\t" + usage
}
