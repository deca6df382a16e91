//! How to keep what the history has and a drizzle-kit snapshot lacks. The
//! snapshot is drizzle-kit's output: the object is declared in the
//! TypeScript schema it is generated from, and the snapshot regenerated.

use miglint_catalog::{Catalog, Column, Table};
use miglint_model::{DeclareWriter, ExpectedEnum, ExpectedSchema, ExpectedTable, Fix, FixWriter};

/// Plain SQL fixes; for what the snapshot lacks, where to declare it.
#[derive(Clone, Debug)]
pub struct DrizzleFixes {
    /// The snapshot as the output names it (`drizzle/meta/0003_snapshot.json`).
    pub snapshot: String,
}

impl DrizzleFixes {
    fn declare(&self, what: &str) -> Fix {
        Fix::Manual(format!(
            "declare {what} in the drizzle schema (the TypeScript tables {} is generated from) and run `drizzle-kit generate`",
            self.snapshot
        ))
    }
}

impl FixWriter for DrizzleFixes {}

impl DeclareWriter for DrizzleFixes {
    fn declare_table(&self, _model: &ExpectedSchema, _catalog: &Catalog, table: &Table) -> Fix {
        self.declare(&format!("the table `{}`", table.name))
    }

    fn declare_column(
        &self,
        _model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &Column,
    ) -> Fix {
        let ty = column
            .data_type
            .as_ref()
            .map_or_else(|| "no type".to_owned(), ToString::to_string);
        let null = if column.nullable { "" } else { " not null" };
        self.declare(&format!(
            "the column `{}` ({ty}{null}) on `{}`",
            column.name, table.name
        ))
    }

    fn declare_index(
        &self,
        _model: &ExpectedSchema,
        table: &ExpectedTable,
        name: &str,
        columns: &[String],
        unique: bool,
    ) -> Fix {
        self.declare(&format!(
            "the {}index `{name}` on `{}` ({})",
            if unique { "unique " } else { "" },
            table.name,
            columns.join(", ")
        ))
    }

    fn declare_enum_value(&self, _model: &ExpectedSchema, e: &ExpectedEnum, value: &str) -> Fix {
        self.declare(&format!(
            "the value '{value}' of the enum `{}`",
            e.model_name
        ))
    }
}
