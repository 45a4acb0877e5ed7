//! Snapshots of every corpus project: `driftlock history` (the `history/1` JSON and the human
//! output, without colour) and the replayed schema at head as readable DDL.

mod common;

use driftlock::analysis::analyze;
use driftlock::discover::{discover, DiscoverOptions};
use driftlock::report::{self, Color};

#[test]
fn history_of_every_corpus_project() {
    for (name, path) in common::corpus_projects() {
        // As `driftlock history` opens it: the project's own settings apply.
        let analysis = analyze(common::workspace(&path).project);
        insta::assert_snapshot!(
            format!("{name}_history_json"),
            report::history::json(&analysis)
        );
        let mut human = report::history::text(&analysis).into_bytes();
        human.push(b'\n');
        report::human::render(
            &analysis.diagnostics,
            &analysis.sources,
            Color::Never,
            &mut human,
        )
        .unwrap();
        insta::assert_snapshot!(
            format!("{name}_history_text"),
            String::from_utf8(human).unwrap()
        );
    }
}

#[test]
fn replayed_schema_of_every_corpus_project() {
    for (name, path) in common::corpus_projects() {
        let analysis = common::replay(&path, Default::default());
        let schema = &analysis.replay.as_ref().unwrap().head;
        insta::assert_snapshot!(
            format!("{name}_schema_sql"),
            report::schema::sql(schema, "alembic_version")
        );
    }
}

#[test]
fn graph_formats_of_a_merge() {
    let project = discover(
        &common::corpus_dir().join("merge"),
        &DiscoverOptions::default(),
    )
    .unwrap();
    let analysis = analyze(project);
    insta::assert_snapshot!("merge_history_dot", report::history::dot(&analysis));
    insta::assert_snapshot!("merge_history_mermaid", report::history::mermaid(&analysis));
}
