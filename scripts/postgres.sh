# Sourced by the scripts that need PostgreSQL: `postgres_start` runs a throwaway server from
# the machine's PostgreSQL (Debian's `postgresql` package) in a new temporary directory, on a
# free port on 127.0.0.1 only, with no system service, and exports its URL as POSTGRES_URL
# (no database named: add `/postgres` or a database of your own). `postgres_stop` stops it and
# removes the directory. initdb refuses to run as root, so as root the server runs as the
# `postgres` user.

source "$(dirname "${BASH_SOURCE[0]}")/lib/servers.sh"

postgres_start() {
  POSTGRES_DIR=$(mktemp -d /tmp/billing-pg.XXXXXX)
  local port as_owner=()
  port=$(free_port)
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$POSTGRES_DIR"
    as_owner=(runuser -u postgres --)
  fi
  "${as_owner[@]}" initdb -D "$POSTGRES_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$POSTGRES_DIR/initdb.log"
  "${as_owner[@]}" pg_ctl -D "$POSTGRES_DIR/data" -l "$POSTGRES_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $POSTGRES_DIR -c max_connections=300" start >/dev/null
  export POSTGRES_URL="postgres://postgres@127.0.0.1:$port"
  POSTGRES_AS_OWNER=("${as_owner[@]}")
}

postgres_stop() {
  if [ -n "${POSTGRES_DIR:-}" ] && [ -d "$POSTGRES_DIR" ]; then
    "${POSTGRES_AS_OWNER[@]}" pg_ctl -D "$POSTGRES_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$POSTGRES_DIR"
  fi
}
