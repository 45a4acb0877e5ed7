//! A Flask-Migrate application: its env.py takes the metadata from the running application
//! (`current_app.extensions["migrate"].db`), so the application's modules are read to find
//! its `SQLAlchemy()` object, for the models and for the naming convention Alembic's
//! operations take in the replay.

use std::path::PathBuf;
use std::rc::Rc;

use crate::discover::{Layout, Project};
use crate::eval::interp::{Host, Interp};
use crate::eval::value::Value;
use crate::sqlalchemy::types::class_name;

/// The application's modules of a Flask-Migrate project (none for another layout): the
/// `.py` files and the packages' `__init__.py` around Flask-Migrate's folder and at the
/// project's root (the two differ when driftlock is pointed at the folder itself, or the
/// folder sits inside the application's package), where `create_app` and `db =
/// SQLAlchemy()` live.
pub fn application_modules(project: &Project) -> Vec<PathBuf> {
    if !matches!(project.layout, Layout::FlaskMigrate(_)) {
        return Vec::new();
    }
    let mut modules = around(&project.root);
    if let Some(folder) = project.script_location.parent() {
        if folder != project.root {
            modules.extend(around(folder));
        }
    }
    modules.sort();
    modules.dedup();
    modules
}

fn around(root: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in crate::load::sorted_entries(root) {
        if crate::fs::is_file(&p) && p.extension().is_some_and(|e| e == "py") {
            out.push(p);
        } else if crate::fs::is_dir(&p)
            && crate::fs::is_file(&p.join("__init__.py"))
            && !p.ends_with("migrations")
        {
            out.push(p.join("__init__.py"));
        }
    }
    out
}

/// Every `SQLAlchemy()` object the modules run so far bound to a global, by module name,
/// each once.
pub fn databases<H: Host + ?Sized>(interp: &Interp<'_, H>) -> Vec<Value> {
    let mut dbs: Vec<(String, Value)> = Vec::new();
    for (name, env) in interp.modules_run() {
        for v in env.globals.borrow().values() {
            if let Value::Object(o) = v {
                if o.receiver.is_none() && class_name(&o.class) == "SQLAlchemy" {
                    dbs.push((name.clone(), v.clone()));
                }
            }
        }
    }
    dbs.sort_by(|a, b| a.0.cmp(&b.0));
    dbs.dedup_by(
        |a, b| matches!((&a.1, &b.1), (Value::Object(x), Value::Object(y)) if Rc::ptr_eq(x, y)),
    );
    dbs.into_iter().map(|(_, db)| db).collect()
}
