//! Benchmark of the pipeline on synthetic histories of 1,000, 5,000 and 10,000 revisions with
//! branches and merges: discover, parallel read and parse, revision graph and `history/1`
//! JSON; then the same plus the replay of every revision into a schema and `schema/1` JSON;
//! then the whole `check` (replay with the rules, every downgrade, models and drift), whose
//! time must grow linearly with the revisions.
//!
//! `cargo bench` prints the median and the fastest of several runs for each size. Targets
//! live here, not in timed tests: DESIGN.md asks for a 1,000-revision history checked end to
//! end in under 0.5 s on 2 cores.

use std::time::{Duration, Instant};

use driftlock::analysis::analyze_with;
use driftlock::discover::{discover, DiscoverOptions};
use driftlock::replay::ReplayOptions;
use driftlock::report;

fn run_once(root: &std::path::Path, replay: bool) -> (Duration, usize) {
    let start = Instant::now();
    let project = discover(root, &DiscoverOptions::default()).expect("synthetic project is found");
    let analysis = analyze_with(project, replay.then_some(ReplayOptions::default()));
    let json = match &analysis.replay {
        Some(r) => report::schema::json(&r.head, "alembic_version"),
        None => report::history::json(&analysis),
    };
    let elapsed = start.elapsed();
    assert!(
        analysis.diagnostics.is_empty(),
        "synthetic history is healthy: {:?}",
        analysis.diagnostics.first()
    );
    std::hint::black_box(json);
    (elapsed, analysis.graph.len())
}

/// The whole `check`, as the command runs it (without rendering).
fn check_once(root: &std::path::Path) -> Duration {
    let start = Instant::now();
    let ws = driftlock::workspace::Workspace::open(root, &DiscoverOptions::default(), None, &[])
        .expect("synthetic project opens");
    let result =
        driftlock::check::check(ws, &driftlock::check::Request::default()).expect("check runs");
    let elapsed = start.elapsed();
    std::hint::black_box(result.diagnostics.len());
    elapsed
}

fn main() {
    // `cargo test --benches` passes `--test`: a quick smoke run is enough then.
    let quick = std::env::args().any(|a| a == "--test");
    let sizes: &[usize] = if quick {
        &[200]
    } else {
        &[1_000, 5_000, 10_000]
    };
    for &size in sizes {
        let dir = tempfile::tempdir().expect("temp dir");
        driftlock::synthetic::write_project(dir.path(), size).expect("write synthetic history");
        let runs = if quick {
            1
        } else if size <= 1_000 {
            15
        } else {
            5
        };
        run_once(dir.path(), false); // warm the file cache
        for (label, replay) in [("history", false), ("history + replay", true)] {
            let times: Vec<Duration> = (0..runs)
                .map(|_| {
                    let (t, n) = run_once(dir.path(), replay);
                    assert_eq!(n, size);
                    t
                })
                .collect();
            report(label, size, runs, times);
        }
        let times: Vec<Duration> = (0..runs).map(|_| check_once(dir.path())).collect();
        report("check", size, runs, times);
    }
}

fn report(label: &str, size: usize, runs: usize, mut times: Vec<Duration>) {
    times.sort();
    println!(
        "{label:>16}, {size:>6} revisions: median {:>8.2} ms, fastest {:>8.2} ms ({runs} runs, {} threads)",
        times[times.len() / 2].as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        rayon::current_num_threads(),
    );
}
