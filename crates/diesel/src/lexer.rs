//! Just enough of Rust's lexical grammar to read `schema.rs`: identifiers,
//! punctuation, string and number literals, with comments skipped.

use miglint_source::Span;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident(String),
    Str(String),
    Number(String),
    Punct(char),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub span: Span,
}

impl Token {
    pub fn is_punct(&self, c: char) -> bool {
        self.kind == Kind::Punct(c)
    }

    pub fn ident(&self) -> Option<&str> {
        match &self.kind {
            Kind::Ident(name) => Some(name),
            _ => None,
        }
    }
}

fn span(start: usize, end: usize) -> Span {
    Span::from_range(start..end)
}

pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let rest = text.get(i..).unwrap_or("");
        if b.is_ascii_whitespace() {
            i += 1;
        } else if rest.starts_with("//") {
            i += rest.find('\n').unwrap_or(rest.len());
        } else if rest.starts_with("/*") {
            // Block comments nest in Rust.
            let mut depth = 0usize;
            let mut j = i;
            while j < bytes.len() {
                let here = text.get(j..).unwrap_or("");
                if here.starts_with("/*") {
                    depth += 1;
                    j += 2;
                } else if here.starts_with("*/") {
                    depth = depth.saturating_sub(1);
                    j += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    j += here.chars().next().map_or(1, char::len_utf8);
                }
            }
            i = j;
        } else if b == b'"' {
            let mut value = String::new();
            let mut j = i + 1;
            let mut chars = text.get(j..).unwrap_or("").chars();
            while let Some(c) = chars.next() {
                j += c.len_utf8();
                match c {
                    '"' => break,
                    '\\' => {
                        if let Some(escaped) = chars.next() {
                            j += escaped.len_utf8();
                            value.push(escaped);
                        }
                    }
                    c => value.push(c),
                }
            }
            tokens.push(Token {
                kind: Kind::Str(value),
                span: span(i, j),
            });
            i = j;
        } else if rest.starts_with("r#") && rest.get(2..).is_some_and(starts_ident) {
            let len = ident_len(rest.get(2..).unwrap_or(""));
            tokens.push(Token {
                kind: Kind::Ident(rest.get(2..2 + len).unwrap_or("").to_owned()),
                span: span(i, i + 2 + len),
            });
            i += 2 + len;
        } else if starts_ident(rest) {
            let len = ident_len(rest);
            tokens.push(Token {
                kind: Kind::Ident(rest.get(..len).unwrap_or("").to_owned()),
                span: span(i, i + len),
            });
            i += len;
        } else if b.is_ascii_digit() {
            let len = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(rest.len());
            tokens.push(Token {
                kind: Kind::Number(rest.get(..len).unwrap_or("").replace('_', "")),
                span: span(i, i + len),
            });
            i += len;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            tokens.push(Token {
                kind: Kind::Punct(c),
                span: span(i, i + c.len_utf8()),
            });
            i += c.len_utf8();
        }
    }
    tokens
}

fn starts_ident(text: &str) -> bool {
    text.chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_')
}

fn ident_len(text: &str) -> usize {
    text.find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len())
}
