//! Fixes spelled the way `prisma migrate diff` writes them, for the
//! model-neutral expected schema the mapping produces.

use miglint_catalog::{Catalog, Column, Table};
use miglint_model::{
    DeclareWriter, ExpectedColumn, ExpectedEnum, ExpectedSchema, ExpectedTable, Fix, FixWriter,
    StandardFixes,
};
use miglint_source::Dialect;

use crate::facts::PrismaFacts;
use crate::fix_sql;

/// Fixes as Prisma Migrate writes them; [`PrismaFacts`] adds what the
/// expected schema does not say (model names, list arity).
#[derive(Clone, Debug)]
pub struct PrismaFixes {
    facts: PrismaFacts,
}

impl PrismaFixes {
    pub fn new(facts: PrismaFacts) -> Self {
        Self { facts }
    }

    pub fn facts(&self) -> &PrismaFacts {
        &self.facts
    }

    /// The column with the arity Prisma's DDL gives its field, where the
    /// comparison leaves nullability alone (an array).
    fn written(&self, table: &ExpectedTable, column: &ExpectedColumn) -> ExpectedColumn {
        let mut column = column.clone();
        if column.nullable.is_none()
            && let Some(facts) = self
                .facts
                .table(table.schema.as_deref(), &table.name)
                .and_then(|t| t.column(&column.name))
        {
            column.nullable = Some(facts.nullable);
        }
        column
    }

    /// The table with every column as Prisma writes it.
    fn written_table(&self, table: &ExpectedTable) -> ExpectedTable {
        ExpectedTable {
            columns: table
                .columns
                .iter()
                .map(|c| self.written(table, c))
                .collect(),
            ..table.clone()
        }
    }
}

/// The first table named like `table`: of same-named tables (a schema Prisma
/// rejects), fixes are written from the first, like lookups by name elsewhere.
fn first<'a>(model: &'a ExpectedSchema, table: &'a ExpectedTable) -> &'a ExpectedTable {
    model
        .table(table.schema.as_deref(), &table.name)
        .unwrap_or(table)
}

/// The first enum named like `e`.
fn first_enum<'a>(model: &'a ExpectedSchema, e: &'a ExpectedEnum) -> &'a ExpectedEnum {
    model
        .enums
        .iter()
        .find(|p| p.schema == e.schema && p.name == e.name)
        .unwrap_or(e)
}

/// `fix_sql` writes what cannot be done in place as a `--` comment alone;
/// SQL with explanatory comments before it is still SQL to run.
fn classify(text: String) -> Fix {
    let only_comments = text
        .lines()
        .all(|line| line.trim().is_empty() || line.trim_start().starts_with("--"));
    match text.strip_prefix("-- ") {
        Some(manual) if only_comments => Fix::Manual(manual.to_owned()),
        _ => Fix::Sql(text),
    }
}

impl FixWriter for PrismaFixes {
    fn create_table(&self, model: &ExpectedSchema, table: &ExpectedTable) -> Fix {
        let table = self.written_table(first(model, table));
        classify(fix_sql::create_table(
            model.dialect,
            &table,
            model.capabilities.foreign_keys,
        ))
    }

    fn add_column(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &ExpectedColumn,
    ) -> Fix {
        let t = first(model, table);
        match t.column(&column.name) {
            Some(c) => classify(fix_sql::add_column(model.dialect, t, &self.written(t, c))),
            None => StandardFixes.add_column(model, table, column),
        }
    }

    fn set_data_type(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &ExpectedColumn,
    ) -> Fix {
        let t = first(model, table);
        match t.column(&column.name) {
            Some(c) => classify(fix_sql::set_data_type(
                model.dialect,
                t,
                &self.written(t, c),
            )),
            None => StandardFixes.set_data_type(model, table, column),
        }
    }

    fn set_nullability(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &ExpectedColumn,
    ) -> Fix {
        let t = first(model, table);
        match t.column(&column.name) {
            Some(c) => classify(fix_sql::set_nullability(
                model.dialect,
                t,
                &self.written(t, c),
            )),
            None => StandardFixes.set_nullability(model, table, column),
        }
    }

    fn set_default(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &ExpectedColumn,
    ) -> Fix {
        let t = first(model, table);
        match t.column(&column.name) {
            Some(c) => classify(fix_sql::set_default(model.dialect, t, &self.written(t, c))),
            None => StandardFixes.set_default(model, table, column),
        }
    }

    fn drop_table(&self, model: &ExpectedSchema, schema: Option<&str>, name: &str) -> Fix {
        classify(fix_sql::drop_table(model.dialect, schema, name))
    }

    fn drop_column(&self, model: &ExpectedSchema, table: &ExpectedTable, column: &str) -> Fix {
        classify(fix_sql::drop_column(
            model.dialect,
            table.schema.as_deref(),
            &table.name,
            column,
        ))
    }

    fn set_primary_key(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        actual: Option<&str>,
    ) -> Fix {
        let dialect = model.dialect;
        let quote = |c: &String| fix_sql::quote(dialect, c);
        let table_ref = fix_sql::qualified(dialect, table.schema.as_deref(), &table.name);
        if dialect == Dialect::Sqlite {
            return Fix::Manual(format!(
                "SQLite cannot change a primary key: Prisma redefines {table_ref} (CREATE TABLE \"new_{}\" …, INSERT … SELECT, DROP TABLE, ALTER TABLE … RENAME)",
                table.name
            ));
        }
        let mut steps = Vec::new();
        if let Some(actual) = actual {
            steps.push(match dialect {
                Dialect::MySql => "DROP PRIMARY KEY".to_owned(),
                _ => format!("DROP CONSTRAINT {}", fix_sql::quote(dialect, actual)),
            });
        }
        if let Some(pk) = &table.primary_key {
            let columns: Vec<String> = pk.columns.iter().map(quote).collect();
            steps.push(match dialect {
                Dialect::MySql => format!("ADD PRIMARY KEY ({})", columns.join(", ")),
                _ => format!(
                    "ADD CONSTRAINT {} PRIMARY KEY ({})",
                    fix_sql::quote(dialect, &pk.name),
                    columns.join(",")
                ),
            });
        }
        Fix::Sql(format!("ALTER TABLE {table_ref} {};", steps.join(",\n")))
    }

    fn create_index(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        index: &miglint_model::ExpectedIndex,
    ) -> Fix {
        let t = first(model, table);
        match t.indexes.iter().find(|i| i.name == index.name) {
            Some(i) => classify(fix_sql::create_index(model.dialect, t, i)),
            None => StandardFixes.create_index(model, table, index),
        }
    }

    fn drop_index(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        name: &str,
        is_constraint: bool,
    ) -> Fix {
        let dialect = model.dialect;
        if is_constraint && dialect != Dialect::Sqlite {
            return Fix::Sql(format!(
                "ALTER TABLE {} DROP CONSTRAINT {};",
                fix_sql::qualified(dialect, table.schema.as_deref(), &table.name),
                fix_sql::quote(dialect, name)
            ));
        }
        classify(fix_sql::drop_index(
            dialect,
            table.schema.as_deref(),
            &table.name,
            name,
        ))
    }

    fn add_foreign_key(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        fk: &miglint_model::ExpectedForeignKey,
    ) -> Fix {
        let t = first(model, table);
        match t.foreign_keys.iter().find(|f| f.name == fk.name) {
            Some(f) => classify(fix_sql::add_foreign_key(model.dialect, t, f)),
            None => StandardFixes.add_foreign_key(model, table, fk),
        }
    }

    fn create_enum(&self, model: &ExpectedSchema, e: &ExpectedEnum) -> Fix {
        let e = first_enum(model, e);
        classify(fix_sql::create_enum(model.dialect, e).unwrap_or_default())
    }

    fn add_enum_value(&self, model: &ExpectedSchema, e: &ExpectedEnum, value: &str) -> Fix {
        classify(fix_sql::add_enum_value(
            model.dialect,
            first_enum(model, e),
            value,
        ))
    }

    fn drop_enum_value(&self, model: &ExpectedSchema, e: &ExpectedEnum, value: &str) -> Fix {
        Fix::Manual(format!(
            "PostgreSQL cannot drop an enum value: Prisma recreates {} without '{}' (CREATE TYPE …_new, ALTER COLUMN … TYPE, DROP TYPE, RENAME)",
            fix_sql::qualified(model.dialect, e.schema.as_deref(), &e.name),
            value.replace('\'', "''")
        ))
    }
}

impl DeclareWriter for PrismaFixes {
    fn declare_table(&self, model: &ExpectedSchema, catalog: &Catalog, table: &Table) -> Fix {
        crate::declare::declare_table(&self.facts, model, catalog, table)
    }

    fn declare_column(
        &self,
        model: &ExpectedSchema,
        _table: &ExpectedTable,
        column: &Column,
    ) -> Fix {
        Fix::Model(crate::declare::field_line(column, model, false))
    }

    fn declare_index(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        name: &str,
        columns: &[String],
        unique: bool,
    ) -> Fix {
        Fix::Model(crate::declare::index_line(
            model.dialect,
            &table.name,
            name,
            columns,
            unique,
        ))
    }

    fn declare_enum_value(&self, _model: &ExpectedSchema, e: &ExpectedEnum, value: &str) -> Fix {
        crate::declare::declare_enum_value(e, value)
    }
}
