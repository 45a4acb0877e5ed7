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
}

impl Default for NamingConvention {
    fn default() -> Self {
        NamingConvention {
            templates: BTreeMap::from([("ix".to_string(), "ix_%(column_0_label)s".to_string())]),
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
        Some(render(template, input).map(|name| shorten(&name)))
    }
}

fn shorten(name: &str) -> String {
    if name.len() <= MAX_IDENTIFIER {
        return name.to_string();
    }
    use md5::{Digest, Md5};
    let digest = Md5::digest(name.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}_{}", clip(name, 55), &hex[hex.len() - 4..])
}

fn render(template: &str, input: &ConventionInput<'_>) -> Result<String, ConventionError> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("%(") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find(")s") else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        out.push_str(&token(&after[..end], input)?);
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
