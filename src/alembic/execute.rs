//! `op.execute(...)` and `bind.execute(...)`: the SQL, when known statically, lowered through
//! PostgreSQL's parser; positions placed inside the Python string literal when the SQL is
//! one plain literal.

use super::Lowering;
use crate::diagnostic::Span;
use crate::eval::value::{Object, Value};
use crate::ir::Op;
use crate::sql;
use crate::sqlalchemy::compile::sql_text;
use crate::sqlalchemy::types::class_name;

impl Lowering<'_> {
    /// `op.execute(...)`: SQL text goes through PostgreSQL's parser; SQLAlchemy statements
    /// built in Python (`table.update()...`) are data changes.
    /// Where each byte of `sql` is in the source, when it is the value of one plain string
    /// literal: the argument itself, or the literal in `sa.text("...")`.
    pub(super) fn literal_offsets(
        &self,
        statement: &Value,
        statement_span: Option<&Span>,
        sql: &str,
    ) -> Option<Vec<usize>> {
        let literal = match statement {
            Value::Str(_) => statement_span?,
            Value::Object(o)
                if o.receiver.is_none() && matches!(class_name(&o.class), "text" | "DDL") =>
            {
                o.args.positional_spans.first()?
            }
            _ => return None,
        };
        let source = self
            .sources?
            .try_get(literal.file)?
            .text
            .get(literal.range.clone())?;
        let offsets = crate::python::literal::literal_offsets(source, sql)?;
        Some(
            offsets
                .into_iter()
                .map(|o| literal.range.start + o)
                .collect(),
        )
    }

    /// `op.execute(...)` and `bind.execute(...)`; `statement_span` is where the statement
    /// argument is written.
    pub(super) fn execute(
        &mut self,
        statement: &Value,
        statement_span: Option<&Span>,
        span: &Span,
    ) -> Value {
        self.sql_stats.execute_calls += 1;
        match statement {
            Value::Object(o) if o.receiver.is_some() => {
                // `text("...").bindparams(...)` (or `.columns(...)`, `.execution_options(...)`):
                // the text's SQL, its parameters bound when it runs.
                if let Some(text) = bound_text(o) {
                    self.sql_stats.execute_calls -= 1;
                    return self.execute(&text, None, span);
                }
                let root = root_class(o);
                // A statement on a table, or a query built from `select(...)`
                // (`select(func.count()).select_from(t)`): data, not schema.
                if matches!(root.as_str(), "table" | "Table" | "select")
                    || matches!(
                        o.class.as_str(),
                        "values" | "where" | "update" | "insert" | "delete"
                    )
                {
                    return self.python_statement(o, span);
                }
                self.sql_stats
                    .unanalyzable_call("a statement built in Python that driftlock does not read");
                self.cannot(
                    span,
                    "op.execute",
                    "a statement built in Python that driftlock does not read".into(),
                );
                Value::None
            }
            Value::Object(o)
                if matches!(
                    class_name(&o.class),
                    "update" | "insert" | "delete" | "select"
                ) =>
            {
                self.python_statement(o, span)
            }
            other => match sql_text(other) {
                Ok(sql) => {
                    let place = sql::SqlPlace {
                        call: span.clone(),
                        offsets: self.literal_offsets(other, statement_span, &sql),
                    };
                    let items = sql::lower_sql_items(
                        &sql,
                        &place,
                        &mut self.diagnostics,
                        &mut self.sql_stats,
                    );
                    self.emit_items(items);
                    // A catalog query (does this index exist?): its rows, from the replay; a
                    // query on a table whose rows the replay knows (how many?), from those.
                    let rows = |t: &crate::ir::QualName| {
                        self.rows.of(&crate::schema::key(t)).map(|rows| rows.len())
                    };
                    let path = self.search_path.current.as_deref();
                    match sql::catalog::answer(&sql, self.schema, path)
                        .or_else(|| sql::row_count::answer(&sql, rows))
                    {
                        Some(rows) => query_result(rows),
                        None => Value::None,
                    }
                }
                Err(why) => {
                    if self.data_of_template(other, span) {
                        return Value::None;
                    }
                    // DDL with a hole (`f"CREATE TYPE t AS ENUM ({labels})"`) changes no row.
                    self.dynamic_data = crate::eval::fstring::template_of(other)
                        .is_some_and(|t| sql::changes_no_rows(&t, crate::eval::fstring::HOLE));
                    self.sql_stats.unanalyzable_call(&why);
                    if let Value::Unknown(reason) = other {
                        // Built from values only the running program knows: the rules see it.
                        self.emit(
                            Op::Statement(crate::ir::Statement::DynamicSql {
                                reason: reason.to_string(),
                            }),
                            span,
                        );
                    }
                    self.cannot(span, "op.execute", why);
                    Value::None
                }
            },
        }
    }
}

impl Lowering<'_> {
    /// A data statement built in Python (`sa.update(t)...`, `t.insert()`, `sa.select(...)`):
    /// replayed as data on the table it writes. A `SELECT` writes no row; its rows are known
    /// (none) when it reads one table the replay knows to be empty, as a new database holds
    /// it, so a loop over them runs no time.
    fn python_statement(&mut self, o: &Object, span: &Span) -> Value {
        self.sql_stats.python_statements += 1;
        let reads = is_select(o);
        self.rows_accounted = reads;
        self.emit(
            Op::Data {
                statement: python_statement(o),
                writes: python_writes(o),
            },
            span,
        );
        if !reads {
            return Value::None;
        }
        let empty = selected_table(o)
            .and_then(|t| self.rows.of(&crate::schema::key(&t)).map(Vec::is_empty))
            .unwrap_or(false);
        if empty {
            query_result(sql::catalog::Rows::ordered(Vec::new(), Vec::new()))
        } else {
            Value::None
        }
    }

    /// An f-string whose unknown values only fill in data (`f"UPDATE t SET a = NULL WHERE id
    /// = ANY({ids})"`): with `NULL` in each hole it is statements that change rows and nothing
    /// else, whatever the values (an `UPDATE`, `DELETE` or `INSERT`, a `SELECT`). They are
    /// replayed as data on the tables they name, after the `DynamicSql` the rules see; anything
    /// else (a hole in DDL may be a name) is left to the caller. Whether it was.
    fn data_of_template(&mut self, value: &Value, span: &Span) -> bool {
        let Some(template) = crate::eval::fstring::template_of(value) else {
            return false;
        };
        let sql = template.replace(crate::eval::fstring::HOLE, "NULL");
        let place = sql::SqlPlace {
            call: span.clone(),
            offsets: None,
        };
        let (mut problems, mut stats) = (Vec::new(), sql::SqlStats::default());
        let ops = sql::lower_sql(&sql, &place, &mut problems, &mut stats);
        let data_only = ops.iter().all(|(op, _)| matches!(op, Op::Data { .. }));
        if ops.is_empty() || !data_only || !problems.is_empty() {
            return false;
        }
        let Value::Unknown(reason) = value else {
            return false;
        };
        self.dynamic_data = true;
        self.emit(
            Op::Statement(crate::ir::Statement::DynamicSql {
                reason: reason.to_string(),
            }),
            span,
        );
        for (op, _) in ops {
            self.emit(op, span);
        }
        true
    }
}

/// The class at the root of an attribute chain (`sa.text`, `sa.select(...).where(...)`).
/// A statement built in Python, described by its SQL verb first (what the rules name it by):
/// `SELECT (a SQLAlchemy `select_from` statement)`.
fn python_statement(o: &Object) -> String {
    let mut verb = "SQL";
    let mut at = Some(o);
    while let Some(current) = at {
        if let Some(v) = ["select", "insert", "update", "delete"]
            .into_iter()
            .find(|v| class_name(&current.class) == *v)
        {
            verb = v;
        }
        at = match &current.receiver {
            Some(Value::Object(r)) => Some(r),
            _ => None,
        };
    }
    format!(
        "{} (a SQLAlchemy `{}` statement)",
        verb.to_uppercase(),
        class_name(&o.class)
    )
}

/// The table a statement built in Python writes and how (`sa.table("t", ...).update()`,
/// `sa.insert(t).values(...)`, `t.delete().where(...)`): `None` for a query, or a table that is
/// not a `table(...)`/`Table(...)` object with its name (a mapped class, say).
/// The table a `table("t", ...)` / `Table("t", ...)` value names, with its `schema=`.
fn named_table(v: &Value) -> Option<crate::ir::QualName> {
    let Value::Object(t) = v else {
        return None;
    };
    if !matches!(class_name(&t.class), "table" | "Table") || t.receiver.is_some() {
        return None;
    }
    let name = t.args.positional.first()?.as_str()?.to_string();
    let schema = t
        .args
        .keyword("schema")
        .and_then(|s| s.as_str())
        .map(str::to_string);
    Some(crate::ir::QualName::new(schema, name))
}

fn python_writes(o: &Object) -> Option<(crate::ir::QualName, crate::ir::RowEffect)> {
    let mut at = Some(o);
    while let Some(current) = at {
        let effect = match class_name(&current.class) {
            "insert" => Some(crate::ir::RowEffect::Adds),
            "update" | "delete" => Some(crate::ir::RowEffect::Changes),
            _ => None,
        };
        if let Some(effect) = effect {
            let table = current
                .receiver
                .as_ref()
                .and_then(named_table)
                .or_else(|| current.args.positional.first().and_then(named_table))?;
            return Some((table, effect));
        }
        at = match &current.receiver {
            Some(Value::Object(r)) => Some(r),
            _ => None,
        };
    }
    None
}

/// The `text(...)` at the root of a chain that only binds its parameters or says what it
/// returns.
fn bound_text(o: &Object) -> Option<Value> {
    if !matches!(
        class_name(&o.class),
        "bindparams" | "columns" | "execution_options" | "params"
    ) {
        return None;
    }
    let text = match &o.receiver {
        Some(root @ Value::Object(r)) if r.receiver.is_none() && class_name(&r.class) == "text" => {
            root.clone()
        }
        Some(Value::Object(r)) => bound_text(r)?,
        _ => return None,
    };
    // `.bindparams(name=value)`: the values written into the text.
    if class_name(&o.class) == "bindparams" && !o.args.keywords.is_empty() {
        let params = Value::Dict(
            o.args
                .keywords
                .iter()
                .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                .collect(),
        );
        return Some(crate::eval::binds::with_parameters(&text, Some(&params)));
    }
    Some(text)
}

fn root_class(o: &Object) -> String {
    match &o.receiver {
        Some(Value::Object(r)) => root_class(r),
        _ => class_name(&o.class).to_string(),
    }
}

/// What `bind.execute(...)` returns for a query the replay answered: its rows, each a row
/// object read by position (`row[0]`, unpacking) and by column name (`row.conname`), which
/// iteration, `first()`, `scalar()`, `fetchall()`, ... read (eval/calls.rs).
fn query_result(rows: sql::catalog::Rows) -> Value {
    use sql::catalog::Cell;
    let cell = |c: &Cell| match c {
        Cell::Int(i) => Value::Int(*i),
        Cell::Str(s) => Value::Str(s.clone()),
        Cell::Bool(b) => Value::Bool(*b),
        Cell::Null => Value::None,
        Cell::Unknown(why) => Value::unknown(*why),
    };
    let span = Span::new(crate::source::FileId(0), 0..0);
    let rows = rows_values(&rows, cell, &span);
    Object::call(
        crate::eval::value::QUERY_RESULT,
        vec![Value::List(rows.0)],
        vec![(
            crate::eval::value::QUERY_ORDERED.to_string(),
            Value::Bool(rows.1),
        )],
        &span,
    )
}

/// The rows as row objects, and whether their order is known.
fn rows_values(
    rows: &sql::catalog::Rows,
    cell: impl Fn(&sql::catalog::Cell) -> Value,
    span: &Span,
) -> (Vec<Value>, bool) {
    let values = rows
        .rows
        .iter()
        .map(|r| {
            let cells: Vec<Value> = r.iter().map(&cell).collect();
            let named = rows.columns.iter().cloned().zip(cells.clone()).collect();
            Object::call(crate::eval::value::QUERY_ROW, cells, named, span)
        })
        .collect();
    (values, rows.ordered)
}

/// Whether a statement built in Python only reads: `select(...)` at its root, no `insert`,
/// `update` or `delete` along its chain of calls.
fn is_select(o: &Object) -> bool {
    let mut at = Some(o);
    let mut selects = false;
    while let Some(current) = at {
        match class_name(&current.class) {
            "insert" | "update" | "delete" => return false,
            "select" => selects = true,
            _ => {}
        }
        at = match &current.receiver {
            Some(Value::Object(r)) => Some(r),
            _ => None,
        };
    }
    selects
}

/// The one table a Python `SELECT` reads, named by `table("t", ...)`: `select(...).select_from(t)`,
/// or the table of every column it selects (`select(t.c.id, t.c.name)`); `None` for anything
/// else (a join, a subquery, columns of several tables).
fn selected_table(o: &Object) -> Option<crate::ir::QualName> {
    // `t.c.id`: an attribute of `t.c`, whose receiver is `t`.
    let column_table = |v: &Value| -> Option<crate::ir::QualName> {
        let Value::Object(col) = v else { return None };
        let Some(Value::Object(c)) = &col.receiver else {
            return None;
        };
        if c.class != "c" || c.called {
            return None;
        }
        named_table(c.receiver.as_ref()?)
    };
    let mut tables: Vec<crate::ir::QualName> = Vec::new();
    let mut at = Some(o);
    while let Some(current) = at {
        match class_name(&current.class) {
            "select_from" => {
                let [from] = current.args.positional.as_slice() else {
                    return None;
                };
                tables.push(named_table(from)?);
            }
            "select" if current.receiver.is_none() => {
                for arg in &current.args.positional {
                    tables.push(named_table(arg).or_else(|| column_table(arg))?);
                }
            }
            // `t.select()`: the table's rows.
            "select" => {
                tables.push(named_table(current.receiver.as_ref()?)?);
                break;
            }
            "where" | "filter" | "filter_by" | "order_by" | "limit" | "offset" | "distinct" => {}
            _ => return None,
        }
        at = match &current.receiver {
            Some(Value::Object(r)) => Some(r),
            _ => None,
        };
    }
    let first = tables.first()?.clone();
    tables.iter().all(|t| *t == first).then_some(first)
}
