#!/usr/bin/env bash
# Sets up a fresh machine and runs the main job: the end-to-end demo on the embedded default (an
# in-process chain, the embedded IPFS store, the oracle and the indexer), then the gas report.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./scripts/setup.sh
mkdir -p bin
go build -o bin/emrchain ./cmd/emrchain
./bin/emrchain demo "$@"
./bin/emrchain gas report
