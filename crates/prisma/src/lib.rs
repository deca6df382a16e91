//! Prisma Schema Language: parser with spans, mapping to the expected database schema, drift comparison.

pub mod ast;
mod error;
mod lexer;
mod parser;

pub use error::SchemaError;
pub use parser::parse_schema;
pub mod expected;
pub mod fix_sql;
mod mapping;
mod sql_types;

pub use expected::*;
mod compare;

pub use compare::{Drift, DriftKind, compare};
