//! `[tool.alembic]` in `pyproject.toml` (Alembic 1.16+): the same keys as `alembic.ini`, with
//! real TOML arrays for lists and `%(here)s` for the file's directory.

use std::path::Path;

use super::{ConfigPlace, DiscoverError, Settings};

/// The settings of `[tool.alembic]`, or `None` when the file has no such table.
pub(super) fn settings(file: &Path) -> Result<Option<Settings>, DiscoverError> {
    let text = crate::fs::read_utf8(file, crate::fs::DEFAULT_MAX_FILE_BYTES).map_err(|e| {
        DiscoverError {
            message: format!("cannot read {}: {e}", file.display()),
            place: None,
            help: None,
        }
    })?;
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| DiscoverError {
        message: format!("{} is not valid TOML: {}", file.display(), e.message()),
        place: e.span().map(|span| ConfigPlace {
            file: file.to_path_buf(),
            line: line_of(&text, span.start),
        }),
        help: None,
    })?;
    let Some(table) = doc
        .get("tool")
        .and_then(|t| t.get("alembic"))
        .and_then(|t| t.as_table())
    else {
        return Ok(None);
    };
    let here = file.parent().unwrap_or(Path::new("")).to_string_lossy();
    let expand = |s: &str| s.replace("%(here)s", &here);
    let place_of = |key: &str| ConfigPlace {
        file: file.to_path_buf(),
        line: key_line(&text, key),
    };
    let wrong_type = |key: &str, expected: &str| DiscoverError {
        message: format!("[tool.alembic] {key} must be {expected}"),
        place: Some(place_of(key)),
        help: None,
    };
    let strings = |key: &str| -> Result<Option<Vec<String>>, DiscoverError> {
        match table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(vec![expand(s)])),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(expand)
                        .ok_or_else(|| wrong_type(key, "a list of strings"))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
            Some(_) => Err(wrong_type(key, "a string or a list of strings")),
        }
    };

    let mut settings = Settings::default();
    match table.get("script_location") {
        None => {}
        Some(toml::Value::String(s)) => {
            settings.script_location = Some((expand(s), place_of("script_location")));
        }
        Some(_) => return Err(wrong_type("script_location", "a string")),
    }
    if let Some(list) = strings("version_locations")? {
        settings.version_locations = Some((list, place_of("version_locations")));
    }
    settings.recursive = match table.get("recursive_version_locations") {
        None => false,
        Some(toml::Value::Boolean(b)) => *b,
        Some(toml::Value::String(s)) => s == "true",
        Some(_) => return Err(wrong_type("recursive_version_locations", "a boolean")),
    };
    settings.prepend_sys_path = strings("prepend_sys_path")?.unwrap_or_default();
    Ok(Some(settings))
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The line of `key = ...` inside `[tool.alembic]` (1 when it cannot be told).
fn key_line(text: &str, key: &str) -> usize {
    let mut in_table = false;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.starts_with('[') {
            in_table = t == "[tool.alembic]";
        } else if in_table
            && t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        {
            return i + 1;
        }
    }
    1
}
