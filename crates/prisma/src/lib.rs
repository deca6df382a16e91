//! Prisma Schema Language: parser with spans, mapping to the expected database schema, drift comparison.
//!
//! [`parse_schema`] reads one or more `.prisma` files into an [`ast::Schema`];
//! [`ExpectedSchema::from_schema`] maps it to the tables, columns, keys and
//! enums Prisma Migrate would create; [`compare`] lists the [`Drift`]s between
//! that and a replayed [`miglint_catalog::Catalog`], each with fix SQL.

pub mod ast;
mod compare;
mod error;
pub mod expected;
pub mod fix_sql;
mod lexer;
mod mapping;
mod parser;
mod sql_types;

pub use compare::{Drift, DriftKind, compare};
pub use error::SchemaError;
pub use expected::*;
pub use parser::{MAX_NESTING, parse_schema};
