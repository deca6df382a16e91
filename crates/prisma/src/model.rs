//! Prisma as one model reader: its expected schema in the model-neutral form,
//! and fixes spelled the way `prisma migrate diff` writes them.

use miglint_catalog::{Catalog, Column, Table};
use miglint_model::{
    Capabilities, DeclareWriter, ExpectedDefault, Fix, FixWriter, ModelKind, StandardFixes,
    TypeMatch,
};
use miglint_source::Dialect;

use crate::expected::{ColumnDefault, ExpectedSchema};
use crate::fix_sql;

/// Prisma Migrate's bookkeeping table: never part of the model.
const MIGRATIONS_TABLE: &str = "_prisma_migrations";

impl ExpectedSchema {
    /// The model-neutral form the drift engine compares.
    pub fn to_model(&self) -> miglint_model::ExpectedSchema {
        let mut model = miglint_model::ExpectedSchema::new(self.dialect, ModelKind::Prisma);
        model.capabilities = Capabilities {
            foreign_keys: self.foreign_keys,
            ..ModelKind::Prisma.capabilities()
        };
        model.views = self.views.clone();
        model.unmanaged_tables = vec![(None, MIGRATIONS_TABLE.to_owned())];
        // `@@ignore`d models and implicit many-to-many tables are still
        // created by Prisma Migrate: they are compared like any table.
        model.tables = self
            .tables
            .iter()
            .map(|t| miglint_model::ExpectedTable {
                schema: t.schema.clone(),
                name: t.name.clone(),
                location: t.location,
                columns: t
                    .columns
                    .iter()
                    .map(|c| {
                        let ddl = fix_sql::ddl_type(self.dialect, c);
                        miglint_model::ExpectedColumn {
                            name: c.name.clone(),
                            location: c.location,
                            sql_type: c.sql_type.clone(),
                            // A serial is stored as its integer type; accept either spelling.
                            also_accepted: (ddl != c.sql_type).then_some(ddl).into_iter().collect(),
                            type_match: TypeMatch::Exact,
                            // A list field has list arity whatever the column's
                            // NULL constraint: Prisma never changes it.
                            nullable: (!c.sql_type.ends_with("[]")).then_some(c.nullable),
                            default: c.default.as_ref().map(|d| match d {
                                ColumnDefault::Sql(sql) => ExpectedDefault::Sql(sql.clone()),
                                // Prisma only checks that a database-generated default exists.
                                ColumnDefault::DbGenerated(sql) => {
                                    ExpectedDefault::Present(sql.clone())
                                }
                                ColumnDefault::Unmanaged => ExpectedDefault::Unmanaged,
                            }),
                            auto_increment: c.auto_increment,
                        }
                    })
                    .collect(),
                primary_key: t.primary_key.as_ref().map(|k| miglint_model::ExpectedKey {
                    name: k.name.clone(),
                    columns: k.columns.clone(),
                    location: k.location,
                }),
                indexes: t
                    .indexes
                    .iter()
                    .map(|i| miglint_model::ExpectedIndex {
                        name: i.name.clone(),
                        columns: i.columns.clone(),
                        key_sql: i.key_sql.clone(),
                        unique: i.unique,
                        using: i.using.clone(),
                        location: i.location,
                    })
                    .collect(),
                foreign_keys: t
                    .foreign_keys
                    .iter()
                    .map(|fk| miglint_model::ExpectedForeignKey {
                        name: fk.name.clone(),
                        columns: fk.columns.clone(),
                        referenced_table: fk.referenced_table.clone(),
                        referenced_columns: fk.referenced_columns.clone(),
                        on_delete: Some(fk.on_delete.clone()),
                        on_update: Some(fk.on_update.clone()),
                        location: fk.location,
                    })
                    .collect(),
            })
            .collect();
        model.enums = self
            .enums
            .iter()
            .map(|e| miglint_model::ExpectedEnum {
                schema: e.schema.clone(),
                name: e.name.clone(),
                model_name: e.prisma_name.clone(),
                values: e
                    .values
                    .iter()
                    .map(|v| miglint_model::ExpectedEnumValue {
                        name: v.name.clone(),
                        location: v.location,
                    })
                    .collect(),
                location: e.location,
            })
            .collect();
        model
    }
}

/// Fixes as Prisma Migrate writes them, from the Prisma-level schema.
#[derive(Clone, Debug)]
pub struct PrismaFixes {
    schema: ExpectedSchema,
}

impl PrismaFixes {
    pub fn new(schema: ExpectedSchema) -> Self {
        Self { schema }
    }

    fn table(&self, table: &miglint_model::ExpectedTable) -> Option<&crate::ExpectedTable> {
        self.schema
            .tables
            .iter()
            .find(|t| t.schema == table.schema && t.name == table.name)
    }

    fn column(
        &self,
        table: &miglint_model::ExpectedTable,
        column: &miglint_model::ExpectedColumn,
    ) -> Option<(&crate::ExpectedTable, &crate::ExpectedColumn)> {
        let table = self.table(table)?;
        Some((table, table.column(&column.name)?))
    }

    fn enum_type(&self, e: &miglint_model::ExpectedEnum) -> Option<&crate::ExpectedEnum> {
        self.schema
            .enums
            .iter()
            .find(|p| p.schema == e.schema && p.name == e.name)
    }
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
    fn create_table(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
    ) -> Fix {
        match self.table(table) {
            Some(t) => classify(fix_sql::create_table(
                model.dialect,
                t,
                self.schema.foreign_keys,
            )),
            None => StandardFixes.create_table(model, table),
        }
    }

    fn add_column(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
        column: &miglint_model::ExpectedColumn,
    ) -> Fix {
        match self.column(table, column) {
            Some((t, c)) => classify(fix_sql::add_column(model.dialect, t, c)),
            None => StandardFixes.add_column(model, table, column),
        }
    }

    fn set_data_type(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
        column: &miglint_model::ExpectedColumn,
    ) -> Fix {
        match self.column(table, column) {
            Some((t, c)) => classify(fix_sql::set_data_type(model.dialect, t, c)),
            None => StandardFixes.set_data_type(model, table, column),
        }
    }

    fn set_nullability(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
        column: &miglint_model::ExpectedColumn,
    ) -> Fix {
        match self.column(table, column) {
            Some((t, c)) => classify(fix_sql::set_nullability(model.dialect, t, c)),
            None => StandardFixes.set_nullability(model, table, column),
        }
    }

    fn set_default(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
        column: &miglint_model::ExpectedColumn,
    ) -> Fix {
        match self.column(table, column) {
            Some((t, c)) => classify(fix_sql::set_default(model.dialect, t, c)),
            None => StandardFixes.set_default(model, table, column),
        }
    }

    fn drop_table(
        &self,
        model: &miglint_model::ExpectedSchema,
        schema: Option<&str>,
        name: &str,
    ) -> Fix {
        classify(fix_sql::drop_table(model.dialect, schema, name))
    }

    fn drop_column(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
        column: &str,
    ) -> Fix {
        classify(fix_sql::drop_column(
            model.dialect,
            table.schema.as_deref(),
            &table.name,
            column,
        ))
    }

    fn set_primary_key(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
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
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
        index: &miglint_model::ExpectedIndex,
    ) -> Fix {
        let found = self.table(table).and_then(|t| {
            let i = t.indexes.iter().find(|i| i.name == index.name)?;
            Some((t, i))
        });
        match found {
            Some((t, i)) => classify(fix_sql::create_index(model.dialect, t, i)),
            None => StandardFixes.create_index(model, table, index),
        }
    }

    fn drop_index(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
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
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
        fk: &miglint_model::ExpectedForeignKey,
    ) -> Fix {
        let found = self.table(table).and_then(|t| {
            let f = t.foreign_keys.iter().find(|f| f.name == fk.name)?;
            Some((t, f))
        });
        match found {
            Some((t, f)) => classify(fix_sql::add_foreign_key(model.dialect, t, f)),
            None => StandardFixes.add_foreign_key(model, table, fk),
        }
    }

    fn create_enum(
        &self,
        model: &miglint_model::ExpectedSchema,
        e: &miglint_model::ExpectedEnum,
    ) -> Fix {
        match self.enum_type(e) {
            Some(p) => classify(fix_sql::create_enum(model.dialect, p).unwrap_or_default()),
            None => StandardFixes.create_enum(model, e),
        }
    }

    fn add_enum_value(
        &self,
        model: &miglint_model::ExpectedSchema,
        e: &miglint_model::ExpectedEnum,
        value: &str,
    ) -> Fix {
        match self.enum_type(e) {
            Some(p) => classify(fix_sql::add_enum_value(model.dialect, p, value)),
            None => StandardFixes.add_enum_value(model, e, value),
        }
    }

    fn drop_enum_value(
        &self,
        model: &miglint_model::ExpectedSchema,
        e: &miglint_model::ExpectedEnum,
        value: &str,
    ) -> Fix {
        Fix::Manual(format!(
            "PostgreSQL cannot drop an enum value: Prisma recreates {} without '{}' (CREATE TYPE …_new, ALTER COLUMN … TYPE, DROP TYPE, RENAME)",
            fix_sql::qualified(model.dialect, e.schema.as_deref(), &e.name),
            value.replace('\'', "''")
        ))
    }
}

impl DeclareWriter for PrismaFixes {
    fn declare_table(
        &self,
        model: &miglint_model::ExpectedSchema,
        catalog: &Catalog,
        table: &Table,
    ) -> Fix {
        crate::declare::declare_table(&self.schema, model, catalog, table)
    }

    fn declare_column(
        &self,
        model: &miglint_model::ExpectedSchema,
        _table: &miglint_model::ExpectedTable,
        column: &Column,
    ) -> Fix {
        Fix::Model(crate::declare::field_line(column, model, false))
    }

    fn declare_index(
        &self,
        model: &miglint_model::ExpectedSchema,
        table: &miglint_model::ExpectedTable,
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

    fn declare_enum_value(
        &self,
        _model: &miglint_model::ExpectedSchema,
        e: &miglint_model::ExpectedEnum,
        value: &str,
    ) -> Fix {
        crate::declare::declare_enum_value(e, value)
    }
}
