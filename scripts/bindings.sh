#!/usr/bin/env bash
# Regenerates bindings/emrchain.go from the forge artifacts with go-ethereum's abigen v2 at the
# version pinned in go.mod. Usage: scripts/bindings.sh [OUT_FILE]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/bindings/emrchain.go}"
cd "$root"

# ThresholdAnswers is abstract (the answer round the committee gates inherit): its binding has
# no bytecode, only the ABI for calling and decoding it at any gate's address.
contracts=(Registry RecordRegistry KeywordIndex AccessLedger AttributeRegistry KeyIssuer ProxyNetwork AttributeReads EmergencyAccess Guardians Consents CareReads Recovery ThresholdAnswers)
geth_version="$(go list -m -f '{{.Version}}' github.com/ethereum/go-ethereum)"

node_modules/.bin/forge build --quiet

# abigen reads solc's --combined-json, not forge artifacts: assemble one from the artifacts so
# all contracts land in one package and share their struct types.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
entries=()
for c in "${contracts[@]}"; do
  jq --arg key "solidity/src/$c.sol:$c" '{($key): {abi: .abi, bin: (.bytecode.object | ltrimstr("0x"))}}' \
    "out/$c.sol/$c.json" > "$tmp/$c.json"
  entries+=("$tmp/$c.json")
done
jq -s '{contracts: (reduce .[] as $e ({}; . + $e)), version: "0.8.30"}' "${entries[@]}" > "$tmp/combined.json"

# GOFLAGS is cleared so a caller's -mod setting can't change which abigen runs.
GOFLAGS= go run "github.com/ethereum/go-ethereum/cmd/abigen@$geth_version" \
  --v2 --combined-json "$tmp/combined.json" --pkg bindings --out "$out"
