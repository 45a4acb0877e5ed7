//! Wall time per pipeline stage, for `check --timings`: each stage is timed where it runs
//! (`stage`) and the command prints them to stderr at the end. Off by default: a disabled
//! `stage` is a plain call.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);
static STAGES: Mutex<Vec<(&'static str, Duration)>> = Mutex::new(Vec::new());

/// Starts recording stage times (for the rest of the process).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Runs `f` as the stage `name`; with timings on, records how long it took (a stage run
/// twice, a replay restarted with the application's tables, adds up).
pub fn stage<T>(name: &'static str, f: impl FnOnce() -> T) -> T {
    if !ENABLED.load(Ordering::Relaxed) {
        return f();
    }
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    let mut stages = STAGES.lock().unwrap_or_else(|p| p.into_inner());
    match stages.iter_mut().find(|(n, _)| *n == name) {
        Some((_, d)) => *d += took,
        None => stages.push((name, took)),
    }
    out
}

/// One line: each stage in the order it first ran, in milliseconds, then their sum.
pub fn summary() -> String {
    let stages = STAGES.lock().unwrap_or_else(|p| p.into_inner());
    let total: Duration = stages.iter().map(|(_, d)| *d).sum();
    let parts: Vec<String> = stages
        .iter()
        .map(|(n, d)| format!("{n} {:.1} ms", d.as_secs_f64() * 1e3))
        .collect();
    format!(
        "timings: {}; stages {:.1} ms",
        parts.join(", "),
        total.as_secs_f64() * 1e3
    )
}
