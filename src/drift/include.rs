//! env.py's `include_object` function, as `alembic check` applies it: each drift item is
//! offered to it (`include_object(object, name, type_, reflected, compare_to)`) and dropped
//! when it answers `False`. The function runs in the interpreter with the name, the kind and
//! which side the object comes from; the object itself is not known statically, so a
//! function that reads it answers nothing driftlock can use, and the item is kept.

use std::collections::HashMap;

use super::Item;
use crate::alembic::Lowering;
use crate::diagnostic::Span;
use crate::discover::Project;
use crate::eval::interp::Interp;
use crate::eval::value::{Args, Value};
use crate::schema::Schema;
use crate::source::SourceMap;

/// `items` without those env.py's `include_object` leaves out.
pub fn apply(project: &Project, sources: &mut SourceMap, items: Vec<Item>) -> Vec<Item> {
    if items.is_empty() {
        return items;
    }
    crate::eval::on_large_stack("driftlock-include-object", || {
        filter(project, sources, items)
    })
}

fn filter(project: &Project, sources: &mut SourceMap, items: Vec<Item>) -> Vec<Item> {
    let modules = crate::replay::module_table(project, sources, &[], &[]);
    let Some(env_key) = modules.env.clone() else {
        return items;
    };
    let mut scratch = Schema::default();
    let mut probe = Lowering::new(&mut scratch, Default::default());
    let mut interp = Interp::new(&mut probe, &modules.table);
    let _ = crate::env_py::target_metadata(&mut interp, Some(&env_key));
    let Some(function) = interp.configured_filter("include_object") else {
        interp.release_modules(&Default::default());
        return items;
    };
    let Some(span) = interp.module(&env_key).map(|env| Span::new(env.file, 0..0)) else {
        interp.release_modules(&Default::default());
        return items;
    };
    let mut asked: HashMap<(String, String, bool), bool> = HashMap::new();
    let mut include = |name: &str, type_: &str, reflected: bool| -> bool {
        let key = (name.to_string(), type_.to_string(), reflected);
        if let Some(answer) = asked.get(&key) {
            return *answer;
        }
        let args = Args {
            positional: vec![
                Value::unknown("the schema object (not known statically)"),
                Value::Str(name.to_string()),
                Value::Str(type_.to_string()),
                Value::Bool(reflected),
                if reflected {
                    Value::None
                } else {
                    Value::unknown("the reflected object")
                },
            ],
            ..Args::default()
        };
        // Only a plain `False` leaves the item out.
        let answer = !matches!(interp.call(&function, args, &span), Value::Bool(false));
        asked.insert(key, answer);
        answer
    };
    let kept = items
        .into_iter()
        .filter(|item| {
            // An item of a table the function leaves out is never compared.
            let table_reflected = item.kind == "remove_table";
            if !include(&item.table, "table", table_reflected) {
                return false;
            }
            let (type_, name, reflected) = match item.kind {
                "add_column" | "modify_type" | "modify_nullable" | "modify_default"
                | "modify_comment" => ("column", item.column.clone(), false),
                "remove_column" => ("column", item.column.clone(), true),
                "add_index" => ("index", item.name.clone(), false),
                "remove_index" => ("index", item.name.clone(), true),
                "add_constraint" => ("unique_constraint", item.name.clone(), false),
                "remove_constraint" => ("unique_constraint", item.name.clone(), true),
                "add_fk" => ("foreign_key_constraint", item.name.clone(), false),
                "remove_fk" => ("foreign_key_constraint", item.name.clone(), true),
                _ => return true,
            };
            match name {
                Some(name) if item.column.is_none() || type_ == "column" => {
                    include(&name, type_, reflected)
                }
                _ => true,
            }
        })
        .collect();
    interp.release_modules(&Default::default());
    kept
}
