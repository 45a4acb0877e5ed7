//! A count of the work a run did, in units that do not depend on the machine: interpreted
//! Python statements, replayed operations, catalog entries visited by walks over every table
//! or sequence. `tests/scaling.rs` runs the synthetic history at two lengths and checks that
//! twice the revisions cost less than three times the work: a scan of the whole history or
//! catalog that comes back once per revision shows up there, not as a slow CI job.
//!
//! One process-wide relaxed counter: adding costs a few nanoseconds and readers only compare
//! totals taken around a run.

use std::sync::atomic::{AtomicU64, Ordering};

static UNITS: AtomicU64 = AtomicU64::new(0);

/// Counts `n` units of work.
pub fn add(n: u64) {
    UNITS.fetch_add(n, Ordering::Relaxed);
}

/// The units counted so far by this process.
pub fn total() -> u64 {
    UNITS.load(Ordering::Relaxed)
}
