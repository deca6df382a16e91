//! Drift: the differences between the schema a Prisma model asks for and the
//! catalog a migration history builds, limited to what would make the app
//! fail or make `prisma migrate dev` write a new migration.

use miglint_catalog::types::{normalize_default, parse_type};
use miglint_catalog::{Catalog, ConstraintKind, History, Named, NamedVec, Table};
use miglint_source::Dialect;

use crate::expected::{
    ColumnDefault, ExpectedColumn, ExpectedIndex, ExpectedSchema, ExpectedTable, ModelLocation,
};
use crate::fix_sql;

/// Prisma's own bookkeeping table: never part of the model.
const MIGRATIONS_TABLE: &str = "_prisma_migrations";

/// One difference between model and migrations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    pub kind: DriftKind,
    /// The schema the object lives in (the catalog's default when the model names none).
    pub schema: String,
    pub table: Option<String>,
    pub column: Option<String>,
    /// The enum's database name, for enum findings.
    pub enum_name: Option<String>,
    /// The enum value, for enum value findings.
    pub value: Option<String>,
    /// The index or constraint name, for key and index findings.
    pub index: Option<String>,
    /// Where the model declares the object: the field for column findings,
    /// the model or enum header for table and enum findings, the attribute
    /// for keys and indexes. `None` for a table the model lacks entirely.
    pub model: Option<ModelLocation>,
    /// Where the migrations created and last changed the actual object (the
    /// table for a missing column), when it exists.
    pub history: Option<History>,
    /// SQL that closes the gap, in the project's dialect, as Prisma writes
    /// it; a `--` comment where the dialect cannot do it in place.
    pub fix: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DriftKind {
    /// The model's table is never created.
    TableMissing,
    /// A field's column is never added.
    ColumnMissing,
    /// Types differ; precision counts (`TIMESTAMP` vs `TIMESTAMP(3)`).
    ColumnTypeMismatch { expected: String, actual: String },
    /// The model's field is optional (`expected_nullable`) and the column is not, or the reverse.
    NullabilityMismatch { expected_nullable: bool },
    /// The column default differs; `None` is no default.
    DefaultMismatch {
        expected: Option<String>,
        actual: Option<String>,
    },
    /// A PostgreSQL enum type is never created.
    EnumMissing,
    /// The enum lacks a value the model declares.
    EnumValueMissing,
    /// The enum has a value the model does not declare.
    EnumValueNotInModel,
    /// A table the migrations create that no model maps to.
    TableNotInModel,
    /// A column the migrations create that no field maps to.
    ColumnNotInModel,
    /// The primary key's columns differ (`actual` empty: none).
    PrimaryKeyMismatch {
        expected: Vec<String>,
        actual: Vec<String>,
    },
    /// An `@@index` the migrations never create.
    IndexMissing { columns: Vec<String> },
    /// An `@unique`/`@@unique` the migrations never create.
    UniqueMissing { columns: Vec<String> },
    /// An index (or unique constraint) the model does not declare; Prisma would drop it.
    IndexNotInModel { columns: Vec<String>, unique: bool },
    /// A relation's foreign key the migrations never create.
    ForeignKeyMissing {
        columns: Vec<String>,
        referenced_table: String,
    },
}

/// Compares the schema the model expects with the replayed catalog.
pub fn compare(expected: &ExpectedSchema, actual: &Catalog) -> Vec<Drift> {
    let mut drifts = Vec::new();
    let dialect = expected.dialect;
    let default_schema = actual.default_schema.as_str();
    let schema_of = |s: &Option<String>| s.as_deref().unwrap_or(default_schema).to_owned();

    if dialect == Dialect::Postgres {
        compare_enums(expected, actual, &mut drifts);
    }

    for table in &expected.tables {
        let schema = schema_of(&table.schema);
        let drift = |kind, model: ModelLocation, history, fix| Drift {
            kind,
            schema: schema.clone(),
            table: Some(table.name.clone()),
            column: None,
            enum_name: None,
            value: None,
            index: None,
            model: Some(model),
            history,
            fix,
        };
        let Some(found) = find_table(dialect, actual, &schema, &table.name) else {
            drifts.push(drift(
                DriftKind::TableMissing,
                table.location,
                None,
                fix_sql::create_table(dialect, table, expected.foreign_keys),
            ));
            continue;
        };
        if found.assumed {
            // A pre-existing table of a partial history: its columns are unknown.
            continue;
        }
        for column in &table.columns {
            compare_column(dialect, table, column, found, &schema, &mut drifts);
        }
        for column in &found.columns {
            if table
                .columns
                .iter()
                .all(|c| !same(dialect, &c.name, &column.name))
            {
                let mut d = drift(
                    DriftKind::ColumnNotInModel,
                    table.location,
                    Some(column.history),
                    fix_sql::drop_column(
                        dialect,
                        table.schema.as_deref(),
                        &table.name,
                        &column.name,
                    ),
                );
                d.column = Some(column.name.clone());
                drifts.push(d);
            }
        }
        compare_primary_key(dialect, table, found, &schema, &mut drifts);
        compare_indexes(
            dialect,
            expected,
            table,
            actual,
            found,
            &schema,
            &mut drifts,
        );
        if expected.foreign_keys {
            for fk in &table.foreign_keys {
                let present = found.constraints.iter().any(|c| match &c.kind {
                    ConstraintKind::ForeignKey { table: target, .. } => {
                        same_list(dialect, &c.columns, &fk.columns)
                            && same(dialect, &target.1, &fk.referenced_table.1)
                    }
                    _ => false,
                });
                if !present {
                    let mut d = drift(
                        DriftKind::ForeignKeyMissing {
                            columns: fk.columns.clone(),
                            referenced_table: fk.referenced_table.1.clone(),
                        },
                        fk.location,
                        Some(found.history),
                        fix_sql::add_foreign_key(dialect, table, fk),
                    );
                    d.index = Some(fk.name.clone());
                    drifts.push(d);
                }
            }
        }
    }

    // Prisma compares only the schemas the model manages: the default one and
    // those its models and enums name (`@@schema`).
    let managed = |schema: &str| {
        same(dialect, schema, default_schema)
            || expected
                .tables
                .iter()
                .any(|t| same(dialect, &schema_of(&t.schema), schema))
            || expected
                .enums
                .iter()
                .any(|e| same(dialect, &schema_of(&e.schema), schema))
    };
    // Each model table's (schema, name), hashed as the catalog hashes names.
    let mut modelled_names: NamedVec<ModelName> = NamedVec::new();
    for t in &expected.tables {
        modelled_names.push(ModelName(schema_of(&t.schema), t.name.clone()));
    }
    for (s, name) in &expected.views {
        modelled_names.push(ModelName(schema_of(s), name.clone()));
    }
    for found in &actual.tables {
        if found.assumed || same(dialect, &found.name, MIGRATIONS_TABLE) || !managed(&found.schema)
        {
            continue;
        }
        let modelled = modelled_names
            .position(&found.schema, &found.name, |m| {
                same(dialect, &m.0, &found.schema) && same(dialect, &m.1, &found.name)
            })
            .is_some();
        if !modelled {
            let schema = (found.schema != default_schema).then_some(found.schema.as_str());
            drifts.push(Drift {
                kind: DriftKind::TableNotInModel,
                schema: found.schema.clone(),
                table: Some(found.name.clone()),
                column: None,
                enum_name: None,
                value: None,
                index: None,
                model: None,
                history: Some(found.history),
                fix: fix_sql::drop_table(dialect, schema, &found.name),
            });
        }
    }
    drifts
}

/// PostgreSQL stores names as written (quoted) or folded; MySQL and SQLite
/// compare case-insensitively.
fn same(dialect: Dialect, a: &str, b: &str) -> bool {
    match dialect {
        Dialect::Postgres => a == b,
        Dialect::MySql | Dialect::Sqlite => miglint_catalog::names::same(a, b),
    }
}

fn same_list(dialect: Dialect, a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(dialect, x, y))
}

fn find_table<'c>(
    dialect: Dialect,
    catalog: &'c Catalog,
    schema: &str,
    name: &str,
) -> Option<&'c Table> {
    let position = catalog.tables.position(schema, name, |t| {
        same(dialect, &t.schema, schema) && same(dialect, &t.name, name)
    })?;
    catalog.tables.get(position)
}

fn compare_column(
    dialect: Dialect,
    table: &ExpectedTable,
    column: &ExpectedColumn,
    found: &Table,
    schema: &str,
    drifts: &mut Vec<Drift>,
) {
    let drift = |kind, history, fix| Drift {
        kind,
        schema: schema.to_owned(),
        table: Some(table.name.clone()),
        column: Some(column.name.clone()),
        enum_name: None,
        value: None,
        index: None,
        model: Some(column.location),
        history: Some(history),
        fix,
    };
    let Some(actual) = found
        .columns
        .iter()
        .find(|c| same(dialect, &c.name, &column.name))
    else {
        drifts.push(drift(
            DriftKind::ColumnMissing,
            found.history,
            fix_sql::add_column(dialect, table, column),
        ));
        return;
    };
    let expected_type = parse_type(&column.sql_type, dialect);
    // A serial is stored as its integer type; accept either spelling.
    let ddl_type = parse_type(&fix_sql::ddl_type(dialect, column), dialect);
    let type_matches = actual
        .data_type
        .as_ref()
        .is_some_and(|t| *t == expected_type || *t == ddl_type);
    if !type_matches {
        drifts.push(drift(
            // Both sides in the catalog's canonical spelling, so the message
            // compares like with like (`timestamp without time zone` vs
            // `timestamp(3) without time zone`).
            DriftKind::ColumnTypeMismatch {
                expected: expected_type.to_string(),
                actual: actual
                    .data_type
                    .as_ref()
                    .map_or_else(|| "(no type)".to_owned(), ToString::to_string),
            },
            actual.history,
            fix_sql::set_data_type(dialect, table, column),
        ));
    }
    // A list field has list arity whatever the column's NULL constraint, so
    // Prisma never generates SET/DROP NOT NULL for an array column.
    let is_list = column.sql_type.ends_with("[]");
    if actual.nullable != column.nullable && !is_list {
        drifts.push(drift(
            DriftKind::NullabilityMismatch {
                expected_nullable: column.nullable,
            },
            actual.history,
            fix_sql::set_nullability(dialect, table, column),
        ));
    }
    if column.auto_increment {
        return;
    }
    let actual_default = actual.default.clone();
    let differs = match &column.default {
        Some(ColumnDefault::Sql(sql)) => {
            actual_default.as_deref() != Some(normalize_default(sql, dialect).as_str())
        }
        // Prisma only checks that a database-generated default exists.
        Some(ColumnDefault::DbGenerated(_)) => actual_default.is_none(),
        Some(ColumnDefault::Unmanaged) => false,
        None => actual_default.is_some() && !actual.auto_increment && actual.identity.is_none(),
    };
    if differs {
        drifts.push(drift(
            DriftKind::DefaultMismatch {
                expected: column
                    .default
                    .as_ref()
                    .and_then(|d| d.sql())
                    .map(str::to_owned),
                actual: actual_default,
            },
            actual.history,
            fix_sql::set_default(dialect, table, column),
        ));
    }
}

fn compare_primary_key(
    dialect: Dialect,
    table: &ExpectedTable,
    found: &Table,
    schema: &str,
    drifts: &mut Vec<Drift>,
) {
    let actual = found.primary_key();
    let actual_columns = actual.map(|c| c.columns.clone()).unwrap_or_default();
    let expected_columns = table
        .primary_key
        .as_ref()
        .map(|k| k.columns.clone())
        .unwrap_or_default();
    if same_list(dialect, &actual_columns, &expected_columns) {
        return;
    }
    let quote = |c: &String| fix_sql::quote(dialect, c);
    let table_ref = fix_sql::qualified(dialect, table.schema.as_deref(), &table.name);
    let mut steps = Vec::new();
    if let Some(actual) = actual {
        steps.push(match dialect {
            Dialect::MySql => "DROP PRIMARY KEY".to_owned(),
            _ => format!("DROP CONSTRAINT {}", fix_sql::quote(dialect, &actual.name)),
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
    let fix = if dialect == Dialect::Sqlite {
        format!(
            "-- SQLite cannot change a primary key: Prisma redefines {table_ref} (CREATE TABLE \"new_{}\" …, INSERT … SELECT, DROP TABLE, ALTER TABLE … RENAME)",
            table.name
        )
    } else {
        format!("ALTER TABLE {table_ref} {};", steps.join(",\n"))
    };
    drifts.push(Drift {
        kind: DriftKind::PrimaryKeyMismatch {
            expected: expected_columns,
            actual: actual_columns,
        },
        schema: schema.to_owned(),
        table: Some(table.name.clone()),
        column: None,
        enum_name: None,
        value: None,
        index: table.primary_key.as_ref().map(|k| k.name.clone()),
        model: Some(
            table
                .primary_key
                .as_ref()
                .map_or(table.location, |k| k.location),
        ),
        history: Some(actual.map_or(found.history, |c| c.history)),
        fix,
    });
}

fn compare_indexes(
    dialect: Dialect,
    expected: &ExpectedSchema,
    table: &ExpectedTable,
    catalog: &Catalog,
    found: &Table,
    schema: &str,
    drifts: &mut Vec<Drift>,
) {
    let on_table: Vec<_> = catalog
        .indexes
        .grouped(&found.schema, &found.name)
        .filter_map(|p| catalog.indexes.get(p))
        .filter(|i| {
            same(dialect, &i.table.0, &found.schema) && same(dialect, &i.table.1, &found.name)
        })
        .collect();
    let unique_constraints: Vec<_> = found
        .constraints
        .iter()
        .filter(|c| matches!(c.kind, ConstraintKind::Unique))
        .collect();
    let matches = |index: &ExpectedIndex, columns: &[String], unique: bool| {
        index.unique == unique && same_list(dialect, &index.columns, columns)
    };
    for index in &table.indexes {
        let present = on_table
            .iter()
            // The model cannot express a predicate: a partial index with the
            // declared columns satisfies it, as it does for Prisma.
            .any(|i| matches(index, &i.columns, i.unique))
            || (index.unique
                && unique_constraints
                    .iter()
                    .any(|c| same_list(dialect, &c.columns, &index.columns)));
        if present {
            continue;
        }
        let kind = if index.unique {
            DriftKind::UniqueMissing {
                columns: index.columns.clone(),
            }
        } else {
            DriftKind::IndexMissing {
                columns: index.columns.clone(),
            }
        };
        drifts.push(Drift {
            kind,
            schema: schema.to_owned(),
            table: Some(table.name.clone()),
            column: None,
            enum_name: None,
            value: None,
            index: Some(index.name.clone()),
            model: Some(index.location),
            history: Some(found.history),
            fix: fix_sql::create_index(dialect, table, index),
        });
    }

    let pk_columns = found
        .primary_key()
        .map(|c| c.columns.as_slice())
        .unwrap_or_default();
    let declared = |columns: &[String], unique: bool| {
        table.indexes.iter().any(|i| matches(i, columns, unique))
            || (unique && same_list(dialect, columns, pk_columns))
            // MySQL backs every foreign key with an index of its own.
            || (dialect == Dialect::MySql
                && (!expected.foreign_keys
                    || table.foreign_keys.iter().any(|fk| same_list(dialect, &fk.columns, columns))))
    };
    let mut extra =
        |name: &str, columns: &[String], unique: bool, history: History, is_constraint: bool| {
            let fix = if is_constraint && dialect != Dialect::Sqlite {
                format!(
                    "ALTER TABLE {} DROP CONSTRAINT {};",
                    fix_sql::qualified(dialect, table.schema.as_deref(), &table.name),
                    fix_sql::quote(dialect, name)
                )
            } else {
                fix_sql::drop_index(dialect, table.schema.as_deref(), &table.name, name)
            };
            drifts.push(Drift {
                kind: DriftKind::IndexNotInModel {
                    columns: columns.to_vec(),
                    unique,
                },
                schema: schema.to_owned(),
                table: Some(table.name.clone()),
                column: None,
                enum_name: None,
                value: None,
                index: Some(name.to_owned()),
                model: Some(table.location),
                history: Some(history),
                fix,
            });
        };
    // Partial and expression indexes cannot be declared in the model, and
    // Prisma leaves them alone.
    let expressible = |index: &miglint_catalog::Index| {
        index.predicate.is_none() && index.columns.iter().all(|c| found.column(c).is_some())
    };
    for index in &on_table {
        if index.from_constraint || !expressible(index) || declared(&index.columns, index.unique) {
            continue;
        }
        extra(
            &index.name,
            &index.columns,
            index.unique,
            index.history,
            false,
        );
    }
    for constraint in unique_constraints {
        let backed_by_index = on_table
            .iter()
            .any(|i| same(dialect, &i.name, &constraint.name) && !i.from_constraint);
        if !backed_by_index && !declared(&constraint.columns, true) {
            extra(
                &constraint.name,
                &constraint.columns,
                true,
                constraint.history,
                true,
            );
        }
    }
}

fn compare_enums(expected: &ExpectedSchema, actual: &Catalog, drifts: &mut Vec<Drift>) {
    let dialect = expected.dialect;
    for e in &expected.enums {
        let schema = e
            .schema
            .clone()
            .unwrap_or_else(|| actual.default_schema.clone());
        let drift = |kind, model, history, value: Option<&str>, fix| Drift {
            kind,
            schema: schema.clone(),
            table: None,
            column: None,
            enum_name: Some(e.name.clone()),
            value: value.map(str::to_owned),
            index: None,
            model: Some(model),
            history,
            fix,
        };
        let Some(found) = actual
            .enums
            .iter()
            .find(|f| same(dialect, &f.schema, &schema) && same(dialect, &f.name, &e.name))
        else {
            drifts.push(drift(
                DriftKind::EnumMissing,
                e.location,
                None,
                None,
                fix_sql::create_enum(dialect, e).unwrap_or_default(),
            ));
            continue;
        };
        for value in &e.values {
            if !found.values.contains(&value.name) {
                drifts.push(drift(
                    DriftKind::EnumValueMissing,
                    value.location,
                    Some(found.history),
                    Some(&value.name),
                    fix_sql::add_enum_value(dialect, e, &value.name),
                ));
            }
        }
        for value in &found.values {
            if !e.values.iter().any(|v| v.name == *value) {
                drifts.push(drift(
                    DriftKind::EnumValueNotInModel,
                    e.location,
                    Some(found.history),
                    Some(value),
                    format!(
                        "-- PostgreSQL cannot drop an enum value: Prisma recreates {} without '{}' (CREATE TYPE …_new, ALTER COLUMN … TYPE, DROP TYPE, RENAME)",
                        fix_sql::qualified(dialect, e.schema.as_deref(), &e.name),
                        value.replace('\'', "''")
                    ),
                ));
            }
        }
    }
}

/// A (schema, name) the model declares.
struct ModelName(String, String);

impl Named for ModelName {
    fn key(&self) -> (&str, &str) {
        (&self.0, &self.1)
    }
}
