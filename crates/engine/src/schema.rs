//! `miglint schema`: the schema a history builds, as a versioned document
//! (the JSON contract in ARCHITECTURE.md), as DDL in dependency order, or as
//! a Mermaid ER diagram. Everything here is read from the replayed catalog.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use miglint_catalog::{Catalog, ConstraintKind, Identity, Table};
use miglint_source::Dialect;
use serde::Serialize;

/// The version of the document's shape: fields may be added, never renamed.
pub const SCHEMA_DOCUMENT_VERSION: u32 = 1;

#[derive(Debug, Serialize)]
pub struct SchemaDocument {
    pub dialect: &'static str,
    pub schemas: Vec<SchemaObjects>,
    pub extensions: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SchemaObjects {
    pub name: String,
    pub tables: Vec<TableDoc>,
    pub enums: Vec<EnumDoc>,
    pub views: Vec<ViewDoc>,
    pub sequences: Vec<SequenceDoc>,
}

#[derive(Debug, Serialize)]
pub struct TableDoc {
    pub name: String,
    pub columns: Vec<ColumnDoc>,
    pub primary_key: Option<KeyDoc>,
    pub unique_constraints: Vec<KeyDoc>,
    pub foreign_keys: Vec<ForeignKeyDoc>,
    pub checks: Vec<CheckDoc>,
    pub indexes: Vec<IndexDoc>,
    /// A table no statement created (assumed to pre-exist): its columns are unknown.
    pub assumed: bool,
}

#[derive(Debug, Serialize)]
pub struct ColumnDoc {
    pub name: String,
    /// PostgreSQL: as `format_type()` prints it; MySQL: as `COLUMN_TYPE`;
    /// SQLite: as declared. `None` for a SQLite column without a type.
    #[serde(rename = "type")]
    pub data_type: Option<String>,
    pub nullable: bool,
    /// The default expression as the history wrote it.
    pub default: Option<String>,
    /// `always` or `by default`.
    pub identity: Option<&'static str>,
    pub generated: bool,
    pub auto_increment: bool,
}

#[derive(Debug, Serialize)]
pub struct KeyDoc {
    pub name: String,
    pub columns: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ForeignKeyDoc {
    pub name: String,
    pub columns: Vec<String>,
    pub references: ReferenceDoc,
    pub on_delete: Option<String>,
    pub on_update: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ReferenceDoc {
    pub schema: String,
    pub table: String,
    pub columns: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct CheckDoc {
    pub name: String,
    /// As written; `None` where the reader kept only the name.
    pub expression: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct IndexDoc {
    pub name: String,
    /// Column names, or an expression's text.
    pub columns: Vec<String>,
    pub unique: bool,
    /// `btree` unless the history said otherwise.
    pub method: String,
    pub predicate: Option<String>,
    /// Made by a primary key or unique constraint.
    pub constraint: bool,
}

#[derive(Debug, Serialize)]
pub struct EnumDoc {
    pub name: String,
    pub values: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct ViewDoc {
    pub name: String,
    pub materialized: bool,
}

#[derive(Debug, Serialize)]
pub struct SequenceDoc {
    pub name: String,
    /// The serial column that owns it.
    pub owned_by: Option<OwnerDoc>,
}

#[derive(Debug, Serialize)]
pub struct OwnerDoc {
    pub table: String,
    pub column: String,
}

/// The document for one replayed catalog. Objects are sorted by name, so
/// the output does not depend on the order of the history's statements;
/// columns keep their table order.
pub fn schema_document(catalog: &Catalog) -> SchemaDocument {
    let mut schemas: BTreeMap<String, SchemaObjects> = BTreeMap::new();
    fn entry<'a>(
        schemas: &'a mut BTreeMap<String, SchemaObjects>,
        name: &str,
    ) -> &'a mut SchemaObjects {
        schemas
            .entry(name.to_owned())
            .or_insert_with(|| SchemaObjects {
                name: name.to_owned(),
                tables: Vec::new(),
                enums: Vec::new(),
                views: Vec::new(),
                sequences: Vec::new(),
            })
    }
    for schema in &catalog.schemas {
        entry(&mut schemas, &schema.name);
    }
    for table in &catalog.tables {
        entry(&mut schemas, &table.schema)
            .tables
            .push(table_doc(catalog, table));
    }
    for e in &catalog.enums {
        entry(&mut schemas, &e.schema).enums.push(EnumDoc {
            name: e.name.clone(),
            values: e.values.clone(),
        });
    }
    for view in &catalog.views {
        entry(&mut schemas, &view.schema).views.push(ViewDoc {
            name: view.name.clone(),
            materialized: view.materialized,
        });
    }
    for sequence in &catalog.sequences {
        entry(&mut schemas, &sequence.schema)
            .sequences
            .push(SequenceDoc {
                name: sequence.name.clone(),
                owned_by: sequence.owned_by.as_ref().map(|o| OwnerDoc {
                    table: o.table.1.clone(),
                    column: o.column.clone(),
                }),
            });
    }
    let mut schemas: Vec<SchemaObjects> = schemas.into_values().collect();
    for schema in &mut schemas {
        schema.tables.sort_by(|a, b| a.name.cmp(&b.name));
        schema.enums.sort_by(|a, b| a.name.cmp(&b.name));
        schema.views.sort_by(|a, b| a.name.cmp(&b.name));
        schema.sequences.sort_by(|a, b| a.name.cmp(&b.name));
    }
    let mut extensions: Vec<String> = catalog.extensions.iter().map(|e| e.name.clone()).collect();
    extensions.sort();
    SchemaDocument {
        dialect: catalog.dialect.name(),
        schemas,
        extensions,
    }
}

fn table_doc(catalog: &Catalog, table: &Table) -> TableDoc {
    let key = |c: &miglint_catalog::Constraint| KeyDoc {
        name: c.name.clone(),
        columns: c.columns.clone(),
    };
    let mut doc = TableDoc {
        name: table.name.clone(),
        columns: table
            .columns
            .iter()
            .map(|c| ColumnDoc {
                name: c.name.clone(),
                data_type: c.data_type.as_ref().map(ToString::to_string),
                nullable: c.nullable,
                default: c.default_text.clone().or_else(|| c.default.clone()),
                identity: c.identity.map(|i| match i {
                    Identity::Always => "always",
                    Identity::ByDefault => "by default",
                }),
                generated: c.generated,
                auto_increment: c.auto_increment,
            })
            .collect(),
        primary_key: table.primary_key().map(key),
        unique_constraints: Vec::new(),
        foreign_keys: Vec::new(),
        checks: Vec::new(),
        indexes: Vec::new(),
        assumed: table.assumed,
    };
    for c in &table.constraints {
        match &c.kind {
            ConstraintKind::Unique => doc.unique_constraints.push(key(c)),
            ConstraintKind::ForeignKey {
                table: (schema, name),
                columns,
                on_delete,
                on_update,
            } => doc.foreign_keys.push(ForeignKeyDoc {
                name: c.name.clone(),
                columns: c.columns.clone(),
                references: ReferenceDoc {
                    schema: schema.clone(),
                    table: name.clone(),
                    columns: columns.clone(),
                },
                on_delete: on_delete.clone(),
                on_update: on_update.clone(),
            }),
            ConstraintKind::Check => doc.checks.push(CheckDoc {
                name: c.name.clone(),
                expression: c.expression.clone(),
            }),
            ConstraintKind::PrimaryKey | ConstraintKind::Other => {}
        }
    }
    doc.unique_constraints.sort_by(|a, b| a.name.cmp(&b.name));
    doc.foreign_keys.sort_by(|a, b| a.name.cmp(&b.name));
    doc.checks.sort_by(|a, b| a.name.cmp(&b.name));
    let default_method = match catalog.dialect {
        Dialect::Postgres | Dialect::MySql => "btree",
        Dialect::Sqlite => "",
    };
    doc.indexes = catalog
        .indexes
        .iter()
        .filter(|i| i.table.0 == table.schema && i.table.1 == table.name)
        .map(|i| IndexDoc {
            name: i.name.clone(),
            columns: i.columns.clone(),
            unique: i.unique,
            method: i
                .method
                .clone()
                .unwrap_or_else(|| default_method.to_owned()),
            predicate: i.predicate.clone(),
            constraint: i.from_constraint,
        })
        .collect();
    doc.indexes.sort_by(|a, b| a.name.cmp(&b.name));
    doc
}

/// A name as the dialect quotes it in DDL, quoted only where needed.
fn quote(name: &str, dialect: Dialect) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    match dialect {
        Dialect::MySql => format!("`{}`", name.replace('`', "``")),
        Dialect::Postgres | Dialect::Sqlite if plain => name.to_owned(),
        Dialect::Postgres | Dialect::Sqlite => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

fn qualified(schema: &str, name: &str, document: &SchemaDocument, dialect: Dialect) -> String {
    let default = document.schemas.first().map(|s| s.name.as_str());
    let single = document.schemas.len() == 1 || dialect != Dialect::Postgres;
    if single || Some(schema) == default && schema == "public" {
        quote(name, dialect)
    } else {
        format!("{}.{}", quote(schema, dialect), quote(name, dialect))
    }
}

fn quoted_list(names: &[String], dialect: Dialect) -> String {
    names
        .iter()
        .map(|n| quote(n, dialect))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The document as DDL in dependency order, as `pg_dump --schema-only`
/// orders it: schemas, extensions, types, sequences, tables (with their
/// primary keys, unique constraints and checks), indexes, then foreign keys
/// (so cycles need no order). Views are listed by name: their queries are
/// not kept.
pub fn schema_sql(document: &SchemaDocument, dialect: Dialect) -> String {
    let mut out = String::new();
    let q = |s: &str, n: &str| qualified(s, n, document, dialect);
    for schema in &document.schemas {
        let is_default = matches!(schema.name.as_str(), "public" | "main");
        if dialect == Dialect::Postgres && !is_default {
            let _ = writeln!(out, "CREATE SCHEMA {};\n", quote(&schema.name, dialect));
        }
    }
    for extension in &document.extensions {
        let _ = writeln!(
            out,
            "CREATE EXTENSION IF NOT EXISTS {};\n",
            quote(extension, dialect)
        );
    }
    for schema in &document.schemas {
        for e in &schema.enums {
            let values: Vec<String> = e
                .values
                .iter()
                .map(|v| format!("'{}'", v.replace('\'', "''")))
                .collect();
            let _ = writeln!(
                out,
                "CREATE TYPE {} AS ENUM ({});\n",
                q(&schema.name, &e.name),
                values.join(", ")
            );
        }
        for s in &schema.sequences {
            let _ = writeln!(out, "CREATE SEQUENCE {};\n", q(&schema.name, &s.name));
        }
    }
    for schema in &document.schemas {
        for table in &schema.tables {
            // Not the history's (a tool's bookkeeping table, or assumed
            // in a partial history): its columns are unknown.
            if table.assumed {
                continue;
            }
            let mut lines: Vec<String> = table
                .columns
                .iter()
                .map(|c| column_sql(c, dialect))
                .collect();
            if let Some(pk) = &table.primary_key {
                lines.push(format!(
                    "CONSTRAINT {} PRIMARY KEY ({})",
                    quote(&pk.name, dialect),
                    quoted_list(&pk.columns, dialect)
                ));
            }
            for u in &table.unique_constraints {
                lines.push(format!(
                    "CONSTRAINT {} UNIQUE ({})",
                    quote(&u.name, dialect),
                    quoted_list(&u.columns, dialect)
                ));
            }
            for c in &table.checks {
                if let Some(expression) = &c.expression {
                    lines.push(format!(
                        "CONSTRAINT {} CHECK ({expression})",
                        quote(&c.name, dialect)
                    ));
                }
            }
            let _ = writeln!(
                out,
                "CREATE TABLE {} (\n    {}\n);\n",
                q(&schema.name, &table.name),
                lines.join(",\n    ")
            );
        }
    }
    for schema in &document.schemas {
        for table in &schema.tables {
            for index in table.indexes.iter().filter(|i| !i.constraint) {
                let unique = if index.unique { "UNIQUE " } else { "" };
                let using = match dialect {
                    Dialect::Postgres if index.method != "btree" => {
                        format!(" USING {}", index.method)
                    }
                    _ => String::new(),
                };
                let keys: Vec<String> = index
                    .columns
                    .iter()
                    .map(|k| {
                        let is_name = table.columns.iter().any(|c| &c.name == k);
                        if is_name {
                            quote(k, dialect)
                        } else {
                            k.clone()
                        }
                    })
                    .collect();
                let predicate = index
                    .predicate
                    .as_ref()
                    .map(|p| format!(" WHERE {p}"))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "CREATE {unique}INDEX {} ON {}{using} ({}){predicate};\n",
                    quote(&index.name, dialect),
                    q(&schema.name, &table.name),
                    keys.join(", ")
                );
            }
        }
    }
    for schema in &document.schemas {
        for s in &schema.sequences {
            if let Some(owner) = &s.owned_by {
                let _ = writeln!(
                    out,
                    "ALTER SEQUENCE {} OWNED BY {}.{};\n",
                    q(&schema.name, &s.name),
                    q(&schema.name, &owner.table),
                    quote(&owner.column, dialect)
                );
            }
        }
        for table in &schema.tables {
            for fk in &table.foreign_keys {
                let mut actions = String::new();
                if let Some(a) = &fk.on_delete {
                    let _ = write!(actions, " ON DELETE {a}");
                }
                if let Some(a) = &fk.on_update {
                    let _ = write!(actions, " ON UPDATE {a}");
                }
                let _ = writeln!(
                    out,
                    "ALTER TABLE {} ADD CONSTRAINT {} FOREIGN KEY ({}) REFERENCES {} ({}){actions};\n",
                    q(&schema.name, &table.name),
                    quote(&fk.name, dialect),
                    quoted_list(&fk.columns, dialect),
                    q(&fk.references.schema, &fk.references.table),
                    quoted_list(&fk.references.columns, dialect)
                );
            }
        }
        for view in &schema.views {
            let kind = if view.materialized {
                "materialized view"
            } else {
                "view"
            };
            let _ = writeln!(
                out,
                "-- {kind} {} (its query is not kept)\n",
                q(&schema.name, &view.name)
            );
        }
    }
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

fn column_sql(column: &ColumnDoc, dialect: Dialect) -> String {
    let mut line = quote(&column.name, dialect);
    if let Some(t) = &column.data_type {
        let _ = write!(line, " {t}");
    }
    if let Some(identity) = column.identity {
        let _ = write!(line, " GENERATED {} AS IDENTITY", identity.to_uppercase());
    } else if let Some(default) = &column.default {
        let _ = write!(line, " DEFAULT {default}");
    }
    if column.auto_increment && dialect == Dialect::MySql {
        line.push_str(" AUTO_INCREMENT");
    }
    if !column.nullable {
        line.push_str(" NOT NULL");
    }
    line
}

/// An entity or attribute name Mermaid accepts.
fn mermaid_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if cleaned
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
    {
        cleaned
    } else {
        format!("_{cleaned}")
    }
}

/// A column type Mermaid accepts (no spaces or commas).
fn mermaid_type(data_type: Option<&str>) -> String {
    let text = data_type.unwrap_or("any");
    text.chars()
        .map(|c| match c {
            ' ' => '_',
            ',' => '-',
            '"' | '\'' | '`' | '.' => '_',
            c => c,
        })
        .collect()
}

/// The tables and their foreign keys as a Mermaid `erDiagram`.
pub fn schema_mermaid(document: &SchemaDocument) -> String {
    let many_schemas = document
        .schemas
        .iter()
        .filter(|s| !s.tables.is_empty())
        .count()
        > 1;
    let entity = |schema: &str, table: &str| {
        if many_schemas {
            mermaid_name(&format!("{schema}_{table}"))
        } else {
            mermaid_name(table)
        }
    };
    let mut out = String::from("erDiagram\n");
    for schema in &document.schemas {
        for table in schema.tables.iter().filter(|t| !t.assumed) {
            let pk: BTreeSet<&str> = table
                .primary_key
                .iter()
                .flat_map(|k| k.columns.iter().map(String::as_str))
                .collect();
            let fk: BTreeSet<&str> = table
                .foreign_keys
                .iter()
                .flat_map(|k| k.columns.iter().map(String::as_str))
                .collect();
            let uk: BTreeSet<&str> = table
                .unique_constraints
                .iter()
                .filter(|k| k.columns.len() == 1)
                .flat_map(|k| k.columns.iter().map(String::as_str))
                .collect();
            let _ = writeln!(out, "    {} {{", entity(&schema.name, &table.name));
            for column in &table.columns {
                let keys: Vec<&str> = [("PK", &pk), ("FK", &fk), ("UK", &uk)]
                    .iter()
                    .filter(|(_, set)| set.contains(column.name.as_str()))
                    .map(|(k, _)| *k)
                    .collect();
                let _ = write!(
                    out,
                    "        {} {}",
                    mermaid_type(column.data_type.as_deref()),
                    mermaid_name(&column.name)
                );
                if !keys.is_empty() {
                    let _ = write!(out, " {}", keys.join(", "));
                }
                out.push('\n');
            }
            out.push_str("    }\n");
        }
    }
    for schema in &document.schemas {
        for table in &schema.tables {
            for fk in &table.foreign_keys {
                let optional = fk.columns.iter().any(|c| {
                    table
                        .columns
                        .iter()
                        .any(|col| &col.name == c && col.nullable)
                });
                let parent = if optional { "o|" } else { "||" };
                let _ = writeln!(
                    out,
                    "    {} }}o--{parent} {} : \"{}\"",
                    entity(&schema.name, &table.name),
                    entity(&fk.references.schema, &fk.references.table),
                    fk.name.replace('"', "'")
                );
            }
        }
    }
    out
}
