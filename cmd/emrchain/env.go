package main

import (
	"reflect"
	"strings"

	"github.com/urfave/cli/v2"
)

// sharedEnvNames are flags that mean the same thing in every command, so one environment
// variable serves them all: a shell that sets EMRCHAIN_AS acts as that identity throughout.
var sharedEnvNames = map[string]string{
	"as": envPrefix + "AS",
}

// flagEnvName is the environment variable bound to a command's flag that names none itself:
// EMRCHAIN_ and the command's path and the flag's name, in capitals with underscores, such as
// EMRCHAIN_RECORD_PUT_FILE for `record put --file`. Scoping by command keeps a variable set for
// one command (an --out, a --request) from reaching any other.
func flagEnvName(path []string, flag string) string {
	if name, ok := sharedEnvNames[flag]; ok {
		return name
	}
	parts := append(append([]string{}, path...), flag)
	name := strings.ToUpper(strings.Join(parts, "_"))
	return envPrefix + strings.ReplaceAll(name, "-", "_")
}

// bindEnv gives every flag of cmds (and their subcommands) that has no environment variable
// the one flagEnvName names. path is the command path above cmds. bound records the flags seen
// so far and whether bindEnv named their variable: a flag value shared by two commands is
// copied, so that each gets its own command's variable (and its own parse state).
func bindEnv(cmds []*cli.Command, path []string, bound map[cli.Flag]bool) {
	for _, c := range cmds {
		p := append(append([]string{}, path...), c.Name)
		for i, f := range c.Flags {
			named, shared := bound[f]
			if shared {
				f = copyFlag(f)
				c.Flags[i] = f
			}
			if df, ok := f.(cli.DocGenerationFlag); ok && len(df.GetEnvVars()) > 0 && !(shared && named) {
				bound[f] = false
				continue
			}
			setEnvVars(f, []string{flagEnvName(p, f.Names()[0])})
			bound[f] = true
		}
		bindEnv(c.Subcommands, p, bound)
	}
}

// copyFlag returns a shallow copy of a flag (every urfave/cli flag is a pointer to a struct).
func copyFlag(f cli.Flag) cli.Flag {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return f
	}
	cp := reflect.New(v.Elem().Type())
	cp.Elem().Set(v.Elem())
	if out, ok := cp.Interface().(cli.Flag); ok {
		return out
	}
	return f
}

// setEnvVars sets the EnvVars field every urfave/cli flag type has; a flag type without one is
// left alone (and fails the test that every flag has an environment variable).
func setEnvVars(f cli.Flag, vars []string) {
	v := reflect.ValueOf(f)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return
	}
	field := v.Elem().FieldByName("EnvVars")
	if field.IsValid() && field.CanSet() && field.Type() == reflect.TypeOf([]string(nil)) {
		field.Set(reflect.ValueOf(vars))
	}
}
