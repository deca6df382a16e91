//! The vocabulary every miglint stage shares: files, byte spans and SQL dialects.

mod dialect;
mod files;
mod span;

pub use dialect::Dialect;
pub use files::{FileId, SourceFile, SourceMap, display_path};
pub use span::{LineColumn, LineIndex, Span};
