//! drizzle-kit's newest `meta/<n>_snapshot.json` as a model.
//!
//! drizzle-kit writes the whole schema it generated the last migration from:
//! tables, columns (SQL type as written, `notNull`, `default` as SQL,
//! `primaryKey`, `autoincrement`, identity), composite primary keys, indexes,
//! unique constraints, foreign keys and (PostgreSQL) enums. Snapshot
//! versions 5 to 7 of the PostgreSQL, MySQL and SQLite dialects are read. A
//! snapshot can say everything the drift engine compares.

mod declare;
mod spans;

use std::collections::HashMap;

use miglint_model::{
    ExpectedColumn, ExpectedDefault, ExpectedEnum, ExpectedEnumValue, ExpectedForeignKey,
    ExpectedIndex, ExpectedKey, ExpectedSchema, ExpectedTable, ModelKind, ModelLocation, TypeMatch,
};
use miglint_source::{Dialect, FileId, Span};

pub use declare::DrizzleFixes;
use serde_json::{Map, Value};

/// Reads a snapshot (the file `file`, text `text`). Errors are (span, message).
pub fn read(
    file: FileId,
    text: &str,
    dialect: Dialect,
) -> Result<ExpectedSchema, Vec<(Span, String)>> {
    let whole = Span::new(0, 0);
    let document: Value = serde_json::from_str(text)
        .map_err(|e| vec![(whole, format!("the snapshot is not valid JSON: {e}"))])?;
    let Some(tables) = document.get("tables").and_then(Value::as_object) else {
        return Err(vec![(
            whole,
            "the snapshot has no `tables` object".to_owned(),
        )]);
    };
    let spans = spans::key_spans(text);
    let reader = Reader {
        file,
        dialect,
        spans: &spans,
        enums: enum_names(&document),
    };
    let mut expected = ExpectedSchema::new(dialect, ModelKind::Drizzle);
    expected.unmanaged_tables.push((
        (dialect == Dialect::Postgres).then(|| "drizzle".to_owned()),
        "__drizzle_migrations".to_owned(),
    ));
    for (key, table) in tables {
        if let Some(table) = table.as_object() {
            expected.tables.push(reader.table(key, table));
        }
    }
    if dialect == Dialect::Postgres
        && let Some(enums) = document.get("enums").and_then(Value::as_object)
    {
        for (key, e) in enums {
            expected.enums.push(reader.enum_type(key, e));
        }
    }
    if let Some(views) = document.get("views").and_then(Value::as_object) {
        for view in views.values() {
            if let Some(name) = view.get("name").and_then(Value::as_str) {
                expected
                    .views
                    .push((schema_of(view.get("schema")), name.to_owned()));
            }
        }
    }
    Ok(expected)
}

/// `""` and `public` are the default schema.
fn schema_of(value: Option<&Value>) -> Option<String> {
    value
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty() && *s != "public")
        .map(str::to_owned)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|v| match v {
                    Value::String(s) => Some(s.clone()),
                    // PostgreSQL v6+ index keys: `{ "expression": "col", "isExpression": false }`.
                    Value::Object(key) => key
                        .get("expression")
                        .and_then(Value::as_str)
                        .map(str::to_owned),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Enum type names (PostgreSQL), as columns name them in `type`.
fn enum_names(document: &Value) -> Vec<(Option<String>, String)> {
    document
        .get("enums")
        .and_then(Value::as_object)
        .map(|enums| {
            enums
                .values()
                .filter_map(|e| {
                    let name = e.get("name")?.as_str()?.to_owned();
                    Some((schema_of(e.get("schema")), name))
                })
                .collect()
        })
        .unwrap_or_default()
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

struct Reader<'a> {
    file: FileId,
    dialect: Dialect,
    spans: &'a HashMap<Vec<String>, Span>,
    enums: Vec<(Option<String>, String)>,
}

impl Reader<'_> {
    fn at(&self, path: &[&str]) -> ModelLocation {
        let key: Vec<String> = path.iter().map(|s| (*s).to_owned()).collect();
        ModelLocation {
            file: self.file,
            span: self.spans.get(&key).copied().unwrap_or(Span::new(0, 0)),
        }
    }

    fn table(&self, key: &str, table: &Map<String, Value>) -> ExpectedTable {
        let name = table
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_owned();
        let schema = schema_of(table.get("schema"));
        let location = self.at(&["tables", key]);
        let mut out = ExpectedTable {
            schema,
            name: name.clone(),
            location,
            columns: Vec::new(),
            primary_key: None,
            indexes: Vec::new(),
            foreign_keys: Vec::new(),
        };
        let mut pk_columns = Vec::new();
        if let Some(columns) = table.get("columns").and_then(Value::as_object) {
            for (column_key, column) in columns {
                let location = self.at(&["tables", key, "columns", column_key]);
                let Some(column) = column.as_object() else {
                    continue;
                };
                let column_name = column
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or(column_key)
                    .to_owned();
                if column.get("primaryKey").and_then(Value::as_bool) == Some(true) {
                    pk_columns.push((column_name.clone(), location));
                }
                if column.get("isUnique").and_then(Value::as_bool) == Some(true) {
                    let index = column
                        .get("uniqueName")
                        .and_then(Value::as_str)
                        .map_or_else(|| format!("{name}_{column_name}_unique"), str::to_owned);
                    out.indexes.push(ExpectedIndex {
                        name: index,
                        columns: vec![column_name.clone()],
                        key_sql: vec![quote(&column_name)],
                        unique: true,
                        using: None,
                        location,
                    });
                }
                out.columns.push(self.column(column_name, column, location));
            }
        }
        // JSON objects come back sorted by key: restore the file's order.
        out.columns.sort_by_key(|c| c.location.span.start);
        if let Some((columns, location)) = self.composite_key(key, table) {
            out.primary_key = Some(ExpectedKey {
                name: table
                    .get("compositePrimaryKeys")
                    .and_then(Value::as_object)
                    .and_then(|keys| keys.values().next())
                    .and_then(|k| k.get("name"))
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("{name}_pkey"), str::to_owned),
                columns,
                location,
            });
        } else if !pk_columns.is_empty() {
            let location = pk_columns.first().map_or(location, |(_, l)| *l);
            out.primary_key = Some(ExpectedKey {
                name: format!("{name}_pkey"),
                columns: pk_columns.into_iter().map(|(c, _)| c).collect(),
                location,
            });
        }
        for (section, unique_default) in [("indexes", false), ("uniqueConstraints", true)] {
            let Some(indexes) = table.get(section).and_then(Value::as_object) else {
                continue;
            };
            for (index_key, index) in indexes {
                let columns = strings(index.get("columns"));
                let unique = index
                    .get("isUnique")
                    .and_then(Value::as_bool)
                    .unwrap_or(unique_default);
                let using = index
                    .get("method")
                    .and_then(Value::as_str)
                    .filter(|m| !m.eq_ignore_ascii_case("btree"))
                    .map(str::to_owned);
                out.indexes.push(ExpectedIndex {
                    name: index
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or(index_key)
                        .to_owned(),
                    key_sql: columns.iter().map(|c| quote(c)).collect(),
                    columns,
                    unique,
                    using,
                    location: self.at(&["tables", key, section, index_key]),
                });
            }
        }
        if let Some(fks) = table.get("foreignKeys").and_then(Value::as_object) {
            for (fk_key, fk) in fks {
                let action =
                    |field: &str| fk.get(field).and_then(Value::as_str).map(str::to_uppercase);
                let Some(to) = fk.get("tableTo").and_then(Value::as_str) else {
                    continue;
                };
                out.foreign_keys.push(ExpectedForeignKey {
                    name: fk
                        .get("name")
                        .and_then(Value::as_str)
                        .unwrap_or(fk_key)
                        .to_owned(),
                    columns: strings(fk.get("columnsFrom")),
                    referenced_table: (schema_of(fk.get("schemaTo")), to.to_owned()),
                    referenced_columns: strings(fk.get("columnsTo")),
                    on_delete: action("onDelete"),
                    on_update: action("onUpdate"),
                    location: self.at(&["tables", key, "foreignKeys", fk_key]),
                });
            }
        }
        out
    }

    fn composite_key(
        &self,
        key: &str,
        table: &Map<String, Value>,
    ) -> Option<(Vec<String>, ModelLocation)> {
        let keys = table.get("compositePrimaryKeys")?.as_object()?;
        let (pk_key, pk) = keys.iter().next()?;
        let mut columns = strings(pk.get("columns"));
        if columns.is_empty() {
            // SQLite v5 and MySQL: `"columns": "a,b"`-style strings are rare; an
            // unreadable key is left out.
            columns = pk
                .as_str()
                .map(|s| s.split(',').map(str::to_owned).collect())
                .unwrap_or_default();
        }
        (!columns.is_empty()).then(|| {
            (
                columns,
                self.at(&["tables", key, "compositePrimaryKeys", pk_key]),
            )
        })
    }

    fn column(
        &self,
        name: String,
        column: &Map<String, Value>,
        location: ModelLocation,
    ) -> ExpectedColumn {
        let raw = column
            .get("type")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_owned();
        let (sql_type, serial) = self.sql_type(&raw, column.get("typeSchema"));
        let auto_increment = serial
            || column.get("autoincrement").and_then(Value::as_bool) == Some(true)
            || column.get("identity").is_some_and(|v| !v.is_null());
        let default = column.get("default").and_then(|d| match d {
            Value::Null => None,
            Value::String(sql) => Some(ExpectedDefault::Sql(sql.clone())),
            Value::Bool(b) => Some(ExpectedDefault::Sql(b.to_string())),
            Value::Number(n) => Some(ExpectedDefault::Sql(n.to_string())),
            _ => Some(ExpectedDefault::Unmanaged),
        });
        let not_null = column.get("notNull").and_then(Value::as_bool) == Some(true)
            || column.get("primaryKey").and_then(Value::as_bool) == Some(true);
        ExpectedColumn {
            name,
            location,
            sql_type,
            also_accepted: serial.then(|| raw.clone()).into_iter().collect(),
            type_match: TypeMatch::Exact,
            nullable: Some(!not_null),
            default,
            auto_increment,
        }
    }

    /// The SQL type of a snapshot `type`: enum names quoted, serials as
    /// their storage type (the second value tells a serial).
    fn sql_type(&self, raw: &str, type_schema: Option<&Value>) -> (String, bool) {
        if self.dialect != Dialect::Postgres {
            return (raw.to_owned(), false);
        }
        let lower = raw.to_ascii_lowercase();
        let serial = match lower.as_str() {
            "serial" => Some("integer"),
            "bigserial" => Some("bigint"),
            "smallserial" => Some("smallint"),
            _ => None,
        };
        if let Some(storage) = serial {
            return (storage.to_owned(), true);
        }
        let (element, array) = match raw.find('[') {
            Some(i) => (raw.get(..i).unwrap_or(raw), raw.get(i..).unwrap_or("")),
            None => (raw, ""),
        };
        let schema = schema_of(type_schema);
        if self
            .enums
            .iter()
            .any(|(s, n)| n == element && (schema.is_none() || *s == schema))
        {
            let name = match &schema {
                Some(schema) => format!("{}.{}", quote(schema), quote(element)),
                None => quote(element),
            };
            return (format!("{name}{array}"), false);
        }
        (raw.to_owned(), false)
    }

    fn enum_type(&self, key: &str, e: &Value) -> ExpectedEnum {
        let name = e
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(key)
            .to_owned();
        let location = self.at(&["enums", key]);
        // v5 wrote values as an object (`{"a": "a"}`), later versions as a list.
        let values: Vec<String> = match e.get("values") {
            Some(Value::Object(map)) => map
                .values()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            other => strings(other),
        };
        ExpectedEnum {
            schema: schema_of(e.get("schema")),
            model_name: name.clone(),
            name,
            values: values
                .into_iter()
                .map(|name| ExpectedEnumValue { name, location })
                .collect(),
            location,
        }
    }
}
