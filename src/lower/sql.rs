//! SQL run by `op.execute(...)`, parsed by PostgreSQL's own parser (`pg_query`) and lowered to
//! the same operations as the equivalent Alembic calls, so that the replay does not depend on
//! how a migration was written: `CREATE TABLE`, `ALTER TABLE` with its common subcommands
//! (applied in PostgreSQL's order of passes), `CREATE`/`DROP INDEX`, `COMMENT ON TABLE/COLUMN`,
//! sequences, schemas, enum types, extensions, views and materialized views (with what their
//! query reads), functions and procedures, triggers, drops and renames. Data, session, transaction
//! and privilege statements have no schema effect. Every other schema change, and every form
//! of the statements above that the catalog cannot hold, is reported as not modelled: never
//! dropped silently.
//!
//! Names come folded and unquoted from the parser. Defaults, checks and index expressions are
//! deparsed and printed as `pg_get_expr` prints them (`expr.rs`); what depends on the catalog
//! (the type of a column a literal default is set on, the primary key `REFERENCES t` means,
//! the index `USING INDEX` names, whether `ALTER TABLE IF EXISTS` applies) is decided by the
//! replay, through the operations made for that.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use pg_query::protobuf::{
    self, a_const, node::Node as N, AlterTableType as At, ConstrType as Ct, ObjectType,
};

use super::expr::sql_expression;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::ir::{
    ColumnChange, ColumnDef, ColumnUse, ConstraintDef, ConstraintKind, FunctionDef, Identity,
    IndexDef, IndexKey, Op, QualName, RelationUse, ViewDef, Volatility,
};
use crate::schema::apply::identifiers;
use crate::schema::{BaseType, SqlType};

/// A part of a statement that cannot be lowered: why.
type Attempt<T> = Result<T, String>;

fn string_of(node: &protobuf::Node) -> Option<String> {
    match node.node.as_ref()? {
        N::String(s) => Some(s.sval.clone()),
        _ => None,
    }
}

fn strings(nodes: &[protobuf::Node]) -> Vec<String> {
    nodes.iter().filter_map(string_of).collect()
}

/// A qualified name from its parts (`["billing", "mood"]`).
fn qual(parts: &[protobuf::Node]) -> Option<QualName> {
    let names = strings(parts);
    match names.as_slice() {
        [name] => Some(QualName::new(None, name.clone())),
        [schema, name] => Some(QualName::new(Some(schema.clone()), name.clone())),
        [_, schema, name] => Some(QualName::new(Some(schema.clone()), name.clone())),
        _ => None,
    }
}

fn object_name(node: &protobuf::Node) -> Option<QualName> {
    match node.node.as_ref()? {
        N::List(l) => qual(&l.items),
        N::TypeName(t) => qual(&t.names),
        N::String(s) => Some(QualName::new(None, s.sval.clone())),
        _ => None,
    }
}

fn relation(rv: Option<&protobuf::RangeVar>) -> Attempt<QualName> {
    let rv = rv.ok_or("a statement without its table")?;
    Ok(QualName::new(
        (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
        rv.relname.clone(),
    ))
}

fn is_temporary(rv: Option<&protobuf::RangeVar>) -> bool {
    rv.is_some_and(|rv| rv.relpersistence == "t" || is_temp_schema(&rv.schemaname))
}

/// `pg_temp` (the session's temporary schema): what is created there is gone with the session.
fn is_temp_schema(schema: &str) -> bool {
    schema == "pg_temp" || schema.starts_with("pg_temp_")
}

fn in_temp_schema(name: &QualName) -> bool {
    name.schema.as_deref().is_some_and(is_temp_schema)
}

/// What one statement lowers to: its operations, and whether (and why) some of it is a schema
/// change driftlock does not model.
#[derive(Default)]
struct Lowered {
    ops: Vec<Op>,
    unmodelled: bool,
    reasons: Vec<String>,
}

impl Lowered {
    fn not_modelled(&mut self, why: Option<String>) {
        self.unmodelled = true;
        self.reasons.extend(why);
    }
}

/// SQLAlchemy bind parameters (`:name` in `sa.text(...)`) and DB-API ones (`%(name)s`, `%s`)
/// are values supplied at run time; PostgreSQL's parser knows them as `$n`. Quoted text,
/// `::` casts and comments are left alone. Each parameter is padded to its own length, so
/// that positions in the result are positions in `sql`.
fn bind_parameters_as_placeholders(sql: &str) -> String {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = String::with_capacity(sql.len());
    let placeholder = |out: &mut String, replaced: &[char]| {
        let len: usize = replaced.iter().map(|c| c.len_utf8()).sum();
        out.push_str("$1");
        out.extend(std::iter::repeat_n(' ', len.saturating_sub(2)));
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\'' | '"' => {
                let quote = c;
                out.push(c);
                i += 1;
                while i < chars.len() {
                    out.push(chars[i]);
                    if chars[i] == quote {
                        break;
                    }
                    i += 1;
                }
                i += 1;
            }
            '-' if chars.get(i + 1) == Some(&'-') => {
                while i < chars.len() && chars[i] != '\n' {
                    out.push(chars[i]);
                    i += 1;
                }
            }
            ':' if chars.get(i + 1) == Some(&':') => {
                out.push_str("::");
                i += 2;
            }
            ':' if chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphabetic() || *n == '_') =>
            {
                let start = i;
                i += 1;
                while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                placeholder(&mut out, &chars[start..i]);
            }
            '%' if chars.get(i + 1) == Some(&'(') => {
                let start = i;
                while i < chars.len() && chars[i] != ')' {
                    i += 1;
                }
                i = (i + 2).min(chars.len()); // past `)s`
                placeholder(&mut out, &chars[start..i]);
            }
            '%' if chars.get(i + 1) == Some(&'s') => {
                i += 2;
                out.push_str("$1");
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Where SQL text is in the source: the call that runs it and, when the SQL is one plain
/// string literal, the source offset of each of its bytes (and of its end).
#[derive(Clone, Debug)]
pub struct SqlPlace {
    pub call: Span,
    pub offsets: Option<Vec<usize>>,
}

impl SqlPlace {
    /// SQL whose characters cannot be placed: everything is reported at the call.
    pub fn call(span: &Span) -> Self {
        SqlPlace {
            call: span.clone(),
            offsets: None,
        }
    }

    /// The source span of a byte range of the SQL, or the call's.
    fn span(&self, range: std::ops::Range<usize>) -> Span {
        match &self.offsets {
            Some(o) if range.end < o.len() && range.start <= range.end => Span::new(
                self.call.file,
                o[range.start]..o[range.end].max(o[range.start]),
            ),
            _ => self.call.clone(),
        }
    }
}

/// PostgreSQL's cursor position for a parse error: the 1-based character of the query where
/// it occurred. The pg_query crate leaves it out of its error type, so the parser library it
/// links is asked directly.
fn error_cursor(sql: &str) -> Option<usize> {
    use std::os::raw::{c_char, c_int};
    #[repr(C)]
    struct PgQueryError {
        message: *mut c_char,
        funcname: *mut c_char,
        filename: *mut c_char,
        lineno: c_int,
        cursorpos: c_int,
        context: *mut c_char,
    }
    #[repr(C)]
    struct PgQueryParseResult {
        parse_tree: *mut c_char,
        stderr_buffer: *mut c_char,
        error: *mut PgQueryError,
    }
    extern "C" {
        fn pg_query_parse(input: *const c_char) -> PgQueryParseResult;
        fn pg_query_free_parse_result(result: PgQueryParseResult);
    }
    let input = std::ffi::CString::new(sql).ok()?;
    // SAFETY: libpg_query's `pg_query_parse` takes a NUL-terminated string that outlives the
    // call and returns a result (its layout above, from pg_query.h) that is read before it is
    // freed by the matching `pg_query_free_parse_result`, exactly once.
    let cursor = unsafe {
        let result = pg_query_parse(input.as_ptr());
        let cursor = if result.error.is_null() {
            0
        } else {
            (*result.error).cursorpos
        };
        pg_query_free_parse_result(result);
        cursor
    };
    usize::try_from(cursor).ok().filter(|c| *c > 0)
}

/// The byte range of the token at a 1-based character position (one character if it is not
/// a word).
fn token_at(sql: &str, cursor: usize) -> Option<std::ops::Range<usize>> {
    let (start, first) = sql.char_indices().nth(cursor - 1)?;
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let len = if word(first) {
        sql[start..]
            .char_indices()
            .find(|(_, c)| !word(*c))
            .map_or(sql.len() - start, |(i, _)| i)
    } else {
        first.len_utf8()
    };
    Some(start..start + len)
}

/// Counts of what the SQL lowering met, for maintainers measuring how much of real histories
/// it models (`examples/sql_census.rs`). Not part of any output format.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SqlStats {
    /// `op.execute`, `bind.execute`, `exec_driver_sql` calls.
    pub execute_calls: usize,
    /// Calls running a statement built with SQLAlchemy in Python (`table.update()...`).
    pub python_statements: usize,
    /// Calls whose SQL is not known statically, by reason.
    pub unanalyzable_calls: usize,
    /// Calls whose SQL PostgreSQL's parser rejects.
    pub syntax_errors: usize,
    /// Statements parsed.
    pub statements: usize,
    /// Statements lowered to schema operations.
    pub schema_statements: usize,
    /// Data statements (`INSERT`, `UPDATE`, ...).
    pub data_statements: usize,
    /// Statements kept for the record, with no schema effect.
    pub no_effect_statements: usize,
    /// Statements (or parts of them) with a schema effect driftlock does not model.
    pub not_modelled_statements: usize,
    /// Not-modelled statements by kind (`ViewStmt`, `DropStmt(ObjectView)`, and the reason
    /// when there is one).
    pub not_modelled: BTreeMap<String, usize>,
    /// Unanalyzable calls by reason.
    pub unanalyzable: BTreeMap<String, usize>,
}

impl SqlStats {
    /// A call whose SQL is not known statically.
    pub fn unanalyzable_call(&mut self, why: &str) {
        self.unanalyzable_calls += 1;
        *self.unanalyzable.entry(why.to_string()).or_default() += 1;
    }

    fn statement(&mut self, node: &N, lowered: &Lowered) {
        self.statements += 1;
        if lowered.unmodelled {
            self.not_modelled_statements += 1;
            let mut kind = statement_kind(node);
            if let Some(reason) = lowered.reasons.first() {
                kind = format!("{kind}: {reason}");
            }
            *self.not_modelled.entry(kind).or_default() += 1;
        } else if lowered.ops.is_empty() {
            self.no_effect_statements += 1;
        } else if lowered.ops.iter().all(|op| matches!(op, Op::Data { .. })) {
            self.data_statements += 1;
        } else {
            self.schema_statements += 1;
        }
    }
}

/// The parser's name for a statement (`ViewStmt`), with the kind of object for statements
/// that work on many (`DropStmt(ObjectView)`).
fn statement_kind(node: &N) -> String {
    let debug = format!("{node:?}");
    let name = debug.split('(').next().unwrap_or("?").to_string();
    let object = match node {
        N::DropStmt(d) => Some(d.remove_type),
        N::RenameStmt(r) => Some(r.rename_type),
        N::AlterTableStmt(a) => Some(a.objtype),
        N::CreateTableAsStmt(c) => Some(c.objtype),
        N::DefineStmt(d) => Some(d.kind),
        N::AlterObjectSchemaStmt(a) => Some(a.object_type),
        _ => None,
    };
    match object {
        Some(o) => format!(
            "{name}({:?})",
            ObjectType::try_from(o).unwrap_or(ObjectType::Undefined)
        ),
        None => name,
    }
}

/// Lowers the statements of one SQL string; problems are pushed to `diagnostics`. Each
/// operation comes with the span of its statement (inside the string literal when `place`
/// can tell, else the call).
pub fn lower_sql(
    sql: &str,
    place: &SqlPlace,
    diagnostics: &mut Vec<Diagnostic>,
    stats: &mut SqlStats,
) -> Vec<(Op, Span)> {
    let original = sql;
    let with_placeholders = bind_parameters_as_placeholders(sql);
    let sql = with_placeholders.as_str();
    let parsed = match pg_query::parse(sql, 0) {
        Ok(p) => p,
        Err(e) => {
            stats.syntax_errors += 1;
            let at = error_cursor(sql)
                .and_then(|c| token_at(sql, c))
                .map_or_else(|| place.call.clone(), |r| place.span(r));
            diagnostics.push(
                Diagnostic::error(
                    Kind::Parse,
                    "sql-syntax-error",
                    format!("PostgreSQL cannot parse this SQL: {e}"),
                )
                .at(at),
            );
            return Vec::new();
        }
    };
    let mut ops = Vec::new();
    for raw in &parsed.protobuf.stmts {
        let Some(node) = raw.stmt.as_ref().and_then(|s| s.node.as_ref()) else {
            continue;
        };
        let start = usize::try_from(raw.stmt_location)
            .unwrap_or(0)
            .min(sql.len());
        let len = usize::try_from(raw.stmt_len).unwrap_or(0);
        let end = if len == 0 {
            sql.len()
        } else {
            (start + len).min(sql.len())
        };
        // The statement without the whitespace around it (the location of a statement after
        // the first is just past the previous `;`).
        let slice = original.get(start..end).unwrap_or(original);
        let lead = slice.len() - slice.trim_start().len();
        let text = slice.trim().to_string();
        let span = place.span(start + lead..start + lead + text.len());
        if let Some(op) = super::sql_session::lower(node, &text) {
            // No schema effect: counted as such, but kept as the operation rules read.
            stats.statement(node, &Lowered::default());
            ops.push((op, span));
            continue;
        }
        let mut lowered = lower_statement(node);
        for op in &mut lowered.ops {
            if let Op::Data { statement } = op {
                statement.clone_from(&text);
            }
        }
        stats.statement(node, &lowered);
        if lowered.unmodelled {
            let mut d = Diagnostic::warning(
                Kind::Unanalyzable,
                "sql-not-modelled",
                format!(
                    "this SQL changes the schema in a way driftlock does not model yet: {}",
                    first_words(&text)
                ),
            )
            .at(span.clone());
            for reason in &lowered.reasons {
                d = d.with_note(reason.clone());
            }
            diagnostics
                .push(d.with_note("the replayed schema may differ from the database from here on"));
        }
        let recorded = lowered.unmodelled || lowered.ops.is_empty();
        ops.extend(lowered.ops.into_iter().map(|op| (op, span.clone())));
        if recorded {
            ops.push((
                Op::Other {
                    statement: text,
                    changes_schema: lowered.unmodelled,
                },
                span,
            ));
        }
    }
    ops
}

fn first_words(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().take(6).collect();
    let mut s = words.join(" ");
    if text.split_whitespace().count() > 6 {
        s.push_str(" ...");
    }
    s
}

/// Statements that do not change the schema: data, session settings, transactions, locks,
/// privileges, statistics, maintenance, comments on objects outside the catalog.
fn is_harmless(node: &N) -> bool {
    matches!(
        node,
        N::InsertStmt(_)
            | N::UpdateStmt(_)
            | N::DeleteStmt(_)
            | N::SelectStmt(_)
            | N::CopyStmt(_)
            | N::MergeStmt(_)
            | N::VariableSetStmt(_)
            | N::TransactionStmt(_)
            | N::LockStmt(_)
            | N::GrantStmt(_)
            | N::GrantRoleStmt(_)
            | N::AlterDefaultPrivilegesStmt(_)
            | N::AlterOwnerStmt(_)
            | N::VacuumStmt(_)
            | N::ClusterStmt(_)
            | N::ReindexStmt(_)
            | N::RefreshMatViewStmt(_)
            | N::CheckPointStmt(_)
            | N::DiscardStmt(_)
            | N::ExplainStmt(_)
            | N::NotifyStmt(_)
            | N::ListenStmt(_)
            | N::UnlistenStmt(_)
            | N::DoStmt(_)
            | N::CommentStmt(_)
            | N::TruncateStmt(_)
    )
}

fn lower_statement(node: &N) -> Lowered {
    let mut out = Lowered::default();
    if let Err(why) = statement(node, &mut out) {
        out.ops.clear();
        out.not_modelled(Some(why));
    }
    out
}

fn statement(node: &N, out: &mut Lowered) -> Attempt<()> {
    match node {
        N::InsertStmt(_)
        | N::UpdateStmt(_)
        | N::DeleteStmt(_)
        | N::CopyStmt(_)
        | N::MergeStmt(_) => out.ops.push(Op::Data {
            statement: "data statement".into(),
        }),
        N::CreateSchemaStmt(s) => {
            out.ops.push(Op::CreateSchema {
                name: s.schemaname.clone(),
                if_not_exists: s.if_not_exists,
            });
            if !s.schema_elts.is_empty() {
                out.not_modelled(Some(
                    "objects created inside CREATE SCHEMA are not modelled".into(),
                ));
            }
        }
        N::CreateExtensionStmt(s) => out.ops.push(Op::CreateExtension {
            name: s.extname.clone(),
            if_not_exists: s.if_not_exists,
        }),
        N::CreateEnumStmt(s) => out.ops.push(Op::CreateEnum {
            name: qual(&s.type_name).ok_or("an enum type without a name")?,
            values: strings(&s.vals),
            if_not_exists: false,
        }),
        N::AlterEnumStmt(s) => {
            let name = qual(&s.type_name).ok_or("an enum type without a name")?;
            if !s.old_val.is_empty() {
                out.ops.push(Op::RenameEnumValue {
                    name,
                    old: s.old_val.clone(),
                    new: s.new_val.clone(),
                });
            } else {
                let position = (!s.new_val_neighbor.is_empty())
                    .then(|| (!s.new_val_is_after, s.new_val_neighbor.clone()));
                out.ops.push(Op::AddEnumValue {
                    name,
                    value: s.new_val.clone(),
                    position,
                    if_not_exists: s.skip_if_new_val_exists,
                });
            }
        }
        N::CreateStmt(c) => create_table(c, out)?,
        N::AlterTableStmt(a) => alter_table(a, out)?,
        N::IndexStmt(i) => out.ops.push(Op::CreateIndex(index_def(i)?)),
        N::CommentStmt(c) => comment(c, out)?,
        N::CreateSeqStmt(s) => {
            if !is_temporary(s.sequence.as_ref()) {
                out.ops.push(Op::CreateSequence {
                    name: relation(s.sequence.as_ref())?,
                    owned_by: owned_by(&s.options)?.flatten(),
                    if_not_exists: s.if_not_exists,
                });
            }
        }
        N::AlterSeqStmt(s) => {
            // Only the owner is part of the catalog; RESTART, INCREMENT, ... change nothing there.
            if let Some(owner) = owned_by(&s.options)? {
                out.ops.push(Op::SetSequenceOwner {
                    name: relation(s.sequence.as_ref())?,
                    owned_by: owner,
                    if_exists: s.missing_ok,
                });
            }
        }
        N::DropStmt(d) => drop_objects(d, out)?,
        N::RenameStmt(r) => rename(r, out)?,
        N::ViewStmt(v) => {
            if !is_temporary(v.view.as_ref()) {
                out.ops.push(Op::CreateView(view_def(
                    relation(v.view.as_ref())?,
                    v.query.as_deref(),
                    false,
                    v.replace,
                    false,
                )?));
            }
        }
        N::CreateTableAsStmt(c) if c.objtype == ObjectType::ObjectMatview as i32 => {
            let into = c
                .into
                .as_deref()
                .ok_or("a materialized view without a name")?;
            out.ops.push(Op::CreateView(view_def(
                relation(into.rel.as_ref())?,
                c.query.as_deref(),
                true,
                false,
                c.if_not_exists,
            )?));
        }
        N::CreateFunctionStmt(f) => {
            let def = function_def(f)?;
            if !in_temp_schema(&def.name) {
                out.ops.push(Op::CreateFunction(def));
            }
        }
        N::CreateTrigStmt(t) => out.ops.push(Op::CreateTrigger {
            name: t.trigname.clone(),
            table: relation(t.relation.as_ref())?,
            function: qual(&t.funcname).ok_or("a trigger function name driftlock cannot read")?,
            or_replace: t.replace,
        }),
        other if is_harmless(other) => {}
        _ => out.not_modelled(None),
    }
    Ok(())
}

fn drop_objects(d: &protobuf::DropStmt, out: &mut Lowered) -> Attempt<()> {
    let cascade = d.behavior == protobuf::DropBehavior::DropCascade as i32;
    let kind = ObjectType::try_from(d.remove_type).unwrap_or(ObjectType::Undefined);
    for object in &d.objects {
        let name = || object_name(object).ok_or("an object name driftlock cannot read");
        out.ops.push(match kind {
            ObjectType::ObjectTable => Op::DropTable {
                table: name()?,
                if_exists: d.missing_ok,
                cascade,
            },
            ObjectType::ObjectIndex => Op::DropIndex {
                index: name()?,
                if_exists: d.missing_ok,
                concurrently: d.concurrent,
            },
            ObjectType::ObjectType => Op::DropEnum {
                name: name()?,
                if_exists: d.missing_ok,
            },
            ObjectType::ObjectSequence => Op::DropSequence {
                name: name()?,
                if_exists: d.missing_ok,
                cascade,
            },
            ObjectType::ObjectSchema => Op::DropSchema {
                name: name()?.name,
                if_exists: d.missing_ok,
                cascade,
            },
            ObjectType::ObjectExtension => Op::DropExtension {
                name: name()?.name,
                if_exists: d.missing_ok,
            },
            ObjectType::ObjectView | ObjectType::ObjectMatview if in_temp_schema(&name()?) => {
                continue
            }
            ObjectType::ObjectView | ObjectType::ObjectMatview => Op::DropView {
                name: name()?,
                materialized: kind == ObjectType::ObjectMatview,
                if_exists: d.missing_ok,
                cascade,
            },
            ObjectType::ObjectFunction
            | ObjectType::ObjectProcedure
            | ObjectType::ObjectRoutine => {
                let (name, args) = routine(object)?;
                if in_temp_schema(&name) {
                    continue;
                }
                Op::DropFunction {
                    name,
                    args,
                    if_exists: d.missing_ok,
                    cascade,
                }
            }
            ObjectType::ObjectTrigger => {
                // `name ON table`: the table's name parts, then the trigger's.
                let parts = match object.node.as_ref() {
                    Some(N::List(l)) => strings(&l.items),
                    _ => Vec::new(),
                };
                let Some((trigger, table)) = parts.split_last() else {
                    return Err("a trigger name driftlock cannot read".into());
                };
                let table = match table {
                    [t] => QualName::new(None, t.clone()),
                    [s, t] | [_, s, t] => QualName::new(Some(s.clone()), t.clone()),
                    _ => return Err("a trigger's table driftlock cannot read".into()),
                };
                Op::DropTrigger {
                    name: trigger.clone(),
                    table,
                    if_exists: d.missing_ok,
                    cascade,
                }
            }
            _ => {
                out.not_modelled(None);
                return Ok(());
            }
        });
    }
    Ok(())
}

fn rename(r: &protobuf::RenameStmt, out: &mut Lowered) -> Attempt<()> {
    let kind = ObjectType::try_from(r.rename_type).unwrap_or(ObjectType::Undefined);
    let on = ObjectType::try_from(r.relation_type).unwrap_or(ObjectType::Undefined);
    if kind == ObjectType::ObjectColumn
        && matches!(on, ObjectType::ObjectView | ObjectType::ObjectMatview)
    {
        // The catalog does not hold the columns of views.
        return Ok(());
    }
    let table = || relation(r.relation.as_ref());
    let new_name = r.newname.clone();
    let op = match kind {
        ObjectType::ObjectTable => Op::RenameTable {
            table: table()?,
            new_name,
        },
        ObjectType::ObjectIndex => Op::RenameIndex {
            index: table()?,
            new_name,
        },
        ObjectType::ObjectSequence => Op::RenameSequence {
            name: table()?,
            new_name,
        },
        ObjectType::ObjectColumn => Op::AlterColumn {
            table: table()?,
            column: r.subname.clone(),
            change: ColumnChange {
                new_name: Some(new_name),
                ..Default::default()
            },
        },
        ObjectType::ObjectTabconstraint => Op::RenameConstraint {
            table: table()?,
            name: r.subname.clone(),
            new_name,
        },
        ObjectType::ObjectView | ObjectType::ObjectMatview => Op::RenameView {
            name: table()?,
            materialized: kind == ObjectType::ObjectMatview,
            new_name,
        },
        ObjectType::ObjectFunction | ObjectType::ObjectProcedure | ObjectType::ObjectRoutine => {
            let object = r
                .object
                .as_deref()
                .ok_or("a function name driftlock cannot read")?;
            let (name, args) = routine(object)?;
            Op::RenameFunction {
                name,
                args,
                new_name,
            }
        }
        ObjectType::ObjectTrigger => Op::RenameTrigger {
            table: table()?,
            name: r.subname.clone(),
            new_name,
        },
        ObjectType::ObjectType => Op::RenameEnum {
            name: r
                .object
                .as_deref()
                .and_then(object_name)
                .ok_or("a type name driftlock cannot read")?,
            new_name,
        },
        _ => {
            out.not_modelled(None);
            return Ok(());
        }
    };
    // `ALTER TABLE IF EXISTS ... RENAME`: nothing happens when the table is missing.
    let guarded = r.missing_ok
        && matches!(
            kind,
            ObjectType::ObjectTable | ObjectType::ObjectColumn | ObjectType::ObjectTabconstraint
        );
    out.ops.push(if guarded {
        Op::IfTableExists {
            table: table()?,
            op: Box::new(op),
        }
    } else {
        op
    });
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Views, functions, triggers

/// What a view's query reads: the relations it names (common table expressions left out) and
/// its column references, for the replay to resolve against the catalog.
fn view_def(
    name: QualName,
    query: Option<&protobuf::Node>,
    materialized: bool,
    or_replace: bool,
    if_not_exists: bool,
) -> Attempt<ViewDef> {
    let query = query
        .and_then(|q| q.node.as_ref())
        .ok_or("a view without its query")?;
    let nodes = query.nodes();
    let ctes: Vec<&str> = nodes
        .iter()
        .filter_map(|(n, ..)| match n {
            pg_query::NodeRef::CommonTableExpr(c) => Some(c.ctename.as_str()),
            _ => None,
        })
        .collect();
    // With common table expressions or subqueries in FROM, an unqualified `*` may be theirs:
    // it is not taken for every column of the tables read.
    let nested = !ctes.is_empty()
        || nodes
            .iter()
            .any(|(n, ..)| matches!(n, pg_query::NodeRef::RangeSubselect(_)));
    let mut reads = Vec::new();
    let mut columns = Vec::new();
    for (node, ..) in &nodes {
        match node {
            pg_query::NodeRef::RangeVar(rv) => {
                if rv.schemaname.is_empty() && ctes.contains(&rv.relname.as_str()) {
                    continue;
                }
                reads.push(RelationUse {
                    name: QualName::new(
                        (!rv.schemaname.is_empty()).then(|| rv.schemaname.clone()),
                        rv.relname.clone(),
                    ),
                    alias: rv.alias.as_ref().map(|a| a.aliasname.clone()),
                });
            }
            pg_query::NodeRef::ColumnRef(c) => {
                let star = matches!(
                    c.fields.last().and_then(|f| f.node.as_ref()),
                    Some(N::AStar(_))
                );
                let names = strings(&c.fields);
                let (qualifier, column) = if star {
                    if names.is_empty() && nested {
                        continue;
                    }
                    (names.last().cloned(), None)
                } else {
                    match names.as_slice() {
                        [] => continue,
                        [column] => (None, Some(column.clone())),
                        [.., q, column] => (Some(q.clone()), Some(column.clone())),
                    }
                };
                columns.push(ColumnUse { qualifier, column });
            }
            _ => {}
        }
    }
    Ok(ViewDef {
        name,
        materialized,
        or_replace,
        if_not_exists,
        reads,
        columns,
    })
}

/// An argument type as `format_type` prints it where driftlock knows the type, else as
/// written.
fn argument_type(tn: &protobuf::TypeName) -> String {
    match column_type(tn) {
        Ok((ty, false)) => ty.to_string(),
        _ => {
            let mut written = strings(&tn.names).join(".");
            if !tn.array_bounds.is_empty() {
                written.push_str("[]");
            }
            written
        }
    }
}

/// A function's name and input argument types from `name(args)` in `DROP`/`ALTER FUNCTION`;
/// no types when the argument list is left out.
fn routine(node: &protobuf::Node) -> Attempt<(QualName, Option<Vec<String>>)> {
    let Some(N::ObjectWithArgs(o)) = node.node.as_ref() else {
        return Err("a function name driftlock cannot read".into());
    };
    let name = qual(&o.objname).ok_or("a function name driftlock cannot read")?;
    if o.args_unspecified {
        return Ok((name, None));
    }
    let mut args = Vec::new();
    for a in &o.objargs {
        match a.node.as_ref() {
            Some(N::TypeName(tn)) => args.push(argument_type(tn)),
            _ => return Err("a function argument type driftlock cannot read".into()),
        }
    }
    Ok((name, Some(args)))
}

fn function_def(f: &protobuf::CreateFunctionStmt) -> Attempt<FunctionDef> {
    use protobuf::FunctionParameterMode as M;
    let name = qual(&f.funcname).ok_or("a function name driftlock cannot read")?;
    let mut args = Vec::new();
    for p in &f.parameters {
        let Some(N::FunctionParameter(p)) = p.node.as_ref() else {
            return Err("a function parameter driftlock cannot read".into());
        };
        let mode = M::try_from(p.mode).unwrap_or(M::Undefined);
        if matches!(mode, M::FuncParamOut | M::FuncParamTable) {
            continue;
        }
        let tn = p
            .arg_type
            .as_ref()
            .ok_or("a function parameter without a type")?;
        args.push(argument_type(tn));
    }
    let mut def = FunctionDef {
        name,
        args,
        procedure: f.is_procedure,
        language: "sql".into(),
        volatility: Volatility::default(),
        security_definer: false,
        sets_search_path: false,
        or_replace: f.replace,
    };
    for option in &f.options {
        let Some(N::DefElem(d)) = option.node.as_ref() else {
            continue;
        };
        let arg = d.arg.as_deref().and_then(|a| a.node.as_ref());
        match (d.defname.as_str(), arg) {
            ("language", Some(N::String(l))) => def.language = l.sval.to_lowercase(),
            ("volatility", Some(N::String(v))) => {
                def.volatility = match v.sval.as_str() {
                    "immutable" => Volatility::Immutable,
                    "stable" => Volatility::Stable,
                    _ => Volatility::Volatile,
                }
            }
            ("security", Some(N::Boolean(b))) => def.security_definer = b.boolval,
            ("set", Some(N::VariableSetStmt(v))) if v.name == "search_path" => {
                def.sets_search_path = true
            }
            _ => {}
        }
    }
    Ok(def)
}

// ---------------------------------------------------------------------------------------------
// Types and expressions

/// A column type as PostgreSQL resolves it, and whether it is one of the SERIAL pseudo-types.
fn column_type(tn: &protobuf::TypeName) -> Attempt<(SqlType, bool)> {
    if tn.setof || tn.pct_type {
        return Err("a column type given as %TYPE or SETOF is not modelled".into());
    }
    let names = strings(&tn.names);
    let (schema, name) = match names.as_slice() {
        [n] => (None, n.as_str()),
        [s, n] | [_, s, n] => (Some(s.as_str()), n.as_str()),
        _ => return Err("a type name driftlock cannot read".into()),
    };
    let mut modifiers = Vec::new();
    for m in &tn.typmods {
        match m.node.as_ref() {
            Some(N::AConst(c)) => match &c.val {
                Some(a_const::Val::Ival(i)) => modifiers.push(i.ival),
                _ => return Err(format!("the modifiers of type {name} are not modelled")),
            },
            _ => return Err(format!("the modifiers of type {name} are not modelled")),
        }
    }
    let array = !tn.array_bounds.is_empty();
    // SERIAL is only a type name in column definitions, and only unqualified.
    if schema.is_none() {
        let serial = match name {
            "serial" | "serial4" => Some(BaseType::Integer),
            "bigserial" | "serial8" => Some(BaseType::BigInt),
            "smallserial" | "serial2" => Some(BaseType::SmallInt),
            _ => None,
        };
        if let Some(base) = serial {
            if array || !modifiers.is_empty() {
                return Err(format!("{name} with modifiers or as an array is not valid"));
            }
            return Ok((SqlType::new(base), true));
        }
    }
    // An unqualified `"char"` (quoted) is the one-byte internal type, not character(1).
    let builtin = schema == Some("pg_catalog") || (schema.is_none() && name != "char");
    let unsigned: Option<Vec<u32>> = modifiers.iter().map(|m| u32::try_from(*m).ok()).collect();
    let base = match (builtin, name, unsigned) {
        (true, "interval", _) => interval(&modifiers)?,
        (true, _, Some(m)) if SqlType::from_sql_name(name, &m).is_some() => {
            SqlType::from_sql_name(name, &m).expect("checked")
        }
        _ if schema == Some("pg_catalog") => {
            return Err(format!("type pg_catalog.{name} is not modelled"))
        }
        _ => BaseType::Named {
            schema: schema.filter(|s| *s != "public").map(str::to_string),
            name: name.to_string(),
            modifiers: (!modifiers.is_empty()).then(|| {
                modifiers
                    .iter()
                    .map(i32::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            }),
        },
    };
    let mut ty = SqlType::new(base);
    ty.array = array;
    Ok((ty, false))
}

/// `interval [fields] [(p)]`: the parser encodes the fields as a bit mask (`INTERVAL_MASK`).
fn interval(modifiers: &[i32]) -> Attempt<BaseType> {
    const FULL_RANGE: i32 = 0x7FFF;
    let (mask, precision) = match modifiers {
        [] => (FULL_RANGE, None),
        [m] => (*m, None),
        [m, p] => (*m, u32::try_from(*p).ok()),
        _ => return Err("interval modifiers driftlock cannot read".into()),
    };
    let (year, month, day, hour, minute, second) = (4, 2, 8, 1 << 10, 1 << 11, 1 << 12);
    let fields = match mask {
        FULL_RANGE => None,
        m if m == year => Some("year"),
        m if m == month => Some("month"),
        m if m == day => Some("day"),
        m if m == hour => Some("hour"),
        m if m == minute => Some("minute"),
        m if m == second => Some("second"),
        m if m == year | month => Some("year to month"),
        m if m == day | hour => Some("day to hour"),
        m if m == day | hour | minute => Some("day to minute"),
        m if m == day | hour | minute | second => Some("day to second"),
        m if m == hour | minute => Some("hour to minute"),
        m if m == hour | minute | second => Some("hour to second"),
        m if m == minute | second => Some("minute to second"),
        _ => return Err("interval fields driftlock cannot read".into()),
    };
    Ok(BaseType::Interval {
        fields: fields.map(str::to_string),
        precision,
    })
}

/// An expression node as SQL text, through PostgreSQL's deparser (`SELECT <expr>`).
fn deparse(node: &protobuf::Node) -> Attempt<String> {
    static SELECT: OnceLock<Option<protobuf::ParseResult>> = OnceLock::new();
    let template = SELECT
        .get_or_init(|| pg_query::parse("SELECT 1", 0).ok().map(|p| p.protobuf))
        .as_ref()
        .ok_or("the SQL deparser is not available")?;
    let mut tree = template.clone();
    let target = tree
        .stmts
        .first_mut()
        .and_then(|s| s.stmt.as_mut())
        .and_then(|s| match s.node.as_mut() {
            Some(N::SelectStmt(select)) => select.target_list.first_mut(),
            _ => None,
        })
        .and_then(|t| match t.node.as_mut() {
            Some(N::ResTarget(r)) => Some(r),
            _ => None,
        })
        .ok_or("the SQL deparser is not available")?;
    target.val = Some(Box::new(node.clone()));
    let text = pg_query::deparse(&tree, pg_query::DeparseOptions::default())
        .map_err(|e| format!("an expression PostgreSQL's deparser cannot print: {e}"))?;
    Ok(text.strip_prefix("SELECT ").unwrap_or(&text).to_string())
}

fn required<'a>(node: Option<&'a protobuf::Node>, what: &str) -> Attempt<&'a protobuf::Node> {
    node.ok_or_else(|| format!("{what} is missing"))
}

/// An expression as `pg_get_expr` prints it, without a type to coerce a lone literal to.
fn expression(node: &protobuf::Node) -> Attempt<String> {
    let text = deparse(node)?;
    sql_expression(&text, None).map_err(|e| format!("the expression `{text}` does not parse: {e}"))
}

/// A column default as `pg_get_expr` prints it for a column of type `ty`; `None` for a null
/// constant, which PostgreSQL does not store (`AddRelationNewConstraints`).
fn default_of(node: &protobuf::Node, ty: Option<&SqlType>) -> Attempt<Option<String>> {
    let text = deparse(node)?;
    if text == "NULL" || text.starts_with("NULL::") {
        return Ok(None);
    }
    sql_expression(&text, ty)
        .map(Some)
        .map_err(|e| format!("the default `{text}` does not parse: {e}"))
}

/// The text of a lone string literal (`'it''s'` is `it's`).
fn lone_literal(text: &str) -> Option<String> {
    let inner = text.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' && chars.next() != Some('\'') {
            return None;
        }
        out.push(c);
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// Columns and constraints

/// A column definition and the constraints written inline with it.
fn column_def(cd: &protobuf::ColumnDef) -> Attempt<(ColumnDef, Vec<ConstraintDef>)> {
    let tn = cd
        .type_name
        .as_ref()
        .ok_or_else(|| format!("column {} has no type", cd.colname))?;
    let (ty, serial) = column_type(tn)?;
    let mut column = ColumnDef {
        name: cd.colname.clone(),
        ty,
        serial,
        not_null: cd.is_not_null,
        default: None,
        identity: None,
        generated: None,
        comment: None,
    };
    let mut constraints = Vec::new();
    for node in &cd.constraints {
        let Some(N::Constraint(c)) = node.node.as_ref() else {
            return Err(format!(
                "a constraint of column {} driftlock cannot read",
                cd.colname
            ));
        };
        match Ct::try_from(c.contype).unwrap_or(Ct::Undefined) {
            Ct::ConstrNotnull => column.not_null = true,
            Ct::ConstrNull => column.not_null = false,
            Ct::ConstrDefault => {
                let expr = required(c.raw_expr.as_deref(), "the default")?;
                column.default = default_of(expr, Some(&column.ty))?;
            }
            Ct::ConstrIdentity => {
                column.identity = Some(Identity {
                    always: c.generated_when == "a",
                })
            }
            Ct::ConstrGenerated => {
                let expr = required(c.raw_expr.as_deref(), "the generation expression")?;
                column.generated = Some(format!("({})", expression(expr)?));
            }
            Ct::ConstrCheck | Ct::ConstrPrimary | Ct::ConstrUnique | Ct::ConstrForeign => {
                constraints.push(constraint_def(c, Some(&column.name))?)
            }
            Ct::ConstrAttrDeferrable
            | Ct::ConstrAttrNotDeferrable
            | Ct::ConstrAttrDeferred
            | Ct::ConstrAttrImmediate
            | Ct::ConstrAttrEnforced
            | Ct::ConstrAttrNotEnforced => {}
            _ => {
                return Err(format!(
                    "a constraint of column {} that driftlock does not model",
                    cd.colname
                ))
            }
        }
    }
    // The primary key makes its columns NOT NULL (as Alembic's lowering writes it too).
    if constraints
        .iter()
        .any(|c| matches!(c.kind, ConstraintKind::PrimaryKey { .. }))
    {
        column.not_null = true;
    }
    Ok((column, constraints))
}

/// `ON DELETE`/`ON UPDATE` actions as the parser codes them; `NO ACTION` is the default.
fn fk_action(code: &str) -> Option<String> {
    match code {
        "r" => Some("RESTRICT".into()),
        "c" => Some("CASCADE".into()),
        "n" => Some("SET NULL".into()),
        "d" => Some("SET DEFAULT".into()),
        _ => None,
    }
}

/// A table constraint, or a column constraint of `column`.
fn constraint_def(c: &protobuf::Constraint, column: Option<&str>) -> Attempt<ConstraintDef> {
    let columns = |nodes: &[protobuf::Node]| match (nodes.is_empty(), column) {
        (true, Some(col)) => vec![col.to_string()],
        _ => strings(nodes),
    };
    let contype = Ct::try_from(c.contype).unwrap_or(Ct::Undefined);
    let index_options = |what: &str| -> Attempt<()> {
        if !c.including.is_empty() {
            return Err(format!("INCLUDE columns of a {what} are not modelled"));
        }
        if c.without_overlaps {
            return Err(format!("WITHOUT OVERLAPS in a {what} is not modelled"));
        }
        Ok(())
    };
    let kind = match contype {
        Ct::ConstrPrimary => {
            index_options("primary key")?;
            ConstraintKind::PrimaryKey {
                columns: columns(&c.keys),
            }
        }
        Ct::ConstrUnique => {
            index_options("unique constraint")?;
            ConstraintKind::Unique {
                columns: columns(&c.keys),
            }
        }
        Ct::ConstrCheck => {
            let text = deparse(required(c.raw_expr.as_deref(), "the check condition")?)?;
            let expression = sql_expression(&text, None)
                .map_err(|e| format!("the check condition `{text}` does not parse: {e}"))?;
            ConstraintKind::Check {
                expression: format!("({expression})"),
                columns: identifiers(&text),
            }
        }
        Ct::ConstrForeign => {
            if c.fk_with_period || c.pk_with_period {
                return Err("foreign keys with PERIOD are not modelled".into());
            }
            ConstraintKind::ForeignKey {
                columns: columns(&c.fk_attrs),
                referenced: relation(c.pktable.as_ref())?,
                referenced_columns: strings(&c.pk_attrs),
                on_delete: fk_action(&c.fk_del_action),
                on_update: fk_action(&c.fk_upd_action),
            }
        }
        Ct::ConstrExclusion => {
            if c.where_clause.is_some() {
                return Err("exclusion constraints with WHERE are not modelled".into());
            }
            let mut excluded = Vec::new();
            for element in &c.exclusions {
                let Some(N::List(pair)) = element.node.as_ref() else {
                    return Err("an exclusion element driftlock cannot read".into());
                };
                match pair.items.first().and_then(|i| i.node.as_ref()) {
                    Some(N::IndexElem(e)) if !e.name.is_empty() => excluded.push(e.name.clone()),
                    _ => return Err("exclusion constraints on expressions are not modelled".into()),
                }
            }
            ConstraintKind::Exclude {
                columns: excluded,
                using: if c.access_method.is_empty() {
                    "btree".into()
                } else {
                    c.access_method.to_lowercase()
                },
            }
        }
        _ => return Err("this kind of constraint is not modelled".into()),
    };
    Ok(ConstraintDef {
        name: (!c.conname.is_empty()).then(|| c.conname.clone()),
        kind,
    })
}

/// The constraints of one `CREATE TABLE` in the order PostgreSQL names them: the primary key,
/// then unique and exclusion constraints (an index identical to an earlier one is not made
/// twice: `transformIndexConstraints`), then checks, then foreign keys.
fn creation_order(constraints: Vec<ConstraintDef>) -> Vec<ConstraintDef> {
    let rank = |c: &ConstraintDef| match c.kind {
        ConstraintKind::PrimaryKey { .. } => 0,
        ConstraintKind::Unique { .. } | ConstraintKind::Exclude { .. } => 1,
        ConstraintKind::Check { .. } => 2,
        ConstraintKind::ForeignKey { .. } => 3,
    };
    let mut sorted = constraints;
    sorted.sort_by_key(rank);
    let mut out: Vec<ConstraintDef> = Vec::new();
    for c in sorted {
        if let ConstraintKind::Unique { columns } = &c.kind {
            let same = out.iter_mut().find(|prior| {
                matches!(&prior.kind, ConstraintKind::PrimaryKey { columns: p }
                    | ConstraintKind::Unique { columns: p } if p == columns)
            });
            if let Some(prior) = same {
                if prior.name.is_none() {
                    prior.name = c.name;
                }
                continue;
            }
        }
        out.push(c);
    }
    out
}

fn create_table(c: &protobuf::CreateStmt, out: &mut Lowered) -> Attempt<()> {
    if is_temporary(c.relation.as_ref()) {
        // A temporary table is gone with the session: nothing for the catalog.
        return Ok(());
    }
    let table = relation(c.relation.as_ref())?;
    if !c.inh_relations.is_empty() {
        return Err("CREATE TABLE ... INHERITS is not modelled".into());
    }
    if c.partbound.is_some() {
        return Err("partitions (CREATE TABLE ... PARTITION OF) are not modelled".into());
    }
    if c.of_typename.is_some() {
        return Err("typed tables (CREATE TABLE ... OF type) are not modelled".into());
    }
    let mut columns = Vec::new();
    let mut constraints = Vec::new();
    for element in c.table_elts.iter().chain(&c.constraints) {
        match element.node.as_ref() {
            Some(N::ColumnDef(cd)) => {
                let (column, inline) = column_def(cd)?;
                columns.push(column);
                constraints.extend(inline);
            }
            Some(N::Constraint(k)) => match Ct::try_from(k.contype).unwrap_or(Ct::Undefined) {
                Ct::ConstrAttrDeferrable
                | Ct::ConstrAttrNotDeferrable
                | Ct::ConstrAttrDeferred
                | Ct::ConstrAttrImmediate => {}
                _ => constraints.push(constraint_def(k, None)?),
            },
            Some(N::TableLikeClause(_)) => {
                return Err("CREATE TABLE ... (LIKE ...) is not modelled".into())
            }
            _ => return Err("a table element driftlock cannot read".into()),
        }
    }
    let constraints = creation_order(constraints);
    if let Some(ConstraintKind::PrimaryKey { columns: pk }) = constraints.first().map(|c| &c.kind) {
        for column in columns.iter_mut().filter(|c| pk.contains(&c.name)) {
            column.not_null = true;
        }
    }
    out.ops.push(Op::CreateTable {
        table,
        columns,
        constraints,
        comment: None,
        if_not_exists: c.if_not_exists,
    });
    if c.partspec.is_some() {
        out.not_modelled(Some(
            "partitioning (PARTITION BY) is not modelled: the table is replayed as a plain table"
                .into(),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// ALTER TABLE

/// PostgreSQL runs the subcommands of one `ALTER TABLE` in passes (`AT_PASS_*` in
/// tablecmds.c), in order within a pass: drops first, then type changes, new columns,
/// constraints, column attributes, indexes, and defaults and the constraints written inline
/// in `ADD COLUMN` last.
mod pass {
    pub const DROP: u8 = 0;
    pub const ALTER_TYPE: u8 = 1;
    pub const ADD_COLUMN: u8 = 4;
    pub const ADD_CONSTRAINT: u8 = 5;
    pub const COLUMN_ATTRIBUTES: u8 = 6;
    pub const ADD_INDEX_CONSTRAINT: u8 = 7;
    pub const ADD_INDEX: u8 = 8;
    pub const ADD_OTHER_CONSTRAINT: u8 = 9;
}

fn alter_table(a: &protobuf::AlterTableStmt, out: &mut Lowered) -> Attempt<()> {
    let objtype = ObjectType::try_from(a.objtype).unwrap_or(ObjectType::Undefined);
    let table = relation(a.relation.as_ref())?;
    let mut staged: Vec<(u8, Op)> = Vec::new();
    for cmd in &a.cmds {
        let Some(N::AlterTableCmd(c)) = cmd.node.as_ref() else {
            out.not_modelled(Some(
                "an ALTER TABLE subcommand driftlock cannot read".into(),
            ));
            continue;
        };
        let subtype = At::try_from(c.subtype).unwrap_or(At::Undefined);
        if let Some(op) = super::sql_session::alter_table_statement(&table, c) {
            staged.push((pass::ADD_CONSTRAINT, op));
        }
        if no_catalog_effect(subtype) {
            continue;
        }
        if objtype != ObjectType::ObjectTable {
            // ALTER INDEX / VIEW / MATERIALIZED VIEW / SEQUENCE / FOREIGN TABLE.
            out.not_modelled(None);
            continue;
        }
        if let Err(why) = alter_command(&table, c, subtype, &mut staged) {
            out.not_modelled(Some(why));
        }
    }
    // Stable: the order of the subcommands within a pass stays.
    staged.sort_by_key(|(p, _)| *p);
    for (_, op) in staged {
        out.ops.push(if a.missing_ok {
            Op::IfTableExists {
                table: table.clone(),
                op: Box::new(op),
            }
        } else {
            op
        });
    }
    Ok(())
}

/// Subcommands that change nothing the catalog holds (storage, ownership, triggers, row
/// security, validation, ...).
fn no_catalog_effect(subtype: At) -> bool {
    matches!(
        subtype,
        At::AtSetStatistics
            | At::AtSetOptions
            | At::AtResetOptions
            | At::AtSetStorage
            | At::AtSetCompression
            | At::AtChangeOwner
            | At::AtClusterOn
            | At::AtDropCluster
            | At::AtSetLogged
            | At::AtSetUnLogged
            | At::AtDropOids
            | At::AtSetAccessMethod
            | At::AtSetTableSpace
            | At::AtSetRelOptions
            | At::AtResetRelOptions
            | At::AtReplaceRelOptions
            | At::AtEnableTrig
            | At::AtEnableAlwaysTrig
            | At::AtEnableReplicaTrig
            | At::AtDisableTrig
            | At::AtEnableTrigAll
            | At::AtDisableTrigAll
            | At::AtEnableTrigUser
            | At::AtDisableTrigUser
            | At::AtEnableRule
            | At::AtEnableAlwaysRule
            | At::AtEnableReplicaRule
            | At::AtDisableRule
            | At::AtReplicaIdentity
            | At::AtEnableRowSecurity
            | At::AtDisableRowSecurity
            | At::AtForceRowSecurity
            | At::AtNoForceRowSecurity
            | At::AtGenericOptions
            | At::AtAlterColumnGenericOptions
            | At::AtValidateConstraint
            | At::AtAlterConstraint
    )
}

/// The SQL words of a subcommand driftlock does not model, for the diagnostic.
fn subcommand_words(subtype: At) -> String {
    match subtype {
        At::AtSetExpression => "ALTER COLUMN ... SET EXPRESSION".into(),
        At::AtDropExpression => "ALTER COLUMN ... DROP EXPRESSION".into(),
        At::AtAddInherit => "INHERIT".into(),
        At::AtDropInherit => "NO INHERIT".into(),
        At::AtAddOf => "OF type".into(),
        At::AtDropOf => "NOT OF".into(),
        At::AtAttachPartition => "ATTACH PARTITION".into(),
        At::AtDetachPartition | At::AtDetachPartitionFinalize => "DETACH PARTITION".into(),
        other => format!("{other:?}"),
    }
}

fn alter_command(
    table: &QualName,
    c: &protobuf::AlterTableCmd,
    subtype: At,
    staged: &mut Vec<(u8, Op)>,
) -> Attempt<()> {
    let cascade = c.behavior == protobuf::DropBehavior::DropCascade as i32;
    let alter = |change: ColumnChange| Op::AlterColumn {
        table: table.clone(),
        column: c.name.clone(),
        change,
    };
    let def = || c.def.as_deref().and_then(|d| d.node.as_ref());
    match subtype {
        At::AtAddColumn => {
            let Some(N::ColumnDef(cd)) = def() else {
                return Err("ADD COLUMN without a column definition".into());
            };
            let (column, constraints) = column_def(cd)?;
            staged.push((
                pass::ADD_COLUMN,
                Op::AddColumn {
                    table: table.clone(),
                    column,
                    if_not_exists: c.missing_ok,
                },
            ));
            for constraint in constraints {
                let p = match constraint.kind {
                    ConstraintKind::PrimaryKey { .. }
                    | ConstraintKind::Unique { .. }
                    | ConstraintKind::Exclude { .. } => pass::ADD_INDEX,
                    _ => pass::ADD_OTHER_CONSTRAINT,
                };
                staged.push((
                    p,
                    Op::AddConstraint {
                        table: table.clone(),
                        constraint,
                        not_valid: false,
                    },
                ));
            }
        }
        At::AtDropColumn => staged.push((
            pass::DROP,
            Op::DropColumn {
                table: table.clone(),
                column: c.name.clone(),
                if_exists: c.missing_ok,
                cascade,
            },
        )),
        At::AtColumnDefault => match c.def.as_deref() {
            None => staged.push((
                pass::DROP,
                alter(ColumnChange {
                    default: Some(None),
                    ..Default::default()
                }),
            )),
            Some(expr) => {
                let text = deparse(expr)?;
                let op = match lone_literal(&text) {
                    // Its type is the column's, which the replay knows.
                    Some(value) => Op::SetDefaultLiteral {
                        table: table.clone(),
                        column: c.name.clone(),
                        value,
                    },
                    None => alter(ColumnChange {
                        default: Some(default_of(expr, None)?),
                        ..Default::default()
                    }),
                };
                staged.push((pass::ADD_OTHER_CONSTRAINT, op));
            }
        },
        At::AtDropNotNull => staged.push((
            pass::DROP,
            alter(ColumnChange {
                not_null: Some(false),
                ..Default::default()
            }),
        )),
        At::AtSetNotNull => staged.push((
            pass::COLUMN_ATTRIBUTES,
            alter(ColumnChange {
                not_null: Some(true),
                ..Default::default()
            }),
        )),
        At::AtAlterColumnType => {
            let Some(N::ColumnDef(cd)) = def() else {
                return Err("ALTER COLUMN ... TYPE without a type".into());
            };
            let tn = cd
                .type_name
                .as_ref()
                .ok_or("ALTER COLUMN ... TYPE without a type")?;
            let (ty, serial) = column_type(tn)?;
            if serial {
                return Err("ALTER COLUMN ... TYPE serial is not valid SQL".into());
            }
            let using = cd.raw_default.as_deref().map(deparse).transpose()?;
            staged.push((
                pass::ALTER_TYPE,
                alter(ColumnChange {
                    ty: Some(ty),
                    using,
                    ..Default::default()
                }),
            ));
        }
        At::AtAddConstraint => {
            let Some(N::Constraint(k)) = def() else {
                return Err("ADD CONSTRAINT without a constraint".into());
            };
            if !k.indexname.is_empty() {
                staged.push((
                    pass::ADD_INDEX_CONSTRAINT,
                    Op::AddConstraintUsingIndex {
                        table: table.clone(),
                        name: (!k.conname.is_empty()).then(|| k.conname.clone()),
                        index: k.indexname.clone(),
                        primary_key: k.contype == Ct::ConstrPrimary as i32,
                    },
                ));
                return Ok(());
            }
            let constraint = constraint_def(k, None)?;
            let p = match constraint.kind {
                ConstraintKind::PrimaryKey { .. }
                | ConstraintKind::Unique { .. }
                | ConstraintKind::Exclude { .. } => pass::ADD_INDEX,
                _ => pass::ADD_CONSTRAINT,
            };
            staged.push((
                p,
                Op::AddConstraint {
                    table: table.clone(),
                    constraint,
                    not_valid: k.skip_validation,
                },
            ));
        }
        At::AtDropConstraint => staged.push((
            pass::DROP,
            Op::DropConstraint {
                table: table.clone(),
                name: c.name.clone(),
                kind: None,
                if_exists: c.missing_ok,
                cascade,
            },
        )),
        At::AtAddIdentity => {
            let Some(N::Constraint(k)) = def() else {
                return Err("ADD GENERATED AS IDENTITY without its options".into());
            };
            staged.push((
                pass::ADD_OTHER_CONSTRAINT,
                alter(ColumnChange {
                    identity: Some(Some(Identity {
                        always: k.generated_when == "a",
                    })),
                    ..Default::default()
                }),
            ));
        }
        At::AtSetIdentity => {
            // `SET GENERATED ALWAYS|BY DEFAULT`; the sequence options are not in the catalog.
            let options = match def() {
                Some(N::List(l)) => l.items.as_slice(),
                _ => &[],
            };
            for option in options {
                let Some(N::DefElem(d)) = option.node.as_ref() else {
                    continue;
                };
                if d.defname != "generated" {
                    continue;
                }
                let code = match d.arg.as_deref().and_then(|a| a.node.as_ref()) {
                    Some(N::Integer(i)) => i.ival,
                    _ => return Err("SET GENERATED with a value driftlock cannot read".into()),
                };
                staged.push((
                    pass::COLUMN_ATTRIBUTES,
                    alter(ColumnChange {
                        identity: Some(Some(Identity {
                            always: code == i32::from(b'a'),
                        })),
                        ..Default::default()
                    }),
                ));
            }
        }
        At::AtDropIdentity => staged.push((
            pass::DROP,
            alter(ColumnChange {
                identity: Some(None),
                ..Default::default()
            }),
        )),
        other => {
            return Err(format!(
                "`ALTER TABLE ... {}` is not modelled",
                subcommand_words(other)
            ))
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Indexes, comments, sequences

fn index_def(i: &protobuf::IndexStmt) -> Attempt<IndexDef> {
    let table = relation(i.relation.as_ref())?;
    let mut keys = Vec::new();
    for param in &i.index_params {
        let Some(N::IndexElem(e)) = param.node.as_ref() else {
            return Err("an index key driftlock cannot read".into());
        };
        if !e.name.is_empty() {
            keys.push(IndexKey::Column(e.name.clone()));
            continue;
        }
        let expr = required(e.expr.as_deref(), "the index expression")?;
        // `(column)` is a plain column for PostgreSQL too.
        match expr.node.as_ref() {
            Some(N::ColumnRef(r)) if r.fields.len() == 1 && string_of(&r.fields[0]).is_some() => {
                keys.push(IndexKey::Column(string_of(&r.fields[0]).expect("checked")))
            }
            _ => keys.push(IndexKey::Expression(expression(expr)?)),
        }
    }
    let mut include = Vec::new();
    for param in &i.index_including_params {
        match param.node.as_ref() {
            Some(N::IndexElem(e)) if !e.name.is_empty() => include.push(e.name.clone()),
            _ => return Err("an included index column driftlock cannot read".into()),
        }
    }
    Ok(IndexDef {
        name: (!i.idxname.is_empty()).then(|| i.idxname.clone()),
        table,
        unique: i.unique,
        method: if i.access_method.is_empty() {
            "btree".into()
        } else {
            i.access_method.to_lowercase()
        },
        keys,
        include,
        predicate: i.where_clause.as_deref().map(expression).transpose()?,
        if_not_exists: i.if_not_exists,
        concurrently: i.concurrent,
    })
}

fn comment(c: &protobuf::CommentStmt, out: &mut Lowered) -> Attempt<()> {
    // PostgreSQL removes the comment for NULL and for an empty string alike.
    let text = (!c.comment.is_empty()).then(|| c.comment.clone());
    let parts = match c.object.as_deref().and_then(|o| o.node.as_ref()) {
        Some(N::List(l)) => strings(&l.items),
        _ => Vec::new(),
    };
    match ObjectType::try_from(c.objtype).unwrap_or(ObjectType::Undefined) {
        ObjectType::ObjectTable => {
            let table = match parts.as_slice() {
                [t] => QualName::new(None, t.clone()),
                [s, t] | [_, s, t] => QualName::new(Some(s.clone()), t.clone()),
                _ => return Err("COMMENT ON TABLE with a name driftlock cannot read".into()),
            };
            out.ops.push(Op::SetTableComment {
                table,
                comment: text,
            });
        }
        ObjectType::ObjectColumn => {
            let (table, column) = match parts.as_slice() {
                [t, c] => (QualName::new(None, t.clone()), c.clone()),
                [s, t, c] | [_, s, t, c] => (QualName::new(Some(s.clone()), t.clone()), c.clone()),
                _ => return Err("COMMENT ON COLUMN with a name driftlock cannot read".into()),
            };
            out.ops.push(Op::AlterColumn {
                table,
                column,
                change: ColumnChange {
                    comment: Some(text),
                    ..Default::default()
                },
            });
        }
        // Comments on indexes, constraints, types, ... are not part of the catalog.
        _ => {}
    }
    Ok(())
}

/// The `OWNED BY` option of `CREATE/ALTER SEQUENCE`: `None` when absent, `Some(None)` for
/// `OWNED BY NONE`.
#[allow(clippy::type_complexity)]
fn owned_by(options: &[protobuf::Node]) -> Attempt<Option<Option<(QualName, String)>>> {
    for option in options {
        let Some(N::DefElem(d)) = option.node.as_ref() else {
            continue;
        };
        if d.defname != "owned_by" {
            continue;
        }
        let parts = match d.arg.as_deref().and_then(|a| a.node.as_ref()) {
            Some(N::List(l)) => strings(&l.items),
            _ => return Err("OWNED BY with a value driftlock cannot read".into()),
        };
        return Ok(Some(match parts.as_slice() {
            [none] if none == "none" => None,
            [t, c] => Some((QualName::new(None, t.clone()), c.clone())),
            [s, t, c] | [_, s, t, c] => {
                Some((QualName::new(Some(s.clone()), t.clone()), c.clone()))
            }
            _ => return Err("OWNED BY with a value driftlock cannot read".into()),
        }));
    }
    Ok(None)
}

#[cfg(test)]
mod bind_parameter_tests {
    use super::bind_parameters_as_placeholders as b;

    #[test]
    fn bind_parameters_become_placeholders() {
        assert_eq!(
            b("UPDATE t SET a = :v WHERE b = %(w)s AND c = %s OR d = :long_name"),
            "UPDATE t SET a = $1 WHERE b = $1    AND c = $1 OR d = $1        "
        );
        assert_eq!(
            b("SELECT 'a:b'::text, x::int -- :c"),
            "SELECT 'a:b'::text, x::int -- :c"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::Schema;
    use crate::source::FileId;

    fn lower(sql: &str) -> (Vec<Op>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let span = Span::new(FileId(0), 0..0);
        let ops = lower_sql(
            sql,
            &SqlPlace::call(&span),
            &mut diagnostics,
            &mut SqlStats::default(),
        );
        (ops.into_iter().map(|(op, _)| op).collect(), diagnostics)
    }

    /// The operations of SQL that must lower completely.
    fn ops(sql: &str) -> Vec<Op> {
        let (ops, diagnostics) = lower(sql);
        assert!(diagnostics.is_empty(), "{sql}: {diagnostics:?}");
        ops
    }

    fn t(name: &str) -> QualName {
        QualName::new(None, name)
    }

    fn ty(base: BaseType) -> SqlType {
        SqlType::new(base)
    }

    fn col(name: &str, base: BaseType) -> ColumnDef {
        ColumnDef {
            name: name.into(),
            ty: ty(base),
            serial: false,
            not_null: false,
            default: None,
            identity: None,
            generated: None,
            comment: None,
        }
    }

    fn named(name: Option<&str>, kind: ConstraintKind) -> ConstraintDef {
        ConstraintDef {
            name: name.map(str::to_string),
            kind,
        }
    }

    fn cols(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn change(table: &str, column: &str, change: ColumnChange) -> Op {
        Op::AlterColumn {
            table: t(table),
            column: column.into(),
            change,
        }
    }

    fn add(table: &str, kind: ConstraintKind, name: Option<&str>) -> Op {
        Op::AddConstraint {
            table: t(table),
            constraint: named(name, kind),
            not_valid: false,
        }
    }

    #[test]
    fn types_resolve_as_format_type_prints_them() {
        let cases = [
            ("int", "integer"),
            ("int8", "bigint"),
            ("smallint", "smallint"),
            ("float", "double precision"),
            ("float(24)", "real"),
            ("double precision", "double precision"),
            ("decimal(10,2)", "numeric(10,2)"),
            ("numeric(5)", "numeric(5,0)"),
            ("varchar(20)", "character varying(20)"),
            ("character varying", "character varying"),
            ("char", "character(1)"),
            ("char(3)", "character(3)"),
            ("bool", "boolean"),
            ("timestamptz", "timestamp with time zone"),
            ("timestamp(3) with time zone", "timestamp(3) with time zone"),
            ("timestamp(0)", "timestamp(0) without time zone"),
            ("time with time zone", "time with time zone"),
            ("interval", "interval"),
            ("interval(3)", "interval(3)"),
            ("interval hour", "interval hour"),
            ("interval day to second(3)", "interval day to second(3)"),
            ("varbit(5)", "bit varying(5)"),
            ("bit", "bit(1)"),
            ("text[]", "text[]"),
            ("int[][]", "integer[]"),
            ("jsonb", "jsonb"),
            ("uuid", "uuid"),
            ("inet", "inet"),
            ("tstzrange", "tstzrange"),
            ("public.mood", "mood"),
            ("billing.\"Mood\"[]", "billing.\"Mood\"[]"),
            ("citext", "citext"),
            ("vector(3)", "vector(3)"),
        ];
        for (sql, expected) in cases {
            let parsed = pg_query::parse(&format!("CREATE TABLE x (c {sql})"), 0).unwrap();
            let Some(N::CreateStmt(c)) = parsed.protobuf.stmts[0]
                .stmt
                .as_ref()
                .and_then(|s| s.node.clone())
            else {
                panic!("{sql}")
            };
            let Some(N::ColumnDef(cd)) = c.table_elts[0].node.as_ref() else {
                panic!("{sql}")
            };
            let (ty, serial) = column_type(cd.type_name.as_ref().unwrap()).unwrap();
            assert_eq!(
                (ty.to_string().as_str(), serial),
                (expected, false),
                "{sql}"
            );
        }
        let (ops, _) = lower("CREATE TABLE x (a serial, b bigserial, c smallserial)");
        let Op::CreateTable { columns, .. } = &ops[0] else {
            panic!()
        };
        let shown: Vec<(String, bool)> = columns
            .iter()
            .map(|c| (c.ty.to_string(), c.serial))
            .collect();
        assert_eq!(
            shown,
            [
                ("integer".to_string(), true),
                ("bigint".to_string(), true),
                ("smallint".to_string(), true)
            ]
        );
    }

    #[test]
    fn add_column_with_everything_inline() {
        let mut a = col("a", BaseType::Varchar(Some(20)));
        a.not_null = true;
        a.default = Some("'x'::character varying".into());
        assert_eq!(
            ops("ALTER TABLE ONLY t ADD COLUMN IF NOT EXISTS a varchar(20) NOT NULL DEFAULT 'x'"),
            [Op::AddColumn {
                table: t("t"),
                column: a,
                if_not_exists: true,
            }]
        );
        let mut id = col("id", BaseType::BigInt);
        id.identity = Some(Identity { always: true });
        id.not_null = true;
        let mut total = col("total", BaseType::Integer);
        total.generated = Some("(price * 2)".into());
        let mut n = col("n", BaseType::Integer);
        n.serial = true;
        assert_eq!(
            ops(
                "ALTER TABLE billing.t ADD id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, \
                 ADD total int GENERATED ALWAYS AS (price*2) STORED, ADD n serial"
            ),
            [
                Op::AddColumn {
                    table: QualName::new(Some("billing".into()), "t"),
                    column: id,
                    if_not_exists: false,
                },
                Op::AddColumn {
                    table: QualName::new(Some("billing".into()), "t"),
                    column: total,
                    if_not_exists: false,
                },
                Op::AddColumn {
                    table: QualName::new(Some("billing".into()), "t"),
                    column: n,
                    if_not_exists: false,
                },
                Op::AddConstraint {
                    table: QualName::new(Some("billing".into()), "t"),
                    constraint: named(
                        None,
                        ConstraintKind::PrimaryKey {
                            columns: cols(&["id"])
                        }
                    ),
                    not_valid: false,
                },
            ]
        );
    }

    #[test]
    fn subcommands_run_in_postgres_passes() {
        let got = ops("ALTER TABLE t ADD CONSTRAINT positive CHECK (n > 0), \
             ADD COLUMN n integer UNIQUE CHECK (n < 10) REFERENCES u ON DELETE CASCADE, \
             ALTER COLUMN m SET DEFAULT 'x', ALTER COLUMN m TYPE text USING m::text, \
             DROP COLUMN old CASCADE, ALTER COLUMN k SET NOT NULL, VALIDATE CONSTRAINT v, \
             ADD CONSTRAINT m_key UNIQUE USING INDEX m_idx");
        let check = |e: &str| ConstraintKind::Check {
            expression: e.into(),
            columns: cols(&["n"]),
        };
        assert_eq!(
            got,
            [
                Op::DropColumn {
                    table: t("t"),
                    column: "old".into(),
                    if_exists: false,
                    cascade: true,
                },
                change(
                    "t",
                    "m",
                    ColumnChange {
                        ty: Some(ty(BaseType::Text)),
                        using: Some("m::text".into()),
                        ..Default::default()
                    }
                ),
                Op::AddColumn {
                    table: t("t"),
                    column: col("n", BaseType::Integer),
                    if_not_exists: false,
                },
                add("t", check("(n > 0)"), Some("positive")),
                Op::ValidateConstraint {
                    table: t("t"),
                    name: "v".into(),
                },
                change(
                    "t",
                    "k",
                    ColumnChange {
                        not_null: Some(true),
                        ..Default::default()
                    }
                ),
                Op::AddConstraintUsingIndex {
                    table: t("t"),
                    name: Some("m_key".into()),
                    index: "m_idx".into(),
                    primary_key: false,
                },
                add(
                    "t",
                    ConstraintKind::Unique {
                        columns: cols(&["n"])
                    },
                    None
                ),
                add("t", check("(n < 10)"), None),
                add(
                    "t",
                    ConstraintKind::ForeignKey {
                        columns: cols(&["n"]),
                        referenced: t("u"),
                        referenced_columns: vec![],
                        on_delete: Some("CASCADE".into()),
                        on_update: None,
                    },
                    None
                ),
                Op::SetDefaultLiteral {
                    table: t("t"),
                    column: "m".into(),
                    value: "x".into(),
                },
            ]
        );
    }

    #[test]
    fn column_alterations() {
        let c = |change| self::change("t", "c", change);
        assert_eq!(
            ops(
                "ALTER TABLE t ALTER c SET DEFAULT now(), ALTER c DROP NOT NULL; \
                 ALTER TABLE t ALTER COLUMN c DROP DEFAULT, ALTER c SET DEFAULT -1; \
                 ALTER TABLE t ALTER c ADD GENERATED BY DEFAULT AS IDENTITY; \
                 ALTER TABLE t ALTER c SET GENERATED ALWAYS; \
                 ALTER TABLE t ALTER c DROP IDENTITY IF EXISTS"
            ),
            [
                c(ColumnChange {
                    not_null: Some(false),
                    ..Default::default()
                }),
                c(ColumnChange {
                    default: Some(Some("now()".into())),
                    ..Default::default()
                }),
                c(ColumnChange {
                    default: Some(None),
                    ..Default::default()
                }),
                c(ColumnChange {
                    default: Some(Some("'-1'::integer".into())),
                    ..Default::default()
                }),
                c(ColumnChange {
                    identity: Some(Some(Identity { always: false })),
                    ..Default::default()
                }),
                c(ColumnChange {
                    identity: Some(Some(Identity { always: true })),
                    ..Default::default()
                }),
                c(ColumnChange {
                    identity: Some(None),
                    ..Default::default()
                }),
            ]
        );
        // A null default is no default for PostgreSQL.
        assert_eq!(
            ops("ALTER TABLE t ALTER c SET DEFAULT NULL"),
            [c(ColumnChange {
                default: Some(None),
                ..Default::default()
            })]
        );
        assert_eq!(
            ops("ALTER TABLE t ADD c text DEFAULT NULL::text"),
            [Op::AddColumn {
                table: t("t"),
                column: col("c", BaseType::Text),
                if_not_exists: false,
            }]
        );
        assert_eq!(
            ops("ALTER TABLE IF EXISTS t DROP CONSTRAINT IF EXISTS t_c_check"),
            [Op::IfTableExists {
                table: t("t"),
                op: Box::new(Op::DropConstraint {
                    table: t("t"),
                    name: "t_c_check".into(),
                    kind: None,
                    if_exists: true,
                    cascade: false,
                }),
            }]
        );
    }

    #[test]
    fn create_table_with_column_and_table_constraints() {
        let got = ops("CREATE TABLE IF NOT EXISTS orders (
                id serial PRIMARY KEY,
                code varchar(8) CONSTRAINT orders_code_uq UNIQUE,
                total numeric(10,2) NOT NULL DEFAULT 0 CHECK (total >= 0),
                status mood DEFAULT 'new',
                customer_id int REFERENCES customers (id) ON DELETE SET NULL ON UPDATE CASCADE,
                created timestamptz DEFAULT now(),
                CONSTRAINT orders_check CHECK (total < 1000 OR status <> 'new'),
                UNIQUE (id),
                UNIQUE (customer_id, code),
                FOREIGN KEY (customer_id, code) REFERENCES accounts
            )");
        let mut id = col("id", BaseType::Integer);
        id.serial = true;
        id.not_null = true;
        let mut total = col("total", BaseType::Numeric(Some((10, 2))));
        total.not_null = true;
        total.default = Some("0".into());
        let mood = BaseType::Named {
            schema: None,
            name: "mood".into(),
            modifiers: None,
        };
        let mut status = col("status", mood);
        status.default = Some("'new'::mood".into());
        let mut created = col(
            "created",
            BaseType::Timestamp {
                tz: true,
                precision: None,
            },
        );
        created.default = Some("now()".into());
        assert_eq!(
            got,
            [Op::CreateTable {
                table: t("orders"),
                columns: vec![
                    id,
                    col("code", BaseType::Varchar(Some(8))),
                    total,
                    status,
                    col("customer_id", BaseType::Integer),
                    created,
                ],
                constraints: vec![
                    // The primary key first; `UNIQUE (id)` repeats its index and is not made.
                    named(
                        None,
                        ConstraintKind::PrimaryKey {
                            columns: cols(&["id"])
                        }
                    ),
                    named(
                        Some("orders_code_uq"),
                        ConstraintKind::Unique {
                            columns: cols(&["code"])
                        }
                    ),
                    named(
                        None,
                        ConstraintKind::Unique {
                            columns: cols(&["customer_id", "code"])
                        }
                    ),
                    named(
                        None,
                        ConstraintKind::Check {
                            expression: "(total >= 0)".into(),
                            columns: cols(&["total"]),
                        }
                    ),
                    named(
                        Some("orders_check"),
                        ConstraintKind::Check {
                            expression: "(total < 1000 OR status <> 'new')".into(),
                            columns: cols(&["total", "or", "status"]),
                        }
                    ),
                    named(
                        None,
                        ConstraintKind::ForeignKey {
                            columns: cols(&["customer_id"]),
                            referenced: t("customers"),
                            referenced_columns: cols(&["id"]),
                            on_delete: Some("SET NULL".into()),
                            on_update: Some("CASCADE".into()),
                        }
                    ),
                    named(
                        None,
                        ConstraintKind::ForeignKey {
                            columns: cols(&["customer_id", "code"]),
                            referenced: t("accounts"),
                            referenced_columns: vec![],
                            on_delete: None,
                            on_update: None,
                        }
                    ),
                ],
                comment: None,
                if_not_exists: true,
            }]
        );
    }

    #[test]
    fn indexes_comments_and_sequences() {
        assert_eq!(
            ops(
                "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS ix ON ONLY s.t USING GIN \
                 ((lower(a)) DESC, (b) text_pattern_ops) INCLUDE (c) WHERE d > 0;
                 CREATE INDEX ON t (a, upper(b))"
            ),
            [
                Op::CreateIndex(IndexDef {
                    name: Some("ix".into()),
                    table: QualName::new(Some("s".into()), "t"),
                    unique: true,
                    method: "gin".into(),
                    keys: vec![
                        IndexKey::Expression("lower(a)".into()),
                        IndexKey::Column("b".into())
                    ],
                    include: cols(&["c"]),
                    predicate: Some("d > 0".into()),
                    if_not_exists: true,
                    concurrently: true,
                }),
                Op::CreateIndex(IndexDef {
                    name: None,
                    table: t("t"),
                    unique: false,
                    method: "btree".into(),
                    keys: vec![
                        IndexKey::Column("a".into()),
                        IndexKey::Expression("upper(b)".into())
                    ],
                    include: vec![],
                    predicate: None,
                    if_not_exists: false,
                    concurrently: false,
                }),
            ]
        );
        assert_eq!(
            ops("DROP INDEX CONCURRENTLY IF EXISTS s.ix; DROP TABLE a, b CASCADE"),
            [
                Op::DropIndex {
                    index: QualName::new(Some("s".into()), "ix"),
                    if_exists: true,
                    concurrently: true,
                },
                Op::DropTable {
                    table: t("a"),
                    if_exists: false,
                    cascade: true,
                },
                Op::DropTable {
                    table: t("b"),
                    if_exists: false,
                    cascade: true,
                },
            ]
        );
        assert_eq!(
            ops(
                "COMMENT ON TABLE s.t IS 'Orders'; COMMENT ON COLUMN t.c IS ''; \
                 COMMENT ON INDEX ix IS 'not in the catalog'"
            ),
            [
                Op::SetTableComment {
                    table: QualName::new(Some("s".into()), "t"),
                    comment: Some("Orders".into()),
                },
                change(
                    "t",
                    "c",
                    ColumnChange {
                        comment: Some(None),
                        ..Default::default()
                    }
                ),
                Op::Other {
                    statement: "COMMENT ON INDEX ix IS 'not in the catalog'".into(),
                    changes_schema: false,
                },
            ]
        );
        assert_eq!(
            ops(
                "CREATE SEQUENCE IF NOT EXISTS s.q AS bigint START 5 OWNED BY s.t.c; \
                 ALTER SEQUENCE q OWNED BY NONE; ALTER SEQUENCE q RESTART; \
                 ALTER SEQUENCE q RENAME TO r; DROP SEQUENCE IF EXISTS r CASCADE"
            ),
            [
                Op::CreateSequence {
                    name: QualName::new(Some("s".into()), "q"),
                    owned_by: Some((QualName::new(Some("s".into()), "t"), "c".into())),
                    if_not_exists: true,
                },
                Op::SetSequenceOwner {
                    name: t("q"),
                    owned_by: None,
                    if_exists: false,
                },
                Op::Other {
                    statement: "ALTER SEQUENCE q RESTART".into(),
                    changes_schema: false,
                },
                Op::RenameSequence {
                    name: t("q"),
                    new_name: "r".into(),
                },
                Op::DropSequence {
                    name: t("r"),
                    if_exists: true,
                    cascade: true,
                },
            ]
        );
    }

    #[test]
    fn unsupported_forms_are_reported() {
        for sql in [
            "CREATE TABLE t (LIKE u INCLUDING ALL)",
            "CREATE TABLE t (a int) INHERITS (u)",
            "CREATE TABLE t_2024 PARTITION OF t FOR VALUES FROM (1) TO (2)",
            "ALTER TABLE t INHERIT u",
            "ALTER TABLE t ALTER COLUMN g DROP EXPRESSION",
            "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a) INCLUDE (b)",
            "ALTER TABLE t SET SCHEMA billing",
            "CREATE TABLE t2 AS SELECT 1",
            "ALTER VIEW v ALTER COLUMN a SET DEFAULT 1",
            "ALTER FUNCTION f() SECURITY DEFINER",
        ] {
            let (ops, diagnostics) = lower(sql);
            assert_eq!(diagnostics.len(), 1, "{sql}");
            assert_eq!(diagnostics[0].code, "sql-not-modelled", "{sql}");
            assert!(
                matches!(ops.last(), Some(Op::Other { changes_schema: true, statement }) if statement == sql),
                "{sql}: {ops:?}"
            );
        }
        // Partly modelled: the rest of the statement still applies.
        let (partly, diagnostics) = lower("ALTER TABLE t ADD COLUMN a int, INHERIT u");
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].notes.iter().any(|n| n.contains("INHERIT")));
        assert!(matches!(partly[0], Op::AddColumn { .. }));
        // PARTITION BY: a plain table, and a warning.
        let (partitioned, diagnostics) = lower("CREATE TABLE m (at date) PARTITION BY RANGE (at)");
        assert_eq!(diagnostics.len(), 1);
        assert!(matches!(partitioned[0], Op::CreateTable { .. }));
        // No schema change and nothing to report.
        assert_eq!(
            ops("ALTER TABLE t VALIDATE CONSTRAINT c"),
            [Op::ValidateConstraint {
                table: t("t"),
                name: "c".into(),
            }]
        );
        for sql in [
            "ALTER TABLE t OWNER TO app, ENABLE ROW LEVEL SECURITY",
            "ALTER INDEX ix SET (fillfactor = 70)",
            "CREATE TEMP TABLE scratch (a int)",
        ] {
            assert_eq!(
                ops(sql),
                [Op::Other {
                    statement: sql.into(),
                    changes_schema: false,
                }]
            );
        }
    }

    #[test]
    fn views_functions_and_triggers() {
        let got = ops("CREATE OR REPLACE VIEW s.v AS
                WITH recent AS (SELECT * FROM events)
                SELECT o.id, total, c.* FROM orders o JOIN s.customers AS c ON o.cid = c.id,
                recent WHERE o.id IN (SELECT order_id FROM lines);
             CREATE MATERIALIZED VIEW IF NOT EXISTS mv AS SELECT * FROM v WITH NO DATA;
             CREATE TEMP VIEW scratch AS SELECT 1");
        let rel = |schema: Option<&str>, name: &str, alias: Option<&str>| RelationUse {
            name: QualName::new(schema.map(str::to_string), name),
            alias: alias.map(str::to_string),
        };
        let col = |q: Option<&str>, c: Option<&str>| ColumnUse {
            qualifier: q.map(str::to_string),
            column: c.map(str::to_string),
        };
        let Op::CreateView(v) = &got[0] else {
            panic!("{got:?}")
        };
        assert_eq!(
            (
                v.name.clone(),
                v.materialized,
                v.or_replace,
                v.if_not_exists
            ),
            (QualName::new(Some("s".into()), "v"), false, true, false)
        );
        let mut reads = v.reads.clone();
        reads.sort_by(|a, b| a.name.cmp(&b.name));
        assert_eq!(
            reads,
            [
                rel(None, "events", None),
                rel(None, "lines", None),
                rel(None, "orders", Some("o")),
                rel(Some("s"), "customers", Some("c")),
            ]
        );
        assert!(!v.columns.contains(&col(None, None)));
        for c in [
            col(Some("o"), Some("id")),
            col(None, Some("total")),
            col(Some("c"), None),
            col(None, Some("order_id")),
        ] {
            assert!(v.columns.contains(&c), "{c:?} in {:?}", v.columns);
        }
        let Op::CreateView(nested) = &ops("CREATE VIEW n AS SELECT * FROM (SELECT a FROM t) s")[0]
        else {
            panic!()
        };
        assert_eq!(nested.columns, [col(None, Some("a"))]);
        let Op::CreateView(mv) = &got[1] else {
            panic!("{got:?}")
        };
        assert!(mv.materialized && mv.if_not_exists && !mv.or_replace);
        assert_eq!(mv.reads, [rel(None, "v", None)]);
        assert_eq!(mv.columns, [col(None, None)]);
        assert!(matches!(
            &got[2],
            Op::Other {
                changes_schema: false,
                ..
            }
        ));
        // Objects of the session's temporary schema are gone with it.
        for sql in [
            "CREATE FUNCTION pg_temp.f(a text) RETURNS bool AS 'SELECT true' LANGUAGE sql",
            "DROP FUNCTION IF EXISTS pg_temp.f(text)",
            "CREATE VIEW pg_temp.v AS SELECT 1",
            "DROP VIEW pg_temp.v",
        ] {
            assert!(
                matches!(
                    ops(sql).as_slice(),
                    [Op::Other {
                        changes_schema: false,
                        ..
                    }]
                ),
                "{sql}"
            );
        }

        assert_eq!(
            ops("CREATE OR REPLACE FUNCTION audit.touch(a int, OUT b text, VARIADIC c varchar[])
                 RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog
                 AS $$ BEGIN b := a; END $$;
                 CREATE PROCEDURE p() AS 'SELECT 1';
                 CREATE TRIGGER t_touch BEFORE UPDATE ON s.t FOR EACH ROW EXECUTE FUNCTION audit.touch()"),
            [
                Op::CreateFunction(FunctionDef {
                    name: QualName::new(Some("audit".into()), "touch"),
                    args: cols(&["integer", "character varying[]"]),
                    procedure: false,
                    language: "plpgsql".into(),
                    volatility: Volatility::Stable,
                    security_definer: true,
                    sets_search_path: true,
                    or_replace: true,
                }),
                Op::CreateFunction(FunctionDef {
                    name: t("p"),
                    args: vec![],
                    procedure: true,
                    language: "sql".into(),
                    volatility: Volatility::Volatile,
                    security_definer: false,
                    sets_search_path: false,
                    or_replace: false,
                }),
                Op::CreateTrigger {
                    name: "t_touch".into(),
                    table: QualName::new(Some("s".into()), "t"),
                    function: QualName::new(Some("audit".into()), "touch"),
                    or_replace: false,
                },
            ]
        );
        assert_eq!(
            ops(
                "DROP VIEW IF EXISTS a, s.b CASCADE; DROP MATERIALIZED VIEW mv;
                 DROP FUNCTION IF EXISTS f(int4, text), g CASCADE; DROP PROCEDURE p();
                 DROP TRIGGER IF EXISTS tr ON s.t; ALTER VIEW a RENAME TO b;
                 ALTER MATERIALIZED VIEW mv RENAME TO mv2; ALTER FUNCTION f(bigint) RENAME TO g;
                 ALTER TRIGGER tr ON t RENAME TO tr2; ALTER VIEW b RENAME COLUMN x TO y"
            ),
            [
                Op::DropView {
                    name: t("a"),
                    materialized: false,
                    if_exists: true,
                    cascade: true,
                },
                Op::DropView {
                    name: QualName::new(Some("s".into()), "b"),
                    materialized: false,
                    if_exists: true,
                    cascade: true,
                },
                Op::DropView {
                    name: t("mv"),
                    materialized: true,
                    if_exists: false,
                    cascade: false,
                },
                Op::DropFunction {
                    name: t("f"),
                    args: Some(cols(&["integer", "text"])),
                    if_exists: true,
                    cascade: true,
                },
                Op::DropFunction {
                    name: t("g"),
                    args: None,
                    if_exists: true,
                    cascade: true,
                },
                Op::DropFunction {
                    name: t("p"),
                    args: Some(vec![]),
                    if_exists: false,
                    cascade: false,
                },
                Op::DropTrigger {
                    name: "tr".into(),
                    table: QualName::new(Some("s".into()), "t"),
                    if_exists: true,
                    cascade: false,
                },
                Op::RenameView {
                    name: t("a"),
                    materialized: false,
                    new_name: "b".into(),
                },
                Op::RenameView {
                    name: t("mv"),
                    materialized: true,
                    new_name: "mv2".into(),
                },
                Op::RenameFunction {
                    name: t("f"),
                    args: Some(cols(&["bigint"])),
                    new_name: "g".into(),
                },
                Op::RenameTrigger {
                    table: t("t"),
                    name: "tr".into(),
                    new_name: "tr2".into(),
                },
                Op::Other {
                    statement: "ALTER VIEW b RENAME COLUMN x TO y".into(),
                    changes_schema: false,
                },
            ]
        );
    }

    #[test]
    fn views_and_triggers_follow_their_tables() {
        let mut s = Schema::default();
        run(
            &mut s,
            "CREATE TABLE orders (id int PRIMARY KEY, total numeric, note text);
             CREATE TABLE lines (order_id int REFERENCES orders, qty int);
             CREATE VIEW big AS SELECT o.id, total FROM orders o WHERE total > 100;
             CREATE VIEW big_lines AS SELECT * FROM big JOIN lines ON big.id = lines.order_id;
             CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
             CREATE TRIGGER orders_touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION touch();
             ALTER TABLE orders DROP COLUMN note;
             ALTER TABLE orders RENAME TO purchases;
             ALTER TABLE purchases RENAME COLUMN total TO amount",
        );
        let k = |n: &str| ("public".to_string(), n.to_string());
        assert!(s.views[&k("big")].reads.contains(&k("purchases")));
        assert!(s.views[&k("big")]
            .columns
            .contains(&(k("purchases"), "amount".into())));
        assert!(s
            .triggers
            .contains_key(&(k("purchases"), "orders_touch".into())));
        let fails = |s: &mut Schema, sql: &str| {
            let mut messages = Vec::new();
            for op in ops(sql) {
                if let Err(e) = s.apply(&op) {
                    messages.push(e.message);
                }
            }
            messages.join("; ")
        };
        let before = s.clone();
        for (sql, message) in [
            ("DROP TABLE purchases", "cannot drop table purchases because other objects depend on it (view big depends on it)"),
            ("ALTER TABLE purchases DROP COLUMN amount", "cannot drop column amount of table purchases because other objects depend on it"),
            ("ALTER TABLE purchases ALTER amount TYPE int", "cannot alter type of a column used by a view or rule"),
            ("DROP VIEW big", "cannot drop view big because other objects depend on it (view big_lines depends on it)"),
            ("DROP FUNCTION touch()", "cannot drop function touch() because other objects depend on it (trigger orders_touch on table purchases depends on it)"),
            ("DROP TABLE big", "\"big\" is not a table"),
            ("DROP MATERIALIZED VIEW big", "\"big\" is not a materialized view"),
            ("CREATE VIEW big AS SELECT 1", "relation \"big\" already exists"),
            ("CREATE OR REPLACE VIEW purchases AS SELECT 1", "\"purchases\" is not a view"),
            ("CREATE FUNCTION touch() RETURNS int AS 'SELECT 1'", "function \"touch\" already exists with same argument types"),
            ("CREATE TRIGGER orders_touch AFTER INSERT ON purchases EXECUTE FUNCTION touch()", "trigger \"orders_touch\" for relation \"purchases\" already exists"),
            ("DROP TRIGGER nope ON purchases", "trigger \"nope\" for table \"purchases\" does not exist"),
            ("DROP FUNCTION nope(int)", "function nope(integer) does not exist"),
            ("CREATE INDEX ON big (id)", "cannot create index on relation \"big\""),
        ] {
            let got = fails(&mut s, sql);
            assert!(got.starts_with(message), "{sql}: {got}");
            assert_eq!(s, before, "{sql} left the schema changed");
        }
        // A column no view uses goes; a type change of one goes too.
        run(
            &mut s,
            "ALTER TABLE lines ADD extra int; ALTER TABLE lines DROP extra",
        );
        // The function goes with its trigger; the views with the column they use.
        run(
            &mut s,
            "DROP FUNCTION touch CASCADE; ALTER TABLE purchases DROP COLUMN amount CASCADE",
        );
        assert!(s.triggers.is_empty() && s.functions.is_empty());
        assert!(s.views.is_empty(), "{:?}", s.views);
        // Materialized views hold indexes; dropping the table with CASCADE takes them all.
        run(
            &mut s,
            "CREATE MATERIALIZED VIEW totals AS SELECT order_id, sum(qty) FROM lines GROUP BY 1;
             CREATE UNIQUE INDEX ON totals (order_id);
             ALTER INDEX totals_order_id_idx RENAME TO totals_key;
             CREATE VIEW top AS SELECT * FROM totals;
             CREATE TRIGGER lines_touch AFTER INSERT ON lines EXECUTE FUNCTION gone();
             ALTER TRIGGER lines_touch ON lines RENAME TO lines_seen",
        );
        assert_eq!(s.views[&k("totals")].indexes, ["totals_key"]);
        assert!(s.relation_exists("public", "totals_key"));
        assert!(fails(&mut s, "DROP TABLE lines").contains("view totals depends on it"));
        run(&mut s, "DROP TABLE lines CASCADE");
        assert!(s.views.is_empty() && s.triggers.is_empty());
        assert!(!s.relation_exists("public", "totals_key"));
        // Renaming a view keeps the views that read it.
        run(
            &mut s,
            "CREATE VIEW a AS SELECT id FROM purchases; CREATE VIEW b AS SELECT * FROM a;
             ALTER VIEW a RENAME TO a2; ALTER TABLE b RENAME TO b2",
        );
        assert!(s.views[&k("b2")].reads.contains(&k("a2")));
        run(&mut s, "DROP SCHEMA public CASCADE");
        assert!(s.views.is_empty() && s.tables.is_empty());
    }

    #[test]
    fn stats_count_each_statement_once() {
        let mut stats = SqlStats::default();
        let span = Span::new(FileId(0), 0..0);
        for sql in [
            "CREATE VIEW v AS SELECT 1; INSERT INTO t VALUES (1); GRANT SELECT ON t TO app",
            "CREATE RULE r AS ON INSERT TO t DO NOTHING; DROP TABLE t; DROP POLICY p ON t",
            "ALTER TABLE t ADD a int, INHERIT u",
            "SELEC 1",
        ] {
            lower_sql(sql, &SqlPlace::call(&span), &mut Vec::new(), &mut stats);
        }
        stats.unanalyzable_call("SQL that is not known statically");
        assert_eq!(
            (
                stats.statements,
                stats.schema_statements,
                stats.data_statements,
                stats.no_effect_statements,
                stats.not_modelled_statements,
                stats.syntax_errors,
                stats.unanalyzable_calls,
            ),
            (7, 2, 1, 1, 3, 1, 1)
        );
        let kinds: Vec<(&str, usize)> = stats
            .not_modelled
            .iter()
            .map(|(k, n)| (k.as_str(), *n))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    "AlterTableStmt(ObjectTable): `ALTER TABLE ... INHERIT` is not modelled",
                    1
                ),
                ("DropStmt(ObjectPolicy)", 1),
                ("RuleStmt", 1),
            ]
        );
    }

    /// Applies SQL to a schema, as the replay does.
    fn run(schema: &mut Schema, sql: &str) {
        for op in ops(sql) {
            schema
                .apply(&op)
                .unwrap_or_else(|e| panic!("{sql}: {op:?}: {}", e.message));
        }
    }

    #[test]
    fn replay_needs_the_catalog_for_some_sql() {
        let mut s = Schema::default();
        run(
            &mut s,
            "CREATE TABLE accounts (id int PRIMARY KEY, region text, state boolean);
             CREATE TABLE sessions (id int, account_id int REFERENCES accounts);
             ALTER TABLE accounts ALTER region SET DEFAULT 'eu', ALTER state SET DEFAULT 'on';
             CREATE UNIQUE INDEX sessions_id_idx ON sessions (id);
             ALTER TABLE sessions ADD CONSTRAINT sessions_pkey PRIMARY KEY USING INDEX sessions_id_idx;
             CREATE SEQUENCE ticket_seq;
             ALTER TABLE sessions ADD ticket int DEFAULT nextval('ticket_seq')",
        );
        let accounts = s.table(&t("accounts")).unwrap();
        assert_eq!(accounts.columns[1].default.as_deref(), Some("'eu'::text"));
        assert_eq!(accounts.columns[2].default.as_deref(), Some("true"));
        let sessions = s.table(&t("sessions")).unwrap();
        assert!(sessions.indexes.is_empty());
        assert!(sessions.columns[0].not_null);
        assert_eq!(
            sessions
                .constraints
                .iter()
                .map(|c| (c.name.as_str(), c.kind.clone()))
                .collect::<Vec<_>>(),
            [
                (
                    "sessions_account_id_fkey",
                    ConstraintKind::ForeignKey {
                        columns: cols(&["account_id"]),
                        referenced: t("accounts"),
                        referenced_columns: cols(&["id"]),
                        on_delete: None,
                        on_update: None,
                    }
                ),
                (
                    "sessions_pkey",
                    ConstraintKind::PrimaryKey {
                        columns: cols(&["id"])
                    }
                ),
            ]
        );
        assert_eq!(
            sessions.columns[2].default.as_deref(),
            Some("nextval('ticket_seq'::regclass)")
        );
        let e = s
            .apply(&Op::DropSequence {
                name: t("ticket_seq"),
                if_exists: false,
                cascade: false,
            })
            .unwrap_err();
        assert!(
            e.message.contains("default value for column ticket"),
            "{e:?}"
        );
        run(&mut s, "ALTER SEQUENCE ticket_seq RENAME TO tickets");
        assert_eq!(
            s.table(&t("sessions")).unwrap().columns[2]
                .default
                .as_deref(),
            Some("nextval('tickets'::regclass)")
        );
        run(
            &mut s,
            "DROP SEQUENCE tickets CASCADE; ALTER TABLE IF EXISTS gone ADD x int",
        );
        assert_eq!(s.table(&t("sessions")).unwrap().columns[2].default, None);
        assert!(s.sequences.is_empty());
        // An identity's sequence cannot be dropped; SERIAL's, once the default is gone, can.
        run(
            &mut s,
            "CREATE TABLE tags (id serial, label text);
             ALTER TABLE tags ALTER id DROP DEFAULT, ALTER id ADD GENERATED ALWAYS AS IDENTITY",
        );
        let names: Vec<&str> = s.sequences.keys().map(|(_, n)| n.as_str()).collect();
        assert_eq!(names, ["tags_id_seq", "tags_id_seq1"]);
        run(&mut s, "DROP SEQUENCE tags_id_seq");
        let e = s
            .apply(&Op::DropSequence {
                name: t("tags_id_seq1"),
                if_exists: false,
                cascade: true,
            })
            .unwrap_err();
        assert!(
            e.message.contains("column id of table tags requires it"),
            "{e:?}"
        );
    }
}
