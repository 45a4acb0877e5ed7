//! Reading Python without running it. This module is the only one that knows the parser crate
//! (`rustpython-parser`): swapping the parser later touches this folder alone.

pub mod constant;
pub mod imports;
pub mod literal;
pub mod visit;
pub mod walk;

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
    /// Copies of its function definitions, made once (see [`Module::shared_def`]).
    defs: std::sync::Mutex<
        std::collections::HashMap<(u32, u32), std::sync::Arc<ast::StmtFunctionDef>>,
    >,
}

impl Module {
    pub fn new(body: Vec<ast::Stmt>) -> Module {
        Module {
            body,
            defs: Default::default(),
        }
    }

    /// The function definition `def` of this tree, as a copy shared by every interpreter that
    /// runs it: a module's functions are defined again by each interpreter that imports the
    /// module (the replay's, the models', the downgrade checks'), and a function value keeps
    /// its `def` for as long as it lives. A `def` that is not this tree's (same place, other
    /// name) is copied, not shared.
    pub fn shared_def(&self, def: &ast::StmtFunctionDef) -> std::sync::Arc<ast::StmtFunctionDef> {
        let at = (u32::from(def.range.start()), u32::from(def.range.end()));
        let Ok(mut defs) = self.defs.lock() else {
            return std::sync::Arc::new(def.clone());
        };
        match defs.get(&at) {
            Some(shared) if shared.name == def.name => shared.clone(),
            Some(_) => std::sync::Arc::new(def.clone()),
            None => defs
                .entry(at)
                .or_insert_with(|| std::sync::Arc::new(def.clone()))
                .clone(),
        }
    }
}

const BOM: &str = "\u{feff}";

/// How deeply a file may nest expressions. Every walker of the tree (the interpreter, the
/// header reader, the import scanner, dropping the tree itself) recurses once per level, so a
/// deeper file is refused with a diagnostic instead of overflowing the stack. CPython itself
/// gives up far earlier (200 nested brackets; a compile-time recursion limit of about 1,000).
pub const MAX_NESTING: usize = 1_000;

/// The name a call calls: `f` of `f(...)` and of `a.b.f(...)`.
pub fn callee(call: &ast::ExprCall) -> Option<&str> {
    match call.func.as_ref() {
        ast::Expr::Name(n) => Some(n.id.as_str()),
        ast::Expr::Attribute(a) => Some(a.attr.as_str()),
        _ => None,
    }
}

/// [`parse_module`] once per file and text in a run: the replay, the downgrade checks, the
/// models and the rules read the same modules (a project's and its libraries'), and parsing
/// is most of what reading them costs. The tree is shared; a file whose text changed is parsed
/// again; a syntax error is not kept (it is reported once, by the reader that meets it).
pub fn parse_shared(text: &str, path: &str) -> Result<std::sync::Arc<Module>, SyntaxError> {
    use std::collections::HashMap;
    use std::hash::{Hash, Hasher};
    use std::sync::{Arc, Mutex, OnceLock};
    type Trees = Mutex<HashMap<(String, u64), Arc<Module>>>;
    static TREES: OnceLock<Trees> = OnceLock::new();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    let key = (path.to_string(), hasher.finish());
    let trees = TREES.get_or_init(Default::default);
    if let Some(tree) = trees.lock().ok().and_then(|t| t.get(&key).cloned()) {
        return Ok(tree);
    }
    let tree = Arc::new(parse_module(text, path)?);
    if let Ok(mut t) = trees.lock() {
        t.insert(key, tree.clone());
    }
    Ok(tree)
}

/// Parses a whole file. Offsets in the tree are byte offsets into `text`. A file nested
/// deeper than [`MAX_NESTING`] is a syntax error at the token where the limit is passed.
pub fn parse_module(text: &str, path: &str) -> Result<Module, SyntaxError> {
    use rustpython_parser::lexer::lex_starts_at;
    // A UTF-8 byte order mark is legal at the start of Python source; the parser does not
    // expect it, so parse what follows it and keep offsets relative to the whole file.
    let (source, start) = match text.strip_prefix(BOM) {
        Some(rest) => (rest, BOM.len()),
        None => (text, 0),
    };
    let start = rustpython_parser::text_size::TextSize::try_from(start).unwrap_or_default();
    // The lexer goes on after an error (it may repeat one at the end of the text forever);
    // the parser stops at the first, so the tokens stop there too.
    let mut tokens: Vec<rustpython_parser::lexer::LexResult> = Vec::new();
    for token in lex_starts_at(source, rustpython_parser::Mode::Module, start) {
        let stop = token.is_err();
        tokens.push(token);
        if stop {
            break;
        }
    }
    if let Some((depth, offset)) = too_deep(&tokens) {
        return Err(SyntaxError {
            offset,
            message: format!(
                "expressions nested {depth} levels deep here; driftlock reads up to {MAX_NESTING}"
            ),
        });
    }
    match rustpython_parser::parse_tokens(tokens, rustpython_parser::Mode::Module, path) {
        Ok(ast::Mod::Module(module)) => Ok(Module::new(module.body)),
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

/// Where a token stream would nest the tree deeper than [`MAX_NESTING`]: the estimated depth
/// and the byte offset of the token. The estimate bounds the tree's depth from above: one
/// level per open bracket, plus one per operator (binary, unary, comparison, boolean,
/// attribute, conditional, `lambda`, `await`) since the last separator at each open bracket
/// (a left-deep chain `a + b + c` nests once per operator; the elements of a list do not
/// nest into one another), plus one per indented block. The text of an f-string counts each bracket and operator
/// character in it, since its expressions are parsed from that text.
fn too_deep(tokens: &[rustpython_parser::lexer::LexResult]) -> Option<(usize, usize)> {
    use rustpython_parser::{StringKind, Tok};
    // Operators since the last separator, per open bracket (the outermost is the statement).
    let mut levels: Vec<usize> = vec![0];
    let mut total = 0usize;
    // Blocks nest statements as brackets nest expressions.
    let mut indent = 0usize;
    for (tok, range) in tokens.iter().flatten() {
        let mut extra = 0;
        match tok {
            Tok::Lpar | Tok::Lsqb | Tok::Lbrace => {
                levels.push(0);
                total += 1;
            }
            Tok::Rpar | Tok::Rsqb | Tok::Rbrace if levels.len() > 1 => {
                total -= 1 + levels.pop().unwrap_or(0);
            }
            Tok::Comma | Tok::Colon | Tok::Semi | Tok::Equal | Tok::ColonEqual => {
                total -= std::mem::take(levels.last_mut().expect("the statement level"));
            }
            Tok::Newline => {
                levels.truncate(1);
                levels[0] = 0;
                total = 0;
            }
            Tok::Indent => indent += 1,
            Tok::Dedent => indent = indent.saturating_sub(1),
            Tok::Plus
            | Tok::Minus
            | Tok::Star
            | Tok::Slash
            | Tok::DoubleSlash
            | Tok::Percent
            | Tok::DoubleStar
            | Tok::At
            | Tok::Vbar
            | Tok::Amper
            | Tok::CircumFlex
            | Tok::Tilde
            | Tok::LeftShift
            | Tok::RightShift
            | Tok::Less
            | Tok::Greater
            | Tok::EqEqual
            | Tok::NotEqual
            | Tok::LessEqual
            | Tok::GreaterEqual
            | Tok::In
            | Tok::Is
            | Tok::Not
            | Tok::And
            | Tok::Or
            | Tok::Dot
            | Tok::If
            | Tok::Else
            | Tok::Lambda
            | Tok::Await => {
                *levels.last_mut().expect("the statement level") += 1;
                total += 1;
            }
            Tok::String {
                value,
                kind: StringKind::FString | StringKind::RawFString,
                ..
            } => {
                let mut open = 0usize;
                for c in value.chars() {
                    match c {
                        '(' | '[' | '{' => {
                            open += 1;
                            extra = extra.max(open);
                        }
                        ')' | ']' | '}' => open = open.saturating_sub(1),
                        '+' | '-' | '*' | '/' | '%' | '.' | '<' | '>' | '=' | '&' | '|' | '^'
                        | '~' | '@' => extra += 1,
                        _ => {}
                    }
                }
            }
            _ => {}
        }
        let depth = indent + total + extra;
        if depth > MAX_NESTING {
            return Some((depth, usize::from(range.start())));
        }
    }
    None
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
    fn a_file_is_parsed_once_per_text() {
        let first = parse_shared("x = 1\n", "/shared/a.py").unwrap();
        let again = parse_shared("x = 1\n", "/shared/a.py").unwrap();
        assert!(std::sync::Arc::ptr_eq(&first, &again));
        // Another text at the same path (the file changed), or another file: parsed anew.
        let changed = parse_shared("x = 2\n", "/shared/a.py").unwrap();
        assert!(!std::sync::Arc::ptr_eq(&first, &changed));
        let other = parse_shared("x = 1\n", "/shared/b.py").unwrap();
        assert!(!std::sync::Arc::ptr_eq(&first, &other));
        assert!(parse_shared("x = (\n", "/shared/c.py").is_err());
    }

    #[test]
    fn nesting_beyond_the_limit_is_refused_and_flat_data_is_not() {
        let chain = format!("x = 1{}\n", " + 1".repeat(60_000));
        let e = parse_module(&chain, "chain.py").unwrap_err();
        assert!(e.message.contains("nested"), "{e:?}");
        assert!(e.offset > 4 && e.offset < chain.len());
        let nested = format!("x = {}{}\n", "[".repeat(25_000), "]".repeat(25_000));
        assert!(parse_module(&nested, "nested.py")
            .unwrap_err()
            .message
            .contains("nested"));
        let deep_fstring = format!("x = f\"{{{}1{}}}\"\n", "(".repeat(5_000), ")".repeat(5_000));
        assert!(parse_module(&deep_fstring, "f.py").is_err());
        let blocks: String = (0..1_200)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect();
        let blocks = format!("{blocks}{}pass\n", " ".repeat(1_200));
        assert!(parse_module(&blocks, "blocks.py")
            .unwrap_err()
            .message
            .contains("nested"));
        // 100,000 rows of data, each with operators, are flat.
        let rows: String = (0..100_000)
            .map(|i| format!("    {{'id': -{i}, 'v': 'a' + 'b'}},\n"))
            .collect();
        let data = format!("ROWS = [\n{rows}]\n");
        assert_eq!(parse_module(&data, "data.py").unwrap().body.len(), 1);
        // Within the limit, deep is fine.
        let ok = format!("x = 1{}\n", " + 1".repeat(900));
        assert!(parse_module(&ok, "ok.py").is_ok());
    }

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
