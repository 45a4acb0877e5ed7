//! The oracle for the replay: real Alembic runs every healthy corpus project on a real
//! PostgreSQL, one revision at a time; after each step the catalog is dumped as `schema/1`
//! (`tests/oracle/migrate.py`) and compared fact by fact with the schema driftlock replays
//! without a database: after each revision's upgrade, and after each revision's downgrade.
//!
//! Needs `DRIFTLOCK_ORACLE_PYTHON` (a Python with `tests/oracle/requirements.txt`) and
//! `DRIFTLOCK_PG_URL` (a server `scripts/pg.sh` started); `scripts/test.sh` provides both.
//! Under CI their absence is a failure, not a skip.

mod common;

use std::path::Path;
use std::process::Command;

use driftlock::replay::ReplayOptions;
use driftlock::schema::Schema;
use serde_json::Value;

use common::{differences, facts, normalize_expression, oracle};

/// Runs `steps` with real Alembic on a fresh database of the oracle's server and returns
/// `migrate.py`'s record of each step (`step`, `current`, `schema`).
fn run_steps(python: &Path, url: &str, project: &Path, steps: &[String]) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle/migrate.py");
    let out = Command::new(python)
        .arg(&script)
        .arg(project)
        .arg(url)
        .arg("--version-table")
        .arg(common::qualified_version_table(project))
        .arg("--steps")
        .args(steps)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}: real Alembic failed:\n{}",
        project.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("migrate.py prints JSON");
    let steps_done = doc["steps"].as_array().expect("steps").clone();
    assert_eq!(
        steps_done.len(),
        steps.len(),
        "{}: one dump per step",
        project.display()
    );
    steps_done
}

/// A schema as `schema/1`, the form the oracle dumps, without the project's own version table
/// (`migrate.py --version-table`; another history's, which runs first, is compared).
fn schema_json(schema: &Schema, version_table: &str) -> Value {
    serde_json::from_str(&driftlock::report::schema::json(schema, version_table)).unwrap()
}

#[test]
fn replayed_schema_equals_postgres_at_every_revision() {
    let Some((python, url)) = oracle() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON / DRIFTLOCK_PG_URL are not set (scripts/test.sh sets them)");
        return;
    };
    let mut report = Vec::new();
    let mut compared = 0;
    let projects = common::corpus_projects();
    for (name, path) in &projects {
        if name == "broken" {
            continue;
        }
        let analysis = common::replay(
            path,
            ReplayOptions {
                keep_states: true,
                check_downgrades: false,
                keep_downgrades: false,
                only: None,
                ..Default::default()
            },
        );
        let replay = analysis.replay.as_ref().unwrap();
        let steps: Vec<String> = replay
            .states
            .iter()
            .map(|s| format!("up:{}", s.revision))
            .collect();
        let postgres = run_steps(&python, &url, path, &steps);
        let version_table = common::version_table(path);
        for (state, pg) in replay.states.iter().zip(&postgres) {
            let diff = differences(&pg["schema"], &schema_json(&state.schema, &version_table));
            if !diff.is_empty() {
                report.push(format!(
                    "{name} after {}:\n{}",
                    state.revision,
                    diff.join("\n")
                ));
                break; // Later revisions inherit the difference.
            }
        }
        compared += 1;
    }
    assert!(
        compared == projects.len() - 1,
        "every healthy corpus project is compared: {compared}"
    );
    assert!(
        report.is_empty(),
        "replayed schema differs from PostgreSQL:\n\n{}",
        report.join("\n\n")
    );
}

/// The codes with which driftlock says a `downgrade()` does not undo its upgrade or cannot
/// run. Such a revision is not compared: driftlock already reports it, and real Alembic may
/// fail on it.
const DOWNGRADE_PROBLEMS: &[&str] = &[
    "downgrade-fails",
    "missing-downgrade",
    "empty-downgrade",
    "downgrade-mismatch",
];

/// One downgrade to compare: the revision's state, and where its `down` step is in a run.
struct DowngradeCheck {
    state: usize,
    step: usize,
}

/// The downgrade path: for every revision R, in driftlock's order, real Alembic upgrades to R
/// and downgrades R alone (`down:R@PARENT`, `down:R@base` for a base: the branch-qualified form
/// takes only R off, where `down:PARENT` would also take off other branches that grew from
/// PARENT); the dump must equal what driftlock's replay of R's `downgrade()` leaves, and the
/// version table must be back where it was before R (so exactly R was downgraded). Then R is
/// upgraded again and the run goes on: one database per project.
///
/// A downgrade that does not give back the schema before R fact for fact (a column dropped and
/// added back lands at the end of its table) would leave the database off driftlock's path for
/// the revisions after R; it gets a database of its own, upgraded to R and downgraded once.
#[test]
fn replayed_downgrade_equals_postgres_one_step_down() {
    let Some((python, url)) = oracle() else {
        eprintln!("skipped: DRIFTLOCK_ORACLE_PYTHON / DRIFTLOCK_PG_URL are not set (scripts/test.sh sets them)");
        return;
    };
    let started = std::time::Instant::now();
    let mut report = Vec::new();
    let mut excluded = Vec::new();
    let mut apart = Vec::new();
    let (mut projects_compared, mut revisions_compared, mut runs) = (0, 0, 0);
    let projects = common::corpus_projects();
    for (name, path) in &projects {
        if name == "broken" {
            continue;
        }
        let analysis = common::replay(
            path,
            ReplayOptions {
                keep_states: true,
                check_downgrades: true,
                keep_downgrades: true,
                only: None,
                ..Default::default()
            },
        );
        let replay = analysis.replay.as_ref().unwrap();
        let states = &replay.states;
        let version_table = common::version_table(path);
        let schema_json = |schema: &Schema| schema_json(schema, &version_table);
        // Before the first revision: an empty database, or the one earlier histories left.
        let start = common::start_schema(path);
        let before = |i: usize| {
            if i == 0 {
                &start
            } else {
                &states[i - 1].schema
            }
        };

        let mut steps = Vec::new();
        let mut checks = Vec::new();
        let mut alone = Vec::new();
        for (i, state) in states.iter().enumerate() {
            let id = &state.revision;
            steps.push(format!("up:{id}"));
            let Some(downgraded) = &state.downgraded else {
                excluded.push(format!("{name} {id}: `downgrade()` is missing or raises"));
                continue;
            };
            if let Some(d) = analysis.diagnostics.iter().find(|d| {
                d.revision.as_deref() == Some(id.as_str()) && DOWNGRADE_PROBLEMS.contains(&d.code)
            }) {
                excluded.push(format!("{name} {id}: driftlock reports [{}]", d.code));
                continue;
            }
            let revision = analysis
                .graph
                .get(id)
                .expect("a replayed revision is in the graph");
            // For a merge, one parent names the branch; the version-table check below fails if
            // Alembic took more than R off.
            let parent = revision.parents.first().map_or("base", String::as_str);
            let down = format!("down:{id}@{parent}");
            if facts(&schema_json(downgraded)) == facts(&schema_json(before(i))) {
                steps.push(down);
                checks.push(DowngradeCheck {
                    state: i,
                    step: steps.len() - 1,
                });
                steps.push(format!("up:{id}"));
            } else {
                alone.push((i, down));
            }
        }
        let mut compare = |run: &[Value], check: &DowngradeCheck| {
            let state = &states[check.state];
            let down = &run[check.step];
            // The step before `up:R` holds what was applied before R.
            let expected_current = match check.step {
                0 | 1 => Value::Array(Vec::new()),
                n => run[n - 2]["current"].clone(),
            };
            let mut diff = Vec::new();
            if down["current"] != expected_current {
                diff.push(format!(
                    "{} took more than {} off: the version table holds {} instead of {}",
                    down["step"], state.revision, down["current"], expected_current
                ));
            }
            let ours = schema_json(state.downgraded.as_ref().unwrap());
            diff.extend(differences(&down["schema"], &ours));
            revisions_compared += 1;
            (!diff.is_empty()).then(|| {
                format!(
                    "{name}, downgrade of {}:\n{}",
                    state.revision,
                    diff.join("\n")
                )
            })
        };
        let run = run_steps(&python, &url, path, &steps);
        runs += 1;
        // After a difference the database is off driftlock's path: later ones may inherit it.
        if let Some(problem) = checks.iter().find_map(|c| compare(&run, c)) {
            report.push(problem);
        }
        for (i, down) in alone {
            apart.push(format!("{name} {}", states[i].revision));
            let mut steps: Vec<String> = states[..=i]
                .iter()
                .map(|s| format!("up:{}", s.revision))
                .collect();
            steps.push(down);
            let run = run_steps(&python, &url, path, &steps);
            runs += 1;
            let check = DowngradeCheck {
                state: i,
                step: steps.len() - 1,
            };
            report.extend(compare(&run, &check));
        }
        projects_compared += 1;
    }
    eprintln!(
        "compared {revisions_compared} downgrades in {projects_compared} projects \
         ({runs} databases, {:.1?}); in a database of their own: {}; not compared: {}",
        started.elapsed(),
        if apart.is_empty() {
            "none".to_string()
        } else {
            apart.join(", ")
        },
        if excluded.is_empty() {
            "none".to_string()
        } else {
            excluded.join("; ")
        }
    );
    assert!(
        projects_compared == projects.len() - 1,
        "every healthy corpus project is compared: {projects_compared}"
    );
    assert!(
        report.is_empty(),
        "replayed downgrade differs from PostgreSQL:\n\n{}",
        report.join("\n\n")
    );
}

#[test]
fn normalization_ignores_only_parentheses_and_casts() {
    assert_eq!(
        normalize_expression("(length((name)::text) > 2)"),
        normalize_expression("length(name) > 2")
    );
    assert_eq!(
        normalize_expression("'x'::character varying"),
        normalize_expression("'x'")
    );
    assert_ne!(
        normalize_expression("(a > 1)"),
        normalize_expression("(a >= 1)")
    );
    assert_ne!(
        normalize_expression("lower(email)"),
        normalize_expression("upper(email)")
    );
}
