//! What a block of code does, read without running it: whether it may change the schema
//! (worth following) and whether a statement is data work (`UPDATE`, `INSERT`, ORM sessions).

use crate::python::ast;

/// Whether statements may change the schema: an Alembic operation, SQL executed, a DDL
/// method (`.create()`, `.drop()`), or a call of a function defined in the checkout (which
/// may wrap any of these). Data work (`bind.execute(select(...))` aside) and logging do not.
pub(super) fn may_change_schema(body: &[ast::Stmt]) -> bool {
    const SCHEMA_CALLS: &[&str] = &[
        "create_table",
        "drop_table",
        "rename_table",
        "add_column",
        "drop_column",
        "alter_column",
        "create_index",
        "drop_index",
        "create_unique_constraint",
        "create_primary_key",
        "create_foreign_key",
        "create_check_constraint",
        "create_exclude_constraint",
        "drop_constraint",
        "create_table_comment",
        "drop_table_comment",
        "batch_alter_table",
        "execute",
        "exec_driver_sql",
        "create",
        "drop",
        "create_all",
        "drop_all",
        "invoke",
        "create_entity",
        "replace_entity",
        "drop_entity",
        "sync_enum_values",
        "add_enum_value",
    ];
    fn expr(e: &ast::Expr) -> bool {
        match e {
            ast::Expr::Call(c) => {
                let direct = match c.func.as_ref() {
                    // Executing an SQLAlchemy data statement (`sa.update(t).values(...)`) is data.
                    ast::Expr::Attribute(a)
                        if matches!(a.attr.as_str(), "execute" | "exec_driver_sql") =>
                    {
                        !c.args.first().is_some_and(is_data_statement)
                    }
                    ast::Expr::Attribute(a) => SCHEMA_CALLS.contains(&a.attr.as_str()),
                    // A plain function call: the project's helpers may wrap operations.
                    ast::Expr::Name(n) => !matches!(
                        n.id.as_str(),
                        "len"
                            | "str"
                            | "int"
                            | "list"
                            | "dict"
                            | "set"
                            | "tuple"
                            | "sorted"
                            | "print"
                            | "range"
                            | "enumerate"
                            | "zip"
                            | "isinstance"
                            | "min"
                            | "max"
                            | "sum"
                            | "any"
                            | "all"
                            // Logging's set-up from the ini (Alembic's env.py template).
                            | "fileConfig"
                    ),
                    _ => false,
                };
                direct
                    || expr(&c.func)
                    || c.args.iter().any(expr)
                    || c.keywords.iter().any(|k| expr(&k.value))
            }
            ast::Expr::Attribute(a) => expr(&a.value),
            ast::Expr::BoolOp(b) => b.values.iter().any(expr),
            ast::Expr::NamedExpr(n) => expr(&n.value),
            ast::Expr::BinOp(b) => expr(&b.left) || expr(&b.right),
            ast::Expr::UnaryOp(u) => expr(&u.operand),
            ast::Expr::IfExp(i) => expr(&i.test) || expr(&i.body) || expr(&i.orelse),
            ast::Expr::Compare(c) => expr(&c.left) || c.comparators.iter().any(expr),
            ast::Expr::List(l) => l.elts.iter().any(expr),
            ast::Expr::Tuple(t) => t.elts.iter().any(expr),
            ast::Expr::Subscript(s) => expr(&s.value) || expr(&s.slice),
            ast::Expr::ListComp(l) => expr(&l.elt) || l.generators.iter().any(|g| expr(&g.iter)),
            ast::Expr::GeneratorExp(g) => {
                expr(&g.elt) || g.generators.iter().any(|g| expr(&g.iter))
            }
            ast::Expr::Await(a) => expr(&a.value),
            _ => false,
        }
    }
    body.iter().any(|stmt| match stmt {
        ast::Stmt::Expr(e) => expr(&e.value),
        ast::Stmt::Assign(a) => expr(&a.value) || a.targets.iter().any(declares_schema),
        ast::Stmt::AnnAssign(a) => a.value.as_deref().is_some_and(expr),
        ast::Stmt::AugAssign(a) => expr(&a.value),
        ast::Stmt::Return(r) => r.value.as_deref().is_some_and(expr),
        ast::Stmt::If(i) => {
            expr(&i.test) || may_change_schema(&i.body) || may_change_schema(&i.orelse)
        }
        ast::Stmt::For(f) => {
            expr(&f.iter) || may_change_schema(&f.body) || may_change_schema(&f.orelse)
        }
        ast::Stmt::While(w) => expr(&w.test) || may_change_schema(&w.body),
        ast::Stmt::With(w) => {
            w.items.iter().any(|i| expr(&i.context_expr)) || may_change_schema(&w.body)
        }
        ast::Stmt::Try(t) => {
            may_change_schema(&t.body)
                || may_change_schema(&t.orelse)
                || may_change_schema(&t.finalbody)
        }
        ast::Stmt::Pass(_) | ast::Stmt::Break(_) | ast::Stmt::Continue(_) | ast::Stmt::Raise(_) => {
            false
        }
        ast::Stmt::Import(_)
        | ast::Stmt::ImportFrom(_)
        | ast::Stmt::Assert(_)
        | ast::Stmt::Global(_) => false,
        _ => true,
    })
}

/// Whether a function body is a generator's: a `yield` (or `yield from`) in a statement of
/// its own, not of a function defined inside it.
pub(super) fn yields(body: &[ast::Stmt]) -> bool {
    let is_yield = |e: &ast::Expr| matches!(e, ast::Expr::Yield(_) | ast::Expr::YieldFrom(_));
    body.iter().any(|stmt| match stmt {
        ast::Stmt::Expr(e) => is_yield(&e.value),
        ast::Stmt::Assign(a) => is_yield(&a.value),
        ast::Stmt::If(i) => yields(&i.body) || yields(&i.orelse),
        ast::Stmt::For(f) => yields(&f.body) || yields(&f.orelse),
        ast::Stmt::While(w) => yields(&w.body) || yields(&w.orelse),
        ast::Stmt::With(w) => yields(&w.body),
        ast::Stmt::Try(t) => {
            yields(&t.body)
                || yields(&t.orelse)
                || yields(&t.finalbody)
                || t.handlers.iter().any(|h| {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    yields(&h.body)
                })
        }
        _ => false,
    })
}

/// A data statement built with SQLAlchemy (`sa.update(t)...`, `t.insert().values(...)`,
/// `sa.select(...)`, `sa.delete(...)`), or SQL text that starts with a data keyword.
pub(super) fn is_data_statement(e: &ast::Expr) -> bool {
    const DATA: &[&str] = &[
        "update",
        "insert",
        "delete",
        "select",
        "values",
        "where",
        "returning",
        "filter",
        "filter_by",
        "order_by",
        "limit",
        "join",
        "outerjoin",
        "group_by",
        "with_only_columns",
    ];
    match e {
        ast::Expr::Call(c) => match c.func.as_ref() {
            ast::Expr::Attribute(a) => {
                DATA.contains(&a.attr.as_str()) || is_data_statement(&a.value)
            }
            ast::Expr::Name(n) => {
                DATA.contains(&n.id.as_str())
                    || matches!(n.id.as_str(), "text")
                        && c.args.first().is_some_and(is_data_statement)
            }
            _ => false,
        },
        ast::Expr::Constant(c) => match &c.value {
            ast::Constant::Str(s) => {
                let first = s
                    .split_whitespace()
                    .next()
                    .unwrap_or("")
                    .to_ascii_uppercase();
                matches!(
                    first.as_str(),
                    "SELECT" | "UPDATE" | "INSERT" | "DELETE" | "WITH"
                )
            }
            _ => false,
        },
        _ => false,
    }
}

/// An assignment that changes what the models declare: a metadata's default schema or naming
/// convention, a class's table name or table arguments (`BASE.metadata.schema = name`).
fn declares_schema(target: &ast::Expr) -> bool {
    matches!(target, ast::Expr::Attribute(a) if matches!(
        a.attr.as_str(),
        "schema" | "naming_convention" | "__tablename__" | "__table_args__" | "metadata"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::python::parse_module;

    fn body(src: &str) -> Vec<ast::Stmt> {
        parse_module(src, "t.py").unwrap().body
    }

    #[test]
    fn tells_data_work_from_schema_changes() {
        assert!(!may_change_schema(&body(
            "while True:\n    rows = bind.execute(sa.select(t.c.id).limit(100)).fetchall()\n    \
             bind.execute(t.update().where(t.c.id == 1).values(x=2))\n    log.info('done')\n    break\n"
        )));
        assert!(!may_change_schema(&body(
            "for r in rows:\n    conn.execute('UPDATE t SET x = 1')\n"
        )));
        assert!(may_change_schema(&body(
            "for r in rows:\n    op.add_column('t', c)\n"
        )));
        assert!(may_change_schema(&body(
            "if x:\n    conn.execute('ALTER TABLE t ADD c int')\n"
        )));
        // A helper of the project may wrap operations.
        assert!(may_change_schema(&body(
            "if x:\n    add_missing_columns()\n"
        )));
        // The models' default schema, set from configuration.
        assert!(may_change_schema(&body(
            "if has_option('database', 'schema'):\n    BASE.metadata.schema = name\n"
        )));
        assert!(!may_change_schema(&body("if x:\n    handler.level = 10\n")));
    }
}
