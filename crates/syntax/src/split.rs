//! Splitting a file into statements without parsing them.

use miglint_source::{Dialect, Span};

/// The spans of the statements in `range` of `text`: each from its first
/// token to its last, without the `;` and without surrounding trivia.
pub fn split_statements(text: &str, range: Span, dialect: Dialect) -> Vec<Span> {
    let _ = (text, range, dialect);
    Vec::new()
}
