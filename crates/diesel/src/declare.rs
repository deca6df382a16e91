//! The `table!` text that declares what the history has and `schema.rs`
//! lacks, in the SQL type names `diesel print-schema` writes.

use miglint_catalog::types::SqlType;
use miglint_catalog::{Catalog, Column, Table};
use miglint_model::{DeclareWriter, ExpectedSchema, ExpectedTable, Fix, FixWriter};
use miglint_source::Dialect;

/// Plain SQL fixes; a `table!` column or block to keep an object instead.
#[derive(Clone, Copy, Debug, Default)]
pub struct DieselFixes;

impl FixWriter for DieselFixes {}

impl DeclareWriter for DieselFixes {
    fn declare_table(&self, model: &ExpectedSchema, catalog: &Catalog, table: &Table) -> Fix {
        let pk = table
            .primary_key()
            .map(|c| c.columns.clone())
            .unwrap_or_default();
        if pk.is_empty() {
            // diesel needs a primary key to generate a `table!` block.
            return miglint_model::StandardFixes.declare_table(model, catalog, table);
        }
        let mut lines = Vec::new();
        for column in &table.columns {
            match column_lines(column, model.dialect) {
                Some(text) => lines.push(text),
                None => return miglint_model::StandardFixes.declare_table(model, catalog, table),
            }
        }
        let (name, _) = rust_name(&table.name);
        let sql_name = if name == table.name {
            String::new()
        } else {
            format!("    #[sql_name = \"{}\"]\n", table.name)
        };
        Fix::Model(format!(
            "diesel::table! {{\n{sql_name}    {name} ({}) {{\n{}\n    }}\n}}",
            pk.iter()
                .map(|c| rust_name(c).0)
                .collect::<Vec<_>>()
                .join(", "),
            lines.join("\n")
        ))
    }

    fn declare_column(
        &self,
        model: &ExpectedSchema,
        table: &ExpectedTable,
        column: &Column,
    ) -> Fix {
        match column_lines(column, model.dialect) {
            Some(text) => Fix::Model(text),
            None => miglint_model::StandardFixes.declare_column(model, table, column),
        }
    }
}

/// A Rust identifier for the name, and whether it had to change.
fn rust_name(name: &str) -> (String, bool) {
    let valid = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        return (name.to_owned(), false);
    }
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if out.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    (out, true)
}

/// `        #[max_length = 40]\n        nickname -> Nullable<Varchar>,`; `None`
/// for a type `print-schema` would need a custom `sql_types` entry for.
fn column_lines(column: &Column, dialect: Dialect) -> Option<String> {
    let ty = column.data_type.as_ref()?;
    let element = SqlType {
        array: false,
        ..ty.clone()
    };
    let (mut name, max_length) = match dialect {
        Dialect::Postgres => postgres(&element)?,
        Dialect::MySql => mysql(&element)?,
        Dialect::Sqlite => (sqlite(&element)?.to_owned(), None),
    };
    if ty.array {
        name = format!("Array<Nullable<{name}>>");
    }
    if column.nullable {
        name = format!("Nullable<{name}>");
    }
    let mut lines = Vec::new();
    if let Some(n) = max_length {
        lines.push(format!("        #[max_length = {n}]"));
    }
    let (field, renamed) = rust_name(&column.name);
    if renamed {
        lines.push(format!("        #[sql_name = \"{}\"]", column.name));
    }
    lines.push(format!("        {field} -> {name},"));
    Some(lines.join("\n"))
}

fn length(ty: &SqlType) -> Option<String> {
    ty.modifiers.first().cloned()
}

fn postgres(ty: &SqlType) -> Option<(String, Option<String>)> {
    let with_zone = ty.suffix.as_deref() == Some("with time zone");
    let name = match ty.name.as_str() {
        "smallint" => "Int2",
        "integer" => "Int4",
        "bigint" => "Int8",
        "real" => "Float4",
        "double precision" => "Float8",
        "numeric" => "Numeric",
        "text" => "Text",
        "character varying" => return Some(("Varchar".to_owned(), length(ty))),
        "character" => return Some(("Bpchar".to_owned(), length(ty))),
        "boolean" => "Bool",
        "date" => "Date",
        "time" => "Time",
        "timestamp" if with_zone => "Timestamptz",
        "timestamp" => "Timestamp",
        "uuid" => "Uuid",
        "json" => "Json",
        "jsonb" => "Jsonb",
        "bytea" => "Bytea",
        "inet" => "Inet",
        "cidr" => "Cidr",
        "money" => "Money",
        "oid" => "Oid",
        name if name.starts_with("interval") => "Interval",
        _ => return None,
    };
    Some((name.to_owned(), None))
}

fn mysql(ty: &SqlType) -> Option<(String, Option<String>)> {
    let unsigned = ty.suffix.as_deref() == Some("unsigned");
    let name = match ty.name.as_str() {
        "tinyint" if ty.modifiers == ["1"] => "Bool",
        "tinyint" => "Tinyint",
        "smallint" => "Smallint",
        "int" => "Integer",
        "bigint" => "Bigint",
        "float" => "Float",
        "double" => "Double",
        "decimal" => "Decimal",
        "varchar" => return Some(("Varchar".to_owned(), length(ty))),
        "char" => return Some(("Char".to_owned(), length(ty))),
        "text" | "tinytext" | "mediumtext" | "longtext" => "Text",
        "blob" | "tinyblob" | "mediumblob" | "longblob" => "Blob",
        "date" => "Date",
        "time" => "Time",
        "datetime" => "Datetime",
        "timestamp" => "Timestamp",
        "json" => "Json",
        _ => return None,
    };
    Some((
        if unsigned {
            format!("Unsigned<{name}>")
        } else {
            name.to_owned()
        },
        None,
    ))
}

fn sqlite(ty: &SqlType) -> Option<&'static str> {
    Some(match ty.name.to_ascii_uppercase().as_str() {
        "INTEGER" | "INT" | "BIGINT" => "Integer",
        "TEXT" | "VARCHAR" => "Text",
        "BLOB" => "Binary",
        "REAL" | "DOUBLE" | "FLOAT" => "Double",
        "BOOLEAN" => "Bool",
        "TIMESTAMP" | "DATETIME" => "Timestamp",
        "DATE" => "Date",
        "TIME" => "Time",
        _ => return None,
    })
}
