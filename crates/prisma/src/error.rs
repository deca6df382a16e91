use std::fmt;

use miglint_source::{FileId, Span};

/// A problem that makes a Prisma schema unusable: a syntax error, or a
/// reference the mapping cannot resolve. The caller skips the drift check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaError {
    pub file: FileId,
    pub span: Span,
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SchemaError {}
