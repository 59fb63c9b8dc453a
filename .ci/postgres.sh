#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a free loopback port. No Docker.
#
#   .ci/postgres.sh start     install (apt-get, root only) if missing, initdb once, start; prints the env line
#                             (exit status 3: PostgreSQL is not installed and we are not root to install it)
#   .ci/postgres.sh stop      stop the cluster (its data stays until `destroy`)
#   .ci/postgres.sh restart   stop, then start again on the same port with the same data
#   .ci/postgres.sh env       print `export SWITCHBOARD_TEST_PG_URL=...` (eval it)
#   .ci/postgres.sh destroy   stop and delete the cluster directory
#
# Where the cluster lives: $SWITCHBOARD_PG_DIR (default /tmp/switchboard-pg-$USER). The tests call `stop`/`start`
# on the same directory to simulate an outage, so export SWITCHBOARD_PG_DIR when you use a non-default one.
# As root, PostgreSQL runs as the unprivileged user `postgres` (created if missing).
# $SWITCHBOARD_PG_SETTINGS: lines added to postgresql.conf when the cluster is created (bench/run --postgres sizes
# shared_buffers with it, as docs/operations.md advises).
set -euo pipefail

PG_DIR="${SWITCHBOARD_PG_DIR:-/tmp/switchboard-pg-$(id -un)}"
DATA="$PG_DIR/data"
DB_NAME=switchboard
DB_USER=switchboard

find_bindir() {
  local candidate
  if command -v pg_config >/dev/null 2>&1; then
    candidate="$(pg_config --bindir 2>/dev/null || true)"
    if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ]; then echo "$candidate"; return 0; fi
  fi
  for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ]; then echo "$candidate"; return 0; fi
  done
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"; return 0
  fi
  return 1
}

install_postgres() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "postgres.sh: PostgreSQL is not installed; run as root or: apt-get install postgresql" >&2
    exit 3  # the tests skip their PostgreSQL half locally on this status (and fail with CI=true)
  fi
  echo "postgres.sh: installing PostgreSQL with apt-get" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
}

# Runs a command as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

ensure_owner() {
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  fi
}

free_port() {
  python3 - <<'EOF' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

url() {
  echo "jdbc:postgresql://127.0.0.1:$(cat "$PG_DIR/port")/$DB_NAME?user=$DB_USER"
}

print_env() {
  echo "export SWITCHBOARD_TEST_PG_URL='$(url)'"
  echo "export SWITCHBOARD_PG_DIR='$PG_DIR'"
  echo "export SWITCHBOARD_PG_SCRIPT='$(cd "$(dirname "$0")" && pwd)/$(basename "$0")'"
}

is_running() {
  [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1
}

start() {
  ensure_owner
  mkdir -p "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$PG_DIR"; fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    as_owner "$BIN/initdb" -D "$DATA" -U "$DB_USER" --auth=trust --encoding=UTF8 --locale=C >/dev/null
    free_port > "$PG_DIR/port"
    # Sockets in the cluster directory: /var/run/postgresql may not exist on a clean machine.
    cat >> "$DATA/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR'
max_connections = 100
fsync = on
${SWITCHBOARD_PG_SETTINGS:-}
EOF
  fi
  local port
  port="$(cat "$PG_DIR/port")"
  if ! is_running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$PG_DIR/server.log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  if ! as_owner "$BIN/psql" -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -Atqc \
      "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1; then
    as_owner "$BIN/psql" -h 127.0.0.1 -p "$port" -U "$DB_USER" -d postgres -qc "CREATE DATABASE $DB_NAME" >/dev/null
  fi
  print_env
}

stop() {
  if [ -f "$DATA/PG_VERSION" ] && is_running; then
    as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w -t 30 stop >/dev/null
  fi
}

cmd="${1:-}"
case "$cmd" in
  start|restart)
    BIN="$(find_bindir || { install_postgres; find_bindir; })"
    if [ -z "$BIN" ]; then echo "postgres.sh: no pg_ctl/initdb found after install" >&2; exit 1; fi
    if [ "$cmd" = restart ]; then stop; fi
    start
    ;;
  stop)
    BIN="$(find_bindir)" || exit 0
    stop
    ;;
  destroy)
    if BIN="$(find_bindir)"; then stop; fi
    rm -rf "$PG_DIR"
    ;;
  env)
    [ -f "$PG_DIR/port" ] || { echo "postgres.sh: no cluster in $PG_DIR; run start first" >&2; exit 1; }
    print_env
    ;;
  *)
    echo "usage: $0 start|stop|restart|env|destroy" >&2
    exit 2
    ;;
esac
