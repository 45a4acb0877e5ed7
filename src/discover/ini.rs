//! A reader for the INI dialect of Python's `configparser`, which is what Alembic uses for
//! `alembic.ini`: `=` or `:` separators, `#`/`;` comment lines, indented continuation lines,
//! case-insensitive keys, a `DEFAULT` section, and `%(name)s` interpolation.

use std::collections::BTreeMap;

/// One value with the 1-based line its key stands on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniValue {
    pub raw: String,
    pub line: usize,
}

/// A parsed file: sections of lower-cased keys.
#[derive(Debug, Default)]
pub struct Ini {
    sections: BTreeMap<String, BTreeMap<String, IniValue>>,
}

/// A line that is neither a section header, a key, a comment nor a continuation.
#[derive(Debug, PartialEq, Eq)]
pub struct IniError {
    pub line: usize,
    pub message: String,
}

impl Ini {
    pub fn parse(text: &str) -> Result<Ini, IniError> {
        let mut ini = Ini::default();
        let mut section: Option<String> = None;
        // The key a continuation line extends, with the indent of its own line.
        let mut last_key: Option<(String, usize)> = None;
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let trimmed = line.trim();
            let indent = line.len() - line.trim_start().len();
            if trimmed.is_empty() {
                // configparser keeps empty lines inside multi-line values, then strips the
                // value's trailing whitespace; an empty line alone never ends a value.
                if let (Some(sec), Some((key, _))) = (&section, &last_key) {
                    if let Some(v) = ini.value_mut(sec, key) {
                        v.raw.push('\n');
                    }
                }
                continue;
            }
            if trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if let (Some(sec), Some((key, key_indent))) = (&section, &last_key) {
                if indent > *key_indent {
                    if let Some(v) = ini.value_mut(sec, key) {
                        v.raw.push('\n');
                        v.raw.push_str(trimmed);
                    }
                    continue;
                }
            }
            if trimmed.starts_with('[') && trimmed.ends_with(']') {
                let name = trimmed[1..trimmed.len() - 1].to_string();
                ini.sections.entry(name.clone()).or_default();
                section = Some(name);
                last_key = None;
                continue;
            }
            let Some(sec) = &section else {
                return Err(IniError {
                    line: number,
                    message: "a key before any [section] header".into(),
                });
            };
            let Some(split) = trimmed.find(['=', ':']) else {
                return Err(IniError {
                    line: number,
                    message: format!("expected `key = value`, found `{trimmed}`"),
                });
            };
            let key = trimmed[..split].trim().to_lowercase();
            let value = trimmed[split + 1..].trim().to_string();
            ini.sections.get_mut(sec).expect("section exists").insert(
                key.clone(),
                IniValue {
                    raw: value,
                    line: number,
                },
            );
            last_key = Some((key, indent));
        }
        for section in ini.sections.values_mut() {
            for value in section.values_mut() {
                let end = value.raw.trim_end().len();
                value.raw.truncate(end);
            }
        }
        Ok(ini)
    }

    fn value_mut(&mut self, section: &str, key: &str) -> Option<&mut IniValue> {
        self.sections.get_mut(section)?.get_mut(key)
    }

    /// The keys of `section` (lower-cased), in order.
    pub fn keys(&self, section: &str) -> Vec<String> {
        self.sections
            .get(section)
            .map(|s| s.keys().cloned().collect())
            .unwrap_or_default()
    }

    pub fn has_section(&self, section: &str) -> bool {
        self.sections.contains_key(section)
    }

    /// The raw value (no interpolation), looking in `DEFAULT` as configparser does.
    pub fn raw(&self, section: &str, key: &str) -> Option<&IniValue> {
        let key = key.to_lowercase();
        self.sections
            .get(section)
            .and_then(|s| s.get(&key))
            .or_else(|| self.sections.get("DEFAULT").and_then(|s| s.get(&key)))
    }

    /// The value with `%(name)s` references expanded from `vars`, the section and `DEFAULT`.
    pub fn get(
        &self,
        section: &str,
        key: &str,
        vars: &BTreeMap<String, String>,
    ) -> Option<Result<IniValue, IniError>> {
        let value = self.raw(section, key)?;
        Some(
            self.interpolate(section, &value.raw, vars, 0)
                .map(|raw| IniValue {
                    raw,
                    line: value.line,
                })
                .map_err(|message| IniError {
                    line: value.line,
                    message,
                }),
        )
    }

    fn interpolate(
        &self,
        section: &str,
        raw: &str,
        vars: &BTreeMap<String, String>,
        depth: usize,
    ) -> Result<String, String> {
        if depth > 10 {
            return Err("interpolation is nested too deeply (a reference loop?)".into());
        }
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(pos) = rest.find('%') {
            out.push_str(&rest[..pos]);
            rest = &rest[pos..];
            if let Some(after) = rest.strip_prefix("%%") {
                out.push('%');
                rest = after;
            } else if let Some(after) = rest.strip_prefix("%(") {
                let Some(close) = after.find(")s") else {
                    return Err(format!("bad interpolation syntax in `{raw}`"));
                };
                let name = after[..close].to_lowercase();
                let value = if let Some(v) = vars.get(&name) {
                    v.clone()
                } else if let Some(v) = self.raw(section, &name) {
                    self.interpolate(section, &v.raw, vars, depth + 1)?
                } else {
                    return Err(format!("`%({name})s` refers to a key that is not set"));
                };
                out.push_str(&value);
                rest = &after[close + 2..];
            } else {
                return Err(format!(
                    "`%` must be written `%%` or start `%(name)s` in `{raw}`"
                ));
            }
        }
        out.push_str(rest);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars() -> BTreeMap<String, String> {
        BTreeMap::from([("here".to_string(), "/proj".to_string())])
    }

    #[test]
    fn reads_keys_comments_continuations_and_interpolation() {
        let ini = Ini::parse(
            "[DEFAULT]\nbase = %(here)s/db\n\n[alembic]\n# comment\nScript_Location: %(base)s/migrations\n\
             version_locations =\n    %(here)s/a\n    %(here)s/b\n; other\nfile_template = 100%%\n",
        )
        .unwrap();
        let get = |k| ini.get("alembic", k, &vars()).unwrap().unwrap();
        assert_eq!(get("script_location").raw, "/proj/db/migrations");
        assert_eq!(get("script_location").line, 6);
        assert_eq!(get("version_locations").raw, "\n/proj/a\n/proj/b");
        assert_eq!(get("file_template").raw, "100%");
        assert!(ini.get("alembic", "missing", &vars()).is_none());
    }

    #[test]
    fn reports_bad_lines_and_bad_interpolation() {
        assert_eq!(Ini::parse("key = 1\n").unwrap_err().line, 1);
        assert_eq!(
            Ini::parse("[a]\nnot a key\n").unwrap_err().message,
            "expected `key = value`, found `not a key`"
        );
        let ini = Ini::parse("[a]\nx = %(nope)s\ny = 5%\n").unwrap();
        assert!(ini.get("a", "x", &vars()).unwrap().is_err());
        assert!(ini.get("a", "y", &vars()).unwrap().is_err());
    }
}
