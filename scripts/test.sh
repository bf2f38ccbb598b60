#!/usr/bin/env bash
# Sets up a fresh machine and runs every test: contracts (forge: unit, fuzz, invariants, gas
# snapshot, formatting), then the Go suite against a real Kubo node and a real PostgreSQL, both
# started here on 127.0.0.1 and stopped on exit. CI runs exactly this (.ci/run).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '\033[1m[test]\033[0m %s\n' "$*" >&2; }

# Nothing the documented commands run may change or add a file git sees: compared with the tree
# as it was at the start, so local runs with work in progress are judged the same way CI's clean
# clone is.
tree_state() { git status --porcelain --untracked-files=all; }
tree_before="$(tree_state)"
check_tree() {
  local now
  now="$(tree_state)"
  if [[ $now != "$tree_before" ]]; then
    echo "$1 changed the working tree (git status --porcelain, before and after):" >&2
    diff <(echo "$tree_before") <(echo "$now") >&2 || true
    exit 1
  fi
}

./scripts/setup.sh
check_tree "scripts/setup.sh"

work="$(mktemp -d "${TMPDIR:-/tmp}/emrchain-test.XXXXXX")"
# PostgreSQL runs as its own user, which must be able to reach its directory in here.
chmod 755 "$work"
cleanup() {
  [[ -d $work/kubo ]] && scripts/kubo.sh stop "$work/kubo" 2>/dev/null || true
  [[ -d $work/pg ]] && scripts/postgres.sh stop "$work/pg" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# Kubo takes ~5 minutes to build cold; build it while the contracts are tested.
scripts/kubo.sh build >"$work/kubo-build.log" 2>&1 &
kubo_build=$!

log "contracts: format, tests (ci profile), gas snapshot"
node_modules/.bin/forge fmt --check
# The tracked vm.snapshotGas figures (solidity/snapshots) must match what the tests measure.
FORGE_SNAPSHOT_CHECK=true FOUNDRY_PROFILE=ci node_modules/.bin/forge test
node_modules/.bin/forge snapshot --check
# The README documents the gas report; it must leave the tree as it found it.
node_modules/.bin/forge test --gas-report >/dev/null
check_tree "forge test, forge snapshot --check and forge test --gas-report"

log "go: format and vet"
unformatted="$(gofmt -l $(git ls-files '*.go'))"
if [[ -n $unformatted ]]; then echo "gofmt would change:"; echo "$unformatted"; exit 1; fi
go vet ./...

log "waiting for the Kubo build"
if ! wait "$kubo_build"; then cat "$work/kubo-build.log"; exit 1; fi
# Assigned first: a failure inside `eval "$(...)"` would not stop the script.
kubo_env="$(scripts/kubo.sh start "$work/kubo")"
eval "$kubo_env"
pg_env="$(scripts/postgres.sh start "$work/pg")"
eval "$pg_env"

# In CI nothing may skip for want of a service or tool: these make such tests fail instead.
export EMRCHAIN_REQUIRE_KUBO=1 EMRCHAIN_REQUIRE_POSTGRES=1 EMRCHAIN_REQUIRE_TOOLCHAIN=1 EMRCHAIN_REQUIRE_CHROMIUM=1
# The oracle benchmark suite's anvil rows run here too, at its quick scale (bench/oracle_test.go
# fails if this is missing while EMRCHAIN_REQUIRE_TOOLCHAIN is set).
export EMRCHAIN_ANVIL_BIN="$root/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
# The FHIR tests validate every bundle they make with FHIR.js (npm "fhir", pinned in
# package.json and installed by setup.sh) through scripts/fhir-validate.cjs.
export EMRCHAIN_REQUIRE_FHIR_VALIDATOR=1

# Headless Chromium renders the indexer's timeline page in its test.
if ! command -v chromium >/dev/null 2>&1; then
  log "installing chromium from Debian for the timeline page test"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

log "FHIR: the committed AuditEvent bundle against R4 (the Go tests validate every bundle they make)"
node scripts/fhir-validate.cjs indexer/fhir/testdata/bundle.golden.json

log "go: tests"
go test -count=1 -timeout 30m ./...

log "go: fuzz every target for a bounded time from its committed corpus"
scripts/fuzz.sh

check_tree "the test suite"
