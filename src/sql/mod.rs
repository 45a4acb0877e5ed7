//! SQL run by `op.execute(...)`, parsed by PostgreSQL's own parser (`pg_query`) and lowered to
//! the same operations as the equivalent Alembic calls, so that the replay does not depend on
//! how a migration was written: `CREATE TABLE`, `ALTER TABLE` with its common subcommands
//! (applied in PostgreSQL's order of passes), `CREATE`/`DROP INDEX`, `COMMENT ON TABLE/COLUMN`,
//! sequences, schemas, enum types, extensions, views and materialized views (with what their
//! query reads), functions and procedures, triggers, drops and renames, partitioned tables
//! and partitions, inheritance, `LIKE` and `SET SCHEMA` (what they take from other tables is
//! resolved by the replay). Data, session, transaction
//! and privilege statements have no schema effect. Every other schema change, and every form
//! of the statements above that the catalog cannot hold, is reported as not modelled: never
//! dropped silently.
//!
//! Names come folded and unquoted from the parser. Defaults, checks and index expressions are
//! deparsed and printed as `pg_get_expr` prints them (`pg::expr`); what depends on the catalog
//! (the type of a column a literal default is set on, the primary key `REFERENCES t` means,
//! the index `USING INDEX` names, whether `ALTER TABLE IF EXISTS` applies) is decided by the
//! replay, through the operations made for that.

mod alter;
pub mod binds;
pub mod catalog;
mod index;
mod objects;
pub mod plpgsql;
pub mod row_count;
pub mod session;
mod table;
#[cfg(test)]
mod tests;
mod types;

use alter::alter_table;
use index::{comment, index_def, owned_by};
use objects::{function_def, routine, view_def};
use table::create_table;

use std::collections::BTreeMap;

use pg_query::protobuf::{self, node::Node as N, ObjectType};

use crate::codes;
use crate::diagnostic::{Diagnostic, Kind, Span};
use crate::ir::{ColumnChange, Op, QualName};

/// A part of a statement that cannot be lowered: why.
type Attempt<T> = Result<T, String>;

fn string_of(node: &protobuf::Node) -> Option<String> {
    match node.node.as_ref()? {
        N::String(s) => Some(s.sval.clone()),
        _ => None,
    }
}

/// The string parts of a name (`pg_catalog.set_config`, a type's or an operator's name).
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

/// Copies the quoted text or identifier that starts at `chars[start]` (`'...'`, `"..."`, a
/// doubled quote inside it kept) to `out` as it is; the index just past its closing quote.
pub(crate) fn copy_quoted(chars: &[char], start: usize, out: &mut String) -> usize {
    let quote = chars[start];
    out.push(quote);
    let mut i = start + 1;
    while i < chars.len() {
        out.push(chars[i]);
        if chars[i] == quote {
            if chars.get(i + 1) == Some(&quote) {
                out.push(quote);
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    i
}

/// Whether SQL built with holes (`template`: the parts known, `hole` where a value only the
/// running program knows goes) is one DDL statement that changes no
/// table's rows, whatever fills the holes: it starts with `CREATE`, `ALTER`, `DROP`,
/// `COMMENT`, `GRANT` or `REVOKE` and its known text ends no statement before its end.
pub fn changes_no_rows(template: &str, hole: char) -> bool {
    let known_start = template.split(hole).next().unwrap_or_default().trim_start();
    // The first word must be known whole: a hole right after it may continue it.
    let Some(end) = known_start.find(|c: char| !c.is_ascii_alphabetic()) else {
        return false;
    };
    let ends_early = template.trim_end().trim_end_matches(';').contains(';');
    !ends_early
        && matches!(
            known_start[..end].to_ascii_uppercase().as_str(),
            "CREATE" | "ALTER" | "DROP" | "COMMENT" | "GRANT" | "REVOKE"
        )
}

/// The one table a data statement writes, and how; `None` when it may write others too (a
/// `WITH` query that changes data itself: `WITH moved AS (DELETE ... RETURNING *) INSERT
/// ...`) or reads data out (`COPY TO`). A `WITH` of plain queries only reads.
fn data_target(node: &N) -> Option<(QualName, crate::ir::RowEffect)> {
    use crate::ir::RowEffect::{Adds, Changes};
    let (rv, with, effect) = match node {
        N::InsertStmt(s) => (s.relation.as_ref(), s.with_clause.as_ref(), Adds),
        N::UpdateStmt(s) => (s.relation.as_ref(), s.with_clause.as_ref(), Changes),
        N::DeleteStmt(s) => (s.relation.as_ref(), s.with_clause.as_ref(), Changes),
        N::MergeStmt(s) => (s.relation.as_ref(), s.with_clause.as_ref(), Adds),
        N::CopyStmt(s) if s.is_from && s.query.is_none() => (s.relation.as_ref(), None, Adds),
        _ => return None,
    };
    if with.is_some_and(|w| !only_reads(w)) {
        return None;
    }
    relation(rv).ok().map(|t| (t, effect))
}

/// Whether every query of a `WITH` clause is a `SELECT` (or `VALUES`), which changes no row.
fn only_reads(with: &protobuf::WithClause) -> bool {
    with.ctes.iter().all(|cte| match cte.node.as_ref() {
        Some(N::CommonTableExpr(c)) => matches!(
            c.ctequery.as_deref().and_then(|q| q.node.as_ref()),
            Some(N::SelectStmt(_))
        ),
        _ => false,
    })
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
            '\'' | '"' => i = copy_quoted(&chars, i, &mut out),
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

/// The partition key of SQLAlchemy's `postgresql_partition_by` option (`RANGE (at)`), read by
/// PostgreSQL's parser as the DDL it is written into.
pub fn partition_key(text: &str) -> Result<crate::ir::PartitionKey, String> {
    let sql = format!("CREATE TABLE t () PARTITION BY {text}");
    let parsed = pg_query::parse(&sql, 0)
        .map_err(|e| format!("the partitioning `{text}` does not parse: {e}"))?;
    let spec =
        parsed
            .protobuf
            .stmts
            .first()
            .and_then(|s| match s.stmt.as_ref()?.node.as_ref()? {
                N::CreateStmt(c) => c.partspec.clone(),
                _ => None,
            });
    match (spec, parsed.protobuf.stmts.len()) {
        (Some(spec), 1) => table::partition_spec(&spec),
        _ => Err(format!("the partitioning `{text}` driftlock cannot read")),
    }
}

/// What one statement of a SQL string does.
// Nearly every item is an operation: boxing it to shrink the rare block would allocate for
// every statement.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Item {
    /// An operation, with the span of its statement.
    Op(Op, Span),
    /// A `DO` block: its steps, which only the replay can choose between (their conditions
    /// read the schema as it is when the block runs), its text and its span.
    Block {
        steps: Vec<plpgsql::Step>,
        text: String,
        span: Span,
    },
}

/// [`lower_sql_items`] for callers that do not replay: a `DO` block stays one statement
/// whose effect is not known.
pub fn lower_sql(
    sql: &str,
    place: &SqlPlace,
    diagnostics: &mut Vec<Diagnostic>,
    stats: &mut SqlStats,
) -> Vec<(Op, Span)> {
    lower_sql_items(sql, place, diagnostics, stats)
        .into_iter()
        .map(|item| match item {
            Item::Op(op, span) => (op, span),
            Item::Block { text, span, .. } => (
                Op::Other {
                    statement: text,
                    changes_schema: false,
                },
                span,
            ),
        })
        .collect()
}

/// Lowers the statements of one SQL string; problems are pushed to `diagnostics`. Each
/// operation comes with the span of its statement (inside the string literal when `place`
/// can tell, else the call).
pub fn lower_sql_items(
    sql: &str,
    place: &SqlPlace,
    diagnostics: &mut Vec<Diagnostic>,
    stats: &mut SqlStats,
) -> Vec<Item> {
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
                    codes::SQL_SYNTAX_ERROR,
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
        if let Some(op) = session::lower(node, &text) {
            // No schema effect: counted as such, but kept as the operation rules read.
            stats.statement(node, &Lowered::default());
            ops.push(Item::Op(op, span));
            continue;
        }
        if let N::DoStmt(d) = node {
            if let Some(block) = do_block(d, &text, &span, diagnostics) {
                stats.statement(node, &Lowered::default());
                ops.push(block);
                continue;
            }
        }
        let mut lowered = lower_statement(node);
        for op in &mut lowered.ops {
            if let Op::Data { statement, .. } = op {
                statement.clone_from(&text);
            }
        }
        stats.statement(node, &lowered);
        if lowered.unmodelled {
            let mut d = Diagnostic::warning(
                Kind::Unanalyzable,
                codes::SQL_NOT_MODELLED,
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
        ops.extend(lowered.ops.into_iter().map(|op| Item::Op(op, span.clone())));
        if recorded {
            ops.push(Item::Op(
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

/// A PL/pgSQL `DO` block read into its steps; `None` for another language. A body that does
/// not compile is PostgreSQL's error (the statement fails), an empty block here.
fn do_block(
    d: &protobuf::DoStmt,
    text: &str,
    span: &Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Item> {
    let language = d.args.iter().find_map(|a| match a.node.as_ref() {
        Some(N::DefElem(e)) if e.defname == "language" => match e.arg.as_deref()?.node.as_ref() {
            Some(N::String(s)) => Some(s.sval.to_lowercase()),
            _ => None,
        },
        _ => None,
    });
    if language.is_some_and(|l| l != "plpgsql") {
        return None;
    }
    let steps = match plpgsql::read(text) {
        Ok(steps) => steps,
        Err(e) => {
            diagnostics.push(
                Diagnostic::error(
                    Kind::Parse,
                    codes::SQL_SYNTAX_ERROR,
                    format!("PostgreSQL cannot compile this DO block: {e}"),
                )
                .at(span.clone()),
            );
            Vec::new()
        }
    };
    Some(Item::Block {
        steps,
        text: text.to_string(),
        span: span.clone(),
    })
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
            writes: data_target(node),
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
        N::AlterObjectSchemaStmt(a) => set_schema(a, out)?,
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

/// `ALTER TABLE | SEQUENCE | VIEW | MATERIALIZED VIEW | TYPE ... SET SCHEMA s`.
fn set_schema(a: &protobuf::AlterObjectSchemaStmt, out: &mut Lowered) -> Attempt<()> {
    let kind = ObjectType::try_from(a.object_type).unwrap_or(ObjectType::Undefined);
    let schema = a.newschema.clone();
    match kind {
        ObjectType::ObjectTable
        | ObjectType::ObjectSequence
        | ObjectType::ObjectView
        | ObjectType::ObjectMatview => {
            let table = relation(a.relation.as_ref())?;
            let op = Op::SetTableSchema {
                table: table.clone(),
                schema,
            };
            out.ops.push(if a.missing_ok {
                Op::IfTableExists {
                    table,
                    op: Box::new(op),
                }
            } else {
                op
            });
        }
        ObjectType::ObjectType => out.ops.push(Op::SetEnumSchema {
            name: a
                .object
                .as_deref()
                .and_then(object_name)
                .ok_or("a type name driftlock cannot read")?,
            schema,
        }),
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
