#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
//! `schema.rs` as `diesel print-schema` writes it, read without compiling.

use miglint_diesel::{Config, read};
use miglint_model::TypeMatch;
use miglint_source::{Dialect, FileId};

const SCHEMA: &str = r#"// @generated automatically by Diesel CLI.

pub mod sql_types {
    #[derive(diesel::query_builder::QueryId, diesel::sql_types::SqlType)]
    #[diesel(postgres_type(name = "post_state", schema = "app"))]
    pub struct PostState;
}

diesel::table! {
    use diesel::sql_types::*;
    use super::sql_types::PostState;

    /* a nested /* comment */ */
    app.posts (id) {
        id -> Int8,
        #[max_length = 80]
        title -> Varchar,
        /// The column is called `type` in SQL.
        #[sql_name = "type"]
        type_ -> Nullable<Text>,
        state -> PostState,
        tags -> Array<Nullable<Text>>,
        author_id -> Int4,
    }
}

table! {
    #[sql_name = "Users"]
    users (id) {
        id -> Int4,
    }
}

joinable!(posts -> users (author_id));
"#;

#[test]
fn tables_columns_types_keys_and_joins() {
    let expected = read(FileId(0), SCHEMA, Dialect::Postgres, &Config::default()).unwrap();
    assert_eq!(expected.tables.len(), 2);
    let posts = &expected.tables[0];
    assert_eq!(posts.schema.as_deref(), Some("app"));
    assert_eq!(posts.name, "posts");
    assert_eq!(&SCHEMA[posts.location.span.range()], "app.posts (id)");
    assert_eq!(posts.primary_key.as_ref().unwrap().columns, ["id"]);
    let types: Vec<(&str, &str, Option<bool>, TypeMatch)> = posts
        .columns
        .iter()
        .map(|c| {
            (
                c.name.as_str(),
                c.sql_type.as_str(),
                c.nullable,
                c.type_match,
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            ("id", "bigint", Some(false), TypeMatch::Exact),
            (
                "title",
                "character varying(80)",
                Some(false),
                TypeMatch::Exact
            ),
            ("type", "text", Some(true), TypeMatch::Exact),
            ("state", "app.post_state", Some(false), TypeMatch::Exact),
            ("tags", "text[]", Some(false), TypeMatch::Exact),
            ("author_id", "integer", Some(false), TypeMatch::Exact),
        ]
    );
    let title = posts.column("title").unwrap();
    assert_eq!(&SCHEMA[title.location.span.range()], "title -> Varchar");
    assert_eq!(expected.tables[1].name, "Users");
    let fk = &posts.foreign_keys[0];
    assert_eq!(fk.columns, ["author_id"]);
    assert_eq!(fk.referenced_table, (None, "Users".to_owned()));
}

#[test]
fn sqlite_types_compare_by_affinity_and_unclosed_blocks_do_not_panic() {
    let text = "diesel::table! { t (id) { id -> Integer, name -> Text, } }";
    let expected = read(FileId(0), text, Dialect::Sqlite, &Config::default()).unwrap();
    assert!(
        expected.tables[0]
            .columns
            .iter()
            .all(|c| c.type_match == TypeMatch::Affinity)
    );
    for cut in 0..SCHEMA.len() {
        if SCHEMA.is_char_boundary(cut) {
            let _ = read(
                FileId(0),
                &SCHEMA[..cut],
                Dialect::Postgres,
                &Config::default(),
            );
        }
    }
}

#[test]
fn diesel_toml_filter_and_schema() {
    let dir = std::path::Path::new("/project");
    let config = Config::from_toml(
        "[print_schema]\nfile = \"src/schema.rs\"\nschema = \"app\"\nfilter = { except_tables = [\"^spatial_\"] }\n",
        dir,
        &dir.join("src/schema.rs"),
    );
    assert_eq!(config.schema.as_deref(), Some("app"));
    let expected = read(FileId(0), "", Dialect::Postgres, &config).unwrap();
    assert!(!expected.default_schema_managed);
    assert!(!expected.filter.manages("spatial_ref_sys"));
    assert!(expected.filter.manages("posts"));
}
