//! The files the interpreted code looks at to decide what it imports: a module's `__file__`
//! and a package's `__path__`, `os.path`, `os.walk`, `os.listdir`, `glob.glob` and
//! `pkgutil.iter_modules`. Applications import their models packages with such loops (every
//! module of a folder, `importlib.import_module` on each); answered from the checkout and the
//! installed packages as they are on disk, so env.py's imports are the ones Python makes.
//! Only folders on the Python path are read (names only, never contents), and every listing is
//! sorted: the same files give the same run.

use std::path::{Path, PathBuf};

use super::value::{Args, Object, Value};
use crate::diagnostic::Span;

/// The class of what `pkgutil.iter_modules` yields: `(module_finder, name, ispkg)`, also by
/// attribute.
pub(super) const MODULE_INFO: &str = "pkgutil.ModuleInfo";

/// The folders the code may list: those on the Python path, and what they hold.
pub(super) struct Readable<'a> {
    pub roots: &'a [PathBuf],
}

impl Readable<'_> {
    pub(super) fn allows(&self, path: &Path) -> bool {
        // A path given with `..` is not resolved: it is read only when it stays inside.
        !path
            .components()
            .any(|c| matches!(c, std::path::Component::ParentDir))
            && self.roots.iter().any(|r| path.starts_with(r))
    }

    /// The entries of a folder, sorted by name, as (name, is a folder); `None` when it is not
    /// readable.
    fn entries(&self, dir: &Path) -> Option<Vec<(String, bool)>> {
        if !self.allows(dir) {
            return None;
        }
        let out: Vec<(String, bool)> = crate::fs::read_dir(dir)
            .ok()?
            .into_iter()
            .map(|e| (e.name, e.is_dir))
            .collect();
        Some(out)
    }
}

/// A call of `os.path.*`, `os.walk`, `os.listdir`, `glob.*` or `pkgutil.iter_modules`
/// (`name` fully qualified); `None` for any other.
pub(super) fn call(name: &str, args: &Args, files: &Readable, span: &Span) -> Option<Value> {
    let text = |i: usize| match args.positional.get(i) {
        Some(Value::Str(s)) => Some(s.clone()),
        _ => None,
    };
    let unknown = || Value::unknown(format!("`{name}()` of a path not known statically"));
    let value = match name {
        "os.path.dirname" => text(0).map_or_else(unknown, |p| Value::Str(dirname(&p))),
        "os.path.basename" => text(0).map_or_else(unknown, |p| Value::Str(basename(&p))),
        "os.path.abspath" | "os.path.realpath" | "os.path.normpath" => {
            text(0).map_or_else(unknown, |p| Value::Str(normalize(&p)))
        }
        "os.path.join" => {
            let parts: Option<Vec<String>> = (0..args.positional.len()).map(text).collect();
            parts.map_or_else(unknown, |parts| Value::Str(join(&parts)))
        }
        "os.path.split" => text(0).map_or_else(unknown, |p| {
            Value::Tuple(vec![Value::Str(dirname(&p)), Value::Str(basename(&p))])
        }),
        "os.path.splitext" => text(0).map_or_else(unknown, |p| {
            let (stem, ext) = splitext(&p);
            Value::Tuple(vec![Value::Str(stem), Value::Str(ext)])
        }),
        "os.path.exists" | "os.path.isdir" | "os.path.isfile" => match text(0) {
            Some(p) if files.allows(Path::new(&p)) => {
                let path = Path::new(&p);
                Value::Bool(match name {
                    "os.path.isdir" => crate::fs::is_dir(path),
                    "os.path.isfile" => crate::fs::is_file(path),
                    _ => crate::fs::exists(path),
                })
            }
            _ => unknown(),
        },
        "os.listdir" => match text(0).and_then(|p| files.entries(Path::new(&p))) {
            Some(entries) => Value::List(entries.into_iter().map(|(n, _)| Value::Str(n)).collect()),
            None => unknown(),
        },
        "os.walk" => match text(0) {
            Some(top) => walk(&top, files).unwrap_or_else(unknown),
            None => unknown(),
        },
        "glob.glob" | "glob.iglob" => match text(0) {
            Some(pattern) => glob(&pattern, files).unwrap_or_else(unknown),
            None => unknown(),
        },
        "pkgutil.iter_modules" => iter_modules(args, files, span).unwrap_or_else(unknown),
        _ => return None,
    };
    Some(value)
}

/// `os.walk(top)`: top-down, each folder's names sorted.
fn walk(top: &str, files: &Readable) -> Option<Value> {
    let mut out = Vec::new();
    let mut stack = vec![top.trim_end_matches('/').to_string()];
    files.entries(Path::new(top))?;
    while let Some(root) = stack.pop() {
        let Some(entries) = files.entries(Path::new(&root)) else {
            continue;
        };
        let dirs: Vec<String> = entries
            .iter()
            .filter(|e| e.1)
            .map(|e| e.0.clone())
            .collect();
        let names: Vec<Value> = entries
            .iter()
            .filter(|e| !e.1)
            .map(|e| Value::Str(e.0.clone()))
            .collect();
        for d in dirs.iter().rev() {
            stack.push(join(&[root.clone(), d.clone()]));
        }
        out.push(Value::Tuple(vec![
            Value::Str(root),
            Value::List(dirs.into_iter().map(Value::Str).collect()),
            Value::List(names),
        ]));
    }
    Some(Value::List(out))
}

/// `glob.glob(pattern)`: `*`, `?` and `[...]` in any component, no `**`; sorted.
fn glob(pattern: &str, files: &Readable) -> Option<Value> {
    if !pattern.starts_with('/') || pattern.contains("**") {
        return None;
    }
    let mut found = vec![PathBuf::from("/")];
    for part in pattern.split('/').filter(|p| !p.is_empty()) {
        let mut next = Vec::new();
        for base in &found {
            if !part.contains(['*', '?', '[']) {
                next.push(base.join(part));
                continue;
            }
            for (name, _) in files.entries(base)? {
                if !name.starts_with('.') && matches(part, &name) {
                    next.push(base.join(name));
                }
            }
        }
        found = next;
    }
    let mut out: Vec<String> = found
        .into_iter()
        .filter(|p| files.allows(p) && crate::fs::exists(p))
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    out.sort();
    Some(Value::List(out.into_iter().map(Value::Str).collect()))
}

/// Whether `name` matches a shell pattern of `*`, `?` and `[...]`.
fn matches(pattern: &str, name: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let n: Vec<char> = name.chars().collect();
    fn go(p: &[char], n: &[char]) -> bool {
        match p.first() {
            None => n.is_empty(),
            Some('*') => (0..=n.len()).any(|i| go(&p[1..], &n[i..])),
            Some('?') => !n.is_empty() && go(&p[1..], &n[1..]),
            Some('[') => {
                let Some(close) = p.iter().position(|c| *c == ']') else {
                    return n.first() == Some(&'[') && go(&p[1..], &n[1..]);
                };
                let Some(c) = n.first() else { return false };
                let set = &p[1..close];
                let (negate, set) = match set.first() {
                    Some('!') => (true, &set[1..]),
                    _ => (false, set),
                };
                let mut hit = false;
                let mut i = 0;
                while i < set.len() {
                    if i + 2 < set.len() && set[i + 1] == '-' {
                        hit |= set[i] <= *c && *c <= set[i + 2];
                        i += 3;
                    } else {
                        hit |= set[i] == *c;
                        i += 1;
                    }
                }
                hit != negate && go(&p[close + 1..], &n[1..])
            }
            Some(x) => n.first() == Some(x) && go(&p[1..], &n[1..]),
        }
    }
    go(&p, &n)
}

/// `pkgutil.iter_modules([folder, ...])`: the modules and packages of each folder, sorted by
/// name as Python's finder yields them.
fn iter_modules(args: &Args, files: &Readable, span: &Span) -> Option<Value> {
    let folders = match args.positional.first().or_else(|| args.keyword("path")) {
        Some(Value::List(items) | Value::Tuple(items)) => items.clone(),
        Some(Value::Str(s)) => vec![Value::Str(s.clone())],
        _ => return None,
    };
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for folder in folders {
        let Value::Str(folder) = folder else {
            return None;
        };
        for (name, is_dir) in files.entries(Path::new(&folder))? {
            let (module, package) = if is_dir {
                if !crate::fs::is_file(&Path::new(&folder).join(&name).join("__init__.py")) {
                    continue;
                }
                (name, true)
            } else if let Some(stem) = name.strip_suffix(".py") {
                if stem == "__init__" || stem.contains('.') {
                    continue;
                }
                (stem.to_string(), false)
            } else {
                continue;
            };
            if !module.is_empty() && seen.insert(module.clone()) {
                out.push(Object::call(
                    MODULE_INFO,
                    vec![
                        Value::Str(folder.clone()),
                        Value::Str(module),
                        Value::Bool(package),
                    ],
                    Vec::new(),
                    span,
                ));
            }
        }
    }
    Some(Value::List(out))
}

/// A field of a `ModuleInfo` (`name`, `ispkg`, `module_finder`).
pub(super) fn module_info_field(o: &Object, attr: &str) -> Option<Value> {
    let i = match attr {
        "module_finder" => 0,
        "name" => 1,
        "ispkg" => 2,
        _ => return None,
    };
    o.args.positional.get(i).cloned()
}

pub(super) fn dirname(p: &str) -> String {
    match p.rfind('/') {
        Some(0) => "/".to_string(),
        Some(i) => p[..i].trim_end_matches('/').to_string(),
        None => String::new(),
    }
}

pub(super) fn basename(p: &str) -> String {
    p.rsplit('/').next().unwrap_or_default().to_string()
}

pub(super) fn join(parts: &[String]) -> String {
    let mut out = String::new();
    for part in parts {
        if part.starts_with('/') {
            out = part.clone();
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(part);
        } else {
            out.push('/');
            out.push_str(part);
        }
    }
    out
}

pub(super) fn splitext(p: &str) -> (String, String) {
    let base = basename(p);
    match base.rfind('.') {
        Some(i) if i > 0 && !base[..i].chars().all(|c| c == '.') => {
            let cut = p.len() - (base.len() - i);
            (p[..cut].to_string(), p[cut..].to_string())
        }
        _ => (p.to_string(), String::new()),
    }
}

/// `os.path.normpath`: `.` and repeated separators gone, `..` folded into its parent.
fn normalize(p: &str) -> String {
    let absolute = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in p.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            ".." if absolute => {}
            _ => parts.push(part),
        }
    }
    let joined = parts.join("/");
    match (absolute, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_and_join_as_posixpath_does() {
        assert_eq!(dirname("/a/b/c.py"), "/a/b");
        assert_eq!(dirname("/a"), "/");
        assert_eq!(dirname("c.py"), "");
        assert_eq!(basename("/a/b/c.py"), "c.py");
        assert_eq!(join(&["/a".into(), "b".into(), "c.py".into()]), "/a/b/c.py");
        assert_eq!(join(&["/a/".into(), "/x".into()]), "/x");
        assert_eq!(
            splitext("/a/b.c/d.tar.gz"),
            ("/a/b.c/d.tar".into(), ".gz".into())
        );
        assert_eq!(splitext("/a/.hidden"), ("/a/.hidden".into(), String::new()));
        assert_eq!(normalize("/a/./b//../c"), "/a/c");
        assert_eq!(normalize("a/.."), ".");
    }

    #[test]
    fn shell_patterns_match_as_fnmatch_does() {
        assert!(matches("*.py", "models.py"));
        assert!(!matches("*.py", "models.pyc"));
        assert!(matches("m?dels.py", "models.py"));
        assert!(matches("[a-m]*.py", "models.py"));
        assert!(!matches("[!a-m]*.py", "models.py"));
    }

    #[test]
    fn listings_stay_on_the_python_path_and_are_sorted() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let pkg = root.join("app/models");
        std::fs::create_dir_all(pkg.join("sub")).unwrap();
        for f in [
            "b.py",
            "a.py",
            "__init__.py",
            "notes.txt",
            "sub/__init__.py",
            "sub/c.py",
        ] {
            std::fs::write(pkg.join(f), "").unwrap();
        }
        let roots = vec![root.clone()];
        let files = Readable { roots: &roots };
        let span = Span::new(crate::source::FileId(0), 0..0);
        let s = |p: &Path| Value::Str(p.to_string_lossy().into_owned());
        let args = |v: Vec<Value>| Args {
            positional: v,
            ..Args::default()
        };
        let Some(Value::List(infos)) = call(
            "pkgutil.iter_modules",
            &args(vec![Value::List(vec![s(&pkg)])]),
            &files,
            &span,
        ) else {
            panic!("iter_modules lists the folder");
        };
        let names: Vec<String> = infos
            .iter()
            .filter_map(|i| match i {
                Value::Object(o) => module_info_field(o, "name")?.as_str().map(str::to_string),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["a", "b", "sub"]);
        let Some(Value::List(walked)) = call("os.walk", &args(vec![s(&pkg)]), &files, &span) else {
            panic!("os.walk lists the folder");
        };
        assert_eq!(walked.len(), 2);
        let Some(Value::List(globbed)) = call(
            "glob.glob",
            &args(vec![Value::Str(format!("{}/*.py", pkg.display()))]),
            &files,
            &span,
        ) else {
            panic!("glob lists the folder");
        };
        assert_eq!(globbed.len(), 3);
        // Outside the Python path: not known.
        let outside = call(
            "os.listdir",
            &args(vec![Value::Str("/".into())]),
            &files,
            &span,
        );
        assert!(matches!(outside, Some(Value::Unknown(_))));
    }
}
