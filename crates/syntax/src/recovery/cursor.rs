//! The one cursor of the recovery reader: the significant tokens of one
//! statement (from the lexer), with a `limit` that narrows it to one element
//! or action while that is read, and the readers of names, strings and
//! source text every statement family shares.

use miglint_source::{Dialect, Span};

use crate::ir::{Ident, ObjectName, SqlText, StringLit};
use crate::lexer::{Token, TokenKind, collapsed_text, unquote_ident, unquote_string};

/// A cursor over the significant tokens of one statement; `limit` narrows it
/// to one element or action while that is read. Copying it is cheap, so a
/// form can be tried on a copy and dropped when it does not match.
#[derive(Clone, Copy)]
pub(super) struct Cursor<'a> {
    pub(super) text: &'a str,
    pub(super) dialect: Dialect,
    /// Every token, trivia included, for rebuilding source text.
    all: &'a [Token],
    tokens: &'a [Token],
    pub(super) pos: usize,
    pub(super) limit: usize,
}

impl<'a> Cursor<'a> {
    /// `tokens` are `all` without trivia.
    pub(super) fn new(
        text: &'a str,
        dialect: Dialect,
        all: &'a [Token],
        tokens: &'a [Token],
    ) -> Self {
        Self {
            text,
            dialect,
            all,
            tokens,
            pos: 0,
            limit: tokens.len(),
        }
    }
}

impl Cursor<'_> {
    // ---- cursor primitives -------------------------------------------------

    pub(super) fn token(&self, index: usize) -> Option<Token> {
        if index < self.limit {
            self.tokens.get(index).copied()
        } else {
            None
        }
    }

    pub(super) fn peek(&self) -> Option<Token> {
        self.token(self.pos)
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.limit
    }

    pub(super) fn is_word_at(&self, index: usize, word: &str) -> bool {
        self.token(index)
            .is_some_and(|t| t.is_word(self.text, word))
    }

    pub(super) fn is_punct_at(&self, index: usize, punct: &str) -> bool {
        self.token(index)
            .is_some_and(|t| t.is_punct(self.text, punct))
    }

    pub(super) fn peek_word(&self, word: &str) -> bool {
        self.is_word_at(self.pos, word)
    }

    pub(super) fn peek_any(&self, words: &[&str]) -> bool {
        words.iter().any(|w| self.peek_word(w))
    }

    pub(super) fn peek_punct(&self, punct: &str) -> bool {
        self.is_punct_at(self.pos, punct)
    }

    pub(super) fn eat(&mut self, word: &str) -> bool {
        let found = self.peek_word(word);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes `words` only when all of them follow.
    pub(super) fn eat_all(&mut self, words: &[&str]) -> bool {
        let found = words
            .iter()
            .enumerate()
            .all(|(i, w)| self.is_word_at(self.pos + i, w));
        if found {
            self.pos += words.len();
        }
        found
    }

    pub(super) fn eat_punct(&mut self, punct: &str) -> bool {
        let found = self.peek_punct(punct);
        if found {
            self.pos += 1;
        }
        found
    }

    pub(super) fn advance(&mut self) {
        if self.peek_punct("(") {
            self.pos = self.group_end(self.pos);
        } else {
            self.pos += 1;
        }
    }

    /// The index after the `)` matching the `(` at `open` (or the limit).
    pub(super) fn group_end(&self, open: usize) -> usize {
        let mut depth = 0usize;
        let mut index = open;
        while let Some(token) = self.token(index) {
            if token.is_punct(self.text, "(") {
                depth += 1;
            } else if token.is_punct(self.text, ")") {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return index + 1;
                }
            }
            index += 1;
        }
        self.limit
    }

    /// Comma-separated parts of `from..to` outside parentheses and brackets
    /// (`ARRAY['a', 'b']`).
    pub(super) fn comma_parts(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        let mut parts = self.comma_parts_all(from, to);
        parts.retain(|(a, b)| a < b);
        parts
    }

    /// [`Self::comma_parts`] with the empty ones (`a,,b`, a trailing comma);
    /// none when `from..to` is empty.
    pub(super) fn comma_parts_all(&self, from: usize, to: usize) -> Vec<(usize, usize)> {
        if from >= to {
            return Vec::new();
        }
        let mut parts = Vec::new();
        let mut depth = 0usize;
        let mut start = from;
        for index in from..to {
            let Some(token) = self.tokens.get(index) else {
                break;
            };
            if token.is_punct(self.text, "(") || token.is_punct(self.text, "[") {
                depth += 1;
            } else if token.is_punct(self.text, ")") || token.is_punct(self.text, "]") {
                depth = depth.saturating_sub(1);
            } else if depth == 0 && token.is_punct(self.text, ",") {
                parts.push((start, index));
                start = index + 1;
            }
        }
        parts.push((start, to));
        parts
    }

    /// Reads `from..to` with `read`, then puts the cursor after `to`.
    pub(super) fn within<T>(
        &mut self,
        from: usize,
        to: usize,
        read: impl FnOnce(&mut Self) -> T,
    ) -> T {
        let saved_limit = self.limit;
        self.pos = from;
        self.limit = to.min(saved_limit);
        let result = read(self);
        self.limit = saved_limit;
        self.pos = to;
        result
    }

    // ---- values ------------------------------------------------------------

    pub(super) fn span_of(&self, from: usize, to: usize) -> Option<Span> {
        let first = self.tokens.get(from)?;
        let last = self.tokens.get(to.checked_sub(1)?)?;
        (from < to).then(|| Span::new(first.span.start, last.span.end))
    }

    /// The source text of tokens `from..to`, whitespace and comments collapsed
    /// to one space; strings stay as written.
    pub(super) fn sql_text(&self, from: usize, to: usize) -> Option<SqlText> {
        let span = self.span_of(from, to)?;
        let first = self.all.partition_point(|t| t.span.start < span.start);
        let tokens = self.all.iter().skip(first);
        let text = collapsed_text(self.text, tokens.take_while(|t| t.span.start < span.end));
        Some(SqlText { text, span })
    }

    /// The source text of tokens `from..to` exactly as written.
    pub(super) fn raw_text(&self, from: usize, to: usize) -> Option<String> {
        Some(self.span_of(from, to)?.slice(self.text).to_owned())
    }

    pub(super) fn ident(&mut self) -> Option<Ident> {
        let token = self.peek()?;
        let raw = token.text(self.text);
        let (value, quoted) = match token.kind {
            TokenKind::Word => (raw.to_owned(), false),
            TokenKind::QuotedIdent => (unquote_ident(raw), true),
            _ => return None,
        };
        self.pos += 1;
        Some(Ident {
            value,
            quoted,
            span: token.span,
        })
    }

    /// `name`, `schema.name` or `catalog.schema.name` (the catalog is dropped).
    pub(super) fn object_name(&mut self) -> Option<ObjectName> {
        let first = self.ident()?;
        let mut parts = vec![first];
        while self.peek_punct(".")
            && self
                .token(self.pos + 1)
                .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent))
        {
            self.pos += 1;
            parts.extend(self.ident());
        }
        let span = parts.first()?.span.cover(parts.last()?.span);
        let name = parts.pop()?;
        Some(ObjectName {
            schema: parts.pop(),
            name,
            span,
        })
    }

    pub(super) fn object_names(&mut self) -> Vec<ObjectName> {
        self.object_names_exact().0
    }

    /// `name [, …]`, and whether the list was well formed (no name missing
    /// after a comma).
    pub(super) fn object_names_exact(&mut self) -> (Vec<ObjectName>, bool) {
        let mut names = Vec::new();
        loop {
            let Some(name) = self.object_name() else {
                return (names, false);
            };
            names.push(name);
            if !self.eat_punct(",") {
                return (names, true);
            }
        }
    }

    pub(super) fn string(&mut self) -> Option<StringLit> {
        let token = self.peek()?;
        if token.kind != TokenKind::String && token.kind != TokenKind::DollarString {
            return None;
        }
        self.pos += 1;
        let raw = token.text(self.text);
        let value = if token.kind == TokenKind::DollarString {
            dollar_body(raw).to_owned()
        } else {
            unquote_string(raw, self.dialect)
        };
        Some(StringLit {
            value,
            span: token.span,
        })
    }

    pub(super) fn if_not_exists(&mut self) -> bool {
        self.eat_all(&["IF", "NOT", "EXISTS"])
    }

    pub(super) fn if_exists(&mut self) -> bool {
        self.eat_all(&["IF", "EXISTS"])
    }

    pub(super) fn cascade(&mut self) -> bool {
        let cascade = self.eat("CASCADE");
        self.eat("RESTRICT");
        cascade
    }

    /// `( a, b DESC, c(10) )`: the leading identifier of each item.
    pub(super) fn ident_list(&mut self) -> Vec<Ident> {
        if !self.peek_punct("(") {
            return Vec::new();
        }
        let end = self.group_end(self.pos);
        let inner_end = end.saturating_sub(1).max(self.pos + 1);
        let parts = self.comma_parts(self.pos + 1, inner_end);
        let mut idents = Vec::new();
        for (from, to) in parts {
            idents.extend(self.within(from, to, Cursor::ident));
        }
        self.pos = end;
        idents
    }

    /// The text inside the parenthesised group at the cursor, which it skips.
    pub(super) fn group_text(&mut self) -> Option<SqlText> {
        if !self.peek_punct("(") {
            return None;
        }
        let end = self.group_end(self.pos);
        let inner = self.sql_text(self.pos + 1, end.saturating_sub(1));
        self.pos = end;
        inner
    }

    // ---- strict readers: each consumes only what the grammar allows -------

    /// The token at the cursor is one of `kinds`: consumes it.
    pub(super) fn eat_kind(&mut self, kinds: &[TokenKind]) -> bool {
        let found = self.peek().is_some_and(|t| kinds.contains(&t.kind));
        self.pos += usize::from(found);
        found
    }

    /// One of `words`: consumes it.
    pub(super) fn eat_any(&mut self, words: &[&str]) -> bool {
        words.iter().any(|w| self.eat(w))
    }

    /// A name, quoted or not.
    pub(super) fn eat_name(&mut self) -> bool {
        self.eat_kind(&[TokenKind::Word, TokenKind::QuotedIdent])
    }

    /// `name` or `schema.name` (or `a.b.c`).
    pub(super) fn eat_qualified_name(&mut self) -> bool {
        if !self.eat_name() {
            return false;
        }
        while self.eat_punct(".") {
            if !self.eat_name() {
                return false;
            }
        }
        true
    }

    /// A signed number.
    pub(super) fn eat_number(&mut self) -> bool {
        let start = self.pos;
        let _ = self.eat_punct("-") || self.eat_punct("+");
        if self.eat_kind(&[TokenKind::Number]) {
            return true;
        }
        self.pos = start;
        false
    }

    /// `CASCADE` or `RESTRICT`, if there.
    pub(super) fn cascade_or_restrict(&mut self) {
        let _ = self.eat("CASCADE") || self.eat("RESTRICT");
    }

    /// After an opening parenthesis: skips to just past its closing one.
    pub(super) fn skip_to_close(&mut self) -> bool {
        let mut depth = 1i32;
        while let Some(token) = self.peek() {
            self.pos += 1;
            if token.is_punct(self.text, "(") {
                depth += 1;
            } else if token.is_punct(self.text, ")") {
                depth -= 1;
                if depth == 0 {
                    return true;
                }
            }
        }
        false
    }

    /// `( … )` at the cursor, skipped whole.
    pub(super) fn eat_group(&mut self) -> bool {
        self.eat_punct("(") && self.skip_to_close()
    }
}

/// The body of a `$tag$…$tag$` string.
fn dollar_body(raw: &str) -> &str {
    let Some(tag_end) = raw.get(1..).and_then(|r| r.find('$')) else {
        return raw;
    };
    let tag = raw.get(..tag_end + 2).unwrap_or("");
    let body = raw.get(tag.len()..).unwrap_or("");
    body.strip_suffix(tag).unwrap_or(body)
}
