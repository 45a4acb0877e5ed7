//! What `env.py` tells `context.configure(...)`, read from its text: the few options that
//! change what driftlock reports (the transaction model, a connection-wide `lock_timeout`,
//! the scope of autogenerate's comparison). Comments are ignored; a value that is not a
//! literal in the call is not seen.

use std::path::Path;

/// The options of `env.py` that driftlock honours.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvOptions {
    /// `transaction_per_migration=True`.
    pub transaction_per_migration: bool,
    /// `lock_timeout` is set for the connection (`options="-c lock_timeout=..."`, `SET`).
    pub sets_lock_timeout: bool,
    /// `include_schemas=True`.
    pub include_schemas: bool,
    /// `version_table="..."`.
    pub version_table: Option<String>,
    /// An `include_object` that skips tables outside the metadata
    /// (`name not in target_metadata.tables`).
    pub skips_tables_outside_metadata: bool,
}

/// Reads the options of the `env.py` in `script_location` (all off when there is none, or it
/// is over `limit` bytes).
pub fn read(script_location: &Path, limit: u64) -> EnvOptions {
    let Some(text) = crate::load::read_utf8(&script_location.join("env.py"), limit) else {
        return EnvOptions::default();
    };
    let code: String = text
        .lines()
        .map(|l| l.split('#').next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let version_table = compact.split("version_table=").nth(1).and_then(|rest| {
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        rest[1..].split(quote).next().map(str::to_string)
    });
    EnvOptions {
        transaction_per_migration: compact.contains("transaction_per_migration=True"),
        sets_lock_timeout: code.contains("lock_timeout"),
        include_schemas: compact.contains("include_schemas=True"),
        version_table,
        skips_tables_outside_metadata: compact.contains("notintarget_metadata.tables"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_options_and_ignores_comments() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("env.py"),
            "# transaction_per_migration=True\n\
             def include_object(o, name, type_, r, c):\n    return not (type_ == 'table' and name not in target_metadata.tables)\n\
             context.configure(include_schemas=True, version_table='versions',\n    transaction_per_migration = True)\n",
        )
        .unwrap();
        let o = super::read(dir.path(), 1 << 20);
        assert!(o.transaction_per_migration);
        assert!(o.include_schemas);
        assert!(o.skips_tables_outside_metadata);
        assert!(!o.sets_lock_timeout);
        assert_eq!(o.version_table.as_deref(), Some("versions"));
        assert_eq!(
            super::read(&dir.path().join("nowhere"), 1 << 20),
            super::EnvOptions::default()
        );
    }
}
