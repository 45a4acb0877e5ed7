//! Where the characters of a Python string literal's value are in the source: so that a
//! position inside the value (PostgreSQL's cursor in SQL passed to `op.execute`) can be shown
//! at its line and column in the file. Only a single plain literal is mapped (any quotes,
//! `r`/`u` prefixes, escapes, line continuations); implicit concatenation, f-strings and bytes
//! are not, and their callers fall back to the whole call. And the other way: a string
//! written as Python's `repr()` writes it (the interpreter's `repr()`, revisions written out).

/// A Python string literal, as `repr()` writes it: single quotes unless the string holds one
/// and no double quote; backslashes, the quote, and control characters escaped.
pub fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for ch in s.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// For a source slice holding exactly one string literal whose value is `value`: the offset
/// in `source` of each byte of `value`, and one more for its end. `None` when the slice is not
/// one plain literal, or its value is not `value`.
pub fn literal_offsets(source: &str, value: &str) -> Option<Vec<usize>> {
    let prefix_len = source
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let prefix = source[..prefix_len].to_ascii_lowercase();
    let raw = match prefix.as_str() {
        "" | "u" => false,
        "r" => true,
        _ => return None, // f-strings, bytes
    };
    let body = &source[prefix_len..];
    let quote = ["\"\"\"", "'''", "\"", "'"]
        .into_iter()
        .find(|q| body.starts_with(q))?;
    let start = prefix_len + quote.len();
    let end = source.len().checked_sub(quote.len())?;
    if end < start || !source[end..].starts_with(quote) {
        return None;
    }
    let inner = &source[start..end];
    let mut decoded = String::new();
    let mut offsets = Vec::new();
    let mut push = |c: char, at: usize, decoded: &mut String| {
        for _ in 0..c.len_utf8() {
            offsets.push(start + at);
        }
        decoded.push(c);
    };
    let chars: Vec<(usize, char)> = inner.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        // A quote of the literal's own kind inside it would have ended it: not one literal.
        if inner[at..].starts_with(quote) {
            return None;
        }
        if c == '\r' {
            // Python reads `\r\n` and `\r` in source as `\n`.
            if chars.get(i + 1).is_some_and(|(_, n)| *n == '\n') {
                i += 1;
            }
            push('\n', at, &mut decoded);
            i += 1;
            continue;
        }
        if c != '\\' {
            push(c, at, &mut decoded);
            i += 1;
            continue;
        }
        let &(_, next) = chars.get(i + 1)?;
        if raw {
            // A backslash escapes the quote but stays, as does the character after it.
            push('\\', at, &mut decoded);
            push(next, chars[i + 1].0, &mut decoded);
            i += 2;
            continue;
        }
        let simple = match next {
            '\\' => Some('\\'),
            '\'' => Some('\''),
            '"' => Some('"'),
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'a' => Some('\x07'),
            'b' => Some('\x08'),
            'f' => Some('\x0c'),
            'v' => Some('\x0b'),
            _ => None,
        };
        if let Some(s) = simple {
            push(s, at, &mut decoded);
            i += 2;
            continue;
        }
        match next {
            '\n' => i += 2, // a line continuation: nothing
            '\r' => {
                i += 2;
                if chars.get(i).is_some_and(|(_, n)| *n == '\n') {
                    i += 1;
                }
            }
            '0'..='7' => {
                let digits: String = chars[i + 1..]
                    .iter()
                    .take(3)
                    .map(|(_, d)| *d)
                    .take_while(|d| d.is_digit(8))
                    .collect();
                let code = u32::from_str_radix(&digits, 8).ok()?;
                push(char::from_u32(code)?, at, &mut decoded);
                i += 1 + digits.len();
            }
            'x' | 'u' | 'U' => {
                let n = match next {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let digits: String = chars
                    .get(i + 2..i + 2 + n)?
                    .iter()
                    .map(|(_, d)| *d)
                    .collect();
                let code = u32::from_str_radix(&digits, 16).ok()?;
                push(char::from_u32(code)?, at, &mut decoded);
                i += 2 + n;
            }
            // `\N{name}` needs Unicode's name table: not mapped.
            'N' => return None,
            _ => {
                // An unknown escape keeps its backslash.
                push('\\', at, &mut decoded);
                i += 1;
            }
        }
    }
    offsets.push(end);
    (decoded == value).then_some(offsets)
}

#[cfg(test)]
mod tests {
    use super::literal_offsets;

    fn at(source: &str, value: &str, byte: usize) -> Option<String> {
        let offsets = literal_offsets(source, value)?;
        Some(source[offsets[byte]..].chars().take(3).collect())
    }

    #[test]
    fn maps_value_bytes_to_source() {
        assert_eq!(at("'SELECT 1'", "SELECT 1", 7).as_deref(), Some("1'"));
        assert_eq!(
            at("\"\"\"\n  DROP  x\n\"\"\"", "\n  DROP  x\n", 9).as_deref(),
            Some("x\n\"")
        );
        // Escapes: `\n` is two source characters for one value byte; `\x41` four for one.
        let src = r"'a\nb\x41c\'d\\e'";
        let value = "a\nbAc'd\\e";
        assert_eq!(at(src, value, 2).as_deref(), Some(r"b\x"));
        assert_eq!(at(src, value, 4).as_deref(), Some(r"c\'"));
        assert_eq!(at(src, value, 8).as_deref(), Some("e'"));
        // A line continuation adds nothing; `é` is two bytes of the value.
        assert_eq!(at("'a\\\nb é x'", "ab é x", 6).as_deref(), Some("x'"));
        // Raw strings keep backslashes.
        assert_eq!(at(r"r'a\d x'", r"a\d x", 4).as_deref(), Some("x'"));
        assert_eq!(at("u'x'", "x", 0).as_deref(), Some("x'"));
        assert_eq!(literal_offsets("'ab'", "ab").unwrap().last(), Some(&3));
    }

    #[test]
    fn only_one_plain_literal() {
        assert_eq!(literal_offsets("'a' 'b'", "ab"), None);
        assert_eq!(literal_offsets("f'a{x}'", "a1"), None);
        assert_eq!(literal_offsets("b'a'", "a"), None);
        assert_eq!(literal_offsets("'a'", "b"), None);
        assert_eq!(literal_offsets("name", "name"), None);
        assert_eq!(literal_offsets("'\\N{DASH}'", "-"), None);
    }
}
