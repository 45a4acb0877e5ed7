//! `driftlock stats --query`: prints the read-only catalog query whose result is a `stats/1`
//! document (docs/table-stats.md), for `psql -At -c "$(driftlock stats --query)"` on a
//! replica. driftlock itself never connects to a database.

use std::io::Write;

use super::{Fatal, Outcome};

/// Prints the query.
pub fn query(out: &mut dyn Write) -> Result<Outcome, Fatal> {
    out.write_all(crate::stats::QUERY.as_bytes())?;
    Ok(Outcome::Clean)
}
