#!/usr/bin/env bash
# postgres.sh runs a throwaway PostgreSQL (Debian's package) on 127.0.0.1 for the indexer tests.
#
#   scripts/postgres.sh start DIR   initdb in DIR if needed, start on a free port, print
#                                   "export EMRCHAIN_TEST_POSTGRES=postgres://..."
#   scripts/postgres.sh stop DIR    stop the server started in DIR
#
# PostgreSQL refuses to run as root, so as root the cluster is owned by and run as `postgres`.
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }

bindir() {
  local d
  for d in /usr/lib/postgresql/*/bin; do
    [[ -x $d/initdb ]] && { echo "$d"; return; }
  done
  if [[ $(id -u) -eq 0 ]]; then
    echo "postgres.sh: installing postgresql from Debian" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    for d in /usr/lib/postgresql/*/bin; do
      [[ -x $d/initdb ]] && { echo "$d"; return; }
    done
  fi
  die "no PostgreSQL server found (apt-get install postgresql)"
}

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

cmd_start() {
  local dir=${1:?usage: postgres.sh start DIR}
  local bin; bin=$(bindir)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [[ $(id -u) -eq 0 ]] && chown postgres:postgres "$dir"
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U app --no-sync >"$dir/initdb.log" 2>&1 ||
      die "initdb failed, see $dir/initdb.log"
  fi
  local port; port=$(free_port)
  as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null ||
    die "pg_ctl start failed, see $dir/server.log"
  as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U app emrchain_test 2>/dev/null || true
  echo "export EMRCHAIN_TEST_POSTGRES=postgres://app@127.0.0.1:$port/emrchain_test?sslmode=disable"
}

cmd_stop() {
  local dir=${1:?usage: postgres.sh stop DIR}
  local bin; bin=$(bindir)
  [[ -f $dir/data/postmaster.pid ]] || return 0
  as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || {
    kill "$(head -1 "$dir/data/postmaster.pid")" 2>/dev/null || true
  }
}

case ${1:-} in
start) shift; cmd_start "$@" ;;
stop) shift; cmd_stop "$@" ;;
*) sed -n '2,8p' "$0" >&2; exit 2 ;;
esac
