#!/usr/bin/env bash
# Starts a private PostgreSQL 15 cluster (Debian's packages) on 127.0.0.1 for the test suite and
# prints the DATABASE_URL to use. Idempotent: reuses a running cluster in the same directory.
# Usage: eval "$(bash scripts/start-postgres.sh [dir] [port])"
set -euo pipefail
DIR=${1:-/tmp/custos-pg}
PORT=${2:-55432}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$PGBIN" ]; then echo "PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2; exit 1; fi
mkdir -p "$DIR"
chown postgres "$DIR" 2>/dev/null || true
if [ ! -f "$DIR/data/PG_VERSION" ]; then
  su postgres -c "$PGBIN/initdb -D $DIR/data -U custos -A trust -E UTF8 --locale=C.UTF-8" >/dev/null
fi
if ! su postgres -c "$PGBIN/pg_ctl -D $DIR/data status" >/dev/null 2>&1; then
  su postgres -c "$PGBIN/pg_ctl -D $DIR/data -l $DIR/pg.log -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on' -w start" >/dev/null
fi
psql -h 127.0.0.1 -p "$PORT" -U custos -d postgres -tAc "select 1 from pg_database where datname='custos'" | grep -q 1 \
  || psql -h 127.0.0.1 -p "$PORT" -U custos -d postgres -c 'create database custos' >/dev/null
echo "export DATABASE_URL=postgres://custos@127.0.0.1:$PORT/custos"
