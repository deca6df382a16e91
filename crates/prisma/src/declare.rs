//! The Prisma text that declares an object the history has and the model
//! lacks: a field line, a `model` block, an `@@index`, an enum value. Types
//! are mapped back the way `prisma db pull` maps a column's native type (the
//! scalar type alone where the column has Prisma's default storage, else a
//! `@db.*` attribute, else `Unsupported("…")`).

use miglint_catalog::types::SqlType;
use miglint_catalog::{Catalog, Column, Table};
use miglint_model::fix::declarable_indexes;
use miglint_model::{ExpectedEnum, ExpectedSchema, Fix};
use miglint_source::Dialect;

use crate::facts::PrismaFacts;

/// A Prisma identifier: a letter, then letters, digits and underscores.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The name to declare and, when it had to change, the `@map`/`@@map` it needs.
fn prisma_name(name: &str) -> (String, bool) {
    if is_identifier(name) {
        return (name.to_owned(), false);
    }
    let mut out: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !out.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        out.insert(0, 'x');
    }
    (out, true)
}

fn string_literal(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// `String @db.VarChar(40)`: the scalar type and its native-type attribute.
struct FieldType {
    scalar: String,
    native: Option<String>,
}

impl FieldType {
    fn plain(scalar: &str) -> Self {
        Self {
            scalar: scalar.to_owned(),
            native: None,
        }
    }

    fn native(scalar: &str, native: impl Into<String>) -> Self {
        Self {
            scalar: scalar.to_owned(),
            native: Some(native.into()),
        }
    }
}

fn modifier(ty: &SqlType, i: usize) -> Option<&str> {
    ty.modifiers.get(i).map(String::as_str)
}

/// `@db.Name(m, n)` with the type's modifiers, or `@db.Name` without any.
fn with_modifiers(name: &str, ty: &SqlType) -> String {
    if ty.modifiers.is_empty() {
        format!("@db.{name}")
    } else {
        format!("@db.{name}({})", ty.modifiers.join(", "))
    }
}

fn postgres_type(ty: &SqlType, model: &ExpectedSchema) -> Option<FieldType> {
    let with_zone = ty.suffix.as_deref() == Some("with time zone");
    // PostgreSQL's default precision for times is 6; Prisma writes it out.
    let precision = || modifier(ty, 0).unwrap_or("6").to_owned();
    Some(match ty.name.as_str() {
        "text" => FieldType::plain("String"),
        "character varying" => FieldType::native("String", with_modifiers("VarChar", ty)),
        "character" => FieldType::native("String", with_modifiers("Char", ty)),
        "integer" => FieldType::plain("Int"),
        "smallint" => FieldType::native("Int", "@db.SmallInt"),
        "oid" => FieldType::native("Int", "@db.Oid"),
        "bigint" => FieldType::plain("BigInt"),
        "double precision" => FieldType::plain("Float"),
        "real" => FieldType::native("Float", "@db.Real"),
        "numeric" if ty.modifiers == ["65", "30"] => FieldType::plain("Decimal"),
        "numeric" => FieldType::native("Decimal", with_modifiers("Decimal", ty)),
        "money" => FieldType::native("Decimal", "@db.Money"),
        "boolean" => FieldType::plain("Boolean"),
        "timestamp" if !with_zone && modifier(ty, 0) == Some("3") => FieldType::plain("DateTime"),
        "timestamp" if with_zone => {
            FieldType::native("DateTime", format!("@db.Timestamptz({})", precision()))
        }
        "timestamp" => FieldType::native("DateTime", format!("@db.Timestamp({})", precision())),
        "time" if with_zone => {
            FieldType::native("DateTime", format!("@db.Timetz({})", precision()))
        }
        "time" => FieldType::native("DateTime", format!("@db.Time({})", precision())),
        "date" => FieldType::native("DateTime", "@db.Date"),
        "jsonb" => FieldType::plain("Json"),
        "json" => FieldType::native("Json", "@db.Json"),
        "uuid" => FieldType::native("String", "@db.Uuid"),
        "bytea" => FieldType::plain("Bytes"),
        "xml" => FieldType::native("String", "@db.Xml"),
        "inet" => FieldType::native("String", "@db.Inet"),
        "citext" => FieldType::native("String", "@db.Citext"),
        "bit" => FieldType::native("String", with_modifiers("Bit", ty)),
        "bit varying" => FieldType::native("String", with_modifiers("VarBit", ty)),
        name => return enum_type(name, model),
    })
}

/// A column typed by an enum: the model's enum of that database name.
fn enum_type(name: &str, model: &ExpectedSchema) -> Option<FieldType> {
    let bare = name.rsplit('.').next().unwrap_or(name).trim_matches('"');
    model
        .enums
        .iter()
        .find(|e| e.name == bare)
        .map(|e| FieldType::plain(&e.model_name))
}

fn mysql_type(ty: &SqlType) -> Option<FieldType> {
    let unsigned = ty.suffix.as_deref() == Some("unsigned");
    Some(match (ty.name.as_str(), unsigned) {
        ("varchar", _) if modifier(ty, 0) == Some("191") => FieldType::plain("String"),
        ("varchar", _) => FieldType::native("String", with_modifiers("VarChar", ty)),
        ("char", _) => FieldType::native("String", with_modifiers("Char", ty)),
        ("text", _) => FieldType::native("String", "@db.Text"),
        ("tinytext", _) => FieldType::native("String", "@db.TinyText"),
        ("mediumtext", _) => FieldType::native("String", "@db.MediumText"),
        ("longtext", _) => FieldType::native("String", "@db.LongText"),
        ("tinyint", _) if ty.modifiers == ["1"] => FieldType::plain("Boolean"),
        ("int", false) => FieldType::plain("Int"),
        ("int", true) => FieldType::native("Int", "@db.UnsignedInt"),
        ("smallint", false) => FieldType::native("Int", "@db.SmallInt"),
        ("tinyint", false) => FieldType::native("Int", "@db.TinyInt"),
        ("bigint", false) => FieldType::plain("BigInt"),
        ("bigint", true) => FieldType::native("BigInt", "@db.UnsignedBigInt"),
        ("double", _) => FieldType::plain("Float"),
        ("float", _) => FieldType::native("Float", "@db.Float"),
        ("decimal", _) if ty.modifiers == ["65", "30"] => FieldType::plain("Decimal"),
        ("decimal", _) => FieldType::native("Decimal", with_modifiers("Decimal", ty)),
        ("datetime", _) if modifier(ty, 0) == Some("3") => FieldType::plain("DateTime"),
        ("datetime", _) => FieldType::native("DateTime", with_modifiers("DateTime", ty)),
        ("timestamp", _) => FieldType::native("DateTime", with_modifiers("Timestamp", ty)),
        ("date", _) => FieldType::native("DateTime", "@db.Date"),
        ("json", _) => FieldType::plain("Json"),
        ("longblob", _) => FieldType::plain("Bytes"),
        ("blob", _) => FieldType::native("Bytes", "@db.Blob"),
        _ => return None,
    })
}

/// SQLite: Prisma's storage names, by declared type name.
fn sqlite_type(ty: &SqlType) -> Option<FieldType> {
    Some(match ty.name.to_ascii_uppercase().as_str() {
        "TEXT" => FieldType::plain("String"),
        "INTEGER" | "INT" => FieldType::plain("Int"),
        "BIGINT" => FieldType::plain("BigInt"),
        "REAL" | "DOUBLE" | "FLOAT" => FieldType::plain("Float"),
        "DECIMAL" => FieldType::plain("Decimal"),
        "DATETIME" => FieldType::plain("DateTime"),
        "BOOLEAN" => FieldType::plain("Boolean"),
        "BLOB" => FieldType::plain("Bytes"),
        "JSONB" => FieldType::plain("Json"),
        _ => return None,
    })
}

fn field_type(column: &Column, model: &ExpectedSchema) -> FieldType {
    let Some(ty) = &column.data_type else {
        return FieldType {
            scalar: "Unsupported(\"\")".to_owned(),
            native: None,
        };
    };
    let element = SqlType {
        array: false,
        ..ty.clone()
    };
    let mapped = match model.dialect {
        Dialect::Postgres => postgres_type(&element, model),
        Dialect::MySql => mysql_type(&element),
        Dialect::Sqlite => sqlite_type(&element),
    };
    match mapped {
        Some(mut field) if ty.array => {
            field.scalar.push_str("[]");
            field
        }
        Some(field) => field,
        None => FieldType {
            scalar: format!("Unsupported({})", string_literal(&ty.to_string())),
            native: None,
        },
    }
}

/// `@default(…)` for the column's default, as `prisma db pull` writes it.
fn default_attribute(column: &Column, field: &FieldType, model: &ExpectedSchema) -> Option<String> {
    if column.auto_increment || column.identity.is_some() {
        return Some("@default(autoincrement())".to_owned());
    }
    let default = column.default.as_deref()?.trim();
    if default.eq_ignore_ascii_case("null") {
        return None;
    }
    let value = match default {
        "current_timestamp" | "current_timestamp()" => "now()".to_owned(),
        "true" | "false" if field.scalar == "Boolean" => default.to_owned(),
        "1" | "0" if field.scalar == "Boolean" => (default == "1").to_string(),
        d if d.parse::<f64>().is_ok() && field.scalar != "String" => d.to_owned(),
        d if d.len() >= 2 && d.starts_with('\'') && d.ends_with('\'') => {
            let text = d.get(1..d.len() - 1).unwrap_or_default().replace("''", "'");
            let is_enum = model.enums.iter().any(|e| e.model_name == field.scalar);
            if is_enum && is_identifier(&text) {
                text
            } else if field.scalar == "String" || is_enum {
                string_literal(&text)
            } else {
                format!("dbgenerated({})", string_literal(d))
            }
        }
        d => format!("dbgenerated({})", string_literal(d)),
    };
    Some(format!("@default({value})"))
}

/// `  nickname String? @db.VarChar(40)`: the field that maps to `column`.
/// `id` is the `@id` attribute when the column alone is the primary key.
pub(crate) fn field_line(column: &Column, model: &ExpectedSchema, id: bool) -> String {
    let (name, mapped) = prisma_name(&column.name);
    let field = field_type(column, model);
    let mut line = format!("  {name} {}", field.scalar);
    if column.nullable && !field.scalar.ends_with("[]") {
        line.push('?');
    }
    if id {
        line.push_str(" @id");
    }
    if let Some(default) = default_attribute(column, &field, model) {
        line.push(' ');
        line.push_str(&default);
    }
    if mapped {
        line.push_str(&format!(" @map({})", string_literal(&column.name)));
    }
    if let Some(native) = &field.native {
        line.push(' ');
        line.push_str(native);
    }
    line
}

/// The field names of `columns` (after the renames [`prisma_name`] makes).
fn field_list(columns: &[String]) -> String {
    columns
        .iter()
        .map(|c| prisma_name(c).0)
        .collect::<Vec<_>>()
        .join(", ")
}

/// `@@index([a, b])` / `@@unique([a], map: "…")`; `map:` only where the
/// name is not the one Prisma would give it.
pub(crate) fn index_line(
    dialect: Dialect,
    table: &str,
    name: &str,
    columns: &[String],
    unique: bool,
) -> String {
    let default_name = crate::mapping::truncate_name(
        &format!("{table}_{}", columns.join("_")),
        if unique { "key" } else { "idx" },
        crate::sql_types::name_limit(dialect),
    );
    let map = if name == default_name {
        String::new()
    } else {
        format!(", map: {}", string_literal(name))
    };
    format!(
        "  @@{}([{}]{map})",
        if unique { "unique" } else { "index" },
        field_list(columns)
    )
}

/// `model Name { … }` for a table no model maps to.
pub(crate) fn model_block(model: &ExpectedSchema, catalog: &Catalog, table: &Table) -> String {
    let (name, mapped) = prisma_name(&table.name);
    let pk = table
        .primary_key()
        .map(|c| c.columns.clone())
        .unwrap_or_default();
    let mut lines = vec![format!("model {name} {{")];
    for column in &table.columns {
        let id = pk.len() == 1 && pk.first() == Some(&column.name);
        lines.push(field_line(column, model, id));
    }
    if pk.len() > 1 {
        lines.push(format!("  @@id([{}])", field_list(&pk)));
    }
    for index in declarable_indexes(catalog, table) {
        lines.push(index_line(
            model.dialect,
            &table.name,
            &index.name,
            &index.columns,
            index.unique,
        ));
    }
    if table.schema != catalog.default_schema {
        lines.push(format!("  @@schema({})", string_literal(&table.schema)));
    }
    if mapped {
        lines.push(format!("  @@map({})", string_literal(&table.name)));
    }
    if pk.is_empty() {
        // Prisma needs a unique criterion; `db pull` marks such a model ignored.
        lines.push("  @@ignore".to_owned());
    }
    lines.push("}".to_owned());
    lines.join("\n")
}

/// The two models an implicit many-to-many table (`_AToB`, columns `A` and
/// `B` referencing the two models' keys) joins, as (A's table, B's table).
pub(crate) fn implicit_join(table: &Table) -> Option<(&str, &str)> {
    if !table.name.starts_with('_') || table.columns.len() != 2 {
        return None;
    }
    let target = |column: &str| {
        table.constraints.iter().find_map(|c| match &c.kind {
            miglint_catalog::ConstraintKind::ForeignKey { table: t, .. }
                if c.columns.len() == 1 && c.columns.first().is_some_and(|n| n == column) =>
            {
                Some(t.1.as_str())
            }
            _ => None,
        })
    };
    let (a, b) = (table.column("A")?, table.column("B")?);
    if a.name != "A" || b.name != "B" {
        return None;
    }
    Some((target("A")?, target("B")?))
}

/// The list fields that make a relation table implicit: one on each model.
fn relation_fields(facts: &PrismaFacts, table: &Table, (a, b): (&str, &str)) -> Option<String> {
    let model_of = |name: &str| {
        facts
            .tables
            .iter()
            .find(|t| t.name == name && !t.implicit_join)
            .map(|t| t.model.clone())
    };
    let (a_model, b_model) = (model_of(a)?, model_of(b)?);
    let relation = table.name.get(1..).unwrap_or_default();
    // Prisma names the relation `AToB` (models in alphabetical order) unless told.
    let attribute = if relation == format!("{a_model}To{b_model}") {
        String::new()
    } else {
        format!(" @relation({})", string_literal(relation))
    };
    let field = |m: &str| {
        let mut f = m.to_owned();
        if let Some(first) = f.get(..1) {
            f.replace_range(..1, &first.to_ascii_lowercase());
        }
        f
    };
    Some(format!(
        "model {a_model} {{\n  {} {b_model}[]{attribute}\n}}\nmodel {b_model} {{\n  {} {a_model}[]{attribute}\n}}",
        field(&b_model),
        field(&a_model),
    ))
}

pub(crate) fn declare_table(
    facts: &PrismaFacts,
    model: &ExpectedSchema,
    catalog: &Catalog,
    table: &Table,
) -> Fix {
    if let Some(joined) = implicit_join(table) {
        return match relation_fields(facts, table, joined) {
            Some(fields) => Fix::Model(fields),
            None => Fix::Manual(format!(
                "declare the implicit many-to-many relation between `{}` and `{}` (a list field on each model)",
                joined.0, joined.1
            )),
        };
    }
    Fix::Model(model_block(model, catalog, table))
}

/// The value line, inside its enum block so it is clear where it goes.
pub(crate) fn declare_enum_value(e: &ExpectedEnum, value: &str) -> Fix {
    let line = if is_identifier(value) {
        format!("  {value}")
    } else {
        format!("  {} @map({})", prisma_name(value).0, string_literal(value))
    };
    Fix::Model(format!("enum {} {{\n{line}\n}}", e.model_name))
}
