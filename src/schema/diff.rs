//! The first difference between two schemas, said in a few words (a downgrade that does not
//! restore the schema, a test that compares two replays).

use super::{Column, Schema, Table};

/// How a column differs from what it should be.
fn column_difference(table: &str, expected: &Column, actual: &Column) -> String {
    let name = format!("{table}.{}", expected.name);
    if expected.ty != actual.ty {
        return format!("column {name} is {} instead of {}", actual.ty, expected.ty);
    }
    if expected.not_null != actual.not_null {
        let state = |n: bool| if n { "NOT NULL" } else { "nullable" };
        return format!(
            "column {name} is {} instead of {}",
            state(actual.not_null),
            state(expected.not_null)
        );
    }
    if expected.default != actual.default {
        let show = |d: &Option<String>| d.clone().unwrap_or_else(|| "no default".into());
        return format!(
            "column {name} has default {} instead of {}",
            show(&actual.default),
            show(&expected.default)
        );
    }
    format!("column {name} differs (identity, generated expression or comment)")
}

/// A short description of the first difference between two schemas.
pub fn first_difference(expected: &Schema, actual: &Schema) -> String {
    for (k, t) in expected.tables.iter() {
        match actual.tables.get(k) {
            None => return format!("table {}.{} is missing", k.0, k.1),
            Some(a) if a != t => {
                for c in &t.columns {
                    match a.column(&c.name) {
                        None => return format!("column {}.{} is missing", k.1, c.name),
                        Some(ac) if ac != c => return column_difference(&k.1, c, ac),
                        _ => {}
                    }
                }
                for c in &a.columns {
                    if t.column(&c.name).is_none() {
                        return format!("column {}.{} is left behind", k.1, c.name);
                    }
                }
                let names = |t: &Table| {
                    let mut v: Vec<String> = t
                        .constraints
                        .iter()
                        .map(|c| c.name.clone())
                        .chain(t.indexes.iter().map(|i| i.name.clone()))
                        .collect();
                    v.sort();
                    v
                };
                let (e, g) = (names(t), names(a));
                if let Some(missing) = e.iter().find(|n| !g.contains(n)) {
                    return format!("{missing} on {} is missing", k.1);
                }
                if let Some(extra) = g.iter().find(|n| !e.contains(n)) {
                    return format!("{extra} on {} is left behind", k.1);
                }
                if a.columns
                    .iter()
                    .map(|c| &c.name)
                    .ne(t.columns.iter().map(|c| &c.name))
                {
                    return format!("the column order of {} differs", k.1);
                }
                return format!("table {} differs", k.1);
            }
            _ => {}
        }
    }
    if let Some(k) = actual
        .tables
        .keys()
        .find(|k| !expected.tables.contains_key(k))
    {
        return format!("table {}.{} is left behind", k.0, k.1);
    }
    if let Some(k) = actual
        .enums
        .keys()
        .find(|k| !expected.enums.contains_key(*k))
    {
        return format!("type {}.{} is left behind", k.0, k.1);
    }
    if let Some(k) = expected
        .enums
        .keys()
        .find(|k| !actual.enums.contains_key(*k))
    {
        return format!("type {}.{} is missing", k.0, k.1);
    }
    if expected.enums != actual.enums {
        return "enum labels differ".into();
    }
    if expected.sequences != actual.sequences {
        return "sequences differ".into();
    }
    if expected.schemas != actual.schemas {
        return "schemas differ".into();
    }
    let object = |what: &str, e: Vec<String>, a: Vec<String>| {
        if let Some(x) = a.iter().find(|x| !e.contains(x)) {
            return Some(format!("{what} {x} is left behind"));
        }
        if let Some(x) = e.iter().find(|x| !a.contains(x)) {
            return Some(format!("{what} {x} is missing"));
        }
        None
    };
    let names = |s: &Schema| -> [Vec<String>; 3] {
        [
            s.views.keys().map(|(n, v)| format!("{n}.{v}")).collect(),
            s.functions
                .keys()
                .map(|((n, f), args)| format!("{n}.{f}({})", args.join(", ")))
                .collect(),
            s.triggers
                .keys()
                .map(|((n, t), name)| format!("{name} on {n}.{t}"))
                .collect(),
        ]
    };
    let [ev, ef, et] = names(expected);
    let [av, af, at] = names(actual);
    if let Some(d) = object("view", ev, av)
        .or_else(|| object("function", ef, af))
        .or_else(|| object("trigger", et, at))
    {
        return d;
    }
    if expected.views != actual.views
        || expected.functions != actual.functions
        || expected.triggers != actual.triggers
    {
        return "views, functions or triggers differ".into();
    }
    "extensions differ".into()
}
