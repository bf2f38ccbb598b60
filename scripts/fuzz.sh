#!/usr/bin/env bash
# Runs every Go fuzz target of the module for a bounded time, starting from its committed corpus
# (testdata/fuzz/<Target>), and fails if a target finds a crash or barely executes (a target
# that manages only a handful of runs is not being fuzzed at all). CI runs this after the tests.
#
#   scripts/fuzz.sh                 # every target, EMRCHAIN_FUZZTIME each (default 8s)
#   scripts/fuzz.sh ./crypto/pre    # only these packages
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

fuzztime="${EMRCHAIN_FUZZTIME:-8s}"
# Below this many executions in the whole run a target is reported as not fuzzing.
min_execs="${EMRCHAIN_FUZZ_MIN_EXECS:-500}"

# Targets whose every execution that parses costs a pairing product get three times the budget,
# so that they too reach the execution floor on a loaded two-core machine (tdec's gate: about
# 50 executions a second there, against thousands for the other parsers).
costly_targets=" FuzzGateUnmarshalBinary "

log() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }

pkgs=("$@")
if [[ ${#pkgs[@]} -eq 0 ]]; then
  mapfile -t pkgs < <(grep -rl --include='*_test.go' '^func Fuzz' . | grep -v node_modules | xargs -n1 dirname | sort -u)
fi

failed=()
total=0
for pkg in "${pkgs[@]}"; do
  mapfile -t targets < <(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true)
  for target in "${targets[@]}"; do
    total=$((total + 1))
    out="$(mktemp)"
    # Minimisation is bounded: on a target whose single run is costly it otherwise takes the
    # whole budget, and the target reports almost no executions.
    budget="$fuzztime"
    if [[ "$costly_targets" == *" $target "* && "$fuzztime" =~ ^([0-9]+)s$ ]]; then
      budget="$((BASH_REMATCH[1] * 3))s"
    fi
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$budget" -fuzzminimizetime 2s "$pkg" >"$out" 2>&1; then
      # Go 1.26's fuzz coordinator can report the -fuzztime deadline itself as a failure when a
      # worker is mid-run at that instant (golang/go#75804, fixed in Go 1.27): a bare "context
      # deadline exceeded" with no failing input written. A real finding always writes one.
      if grep -q 'Failing input written to' "$out" || ! grep -q 'context deadline exceeded' "$out"; then
        cat "$out"
        failed+=("$pkg $target: failed")
        rm -f "$out"
        continue
      fi
      log "$pkg $target: stopped by Go's fuzztime deadline race (golang/go#75804), no failing input"
    fi
    execs="$(grep -o 'execs: [0-9]*' "$out" | tail -1 | grep -o '[0-9]*' || echo 0)"
    rm -f "$out"
    if [[ ${execs:-0} -lt $min_execs ]]; then
      failed+=("$pkg $target: only ${execs:-0} executions in $budget")
    fi
    log "$pkg $target: ${execs:-0} executions"
  done
done

if [[ ${#failed[@]} -gt 0 ]]; then
  printf '%s\n' "${failed[@]}" >&2
  exit 1
fi
log "$total targets fuzzed for $fuzztime each"
