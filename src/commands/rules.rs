//! `driftlock rules` and `driftlock explain RULE`: the rule registry, as documentation.

use std::io::Write;

use super::{Fatal, Outcome};
use crate::rules;

/// One line per rule: code, name, category, default level, summary.
pub fn list(out: &mut dyn Write) -> std::io::Result<()> {
    let all = rules::all();
    let width = all.iter().map(|r| r.meta().name.len()).max().unwrap_or(0);
    for rule in &all {
        let m = rule.meta();
        writeln!(
            out,
            "{:<8} {:<width$}  {:<13} {:<7}  {}",
            m.code,
            m.name,
            m.category.as_str(),
            m.default.as_str(),
            m.summary()
        )?;
    }
    writeln!(
        out,
        "\n{} rules. `driftlock explain RULE` prints one rule's documentation.",
        all.len()
    )
}

/// The documentation of one rule.
pub fn explain(name: &str, out: &mut dyn Write) -> Result<Outcome, Fatal> {
    let rule = rules::find(name)
        .ok_or_else(|| Fatal::Usage(format!("no rule `{name}` (see `driftlock rules`)")))?;
    let m = rule.meta();
    writeln!(
        out,
        "{} {} (category: {}, default: {})\n",
        m.code,
        m.name,
        m.category.as_str(),
        m.default.as_str()
    )?;
    out.write_all(m.doc().as_bytes())?;
    Ok(Outcome::Clean)
}
