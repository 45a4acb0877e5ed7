//! The rules of the house that ARCHITECTURE.md states, checked on the source tree: who may
//! touch the file system, spawn processes, use the Python parser or PostgreSQL's parser; no
//! import cycle between top-level modules; no source file too long to read; every finding
//! code declared where a reader looks for it. Test code (`#[cfg(test)]` modules) is exempt.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A source file of the crate, as `src/`-relative path and its non-test code.
struct Source {
    path: String,
    code: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// Files declared as `#[cfg(test)] mod name;` are test code as a whole.
fn test_only_files(files: &[PathBuf]) -> BTreeSet<PathBuf> {
    let mut out = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for pair in lines.windows(2) {
            if pair[0].trim() == "#[cfg(test)]" {
                if let Some(name) = pair[1]
                    .trim()
                    .strip_prefix("mod ")
                    .and_then(|r| r.strip_suffix(';'))
                {
                    let dir = if f
                        .file_name()
                        .is_some_and(|n| n == "mod.rs" || n == "lib.rs")
                    {
                        f.parent().unwrap().to_path_buf()
                    } else {
                        f.with_extension("")
                    };
                    out.insert(dir.join(format!("{name}.rs")));
                    out.insert(dir.join(name).join("mod.rs"));
                }
            }
        }
    }
    out
}

/// The text of a file without its inline `#[cfg(test)] mod ... { ... }` blocks.
fn without_tests(text: &str) -> String {
    let mut out = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim() == "#[cfg(test)]" {
            if let Some(next) = lines.peek() {
                let t = next.trim_start();
                if t.starts_with("mod ") && t.ends_with('{') {
                    let indent = next.len() - t.len();
                    lines.next();
                    // Skip to the closing brace at the same indentation.
                    for inner in lines.by_ref() {
                        if inner.len() > indent
                            && inner[..indent].trim().is_empty()
                            && &inner[indent..] == "}"
                            || indent == 0 && inner == "}"
                        {
                            break;
                        }
                    }
                    continue;
                }
            }
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn sources() -> Vec<Source> {
    let root = src_dir();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let tests = test_only_files(&files);
    files
        .iter()
        .filter(|f| !tests.contains(*f))
        .map(|f| Source {
            path: f
                .strip_prefix(&root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/"),
            code: without_tests(&std::fs::read_to_string(f).unwrap()),
        })
        .collect()
}

/// The top-level module a source file belongs to (`lower/sql.rs` → `lower`).
fn top_module(path: &str) -> String {
    let first = path.split('/').next().unwrap();
    first.trim_end_matches(".rs").to_string()
}

/// Lines that are neither blank nor comments.
fn lines_of_code(code: &str) -> usize {
    code.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .count()
}

/// Whether `code` mentions `needle` outside comments.
fn mentions(code: &str, needle: &str) -> bool {
    code.lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .any(|l| l.contains(needle))
}

fn allowed(path: &str, prefixes: &[&str]) -> bool {
    prefixes.iter().any(|p| path == *p || path.starts_with(p))
}

#[test]
fn only_the_reading_stages_touch_the_file_system() {
    // fs asks every question of the checkout (contents, listings, what a path is), so that
    // the cache knows every input of a run; cache keeps reports in its own folder;
    // synthetic writes the generated histories of the benchmarks into the folder it is given;
    // main writes the files the command line names (`-o/--output-file`, `--write-baseline`),
    // and nothing else.
    let may = ["fs.rs", "cache.rs", "synthetic.rs", "main.rs"];
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|s| mentions(&s.code, "std::fs") || mentions(&s.code, "use std::{fs"))
        .filter(|s| !allowed(&s.path, &may))
        .map(|s| s.path)
        .collect();
    assert!(offenders.is_empty(), "file system used in {offenders:?}");
    // `Path`'s own probes go around fs: a cached report would not know the answer it
    // depended on.
    let probes = [
        ".is_file()",
        ".is_dir()",
        ".exists()",
        ".canonicalize()",
        ".metadata()",
    ];
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|s| !allowed(&s.path, &may))
        .filter(|s| probes.iter().any(|p| s.code.contains(p)))
        .map(|s| s.path)
        .collect();
    assert!(
        offenders.is_empty(),
        "paths probed outside fs in {offenders:?}"
    );
}

#[test]
fn only_git_spawns_a_process() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|s| mentions(&s.code, "Command::new") || mentions(&s.code, "process::Command"))
        .filter(|s| s.path != "git.rs")
        .map(|s| s.path)
        .collect();
    assert!(offenders.is_empty(), "processes spawned in {offenders:?}");
}

#[test]
fn only_python_uses_the_python_parser() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|s| mentions(&s.code, "rustpython"))
        .filter(|s| !s.path.starts_with("python/"))
        .map(|s| s.path)
        .collect();
    assert!(
        offenders.is_empty(),
        "rustpython-parser used in {offenders:?}"
    );
}

#[test]
fn only_the_sql_lowering_and_pg_expressions_use_pg_query() {
    let offenders: Vec<String> = sources()
        .into_iter()
        .filter(|s| mentions(&s.code, "pg_query"))
        .filter(|s| !s.path.starts_with("sql/") && s.path != "pg/expr.rs")
        .map(|s| s.path)
        .collect();
    assert!(offenders.is_empty(), "pg_query used in {offenders:?}");
}

#[test]
fn no_source_file_is_too_long_to_read() {
    const LIMIT: usize = 1_200;
    let long: Vec<String> = sources()
        .into_iter()
        .map(|s| (lines_of_code(&s.code), s.path))
        .filter(|(n, _)| *n > LIMIT)
        .map(|(n, p)| format!("{p}: {n} lines of code"))
        .collect();
    assert!(long.is_empty(), "over {LIMIT} lines of code: {long:?}");
}

/// The top-level modules (among `tops`) that `code` names: `crate::a::...` anywhere, and
/// `use crate::{a, b::c}` groups; `$crate::` in macros counts too.
fn modules_used(code: &str, tops: &BTreeSet<String>) -> BTreeSet<String> {
    let code = code.replace("$crate::", "crate::");
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let names: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut items = vec![String::new()];
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => items.push(String::new()),
                    _ => items.last_mut().unwrap().push(c),
                }
            }
            items
                .iter()
                .map(|i| i.trim().split("::").next().unwrap_or("").to_string())
                .collect()
        } else {
            vec![rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()]
        };
        out.extend(names.into_iter().filter(|n| tops.contains(n)));
    }
    out
}

/// The top-level modules each top-level module uses.
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let sources = sources();
    let tops: BTreeSet<String> = sources
        .iter()
        .map(|s| top_module(&s.path))
        .filter(|t| t != "lib" && t != "main")
        .collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for s in &sources {
        let from = top_module(&s.path);
        if from == "lib" || from == "main" {
            continue;
        }
        let mut used = modules_used(&s.code, &tops);
        used.remove(&from);
        graph.entry(from).or_default().extend(used);
    }
    graph
}

/// Every cycle a depth-first search meets, as `a -> b -> a`.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<String>,
    ) {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut path = stack[at..].to_vec();
            path.push(node.to_string());
            out.push(path.join(" -> "));
            return;
        }
        if done.contains(node) {
            return;
        }
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            visit(next, graph, stack, done, out);
        }
        stack.pop();
        done.insert(node.to_string());
    }
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let graph = module_graph();
    let found = cycles(&graph);
    assert!(found.is_empty(), "import cycles: {found:#?}");
}

#[test]
fn the_cycle_check_can_fail() {
    let tops: BTreeSet<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
    let used = modules_used(
        "use crate::{b::{Thing, Other}, c};\nfn f() { crate::a::g() }\nmacro_rules! m { () => { $crate::c::X } }",
        &tops,
    );
    assert_eq!(used, tops);
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string()].into()),
        ("b".to_string(), ["c".to_string()].into()),
        ("c".to_string(), ["a".to_string()].into()),
    ]
    .into();
    assert_eq!(cycles(&graph), ["a -> b -> c -> a"]);
    let acyclic: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_string(), ["b".to_string(), "c".to_string()].into()),
        ("b".to_string(), ["c".to_string()].into()),
    ]
    .into();
    assert!(cycles(&acyclic).is_empty());
    // The real graph is read: the replay drives the Alembic host.
    assert!(module_graph()["replay"].contains("alembic"));
}

#[test]
fn finding_codes_outside_rules_are_declared_in_codes_rs() {
    // A code written as a literal where a diagnostic is built, outside `codes.rs` and the
    // rule files (whose code is their `META`), is a code no reader can find in one place.
    let mut offenders = Vec::new();
    for s in sources() {
        if s.path == "codes.rs" {
            continue;
        }
        let flat: String = s.code.split_whitespace().collect::<Vec<_>>().join(" ");
        for ctor in ["error(", "warning(", "info("] {
            for (i, _) in flat.match_indices(&format!("Diagnostic::{ctor}")) {
                let args = &flat[i + "Diagnostic::".len() + ctor.len()..];
                let second = args.split(',').nth(1).unwrap_or("").trim();
                if second.starts_with('"') {
                    offenders.push(format!("{}: {}", s.path, &args[..args.len().min(60)]));
                }
            }
        }
        for (i, _) in flat.match_indices("code: \"") {
            offenders.push(format!(
                "{}: {}",
                s.path,
                &flat[i..(i + 50).min(flat.len())]
            ));
        }
    }
    assert!(
        offenders.is_empty(),
        "codes not in codes.rs: {offenders:#?}"
    );
}

#[test]
fn every_rule_file_declares_itself_and_documents_an_example() {
    let helpers = ["mod.rs", "context.rs", "suppress.rs", "volatility.rs"];
    let mut missing = Vec::new();
    for s in sources() {
        let Some(name) = s.path.strip_prefix("rules/") else {
            continue;
        };
        if helpers.contains(&name) {
            continue;
        }
        if !s.code.contains("rule_meta!(") {
            missing.push(format!("{name}: no rule_meta!"));
        }
        if !s.code.contains(&format!("include_str!(\"{name}\")")) {
            missing.push(format!(
                "{name}: rule_meta! does not include the file itself"
            ));
        }
        if !s.code.contains("//! ## Example") {
            missing.push(format!("{name}: no ## Example"));
        }
    }
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn no_unwrap_and_no_new_expect_on_input() {
    // Non-test code never calls `.unwrap()`; each `.expect("...")` states the invariant that
    // makes it hold (a table the line above checked, a thread that starts). The count may go
    // down, never up without a reason written next to the new one and this number raised.
    const EXPECTS: usize = 43;
    let (mut unwraps, mut expects, mut panics) = (Vec::new(), 0, Vec::new());
    for s in sources() {
        for (i, line) in s.code.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if code.contains(".unwrap()") {
                unwraps.push(format!("{}:{}", s.path, i + 1));
            }
            expects += code.matches(".expect(").count();
            if code.contains("panic!(")
                || code.contains("todo!(")
                || code.contains("unimplemented!(")
            {
                panics.push(format!("{}:{}", s.path, i + 1));
            }
        }
    }
    assert!(unwraps.is_empty(), "unwrap() in {unwraps:?}");
    assert!(panics.is_empty(), "panics in {panics:?}");
    assert!(
        expects <= EXPECTS,
        "{expects} expect() calls, more than {EXPECTS}"
    );
}
