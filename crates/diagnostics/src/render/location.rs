//! Where a finding is, in the terms every format shares: the shown path, and
//! 1-based line/column (Unicode scalar values) plus byte offset of both ends.

use miglint_source::{FileId, SourceFile, SourceMap, Span};
use serde::Serialize;

/// Shown for a file id the source map does not hold (a bug upstream, never a panic here).
pub(crate) const UNKNOWN_PATH: &str = "<unknown>";

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Position {
    pub line: u32,
    pub column: u32,
    pub offset: u32,
}

/// A span resolved against its file; `end` is exclusive.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Location<'a> {
    pub path: &'a str,
    pub file: Option<&'a SourceFile>,
    /// The span clamped into the file and onto character boundaries.
    pub span: Span,
    pub start: Position,
    pub end: Position,
}

pub(crate) fn locate<'a>(sources: &'a SourceMap, file: FileId, span: Span) -> Location<'a> {
    let Some(source) = sources.get(file) else {
        let start = Position {
            line: 1,
            column: 1,
            offset: 0,
        };
        return Location {
            path: UNKNOWN_PATH,
            file: None,
            span: Span::new(0, 0),
            start,
            end: start,
        };
    };
    let span = clamp(&source.text, span);
    let position = |offset: u32| {
        let at = source.line_column(offset);
        Position {
            line: at.line,
            column: at.column,
            offset,
        }
    };
    Location {
        path: &source.display_path,
        file: Some(source),
        span,
        start: position(span.start),
        end: position(span.end),
    }
}

/// `span` made to fit `text`: inside it, `start <= end`, both on character boundaries
/// (the start moves back, the end forward, so the marked text is never lost).
pub(crate) fn clamp(text: &str, span: Span) -> Span {
    let len = text.len();
    let mut start = (span.start as usize).min(len);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    if span.end <= span.start {
        // An empty (or reversed) span is an insertion point: it stays empty.
        return Span::from_range(start..start);
    }
    let mut end = (span.end as usize).clamp(start, len);
    while !text.is_char_boundary(end) {
        end += 1;
    }
    Span::from_range(start..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_clamped_into_the_text_and_onto_characters() {
        let text = "aé\r\nb";
        // `é` is bytes 1..3.
        assert_eq!(clamp(text, Span::new(2, 2)), Span::new(1, 1));
        assert_eq!(clamp(text, Span::new(0, 2)), Span::new(0, 3));
        assert_eq!(clamp(text, Span::new(4, 1)), Span::new(4, 4));
        assert_eq!(clamp(text, Span::new(3, 99)), Span::new(3, 6));
        assert_eq!(clamp(text, Span::new(99, 100)), Span::new(6, 6));
        assert_eq!(clamp("", Span::new(5, 9)), Span::new(0, 0));
    }
}
