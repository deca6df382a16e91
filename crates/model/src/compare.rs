//! Drift: the differences between the schema a model asks for and the
//! catalog a migration history builds, limited to what the model can say and
//! to what would make the application fail or the tool write a new migration.

use miglint_catalog::types::{SqlType, normalize_default, numeric_default, parse_type};
use miglint_catalog::{Catalog, ConstraintKind, History, Named, NamedVec, Table};
use miglint_source::Dialect;

use crate::drift::{ColumnName, Drift, DriftKind, EnumName, IndexName, TableName};
use crate::expected::{
    ExpectedColumn, ExpectedDefault, ExpectedIndex, ExpectedSchema, ExpectedTable, TypeMatch,
};
use crate::fix::FixWriter;

/// Compares the schema the model expects with the replayed catalog; `fixes`
/// writes the fix of each drift.
pub fn compare(expected: &ExpectedSchema, actual: &Catalog, fixes: &dyn FixWriter) -> Vec<Drift> {
    let mut cx = Comparison {
        expected,
        actual,
        fixes,
        dialect: expected.dialect,
        drifts: Vec::new(),
    };
    if cx.dialect == Dialect::Postgres && expected.capabilities.enums {
        cx.enums();
    }
    for table in &expected.tables {
        cx.table(table);
    }
    cx.tables_not_in_model();
    let capabilities = expected.capabilities;
    cx.drifts.retain(|d| d.kind.needs(&capabilities));
    cx.drifts
}

struct Comparison<'a> {
    expected: &'a ExpectedSchema,
    actual: &'a Catalog,
    fixes: &'a dyn FixWriter,
    dialect: Dialect,
    drifts: Vec<Drift>,
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

/// Index keys: columns by name, expressions after [`expression_key`].
fn same_keys(dialect: Dialect, a: &[String], b: &[String]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| same(dialect, x, y) || expression_key(x) == expression_key(y))
}

/// An expression key as written in different places (`(lower(email)) text_ops`
/// in a migration, `lower((email)::text)` in a dump): lower case, without
/// spaces, parentheses, casts or a trailing operator class.
fn expression_key(key: &str) -> String {
    let lower = key.trim().to_lowercase();
    let without_class = match lower.rsplit_once(char::is_whitespace) {
        Some((expr, class)) if class.ends_with("_ops") => expr.to_owned(),
        _ => lower,
    };
    let mut out = String::new();
    let mut chars = without_class.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ':' if chars.peek() == Some(&':') => {
                chars.next();
                // Skip the cast's type name.
                while chars
                    .peek()
                    .is_some_and(|c| c.is_alphanumeric() || *c == '_' || *c == '"' || *c == '.')
                {
                    chars.next();
                }
            }
            '(' | ')' => {}
            c if c.is_whitespace() => {}
            c => out.push(c),
        }
    }
    out
}

/// PostgreSQL keeps no default for `DEFAULT NULL` (with or without a cast),
/// and neither do the other dialects in effect: it is no default.
fn effective_default(default: Option<&str>) -> Option<&str> {
    default.filter(|d| {
        let head = d.split("::").next().unwrap_or(d).trim();
        !head.eq_ignore_ascii_case("null")
    })
}

/// SQLite's type affinity of a declared type name (its "Determination of
/// Column Affinity" rules, in order).
fn sqlite_affinity(name: &str) -> &'static str {
    let upper = name.to_ascii_uppercase();
    if upper.contains("INT") {
        "INTEGER"
    } else if ["CHAR", "CLOB", "TEXT"].iter().any(|w| upper.contains(w)) {
        "TEXT"
    } else if upper.contains("BLOB") || upper.is_empty() {
        "BLOB"
    } else if ["REAL", "FLOA", "DOUB"].iter().any(|w| upper.contains(w)) {
        "REAL"
    } else {
        "NUMERIC"
    }
}

fn types_match(how: TypeMatch, expected: &SqlType, actual: &SqlType) -> bool {
    match how {
        TypeMatch::Exact => expected == actual,
        TypeMatch::IgnoreModifiers => {
            expected.name == actual.name
                && expected.suffix == actual.suffix
                && expected.array == actual.array
        }
        TypeMatch::Affinity => sqlite_affinity(&expected.name) == sqlite_affinity(&actual.name),
    }
}

impl Comparison<'_> {
    fn schema_of(&self, schema: &Option<String>) -> String {
        schema
            .as_deref()
            .unwrap_or(&self.actual.default_schema)
            .to_owned()
    }

    fn table_name(&self, table: &ExpectedTable) -> TableName {
        TableName {
            schema: self.schema_of(&table.schema),
            name: table.name.clone(),
        }
    }

    fn column_name(&self, table: &ExpectedTable, column: &str) -> ColumnName {
        ColumnName {
            table: self.table_name(table),
            name: column.to_owned(),
        }
    }

    fn table(&mut self, table: &ExpectedTable) {
        let dialect = self.dialect;
        let schema = self.schema_of(&table.schema);
        let actual = self.actual;
        let Some(found) = actual
            .tables
            .position(&schema, &table.name, |t| {
                same(dialect, &t.schema, &schema) && same(dialect, &t.name, &table.name)
            })
            .and_then(|p| actual.tables.get(p))
        else {
            self.drifts.push(Drift {
                kind: DriftKind::TableMissing(self.table_name(table)),
                model: Some(table.location),
                history: None,
                fix: self.fixes.create_table(self.expected, table),
            });
            return;
        };
        if found.assumed {
            // A pre-existing table of a partial history: its columns are unknown.
            return;
        }
        for column in &table.columns {
            self.column(table, column, found);
        }
        for column in &found.columns {
            if table
                .columns
                .iter()
                .all(|c| !same(dialect, &c.name, &column.name))
            {
                self.drifts.push(Drift {
                    kind: DriftKind::ColumnNotInModel(self.column_name(table, &column.name)),
                    model: Some(table.location),
                    history: Some(column.history),
                    fix: self.fixes.drop_column(self.expected, table, &column.name),
                });
            }
        }
        if self.expected.capabilities.primary_keys {
            self.primary_key(table, found);
        }
        if self.expected.capabilities.indexes {
            self.indexes(table, found);
        }
        if self.expected.capabilities.foreign_keys {
            self.foreign_keys(table, found);
        }
    }

    fn column(&mut self, table: &ExpectedTable, column: &ExpectedColumn, found: &Table) {
        let dialect = self.dialect;
        let subject = || self.column_name(table, &column.name);
        let Some(actual) = found
            .columns
            .iter()
            .find(|c| same(dialect, &c.name, &column.name))
        else {
            let drift = Drift {
                kind: DriftKind::ColumnMissing(subject()),
                model: Some(column.location),
                history: Some(found.history),
                fix: self.fixes.add_column(self.expected, table, column),
            };
            self.drifts.push(drift);
            return;
        };
        let expected_type = parse_type(&column.sql_type, dialect);
        let type_matches = actual.data_type.as_ref().is_some_and(|t| {
            types_match(column.type_match, &expected_type, t)
                || column
                    .also_accepted
                    .iter()
                    .any(|other| types_match(column.type_match, &parse_type(other, dialect), t))
        });
        let mut drifts = Vec::new();
        if !type_matches {
            drifts.push((
                // Both sides in the catalog's canonical spelling, so the message
                // compares like with like.
                DriftKind::ColumnTypeMismatch {
                    column: subject(),
                    expected: expected_type.to_string(),
                    actual: actual
                        .data_type
                        .as_ref()
                        .map_or_else(|| "(no type)".to_owned(), ToString::to_string),
                },
                self.fixes.set_data_type(self.expected, table, column),
            ));
        }
        if let Some(nullable) = column.nullable
            && actual.nullable != nullable
        {
            drifts.push((
                DriftKind::NullabilityMismatch {
                    column: subject(),
                    expected_nullable: nullable,
                },
                self.fixes.set_nullability(self.expected, table, column),
            ));
        }
        if self.expected.capabilities.defaults && !column.auto_increment {
            let actual_default = effective_default(actual.default.as_deref()).map(str::to_owned);
            let expected_default = column
                .default
                .as_ref()
                .filter(|d| !matches!(d, ExpectedDefault::Sql(sql) if effective_default(Some(sql)).is_none()));
            let differs = match expected_default {
                Some(ExpectedDefault::Sql(sql)) => {
                    let expected = normalize_default(sql, dialect);
                    match (&actual_default, &actual.data_type) {
                        // Numbers compare by value: servers print the stored `0.00`.
                        (Some(found), Some(ty)) if ty.is_numeric() => {
                            numeric_default(found, dialect) != numeric_default(&expected, dialect)
                        }
                        (found, _) => found.as_deref() != Some(expected.as_str()),
                    }
                }
                Some(ExpectedDefault::Present(_)) => actual_default.is_none(),
                Some(ExpectedDefault::Unmanaged) => false,
                None => {
                    actual_default.is_some() && !actual.auto_increment && actual.identity.is_none()
                }
            };
            if differs {
                drifts.push((
                    DriftKind::DefaultMismatch {
                        column: subject(),
                        expected: expected_default.and_then(|d| d.sql()).map(str::to_owned),
                        actual: actual_default,
                    },
                    self.fixes.set_default(self.expected, table, column),
                ));
            }
        }
        for (kind, fix) in drifts {
            self.drifts.push(Drift {
                kind,
                model: Some(column.location),
                history: Some(actual.history),
                fix,
            });
        }
    }

    fn primary_key(&mut self, table: &ExpectedTable, found: &Table) {
        let actual = found.primary_key();
        let actual_columns = actual.map(|c| c.columns.clone()).unwrap_or_default();
        let expected_columns = table
            .primary_key
            .as_ref()
            .map(|k| k.columns.clone())
            .unwrap_or_default();
        if same_list(self.dialect, &actual_columns, &expected_columns) {
            return;
        }
        let fix = self
            .fixes
            .set_primary_key(self.expected, table, actual.map(|c| c.name.as_str()));
        self.drifts.push(Drift {
            kind: DriftKind::PrimaryKeyMismatch {
                table: self.table_name(table),
                name: table.primary_key.as_ref().map(|k| k.name.clone()),
                expected: expected_columns,
                actual: actual_columns,
            },
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

    fn indexes(&mut self, table: &ExpectedTable, found: &Table) {
        let dialect = self.dialect;
        let indexes = &self.actual.indexes;
        let on_table: Vec<_> = indexes
            .grouped(&found.schema, &found.name)
            .filter_map(|p| indexes.get(p))
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
            index.unique == unique && same_keys(dialect, &index.columns, columns)
        };
        let index_name = |name: &str, columns: &[String]| IndexName {
            table: self.table_name(table),
            name: name.to_owned(),
            columns: columns.to_vec(),
        };
        let mut drifts = Vec::new();
        for index in &table.indexes {
            let present = on_table
                .iter()
                // The model cannot express a predicate: a partial index with the
                // declared columns satisfies it.
                .any(|i| matches(index, &i.columns, i.unique))
                || (index.unique
                    && unique_constraints
                        .iter()
                        .any(|c| same_list(dialect, &c.columns, &index.columns)));
            if present {
                continue;
            }
            let subject = index_name(&index.name, &index.columns);
            drifts.push(Drift {
                kind: if index.unique {
                    DriftKind::UniqueMissing(subject)
                } else {
                    DriftKind::IndexMissing(subject)
                },
                model: Some(index.location),
                history: Some(found.history),
                fix: self.fixes.create_index(self.expected, table, index),
            });
        }

        let pk_columns = found
            .primary_key()
            .map(|c| c.columns.as_slice())
            .unwrap_or_default();
        let foreign_keys = self.expected.capabilities.foreign_keys;
        let declared = |columns: &[String], unique: bool| {
            table.indexes.iter().any(|i| matches(i, columns, unique))
                || (unique && same_list(dialect, columns, pk_columns))
                // MySQL backs every foreign key with an index of its own.
                || (dialect == Dialect::MySql
                    && (!foreign_keys
                        || table.foreign_keys.iter().any(|fk| same_list(dialect, &fk.columns, columns))))
        };
        let mut extra = |name: &str,
                         columns: &[String],
                         unique: bool,
                         history: History,
                         is_constraint: bool| {
            drifts.push(Drift {
                kind: DriftKind::IndexNotInModel {
                    index: index_name(name, columns),
                    unique,
                },
                model: Some(table.location),
                history: Some(history),
                fix: self
                    .fixes
                    .drop_index(self.expected, table, name, is_constraint),
            });
        };
        // Partial and expression indexes cannot be declared in the model.
        let expressible = |index: &miglint_catalog::Index| {
            index.predicate.is_none() && index.columns.iter().all(|c| found.column(c).is_some())
        };
        for index in &on_table {
            if index.from_constraint
                || !expressible(index)
                || declared(&index.columns, index.unique)
            {
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
        self.drifts.extend(drifts);
    }

    fn foreign_keys(&mut self, table: &ExpectedTable, found: &Table) {
        let dialect = self.dialect;
        for fk in &table.foreign_keys {
            let present = found.constraints.iter().any(|c| match &c.kind {
                ConstraintKind::ForeignKey { table: target, .. } => {
                    same_list(dialect, &c.columns, &fk.columns)
                        && same(dialect, &target.1, &fk.referenced_table.1)
                }
                _ => false,
            });
            if present {
                continue;
            }
            self.drifts.push(Drift {
                kind: DriftKind::ForeignKeyMissing {
                    key: IndexName {
                        table: self.table_name(table),
                        name: fk.name.clone(),
                        columns: fk.columns.clone(),
                    },
                    referenced_table: fk.referenced_table.1.clone(),
                },
                model: Some(fk.location),
                history: Some(found.history),
                fix: self.fixes.add_foreign_key(self.expected, table, fk),
            });
        }
    }

    fn tables_not_in_model(&mut self) {
        let dialect = self.dialect;
        let expected = self.expected;
        let default_schema = self.actual.default_schema.as_str();
        // Only the schemas the model manages are compared: the default one
        // and those its tables and enums name.
        let mut model_schemas: Vec<String> = expected
            .tables
            .iter()
            .map(|t| self.schema_of(&t.schema))
            .chain(expected.enums.iter().map(|e| self.schema_of(&e.schema)))
            .collect();
        model_schemas.sort();
        model_schemas.dedup();
        let managed = |schema: &str| {
            (expected.default_schema_managed && same(dialect, schema, default_schema))
                || model_schemas.iter().any(|s| same(dialect, s, schema))
        };
        // The model's tables, hashed as the catalog hashes names.
        let modelled_tables: NamedVec<ModelName> = expected
            .tables
            .iter()
            .map(|t| ModelName(self.schema_of(&t.schema), t.name.clone()))
            .collect();
        let listed = |list: &[(Option<String>, String)], found: &Table| {
            list.iter().any(|(s, name)| {
                same(dialect, &self.schema_of(s), &found.schema) && same(dialect, name, &found.name)
            })
        };
        let mut drifts = Vec::new();
        for found in &self.actual.tables {
            if found.assumed || !managed(&found.schema) || !expected.filter.manages(&found.name) {
                continue;
            }
            let modelled = modelled_tables
                .position(&found.schema, &found.name, |m| {
                    same(dialect, &m.0, &found.schema) && same(dialect, &m.1, &found.name)
                })
                .is_some()
                || listed(&expected.views, found)
                || listed(&expected.unmanaged_tables, found);
            if modelled {
                continue;
            }
            let schema = (found.schema != default_schema).then_some(found.schema.as_str());
            drifts.push(Drift {
                kind: DriftKind::TableNotInModel(TableName {
                    schema: found.schema.clone(),
                    name: found.name.clone(),
                }),
                model: None,
                history: Some(found.history),
                fix: self.fixes.drop_table(expected, schema, &found.name),
            });
        }
        self.drifts.extend(drifts);
    }

    fn enums(&mut self) {
        let dialect = self.dialect;
        for e in &self.expected.enums {
            let schema = self.schema_of(&e.schema);
            let enum_name = EnumName {
                schema: schema.clone(),
                name: e.name.clone(),
            };
            let enums = &self.actual.enums;
            let Some(found) = enums
                .position(&schema, &e.name, |f| {
                    same(dialect, &f.schema, &schema) && same(dialect, &f.name, &e.name)
                })
                .and_then(|p| enums.get(p))
            else {
                self.drifts.push(Drift {
                    kind: DriftKind::EnumMissing(enum_name),
                    model: Some(e.location),
                    history: None,
                    fix: self.fixes.create_enum(self.expected, e),
                });
                continue;
            };
            for value in &e.values {
                if !found.values.contains(&value.name) {
                    self.drifts.push(Drift {
                        kind: DriftKind::EnumValueMissing {
                            enum_name: enum_name.clone(),
                            value: value.name.clone(),
                        },
                        model: Some(value.location),
                        history: Some(found.history),
                        fix: self.fixes.add_enum_value(self.expected, e, &value.name),
                    });
                }
            }
            for value in &found.values {
                if !e.values.iter().any(|v| v.name == *value) {
                    self.drifts.push(Drift {
                        kind: DriftKind::EnumValueNotInModel {
                            enum_name: enum_name.clone(),
                            value: value.clone(),
                        },
                        model: Some(e.location),
                        history: Some(found.history),
                        fix: self.fixes.drop_enum_value(self.expected, e, value),
                    });
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_affinity_follows_sqlites_rules_in_order() {
        assert_eq!(sqlite_affinity("VARCHAR"), "TEXT");
        assert_eq!(sqlite_affinity("BIGINT"), "INTEGER");
        // "INT" wins over "CHAR": rule 1 comes first.
        assert_eq!(sqlite_affinity("CHARINT"), "INTEGER");
        assert_eq!(sqlite_affinity("DOUBLE"), "REAL");
        assert_eq!(sqlite_affinity(""), "BLOB");
        assert_eq!(sqlite_affinity("DECIMAL"), "NUMERIC");
    }

    #[test]
    fn expression_keys_compare_across_spellings() {
        assert_eq!(
            expression_key("(lower(email)) text_ops"),
            expression_key("lower((email)::text)")
        );
        assert_ne!(
            expression_key("lower(email)"),
            expression_key("upper(email)")
        );
    }

    #[test]
    fn default_null_is_no_default() {
        assert_eq!(effective_default(Some("NULL")), None);
        assert_eq!(effective_default(Some("null::text")), None);
        assert_eq!(effective_default(Some("'null'")), Some("'null'"));
        assert_eq!(effective_default(Some("false")), Some("false"));
    }
}
