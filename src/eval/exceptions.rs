//! Python's exceptions, as far as the replay needs them: `raise`, and `try` statements whose
//! `except` clauses catch an exception of a known class, raised by the code (`raise X`) or by
//! the host for what SQLAlchemy and PostgreSQL raise (the inspector's `NoSuchTableError`, the
//! `ProgrammingError` of an operation PostgreSQL refuses, whose `str(e)` is its message).
//! PostgreSQL's error caught by the code is still said (see [`Host::exception_caught`]): the
//! replay's schema chose the branch taken.

use super::interp::{Flow, Host, Interp};
use super::value::Value;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind};
use crate::python::{ast, range_of};

/// An exception whose class is known: raised by a `raise` statement, or by the host for
/// what SQLAlchemy raises (`NoSuchTableError` from the inspector on a missing table).
#[derive(Clone)]
pub(super) struct Raised {
    pub(super) class: String,
    /// The host's handle on what an uncaught raise means for the replay (see
    /// [`Host::exception_uncaught`]); `None` for a `raise` statement.
    pub(super) host_id: Option<u32>,
    /// What `str(e)` says, when known (PostgreSQL's error message).
    pub(super) message: Option<String>,
    /// PostgreSQL's error inside the migration's transaction, outside any savepoint or
    /// autocommit block: catching it in Python does not undo the transaction's abort.
    pub(super) aborts_transaction: bool,
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `try`: its body with its `except` classes caught, then the `except` that catches what
    /// it raised (or its `else`), then its `finally`.
    pub(super) fn exec_try(&mut self, t: &ast::StmtTry) -> Flow {
        self.catching.push(handled_classes(&t.handlers));
        let flow = self.exec_block(&t.body);
        self.catching.pop();
        let flow = match flow {
            Flow::Normal => self.exec_block(&t.orelse),
            // An exception whose class is known goes to the first `except` that names it or
            // a base of it (`except NoSuchTableError:`, `except Exception:`, a bare
            // `except:`); its effect as an uncaught error is gone.
            Flow::Raise(Some(raised)) => match handler_for(&t.handlers, &raised.class) {
                Some(handler) => {
                    if let Some(name) = &handler.name {
                        // `str(e)` of an error PostgreSQL reported: its message.
                        let value = raised
                            .message
                            .clone()
                            .map_or_else(|| Value::unknown("an exception"), Value::Str);
                        self.bind(name.as_str(), value);
                    }
                    if let Some(id) = raised.host_id {
                        // `except X as e`: the clause's head, not its body.
                        let start = usize::from(handler.range.start());
                        let end = handler
                            .type_
                            .as_deref()
                            .map_or(start + "except".len(), |t| range_of(t).end);
                        let span = self.span(start..end);
                        self.host
                            .exception_caught(id, &span, raised.aborts_transaction);
                    }
                    self.handling.push(raised);
                    let flow = self.exec_block(&handler.body);
                    self.handling.pop();
                    flow
                }
                None => Flow::Raise(Some(raised)),
            },
            other => other,
        };
        match self.exec_block(&t.finalbody) {
            Flow::Normal => flow,
            other => other,
        }
    }

    /// `raise SomeError(...)` / `raise SomeError`: its class, for `except`. A bare `raise` in
    /// an `except` block raises again what it handles.
    pub(super) fn exec_raise(&mut self, r: &ast::StmtRaise, stmt: &ast::Stmt) -> Flow {
        if r.exc.is_none() {
            if let Some(current) = self.handling.last() {
                return Flow::Raise(Some(current.clone()));
            }
        }
        let class = r.exc.as_deref().and_then(|e| match e {
            ast::Expr::Call(c) => class_named(&c.func),
            other => class_named(other),
        });
        self.raise_statement = Some((class.clone(), self.span(range_of(stmt))));
        Flow::Raise(class.map(|class| Raised {
            class,
            host_id: None,
            message: None,
            aborts_transaction: false,
        }))
    }

    /// A module-level `if` that raised: said where it raised, and passed over.
    pub(super) fn guard_passed(&mut self, stmt: &ast::Stmt) {
        let span = match self.raise_statement.take() {
            Some((_, span)) => span,
            None => self.span(range_of(stmt)),
        };
        self.host.report(
            Diagnostic::info(
                Kind::Unanalyzable,
                codes::GUARD_PASSED,
                "this module raises here with the values driftlock assumes",
            )
            .at(span)
            .with_note(
                "a program that imports it (Alembic running env.py, the application importing \
                 its models) gets past it, so the rest of the module is read as if the \
                 condition before it did not hold",
            )
            .with_help(
                "when an environment variable decides it, give it in the configuration's \
                 `environment` table (`environment = { NAME = \"value\" }`)",
            ),
        );
    }

    /// Whether a `try` being run catches an exception of `class`.
    pub(super) fn is_caught(&self, class: &str) -> bool {
        let classes = exception_classes(class);
        self.catching
            .iter()
            .flatten()
            .any(|c| classes.contains(&c.as_str()))
    }
}

/// A `with` item that opens a savepoint (`bind.begin_nested()`): PostgreSQL's error inside
/// it rolls back to the savepoint, not the whole transaction.
pub(super) fn is_savepoint(expr: &ast::Expr) -> bool {
    matches!(expr, ast::Expr::Call(c)
        if matches!(&*c.func, ast::Expr::Attribute(a) if a.attr.as_str() == "begin_nested"))
}

/// The classes an exception is an instance of (itself, then its bases), for `except`.
fn exception_classes(class: &str) -> Vec<&str> {
    let mut out = vec![class];
    if class == "NoSuchTableError" {
        out.extend(["InvalidRequestError", "SQLAlchemyError"]);
    }
    // What SQLAlchemy raises for an error PostgreSQL reports (psycopg's, wrapped).
    if class == "ProgrammingError" {
        out.extend([
            "DatabaseError",
            "DBAPIError",
            "StatementError",
            "SQLAlchemyError",
        ]);
    }
    out.extend(["Exception", "BaseException"]);
    out
}

/// The class an exception expression names: `NoSuchTableError`, `sa.exc.NoSuchTableError`.
fn class_named(e: &ast::Expr) -> Option<String> {
    match e {
        ast::Expr::Name(n) => Some(n.id.to_string()),
        ast::Expr::Attribute(a) => Some(a.attr.to_string()),
        _ => None,
    }
}

/// The classes one `except` clause names (`BaseException` for a bare `except:`).
fn except_classes(h: &ast::ExceptHandlerExceptHandler) -> Vec<String> {
    match h.type_.as_deref() {
        None => vec!["BaseException".to_string()],
        Some(ast::Expr::Tuple(t)) => t.elts.iter().filter_map(class_named).collect(),
        Some(other) => class_named(other).into_iter().collect(),
    }
}

/// The classes the `except` clauses of a `try` name.
fn handled_classes(handlers: &[ast::ExceptHandler]) -> Vec<String> {
    handlers
        .iter()
        .flat_map(|ast::ExceptHandler::ExceptHandler(h)| except_classes(h))
        .collect()
}

/// The first `except` clause that catches an exception of `class`.
fn handler_for<'h>(
    handlers: &'h [ast::ExceptHandler],
    class: &str,
) -> Option<&'h ast::ExceptHandlerExceptHandler> {
    let classes = exception_classes(class);
    handlers
        .iter()
        .find_map(|ast::ExceptHandler::ExceptHandler(h)| {
            except_classes(h)
                .iter()
                .any(|n| classes.contains(&n.as_str()))
                .then_some(h)
        })
}
