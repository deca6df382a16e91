//! A declarative schema file (`schema.sql`, a dbmate or `pg_dump` dump) as a
//! model: replayed into a catalog by the same engine as the migrations, then
//! read back as the schema it expects. It can say everything SQL can.

use std::collections::HashMap;

use miglint_catalog::{Catalog, ConstraintKind, Identity};

use crate::expected::{
    ExpectedColumn, ExpectedDefault, ExpectedEnum, ExpectedEnumValue, ExpectedForeignKey,
    ExpectedIndex, ExpectedKey, ExpectedSchema, ExpectedTable, ModelKind, ModelLocation, TypeMatch,
};
use crate::fix::quote;

/// Where the schema file declares each table and column, in catalog names:
/// the table's name and the column's own definition rather than the whole
/// statement. Objects missing here point at the statement that created them.
#[derive(Clone, Debug, Default)]
pub struct DeclaredSpans {
    /// By (schema, table).
    pub tables: HashMap<(String, String), ModelLocation>,
    /// By (schema, table, column).
    pub columns: HashMap<(String, String, String), ModelLocation>,
}

/// The schema `catalog` (replayed from the file `file`) describes.
pub fn from_catalog(catalog: &Catalog, spans: &DeclaredSpans) -> ExpectedSchema {
    let dialect = catalog.dialect;
    let mut expected = ExpectedSchema::new(dialect, ModelKind::SchemaSql);
    let schema_of = |schema: &str| (schema != catalog.default_schema).then(|| schema.to_owned());
    let at = |origin: miglint_catalog::Origin| ModelLocation {
        file: origin.file,
        span: origin.span,
    };
    for table in catalog.tables.iter().filter(|t| !t.temporary) {
        if table.assumed {
            expected
                .unmanaged_tables
                .push((schema_of(&table.schema), table.name.clone()));
            continue;
        }
        let location = spans
            .tables
            .get(&(table.schema.clone(), table.name.clone()))
            .copied()
            .unwrap_or_else(|| at(table.history.created));
        let columns = table
            .columns
            .iter()
            .map(|column| {
                let key = (
                    table.schema.clone(),
                    table.name.clone(),
                    column.name.clone(),
                );
                let default = column.default.clone().map(ExpectedDefault::Sql);
                ExpectedColumn {
                    name: column.name.clone(),
                    location: spans
                        .columns
                        .get(&key)
                        .copied()
                        .unwrap_or_else(|| at(column.history.created)),
                    sql_type: column
                        .data_type
                        .as_ref()
                        .map_or_else(String::new, ToString::to_string),
                    also_accepted: Vec::new(),
                    type_match: TypeMatch::Exact,
                    nullable: Some(column.nullable),
                    default,
                    auto_increment: column.auto_increment
                        || column
                            .identity
                            .is_some_and(|i| matches!(i, Identity::Always | Identity::ByDefault)),
                }
            })
            .collect();
        let mut out = ExpectedTable {
            schema: schema_of(&table.schema),
            name: table.name.clone(),
            location,
            columns,
            primary_key: None,
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
        };
        for constraint in &table.constraints {
            let location = at(constraint.history.created);
            match &constraint.kind {
                ConstraintKind::PrimaryKey => {
                    out.primary_key = Some(ExpectedKey {
                        name: constraint.name.clone(),
                        columns: constraint.columns.clone(),
                        location,
                    });
                }
                ConstraintKind::Unique => out.indexes.push(ExpectedIndex {
                    name: constraint.name.clone(),
                    columns: constraint.columns.clone(),
                    key_sql: constraint
                        .columns
                        .iter()
                        .map(|c| quote(dialect, c))
                        .collect(),
                    unique: true,
                    using: None,
                    location,
                }),
                ConstraintKind::ForeignKey {
                    table: target,
                    columns,
                    on_delete,
                    on_update,
                } => out.foreign_keys.push(ExpectedForeignKey {
                    name: constraint.name.clone(),
                    columns: constraint.columns.clone(),
                    referenced_table: (schema_of(&target.0), target.1.clone()),
                    referenced_columns: columns.clone(),
                    on_delete: on_delete.clone(),
                    on_update: on_update.clone(),
                    location,
                }),
                ConstraintKind::Check | ConstraintKind::Other => {}
            }
        }
        for index in catalog
            .indexes
            .iter()
            .filter(|i| !i.from_constraint && i.table.0 == table.schema && i.table.1 == table.name)
        {
            out.indexes.push(ExpectedIndex {
                name: index.name.clone(),
                columns: index.columns.clone(),
                key_sql: index.columns.iter().map(|c| quote(dialect, c)).collect(),
                unique: index.unique,
                using: None,
                location: at(index.history.created),
            });
        }
        expected.tables.push(out);
    }
    for e in &catalog.enums {
        let location = at(e.history.created);
        expected.enums.push(ExpectedEnum {
            schema: schema_of(&e.schema),
            name: e.name.clone(),
            model_name: e.name.clone(),
            values: e
                .values
                .iter()
                .map(|v| ExpectedEnumValue {
                    name: v.clone(),
                    location,
                })
                .collect(),
            location,
        });
    }
    for view in &catalog.views {
        expected
            .views
            .push((schema_of(&view.schema), view.name.clone()));
    }
    expected
}
