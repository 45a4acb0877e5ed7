//! The `search_path` an engine's connections start with, set where env.py builds the engine:
//! `create_engine(url, connect_args={"options": "-c search_path=app,public"})` (libpq's
//! startup options, as psycopg passes them) or `connect_args={"server_settings":
//! {"search_path": "app"}}` (asyncpg). Each connection starts with it: what `RESET
//! search_path` returns to.

use super::value::{Args, Value};

fn entry<'v>(dict: &'v Value, key: &str) -> Option<&'v Value> {
    let Value::Dict(items) = dict else {
        return None;
    };
    items
        .iter()
        .find(|(k, _)| matches!(k, Value::Str(s) if s == key))
        .map(|(_, v)| v)
}

/// `search_path=...` among libpq's startup options (`-c name=value`, `-cname=value`,
/// `--name=value`, separated by spaces; `\ ` is a space inside a value).
fn from_options(options: &str) -> Option<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut chars = options.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => word.extend(chars.next()),
            c if c.is_whitespace() => words.push(std::mem::take(&mut word)),
            c => word.push(c),
        }
    }
    words.push(word);
    let mut setting = None;
    let mut after_c = false;
    for w in words.iter().filter(|w| !w.is_empty()) {
        let assignment = if after_c {
            Some(w.as_str())
        } else {
            w.strip_prefix("-c")
                .filter(|rest| !rest.is_empty())
                .or_else(|| w.strip_prefix("--"))
        };
        after_c = w == "-c";
        if let Some((name, value)) = assignment.and_then(|a| a.split_once('=')) {
            if name.replace('-', "_").eq_ignore_ascii_case("search_path") {
                setting = Some(value.to_string());
            }
        }
    }
    setting
}

/// The `search_path` an engine's `connect_args` start its connections with, if they set one.
pub(super) fn search_path(args: &Args) -> Option<Vec<String>> {
    let connect_args = args.keyword("connect_args")?;
    let value = match entry(connect_args, "options") {
        Some(Value::Str(options)) => from_options(options),
        _ => None,
    }
    .or_else(
        || match entry(entry(connect_args, "server_settings")?, "search_path")? {
            Value::Str(path) => Some(path.clone()),
            _ => None,
        },
    )?;
    Some(crate::sql::session::search_path_schemas(&value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connect_args(value: Value) -> Args {
        Args {
            keywords: vec![("connect_args".to_string(), value)],
            ..Args::default()
        }
    }

    fn path(schemas: &[&str]) -> Vec<String> {
        schemas.iter().map(|s| s.to_string()).collect()
    }

    fn dict(items: Vec<(&str, Value)>) -> Value {
        Value::Dict(
            items
                .into_iter()
                .map(|(k, v)| (Value::Str(k.to_string()), v))
                .collect(),
        )
    }

    #[test]
    fn libpq_options_in_every_spelling() {
        for options in [
            "-csearch_path=app,public",
            "-c search_path=app,public",
            "--search_path=app,public",
            "-c statement_timeout=0 -c search_path=App,\"public\"",
        ] {
            let args = connect_args(dict(vec![("options", Value::Str(options.into()))]));
            assert_eq!(
                search_path(&args),
                Some(path(&["app", "public"])),
                "{options}"
            );
        }
        let args = connect_args(dict(vec![(
            "options",
            Value::Str("-c statement_timeout=0".into()),
        )]));
        assert_eq!(search_path(&args), None);
    }

    #[test]
    fn asyncpg_server_settings() {
        let args = connect_args(dict(vec![(
            "server_settings",
            dict(vec![(
                "search_path",
                Value::Str("tenant, \"$user\"".into()),
            )]),
        )]));
        assert_eq!(search_path(&args), Some(path(&["tenant", "$user"])));
        assert_eq!(search_path(&Args::default()), None);
    }
}
