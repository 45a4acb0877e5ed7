//! Reading Python without running it. This module is the only one that knows the parser crate
//! (`rustpython-parser`): swapping the parser later touches this folder alone.

pub mod constant;
pub mod imports;
pub mod literal;

use std::ops::Range;

pub use rustpython_parser::ast;
use rustpython_parser::ast::Ranged;

/// A Python syntax error at a byte offset of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

/// A parsed module: its top-level statements.
#[derive(Debug)]
pub struct Module {
    pub body: Vec<ast::Stmt>,
}

const BOM: &str = "\u{feff}";

/// Parses a whole file. Offsets in the tree are byte offsets into `text`.
pub fn parse_module(text: &str, path: &str) -> Result<Module, SyntaxError> {
    // A UTF-8 byte order mark is legal at the start of Python source; the parser does not
    // expect it, so parse what follows it and keep offsets relative to the whole file.
    let (source, start) = match text.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (text, 0),
    };
    let start = rustpython_parser::text_size::TextSize::try_from(start).unwrap_or_default();
    match rustpython_parser::parse_starts_at(source, rustpython_parser::Mode::Module, path, start) {
        Ok(ast::Mod::Module(module)) => Ok(Module { body: module.body }),
        Ok(_) => Err(SyntaxError {
            offset: 0,
            message: "not a module".into(),
        }),
        Err(err) => Err(SyntaxError {
            offset: usize::from(err.offset),
            message: err.error.to_string(),
        }),
    }
}

/// The innermost bracket opened before `offset` and still open there, as a byte offset.
/// Python reports "'(' was never closed"; the parser only sees the next statement, so this
/// finds the bracket to point at. Comments and string literals are skipped.
pub fn unclosed_bracket(text: &str, offset: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let end = offset.min(bytes.len());
    let mut stack: Vec<usize> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            b'#' => {
                while i < end && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'\'' | b'"') => i = skip_string(bytes, i, quote, end),
            b'(' | b'[' | b'{' => stack.push(i),
            close @ (b')' | b']' | b'}') => {
                let open = match close {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                if stack.last().is_some_and(|&o| bytes[o] == open) {
                    stack.pop();
                }
            }
            _ => {}
        }
        i += 1;
    }
    stack.pop()
}

/// The offset of the last byte of the string literal starting at `start` (or `end`).
fn skip_string(bytes: &[u8], start: usize, quote: u8, end: usize) -> usize {
    let raw = start > 0 && matches!(bytes[start - 1], b'r' | b'R');
    let is_triple = |i: usize| bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
    let triple = bytes.get(start) == Some(&quote) && is_triple(start);
    let mut i = start + if triple { 3 } else { 1 };
    while i < end {
        match bytes[i] {
            b'\\' if !raw => i += 1,
            b if b == quote && (!triple || is_triple(i)) => {
                return if triple { i + 2 } else { i };
            }
            b'\n' if !triple => return i,
            _ => {}
        }
        i += 1;
    }
    end
}

/// The byte range of any node.
pub fn range_of<T: Ranged>(node: &T) -> Range<usize> {
    let r = node.range();
    usize::from(r.start())..usize::from(r.end())
}

/// The module docstring, if the first statement is a string literal.
pub fn docstring(module: &Module) -> Option<&str> {
    match module.body.first()? {
        ast::Stmt::Expr(e) => match e.value.as_ref() {
            ast::Expr::Constant(c) => match &c.value {
                ast::Constant::Str(s) => Some(s),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_carry_offsets() {
        let err = parse_module("x = 1\ndef f(:\n", "t.py").unwrap_err();
        assert!(err.offset >= 6, "{err:?}");
    }

    #[test]
    fn finds_the_bracket_that_was_never_closed() {
        let text = "op.create_index(\n    'ix', 't', ['a'],  # (\n    s=')'\ndef f():\n";
        let err = parse_module(text, "t.py").unwrap_err();
        assert_eq!(unclosed_bracket(text, err.offset), Some(15));
        let closed = "f(x)\ny = '''(\n'''\nz = r'\\'\n";
        assert_eq!(unclosed_bracket(closed, closed.len()), None);
    }

    #[test]
    fn byte_order_mark_keeps_offsets() {
        let text = "\u{feff}\"\"\"Doc.\"\"\"\nx = 1\n";
        let module = parse_module(text, "t.py").unwrap();
        assert_eq!(docstring(&module), Some("Doc."));
        let second = range_of(&module.body[1]);
        assert_eq!(&text[second], "x = 1");
    }
}
