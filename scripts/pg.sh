#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the oracle tests.
#
#   bash scripts/pg.sh start    # initdb (first time) and start; prints DRIFTLOCK_PG_URL=...
#   bash scripts/pg.sh status   # prints DRIFTLOCK_PG_URL=... and exits 0 if running, else exits 3
#   bash scripts/pg.sh stop     # stops the server and deletes the cluster
#   bash scripts/pg.sh restart  # restarts a running cluster, keeping its data (after ALTER SYSTEM)
#
# Everything lives in one directory, ${DRIFTLOCK_PG_DIR:-/tmp/driftlock-pg-$UID}: the data
# directory, the server log, the unix socket and `env` (a shell file exporting
# DRIFTLOCK_PG_URL). The server listens on that unix socket only (no TCP), trusts local
# connections, and runs without fsync. Its superuser is `postgres`, so the URL is
#   postgresql://postgres@/postgres?host=<dir>&port=<port>
# which libpq, psycopg2 and SQLAlchemy all accept.
#
# PostgreSQL refuses to run as root, so as root the server runs as the `postgres` system user
# (created by Debian's postgresql package) or, failing that, a `driftlock-pg` system user made
# here. Binaries: $DRIFTLOCK_PG_BINDIR, else the highest /usr/lib/postgresql/*/bin, else
# `pg_config --bindir`, else PATH. stdout carries only the URL line; errors go to stderr.
set -euo pipefail

dir="${DRIFTLOCK_PG_DIR:-/tmp/driftlock-pg-$(id -u)}"
port="${DRIFTLOCK_PG_PORT:-54329}"
data="$dir/data"
marker="$dir/.driftlock-pg"
url="postgresql://postgres@/postgres?host=$dir&port=$port"

die() {
  echo "pg.sh: $*" >&2
  exit 1
}

find_bindir() {
  local candidate
  if [ -n "${DRIFTLOCK_PG_BINDIR:-}" ]; then
    echo "$DRIFTLOCK_PG_BINDIR"
    return
  fi
  candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then
    echo "$candidate"
    return
  fi
  if command -v pg_config >/dev/null 2>&1; then
    candidate="$(pg_config --bindir 2>/dev/null || true)"
    if [ -n "$candidate" ] && [ -x "$candidate/initdb" ]; then
      echo "$candidate"
      return
    fi
  fi
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return
  fi
  die "no PostgreSQL server binaries (initdb, pg_ctl); run scripts/setup.sh"
}

# The user the server runs as, and a prefix that runs a command as that user.
as_server=()
server_user="$(id -un)"
if [ "$(id -u)" -eq 0 ]; then
  if id -u postgres >/dev/null 2>&1; then
    server_user=postgres
  else
    server_user=driftlock-pg
    if ! id -u "$server_user" >/dev/null 2>&1; then
      useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
        "$server_user"
    fi
  fi
  as_server=(runuser -u "$server_user" --)
fi

server() {
  # Run from the cluster directory (the server user may not be allowed into the caller's),
  # with no file descriptor but stdin, stdout and stderr: the server would inherit the lock
  # and any pipe the caller waits on.
  (
    cd "$dir"
    for fd in /proc/$BASHPID/fd/*; do
      fd="${fd##*/}"
      if [ "$fd" -gt 2 ] 2>/dev/null; then eval "exec $fd>&-" 2>/dev/null || true; fi
    done
    exec "${as_server[@]}" "$@"
  )
}

is_running() {
  [ -f "$data/PG_VERSION" ] && server "$bindir/pg_ctl" status -D "$data" >/dev/null 2>&1
}

write_env() {
  printf 'export DRIFTLOCK_PG_URL=%q\n' "$url" >"$dir/env"
  chmod 644 "$dir/env"
  echo "DRIFTLOCK_PG_URL=$url"
}

start() {
  if [ -e "$dir" ] && [ ! -e "$marker" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    die "$dir exists and is not a driftlock cluster; set DRIFTLOCK_PG_DIR to another directory"
  fi
  # The socket path must fit in sun_path (107 bytes).
  [ ${#dir} -le 80 ] || die "$dir is too long for a unix socket path; set DRIFTLOCK_PG_DIR"
  mkdir -p "$dir"
  touch "$marker"
  if [ "$(id -u)" -eq 0 ]; then
    chown "$server_user:" "$dir" "$marker"
    chmod 755 "$dir"
    "${as_server[@]}" test -w "$dir" -a -x "$dir" ||
      die "$server_user cannot write to $dir (a parent closed to it?); set DRIFTLOCK_PG_DIR"
  fi

  if is_running; then
    write_env
    return
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    server "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C \
      --no-sync >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      die "initdb failed"
    }
    cat >>"$data/postgresql.conf" <<EOF

# driftlock: a throwaway cluster, unix socket only, speed over durability
listen_addresses = ''
port = $port
unix_socket_directories = '$dir'
unix_socket_permissions = 0777
fsync = off
synchronous_commit = off
full_page_writes = off
wal_level = minimal
max_wal_senders = 0
max_connections = 50
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = off
log_min_messages = warning
EOF
  fi
  if ! server "$bindir/pg_ctl" start -D "$data" -l "$dir/server.log" -w -t 60 >/dev/null 2>&1; then
    tail -n 30 "$dir/server.log" >&2 2>/dev/null || true
    die "the server did not start (log: $dir/server.log)"
  fi
  write_env
}

stop() {
  [ -e "$dir" ] || return 0
  [ -e "$marker" ] || die "$dir is not a driftlock cluster; not touching it"
  if is_running; then
    server "$bindir/pg_ctl" stop -D "$data" -m immediate -w >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  rm -f "$lock"
}

restart() {
  is_running || die "no cluster running in $dir"
  if ! server "$bindir/pg_ctl" restart -D "$data" -l "$dir/server.log" -m fast -w -t 60 >/dev/null 2>&1; then
    tail -n 30 "$dir/server.log" >&2 2>/dev/null || true
    die "the server did not restart (log: $dir/server.log)"
  fi
  write_env
}

status() {
  if is_running; then
    echo "DRIFTLOCK_PG_URL=$url"
  else
    echo "pg.sh: no cluster running in $dir" >&2
    exit 3
  fi
}

bindir="$(find_bindir)"
case "${1:-}" in
  start | stop | status | restart)
    # One caller at a time per cluster directory.
    lock="${dir%/}.lock"
    exec 9>"$lock"
    flock 9
    "$1"
    ;;
  *)
    echo "usage: $0 start|stop|status|restart" >&2
    exit 2
    ;;
esac
