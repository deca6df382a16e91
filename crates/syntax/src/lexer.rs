//! A small SQL lexer shared by the splitter and the recovery reader.
//!
//! It only classifies: words, quoted identifiers, strings, numbers,
//! punctuation and trivia, each with its byte span. It never fails: an
//! unterminated quote or comment runs to the end of the range, and every span
//! starts and ends on a character boundary.

use miglint_source::{Dialect, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    /// A keyword or bare identifier.
    Word,
    /// `"x"` (PostgreSQL, SQLite), `` `x` `` (MySQL, SQLite), `[x]` (SQLite).
    QuotedIdent,
    /// `'…'`, `E'…'`, `N'…'`, `X'…'`, `B'…'`, and `"…"` in MySQL.
    String,
    /// PostgreSQL `$$…$$` / `$tag$…$tag$`.
    DollarString,
    Number,
    /// `$1`, `?`, `?1`, `:name`, `@name`…: kept apart so `$1` is no dollar quote.
    Parameter,
    /// One punctuation character, or `::`.
    Punct,
    LineComment,
    BlockComment,
    Whitespace,
}

impl TokenKind {
    pub(crate) fn is_trivia(self) -> bool {
        matches!(
            self,
            TokenKind::Whitespace | TokenKind::LineComment | TokenKind::BlockComment
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

impl Token {
    pub(crate) fn text(self, text: &str) -> &str {
        self.span.slice(text)
    }

    /// A word equal to `keyword`, ignoring ASCII case.
    pub(crate) fn is_word(self, text: &str, keyword: &str) -> bool {
        self.kind == TokenKind::Word && self.text(text).eq_ignore_ascii_case(keyword)
    }

    pub(crate) fn is_punct(self, text: &str, punct: &str) -> bool {
        self.kind == TokenKind::Punct && self.text(text) == punct
    }
}

const BOM: &str = "\u{feff}";

/// drizzle-kit splits a migration on this marker before sending anything,
/// in every dialect (MySQL itself has no `-->` comment).
pub(crate) const DRIZZLE_BREAKPOINT: &str = "--> statement-breakpoint";

/// What the scanners return for a token left open: it runs to the end.
const UNCLOSED: usize = usize::MAX;

/// `range` of `text` clamped to the text and moved onto character boundaries.
pub(crate) fn clamp_range(text: &str, range: Span) -> (usize, usize) {
    let mut end = (range.end as usize).min(text.len());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut start = (range.start as usize).min(end);
    while start > 0 && !text.is_char_boundary(start) {
        start -= 1;
    }
    (start, end)
}

/// Lexes one token at a time; cheap to copy for lookahead.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    end: usize,
    dialect: Dialect,
    /// The last token when it is a comment or quote left open: it runs to
    /// the end of the range.
    unclosed: Option<Token>,
}

impl<'a> Lexer<'a> {
    pub(crate) fn new(text: &'a str, range: Span, dialect: Dialect) -> Self {
        let (start, end) = clamp_range(text, range);
        Self {
            text,
            bytes: text.as_bytes(),
            pos: start,
            end,
            dialect,
            unclosed: None,
        }
    }

    pub(crate) fn end(&self) -> usize {
        self.end
    }

    /// A comment, string or quoted identifier left open, once the lexer has
    /// read it (it is then the last token: it runs to the end of the range).
    pub(crate) fn unclosed(&self) -> Option<Token> {
        self.unclosed
    }

    /// Continues lexing at `pos` (moved onto a character boundary inside the range).
    pub(crate) fn seek(&mut self, pos: usize) {
        let mut pos = pos.clamp(self.pos.min(self.end), self.end);
        while pos < self.end && !self.text.is_char_boundary(pos) {
            pos += 1;
        }
        self.pos = pos;
    }

    /// The next token that is not whitespace or a comment.
    pub(crate) fn next_significant(&mut self) -> Option<Token> {
        self.find(|t| !t.kind.is_trivia())
    }

    fn byte(&self, at: usize) -> Option<u8> {
        if at < self.end {
            self.bytes.get(at).copied()
        } else {
            None
        }
    }

    fn rest(&self, at: usize) -> &'a str {
        self.text.get(at..self.end).unwrap_or("")
    }

    /// Length in bytes of the character at `at` (1 past the end).
    fn char_len(&self, at: usize) -> usize {
        self.rest(at).chars().next().map_or(1, char::len_utf8)
    }

    fn is_ident_byte(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
    }

    fn lex(&mut self) -> Option<Token> {
        let start = self.pos;
        let b = self.byte(start)?;
        let (kind, end) = self.lex_at(start, b);
        let open = end == UNCLOSED;
        // Every branch consumes input; guard anyway so that no input loops.
        let end = if end <= start {
            start + self.char_len(start)
        } else {
            end
        }
        .min(self.end);
        self.pos = end;
        let token = Token {
            kind,
            span: Span::from_range(start..end),
        };
        if open {
            self.unclosed = Some(token);
        }
        Some(token)
    }

    fn lex_at(&self, start: usize, b: u8) -> (TokenKind, usize) {
        let dialect = self.dialect;
        match b {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c => {
                (TokenKind::Whitespace, self.whitespace(start))
            }
            _ if self.rest(start).starts_with(BOM) => {
                (TokenKind::Whitespace, self.whitespace(start))
            }
            b'-' if self.byte(start + 1) == Some(b'-') && self.dash_comment_allowed(start) => {
                (TokenKind::LineComment, self.line_end(start))
            }
            b'#' if dialect == Dialect::MySql => (TokenKind::LineComment, self.line_end(start)),
            b'/' if self.byte(start + 1) == Some(b'*') => {
                (TokenKind::BlockComment, self.block_comment(start))
            }
            b'\'' => (
                TokenKind::String,
                self.quoted(start, b'\'', self.backslash_strings()),
            ),
            b'"' if dialect == Dialect::MySql => {
                (TokenKind::String, self.quoted(start, b'"', true))
            }
            b'"' => (TokenKind::QuotedIdent, self.quoted(start, b'"', false)),
            b'`' => (TokenKind::QuotedIdent, self.quoted(start, b'`', false)),
            b'[' if dialect == Dialect::Sqlite => (TokenKind::QuotedIdent, self.bracketed(start)),
            b'$' if dialect == Dialect::Postgres => self.dollar(start),
            b'0'..=b'9' => self.number(start),
            b'.' if self.byte(start + 1).is_some_and(|d| d.is_ascii_digit()) => self.number(start),
            b'?' => (TokenKind::Parameter, self.digits(start + 1)),
            b':' if self.byte(start + 1) == Some(b':') => (TokenKind::Punct, start + 2),
            b':' if self
                .byte(start + 1)
                .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_') =>
            {
                (TokenKind::Parameter, self.ident_end(start + 1))
            }
            b'@' if dialect != Dialect::Postgres => {
                (TokenKind::Parameter, self.ident_end(start + 1))
            }
            _ if b.is_ascii_alphabetic() || b == b'_' || b >= 0x80 => self.word(start),
            _ => (TokenKind::Punct, start + self.char_len(start)),
        }
    }

    fn backslash_strings(&self) -> bool {
        self.dialect == Dialect::MySql
    }

    /// MySQL needs whitespace (or the end) after `--` for a comment.
    fn dash_comment_allowed(&self, start: usize) -> bool {
        self.dialect != Dialect::MySql
            || self.rest(start).starts_with(DRIZZLE_BREAKPOINT)
            || self
                .byte(start + 2)
                .is_none_or(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    }

    fn whitespace(&self, start: usize) -> usize {
        let mut at = start;
        loop {
            match self.byte(at) {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) => at += 1,
                Some(_) if self.rest(at).starts_with(BOM) => at += BOM.len(),
                _ => return at,
            }
        }
    }

    /// PostgreSQL ends a line comment at CR as well as LF (old Mac line
    /// endings); MySQL and SQLite only at LF.
    fn line_end(&self, start: usize) -> usize {
        let rest = self.rest(start);
        let found = match self.dialect {
            Dialect::Postgres => rest.find(['\n', '\r']),
            Dialect::MySql | Dialect::Sqlite => rest.find('\n'),
        };
        found.map_or(self.end, |i| start + i)
    }

    fn block_comment(&self, start: usize) -> usize {
        let nested = self.dialect == Dialect::Postgres;
        let mut depth = 0usize;
        let mut at = start;
        while let Some(b) = self.byte(at) {
            if b == b'/' && self.byte(at + 1) == Some(b'*') && (nested || depth == 0) {
                depth += 1;
                at += 2;
            } else if b == b'*' && self.byte(at + 1) == Some(b'/') {
                depth = depth.saturating_sub(1);
                at += 2;
                if depth == 0 {
                    return at;
                }
            } else {
                at += 1;
            }
        }
        UNCLOSED
    }

    /// A run quoted by `quote`, where a doubled quote is an escaped one; with
    /// `backslash`, `\` escapes the next byte too.
    fn quoted(&self, start: usize, quote: u8, backslash: bool) -> usize {
        let mut at = start + 1;
        while let Some(b) = self.byte(at) {
            if backslash && b == b'\\' {
                at += 2;
            } else if b == quote {
                if self.byte(at + 1) == Some(quote) {
                    at += 2;
                } else {
                    return at + 1;
                }
            } else {
                at += 1;
            }
        }
        UNCLOSED
    }

    fn bracketed(&self, start: usize) -> usize {
        self.rest(start + 1)
            .find(']')
            .map_or(UNCLOSED, |i| start + 1 + i + 1)
    }

    fn dollar(&self, start: usize) -> (TokenKind, usize) {
        let after = start + 1;
        if self.byte(after).is_some_and(|c| c.is_ascii_digit()) {
            return (TokenKind::Parameter, self.digits(after));
        }
        let tag_end = self.ident_end_no_dollar(after);
        let starts_ok = self
            .byte(after)
            .is_some_and(|c| c == b'$' || c.is_ascii_alphabetic() || c == b'_' || c >= 0x80);
        if !starts_ok || self.byte(tag_end) != Some(b'$') {
            return (TokenKind::Punct, after);
        }
        let delimiter = self.text.get(start..=tag_end).unwrap_or("$$");
        let body = tag_end + 1;
        let end = self
            .rest(body)
            .find(delimiter)
            .map_or(UNCLOSED, |i| body + i + delimiter.len());
        (TokenKind::DollarString, end)
    }

    fn digits(&self, from: usize) -> usize {
        let mut at = from;
        while self.byte(at).is_some_and(|c| c.is_ascii_digit()) {
            at += 1;
        }
        at
    }

    fn ident_end(&self, from: usize) -> usize {
        let mut at = from;
        while self.byte(at).is_some_and(Self::is_ident_byte) {
            at += 1;
        }
        at
    }

    fn ident_end_no_dollar(&self, from: usize) -> usize {
        let mut at = from;
        while self
            .byte(at)
            .is_some_and(|c| c != b'$' && Self::is_ident_byte(c))
        {
            at += 1;
        }
        at
    }

    fn number(&self, start: usize) -> (TokenKind, usize) {
        if self.byte(start) == Some(b'0') && matches!(self.byte(start + 1), Some(b'x' | b'X')) {
            let mut at = start + 2;
            while self.byte(at).is_some_and(|c| c.is_ascii_hexdigit()) {
                at += 1;
            }
            return (TokenKind::Number, at);
        }
        let mut at = self.digits(start);
        if self.byte(at) == Some(b'.') {
            at = self.digits(at + 1);
        }
        if matches!(self.byte(at), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(self.byte(at + 1), Some(b'+' | b'-')));
            if self.byte(at + 1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                at = self.digits(at + 1 + sign);
            }
        }
        // MySQL and SQLite accept identifiers that start with digits (`1st_col`).
        if self.dialect != Dialect::Postgres
            && self
                .byte(at)
                .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_' || c >= 0x80)
        {
            return (TokenKind::Word, self.ident_end(at));
        }
        (TokenKind::Number, at)
    }

    fn word(&self, start: usize) -> (TokenKind, usize) {
        let end = self.ident_end(start);
        let word = self.text.get(start..end).unwrap_or("");
        // Prefixed strings: E'…' (backslash escapes), N'…', X'…', B'…'.
        if end == start + 1 && self.byte(end) == Some(b'\'') {
            let backslash = self.backslash_strings()
                || (self.dialect == Dialect::Postgres && word.eq_ignore_ascii_case("e"));
            if matches!(word, "e" | "E" | "n" | "N" | "x" | "X" | "b" | "B") {
                return (TokenKind::String, self.quoted(end, b'\'', backslash));
            }
        }
        (TokenKind::Word, end)
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        self.lex()
    }
}

/// The text of `tokens` with each run of whitespace and comments read as one
/// space, strings kept as written: how the IR keeps types and expressions.
pub(crate) fn collapsed_text<'t>(
    text: &str,
    tokens: impl IntoIterator<Item = &'t Token>,
) -> String {
    let mut out = String::new();
    for token in tokens {
        if token.kind.is_trivia() {
            if !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.push_str(token.text(text));
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// All tokens of `range` of `text`, trivia included.
pub(crate) fn tokenize(text: &str, range: Span, dialect: Dialect) -> Vec<Token> {
    Lexer::new(text, range, dialect).collect()
}

/// The value of a quoted identifier token: quotes removed, doubled quotes undone.
pub(crate) fn unquote_ident(raw: &str) -> String {
    let mut chars = raw.chars();
    let (open, close) = match chars.next() {
        Some('"') => ('"', '"'),
        Some('`') => ('`', '`'),
        Some('[') => ('[', ']'),
        _ => return raw.to_owned(),
    };
    let _ = open;
    let inner = raw.get(1..).unwrap_or("");
    let inner = inner.strip_suffix(close).unwrap_or(inner);
    let doubled: String = [close, close].iter().collect();
    inner.replace(&doubled, &close.to_string())
}

/// The value of a string literal token: prefix and quotes removed, escapes undone.
pub(crate) fn unquote_string(raw: &str, dialect: Dialect) -> String {
    let (prefix, body) = match raw.find(['\'', '"']) {
        Some(i) => (raw.get(..i).unwrap_or(""), raw.get(i..).unwrap_or("")),
        None => return raw.to_owned(),
    };
    let mut chars = body.chars();
    let quote = chars.next().unwrap_or('\'');
    let backslash = dialect == Dialect::MySql || prefix.eq_ignore_ascii_case("e");
    let inner: Vec<char> = chars.collect();
    let mut out = String::with_capacity(inner.len());
    let mut i = 0;
    while let Some(&c) = inner.get(i) {
        if c == quote {
            if inner.get(i + 1) == Some(&quote) {
                out.push(quote);
                i += 2;
                continue;
            }
            break;
        }
        if backslash && c == '\\' {
            let escaped = inner.get(i + 1).copied();
            out.push(match escaped {
                Some('n') => '\n',
                Some('t') => '\t',
                Some('r') => '\r',
                Some('0') => '\0',
                Some('b') => '\u{8}',
                Some('Z') if dialect == Dialect::MySql => '\u{1a}',
                Some(other) => other,
                None => break,
            });
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str, dialect: Dialect) -> Vec<(TokenKind, &str)> {
        tokenize(sql, Span::from_range(0..sql.len()), dialect)
            .into_iter()
            .filter(|t| t.kind != TokenKind::Whitespace)
            .map(|t| (t.kind, t.text(sql)))
            .collect()
    }

    #[test]
    fn quoting_depends_on_the_dialect() {
        use TokenKind::*;
        let sql = r#""a""b" `c` 'd''e' "x\"y""#;
        assert_eq!(
            kinds(sql, Dialect::MySql),
            vec![
                (String, r#""a""b""#),
                (QuotedIdent, "`c`"),
                (String, "'d''e'"),
                (String, r#""x\"y""#)
            ]
        );
        let pg = kinds(r#""a""b" 'it\' [x]"#, Dialect::Postgres);
        assert_eq!(pg[0], (QuotedIdent, r#""a""b""#));
        // standard strings: the backslash is a plain character
        assert_eq!(pg[1], (String, r"'it\'"));
        assert_eq!(pg[2], (Punct, "["));
        assert_eq!(
            kinds("[x y]", Dialect::Sqlite),
            vec![(QuotedIdent, "[x y]")]
        );
    }

    #[test]
    fn postgres_escape_strings_and_dollar_quotes() {
        use TokenKind::*;
        assert_eq!(
            kinds(r"E'a\'b'", Dialect::Postgres),
            vec![(String, r"E'a\'b'")]
        );
        assert_eq!(
            kinds("$f$ a; $$ b $f$ $1 a$b", Dialect::Postgres),
            vec![
                (DollarString, "$f$ a; $$ b $f$"),
                (Parameter, "$1"),
                (Word, "a$b")
            ]
        );
        assert_eq!(kinds("$$x", Dialect::Postgres), vec![(DollarString, "$$x")]);
    }

    #[test]
    fn comments_by_dialect() {
        use TokenKind::*;
        assert_eq!(
            kinds("/* a /* b */ c */ x", Dialect::Postgres),
            vec![(BlockComment, "/* a /* b */ c */"), (Word, "x")]
        );
        assert_eq!(
            kinds("/* a /* b */ c */", Dialect::Sqlite)[0],
            (BlockComment, "/* a /* b */")
        );
        assert_eq!(kinds("# hi\nx", Dialect::MySql)[0], (LineComment, "# hi"));
        assert_eq!(kinds("1--2", Dialect::MySql).len(), 4);
        assert_eq!(
            kinds("a -- b\r\nc", Dialect::Postgres)[1],
            (LineComment, "-- b")
        );
        // PostgreSQL ends a `--` comment at a lone CR; MySQL and SQLite do not.
        assert_eq!(
            kinds("-- b\rc", Dialect::Postgres),
            vec![(LineComment, "-- b"), (Word, "c")]
        );
        assert_eq!(
            kinds("-- b\rc", Dialect::Sqlite),
            vec![(LineComment, "-- b\rc")]
        );
        assert_eq!(
            kinds("# b\rc", Dialect::MySql),
            vec![(LineComment, "# b\rc")]
        );
    }

    #[test]
    fn never_panics_and_stays_on_char_boundaries() {
        let inputs = [
            "'unterminated",
            "\"open",
            "/* open",
            "$tag$ open",
            "E'\\",
            "`",
            "[",
            "\u{feff}select",
            "é'",
            "$",
            "$é$ x $é$",
            "0x",
            "1e",
            "--",
            "'\\",
            "ü.ö",
            "\"\u{1F600}",
        ];
        for input in inputs {
            for dialect in Dialect::ALL {
                let tokens = tokenize(input, Span::from_range(0..input.len()), dialect);
                let mut pos = 0;
                for t in &tokens {
                    assert_eq!(t.span.start as usize, pos, "{input:?}");
                    assert!(t.span.end > t.span.start);
                    assert!(input.is_char_boundary(t.span.end as usize));
                    pos = t.span.end as usize;
                }
                assert_eq!(pos, input.len(), "{input:?} {dialect}");
            }
        }
    }

    #[test]
    fn unquoting() {
        assert_eq!(unquote_ident(r#""a""b""#), r#"a"b"#);
        assert_eq!(unquote_ident("`a``b`"), "a`b");
        assert_eq!(unquote_ident("[a b]"), "a b");
        assert_eq!(unquote_string("'it''s'", Dialect::Postgres), "it's");
        assert_eq!(unquote_string(r"E'a\nb'", Dialect::Postgres), "a\nb");
        assert_eq!(unquote_string(r"'a\'b'", Dialect::MySql), "a'b");
        assert_eq!(unquote_string(r"'a\b'", Dialect::Postgres), r"a\b");
    }
}
