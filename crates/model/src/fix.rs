//! What closes a drift: SQL for a new migration, or a change that needs more
//! than one statement in place (described, not written).
//!
//! Each reader supplies a [`FixWriter`]; the default methods write plain SQL
//! for the dialect, and a reader overrides those its tool spells its own way
//! (Prisma writes what `prisma migrate diff` would).

use miglint_source::Dialect;

use miglint_catalog::{Catalog, Column, Index, Table};

use crate::expected::{
    ExpectedColumn, ExpectedEnum, ExpectedForeignKey, ExpectedIndex, ExpectedSchema, ExpectedTable,
    ModelKind,
};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fix {
    /// SQL to put in a new migration.
    Sql(String),
    /// The dialect cannot do it in place: what has to happen instead. Also
    /// the way to declare an object when no exact model text can be derived.
    Manual(String),
    /// Text to add to the model file, in the model's own language (a Prisma
    /// field line, a diesel `table!` column): the way that keeps the object.
    Model(String),
}

impl Fix {
    pub fn text(&self) -> &str {
        match self {
            Fix::Sql(text) | Fix::Manual(text) | Fix::Model(text) => text,
        }
    }
}

/// A column of the history as SQL: `"name" TYPE NOT NULL DEFAULT …`.
pub fn catalog_column_definition(dialect: Dialect, column: &Column) -> String {
    let mut sql = quote(dialect, &column.name);
    if let Some(data_type) = &column.data_type {
        sql.push(' ');
        sql.push_str(&data_type.to_string());
    }
    if !column.nullable {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = column.default_text.as_ref().or(column.default.as_ref()) {
        sql.push_str(" DEFAULT ");
        sql.push_str(default);
    }
    sql
}

/// The indexes of `table` in `catalog` a model can declare: plain column
/// keys, no predicate, not backing a constraint.
pub fn declarable_indexes<'c>(catalog: &'c Catalog, table: &Table) -> Vec<&'c Index> {
    let indexes = &catalog.indexes;
    indexes
        .grouped(&table.schema, &table.name)
        .filter_map(|p| indexes.get(p))
        .filter(|i| {
            i.table.0 == table.schema
                && i.table.1 == table.name
                && !i.from_constraint
                && i.predicate.is_none()
                && i.columns.iter().all(|c| table.column(c).is_some())
        })
        .collect()
}

/// How a model of `kind` is told about an object it lacks, when the reader
/// derives no exact text: where to declare it.
fn declare_manually(model: &ExpectedSchema, what: &str) -> Fix {
    Fix::Manual(match model.kind {
        ModelKind::Drizzle => format!(
            "declare {what} in the drizzle schema (the TypeScript tables the snapshot is generated from) and run `drizzle-kit generate`; the snapshot itself is drizzle-kit's output"
        ),
        kind => format!("declare {what} in the {}", kind.file_description()),
    })
}

/// An identifier quoted for `dialect`.
pub fn quote(dialect: Dialect, name: &str) -> String {
    match dialect {
        Dialect::MySql => format!("`{}`", name.replace('`', "``")),
        Dialect::Postgres | Dialect::Sqlite => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// `"schema"."name"`, or `"name"` in the default schema.
pub fn qualified(dialect: Dialect, schema: Option<&str>, name: &str) -> String {
    match schema {
        Some(schema) if dialect == Dialect::Postgres => {
            format!("{}.{}", quote(dialect, schema), quote(dialect, name))
        }
        _ => quote(dialect, name),
    }
}

fn table_ref(dialect: Dialect, table: &ExpectedTable) -> String {
    qualified(dialect, table.schema.as_deref(), &table.name)
}

fn column_list(dialect: Dialect, columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| quote(dialect, c))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A SQL string literal.
pub fn sql_string(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

/// `"name" TYPE NOT NULL DEFAULT …` as in `CREATE TABLE` and `ADD COLUMN`.
pub fn column_definition(dialect: Dialect, column: &ExpectedColumn) -> String {
    let mut sql = format!("{} {}", quote(dialect, &column.name), column.sql_type);
    if !column.is_nullable() {
        sql.push_str(" NOT NULL");
    }
    if let Some(default) = column.default.as_ref().and_then(|d| d.sql()) {
        sql.push_str(" DEFAULT ");
        sql.push_str(default);
    }
    sql
}

/// SQLite changes a column or key only by rebuilding the table.
fn sqlite_rebuild(table: &ExpectedTable, what: &str) -> Fix {
    Fix::Manual(format!(
        "SQLite cannot {what} with ALTER TABLE: create a new `{}` with the model's definition, copy the rows (INSERT … SELECT), drop the old table and rename the new one",
        table.name
    ))
}

/// Writes the fix for each kind of drift. Every method has a plain-SQL
/// default; [`DeclareWriter`] writes the other way for an object the model lacks.
pub trait FixWriter: DeclareWriter {
    fn create_table(&self, model: &ExpectedSchema, table: &ExpectedTable) -> Fix {
        let dialect = model.dialect;
        let mut lines: Vec<String> = table
            .columns
            .iter()
            .map(|c| column_definition(dialect, c))
            .collect();
        if let Some(pk) = &table.primary_key {
            lines.push(match dialect {
                Dialect::Postgres => format!(
                    "CONSTRAINT {} PRIMARY KEY ({})",
                    quote(dialect, &pk.name),
                    column_list(dialect, &pk.columns)
                ),
                _ => format!("PRIMARY KEY ({})", column_list(dialect, &pk.columns)),
            });
        }
        let mut sql = format!(
            "CREATE TABLE {} (\n    {}\n);",
            table_ref(dialect, table),
            lines.join(",\n    ")
        );
        for index in &table.indexes {
            if let Fix::Sql(create) = self.create_index(model, table, index) {
                sql.push('\n');
                sql.push_str(&create);
            }
        }
        if model.capabilities.foreign_keys && dialect != Dialect::Sqlite {
            for fk in &table.foreign_keys {
                if let Fix::Sql(add) = self.add_foreign_key(model, table, fk) {
                    sql.push('\n');
                    sql.push_str(&add);
                }
            }
        }
        Fix::Sql(sql)
    }

    fn add_column(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &ExpectedColumn,
    ) -> Fix {
        Fix::Sql(format!(
            "ALTER TABLE {} ADD COLUMN {};",
            table_ref(model.dialect, table),
            column_definition(model.dialect, column)
        ))
    }

    fn set_data_type(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &ExpectedColumn,
    ) -> Fix {
        let dialect = model.dialect;
        match dialect {
            Dialect::Postgres => Fix::Sql(format!(
                "ALTER TABLE {} ALTER COLUMN {} TYPE {};",
                table_ref(dialect, table),
                quote(dialect, &column.name),
                column.sql_type
            )),
            Dialect::MySql => Fix::Sql(format!(
                "ALTER TABLE {} MODIFY {};",
                table_ref(dialect, table),
                column_definition(dialect, column)
            )),
            Dialect::Sqlite => sqlite_rebuild(table, "change a column's type"),
        }
    }

    fn set_nullability(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &ExpectedColumn,
    ) -> Fix {
        let dialect = model.dialect;
        match dialect {
            Dialect::Postgres => Fix::Sql(format!(
                "ALTER TABLE {} ALTER COLUMN {} {};",
                table_ref(dialect, table),
                quote(dialect, &column.name),
                if column.is_nullable() {
                    "DROP NOT NULL"
                } else {
                    "SET NOT NULL"
                }
            )),
            Dialect::MySql => Fix::Sql(format!(
                "ALTER TABLE {} MODIFY {};",
                table_ref(dialect, table),
                column_definition(dialect, column)
            )),
            Dialect::Sqlite => sqlite_rebuild(table, "change a column's nullability"),
        }
    }

    fn set_default(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &ExpectedColumn,
    ) -> Fix {
        let dialect = model.dialect;
        if dialect == Dialect::Sqlite {
            return sqlite_rebuild(table, "change a column's default");
        }
        let action = match column.default.as_ref().and_then(|d| d.sql()) {
            Some(sql) => format!("SET DEFAULT {sql}"),
            None => "DROP DEFAULT".to_owned(),
        };
        Fix::Sql(format!(
            "ALTER TABLE {} ALTER COLUMN {} {action};",
            table_ref(dialect, table),
            quote(dialect, &column.name)
        ))
    }

    /// Renames the history's table `found` to the model's `table`, and its
    /// keys and indexes to the model's names where they differ.
    fn rename_table(
        &self,
        model: &ExpectedSchema,
        catalog: &Catalog,
        table: &ExpectedTable,
        found: &Table,
    ) -> Fix {
        let dialect = model.dialect;
        let schema = (found.schema != catalog.default_schema).then_some(found.schema.as_str());
        let old = qualified(dialect, schema, &found.name);
        let new = table_ref(dialect, table);
        let mut steps = vec![match dialect {
            Dialect::MySql => format!("RENAME TABLE {old} TO {new};"),
            _ => format!(
                "ALTER TABLE {old} RENAME TO {};",
                quote(dialect, &table.name)
            ),
        }];
        // SQLite renames neither constraints nor indexes; MySQL no constraints.
        if dialect == Dialect::Postgres {
            let mut constraint = |from: &str, to: &str| {
                if from != to {
                    steps.push(format!(
                        "ALTER TABLE {new} RENAME CONSTRAINT {} TO {};",
                        quote(dialect, from),
                        quote(dialect, to)
                    ));
                }
            };
            if let (Some(actual), Some(expected)) = (found.primary_key(), &table.primary_key) {
                constraint(&actual.name, &expected.name);
            }
            for fk in &table.foreign_keys {
                let actual = found.constraints.iter().find(|c| {
                    matches!(c.kind, miglint_catalog::ConstraintKind::ForeignKey { .. })
                        && c.columns == fk.columns
                });
                if let Some(actual) = actual {
                    constraint(&actual.name, &fk.name);
                }
            }
        }
        if dialect != Dialect::Sqlite {
            for index in declarable_indexes(catalog, found) {
                let Some(expected) = table
                    .indexes
                    .iter()
                    .find(|i| i.unique == index.unique && i.columns == index.columns)
                else {
                    continue;
                };
                if expected.name == index.name {
                    continue;
                }
                steps.push(match dialect {
                    Dialect::MySql => format!(
                        "ALTER TABLE {new} RENAME INDEX {} TO {};",
                        quote(dialect, &index.name),
                        quote(dialect, &expected.name)
                    ),
                    _ => format!(
                        "ALTER INDEX {} RENAME TO {};",
                        qualified(dialect, schema, &index.name),
                        quote(dialect, &expected.name)
                    ),
                });
            }
        }
        Fix::Sql(steps.join("\n"))
    }

    /// `schema` is `None` in the default schema.
    fn drop_table(&self, model: &ExpectedSchema, schema: Option<&str>, name: &str) -> Fix {
        Fix::Sql(format!(
            "DROP TABLE {};",
            qualified(model.dialect, schema, name)
        ))
    }

    fn drop_column(&self, model: &ExpectedSchema, table: &ExpectedTable, column: &str) -> Fix {
        Fix::Sql(format!(
            "ALTER TABLE {} DROP COLUMN {};",
            table_ref(model.dialect, table),
            quote(model.dialect, column)
        ))
    }

    /// Makes the primary key the model's; `actual` names the one there is.
    fn set_primary_key(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        actual: Option<&str>,
    ) -> Fix {
        let dialect = model.dialect;
        if dialect == Dialect::Sqlite {
            return sqlite_rebuild(table, "change a primary key");
        }
        let mut steps = Vec::new();
        if let Some(actual) = actual {
            steps.push(match dialect {
                Dialect::MySql => "DROP PRIMARY KEY".to_owned(),
                _ => format!("DROP CONSTRAINT {}", quote(dialect, actual)),
            });
        }
        if let Some(pk) = &table.primary_key {
            let columns = column_list(dialect, &pk.columns);
            steps.push(match dialect {
                Dialect::MySql => format!("ADD PRIMARY KEY ({columns})"),
                _ => format!(
                    "ADD CONSTRAINT {} PRIMARY KEY ({columns})",
                    quote(dialect, &pk.name)
                ),
            });
        }
        Fix::Sql(format!(
            "ALTER TABLE {} {};",
            table_ref(dialect, table),
            steps.join(", ")
        ))
    }

    fn create_index(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        index: &ExpectedIndex,
    ) -> Fix {
        let dialect = model.dialect;
        let unique = if index.unique { "UNIQUE " } else { "" };
        let using = index
            .using
            .as_ref()
            .map_or_else(String::new, |m| format!(" USING {m}"));
        Fix::Sql(format!(
            "CREATE {unique}INDEX {} ON {}{using} ({});",
            quote(dialect, &index.name),
            table_ref(dialect, table),
            index.key_sql.join(", ")
        ))
    }

    /// Drops an index, or the unique constraint `name` when `is_constraint`.
    fn drop_index(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        name: &str,
        is_constraint: bool,
    ) -> Fix {
        let dialect = model.dialect;
        Fix::Sql(match dialect {
            _ if is_constraint && dialect != Dialect::Sqlite => format!(
                "ALTER TABLE {} DROP CONSTRAINT {};",
                table_ref(dialect, table),
                quote(dialect, name)
            ),
            Dialect::MySql => format!(
                "DROP INDEX {} ON {};",
                quote(dialect, name),
                quote(dialect, &table.name)
            ),
            _ => format!(
                "DROP INDEX {};",
                qualified(dialect, table.schema.as_deref(), name)
            ),
        })
    }

    fn add_foreign_key(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        fk: &ExpectedForeignKey,
    ) -> Fix {
        let dialect = model.dialect;
        if dialect == Dialect::Sqlite {
            return sqlite_rebuild(table, "add a foreign key");
        }
        let referenced = qualified(
            dialect,
            fk.referenced_table.0.as_deref(),
            &fk.referenced_table.1,
        );
        let columns = if fk.referenced_columns.is_empty() {
            String::new()
        } else {
            format!(" ({})", column_list(dialect, &fk.referenced_columns))
        };
        let mut sql = format!(
            "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {referenced}{columns}",
            table_ref(dialect, table),
            quote(dialect, &fk.name),
            column_list(dialect, &fk.columns),
        );
        if let Some(action) = &fk.on_delete {
            sql.push_str(" ON DELETE ");
            sql.push_str(action);
        }
        if let Some(action) = &fk.on_update {
            sql.push_str(" ON UPDATE ");
            sql.push_str(action);
        }
        sql.push(';');
        Fix::Sql(sql)
    }

    fn create_enum(&self, model: &ExpectedSchema, e: &ExpectedEnum) -> Fix {
        let values: Vec<String> = e.values.iter().map(|v| sql_string(&v.name)).collect();
        Fix::Sql(format!(
            "CREATE TYPE {} AS ENUM ({});",
            qualified(model.dialect, e.schema.as_deref(), &e.name),
            values.join(", ")
        ))
    }

    fn add_enum_value(&self, model: &ExpectedSchema, e: &ExpectedEnum, value: &str) -> Fix {
        Fix::Sql(format!(
            "ALTER TYPE {} ADD VALUE {};",
            qualified(model.dialect, e.schema.as_deref(), &e.name),
            sql_string(value)
        ))
    }

    fn drop_enum_value(&self, model: &ExpectedSchema, e: &ExpectedEnum, value: &str) -> Fix {
        Fix::Manual(format!(
            "PostgreSQL cannot drop an enum value: create the type {} again without {}, move the columns to it (ALTER COLUMN … TYPE … USING), and drop the old type",
            qualified(model.dialect, e.schema.as_deref(), &e.name),
            sql_string(value)
        ))
    }
}

/// The other way to close a `*-not-in-model` drift: declare the object in
/// the model. Kept apart from [`FixWriter`]'s SQL so each reader spells it in
/// its own language; the defaults write SQL for a `schema.sql` model and say
/// where to declare it for the others.
pub trait DeclareWriter {
    /// A table of the history no model maps to.
    fn declare_table(&self, model: &ExpectedSchema, catalog: &Catalog, table: &Table) -> Fix {
        let dialect = model.dialect;
        if model.kind != ModelKind::SchemaSql {
            return declare_manually(model, &format!("the table `{}`", table.name));
        }
        let mut lines: Vec<String> = table
            .columns
            .iter()
            .map(|c| catalog_column_definition(dialect, c))
            .collect();
        if let Some(pk) = table.primary_key() {
            lines.push(format!(
                "PRIMARY KEY ({})",
                column_list(dialect, &pk.columns)
            ));
        }
        let schema = (table.schema != catalog.default_schema).then_some(table.schema.as_str());
        let mut sql = format!(
            "CREATE TABLE {} (\n    {}\n);",
            qualified(dialect, schema, &table.name),
            lines.join(",\n    ")
        );
        for index in declarable_indexes(catalog, table) {
            sql.push_str(&format!(
                "\nCREATE {}INDEX {} ON {} ({});",
                if index.unique { "UNIQUE " } else { "" },
                quote(dialect, &index.name),
                qualified(dialect, schema, &table.name),
                column_list(dialect, &index.columns)
            ));
        }
        Fix::Model(sql)
    }

    /// A column of a modelled table that the model does not declare.
    fn declare_column(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &Column,
    ) -> Fix {
        if model.kind != ModelKind::SchemaSql {
            return declare_manually(
                model,
                &format!(
                    "the column `{}` ({}) on `{}`",
                    column.name,
                    column
                        .data_type
                        .as_ref()
                        .map_or_else(|| "no type".to_owned(), ToString::to_string),
                    table.name
                ),
            );
        }
        Fix::Model(format!(
            "{},",
            catalog_column_definition(model.dialect, column)
        ))
    }

    /// An index or unique constraint of a modelled table the model does not declare.
    fn declare_index(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        name: &str,
        columns: &[String],
        unique: bool,
    ) -> Fix {
        let dialect = model.dialect;
        if model.kind != ModelKind::SchemaSql {
            return declare_manually(
                model,
                &format!(
                    "the {}index `{name}` on `{}` ({})",
                    if unique { "unique " } else { "" },
                    table.name,
                    columns.join(", ")
                ),
            );
        }
        Fix::Model(format!(
            "CREATE {}INDEX {} ON {} ({});",
            if unique { "UNIQUE " } else { "" },
            quote(dialect, name),
            table_ref(dialect, table),
            column_list(dialect, columns)
        ))
    }

    /// A value of a modelled enum the model does not declare.
    fn declare_enum_value(&self, model: &ExpectedSchema, e: &ExpectedEnum, value: &str) -> Fix {
        declare_manually(
            model,
            &format!(
                "the value {} in the enum `{}`",
                sql_string(value),
                e.model_name
            ),
        )
    }
}

/// Plain SQL for every drift: the fixes of models whose tool has no
/// spelling of its own.
#[derive(Clone, Copy, Debug, Default)]
pub struct StandardFixes;

impl FixWriter for StandardFixes {}

impl DeclareWriter for StandardFixes {}
