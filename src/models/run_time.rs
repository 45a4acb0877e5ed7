//! Tables an application adds to its metadata at run time, from data: a function that builds
//! mapped classes with `type(name, (Base, ...), attributes)` or tables with
//! `Table(name, metadata, ...)` from a computed name, called by the running application (a
//! loop over the models that makes a history table for each, a plugin registry). Nothing
//! driftlock runs calls it, so its tables are not read; `create_all()` builds them all the same.
//! This finds such functions in the modules read, so that the report says so instead of
//! staying silent, and drift does not take the tables they make for tables the models lack.

use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::eval::value::ModuleEnv;
use crate::eval::{Host, Interp, Value};
use crate::python::ast;
use crate::python::visit::{body_import_packages, calls_in_functions, function_body_at};
use crate::source::{FileId, SourceMap};
use crate::sqlalchemy::declarative::maps_onto;
use crate::sqlalchemy::metadata::{root_of_metadata, Root};

use super::Declared;

/// A call that adds tables to the metadata when its function runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Maker {
    pub file: FileId,
    /// The function that makes the call, and its whole `def`.
    pub function: String,
    pub def: Range<usize>,
    /// The `type(...)` or `Table(...)` call.
    pub call: Range<usize>,
    pub what: Made,
}

/// What a [`Maker`] builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Made {
    /// `type(name, (Base, ...), {...})`: mapped classes.
    Classes,
    /// `Table(name, metadata, ...)`: tables.
    Tables,
    /// SQLAlchemy-Continuum's `make_versioned(...)`: its `transaction` table and a version
    /// table per versioned model, added when the mappers are configured.
    Versioning,
}

impl Made {
    /// The call as the report names it.
    pub fn call(self) -> &'static str {
        match self {
            Made::Classes => "type(...)",
            Made::Tables => "Table(...)",
            Made::Versioning => "make_versioned(...)",
        }
    }
}

impl Maker {
    pub fn span(&self) -> Span {
        Span::new(self.file, self.call.clone())
    }
}

/// Every call in a function body of `modules` that builds a class mapped onto one of `roots`
/// (`type()` with a base among them) or a table on one of their metadata from a name that is
/// not a literal. Whether the function ran is for the caller to tell (a table read from it
/// has its span inside the `def`). Sorted by file and position.
pub(crate) fn makers<H: Host + ?Sized>(
    interp: &mut Interp<'_, H>,
    modules: &im::HashMap<String, Rc<ModuleEnv>>,
    sources: &SourceMap,
    roots: &[Root],
) -> Vec<Maker> {
    let mut names: Vec<&String> = modules.keys().collect();
    names.sort();
    let mut found = Vec::new();
    for name in names {
        let env = &modules[name];
        let Some(file) = sources.try_get(env.file) else {
            continue;
        };
        // Most modules build neither: a cheap test before the parse.
        if !file.text.contains("type(")
            && !file.text.contains("Table(")
            && !file.text.contains("make_versioned(")
        {
            continue;
        }
        let Ok(module) = crate::python::parse_shared(&file.text, &file.display) else {
            continue;
        };
        let globals = env.globals.borrow().clone();
        for candidate in calls_in_functions(&module)
            .into_iter()
            .filter_map(candidate)
        {
            let at = Span::new(env.file, candidate.call.clone());
            let mut value = |e: &ast::Expr| dotted_value(interp, &globals, e, &at);
            let makes = match candidate.what {
                Made::Classes => candidate
                    .subjects
                    .iter()
                    .any(|b| maps_onto(&value(b), roots)),
                Made::Tables => candidate.subjects.first().is_some_and(|m| {
                    root_of_metadata(&value(m)).is_some_and(|r| roots.contains(&r))
                }),
                // Continuum's tables join the declarative base of the versioned models.
                Made::Versioning => candidate.subjects.first().is_some_and(|f| {
                    match value(f) {
                        Value::External(name) => name.starts_with("sqlalchemy_continuum"),
                        // Imported inside the function, where the extension sets it up.
                        Value::Unknown(_) => {
                            function_body_at(&module, &candidate.def).is_some_and(|body| {
                                body_import_packages(body, name).contains("sqlalchemy_continuum")
                            })
                        }
                        _ => false,
                    }
                }),
            };
            if makes {
                found.push(Maker {
                    file: env.file,
                    function: candidate.function,
                    def: candidate.def,
                    call: candidate.call,
                    what: candidate.what,
                });
            }
        }
    }
    found.sort_by_key(|m| (m.file.0, m.call.start));
    found.dedup();
    found
}

/// A dotted name (`Base`, `db.Model`, `models.Base.metadata`) evaluated in a module's globals;
/// anything else is unknown.
fn dotted_value<H: Host + ?Sized>(
    interp: &mut Interp<'_, H>,
    globals: &HashMap<String, Value>,
    e: &ast::Expr,
    at: &Span,
) -> Value {
    match e {
        ast::Expr::Name(n) => globals
            .get(n.id.as_str())
            .cloned()
            .unwrap_or_else(|| Value::Unknown("a local name".into())),
        ast::Expr::Attribute(a) => {
            let receiver = dotted_value(interp, globals, &a.value, at);
            match receiver {
                Value::Unknown(_) => receiver,
                r => interp.attribute_of(r, a.attr.as_str(), at),
            }
        }
        _ => Value::Unknown("an expression".into()),
    }
}

/// A call made in a function body, with what decides whether it makes tables: the bases of
/// `type(name, bases, attributes)`, the metadata of `Table(name, metadata, ...)`.
struct Candidate {
    function: String,
    def: Range<usize>,
    call: Range<usize>,
    what: Made,
    subjects: Vec<ast::Expr>,
}

/// A call of a function body that may build tables: `type(...)` with literal bases, or
/// `Table(...)` whose name is not a literal (module-level code runs when the module is read,
/// so it is not looked at).
fn candidate(found: crate::python::visit::CallInFunction) -> Option<Candidate> {
    let node = found.call;
    let callee = crate::python::callee(node);
    let literal_name = matches!(
        node.args.first(),
        Some(ast::Expr::Constant(ast::ExprConstant {
            value: ast::Constant::Str(_),
            ..
        }))
    );
    let (what, subjects) = match (callee, node.args.as_slice()) {
        // `type(name, (Base, Mixin), {...})`: a class made from data.
        (Some("type"), [_, ast::Expr::Tuple(bases), _]) if node.keywords.is_empty() => {
            (Made::Classes, bases.elts.clone())
        }
        (Some("type"), [_, ast::Expr::List(bases), _]) if node.keywords.is_empty() => {
            (Made::Classes, bases.elts.clone())
        }
        // `Table(f"{name}_history", metadata, ...)`: a table named from data.
        (Some("Table"), [_, metadata, ..]) if !literal_name => {
            (Made::Tables, vec![metadata.clone()])
        }
        // `make_versioned(user_cls=...)` in an extension's set-up: the callee decides.
        (Some("make_versioned"), _) => (Made::Versioning, vec![node.func.as_ref().clone()]),
        _ => return None,
    };
    Some(Candidate {
        function: found.function,
        def: found.def,
        call: crate::python::range_of(node),
        what,
        subjects,
    })
}

/// The run-time makers whose function did not run while the models were read (no table read
/// is declared inside it), one finding each; `declared` learns that such tables exist.
pub(super) fn findings(declared: &mut Declared, makers: Vec<Maker>) -> Vec<Diagnostic> {
    let ran =
        |m: &Maker| {
            declared.origins.tables.values().any(|s| {
                s.file == m.file && m.def.start <= s.range.start && s.range.end <= m.def.end
            })
        };
    let mut found = Vec::new();
    for maker in makers.into_iter().filter(|m| !ran(m)) {
        let made = match maker.what {
            Made::Classes => "builds mapped classes from data",
            Made::Tables => "builds tables from data",
            Made::Versioning => "adds SQLAlchemy-Continuum's `transaction` and version tables",
        };
        found.push(
            Diagnostic::warning(
                Kind::Unanalyzable,
                codes::RUN_TIME_TABLES,
                format!(
                    "`{}` in `{}()` {made} when the application calls it: the tables it adds to the metadata are not read",
                    maker.what.call(), maker.function
                ),
            )
            .at(maker.span())
            .with_note(format!(
                "nothing driftlock runs calls `{}()`; `create_all()` and Alembic's comparison see its tables when the application has called it, so drift leaves out the tables the models lack",
                maker.function
            )),
        );
    }
    declared.run_time_tables |= !found.is_empty();
    found
}
