#!/usr/bin/env bash
# Installs everything emrchain needs on a fresh machine, from the registries only: the pinned
# Foundry and solc from npm (package-lock.json), the Go modules from the module proxy, and the
# forge artifacts. Safe to re-run; it does nothing that is already done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }

need() {
  command -v "$1" >/dev/null 2>&1 && return 0
  log "installing $2 from Debian"
  if [[ $(id -u) -ne 0 ]]; then echo "need root (or sudo) to apt-get install $2" >&2; exit 1; fi
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

need go golang
need node nodejs
need npm npm
need jq jq

if [[ ! -x node_modules/@foundry-rs/forge-linux-amd64/bin/forge || package-lock.json -nt node_modules/.package-lock.json ]]; then
  log "installing forge, anvil, cast and solc from npm (package-lock.json)"
  # `npm ci` installs exactly what the lockfile lists and never rewrites it. The lockfile lists
  # every platform's optional Foundry binary, as npm needs to install on any of them; only this
  # platform's are downloaded.
  npm ci --no-audit --no-fund --loglevel=error
fi

log "downloading Go modules"
go mod download
# The gofe peer of the benchmark report is a module of its own (bench/gofe), so that emrchain's
# module never depends on it.
(cd bench/gofe && go mod download)

log "compiling contracts"
node_modules/.bin/forge build --quiet
