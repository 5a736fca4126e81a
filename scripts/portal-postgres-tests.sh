#!/usr/bin/env bash
# Run the portal's test suite against a real PostgreSQL server: a throwaway cluster (initdb) on a free
# port, DATABASE_URL pointing at it, tests/portal run (Django makes its test_<name> database there), then
# the server is stopped and the cluster removed. Needs the PostgreSQL server binaries (initdb, pg_ctl) on
# PATH or in /usr/lib/postgresql/*/bin, and the `postgres` extra (psycopg) in .venv.
# As root, the server runs as the `postgres` user (PostgreSQL refuses to run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

bin=$(dirname "$(command -v initdb 2>/dev/null || ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | tail -1)")
[ -x "$bin/initdb" ] || { echo "找不到 PostgreSQL 的 initdb（Debian：apt-get install -y postgresql）" >&2; exit 2; }
cluster=$(mktemp -d /tmp/wbt-pg-XXXXXX)
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
as_owner=()
if [ "$(id -u)" = 0 ]; then
    chown postgres "$cluster"
    as_owner=(runuser -u postgres --)
fi
cleanup() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -m fast stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
}
trap cleanup EXIT
"${as_owner[@]}" "$bin/initdb" -D "$cluster/data" -U postgres --auth=trust >"$cluster/initdb.log"
"${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -o "-p $port -k $cluster -c listen_addresses=127.0.0.1" \
    -l "$cluster/server.log" -w start >/dev/null
DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres" "$PY" -m pytest -q -p no:cacheprovider tests/portal "$@"
