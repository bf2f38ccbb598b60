package main

import (
	"fmt"
	"slices"

	"github.com/urfave/cli/v2"
)

// completionFlag is the argument urfave/cli answers with completion candidates instead of
// running the command; the shell scripts below append it to the words typed so far.
const completionFlag = "--generate-bash-completion"

// bashCompletion and zshCompletion ask the binary the user typed for the candidates after the
// words before the cursor, so completion always matches that binary's commands and flags.
// Bash finds a compspec by a command's last path component, so bin/emrchain completes too.
const bashCompletion = `# bash completion for emrchain. Load it with: source <(emrchain completion bash)
_emrchain_complete() {
  local cur=${COMP_WORDS[COMP_CWORD]} IFS=$'\n' candidates
  local words=("${COMP_WORDS[@]:0:COMP_CWORD}")
  if [[ $cur == -* ]]; then
    candidates=$("${words[@]}" "$cur" ` + completionFlag + ` 2>/dev/null)
  else
    candidates=$("${words[@]}" ` + completionFlag + ` 2>/dev/null)
  fi
  COMPREPLY=($(compgen -W "$candidates" -- "$cur"))
}
complete -o bashdefault -o default -F _emrchain_complete emrchain
`

const zshCompletion = `#compdef emrchain
# zsh completion for emrchain. Load it with: source <(emrchain completion zsh)
_emrchain() {
  local cur=${words[CURRENT]}
  local -a candidates
  if [[ $cur == -* ]]; then
    candidates=("${(@f)$(${words[1,CURRENT-1]} $cur ` + completionFlag + ` 2>/dev/null)}")
  else
    candidates=("${(@f)$(${words[1,CURRENT-1]} ` + completionFlag + ` 2>/dev/null)}")
  fi
  if [[ -n ${candidates[1]} ]]; then
    _describe emrchain candidates
  else
    _files
  fi
}
compdef _emrchain emrchain
`

var completionShells = []string{"bash", "zsh", "fish"}

func completionCommand() *cli.Command {
	return &cli.Command{
		Name:      "completion",
		Usage:     "print a shell completion script for bash, zsh or fish",
		ArgsUsage: "bash|zsh|fish",
		Description: "Load it in the running shell, or from its start-up file:\n" +
			"  bash: source <(emrchain completion bash)       (in ~/.bashrc)\n" +
			"  zsh:  source <(emrchain completion zsh)        (in ~/.zshrc, after compinit)\n" +
			"  fish: emrchain completion fish | source        (in ~/.config/fish/config.fish)",
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 || !slices.Contains(completionShells, c.Args().First()) {
				return usageErrorf("want one argument, the shell: bash, zsh or fish (see `%s --help`)", c.Command.HelpName)
			}
			var script string
			switch c.Args().First() {
			case "bash":
				script = bashCompletion
			case "zsh":
				script = zshCompletion
			case "fish":
				var err error
				if script, err = c.App.ToFishCompletion(); err != nil {
					return fmt.Errorf("fish completion: %w", err)
				}
			}
			_, err := fmt.Fprint(c.App.Writer, script)
			return err
		},
	}
}
