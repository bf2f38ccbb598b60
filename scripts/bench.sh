#!/usr/bin/env bash
# Measures the README's benchmark tables in one run and writes them between its markers:
# starts a throwaway Kubo node and PostgreSQL on 127.0.0.1 (stopped on exit), points the oracle
# suite at anvil, builds bin/emrchain and runs
#
#   bin/emrchain bench --readme README.md
#
# which runs every suite one after another, saves the run in docs/benchmarks.json and rewrites
# only the block between "<!-- begin generated: bench" and "<!-- end generated: bench -->",
# stamped with the date, the machine (CPU, cores, load average) and that command. Extra
# arguments go to the command (e.g. --record FILE). A full run takes about half an hour on an
# idle 2-core machine; run it when the machine is otherwise quiet, and commit README.md and
# docs/benchmarks.json together (go test ./bench checks one is the rendering of the other).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

./scripts/setup.sh
mkdir -p bin
go build -o bin/emrchain ./cmd/emrchain

work="$(mktemp -d "${TMPDIR:-/tmp}/emrchain-bench.XXXXXX")"
# PostgreSQL runs as its own user, which must be able to reach its directory in here.
chmod 755 "$work"
cleanup() {
  [[ -d $work/kubo ]] && scripts/kubo.sh stop "$work/kubo" 2>/dev/null || true
  [[ -d $work/pg ]] && scripts/postgres.sh stop "$work/pg" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

log "starting Kubo and PostgreSQL"
scripts/kubo.sh build >"$work/kubo-build.log" 2>&1 || { cat "$work/kubo-build.log"; exit 1; }
# Assigned first: a failure inside `eval "$(...)"` would not stop the script.
kubo_env="$(scripts/kubo.sh start "$work/kubo")"
eval "$kubo_env"
pg_env="$(scripts/postgres.sh start "$work/pg")"
eval "$pg_env"
export EMRCHAIN_ANVIL_BIN="$root/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
# Missing peers (node, umbral-pre, gofe's module) fail the run instead of leaving rows out.
export EMRCHAIN_REQUIRE_TOOLCHAIN=1

log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
bin/emrchain bench --readme README.md "$@"
