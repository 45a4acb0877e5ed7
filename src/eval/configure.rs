//! Alembic's `context.configure(...)` as env.py calls it: what the rest of driftlock reads
//! from the call once env.py ran (the metadata it compares, its filters, and the version
//! table when its text does not spell it as a literal).

use super::interp::{Host, Interp};
use super::value::{Args, Value};

impl<H: Host + ?Sized> Interp<'_, H> {
    /// Keeps what a `context.configure(...)` call was given.
    pub(super) fn configure(&mut self, args: &Args) {
        self.configure_called = true;
        for option in ["include_object", "include_name"] {
            if let Some(f @ Value::Function(_)) = args.keyword(option) {
                self.configured_filters
                    .push((option.to_string(), f.clone()));
            }
        }
        if let Some(metadata) = args.keyword("target_metadata") {
            self.configured_metadata = Some(metadata.clone());
            self.configured_metadata_span = args.span_of(usize::MAX, "target_metadata").cloned();
        }
        for option in ["version_table", "version_table_schema"] {
            if let Some(value) = args.keyword(option) {
                self.configured_version_table
                    .push((option.to_string(), value.clone()));
            }
        }
    }

    /// The string the last `context.configure(...)` call that passed `option`
    /// (`version_table`, `version_table_schema`) gave it; `None` when no call passed it or
    /// its value is not known statically.
    pub fn configured_string(&self, option: &str) -> Option<String> {
        match self
            .configured_version_table
            .iter()
            .rev()
            .find(|(k, _)| k == option)
        {
            Some((_, Value::Str(s))) => Some(s.clone()),
            _ => None,
        }
    }

    /// The arguments of the revisions' `upgrade()` and `downgrade()`: what env.py passed to
    /// `context.run_migrations(**kw)` (Alembic's multidb template passes `engine_name`).
    pub fn entry_arguments(&self) -> Args {
        Args {
            keywords: self.run_migrations_keywords.clone(),
            ..Args::default()
        }
    }
}
