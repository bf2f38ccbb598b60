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
# Both ends go through files: solcjs reads stdin with readFileSync, which can stop
# short on a pipe (forge then dies on a broken pipe), and node exits before
# flushing a piped stdout, which cuts the output at 64 KiB.
in="$(mktemp)"
out="$(mktemp)"
trap 'rm -f "$in" "$out"' EXIT
cat > "$in"
node "$solcjs" --standard-json --base-path "$base" < "$in" > "$out"
# solcjs prints a retry notice on stdout when SMTChecker is unavailable; it is
# not JSON and would break forge's parser.
grep -v '^>>> Cannot retry compilation with SMT' "$out"
