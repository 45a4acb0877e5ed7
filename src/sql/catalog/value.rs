//! The values a catalog query computes with. Some are known exactly (names, kinds, flags);
//! others are only consistent inside the replay: object identifiers and column numbers are
//! made up, so they may be joined and ordered among themselves but are never shown to the
//! revision, nor compared with a number it wrote.

use std::cmp::Ordering;

#[derive(Clone, Debug)]
pub(super) enum V {
    Null,
    Bool(bool),
    Int(i64),
    /// `text` (and `varchar`, `"char"`): compared with the database's collation.
    Text(String),
    /// `name` and information_schema's `sql_identifier`: compared byte by byte (collation C).
    Name(String),
    /// An object identifier the replay made up (0 is "no object", as in the catalog).
    Oid(u32),
    /// `regclass`: a relation's identifier, printed as its name.
    RegClass(u32),
    /// `regtype`: a type's identifier, printed as its name.
    RegType(u32),
    /// `regnamespace`: a schema's identifier, printed as its name.
    RegNamespace(u32),
    /// A positive number whose order the replay knows but not its value (`attnum` after a
    /// dropped column, `enumsortorder` after `ADD VALUE BEFORE`).
    Ord(i64),
    Array(Vec<V>),
    /// The rows of a set-returning function in a select list (`unnest(...)`).
    Set(Vec<V>),
    /// The name PostgreSQL gives a `NOT NULL` column in information_schema
    /// (`2200_16386_1_not_null`, from object identifiers): unknown, but never another name.
    NotNullName,
    /// A value driftlock does not know; a query whose answer depends on it is not answered.
    Unknown(&'static str),
}

impl V {
    pub(super) fn text(s: impl Into<String>) -> V {
        V::Text(s.into())
    }

    pub(super) fn name(s: impl Into<String>) -> V {
        V::Name(s.into())
    }

    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            V::Text(s) | V::Name(s) => Some(s),
            _ => None,
        }
    }

    /// The number behind an identifier, whatever `reg*` type it was cast to.
    fn oid(&self) -> Option<u32> {
        match self {
            V::Oid(o) | V::RegClass(o) | V::RegType(o) | V::RegNamespace(o) => Some(*o),
            _ => None,
        }
    }
}

/// What a comparison gives: `Some(None)` is SQL's NULL, `None` not known statically.
pub(super) type Known<T> = Option<Option<T>>;

/// `a = b`. `Err` when either side is [`V::Unknown`] (the caller makes the result unknown).
pub(super) fn equal(a: &V, b: &V) -> Result<Known<bool>, &'static str> {
    Ok(match (a, b) {
        (V::Unknown(why), _) | (_, V::Unknown(why)) => return Err(why),
        (V::Null, _) | (_, V::Null) => Some(None),
        (V::NotNullName, other) | (other, V::NotNullName) => match other.as_str() {
            Some(s) if !could_be_not_null_name(s) => Some(Some(false)),
            _ => None,
        },
        (V::Array(x), V::Array(y)) => {
            if x.len() != y.len() {
                return Ok(Some(Some(false)));
            }
            let mut all = Some(true);
            for (p, q) in x.iter().zip(y) {
                match equal(p, q)? {
                    Some(Some(true)) => {}
                    Some(Some(false)) => return Ok(Some(Some(false))),
                    Some(None) => all = None,
                    None => return Ok(None),
                }
            }
            Some(all)
        }
        _ => order(a, b, false)?.map(|o| o.map(|o| o == Ordering::Equal)),
    })
}

/// The order of `a` and `b`; with `sorting` only when PostgreSQL's order is known (text in
/// the database's collation only when it is the same in every collation).
pub(super) fn order(a: &V, b: &V, sorting: bool) -> Result<Known<Ordering>, &'static str> {
    Ok(match (a, b) {
        (V::Unknown(why), _) | (_, V::Unknown(why)) => return Err(why),
        (V::Null, _) | (_, V::Null) => Some(None),
        (V::Bool(x), V::Bool(y)) => Some(Some(x.cmp(y))),
        (V::Int(x), V::Int(y)) | (V::Ord(x), V::Ord(y)) => Some(Some(x.cmp(y))),
        // A made-up positive number is above any number up to zero (`attnum > 0`), and
        // unknown against a positive one.
        (V::Ord(_), V::Int(y)) if *y <= 0 => Some(Some(Ordering::Greater)),
        (V::Int(x), V::Ord(_)) if *x <= 0 => Some(Some(Ordering::Less)),
        (V::Name(x), V::Name(y)) => Some(Some(x.as_bytes().cmp(y.as_bytes()))),
        (V::Text(x) | V::Name(x), V::Text(y) | V::Name(y)) => {
            let plain = |s: &str| {
                s.bytes()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
            };
            if sorting && !(plain(x) && plain(y)) {
                None
            } else {
                Some(Some(x.as_bytes().cmp(y.as_bytes())))
            }
        }
        // A literal compared with a number: PostgreSQL reads the literal as one.
        (V::Int(x), V::Text(y)) => y.trim().parse::<i64>().ok().map(|y| Some(x.cmp(&y))),
        (V::Text(x), V::Int(y)) => x.trim().parse::<i64>().ok().map(|x| Some(x.cmp(y))),
        (V::Text(t), V::Bool(b)) | (V::Bool(b), V::Text(t)) if !sorting => {
            bool_literal(t).map(|t| {
                Some(if t == *b {
                    Ordering::Equal
                } else {
                    Ordering::Less
                })
            })
        }
        _ => match (a.oid(), b.oid()) {
            // Identifiers are equal or not; their order is the replay's, not the database's.
            (Some(x), Some(y)) if !sorting => Some(Some(if x == y {
                Ordering::Equal
            } else {
                Ordering::Less
            })),
            _ => match (a, b) {
                // `confrelid = 0`: whether there is an object at all.
                (V::Oid(o), V::Int(0)) | (V::Int(0), V::Oid(o)) if !sorting => {
                    Some(Some(if *o == 0 {
                        Ordering::Equal
                    } else {
                        Ordering::Less
                    }))
                }
                _ => None,
            },
        },
    })
}

/// SQL's spellings of a boolean literal (`'t'`, `'true'`, `'yes'`, `'on'`, `'1'`, ...).
pub(super) fn bool_literal(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "t" | "true" | "y" | "yes" | "on" | "1" => Some(true),
        "f" | "false" | "n" | "no" | "off" | "0" => Some(false),
        _ => None,
    }
}

/// Whether `s` has the shape of information_schema's name for a `NOT NULL` column.
fn could_be_not_null_name(s: &str) -> bool {
    let Some(numbers) = s.strip_suffix("_not_null") else {
        return false;
    };
    let parts: Vec<&str> = numbers.split('_').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|c| c.is_ascii_digit()))
}

/// SQL's `LIKE` (`ILIKE` with `fold`): `%` any run, `_` any one character, `\` escapes.
pub(super) fn like(value: &str, pattern: &str, fold: bool) -> bool {
    fn go(v: &[char], p: &[char]) -> bool {
        match p.split_first() {
            None => v.is_empty(),
            // `%%` is `%`: skipped at once, so a run of them costs no more than one.
            Some(('%', rest)) if rest.first() == Some(&'%') => go(v, rest),
            Some(('%', rest)) => (0..=v.len()).any(|i| go(&v[i..], rest)),
            Some(('_', rest)) => !v.is_empty() && go(&v[1..], rest),
            Some(('\\', rest)) if !rest.is_empty() => {
                v.first() == Some(&rest[0]) && go(&v[1..], &rest[1..])
            }
            Some((c, rest)) => v.first() == Some(c) && go(&v[1..], rest),
        }
    }
    let chars = |s: &str| -> Vec<char> {
        if fold {
            s.to_lowercase().chars().collect()
        } else {
            s.chars().collect()
        }
    };
    go(&chars(value), &chars(pattern))
}
