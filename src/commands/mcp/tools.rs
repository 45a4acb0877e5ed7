//! The tools of `driftlock mcp`: each runs a subcommand with an in-memory writer and returns
//! what it printed. Their arguments are checked here (a wrong one is a tool error the model
//! can correct, `isError: true`); what the command itself refuses (a revision not in the
//! history, an unknown rule) is a tool error too, with the CLI's message.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

use crate::commands::{self, Fatal};
use crate::discover::DiscoverOptions;
use crate::report::{Color, FailOn};

/// The type of an argument, as the input schema states it.
#[derive(Clone, Copy)]
enum Kind {
    String,
    /// A list of strings (a comma-separated string is taken too, as the CLI splits it).
    Strings,
}

struct Arg {
    name: &'static str,
    kind: Kind,
    required: bool,
    description: &'static str,
}

pub(super) struct Tool {
    pub name: &'static str,
    title: &'static str,
    description: &'static str,
    /// The tool's own arguments, after `path`.
    args: &'static [Arg],
    /// The JSON format of the result (`history/1`, ...), `None` for text.
    format: Option<&'static str>,
    /// Runs the command: its output, its diagnostics written to the second writer.
    run: fn(&Call, &mut Vec<u8>) -> Result<Vec<u8>, Fatal>,
}

const PATH: Arg = Arg {
    name: "path",
    kind: Kind::String,
    required: false,
    description: "The project: its root folder, alembic.ini, pyproject.toml or Alembic script \
        directory. Relative to the folder the server was started for (`driftlock mcp PATH`), \
        which is the default.",
};

const TOOLS: &[Tool] = &[
    Tool {
        name: "history",
        title: "Revision graph",
        description: "The Alembic revision graph read statically: every revision in \
            application order with its parents, dependencies, branch labels and message; \
            heads, bases, merges, branch points; and the graph's problems (missing parents, \
            cycles, duplicate ids, several heads). Returns `history/1` JSON.",
        args: &[PATH],
        format: Some("history/1"),
        run: history,
    },
    Tool {
        name: "schema_at",
        title: "Schema at a revision",
        description: "The PostgreSQL schema `alembic upgrade REVISION` builds on an empty \
            database, replayed without a database: tables, columns with types, defaults and \
            nullability, constraints, indexes, enum types, sequences. Use it to answer what a \
            table looks like at a revision. Returns `schema/1` JSON.",
        args: &[
            PATH,
            Arg {
                name: "revision",
                kind: Kind::String,
                required: false,
                description: "A revision id or a unique prefix of one, a branch label, \
                    `label@head`, or `heads` (the default: every head).",
            },
        ],
        format: Some("schema/1"),
        run: schema_at,
    },
    Tool {
        name: "models",
        title: "Declared models",
        description: "The schema the project's SQLAlchemy models declare (what \
            `metadata.create_all()` would create on PostgreSQL), read statically from the \
            metadata env.py passes to Alembic, never imported. Returns `schema/1` JSON.",
        args: &[PATH],
        format: Some("schema/1"),
        run: models,
    },
    Tool {
        name: "drift",
        title: "Drift between migrations and models",
        description: "What differs between the schema the migrations build (at every head) \
            and the schema the models declare, in Alembic autogenerate's vocabulary \
            (add_table, remove_column, modify_type, modify_nullable, add_index, ...): what \
            `alembic check` would report. Returns `drift/1` JSON; an empty list means no drift.",
        args: &[PATH],
        format: Some("drift/1"),
        run: drift,
    },
    Tool {
        name: "check",
        title: "Check the history",
        description: "Every finding of `driftlock check`: risky changes (locks that block \
            reads or writes, table rewrites, full scans, changes that break running code) \
            judged against the schema before each operation, each with its safe alternative; \
            broken or missing downgrades; history, replay and parse problems; drift. Returns \
            `report/1` JSON. `explain` documents each finding's rule.",
        args: &[
            PATH,
            Arg {
                name: "select",
                kind: Kind::Strings,
                required: false,
                description: "Run only these rules: names (add-index-without-concurrently), \
                    codes (IDX001), categories (index) or `all`. Default: the configuration's \
                    selection, else each rule's default level.",
            },
            Arg {
                name: "ignore",
                kind: Kind::Strings,
                required: false,
                description: "Do not run these rules (names, codes or categories), on top of \
                    the configuration.",
            },
            Arg {
                name: "pg_version",
                kind: Kind::String,
                required: false,
                description: "The PostgreSQL version the migrations run on (\"15\", \"14.4\"). \
                    Default: the configuration's, else 16.",
            },
            Arg {
                name: "since",
                kind: Kind::String,
                required: false,
                description: "A git ref (a pull request's base): report risky changes only in \
                    revision files added or changed since then, and flag revision files that \
                    existed there and were modified.",
            },
            Arg {
                name: "table_stats",
                kind: Kind::String,
                required: false,
                description: "A table statistics file (`stats/1`, exported from a replica with                     `driftlock stats --query`; relative paths from the project): lock, rewrite                     and scan findings on small tables drop to info, those on large tables say                     the size and the estimated duration. Default: the configuration's                     `table-stats`.",
            },
        ],
        format: Some("report/1"),
        run: check,
    },
    Tool {
        name: "explain",
        title: "Explain a rule",
        description: "The documentation of one of driftlock's rules, as `driftlock explain` \
            prints it: what it flags, why it hurts (the lock taken and what it blocks), an \
            example, and what to write instead. Returns text.",
        args: &[Arg {
            name: "rule",
            kind: Kind::String,
            required: true,
            description: "A rule's name (add-index-without-concurrently) or code (IDX001), as \
                the `rule` of a `check` finding.",
        }],
        format: None,
        run: explain,
    },
];

pub(super) fn find(name: &str) -> Option<&'static Tool> {
    TOOLS.iter().find(|t| t.name == name)
}

pub(super) fn names() -> Vec<&'static str> {
    TOOLS.iter().map(|t| t.name).collect()
}

/// The `tools/list` entries, with what the negotiated protocol version has: `title` and
/// `outputSchema` from 2025-06-18, `annotations` from 2025-03-26.
pub(super) fn list(version: &str) -> Vec<Value> {
    TOOLS
        .iter()
        .map(|tool| {
            let mut properties = Map::new();
            for arg in tool.args {
                let schema = match arg.kind {
                    Kind::String => json!({"type": "string", "description": arg.description}),
                    Kind::Strings => json!({
                        "type": "array",
                        "items": {"type": "string"},
                        "description": arg.description,
                    }),
                };
                properties.insert(arg.name.into(), schema);
            }
            let required: Vec<&str> = tool
                .args
                .iter()
                .filter(|a| a.required)
                .map(|a| a.name)
                .collect();
            let mut input = json!({
                "type": "object",
                "properties": properties,
                "additionalProperties": false,
            });
            if !required.is_empty() {
                input["required"] = json!(required);
            }
            let mut entry = json!({
                "name": tool.name,
                "description": tool.description,
                "inputSchema": input,
            });
            if version >= "2025-03-26" {
                entry["annotations"] = json!({
                    "title": tool.title,
                    "readOnlyHint": true,
                    "destructiveHint": false,
                    "idempotentHint": true,
                    "openWorldHint": false,
                });
            }
            if version >= "2025-06-18" {
                entry["title"] = json!(tool.title);
                if let Some(format) = tool.format {
                    entry["outputSchema"] = json!({
                        "type": "object",
                        "properties": {"format": {"const": format}},
                        "required": ["format"],
                    });
                }
            }
            entry
        })
        .collect()
}

/// The arguments of one call, checked.
struct Call {
    path: PathBuf,
    /// The arguments given, each of its declared kind.
    args: Map<String, Value>,
}

impl Call {
    fn string(&self, name: &str) -> Option<String> {
        self.args
            .get(name)
            .and_then(Value::as_str)
            .map(str::to_string)
    }

    fn strings(&self, name: &str) -> Vec<String> {
        self.args
            .get(name)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .flat_map(|s| s.split(','))
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// Runs `tool` and returns its `CallToolResult`.
pub(super) fn call(
    tool: &Tool,
    root: &Path,
    arguments: &Map<String, Value>,
    version: &str,
) -> Value {
    let call = match check_arguments(tool, root, arguments) {
        Ok(call) => call,
        Err(message) => return error_result(message),
    };
    // A panic in the analysis is one failed call, not the end of the session (its message
    // goes to standard error, with the other logs).
    let mut err = Vec::new();
    let ran = catch_unwind(AssertUnwindSafe(|| (tool.run)(&call, &mut err)));
    let result = match ran {
        Ok(result) => result,
        Err(_) => {
            return error_result(format!(
                "internal error: driftlock failed while running `{}` (the details are on the \
                 server's standard error); please report it",
                tool.name
            ))
        }
    };
    let diagnostics = String::from_utf8_lossy(&err).trim_end().to_string();
    let mut content = Vec::new();
    let text = match result {
        Ok(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        Err(fatal) => {
            let mut message = fatal.to_string();
            if tool.name == "explain" {
                message.push_str(&format!("\nRules: {}", rule_names().join(", ")));
            }
            content.push(json!({"type": "text", "text": message}));
            if !diagnostics.is_empty() {
                content.push(json!({"type": "text", "text": diagnostics}));
            }
            return json!({"content": content, "isError": true});
        }
    };
    let structured = tool
        .format
        .filter(|_| version >= "2025-06-18")
        .and_then(|_| serde_json::from_str::<Value>(&text).ok())
        .filter(Value::is_object);
    content.push(json!({"type": "text", "text": text}));
    if !diagnostics.is_empty() {
        content.push(json!({
            "type": "text",
            "text": format!("Problems met reading the project (the CLI prints these on standard error):\n{diagnostics}"),
        }));
    }
    let mut result = json!({"content": content, "isError": false});
    if let Some(structured) = structured {
        result["structuredContent"] = structured;
    }
    result
}

fn error_result(message: String) -> Value {
    json!({"content": [{"type": "text", "text": message}], "isError": true})
}

/// The arguments against the tool's input schema: a wrong one is said to the model, which can
/// correct it.
fn check_arguments(
    tool: &Tool,
    root: &Path,
    arguments: &Map<String, Value>,
) -> Result<Call, String> {
    let expected = || {
        tool.args
            .iter()
            .map(|a| format!("`{}`", a.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut args = Map::new();
    for (name, value) in arguments {
        let Some(arg) = tool.args.iter().find(|a| a.name == name) else {
            return Err(format!(
                "`{}` takes no argument `{name}`; its arguments: {}",
                tool.name,
                expected()
            ));
        };
        let value = match (arg.kind, value) {
            (_, Value::Null) => continue,
            (Kind::String, Value::String(_)) => value.clone(),
            // A version given as a number (15) means its digits.
            (Kind::String, Value::Number(n)) if arg.name == "pg_version" => json!(n.to_string()),
            (Kind::Strings, Value::String(s)) => json!([s]),
            (Kind::Strings, Value::Array(items)) if items.iter().all(Value::is_string) => {
                value.clone()
            }
            (Kind::String, _) => return Err(format!("`{name}` is a string")),
            (Kind::Strings, _) => return Err(format!("`{name}` is a list of strings")),
        };
        args.insert(name.clone(), value);
    }
    if let Some(missing) = tool
        .args
        .iter()
        .find(|a| a.required && !args.contains_key(a.name))
    {
        return Err(format!(
            "`{}` needs the argument `{}`",
            tool.name, missing.name
        ));
    }
    let path = match args.get("path").and_then(Value::as_str) {
        Some(path) => root.join(path),
        None => root.to_path_buf(),
    };
    Ok(Call { path, args })
}

fn rule_names() -> Vec<&'static str> {
    crate::rules::all().iter().map(|r| r.meta().name).collect()
}

fn history(call: &Call, err: &mut Vec<u8>) -> Result<Vec<u8>, Fatal> {
    let options = commands::history::Options {
        path: call.path.clone(),
        discover: DiscoverOptions::default(),
        settings_file: None,
        format: commands::history::Format::Json,
        fail_on: FailOn::Never,
        color: Color::Never,
        err_color: Color::Never,
    };
    let mut out = Vec::new();
    commands::history::run(&options, &mut out, err)?;
    Ok(out)
}

fn schema_at(call: &Call, err: &mut Vec<u8>) -> Result<Vec<u8>, Fatal> {
    let options = commands::schema::Options {
        path: call.path.clone(),
        discover: DiscoverOptions::default(),
        format: commands::schema::Format::Json,
        at: call.string("revision"),
        check_downgrades: false,
        settings_file: None,
        fail_on: FailOn::Never,
        err_color: Color::Never,
    };
    let mut out = Vec::new();
    commands::schema::run(&options, &mut out, err)?;
    Ok(out)
}

fn models(call: &Call, err: &mut Vec<u8>) -> Result<Vec<u8>, Fatal> {
    let options = commands::models::Options {
        path: call.path.clone(),
        discover: DiscoverOptions::default(),
        format: commands::models::Format::Json,
        fail_on: FailOn::Never,
        err_color: Color::Never,
        models: Vec::new(),
        settings_file: None,
    };
    let mut out = Vec::new();
    commands::models::run(&options, &mut out, err)?;
    Ok(out)
}

fn drift(call: &Call, err: &mut Vec<u8>) -> Result<Vec<u8>, Fatal> {
    let options = commands::drift::Options {
        path: call.path.clone(),
        discover: DiscoverOptions::default(),
        format: commands::drift::Format::Json,
        err_color: Color::Never,
        settings_file: None,
        models: Vec::new(),
    };
    let mut out = Vec::new();
    commands::drift::run(&options, &mut out, err)?;
    Ok(out)
}

fn check(call: &Call, err: &mut Vec<u8>) -> Result<Vec<u8>, Fatal> {
    let options = commands::check::Options {
        path: call.path.clone(),
        discover: DiscoverOptions::default(),
        format: commands::check::Format::Json,
        fail_on: FailOn::Never,
        color: Color::Never,
        select: call.strings("select"),
        ignore: call.strings("ignore"),
        pg_version: call.string("pg_version"),
        settings_file: None,
        since: call.string("since"),
        timings: false,
        baseline: None,
        write_baseline: None,
        statistics: false,
        exit_zero: false,
        show_settings: false,
        no_cache: false,
        table_stats: call.string("table_stats").map(|f| call.path.join(f)),
    };
    // The server writes no file; without `write_baseline` the command asks for none.
    let mut refuse = |path: &Path, _: &[u8]| {
        Err(std::io::Error::other(format!(
            "the MCP server writes no files ({})",
            path.display()
        )))
    };
    let sinks = commands::check::Sinks {
        err,
        write_file: &mut refuse,
    };
    let mut out = Vec::new();
    commands::check::run(&options, &mut out, sinks)?;
    Ok(out)
}

fn explain(call: &Call, _err: &mut Vec<u8>) -> Result<Vec<u8>, Fatal> {
    let rule = call.string("rule").unwrap_or_default();
    let mut out = Vec::new();
    commands::rules::explain(&rule, &mut out)?;
    Ok(out)
}
