package main

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/urfave/cli/v2"
)

// helpWidth is the widest line help prints: it fits a 100-column terminal.
const helpWidth = 100

// useOwnHelpStyle undoes go-ethereum's package-level changes to urfave/cli's help (its init
// replaces the flag formatter and files --help under a MISC category), so help reads as
// urfave/cli's own: `--as DIR  usage (default: ...) [$ENV]`, one flag per line, wrapped to
// helpWidth columns.
func useOwnHelpStyle() {
	cli.FlagStringer = flagString
	cli.HelpFlag = &cli.BoolFlag{Name: "help", Aliases: []string{"h"}, Usage: "show help"}
	cli.VersionFlag = &cli.BoolFlag{Name: "version", Usage: "print the version and exit"}
	cli.HelpPrinter = printWrappedHelp
}

// printWrappedHelp renders help with urfave/cli's own templates, then wraps what is too wide.
func printWrappedHelp(w io.Writer, templ string, data any) {
	var buf bytes.Buffer
	cli.HelpPrinterCustom(&buf, templ, data, nil)
	text := wrapHelp(buf.String(), helpWidth)
	// urfave/cli's command template ends without a newline, which glues the next prompt or
	// message to the last line.
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	_, _ = io.WriteString(w, text)
}

// envNoteRE matches the " [$ENV]" note that ends a flag's usage.
var envNoteRE = regexp.MustCompile(` \[\$[A-Z0-9_, $]+\]$`)

// requiredRE finds a usage that says the flag must be given.
var requiredRE = regexp.MustCompile(`\brequired\b`)

// flagString formats one flag; a `NAME` in backquotes in the usage names the flag's value.
// A default is shown only where it means something: not for a flag that must be given, not for
// a number whose zero means "not given", and not twice when the usage already names it.
func flagString(f cli.Flag) string {
	df, ok := f.(cli.DocGenerationFlag)
	if !ok {
		return ""
	}
	usage, placeholder := df.GetUsage(), ""
	// Global flags copied onto commands carry their environment variable in the usage text;
	// it goes last, after the default, as on every other flag.
	envNote := envNoteRE.FindString(usage)
	usage = strings.TrimSuffix(usage, envNote)
	if df.TakesValue() {
		placeholder = placeholderFor(f)
		if i := strings.IndexByte(usage, '`'); i >= 0 {
			if j := strings.IndexByte(usage[i+1:], '`'); j >= 0 {
				placeholder = usage[i+1 : i+1+j]
				usage = usage[:i] + placeholder + usage[i+2+j:]
			}
		}
		d := df.GetDefaultText()
		if df, ok := f.(*cli.DurationFlag); ok && df.DefaultText == "" {
			d = shortDuration(df.Value)
		}
		if showDefault(f, usage, d) {
			usage += " (default: " + d + ")"
		}
	}
	if env := df.GetEnvVars(); len(env) > 0 {
		envNote = " [$" + strings.Join(env, ", $") + "]"
	}
	return cli.FlagNamePrefixer(df.Names(), placeholder) + "\t" + usage + envNote
}

// placeholderFor names a flag's value when its usage does not: by its kind.
func placeholderFor(f cli.Flag) string {
	switch f.(type) {
	case *cli.DurationFlag:
		return "DURATION"
	case *cli.TimestampFlag:
		return "TIME"
	case *cli.IntFlag, *cli.Int64Flag, *cli.UintFlag, *cli.Uint64Flag, *cli.Float64Flag:
		return "N"
	}
	return "value"
}

// shortDuration writes 24h rather than time.Duration's 24h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func showDefault(f cli.Flag, usage, d string) bool {
	if d == "" || d == `""` || strings.Contains(usage, "(default:") || requiredRE.MatchString(usage) {
		return false
	}
	if rf, ok := f.(cli.RequiredFlag); ok && rf.IsRequired() {
		return false
	}
	switch f.(type) {
	case *cli.IntFlag, *cli.Int64Flag, *cli.UintFlag, *cli.Uint64Flag, *cli.Float64Flag, *cli.DurationFlag:
		// A zero number with no DefaultText of its own means "not given"; flags whose zero
		// means something say so in DefaultText.
		return d != "0" && d != "0s"
	}
	return true
}

// columnRE finds where a help line's second column starts: after its first run of two or more
// spaces (the gap tabwriter leaves between a flag or command name and its usage).
var columnRE = regexp.MustCompile(`^( *)\S.*?\S?(  +)\S`)

// wrapHelp wraps every line wider than width at spaces. A line with two columns (a flag or
// command and its usage) continues under its second column, any other under its own indent.
// A word wider than the room left (a long URL) stays whole.
func wrapHelp(text string, width int) string {
	var out strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		body := strings.TrimSuffix(line, "\n")
		if utf8.RuneCountInString(body) <= width {
			out.WriteString(line)
			continue
		}
		indent := len(body) - len(strings.TrimLeft(body, " "))
		hang := indent
		if m := columnRE.FindStringSubmatchIndex(body); m != nil && m[5] <= width/2 {
			hang = m[5]
		}
		out.WriteString(wrapLine(body, hang, width))
		if strings.HasSuffix(line, "\n") {
			out.WriteByte('\n')
		}
	}
	return out.String()
}

// wrapLine breaks body (wider than width) into lines of at most width, continuing at hang.
func wrapLine(body string, hang, width int) string {
	head, rest := body[:hang], body[hang:]
	pad := strings.Repeat(" ", hang)
	var b strings.Builder
	b.WriteString(head)
	col := hang
	for i, word := range strings.Fields(rest) {
		n := utf8.RuneCountInString(word)
		switch {
		case i == 0:
		case col+1+n > width:
			b.WriteString("\n" + pad)
			col = hang
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}
