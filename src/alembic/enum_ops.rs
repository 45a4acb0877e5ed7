//! The operations alembic-postgresql-enum registers on `op` when `env.py` imports it:
//! `op.sync_enum_values(enum_schema, enum_name, new_values, affected_columns,
//! enum_values_to_rename=(), indexes_to_recreate=None)`, which makes the type again with the
//! new labels, and `op.add_enum_value(enum_schema, enum_name, new_value, before_value=None)`,
//! which runs `ALTER TYPE ... ADD VALUE` (`AFTER before_value` when given: that is the SQL
//! the library writes, whatever the argument's name says).

use super::Lowering;
use crate::diagnostic::Span;
use crate::eval::value::{Args, Value};
use crate::ir::{EnumColumn, Op, QualName};
use crate::sqlalchemy::args::{opt_str, str_arg, strings, Lowered};
use crate::sqlalchemy::types::class_name;

impl Lowering<'_> {
    pub(super) fn enum_library_op(
        &mut self,
        name: &str,
        args: &Args,
        span: &Span,
    ) -> Lowered<Value> {
        let schema = str_arg(args.get(0, "enum_schema"), "the enum schema")?;
        let type_name = str_arg(args.get(1, "enum_name"), "the enum name")?;
        let enum_name = QualName::new(Some(schema.clone()), type_name);
        let op = if name == "add_enum_value" {
            Op::AddEnumValue {
                name: enum_name,
                value: str_arg(args.get(2, "new_value"), "the new value")?,
                position: opt_str(args.get(3, "before_value"))?.map(|after| (false, after)),
                if_not_exists: false,
            }
        } else {
            let values = strings(args.get(2, "new_values"), "the new values")?;
            let columns = match args.get(3, "affected_columns") {
                Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) => items
                    .iter()
                    .map(|item| affected_column(item, &schema))
                    .collect::<Lowered<Vec<_>>>()?,
                _ => return Err("the affected columns are not a list driftlock can read".into()),
            };
            let renames = match args.get(4, "enum_values_to_rename") {
                None | Some(Value::None) => Vec::new(),
                Some(Value::List(items) | Value::Tuple(items) | Value::Set(items)) => items
                    .iter()
                    .map(|pair| match pair.as_seq() {
                        Some([old, new]) => Ok((
                            str_arg(Some(old), "a renamed value")?,
                            str_arg(Some(new), "a renamed value")?,
                        )),
                        _ => Err("a rename that is not an (old, new) pair".to_string()),
                    })
                    .collect::<Lowered<Vec<_>>>()?,
                Some(_) => return Err("the renamed values are not a list".into()),
            };
            Op::SyncEnumValues {
                name: enum_name,
                values,
                renames,
                columns,
            }
        };
        self.emit(op, span);
        Ok(Value::None)
    }
}

/// One affected column: a `(table, column[, column_type])` tuple, in the enum's schema, or a
/// `TableReference(table_name, column_name, table_schema=..., column_type=...,
/// existing_server_default=...)`.
fn affected_column(item: &Value, enum_schema: &str) -> Lowered<EnumColumn> {
    match item {
        Value::Tuple(parts) if parts.len() >= 2 => Ok(EnumColumn {
            table: QualName::new(
                Some(enum_schema.to_string()),
                str_arg(parts.first(), "the table")?,
            ),
            column: str_arg(parts.get(1), "the column")?,
            default_known: true,
        }),
        Value::Object(o) if class_name(&o.class) == "TableReference" => {
            let schema =
                opt_str(o.args.get(2, "table_schema"))?.unwrap_or_else(|| enum_schema.to_string());
            let default = o.args.get(4, "existing_server_default");
            Ok(EnumColumn {
                table: QualName::new(
                    Some(schema),
                    str_arg(o.args.get(0, "table_name"), "the table")?,
                ),
                column: str_arg(o.args.get(1, "column_name"), "the column")?,
                default_known: opt_str(default)?.is_some(),
            })
        }
        _ => Err("an affected column driftlock cannot read".into()),
    }
}
