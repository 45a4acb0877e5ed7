//! `SqlType`: a PostgreSQL column type in canonical form, printed exactly as PostgreSQL's
//! `format_type()` prints it, whatever spelling produced it (`sa.String(50)`,
//! `sa.VARCHAR(length=50)`, `varchar(50)` in raw SQL).

use std::fmt;

/// A column type. `array_dims` > 0 makes it an array (PostgreSQL records no dimension count,
/// so every array prints as one `[]`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SqlType {
    pub base: BaseType,
    pub array: bool,
}

/// The element type.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum BaseType {
    SmallInt,
    Integer,
    BigInt,
    Real,
    Double,
    /// `numeric`, `numeric(p,s)`.
    Numeric(Option<(u32, u32)>),
    Boolean,
    Text,
    Varchar(Option<u32>),
    Char(u32),
    Bytea,
    Date,
    Timestamp {
        tz: bool,
        precision: Option<u32>,
    },
    Time {
        tz: bool,
        precision: Option<u32>,
    },
    Interval {
        fields: Option<String>,
        precision: Option<u32>,
    },
    Json,
    Jsonb,
    Uuid,
    Bit {
        varying: bool,
        length: Option<u32>,
    },
    /// A built-in type without modifiers printed as its name (`inet`, `money`, `tsvector`,
    /// `int4range`, ...).
    Builtin(&'static str),
    /// A user-defined or extension type (enum, domain, `citext`, `vector(3)`): schema (None
    /// for types found on the search path), name, and the modifiers as written.
    Named {
        schema: Option<String>,
        name: String,
        modifiers: Option<String>,
    },
}

impl SqlType {
    pub fn new(base: BaseType) -> Self {
        SqlType { base, array: false }
    }

    pub fn array_of(mut self) -> Self {
        self.array = true;
        self
    }

    /// The type without its modifiers (lengths, precisions): `format_type(oid, -1)`.
    pub fn without_modifiers(&self) -> SqlType {
        let base = match &self.base {
            BaseType::Numeric(_) => BaseType::Numeric(None),
            BaseType::Varchar(_) => BaseType::Varchar(None),
            BaseType::Timestamp { tz, .. } => BaseType::Timestamp {
                tz: *tz,
                precision: None,
            },
            BaseType::Time { tz, .. } => BaseType::Time {
                tz: *tz,
                precision: None,
            },
            BaseType::Bit { varying: true, .. } => BaseType::Bit {
                varying: true,
                length: None,
            },
            BaseType::Named { schema, name, .. } => BaseType::Named {
                schema: schema.clone(),
                name: name.clone(),
                modifiers: None,
            },
            other => other.clone(),
        };
        SqlType {
            base,
            array: self.array,
        }
    }

    /// Integer types that SERIAL and identity columns can have.
    pub fn is_integer(&self) -> bool {
        !self.array
            && matches!(
                self.base,
                BaseType::SmallInt | BaseType::Integer | BaseType::BigInt
            )
    }

    /// Whether a quoted literal of this type prints bare in `pg_get_expr` when it looks like a
    /// non-negative number (PostgreSQL's `get_const_expr` does this for int4 and numeric).
    pub fn prints_numbers_bare(&self) -> bool {
        !self.array && matches!(self.base, BaseType::Integer | BaseType::Numeric(_))
    }

    /// The built-in types PostgreSQL knows by name, from SQL spellings and their aliases.
    /// `modifiers` are the numbers in parentheses, if any.
    pub fn from_sql_name(name: &str, modifiers: &[u32]) -> Option<BaseType> {
        let m0 = modifiers.first().copied();
        Some(match name {
            "int2" | "smallint" => BaseType::SmallInt,
            "int4" | "int" | "integer" => BaseType::Integer,
            "int8" | "bigint" => BaseType::BigInt,
            "float4" | "real" => BaseType::Real,
            "float8" | "double precision" => BaseType::Double,
            "float" => match m0 {
                Some(p) if p <= 24 => BaseType::Real,
                _ => BaseType::Double,
            },
            "numeric" | "decimal" => {
                BaseType::Numeric(m0.map(|p| (p, modifiers.get(1).copied().unwrap_or(0))))
            }
            "bool" | "boolean" => BaseType::Boolean,
            "text" => BaseType::Text,
            "varchar" | "character varying" => BaseType::Varchar(m0),
            "bpchar" | "char" | "character" => BaseType::Char(m0.unwrap_or(1)),
            "bytea" => BaseType::Bytea,
            "date" => BaseType::Date,
            "timestamp" | "timestamp without time zone" => BaseType::Timestamp {
                tz: false,
                precision: m0,
            },
            "timestamptz" | "timestamp with time zone" => BaseType::Timestamp {
                tz: true,
                precision: m0,
            },
            "time" | "time without time zone" => BaseType::Time {
                tz: false,
                precision: m0,
            },
            "timetz" | "time with time zone" => BaseType::Time {
                tz: true,
                precision: m0,
            },
            "interval" => BaseType::Interval {
                fields: None,
                precision: m0,
            },
            "json" => BaseType::Json,
            "jsonb" => BaseType::Jsonb,
            "uuid" => BaseType::Uuid,
            "bit" => BaseType::Bit {
                varying: false,
                length: Some(m0.unwrap_or(1)),
            },
            "varbit" | "bit varying" => BaseType::Bit {
                varying: true,
                length: m0,
            },
            other => BaseType::Builtin(builtin_name(other)?),
        })
    }
}

/// Built-in types printed as their own name.
fn builtin_name(name: &str) -> Option<&'static str> {
    const NAMES: &[&str] = &[
        "inet",
        "cidr",
        "macaddr",
        "macaddr8",
        "money",
        "tsvector",
        "tsquery",
        "oid",
        "regclass",
        "xml",
        "point",
        "line",
        "lseg",
        "box",
        "path",
        "polygon",
        "circle",
        "jsonpath",
        "int4range",
        "int8range",
        "numrange",
        "daterange",
        "tsrange",
        "tstzrange",
        "int4multirange",
        "int8multirange",
        "nummultirange",
        "datemultirange",
        "tsmultirange",
        "tstzmultirange",
        "pg_lsn",
        "txid_snapshot",
        "pg_snapshot",
        "name",
    ];
    NAMES.iter().copied().find(|n| *n == name)
}

impl fmt::Display for BaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BaseType::SmallInt => f.write_str("smallint"),
            BaseType::Integer => f.write_str("integer"),
            BaseType::BigInt => f.write_str("bigint"),
            BaseType::Real => f.write_str("real"),
            BaseType::Double => f.write_str("double precision"),
            BaseType::Numeric(None) => f.write_str("numeric"),
            BaseType::Numeric(Some((p, s))) => write!(f, "numeric({p},{s})"),
            BaseType::Boolean => f.write_str("boolean"),
            BaseType::Text => f.write_str("text"),
            BaseType::Varchar(None) => f.write_str("character varying"),
            BaseType::Varchar(Some(n)) => write!(f, "character varying({n})"),
            BaseType::Char(n) => write!(f, "character({n})"),
            BaseType::Bytea => f.write_str("bytea"),
            BaseType::Date => f.write_str("date"),
            BaseType::Timestamp { tz, precision } => with_zone(f, "timestamp", *tz, *precision),
            BaseType::Time { tz, precision } => with_zone(f, "time", *tz, *precision),
            BaseType::Interval { fields, precision } => {
                f.write_str("interval")?;
                if let Some(fields) = fields {
                    write!(f, " {}", fields.to_lowercase())?;
                }
                if let Some(p) = precision {
                    write!(f, "({p})")?;
                }
                Ok(())
            }
            BaseType::Json => f.write_str("json"),
            BaseType::Jsonb => f.write_str("jsonb"),
            BaseType::Uuid => f.write_str("uuid"),
            BaseType::Bit {
                varying: false,
                length,
            } => write!(f, "bit({})", length.unwrap_or(1)),
            BaseType::Bit {
                varying: true,
                length: None,
            } => f.write_str("bit varying"),
            BaseType::Bit {
                varying: true,
                length: Some(n),
            } => write!(f, "bit varying({n})"),
            BaseType::Builtin(name) => f.write_str(name),
            BaseType::Named {
                schema,
                name,
                modifiers,
            } => {
                if let Some(s) = schema {
                    write!(f, "{}.", quote_ident(s))?;
                }
                f.write_str(&quote_ident(name))?;
                if let Some(m) = modifiers {
                    write!(f, "({m})")?;
                }
                Ok(())
            }
        }
    }
}

/// `timestamp(3) with time zone`, `time without time zone`.
fn with_zone(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    tz: bool,
    precision: Option<u32>,
) -> fmt::Result {
    f.write_str(name)?;
    if let Some(p) = precision {
        write!(f, "({p})")?;
    }
    f.write_str(if tz {
        " with time zone"
    } else {
        " without time zone"
    })
}

impl fmt::Display for SqlType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.base)?;
        if self.array {
            f.write_str("[]")?;
        }
        Ok(())
    }
}

/// Quotes an identifier the way PostgreSQL's `quote_identifier` does: bare when it is lower
/// case letters, digits and underscores not starting with a digit, and not a keyword.
pub fn quote_ident(name: &str) -> String {
    let safe = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        && !is_reserved_keyword(name);
    if safe {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('"', "\"\""))
    }
}

/// PostgreSQL keywords that `quote_identifier` quotes (reserved, and the type/function-name
/// categories that cannot be bare column names).
fn is_reserved_keyword(name: &str) -> bool {
    KEYWORDS.binary_search(&name).is_ok()
}

/// Sorted, for binary search.
const KEYWORDS: &[&str] = &[
    "all",
    "analyse",
    "analyze",
    "and",
    "any",
    "array",
    "as",
    "asc",
    "asymmetric",
    "authorization",
    "between",
    "bigint",
    "binary",
    "bit",
    "boolean",
    "both",
    "case",
    "cast",
    "char",
    "character",
    "check",
    "coalesce",
    "collate",
    "collation",
    "column",
    "concurrently",
    "constraint",
    "create",
    "cross",
    "current_catalog",
    "current_date",
    "current_role",
    "current_schema",
    "current_time",
    "current_timestamp",
    "current_user",
    "dec",
    "decimal",
    "default",
    "deferrable",
    "desc",
    "distinct",
    "do",
    "else",
    "end",
    "except",
    "exists",
    "extract",
    "false",
    "fetch",
    "float",
    "for",
    "foreign",
    "freeze",
    "from",
    "full",
    "grant",
    "greatest",
    "group",
    "grouping",
    "having",
    "ilike",
    "in",
    "initially",
    "inner",
    "inout",
    "int",
    "integer",
    "intersect",
    "interval",
    "into",
    "is",
    "isnull",
    "join",
    "json",
    "json_array",
    "json_arrayagg",
    "json_exists",
    "json_object",
    "json_objectagg",
    "json_query",
    "json_scalar",
    "json_serialize",
    "json_table",
    "json_value",
    "lateral",
    "leading",
    "least",
    "left",
    "like",
    "limit",
    "localtime",
    "localtimestamp",
    "merge_action",
    "national",
    "natural",
    "nchar",
    "none",
    "normalize",
    "not",
    "notnull",
    "null",
    "nullif",
    "numeric",
    "offset",
    "on",
    "only",
    "or",
    "order",
    "out",
    "outer",
    "overlaps",
    "overlay",
    "placing",
    "position",
    "precision",
    "primary",
    "real",
    "references",
    "returning",
    "right",
    "row",
    "select",
    "session_user",
    "setof",
    "similar",
    "smallint",
    "some",
    "substring",
    "symmetric",
    "system_user",
    "table",
    "tablesample",
    "then",
    "time",
    "timestamp",
    "to",
    "trailing",
    "treat",
    "trim",
    "true",
    "union",
    "unique",
    "user",
    "using",
    "values",
    "varchar",
    "variadic",
    "verbose",
    "when",
    "where",
    "window",
    "with",
    "xmlattributes",
    "xmlconcat",
    "xmlelement",
    "xmlexists",
    "xmlforest",
    "xmlnamespaces",
    "xmlparse",
    "xmlpi",
    "xmlroot",
    "xmlserialize",
    "xmltable",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_as_format_type() {
        let t = |b| SqlType::new(b).to_string();
        assert_eq!(t(BaseType::Varchar(Some(255))), "character varying(255)");
        assert_eq!(t(BaseType::Numeric(Some((10, 2)))), "numeric(10,2)");
        assert_eq!(
            t(BaseType::Timestamp {
                tz: true,
                precision: Some(3)
            }),
            "timestamp(3) with time zone"
        );
        assert_eq!(
            SqlType::new(BaseType::Varchar(Some(20)))
                .array_of()
                .to_string(),
            "character varying(20)[]"
        );
        assert_eq!(
            t(BaseType::Named {
                schema: Some("billing".into()),
                name: "Mood".into(),
                modifiers: None
            }),
            "billing.\"Mood\""
        );
        assert_eq!(t(SqlType::from_sql_name("float", &[24]).unwrap()), "real");
        assert_eq!(
            t(SqlType::from_sql_name("numeric", &[10]).unwrap()),
            "numeric(10,0)"
        );
    }

    #[test]
    fn keyword_list_is_sorted_for_binary_search() {
        assert!(KEYWORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(
            is_reserved_keyword("user")
                && is_reserved_keyword("order")
                && !is_reserved_keyword("users")
        );
    }
}
