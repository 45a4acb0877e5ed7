//! Expressions: names, literals, operators, containers and comprehensions, attribute access
//! (modules, classes, SQLAlchemy objects kept as the calls that built them).

use super::builtins::{
    binop, builtin_name, class_attribute, compare, constant, external, iterate, slice, sql_binary,
    subscript,
};
use super::defined::ItemRead;
use super::interp::{Host, Interp};
use super::value::{Args, ClassValue, Function, Handle, Object, Value, MODEL_COLUMN};
use crate::diagnostic::Span;
use crate::python::{ast, range_of};
use std::rc::Rc;

impl<H: Host + ?Sized> Interp<'_, H> {
    pub fn eval(&mut self, expr: &ast::Expr) -> Value {
        match expr {
            ast::Expr::Constant(c) => constant(&c.value),
            ast::Expr::Name(n) => {
                let name = n.id.as_str();
                self.lookup(name).unwrap_or_else(|| builtin_name(name))
            }
            ast::Expr::Attribute(a) => {
                // `Color.RED.name` / `.value` of a member of an `enum.Enum` class.
                if let (Some(member), "name" | "value") =
                    (self.enum_member(&a.value), a.attr.as_str())
                {
                    return match a.attr.as_str() {
                        "name" => Value::Str(member.0),
                        _ => member.1,
                    };
                }
                let base = self.eval(&a.value);
                let span = self.span(range_of(expr));
                self.attribute(base, a.attr.as_str(), &span)
            }
            ast::Expr::Call(c) => {
                let span = self.span(range_of(expr));
                let args = self.eval_args(&c.args, &c.keywords);
                // Method calls are resolved on the receiver so that `op.x`, `batch_op.x` and
                // `inspector.x` reach the host with their receiver.
                if let ast::Expr::Attribute(a) = c.func.as_ref() {
                    // `columns.append(...)`: lists and dicts bound to a name change in place.
                    if let ast::Expr::Name(n) = a.value.as_ref() {
                        if let Some(result) = self.mutate(n.id.as_str(), a.attr.as_str(), &args) {
                            return result;
                        }
                    }
                    let receiver = self.eval(&a.value);
                    return self.call_method(receiver, a.attr.as_str(), args, &span);
                }
                let callee = self.eval(&c.func);
                self.call(&callee, args, &span)
            }
            ast::Expr::Tuple(t) => Value::Tuple(self.eval_elements(&t.elts)),
            ast::Expr::List(l) => Value::List(self.eval_elements(&l.elts)),
            ast::Expr::Set(s) => {
                super::builtins::set_union(Vec::new(), self.eval_elements(&s.elts))
            }
            ast::Expr::Dict(d) => {
                let mut items = Vec::new();
                for (k, v) in d.keys.iter().zip(&d.values) {
                    let value = self.eval(v);
                    match k {
                        Some(k) => {
                            let key = self.eval(k);
                            items.push((key, value));
                        }
                        None => {
                            if let Value::Dict(more) = value {
                                items.extend(more);
                            }
                        }
                    }
                }
                Value::Dict(items)
            }
            ast::Expr::BinOp(b) => {
                let left = self.eval(&b.left);
                let right = self.eval(&b.right);
                // `Annotated[...] | None`, `Mapped[...] | None`: a typing union, not SQL.
                let typing = |v: &Value| {
                    matches!(v, Value::None)
                        || matches!(v, Value::Object(o) if o.class.ends_with("[]"))
                };
                let union =
                    matches!(b.op, ast::Operator::BitOr) && (typing(&left) || typing(&right));
                // `path / "part"` of a path the code built (`eval::text_files`), not SQL.
                if let ast::Operator::Div = b.op {
                    if let Some(joined) = super::text_files::divide(&left, &right) {
                        return joined;
                    }
                }
                if !union && (matches!(left, Value::Object(_)) || matches!(right, Value::Object(_)))
                {
                    let sql_op = match b.op {
                        ast::Operator::Add => "+",
                        ast::Operator::Sub => "-",
                        ast::Operator::Mult => "*",
                        ast::Operator::Div => "/",
                        ast::Operator::BitAnd => "AND",
                        ast::Operator::BitOr => "OR",
                        _ => return Value::unknown("an SQL operator driftlock does not render"),
                    };
                    let span = self.span(range_of(expr));
                    return sql_binary(left, sql_op, right, span);
                }
                binop(&b.op, left, right)
            }
            ast::Expr::UnaryOp(u) => {
                let v = self.eval(&u.operand);
                match (&u.op, v) {
                    (ast::UnaryOp::Not, v) => v
                        .truthy()
                        .map_or_else(|| Value::unknown("unknown condition"), |b| Value::Bool(!b)),
                    (ast::UnaryOp::USub, Value::Int(i)) => i
                        .checked_neg()
                        .map_or_else(|| Value::unknown("overflow"), Value::Int),
                    (ast::UnaryOp::USub, Value::Float(f)) => Value::Float(-f),
                    (ast::UnaryOp::UAdd, v @ (Value::Int(_) | Value::Float(_))) => v,
                    // `~expr` on an SQL expression: its negation, as SQLAlchemy writes it
                    // (`~c.in_(...)` is `c NOT IN (...)`, `~c.is_(None)` `c IS NOT NULL`,
                    // `~c.like(...)` `c NOT LIKE ...`), else `NOT (...)`.
                    (ast::UnaryOp::Invert, Value::Object(o)) => {
                        let negated = match o.class.as_str() {
                            "in_" => Some("not_in"),
                            "is_" => Some("is_not"),
                            "like" => Some("not_like"),
                            "ilike" => Some("not_ilike"),
                            _ => None,
                        };
                        // A comparison's negation is the opposite comparison (`~(a == b)` is
                        // `a != b`).
                        let opposite = match o.args.positional.get(1) {
                            Some(Value::Str(op)) if o.class == "__sql_binary__" => {
                                match op.as_str() {
                                    "=" => Some("<>"),
                                    "<>" => Some("="),
                                    "<" => Some(">="),
                                    ">=" => Some("<"),
                                    ">" => Some("<="),
                                    "<=" => Some(">"),
                                    _ => None,
                                }
                            }
                            _ => None,
                        };
                        match (negated, opposite) {
                            (_, Some(op)) => {
                                let mut args = o.args.clone();
                                args.positional[1] = Value::Str(op.to_string());
                                Value::Object(Rc::new(Object {
                                    args,
                                    ..(*o).clone()
                                }))
                            }
                            (Some(class), _) if o.receiver.is_some() => {
                                Value::Object(Rc::new(Object {
                                    class: class.to_string(),
                                    ..(*o).clone()
                                }))
                            }
                            _ => {
                                let span = self.span(range_of(expr));
                                Object::call(
                                    "sqlalchemy.not_",
                                    vec![Value::Object(o)],
                                    Vec::new(),
                                    &span,
                                )
                            }
                        }
                    }
                    _ => Value::unknown("unsupported unary operator"),
                }
            }
            ast::Expr::BoolOp(b) => {
                let is_and = matches!(b.op, ast::BoolOp::And);
                let mut last = Value::None;
                for v in &b.values {
                    last = self.eval(v);
                    match last.truthy() {
                        Some(t) if t != is_and => return last,
                        Some(_) => {}
                        None => return Value::unknown("unknown condition"),
                    }
                }
                last
            }
            ast::Expr::Compare(c) => {
                // A name marked final (`op.f("ix_a")`, SQLAlchemy's `conv`) is a `str`
                // subclass: it compares as its string, not as SQL.
                let final_name = |v: Value| match &v {
                    Value::Object(o) if o.class == "alembic.op.f" => {
                        v.as_str().map_or(v.clone(), |s| Value::Str(s.to_string()))
                    }
                    _ => v,
                };
                let mut left = final_name(self.eval(&c.left));
                for (op, right) in c.ops.iter().zip(&c.comparators) {
                    let right = final_name(self.eval(right));
                    // `name in os.environ` (the `environment` setting) and `"KEY" in
                    // current_app.config` (an item `define` gives).
                    if matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn) {
                        let found = if matches!(&right, Value::External(n) if n == super::environment::ENVIRON)
                        {
                            let span = self.span(range_of(expr));
                            Some(self.environment_has(&left, &span))
                        } else {
                            self.defined_item(&right, &left, ItemRead::Contains)
                        };
                        if let Some(found) = found {
                            let Some(found) = found.truthy() else {
                                return found;
                            };
                            if found != matches!(op, ast::CmpOp::In) {
                                return Value::Bool(false);
                            }
                            left = right;
                            continue;
                        }
                    }
                    // `name in sys.modules`: whether the run imported it so far.
                    if matches!(&right, Value::External(n) if n == "sys.modules")
                        && matches!(op, ast::CmpOp::In | ast::CmpOp::NotIn)
                    {
                        let Value::Str(module) = &left else {
                            return Value::unknown("`in sys.modules` of a name not known");
                        };
                        if self.envs.contains_key(module.as_str()) != matches!(op, ast::CmpOp::In) {
                            return Value::Bool(false);
                        }
                        left = right;
                        continue;
                    }
                    // Enum members compare as values (`builtins::compare`), not as SQL.
                    let sql = |v: &Value| {
                        matches!(v, Value::Object(o) if o.class != super::value::ENUM_MEMBER)
                            && !super::builtins::is_version(v)
                            && !v.is_env_value()
                    };
                    let objects = sql(&left) || sql(&right);
                    // `is` / `is not` compare identities, never build SQL: an object is not
                    // `None`, and two objects are the same one or not.
                    if objects && matches!(op, ast::CmpOp::Is | ast::CmpOp::IsNot) {
                        let same = match (&left, &right) {
                            (Value::Object(_), Value::Object(_)) if left.same_object(&right) => {
                                true
                            }
                            (Value::Object(_), Value::Object(_))
                                if left.is_constructed() || right.is_constructed() =>
                            {
                                false
                            }
                            (o @ Value::Object(_), Value::None)
                            | (Value::None, o @ Value::Object(_))
                                if o.is_constructed() =>
                            {
                                false
                            }
                            _ => return Value::unknown("cannot compare these values statically"),
                        };
                        if same != matches!(op, ast::CmpOp::Is) {
                            return Value::Bool(false);
                        }
                        left = right;
                        continue;
                    }
                    // A comparison of SQLAlchemy expressions builds SQL (`sa.column("a") > 0`).
                    if objects {
                        let span = self.span(range_of(expr));
                        let sql_op = match op {
                            ast::CmpOp::Eq => "=",
                            ast::CmpOp::NotEq => "<>",
                            ast::CmpOp::Lt => "<",
                            ast::CmpOp::LtE => "<=",
                            ast::CmpOp::Gt => ">",
                            ast::CmpOp::GtE => ">=",
                            _ => {
                                return Value::unknown(
                                    "an SQL comparison driftlock does not render",
                                )
                            }
                        };
                        let (left, right) = self.literal_params_of_comparison(left, right, &span);
                        return sql_binary(left, sql_op, right, span);
                    }
                    match compare(op, &left, &right) {
                        Some(true) => {}
                        Some(false) => return Value::Bool(false),
                        // An operand not known says why.
                        None => {
                            return [left, right]
                                .into_iter()
                                .find(|v| matches!(v, Value::Unknown(_)))
                                .unwrap_or_else(|| {
                                    Value::unknown("cannot compare these values statically")
                                })
                        }
                    }
                    left = right;
                }
                Value::Bool(true)
            }
            ast::Expr::IfExp(i) => {
                let test = self.eval(&i.test);
                match test.truthy() {
                    Some(true) => self.eval(&i.body),
                    Some(false) => self.eval(&i.orelse),
                    None => Value::unknown("unknown condition"),
                }
            }
            // In a generator run to its end (`call_function_value`): the value joins what it
            // yields; `yield` itself gives `None` (nothing is sent).
            ast::Expr::Yield(y) => {
                let value = y.value.as_deref().map_or(Value::None, |v| self.eval(v));
                if let Some(items) = self.yielded.last_mut() {
                    items.push(value);
                }
                Value::None
            }
            ast::Expr::YieldFrom(y) => {
                let value = self.eval(&y.value);
                let items = iterate(&value)
                    .unwrap_or_else(|| vec![Value::unknown("yield from an unknown iterable")]);
                if let Some(out) = self.yielded.last_mut() {
                    out.extend(items);
                }
                Value::None
            }
            ast::Expr::JoinedStr(j) => {
                let mut out = String::new();
                let mut holes = 0;
                for part in &j.values {
                    let v = match part {
                        ast::Expr::FormattedValue(f) => self.eval(&f.value),
                        other => self.eval(other),
                    };
                    match v.to_python_str() {
                        Some(s) => out.push_str(&s),
                        None => {
                            out.push(super::fstring::HOLE);
                            holes += 1;
                        }
                    }
                }
                if holes > 0 {
                    return super::fstring::unknown_with_template(
                        "an f-string with a value that is not known statically",
                        out,
                    );
                }
                Value::Str(out)
            }
            ast::Expr::Subscript(s) => {
                let base = self.eval(&s.value);
                if let ast::Expr::Slice(sl) = s.slice.as_ref() {
                    let lower = sl.lower.as_ref().map(|e| self.eval(e));
                    let upper = sl.upper.as_ref().map(|e| self.eval(e));
                    return slice(&base, lower, upper);
                }
                let index = self.eval(&s.slice);
                if matches!(&base, Value::External(n) if n == super::environment::ENVIRON) {
                    let span = self.span(range_of(expr));
                    return self.environment_item(&index, &span);
                }
                if let Some(item) = self.defined_item(&base, &index, ItemRead::Item) {
                    return item;
                }
                let typing = |name: &str| {
                    name.starts_with("builtins.")
                        || name.starts_with("typing")
                        || name
                            .rsplit('.')
                            .next()
                            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_uppercase()))
                };
                // `Repository[User]` of a generic class of the checkout (`class
                // Repository(Generic[T])`): the class itself, as a base or a type.
                if let Value::Class(c) = &base {
                    if is_generic(c) {
                        return base;
                    }
                }
                if let Value::External(name) = &base {
                    if !typing(name) {
                        return subscript(&base, &index);
                    }
                    // A typing construct (`Mapped[int]`, `Optional[str]`, `list[int]`): kept as
                    // an object the model reader interprets.
                    let items = match index {
                        Value::Tuple(items) => items,
                        other => vec![other],
                    };
                    return Value::Object(Rc::new(Object {
                        class: format!("{name}[]"),
                        receiver: None,
                        args: Args {
                            positional: items,
                            ..Args::default()
                        },
                        called: true,
                        span: self.span(range_of(expr)),
                    }));
                }
                // `column["key"]`, `column[["a", "b"]]` of an SQL expression (a JSON column):
                // an element of it, as SQLAlchemy builds it (its SQL is rendered when needed).
                // A query's row is a tuple instead (`row[0]`).
                if let Value::Object(o) = &base {
                    if o.class != super::value::QUERY_ROW
                        && matches!(
                            index,
                            Value::Str(_)
                                | Value::Int(_)
                                | Value::List(_)
                                | Value::Tuple(_)
                                | Value::Set(_)
                        )
                    {
                        return Value::Object(Rc::new(Object {
                            class: "__getitem__".into(),
                            receiver: Some(Value::Object(o.clone())),
                            args: Args {
                                positional: vec![index],
                                ..Args::default()
                            },
                            called: true,
                            span: self.span(range_of(expr)),
                        }));
                    }
                }
                subscript(&base, &index)
            }
            ast::Expr::ListComp(l) => self.comprehension(&l.elt, &l.generators),
            ast::Expr::SetComp(l) => match self.comprehension(&l.elt, &l.generators) {
                Value::List(items) => super::builtins::set_union(Vec::new(), items),
                other => other,
            },
            ast::Expr::DictComp(d) => {
                let keys = self.comprehension(&d.key, &d.generators);
                let values = self.comprehension(&d.value, &d.generators);
                match (keys, values) {
                    (Value::List(k), Value::List(v)) => Value::Dict(k.into_iter().zip(v).collect()),
                    _ => Value::unknown("a dict comprehension over unknown values"),
                }
            }
            ast::Expr::GeneratorExp(g) => self.comprehension(&g.elt, &g.generators),
            ast::Expr::Starred(s) => self.eval(&s.value),
            ast::Expr::NamedExpr(n) => {
                let value = self.eval(&n.value);
                self.assign(&n.target, value.clone());
                value
            }
            // A lambda is a function whose body returns its expression.
            ast::Expr::Lambda(l) => {
                let Some(frame) = self.frames.last() else {
                    return Value::unknown("a lambda outside any module");
                };
                let closure = if frame.is_module() {
                    std::collections::HashMap::new()
                } else {
                    frame.locals.clone()
                };
                let def = ast::StmtFunctionDef {
                    range: l.range,
                    name: ast::Identifier::new("<lambda>"),
                    args: l.args.clone(),
                    body: vec![ast::Stmt::Return(ast::StmtReturn {
                        range: l.range,
                        value: Some(l.body.clone()),
                    })],
                    decorator_list: Vec::new(),
                    returns: None,
                    type_comment: None,
                    type_params: Vec::new(),
                };
                Value::Function(Rc::new(super::value::Function {
                    name: "<lambda>".into(),
                    params: Rc::new(def.args.as_ref().clone()),
                    def: std::sync::Arc::new(def),
                    module: frame.module.clone(),
                    closure,
                }))
            }
            _ => Value::unknown("an expression driftlock does not evaluate"),
        }
    }

    pub(super) fn eval_elements(&mut self, elts: &[ast::Expr]) -> Vec<Value> {
        let mut out = Vec::new();
        for e in elts {
            if let ast::Expr::Starred(s) = e {
                let v = self.eval(&s.value);
                match iterate(&v) {
                    Some(items) => out.extend(items),
                    None => out.push(Value::unknown("cannot spread this value")),
                }
            } else {
                out.push(self.eval(e));
            }
        }
        out
    }

    pub(super) fn comprehension(
        &mut self,
        elt: &ast::Expr,
        generators: &[ast::Comprehension],
    ) -> Value {
        let [generator] = generators else {
            return Value::unknown("nested comprehension");
        };
        let iter = self.eval(&generator.iter);
        let Some(items) = iterate(&iter) else {
            return Value::unknown("comprehension over a value that is not known");
        };
        let mut out = Vec::new();
        for item in items {
            self.assign(&generator.target, item);
            let mut keep = true;
            for cond in &generator.ifs {
                match self.eval(cond).truthy() {
                    Some(true) => {}
                    Some(false) => keep = false,
                    None => return Value::unknown("comprehension with an unknown condition"),
                }
            }
            if keep {
                out.push(self.eval(elt));
            }
        }
        Value::List(out)
    }

    pub(super) fn eval_args(&mut self, args: &[ast::Expr], keywords: &[ast::Keyword]) -> Args {
        let mut out = Args::default();
        for a in args {
            let span = self.span(range_of(a));
            if let ast::Expr::Starred(s) = a {
                let v = self.eval(&s.value);
                match iterate(&v) {
                    Some(items) => {
                        for item in items {
                            out.positional.push(item);
                            out.positional_spans.push(span.clone());
                        }
                    }
                    None => {
                        out.positional
                            .push(Value::unknown("*args that are not known"));
                        out.positional_spans.push(span);
                    }
                }
                continue;
            }
            let v = self.eval(a);
            out.positional.push(v);
            out.positional_spans.push(span);
        }
        for k in keywords {
            let span = self.span(range_of(&k.value));
            let v = self.eval(&k.value);
            match &k.arg {
                Some(name) => {
                    out.keywords.push((name.to_string(), v));
                    out.keyword_spans.push(span);
                }
                None => {
                    if let Value::Dict(items) = v {
                        for (key, value) in items {
                            if let Value::Str(key) = key {
                                out.keywords.push((key, value));
                                out.keyword_spans.push(span.clone());
                            }
                        }
                    }
                }
            }
        }
        out
    }

    pub(super) fn attribute(&mut self, base: Value, attr: &str, span: &Span) -> Value {
        let base = self.table_now(base);
        // `engine.dialect` of an engine, connection or session driftlock does not know
        // (`enginefacade.reader.get_engine()`): the one database there is, PostgreSQL.
        if attr == "dialect" && matches!(base, Value::Unknown(_) | Value::Object(_)) {
            return Value::Handle(Handle::Dialect);
        }
        // `Color.red`, `member.name`, `member.value`.
        if let Some(v) = super::builtins::enum_attribute(&base, attr) {
            return v;
        }
        if let Value::Object(o) = &base {
            if let Some(v) = super::text_files::attribute(o, attr) {
                return v;
            }
            if o.class == super::files::MODULE_INFO {
                if let Some(v) = super::files::module_info_field(o, attr) {
                    return v;
                }
            }
            if let Some(v) = super::imports::module_spec_field(o, attr) {
                return v;
            }
            if let Some(v) = self.subclass_attribute(o, attr, span) {
                return v;
            }
            // `result.rowcount` of a catalog query: the rows it returned.
            if o.class == super::value::QUERY_RESULT && attr == "rowcount" {
                return match o.args.positional.first() {
                    Some(Value::List(rows)) => Value::Int(rows.len() as i64),
                    _ => Value::Int(0),
                };
            }
            // A query's row: its columns by name, `row._mapping`, `row._fields`.
            if o.class == super::value::QUERY_ROW {
                let names = || o.args.keywords.iter().map(|(k, _)| Value::Str(k.clone()));
                return match attr {
                    "_mapping" => Value::Dict(
                        o.args
                            .keywords
                            .iter()
                            .map(|(k, v)| (Value::Str(k.clone()), v.clone()))
                            .collect(),
                    ),
                    "_fields" => Value::Tuple(names().collect()),
                    "_t" => Value::Tuple(o.args.positional.clone()),
                    _ => o
                        .args
                        .keyword(attr)
                        .cloned()
                        .unwrap_or_else(|| Value::unknown(format!("`{attr}` of a query's row"))),
                };
            }
        }
        match base {
            Value::External(name) => {
                let full = format!("{name}.{attr}");
                if let Some(v) = self.defined_value(&full) {
                    return v;
                }
                // `op._proxy` is the `Operations` object `op` stands for; its
                // `migration_context` is the context (`op._proxy.migration_context.dialect`).
                match full.as_str() {
                    "alembic.op._proxy" => return Value::External("alembic.op".into()),
                    "alembic.op.migration_context" => return Value::Handle(Handle::Context),
                    _ => {}
                }
                // The name of the configuration's section Alembic reads.
                if full == "alembic.context.config.config_ini_section" {
                    return Value::Str(self.table.main_section.clone());
                }
                // The Python of the environment the installed packages are read from
                // (`lib/python3.11/site-packages`): major and minor known, the rest not.
                if full == "sys.version_info" {
                    if let Some((major, minor)) = self.table.python_version {
                        let rest = || Value::unknown("the micro version and release of Python");
                        return Value::Tuple(vec![
                            Value::Int(major),
                            Value::Int(minor),
                            rest(),
                            rest(),
                            rest(),
                        ]);
                    }
                }
                // The version of a library driftlock knows by name (`sqlalchemy.__version__`,
                // `pydantic.VERSION`): the installed distribution's.
                if let Some(v) = self.modelled_library_version(&name, attr) {
                    return v;
                }
                // `SQLModel.metadata.tables`: the tables reflection loaded into it.
                if name.ends_with(".metadata") && matches!(attr, "sorted_tables" | "tables") {
                    let metadata = Value::External(name.clone());
                    if let Some(tables) = self.reflected_tables(&metadata) {
                        return self.tables_value(&metadata, tables, attr);
                    }
                }
                match self.module(&full) {
                    Some(env) => Value::Module(env),
                    None => external(full),
                }
            }
            Value::Module(env) => {
                let full = format!("{}.{attr}", env.name);
                if let Some(v) = self.defined_value(&full) {
                    return v;
                }
                let found = env.globals.borrow().get(attr).cloned();
                if let Some(v) = found {
                    // An object some defined name continues (`framework.current` when
                    // `framework.current.name` is defined) keeps its dotted name.
                    if !matches!(v, Value::Module(_)) && self.keeps_dotted_name(&full) {
                        return external(full);
                    }
                    return v;
                }
                if self.importable(&full) {
                    return self.import_value(&full);
                }
                // A module-level `__getattr__` (PEP 562) answers for names the module lacks.
                let hook = env.globals.borrow().get("__getattr__").cloned();
                if let Some(hook @ Value::Function(_)) = hook {
                    let args = Args {
                        positional: vec![Value::Str(attr.to_string())],
                        positional_spans: vec![span.clone()],
                        ..Args::default()
                    };
                    return self.call(&hook, args, span);
                }
                external(full)
            }
            // A class's `__name__` is its type's data descriptor: a `__name__` the body defines
            // (a property for its instances) does not hide it.
            Value::Class(c) if attr == "__name__" => Value::Str(c.name.clone()),
            Value::Class(c) if attr == "__mro__" => Value::Tuple(super::classes::mro(&c)),
            // The module whose code ran the class statement.
            Value::Class(c) if attr == "__module__" && !c.attributes.contains_key(attr) => {
                let module = self.envs.values().find(|e| e.file == c.span.file);
                module.map_or_else(
                    || Value::unknown(format!("the module of class {}", c.name)),
                    |m| Value::Str(m.name.clone()),
                )
            }
            // An enum class's `__members__`: every name, aliases too, each bound to its member
            // (an alias to the member first given its value).
            Value::Class(c) if attr == "__members__" && derives_from_enum(&c) => {
                let members = super::builtins::enum_members(&c);
                let names = c.order.iter().filter(|n| !n.starts_with('_'));
                Value::Dict(
                    names
                        .filter_map(|n| {
                            let value = c.attributes.get(n)?;
                            let (first, v) =
                                members.iter().find(|(_, m)| m.py_eq(value) == Some(true))?;
                            let member = super::value::enum_member(&c, first, v.clone());
                            Some((Value::Str(n.clone()), member))
                        })
                        .collect(),
                )
            }
            // Flask-SQLAlchemy's automatic table name, where the class names none.
            Value::Class(c) if attr == "__tablename__" && class_attribute(&c, attr).is_none() => {
                match super::classes::table_name_of(&c) {
                    Some(name) => Value::Str(name),
                    None => Value::unknown(format!("{}.__tablename__", c.name)),
                }
            }
            Value::Class(c) => match class_attribute(&c, attr) {
                // `Model.column` of a mapped class: the column, with the table it belongs to.
                Some(Value::Object(o))
                    if (o.receiver.is_none() || flask_sqlalchemy_member(&o))
                        && matches!(
                            o.class.rsplit('.').next(),
                            Some("Column" | "mapped_column")
                        ) =>
                {
                    match super::classes::table_name_of(&c) {
                        Some(table) => {
                            let column = match o.args.positional.first() {
                                Some(Value::Str(name)) => name.clone(),
                                _ => attr.to_string(),
                            };
                            Value::Object(Rc::new(Object {
                                class: MODEL_COLUMN.into(),
                                receiver: None,
                                args: Args {
                                    positional: vec![Value::Str(table), Value::Str(column)],
                                    keywords: schema_keyword(&c),
                                    ..Args::default()
                                },
                                called: true,
                                span: span.clone(),
                            }))
                        }
                        _ => Value::Object(o),
                    }
                }
                // `Model.column` of a column declared by its annotation alone
                // (`start: Mapped[datetime]`, here or on a mixin).
                None if mapped_annotation(&c, attr) => match super::classes::table_name_of(&c) {
                    Some(table) => Value::Object(Rc::new(Object {
                        class: MODEL_COLUMN.into(),
                        receiver: None,
                        args: Args {
                            positional: vec![Value::Str(table), Value::Str(attr.to_string())],
                            keywords: schema_keyword(&c),
                            ..Args::default()
                        },
                        called: true,
                        span: span.clone(),
                    })),
                    _ => Value::unknown(format!("{}.{attr}", c.name)),
                },
                // A class property (a `property` subclass whose `__get__` answers on the
                // class, decorating a function): what the function returns for the class.
                Some(Value::Function(f)) if class_property(&f) => {
                    let getter = if decorated_with(&f, "staticmethod") {
                        Value::Function(f)
                    } else {
                        bind_first(&f, Value::Class(c))
                    };
                    self.call(&getter, Args::default(), span)
                }
                // `Model.attr` of an SQLAlchemy hybrid property: its getter (or its
                // `@attr.expression`) run with the class (`return cls._id`, a column).
                Some(Value::Function(f))
                    if decorated_with(&f, "hybrid_property")
                        || decorated_with(&f, "expression") =>
                {
                    let getter = bind_first(&f, Value::Class(c));
                    self.call(&getter, Args::default(), span)
                }
                // `Class.method` of a `@classmethod`: `cls` bound to the class.
                Some(Value::Function(f)) if is_classmethod(&f) => bind_first(&f, Value::Class(c)),
                Some(v) => v,
                // What SQLAlchemy gives every declarative base: kept as an object whose
                // receiver is the class, so `target_metadata = Base.metadata` names `Base`.
                // A class's creation hooks run before SQLAlchemy maps it: no `__table__` yet.
                None if attr == "__table__" && self.is_in_construction(&c) => {
                    Value::unknown(format!("{}.__table__ before the class is mapped", c.name))
                }
                None if matches!(attr, "metadata" | "registry" | "__table__") => {
                    Value::Object(Rc::new(Object {
                        class: attr.to_string(),
                        receiver: Some(Value::Class(c.clone())),
                        args: Args::default(),
                        called: false,
                        span: span.clone(),
                    }))
                }
                None => Value::unknown(format!("{}.{attr}", c.name)),
            },
            Value::Handle(h) => match (h, attr) {
                (Handle::Bind | Handle::Context, "dialect") => Value::Handle(Handle::Dialect),
                (Handle::Bind, "engine" | "connection") => Value::Handle(Handle::Bind),
                (Handle::Bind, "name") => Value::Str("postgresql".into()),
                (Handle::Dialect, "name" | "driver") => Value::Str(if attr == "name" {
                    "postgresql".into()
                } else {
                    "psycopg2".into()
                }),
                (Handle::Context, "bind" | "connection") => Value::Handle(Handle::Bind),
                (Handle::Context, "as_sql") => Value::Bool(false),
                // env.py's `version_table_schema=` / `version_table=`, as the context has them.
                (Handle::Context, "version_table_schema" | "version_table") => self
                    .host
                    .context_option(attr)
                    .unwrap_or_else(|| Value::unknown(format!("the context's `{attr}`"))),
                // The dialect's `identifier_preparer` quotes as PostgreSQL does (`quote(name)`).
                (Handle::Compiler, "preparer") | (Handle::Dialect, "identifier_preparer") => {
                    Value::Handle(Handle::Compiler)
                }
                (Handle::Compiler, "dialect") => Value::Handle(Handle::Dialect),
                (h, _) => Value::Object(Rc::new(Object {
                    class: attr.to_string(),
                    receiver: Some(Value::Handle(h)),
                    args: Args::default(),
                    called: false,
                    span: span.clone(),
                })),
            },
            // An enum member's other attributes.
            Value::Object(o) if o.class == super::value::ENUM_MEMBER => {
                Value::unknown(format!("attribute `{attr}` of an enum member"))
            }
            // `Model.__table__.fullname` (`.name`, `.schema`) of a mapped class.
            Value::Object(o)
                if o.class == "__table__"
                    && !o.called
                    && matches!(attr, "name" | "schema" | "fullname")
                    && matches!(o.receiver, Some(Value::Class(_))) =>
            {
                let Some(Value::Class(c)) = &o.receiver else {
                    unreachable!("matched above")
                };
                match self.table_of_class(&c.clone(), span) {
                    Some((schema, name)) => match attr {
                        "name" => Value::Str(name),
                        "schema" => schema.map_or(Value::None, Value::Str),
                        _ => Value::Str(match schema {
                            Some(schema) => format!("{schema}.{name}"),
                            None => name,
                        }),
                    },
                    None => Value::unknown(format!("the table of {}", c.name)),
                }
            }
            Value::Object(o) => {
                // What the code set it to (`const.name = ...` in an event listener).
                if let Some(v) = self.object_attribute(&o, attr) {
                    return v;
                }
                // `declarative_base(metadata=...)`.metadata and similar: the keyword argument.
                if let Some(v) = o.args.keyword(attr) {
                    return v.clone();
                }
                // `self.native` in a method of an instance: what `__init__` got for it, or a
                // class attribute (`self.impl`); not a method.
                if let (Some(Value::Class(c)), true) = (&o.receiver, o.called) {
                    let c = c.clone();
                    if let Some(v) = self.init_argument(&c, &o.args, attr) {
                        return v;
                    }
                    match class_attribute(&c, attr) {
                        // `@property` (and `cached_property`): what the function returns for
                        // this instance.
                        Some(Value::Function(f))
                            if decorated_with(&f, "property")
                                || decorated_with(&f, "cached_property") =>
                        {
                            let getter = bind_first(&f, Value::Object(o.clone()));
                            return self.call(&getter, Args::default(), span);
                        }
                        Some(Value::Function(_)) | None => {}
                        Some(v) => return v,
                    }
                }
                if attr == "referred_table" {
                    if let Some(v) = self.referred_table(&o, span) {
                        return v;
                    }
                }
                if let Some(v) = self.indexes_of_table(&o, attr) {
                    return v;
                }
                if let Some(v) = super::reflection::schema_item_attribute(&o, attr) {
                    return v;
                }
                // `Base.metadata.sorted_tables`, `metadata.tables["name"]`: the tables
                // reflection loaded into it, or those its models declare.
                if matches!(attr, "sorted_tables" | "tables") {
                    let mut known = self.known_schema_items();
                    known.extend(self.function_indexes.iter().cloned());
                    let metadata = Value::Object(o.clone());
                    let tables = match self.reflected_tables(&metadata) {
                        Some(loaded) => Some(loaded),
                        None => self.host.metadata_tables(&metadata, &known, span),
                    };
                    if let Some(tables) = tables {
                        return self.tables_value(&metadata, tables, attr);
                    }
                }
                // A constraint named by no keyword has no name (its leading strings are
                // its columns).
                let constraint = matches!(
                    o.class.rsplit('.').next(),
                    Some(
                        "PrimaryKeyConstraint"
                            | "UniqueConstraint"
                            | "CheckConstraint"
                            | "ForeignKeyConstraint"
                    )
                );
                if attr == "name" && constraint && o.receiver.is_none() {
                    return Value::None;
                }
                // Its columns, as column objects (those it names by string, by their name).
                if attr == "columns" && constraint && o.receiver.is_none() {
                    return super::reflection::as_columns(&o.args.positional, span);
                }
                // `sa.Column("x", ...).name`, `sa.Table("t", ...).name`: the leading string.
                if matches!(attr, "name" | "key") && o.receiver.is_none() {
                    if let Some(Value::Str(s)) = o.args.positional.first() {
                        return Value::Str(s.clone());
                    }
                }
                Value::Object(Rc::new(Object {
                    class: attr.to_string(),
                    receiver: Some(Value::Object(o)),
                    args: Args::default(),
                    called: false,
                    span: span.clone(),
                }))
            }
            Value::Unknown(r) => Value::Unknown(r),
            _ => Value::unknown(format!(
                "attribute `{attr}` of a value that has none driftlock knows"
            )),
        }
    }
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `Cls.MEMBER` where `Cls` is a class of the checkout deriving from `enum.Enum` (or
    /// `IntEnum`, `StrEnum`, `Flag`): the member's name and value.
    fn enum_member(&mut self, expr: &ast::Expr) -> Option<(String, Value)> {
        let ast::Expr::Attribute(a) = expr else {
            return None;
        };
        // Only names and dotted names are evaluated here (no call runs twice).
        fn plain(e: &ast::Expr) -> bool {
            match e {
                ast::Expr::Name(_) => true,
                ast::Expr::Attribute(a) => plain(&a.value),
                _ => false,
            }
        }
        if !plain(&a.value) {
            return None;
        }
        let Value::Class(class) = self.eval(&a.value) else {
            return None;
        };
        if !derives_from_enum(&class) {
            return None;
        }
        let member = a.attr.as_str();
        let value = class.attributes.get(member)?.clone();
        Some((
            super::builtins::canonical_name(&class, member, &value),
            value,
        ))
    }
}

/// Whether `attr` is annotated `Mapped[...]` without a value in a class `c` derives from
/// (SQLAlchemy sets such an inherited column on the class before it reads
/// `__table_args__`; one annotated on the class itself is not there yet).
fn mapped_annotation(c: &super::value::ClassValue, attr: &str) -> bool {
    fn annotated(c: &super::value::ClassValue, attr: &str) -> bool {
        c.annotations.iter().any(|(n, a)| {
            n == attr
                && matches!(a, Value::Object(o) if matches!(o.class.rsplit('.').next(), Some("Mapped[]")))
        }) || c.bases.iter().any(|b| matches!(b, Value::Class(base) if annotated(base, attr)))
    }
    c.bases
        .iter()
        .any(|b| matches!(b, Value::Class(base) if annotated(base, attr)))
}

/// Whether a class derives (directly or through the checkout's classes) from `enum`'s.
pub(super) fn derives_from_enum(class: &super::value::ClassValue) -> bool {
    class.bases.iter().any(|b| match b {
        Value::External(name) => matches!(
            name.as_str(),
            "enum.Enum"
                | "enum.IntEnum"
                | "enum.StrEnum"
                | "enum.Flag"
                | "enum.IntFlag"
                | "enum.ReprEnum"
        ),
        Value::Class(c) => derives_from_enum(c),
        _ => false,
    })
}

/// Whether one of `f`'s decorators is a class of the checkout derived from `property` that
/// defines `__get__`: a class property, read on the class (`classproperty` recipes).
fn class_property(f: &Function) -> bool {
    f.def.decorator_list.iter().any(|d| {
        let ast::Expr::Name(n) = d else {
            return false;
        };
        let found = f.module.globals.borrow().get(n.id.as_str()).cloned();
        matches!(found, Some(Value::Class(c))
            if derives_from_property(&c) && class_attribute(&c, "__get__").is_some())
    })
}

fn derives_from_property(c: &ClassValue) -> bool {
    c.bases.iter().any(|b| match b {
        Value::External(name) => name == "builtins.property",
        Value::Class(base) => derives_from_property(base),
        _ => false,
    })
}

impl<H: Host + ?Sized> Interp<'_, H> {
    /// `ForeignKey(Model.id)` of a class whose table arguments come from a `declared_attr`:
    /// the model column with its table's schema, read by running them.
    pub(super) fn model_column_schema(&mut self, mut args: Args, span: &Span) -> Args {
        let Some(Value::Object(column)) = args.positional.first() else {
            return args;
        };
        let Some(Value::Class(c)) = column.args.keyword("model").cloned() else {
            return args;
        };
        let mut resolved = (**column).clone();
        resolved.args.keywords.retain(|(k, _)| k != "model");
        if let Some((Some(schema), _)) = self.table_of_class(&c, span) {
            resolved
                .args
                .keywords
                .push(("schema".into(), Value::Str(schema)));
        }
        args.positional[0] = Value::Object(Rc::new(resolved));
        args
    }

    /// The schema and name of a mapped class's table: `__tablename__` and the `schema` of
    /// `__table_args__` (each a value or a `declared_attr` function of the class).
    pub(super) fn table_of_class(
        &mut self,
        c: &Rc<ClassValue>,
        span: &Span,
    ) -> Option<(Option<String>, String)> {
        let mut read = |attr: &str| match class_attribute(c, attr) {
            Some(Value::Function(f)) => {
                let bound = bind_first(&f, Value::Class(c.clone()));
                Some(self.call(&bound, Args::default(), span))
            }
            other => other,
        };
        let name = read("__tablename__")?.as_str()?.to_string();
        let schema = table_args_schema(read("__table_args__").as_ref())?;
        Some((schema, name))
    }
}

/// `schema=` of a mapped class's table when its `__table_args__` is a plain dict or tuple,
/// for the model column a foreign key may name; when they come from a `declared_attr`, the
/// class itself (`model=`), for `ForeignKey(Model.id)` to run it (`model_column_schema`).
fn schema_keyword(c: &Rc<ClassValue>) -> Vec<(String, Value)> {
    match class_attribute(c, "__table_args__") {
        Some(Value::Function(_)) => vec![("model".into(), Value::Class(c.clone()))],
        args => match table_args_schema(args.as_ref()) {
            Some(Some(schema)) => vec![("schema".into(), Value::Str(schema))],
            _ => Vec::new(),
        },
    }
}

/// The `schema` a mapped class's `__table_args__` gives (a dict, or a tuple ending in one):
/// `Some(None)` when it gives none, `None` when the value is not known.
fn table_args_schema(args: Option<&Value>) -> Option<Option<String>> {
    let options = match args {
        Some(Value::Dict(items)) => items,
        Some(Value::Tuple(items) | Value::List(items)) => match items.last() {
            Some(Value::Dict(options)) => options,
            _ => return Some(None),
        },
        None | Some(Value::None) => return Some(None),
        Some(_) => return None,
    };
    match options.iter().find(|(k, _)| k.as_str() == Some("schema")) {
        Some((_, Value::Str(schema))) => Some(Some(schema.clone())),
        Some((_, Value::None)) | None => Some(None),
        Some(_) => None,
    }
}

/// Whether an object was reached through Flask-SQLAlchemy's extension object (`db.Column`).
pub(super) fn flask_sqlalchemy_member(o: &Object) -> bool {
    matches!(&o.receiver, Some(Value::Object(db))
        if db.class.rsplit('.').next() == Some("SQLAlchemy"))
}

/// Whether a function is decorated with `@classmethod`.
fn is_classmethod(f: &Function) -> bool {
    decorated_with(f, "classmethod")
}

/// Whether one of `f`'s decorators is `name`, bare or as an attribute (`orm.declared_attr`),
/// or a member of it (`declared_attr.directive`).
pub(super) fn decorated_with(f: &Function, name: &str) -> bool {
    fn names(e: &ast::Expr, name: &str) -> bool {
        match e {
            ast::Expr::Name(n) => n.id.as_str() == name,
            ast::Expr::Attribute(a) => a.attr.as_str() == name || names(&a.value, name),
            ast::Expr::Call(c) => names(&c.func, name),
            _ => false,
        }
    }
    f.def.decorator_list.iter().any(|d| names(d, name))
}

/// `f` with its first parameter bound to `value` (a method bound to its class): the
/// parameter leaves the signature and joins the closure.
/// Whether a class of the checkout can be subscripted with type arguments: it or a base
/// derives from `typing.Generic[...]` (or `Protocol[...]`), or defines `__class_getitem__`.
fn is_generic(c: &super::value::ClassValue) -> bool {
    c.attributes.contains_key("__class_getitem__")
        || c.bases.iter().any(|b| match b {
            Value::Class(base) => is_generic(base),
            Value::Object(o) => {
                matches!(o.class.rsplit('.').next(), Some("Generic[]" | "Protocol[]"))
            }
            _ => false,
        })
}

pub(super) fn bind_first(f: &Rc<Function>, value: Value) -> Value {
    let mut params = f.params.as_ref().clone();
    let first = if !params.posonlyargs.is_empty() {
        Some(params.posonlyargs.remove(0))
    } else if !params.args.is_empty() {
        Some(params.args.remove(0))
    } else {
        None
    };
    let Some(first) = first else {
        return Value::Function(f.clone());
    };
    let mut closure = f.closure.clone();
    closure.insert(first.def.arg.to_string(), value);
    Value::Function(Rc::new(Function {
        name: f.name.clone(),
        def: f.def.clone(),
        params: Rc::new(params),
        module: f.module.clone(),
        closure,
    }))
}
