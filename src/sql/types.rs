//! Types as PostgreSQL resolves them (`format_type()`), and expressions deparsed and printed
//! as `pg_get_expr()` prints them.

use super::{strings, Attempt};
use crate::pg::expr::sql_expression;
use crate::schema::{BaseType, SqlType};
use pg_query::protobuf::{self, a_const, node::Node as N};
use std::sync::OnceLock;

/// A column type as PostgreSQL resolves it, and whether it is one of the SERIAL pseudo-types.
pub(super) fn column_type(tn: &protobuf::TypeName) -> Attempt<(SqlType, bool)> {
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
pub(super) fn interval(modifiers: &[i32]) -> Attempt<BaseType> {
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
pub(super) fn deparse(node: &protobuf::Node) -> Attempt<String> {
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

pub(super) fn required<'a>(
    node: Option<&'a protobuf::Node>,
    what: &str,
) -> Attempt<&'a protobuf::Node> {
    node.ok_or_else(|| format!("{what} is missing"))
}

/// An expression as `pg_get_expr` prints it, without a type to coerce a lone literal to.
pub(super) fn expression(node: &protobuf::Node) -> Attempt<String> {
    let text = deparse(node)?;
    sql_expression(&text, None).map_err(|e| format!("the expression `{text}` does not parse: {e}"))
}

/// A column default as `pg_get_expr` prints it for a column of type `ty`; `None` for a null
/// constant, which PostgreSQL does not store (`AddRelationNewConstraints`).
pub(super) fn default_of(node: &protobuf::Node, ty: Option<&SqlType>) -> Attempt<Option<String>> {
    let text = deparse(node)?;
    if text == "NULL" || text.starts_with("NULL::") {
        return Ok(None);
    }
    sql_expression(&text, ty)
        .map(Some)
        .map_err(|e| format!("the default `{text}` does not parse: {e}"))
}

/// The text of a lone string literal (`'it''s'` is `it's`).
pub(super) fn lone_literal(text: &str) -> Option<String> {
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
