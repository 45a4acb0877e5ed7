//! `DO $$ ... $$` blocks, read with PostgreSQL's own PL/pgSQL parser (pg_query): the SQL
//! statements a block runs and the `IF` conditions and exception handlers that decide which.
//! Hand-written migrations use them to make DDL idempotent (`IF NOT EXISTS (SELECT 1 FROM
//! pg_constraint WHERE conname = 'x') THEN ALTER TABLE ... ADD CONSTRAINT x ...`); the
//! replay decides each condition from its own schema (`catalog::condition`). What a block
//! computes at run time (loops, `EXECUTE` of a built string) is named, never skipped.

use serde_json::Value as Json;

/// One step of a block, in the order PL/pgSQL runs them.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// A SQL statement the block runs, as written (no PL/pgSQL variable in it can be DDL).
    Sql(String),
    /// `IF c THEN ... ELSIF c THEN ... ELSE ... END IF`: each condition (a SQL expression) with
    /// its statements, then those of `ELSE`.
    If {
        branches: Vec<(String, Vec<Step>)>,
        otherwise: Vec<Step>,
    },
    /// `BEGIN ... EXCEPTION WHEN c THEN ... END`: the statements, and for each handler the
    /// conditions it catches (`duplicate_object`, `others`) and what it runs.
    Handled {
        body: Vec<Step>,
        handlers: Vec<(Vec<String>, Vec<Step>)>,
    },
    /// What the block does here is decided at run time (why).
    Unknown(String),
}

/// The steps of a `DO` statement (its whole text, `DO $$ ... $$` or `DO LANGUAGE plpgsql
/// $$ ... $$`); `Err` with PostgreSQL's message when the body does not compile.
pub fn read(do_statement: &str) -> Result<Vec<Step>, String> {
    let parsed = pg_query::parse_plpgsql(do_statement).map_err(|e| e.to_string())?;
    let action = parsed
        .as_array()
        .and_then(|fs| fs.first())
        .and_then(|f| f.get("PLpgSQL_function"))
        .and_then(|f| f.get("action"))
        .ok_or("the block has no body")?;
    Ok(statement(action))
}

fn statements(list: Option<&Json>) -> Vec<Step> {
    list.and_then(Json::as_array)
        .map(|items| items.iter().flat_map(statement).collect())
        .unwrap_or_default()
}

/// The text of an expression field (`{"PLpgSQL_expr": {"query": ...}}`).
fn query(field: Option<&Json>) -> Option<String> {
    field?
        .get("PLpgSQL_expr")?
        .get("query")?
        .as_str()
        .map(str::to_string)
}

/// One PL/pgSQL statement: none, one or (for a plain block) several steps.
fn statement(node: &Json) -> Vec<Step> {
    let Some((kind, body)) = node.as_object().and_then(|o| o.iter().next()) else {
        return vec![Step::Unknown(
            "a PL/pgSQL statement driftlock cannot read".into(),
        )];
    };
    match kind.as_str() {
        "PLpgSQL_stmt_block" => {
            let inner = statements(body.get("body"));
            let handlers: Vec<(Vec<String>, Vec<Step>)> = body
                .get("exceptions")
                .and_then(|e| e.get("PLpgSQL_exception_block"))
                .and_then(|e| e.get("exc_list"))
                .and_then(Json::as_array)
                .map(|list| list.iter().filter_map(handler).collect())
                .unwrap_or_default();
            if handlers.is_empty() {
                inner
            } else {
                vec![Step::Handled {
                    body: inner,
                    handlers,
                }]
            }
        }
        "PLpgSQL_stmt_execsql" => match query(body.get("sqlstmt")) {
            Some(sql) => vec![Step::Sql(sql)],
            None => vec![Step::Unknown("a statement without its SQL".into())],
        },
        "PLpgSQL_stmt_if" => {
            let mut branches = Vec::new();
            let Some(cond) = query(body.get("cond")) else {
                return vec![Step::Unknown("an IF without its condition".into())];
            };
            branches.push((cond, statements(body.get("then_body"))));
            for elsif in body
                .get("elsif_list")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
            {
                let elsif = elsif.get("PLpgSQL_if_elsif");
                let Some(cond) = query(elsif.and_then(|e| e.get("cond"))) else {
                    return vec![Step::Unknown("an ELSIF without its condition".into())];
                };
                branches.push((cond, statements(elsif.and_then(|e| e.get("stmts")))));
            }
            vec![Step::If {
                branches,
                otherwise: statements(body.get("else_body")),
            }]
        }
        "PLpgSQL_stmt_dynexecute" => match query(body.get("query")).as_deref().and_then(literal) {
            // `EXECUTE 'ALTER TABLE ...'`: a constant string is a statement like any other.
            Some(sql) => vec![Step::Sql(sql)],
            None => vec![Step::Unknown(
                "EXECUTE of a statement the block builds at run time".into(),
            )],
        },
        // Loops: what they run depends on the rows or counters they go over. Without SQL in
        // them (a loop that only RAISEs), nothing.
        "PLpgSQL_stmt_loop"
        | "PLpgSQL_stmt_while"
        | "PLpgSQL_stmt_fori"
        | "PLpgSQL_stmt_fors"
        | "PLpgSQL_stmt_forc"
        | "PLpgSQL_stmt_foreach_a"
        | "PLpgSQL_stmt_dynfors"
        | "PLpgSQL_stmt_case" => {
            let runs_sql = serde_json::to_string(body).is_ok_and(|text| {
                text.contains("PLpgSQL_stmt_execsql") || text.contains("PLpgSQL_stmt_dynexecute")
            });
            if runs_sql {
                vec![Step::Unknown(format!(
                    "a {} whose statements depend on values known at run time",
                    kind.trim_start_matches("PLpgSQL_stmt_").to_uppercase()
                ))]
            } else {
                Vec::new()
            }
        }
        // Messages, assignments to variables, queries whose result is thrown away, reading
        // the diagnostics, leaving the block: no schema change.
        "PLpgSQL_stmt_raise"
        | "PLpgSQL_stmt_assert"
        | "PLpgSQL_stmt_assign"
        | "PLpgSQL_stmt_perform"
        | "PLpgSQL_stmt_getdiag"
        | "PLpgSQL_stmt_return"
        | "PLpgSQL_stmt_exit"
        | "PLpgSQL_stmt_commit"
        | "PLpgSQL_stmt_rollback" => Vec::new(),
        other => vec![Step::Unknown(format!(
            "a PL/pgSQL {} statement",
            other.trim_start_matches("PLpgSQL_stmt_").to_uppercase()
        ))],
    }
}

/// One `WHEN ... THEN ...` of an exception block.
fn handler(node: &Json) -> Option<(Vec<String>, Vec<Step>)> {
    let e = node.get("PLpgSQL_exception")?;
    let conditions = e
        .get("conditions")
        .and_then(Json::as_array)
        .map(|cs| {
            cs.iter()
                .filter_map(|c| c.get("PLpgSQL_condition")?.get("condname")?.as_str())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    Some((conditions, statements(e.get("action"))))
}

/// The value of a SQL string constant (`'ALTER TABLE t ...'`, `E'...'`, `$q$...$q$`).
fn literal(expr: &str) -> Option<String> {
    let parsed = pg_query::parse(&format!("SELECT {expr}"), 0).ok()?;
    let stmt = parsed
        .protobuf
        .stmts
        .first()?
        .stmt
        .as_ref()?
        .node
        .as_ref()?;
    let pg_query::protobuf::node::Node::SelectStmt(select) = stmt else {
        return None;
    };
    let [target] = select.target_list.as_slice() else {
        return None;
    };
    let pg_query::protobuf::node::Node::ResTarget(r) = target.node.as_ref()? else {
        return None;
    };
    match r.val.as_deref()?.node.as_ref()? {
        pg_query::protobuf::node::Node::AConst(c) => match &c.val {
            Some(pg_query::protobuf::a_const::Val::Sval(s)) => Some(s.sval.clone()),
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guarded_ddl_is_read_with_its_conditions() {
        let steps = read(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN \
             CREATE TYPE mood AS ENUM ('a'); ELSIF 1 = 2 THEN RAISE NOTICE 'x'; \
             ELSE ALTER TABLE t ADD COLUMN c int; END IF; END $$",
        )
        .unwrap();
        let [Step::If {
            branches,
            otherwise,
        }] = steps.as_slice()
        else {
            panic!("{steps:?}")
        };
        assert_eq!(branches.len(), 2);
        assert!(branches[0].0.contains("NOT EXISTS"), "{branches:?}");
        assert_eq!(
            branches[0].1,
            vec![Step::Sql("CREATE TYPE mood AS ENUM ('a')".into())]
        );
        assert!(branches[1].1.is_empty());
        assert_eq!(
            otherwise,
            &vec![Step::Sql("ALTER TABLE t ADD COLUMN c int".into())]
        );
    }

    #[test]
    fn exception_handlers_constant_execute_and_loops() {
        let steps = read(
            "DO $$ DECLARE r record; BEGIN \
               BEGIN ALTER TABLE t ADD CONSTRAINT u UNIQUE (a); \
               EXCEPTION WHEN duplicate_object OR duplicate_table THEN NULL; END; \
               EXECUTE 'DROP INDEX ix'; \
               FOR r IN SELECT tablename FROM pg_tables LOOP \
                 EXECUTE format('ALTER TABLE %I OWNER TO x', r.tablename); END LOOP; \
             END $$",
        )
        .unwrap();
        assert_eq!(steps.len(), 3, "{steps:?}");
        let Step::Handled { body, handlers } = &steps[0] else {
            panic!("{steps:?}")
        };
        assert_eq!(
            body,
            &vec![Step::Sql(
                "ALTER TABLE t ADD CONSTRAINT u UNIQUE (a)".into()
            )]
        );
        assert_eq!(
            handlers[0].0,
            vec![
                "duplicate_object".to_string(),
                "duplicate_table".to_string()
            ]
        );
        assert!(handlers[0].1.is_empty());
        assert_eq!(steps[1], Step::Sql("DROP INDEX ix".into()));
        assert!(matches!(&steps[2], Step::Unknown(why) if why.contains("FORS")));
    }

    #[test]
    fn a_body_that_does_not_compile_is_an_error() {
        assert!(read("DO $$ BEGIN IF THEN END $$").is_err());
    }
}
