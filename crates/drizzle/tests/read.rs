#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! drizzle-kit snapshots of versions 5 to 7.

use miglint_drizzle::read;
use miglint_model::ExpectedDefault;
use miglint_source::{Dialect, FileId};

/// A version 5 PostgreSQL snapshot: tables keyed by bare name, enum values as an object.
const V5: &str = r#"{
  "version": "5",
  "dialect": "pg",
  "tables": {
    "orders": {
      "name": "orders",
      "schema": "",
      "columns": {
        "status": {
          "name": "status",
          "type": "order_status",
          "primaryKey": false,
          "notNull": true,
          "default": "'new'"
        },
        "id": {
          "name": "id",
          "type": "serial",
          "primaryKey": true,
          "notNull": true
        }
      },
      "indexes": {
        "orders_status_idx": {
          "name": "orders_status_idx",
          "columns": ["status"],
          "isUnique": false
        }
      },
      "foreignKeys": {},
      "compositePrimaryKeys": {},
      "uniqueConstraints": {}
    }
  },
  "enums": {
    "order_status": {
      "name": "order_status",
      "values": { "new": "new", "paid": "paid" }
    }
  }
}"#;

#[test]
fn version_5_postgres_snapshot() {
    let expected = read(FileId(0), V5, Dialect::Postgres).unwrap();
    let orders = &expected.tables[0];
    // The file's column order, not the JSON object's sorted one.
    let names: Vec<&str> = orders.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["status", "id"]);
    let status = &orders.columns[0];
    assert_eq!(status.sql_type, "\"order_status\"");
    assert_eq!(
        status.default,
        Some(ExpectedDefault::Sql("'new'".to_owned()))
    );
    assert_eq!(&V5[status.location.span.range()], "\"status\": {");
    let id = &orders.columns[1];
    assert_eq!((id.sql_type.as_str(), id.auto_increment), ("integer", true));
    assert_eq!(orders.primary_key.as_ref().unwrap().columns, ["id"]);
    assert_eq!(orders.indexes[0].columns, ["status"]);
    let values: Vec<&str> = expected.enums[0]
        .values
        .iter()
        .map(|v| v.name.as_str())
        .collect();
    assert_eq!(values, ["new", "paid"]);
}

#[test]
fn broken_snapshots_are_errors_not_panics() {
    assert!(read(FileId(0), "{", Dialect::Postgres).is_err());
    assert!(read(FileId(0), "[]", Dialect::Postgres).is_err());
    for cut in 0..V5.len() {
        let _ = read(FileId(0), &V5[..cut], Dialect::MySql);
    }
}
