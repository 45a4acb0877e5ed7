//! Expressions of a catalog query, evaluated on one row (or, for aggregates, on the rows of
//! the one group a query without `GROUP BY` has). `None` is "not known statically": an
//! expression driftlock does not evaluate, or one PostgreSQL would refuse; either makes the
//! whole query unknown. A value the replay does not know is [`V::Unknown`] and stays one
//! through operators, so it only matters where the query uses it.

use pg_query::protobuf::{self, node::Node as N};

use super::eval::{Env, Eval};
use super::value::{bool_literal, equal, like, order, V};

impl Eval<'_, '_> {
    pub(super) fn expr(&self, node: &protobuf::Node, env: &Env) -> Option<V> {
        self.tick()?;
        match node.node.as_ref()? {
            N::AConst(c) => constant(c),
            N::ColumnRef(c) => self.column(c, env),
            N::TypeCast(t) => {
                let type_name = t.type_name.as_ref()?;
                let arg = t.arg.as_deref()?;
                // `NULL::mood`: a typed null, which `enum_range` reads by its type.
                let value = self.expr(arg, env)?;
                self.cast(value, type_name)
            }
            N::AExpr(e) => self.operator(e, env),
            N::BoolExpr(b) => {
                let values = b
                    .args
                    .iter()
                    .map(|a| self.expr(a, env))
                    .collect::<Option<Vec<V>>>()?;
                logic(b.boolop(), &values)
            }
            N::NullTest(t) => {
                let value = self.expr(t.arg.as_deref()?, env)?;
                let is_null = match value {
                    V::Unknown(why) => return Some(V::Unknown(why)),
                    V::Null => true,
                    V::Set(_) => return None,
                    _ => false,
                };
                Some(V::Bool(
                    is_null == (t.nulltesttype() == protobuf::NullTestType::IsNull),
                ))
            }
            N::BooleanTest(t) => {
                use protobuf::BoolTestType as B;
                let value = self.expr(t.arg.as_deref()?, env)?;
                let b = match value {
                    V::Unknown(why) => return Some(V::Unknown(why)),
                    V::Null => None,
                    V::Bool(b) => Some(b),
                    _ => return None,
                };
                Some(V::Bool(match t.booltesttype() {
                    B::IsTrue => b == Some(true),
                    B::IsNotTrue => b != Some(true),
                    B::IsFalse => b == Some(false),
                    B::IsNotFalse => b != Some(false),
                    B::IsUnknown => b.is_none(),
                    B::IsNotUnknown => b.is_some(),
                    B::Undefined => return None,
                }))
            }
            N::SubLink(s) => self.sublink(s, env),
            N::FuncCall(f) => self.function(f, env),
            N::AIndirection(i) => {
                let mut value = self.expr(i.arg.as_deref()?, env)?;
                for step in &i.indirection {
                    let N::AIndices(ix) = step.node.as_ref()? else {
                        return None;
                    };
                    if ix.is_slice {
                        return None;
                    }
                    let index = self.expr(ix.uidx.as_deref()?, env)?;
                    value = match (value, index) {
                        (V::Unknown(why), _) | (_, V::Unknown(why)) => V::Unknown(why),
                        (V::Null, _) | (_, V::Null) => V::Null,
                        // Arrays in the catalog start at 1 (`conkey[1]`); out of range is NULL.
                        (V::Array(items), V::Int(i)) => usize::try_from(i - 1)
                            .ok()
                            .and_then(|i| items.get(i).cloned())
                            .unwrap_or(V::Null),
                        _ => return None,
                    };
                }
                Some(value)
            }
            N::SqlvalueFunction(f) => match f.op() {
                protobuf::SqlValueFunctionOp::SvfopCurrentSchema => Some(self.current_schema()),
                protobuf::SqlValueFunctionOp::SvfopCurrentUser
                | protobuf::SqlValueFunctionOp::SvfopSessionUser
                | protobuf::SqlValueFunctionOp::SvfopUser
                | protobuf::SqlValueFunctionOp::SvfopCurrentRole => {
                    Some(V::Unknown("the user the migration runs as"))
                }
                protobuf::SqlValueFunctionOp::SvfopCurrentCatalog => {
                    Some(V::Unknown("the database's name"))
                }
                _ => None,
            },
            N::CoalesceExpr(c) => {
                for a in &c.args {
                    match self.expr(a, env)? {
                        V::Null => continue,
                        V::Set(_) => return None,
                        other => return Some(other),
                    }
                }
                Some(V::Null)
            }
            N::CaseExpr(c) => self.case(c, env),
            N::AArrayExpr(a) => a
                .elements
                .iter()
                .map(|e| match self.expr(e, env)? {
                    V::Set(_) | V::Array(_) => None,
                    v => Some(v),
                })
                .collect::<Option<Vec<V>>>()
                .map(V::Array),
            _ => None,
        }
    }

    fn column(&self, c: &protobuf::ColumnRef, env: &Env) -> Option<V> {
        let fields = c
            .fields
            .iter()
            .map(|f| match f.node.as_ref()? {
                N::String(s) => Some(s.sval.as_str()),
                _ => None,
            })
            .collect::<Option<Vec<&str>>>()?;
        env.lookup(&fields)
    }

    /// `CASE [x] WHEN ... THEN ... ELSE ... END`.
    fn case(&self, c: &protobuf::CaseExpr, env: &Env) -> Option<V> {
        let subject = match c.arg.as_deref() {
            Some(a) => Some(self.expr(a, env)?),
            None => None,
        };
        for w in &c.args {
            let N::CaseWhen(w) = w.node.as_ref()? else {
                return None;
            };
            let test = self.expr(w.expr.as_deref()?, env)?;
            let holds = match &subject {
                Some(s) => match equal(s, &test) {
                    Err(why) => return Some(V::Unknown(why)),
                    Ok(r) => r? == Some(true),
                },
                None => match test {
                    V::Unknown(why) => return Some(V::Unknown(why)),
                    V::Bool(b) => b,
                    V::Null => false,
                    _ => return None,
                },
            };
            if holds {
                return self.expr(w.result.as_deref()?, env);
            }
        }
        match c.defresult.as_deref() {
            Some(d) => self.expr(d, env),
            None => Some(V::Null),
        }
    }

    fn operator(&self, e: &protobuf::AExpr, env: &Env) -> Option<V> {
        use protobuf::AExprKind as K;
        let op = operator_name(e)?;
        let left = match e.lexpr.as_deref() {
            Some(l) => Some(self.expr(l, env)?),
            None => None,
        };
        let right_node = e.rexpr.as_deref()?;
        match e.kind() {
            K::AexprIn => {
                let N::List(list) = right_node.node.as_ref()? else {
                    return None;
                };
                let left = left?;
                let items = list
                    .items
                    .iter()
                    .map(|i| self.expr(i, env))
                    .collect::<Option<Vec<V>>>()?;
                let found = any_equal(&left, &items)?;
                match op.as_str() {
                    "=" => Some(found),
                    "<>" => logic(protobuf::BoolExprType::NotExpr, &[found]),
                    _ => None,
                }
            }
            K::AexprOpAny | K::AexprOpAll => {
                let left = left?;
                let items = match self.expr(right_node, env)? {
                    V::Array(items) => items,
                    V::Null => return Some(V::Null),
                    V::Unknown(why) => return Some(V::Unknown(why)),
                    _ => return None,
                };
                self.quantified(&left, &op, &items, e.kind() == K::AexprOpAny)
            }
            K::AexprOp => {
                let right = self.expr(right_node, env)?;
                match left {
                    Some(left) => binary(&op, &left, &right),
                    None => match (op.as_str(), right) {
                        ("-", V::Int(i)) => Some(V::Int(i.checked_neg()?)),
                        ("-", V::Unknown(why)) => Some(V::Unknown(why)),
                        _ => None,
                    },
                }
            }
            K::AexprLike | K::AexprIlike => {
                let (left, right) = (left?, self.expr(right_node, env)?);
                let fold = e.kind() == K::AexprIlike;
                let positive = match op.as_str() {
                    "~~" | "~~*" => true,
                    "!~~" | "!~~*" => false,
                    _ => return None,
                };
                match (&left, &right) {
                    (V::Unknown(why), _) | (_, V::Unknown(why)) => Some(V::Unknown(why)),
                    (V::Null, _) | (_, V::Null) => Some(V::Null),
                    (V::NotNullName, V::Text(p)) => {
                        // Every such name ends with `_not_null` and starts with digits.
                        let sure_not = !like("1_1_1_not_null", p, fold)
                            && !like("1111111111_111111111_1111_not_null", p, fold)
                            && !p.contains('%');
                        sure_not.then_some(V::Bool(!positive))
                    }
                    _ => {
                        let holds = like(left.as_str()?, right.as_str()?, fold);
                        Some(V::Bool(holds == positive))
                    }
                }
            }
            K::AexprDistinct | K::AexprNotDistinct => {
                let (left, right) = (left?, self.expr(right_node, env)?);
                let same = match (&left, &right) {
                    (V::Null, V::Null) => true,
                    (V::Null, V::Unknown(_)) | (V::Unknown(_), V::Null) => {
                        return Some(V::Unknown("a value compared with NULL"))
                    }
                    (V::Null, _) | (_, V::Null) => false,
                    _ => match equal(&left, &right) {
                        Err(why) => return Some(V::Unknown(why)),
                        Ok(r) => r? == Some(true),
                    },
                };
                Some(V::Bool(same == (e.kind() == K::AexprNotDistinct)))
            }
            K::AexprNullif => {
                let (left, right) = (left?, self.expr(right_node, env)?);
                match equal(&left, &right) {
                    Err(why) => Some(V::Unknown(why)),
                    Ok(r) if r? == Some(true) => Some(V::Null),
                    Ok(_) => Some(left),
                }
            }
            _ => None,
        }
    }

    /// `x op ANY (array)` / `x op ALL (array)`.
    fn quantified(&self, left: &V, op: &str, items: &[V], any: bool) -> Option<V> {
        let results = items
            .iter()
            .map(|i| binary(op, left, i))
            .collect::<Option<Vec<V>>>()?;
        let kind = if any {
            protobuf::BoolExprType::OrExpr
        } else {
            protobuf::BoolExprType::AndExpr
        };
        if results.is_empty() {
            return Some(V::Bool(!any));
        }
        logic(kind, &results)
    }

    /// `EXISTS (...)`, `(SELECT ...)`, `x IN (SELECT ...)`, `ARRAY(SELECT ...)`.
    fn sublink(&self, s: &protobuf::SubLink, env: &Env) -> Option<V> {
        use protobuf::SubLinkType as T;
        let N::SelectStmt(select) = s.subselect.as_deref()?.node.as_ref()? else {
            return None;
        };
        let out = self.select(select, Some(env))?;
        let single = |out: &super::eval::Output| -> Option<Vec<V>> {
            if out.columns.len() != 1 {
                return None;
            }
            Some(
                out.rows
                    .iter()
                    .map(|r| r.first().cloned().unwrap_or(V::Null))
                    .collect(),
            )
        };
        let unsure = V::Unknown("a subquery whose rows depend on what the replay does not know");
        match s.sub_link_type() {
            T::ExistsSublink if out.rows.is_empty() && out.uncertain => Some(unsure),
            T::ExistsSublink => Some(V::Bool(!out.rows.is_empty())),
            _ if out.uncertain && s.sub_link_type() != T::AnySublink => Some(unsure),
            T::ExprSublink => {
                let values = single(&out)?;
                match values.as_slice() {
                    [] => Some(V::Null),
                    [v] => Some(v.clone()),
                    // PostgreSQL refuses a scalar subquery with more than one row.
                    _ => None,
                }
            }
            T::ArraySublink => Some(V::Array(single(&out)?)),
            T::AnySublink | T::AllSublink => {
                let left = self.expr(s.testexpr.as_deref()?, env)?;
                let op = if s.oper_name.is_empty() {
                    "=".to_string()
                } else {
                    names(&s.oper_name)
                };
                let any = s.sub_link_type() == T::AnySublink;
                let found = self.quantified(&left, &op, &single(&out)?, any)?;
                // One certain row decides `IN`; otherwise the rows not known might.
                if out.uncertain && !matches!(found, V::Bool(true)) {
                    return Some(unsure);
                }
                Some(found)
            }
            _ => None,
        }
    }

    /// `value::type`.
    fn cast(&self, value: V, type_name: &protobuf::TypeName) -> Option<V> {
        if !type_name.array_bounds.is_empty() {
            return None;
        }
        let names = crate::sql::strings(&type_name.names);
        let target = match names.as_slice() {
            [n] => n.clone(),
            [s, n] if s == "pg_catalog" => n.clone(),
            [s, n] => format!("{s}.{n}"),
            _ => return None,
        };
        if let V::Set(items) = value {
            return items
                .into_iter()
                .map(|v| self.cast(v, type_name))
                .collect::<Option<Vec<V>>>()
                .map(V::Set);
        }
        match (&value, target.as_str()) {
            (V::Unknown(_), _) => Some(value),
            // A typed NULL keeps its type for `enum_range(NULL::mood)`.
            (V::Null, _) => Some(V::Null),
            (V::Text(s) | V::Name(s), "regclass") => self.cat.class_named(s).map(V::RegClass),
            (V::Text(s) | V::Name(s), "regtype") => self.cat.type_named(s).map(V::RegType),
            (V::Text(s) | V::Name(s), "regnamespace") => {
                let (schema, name) = super::relations::split_name(s)?;
                if schema.is_some() {
                    return None;
                }
                self.cat.namespace_named(&name).map(V::RegNamespace)
            }
            (V::Oid(o) | V::RegClass(o) | V::RegType(o) | V::RegNamespace(o), t) => match t {
                "regclass" => Some(V::RegClass(*o)),
                "regtype" => Some(V::RegType(*o)),
                "regnamespace" => Some(V::RegNamespace(*o)),
                "oid" => Some(V::Oid(*o)),
                "text" | "name" | "varchar" => match value {
                    V::Oid(_) => Some(V::Unknown("an object identifier")),
                    _ => {
                        let shown = self.cat.display(&value)?;
                        Some(if t == "name" {
                            V::Name(shown)
                        } else {
                            V::Text(shown)
                        })
                    }
                },
                _ => None,
            },
            (V::Text(s) | V::Name(s), "text" | "varchar" | "bpchar") => Some(V::Text(s.clone())),
            (V::Text(s) | V::Name(s), "name") => Some(V::Name(s.clone())),
            (V::Text(s), "char") => Some(V::Text(s.chars().take(1).collect())),
            (V::Text(s), "int4" | "int2" | "int8") => s.trim().parse().ok().map(V::Int),
            (V::Text(s), "bool") => bool_literal(s).map(V::Bool),
            (V::Int(i), "int4" | "int2" | "int8") => Some(V::Int(*i)),
            (V::Int(i), "text" | "varchar") => Some(V::Text(i.to_string())),
            (V::Ord(_), "int4" | "int2" | "int8") => Some(value),
            (V::Ord(_), "text") => Some(V::Unknown("a column's number")),
            (V::Bool(_), "bool") => Some(value),
            (V::Bool(b), "text") => Some(V::text(if *b { "true" } else { "false" })),
            (V::NotNullName, "text" | "name" | "varchar") => Some(value),
            // A label cast to its enum type (`'a'::mood`): the label, if the type has it.
            (V::Text(s), t) => {
                let oid = self.cat.type_named(t)?;
                let labels = self.cat.enum_labels(oid)?;
                labels.contains(s).then(|| V::Text(s.clone()))
            }
            _ => None,
        }
    }

    fn function(&self, f: &protobuf::FuncCall, env: &Env) -> Option<V> {
        let name = function_name(f)?;
        if f.over.is_some() || f.agg_within_group || f.func_variadic || !f.agg_order.is_empty() {
            return None;
        }
        if AGGREGATES.contains(&name.as_str()) {
            return self.aggregate(&name, f, env);
        }
        if f.agg_star || f.agg_distinct || f.agg_filter.is_some() {
            return None;
        }
        // `enum_range(NULL::mood)`: the type is the argument's, not its value.
        if name == "enum_range" {
            let [arg] = f.args.as_slice() else {
                return None;
            };
            let N::TypeCast(t) = arg.node.as_ref()? else {
                return None;
            };
            let type_name = t.type_name.as_ref()?;
            let oid = self.cat.type_named(&type_text(type_name)?)?;
            let labels = self.cat.enum_labels(oid)?;
            return Some(V::Array(labels.iter().cloned().map(V::Text).collect()));
        }
        let args = f
            .args
            .iter()
            .map(|a| match self.expr(a, env)? {
                V::Set(_) => None,
                v => Some(v),
            })
            .collect::<Option<Vec<V>>>()?;
        if let Some(V::Unknown(why)) = args.iter().find(|a| matches!(a, V::Unknown(_))) {
            return Some(V::Unknown(why));
        }
        let text = |i: usize| args.get(i).and_then(V::as_str);
        match (name.as_str(), args.as_slice()) {
            (_, [V::Null, ..]) if STRICT.contains(&name.as_str()) => Some(V::Null),
            ("current_schema", []) => Some(self.current_schema()),
            ("lower", [_]) => Some(V::Text(text(0)?.to_lowercase())),
            ("upper", [_]) => Some(V::Text(text(0)?.to_uppercase())),
            ("length" | "char_length", [_]) => Some(V::Int(text(0)?.chars().count() as i64)),
            ("quote_ident", [_]) => Some(V::Text(crate::pg::types::quote_ident(text(0)?))),
            ("concat", _) => {
                let mut out = String::new();
                for a in &args {
                    match a {
                        V::Null => {}
                        V::Text(s) | V::Name(s) => out.push_str(s),
                        V::Int(i) => out.push_str(&i.to_string()),
                        _ => return None,
                    }
                }
                Some(V::Text(out))
            }
            ("to_regclass", [_]) => {
                Some(self.cat.class_named(text(0)?).map_or(V::Null, V::RegClass))
            }
            ("to_regtype", [_]) => Some(self.cat.type_named(text(0)?).map_or(V::Null, V::RegType)),
            ("to_regnamespace", [_]) => Some(
                self.cat
                    .namespace_named(text(0)?)
                    .map_or(V::Null, V::RegNamespace),
            ),
            ("array_length", [V::Array(items), V::Int(1)]) => Some(if items.is_empty() {
                V::Null
            } else {
                V::Int(items.len() as i64)
            }),
            ("cardinality", [V::Array(items)]) => Some(V::Int(items.len() as i64)),
            ("unnest", [V::Array(items)]) => Some(V::Set(items.clone())),
            ("pg_get_indexdef", [i]) => Some(self.cat.index_definition(oid_of(i)?)),
            ("pg_table_is_visible", [i]) => self.cat.visible(oid_of(i)?).map(V::Bool),
            (
                "pg_get_constraintdef"
                | "pg_get_expr"
                | "format_type"
                | "obj_description"
                | "col_description"
                | "pg_get_viewdef"
                | "pg_get_serial_sequence"
                | "has_table_privilege"
                | "pg_relation_size"
                | "pg_total_relation_size",
                _,
            ) => Some(V::Unknown("what a catalog function returns")),
            _ => None,
        }
    }

    /// `count`, `min`, `max`, `bool_or`, `bool_and` over the rows of the query's one group.
    fn aggregate(&self, name: &str, f: &protobuf::FuncCall, env: &Env) -> Option<V> {
        let rows = env.group?;
        if f.agg_filter.is_some() {
            return None;
        }
        if f.agg_star {
            return (name == "count").then_some(V::Int(rows.len() as i64));
        }
        let [arg] = f.args.as_slice() else {
            return None;
        };
        let mut values: Vec<V> = Vec::new();
        for row in rows {
            let inner = env.with_row(row);
            match self.expr(arg, &inner)? {
                V::Null => {}
                V::Set(_) => return None,
                V::Unknown(why) => return Some(V::Unknown(why)),
                v => {
                    if f.agg_distinct {
                        let mut seen = false;
                        for s in &values {
                            seen |= equal(s, &v).ok()?? == Some(true);
                        }
                        if seen {
                            continue;
                        }
                    }
                    values.push(v);
                }
            }
        }
        match name {
            "count" => Some(V::Int(values.len() as i64)),
            "min" | "max" => {
                let mut best: Option<V> = None;
                for v in values {
                    best = Some(match best {
                        None => v,
                        Some(b) => {
                            let o = order(&v, &b, true).ok()???;
                            let better = if name == "min" { o.is_lt() } else { o.is_gt() };
                            if better {
                                v
                            } else {
                                b
                            }
                        }
                    });
                }
                match best {
                    Some(V::Ord(_) | V::Oid(_)) => Some(V::Unknown("a made-up number")),
                    Some(v) => Some(v),
                    None => Some(V::Null),
                }
            }
            "bool_or" | "bool_and" => {
                if values.is_empty() {
                    return Some(V::Null);
                }
                let bools = values
                    .iter()
                    .map(|v| match v {
                        V::Bool(b) => Some(*b),
                        _ => None,
                    })
                    .collect::<Option<Vec<bool>>>()?;
                Some(V::Bool(if name == "bool_or" {
                    bools.iter().any(|b| *b)
                } else {
                    bools.iter().all(|b| *b)
                }))
            }
            _ => None,
        }
    }

    fn current_schema(&self) -> V {
        self.cat.current_schema().map_or(V::Null, V::name)
    }
}

/// The aggregates evaluated over a query's one group.
pub(super) const AGGREGATES: &[&str] = &["count", "min", "max", "bool_or", "bool_and"];

/// Functions whose result is NULL for a NULL first argument.
const STRICT: &[&str] = &[
    "lower",
    "upper",
    "length",
    "char_length",
    "quote_ident",
    "to_regclass",
    "to_regtype",
    "to_regnamespace",
    "array_length",
    "cardinality",
    "unnest",
    "pg_get_indexdef",
    "pg_table_is_visible",
];

/// Whether an expression calls an aggregate (outside any subquery).
pub(super) fn has_aggregate(node: &protobuf::Node) -> bool {
    let Some(n) = node.node.as_ref() else {
        return false;
    };
    let any = |nodes: &[protobuf::Node]| nodes.iter().any(has_aggregate);
    let one = |n: &Option<Box<protobuf::Node>>| n.as_deref().is_some_and(has_aggregate);
    match n {
        N::FuncCall(f) => {
            function_name(f).is_some_and(|n| AGGREGATES.contains(&n.as_str())) || any(&f.args)
        }
        N::TypeCast(t) => one(&t.arg),
        N::AExpr(e) => one(&e.lexpr) || one(&e.rexpr),
        N::BoolExpr(b) => any(&b.args),
        N::NullTest(t) => one(&t.arg),
        N::BooleanTest(t) => one(&t.arg),
        N::CoalesceExpr(c) => any(&c.args),
        N::AIndirection(i) => one(&i.arg),
        N::List(l) => any(&l.items),
        N::CaseExpr(c) => one(&c.arg) || any(&c.args) || one(&c.defresult),
        N::CaseWhen(w) => one(&w.expr) || one(&w.result),
        _ => false,
    }
}

fn constant(c: &protobuf::AConst) -> Option<V> {
    use protobuf::a_const::Val;
    if c.isnull {
        return Some(V::Null);
    }
    match c.val.as_ref()? {
        Val::Ival(i) => Some(V::Int(i64::from(i.ival))),
        Val::Sval(s) => Some(V::Text(s.sval.clone())),
        Val::Boolval(b) => Some(V::Bool(b.boolval)),
        Val::Fval(f) => f.fval.parse().ok().map(V::Int),
        _ => None,
    }
}

/// SQL's three-valued `AND`, `OR`, `NOT` (an unknown value stays unknown unless another
/// operand decides).
fn logic(op: protobuf::BoolExprType, values: &[V]) -> Option<V> {
    use protobuf::BoolExprType as B;
    let mut unknown = None;
    let mut null = false;
    let mut bools = Vec::new();
    for v in values {
        match v {
            V::Bool(b) => bools.push(*b),
            V::Null => null = true,
            V::Unknown(why) => unknown = Some(*why),
            V::Text(t) => bools.push(bool_literal(t)?),
            _ => return None,
        }
    }
    match op {
        B::NotExpr => match (values, bools.as_slice()) {
            ([_], [b]) => Some(V::Bool(!b)),
            ([_], []) => Some(unknown.map_or(V::Null, V::Unknown)),
            _ => None,
        },
        B::AndExpr | B::OrExpr => {
            let decisive = op == B::OrExpr;
            if bools.contains(&decisive) {
                Some(V::Bool(decisive))
            } else if let Some(why) = unknown {
                Some(V::Unknown(why))
            } else if null {
                Some(V::Null)
            } else {
                Some(V::Bool(!decisive))
            }
        }
        B::Undefined => None,
    }
}

/// `x IN (a, b, ...)`: true if one is equal, NULL if none is but one is NULL.
fn any_equal(left: &V, items: &[V]) -> Option<V> {
    let results = items
        .iter()
        .map(|i| binary("=", left, i))
        .collect::<Option<Vec<V>>>()?;
    if results.is_empty() {
        return Some(V::Bool(false));
    }
    logic(protobuf::BoolExprType::OrExpr, &results)
}

/// A binary operator on two values.
fn binary(op: &str, left: &V, right: &V) -> Option<V> {
    if matches!(left, V::Set(_)) || matches!(right, V::Set(_)) {
        return None;
    }
    match op {
        "=" | "<>" | "!=" => Some(match equal(left, right) {
            Err(why) => V::Unknown(why),
            Ok(r) => match r? {
                None => V::Null,
                Some(eq) => V::Bool(eq == (op == "=")),
            },
        }),
        "<" | ">" | "<=" | ">=" => Some(match order(left, right, true) {
            Err(why) => V::Unknown(why),
            Ok(r) => match r? {
                None => V::Null,
                Some(o) => V::Bool(match op {
                    "<" => o.is_lt(),
                    ">" => o.is_gt(),
                    "<=" => o.is_le(),
                    _ => o.is_ge(),
                }),
            },
        }),
        "||" => match (left, right) {
            (V::Unknown(why), _) | (_, V::Unknown(why)) => Some(V::Unknown(why)),
            (V::Null, _) | (_, V::Null) => Some(V::Null),
            _ => {
                let piece = |v: &V| match v {
                    V::Text(s) | V::Name(s) => Some(s.clone()),
                    V::Int(i) => Some(i.to_string()),
                    _ => None,
                };
                Some(V::Text(piece(left)? + &piece(right)?))
            }
        },
        "+" | "-" => match (left, right) {
            (V::Unknown(why), _) | (_, V::Unknown(why)) => Some(V::Unknown(why)),
            (V::Null, _) | (_, V::Null) => Some(V::Null),
            (V::Int(a), V::Int(b)) => {
                if op == "+" {
                    a.checked_add(*b).map(V::Int)
                } else {
                    a.checked_sub(*b).map(V::Int)
                }
            }
            _ => None,
        },
        _ => None,
    }
}

fn oid_of(v: &V) -> Option<u32> {
    match v {
        V::Oid(o) | V::RegClass(o) | V::RegType(o) | V::RegNamespace(o) => Some(*o),
        _ => None,
    }
}

/// A function's name, without `pg_catalog.`; `None` for another schema's function.
pub(super) fn function_name(f: &protobuf::FuncCall) -> Option<String> {
    unqualified(crate::sql::strings(&f.funcname)).map(|n| n.to_lowercase())
}

fn names(nodes: &[protobuf::Node]) -> String {
    crate::sql::strings(nodes).concat()
}

fn operator_name(e: &protobuf::AExpr) -> Option<String> {
    unqualified(crate::sql::strings(&e.name))
}

/// The last part of a name written bare or under `pg_catalog`; `None` under another schema.
fn unqualified(parts: Vec<String>) -> Option<String> {
    match parts.as_slice() {
        [n] => Some(n.clone()),
        [schema, n] if schema == "pg_catalog" => Some(n.clone()),
        _ => None,
    }
}

/// A type name as written (`mood`, `public.mood`), for the catalog's lookup.
fn type_text(t: &protobuf::TypeName) -> Option<String> {
    if !t.array_bounds.is_empty() || !t.typmods.is_empty() {
        return None;
    }
    let parts: Vec<String> = t
        .names
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(N::String(s)) => Some(crate::pg::types::quote_ident(&s.sval)),
            _ => None,
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join("."))
}
