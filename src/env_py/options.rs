//! What `env.py` tells `context.configure(...)`, read from its text: the few options that
//! change what driftlock reports (the transaction model, a connection-wide `lock_timeout`,
//! the scope of autogenerate's comparison). Comments are ignored; a value that is not a
//! literal in the call is not seen.

use std::path::Path;

/// The options of `env.py` that driftlock honours.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvOptions {
    /// `transaction_per_migration=True`.
    pub transaction_per_migration: bool,
    /// `lock_timeout` is set for the connection (`options="-c lock_timeout=..."`, `SET`).
    pub sets_lock_timeout: bool,
    /// `include_schemas=True`.
    pub include_schemas: bool,
    /// `version_table="..."`.
    pub version_table: Option<String>,
    /// `version_table_schema="..."`: `Some(None)` when env.py passes it as something other
    /// than a string literal (not known statically).
    pub version_table_schema: Option<Option<String>>,
    /// An `include_object` that skips tables outside the metadata
    /// (`name not in target_metadata.tables`).
    pub skips_tables_outside_metadata: bool,
    /// `compare_server_default=` anything but `False`/`None` (a callable included): Alembic
    /// compares server defaults only then.
    pub compare_server_default: bool,
    /// `compare_type` is not `False`; when env.py does not set it, Alembic's default for the
    /// installed version (see [`EnvOptions::with_alembic_default`]).
    pub compare_type: bool,
    /// env.py passes `compare_type=` itself.
    pub sets_compare_type: bool,
    /// The SQLAlchemy beside the project reflects expression indexes (2.0 and later; without
    /// a known version, the current one's behaviour).
    pub reflects_expression_indexes: bool,
    /// `include_object=` is given: drift asks that function (see `drift::include`).
    pub include_object: bool,
    /// `include_name=` is given: drift asks that function too.
    pub include_name: bool,
    /// `version_table=` or `version_table_schema=` is given as something this reading of the
    /// text cannot resolve (an f-string, a call): the workspace runs env.py for it.
    pub version_table_unread: bool,
}

impl Default for EnvOptions {
    /// Alembic's defaults: everything off but `compare_type`.
    fn default() -> Self {
        EnvOptions {
            transaction_per_migration: false,
            sets_lock_timeout: false,
            include_schemas: false,
            version_table: None,
            version_table_schema: None,
            skips_tables_outside_metadata: false,
            compare_server_default: false,
            compare_type: true,
            sets_compare_type: false,
            reflects_expression_indexes: true,
            include_object: false,
            include_name: false,
            version_table_unread: false,
        }
    }
}

/// Whether `compact` (env.py without spaces) sets `option=` to something other than `False`
/// or `None`; `default` when it does not set it.
fn switched_on(compact: &str, option: &str, default: bool) -> bool {
    let key = format!("{option}=");
    let mut values = compact
        .match_indices(&key)
        .map(|(at, _)| &compact[at + key.len()..]);
    match values.next() {
        None => default,
        Some(rest) => !(rest.starts_with("False") || rest.starts_with("None")),
    }
}

impl EnvOptions {
    /// The version table's name: `version_table=`, else Alembic's `alembic_version`.
    pub fn version_table_name(&self) -> String {
        self.version_table
            .clone()
            .unwrap_or_else(|| "alembic_version".into())
    }

    /// Where env.py does not set `compare_type`, the default of the Alembic installed beside
    /// the project (`alembic_version`, e.g. "1.8.1"): on since 1.12, off before it (types were
    /// not compared unless asked). Without a known version, the current default (on).
    pub fn with_alembic_default(mut self, alembic_version: Option<&str>) -> EnvOptions {
        if self.sets_compare_type {
            return self;
        }
        let release: Vec<u64> = alembic_version
            .unwrap_or("")
            .split('.')
            .map_while(|part| part.parse().ok())
            .collect();
        if let [major, minor, ..] = release[..] {
            self.compare_type = (major, minor) >= (1, 12);
        }
        self
    }

    /// SQLAlchemy before 2.0 (`sqlalchemy_version`, e.g. "1.4.54") skips every expression
    /// index when it reflects PostgreSQL's, and Alembic then skips the models' too.
    pub fn with_sqlalchemy(mut self, sqlalchemy_version: Option<&str>) -> EnvOptions {
        let major = sqlalchemy_version
            .and_then(|v| v.split('.').next())
            .and_then(|m| m.parse::<u64>().ok());
        if let Some(major) = major {
            self.reflects_expression_indexes = major >= 2;
        }
        self
    }
}

/// The string literal `rest` starts with, or the one a module-level `NAME = "..."` of `code`
/// binds when `rest` starts with a name (`version_table=VERSION_TABLE`).
fn string_or_constant(rest: &str, code: &str) -> Option<String> {
    let literal = |text: &str| {
        let quote = text.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        text[1..].split(quote).next().map(str::to_string)
    };
    if let Some(value) = literal(rest) {
        return Some(value);
    }
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut bound = code.lines().filter_map(|line| {
        let value = line
            .strip_prefix(name.as_str())?
            .trim_start()
            .strip_prefix('=')?;
        literal(value.trim())
    });
    let first = bound.next()?;
    // Bound once: a name assigned several times is not a constant this reading can trust.
    bound.next().is_none().then_some(first)
}

/// A constant of a module env.py imports, named as `module.NAME` at the start of `rest`
/// (`version_table=alembic_migrations.VERSION_TABLE` after `from pkg.migration import
/// alembic_migrations`): the string a module-level `NAME = "..."` of that module's file on
/// `python_path` binds.
fn imported_constant(
    rest: &str,
    code: &str,
    python_path: &[std::path::PathBuf],
    limit: u64,
) -> Option<String> {
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    let alias = ident(rest);
    let name = ident(rest.strip_prefix(alias.as_str())?.strip_prefix('.')?);
    if alias.is_empty() || name.is_empty() {
        return None;
    }
    // `from PKG import alias` or `import PKG.alias as alias` / `import alias`.
    let dotted = code.lines().find_map(|line| {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["from", package, "import", imported] if *imported == alias => {
                Some(format!("{package}.{alias}"))
            }
            ["import", module, "as", bound] if *bound == alias => Some(module.to_string()),
            ["import", module] if *module == alias => Some(alias.clone()),
            _ => None,
        }
    })?;
    let file = crate::load::module_file(python_path, &dotted)?;
    let text = crate::load::read_utf8(&file, limit)?;
    string_or_constant(&name, &text)
}

/// Reads the options of the `env.py` in `script_location` (all off when there is none, or it
/// is over `limit` bytes); a `version_table=module.NAME` is looked up in that module's file
/// on `python_path`.
pub fn read(script_location: &Path, limit: u64, python_path: &[std::path::PathBuf]) -> EnvOptions {
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
        string_or_constant(rest, &code)
            .or_else(|| imported_constant(rest, &code, python_path, limit))
    });
    let version_table_schema = compact.split("version_table_schema=").nth(1).map(|rest| {
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        rest[1..].split(quote).next().map(str::to_string)
    });
    let version_table_unread = (version_table.is_none() && compact.contains("version_table="))
        || matches!(version_table_schema, Some(None));
    EnvOptions {
        version_table_schema,
        transaction_per_migration: compact.contains("transaction_per_migration=True"),
        sets_lock_timeout: code.contains("lock_timeout"),
        include_schemas: compact.contains("include_schemas=True"),
        version_table,
        skips_tables_outside_metadata: compact.contains("notintarget_metadata.tables"),
        compare_server_default: switched_on(&compact, "compare_server_default", false),
        compare_type: switched_on(&compact, "compare_type", true),
        sets_compare_type: compact.contains("compare_type="),
        include_object: compact.contains("include_object="),
        include_name: compact.contains("include_name="),
        reflects_expression_indexes: true,
        version_table_unread,
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
             context.configure(include_schemas=True, version_table='versions',\n    transaction_per_migration = True, compare_server_default=my_compare)\n",
        )
        .unwrap();
        let o = super::read(dir.path(), 1 << 20, &[]);
        assert!(o.transaction_per_migration);
        assert!(o.include_schemas);
        assert!(o.skips_tables_outside_metadata);
        assert!(!o.sets_lock_timeout);
        assert_eq!(o.version_table.as_deref(), Some("versions"));
        assert_eq!(o.version_table_schema, None);
        assert!(o.compare_server_default, "a callable switches it on");
        assert!(o.compare_type, "on unless switched off");
        assert_eq!(
            super::read(&dir.path().join("nowhere"), 1 << 20, &[]),
            super::EnvOptions::default()
        );
    }

    #[test]
    fn compare_type_defaults_to_the_installed_alembics() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join("env.py");
        std::fs::write(&env, "context.configure(connection=c)\n").unwrap();
        let read = || super::read(dir.path(), 1 << 20, &[]);
        assert!(!read().with_alembic_default(Some("1.8.1")).compare_type);
        assert!(read().with_alembic_default(Some("1.12.0")).compare_type);
        assert!(read().with_alembic_default(Some("1.20.1")).compare_type);
        assert!(read().with_alembic_default(None).compare_type);
        std::fs::write(&env, "context.configure(connection=c, compare_type=True)\n").unwrap();
        assert!(read().with_alembic_default(Some("1.8.1")).compare_type);
        assert!(
            !read()
                .with_sqlalchemy(Some("1.4.54"))
                .reflects_expression_indexes
        );
        assert!(
            read()
                .with_sqlalchemy(Some("2.0.36"))
                .reflects_expression_indexes
        );
        assert!(read().with_sqlalchemy(None).reflects_expression_indexes);
    }

    #[test]
    fn version_table_from_a_module_constant() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join("env.py");
        std::fs::write(
            &env,
            "VERSION_TABLE = 'alembic_version_plugin'\ncontext.configure(version_table=VERSION_TABLE)\n",
        )
        .unwrap();
        let o = super::read(dir.path(), 1 << 20, &[]);
        assert_eq!(o.version_table.as_deref(), Some("alembic_version_plugin"));
        std::fs::write(
            &env,
            "T = 'a'\nT = 'b'\ncontext.configure(version_table=T)\n",
        )
        .unwrap();
        assert_eq!(super::read(dir.path(), 1 << 20, &[]).version_table, None);
    }

    #[test]
    fn version_table_from_a_constant_of_an_imported_module() {
        let dir = tempfile::tempdir().unwrap();
        let package = dir.path().join("pkg/migration");
        std::fs::create_dir_all(package.join("alembic_migrations")).unwrap();
        std::fs::write(dir.path().join("pkg/__init__.py"), "").unwrap();
        std::fs::write(package.join("__init__.py"), "").unwrap();
        std::fs::write(
            package.join("alembic_migrations/__init__.py"),
            "VERSION_TABLE = 'plugin_alembic_version'\n",
        )
        .unwrap();
        let scripts = package.join("alembic_migrations");
        std::fs::write(
            scripts.join("env.py"),
            "from pkg.migration import alembic_migrations\ncontext.configure(version_table=alembic_migrations.VERSION_TABLE)\n",
        )
        .unwrap();
        let path = [dir.path().to_path_buf()];
        let o = super::read(&scripts, 1 << 20, &path);
        assert_eq!(o.version_table.as_deref(), Some("plugin_alembic_version"));
        // Not on the Python path: not known.
        assert_eq!(super::read(&scripts, 1 << 20, &[]).version_table, None);
    }

    #[test]
    fn version_table_schema_literal_or_not() {
        let dir = tempfile::tempdir().unwrap();
        let env = dir.path().join("env.py");
        std::fs::write(
            &env,
            "context.configure(version_table_schema='meta', version_table='v')\n",
        )
        .unwrap();
        let o = super::read(dir.path(), 1 << 20, &[]);
        assert_eq!(o.version_table_schema, Some(Some("meta".into())));
        assert_eq!(o.version_table.as_deref(), Some("v"));
        std::fs::write(&env, "context.configure(version_table_schema=SCHEMA)\n").unwrap();
        assert_eq!(
            super::read(dir.path(), 1 << 20, &[]).version_table_schema,
            Some(None)
        );
    }
}
