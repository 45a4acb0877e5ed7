//! `check --table-stats` on `corpus/shop` with hand-written `stats/1` files
//! (`tests/fixtures/table_stats/`): a finding on a small table drops to info, one on a large
//! table keeps its level with the size and the estimated duration, one on a table the file
//! lacks is judged as without statistics and counted, a table created after the snapshot is
//! new, stale statistics warn and lower nothing; the Markdown report, SARIF and `report/1`
//! carry the sizes; fingerprints do not depend on the statistics; bad files exit 2 naming
//! the file and line; `driftlock stats --query` prints one read-only query.

mod common;

use common::copy_dir;

use std::path::{Path, PathBuf};

use common::{corpus_dir, driftlock};
use serde_json::Value;

fn stats(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/table_stats")
        .join(name)
}

/// `driftlock check corpus/shop ARGS...` (exit 0 or 1): standard output.
fn check(args: &[&str]) -> String {
    let out = driftlock()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .arg(corpus_dir().join("shop"))
        .args(args)
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn report(file: &str, extra: &[&str]) -> Value {
    let path = format!("tests/fixtures/table_stats/{file}");
    let mut args = vec!["--output-format", "json", "--table-stats", &path];
    args.extend_from_slice(extra);
    serde_json::from_str(&check(&args)).unwrap()
}

/// The findings of `rule` on `table` (by the message's quoted table name).
fn findings<'a>(report: &'a Value, rule: &str, table: &str) -> Vec<&'a Value> {
    let quoted = format!("on existing table \"{table}\"");
    let building = format!("building an index on \"{table}\"");
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .filter(|d| {
            let m = d["message"].as_str().unwrap();
            m.contains(&quoted) || m.contains(&building) || m.contains(&format!("\"{table}."))
        })
        .collect()
}

/// One line per finding: severity, rule, message and the table size's class and estimate.
fn summary(report: &Value) -> String {
    let mut out = String::new();
    for d in report["diagnostics"].as_array().unwrap() {
        out.push_str(&format!(
            "{} {}: {}",
            d["severity"].as_str().unwrap(),
            d["rule"].as_str().unwrap(),
            d["message"].as_str().unwrap()
        ));
        if let Some(size) = d.get("table_size") {
            out.push_str(&format!(
                "\n    [{} {} of {}: rows {}, total {}, heap {}, estimate {} s]",
                size["class"].as_str().unwrap(),
                size["work"].as_str().unwrap(),
                size["table"].as_str().unwrap(),
                size["rows"],
                size["total_bytes"],
                size["heap_bytes"],
                size["estimate_seconds"]
            ));
        }
        out.push('\n');
    }
    out.push_str(&format!("table_stats: {}\n", report["table_stats"]));
    out
}

#[test]
fn small_tables_drop_to_info_and_large_ones_say_size_and_duration() {
    let r = report("shop.json", &[]);
    // products: 180 rows.
    let small = findings(&r, "add-index-without-concurrently", "products");
    assert_eq!(small.len(), 1);
    assert_eq!(small[0]["severity"], "info");
    assert!(small[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("; small table (180 rows)"));
    // orders: 30 GB, of which 20 GB heap: a scan of 20 GB at 1070 MB/s is 19 s; an index
    // build at 140 MB/s 2.4 min.
    let scan = findings(&r, "set-not-null", "orders");
    assert_eq!(scan[0]["severity"], "error");
    assert!(
        scan[0]["message"].as_str().unwrap().ends_with(
            "; large table \"orders\": 30.0 GB, 48,000,000 rows, scan ~19 s at 1070 MB/s"
        ),
        "{}",
        scan[0]["message"]
    );
    assert_eq!(scan[0]["table_size"]["estimate_seconds"], 19.14);
    let build = findings(&r, "add-index-without-concurrently", "orders");
    assert_eq!(build[0]["severity"], "error");
    assert!(build[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("index build ~2.4 min at 140 MB/s"));
    assert_eq!(r["table_stats"]["unknown_tables"], serde_json::json!([]));
    // The summary counts the lowered findings as infos.
    let infos = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "info")
        .count();
    assert_eq!(r["summary"]["infos"], infos);
    insta::assert_snapshot!("shop_with_statistics", summary(&r));
}

#[test]
fn a_table_missing_from_the_statistics_is_judged_as_without_them_and_counted() {
    let with = report("shop_without_orders.json", &[]);
    let without: Value = serde_json::from_str(&check(&["--output-format", "json"])).unwrap();
    let scan = findings(&with, "set-not-null", "orders");
    let plain = findings(&without, "set-not-null", "orders");
    assert_eq!(scan[0]["severity"], plain[0]["severity"]);
    assert_eq!(scan[0]["table_size"]["class"], "unknown");
    assert!(scan[0]["message"].as_str().unwrap().ends_with(
        "; table not in the statistics, though revision 39adde30f1f1 created it before their snapshot"
    ));
    let note: Vec<&Value> = with["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "table-stats-unknown")
        .collect();
    assert_eq!(note.len(), 1);
    assert!(note[0]["message"]
        .as_str()
        .unwrap()
        .starts_with("1 table(s) that findings concern are not in the table statistics"));
    assert_eq!(
        with["table_stats"]["unknown_tables"],
        serde_json::json!(["orders"])
    );
    insta::assert_snapshot!("shop_without_orders", summary(&with));
}

#[test]
fn tables_created_after_the_snapshot_are_new_and_stale_statistics_lower_nothing() {
    // The snapshot of 2024-03-08 predates revision 39adde30f1f1 (2024-03-11), which creates
    // orders: with a year of tolerated age, orders is new.
    let settings = stats("year.toml");
    let fresh = report(
        "shop_march.json",
        &["--settings", settings.to_str().unwrap()],
    );
    let new = findings(&fresh, "set-not-null", "orders");
    assert_eq!(new[0]["severity"], "info");
    assert_eq!(new[0]["table_size"]["class"], "new");
    assert!(new[0]["message"].as_str().unwrap().ends_with(
        "; new table: created by revision 39adde30f1f1 after the table statistics of 2024-03-08"
    ));
    // With the default 30 days, the newest revision (2024-06-17) makes them stale: a warning,
    // sizes shown, no level lowered.
    let stale = report("shop_march.json", &[]);
    let warning: Vec<&Value> = stale["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "table-stats-stale")
        .collect();
    assert_eq!(warning.len(), 1);
    assert_eq!(warning[0]["severity"], "warning");
    assert!(
        warning[0]["message"]
            .as_str()
            .unwrap()
            .contains("are 101 days older than the newest revision e299d7895e7f (created 2024-06-17), more than stats-max-age (30 days)"),
        "{}",
        warning[0]["message"]
    );
    assert_eq!(stale["table_stats"]["stale"], true);
    let products = findings(&stale, "add-index-without-concurrently", "products");
    assert_eq!(products[0]["severity"], "error");
    assert_eq!(products[0]["table_size"]["class"], "small");
    assert_eq!(
        findings(&stale, "set-not-null", "orders")[0]["severity"],
        "error"
    );
}

#[test]
fn a_table_renamed_after_the_snapshot_is_read_under_its_former_name_with_a_warning() {
    // corpus/ops_catalog renames audit_entries to activity_log (bda37571ec53); the file
    // (taken after every revision's Create Date) knows only the former name.
    let out = driftlock()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("check")
        .arg(corpus_dir().join("ops_catalog"))
        .args([
            "--output-format",
            "json",
            "--table-stats",
            "tests/fixtures/table_stats/ops_catalog.json",
        ])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    let diagnostics = r["diagnostics"].as_array().unwrap();
    let renamed: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["rule"] == "table-stats-renamed")
        .collect();
    assert_eq!(renamed.len(), 1);
    assert_eq!(renamed[0]["severity"], "warning");
    assert!(renamed[0]["message"].as_str().unwrap().contains(
        "know \"activity_log\" as \"audit_entries\": revision bda37571ec53 renamed it after their snapshot"
    ));
    let judged: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["table_size"]["table"] == "audit_entries")
        .collect();
    assert!(judged.len() >= 2, "{judged:?}");
    for d in judged {
        assert_eq!(d["severity"], "info", "{d}");
        assert!(d["message"].as_str().unwrap().contains("\"activity_log\""));
        assert!(d["message"]
            .as_str()
            .unwrap()
            .ends_with("; small table (3,200 rows)"));
    }
}

#[test]
fn markdown_and_sarif_carry_the_sizes_and_fingerprints_ignore_them() {
    let file = stats("shop.json");
    let markdown = check(&[
        "--output-format",
        "markdown",
        "--table-stats",
        file.to_str().unwrap(),
    ]);
    assert!(markdown.contains("Table statistics "), "{markdown}");
    assert!(
        markdown.contains("findings 2 on small tables, lowered to info; 2 on large tables."),
        "{markdown}"
    );
    // Markdown escapes the tilde.
    assert!(markdown.contains("scan \\~19 s at 1070 MB/s"), "{markdown}");
    assert!(markdown.contains("small table (180 rows)"));

    let sarif = |args: &[&str]| -> Value {
        let mut all = vec!["--output-format", "sarif"];
        all.extend_from_slice(args);
        serde_json::from_str(&check(&all)).unwrap()
    };
    let with = sarif(&["--table-stats", file.to_str().unwrap()]);
    let without = sarif(&[]);
    let results = |s: &Value| s["runs"][0]["results"].as_array().unwrap().clone();
    let sized: Vec<Value> = results(&with)
        .into_iter()
        .filter(|r| r["properties"].get("tableSize").is_some())
        .collect();
    assert_eq!(sized.len(), 4);
    assert!(sized
        .iter()
        .any(|r| r["properties"]["tableSize"]["class"] == "large"
            && r["properties"]["tableSize"]["total_bytes"] == 32_212_254_720u64));
    assert_eq!(
        with["runs"][0]["properties"]["tableStats"]["findings"]["small"],
        2
    );
    // Same findings, same fingerprints: a new statistics file keeps a baseline valid.
    let prints = |s: &Value| -> Vec<Value> {
        results(s)
            .iter()
            .map(|r| r["partialFingerprints"].clone())
            .collect()
    };
    assert_eq!(prints(&with), prints(&without));
}

#[test]
fn the_configuration_names_the_file_relative_to_the_project() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&corpus_dir().join("shop"), dir.path());
    std::fs::copy(stats("shop.json"), dir.path().join("sizes.json")).unwrap();
    std::fs::write(
        dir.path().join("driftlock.toml"),
        "table-stats = \"sizes.json\"\nsmall-table-rows = 100\n",
    )
    .unwrap();
    let out = driftlock()
        .arg("check")
        .arg(dir.path())
        .args(["--output-format", "json"])
        .output()
        .unwrap();
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["table_stats"]["file"], "sizes.json");
    // 180 rows is no longer small under 100.
    let products = findings(&r, "add-index-without-concurrently", "products");
    assert_eq!(products[0]["severity"], "error");
    assert_eq!(products[0]["table_size"]["class"], "medium");
    let shown = driftlock()
        .arg("check")
        .arg(dir.path())
        .arg("--show-settings")
        .output()
        .unwrap();
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(shown.contains("table-stats = \"sizes.json\"\n"), "{shown}");
    assert!(shown.contains("small-table-rows = 100\n"));
    assert!(shown.contains("rewrite-rate = 90  # MB/s\n"), "{shown}");
}

#[test]
fn bad_statistics_files_exit_2_naming_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "v2.json",
            "{\"format\": \"stats/2\", \"tables\": []}",
            "v2.json: table statistics of format \"stats/2\", which this driftlock does not read",
        ),
        (
            "broken.json",
            "{\"format\": \"stats/1\",\n\"snapshot_at\": \"2024-01-01\",\n\"tables\": [{]}",
            "broken.json:3:",
        ),
        ("missing.json", "", "cannot read the table statistics"),
    ];
    for (name, text, expected) in cases {
        let path = dir.path().join(name);
        if !text.is_empty() {
            std::fs::write(&path, text).unwrap();
        }
        let out = driftlock()
            .arg("check")
            .arg(corpus_dir().join("shop"))
            .arg("--table-stats")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(err.contains(expected), "{name}: {err}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn stats_query_prints_one_read_only_catalog_query() {
    let out = driftlock().args(["stats", "--query"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let sql = String::from_utf8(out.stdout).unwrap();
    assert!(sql.contains("'format', 'stats/1'"));
    let code: String = sql
        .lines()
        .filter(|l| !l.trim_start().starts_with("--"))
        .collect::<Vec<_>>()
        .join("\n")
        .to_ascii_uppercase();
    assert_eq!(code.matches(';').count(), 1, "one statement");
    assert!(code.trim_start().starts_with("SELECT JSON_BUILD_OBJECT("));
    for word in [
        "INSERT", "UPDATE ", "DELETE", "CREATE", "ALTER", "DROP", "TRUNCATE", "COPY",
    ] {
        assert!(!code.contains(word), "{word} in the query");
    }
    // Without --query there is nothing to do.
    let bare = driftlock().arg("stats").output().unwrap();
    assert_eq!(bare.status.code(), Some(2));
}
