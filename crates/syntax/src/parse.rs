//! Parsing a file: split, parse each statement with sqlparser, lower.

use miglint_source::{Dialect, Span};

use crate::ParsedFile;

/// Parses a whole file.
pub fn parse(text: &str, dialect: Dialect) -> ParsedFile {
    parse_range(text, Span::from_range(0..text.len()), dialect)
}

/// Parses the statements in `range` of `text` (e.g. a dbmate up section).
/// Spans in the result are offsets into `text`.
pub fn parse_range(text: &str, range: Span, dialect: Dialect) -> ParsedFile {
    // Provisional: the fallback recogniser alone, until sqlparser lowering lands.
    let statements = crate::split::split_statements(text, range, dialect)
        .into_iter()
        .map(|span| crate::Statement {
            span,
            change: {
                let read = |s: Span| crate::fallback::recognize(text, s, dialect);
                crate::procedural::do_block(text, span, dialect, &read)
                    .unwrap_or_else(|| read(span))
            },
            error: None,
            ast: None,
        })
        .collect();
    ParsedFile { statements }
}
