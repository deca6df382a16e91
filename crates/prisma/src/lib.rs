//! Prisma Schema Language: parser with spans, and the mapping to the database
//! schema Prisma Migrate would create — Prisma's reader for the drift engine.
//!
//! [`parse_schema`] reads one or more `.prisma` files into an [`ast::Schema`];
//! [`map_schema`] maps it to the tables, columns, keys and enums Prisma
//! Migrate would create, as the model-neutral [`miglint_model::ExpectedSchema`]
//! every reader produces, with the Prisma names and flags it does not carry
//! in [`PrismaFacts`]. [`PrismaFixes`] writes each fix the way Prisma does
//! (and, for what the model lacks, the Prisma text that declares it).
//! [`read_model`] does all three.
//!
//! A Prisma model can say everything the drift engine compares: tables,
//! columns, types, nullability, defaults, primary keys, indexes, foreign keys
//! (unless `relationMode = "prisma"`) and enums.

pub mod ast;
mod declare;
mod error;
mod facts;
pub mod fix_sql;
mod lexer;
mod mapping;
mod model;
mod parser;
mod sql_types;

pub use error::SchemaError;
pub use facts::{ColumnFacts, PrismaFacts, TableFacts};
pub use mapping::map_schema;
pub use model::PrismaFixes;
pub use parser::{MAX_NESTING, parse_schema};

use miglint_source::FileId;

/// Reads a Prisma model (one or more files) into the model-neutral expected
/// schema and the fix writer that spells fixes as Prisma does.
pub fn read_model(
    files: &[(FileId, &str)],
) -> Result<(miglint_model::ExpectedSchema, PrismaFixes), Vec<SchemaError>> {
    let schema = parse_schema(files)?;
    let (expected, facts) = map_schema(&schema)?;
    Ok((expected, PrismaFixes::new(facts)))
}
