#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on 127.0.0.1:${AURORA_PG_PORT:-54329} for the tests.
# The server refuses to run as root, so it runs as the `postgres` user.
set -euo pipefail
PORT="${AURORA_PG_PORT:-54329}"
PGDATA_DIR="${AURORA_PGDATA:-/tmp/aurora-pgdata}"
if ! command -v pg_ctlcluster >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql postgresql-contrib >/dev/null
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then
  echo "PostgreSQL already running on port $PORT"
  exit 0
fi
if [ ! -s "$PGDATA_DIR/PG_VERSION" ]; then
  rm -rf "$PGDATA_DIR"
  mkdir -p "$PGDATA_DIR"
  chown postgres:postgres "$PGDATA_DIR"
  su postgres -s /bin/sh -c "$BIN/initdb -D $PGDATA_DIR -U postgres --auth=trust -E UTF8 >/dev/null"
fi
su postgres -s /bin/sh -c "$BIN/pg_ctl -D $PGDATA_DIR -l $PGDATA_DIR/server.log -w \
  -o '-c listen_addresses=127.0.0.1 -p $PORT -c fsync=off -c max_connections=200 -k /tmp' start >/dev/null"
"$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -c "DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'aurora') THEN
    CREATE ROLE aurora LOGIN SUPERUSER PASSWORD 'aurora';
  END IF; END \$\$;"
echo "PostgreSQL running on 127.0.0.1:$PORT"
