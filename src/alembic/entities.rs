//! `alembic_utils` entities (`PGView`, `PGMaterializedView`, `PGFunction`, `PGTrigger`):
//! the `CREATE` statement alembic_utils writes for each, and what `create_entity`,
//! `replace_entity` and `drop_entity` do with its operations.

use crate::eval::value::Value;
use crate::ir::Op;
use crate::sqlalchemy::args::{bool_arg, describe, str_arg, Lowered};
use crate::sqlalchemy::types::class_name;

/// The `CREATE` statement of an `alembic_utils` entity (`PGView`, `PGMaterializedView`,
/// `PGFunction`, `PGTrigger`), as alembic_utils writes it, and the entity's class.
pub(crate) fn entity_sql(entity: &Value) -> Lowered<(String, String)> {
    let Value::Object(o) = entity else {
        return Err(format!(
            "the entity is {}, not an alembic_utils object driftlock reads",
            describe(entity)
        ));
    };
    // `PGView.from_sql("CREATE VIEW ...")`.
    if let Some(class) = o.class.strip_suffix(".from_sql") {
        let sql = str_arg(o.args.get(0, "sql"), "the entity's SQL")?;
        return Ok((class_name(class).to_string(), sql));
    }
    let kind = class_name(&o.class).to_string();
    let arg = |i: usize, name: &str| str_arg(o.args.get(i, name), &format!("the {name}"));
    let quoted = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let sql = match kind.as_str() {
        "PGView" => format!(
            "CREATE VIEW {}.{} AS {}",
            quoted(&arg(0, "schema")?),
            quoted(&arg(1, "signature")?),
            arg(2, "definition")?
        ),
        "PGMaterializedView" => {
            let with_data = bool_arg(o.args.get(3, "with_data"))?.unwrap_or(true);
            format!(
                "CREATE MATERIALIZED VIEW {}.{} AS {} WITH {}DATA",
                quoted(&arg(0, "schema")?),
                quoted(&arg(1, "signature")?),
                arg(2, "definition")?.trim_end().trim_end_matches(';'),
                if with_data { "" } else { "NO " }
            )
        }
        "PGFunction" => format!(
            "CREATE FUNCTION {}.{} {}",
            quoted(&arg(0, "schema")?),
            arg(1, "signature")?,
            arg(2, "definition")?
        ),
        "PGTrigger" => {
            let constraint = bool_arg(o.args.get(4, "is_constraint"))?.unwrap_or(false);
            format!(
                "CREATE {}TRIGGER {} {}",
                if constraint { "CONSTRAINT " } else { "" },
                quoted(&arg(1, "signature")?),
                arg(3, "definition")?
            )
        }
        _ => return Err(format!("`{}` entities are not modelled", o.class)),
    };
    Ok((kind, sql))
}

pub(crate) fn first_line(sql: &str) -> &str {
    sql.lines().next().unwrap_or(sql)
}

/// What `op.create_entity`, `op.replace_entity` and `op.drop_entity` do with the operations of
/// the entity's `CREATE` statement, as alembic_utils runs them: `CREATE OR REPLACE` for views
/// and functions, drop and create again for materialized views and triggers, and the matching
/// `DROP` (with `cascade=`).
pub(crate) fn entity_ops(method: &str, created: Vec<Op>, cascade: bool) -> Vec<Op> {
    let drop_of = |op: &Op| match op {
        Op::CreateView(v) => Some(Op::DropView {
            name: v.name.clone(),
            materialized: v.materialized,
            if_exists: false,
            cascade,
        }),
        Op::CreateFunction(f) => Some(Op::DropFunction {
            name: f.name.clone(),
            args: Some(f.args.clone()),
            if_exists: false,
            cascade,
        }),
        Op::CreateTrigger { name, table, .. } => Some(Op::DropTrigger {
            name: name.clone(),
            table: table.clone(),
            if_exists: false,
            cascade,
        }),
        _ => None,
    };
    let mut out = Vec::new();
    for op in created {
        match (method, op) {
            ("drop_entity", op) => out.push(drop_of(&op).unwrap_or(op)),
            ("replace_entity", Op::CreateView(mut v)) if !v.materialized => {
                v.or_replace = true;
                out.push(Op::CreateView(v));
            }
            ("replace_entity", Op::CreateFunction(mut f)) => {
                f.or_replace = true;
                out.push(Op::CreateFunction(f));
            }
            ("replace_entity", op) => {
                out.extend(drop_of(&op));
                out.push(op);
            }
            (_, op) => out.push(op),
        }
    }
    out
}
