//! A revision that imports the application's ORM models runs whatever those models say later.
//!
//! ## What it flags
//! A revision file that imports a model class (a class with `__tablename__` or `__table__`)
//! from the project's own code, typically to run a data migration with a session.
//!
//! ## Why it hurts
//! A revision must do the same thing forever, but the models keep changing: when a column is
//! later added to the model, the old revision's `session.query(Model)` selects a column that
//! does not exist yet at that point of the history, and fresh databases can no longer be
//! migrated. Renaming or moving the class breaks the import itself.
//!
//! ## Example
//! ```python
//! from app.models import User
//!
//! def upgrade():
//!     session = orm.Session(bind=op.get_bind())
//!     for user in session.query(User): ...
//! ```
//!
//! ## Use instead
//! Describe just the columns the revision needs, inside the revision:
//! `users = sa.table("users", sa.column("id"), sa.column("email"))`, and run
//! `op.execute(users.update()...)`.
use super::prelude::*;
use crate::diagnostic::{Kind, Span};
use crate::discover::Project;
use crate::load::{dotted_name, module_file, LoadedFile};
use crate::python::imports::resolve_relative;
use crate::python::{ast, range_of};
use crate::source::SourceMap;
use std::collections::HashMap;
use std::path::PathBuf;

rule_meta!(
    "ALM006",
    "data-migration-uses-models",
    Alembic,
    Warning,
    include_str!("data_migration_uses_models.rs")
);

pub struct Check;

impl Rule for Check {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// Top-level classes of a module that map a table.
fn model_classes(module: &crate::python::Module) -> Vec<String> {
    module
        .body
        .iter()
        .filter_map(|s| match s {
            ast::Stmt::ClassDef(c) => {
                let maps = c.body.iter().any(|b| {
                    let targets: Vec<&ast::Expr> = match b {
                        ast::Stmt::Assign(a) => a.targets.iter().collect(),
                        ast::Stmt::AnnAssign(a) => vec![a.target.as_ref()],
                        _ => Vec::new(),
                    };
                    targets.iter().any(|t| {
                        matches!(t, ast::Expr::Name(n) if n.id.as_str() == "__tablename__" || n.id.as_str() == "__table__")
                    })
                });
                maps.then(|| c.name.to_string())
            }
            _ => None,
        })
        .collect()
}

fn imports(stmts: &[ast::Stmt], out: &mut Vec<ast::StmtImportFrom>) {
    for s in stmts {
        match s {
            ast::Stmt::ImportFrom(i) => out.push(i.clone()),
            ast::Stmt::FunctionDef(f) => imports(&f.body, out),
            ast::Stmt::If(i) => {
                imports(&i.body, out);
                imports(&i.orelse, out);
            }
            ast::Stmt::Try(t) => {
                imports(&t.body, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    imports(&h.body, out);
                }
            }
            _ => {}
        }
    }
}

/// The findings of this rule over the revision files.
pub fn find(
    project: &Project,
    sources: &SourceMap,
    files: &[LoadedFile],
    graph: &crate::history::RevisionGraph,
) -> Vec<Diagnostic> {
    let mut cache: HashMap<PathBuf, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for file in files {
        let Some(module) = &file.module else { continue };
        let source = sources.get(file.id);
        let current = dotted_name(&project.python_path, &source.path).unwrap_or_default();
        let mut found = Vec::new();
        imports(&module.body, &mut found);
        for i in found {
            let level = i.level.as_ref().map_or(0, |l| l.to_usize());
            let dotted = resolve_relative(&current, level, i.module.as_deref());
            let Some(path) = module_file(&project.python_path, &dotted) else {
                continue;
            };
            if !project.source_dirs.iter().any(|d| path.starts_with(d)) {
                continue;
            }
            let classes = cache.entry(path.clone()).or_insert_with(|| {
                crate::load::read_utf8(&path, project.max_file_bytes)
                    .and_then(|t| crate::python::parse_shared(&t, &path.to_string_lossy()).ok())
                    .map(|m| model_classes(&m))
                    .unwrap_or_default()
            });
            let models: Vec<&str> = i
                .names
                .iter()
                .map(|a| a.name.as_str())
                .filter(|n| classes.iter().any(|c| c == n))
                .collect();
            if models.is_empty() {
                continue;
            }
            let text = &source.text;
            let session = ["Session(", "sessionmaker", ".query("]
                .iter()
                .any(|s| text.contains(s));
            let mut d = Diagnostic::new(
                Kind::Risk,
                META.name,
                // Running a session over the models is the hazard; importing a class for its
                // table name only breaks when the class moves.
                if session {
                    crate::diagnostic::Severity::Warning
                } else {
                    crate::diagnostic::Severity::Info
                },
                format!(
                    "this revision imports ORM model{} {} from {dotted}{}",
                    if models.len() > 1 { "s" } else { "" },
                    models
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", "),
                    if session {
                        " and runs a session: the data migration will follow later changes to the models"
                    } else {
                        ": the revision will change meaning, or fail to import, when the models change"
                    }
                ),
            )
            .at(Span::new(file.id, range_of(&i)))
            .with_help("describe the columns the revision needs with sa.table()/sa.column() inside the revision");
            if let Some(rev) = graph.in_order().find(|r| r.file == file.id) {
                d = d.for_revision(rev.id.clone());
            }
            out.push(d);
        }
    }
    out
}
