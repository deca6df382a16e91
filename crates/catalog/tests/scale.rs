//! Large generated histories replay in linear time (the reproducers of
//! quadratic lookups: many tables, many columns, many indexes). Nothing is
//! timed here; a quadratic lookup makes these tests take minutes, and
//! `benches/scaling.sh` measures the real thing.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use miglint_syntax::ir::{AlterTableOp, SchemaChange};
use support::*;

fn add_column(table: &str, column: &str) -> SchemaChange {
    alter(
        table,
        vec![AlterTableOp::AddColumn {
            column: col(column, "int"),
            if_not_exists: false,
        }],
    )
}

#[test]
fn a_hundred_thousand_tables() {
    let mut db = Db::pg();
    for i in 0..100_000 {
        db.ok(create_table(&format!("t{i}"), vec![col("id", "int")]));
    }
    assert_eq!(db.catalog.tables.len(), 100_000);
    assert!(db.catalog.table(None, "t99999").is_some());
    // The name is taken: replay still says so at the end.
    let events = db.apply(create_table("t5", vec![col("id", "int")]));
    assert_eq!(events.len(), 1, "{events:?}");
}

#[test]
fn forty_thousand_tables_with_keys_and_indexes() {
    let mut db = Db::pg();
    for i in 0..40_000 {
        db.ok(create_table(
            &format!("t{i}"),
            vec![pk(col("id", "serial"))],
        ));
        db.ok(create_index(None, &format!("t{i}"), &["id"]));
    }
    assert_eq!(db.constraint_names("t39999"), ["t39999_pkey"]);
    assert_eq!(db.index_names("t39999"), ["t39999_pkey", "t39999_id_idx"]);
    assert_eq!(db.catalog.sequences.len(), 40_000);
}

#[test]
fn fifty_thousand_columns_in_one_table() {
    let mut db = Db::pg();
    let columns = (0..50_000).map(|i| col(&format!("c{i}"), "int")).collect();
    db.ok(create_table("wide", columns));
    for i in 0..50_000 {
        db.ok(add_column("wide", &format!("d{i}")));
    }
    let table = db.catalog.table(None, "wide").unwrap();
    assert_eq!(table.columns.len(), 100_000);
    assert!(table.column("d49999").is_some());
    let events = db.apply(add_column("wide", "c7"));
    assert_eq!(events.len(), 1, "{events:?}");
}
