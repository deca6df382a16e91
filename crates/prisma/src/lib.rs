//! Prisma Schema Language: parser with spans, and the mapping to the database
//! schema Prisma Migrate would create — Prisma's reader for the drift engine.
//!
//! [`parse_schema`] reads one or more `.prisma` files into an [`ast::Schema`];
//! [`ExpectedSchema::from_schema`] maps it to the tables, columns, keys and
//! enums Prisma Migrate would create; [`ExpectedSchema::to_model`] hands that
//! to `miglint_model`'s comparison, with [`PrismaFixes`] writing each fix the
//! way Prisma does (and, for what the model lacks, the Prisma text that
//! declares it). [`read_model`] does both steps.
//!
//! A Prisma model can say everything the drift engine compares: tables,
//! columns, types, nullability, defaults, primary keys, indexes, foreign keys
//! (unless `relationMode = "prisma"`) and enums.

pub mod ast;
mod declare;
mod error;
pub mod expected;
pub mod fix_sql;
mod lexer;
mod mapping;
mod model;
mod parser;
mod sql_types;

pub use error::SchemaError;
pub use expected::*;
pub use model::PrismaFixes;
pub use parser::{MAX_NESTING, parse_schema};

use miglint_source::FileId;

/// Reads a Prisma model (one or more files) into the model-neutral expected
/// schema and the fix writer that spells fixes as Prisma does.
pub fn read_model(
    files: &[(FileId, &str)],
) -> Result<(miglint_model::ExpectedSchema, PrismaFixes), Vec<SchemaError>> {
    let schema = parse_schema(files)?;
    let expected = ExpectedSchema::from_schema(&schema)?;
    Ok((expected.to_model(), PrismaFixes::new(expected)))
}
