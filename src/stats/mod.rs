//! Table statistics (`stats/1`, docs/table-stats.md): the size of each table of a real
//! database, exported once from a replica with the query `driftlock stats --query` prints, so
//! that `check --table-stats` can tell a rewrite of a 200-row lookup table from one of a
//! 40 GB events table without a connection in CI.
//!
//! `format.rs` reads the file (the format is versioned; another version is refused),
//! `time.rs` reads its timestamps and Alembic's `Create Date`, and `judge.rs` is the one
//! place that classes a finding's table (small, large, new, unknown), estimates the duration
//! of its work and rewrites the finding accordingly, once the settings have set its level.

pub mod format;
pub mod judge;
pub mod time;

pub use format::{parse, Snapshot, TableStats};
pub use judge::{judge, Judged};

/// The largest statistics file read (256 MiB): a database of a hundred thousand tables
/// exports some 50 MB, far above `max-file-bytes`, which bounds source files.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// The query whose one-row, one-column result is a `stats/1` document: read-only, on the
/// catalogs and the statistics views alone (no table is read; the size functions take a
/// brief ACCESS SHARE lock on each table, as `\d+` does). PostgreSQL 12 or later
/// (`pg_partition_tree`: a partitioned table counts its leaf partitions).
pub const QUERY: &str = r#"-- driftlock stats/1: table sizes, from the catalogs only (read-only; no table is scanned).
-- psql -At -c "$(driftlock stats --query)" > driftlock-stats.json
SELECT json_build_object(
  'format', 'stats/1',
  'snapshot_at', now(),
  'server_version', current_setting('server_version'),
  'server_version_num', current_setting('server_version_num')::integer,
  'database', current_database(),
  'stats_reset', (SELECT d.stats_reset FROM pg_stat_database d
                  WHERE d.datname = current_database()),
  'tables', coalesce((
    SELECT json_agg(json_build_object(
        'schema', n.nspname,
        'name', c.relname,
        'partitioned', c.relkind = 'p',
        'rows', CASE WHEN c.relkind = 'p' THEN leaves.rows
                     WHEN c.reltuples < 0 THEN NULL
                     ELSE c.reltuples::bigint END,
        'total_bytes', CASE WHEN c.relkind = 'p' THEN leaves.total_bytes
                            ELSE pg_total_relation_size(c.oid) END,
        'heap_bytes', CASE WHEN c.relkind = 'p' THEN leaves.heap_bytes
                           ELSE pg_relation_size(c.oid) END,
        'index_bytes', CASE WHEN c.relkind = 'p' THEN leaves.index_bytes
                            ELSE pg_indexes_size(c.oid) END,
        'n_live_tup', s.n_live_tup,
        'n_tup_ins', s.n_tup_ins,
        'n_tup_upd', s.n_tup_upd,
        'n_tup_del', s.n_tup_del,
        'last_vacuum', s.last_vacuum,
        'last_autovacuum', s.last_autovacuum,
        'last_analyze', s.last_analyze,
        'last_autoanalyze', s.last_autoanalyze
      ) ORDER BY n.nspname, c.relname)
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
    LEFT JOIN LATERAL (
      SELECT sum(pg_total_relation_size(t.relid))::bigint AS total_bytes,
             sum(pg_relation_size(t.relid))::bigint AS heap_bytes,
             sum(pg_indexes_size(t.relid))::bigint AS index_bytes,
             (sum(l.reltuples) FILTER (WHERE l.reltuples >= 0))::bigint AS rows
      FROM pg_partition_tree(c.oid) t
      JOIN pg_class l ON l.oid = t.relid
      WHERE t.isleaf AND c.relkind = 'p'
    ) leaves ON true
    WHERE c.relkind IN ('r', 'p')
      AND c.relpersistence <> 't'
      AND n.nspname <> 'information_schema'
      AND n.nspname !~ '^pg_'
  ), '[]'::json)
);
"#;
