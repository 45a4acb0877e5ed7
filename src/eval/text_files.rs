//! Text files the revisions read, most often SQL kept beside them and run with `op.execute`:
//! `open(path).read()` (also in a `with` block), `importlib.resources.read_text(package,
//! name)`, `importlib.resources.files(package) / name` (or `.joinpath(name)`) then
//! `.read_text()`, and `pathlib.Path(__file__).parent / "sql" / name` then `.read_text()`.
//! A path is a value of its own ([`TEXT_PATH`]); its contents are read only for a file on
//! the Python path (the checkout and its installed packages), as UTF-8 within the size limit;
//! anything else is not known statically.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use super::files;
use super::value::{Args, Object, Value};
use crate::diagnostic::Span;

/// A path the code built (`pathlib.Path`, a package's `files()`, an open file): its text in
/// `args.positional[0]`.
pub(super) const TEXT_PATH: &str = "driftlock.TextPath";

/// What a call of `name` (fully qualified) gives, when it builds or reads a path; `None` for
/// any other call.
pub(super) fn call(
    name: &str,
    args: &Args,
    roots: &[PathBuf],
    package_dir: &dyn Fn(&str) -> Option<PathBuf>,
    span: &Span,
) -> Option<Value> {
    let text = |i: usize| match args.positional.get(i) {
        Some(Value::Str(s)) => Some(s.clone()),
        Some(Value::Object(o)) if o.class == TEXT_PATH => path_of(o),
        _ => None,
    };
    let unknown = || Value::unknown(format!("the text of `{name}()` is not known statically"));
    let package = |v: Option<&Value>| match v {
        Some(Value::Str(dotted)) => package_dir(dotted),
        Some(Value::Module(m)) => package_dir(&m.name),
        _ => None,
    };
    let value = match name {
        "builtins.open" | "io.open" | "codecs.open" | "pathlib.Path" | "pathlib.PurePath"
        | "pathlib.PosixPath" => match text(0) {
            Some(first) => {
                let mut path = first;
                // `Path(a, b, c)` joins its parts.
                for i in 1..args.positional.len() {
                    match (name.starts_with("pathlib."), text(i)) {
                        (true, Some(part)) => path = join(&path, &part),
                        (true, None) => return Some(unknown()),
                        (false, _) => break,
                    }
                }
                path_value(&path, span)
            }
            None => unknown(),
        },
        "importlib.resources.files" | "importlib_resources.files" => {
            match package(args.positional.first().or_else(|| args.keyword("anchor"))) {
                Some(dir) => path_value(&dir.to_string_lossy(), span),
                None => unknown(),
            }
        }
        "importlib.resources.read_text" | "importlib_resources.read_text" => {
            match (package(args.positional.first()), text(1)) {
                (Some(dir), Some(resource)) => {
                    read(&dir.join(resource), roots).map_or_else(unknown, Value::Str)
                }
                _ => unknown(),
            }
        }
        _ => return None,
    };
    Some(value)
}

/// A method of a path the code built: `read()`, `read_text()`, `open()`, `joinpath(...)`;
/// `None` for any other receiver or method.
pub(super) fn method(
    receiver: &Object,
    method: &str,
    args: &Args,
    roots: &[PathBuf],
) -> Option<Value> {
    if receiver.class != TEXT_PATH {
        return None;
    }
    let path = path_of(receiver)?;
    let unknown = || Value::unknown(format!("the text of `{path}` is not known statically"));
    Some(match method {
        "read" | "read_text" => read(Path::new(&path), roots).map_or_else(unknown, Value::Str),
        "open" | "__enter__" => Value::Object(Rc::new(receiver.clone())),
        "joinpath" => {
            let mut joined = path.clone();
            for part in &args.positional {
                match part {
                    Value::Str(p) => joined = join(&joined, p),
                    _ => return Some(unknown()),
                }
            }
            path_value(&joined, &receiver.span)
        }
        _ => return None,
    })
}

/// An attribute of a path: `parent`, `name`, `stem`, `suffix`; `None` for any other.
pub(super) fn attribute(base: &Object, attr: &str) -> Option<Value> {
    if base.class != TEXT_PATH {
        return None;
    }
    let path = path_of(base)?;
    let (stem, suffix) = files::splitext(&files::basename(&path));
    Some(match attr {
        "parent" => match files::dirname(&path) {
            dir if dir.is_empty() => path_value(".", &base.span),
            dir => path_value(&dir, &base.span),
        },
        "name" => Value::Str(files::basename(&path)),
        "stem" => Value::Str(stem),
        "suffix" => Value::Str(suffix),
        _ => return None,
    })
}

/// `path / "part"`: the joined path; `None` unless the left side is a path.
pub(super) fn divide(left: &Value, right: &Value) -> Option<Value> {
    let Value::Object(o) = left else {
        return None;
    };
    if o.class != TEXT_PATH {
        return None;
    }
    let path = path_of(o)?;
    Some(match right {
        Value::Str(part) => path_value(&join(&path, part), &o.span),
        _ => Value::unknown("a path joined with a part not known statically"),
    })
}

/// The text of a path value: as `str(path)` gives it.
pub(super) fn path_of(o: &Object) -> Option<String> {
    match o.args.positional.first() {
        Some(Value::Str(s)) if o.class == TEXT_PATH => Some(s.clone()),
        _ => None,
    }
}

fn path_value(path: &str, span: &Span) -> Value {
    Object::call(
        TEXT_PATH,
        vec![Value::Str(path.to_string())],
        Vec::new(),
        span,
    )
}

fn join(base: &str, part: &str) -> String {
    files::join(&[base.to_string(), part.to_string()])
}

/// The contents of a file on the Python path, as UTF-8 within the size limit.
fn read(path: &Path, roots: &[PathBuf]) -> Option<String> {
    let readable = files::Readable { roots };
    if !readable.allows(path) {
        return None;
    }
    crate::load::read_utf8(path, crate::fs::DEFAULT_MAX_FILE_BYTES)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> Object {
        match path_value(p, &Span::new(crate::source::FileId(0), 0..0)) {
            Value::Object(o) => (*o).clone(),
            _ => unreachable!(),
        }
    }

    #[test]
    fn paths_join_and_split_as_pathlib_does() {
        let p = path("/app/migrations/versions/a.py");
        let Some(Value::Object(parent)) = attribute(&p, "parent") else {
            panic!("no parent")
        };
        assert_eq!(
            path_of(&parent).as_deref(),
            Some("/app/migrations/versions")
        );
        let Some(Value::Object(sql)) = divide(
            &Value::Object(parent.clone()),
            &Value::Str("sql/x.sql".into()),
        ) else {
            panic!("no join")
        };
        assert_eq!(
            path_of(&sql).as_deref(),
            Some("/app/migrations/versions/sql/x.sql")
        );
        assert!(matches!(attribute(&sql, "stem"), Some(Value::Str(s)) if s == "x"));
        assert!(matches!(attribute(&sql, "suffix"), Some(Value::Str(s)) if s == ".sql"));
        assert!(divide(&Value::Str("a".into()), &Value::Str("b".into())).is_none());
    }

    #[test]
    fn only_files_on_the_python_path_are_read() {
        let roots = vec![PathBuf::from("/app")];
        assert_eq!(read(Path::new("/etc/passwd"), &roots), None);
        assert_eq!(read(Path::new("/app/../etc/passwd"), &roots), None);
    }
}
