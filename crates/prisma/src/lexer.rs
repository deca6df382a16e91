//! Splits Prisma schema text into tokens with byte spans. Line breaks are
//! tokens because fields and properties end at the end of their line; like
//! Prisma, `\n`, `\r\n` and a lone `\r` all end a line.

use miglint_source::Span;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    Ident(String),
    Str(String),
    Number(String),
    /// `/// text`, without the slashes.
    Doc(String),
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Colon,
    Equals,
    Question,
    At,
    AtAt,
    Dot,
    Newline,
    /// A string that reaches the end of its line.
    UnterminatedStr,
    Unknown(char),
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Text the lexer cannot turn into tokens; the parser records it as an error.
#[derive(Clone, Debug)]
pub(crate) struct LexError {
    pub span: Span,
    pub message: String,
}

pub(crate) fn tokenize(text: &str) -> (Vec<Token>, Vec<LexError>) {
    let mut tokens = Vec::new();
    let mut errors = Vec::new();
    let mut chars = text.char_indices().peekable();
    if text.starts_with(BOM) {
        // Prisma's engine rejects a byte order mark; skip it so that the
        // rest of the file is still checked.
        chars.next();
        errors.push(LexError {
            span: Span::from_range(0..BOM.len_utf8()),
            message: "the file starts with a UTF-8 byte order mark (BOM), which Prisma rejects"
                .to_owned(),
        });
    }
    while let Some((start, c)) = chars.next() {
        let single = |tok: Tok| Token {
            tok,
            span: Span::from_range(start..start + c.len_utf8()),
        };
        match c {
            '\n' => tokens.push(single(Tok::Newline)),
            '\r' => {
                // `\r\n` is one line break.
                let end = if chars.next_if(|&(_, n)| n == '\n').is_some() {
                    start + 2
                } else {
                    start + 1
                };
                tokens.push(Token {
                    tok: Tok::Newline,
                    span: Span::from_range(start..end),
                });
            }
            c if c.is_whitespace() => {}
            '/' if chars.peek().is_some_and(|&(_, n)| n == '/') => {
                let end = line_end(text, start);
                let comment = text.get(start..end).unwrap_or("");
                while chars.peek().is_some_and(|&(i, _)| i < end) {
                    chars.next();
                }
                if let Some(doc) = comment.strip_prefix("///") {
                    tokens.push(Token {
                        tok: Tok::Doc(doc.trim().to_owned()),
                        span: Span::from_range(start..end),
                    });
                }
            }
            '/' if chars.peek().is_some_and(|&(_, n)| n == '*') => {
                // Block comment: skipped, but its line breaks still end lines.
                chars.next();
                let mut previous = ' ';
                let mut closed = false;
                for (i, n) in chars.by_ref() {
                    if previous == '*' && n == '/' {
                        closed = true;
                        break;
                    }
                    // A `\r\n` pair counts once, at its `\r`.
                    if n == '\r' || (n == '\n' && previous != '\r') {
                        tokens.push(Token {
                            tok: Tok::Newline,
                            span: Span::from_range(i..i + 1),
                        });
                    }
                    previous = n;
                }
                if !closed {
                    // Prisma rejects it too; without the error the rest of
                    // the file would vanish without a word.
                    errors.push(LexError {
                        span: Span::from_range(start..start + 2),
                        message: "unclosed block comment: this `/*` has no matching `*/`, \
                                  so it hides the rest of the file"
                            .to_owned(),
                    });
                }
            }
            '"' => {
                let mut value = String::new();
                let mut end = None;
                while let Some((i, n)) = chars.next() {
                    match n {
                        '"' => {
                            end = Some(i + 1);
                            break;
                        }
                        '\n' | '\r' => break,
                        '\\' => match chars.peek().copied() {
                            Some((_, '\n' | '\r')) | None => {}
                            Some((_, e)) => {
                                chars.next();
                                value.push(match e {
                                    'n' => '\n',
                                    't' => '\t',
                                    'r' => '\r',
                                    other => other,
                                });
                            }
                        },
                        other => value.push(other),
                    }
                }
                match end {
                    Some(end) => tokens.push(Token {
                        tok: Tok::Str(value),
                        span: Span::from_range(start..end),
                    }),
                    None => {
                        let end = line_end(text, start);
                        tokens.push(Token {
                            tok: Tok::UnterminatedStr,
                            span: Span::from_range(start..end),
                        });
                        // The line break itself is still a token.
                        let crlf = text.get(end..).is_some_and(|rest| rest.starts_with("\r\n"));
                        if crlf {
                            chars.next_if(|&(_, n)| n == '\n');
                        }
                        if end < text.len() {
                            tokens.push(Token {
                                tok: Tok::Newline,
                                span: Span::from_range(end..end + if crlf { 2 } else { 1 }),
                            });
                        }
                    }
                }
            }
            c if c.is_ascii_digit()
                || (c == '-' && chars.peek().is_some_and(|&(_, n)| n.is_ascii_digit())) =>
            {
                let mut end = start + 1;
                while let Some(&(i, n)) = chars.peek() {
                    if n.is_ascii_alphanumeric() || n == '.' || n == '_' {
                        chars.next();
                        end = i + 1;
                    } else {
                        break;
                    }
                }
                tokens.push(Token {
                    tok: Tok::Number(text.get(start..end).unwrap_or("").to_owned()),
                    span: Span::from_range(start..end),
                });
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut end = start + c.len_utf8();
                while let Some(&(i, n)) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '-' {
                        chars.next();
                        end = i + n.len_utf8();
                    } else {
                        break;
                    }
                }
                tokens.push(Token {
                    tok: Tok::Ident(text.get(start..end).unwrap_or("").to_owned()),
                    span: Span::from_range(start..end),
                });
            }
            '@' => {
                if chars.peek().is_some_and(|&(_, n)| n == '@') {
                    chars.next();
                    tokens.push(Token {
                        tok: Tok::AtAt,
                        span: Span::from_range(start..start + 2),
                    });
                } else {
                    tokens.push(single(Tok::At));
                }
            }
            '{' => tokens.push(single(Tok::LBrace)),
            '}' => tokens.push(single(Tok::RBrace)),
            '(' => tokens.push(single(Tok::LParen)),
            ')' => tokens.push(single(Tok::RParen)),
            '[' => tokens.push(single(Tok::LBracket)),
            ']' => tokens.push(single(Tok::RBracket)),
            ',' => tokens.push(single(Tok::Comma)),
            ':' => tokens.push(single(Tok::Colon)),
            '=' => tokens.push(single(Tok::Equals)),
            '?' => tokens.push(single(Tok::Question)),
            '.' => tokens.push(single(Tok::Dot)),
            other => tokens.push(single(Tok::Unknown(other))),
        }
    }
    (tokens, errors)
}

const BOM: char = '\u{feff}';

/// Offset of the line break (`\n` or `\r`) ending the line that holds
/// `from`, or the text's end.
fn line_end(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.find(['\n', '\r']))
        .map_or(text.len(), |i| from + i)
}
