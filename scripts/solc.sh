#!/usr/bin/env bash
# Forge expects a native solc binary; we only have solcjs from npm (no downloads
# outside the registries). This wrapper speaks enough of solc's CLI for forge:
# `--version` and `--standard-json` on stdin.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
solcjs="$root/node_modules/solc/solc.js"

if [[ " $* " == *" --version "* ]]; then
  echo "solc, the solidity compiler commandline interface"
  echo "Version: $(node "$solcjs" --version)"
  exit 0
fi

base="."
while [[ $# -gt 0 ]]; do
  case "$1" in
    --base-path) base="$2"; shift 2 ;;
    *) shift ;;
  esac
done
# Node exits before flushing a piped stdout, which cuts solcjs output at 64 KiB;
# stdout redirected to a file is written synchronously.
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
node "$solcjs" --standard-json --base-path "$base" > "$out"
# solcjs prints a retry notice on stdout when SMTChecker is unavailable; it is
# not JSON and would break forge's parser.
grep -v '^>>> Cannot retry compilation with SMT' "$out"
