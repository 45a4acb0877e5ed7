//! The table statistics against a real PostgreSQL: real Alembic upgrades `corpus/shop`, rows
//! are inserted (a few products, many orders), ANALYZE runs, and the query `driftlock stats
//! --query` prints is run read-only (`tests/oracle/table_stats.py`, psycopg2, the text as
//! `psql -At` writes it). The document must be a `stats/1` driftlock reads back with
//! `--table-stats`: the sizes PostgreSQL reports, products small (its index finding lowered
//! to info), orders large (its findings kept, with size and estimate).
//!
//! Needs `DRIFTLOCK_ORACLE_PYTHON` and `DRIFTLOCK_PG_URL` like the other oracle tests
//! (`scripts/test.sh` provides both); under CI their absence is a failure, not a skip.

mod common;

use std::path::Path;
use std::process::Command;

use common::{corpus_dir, driftlock, oracle};
use serde_json::Value;

/// 40 products; 20,000 orders of ~100 bytes (about 2 MB with their indexes).
const ROWS: &str = "
INSERT INTO customers (email, full_name)
  SELECT 'c' || i || '@example.com', 'Customer ' || i FROM generate_series(1, 200) AS i;
INSERT INTO products (sku, name, price_cents)
  SELECT 'SKU-' || i, 'Product ' || i, i * 100 FROM generate_series(1, 40) AS i;
INSERT INTO orders (customer_id, status, placed_at, shipping_address)
  SELECT 1 + i % 200, 'paid', timestamptz '2024-01-01' + i * interval '1 minute',
         i || ' Long Street, Springfield, somewhere far away from here'
  FROM generate_series(1, 20000) AS i;
";

#[test]
fn exported_statistics_read_back_with_table_stats() {
    let Some((python, url)) = oracle() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON / DRIFTLOCK_PG_URL are not set (scripts/test.sh sets them)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let query = driftlock().args(["stats", "--query"]).output().unwrap();
    assert!(query.status.success());
    std::fs::write(dir.path().join("query.sql"), &query.stdout).unwrap();
    std::fs::write(dir.path().join("rows.sql"), ROWS).unwrap();
    let project = corpus_dir().join("shop");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/table_stats.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(&project)
        .arg(&url)
        .arg(dir.path().join("query.sql"))
        .arg("--sql")
        .arg(dir.path().join("rows.sql"))
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "exporting the statistics failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stats_file = dir.path().join("driftlock-stats.json");
    std::fs::write(&stats_file, &out.stdout).unwrap();

    // The document: stats/1, every table of the history, the rows ANALYZE counted.
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["format"], "stats/1");
    assert!(doc["snapshot_at"].as_str().is_some_and(|s| s.len() >= 19));
    assert!(doc["server_version_num"].as_i64().unwrap() >= 120_000);
    let tables: Vec<&Value> = doc["tables"].as_array().unwrap().iter().collect();
    let names: Vec<String> = tables
        .iter()
        .map(|t| {
            format!(
                "{}.{}",
                t["schema"].as_str().unwrap(),
                t["name"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            "public.alembic_version",
            "public.customers",
            "public.order_items",
            "public.orders",
            "public.products"
        ]
    );
    let table = |name: &str| *tables.iter().find(|t| t["name"] == name).unwrap();
    assert_eq!(table("products")["rows"], 40);
    assert_eq!(table("orders")["rows"], 20_000);
    assert_eq!(table("customers")["rows"], 200);
    let orders = table("orders");
    let heap = orders["heap_bytes"].as_u64().unwrap();
    let index = orders["index_bytes"].as_u64().unwrap();
    let total = orders["total_bytes"].as_u64().unwrap();
    assert!(heap > 1_000_000, "{orders}");
    assert!(index > 0 && total >= heap + index, "{orders}");
    // The activity counters are there (their values reach the view asynchronously).
    assert!(orders["n_tup_ins"].is_u64(), "{orders}");
    assert!(orders["last_analyze"].is_string(), "{orders}");

    // Read back: products (40 rows) is small; orders is large under a 1 MB threshold.
    let settings = dir.path().join("driftlock.toml");
    std::fs::write(
        &settings,
        "large-table-bytes = 1048576\nsmall-table-rows = 1000\n",
    )
    .unwrap();
    let out = driftlock()
        .arg("check")
        .arg(&project)
        .arg("--table-stats")
        .arg(&stats_file)
        .arg("--settings")
        .arg(&settings)
        .args(["--output-format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = |rule: &str, table: &str| -> Value {
        report["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| {
                d["rule"] == rule
                    && d["message"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("on existing table \"{table}\""))
            })
            .unwrap_or_else(|| panic!("no {rule} on {table}: {report}"))
            .clone()
    };
    let small = finding("add-index-without-concurrently", "products");
    assert_eq!(small["severity"], "info");
    assert!(small["message"]
        .as_str()
        .unwrap()
        .ends_with("; small table (40 rows)"));
    let large = finding("add-index-without-concurrently", "orders");
    assert_eq!(large["severity"], "error");
    assert_eq!(large["table_size"]["class"], "large");
    assert_eq!(large["table_size"]["heap_bytes"], heap);
    assert!(
        large["message"]
            .as_str()
            .unwrap()
            .contains("large table \"orders\":"),
        "{large}"
    );
    assert!(large["message"]
        .as_str()
        .unwrap()
        .contains("20,000 rows, index build ~"));
    assert_eq!(
        report["table_stats"]["unknown_tables"],
        serde_json::json!([])
    );
}
