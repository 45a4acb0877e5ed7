//! Catalog queries a revision runs to decide what to do (`SELECT 1 FROM pg_indexes WHERE
//! indexname = 'ix'`, `SELECT EXISTS (SELECT ... FROM information_schema.columns WHERE ...)`),
//! answered from the replayed schema: whether the object they look for exists. A query is
//! answered only when every condition of its `WHERE` is understood (a catalog column equal,
//! unequal or `LIKE` a literal, a join between the catalog relations, `to_regclass('t')`) on
//! a column driftlock knows the value of; any other query is not known statically. The same
//! answers decide the `IF` conditions of `DO` blocks ([`condition`]).

use pg_query::protobuf::{self, node::Node as N};

use crate::schema::{Key, Schema};

/// A value of the row a catalog query returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Int(i64),
    Str(String),
    Bool(bool),
    /// What the query computes from the catalog's other columns: not known statically.
    Unknown(&'static str),
}

/// The rows of `sql` (none or one) when it is a catalog query driftlock can answer.
pub fn answer(sql: &str, schema: &Schema) -> Option<Option<Vec<Cell>>> {
    let parsed = pg_query::parse(sql, 0).ok()?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return None;
    };
    let Some(N::SelectStmt(select)) = stmt.stmt.as_ref()?.node.as_ref() else {
        return None;
    };
    let found = select_rows(select, schema)?;
    let wanted = Wanted::of(select)?;
    Some(found.then(|| row_values(select, &wanted, schema)))
}

/// What the select list gives for the one row: literals, `count(*)` (1), `EXISTS (...)`, a
/// name column the conditions fix (`SELECT conname ... WHERE conname = 'x'`); anything else
/// is not known statically.
fn row_values(select: &protobuf::SelectStmt, wanted: &Wanted, schema: &Schema) -> Vec<Cell> {
    select
        .target_list
        .iter()
        .map(|t| {
            let Some(N::ResTarget(target)) = t.node.as_ref() else {
                return Cell::Unknown("a column of a catalog query");
            };
            match target.val.as_deref().and_then(|v| v.node.as_ref()) {
                Some(N::AConst(c)) => constant(c),
                // An index the replay holds was built: valid, ready and live (a failed
                // `CREATE INDEX CONCURRENTLY` is an operation that fails, not an index).
                Some(N::ColumnRef(c))
                    if column_name(c).is_some_and(|n| {
                        matches!(n.as_str(), "indisvalid" | "indisready" | "indislive")
                    }) =>
                {
                    Cell::Bool(true)
                }
                Some(N::ColumnRef(c)) => column_name(c)
                    .and_then(|n| wanted.get(&[n.as_str()]).map(|v| Cell::Str(v.to_string())))
                    .unwrap_or(Cell::Unknown("a column of a catalog query")),
                Some(N::FuncCall(f)) if function_name(f) == "count" => Cell::Int(1),
                Some(N::SubLink(s)) => exists(s, schema)
                    .map(Cell::Bool)
                    .unwrap_or(Cell::Unknown("a subquery of a catalog query")),
                _ => Cell::Unknown("a column of a catalog query"),
            }
        })
        .collect()
}

fn constant(c: &protobuf::AConst) -> Cell {
    match &c.val {
        Some(protobuf::a_const::Val::Ival(i)) => Cell::Int(i.ival as i64),
        Some(protobuf::a_const::Val::Sval(s)) => Cell::Str(s.sval.clone()),
        Some(protobuf::a_const::Val::Boolval(b)) => Cell::Bool(b.boolval),
        _ => Cell::Unknown("a constant of a catalog query"),
    }
}

fn function_name(f: &protobuf::FuncCall) -> String {
    f.funcname
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(N::String(s)) => Some(s.sval.to_lowercase()),
            _ => None,
        })
        .next_back()
        .unwrap_or_default()
}

/// `EXISTS (SELECT ...)`: whether its query finds a row.
fn exists(s: &protobuf::SubLink, schema: &Schema) -> Option<bool> {
    if s.sub_link_type() != protobuf::SubLinkType::ExistsSublink {
        return None;
    }
    match s.subselect.as_deref()?.node.as_ref()? {
        N::SelectStmt(inner) => select_rows(inner, schema),
        _ => None,
    }
}

/// Whether the query finds a row: `None` when it is not a catalog query driftlock reads.
fn select_rows(select: &protobuf::SelectStmt, schema: &Schema) -> Option<bool> {
    if select.from_clause.is_empty() {
        // `SELECT EXISTS (...)`: a row always; what it holds is the subquery's answer.
        let all_known = select.target_list.iter().all(|t| {
            matches!(t.node.as_ref(), Some(N::ResTarget(r))
                if matches!(r.val.as_deref().and_then(|v| v.node.as_ref()),
                    Some(N::SubLink(s)) if exists(s, schema).is_some()))
        });
        return all_known.then_some(true);
    }
    let mut relations = Vec::new();
    for item in &select.from_clause {
        from_item(item, &mut relations)?;
    }
    let wanted = Wanted::of(select)?;
    let catalog = Catalog::of(&relations)?;
    catalog.finds(&wanted, schema)
}

/// The truth of a SQL boolean expression over the catalog (a PL/pgSQL `IF` condition):
/// `EXISTS (catalog query)`, `to_regclass('t') IS [NOT] NULL`, `NOT`, `AND`, `OR`, `true`.
/// `None` when any part of it is not known statically.
pub fn condition(expression: &str, schema: &Schema) -> Option<bool> {
    let parsed = pg_query::parse(&format!("SELECT {expression}"), 0).ok()?;
    let [stmt] = parsed.protobuf.stmts.as_slice() else {
        return None;
    };
    let Some(N::SelectStmt(select)) = stmt.stmt.as_ref()?.node.as_ref() else {
        return None;
    };
    if !select.from_clause.is_empty() || select.where_clause.is_some() {
        return None;
    }
    let [target] = select.target_list.as_slice() else {
        return None;
    };
    let Some(N::ResTarget(r)) = target.node.as_ref() else {
        return None;
    };
    truth(r.val.as_deref()?, schema)
}

fn truth(node: &protobuf::Node, schema: &Schema) -> Option<bool> {
    match node.node.as_ref()? {
        N::BoolExpr(b) => {
            let values: Vec<Option<bool>> = b.args.iter().map(|a| truth(a, schema)).collect();
            match b.boolop() {
                protobuf::BoolExprType::NotExpr => values.first().copied().flatten().map(|v| !v),
                // SQL's three-valued AND and OR: one false (true) decides, whatever is unknown.
                protobuf::BoolExprType::AndExpr if values.contains(&Some(false)) => Some(false),
                protobuf::BoolExprType::AndExpr => {
                    values.iter().all(|v| v.is_some()).then_some(true)
                }
                protobuf::BoolExprType::OrExpr if values.contains(&Some(true)) => Some(true),
                protobuf::BoolExprType::OrExpr => {
                    values.iter().all(|v| v.is_some()).then_some(false)
                }
                _ => None,
            }
        }
        N::SubLink(s) => exists(s, schema),
        N::AConst(c) => match &c.val {
            Some(protobuf::a_const::Val::Boolval(b)) => Some(b.boolval),
            _ => None,
        },
        // `to_regclass('t') IS NOT NULL`: whether a relation of that name exists.
        N::NullTest(t) => {
            let arg = t.arg.as_deref()?.node.as_ref()?;
            let N::FuncCall(f) = arg else {
                return None;
            };
            let name = match function_name(f).as_str() {
                "to_regclass" if f.args.len() == 1 => literal(f.args[0].node.as_ref()?)?,
                _ => return None,
            };
            let wanted = Wanted {
                tests: vec![("relname".into(), Test::Equal(unqualified(&name).into()))],
                table: None,
            };
            let mut wanted = wanted;
            if let Some((schema_name, _)) = name.split_once('.') {
                wanted
                    .tests
                    .push(("nspname".into(), Test::Equal(schema_name.into())));
            }
            let found = Catalog::Relations.finds(&wanted, schema)?;
            Some(found == (t.nulltesttype() == protobuf::NullTestType::IsNotNull))
        }
        _ => None,
    }
}

fn unqualified(name: &str) -> &str {
    name.rsplit_once('.').map_or(name, |(_, n)| n)
}

/// The relations of a `FROM` item (joins flattened; their `ON` conditions are joins between
/// catalog relations, which the answer does not need).
fn from_item(node: &protobuf::Node, out: &mut Vec<String>) -> Option<()> {
    match node.node.as_ref()? {
        N::RangeVar(rv) => {
            out.push(rv.relname.to_lowercase());
            Some(())
        }
        N::JoinExpr(j) => {
            from_item(j.larg.as_deref()?, out)?;
            from_item(j.rarg.as_deref()?, out)
        }
        _ => None,
    }
}

/// What a query's conditions ask of a catalog column's value.
#[derive(Clone, Debug)]
enum Test {
    Equal(String),
    NotEqual(String),
    /// `LIKE` (true) or `NOT LIKE` (false) a pattern.
    Like(String, bool),
}

impl Test {
    fn holds(&self, value: &str) -> bool {
        match self {
            Test::Equal(v) => value == v,
            Test::NotEqual(v) => value != v,
            Test::Like(pattern, positive) => like(value, pattern) == *positive,
        }
    }
}

/// SQL's `LIKE`: `%` any run, `_` any one character, `\` escapes.
fn like(value: &str, pattern: &str) -> bool {
    fn go(v: &[char], p: &[char]) -> bool {
        match p.split_first() {
            None => v.is_empty(),
            Some(('%', rest)) => (0..=v.len()).any(|i| go(&v[i..], rest)),
            Some(('_', rest)) => !v.is_empty() && go(&v[1..], rest),
            Some(('\\', rest)) if !rest.is_empty() => {
                v.first() == Some(&rest[0]) && go(&v[1..], &rest[1..])
            }
            Some((c, rest)) => v.first() == Some(c) && go(&v[1..], rest),
        }
    }
    let (v, p): (Vec<char>, Vec<char>) = (value.chars().collect(), pattern.chars().collect());
    go(&v, &p)
}

/// What a query's conditions ask for, by the catalog column that holds each value.
#[derive(Default)]
struct Wanted {
    /// (column, test): `relname = 'x'`, `contype <> 'p'`, `indexdef NOT LIKE '%WHERE%'`, ...
    tests: Vec<(String, Test)>,
    /// `indrelid = to_regclass('t')` / `conrelid = 't'::regclass`: the table it is on.
    table: Option<String>,
}

impl Wanted {
    /// What the query's `WHERE` asks for; `None` when a condition is not understood.
    fn of(select: &protobuf::SelectStmt) -> Option<Wanted> {
        let mut wanted = Wanted::default();
        if let Some(condition) = select.where_clause.as_deref() {
            conditions(condition, &mut wanted)?;
        }
        Some(wanted)
    }

    /// The value a column must equal, under any of its names.
    fn get(&self, columns: &[&str]) -> Option<&str> {
        self.tests.iter().find_map(|(c, t)| match t {
            Test::Equal(v) if columns.contains(&c.as_str()) => Some(v.as_str()),
            _ => None,
        })
    }

    /// Whether every test on the columns `columns` (each with its value for one object,
    /// `None` when driftlock does not know it) holds.
    fn holds(&self, known: &[&str], values: &[(&[&str], Option<String>)]) -> Option<bool> {
        let mut all = true;
        for (column, test) in &self.tests {
            if known.contains(&column.as_str()) {
                continue;
            }
            let (_, value) = values
                .iter()
                .find(|(names, _)| names.contains(&column.as_str()))?;
            all &= test.holds(value.as_deref()?);
        }
        Some(all)
    }

    /// Whether every column the tests name is one of `columns`.
    fn only(&self, columns: &[&str]) -> bool {
        self.tests
            .iter()
            .all(|(c, _)| columns.contains(&c.as_str()))
    }
}

/// Reads `AND`ed conditions; `None` for any condition it does not understand.
fn conditions(node: &protobuf::Node, wanted: &mut Wanted) -> Option<()> {
    match node.node.as_ref()? {
        N::BoolExpr(b) if b.boolop() == protobuf::BoolExprType::AndExpr => {
            for arg in &b.args {
                conditions(arg, wanted)?;
            }
            Some(())
        }
        N::AExpr(e) => {
            let kind = e.kind();
            let op = operator(e);
            let left = e.lexpr.as_deref()?.node.as_ref()?;
            let right = e.rexpr.as_deref()?.node.as_ref()?;
            let (column, other) = match (left, right) {
                (N::ColumnRef(c), other) | (other, N::ColumnRef(c)) => (column_name(c)?, other),
                _ => return None,
            };
            let test = match (kind, op.as_str()) {
                (protobuf::AExprKind::AexprOp, "=") => {
                    // A join between catalog relations (`c.oid = i.indexrelid`).
                    if matches!(other, N::ColumnRef(_)) {
                        return Some(());
                    }
                    // `pg_enum.enumtypid = 'mood'::regtype` or `= (SELECT oid FROM pg_type
                    // WHERE typname = 'mood')`: the enum type, by name.
                    if column == "enumtypid" {
                        let name = match other {
                            N::SubLink(s) => type_of_subquery(s, wanted)?,
                            other => literal(other)?,
                        };
                        wanted.tests.push(("typname".into(), Test::Equal(name)));
                        return Some(());
                    }
                    let value = literal(other)?;
                    // `pg_index.indexrelid = to_regclass('ix')`: the index itself, by name.
                    if column == "indexrelid" {
                        wanted.tests.push(("indexname".into(), Test::Equal(value)));
                        return Some(());
                    }
                    if column.ends_with("relid") || column == "oid" {
                        wanted.table = Some(value);
                        return Some(());
                    }
                    Test::Equal(value)
                }
                (protobuf::AExprKind::AexprOp, "<>" | "!=") => Test::NotEqual(literal(other)?),
                (protobuf::AExprKind::AexprLike, "~~") => Test::Like(literal(other)?, true),
                (protobuf::AExprKind::AexprLike, "!~~") => Test::Like(literal(other)?, false),
                _ => return None,
            };
            wanted.tests.push((column, test));
            Some(())
        }
        _ => None,
    }
}

/// `(SELECT oid FROM pg_type WHERE typname = 'mood' [AND typnamespace = ...])`: the type's
/// name, its other conditions joining the outer query's.
fn type_of_subquery(s: &protobuf::SubLink, wanted: &mut Wanted) -> Option<String> {
    if s.sub_link_type() != protobuf::SubLinkType::ExprSublink {
        return None;
    }
    let Some(N::SelectStmt(select)) = s.subselect.as_deref()?.node.as_ref() else {
        return None;
    };
    let inner = Wanted::of(select)?;
    let name = inner.get(&["typname"])?.to_string();
    wanted
        .tests
        .extend(inner.tests.into_iter().filter(|(c, _)| c != "typname"));
    Some(name)
}

fn operator(e: &protobuf::AExpr) -> String {
    e.name
        .iter()
        .filter_map(|n| match n.node.as_ref() {
            Some(N::String(s)) => Some(s.sval.clone()),
            _ => None,
        })
        .collect()
}

fn column_name(c: &protobuf::ColumnRef) -> Option<String> {
    match c.fields.last()?.node.as_ref()? {
        N::String(s) => Some(s.sval.to_lowercase()),
        _ => None,
    }
}

/// `'x'`, `'x'::regclass`, `to_regclass('x')`: the name.
fn literal(node: &N) -> Option<String> {
    match node {
        N::AConst(c) => match &c.val {
            Some(protobuf::a_const::Val::Sval(s)) => Some(s.sval.clone()),
            _ => None,
        },
        N::TypeCast(t) => literal(t.arg.as_deref()?.node.as_ref()?),
        N::FuncCall(f) if function_name(f) == "to_regclass" && f.args.len() == 1 => {
            literal(f.args[0].node.as_ref()?)
        }
        // `current_schema()` / `current_schema`: where unqualified names go, `public` in the
        // replay (the default search path).
        N::FuncCall(f) if function_name(f) == "current_schema" && f.args.is_empty() => {
            Some("public".into())
        }
        N::SqlvalueFunction(v) if v.op() == protobuf::SqlValueFunctionOp::SvfopCurrentSchema => {
            Some("public".into())
        }
        _ => None,
    }
}

/// Which catalog the query reads, by the relations of its `FROM`.
enum Catalog {
    Indexes,
    Tables,
    Columns,
    Constraints,
    Types,
    /// `pg_enum` (with `pg_type`): an enum type's labels.
    Labels,
    /// `pg_class` alone: any relation (table, index, sequence, view).
    Relations,
}

impl Catalog {
    fn of(relations: &[String]) -> Option<Catalog> {
        let has = |n: &str| relations.iter().any(|r| r == n);
        let known = [
            "pg_indexes",
            "pg_index",
            "pg_class",
            "pg_namespace",
            "pg_tables",
            "tables",
            "columns",
            "pg_constraint",
            "pg_type",
            "pg_enum",
            "table_constraints",
        ];
        if !relations.iter().all(|r| known.contains(&r.as_str())) {
            return None;
        }
        Some(if has("pg_enum") {
            Catalog::Labels
        } else if has("pg_indexes") || has("pg_index") {
            Catalog::Indexes
        } else if has("columns") {
            Catalog::Columns
        } else if has("pg_constraint") || has("table_constraints") {
            Catalog::Constraints
        } else if has("pg_type") {
            Catalog::Types
        } else if has("pg_tables") || has("tables") {
            Catalog::Tables
        } else if has("pg_class") {
            Catalog::Relations
        } else {
            return None;
        })
    }

    /// Whether the replayed schema holds what the conditions ask for; `None` when they test
    /// a column whose value driftlock does not know.
    fn finds(&self, wanted: &Wanted, schema: &Schema) -> Option<bool> {
        const SCHEMA: &[&str] = &["schemaname", "table_schema", "nspname", "schema_name"];
        const TABLE: &[&str] = &["tablename", "table_name"];
        let in_schema = wanted.get(SCHEMA);
        let table_named = wanted
            .get(TABLE)
            .map(str::to_string)
            .or_else(|| wanted.table.clone());
        let mut tables: Vec<(&Key, &crate::schema::Table)> = Vec::new();
        for (k, t) in schema.tables.iter() {
            let named = table_named.as_deref().is_none_or(|n| table_matches(k, n));
            if named && in_schema.is_none_or(|s| k.0 == s) {
                // Other tests on the table's own names (`table_name LIKE 'x%'`).
                let own: Vec<(&str, &Test)> = wanted
                    .tests
                    .iter()
                    .filter(|(c, _)| SCHEMA.contains(&c.as_str()) || TABLE.contains(&c.as_str()))
                    .map(|(c, t)| (c.as_str(), t))
                    .collect();
                let mut ok = true;
                for (c, test) in own {
                    let value = if SCHEMA.contains(&c) { &k.0 } else { &k.1 };
                    ok &= test.holds(value);
                }
                if ok {
                    tables.push((k, t));
                }
            }
        }
        let on_tables = [SCHEMA, TABLE].concat();
        match self {
            Catalog::Indexes => {
                const NAME: &[&str] = &["indexname", "relname"];
                let known = [on_tables.as_slice(), NAME, &["indexdef"]].concat();
                if !wanted.only(&known) {
                    return None;
                }
                let mut found = false;
                for (k, t) in &tables {
                    for (name, def) in index_definitions(k, t) {
                        let row = [(NAME, Some(name)), (&["indexdef"][..], Some(def))];
                        found |= wanted.holds(&on_tables, &row)?;
                    }
                }
                Some(found)
            }
            Catalog::Columns => {
                const NAME: &[&str] = &["column_name", "attname"];
                let known = [
                    on_tables.as_slice(),
                    NAME,
                    &["data_type", "udt_name", "is_nullable"],
                ]
                .concat();
                if !wanted.only(&known) {
                    return None;
                }
                let mut found = false;
                for (_, t) in &tables {
                    for c in &t.columns {
                        let row = [
                            (NAME, Some(c.name.clone())),
                            (&["data_type"][..], Some(information_schema_type(&c.ty))),
                            (&["udt_name"][..], udt_name(&c.ty)),
                            (
                                &["is_nullable"][..],
                                Some(if c.not_null { "NO" } else { "YES" }.to_string()),
                            ),
                        ];
                        found |= wanted.holds(&on_tables, &row)?;
                    }
                }
                Some(found)
            }
            Catalog::Constraints => {
                const NAME: &[&str] = &["conname", "constraint_name"];
                let known = [on_tables.as_slice(), NAME, &["contype", "constraint_type"]].concat();
                if !wanted.only(&known) {
                    return None;
                }
                let mut found = false;
                for (_, t) in &tables {
                    for c in &t.constraints {
                        let (contype, constraint_type) = constraint_types(&c.kind);
                        let row = [
                            (NAME, Some(c.name.clone())),
                            (&["contype"][..], Some(contype.to_string())),
                            (
                                &["constraint_type"][..],
                                constraint_type.map(str::to_string),
                            ),
                        ];
                        found |= wanted.holds(&on_tables, &row)?;
                    }
                }
                Some(found)
            }
            Catalog::Types => {
                let known = [SCHEMA, &["typname", "typtype"]].concat();
                if !wanted.only(&known) {
                    return None;
                }
                let mut found = false;
                for k in schema.enums.keys() {
                    let row = [
                        (SCHEMA, Some(k.0.clone())),
                        (&["typname"][..], Some(k.1.clone())),
                        (&["typtype"][..], Some("e".to_string())),
                    ];
                    found |= wanted.holds(&[], &row)?;
                }
                Some(found)
            }
            Catalog::Labels => {
                let known = [SCHEMA, &["typname", "enumlabel"]].concat();
                if !wanted.only(&known) {
                    return None;
                }
                let mut found = false;
                for (k, labels) in &schema.enums {
                    for label in labels {
                        let row = [
                            (SCHEMA, Some(k.0.clone())),
                            (&["typname"][..], Some(k.1.clone())),
                            (&["enumlabel"][..], Some(label.clone())),
                        ];
                        found |= wanted.holds(&[], &row)?;
                    }
                }
                Some(found)
            }
            Catalog::Tables => {
                let known = [on_tables.as_slice(), &["table_type"]].concat();
                if !wanted.only(&known) {
                    return None;
                }
                let mut found = false;
                for _ in &tables {
                    let row = [(&["table_type"][..], Some("BASE TABLE".to_string()))];
                    found |= wanted.holds(&on_tables, &row)?;
                }
                Some(found)
            }
            Catalog::Relations => {
                let known = [SCHEMA, &["relname", "relkind"]].concat();
                if !wanted.only(&known) {
                    return None;
                }
                let in_schema = |k: &Key| wanted.get(SCHEMA).is_none_or(|s| k.0 == s);
                let mut relations: Vec<(String, &str)> = Vec::new();
                for (k, t) in schema.tables.iter().filter(|(k, _)| in_schema(k)) {
                    let kind = if t.partitioning.is_some() { "p" } else { "r" };
                    relations.push((k.1.clone(), kind));
                    for (name, _) in index_definitions(k, t) {
                        relations.push((name, "i"));
                    }
                }
                for k in schema.views.keys().filter(|k| in_schema(k)) {
                    relations.push((k.1.clone(), "v"));
                }
                for (k, _) in schema.sequences.iter().filter(|(k, _)| in_schema(k)) {
                    relations.push((k.1.clone(), "S"));
                }
                let mut found = false;
                for (name, kind) in relations {
                    let row = [
                        (&["relname"][..], Some(name)),
                        (&["relkind"][..], Some(kind.to_string())),
                    ];
                    found |= wanted.holds(SCHEMA, &row)?;
                }
                Some(found)
            }
        }
    }
}

/// Every index of a table as `pg_indexes` lists it, with `pg_get_indexdef`'s text: its own
/// indexes and those behind its primary key, unique and exclusion constraints.
fn index_definitions(k: &Key, t: &crate::schema::Table) -> Vec<(String, String)> {
    use crate::pg::{ConstraintKind, IndexKey};
    let on = format!("{}.{}", k.0, k.1);
    let mut out = Vec::new();
    for c in &t.constraints {
        let columns = match &c.kind {
            ConstraintKind::PrimaryKey { columns }
            | ConstraintKind::Unique { columns }
            | ConstraintKind::Exclude { columns, .. } => columns.join(", "),
            _ => continue,
        };
        out.push((
            c.name.clone(),
            format!(
                "CREATE UNIQUE INDEX {} ON {on} USING btree ({columns})",
                c.name
            ),
        ));
    }
    for i in &t.indexes {
        let keys: Vec<&str> = i
            .keys
            .iter()
            .map(|key| match key {
                IndexKey::Column(c) => c.as_str(),
                IndexKey::Expression(e) => e.as_str(),
            })
            .collect();
        let mut def = format!(
            "CREATE {}INDEX {} ON {on} USING {} ({})",
            if i.unique { "UNIQUE " } else { "" },
            i.name,
            i.method,
            keys.join(", ")
        );
        if !i.include.is_empty() {
            def.push_str(&format!(" INCLUDE ({})", i.include.join(", ")));
        }
        if let Some(p) = &i.predicate {
            def.push_str(&format!(" WHERE {p}"));
        }
        out.push((i.name.clone(), def));
    }
    out
}

/// `pg_constraint.contype` and `information_schema.table_constraints.constraint_type`.
fn constraint_types(kind: &crate::pg::ConstraintKind) -> (&'static str, Option<&'static str>) {
    use crate::pg::ConstraintKind as K;
    match kind {
        K::PrimaryKey { .. } => ("p", Some("PRIMARY KEY")),
        K::Unique { .. } => ("u", Some("UNIQUE")),
        K::Check { .. } => ("c", Some("CHECK")),
        K::ForeignKey { .. } => ("f", Some("FOREIGN KEY")),
        K::Exclude { .. } => ("x", None),
    }
}

/// `information_schema.columns.data_type`: the type without modifiers, `ARRAY` for arrays,
/// `USER-DEFINED` for enums, domains and extension types.
fn information_schema_type(ty: &crate::pg::types::SqlType) -> String {
    use crate::pg::types::BaseType;
    if ty.array {
        return "ARRAY".into();
    }
    match &ty.base {
        BaseType::Named { .. } => "USER-DEFINED".into(),
        BaseType::Char(_) => "character".into(),
        _ => ty.without_modifiers().to_string(),
    }
}

/// `information_schema.columns.udt_name`: the type's own name (`varchar`, `int4`, `mood`).
fn udt_name(ty: &crate::pg::types::SqlType) -> Option<String> {
    use crate::pg::types::BaseType as B;
    let name = match &ty.base {
        B::SmallInt => "int2",
        B::Integer => "int4",
        B::BigInt => "int8",
        B::Real => "float4",
        B::Double => "float8",
        B::Numeric(_) => "numeric",
        B::Boolean => "bool",
        B::Text => "text",
        B::Varchar(_) => "varchar",
        B::Char(_) => "bpchar",
        B::Bytea => "bytea",
        B::Date => "date",
        B::Timestamp { tz: false, .. } => "timestamp",
        B::Timestamp { tz: true, .. } => "timestamptz",
        B::Time { tz: false, .. } => "time",
        B::Time { tz: true, .. } => "timetz",
        B::Interval { .. } => "interval",
        B::Json => "json",
        B::Jsonb => "jsonb",
        B::Uuid => "uuid",
        B::Named { name, .. } => name.as_str(),
        _ => return None,
    };
    Some(if ty.array {
        format!("_{name}")
    } else {
        name.to_string()
    })
}

/// `t` or `schema.t` names the table at `k`.
fn table_matches(k: &Key, name: &str) -> bool {
    match name.split_once('.') {
        Some((schema, table)) => k.0 == schema && k.1 == table,
        None => k.1 == name,
    }
}
