//! The clauses sqlparser lacks that carry no schema change, blanked so
//! that sqlparser can read the rest of the statement.

use miglint_source::{Dialect, Span};

use crate::lexer::{Token, TokenKind, tokenize};

use super::cursor::Cursor;
use super::table::Action;

/// The statement at `span` with the clauses sqlparser lacks replaced by
/// spaces (so every other byte keeps its offset), or `None` when it has none.
/// The clauses carry no schema change: `COST n` / `ROWS n` / `[NOT] LEAKPROOF`
/// / `SUPPORT f` of a function, `COLLATE c` after a column type in `ALTER
/// TABLE`, `ALTER TABLE` actions that leave the catalog as it is (`ALTER
/// CONSTRAINT`, `SET STATISTICS`…) beside others, `LIKE`'s `INCLUDING x`,
/// `CREATE INDEX … ON ONLY`, a view's `RECURSIVE`, `WITH (options)`, `WITH
/// CHECK OPTION`, `WITH [NO] DATA`, and an identity's `SEQUENCE NAME`, `OWNED
/// BY`, `[UN]LOGGED` and `RESTART` options. `CREATE PROCEDURE` is read as the
/// function it is (the keyword is rewritten in place).
pub(crate) fn blank_clauses_sqlparser_lacks(
    text: &str,
    span: Span,
    dialect: Dialect,
) -> Option<String> {
    if dialect != Dialect::Postgres {
        return None;
    }
    let tokens: Vec<Token> = tokenize(text, span, dialect)
        .into_iter()
        .filter(|t| !t.kind.is_trivia())
        .collect();
    let word = |i: usize, w: &str| tokens.get(i).is_some_and(|t| t.is_word(text, w));
    let kind = |i: usize, k: TokenKind| tokens.get(i).is_some_and(|t| t.kind == k);
    let punct = |i: usize, p: &str| tokens.get(i).is_some_and(|t| t.is_punct(text, p));
    let or_replace = usize::from(word(1, "OR") && word(2, "REPLACE")) * 2;
    let function = word(0, "CREATE")
        && (word(1 + or_replace, "FUNCTION") || word(1 + or_replace, "PROCEDURE"));
    let alter_table = word(0, "ALTER") && word(1, "TABLE");
    let create_table = word(0, "CREATE") && (1..4).any(|i| word(i, "TABLE"));
    let create_index = word(0, "CREATE") && (word(1, "INDEX") || word(2, "INDEX"));
    let view_at = (1..6)
        .find(|&i| word(i, "VIEW"))
        .filter(|_| word(0, "CREATE"));
    let materialized = view_at.is_some_and(|i| word(i - 1, "MATERIALIZED"));
    // (first token, last token, replacement of the same length or blanks).
    let mut edits: Vec<(usize, usize, &str)> = Vec::new();
    if function && word(1 + or_replace, "PROCEDURE") {
        edits.push((1 + or_replace, 1 + or_replace, "FUNCTION "));
    }
    if alter_table {
        let all = tokenize(text, span, dialect);
        let mut cursor = Cursor::new(text, dialect, &all, &tokens);
        cursor.pos = 2;
        edits.extend(cursor.blankable_table_actions());
    }
    if create_table || alter_table {
        // Identity options sqlparser lacks, which name or keep the identity's
        // sequence but change no column.
        let name_at = |i: usize| kind(i, TokenKind::Word) || kind(i, TokenKind::QuotedIdent);
        // The last token of the (possibly qualified) name at `i`.
        let name_end = |mut i: usize| {
            while punct(i + 1, ".") && name_at(i + 2) {
                i += 2;
            }
            i
        };
        let number_at = |i: usize| {
            let sign = usize::from(punct(i, "-") || punct(i, "+"));
            kind(i + sign, TokenKind::Number).then_some(i + sign)
        };
        for open in 1..tokens.len() {
            if !(word(open - 1, "IDENTITY") && punct(open, "(")) {
                continue;
            }
            let close = close_of(text, &tokens, open)?;
            let mut i = open + 1;
            while i < close {
                let last = if word(i, "SEQUENCE") && word(i + 1, "NAME") && name_at(i + 2) {
                    Some(name_end(i + 2))
                } else if word(i, "OWNED") && word(i + 1, "BY") && word(i + 2, "NONE") {
                    Some(i + 2)
                } else if word(i, "OWNED") && word(i + 1, "BY") && name_at(i + 2) {
                    Some(name_end(i + 2))
                } else if word(i, "LOGGED") || word(i, "UNLOGGED") {
                    Some(i)
                } else if word(i, "RESTART") && word(i + 1, "WITH") {
                    number_at(i + 2)
                } else if word(i, "RESTART") {
                    Some(number_at(i + 1).unwrap_or(i))
                } else {
                    None
                };
                match last.filter(|&last| last < close) {
                    Some(last) => {
                        edits.push((i, last, ""));
                        i = last + 1;
                    }
                    None => i += 1,
                }
            }
        }
    }
    if let Some(view) = view_at {
        if word(view - 1, "RECURSIVE") {
            edits.push((view - 1, view - 1, ""));
        }
        // `WITH (options)` between the name (and columns) and `AS`.
        let mut i = view + 1;
        let mut depth = 0i32;
        while i < tokens.len() && !(depth == 0 && word(i, "AS")) {
            if depth == 0 && word(i, "WITH") && punct(i + 1, "(") {
                let close = close_of(text, &tokens, i + 1)?;
                edits.push((i, close, ""));
                i = close + 1;
                continue;
            }
            depth += i32::from(punct(i, "(")) - i32::from(punct(i, ")"));
            i += 1;
        }
        let n = tokens.len();
        if n >= 3 && word(n - 2, "CHECK") && word(n - 1, "OPTION") {
            let with = if word(n - 3, "LOCAL") || word(n - 3, "CASCADED") {
                n - 4
            } else {
                n - 3
            };
            if word(with, "WITH") {
                edits.push((with, n - 1, ""));
            }
        }
        if materialized && n >= 3 && word(n - 1, "DATA") {
            let with = if word(n - 2, "NO") { n - 3 } else { n - 2 };
            if word(with, "WITH") {
                edits.push((with, n - 1, ""));
            }
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        // How many tokens the clause at `i` spans (0: none starts here).
        let two_word_clause = function
            && ((word(i, "COST") || word(i, "ROWS")) && kind(i + 1, TokenKind::Number)
                || word(i, "NOT") && word(i + 1, "LEAKPROOF")
                || word(i, "SUPPORT") && kind(i + 1, TokenKind::Word))
            || alter_table
                && word(i, "COLLATE")
                && (kind(i + 1, TokenKind::Word) || kind(i + 1, TokenKind::QuotedIdent))
            || create_table
                && (word(i, "INCLUDING") || word(i, "EXCLUDING"))
                && kind(i + 1, TokenKind::Word);
        let clause = if two_word_clause {
            2
        } else {
            usize::from(
                function && word(i, "LEAKPROOF")
                    || create_index && i > 0 && word(i - 1, "ON") && word(i, "ONLY"),
            )
        };
        if clause > 0 {
            edits.push((i, i + clause - 1, ""));
        }
        i += clause.max(1);
    }
    if edits.is_empty() {
        return None;
    }
    let mut sql = span.slice(text).to_owned().into_bytes();
    for (first, last, replacement) in edits {
        let (first, last) = (tokens.get(first)?, tokens.get(last)?);
        let from = first.span.start.checked_sub(span.start)? as usize;
        let to = last.span.end.checked_sub(span.start)? as usize;
        let bytes = sql.get_mut(from..to)?;
        // Only ASCII is replaced, so character columns stay where they were.
        if !bytes.is_ascii() || replacement.len() > bytes.len() {
            return None;
        }
        bytes.fill(b' ');
        bytes
            .get_mut(..replacement.len())?
            .copy_from_slice(replacement.as_bytes());
    }
    String::from_utf8(sql).ok()
}

/// The index of the `)` that closes the `(` at `open`.
fn close_of(text: &str, tokens: &[Token], open: usize) -> Option<usize> {
    let mut depth = 0i32;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if t.is_punct(text, "(") {
            depth += 1;
        } else if t.is_punct(text, ")") {
            depth -= 1;
            if depth == 0 {
                return Some(i);
            }
        }
    }
    None
}

impl Cursor<'_> {
    /// After `ALTER TABLE`: the actions sqlparser lacks that leave the
    /// catalog as it is, each with the comma that joins it to the others
    /// (first token, last token, replacement), when at least one other
    /// action is left for sqlparser to read.
    fn blankable_table_actions(&mut self) -> Vec<(usize, usize, &'static str)> {
        if self.alter_table_head().is_none() {
            return Vec::new();
        }
        let parts = self.comma_parts_all(self.pos, self.limit);
        // (first token, last token, blankable) of each action.
        let mut actions: Vec<(usize, usize, bool)> = Vec::new();
        for (from, to) in parts {
            if from >= to {
                return Vec::new();
            }
            let blank = self.within(from, to, |action| {
                action
                    .lacking_table_action()
                    .is_some_and(|(_, read)| read == Action::LackingNoEffect)
            });
            actions.push((from, to - 1, blank));
        }
        if actions.iter().all(|a| a.2) {
            return Vec::new();
        }
        let first_kept = actions.iter().position(|a| !a.2).unwrap_or(0);
        actions
            .iter()
            .enumerate()
            .filter(|(_, a)| a.2)
            .map(|(n, &(first, last, _))| {
                // Before the first kept action, take the comma after; else the one before.
                if n < first_kept {
                    (first, last + 1, "")
                } else {
                    (first - 1, last, "")
                }
            })
            .collect()
    }
}
