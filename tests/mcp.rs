//! `driftlock mcp`: the real binary driven over a pipe with a real Model Context Protocol
//! session (initialize, notifications/initialized, tools/list, tools/call), each tool's result
//! compared with what the CLI prints for the same request; protocol errors against tool
//! errors; version negotiation; and the client configuration README gives.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, ExitStatus, Stdio};

use common::{corpus_dir, driftlock};
use serde_json::{json, Value};

const LATEST: &str = "2025-11-25";

/// A running `driftlock mcp` and the client's end of its pipes.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    next_id: i64,
}

impl Client {
    fn start(args: &[&str], cwd: &Path) -> Client {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("driftlock"));
        cmd.args(args)
            .current_dir(cwd)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
            cmd.env("VIRTUAL_ENV", venv);
        }
        let mut child = cmd.spawn().expect("driftlock starts");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("piped stdout"));
        Client {
            child,
            stdin,
            stdout,
            next_id: 0,
        }
    }

    fn send_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(line.as_bytes()).unwrap();
        stdin.write_all(b"\n").unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, message: &Value) {
        self.send_line(&message.to_string());
    }

    /// The next message the server writes: one line, one JSON value.
    fn receive(&mut self) -> Value {
        let mut line = String::new();
        let n = self.stdout.read_line(&mut line).unwrap();
        assert!(n > 0, "the server closed its output");
        assert!(
            line.ends_with('\n'),
            "a message ends with a newline: {line:?}"
        );
        serde_json::from_str(&line).unwrap_or_else(|e| panic!("not JSON ({e}): {line:?}"))
    }

    /// Sends a request and returns the whole response, checking its id and version.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let response = self.receive();
        assert_eq!(response["jsonrpc"], "2.0", "{response}");
        assert_eq!(response["id"], id, "{response}");
        response
    }

    fn initialize(&mut self, version: &str) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "protocolVersion": version,
                "capabilities": {"roots": {"listChanged": true}},
                "clientInfo": {"name": "driftlock-tests", "version": "1.0.0"},
            }),
        );
        self.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        response
    }

    /// `tools/call`: the `CallToolResult`.
    fn call(&mut self, tool: &str, arguments: Value) -> Value {
        let response = self.request("tools/call", json!({"name": tool, "arguments": arguments}));
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    /// Closes the server's input and waits for it; nothing more may have been written.
    fn finish(mut self) -> ExitStatus {
        drop(self.stdin.take());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut self.stdout, &mut rest).unwrap();
        assert_eq!(rest, "", "output after the last response");
        self.child.wait().unwrap()
    }
}

fn shop() -> PathBuf {
    corpus_dir().join("shop")
}

/// What `driftlock ARGS` prints on standard output.
fn cli(args: &[&str]) -> String {
    let output = driftlock().args(args).output().unwrap();
    assert!(
        output.status.code().is_some_and(|c| c < 2),
        "driftlock {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The first text item of a successful call, checked against its structured content.
fn text_of(result: &Value) -> String {
    assert_eq!(result["isError"], false, "{result}");
    let text = result["content"][0]["text"].as_str().expect("a text item");
    assert_eq!(result["content"][0]["type"], "text");
    text.to_string()
}

/// A successful JSON result: its text is exactly what the CLI prints, and its structured
/// content is that JSON.
fn assert_same_as_cli(result: &Value, cli_output: &str, format: &str) {
    let text = text_of(result);
    assert_eq!(text, cli_output);
    let parsed: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(parsed["format"], format);
    assert_eq!(result["structuredContent"], parsed);
}

/// Every file under `dir` with its size and modification time.
fn tree(dir: &Path) -> Vec<(PathBuf, u64, std::time::SystemTime)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let entry = entry.unwrap();
            let meta = entry.metadata().unwrap();
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                out.push((entry.path(), meta.len(), meta.modified().unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn a_session_answers_every_tool_as_the_cli_does() {
    let before = tree(&shop());
    let shop = shop();
    let path = shop.to_string_lossy().into_owned();
    let mut client = Client::start(&["mcp", &path], &corpus_dir());
    let init = client.initialize(LATEST);
    let result = &init["result"];
    assert_eq!(result["protocolVersion"], LATEST);
    assert!(result["capabilities"]["tools"].is_object(), "{init}");
    assert_eq!(result["serverInfo"]["name"], "driftlock");
    assert_eq!(result["serverInfo"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(result["instructions"].is_string());

    // The notification got no answer: the next line is the answer to the next request.
    let list = client.request("tools/list", json!({}));
    let tools = list["result"]["tools"].as_array().expect("tools");
    let names: Vec<&str> = tools.iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "history",
            "schema_at",
            "models",
            "drift",
            "check",
            "explain"
        ]
    );
    assert!(list["result"].get("nextCursor").is_none());
    for tool in tools {
        let schema = &tool["inputSchema"];
        assert_eq!(schema["type"], "object", "{tool}");
        assert_eq!(schema["additionalProperties"], false, "{tool}");
        assert!(tool["description"].as_str().is_some_and(|d| d.len() > 40));
        assert!(tool["title"].is_string());
        assert_eq!(tool["annotations"]["readOnlyHint"], true);
        if tool["name"] != "explain" {
            assert_eq!(schema["properties"]["path"]["type"], "string", "{tool}");
            assert!(tool["outputSchema"]["properties"]["format"]["const"].is_string());
        }
    }
    let schema_of = |name: &str| {
        tools
            .iter()
            .find(|t| t["name"] == name)
            .map(|t| t["inputSchema"].clone())
            .unwrap()
    };
    assert_eq!(
        schema_of("schema_at")["properties"]["revision"]["type"],
        "string"
    );
    assert_eq!(schema_of("explain")["required"], json!(["rule"]));
    assert_eq!(schema_of("check")["properties"]["select"]["type"], "array");
    assert_eq!(
        schema_of("check")["properties"]["pg_version"]["type"],
        "string"
    );

    // history: the server's PATH by default, or the `path` given.
    let history = cli(&["history", "--format", "json", &path]);
    assert_same_as_cli(&client.call("history", json!({})), &history, "history/1");
    assert_same_as_cli(
        &client.call("history", json!({"path": path})),
        &history,
        "history/1",
    );

    // schema_at a middle revision: orders exist, the later contact fields do not yet.
    let middle = cli(&["schema", "--format", "json", "--at", "39adde30f1f1", &path]);
    let at = client.call("schema_at", json!({"revision": "39adde30f1f1"}));
    assert_same_as_cli(&at, &middle, "schema/1");
    let head = cli(&["schema", "--format", "json", &path]);
    assert_ne!(middle, head);
    let tables: Vec<&str> = at["structuredContent"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    assert!(tables.contains(&"orders"), "{tables:?}");
    // A prefix works as on the command line, and no revision means every head.
    assert_same_as_cli(
        &client.call("schema_at", json!({"revision": "39ad"})),
        &middle,
        "schema/1",
    );
    assert_same_as_cli(&client.call("schema_at", json!({})), &head, "schema/1");

    let models = cli(&["models", "--format", "json", &path]);
    assert_same_as_cli(&client.call("models", json!({})), &models, "schema/1");

    let drift = cli(&["drift", "--format", "json", &path]);
    assert_same_as_cli(&client.call("drift", json!({})), &drift, "drift/1");

    let check = cli(&["check", "--format", "json", &path]);
    assert_same_as_cli(&client.call("check", json!({})), &check, "report/1");
    let selected = cli(&[
        "check",
        "--format",
        "json",
        "--select",
        "all",
        "--ignore",
        "style,missing-lock-timeout",
        "--pg-version",
        "11",
        &path,
    ]);
    let result = client.call(
        "check",
        json!({"select": ["all"], "ignore": ["style", "missing-lock-timeout"], "pg_version": "11"}),
    );
    assert_same_as_cli(&result, &selected, "report/1");
    assert_eq!(result["structuredContent"]["target"]["pg_version"], "11");
    // table_stats: the same judgement as `--table-stats`.
    let stats_file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/table_stats/shop.json")
        .to_string_lossy()
        .into_owned();
    let sized = cli(&[
        "check",
        "--format",
        "json",
        "--table-stats",
        &stats_file,
        &path,
    ]);
    let result = client.call("check", json!({"table_stats": stats_file}));
    assert_same_as_cli(&result, &sized, "report/1");
    assert_eq!(
        result["structuredContent"]["table_stats"]["findings"]["large"],
        2
    );

    // explain: a real rule, as `driftlock rules` names it.
    let rules = cli(&["rules"]);
    let rule = rules
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .expect("a rule name")
        .to_string();
    let explained = client.call("explain", json!({"rule": rule}));
    assert_eq!(text_of(&explained), cli(&["explain", &rule]));
    assert!(explained.get("structuredContent").is_none());

    assert!(client.finish().success());
    assert_eq!(tree(&shop), before, "the checkout changed");
}

#[test]
fn tool_errors_and_protocol_errors() {
    let shop = shop();
    let mut client = Client::start(&["mcp", &shop.to_string_lossy()], &corpus_dir());

    // Before `initialize`: a ping is answered, anything else is refused.
    assert_eq!(client.request("ping", json!({}))["result"], json!({}));
    let early = client.request("tools/list", json!({}));
    assert_eq!(early["error"]["code"], -32600, "{early}");

    // A line that is not JSON: a parse error without an id, and the session goes on.
    client.send_line("{\"jsonrpc\": \"2.0\", \"id\": 99, \"method\": ");
    let parse = client.receive();
    assert_eq!(parse["error"]["code"], -32700, "{parse}");
    assert!(parse.get("id").is_none(), "{parse}");
    client.send_line("");
    let init = client.initialize(LATEST);
    assert_eq!(init["result"]["protocolVersion"], LATEST);
    let again = client.request("initialize", json!({"protocolVersion": LATEST}));
    assert_eq!(again["error"]["code"], -32600, "{again}");

    // Protocol errors: an unknown method, an unknown tool, a call without a name.
    let unknown = client.request("resources/list", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    let no_tool = client.request("tools/call", json!({"name": "migrate", "arguments": {}}));
    assert_eq!(no_tool["error"]["code"], -32602, "{no_tool}");
    assert!(no_tool["error"]["message"]
        .as_str()
        .unwrap()
        .contains("migrate"));
    let nameless = client.request("tools/call", json!({"arguments": {}}));
    assert_eq!(nameless["error"]["code"], -32602, "{nameless}");
    let bad_params = client.request("tools/list", json!({"cursor": "page-2"}));
    assert_eq!(bad_params["error"]["code"], -32602, "{bad_params}");
    // A message that is JSON but not a request.
    client.send_line("[1, 2]");
    let batch = client.receive();
    assert_eq!(batch.as_array().map(Vec::len), Some(2), "{batch}");
    assert_eq!(batch[0]["error"]["code"], -32600);

    // Tool errors, which the model can correct: the CLI's message, `isError: true`.
    let tool_error = |result: &Value, needle: &str| {
        assert_eq!(result["isError"], true, "{result}");
        let text = result["content"][0]["text"].as_str().unwrap();
        assert!(text.contains(needle), "{needle:?} not in {text:?}");
        assert!(result.get("structuredContent").is_none());
    };
    let bad_revision = client.call("schema_at", json!({"revision": "nonexistent"}));
    tool_error(&bad_revision, "no revision `nonexistent` in the history");
    let bad_rule = client.call("explain", json!({"rule": "no-such-rule"}));
    tool_error(&bad_rule, "no rule `no-such-rule`");
    tool_error(&bad_rule, "add-index-without-concurrently");
    tool_error(&client.call("explain", json!({})), "`rule`");
    tool_error(
        &client.call("schema_at", json!({"revision": 3})),
        "`revision` is a string",
    );
    tool_error(&client.call("history", json!({"depth": 2})), "`depth`");
    tool_error(
        &client.call("check", json!({"select": ["no-such-rule"]})),
        "no-such-rule",
    );
    let missing = client.call("history", json!({"path": "no/such/project"}));
    assert_eq!(missing["isError"], true, "{missing}");

    // A relative `path` is taken from the server's PATH; what the CLI prints on standard
    // error comes as a second text item, after the document.
    let broken = corpus_dir().join("broken");
    let schema = client.call("schema_at", json!({"path": "../broken"}));
    assert_same_as_cli(
        &schema,
        &cli(&["schema", "--format", "json", &broken.to_string_lossy()]),
        "schema/1",
    );
    let problems = schema["content"][1]["text"]
        .as_str()
        .expect("a second item");
    assert!(problems.contains("[duplicate-revision]"), "{problems}");
    assert!(!problems.contains('\u{1b}'), "coloured: {problems}");

    // The session still works after all of that, and ends cleanly when its input does.
    assert_eq!(client.request("ping", json!({}))["result"], json!({}));
    let history = client.call("history", json!({}));
    assert_eq!(
        text_of(&history),
        cli(&["history", "--format", "json", &shop.to_string_lossy()])
    );
    let status = client.finish();
    assert_eq!(status.code(), Some(0));
}

#[test]
fn the_protocol_version_is_negotiated() {
    let shop = shop();
    let root = shop.to_string_lossy().into_owned();
    for (asked, answered) in [
        ("2025-06-18", "2025-06-18"),
        ("2025-03-26", "2025-03-26"),
        ("2024-11-05", "2024-11-05"),
        ("2099-01-01", LATEST),
    ] {
        let mut client = Client::start(&["mcp", &root], &corpus_dir());
        let init = client.initialize(asked);
        assert_eq!(init["result"]["protocolVersion"], answered, "{asked}");
        let tools = client.request("tools/list", json!({}))["result"]["tools"].clone();
        let history = client.call("history", json!({}));
        let structured = answered >= "2025-06-18";
        assert_eq!(
            history["structuredContent"].is_object(),
            structured,
            "{asked}"
        );
        assert_eq!(tools[0]["outputSchema"].is_object(), structured, "{asked}");
        assert_eq!(tools[0]["title"].is_string(), structured, "{asked}");
        assert_eq!(
            tools[0]["annotations"].is_object(),
            answered >= "2025-03-26",
            "{asked}"
        );
        assert!(client.finish().success());
    }
    // No version at all is an invalid `initialize`.
    let mut client = Client::start(&["mcp", &root], &corpus_dir());
    let init = client.request("initialize", json!({"capabilities": {}}));
    assert_eq!(init["error"]["code"], -32602, "{init}");
    assert!(client.finish().success());
}

#[test]
fn a_session_without_requests_exits_zero() {
    let client = Client::start(&["mcp"], &shop());
    assert_eq!(client.finish().code(), Some(0));
}

/// The `mcpServers` configuration of README's "Assistants (MCP)" section.
fn readme_configuration() -> Value {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Assistants (MCP)"))
        .expect("README has an \"Assistants (MCP)\" section");
    let block = section
        .split("```json\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a JSON block in the section");
    serde_json::from_str(block).expect("the README snippet is JSON")
}

#[test]
fn the_readme_configuration_starts_a_working_server() {
    let config = readme_configuration();
    let servers = config["mcpServers"].as_object().expect("mcpServers");
    let server = &servers["driftlock"];
    assert_eq!(server["command"], "driftlock");
    let args: Vec<&str> = server["args"]
        .as_array()
        .expect("args")
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(args, ["mcp", "."]);
    // A client starts the command in the project: here, the shop example.
    let mut client = Client::start(&args, &shop());
    let init = client.initialize(LATEST);
    assert_eq!(init["result"]["serverInfo"]["name"], "driftlock");
    let history = client.call("history", json!({}));
    let expected = cli(&["history", "--format", "json", &shop().to_string_lossy()]);
    // The same graph; the root is said relative to where each was started.
    let ours: Value = serde_json::from_str(&text_of(&history)).unwrap();
    let theirs: Value = serde_json::from_str(&expected).unwrap();
    assert_eq!(ours["revisions"], theirs["revisions"]);
    assert_eq!(ours["heads"], theirs["heads"]);
    assert!(client.finish().success());
}
