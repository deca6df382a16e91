//! Splitting a file into statements without parsing them.
//!
//! Provisional: skips comments, strings, quoted names and dollar quotes, and
//! keeps trigger bodies (`BEGIN … END`) whole.

use miglint_source::{Dialect, Span};

/// The spans of the statements in `range` of `text`: each from its first
/// token to its last, without the `;` and without surrounding trivia.
pub fn split_statements(text: &str, range: Span, dialect: Dialect) -> Vec<Span> {
    let end = (range.end as usize).min(text.len());
    let start = (range.start as usize).min(end);
    let bytes = text.as_bytes();
    let mut spans = Vec::new();
    let mut first: Option<usize> = None;
    let mut last_end = start;
    let mut trigger = false;
    let mut block_depth = 0usize;
    let mut i = start;
    let at = |j: usize| bytes.get(j).copied().unwrap_or(0);
    while i < end {
        let b = at(i);
        let token_start = i;
        match b {
            b' ' | b'\t' | b'\r' | b'\n' | 0x0b | 0x0c => {
                i += 1;
                continue;
            }
            b'-' if at(i + 1) == b'-' => {
                while i < end && at(i) != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'#' if dialect == Dialect::MySql => {
                while i < end && at(i) != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if at(i + 1) == b'*' => {
                let mut depth = 0usize;
                while i < end {
                    if at(i) == b'/' && at(i + 1) == b'*' {
                        depth += 1;
                        i += 2;
                    } else if at(i) == b'*' && at(i + 1) == b'/' {
                        depth = depth.saturating_sub(1);
                        i += 2;
                        if depth == 0 || dialect != Dialect::Postgres {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            b';' if block_depth == 0 => {
                if let Some(s) = first.take() {
                    spans.push(Span::from_range(s..last_end));
                }
                trigger = false;
                i += 1;
                continue;
            }
            b'\'' | b'"' | b'`' => {
                let backslash = b == b'\''
                    && (dialect == Dialect::MySql || (i > 0 && matches!(at(i - 1), b'e' | b'E')));
                i += 1;
                while i < end {
                    let c = at(i);
                    if backslash && c == b'\\' {
                        i += 2;
                    } else if c == b {
                        i += 1;
                        if at(i) != b {
                            break;
                        }
                        i += 1;
                    } else {
                        i += 1;
                    }
                }
            }
            b'$' if dialect == Dialect::Postgres => {
                let tag_len = text
                    .get(i + 1..end)
                    .unwrap_or("")
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
                    .count();
                let is_tag = at(i + 1 + tag_len) == b'$' && !at(i + 1).is_ascii_digit();
                if is_tag {
                    let tag = text.get(i..i + tag_len + 2).unwrap_or("$$");
                    let body = i + tag_len + 2;
                    i = text
                        .get(body..end)
                        .and_then(|rest| rest.find(tag))
                        .map_or(end, |p| body + p + tag.len());
                } else {
                    i += 1;
                }
            }
            c if c.is_ascii_alphabetic() || c == b'_' || c >= 0x80 => {
                while i < end
                    && (at(i).is_ascii_alphanumeric()
                        || matches!(at(i), b'_' | b'$')
                        || at(i) >= 0x80)
                {
                    i += 1;
                }
                let word = text.get(token_start..i).unwrap_or("");
                if word.eq_ignore_ascii_case("trigger") && dialect != Dialect::Postgres {
                    trigger = true;
                } else if trigger
                    && (word.eq_ignore_ascii_case("begin") || word.eq_ignore_ascii_case("case"))
                {
                    block_depth += 1;
                } else if trigger && word.eq_ignore_ascii_case("end") {
                    block_depth = block_depth.saturating_sub(1);
                }
            }
            _ => i += 1,
        }
        // Never stop inside a character when a scan ran past the range.
        i = i.min(end);
        while !text.is_char_boundary(i) {
            i += 1;
        }
        first.get_or_insert(token_start);
        last_end = i;
    }
    if let Some(s) = first {
        spans.push(Span::from_range(s..last_end));
    }
    spans
}
