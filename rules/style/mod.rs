//! Choices that work but are usually not what was meant.

mod json_column;

pub use json_column::JsonColumn;
