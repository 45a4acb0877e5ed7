//! SQLAlchemy naming conventions (`MetaData(naming_convention=...)`): the names SQLAlchemy
//! gives constraints and indexes a migration or a model leaves unnamed, before PostgreSQL
//! would name them itself (`pg::names`).

use std::collections::BTreeMap;

use crate::pg::names::{clip, MAX_IDENTIFIER};

/// Which kind of object a naming-convention key names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConventionKind {
    Index,
    Unique,
    Check,
    ForeignKey,
    PrimaryKey,
}

impl ConventionKind {
    fn key(self) -> &'static str {
        match self {
            ConventionKind::Index => "ix",
            ConventionKind::Unique => "uq",
            ConventionKind::Check => "ck",
            ConventionKind::ForeignKey => "fk",
            ConventionKind::PrimaryKey => "pk",
        }
    }
}

/// A `MetaData(naming_convention=...)`. The default has only SQLAlchemy's built-in
/// `ix: ix_%(column_0_label)s`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NamingConvention {
    templates: BTreeMap<String, String>,
    /// Tokens the project defines with a function (`'column_names': fn`), as far as
    /// driftlock reads them.
    custom: BTreeMap<String, CustomToken>,
}

/// What a project's own token renders.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CustomToken {
    /// The constraint's column names joined by a separator.
    Columns(String),
    /// One text for a unique index, another for the others.
    Unique {
        yes: String,
        no: String,
    },
    Constant(String),
}

impl CustomToken {
    /// The token from its probed form (`eval::value::CONVENTION_TOKEN`).
    pub fn parse(text: &str) -> Option<CustomToken> {
        let mut parts = text.split('\0');
        match (parts.next()?, parts.next(), parts.next()) {
            ("columns", Some(separator), None) => Some(CustomToken::Columns(separator.into())),
            ("unique", Some(yes), Some(no)) => Some(CustomToken::Unique {
                yes: yes.into(),
                no: no.into(),
            }),
            ("const", Some(text), None) => Some(CustomToken::Constant(text.into())),
            _ => None,
        }
    }
}

impl Default for NamingConvention {
    fn default() -> Self {
        NamingConvention {
            templates: BTreeMap::from([("ix".to_string(), "ix_%(column_0_label)s".to_string())]),
            custom: BTreeMap::new(),
        }
    }
}

/// What a convention template can refer to.
#[derive(Clone, Debug, Default)]
pub struct ConventionInput<'a> {
    pub table: &'a str,
    pub table_schema: Option<&'a str>,
    pub columns: Vec<String>,
    pub constraint_name: Option<&'a str>,
    pub referred_table: Option<&'a str>,
    pub referred_columns: Vec<String>,
    /// A unique index (for a project's token that tells unique indexes apart).
    pub unique: bool,
}

/// Why a convention could not produce a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConventionError {
    /// `%(constraint_name)s` in the template, and the constraint has no name.
    NeedsName,
    /// A token driftlock does not know (a callable registered by the project, say).
    UnknownToken(String),
}

impl NamingConvention {
    /// A convention from its key → template pairs; the built-in `ix` template stays unless
    /// overridden.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Self {
        let mut c = NamingConvention::default();
        for (k, v) in pairs {
            c.templates.insert(k, v);
        }
        c
    }

    /// The convention with the project's own token `name`.
    pub fn with_token(mut self, name: String, token: CustomToken) -> Self {
        self.custom.insert(name, token);
        self
    }

    /// Whether this is SQLAlchemy's default (only its `ix` template): then names an
    /// operation gives are used as they are, and need no `op.f()`.
    pub fn is_default(&self) -> bool {
        self.templates == NamingConvention::default().templates && self.custom.is_empty()
    }

    /// Whether the template for `kind` rewrites explicitly named objects too.
    pub fn uses_constraint_name(&self, kind: ConventionKind) -> bool {
        self.templates
            .get(kind.key())
            .is_some_and(|t| t.contains("%(constraint_name)s"))
    }

    /// The name the convention gives, `None` when it has no template for `kind`. Names over 63
    /// bytes are shortened as SQLAlchemy does: 55 characters, `_`, the last 4 hex digits of the
    /// MD5 of the full name.
    pub fn name(
        &self,
        kind: ConventionKind,
        input: &ConventionInput<'_>,
    ) -> Option<Result<String, ConventionError>> {
        let template = self.templates.get(kind.key())?;
        Some(render(template, input, &self.custom).map(|name| shorten(&name)))
    }
}

pub(crate) fn shorten(name: &str) -> String {
    if name.len() <= MAX_IDENTIFIER {
        return name.to_string();
    }
    use md5::{Digest, Md5};
    let digest = Md5::digest(name.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}_{}", clip(name, 55), &hex[hex.len() - 4..])
}

fn render(
    template: &str,
    input: &ConventionInput<'_>,
    custom: &BTreeMap<String, CustomToken>,
) -> Result<String, ConventionError> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("%(") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find(")s") else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let name = &after[..end];
        match custom.get(name) {
            Some(CustomToken::Columns(separator)) => out.push_str(&input.columns.join(separator)),
            Some(CustomToken::Unique { yes, no }) => {
                out.push_str(if input.unique { yes } else { no })
            }
            Some(CustomToken::Constant(text)) => out.push_str(text),
            None => out.push_str(&token(name, input)?),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn token(name: &str, input: &ConventionInput<'_>) -> Result<String, ConventionError> {
    let label = |column: &str| match input.table_schema {
        Some(schema) => format!("{schema}_{}_{column}", input.table),
        None => format!("{}_{column}", input.table),
    };
    match name {
        "table_name" => return Ok(input.table.to_string()),
        "constraint_name" => {
            return input
                .constraint_name
                .map(str::to_string)
                .ok_or(ConventionError::NeedsName)
        }
        "referred_table_name" => return Ok(input.referred_table.unwrap_or("").to_string()),
        _ => {}
    }
    let (columns, rest) = if let Some(rest) = name.strip_prefix("referred_column_") {
        (&input.referred_columns, rest)
    } else if let Some(rest) = name.strip_prefix("column_") {
        (&input.columns, rest)
    } else {
        return Err(ConventionError::UnknownToken(name.to_string()));
    };
    let render_one = |column: &str, part: &str| match part {
        "name" | "key" => Some(column.to_string()),
        "label" => Some(label(column)),
        _ => None,
    };
    let unknown = || ConventionError::UnknownToken(name.to_string());
    if let Some(part) = rest.strip_prefix("0N_") {
        return columns
            .iter()
            .map(|c| render_one(c, part))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.concat())
            .ok_or_else(unknown);
    }
    if let Some(part) = rest.strip_prefix("0_N_") {
        return columns
            .iter()
            .map(|c| render_one(c, part))
            .collect::<Option<Vec<_>>>()
            .map(|v| v.join("_"))
            .ok_or_else(unknown);
    }
    let (index, part) = rest.split_once('_').ok_or_else(unknown)?;
    let index: usize = index.parse().map_err(|_| unknown())?;
    let column = columns.get(index).ok_or_else(unknown)?;
    render_one(column, part).ok_or_else(unknown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_render_and_shorten() {
        let c = NamingConvention::from_pairs([
            (
                "fk".to_string(),
                "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s".to_string(),
            ),
            (
                "ck".to_string(),
                "ck_%(table_name)s_%(constraint_name)s".to_string(),
            ),
            (
                "uq".to_string(),
                "uq_%(table_name)s_%(column_0_N_name)s".to_string(),
            ),
        ]);
        let input = ConventionInput {
            table: "account",
            columns: vec!["org_id".into(), "x".into()],
            referred_table: Some("org"),
            ..Default::default()
        };
        assert_eq!(
            c.name(ConventionKind::ForeignKey, &input).unwrap().unwrap(),
            "fk_account_org_id_org"
        );
        assert_eq!(
            c.name(ConventionKind::Unique, &input).unwrap().unwrap(),
            "uq_account_org_id_x"
        );
        assert_eq!(
            c.name(ConventionKind::Index, &input).unwrap().unwrap(),
            "ix_account_org_id"
        );
        assert_eq!(
            c.name(ConventionKind::Check, &input).unwrap(),
            Err(ConventionError::NeedsName)
        );
        assert!(c.name(ConventionKind::PrimaryKey, &input).is_none());
        let long = shorten(&"x".repeat(70));
        assert_eq!(long.len(), 60);
    }
}
