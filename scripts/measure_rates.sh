#!/usr/bin/env bash
# Measures the two rates behind `check --table-stats`' duration estimates on a throwaway
# PostgreSQL (scripts/pg.sh), and prints them in MB/s (1 MB = 1,048,576 bytes, as
# pg_size_pretty counts):
#
#   rewrite: an ALTER COLUMN ... TYPE that rewrites the table (heap and every index rebuilt),
#            timed against the table's total size (heap + indexes) before it;
#   scan:    ADD CONSTRAINT ... CHECK (validated at once) and ALTER COLUMN ... SET NOT NULL,
#            which read the whole heap under their lock, timed against the heap's size;
#   and, for the record, CREATE INDEX on a text column against the heap's size (it reads
#   the heap like a scan, then sorts: the scan estimate is a lower bound for index builds).
#
#   bash scripts/measure_rates.sh            # ~3.5 million rows, ~450 MB with its index
#   DRIFTLOCK_RATES_ROWS=1000000 bash scripts/measure_rates.sh
#
# The cluster runs with production's durability (fsync, full_page_writes,
# synchronous_commit on, wal_level = replica, so a rewrite writes its WAL), unlike the
# oracle's cluster; the table is freshly written, so it is read from the operating system's
# cache, not from disk. Each statement runs DRIFTLOCK_RATES_RUNS times (3); the median
# counts. The cluster lives in DRIFTLOCK_PG_DIR (default /tmp/driftlock-rates-$UID) and is
# deleted at the end.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
export DRIFTLOCK_PG_DIR="${DRIFTLOCK_PG_DIR:-/tmp/driftlock-rates-$(id -u)}"
rows="${DRIFTLOCK_RATES_ROWS:-3500000}"
runs="${DRIFTLOCK_RATES_RUNS:-3}"

url="$(bash "$here/pg.sh" start | sed -n 's/^DRIFTLOCK_PG_URL=//p')"
trap 'bash "$here/pg.sh" stop' EXIT
sql() { psql "$url" -X -q -At -v ON_ERROR_STOP=1 -c "$1"; }

sql "ALTER SYSTEM SET fsync = on" >/dev/null
sql "ALTER SYSTEM SET full_page_writes = on" >/dev/null
sql "ALTER SYSTEM SET synchronous_commit = on" >/dev/null
sql "ALTER SYSTEM SET wal_level = replica" >/dev/null
sql "ALTER SYSTEM SET max_wal_senders = 2" >/dev/null
sql "ALTER SYSTEM SET max_wal_size = '2GB'" >/dev/null
bash "$here/pg.sh" restart >/dev/null

sql "DROP TABLE IF EXISTS rates"
sql "CREATE TABLE rates (id bigint PRIMARY KEY, n integer NOT NULL, label text NOT NULL,
       at timestamptz NOT NULL)"
sql "INSERT INTO rates SELECT i, i % 1000, md5(i::text) || md5((i * 7)::text),
       timestamptz '2026-01-01' + i * interval '1 second'
     FROM generate_series(1, $rows) AS i"
sql "VACUUM ANALYZE rates"
sql "CHECKPOINT"

heap() { sql "SELECT pg_relation_size('rates')"; }
total() { sql "SELECT pg_total_relation_size('rates')"; }
# Seconds one statement takes (psql's own start, a few milliseconds, included).
seconds() {
  local t0 t1
  t0="$(date +%s.%N)"
  sql "$1"
  t1="$(date +%s.%N)"
  awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}
rate() { awk -v bytes="$1" -v s="$2" 'BEGIN { printf "%.1f", bytes / 1048576 / s }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

echo "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)," \
  "$(awk '/MemTotal/ { printf "%.0f GB RAM", $2 / 1048576 }' /proc/meminfo)"
echo "server: $(sql 'SHOW server_version')"
echo "table: $rows rows, heap $(sql "SELECT pg_size_pretty(pg_relation_size('rates'))"), total $(sql "SELECT pg_size_pretty(pg_total_relation_size('rates'))")"

rewrites=()
types=(bigint integer)
for i in $(seq 1 "$runs"); do
  bytes="$(total)"
  s="$(seconds "ALTER TABLE rates ALTER COLUMN n TYPE ${types[$(((i - 1) % 2))]}")"
  r="$(rate "$bytes" "$s")"
  echo "rewrite run $i: $bytes bytes in $s s = $r MB/s"
  rewrites+=("$r")
  sql "CHECKPOINT"
done

scans=()
for i in $(seq 1 "$runs"); do
  bytes="$(heap)"
  s="$(seconds "ALTER TABLE rates ADD CONSTRAINT rates_n_check CHECK (n >= 0)")"
  r="$(rate "$bytes" "$s")"
  echo "scan (CHECK) run $i: $bytes bytes in $s s = $r MB/s"
  scans+=("$r")
  sql "ALTER TABLE rates DROP CONSTRAINT rates_n_check"
  sql "ALTER TABLE rates ALTER COLUMN at DROP NOT NULL"
  s="$(seconds "ALTER TABLE rates ALTER COLUMN at SET NOT NULL")"
  r="$(rate "$bytes" "$s")"
  echo "scan (SET NOT NULL) run $i: $bytes bytes in $s s = $r MB/s"
  scans+=("$r")
done

# For the record, not a setting: an index build reads the heap like a scan, then sorts.
builds=()
for i in $(seq 1 "$runs"); do
  bytes="$(heap)"
  s="$(seconds "CREATE INDEX rates_label_idx ON rates (label)")"
  r="$(rate "$bytes" "$s")"
  echo "index build run $i: $bytes heap bytes in $s s = $r MB/s"
  builds+=("$r")
  sql "DROP INDEX rates_label_idx"
done

echo "rewrite-rate = $(printf '%s\n' "${rewrites[@]}" | median) MB/s (median of $runs)"
echo "scan-rate = $(printf '%s\n' "${scans[@]}" | median) MB/s (median of $((runs * 2)))"
echo "index build: $(printf '%s\n' "${builds[@]}" | median) MB/s of heap (median of $runs; not a setting)"
