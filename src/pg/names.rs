//! Names PostgreSQL gives to objects that a statement leaves unnamed: `makeObjectName`/
//! `ChooseRelationName` (`<table>_<cols>_key`, `_pkey`, `_fkey`, `_check`, `_excl`, `_idx`,
//! `_seq`, with numeric suffixes on collision and 63-byte truncation).

/// PostgreSQL's identifier limit: `NAMEDATALEN - 1` bytes.
pub const MAX_IDENTIFIER: usize = 63;

/// Truncates an identifier to 63 bytes on a character boundary, as PostgreSQL does.
pub fn truncate_identifier(name: &str) -> String {
    clip(name, MAX_IDENTIFIER).to_string()
}

pub fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// `makeObjectName(name1, name2, label)`: `name1_name2_label`, shortening the longer of the two
/// names first so that the whole fits in 63 bytes.
pub fn make_object_name(name1: &str, name2: Option<&str>, label: Option<&str>) -> String {
    // Underscores and the label are fixed; the two names share what is left.
    let overhead = usize::from(name2.is_some()) + label.map_or(0, |l| l.len() + 1);
    let name2_len = name2.map_or(0, str::len);
    let avail = MAX_IDENTIFIER.saturating_sub(overhead);
    let (mut n1, mut n2) = (name1.len(), name2_len);
    while n1 + n2 > avail {
        if n1 > n2 {
            n1 -= 1;
        } else {
            n2 -= 1;
        }
    }
    let mut out = clip(name1, n1).to_string();
    if let Some(name2) = name2 {
        out.push('_');
        out.push_str(clip(name2, n2));
    }
    if let Some(l) = label {
        out.push('_');
        out.push_str(l);
    }
    out
}

/// `ChooseRelationName`/`ChooseConstraintName`: the first of `name1_name2_label`,
/// `..._label1`, `..._label2`, ... that `taken` says is free.
pub fn choose_name(
    name1: &str,
    name2: Option<&str>,
    label: &str,
    taken: impl Fn(&str) -> bool,
) -> String {
    let mut pass = 0;
    loop {
        let modlabel = if pass == 0 {
            label.to_string()
        } else {
            format!("{label}{pass}")
        };
        let name = make_object_name(name1, name2, Some(&modlabel));
        if !taken(&name) {
            return name;
        }
        pass += 1;
    }
}

/// The column part of a generated name: the names joined by `_`, cut where PostgreSQL's
/// `ChooseIndexNameAddition` stops (once the buffer reaches 63 bytes).
pub fn join_columns<'a>(columns: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for name in columns {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(name);
        if out.len() >= MAX_IDENTIFIER {
            break;
        }
    }
    truncate_identifier(&out)
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postgres_generated_names() {
        assert_eq!(
            make_object_name("users", Some("email"), Some("key")),
            "users_email_key"
        );
        assert_eq!(make_object_name("users", None, Some("pkey")), "users_pkey");
        let long = make_object_name(
            "a_very_long_table_name_that_goes_on_and_on",
            Some("another_really_long_column_name_here"),
            Some("key"),
        );
        assert_eq!(
            long,
            "a_very_long_table_name_that_g_another_really_long_column_na_key"
        );
        assert_eq!(long.len(), 63);
        let taken = ["t_a_check".to_string(), "t_a_check1".to_string()];
        assert_eq!(
            choose_name("t", Some("a"), "check", |n| taken.contains(&n.to_string())),
            "t_a_check2"
        );
    }
}
