//! Replay of every healthy corpus project, without a database: no operation fails, nothing is
//! left unanalysed or unmodelled, and every `downgrade()` restores the schema its revision started from
//! (PostgreSQL confirmed each round trip when the corpus was written; the oracle test checks
//! the upgrades fact by fact).

mod common;

use driftlock::diagnostic::Kind;
use driftlock::lower::ReplayOptions;

#[test]
fn healthy_projects_replay_cleanly_in_both_directions() {
    let mut problems = Vec::new();
    for (name, path) in common::corpus_projects() {
        if name == "broken" {
            continue;
        }
        let analysis = common::replay(
            &path,
            ReplayOptions {
                keep_states: false,
                check_downgrades: true,
            },
        );
        // All the SQL of the corpus is modelled, views, functions and triggers included.
        let stats = &analysis.replay.as_ref().unwrap().sql_stats;
        if stats.not_modelled_statements + stats.unanalyzable_calls + stats.syntax_errors > 0 {
            problems.push(format!("{name}: SQL left unmodelled: {stats:?}"));
        }
        for d in &analysis.diagnostics {
            if d.kind == Kind::History && d.code == "labelled-branches" {
                continue;
            }
            let place = d.primary.as_ref().map(|s| {
                let f = analysis.sources.get(s.file);
                format!("{}:{}", f.display, f.line_col(s.range.start).line)
            });
            problems.push(format!(
                "{name}: [{}] {} at {}",
                d.code,
                d.message,
                place.unwrap_or_default()
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
