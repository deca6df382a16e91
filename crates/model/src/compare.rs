//! Drift: the differences between the schema a model asks for and the
//! catalog a migration history builds, limited to what the model can say and
//! to what would make the application fail or the tool write a new migration.

use miglint_catalog::types::{SqlType, normalize_column_default, numeric_default, parse_type};
use miglint_catalog::{Catalog, ConstraintKind, History, Named, NamedVec, Table};
use miglint_source::Dialect;

use crate::drift::{ColumnName, Drift, DriftKind, EnumName, IndexName, TableName};
use crate::expected::{
    ExpectedColumn, ExpectedDefault, ExpectedIndex, ExpectedSchema, ExpectedTable, TypeMatch,
};
use crate::fix::{Fix, FixWriter};

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
    cx.renamed_tables();
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

/// PostgreSQL stores `timestamp` and `time` without a precision at 6
/// digits, the most it keeps: `timestamp` is `timestamp(6)` (Prisma's drift
/// check agrees).
fn with_default_precision(dialect: Dialect, ty: &SqlType) -> std::borrow::Cow<'_, SqlType> {
    if dialect == Dialect::Postgres
        && ty.modifiers.is_empty()
        && matches!(ty.name.as_str(), "timestamp" | "time")
    {
        let mut full = ty.clone();
        full.modifiers = vec!["6".to_owned()];
        return std::borrow::Cow::Owned(full);
    }
    std::borrow::Cow::Borrowed(ty)
}

fn types_match(dialect: Dialect, how: TypeMatch, expected: &SqlType, actual: &SqlType) -> bool {
    match how {
        TypeMatch::Exact => {
            with_default_precision(dialect, expected) == with_default_precision(dialect, actual)
        }
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
                declare: None,
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
                    declare: Some(self.fixes.declare_column(self.expected, table, column)),
                });
            }
        }
        let mut replaced = None;
        if self.expected.capabilities.primary_keys {
            replaced = self.primary_key(table, found);
        }
        if self.expected.capabilities.indexes {
            self.indexes(table, found, replaced.as_deref());
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
                declare: None,
            };
            self.drifts.push(drift);
            return;
        };
        let expected_type = parse_type(&column.sql_type, dialect);
        let type_matches = actual.data_type.as_ref().is_some_and(|t| {
            types_match(dialect, column.type_match, &expected_type, t)
                || column.also_accepted.iter().any(|other| {
                    types_match(dialect, column.type_match, &parse_type(other, dialect), t)
                })
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
                    let expected = normalize_column_default(sql, dialect, Some(&expected_type));
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
                declare: None,
            });
        }
    }

    /// Reports a primary key other than the model's. A unique index on
    /// exactly the model's key columns (Prisma 5's implicit many-to-many
    /// tables; a key kept as a unique index) is what the key replaces: its
    /// drop joins this fix, and its name is returned so that it is not
    /// reported again as an index the model lacks.
    fn primary_key(&mut self, table: &ExpectedTable, found: &Table) -> Option<String> {
        let actual = found.primary_key();
        let actual_columns = actual.map(|c| c.columns.clone()).unwrap_or_default();
        let expected_columns = table
            .primary_key
            .as_ref()
            .map(|k| k.columns.clone())
            .unwrap_or_default();
        if same_list(self.dialect, &actual_columns, &expected_columns) {
            return None;
        }
        let mut fix =
            self.fixes
                .set_primary_key(self.expected, table, actual.map(|c| c.name.as_str()));
        let replaced = self.unique_on(table, found, &expected_columns);
        if let (Some((name, is_constraint)), Fix::Sql(sql)) = (&replaced, &mut fix)
            && let Fix::Sql(drop) =
                self.fixes
                    .drop_index(self.expected, table, name, *is_constraint)
        {
            sql.push('\n');
            sql.push_str(&drop);
        }
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
            declare: None,
        });
        replaced.map(|(name, _)| name)
    }

    /// A unique index or constraint of `found` on exactly `columns` that the
    /// model does not declare as an index: (name, is a constraint).
    fn unique_on(
        &self,
        table: &ExpectedTable,
        found: &Table,
        columns: &[String],
    ) -> Option<(String, bool)> {
        let dialect = self.dialect;
        let declared = table
            .indexes
            .iter()
            .any(|i| i.unique && same_keys(dialect, &i.columns, columns));
        if columns.is_empty() || declared || !self.expected.capabilities.indexes {
            return None;
        }
        let indexes = &self.actual.indexes;
        let index = indexes
            .grouped(&found.schema, &found.name)
            .filter_map(|p| indexes.get(p))
            .find(|i| {
                same(dialect, &i.table.0, &found.schema)
                    && same(dialect, &i.table.1, &found.name)
                    && i.unique
                    && !i.from_constraint
                    && i.predicate.is_none()
                    && same_list(dialect, &i.columns, columns)
            })
            .map(|i| (i.name.clone(), false));
        index.or_else(|| {
            found
                .constraints
                .iter()
                .find(|c| {
                    matches!(c.kind, ConstraintKind::Unique)
                        && same_list(dialect, &c.columns, columns)
                })
                .map(|c| (c.name.clone(), true))
        })
    }

    /// `replaced`: a unique index the primary key fix already drops.
    fn indexes(&mut self, table: &ExpectedTable, found: &Table, replaced: Option<&str>) {
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
                declare: None,
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
                declare: Some(self.fixes.declare_index(
                    self.expected,
                    table,
                    name,
                    columns,
                    unique,
                )),
            });
        };
        // Partial and expression indexes cannot be declared in the model.
        let expressible = |index: &miglint_catalog::Index| {
            index.predicate.is_none() && index.columns.iter().all(|c| found.column(c).is_some())
        };
        for index in &on_table {
            if index.from_constraint
                || replaced.is_some_and(|r| same(dialect, r, &index.name))
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
            let replaced = replaced.is_some_and(|r| same(dialect, r, &constraint.name));
            if !backed_by_index && !replaced && !declared(&constraint.columns, true) {
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
                declare: None,
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
                declare: Some(self.fixes.declare_table(expected, self.actual, found)),
            });
        }
        self.drifts.extend(drifts);
    }

    /// Pairs a missing table of the model with a table the model lacks that
    /// has exactly its columns (names and types) and foreign keys, when
    /// each has only that one match: one rename, not a missing table and an
    /// extra one.
    fn renamed_tables(&mut self) {
        let missing: Vec<(usize, &ExpectedTable)> = self
            .drifts
            .iter()
            .enumerate()
            .filter_map(|(i, d)| match &d.kind {
                DriftKind::TableMissing(name) => self
                    .expected
                    .tables
                    .iter()
                    .find(|t| t.name == name.name && self.schema_of(&t.schema) == name.schema)
                    .map(|t| (i, t)),
                _ => None,
            })
            .collect();
        let extra: Vec<(usize, &Table)> = self
            .drifts
            .iter()
            .enumerate()
            .filter_map(|(i, d)| match &d.kind {
                DriftKind::TableNotInModel(name) => self
                    .actual
                    .tables
                    .iter()
                    .find(|t| t.schema == name.schema && t.name == name.name)
                    .map(|t| (i, t)),
                _ => None,
            })
            .collect();
        let mut pairs = Vec::new();
        for (m, table) in &missing {
            let candidates: Vec<_> = extra
                .iter()
                .filter(|(_, found)| self.same_shape(table, found))
                .collect();
            let [(e, found)] = candidates.as_slice() else {
                continue;
            };
            let rivals = missing
                .iter()
                .filter(|(_, other)| self.same_shape(other, found))
                .count();
            if rivals == 1 {
                pairs.push((*m, *e, *table, *found));
            }
        }
        let mut dropped = Vec::new();
        for (m, e, table, found) in pairs {
            let fix = self
                .fixes
                .rename_table(self.expected, self.actual, table, found);
            let kind = DriftKind::TableRenamed {
                table: self.table_name(table),
                from: TableName {
                    schema: found.schema.clone(),
                    name: found.name.clone(),
                },
            };
            if let Some(drift) = self.drifts.get_mut(m) {
                drift.kind = kind;
                drift.history = Some(found.history);
                drift.fix = fix;
            }
            dropped.push(e);
        }
        let mut index = 0;
        self.drifts.retain(|_| {
            index += 1;
            !dropped.contains(&(index - 1))
        });
    }

    /// The history's table has exactly the model table's columns (by name
    /// and type) and foreign keys.
    fn same_shape(&self, table: &ExpectedTable, found: &Table) -> bool {
        let dialect = self.dialect;
        let columns_match = table.columns.len() == found.columns.len()
            && table.columns.iter().all(|c| {
                found.columns.iter().any(|f| {
                    same(dialect, &f.name, &c.name)
                        && f.data_type.as_ref().is_some_and(|t| {
                            let expected = parse_type(&c.sql_type, dialect);
                            types_match(dialect, c.type_match, &expected, t)
                                || c.also_accepted.iter().any(|other| {
                                    types_match(
                                        dialect,
                                        c.type_match,
                                        &parse_type(other, dialect),
                                        t,
                                    )
                                })
                        })
                })
            });
        let foreign_keys: Vec<_> = found
            .constraints
            .iter()
            .filter_map(|c| match &c.kind {
                ConstraintKind::ForeignKey { table: target, .. } => Some((&c.columns, &target.1)),
                _ => None,
            })
            .collect();
        let keys_match = !self.expected.capabilities.foreign_keys
            || (foreign_keys.len() == table.foreign_keys.len()
                && table.foreign_keys.iter().all(|fk| {
                    foreign_keys.iter().any(|(columns, target)| {
                        same_list(dialect, columns, &fk.columns)
                            && same(dialect, target, &fk.referenced_table.1)
                    })
                }));
        columns_match && keys_match
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
                    declare: None,
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
                        declare: None,
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
                        declare: Some(self.fixes.declare_enum_value(self.expected, e, value)),
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
