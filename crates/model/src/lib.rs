//! The model side of drift, for every model kind.
//!
//! A reader (Prisma, diesel `schema.rs`, a drizzle-kit snapshot, a
//! declarative `schema.sql`) turns its model file into an [`ExpectedSchema`]:
//! database names in the project's dialect, spans into the model file, and
//! the [`Capabilities`] of its kind (what the model can say at all). [`compare`]
//! lists the [`Drift`]s between it and a replayed [`miglint_catalog::Catalog`],
//! each with the typed subject it is about and a [`Fix`] written by the
//! reader's [`FixWriter`].

mod compare;
pub mod drift;
pub mod expected;
pub mod fix;
mod from_catalog;

pub use compare::compare;
pub use drift::{ColumnName, Drift, DriftKind, EnumName, IndexName, TableName};
pub use expected::*;
pub use fix::{DeclareWriter, Fix, FixWriter, StandardFixes};
pub use from_catalog::{DeclaredSpans, from_catalog};
