#!/usr/bin/env bash
# kubo.sh builds and runs a throwaway Kubo (go-ipfs) node for the storage
# tests and benchmarks.
#
#   scripts/kubo.sh build        build Kubo v0.43.0 outside the repo (reused once built)
#   scripts/kubo.sh start DIR    init a repo in DIR, start an offline daemon on
#                                127.0.0.1, print "export EMRCHAIN_KUBO_API=..."
#   scripts/kubo.sh stop DIR     stop the daemon started in DIR
#   scripts/kubo.sh bin          print the path of the binary (building it if needed)
#
# Kubo is built from the Go module proxy because `go install` of it is refused
# there; v0.43.1 depends on a go-libp2p fork the proxy refuses, v0.43.0 builds.
# The binary lives under ${EMRCHAIN_TOOLS_DIR:-$HOME/.cache/emrchain-tools} so
# it never lands in the repository.
set -euo pipefail

KUBO_VERSION=v0.43.0
TOOLS_DIR=${EMRCHAIN_TOOLS_DIR:-$HOME/.cache/emrchain-tools}
KUBO_DIR=$TOOLS_DIR/kubo-$KUBO_VERSION
KUBO_BIN=$KUBO_DIR/ipfs

die() { echo "kubo.sh: $*" >&2; exit 1; }

usage() {
	awk 'NR > 1 && !/^#/ { exit } NR > 1 { sub(/^# ?/, ""); print }' "$0" >&2
	exit 2
}

# module_dir prints the module cache directory of Kubo's source, downloading it
# through the Go module proxy. It runs in an empty scratch directory, outside
# any module, so the project's go.mod and go.sum are never touched.
module_dir() {
	local json dir
	local scratch
	scratch=$(mktemp -d)
	json=$(cd "$scratch" && GOWORK=off GOFLAGS=-mod=mod GO111MODULE=on \
		go mod download -json "github.com/ipfs/kubo@$KUBO_VERSION") ||
		{ rmdir "$scratch"; die "go mod download github.com/ipfs/kubo@$KUBO_VERSION failed"; }
	rmdir "$scratch"
	if command -v jq >/dev/null 2>&1; then
		dir=$(jq -r .Dir <<<"$json")
	else
		dir=$(sed -n 's/^[[:space:]]*"Dir":[[:space:]]*"\(.*\)",\{0,1\}$/\1/p' <<<"$json")
	fi
	[[ -n $dir && $dir != null && -d $dir ]] || die "no source directory in: $json"
	printf '%s\n' "$dir"
}

built() { [[ -x $KUBO_BIN ]] && "$KUBO_BIN" version >/dev/null 2>&1; }

cmd_build() {
	if built; then
		echo "$KUBO_BIN"
		return
	fi
	mkdir -p "$KUBO_DIR"
	local src=$KUBO_DIR/src dir
	dir=$(module_dir)
	rm -rf "$src"
	cp -R "$dir" "$src"
	chmod -R u+w "$src"
	echo "kubo.sh: building Kubo $KUBO_VERSION in $src (about 5 minutes cold)" >&2
	# Build to a temporary name so an interrupted build never looks finished.
	(cd "$src" && GOWORK=off GOFLAGS=-mod=mod go build -o "$KUBO_BIN.tmp" ./cmd/ipfs) ||
		die "go build of Kubo failed"
	mv "$KUBO_BIN.tmp" "$KUBO_BIN"
	rm -rf "$src"
	echo "$KUBO_BIN"
}

# api_url turns the multiaddr Kubo writes to $IPFS_PATH/api into a URL.
api_url() {
	local addr
	addr=$(<"$1/api")
	[[ $addr =~ ^/ip4/([0-9.]+)/tcp/([0-9]+) ]] || die "unexpected API address in $1/api: $addr"
	printf 'http://%s:%s\n' "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
}

cmd_start() {
	local dir=${1:-}
	[[ -n $dir ]] || usage
	cmd_build >/dev/null
	mkdir -p "$dir"
	dir=$(cd "$dir" && pwd)
	local pidfile=$dir/daemon.pid
	if [[ -f $pidfile ]] && kill -0 "$(<"$pidfile")" 2>/dev/null; then
		die "a daemon is already running for $dir (pid $(<"$pidfile"))"
	fi
	if [[ ! -f $dir/config ]]; then
		# The test profile binds API, gateway and swarm to 127.0.0.1 on port 0
		# and turns off bootstrap and mDNS: nothing leaves the machine.
		IPFS_PATH=$dir "$KUBO_BIN" init --profile test >"$dir/init.log" 2>&1 ||
			die "ipfs init failed, see $dir/init.log"
	fi
	rm -f "$dir/api"
	IPFS_PATH=$dir setsid "$KUBO_BIN" daemon --offline >"$dir/daemon.log" 2>&1 </dev/null &
	local pid=$!
	echo "$pid" >"$pidfile"

	local url="" i
	for i in $(seq 1 300); do
		kill -0 "$pid" 2>/dev/null || die "daemon exited, see $dir/daemon.log"
		if [[ -f $dir/api ]]; then
			url=$(api_url "$dir")
			if curl -fsS -X POST "$url/api/v0/version" >/dev/null 2>&1; then
				break
			fi
		fi
		url=""
		sleep 0.1
	done
	[[ -n $url ]] || { kill "$pid" 2>/dev/null; die "daemon did not answer within 30 s, see $dir/daemon.log"; }
	echo "export EMRCHAIN_KUBO_API=$url"
	echo "export EMRCHAIN_KUBO_PID=$pid"
}

cmd_stop() {
	local dir=${1:-}
	[[ -n $dir ]] || usage
	local pidfile=$dir/daemon.pid
	[[ -f $pidfile ]] || die "no daemon.pid in $dir"
	local pid i
	pid=$(<"$pidfile")
	if kill -0 "$pid" 2>/dev/null; then
		kill "$pid"
		for i in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			kill -9 "$pid" 2>/dev/null || true
		fi
	fi
	rm -f "$pidfile"
}

case ${1:-} in
build) cmd_build ;;
bin) cmd_build ;;
start) shift; cmd_start "$@" ;;
stop) shift; cmd_stop "$@" ;;
*) usage ;;
esac
