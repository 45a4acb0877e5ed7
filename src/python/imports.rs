//! Python's import names: the module a relative import (`from ..a import b`) names, seen from
//! the module that writes it. The one resolution every reader of imports uses (the loader
//! following the checkout's modules, the interpreter, the rules).

/// The dotted module `from <"." * level><module> import ...` names inside module `current`.
/// `level` 0 is an absolute import. Each level drops the last part of `current`.
/// The name relative imports start from in module `current`: a package's `__init__.py` is
/// its own first level (`from . import a` there names `current.a`).
pub fn importing_name(current: &str, is_package: bool) -> String {
    if is_package {
        format!("{current}.__init__")
    } else {
        current.to_string()
    }
}

pub fn resolve_relative(current: &str, level: usize, module: Option<&str>) -> String {
    if level == 0 {
        return module.unwrap_or("").to_string();
    }
    let mut parts: Vec<&str> = current.split('.').collect();
    for _ in 0..level {
        parts.pop();
    }
    let mut base = parts.join(".");
    if let Some(m) = module {
        if !base.is_empty() {
            base.push('.');
        }
        base.push_str(m);
    }
    base
}

#[cfg(test)]
mod tests {
    use super::resolve_relative;

    #[test]
    fn relative_imports_drop_a_part_per_level() {
        assert_eq!(
            resolve_relative("app.models.user", 0, Some("sqlalchemy")),
            "sqlalchemy"
        );
        assert_eq!(
            resolve_relative("app.models.user", 1, Some("base")),
            "app.models.base"
        );
        assert_eq!(resolve_relative("app.models.user", 2, None), "app");
        assert_eq!(resolve_relative("app.models.user", 2, Some("db")), "app.db");
        assert_eq!(resolve_relative("user", 1, Some("base")), "base");
        assert_eq!(resolve_relative("", 1, None), "");
    }
}
