//! The bad-input matrix: what a real checkout can hold that is not a healthy history. For
//! each case: the exit code, a finding that names the file (and the line where there is one),
//! the rest of the history still analysed, no panic, and bounded time (each run has a
//! timeout) and memory (files are bounded by `max-file-bytes`).

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::driftlock;
use serde_json::Value;

/// A project with a healthy two-revision history (`0001` creates `users`, `0002` adds a
/// column) and whatever a case adds.
struct Project {
    dir: tempfile::TempDir,
}

const ENV_PY: &str = "from alembic import context\n\ncontext.configure()\n";

impl Project {
    fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        let p = Project { dir };
        p.write(
            "alembic.ini",
            "[alembic]\nscript_location = %(here)s/migrations\n",
        );
        p.write("migrations/env.py", ENV_PY);
        p.write(
            "migrations/versions/0001_users.py",
            "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '0001'\ndown_revision = None\n\n\
             def upgrade():\n    op.create_table('users', sa.Column('id', sa.BigInteger, primary_key=True))\n\n\
             def downgrade():\n    op.drop_table('users')\n",
        );
        p.write(
            "migrations/versions/0002_email.py",
            "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '0002'\ndown_revision = '0001'\n\n\
             def upgrade():\n    op.add_column('users', sa.Column('email', sa.Text))\n\n\
             def downgrade():\n    op.drop_column('users', 'email')\n",
        );
        p
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }

    /// A third revision, after `0002`.
    fn third(&self, name: &str, body: &[u8]) {
        self.write_bytes(&format!("migrations/versions/{name}"), body);
    }

    fn run(&self, args: &[&str]) -> Run {
        let out = driftlock()
            .args(args)
            .arg(self.root())
            .timeout(Duration::from_secs(120))
            .output()
            .unwrap();
        Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `driftlock check --format json`.
    fn check(&self) -> Checked {
        let run = self.run(&["check", "--format", "json"]);
        assert!(
            matches!(run.code, Some(0 | 1)),
            "exit {:?}\n{}\n{}",
            run.code,
            run.stdout,
            run.stderr
        );
        let doc: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}): {}\n{}", run.stdout, run.stderr);
        });
        Checked { run, doc }
    }

    /// `driftlock schema --format json`: the replayed head.
    fn schema(&self) -> Value {
        let run = self.run(&["schema", "--format", "json"]);
        assert!(matches!(run.code, Some(0 | 1)), "{run:?}");
        serde_json::from_str(&run.stdout).unwrap()
    }
}

#[derive(Debug)]
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

struct Checked {
    run: Run,
    doc: Value,
}

impl Checked {
    fn codes(&self) -> Vec<String> {
        self.doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_string())
            .collect()
    }

    /// The one finding with this code; it must name `file` (and a line, when `line`).
    fn finding(&self, code: &str, file: &str, line: bool) -> &Value {
        let names = |d: &Value| {
            d["file"].as_str().is_some_and(|f| f.ends_with(file))
                || d["message"].as_str().is_some_and(|m| m.contains(file))
        };
        let d = self.doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == code && names(d))
            .unwrap_or_else(|| panic!("no {code} naming {file} in {}", self.doc["diagnostics"]));
        if line {
            assert!(
                d["line"].as_u64().is_some_and(|l| l > 0),
                "{code} has no line: {d}"
            );
        }
        d
    }

    fn revisions(&self) -> u64 {
        self.doc["project"]["revisions"]
            .as_u64()
            .unwrap_or_else(|| panic!("no revision count in {}", self.run.stdout))
    }
}

/// The healthy part of the history was still analysed: both tables' columns are there.
fn healthy_part_replayed(p: &Project) {
    let schema = p.schema();
    let text = schema.to_string();
    assert!(
        text.contains("\"email\""),
        "the rest of the history was not replayed: {text}"
    );
}

#[test]
fn the_healthy_project_is_clean() {
    let p = Project::new();
    let c = p.check();
    assert_eq!(c.run.code, Some(0), "{:?}", c.codes());
    healthy_part_replayed(&p);
}

#[test]
fn syntax_errors_are_located_and_the_rest_goes_on() {
    let p = Project::new();
    p.third(
        "0003_bad.py",
        b"revision = '0003'\ndown_revision = '0002'\n\ndef upgrade(:\n    pass\n",
    );
    let c = p.check();
    assert_eq!(c.run.code, Some(1));
    c.finding("syntax-error", "0003_bad.py", true);
    healthy_part_replayed(&p);
}

#[test]
fn a_syntax_error_next_to_a_multibyte_character_renders() {
    // The parser's offset falls inside `é`: the text report slices the source there.
    let p = Project::new();
    p.third(
        "0003_bad.py",
        "revision = '0003'\ndown_revision = '0002'\n\ndef upgrade():\n    x = 'é' é\n".as_bytes(),
    );
    let run = p.run(&["check"]);
    assert_eq!(run.code, Some(1), "{run:?}");
    assert!(run.stdout.contains("0003_bad.py"), "{}", run.stdout);
}

#[test]
fn invalid_utf8_bom_crlf_cr_nul_and_tabs() {
    let p = Project::new();
    p.third(
        "0003_latin.py",
        b"revision = '0003'\ndown_revision = '0002'\n# caf\xe9\ndef upgrade():\n    pass\n",
    );
    let c = p.check();
    c.finding("invalid-utf8", "0003_latin.py", true);
    let run = p.run(&["check"]);
    assert!(run.stdout.contains("0003_latin.py"), "{}", run.stdout);

    // A BOM, CRLF and lone-CR line ends, tabs: valid Python, read as such.
    let p = Project::new();
    p.third(
        "0003_bom.py",
        "\u{feff}revision = '0003'\r\ndown_revision = '0002'\r\n\r\ndef upgrade():\r\n\top.add_column('users', sa.Column('n', sa.Integer))\r\n\r\nfrom alembic import op\r\nimport sqlalchemy as sa\r\n"
            .as_bytes(),
    );
    p.third(
        "0004_cr.py",
        b"revision = '0004'\rdown_revision = '0003'\rfrom alembic import op\rdef upgrade():\r    op.drop_column('users', 'n')\r",
    );
    let c = p.check();
    assert_eq!(c.revisions(), 4, "{}", c.run.stdout);
    assert!(
        !c.codes().iter().any(|c| c == "syntax-error"),
        "{:?}",
        c.codes()
    );

    // NUL bytes: not Python; one finding, the rest analysed.
    let p = Project::new();
    p.third(
        "0003_nul.py",
        b"revision = '0003'\ndown_revision = '0002'\n\0\0\0\n",
    );
    let c = p.check();
    assert!(
        c.codes().iter().any(|c| c == "syntax-error"),
        "{:?}",
        c.codes()
    );
    healthy_part_replayed(&p);
}

#[test]
fn unicode_identifiers_and_identifiers_over_63_bytes() {
    let p = Project::new();
    let long = "a".repeat(70);
    p.third(
        "0003_names.py",
        format!(
            "from alembic import op\nimport sqlalchemy as sa\nrevision = '0003'\ndown_revision = '0002'\n\n\
             def upgrade():\n    naïve = 'café'\n    op.create_table(naïve, sa.Column('{long}', sa.Integer))\n"
        )
        .as_bytes(),
    );
    let c = p.check();
    assert!(matches!(c.run.code, Some(0 | 1)));
    c.finding("identifier-too-long", "0003_names.py", true);
    let schema = p.schema().to_string();
    assert!(schema.contains("café"), "{schema}");
    // PostgreSQL keeps the first 63 bytes of the name.
    assert!(schema.contains(&"a".repeat(63)) && !schema.contains(&"a".repeat(64)));
}

#[test]
fn a_version_folder_that_is_a_file_is_an_error_not_a_clean_run() {
    let p = Project::new();
    std::fs::remove_dir_all(p.path("migrations/versions")).unwrap();
    p.write("migrations/versions", "not a folder\n");
    let c = p.check();
    assert_eq!(c.run.code, Some(1), "{:?}", c.codes());
    c.finding("unreadable-version-location", "versions", false);
}

#[test]
fn an_empty_or_missing_version_folder() {
    let p = Project::new();
    for f in ["0001_users.py", "0002_email.py"] {
        std::fs::remove_file(p.path(&format!("migrations/versions/{f}"))).unwrap();
    }
    let c = p.check();
    assert_eq!(c.revisions(), 0);
    std::fs::remove_dir(p.path("migrations/versions")).unwrap();
    let run = p.run(&["check", "--format", "json"]);
    assert!(matches!(run.code, Some(1 | 2)), "{run:?}");
    assert!(
        run.stdout.contains("versions") || run.stderr.contains("versions"),
        "{run:?}"
    );
}

#[cfg(unix)]
#[test]
fn revision_files_that_are_not_regular_files() {
    use std::os::unix::fs::symlink;
    let p = Project::new();
    let v = p.path("migrations/versions");
    std::fs::create_dir(v.join("0003_dir.py")).unwrap();
    symlink(v.join("nowhere.py"), v.join("0004_dangling.py")).unwrap();
    symlink(v.join("0005_loop.py"), v.join("0005_loop.py")).unwrap();
    symlink("/dev/zero", v.join("0006_zero.py")).unwrap();
    let fifo = v.join("0007_fifo.py");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    let c = p.check();
    assert_eq!(c.run.code, Some(1));
    c.finding("unreadable-file", "0003_dir.py", false);
    let unreadable: Vec<String> = c.doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "unreadable-file")
        .map(|d| d["file"].as_str().unwrap_or_default().to_string())
        .collect();
    for name in [
        "0003_dir.py",
        "0004_dangling.py",
        "0005_loop.py",
        "0006_zero.py",
    ] {
        assert!(
            unreadable.iter().any(|f| f.ends_with(name)),
            "{name}: {unreadable:?}"
        );
    }
    if made.is_ok_and(|s| s.success()) {
        assert!(
            unreadable.iter().any(|f| f.ends_with("0007_fifo.py")),
            "{unreadable:?}"
        );
    }
    healthy_part_replayed(&p);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_under_recursive_version_locations_is_read_once() {
    let p = Project::new();
    p.write(
        "alembic.ini",
        "[alembic]\nscript_location = %(here)s/migrations\nrecursive_version_locations = true\n",
    );
    std::os::unix::fs::symlink("..", p.path("migrations/versions/again")).unwrap();
    let c = p.check();
    assert_eq!(c.revisions(), 2, "{:?}", c.codes());
    assert!(
        !c.codes().iter().any(|c| c == "duplicate-revision"),
        "{:?}",
        c.codes()
    );
    c.finding("symlink-loop", "again", false);
}

#[test]
fn a_file_over_the_size_limit_is_reported_and_skipped() {
    let p = Project::new();
    p.write("driftlock.toml", "max-file-bytes = 1000\n");
    let mut big = b"revision = '0003'\ndown_revision = '0002'\nDATA = [\n".to_vec();
    while big.len() < 5_000 {
        big.extend_from_slice(b"    'row',\n");
    }
    big.extend_from_slice(b"]\n");
    p.third("0003_big.py", &big);
    let c = p.check();
    assert_eq!(c.run.code, Some(1));
    let d = c.finding("file-too-large", "0003_big.py", false);
    assert!(d["message"].as_str().unwrap().contains("1000"), "{d}");
    healthy_part_replayed(&p);
}

#[test]
fn a_50_mb_revision_is_refused_in_bounded_time() {
    let p = Project::new();
    let mut big = b"revision = '0003'\ndown_revision = '0002'\nDATA = [\n".to_vec();
    let row = b"    {'id': 1, 'name': 'a row of a data dump'},\n";
    while big.len() < 50 * 1024 * 1024 {
        big.extend_from_slice(row);
    }
    big.extend_from_slice(b"]\n");
    p.third("0003_dump.py", &big);
    let c = p.check();
    c.finding("file-too-large", "0003_dump.py", false);
}

#[test]
fn deep_nesting_is_a_located_finding_not_a_crash() {
    let p = Project::new();
    let chain = format!(
        "revision = '0003'\ndown_revision = '0002'\n\ndef upgrade():\n    x = 1{}\n",
        " + 1".repeat(100_000)
    );
    p.third("0003_chain.py", chain.as_bytes());
    let nested = format!(
        "revision = '0004'\ndown_revision = '0003'\nX = {}{}\n",
        "[".repeat(25_000),
        "]".repeat(25_000)
    );
    p.third("0004_nested.py", nested.as_bytes());
    let c = p.check();
    assert_eq!(c.run.code, Some(1));
    let d = c.finding("syntax-error", "0003_chain.py", true);
    assert!(d["message"].as_str().unwrap().contains("nested"), "{d}");
    c.finding("syntax-error", "0004_nested.py", true);
    // Both headers are recovered from the text, so the graph stays whole.
    assert_eq!(c.revisions(), 4, "{:?}", c.codes());
    let text = p.run(&["check"]);
    assert_eq!(text.code, Some(1));
}

#[test]
fn sql_with_10000_statements_and_5000_deep_parentheses() {
    let p = Project::new();
    let statements = "UPDATE users SET email = NULL WHERE id = 1;".repeat(10_000);
    let parens = format!("SELECT {}1{}", "(".repeat(5_000), ")".repeat(5_000));
    p.third(
        "0003_sql.py",
        format!(
            "from alembic import op\nrevision = '0003'\ndown_revision = '0002'\n\n\
             def upgrade():\n    op.execute(\"{statements}\")\n    op.execute(\"{parens}\")\n"
        )
        .as_bytes(),
    );
    let c = p.check();
    assert!(matches!(c.run.code, Some(0 | 1)));
    healthy_part_replayed(&p);
}

#[test]
fn broken_graphs_duplicates_cycles_missing_parents() {
    let p = Project::new();
    p.third(
        "0003_dup.py",
        b"revision = '0002'\ndown_revision = '0001'\n\ndef upgrade():\n    pass\n",
    );
    p.third(
        "0004_cycle_a.py",
        b"revision = 'a'\ndown_revision = 'b'\n\ndef upgrade():\n    pass\n",
    );
    p.third(
        "0005_cycle_b.py",
        b"revision = 'b'\ndown_revision = 'a'\n\ndef upgrade():\n    pass\n",
    );
    p.third(
        "0006_orphan.py",
        b"revision = 'c'\ndown_revision = 'gone'\n\ndef upgrade():\n    pass\n",
    );
    let c = p.check();
    assert_eq!(c.run.code, Some(1));
    c.finding("duplicate-revision", "0003_dup.py", true);
    assert!(
        c.codes().iter().any(|c| c == "revision-cycle"),
        "{:?}",
        c.codes()
    );
    c.finding("missing-parent", "0006_orphan.py", true);
}

#[test]
fn five_hundred_heads() {
    let p = Project::new();
    for i in 0..500 {
        p.third(
            &format!("h{i:03}.py"),
            format!("revision = 'h{i:03}'\ndown_revision = '0002'\n\ndef upgrade():\n    pass\n")
                .as_bytes(),
        );
    }
    let c = p.check();
    assert_eq!(c.run.code, Some(1));
    assert!(
        c.codes().iter().any(|c| c == "multiple-heads"),
        "{:?}",
        c.codes()
    );
    assert_eq!(c.revisions(), 502);
}

#[test]
fn ten_thousand_revisions_in_a_chain() {
    let dir = tempfile::tempdir().unwrap();
    driftlock::synthetic::write_project(dir.path(), 10_000).unwrap();
    let out = driftlock()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["project"]["revisions"], 10_000);
}

#[test]
fn env_py_missing_unreadable_binary_or_broken_is_said() {
    for (case, env) in [
        ("missing", None),
        (
            "binary",
            Some(b"\x7fELF\x02\x01\x01\0\0\0\xff\xfe".to_vec()),
        ),
        (
            "broken",
            Some(b"from alembic import context\ndef run(:\n".to_vec()),
        ),
    ] {
        let p = Project::new();
        match env {
            None => std::fs::remove_file(p.path("migrations/env.py")).unwrap(),
            Some(bytes) => p.write_bytes("migrations/env.py", &bytes),
        }
        let c = p.check();
        let named = c.doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.to_string().contains("env.py"));
        assert!(named, "{case}: env.py is not mentioned: {:?}", c.codes());
        healthy_part_replayed(&p);
    }
}

#[test]
fn a_binary_models_file_gives_no_false_remove_table() {
    let p = Project::new();
    p.write("driftlock.toml", "models = [\"app/models.py\"]\n");
    p.write_bytes("app/models.py", b"\x00\x01\x02binary\xff\xfe");
    let run = p.run(&["drift", "--format", "json"]);
    assert!(!run.stdout.contains("remove_table"), "{run:?}");
    assert!(run.stderr.contains("models.py"), "{run:?}");
}

#[test]
fn absurd_type_arguments_are_not_accepted_silently() {
    let p = Project::new();
    p.third(
        "0003_types.py",
        b"from alembic import op\nimport sqlalchemy as sa\nrevision = '0003'\ndown_revision = '0002'\n\n\
          def upgrade():\n    op.add_column('users', sa.Column('a', sa.String(2**(10**10))))\n    \
          op.add_column('users', sa.Column('b', sa.Numeric(precision=-5)))\n",
    );
    let c = p.check();
    let lines: Vec<u64> = c.doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("0003_types.py"))
        })
        .filter(|d| d["severity"] != "info")
        .filter_map(|d| d["line"].as_u64())
        .collect();
    assert!(lines.contains(&7) && lines.contains(&8), "{:?}", c.doc);
}

#[cfg(unix)]
#[test]
fn since_writes_nothing_under_dot_git() {
    let p = Project::new();
    let git = |args: &[&str]| {
        let ok = std::process::Command::new("git")
            .arg("-C")
            .arg(p.root())
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@t")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@t")
            .output()
            .unwrap()
            .status
            .success();
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "init"]);
    // Same content, new modification time: `git diff` or `git status` would refresh the
    // index's stat data and rewrite .git/index.
    std::thread::sleep(Duration::from_millis(1100));
    let rev = p.path("migrations/versions/0002_email.py");
    let text = std::fs::read(&rev).unwrap();
    std::fs::write(&rev, &text).unwrap();
    p.third(
        "0003_new.py",
        b"revision = '0003'\ndown_revision = '0002'\n\ndef upgrade():\n    pass\n",
    );
    let snapshot = |dir: &Path| -> Vec<(PathBuf, std::time::SystemTime, u64)> {
        let mut out = Vec::new();
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let e = e.unwrap();
                let m = e.metadata().unwrap();
                if m.is_dir() {
                    stack.push(e.path());
                } else {
                    out.push((e.path(), m.modified().unwrap(), m.len()));
                }
            }
        }
        out.sort();
        out
    };
    let before = snapshot(&p.path(".git"));
    let c = {
        let run = p.run(&["check", "--format", "json", "--since", "HEAD"]);
        serde_json::from_str::<Value>(&run.stdout).unwrap()
    };
    assert_eq!(
        snapshot(&p.path(".git")),
        before,
        "driftlock wrote under .git"
    );
    let files: Vec<&str> = c["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["file"].as_str())
        .collect();
    assert!(
        !files.iter().any(|f| f.ends_with("0002_email.py")),
        "an unchanged file is not reported as changed: {files:?}"
    );
}

#[test]
fn output_is_identical_across_thread_counts_and_file_order() {
    let shop = common::corpus_dir().join("shop");
    let run = |dir: &Path, threads: &str| {
        let out = driftlock()
            .args(["check", "--format", "json"])
            .arg(dir)
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let one = run(&shop, "1");
    assert_eq!(one, run(&shop, "2"));
    assert_eq!(one, run(&shop, "8"));
    // A copy whose files are created in reverse order: directory listings come back in
    // another order on most file systems.
    let copy = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    let mut stack = vec![shop.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                files.push(p);
            }
        }
    }
    files.sort();
    files.reverse();
    for f in &files {
        let to = copy.path().join(f.strip_prefix(&shop).unwrap());
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(f, &to).unwrap();
    }
    let shuffled = run(copy.path(), "2");
    let normalize = |s: &str, root: &Path| s.replace(&root.display().to_string(), "ROOT");
    assert_eq!(normalize(&one, &shop), normalize(&shuffled, copy.path()));
}

#[test]
fn revisions_in_sub_folders_that_are_not_read_are_an_error() {
    // Two folders under versions/, each starting a history, neither named for PostgreSQL
    // (one folder per dialect is read as PostgreSQL's when there is one: corpus/
    // dialect_folders): without recursive_version_locations Alembic's ini reads none of
    // them, and two roots are two histories: which one runs is not known.
    let p = Project::new();
    let v = p.path("migrations/versions");
    for dialect in ["mysql", "sqlite"] {
        std::fs::create_dir_all(v.join(dialect)).unwrap();
        for f in ["0001_users.py", "0002_email.py"] {
            let text = std::fs::read_to_string(v.join(f)).unwrap();
            let text = text.replace("'0001'", &format!("'{dialect}1'"));
            let text = text.replace("'0002'", &format!("'{dialect}2'"));
            std::fs::write(v.join(dialect).join(f), text).unwrap();
        }
    }
    for f in ["0001_users.py", "0002_email.py"] {
        std::fs::remove_file(v.join(f)).unwrap();
    }
    let c = p.check();
    assert_eq!(c.run.code, Some(1), "never a clean run: {:?}", c.codes());
    let d = c.finding("revisions-not-read", "versions", false);
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("4 revision file(s)"),
        "{d}"
    );
    assert_eq!(c.revisions(), 0);
}

#[test]
fn revisions_in_sub_folders_that_continue_the_history_are_read_and_said() {
    // Version locations set at run time by the project's migrate command: the first
    // revision in versions/, later ones in a folder per release (down_revision continues).
    let p = Project::new();
    p.write(
        "migrations/versions/2024/expand/0003_name.py",
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '0003'\ndown_revision = '0002'\n\n\
         def upgrade():\n    op.add_column('users', sa.Column('name', sa.Text))\n\n\
         def downgrade():\n    op.drop_column('users', 'name')\n",
    );
    p.write(
        "migrations/versions/2024/contract/0004_drop_email.py",
        "from alembic import op\nimport sqlalchemy as sa\n\nrevision = '0004'\ndown_revision = '0003'\n\n\
         def upgrade():\n    op.drop_column('users', 'email')\n\n\
         def downgrade():\n    op.add_column('users', sa.Column('email', sa.Text))\n",
    );
    // A helper beside them is not a revision: it is neither read nor an error.
    p.write(
        "migrations/versions/2024/helpers.py",
        "def noop():\n    pass\n",
    );
    let c = p.check();
    assert_eq!(c.revisions(), 4, "{:?}", c.codes());
    let d = c.finding("revisions-beneath-version-location", "versions", false);
    let message = d["message"].as_str().unwrap();
    assert!(message.contains("2024/expand (1)"), "{message}");
    assert!(message.contains("2024/contract (1)"), "{message}");
    assert!(
        !c.codes().contains(&"revisions-not-read".to_string()),
        "{:?}",
        c.codes()
    );
    let schema = p.schema();
    let columns: Vec<&str> = schema["tables"][0]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["id", "name"], "{schema}");
}

/// The renderer crashes the fuzzer found (`fuzz/regressions/report_renderers/`): spans
/// reversed, past the end of the file, or inside a multi-byte character. `analysis::sort`
/// makes every span valid before any renderer sees it.
#[test]
#[allow(clippy::reversed_empty_ranges)] // reversed spans are the point
fn spans_from_anywhere_render() {
    use driftlock::diagnostic::{Diagnostic, Kind, Span};
    use driftlock::source::{SourceFile, SourceMap};
    let mut sources = SourceMap::default();
    let id = sources.add(SourceFile::new(
        PathBuf::from("x.py"),
        "x.py".into(),
        "é = 'ünïcode'\nprint(é)\n".into(),
    ));
    let spans = [5..2, 1..2, 0..1000, 999..1000, 2..3, 7..7];
    let mut diagnostics: Vec<Diagnostic> = spans
        .iter()
        .map(|r| {
            Diagnostic::error(Kind::Parse, "syntax-error", "bad")
                .at(Span::new(id, r.clone()))
                .with_label(Span::new(id, r.end..r.start), "label")
        })
        .collect();
    driftlock::analysis::sort(&mut diagnostics, &sources);
    let mut out = Vec::new();
    driftlock::report::human::render(
        &diagnostics,
        &sources,
        driftlock::report::Color::Never,
        &mut out,
    )
    .unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(
        text.matches("[syntax-error]").count(),
        spans.len(),
        "{text}"
    );
    let json = driftlock::report::json::diagnostics(&diagnostics, &sources);
    assert!(!json.is_empty());
}

#[test]
fn a_column_type_driftlock_cannot_read_keeps_its_table() {
    // A library's type (not installed here, not read): the table is still created, the
    // column typed as its class name spells, and the assumption is one finding; the later
    // revision that alters the table replays without a cascade of failures.
    let p = Project::new();
    p.third(
        "0003_devices.py",
        b"from alembic import op\nimport sqlalchemy as sa\nimport acme_types\nfrom vendor.types import Flexible\n\n\
revision = '0003'\ndown_revision = '0002'\n\n\
def upgrade():\n    op.create_table('devices',\n        sa.Column('id', acme_types.types.uuid.UUIDType(binary=False), primary_key=True),\n\
        sa.Column('spec', Flexible(), nullable=False),\n    )\n    op.add_column('devices', sa.Column('name', sa.Text))\n\n\
def downgrade():\n    op.drop_table('devices')\n",
    );
    let c = p.check();
    let codes = c.codes();
    assert_eq!(
        codes.iter().filter(|c| *c == "assumed-type").count(),
        2,
        "{codes:?}"
    );
    let d = c.finding("assumed-type", "0003_devices.py", true);
    assert!(
        d["message"].as_str().unwrap().contains("assumed `uuid`"),
        "{d}"
    );
    assert!(
        !codes
            .iter()
            .any(|c| c == "unanalyzable-operation" || c == "operation-fails"),
        "{codes:?}"
    );
    let schema = p.schema();
    let devices = schema["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "devices")
        .unwrap_or_else(|| panic!("devices is replayed: {schema}"));
    let types: Vec<(&str, &str)> = devices["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["type"].as_str().unwrap()))
        .collect();
    assert_eq!(types, [("id", "uuid"), ("spec", "text"), ("name", "text")]);
}

#[test]
fn constants_of_installed_packages_are_read_and_their_code_is_not_reported() {
    // A revision takes a column length from a library on `python-path`; the library's own
    // imports are not followed, what its code does that driftlock cannot follow is not the
    // user's to fix, and a library driftlock models (sqlalchemy) is never read from there.
    let p = Project::new();
    p.write(
        "driftlock.toml",
        "python-path = [\"venv/lib/python3.12/site-packages\"]\n",
    );
    p.write(
        "venv/lib/python3.12/site-packages/vendorlib/__init__.py",
        "import os\nfrom vendorlib._private import secret\nif os.environ.get('X'):\n    import thing\n",
    );
    p.write(
        "venv/lib/python3.12/site-packages/vendorlib/db/constants.py",
        "import os\nNAME_FIELD_SIZE = 80\nfor name in os.listdir('.'):\n    NAME_FIELD_SIZE = 80\n",
    );
    p.write(
        "venv/lib/python3.12/site-packages/vendorlib/db/__init__.py",
        "",
    );
    p.write(
        "venv/lib/python3.12/site-packages/sqlalchemy/__init__.py",
        "raise ImportError('never read')\nColumn = None\n",
    );
    p.third(
        "0003_tags.py",
        b"from alembic import op\nimport sqlalchemy as sa\nfrom vendorlib.db import constants as db_const\n\n\
revision = '0003'\ndown_revision = '0002'\n\n\
def upgrade():\n    op.create_table('tags', sa.Column('id', sa.Integer, primary_key=True),\n\
        sa.Column('name', sa.String(length=db_const.NAME_FIELD_SIZE)))\n\n\
def downgrade():\n    op.drop_table('tags')\n",
    );
    let c = p.check();
    let codes = c.codes();
    assert!(
        !codes
            .iter()
            .any(|c| c.starts_with("unanalyzable") || c == "assumed-type"),
        "{codes:?}\n{}",
        c.doc["diagnostics"]
    );
    let schema = p.schema();
    let tags = schema["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "tags")
        .unwrap_or_else(|| panic!("tags is replayed: {schema}"));
    assert_eq!(
        tags["columns"][1]["type"], "character varying(80)",
        "{tags}"
    );
}
