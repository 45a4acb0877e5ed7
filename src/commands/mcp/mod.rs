//! `driftlock mcp`: a Model Context Protocol server over stdio, for assistants that review
//! migrations or answer "what does table X look like at revision Y" without a database.
//!
//! The transport is MCP's stdio one: newline-delimited JSON-RPC 2.0 messages on standard
//! input, one response per request on standard output (nothing else is ever written there),
//! logs on standard error. The lifecycle is MCP's: `initialize` (protocol version
//! negotiated), then `notifications/initialized`, then `tools/list` and `tools/call`; `ping`
//! at any time; end of input ends the session. One request is answered at a time, in order.
//!
//! The tools (`tools.rs`) run the other subcommands with an in-memory writer and return
//! their JSON formats (`history/1`, `schema/1`, `drift/1`, `report/1`) unchanged: the same
//! bytes the CLI prints, as a text item and, from protocol 2025-06-18 on, as
//! `structuredContent`.

mod tools;

use std::io::{BufRead, Write};
use std::path::PathBuf;

use serde_json::{json, Map, Value};

use super::{Fatal, Outcome};

/// The protocol revisions this server speaks, newest first: the newest is offered to a
/// client that asks for one not in the list.
pub const PROTOCOL_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];

/// JSON-RPC 2.0's error codes, as MCP uses them.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const METHOD_NOT_FOUND: i64 = -32601;
const INVALID_PARAMS: i64 = -32602;

#[derive(Clone, Debug)]
pub struct Options {
    /// The project the tools read when a call names no `path` (a relative `path` is taken
    /// from here too).
    pub root: PathBuf,
}

/// Serves one session: reads messages from `input` until it ends, answers each request on
/// `out` (flushed after each message), writes logs to `log`. End of input is a clean end.
pub fn serve(
    options: &Options,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    log: &mut dyn Write,
) -> Result<Outcome, Fatal> {
    // Logs are a courtesy: a client that closed the server's standard error still gets its
    // answers.
    let _ = writeln!(
        log,
        "driftlock mcp: serving {} over stdio (MCP {}); end of input stops the server",
        options.root.display(),
        PROTOCOL_VERSIONS.join(", ")
    );
    let mut session = Session::new(options.root.clone());
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line)? == 0 {
            return Ok(Outcome::Clean);
        }
        let Some(reply) = session.handle_line(&line) else {
            continue;
        };
        if reply.get("error").and_then(|e| e.get("code")) == Some(&json!(PARSE_ERROR)) {
            let _ = writeln!(
                log,
                "driftlock mcp: a line that is not JSON was answered with a parse error"
            );
        }
        // `Value`'s Display is compact JSON: newlines inside strings are escaped, so one
        // message is one line, as the transport requires.
        writeln!(out, "{reply}")?;
        out.flush()?;
    }
}

/// A JSON-RPC error, before it is wrapped in a response.
struct RpcError {
    code: i64,
    message: String,
    data: Option<Value>,
}

impl RpcError {
    fn new(code: i64, message: impl Into<String>) -> RpcError {
        RpcError {
            code,
            message: message.into(),
            data: None,
        }
    }
}

/// An error response; `id` is left out when the request's could not be read (MCP never sends
/// a `null` id).
fn error_response(id: Option<&Value>, error: RpcError) -> Value {
    let mut body = Map::new();
    body.insert("code".into(), json!(error.code));
    body.insert("message".into(), json!(error.message));
    if let Some(data) = error.data {
        body.insert("data".into(), data);
    }
    let mut response = Map::new();
    response.insert("jsonrpc".into(), json!("2.0"));
    if let Some(id) = id {
        response.insert("id".into(), id.clone());
    }
    response.insert("error".into(), Value::Object(body));
    Value::Object(response)
}

/// One client's session: whether `initialize` was answered, and with which version.
struct Session {
    root: PathBuf,
    /// The negotiated protocol version, once `initialize` has been answered.
    version: Option<&'static str>,
}

impl Session {
    fn new(root: PathBuf) -> Session {
        Session {
            root,
            version: None,
        }
    }

    /// The answer to one line of input, if it needs one: a response, a batch of responses,
    /// or nothing (a notification, a blank line, a client's response).
    fn handle_line(&mut self, line: &[u8]) -> Option<Value> {
        let text = match std::str::from_utf8(line) {
            Ok(text) => text.trim(),
            Err(e) => {
                return Some(error_response(
                    None,
                    RpcError::new(PARSE_ERROR, format!("Parse error: not UTF-8 ({e})")),
                ))
            }
        };
        if text.is_empty() {
            return None;
        }
        let message: Value = match serde_json::from_str(text) {
            Ok(message) => message,
            Err(e) => {
                return Some(error_response(
                    None,
                    RpcError::new(PARSE_ERROR, format!("Parse error: {e}")),
                ))
            }
        };
        match message {
            // JSON-RPC batches (protocol 2025-03-26 has them): each message answered, the
            // answers sent together.
            Value::Array(messages) if messages.is_empty() => Some(error_response(
                None,
                RpcError::new(INVALID_REQUEST, "Invalid Request: empty batch"),
            )),
            Value::Array(messages) => {
                let replies: Vec<Value> = messages
                    .into_iter()
                    .filter_map(|m| self.handle_message(m))
                    .collect();
                (!replies.is_empty()).then_some(Value::Array(replies))
            }
            message => self.handle_message(message),
        }
    }

    fn handle_message(&mut self, message: Value) -> Option<Value> {
        let Value::Object(message) = message else {
            return Some(error_response(
                None,
                RpcError::new(
                    INVALID_REQUEST,
                    "Invalid Request: a message is a JSON object",
                ),
            ));
        };
        let id = match message.get("id") {
            None => None,
            Some(id @ (Value::String(_) | Value::Number(_))) => Some(id),
            Some(_) => {
                return Some(error_response(
                    None,
                    RpcError::new(
                        INVALID_REQUEST,
                        "Invalid Request: an id is a string or a number",
                    ),
                ))
            }
        };
        if message.get("jsonrpc") != Some(&json!("2.0")) {
            return Some(error_response(
                id,
                RpcError::new(
                    INVALID_REQUEST,
                    "Invalid Request: `jsonrpc` must be \"2.0\"",
                ),
            ));
        }
        let Some(method) = message.get("method").and_then(Value::as_str) else {
            if message.contains_key("result") || message.contains_key("error") {
                // A response: this server sends no requests, so there is nothing to match.
                return None;
            }
            return Some(error_response(
                id,
                RpcError::new(INVALID_REQUEST, "Invalid Request: no `method`"),
            ));
        };
        let empty = Map::new();
        let params = match message.get("params") {
            None => Ok(&empty),
            Some(Value::Object(params)) => Ok(params),
            Some(_) => Err(RpcError::new(
                INVALID_PARAMS,
                "Invalid params: `params` is an object",
            )),
        };
        let Some(id) = id else {
            // Notifications get no answer. `notifications/initialized` needs nothing more
            // (this server sends no requests it would have to hold back until then), and a
            // `notifications/cancelled` cannot reach a request: each is answered before the
            // next line is read.
            return None;
        };
        let result = params.and_then(|params| self.request(method, params));
        Some(match result {
            Ok(result) => json!({"jsonrpc": "2.0", "id": id, "result": result}),
            Err(error) => error_response(Some(id), error),
        })
    }

    fn request(&mut self, method: &str, params: &Map<String, Value>) -> Result<Value, RpcError> {
        match method {
            "ping" => return Ok(json!({})),
            "initialize" => return self.initialize(params),
            "tools/list" | "tools/call" => {}
            _ => {
                return Err(RpcError::new(
                    METHOD_NOT_FOUND,
                    format!("Method not found: {method}"),
                ))
            }
        }
        let Some(version) = self.version else {
            return Err(RpcError::new(
                INVALID_REQUEST,
                format!(
                    "Invalid Request: `{method}` before `initialize`; initialize the session first"
                ),
            ));
        };
        if method == "tools/list" {
            if params.get("cursor").is_some_and(|c| !c.is_null()) {
                // Every tool is on the one page; no cursor was ever handed out.
                return Err(RpcError::new(
                    INVALID_PARAMS,
                    "Invalid params: unknown cursor",
                ));
            }
            return Ok(json!({"tools": tools::list(version)}));
        }
        let name = params.get("name").and_then(Value::as_str).ok_or_else(|| {
            RpcError::new(
                INVALID_PARAMS,
                "Invalid params: `name` (a string) is required",
            )
        })?;
        let empty = Map::new();
        let arguments = match params.get("arguments") {
            None | Some(Value::Null) => &empty,
            Some(Value::Object(arguments)) => arguments,
            Some(_) => {
                return Err(RpcError::new(
                    INVALID_PARAMS,
                    "Invalid params: `arguments` is an object",
                ))
            }
        };
        let Some(tool) = tools::find(name) else {
            return Err(RpcError {
                code: INVALID_PARAMS,
                message: format!("Unknown tool: {name}"),
                data: Some(json!({"tools": tools::names()})),
            });
        };
        Ok(tools::call(tool, &self.root, arguments, version))
    }

    /// `initialize`: the version the client asked for if this server speaks it, else the
    /// newest this server speaks (the client then decides whether to go on).
    fn initialize(&mut self, params: &Map<String, Value>) -> Result<Value, RpcError> {
        if self.version.is_some() {
            return Err(RpcError::new(
                INVALID_REQUEST,
                "Invalid Request: the session is already initialized",
            ));
        }
        let Some(requested) = params.get("protocolVersion").and_then(Value::as_str) else {
            return Err(RpcError {
                code: INVALID_PARAMS,
                message: "Invalid params: `protocolVersion` (a string) is required".into(),
                data: Some(json!({"supported": PROTOCOL_VERSIONS})),
            });
        };
        let version = PROTOCOL_VERSIONS
            .iter()
            .copied()
            .find(|v| *v == requested)
            .unwrap_or(PROTOCOL_VERSIONS[0]);
        self.version = Some(version);
        let mut server_info = json!({"name": "driftlock", "version": env!("CARGO_PKG_VERSION")});
        if version >= "2025-06-18" {
            server_info["title"] = json!("driftlock: offline analysis of Alembic histories");
        }
        Ok(json!({
            "protocolVersion": version,
            "capabilities": {"tools": {"listChanged": false}},
            "serverInfo": server_info,
            "instructions": INSTRUCTIONS,
        }))
    }
}

/// What the client may show the model about this server.
const INSTRUCTIONS: &str = "driftlock reads an Alembic migration history for PostgreSQL \
statically (no database, no project code run). Use `history` for the revision graph and its \
problems, `schema_at` for the schema `alembic upgrade REV` builds (what a table looks like at a \
revision), `models` for the schema the SQLAlchemy models declare, `drift` for what differs \
between the two, `check` for risky changes (locks, rewrites, broken downgrades) with their safe \
alternatives, and `explain` for a rule's documentation. Every tool but `explain` takes an \
optional `path`: the project (its root, alembic.ini, pyproject.toml or script directory), \
relative to the folder the server was started for, which is the default.";
