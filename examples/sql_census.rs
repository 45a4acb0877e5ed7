//! Maintainers' census of the SQL in a history's `op.execute` calls: how many statements the
//! lowering models, keeps for the record, or cannot read, and which kinds it does not model.
//! Not a user-facing command: `cargo run --example sql_census -- PATH [PATH ...]` prints one
//! JSON object per project (PATH is what `driftlock schema` accepts).

use std::collections::BTreeMap;

use driftlock::analysis::analyze_with;
use driftlock::discover::{discover, DiscoverOptions};
use driftlock::sql::SqlStats;
use serde_json::{json, Value};

fn census(stats: &SqlStats) -> Value {
    let sorted = |m: &BTreeMap<String, usize>| {
        let mut v: Vec<(&String, &usize)> = m.iter().collect();
        v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        v.into_iter()
            .map(|(k, n)| json!({"kind": k, "count": n}))
            .collect::<Vec<_>>()
    };
    json!({
        "execute_calls": stats.execute_calls,
        "python_statements": stats.python_statements,
        "unanalyzable_calls": stats.unanalyzable_calls,
        "syntax_errors": stats.syntax_errors,
        "statements": stats.statements,
        "schema_statements": stats.schema_statements,
        "data_statements": stats.data_statements,
        "no_effect_statements": stats.no_effect_statements,
        "not_modelled_statements": stats.not_modelled_statements,
        "not_modelled": sorted(&stats.not_modelled),
        "unanalyzable": sorted(&stats.unanalyzable),
    })
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: sql_census PATH [PATH ...]");
        std::process::exit(2);
    }
    let mut out = serde_json::Map::new();
    for path in paths {
        let project = match discover(std::path::Path::new(&path), &DiscoverOptions::default()) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{path}: {e}");
                std::process::exit(2);
            }
        };
        let analysis = analyze_with(project, Some(Default::default()));
        let stats = analysis.replay.map(|r| r.sql_stats).unwrap_or_default();
        out.insert(path, census(&stats));
    }
    println!(
        "{}",
        serde_json::to_string_pretty(&Value::Object(out)).expect("JSON prints")
    );
}
