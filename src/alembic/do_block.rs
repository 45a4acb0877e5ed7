//! `DO` blocks replayed: each `IF` condition decided from the schema as it is when the block
//! runs (`sql::catalog::condition`), the chosen statements applied in order, and an exception
//! handler's block rolled back to its start when one of its statements fails, as PostgreSQL's
//! subtransaction does. A condition or statement known only at run time is reported where it
//! is, and nothing of it is applied.

use super::Lowering;
use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::sql::{self, plpgsql::Step, Item};

impl Lowering<'_> {
    /// Applies what one SQL string does, statement by statement.
    pub(super) fn emit_items(&mut self, items: Vec<Item>) {
        for item in items {
            match item {
                Item::Op(op, at) => self.emit(op, &at),
                Item::Block { steps, span, .. } => self.run_steps(&steps, &span),
            }
        }
    }

    fn run_steps(&mut self, steps: &[Step], span: &Span) {
        for step in steps {
            match step {
                Step::Sql(text) => {
                    let place = sql::SqlPlace::call(span);
                    let items = sql::lower_sql_items(
                        text,
                        &place,
                        &mut self.diagnostics,
                        &mut self.sql_stats,
                    );
                    self.emit_items(items);
                }
                Step::If {
                    branches,
                    otherwise,
                } => {
                    // Whichever branch runs, nothing of the schema changes (a RAISE).
                    if otherwise.is_empty() && branches.iter().all(|(_, body)| body.is_empty()) {
                        continue;
                    }
                    let mut chosen = Some(otherwise);
                    for (condition, body) in branches {
                        match sql::catalog::condition(
                            condition,
                            self.schema,
                            self.search_path.current.as_deref(),
                        ) {
                            Some(true) => {
                                chosen = Some(body);
                                break;
                            }
                            Some(false) => {}
                            None => {
                                self.not_known(
                                    span,
                                    format!(
                                        "this DO block's condition `{}` is not known statically",
                                        one_line(condition)
                                    ),
                                );
                                chosen = None;
                                break;
                            }
                        }
                    }
                    if let Some(body) = chosen {
                        self.run_steps(body, span);
                    }
                }
                Step::Handled { body, handlers } => {
                    let before = self.schema.clone();
                    let (diagnostics, failures) = (self.diagnostics.len(), self.failures.len());
                    let (ops, created, rows, enum_memo) = (
                        self.ops.len(),
                        self.created.clone(),
                        self.rows.clone(),
                        self.enum_memo.clone(),
                    );
                    self.deferred.push(Vec::new());
                    self.run_steps(body, span);
                    let seen = self.deferred.pop().unwrap_or_default();
                    let failed = self.diagnostics[diagnostics..]
                        .iter()
                        .any(|d| d.code == codes::OPERATION_FAILS);
                    if failed {
                        // The handler catches the error: the block's changes are undone, its
                        // failures are not the history's, and the risk rules never see its
                        // operations (what is undone at once locks or rewrites nothing worth a
                        // finding). Which handler PostgreSQL picks depends on the error's
                        // SQLSTATE, which the replay does not keep: the first one runs.
                        *self.schema = before;
                        let mut index = 0;
                        self.diagnostics.retain(|d| {
                            let keep = index < diagnostics || d.code != codes::OPERATION_FAILS;
                            index += 1;
                            keep
                        });
                        self.failures.truncate(failures);
                        self.ops.truncate(ops);
                        (self.created, self.rows, self.enum_memo) = (created, rows, enum_memo);
                        if let Some((_, action)) = handlers.first() {
                            self.run_steps(action, span);
                        }
                    } else {
                        self.observe(seen);
                    }
                }
                Step::Unknown(why) => self.not_known(span, format!("this DO block runs {why}")),
            }
        }
    }

    /// Shows the operations of a block that did not roll back to the observer, or to the block
    /// around it, which may still roll back.
    fn observe(&mut self, seen: Vec<(crate::ir::Op, Span, crate::schema::Schema)>) {
        if let Some(outer) = self.deferred.last_mut() {
            outer.extend(seen);
        } else if let Some(observer) = self.observer.as_deref_mut() {
            for (op, at, before) in &seen {
                observer.operation(op, at, before);
            }
        }
    }

    fn not_known(&mut self, span: &Span, message: String) {
        // One census line for all of them (the message names each condition).
        self.sql_stats
            .unanalyzable_call("a DO block's condition or statement known only at run time");
        let mut d = Diagnostic::warning(Kind::Unanalyzable, codes::SQL_NOT_MODELLED, message)
            .at(span.clone())
            .with_note("what it would change is not applied: the replayed schema may differ from the database from here on");
        if let Some(r) = &self.revision {
            d = d.for_revision(r.clone());
        }
        self.diagnostics.push(d);
    }
}

/// A condition on one line, for a message.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
