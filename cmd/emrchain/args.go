package main

import (
	"os"
	"strconv"
	"strings"

	"github.com/urfave/cli/v2"
)

// permuteArgs moves a leaf command's flags ahead of its positional arguments. urfave/cli stops
// parsing flags at the first positional argument, which would make
// `emrchain record cosign --as DIR draft.json --out sig.hex` treat --out as a file name.
// Everything after "--" is left alone.
func permuteArgs(app *cli.App, args []string) []string {
	if len(args) == 0 {
		return args
	}
	out := []string{args[0]}
	cmds, flags := app.Commands, app.Flags
	i := 1
	for i < len(args) {
		a := args[i]
		if a == "--" {
			return append(out, args[i:]...)
		}
		if isFlag(a) {
			out = append(out, a)
			if takesValue(flags, a) && i+1 < len(args) {
				out = append(out, args[i+1])
				i++
			}
			i++
			continue
		}
		if sub := findCommand(cmds, a); sub != nil {
			out = append(out, a)
			cmds, flags = sub.Subcommands, sub.Flags
			i++
			if len(cmds) == 0 {
				return append(out, reorderLeaf(flags, args[i:])...)
			}
			continue
		}
		// An unknown command: leave the rest for the group to report.
		return append(out, args[i:]...)
	}
	return out
}

// reorderLeaf returns a leaf command's arguments with flags (and their values) first.
func reorderLeaf(flags []cli.Flag, args []string) []string {
	var fs, pos []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i:]...)
			break
		}
		if !isFlag(a) {
			pos = append(pos, a)
			continue
		}
		fs = append(fs, a)
		if takesValue(flags, a) && i+1 < len(args) {
			fs = append(fs, args[i+1])
			i++
		}
	}
	return append(fs, pos...)
}

func isFlag(a string) bool { return len(a) > 1 && a[0] == '-' }

// takesValue reports whether a flag argument written without "=" consumes the next argument.
func takesValue(flags []cli.Flag, a string) bool {
	name := strings.TrimLeft(a, "-")
	if strings.Contains(name, "=") {
		return false
	}
	for _, f := range flags {
		for _, n := range f.Names() {
			if n == name {
				_, isBool := f.(*cli.BoolFlag)
				return !isBool
			}
		}
	}
	return false
}

func findCommand(cmds []*cli.Command, name string) *cli.Command {
	for _, c := range cmds {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// wantsJSON reports whether errors should be printed as JSON, before (or without) any parsing.
func wantsJSON(args []string) bool {
	for _, a := range args {
		if a == "--" {
			break
		}
		switch a {
		case "--json", "-json", "--json=true", "-json=true":
			return true
		case "--json=false", "-json=false":
			return false
		}
	}
	v, err := strconv.ParseBool(os.Getenv(envPrefix + "JSON"))
	return err == nil && v
}
