//! What `CASCADE` and `SELECT … INTO` do to the catalog, statement by
//! statement from SQL. Each expectation was checked against PostgreSQL 15
//! (`DROP TYPE cur CASCADE` there reports: columns `arr` and `c`, view
//! `acct_vc`, the default of `t`, the check `acct_k_check`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use miglint_catalog::{Catalog, Origin, ReplayEvent, ReplayOptions};
use miglint_source::{Dialect, FileId};

fn replay(sql: &str) -> (Catalog, Vec<ReplayEvent>) {
    let mut catalog = Catalog::new(Dialect::Postgres);
    let mut events = Vec::new();
    for statement in miglint_syntax::parse(sql, Dialect::Postgres).statements {
        assert!(statement.error.is_none(), "{}", statement.text(sql));
        let at = Origin {
            file: FileId(0),
            span: statement.span,
        };
        events.extend(catalog.apply(&statement.change, at, ReplayOptions::default()));
    }
    (catalog, events)
}

#[test]
fn drop_type_cascade_drops_what_depends_on_the_type() {
    let (catalog, events) = replay(
        "CREATE TYPE cur AS ENUM ('USD', 'EUR');
         CREATE TABLE acct (id int PRIMARY KEY, c cur DEFAULT 'USD',
             t text DEFAULT ('USD'::cur)::text, k text CHECK (k::cur = 'USD'), arr cur[]);
         CREATE INDEX acct_c ON acct (c);
         CREATE VIEW acct_v AS SELECT id FROM acct;
         CREATE VIEW acct_vc AS SELECT c FROM acct;
         DROP TYPE cur CASCADE;",
    );
    assert_eq!(events, Vec::new());
    let acct = catalog.table(None, "acct").unwrap();
    let columns: Vec<&str> = acct.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(columns, ["id", "t", "k"]);
    assert_eq!(acct.column("t").unwrap().default, None);
    let constraints: Vec<&str> = acct.constraints.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(constraints, ["acct_pkey"]);
    let indexes: Vec<&str> = catalog.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(indexes, ["acct_pkey"]);
    let views: Vec<&str> = catalog.views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(views, ["acct_v"]);
    assert!(catalog.enums.is_empty());
}

#[test]
fn drop_column_cascade_drops_the_views_that_read_it() {
    let (catalog, events) = replay(
        "CREATE TABLE acct (id int PRIMARY KEY, c text);
         CREATE VIEW acct_v AS SELECT id FROM acct;
         CREATE VIEW acct_vc AS SELECT c FROM acct;
         CREATE VIEW acct_vc2 AS SELECT * FROM acct_vc;
         ALTER TABLE acct DROP COLUMN c CASCADE;",
    );
    assert_eq!(events, Vec::new());
    let views: Vec<&str> = catalog.views.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(views, ["acct_v"]);
}

#[test]
fn select_into_creates_a_table() {
    let (catalog, events) = replay(
        "CREATE TABLE posts (id int PRIMARY KEY, body text);
         SELECT id, body INTO TEMP TABLE tmp_posts FROM posts;
         SELECT id INTO TABLE posts_ids FROM posts;
         SELECT id INTO UNLOGGED posts_ids2 FROM posts;
         SELECT id INTO public.posts_ids3 FROM posts;
         DROP TABLE posts_ids, posts_ids2;",
    );
    assert_eq!(events, Vec::new());
    assert!(catalog.table(None, "tmp_posts").unwrap().temporary);
    assert!(catalog.table(None, "posts_ids3").is_some());
    assert!(catalog.table(None, "posts_ids").is_none());
}

/// PostgreSQL 15 truncates names to 63 bytes (`NOTICE: identifier … will
/// be truncated`), and a column constraint keeps the name written for it.
#[test]
fn long_names_are_truncated_and_column_constraint_names_kept() {
    let (catalog, events) = replay(
        "CREATE TABLE jobs (uuid uuid PRIMARY KEY);
         ALTER TABLE jobs ADD COLUMN parent uuid CONSTRAINT jobs_parent_fk_jobs REFERENCES jobs (uuid);
         CREATE INDEX \"BackgroundWorkerTask_runtimeEnvironmentId_slug_triggerSource_idx\" ON jobs (parent);
         ALTER TABLE jobs DROP CONSTRAINT jobs_parent_fk_jobs;",
    );
    assert_eq!(events, Vec::new());
    let names: Vec<&str> = catalog.indexes.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "jobs_pkey",
            "BackgroundWorkerTask_runtimeEnvironmentId_slug_triggerSource_id"
        ]
    );
    let jobs = catalog.table(None, "jobs").unwrap();
    let constraints: Vec<&str> = jobs.constraints.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(constraints, ["jobs_pkey"]);
}

#[test]
fn default_null_is_no_default() {
    let (catalog, events) = replay(
        "CREATE TABLE dn (a text DEFAULT NULL, b text DEFAULT NULL::text, c int DEFAULT 1);
         ALTER TABLE dn ALTER COLUMN c SET DEFAULT NULL;",
    );
    assert_eq!(events, Vec::new());
    let dn = catalog.table(None, "dn").unwrap();
    assert!(
        dn.columns
            .iter()
            .all(|c| c.default.is_none() && c.default_text.is_none())
    );
}

/// PostgreSQL 15 keeps a NULL default where it needs a coercion: a column
/// with a type modifier, or a cast to another type (`pg_get_expr` output).
#[test]
fn default_null_with_a_coercion_is_kept_as_postgresql_prints_it() {
    let (catalog, events) = replay(
        "CREATE TABLE dm (a varchar(40) DEFAULT NULL, b char(3) DEFAULT NULL,
           c numeric(10,2) DEFAULT NULL, d timestamp(3) DEFAULT NULL, e varchar(5)[] DEFAULT NULL,
           f interval(2) DEFAULT NULL, g varchar DEFAULT NULL, h integer DEFAULT NULL::bigint,
           i varchar(5) DEFAULT NULL::varchar, j text DEFAULT NULL::varchar, k int);
         ALTER TABLE dm ALTER COLUMN k SET DEFAULT NULL::int4;",
    );
    assert_eq!(events, Vec::new());
    let dm = catalog.table(None, "dm").unwrap();
    let printed: Vec<(&str, Option<&str>)> = dm
        .columns
        .iter()
        .map(|c| (c.name.as_str(), c.default_text.as_deref()))
        .collect();
    assert_eq!(
        printed,
        [
            ("a", Some("NULL::character varying")),
            ("b", Some("NULL::bpchar")),
            ("c", Some("NULL::numeric")),
            ("d", Some("NULL::timestamp without time zone")),
            ("e", Some("NULL::character varying[]")),
            ("f", None),
            ("g", None),
            ("h", Some("NULL::bigint")),
            ("i", Some("NULL::character varying")),
            ("j", Some("NULL::character varying")),
            ("k", None),
        ]
    );
}

/// A string default on a jsonb column is stored by value (PostgreSQL 15
/// prints `'{"h": 3, "w": 4, "x": 0, "y": 0}'::jsonb` for `a`); a jsonb
/// array column keeps its array literal.
#[test]
fn string_defaults_on_jsonb_columns_are_stored_values() {
    use miglint_catalog::types::normalize_default;
    use miglint_source::Dialect;
    let (catalog, events) = replay(
        r#"CREATE TABLE jj (a jsonb DEFAULT '{"x":0,"y":0,"w":4,"h":3}', b jsonb[] DEFAULT '{}', d jsonb);
           ALTER TABLE jj ALTER COLUMN d SET DEFAULT '{"enabled": false, "threshold":0.1}';"#,
    );
    assert_eq!(events, Vec::new());
    let jj = catalog.table(None, "jj").unwrap();
    let stored: Vec<Option<&str>> = jj.columns.iter().map(|c| c.default.as_deref()).collect();
    let printed = [
        r#"'{"h": 3, "w": 4, "x": 0, "y": 0}'::jsonb"#,
        "'{}'::jsonb[]",
        r#"'{"enabled": false, "threshold": 0.1}'::jsonb"#,
    ]
    .map(|p| normalize_default(p, Dialect::Postgres));
    assert_eq!(
        stored,
        printed.iter().map(|p| Some(p.as_str())).collect::<Vec<_>>()
    );
}
