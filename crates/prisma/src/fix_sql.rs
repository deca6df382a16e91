//! The SQL that closes a drift, spelled the way Prisma Migrate writes it for
//! each dialect (its `migrate diff` output is the reference).

use miglint_source::Dialect;

use crate::mapping::sql_string;
use crate::sql_types::serial_type;
use miglint_model::{
    ExpectedColumn, ExpectedEnum, ExpectedForeignKey, ExpectedIndex, ExpectedTable,
};

pub use miglint_model::fix::{qualified, quote};

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

/// The type as Prisma writes it in DDL: serials on PostgreSQL.
pub fn ddl_type(dialect: Dialect, column: &ExpectedColumn) -> String {
    if column.auto_increment
        && dialect == Dialect::Postgres
        && let Some(serial) = serial_type(&column.sql_type)
    {
        return serial.to_owned();
    }
    column.sql_type.clone()
}

/// `"name" TYPE NOT NULL DEFAULT …` as in `CREATE TABLE` and `ADD COLUMN`.
/// `inline_primary_key`: SQLite's `PRIMARY KEY AUTOINCREMENT` column form.
pub fn column_definition(
    dialect: Dialect,
    column: &ExpectedColumn,
    inline_primary_key: bool,
) -> String {
    let mut sql = format!(
        "{} {}",
        quote(dialect, &column.name),
        ddl_type(dialect, column)
    );
    if !column.is_nullable() {
        sql.push_str(" NOT NULL");
    } else if dialect == Dialect::MySql {
        sql.push_str(" NULL");
    }
    if column.auto_increment && dialect == Dialect::MySql {
        sql.push_str(" AUTO_INCREMENT");
    }
    if inline_primary_key && dialect == Dialect::Sqlite {
        sql.push_str(" PRIMARY KEY");
        // Prisma writes AUTOINCREMENT for every INTEGER primary key column.
        if column.auto_increment || column.sql_type == "INTEGER" {
            sql.push_str(" AUTOINCREMENT");
        }
    }
    if let Some(default) = column.default.as_ref().and_then(|d| d.sql()) {
        sql.push_str(" DEFAULT ");
        sql.push_str(default);
    }
    sql
}

pub fn create_enum(dialect: Dialect, e: &ExpectedEnum) -> Option<String> {
    (dialect == Dialect::Postgres).then(|| {
        let values: Vec<String> = e.values.iter().map(|v| sql_string(&v.name)).collect();
        format!(
            "CREATE TYPE {} AS ENUM ({});",
            qualified(dialect, e.schema.as_deref(), &e.name),
            values.join(", ")
        )
    })
}

/// `CREATE TABLE` with its indexes and foreign keys, as `prisma migrate diff` writes it.
pub fn create_table(dialect: Dialect, table: &ExpectedTable, foreign_keys: bool) -> String {
    let pk_columns = table
        .primary_key
        .as_ref()
        .map(|pk| pk.columns.as_slice())
        .unwrap_or_default();
    let sqlite_inline_pk = dialect == Dialect::Sqlite && pk_columns.len() == 1;
    let mut lines: Vec<String> = table
        .columns
        .iter()
        .map(|c| {
            let inline = sqlite_inline_pk && pk_columns.first() == Some(&c.name);
            column_definition(dialect, c, inline)
        })
        .collect();
    let mut constraints = Vec::new();
    match dialect {
        Dialect::Postgres => {
            if let Some(pk) = &table.primary_key {
                constraints.push(format!(
                    "CONSTRAINT {} PRIMARY KEY ({})",
                    quote(dialect, &pk.name),
                    pk.columns
                        .iter()
                        .map(|c| quote(dialect, c))
                        .collect::<Vec<_>>()
                        .join(",")
                ));
            }
        }
        Dialect::MySql => {
            for index in &table.indexes {
                constraints.push(format!(
                    "{}INDEX {}({})",
                    if index.unique { "UNIQUE " } else { "" },
                    quote(dialect, &index.name),
                    index.key_sql.join(", ")
                ));
            }
            if let Some(pk) = &table.primary_key {
                constraints.push(format!(
                    "PRIMARY KEY ({})",
                    column_list(dialect, &pk.columns)
                ));
            }
        }
        Dialect::Sqlite => {
            // A composite key follows a blank line; foreign keys follow the columns.
            let composite = table.primary_key.as_ref().filter(|_| !sqlite_inline_pk);
            if let Some(pk) = composite {
                constraints.push(format!(
                    "PRIMARY KEY ({})",
                    column_list(dialect, &pk.columns)
                ));
            }
            if foreign_keys {
                let target = if composite.is_some() {
                    &mut constraints
                } else {
                    &mut lines
                };
                for fk in &table.foreign_keys {
                    target.push(format!(
                        "CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}){}",
                        quote(dialect, &fk.name),
                        column_list(dialect, &fk.columns),
                        quote(dialect, &fk.referenced_table.1),
                        column_list(dialect, &fk.referenced_columns),
                        actions(fk)
                    ));
                }
            }
        }
    }
    let body = if constraints.is_empty() {
        lines.join(",\n    ")
    } else {
        format!(
            "{},\n\n    {}",
            lines.join(",\n    "),
            constraints.join(",\n    ")
        )
    };
    let suffix = if dialect == Dialect::MySql {
        " DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
    } else {
        ""
    };
    let mut sql = format!(
        "CREATE TABLE {} (\n    {body}\n){suffix};",
        table_ref(dialect, table)
    );
    if dialect != Dialect::MySql {
        for index in &table.indexes {
            sql.push_str("\n\n");
            sql.push_str(&create_index(dialect, table, index));
        }
    }
    if foreign_keys && dialect != Dialect::Sqlite {
        for fk in &table.foreign_keys {
            sql.push_str("\n\n");
            sql.push_str(&add_foreign_key(dialect, table, fk));
        }
    }
    sql
}

pub fn create_index(dialect: Dialect, table: &ExpectedTable, index: &ExpectedIndex) -> String {
    let unique = if index.unique { "UNIQUE " } else { "" };
    let name = quote(dialect, &index.name);
    let on = table_ref(dialect, table);
    let keys = index.key_sql.join(", ");
    match &index.using {
        Some(method) => format!("CREATE {unique}INDEX {name} ON {on} USING {method} ({keys});"),
        None => format!("CREATE {unique}INDEX {name} ON {on}({keys});"),
    }
}

/// ` ON DELETE … ON UPDATE …`: the mapping always states both, as Prisma does.
fn actions(fk: &ExpectedForeignKey) -> String {
    let mut sql = String::new();
    if let Some(action) = &fk.on_delete {
        sql.push_str(" ON DELETE ");
        sql.push_str(action);
    }
    if let Some(action) = &fk.on_update {
        sql.push_str(" ON UPDATE ");
        sql.push_str(action);
    }
    sql
}

pub fn add_foreign_key(dialect: Dialect, table: &ExpectedTable, fk: &ExpectedForeignKey) -> String {
    if dialect == Dialect::Sqlite {
        return format!(
            "-- SQLite cannot add a foreign key to an existing table: Prisma redefines {} (CREATE TABLE \"new_{}\" …, INSERT … SELECT, DROP TABLE, ALTER TABLE … RENAME)",
            table_ref(dialect, table),
            table.name
        );
    }
    format!(
        "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {}({}){};",
        table_ref(dialect, table),
        quote(dialect, &fk.name),
        column_list(dialect, &fk.columns),
        qualified(
            dialect,
            fk.referenced_table.0.as_deref(),
            &fk.referenced_table.1
        ),
        column_list(dialect, &fk.referenced_columns),
        actions(fk)
    )
}

/// Adds a column to an existing table. A required column without a default
/// cannot be added in one step to a table with rows (PostgreSQL rejects it
/// then, SQLite always): the fix adds it nullable and says how to finish.
pub fn add_column(dialect: Dialect, table: &ExpectedTable, column: &ExpectedColumn) -> String {
    let fills_itself = column.default.as_ref().and_then(|d| d.sql()).is_some()
        || column.auto_increment
        || column.is_nullable();
    if fills_itself || dialect == Dialect::MySql {
        return format!(
            "ALTER TABLE {} ADD COLUMN {};",
            table_ref(dialect, table),
            column_definition(dialect, column, false)
        );
    }
    let nullable = ExpectedColumn {
        nullable: Some(true),
        ..column.clone()
    };
    let table_sql = table_ref(dialect, table);
    let name = quote(dialect, &column.name);
    let finish = match dialect {
        Dialect::Postgres => format!(
            "-- then, in a later migration: ALTER TABLE {table_sql} ALTER COLUMN {name} SET NOT NULL;"
        ),
        // SQLite cannot alter a column: Prisma redefines the table.
        _ => "-- then make it required by redefining the table, as Prisma does".to_owned(),
    };
    format!(
        "-- {name} is required and has no default: ADD COLUMN … NOT NULL fails on a table with rows.\n\
         -- Add it nullable, fill it (UPDATE {table_sql} SET {name} = … WHERE {name} IS NULL),\n\
         {finish}\n\
         ALTER TABLE {table_sql} ADD COLUMN {};",
        column_definition(dialect, &nullable, false)
    )
}

/// A column change PostgreSQL does with `ALTER COLUMN`, MySQL with `MODIFY`
/// and SQLite only by redefining the table.
fn alter_column(
    dialect: Dialect,
    table: &ExpectedTable,
    column: &ExpectedColumn,
    postgres_action: &str,
) -> String {
    match dialect {
        Dialect::Postgres => format!(
            "ALTER TABLE {} ALTER COLUMN {} {postgres_action};",
            table_ref(dialect, table),
            quote(dialect, &column.name)
        ),
        Dialect::MySql => format!(
            "ALTER TABLE {} MODIFY {};",
            table_ref(dialect, table),
            column_definition(dialect, column, false)
        ),
        Dialect::Sqlite => format!(
            "-- SQLite cannot alter a column: Prisma redefines {} (CREATE TABLE \"new_{}\" with {}, INSERT … SELECT, DROP TABLE, ALTER TABLE … RENAME)",
            table_ref(dialect, table),
            table.name,
            column_definition(dialect, column, false)
        ),
    }
}

pub fn set_data_type(dialect: Dialect, table: &ExpectedTable, column: &ExpectedColumn) -> String {
    alter_column(
        dialect,
        table,
        column,
        &format!("SET DATA TYPE {}", column.sql_type),
    )
}

pub fn set_nullability(dialect: Dialect, table: &ExpectedTable, column: &ExpectedColumn) -> String {
    let action = if column.is_nullable() {
        "DROP NOT NULL"
    } else {
        "SET NOT NULL"
    };
    alter_column(dialect, table, column, action)
}

pub fn set_default(dialect: Dialect, table: &ExpectedTable, column: &ExpectedColumn) -> String {
    let action = match column.default.as_ref().and_then(|d| d.sql()) {
        Some(sql) => format!("SET DEFAULT {sql}"),
        None => "DROP DEFAULT".to_owned(),
    };
    alter_column(dialect, table, column, &action)
}

pub fn add_enum_value(dialect: Dialect, e: &ExpectedEnum, value: &str) -> String {
    match dialect {
        Dialect::Postgres => format!(
            "ALTER TYPE {} ADD VALUE {};",
            qualified(dialect, e.schema.as_deref(), &e.name),
            sql_string(value)
        ),
        Dialect::MySql => format!(
            "-- MySQL enums are column types: Prisma rewrites every column using `{}` with MODIFY … ENUM(…)",
            e.model_name
        ),
        Dialect::Sqlite => format!(
            "-- SQLite stores `{}` as TEXT: nothing to change",
            e.model_name
        ),
    }
}

pub fn drop_table(dialect: Dialect, schema: Option<&str>, name: &str) -> String {
    format!("DROP TABLE {};", qualified(dialect, schema, name))
}

pub fn drop_column(dialect: Dialect, schema: Option<&str>, table: &str, column: &str) -> String {
    format!(
        "ALTER TABLE {} DROP COLUMN {};",
        qualified(dialect, schema, table),
        quote(dialect, column)
    )
}

pub fn drop_index(dialect: Dialect, schema: Option<&str>, table: &str, index: &str) -> String {
    match dialect {
        Dialect::MySql => format!(
            "DROP INDEX {} ON {};",
            quote(dialect, index),
            quote(dialect, table)
        ),
        _ => format!("DROP INDEX {};", qualified(dialect, schema, index)),
    }
}
