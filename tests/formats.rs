//! `driftlock check`'s CI formats and ruff's command line conventions: GitLab Code Quality,
//! JUnit XML and JSON lines (snapshots over the risky fixture and a drift project), SARIF
//! validated against the official SARIF 2.1.0 schema (vendored in tests/schemas/, checked by
//! the small draft-04 validator below), `--output-format`/`--format`,
//! `DRIFTLOCK_OUTPUT_FORMAT`, `-o`, `--statistics`, `--exit-zero`, `--show-settings`,
//! `--color`; the Markdown pull request comment (snapshots, `--since` sections, escaping).

mod common;

use common::copy_dir;

use std::path::{Path, PathBuf};

use common::driftlock;
use predicates::prelude::*;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/check")
        .join(name)
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpus")
        .join(name)
}

/// `driftlock check PATH ARGS...`: exit code and standard output (1 or 0 expected).
fn check(path: &Path, args: &[&str]) -> (i32, String) {
    let out = driftlock()
        .arg("check")
        .arg(path)
        .args(args)
        .env_remove("DRIFTLOCK_OUTPUT_FORMAT")
        .env_remove("NO_COLOR")
        .output()
        .unwrap();
    let code = out.status.code().unwrap();
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (code, String::from_utf8(out.stdout).unwrap())
}

fn report(path: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--output-format", "json"];
    all.extend_from_slice(args);
    serde_json::from_str(&check(path, &all).1).unwrap()
}

// ---------------------------------------------------------------------------------------
// GitLab Code Quality

#[test]
fn gitlab_code_quality_report() {
    let (code, text) = check(&fixture("risky"), &["--output-format", "gitlab"]);
    assert_eq!(code, 1);
    let issues: Vec<Value> = serde_json::from_str(&text).unwrap();
    let doc = report(&fixture("risky"), &[]);
    assert_eq!(issues.len(), doc["diagnostics"].as_array().unwrap().len());
    let mut fingerprints = std::collections::BTreeSet::new();
    for i in &issues {
        assert!(i["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(i["check_name"].as_str().is_some());
        assert!(["info", "minor", "major", "critical", "blocker"]
            .contains(&i["severity"].as_str().unwrap()));
        assert!(i["location"]["path"].as_str().is_some());
        assert!(i["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(i["fingerprint"].as_str().unwrap().to_string()));
    }
    insta::assert_snapshot!("gitlab_risky", text);
}

#[test]
fn gitlab_report_carries_drift() {
    // Drift counts as a warning: below the default --fail-on.
    let (code, text) = check(&corpus("drift_app"), &["--output-format", "gitlab"]);
    assert_eq!(code, 0);
    let issues: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(issues.iter().any(|i| i["check_name"] == "drift"));
    insta::assert_snapshot!("gitlab_drift_app", text);
}

// ---------------------------------------------------------------------------------------
// JUnit XML

/// A small well-formedness check: one root, balanced tags, quoted attributes, no raw `<` or
/// unknown entity in text. Returns the element names in document order.
fn well_formed(xml: &str) -> Vec<String> {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
        .expect("XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    let check_text = |t: &str| {
        let mut s = t;
        while let Some(i) = s.find('&') {
            let end = s[i..].find(';').expect("entity ends") + i;
            let entity = &s[i + 1..end];
            assert!(
                ["amp", "lt", "gt", "quot", "apos", "#10", "#13", "#9"].contains(&entity),
                "entity &{entity};"
            );
            s = &s[end + 1..];
        }
    };
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        check_text(text);
        if !text.trim().is_empty() {
            assert!(!stack.is_empty(), "text outside the root");
        }
        let close = rest[open..].find('>').expect("tag ends") + open;
        let tag = &rest[open + 1..close];
        assert!(!tag.contains('<'), "raw < in a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "closing tag");
        } else {
            let empty = tag.ends_with('/');
            let tag = tag.trim_end_matches('/');
            let name = tag.split_whitespace().next().unwrap().to_string();
            // Attributes: name="value" pairs, values without raw quotes or '<'.
            let mut attrs = tag[name.len()..].trim();
            while !attrs.is_empty() {
                let eq = attrs.find("=\"").expect("attribute");
                let value_end = attrs[eq + 2..].find('"').expect("quoted") + eq + 2;
                check_text(&attrs[eq + 2..value_end]);
                attrs = attrs[value_end + 1..].trim_start();
            }
            if stack.is_empty() {
                roots += 1;
            }
            names.push(name.clone());
            if !empty {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty());
    assert!(stack.is_empty(), "unclosed {stack:?}");
    assert_eq!(roots, 1);
    names
}

#[test]
fn junit_report_is_well_formed_with_a_case_per_revision() {
    let (code, xml) = check(&fixture("risky"), &["--output-format", "junit"]);
    assert_eq!(code, 1);
    let names = well_formed(&xml);
    assert_eq!(names.iter().filter(|n| *n == "testsuite").count(), 1);
    // One test case per revision file (10), plus the files and project findings.
    assert!(names.iter().filter(|n| *n == "testcase").count() >= 10);
    let doc = report(&fixture("risky"), &[]);
    let errors = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(names.iter().filter(|n| *n == "failure").count(), errors);
    assert!(xml.contains(
        "<testcase name=\"migrations/versions/0002_locks.py (0002)\" classname=\"driftlock.revision\""
    ));
    insta::assert_snapshot!("junit_risky", xml);
    // With --fail-on warning, warnings fail too; with never, nothing does.
    let (_, xml) = check(
        &fixture("risky"),
        &["--output-format", "junit", "--fail-on", "never"],
    );
    well_formed(&xml);
    assert!(!xml.contains("<failure"));
    assert!(xml.contains("failures=\"0\""));
}

#[test]
fn junit_escapes_markup() {
    let (_, xml) = check(&corpus("drift_app"), &["--output-format", "junit"]);
    well_formed(&xml);
    insta::assert_snapshot!("junit_drift_app", xml);
}

// ---------------------------------------------------------------------------------------
// JSON lines

#[test]
fn json_lines_has_one_report_finding_per_line() {
    let (code, text) = check(&fixture("risky"), &["--output-format", "json-lines"]);
    assert_eq!(code, 1);
    let doc = report(&fixture("risky"), &[]);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), diagnostics.len());
    for (line, d) in lines.iter().zip(diagnostics) {
        // The report/1 object, plus its fingerprint.
        let mut without = line.as_object().unwrap().clone();
        assert_eq!(
            without
                .remove("fingerprint")
                .unwrap()
                .as_str()
                .unwrap()
                .len(),
            32
        );
        assert_eq!(&Value::Object(without), d);
    }
    insta::assert_snapshot!("json_lines_risky", text);
    let (_, text) = check(&corpus("drift_app"), &["--output-format", "json-lines"]);
    let drift: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap())
        .filter(|l| l["kind"] == "drift")
        .collect();
    let doc = report(&corpus("drift_app"), &[]);
    assert_eq!(drift.len(), doc["drift"].as_array().unwrap().len());
    assert!(!drift.is_empty());
    insta::assert_snapshot!("json_lines_drift_app", text);
}

// ---------------------------------------------------------------------------------------
// SARIF

/// A JSON Schema draft-04 validator for the keywords the SARIF schema uses (`$ref` into the
/// document, `type`, `enum`, `properties`, `required`, `additionalProperties`, `items`,
/// `minItems`, `uniqueItems`, `minimum`, `maximum`, `pattern`, `anyOf`, `oneOf`, `allOf`).
/// `format` is an annotation (draft-04 validators need not check it); any other keyword
/// fails the test, so nothing of the schema is skipped silently.
mod schema {
    use serde_json::Value;

    const ANNOTATIONS: [&str; 7] = [
        "description",
        "default",
        "title",
        "$schema",
        "id",
        "definitions",
        "format",
    ];

    fn type_ok(t: &str, v: &Value) -> bool {
        match t {
            "object" => v.is_object(),
            "array" => v.is_array(),
            "string" => v.is_string(),
            "integer" => v.is_i64() || v.is_u64(),
            "number" => v.is_number(),
            "boolean" => v.is_boolean(),
            "null" => v.is_null(),
            other => panic!("unknown type {other}"),
        }
    }

    pub fn validate(root: &Value, schema: &Value, v: &Value, at: &str, errors: &mut Vec<String>) {
        let s = schema.as_object().expect("a schema is an object");
        if let Some(r) = s.get("$ref") {
            let pointer = r.as_str().unwrap().strip_prefix('#').expect("local $ref");
            let target = root.pointer(pointer).unwrap_or_else(|| panic!("$ref {r}"));
            // Draft-04: a $ref's siblings are ignored.
            return validate(root, target, v, at, errors);
        }
        for (k, kv) in s {
            match k.as_str() {
                k if ANNOTATIONS.contains(&k) => {}
                "type" => {
                    let ok = match kv {
                        Value::String(t) => type_ok(t, v),
                        Value::Array(ts) => ts.iter().any(|t| type_ok(t.as_str().unwrap(), v)),
                        _ => panic!("type {kv}"),
                    };
                    if !ok {
                        errors.push(format!("{at}: not of type {kv}"));
                    }
                }
                "enum" => {
                    if !kv.as_array().unwrap().contains(v) {
                        errors.push(format!("{at}: {v} not in {kv}"));
                    }
                }
                "required" => {
                    if let Some(o) = v.as_object() {
                        for name in kv.as_array().unwrap() {
                            if !o.contains_key(name.as_str().unwrap()) {
                                errors.push(format!("{at}: missing required {name}"));
                            }
                        }
                    }
                }
                "properties" => {
                    if let Some(o) = v.as_object() {
                        for (name, sub) in kv.as_object().unwrap() {
                            if let Some(x) = o.get(name) {
                                validate(root, sub, x, &format!("{at}/{name}"), errors);
                            }
                        }
                    }
                }
                "additionalProperties" => {
                    if let Some(o) = v.as_object() {
                        let declared = s.get("properties").and_then(Value::as_object);
                        for (name, x) in o {
                            if declared.is_some_and(|d| d.contains_key(name)) {
                                continue;
                            }
                            match kv {
                                Value::Bool(false) => {
                                    errors.push(format!("{at}: property {name} not allowed"))
                                }
                                Value::Bool(true) => {}
                                sub => validate(root, sub, x, &format!("{at}/{name}"), errors),
                            }
                        }
                    }
                }
                "items" => {
                    if let Some(a) = v.as_array() {
                        for (i, x) in a.iter().enumerate() {
                            validate(root, kv, x, &format!("{at}/{i}"), errors);
                        }
                    }
                }
                "minItems" => {
                    if v.as_array()
                        .is_some_and(|a| (a.len() as u64) < kv.as_u64().unwrap())
                    {
                        errors.push(format!("{at}: fewer than {kv} items"));
                    }
                }
                "uniqueItems" => {
                    if let (Some(a), true) = (v.as_array(), kv.as_bool().unwrap()) {
                        for (i, x) in a.iter().enumerate() {
                            if a[..i].contains(x) {
                                errors.push(format!("{at}: items not unique"));
                            }
                        }
                    }
                }
                "minimum" => {
                    if v.as_f64().is_some_and(|n| n < kv.as_f64().unwrap()) {
                        errors.push(format!("{at}: {v} below {kv}"));
                    }
                }
                "maximum" => {
                    if v.as_f64().is_some_and(|n| n > kv.as_f64().unwrap()) {
                        errors.push(format!("{at}: {v} above {kv}"));
                    }
                }
                "pattern" => {
                    if let Some(text) = v.as_str() {
                        let re = fancy_regex::Regex::new(kv.as_str().unwrap()).unwrap();
                        if !re.is_match(text).unwrap() {
                            errors.push(format!("{at}: {text:?} does not match {kv}"));
                        }
                    }
                }
                "anyOf" | "oneOf" | "allOf" => {
                    let passing = kv
                        .as_array()
                        .unwrap()
                        .iter()
                        .filter(|sub| {
                            let mut e = Vec::new();
                            validate(root, sub, v, at, &mut e);
                            e.is_empty()
                        })
                        .count();
                    let n = kv.as_array().unwrap().len();
                    let ok = match k.as_str() {
                        "anyOf" => passing >= 1,
                        "oneOf" => passing == 1,
                        _ => passing == n,
                    };
                    if !ok {
                        errors.push(format!("{at}: {k} holds for {passing} of {n}"));
                    }
                }
                other => panic!("keyword {other} is not implemented by this validator"),
            }
        }
    }

    pub fn errors(root: &Value, doc: &Value) -> Vec<String> {
        let mut errors = Vec::new();
        validate(root, root, doc, "", &mut errors);
        errors
    }
}

fn sarif_schema() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schemas/sarif-schema-2.1.0.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn sarif_validates_against_the_sarif_2_1_0_schema() {
    let schema = sarif_schema();
    for (path, args) in [
        (fixture("risky"), vec!["--select", "all"]),
        (fixture("safe"), vec![]),
        (corpus("drift_app"), vec![]),
        (corpus("broken"), vec![]),
    ] {
        let mut all = vec!["--output-format", "sarif"];
        all.extend(args);
        let doc: Value = serde_json::from_str(&check(&path, &all).1).unwrap();
        let errors = schema::errors(&schema, &doc);
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    }
}

#[test]
fn the_schema_validator_rejects_invalid_sarif() {
    let schema = sarif_schema();
    let doc: Value =
        serde_json::from_str(&check(&fixture("risky"), &["--output-format", "sarif"]).1).unwrap();
    let mut bad = doc.clone();
    bad["version"] = Value::from("2.0.0");
    assert!(!schema::errors(&schema, &bad).is_empty());
    let mut bad = doc.clone();
    bad["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!schema::errors(&schema, &bad).is_empty());
    let mut bad = doc.clone();
    bad["runs"][0]["tool"]["driver"]
        .as_object_mut()
        .unwrap()
        .remove("name");
    assert!(!schema::errors(&schema, &bad).is_empty());
    let mut bad = doc;
    bad["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    assert!(!schema::errors(&schema, &bad).is_empty());
}

#[test]
fn sarif_partial_fingerprints_are_the_stable_fingerprints() {
    let doc: Value =
        serde_json::from_str(&check(&fixture("risky"), &["--output-format", "sarif"]).1).unwrap();
    let from_sarif: Vec<String> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["partialFingerprints"]["driftlock/v1"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let lines = check(&fixture("risky"), &["--output-format", "json-lines"]).1;
    let from_lines: Vec<String> = lines
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["fingerprint"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(from_sarif, from_lines);
    let unique: std::collections::BTreeSet<&String> = from_sarif.iter().collect();
    assert_eq!(unique.len(), from_sarif.len());
}

#[test]
fn every_format_is_byte_identical_across_runs() {
    for format in ["gitlab", "junit", "json-lines", "sarif", "markdown"] {
        let a = check(&fixture("risky"), &["--output-format", format]);
        let b = check(&fixture("risky"), &["--output-format", format]);
        assert_eq!(a, b, "{format}");
    }
}

// ---------------------------------------------------------------------------------------
// ruff's conventions

#[test]
fn output_format_has_the_format_alias_and_an_environment_variable() {
    let long = check(&fixture("risky"), &["--output-format", "json"]);
    let alias = check(&fixture("risky"), &["--format", "json"]);
    assert_eq!(long, alias);
    let env = driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .env("DRIFTLOCK_OUTPUT_FORMAT", "json")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(env.stdout).unwrap(), long.1);
    // The flag wins over the variable.
    let both = driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .args(["--output-format", "json-lines"])
        .env("DRIFTLOCK_OUTPUT_FORMAT", "json")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(both.stdout).unwrap(),
        check(&fixture("risky"), &["--output-format", "json-lines"]).1
    );
    driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .env("DRIFTLOCK_OUTPUT_FORMAT", "yaml")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("DRIFTLOCK_OUTPUT_FORMAT=yaml"));
    // The other commands take --output-format too.
    driftlock()
        .args(["history", "--output-format", "json"])
        .arg(fixture("risky"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("\"format\": \"history/1\""));
}

#[test]
fn output_file_takes_the_whole_report() {
    let dir = tempfile::tempdir().unwrap();
    for format in [
        "text",
        "json",
        "sarif",
        "github",
        "gitlab",
        "junit",
        "json-lines",
    ] {
        let file = dir.path().join(format!("report.{format}"));
        let out = driftlock()
            .arg("check")
            .arg(fixture("risky"))
            .args(["--output-format", format, "-o"])
            .arg(&file)
            .env_remove("DRIFTLOCK_OUTPUT_FORMAT")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(out.stdout.is_empty(), "{format}: stdout gets nothing");
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            written,
            check(&fixture("risky"), &["--output-format", format]).1
        );
    }
    // --output-file for a document of another command.
    let file = dir.path().join("schema.sql");
    driftlock()
        .args(["schema", "--output-format", "sql", "--output-file"])
        .arg(&file)
        .arg(corpus("shop"))
        .assert()
        .code(0)
        .stdout("");
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("CREATE TABLE"));
    // A file that cannot be written is a fatal error.
    driftlock()
        .arg("check")
        .arg(fixture("safe"))
        .args(["-o"])
        .arg(dir.path().join("missing/dir/report.txt"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot write"));
}

#[test]
fn statistics_count_findings_per_rule() {
    let doc = report(&fixture("risky"), &[]);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let (code, text) = check(&fixture("risky"), &["--statistics"]);
    assert_eq!(code, 1, "statistics keep the exit status");
    let total: usize = text
        .lines()
        .map(|l| {
            l.split_whitespace()
                .next()
                .unwrap()
                .parse::<usize>()
                .unwrap()
        })
        .sum();
    assert_eq!(total, diagnostics.len());
    let first = text.lines().next().unwrap();
    assert!(first.contains("add-index-without-concurrently") || first.contains("work-while"));
    insta::assert_snapshot!("statistics_risky", text);
    let (_, json) = check(
        &fixture("risky"),
        &["--statistics", "--output-format", "json"],
    );
    let rows: Vec<Value> = serde_json::from_str(&json).unwrap();
    let n: u64 = rows.iter().map(|r| r["count"].as_u64().unwrap()).sum();
    assert_eq!(n as usize, diagnostics.len());
    let drop = rows.iter().find(|r| r["name"] == "drop-column").unwrap();
    assert_eq!(drop["count"], 2);
    assert!(drop["code"].as_str().unwrap().len() >= 3);
}

#[test]
fn exit_zero_keeps_fatal_errors() {
    driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .arg("--exit-zero")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("add-index-without-concurrently"));
    driftlock()
        .arg("check")
        .arg(fixture("risky").join("no-such-dir"))
        .arg("--exit-zero")
        .assert()
        .code(2);
    driftlock()
        .args(["drift", "--exit-zero"])
        .arg(corpus("drift_app"))
        .assert()
        .code(0);
    driftlock()
        .args(["drift"])
        .arg(corpus("drift_app"))
        .assert()
        .code(1);
}

#[test]
fn show_settings_prints_the_resolved_settings() {
    let out = driftlock()
        .arg("check")
        .arg(fixture("risky"))
        .args([
            "--show-settings",
            "--pg-version",
            "14",
            "--ignore",
            "drop-column",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("pg-version = \"14\"  # --pg-version"),
        "{text}"
    );
    assert!(text.contains("ignore = [\"drop-column\"]"));
    assert!(text.contains("script-location = \"migrations\""));
    let level = |rule: &str| {
        text.lines()
            .find(|l| l.starts_with(&format!("{rule} ")))
            .unwrap()
            .to_string()
    };
    assert!(level("drop-column").contains("\"off\""));
    assert!(level("add-index-without-concurrently").contains("\"error\""));
    assert!(level("prefer-text").contains("\"off\""));
    // Nothing of a report.
    assert!(!text.contains("driftlock check:"));
}

#[test]
fn color_follows_the_flag_and_no_color() {
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = driftlock();
        cmd.arg("check").arg(fixture("risky")).args(args);
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(run(&["--color", "always"], false).contains('\u{1b}'));
    assert!(!run(&["--color", "never"], false).contains('\u{1b}'));
    // Not a terminal, and NO_COLOR: no colour with auto.
    assert!(!run(&["--color", "auto"], true).contains('\u{1b}'));
    assert!(!run(&[], false).contains('\u{1b}'));
}

#[test]
fn annotations_never_mix_into_another_format() {
    for format in [
        "json",
        "sarif",
        "gitlab",
        "junit",
        "json-lines",
        "markdown",
        "text",
    ] {
        let out = driftlock()
            .arg("check")
            .arg(fixture("risky"))
            .args(["--output-format", format])
            .env("GITHUB_ACTIONS", "true")
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        for stream in [&stdout, &stderr] {
            assert!(
                !stream.lines().any(|l| l.starts_with("::error")
                    || l.starts_with("::warning")
                    || l.starts_with("::notice")),
                "{format}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Markdown: the pull request comment

const MARKER: &str = "<!-- driftlock-report -->";

/// The rows of the findings tables: lines that start with `| error`/`| warning`/`| info`.
fn finding_rows(md: &str) -> Vec<&str> {
    md.lines()
        .filter(|l| {
            l.starts_with("| error |") || l.starts_with("| warning |") || l.starts_with("| info |")
        })
        .collect()
}

/// The cell separators of a table row: pipes not escaped with a backslash.
fn cells(row: &str) -> usize {
    let mut n = 0;
    let mut escaped = false;
    for c in row.chars() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '|' if !escaped => n += 1,
            _ => {}
        }
        escaped = false;
    }
    n
}

#[test]
fn markdown_report_lists_every_finding_under_its_revision() {
    let (code, md) = check(&fixture("risky"), &["--output-format", "markdown"]);
    assert_eq!(code, 1);
    assert_eq!(md.lines().next(), Some(MARKER));
    assert!(md.contains("target PostgreSQL 16 (default)"), "{md}");
    let doc = report(&fixture("risky"), &[]);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    let rows = finding_rows(&md);
    assert_eq!(rows.len(), diagnostics.len());
    for row in &rows {
        // level, rule, finding, safe alternative, where: six separators.
        assert_eq!(cells(row), 6, "{row}");
    }
    // Each finding with its safe alternative (help) and place, in report order.
    for (d, row) in diagnostics.iter().zip(&rows) {
        let rule = d["rule"].as_str().unwrap();
        assert!(row.contains(&format!("`{rule}`")), "{row}");
        if let (Some(file), Some(line)) = (d["file"].as_str(), d["line"].as_u64()) {
            assert!(row.contains(&format!("`{file}:{line}`")), "{row}");
        }
        if d["help"].is_string() {
            assert!(!row.contains("|  | `"), "help missing: {row}");
        }
    }
    let s = &doc["summary"];
    assert!(md.contains(&format!(
        "**{} errors, {} warnings, {} infos**",
        s["errors"], s["warnings"], s["infos"]
    )));
    insta::assert_snapshot!("markdown_risky", md);
}

#[test]
fn markdown_report_ends_with_the_drift_table_and_diagram() {
    // Drift counts as a warning: below the default --fail-on.
    let (code, md) = check(&corpus("drift_app"), &["--output-format", "markdown"]);
    assert_eq!(code, 0);
    assert_eq!(md.lines().next(), Some(MARKER));
    // The drift section is `driftlock drift --format markdown`'s document, ER diagram and all.
    let drift = driftlock()
        .arg("drift")
        .arg(corpus("drift_app"))
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    let drift = String::from_utf8(drift.stdout).unwrap();
    assert!(drift.contains("```mermaid\nerDiagram\n"), "{drift}");
    assert!(
        md.ends_with(&format!(
            "#### Drift between the migrations and the models\n\n{drift}"
        )),
        "{md}"
    );
    insta::assert_snapshot!("markdown_drift_app", md);
    // No drift, no section.
    let (_, risky) = check(&fixture("risky"), &["--output-format", "markdown"]);
    assert!(!risky.contains("#### Drift"));
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.com"])
        .args(["-c", "commit.gpgsign=false"])
        .args(args)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

#[test]
fn markdown_report_since_a_ref_has_a_section_per_changed_revision() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("safe"), dir.path());
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    // A risky revision whose message holds Markdown and HTML, and a safe one.
    let versions = dir.path().join("migrations/versions");
    std::fs::write(
        versions.join("0006_index.py"),
        "\"\"\"index | `email` <b>bold</b> [link](x) *star*\n\nRevision ID: 0006\nRevises: 0005\n\"\"\"\nfrom alembic import op\n\nrevision = \"0006\"\ndown_revision = \"0005\"\n\n\ndef upgrade():\n    op.execute(\"SET lock_timeout = '5s'\")\n    op.create_index(\"ix_a|b\", \"users\", [\"name\"])\n\n\ndef downgrade():\n    op.drop_index(\"ix_a|b\", table_name=\"users\")\n",
    )
    .unwrap();
    std::fs::write(
        versions.join("0007_comment.py"),
        "\"\"\"comment\n\nRevision ID: 0007\nRevises: 0006\n\"\"\"\nfrom alembic import op\n\nrevision = \"0007\"\ndown_revision = \"0006\"\n\n\ndef upgrade():\n    op.execute(\"SET lock_timeout = '5s'\")\n    op.execute(\"COMMENT ON TABLE users IS 'people'\")\n\n\ndef downgrade():\n    op.execute(\"COMMENT ON TABLE users IS NULL\")\n",
    )
    .unwrap();
    let (code, md) = check(
        dir.path(),
        &["--output-format", "markdown", "--since", "HEAD"],
    );
    assert_eq!(code, 1, "{md}");
    assert_eq!(md.lines().next(), Some(MARKER));
    assert!(
        md.contains("files changed since `HEAD` (2 files changed, 2 revisions)"),
        "{md}"
    );
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("#### ")).collect();
    assert_eq!(
        headings,
        [
            "#### Revision `0006`: index \\| \\`email\\` &lt;b&gt;bold&lt;/b&gt; \\[link\\](x) \\*star\\* (`migrations/versions/0006_index.py`)",
            "#### Revision `0007`: comment (`migrations/versions/0007_comment.py`)",
        ],
        "{md}"
    );
    // The changed revision without findings says so; the old ones have no section.
    assert!(
        md.contains("(`migrations/versions/0007_comment.py`)\n\nNo findings.\n"),
        "{md}"
    );
    let rows = finding_rows(&md);
    assert!(
        rows.iter()
            .any(|r| r.contains("`add-index-without-concurrently`")),
        "{md}"
    );
    for row in &rows {
        assert_eq!(cells(row), 6, "{row}");
        assert!(!row.contains("<b>"), "{row}");
    }
    // Byte-identical from run to run.
    let again = check(
        dir.path(),
        &["--output-format", "markdown", "--since", "HEAD"],
    );
    assert_eq!((code, md), again);
}
