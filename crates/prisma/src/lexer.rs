//! Splits Prisma schema text into tokens with byte spans. Line breaks are
//! tokens because fields and properties end at the end of their line.

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

pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let single = |tok: Tok| Token {
            tok,
            span: Span::from_range(start..start + c.len_utf8()),
        };
        match c {
            '\n' => tokens.push(single(Tok::Newline)),
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
                for (i, n) in chars.by_ref() {
                    if previous == '*' && n == '/' {
                        break;
                    }
                    if n == '\n' {
                        tokens.push(Token {
                            tok: Tok::Newline,
                            span: Span::from_range(i..i + 1),
                        });
                    }
                    previous = n;
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
                        '\n' => break,
                        '\\' => match chars.peek().copied() {
                            Some((_, '\n')) | None => {}
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
                        // The newline itself is still a token.
                        if end < text.len() {
                            tokens.push(Token {
                                tok: Tok::Newline,
                                span: Span::from_range(end..end + 1),
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
    tokens
}

/// Offset of the line break ending the line that holds `from`, or the text's end.
fn line_end(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| from + i)
}
