//! The cost of `check` grows linearly with the history: on the synthetic generator (tables
//! created, altered and dropped across branches and merges), twice the revisions must cost
//! under three times the work, counted by `driftlock::work` (statements interpreted,
//! operations replayed, catalog entries visited by whole-catalog walks), not timed.
//!
//! One test in its own binary: the counter is process-wide.

use driftlock::check::{check, Request};
use driftlock::discover::DiscoverOptions;
use driftlock::workspace::Workspace;

fn work_of_check(revisions: usize) -> u64 {
    let dir = tempfile::tempdir().expect("temp dir");
    driftlock::synthetic::write_project(dir.path(), revisions).expect("synthetic history");
    let ws = Workspace::open(dir.path(), &DiscoverOptions::default(), None, &[])
        .expect("synthetic project opens");
    let before = driftlock::work::total();
    let result = check(ws, &Request::default()).expect("check runs");
    let work = driftlock::work::total() - before;
    assert_eq!(result.analysis.graph.len(), revisions);
    assert!(
        result.analysis.replay.is_some(),
        "the synthetic history is replayed"
    );
    work
}

#[test]
fn twice_the_revisions_cost_under_three_times_the_work() {
    let small = work_of_check(400);
    let large = work_of_check(800);
    let larger = work_of_check(1_600);
    eprintln!("work: 400 -> {small}, 800 -> {large}, 1600 -> {larger}");
    // Linear growth gives a ratio near 2, a whole-history scan per revision near 4.
    assert!(small > 400, "the counter counts: {small}");
    for (a, b, n) in [(small, large, 800), (large, larger, 1_600)] {
        let ratio = b as f64 / a as f64;
        assert!(
            ratio < 3.0,
            "{n} revisions cost {ratio:.2} times the work of half as many ({a} -> {b})"
        );
    }
}
