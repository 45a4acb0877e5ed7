//! Whether a default expression is volatile: PostgreSQL 11+ stores a non-volatile default of a
//! new column in the catalog (no rewrite), but evaluates a volatile one for every existing row,
//! rewriting the table. The table below holds the built-in functions whose `provolatile` is
//! `v`, and the common stable and immutable ones that migrations use in defaults.

/// Built-in functions whose `pg_proc.provolatile` is `v` (volatile).
const VOLATILE: &[&str] = &[
    "random",
    "random_normal",
    "gen_random_uuid",
    "uuidv4",
    "uuidv7",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "clock_timestamp",
    "timeofday",
    "nextval",
    "setval",
    "currval",
    "lastval",
    "txid_current",
    "pg_current_xact_id",
    "gen_random_bytes",
    "gen_salt",
    "crypt",
    "pg_sleep",
    "setseed",
];

/// Built-in functions that are stable or immutable (evaluated once for `ADD COLUMN`).
const NOT_VOLATILE: &[&str] = &[
    "now",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtimestamp",
    "localtime",
    "transaction_timestamp",
    "statement_timestamp",
    "timezone",
    "current_user",
    "current_role",
    "session_user",
    "current_schema",
    "current_setting",
    "to_jsonb",
    "to_json",
    "jsonb_build_object",
    "json_build_object",
    "jsonb_build_array",
    "json_build_array",
    "array",
    "lower",
    "upper",
    "length",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "date_trunc",
    "make_interval",
    "uuid_nil",
    "uuid_ns_url",
    "to_timestamp",
    "to_char",
    "concat",
    "md5",
    "abs",
    "round",
    "floor",
    "ceil",
    "jsonb",
    "json",
    "interval",
    "timestamp",
    "timestamptz",
    "date",
    "numeric",
];

/// How a default expression evaluates.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Volatility {
    /// Constants and stable or immutable functions only.
    Stable,
    /// Calls this volatile function.
    Volatile(String),
    /// Calls a function driftlock does not know (neither built in nor created earlier).
    Unknown(String),
}

/// The volatility of a default; `known_functions` are functions the history created, with
/// whether they are volatile.
pub fn of_default(expr: &str, known_functions: &dyn Fn(&str) -> Option<bool>) -> Volatility {
    let mut unknown = None;
    for f in crate::pg::expr::called_functions(expr) {
        if VOLATILE.contains(&f.as_str()) || known_functions(&f) == Some(true) {
            return Volatility::Volatile(f);
        }
        if NOT_VOLATILE.contains(&f.as_str()) || known_functions(&f) == Some(false) {
            continue;
        }
        unknown.get_or_insert(f);
    }
    match unknown {
        Some(f) => Volatility::Unknown(f),
        None => Volatility::Stable,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pg::expr::called_functions;

    #[test]
    fn finds_calls_outside_literals_and_casts() {
        assert_eq!(called_functions("now()"), vec!["now"]);
        assert_eq!(
            called_functions("'random()'::text || lower(x)"),
            vec!["lower"]
        );
        assert_eq!(called_functions("(0)::numeric(10,2)"), Vec::<String>::new());
        assert_eq!(
            called_functions("nextval('users_id_seq'::regclass)"),
            vec!["nextval"]
        );
    }

    #[test]
    fn classifies_defaults() {
        let none = |_: &str| None;
        assert_eq!(of_default("now()", &none), Volatility::Stable);
        assert_eq!(
            of_default("'x'::character varying", &none),
            Volatility::Stable
        );
        assert_eq!(
            of_default("gen_random_uuid()", &none),
            Volatility::Volatile("gen_random_uuid".into())
        );
        assert_eq!(
            of_default("my_fn()", &none),
            Volatility::Unknown("my_fn".into())
        );
        assert_eq!(
            of_default("my_fn()", &|f: &str| (f == "my_fn").then_some(false)),
            Volatility::Stable
        );
    }
}
